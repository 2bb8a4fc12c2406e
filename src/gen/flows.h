/* SPDX-License-Identifier: MIT */
/* flows.h: the flows of a scenario, in time order.  Each kind of traffic
 * (LAN browsing, web in, mail, DNS, NTP, file shares, monitoring, scans,
 * backup, beacons, flood, reflection) is a stream with its own PRNG; a heap
 * merges the streams by start time.  A flow carries what both emitters
 * need (the firewall's first packet and Zeek's totals), so the two files
 * describe the same traffic.  Counts per stream and per named host are
 * kept for truth.json.  Makes no text. */
#ifndef ASH_FLOWS_H
#define ASH_FLOWS_H

#include <stdbool.h>
#include <stdint.h>

#include "gen/scenario.h"

/* Kinds of traffic (a stream has one). */
enum ash_flow_tag {
	ASH_TAG_LAN_WEB, ASH_TAG_WEB_IN, ASH_TAG_DNS_IN, ASH_TAG_DNS_OUT,
	ASH_TAG_LAN_DNS, ASH_TAG_MAIL_IN, ASH_TAG_MAIL_OUT, ASH_TAG_LAN_FILES,
	ASH_TAG_LAN_MAIL, ASH_TAG_NTP_IN, ASH_TAG_LAN_NTP, ASH_TAG_NTP_OUT,
	ASH_TAG_ADMIN_SSH, ASH_TAG_DROP_SCAN, ASH_TAG_DROP_LAN,
	ASH_TAG_MONITOR, ASH_TAG_BEACON, ASH_TAG_BACKUP, ASH_TAG_FLOOD,
	ASH_TAG_DNS_REFL, ASH_TAG_NTP_REFL,
	/* variants: more amplifying services, their ordinary use, and the
	 * hard benign cases */
	ASH_TAG_SSDP_REFL, ASH_TAG_MEMC_REFL, ASH_TAG_SNMP_REFL,
	ASH_TAG_CLDAP_REFL, ASH_TAG_LAN_LDAP, ASH_TAG_LAN_MEMC, ASH_TAG_LAN_SSDP,
	ASH_TAG_SNMP_POLL, ASH_TAG_DNS_BUSY, ASH_TAG_SAAS, ASH_TAG_DOWNLOAD,
	ASH_TAG_N
};

/* Zeek connection states used. */
enum ash_flow_state { ASH_ST_SF = 0, ASH_ST_S0 = 1, ASH_ST_REJ = 2 };

/* Zeek service names (ash_flows_service_name). */
enum ash_flow_service {
	ASH_SVC_NONE = 0, ASH_SVC_HTTP, ASH_SVC_SSL, ASH_SVC_DNS, ASH_SVC_NTP,
	ASH_SVC_SMTP, ASH_SVC_SSH, ASH_SVC_SMB, ASH_SVC_SNMP, ASH_SVC_LDAP,
	ASH_SVC_N
};

/* An amplifying service a REFLECT host is abused through (the host has
 * role `role`); reflection flows carry tag `tag`. */
typedef struct ash_refl_svc {
	uint8_t tag;       /* ASH_TAG_*_REFL */
	uint32_t role;     /* ASH_GEN_DNS, ASH_GEN_NTP, ... */
	uint16_t port;     /* udp port of the service */
	const char *name;  /* "dns", "ntp", "ssdp", "memcached", "snmp", "cldap" */
} ash_refl_svc;

typedef struct ash_flow {
	int64_t ts;          /* start, UTC us */
	int64_t dur;         /* us (Zeek prints "-" for one-packet flows) */
	uint64_t obytes, rbytes, opkts, rpkts; /* payload bytes, packets */
	uint64_t uid[2];     /* random bits of the Zeek uid */
	uint32_t src, dst;   /* host order IPv4 */
	uint16_t sport, dport;
	uint16_t ip_id, win; /* first packet: IP id, TCP window */
	uint16_t len0;       /* first packet: IP total length */
	uint8_t proto;       /* 6 tcp, 17 udp */
	uint8_t drop;        /* 1: FW-DROP (Zeek does not see it) */
	uint8_t in_z, out_z; /* ASH_Z_* of src and dst side */
	uint8_t state, service, ttl, df;
	uint8_t tag;         /* ASH_TAG_* */
} ash_flow;

/* Totals of a stream or a host. */
typedef struct ash_flow_count {
	uint64_t flows, obytes, rbytes, opkts, rpkts;
	int64_t first, last; /* start times of the first and last flow */
} ash_flow_count;

/* Per named host: as originator and as responder, accepted flows only,
 * plus the drops that named it. */
typedef struct ash_host_count {
	ash_flow_count as_src, as_dst;
	uint64_t drops;
} ash_host_count;

typedef struct ash_flows ash_flows;

/* Streams of plan s (borrowed for the life of the result). */
ash_flows *ash_flows_open(const ash_scn *s);
void ash_flows_close(ash_flows *fl);
/* Next flow in start-time order; false when all streams are done. */
bool ash_flows_next(ash_flows *fl, ash_flow *f);

/* Sum of the streams with this tag; host >= 0 limits it to the streams of
 * that named host (beacons, backup, flood, reflection, monitoring). */
ash_flow_count ash_flows_count(const ash_flows *fl, int tag, int host);
/* Counts of named host i. */
const ash_host_count *ash_flows_host(const ash_flows *fl, size_t i);
/* i-th amplifying service (DNS and NTP first), NULL past the last. */
const ash_refl_svc *ash_flows_refl_svc(size_t i);
/* Fixed texts. */
const char *ash_flows_service_name(int svc);
const char *ash_flows_tag_name(int tag);

#endif
