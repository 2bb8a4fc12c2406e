/* SPDX-License-Identifier: MIT */
/* top.c: group records by a key, rank the groups (see top.h).
 *
 * Per batch each selected row gets a small code: the chunk's dictionary
 * index for src/dst (no copy), the port or protocol number, a dense code
 * per (src, dst) pair, or a zone index per dictionary address.  agg.c
 * sums by code and moves each code into the table once per chunk.
 *
 * Key layouts (ASH_AGG_KEYLEN bytes, zero padded), ordered by memcmp; all
 * but pair fit a short-key table (agg.h):
 *   src, dst   [0..16) address
 *   pair       [0..16) src, [16..32) dst
 *   ports      [0] 0 known / 1 unknown, [1..3) port, big-endian
 *   proto      [0] 0 known / 1 unknown, [1] protocol
 *   zones      [0] 0 known / 1 unknown, [1..5) index into spec->zones
 *   strings    [0] 0 known / 1 unknown (""), [1..5) id in the top's
 *              string table (strtab.c): a chunk's dictionary index is its
 *              code, interned once per chunk when agg.c asks for its key */
#include "query/top.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "query/strtab.h"

static const char *const key_names[ASH_TOP_KEY_COUNT_] = {
	"src", "dst", "srcport", "dstport", "proto", "pair", "zone",
	"srczone", "dstzone", "rule", "note", "device", "inif", "outif",
};

/* What one thread needs to add batches: code buffers and agg scratch. */
struct ash_top_worker {
	ash_top *t;
	ash_agg_scratch *scratch;
	uint32_t *codes;    /* per row */
	size_t codecap;
	uint32_t *zcode;    /* per dictionary address */
	size_t zcap;
	ash_agg_codes pairs;
};

struct ash_top {
	const ash_top_spec *spec;
	ash_agg *agg;
	ash_strtab *strs;    /* string keys */
	ash_top_worker *own; /* for ash_top_add */
};

/* what key_of needs to turn a code into a key */
typedef struct keyctx {
	const ash_top_worker *w;
	const ash_batch *b;
} keyctx;

const char *ash_top_key_name(int key)
{
	return key >= 0 && key < ASH_TOP_KEY_COUNT_ ? key_names[key] : "?";
}

int ash_top_parse(const char *text, ash_top_spec *spec, ash_err *err)
{
	const char *slash = strchr(text, '/');
	size_t kl = slash ? (size_t)(slash - text) : strlen(text);
	int key = -1;
	for (int i = 0; i < ASH_TOP_KEY_COUNT_; i++)
		if (strlen(key_names[i]) == kl && !memcmp(key_names[i], text, kl))
			key = i;
	if (key < 0)
		return ash_errf(err, ASH_EUSAGE, "top: unknown key '%.*s' in '%.60s' "
				"(src, dst, srcport, dstport, proto, pair, zone, "
				"srczone, dstzone, rule, note, device, inif, outif)", (int)(kl > 40 ? 40 : kl),
				text, text);
	if (!slash)
		return ash_errf(err, ASH_EUSAGE, "top: expected KEY/METRIC like "
				"src/bytes, got '%.60s'", text);
	int rc = ash_metric_parse(slash + 1, strlen(slash + 1), &spec->metric, err);
	if (rc) {
		ash_err_prefix(err, "top");
		return rc;
	}
	spec->key = key;
	return ASH_OK;
}

static bool string_key(int key)
{
	return key >= ASH_TOP_RULE && key <= ASH_TOP_OUTIF;
}

/* The string column of a string key. */
static const uint32_t *str_col(const ash_batch *b, int key)
{
	switch (key) {
	case ASH_TOP_RULE: return b->rule;
	case ASH_TOP_NOTE: return b->note;
	case ASH_TOP_DEVICE: return b->device;
	case ASH_TOP_INIF: return b->in_if;
	default: return b->out_if;
	}
}

