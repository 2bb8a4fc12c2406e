/* SPDX-License-Identifier: MIT */
/* test_iptables.c: netfilter LOG lines (ingest/iptables.c): every field
 * of the record, the header forms, prefixes and actions, rejects with
 * their reasons, the sniffer, and the psad corpus (../shared). */
#include "harness.h"

#include <stdlib.h>

#include "core/tztime.h"
#include "ingest/parser.h"

static const char syn_line[] =
	"Mar 11 20:35:11 linux kernel: [463490.251762] DROP IN=eth1 OUT= "
	"MAC=23:87:fc:c6:24:58:00:21:3f:98:99:78:09:00 SRC=192.168.10.55 "
	"DST=192.168.10.1 LEN=44 TOS=0x00 PREC=0x00 TTL=53 ID=15270 PROTO=TCP "
	"SPT=56247 DPT=1025 WINDOW=3072 RES=0x00 SYN URGP=0 OPT (020405B4) ";

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
	f->st = ash_iptables_parser.open(&f->o);
}

static void fx_close(fixture *f)
{
	ash_iptables_parser.close(f->st);
	ash_tz_free(f->tz);
}

static int fx_line(fixture *f, const char *s)
{
	f->why = NULL;
	return ash_iptables_parser.line(f->st, s, strlen(s), &f->r, &f->why);
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

TEST(iptables_tcp_syn_all_fields)
{
	fixture f;
	fx_open(&f, "UTC", 2026);
	CHECK_INT(fx_line(&f, syn_line), ASH_LINE_RECORD);
	ash_rec *r = &f.r;
	CHECK_INT(r->t_start, utc_us(2026, 3, 11, 20, 35, 11));
	CHECK_INT(r->tz_off, 0);
	CHECK(ip_is(&r->src, "192.168.10.55"));
	CHECK(ip_is(&r->dst, "192.168.10.1"));
	CHECK_INT(r->sport, 56247);
	CHECK_INT(r->dport, 1025);
	CHECK_INT(r->proto, 6);
	CHECK_INT(r->tcp_flags, ASH_TCP_SYN);
	CHECK_INT(r->obytes, 44);
	CHECK_INT(r->opkts, 1);
	CHECK_INT(r->rbytes, 0);
	CHECK_INT(r->have, ASH_HAVE_TZOFF | ASH_HAVE_SPORT | ASH_HAVE_DPORT |
				   ASH_HAVE_PROTO | ASH_HAVE_FLAGS | ASH_HAVE_OBYTES |
				   ASH_HAVE_OPKTS);
	CHECK_INT(r->action, ASH_ACT_DROP);
	CHECK_INT(r->format, ASH_FMT_IPTABLES);
	CHECK(str_is(r->rule, "DROP"));
	CHECK(str_is(r->in_if, "eth1"));
	CHECK_INT(r->out_if.n, 0);
	CHECK(str_is(r->device, "linux"));
	fx_close(&f);
}

TEST(iptables_udp_icmp_other)
{
	fixture f;
	fx_open(&f, "UTC", 2026);
	/* UDP: the second LEN= is the UDP length, not the packet's */
	CHECK_INT(fx_line(&f, "Feb  9 20:55:06 ubuntu kernel: [13626.584587] IN=lo OUT= "
			      "MAC=23:87 SRC=192.168.10.55 DST=192.168.10.1 LEN=189 TOS=0x00 "
			      "PREC=0x00 TTL=64 ID=45067 DF PROTO=UDP SPT=33197 DPT=62201 LEN=169"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.proto, 17);
	CHECK_INT(f.r.obytes, 189);
	CHECK_INT(f.r.sport, 33197);
	CHECK_INT(f.r.dport, 62201);
	CHECK_INT(f.r.rule.n, 0);
	CHECK_INT(f.r.action, ASH_ACT_UNKNOWN);
	CHECK(!(f.r.have & ASH_HAVE_FLAGS));
	/* ICMP: dport = type << 8 | code, no source port */
	CHECK_INT(fx_line(&f, "Mar 23 21:29:27 linux kernel: ICMP IN=eth0 OUT= SRC=192.168.10.55 "
			      "DST=192.168.10.1 LEN=28 TOS=0x00 PREC=0x00 TTL=64 ID=18443 "
			      "PROTO=ICMP TYPE=8 CODE=2 ID=2158 SEQ=512"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.proto, 1);
	CHECK_INT(f.r.dport, 8 << 8 | 2);
	CHECK(f.r.have & ASH_HAVE_DPORT);
	CHECK(!(f.r.have & ASH_HAVE_SPORT));
	/* IP protocol by number and by name, no ports */
	CHECK_INT(fx_line(&f, "Mar 15 20:58:59 linux kernel: DROP IN=eth0 OUT= SRC=192.168.10.55 "
			      "DST=192.168.10.1 LEN=20 TOS=0x00 PREC=0x00 TTL=56 ID=50515 PROTO=47 "),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.proto, 47);
	CHECK(!(f.r.have & (ASH_HAVE_SPORT | ASH_HAVE_DPORT)));
	CHECK_INT(fx_line(&f, "Mar 15 20:58:59 linux kernel: IN=eth0 OUT= SRC=10.0.0.1 "
			      "DST=10.0.0.2 LEN=52 PROTO=esp SPI=0x1234"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.proto, 50);
	fx_close(&f);
}

TEST(iptables_ipv6)
{
	fixture f;
	fx_open(&f, "UTC", 2026);
	CHECK_INT(fx_line(&f, "Mar 17 13:39:13 linux kernel: [956932.482127] DROP IN=eth0 OUT= "
			      "MAC=33:33:ff SRC=2001:0db8:0000:f101:0000:0000:0000:0002 "
			      "DST=ff02:0000:0000:0000:0000:0001:ff00:0001 LEN=72 TC=0 HOPLIMIT=255 "
			      "FLOWLBL=0 PROTO=ICMPv6 TYPE=135 CODE=0 "),
		  ASH_LINE_RECORD);
	CHECK(ip_is(&f.r.src, "2001:db8:0:f101::2"));
	CHECK(ip_is(&f.r.dst, "ff02::1:ff00:1"));
	CHECK_INT(f.r.proto, 58);
	CHECK_INT(f.r.dport, 135 << 8);
	CHECK_INT(f.r.obytes, 72);
	/* IPv6 options before PROTO, TCP after */
	CHECK_INT(fx_line(&f, "Dec 20 20:10:01 rohan kernel: [  449.059230] DROP IN=eth0 OUT= "
			      "SRC=2012:1234:1234::1 DST=2012:1234:1234::2 LEN=132 TC=0 HOPLIMIT=64 "
			      "FLOWLBL=0 OPT ( ) OPT ( ) PROTO=TCP SPT=58537 DPT=1234 WINDOW=8192 "
			      "RES=0x00 SYN URGP=0 "),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.proto, 6);
	CHECK_INT(f.r.dport, 1234);
	CHECK_INT(f.r.tcp_flags, ASH_TCP_SYN);
	CHECK(str_is(f.r.device, "rohan"));
	fx_close(&f);
}

TEST(iptables_tcp_flags_seq_fragments)
{
	fixture f;
	fx_open(&f, "UTC", 2026);
	CHECK_INT(fx_line(&f, "Mar 15 20:57:55 h kernel: X IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 "
			      "LEN=40 PROTO=TCP SPT=1 DPT=2 SEQ=100 ACK=200 WINDOW=1 RES=0x00 "
			      "CWR ECE URG ACK PSH RST SYN FIN URGP=0"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.tcp_flags, 0xff);
	CHECK_INT(fx_line(&f, "Mar 15 20:57:55 h kernel: X IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 "
			      "LEN=40 PROTO=TCP SPT=1 DPT=2 SEQ=100 ACK=200 WINDOW=1 RES=0x00 "
			      "URGP=0"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.tcp_flags, 0); /* null scan: flags known, none set */
	CHECK(f.r.have & ASH_HAVE_FLAGS);
	/* a non-first fragment: no transport header, so no ports */
	CHECK_INT(fx_line(&f, "Mar 15 20:57:55 h kernel: IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 "
			      "LEN=1500 TOS=0x00 PREC=0x00 TTL=64 ID=1 MF FRAG:185 PROTO=UDP "),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.proto, 17);
	CHECK(!(f.r.have & (ASH_HAVE_SPORT | ASH_HAVE_DPORT)));
	CHECK_INT(f.r.obytes, 1500);
	CHECK_INT(fx_line(&f, "Mar 15 20:57:55 h kernel: IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 "
			      "LEN=40 PROTO=TCP INCOMPLETE [20 bytes] "),
		  ASH_LINE_RECORD);
	CHECK(!(f.r.have & (ASH_HAVE_SPORT | ASH_HAVE_FLAGS)));
	/* ICMP error quoting the offending packet: the outer header counts */
	CHECK_INT(fx_line(&f, "Mar 15 20:57:55 h kernel: IN= OUT=eth0 SRC=10.0.0.1 DST=10.0.0.2 "
			      "LEN=56 PROTO=ICMP TYPE=3 CODE=3 [SRC=10.0.0.2 DST=10.0.0.1 LEN=28 "
			      "PROTO=UDP SPT=53 DPT=40000 LEN=8 ] MTU=0"),
		  ASH_LINE_RECORD);
	CHECK(ip_is(&f.r.src, "10.0.0.1"));
	CHECK_INT(f.r.dport, 3 << 8 | 3);
	CHECK_INT(f.r.obytes, 56);
	CHECK_INT(f.r.in_if.n, 0);
	CHECK(str_is(f.r.out_if, "eth0"));
	fx_close(&f);
}

TEST(iptables_prefixes_and_actions)
{
	static const struct {
		const char *prefix, *rule;
		int action;
	} cases[] = {
		{"[UFW BLOCK] ", "[UFW BLOCK]", ASH_ACT_DROP},
		{"[UFW ALLOW] ", "[UFW ALLOW]", ASH_ACT_ALLOW},
		{"FW-ACCEPT ", "FW-ACCEPT", ASH_ACT_ALLOW},
		{"REJECT-IN: ", "REJECT-IN:", ASH_ACT_DENY},
		{"inbound deny ", "inbound deny", ASH_ACT_DENY},
		{"Shorewall:wlan0_mac:DROP:", "Shorewall:wlan0_mac:DROP:", ASH_ACT_DROP},
		{"  pass ", "pass", ASH_ACT_ALLOW},
		{"LOG-INPUT ", "LOG-INPUT", ASH_ACT_UNKNOWN},
		{"DROPPING ", "DROPPING", ASH_ACT_UNKNOWN},
		{"", "", ASH_ACT_UNKNOWN},
	};
	fixture f;
	fx_open(&f, "UTC", 2026);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char line[512];
		snprintf(line, sizeof line,
			 "Apr 24 12:06:50 gw kernel: [ 3445.031964] %sIN=wlan0 OUT= "
			 "SRC=192.168.10.55 DST=224.0.0.1 LEN=36 PROTO=2",
			 cases[i].prefix);
		CHECK_INT(fx_line(&f, line), ASH_LINE_RECORD);
		CHECK(str_is(f.r.rule, cases[i].rule));
		CHECK_INT(f.r.action, cases[i].action);
	}
	fx_close(&f);
}

TEST(iptables_header_forms)
{
	fixture f;
	fx_open(&f, "Asia/Singapore", 2026);
	const char *body = " kernel: FW-DROP IN=eth1 OUT= SRC=203.0.113.9 DST=203.0.113.10 "
			   "LEN=60 PROTO=TCP SPT=4000 DPT=22 WINDOW=1 RES=0x00 SYN URGP=0";
	static const char *const heads[] = {
		"Nov 24 17:02:11 fw",                      /* RFC 3164, local time */
		"<4>Nov 24 17:02:11 fw",                   /* with PRI */
		"2026-11-24T17:02:11+0800 fw",             /* journalctl short-iso */
		"2026-11-24T09:02:11.000000+00:00 fw",     /* short-iso-precise */
		"Nov 24 17:02:11.000000 fw",               /* short-precise */
	};
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		char line[512];
		snprintf(line, sizeof line, "%s%s", heads[i], body);
		CHECK_INT(fx_line(&f, line), ASH_LINE_RECORD);
		CHECK_INT(f.r.t_start, utc_us(2026, 11, 24, 9, 2, 11));
		CHECK(f.r.have & ASH_HAVE_TZOFF);
		CHECK(str_is(f.r.device, "fw"));
		CHECK_INT(f.r.action, ASH_ACT_DROP);
	}
	CHECK_INT(fx_line(&f, "<4>1 2026-11-24T17:02:11.123+08:00 fw kernel - - - FW-DROP "
			      "IN=eth1 OUT= SRC=203.0.113.9 DST=203.0.113.10 LEN=60 PROTO=UDP "
			      "SPT=1 DPT=53 LEN=40"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, utc_us(2026, 11, 24, 9, 2, 11) + 123000);
	CHECK_INT(f.r.tz_off, 8 * 3600);
	CHECK_INT(f.r.dport, 53);
	/* CRLF line ends */
	CHECK_INT(fx_line(&f, "Nov 24 17:02:11 fw kernel: IN=eth1 OUT= SRC=1.1.1.1 DST=2.2.2.2 "
			      "LEN=84 PROTO=ICMP TYPE=0 CODE=0\r"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.dport, 0);
	CHECK(f.r.have & ASH_HAVE_DPORT);
	fx_close(&f);
}

TEST(iptables_journal_json)
{
	fixture f;
	fx_open(&f, "Asia/Singapore", 0);
	const char *l = "{\"__CURSOR\":\"s=1\",\"__REALTIME_TIMESTAMP\":\"1795539731123456\","
			"\"__MONOTONIC_TIMESTAMP\":\"463490251762\",\"_TRANSPORT\":\"kernel\","
			"\"PRIORITY\":\"4\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"_HOSTNAME\":\"fw\","
			"\"MESSAGE\":\"FW-DROP IN=eth1 OUT= SRC=203.0.113.9 DST=203.0.113.10 LEN=60 "
			"PROTO=TCP SPT=4000 DPT=22 WINDOW=1 RES=0x00 SYN URGP=0\"}";
	CHECK_INT(fx_line(&f, l), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, 1795539731123456LL);
	CHECK_INT(f.r.tz_off, 8 * 3600);
	CHECK(str_is(f.r.device, "fw"));
	CHECK(str_is(f.r.rule, "FW-DROP"));
	CHECK_INT(f.r.dport, 22);
	CHECK_INT(f.r.tcp_flags, ASH_TCP_SYN);
	/* non-UTF-8 messages are written as arrays of byte values */
	l = "{\"__REALTIME_TIMESTAMP\":\"1795539731000000\",\"MESSAGE\":[73,78,61,120,32,79,"
	    "85,84,61,32,83,82,67,61,49,46,49,46,49,46,49,32,68,83,84,61,50,46,50,46,50,46,50,"
	    "32,80,82,79,84,79,61,50]}";
	CHECK_INT(fx_line(&f, l), ASH_LINE_RECORD);
	CHECK(str_is(f.r.in_if, "x"));
	CHECK_INT(f.r.proto, 2);
	CHECK_INT(f.r.device.n, 0);
	CHECK_INT(fx_line(&f, "{\"MESSAGE\":\"IN=x OUT=\"}"), ASH_LINE_REJECT);
	CHECK_STR(f.why, "journal entry without __REALTIME_TIMESTAMP");
	CHECK_INT(fx_line(&f, "{\"__REALTIME_TIMESTAMP\":\"1\",\"MESSAGE\":[300]}"),
		  ASH_LINE_REJECT);
	CHECK_STR(f.why, "bad journal MESSAGE byte array");
	CHECK_INT(fx_line(&f, "{\"__REALTIME_TIMESTAMP\":\"1\",\"MESSAGE\":\"usb 1-1: new\"}"),
		  ASH_LINE_REJECT);
	CHECK_STR(f.why, "not a netfilter LOG line (no IN=... OUT=)");
	CHECK_INT(fx_line(&f, "{\"__REALTIME_TIMESTAMP\""), ASH_LINE_REJECT);
	CHECK_STR(f.why, "bad journal JSON line");
	/* the sniffer sees netfilter fields inside JSON too */
	int score;
	const char *js = "{\"__REALTIME_TIMESTAMP\":\"1\",\"MESSAGE\":\"IN=eth0 OUT= "
			 "SRC=1.1.1.1 DST=2.2.2.2 LEN=1 PROTO=2\"}\n";
	CHECK(ash_parser_sniff(js, strlen(js), &score) == &ash_iptables_parser);
	fx_close(&f);
}

TEST(iptables_meta_and_rejects)
{
	static const struct {
		const char *line, *why;
	} cases[] = {
		{"Mar 11 20:35:11 h kernel: [    1.0] usb 1-1: new high-speed USB device",
		 "not a netfilter LOG line (no IN=... OUT=)"},
		{"Mar 11 20:35:11 h sshd[12]: Failed password for root from 1.2.3.4",
		 "not a netfilter LOG line (no IN=... OUT=)"},
		{"Mar 11 20:35:11 h kernel: X IN=eth0 OUT= SRC=999.1.1.1 DST=1.1.1.1 LEN=1 PROTO=TCP",
		 "bad SRC address"},
		{"Mar 11 20:35:11 h kernel: X IN=eth0 OUT= SRC=1.1.1.1 DST=1.1.1 LEN=1 PROTO=TCP",
		 "bad DST address"},
		{"Mar 11 20:35:11 h kernel: X IN=eth0 OUT= SRC=1.1.1.1 DST=1.1.1.2 LEN=1 PROTO=TCP "
		 "SPT=1 DPT=70000", "DPT out of range"},
		{"Mar 11 20:35:11 h kernel: X IN=eth0 OUT= SRC=1.1.1.1 DST=1.1.1.2 LEN=1 PROTO=TCP "
		 "SPT=x1 DPT=7", "bad SPT"},
		{"Mar 11 20:35:11 h kernel: X IN=eth0 OUT= SRC=1.1.1.1 DST=1.1.1.2 LEN=-1 PROTO=TCP",
		 "bad LEN"},
		{"Mar 11 20:35:11 h kernel: X IN=eth0 OUT= SRC=1.1.1.1 DST=1.1.1.2 LEN=1 PROTO=XYZ",
		 "bad PROTO"},
		{"Mar 11 20:35:11 h kernel: X IN=eth0 OUT= SRC=1.1.1.1 DST=1.1.1.2 LEN=1 PROTO=ICMP "
		 "TYPE=300 CODE=0", "TYPE out of range"},
		{"Mar 11 20:35:11 h kernel: X IN=eth0 OUT= SRC=1.1.1.1 DST=1.1.1.2 LEN=1",
		 "missing PROTO"},
		{"Mar 11 20:35:11 h kernel: X IN=eth0 OUT= SRC=1.1.1.1 LEN=1 PROTO=TCP", "missing DST"},
		{"Mar 11 20:35:11 h kernel: X IN=eth0 OUT= SRC=1.1.1.1 DST=::1 LEN=1 PROTO=TCP",
		 "SRC and DST of different address families"},
		{"Mar 11 20:35:11 h kernel: arp IN=eth0 OUT= MAC=ff ARP HTYPE=1 PTYPE=0x0800 OPCODE=1",
		 "not an IP packet (no SRC/DST: ARP or other link layer)"},
		{"[463490.251762] DROP IN=eth0 OUT= SRC=1.1.1.1 DST=1.1.1.2 LEN=1 PROTO=TCP",
		 "no wall-clock timestamp (dmesg uptime only)"},
		{"garbage", "no syslog timestamp"},
	};
	fixture f;
	fx_open(&f, "UTC", 2026);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK_INT(fx_line(&f, cases[i].line), ASH_LINE_REJECT);
		CHECK_STR(f.why, cases[i].why);
	}
	CHECK_INT(fx_line(&f, ""), ASH_LINE_META);
	CHECK_INT(fx_line(&f, "   "), ASH_LINE_META);
	CHECK_INT(fx_line(&f, "-- Reboot --"), ASH_LINE_META);
	CHECK_INT(fx_line(&f, "-- Logs begin at Mon 2026-11-23 10:00:01 +08. --"), ASH_LINE_META);
	fx_close(&f);
}

TEST(iptables_hostile_bytes)
{
	fixture f;
	fx_open(&f, "UTC", 2026);
	/* NUL and invalid UTF-8 in the prefix and host come out as '?' */
	static const char line[] = "Mar 11 20:35:11 h\xff kernel: A\0B\xc3\x28 DROP IN=e\x01 OUT= "
				   "SRC=1.1.1.1 DST=1.1.1.2 LEN=1 PROTO=TCP";
	CHECK_INT(ash_iptables_parser.line(f.st, line, sizeof line - 1, &f.r, &f.why),
		  ASH_LINE_RECORD);
	CHECK(str_is(f.r.rule, "A?B?( DROP"));
	CHECK(str_is(f.r.device, "h?"));
	CHECK(str_is(f.r.in_if, "e?"));
	CHECK_INT(f.r.action, ASH_ACT_DROP);
	/* valid UTF-8 passes unchanged */
	CHECK_INT(fx_line(&f, "Mar 11 20:35:11 h kernel: caf\xc3\xa9 IN=x OUT= SRC=1.1.1.1 "
			      "DST=1.1.1.2 LEN=1 PROTO=TCP"),
		  ASH_LINE_RECORD);
	CHECK(str_is(f.r.rule, "caf\xc3\xa9"));
	/* every prefix of a good line is handled without reading past it */
	size_t n = strlen(syn_line);
	int records = 0;
	for (size_t k = 0; k <= n; k++) {
		char *copy = malloc(k ? k : 1);
		memcpy(copy, syn_line, k);
		int rc = ash_iptables_parser.line(f.st, copy, k, &f.r, &f.why);
		CHECK(rc == ASH_LINE_RECORD || rc == ASH_LINE_REJECT || rc == ASH_LINE_META);
		records += rc == ASH_LINE_RECORD;
		free(copy);
	}
	CHECK(records > 0);
	fx_close(&f);
}

TEST(iptables_sniff)
{
	const char *psad = "Mar 11 20:35:11 linux kernel: [1.2] DROP IN=eth1 OUT= SRC=1.1.1.1 "
			   "DST=2.2.2.2 LEN=44 PROTO=TCP SPT=1 DPT=2\n";
	int score = 0;
	CHECK(ash_parser_sniff(psad, strlen(psad), &score) == &ash_iptables_parser);
	CHECK(score >= 90);
	/* kern.log excerpt: mostly other kernel messages */
	const char *kern = "Mar 11 20:35:10 h kernel: [1.0] usb 1-1: new device\n"
			   "Mar 11 20:35:10 h kernel: [1.1] eth0: link up\n"
			   "Mar 11 20:35:10 h kernel: [1.2] EXT4-fs mounted\n"
			   "Mar 11 20:35:11 h kernel: [1.3] IN=eth0 OUT= SRC=1.1.1.1 DST=2.2.2.2 "
			   "LEN=1 PROTO=2\n";
	CHECK(ash_parser_sniff(kern, strlen(kern), &score) == &ash_iptables_parser);
	CHECK(score > 0);
	const char *other = "hello\nworld\n";
	CHECK(ash_parser_sniff(other, strlen(other), &score) == NULL);
	CHECK_INT(score, 0);
	CHECK(ash_parser_find("iptables") == &ash_iptables_parser);
	CHECK(ash_parser_find("nope") == NULL);
}

/* ---- the psad corpus -------------------------------------------------- */

typedef struct tally {
	long lines, records, meta, rejects;
	const char *why; /* last reject reason */
	long from_attacker, icmp, dports_in_range;
	int dport_min, dport_max;
	ash_ip dsts[16];
	int ndst;
	int64_t t_first;
	int32_t tz_off;
} tally;

static char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	long sz = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *buf = malloc((size_t)sz + 1);
	*n = fread(buf, 1, (size_t)sz, fp);
	fclose(fp);
	return buf;
}

static void count_dst(tally *t, const ash_ip *d)
{
	for (int i = 0; i < t->ndst; i++)
		if (ash_ip_eq(&t->dsts[i], d))
			return;
	if (t->ndst < 16)
		t->dsts[t->ndst++] = *d;
}

/* Feed a psad file (year 0, reference 2018-11-17) and tally what came out.
 * Returns false (and skips the test) when ../shared is absent. */
static bool run_psad(const char *name, const char *attacker, tally *t)
{
	char rel[256];
	snprintf(rel, sizeof rel, "data/psad-iptables/%s", name);
	memset(t, 0, sizeof *t);
	t->dport_min = 65536;
	const char *path = ash_test_shared(rel);
	size_t n = 0;
	char *buf = path ? slurp(path, &n) : NULL;
	if (!buf) {
		ash_test_skip("../shared/data/psad-iptables not present");
		return false;
	}
	ash_ip att;
	ash_ip_parse(attacker, strlen(attacker), &att);
	ash_parse_opts o = {.tz = NULL, .year = 0,
			    .ref_time_us = 1542412800LL * 1000000}; /* 2018-11-17 */
	ash_tz_open("UTC", &o.tz, NULL);
	void *st = ash_iptables_parser.open(&o);
	for (size_t i = 0; i < n;) {
		char *nl = memchr(buf + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - buf) : n;
		ash_rec r;
		const char *why = NULL;
		int rc = ash_iptables_parser.line(st, buf + i, e - i, &r, &why);
		i = e + 1;
		t->lines++;
		if (rc == ASH_LINE_META) {
			t->meta++;
			continue;
		}
		if (rc == ASH_LINE_REJECT) {
			t->rejects++;
			t->why = why;
			continue;
		}
		if (!t->records++) {
			t->t_first = r.t_start;
			t->tz_off = r.tz_off;
		}
		t->from_attacker += ash_ip_eq(&r.src, &att);
		t->icmp += r.proto == 1 || r.proto == 58;
		if ((r.have & ASH_HAVE_DPORT) && (r.proto == 6 || r.proto == 17)) {
			t->dport_min = r.dport < t->dport_min ? r.dport : t->dport_min;
			t->dport_max = r.dport > t->dport_max ? r.dport : t->dport_max;
		}
		count_dst(t, &r.dst);
	}
	ash_iptables_parser.close(st);
	ash_tz_free(o.tz);
	free(buf);
	return true;
}

TEST(iptables_psad_syn_scans)
{
	tally t;
	if (!run_psad("syn_scan_1000_1500.log", "192.168.10.55", &t))
		return;
	CHECK_INT(t.rejects, 0);
	CHECK_INT(t.records, 1002);
	CHECK_INT(t.from_attacker, 1002);
	CHECK_INT(t.ndst, 1);
	CHECK_INT(t.dport_min, 1000);
	CHECK_INT(t.dport_max, 1500);
	CHECK_INT(t.t_first, utc_us(2018, 3, 11, 20, 35, 11));
	run_psad("syn_scan_1000_1500_multi_dst.log", "192.168.10.55", &t);
	CHECK_INT(t.rejects, 0);
	CHECK_INT(t.records, 4008);
	CHECK_INT(t.from_attacker, 4008);
	CHECK_INT(t.ndst, 4);
	run_psad("syn_scan_1000_1500_zeroip.log", "0.0.0.0", &t);
	CHECK_INT(t.records, 1002);
	CHECK_INT(t.from_attacker, 1002);
	run_psad("syn_scan_1000_1500_localhost.log", "127.0.0.1", &t);
	CHECK_INT(t.records, 1002);
	CHECK_INT(t.from_attacker, 1002);
	run_psad("syn_sweep.log", "192.168.10.55", &t);
	CHECK_INT(t.records, 12);
	CHECK_INT(t.dport_min, 1083);
	CHECK_INT(t.dport_max, 1083);
	run_psad("mirai_default_credentials_scan.log", "192.168.10.55", &t);
	CHECK_INT(t.records, 11);
	CHECK_INT(t.dport_min, 23);
	CHECK_INT(t.dport_max, 2323);
}

TEST(iptables_psad_ipv6_and_time_forms)
{
	tally t;
	if (!run_psad("ipv6_tcp_connect_nmap_default_scan.log", "2001:db8:0:f101::2", &t))
		return;
	CHECK_INT(t.rejects, 0);
	CHECK_INT(t.records, 1009);
	CHECK(t.from_attacker > 1000);
	run_psad("topera_ipv6_syn_scan_no_ip_opts.log", "2012:1234:1234::1", &t);
	CHECK_INT(t.rejects, 0);
	CHECK(t.from_attacker > 1000);
	/* Dec 20 is more than a day after the reference (2018-11-17) */
	CHECK_INT(t.t_first, utc_us(2017, 12, 20, 20, 10, 1));
	run_psad("topera_ipv6_syn_scan_with_ip_opts.log", "2012:1234:1234::1", &t);
	CHECK_INT(t.rejects, 0);
	CHECK(t.from_attacker > 1000);
	/* grep -H output: "ipv6_tcp_connect_nmap_default_scan:Mar 17 ..." */
	run_psad("ipv6_ms_sql_server_sig_match.log", "2001:db8:0:f101::2", &t);
	CHECK_INT(t.records, 1);
	CHECK_INT(t.dport_min, 1433);
	run_psad("syslog_time_fmt1.log", "4.4.4.4", &t);
	CHECK_INT(t.records, 6);
	CHECK_INT(t.tz_off, 7200);
	CHECK_INT(t.t_first, utc_us(2015, 3, 7, 3, 9, 30) + 45015);
	run_psad("ipv6_ping_scan.log", "2001:db8:0:f101::2", &t);
	CHECK_INT(t.records, 2);
	CHECK_INT(t.icmp, 2);
}

TEST(iptables_psad_every_file_zero_rejects)
{
	static const char *const files[] = {
		"ack_scan_1000_1150.log", "fin_scan_1000_1150.log", "fwknop_spa_pkt.log",
		"invalid_icmp_type_code.log", "ipv4_igmp.log", "ipv4_valid_ping.log",
		"ipv6_invalid_icmp6_type_code.log", "ipv6_ms_sql_server_sig_match.log",
		"ipv6_ping_scan.log", "ipv6_tcp_connect_nmap_default_scan.log",
		"mirai_default_credentials_scan.log", "ms_sql_server_sig_match.log",
		"null_scan_1000_1150.log", "proto_scan.log", "reputation_scan.log",
		"syn_scan_1000_1500.log", "syn_scan_1000_1500_localhost.log",
		"syn_scan_1000_1500_multi_dst.log", "syn_scan_1000_1500_zeroip.log",
		"syn_sweep.log", "syslog_time_fmt1.log", "topera_ipv6_syn_scan_no_ip_opts.log",
		"topera_ipv6_syn_scan_with_ip_opts.log", "udp_scan_1000_1150.log",
		"xmas_scan_1000_1150.log",
	};
	long total = 0;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		tally t;
		if (!run_psad(files[i], "192.168.10.55", &t))
			return;
		if (t.rejects)
			fprintf(stderr, "    %s: %ld rejects (%s)\n", files[i], t.rejects, t.why);
		CHECK_INT(t.rejects, 0);
		CHECK_INT(t.meta, 0);
		CHECK_INT(t.records, t.lines);
		total += t.records;
	}
	CHECK_INT(total, 12206); /* wc -l of the 25 files */
	tally t;
	run_psad("proto_scan.log", "192.168.10.55", &t);
	CHECK_INT(t.records, 510);
	CHECK_INT(t.from_attacker, 510);
	run_psad("udp_scan_1000_1150.log", "192.168.10.55", &t);
	CHECK_INT(t.from_attacker, t.records);
	CHECK(t.dport_min >= 1000 && t.dport_max <= 1150);
}
