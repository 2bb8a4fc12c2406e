/* SPDX-License-Identifier: MIT */
/* test_asa.c: Cisco ASA / FTD syslog (ingest/asa.c): each supported
 * message id, direction and NAT (real/mapped), teardown duration and bytes,
 * interfaces as zones, header forms (with/without year, zone abbreviation,
 * device id, RFC 5424), site zone across DST both ways (Europe/Berlin),
 * rejects with reasons, hostile lines, the sniffer, the Elastic sample. */
#include "fwline_fixture.h"

TEST(asa_built_outbound_nat)
{
	fwfx f;
	fw_open(&f, &ash_asa_parser, "UTC", 2013);
	/* outbound: the "to" side (inside) initiated; its mapped address is
	 * the source NAT */
	CHECK_INT(fw_line(&f, "Apr 29 2013 12:59:50: %ASA-6-302013: Built outbound TCP "
			      "connection 89743277 for outside:192.168.0.17/80 "
			      "(192.168.0.17/80) to inside:192.168.3.42/4954 (10.0.0.130/10879)"),
		  ASH_LINE_RECORD);
	ash_rec *r = &f.r;
	CHECK_INT(r->t_start, fw_utc(2013, 4, 29, 12, 59, 50));
	CHECK(fw_ip(&r->src, "192.168.3.42"));
	CHECK_INT(r->sport, 4954);
	CHECK(fw_ip(&r->dst, "192.168.0.17"));
	CHECK_INT(r->dport, 80);
	CHECK(fw_ip(&r->nat_src, "10.0.0.130"));
	CHECK_INT(r->nat_sport, 10879);
	CHECK(r->have & ASH_HAVE_NAT_SRC);
	CHECK(!(r->have & ASH_HAVE_NAT_DST));
	CHECK(fw_str(r->in_if, "inside"));
	CHECK(fw_str(r->out_if, "outside"));
	CHECK_INT(r->proto, 6);
	CHECK_INT(r->action, ASH_ACT_ALLOW);
	CHECK(fw_str(r->rule, "302013"));
	CHECK_INT(r->format, ASH_FMT_ASA);
	CHECK(!(r->have & (ASH_HAVE_OBYTES | ASH_HAVE_END)));
	fw_close(&f);
}

TEST(asa_built_inbound_user_ipv6)
{
	fwfx f;
	fw_open(&f, &ash_asa_parser, "UTC", 2021);
	/* inbound to a static NAT: dst is the mapped (public) address the
	 * client used, nat_dst the real server; identity-firewall users skipped */
	CHECK_INT(fw_line(&f, "Jan 13 2021 19:12:37: %ASA-6-302015: Built inbound UDP connection "
			      "1 for outside:198.51.100.7/5353 (198.51.100.7/5353)(LOCAL\\First Last) "
			      "to dmz:10.1.1.5/53 (203.0.113.5/53) (First Last)"),
		  ASH_LINE_RECORD);
	CHECK(fw_ip(&f.r.src, "198.51.100.7"));
	CHECK(fw_ip(&f.r.dst, "203.0.113.5"));
	CHECK(fw_ip(&f.r.nat_dst, "10.1.1.5"));
	CHECK_INT(f.r.nat_dport, 53);
	CHECK(!(f.r.have & ASH_HAVE_NAT_SRC));
	CHECK_INT(f.r.proto, 17);
	CHECK(fw_str(f.r.in_if, "outside"));
	CHECK(fw_str(f.r.out_if, "dmz"));
	CHECK_INT(fw_line(&f, "Jan 15 2021 19:12:37: %ASA-6-302013: Built inbound TCP connection "
			      "251933191 for OUTSIDE:2001:db8::a/62477 (2001:db8::a/62477) to "
			      "INSIDE:2001:db8:1::443/443 (2001:db8:1::443/443) (soc@example.com)"),
		  ASH_LINE_RECORD);
	CHECK(fw_ip(&f.r.src, "2001:db8::a"));
	CHECK(fw_ip(&f.r.dst, "2001:db8:1::443"));
	CHECK_INT(f.r.sport, 62477);
	CHECK_INT(f.r.dport, 443);
	fw_close(&f);
}

