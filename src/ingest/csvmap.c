/* SPDX-License-Identifier: MIT */
/* csvmap.c: generic CSV with a column mapping, the "csv" format.
 *
 * Owns: the mapping (see csvmap.h), header lines (a mapping by names takes
 * the column numbers from the first line; a mapping by numbers treats a
 * first line whose time and src columns both fail to parse as a header),
 * and the mapping of one line's fields to a record: time in any form of
 * ash_field_time (local to the zone when it has no offset), addresses,
 * ports, protocol number or name, counts, generic action words, strings.
 * Does not: split fields (csvsplit.c), guess a mapping (the sniffer never
 * picks this format: --format csv --map SPEC), allocate per line, print. */
#include "ingest/csvmap.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xalloc.h"
#include "ingest/csvsplit.h"
#include "ingest/field.h"
#include "ingest/parser.h"
#include "ingest/strclean.h"

#define COLS_MAX 256 /* fields of a line looked at; highest column number */
#define NAME_MAX_ 64 /* header names in a mapping */
#define STR_MAX 256
#define SPEC_MAX 4096

enum cm_key {
	F_TIME, F_END, F_SRC, F_DST, F_SPORT, F_DPORT, F_PROTO, F_BYTES,
	F_RBYTES, F_PKTS, F_RPKTS, F_ACTION, F_RULE, F_IN, F_OUT, F_DEVICE,
	F_COUNT
};

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{"time", F_TIME},     {"end", F_END},         {"src", F_SRC},
	{"dst", F_DST},       {"sport", F_SPORT},     {"dport", F_DPORT},
	{"proto", F_PROTO},   {"bytes", F_BYTES},     {"obytes", F_BYTES},
	{"rbytes", F_RBYTES}, {"packets", F_PKTS},    {"opackets", F_PKTS},
	{"rpackets", F_RPKTS}, {"action", F_ACTION},  {"rule", F_RULE},
	{"in", F_IN},         {"out", F_OUT},         {"device", F_DEVICE},
};

enum { S_RULE, S_IN, S_OUT, S_DEVICE, S_ACTION, S_COUNT };

typedef struct cm_spec {
	int col[F_COUNT];              /* -1: not mapped (or name pending) */
	char name[F_COUNT][NAME_MAX_]; /* header name, "" when by number */
	bool by_name;
	char sep;
} cm_spec;

typedef struct cm_state {
	ash_tz *tz;
	cm_spec sp;
	const char *bad;   /* every line is rejected with this, or NULL */
	bool header_done;  /* the first non-blank line has been seen */
	ash_csv_field f[COLS_MAX];
	char buf[S_COUNT][STR_MAX];
	char reason[160];
} cm_state;

/* ---- the mapping -------------------------------------------------------- */

static inline void trim(const char **p, size_t *n)
{
	if (*n && (*p)[0] != ' ' && (*p)[0] != '\t' && (*p)[*n - 1] != ' ' &&
	    (*p)[*n - 1] != '\t')
		return; /* the usual case: nothing to cut */
	while (*n && (**p == ' ' || **p == '\t'))
		(*p)++, (*n)--;
	while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
		(*n)--;
}

static int key_of(const char *k, size_t n)
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strlen(key_names[i].name) == n && !strncasecmp(key_names[i].name, k, n))
			return key_names[i].key;
	return -1;
}

static int set_sep(cm_spec *sp, const char *v, size_t n, ash_err *err)
{
	if (n == 3 && !strncasecmp(v, "tab", 3))
		sp->sep = '\t';
	else if (n == 1 && (*v == ';' || *v == '|' || *v == ','))
		sp->sep = *v;
	else
		return ash_errf(err, ASH_EUSAGE, "--map: sep= wants tab, ';' or '|'");
	return 0;
}

/* One "key=value" item. */
static int spec_item(cm_spec *sp, const char *it, size_t n, ash_err *err)
{
	const char *eq = memchr(it, '=', n);
	if (!eq)
		return ash_errf(err, ASH_EUSAGE, "--map: \"%.*s\" is not key=column",
				(int)(n > 64 ? 64 : n), it);
	const char *k = it, *v = eq + 1;
	size_t kn = (size_t)(eq - it), vn = n - kn - 1;
	trim(&k, &kn);
	trim(&v, &vn);
	if (kn == 3 && !strncasecmp(k, "sep", 3))
		return set_sep(sp, v, vn, err);
	int key = key_of(k, kn);
	if (key < 0)
		return ash_errf(err, ASH_EUSAGE, "--map: unknown key \"%.*s\"",
				(int)(kn > 32 ? 32 : kn), k);
	if (!vn || vn >= NAME_MAX_ || memchr(v, '=', vn))
		return ash_errf(err, ASH_EUSAGE, "--map: bad column for %s",
				key_names[key].name);
	uint64_t c;
	if (ash_field_uint(v, vn, COLS_MAX - 1, &c) == 0) {
		sp->col[key] = (int)c;
	} else if (v[0] >= '0' && v[0] <= '9' && ash_field_uint(v, vn, UINT64_MAX, &c) == 0) {
		return ash_errf(err, ASH_EUSAGE, "--map: column %.*s beyond %d",
				(int)vn, v, COLS_MAX - 1);
	} else {
		memcpy(sp->name[key], v, vn);
		sp->name[key][vn] = 0;
		sp->by_name = true;
	}
	return 0;
}

