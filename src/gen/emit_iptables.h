/* SPDX-License-Identifier: MIT */
/* emit_iptables.h: firewall.log lines: what a Linux border firewall with
 * `-j LOG --log-prefix "FW-ACCEPT "` on new connections and "FW-DROP " on
 * its drops writes through the kernel log to RFC 3164 syslog, in the site's
 * local time, without a year:
 *   Nov 25 01:02:11 fw-border kernel: [ 8642.123456] FW-ACCEPT IN=eth1
 *   OUT=eth0 SRC=... DST=... LEN=... TOS=0x00 PREC=0x00 TTL=64 ID=... DF
 *   PROTO=UDP SPT=... DPT=... LEN=...
 * One line per flow: the firewall logs the first packet of a connection,
 * not its bytes.  Interfaces: eth0 internet, eth1 dmz, eth2 lan, eth3 mgmt.
 * Does not decide what traffic exists (flows.c). */
#ifndef ASH_EMIT_IPTABLES_H
#define ASH_EMIT_IPTABLES_H

#include <stdint.h>

#include "core/tztime.h"
#include "gen/flows.h"
#include "gen/wbuf.h"

typedef struct ash_emit_ipt {
	ash_wbuf *w;         /* borrowed */
	ash_tz *tz;          /* borrowed */
	int64_t boot_us;     /* kernel boot instant (uptime stamps) */
	int64_t sec;         /* UTC second of the cached stamp */
	char stamp[96];      /* "Nov 25 01:02:11 fw-border kernel: [" */
	size_t nstamp, nhost;
	char host[64];
	uint64_t lines, accept, drop;
} ash_emit_ipt;

/* host: syslog host name (<= 63 bytes, no spaces). */
void ash_emit_iptables_init(ash_emit_ipt *e, ash_wbuf *w, ash_tz *tz,
			    const char *host, int64_t boot_us);
/* Append the line of flow f (f->ts >= boot_us). */
void ash_emit_iptables_flow(ash_emit_ipt *e, const ash_flow *f);

#endif
