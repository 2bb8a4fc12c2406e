/* SPDX-License-Identifier: MIT */
/* test_orgrisk.c: org.yaml scenarios and assessments wired into the risk
 * engine: effective maturity sets resistance (more maturity never costs
 * more), currencies convert with fx.rates, errors name org.yaml lines,
 * --raise specs, the result JSON. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "org_fixture.h"

#include "org/orgrisk.h"

#define ASOF 20000

static const char scen_yaml[] =
	"scenarios:\n"
	"  - name: outage\n"
	"    site: small\n"
	"    tef: {min: 1, likely: 3, max: 6}\n"
	"    tcap: {min: 30, likely: 55, max: 80}\n"
	"    loss: {low: 1000, high: 50000}\n"
	"    controls: [F1.A-01, F2.B-01]\n"
	"  - name: fraud\n"
	"    site: big\n"
	"    tef: 2\n"
	"    vulnerability: {min: 0.1, likely: 0.2, max: 0.4}\n"
	"    loss: {min: 100, likely: 1000, max: 5000}\n";

static ash_org *org_with(const char *extra)
{
	const char *dir = ash_test_tmpdir();
	ash_org *o = fx_org(dir); /* writes frameworks/tiny.json */
	ash_org_free(o);
	char *text = malloc(strlen(fx_org_yaml) + strlen(extra) + 1);
	strcpy(text, fx_org_yaml);
	strcat(text, extra);
	fx_write(dir, "org.yaml", text);
	free(text);
	ash_err err;
	o = NULL;
	if (ash_org_load(dir, &o, &err))
		fprintf(stderr, "org: %s\n", err.msg);
	return o;
}

static ash_answer strong(const char *item, int level)
{
	ash_answer a = {.level = level, .target = -1, .coverage = -1,
			.source = ASH_SRC_EXTERNAL, .date = ASOF - 1, .evidence = "audit"};
	snprintf(a.item, sizeof a.item, "%s", item);
	return a;
}

static double org_ale(const ash_org *o, const ash_fw *fw, int level, double *vuln)
{
	ash_answer a[2] = {strong("F1.A-01", level), strong("F2.B-01", level)};
	ash_assessment s = {.site = "small", .answers = a, .nanswers = 2};
	const ash_assessment *latest[2] = {NULL, &s};
	ash_orgrisk r;
	ash_err err;
	if (ash_orgrisk_build(o, fw, latest, ASOF, &r, &err)) {
		fprintf(stderr, "build: %s\n", err.msg);
		return NAN;
	}
	ash_fair_opts fo = {.seed = 42, .years = 20000};
	ash_fair_result res;
	double ale = NAN;
	if (!ash_fair_simulate(&r.model, &fo, &res, &err)) {
		ale = res.org.ale;
		*vuln = res.scen_vuln[0];
		ash_fair_result_free(&res);
	}
	ash_orgrisk_free(&r);
	return ale;
}

TEST(orgrisk_maturity_lowers_loss)
{
	ash_org *o = org_with(scen_yaml);
	ash_fw *fw = fx_fw();
	if (!o || !fw) {
		CHECK(0);
		return;
	}
	double prev = INFINITY, pv = 2;
	for (int level = 0; level <= 4; level++) {
		double v = NAN, ale = org_ale(o, fw, level, &v);
		CHECK(isfinite(ale));
		CHECK(ale <= prev); /* same seed: never more loss with more maturity */
		CHECK(v <= pv);
		prev = ale, pv = v;
	}
	double v0, v4;
	double a0 = org_ale(o, fw, 0, &v0), a4 = org_ale(o, fw, 4, &v4);
	CHECK(a4 < a0 * 0.8);
	CHECK(v4 < v0);
	ash_fw_free(fw);
	ash_org_free(o);
}

TEST(orgrisk_weak_evidence_buys_less_resistance)
{
	ash_org *o = org_with(scen_yaml);
	ash_fw *fw = fx_fw();
	if (!o || !fw)
		return;
	ash_answer a[2] = {strong("F1.A-01", 3), strong("F2.B-01", 3)};
	ash_assessment s = {.site = "small", .answers = a, .nanswers = 2};
	const ash_assessment *latest[2] = {NULL, &s};
	ash_orgrisk r;
	ash_err err;
	CHECK_INT(ash_orgrisk_build(o, fw, latest, ASOF, &r, &err), 0);
	double strong_level = ash_fair_scenario_level(&r.model, 0);
	ash_orgrisk_free(&r);
	a[0].source = a[1].source = ASH_SRC_SELF;
	CHECK_INT(ash_orgrisk_build(o, fw, latest, ASOF, &r, &err), 0);
	double weak_level = ash_fair_scenario_level(&r.model, 0);
	CHECK(fabs(strong_level - 3.0) < 1e-9);
	CHECK(fabs(weak_level - 3.0 * 0.8) < 1e-9);
	CHECK(isnan(ash_fair_scenario_level(&r.model, 1))); /* direct vulnerability */
	ash_orgrisk_free(&r);
	ash_fw_free(fw);
	ash_org_free(o);
}

