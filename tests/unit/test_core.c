/* SPDX-License-Identifier: MIT */
/* test_core.c: addresses, prefixes, civil time and zones. */
#include "harness.h"

#include "core/ip.h"
#include "core/tztime.h"

TEST(ip_v4_roundtrip)
{
	ash_ip ip;
	char buf[ASH_IP_STRLEN];
	CHECK(ash_ip_parse("203.0.113.10", 12, &ip) == 0);
	CHECK(ash_ip_is_v4(&ip));
	CHECK_INT(ash_ip_v4(&ip), 0xCB00710Au);
	ash_ip_format(&ip, buf);
	CHECK_STR(buf, "203.0.113.10");
	CHECK(ash_ip_parse("256.0.0.1", 9, &ip) != 0);
	CHECK(ash_ip_parse("1.2.3", 5, &ip) != 0);
	CHECK(ash_ip_parse("01.2.3.4", 8, &ip) != 0);
	CHECK(ash_ip_parse("1.2.3.4 ", 8, &ip) != 0);
}

TEST(ip_v6_roundtrip)
{
	ash_ip ip;
	char buf[ASH_IP_STRLEN];
	const char *s = "2001:DB8:0:F101::2";
	CHECK(ash_ip_parse(s, strlen(s), &ip) == 0);
	CHECK(!ash_ip_is_v4(&ip));
	ash_ip_format(&ip, buf);
	CHECK_STR(buf, "2001:db8:0:f101::2");
	s = "fe80::1%eth0";
	CHECK(ash_ip_parse(s, strlen(s), &ip) == 0);
	CHECK(ash_ip_parse("::g", 3, &ip) != 0);
}

TEST(cidr_contains)
{
	ash_cidr c;
	ash_ip ip;
	CHECK(ash_cidr_parse("10.20.0.0/16", 12, false, &c) == 0);
	CHECK(ash_ip_parse("10.20.255.1", 11, &ip) == 0);
	CHECK(ash_cidr_contains(&c, &ip));
	CHECK(ash_ip_parse("10.21.0.1", 9, &ip) == 0);
	CHECK(!ash_cidr_contains(&c, &ip));
	CHECK(ash_cidr_parse("10.20.0.1/16", 12, false, &c) != 0);
	CHECK(ash_cidr_parse("10.20.0.1/16", 12, true, &c) == 0);
	CHECK(ash_cidr_parse("10.0.0.0/33", 11, false, &c) != 0);
	CHECK(ash_cidr_parse("2001:db8::/32", 13, false, &c) == 0);
	char buf[ASH_IP_STRLEN + 5];
	ash_cidr_format(&c, buf);
	CHECK_STR(buf, "2001:db8::/32");
	CHECK(ash_cidr_parse("0.0.0.0/0", 9, false, &c) == 0);
	CHECK(ash_ip_parse("8.8.8.8", 7, &ip) == 0);
	CHECK(ash_cidr_contains(&c, &ip));
}

TEST(civil_epoch)
{
	ash_civil c = {2026, 11, 24, 17, 2, 11, 0};
	CHECK_INT(ash_civil_to_epoch(&c), 1795539731);
	ash_civil d;
	ash_epoch_to_civil(1795539731, &d);
	CHECK_INT(d.year, 2026);
	CHECK_INT(d.mon, 11);
	CHECK_INT(d.day, 24);
	CHECK_INT(d.hour, 17);
	ash_epoch_to_civil(-1, &d);
	CHECK_INT(d.year, 1969);
	CHECK_INT(d.sec, 59);
}

TEST(tz_singapore_and_dst)
{
	ash_tz *sg = NULL, *ny = NULL;
	CHECK(ash_tz_open("Asia/Singapore", &sg, NULL) == 0);
	CHECK(ash_tz_open("America/New_York", &ny, NULL) == 0);
	CHECK(ash_tz_open("Mars/Base", &ny, NULL) != 0 || ny);
	if (!sg || !ny)
		return;
	ash_civil c = {2026, 11, 25, 1, 2, 11, 0};
	int32_t off;
	CHECK_INT(ash_tz_local_to_utc(sg, &c, &off), 1795539731);
	CHECK_INT(off, 8 * 3600);
	/* spring forward 2026-03-08 02:30 does not exist in New York */
	ash_civil gap = {2026, 3, 8, 2, 30, 0, 0};
	int64_t t = ash_tz_local_to_utc(ny, &gap, &off);
	CHECK_INT(off, -5 * 3600);
	ash_civil chk;
	ash_epoch_to_civil(t, &chk);
	CHECK_INT(chk.hour, 7);
	/* fall back 2026-11-01 01:30 happens twice: first one (EDT) wins */
	ash_civil amb = {2026, 11, 1, 1, 30, 0, 0};
	t = ash_tz_local_to_utc(ny, &amb, &off);
	CHECK_INT(off, -4 * 3600);
	ash_epoch_to_civil(t, &chk);
	CHECK_INT(chk.hour, 5);
	char buf[ASH_TIME_STRLEN];
	ash_time_format(1795539731LL * 1000000, sg, 0, buf);
	CHECK_STR(buf, "2026-11-25T01:02:11+08:00");
	ash_time_format(1795539731LL * 1000000 + 5000, NULL, 3, buf);
	CHECK_STR(buf, "2026-11-24T17:02:11.005Z");
	ash_tz_free(sg);
	ash_tz_free(ny);
}

