/* SPDX-License-Identifier: MIT */
/* cmd_risk.c: `ashiato risk simulate|whatif ORG`: the organisation's FAIR
 * scenarios (org.yaml) simulated with the risk engine (risk/fair.h), the
 * resistance of each site set by its assessed maturity (org/orgrisk.h);
 * results printed, stored in org.db, curves written as SVG. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/org_cli.h"
#include "core/io.h"
#include "core/xalloc.h"
#include "org/orgrisk.h"
#include "org/rollup.h"
#include "query/output.h"
#include "risk/lec_svg.h"

extern const ash_cmd ash_risk_simulate, ash_risk_whatif;
static const ash_cmd *const subs[] = {&ash_risk_simulate, &ash_risk_whatif, NULL};
static const ash_opt no_opts[] = {{0}};
static int run(int argc, char **argv);

const ash_cmd ash_cmd_risk = {
	.name = "risk",
	.synopsis = "SUBCOMMAND ORG ... (simulate, whatif)",
	.summary = "FAIR Monte Carlo of the organisation's scenarios, resisted by site maturity",
	.details =
		"Scenarios are in org.yaml (per site, FAIR terms, ranges in the site's\n"
		"currency, converted with fx.rates).  A scenario's resistance strength\n"
		"comes from the site's effective maturity in its 'controls' through\n"
		"org.yaml's maturity_mapping, so the same scenario costs less at a mature\n"
		"site.  docs/risk.md has the model, docs/governance.md the wiring.\n"
		"\n"
		"simulate ORG [--years N --seed S --threads N --format table|json --svg FILE\n"
		"    --as-of DATE --no-store]   ALE, VaR 95/99 per scenario, site and for\n"
		"    the organisation (losses summed per simulated year; org.yaml\n"
		"    shared_sigma correlates the sites); loss exceedance curves as SVG.\n"
		"whatif ORG --raise SUBCATEGORY=LEVEL[@SITE] ... | --gaps N [same options]\n"
		"    the same simulation after each improvement alone and all together\n"
		"    (same random numbers), improvements ranked by the expected loss they\n"
		"    remove: the investment plan.  --gaps N: the N largest gaps across\n"
		"    sites that a scenario depends on, each raised to its target.\n"
		"Results are stored in org.db (simulations, sim_results) unless --no-store.",
	.opts = no_opts,
	.examples =
		"  ashiato risk simulate acme --years 100000 --seed 7\n"
		"  ashiato risk whatif acme --raise PR.PS-01=3@sg-hub --raise DE.CM-01=3 --raise PR.PS-02=3\n",
	.run = run,
};

static int run(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		ash_cmd_help(&ash_cmd_risk, argc < 2 ? stderr : stdout);
		return argc < 2 ? ASH_EXIT_USAGE : ASH_EXIT_OK;
	}
	for (size_t i = 0; subs[i]; i++)
		if (!strcmp(subs[i]->name + 5, argv[1]))
			return subs[i]->run(argc - 1, argv + 1);
	ash_cli_error("risk: unknown subcommand '%s' (see 'ashiato risk --help')", argv[1]);
	return ASH_EXIT_USAGE;
}

#define COMMON_OPTS                                                                     \
	{"years", "N", false, "simulated years (default 10000, at most 10000000)"},      \
	{"seed", "S", false, "random seed (default 1): same seed, same numbers"},        \
	{"threads", "N", false, "worker threads (default 2; results do not depend on it)"}, \
	{"format", "FMT", false, "table (default) or json (one JSON object)"},            \
	{"svg", "FILE", false, "loss exceedance curves (default ORG/reports/lec-KIND.svg)"}, \
	{"as-of", "YYYY-MM-DD", false, "count evidence ages to this day (default today)"}, \
	{"no-store", NULL, false, "do not store the result in org.db"}

static const ash_opt sim_opts[] = {COMMON_OPTS, {0}};
static const ash_opt whatif_opts[] = {
	{"raise", "SUB=LEVEL[@SITE]", true, "an improvement: subcategory to LEVEL (at SITE, else every site below it)"},
	{"gaps", "N", false, "also: the N largest gaps across sites (assess show) that a scenario depends on, each raised to its target"},
	COMMON_OPTS, {0}};

static int sim_run(int argc, char **argv);
static int wi_run(int argc, char **argv);

const ash_cmd ash_risk_simulate = {
	.name = "risk simulate",
	.synopsis = "ORG [--years N] [--seed S] [--format table|json] [--svg FILE]",
	.summary = "annual loss per scenario, site and organisation (ALE, VaR 95/99, curves)",
	.details = "Amounts in org.yaml's reporting currency.  'level' is the mean\n"
		   "effective maturity of the scenario's controls at its site, 'vuln' the\n"
		   "resulting probability that a threat event becomes a loss.",
	.opts = sim_opts,
	.examples = "  ashiato risk simulate acme --years 100000 --seed 7 --format json\n",
	.run = sim_run,
};

const ash_cmd ash_risk_whatif = {
	.name = "risk whatif",
	.synopsis = "ORG --raise SUBCATEGORY=LEVEL[@SITE] ... | --gaps N [--years N] [--seed S]",
	.summary = "expected loss removed by each improvement, ranked: the investment plan",
	.details = "Each --raise is one improvement; a site already at or above LEVEL is\n"
		   "left as it is.  --gaps N adds one improvement for each of the N largest\n"
		   "gaps across sites (by weighted impact, as in 'assess show --gaps') whose\n"
		   "subcategory a scenario depends on: raised to its target.  Every\n"
		   "improvement is simulated alone against the baseline with the same\n"
		   "random numbers, then all together; ranked by the loss it removes.",
	.opts = whatif_opts,
	.examples = "  ashiato risk whatif acme --raise PR.PS-01=3@sg-hub --raise PR.PS-02=3\n",
	.run = wi_run,
};

/* ---- shared ------------------------------------------------------- */

