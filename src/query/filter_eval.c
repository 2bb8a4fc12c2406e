/* SPDX-License-Identifier: MIT */
/* filter_eval.c: evaluate a compiled filter over a decoded chunk, and
 * decide whether a chunk can be skipped.
 *
 * Per batch, every address predicate (host, net, zone, ip4/ip6) is first
 * evaluated once per entry of the chunk's address dictionary into a
 * bitmap, and every string predicate once per dictionary string; the row
 * loop is then an index lookup.  Rows are evaluated 64 at a time into
 * bitmaps; and/or nodes combine their children's bitmaps and stop early
 * when the result can no longer change.
 *
 * Unknown values (ASH_HAVE_* clear): every comparison on them is false,
 * so "not bytes > 0" holds for a record without byte counts.  Ports of
 * ICMP/ICMPv6 records are unknown (their dport holds type and code).
 * Does not own: parsing (filter_parse.c), reading chunks (scan.c). */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "query/filter_int.h"

struct ash_filter_scratch {
	uint64_t **lvl;    /* row bitmaps, one per tree depth */
	size_t nlvl, lvlwords;
	uint64_t **dict;   /* dictionary bitmaps, one per slot */
	size_t *dictwords;
	size_t nslots;
};

ash_filter_scratch *ash_filter_scratch_new(void)
{
	return ash_calloc(1, sizeof(ash_filter_scratch));
}

void ash_filter_scratch_free(ash_filter_scratch *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nlvl; i++)
		free(s->lvl[i]);
	for (size_t i = 0; i < s->nslots; i++)
		free(s->dict[i]);
	free(s->lvl);
	free(s->dict);
	free(s->dictwords);
	free(s);
}

static uint64_t *level(ash_filter_scratch *s, size_t d, size_t words)
{
	if (words > s->lvlwords) {
		for (size_t i = 0; i < s->nlvl; i++)
			s->lvl[i] = ash_reallocarray(s->lvl[i], words, 8);
		s->lvlwords = words;
	}
	if (d >= s->nlvl) {
		s->lvl = ash_reallocarray(s->lvl, d + 1, sizeof *s->lvl);
		for (size_t i = s->nlvl; i <= d; i++)
			s->lvl[i] = ash_calloc(s->lvlwords ? s->lvlwords : 1, 8);
		s->nlvl = d + 1;
	}
	return s->lvl[d];
}

static uint64_t *dict(ash_filter_scratch *s, uint32_t slot, size_t bits)
{
	size_t words = (bits + 63) / 64 + 1;
	if (slot >= s->nslots) {
		s->dict = ash_reallocarray(s->dict, slot + 1, sizeof *s->dict);
		s->dictwords = ash_reallocarray(s->dictwords, slot + 1, sizeof(size_t));
		for (size_t i = s->nslots; i <= slot; i++)
			s->dict[i] = NULL, s->dictwords[i] = 0;
		s->nslots = slot + 1;
	}
	if (words > s->dictwords[slot]) {
		s->dict[slot] = ash_reallocarray(s->dict[slot], words, 8);
		s->dictwords[slot] = words;
	}
	memset(s->dict[slot], 0, words * 8);
	return s->dict[slot];
}

static inline bool bit(const uint64_t *bm, size_t i)
{
	return bm[i >> 6] >> (i & 63) & 1;
}

/* ------------------------------------------------------------ binding */

static bool same(const char *a, size_t an, const char *b)
{
	return b && strlen(b) == an && !memcmp(a, b, an);
}

/* a[0..n) == b[0..n) ignoring ASCII case (note: vendors differ in case);
 * other bytes, NUL included, compare exactly. */
static bool ascii_ieq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return true;
}

static bool addr_pred(const ash_filter *f, const fnode *nd, const ash_ip *ip)
{
	switch (nd->which) {
	case FA_CIDR: return ash_cidr_contains(&nd->cidr, ip);
	case FA_V4: return ash_ip_is_v4(ip);
	case FA_V6: return !ash_ip_is_v4(ip);
	case FA_ZONE:
		return f->env.zone_of &&
		       same(nd->s, nd->sn, f->env.zone_of(f->env.zone_ctx, ip));
	default: return false;
	}
}

