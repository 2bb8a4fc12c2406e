/* SPDX-License-Identifier: MIT */
/* cmd_query.c: `ashiato query CASE [FILTER]`: the matching records, in
 * start-time order, as a table, CSV or JSON Lines.  Ordering and memory
 * bounds live in query/rows.c; this file reads options and formats rows. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/qargs.h"
#include "query/output.h"
#include "query/rows.h"
#include "query/scan.h"

static const ash_opt opts[] = {
	ASH_QARGS_OPTS,
	{"limit", "N", false, "print the N earliest matching records (0 = all)"},
	{0},
};

static int run(int argc, char **argv);

const ash_cmd ash_cmd_query = {
	.name = "query",
	.synopsis = "CASE [FILTER...] [--from TIME] [--to TIME] [--limit N] "
		    "[--format table|csv|json] [--tz utc|site|ZONE]",
	.summary = "print the records a filter matches, in time order",
	.details =
		"FILTER is the filter language of nfdump and tcpdump (docs/filter.md):\n"
		"'src host 203.0.113.10 and proto udp and dst port 53', 'net 10.0.0.0/8',\n"
		"'not port 22', 'bytes > 1M', 'zone dmz', 'action deny',\n"
		"'time 2026-11-24T17:00Z..+2h'.  Several arguments are joined with spaces.\n"
		"Records come sorted by start time (ties in ingest order); with --limit N\n"
		"the N earliest.  Unknown values print as '-' (null in JSON); ICMP type and\n"
		"code show in the dport column as TYPE/CODE.  Columns: start end proto src\n"
		"sport dst dport action opackets rpackets obytes rbytes flags in out rule\n"
		"format evidence line sampling note.  sampling is N for a flow the exporter\n"
		"sampled 1:N (its counts are already scaled by N); note is what the source\n"
		"says about how the session ended or which way it went ('tcp-fin',\n"
		"'TCP Reset-I', 'RECEIVE'; docs/formats.md).",
	.opts = opts,
	.examples =
		"  ashiato query case1 'src host 203.0.113.10 and proto udp' --limit 20\n"
		"  ashiato query case1 'action deny and dst port 22' --format csv > ssh.csv\n"
		"  ashiato query case1 zone dmz and bytes '>' 1M --tz site\n",
	.run = run,
};

static const ash_outcol cols[] = {
	{"start", false}, {"end", false}, {"proto", false}, {"src", false},
	{"sport", true}, {"dst", false}, {"dport", true}, {"action", false},
	{"opackets", true}, {"rpackets", true}, {"obytes", true},
	{"rbytes", true}, {"flags", false}, {"in", false}, {"out", false},
	{"rule", false}, {"format", false}, {"evidence", false},
	{"line", true}, {"sampling", true}, {"note", false},
};
#define NCOLS (sizeof cols / sizeof cols[0])

typedef struct qctx {
	ash_qargs *q;
	ash_rows *rows;
	ash_out *out;
	uint64_t printed;
} qctx;

static ash_cell opt_u(const ash_qrow *r, uint32_t bit, uint64_t v)
{
	return r->have & bit ? ash_cell_uint(v) : ash_cell_null();
}

static ash_cell opt_s(ash_str s)
{
	return s.n ? ash_cell_str(s.p, s.n) : ash_cell_null();
}

/* nfdump's flag column: CEUAPRSF, '.' for a flag not seen */
static void flag_text(uint8_t f, char out[9])
{
	static const char letters[] = "CEUAPRSF";
	for (int i = 0; i < 8; i++)
		out[i] = f >> (7 - i) & 1 ? letters[i] : '.';
	out[8] = '\0';
}

static void evidence_text(const ash_store *s, uint32_t ev, char *buf, size_t cap)
{
	static const char hx[] = "0123456789abcdef";
	buf[0] = '\0';
	if (ev >= ash_store_evidence_count(s))
		return;
	const ash_evidence *e = ash_store_evidence(s, ev);
	if (e->name[0]) {
		snprintf(buf, cap, "%s", e->name);
		return;
	}
	for (int i = 0; i < 6 && (size_t)(2 * i + 2) < cap; i++) {
		buf[2 * i] = hx[e->sha256[i] >> 4];
		buf[2 * i + 1] = hx[e->sha256[i] & 15];
		buf[2 * i + 2] = '\0';
	}
}

