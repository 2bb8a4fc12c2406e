/* SPDX-License-Identifier: MIT */
/* rollup.c: per site and function scores, the organisation roll-up and
 * the gaps (rollup.h). */
#include "org/rollup.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

static int lookup(const ash_target *t, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].id, id))
			return t[i].level;
	return -1;
}

int ash_rollup_target(const ash_org *org, size_t site, const ash_fw *fw,
		      size_t item)
{
	const ash_org_site *s = site < org->nsites ? &org->sites[site] : NULL;
	/* the item, its category, its function: site first, then org */
	for (int pass = 0; pass < 2; pass++) {
		const ash_target *t = pass ? org->targets : s ? s->targets : NULL;
		size_t nt = pass ? org->ntargets : s ? s->ntargets : 0;
		for (long i = (long)item; i >= 0; i = fw->items[i].parent) {
			int l = lookup(t, nt, fw->items[i].id);
			if (l >= 0)
				return l;
		}
	}
	return org->target_default;
}

typedef struct acc {
	double eff, claimed, target;
	size_t answered, na, weak;
} acc;

static void fscore_from(ash_fscore *f, const acc *a, size_t items)
{
	f->answered = a->answered;
	f->na = a->na;
	f->weak = a->weak;
	f->items = items;
	f->score = a->answered ? a->eff / (double)a->answered : NAN;
	f->claimed = a->answered ? a->claimed / (double)a->answered : NAN;
	f->target = a->answered ? a->target / (double)a->answered : NAN;
}

/* Scores of one assessment per function into f[]; gaps appended when
 * gaps != NULL. */
typedef struct gapvec {
	ash_gap *v;
	size_t n, cap;
} gapvec;

static void score_one(const ash_fw *fw, const ash_org *org, size_t site,
		      const ash_assessment *a, int32_t asof, ash_fscore *f,
		      gapvec *gaps, double wshare)
{
	acc acc_f[ASH_FW_MAX_FUNCS];
	memset(acc_f, 0, sizeof acc_f);
	for (size_t k = 0; a && k < a->nanswers; k++) {
		const ash_answer *x = &a->answers[k];
		long i = ash_fw_find(fw, x->item);
		if (i < 0 || fw->items[i].level != ASH_FW_SUB)
			continue;
		acc *c = &acc_f[fw->items[i].func];
		if (x->level == ASH_ANSWER_NA) {
			c->na++;
			continue;
		}
		unsigned weak;
		double e = ash_answer_effective(&org->ev, x, asof, &weak);
		int t = x->target >= 0 ? x->target
				       : ash_rollup_target(org, site, fw, (size_t)i);
		c->eff += e;
		c->claimed += x->level;
		c->target += t;
		c->answered++;
		c->weak += weak != 0;
		if (gaps && t - e > 1e-9) {
			ash_grow((void **)&gaps->v, &gaps->cap, gaps->n + 1, sizeof *gaps->v);
			gaps->v[gaps->n++] = (ash_gap){
				.site = site, .item = (size_t)i, .level = x->level,
				.weak = weak, .current = e, .target = t, .gap = t - e,
				.impact = (t - e) * wshare, .sites = 1};
		}
	}
	size_t items[ASH_FW_MAX_FUNCS] = {0};
	for (size_t i = 0; i < fw->nitems; i++)
		items[fw->items[i].func] += fw->items[i].level == ASH_FW_SUB;
	for (size_t fn = 0; fn < fw->nfunc; fn++)
		fscore_from(&f[fn], &acc_f[fn], items[fn]);
}

static void site_total(const ash_fw *fw, ash_site_score *s)
{
	acc t = {0};
	size_t nf = 0, items = 0;
	double prev = 0;
	size_t nprev = 0;
	for (size_t fn = 0; fn < fw->nfunc; fn++) {
		const ash_fscore *f = &s->f[fn];
		items += f->items;
		t.na += f->na;
		t.weak += f->weak;
		t.answered += f->answered;
		if (!f->answered)
			continue;
		nf++;
		t.eff += f->score, t.claimed += f->claimed, t.target += f->target;
		if (!isnan(f->prev))
			prev += f->prev, nprev++;
	}
	ash_fscore *tot = &s->total;
	*tot = (ash_fscore){.answered = t.answered, .na = t.na, .weak = t.weak,
			    .items = items};
	tot->score = nf ? t.eff / (double)nf : NAN;
	tot->claimed = nf ? t.claimed / (double)nf : NAN;
	tot->target = nf ? t.target / (double)nf : NAN;
	tot->prev = nprev ? prev / (double)nprev : NAN;
}

