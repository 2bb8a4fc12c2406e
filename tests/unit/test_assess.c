/* SPDX-License-Identifier: MIT */
/* test_assess.c: the roll-up against hand-computed small cases (weighted
 * and unweighted, gaps, targets, trend, weak evidence), the answers
 * importer (every error with its row and column, nothing returned on any
 * error), org.db (migrations, all-or-nothing storing, history,
 * simulations, scenarios) and proposals from a case. */
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "org_fixture.h"

#include "org/answers.h"
#include "org/fromcase.h"
#include "org/fwmap.h"
#include "org/orgdb.h"
#include "org/rollup.h"

#define ASOF 20000 /* 2024-10-04 */
#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

static ash_answer ans(const char *item, int level, int source)
{
	ash_answer a = {.level = level, .target = -1, .coverage = -1, .source = source,
			.date = ASOF - 10, .evidence = "doc"};
	snprintf(a.item, sizeof a.item, "%s", item);
	return a;
}

/* big: F1 4, 2; F2 1, n/a.  small: F1 0, 2; F2 3, 3.  All strong evidence. */
typedef struct two {
	ash_answer b[4], s[4];
	ash_assessment ab, as;
	ash_site_input in[2];
} two;

static void two_sites(two *t)
{
	t->b[0] = ans("F1.A-01", 4, ASH_SRC_EXTERNAL);
	t->b[1] = ans("F1.A-02", 2, ASH_SRC_EXTERNAL);
	t->b[2] = ans("F2.B-01", 1, ASH_SRC_EXTERNAL);
	t->b[3] = ans("F2.B-02", ASH_ANSWER_NA, ASH_SRC_EXTERNAL);
	t->s[0] = ans("F1.A-01", 0, ASH_SRC_INTERNAL);
	t->s[1] = ans("F1.A-02", 2, ASH_SRC_INTERNAL);
	t->s[2] = ans("F2.B-01", 3, ASH_SRC_INTERNAL);
	t->s[3] = ans("F2.B-02", 3, ASH_SRC_INTERNAL);
	t->ab = (ash_assessment){.site = "big", .assessed_on = ASOF, .answers = t->b, .nanswers = 4};
	t->as = (ash_assessment){.site = "small", .assessed_on = ASOF, .answers = t->s, .nanswers = 4};
	t->in[0] = (ash_site_input){.site = 0, .cur = &t->ab, .asof = ASOF};
	t->in[1] = (ash_site_input){.site = 1, .cur = &t->as, .asof = ASOF};
}

TEST(rollup_weighted_vs_unweighted_by_hand)
{
	ash_org *o = fx_org(ash_test_tmpdir());
	ash_fw *fw = fx_fw();
	if (!o || !fw)
		return;
	two t;
	two_sites(&t);
	ash_rollup *r = NULL;
	ash_err err;
	CHECK_INT(ash_rollup_compute(fw, o, t.in, 2, &r, &err), 0);
	/* site scores: mean of answered items, n/a left out */
	CHECK(NEAR(r->sites[0].f[0].score, 3.0));
	CHECK(NEAR(r->sites[0].f[1].score, 1.0));
	CHECK_INT(r->sites[0].f[1].answered, 1);
	CHECK_INT(r->sites[0].f[1].na, 1);
	CHECK(NEAR(r->sites[1].f[0].score, 1.0));
	CHECK(NEAR(r->sites[1].f[1].score, 3.0));
	CHECK(NEAR(r->sites[0].total.score, 2.0));
	CHECK(NEAR(r->sites[1].total.score, 2.0));
	/* W(F1) = (3*3 + 1*1) / 4; U(F1) = (3 + 1) / 2 */
	CHECK(NEAR(r->weighted[0], 2.5));
	CHECK(NEAR(r->unweighted[0], 2.0));
	CHECK(NEAR(r->weighted[1], 1.5));
	CHECK(NEAR(r->unweighted[1], 2.0));
	CHECK(NEAR(r->weighted_total, 2.0));
	CHECK(NEAR(r->unweighted_total, 2.0));
	CHECK(NEAR(r->wsum, 4.0));
	/* targets: small's F2 target is 4 (site target on the function) */
	CHECK(NEAR(r->sites[1].f[1].target, 4.0));
	CHECK(NEAR(r->sites[0].f[1].target, 3.0));
	/* gaps by impact = gap * w / sum w */
	CHECK_INT(r->ngaps, 6);
	struct { const char *site, *id; double impact; } want[] = {
		{"big", "F2.B-01", 1.5}, {"big", "F1.A-02", 0.75}, {"small", "F1.A-01", 0.75},
		{"small", "F1.A-02", 0.25}, {"small", "F2.B-01", 0.25}, {"small", "F2.B-02", 0.25}};
	for (size_t i = 0; i < 6 && i < r->ngaps; i++) {
		CHECK_STR(o->sites[r->gaps[i].site].name, want[i].site);
		CHECK_STR(fw->items[r->gaps[i].item].id, want[i].id);
		CHECK(NEAR(r->gaps[i].impact, want[i].impact));
	}
	/* across sites: impacts summed per subcategory */
	CHECK_INT(r->nitem_gaps, 4);
	CHECK_STR(fw->items[r->item_gaps[0].item].id, "F2.B-01");
	CHECK(NEAR(r->item_gaps[0].impact, 1.75));
	CHECK_INT(r->item_gaps[0].sites, 2);
	CHECK_STR(fw->items[r->item_gaps[1].item].id, "F1.A-02");
	CHECK(NEAR(r->item_gaps[1].impact, 1.0));
	CHECK(NEAR(r->item_gaps[1].gap, 1.0));
	CHECK(isnan(r->sites[0].f[0].prev));
	ash_rollup_free(r);
	ash_fw_free(fw);
	ash_org_free(o);
}

