/* SPDX-License-Identifier: MIT */
/* flowtable.h: the flow meter of packet captures: decoded packets
 * (pkt.h) in, bidirectional flows out, the way flow meters do it.
 *
 * Key: IP version, protocol, the two addresses and ports (ICMP: 0 and
 * type<<8|code), innermost VLAN.  The originator is the sender of the
 * first packet, unless the other side later sends a pure SYN (SYN
 * without ACK): then roles swap.  TCP: flags are the union of both
 * directions; a RST or a FIN from both sides ends the connection, and a
 * new pure SYN on an ended flow starts a new flow.  Timeouts (packet
 * time, not wall time) follow softflowd's defaults so that a capture and
 * its softflowd export agree; the active timeout splits long flows.
 * Non-first fragments are attributed to their datagram's flow through
 * a cache of first fragments keyed by (addresses, protocol, IP id);
 * when the first fragment was not seen they form a flow without ports.
 * Memory is bounded by max_flows (forced expiry of the least recently
 * active flow when full) and a fixed fragment cache.
 * Does not: decode frames (pkt.c), read files or build records
 * (pcapflow.c). */
#ifndef ASH_FLOWTABLE_H
#define ASH_FLOWTABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "core/ip.h"
#include "ingest/pkt.h"

#define ASH_FLOW_MAX_DEFAULT 1000000u /* live flows (<= 132 bytes each) */

/* Timeouts in seconds; 0 in ash_flowtab_new's opts = the default. */
typedef struct ash_flowtab_opts {
	uint32_t max_flows;  /* ASH_FLOW_MAX_DEFAULT */
	uint32_t active;     /* 1800: longest flow before it is split */
	uint32_t tcp;        /* 3600: idle TCP (softflowd "tcp") */
	uint32_t tcp_fin;    /* 300: idle after FIN both ways ("tcp.fin") */
	uint32_t tcp_rst;    /* 120: idle after a RST ("tcp.rst") */
	uint32_t udp;        /* 300 ("udp") */
	uint32_t icmp;       /* 300 ("icmp") */
	uint32_t general;    /* 3600: other protocols ("general") */
} ash_flowtab_opts;

enum ash_flow_end {
	ASH_FLOW_IDLE = 0,    /* idle timeout */
	ASH_FLOW_ACTIVE = 1,  /* active timeout: continues in a new flow */
	ASH_FLOW_RESTART = 2, /* new SYN after the connection ended */
	ASH_FLOW_EVICTED = 3, /* table full: forced expiry */
	ASH_FLOW_FLUSH = 4    /* end of input */
};

/* One finished flow, originator first. */
typedef struct ash_flow {
	ash_ip src, dst;
	uint16_t sport, dport; /* ICMP: 0 and type<<8|code */
	uint16_t vlan;
	uint8_t proto, ipver;
	bool has_ports, has_icmp;
	uint8_t tcp_flags;     /* union of both directions (TCP) */
	uint8_t end;           /* enum ash_flow_end */
	int64_t first_us, last_us;
	uint64_t opkts, rpkts, obytes, rbytes; /* bytes: IP length */
	uint64_t first_pkt;    /* number of the flow's first packet */
} ash_flowtab_flow;

/* Called for every finished flow; a non-zero return stops the meter and
 * is returned by the call that triggered it. */
typedef int (*ash_flowtab_emit)(void *ctx, const ash_flowtab_flow *f,
				ash_err *err);

typedef struct ash_flowtab_stats {
	uint64_t flows;          /* emitted */
	uint64_t evicted;        /* forced out by max_flows */
	uint64_t frag_matched;   /* non-first fragments given their ports */
	uint64_t frag_unmatched; /* non-first fragments without them */
	uint32_t peak;           /* most live flows at once */
} ash_flowtab_stats;

typedef struct ash_flowtab ash_flowtab;

/* New meter; o may be NULL (defaults).  Never fails (aborts on OOM). */
ash_flowtab *ash_flowtab_new(const ash_flowtab_opts *o, ash_flowtab_emit emit,
			     void *ctx);
/* Account one decoded packet (ASH_PKT_OK) seen at t_us, number pkt_no.
 * Flows that time out by t_us are emitted first.  Returns 0 or the
 * emitter's error. */
int ash_flowtab_add(ash_flowtab *ft, const ash_pkt *p, int64_t t_us,
		    uint64_t pkt_no, ash_err *err);
/* Emit every live flow (ASH_FLOW_FLUSH), oldest activity first. */
int ash_flowtab_flush(ash_flowtab *ft, ash_err *err);
const ash_flowtab_stats *ash_flowtab_stats_get(const ash_flowtab *ft);
uint32_t ash_flowtab_live(const ash_flowtab *ft);
void ash_flowtab_free(ash_flowtab *ft);

#endif
