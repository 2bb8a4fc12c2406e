/* SPDX-License-Identifier: MIT */
/* fwline_fixture.h: a line parser with its options for one test (used by
 * test_asa.c, test_panos.c, test_filterlog.c), and small checks. */
#ifndef ASH_FWLINE_FIXTURE_H
#define ASH_FWLINE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tztime.h"
#include "harness.h"
#include "ingest/parser.h"

typedef struct fwfx {
	const ash_parser *p;
	ash_tz *tz;
	ash_parse_opts o;
	void *st;
	ash_rec r;
	const char *why;
} fwfx;

static inline void fw_open(fwfx *f, const ash_parser *p, const char *zone, int year)
{
	memset(f, 0, sizeof *f);
	f->p = p;
	if (ash_tz_open(zone, &f->tz, NULL) != 0)
		ash_tz_open("UTC", &f->tz, NULL);
	f->o.tz = f->tz;
	f->o.year = year;
	f->o.ref_time_us = 1795539731LL * 1000000; /* 2026-11-25 */
	f->st = p->open(&f->o);
}

static inline void fw_close(fwfx *f)
{
	f->p->close(f->st);
	ash_tz_free(f->tz);
}

static inline int fw_line(fwfx *f, const char *s)
{
	f->why = NULL;
	int rc = f->p->line(f->st, s, strlen(s), &f->r, &f->why);
	if (rc == ASH_LINE_REJECT && (!f->why || !f->why[0]))
		ash_test_fail(__FILE__, __LINE__, "reject without a reason");
	return rc;
}

static inline bool fw_str(ash_str s, const char *want)
{
	return s.n == strlen(want) && !memcmp(s.p, want, s.n);
}

static inline bool fw_ip(const ash_ip *ip, const char *want)
{
	char buf[ASH_IP_STRLEN];
	ash_ip_format(ip, buf);
	return !strcmp(buf, want);
}

/* UTC instant of a civil time, microseconds */
static inline int64_t fw_utc(int y, int mo, int d, int h, int mi, int s)
{
	ash_civil c = {y, mo, d, h, mi, s, 0};
	return ash_civil_to_epoch(&c) * 1000000;
}

/* Count records, rejects and meta lines of a whole file; rejects whose
 * reason does not start with one of the explained prefixes are counted
 * in *unexplained. Returns -1 when the file cannot be read. */
static inline int fw_file(fwfx *f, const char *path, int *rec, int *rej,
			  int *meta, const char *const *explained, int *unexplained)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		return -1;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	*rec = *rej = *meta = *unexplained = 0;
	while ((len = getline(&line, &cap, fp)) > 0) {
		int rc = f->p->line(f->st, line, (size_t)len, &f->r, &f->why);
		if (rc == ASH_LINE_RECORD) {
			(*rec)++;
		} else if (rc == ASH_LINE_META) {
			(*meta)++;
		} else {
			(*rej)++;
			bool ok = false;
			for (int k = 0; explained && explained[k]; k++)
				ok |= !strncmp(f->why, explained[k], strlen(explained[k]));
			*unexplained += !ok;
		}
	}
	free(line);
	fclose(fp);
	return 0;
}

#endif