TEST(rollup_weak_evidence_trend_and_own_target)
{
	ash_org *o = fx_org(ash_test_tmpdir());
	ash_fw *fw = fx_fw();
	if (!o || !fw)
		return;
	two t;
	two_sites(&t);
	t.b[0].source = ASH_SRC_SELF;  /* 4 x 0.8 */
	t.s[3].target = 2;              /* own target below its level: no gap */
	ash_answer p[2] = {ans("F1.A-01", 2, ASH_SRC_EXTERNAL), ans("F1.A-02", 2, ASH_SRC_EXTERNAL)};
	p[0].date = p[1].date = ASOF - 400; /* fresh as of the previous assessment */
	ash_assessment prev = {.site = "big", .assessed_on = ASOF - 365, .answers = p, .nanswers = 2};
	t.in[0].prev = &prev;
	ash_rollup *r = NULL;
	ash_err err;
	CHECK_INT(ash_rollup_compute(fw, o, t.in, 2, &r, &err), 0);
	CHECK(NEAR(r->sites[0].f[0].score, (3.2 + 2) / 2));
	CHECK(NEAR(r->sites[0].f[0].claimed, 3.0));
	CHECK_INT(r->sites[0].f[0].weak, 1);
	CHECK(NEAR(r->sites[0].f[0].prev, 2.0));
	CHECK(isnan(r->sites[0].f[1].prev)); /* F2 not answered before */
	CHECK(NEAR(r->weighted_prev[0], 2.0)); /* only big had a previous one */
	for (size_t i = 0; i < r->ngaps; i++)
		CHECK(!(r->gaps[i].site == 1 && !strcmp(fw->items[r->gaps[i].item].id, "F2.B-02")));
	/* the same evidence older than the set age counts less */
	t.b[1].date = ASOF - 366;
	ash_rollup *r2 = NULL;
	CHECK_INT(ash_rollup_compute(fw, o, t.in, 2, &r2, &err), 0);
	CHECK(NEAR(r2->sites[0].f[0].score, (3.2 + 2 * 0.75) / 2));
	ash_rollup_free(r2);
	ash_rollup_free(r);
	ash_fw_free(fw);
	ash_org_free(o);
}

TEST(rollup_site_without_answers)
{
	ash_org *o = fx_org(ash_test_tmpdir());
	ash_fw *fw = fx_fw();
	if (!o || !fw)
		return;
	two t;
	two_sites(&t);
	t.in[1].cur = NULL;
	ash_rollup *r = NULL;
	ash_err err;
	CHECK_INT(ash_rollup_compute(fw, o, t.in, 2, &r, &err), 0);
	CHECK(isnan(r->sites[1].total.score));
	/* the roll-up is over sites with a score: big alone */
	CHECK(NEAR(r->weighted[0], 3.0));
	CHECK(NEAR(r->unweighted[0], 3.0));
	/* impact shares still use every site's weight */
	CHECK(NEAR(r->gaps[0].impact, 2 * 3.0 / 4));
	ash_rollup_free(r);
	ash_fw_free(fw);
	ash_org_free(o);
}

TEST(targets_resolution_order)
{
	ash_org *o = fx_org(ash_test_tmpdir());
	ash_fw *fw = fx_fw();
	if (!o || !fw)
		return;
	size_t a1 = (size_t)ash_fw_find(fw, "F1.A-01"), b1 = (size_t)ash_fw_find(fw, "F2.B-01");
	CHECK_INT(ash_rollup_target(o, 0, fw, a1), 3);
	CHECK_INT(ash_rollup_target(o, 1, fw, b1), 4);
	o->targets = realloc(o->targets, sizeof *o->targets);
	o->targets[0] = (ash_target){strdup("F1.A"), 2, 0};
	o->ntargets = 1;
	CHECK_INT(ash_rollup_target(o, 0, fw, a1), 2); /* organisation's, by category */
	CHECK_INT(ash_rollup_target(o, 1, fw, b1), 4); /* site's wins */
	ash_fw_free(fw);
	ash_org_free(o);
}

/* ---- the importer ------------------------------------------------- */

static int import(const char *csv, ash_org *o, ash_fw *fw, ash_import *im)
{
	ash_import_opts io = {.org = o, .fw = fw, .by = "importer", .file_name = "t.csv",
			      .assessed_on = ASOF, .today = ASOF};
	ash_err err;
	return ash_answers_parse(csv, strlen(csv), &io, im, &err);
}

