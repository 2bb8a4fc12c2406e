/* SPDX-License-Identifier: MIT */
/* detect_spike.c: traffic_spike - windows where records, bytes, packets,
 * allowed connections or denies rose far above their own baseline, and
 * who accounts for the rise.
 *
 * Baseline of a bucket: the same time of day (+-1 h) on the other days
 * when the window spans 3 days or more, else every bucket; robust level
 * and spread: median and MAD (scaled to a sigma, floored by the Poisson
 * spread sqrt(median)).  A bucket spikes when it is 8 sigmas above its
 * baseline and 3x both its baseline and the median of all busy buckets.
 * Neighbouring spiked buckets (gap of at most one) form one window. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/tztime.h"
#include "core/xalloc.h"
#include "detect/detect.h"
#include "detect/tally.h"

enum { M_RECORDS, M_BYTES, M_PACKETS, M_ALLOWS, M_DENIES, M_N };
static const char *const mname[M_N] = {"records", "bytes", "packets",
				       "allowed connections", "denies"};
#define DAY_US 86400000000LL
#define MAX_WINDOWS 5

static uint64_t val(const ash_survey_bucket *b, int m)
{
	switch (m) {
	case M_RECORDS: return b->records;
	case M_BYTES: return b->bytes;
	case M_PACKETS: return b->packets;
	case M_ALLOWS: return b->allows;
	default: return b->denies;
	}
}

typedef struct level {
	double med, sigma;
} level;

/* baseline of bucket i for metric m; tmp holds nb doubles */
static level baseline(const ash_survey *sv, size_t i, int m, bool daily,
		      double *tmp)
{
	size_t n = 0;
	int64_t per = DAY_US / sv->step, win = 3600000000LL / sv->step;
	for (size_t j = 0; j < sv->nb; j++) {
		if (daily) {
			int64_t diff = (int64_t)j - (int64_t)i;
			int64_t r = ((diff % per) + per) % per;
			int64_t dd = r < per - r ? r : per - r;
			if (dd > win || llabs(diff) <= win)
				continue; /* other time of day, or the same day */
		}
		tmp[n++] = (double)val(&sv->b[j], m);
	}
	level l = {0, 1};
	if (!n)
		return l;
	l.med = ash_median(tmp, n);
	double mad = ash_mad(tmp, n, l.med) * 1.4826;
	l.sigma = fmax(fmax(mad, sqrt(l.med)), 1.0);
	return l;
}

static double busy_median(const ash_survey *sv, int m, double *tmp)
{
	size_t n = 0;
	for (size_t j = 0; j < sv->nb; j++)
		if (sv->b[j].records)
			tmp[n++] = (double)val(&sv->b[j], m);
	return ash_median(tmp, n);
}

typedef struct win {
	size_t a, b;        /* buckets [a, b] */
	double factor[M_N]; /* observed / baseline over the window */
	unsigned metrics;   /* bit per metric that spiked */
	double score;
} win;

static bool metric_known(const ash_survey *sv, int m)
{
	if (m == M_BYTES)
		return sv->with_bytes > 0;
	if (m == M_PACKETS)
		return sv->with_pkts > 0;
	return true;
}

/* spiked[i] = bit per metric */
static unsigned *mark(const ash_survey *sv, double **base, double *busym)
{
	double *tmp = ash_malloc((sv->nb + 1) * sizeof *tmp);
	unsigned *sp = ash_calloc(sv->nb + 1, sizeof *sp);
	bool daily = sv->step <= 3600000000LL &&
		     (int64_t)sv->nb * sv->step >= 3 * DAY_US;
	for (int m = 0; m < M_N; m++) {
		if (!metric_known(sv, m))
			continue;
		double busy = busy_median(sv, m, tmp);
		busym[m] = busy;
		for (size_t i = 0; i < sv->nb; i++) {
			level l = baseline(sv, i, m, daily, tmp);
			double x = (double)val(&sv->b[i], m);
			base[m][i] = l.med;
			if (x >= l.med + 8 * l.sigma && x >= 3 * l.med &&
			    x >= 3 * busy && x > 0)
				sp[i] |= 1u << m;
		}
	}
	free(tmp);
	return sp;
}

static size_t windows(const ash_survey *sv, const unsigned *sp, double **base,
		      const double *busy, win *w)
{
	size_t n = 0;
	for (size_t i = 0; i < sv->nb; i++) {
		if (!sp[i])
			continue;
		if (n && i <= w[n - 1].b + 2) {
			w[n - 1].b = i;
			w[n - 1].metrics |= sp[i];
			continue;
		}
		w[n++] = (win){.a = i, .b = i, .metrics = sp[i]};
	}
	for (size_t k = 0; k < n; k++) {
		double best = 1, excess = 1;
		for (int m = 0; m < M_N; m++) {
			double o = 0, e = 0;
			for (size_t i = w[k].a; i <= w[k].b; i++) {
				o += (double)val(&sv->b[i], m);
				e += base[m][i];
			}
			w[k].factor[m] = o / fmax(e, 1);
			if (!(w[k].metrics & (1u << m)))
				continue;
			best = fmax(best, w[k].factor[m]);
			excess = fmax(excess, (o - e) / fmax(busy[m], 1));
		}
		/* how far above the baseline, and how much extra traffic in
		 * units of a typical busy bucket */
		w[k].score = fmin(1.0, 0.3 + 0.15 * log10(best) +
				       0.1 * log10(fmax(excess, 1)));
	}
	return n;
}

