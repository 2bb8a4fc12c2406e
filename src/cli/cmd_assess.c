/* SPDX-License-Identifier: MIT */
/* cmd_assess.c: `ashiato assess SUB ORG ...`: maturity assessments of
 * the sites (docs/governance.md).  Dispatches to the subcommands: form and
 * import here, show and report in cmd_assess_show.c, from-case and
 * proposals in cmd_assess_case.c; each has its own options and --help. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/org_cli.h"
#include "core/io.h"
#include "core/xalloc.h"
#include "org/answers.h"
#include "org/form.h"
#include "org/orgfile.h"

static const ash_cmd *const subs[] = {
	&ash_assess_form, &ash_assess_import, &ash_assess_show, &ash_assess_report,
	&ash_assess_from_case, &ash_assess_proposals, &ash_assess_map, NULL};
static const ash_opt no_opts[] = {{0}};
static int run(int argc, char **argv);

const ash_cmd ash_cmd_assess = {
	.name = "assess",
	.synopsis = "SUBCOMMAND ORG ... (form, import, show, report, from-case, proposals, map)",
	.summary = "maturity of every site on one 0-4 scale: questionnaires, scores, report",
	.details =
		"Each site answers the framework (NIST CSF 2.0 by default) on one scale:\n"
		"0 not implemented, 1 initiated, 2 performed, 3 managed, 4 optimised, with\n"
		"the evidence behind each answer.  Weak evidence (self-assessed only, older\n"
		"than org.yaml's evidence.max_age_days or undated, none given) and partial\n"
		"coverage discount the level; docs/governance.md has the formulas.\n"
		"\n"
		"form ORG --site S [--lang ja|en --quick --prefill --dir DIR --framework KEY]\n"
		"    write the questionnaire: a CSV and a self-contained HTML form whose Save\n"
		"    button writes the same CSV (no server).  --quick: at most 25 questions\n"
		"    covering every function.  Default folder ORG/forms.\n"
		"import ORG FILE [--site S --by NAME --date YYYY-MM-DD --framework KEY\n"
		"    --dry-run]   validate every row (errors name row and column; nothing\n"
		"    is imported when any row is wrong) and store the answers with who\n"
		"    imported them, when, and the framework version.\n"
		"show ORG [--site S --format table|csv|json --gaps N --as-of DATE]\n"
		"    scores per site and function, the organisation roll-up (weighted by\n"
		"    criticality and unweighted), or with --gaps the N largest gaps.\n"
		"report ORG [--lang ja|en --output FILE (-o) --as-of DATE --top N]\n"
		"    one self-contained HTML file: heatmap, roll-up, profiles, trend, gaps.\n"
		"from-case ORG CASE   propose lowered answers from the\n"
		"    confirmed findings and hypotheses of a case (data/embed/\n"
		"    finding_controls.tsv maps finding kinds to subcategories).\n"
		"proposals ORG [--accept ID... --reject ID... --by NAME --format FMT]\n"
		"    list the proposals; accepting one stores a new assessment of the site\n"
		"    with the lowered answer and the case as its evidence.\n"
		"map ORG --site S --from KEY [--to KEY --output FILE]   draft answers to\n"
		"    one framework from the site's assessment in another, through a mapping\n"
		"    in ORG/mappings/ (docs/frameworks.md); review, then import.",
	.opts = no_opts,
	.examples =
		"  ashiato assess form acme --site sg-hub --lang en --quick\n"
		"  ashiato assess import acme acme/forms/sg-hub-quick.csv --by 'Lim Wei Ling'\n"
		"  ashiato assess show acme --format json\n"
		"  ashiato assess report acme --lang ja -o acme-ja.html\n",
	.run = run,
};

static int run(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		ash_cmd_help(&ash_cmd_assess, argc < 2 ? stderr : stdout);
		return argc < 2 ? ASH_EXIT_USAGE : ASH_EXIT_OK;
	}
	for (size_t i = 0; subs[i]; i++)
		if (!strcmp(subs[i]->name + 7, argv[1]))
			return subs[i]->run(argc - 1, argv + 1);
	ash_cli_error("assess: unknown subcommand '%s' (see 'ashiato assess --help')",
		      argv[1]);
	return ASH_EXIT_USAGE;
}

/* ---- assess form -------------------------------------------------- */

static const ash_opt form_opts[] = {
	{"site", "NAME", false, "the site that answers (required)"},
	{"lang", "LANG", false, "ja or en (default: the site's language when ja, else en)"},
	{"quick", NULL, false, "the quick check: at most 25 questions covering every function"},
	{"prefill", NULL, false, "show the site's newest answers in the form"},
	{"dir", "DIR", false, "folder for the two files (default ORG/forms)"},
	{"framework", "KEY", false, "framework (default: org.yaml's)"},
	{0},
};

