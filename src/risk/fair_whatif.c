/* SPDX-License-Identifier: MIT */
/* fair_whatif.c: "what if these maturities were raised": the baseline,
 * each change alone and all changes together, on the same random numbers
 * (common random numbers: the difference is the effect of the change, not
 * noise), ranked by the reduction in the organisation's ALE.  Only the
 * scenarios whose level a change moves are simulated again; the others
 * keep their baseline years, so totals equal a fresh run. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "risk/fair.h"
#include "risk/fair_int.h"

static int check_changes(const ash_fair_model *m, const ash_fair_change *ch,
			 size_t n_ch, ash_err *err)
{
	if (n_ch > 0 && !ch)
		return ash_errf(err, ASH_EUSAGE, "what if: changes missing");
	if (n_ch > ASH_FAIR_MAX_CHANGES)
		return ash_errf(err, ASH_ELIMIT, "what if: %zu changes, limit %d",
				n_ch, ASH_FAIR_MAX_CHANGES);
	for (size_t c = 0; c < n_ch; c++) {
		if (ch[c].n_edits > 0 && (!ch[c].edits || !m->maturity))
			return ash_errf(err, ASH_EUSAGE,
					"what if: change %zu: %s", c,
					m->maturity ? "edits missing"
						    : "the model has no maturity table");
		for (size_t e = 0; e < ch[c].n_edits; e++) {
			const ash_fair_edit *ed = &ch[c].edits[e];
			if (ed->site >= m->n_sites || ed->control >= m->n_controls)
				return ash_errf(err, ASH_EUSAGE,
						"what if: change %zu: site %zu / control %zu out of range (%zu sites, %zu controls)",
						c, ed->site, ed->control,
						m->n_sites, m->n_controls);
			if (!(ed->level >= 0 && ed->level <= ASH_FAIR_LEVELS - 1))
				return ash_errf(err, ASH_EUSAGE,
						"what if: change %zu: level %g is outside 0..4",
						c, ed->level);
		}
	}
	return 0;
}

/* Scenario rows after applying changes ch[0..n) to the baseline: fills
 * row[] (baseline rows, or fresh ones in *fresh for scenarios hit), level,
 * vuln and events.  Returns how many scenarios were hit. */
static size_t apply(const fair_prep *p, const ash_fair_change *ch, size_t n,
		    double *const *base_row, const uint64_t *base_ev,
		    const double **row, double *level, double *vuln,
		    uint64_t *ev, double **fresh)
{
	const ash_fair_model *m = p->m;
	size_t ns = m->n_scen, nmat = m->n_sites * m->n_controls, hit = 0;
	double *mat = ash_malloc(sizeof(double) * (nmat ? nmat : 1));
	if (nmat)
		memcpy(mat, m->maturity, sizeof(double) * nmat);
	for (size_t c = 0; c < n; c++)
		for (size_t e = 0; e < ch[c].n_edits; e++) {
			const ash_fair_edit *ed = &ch[c].edits[e];
			mat[ed->site * m->n_controls + ed->control] = ed->level;
		}
	size_t *idx = ash_calloc(ns, sizeof(size_t));
	double *v = ash_calloc(ns, sizeof(double));
	for (size_t s = 0; s < ns; s++) {
		row[s] = base_row[s];
		level[s] = p->level[s];
		vuln[s] = p->vuln[s];
		ev[s] = base_ev[s];
		if (m->scen[s].n_controls == 0 || !nmat)
			continue;
		double lv = fair_level(m, mat, s);
		if (lv == p->level[s])
			continue;
		level[s] = lv;
		vuln[s] = fair_vuln(p, s, lv);
		idx[hit] = s;
		v[hit++] = vuln[s];
	}
	*fresh = NULL;
	if (hit) {
		uint64_t *hev = ash_calloc(hit, sizeof(uint64_t));
		*fresh = ash_malloc(sizeof(double) * hit * p->years);
		fair_sim_rows(p, idx, v, hit, *fresh, hev);
		for (size_t j = 0; j < hit; j++) {
			row[idx[j]] = *fresh + j * (size_t)p->years;
			ev[idx[j]] = hev[j];
		}
		free(hev);
	}
	free(v);
	free(idx);
	free(mat);
	return hit;
}

