/* SPDX-License-Identifier: MIT */
/* variant.c: derives the config of scenario variant K (see variant.h)
 * with the generator's PRNG: site and zone, date, address plan, hosts and
 * their services, hard benign cases, backup, attack mix, volumes.  Owns
 * nothing beyond the caller's ash_variant; makes no flows and no files. */
#include "gen/variant.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "gen/rng.h"
#include "gen/scenario.h"

/* Sites: zones with :30/:45 offsets, southern and northern DST, none.
 * dst[]: end dates two days after a DST change of 2026, so the window
 * holds the change and the incident night does not. */
static const struct site_def {
	const char *name, *code, *tz, *lang, *dst[2];
} sites[] = {
	{"in-pune", "pnq", "Asia/Kolkata", "en", {NULL, NULL}},
	{"np-kathmandu", "ktm", "Asia/Kathmandu", "en", {NULL, NULL}},
	{"de-stuttgart", "str", "Europe/Berlin", "de", {"2026-03-31", "2026-10-27"}},
	{"br-campinas", "cpq", "America/Sao_Paulo", "pt", {NULL, NULL}},
	{"au-adelaide", "adl", "Australia/Adelaide", "en", {"2026-04-07", "2026-10-06"}},
	{"ca-stjohns", "yyt", "America/St_Johns", "en", {"2026-03-10", "2026-11-03"}},
	{"au-eucla", "ucl", "Australia/Eucla", "en", {NULL, NULL}},
	{"us-chicago", "chi", "America/Chicago", "en", {"2026-03-10", "2026-11-03"}},
	{"jp-osaka", "osa", "Asia/Tokyo", "ja", {NULL, NULL}},
	{"nz-auckland", "akl", "Pacific/Auckland", "en", {"2026-04-07", "2026-09-29"}},
	{"gb-leeds", "lba", "Europe/London", "en", {"2026-03-31", "2026-10-27"}},
	{"cl-santiago", "scl", "America/Santiago", "es", {"2026-04-07", "2026-09-08"}},
	{"vn-hcmc", "sgn", "Asia/Ho_Chi_Minh", "vi", {NULL, NULL}},
	{"za-joburg", "jnb", "Africa/Johannesburg", "en", {NULL, NULL}},
	{"mx-queretaro", "qro", "America/Mexico_City", "es", {NULL, NULL}},
	{"ir-tehran", "thr", "Asia/Tehran", "fa", {NULL, NULL}},
	{"th-rayong", "ryg", "Asia/Bangkok", "th", {NULL, NULL}},
	{"us-honolulu", "hnl", "Pacific/Honolulu", "en", {NULL, NULL}},
};
#define NSITES (sizeof sites / sizeof sites[0])

static const char *const plain_dates[] = {
	"2026-02-11", "2026-05-20", "2026-06-17", "2026-08-26",
	"2026-09-23", "2026-11-25", "2026-12-09",
};

typedef struct plan {
	ash_variant *v;
	ash_gen_cfg *c;
	ash_rng r;
	uint32_t net[4], bits[4];   /* ASH_Z_DMZ.. ASH_Z_MGMT */
	uint32_t addr[ASH_GEN_MAX_HOSTS];
	const char *word[ASH_GEN_MAX_HOSTS];
	uint64_t reserved;          /* hosts kept benign (hard benign cases) */
	uint32_t outside[8];        /* outside addresses handed out */
	int noutside;
	int style;
	const char *code;
} plan;

/* ---- draws ----
 * One draw a statement wherever an expression would hold two: C leaves
 * the order of a call's arguments and of an operator's operands open
 * (gcc and clang differ), and a variant must be the same with every
 * compiler.  The order kept is gcc's: arguments last first, operands
 * left to right. */

static uint32_t below(plan *p, uint32_t n) { return ash_rng_below(&p->r, n); }
static bool chance(plan *p, uint32_t pct) { return below(p, 100) < pct; }

static uint64_t range(plan *p, uint64_t lo, uint64_t hi)
{
	return ash_rng_range(&p->r, lo, hi);
}