unsigned ash_top_columns(const ash_top_spec *spec)
{
	unsigned c = ASH_COL_COUNTS;
	switch (spec->key) {
	case ASH_TOP_SRCPORT: case ASH_TOP_DSTPORT: case ASH_TOP_PROTO:
		c |= ASH_COL_TIME | ASH_COL_PORTS;
		break;
	case ASH_TOP_RULE: case ASH_TOP_NOTE: case ASH_TOP_DEVICE:
	case ASH_TOP_INIF: case ASH_TOP_OUTIF:
		c |= ASH_COL_STRS;
		break;
	default:
		c |= ASH_COL_ADDR;
	}
	if (spec->metric == ASH_M_SRCS || spec->metric == ASH_M_DSTS)
		c |= ASH_COL_ADDR;
	return c;
}

ash_top *ash_top_new(const ash_top_spec *spec)
{
	ash_top *t = ash_calloc(1, sizeof *t);
	t->spec = spec;
	t->agg = ash_agg_new(spec->key == ASH_TOP_PAIR ? ASH_AGG_KEYLEN
						       : ASH_AGG_SHORTKEY,
			     ash_metric_dirs(spec->metric), spec->max_keys,
			     spec->max_pairs);
	if (string_key(spec->key))
		t->strs = ash_strtab_new();
	return t;
}

void ash_top_free(ash_top *t)
{
	if (!t)
		return;
	ash_top_worker_free(t->own);
	ash_agg_free(t->agg);
	ash_strtab_free(t->strs);
	free(t);
}

ash_top_worker *ash_top_worker_new(ash_top *t)
{
	ash_top_worker *w = ash_calloc(1, sizeof *w);
	w->t = t;
	w->scratch = ash_agg_scratch_new();
	return w;
}

void ash_top_worker_free(ash_top_worker *w)
{
	if (!w)
		return;
	ash_agg_scratch_free(w->scratch);
	ash_agg_codes_free(&w->pairs);
	free(w->codes);
	free(w->zcode);
	free(w);
}

size_t ash_top_groups(const ash_top *t)
{
	return ash_agg_count(t->agg);
}

/* ---------------------------------------------------------------- codes */