TEST(asa_teardown_duration_bytes)
{
	fwfx f;
	fw_open(&f, &ash_asa_parser, "UTC", 2018);
	CHECK_INT(fw_line(&f, "Dec 11 2018 08:01:38 fw1 : %ASA-6-302014: Teardown TCP connection "
			      "447234 for outside:192.168.2.222/1234 to dmz:192.168.1.35/5678 "
			      "duration 1:01:08 bytes 134781 TCP FINs"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.t_end, fw_utc(2018, 12, 11, 8, 1, 38));
	CHECK_INT(f.r.t_start, fw_utc(2018, 12, 11, 7, 0, 30));
	CHECK_INT(f.r.obytes, 134781);
	CHECK(f.r.have & ASH_HAVE_OBYTES);
	CHECK(!(f.r.have & ASH_HAVE_RBYTES));
	CHECK_INT(f.r.tcp_flags, ASH_TCP_FIN);
	CHECK(fw_str(f.r.note, "TCP FINs")); /* the teardown reason */
	CHECK(fw_str(f.r.rule, "302014"));
	CHECK(fw_str(f.r.device, "fw1"));
	CHECK(fw_ip(&f.r.src, "192.168.2.222"));
	/* UDP teardown, old form with user names after the endpoints and no
	 * colon after the id; hours beyond 24 */
	CHECK_INT(fw_line(&f, "Apr 29 2013 12:59:50: %ASA-6-302016 Teardown UDP connection 666 "
			      "for outside:192.168.2.222/53 user1 to inside:10.123.1.35/52925 "
			      "user2 duration 30:00:00 bytes 9999999"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.t_end - f.r.t_start, 30LL * 3600 * 1000000);
	CHECK_INT(f.r.obytes, 9999999);
	CHECK_INT(f.r.proto, 17);
	CHECK_INT(f.r.note.n, 0); /* no reason given */
	CHECK_INT(fw_line(&f, "Apr 29 2013 12:59:50: %ASA-6-302014: Teardown TCP connection 1 "
			      "for a:10.0.0.1/1 to b:10.0.0.2/2 duration 0:00:01 bytes 10 TCP Reset-O"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.tcp_flags, ASH_TCP_RST);
	CHECK(fw_str(f.r.note, "TCP Reset-O"));
	/* reasons of the ASA message reference, with the closing side and a
	 * user group after them (neither is part of the reason) */
	static const struct {
		const char *tail, *note;
	} t[] = {
		{" TCP Reset-I from inside", "TCP Reset-I"},
		{" Conn-timeout", "Conn-timeout"},
		{" SYN Timeout (LOCAL\\bob)", "SYN Timeout"},
		{" Flow closed by inspection from outside (bob)", "Flow closed by inspection"},
		{" TCP Reset - APPLIANCE", "TCP Reset - APPLIANCE"},
		{" (LOCAL\\bob)", ""},
		{"   ", ""},
		{" Idle\x01 T\xffimeout", "Idle? T?imeout"},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char line[300];
		snprintf(line, sizeof line, "Apr 29 2013 12:59:50: %%ASA-6-302014: Teardown "
			 "TCP connection 1 for a:10.0.0.1/1 to b:10.0.0.2/2 duration "
			 "0:00:01 bytes 10%s", t[i].tail);
		CHECK_INT(fw_line(&f, line), ASH_LINE_RECORD);
		if (!fw_str(f.r.note, t[i].note))
			ash_test_fail(__FILE__, __LINE__, "'%s': note '%.*s'", t[i].tail,
				      (int)f.r.note.n, f.r.note.p);
	}
	CHECK_INT(fw_line(&f, "Apr 29 2013 12:59:50: %ASA-6-302014: Teardown TCP connection 1 "
			      "for a:10.0.0.1/1 to b:10.0.0.2/2 duration 0:61:01 bytes 10"),
		  ASH_LINE_REJECT);
	CHECK(strstr(f.why, "duration") != NULL);
	fw_close(&f);
}

TEST(asa_icmp_connections)
{
	fwfx f;
	fw_open(&f, &ash_asa_parser, "UTC", 2021);
	CHECK_INT(fw_line(&f, "Jan 13 2021 19:12:37: %ASA-5-302020: Built inbound ICMP connection "
			      "for faddr 175.16.199.1/0(LOCAL\\USER001) gaddr 67.43.156.15/0 laddr "
			      "10.9.9.9/0 (USER001) type 8 code 0"),
		  ASH_LINE_RECORD);
	CHECK(fw_ip(&f.r.src, "175.16.199.1"));
	CHECK(fw_ip(&f.r.dst, "67.43.156.15"));
	CHECK(fw_ip(&f.r.nat_dst, "10.9.9.9"));
	CHECK_INT(f.r.dport, 8 << 8);
	CHECK(!(f.r.have & ASH_HAVE_SPORT));
	CHECK_INT(f.r.proto, 1);
	CHECK_INT(fw_line(&f, "Jan 13 2021 19:12:37: %ASA-6-302020: Built outbound ICMP connection "
			      "for faddr 8.8.8.8/0 gaddr 203.0.113.1/77 laddr 10.0.0.5/77"),
		  ASH_LINE_RECORD);
	CHECK(fw_ip(&f.r.src, "10.0.0.5"));
	CHECK(fw_ip(&f.r.nat_src, "203.0.113.1"));
	CHECK(fw_ip(&f.r.dst, "8.8.8.8"));
	CHECK(!(f.r.have & ASH_HAVE_DPORT));
	CHECK_INT(fw_line(&f, "Jan 15 2021 19:12:37: %ASA-6-302021: Teardown ICMP connection for "
			      "faddr ff02::1/0 gaddr fe80::2205:baff:fe9d:f637/0 laddr "
			      "fe80::2205:baff:fe9d:f637/0 type 134 code 0"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.proto, 58);
	CHECK_INT(f.r.dport, 134 << 8);
	CHECK_INT(f.r.note.n, 0); /* 302021 gives no reason */
	fw_close(&f);
}

TEST(asa_denies)
{
	fwfx f;
	fw_open(&f, &ash_asa_parser, "UTC", 2013);
	CHECK_INT(fw_line(&f, "Apr 15 2013 09:36:50: %ASA-4-106023: Deny tcp src "
			      "dmz:10.1.2.30/63016 dst outside:192.168.0.8/53 by access-group "
			      "\"acl_dmz\" [0xe3aab522, 0x0]"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.action, ASH_ACT_DENY);
	CHECK(fw_str(f.r.rule, "acl_dmz"));
	CHECK(fw_str(f.r.in_if, "dmz"));
	CHECK(fw_str(f.r.out_if, "outside"));
	CHECK_INT(f.r.sport, 63016);
	CHECK_INT(fw_line(&f, "Apr 15 2013 09:36:50: %ASA-4-106023: Deny icmp src "
			      "outside:10.0.0.1 dst inside:10.0.0.2 (type 8, code 0) by "
			      "access-group \"out\" [0x0, 0x0]"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.dport, 8 << 8);
	CHECK_INT(fw_line(&f, "Apr 15 2013 09:36:50: %ASA-4-106023: Deny protocol 47 src "
			      "outside:10.0.0.1 dst inside:10.0.0.2 by access-group \"out\" [0x0, 0x0]"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.proto, 47);
	CHECK(!(f.r.have & (ASH_HAVE_SPORT | ASH_HAVE_DPORT)));
	CHECK_INT(fw_line(&f, "Apr 30 2013 09:23:02: %ASA-2-106006: Deny inbound UDP from "
			      "192.168.2.66/137 to 10.1.2.42/137 on interface inside"),
		  ASH_LINE_RECORD);
	CHECK(fw_str(f.r.in_if, "inside"));
	CHECK_INT(f.r.proto, 17);
	CHECK_INT(fw_line(&f, "Apr 30 2013 09:22:33: %ASA-2-106007: Deny inbound UDP from "
			      "192.168.0.66/12981 to 10.1.2.60/53 due to DNS Query"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.dport, 53);
	CHECK_INT(fw_line(&f, "Apr 30 2013 09:22:33: %ASA-2-106001: Inbound TCP connection denied "
			      "from 10.0.0.1/4444 to 10.0.0.2/22 flags SYN ACK on interface outside"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.tcp_flags, ASH_TCP_SYN | ASH_TCP_ACK);
	CHECK(fw_str(f.r.in_if, "outside"));
	CHECK_INT(fw_line(&f, "Dec 11 2018 08:01:38 <IP>: %ASA-6-106015: Deny TCP (no connection) "
			      "from 192.168.2.222/1234 to 192.168.1.34/5679 flags RST  on interface "
			      "outside"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.tcp_flags, ASH_TCP_RST);
	CHECK_INT(fw_line(&f, "Apr 30 2013 09:22:33: %ASA-3-106014: Deny inbound icmp src "
			      "outside:10.0.0.1 dst inside:10.0.0.2 (type 8, code 0)"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.dport, 8 << 8);
	CHECK_INT(fw_line(&f, "Apr 30 2013 09:22:33: %ASA-5-106100: access-list acl_in denied udp "
			      "inside/172.29.2.101(1039) -> outside/192.168.2.10(53) hit-cnt 1 first "
			      "hit [0xd820e56a, 0x0]"),
		  ASH_LINE_RECORD);
	CHECK(fw_str(f.r.rule, "acl_in"));
	CHECK_INT(f.r.action, ASH_ACT_DENY);
	CHECK_INT(f.r.sport, 1039);
	CHECK_INT(fw_line(&f, "Apr 30 2013 09:22:33: %ASA-5-106100: access-list acl_in est-allowed "
			      "tcp inside/10.0.0.46(49840)(LOCAL\\u) -> outside/192.168.0.88(40443) "
			      "hit-cnt 1 first hit [0x71a87d94, 0x0]"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.action, ASH_ACT_ALLOW);
	CHECK_INT(f.r.dport, 40443);
	CHECK_INT(fw_line(&f, "Sep 12 2014 06:53:02 GIFRCHN01 : %ASA-3-313001: Denied ICMP type=3, "
			      "code=3 from 10.2.3.5 on interface Outside"),
		  ASH_LINE_RECORD);
	CHECK_INT(f.r.dport, 3 << 8 | 3);
	CHECK(fw_ip(&f.r.dst, "0.0.0.0")); /* the ASA itself: not given */
	CHECK(fw_str(f.r.in_if, "Outside"));
	CHECK_INT(fw_line(&f, "Sep 12 2014 06:53:02: %ASA-3-710003: TCP access denied by ACL from "
			      "198.51.100.9/51000 to outside:203.0.113.1/22"),
		  ASH_LINE_RECORD);
	CHECK(fw_str(f.r.in_if, "outside"));
	CHECK_INT(f.r.dport, 22);
	CHECK_INT(f.r.action, ASH_ACT_DENY);
	fw_close(&f);
}

TEST(asa_threat_detection_event)
{
	fwfx f;
	fw_open(&f, &ash_asa_parser, "UTC", 2020);
	CHECK_INT(fw_line(&f, "Mar  2 2020 10:00:00: %ASA-4-733100: [ 10.1.1.9] drop rate-1 "
			      "exceeded. Current burst rate is 0 per second, max configured rate "
			      "is 8; Current average rate is 39 per second, max configured rate is "
			      "4; Cumulative total count is 23766"),
		  ASH_LINE_RECORD);
	CHECK(fw_ip(&f.r.src, "10.1.1.9"));
	CHECK_INT(f.r.action, ASH_ACT_DROP);
	CHECK(fw_str(f.r.rule, "10.1.1.9 drop rate-1"));
	CHECK_INT(fw_line(&f, "Mar  2 2020 10:00:00: %ASA-4-733100: [Scanning] drop rate-2 "
			      "exceeded. Current burst rate is 1 per second"),
		  ASH_LINE_RECORD);
	CHECK(fw_str(f.r.rule, "Scanning drop rate-2"));
	CHECK(fw_ip(&f.r.src, "0.0.0.0"));
	fw_close(&f);
}

TEST(asa_headers_and_zones)
{
	fwfx f;
	fw_open(&f, &ash_asa_parser, "America/New_York", 2014);
	const char *msg = "%ASA-session-5-106100: access-list acl_in permitted tcp "
			  "inside/10.1.2.16(2241) -> outside/192.168.0.89(2000) hit-cnt 1 first hit";
	char line[512];
	/* zone abbreviation in the stamp wins over the site zone */
	snprintf(line, sizeof line, "Apr 15 2014 09:34:34 EDT: %s", msg);
	CHECK_INT(fw_line(&f, line), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, fw_utc(2014, 4, 15, 13, 34, 34));
	CHECK_INT(f.r.tz_off, -4 * 3600);
	CHECK_INT(f.r.device.n, 0);
	snprintf(line, sizeof line, "Apr 15 2014 09:34:34 UTC: %s", msg);
	CHECK_INT(fw_line(&f, line), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, fw_utc(2014, 4, 15, 9, 34, 34));
	/* no abbreviation: site zone (EDT in April) */
	snprintf(line, sizeof line, "Apr 15 2014 09:34:34: %s", msg);
	CHECK_INT(fw_line(&f, line), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, fw_utc(2014, 4, 15, 13, 34, 34));
	/* without year (the given year 2014), relay header with PRI and host */
	snprintf(line, sizeof line, "<166>Apr 15 09:34:34 asa-1 : %s", msg);
	CHECK_INT(fw_line(&f, line), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, fw_utc(2014, 4, 15, 13, 34, 34));
	CHECK(fw_str(f.r.device, "asa-1"));
	/* RFC 5424 stamp with offset */
	snprintf(line, sizeof line, "<166>2014-04-15T09:34:34+02:00 asa-2 : %s", msg);
	CHECK_INT(fw_line(&f, line), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, fw_utc(2014, 4, 15, 7, 34, 34));
	/* FTD uses the same ids */
	snprintf(line, sizeof line, "Apr 15 2014 09:34:34 ftd : %%FTD-5-106100: access-list a "
		 "denied tcp in/10.0.0.1(1) -> out/10.0.0.2(2) hit-cnt 1 first hit");
	CHECK_INT(fw_line(&f, line), ASH_LINE_RECORD);
	CHECK_INT(f.r.action, ASH_ACT_DENY);
	fw_close(&f);
}

/* Europe/Berlin: 2026-03-29 02:00 CET -> 03:00 CEST; 2026-10-25 03:00
 * CEST -> 02:00 CET.  Yearless stamps, site zone. */
TEST(asa_site_zone_dst_both_ways)
{
	fwfx f;
	char line[512];
	const char *msg = "%ASA-4-106023: Deny udp src a:10.0.0.1/1 dst b:10.0.0.2/2 by "
			  "access-group \"x\"";
	static const struct {
		const char *stamp;
		int h, mi, off;
		int mo, d;
	} c[] = {{"Mar 29 01:59:59", 0, 59, 3600, 3, 29},
		 {"Mar 29 03:00:00", 1, 0, 7200, 3, 29},
		 {"Oct 25 01:30:00", 23, 30, 7200, 10, 24},
		 {"Oct 25 02:30:00", 0, 30, 7200, 10, 25}, /* twice: first */
		 {"Oct 25 03:00:00", 2, 0, 3600, 10, 25}};
	fw_open(&f, &ash_asa_parser, "Europe/Berlin", 2026);
	for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
		snprintf(line, sizeof line, "%s fw : %s", c[k].stamp, msg);
		CHECK_INT(fw_line(&f, line), ASH_LINE_RECORD);
		int sec = k == 0 ? 59 : 0;
		CHECK_INT(f.r.t_start, fw_utc(2026, c[k].mo, c[k].d, c[k].h, c[k].mi, sec));
		CHECK_INT(f.r.tz_off, c[k].off);
	}
	fw_close(&f);
}

TEST(asa_rejects_and_hostile)
{
	fwfx f;
	fw_open(&f, &ash_asa_parser, "UTC", 2013);
	CHECK_INT(fw_line(&f, "   "), ASH_LINE_META);
	CHECK_INT(fw_line(&f, "Apr 29 2013 12:59:50: %ASA-6-305011: Built dynamic TCP translation "
			      "from outside:10.123.3.42/4952 to outside:192.168.2.130/12834"),
		  ASH_LINE_REJECT);
	CHECK_STR(f.why, "ASA message 305011 carries no flow");
	CHECK_INT(fw_line(&f, "Apr 29 2013 12:59:50 host sshd[1]: hello"), ASH_LINE_REJECT);
	CHECK(strstr(f.why, "%ASA-") != NULL);
	CHECK_INT(fw_line(&f, "%ASA-6-302013: Built outbound TCP connection 1 for a:1.1.1.1/1 "
			      "(1.1.1.1/1) to b:2.2.2.2/2 (2.2.2.2/2)"),
		  ASH_LINE_REJECT);
	CHECK(strstr(f.why, "timestamp") != NULL);
	CHECK_INT(fw_line(&f, "Apr 29 2013 12:59:50: %ASA-6-30201: x"), ASH_LINE_REJECT);
	CHECK_INT(fw_line(&f, "Dec 11 2018 08:01:31 <IP>: %ASA-6-302013: Built outbound TCP "
			      "connection 447236 for outside:192.168.2.222/1234 (192.168.2.222/1234) "
			      "to dmz:OCSP_Server/5678 (OCSP_Server/5678)"),
		  ASH_LINE_REJECT);
	CHECK(strstr(f.why, "name") != NULL);
	/* missing fields: truncated messages */
	CHECK_INT(fw_line(&f, "Apr 29 2013 12:59:50: %ASA-6-302014: Teardown TCP connection 1 "
			      "for a:10.0.0.1/1 to"),
		  ASH_LINE_REJECT);
	CHECK_INT(fw_line(&f, "Apr 29 2013 12:59:50: %ASA-4-106023: Deny tcp src"), ASH_LINE_REJECT);
	CHECK_INT(fw_line(&f, "Apr 29 2013 12:59:50: %ASA-4-733100: ["), ASH_LINE_REJECT);
	CHECK_INT(fw_line(&f, "Apr 29 2013 12:59:50: %ASA-4-106023: Deny tcp src a:10.0.0.1/1 dst "
			      "b:2001:db8::1/2 by access-group \"x\""),
		  ASH_LINE_REJECT); /* mixed families */
	/* non-ASCII user and interface names */
	CHECK_INT(fw_line(&f, "Nov 17 2023 11:05:08: %ASA-6-302014: Teardown TCP connection 2 for "
			      "au\xc3\x9f\x65n:67.43.156.15/63790(LOCAL\\Speci\xc3\xa4l \xc3\x96\x30\x31) to "
			      "in\xff:192.168.0.1/53 duration 0:35:58 bytes 27451 TCP FINs from outside"),
		  ASH_LINE_RECORD);
	CHECK(fw_str(f.r.in_if, "au\xc3\x9f" "en"));
	CHECK(fw_str(f.r.out_if, "in?"));
	CHECK(fw_str(f.r.note, "TCP FINs"));
	/* a very long line: parsed as far as needed, no overrun */
	size_t n = 100000;
	char *l = malloc(n + 1);
	int k = snprintf(l, n, "Apr 29 2013 12:59:50: %%ASA-4-733100: [");
	memset(l + k, 'A', n - (size_t)k);
	l[n] = 0;
	CHECK_INT(fw_line(&f, l), ASH_LINE_REJECT);
	memcpy(l, "Apr 29 2013 12:59:50: %ASA-6-106100: access-list ", 50);
	CHECK_INT(fw_line(&f, l), ASH_LINE_REJECT);
	free(l);
	fw_close(&f);
}

TEST(asa_yearless_rollover_and_abbrev)
{
	fwfx f;
	const char *msg = "%ASA-4-106023: Deny udp src a:10.0.0.1/1 dst b:10.0.0.2/2 by "
			  "access-group \"x\"";
	char line[512];
	fw_open(&f, &ash_asa_parser, "America/New_York", 2025);
	/* without year, with zone abbreviation */
	snprintf(line, sizeof line, "Dec 31 23:59:59 EST: %s", msg);
	CHECK_INT(fw_line(&f, line), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, fw_utc(2026, 1, 1, 4, 59, 59));
	CHECK_INT(f.r.tz_off, -5 * 3600);
	/* New Year in a yearless file: the year moves on */
	snprintf(line, sizeof line, "Jan  1 00:00:01 fw : %s", msg);
	CHECK_INT(fw_line(&f, line), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, fw_utc(2026, 1, 1, 5, 0, 1));
	CHECK(fw_str(f.r.device, "fw"));
	/* an ambiguous abbreviation is a device id, the site zone applies */
	snprintf(line, sizeof line, "Jan  1 00:00:02 CST: %s", msg);
	CHECK_INT(fw_line(&f, line), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, fw_utc(2026, 1, 1, 5, 0, 2));
	/* 106100 ICMP: (type) -> (code) */
	snprintf(line, sizeof line, "Jan  1 00:00:03 fw : %%ASA-6-106100: access-list in "
		 "denied icmp outside/10.0.0.1(8) -> inside/10.0.0.2(0) hit-cnt 1 first hit");
	CHECK_INT(fw_line(&f, line), ASH_LINE_RECORD);
	CHECK_INT(f.r.proto, 1);
	CHECK_INT(f.r.dport, 8 << 8);
	CHECK(!(f.r.have & ASH_HAVE_SPORT));
	fw_close(&f);
}

TEST(asa_sniff)
{
	const char *s = "Apr 29 2013 12:59:50: %ASA-6-305011: Built dynamic\n"
			"Apr 29 2013 12:59:50: %ASA-6-302013: Built outbound\n";
	int score = 0;
	CHECK(ash_parser_sniff(s, strlen(s), &score) == &ash_asa_parser);
	CHECK(score >= 90);
}

TEST(asa_elastic_sample)
{
	const char *path = ash_test_shared("data/firewall-samples-elastic/cisco-asa-sample.log");
	if (!path) {
		ash_test_skip("../shared/data/firewall-samples-elastic absent");
		return;
	}
	static const char *const explained[] = {
		"ASA message 305011 carries no flow", /* NAT slot built */
		"ASA message 305012 carries no flow", /* NAT slot torn down */
		"ASA message 304001 carries no flow", /* URL accessed */
		"ASA message 304002 carries no flow", /* URL denied */
		"ASA message 602304 carries no flow", /* IPsec SA deleted */
		"ASA connection message: bad endpoint", /* "OCSP_Server": a name */
		NULL};
	fwfx f;
	int rec = 0, rej = 0, meta = 0, unexpl = 0;
	fw_open(&f, &ash_asa_parser, "UTC", 2013);
	CHECK_INT(fw_file(&f, path, &rec, &rej, &meta, explained, &unexpl), 0);
	CHECK_INT(rec + rej + meta, 92); /* SOURCE.md: 92 lines */
	CHECK_INT(rec, 79);
	CHECK_INT(rej, 13); /* 4+2 NAT, 3+1 URL, 1 IPsec, 2 names */
	CHECK_INT(unexpl, 0);
	fw_close(&f);
	/* the teardown reasons of the sample: TCP FINs, 10 times (4 alone, 6
	 * with "from outside" and a user); the 302016 (one with only a user
	 * group) and 302021 teardowns give none */
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int fins = 0, other = 0, teardowns = 0;
	fw_open(&f, &ash_asa_parser, "UTC", 2013);
	while (fp && (len = getline(&line, &cap, fp)) > 0) {
		if (f.p->line(f.st, line, (size_t)len, &f.r, &f.why) != ASH_LINE_RECORD)
			continue;
		teardowns += strstr(line, "Teardown") != NULL;
		if (fw_str(f.r.note, "TCP FINs"))
			fins++;
		else if (f.r.note.n)
			other++;
	}
	free(line);
	if (fp)
		fclose(fp);
	fw_close(&f);
	CHECK_INT(fins, 10);
	CHECK_INT(other, 0);
	CHECK(teardowns > fins);
}
