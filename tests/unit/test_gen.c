/* SPDX-License-Identifier: MIT */
/* test_gen.c: the scenario generator (src/gen): PRNG and formatters,
 * determinism, the truth key against the lines written, the case.yaml
 * inventory, the incident spike, and every generated line read back by
 * the iptables and zeek parsers with zero rejects. */
#include "harness.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "case/case.h"
#include "core/ip.h"
#include "core/tztime.h"
#include "gen/gen.h"
#include "gen/rng.h"
#include "gen/wbuf.h"
#include "ingest/parser.h"

/* A small scenario in a fresh folder, its files in memory. */
typedef struct gen_out {
	char dir[256];
	ash_gen_stats st;
	char *fw, *conn, *yaml;
	size_t nfw, nconn, nyaml;
	json_t *truth;
} gen_out;

static char *slurp(const char *dir, const char *name, size_t *n)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)len + 1);
	*n = fread(b, 1, (size_t)len, f);
	b[*n] = '\0';
	fclose(f);
	return b;
}

/* Scale < 1 shrinks the backup too, to keep the proportions of scale 1. */
static bool gen_small(gen_out *g, uint64_t seed, int days, double scale)
{
	memset(g, 0, sizeof *g);
	ash_gen_cfg cfg;
	ash_gen_defaults(&cfg);
	cfg.seed = seed, cfg.days = days, cfg.scale = scale;
	cfg.backup_bytes = (uint64_t)((double)cfg.backup_bytes * scale);
	snprintf(g->dir, sizeof g->dir, "%s/demo", ash_test_tmpdir());
	ash_err err = {0};
	int rc = ash_gen_run(g->dir, &cfg, &g->st, &err);
	if (rc) {
		ash_test_fail(__FILE__, __LINE__, "ash_gen_run: %s", err.msg);
		return false;
	}
	g->fw = slurp(g->dir, "firewall.log", &g->nfw);
	g->conn = slurp(g->dir, "conn.log", &g->nconn);
	g->yaml = slurp(g->dir, "case.yaml", &g->nyaml);
	char path[512];
	snprintf(path, sizeof path, "%s/truth.json", g->dir);
	g->truth = json_load_file(path, 0, NULL);
	return g->fw && g->conn && g->yaml && g->truth;
}

static void gen_free(gen_out *g)
{
	free(g->fw), free(g->conn), free(g->yaml);
	json_decref(g->truth);
}

