/* SPDX-License-Identifier: MIT */
/* filter_parse.c: recursive-descent parser of the filter language
 * (grammar in docs/filter.md) into the tree of filter_int.h, plus the
 * canonical text form of a tree (ash_filter_describe).
 *
 * Owns: keywords, value syntax (addresses, ports, counts with k/M/G/T,
 * durations, time ranges, flags), checks against the case (zones, sites),
 * and every "filter:COL: expected ..." message.  Does not evaluate (see
 * filter_eval.c).  Precedence: not > and > or; and/or chains become one
 * n-ary node, so tree depth is bounded by the nesting of ( ) and not. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/tztime.h"
#include "core/xalloc.h"
#include "query/filter_int.h"

typedef struct pstate {
	ftoks t;
	size_t pos;
	ash_filter *f;
	int depth;
	ash_err *err;
} pstate;

/* ---------------------------------------------------------------- tokens */

static const ftok *peek_at(const pstate *ps, size_t k)
{
	size_t i = ps->pos + k;
	return i < ps->t.n ? &ps->t.v[i] : &ps->t.v[ps->t.n - 1];
}

static const ftok *peek(const pstate *ps)
{
	return peek_at(ps, 0);
}

static const ftok *take(pstate *ps)
{
	const ftok *tk = peek(ps);
	if (tk->kind != FT_EOF)
		ps->pos++;
	return tk;
}

static bool word_is(const ftok *tk, const char *kw)
{
	size_t n = strlen(kw);
	return tk->kind == FT_WORD && tk->n == n && !strncasecmp(tk->p, kw, n);
}

static bool is_reserved(const ftok *tk)
{
	return word_is(tk, "and") || word_is(tk, "or") || word_is(tk, "not");
}

static int expected(pstate *ps, const ftok *tk, const char *what,
		    const char *after)
{
	char got[200];
	ash_filter_lex_show(tk, got, sizeof got);
	if (after)
		return ash_errf(ps->err, ASH_EUSAGE, "filter:%zu: expected %s "
				"after '%s', got %s", tk->col, what, after, got);
	return ash_errf(ps->err, ASH_EUSAGE, "filter:%zu: expected %s, got %s",
			tk->col, what, got);
}

/* ----------------------------------------------------------------- nodes */

uint32_t ash_filter_node_add(ash_filter *f, const fnode *nd)
{
	ash_grow((void **)&f->nodes, &f->cap, f->nnodes + 1, sizeof *f->nodes);
	f->nodes[f->nnodes] = *nd;
	return (uint32_t)f->nnodes++;
}

static int add_node(pstate *ps, const fnode *nd, size_t col, uint32_t *out)
{
	if (ps->f->nnodes >= ASH_FILTER_MAX_NODES)
		return ash_errf(ps->err, ASH_ELIMIT, "filter:%zu: more than %d "
				"terms in one filter", col, ASH_FILTER_MAX_NODES);
	*out = ash_filter_node_add(ps->f, nd);
	return ASH_OK;
}

unsigned ash_filter_node_cols(const fnode *nd)
{
	switch (nd->kind) {
	case FN_ADDR: return ASH_COL_ADDR;
	case FN_PORT: case FN_PROTO: case FN_ICMP: case FN_FLAGS:
		return ASH_COL_TIME | ASH_COL_PORTS;
	case FN_ACTION: return ASH_COL_PORTS;
	case FN_COUNT: return ASH_COL_TIME | ASH_COL_COUNTS;
	case FN_DURATION: case FN_TIME: case FN_SAMPLED: return ASH_COL_TIME;
	case FN_STR: return ASH_COL_STRS;
	case FN_FORMAT: return ASH_COL_PROV;
	default: return 0;
	}
}

/* ---------------------------------------------------------------- values */

/* Decimal count with optional fraction and unit k M G T (powers of
 * 1000, either case): "1500", "1.5M", "2G".  Must be a whole number. */
static bool parse_count(const char *p, size_t n, uint64_t *out)
{
	size_t i = 0;
	uint64_t ip = 0, fv = 0, fdiv = 1, mul = 1;
	for (; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
		unsigned d = (unsigned)(p[i] - '0');
		if (ip > (UINT64_MAX - d) / 10)
			return false;
		ip = ip * 10 + d;
	}
	if (i == 0)
		return false;
	if (i < n && p[i] == '.') {
		size_t s = ++i;
		for (; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
			if (i - s >= 6)
				return false;
			fv = fv * 10 + (uint64_t)(p[i] - '0');
			fdiv *= 10;
		}
		if (i == s)
			return false;
	}
	if (i < n) {
		switch (p[i]) {
		case 'k': case 'K': mul = 1000ull; break;
		case 'm': case 'M': mul = 1000000ull; break;
		case 'g': case 'G': mul = 1000000000ull; break;
		case 't': case 'T': mul = 1000000000000ull; break;
		default: return false;
		}
		i++;
	}
	if (i != n || ip > UINT64_MAX / mul || (fv * mul) % fdiv)
		return false;
	uint64_t whole = ip * mul, frac = fv * mul / fdiv;
	if (whole > UINT64_MAX - frac)
		return false;
	*out = whole + frac;
	return true;
}

