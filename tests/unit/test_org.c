/* SPDX-License-Identifier: MIT */
/* test_org.c: frameworks as data (NIST CSF 2.0 counts and Japanese text,
 * errors, quick lists), the 0-4 scale and its evidence discount, day
 * numbers, org.yaml reading and writing, the form, the report's
 * escaping, the message catalog. */
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <sys/stat.h>

#include "harness.h"
#include "org_fixture.h"

#include "core/embed.h"
#include "org/form.h"
#include "org/govreport.h"
#include "org/orgdemo.h"
#include "org/orghtml.h"
#include "org/orgmsg.h"
#include "org/rollup.h"
#include "org/scale.h"

/* ---- NIST CSF 2.0 ------------------------------------------------- */

TEST(csf_counts_and_japanese)
{
	ash_fw *fw = NULL;
	ash_err err;
	CHECK(ash_fw_load(NULL, "csf-2.0", "ja", &fw, &err) == 0);
	if (!fw)
		return;
	CHECK_INT(fw->nfunc, 6);
	CHECK_INT(fw->ncat, 22);
	CHECK_INT(fw->nsub, 106);
	CHECK_STR(fw->title, "NIST CSF 2.0");
	CHECK_STR(fw->lang, "ja");
	static const char *const ja[] = {"ガバナンス", "識別", "防御", "検知", "対応", "復旧"};
	for (size_t f = 0; f < fw->nfunc; f++)
		CHECK_STR(fw->items[fw->funcs[f]].tr_name, ja[f]);
	size_t with_ja = 0;
	for (size_t i = 0; i < fw->nitems; i++) {
		const ash_fw_item *it = &fw->items[i];
		/* every item has Japanese text holding kana or kanji (UTF-8
		 * lead bytes 0xe3-0xe9) */
		bool desc = it->tr_desc && (unsigned char)it->tr_desc[0] >= 0xe3;
		bool name = it->level == ASH_FW_SUB ||
			    (it->tr_name && (unsigned char)it->tr_name[0] >= 0xe3);
		with_ja += desc && name;
		if (!(desc && name))
			fprintf(stderr, "no Japanese text: %s\n", it->id);
	}
	CHECK_INT(with_ja, 134);
	/* ids as NIST gives them, including the gaps of withdrawn ones */
	CHECK(ash_fw_find(fw, "PR.PS-01") >= 0);
	CHECK(ash_fw_find(fw, "ID.AM-06") < 0);
	CHECK(ash_fw_find(fw, "DE.CM-09") >= 0);
	ash_fw_free(fw);
}

TEST(csf_embedded_is_the_shared_copy)
{
	const ash_embed *e = ash_embed_find("csf-2.0.json");
	CHECK(e != NULL);
	if (!e)
		return;
	char sha[65];
	ash_sha256_hex(e->data, e->size, sha);
	/* data/nist-csf-2.0.SHA256SUMS and ../shared/data/nist-csf-2.0 */
	CHECK_STR(sha, "c5ae1966a52addee72d37007856171af1441ae3730a404dfa085643dee870196");
	const char *p = ash_test_shared("data/nist-csf-2.0/csf-2.0.json");
	if (!p) {
		ash_test_skip("../shared/data/nist-csf-2.0 absent");
		return;
	}
	FILE *f = fopen(p, "rb");
	char *buf = malloc(e->size + 1);
	size_t n = f ? fread(buf, 1, e->size + 1, f) : 0;
	CHECK_INT(n, e->size);
	CHECK(n == e->size && !memcmp(buf, e->data, n));
	free(buf);
	if (f)
		fclose(f);
}

TEST(csf_quick_covers_every_function)
{
	ash_fw *fw = NULL;
	ash_err err;
	CHECK(ash_fw_load(NULL, "csf-2.0", NULL, &fw, &err) == 0);
	if (!fw)
		return;
	CHECK(fw->nquick > 0 && fw->nquick <= 25);
	size_t per[ASH_FW_MAX_FUNCS] = {0}, n = 0;
	for (size_t i = 0; i < fw->nitems; i++)
		if (fw->items[i].quick) {
			CHECK_INT(fw->items[i].level, ASH_FW_SUB);
			per[fw->items[i].func]++;
			n++;
		}
	CHECK_INT(n, fw->nquick);
	for (size_t f = 0; f < fw->nfunc; f++)
		CHECK(per[f] >= 1);
	ash_fw_free(fw);
}

