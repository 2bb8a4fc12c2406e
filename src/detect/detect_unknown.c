/* SPDX-License-Identifier: MIT */
/* detect_unknown.c: unknown_asset - own addresses active in traffic and
 * absent from the inventory of case.yaml.
 *
 * Active: the address originated a record the firewall did not refuse,
 * or answered a connection (responder packets or bytes > 0).  Being the
 * target of refused or unanswered traffic (scans of unused addresses)
 * does not count.  Only zones that hold at least one inventoried host are
 * checked: a zone with none (typically the users' LAN) is not inventoried
 * at all, and listing every PC in it would drown the real finding. */
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

static bool zone_inventoried(const ash_detect_ctx *x, const char *zone)
{
	for (size_t i = 0; i < x->c->nassets; i++) {
		const char *z = ash_detect_zone_of(x, &x->c->assets[i].ip);
		if (z && zone && !strcmp(z, zone))
			return true;
	}
	return false;
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
	f->why = ash_fmt_alloc("zone %s has inventoried hosts in case.yaml, and this "
			       "address is not one of them yet sends traffic or "
			       "answers connections: an unmanaged host (bought "
			       "locally, unpatched?) or a mistake in the inventory; "
			       "suspicious until someone owns it", zone);
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
	int rc = ash_tally(x, "not action deny and not action drop",
			   ASH_T_SRC | ASH_T_OWN_SRC, 0, &hs, err);
	if (!rc)
		rc = ash_tally(x, "rpackets > 0 or rbytes > 0",
			       ASH_T_DST | ASH_T_OWN_DST, 0, &hr, err);
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
	pos = 0;
	size_t skipped = 0;
	while (ash_htab_next(acts, &pos, &kp, &vp)) {
		if (in_inventory(x->c, kp))
			continue;
		const char *zone = ash_detect_zone_of(x, kp);
		if (zone_inventoried(x, zone))
			report(x, kp, vp, zone ? zone : "?", out);
		else
			skipped++;
	}
	if (skipped)
		ash_findings_note(out, "unknown_asset: %zu active own addresses lie "
				  "in zones without any inventoried host (not checked)",
				  skipped);
	ash_htab_free(acts);
out:
	ash_htab_free(hs);
	ash_htab_free(hr);
	return rc;
}
