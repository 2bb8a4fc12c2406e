/* SPDX-License-Identifier: MIT */
/* test_panos.c: PAN-OS TRAFFIC CSV (ingest/panos.c): every mapped column,
 * syslog and bare export forms, NAT, actions and subtypes, quoted commas,
 * IPv6, PAN-OS 10.x/11.x extra columns, rejects, the site zone across both
 * DST changes (America/New_York), the sniffer and the Elastic sample. */
#include "fwline_fixture.h"

/* A PAN-OS 8.1 line (Elastic sample, upstream line 1) without its header. */
static const char body81[] =
	"1,2018/11/30 16:09:07,012801096514,TRAFFIC,end,2049,2018/11/30 16:09:07,"
	"192.168.15.207,175.16.199.1,192.168.1.63,175.16.199.1,new_outbound_from_trust,"
	",,apple-maps,vsys1,trust,untrust,ethernet1/2,ethernet1/1,send_to_mac,"
	"2018/11/30 16:09:07,22751,1,55113,443,16418,443,0x400053,tcp,allow,7734,1758,"
	"5976,36,2018/11/30 15:59:04,586,computer-and-internet-info,0,32091112,0x0,"
	"192.168.0.0-192.168.255.255,United States,0,16,20,tcp-fin,0,0,0,0,,PA-220,"
	"from-policy,,,0,,0,,N/A,0,0,0,0";

/* body81 with field i replaced by v (fields of body81 hold no quotes). */
static void with_field(char *out, size_t cap, const char *base, int i,
		       const char *v)
{
	const char *p = base;
	for (int k = 0; k < i; k++)
		p = strchr(p, ',') + 1;
	const char *e = strchr(p, ',');
	if (!e)
		e = p + strlen(p);
	snprintf(out, cap, "%.*s%s%s", (int)(p - base), base, v, e);
}

TEST(panos_syslog_all_fields)
{
	fwfx f;
	char line[2048];
	fw_open(&f, &ash_panos_parser, "UTC", 2018);
	snprintf(line, sizeof line, "Nov 30 16:09:08 PA-220 %s", body81);
	CHECK_INT(fw_line(&f, line), ASH_LINE_RECORD);
	ash_rec *r = &f.r;
	CHECK_INT(r->t_start, fw_utc(2018, 11, 30, 15, 59, 4)); /* start time */
	CHECK_INT(r->t_end, fw_utc(2018, 11, 30, 15, 59, 4) + 586 * 1000000LL);
	CHECK(fw_ip(&r->src, "192.168.15.207"));
	CHECK(fw_ip(&r->dst, "175.16.199.1"));
	CHECK_INT(r->sport, 55113);
	CHECK_INT(r->dport, 443);
	CHECK_INT(r->proto, 6);
	CHECK(fw_ip(&r->nat_src, "192.168.1.63"));
	CHECK_INT(r->nat_sport, 16418);
	CHECK(r->have & ASH_HAVE_NAT_SRC);
	CHECK(!(r->have & ASH_HAVE_NAT_DST)); /* same as dst: no translation */
	CHECK_INT(r->obytes, 1758);
	CHECK_INT(r->rbytes, 5976);
	CHECK_INT(r->opkts, 16);
	CHECK_INT(r->rpkts, 20);
	CHECK_INT(r->action, ASH_ACT_ALLOW);
	CHECK_INT(r->tcp_flags, ASH_TCP_FIN); /* session end reason tcp-fin */
	CHECK(fw_str(r->note, "tcp-fin"));    /* ... and as the note */
	CHECK(fw_str(r->rule, "new_outbound_from_trust"));
	CHECK(fw_str(r->in_if, "trust"));
	CHECK(fw_str(r->out_if, "untrust"));
	CHECK(fw_str(r->device, "PA-220"));
	CHECK_INT(r->format, ASH_FMT_PANOS);
	fw_close(&f);
}

TEST(panos_bare_export_and_header)
{
	fwfx f;
	fw_open(&f, &ash_panos_parser, "UTC", 2018);
	CHECK_INT(fw_line(&f, "Domain,Receive Time,Serial #,Type,Threat/Content Type,"
			      "Config Version,Generate Time,Source address"),
		  ASH_LINE_META);
	CHECK_INT(fw_line(&f, body81), ASH_LINE_RECORD);
	CHECK_INT(f.r.device.n, 0);
	CHECK_INT(f.r.obytes, 1758);
	fw_close(&f);
}

