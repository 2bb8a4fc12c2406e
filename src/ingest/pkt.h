/* SPDX-License-Identifier: MIT */
/* pkt.h: decoding one captured frame down to the transport header, for
 * the capture flow meter (pcapflow.c) and for reading flow exports out
 * of captures (netflow).  Link types: Ethernet (with 802.1Q VLAN and
 * QinQ), Linux cooked (SLL, SLL2), raw IP, BSD loopback/null.  IPv4 and
 * IPv6 (extension headers skipped), fragments flagged, TCP/UDP/SCTP
 * ports, ICMP/ICMPv6 type and code.  Never reads past caplen. */
#ifndef ASH_PKT_H
#define ASH_PKT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ip.h"

typedef struct ash_pkt {
	uint32_t caplen, wirelen;
	uint8_t ipver;          /* 4 or 6 */
	ash_ip src, dst;
	uint8_t proto;          /* IP protocol (after IPv6 extension headers) */
	bool has_ports;         /* TCP/UDP/SCTP header present */
	uint16_t sport, dport;  /* ICMP/ICMPv6: sport 0, dport type<<8|code */
	bool has_icmp;
	uint8_t tcp_flags;      /* TCP only */
	bool fragment;          /* part of a fragmented datagram */
	bool first_fragment;    /* offset 0 (carries the L4 header) */
	uint32_t ip_len;        /* IP total length from the header (wire) */
	uint16_t vlan;          /* innermost VLAN id, 0 = none */
	const uint8_t *payload; /* L4 payload within the captured bytes */
	uint32_t payload_len;   /* captured payload bytes */
	uint32_t frag_id;       /* fragments: IPv4 id / IPv6 fragment id */
} ash_pkt;

enum ash_pkt_result {
	ASH_PKT_OK = 0,
	ASH_PKT_NOT_IP = 1,     /* ARP, LLDP, ...: not a flow packet */
	ASH_PKT_TRUNCATED = 2,  /* capture cut inside a needed header */
	ASH_PKT_BAD = 3,        /* malformed header */
	ASH_PKT_LINKTYPE = 4    /* link type not supported */
};

/* Decode data (caplen bytes captured of wirelen) of pcap link type
 * linktype (DLT_*).  Returns ASH_PKT_*; on anything but OK *why names
 * the problem (static text). */
int ash_pkt_decode(int linktype, const uint8_t *data, uint32_t caplen,
		   uint32_t wirelen, ash_pkt *out, const char **why);

#endif
