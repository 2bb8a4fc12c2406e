/* SPDX-License-Identifier: MIT */
/* cmd_case_show.c: `case show`: everything in case.db, one section per
 * table (terminal tables, or JSON Lines with a "type" per row).  Text
 * from people and logs is escaped by query/output.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/case_cli.h"
#include "cli/open.h"
#include "core/xalloc.h"
#include "query/output.h"

static const ash_opt show_opts[] = {
	{"format", "FMT", false, "table (default) or json (JSON Lines, with \"type\")"},
	{"tz", "ZONE", false, "times in utc (default), site or an IANA zone"},
	{"lang", "LANG", false, "show texts in ja or en where written (default: as written)"},
	{0},
};

static int show_run(int argc, char **argv);

const ash_cmd ash_case_show = {
	.name = "case show",
	.synopsis = "CASE [--format table|json] [--tz utc|site|ZONE] [--lang ja|en]",
	.summary = "show the case: sites, people, observations, hypotheses, actions, evidence",
	.opts = show_opts,
	.examples = "  ashiato case show c1\n  ashiato case show c1 --format json | jq .\n",
	.run = show_run,
};

typedef struct sh {
	int fmt;
	ash_tz *tz;
	const char *lang;
	ash_out *o;
	char tbuf[4][ASH_TIME_STRLEN];
	char ibuf[4][48];
	char *tmp[4];
	int rc;
} sh;

/* section: in a table a title and the columns after "type"; in JSON all */
static void begin(sh *x, const char *title, const ash_outcol *cols, size_t n)
{
	bool table = x->fmt == ASH_OUT_TABLE;
	if (table)
		printf("\n%s\n", title);
	x->o = ash_out_new(stdout, x->fmt, table ? cols + 1 : cols,
			   table ? n - 1 : n);
}

static void row(sh *x, ash_cell *c)
{
	if (!x->rc && ash_out_row(x->o, x->fmt == ASH_OUT_TABLE ? c + 1 : c))
		x->rc = ASH_EIO;
	for (int i = 0; i < 4; i++) {
		free(x->tmp[i]);
		x->tmp[i] = NULL;
	}
}

static void end(sh *x)
{
	if (ash_out_end(x->o, NULL))
		x->rc = ASH_EIO;
	ash_out_free(x->o);
	x->o = NULL;
	for (int i = 0; i < 4; i++) {
		free(x->tmp[i]);
		x->tmp[i] = NULL;
	}
}

static ash_cell tcell(sh *x, int slot, int64_t us)
{
	if (us == INT64_MIN)
		return ash_cell_null();
	ash_case_cli_time(us, x->tz, x->tbuf[slot]);
	return ash_cell_cstr(x->tbuf[slot]);
}

static ash_cell idcell(sh *x, int slot, char c, int64_t id)
{
	if (!id)
		return ash_cell_null();
	snprintf(x->ibuf[slot], sizeof x->ibuf[slot], "%c%lld", c, (long long)id);
	return ash_cell_cstr(x->ibuf[slot]);
}

static ash_cell scell(const char *s)
{
	return s ? ash_cell_cstr(s) : ash_cell_null();
}

/* a person's text; in a table cut to TABLE_TEXT bytes (whole UTF-8
 * sequences) so one long text does not widen every row */
#define TABLE_TEXT 160
static ash_cell txt(sh *x, int slot, const ash_ctext *t)
{
	const char *s = t->orig ? ash_ctext_in(t, x->lang, NULL) : NULL;
	size_t n = s ? strlen(s) : 0;
	if (!s || x->fmt != ASH_OUT_TABLE || n <= TABLE_TEXT)
		return scell(s);
	size_t k = TABLE_TEXT;
	while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;
	char *c = ash_malloc(k + 4);
	memcpy(c, s, k);
	memcpy(c + k, "...", 4);
	x->tmp[slot] = c;
	return ash_cell_cstr(c);
}

/* hosts joined with spaces, kept until the next row */
static ash_cell hosts(sh *x, int slot, const char **v, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	char *s = ash_malloc(len), *p = s;
	*p = '\0';
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s%s", i ? " " : "", v[i]);
	x->tmp[slot] = s;
	return n ? ash_cell_cstr(s) : ash_cell_null();
}