typedef struct riskrun {
	ash_org_cli oc;
	ash_fw *fw;
	ash_org_inputs in;
	ash_orgrisk model;
	ash_fair_opts fo;
	int fmt;
	int32_t asof;
	char *labels[32];       /* raises made from --gaps (owned) */
	size_t nlabels;
} riskrun;

static int parse_u64(const char *v, const char *name, uint64_t max, uint64_t *out)
{
	char *end;
	if (!v)
		return ASH_EXIT_OK;
	unsigned long long x = strtoull(v, &end, 10);
	if (!*v || *end || *v == '-' || x > max) {
		ash_cli_error("--%s: a whole number up to %llu", name, (unsigned long long)max);
		return ASH_EXIT_USAGE;
	}
	*out = x;
	return ASH_EXIT_OK;
}

static int setup(riskrun *r, const ash_cmd *cmd, int argc, char **argv)
{
	int rc;
	ash_err err;
	uint64_t years = 10000, seed = 1, threads = 2;
	if (ash_org_cli_open(cmd, argc, argv, 0, 0, true, &r->oc, &rc))
		return rc;
	const char *f = ash_arg(&r->oc.a, "format");
	r->fmt = ASH_OUT_TABLE;
	if ((f && strcmp(f, "json") && strcmp(f, "table")) ||
	    (f && ash_out_format_parse(f, &r->fmt, &err))) {
		ash_cli_error("--format: table or json");
		return ASH_EXIT_USAGE;
	}
	if ((rc = parse_u64(ash_arg(&r->oc.a, "years"), "years", ASH_FAIR_MAX_YEARS, &years)) ||
	    (rc = parse_u64(ash_arg(&r->oc.a, "seed"), "seed", UINT64_MAX, &seed)) ||
	    (rc = parse_u64(ash_arg(&r->oc.a, "threads"), "threads", ASH_FAIR_MAX_THREADS,
			    &threads)) ||
	    (rc = ash_org_cli_day(&r->oc.a, "as-of", &r->asof)) ||
	    (rc = ash_org_cli_fw(&r->oc, NULL, NULL, &r->fw)) ||
	    (rc = ash_org_cli_inputs(&r->oc, r->fw, NULL, r->asof, &r->in)))
		return rc;
	if (!years) {
		ash_cli_error("--years: at least 1");
		return ASH_EXIT_USAGE;
	}
	r->fo = (ash_fair_opts){.seed = seed, .years = (uint32_t)years,
				.threads = (unsigned)threads,
				.shared_sigma = r->oc.org->shared_sigma};
	const ash_assessment **latest = ash_calloc(r->oc.org->nsites, sizeof *latest);
	for (size_t k = 0; k < r->in.nin; k++)
		latest[r->in.in[k].site] = r->in.in[k].cur;
	for (size_t k = 0; k < r->oc.org->nsites; k++)
		if (!latest[k])
			ash_cli_warn("risk: site %s has no assessment: its controls count as 0",
				     r->oc.org->sites[k].name);
	rc = ash_orgrisk_build(r->oc.org, r->fw, latest, r->asof, &r->model, &err);
	free(latest);
	return rc ? ash_cli_fail(&err) : ASH_EXIT_OK;
}

