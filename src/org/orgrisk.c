/* SPDX-License-Identifier: MIT */
/* orgrisk.c: org.yaml scenarios and assessments as a FAIR model, results
 * as JSON (orgrisk.h). */
#include "org/orgrisk.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void ash_orgrisk_free(ash_orgrisk *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->model.n_scen; i++) {
		free(r->ids[i]);
		free((void *)r->scen[i].controls);
	}
	for (size_t i = 0; i < r->ncontrols; i++)
		free(r->controls[i]);
	free(r->ids), free(r->scen), free(r->controls), free(r->maturity);
	memset(r, 0, sizeof *r);
}

static int line_err(ash_err *err, const ash_scenario *s, const char *what,
		    const char *detail)
{
	return ash_errf(err, ASH_EUSAGE, "org.yaml:%d: scenario %s at %s: %s%s%s", s->line,
			s->name, s->site, what, detail ? ": " : "", detail ? detail : "");
}

/* range (scale divides: 100 for percentiles) into an engine distribution */
static int dist_of(const ash_range *r, double scale, bool lognormal_ok,
		   ash_dist *d, ash_err *err)
{
	if (r->kind == ASH_RANGE_CI90) {
		if (!lognormal_ok)
			return ash_errf(err, ASH_EUSAGE, "give min, likely and max (not a 90 %% interval)");
		return ash_dist_lognormal90(d, r->lo / scale, r->hi / scale, err);
	}
	return ash_dist_pert(d, r->min / scale, r->likely / scale, r->max / scale, err);
}

static size_t control_index(ash_orgrisk *r, const char *id)
{
	for (size_t i = 0; i < r->ncontrols; i++)
		if (!strcmp(r->controls[i], id))
			return i;
	r->controls = ash_reallocarray(r->controls, r->ncontrols + 1, sizeof(char *));
	r->controls[r->ncontrols] = ash_strdup(id);
	return r->ncontrols++;
}

static int one_scenario(ash_orgrisk *r, const ash_fw *fw, size_t k, ash_err *err)
{
	const ash_org *o = r->org;
	const ash_scenario *s = &o->scen[k];
	ash_fair_scenario *f = &r->scen[k];
	size_t site;
	ash_err e;
	ash_fair_scenario_init(f);
	char id[80];
	snprintf(id, sizeof id, "%s/%s", s->site, s->name);
	r->ids[k] = ash_strdup(id);
	f->id = r->ids[k];
	if (!ash_org_site_find(o, s->site, &site))
		return line_err(err, s, "site", "not a site of org.yaml");
	f->site = site;
	f->fx = ash_org_fx(o, o->sites[site].currency);
	if (!(f->fx > 0)) {
		char m[96];
		snprintf(m, sizeof m, "no rate for %s in fx.rates (into %s)",
			 o->sites[site].currency, o->currency);
		return line_err(err, s, "fx", m);
	}
	if (dist_of(&s->tef, 1, true, &f->tef, &e))
		return line_err(err, s, "tef", e.msg);
	if (dist_of(&s->loss, 1, true, &f->primary, &e))
		return line_err(err, s, "loss", e.msg);
	if (s->vuln.kind) {
		f->vuln_mode = ASH_FAIR_VULN_DIRECT;
		if (dist_of(&s->vuln, 1, false, &f->vuln, &e))
			return line_err(err, s, "vulnerability", e.msg);
		return ASH_OK;
	}
	f->vuln_mode = ASH_FAIR_VULN_TCAP;
	if (dist_of(&s->tcap, 100, false, &f->tcap, &e))
		return line_err(err, s, "tcap", e.msg);
	size_t *c = ash_calloc(s->ncontrols ? s->ncontrols : 1, sizeof *c);
	f->controls = c;
	for (size_t i = 0; i < s->ncontrols; i++) {
		long it = ash_fw_find(fw, s->controls[i]);
		if (it < 0 || fw->items[it].level != ASH_FW_SUB)
			return line_err(err, s, "controls",
					"not a subcategory of the framework");
		c[i] = control_index(r, s->controls[i]);
	}
	f->n_controls = s->ncontrols;
	return ASH_OK;
}

static double effective_of(const ash_org *o, const ash_assessment *a,
			   const char *item, int32_t asof)
{
	for (size_t i = 0; a && i < a->nanswers; i++)
		if (!strcmp(a->answers[i].item, item))
			return a->answers[i].level < 0
				       ? NAN
				       : ash_answer_effective(&o->ev, &a->answers[i], asof, NULL);
	return NAN;
}

int ash_orgrisk_build(const ash_org *o, const ash_fw *fw,
		      const ash_assessment *const *latest, int32_t asof,
		      ash_orgrisk *out, ash_err *err)
{
	memset(out, 0, sizeof *out);
	if (!o->nscen)
		return ash_errf(err, ASH_EUSAGE,
				"org.yaml has no scenarios (add them under 'scenarios:')");
	ash_orgrisk *r = out;
	r->org = o;
	r->scen = ash_calloc(o->nscen, sizeof *r->scen);
	r->ids = ash_calloc(o->nscen, sizeof *r->ids);
	r->model.scen = r->scen;
	int rc = ASH_OK;
	for (size_t k = 0; k < o->nscen && !rc; k++) {
		r->model.n_scen = k + 1;
		rc = one_scenario(r, fw, k, err);
	}
	if (!rc) {
		size_t nc = r->ncontrols ? r->ncontrols : 1;
		r->maturity = ash_calloc(o->nsites * nc, sizeof *r->maturity);
		for (size_t s = 0; s < o->nsites; s++)
			for (size_t c = 0; c < r->ncontrols; c++)
				r->maturity[s * r->ncontrols + c] =
					effective_of(o, latest[s], r->controls[c], asof);
		r->model.n_sites = o->nsites;
		r->model.n_controls = r->ncontrols;
		r->model.maturity = r->ncontrols ? r->maturity : NULL;
		for (int l = 0; l < ASH_FAIR_LEVELS; l++) {
			r->model.map.min[l] = o->mapping[l].min / 100;
			r->model.map.mode[l] = o->mapping[l].likely / 100;
			r->model.map.max[l] = o->mapping[l].max / 100;
		}
		if ((rc = ash_fair_map_check(&r->model.map, err)))
			ash_err_prefix(err, "org.yaml maturity_mapping");
	}
	if (!rc && (rc = ash_fair_model_check(&r->model, err)))
		ash_err_prefix(err, "org.yaml scenarios");
	if (rc)
		ash_orgrisk_free(r);
	return rc;
}

