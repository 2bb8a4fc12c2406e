/* SPDX-License-Identifier: MIT */
/* detect_cluster.c: infected_cluster (cluster.h).
 *
 * Two or more own hosts with a rhythm (score >= 0.7) to the same peer and
 * port, with periods within 25% of each other, where these hosts are (at
 * least 3/4 of) all own hosts that contact the peer at all: a rare outside
 * contact shared by a group with one rhythm - a candidate controller.
 * Groups sharing a host merge into one finding.  Pairs an `expected:` job
 * of case.yaml names (a declared SaaS agent, a monitoring poll) do not
 * group.  DNS (udp/53) and NTP
 * (udp/123) rhythms are what resolvers and clocks do: such groups are
 * suspicious, not malicious. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "detect/cluster.h"
#include "detect/detect.h"

#define CLUSTER_MIN ASH_CLUSTER_MIN
#define MAX_GROUP ASH_CLUSTER_MAX

struct ash_cluster {
	ash_ip hosts[MAX_GROUP], peers[MAX_GROUP];
	const ash_rhythm *pairs[MAX_GROUP];
	size_t nh, np, npairs;
	bool infra;
	bool dead;
};

static bool has(const ash_ip *v, size_t n, const ash_ip *ip)
{
	for (size_t i = 0; i < n; i++)
		if (ash_ip_eq(&v[i], ip))
			return true;
	return false;
}

static void put(ash_ip *v, size_t *n, const ash_ip *ip)
{
	if (*n < MAX_GROUP && !has(v, *n, ip))
		v[(*n)++] = *ip;
}

static int cmp_peer(const void *a, const void *b)
{
	const ash_rhythm *x = *(const ash_rhythm *const *)a, *y = *(const ash_rhythm *const *)b;
	int c = ash_ip_cmp(&x->k.b, &y->k.b);
	if (c)
		return c;
	if (x->k.port != y->k.port)
		return x->k.port < y->k.port ? -1 : 1;
	return x->k.proto - y->k.proto;
}

static int cmp_period(const void *a, const void *b)
{
	double x = (*(const ash_rhythm *const *)a)->period, y = (*(const ash_rhythm *const *)b)->period;
	return x < y ? -1 : x > y;
}

/* the members of p[0..n) (one peer and port) with periods within 25% of
 * their median; returns how many (moved to the front) */
static size_t similar(const ash_rhythm **p, size_t n)
{
	qsort(p, n, sizeof *p, cmp_period);
	double med = p[n / 2]->period;
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (fabs(p[i]->period - med) <= 0.25 * med)
			p[m++] = p[i];
	return m;
}

static void add_group(ash_cluster *g, size_t *ng, const ash_rhythm **p, size_t n)
{
	ash_cluster *into = NULL;
	for (size_t i = 0; i < *ng && !into; i++)
		for (size_t j = 0; j < n && !into; j++)
			if (has(g[i].hosts, g[i].nh, &p[j]->k.a))
				into = &g[i];
	if (!into) {
		if (*ng == MAX_GROUP)
			return;
		into = &g[(*ng)++];
		memset(into, 0, sizeof *into);
		into->infra = true;
	}
	for (size_t j = 0; j < n; j++) {
		put(into->hosts, &into->nh, &p[j]->k.a);
		put(into->peers, &into->np, &p[j]->k.b);
		if (into->npairs < MAX_GROUP)
			into->pairs[into->npairs++] = p[j];
		bool infra = p[j]->k.proto == 17 && (p[j]->k.port == 53 || p[j]->k.port == 123);
		into->infra &= infra;
	}
}

size_t ash_cluster_find(const ash_case *c, const ash_rhythm *r, size_t n,
			ash_htab *peers, ash_cluster *g)
{
	const ash_rhythm **p = ash_calloc(n + 1, sizeof *p);
	size_t m = 0, ng = 0;
	for (size_t i = 0; i < n; i++)
		if (r[i].score >= CLUSTER_MIN &&
		    !ash_detect_expected(c, &r[i].k.a, &r[i].k.b, r[i].k.proto, r[i].k.port))
			p[m++] = &r[i];
	qsort(p, m, sizeof *p, cmp_peer);
	for (size_t i = 0; i < m;) {
		size_t j = i;
		while (j < m && !cmp_peer(&p[i], &p[j]))
			j++;
		const uint64_t *contacts = ash_htab_find(peers, &p[i]->k.b);
		size_t k = j - i >= 2 ? similar(&p[i], j - i) : 0;
		if (k >= 2 && contacts && (double)k >= 0.75 * (double)*contacts)
			add_group(g, &ng, &p[i], k);
		i = j;
	}
	free(p);
	return ng;
}