static void teardown(riskrun *r)
{
	for (size_t i = 0; i < r->nlabels; i++)
		free(r->labels[i]);
	ash_orgrisk_free(&r->model);
	ash_org_inputs_free(&r->in);
	ash_fw_free(r->fw);
	ash_org_cli_close(&r->oc);
}

static ash_cell money(double v, char *buf)
{
	if (!isfinite(v))
		return ash_cell_null();
	snprintf(buf, 40, "%.0f", v);
	return ash_cell_cstr(buf);
}

static ash_cell fixed(double v, char *buf, int digits)
{
	if (!isfinite(v))
		return ash_cell_null();
	snprintf(buf, 40, "%.*f", digits, v);
	return ash_cell_cstr(buf);
}

/* Write text to path (its folder made); default ORG/reports/NAME. */
static int write_text(riskrun *r, const char *name, const char *text, size_t n,
		      ash_err *err)
{
	char path[4096], dir[4096];
	const char *opt = ash_arg(&r->oc.a, "svg");
	int rc = ASH_OK;
	if (opt) {
		if (snprintf(path, sizeof path, "%s", opt) >= (int)sizeof path)
			return ash_errf(err, ASH_ELIMIT, "--svg: path too long");
		const char *sl = strrchr(path, '/');
		snprintf(dir, sizeof dir, "%.*s", sl ? (int)(sl - path) : 1,
			 sl ? (sl == path ? "/" : path) : ".");
	} else if ((rc = ash_org_path(r->oc.org, "reports", dir, sizeof dir, err)) ||
		   (rc = ash_io_mkdir_p(dir, err))) {
		return rc;
	} else if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
		return ash_errf(err, ASH_ELIMIT, "%s: path too long", dir);
	}
	bool renamed;
	rc = ash_io_replace(dir, path, text, n, &renamed, err);
	if (!rc && r->fmt != ASH_OUT_JSON)
		printf("loss exceedance curves: %s\n", path);
	return rc;
}

static int curves_svg(riskrun *r, const char *name, const ash_lec_curve *c, size_t n,
		      const char *title, ash_err *err)
{
	char xl[64], *svg = NULL;
	size_t len = 0;
	snprintf(xl, sizeof xl, "annual loss (%s)", r->oc.org->currency);
	ash_lec_svg_opts so = {.title = title, .x_label = xl};
	int rc = ash_lec_svg(c, n, &so, &svg, &len, err);
	if (!rc)
		rc = write_text(r, name, svg, len, err);
	free(svg);
	return rc;
}

static int store(riskrun *r, const char *kind, json_t *params, json_t *result,
		 const ash_simrow *rows, size_t nrows, ash_err *err)
{
	if (ash_flag(&r->oc.a, "no-store"))
		return ASH_OK;
	char *p = json_dumps(params, JSON_COMPACT | JSON_SORT_KEYS);
	char *res = json_dumps(result, JSON_COMPACT | JSON_REAL_PRECISION(12));
	ash_sim_in in = {.kind = kind, .by = ash_org_cli_by(&r->oc.a), .years = r->fo.years,
			 .seed = r->fo.seed, .currency = r->oc.org->currency,
			 .fx_date = r->oc.org->fx_date, .params = p, .result = res,
			 .rows = rows, .nrows = nrows};
	int64_t id = 0;
	int rc = ash_orgdb_add_simulation(r->oc.db, &in, &id, err);
	if (!rc && r->fmt != ASH_OUT_JSON)
		printf("stored as simulation S%lld in org.db\n", (long long)id);
	free(p), free(res);
	return rc;
}

static json_t *params_json(riskrun *r, const char *const *raises, size_t n)
{
	json_t *j = json_object(), *a = json_array();
	char day[11];
	ash_day_format(r->asof, day);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(raises[i]));
	json_object_set_new(j, "raises", a);
	json_object_set_new(j, "as_of", json_string(day));
	json_object_set_new(j, "framework", json_string(r->fw->key));
	json_object_set_new(j, "framework_sha256", json_string(r->fw->sha256));
	json_t *ids = json_array();
	for (size_t k = 0; k < r->in.nin; k++)
		if (r->in.in[k].cur)
			json_array_append_new(ids, json_integer(r->in.in[k].cur->id));
	json_object_set_new(j, "assessments", ids);
	return j;
}

