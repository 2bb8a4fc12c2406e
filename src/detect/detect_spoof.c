/* SPDX-License-Identifier: MIT */
/* detect_spoof.c: the second half of dos_source - a flood leaving the
 * site from spoofed sources (neither address is the site's own: a host
 * inside forges its source address, which egress filtering should stop).
 *
 * Transit records (no own address on either side) are tallied per
 * destination; a destination receives a spoofed flood when the transit
 * traffic to it is one-way (nothing back, or a source that cannot show
 * replies), at least 1000 packets (records), from 10 or more distinct
 * sources, at one record a second or more and at least 1% of the rate of
 * the site's own outgoing records.
 * When most records of the store are transit, the declared networks do
 * not describe where the data was captured (a capture at someone else's
 * network): then nothing is reported, once, with that reason.  The own
 * host doing it is unknown from these records: `hosts` is empty and the
 * summary names the interfaces the packets came in on when the records
 * have them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "detect/detect.h"
#include "detect/tally.h"

#define MIN_SOURCES 10
#define MAX_VICTIMS 8

static bool one_way(const ash_tval *v)
{
	return !v->counted || v->rpkts * 10 < v->opkts;
}

typedef struct victim {
	ash_ip ip;
	ash_tval v;
} victim;

static int cmp_victim(const void *a, const void *b)
{
	uint64_t x = ash_tval_units(&((const victim *)a)->v), y = ash_tval_units(&((const victim *)b)->v);
	return x < y ? 1 : x > y ? -1 : ash_ip_cmp(&((const victim *)a)->ip, &((const victim *)b)->ip);
}

static size_t victims(ash_htab *h, victim *out)
{
	size_t n = 0, pos = 0, cap = ash_htab_count(h);
	victim *all = ash_calloc(cap + 1, sizeof *all);
	const void *kp;
	void *vp;
	while (ash_htab_next(h, &pos, &kp, &vp))
		if (one_way(vp) && ash_tval_units(vp) >= 1000)
			all[n++] = (victim){((const ash_tkey *)kp)->b, *(const ash_tval *)vp};
	if (n)
		qsort(all, n, sizeof *all, cmp_victim);
	n = n < MAX_VICTIMS ? n : MAX_VICTIMS;
	memcpy(out, all, n * sizeof *out);
	free(all);
	return n;
}

/* distinct transit sources per victim */
static int sources(const ash_detect_ctx *x, const victim *v, size_t n,
		   uint64_t *count, ash_err *err)
{
	ash_htab *set = ash_htab_new(sizeof(ash_ip), 1, 0), *h = NULL;
	for (size_t i = 0; i < n; i++)
		ash_htab_get(set, &v[i].ip, NULL);
	ash_tally_opts o = {.flags = ASH_T_SRC | ASH_T_DST | ASH_T_OUT_SRC | ASH_T_OUT_DST,
			    .dst_in = set};
	int rc = ash_tally_run(x, &o, &h, err);
	size_t pos = 0;
	const void *kp;
	while (!rc && ash_htab_next(h, &pos, &kp, NULL))
		for (size_t i = 0; i < n; i++)
			if (ash_ip_eq(&v[i].ip, &((const ash_tkey *)kp)->b))
				count[i]++;
	ash_htab_free(h);
	ash_htab_free(set);
	return rc;
}

static void report(const ash_detect_ctx *x, const victim *v, uint64_t nsrc,
		   double rate, ash_findings *out)
{
	char d[ASH_IP_STRLEN], nu[16], du[16];
	ash_detect_ip(&v->ip, d);
	ash_finding *f = ash_findings_add(out, "dos_source");
	f->verdict = ASH_V_MALICIOUS;
	f->score = 0.8;
	f->site = x->c->nsites ? ash_strdup(x->c->sites[0].name) : NULL;
	ash_finding_peer(f, &v->ip);
	f->start = v->v.first;
	f->end = v->v.last;
	char own[4096];
	size_t len = 0;
	own[0] = '\0';
	for (size_t i = 0; i < x->c->nnets && len < sizeof own - 64; i++) {
		char c[ASH_IP_STRLEN + 4];
		ash_cidr_format(&x->c->nets[i].cidr, c);
		len += (size_t)snprintf(own + len, sizeof own - len, "%ssrc net %s",
					i ? " or " : "", c);
	}
	f->filter = ash_detect_filter(x, "dst host %s and not (%s)", d, own[0] ? own : "none");
	const char *unit = v->v.counted ? "packets" : "records";
	f->summary = ash_fmt_alloc("%s received %s %s from %llu sources outside the "
				   "site's networks, seen leaving the site over %s: "
				   "spoofed source addresses", d,
				   ash_detect_human(ash_tval_units(&v->v), false, nu), unit,
				   (unsigned long long)nsrc,
				   ash_detect_dur(v->v.last - v->v.first, du));
	f->why = ash_fmt_alloc("none of these records has an own address, yet the site's "
			       "sensor or firewall saw them: forged sources leaving the "
			       "site (egress filtering missing); one-way, %.0f %s/s; the "
			       "own host sending them is not in these records (look at "
			       "the ingress interface or the switch): malicious",
			       rate, unit);
}

int ash_detect_spoof(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_spoof(const ash_detect_ctx *x, ash_findings *out, ash_err *err)
{
	const ash_survey *sv = &x->sv;
	if (!x->c->nnets || !sv->transit)
		return ASH_OK;
	if (sv->transit * 2 > sv->records) {
		ash_findings_note(out, "dos_source: %llu of %llu records have no own address "
				  "on either side: the networks of case.yaml do not describe "
				  "where this data was captured, so spoofed floods are not "
				  "looked for", (unsigned long long)sv->transit,
				  (unsigned long long)sv->records);
		return ASH_OK;
	}
	ash_htab *h = NULL;
	int rc = ash_tally(x, NULL, ASH_T_DST | ASH_T_OUT_SRC | ASH_T_OUT_DST, 0, &h, err);
	victim v[MAX_VICTIMS];
	uint64_t nsrc[MAX_VICTIMS] = {0};
	size_t n = rc ? 0 : victims(h, v);
	if (n)
		rc = sources(x, v, n, nsrc, err);
	/* the rate of the site's own outgoing records, from the survey */
	double span = fmax((double)(sv->t_max - sv->t_min) / 1e6, 1);
	double site_rate = (double)sv->own_src / span;
	for (size_t i = 0; !rc && i < n; i++) {
		double secs = fmax((double)(v[i].v.last - v[i].v.first) / 1e6, 1);
		double rate = (double)v[i].v.records / secs;
		if (nsrc[i] >= MIN_SOURCES && rate >= fmax(1.0, 0.01 * site_rate))
			report(x, &v[i], nsrc[i], (double)ash_tval_units(&v[i].v) / secs, out);
	}
	ash_htab_free(h);
	return rc;
}