static int form_run(int argc, char **argv);

const ash_cmd ash_assess_form = {
	.name = "assess form",
	.synopsis = "ORG --site S [--lang ja|en] [--quick] [--prefill] [--dir DIR]",
	.summary = "write the questionnaire of a site (CSV and a self-contained HTML form)",
	.details = "Writes DIR/SITE[-quick].csv and DIR/SITE[-quick].html.  The HTML form\n"
		   "needs no server and loads nothing from anywhere; its Save button writes\n"
		   "the CSV that 'assess import' reads.  The CSV can also be filled in a\n"
		   "spreadsheet (save as CSV, UTF-8).",
	.opts = form_opts,
	.examples = "  ashiato assess form acme --site th-bkk --lang en --quick\n",
	.run = form_run,
};

static int write_file(const char *dir, const char *path, int (*fn)(FILE *, const ash_form_opts *, ash_err *),
		      const ash_form_opts *fo, ash_err *err)
{
	char *buf = NULL;
	size_t n = 0;
	bool renamed;
	FILE *f = open_memstream(&buf, &n);
	if (!f)
		return ash_errno(err, ASH_EIO, "%s", path);
	int rc = fn(f, fo, err);
	fclose(f);
	if (!rc)
		rc = ash_io_replace(dir, path, buf, n, &renamed, err);
	free(buf);
	return rc;
}

static int form_files(ash_org_cli *oc, const ash_form_opts *fo, ash_err *err)
{
	char dir[4096], path[4096];
	const char *d = ash_arg(&oc->a, "dir");
	const char *site = oc->org->sites[fo->site].name;
	int rc = d ? (snprintf(dir, sizeof dir, "%s", d) >= (int)sizeof dir
			      ? ash_errf(err, ASH_ELIMIT, "--dir: path too long") : ASH_OK)
		   : ash_org_path(oc->org, "forms", dir, sizeof dir, err);
	if (!rc)
		rc = ash_io_mkdir_p(dir, err);
	for (int k = 0; k < 2 && !rc; k++) {
		int w = snprintf(path, sizeof path, "%s/%s%s.%s", dir, site,
				 fo->quick ? "-quick" : "", k ? "html" : "csv");
		if (w < 0 || (size_t)w >= sizeof path)
			return ash_errf(err, ASH_ELIMIT, "%s: path too long", dir);
		rc = write_file(dir, path, k ? ash_form_html : ash_form_csv, fo, err);
		if (!rc)
			printf("wrote %s\n", path);
	}
	return rc;
}