/* The store writes each chunk's address dictionary sorted; check it
 * (batches from elsewhere may not be) before binary-searching it. */
static bool addrs_sorted(const ash_batch *b)
{
	for (size_t k = 1; k < b->naddrs; k++)
		if (ash_ip_cmp(&b->addrs[k - 1], &b->addrs[k]) > 0)
			return false;
	return true;
}

/* A prefix is one range of the sorted dictionary: find it by binary
 * search instead of testing every address. */
static void cidr_range(const ash_cidr *c, const ash_batch *b, uint64_t *bm)
{
	ash_ip hi = c->addr;
	for (int i = 0; i < 16; i++) {
		int keep = (int)c->bits - 8 * i;
		if (keep <= 0)
			hi.b[i] = 0xff;
		else if (keep < 8)
			hi.b[i] |= (uint8_t)(0xffu >> keep);
	}
	size_t lo = 0, up = b->naddrs;
	while (lo < up) {
		size_t mid = (lo + up) / 2;
		if (ash_ip_cmp(&b->addrs[mid], &c->addr) < 0)
			lo = mid + 1;
		else
			up = mid;
	}
	for (size_t k = lo; k < b->naddrs && ash_ip_cmp(&b->addrs[k], &hi) <= 0; k++)
		bm[k >> 6] |= 1ull << (k & 63);
}

/* Dictionary bitmaps of every address and string predicate for b. */
static void bind(const ash_filter *f, ash_filter_scratch *s, const ash_batch *b)
{
	int sorted = -1; /* not checked yet */
	for (size_t i = 0; i < f->nnodes; i++) {
		const fnode *nd = &f->nodes[i];
		if (nd->kind == FN_ADDR) {
			uint64_t *bm = dict(s, nd->slot, b->naddrs);
			if (nd->which == FA_CIDR && sorted < 0)
				sorted = b->addrs_sorted || addrs_sorted(b);
			if (nd->which == FA_CIDR && sorted) {
				cidr_range(&nd->cidr, b, bm);
				continue;
			}
			for (size_t k = 0; k < b->naddrs; k++)
				if (addr_pred(f, nd, &b->addrs[k]))
					bm[k >> 6] |= 1ull << (k & 63);
		} else if (nd->kind == FN_STR) {
			uint64_t *bm = dict(s, nd->slot, b->nstrs);
			bool icase = nd->which == FS_NOTE;
			for (size_t k = 0; k < b->nstrs; k++)
				if (b->strs[k].n == nd->sn && nd->sn &&
				    (icase ? ascii_ieq(b->strs[k].p, nd->s, nd->sn)
					   : !memcmp(b->strs[k].p, nd->s, nd->sn)))
					bm[k >> 6] |= 1ull << (k & 63);
		}
	}
}

/* ------------------------------------------------------------ row loops */

/* out[w] gets bit j set when EXPR holds for row i = 64 * w + j. */
#define ROWS(out, n, EXPR)                                                 \
	do {                                                               \
		for (size_t w_ = 0; w_ * 64 < (n); w_++) {                 \
			uint64_t m_ = 0;                                   \
			size_t e_ = (n) - w_ * 64 < 64 ? (n) - w_ * 64 : 64; \
			for (size_t j_ = 0; j_ < e_; j_++) {               \
				size_t i = w_ * 64 + j_;                   \
				m_ |= (uint64_t)((EXPR) ? 1 : 0) << j_;    \
			}                                                  \
			(out)[w_] = m_;                                    \
		}                                                          \
	} while (0)

static inline bool cmp_u(int op, uint64_t x, uint64_t v, uint64_t v2)
{
	switch (op) {
	case OP_EQ: return x == v;
	case OP_NE: return x != v;
	case OP_LT: return x < v;
	case OP_LE: return x <= v;
	case OP_GT: return x > v;
	case OP_GE: return x >= v;
	default: return x >= v && x <= v2;
	}
}

