/* SPDX-License-Identifier: MIT */
/* detect_unknown.c: unknown_asset - own addresses active in traffic and
 * absent from the inventory of case.yaml.
 *
 * Active: the address originated a record the firewall did not refuse,
 * or answered a connection (responder packets or bytes > 0).  Being the
 * target of refused or unanswered traffic (scans of unused addresses)
 * does not count.  A zone counts as inventoried when at least half of its
 * active hosts are in the inventory (servers' zones); in the others
 * (typically the users' LAN, where PCs come and go) only unknown servers
 * - hosts answering 10 or more connections - are reported: listing every
 * PC would drown the real finding. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "detect/detect.h"
#include "detect/tally.h"

static bool in_inventory(const ash_case *c, const ash_ip *ip)
{
	for (size_t i = 0; i < c->nassets; i++)
		if (ash_ip_eq(&c->assets[i].ip, ip))
			return true;
	return false;
}

static bool not_refused(const void *ctx, const ash_batch *b, size_t i)
{
	(void)ctx;
	return b->action[i] != ASH_ACT_DENY && b->action[i] != ASH_ACT_DROP;
}

static bool answered(const void *ctx, const ash_batch *b, size_t i)
{
	(void)ctx;
	return b->rpkts[i] > 0 || b->rbytes[i] > 0;
}

typedef struct act {
	uint64_t sent, answered;
	int64_t first, last;
} act;

static void add(ash_htab *h, const ash_ip *ip, const ash_tval *v, bool sent)
{
	bool created;
	act *a = ash_htab_get(h, ip, &created);
	if (!a)
		return;
	if (created)
		a->first = v->first, a->last = v->last;
	a->first = v->first < a->first ? v->first : a->first;
	a->last = v->last > a->last ? v->last : a->last;
	if (sent)
		a->sent += v->records;
	else
		a->answered += v->records;
}

static void report(const ash_detect_ctx *x, const ash_ip *ip, const act *a,
		   const char *zone, ash_findings *out)
{
	char h[ASH_IP_STRLEN];
	ash_detect_ip(ip, h);
	ash_finding *f = ash_findings_add(out, "unknown_asset");
	f->verdict = ASH_V_SUSPICIOUS;
	f->score = fmin(0.85, 0.5 + 0.05 * log10((double)(a->sent + a->answered) + 1));
	const char *site = ash_detect_site_of(x, ip);
	f->site = site ? ash_strdup(site) : NULL;
	ash_finding_host(f, ip);
	f->start = a->first;
	f->end = a->last;
	f->filter = ash_detect_filter(x, "host %s", h);
	f->summary = ash_fmt_alloc("%s (zone %s) is active but not in the inventory: "
				   "%llu records sent, %llu connections answered",
				   h, zone, (unsigned long long)a->sent,
				   (unsigned long long)a->answered);
	f->why = ash_fmt_alloc("zone %s is inventoried in case.yaml (or the host "
			       "serves connections), and this "
			       "address is not listed yet sends traffic or "
			       "answers connections: an unmanaged host (bought "
			       "locally, unpatched?) or a mistake in the inventory; "
			       "suspicious until someone owns it", zone);
}

/* per zone: active own hosts, and how many of them are inventoried */
typedef struct zcount {
	const char *zone;
	size_t active, listed;
} zcount;

static zcount *zc_of(zcount *z, size_t *n, const char *zone)
{
	for (size_t i = 0; i < *n; i++)
		if (z[i].zone == zone || (z[i].zone && zone && !strcmp(z[i].zone, zone)))
			return &z[i];
	z[*n] = (zcount){zone, 0, 0};
	return &z[(*n)++];
}

/* Report unknown hosts of covered zones (at least half of their active
 * hosts inventoried) and unknown servers (answering 10 or more
 * connections) anywhere; returns how many unknown clients were skipped. */
static size_t zones_and_report(const ash_detect_ctx *x, ash_htab *acts,
			       ash_findings *out)
{
	zcount *z = ash_calloc(x->c->nnets + 1, sizeof *z);
	size_t nz = 0, pos = 0, skipped = 0;
	const void *kp;
	void *vp;
	while (ash_htab_next(acts, &pos, &kp, &vp)) {
		zcount *c = zc_of(z, &nz, ash_detect_zone_of(x, kp));
		c->active++;
		c->listed += in_inventory(x->c, kp);
	}
	pos = 0;
	while (ash_htab_next(acts, &pos, &kp, &vp)) {
		if (in_inventory(x->c, kp))
			continue;
		const char *zone = ash_detect_zone_of(x, kp);
		const zcount *c = zc_of(z, &nz, zone);
		const act *a = vp;
		if (c->listed * 2 >= c->active || a->answered >= 10)
			report(x, kp, a, zone ? zone : "?", out);
		else
			skipped++;
	}
	free(z);
	return skipped;
}

int ash_detect_unknown(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_unknown(const ash_detect_ctx *x, ash_findings *out, ash_err *err)
{
	if (!x->c->nassets) {
		ash_findings_note(out, "unknown_asset: case.yaml has no inventory: "
				  "every own host would be unknown, so none is reported");
		return ASH_OK;
	}
	ash_htab *hs = NULL, *hr = NULL;
	ash_tally_opts o[2] = {
		{.flags = ASH_T_SRC | ASH_T_OWN_SRC, .keep = not_refused},
		{.flags = ASH_T_DST | ASH_T_OWN_DST, .keep = answered}};
	ash_htab *tabs[2];
	int rc = ash_tally_many(x, NULL, o, 2, tabs, err);
	hs = tabs[0];
	hr = tabs[1];
	if (rc)
		goto out;
	ash_htab *acts = ash_htab_new(sizeof(ash_ip), sizeof(act), 0);
	size_t pos = 0;
	const void *kp;
	void *vp;
	while (ash_htab_next(hs, &pos, &kp, &vp))
		add(acts, &((const ash_tkey *)kp)->a, vp, true);
	pos = 0;
	while (ash_htab_next(hr, &pos, &kp, &vp))
		add(acts, &((const ash_tkey *)kp)->b, vp, false);
	size_t skipped = zones_and_report(x, acts, out);
	if (skipped)
		ash_findings_note(out, "unknown_asset: %zu active own addresses lie "
				  "in zones the inventory does not cover (only their "
				  "servers were checked)", skipped);
	ash_htab_free(acts);
out:
	ash_htab_free(hs);
	ash_htab_free(hr);
	return rc;
}
