/* SPDX-License-Identifier: MIT */
/* test_syslog.c: syslog header forms, zones, yearless stamps and their
 * year inference and New Year tracking (ingest/syslog.c). */
#include "harness.h"

#include "core/tztime.h"
#include "ingest/syslog.h"

static int64_t utc_us(int y, int mo, int d, int h, int mi, int s)
{
	ash_civil c = {y, mo, d, h, mi, s, 0};
	return ash_civil_to_epoch(&c) * 1000000;
}

static int parse(ash_syslog *sl, const char *line, ash_syslog_hdr *h,
		 const char **reason)
{
	*reason = NULL;
	return ash_syslog_parse(sl, line, strlen(line), h, reason);
}

static bool str_is(ash_str s, const char *want)
{
	return s.n == strlen(want) && !memcmp(s.p, want, s.n);
}

static bool msg_is(const ash_syslog_hdr *h, const char *want)
{
	return h->msg_n == strlen(want) && !memcmp(h->msg, want, h->msg_n);
}

TEST(syslog_bsd_local_zone)
{
	ash_tz *sg = NULL;
	CHECK(ash_tz_open("Asia/Singapore", &sg, NULL) == 0);
	if (!sg)
		return;
	ash_syslog sl;
	ash_syslog_hdr h;
	const char *why;
	ash_syslog_init(&sl, sg, 2026, 0);
	CHECK_INT(parse(&sl, "Nov 24 17:02:11 fw-border kernel: hello", &h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2026, 11, 24, 9, 2, 11));
	CHECK_INT(h.tz_off, 8 * 3600);
	CHECK_INT(h.form, ASH_SYSLOG_BSD);
	CHECK_INT(h.pri, -1);
	CHECK(str_is(h.host, "fw-border"));
	CHECK(str_is(h.tag, "kernel"));
	CHECK(msg_is(&h, "hello"));
	/* journalctl -o short-precise: fraction of a second */
	CHECK_INT(parse(&sl, "Nov 24 17:02:11.123456 fw ulogd[812]: x", &h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2026, 11, 24, 9, 2, 11) + 123456);
	CHECK(str_is(h.tag, "ulogd"));
	ash_tz_free(sg);
}

TEST(syslog_bsd_day_forms_pri_and_year)
{
	ash_syslog sl;
	ash_syslog_hdr h;
	const char *why;
	ash_syslog_init(&sl, NULL, 2026, 0);
	CHECK_INT(parse(&sl, "Feb  9 20:55:06 ubuntu kernel: a", &h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2026, 2, 9, 20, 55, 6));
	CHECK_INT(parse(&sl, "Feb 9 20:55:07 ubuntu kernel: a", &h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2026, 2, 9, 20, 55, 7));
	CHECK_INT(parse(&sl, "<4>Feb 09 20:55:08 ubuntu kernel: a", &h, &why), 0);
	CHECK_INT(h.pri, 4);
	CHECK_INT(h.t_us, utc_us(2026, 2, 9, 20, 55, 8));
	/* a written year wins over the tracked one */
	CHECK_INT(parse(&sl, "Mar 11 2024 20:35:11 host prog: y", &h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2024, 3, 11, 20, 35, 11));
	CHECK(msg_is(&h, "y"));
	/* no host: the first word is the tag */
	CHECK_INT(parse(&sl, "Mar 11 20:35:11 kernel: z", &h, &why), 0);
	CHECK_INT(h.host.n, 0);
	CHECK(str_is(h.tag, "kernel"));
	CHECK(msg_is(&h, "z"));
	/* no tag: the message follows the host */
	CHECK_INT(parse(&sl, "Mar 11 20:35:11 gw IN=eth0 OUT=", &h, &why), 0);
	CHECK(str_is(h.host, "gw"));
	CHECK_INT(h.tag.n, 0);
	CHECK(msg_is(&h, "IN=eth0 OUT="));
}