static inline bool dict_hit(const uint64_t *bm, const uint32_t *idx, size_t i,
			    size_t ndict)
{
	return idx[i] < ndict && bit(bm, idx[i]);
}

static inline bool is_icmp(const ash_batch *b, size_t i)
{
	return (b->have[i] & ASH_HAVE_PROTO) &&
	       (b->proto[i] == 1 || b->proto[i] == 58);
}

static inline bool port_is(const ash_batch *b, size_t i, bool src,
			   const fnode *nd)
{
	uint32_t need = src ? ASH_HAVE_SPORT : ASH_HAVE_DPORT;
	return (b->have[i] & need) && !is_icmp(b, i) &&
	       cmp_u(nd->op, src ? b->sport[i] : b->dport[i], nd->v, nd->v2);
}

static void eval_addr(const ash_filter_scratch *s, const fnode *nd,
		      const ash_batch *b, uint64_t *out)
{
	const uint64_t *bm = s->dict[nd->slot];
	size_t na = b->naddrs;
	const uint32_t *si = b->src_idx, *di = b->dst_idx;
	bool none = true; /* no address of this chunk matches: no row can */
	for (size_t w = 0; w < (na + 63) / 64 && none; w++)
		none = !bm[w];
	if (none) {
		memset(out, 0, (b->n + 63) / 64 * 8);
		return;
	}
	switch (nd->dir) {
	case DIR_SRC: ROWS(out, b->n, dict_hit(bm, si, i, na)); break;
	case DIR_DST: ROWS(out, b->n, dict_hit(bm, di, i, na)); break;
	case DIR_BOTH:
		ROWS(out, b->n, dict_hit(bm, si, i, na) && dict_hit(bm, di, i, na));
		break;
	default:
		ROWS(out, b->n, dict_hit(bm, si, i, na) || dict_hit(bm, di, i, na));
	}
}

static void eval_port(const fnode *nd, const ash_batch *b, uint64_t *out)
{
	switch (nd->dir) {
	case DIR_SRC: ROWS(out, b->n, port_is(b, i, true, nd)); break;
	case DIR_DST: ROWS(out, b->n, port_is(b, i, false, nd)); break;
	case DIR_BOTH:
		ROWS(out, b->n, port_is(b, i, true, nd) && port_is(b, i, false, nd));
		break;
	default:
		ROWS(out, b->n, port_is(b, i, true, nd) || port_is(b, i, false, nd));
	}
}

static inline uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* value of counter `which` of row i; false when the record lacks it */
static inline bool counter(const ash_batch *b, size_t i, int which, uint64_t *v)
{
	uint32_t h = b->have[i];
	uint64_t o, r;
	bool ho, hr;
	if (which < FC_PKTS) {
		ho = h & ASH_HAVE_OBYTES, hr = h & ASH_HAVE_RBYTES;
		o = b->obytes[i], r = b->rbytes[i];
	} else {
		ho = h & ASH_HAVE_OPKTS, hr = h & ASH_HAVE_RPKTS;
		o = b->opkts[i], r = b->rpkts[i];
	}
	switch (which) {
	case FC_OBYTES: case FC_OPKTS: *v = o; return ho;
	case FC_RBYTES: case FC_RPKTS: *v = r; return hr;
	default: *v = sat_add(ho ? o : 0, hr ? r : 0); return ho || hr;
	}
}

static inline bool count_is(const ash_batch *b, size_t i, const fnode *nd)
{
	uint64_t v;
	return counter(b, i, nd->which, &v) && cmp_u(nd->op, v, nd->v, 0);
}

static inline bool duration_is(const ash_batch *b, size_t i, const fnode *nd)
{
	if (!(b->have[i] & ASH_HAVE_END) || b->t_end[i] < b->t_start[i])
		return false;
	uint64_t d = (uint64_t)b->t_end[i] - (uint64_t)b->t_start[i];
	return cmp_u(nd->op, d, nd->v, 0);
}

static inline bool icmp_is(const ash_batch *b, size_t i, const fnode *nd)
{
	if (!is_icmp(b, i) || !(b->have[i] & ASH_HAVE_DPORT))
		return false;
	unsigned v = nd->which ? b->dport[i] & 0xff : b->dport[i] >> 8;
	return cmp_u(nd->op, v, nd->v, 0);
}