static bool parse_uint(const char *p, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	if (n == 0 || n > 20)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(p[i] - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

/* Optional comparison: an operator token or eq ne lt le gt ge. */
static bool take_op(pstate *ps, int *op)
{
	static const char *const words[] = {"eq", "ne", "lt", "le", "gt", "ge"};
	const ftok *tk = peek(ps);
	if (tk->kind == FT_OP) {
		*op = tk->op;
		ps->pos++;
		return true;
	}
	for (int i = 0; i < 6; i++)
		if (word_is(tk, words[i])) {
			*op = i;
			ps->pos++;
			return true;
		}
	*op = OP_EQ;
	return false;
}

/* A name value: bare word (not and/or/not) or quoted string. */
static int take_name(pstate *ps, const char *what, const char *after,
		     const ftok **out)
{
	const ftok *tk = peek(ps);
	if (tk->kind == FT_STRING && tk->n > 0) {
		*out = take(ps);
		return ASH_OK;
	}
	if (tk->kind != FT_WORD || is_reserved(tk))
		return expected(ps, tk, what, after);
	*out = take(ps);
	return ASH_OK;
}

static bool in_list(const char *const *list, size_t n, const ftok *tk)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == tk->n && !memcmp(list[i], tk->p, tk->n))
			return true;
	return false;
}

static void join_list(const char *const *list, size_t n, char *buf, size_t cap)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && o + 1 < cap; i++)
		o += (size_t)snprintf(buf + o, cap - o, "%s%.40s", i ? ", " : "",
				      list[i]);
	if (n == 0)
		snprintf(buf, cap, "none");
}

static int str_node(pstate *ps, int kind, int which, int dir, const ftok *tk,
		    uint32_t *out)
{
	fnode nd = {.kind = (uint8_t)kind, .which = (uint8_t)which,
		    .dir = (uint8_t)dir};
	nd.s = ash_strndup(tk->p, tk->n);
	nd.sn = tk->n;
	nd.slot = ps->f->nslots;
	int rc = add_node(ps, &nd, tk->col, out);
	if (rc)
		free(nd.s);
	else if (kind == FN_ADDR || kind == FN_STR)
		ps->f->nslots++;
	return rc;
}

/* ------------------------------------------------------------ predicates */

static int addr_node(pstate *ps, int sub, int dir, const ash_cidr *c,
		     size_t col, uint32_t *out)
{
	fnode nd = {.kind = FN_ADDR, .which = (uint8_t)sub, .dir = (uint8_t)dir,
		    .slot = ps->f->nslots};
	if (c)
		nd.cidr = *c;
	int rc = add_node(ps, &nd, col, out);
	if (!rc)
		ps->f->nslots++;
	return rc;
}

static int parse_host(pstate *ps, int dir, const char *kw, uint32_t *out)
{
	const ftok *tk = peek(ps);
	ash_cidr c;
	if (tk->kind == FT_WORD && ash_ip_parse(tk->p, tk->n, &c.addr) == 0) {
		take(ps);
		c.bits = 128;
		return addr_node(ps, FA_CIDR, dir, &c, tk->col, out);
	}
	if (tk->kind == FT_WORD && memchr(tk->p, '/', tk->n) &&
	    ash_cidr_parse(tk->p, tk->n, true, &c) == 0)
		return expected(ps, tk, "an IP address (use 'net' for a prefix)",
				kw);
	return expected(ps, tk, "an IP address", kw);
}

static int parse_net(pstate *ps, int dir, uint32_t *out)
{
	const ftok *tk = peek(ps);
	ash_cidr c;
	if (tk->kind == FT_WORD && ash_cidr_parse(tk->p, tk->n, false, &c) == 0) {
		take(ps);
		return addr_node(ps, FA_CIDR, dir, &c, tk->col, out);
	}
	if (tk->kind == FT_WORD && ash_cidr_parse(tk->p, tk->n, true, &c) == 0) {
		char want[ASH_IP_STRLEN + 8], got[200];
		ash_cidr_format(&c, want);
		ash_filter_lex_show(tk, got, sizeof got);
		return ash_errf(ps->err, ASH_EUSAGE, "filter:%zu: host bits set "
				"in prefix %s after 'net' (did you mean %s?)",
				tk->col, got, want);
	}
	return expected(ps, tk, "a network prefix like 10.0.0.0/8", "net");
}