/* Index by weights (percent, summing to 100). */
static int weighted(plan *p, const int *w, int n)
{
	int x = (int)below(p, 100);
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* ---- addresses ---- */

static uint32_t mask(uint32_t bits)
{
	return bits ? ~0u << (32 - bits) : 0;
}

static bool in_net(uint32_t a, uint32_t net, uint32_t bits)
{
	return (a & mask(bits)) == net;
}

static bool in_site(const plan *p, uint32_t a)
{
	for (int z = ASH_Z_DMZ; z < ASH_Z_N; z++)
		if (p->bits[z] && in_net(a, p->net[z], p->bits[z]))
			return true;
	return false;
}

static bool overlap(uint32_t a, uint32_t ab, uint32_t b, uint32_t bb)
{
	uint32_t m = mask(ab < bb ? ab : bb);
	return (a & m) == (b & m);
}

static void fmt_ip(char *buf, size_t cap, uint32_t a)
{
	snprintf(buf, cap, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255,
		 a & 255);
}

static void fmt_net(char *buf, size_t cap, uint32_t a, uint32_t bits)
{
	snprintf(buf, cap, "%u.%u.%u.%u/%u", a >> 24, (a >> 16) & 255,
		 (a >> 8) & 255, a & 255, bits);
}

static bool outside_taken(const plan *p, uint32_t a)
{
	for (int i = 0; i < p->noutside; i++)
		if (p->outside[i] == a)
			return true;
	return false;
}

/* A public address outside the site (and not handed out yet) whose
 * aligned block of 2^(32-bits) addresses is public too. */
static uint32_t public_block(plan *p, uint32_t bits)
{
	uint32_t a;
	for (;;) {
		a = (uint32_t)ash_rng_next(&p->r) & mask(bits);
		uint32_t last = a + ~mask(bits) - 1;
		if (ash_scenario_is_public(a + 1) && ash_scenario_is_public(last) &&
		    !in_site(p, a) && !in_site(p, last) && !outside_taken(p, a))
			break;
	}
	if (p->noutside < 8)
		p->outside[p->noutside++] = a;
	return a;
}

static uint32_t public_addr(plan *p)
{
	return public_block(p, 32 - 1) | 1u; /* odd: never .0 or .255 */
}

static void plan_dmz(plan *p)
{
	static const uint32_t sizes[] = {24, 25, 26, 27};
	uint32_t bits = sizes[below(p, 4)], o2, o3;
	switch (below(p, 3)) {
	case 0: /* public, routed to the site */
		p->net[ASH_Z_DMZ] = public_block(p, bits);
		p->noutside--; /* not an outside address */
		break;
	case 1:
		o2 = 16 + below(p, 16);
		o3 = below(p, 256);
		p->net[ASH_Z_DMZ] = (172u << 24 | o2 << 16 | o3 << 8) & mask(bits);
		break;
	default:
		p->net[ASH_Z_DMZ] = (192u << 24 | 168u << 16 | below(p, 256) << 8) &
				    mask(bits);
		break;
	}
	p->bits[ASH_Z_DMZ] = bits;
}

static void plan_lan(plan *p)
{
	uint32_t x = below(p, 256), y = below(p, 16);
	switch (below(p, 5)) {
	case 0:
		p->net[ASH_Z_LAN] = 10u << 24 | x << 16, p->bits[ASH_Z_LAN] = 16;
		break;
	case 1:
		p->net[ASH_Z_LAN] = 10u << 24 | x << 16 | (y * 16) << 8;
		p->bits[ASH_Z_LAN] = 20;
		break;
	case 2:
		p->net[ASH_Z_LAN] = 172u << 24 | (16 + y) << 16 | (below(p, 16) * 16) << 8;
		p->bits[ASH_Z_LAN] = 20;
		break;
	case 3:
		p->net[ASH_Z_LAN] = 192u << 24 | 168u << 16 | (below(p, 64) * 4) << 8;
		p->bits[ASH_Z_LAN] = 22;
		break;
	default:
		p->net[ASH_Z_LAN] = 10u << 24 | x << 16 | (below(p, 4) * 64) << 8;
		p->bits[ASH_Z_LAN] = 18;
		break;
	}
}

static void plan_mgmt(plan *p)
{
	uint32_t o2, o3, o4;
	switch (below(p, 4)) {
	case 0:
		o2 = below(p, 256);
		o3 = below(p, 256);
		p->net[ASH_Z_MGMT] = 10u << 24 | o2 << 16 | o3 << 8;
		p->bits[ASH_Z_MGMT] = 24;
		break;
	case 1:
		p->net[ASH_Z_MGMT] = 192u << 24 | 168u << 16 | below(p, 256) << 8;
		p->bits[ASH_Z_MGMT] = 24;
		break;
	case 2:
		o2 = 16 + below(p, 16);
		o3 = below(p, 256);
		o4 = below(p, 4) * 64;
		p->net[ASH_Z_MGMT] = 172u << 24 | o2 << 16 | o3 << 8 | o4;
		p->bits[ASH_Z_MGMT] = 26;
		break;
	default:
		o2 = below(p, 256);
		o3 = below(p, 256);
		p->net[ASH_Z_MGMT] = 10u << 24 | o2 << 16 | o3 << 8 | 128;
		p->bits[ASH_Z_MGMT] = 25;
		break;
	}
}

/* Three disjoint zones (falls back to the seed story's plan). */
static void plan_nets(plan *p)
{
	for (int tries = 0; tries < 200; tries++) {
		memset(p->net, 0, sizeof p->net);
		memset(p->bits, 0, sizeof p->bits);
		p->noutside = 0;
		plan_lan(p);
		plan_mgmt(p);
		if (overlap(p->net[ASH_Z_LAN], p->bits[ASH_Z_LAN], p->net[ASH_Z_MGMT],
			    p->bits[ASH_Z_MGMT]))
			continue;
		plan_dmz(p);
		if (!overlap(p->net[ASH_Z_DMZ], p->bits[ASH_Z_DMZ], p->net[ASH_Z_LAN],
			     p->bits[ASH_Z_LAN]) &&
		    !overlap(p->net[ASH_Z_DMZ], p->bits[ASH_Z_DMZ], p->net[ASH_Z_MGMT],
			     p->bits[ASH_Z_MGMT]))
			goto done;
	}
	p->net[ASH_Z_DMZ] = 0xcb007100u, p->bits[ASH_Z_DMZ] = 24;
	p->net[ASH_Z_LAN] = 0x0a140000u, p->bits[ASH_Z_LAN] = 16;
	p->net[ASH_Z_MGMT] = 0x0a630000u, p->bits[ASH_Z_MGMT] = 24;
	p->noutside = 0;
done:
	fmt_net(p->v->dmz, sizeof p->v->dmz, p->net[ASH_Z_DMZ], p->bits[ASH_Z_DMZ]);
	fmt_net(p->v->lan, sizeof p->v->lan, p->net[ASH_Z_LAN], p->bits[ASH_Z_LAN]);
	fmt_net(p->v->mgmt, sizeof p->v->mgmt, p->net[ASH_Z_MGMT], p->bits[ASH_Z_MGMT]);
}

/* ---- hosts ---- */

static const char *const zone_names[ASH_Z_N] = {"", "dmz", "lan", "mgmt"};

/* A free address in zone z: the DMZ and mgmt anywhere, the LAN in its
 * first /24 (its users live from the second /24 on); 0 when full. */
static uint32_t host_addr(plan *p, int z)
{
	uint32_t size = 1u << (32 - p->bits[z]);
	uint32_t hi = z == ASH_Z_LAN || size > 256 ? 250 : size - 2;
	for (int tries = 0; tries < 4000; tries++) {
		uint32_t a = p->net[z] + (uint32_t)range(p, 2, hi);
		bool used = false;
		for (size_t i = 0; i < p->c->nhosts && !used; i++)
			used = p->addr[i] == a;
		if (!used)
			return a;
	}
	return 0;
}

static void host_name(plan *p, char *buf, size_t cap, const char *word, int nth)
{
	switch (p->style) {
	case 0:
		snprintf(buf, cap, "%s%02d", word, nth);
		break;
	case 1:
		snprintf(buf, cap, "%s-%s-%02d", p->code, word, nth);
		break;
	case 2:
		snprintf(buf, cap, "srv-%s%d", word, nth);
		break;
	default:
		snprintf(buf, cap, "%s%d.%s", word, nth, p->code);
		break;
	}
}

/* Add a named host; its index, or -1 when the plan is full. */
static int add_host(plan *p, const char *word, int z, uint32_t roles, const char *role)
{
	size_t i = p->c->nhosts;
	uint32_t a = i < ASH_GEN_MAX_HOSTS ? host_addr(p, z) : 0;
	if (!a)
		return -1;
	int nth = 1;
	for (size_t k = 0; k < i; k++)
		nth += strcmp(p->word[k], word) == 0;
	ash_variant *v = p->v;
	host_name(p, v->name[i], sizeof v->name[i], word, nth);
	fmt_ip(v->ip[i], sizeof v->ip[i], a);
	v->hosts[i] = (ash_gen_host){v->name[i], v->ip[i], zone_names[z], roles, true, role};
	p->addr[i] = a;
	p->word[i] = word;
	p->c->nhosts = i + 1;
	return (int)i;
}

static int host_zone(const plan *p, size_t i)
{
	for (int z = ASH_Z_DMZ; z < ASH_Z_N; z++)
		if (!strcmp(p->v->hosts[i].zone, zone_names[z]))
			return z;
	return ASH_Z_INET;
}

/* A random host with one of roles (any when roles is 0) in one of the
 * zones (bit per zone), not reserved and without any of the roles in
 * avoid; -1 when there is none. */
static int pick_host(plan *p, uint32_t roles, unsigned zones, uint32_t avoid)
{
	int cand[ASH_GEN_MAX_HOSTS], n = 0;
	for (size_t i = 0; i < p->c->nhosts; i++) {
		const ash_gen_host *h = &p->v->hosts[i];
		if ((roles && !(h->roles & roles)) || (h->roles & avoid) ||
		    !(zones & (1u << host_zone(p, i))) || (p->reserved >> i & 1))
			continue;
		cand[n++] = (int)i;
	}
	return n ? cand[below(p, (uint32_t)n)] : -1;
}

#define ZB(z) (1u << (z))
#define AMP (ASH_GEN_DNS | ASH_GEN_NTP | ASH_GEN_SSDP | ASH_GEN_MEMCACHE | \
	     ASH_GEN_SNMP | ASH_GEN_CLDAP)

