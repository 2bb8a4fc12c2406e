/* SPDX-License-Identifier: MIT */
/* detect_scan.c: scan_source - horizontal and vertical scans by an own
 * host (reconnaissance, not a flood).
 *
 * Distinct (source, destination, port) probes of own sources are counted
 * once each (a set of 64-bit fingerprints), per (source, port) for
 * horizontal scans and per (source, destination) for vertical ones,
 * with how many probes failed (refused, or no answer where the record
 * would show one) and how many were answered.  A scan: 100 or more
 * distinct targets (hosts on one port, or ports on one host) with at
 * least half of the probes whose outcome is known failing.  Servers that
 * talk to many peers on one port (mail, DNS resolution) are answered and
 * so do not count.  Pass 1 (parallel) keeps the own sources with 100 or
 * more failed probes; pass 2 counts their distinct probes in one thread
 * (distinctness needs one set). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "detect/detect.h"
#include "detect/htab.h"
#include "detect/tally.h"

#define MIN_TARGETS 100
#define MAX_PROBES (16u << 20)

typedef struct skey {
	ash_ip a, b;   /* source; destination (vertical) or zero */
	uint16_t port; /* port (horizontal) or 0 */
	uint8_t proto, vert;
	uint8_t pad[4];
} skey;

typedef struct sval {
	uint64_t targets, failed, answered, records;
	int64_t first, last;
} sval;

typedef struct sc {
	const ash_detect_ctx *x;
	ash_htab *seen;   /* fingerprint -> unused byte */
	ash_htab *agg;    /* skey -> sval */
	int32_t *own;
	size_t owncap;
	const ash_htab *suspects; /* ash_ip set: the sources looked at */
	uint8_t *in;
	size_t incap;
	bool full;
} sc;

static uint64_t fp(const ash_ip *a, const ash_ip *b, uint16_t port, uint8_t proto)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const uint8_t *p[2] = {a->b, b->b};
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < 16; i++)
			h = (h ^ p[k][i]) * 0x100000001b3ULL;
	h = (h ^ port) * 0x100000001b3ULL;
	return (h ^ proto) * 0x100000001b3ULL;
}

static void bump(sc *s, const skey *k, bool isnew, int outcome, int64_t t)
{
	bool created;
	sval *v = ash_htab_get(s->agg, k, &created);
	if (!v) {
		s->full = true;
		return;
	}
	if (created)
		v->first = v->last = t;
	v->first = t < v->first ? t : v->first;
	v->last = t > v->last ? t : v->last;
	v->records++;
	if (!isnew)
		return;
	v->targets++;
	v->failed += outcome < 0;
	v->answered += outcome > 0;
}

/* -1 failed, 1 answered, 0 unknown */
static int outcome(const ash_batch *b, size_t i)
{
	if (b->action[i] == ASH_ACT_DENY || b->action[i] == ASH_ACT_DROP)
		return -1;
	if (b->rpkts[i] || b->rbytes[i])
		return 1;
	if ((b->have[i] & ASH_HAVE_RPKTS) && ash_format_bidir(b->format[i]))
		return -1;
	return 0;
}

static int s_fn(void *ctx, const ash_batch *b, const uint64_t *sel,
		size_t matched, int64_t wm, bool *stop, ash_err *err)
{
	(void)matched, (void)wm, (void)err;
	sc *s = ctx;
	ash_grow((void **)&s->own, &s->owncap, b->naddrs + 1, sizeof *s->own);
	ash_detect_own_map(s->x, b, s->own);
	ash_grow((void **)&s->in, &s->incap, b->naddrs + 1, 1);
	ash_tally_set_flags(s->suspects, b, s->in);
	for (size_t w = 0; w < (b->n + 63) / 64 && !s->full; w++)
		for (uint64_t m = sel[w]; m; m &= m - 1) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(m);
			if (!s->in[b->src_idx[i]] || s->own[b->src_idx[i]] < 0 ||
			    !(b->have[i] & ASH_HAVE_DPORT) ||
			    (b->proto[i] != 6 && b->proto[i] != 17))
				continue;
			const ash_ip *a = ash_batch_src(b, i), *d = ash_batch_dst(b, i);
			uint64_t f = fp(a, d, b->dport[i], b->proto[i]);
			bool isnew;
			if (!ash_htab_get(s->seen, &f, &isnew)) {
				s->full = true;
				break;
			}
			int o = outcome(b, i);
			skey h = {.a = *a, .port = b->dport[i], .proto = b->proto[i]};
			skey v = {.a = *a, .b = *d, .proto = b->proto[i], .vert = 1};
			bump(s, &h, isnew, o, b->t_start[i]);
			bump(s, &v, isnew, o, b->t_start[i]);
		}
	*stop = s->full;
	return ASH_OK;
}

