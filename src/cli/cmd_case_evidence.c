/* SPDX-License-Identifier: MIT */
/* cmd_case_evidence.c: `case evidence`: list evidence items and their
 * chain of custody, register an item still on site, add a custody entry.
 * Items the store received are imported on every case command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/case_cli.h"
#include "cli/open.h"
#include "query/output.h"

static const ash_opt ev_opts[] = {
	{"add", "NAME", false, "register an item that is still on site (a file, a device's log)"},
	{"sha256", "HEX", false, "with --add: its SHA-256 when known"},
	{"size", "BYTES", false, "with --add: its size when known"},
	{"from", "TIME", false, "with --add: first instant it covers"},
	{"to", "TIME", false, "with --add: last instant it covers"},
	{"custody", "ID", false, "add a chain-of-custody entry to item ID (E3)"},
	{"event", "WORD", false, "with --custody: collected, sent, received, copied, ..."},
	{"at", "TIME", false, "with --custody: when (default now)"},
	{"tz", "ZONE", false, "zone of TIME given, and of times shown (default: utc "
	 "shown; the only site's zone read)"},
	{"site", "SITE", false, "site the item is at"},
	{"note", "TEXT", false, "a note"},
	{"by", "PERSON", false, "who"},
	{"format", "FMT", false, "table (default) or json (JSON Lines)"},
	{0},
};

static int ev_run(int argc, char **argv);

const ash_cmd ash_case_evidence = {
	.name = "case evidence",
	.synopsis = "CASE [--add NAME ... | --custody ID --event WORD ...] [--format table|json]",
	.summary = "list evidence items and their chain of custody; add to them",
	.details = "Files ingested into the store are items 'received' (SHA-256, size,\n"
		   "time range, evidence/<sha256>) with an 'ingested' custody entry.\n"
		   "--add registers an item still on site; when a file with its SHA-256\n"
		   "is ingested later the item becomes received.",
	.opts = ev_opts,
	.examples = "  ashiato case evidence c1\n"
		    "  ashiato case evidence c1 --add 'fw01 config backup' --site sg-hub --by lee\n"
		    "  ashiato case evidence c1 --custody E1 --event sent --by lee --note 'by courier'\n",
	.run = ev_run,
};

static ash_cell scell(const char *s)
{
	return s ? ash_cell_cstr(s) : ash_cell_null();
}

static ash_cell tcell(ash_tz *tz, int64_t us, char *buf)
{
	if (us == INT64_MIN)
		return ash_cell_null();
	ash_case_cli_time(us, tz, buf);
	return ash_cell_cstr(buf);
}

static int items(int fmt, ash_tz *tz, const ash_casedb_snap *s, bool tc)
{
	static const ash_outcol c[] = {
		{"type", 0}, {"id", 0}, {"name", 0}, {"location", 0}, {"sha256", 0},
		{"size", 1}, {"format", 0}, {"site", 0}, {"records", 1},
		{"rejected", 1}, {"from", 0}, {"to", 0}, {"path", 0}};
	size_t skip = fmt == ASH_OUT_TABLE ? 1 : 0;
	if (fmt == ASH_OUT_TABLE && tc)
		printf("\nEvidence\n");
	ash_out *o = ash_out_new(stdout, fmt, c + skip, 13 - skip);
	int rc = ASH_OK;
	for (size_t i = 0; i < s->nevidence && !rc; i++) {
		const ash_cdb_evidence *e = &s->evidence[i];
		char id[32], t0[ASH_TIME_STRLEN], t1[ASH_TIME_STRLEN];
		snprintf(id, sizeof id, "E%lld", (long long)e->id);
		ash_cell cells[13] = {
			ash_cell_cstr("evidence"), ash_cell_cstr(id), scell(e->name),
			ash_cell_cstr(e->received ? "received" : "on_site"),
			scell(e->sha256), e->size ? ash_cell_uint(e->size) : ash_cell_null(),
			scell(e->format), scell(e->site), ash_cell_uint(e->records),
			ash_cell_uint(e->rejected), tcell(tz, e->t_min_us, t0),
			tcell(tz, e->t_max_us, t1), scell(e->path)};
		rc = ash_out_row(o, cells + skip);
	}
	int e2 = ash_out_end(o, NULL);
	ash_out_free(o);
	return rc || e2 ? ASH_EIO : ASH_OK;
}

static int custody(int fmt, ash_tz *tz, const ash_casedb_snap *s, bool tc)
{
	static const ash_outcol c[] = {
		{"type", 0}, {"id", 0}, {"evidence", 0}, {"time", 0}, {"event", 0},
		{"by", 0}, {"note", 0}};
	size_t skip = fmt == ASH_OUT_TABLE ? 1 : 0;
	(void)tc;
	if (fmt == ASH_OUT_TABLE)
		printf("\nChain of custody\n");
	ash_out *o = ash_out_new(stdout, fmt, c + skip, 7 - skip);
	int rc = ASH_OK;
	for (size_t i = 0; i < s->ncustody && !rc; i++) {
		const ash_cdb_custody *k = &s->custody[i];
		char id[32], ev[32], t[ASH_TIME_STRLEN];
		snprintf(id, sizeof id, "K%lld", (long long)k->id);
		snprintf(ev, sizeof ev, "E%lld", (long long)k->evidence);
		ash_cell cells[7] = {
			ash_cell_cstr("custody"), ash_cell_cstr(id), ash_cell_cstr(ev),
			tcell(tz, k->at_us, t), scell(k->event), scell(k->by),
			scell(k->note.orig)};
		rc = ash_out_row(o, cells + skip);
	}
	int e2 = ash_out_end(o, NULL);
	ash_out_free(o);
	return rc || e2 ? ASH_EIO : ASH_OK;
}

int ash_case_evidence_print(int fmt, ash_tz *tz, const ash_casedb_snap *s,
			    bool type_col)
{
	if (fmt == ASH_OUT_TABLE && !type_col)
		printf("Evidence\n");
	int rc = items(fmt, tz, s, type_col);
	if (!rc)
		rc = custody(fmt, tz, s, type_col);
	return rc;
}

/* --from/--to with --add: in the --tz zone (or the only site's) */
static int range(ash_case_cli *cc, const char *name, int64_t *out)
{
	ash_when w;
	ash_err err = {0};
	const char *v = ash_arg(&cc->a, name), *tz = ash_arg(&cc->a, "tz");
	*out = INT64_MIN;
	if (!tz && cc->c->nsites == 1)
		tz = cc->c->sites[0].timezone;
	if (v && ash_when_parse(v, tz, &w, &err)) {
		ash_cli_error("case evidence: --%s: %s", name, err.msg);
		return ASH_EXIT_USAGE;
	}
	if (v)
		*out = w.us;
	return ASH_EXIT_OK;
}