static void sha256_hex(const char *p, size_t n, char out[65])
{
	unsigned char md[32];
	unsigned int len = 0;
	EVP_Digest(p, n, md, &len, EVP_sha256(), NULL);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* Next line of buf (without '\n'); false at the end. */
static bool next_line(const char *buf, size_t n, size_t *pos, const char **s,
		      size_t *len)
{
	if (*pos >= n)
		return false;
	const char *b = buf + *pos, *e = memchr(b, '\n', n - *pos);
	*s = b;
	*len = e ? (size_t)(e - b) : n - *pos;
	*pos += *len + 1;
	return true;
}

/* Split a conn.log record into its 21 fields (NUL-terminated in place). */
static int conn_fields(char *line, char *f[21])
{
	int k = 0;
	for (char *p = line; k < 21; k++) {
		f[k] = p;
		char *t = strchr(p, '\t');
		if (!t)
			return k + 1;
		*t = '\0';
		p = t + 1;
	}
	return k;
}

static uint32_t v4(const char *s)
{
	ash_ip ip;
	if (ash_ip_parse(s, strlen(s), &ip) != 0 || !ash_ip_is_v4(&ip))
		return 0;
	return ash_ip_v4(&ip);
}

static const char *jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static long long jint(json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

/* ---- PRNG and formatters ---- */

TEST(gen_rng_deterministic_and_bounded)
{
	ash_rng a, b, c;
	ash_rng_seed(&a, 42, 7);
	ash_rng_seed(&b, 42, 7);
	ash_rng_seed(&c, 42, 8);
	int same = 0, diff = 0;
	for (int i = 0; i < 1000; i++) {
		uint64_t x = ash_rng_next(&a), y = ash_rng_next(&b), z = ash_rng_next(&c);
		same += x == y;
		diff += x != z;
	}
	CHECK_INT(same, 1000);
	CHECK(diff > 990);
	uint32_t hist[10] = {0};
	for (int i = 0; i < 100000; i++) {
		uint32_t v = ash_rng_below(&a, 10);
		CHECK(v < 10);
		hist[v % 10]++;
		uint64_t r = ash_rng_range(&a, 5, 9);
		CHECK(r >= 5 && r <= 9);
		uint64_t l = ash_rng_logu(&a, 100, 1000000);
		CHECK(l >= 100 && l <= 1000000);
		double u = ash_rng_unit(&a);
		CHECK(u >= 0 && u < 1);
		CHECK(ash_rng_skew(&a, 3) < 3);
	}
	for (int i = 0; i < 10; i++)
		CHECK(hist[i] > 9000 && hist[i] < 11000);
	double sum = 0;
	for (int i = 0; i < 100000; i++)
		sum += ash_rng_exp(&a, 2.0);
	CHECK(sum / 100000 > 1.95 && sum / 100000 < 2.05);
}

TEST(gen_formatters_match_printf)
{
	char a[64], b[64];
	uint64_t vals[] = {0, 1, 9, 10, 99, 100, 101, 999, 1000, 65535, 4294967295ULL,
			   1234567890123ULL, UINT64_MAX};
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		*ash_fmt_u64(a, vals[i]) = '\0';
		snprintf(b, sizeof b, "%llu", (unsigned long long)vals[i]);
		CHECK_STR(a, b);
		*ash_fmt_u64_pad(a, vals[i], 5, ' ') = '\0';
		snprintf(b, sizeof b, "%5llu", (unsigned long long)vals[i]);
		CHECK_STR(a, b);
	}
	*ash_fmt_us(a, 1795276807075972ULL) = '\0';
	CHECK_STR(a, "1795276807.075972");
	*ash_fmt_us(a, 5) = '\0';
	CHECK_STR(a, "0.000005");
	ash_rng r;
	ash_rng_seed(&r, 3, 3);
	for (int i = 0; i < 2000; i++) {
		uint32_t x = (uint32_t)ash_rng_next(&r);
		if (i < 256)
			x = (uint32_t)i * 0x01010101u;
		ash_ip ip;
		ash_ip_from_v4(&ip, x);
		ash_ip_format(&ip, b);
		*ash_fmt_ipv4(a, x) = '\0';
		CHECK_STR(a, b);
	}
}

/* ---- the scenario ---- */

TEST(gen_same_seed_same_bytes)
{
	gen_out g1, g2, g3;
	if (!gen_small(&g1, 5, 2, 0.05) || !gen_small(&g2, 5, 2, 0.05) ||
	    !gen_small(&g3, 6, 2, 0.05))
		return;
	char h1[65], h2[65], h3[65];
	const char *names[] = {"fw", "conn", "yaml"};
	char *p1[] = {g1.fw, g1.conn, g1.yaml}, *p2[] = {g2.fw, g2.conn, g2.yaml};
	size_t n1[] = {g1.nfw, g1.nconn, g1.nyaml}, n2[] = {g2.nfw, g2.nconn, g2.nyaml};
	for (int i = 0; i < 3; i++) {
		sha256_hex(p1[i], n1[i], h1);
		sha256_hex(p2[i], n2[i], h2);
		if (strcmp(h1, h2))
			ash_test_fail(__FILE__, __LINE__, "%s differs for one seed", names[i]);
	}
	char *t1 = json_dumps(g1.truth, JSON_SORT_KEYS), *t2 = json_dumps(g2.truth, JSON_SORT_KEYS);
	CHECK_STR(t1, t2);
	free(t1), free(t2);
	sha256_hex(g1.fw, g1.nfw, h1);
	sha256_hex(g3.fw, g3.nfw, h3);
	CHECK(strcmp(h1, h3) != 0);
	sha256_hex(g1.conn, g1.nconn, h1);
	sha256_hex(g3.conn, g3.nconn, h3);
	CHECK(strcmp(h1, h3) != 0);
	gen_free(&g1), gen_free(&g2), gen_free(&g3);
}

TEST(gen_counts_match_files)
{
	gen_out g;
	if (!gen_small(&g, 1, 2, 0.05))
		return;
	size_t pos = 0, len, lines = 0, accept = 0, drop = 0, recs = 0, meta = 0;
	const char *s;
	while (next_line(g.fw, g.nfw, &pos, &s, &len)) {
		lines++;
		accept += memmem(s, len, "] FW-ACCEPT IN=", 15) != NULL;
		drop += memmem(s, len, "] FW-DROP IN=", 13) != NULL;
	}
	pos = 0;
	while (next_line(g.conn, g.nconn, &pos, &s, &len))
		if (s[0] == '#')
			meta++;
		else
			recs++;
	json_t *files = json_object_get(g.truth, "files");
	json_t *fw = json_object_get(files, "firewall.log");
	json_t *cn = json_object_get(files, "conn.log");
	CHECK_INT(lines, jint(fw, "lines"));
	CHECK_INT(accept, jint(fw, "accept"));
	CHECK_INT(drop, jint(fw, "drop"));
	CHECK_INT(accept + drop, lines);
	CHECK_INT(recs, jint(cn, "records"));
	CHECK_INT(recs, accept); /* the sensor sees what the firewall let in */
	CHECK_INT(meta, 9);      /* 8 header lines and #close */
	CHECK_INT(g.nfw, jint(fw, "bytes"));
	CHECK_INT(g.nconn, jint(cn, "bytes"));
	CHECK_INT(g.st.fw_lines, lines);
	CHECK(g.nconn > 0 && g.conn[g.nconn - 1] == '\n');
	CHECK(!memchr(g.fw, '\0', g.nfw));
	gen_free(&g);
}

/* Sum conn.log records matching (orig, resp, resp port); 0 = any. */
typedef struct conn_sum {
	long long n, ob, rb;
	double *ts;
	size_t nts;
} conn_sum;

static conn_sum conn_match(const gen_out *g, uint32_t orig, uint32_t resp,
			   const uint32_t *origs, size_t norigs, int rport)
{
	conn_sum c = {0};
	char *copy = malloc(g->nconn + 1);
	memcpy(copy, g->conn, g->nconn + 1);
	c.ts = malloc(sizeof(double) * (g->nconn / 50 + 1));
	for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
		char *f[21];
		if (line[0] == '#' || conn_fields(line, f) != 21)
			continue;
		uint32_t o = v4(f[2]), r = v4(f[4]);
		bool okorig = orig ? o == orig : true;
		if (norigs) {
			okorig = false;
			for (size_t i = 0; i < norigs; i++)
				okorig |= o == origs[i];
		}
		if (!okorig || (resp && r != resp) || (rport && atoi(f[5]) != rport))
			continue;
		c.n++;
		c.ob += f[9][0] == '-' ? 0 : atoll(f[9]);
		c.rb += f[10][0] == '-' ? 0 : atoll(f[10]);
		if (c.nts < g->nconn / 50 + 1)
			c.ts[c.nts++] = atof(f[0]);
	}
	free(copy);
	return c;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

TEST(gen_truth_roles_in_conn_log)
{
	gen_out g;
	if (!gen_small(&g, 1, 2, 0.05))
		return;
	json_t *arr = json_object_get(g.truth, "reflectors"), *o;
	size_t i;
	CHECK_INT(json_array_size(arr), 2);
	json_array_foreach(arr, i, o) {
		uint32_t vic[8];
		size_t nv = 0, k;
		json_t *v;
		json_array_foreach(json_object_get(o, "victims"), k, v)
			if (nv < 8)
				vic[nv++] = v4(json_string_value(v));
		conn_sum c = conn_match(&g, 0, v4(jstr(o, "host")), vic, nv,
					(int)jint(o, "port"));
		CHECK(c.n > 100);
		CHECK_INT(c.n, jint(o, "flows"));
		CHECK_INT(c.ob, jint(o, "request_bytes"));
		CHECK_INT(c.rb, jint(o, "response_bytes"));
		CHECK(c.rb > 20 * c.ob); /* amplification */
		free(c.ts);
	}
	arr = json_object_get(g.truth, "dos_source");
	CHECK_INT(json_array_size(arr), 1);
	json_array_foreach(arr, i, o) {
		conn_sum c = conn_match(&g, v4(jstr(o, "host")), v4(jstr(o, "target")),
					NULL, 0, 0);
		CHECK(c.n > 100);
		CHECK_INT(c.n, jint(o, "flows"));
		CHECK_INT(c.ob, jint(o, "orig_bytes"));
		CHECK_INT(c.rb, 0);
		free(c.ts);
	}
	arr = json_object_get(g.truth, "infected");
	CHECK_INT(json_array_size(arr), 3);
	int unknown = 0;
	json_array_foreach(arr, i, o) {
		conn_sum c = conn_match(&g, v4(jstr(o, "host")), v4(jstr(o, "controller")),
					NULL, 0, (int)jint(o, "port"));
		CHECK_INT(c.n, jint(o, "flows"));
		double period = (double)jint(o, "period_s");
		double jit = json_real_value(json_object_get(o, "jitter_s"));
		CHECK(c.nts > 100);
		qsort(c.ts, c.nts, sizeof *c.ts, cmp_double);
		double *gap = malloc(sizeof(double) * c.nts);
		size_t ng = 0, out_of_band = 0;
		for (size_t k = 1; k < c.nts; k++) {
			gap[ng] = c.ts[k] - c.ts[k - 1];
			out_of_band += gap[ng] < period - jit - 1 || gap[ng] > period + jit + 1;
			ng++;
		}
		qsort(gap, ng, sizeof *gap, cmp_double);
		double med = gap[ng / 2];
		if (med < period - jit / 2 || med > period + jit / 2)
			ash_test_fail(__FILE__, __LINE__, "median gap %.1f s, period %.0f s",
				      med, period);
		CHECK_INT(out_of_band, 0);
		unknown += !json_is_true(json_object_get(o, "in_inventory"));
		free(gap);
		free(c.ts);
	}
	CHECK_INT(unknown, 1);
	arr = json_object_get(g.truth, "backup");
	CHECK_INT(json_array_size(arr), 1);
	json_array_foreach(arr, i, o) {
		conn_sum c = conn_match(&g, v4(jstr(o, "host")), v4(jstr(o, "peer")),
					NULL, 0, (int)jint(o, "port"));
		CHECK(c.n >= 2 * 3); /* a few long connections each of 2 nights */
		CHECK_INT(c.n, jint(o, "flows"));
		CHECK(c.ob > 2LL * (4LL << 30) / 20); /* multi-GB every night at scale 1 */
		CHECK_INT(c.ob, jint(o, "orig_bytes"));
		free(c.ts);
	}
	gen_free(&g);
}

TEST(gen_unknown_host_not_in_inventory)
{
	gen_out g;
	if (!gen_small(&g, 2, 1, 0.02))
		return;
	json_t *arr = json_object_get(g.truth, "not_in_inventory"), *o;
	size_t i;
	CHECK_INT(json_array_size(arr), 1);
	char needle[64];
	json_array_foreach(arr, i, o) {
		snprintf(needle, sizeof needle, "ip: %s,", jstr(o, "host"));
		CHECK(strstr(g.yaml, needle) == NULL);
		CHECK(strstr(g.fw, jstr(o, "host")) != NULL); /* seen in traffic */
	}
	json_array_foreach(json_object_get(g.truth, "hosts"), i, o) {
		snprintf(needle, sizeof needle, "ip: %s,", jstr(o, "host"));
		bool listed = strstr(g.yaml, needle) != NULL;
		CHECK(listed == json_is_true(json_object_get(o, "in_inventory")));
	}
	ash_case *c = NULL;
	ash_err err = {0};
	char path[512];
	snprintf(path, sizeof path, "%s/case.yaml", g.dir);
	int rc = ash_case_parse_file(path, &c, &err);
	if (rc)
		ash_test_fail(__FILE__, __LINE__, "case.yaml: %s", err.msg);
	if (c) {
		CHECK_INT(c->nsites, 1);
		CHECK_STR(c->sites[0].name, "sg-hub");
		CHECK_STR(c->sites[0].timezone, "Asia/Singapore");
		CHECK_INT(c->nnets, 3);
		CHECK_INT(c->nassets, json_array_size(json_object_get(g.truth, "hosts")) - 1);
		CHECK_INT(c->nexpected, 1);
		CHECK_INT(c->nwarnings, 0);
		if (c->nexpected) {
			CHECK_INT(c->expected[0].dport, 873);
			CHECK(c->expected[0].reason != NULL);
		}
		ash_case_free(c);
	}
	gen_free(&g);
}

/* Records per hour of firewall.log and bytes per hour of conn.log, by
 * local hour, for each day. */
TEST(gen_incident_spike)
{
	gen_out g;
	if (!gen_small(&g, 1, 3, 0.2))
		return;
	enum { D = 3 };
	long long rec[D][24] = {{0}}, bytes[D][24] = {{0}}, lan[D][24] = {{0}};
	json_t *w = json_object_get(g.truth, "window");
	ash_tz *tz = NULL;
	CHECK(ash_tz_open("Asia/Singapore", &tz, NULL) == 0);
	int64_t t0;
	CHECK(ash_time_parse_iso(jstr(w, "start_utc"), strlen(jstr(w, "start_utc")),
				 NULL, &t0, NULL) == 0);
	t0 /= 1000000;
	size_t pos = 0, len;
	const char *s;
	int day = 0, last_dom = -1;
	while (next_line(g.fw, g.nfw, &pos, &s, &len)) {
		int dom = atoi(s + 4), hour = atoi(s + 7);
		if (last_dom >= 0 && dom != last_dom)
			day++;
		last_dom = dom;
		if (day < D && hour >= 0 && hour < 24) {
			rec[day][hour]++;
			lan[day][hour] += memmem(s, len, " SRC=10.20.", 11) != NULL;
		}
	}
	CHECK_INT(day, D - 1);
	char *copy = strdup(g.conn);
	for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
		char *f[21];
		if (line[0] == '#' || conn_fields(line, f) != 21)
			continue;
		int64_t sec = atoll(f[0]), loc = sec + ash_tz_offset_at(tz, sec);
		int d = (int)((sec - t0) / 86400), h = (int)((loc % 86400) / 3600);
		if (d >= 0 && d < D)
			bytes[d][h] += (f[9][0] == '-' ? 0 : atoll(f[9])) +
				       (f[10][0] == '-' ? 0 : atoll(f[10]));
	}
	free(copy);
	for (int h = 1; h <= 2; h++) {
		long long prev_rec = 0, prev_bytes = 0;
		for (int d = 0; d < D - 1; d++) {
			prev_rec = rec[d][h] > prev_rec ? rec[d][h] : prev_rec;
			prev_bytes = bytes[d][h] > prev_bytes ? bytes[d][h] : prev_bytes;
		}
		if (rec[D - 1][h] < 10 * prev_rec || bytes[D - 1][h] < 5 * prev_bytes)
			ash_test_fail(__FILE__, __LINE__, "hour %02d: %lld records, %lld bytes "
				      "vs at most %lld, %lld before", h, rec[D - 1][h],
				      bytes[D - 1][h], prev_rec, prev_bytes);
	}
	/* day/night rhythm of the LAN on an ordinary weekday (Tuesday) */
	CHECK(lan[1][11] > 10 * lan[1][3]);
	CHECK(lan[1][11] > 100);
	ash_tz_free(tz);
	gen_free(&g);
}