static void put_be(uint8_t *p, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static void key_of(const void *ctx, uint32_t code, ash_aggkey *k)
{
	const keyctx *kc = ctx;
	const ash_batch *b = kc->b;
	memset(k, 0, sizeof *k);
	switch (kc->w->t->spec->key) {
	case ASH_TOP_SRC: case ASH_TOP_DST:
		memcpy(k->b, b->addrs[code].b, 16);
		break;
	case ASH_TOP_PAIR: {
		uint64_t v = kc->w->pairs.vals[code];
		memcpy(k->b, b->addrs[v >> 32].b, 16);
		memcpy(k->b + 16, b->addrs[(uint32_t)v].b, 16);
		break;
	}
	case ASH_TOP_SRCPORT: case ASH_TOP_DSTPORT:
		k->b[0] = code > 65535;
		put_be(k->b + 1, code & 0xffff, 2);
		break;
	case ASH_TOP_PROTO:
		k->b[0] = code > 255;
		k->b[1] = (uint8_t)code;
		break;
	case ASH_TOP_ZONE: case ASH_TOP_SRCZONE: case ASH_TOP_DSTZONE:
		k->b[0] = code >= kc->w->t->spec->nzones;
		put_be(k->b + 1, code, 4);
		break;
	default: /* strings: code 0 is "", the unknown value */
		if (code == 0 || code >= b->nstrs || !b->strs[code].n) {
			k->b[0] = 1;
			break;
		}
		put_be(k->b + 1, ash_strtab_intern(kc->w->t->strs, b->strs[code].p,
						   b->strs[code].n), 4);
	}
}

static uint32_t *codes_for(ash_top_worker *t, size_t n)
{
	if (n > t->codecap) {
		t->codes = ash_reallocarray(t->codes, n, sizeof *t->codes);
		t->codecap = n;
	}
	return t->codes;
}

static bool port_known(const ash_batch *b, size_t i, uint32_t bit)
{
	bool icmp = (b->have[i] & ASH_HAVE_PROTO) &&
		    (b->proto[i] == 1 || b->proto[i] == 58);
	return (b->have[i] & bit) && !icmp;
}

static void port_codes(ash_top_worker *t, const ash_batch *b, bool src)
{
	uint32_t *c = codes_for(t, b->n);
	uint32_t bit = src ? ASH_HAVE_SPORT : ASH_HAVE_DPORT;
	const uint16_t *p = src ? b->sport : b->dport;
	for (size_t i = 0; i < b->n; i++)
		c[i] = port_known(b, i, bit) ? p[i] : 65536;
}

static void proto_codes(ash_top_worker *t, const ash_batch *b)
{
	uint32_t *c = codes_for(t, b->n);
	for (size_t i = 0; i < b->n; i++)
		c[i] = b->have[i] & ASH_HAVE_PROTO ? b->proto[i] : 256;
}

static bool selected(const uint64_t *sel, size_t i)
{
	return !sel || (sel[i >> 6] >> (i & 63) & 1);
}

static size_t pair_codes(ash_top_worker *t, const ash_batch *b, const uint64_t *sel)
{
	uint32_t *c = codes_for(t, b->n);
	ash_agg_codes_reset(&t->pairs, b->n);
	for (size_t i = 0; i < b->n; i++) {
		uint32_t s = b->src_idx[i], d = b->dst_idx[i];
		c[i] = UINT32_MAX;
		if (selected(sel, i) && s < b->naddrs && d < b->naddrs)
			c[i] = ash_agg_codes_get(&t->pairs, (uint64_t)s << 32 | d);
	}
	return t->pairs.n;
}

static uint32_t zone_index(const ash_top_spec *sp, const ash_ip *ip)
{
	const char *z = sp->zone_of ? sp->zone_of(sp->zone_ctx, ip) : NULL;
	for (size_t k = 0; z && k < sp->nzones; k++)
		if (!strcmp(sp->zones[k], z))
			return (uint32_t)k;
	return (uint32_t)sp->nzones;
}

static uint32_t zone_at(const ash_top_worker *t, const ash_batch *b, uint32_t a)
{
	return a < b->naddrs ? t->zcode[a] : (uint32_t)t->t->spec->nzones;
}

static void zone_codes(ash_top_worker *t, const ash_batch *b)
{
	const ash_top_spec *sp = t->t->spec;
	uint32_t none = (uint32_t)sp->nzones;
	if (b->naddrs > t->zcap) {
		t->zcode = ash_reallocarray(t->zcode, b->naddrs, sizeof *t->zcode);
		t->zcap = b->naddrs;
	}
	for (size_t k = 0; k < b->naddrs; k++)
		t->zcode[k] = zone_index(sp, &b->addrs[k]);
	uint32_t *c = codes_for(t, b->n);
	for (size_t i = 0; i < b->n; i++) {
		uint32_t zs = zone_at(t, b, b->src_idx[i]);
		uint32_t zd = zone_at(t, b, b->dst_idx[i]);
		c[i] = sp->key == ASH_TOP_SRCZONE ? zs :
		       sp->key == ASH_TOP_DSTZONE ? zd : zs != none ? zs : zd;
	}
}

int ash_top_worker_add(ash_top_worker *t, const ash_batch *b,
		       const uint64_t *sel, ash_err *err)
{
	const ash_top_spec *sp = t->t->spec;
	keyctx kc = {t, b};
	ash_agg_group g = {.key_of = key_of, .ctx = &kc};
	switch (sp->key) {
	case ASH_TOP_SRC: case ASH_TOP_DST:
		g.codes = sp->key == ASH_TOP_SRC ? b->src_idx : b->dst_idx;
		g.ncodes = b->naddrs, g.addr_keys = b->addrs;
		break;
	case ASH_TOP_SRCPORT: case ASH_TOP_DSTPORT:
		port_codes(t, b, sp->key == ASH_TOP_SRCPORT);
		g.codes = t->codes, g.ncodes = 65537;
		break;
	case ASH_TOP_PROTO:
		proto_codes(t, b);
		g.codes = t->codes, g.ncodes = 257;
		break;
	case ASH_TOP_PAIR:
		g.ncodes = pair_codes(t, b, sel), g.codes = t->codes;
		break;
	case ASH_TOP_RULE: case ASH_TOP_NOTE: case ASH_TOP_DEVICE:
	case ASH_TOP_INIF: case ASH_TOP_OUTIF:
		if (!str_col(b, sp->key))
			return ash_errf(err, ASH_EINTERNAL, "top: batch without its string column");
		g.codes = str_col(b, sp->key), g.ncodes = b->nstrs;
		break;
	default:
		zone_codes(t, b);
		g.codes = t->codes, g.ncodes = sp->nzones + 1;
	}
	if (sp->metric == ASH_M_SRCS)
		g.other = b->src_idx;
	else if (sp->metric == ASH_M_DSTS)
		g.other = b->dst_idx;
	return ash_agg_add_batch(t->t->agg, t->scratch, b, sel, &g, err);
}

int ash_top_add(ash_top *t, const ash_batch *b, const uint64_t *sel,
		ash_err *err)
{
	if (!t->own)
		t->own = ash_top_worker_new(t);
	return ash_top_worker_add(t->own, b, sel, err);
}

int ash_top_merge(ash_top *into, ash_top *from, ash_err *err)
{
	if (string_key(into->spec->key))
		return ash_errf(err, ASH_EUSAGE, "top: tables of string keys do "
				"not merge (each numbers its strings): add both "
				"parts' batches to one table");
	return ash_agg_merge(into->agg, from->agg, err);
}

/* -------------------------------------------------------------- ranking */

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Zones and strings by name (bytes, then length), unknown last. */
static int key_cmp(const ash_top *t, const ash_aggkey *a, const ash_aggkey *b)
{
	int key = t->spec->key;
	bool zone = key == ASH_TOP_ZONE || key == ASH_TOP_SRCZONE ||
		    key == ASH_TOP_DSTZONE;
	if ((!zone && !string_key(key)) || a->b[0] || b->b[0])
		return memcmp(a->b, b->b, ASH_AGG_KEYLEN);
	uint32_t ia = be32(a->b + 1), ib = be32(b->b + 1);
	if (zone)
		return strcmp(t->spec->zones[ia], t->spec->zones[ib]);
	size_t na = 0, nb = 0;
	const char *sa = ash_strtab_get(t->strs, ia, &na);
	const char *sb = ash_strtab_get(t->strs, ib, &nb);
	int c = memcmp(sa, sb, na < nb ? na : nb);
	return c ? c : na < nb ? -1 : na > nb;
}

/* A ranking candidate: the metric, the entry number and the first 16
 * bytes of the key (the whole key in a short-key table). */
typedef struct cand {
	uint64_t value, id;
	uint8_t pre[ASH_AGG_SHORTKEY];
} cand;

typedef struct ranker {
	const ash_top *t;
	const ash_top_spec *sp;
	const ash_agg *agg;
	bool long_keys;
} ranker;

/* < 0 when a ranks before b */
static int cand_cmp(const ranker *rk, const cand *a, const cand *b)
{
	if (a->value != b->value)
		return a->value > b->value ? -1 : 1;
	ash_aggkey ka = {{0}}, kb = {{0}};
	if (!rk->long_keys || !memcmp(a->pre, b->pre, sizeof a->pre)) {
		if (!rk->long_keys) {
			memcpy(ka.b, a->pre, sizeof a->pre);
			memcpy(kb.b, b->pre, sizeof b->pre);
		} else {
			ash_agg_entry(rk->agg, a->id, &ka, NULL);
			ash_agg_entry(rk->agg, b->id, &kb, NULL);
		}
		return key_cmp(rk->t, &ka, &kb);
	}
	return memcmp(a->pre, b->pre, sizeof a->pre); /* zones, strings are short */
}

/* heap whose root is the worst-ranked candidate kept */
static void sift_down(const ranker *rk, cand *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, w = i;
		if (l < n && cand_cmp(rk, &h[l], &h[w]) > 0)
			w = l;
		if (r < n && cand_cmp(rk, &h[r], &h[w]) > 0)
			w = r;
		if (w == i)
			return;
		cand tmp = h[i];
		h[i] = h[w];
		h[w] = tmp;
		i = w;
	}
}