TEST(fw_parse_errors_name_the_path)
{
	ash_fw *fw = NULL;
	ash_err err;
	const char *dup = "{\"framework\":\"x\",\"functions\":[{\"id\":\"A\",\"name\":\"a\","
			  "\"categories\":[{\"id\":\"A.B\",\"name\":\"b\",\"subcategories\":"
			  "[{\"id\":\"A\",\"description\":\"d\"}]}]}]}";
	CHECK_INT(ash_fw_parse("x", dup, strlen(dup), NULL, &fw, &err), ASH_EFORMAT);
	CHECK(strstr(err.msg, "given twice") != NULL);
	const char *nodesc = "{\"framework\":\"x\",\"functions\":[{\"id\":\"A\",\"name\":\"a\","
			     "\"categories\":[{\"id\":\"A.B\",\"name\":\"b\",\"subcategories\":"
			     "[{\"id\":\"A.B-1\"}]}]}]}";
	CHECK_INT(ash_fw_parse("x", nodesc, strlen(nodesc), NULL, &fw, &err), ASH_EFORMAT);
	CHECK(strstr(err.msg, "functions[0].categories[0].subcategories[0]") != NULL);
	CHECK(strstr(err.msg, "description") != NULL);
	const char *badid = "{\"framework\":\"x\",\"functions\":[{\"id\":\"A B\",\"name\":\"a\","
			    "\"categories\":[]}]}";
	CHECK_INT(ash_fw_parse("x", badid, strlen(badid), NULL, &fw, &err), ASH_EFORMAT);
	CHECK_INT(ash_fw_parse("x", "{", 1, NULL, &fw, &err), ASH_EFORMAT);
	CHECK(strstr(err.msg, "not valid JSON") != NULL);
	CHECK(fw == NULL);
	CHECK_INT(ash_fw_load(NULL, "no-such-fw", NULL, &fw, &err), ASH_ENOTFOUND);
}

TEST(fw_translation_and_quick_lists)
{
	ash_fw *fw = fx_fw();
	ash_err err;
	if (!fw)
		return;
	CHECK_INT(fw->nsub, 4);
	const char *tr = "{\"framework\":\"tiny\",\"lang\":\"ja\",\"name\":\"小\","
			 "\"items\":{\"F1\":{\"name\":\"一\"},\"F1.A-01\":{\"description\":\"あ\"}}}";
	CHECK_INT(ash_fw_translate(fw, tr, strlen(tr), &err), 0);
	CHECK_STR(ash_fw_item_name(&fw->items[ash_fw_find(fw, "F1")]), "一");
	CHECK_STR(ash_fw_item_desc(&fw->items[ash_fw_find(fw, "F1.A-01")]), "あ");
	CHECK_STR(ash_fw_item_desc(&fw->items[ash_fw_find(fw, "F1.A-02")]), "a two");
	const char *other = "{\"framework\":\"other\",\"lang\":\"ja\",\"items\":{}}";
	CHECK_INT(ash_fw_translate(fw, other, strlen(other), &err), ASH_EFORMAT);
	const char *unknown = "{\"framework\":\"tiny\",\"lang\":\"ja\",\"items\":{\"Z9\":{}}}";
	CHECK_INT(ash_fw_translate(fw, unknown, strlen(unknown), &err), ASH_EFORMAT);
	CHECK(strstr(err.msg, "Z9") != NULL);
	/* default quick: one per function first */
	ash_fw_default_quick(fw);
	CHECK_INT(fw->nquick, 2);
	CHECK(fw->items[ash_fw_find(fw, "F1.A-01")].quick);
	CHECK(fw->items[ash_fw_find(fw, "F2.B-01")].quick);
	const char *q = "# c\nF1.A-02\twhy\nF2.B-02\n";
	CHECK_INT(ash_fw_set_quick(fw, q, strlen(q), &err), 0);
	CHECK_INT(fw->nquick, 2);
	CHECK(fw->items[ash_fw_find(fw, "F1.A-02")].quick);
	CHECK(!fw->items[ash_fw_find(fw, "F1.A-01")].quick);
	CHECK_INT(ash_fw_set_quick(fw, "F1\n", 3, &err), ASH_EFORMAT); /* not a subcategory */
	ash_fw_free(fw);
}