static bool parse_portval(const ftok *tk, uint64_t *v, uint64_t *v2, int *op)
{
	if (tk->kind != FT_WORD)
		return false;
	const char *dash = memchr(tk->p, '-', tk->n);
	if (!dash)
		return parse_uint(tk->p, tk->n, 65535, v);
	if (*op != OP_EQ)
		return false;
	size_t l = (size_t)(dash - tk->p);
	if (!parse_uint(tk->p, l, 65535, v) ||
	    !parse_uint(dash + 1, tk->n - l - 1, 65535, v2) || *v > *v2)
		return false;
	*op = OP_RANGE;
	return true;
}

static int parse_port(pstate *ps, int dir, uint32_t *out)
{
	fnode nd = {.kind = FN_PORT, .dir = (uint8_t)dir};
	int op;
	bool had_op = take_op(ps, &op);
	const ftok *tk = peek(ps);
	if (!parse_portval(tk, &nd.v, &nd.v2, &op))
		return expected(ps, tk, had_op ? "a port number (0-65535)" :
				"a port number (0-65535) or range N-M",
				"port");
	take(ps);
	nd.op = (uint8_t)op;
	return add_node(ps, &nd, tk->col, out);
}

static int parse_zone(pstate *ps, int dir, const ftok *kw, uint32_t *out)
{
	const ash_filter_env *e = &ps->f->env;
	const ftok *tk;
	if (!e->zone_of)
		return ash_errf(ps->err, ASH_EUSAGE, "filter:%zu: 'zone' needs a "
				"case whose case.yaml tags networks with zones",
				kw->col);
	int rc = take_name(ps, "a zone name", "zone", &tk);
	if (rc)
		return rc;
	if (e->zones && !in_list(e->zones, e->nzones, tk)) {
		char got[200], list[512];
		ash_filter_lex_show(tk, got, sizeof got);
		join_list(e->zones, e->nzones, list, sizeof list);
		return ash_errf(ps->err, ASH_EUSAGE, "filter:%zu: unknown zone %s "
				"(zones of this case: %s)", tk->col, got, list);
	}
	return str_node(ps, FN_ADDR, FA_ZONE, dir, tk, out);
}

static int parse_dir_pred(pstate *ps, const ftok *first, uint32_t *out)
{
	int dir = word_is(first, "src") ? DIR_SRC : DIR_DST;
	const char *kw = dir == DIR_SRC ? "src" : "dst";
	const ftok *c = peek(ps), *o = peek_at(ps, 1);
	if ((word_is(c, "or") || word_is(c, "and")) &&
	    word_is(o, dir == DIR_SRC ? "dst" : "src")) {
		dir = word_is(c, "and") ? DIR_BOTH : DIR_ANY;
		kw = dir == DIR_BOTH ? "src and dst" : "src or dst";
		ps->pos += 2;
	}
	const ftok *tk = peek(ps);
	ash_cidr cidr;
	if (word_is(tk, "host") || word_is(tk, "ip")) {
		take(ps);
		return parse_host(ps, dir, word_is(tk, "ip") ? "ip" : "host", out);
	}
	if (word_is(tk, "net"))
		return take(ps), parse_net(ps, dir, out);
	if (word_is(tk, "port"))
		return take(ps), parse_port(ps, dir, out);
	if (word_is(tk, "zone"))
		return take(ps), parse_zone(ps, dir, tk, out);
	if (tk->kind == FT_WORD && ash_ip_parse(tk->p, tk->n, &cidr.addr) == 0)
		return parse_host(ps, dir, kw, out);
	if (tk->kind == FT_WORD && memchr(tk->p, '/', tk->n) &&
	    ash_cidr_parse(tk->p, tk->n, true, &cidr) == 0)
		return parse_net(ps, dir, out);
	return expected(ps, tk, "'host', 'net', 'port' or 'zone'", kw);
}

static const struct { const char *name; int num; } protos[] = {
	{"icmp", 1}, {"igmp", 2}, {"tcp", 6}, {"udp", 17}, {"gre", 47},
	{"esp", 50}, {"ah", 51}, {"icmp6", 58}, {"ipv6-icmp", 58},
	{"sctp", 132},
};

static int proto_of(const ftok *tk)
{
	uint64_t v;
	for (size_t i = 0; i < sizeof protos / sizeof protos[0]; i++)
		if (word_is(tk, protos[i].name))
			return protos[i].num;
	if (tk->kind == FT_WORD && parse_uint(tk->p, tk->n, 255, &v))
		return (int)v;
	return -1;
}

static int parse_proto(pstate *ps, uint32_t *out)
{
	const ftok *tk = peek(ps);
	int p = proto_of(tk);
	if (p < 0)
		return expected(ps, tk, "a protocol (tcp, udp, icmp, icmp6, sctp, "
				"gre, esp or a number 0-255)", "proto");
	take(ps);
	fnode nd = {.kind = FN_PROTO, .v = (uint64_t)p};
	return add_node(ps, &nd, tk->col, out);
}

static const char *const count_names[] = {"bytes", "obytes", "rbytes",
					  "packets", "opackets", "rpackets"};