static void plan_services(plan *p)
{
	static const char *const apps[] = {"order portal", "webshop", "customer portal",
					   "api gateway"};
	int nweb = 1 + (int)below(p, 3), ndns = 1 + (int)below(p, 2);
	bool ntp = false;
	for (int i = 0; i < nweb; i++)
		add_host(p, "web", ASH_Z_DMZ, ASH_GEN_WEB, "web");
	if (chance(p, 50))
		add_host(p, "app", ASH_Z_DMZ, ASH_GEN_APP, apps[below(p, 4)]);
	for (int i = 0; i < ndns; i++) {
		bool both = i == 0 && chance(p, 35);
		ntp |= both;
		add_host(p, "ns", ASH_Z_DMZ, ASH_GEN_DNS | (both ? ASH_GEN_NTP : 0),
			 both ? "dns and ntp" : "dns");
	}
	if (!ntp && chance(p, 60))
		add_host(p, "ntp", ASH_Z_DMZ, ASH_GEN_NTP, "ntp");
	if (chance(p, 70))
		add_host(p, "mail", ASH_Z_DMZ, ASH_GEN_MAIL, "mail");
	if (chance(p, 70))
		add_host(p, "files", ASH_Z_DMZ, ASH_GEN_FILES, "file server");
	if (chance(p, 30))
		add_host(p, "nas", ASH_Z_DMZ, ASH_GEN_SSDP, "NAS (UPnP)");
	if (chance(p, 30))
		add_host(p, "cache", ASH_Z_DMZ, ASH_GEN_MEMCACHE, "memcached cache");
	if (chance(p, 40))
		add_host(p, "ups", chance(p, 50) ? ASH_Z_LAN : ASH_Z_DMZ, ASH_GEN_SNMP,
			 "UPS management card");
	if (chance(p, 30))
		add_host(p, "dc", chance(p, 60) ? ASH_Z_LAN : ASH_Z_DMZ, ASH_GEN_CLDAP,
			 "domain controller");
	add_host(p, "mon", ASH_Z_MGMT, ASH_GEN_MONITOR, "monitoring");
	if (chance(p, 80))
		add_host(p, "admin", ASH_Z_MGMT, ASH_GEN_ADMIN, "admin workstation");
}

