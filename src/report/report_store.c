/* SPDX-License-Identifier: MIT */
/* report_store.c: the numbers the report takes from the store - the
 * traffic series over the period shown (bytes, or records when the
 * sources have no byte counts), the top talkers of the incident window,
 * and the UDP service a reflector answered on.  Scans run in parallel as
 * in `ashiato series` / `ashiato top` (query/scan.h). */
#include "report/report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "query/scan.h"
#include "query/series.h"
#include "query/top.h"

#define DAY (86400 * 1000000LL)
#define SERIES_POINTS 200 /* at most this many buckets in the chart */

static void *s_new(void *ctx) { return ash_series_worker_new(ctx); }
static void s_free(void *st) { ash_series_worker_free(st); }
static int s_batch(void *st, const ash_batch *b, const uint64_t *sel,
		   size_t matched, ash_err *err)
{
	(void)matched;
	return ash_series_worker_add(st, b, sel, err);
}
static void *t_new(void *ctx) { return ash_top_worker_new(ctx); }
static void t_free(void *st) { ash_top_worker_free(st); }
static int t_batch(void *st, const ash_batch *b, const uint64_t *sel,
		   size_t matched, ash_err *err)
{
	(void)matched;
	return ash_top_worker_add(st, b, sel, err);
}
static int no_merge(void *ctx, void *st, ash_err *err)
{
	(void)ctx, (void)st, (void)err; /* the table is shared */
	return ASH_OK;
}

/* A filter of text restricted to [from, to) (INT64_MIN / MAX: open). */
static int make_filter(const char *text, int64_t from, int64_t to,
		       ash_filter **f, ash_err *err)
{
	int rc = ash_filter_compile(text, strlen(text), NULL, f, err);
	if (!rc)
		ash_filter_restrict_time(*f, from, to);
	return rc;
}

/* The bucket width giving at most SERIES_POINTS buckets over span. */
static int64_t pick_step(int64_t span)
{
	static const int64_t m[] = {1, 5, 15, 60, 180, 360, 720, 1440, 10080};
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		if (span / (m[i] * 60000000LL) <= SERIES_POINTS)
			return m[i] * 60000000LL;
	return span / SERIES_POINTS + 1;
}

static int series(rep *r, int64_t from, int64_t to, ash_err *err)
{
	ash_series_spec sp = {.metric = ASH_M_BYTES, .step = pick_step(to - from)};
	from = ash_series_bucket(&sp, from);
	ash_filter *f = NULL;
	ash_series_point *p = NULL;
	size_t n = 0;
	int rc = make_filter("", from, to, &f, err);
	if (rc)
		return rc;
	ash_series *s = ash_series_new(&sp);
	ash_scan_opts so = {.filter = f, .cols = ash_series_columns(&sp) |
			    ash_filter_columns(f), .threads = r->in->threads};
	ash_scan_ops ops = {s_new, s_batch, no_merge, s_free};
	rc = ash_scan(r->in->s, &so, &ops, s, NULL, err);
	if (!rc)
		rc = ash_series_result(s, from, to, &p, &n, err);
	if (!rc && n) {
		uint64_t bytes = 0;
		for (size_t i = 0; i < n; i++)
			bytes += p[i].sums.bytes;
		r->s_bytes = bytes > 0;
		r->st = ash_calloc(n, sizeof *r->st);
		r->sv = ash_calloc(n, sizeof *r->sv);
		for (size_t i = 0; i < n; i++) {
			r->st[i] = p[i].t;
			r->sv[i] = r->s_bytes ? p[i].sums.bytes : p[i].sums.records;
		}
		r->sn = n;
		r->step = sp.step;
	}
	free(p);
	ash_series_free(s);
	ash_filter_free(f);
	return rc;
}

/* the first port of a ranking and its metric (0, 0: none) */
typedef struct port_top {
	int port;
	uint64_t value;
} port_top;

/* key/metric ranked over filter text in the window; the first limit
 * rows into ips/vals (NULL: not wanted), the first port into *port. */