/* A log read in order walks across both DST changes of three zones
 * (one with a 30-minute shift): every answer of the zone that remembers
 * its last local slot equals that of a fresh zone, minute by minute. */
TEST(tz_local_slot_cache_matches_fresh)
{
	static const struct {
		const char *zone;
		ash_civil from[2]; /* two days before each change of 2026 */
	} zs[] = {
		{"America/New_York", {{2026, 3, 6, 0, 0, 0, 0}, {2026, 10, 30, 0, 0, 0, 0}}},
		{"Europe/Berlin", {{2026, 3, 27, 0, 0, 0, 0}, {2026, 10, 23, 0, 0, 0, 0}}},
		{"Australia/Lord_Howe", {{2026, 4, 3, 0, 0, 0, 0}, {2026, 10, 2, 0, 0, 0, 0}}},
	};
	for (size_t z = 0; z < sizeof zs / sizeof zs[0]; z++) {
		ash_tz *walk = NULL;
		if (ash_tz_open(zs[z].zone, &walk, NULL)) {
			ash_test_skip("zone missing from the system tz database");
			return;
		}
		for (size_t k = 0; k < 2; k++) {
			int64_t l0 = ash_civil_to_epoch(&zs[z].from[k]);
			int32_t first = 0, last = 0;
			for (int64_t m = 0; m < 4 * 24 * 60; m += 7) {
				ash_civil c;
				ash_epoch_to_civil(l0 + m * 60, &c);
				ash_tz *fresh = NULL;
				CHECK(ash_tz_open(zs[z].zone, &fresh, NULL) == 0);
				int32_t o1, o2;
				int64_t a = ash_tz_local_to_utc(walk, &c, &o1);
				int64_t b = ash_tz_local_to_utc(fresh, &c, &o2);
				ash_tz_free(fresh);
				if (a != b || o1 != o2) {
					ash_test_fail(__FILE__, __LINE__, "%s %04d-%02d-%02d %02d:%02d: "
						      "%lld%+d, fresh %lld%+d", zs[z].zone, c.year,
						      c.mon, c.day, c.hour, c.min, (long long)a, o1,
						      (long long)b, o2);
					break;
				}
				if (m == 0)
					first = o1;
				last = o1;
			}
			CHECK(first != last); /* the walk did cross the change */
		}
		ash_tz_free(walk);
	}
}

TEST(iso_parse)
{
	int64_t us;
	int32_t off;
	const char *s = "2026-11-25T01:02:11.5+08:00";
	CHECK(ash_time_parse_iso(s, strlen(s), NULL, &us, &off) == 0);
	CHECK_INT(us, 1795539731500000LL);
	CHECK_INT(off, 28800);
	s = "2026-11-24T17:02:11Z";
	CHECK(ash_time_parse_iso(s, strlen(s), NULL, &us, &off) == 0);
	CHECK_INT(us, 1795539731000000LL);
	s = "2026-11-24";
	CHECK(ash_time_parse_iso(s, strlen(s), NULL, &us, &off) == 0);
	CHECK_INT(us, 1795478400000000LL);
	s = "2026-02-30T00:00Z";
	CHECK(ash_time_parse_iso(s, strlen(s), NULL, &us, &off) != 0);
	s = "2026-11-24T17:02:11+0800";
	CHECK(ash_time_parse_iso(s, strlen(s), NULL, &us, &off) == 0);
	CHECK_INT(off, 28800);
	int64_t d;
	CHECK(ash_duration_parse("2h", 2, &d) == 0 && d == 7200000000LL);
	CHECK(ash_duration_parse("15m", 3, &d) == 0 && d == 900000000LL);
	CHECK(ash_duration_parse("x", 1, &d) != 0);
}