static const ash_answer *find(const ash_assessment *a, const char *item)
{
	for (size_t i = 0; i < a->nanswers; i++)
		if (!strcmp(a->answers[i].item, item))
			return &a->answers[i];
	return NULL;
}

TEST(import_good_file)
{
	ash_org *o = fx_org(ash_test_tmpdir());
	ash_fw *fw = fx_fw();
	if (!o || !fw)
		return;
	const char *csv =
		"\xef\xbb\xbfsite,framework,id,question,level,evidence,evidence_ref,"
		"evidence_date,assessor,source,coverage,note\r\n"
		"big,tiny,F1.A-01,\"q, with comma\",4,\"line1\nline2 \"\"quoted\"\"\",doc.pdf,"
		"2024-01-01,Alice,external,100%,\r\n"
		"big,tiny,F1.A-02,, 2 ,'=SUM(1),,,,,,\r\n"
		"big,tiny,F2.B-01,,,,,,,,,\r\n"
		"\r\n"
		"big,tiny,F2.B-02,,N/A,,,,,,,\r\n"
		"small,,F1.A-01,,0,,,,Bob,self,,\r\n";
	ash_import im;
	CHECK_INT(import(csv, o, fw, &im), 0);
	CHECK_INT(im.nissues, 0);
	CHECK_INT(im.na, 2);
	CHECK_INT(im.rows, 5);
	CHECK_INT(im.answered, 4);
	CHECK_INT(im.unanswered, 1);
	if (im.na == 2) {
		const ash_assessment *b = &im.a[0];
		CHECK_STR(b->site, "big");
		CHECK_INT(b->nanswers, 3);
		const ash_answer *x = find(b, "F1.A-01");
		CHECK(x && x->level == 4 && x->coverage == 100 && x->source == ASH_SRC_EXTERNAL);
		CHECK(x && !strcmp(x->evidence, "line1\nline2 \"quoted\""));
		CHECK(x && !strcmp(x->assessor, "Alice"));
		x = find(b, "F1.A-02");
		CHECK(x && x->level == 2 && !strcmp(x->evidence, "=SUM(1)"));
		CHECK(x && !strcmp(x->assessor, "importer") && x->source == ASH_SRC_SELF);
		CHECK(x && x->date == ASH_DAY_UNKNOWN);
		x = find(b, "F2.B-02");
		CHECK(x && x->level == ASH_ANSWER_NA);
		CHECK_STR(b->imported_by, "importer");
		CHECK_STR(b->fw_key, "tiny");
		CHECK_STR(b->fw_sha, fw->sha256);
		CHECK_INT(strlen(b->source_sha), 64);
		CHECK_INT(b->assessed_on, ASOF);
		CHECK_STR(im.a[1].site, "small");
	}
	ash_import_free(&im);
	/* a spreadsheet's semicolons */
	CHECK_INT(import("site;id;level\nsmall;F2.B-01;3\n", o, fw, &im), 0);
	CHECK_INT(im.na, 1);
	ash_import_free(&im);
	ash_fw_free(fw);
	ash_org_free(o);
}

static void want_issue(const ash_import *im, size_t k, size_t row, size_t col,
		       const char *text)
{
	if (k >= im->nissues) {
		ash_test_fail(__FILE__, __LINE__, "issue %zu missing (want %zu:%zu %s)", k,
			      row, col, text);
		return;
	}
	const ash_issue *x = &im->issues[k];
	if (x->row != row || x->col != col || !strstr(x->msg, text))
		ash_test_fail(__FILE__, __LINE__, "issue %zu: %zu:%zu %s (want %zu:%zu %s)", k,
			      x->row, x->col, x->msg, row, col, text);
}

