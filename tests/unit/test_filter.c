/* SPDX-License-Identifier: MIT */
/* test_filter.c: the filter truth table (like nfdump's nftest.c): each
 * expression against the thirty fixture records (test_filter_fixture.c)
 * with the set of matching record ids worked out by hand from the
 * records, and each bad expression with the column its error points at. */
#include "harness.h"

#include <stdlib.h>

#include "query/filter.h"
#include "test_filter_fixture.h"

/* Record id sets: ids and ranges "0 4-6", "*" = all, "-" = none, a
 * leading "!" = all but the listed ones. */
#define TCP "1 2 3 5 9 17 18 21 22 23 26 28 29"
#define UDP "0 4 11 16 19 24 25 27"
#define ICMP "6 7 8 20"
#define V6 "9 10 11 27"
#define DMZ "0 1 2 3 6 7 8 13 14 16 18 19 21 22 24 25 28 29"
#define LAN "4 5 9 10 17 19 20 23 25 26 27"
#define H10 "0 1 2 6 7 16 18 19 21 22 24 25 28"
#define ALLOW "0 1 4 5 6 7 9 11 13 14 15 16 19 20 21 22 23 24 25 27 29"
#define IPT "0 2 3 4 5 6 7 8 13 14 15 16 17 18 19 20 23 24 25 26 28 29"
#define NET10 "4 5 15 17 19 20 23 25 26 29"
#define NOBYTES "2 3 12 28"
#define FLAG_S "1 2 3 5 9 21 22 28"
#define HAVE_END "0 1 4 5 9 14 15 16 25"

