/* SPDX-License-Identifier: MIT */
/* cmd_assess_case.c: `assess from-case ORG CASE` (proposals from the
 * facts of an incident case, org/fromcase.h) and `assess proposals ORG`
 * (list them; accept or reject: an accepted one becomes a new assessment
 * of the site with the lowered answer and the case as evidence). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/casedb.h"
#include "cli/org_cli.h"
#include "core/xalloc.h"
#include "org/fromcase.h"
#include "query/output.h"

/* ---- assess from-case --------------------------------------------- */

static const ash_opt fc_opts[] = {
	{"framework", "KEY", false, "framework (default: org.yaml's)"},
	{0},
};

static int fc_run(int argc, char **argv);

const ash_cmd ash_assess_from_case = {
	.name = "assess from-case",
	.synopsis = "ORG CASE",
	.summary = "propose lowered answers from the confirmed facts of an incident case",
	.details =
		"Reads CASE/case.db: findings with verdict malicious and confirmed\n"
		"hypotheses (suspicious findings and open or refuted hypotheses are\n"
		"guesses and propose nothing).  The kind of each fact maps to the\n"
		"subcategories it shows failing (data/embed/finding_controls.tsv, or\n"
		"ORG/finding_controls.tsv): the site's answer is proposed lowered to the\n"
		"cap of the mapping unless it already is that low.  Proposals wait for a\n"
		"person: 'assess proposals ORG --accept ID' or '--reject ID'.",
	.opts = fc_opts,
	.examples = "  ashiato assess from-case acme sg-night\n  ashiato assess proposals acme\n",
	.run = fc_run,
};

static int read_case(const char *dir, ash_casedb_snap **snap, ash_err *err)
{
	ash_case *c = NULL;
	ash_casedb *db = NULL;
	int rc = ash_case_load(dir, &c, err);
	if (!rc)
		rc = ash_casedb_open(c, &db, err);
	if (!rc)
		rc = ash_casedb_snap_read(db, snap, err);
	ash_casedb_close(db);
	ash_case_free(c);
	return rc;
}

static int store_proposals(ash_org_cli *oc, const ash_fw *fw, const ash_proposal *p,
			   size_t n, ash_err *err)
{
	size_t added = 0;
	for (size_t i = 0; i < n; i++) {
		int a = 0;
		int rc = ash_orgdb_add_proposal(oc->db, fw, &p[i], &a, err);
		if (rc)
			return rc;
		added += (size_t)a;
		char *sum = ash_org_cli_safe(p[i].summary);
		char cur[16];
		snprintf(cur, sizeof cur, "%d", p[i].current);
		printf("%s %s %s: %s -> %d  (%s %s: %s)\n", a ? "proposed" : "known   ",
		       p[i].site, p[i].item, p[i].current < 0 ? "unanswered" : cur,
		       p[i].proposed, p[i].case_ref, p[i].kind, sum);
		free(sum);
	}
	printf("%zu new proposal%s (review: ashiato assess proposals %s)\n", added,
	       added == 1 ? "" : "s", oc->a.pos[0]);
	return ASH_OK;
}