TEST(import_errors_name_row_and_column)
{
	ash_org *o = fx_org(ash_test_tmpdir());
	ash_fw *fw = fx_fw();
	if (!o || !fw)
		return;
	const char *csv =
		"site,id,level,evidence_date,coverage,source\n"
		"big,F1.A-01,7,,,\n"          /* 2:3 level */
		"nowhere,F1.A-02,1,,,\n"      /* 3:1 site */
		"big,F9,1,,,\n"               /* 4:2 id */
		"big,F1.A-02,1,2024-13-01,,\n" /* 5:4 date */
		"big,F2.B-01,1,,150,\n"       /* 6:5 coverage */
		"big,F2.B-02,1,,,boss\n"      /* 7:6 source */
		"big,F1.A-02,2,,,\n"          /* 8:2 duplicate of row 5 */
		"small,F1.A-01,1,2099-01-01,,\n" /* 9:4 future */
		"small,F1.A-02,3,,,,extra\n"; /* 10:7 more cells than columns */
	ash_import im;
	CHECK_INT(import(csv, o, fw, &im), ASH_EFORMAT);
	CHECK_INT(im.na, 0);
	CHECK(im.a == NULL);
	CHECK_INT(im.nissues, 9);
	want_issue(&im, 0, 2, 3, "not a level");
	want_issue(&im, 1, 3, 1, "not a site");
	want_issue(&im, 2, 4, 2, "not a subcategory");
	want_issue(&im, 3, 5, 4, "not a date");
	want_issue(&im, 4, 6, 5, "coverage");
	want_issue(&im, 5, 7, 6, "not a source");
	want_issue(&im, 6, 8, 2, "first in row 5");
	want_issue(&im, 7, 9, 4, "future");
	want_issue(&im, 8, 10, 7, "more cells");
	ash_import_free(&im);
	/* header problems */
	CHECK_INT(import("site,id,levle\nbig,F1.A-01,1\n", o, fw, &im), ASH_EFORMAT);
	want_issue(&im, 0, 1, 3, "unknown column 'levle'");
	want_issue(&im, 1, 1, 0, "no 'level' column");
	ash_import_free(&im);
	/* broken quoting: the row is named, reading stops */
	CHECK_INT(import("site,id,level\nbig,F1.A-01,1\nbig,\"F1.A-02,2\n", o, fw, &im),
		  ASH_EFORMAT);
	want_issue(&im, 0, 3, 2, "unterminated quote");
	CHECK_INT(im.na, 0);
	ash_import_free(&im);
	/* invalid UTF-8 and NUL bytes in text */
	const char bad[] = "site,id,level,evidence\nbig,F1.A-01,1,caf\xe9\n";
	CHECK_INT(import(bad, o, fw, &im), ASH_EFORMAT);
	want_issue(&im, 0, 2, 4, "UTF-8");
	ash_import_free(&im);
	ash_import_opts io = {.org = o, .fw = fw, .today = ASOF};
	ash_err err;
	const char nul[] = "site,id,level,note\nbig,F1.A-01,1,a\0b\n";
	CHECK_INT(ash_answers_parse(nul, sizeof nul - 1, &io, &im, &err), ASH_EFORMAT);
	want_issue(&im, 0, 2, 4, "NUL");
	ash_import_free(&im);
	/* nothing answered, wrong site for --site, other framework */
	CHECK_INT(import("site,id,level\nbig,F1.A-01,\n", o, fw, &im), ASH_EFORMAT);
	want_issue(&im, 0, 0, 0, "no answered question");
	ash_import_free(&im);
	io.site = "small";
	const char one[] = "site,id,level,framework\nbig,F1.A-01,1,csf-2.0\n";
	CHECK_INT(ash_answers_parse(one, sizeof one - 1, &io, &im, &err), ASH_EFORMAT);
	want_issue(&im, 0, 2, 1, "--site");
	want_issue(&im, 1, 2, 4, "not the framework");
	ash_import_free(&im);
	CHECK_INT(import("", o, fw, &im), ASH_EFORMAT);
	want_issue(&im, 0, 1, 0, "empty file");
	ash_import_free(&im);
	ash_fw_free(fw);
	ash_org_free(o);
}

TEST(import_caps_the_issue_list)
{
	ash_org *o = fx_org(ash_test_tmpdir());
	ash_fw *fw = fx_fw();
	if (!o || !fw)
		return;
	char *csv = malloc(200 * 32 + 64);
	size_t n = (size_t)sprintf(csv, "site,id,level\n");
	for (int i = 0; i < 200; i++)
		n += (size_t)sprintf(csv + n, "big,X%d,9\n", i);
	ash_import im;
	CHECK_INT(import(csv, o, fw, &im), ASH_EFORMAT);
	CHECK_INT(im.nissues, ASH_ANSWERS_MAX_ISSUES);
	CHECK(im.more_issues > 0);
	ash_import_free(&im);
	free(csv);
	ash_fw_free(fw);
	ash_org_free(o);
}

/* ---- org.db ------------------------------------------------------- */

static int64_t count(ash_orgdb *db, const char *table)
{
	int64_t n = -1;
	ash_err err;
	if (ash_orgdb_count(db, table, &n, &err))
		fprintf(stderr, "%s\n", err.msg);
	return n;
}

TEST(orgdb_schema_and_migrations)
{
	const char *dir = ash_test_tmpdir();
	char path[512];
	snprintf(path, sizeof path, "%s/org.db", dir);
	ash_orgdb *db = NULL;
	ash_err err;
	CHECK_INT(ash_orgdb_open(path, &db, &err), 0);
	if (!db)
		return;
	CHECK_INT(ash_orgdb_version(db), ASH_ORGDB_VERSION);
	ash_orgdb_close(db);
	CHECK_INT(ash_orgdb_open(path, &db, &err), 0); /* reopening migrates nothing */
	CHECK_INT(ash_orgdb_version(db), ASH_ORGDB_VERSION);
	ash_orgdb_close(db);
	sqlite3 *s = NULL;
	sqlite3_open(path, &s);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(s, "PRAGMA journal_mode", -1, &st, NULL);
	CHECK(sqlite3_step(st) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(st, 0), "wal"));
	sqlite3_finalize(st);
	sqlite3_prepare_v2(s, "SELECT count(*) FROM pragma_foreign_key_list('answers')", -1, &st, NULL);
	CHECK(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1);
	sqlite3_finalize(st);
	/* a file from a newer ashiato is refused */
	sqlite3_exec(s, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(s);
	CHECK_INT(ash_orgdb_open(path, &db, &err), ASH_EFORMAT);
	CHECK(strstr(err.msg, "newer") != NULL);
}