static int form_run(int argc, char **argv)
{
	ash_org_cli oc;
	ash_fw *fw = NULL;
	ash_org_inputs in = {0};
	ash_err err;
	int rc;
	size_t site;
	if (ash_org_cli_open(&ash_assess_form, argc, argv, 0, 0, true, &oc, &rc))
		goto out;
	const char *sname = ash_arg(&oc.a, "site"), *lang;
	if (!sname || !ash_org_site_find(oc.org, sname, &site)) {
		ash_cli_error("assess form: give --site, one of the sites of org.yaml");
		rc = ASH_EXIT_USAGE;
		goto out;
	}
	const char *sl = oc.org->sites[site].language;
	if ((rc = ash_org_cli_lang(&oc.a, !strcmp(sl, "ja") ? "ja" : "en", &lang)) ||
	    (rc = ash_org_cli_fw(&oc, ash_arg(&oc.a, "framework"), lang, &fw)))
		goto out;
	if (ash_flag(&oc.a, "prefill") &&
	    (rc = ash_org_cli_inputs(&oc, fw, sname, ash_day_today(), &in)))
		goto out;
	ash_form_opts fo = {.org = oc.org, .fw = fw, .site = site, .lang = lang,
			    .quick = ash_flag(&oc.a, "quick"),
			    .prefill = in.nin ? in.in[0].cur : NULL};
	if (form_files(&oc, &fo, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	printf("%zu questions for site %s (%s, %s)\n", ash_form_count(&fo), sname, fw->key,
	       lang);
	rc = ASH_EXIT_OK;
out:
	ash_org_inputs_free(&in);
	ash_fw_free(fw);
	ash_org_cli_close(&oc);
	return rc;
}

/* ---- assess import ------------------------------------------------ */

static const ash_opt import_opts[] = {
	{"site", "NAME", false, "accept rows of this site only"},
	{"by", "NAME", false, "who imports (default $USER); also the assessor of rows without one"},
	{"date", "YYYY-MM-DD", false, "the date the answers describe (default today)"},
	{"framework", "KEY", false, "framework (default: org.yaml's)"},
	{"dry-run", NULL, false, "validate only; store nothing"},
	{0},
};

static int import_run(int argc, char **argv);

const ash_cmd ash_assess_import = {
	.name = "assess import",
	.synopsis = "ORG FILE [--site S] [--by NAME] [--date YYYY-MM-DD] [--dry-run]",
	.summary = "validate and store a site's answers (all rows or none)",
	.details = "FILE is the CSV of 'assess form' (or its HTML form's Save), or any CSV\n"
		   "with the columns site, id, level (and optionally target, evidence,\n"
		   "evidence_ref, evidence_date, assessor, source, coverage, note).  Every\n"
		   "row is checked; each problem is printed as FILE:ROW:COLUMN (rows as a\n"
		   "spreadsheet counts them, the header is row 1) and nothing is stored\n"
		   "(exit 1).  Otherwise one assessment per site is stored in one\n"
		   "transaction with who imported it, when, the file's SHA-256 and the\n"
		   "framework version (SHA-256 of the framework file).",
	.opts = import_opts,
	.examples = "  ashiato assess import acme answers-sg-hub.csv --by 'Lim Wei Ling'\n",
	.run = import_run,
};

static void print_issues(const char *file, const ash_import *im)
{
	for (size_t i = 0; i < im->nissues; i++) {
		const ash_issue *x = &im->issues[i];
		if (x->col)
			ash_cli_error("%s:%zu:%zu: %s%s%s", file, x->row, x->col,
				      x->column ? x->column : "", x->column ? ": " : "", x->msg);
		else if (x->row)
			ash_cli_error("%s:%zu: %s", file, x->row, x->msg);
		else
			ash_cli_error("%s: %s", file, x->msg);
	}
	if (im->more_issues)
		ash_cli_error("%s: %zu more problems not shown", file, im->more_issues);
}

static int store(ash_org_cli *oc, const ash_fw *fw, ash_import *im, ash_err *err)
{
	int rc = ash_orgdb_add_assessments(oc->db, fw, im->a, im->na, err);
	for (size_t i = 0; !rc && i < im->na; i++) {
		char day[11];
		ash_day_format(im->a[i].assessed_on, day);
		printf("imported %zu answers for site %s: assessment A%lld (%s %s, version "
		       "%.12s, %s, by %s, %s)\n", im->a[i].nanswers, im->a[i].site,
		       (long long)im->a[i].id, fw->key, im->a[i].quick ? "quick check" : "full",
		       fw->sha256, day, im->a[i].imported_by, im->a[i].source_file);
	}
	return rc;
}

static int import_run(int argc, char **argv)
{
	ash_org_cli oc;
	ash_fw *fw = NULL;
	ash_import im = {0};
	char *buf = NULL;
	size_t n;
	ash_err err;
	int rc;
	int32_t day;
	if (ash_org_cli_open(&ash_assess_import, argc, argv, 1, 1, true, &oc, &rc) ||
	    (rc = ash_org_cli_day(&oc.a, "date", &day)) ||
	    (rc = ash_org_cli_fw(&oc, ash_arg(&oc.a, "framework"), NULL, &fw)))
		goto out;
	const char *file = oc.pos[0];
	if (ash_orgfile_read(file, ASH_ANSWERS_MAX_BYTES, &buf, &n, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	ash_import_opts io = {.org = oc.org, .fw = fw, .by = ash_org_cli_by(&oc.a),
			      .file_name = file, .assessed_on = day, .today = ash_day_today(),
			      .site = ash_arg(&oc.a, "site")};
	if ((rc = ash_answers_parse(buf, n, &io, &im, &err))) {
		print_issues(file, &im);
		rc = ash_cli_fail(&err);
		goto out;
	}
	if (ash_flag(&oc.a, "dry-run")) {
		printf("%s: %zu rows, %zu answered, %zu blank: valid (nothing stored)\n", file,
		       im.rows, im.answered, im.unanswered);
		rc = ASH_EXIT_OK;
		goto out;
	}
	rc = store(&oc, fw, &im, &err) ? ash_cli_fail(&err) : ASH_EXIT_OK;
out:
	ash_import_free(&im);
	free(buf);
	ash_fw_free(fw);
	ash_org_cli_close(&oc);
	return rc;
}
