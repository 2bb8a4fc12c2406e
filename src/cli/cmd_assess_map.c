/* SPDX-License-Identifier: MIT */
/* cmd_assess_map.c: `assess map ORG --site S --from KEY [--to KEY]`: a
 * site's newest assessment in one framework projected through a mapping
 * (TSV files in ORG/mappings, org/fwmap.h) into a draft answers CSV of another,
 * for a person to review and import. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/org_cli.h"
#include "core/io.h"
#include "org/fwmap.h"
#include "org/orgfile.h"
#include "org/orghtml.h"

static const ash_opt map_opts[] = {
	{"site", "NAME", false, "the site (required)"},
	{"from", "KEY", false, "the framework the site was assessed in (required)"},
	{"to", "KEY", false, "the framework to draft answers for (default: org.yaml's)"},
	{"output", "FILE", false, "write here (-o; default ORG/forms/SITE-from-FROM.csv)"},
	{0},
};

static int map_run(int argc, char **argv);

const ash_cmd ash_assess_map = {
	.name = "assess map",
	.synopsis = "ORG --site S --from KEY [--to KEY] [--output FILE]",
	.summary = "draft answers to one framework from an assessment in another, through a mapping",
	.details =
		"Finds the mapping FROM -> TO in ORG/mappings/ (docs/frameworks.md), takes\n"
		"the site's newest assessment in FROM and writes an answers CSV for TO:\n"
		"each mapped item's level is the weighted mean of its sources' levels\n"
		"rounded to the nearest, its evidence names them, its date is the oldest\n"
		"source date, its source the weakest.  Review the file, then import it\n"
		"with 'assess import ORG FILE --framework TO'.",
	.opts = map_opts,
	.examples = "  ashiato assess map acme --site us-chi --from c2m2-domains --to csf-2.0\n",
	.run = map_run,
};

static void row(FILE *f, const char *site, const char *key, const ash_answer *x,
		int64_t from_id)
{
	char day[11] = "", note[64];
	if (x->date != ASH_DAY_UNKNOWN)
		ash_day_format(x->date, day);
	snprintf(note, sizeof note, "drafted by assess map from assessment A%lld",
		 (long long)from_id);
	ash_orgcsv_cell(f, site), fputc(',', f), ash_orgcsv_cell(f, key);
	fputc(',', f), ash_orgcsv_cell(f, x->item), fputc(',', f);
	if (x->level == ASH_ANSWER_NA)
		fputs("n/a", f);
	else
		fprintf(f, "%d", x->level);
	fputc(',', f), ash_orgcsv_cell(f, x->evidence);
	fputc(',', f), ash_orgcsv_cell(f, x->ref);
	fprintf(f, ",%s,", day);
	ash_orgcsv_cell(f, x->assessor);
	fprintf(f, ",%s,", ash_source_name(x->source));
	if (x->coverage >= 0)
		fprintf(f, "%d", x->coverage);
	fputc(',', f), ash_orgcsv_cell(f, note);
	fputs("\r\n", f);
}

static int write_csv(ash_org_cli *oc, const char *site, const char *from_key,
		     const ash_fw *to, const ash_answer *v, size_t n, int64_t from_id,
		     ash_err *err)
{
	char path[4096], dir[4096];
	const char *out = ash_arg(&oc->a, "output");
	int rc = ASH_OK;
	if (out) {
		if (snprintf(path, sizeof path, "%s", out) >= (int)sizeof path)
			return ash_errf(err, ASH_ELIMIT, "--output: path too long");
		const char *sl = strrchr(path, '/');
		snprintf(dir, sizeof dir, "%.*s", sl ? (int)(sl - path) : 1,
			 sl ? (sl == path ? "/" : path) : ".");
	} else if ((rc = ash_org_path(oc->org, "forms", dir, sizeof dir, err)) ||
		   (rc = ash_io_mkdir_p(dir, err))) {
		return rc;
	} else if (snprintf(path, sizeof path, "%s/%s-from-%s.csv", dir, site, from_key) >=
		   (int)sizeof path) {
		return ash_errf(err, ASH_ELIMIT, "%s: path too long", dir);
	}
	char *buf = NULL;
	size_t len = 0;
	bool renamed;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return ash_errno(err, ASH_EIO, "%s", path);
	fputs("\xef\xbb\xbfsite,framework,id,level,evidence,evidence_ref,evidence_date,"
	      "assessor,source,coverage,note\r\n", f);
	for (size_t i = 0; i < n; i++)
		row(f, site, to->key, &v[i], from_id);
	fclose(f);
	rc = ash_io_replace(dir, path, buf, len, &renamed, err);
	free(buf);
	if (!rc)
		printf("wrote %s: %zu answers to %s drafted from assessment A%lld (%s)\n"
		       "review it, then: ashiato assess import %s %s --framework %s\n", path, n,
		       to->key, (long long)from_id, from_key, oc->a.pos[0], path, to->key);
	return rc;
}

static int load_map(ash_org_cli *oc, const ash_fw *from, const ash_fw *to,
		    ash_fwmap *m, ash_err *err)
{
	char path[4096], *text = NULL;
	size_t n;
	int rc = ash_fwmap_find(oc->org->dir, from->key, to->key, path, sizeof path, err);
	if (!rc)
		rc = ash_orgfile_read(path, 8u << 20, &text, &n, err);
	if (!rc)
		rc = ash_fwmap_parse(path, text, n, from, to, m, err);
	free(text);
	return rc;
}

static int map_run(int argc, char **argv)
{
	ash_org_cli oc;
	ash_fw *from = NULL, *to = NULL;
	ash_org_inputs in = {0};
	ash_fwmap m = {0};
	ash_answer *v = NULL;
	size_t nv = 0;
	ash_err err;
	int rc;
	if (ash_org_cli_open(&ash_assess_map, argc, argv, 0, 0, true, &oc, &rc))
		goto out;
	const char *site = ash_arg(&oc.a, "site"), *fk = ash_arg(&oc.a, "from");
	if (!site || !fk) {
		ash_cli_error("assess map: give --site and --from");
		rc = ASH_EXIT_USAGE;
		goto out;
	}
	if ((rc = ash_org_cli_fw(&oc, fk, NULL, &from)) ||
	    (rc = ash_org_cli_fw(&oc, ash_arg(&oc.a, "to"), NULL, &to)) ||
	    (rc = ash_org_cli_inputs(&oc, from, site, ash_day_today(), &in)))
		goto out;
	const ash_assessment *a = in.nin ? in.in[0].cur : NULL;
	if (!a) {
		ash_cli_error("assess map: site %s has no assessment in %s", site, from->key);
		rc = ASH_EXIT_FAIL;
		goto out;
	}
	if (load_map(&oc, from, to, &m, &err) ||
	    ash_fwmap_project(&m, from, to, a, &v, &nv, &err) ||
	    write_csv(&oc, site, from->key, to, v, nv, a->id, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	rc = ASH_EXIT_OK;
out:
	for (size_t i = 0; i < nv; i++)
		ash_answer_clear(&v[i]);
	free(v);
	ash_fwmap_clear(&m);
	ash_org_inputs_free(&in);
	ash_fw_free(from);
	ash_fw_free(to);
	ash_org_cli_close(&oc);
	return rc;
}