/* ---- the scale ---------------------------------------------------- */

TEST(scale_names_and_days)
{
	CHECK_STR(ash_level_name(0, "en"), "not implemented");
	CHECK_STR(ash_level_name(4, "en"), "optimised");
	CHECK_STR(ash_level_name(3, "ja"), "管理");
	CHECK(ash_level_name(5, "en") == NULL);
	CHECK_INT(ash_source_parse("external"), ASH_SRC_EXTERNAL);
	CHECK_INT(ash_source_parse("boss"), -1);
	int32_t d;
	CHECK_INT(ash_day_parse("1970-01-02", 10, &d), 0);
	CHECK_INT(d, 1);
	CHECK_INT(ash_day_parse("2024-02-29", 10, &d), 0);
	char buf[11];
	ash_day_format(d, buf);
	CHECK_STR(buf, "2024-02-29");
	CHECK_INT(ash_day_parse("2026-02-29", 10, &d), -1);
	CHECK_INT(ash_day_parse("2026-13-01", 10, &d), -1);
	CHECK_INT(ash_day_parse("2026-1-01", 9, &d), -1);
	CHECK_INT(ash_day_parse("20x6-01-01", 10, &d), -1);
}

TEST(scale_evidence_discount)
{
	ash_evpolicy p = ASH_EVPOLICY_DEFAULT;
	int32_t today = 20000;
	unsigned w;
	ash_scale_in strong = {.level = 3, .source = ASH_SRC_EXTERNAL, .has_evidence = true,
			       .date = today - 10, .coverage = -1};
	CHECK(ash_scale_effective(&p, &strong, today, &w) == 3.0);
	CHECK_INT(w, 0);
	/* each weakness alone */
	ash_scale_in e = strong;
	e.source = ASH_SRC_SELF;
	CHECK(ash_scale_effective(&p, &e, today, &w) == 3.0 * 0.8);
	CHECK_INT(w, ASH_WEAK_SELF);
	e = strong;
	e.date = today - 366; /* one day past the set age */
	CHECK(ash_scale_effective(&p, &e, today, &w) == 3.0 * 0.75);
	CHECK_INT(w, ASH_WEAK_STALE);
	e.date = today - 365; /* exactly the set age: not stale */
	CHECK(ash_scale_effective(&p, &e, today, &w) == 3.0);
	e.date = ASH_DAY_UNKNOWN; /* undated counts as old */
	CHECK(ash_scale_effective(&p, &e, today, &w) == 3.0 * 0.75);
	e = strong;
	e.has_evidence = false;
	CHECK(ash_scale_effective(&p, &e, today, &w) == 3.0 * 0.6);
	CHECK_INT(w, ASH_WEAK_NONE);
	e = strong;
	e.coverage = 40;
	CHECK(ash_scale_effective(&p, &e, today, &w) == 3.0 * 0.4);
	CHECK_INT(w, ASH_WEAK_PARTIAL);
	/* all together multiply: 4 x 0.8 x 0.75 x 0.6 x 0.5 = 0.72 */
	ash_scale_in all = {.level = 4, .source = ASH_SRC_SELF, .date = ASH_DAY_UNKNOWN,
			    .coverage = 50};
	double v = ash_scale_effective(&p, &all, today, &w);
	CHECK(v > 0.72 - 1e-12 && v < 0.72 + 1e-12);
	CHECK_INT(w, ASH_WEAK_SELF | ASH_WEAK_STALE | ASH_WEAK_NONE | ASH_WEAK_PARTIAL);
	/* level 0 is 0 and carries no flag */
	all.level = 0;
	CHECK(ash_scale_effective(&p, &all, today, &w) == 0);
	CHECK_INT(w, 0);
	/* case evidence is not self-assessed */
	e = strong;
	e.source = ASH_SRC_CASE;
	CHECK(ash_scale_effective(&p, &e, today, &w) == 3.0);
	/* editable factors */
	ash_evpolicy q = {30, 0.5, 0.5, 1.0};
	e = strong;
	e.source = ASH_SRC_SELF;
	e.date = today - 31;
	CHECK(ash_scale_effective(&q, &e, today, &w) == 3.0 * 0.25);
}

