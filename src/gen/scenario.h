/* SPDX-License-Identifier: MIT */
/* scenario.h: the resolved plan of a generated scenario: the time window
 * and the incident in UTC, the day/night rhythm per 15 minutes, the named
 * hosts with their roles, the address pools of the outside world (clients,
 * web sites, mail servers, resolvers, scanners), the controller, the flood
 * target and the spoofed victims.  Built once from an ash_gen_cfg and a
 * seed; read-only afterwards.  Does not make flows (flows.c) or text. */
#ifndef ASH_SCENARIO_H
#define ASH_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/tztime.h"
#include "gen/gen.h"

/* Zones as the firewall sees them: an interface each. */
enum ash_zone { ASH_Z_INET = 0, ASH_Z_DMZ = 1, ASH_Z_LAN = 2, ASH_Z_MGMT = 3,
		ASH_Z_N = 4 };

/* Day/night curves (multipliers of a stream's peak rate). */
enum ash_curve { ASH_CURVE_FLAT = 0, ASH_CURVE_OFFICE = 1,
		 ASH_CURVE_PUBLIC = 2, ASH_CURVE_N = 3 };

#define ASH_SLOT_US (900LL * 1000000) /* curves are per 15 minutes */

typedef struct ash_scn_host {
	uint32_t ip;        /* host order */
	const char *name, *role;
	uint32_t roles;     /* ASH_GEN_* */
	uint8_t zone;       /* ASH_Z_* */
	bool in_inventory;
} ash_scn_host;

/* An address pool of the outside world. */
typedef struct ash_pool {
	uint32_t *a;
	uint32_t n;
} ash_pool;

typedef struct ash_scn {
	ash_gen_cfg cfg;          /* copy (strings borrowed) */
	char case_name[96];
	ash_tz *tz;               /* owned */
	int64_t t0, t1;           /* window [t0, t1), UTC us (local midnights) */
	int64_t inc0, inc1;       /* incident [inc0, inc1) */
	int64_t *bk0, *bk1;       /* per day: backup window [bk0, bk1) */
	int ndays;
	float *curve[ASH_CURVE_N];/* per slot multiplier in [0, 1] */
	double curve_mean[ASH_CURVE_N]; /* mean over the window */
	size_t nslots;
	uint32_t net[ASH_Z_N], bits[ASH_Z_N]; /* zone prefixes (INET unused) */
	ash_scn_host *hosts;
	size_t nhosts;
	ash_pool users;           /* LAN users (inside lan) */
	ash_pool clients;         /* internet clients of the web and NTP */
	ash_pool sites;           /* web sites the LAN browses */
	ash_pool mtas;            /* mail servers outside */
	ash_pool resolvers;       /* DNS servers outside (both directions) */
	ash_pool ntp_up;          /* upstream NTP servers */
	ash_pool scanners;        /* internet noise, dropped */
	uint32_t controller, target, backup_dst;
	uint32_t victims[ASH_GEN_MAX_VICTIMS];
	int nvictims;
	uint16_t flood_dport, flood_payload;
	uint16_t ntp_monlist_pkts; /* packets per monlist response */
	int64_t beacon_period_us, beacon_jitter_us;
	int64_t boot_us;          /* firewall boot time (kernel uptime stamps) */
	uint32_t saas[4];         /* SaaS endpoints (SAAS hosts), nsaas of them */
	int nsaas;
	int64_t dl0;              /* start of the download burst (DOWNLOAD hosts) */
} ash_scn;

/* Build the plan.  Returns 0, ASH_EUSAGE (bad config), ASH_ENOTFOUND
 * (unknown time zone).  On error *out is untouched. */
int ash_scenario_build(const ash_gen_cfg *cfg, ash_scn **out, ash_err *err);
void ash_scenario_free(ash_scn *s);

/* Curve multiplier at UTC instant t (0 outside the window). */
static inline float ash_scenario_curve(const ash_scn *s, int c, int64_t t)
{
	if (t < s->t0 || t >= s->t1)
		return 0.0f;
	return s->curve[c][(size_t)((t - s->t0) / ASH_SLOT_US)];
}

/* Zone of an address (ASH_Z_INET when in none of the site's networks). */
int ash_scenario_zone(const ash_scn *s, uint32_t ip);
/* Index of the named host with address ip, or -1. */
int ash_scenario_host(const ash_scn *s, uint32_t ip);
/* Names of zones and ASH_GEN_* roles for text output. */
const char *ash_scenario_zone_name(int zone);
/* Role names of bits into out (up to max), returns how many. */
size_t ash_scenario_role_names(uint32_t roles, const char **out, size_t max);
/* Parse IPv4 text ("a.b.c.d") into host order; 0 or -1. */
int ash_scenario_ipv4(const char *s, uint32_t *out);
/* Parse an IPv4 CIDR with 8 <= bits <= 30 and zero host bits; 0 or -1. */
int ash_scenario_net(const char *s, uint32_t *net, uint32_t *bits);
/* True for an address that looks public: not private, reserved,
 * documentation or benchmark space, not .0 or .255. */
bool ash_scenario_is_public(uint32_t a);

#endif