static void parse_all(const char *name, const char *buf, size_t n, int year,
		      const char *zone, long long *recs, long long *meta,
		      long long *rejects)
{
	const ash_parser *p = ash_parser_find(name);
	*recs = *meta = *rejects = 0;
	if (!p) {
		ash_test_skip("parser not registered");
		return;
	}
	ash_tz *tz = NULL;
	ash_tz_open(zone, &tz, NULL);
	ash_parse_opts o = {.tz = tz, .year = year, .ref_time_us = 0};
	void *st = p->open(&o);
	size_t pos = 0, len;
	const char *s;
	while (next_line(buf, n, &pos, &s, &len)) {
		ash_rec r;
		const char *why = NULL;
		int rc = p->line(st, s, len, &r, &why);
		if (rc == ASH_LINE_RECORD)
			(*recs)++;
		else if (rc == ASH_LINE_META)
			(*meta)++;
		else if ((*rejects)++ < 3)
			ash_test_fail(__FILE__, __LINE__, "%s rejects '%.*s': %s", name,
				      (int)(len < 200 ? len : 200), s, why ? why : "?");
	}
	p->close(st);
	ash_tz_free(tz);
}

TEST(gen_lines_parse_back)
{
	gen_out g;
	if (!gen_small(&g, 3, 2, 0.05))
		return;
	int year = (int)jint(g.truth, "syslog_year");
	long long recs, meta, rej;
	parse_all("iptables", g.fw, g.nfw, year, "Asia/Singapore", &recs, &meta, &rej);
	CHECK_INT(rej, 0);
	CHECK_INT(recs, g.st.fw_lines);
	parse_all("zeek", g.conn, g.nconn, year, "Asia/Singapore", &recs, &meta, &rej);
	CHECK_INT(rej, 0);
	CHECK_INT(recs, g.st.conn_records);
	CHECK_INT(meta, 9);
	int score = 0;
	const ash_parser *p = ash_parser_sniff(g.fw, g.nfw < 65536 ? g.nfw : 65536, &score);
	CHECK(p && !strcmp(p->name, "iptables"));
	p = ash_parser_sniff(g.conn, g.nconn < 65536 ? g.nconn : 65536, &score);
	CHECK(p && !strcmp(p->name, "zeek"));
	gen_free(&g);
}