/* ---- org.yaml ----------------------------------------------------- */

TEST(org_yaml_reads_the_fixture)
{
	ash_org *o = fx_org(ash_test_tmpdir());
	if (!o) {
		CHECK(0);
		return;
	}
	CHECK_STR(o->name, "tiny");
	CHECK_INT(o->nsites, 2);
	CHECK_STR(o->sites[1].currency, "SGD");
	CHECK(o->sites[0].criticality == 3);
	CHECK(ash_org_fx(o, "SGD") == 100);
	CHECK(ash_org_fx(o, "JPY") == 1);
	CHECK(ash_org_fx(o, "EUR") == 0);
	CHECK_INT(o->sites[1].ntargets, 1);
	CHECK_INT(o->target_default, 3);
	CHECK_INT(o->ev.max_age_days, 365);
	ash_org_free(o);
}

static int parse_text(const char *text, ash_err *err)
{
	const char *p = fx_write(ash_test_tmpdir(), "bad.yaml", text);
	ash_org *o = NULL;
	int rc = ash_org_parse_file(p, &o, err);
	ash_org_free(o);
	return rc;
}

TEST(org_yaml_errors_name_the_line)
{
	ash_err err;
	const char *site = "sites:\n  - {name: a, country: JP, timezone: Asia/Tokyo, currency: JPY}\n";
	char buf[1024];
	CHECK_INT(parse_text("sites:\n  - {name: a, country: Japan, timezone: UTC, currency: JPY}\n",
			     &err), ASH_EFORMAT);
	CHECK(strstr(err.msg, ":2:") && strstr(err.msg, "ISO 3166"));
	CHECK_INT(parse_text("sites:\n  - {name: a, country: JP, timezone: Mars/Base, currency: JPY}\n",
			     &err), ASH_EFORMAT);
	snprintf(buf, sizeof buf, "%sscenarios:\n  - {name: s, site: nowhere, tef: 1, loss: 5, "
		 "vulnerability: 0.5}\n", site);
	CHECK_INT(parse_text(buf, &err), ASH_EFORMAT);
	CHECK(strstr(err.msg, ":4:") && strstr(err.msg, "not one of the sites"));
	snprintf(buf, sizeof buf, "%sscenarios:\n  - {name: s, site: a, tef: {min: 3, likely: 1, "
		 "max: 5}, loss: 5, vulnerability: 0.5}\n", site);
	CHECK_INT(parse_text(buf, &err), ASH_EFORMAT);
	CHECK(strstr(err.msg, "min <= likely <= max") != NULL);
	snprintf(buf, sizeof buf, "%smaturity_mapping:\n  0: {min: 0, likely: 5, max: 20}\n"
		 "  1: {min: 0, likely: 4, max: 20}\n  2: {min: 0, likely: 5, max: 20}\n"
		 "  3: {min: 0, likely: 5, max: 20}\n  4: {min: 0, likely: 5, max: 20}\n", site);
	CHECK_INT(parse_text(buf, &err), ASH_EFORMAT);
	CHECK(strstr(err.msg, "must not fall") != NULL);
	CHECK_INT(parse_text("org: x\n", &err), ASH_EFORMAT);
	CHECK(strstr(err.msg, "at least one site") != NULL);
	snprintf(buf, sizeof buf, "%scolour: blue\n", site);
	const char *p = fx_write(ash_test_tmpdir(), "warn.yaml", buf);
	ash_org *o = NULL;
	CHECK_INT(ash_org_parse_file(p, &o, &err), 0);
	CHECK(o && o->nwarnings == 1 && strstr(o->warnings[0], "colour"));
	ash_org_free(o);
}