static int spec_parse(const char *spec, cm_spec *sp, ash_err *err)
{
	memset(sp, 0, sizeof *sp);
	for (int i = 0; i < F_COUNT; i++)
		sp->col[i] = -1;
	sp->sep = ',';
	if (!spec || !*spec)
		return ash_errf(err, ASH_EUSAGE,
				"--map is required for --format csv (e.g. "
				"--map 'time=0,src=1,dst=2')");
	size_t n = strlen(spec);
	if (n > SPEC_MAX)
		return ash_errf(err, ASH_EUSAGE, "--map: longer than %d bytes", SPEC_MAX);
	for (const char *p = spec, *end = spec + n; p < end;) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		if (!c)
			c = end;
		if (c > p) {
			int rc = spec_item(sp, p, (size_t)(c - p), err);
			if (rc)
				return rc;
		}
		p = c + 1;
	}
	static const int need[] = {F_TIME, F_SRC, F_DST};
	static const char *const need_name[] = {"time", "src", "dst"};
	for (size_t i = 0; i < 3; i++)
		if (sp->col[need[i]] < 0 && !sp->name[need[i]][0])
			return ash_errf(err, ASH_EUSAGE, "--map: %s= is required",
					need_name[i]);
	return 0;
}

int ash_csvmap_check(const char *spec, ash_err *err)
{
	cm_spec sp;
	return spec_parse(spec, &sp, err);
}

/* ---- header lines ------------------------------------------------------- */

static bool field_is(const ash_csv_field *f, const char *name)
{
	char tmp[NAME_MAX_];
	size_t n = ash_csv_unescape(f, tmp, sizeof tmp);
	const char *p = tmp;
	trim(&p, &n);
	return n == strlen(name) && !strncasecmp(p, name, n);
}

/* Column numbers from the header's names. */
static void resolve(cm_state *st, size_t nf)
{
	for (int k = 0; k < F_COUNT; k++) {
		if (!st->sp.name[k][0])
			continue;
		for (size_t i = 0; i < nf && st->sp.col[k] < 0; i++)
			if (field_is(&st->f[i], st->sp.name[k]))
				st->sp.col[k] = (int)i;
		if (st->sp.col[k] < 0 && !st->bad) {
			snprintf(st->reason, sizeof st->reason,
				 "--map: no column \"%s\" in the header line",
				 st->sp.name[k]);
			st->bad = st->reason;
		}
	}
}

/* ---- values ------------------------------------------------------------- */

static ash_str val(const cm_state *st, size_t nf, int key)
{
	ash_str s = {NULL, 0};
	int c = st->sp.col[key];
	if (c < 0 || (size_t)c >= nf)
		return s;
	const char *p = st->f[c].p;
	size_t n = st->f[c].n;
	trim(&p, &n);
	s.p = p;
	s.n = (uint32_t)n;
	return s;
}

/* Strings may hold "" escapes: copy those out. */
static ash_str str_val(cm_state *st, size_t nf, int key, int slot)
{
	if (st->sp.col[key] < 0)
		return (ash_str){NULL, 0}; /* not mapped */
	ash_str s = val(st, nf, key);
	int c = st->sp.col[key];
	if (s.n && st->f[c].escaped) {
		size_t n = ash_csv_unescape(&st->f[c], st->buf[slot], STR_MAX);
		s.p = st->buf[slot];
		s.n = (uint32_t)n;
	}
	ash_strclean(&s, st->buf[slot], STR_MAX);
	return s;
}

static int count(ash_str v, uint64_t max, uint64_t *out, uint32_t bit,
		 ash_rec *r, const char *why, const char **reason)
{
	if (!v.n)
		return 0;
	if (ash_field_uint(v.p, v.n, max, out)) {
		*reason = why;
		return -1;
	}
	r->have |= bit;
	return 0;
}

static int cm_time(cm_state *st, size_t nf, ash_rec *r, const char **reason)
{
	ash_str t = val(st, nf, F_TIME), e = val(st, nf, F_END);
	int32_t off;
	if (!t.n) {
		*reason = "empty or missing time column";
		return -1;
	}
	if (ash_field_time(t.p, t.n, st->tz, &r->t_start, &r->tz_off)) {
		*reason = "bad time";
		return -1;
	}
	if (e.n) {
		if (ash_field_time(e.p, e.n, st->tz, &r->t_end, &off)) {
			*reason = "bad end time";
			return -1;
		}
		r->have |= ASH_HAVE_END;
	}
	return 0;
}