static int parse_count_pred(pstate *ps, int which, uint32_t *out)
{
	fnode nd = {.kind = FN_COUNT, .which = (uint8_t)which};
	int op;
	take_op(ps, &op);
	const ftok *tk = peek(ps);
	if (tk->kind != FT_WORD || !parse_count(tk->p, tk->n, &nd.v))
		return expected(ps, tk, "a number (units k M G T allowed: 1.5M)",
				count_names[which]);
	take(ps);
	nd.op = (uint8_t)op;
	return add_node(ps, &nd, tk->col, out);
}

static int parse_duration(pstate *ps, uint32_t *out)
{
	fnode nd = {.kind = FN_DURATION};
	int op;
	int64_t us;
	take_op(ps, &op);
	const ftok *tk = peek(ps);
	if (tk->kind != FT_WORD || ash_duration_parse(tk->p, tk->n, &us) != 0)
		return expected(ps, tk, "a duration (seconds, or with a unit: "
				"500ms 90s 2m 1h 1d)", "duration");
	take(ps);
	nd.op = (uint8_t)op;
	nd.v = (uint64_t)us;
	return add_node(ps, &nd, tk->col, out);
}

static int parse_icmp(pstate *ps, int which, uint32_t *out)
{
	fnode nd = {.kind = FN_ICMP, .which = (uint8_t)which};
	int op;
	take_op(ps, &op);
	const ftok *tk = peek(ps);
	if (tk->kind != FT_WORD || !parse_uint(tk->p, tk->n, 255, &nd.v))
		return expected(ps, tk, "a number 0-255",
				which ? "icmp-code" : "icmp-type");
	take(ps);
	nd.op = (uint8_t)op;
	return add_node(ps, &nd, tk->col, out);
}

static int parse_action(pstate *ps, uint32_t *out)
{
	static const struct { const char *name; int act; } acts[] = {
		{"allow", ASH_ACT_ALLOW}, {"accept", ASH_ACT_ALLOW},
		{"permit", ASH_ACT_ALLOW}, {"pass", ASH_ACT_ALLOW},
		{"deny", ASH_ACT_DENY}, {"reject", ASH_ACT_DENY},
		{"drop", ASH_ACT_DROP}, {"unknown", ASH_ACT_UNKNOWN},
	};
	const ftok *tk = peek(ps);
	for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++)
		if (word_is(tk, acts[i].name)) {
			take(ps);
			fnode nd = {.kind = FN_ACTION, .v = (uint64_t)acts[i].act};
			return add_node(ps, &nd, tk->col, out);
		}
	return expected(ps, tk, "allow, deny, drop or unknown", "action");
}

static int parse_flags(pstate *ps, uint32_t *out)
{
	static const char letters[] = "FSRPAUEC";
	const ftok *tk = peek(ps);
	fnode nd = {.kind = FN_FLAGS};
	if (tk->kind != FT_WORD || is_reserved(tk))
		return expected(ps, tk, "TCP flag letters (F S R P A U E C)",
				"flags");
	for (size_t i = 0; i < tk->n; i++) {
		char c = tk->p[i];
		const char *hit = c ? strchr(letters, c >= 'a' && c <= 'z' ?
					     c - 'a' + 'A' : c) : NULL;
		if (!hit) {
			char got[200];
			ash_filter_lex_show(tk, got, sizeof got);
			return ash_errf(ps->err, ASH_EUSAGE, "filter:%zu: unknown "
					"TCP flag in %s (letters are F S R P A "
					"U E C)", tk->col + i, got);
		}
		nd.v |= 1u << (hit - letters);
	}
	take(ps);
	return add_node(ps, &nd, tk->col, out);
}

/* formats whose name is NAME or starts with "NAME-" ("zeek" = zeek and
 * zeek-json); "unknown" = every format without a name */
static uint64_t format_mask(const ftok *tk)
{
	uint64_t m = 0;
	for (int f = 0; f < ASH_FMT_MAX_; f++) {
		const char *nm = ash_format_name(f);
		size_t l = strlen(nm);
		if ((l == tk->n || (l > tk->n && nm[tk->n] == '-')) &&
		    !strncasecmp(nm, tk->p, tk->n))
			m |= 1ull << f;
	}
	return m;
}

static int parse_format(pstate *ps, uint32_t *out)
{
	const ftok *tk = peek(ps);
	uint64_t m = tk->kind == FT_WORD && tk->n ? format_mask(tk) : 0;
	if (!m) {
		char list[512];
		size_t o = 0;
		list[0] = '\0';
		for (int f = 1; f < ASH_FMT_MAX_ && o + 1 < sizeof list; f++)
			if (strcmp(ash_format_name(f), "unknown"))
				o += (size_t)snprintf(list + o, sizeof list - o,
						      "%s, ", ash_format_name(f));
		snprintf(list + o, sizeof list - o, "unknown");
		char what[600];
		snprintf(what, sizeof what, "a source format (%s)", list);
		return expected(ps, tk, what, "format");
	}
	int rc = str_node(ps, FN_FORMAT, 0, 0, tk, out);
	if (!rc) {
		take(ps);
		ps->f->nodes[*out].v = m;
	}
	return rc;
}