static void eval_str(const ash_filter_scratch *s, const fnode *nd,
		     const ash_batch *b, uint64_t *out)
{
	const uint64_t *bm = s->dict[nd->slot];
	size_t ns = b->nstrs;
	const uint32_t *col = nd->which == FS_RULE ? b->rule :
			      nd->which == FS_OUT ? b->out_if :
			      nd->which == FS_DEVICE ? b->device :
			      nd->which == FS_NOTE ? b->note : b->in_if;
	if (nd->which == FS_IF)
		ROWS(out, b->n, dict_hit(bm, b->in_if, i, ns) ||
				dict_hit(bm, b->out_if, i, ns));
	else
		ROWS(out, b->n, dict_hit(bm, col, i, ns));
}

static void fill(uint64_t *out, size_t n, bool v)
{
	size_t words = (n + 63) / 64;
	memset(out, v ? 0xff : 0, words * 8);
	if (v && n % 64)
		out[words - 1] = (1ull << (n % 64)) - 1;
}

static void eval_leaf(const ash_filter *f, const ash_filter_scratch *s,
		      const fnode *nd, const ash_batch *b, uint64_t *out)
{
	(void)f;
	switch (nd->kind) {
	case FN_ADDR: eval_addr(s, nd, b, out); break;
	case FN_PORT: eval_port(nd, b, out); break;
	case FN_PROTO:
		ROWS(out, b->n, (b->have[i] & ASH_HAVE_PROTO) && b->proto[i] == nd->v);
		break;
	case FN_ICMP: ROWS(out, b->n, icmp_is(b, i, nd)); break;
	case FN_COUNT: ROWS(out, b->n, count_is(b, i, nd)); break;
	case FN_DURATION: ROWS(out, b->n, duration_is(b, i, nd)); break;
	case FN_SITE: fill(out, b->n, b->site && same(nd->s, nd->sn, b->site)); break;
	case FN_ACTION: ROWS(out, b->n, b->action[i] == nd->v); break;
	case FN_FLAGS:
		ROWS(out, b->n, (b->have[i] & ASH_HAVE_FLAGS) &&
				(b->tcp_flags[i] & nd->v) == nd->v);
		break;
	case FN_STR: eval_str(s, nd, b, out); break;
	case FN_FORMAT:
		ROWS(out, b->n, b->format[i] < 64 && (nd->v >> b->format[i] & 1));
		break;
	case FN_TIME:
		ROWS(out, b->n, b->t_start[i] >= nd->t0 && b->t_start[i] < nd->t1);
		break;
	case FN_SAMPLED:
		ROWS(out, b->n, (b->have[i] & ASH_HAVE_SAMPLING) != 0);
		break;
	default: fill(out, b->n, true); break;
	}
}

/* ------------------------------------------------------------ the tree */

static bool all_zero(const uint64_t *bm, size_t words)
{
	for (size_t w = 0; w < words; w++)
		if (bm[w])
			return false;
	return true;
}

static bool all_ones(const uint64_t *bm, size_t n)
{
	size_t full = n / 64;
	for (size_t w = 0; w < full; w++)
		if (~bm[w])
			return false;
	return n % 64 == 0 || bm[full] == (1ull << (n % 64)) - 1;
}

static void eval(const ash_filter *f, ash_filter_scratch *s, const ash_batch *b,
		 uint32_t ni, size_t depth, uint64_t *out)
{
	const fnode *nd = &f->nodes[ni];
	size_t words = (b->n + 63) / 64;
	if (nd->kind == FN_NOT) {
		eval(f, s, b, nd->a, depth, out);
		for (size_t w = 0; w < words; w++)
			out[w] = ~out[w];
		if (b->n % 64)
			out[words - 1] &= (1ull << (b->n % 64)) - 1;
		return;
	}
	if (nd->kind != FN_AND && nd->kind != FN_OR) {
		eval_leaf(f, s, nd, b, out);
		return;
	}
	bool is_and = nd->kind == FN_AND;
	eval(f, s, b, f->kids[nd->a], depth + 1, out);
	for (uint32_t k = 1; k < nd->b; k++) {
		if (is_and ? all_zero(out, words) : all_ones(out, b->n))
			return;
		uint64_t *tmp = level(s, depth, words);
		eval(f, s, b, f->kids[nd->a + k], depth + 1, tmp);
		for (size_t w = 0; w < words; w++)
			out[w] = is_and ? out[w] & tmp[w] : out[w] | tmp[w];
	}
}