static void sites_people(sh *x, const ash_casedb_snap *s)
{
	static const ash_outcol sc[] = {{"type", 0}, {"site", 0}, {"timezone", 0},
					{"language", 0}};
	begin(x, "Sites", sc, 4);
	for (size_t i = 0; i < s->nsites; i++)
		row(x, (ash_cell[]){ash_cell_cstr("site"), scell(s->sites[i].name),
				    scell(s->sites[i].timezone),
				    scell(s->sites[i].language)});
	end(x);
	static const ash_outcol pc[] = {{"type", 0}, {"person", 0}, {"roles", 0},
					{"site", 0}};
	begin(x, "People", pc, 4);
	for (size_t i = 0; i < s->npeople; i++) {
		const ash_cdb_person *p = &s->people[i];
		char roles[96] = "";
		for (unsigned b = 1; b <= ASH_ROLE_PARTNER; b <<= 1)
			if (p->roles & b)
				snprintf(roles + strlen(roles), sizeof roles - strlen(roles),
					 "%s%s", roles[0] ? " " : "", ash_role_name(b));
		row(x, (ash_cell[]){ash_cell_cstr("person"), scell(p->name),
				    roles[0] ? ash_cell_cstr(roles) : ash_cell_null(),
				    scell(p->site)});
	}
	end(x);
}

static void observations(sh *x, const ash_casedb_snap *s)
{
	static const ash_outcol c[] = {
		{"type", 0}, {"id", 0}, {"time", 0}, {"source", 0}, {"by", 0},
		{"site", 0}, {"hosts", 0}, {"finding", 0}, {"lang", 0}, {"text", 0}};
	begin(x, "Observations", c, 10);
	for (size_t i = 0; i < s->nobs; i++) {
		const ash_cdb_obs *o = &s->obs[i];
		row(x, (ash_cell[]){ash_cell_cstr("observation"), idcell(x, 0, 'O', o->id),
				    tcell(x, 0, o->at_us), scell(o->source),
				    scell(o->by), scell(o->site),
				    hosts(x, 0, o->hosts, o->nhosts),
				    idcell(x, 1, 'F', o->finding),
				    scell(o->text.lang), txt(x, 2, &o->text)});
	}
	end(x);
}

static void hypotheses(sh *x, const ash_casedb_snap *s)
{
	static const ash_outcol c[] = {
		{"type", 0}, {"id", 0}, {"status", 0}, {"claim", 0}, {"verify", 0},
		{"expect", 0}, {"records", 1}, {"packets", 1}, {"bytes", 1},
		{"verified", 0}, {"from", 0}};
	begin(x, "Hypotheses", c, 11);
	for (size_t i = 0; i < s->nhyps; i++) {
		const ash_cdb_hyp *h = &s->hyps[i];
		const ash_cdb_verif *v = h->last_verif ? ash_snap_verif(s, h->last_verif)
						       : NULL;
		row(x, (ash_cell[]){ash_cell_cstr("hypothesis"), idcell(x, 0, 'H', h->id),
				    ash_cell_cstr(ash_hyp_status_name(h->status)),
				    txt(x, 2, &h->claim), scell(h->verify),
				    scell(h->expect),
				    v ? ash_cell_uint(v->records) : ash_cell_null(),
				    v ? ash_cell_uint(v->packets) : ash_cell_null(),
				    v ? ash_cell_uint(v->bytes) : ash_cell_null(),
				    v ? tcell(x, 0, v->ran_us) : ash_cell_null(),
				    idcell(x, 1, 'O', h->observation)});
	}
	end(x);
}

static void history(sh *x, const ash_casedb_snap *s)
{
	static const ash_outcol c[] = {
		{"type", 0}, {"id", 0}, {"hypothesis", 0}, {"time", 0}, {"from", 0},
		{"to", 0}, {"cause", 0}, {"verification", 0}, {"by", 0}, {"reason", 0}};
	begin(x, "Status history", c, 10);
	for (size_t i = 0; i < s->nstatus; i++) {
		const ash_cdb_status *h = &s->status[i];
		row(x, (ash_cell[]){ash_cell_cstr("status"), idcell(x, 0, 'S', h->id),
				    idcell(x, 1, 'H', h->hypothesis),
				    tcell(x, 0, h->at_us),
				    h->from < 0 ? ash_cell_null()
						: ash_cell_cstr(ash_hyp_status_name(h->from)),
				    ash_cell_cstr(ash_hyp_status_name(h->to)),
				    ash_cell_cstr(ash_cause_name(h->cause)),
				    idcell(x, 2, 'V', h->verification), scell(h->by),
				    txt(x, 2, &h->reason)});
	}
	end(x);
}

