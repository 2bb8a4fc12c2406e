/* SPDX-License-Identifier: MIT */
/* test_srx.c: Juniper SRX RT_FLOW session logs (ingest/srx.c): the
 * structured (RFC 5424 "[junos@2636...]") and text forms of
 * RT_FLOW_SESSION_CREATE / CLOSE / DENY as the Junos system log reference
 * documents them, NAT, zones, counts and elapsed time, syslog time (DST
 * both ways, New Year), rejects with reasons, hostile text, the sniffer. */
#include "harness.h"

#include <stdlib.h>

#include "core/tztime.h"
#include "ingest/parser.h"

typedef struct fixture {
	ash_tz *tz;
	ash_parse_opts o;
	void *st;
	ash_rec r;
	const char *why;
} fixture;

static void fx_open(fixture *f, const char *zone, int year)
{
	memset(f, 0, sizeof *f);
	if (ash_tz_open(zone, &f->tz, NULL) != 0)
		ash_tz_open("UTC", &f->tz, NULL);
	f->o.tz = f->tz;
	f->o.year = year;
	f->st = ash_srx_parser.open(&f->o);
}

static void fx_close(fixture *f)
{
	ash_srx_parser.close(f->st);
	ash_tz_free(f->tz);
}

static int fx_line(fixture *f, const char *s)
{
	f->why = NULL;
	return ash_srx_parser.line(f->st, s, strlen(s), &f->r, &f->why);
}

static bool str_is(ash_str s, const char *want)
{
	return s.n == strlen(want) && !memcmp(s.p, want, s.n);
}

static bool ip_is(const ash_ip *ip, const char *want)
{
	char buf[ASH_IP_STRLEN];
	ash_ip_format(ip, buf);
	return !strcmp(buf, want);
}

static int64_t utc_us(int y, int mo, int d, int h, int mi, int s)
{
	ash_civil c = {y, mo, d, h, mi, s, 0};
	return ash_civil_to_epoch(&c) * 1000000;
}

static const char sd_close[] =
	"<14>1 2026-11-24T17:02:11.264+08:00 srx-1 RT_FLOW - "
	"RT_FLOW_SESSION_CLOSE [junos@2636.1.1.1.2.26 reason=\"TCP FIN\" "
	"source-address=\"10.3.255.203\" source-port=\"47776\" "
	"destination-address=\"198.51.100.80\" destination-port=\"80\" "
	"connection-tag=\"0\" service-name=\"junos-http\" "
	"nat-source-address=\"203.0.113.49\" nat-source-port=\"19162\" "
	"nat-destination-address=\"198.51.100.80\" nat-destination-port=\"80\" "
	"nat-connection-tag=\"0\" src-nat-rule-type=\"source rule\" "
	"src-nat-rule-name=\"nat1\" dst-nat-rule-type=\"N/A\" "
	"dst-nat-rule-name=\"N/A\" protocol-id=\"6\" policy-name=\"permit_all\" "
	"source-zone-name=\"trust\" destination-zone-name=\"untrust\" "
	"session-id-32=\"5\" packets-from-client=\"6\" bytes-from-client=\"337\" "
	"packets-from-server=\"4\" bytes-from-server=\"535\" elapsed-time=\"3\" "
	"application=\"HTTP\" nested-application=\"UNKNOWN\" username=\"N/A\" "
	"roles=\"N/A\" packet-incoming-interface=\"ge-0/0/0.0\" encrypted=\"No\"]";