static int cmp_gain(const void *a, const void *b)
{
	const ash_fair_gain *x = a, *y = b;
	if (x->reduction != y->reduction)
		return x->reduction > y->reduction ? -1 : 1;
	return x->change < y->change ? -1 : x->change > y->change;
}

typedef struct wi_work {
	double **base_row;
	uint64_t *base_ev;
	const double **row;
	double *level, *vuln;
	uint64_t *ev;
} wi_work;

static void one_change(const fair_prep *p, const ash_fair_change *ch,
		       size_t c, wi_work *w, const ash_fair_result *base,
		       ash_fair_gain *g)
{
	double *fresh;
	ash_fair_result r;
	g->change = c;
	g->n_scen_hit = apply(p, ch + c, 1, w->base_row, w->base_ev, w->row,
			      w->level, w->vuln, w->ev, &fresh);
	fair_sim_result(p, w->row, w->ev, w->level, w->vuln, true, &r);
	g->ale_before = base->org.ale;
	g->ale_after = r.org.ale;
	g->reduction = base->org.ale - r.org.ale;
	g->var95_after = r.org.var95;
	g->var99_after = r.org.var99;
	ash_fair_result_free(&r);
	free(fresh);
}

int ash_fair_whatif_run(const ash_fair_model *m, const ash_fair_opts *o,
			const ash_fair_change *ch, size_t n_ch,
			ash_fair_whatif *out, ash_err *err)
{
	fair_prep p;
	ash_fair_opts def = {0};
	memset(out, 0, sizeof(*out));
	int rc = fair_prep_init(&p, m, o ? o : &def, 2, err);
	if (rc)
		return rc;
	rc = check_changes(m, ch, n_ch, err);
	if (rc) {
		fair_prep_free(&p);
		return rc;
	}
	size_t ns = m->n_scen, ys = p.years;
	size_t *idx = ash_calloc(ns, sizeof(size_t));
	double *rows = ash_malloc(sizeof(double) * ns * ys), *fresh;
	wi_work w = {ash_calloc(ns, sizeof(double *)), ash_calloc(ns, sizeof(uint64_t)),
		     ash_calloc(ns, sizeof(double *)), ash_calloc(ns, sizeof(double)),
		     ash_calloc(ns, sizeof(double)), ash_calloc(ns, sizeof(uint64_t))};
	for (size_t i = 0; i < ns; i++) {
		idx[i] = i;
		w.base_row[i] = rows + i * ys;
	}
	fair_sim_rows(&p, idx, p.vuln, ns, rows, w.base_ev);
	fair_sim_result(&p, (const double *const *)w.base_row, w.base_ev,
			p.level, p.vuln, false, &out->base);

	out->n_gain = n_ch;
	out->gain = ash_calloc(n_ch ? n_ch : 1, sizeof(ash_fair_gain));
	for (size_t c = 0; c < n_ch; c++)
		one_change(&p, ch, c, &w, &out->base, &out->gain[c]);
	qsort(out->gain, n_ch, sizeof(ash_fair_gain), cmp_gain);

	apply(&p, ch, n_ch, w.base_row, w.base_ev, w.row, w.level, w.vuln,
	      w.ev, &fresh);
	fair_sim_result(&p, w.row, w.ev, w.level, w.vuln, false, &out->plan);
	free(fresh);
	free(w.base_row);
	free(w.base_ev);
	free(w.row);
	free(w.level);
	free(w.vuln);
	free(w.ev);
	free(rows);
	free(idx);
	fair_prep_free(&p);
	return 0;
}

void ash_fair_whatif_free(ash_fair_whatif *w)
{
	if (!w)
		return;
	ash_fair_result_free(&w->base);
	ash_fair_result_free(&w->plan);
	free(w->gain);
	memset(w, 0, sizeof(*w));
}