static int emit(qctx *qc, const ash_qrow *r)
{
	char t0[ASH_TIME_STRLEN], t1[ASH_TIME_STRLEN], src[ASH_IP_STRLEN],
	     dst[ASH_IP_STRLEN], pb[8], fl[9], dp[16], ev[300];
	ash_tz *tz = ash_qargs_tz_for(qc->q, r->site);
	bool icmp = (r->have & ASH_HAVE_PROTO) && (r->proto == 1 || r->proto == 58);
	ash_qargs_time(r->t_start, tz, t0);
	ash_qargs_time(r->t_end, tz, t1);
	ash_ip_format(&r->src, src);
	ash_ip_format(&r->dst, dst);
	flag_text(r->tcp_flags, fl);
	evidence_text(qc->q->s, r->evidence, ev, sizeof ev);
	snprintf(dp, sizeof dp, "%u/%u", r->dport >> 8, r->dport & 0xff);
	ash_cell c[NCOLS] = {
		ash_cell_cstr(t0),
		r->have & ASH_HAVE_END ? ash_cell_cstr(t1) : ash_cell_null(),
		r->have & ASH_HAVE_PROTO ? ash_cell_cstr(ash_proto_name(r->proto, pb))
					 : ash_cell_null(),
		ash_cell_cstr(src),
		icmp ? ash_cell_null() : opt_u(r, ASH_HAVE_SPORT, r->sport),
		ash_cell_cstr(dst),
		!(r->have & ASH_HAVE_DPORT) ? ash_cell_null() :
		icmp ? ash_cell_cstr(dp) : ash_cell_uint(r->dport),
		r->action == ASH_ACT_UNKNOWN ? ash_cell_null()
					     : ash_cell_cstr(ash_action_name(r->action)),
		opt_u(r, ASH_HAVE_OPKTS, r->opkts),
		opt_u(r, ASH_HAVE_RPKTS, r->rpkts),
		opt_u(r, ASH_HAVE_OBYTES, r->obytes),
		opt_u(r, ASH_HAVE_RBYTES, r->rbytes),
		r->have & ASH_HAVE_FLAGS ? ash_cell_cstr(fl) : ash_cell_null(),
		opt_s(r->in_if), opt_s(r->out_if), opt_s(r->rule),
		ash_cell_cstr(ash_format_name(r->format)),
		ev[0] ? ash_cell_cstr(ev) : ash_cell_null(),
		ash_cell_uint(r->src_line),
		opt_u(r, ASH_HAVE_SAMPLING, r->sampling),
		opt_s(r->note),
	};
	qc->printed++;
	return ash_out_row(qc->out, c);
}

static int drain(qctx *qc, int64_t watermark, ash_err *err)
{
	const ash_qrow *r;
	while ((r = ash_rows_next(qc->rows, watermark)))
		if (emit(qc, r))
			return ash_errno(err, ASH_EIO, "query: write failed");
	return ASH_OK;
}

static int on_batch(void *ctx, const ash_batch *b, const uint64_t *sel,
		    size_t matched, int64_t watermark, bool *stop, ash_err *err)
{
	qctx *qc = ctx;
	int rc = matched ? ash_rows_add(qc->rows, b, sel, err) : ASH_OK;
	if (rc)
		return rc;
	if (qc->q->limit) {
		*stop = ash_rows_done_before(qc->rows, watermark);
		return ASH_OK;
	}
	return drain(qc, watermark, err);
}

static int run(int argc, char **argv)
{
	ash_qargs q;
	ash_err err = {0};
	int rc;
	if (ash_qargs_open(&ash_cmd_query, argc, argv, 0, 0, &q, &rc))
		goto out;
	qctx qc = {.q = &q, .rows = ash_rows_new(q.limit, 0)};
	qc.out = ash_out_new(stdout, q.fmt, cols, NCOLS);
	ash_scan_opts so = {.filter = q.filter, .cols = ASH_COL_ALL & ~ASH_COL_NAT};
	int e = ash_scan_ordered(q.s, &so, on_batch, &qc, NULL, &err);
	if (!e) {
		ash_rows_finish(qc.rows);
		e = drain(&qc, INT64_MAX, &err);
	}
	int e2 = ash_out_end(qc.out, e ? NULL : &err);
	ash_out_free(qc.out);
	ash_rows_free(qc.rows);
	rc = e || e2 ? ash_cli_fail(&err) : ASH_EXIT_OK;
out:
	ash_qargs_close(&q);
	return rc;
}
