/* SPDX-License-Identifier: MIT */
/* test_fortigate.c: FortiGate / FortiOS traffic logs (ingest/fortigate.c)
 * and the shared field values (ingest/field.c): every field of a record,
 * the time rules (eventtime units, tz=, date= time= in the site zone, DST
 * both ways, syslog-wrapped lines and New Year), actions, NAT, rejects
 * with reasons, hostile text, the sniffer.  Lines follow the FortiOS log
 * reference (traffic logs, logid 0000000013 / 0001000014 / 0000000020). */
#include "harness.h"

#include <stdlib.h>

#include "core/tztime.h"
#include "ingest/field.h"
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
	f->st = ash_fortigate_parser.open(&f->o);
}

static void fx_close(fixture *f)
{
	ash_fortigate_parser.close(f->st);
	ash_tz_free(f->tz);
}

static int fx_linen(fixture *f, const char *s, size_t n)
{
	f->why = NULL;
	return ash_fortigate_parser.line(f->st, s, n, &f->r, &f->why);
}

static int fx_line(fixture *f, const char *s)
{
	return fx_linen(f, s, strlen(s));
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

static const char close_line[] =
	"date=2019-05-10 time=11:37:47 logid=\"0000000013\" type=\"traffic\" "
	"subtype=\"forward\" level=\"notice\" vd=\"vdom1\" "
	"eventtime=1557513467369913239 srcip=10.1.100.11 srcport=58012 "
	"srcintf=\"port12\" srcintfrole=\"undefined\" dstip=81.2.69.142 "
	"dstport=80 dstintf=\"port11\" dstintfrole=\"undefined\" "
	"sessionid=105048 proto=6 action=\"close\" policyid=1 "
	"policytype=\"policy\" service=\"HTTP\" dstcountry=\"Canada\" "
	"srccountry=\"Reserved\" trandisp=\"snat\" transip=172.16.200.2 "
	"transport=58012 appid=34050 app=\"HTTP.BROWSER_Firefox\" "
	"duration=116 sentbyte=1188 rcvdbyte=1224 sentpkt=17 rcvdpkt=16 "
	"utmaction=\"allow\" countapp=1";

TEST(fortigate_close_all_fields)
{
	fixture f;
	fx_open(&f, "America/Los_Angeles", 0);
	CHECK_INT(fx_line(&f, close_line), ASH_LINE_RECORD);
	ash_rec *r = &f.r;
	/* eventtime in ns is the end of the session; duration gives start */
	CHECK_INT(r->t_end, 1557513467369913LL);
	CHECK_INT(r->t_start, 1557513467369913LL - 116 * 1000000LL);
	CHECK(r->have & ASH_HAVE_END);
	CHECK_INT(r->tz_off, -7 * 3600); /* PDT from the site zone */
	CHECK(ip_is(&r->src, "10.1.100.11"));
	CHECK(ip_is(&r->dst, "81.2.69.142"));
	CHECK_INT(r->sport, 58012);
	CHECK_INT(r->dport, 80);
	CHECK_INT(r->proto, 6);
	CHECK_INT(r->action, ASH_ACT_ALLOW);
	CHECK_INT(r->obytes, 1188);
	CHECK_INT(r->rbytes, 1224);
	CHECK_INT(r->opkts, 17);
	CHECK_INT(r->rpkts, 16);
	CHECK(str_is(r->rule, "1"));
	CHECK(str_is(r->in_if, "port12"));
	CHECK(str_is(r->out_if, "port11"));
	CHECK(r->have & ASH_HAVE_NAT_SRC);
	CHECK(ip_is(&r->nat_src, "172.16.200.2"));
	CHECK_INT(r->nat_sport, 58012);
	CHECK(!(r->have & ASH_HAVE_NAT_DST));
	CHECK_INT(r->format, ASH_FMT_FORTIGATE);
	CHECK_INT(r->have & (ASH_HAVE_SPORT | ASH_HAVE_DPORT | ASH_HAVE_OBYTES |
			     ASH_HAVE_RBYTES | ASH_HAVE_OPKTS | ASH_HAVE_RPKTS |
			     ASH_HAVE_PROTO | ASH_HAVE_TZOFF),
		  ASH_HAVE_SPORT | ASH_HAVE_DPORT | ASH_HAVE_OBYTES |
			  ASH_HAVE_RBYTES | ASH_HAVE_OPKTS | ASH_HAVE_RPKTS |
			  ASH_HAVE_PROTO | ASH_HAVE_TZOFF);
	fx_close(&f);
}

TEST(fortigate_eventtime_ns_with_tz)
{
	fixture f;
	fx_open(&f, "UTC", 0);
	/* 2026-11-24T17:02:11+08:00 = 09:02:11Z, written in ns */
	int64_t t = utc_us(2026, 11, 24, 9, 2, 11) + 123456;
	char line[512];
	snprintf(line, sizeof line,
		 "date=2026-11-24 time=17:02:11 eventtime=%lld789 tz=\"+0800\" "
		 "logid=\"0000000013\" type=\"traffic\" subtype=\"forward\" "
		 "srcip=192.0.2.1 srcport=1 dstip=198.51.100.2 dstport=443 "
		 "proto=6 action=\"deny\" policyid=7",
		 (long long)t);
	CHECK_INT(fx_line(&f, line), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, t);
	CHECK_INT(f.r.tz_off, 8 * 3600);
	CHECK_INT(f.r.action, ASH_ACT_DENY);
	CHECK(!(f.r.have & ASH_HAVE_END));
	CHECK(!(f.r.have & ASH_HAVE_OBYTES));
	fx_close(&f);
}

TEST(fortigate_csv_format_and_5424)
{
	fixture f;
	fx_open(&f, "UTC", 0);
	/* "config log syslogd setting / set format csv" */
	CHECK_INT(fx_line(&f, "<189>date=2026-11-24,time=17:02:11,devname=\"fgt\","
			      "logid=\"0000000013\",type=\"traffic\",subtype=\"forward\","
			      "eventtime=1764003731,srcip=192.0.2.1,srcport=1234,"
			      "dstip=198.51.100.2,dstport=443,proto=6,action=\"close\","
			      "policyid=5,msg=\"a, b\",sentbyte=10,rcvdbyte=20"),
		  ASH_LINE_RECORD);
	CHECK(ip_is(&f.r.dst, "198.51.100.2"));
	CHECK_INT(f.r.dport, 443);
	CHECK_INT(f.r.rbytes, 20);
	CHECK(str_is(f.r.rule, "5"));
	CHECK_INT(f.r.t_start, 1764003731LL * 1000000);
	/* RFC 5424 with the pairs in structured data */
	CHECK_INT(fx_line(&f, "<189>1 2026-11-24T17:02:11Z fgt - - - [fortinet@12356 "
			      "eventtime=\"1764003731\" type=\"traffic\" "
			      "srcip=\"192.0.2.1\" dstip=\"198.51.100.3\" proto=\"17\"]"),
		  ASH_LINE_RECORD);
	CHECK(ip_is(&f.r.dst, "198.51.100.3"));
	CHECK_INT(f.r.proto, 17);
	fx_close(&f);
}

TEST(fortigate_eventtime_units_by_magnitude)
{
	static const char *const forms[] = {
		"1764003731", "1764003731000", "1764003731000000",
		"1764003731000000000"};
	fixture f;
	fx_open(&f, "UTC", 0);
	for (size_t i = 0; i < 4; i++) {
		char line[300];
		snprintf(line, sizeof line,
			 "eventtime=%s type=traffic srcip=192.0.2.1 "
			 "dstip=192.0.2.2 proto=17",
			 forms[i]);
		CHECK_INT(fx_line(&f, line), ASH_LINE_RECORD);
		CHECK_INT(f.r.t_start, 1764003731LL * 1000000);
	}
	fx_close(&f);
}

static int64_t fg_time_in(fixture *f, const char *date, const char *time,
			  const char *tz)
{
	char line[300];
	snprintf(line, sizeof line,
		 "date=%s time=%s %s type=\"traffic\" srcip=192.0.2.1 "
		 "dstip=192.0.2.2 proto=6",
		 date, time, tz);
	if (fx_line(f, line) != ASH_LINE_RECORD)
		return -1;
	return f->r.t_start;
}

TEST(fortigate_date_time_site_zone_and_tz)
{
	fixture f;
	fx_open(&f, "Asia/Singapore", 0);
	CHECK_INT(fg_time_in(&f, "2026-11-24", "17:02:11", ""),
		  utc_us(2026, 11, 24, 9, 2, 11));
	CHECK_INT(f.r.tz_off, 8 * 3600);
	/* tz= wins over the site zone */
	CHECK_INT(fg_time_in(&f, "2026-11-24", "17:02:11", "tz=\"-0500\""),
		  utc_us(2026, 11, 24, 22, 2, 11));
	CHECK_INT(f.r.tz_off, -5 * 3600);
	CHECK_INT(fg_time_in(&f, "2026/11/24", "17:02:11", "tz=+05:30"),
		  utc_us(2026, 11, 24, 11, 32, 11));
	CHECK_INT(f.r.tz_off, 5 * 3600 + 1800);
	fx_close(&f);
}

TEST(fortigate_dst_both_ways_new_york)
{
	fixture f;
	fx_open(&f, "America/New_York", 0);
	/* spring forward 2026-03-08 02:00 EST -> 03:00 EDT */
	CHECK_INT(fg_time_in(&f, "2026-03-08", "01:59:59", ""),
		  utc_us(2026, 3, 8, 6, 59, 59));
	CHECK_INT(f.r.tz_off, -5 * 3600);
	CHECK_INT(fg_time_in(&f, "2026-03-08", "03:00:00", ""),
		  utc_us(2026, 3, 8, 7, 0, 0));
	CHECK_INT(f.r.tz_off, -4 * 3600);
	/* fall back 2026-11-01 02:00 EDT -> 01:00 EST */
	CHECK_INT(fg_time_in(&f, "2026-11-01", "00:59:59", ""),
		  utc_us(2026, 11, 1, 4, 59, 59));
	CHECK_INT(f.r.tz_off, -4 * 3600);
	CHECK_INT(fg_time_in(&f, "2026-11-01", "02:00:00", ""),
		  utc_us(2026, 11, 1, 7, 0, 0));
	CHECK_INT(f.r.tz_off, -5 * 3600);
	/* eventtime around the same change: offset from the zone */
	char line[300];
	snprintf(line, sizeof line,
		 "eventtime=%lld type=traffic srcip=192.0.2.1 dstip=192.0.2.2 "
		 "proto=6",
		 (long long)(utc_us(2026, 11, 1, 5, 30, 0) / 1000000));
	CHECK_INT(fx_line(&f, line), ASH_LINE_RECORD);
	CHECK_INT(f.r.tz_off, -4 * 3600); /* 01:30 EDT */
	snprintf(line, sizeof line,
		 "eventtime=%lld type=traffic srcip=192.0.2.1 dstip=192.0.2.2 "
		 "proto=6",
		 (long long)(utc_us(2026, 11, 1, 6, 30, 0) / 1000000));
	CHECK_INT(fx_line(&f, line), ASH_LINE_RECORD);
	CHECK_INT(f.r.tz_off, -5 * 3600); /* 01:30 EST */
	fx_close(&f);
}

TEST(fortigate_syslog_wrapped_and_new_year)
{
	fixture f;
	fx_open(&f, "UTC", 2026);
	CHECK_INT(fx_line(&f, "<189>date=2020-04-23 time=01:16:08 "
			      "devname=\"fw-a\" devid=\"FGT60E\" "
			      "logid=\"0000000013\" type=\"traffic\" "
			      "srcip=10.10.10.10 srcport=60899 dstip=67.43.156.13 "
			      "dstport=161 proto=17 action=\"deny\" policyid=0"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, utc_us(2020, 4, 23, 1, 16, 8));
	CHECK(str_is(f.r.device, "fw-a"));
	CHECK_INT(f.r.proto, 17);
	/* relay header and no time in the message: the syslog stamp, with
	 * the year moving on at New Year */
	CHECK_INT(fx_line(&f, "Dec 31 23:59:58 fw-b logid=\"0000000013\" "
			      "type=traffic srcip=10.0.0.1 dstip=10.0.0.2 proto=6"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, utc_us(2026, 12, 31, 23, 59, 58));
	CHECK(str_is(f.r.device, "fw-b"));
	CHECK_INT(fx_line(&f, "Jan  1 00:00:03 fw-b logid=\"0000000013\" "
			      "type=traffic srcip=10.0.0.1 dstip=10.0.0.2 proto=6"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, utc_us(2027, 1, 1, 0, 0, 3));
	/* devid when devname is absent; RFC 5424 header */
	CHECK_INT(fx_line(&f, "<189>1 2026-11-24T17:02:11+01:00 fgt - - - - "
			      "devid=\"FGT60E\" eventtime=1764000131 "
			      "type=\"traffic\" srcip=10.0.0.1 dstip=10.0.0.2 proto=6"),
		  ASH_LINE_RECORD);
	CHECK(str_is(f.r.device, "FGT60E"));
	CHECK_INT(f.r.t_start, 1764000131LL * 1000000);
	fx_close(&f);
}

TEST(fortigate_ipv6_icmp_and_actions)
{
	static const struct {
		const char *act;
		int want;
	} acts[] = {{"accept", ASH_ACT_ALLOW},    {"close", ASH_ACT_ALLOW},
		    {"timeout", ASH_ACT_ALLOW},   {"server-rst", ASH_ACT_ALLOW},
		    {"client-rst", ASH_ACT_ALLOW}, {"deny", ASH_ACT_DENY},
		    {"dropped", ASH_ACT_DROP},    {"ip-conn", ASH_ACT_UNKNOWN},
		    {"dns", ASH_ACT_UNKNOWN},     {"", ASH_ACT_UNKNOWN}};
	fixture f;
	fx_open(&f, "UTC", 0);
	CHECK_INT(fx_line(&f, "date=2020-04-23 time=12:11:48 logid=\"0001000014\" "
			      "type=\"traffic\" subtype=\"local\" "
			      "srcip=2a02:cf40:add:4002:91f2:a9b2:e09a:6fc6 "
			      "identifier=0 srcintf=\"port1\" "
			      "dstip=2001:db8::1 dstintf=\"unknown0\" proto=58 "
			      "action=\"accept\" policyid=0 service=\"icmp6/1/0\" "
			      "duration=42 sentbyte=3014 rcvdbyte=20 sentpkt=4 "
			      "rcvdpkt=0"),
		  ASH_LINE_RECORD);
	CHECK(ip_is(&f.r.src, "2a02:cf40:add:4002:91f2:a9b2:e09a:6fc6"));
	CHECK(ip_is(&f.r.dst, "2001:db8::1"));
	CHECK_INT(f.r.proto, 58);
	CHECK(!(f.r.have & (ASH_HAVE_SPORT | ASH_HAVE_DPORT)));
	CHECK_INT(f.r.rpkts, 0);
	CHECK(f.r.have & ASH_HAVE_RPKTS);
	for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++) {
		char line[300];
		snprintf(line, sizeof line,
			 "eventtime=1764003731 type=traffic srcip=192.0.2.1 "
			 "dstip=192.0.2.2 proto=tcp action=\"%s\"",
			 acts[i].act);
		CHECK_INT(fx_line(&f, line), ASH_LINE_RECORD);
		CHECK_INT(f.r.action, acts[i].want);
	}
	fx_close(&f);
}

TEST(fortigate_rejects_say_why)
{
	static const struct {
		const char *line, *why;
	} cases[] = {
		{"date=2026-11-24 time=17:02:11 logid=\"0100032001\" type=\"event\" "
		 "srcip=1.2.3.4 dstip=1.2.3.5", "FortiGate event log (not traffic)"},
		{"date=2026-11-24 time=17:02:11 type=\"utm\" subtype=\"webfilter\" "
		 "srcip=1.2.3.4 dstip=1.2.3.5 proto=6",
		 "FortiGate UTM log (not traffic)"},
		{"hello world", "no type= field: not a FortiGate log line"},
		{"eventtime=1 type=traffic dstip=1.2.3.5 proto=6", "missing srcip"},
		{"eventtime=1 type=traffic srcip=1.2.3.4 proto=6", "missing dstip"},
		{"eventtime=1 type=traffic srcip=1.2.3.999 dstip=1.2.3.5 proto=6",
		 "bad srcip"},
		{"eventtime=1 type=traffic srcip=1.2.3.4 dstip=::1 proto=6",
		 "srcip and dstip of different address families"},
		{"eventtime=1 type=traffic srcip=1.2.3.4 dstip=1.2.3.5",
		 "missing proto"},
		{"eventtime=1 type=traffic srcip=1.2.3.4 dstip=1.2.3.5 proto=300",
		 "bad proto"},
		{"eventtime=1 type=traffic srcip=1.2.3.4 dstip=1.2.3.5 proto=6 "
		 "srcport=65536", "bad srcport"},
		{"eventtime=1 type=traffic srcip=1.2.3.4 dstip=1.2.3.5 proto=6 "
		 "sentbyte=-5", "bad sentbyte"},
		{"eventtime=1 type=traffic srcip=1.2.3.4 dstip=1.2.3.5 proto=6 "
		 "rcvdbyte=99999999999999999999999", "bad rcvdbyte"},
		{"eventtime=1 type=traffic srcip=1.2.3.4 dstip=1.2.3.5 proto=6 "
		 "tz=\"+2500\"", "bad tz"},
		{"eventtime=12x type=traffic srcip=1.2.3.4 dstip=1.2.3.5 proto=6",
		 "bad eventtime"},
		{"date=2026-02-30 time=10:00:00 type=traffic srcip=1.2.3.4 "
		 "dstip=1.2.3.5 proto=6", "bad date= time="},
		{"type=traffic srcip=1.2.3.4 dstip=1.2.3.5 proto=6",
		 "no time (no eventtime=, date= time= or syslog stamp)"},
	};
	fixture f;
	fx_open(&f, "UTC", 2026);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK_INT(fx_line(&f, cases[i].line), ASH_LINE_REJECT);
		CHECK_STR(f.why, cases[i].why);
	}
	CHECK_INT(fx_line(&f, ""), ASH_LINE_META);
	CHECK_INT(fx_line(&f, "   \r"), ASH_LINE_META);
	fx_close(&f);
}

TEST(fortigate_hostile_text)
{
	fixture f;
	fx_open(&f, "UTC", 0);
	/* a key inside a quoted value is not a key; escaped quotes */
	CHECK_INT(fx_line(&f, "eventtime=1764003731 type=traffic "
			      "msg=\"srcip=6.6.6.6 \\\"x\\\" type=event\" "
			      "srcip=192.0.2.1 dstip=192.0.2.2 proto=6 "
			      "srcintf=\"LAN, \\\"guest\\\"\""),
		  ASH_LINE_RECORD);
	CHECK(ip_is(&f.r.src, "192.0.2.1"));
	CHECK(str_is(f.r.in_if, "LAN, \\\"guest\\\""));
	/* first occurrence of a key wins */
	CHECK_INT(fx_line(&f, "eventtime=1764003731 type=traffic srcip=192.0.2.1 "
			      "srcip=192.0.2.9 dstip=192.0.2.2 proto=6"),
		  ASH_LINE_RECORD);
	CHECK(ip_is(&f.r.src, "192.0.2.1"));
	/* UTF-8 kept, invalid bytes and controls replaced, NUL inside */
	static const char nasty[] =
		"eventtime=1764003731 type=traffic srcip=192.0.2.1 dstip=192.0.2.2 "
		"proto=6 srcintf=\"r\xC3\xA9seau\" dstintf=\"a\xFF\x01z\" "
		"policyid=\"p\0q\"";
	CHECK_INT(fx_linen(&f, nasty, sizeof nasty - 1), ASH_LINE_RECORD);
	CHECK(str_is(f.r.in_if, "r\xC3\xA9seau"));
	CHECK(str_is(f.r.out_if, "a??z"));
	CHECK(str_is(f.r.rule, "p?q"));
	/* unterminated quote runs to the end of the line */
	CHECK_INT(fx_line(&f, "eventtime=1764003731 type=traffic srcip=192.0.2.1 "
			      "dstip=192.0.2.2 proto=6 msg=\"no end"),
		  ASH_LINE_RECORD);
	CHECK_INT(fx_line(&f, "eventtime=1764003731 srcip=192.0.2.1 "
			      "dstip=192.0.2.2 proto=6 type=\"traffic"),
		  ASH_LINE_RECORD);
	/* a very long line: 200 KB of a value, interfaces cut to 256 bytes */
	size_t big = 200000;
	char *l = malloc(big + 200);
	int k = snprintf(l, 200, "eventtime=1764003731 type=traffic srcip=192.0.2.1 "
				 "dstip=192.0.2.2 proto=6 srcintf=\"");
	memset(l + k, '\x01', big);
	memcpy(l + k + big, "\" x", 4);
	CHECK_INT(fx_line(&f, l), ASH_LINE_RECORD);
	CHECK_INT(f.r.in_if.n, 256);
	free(l);
	fx_close(&f);
}

TEST(fortigate_sniff)
{
	int score = 0;
	const ash_parser *p = ash_parser_sniff(close_line, strlen(close_line), &score);
	CHECK(p == &ash_fortigate_parser);
	CHECK(score >= 90);
	CHECK_INT(ash_fortigate_parser.sniff("Mar 11 20:35:11 linux kernel: IN=eth0 "
					     "OUT= SRC=1.2.3.4 DST=1.2.3.5\n", 60),
		  0);
	CHECK(ash_parser_find("fortigate") == &ash_fortigate_parser);
}

TEST(field_values)
{
	int64_t us;
	int32_t off;
	uint64_t v;
	uint8_t pr;
	CHECK_INT(ash_field_uint("18446744073709551615", 20, UINT64_MAX, &v), 0);
	CHECK(v == UINT64_MAX);
	CHECK_INT(ash_field_uint("18446744073709551616", 20, UINT64_MAX, &v), -2);
	CHECK_INT(ash_field_uint("", 0, 10, &v), -1);
	CHECK_INT(ash_field_uint("1a", 2, 10, &v), -1);
	CHECK_INT(ash_field_proto("ICMPv6", 6, &pr), 0);
	CHECK_INT(pr, 58);
	CHECK_INT(ash_field_proto("tcpx", 4, &pr), -1);
	CHECK_INT(ash_field_action("BLOCKED", 7), ASH_ACT_DROP);
	CHECK_INT(ash_field_action("Permit", 6), ASH_ACT_ALLOW);
	CHECK_INT(ash_field_action("REJECT", 6), ASH_ACT_DENY);
	CHECK_INT(ash_field_action("maybe", 5), ASH_ACT_UNKNOWN);
	CHECK_INT(ash_field_epoch("1764003731.25", 13, &us), 0);
	CHECK_INT(us, 1764003731250000LL);
	CHECK_INT(ash_field_epoch("1764003731.", 11, &us), -1);
	CHECK_INT(ash_field_epoch("17640037310000000000000", 23, &us), -1);
	CHECK_INT(ash_field_tzoff("-0330", 5, &off), 0);
	CHECK_INT(off, -(3 * 3600 + 1800));
	CHECK_INT(ash_field_tzoff("+08:00", 6, &off), 0);
	CHECK_INT(off, 8 * 3600);
	CHECK_INT(ash_field_tzoff("+08", 3, &off), 0);
	CHECK_INT(ash_field_tzoff("0800", 4, &off), -1);
	CHECK_INT(ash_field_tzoff("+08:0", 5, &off), -1);
	CHECK_INT(ash_field_time("2026/11/24 17:02:11", 19, NULL, &us, &off), 0);
	CHECK_INT(us, utc_us(2026, 11, 24, 17, 2, 11));
	CHECK_INT(ash_field_time("2026-11-24T17:02:11.5+08:00", 27, NULL, &us, &off), 0);
	CHECK_INT(us, utc_us(2026, 11, 24, 9, 2, 11) + 500000);
	CHECK_INT(off, 8 * 3600);
	CHECK_INT(ash_field_time(" 1764003731000 ", 15, NULL, &us, &off), 0);
	CHECK_INT(us, 1764003731LL * 1000000);
	CHECK_INT(ash_field_time("yesterday", 9, NULL, &us, &off), -1);
}

/* The sniffers of fortigate, srx and winfw (and csv, never) stay silent on
 * the other vendors' real samples in ../shared, so that auto-detection of
 * those files does not change. */
TEST(fw2_sniffers_silent_on_other_real_samples)
{
	static const char *const files[] = {
		"data/firewall-samples-elastic/cisco-asa-sample.log",
		"data/firewall-samples-elastic/panos-traffic-excerpt.log",
		"data/firewall-samples-elastic/pfsense-filterlog.log"};
	const ash_parser *mine[] = {&ash_fortigate_parser, &ash_srx_parser,
				    &ash_winfw_parser, &ash_csv_parser};
	int seen = 0;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		const char *path = ash_test_shared(files[i]);
		FILE *fp = path ? fopen(path, "rb") : NULL;
		if (!fp)
			continue;
		static char buf[65536];
		size_t n = fread(buf, 1, sizeof buf, fp);
		fclose(fp);
		seen++;
		for (size_t k = 0; k < 4; k++)
			CHECK_INT(mine[k]->sniff(buf, n), 0);
	}
	if (!seen)
		ash_test_skip("../shared/data/firewall-samples-elastic not present");
}
