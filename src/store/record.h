/* SPDX-License-Identifier: MIT */
/* record.h: the normalised record (DESIGN §4), as parsers produce it and
 * the store consumes it, and the column batch the store hands to queries.
 *
 * One record = one flow, connection or firewall decision.  Values that a
 * source does not carry are explicit: the matching ASH_HAVE_* bit is clear
 * (the field itself is then 0 and must not be read as a measurement). */
#ifndef ASH_RECORD_H
#define ASH_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ip.h"

/* Firewall action. */
enum ash_action {
	ASH_ACT_UNKNOWN = 0,
	ASH_ACT_ALLOW = 1,
	ASH_ACT_DENY = 2, /* refused with a reply (reject) or "deny" */
	ASH_ACT_DROP = 3  /* silently discarded */
};

/* Source format of a record (kept per record; values are on disk). */
enum ash_format {
	ASH_FMT_UNKNOWN = 0,
	ASH_FMT_IPTABLES = 1,
	ASH_FMT_ZEEK_TSV = 2,
	ASH_FMT_ZEEK_JSON = 3,
	ASH_FMT_ASA = 4,       /* Cisco ASA / FTD syslog */
	ASH_FMT_FORTIGATE = 5, /* FortiGate / FortiOS traffic key=value */
	ASH_FMT_PANOS = 6,     /* Palo Alto PAN-OS TRAFFIC CSV */
	ASH_FMT_PFSENSE = 7,   /* pfSense / OPNsense filterlog */
	ASH_FMT_SRX = 8,       /* Juniper SRX RT_FLOW */
	ASH_FMT_WINFW = 9,     /* Windows Firewall pfirewall.log */
	ASH_FMT_CSV = 10,      /* generic CSV with a column mapping */
	ASH_FMT_NETFLOW5 = 11,
	ASH_FMT_NETFLOW9 = 12,
	ASH_FMT_IPFIX = 13,
	ASH_FMT_PCAP = 14,     /* flows metered from a packet capture */
	ASH_FMT_NFCAPD = 15,   /* nfdump's nfcapd files */
	ASH_FMT_MAX_ = 64
};

/* Presence bits (ash_rec.have).  Values are on disk: append only. */
enum ash_have {
	ASH_HAVE_END = 1u << 0,      /* t_end */
	ASH_HAVE_SPORT = 1u << 1,    /* src port (TCP/UDP/SCTP) */
	ASH_HAVE_DPORT = 1u << 2,    /* dst port; for ICMP: type<<8|code */
	ASH_HAVE_OBYTES = 1u << 3,   /* bytes sent by originator */
	ASH_HAVE_RBYTES = 1u << 4,   /* bytes sent by responder */
	ASH_HAVE_OPKTS = 1u << 5,
	ASH_HAVE_RPKTS = 1u << 6,
	ASH_HAVE_FLAGS = 1u << 7,    /* tcp_flags */
	ASH_HAVE_NAT_SRC = 1u << 8,
	ASH_HAVE_NAT_DST = 1u << 9,
	ASH_HAVE_TZOFF = 1u << 10,   /* tz_off: source carried or was given */
	ASH_HAVE_PROTO = 1u << 11,
	ASH_HAVE_SAMPLING = 1u << 12 /* sampling: the exporter sampled 1:N */
};

/* TCP flag bits, as in the TCP header. */
enum ash_tcpflag {
	ASH_TCP_FIN = 0x01, ASH_TCP_SYN = 0x02, ASH_TCP_RST = 0x04,
	ASH_TCP_PSH = 0x08, ASH_TCP_ACK = 0x10, ASH_TCP_URG = 0x20,
	ASH_TCP_ECE = 0x40, ASH_TCP_CWR = 0x80
};

/* A borrowed string: p need not be NUL-terminated; n == 0 means unknown. */
typedef struct ash_str {
	const char *p;
	uint32_t n;
} ash_str;

/* One record as a parser fills it.  Strings are borrowed: valid only until
 * the parser is called again; the store copies what it keeps. */
