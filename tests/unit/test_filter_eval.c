/* SPDX-License-Identifier: MIT */
/* test_filter_eval.c: the filter beyond the truth table - precedence as
 * the canonical text shows it, columns needed, chunk skipping by time and
 * bloom, --from/--to restriction, limits, odd bytes, and batches whose
 * size is not a multiple of 64. */
#include "harness.h"

#include <stdlib.h>

#include "core/xalloc.h"
#include "query/filter.h"
#include "store/store_bloom.h"
#include "test_filter_fixture.h"

static const ash_filter_env env = {
	.zone_of = fx_zone_of, .zones = fx_zones, .nzones = 3,
};

static ash_filter *comp(const char *s)
{
	ash_filter *f = NULL;
	ash_err err;
	if (ash_filter_compile(s, strlen(s), &env, &f, &err)) {
		ash_test_fail(__FILE__, __LINE__, "'%s': %s", s, err.msg);
		return NULL;
	}
	return f;
}

static void check_describe(const char *in, const char *want)
{
	ash_filter *f = comp(in);
	char buf[512];
	if (!f)
		return;
	ash_filter_describe(f, buf, sizeof buf);
	CHECK_STR(buf, want);
	ash_filter_free(f);
}

TEST(filter_describe_precedence)
{
	check_describe("", "all");
	check_describe("tcp and port 22 or udp and port 53",
		       "((proto tcp and port 22) or (proto udp and port 53))");
	check_describe("not tcp or udp", "(not proto tcp or proto udp)");
	check_describe("tcp or udp or icmp",
		       "(proto tcp or proto udp or proto icmp)");
	check_describe("not (tcp or udp) and port >= 1000",
		       "(not (proto tcp or proto udp) and port >= 1000)");
	check_describe("src or dst port 1-1023", "port 1-1023");
	check_describe("src and dst net 10.1.0.0/16", "src and dst net 10.1.0.0/16");
	check_describe("dst 2001:db8::1", "dst host 2001:db8::1");
	check_describe("bytes > 1.5M and duration >= 2m",
		       "(bytes > 1500000 and duration >= 120000000us)");
	check_describe("time 2026-11-24T17:00Z..+2h",
		       "time 2026-11-24T17:00:00Z..2026-11-24T19:00:00Z");
	check_describe("time ..2026-11-24", "time ..2026-11-24T00:00:00Z");
	check_describe("rule 'a\"b' and flags as",
		       "(rule \"a\\\"b\" and flags SA)");
	check_describe("action reject and format zeek and zone dmz",
		       "(action deny and format zeek and zone \"dmz\")");
}

TEST(filter_columns)
{
	struct { const char *e; unsigned cols; } t[] = {
		{"", 0},
		{"host 10.0.0.1", ASH_COL_ADDR},
		{"port 80", ASH_COL_TIME | ASH_COL_PORTS},
		{"action deny", ASH_COL_PORTS},
		{"bytes > 1", ASH_COL_TIME | ASH_COL_COUNTS},
		{"rule x or if y", ASH_COL_STRS},
		{"format zeek", ASH_COL_PROV},
		{"site a", 0},
		{"not zone dmz and time 2026-11-24..", ASH_COL_ADDR | ASH_COL_TIME},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		ash_filter *f = comp(t[i].e);
		if (f)
			CHECK_INT(ash_filter_columns(f), t[i].cols);
		ash_filter_free(f);
	}
}

static void meta(ash_chunk_meta *m, const char *t0, const char *t1,
		 const char *const *ips, size_t n)
{
	memset(m, 0, sizeof *m);
	m->records = 10;
	m->t_min = fx_time(t0);
	m->t_max = fx_time(t1);
	for (size_t i = 0; i < n; i++) {
		ash_ip ip;
		CHECK(ash_ip_parse(ips[i], strlen(ips[i]), &ip) == 0);
		ash_bloom_add(m->bloom, &ip);
	}
}