static const struct { const char *expr, *ids; } good[] = {
	/* empty and constant */
	{"", "*"}, {"   ", "*"}, {"any", "*"}, {"all", "*"}, {"not any", "-"},
	/* hosts */
	{"host 203.0.113.10", H10},
	{"src host 203.0.113.10", "0 1 6 16 21 22 24"},
	{"dst host 203.0.113.10", "2 7 18 19 25 28"},
	{"ip 203.0.113.10", H10},
	{"src ip 203.0.113.10", "0 1 6 16 21 22 24"},
	{"203.0.113.10", H10},
	{"src 203.0.113.10", "0 1 6 16 21 22 24"},
	{"host 198.51.100.7", "0 1 2 8 21 22 26"},
	{"host 2001:db8:1::10", "9 10"},
	{"host 2001:DB8:1:0::10", "9 10"},
	{"host ::ffff:203.0.113.10", H10},
	{"src and dst host 10.20.1.5", "-"},
	{"src or dst host 10.20.1.5", "4 5 17 23 25 26"},
	{"host 10.20.1.5", "4 5 17 23 25 26"},
	{"dst host 10.20.1.5", "5 17 23 26"},
	{"host 1.1.1.1", "-"},
	{"host 203.0.113.10 and host 198.51.100.7", "0 1 2 21 22"},
	{"src host 203.0.113.10 and dst host 198.51.100.7", "0 1 21 22"},
	{"host fe80::1", "11"},
	/* networks */
	{"net 203.0.113.0/24", DMZ},
	{"src net 10.20.0.0/16", "4 5 15 19 20 23 25"},
	{"dst net 10.20.0.0/16", "5 17 23 26 29"},
	{"net 10.20.5.0/24", "5 15 23 29"},
	{"net 10.0.0.0/8", NET10},
	{"net 2001:db8::/32", "9 10 27"},
	{"net ff00::/8", "11 27"},
	{"net 0.0.0.0/0", "!" V6},
	{"net ::/0", "*"},
	{"not net 10.0.0.0/8", "!" NET10},
	{"src and dst net 10.20.0.0/16", "5 23"},
	{"198.51.100.0/24", "0 1 2 3 6 7 8 13 14 15 16 17 18 21 22 24 26 28"},
	{"dst 198.51.100.0/24", "0 1 6 8 13 14 15 16 21 22 24"},
	/* ports (ICMP type/code is not a port; unknown ports never match) */
	{"port 53", "0 4 24"},
	{"dst port 53", "0 4 24"},
	{"src port 53", "24"},
	{"port 22", "2 3 23"},
	{"dst port 22", "2 3"},
	{"src port 22", "23"},
	{"port 443", "5 9 17 21 22"},
	{"dst port 443", "9 21 22"},
	{"port 80", "1 29"},
	{"port 0", "18"},
	{"port 65535", "19"},
	{"port 123", "16 25"},
	{"src and dst port 123", "25"},
	{"src and dst port 2905", "13"},
	{"port 2905", "13"},
	{"port 771", "-"},
	{"port 32768", "-"},
	{"port 1-1023", "0 1 2 3 4 5 9 11 16 17 21 22 23 24 25 29"},
	{"dst port 1-1023", "0 1 2 3 4 9 11 21 22 24 25"},
	{"port < 1024", "0 1 2 3 4 5 9 11 16 17 18 21 22 23 24 25 29"},
	{"dst port >= 1024", "5 13 16 17 19 23 26 27 28 29"},
	{"dst port > 1024", "5 13 16 17 23 26 27 28 29"},
	{"src port <= 0", "18"},
	{"port != 53", "0 1 2 3 4 5 9 11 13 16 17 18 19 21 22 23 25 26 27 28 29"},
	{"not port 53", "!0 4 24"},
	{"dst port != 53", "1 2 3 5 9 11 13 16 17 18 19 21 22 23 25 26 27 28 29"},
	{"port = 8080", "26"}, {"port == 8080", "26"}, {"port eq 8080", "26"},
	{"port gt 60000", "19"},
	{"port ge 60000", "9 19 28"},
	{"src port 60000-65535", "9 19 28"},
	{"port 5353-5353", "27"},
	{"src or dst port 22", "2 3 23"},
	/* ICMP type and code */
	{"icmp-type 8", "6"}, {"icmp-type 0", "7"},
	{"icmp-type 3 and icmp-code 3", "8"},
	{"icmp-type 128", "10"},
	{"icmp-code 0", "6 7 10"},
	{"icmp-type > 0", "6 8 10"},
	{"not icmp-type 8", "!6"},
	/* protocols */
	{"proto tcp", TCP}, {"tcp", TCP}, {"proto udp", UDP}, {"udp", UDP},
	{"icmp", ICMP}, {"proto icmp", ICMP}, {"icmp6", "10"},
	{"proto icmp6", "10"}, {"proto 58", "10"}, {"proto ipv6-icmp", "10"},
	{"proto 6", TCP}, {"proto sctp", "13"}, {"proto gre", "14"},
	{"proto esp", "15"}, {"proto 50", "15"}, {"proto 255", "-"},
	{"not proto tcp", "0 4 6 7 8 10 11 12 13 14 15 16 19 20 24 25 27"},
	{"not (tcp or udp)", "6 7 8 10 12 13 14 15 20"},
	{"PROTO TCP", TCP},
	{"tcp or udp", "0 1 2 3 4 5 9 11 16 17 18 19 21 22 23 24 25 26 27 28 29"},
	/* address families */
	{"ip6", V6}, {"inet6", V6}, {"ip4", "!" V6}, {"inet", "!" V6},
	{"ip6 and udp", "11 27"}, {"not ip4", V6},
	/* counters: unknown values never compare true */
	{"bytes > 0", "!" NOBYTES " 20"},
	{"not bytes > 0", NOBYTES " 20"},
	{"bytes = 0", "20"}, {"bytes 0", "20"},
	{"bytes >= 0", "!" NOBYTES},
	{"bytes > 1M", "1 5 14 16 24"},
	{"bytes >= 1M", "1 5 14 15 16 24"},
	{"bytes > 1m", "1 5 14 16 24"},
	{"bytes > 1000000", "1 5 14 16 24"},
	{"bytes > 1G", "14"}, {"bytes > 4.9G", "14"}, {"bytes > 5G", "-"},
	{"bytes >= 5G", "14"}, {"bytes > 1T", "-"},
	{"bytes < 100", "6 7 8 10 18 19 20 25 26"},
	{"bytes < 1k", "0 4 6 7 8 10 11 18 19 20 25 26 27"},
	{"bytes = 1k", "21"}, {"bytes 1001", "22"},
	{"bytes > 1.5k", "1 5 9 13 14 15 16 17 23 24 29"},
	{"obytes > 1M", "5 14 16"},
	{"rbytes > 1M", "1"},
	{"rbytes = 0", "14 16 22"},
	{"not rbytes >= 0", "2 3 6 7 8 10 11 12 15 18 20 27 28"},
	{"obytes >= 0", "!2 3 12 17 28"},
	{"packets > 1000", "1 5 14 16 24"},
	{"packets = 1", "6 7 8 10 11 18"},
	{"opackets = 1", "0 4 6 7 8 10 11 18 19 25 26"},
	{"rpackets > 0", "0 1 4 5 9 13 17 19 21 23 24 25 26 29"},
	{"packets >= 9.912001M", "16"},
	{"packets > 9912001", "-"},
	{"bytes > 1M and packets < 1000", "-"},
	{"bytes > 100k and packets <= 1000", "15"},
	{"bytes lt 50", "18 19 20 26"},
	{"bytes gt 5001499", "1 14 16"},
	/* durations (records without an end never match) */
	{"duration > 1s", "0 4 5 14 15 16"},
	{"duration > 1", "0 4 5 14 15 16"},
	{"duration >= 1s", "0 4 5 9 14 15 16"},
	{"duration < 1s", "1 25"},
	{"duration = 0", "25"},
	{"duration >= 1h", "14 15"},
	{"duration > 1h", "15"},
	{"duration <= 500ms", "1 25"},
	{"duration > 2m", "14 15"},
	{"duration >= 2m", "14 15 16"},
	{"not duration >= 0", "!" HAVE_END},
	/* zones (most specific network of case.yaml) */
	{"zone dmz", DMZ}, {"zone lan", LAN}, {"zone mgmt", "5 15 23 29"},
	{"src zone mgmt", "5 15 23"}, {"dst zone mgmt", "29"},
	{"src zone lan", "4 9 19 20 25 27"},
	{"dst zone lan", "5 10 17 23 26"},
	{"src zone dmz and dst zone lan", "-"},
	{"src zone dmz and dst zone mgmt", "29"},
	{"src zone lan and dst zone dmz", "19 25"},
	{"not zone dmz and not zone lan and not zone mgmt", "11 12"},
	{"src and dst zone lan", "-"},
	{"zone \"dmz\"", DMZ},
	/* sites */
	{"site sg-hub", "0-19"}, {"site jp-branch", "20-29"},
	{"not site sg-hub", "20-29"},
	{"site jp-branch and tcp", "21 22 23 26 28 29"},
	/* actions */
	{"action allow", ALLOW}, {"action deny", "2 10 18 26"},
	{"action drop", "3 17 28"}, {"action unknown", "8 12"},
	{"action reject", "2 10 18 26"}, {"action accept", ALLOW},
	{"not action allow", "2 3 8 10 12 17 18 26 28"},
	{"action deny or action drop", "2 3 10 17 18 26 28"},
	/* TCP flags: all given letters set */
	{"flags S", FLAG_S}, {"flags SA", "1 5 9 21"},
	{"flags A", "1 5 9 21 23 26 29"}, {"flags F", "1 5 21"},
	{"flags R", "17"}, {"flags P", "1 9 21 26"}, {"flags UEC", "23"},
	{"flags sa", "1 5 9 21"},
	{"flags S and not flags A", "2 3 22 28"},
	{"flags FSRPAUEC", "-"}, {"not flags S", "!" FLAG_S},
	{"flags U", "23"},
	/* strings: exact match */
	{"rule web", "1 9 21 22"}, {"rule \"web\"", "1 9 21 22"},
	{"rule 'web'", "1 9 21 22"}, {"rule WEB", "-"},
	{"rule dns-out", "0 4 24"}, {"rule \"mgmt ssh\"", "23"},
	{"rule 'in\"quote'", "26"}, {"rule \"in\\\"quote\"", "26"},
	{"rule ssh", "-"}, {"not rule web", "!1 9 21 22"},
	{"in if eth0", "0 1 6 9 13 14 16 21 22 24"},
	{"out if eth0", "2 3 7 10 18"},
	{"if eth0", "0 1 2 3 6 7 9 10 13 14 16 18 21 22 24"},
	{"if wan0", "4 15 17 26"},
	{"if lan0", "4 5 15 19 25 26 29"},
	{"in if lan0 and out if lan0", "5"},
	{"if dmz0", "19 25 29"},
	{"device fw1", "0 1 2 3 4 5 6 7 9 10 13 14 15 16 17 18 19"},
	{"device fw2", "21 22 23 24 25 26 28"},
	{"device \"fw\xff" "1\"", "29"},
	{"device fw\xff" "1", "29"},
	/* notes: exact, ASCII case ignored; sampled flows */
	{"note tcp-fin", "1 21"}, {"note TCP-Fin", "1 21"},
	{"note 'tcp reset-o'", "17"}, {"note \"TCP Reset-O\"", "17"},
	{"note tcp", "-"}, {"note web", "-"}, {"note aged-out", "16"},
	{"note receive", "26"}, {"note \"end\xff\"", "29"},
	{"note \"END\xff\"", "29"}, {"NOTE Policy-Deny", "2"},
	{"not note tcp-fin", "!1 21"},
	{"sampled", "14 16 24"}, {"SAMPLED and udp", "16 24"},
	{"not sampled and bytes > 1M", "1 5"},
	{"sampled or note tcp-fin", "1 14 16 21 24"},
	/* source formats */
	{"format iptables", IPT},
	{"format zeek", "1 9 10 11 21 22 27"},
	{"format zeek-json", "1 21 22"},
	{"format unknown", "12"},
	{"not format iptables", "1 9 10 11 12 21 22 27"},
	/* time ranges: start <= t_start < end */
	{"time 2026-11-24T17:00Z..+2h", "0-25 29"},
	{"time 2026-11-24T17:00Z..2026-11-24T19:00Z", "0-25 29"},
	{"time 2026-11-24T17:00:00Z..2026-11-24T19:00:00.000001Z", "0-26 29"},
	{"time 2026-11-24T18:00Z..", "24 25 26 27"},
	{"time ..2026-11-24T17:00Z", "28"},
	{"time 2026-11-24T17:05Z..+1m", "5 29"},
	{"time 2026-11-24..2026-11-25", "!27 28"},
	{"time 2026-11-24T18:59:59.999999Z..+1us", "25"},
	{"time 2026-11-25T01:00+08:00..+1h", "0-23 29"},
	{"time 2026-11-24T17:00..+30m", "0-22 29"},
	{"time 2026-11-24T17:30Z..+30m and tcp", "23"},
	{"not time 2026-11-24T17:00Z..+1d", "28"},
	/* precedence and combinations */
	{"tcp and port 22 or udp and port 53", "0 2 3 4 23 24"},
	{"tcp and (port 22 or port 53)", "2 3 23"},
	{"not tcp and port 53", "0 4 24"},
	{"not (tcp and port 22)", "!2 3 23"},
	{"! tcp && port 53", "0 4 24"},
	{"tcp || udp && port 53", TCP " 0 4 24"},
	{"(tcp || udp) && port 53", "0 4 24"},
	{"not not tcp", TCP}, {"!!tcp", TCP},
	{"src host 203.0.113.10 and proto udp and dst port 53", "0 24"},
	{"host 203.0.113.10 and not port 53 and not icmp",
	 "1 2 16 18 19 21 22 25 28"},
	{"zone dmz and action deny", "2 18"},
	{"(zone lan or zone mgmt) and udp", "4 19 25 27"},
	{"tcp and flags S and not flags A and action allow", "22"},
	{"src net 203.0.113.0/24 and bytes > 1M", "1 14 16 24"},
	{"((((tcp))))", TCP},
	{"tcp and (udp)", "-"},
	{"port 80 or port 443 or port 22", "1 2 3 5 9 17 21 22 23 29"},
	{"udp and dst port 53 and bytes > 100 and src net 10.0.0.0/8", "4"},
	{"ip6 or icmp", "6 7 8 9 10 11 20 27"},
	{"src port 123 and dst port 123 and site jp-branch", "25"},
	{"not (zone dmz or zone lan or zone mgmt)", "11 12"},
	{"proto tcp and not (port 22 or port 443 or port 80)", "18 26 28"},
	{"time 2026-11-24T17:00Z..+10m and (src zone dmz or dst zone dmz) "
	 "and not icmp", "0 1 2 3 29"},
	{"tcp AND port 22", "2 3 23"},
	{"tcp and port 22 or not tcp and port 53", "0 2 3 4 23 24"},
	{"tcp\tand\nport\r22", "2 3 23"},
	{"(tcp)and(port 22)", "2 3 23"},
	{"bytes>1M", "1 5 14 16 24"},
	{"port>=60000", "9 19 28"},
	{"not(udp)", "!" UDP},
};