static void actions(sh *x, const ash_casedb_snap *s)
{
	static const ash_outcol c[] = {
		{"type", 0}, {"id", 0}, {"time", 0}, {"kind", 0}, {"by", 0},
		{"hosts", 0}, {"what", 0}};
	begin(x, "Actions", c, 7);
	for (size_t i = 0; i < s->nactions; i++) {
		const ash_cdb_action *a = &s->actions[i];
		row(x, (ash_cell[]){ash_cell_cstr("action"), idcell(x, 0, 'A', a->id),
				    tcell(x, 0, a->at_us),
				    ash_cell_cstr(ash_act_kind_name(a->kind)),
				    scell(a->by), hosts(x, 0, a->hosts, a->nhosts),
				    txt(x, 2, &a->what)});
	}
	end(x);
}

static void findings(sh *x, const ash_casedb_snap *s)
{
	static const ash_outcol c[] = {
		{"type", 0}, {"id", 0}, {"kind", 0}, {"verdict", 0}, {"hosts", 0},
		{"peers", 0}, {"start", 0}, {"end", 0}, {"summary", 0}};
	begin(x, "Findings (triage --record)", c, 9);
	for (size_t i = 0; i < s->nfindings; i++) {
		const ash_cdb_finding *f = &s->findings[i];
		row(x, (ash_cell[]){ash_cell_cstr("finding"), idcell(x, 0, 'F', f->id),
				    scell(f->kind), scell(ash_verdict_name(f->verdict)),
				    hosts(x, 0, f->hosts, f->nhosts),
				    hosts(x, 1, f->peers, f->npeers),
				    tcell(x, 0, f->start_us), tcell(x, 1, f->end_us),
				    scell(f->summary)});
	}
	end(x);
}

static void closures(sh *x, const ash_casedb_snap *s)
{
	static const ash_outcol c[] = {
		{"type", 0}, {"id", 0}, {"time", 0}, {"forced", 0}, {"open", 1},
		{"by", 0}, {"reason", 0}};
	if (!s->nclosures && x->fmt == ASH_OUT_TABLE) {
		printf("\nCase open: %zu of %zu hypotheses open\n",
		       ash_snap_open_count(s), s->nhyps);
		return;
	}
	begin(x, "Closed", c, 7);
	for (size_t i = 0; i < s->nclosures; i++) {
		const ash_cdb_closure *k = &s->closures[i];
		row(x, (ash_cell[]){ash_cell_cstr("closure"), idcell(x, 0, 'C', k->id),
				    tcell(x, 0, k->at_us),
				    ash_cell_cstr(k->forced ? "yes" : "no"),
				    ash_cell_uint(k->open_hypotheses), scell(k->by),
				    txt(x, 2, &k->reason)});
	}
	end(x);
}

static int show(sh *x, const ash_casedb_snap *s)
{
	if (x->fmt == ASH_OUT_TABLE) {
		char *name = ash_case_cli_safe(s->case_name ? s->case_name : "", 200);
		printf("Case %s\n", name);
		free(name);
	}
	sites_people(x, s);
	findings(x, s);
	observations(x, s);
	hypotheses(x, s);
	history(x, s);
	actions(x, s);
	if (ash_case_evidence_print(x->fmt, x->tz, s, true))
		x->rc = ASH_EIO;
	closures(x, s);
	return x->rc;
}

static int show_run(int argc, char **argv)
{
	ash_case_cli cc;
	ash_err err = {0};
	ash_casedb_snap *s = NULL;
	sh x = {0};
	int rc;
	if (ash_case_cli_open(&ash_case_show, argc, argv, 0, 0, &cc, &rc))
		goto out;
	const char *f = ash_arg(&cc.a, "format");
	x.lang = ash_arg(&cc.a, "lang");
	if (f && (ash_out_format_parse(f, &x.fmt, &err) || x.fmt == ASH_OUT_CSV)) {
		ash_cli_error("case show: --format: expected table or json");
		rc = ASH_EXIT_USAGE;
		goto out;
	}
	if ((rc = ash_cli_tz(cc.c, ash_arg(&cc.a, "tz"), NULL, &x.tz)))
		goto out;
	if (ash_casedb_snap_read(cc.db, &s, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	if (show(&x, s))
		rc = ash_cli_fail(&(ash_err){ASH_EIO, "case show: write failed"});
out:
	ash_tz_free(x.tz);
	ash_casedb_snap_free(s);
	ash_case_cli_close(&cc);
	return rc;
}