static int cmp_score(const void *a, const void *b)
{
	const win *x = a, *y = b;
	return x->score < y->score ? 1 : x->score > y->score ? -1 : 0;
}

/* top contributors (by records, or bytes when the spike is in bytes) */
static int contributors(const ash_detect_ctx *x, ash_finding *f, const win *w,
			char *buf, size_t cap, ash_err *err)
{
	ash_htab *h;
	int rc = ash_tally(x, f->filter, ASH_T_SRC, 0, &h, err);
	if (rc)
		return rc;
	bool bytes = (w->metrics & (1u << M_BYTES)) && !(w->metrics & 1u);
	ash_ip top[3];
	uint64_t tv[3] = {0, 0, 0}, total = 0;
	size_t pos = 0;
	const void *k;
	void *v;
	while (ash_htab_next(h, &pos, &k, &v)) {
		const ash_tval *t = v;
		uint64_t u = bytes ? t->obytes + t->rbytes : t->records;
		total += u;
		for (int j = 0; j < 3; j++)
			if (u > tv[j] || (u == tv[j] && u && ash_ip_cmp(&((const ash_tkey *)k)->a, &top[j]) < 0)) {
				memmove(&tv[j + 1], &tv[j], (size_t)(2 - j) * sizeof *tv);
				memmove(&top[j + 1], &top[j], (size_t)(2 - j) * sizeof *top);
				tv[j] = u;
				top[j] = ((const ash_tkey *)k)->a;
				break;
			}
	}
	size_t len = 0;
	buf[0] = '\0';
	for (int j = 0; j < 3 && tv[j] && len < cap; j++) {
		char ip[ASH_IP_STRLEN];
		bool own = ash_detect_net(x, &top[j]) >= 0;
		len += (size_t)snprintf(buf + len, cap - len, "%s%s%s %.0f%%",
					j ? ", " : "", ash_detect_ip(&top[j], ip),
					own ? " (own)" : "",
					100.0 * (double)tv[j] / (double)(total ? total : 1));
		if (own && (double)tv[j] >= 0.2 * (double)total)
			ash_finding_host(f, &top[j]);
	}
	ash_htab_free(h);
	return ASH_OK;
}

static int report(const ash_detect_ctx *x, const win *w, ash_findings *out,
		  ash_err *err)
{
	const ash_survey *sv = &x->sv;
	int64_t t0 = sv->b0 + (int64_t)w->a * sv->step;
	int64_t t1 = sv->b0 + (int64_t)(w->b + 1) * sv->step;
	char tr[2 * ASH_TIME_STRLEN + 8], what[256] = "", who[512];
	ash_detect_time_range(t0, t1, tr, sizeof tr);
	ash_finding *f = ash_findings_add(out, "traffic_spike");
	f->verdict = ASH_V_SUSPICIOUS;
	f->start = t0;
	f->end = t1;
	f->score = w->score;
	f->site = x->c->nsites ? ash_strdup(x->c->sites[0].name) : NULL;
	f->filter = ash_detect_filter(x, "%s", tr);
	size_t len = 0;
	for (int m = 0; m < M_N; m++)
		if (w->metrics & (1u << m))
			len += (size_t)snprintf(what + len, sizeof what - len,
						"%s%s x%.1f", len ? ", " : "",
						mname[m], w->factor[m]);
	int rc = contributors(x, f, w, who, sizeof who, err);
	if (rc)
		return rc;
	char la[ASH_TIME_STRLEN], du[16], st[16];
	ash_detect_local(x, f->site, t0, la);
	f->summary = ash_fmt_alloc("traffic rose far above its baseline from %s "
				   "(site time) for %s: %s", la,
				   ash_detect_dur(t1 - t0, du), what);
	f->why = ash_fmt_alloc("each %s bucket in the window is more than 8 "
			       "robust deviations (median/MAD of %s) above its "
			       "baseline and at least 3x the median busy bucket; "
			       "largest sources in the window: %s. Suspicious until "
			       "explained: a spike alone says nothing of intent.",
			       ash_detect_dur(sv->step, st),
			       (int64_t)sv->nb * sv->step >= 3 * DAY_US &&
				       sv->step <= 3600000000LL
				       ? "the same time of day on the other days"
				       : "all buckets",
			       who[0] ? who : "none");
	return ASH_OK;
}

int ash_detect_spike(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_spike(const ash_detect_ctx *x, ash_findings *out, ash_err *err)
{
	const ash_survey *sv = &x->sv;
	if (sv->nb < 8) {
		ash_findings_note(out, "traffic_spike: fewer than 8 time buckets "
				  "of data: no baseline to compare with");
		return ASH_OK;
	}
	double *base[M_N];
	for (int m = 0; m < M_N; m++)
		base[m] = ash_calloc(sv->nb, sizeof **base);
	double busy[M_N] = {0};
	unsigned *sp = mark(sv, base, busy);
	win *w = ash_calloc(sv->nb + 1, sizeof *w);
	size_t n = windows(sv, sp, base, busy, w);
	qsort(w, n, sizeof *w, cmp_score);
	int rc = ASH_OK;
	for (size_t k = 0; k < n && k < MAX_WINDOWS && !rc; k++)
		rc = report(x, &w[k], out, err);
	for (int m = 0; m < M_N; m++)
		free(base[m]);
	free(sp);
	free(w);
	return rc;
}
