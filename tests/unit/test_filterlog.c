/* SPDX-License-Identifier: MIT */
/* test_filterlog.c: pfSense / OPNsense filterlog lines (ingest/filterlog.c):
 * IPv4 TCP/UDP/ICMP, IPv6, RFC 5424 header, direction and action, rejects
 * with reasons, hostile lines, the sniffer and the Elastic sample. */
#include "fwline_fixture.h"

static const char tcp4[] =
	"<134>Jul  3 19:10:30 filterlog[72237]: 146,,,1535324496,igb1.12,match,"
	"block,in,4,0x0,,63,12617,0,DF,6,tcp,60,10.170.12.50,1.1.1.1,49724,853,0,"
	"S,1891286705,,64240,,mss;sackOK;TS;nop;wscale";

TEST(filterlog_ipv4_tcp_fields)
{
	fwfx f;
	fw_open(&f, &ash_filterlog_parser, "UTC", 2026);
	CHECK_INT(fw_line(&f, tcp4), ASH_LINE_RECORD);
	ash_rec *r = &f.r;
	CHECK_INT(r->t_start, fw_utc(2026, 7, 3, 19, 10, 30));
	CHECK(fw_ip(&r->src, "10.170.12.50"));
	CHECK(fw_ip(&r->dst, "1.1.1.1"));
	CHECK_INT(r->sport, 49724);
	CHECK_INT(r->dport, 853);
	CHECK_INT(r->proto, 6);
	CHECK_INT(r->tcp_flags, ASH_TCP_SYN);
	CHECK_INT(r->obytes, 60);
	CHECK_INT(r->opkts, 1);
	CHECK_INT(r->action, ASH_ACT_DROP);
	CHECK_INT(r->format, ASH_FMT_PFSENSE);
	CHECK(fw_str(r->in_if, "igb1.12"));
	CHECK_INT(r->out_if.n, 0);
	CHECK(fw_str(r->rule, "1535324496")); /* the tracker */
	CHECK_INT(r->have, ASH_HAVE_TZOFF | ASH_HAVE_PROTO | ASH_HAVE_OBYTES |
				   ASH_HAVE_SPORT | ASH_HAVE_DPORT | ASH_HAVE_FLAGS |
				   ASH_HAVE_OPKTS);
	fw_close(&f);
}