TEST(srx_structured_close_all_fields)
{
	fixture f;
	fx_open(&f, "UTC", 0);
	CHECK_INT(fx_line(&f, sd_close), ASH_LINE_RECORD);
	ash_rec *r = &f.r;
	CHECK_INT(r->t_end, utc_us(2026, 11, 24, 9, 2, 11) + 264000);
	CHECK_INT(r->t_start, r->t_end - 3000000);
	CHECK(r->have & ASH_HAVE_END);
	CHECK_INT(r->tz_off, 8 * 3600);
	CHECK(ip_is(&r->src, "10.3.255.203"));
	CHECK(ip_is(&r->dst, "198.51.100.80"));
	CHECK_INT(r->sport, 47776);
	CHECK_INT(r->dport, 80);
	CHECK_INT(r->proto, 6);
	CHECK_INT(r->action, ASH_ACT_ALLOW);
	CHECK_INT(r->obytes, 337);
	CHECK_INT(r->rbytes, 535);
	CHECK_INT(r->opkts, 6);
	CHECK_INT(r->rpkts, 4);
	CHECK(r->have & ASH_HAVE_NAT_SRC);
	CHECK(ip_is(&r->nat_src, "203.0.113.49"));
	CHECK_INT(r->nat_sport, 19162);
	CHECK(!(r->have & ASH_HAVE_NAT_DST)); /* unchanged destination */
	CHECK(str_is(r->rule, "permit_all"));
	CHECK(str_is(r->in_if, "trust"));
	CHECK(str_is(r->out_if, "untrust"));
	CHECK(str_is(r->device, "srx-1"));
	CHECK(str_is(r->note, "TCP FIN")); /* reason: how the session ended */
	CHECK_INT(r->format, ASH_FMT_SRX);
	fx_close(&f);
}