static void reserve(plan *p, int h, uint32_t role)
{
	if (h < 0)
		return;
	p->v->hosts[h].roles |= role;
	p->reserved |= 1ULL << h;
}

/* Big download, SaaS agents, busy DNS: hosts that stay benign. */
static void plan_hard_benign(plan *p, char *what, size_t cap)
{
	static const char *const dl[] = {"mirror", "wsus", "patch"};
	ash_gen_cfg *c = p->c;
	if (chance(p, 40)) {
		int z = chance(p, 50) ? ASH_Z_LAN : ASH_Z_DMZ;
		const char *word = dl[below(p, 3)];
		int h = add_host(p, word, z, 0, "update mirror");
		reserve(p, h, ASH_GEN_DOWNLOAD);
		c->download_bytes = ash_rng_logu(&p->r, 8000000000ULL, 60000000000ULL);
		if (chance(p, 50)) { /* the incident night: the spike is not all bad */
			c->download_day = -1;
			c->download_h = c->incident_from_h;
		} else {
			c->download_day = (int)below(p, (uint32_t)c->days - 1);
			c->download_h = 9 + (int)below(p, 9);
		}
		strncat(what, " download", cap - strlen(what) - 1);
	}
	if (chance(p, 40)) {
		static const int periods[] = {30, 60, 60, 120, 300};
		int n = 1 + (int)below(p, 3);
		for (int i = 0; i < n; i++)
			reserve(p, pick_host(p, 0, ZB(ASH_Z_DMZ) | ZB(ASH_Z_MGMT),
					     ASH_GEN_DOWNLOAD), ASH_GEN_SAAS);
		c->saas_period_s = periods[below(p, 5)];
		c->saas_jitter_pct = 25 + (int)below(p, 36);
		c->saas_declared = chance(p, 50);
		fmt_net(p->v->saas_net, sizeof p->v->saas_net, public_block(p, 28), 28);
		c->saas_net = p->v->saas_net;
		strncat(what, c->saas_declared ? " saas(declared)" : " saas",
			cap - strlen(what) - 1);
	}
	if (chance(p, 35)) {
		reserve(p, pick_host(p, ASH_GEN_DNS, ZB(ASH_Z_DMZ), 0), ASH_GEN_BUSY_DNS);
		c->busy_dns_per_day = (double)ash_rng_logu(&p->r, 30000, 120000);
		strncat(what, " busy_dns", cap - strlen(what) - 1);
	}
}