TEST(org_yaml_round_trip_of_the_demo)
{
	ash_org *o = ash_orgdemo_org(20000);
	const char *dir = ash_test_tmpdir();
	char path[512];
	snprintf(path, sizeof path, "%s/demo.yaml", dir);
	FILE *f = fopen(path, "w");
	ash_err err;
	CHECK_INT(ash_org_write(o, f, &err), 0);
	fclose(f);
	ash_org *b = NULL;
	CHECK_INT(ash_org_parse_file(path, &b, &err), 0);
	if (!b) {
		fprintf(stderr, "%s\n", err.msg);
		ash_org_free(o);
		return;
	}
	CHECK_INT(b->nsites, 5);
	CHECK_INT(b->nscen, 10);
	CHECK_INT(b->nnets, o->nnets);
	CHECK_INT(b->nwarnings, 0);
	for (size_t i = 0; i < o->nsites; i++) {
		CHECK_STR(b->sites[i].name, o->sites[i].name);
		CHECK_STR(b->sites[i].timezone, o->sites[i].timezone);
		CHECK_STR(b->sites[i].currency, o->sites[i].currency);
		CHECK(b->sites[i].criticality == o->sites[i].criticality);
	}
	size_t countries = 0;
	for (size_t i = 0; i < b->nsites; i++) {
		bool seen = false;
		for (size_t k = 0; k < i; k++)
			seen |= !strcmp(b->sites[k].country, b->sites[i].country);
		countries += !seen;
	}
	CHECK(countries >= 4);
	for (size_t i = 0; i < o->nscen; i++) {
		CHECK_STR(b->scen[i].name, o->scen[i].name);
		CHECK(b->scen[i].loss.kind == ASH_RANGE_CI90 && b->scen[i].loss.hi == o->scen[i].loss.hi);
		CHECK_INT(b->scen[i].ncontrols, o->scen[i].ncontrols);
	}
	for (int l = 0; l <= 4; l++)
		CHECK(b->mapping[l].likely == o->mapping[l].likely);
	CHECK(ash_org_fx(b, "USD") == ash_org_fx(o, "USD"));
	ash_org_free(b);
	ash_org_free(o);
}

/* ---- escaping, form, report --------------------------------------- */

static char *capture(void (*fn)(FILE *, const char *), const char *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	fn(f, s);
	fclose(f);
	return buf;
}

TEST(html_and_csv_escaping)
{
	char *h = capture(ash_orghtml_esc, "<b a=\"1\">'&\x1b[31m\xff\xe2\x80\xae");
	CHECK_STR(h, "&lt;b a=&quot;1&quot;&gt;&#39;&amp;\xef\xbf\xbd[31m\xef\xbf\xbd");
	free(h);
	char *c = capture(ash_orgcsv_cell, "=HYPERLINK(\"x\")");
	CHECK_STR(c, "\"'=HYPERLINK(\"\"x\"\")\"");
	free(c);
	c = capture(ash_orgcsv_cell, "plain");
	CHECK_STR(c, "plain");
	free(c);
	c = capture(ash_orgcsv_cell, "a,b\nc");
	CHECK_STR(c, "\"a,b\nc\"");
	free(c);
}

TEST(message_catalog_complete)
{
	size_t bad = 1;
	CHECK(ash_orgmsg_count(&bad) > 50);
	CHECK_INT(bad, 0);
	CHECK_STR(ash_orgmsg("ja", "rep.site"), "拠点");
	CHECK_STR(ash_orgmsg("en", "rep.site"), "Site");
	CHECK_STR(ash_orgmsg("ja", "no.such.key"), "no.such.key");
}