TEST(filterlog_udp_icmp_ipv6_out)
{
	fwfx f;
	fw_open(&f, &ash_filterlog_parser, "UTC", 2026);
	/* UDP pass, outbound: interface goes to out_if; no tracker -> rule no. */
	CHECK_INT(fw_line(&f, "Jul  3 19:10:30 fw filterlog: 176,,,,igb0,match,pass,out,4,"
			      "0xb8,,64,58355,0,none,17,udp,76,10.170.27.27,216.229.4.66,"
			      "123,123,56"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.proto, 17);
	CHECK_INT(f.r.action, ASH_ACT_ALLOW);
	CHECK(fw_str(f.r.out_if, "igb0"));
	CHECK_INT(f.r.in_if.n, 0);
	CHECK(fw_str(f.r.rule, "176"));
	CHECK(fw_str(f.r.device, "fw"));
	CHECK(!(f.r.have & ASH_HAVE_FLAGS));
	/* ICMP echo request: dport = 8 << 8 */
	CHECK_INT(fw_line(&f, "<134>Jul  4 11:10:45 filterlog[1]: 176,,,1520797901,igb1.10,"
			      "match,pass,in,4,0x0,,64,62096,0,DF,1,icmp,84,10.100.10.30,"
			      "142.250.114.105,request,37728,164"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.proto, 1);
	CHECK_INT(f.r.dport, 8 << 8);
	CHECK(!(f.r.have & ASH_HAVE_SPORT));
	/* ICMP port unreachable: type 3 code 3 */
	CHECK_INT(fw_line(&f, "<134>Jul  4 11:10:45 filterlog[1]: 5,,,1000,em0,match,block,in,"
			      "4,0x0,,64,1,0,none,1,icmp,56,10.0.0.1,10.0.0.2,unreachport,"
			      "10.0.0.2,17,53"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.dport, 3 << 8 | 3);
	/* IPv6 UDP (different column layout) */
	CHECK_INT(fw_line(&f, "<134>Jul  3 19:10:31 filterlog[72237]: 6,,,1000000105,igb1.27,"
			      "match,block,in,6,0x00,0xf6279,1,UDP,17,32,"
			      "fe80::208:9bff:fef3:652b,ff02::1:2,546,547,32"),
		  ASH_LINE_RECORD);
	CHECK(fw_ip(&f.r.src, "fe80::208:9bff:fef3:652b"));
	CHECK(fw_ip(&f.r.dst, "ff02::1:2"));
	CHECK_INT(f.r.sport, 546);
	CHECK_INT(f.r.dport, 547);
	CHECK_INT(f.r.obytes, 32);
	/* IPv6 TCP with flags SA, RFC 5424 header with an offset */
	CHECK_INT(fw_line(&f, "<134>1 2026-03-29T01:30:00+01:00 opn.example filterlog 123 - "
			      "[meta sequenceId=\"9\"] 77,,,02f4bab031b57d1e30553ce08e0ec131,"
			      "vtnet0,match,pass,in,6,0x00,0x00000,64,tcp,6,40,2001:db8::1,"
			      "2001:db8::2,443,50000,0,SA,1,2,65535,,"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, fw_utc(2026, 3, 29, 0, 30, 0));
	CHECK_INT(f.r.tz_off, 3600);
	CHECK_INT(f.r.tcp_flags, ASH_TCP_SYN | ASH_TCP_ACK);
	CHECK(fw_str(f.r.rule, "02f4bab031b57d1e30553ce08e0ec131"));
	CHECK(fw_str(f.r.device, "opn.example"));
	fw_close(&f);
}

TEST(filterlog_rejects_and_hostile)
{
	fwfx f;
	fw_open(&f, &ash_filterlog_parser, "UTC", 2026);
	CHECK_INT(fw_line(&f, ""), ASH_LINE_META);
	CHECK_INT(fw_line(&f, "146,,,1,igb1,match,block,in,4,0x0,,63,1,0,DF,6,tcp,60,"
			      "10.0.0.1,10.0.0.2,1,2,0,S"),
		  ASH_LINE_REJECT); /* bare CSV: no time */
	CHECK(strstr(f.why, "no time") != NULL);
	CHECK_INT(fw_line(&f, "Jul  3 19:10:30 host sshd[1]: 146,,,1,igb1,match"),
		  ASH_LINE_REJECT);
	CHECK(strstr(f.why, "tag") != NULL);
	CHECK_INT(fw_line(&f, "Jul  3 19:10:30 filterlog: 146,,,1,igb1,match,block,in,4,0x0,,63"),
		  ASH_LINE_REJECT);
	CHECK(strstr(f.why, "truncated") != NULL);
	CHECK_INT(fw_line(&f, "Jul  3 19:10:30 filterlog: 1,,,1,igb1,match,block,in,5,0x0,,63"),
		  ASH_LINE_REJECT);
	CHECK_INT(fw_line(&f, "Jul  3 19:10:30 filterlog: 1,,,1,em0,match,block,in,4,0x0,,63,1,0,"
			      "DF,6,tcp,60,10.0.0.1,2001:db8::1,1,2,0,S"),
		  ASH_LINE_REJECT); /* mixed families */
	CHECK_INT(fw_line(&f, "Jul  3 19:10:30 filterlog: 1,,,1,em0,match,block,in,4,0x0,,63,1,0,"
			      "DF,6,tcp,60,10.0.0.1,10.0.0.2,99999,2,0,S"),
		  ASH_LINE_REJECT);
	CHECK(strstr(f.why, "port") != NULL);
	/* non-ASCII and control bytes in the interface name are cleaned */
	CHECK_INT(fw_line(&f, "Jul  3 19:10:30 filterlog: 1,,,1,\xc3\xa9t\x01h,match,block,in,4,"
			      "0x0,,63,1,0,DF,17,udp,60,10.0.0.1,10.0.0.2,1,2,0"),
		  ASH_LINE_RECORD);
	CHECK(fw_str(f.r.in_if, "\xc3\xa9t?h"));
	/* a very long line: too many fields, rejected with a reason */
	size_t n = 200000;
	char *l = malloc(n + 1);
	memcpy(l, tcp4, sizeof tcp4 - 1);
	for (size_t i = sizeof tcp4 - 1; i < n; i++)
		l[i] = i % 2 ? ',' : '9';
	l[n] = 0;
	CHECK_INT(fw_line(&f, l), ASH_LINE_REJECT);
	CHECK(strstr(f.why, "too many") != NULL);
	free(l);
	fw_close(&f);
}

TEST(filterlog_sniff)
{
	int score = 0;
	const ash_parser *p = ash_parser_sniff(tcp4, strlen(tcp4), &score);
	CHECK(p == &ash_filterlog_parser);
	CHECK(score >= 90);
}

TEST(filterlog_elastic_sample)
{
	const char *path = ash_test_shared("data/firewall-samples-elastic/pfsense-filterlog.log");
	if (!path) {
		ash_test_skip("../shared/data/firewall-samples-elastic absent");
		return;
	}
	fwfx f;
	int rec = 0, rej = 0, meta = 0, unexpl = 0;
	fw_open(&f, &ash_filterlog_parser, "UTC", 2026);
	CHECK_INT(fw_file(&f, path, &rec, &rej, &meta, NULL, &unexpl), 0);
	CHECK_INT(rec, 19); /* SOURCE.md: 19 lines, block/pass, one IPv6 */
	CHECK_INT(rej, 0);
	CHECK_INT(meta, 0);
	fw_close(&f);
}
