/* SPDX-License-Identifier: MIT */
/* cmd_series.c: `ashiato series CASE METRIC --step D [FILTER]`: a metric
 * per time bucket, zero-filled, so a spike stands out.  Parallel scan,
 * each thread with a worker adding into one shared table (query/series.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/qargs.h"
#include "query/output.h"
#include "query/scan.h"
#include "query/series.h"

static const ash_opt opts[] = {
	ASH_QARGS_OPTS,
	{"step", "D", false, "bucket width: 1m, 15m, 1h, 1d ... (default 1h)"},
	{"threads", "N", false, "worker threads (default: online CPUs, at most 8)"},
	{0},
};

static int run(int argc, char **argv);

const ash_cmd ash_cmd_series = {
	.name = "series",
	.synopsis = "CASE METRIC [FILTER...] [--step D] [--from TIME] [--to TIME] "
		    "[--format table|csv|json] [--tz utc|site|ZONE]",
	.summary = "a metric per time bucket (records, bytes, packets, srcs, ...)",
	.details =
		"METRIC: records, bytes, obytes, rbytes, packets, opackets, rpackets,\n"
		"srcs (distinct sources per bucket), dsts.  A record counts in the bucket\n"
		"of its start time.  Buckets are aligned to the step in UTC (from\n"
		"1970-01-01T00:00Z), also when --tz shows another zone: with a zone whose\n"
		"offset is not whole hours, hourly buckets start at :30 or :45 local time.\n"
		"Every bucket from the first to the last record (or --from/--to) is shown,\n"
		"empty ones as 0.  On a terminal the table adds a bar per bucket.\n"
		"FILTER as for 'ashiato query'.",
	.opts = opts,
	.examples =
		"  ashiato series case1 bytes --step 1h\n"
		"  ashiato series case1 records --step 1m 'dst port 53' --from 2026-11-24T17:00Z --to 2026-11-24T19:00Z\n"
		"  ashiato series case1 dsts --step 15m 'src host 203.0.113.10' --format json\n",
	.run = run,
};

/* one worker per scan thread, all adding into the same ash_series */
static void *s_new(void *ctx)
{
	return ash_series_worker_new(ctx);
}

static int s_batch(void *st, const ash_batch *b, const uint64_t *sel,
		   size_t matched, ash_err *err)
{
	(void)matched;
	return ash_series_worker_add(st, b, sel, err);
}

static int s_merge(void *ctx, void *st, ash_err *err)
{
	(void)ctx, (void)st, (void)err; /* the table is shared */
	return ASH_OK;
}

static void s_free(void *st)
{
	ash_series_worker_free(st);
}

/* A bar of width w * v / max in eighth blocks. */
static void bar(uint64_t v, uint64_t max, char *buf, size_t cap)
{
	static const char *const part[] = {"", "\u258f", "\u258e", "\u258d",
		"\u258c", "\u258b", "\u258a", "\u2589"};
	const size_t w = 40;
	size_t eighths = max ? (size_t)((long double)v * (w * 8) / max) : 0, o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < eighths / 8 && o + 4 < cap; i++)
		o += (size_t)snprintf(buf + o, cap - o, "\u2588");
	if (o + 4 < cap)
		snprintf(buf + o, cap - o, "%s", part[eighths % 8]);
}

static int print(ash_qargs *q, const ash_series_spec *sp,
		 const ash_series_point *p, size_t n, ash_err *err)
{
	bool bars = q->fmt == ASH_OUT_TABLE && isatty(STDOUT_FILENO);
	ash_outcol cols[3] = {{"time", false}, {ash_metric_name(sp->metric), true},
			   {"", false}};
	uint64_t max = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t v = ash_metric_value(sp->metric, &p[i].sums);
		max = v > max ? v : max;
	}
	ash_out *o = ash_out_new(stdout, q->fmt, cols, bars ? 3 : 2);
	int rc = ASH_OK;
	for (size_t i = 0; i < n && !rc; i++) {
		char t[ASH_TIME_STRLEN], b[200];
		uint64_t v = ash_metric_value(sp->metric, &p[i].sums);
		ash_qargs_time(p[i].t, q->tz, t);
		bar(v, max, b, sizeof b);
		ash_cell c[3] = {ash_cell_cstr(t), ash_cell_uint(v), ash_cell_cstr(b)};
		rc = ash_out_row(o, c);
	}
	int e = ash_out_end(o, err);
	ash_out_free(o);
	return rc ? ash_errno(err, ASH_EIO, "series: write failed") : e;
}

static int parse_step(const ash_qargs *q, int64_t *step)
{
	const char *v = ash_arg(&q->a, "step");
	*step = 3600 * 1000000LL;
	if (v && (ash_duration_parse(v, strlen(v), step) != 0 || *step <= 0)) {
		ash_cli_error("series: --step: expected a duration above zero like "
			      "1m, 15m, 1h or 1d, got '%s'", v);
		return ASH_EXIT_USAGE;
	}
	return ASH_EXIT_OK;
}

static int run(int argc, char **argv)
{
	ash_qargs q;
	ash_err err = {0};
	int rc;
	if (ash_qargs_open(&ash_cmd_series, argc, argv, 1, 0, &q, &rc))
		goto out;
	ash_series_spec sp = {0};
	if ((rc = parse_step(&q, &sp.step)))
		goto out;
	if (ash_metric_parse(q.pre[0], strlen(q.pre[0]), &sp.metric, &err)) {
		ash_err_prefix(&err, "series");
		rc = ash_cli_fail(&err);
		goto out;
	}
	ash_series *s = ash_series_new(&sp);
	ash_scan_opts so = {.filter = q.filter, .cols = ash_series_columns(&sp),
			    .threads = q.threads};
	ash_scan_ops ops = {s_new, s_batch, s_merge, s_free};
	ash_series_point *p = NULL;
	size_t n = 0;
	int e = ash_scan(q.s, &so, &ops, s, NULL, &err);
	if (!e)
		e = ash_series_result(s, q.from, q.to, &p, &n, &err);
	if (!e)
		e = print(&q, &sp, p, n, &err);
	free(p);
	ash_series_free(s);
	rc = e ? ash_cli_fail(&err) : ASH_EXIT_OK;
out:
	ash_qargs_close(&q);
	return rc;
}