int ash_orgrisk_raise(const ash_orgrisk *r, const char *spec,
		      ash_fair_change *ch, int *unused, ash_err *err)
{
	const char *eq = strchr(spec, '='), *at = eq ? strchr(eq, '@') : NULL;
	char item[ASH_FW_ID_MAX + 1], lv[16];
	memset(ch, 0, sizeof *ch);
	ch->label = spec;
	*unused = 0;
	size_t n = eq ? (size_t)(eq - spec) : 0;
	size_t ln = eq ? (at ? (size_t)(at - eq - 1) : strlen(eq + 1)) : 0;
	if (!eq || !n || n > ASH_FW_ID_MAX || !ln || ln >= sizeof lv)
		return ash_errf(err, ASH_EUSAGE,
				"--raise %s: give SUBCATEGORY=LEVEL[@SITE], e.g. PR.PS-01=3@sg-hub", spec);
	memcpy(item, spec, n), item[n] = '\0';
	memcpy(lv, eq + 1, ln), lv[ln] = '\0';
	char *end;
	double level = strtod(lv, &end);
	if (*end || !(level >= 0 && level <= 4))
		return ash_errf(err, ASH_EUSAGE, "--raise %s: LEVEL is 0 to 4", spec);
	size_t site = SIZE_MAX;
	if (at && !ash_org_site_find(r->org, at + 1, &site))
		return ash_errf(err, ASH_EUSAGE, "--raise %s: no site '%s' in org.yaml", spec, at + 1);
	size_t c = 0;
	while (c < r->ncontrols && strcmp(r->controls[c], item))
		c++;
	if (c == r->ncontrols) {
		*unused = 1;
		return ASH_OK;
	}
	ash_fair_edit *e = ash_calloc(r->org->nsites, sizeof *e);
	for (size_t s = 0; s < r->org->nsites; s++) {
		double cur = r->maturity[s * r->ncontrols + c];
		if ((site != SIZE_MAX && s != site) || (!isnan(cur) && cur >= level))
			continue;
		e[ch->n_edits++] = (ash_fair_edit){s, c, level};
	}
	ch->edits = e;
	*unused = ch->n_edits == 0;
	return ASH_OK;
}

/* ---- JSON --------------------------------------------------------- */

static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

json_t *ash_orgrisk_stats_json(const ash_fair_stats *s, int lec)
{
	json_t *o = json_object();
	json_object_set_new(o, "ale", num(s->ale));
	json_object_set_new(o, "sd", num(s->sd));
	json_object_set_new(o, "p50", num(s->p50));
	json_object_set_new(o, "var95", num(s->var95));
	json_object_set_new(o, "var99", num(s->var99));
	json_object_set_new(o, "max", num(s->max));
	json_object_set_new(o, "p_loss", num(s->p_loss));
	json_object_set_new(o, "events", num(s->events));
	if (lec) {
		json_t *a = json_array();
		for (unsigned i = 0; i < s->n_lec && i < ASH_FAIR_LEC_MAX; i++)
			json_array_append_new(a, json_pack("[f,f]", s->lec_x[i], s->lec_p[i]));
		json_object_set_new(o, "lec", a);
	}
	return o;
}

json_t *ash_orgrisk_json(const ash_orgrisk *r, const ash_fair_result *res,
			 double shared_sigma)
{
	const ash_org *o = r->org;
	json_t *j = json_object();
	json_object_set_new(j, "years", json_integer(res->years));
	char seed[24];
	snprintf(seed, sizeof seed, "%llu", (unsigned long long)res->seed);
	json_object_set_new(j, "seed", json_string(seed));
	json_object_set_new(j, "currency", json_string(o->currency));
	json_object_set_new(j, "fx_date", o->fx_date ? json_string(o->fx_date) : json_null());
	json_object_set_new(j, "shared_sigma", json_real(shared_sigma));
	json_object_set_new(j, "org", ash_orgrisk_stats_json(&res->org, 1));
	json_t *sites = json_array(), *scen = json_array();
	for (size_t s = 0; s < o->nsites && s < res->n_sites; s++) {
		json_t *x = ash_orgrisk_stats_json(&res->site[s], 1);
		json_object_set_new(x, "site", json_string(o->sites[s].name));
		json_object_set_new(x, "local_currency", json_string(o->sites[s].currency));
		json_array_append_new(sites, x);
	}
	for (size_t k = 0; k < res->n_scen && k < o->nscen; k++) {
		json_t *x = ash_orgrisk_stats_json(&res->scen[k], 0);
		json_object_set_new(x, "site", json_string(o->scen[k].site));
		json_object_set_new(x, "name", json_string(o->scen[k].name));
		json_object_set_new(x, "level", num(res->scen_level[k]));
		json_object_set_new(x, "vulnerability", num(res->scen_vuln[k]));
		json_array_append_new(scen, x);
	}
	json_object_set_new(j, "sites", sites);
	json_object_set_new(j, "scenarios", scen);
	return j;
}