TEST(panos_actions_icmp_ipv6_quoted)
{
	fwfx f;
	char a[2048], b[2048];
	fw_open(&f, &ash_panos_parser, "UTC", 2018);
	with_field(a, sizeof a, body81, 30, "reset-both");
	CHECK_INT(fw_line(&f, a), ASH_LINE_RECORD);
	CHECK_INT(f.r.action, ASH_ACT_DENY);
	with_field(a, sizeof a, body81, 30, "drop-icmp");
	CHECK_INT(fw_line(&f, a), ASH_LINE_RECORD);
	CHECK_INT(f.r.action, ASH_ACT_DROP);
	/* subtype deny wins over an "allow" action column */
	with_field(a, sizeof a, body81, 4, "deny");
	CHECK_INT(fw_line(&f, a), ASH_LINE_RECORD);
	CHECK_INT(f.r.action, ASH_ACT_DENY);
	/* ICMP: ports are 0 in the log and not kept */
	with_field(a, sizeof a, body81, 29, "icmp");
	CHECK_INT(fw_line(&f, a), ASH_LINE_RECORD);
	CHECK_INT(f.r.proto, 1);
	CHECK(!(f.r.have & (ASH_HAVE_SPORT | ASH_HAVE_DPORT)));
	CHECK_INT(f.r.tcp_flags, 0);
	/* IPv6 without NAT (0.0.0.0 means none) */
	with_field(a, sizeof a, body81, 7, "2001:db8::10");
	with_field(b, sizeof b, a, 8, "2001:db8:1::53");
	with_field(a, sizeof a, b, 9, "0.0.0.0");
	with_field(b, sizeof b, a, 10, "0.0.0.0");
	CHECK_INT(fw_line(&f, b), ASH_LINE_RECORD);
	CHECK(fw_ip(&f.r.src, "2001:db8::10"));
	CHECK(fw_ip(&f.r.dst, "2001:db8:1::53"));
	CHECK(!(f.r.have & (ASH_HAVE_NAT_SRC | ASH_HAVE_NAT_DST)));
	/* quoted rule name with a comma, quoted country: columns stay aligned */
	with_field(a, sizeof a, body81, 11, "\"allow web, dns\"");
	with_field(b, sizeof b, a, 42, "\"Korea, Republic of\"");
	CHECK_INT(fw_line(&f, b), ASH_LINE_RECORD);
	CHECK(fw_str(f.r.rule, "allow web, dns"));
	CHECK_INT(f.r.rpkts, 20);
	/* non-ASCII zone name */
	with_field(a, sizeof a, body81, 16, "z\xc3\xb6ne\x7f");
	CHECK_INT(fw_line(&f, a), ASH_LINE_RECORD);
	CHECK(fw_str(f.r.in_if, "z\xc3\xb6ne?"));
	fw_close(&f);
}

/* Column 46, Session End Reason (PAN-OS TRAFFIC field list): the note as
 * PAN-OS wrote it; TCP flags only for tcp-fin and tcp-rst-*. */
TEST(panos_session_end_reason_note)
{
	static const struct {
		const char *v, *note;
		uint8_t flags;
	} t[] = {
		{"aged-out", "aged-out", 0},
		{"tcp-rst-from-server", "tcp-rst-from-server", ASH_TCP_RST},
		{"policy-deny", "policy-deny", 0},
		{"threat", "threat", 0},
		{"n/a", "n/a", 0},
		{"\"decoder\"", "decoder", 0},   /* quoted */
		{"a\x01\xff\xc3\xa9", "a??\xc3\xa9", 0}, /* control, bad UTF-8 */
		{"", "", 0},
	};
	fwfx f;
	char a[2048];
	fw_open(&f, &ash_panos_parser, "UTC", 2018);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		with_field(a, sizeof a, body81, 46, t[i].v);
		CHECK_INT(fw_line(&f, a), ASH_LINE_RECORD);
		if (!fw_str(f.r.note, t[i].note))
			ash_test_fail(__FILE__, __LINE__, "reason '%s': note '%.*s'",
				      t[i].v, (int)f.r.note.n, f.r.note.p);
		CHECK_INT(f.r.tcp_flags, t[i].flags);
		CHECK(fw_str(f.r.rule, "new_outbound_from_trust"));
	}
	/* longer than a note is kept (128 bytes): cut */
	char big[400];
	memset(big, 'r', 300);
	big[300] = '\0';
	with_field(a, sizeof a, body81, 46, big);
	CHECK_INT(fw_line(&f, a), ASH_LINE_RECORD);
	CHECK_INT(f.r.note.n, 128);
	/* an old line that ends before column 46 has no note */
	const char *p = body81;
	for (int k = 0; k < 44; k++)
		p = strchr(p, ',') + 1;
	snprintf(a, sizeof a, "%.*s", (int)(p - body81 - 1), body81);
	CHECK_INT(fw_line(&f, a), ASH_LINE_RECORD);
	CHECK_INT(f.r.note.n, 0);
	CHECK_INT(f.r.obytes, 1758);
	fw_close(&f);
}

TEST(panos_newer_versions_extra_fields)
{
	fwfx f;
	char line[8192];
	fw_open(&f, &ash_panos_parser, "UTC", 2026);
	/* PAN-OS 10/11 append ~60 more columns (SD-WAN, device-id, ...) */
	int n = snprintf(line, sizeof line, "%s", body81);
	for (int k = 0; k < 60 && n < (int)sizeof line - 16; k++)
		n += snprintf(line + n, sizeof line - (size_t)n, ",%s", k % 3 ? "" : "y");
	CHECK_INT(fw_line(&f, line), ASH_LINE_RECORD);
	CHECK_INT(f.r.obytes, 1758);
	fw_close(&f);
}

