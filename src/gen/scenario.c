/* SPDX-License-Identifier: MIT */
/* scenario.c: builds the plan of a scenario (scenario.h) from a config and
 * a seed: window, incident and backup times in UTC from the site's local
 * time, day/night curves, named hosts, outside address pools, attack
 * parameters.  Owns the plan's memory.  Makes no flows and no text. */
#include "gen/scenario.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ip.h"
#include "core/xalloc.h"
#include "gen/rng.h"

/* Seed streams of the plan (flows.c numbers its own from 100). */
enum { RS_POOLS = 1, RS_ATTACK = 2, RS_TIMES = 3, RS_EXTRA = 4 };

int ash_scenario_ipv4(const char *s, uint32_t *out)
{
	ash_ip ip;
	if (!s || ash_ip_parse(s, strlen(s), &ip) != 0 || !ash_ip_is_v4(&ip))
		return -1;
	*out = ash_ip_v4(&ip);
	return 0;
}

int ash_scenario_net(const char *s, uint32_t *net, uint32_t *bits)
{
	ash_cidr c;
	if (!s || ash_cidr_parse(s, strlen(s), false, &c) != 0 ||
	    !ash_ip_is_v4(&c.addr) || c.bits < 96 + 8 || c.bits > 96 + 30)
		return -1;
	*net = ash_ip_v4(&c.addr);
	*bits = c.bits - 96u;
	if (*net & ~(~0u << (32 - *bits)))
		return -1; /* host bits set */
	return 0;
}

static bool in_net(uint32_t ip, uint32_t net, uint32_t bits)
{
	uint32_t mask = bits ? ~0u << (32 - bits) : 0;
	return (ip & mask) == net;
}

int ash_scenario_zone(const ash_scn *s, uint32_t ip)
{
	for (int z = ASH_Z_DMZ; z < ASH_Z_N; z++)
		if (in_net(ip, s->net[z], s->bits[z]))
			return z;
	return ASH_Z_INET;
}

int ash_scenario_host(const ash_scn *s, uint32_t ip)
{
	for (size_t i = 0; i < s->nhosts; i++)
		if (s->hosts[i].ip == ip)
			return (int)i;
	return -1;
}

const char *ash_scenario_zone_name(int zone)
{
	static const char *const names[ASH_Z_N] = {"internet", "dmz", "lan", "mgmt"};
	return zone >= 0 && zone < ASH_Z_N ? names[zone] : "?";
}

size_t ash_scenario_role_names(uint32_t roles, const char **out, size_t max)
{
	static const char *const names[] = {
		"web", "mail", "dns", "ntp", "files", "app", "monitor", "admin",
		"backup", "dos_source", "reflector", "infected", "ssdp",
		"memcached", "snmp", "cldap", "saas", "download", "busy_dns"};
	size_t n = 0;
	for (size_t b = 0; b < sizeof names / sizeof names[0] && n < max; b++)
		if (roles & (1u << b))
			out[n++] = names[b];
	return n;
}

/* Addresses that look public: not private, reserved, documentation or
 * benchmark space (those are kept for the story's named actors). */
bool ash_scenario_is_public(uint32_t a)
{
	unsigned o1 = a >> 24, o2 = (a >> 16) & 255, o3 = (a >> 8) & 255;
	if (o1 == 0 || o1 == 10 || o1 == 127 || o1 >= 224)
		return false;
	if ((o1 == 100 && (o2 & 0xc0) == 64) || (o1 == 169 && o2 == 254) ||
	    (o1 == 172 && (o2 & 0xf0) == 16) || (o1 == 192 && o2 == 168) ||
	    (o1 == 192 && o2 == 0 && (o3 == 0 || o3 == 2)) ||
	    (o1 == 198 && (o2 & 0xfe) == 18) ||
	    (o1 == 198 && o2 == 51 && o3 == 100) ||
	    (o1 == 203 && o2 == 0 && o3 == 113))
		return false;
	unsigned o4 = a & 255;
	return o4 != 0 && o4 != 255;
}

static void pool_make(ash_scn *s, ash_pool *p, uint32_t n, ash_rng *r)
{
	p->a = ash_reallocarray(NULL, n, sizeof *p->a);
	p->n = n;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t a;
		do
			a = (uint32_t)ash_rng_next(r);
		while (!ash_scenario_is_public(a) || ash_scenario_zone(s, a) != ASH_Z_INET);
		p->a[i] = a;
	}
}