TEST(orgdb_store_all_or_nothing_and_history)
{
	const char *dir = ash_test_tmpdir();
	ash_org *o = fx_org(dir);
	ash_fw *fw = fx_fw();
	ash_orgdb *db = NULL;
	ash_err err;
	if (!o || !fw || ash_orgdb_open_org(o, &db, &err)) {
		CHECK(0);
		return;
	}
	ash_import im;
	CHECK_INT(import("site,id,level,evidence\nbig,F1.A-01,3,ok\nsmall,F1.A-02,2,ok\n", o, fw, &im), 0);
	CHECK_INT(ash_orgdb_add_assessments(db, fw, im.a, im.na, &err), 0);
	CHECK(im.a[0].id > 0 && im.a[1].id > im.a[0].id);
	ash_import_free(&im);
	CHECK_INT(count(db, "assessments"), 2);
	CHECK_INT(count(db, "answers"), 2);
	CHECK_INT(count(db, "frameworks"), 1);
	/* the second of two breaks a CHECK: neither is stored */
	ash_answer good = ans("F1.A-01", 1, ASH_SRC_SELF), bad = ans("F1.A-02", 9, ASH_SRC_SELF);
	good.assessor = bad.assessor = "x";
	ash_assessment pair[2] = {
		{.site = "big", .assessed_on = ASOF, .imported_by = "t", .source_file = "f",
		 .answers = &good, .nanswers = 1},
		{.site = "small", .assessed_on = ASOF, .imported_by = "t", .source_file = "f",
		 .answers = &bad, .nanswers = 1}};
	memset(pair[0].source_sha, 'a', 64);
	memset(pair[1].source_sha, 'a', 64);
	CHECK(ash_orgdb_add_assessments(db, fw, pair, 2, &err) != 0);
	CHECK_INT(pair[0].id, 0);
	CHECK_INT(count(db, "assessments"), 2);
	CHECK_INT(count(db, "answers"), 2);
	/* history: newest first by date, two per site */
	bad.level = 2;
	for (int d = 0; d < 3; d++) {
		pair[0].assessed_on = ASOF + (d == 1 ? 100 : d == 2 ? 50 : 10);
		CHECK_INT(ash_orgdb_add_assessments(db, fw, pair, 1, &err), 0);
	}
	ash_assessment *h = NULL;
	size_t n = 0;
	CHECK_INT(ash_orgdb_history(db, "tiny", NULL, 2, &h, &n, &err), 0);
	CHECK_INT(n, 3); /* big: 2 newest; small: its only one */
	if (n == 3) {
		CHECK_STR(h[0].site, "big");
		CHECK_INT(h[0].assessed_on, ASOF + 100);
		CHECK_INT(h[1].assessed_on, ASOF + 50);
		CHECK_STR(h[2].site, "small");
		CHECK_INT(h[0].nanswers, 1);
		CHECK_STR(h[0].answers[0].assessor, "x");
		CHECK_STR(h[0].fw_sha, fw->sha256);
	}
	ash_assessments_free(h, n);
	ash_orgdb_close(db);
	ash_fw_free(fw);
	ash_org_free(o);
}

TEST(orgdb_simulations_and_scenarios)
{
	const char *dir = ash_test_tmpdir();
	ash_org *o = fx_org(dir);
	ash_orgdb *db = NULL;
	ash_err err;
	if (!o || ash_orgdb_open_org(o, &db, &err)) {
		CHECK(0);
		return;
	}
	char *json = (char *)"x";
	CHECK_INT(ash_orgdb_last_simulation(db, NULL, &json, NULL, &err), 0);
	CHECK(json == NULL);
	ash_simrow rows[2] = {{"org", NULL, "tiny", 10, 20, 30, NAN},
			      {"improvement", NULL, "F1.A-01=3", 5, 6, 7, 5}};
	ash_sim_in in = {.kind = "whatif", .by = "t", .years = 100, .seed = UINT64_MAX,
			 .currency = "JPY", .params = "{}", .result = "{\"org\":{}}",
			 .rows = rows, .nrows = 2};
	int64_t id = 0;
	CHECK_INT(ash_orgdb_add_simulation(db, &in, &id, &err), 0);
	CHECK(id > 0);
	CHECK_INT(count(db, "sim_results"), 2);
	CHECK_INT(ash_orgdb_last_simulation(db, "whatif", &json, NULL, &err), 0);
	CHECK(json && !strcmp(json, "{\"org\":{}}"));
	free(json);
	CHECK_INT(ash_orgdb_last_simulation(db, "simulate", &json, NULL, &err), 0);
	CHECK(json == NULL);
	/* scenarios follow org.yaml */
	ash_scenario s = {.name = "s1", .site = "big",
			  .tef = {ASH_RANGE_PERT, 1, 2, 3, 0, 0},
			  .vuln = {ASH_RANGE_PERT, 0.1, 0.2, 0.3, 0, 0},
			  .loss = {ASH_RANGE_CI90, 0, 0, 0, 10, 100}};
	o->scen = &s;
	o->nscen = 1;
	CHECK_INT(ash_orgdb_sync_scenarios(db, o, &err), 0);
	CHECK_INT(ash_orgdb_sync_scenarios(db, o, &err), 0);
	CHECK_INT(count(db, "scenarios"), 1);
	o->nscen = 0;
	CHECK_INT(ash_orgdb_sync_scenarios(db, o, &err), 0);
	CHECK_INT(count(db, "scenarios"), 0);
	o->scen = NULL;
	ash_orgdb_close(db);
	ash_org_free(o);
}