static int print_json(json_t *j)
{
	int e = json_dumpf(j, stdout, JSON_COMPACT | JSON_REAL_PRECISION(12));
	return e || fputc('\n', stdout) == EOF ? ASH_EIO : ASH_OK;
}

/* ---- risk simulate ------------------------------------------------ */

static const ash_outcol sim_cols[] = {
	{"scope", false}, {"site", false}, {"scenario", false}, {"level", true},
	{"vuln", true}, {"ale", true}, {"var95", true}, {"var99", true}};

static int sim_row(ash_out *o, const char *scope, const char *site, const char *name,
		   double level, double vuln, const ash_fair_stats *s)
{
	char b[5][40];
	ash_cell c[8] = {ash_cell_cstr(scope), site ? ash_cell_cstr(site) : ash_cell_null(),
			 name ? ash_cell_cstr(name) : ash_cell_null(), fixed(level, b[0], 2),
			 fixed(vuln, b[1], 3), money(s->ale, b[2]), money(s->var95, b[3]),
			 money(s->var99, b[4])};
	return ash_out_row(o, c);
}

static int sim_table(riskrun *r, const ash_fair_result *res, ash_err *err)
{
	const ash_org *o = r->oc.org;
	printf("%u simulated years, seed %llu, amounts in %s (fx %s)\n", res->years,
	       (unsigned long long)res->seed, o->currency, o->fx_date ? o->fx_date : "-");
	ash_out *out = ash_out_new(stdout, ASH_OUT_TABLE, sim_cols, 8);
	int rc = ASH_OK;
	for (size_t k = 0; k < res->n_scen && !rc; k++)
		rc = sim_row(out, "scenario", o->scen[k].site, o->scen[k].name,
			     res->scen_level[k], res->scen_vuln[k], &res->scen[k]);
	for (size_t s = 0; s < res->n_sites && !rc; s++)
		rc = sim_row(out, "site", o->sites[s].name, NULL, NAN, NAN, &res->site[s]);
	if (!rc)
		rc = sim_row(out, "org", NULL, NULL, NAN, NAN, &res->org);
	int e = ash_out_end(out, err);
	ash_out_free(out);
	return rc ? ash_errf(err, ASH_EIO, "risk: write failed") : e;
}

static ash_simrow *sim_rows(const riskrun *r, const ash_fair_result *res, size_t *n)
{
	const ash_org *o = r->oc.org;
	ash_simrow *v = ash_calloc(res->n_scen + res->n_sites + 1, sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < res->n_scen; i++, k++)
		v[k] = (ash_simrow){"scenario", o->scen[i].site, o->scen[i].name,
				    res->scen[i].ale, res->scen[i].var95, res->scen[i].var99, NAN};
	for (size_t s = 0; s < res->n_sites; s++, k++)
		v[k] = (ash_simrow){"site", o->sites[s].name, o->sites[s].name,
				    res->site[s].ale, res->site[s].var95, res->site[s].var99, NAN};
	v[k++] = (ash_simrow){"org", NULL, o->name, res->org.ale, res->org.var95,
			      res->org.var99, NAN};
	*n = k;
	return v;
}

static int sim_svg(riskrun *r, const ash_fair_result *res, ash_err *err)
{
	ash_lec_curve c[16];
	size_t n = 0;
	c[n++] = ash_lec_curve_of(&res->org, r->oc.org->name);
	for (size_t s = 0; s < res->n_sites && n < 16; s++)
		c[n++] = ash_lec_curve_of(&res->site[s], r->oc.org->sites[s].name);
	return curves_svg(r, "lec-simulate.svg", c, n, "loss exceedance", err);
}