/* LAN users: .10-.249 of each /24 after the first, within the LAN. */
static void users_make(ash_scn *s, uint32_t want)
{
	uint32_t bits = s->bits[ASH_Z_LAN], size = 1u << (32 - bits);
	uint32_t cap = size >= 512 ? (size / 256 - 1) * 240 : size - 20;
	if (want > cap)
		want = cap;
	s->users.a = ash_reallocarray(NULL, want, sizeof *s->users.a);
	s->users.n = want;
	for (uint32_t i = 0; i < want; i++)
		s->users.a[i] = size >= 512
			? s->net[ASH_Z_LAN] + 256 * (1 + i / 240) + 10 + i % 240
			: s->net[ASH_Z_LAN] + 10 + i;
}

static float curve_office(double h, int wday)
{
	bool work = wday >= 1 && wday <= 5;
	if (!work)
		return h >= 9 && h < 18 ? 0.08f : 0.02f;
	if (h >= 8.5 && h < 18)
		return (h >= 12 && h < 13) ? 0.7f : 1.0f;
	if ((h >= 7 && h < 8.5) || (h >= 18 && h < 20))
		return 0.35f;
	if (h >= 20 && h < 23)
		return 0.08f;
	return 0.02f;
}

static float curve_public(double h)
{
	return (float)(0.25 + 0.75 * (0.5 - 0.5 * cos(2 * M_PI * (h - 4) / 24)));
}

static void curves_make(ash_scn *s)
{
	s->nslots = (size_t)((s->t1 - s->t0 + ASH_SLOT_US - 1) / ASH_SLOT_US);
	for (int c = 0; c < ASH_CURVE_N; c++) {
		s->curve[c] = ash_reallocarray(NULL, s->nslots, sizeof(float));
		s->curve_mean[c] = 0;
	}
	for (size_t i = 0; i < s->nslots; i++) {
		int64_t sec = s->t0 / 1000000 + (int64_t)i * 900;
		int64_t loc = sec + ash_tz_offset_at(s->tz, sec);
		ash_civil cv;
		ash_epoch_to_civil(loc, &cv);
		int64_t dayn = loc >= 0 ? loc / 86400 : (loc - 86399) / 86400;
		int wday = (int)(((dayn % 7) + 11) % 7); /* 1970-01-01: Thursday */
		double h = cv.hour + cv.min / 60.0;
		s->curve[ASH_CURVE_FLAT][i] = 1.0f;
		s->curve[ASH_CURVE_OFFICE][i] = curve_office(h, wday);
		s->curve[ASH_CURVE_PUBLIC][i] = curve_public(h);
		for (int c = 0; c < ASH_CURVE_N; c++)
			s->curve_mean[c] += s->curve[c][i];
	}
	for (int c = 0; c < ASH_CURVE_N; c++)
		s->curve_mean[c] /= (double)s->nslots;
}

/* UTC us of local date (first day + k) at hh:mm:ss. */
static int64_t local_at(ash_scn *s, int k, int hh, int mm, int ss)
{
	const ash_gen_cfg *c = &s->cfg;
	ash_civil d = {c->end_year, c->end_mon, c->end_day, 0, 0, 0, 0};
	int64_t day = ash_civil_to_epoch(&d) + (int64_t)(k - (s->ndays - 1)) * 86400;
	ash_epoch_to_civil(day, &d);
	d.hour = hh, d.min = mm, d.sec = ss;
	int32_t off;
	return ash_tz_local_to_utc(s->tz, &d, &off) * 1000000;
}

static void times_make(ash_scn *s, ash_rng *r)
{
	const ash_gen_cfg *c = &s->cfg;
	s->t0 = local_at(s, 0, 0, 0, 0);
	s->t1 = local_at(s, s->ndays, 0, 0, 0);
	int last = s->ndays - 1;
	/* each offset draws its seconds, then its microseconds (as in
	 * flows.c, one draw a statement: every compiler, the same order) */
	int64_t sec = (int64_t)ash_rng_range(r, 2 * 60, 14 * 60);
	int64_t us = (int64_t)ash_rng_below(r, 1000000);
	s->inc0 = local_at(s, last, c->incident_from_h, 0, 0) + sec * 1000000 + us;
	sec = (int64_t)ash_rng_range(r, 3 * 60, 15 * 60);
	us = (int64_t)ash_rng_below(r, 1000000);
	s->inc1 = local_at(s, last, c->incident_to_h, 0, 0) - sec * 1000000 + us;
	s->bk0 = ash_reallocarray(NULL, (size_t)s->ndays, sizeof *s->bk0);
	s->bk1 = ash_reallocarray(NULL, (size_t)s->ndays, sizeof *s->bk1);
	for (int k = 0; k < s->ndays; k++) {
		s->bk0[k] = local_at(s, k, c->backup_from_h, 0, 0);
		s->bk1[k] = local_at(s, k, c->backup_to_h, 0, 0);
	}
	sec = (int64_t)ash_rng_range(r, 3 * 86400, 60 * 86400);
	us = (int64_t)ash_rng_below(r, 1000000);
	s->boot_us = s->t0 - sec * 1000000 - us;
}

