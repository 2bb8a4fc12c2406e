/* SPDX-License-Identifier: MIT */
/* cmd_top.c: `ashiato top CASE KEY/METRIC [FILTER]`: the groups of
 * records with the most bytes, packets, records or distinct peers.  The
 * scan runs in parallel (query/scan.c), each thread with a worker adding
 * into one shared table (query/top.c, query/agg.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/qargs.h"
#include "query/output.h"
#include "query/scan.h"
#include "query/top.h"

static const ash_opt opts[] = {
	ASH_QARGS_OPTS,
	{"limit", "N", false, "show the first N groups (default 10; 0 = all)"},
	{"threads", "N", false, "worker threads (default: online CPUs, at most 8)"},
	{0},
};

static int run(int argc, char **argv);

const ash_cmd ash_cmd_top = {
	.name = "top",
	.synopsis = "CASE KEY/METRIC [FILTER...] [--limit N] [--from TIME] "
		    "[--to TIME] [--format table|csv|json]",
	.summary = "rank sources, destinations, ports, ... by bytes, packets or records",
	.details =
		"KEY: src, dst, srcport, dstport, proto, pair (src>dst), zone, srczone,\n"
		"dstzone, rule, note, device, inif, outif.  'zone' is the zone of the\n"
		"site-side address: the source's zone when the source lies in a network\n"
		"of case.yaml, else the destination's.  'rule' is the firewall rule or\n"
		"policy, 'note' how sessions ended (PAN-OS, SRX, ASA) or which way they\n"
		"went (Windows Firewall), 'inif'/'outif' the interfaces or zones the\n"
		"firewall logged.\n"
		"METRIC: records, bytes (both directions), obytes (originator), rbytes\n"
		"(responder), packets, opackets, rpackets, dsts (distinct destinations per\n"
		"key), srcs (distinct sources).  Unknown counts add nothing.  Ranked by the\n"
		"metric, ties by key.  Every row shows bytes, packets and records, plus the\n"
		"ranked metric when it is another one.  FILTER as for 'ashiato query'.",
	.opts = opts,
	.examples =
		"  ashiato top case1 src/bytes --limit 10\n"
		"  ashiato top case1 dstport/packets 'proto udp' --format json\n"
		"  ashiato top case1 src/dsts 'src zone dmz and proto udp' --limit 5\n"
		"  ashiato top case1 rule/records 'src zone dmz and action allow'  # which rule let it out\n",
	.run = run,
};

/* one worker per scan thread, all adding into the same ash_top */
static void *t_new(void *ctx)
{
	return ash_top_worker_new(ctx);
}

static int t_batch(void *st, const ash_batch *b, const uint64_t *sel,
		   size_t matched, ash_err *err)
{
	(void)matched;
	return ash_top_worker_add(st, b, sel, err);
}

static int t_merge(void *ctx, void *st, ash_err *err)
{
	(void)ctx, (void)st, (void)err; /* the table is shared: nothing to fold */
	return ASH_OK;
}

static void t_free(void *st)
{
	ash_top_worker_free(st);
}

static int print(const ash_qargs *q, const ash_top_spec *sp, const ash_top *t,
		 ash_err *err)
{
	int m = sp->metric;
	bool extra = m != ASH_M_BYTES && m != ASH_M_PACKETS && m != ASH_M_RECORDS;
	ash_outcol cols[5] = {{ash_top_key_name(sp->key), false}, {"bytes", true},
			   {"packets", true}, {"records", true},
			   {ash_metric_name(m), true}};
	ash_top_row *rows;
	size_t n = ash_top_rank(t, q->limit, &rows);
	ash_out *o = ash_out_new(stdout, q->fmt, cols, extra ? 5 : 4);
	int rc = ASH_OK;
	for (size_t i = 0; i < n && !rc; i++) {
		char key[ASH_TOP_KEY_TEXT_MAX];
		uint64_t num = 0;
		int kind = ash_top_key_text(t, rows[i].key, key, sizeof key, &num);
		ash_cell c[5] = {
			kind == 0 ? ash_cell_null() : kind == 2 ? ash_cell_uint(num)
							    : ash_cell_cstr(key),
			ash_cell_uint(rows[i].sums->bytes),
			ash_cell_uint(rows[i].sums->packets),
			ash_cell_uint(rows[i].sums->records),
			ash_cell_uint(rows[i].value),
		};
		rc = ash_out_row(o, c);
	}
	int e = ash_out_end(o, err);
	ash_out_free(o);
	free(rows);
	return rc ? ash_errno(err, ASH_EIO, "top: write failed") : e;
}

static int run(int argc, char **argv)
{
	ash_qargs q;
	ash_err err = {0};
	int rc;
	if (ash_qargs_open(&ash_cmd_top, argc, argv, 1, 10, &q, &rc))
		goto out;
	ash_top_spec sp = {.zone_of = ash_qargs_zone_of, .zone_ctx = q.c,
			   .zones = q.zones, .nzones = q.nzones};
	if (ash_top_parse(q.pre[0], &sp, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	ash_top *t = ash_top_new(&sp);
	ash_scan_opts so = {.filter = q.filter, .cols = ash_top_columns(&sp),
			    .threads = q.threads};
	ash_scan_ops ops = {t_new, t_batch, t_merge, t_free};
	int e = ash_scan(q.s, &so, &ops, t, NULL, &err);
	if (!e)
		e = print(&q, &sp, t, &err);
	ash_top_free(t);
	rc = e ? ash_cli_fail(&err) : ASH_EXIT_OK;
out:
	ash_qargs_close(&q);
	return rc;
}
