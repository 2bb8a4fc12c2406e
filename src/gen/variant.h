/* SPDX-License-Identifier: MIT */
/* variant.h: scenario variants for evaluation (`demo-data --variant K`).
 *
 * Variant 0 is the seed story (ash_gen_defaults) unchanged.  Variant
 * K >= 1 derives a whole other site from (K, seed): name, IANA time zone
 * (some with :30/:45 offsets, some crossing a DST change inside the
 * window), end date, address plan (DMZ, LAN and mgmt prefixes and sizes),
 * host names and which hosts serve what (web, DNS, NTP, mail, files,
 * SSDP, memcached, SNMP, CLDAP), the attack mix (UDP or SYN flood by 0-3
 * hosts, 0-3 reflections on different services, 2-4 infected hosts with
 * their period and jitter, 0-2 hosts absent from the inventory), the
 * backup (0-2 hosts, hours, port 873/22/445, bytes, declared or not), the
 * hard benign cases (big download, jittered SaaS agent, busy DNS server),
 * volumes and days (3-7).  Same (K, seed), same config.  Writes nothing;
 * ash_gen_run makes the files. */
#ifndef ASH_VARIANT_H
#define ASH_VARIANT_H

#include <stdint.h>

#include "gen/gen.h"

/* Storage for the strings and hosts a derived config borrows. */
typedef struct ash_variant {
	ash_gen_host hosts[ASH_GEN_MAX_HOSTS];
	char name[ASH_GEN_MAX_HOSTS][32];
	char ip[ASH_GEN_MAX_HOSTS][16];
	char site[40], fw_host[40];
	char dmz[24], lan[24], mgmt[24];
	char backup_dst[16], target[16], controller[16];
	char victim_net[24], saas_net[24];
	char desc[512];   /* one line saying what the variant holds */
} ash_variant;

/* Fill cfg with variant k of seed; cfg's strings and hosts then point
 * into v, which must outlive every use of cfg.  k = 0 gives the seed
 * story with this seed (ash_gen_defaults, then cfg->seed = seed).  The
 * result passes ash_gen_check. */
void ash_variant_make(uint64_t k, uint64_t seed, ash_variant *v, ash_gen_cfg *cfg);

#endif