static int time_part(pstate *ps, const ftok *tk, const char *p, size_t n,
		     int64_t *us)
{
	if (ash_time_parse_iso(p, n, NULL, us, NULL) == 0)
		return ASH_OK;
	char got[200];
	ftok part = {.kind = FT_WORD, .p = p, .n = n};
	ash_filter_lex_show(&part, got, sizeof got);
	return ash_errf(ps->err, ASH_EUSAGE, "filter:%zu: expected an ISO time "
			"like 2026-11-24T17:00Z in 'time', got %s",
			tk->col + (size_t)(p - tk->p), got);
}

static int parse_time(pstate *ps, uint32_t *out)
{
	const ftok *tk = peek(ps);
	fnode nd = {.kind = FN_TIME, .t0 = INT64_MIN, .t1 = INT64_MAX};
	const char *p = tk->p, *dots = NULL;
	int rc;
	if (tk->kind == FT_WORD || tk->kind == FT_STRING)
		for (size_t i = 0; i + 1 < tk->n && !dots; i++)
			if (p[i] == '.' && p[i + 1] == '.')
				dots = p + i;
	if (!dots)
		return expected(ps, tk, "a time range A..B, A..+2h, A.. or ..B",
				"time");
	size_t la = (size_t)(dots - p), lb = tk->n - la - 2;
	const char *b = dots + 2;
	if (la && (rc = time_part(ps, tk, p, la, &nd.t0)))
		return rc;
	if (lb && b[0] == '+') {
		int64_t d;
		if (!la || ash_duration_parse(b + 1, lb - 1, &d) != 0 ||
		    nd.t0 > INT64_MAX - d)
			return ash_errf(ps->err, ASH_EUSAGE, "filter:%zu: expected "
					"a duration like +2h after 'A..' in "
					"'time'", tk->col + la + 2);
		nd.t1 = nd.t0 + d;
	} else if (lb && (rc = time_part(ps, tk, b, lb, &nd.t1))) {
		return rc;
	}
	if (nd.t1 <= nd.t0 || (!la && !lb))
		return ash_errf(ps->err, ASH_EUSAGE, "filter:%zu: empty time "
				"range (the end must be after the start)",
				tk->col);
	take(ps);
	return add_node(ps, &nd, tk->col, out);
}

static int parse_site(pstate *ps, uint32_t *out)
{
	const ash_filter_env *e = &ps->f->env;
	const ftok *tk;
	int rc = take_name(ps, "a site name", "site", &tk);
	if (rc)
		return rc;
	if (e->sites && !in_list(e->sites, e->nsites, tk)) {
		char got[200], list[512];
		ash_filter_lex_show(tk, got, sizeof got);
		join_list(e->sites, e->nsites, list, sizeof list);
		return ash_errf(ps->err, ASH_EUSAGE, "filter:%zu: unknown site %s "
				"(sites of this case: %s)", tk->col, got, list);
	}
	return str_node(ps, FN_SITE, 0, 0, tk, out);
}

static int parse_strpred(pstate *ps, int which, const char *kw, uint32_t *out)
{
	const ftok *tk;
	int rc = take_name(ps, "a name (quote it if it has spaces)", kw, &tk);
	return rc ? rc : str_node(ps, FN_STR, which, 0, tk, out);
}

static int parse_iface(pstate *ps, const ftok *first, uint32_t *out)
{
	int which = word_is(first, "in") ? FS_IN : FS_OUT;
	const ftok *tk = peek(ps);
	if (!word_is(tk, "if"))
		return expected(ps, tk, "'if'", which == FS_IN ? "in" : "out");
	take(ps);
	return parse_strpred(ps, which, which == FS_IN ? "in if" : "out if", out);
}

static int shorthand(pstate *ps, const ftok *tk, uint32_t *out)
{
	static const struct { const char *w; int kind, sub, v; } sh[] = {
		{"tcp", FN_PROTO, 0, 6}, {"udp", FN_PROTO, 0, 17},
		{"icmp", FN_PROTO, 0, 1}, {"icmp6", FN_PROTO, 0, 58},
		{"sctp", FN_PROTO, 0, 132}, {"gre", FN_PROTO, 0, 47},
		{"esp", FN_PROTO, 0, 50}, {"ip4", FN_ADDR, FA_V4, 0},
		{"inet", FN_ADDR, FA_V4, 0}, {"ip6", FN_ADDR, FA_V6, 0},
		{"inet6", FN_ADDR, FA_V6, 0}, {"any", FN_ALL, 0, 0},
		{"all", FN_ALL, 0, 0},
	};
	for (size_t i = 0; i < sizeof sh / sizeof sh[0]; i++) {
		if (!word_is(tk, sh[i].w))
			continue;
		if (sh[i].kind == FN_ADDR)
			return addr_node(ps, sh[i].sub, DIR_SRC, NULL, tk->col, out);
		fnode nd = {.kind = (uint8_t)sh[i].kind, .v = (uint64_t)sh[i].v};
		return add_node(ps, &nd, tk->col, out);
	}
	return -1;
}