TEST(panos_rejects)
{
	fwfx f;
	char a[2048];
	fw_open(&f, &ash_panos_parser, "UTC", 2018);
	with_field(a, sizeof a, body81, 3, "THREAT");
	CHECK_INT(fw_line(&f, a), ASH_LINE_REJECT);
	CHECK(strstr(f.why, "TRAFFIC") != NULL);
	CHECK_INT(fw_line(&f, "1,2018/11/30 16:09:07,0128,TRAFFIC,end,2049,2018/11/30 16:09:07,"
			      "192.168.15.207,175.16.199.1"),
		  ASH_LINE_REJECT); /* missing fields */
	CHECK(strstr(f.why, "fewer") != NULL);
	with_field(a, sizeof a, body81, 7, "192.168.15.999");
	CHECK_INT(fw_line(&f, a), ASH_LINE_REJECT);
	with_field(a, sizeof a, body81, 29, "nonsense");
	CHECK_INT(fw_line(&f, a), ASH_LINE_REJECT);
	with_field(a, sizeof a, body81, 11, "\"unterminated");
	CHECK_INT(fw_line(&f, a), ASH_LINE_REJECT);
	CHECK(strstr(f.why, "quot") != NULL);
	/* bad start time falls back to the generated time */
	with_field(a, sizeof a, body81, 35, "2018/13/30 15:59:04");
	CHECK_INT(fw_line(&f, a), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, fw_utc(2018, 11, 30, 16, 9, 7));
	fw_close(&f);
}

/* America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00
 * EDT -> 01:00 EST.  Times without offset are local to the site zone. */
TEST(panos_site_zone_dst_both_ways)
{
	fwfx f;
	char a[2048];
	fw_open(&f, &ash_panos_parser, "America/New_York", 2026);
	with_field(a, sizeof a, body81, 35, "2026/03/08 01:59:59");
	CHECK_INT(fw_line(&f, a), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, fw_utc(2026, 3, 8, 6, 59, 59));
	CHECK_INT(f.r.tz_off, -5 * 3600);
	with_field(a, sizeof a, body81, 35, "2026/03/08 03:00:00");
	CHECK_INT(fw_line(&f, a), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, fw_utc(2026, 3, 8, 7, 0, 0));
	CHECK_INT(f.r.tz_off, -4 * 3600);
	with_field(a, sizeof a, body81, 35, "2026/11/01 00:59:59");
	CHECK_INT(fw_line(&f, a), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, fw_utc(2026, 11, 1, 4, 59, 59));
	/* 01:30 happens twice: the first (EDT) is taken */
	with_field(a, sizeof a, body81, 35, "2026/11/01 01:30:00");
	CHECK_INT(fw_line(&f, a), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, fw_utc(2026, 11, 1, 5, 30, 0));
	with_field(a, sizeof a, body81, 35, "2026/11/01 02:00:00");
	CHECK_INT(fw_line(&f, a), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, fw_utc(2026, 11, 1, 7, 0, 0));
	CHECK_INT(f.r.tz_off, -5 * 3600);
	fw_close(&f);
}

TEST(panos_sniff)
{
	int score = 0;
	CHECK(ash_parser_sniff(body81, strlen(body81), &score) == &ash_panos_parser);
	CHECK(score >= 90);
}

TEST(panos_elastic_sample)
{
	const char *path = ash_test_shared("data/firewall-samples-elastic/panos-traffic-excerpt.log");
	if (!path) {
		ash_test_skip("../shared/data/firewall-samples-elastic absent");
		return;
	}
	fwfx f;
	int rec = 0, rej = 0, meta = 0, unexpl = 0;
	fw_open(&f, &ash_panos_parser, "UTC", 2018);
	CHECK_INT(fw_file(&f, path, &rec, &rej, &meta, NULL, &unexpl), 0);
	CHECK_INT(rec, 12); /* SOURCE.md: 12 TRAFFIC lines */
	CHECK_INT(rej, 0);
	fw_close(&f);
	/* their Session End Reasons: 9 aged-out, 3 tcp-fin */
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int aged = 0, fin = 0, other = 0;
	fw_open(&f, &ash_panos_parser, "UTC", 2018);
	while (fp && (len = getline(&line, &cap, fp)) > 0) {
		if (f.p->line(f.st, line, (size_t)len, &f.r, &f.why) != ASH_LINE_RECORD)
			continue;
		if (fw_str(f.r.note, "aged-out"))
			aged++;
		else if (fw_str(f.r.note, "tcp-fin"))
			fin++;
		else
			other++;
	}
	free(line);
	if (fp)
		fclose(fp);
	fw_close(&f);
	CHECK_INT(aged, 9);
	CHECK_INT(fin, 3);
	CHECK_INT(other, 0);
}