TEST(gen_rejects_bad_config)
{
	ash_gen_cfg c;
	ash_err err = {0};
	ash_gen_defaults(&c);
	CHECK_INT(ash_gen_check(&c, &err), 0);
	c.scale = 0;
	CHECK_INT(ash_gen_check(&c, &err), ASH_EUSAGE);
	ash_gen_defaults(&c);
	c.days = 0;
	CHECK_INT(ash_gen_check(&c, &err), ASH_EUSAGE);
	ash_gen_defaults(&c);
	c.site = "sg hub\n";
	CHECK_INT(ash_gen_check(&c, &err), ASH_EUSAGE);
	ash_gen_defaults(&c);
	c.end_mon = 2, c.end_day = 30;
	CHECK_INT(ash_gen_check(&c, &err), ASH_EUSAGE);
	ash_gen_defaults(&c);
	c.incident_from_h = 3, c.incident_to_h = 3;
	CHECK_INT(ash_gen_check(&c, &err), ASH_EUSAGE);
	ash_gen_defaults(&c);
	ash_gen_host h = {"x", "10.20.0.5", "dmz", 0, true, "x"}; /* wrong zone */
	c.hosts = &h, c.nhosts = 1;
	CHECK_INT(ash_gen_run(ash_test_tmpdir(), &c, NULL, &err), ASH_EUSAGE);
	ash_gen_defaults(&c);
	c.tz = "Mars/Olympus";
	CHECK_INT(ash_gen_run(ash_test_tmpdir(), &c, NULL, &err), ASH_ENOTFOUND);
	ash_gen_defaults(&c);
	c.lan = "10.20.0.0/33";
	CHECK_INT(ash_gen_run(ash_test_tmpdir(), &c, NULL, &err), ASH_EUSAGE);
}