/* The best k candidates, best first; returns how many. */
static size_t best(const ranker *rk, size_t k, cand *h)
{
	size_t nh = 0;
	uint64_t pos = 0;
	ash_sums s;
	ash_aggkey key;
	while (ash_agg_next(rk->agg, &pos, NULL, &s)) {
		cand c = {.value = ash_metric_value(rk->sp->metric, &s), .id = pos - 1};
		if (nh == k && (!k || c.value < h[0].value))
			continue; /* ranks after the worst kept */
		ash_agg_entry(rk->agg, c.id, &key, NULL);
		memcpy(c.pre, key.b, sizeof c.pre);
		if (nh < k) {
			h[nh++] = c;
			if (nh == k) /* heapify once full */
				for (size_t j = k / 2 + 1; j-- > 0;)
					sift_down(rk, h, nh, j);
		} else if (cand_cmp(rk, &c, &h[0]) < 0) {
			h[0] = c;
			sift_down(rk, h, nh, 0);
		}
	}
	/* heap sort: repeatedly move the worst to the end */
	for (size_t end = nh; end > 1; end--) {
		cand tmp = h[0];
		h[0] = h[end - 1];
		h[end - 1] = tmp;
		sift_down(rk, h, end - 1, 0);
	}
	return nh;
}

size_t ash_top_rank(const ash_top *t, size_t limit, ash_top_row **rows)
{
	ranker rk = {t, t->spec, t->agg, false};
	size_t n = ash_agg_count(t->agg), k = limit && limit < n ? limit : n;
	const ash_aggkey *kp;
	const ash_sums *sp;
	rk.long_keys = n && ash_agg_ref(t->agg, 0, &kp, &sp);
	cand *h = ash_calloc(k ? k : 1, sizeof *h);
	size_t nh = best(&rk, k, h);
	/* rows point into the table, or at copies after them (short keys) */
	size_t each = sizeof(ash_top_row) +
		      (rk.long_keys ? 0 : sizeof(ash_sums) + sizeof(ash_aggkey));
	ash_top_row *r = ash_calloc(nh ? nh : 1, each);
	ash_sums *sums = NULL;
	ash_aggkey *keys = NULL;
	if (!rk.long_keys) {
		sums = (ash_sums *)(void *)(r + nh);
		keys = (ash_aggkey *)(void *)(sums + nh);
	}
	for (size_t i = 0; i < nh; i++) {
		r[i].value = h[i].value;
		if (rk.long_keys) {
			ash_agg_ref(t->agg, h[i].id, &r[i].key, &r[i].sums);
		} else {
			ash_agg_entry(t->agg, h[i].id, &keys[i], &sums[i]);
			r[i].key = &keys[i];
			r[i].sums = &sums[i];
		}
	}
	free(h);
	*rows = r;
	return nh;
}