static char *group_filter(const ash_detect_ctx *x, const ash_cluster *g)
{
	size_t cap = (g->nh + g->npairs) * (ASH_IP_STRLEN + 64) + 64, len = 0;
	char *b = ash_malloc(cap), ip[ASH_IP_STRLEN], pb[8];
	len += (size_t)snprintf(b + len, cap - len, "(");
	for (size_t i = 0; i < g->nh; i++)
		len += (size_t)snprintf(b + len, cap - len, "%ssrc host %s",
					i ? " or " : "", ash_detect_ip(&g->hosts[i], ip));
	len += (size_t)snprintf(b + len, cap - len, ") and (");
	/* one term per distinct (peer, proto, port) */
	for (size_t i = 0; i < g->npairs; i++) {
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = !cmp_peer(&g->pairs[i], &g->pairs[j]);
		if (dup)
			continue;
		len += (size_t)snprintf(b + len, cap - len, "%s(dst host %s and proto %s and dst port %u)",
					len > 0 && b[len - 1] != '(' ? " or " : "",
					ash_detect_ip(&g->pairs[i]->k.b, ip),
					ash_proto_name(g->pairs[i]->k.proto, pb),
					g->pairs[i]->k.port);
	}
	snprintf(b + len, cap - len, ")");
	char *f = ash_detect_filter(x, "%s", b);
	free(b);
	return f;
}

void ash_cluster_report(const ash_detect_ctx *x, const ash_cluster *gs, size_t gi,
			ash_findings *out)
{
	const ash_cluster *g = &gs[gi];
	ash_finding *f = ash_findings_add(out, "infected_cluster");
	f->verdict = g->infra ? ASH_V_SUSPICIOUS : ASH_V_MALICIOUS;
	f->score = fmin(1.0, (g->infra ? 0.5 : 0.85) + 0.03 * (double)g->nh);
	const char *site = ash_detect_site_of(x, &g->hosts[0]);
	f->site = site ? ash_strdup(site) : NULL;
	f->start = INT64_MAX;
	f->end = INT64_MIN;
	double per = 0, jit = 0;
	for (size_t i = 0; i < g->npairs; i++) {
		f->start = g->pairs[i]->first < f->start ? g->pairs[i]->first : f->start;
		f->end = g->pairs[i]->last > f->end ? g->pairs[i]->last : f->end;
		per += g->pairs[i]->period;
		jit += g->pairs[i]->mad;
	}
	per /= (double)g->npairs;
	jit /= (double)g->npairs;
	for (size_t i = 0; i < g->nh; i++)
		ash_finding_host(f, &g->hosts[i]);
	for (size_t i = 0; i < g->np; i++)
		ash_finding_peer(f, &g->peers[i]);
	f->filter = group_filter(x, g);
	char pe[ASH_IP_STRLEN], t0[ASH_TIME_STRLEN], ts[ASH_TIME_STRLEN];
	ash_detect_ip(&g->peers[0], pe);
	f->summary = ash_fmt_alloc("%zu own hosts contact %s%s every ~%.0f s (+-%.0f s): "
				   "one rhythm, one rare peer - candidate controller",
				   g->nh, pe, g->np > 1 ? " and other peers" : "", per, jit);
	ash_detect_time(f->start, t0);
	ash_detect_time(x->sv.t_min, ts);
	f->why = ash_fmt_alloc(
		"these hosts are (nearly) the only own hosts that contact the peer, "
		"each with a regular rhythm and periods within 25%% of each other; "
		"first contact %s (data from %s)%s; %s", t0, ts,
		f->start - x->sv.t_min < 3600000000LL ? ": present from the start of "
		"the data, so no earlier baseline shows it absent" : ": absent before",
		g->infra ? "DNS/NTP rhythms are what resolvers and clocks do: suspicious"
			 : "the same malware on several hosts calling its controller: malicious");
}

bool ash_cluster_has(const ash_cluster *g, size_t ng, const ash_rhythm *r)
{
	for (size_t i = 0; i < ng; i++)
		for (size_t j = 0; j < g[i].npairs; j++)
			if (g[i].pairs[j] == r && !g[i].infra)
				return true;
	return false;
}

ash_cluster *ash_cluster_alloc(void)
{
	return ash_calloc(MAX_GROUP, sizeof(ash_cluster));
}

/* own-host counts of the peers that two or more rhythmic pairs share */
int ash_cluster_peers(const ash_detect_ctx *x, const ash_rhythm *r, size_t n,
			ash_htab **out, ash_err *err)
{
	ash_htab *seen = ash_htab_new(sizeof(ash_ip), sizeof(uint64_t), 0);
	ash_ip *v = ash_calloc(MAX_GROUP + 1, sizeof *v);
	size_t nv = 0;
	for (size_t i = 0; i < n; i++) {
		if (r[i].score < CLUSTER_MIN)
			continue;
		uint64_t *c = ash_htab_get(seen, &r[i].k.b, NULL);
		if (c && ++*c == 2 && nv < MAX_GROUP)
			v[nv++] = r[i].k.b;
	}
	int rc = ash_rhythm_contacts(x, v, nv, out, err);
	free(v);
	ash_htab_free(seen);
	return rc;
}