static int fc_run(int argc, char **argv)
{
	ash_org_cli oc;
	ash_fw *fw = NULL;
	ash_org_inputs in = {0};
	ash_casedb_snap *snap = NULL;
	ash_fcmap *map = NULL;
	ash_proposal *p = NULL;
	size_t nmap = 0, np = 0, skipped = 0;
	const ash_assessment **latest = NULL;
	ash_err err;
	int rc;
	if (ash_org_cli_open(&ash_assess_from_case, argc, argv, 1, 1, true, &oc, &rc) ||
	    (rc = ash_org_cli_fw(&oc, ash_arg(&oc.a, "framework"), NULL, &fw)) ||
	    (rc = ash_org_cli_inputs(&oc, fw, NULL, ash_day_today(), &in)))
		goto out;
	latest = ash_calloc(oc.org->nsites, sizeof *latest);
	for (size_t k = 0; k < in.nin; k++)
		latest[in.in[k].site] = in.in[k].cur;
	if (ash_fcmap_load(oc.org->dir, fw, &map, &nmap, &err) ||
	    read_case(oc.pos[0], &snap, &err) ||
	    ash_fromcase_propose(oc.org, snap, oc.pos[0], map, nmap, latest, &p, &np,
				 &skipped, &err) ||
	    store_proposals(&oc, fw, p, np, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	if (skipped)
		ash_cli_warn("from-case: %zu fact%s about sites org.yaml does not have (skipped)",
			     skipped, skipped == 1 ? "" : "s");
	rc = ASH_EXIT_OK;
out:
	ash_proposals_free(p, np);
	ash_fcmap_free(map, nmap);
	if (snap)
		ash_casedb_snap_free(snap);
	free(latest);
	ash_org_inputs_free(&in);
	ash_fw_free(fw);
	ash_org_cli_close(&oc);
	return rc;
}

/* ---- assess proposals --------------------------------------------- */

static const ash_opt prop_opts[] = {
	{"accept", "ID", true, "accept proposal ID (P3 or 3): a new assessment with the lowered answer"},
	{"reject", "ID", true, "reject proposal ID"},
	{"accept-all", NULL, false, "accept every open proposal"},
	{"all", NULL, false, "list decided proposals too"},
	{"by", "NAME", false, "who decides (default $USER)"},
	{"format", "FMT", false, "table (default), csv or json"},
	{0},
};

static int prop_run(int argc, char **argv);

const ash_cmd ash_assess_proposals = {
	.name = "assess proposals",
	.synopsis = "ORG [--accept ID ... | --accept-all] [--reject ID ...] [--all] [--by NAME]",
	.summary = "review the answers proposed from incident cases",
	.details =
		"Without --accept/--reject: the open proposals (--all: every one).\n"
		"Accepting copies the site's newest assessment into a new one with the\n"
		"accepted answers lowered, source 'case', the case and its finding or\n"
		"hypothesis as evidence, dated today; the previous one stays for the trend.",
	.opts = prop_opts,
	.examples = "  ashiato assess proposals acme\n  ashiato assess proposals acme --accept P1 --accept P2 --reject P3\n",
	.run = prop_run,
};

static int parse_id(const char *s, int64_t *id)
{
	if (*s == 'P' || *s == 'p')
		s++;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0)
		return -1;
	*id = v;
	return 0;
}

static const ash_proposal *find_prop(const ash_proposal *p, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (p[i].id == id)
			return &p[i];
	return NULL;
}

static void set_answer(ash_assessment *a, const ash_proposal *p, const char *by)
{
	ash_answer *x = NULL;
	for (size_t i = 0; i < a->nanswers && !x; i++)
		if (!strcmp(a->answers[i].item, p->item))
			x = &a->answers[i];
	if (!x) {
		a->answers = ash_reallocarray(a->answers, a->nanswers + 1, sizeof *a->answers);
		x = &a->answers[a->nanswers++];
		memset(x, 0, sizeof *x);
		snprintf(x->item, sizeof x->item, "%s", p->item);
		x->target = -1;
	}
	ash_answer_clear(x);
	char ev[800], ref[600];
	snprintf(ev, sizeof ev, "incident case %s %s (%s): %s", p->case_path, p->case_ref,
		 p->kind, p->summary ? p->summary : "");
	snprintf(ref, sizeof ref, "%s#%s", p->case_path, p->case_ref);
	x->level = p->proposed;
	x->evidence = ash_strdup(ev);
	x->ref = ash_strdup(ref);
	x->assessor = ash_strdup(by);
	x->source = ASH_SRC_CASE;
	x->date = ash_day_today();
	x->coverage = -1;
}

/* A copy of the site's newest assessment (or an empty one) with the
 * accepted proposals applied. */
static void new_assessment(ash_org_cli *oc, const ash_fw *fw, const ash_org_inputs *in,
			   const char *site, const char *by, ash_assessment *a)
{
	const ash_assessment *base = NULL;
	for (size_t k = 0; k < in->nin; k++)
		if (!strcmp(oc->org->sites[in->in[k].site].name, site))
			base = in->in[k].cur;
	memset(a, 0, sizeof *a);
	a->site = ash_strdup(site);
	a->fw_key = ash_strdup(fw->key);
	a->quick = base ? base->quick : 0;
	a->assessed_on = ash_day_today();
	a->imported_by = ash_strdup(by);
	a->source_file = ash_strdup("assess proposals");
	ash_sha256_hex("", 0, a->source_sha);
	a->note = ash_strdup("accepted proposals from incident cases");
	if (base) {
		a->answers = ash_calloc(base->nanswers + 1, sizeof *a->answers);
		for (size_t i = 0; i < base->nanswers; i++)
			ash_answer_copy(&a->answers[a->nanswers++], &base->answers[i]);
	}
}

/* The accepted proposals (checked open), in the order given. */
static int accepted(ash_org_cli *oc, const ash_proposal *p, size_t np,
		    const ash_proposal ***out, size_t *n, ash_err *err)
{
	const char *v;
	*out = ash_calloc(np + ASH_MAX_ARGS, sizeof **out);
	*n = 0;
	for (size_t i = 0; ash_flag(&oc->a, "accept-all") && i < np; i++)
		if (!strcmp(p[i].status, "proposed"))
			(*out)[(*n)++] = &p[i];
	for (size_t i = 0; (v = ash_arg_nth(&oc->a, "accept", i)); i++) {
		int64_t id;
		const ash_proposal *x = parse_id(v, &id) ? NULL : find_prop(p, np, id);
		if (!x || strcmp(x->status, "proposed"))
			return ash_errf(err, ASH_EUSAGE, "--accept %s: no open proposal with this id", v);
		bool dup = false;
		for (size_t k = 0; k < *n; k++)
			dup |= (*out)[k] == x;
		if (!dup)
			(*out)[(*n)++] = x;
	}
	return ASH_OK;
}

/* One new assessment per site with all of its accepted proposals. */
static int accept_site(ash_org_cli *oc, const ash_fw *fw, const ash_org_inputs *in,
		       const ash_proposal *const *acc, size_t nacc, size_t first,
		       const char *by, ash_err *err)
{
	const char *site = acc[first]->site;
	ash_assessment a;
	new_assessment(oc, fw, in, site, by, &a);
	for (size_t k = first; k < nacc; k++)
		if (!strcmp(acc[k]->site, site))
			set_answer(&a, acc[k], by);
	int rc = ash_orgdb_add_assessments(oc->db, fw, &a, 1, err);
	for (size_t k = first; !rc && k < nacc; k++) {
		if (strcmp(acc[k]->site, site))
			continue;
		rc = ash_orgdb_decide(oc->db, acc[k]->id, true, by, a.id, err);
		if (!rc)
			printf("accepted P%lld: %s %s -> %d (assessment A%lld)\n",
			       (long long)acc[k]->id, site, acc[k]->item, acc[k]->proposed,
			       (long long)a.id);
	}
	ash_assessment_clear(&a);
	return rc;
}

static int decide(ash_org_cli *oc, const ash_fw *fw, ash_proposal *p, size_t np,
		  ash_err *err)
{
	const char *by = ash_org_cli_by(&oc->a), *v;
	ash_org_inputs in = {0};
	const ash_proposal **acc = NULL;
	size_t nacc = 0;
	int rc = accepted(oc, p, np, &acc, &nacc, err);
	if (!rc)
		rc = ash_orgdb_begin(oc->db, err);
	else
		goto out;
	if (ash_org_cli_inputs(oc, fw, NULL, ash_day_today(), &in))
		rc = ash_errf(err, ASH_EIO, "assess proposals: reading assessments");
	for (size_t i = 0; !rc && i < nacc; i++) {
		bool seen = false; /* first proposal of its site */
		for (size_t k = 0; k < i; k++)
			seen |= !strcmp(acc[k]->site, acc[i]->site);
		if (!seen)
			rc = accept_site(oc, fw, &in, acc, nacc, i, by, err);
	}
	for (size_t i = 0; !rc && (v = ash_arg_nth(&oc->a, "reject", i)); i++) {
		int64_t id;
		if (parse_id(v, &id)) {
			rc = ash_errf(err, ASH_EUSAGE, "--reject %s: not a proposal id", v);
			break;
		}
		if (!(rc = ash_orgdb_decide(oc->db, id, false, by, 0, err)))
			printf("rejected P%lld\n", (long long)id);
	}
	rc = ash_orgdb_end(oc->db, rc, err);
out:
	ash_org_inputs_free(&in);
	free(acc);
	return rc;
}

static int list(ash_orgdb *db, bool all, int fmt, ash_err *err)
{
	ash_proposal *p = NULL;
	size_t n = 0;
	int rc = ash_orgdb_proposals(db, all ? NULL : "proposed", &p, &n, err);
	if (rc)
		return rc;
	static const ash_outcol cols[] = {
		{"id", false}, {"status", false}, {"site", false}, {"id_item", false},
		{"current", true}, {"proposed", true}, {"case", false}, {"ref", false},
		{"kind", false}, {"why", false}};
	ash_out *o = ash_out_new(stdout, fmt, cols, 10);
	for (size_t i = 0; i < n && !rc; i++) {
		char id[24];
		snprintf(id, sizeof id, "P%lld", (long long)p[i].id);
		ash_cell c[10] = {ash_cell_cstr(id), ash_cell_cstr(p[i].status),
				  ash_cell_cstr(p[i].site), ash_cell_cstr(p[i].item),
				  p[i].current < 0 ? ash_cell_null() : ash_cell_int(p[i].current),
				  ash_cell_int(p[i].proposed), ash_cell_cstr(p[i].case_path),
				  ash_cell_cstr(p[i].case_ref), ash_cell_cstr(p[i].kind),
				  p[i].summary ? ash_cell_cstr(p[i].summary) : ash_cell_null()};
		rc = ash_out_row(o, c);
	}
	int e = ash_out_end(o, err);
	ash_out_free(o);
	ash_proposals_free(p, n);
	return rc ? ash_errf(err, ASH_EIO, "proposals: write failed") : e;
}

static int prop_run(int argc, char **argv)
{
	ash_org_cli oc;
	ash_fw *fw = NULL;
	ash_proposal *p = NULL;
	size_t np = 0;
	ash_err err;
	int rc, fmt = ASH_OUT_TABLE;
	if (ash_org_cli_open(&ash_assess_proposals, argc, argv, 0, 0, true, &oc, &rc) ||
	    (rc = ash_org_cli_fw(&oc, NULL, NULL, &fw)))
		goto out;
	const char *f = ash_arg(&oc.a, "format");
	bool change = ash_arg(&oc.a, "accept") || ash_arg(&oc.a, "reject") ||
		      ash_flag(&oc.a, "accept-all");
	if ((f && ash_out_format_parse(f, &fmt, &err)) ||
	    (change && (ash_orgdb_proposals(oc.db, NULL, &p, &np, &err) ||
			decide(&oc, fw, p, np, &err))) ||
	    (!change && list(oc.db, ash_flag(&oc.a, "all"), fmt, &err))) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	rc = ASH_EXIT_OK;
out:
	ash_proposals_free(p, np);
	ash_fw_free(fw);
	ash_org_cli_close(&oc);
	return rc;
}