static void plan_backup(plan *p)
{
	static const int nb_w[] = {15, 60, 25};
	static const int ports[] = {873, 22, 445};
	static const int from[] = {0, 1, 1, 2, 3, 21};
	ash_gen_cfg *c = p->c;
	int nb = weighted(p, nb_w, 3);
	for (int i = 0; i < nb; i++) {
		int h = pick_host(p, ASH_GEN_FILES | ASH_GEN_APP | ASH_GEN_MAIL,
				  ZB(ASH_Z_DMZ), ASH_GEN_BACKUP);
		if (h < 0)
			h = add_host(p, "db", chance(p, 50) ? ASH_Z_LAN : ASH_Z_DMZ, 0,
				     "database");
		if (h >= 0)
			p->v->hosts[h].roles |= ASH_GEN_BACKUP;
	}
	c->backup_port = ports[below(p, 3)];
	c->backup_from_h = from[below(p, 6)];
	int span = 2 + (int)below(p, 3);
	c->backup_to_h = c->backup_from_h + span > 23 ? 23 : c->backup_from_h + span;
	c->backup_bytes = ash_rng_logu(&p->r, 1ULL << 30, 40ULL << 30);
	c->backup_declared = chance(p, 75);
	uint32_t dst;
	if (chance(p, 50)) {
		dst = public_addr(p);
	} else { /* the DR site over a VPN: private, yet outside the site */
		do {
			uint32_t o2 = 16 + below(p, 16);
			uint32_t o3 = below(p, 256);
			uint32_t o4 = (uint32_t)range(p, 2, 250);
			dst = 172u << 24 | o2 << 16 | o3 << 8 | o4;
		} while (in_site(p, dst));
	}
	fmt_ip(p->v->backup_dst, sizeof p->v->backup_dst, dst);
	c->backup_dst = p->v->backup_dst;
}

/* 0-3 (host, service) reflections on hosts with amplifying services. */
static int plan_reflectors(plan *p)
{
	static const int w[] = {20, 30, 30, 20};
	int want = weighted(p, w, 4), got = 0;
	for (int tries = 0; tries < 20 && got < want; tries++) {
		int h = pick_host(p, AMP, ZB(ASH_Z_DMZ) | ZB(ASH_Z_LAN), ASH_GEN_REFLECT);
		if (h < 0)
			break;
		int pairs = __builtin_popcount(p->v->hosts[h].roles & AMP);
		if (got + pairs <= want) {
			p->v->hosts[h].roles |= ASH_GEN_REFLECT;
			got += pairs;
		}
	}
	return got;
}