typedef struct ash_rec {
	int64_t t_start;   /* microseconds since 1970-01-01T00:00:00Z */
	int64_t t_end;     /* ASH_HAVE_END */
	int32_t tz_off;    /* original UTC offset of the source, seconds */
	uint32_t have;     /* ASH_HAVE_* */
	ash_ip src, dst;
	ash_ip nat_src, nat_dst;
	uint16_t sport, dport, nat_sport, nat_dport;
	uint8_t proto;     /* IP protocol number */
	uint8_t tcp_flags; /* union of flags seen */
	uint8_t action;    /* enum ash_action */
	uint8_t format;    /* enum ash_format */
	uint64_t obytes, rbytes, opkts, rpkts;
	uint64_t src_line; /* line number (text) or byte offset (binary) */
	ash_str in_if, out_if; /* ingress/egress interface or zone name */
	ash_str rule;      /* rule / policy id or log prefix */
	ash_str device;    /* reporting device (syslog host, sensor) */
	ash_str note;      /* what the source says about how the session
			    * ended or which way it went ("tcp-fin", "TCP
			    * Reset-I", "RECEIVE"), verbatim */
	uint32_t sampling; /* ASH_HAVE_SAMPLING: packet sampling interval N
			    * (1:N, N > 1) of the exporter; the counters
			    * above are already scaled by N */
} ash_rec;

/* Columns a reader can decode (ash_batch); bit per column. */
enum ash_col {
	ASH_COL_TIME = 1u << 0,    /* t_start, t_end, tz_off, have */
	ASH_COL_ADDR = 1u << 1,    /* src_idx, dst_idx, addrs */
	ASH_COL_PORTS = 1u << 2,   /* sport, dport, proto, tcp_flags, action */
	ASH_COL_COUNTS = 1u << 3,  /* obytes, rbytes, opkts, rpkts, sampling */
	ASH_COL_NAT = 1u << 4,     /* nat_src_idx, nat_dst_idx, nat ports */
	ASH_COL_STRS = 1u << 5,    /* in_if, out_if, rule, device, note idx
				    * + strs */
	ASH_COL_PROV = 1u << 6,    /* format, src_line, evidence */
	ASH_COL_ALL = 0x7f
};

/* A decoded chunk: struct of arrays, n rows.  Arrays for columns not
 * requested are NULL.  Addresses are dictionary coded per chunk:
 * addrs[src_idx[i]] is the source of row i.  Strings likewise: strs[0] is
 * the unknown/empty string.  Everything is owned by the reader that filled
 * the batch and stays valid until that reader reads again. */
typedef struct ash_batch {
	size_t n;
	uint32_t chunk;          /* chunk index in the store */
	uint32_t evidence;       /* evidence index (manifest) of the chunk */
	const char *site;        /* site the chunk was ingested for */
	const int64_t *t_start, *t_end;
	const int32_t *tz_off;
	const uint32_t *have;
	const uint32_t *src_idx, *dst_idx;
	const ash_ip *addrs;
	size_t naddrs;
	bool addrs_sorted;       /* addrs in ash_ip_cmp order (store chunks:
				  * always, checked when read) */
	const uint16_t *sport, *dport;
	const uint8_t *proto, *tcp_flags, *action;
	const uint64_t *obytes, *rbytes, *opkts, *rpkts;
	const uint32_t *sampling; /* 0 = unsampled (chunks written before
				   * this column existed: all 0) */
	const uint32_t *nat_src_idx, *nat_dst_idx; /* into addrs */
	const uint16_t *nat_sport, *nat_dport;
	const uint32_t *in_if, *out_if, *rule, *device; /* into strs */
	const uint32_t *note;    /* into strs (older chunks: all 0, "") */
	const ash_str *strs;
	size_t nstrs;
	const uint8_t *format;
	const uint64_t *src_line;
} ash_batch;

static inline const ash_ip *ash_batch_src(const ash_batch *b, size_t i)
{
	return &b->addrs[b->src_idx[i]];
}

static inline const ash_ip *ash_batch_dst(const ash_batch *b, size_t i)
{
	return &b->addrs[b->dst_idx[i]];
}

/* bytes and packets in both directions (unknown directions count 0) */
static inline uint64_t ash_batch_bytes(const ash_batch *b, size_t i)
{
	return b->obytes[i] + b->rbytes[i];
}

static inline uint64_t ash_batch_packets(const ash_batch *b, size_t i)
{
	return b->opkts[i] + b->rpkts[i];
}

const char *ash_action_name(int action);   /* "allow", ..., "unknown" */
const char *ash_format_name(int format);   /* "iptables", "zeek", ... */
const char *ash_proto_name(int proto, char buf[8]); /* "tcp" or number */

#endif
