/* SPDX-License-Identifier: MIT */
/* progress.h: a progress bar on standard error (bytes, rate, ETA), drawn
 * only when standard error is a terminal; silent otherwise. */
#ifndef ASH_PROGRESS_H
#define ASH_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct ash_progress {
	bool on;
	bool counts;   /* done/total are items, not bytes */
	const char *label;
	double start, last;
} ash_progress;

void ash_progress_start(ash_progress *p, const char *label);
/* Callback shape of ash_ingest_opts.progress. */
void ash_progress_update(void *p, uint64_t done, uint64_t total,
			 uint64_t records);
void ash_progress_end(ash_progress *p);
/* "812.3 MB" style, into buf (16 bytes). */
const char *ash_human_bytes(double v, char buf[16]);
/* "1.2 M" style counts, into buf (16 bytes). */
const char *ash_human_count(double v, char buf[16]);

#endif