static int keyword(pstate *ps, const ftok *tk, uint32_t *out)
{
	if (word_is(tk, "src") || word_is(tk, "dst"))
		return parse_dir_pred(ps, tk, out);
	if (word_is(tk, "host") || word_is(tk, "ip"))
		return parse_host(ps, DIR_ANY, word_is(tk, "ip") ? "ip" : "host", out);
	if (word_is(tk, "net"))
		return parse_net(ps, DIR_ANY, out);
	if (word_is(tk, "port"))
		return parse_port(ps, DIR_ANY, out);
	if (word_is(tk, "zone"))
		return parse_zone(ps, DIR_ANY, tk, out);
	if (word_is(tk, "proto"))
		return parse_proto(ps, out);
	for (int i = 0; i < 6; i++)
		if (word_is(tk, count_names[i]))
			return parse_count_pred(ps, i, out);
	if (word_is(tk, "duration"))
		return parse_duration(ps, out);
	if (word_is(tk, "icmp-type") || word_is(tk, "icmp-code"))
		return parse_icmp(ps, word_is(tk, "icmp-code"), out);
	if (word_is(tk, "action"))
		return parse_action(ps, out);
	if (word_is(tk, "flags"))
		return parse_flags(ps, out);
	if (word_is(tk, "format"))
		return parse_format(ps, out);
	if (word_is(tk, "time"))
		return parse_time(ps, out);
	if (word_is(tk, "site"))
		return parse_site(ps, out);
	if (word_is(tk, "rule"))
		return parse_strpred(ps, FS_RULE, "rule", out);
	if (word_is(tk, "device"))
		return parse_strpred(ps, FS_DEVICE, "device", out);
	if (word_is(tk, "note"))
		return parse_strpred(ps, FS_NOTE, "note", out);
	if (word_is(tk, "sampled")) {
		fnode nd = {.kind = FN_SAMPLED};
		return add_node(ps, &nd, tk->col, out);
	}
	if (word_is(tk, "if"))
		return parse_strpred(ps, FS_IF, "if", out);
	if (word_is(tk, "in") || word_is(tk, "out"))
		return parse_iface(ps, tk, out);
	return -1;
}

static int parse_pred(pstate *ps, uint32_t *out)
{
	const ftok *tk = peek(ps);
	ash_cidr c;
	if (tk->kind != FT_WORD || is_reserved(tk))
		return expected(ps, tk, "a filter term (host, net, port, proto, "
				"bytes, zone, action, time, ...)", NULL);
	take(ps);
	int rc = keyword(ps, tk, out);
	if (rc >= 0)
		return rc;
	if ((rc = shorthand(ps, tk, out)) >= 0)
		return rc;
	ps->pos--;
	if (ash_ip_parse(tk->p, tk->n, &c.addr) == 0)
		return parse_host(ps, DIR_ANY, "host", out);
	if (memchr(tk->p, '/', tk->n) && ash_cidr_parse(tk->p, tk->n, true, &c) == 0)
		return parse_net(ps, DIR_ANY, out);
	return expected(ps, tk, "a filter term (host, net, port, proto, bytes, "
			"zone, action, time, ...)", NULL);
}

/* ------------------------------------------------------------ expressions */

static int parse_or(pstate *ps, uint32_t *out);

static int enter(pstate *ps, const ftok *tk)
{
	if (++ps->depth > ASH_FILTER_MAX_DEPTH)
		return ash_errf(ps->err, ASH_ELIMIT, "filter:%zu: nested deeper "
				"than %d levels", tk->col, ASH_FILTER_MAX_DEPTH);
	return ASH_OK;
}

static int parse_primary(pstate *ps, uint32_t *out)
{
	const ftok *tk = peek(ps);
	int rc;
	if (tk->kind != FT_LP)
		return parse_pred(ps, out);
	if ((rc = enter(ps, tk)))
		return rc;
	take(ps);
	if ((rc = parse_or(ps, out)))
		return rc;
	const ftok *rp = peek(ps);
	if (rp->kind != FT_RP) {
		char what[64];
		snprintf(what, sizeof what, "')' to close '(' of column %zu",
			 tk->col);
		return expected(ps, rp, what, NULL);
	}
	take(ps);
	ps->depth--;
	return ASH_OK;
}

static int parse_not(pstate *ps, uint32_t *out)
{
	const ftok *tk = peek(ps);
	int rc;
	if (tk->kind != FT_NOT && !word_is(tk, "not"))
		return parse_primary(ps, out);
	if ((rc = enter(ps, tk)))
		return rc;
	take(ps);
	uint32_t child;
	if ((rc = parse_not(ps, &child)))
		return rc;
	fnode nd = {.kind = FN_NOT, .a = child};
	if ((rc = add_node(ps, &nd, tk->col, out)))
		return rc;
	ps->depth--;
	return ASH_OK;
}