static int add(ash_case_cli *cc)
{
	ash_err err = {0};
	int64_t id;
	const char *sz = ash_arg(&cc->a, "size");
	char *end = NULL;
	ash_evidence_in in = {.name = ash_arg(&cc->a, "add"),
			      .site = ash_arg(&cc->a, "site"),
			      .sha256 = ash_arg(&cc->a, "sha256"),
			      .size = sz ? strtoull(sz, &end, 10) : 0,
			      .note = {ash_arg(&cc->a, "note"), NULL},
			      .by = ash_arg(&cc->a, "by")};
	int rc;
	if (sz && (!*sz || *end || *sz == '-')) {
		ash_cli_error("case evidence: --size: expected a number of bytes");
		return ASH_EXIT_USAGE;
	}
	if ((rc = range(cc, "from", &in.t_min)) || (rc = range(cc, "to", &in.t_max)))
		return rc;
	if (ash_casedb_evidence_add(cc->db, &in, &id, &err))
		return ash_cli_fail(&err);
	printf("E%lld registered (on site)\n", (long long)id);
	return ASH_EXIT_OK;
}

static int add_custody(ash_case_cli *cc)
{
	ash_err err = {0};
	int64_t ev, id;
	int rc;
	if (ash_case_cli_id(ash_arg(&cc->a, "custody"), 'E', &ev)) {
		ash_cli_error("case evidence: --custody: expected an item id like E3");
		return ASH_EXIT_USAGE;
	}
	ash_custody_in in = {.evidence = ev, .event = ash_arg(&cc->a, "event"),
			     .by = ash_arg(&cc->a, "by"),
			     .note = {ash_arg(&cc->a, "note"), NULL}};
	if ((rc = ash_case_cli_when(cc, &in.at)))
		return rc;
	if (ash_casedb_custody_add(cc->db, &in, &id, &err))
		return ash_cli_fail(&err);
	printf("K%lld recorded for E%lld\n", (long long)id, (long long)ev);
	return ASH_EXIT_OK;
}

static int list(ash_case_cli *cc)
{
	ash_err err = {0};
	ash_casedb_snap *s = NULL;
	ash_tz *tz = NULL;
	int fmt = ASH_OUT_TABLE, rc;
	const char *f = ash_arg(&cc->a, "format");
	if (f && (ash_out_format_parse(f, &fmt, &err) || fmt == ASH_OUT_CSV)) {
		ash_cli_error("case evidence: --format: expected table or json");
		return ASH_EXIT_USAGE;
	}
	if ((rc = ash_cli_tz(cc->c, ash_arg(&cc->a, "tz"), NULL, &tz)))
		return rc;
	if (ash_casedb_snap_read(cc->db, &s, &err))
		rc = ash_cli_fail(&err);
	else if (ash_case_evidence_print(fmt, tz, s, false))
		rc = ash_cli_fail(&(ash_err){ASH_EIO, "case evidence: write failed"});
	ash_casedb_snap_free(s);
	ash_tz_free(tz);
	return rc;
}

static int ev_run(int argc, char **argv)
{
	ash_case_cli cc;
	int rc;
	if (ash_case_cli_open(&ash_case_evidence, argc, argv, 0, 0, &cc, &rc))
		goto out;
	if (ash_arg(&cc.a, "add") && ash_arg(&cc.a, "custody")) {
		ash_cli_error("case evidence: --add and --custody do not go together");
		rc = ASH_EXIT_USAGE;
	} else if (ash_arg(&cc.a, "add")) {
		rc = add(&cc);
	} else if (ash_arg(&cc.a, "custody")) {
		rc = add_custody(&cc);
	} else {
		rc = list(&cc);
	}
out:
	ash_case_cli_close(&cc);
	return rc;
}
