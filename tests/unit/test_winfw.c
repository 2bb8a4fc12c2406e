/* SPDX-License-Identifier: MIT */
/* test_winfw.c: Windows Firewall pfirewall.log (ingest/winfw.c): the W3C
 * header and its #Fields order (default, with pid, reordered), ALLOW /
 * DROP, TCP flags, ICMP, IPv6, local time through the zone (DST both
 * ways, New Year), rejects with reasons, hostile text, the sniffer. */
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

static void fx_open(fixture *f, const char *zone)
{
	memset(f, 0, sizeof *f);
	if (ash_tz_open(zone, &f->tz, NULL) != 0)
		ash_tz_open("UTC", &f->tz, NULL);
	f->o.tz = f->tz;
	f->st = ash_winfw_parser.open(&f->o);
}

static void fx_close(fixture *f)
{
	ash_winfw_parser.close(f->st);
	ash_tz_free(f->tz);
}

static int fx_line(fixture *f, const char *s)
{
	f->why = NULL;
	return ash_winfw_parser.line(f->st, s, strlen(s), &f->r, &f->why);
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

static const char header[] =
	"#Version: 1.5\n"
	"#Software: Microsoft Windows Firewall\n"
	"#Time Format: Local\n"
	"#Fields: date time action protocol src-ip dst-ip src-port dst-port "
	"size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid\n"
	"\n";

static void feed_header(fixture *f, const char *h)
{
	const char *p = h;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		CHECK_INT(ash_winfw_parser.line(f->st, p, n, &f->r, &f->why),
			  ASH_LINE_META);
		p += n + (nl ? 1 : 0);
	}
}

TEST(winfw_lines_all_fields)
{
	fixture f;
	fx_open(&f, "Europe/Berlin");
	feed_header(&f, header);
	CHECK_INT(fx_line(&f, "2026-11-24 17:02:11 DROP TCP 203.0.113.7 "
			      "192.168.1.10 51234 445 52 S 1234567 0 64240 - - - "
			      "RECEIVE 4\r"),
		  ASH_LINE_RECORD);
	ash_rec *r = &f.r;
	CHECK_INT(r->t_start, utc_us(2026, 11, 24, 16, 2, 11));
	CHECK_INT(r->tz_off, 3600);
	CHECK_INT(r->action, ASH_ACT_DROP);
	CHECK_INT(r->proto, 6);
	CHECK(ip_is(&r->src, "203.0.113.7"));
	CHECK(ip_is(&r->dst, "192.168.1.10"));
	CHECK_INT(r->sport, 51234);
	CHECK_INT(r->dport, 445);
	CHECK_INT(r->obytes, 52);
	CHECK_INT(r->opkts, 1);
	CHECK_INT(r->tcp_flags, ASH_TCP_SYN);
	CHECK(r->have & ASH_HAVE_FLAGS);
	CHECK_INT(r->format, ASH_FMT_WINFW);
	CHECK(!(r->have & ASH_HAVE_RBYTES));
	CHECK(str_is(r->note, "RECEIVE")); /* the path, as written */
	/* ALLOW UDP out, size 0 */
	CHECK_INT(fx_line(&f, "2026-11-24 17:02:12 ALLOW UDP 192.168.1.10 "
			      "192.168.1.1 55123 53 0 - - - - - - - SEND 1234"),
		  ASH_LINE_RECORD);
	CHECK_INT(r->action, ASH_ACT_ALLOW);
	CHECK_INT(r->proto, 17);
	CHECK_INT(r->dport, 53);
	CHECK_INT(r->obytes, 0);
	CHECK(!(r->have & ASH_HAVE_FLAGS));
	CHECK(str_is(r->note, "SEND"));
	/* ICMP: type and code into dport; IPv6 ICMPv6 */
	CHECK_INT(fx_line(&f, "2026-11-24 17:02:13 DROP ICMP 198.51.100.9 "
			      "192.168.1.10 - - 60 - - - - 8 0 - RECEIVE 4"),
		  ASH_LINE_RECORD);
	CHECK_INT(r->proto, 1);
	CHECK_INT(r->dport, 8 << 8);
	CHECK(!(r->have & ASH_HAVE_SPORT));
	CHECK_INT(fx_line(&f, "2026-11-24 17:02:14 ALLOW ICMPv6 fe80::1 ff02::1 "
			      "- - 72 - - - - 134 0 - RECEIVE 4"),
		  ASH_LINE_RECORD);
	CHECK_INT(r->proto, 58);
	CHECK(ip_is(&r->src, "fe80::1"));
	CHECK_INT(r->dport, 134 << 8);
	/* numeric protocol (IGMP = 2) */
	CHECK_INT(fx_line(&f, "2026-11-24 17:02:15 DROP 2 192.168.1.5 224.0.0.22 "
			      "- - 40 - - - - - - - RECEIVE 4"),
		  ASH_LINE_RECORD);
	CHECK_INT(r->proto, 2);
	fx_close(&f);
}