static int gap_cmp(const void *a, const void *b, void *ctx)
{
	const ash_gap *x = a, *y = b;
	const ash_rollup *r = ctx;
	if (x->impact != y->impact)
		return x->impact > y->impact ? -1 : 1;
	if (x->site != y->site) {
		if (x->site == SIZE_MAX || y->site == SIZE_MAX)
			return x->site < y->site ? -1 : 1;
		int c = strcmp(r->org->sites[x->site].name, r->org->sites[y->site].name);
		if (c)
			return c;
	}
	return strcmp(r->fw->items[x->item].id, r->fw->items[y->item].id);
}

/* Per item over all sites: impact summed, gap and current as weighted
 * means over the sites that answered it. */
static void item_gaps(ash_rollup *r, const ash_site_input *in)
{
	const ash_fw *fw = r->fw;
	ash_gap *v = ash_calloc(fw->nitems, sizeof *v);
	double *wsum = ash_calloc(fw->nitems, sizeof *wsum);
	for (size_t k = 0; k < r->ngaps; k++) {
		const ash_gap *g = &r->gaps[k];
		double w = r->org->sites[g->site].criticality;
		ash_gap *t = &v[g->item];
		t->item = g->item;
		t->site = SIZE_MAX;
		t->impact += g->impact;
		t->gap += g->gap * w;
		t->target += g->target * w;
		t->sites++;
		wsum[g->item] += w;
	}
	(void)in;
	size_t cap = 0;
	for (size_t i = 0; i < fw->nitems; i++) {
		if (!v[i].sites)
			continue;
		v[i].gap /= wsum[i];
		v[i].target /= wsum[i];
		v[i].current = v[i].target - v[i].gap;
		ash_grow((void **)&r->item_gaps, &cap, r->nitem_gaps + 1,
			 sizeof *r->item_gaps);
		r->item_gaps[r->nitem_gaps++] = v[i];
	}
	free(v), free(wsum);
	if (r->nitem_gaps)
		qsort_r(r->item_gaps, r->nitem_gaps, sizeof *r->item_gaps, gap_cmp, r);
}

static void org_rollup(ash_rollup *r)
{
	for (size_t fn = 0; fn <= r->fw->nfunc; fn++) {
		double ws = 0, w = 0, u = 0, wp = 0, wps = 0;
		size_t n = 0;
		for (size_t k = 0; k < r->nsites; k++) {
			const ash_site_score *s = &r->sites[k];
			const ash_fscore *f = fn < r->fw->nfunc ? &s->f[fn] : &s->total;
			if (!isnan(f->prev))
				wp += s->weight * f->prev, wps += s->weight;
			if (isnan(f->score))
				continue;
			w += s->weight * f->score, ws += s->weight;
			u += f->score, n++;
		}
		double W = ws > 0 ? w / ws : NAN, U = n ? u / (double)n : NAN;
		double P = wps > 0 ? wp / wps : NAN;
		if (fn < r->fw->nfunc) {
			r->weighted[fn] = W, r->unweighted[fn] = U, r->weighted_prev[fn] = P;
		} else {
			r->weighted_total = W, r->unweighted_total = U;
			r->weighted_total_prev = P;
		}
	}
}

int ash_rollup_compute(const ash_fw *fw, const ash_org *org,
		       const ash_site_input *in, size_t n, ash_rollup **out,
		       ash_err *err)
{
	if (fw->nfunc > ASH_FW_MAX_FUNCS)
		return ash_errf(err, ASH_EINTERNAL, "rollup: too many functions");
	ash_rollup *r = ash_calloc(1, sizeof *r);
	r->fw = fw;
	r->org = org;
	r->sites = ash_calloc(n ? n : 1, sizeof *r->sites);
	r->nsites = n;
	for (size_t k = 0; k < n; k++)
		r->wsum += org->sites[in[k].site].criticality;
	gapvec gaps = {0};
	for (size_t k = 0; k < n; k++) {
		ash_site_score *s = &r->sites[k];
		ash_fscore prev[ASH_FW_MAX_FUNCS];
		s->site = in[k].site;
		s->weight = org->sites[in[k].site].criticality;
		s->cur = in[k].cur;
		s->prev = in[k].prev;
		double share = r->wsum > 0 ? s->weight / r->wsum : 0;
		score_one(fw, org, s->site, in[k].cur, in[k].asof, s->f, &gaps, share);
		score_one(fw, org, s->site, in[k].prev,
			  in[k].prev ? in[k].prev->assessed_on : 0, prev, NULL, 0);
		for (size_t fn = 0; fn < fw->nfunc; fn++)
			s->f[fn].prev = in[k].prev ? prev[fn].score : NAN;
		site_total(fw, s);
	}
	r->gaps = gaps.v;
	r->ngaps = gaps.n;
	if (r->ngaps)
		qsort_r(r->gaps, r->ngaps, sizeof *r->gaps, gap_cmp, r);
	org_rollup(r);
	item_gaps(r, in);
	*out = r;
	return ASH_OK;
}

void ash_rollup_free(ash_rollup *r)
{
	if (!r)
		return;
	free(r->sites), free(r->gaps), free(r->item_gaps);
	free(r);
}