TEST(srx_structured_create_deny_ipv6_ls)
{
	fixture f;
	fx_open(&f, "UTC", 0);
	CHECK_INT(fx_line(&f, "<14>1 2019-11-14T09:37:51.184+01:00 SRX-GW1 RT_FLOW - "
			      "RT_FLOW_SESSION_CREATE [junos@2636.1.1.1.2.129 "
			      "source-address=\"10.0.0.1\" source-port=\"594\" "
			      "destination-address=\"192.0.2.13\" destination-port=\"10400\" "
			      "service-name=\"icmp\" protocol-id=\"1\" "
			      "policy-name=\"vpn_trust_permit-all\" source-zone-name=\"vpn\" "
			      "destination-zone-name=\"trust\" session-id-32=\"6093\"]"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.proto, 1);
	CHECK(!(f.r.have & (ASH_HAVE_SPORT | ASH_HAVE_DPORT | ASH_HAVE_END |
			    ASH_HAVE_OBYTES)));
	CHECK_INT(f.r.t_start, utc_us(2019, 11, 14, 8, 37, 51) + 184000);
	CHECK_INT(f.r.note.n, 0); /* a create says nothing of an end */
	CHECK_INT(fx_line(&f, "<14>1 2020-11-14T11:12:46.573+01:00 SRX-GW1 RT_FLOW - "
			      "RT_FLOW_SESSION_DENY_LS [junos@2636.1.1.1.2.129 "
			      "source-address=\"2001:db8::26\" source-port=\"37233\" "
			      "destination-address=\"2001:db8:1::13\" destination-port=\"161\" "
			      "service-name=\"None\" protocol-id=\"17\" icmp-type=\"0\" "
			      "policy-name=\"MgmtAccess-trust-cleanup\" source-zone-name=\"trust\" "
			      "destination-zone-name=\"junos-host\" reason=\"Denied by policy\"]"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.action, ASH_ACT_DENY);
	CHECK(ip_is(&f.r.src, "2001:db8::26"));
	CHECK(ip_is(&f.r.dst, "2001:db8:1::13"));
	CHECK_INT(f.r.dport, 161);
	CHECK_INT(f.r.proto, 17);
	CHECK(str_is(f.r.out_if, "junos-host"));
	CHECK(str_is(f.r.note, "Denied by policy"));
	/* structured data behind a BSD header (relay) */
	CHECK_INT(fx_line(&f, "Nov 24 17:02:11 srx-2 RT_FLOW: RT_FLOW_SESSION_DENY "
			      "[junos@2636.1.1.1.2.40 source-address=\"192.0.2.1\" "
			      "source-port=\"1\" destination-address=\"192.0.2.2\" "
			      "destination-port=\"22\" protocol-id=\"6\" "
			      "policy-name=\"p\" source-zone-name=\"a\" "
			      "destination-zone-name=\"b\"]"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.dport, 22);
	CHECK(str_is(f.r.device, "srx-2"));
	CHECK_INT(f.r.note.n, 0);
	fx_close(&f);
}

TEST(srx_text_forms)
{
	fixture f;
	fx_open(&f, "UTC", 2026);
	/* Junos 12+ create: NAT rule type and name before the protocol */
	CHECK_INT(fx_line(&f, "Nov 24 17:02:11 srx-1 RT_FLOW: RT_FLOW_SESSION_CREATE: "
			      "session created 10.1.1.100/58943->74.125.224.48/80 "
			      "junos-http 172.19.34.100/6018->74.125.224.48/80 "
			      "source rule 1 N/A N/A 6 policy1 trust untrust 3 "
			      "N/A(N/A) ge-0/0/1.0 UNKNOWN UNKNOWN UNKNOWN"),
		  ASH_LINE_RECORD);
	CHECK(ip_is(&f.r.src, "10.1.1.100"));
	CHECK_INT(f.r.sport, 58943);
	CHECK(ip_is(&f.r.dst, "74.125.224.48"));
	CHECK_INT(f.r.dport, 80);
	CHECK_INT(f.r.proto, 6);
	CHECK(str_is(f.r.rule, "policy1"));
	CHECK(str_is(f.r.in_if, "trust"));
	CHECK(str_is(f.r.out_if, "untrust"));
	CHECK(ip_is(&f.r.nat_src, "172.19.34.100"));
	CHECK_INT(f.r.nat_sport, 6018);
	CHECK_INT(f.r.t_start, utc_us(2026, 11, 24, 17, 2, 11));
	/* close: reason with spaces, counts as pkts(bytes), elapsed */
	CHECK_INT(fx_line(&f, "Nov 24 17:02:13 srx-1 RT_FLOW: RT_FLOW_SESSION_CLOSE: "
			      "session closed TCP CLIENT RST: "
			      "10.1.1.100/58943->74.125.224.48/80 0x0 junos-http "
			      "172.19.34.100/6018->74.125.224.48/80 0x0 source rule 1 "
			      "N/A N/A 6 policy1 trust untrust 3 5(548) 4(1172) 2 "
			      "UNKNOWN UNKNOWN N/A(N/A) ge-0/0/1.0 No"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.opkts, 5);
	CHECK_INT(f.r.obytes, 548);
	CHECK_INT(f.r.rpkts, 4);
	CHECK_INT(f.r.rbytes, 1172);
	CHECK_INT(f.r.t_end, utc_us(2026, 11, 24, 17, 2, 13));
	CHECK_INT(f.r.t_start, utc_us(2026, 11, 24, 17, 2, 11));
	CHECK(str_is(f.r.rule, "policy1"));
	CHECK(str_is(f.r.note, "TCP CLIENT RST"));
	/* deny: protocol(icmp-type) */
	CHECK_INT(fx_line(&f, "Nov 24 17:02:14 srx-1 RT_FLOW: RT_FLOW_SESSION_DENY: "
			      "session denied 10.0.0.26/37233->192.0.2.13/161 0x0 None "
			      "17(0) MgmtAccess-trust-cleanup trust junos-host UNKNOWN "
			      "UNKNOWN N/A(N/A) .local..0 No Denied by policy 7087 N/A "
			      "N/A -1"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.action, ASH_ACT_DENY);
	CHECK_INT(f.r.proto, 17);
	CHECK(str_is(f.r.rule, "MgmtAccess-trust-cleanup"));
	CHECK(str_is(f.r.out_if, "junos-host"));
	CHECK_INT(f.r.note.n, 0); /* the text deny's reason is not picked out */
	/* Junos 10 create: ends at the session id; IPv6 */
	CHECK_INT(fx_line(&f, "Nov 24 17:02:15 srx-1 RT_FLOW: RT_FLOW_SESSION_CREATE: "
			      "session created 2001:db8::1/1->2001:db8::2/46384 icmp "
			      "2001:db8::1/1->2001:db8::9/46384 None None 58 policy1 "
			      "trustZone untrustZone 41"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.proto, 58);
	CHECK(ip_is(&f.r.src, "2001:db8::1"));
	CHECK(ip_is(&f.r.nat_dst, "2001:db8::9"));
	CHECK(str_is(f.r.in_if, "trustZone"));
	/* RFC 5424, event as MSGID, nil SD, text form in the message */
	CHECK_INT(fx_line(&f, "<14>1 2026-11-24T17:02:16Z srx-1 RT_FLOW - "
			      "RT_FLOW_SESSION_DENY - RT_FLOW_SESSION_DENY: session "
			      "denied 192.0.2.1/1->192.0.2.2/23 None 6(0) p1 a b"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.dport, 23);
	CHECK(str_is(f.r.rule, "p1"));
	fx_close(&f);
}

static int64_t srx_at(fixture *f, const char *stamp)
{
	char line[400];
	snprintf(line, sizeof line,
		 "%s srx RT_FLOW: RT_FLOW_SESSION_DENY: session denied "
		 "192.0.2.1/1->192.0.2.2/2 None 6(0) p a b",
		 stamp);
	if (fx_line(f, line) != ASH_LINE_RECORD)
		return -1;
	return f->r.t_start;
}

TEST(srx_time_dst_and_new_year)
{
	fixture f;
	fx_open(&f, "America/New_York", 2026);
	CHECK_INT(srx_at(&f, "Mar  8 01:59:59"), utc_us(2026, 3, 8, 6, 59, 59));
	CHECK_INT(f.r.tz_off, -5 * 3600);
	CHECK_INT(srx_at(&f, "Mar  8 03:00:01"), utc_us(2026, 3, 8, 7, 0, 1));
	CHECK_INT(f.r.tz_off, -4 * 3600);
	CHECK_INT(srx_at(&f, "Nov  1 00:30:00"), utc_us(2026, 11, 1, 4, 30, 0));
	CHECK_INT(f.r.tz_off, -4 * 3600);
	CHECK_INT(srx_at(&f, "Nov  1 02:30:00"), utc_us(2026, 11, 1, 7, 30, 0));
	CHECK_INT(f.r.tz_off, -5 * 3600);
	CHECK_INT(srx_at(&f, "Dec 31 23:59:59"), utc_us(2027, 1, 1, 4, 59, 59));
	CHECK_INT(srx_at(&f, "Jan  1 00:00:01"), utc_us(2027, 1, 1, 5, 0, 1));
	fx_close(&f);
}

TEST(srx_rejects_say_why)
{
	static const struct {
		const char *line, *why;
	} cases[] = {
		{"<14>1 2013-01-19T15:18:17.040Z SRX100HM RT_FLOW - "
		 "APPTRACK_SESSION_CREATE [junos@2636.1.1.1.2.40 "
		 "source-address=\"1.2.3.4\"]",
		 "AppTrack event (not an RT_FLOW session create/close/deny)"},
		{"Nov 24 17:02:11 srx RT_FLOW: RT_FLOW_SESSION_UPDATE: x",
		 "RT_FLOW event other than session create/close/deny"},
		{"Nov 24 17:02:11 srx kernel: hello", "not an RT_FLOW session log"},
		{"garbage", "no syslog timestamp"},
		{"Nov 24 17:02:11 srx RT_FLOW: RT_FLOW_SESSION_DENY [junos@1 "
		 "source-address=\"1.2.3.4", "truncated structured data"},
		{"Nov 24 17:02:11 srx RT_FLOW: RT_FLOW_SESSION_DENY [junos@1 "
		 "destination-address=\"1.2.3.4\" protocol-id=\"6\"]",
		 "bad or missing source-address"},
		{"Nov 24 17:02:11 srx RT_FLOW: RT_FLOW_SESSION_DENY [junos@1 "
		 "source-address=\"1.2.3.4\" destination-address=\"::1\" "
		 "protocol-id=\"6\"]",
		 "source and destination of different address families"},
		{"Nov 24 17:02:11 srx RT_FLOW: RT_FLOW_SESSION_DENY [junos@1 "
		 "source-address=\"1.2.3.4\" destination-address=\"1.2.3.5\"]",
		 "missing protocol-id"},
		{"Nov 24 17:02:11 srx RT_FLOW: RT_FLOW_SESSION_DENY [junos@1 "
		 "source-address=\"1.2.3.4\" destination-address=\"1.2.3.5\" "
		 "protocol-id=\"6\" source-port=\"70000\"]", "bad source-port"},
		{"Nov 24 17:02:11 srx RT_FLOW: RT_FLOW_SESSION_CLOSE: session "
		 "closed idle Timeout: 1.2.3.4/1->1.2.3.5/2 junos-http",
		 "RT_FLOW text form not understood"},
		{"Nov 24 17:02:11 srx RT_FLOW: RT_FLOW_SESSION_CREATE: hello",
		 "RT_FLOW text form not understood"},
	};
	fixture f;
	fx_open(&f, "UTC", 2026);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK_INT(fx_line(&f, cases[i].line), ASH_LINE_REJECT);
		CHECK_STR(f.why, cases[i].why);
	}
	CHECK_INT(fx_line(&f, ""), ASH_LINE_META);
	fx_close(&f);
}

TEST(srx_hostile_text)
{
	fixture f;
	fx_open(&f, "UTC", 2026);
	/* "]" and escaped quotes inside values; UTF-8 and bad bytes */
	CHECK_INT(fx_line(&f, "Nov 24 17:02:11 srx RT_FLOW: RT_FLOW_SESSION_DENY "
			      "[junos@2636.1.1.1.2.40 reason=\"a ] \\\" b\" "
			      "source-address=\"192.0.2.1\" destination-address=\"192.0.2.2\" "
			      "protocol-id=\"6\" policy-name=\"r\xC3\xA8gle\xFF\" "
			      "source-zone-name=\"z\x01\"]"),
		  ASH_LINE_RECORD);
	CHECK(str_is(f.r.rule, "r\xC3\xA8gle?"));
	CHECK(str_is(f.r.in_if, "z?"));
	CHECK(str_is(f.r.note, "a ] \\\" b")); /* escapes kept, as in rule */
	/* a close reason with control bytes and bad UTF-8, then a long one */
	CHECK_INT(fx_line(&f, "Nov 24 17:02:13 srx-1 RT_FLOW: RT_FLOW_SESSION_CLOSE: "
			      "session closed idle\x01 Time\xfeout: "
			      "10.1.1.100/58943->74.125.224.48/80 0x0 junos-http "
			      "172.19.34.100/6018->74.125.224.48/80 0x0 source rule 1 "
			      "N/A N/A 6 policy1 trust untrust 3 5(548) 4(1172) 2"),
		  ASH_LINE_RECORD);
	CHECK(str_is(f.r.note, "idle? Time?out"));
	/* a long line: the event must come early, the rest is bounded */
	size_t big = 100000;
	char *l = malloc(big + 400);
	int k = snprintf(l, 400, "Nov 24 17:02:11 srx RT_FLOW: RT_FLOW_SESSION_DENY "
				 "[junos@1 source-address=\"192.0.2.1\" "
				 "destination-address=\"192.0.2.2\" protocol-id=\"6\" "
				 "policy-name=\"");
	memset(l + k, 'x', big);
	memcpy(l + k + big, "\"]", 3);
	CHECK_INT(fx_line(&f, l), ASH_LINE_RECORD);
	CHECK_INT(f.r.rule.n, 256); /* cut to the store's bound */
	free(l);
	fx_close(&f);
}

TEST(srx_sniff)
{
	int score = 0;
	const ash_parser *p = ash_parser_sniff(sd_close, strlen(sd_close), &score);
	CHECK(p == &ash_srx_parser);
	CHECK(score >= 90);
	CHECK(ash_parser_find("srx") == &ash_srx_parser);
}