TEST(syslog_rfc5424)
{
	ash_syslog sl;
	ash_syslog_hdr h;
	const char *why;
	ash_syslog_init(&sl, NULL, 0, 0);
	CHECK_INT(parse(&sl, "<4>1 2026-11-24T17:02:11.123+08:00 fw kernel - - - IN=eth0",
			&h, &why), 0);
	CHECK_INT(h.form, ASH_SYSLOG_5424);
	CHECK_INT(h.pri, 4);
	CHECK_INT(h.t_us, utc_us(2026, 11, 24, 9, 2, 11) + 123000);
	CHECK_INT(h.tz_off, 8 * 3600);
	CHECK(str_is(h.host, "fw"));
	CHECK(str_is(h.tag, "kernel"));
	CHECK(msg_is(&h, "IN=eth0"));
	/* structured data with an escaped ']' and a BOM before MSG */
	CHECK_INT(parse(&sl, "<13>1 2026-11-24T09:02:11Z - app 12 ID7 "
			     "[x@1 a=\"b\\]c\" d=\"e\"][y@2] \xEF\xBB\xBFmsg here",
			&h, &why), 0);
	CHECK_INT(h.host.n, 0);
	CHECK(str_is(h.tag, "app"));
	CHECK(msg_is(&h, "msg here"));
	CHECK_INT(h.t_us, utc_us(2026, 11, 24, 9, 2, 11));
	CHECK_INT(parse(&sl, "<13>1 - host app - - - m", &h, &why), -1);
	CHECK_STR(why, "syslog timestamp is nil ('-')");
	CHECK_INT(parse(&sl, "<13>1 2026-11-24T09:02:11Z h a p m [unterminated", &h, &why), -1);
	CHECK_STR(why, "truncated RFC 5424 header");
}

TEST(syslog_iso_stamps)
{
	ash_tz *sg = NULL;
	CHECK(ash_tz_open("Asia/Singapore", &sg, NULL) == 0);
	if (!sg)
		return;
	ash_syslog sl;
	ash_syslog_hdr h;
	const char *why;
	ash_syslog_init(&sl, sg, 0, 0);
	/* journalctl -o short-iso: offset without colon */
	CHECK_INT(parse(&sl, "2026-11-24T17:02:11+0800 fw kernel: m", &h, &why), 0);
	CHECK_INT(h.form, ASH_SYSLOG_ISO);
	CHECK_INT(h.t_us, utc_us(2026, 11, 24, 9, 2, 11));
	CHECK_INT(h.tz_off, 8 * 3600);
	/* rsyslog high precision, another zone than the default */
	CHECK_INT(parse(&sl, "2015-03-07T05:09:30.045015+02:00 servername kernel: DROP: x",
			&h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2015, 3, 7, 3, 9, 30) + 45015);
	CHECK_INT(h.tz_off, 7200);
	CHECK(msg_is(&h, "DROP: x"));
	/* no offset: local to the given zone */
	CHECK_INT(parse(&sl, "2026-11-24T17:02:11 fw kernel: m", &h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2026, 11, 24, 9, 2, 11));
	CHECK_INT(h.tz_off, 8 * 3600);
	ash_tz_free(sg);
}

TEST(syslog_grep_prefix)
{
	ash_syslog sl;
	ash_syslog_hdr h;
	const char *why;
	ash_syslog_init(&sl, NULL, 2018, 0);
	CHECK_INT(parse(&sl, "ipv6_scan:Mar 17 13:39:13 linux kernel: [1.0] DROP", &h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2018, 3, 17, 13, 39, 13));
	CHECK(str_is(h.host, "linux"));
	CHECK_INT(parse(&sl, "kern.log:12:Mar 17 13:39:14 linux kernel: x", &h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2018, 3, 17, 13, 39, 14));
	CHECK_INT(parse(&sl, "a.log:2015-03-07T05:09:30Z host k: x", &h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2015, 3, 7, 5, 9, 30));
}

TEST(syslog_rejects)
{
	ash_syslog sl;
	ash_syslog_hdr h;
	const char *why;
	ash_syslog_init(&sl, NULL, 2026, 0);
	CHECK_INT(parse(&sl, "hello world", &h, &why), -1);
	CHECK_STR(why, "no syslog timestamp");
	CHECK_INT(parse(&sl, "[463490.251762] DROP IN=eth0 OUT=", &h, &why), -1);
	CHECK_STR(why, "no wall-clock timestamp (dmesg uptime only)");
	CHECK_INT(parse(&sl, "Feb 30 10:00:00 h k: x", &h, &why), -1);
	CHECK_STR(why, "bad syslog timestamp");
	CHECK_INT(parse(&sl, "Mar 11 25:00:00 h k: x", &h, &why), -1);
	CHECK_STR(why, "bad syslog timestamp");
	CHECK_INT(parse(&sl, "<999>Mar 11 20:00:00 h k: x", &h, &why), -1);
	CHECK_STR(why, "bad syslog priority");
	CHECK_INT(parse(&sl, "2026-13-01T00:00:00Z h k: x", &h, &why), -1);
	CHECK_STR(why, "bad syslog timestamp");
	CHECK_INT(parse(&sl, "Mar 11 20:00:00", &h, &why), -1);
	CHECK_STR(why, "truncated syslog header (no host)");
	/* a NUL inside the stamp is not a stamp; no read past n */
	static const char nul[] = "Mar 11 20:\0000:00 h k: x";
	CHECK_INT(ash_syslog_parse(&sl, nul, sizeof nul - 1, &h, &why), -1);
	CHECK_INT(ash_syslog_parse(&sl, "Mar 11 20:00:00 h", 9, &h, &why), -1);
}