TEST(filter_chunk_skip)
{
	static const char *const ips[] = {"203.0.113.10", "198.51.100.7"};
	ash_chunk_meta m;
	meta(&m, "2026-11-24T17:00Z", "2026-11-24T17:59:59Z", ips, 2);
	struct { const char *e; bool may; } t[] = {
		{"", true},
		{"time 2026-11-24T17:00Z..+1h", true},
		{"time 2026-11-24T18:00Z..", false},
		{"time ..2026-11-24T17:00Z", false},
		{"time ..2026-11-24T17:00:00.000001Z", true},
		{"time 2026-11-24T17:59:59Z..", true},
		{"host 203.0.113.10", true},
		{"src host 198.51.100.7", true},
		{"host 192.0.2.77 and tcp", false},
		{"host 192.0.2.77 or tcp", true},
		{"host 192.0.2.77 or host 203.0.113.10", true},
		{"not host 192.0.2.77", true},
		{"not host 203.0.113.10", true},
		{"net 192.0.2.0/24", true},
		{"tcp and (host 192.0.2.77 or time 2026-11-25..)", false},
		{"tcp and (host 192.0.2.77 or time 2026-11-24..)", true},
		{"not (not host 192.0.2.77)", true},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		ash_filter *f = comp(t[i].e);
		if (!f)
			continue;
		if (ash_filter_chunk_may_match(f, &m) != t[i].may)
			ash_test_fail(__FILE__, __LINE__, "'%s' may=%d", t[i].e,
				      !t[i].may);
		ash_filter_free(f);
	}
}

/* ids matching f over the fixture (two batches) */
static uint32_t ids(const ash_filter *f)
{
	fx_batch a, b;
	uint64_t sel[1];
	ash_filter_scratch *s = ash_filter_scratch_new();
	fx_build(&a, fx_rows, FX_SPLIT, "sg-hub", 0);
	fx_build(&b, fx_rows + FX_SPLIT, FX_N - FX_SPLIT, "jp-branch", 1);
	CHECK(ash_filter_run(f, s, &a.b, sel, NULL, NULL) == 0);
	uint32_t m = (uint32_t)sel[0];
	CHECK(ash_filter_run(f, s, &b.b, sel, NULL, NULL) == 0);
	m |= (uint32_t)sel[0] << FX_SPLIT;
	fx_free(&a);
	fx_free(&b);
	ash_filter_scratch_free(s);
	return m;
}

TEST(filter_restrict_time)
{
	/* records 24 (18:00), 25 (18:59:59.999999), 26 (19:00) */
	ash_filter *f = comp("");
	if (!f)
		return;
	ash_filter_restrict_time(f, fx_time("2026-11-24T18:00Z"),
				 fx_time("2026-11-24T19:00Z"));
	CHECK_INT(ids(f), (1u << 24) | (1u << 25));
	CHECK_INT(ash_filter_columns(f), ASH_COL_TIME);
	CHECK(!ash_filter_is_all(f));
	ash_filter_free(f);
	f = comp("udp");
	ash_filter_restrict_time(f, fx_time("2026-11-24T18:00Z"), INT64_MAX);
	CHECK_INT(ids(f), (1u << 24) | (1u << 25) | (1u << 27));
	ash_filter_restrict_time(f, INT64_MIN, INT64_MAX); /* no-op */
	CHECK_INT(ids(f), (1u << 24) | (1u << 25) | (1u << 27));
	ash_filter_free(f);
}

TEST(filter_word_boundaries)
{
	/* 30 records x 7 = 210 rows: 3 full words and 18 bits */
	enum { REP = 7 };
	fx_row *rows = ash_malloc(sizeof(fx_row) * FX_N * REP);
	for (int r = 0; r < REP; r++)
		memcpy(rows + r * FX_N, fx_rows, sizeof fx_rows);
	fx_batch fb;
	fx_build(&fb, rows, FX_N * REP, "sg-hub", 0);
	uint64_t sel[4];
	const char *ex[] = {"", "not tcp", "tcp", "not any", "not not udp or icmp"};
	const int per[] = {30, 17, 13, 0, 12};
	ash_filter_scratch *s = ash_filter_scratch_new();
	for (size_t k = 0; k < 5; k++) {
		ash_filter *f = comp(ex[k]);
		size_t nm = 99;
		memset(sel, 0xa5, sizeof sel);
		CHECK(ash_filter_run(f, s, &fb.b, sel, &nm, NULL) == 0);
		CHECK_INT(nm, per[k] * REP);
		CHECK_INT(sel[3] >> (FX_N * REP % 64), 0);
		for (int i = 0; i < FX_N * REP; i++) /* same answer per copy */
			CHECK_INT(sel[i / 64] >> (i % 64) & 1,
				  sel[(i % FX_N) / 64] >> (i % FX_N % 64) & 1);
		ash_filter_free(f);
	}
	ash_filter_scratch_free(s);
	fx_free(&fb);
	free(rows);
}

