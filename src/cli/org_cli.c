/* SPDX-License-Identifier: MIT */
/* org_cli.c: shared plumbing of the organisation commands (org_cli.h). */
#include "cli/org_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "query/output.h"

int ash_org_cli_open(const ash_cmd *sub, int argc, char **argv, size_t min,
		     size_t max, bool db, ash_org_cli *oc, int *exit_code)
{
	memset(oc, 0, sizeof *oc);
	ash_err err;
	/* "-o FILE" is the short form of "--output FILE" */
	int n = argc;
	if (n > ASH_MAX_ARGS + 1) {
		ash_cli_error("%s: more than %d arguments", sub->name, ASH_MAX_ARGS);
		*exit_code = ASH_EXIT_USAGE;
		return 1;
	}
	for (int i = 0; i < n; i++)
		oc->argv_copy[i] = strcmp(argv[i], "-o") ? argv[i] : (char *)"--output";
	if (ash_args_parse(sub, n, oc->argv_copy, &oc->a, exit_code))
		return 1;
	if (oc->a.npos < 1 + min || oc->a.npos > 1 + max) {
		ash_cli_error("%s: give the organisation folder%s (see 'ashiato %s --help')",
			      sub->name, min ? " and the arguments" : "", sub->name);
		*exit_code = ASH_EXIT_USAGE;
		return 1;
	}
	oc->pos = oc->a.pos + 1;
	oc->npos = oc->a.npos - 1;
	if (ash_org_load(oc->a.pos[0], &oc->org, &err)) {
		*exit_code = ash_cli_fail(&err);
		return 1;
	}
	for (size_t i = 0; i < oc->org->nwarnings; i++)
		ash_cli_warn("%s", oc->org->warnings[i]);
	if (db && ash_orgdb_open_org(oc->org, &oc->db, &err)) {
		*exit_code = ash_cli_fail(&err);
		return 1;
	}
	return 0;
}

void ash_org_cli_close(ash_org_cli *oc)
{
	ash_orgdb_close(oc->db);
	ash_org_free(oc->org);
	oc->db = NULL;
	oc->org = NULL;
}

const char *ash_org_cli_by(const ash_args *a)
{
	const char *by = ash_arg(a, "by");
	if (by && *by)
		return by;
	by = getenv("USER");
	return by && *by ? by : "unknown";
}

int ash_org_cli_day(const ash_args *a, const char *name, int32_t *day)
{
	const char *v = ash_arg(a, name);
	if (!v) {
		*day = ash_day_today();
		return ASH_EXIT_OK;
	}
	if (ash_day_parse(v, strlen(v), day)) {
		ash_cli_error("--%s: '%s' is not a date YYYY-MM-DD", name, v);
		return ASH_EXIT_USAGE;
	}
	return ASH_EXIT_OK;
}

int ash_org_cli_lang(const ash_args *a, const char *dflt, const char **lang)
{
	const char *v = ash_arg(a, "lang");
	*lang = v ? v : dflt;
	if (strcmp(*lang, "ja") && strcmp(*lang, "en")) {
		ash_cli_error("--lang: give ja or en");
		return ASH_EXIT_USAGE;
	}
	return ASH_EXIT_OK;
}

static void check_targets(const ash_fw *fw, const ash_target *t, size_t n,
			  const char *where)
{
	for (size_t i = 0; i < n; i++)
		if (ash_fw_find(fw, t[i].id) < 0)
			ash_cli_warn("org.yaml:%d: target '%s' (%s) is not an id of %s (ignored)",
				     t[i].line, t[i].id, where, fw->key);
}

int ash_org_cli_fw(ash_org_cli *oc, const char *key, const char *lang,
		   ash_fw **fw)
{
	ash_err err;
	const ash_org *o = oc->org;
	if (ash_fw_load(o->dir, key ? key : o->framework, lang, fw, &err))
		return ash_cli_fail(&err);
	if (strcmp((*fw)->key, o->framework))
		return ASH_EXIT_OK; /* org.yaml's targets are for its framework */
	check_targets(*fw, o->targets, o->ntargets, "organisation");
	for (size_t s = 0; s < o->nsites; s++)
		check_targets(*fw, o->sites[s].targets, o->sites[s].ntargets,
			      o->sites[s].name);
	return ASH_EXIT_OK;
}

int ash_org_cli_inputs(ash_org_cli *oc, const ash_fw *fw, const char *site,
		       int32_t asof, ash_org_inputs *out)
{
	ash_err err;
	memset(out, 0, sizeof *out);
	const ash_org *o = oc->org;
	if (site && !ash_org_site_find(o, site, NULL)) {
		ash_cli_error("--site: no site '%s' in org.yaml", site);
		return ASH_EXIT_USAGE;
	}
	if (ash_orgdb_history(oc->db, fw->key, site, 2, &out->hist, &out->nhist, &err))
		return ash_cli_fail(&err);
	out->in = ash_calloc(o->nsites, sizeof *out->in);
	for (size_t s = 0; s < o->nsites; s++) {
		if (site && strcmp(site, o->sites[s].name))
			continue;
		ash_site_input *x = &out->in[out->nin++];
		x->site = s;
		x->asof = asof;
		for (size_t k = 0; k < out->nhist; k++) {
			if (strcmp(out->hist[k].site, o->sites[s].name))
				continue;
			if (!x->cur)
				x->cur = &out->hist[k];
			else if (!x->prev)
				x->prev = &out->hist[k];
		}
	}
	return ASH_EXIT_OK;
}

void ash_org_inputs_free(ash_org_inputs *x)
{
	ash_assessments_free(x->hist, x->nhist);
	free(x->in);
	memset(x, 0, sizeof *x);
}

char *ash_org_cli_safe(const char *s)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ash_out_escape_text(s ? s : "", s ? strlen(s) : 0, &buf, &len, &cap);
	if (!buf)
		buf = ash_strdup("");
	return buf;
}
