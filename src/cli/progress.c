/* SPDX-License-Identifier: MIT */
/* progress.c: the progress bar (see progress.h). */
#include "cli/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *ash_human_bytes(double v, char buf[16])
{
	static const char *u[] = {"B", "kB", "MB", "GB", "TB"};
	int i = 0;
	while (v >= 1000 && i < 4)
		v /= 1000, i++;
	snprintf(buf, 16, i ? "%.1f %s" : "%.0f %s", v, u[i]);
	return buf;
}

const char *ash_human_count(double v, char buf[16])
{
	static const char *u[] = {"", " k", " M", " G"};
	int i = 0;
	while (v >= 1000 && i < 3)
		v /= 1000, i++;
	snprintf(buf, 16, i ? "%.1f%s" : "%.0f%s", v, u[i]);
	return buf;
}

void ash_progress_start(ash_progress *p, const char *label)
{
	p->on = isatty(2);
	p->counts = false;
	p->label = label;
	p->start = p->last = now_s();
}

void ash_progress_update(void *ctx, uint64_t done, uint64_t total,
			 uint64_t records)
{
	ash_progress *p = ctx;
	double t = now_s();
	if (!p->on || t - p->last < 0.2)
		return;
	p->last = t;
	double el = t - p->start, rate = el > 0 ? (double)done / el : 0;
	double frac = total ? (double)done / (double)total : 0;
	if (frac > 1)
		frac = 1;
	char bar[21], a[16], b[16], r[16], c[16];
	int fill = (int)(frac * 20);
	for (int i = 0; i < 20; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[20] = '\0';
	double eta = rate > 0 && total > done ? (double)(total - done) / rate : 0;
	const char *(*fmt)(double, char *) = p->counts ? ash_human_count : ash_human_bytes;
	fprintf(stderr, "\r\033[K%.40s [%s] %3.0f%% %s/%s %s/s ETA %.0fs", p->label, bar,
		frac * 100, fmt((double)done, a), fmt((double)total, b), fmt(rate, r), eta);
	if (!p->counts)
		fprintf(stderr, " %s records", ash_human_count((double)records, c));
	fflush(stderr);
}

void ash_progress_end(ash_progress *p)
{
	if (p->on && p->last > p->start) {
		fprintf(stderr, "\r\033[K");
		fflush(stderr);
	}
}
