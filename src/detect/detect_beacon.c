/* SPDX-License-Identifier: MIT */
/* detect_beacon.c: beacon, from the contact rhythm of (own host, outside
 * peer) pairs (rhythm.c); runs infected_cluster (detect_cluster.c) on the
 * same pairs, since a beacon's verdict depends on its cluster.
 *
 * beacon: a pair scoring >= 0.8 (mean of: 1 - |Bowley skew| and
 * 1 - MAD/median of the intervals, the share of hours with a contact, and
 * 1 - MAD/median of bytes per contact when counted).  Suspicious alone;
 * malicious when its peer makes an infected cluster.
 * A lone DNS/NTP pair (what resolvers and clocks do) needs a score of 0.9
 * to be reported at all. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "detect/detect.h"
#include "detect/cluster.h"

#define BEACON_MIN 0.8
#define INFRA_MIN 0.9   /* DNS and NTP to outside: resolvers and clocks */

static void report_beacon(const ash_detect_ctx *x, const ash_rhythm *r,
			  bool clustered, ash_findings *out)
{
	char h[ASH_IP_STRLEN], p[ASH_IP_STRLEN], pbuf[8];
	const char *pb = ash_proto_name(r->k.proto, pbuf);
	ash_detect_ip(&r->k.a, h);
	ash_detect_ip(&r->k.b, p);
	const ash_expected *e = ash_detect_expected(x->c, &r->k.a, &r->k.b, r->k.proto,
						    r->k.port);
	ash_finding *f = ash_findings_add(out, "beacon");
	f->verdict = clustered ? ASH_V_MALICIOUS : e ? ASH_V_BENIGN : ASH_V_SUSPICIOUS;
	f->score = r->score;
	const char *site = ash_detect_site_of(x, &r->k.a);
	f->site = site ? ash_strdup(site) : NULL;
	ash_finding_host(f, &r->k.a);
	ash_finding_peer(f, &r->k.b);
	f->start = r->first;
	f->end = r->last;
	f->filter = ash_detect_filter(x, "src host %s and dst host %s and proto %s and "
				      "dst port %u", h, p, pb, r->k.port);
	f->summary = ash_fmt_alloc("%s contacts %s (%s/%u) every ~%.0f s (+-%.0f s), "
				   "%zu contacts over %.1f h", h, p, pb, r->k.port,
				   r->period, r->mad, r->contacts,
				   (double)(r->last - r->first) / 3600e6);
	char sz[64] = "";
	if (r->size_reg >= 0)
		snprintf(sz, sizeof sz, ", size regularity %.2f", r->size_reg);
	char *exp = e ? ash_fmt_alloc("the expected job '%s' of case.yaml names this "
				      "contact (reason: %s): benign", e->name,
				      e->reason ? e->reason : "none given") : NULL;
	f->why = ash_fmt_alloc("regular intervals (skew %.2f, MAD/median %.2f), contact "
			       "in %.0f%% of the hours it spans%s: score %.2f; %s",
			       r->skew, r->mad / r->period, 100 * r->coverage, sz,
			       r->score, clustered ? "its peer is shared with the same "
			       "rhythm by other own hosts (infected_cluster): malicious"
			       : exp ? exp : "periodic software (updates, monitoring) does "
			       "this too: suspicious until the peer is known");
	free(exp);
}

int ash_detect_beacon(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_beacon(const ash_detect_ctx *x, ash_findings *out, ash_err *err)
{
	ash_rhythm *r = NULL;
	size_t n = 0;
	ash_htab *peers = NULL;
	int rc = ash_rhythm_find(x, &r, &n, err);
	if (!rc)
		rc = ash_cluster_peers(x, r, n, &peers, err);
	if (rc)
		goto out;
	ash_cluster *g = ash_cluster_alloc();
	size_t ng = ash_cluster_find(x->c, r, n, peers, g);
	for (size_t i = 0; i < ng; i++)
		ash_cluster_report(x, g, i, out);
	for (size_t i = 0; i < n; i++) {
		bool grouped = ash_cluster_has(g, ng, &r[i]);
		bool infra = r[i].k.proto == 17 && (r[i].k.port == 53 || r[i].k.port == 123);
		double min = infra ? INFRA_MIN : BEACON_MIN;
		if (r[i].score >= min || grouped)
			report_beacon(x, &r[i], grouped, out);
	}
	free(g);
out:
	free(r);
	ash_htab_free(peers);
	return rc;
}