typedef struct hit {
	const skey *k;
	const sval *v;
} hit;

static int cmp_hit(const void *a, const void *b)
{
	const hit *x = a, *y = b;
	int c = ash_ip_cmp(&x->k->a, &y->k->a);
	if (c)
		return c;
	if (x->k->vert != y->k->vert)
		return x->k->vert - y->k->vert;
	if (x->v->targets != y->v->targets)
		return x->v->targets < y->v->targets ? 1 : -1;
	c = ash_ip_cmp(&x->k->b, &y->k->b);
	return c ? c : (int)x->k->port - (int)y->k->port;
}

/* one finding per scanning host, h[0..n) its scans (horizontal first) */
static void report(const ash_detect_ctx *x, const hit *h, size_t n,
		   ash_findings *out)
{
	char a[ASH_IP_STRLEN], d[ASH_IP_STRLEN], pbuf[8];
	ash_detect_ip(&h[0].k->a, a);
	ash_finding *f = ash_findings_add(out, "scan_source");
	f->verdict = ASH_V_SUSPICIOUS;
	const char *site = ash_detect_site_of(x, &h[0].k->a);
	f->site = site ? ash_strdup(site) : NULL;
	ash_finding_host(f, &h[0].k->a);
	f->start = INT64_MAX;
	f->end = INT64_MIN;
	size_t cap = n * (ASH_IP_STRLEN + 48) + 16, len = 0, nh = 0, nv = 0;
	char *terms = ash_malloc(cap), what[512] = "";
	size_t wl = 0;
	uint64_t targets = 0, known = 0, failed = 0;
	for (size_t i = 0; i < n; i++) {
		const skey *k = h[i].k;
		const sval *v = h[i].v;
		const char *pb = ash_proto_name(k->proto, pbuf);
		f->start = v->first < f->start ? v->first : f->start;
		f->end = v->last > f->end ? v->last : f->end;
		targets += v->targets;
		known += v->failed + v->answered;
		failed += v->failed;
		if (k->vert) {
			ash_finding_peer(f, &k->b);
			len += (size_t)snprintf(terms + len, cap - len, "%s(dst host %s and proto %s)",
						i ? " or " : "", ash_detect_ip(&k->b, d), pb);
			nv++;
		} else {
			len += (size_t)snprintf(terms + len, cap - len, "%s(proto %s and dst port %u)",
						i ? " or " : "", pb, k->port);
			if (wl < sizeof what - 64)
				wl += (size_t)snprintf(what + wl, sizeof what - wl, "%s%llu hosts on %s/%u",
						       nh ? ", " : "", (unsigned long long)v->targets,
						       pb, k->port);
			nh++;
		}
	}
	f->score = fmin(0.85, 0.45 + 0.1 * log10((double)targets));
	f->filter = ash_detect_filter(x, "src host %s and (%s)", a, terms);
	free(terms);
	if (nv)
		snprintf(what + wl, sizeof what - wl, "%s%zu hosts on 100 or more ports each",
			 nh ? "; " : "", nv);
	f->summary = ash_fmt_alloc("%s scanned %s%s: %s", a, nh ? "horizontally" : "",
				   nh && nv ? " and vertically" : nv ? "vertically" : "", what);
	f->why = ash_fmt_alloc("%llu distinct probes; of the %llu whose outcome the "
			       "records show, %llu failed (refused or unanswered): "
			       "reconnaissance from an own host, suspicious (a "
			       "vulnerability scanner of the site's own does this too)",
			       (unsigned long long)targets, (unsigned long long)known,
			       (unsigned long long)failed);
}