static int cm_addrs(cm_state *st, size_t nf, ash_rec *r, const char **reason)
{
	ash_str s = val(st, nf, F_SRC), d = val(st, nf, F_DST);
	if (!s.n || ash_ip_parse(s.p, s.n, &r->src)) {
		*reason = "bad or missing src address";
		return -1;
	}
	if (!d.n || ash_ip_parse(d.p, d.n, &r->dst)) {
		*reason = "bad or missing dst address";
		return -1;
	}
	if (ash_ip_is_v4(&r->src) != ash_ip_is_v4(&r->dst)) {
		*reason = "src and dst of different address families";
		return -1;
	}
	return 0;
}

static int cm_numbers(cm_state *st, size_t nf, ash_rec *r, const char **reason)
{
	uint64_t sp = 0, dp = 0;
	ash_str pr = val(st, nf, F_PROTO);
	if (pr.n) {
		if (ash_field_proto(pr.p, pr.n, &r->proto)) {
			*reason = "bad proto";
			return -1;
		}
		r->have |= ASH_HAVE_PROTO;
	}
	if (count(val(st, nf, F_SPORT), 65535, &sp, ASH_HAVE_SPORT, r, "bad sport", reason) ||
	    count(val(st, nf, F_DPORT), 65535, &dp, ASH_HAVE_DPORT, r, "bad dport", reason) ||
	    count(val(st, nf, F_BYTES), UINT64_MAX, &r->obytes, ASH_HAVE_OBYTES, r, "bad bytes", reason) ||
	    count(val(st, nf, F_RBYTES), UINT64_MAX, &r->rbytes, ASH_HAVE_RBYTES, r, "bad rbytes", reason) ||
	    count(val(st, nf, F_PKTS), UINT64_MAX, &r->opkts, ASH_HAVE_OPKTS, r, "bad packets", reason) ||
	    count(val(st, nf, F_RPKTS), UINT64_MAX, &r->rpkts, ASH_HAVE_RPKTS, r, "bad rpackets", reason))
		return -1;
	r->sport = (uint16_t)sp;
	r->dport = (uint16_t)dp;
	return 0;
}

static int fill(cm_state *st, size_t nf, ash_rec *r, const char **reason)
{
	memset(r, 0, sizeof *r);
	r->format = ASH_FMT_CSV;
	r->have = ASH_HAVE_TZOFF;
	if (cm_time(st, nf, r, reason) || cm_addrs(st, nf, r, reason) ||
	    cm_numbers(st, nf, r, reason))
		return -1;
	ash_str a = str_val(st, nf, F_ACTION, S_ACTION);
	r->action = ash_field_action(a.p, a.n);
	r->rule = str_val(st, nf, F_RULE, S_RULE);
	r->in_if = str_val(st, nf, F_IN, S_IN);
	r->out_if = str_val(st, nf, F_OUT, S_OUT);
	r->device = str_val(st, nf, F_DEVICE, S_DEVICE);
	return 0;
}

/* A first line of a mapping by numbers whose time and src both fail. */
static bool looks_like_header(cm_state *st, size_t nf)
{
	ash_str t = val(st, nf, F_TIME), s = val(st, nf, F_SRC);
	int64_t us;
	int32_t off;
	ash_ip ip;
	return (!t.n || ash_field_time(t.p, t.n, NULL, &us, &off)) &&
	       (!s.n || ash_ip_parse(s.p, s.n, &ip));
}

/* ---- the parser interface ----------------------------------------------- */

static void *cm_open(const ash_parse_opts *o)
{
	cm_state *st = ash_calloc(1, sizeof *st);
	st->tz = o ? o->tz : NULL;
	if (spec_parse(o ? o->csv_map : NULL, &st->sp, NULL))
		st->bad = "no valid --map given for --format csv";
	return st;
}

static void cm_close(void *state)
{
	free(state);
}

static int cm_line(void *state, const char *s, size_t n, ash_rec *r,
		   const char **reason)
{
	cm_state *st = state;
	size_t nf = 0;
	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (!st->header_done && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		s += 3, n -= 3;
	size_t lead = 0;
	while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	if (lead == n)
		return ASH_LINE_META;
	int rc = ash_csv_split(s, n, st->sp.sep, st->f, COLS_MAX, &nf);
	if (rc != ASH_CSV_OK && rc != ASH_CSV_TOO_MANY) {
		*reason = ash_csv_strerror(rc);
		return ASH_LINE_REJECT;
	}
	if (!st->header_done) {
		st->header_done = true;
		if (st->sp.by_name && !st->bad) {
			resolve(st, nf);
			return ASH_LINE_META;
		}
		if (!st->bad && looks_like_header(st, nf))
			return ASH_LINE_META;
	}
	if (st->bad) {
		*reason = st->bad;
		return ASH_LINE_REJECT;
	}
	return fill(st, nf, r, reason) ? ASH_LINE_REJECT : ASH_LINE_RECORD;
}

/* Never chosen by sniffing: a mapping must be given. */
static int cm_sniff(const char *buf, size_t n)
{
	(void)buf;
	(void)n;
	return 0;
}

const ash_parser ash_csv_parser = {
	.name = "csv",
	.format = ASH_FMT_CSV,
	.what = "generic CSV with a column mapping (--map SPEC)",
	.sniff = cm_sniff,
	.open = cm_open,
	.line = cm_line,
	.close = cm_close,
};