/* Bad filters and the 1-based column the error points at. */
static const struct { const char *expr; int col; } bad[] = {
	{"port", 5}, {"port x", 6}, {"port 65536", 6}, {"port 10-5", 6},
	{"host 1.2.3", 6}, {"host 10.0.0.0/8", 6}, {"net 10.1.2.3/8", 5},
	{"net 10.0.0.0/33", 5}, {"tcp and", 8}, {"and tcp", 1}, {"(tcp", 5},
	{"tcp)", 4}, {"tcp udp", 5}, {"proto foo", 7}, {"proto 256", 7},
	{"bytes > x", 9}, {"bytes > 1X", 9}, {"bytes > 1.5", 9},
	{"bytes > 99999999999999999999", 9}, {"bytes > 20000000T", 9},
	{"bytes >", 8}, {"duration > 5x", 12}, {"zone nowhere", 6},
	{"site nowhere", 6}, {"action maybe", 8}, {"flags SAX", 9},
	{"flags", 6}, {"rule", 5}, {"rule \"abc", 6}, {"in eth0", 4},
	{"format pcapng", 8}, {"time 2026-11-24T17:00Z", 6},
	{"time 2026-13-01..2026-12-01", 6}, {"time 2026-11-24..nope", 18},
	{"time 2026-11-25..2026-11-24", 6}, {"time ..+2h", 8}, {"time ..", 6},
	{"tcp & udp", 5}, {"tcp | udp", 5}, {"foo", 1}, {"src", 4},
	{"src foo", 5}, {"dst port", 9}, {"not", 4}, {"()", 2},
	{"tcp\x01", 4}, {"icmp-type 256", 11}, {"port >= 1-5", 9},
	{"host", 5}, {"rule and", 6}, {"src or dst", 11}, {"bytes > -1", 9},
	{"port 80 and or port 22", 13}, {"port 80 ||", 11}, {"in if", 6},
	{"time 2026-11-24T17:00Z..+2x", 25}, {"icmp-code", 10},
	{"rule ''", 6}, {"bytes > 1.1234567k", 9}, {"'tcp'", 1},
	{"port 80 = 1", 9}, {"host 10.0.0.1 10.0.0.2", 15},
	{"note", 5}, {"note ''", 6}, {"note and", 6}, {"sampled 100", 9},
};

