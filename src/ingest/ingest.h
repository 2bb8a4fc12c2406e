/* SPDX-License-Identifier: MIT */
/* ingest.h: one evidence file into the store: keep the original, pick the
 * format, parse every line, account for every record (stored or rejected
 * with a reason), commit atomically.  Never prints: progress goes to a
 * callback, the accounting to ash_ingest_result. */
#ifndef ASH_INGEST_H
#define ASH_INGEST_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "core/tztime.h"
#include "ingest/parser.h"
#include "store/store.h"

typedef struct ash_ingest_opts {
	const char *format;  /* "auto" (default when NULL) or a parser name */
	const char *site;    /* site name recorded with the evidence */
	ash_tz *tz;          /* zone for timestamps without offset */
	int year;            /* year for yearless syslog stamps (0: infer) */
	const char *csv_map; /* column mapping of the csv format, or NULL */
	/* called as work goes on: bytes done / total, records stored */
	void (*progress)(void *ctx, uint64_t done, uint64_t total,
			 uint64_t records);
	/* called when a phase starts: "keep" (hash and copy the original
	 * to evidence/) then "parse" */
	void (*phase)(void *ctx, const char *name);
	void *progress_ctx;
} ash_ingest_opts;

typedef struct ash_ingest_result {
	char sha_hex[65];
	char name[256];       /* basename of the input, "stdin" for "-" */
	const char *format;   /* parser name used */
	int sniff_score;      /* 0 when --format was given */
	bool duplicate;       /* content already in the store: nothing done */
	uint64_t size;        /* bytes of the evidence file */
	uint64_t lines;       /* lines read */
	uint64_t meta;        /* header/comment/blank lines */
	uint64_t records;     /* records read = stored + rejected */
	uint64_t stored, rejected;
	ash_units units;      /* binary formats: their units' accounting */
	char rejects_path[4096];
	double seconds;
} ash_ingest_result;

/* Ingest path ("-" = standard input) into s, keeping the original in
 * evdir.  On error nothing is added to the store. */
int ash_ingest_file(ash_store *s, const char *evdir, const char *path,
		    const ash_ingest_opts *o, ash_ingest_result *res,
		    ash_err *err);

#endif
