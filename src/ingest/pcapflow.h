/* SPDX-License-Identifier: MIT */
/* pcapflow.h: the "pcap" format (ash_pcap_parser, ingest/pcapflow.c):
 * pcap and pcapng captures, read through libpcap, metered into flows by
 * flowtable.c.  This header adds what tests and tools may ask of a
 * parser state beyond parser.h: the meter's options and counters. */
#ifndef ASH_PCAPFLOW_H
#define ASH_PCAPFLOW_H

#include <stdint.h>

#include "ingest/flowtable.h"
#include "ingest/parser.h"

typedef struct ash_pcapflow_stats {
	uint64_t packets;   /* read from the capture */
	uint64_t truncated; /* decoded although cut by the snap length */
	uint64_t not_ip;    /* skipped: ARP, LLDP, STP, ... */
	uint64_t bad;       /* rejected: malformed, header cut, link type */
	ash_flowtab_stats flows;
	int linktype;       /* DLT_* of the capture */
} ash_pcapflow_stats;

/* Meter options for the next run (state from ash_pcap_parser.open);
 * copied.  Without this call the defaults of flowtable.h apply. */
void ash_pcapflow_set_opts(void *state, const ash_flowtab_opts *o);
/* Counters of the last run; valid until close. */
const ash_pcapflow_stats *ash_pcapflow_stats_of(const void *state);

#endif