static uint32_t parse_ids(const char *s)
{
	uint32_t m = 0, all = (1u << FX_N) - 1;
	bool inv = false;
	if (*s == '!')
		inv = true, s++;
	while (*s) {
		char *end;
		if (*s == ' ') {
			s++;
			continue;
		}
		if (*s == '*') {
			m = all, s++;
			continue;
		}
		if (*s == '-') {
			s++;
			continue;
		}
		long a = strtol(s, &end, 10), b = a;
		if (end == s)
			abort();
		s = end;
		if (*s == '-' && s[1] >= '0' && s[1] <= '9')
			b = strtol(s + 1, &end, 10), s = end;
		for (long i = a; i <= b; i++)
			m |= 1u << i;
	}
	return inv ? all & ~m : m;
}

static const ash_filter_env env = {
	.zone_of = fx_zone_of, .zones = fx_zones, .nzones = 3,
	.sites = fx_sites, .nsites = 2,
};

/* Matching ids of f over the two fixture batches. */
static uint32_t run_ids(const ash_filter *f, ash_filter_scratch *s, int *rc)
{
	fx_batch a, b;
	uint64_t sel[1];
	size_t nm;
	uint32_t m = 0;
	ash_err err;
	fx_build(&a, fx_rows, FX_SPLIT, "sg-hub", 0);
	fx_build(&b, fx_rows + FX_SPLIT, FX_N - FX_SPLIT, "jp-branch", 1);
	*rc = ash_filter_run(f, s, &a.b, sel, &nm, &err);
	m |= (uint32_t)sel[0];
	*rc |= ash_filter_run(f, s, &b.b, sel, &nm, &err);
	m |= (uint32_t)sel[0] << FX_SPLIT;
	fx_free(&a);
	fx_free(&b);
	return m;
}