TEST(filter_empty_batch_and_missing_columns)
{
	fx_batch fb;
	fx_build(&fb, fx_rows, 3, "sg-hub", 0);
	ash_filter *f = comp("port 53 and rule web");
	ash_filter_scratch *s = ash_filter_scratch_new();
	uint64_t sel[1] = {7};
	size_t nm = 5;
	ash_err err = {0};
	ash_batch b = fb.b;
	b.rule = NULL;
	CHECK_INT(ash_filter_run(f, s, &b, sel, &nm, &err), ASH_EINTERNAL);
	CHECK_INT(nm, 0);
	b.n = 0;
	CHECK_INT(ash_filter_run(f, s, &b, sel, &nm, &err), 0);
	CHECK_INT(nm, 0);
	/* a batch without notes (built before them) serves every other
	 * string term; a note term needs the column */
	b = fb.b;
	b.note = NULL;
	CHECK_INT(ash_filter_run(f, s, &b, sel, &nm, &err), 0);
	ash_filter *fn = comp("note tcp-fin");
	CHECK_INT(ash_filter_run(fn, s, &b, sel, &nm, &err), ASH_EINTERNAL);
	b.note = fb.b.note;
	CHECK_INT(ash_filter_run(fn, s, &b, sel, &nm, &err), 0);
	CHECK_INT(nm, 1); /* row 1 */
	ash_filter_free(fn);
	/* out-of-range dictionary indices (damaged chunk) never match */
	b = fb.b;
	uint32_t bad_idx[3] = {999, 999, 999};
	b.src_idx = bad_idx;
	b.rule = bad_idx;
	ash_filter_free(f);
	f = comp("src net ::/0 or rule web");
	CHECK_INT(ash_filter_run(f, s, &b, sel, &nm, &err), 0);
	CHECK_INT(nm, 0);
	ash_filter_free(f);
	ash_filter_scratch_free(s);
	fx_free(&fb);
}