/* ---- from a case -------------------------------------------------- */

TEST(fromcase_mapping_and_proposals)
{
	ash_org *o = fx_org(ash_test_tmpdir());
	ash_fw *fw = fx_fw();
	ash_err err;
	if (!o || !fw)
		return;
	const char *map =
		"# test\nreflector\tF1.A-01\t1\tconfig\nreflector\tF2.B-01\t0\tnet\n"
		"beacon\tF2.B-02\t2\tmonitoring\nunknown_asset\tF1.A-02\t1\tinventory\n";
	ash_fcmap *m = NULL;
	size_t nm = 0;
	CHECK_INT(ash_fcmap_parse("m", map, strlen(map), fw, &m, &nm, &err), 0);
	CHECK_INT(nm, 4);
	ash_fcmap *bad = NULL;
	size_t nb;
	CHECK_INT(ash_fcmap_parse("m", "reflector\tPR.PS-01\t1\tx\n", 24, fw, &bad, &nb, &err),
		  ASH_EFORMAT);
	CHECK(strstr(err.msg, "m:1:") != NULL);
	CHECK_INT(ash_fcmap_parse("m", "reflector\tF1.A-01\t7\n", 20, fw, &bad, &nb, &err),
		  ASH_EFORMAT);
	ash_cdb_finding fd[4] = {
		{.id = 1, .kind = "reflector", .site = "small", .verdict = ASH_V_MALICIOUS,
		 .summary = "web01 reflects"},
		{.id = 2, .kind = "reflector", .site = "small", .verdict = ASH_V_MALICIOUS},
		{.id = 3, .kind = "beacon", .site = "small", .verdict = ASH_V_SUSPICIOUS},
		{.id = 4, .kind = "unknown_asset", .site = "elsewhere", .verdict = ASH_V_MALICIOUS}};
	ash_cdb_obs obs = {.id = 1, .finding = 3, .site = "small"};
	ash_cdb_hyp hyp[2] = {
		{.id = 1, .observation = 1, .status = ASH_HYP_CONFIRMED, .verify = "src host 192.0.2.1",
		 .claim = {.orig = "beacon is real"}},
		{.id = 2, .status = ASH_HYP_OPEN, .verify = "finding:unknown_asset"}};
	ash_cdb_site site = {.id = 1, .name = "small"};
	ash_casedb_snap snap = {.findings = fd, .nfindings = 4, .obs = &obs, .nobs = 1,
				.hyps = hyp, .nhyps = 2, .sites = &site, .nsites = 1};
	ash_answer cur[3] = {ans("F1.A-01", 0, ASH_SRC_SELF), ans("F2.B-01", 3, ASH_SRC_SELF),
			     ans("F2.B-02", 3, ASH_SRC_SELF)};
	ash_assessment a = {.site = "small", .answers = cur, .nanswers = 3};
	const ash_assessment *latest[2] = {NULL, &a};
	ash_proposal *p = NULL;
	size_t np = 0, skipped = 0;
	CHECK_INT(ash_fromcase_propose(o, &snap, "case1", m, nm, latest, &p, &np, &skipped, &err), 0);
	/* F1.A-01 is already 0 (<= cap 1); F2.B-01 3 -> 0 once (F1 and F2 are
	 * the same kind); F2.B-02 3 -> 2 from the confirmed hypothesis; the
	 * suspicious beacon alone and the open hypothesis propose nothing */
	CHECK_INT(np, 2);
	CHECK_INT(skipped, 1);
	if (np == 2) {
		CHECK_STR(p[0].item, "F2.B-01");
		CHECK_INT(p[0].current, 3);
		CHECK_INT(p[0].proposed, 0);
		CHECK_STR(p[0].case_ref, "F1");
		CHECK(strstr(p[0].summary, "web01 reflects") != NULL);
		CHECK_STR(p[1].item, "F2.B-02");
		CHECK_STR(p[1].case_ref, "H1");
		CHECK_STR(p[1].kind, "beacon");
		CHECK_INT(p[1].proposed, 2);
	}
	/* stored once, decided once */
	ash_orgdb *db = NULL;
	CHECK_INT(ash_orgdb_open_org(o, &db, &err), 0);
	int added = 0;
	for (int k = 0; k < 2; k++) {
		CHECK_INT(ash_orgdb_add_proposal(db, fw, &p[0], &added, &err), 0);
		CHECK_INT(added, k == 0);
	}
	ash_proposal *stored = NULL;
	size_t ns = 0;
	CHECK_INT(ash_orgdb_proposals(db, "proposed", &stored, &ns, &err), 0);
	CHECK_INT(ns, 1);
	if (ns == 1) {
		CHECK_INT(ash_orgdb_decide(db, stored[0].id, false, "me", 0, &err), 0);
		CHECK_INT(ash_orgdb_decide(db, stored[0].id, true, "me", 0, &err), ASH_ENOTFOUND);
	}
	ash_proposals_free(stored, ns);
	ash_orgdb_close(db);
	ash_proposals_free(p, np);
	/* the shipped mapping fits NIST CSF 2.0 */
	ash_fw *csf = NULL;
	CHECK_INT(ash_fw_load(NULL, "csf-2.0", NULL, &csf, &err), 0);
	ash_fcmap *real = NULL;
	size_t nr = 0;
	CHECK_INT(ash_fcmap_load(NULL, csf, &real, &nr, &err), 0);
	CHECK(nr >= 10);
	bool refl = false;
	for (size_t i = 0; i < nr; i++)
		refl |= !strcmp(real[i].kind, "reflector") && !strcmp(real[i].item, "PR.PS-01");
	CHECK(refl);
	ash_fcmap_free(real, nr);
	ash_fw_free(csf);
	ash_fcmap_free(m, nm);
	ash_fw_free(fw);
	ash_org_free(o);
}