/* Does f hold a note predicate (the one string column a batch built
 * before notes existed may lack)? */
static bool uses_note(const ash_filter *f)
{
	for (size_t i = 0; i < f->nnodes; i++)
		if (f->nodes[i].kind == FN_STR && f->nodes[i].which == FS_NOTE)
			return true;
	return false;
}

static int check_cols(const ash_filter *f, const ash_batch *b, ash_err *err)
{
	unsigned c = f->cols, miss = 0;
	if ((c & ASH_COL_TIME) && (!b->t_start || !b->t_end || !b->have))
		miss |= ASH_COL_TIME;
	if ((c & ASH_COL_ADDR) && (!b->src_idx || !b->dst_idx ||
				   (b->naddrs && !b->addrs)))
		miss |= ASH_COL_ADDR;
	if ((c & ASH_COL_PORTS) && (!b->sport || !b->dport || !b->proto ||
				    !b->tcp_flags || !b->action))
		miss |= ASH_COL_PORTS;
	if ((c & ASH_COL_COUNTS) && (!b->obytes || !b->rbytes || !b->opkts ||
				     !b->rpkts))
		miss |= ASH_COL_COUNTS;
	if ((c & ASH_COL_STRS) && (!b->in_if || !b->out_if || !b->rule ||
				   !b->device || (!b->note && uses_note(f)) ||
				   (b->nstrs && !b->strs)))
		miss |= ASH_COL_STRS;
	if ((c & ASH_COL_PROV) && !b->format)
		miss |= ASH_COL_PROV;
	if (miss && b->n)
		return ash_errf(err, ASH_EINTERNAL, "filter: batch of chunk %u "
				"lacks columns 0x%x", b->chunk, miss);
	return ASH_OK;
}

int ash_filter_run(const ash_filter *f, ash_filter_scratch *s,
		   const ash_batch *b, uint64_t *sel, size_t *matched,
		   ash_err *err)
{
	size_t words = (b->n + 63) / 64, cnt = 0;
	int rc = check_cols(f, b, err);
	if (rc)
		goto out;
	if (b->n) {
		bind(f, s, b);
		eval(f, s, b, f->root, 0, sel);
	}
	for (size_t w = 0; w < words; w++)
		cnt += (size_t)__builtin_popcountll(sel[w]);
out:
	if (matched)
		*matched = rc ? 0 : cnt;
	return rc;
}

/* ------------------------------------------------------- chunk skipping */

/* May some row of the chunk satisfy node i?  Over-approximates: only
 * time and exact host predicates can say no; "not" always says maybe. */
static bool may(const ash_filter *f, uint32_t i, const ash_chunk_meta *m)
{
	const fnode *nd = &f->nodes[i];
	switch (nd->kind) {
	case FN_AND:
		for (uint32_t k = 0; k < nd->b; k++)
			if (!may(f, f->kids[nd->a + k], m))
				return false;
		return true;
	case FN_OR:
		for (uint32_t k = 0; k < nd->b; k++)
			if (may(f, f->kids[nd->a + k], m))
				return true;
		return false;
	case FN_TIME:
		return m->records && m->t_max >= nd->t0 && m->t_min < nd->t1;
	case FN_ADDR:
		if (nd->which == FA_CIDR && nd->cidr.bits == 128)
			return ash_chunk_may_have(m, &nd->cidr.addr);
		return true;
	default:
		return true;
	}
}

bool ash_filter_chunk_may_match(const ash_filter *f, const ash_chunk_meta *m)
{
	return may(f, f->root, m);
}