static bool failed_probe(const void *ctx, const ash_batch *b, size_t i)
{
	(void)ctx;
	return (b->have[i] & ASH_HAVE_DPORT) && (b->proto[i] == 6 || b->proto[i] == 17) &&
	       outcome(b, i) < 0;
}

typedef struct hf {
	ash_ip host;
	uint64_t failed;
} hf;

static int cmp_hf(const void *a, const void *b)
{
	uint64_t x = ((const hf *)a)->failed, y = ((const hf *)b)->failed;
	return x < y ? 1 : x > y ? -1 : ash_ip_cmp(&((const hf *)a)->host, &((const hf *)b)->host);
}

/* pass 1: own sources with MIN_TARGETS failed probes or more (the 64 with
 * most) into *set (NULL when there are none) */
static int suspects(const ash_detect_ctx *x, ash_htab **set, ash_err *err)
{
	ash_htab *h = NULL;
	*set = NULL;
	int rc = ash_tally_ex(x, NULL, ASH_T_SRC | ASH_T_OWN_SRC, failed_probe, NULL, 0, &h, err);
	if (rc)
		return rc;
	hf *v = ash_calloc(ash_htab_count(h) + 1, sizeof *v);
	size_t n = 0, pos = 0;
	const void *kp;
	void *vp;
	while (ash_htab_next(h, &pos, &kp, &vp))
		if (((const ash_tval *)vp)->records >= MIN_TARGETS)
			v[n++] = (hf){((const ash_tkey *)kp)->a, ((const ash_tval *)vp)->records};
	if (n) {
		qsort(v, n, sizeof *v, cmp_hf);
		*set = ash_htab_new(sizeof(ash_ip), 1, 0);
		for (size_t i = 0; i < n && i < 64; i++)
			ash_htab_get(*set, &v[i].host, NULL);
	}
	free(v);
	ash_htab_free(h);
	return ASH_OK;
}

int ash_detect_scan_source(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_scan_source(const ash_detect_ctx *x, ash_findings *out, ash_err *err)
{
	sc s = {.x = x};
	ash_htab *set = NULL;
	ash_filter *f = NULL;
	int rc = suspects(x, &set, err);
	if (rc || !set)
		return rc;
	s.suspects = set;
	s.seen = ash_htab_new(sizeof(uint64_t), 1, MAX_PROBES);
	s.agg = ash_htab_new(sizeof(skey), sizeof(sval), MAX_PROBES);
	rc = ash_filter_compile("", 0, &x->env, &f, err);
	if (rc)
		goto out;
	ash_filter_restrict_time(f, x->from, x->to);
	ash_scan_opts o = {.filter = ash_filter_is_all(f) ? NULL : f, .cols = ASH_COL_TIME | ASH_COL_ADDR |
			   ASH_COL_PORTS | ASH_COL_COUNTS | ASH_COL_PROV};
	rc = ash_scan_ordered(x->s, &o, s_fn, &s, NULL, err);
	if (rc)
		goto out;
	if (s.full)
		ash_findings_note(out, "scan_source: more than %u distinct probes: "
				  "counted the first only (narrow with --from/--to)",
				  MAX_PROBES);
	size_t pos = 0, nh = 0;
	const void *kp;
	void *vp;
	hit *h = ash_calloc(ash_htab_count(s.agg) + 1, sizeof *h);
	while (ash_htab_next(s.agg, &pos, &kp, &vp)) {
		const sval *v = vp;
		uint64_t known = v->failed + v->answered;
		if (v->targets >= MIN_TARGETS && known && v->failed * 2 >= known)
			h[nh++] = (hit){kp, vp};
	}
	qsort(h, nh, sizeof *h, cmp_hit);
	for (size_t i = 0; i < nh;) {
		size_t j = i;
		while (j < nh && ash_ip_eq(&h[j].k->a, &h[i].k->a) && j - i < 64)
			j++;
		report(x, &h[i], j - i, out);
		while (j < nh && ash_ip_eq(&h[j].k->a, &h[i].k->a))
			j++; /* more than 64 scans of one host: the largest shown */
		i = j;
	}
	free(h);
out:
	ash_htab_free(set);
	free(s.in);
	ash_filter_free(f);
	ash_htab_free(s.seen);
	ash_htab_free(s.agg);
	free(s.own);
	return rc;
}