static int hosts_make(ash_scn *s, ash_err *err)
{
	const ash_gen_cfg *c = &s->cfg;
	s->hosts = ash_calloc(c->nhosts ? c->nhosts : 1, sizeof *s->hosts);
	for (size_t i = 0; i < c->nhosts; i++) {
		const ash_gen_host *g = &c->hosts[i];
		ash_scn_host *h = &s->hosts[i];
		if (ash_scenario_ipv4(g->ip, &h->ip) != 0)
			return ash_errf(err, ASH_EUSAGE, "host %s: bad IPv4 address",
					g->name ? g->name : "?");
		int z = ash_scenario_zone(s, h->ip);
		if (z == ASH_Z_INET || strcmp(ash_scenario_zone_name(z), g->zone) != 0)
			return ash_errf(err, ASH_EUSAGE,
					"host %s: %s is not in its zone's network",
					g->name, g->ip);
		if (ash_scenario_host(s, h->ip) >= 0)
			return ash_errf(err, ASH_EUSAGE, "host %s: address %s used twice",
					g->name, g->ip);
		h->name = g->name;
		h->role = g->role ? g->role : "";
		h->roles = g->roles;
		h->zone = (uint8_t)z;
		h->in_inventory = g->in_inventory;
		s->nhosts = i + 1;
	}
	return ASH_OK;
}

static bool taken(const ash_scn *s, uint32_t a)
{
	if (a == s->controller || a == s->target || a == s->backup_dst)
		return true;
	for (int i = 0; i < s->nvictims; i++)
		if (s->victims[i] == a)
			return true;
	return false;
}

static int actors_make(ash_scn *s, ash_rng *r, ash_err *err)
{
	const ash_gen_cfg *c = &s->cfg;
	if (ash_scenario_ipv4(c->flood_target, &s->target) != 0 ||
	    ash_scenario_ipv4(c->backup_dst, &s->backup_dst) != 0)
		return ash_errf(err, ASH_EUSAGE, "flood target or backup peer: bad IPv4 address");
	if (c->controller) {
		if (ash_scenario_ipv4(c->controller, &s->controller) != 0)
			return ash_errf(err, ASH_EUSAGE, "controller: bad IPv4 address");
	} else {
		do
			s->controller = 0xc6336440u + ash_rng_below(r, 64); /* 198.51.100.64/26 */
		while (s->controller == s->target);
	}
	uint32_t vnet = 0xc0000200u, vlo = 10, vhi = 250; /* 192.0.2.0/24 */
	if (c->victim_net) {
		uint32_t bits;
		if (ash_scenario_net(c->victim_net, &vnet, &bits) != 0 || bits > 28)
			return ash_errf(err, ASH_EUSAGE, "victim network: not an IPv4 "
					"CIDR between /8 and /28");
		vlo = 1, vhi = (1u << (32 - bits)) - 2;
	}
	for (int i = 0; i < c->nvictims; i++) {
		uint32_t a;
		do
			a = vnet + (uint32_t)ash_rng_range(r, vlo, vhi);
		while (taken(s, a));
		s->victims[s->nvictims++] = a;
	}
	static const uint16_t udp_ports[] = {53, 80, 123, 443};
	static const uint16_t syn_ports[] = {80, 443};
	s->flood_dport = c->flood_syn ? syn_ports[ash_rng_below(r, 2)]
				      : udp_ports[ash_rng_below(r, 4)];
	s->flood_payload = (uint16_t)ash_rng_range(r, 1000, 1400);
	s->ntp_monlist_pkts = (uint16_t)ash_rng_range(r, 40, 100);
	int64_t p = (int64_t)ash_rng_range(r, (uint64_t)c->beacon_min_s,
					   (uint64_t)c->beacon_max_s);
	s->beacon_period_us = p * 1000000;
	s->beacon_jitter_us = s->beacon_period_us / 100 *
		(int64_t)ash_rng_range(r, (uint64_t)c->beacon_jitter_min_pct,
				       (uint64_t)c->beacon_jitter_max_pct);
	return ASH_OK;
}

static bool role_in_plan(const ash_gen_cfg *c, uint32_t role)
{
	for (size_t i = 0; i < c->nhosts; i++)
		if (c->hosts[i].roles & role)
			return true;
	return false;
}