TEST(syslog_infer_year)
{
	int64_t ref = utc_us(2026, 3, 1, 12, 0, 0) / 1000000;
	CHECK_INT(ash_syslog_infer_year(ref, 3, 1, 11 * 3600), 2026);
	CHECK_INT(ash_syslog_infer_year(ref, 3, 2, 11 * 3600), 2026); /* < 1 day ahead */
	CHECK_INT(ash_syslog_infer_year(ref, 3, 3, 0), 2025);
	CHECK_INT(ash_syslog_infer_year(ref, 12, 31, 0), 2025);
	CHECK_INT(ash_syslog_infer_year(ref, 2, 29, 0), 2024); /* leap day */
	/* ref on Dec 31: Jan 1 just after midnight is next year */
	ref = utc_us(2026, 12, 31, 23, 0, 0) / 1000000;
	CHECK_INT(ash_syslog_infer_year(ref, 1, 1, 60), 2027);
}

TEST(syslog_year_rollover)
{
	ash_syslog sl;
	ash_syslog_hdr h;
	const char *why;
	/* file written on 2027-01-02: first stamp Dec 31 belongs to 2026 */
	ash_syslog_init(&sl, NULL, 0, utc_us(2027, 1, 2, 0, 0, 0));
	CHECK_INT(parse(&sl, "Dec 31 23:59:58 h k: a", &h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2026, 12, 31, 23, 59, 58));
	CHECK_INT(parse(&sl, "Jan  1 00:00:01 h k: b", &h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2027, 1, 1, 0, 0, 1));
	CHECK_INT(parse(&sl, "Jan  1 00:00:02 h k: c", &h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2027, 1, 1, 0, 0, 2));
	/* a late line of the old year after the crossing stays in 2026 */
	CHECK_INT(parse(&sl, "Dec 31 23:59:59 h k: d", &h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2026, 12, 31, 23, 59, 59));
	CHECK_INT(parse(&sl, "Jan  1 00:00:03 h k: e", &h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2027, 1, 1, 0, 0, 3));
	/* without a crossing, a long gap forward keeps the year (sparse logs) */
	ash_syslog_init(&sl, NULL, 2026, 0);
	CHECK_INT(parse(&sl, "Jan  5 10:00:00 h k: a", &h, &why), 0);
	CHECK_INT(parse(&sl, "Sep 10 10:00:00 h k: b", &h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2026, 9, 10, 10, 0, 0));
	/* a given year is the year of the first stamp; New Year still moves it */
	ash_syslog_init(&sl, NULL, 2020, 0);
	CHECK_INT(parse(&sl, "Dec 30 10:00:00 h k: a", &h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2020, 12, 30, 10, 0, 0));
	CHECK_INT(parse(&sl, "Feb 29 10:00:00 h k: b", &h, &why), -1); /* 2021 */
	CHECK_STR(why, "bad syslog timestamp");
	CHECK_INT(parse(&sl, "Jan  2 10:00:00 h k: c", &h, &why), 0);
	CHECK_INT(h.t_us, utc_us(2021, 1, 2, 10, 0, 0));
}

TEST(syslog_comments)
{
	CHECK(ash_syslog_is_comment("", 0));
	CHECK(ash_syslog_is_comment("   \t\r", 5));
	const char *a = "-- Reboot --";
	CHECK(ash_syslog_is_comment(a, strlen(a)));
	a = "-- Logs begin at Mon 2026-11-23 10:00:00 +08, end at Tue 2026-11-24 --";
	CHECK(ash_syslog_is_comment(a, strlen(a)));
	a = "-- not a marker";
	CHECK(!ash_syslog_is_comment(a, strlen(a)));
	a = "Mar 11 20:35:11 h k: x";
	CHECK(!ash_syslog_is_comment(a, strlen(a)));
}
