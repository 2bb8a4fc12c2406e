/* SPDX-License-Identifier: MIT */
/* detect.h: what every detector shares - the triage context (store, case,
 * window, the survey of what the data holds), the detector table, and
 * helpers: scanning the store with a filter, telling the site's own
 * addresses from the outside world per batch, building evidence filters.
 *
 * A detector reads the store (one or more parallel scans), appends
 * findings with a filter for their evidence and explains itself in
 * `why`; triage.c fills the evidence numbers by running those filters, so
 * they reproduce with `ashiato query` by construction.  Detectors never
 * print; a detector lacking data says so once through ash_findings_note. */
#ifndef ASH_DETECT_H
#define ASH_DETECT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "case/case.h"
#include "core/tztime.h"
#include "detect/finding.h"
#include "query/filter.h"
#include "query/scan.h"
#include "store/store.h"

/* Indicator list for ioc_match (detect_ioc.c). */
typedef struct ash_ioc {
	ash_cidr *v;
	char **label;   /* second CSV field or NULL */
	size_t n;
	uint64_t rejected; /* lines that held no address */
} ash_ioc;

/* Read an indicator list (detect_ioc.c for the format); ash_ioc_free. */
int ash_ioc_load(const char *path, ash_ioc *o, ash_err *err);
/* The same from an open stream (name for messages). */
int ash_ioc_read(FILE *f, const char *name, ash_ioc *o, ash_err *err);
void ash_ioc_free(ash_ioc *o);

/* Survey: one pass over the window before the detectors (triage.c). */
typedef struct ash_survey_bucket {
	uint64_t records, bytes, packets, denies, allows;
} ash_survey_bucket;

typedef struct ash_survey {
	uint64_t records, with_bytes, with_pkts, with_flow_flags;
	uint64_t own_src, own_dst, transit; /* records by side of the site */
	int64_t t_min, t_max;    /* first and last start time seen */
	int64_t step;            /* bucket width, us */
	int64_t b0;              /* start of bucket 0 */
	size_t nb;
	ash_survey_bucket *b;    /* nb buckets */
} ash_survey;

typedef struct ash_detect_ctx {
	const ash_store *s;
	const ash_case *c;
	ash_filter_env env;      /* zones of case.yaml */
	const char **zones;      /* owned */
	size_t nzones;
	int64_t from, to;        /* window asked: INT64_MIN / INT64_MAX open */
	int threads;             /* 0 = online CPUs */
	const ash_ioc *ioc;      /* NULL: no indicator list */
	ash_survey sv;
	/* the case's networks as 128-bit masks, most specific first */
	uint64_t (*netmask)[4];  /* owned: {value hi, lo, mask hi, lo} */
} ash_detect_ctx;

typedef int (*ash_detector_fn)(const ash_detect_ctx *x, ash_findings *out,
			       ash_err *err);
typedef struct ash_detector {
	const char *name;
	ash_detector_fn run;
} ash_detector;
extern const ash_detector ash_detectors[]; /* ends with name == NULL */

/* --- helpers (detect.c) --- */

/* Set up x for store s and case c (zones, window); ash_detect_fini frees. */
void ash_detect_init(ash_detect_ctx *x, const ash_store *s, const ash_case *c,
		     int64_t from, int64_t to);
void ash_detect_fini(ash_detect_ctx *x);

/* Parallel scan of the window with an optional filter text (NULL = all). */
int ash_detect_scan(const ash_detect_ctx *x, const char *filter, unsigned cols,
		    const ash_scan_ops *ops, void *ctx, ash_err *err);

/* Network (index into c->nets) holding ip, or -1: the site's own side. */
int ash_detect_net(const ash_detect_ctx *x, const ash_ip *ip);
/* Per address of the batch: net index or -1 into map (b->naddrs). */
void ash_detect_own_map(const ash_detect_ctx *x, const ash_batch *b,
			int32_t *map);
/* Site name of an own address (NULL when not own). */
const char *ash_detect_site_of(const ash_detect_ctx *x, const ash_ip *ip);
/* Zone name of an own address (NULL when not own). */
const char *ash_detect_zone_of(const ash_detect_ctx *x, const ash_ip *ip);

/* The first expected job of case.yaml matching (src, dst, proto, dport),
 * or NULL. */
const ash_expected *ash_detect_expected(const ash_case *c, const ash_ip *src,
					const ash_ip *dst, int proto, int dport);

/* Evidence filter text: printf-style, then ANDed with the asked window
 * when one was given.  Owned by the caller. */
char *ash_detect_filter(const ash_detect_ctx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "time A..B" for [a, b) in UTC seconds (a rounded down, b up). */
void ash_detect_time_range(int64_t a, int64_t b, char *buf, size_t cap);
/* Address text into buf (ASH_IP_STRLEN). */
const char *ash_detect_ip(const ash_ip *ip, char *buf);
/* Time text (UTC, seconds) into buf (ASH_TIME_STRLEN). */
const char *ash_detect_time(int64_t us, char *buf);
/* Human numbers: "1.2 GB", "48.9 M" into buf (16 bytes). */
const char *ash_detect_human(uint64_t v, bool bytes, char *buf);
/* The site's local time of us as "2026-11-25 01:10 +08:00" into buf
 * (ASH_TIME_STRLEN), for the site of ip (first site when NULL). */
const char *ash_detect_local(const ash_detect_ctx *x, const char *site,
			     int64_t us, char *buf);

/* A duration as "41 s", "12 min" or "3.2 h" into buf (16 bytes). */
const char *ash_detect_dur(int64_t us, char *buf);

/* Robust statistics over v[0..n) (v is reordered). */
double ash_median(double *v, size_t n);
/* Median absolute deviation around med (v reordered). */
double ash_mad(double *v, size_t n, double med);

/* Whether records of format f carry both directions of one connection
 * (Zeek, pcap meter, firewall session logs) rather than one direction
 * (NetFlow, IPFIX, nfcapd) or one packet (iptables, filterlog). */
bool ash_format_bidir(int f);

#endif
