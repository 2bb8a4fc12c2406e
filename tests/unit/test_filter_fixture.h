/* SPDX-License-Identifier: MIT */
/* test_filter_fixture.h: hand-built chunks (ash_batch) for the query tests:
 * thirty known records (IPv4/IPv6, tcp/udp/icmp/..., unknown counts,
 * actions, zones, strings, notes, sampled flows) in two batches of two
 * sites, and a zone map.
 * The records are listed, with what each one is, in test_filter_fixture.c. */
#ifndef ASH_TEST_FILTER_FIXTURE_H
#define ASH_TEST_FILTER_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "store/record.h"

/* One record in readable form; -1 / NULL = unknown. */
typedef struct fx_row {
	const char *t;          /* ISO start time */
	int64_t dur_us;         /* -1: no end time */
	const char *src;
	int sport;
	const char *dst;
	int dport;              /* ICMP: type << 8 | code */
	int proto;
	int64_t ob, rb, op, rp;
	int flags;
	int action;
	const char *in, *out, *rule, *dev;
	int format;
} fx_row;

/* A batch and the arrays it points into (all owned). */
typedef struct fx_batch {
	ash_batch b;
	void *mem[32];
	size_t nmem;
} fx_batch;

#define FX_N 30
#define FX_SPLIT 20 /* rows 0..19: site sg-hub, 20..29: site jp-branch */
extern const fx_row fx_rows[FX_N];

/* The note and the sampling interval (0: unsampled) of fx_rows[i]. */
typedef struct fx_extra {
	const char *note;
	uint32_t sampling;
} fx_extra;
extern const fx_extra fx_extras[FX_N];

/* Build a batch of rows[0..n) for site (dictionary-coded addresses and
 * strings, with an unused first address entry). */
void fx_build(fx_batch *fb, const fx_row *rows, size_t n, const char *site,
	      uint32_t chunk);
void fx_free(fx_batch *fb);

/* Zones of the test case: 203.0.113.0/24 dmz, 10.20.0.0/16 lan,
 * 10.20.5.0/24 mgmt (more specific), 2001:db8:1::/48 lan. */
const char *fx_zone_of(const void *ctx, const ash_ip *ip);
extern const char *const fx_zones[3];
extern const char *const fx_sites[2];

/* The record of row r as a parser would hand it to the store (strings
 * borrowed from the table). */
void fx_rec(const fx_row *r, uint64_t line, ash_rec *out);

/* Microseconds of an ISO time (aborts the test run on a bad literal). */
int64_t fx_time(const char *iso);

#endif
