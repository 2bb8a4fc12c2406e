/* SPDX-License-Identifier: MIT */
/* detect_policy.c: policy_violation - traffic a zone must not send, from
 * the `policy:` rules of case.yaml (docs/case-yaml.md):
 *
 *   policy:
 *     - zone: dmz
 *       outbound: deny          # no connections out of the site's networks
 *       allow:                  # except these
 *         - {dst: 198.18.5.10, proto: tcp, dport: 873}
 *         - {proto: udp, dport: 53}
 *
 * Outbound: source in the zone, destination in none of the site's zones,
 * not refused by the firewall, and not a reply (a record from a port
 * under 1024 to one at or above it: one-directional flow formats log
 * replies as records of their own).  One finding per violating host,
 * with its top destinations; the filter is the rule itself, so the
 * evidence is exactly the violating records. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "detect/detect.h"
#include "detect/tally.h"

#define TOP_PEERS 5

/* the violation filter of policy p (without any host), malloc'd */
static char *rule_filter(const ash_detect_ctx *x, const ash_policy *p)
{
	size_t cap = 256 + x->nzones * 80 + p->nallow * 160, len = 0;
	char *b = ash_malloc(cap), ip[ASH_IP_STRLEN + 4], pb[8];
	len += (size_t)snprintf(b + len, cap - len, "src zone \"%s\" and not (", p->zone);
	for (size_t i = 0; i < x->nzones; i++)
		len += (size_t)snprintf(b + len, cap - len, "%sdst zone \"%s\"",
					i ? " or " : "", x->zones[i]);
	len += (size_t)snprintf(b + len, cap - len, ") and not action deny and not "
				"action drop and not (src port < 1024 and dst port >= 1024)");
	for (size_t i = 0; i < p->nallow; i++) {
		const ash_policy_allow *a = &p->allow[i];
		len += (size_t)snprintf(b + len, cap - len, " and not (any");
		if (a->has_dst) {
			ash_cidr_format(&a->dst, ip);
			len += (size_t)snprintf(b + len, cap - len, " and dst net %s", ip);
		}
		if (a->proto >= 0)
			len += (size_t)snprintf(b + len, cap - len, " and proto %s",
						ash_proto_name(a->proto, pb));
		if (a->dport >= 0)
			len += (size_t)snprintf(b + len, cap - len, " and dst port %d", a->dport);
		len += (size_t)snprintf(b + len, cap - len, ")");
	}
	return b;
}

static bool zone_known(const ash_detect_ctx *x, const char *z)
{
	for (size_t i = 0; i < x->nzones; i++)
		if (!strcmp(x->zones[i], z))
			return true;
	return false;
}

typedef struct viol {
	ash_ip host;
	uint64_t records;
	int64_t first, last;
	ash_tkey top[TOP_PEERS];
	uint64_t topn[TOP_PEERS];
} viol;

static viol *viol_of(viol **v, size_t *n, size_t *cap, const ash_ip *h)
{
	for (size_t i = 0; i < *n; i++)
		if (ash_ip_eq(&(*v)[i].host, h))
			return &(*v)[i];
	ash_grow((void **)v, cap, *n + 1, sizeof **v);
	viol *r = &(*v)[(*n)++];
	memset(r, 0, sizeof *r);
	r->host = *h;
	r->first = INT64_MAX;
	r->last = INT64_MIN;
	return r;
}

static void add(viol *r, const ash_tkey *k, const ash_tval *t)
{
	r->records += t->records;
	r->first = t->first < r->first ? t->first : r->first;
	r->last = t->last > r->last ? t->last : r->last;
	for (int j = 0; j < TOP_PEERS; j++)
		if (t->records > r->topn[j]) {
			memmove(&r->top[j + 1], &r->top[j], (size_t)(TOP_PEERS - 1 - j) * sizeof *r->top);
			memmove(&r->topn[j + 1], &r->topn[j], (size_t)(TOP_PEERS - 1 - j) * sizeof *r->topn);
			r->top[j] = *k;
			r->topn[j] = t->records;
			break;
		}
}

static void report(const ash_detect_ctx *x, const ash_policy *p, const char *rule,
		   const viol *r, ash_findings *out)
{
	char h[ASH_IP_STRLEN], d[ASH_IP_STRLEN], pb[8], tops[512] = "";
	size_t len = 0;
	ash_detect_ip(&r->host, h);
	ash_finding *f = ash_findings_add(out, "policy_violation");
	f->verdict = ASH_V_SUSPICIOUS;
	f->score = fmin(0.8, 0.5 + 0.05 * log10((double)r->records + 1));
	const char *site = ash_detect_site_of(x, &r->host);
	f->site = site ? ash_strdup(site) : NULL;
	ash_finding_host(f, &r->host);
	f->start = r->first;
	f->end = r->last;
	for (int j = 0; j < TOP_PEERS && r->topn[j]; j++) {
		ash_finding_peer(f, &r->top[j].b);
		len += (size_t)snprintf(tops + len, sizeof tops - len, "%s%s %s/%u (%llu)",
					j ? ", " : "", ash_detect_ip(&r->top[j].b, d),
					ash_proto_name(r->top[j].proto, pb), r->top[j].port,
					(unsigned long long)r->topn[j]);
	}
	f->filter = ash_detect_filter(x, "src host %s and %s", h, rule);
	f->summary = ash_fmt_alloc("%s (zone %s) opened %llu connections out of the "
				   "site that its policy forbids; top: %s", h, p->zone,
				   (unsigned long long)r->records, tops);
	f->why = ash_fmt_alloc("case.yaml's policy says zone %s may not open outbound "
			       "connections except %zu listed exception(s); these "
			       "were not refused by the firewall: suspicious (the "
			       "rule or the host is wrong)", p->zone, p->nallow);
}

static int one_policy(const ash_detect_ctx *x, const ash_policy *p, ash_findings *out,
		      ash_err *err)
{
	char *rule = rule_filter(x, p);
	ash_htab *h = NULL;
	int rc = ash_tally(x, rule, ASH_T_SRC | ASH_T_DST | ASH_T_PROTO | ASH_T_DPORT,
			   0, &h, err);
	viol *v = NULL;
	size_t n = 0, cap = 0, pos = 0;
	const void *kp;
	void *vp;
	while (!rc && ash_htab_next(h, &pos, &kp, &vp))
		add(viol_of(&v, &n, &cap, &((const ash_tkey *)kp)->a), kp, vp);
	for (size_t i = 0; i < n; i++)
		report(x, p, rule, &v[i], out);
	free(v);
	free(rule);
	ash_htab_free(h);
	return rc;
}

int ash_detect_policy(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_policy(const ash_detect_ctx *x, ash_findings *out, ash_err *err)
{
	int rc = ASH_OK;
	for (size_t i = 0; i < x->c->npolicies && !rc; i++) {
		const ash_policy *p = &x->c->policies[i];
		if (!zone_known(x, p->zone)) {
			ash_findings_note(out, "policy_violation: zone '%s' of a policy has "
					  "no network in case.yaml (rule skipped)", p->zone);
			continue;
		}
		if (p->deny_outbound)
			rc = one_policy(x, p, out, err);
	}
	return rc;
}