TEST(winfw_fields_order_and_default)
{
	fixture f;
	fx_open(&f, "UTC");
	/* no header at all: the Windows default order */
	CHECK_INT(fx_line(&f, "2019-05-06 10:10:43 ALLOW TCP 10.0.0.1 10.0.0.2 "
			      "1025 80 40 AP 1 2 3 - - - SEND"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.dport, 80);
	CHECK_INT(f.r.tcp_flags, ASH_TCP_ACK | ASH_TCP_PSH);
	CHECK(str_is(f.r.note, "SEND")); /* column 17 of the default order */
	/* a reordered header is followed */
	CHECK_INT(fx_line(&f, "#Fields: action date time src-ip src-port dst-ip "
			      "dst-port protocol"),
		  ASH_LINE_META);
	CHECK_INT(fx_line(&f, "DROP 2019-05-06 10:10:44 10.0.0.9 4444 10.0.0.2 22 TCP"),
		  ASH_LINE_RECORD);
	CHECK(ip_is(&f.r.src, "10.0.0.9"));
	CHECK_INT(f.r.sport, 4444);
	CHECK_INT(f.r.dport, 22);
	CHECK_INT(f.r.action, ASH_ACT_DROP);
	CHECK_INT(f.r.t_start, utc_us(2019, 5, 6, 10, 10, 44));
	CHECK(!(f.r.have & ASH_HAVE_OBYTES));
	CHECK_INT(f.r.note.n, 0); /* this header has no path */
	/* the path where a header puts it; "-" is none */
	CHECK_INT(fx_line(&f, "#Fields: path date time action protocol src-ip dst-ip"),
		  ASH_LINE_META);
	CHECK_INT(fx_line(&f, "FORWARD 2019-05-06 10:10:45 ALLOW TCP 10.0.0.9 10.0.0.2"),
		  ASH_LINE_RECORD);
	CHECK(str_is(f.r.note, "FORWARD"));
	CHECK_INT(fx_line(&f, "- 2019-05-06 10:10:45 ALLOW TCP 10.0.0.9 10.0.0.2"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.note.n, 0);
	CHECK_INT(fx_line(&f, "SE\x01ND\xff 2019-05-06 10:10:45 ALLOW TCP 10.0.0.9 10.0.0.2"),
		  ASH_LINE_RECORD);
	CHECK(str_is(f.r.note, "SE?ND?"));
	fx_close(&f);
	/* "#Time Format: UTC" overrides the zone; "Local" brings it back */
	fx_open(&f, "Asia/Singapore");
	CHECK_INT(fx_line(&f, "#Time Format: UTC"), ASH_LINE_META);
	CHECK_INT(fx_line(&f, "2019-05-06 10:10:43 ALLOW TCP 10.0.0.1 10.0.0.2 1 2"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, utc_us(2019, 5, 6, 10, 10, 43));
	CHECK_INT(f.r.tz_off, 0);
	CHECK_INT(fx_line(&f, "#Time Format: Local"), ASH_LINE_META);
	CHECK_INT(fx_line(&f, "2019-05-06 10:10:43 ALLOW TCP 10.0.0.1 10.0.0.2 1 2"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, utc_us(2019, 5, 6, 2, 10, 43));
	CHECK_INT(f.r.tz_off, 8 * 3600);
	fx_close(&f);
}

static int64_t wf_at(fixture *f, const char *date, const char *time)
{
	char line[200];
	snprintf(line, sizeof line,
		 "%s %s DROP TCP 10.0.0.1 10.0.0.2 1 2 40 S - - - - - - RECEIVE",
		 date, time);
	return fx_line(f, line) == ASH_LINE_RECORD ? f->r.t_start : -1;
}

TEST(winfw_local_time_dst_and_new_year)
{
	fixture f;
	fx_open(&f, "America/New_York");
	CHECK_INT(wf_at(&f, "2026-03-08", "01:59:59"), utc_us(2026, 3, 8, 6, 59, 59));
	CHECK_INT(wf_at(&f, "2026-03-08", "03:00:00"), utc_us(2026, 3, 8, 7, 0, 0));
	CHECK_INT(f.r.tz_off, -4 * 3600);
	CHECK_INT(wf_at(&f, "2026-11-01", "00:59:59"), utc_us(2026, 11, 1, 4, 59, 59));
	CHECK_INT(wf_at(&f, "2026-11-01", "02:00:00"), utc_us(2026, 11, 1, 7, 0, 0));
	CHECK_INT(f.r.tz_off, -5 * 3600);
	CHECK_INT(wf_at(&f, "2026-12-31", "23:59:59"), utc_us(2027, 1, 1, 4, 59, 59));
	CHECK_INT(wf_at(&f, "2027-01-01", "00:00:00"), utc_us(2027, 1, 1, 5, 0, 0));
	fx_close(&f);
}

TEST(winfw_rejects_say_why)
{
	static const struct {
		const char *line, *why;
	} cases[] = {
		{"2026-11-24 17:02:11 INFO-EVENTS-LOST - - - - - - - - - - - - 12 -",
		 "INFO-EVENTS-LOST: Windows did not log some events"},
		{"2026-11-24 17:02:11 DROP", "too few columns"},
		{"2026-11-24 17:02:11 DROP TCP 10.0.0.1 10.0.0.999 1 2",
		 "bad or missing dst-ip"},
		{"2026-11-24 17:02:11 DROP TCP - 10.0.0.2 1 2",
		 "bad or missing src-ip"},
		{"2026-11-24 17:02:11 DROP TCP 10.0.0.1 ::2 1 2",
		 "src-ip and dst-ip of different address families"},
		{"2026-11-24 17:02:11 DROP XTP 10.0.0.1 10.0.0.2 1 2",
		 "bad or missing protocol"},
		{"2026-11-24 17:02:11 DROP TCP 10.0.0.1 10.0.0.2 1 99999",
		 "bad dst-port"},
		{"2026-11-24 17:02:11 DROP TCP 10.0.0.1 10.0.0.2 1 2 -5",
		 "bad size"},
		{"2026-13-24 17:02:11 DROP TCP 10.0.0.1 10.0.0.2 1 2",
		 "bad date or time"},
		{"- 17:02:11 DROP TCP 10.0.0.1 10.0.0.2 1 2", "missing date or time"},
		{"2026-11-24 17:02:11 DROP ICMP 10.0.0.1 10.0.0.2 - - 1 - - - - 300 0",
		 "bad icmptype"},
	};
	fixture f;
	fx_open(&f, "UTC");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK_INT(fx_line(&f, cases[i].line), ASH_LINE_REJECT);
		CHECK_STR(f.why, cases[i].why);
	}
	fx_close(&f);
}

TEST(winfw_hostile_text)
{
	fixture f;
	fx_open(&f, "UTC");
	/* BOM, extra columns beyond 32, NUL in an ignored column */
	static const char bom[] = "\xEF\xBB\xBF#Version: 1.5";
	CHECK_INT(ash_winfw_parser.line(f.st, bom, sizeof bom - 1, &f.r, &f.why),
		  ASH_LINE_META);
	static const char nul[] = "2026-11-24 17:02:11 ALLOW UDP 10.0.0.1 10.0.0.2 "
				  "1 2 3 - x\0y - - - - - SEND 9 9 9 9 9 9 9 9 9 9 9 "
				  "9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9";
	CHECK_INT(ash_winfw_parser.line(f.st, nul, sizeof nul - 1, &f.r, &f.why),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.dport, 2);
	/* a very long line of one column */
	size_t big = 100000;
	char *l = malloc(big + 1);
	memset(l, 'x', big);
	l[big] = 0;
	CHECK_INT(fx_line(&f, l), ASH_LINE_REJECT);
	CHECK_STR(f.why, "too few columns");
	/* a #Fields header with more than 32 names and none known */
	CHECK_INT(fx_line(&f, "#Fields: a b c d e f g h i j k l m n o p q r s t u v w "
			      "x y z aa bb cc dd ee ff gg hh"),
		  ASH_LINE_META);
	CHECK_INT(fx_line(&f, "2026-11-24 17:02:11 ALLOW UDP 10.0.0.1 10.0.0.2 1 2"),
		  ASH_LINE_REJECT);
	CHECK_STR(f.why, "bad or missing protocol");
	free(l);
	fx_close(&f);
}

TEST(winfw_sniff)
{
	int score = 0;
	const ash_parser *p = ash_parser_sniff(header, strlen(header), &score);
	CHECK(p == &ash_winfw_parser);
	CHECK_INT(score, 100);
	CHECK(ash_parser_find("winfw") == &ash_winfw_parser);
}