/* ---- mappings between frameworks --------------------------------- */

TEST(fwmap_parse_and_project)
{
	ash_fw *from = fx_fw(), *to = NULL;
	ash_err err;
	const char *j = "{\"framework\":\"Other\",\"functions\":[{\"id\":\"X\",\"name\":\"x\","
			"\"categories\":[{\"id\":\"X.1\",\"name\":\"c\",\"subcategories\":["
			"{\"id\":\"X.1-a\",\"description\":\"a\"},{\"id\":\"X.1-b\",\"description\":\"b\"},"
			"{\"id\":\"X.1-c\",\"description\":\"c\"}]}]}]}";
	CHECK_INT(ash_fw_parse("other", j, strlen(j), NULL, &to, &err), 0);
	if (!from || !to)
		return;
	const char *text = "# comment\ntiny\tother\nF1.A-01\tX.1-a\t3\nF1.A-02\tX.1-a\n"
			   "F2.B-01\tX.1-b\nF2.B-02\tX.1-c\r\n";
	ash_fwmap m;
	CHECK_INT(ash_fwmap_parse("m.tsv", text, strlen(text), from, to, &m, &err), 0);
	CHECK_INT(m.n, 4);
	ash_fwmap bad;
	CHECK_INT(ash_fwmap_parse("m.tsv", "other\ttiny\n", 11, from, to, &bad, &err), ASH_EFORMAT);
	CHECK(strstr(err.msg, "not tiny to other") != NULL);
	CHECK_INT(ash_fwmap_parse("m.tsv", "tiny\tother\nF1.A-01\tX.9\n", 23, from, to, &bad, &err),
		  ASH_EFORMAT);
	CHECK(strstr(err.msg, "m.tsv:2:") != NULL);
	CHECK_INT(ash_fwmap_parse("m.tsv", "tiny\tother\nF1.A-01\tX.1-a\t0\n", 27, from, to, &bad,
				  &err), ASH_EFORMAT);
	/* F1.A-01 = 4 (weight 3) and F1.A-02 = 1 (weight 1) -> 13/4 = 3.25 -> 3;
	 * F2.B-01 n/a alone -> n/a; F2.B-02 unanswered -> no draft */
	ash_answer src[3] = {ans("F1.A-01", 4, ASH_SRC_EXTERNAL), ans("F1.A-02", 1, ASH_SRC_SELF),
			     ans("F2.B-01", ASH_ANSWER_NA, ASH_SRC_INTERNAL)};
	src[0].date = ASOF - 5, src[1].date = ASOF - 50;
	src[0].coverage = 70;
	src[0].assessor = "auditor";
	ash_assessment a = {.site = "big", .answers = src, .nanswers = 3};
	ash_answer *v = NULL;
	size_t n = 0;
	CHECK_INT(ash_fwmap_project(&m, from, to, &a, &v, &n, &err), 0);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(v[0].item, "X.1-a");
		CHECK_INT(v[0].level, 3);
		CHECK_INT(v[0].date, ASOF - 50);     /* the oldest */
		CHECK_INT(v[0].source, ASH_SRC_SELF); /* the weakest */
		CHECK_INT(v[0].coverage, 70);        /* the smallest */
		CHECK_STR(v[0].assessor, "auditor");
		CHECK(strstr(v[0].evidence, "mapped from tiny: F1.A-01=4 (doc); F1.A-02=1") != NULL);
		CHECK_STR(v[1].item, "X.1-b");
		CHECK_INT(v[1].level, ASH_ANSWER_NA);
	}
	for (size_t i = 0; i < n; i++)
		ash_answer_clear(&v[i]);
	free(v);
	/* finding the file in ORG/mappings */
	const char *dir = ash_test_tmpdir();
	char sub[1024], path[1024];
	snprintf(sub, sizeof sub, "%s/mappings", dir);
	mkdir(sub, 0755);
	fx_write(dir, "mappings/x.tsv", text);
	CHECK_INT(ash_fwmap_find(dir, "tiny", "other", path, sizeof path, &err), 0);
	CHECK(strstr(path, "mappings/x.tsv") != NULL);
	CHECK_INT(ash_fwmap_find(dir, "other", "tiny", path, sizeof path, &err), ASH_ENOTFOUND);
	ash_fwmap_clear(&m);
	ash_fw_free(to);
	ash_fw_free(from);
}

