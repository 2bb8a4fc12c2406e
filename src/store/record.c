/* SPDX-License-Identifier: MIT */
/* record.c: names of record enumerations (see record.h). */
#include "store/record.h"

#include <stdio.h>

const char *ash_action_name(int a)
{
	switch (a) {
	case ASH_ACT_ALLOW: return "allow";
	case ASH_ACT_DENY: return "deny";
	case ASH_ACT_DROP: return "drop";
	default: return "unknown";
	}
}

const char *ash_format_name(int f)
{
	switch (f) {
	case ASH_FMT_IPTABLES: return "iptables";
	case ASH_FMT_ZEEK_TSV: return "zeek";
	case ASH_FMT_ZEEK_JSON: return "zeek-json";
	case ASH_FMT_ASA: return "asa";
	case ASH_FMT_FORTIGATE: return "fortigate";
	case ASH_FMT_PANOS: return "panos";
	case ASH_FMT_PFSENSE: return "filterlog";
	case ASH_FMT_SRX: return "srx";
	case ASH_FMT_WINFW: return "winfw";
	case ASH_FMT_CSV: return "csv";
	case ASH_FMT_NETFLOW5: return "netflow5";
	case ASH_FMT_NETFLOW9: return "netflow9";
	case ASH_FMT_IPFIX: return "ipfix";
	case ASH_FMT_PCAP: return "pcap";
	case ASH_FMT_NFCAPD: return "nfcapd";
	default: return "unknown";
	}
}

const char *ash_proto_name(int p, char buf[8])
{
	switch (p) {
	case 1: return "icmp";
	case 2: return "igmp";
	case 6: return "tcp";
	case 17: return "udp";
	case 47: return "gre";
	case 50: return "esp";
	case 58: return "icmp6";
	case 132: return "sctp";
	default: snprintf(buf, 8, "%d", p & 0xff); return buf;
	}
}