static char *form_text(const ash_form_opts *fo, bool html)
{
	char *buf = NULL;
	size_t n = 0;
	ash_err err;
	FILE *f = open_memstream(&buf, &n);
	int rc = html ? ash_form_html(f, fo, &err) : ash_form_csv(f, fo, &err);
	fclose(f);
	CHECK_INT(rc, 0);
	return buf;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

TEST(form_full_quick_and_prefill_escaped)
{
	const char *dir = ash_test_tmpdir();
	ash_org *o = fx_org(dir);
	ash_fw *csf = NULL;
	ash_err err;
	CHECK(ash_fw_load(NULL, "csf-2.0", "ja", &csf, &err) == 0);
	if (!o || !csf)
		return;
	ash_form_opts fo = {.org = o, .fw = csf, .site = 0, .lang = "ja"};
	CHECK_INT(ash_form_count(&fo), 106);
	char *csv = form_text(&fo, false);
	CHECK_INT(count_lines(csv), 107);
	CHECK(!strncmp(csv, "\xef\xbb\xbfsite,framework,id,", 20));
	CHECK(strstr(csv, "ガバナンス") != NULL);
	free(csv);
	fo.quick = true;
	CHECK(ash_form_count(&fo) <= 25);
	csv = form_text(&fo, false);
	CHECK_INT(count_lines(csv), ash_form_count(&fo) + 1);
	free(csv);
	/* a prefilled answer with hostile text stays inert in the HTML */
	ash_answer a = {.level = 2, .target = -1, .coverage = 80, .source = ASH_SRC_SELF,
			.date = ASH_DAY_UNKNOWN,
			.evidence = "<script>alert(1)</script>", .ref = "\"><img src=x>"};
	snprintf(a.item, sizeof a.item, "GV.RR-02");
	ash_assessment pre = {.answers = &a, .nanswers = 1};
	fo.prefill = &pre;
	char *html = form_text(&fo, true);
	CHECK(strstr(html, "<script>alert") == NULL);
	CHECK(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
	CHECK(strstr(html, "<img src=x>") == NULL);
	CHECK(strstr(html, "Content-Security-Policy") != NULL);
	CHECK(strstr(html, "http://") == NULL && strstr(html, "https://") == NULL);
	CHECK(strstr(html, "<option value=\"2\" selected>") != NULL);
	free(html);
	ash_fw_free(csf);
	ash_org_free(o);
}

TEST(report_escapes_everything)
{
	const char *dir = ash_test_tmpdir();
	ash_org *o = fx_org(dir);
	ash_fw *fw = fx_fw();
	if (!o || !fw)
		return;
	free(o->name);
	o->name = strdup("<b>evil & co</b>");
	ash_answer ans[2] = {
		{.item = "F1.A-01", .level = 2, .target = -1, .coverage = -1,
		 .date = ASH_DAY_UNKNOWN, .source = ASH_SRC_SELF},
		{.item = "F2.B-01", .level = 1, .target = -1, .coverage = -1,
		 .date = ASH_DAY_UNKNOWN, .source = ASH_SRC_SELF}};
	ash_assessment a = {.site = "big", .assessed_on = 20000, .answers = ans, .nanswers = 2,
			    .imported_by = "<script>x</script>"};
	ash_site_input in[2] = {{.site = 0, .cur = &a, .asof = 20000}, {.site = 1, .asof = 20000}};
	ash_rollup *r = NULL;
	ash_err err;
	CHECK_INT(ash_rollup_compute(fw, o, in, 2, &r, &err), 0);
	const char *risk = "{\"currency\":\"JPY\",\"org\":{\"ale\":1234567,\"var95\":2,\"var99\":3,"
			   "\"lec\":[[10,0.5],[100,0]]},\"sites\":[{\"site\":\"<i>s</i>\",\"ale\":1}],"
			   "\"scenarios\":[]}";
	ash_govreport_opts go = {.r = r, .lang = "en", .asof = 20000, .generated_us = 0,
				 .risk_json = risk};
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	CHECK_INT(ash_govreport_html(f, &go, &err), 0);
	fclose(f);
	CHECK(strstr(buf, "<b>evil") == NULL);
	CHECK(strstr(buf, "&lt;b&gt;evil &amp; co&lt;/b&gt;") != NULL);
	CHECK(strstr(buf, "<script>") == NULL);
	CHECK(strstr(buf, "<i>s</i>") == NULL);
	CHECK(strstr(buf, "1,234,567") != NULL);
	CHECK(strstr(buf, "src=") == NULL && strstr(buf, "href=") == NULL);
	free(buf);
	ash_rollup_free(r);
	ash_fw_free(fw);
	ash_org_free(o);
}

TEST(heatmap_colours)
{
	char c[8];
	ash_govreport_colour(0, c);
	CHECK_STR(c, "#d73027");
	ash_govreport_colour(4, c);
	CHECK_STR(c, "#1a9850");
	ash_govreport_colour(2, c);
	CHECK_STR(c, "#fee08b");
	ash_govreport_colour(NAN, c);
	CHECK_STR(c, "#d0d7de");
}