static int top(rep *r, int key, int metric, const char *text, size_t limit,
	       rep_top *rows, size_t *nrows, port_top *port, ash_err *err)
{
	ash_top_spec sp = {.key = key, .metric = metric};
	ash_filter *f = NULL;
	int rc = make_filter(text, r->have_win ? r->win_from : INT64_MIN,
			     r->have_win ? r->win_to : INT64_MAX, &f, err);
	if (rc)
		return rc;
	ash_top *t = ash_top_new(&sp);
	ash_scan_opts so = {.filter = f, .cols = ash_top_columns(&sp) |
			    ash_filter_columns(f), .threads = r->in->threads};
	ash_scan_ops ops = {t_new, t_batch, no_merge, t_free};
	rc = ash_scan(r->in->s, &so, &ops, t, NULL, err);
	ash_top_row *rv = NULL;
	size_t n = rc ? 0 : ash_top_rank(t, limit, &rv);
	if (nrows)
		*nrows = 0;
	for (size_t i = 0; i < n; i++) {
		char buf[2 * ASH_IP_STRLEN + 8];
		uint64_t num = 0;
		int kind = ash_top_key_text(t, rv[i].key, buf, sizeof buf, &num);
		if (port && kind == 2) {
			*port = (port_top){(int)num, rv[i].value};
			break;
		}
		if (rows && kind == 1 && !ash_ip_parse(buf, strlen(buf), &rows[*nrows].ip))
			rows[(*nrows)++].v = rv[i].value;
	}
	free(rv);
	ash_top_free(t);
	ash_filter_free(f);
	return rc;
}

/* The period shown: the whole store when it spans at most 14 days, else
 * three days either side of the window. */
static void period(const rep *r, int64_t *from, int64_t *to)
{
	const ash_store *s = r->in->s;
	*from = INT64_MAX, *to = INT64_MIN;
	for (size_t i = 0; i < ash_store_chunk_count(s); i++) {
		const ash_chunk_meta *m = ash_store_chunk(s, i);
		*from = m->t_min < *from ? m->t_min : *from;
		*to = m->t_max > *to ? m->t_max : *to;
	}
	if (*to != INT64_MIN)
		*to += 1;
	if (r->have_win && *to - *from > 14 * DAY) {
		*from = r->win_from - 3 * DAY > *from ? r->win_from - 3 * DAY : *from;
		*to = r->win_to + 3 * DAY < *to ? r->win_to + 3 * DAY : *to;
	}
}

int rep_store(rep *r, ash_err *err)
{
	int64_t from, to;
	if (!r->in->s || !ash_store_chunk_count(r->in->s))
		return ASH_OK;
	period(r, &from, &to);
	int rc = from < to ? series(r, from, to, err) : ASH_OK;
	if (rc)
		return rc;
	rc = top(r, ASH_TOP_SRC, ASH_M_BYTES, "", REP_TOP, r->top, &r->ntop, NULL, err);
	r->t_bytes = r->ntop && r->top[0].v > 0;
	if (!rc && r->ntop && !r->t_bytes)
		rc = top(r, ASH_TOP_SRC, ASH_M_RECORDS, "", REP_TOP, r->top, &r->ntop,
			 NULL, err);
	return rc;
}

int rep_service_port(rep *r, const ash_ip *host, int *port, bool *tcp,
		     ash_err *err)
{
	char ip[ASH_IP_STRLEN], text[ASH_IP_STRLEN + 80];
	*port = 0;
	*tcp = false;
	if (!r->in->s)
		return ASH_OK;
	ash_ip_format(host, ip);
	/* UDP: the port most requests went to */
	snprintf(text, sizeof text, "dst host %s and proto udp", ip);
	port_top best = {0, 0}, p;
	int rc = top(r, ASH_TOP_DSTPORT, ASH_M_RECORDS, text, 1, NULL, NULL, &best, err);
	*port = best.port;
	/* TCP SYN-ACK reflection: half-open answers from the host's port,
	 * one-way (src) or in flows the peer began (dst) */
	for (int side = 0; !rc && side < 2; side++) {
		snprintf(text, sizeof text, "%s host %s and tcp and flags SA and not flags P "
			 "and not flags F", side ? "dst" : "src", ip);
		p = (port_top){0, 0};
		rc = top(r, side ? ASH_TOP_DSTPORT : ASH_TOP_SRCPORT, ASH_M_RECORDS, text, 1,
			 NULL, NULL, &p, err);
		if (!rc && p.port && p.value > best.value) {
			best = p;
			*port = p.port;
			*tcp = true;
		}
	}
	return rc;
}