TEST(filter_limits_and_bytes)
{
	ash_filter *f = NULL;
	ash_err err;
	char *s = ash_malloc(ASH_FILTER_MAX_LEN + 2);
	/* nesting */
	size_t n = 0;
	for (int i = 0; i < ASH_FILTER_MAX_DEPTH + 1; i++)
		s[n++] = '(';
	memcpy(s + n, "tcp", 3), n += 3;
	for (int i = 0; i < ASH_FILTER_MAX_DEPTH + 1; i++)
		s[n++] = ')';
	CHECK_INT(ash_filter_compile(s, n, &env, &f, &err), ASH_ELIMIT);
	CHECK_INT(ash_filter_error_column(&err), ASH_FILTER_MAX_DEPTH + 1);
	/* exactly at the limit is fine */
	CHECK_INT(ash_filter_compile(s + 1, n - 2, &env, &f, &err), 0);
	ash_filter_free(f);
	f = NULL;
	n = 0;
	for (int i = 0; i < ASH_FILTER_MAX_DEPTH + 1; i++)
		memcpy(s + n, "not ", 4), n += 4;
	memcpy(s + n, "tcp", 3), n += 3;
	CHECK_INT(ash_filter_compile(s, n, &env, &f, &err), ASH_ELIMIT);
	CHECK_INT(ash_filter_error_column(&err), 4 * ASH_FILTER_MAX_DEPTH + 1);
	/* too many terms: "tcp or tcp or ..." */
	n = 0;
	while (n + 7 < ASH_FILTER_MAX_LEN)
		memcpy(s + n, "tcp or ", 7), n += 7;
	memcpy(s + n, "tcp", 3), n += 3;
	CHECK_INT(ash_filter_compile(s, n, &env, &f, &err), ASH_ELIMIT);
	/* too long */
	memset(s, ' ', ASH_FILTER_MAX_LEN + 1);
	CHECK_INT(ash_filter_compile(s, ASH_FILTER_MAX_LEN + 1, &env, &f, &err),
		  ASH_ELIMIT);
	CHECK_INT(ash_filter_compile(s, ASH_FILTER_MAX_LEN, &env, &f, &err), 0);
	ash_filter_free(f);
	f = NULL;
	/* NUL byte inside and after the text */
	CHECK_INT(ash_filter_compile("tcp\0 and udp", 12, &env, &f, &err), ASH_EUSAGE);
	CHECK_INT(ash_filter_error_column(&err), 4);
	CHECK_INT(ash_filter_compile("rule \"a\0b\"", 10, &env, &f, &err), 0);
	ash_filter_free(f);
	f = NULL;
	/* messages show odd bytes escaped */
	CHECK_INT(ash_filter_compile("port \xff", 6, &env, &f, &err), ASH_EUSAGE);
	CHECK(strstr(err.msg, "got '\\xff'") != NULL);
	CHECK_INT(ash_filter_compile("port \x1b", 6, &env, &f, &err), ASH_EUSAGE);
	CHECK(strstr(err.msg, "\\x1b") != NULL);
	CHECK(strchr(err.msg, '\x1b') == NULL);
	CHECK_INT(ash_filter_compile("rule \"\x1b\" and", 12, &env, &f, &err), ASH_EUSAGE);
	CHECK(strchr(err.msg, '\x1b') == NULL);
	free(s);
}

TEST(filter_env)
{
	ash_filter *f = NULL;
	ash_err err;
	const char *e = "tcp and zone dmz";
	CHECK_INT(ash_filter_compile(e, strlen(e), NULL, &f, &err), ASH_EUSAGE);
	CHECK_INT(ash_filter_error_column(&err), 9);
	CHECK(strstr(err.msg, "zone") != NULL);
	/* zone names unchecked when the env lists none */
	ash_filter_env open_env = {.zone_of = fx_zone_of};
	e = "zone elsewhere";
	CHECK_INT(ash_filter_compile(e, strlen(e), &open_env, &f, &err), 0);
	CHECK_INT(ids(f), 0);
	ash_filter_free(f);
	e = "zone nowhere";
	CHECK_INT(ash_filter_compile(e, strlen(e), &env, &f, &err), ASH_EUSAGE);
	CHECK(strstr(err.msg, "dmz, lan, mgmt") != NULL);
	/* sites unchecked without a list */
	e = "site anything";
	CHECK_INT(ash_filter_compile(e, strlen(e), NULL, &f, &err), 0);
	CHECK_INT(ids(f), 0);
	ash_filter_free(f);
	CHECK_INT(ash_filter_error_column(NULL), 0);
	ash_err other = {.msg = "store: bad"};
	CHECK_INT(ash_filter_error_column(&other), 0);
}

TEST(filter_error_message_shape)
{
	ash_filter *f = NULL;
	ash_err err;
	const char *e = "src host 10.0.0.1 and port x";
	CHECK_INT(ash_filter_compile(e, strlen(e), &env, &f, &err), ASH_EUSAGE);
	CHECK_STR(err.msg, "filter:28: expected a port number (0-65535) or range "
		  "N-M after 'port', got 'x'");
	e = "net 10.1.2.3/8";
	CHECK_INT(ash_filter_compile(e, strlen(e), &env, &f, &err), ASH_EUSAGE);
	CHECK_STR(err.msg, "filter:5: host bits set in prefix '10.1.2.3/8' after "
		  "'net' (did you mean 10.0.0.0/8?)");
	e = "(tcp or udp";
	CHECK_INT(ash_filter_compile(e, strlen(e), &env, &f, &err), ASH_EUSAGE);
	CHECK_STR(err.msg, "filter:12: expected ')' to close '(' of column 1, "
		  "got end of filter");
}