/* The hard benign cases' peers and times (their own seed stream, so the
 * seed story draws what it always drew). */
static int extras_make(ash_scn *s, ash_rng *r, ash_err *err)
{
	const ash_gen_cfg *c = &s->cfg;
	if (role_in_plan(c, ASH_GEN_SAAS)) {
		uint32_t net, bits;
		if (ash_scenario_net(c->saas_net, &net, &bits) != 0 ||
		    ash_scenario_zone(s, net) != ASH_Z_INET)
			return ash_errf(err, ASH_EUSAGE, "SaaS network: not an outside "
					"IPv4 CIDR between /8 and /30");
		uint32_t size = 1u << (32 - bits);
		s->nsaas = size - 2 < 4 ? (int)(size - 2) : 4;
		for (int i = 0; i < s->nsaas; i++)
			s->saas[i] = net + 1 + (uint32_t)i * ((size - 2) / (uint32_t)s->nsaas);
	}
	int d = c->download_day < 0 || c->download_day >= s->ndays ? s->ndays - 1
								   : c->download_day;
	s->dl0 = local_at(s, d, c->download_h, 0, 0) +
		 (int64_t)ash_rng_range(r, 60, 40 * 60) * 1000000;
	return ASH_OK;
}

static uint32_t pool_size(double scale, double base, double cap)
{
	double v = base * (scale > 1 ? scale : 1);
	return (uint32_t)(v < cap ? v : cap);
}

static void pools_make(ash_scn *s, ash_rng *r)
{
	double k = s->cfg.scale;
	users_make(s, pool_size(k, 200, 60000));
	pool_make(s, &s->clients, pool_size(k, 6000, 4e6), r);
	pool_make(s, &s->sites, pool_size(k, 3000, 1e6), r);
	pool_make(s, &s->mtas, pool_size(k, 800, 2e5), r);
	pool_make(s, &s->resolvers, pool_size(k, 300, 1e5), r);
	pool_make(s, &s->ntp_up, 4, r);
	pool_make(s, &s->scanners, pool_size(k, 700, 1e6), r);
}

int ash_scenario_build(const ash_gen_cfg *cfg, ash_scn **out, ash_err *err)
{
	int rc = ash_gen_check(cfg, err);
	if (rc)
		return rc;
	ash_scn *s = ash_calloc(1, sizeof *s);
	s->cfg = *cfg;
	s->ndays = cfg->days;
	snprintf(s->case_name, sizeof s->case_name, "%s-night",
		 cfg->site);
	if (cfg->case_name)
		snprintf(s->case_name, sizeof s->case_name, "%s", cfg->case_name);
	const char *nets[ASH_Z_N] = {NULL, cfg->dmz, cfg->lan, cfg->mgmt};
	for (int z = ASH_Z_DMZ; z < ASH_Z_N; z++)
		if (ash_scenario_net(nets[z], &s->net[z], &s->bits[z]) != 0) {
			rc = ash_errf(err, ASH_EUSAGE, "%s network: not an IPv4 CIDR "
				      "between /8 and /30", ash_scenario_zone_name(z));
			goto out;
		}
	rc = ash_tz_open(cfg->tz, &s->tz, err);
	if (rc)
		goto out;
	ash_rng r;
	ash_rng_seed(&r, cfg->seed, RS_TIMES);
	times_make(s, &r);
	curves_make(s);
	rc = hosts_make(s, err);
	if (rc)
		goto out;
	ash_rng_seed(&r, cfg->seed, RS_ATTACK);
	rc = actors_make(s, &r, err);
	if (rc)
		goto out;
	ash_rng_seed(&r, cfg->seed, RS_POOLS);
	pools_make(s, &r);
	ash_rng_seed(&r, cfg->seed, RS_EXTRA);
	rc = extras_make(s, &r, err);
out:
	if (rc)
		ash_scenario_free(s);
	else
		*out = s;
	return rc;
}

void ash_scenario_free(ash_scn *s)
{
	if (!s)
		return;
	ash_tz_free(s->tz);
	free(s->bk0);
	free(s->bk1);
	for (int c = 0; c < ASH_CURVE_N; c++)
		free(s->curve[c]);
	free(s->hosts);
	ash_pool *pools[] = {&s->users, &s->clients, &s->sites, &s->mtas,
			     &s->resolvers, &s->ntp_up, &s->scanners};
	for (size_t i = 0; i < sizeof pools / sizeof pools[0]; i++)
		free(pools[i]->a);
	free(s);
}