static void show(const char *what, uint32_t m)
{
	fprintf(stderr, "      %s:", what);
	for (int i = 0; i < FX_N; i++)
		if (m >> i & 1)
			fprintf(stderr, " %d", i);
	fputc('\n', stderr);
}

TEST(filter_truth_table_good)
{
	ash_filter_scratch *s = ash_filter_scratch_new();
	size_t n = sizeof good / sizeof good[0];
	for (size_t i = 0; i < n; i++) {
		ash_filter *f = NULL;
		ash_err err = {0};
		const char *e = good[i].expr;
		if (ash_filter_compile(e, strlen(e), &env, &f, &err)) {
			ash_test_fail(__FILE__, __LINE__, "'%s': %s", e, err.msg);
			continue;
		}
		int rc;
		uint32_t got = run_ids(f, s, &rc), want = parse_ids(good[i].ids);
		CHECK_INT(rc, 0);
		if (got != want) {
			char d[512];
			ash_filter_describe(f, d, sizeof d);
			ash_test_fail(__FILE__, __LINE__, "'%s' (%s)", e, d);
			show("want", want);
			show("got ", got);
		}
		ash_filter_free(f);
	}
	ash_filter_scratch_free(s);
	CHECK(n >= 200);
}

TEST(filter_truth_table_bad)
{
	size_t n = sizeof bad / sizeof bad[0];
	for (size_t i = 0; i < n; i++) {
		ash_filter *f = NULL;
		ash_err err = {0};
		const char *e = bad[i].expr;
		int rc = ash_filter_compile(e, strlen(e), &env, &f, &err);
		if (!rc) {
			ash_test_fail(__FILE__, __LINE__, "'%s' compiled", e);
			ash_filter_free(f);
			continue;
		}
		CHECK(f == NULL);
		CHECK_INT(rc, ASH_EUSAGE);
		if (ash_filter_error_column(&err) != bad[i].col)
			ash_test_fail(__FILE__, __LINE__, "'%s': column %d, want "
				      "%d: %s", e, ash_filter_error_column(&err),
				      bad[i].col, err.msg);
	}
	CHECK(n >= 60);
}