TEST(orgrisk_fx_converts_losses)
{
	ash_org *o = org_with(scen_yaml);
	ash_fw *fw = fx_fw();
	if (!o || !fw)
		return;
	double v, a100 = org_ale(o, fw, 2, &v);
	o->fx[0].rate = 200; /* SGD */
	double a200 = org_ale(o, fw, 2, &v);
	/* the JPY scenario (fraud at big) is unchanged; outage doubles */
	CHECK(a200 > a100);
	const ash_assessment *none[2] = {NULL, NULL};
	ash_orgrisk r;
	ash_err err;
	CHECK_INT(ash_orgrisk_build(o, fw, none, ASOF, &r, &err), 0);
	CHECK(r.scen[0].fx == 200 && r.scen[1].fx == 1);
	ash_orgrisk_free(&r);
	ash_fw_free(fw);
	ash_org_free(o);
}

TEST(orgrisk_errors_name_the_line)
{
	ash_fw *fw = fx_fw();
	const ash_assessment *none[2] = {NULL, NULL};
	ash_orgrisk r;
	ash_err err;
	ash_org *o = org_with("scenarios:\n  - {name: x, site: small, tef: 1, tcap: 50, loss: 10,\n"
			      "     controls: [PR.PS-01]}\n");
	if (!o || !fw)
		return;
	CHECK_INT(ash_orgrisk_build(o, fw, none, ASOF, &r, &err), ASH_EUSAGE);
	CHECK(strstr(err.msg, "org.yaml:13:") && strstr(err.msg, "controls"));
	ash_org_free(o);
	o = org_with("scenarios:\n  - {name: x, site: big, tef: 1, vulnerability: 0.5, loss: 10}\n");
	free(o->sites[0].currency);
	o->sites[0].currency = strdup("EUR");
	CHECK_INT(ash_orgrisk_build(o, fw, none, ASOF, &r, &err), ASH_EUSAGE);
	CHECK(strstr(err.msg, "no rate for EUR") != NULL);
	ash_org_free(o);
	o = org_with("");
	CHECK_INT(ash_orgrisk_build(o, fw, none, ASOF, &r, &err), ASH_EUSAGE);
	CHECK(strstr(err.msg, "no scenarios") != NULL);
	ash_org_free(o);
	ash_fw_free(fw);
}

TEST(orgrisk_raise_specs_and_json)
{
	ash_org *o = org_with(scen_yaml);
	ash_fw *fw = fx_fw();
	if (!o || !fw)
		return;
	ash_answer a[1] = {strong("F1.A-01", 3)};
	ash_assessment s = {.site = "small", .answers = a, .nanswers = 1};
	const ash_assessment *latest[2] = {NULL, &s};
	ash_orgrisk r;
	ash_err err;
	CHECK_INT(ash_orgrisk_build(o, fw, latest, ASOF, &r, &err), 0);
	ash_fair_change ch;
	int unused;
	/* F2.B-01 unanswered everywhere: both sites are below 3 */
	CHECK_INT(ash_orgrisk_raise(&r, "F2.B-01=3", &ch, &unused, &err), 0);
	CHECK_INT(ch.n_edits, 2);
	CHECK_INT(unused, 0);
	free((void *)ch.edits);
	CHECK_INT(ash_orgrisk_raise(&r, "F2.B-01=3@small", &ch, &unused, &err), 0);
	CHECK_INT(ch.n_edits, 1);
	CHECK(ch.n_edits == 1 && ch.edits[0].site == 1 && ch.edits[0].level == 3);
	free((void *)ch.edits);
	/* already there: nothing to do */
	CHECK_INT(ash_orgrisk_raise(&r, "F1.A-01=2@small", &ch, &unused, &err), 0);
	CHECK_INT(unused, 1);
	free((void *)ch.edits);
	/* a control no scenario uses */
	CHECK_INT(ash_orgrisk_raise(&r, "F1.A-02=4", &ch, &unused, &err), 0);
	CHECK_INT(unused, 1);
	CHECK_INT(ash_orgrisk_raise(&r, "F1.A-01", &ch, &unused, &err), ASH_EUSAGE);
	CHECK_INT(ash_orgrisk_raise(&r, "F1.A-01=5", &ch, &unused, &err), ASH_EUSAGE);
	CHECK_INT(ash_orgrisk_raise(&r, "F1.A-01=3@mars", &ch, &unused, &err), ASH_EUSAGE);
	ash_fair_opts fo = {.seed = 1, .years = 1000};
	ash_fair_result res;
	CHECK_INT(ash_fair_simulate(&r.model, &fo, &res, &err), 0);
	json_t *j = ash_orgrisk_json(&r, &res, 0);
	CHECK(json_is_object(json_object_get(j, "org")));
	CHECK(json_is_array(json_object_get(json_object_get(j, "org"), "lec")));
	CHECK_INT(json_array_size(json_object_get(j, "sites")), 2);
	CHECK_INT(json_array_size(json_object_get(j, "scenarios")), 2);
	CHECK_STR(json_string_value(json_object_get(j, "currency")), "JPY");
	json_t *s0 = json_array_get(json_object_get(j, "scenarios"), 0);
	CHECK_STR(json_string_value(json_object_get(s0, "name")), "outage");
	CHECK(json_real_value(json_object_get(s0, "ale")) > 0);
	double site_sum = 0;
	for (size_t i = 0; i < 2; i++)
		site_sum += json_real_value(json_object_get(
			json_array_get(json_object_get(j, "sites"), i), "ale"));
	CHECK(fabs(site_sum - res.org.ale) < 1e-6 * res.org.ale);
	json_decref(j);
	ash_fair_result_free(&res);
	ash_orgrisk_free(&r);
	ash_fw_free(fw);
	ash_org_free(o);
}