TEST(gen_other_zone_and_syn_flood)
{
	ash_gen_cfg c;
	ash_gen_defaults(&c);
	c.tz = "Europe/Berlin"; /* DST ended in October: fine in November */
	c.site = "de-plant";
	c.flood_syn = true;
	c.days = 1;
	c.scale = 0.02;
	c.seed = 9;
	char dir[300];
	snprintf(dir, sizeof dir, "%s/x", ash_test_tmpdir());
	ash_err err = {0};
	ash_gen_stats st;
	CHECK_INT(ash_gen_run(dir, &c, &st, &err), 0);
	gen_out g = {0};
	g.fw = slurp(dir, "firewall.log", &g.nfw);
	g.conn = slurp(dir, "conn.log", &g.nconn);
	g.yaml = slurp(dir, "case.yaml", &g.nyaml);
	if (!g.fw || !g.conn || !g.yaml) {
		ash_test_fail(__FILE__, __LINE__, "files missing in %s", dir);
		goto out;
	}
	CHECK(strncmp(g.fw, "Nov 25 00:", 10) == 0); /* local midnight */
	CHECK(strstr(g.yaml, "timezone: Europe/Berlin") != NULL);
	CHECK(strstr(g.yaml, "case: de-plant-night") != NULL);
	CHECK(strstr(g.fw, "DST=198.51.100.7 LEN=40 TOS=0x00 PREC=0x00 TTL=64") != NULL);
	/* one-packet SYNs: Zeek leaves duration and bytes unset */
	CHECK(strstr(g.conn, "\ttcp\t-\t-\t-\t-\tS0\tT\tF\t0\tS\t1\t40\t0\t0\t-\n") != NULL);
	CHECK(st.incident_start_us > st.start_us && st.incident_end_us < st.end_us);
	long long recs, meta, rej;
	parse_all("iptables", g.fw, g.nfw, 2026, "Europe/Berlin", &recs, &meta, &rej);
	CHECK_INT(rej, 0);
	CHECK_INT(recs, st.fw_lines);
	parse_all("zeek", g.conn, g.nconn, 2026, "Europe/Berlin", &recs, &meta, &rej);
	CHECK_INT(rej, 0);
	CHECK_INT(recs, st.conn_records);
out:
	free(g.fw), free(g.conn), free(g.yaml);
}