static int sim_run(int argc, char **argv)
{
	riskrun r = {0};
	ash_fair_result res = {0};
	ash_simrow *rows = NULL;
	json_t *j = NULL, *params = NULL;
	ash_err err;
	size_t nrows = 0;
	int rc = setup(&r, &ash_risk_simulate, argc, argv);
	if (rc)
		goto out;
	if (ash_fair_simulate(&r.model.model, &r.fo, &res, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	j = ash_orgrisk_json(&r.model, &res, r.fo.shared_sigma);
	json_object_set_new(j, "kind", json_string("simulate"));
	params = params_json(&r, NULL, 0);
	rows = sim_rows(&r, &res, &nrows);
	if ((r.fmt == ASH_OUT_JSON ? print_json(j) : sim_table(&r, &res, &err)) ||
	    sim_svg(&r, &res, &err) || store(&r, "simulate", params, j, rows, nrows, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	rc = ASH_EXIT_OK;
out:
	free(rows);
	json_decref(j), json_decref(params);
	ash_fair_result_free(&res);
	teardown(&r);
	return rc;
}

/* ---- risk whatif -------------------------------------------------- */

static const ash_outcol wi_cols[] = {
	{"rank", false}, {"improvement", false}, {"scenarios", true}, {"ale_after", true},
	{"reduction", true}, {"var95_after", true}, {"var99_after", true}};

static int wi_row(ash_out *o, const char *rank, const char *label, long hit,
		  double after, double red, double v95, double v99)
{
	char b[4][40];
	ash_cell c[7] = {ash_cell_cstr(rank), ash_cell_cstr(label),
			 hit < 0 ? ash_cell_null() : ash_cell_uint((uint64_t)hit),
			 money(after, b[0]), money(red, b[1]), money(v95, b[2]),
			 money(v99, b[3])};
	return ash_out_row(o, c);
}

static int wi_table(riskrun *r, const ash_fair_whatif *w, const ash_fair_change *ch,
		    ash_err *err)
{
	const ash_org *o = r->oc.org;
	printf("baseline: ALE %.0f %s, VaR95 %.0f, VaR99 %.0f (%u years, seed %llu)\n",
	       w->base.org.ale, o->currency, w->base.org.var95, w->base.org.var99,
	       w->base.years, (unsigned long long)w->base.seed);
	ash_out *out = ash_out_new(stdout, ASH_OUT_TABLE, wi_cols, 7);
	int rc = ASH_OK;
	for (size_t i = 0; i < w->n_gain && !rc; i++) {
		const ash_fair_gain *g = &w->gain[i];
		char rank[24];
		snprintf(rank, sizeof rank, "%zu", i + 1);
		rc = wi_row(out, rank, ch[g->change].label, (long)g->n_scen_hit, g->ale_after,
			    g->reduction, g->var95_after, g->var99_after);
	}
	if (!rc)
		rc = wi_row(out, "all", "all together", -1, w->plan.org.ale,
			    w->base.org.ale - w->plan.org.ale, w->plan.org.var95,
			    w->plan.org.var99);
	int e = ash_out_end(out, err);
	ash_out_free(out);
	return rc ? ash_errf(err, ASH_EIO, "risk: write failed") : e;
}

static json_t *wi_json(riskrun *r, const ash_fair_whatif *w, const ash_fair_change *ch)
{
	json_t *j = ash_orgrisk_json(&r->model, &w->base, r->fo.shared_sigma);
	json_object_set_new(j, "kind", json_string("whatif"));
	json_t *g = json_array();
	for (size_t i = 0; i < w->n_gain; i++) {
		const ash_fair_gain *x = &w->gain[i];
		json_array_append_new(g, json_pack("{s:i,s:s,s:i,s:f,s:f,s:f,s:f}", "rank",
						   (json_int_t)(i + 1), "raise",
						   ch[x->change].label, "scenarios",
						   (json_int_t)x->n_scen_hit, "ale_after",
						   x->ale_after, "reduction", x->reduction,
						   "var95_after", x->var95_after, "var99_after",
						   x->var99_after));
	}
	json_object_set_new(j, "improvements", g);
	json_object_set_new(j, "plan", ash_orgrisk_stats_json(&w->plan.org, 1));
	return j;
}

static ash_simrow *wi_rows(riskrun *r, const ash_fair_whatif *w, const ash_fair_change *ch,
			   size_t *n)
{
	ash_simrow *v = ash_calloc(w->n_gain + 2, sizeof *v);
	size_t k = 0;
	v[k++] = (ash_simrow){"org", NULL, r->oc.org->name, w->base.org.ale,
			      w->base.org.var95, w->base.org.var99, NAN};
	for (size_t i = 0; i < w->n_gain; i++)
		v[k++] = (ash_simrow){"improvement", NULL, ch[w->gain[i].change].label,
				      w->gain[i].ale_after, w->gain[i].var95_after,
				      w->gain[i].var99_after, w->gain[i].reduction};
	v[k++] = (ash_simrow){"improvement", NULL, "all together", w->plan.org.ale,
			      w->plan.org.var95, w->plan.org.var99,
			      w->base.org.ale - w->plan.org.ale};
	*n = k;
	return v;
}

static bool is_control(const riskrun *r, const char *id)
{
	for (size_t c = 0; c < r->model.ncontrols; c++)
		if (!strcmp(r->model.controls[c], id))
			return true;
	return false;
}

/* Raises from the largest gaps across sites: "ID=TARGET" for the first n
 * subcategories some scenario depends on. */
static int gap_raises(riskrun *r, size_t n)
{
	ash_rollup *ru = NULL;
	ash_err err;
	if (ash_rollup_compute(r->fw, r->oc.org, r->in.in, r->in.nin, &ru, &err))
		return ash_cli_fail(&err);
	for (size_t i = 0; i < ru->nitem_gaps && r->nlabels < n && r->nlabels < 32; i++) {
		const ash_gap *g = &ru->item_gaps[i];
		const char *id = r->fw->items[g->item].id;
		if (!is_control(r, id))
			continue;
		int t = (int)ceil(g->target - 1e-9);
		char spec[64];
		snprintf(spec, sizeof spec, "%s=%d", id, t > 4 ? 4 : t);
		r->labels[r->nlabels++] = ash_strdup(spec);
	}
	ash_rollup_free(ru);
	return ASH_EXIT_OK;
}

static int changes(riskrun *r, ash_fair_change **out, const char ***labels, size_t *n)
{
	const char *v, *g = ash_arg(&r->oc.a, "gaps");
	uint64_t ngaps = 0;
	ash_err err;
	int rc;
	*n = 0;
	*out = ash_calloc(ASH_MAX_ARGS + 32, sizeof **out);
	*labels = ash_calloc(ASH_MAX_ARGS + 32, sizeof **labels);
	if ((rc = parse_u64(g, "gaps", 32, &ngaps)) || (ngaps && (rc = gap_raises(r, ngaps))))
		return rc;
	for (size_t i = 0; i < ASH_MAX_ARGS + r->nlabels; i++) {
		v = i < r->nlabels ? r->labels[i] : ash_arg_nth(&r->oc.a, "raise", i - r->nlabels);
		if (!v)
			break;
		int unused;
		if (ash_orgrisk_raise(&r->model, v, &(*out)[*n], &unused, &err))
			return ash_cli_fail(&err);
		if (unused)
			ash_cli_warn("--raise %s: changes nothing (no scenario uses it, or every "
				     "site is already there)", v);
		(*labels)[(*n)++] = v;
	}
	if (!*n) {
		ash_cli_error("risk whatif: give --raise SUBCATEGORY=LEVEL[@SITE] or --gaps N "
			      "(with gaps some scenario depends on)");
		return ASH_EXIT_USAGE;
	}
	return ASH_EXIT_OK;
}

static int wi_run(int argc, char **argv)
{
	riskrun r = {0};
	ash_fair_whatif w = {0};
	ash_fair_change *ch = NULL;
	const char **labels = NULL;
	ash_simrow *rows = NULL;
	json_t *j = NULL, *params = NULL;
	size_t nch = 0, nrows = 0;
	ash_err err;
	int rc = setup(&r, &ash_risk_whatif, argc, argv);
	if (rc || (rc = changes(&r, &ch, &labels, &nch)))
		goto out;
	if (ash_fair_whatif_run(&r.model.model, &r.fo, ch, nch, &w, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	j = wi_json(&r, &w, ch);
	params = params_json(&r, labels, nch);
	rows = wi_rows(&r, &w, ch, &nrows);
	ash_lec_curve c[2] = {ash_lec_curve_of(&w.base.org, "now"),
			      ash_lec_curve_of(&w.plan.org, "after all improvements")};
	if ((r.fmt == ASH_OUT_JSON ? print_json(j) : wi_table(&r, &w, ch, &err)) ||
	    curves_svg(&r, "lec-whatif.svg", c, 2, "loss exceedance: now and after", &err) ||
	    store(&r, "whatif", params, j, rows, nrows, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	rc = ASH_EXIT_OK;
out:
	for (size_t i = 0; ch && i < nch; i++)
		free((void *)ch[i].edits);
	free(ch), free(labels), free(rows);
	json_decref(j), json_decref(params);
	ash_fair_whatif_free(&w);
	teardown(&r);
	return rc;
}