int ash_top_key_text(const ash_top *t, const ash_aggkey *k, char *buf,
		     size_t cap, uint64_t *num)
{
	const ash_top_spec *sp = t->spec;
	char a[ASH_IP_STRLEN], d[ASH_IP_STRLEN], pb[8];
	ash_ip ip;
	buf[0] = '\0';
	switch (sp->key) {
	case ASH_TOP_SRC: case ASH_TOP_DST:
		memcpy(ip.b, k->b, 16);
		ash_ip_format(&ip, a);
		snprintf(buf, cap, "%s", a);
		return 1;
	case ASH_TOP_PAIR:
		memcpy(ip.b, k->b, 16);
		ash_ip_format(&ip, a);
		memcpy(ip.b, k->b + 16, 16);
		ash_ip_format(&ip, d);
		snprintf(buf, cap, "%s>%s", a, d);
		return 1;
	case ASH_TOP_SRCPORT: case ASH_TOP_DSTPORT:
		if (k->b[0])
			return 0;
		*num = (uint64_t)k->b[1] << 8 | k->b[2];
		snprintf(buf, cap, "%u", (unsigned)*num);
		return 2;
	case ASH_TOP_PROTO:
		if (k->b[0])
			return 0;
		snprintf(buf, cap, "%s", ash_proto_name(k->b[1], pb));
		return 1;
	case ASH_TOP_ZONE: case ASH_TOP_SRCZONE: case ASH_TOP_DSTZONE: {
		uint32_t z = be32(k->b + 1);
		if (k->b[0] || z >= sp->nzones)
			return 0;
		snprintf(buf, cap, "%s", sp->zones[z]);
		return 1;
	}
	default: {
		size_t n = 0;
		const char *s = k->b[0] ? NULL : ash_strtab_get(t->strs, be32(k->b + 1), &n);
		if (!s)
			return 0;
		snprintf(buf, cap, "%.*s", (int)n, s);
		return 1;
	}
	}
}