static int plan_infected(plan *p)
{
	int n = 2 + (int)below(p, 3), got = 0;
	for (int i = 0; i < n; i++) {
		int h = chance(p, 35) ? -1
			: pick_host(p, 0, ZB(ASH_Z_DMZ) | ZB(ASH_Z_LAN) | ZB(ASH_Z_MGMT),
				    ASH_GEN_INFECTED);
		if (h >= 0 && host_zone(p, (size_t)h) == ASH_Z_MGMT && chance(p, 70))
			h = -1; /* mgmt hosts rarely */
		if (h < 0)
			h = add_host(p, "pc", ASH_Z_LAN, 0, "workstation");
		if (h >= 0) {
			p->v->hosts[h].roles |= ASH_GEN_INFECTED;
			got++;
		}
	}
	return got;
}

static int plan_unknown(plan *p)
{
	static const int w[] = {25, 45, 30};
	static const char *const shadow[] = {"mesgw", "iotgw", "test", "nas-tmp", "dev"};
	int n = weighted(p, w, 3), got = 0;
	for (int i = 0; i < n; i++) {
		int h = -1;
		if (i == 0 && chance(p, 50)) /* servers: LAN clients are never listed */
			h = pick_host(p, ASH_GEN_INFECTED, ZB(ASH_Z_DMZ), 0);
		if (h < 0 || !p->v->hosts[h].in_inventory)
			h = add_host(p, shadow[below(p, 5)], ASH_Z_DMZ, ASH_GEN_WEB,
				     "server bought locally");
		if (h >= 0) {
			p->v->hosts[h].in_inventory = false;
			got++;
		}
	}
	return got;
}

static void plan_attacks(plan *p, int *ndos)
{
	static const int w[] = {20, 40, 25, 15};
	int want = weighted(p, w, 4);
	*ndos = 0;
	for (int i = 0; i < want; i++) {
		int h = pick_host(p, 0, ZB(ASH_Z_DMZ) | ZB(ASH_Z_LAN), ASH_GEN_DOS);
		if (h >= 0) {
			p->v->hosts[h].roles |= ASH_GEN_DOS;
			(*ndos)++;
		}
	}
}

/* ---- times, peers, volumes ---- */

static void plan_site(plan *p, uint64_t k)
{
	ash_gen_cfg *c = p->c;
	ash_variant *v = p->v;
	uint64_t x = c->variant_seed; /* K = 1..NSITES visit every site */
	size_t si = (size_t)((k - 1 + ash_splitmix64(&x) % NSITES) % NSITES);
	const struct site_def *sd = &sites[si];
	uint64_t round = (k - 1) / NSITES;
	if (round)
		snprintf(v->site, sizeof v->site, "%s-%llu", sd->name,
			 (unsigned long long)round + 1);
	else
		snprintf(v->site, sizeof v->site, "%s", sd->name);
	c->site = v->site;
	c->tz = sd->tz;
	c->lang = sd->lang;
	p->code = sd->code;
	p->style = (int)below(p, 4);
	static const char *const fw[] = {"fw-border", "%s-fw01", "edge-fw", "%s-gw"};
	int f = (int)below(p, 4);
	snprintf(v->fw_host, sizeof v->fw_host, fw[f], sd->code);
	c->fw_host = v->fw_host;
	const char *date = sd->dst[0] && chance(p, 75)
		? sd->dst[below(p, 2)] : plain_dates[below(p, 7)];
	sscanf(date, "%d-%d-%d", &c->end_year, &c->end_mon, &c->end_day);
	c->days = 3 + (int)below(p, 5);
}

static void plan_times(plan *p)
{
	ash_gen_cfg *c = p->c;
	static const int inc_from[] = {0, 1, 1, 2, 3, 4, 20};
	c->incident_from_h = inc_from[below(p, 7)];
	c->incident_to_h = c->incident_from_h + 1 + (int)below(p, 3);
	if (c->incident_to_h > 23)
		c->incident_to_h = 23;
	double period = (double)ash_rng_logu(&p->r, 30, 600);
	c->beacon_min_s = c->beacon_max_s = (int)period;
	c->beacon_jitter_min_pct = (int)below(p, 21);
	c->beacon_jitter_max_pct = c->beacon_jitter_min_pct + (int)below(p, 26);
}