/* A real case.db: findings recorded as triage would, read back as a
 * snapshot, turned into proposals against NIST CSF 2.0. */
TEST(fromcase_reads_a_case_db)
{
	const char *dir = ash_test_tmpdir();
	char cdir[1024], odir[1024];
	snprintf(cdir, sizeof cdir, "%s/case", dir);
	snprintf(odir, sizeof odir, "%s/org", dir);
	ash_err err;
	const char *nets[] = {"203.0.113.0/24=dmz"};
	ash_case_init ci = {.name = "c", .site = "sg-hub", .tz = "Asia/Singapore", .lang = "en",
			    .nets = nets, .nnets = 1};
	ash_case *c = NULL;
	ash_casedb *db = NULL;
	CHECK_INT(ash_case_create(cdir, &ci, &err), 0);
	CHECK_INT(ash_case_load(cdir, &c, &err), 0);
	CHECK_INT(ash_casedb_open(c, &db, &err), 0);
	if (!db) {
		fprintf(stderr, "%s\n", err.msg);
		ash_case_free(c);
		return;
	}
	ash_findings fs = {0};
	static const char *const kinds[] = {"reflector", "unknown_asset", "beacon"};
	for (int i = 0; i < 3; i++) {
		ash_finding *f = ash_findings_add(&fs, kinds[i]);
		ash_ip ip;
		ash_ip_parse("203.0.113.10", 12, &ip);
		ash_finding_host(f, &ip);
		f->verdict = i < 2 ? ASH_V_MALICIOUS : ASH_V_SUSPICIOUS;
		f->site = strdup("sg-hub");
		f->start = 1795539600000000ll + i;
		f->end = f->start + 1000000;
		f->score = 0.9;
		f->summary = strdup("found by triage");
		f->why = strdup("because");
		f->filter = strdup("src host 203.0.113.10");
	}
	size_t added = 0;
	CHECK_INT(ash_casedb_add_findings(db, fs.v, fs.n, &added, &err), 0);
	CHECK_INT(added, 3);
	ash_casedb_snap *snap = NULL;
	CHECK_INT(ash_casedb_snap_read(db, &snap, &err), 0);
	/* the organisation has the case's site */
	mkdir(odir, 0755);
	fx_write(odir, "org.yaml", "sites:\n  - {name: sg-hub, country: SG, timezone: "
				   "Asia/Singapore, currency: SGD}\n");
	ash_org *o = NULL;
	ash_fw *csf = NULL;
	ash_fcmap *m = NULL;
	size_t nm = 0, np = 0, skipped = 0;
	ash_proposal *p = NULL;
	CHECK_INT(ash_org_load(odir, &o, &err), 0);
	CHECK_INT(ash_fw_load(NULL, "csf-2.0", NULL, &csf, &err), 0);
	CHECK_INT(ash_fcmap_load(odir, csf, &m, &nm, &err), 0);
	const ash_assessment *latest[1] = {NULL};
	if (o && snap)
		CHECK_INT(ash_fromcase_propose(o, snap, cdir, m, nm, latest, &p, &np, &skipped,
					       &err), 0);
	/* reflector: PR.PS-01, PR.IR-01, DE.CM-01; unknown_asset: ID.AM-01,
	 * ID.AM-08; the suspicious beacon proposes nothing */
	size_t want = 0;
	for (size_t i = 0; i < nm; i++)
		want += !strcmp(m[i].kind, "reflector") || !strcmp(m[i].kind, "unknown_asset");
	CHECK_INT(np, want);
	bool ps01 = false, am01 = false;
	for (size_t i = 0; i < np; i++) {
		ps01 |= !strcmp(p[i].item, "PR.PS-01") && p[i].proposed == 1 && p[i].current == -1;
		am01 |= !strcmp(p[i].item, "ID.AM-01") && !strcmp(p[i].kind, "unknown_asset");
		CHECK_STR(p[i].site, "sg-hub");
		CHECK(p[i].case_ref[0] == 'F');
	}
	CHECK(ps01 && am01);
	ash_proposals_free(p, np);
	ash_fcmap_free(m, nm);
	ash_fw_free(csf);
	ash_org_free(o);
	if (snap)
		ash_casedb_snap_free(snap);
	ash_findings_free(&fs);
	ash_casedb_close(db);
	ash_case_free(c);
}