/* One and-chain (is_or = 0) or or-chain (is_or = 1). */
static int parse_chain(pstate *ps, bool is_or, uint32_t *out)
{
	uint32_t *kids = NULL, first;
	size_t n = 0, cap = 0;
	int rc = is_or ? parse_chain(ps, false, &first) : parse_not(ps, &first);
	if (rc)
		goto out;
	for (;;) {
		const ftok *tk = peek(ps);
		bool sep = is_or ? (tk->kind == FT_OR || word_is(tk, "or")) :
				   (tk->kind == FT_AND || word_is(tk, "and"));
		if (!sep)
			break;
		take(ps);
		uint32_t k;
		if ((rc = is_or ? parse_chain(ps, false, &k) : parse_not(ps, &k)))
			goto out;
		ash_grow((void **)&kids, &cap, n + 2, sizeof *kids);
		if (n == 0)
			kids[n++] = first;
		kids[n++] = k;
	}
	if (n == 0) {
		*out = first;
		goto out;
	}
	ash_filter *f = ps->f;
	fnode nd = {.kind = is_or ? FN_OR : FN_AND, .a = (uint32_t)f->nkids,
		    .b = (uint32_t)n};
	ash_grow((void **)&f->kids, &f->kidcap, f->nkids + n, sizeof *f->kids);
	memcpy(f->kids + f->nkids, kids, n * sizeof *kids);
	f->nkids += n;
	rc = add_node(ps, &nd, peek(ps)->col, out);
out:
	free(kids);
	return rc;
}

static int parse_or(pstate *ps, uint32_t *out)
{
	return parse_chain(ps, true, out);
}

/* -------------------------------------------------------------- public */

static void cols_of(ash_filter *f)
{
	f->cols = 0;
	for (size_t i = 0; i < f->nnodes; i++)
		f->cols |= ash_filter_node_cols(&f->nodes[i]);
}

int ash_filter_compile(const char *text, size_t n, const ash_filter_env *env,
		       ash_filter **out, ash_err *err)
{
	pstate ps = {.err = err};
	ash_filter *f = ash_calloc(1, sizeof *f);
	if (env)
		f->env = *env;
	ps.f = f;
	int rc = ash_filter_lex(text, n, &ps.t, err);
	if (rc)
		goto out;
	if (peek(&ps)->kind == FT_EOF) {
		fnode all = {.kind = FN_ALL};
		f->root = ash_filter_node_add(f, &all);
	} else if ((rc = parse_or(&ps, &f->root))) {
		goto out;
	} else if (peek(&ps)->kind != FT_EOF) {
		const ftok *tk = peek(&ps);
		rc = expected(&ps, tk, tk->kind == FT_RP ? "end of filter "
			      "(unbalanced ')')" : "'and', 'or' or end of filter",
			      NULL);
		goto out;
	}
	cols_of(f);
	*out = f;
	f = NULL;
out:
	ash_filter_lex_free(&ps.t);
	ash_filter_free(f);
	return rc;
}

void ash_filter_free(ash_filter *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nnodes; i++)
		free(f->nodes[i].s);
	free(f->nodes);
	free(f->kids);
	free(f);
}

int ash_filter_error_column(const ash_err *err)
{
	const char *m = err ? err->msg : "";
	int col = 0;
	if (strncmp(m, "filter:", 7) != 0)
		return 0;
	for (m += 7; *m >= '0' && *m <= '9' && col < 10000000; m++)
		col = col * 10 + (*m - '0');
	return *m == ':' ? col : 0;
}

void ash_filter_restrict_time(ash_filter *f, int64_t from, int64_t to)
{
	if (from == INT64_MIN && to == INT64_MAX)
		return;
	fnode t = {.kind = FN_TIME, .t0 = from, .t1 = to};
	uint32_t ti = ash_filter_node_add(f, &t);
	if (f->nodes[f->root].kind == FN_ALL) {
		f->root = ti;
	} else {
		ash_grow((void **)&f->kids, &f->kidcap, f->nkids + 2, sizeof *f->kids);
		f->kids[f->nkids] = ti;
		f->kids[f->nkids + 1] = f->root;
		fnode a = {.kind = FN_AND, .a = (uint32_t)f->nkids, .b = 2};
		f->nkids += 2;
		f->root = ash_filter_node_add(f, &a);
	}
	cols_of(f);
}

unsigned ash_filter_columns(const ash_filter *f)
{
	return f->cols;
}

bool ash_filter_is_all(const ash_filter *f)
{
	return f->nodes[f->root].kind == FN_ALL;
}

/* ------------------------------------------------------------- describe */

typedef struct dbuf {
	char *p;
	size_t cap, len; /* len may exceed cap: the full length */
} dbuf;