static void plan_peers(plan *p)
{
	static const int bports[] = {443, 443, 8443, 80, 8080, 4444, 993};
	ash_gen_cfg *c = p->c;
	ash_variant *v = p->v;
	fmt_ip(v->target, sizeof v->target, public_addr(p));
	fmt_ip(v->controller, sizeof v->controller, public_addr(p));
	fmt_net(v->victim_net, sizeof v->victim_net, public_block(p, 24), 24);
	c->flood_target = v->target;
	c->controller = v->controller;
	c->victim_net = v->victim_net;
	c->nvictims = 1 + (int)below(p, 6);
	c->flood_syn = chance(p, 50);
	do
		c->beacon_port = bports[below(p, 7)];
	while (c->beacon_port == c->backup_port);
}

static void plan_volumes(plan *p)
{
	ash_gen_cfg *c = p->c;
	ash_rng *r = &p->r;
	c->bg_flows_per_day = (double)ash_rng_logu(r, 12000, 60000);
	c->flood_per_hour = (double)ash_rng_logu(r, 6000, 30000);
	c->dns_refl_per_hour = (double)ash_rng_logu(r, 5000, 15000);
	c->ntp_refl_per_hour = (double)ash_rng_logu(r, 3000, 8000);
	c->ssdp_refl_per_hour = (double)ash_rng_logu(r, 4000, 10000);
	c->memc_refl_per_hour = (double)ash_rng_logu(r, 400, 2000);
	c->snmp_refl_per_hour = (double)ash_rng_logu(r, 3000, 8000);
	c->cldap_refl_per_hour = (double)ash_rng_logu(r, 4000, 10000);
}

static void describe(plan *p, int ndos, int nrefl, int ninf, int nunk,
		     const char *hard)
{
	const ash_gen_cfg *c = p->c;
	int nbk = 0;
	for (size_t i = 0; i < c->nhosts; i++)
		nbk += (c->hosts[i].roles & ASH_GEN_BACKUP) != 0;
	snprintf(p->v->desc, sizeof p->v->desc,
		 "variant %llu: %s (%s) %d days to %04d-%02d-%02d, dmz %s lan %s mgmt %s, "
		 "%zu hosts; dos %d%s, reflections %d, infected %d (%d s +-%d..%d%%), "
		 "not inventoried %d, backup %d (tcp/%d %02d-%02dh%s); hard benign:%s",
		 (unsigned long long)c->variant, c->site, c->tz, c->days, c->end_year,
		 c->end_mon, c->end_day, c->dmz, c->lan, c->mgmt, c->nhosts, ndos,
		 ndos ? (c->flood_syn ? " syn" : " udp") : "", nrefl, ninf,
		 c->beacon_min_s, c->beacon_jitter_min_pct, c->beacon_jitter_max_pct,
		 nunk, nbk, c->backup_port, c->backup_from_h, c->backup_to_h,
		 c->backup_declared ? "" : ", undeclared", *hard ? hard : " none");
}

void ash_variant_make(uint64_t k, uint64_t seed, ash_variant *v, ash_gen_cfg *cfg)
{
	ash_gen_defaults(cfg);
	cfg->seed = seed;
	memset(v, 0, sizeof *v);
	if (k == 0) {
		snprintf(v->desc, sizeof v->desc, "variant 0: the seed story");
		return;
	}
	plan p;
	memset(&p, 0, sizeof p);
	p.v = v, p.c = cfg;
	uint64_t x = seed ^ (k * 0x9e3779b97f4a7c15ULL);
	cfg->seed = ash_splitmix64(&x);
	cfg->variant = k;
	cfg->variant_seed = seed;
	ash_rng_seed(&p.r, seed, 0x7661726900000000ULL ^ k);
	plan_site(&p, k);
	plan_times(&p);
	plan_nets(&p);
	cfg->dmz = v->dmz, cfg->lan = v->lan, cfg->mgmt = v->mgmt;
	cfg->hosts = v->hosts, cfg->nhosts = 0;
	plan_services(&p);
	char hard[96] = "";
	plan_hard_benign(&p, hard, sizeof hard);
	plan_backup(&p);
	plan_peers(&p);
	int ndos, nrefl, ninf, nunk;
	plan_attacks(&p, &ndos);
	nrefl = plan_reflectors(&p);
	ninf = plan_infected(&p);
	nunk = plan_unknown(&p);
	plan_volumes(&p);
	describe(&p, ndos, nrefl, ninf, nunk, hard);
}