static void dputs(dbuf *d, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++, d->len++)
		if (d->len + 1 < d->cap)
			d->p[d->len] = s[i];
}

static void dprint(dbuf *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void dprint(dbuf *d, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		dputs(d, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void dquoted(dbuf *d, const char *s, size_t n)
{
	dputs(d, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			dprint(d, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			dprint(d, "\\x%02x", c);
		else
			dputs(d, (const char *)&c, 1);
	}
	dputs(d, "\"", 1);
}

static const char *const op_text[] = {"=", "!=", "<", "<=", ">", ">="};
static const char *const dir_text[] = {"", "src ", "dst ", "src and dst "};

static void dop(dbuf *d, int op, uint64_t v)
{
	if (op == OP_EQ)
		dprint(d, " %" PRIu64, v);
	else
		dprint(d, " %s %" PRIu64, op_text[op], v);
}

static void dtime(dbuf *d, int64_t us)
{
	char b[ASH_TIME_STRLEN];
	size_t n = ash_time_format(us, NULL, us % 1000000 ? 6 : 0, b);
	dputs(d, b, n);
}

static void describe_addr(dbuf *d, const fnode *nd)
{
	char b[ASH_IP_STRLEN + 8];
	if (nd->which == FA_V4 || nd->which == FA_V6) {
		dprint(d, "%s", nd->which == FA_V4 ? "ip4" : "ip6");
		return;
	}
	dprint(d, "%s", dir_text[nd->dir]);
	if (nd->which == FA_ZONE) {
		dprint(d, "zone ");
		dquoted(d, nd->s, nd->sn);
	} else if (nd->cidr.bits == 128) {
		ash_ip_format(&nd->cidr.addr, b);
		dprint(d, "host %s", b);
	} else {
		ash_cidr_format(&nd->cidr, b);
		dprint(d, "net %s", b);
	}
}

static void describe_leaf(dbuf *d, const fnode *nd)
{
	static const char *const strkw[] = {"rule", "in if", "out if", "if",
					    "device", "note"};
	static const char flags[] = "FSRPAUEC";
	char pb[8];
	switch (nd->kind) {
	case FN_ALL: dprint(d, "all"); break;
	case FN_ADDR: describe_addr(d, nd); break;
	case FN_PORT:
		dprint(d, "%sport", dir_text[nd->dir]);
		if (nd->op == OP_RANGE)
			dprint(d, " %" PRIu64 "-%" PRIu64, nd->v, nd->v2);
		else
			dop(d, nd->op, nd->v);
		break;
	case FN_PROTO: dprint(d, "proto %s", ash_proto_name((int)nd->v, pb)); break;
	case FN_ICMP:
		dprint(d, "%s", nd->which ? "icmp-code" : "icmp-type");
		dop(d, nd->op, nd->v);
		break;
	case FN_COUNT: dprint(d, "%s", count_names[nd->which]); dop(d, nd->op, nd->v); break;
	case FN_DURATION: dprint(d, "duration"); dop(d, nd->op, nd->v); dprint(d, "us"); break;
	case FN_SITE: dprint(d, "site "); dquoted(d, nd->s, nd->sn); break;
	case FN_ACTION: dprint(d, "action %s", ash_action_name((int)nd->v)); break;
	case FN_FLAGS:
		dprint(d, "flags ");
		for (int i = 0; i < 8; i++)
			if (nd->v >> i & 1)
				dputs(d, flags + i, 1);
		break;
	case FN_STR: dprint(d, "%s ", strkw[nd->which]); dquoted(d, nd->s, nd->sn); break;
	case FN_FORMAT: dprint(d, "format %s", nd->s); break;
	case FN_SAMPLED: dprint(d, "sampled"); break;
	case FN_TIME:
		dprint(d, "time ");
		if (nd->t0 != INT64_MIN)
			dtime(d, nd->t0);
		dprint(d, "..");
		if (nd->t1 != INT64_MAX)
			dtime(d, nd->t1);
		break;
	default: dprint(d, "?"); break;
	}
}

static void describe(dbuf *d, const ash_filter *f, uint32_t i)
{
	const fnode *nd = &f->nodes[i];
	if (nd->kind == FN_NOT) {
		dprint(d, "not ");
		describe(d, f, nd->a);
	} else if (nd->kind == FN_AND || nd->kind == FN_OR) {
		dprint(d, "(");
		for (uint32_t k = 0; k < nd->b; k++) {
			if (k)
				dprint(d, nd->kind == FN_AND ? " and " : " or ");
			describe(d, f, f->kids[nd->a + k]);
		}
		dprint(d, ")");
	} else {
		describe_leaf(d, nd);
	}
}

size_t ash_filter_describe(const ash_filter *f, char *buf, size_t cap)
{
	dbuf d = {.p = buf, .cap = cap};
	describe(&d, f, f->root);
	if (cap)
		buf[d.len < cap ? d.len : cap - 1] = '\0';
	return d.len;
}
