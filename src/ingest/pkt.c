/* SPDX-License-Identifier: MIT */
/* pkt.c: decoding one captured frame down to the transport header (see
 * pkt.h): link layer (Ethernet with 802.1Q/802.1ad/QinQ tags, MPLS and
 * PPPoE session; Linux SLL and SLL2; raw IPv4/IPv6; BSD null/loop), IPv4
 * and IPv6 with extension headers and fragments, the ports of TCP, UDP,
 * UDP-Lite and SCTP, the type and code of ICMP and ICMPv6.
 *
 * Owns: bounds (every read is checked against caplen), the IP length
 * (the IP header's, so a capture cut by its snap length still reports the
 * bytes that crossed the wire).
 * Does not: reassemble fragments, decapsulate tunnels (GRE, IP-in-IP:
 * the outer header is the packet), verify checksums, or keep state. */
#include "ingest/pkt.h"

#include <string.h>

#include <pcap/dlt.h>

#define MAX_TAGS 8        /* VLAN tags / MPLS labels followed at most */
#define MAX_EXT_HDRS 16   /* IPv6 extension headers followed at most */

/* The bytes still to decode. */
typedef struct cur {
	const uint8_t *p;
	uint32_t n;
} cur;

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int fail(const char **why, int code, const char *text)
{
	*why = text;
	return code;
}

static void skip(cur *c, uint32_t k)
{
	c->p += k;
	c->n -= k;
}

/* ---- transport ------------------------------------------------------- */

/* c: the L4 bytes captured, at most ip_left (the bytes the IP header says
 * follow).  Fills ports/type/flags and the payload. */
static int decode_l4(cur c, uint32_t ip_left, ash_pkt *o, const char **why)
{
	uint32_t hl = 0;
	if (c.n > ip_left)
		c.n = ip_left; /* Ethernet padding is not payload */
	switch (o->proto) {
	case 6: /* TCP */
		if (c.n < 20)
			return fail(why, ASH_PKT_TRUNCATED, "TCP header cut");
		hl = (uint32_t)(c.p[12] >> 4) * 4;
		if (hl < 20)
			return fail(why, ASH_PKT_BAD, "TCP data offset below 5");
		o->tcp_flags = c.p[13];
		break;
	case 17:  /* UDP */
	case 136: /* UDP-Lite */
		if (c.n < 8)
			return fail(why, ASH_PKT_TRUNCATED, "UDP header cut");
		hl = 8;
		break;
	case 132: /* SCTP */
		if (c.n < 12)
			return fail(why, ASH_PKT_TRUNCATED, "SCTP header cut");
		hl = 12;
		break;
	case 1:  /* ICMP */
	case 58: /* ICMPv6 */
		if (c.n < 4)
			return fail(why, ASH_PKT_TRUNCATED, "ICMP header cut");
		o->has_icmp = true;
		o->sport = 0;
		o->dport = (uint16_t)(c.p[0] << 8 | c.p[1]);
		hl = c.n < 8 ? 4 : 8;
		break;
	default:
		o->payload = c.p;
		o->payload_len = c.n;
		return ASH_PKT_OK;
	}
	if (!o->has_icmp) {
		o->has_ports = true;
		o->sport = rd16(c.p);
		o->dport = rd16(c.p + 2);
	}
	if (hl > c.n)
		hl = c.n; /* TCP options cut: ports and flags are enough */
	o->payload = c.p + hl;
	o->payload_len = c.n - hl;
	return ASH_PKT_OK;
}

/* ---- IP -------------------------------------------------------------- */

static int decode_ip4(cur c, uint32_t wire_left, ash_pkt *o, const char **why)
{
	if (c.n < 20)
		return fail(why, ASH_PKT_TRUNCATED, "IPv4 header cut");
	uint32_t hl = (uint32_t)(c.p[0] & 15) * 4;
	if (hl < 20)
		return fail(why, ASH_PKT_BAD, "IPv4 header length below 5");
	if (c.n < hl)
		return fail(why, ASH_PKT_TRUNCATED, "IPv4 options cut");
	uint32_t len = rd16(c.p + 2);
	if (len == 0)
		len = wire_left; /* segmentation offload: length left 0 */
	if (len < hl)
		return fail(why, ASH_PKT_BAD, "IPv4 total length below header length");
	o->ipver = 4;
	o->ip_len = len;
	o->proto = c.p[9];
	ash_ip_from_v4(&o->src, rd32(c.p + 12));
	ash_ip_from_v4(&o->dst, rd32(c.p + 16));
	uint16_t frag = rd16(c.p + 6);
	uint16_t off = frag & 0x1fff;
	if (off || (frag & 0x2000)) {
		o->fragment = true;
		o->first_fragment = off == 0;
		o->frag_id = rd16(c.p + 4);
	}
	skip(&c, hl);
	if (o->fragment && !o->first_fragment) {
		o->payload = c.p;
		o->payload_len = c.n < len - hl ? c.n : len - hl;
		return ASH_PKT_OK;
	}
	return decode_l4(c, len - hl, o, why);
}

static bool ip6_ext(uint8_t nh)
{
	return nh == 0 || nh == 43 || nh == 44 || nh == 51 || nh == 60 ||
	       nh == 135 || nh == 139 || nh == 140;
}

static int decode_ip6(cur c, uint32_t wire_left, ash_pkt *o, const char **why)
{
	if (c.n < 40)
		return fail(why, ASH_PKT_TRUNCATED, "IPv6 header cut");
	uint32_t plen = rd16(c.p + 4);
	if (plen == 0 && wire_left > 40)
		plen = wire_left - 40; /* jumbogram or offload */
	o->ipver = 6;
	o->ip_len = 40 + plen;
	memcpy(o->src.b, c.p + 8, 16);
	memcpy(o->dst.b, c.p + 24, 16);
	uint8_t nh = c.p[6];
	skip(&c, 40);
	uint32_t left = plen; /* bytes of the datagram after this point */
	for (int i = 0; ip6_ext(nh); i++) {
		if (i == MAX_EXT_HDRS)
			return fail(why, ASH_PKT_BAD, "too many IPv6 extension headers");
		if (c.n < 8)
			return fail(why, ASH_PKT_TRUNCATED, "IPv6 extension header cut");
		uint32_t len = nh == 44 ? 8
			     : nh == 51 ? ((uint32_t)c.p[1] + 2) * 4
				        : ((uint32_t)c.p[1] + 1) * 8;
		if (len > left)
			return fail(why, ASH_PKT_BAD, "IPv6 extension header beyond payload length");
		if (len > c.n)
			return fail(why, ASH_PKT_TRUNCATED, "IPv6 extension header cut");
		if (nh == 44) {
			uint16_t off = rd16(c.p + 2) >> 3;
			o->fragment = true;
			o->first_fragment = off == 0;
			o->frag_id = rd32(c.p + 4);
		}
		nh = c.p[0];
		skip(&c, len);
		left -= len;
		if (o->fragment && !o->first_fragment)
			break;
	}
	o->proto = nh;
	if (o->fragment && !o->first_fragment) {
		o->payload = c.p;
		o->payload_len = c.n < left ? c.n : left;
		return ASH_PKT_OK;
	}
	return decode_l4(c, left, o, why);
}

/* The IP datagram at c; version from the first nibble. */
static int decode_ip(cur c, uint32_t wire_left, ash_pkt *o, const char **why)
{
	if (c.n < 1)
		return fail(why, ASH_PKT_TRUNCATED, "IP header cut");
	switch (c.p[0] >> 4) {
	case 4:
		return decode_ip4(c, wire_left, o, why);
	case 6:
		return decode_ip6(c, wire_left, o, why);
	default:
		return fail(why, ASH_PKT_BAD, "IP version neither 4 nor 6");
	}
}

/* ---- link layer ------------------------------------------------------ */

/* After an ethertype: IP, or something else, following VLAN tags, MPLS
 * labels and PPPoE sessions (bounded).  c starts after the type. */
static int decode_ethertype(uint16_t type, cur c, uint32_t wire_left,
			    ash_pkt *o, const char **why)
{
	for (int i = 0; i <= MAX_TAGS; i++) {
		uint32_t k = 4; /* bytes of this tag, label or header */
		switch (type) {
		case 0x0800:
		case 0x86dd:
			return decode_ip(c, wire_left, o, why);
		case 0x8100: /* 802.1Q */
		case 0x88a8: /* 802.1ad */
		case 0x9100: /* old QinQ */
			if (c.n < 4)
				return fail(why, ASH_PKT_TRUNCATED, "VLAN tag cut");
			o->vlan = rd16(c.p) & 0x0fff;
			type = rd16(c.p + 2);
			break;
		case 0x8847: /* MPLS: labels until the bottom of the stack */
		case 0x8848:
			if (c.n < 4)
				return fail(why, ASH_PKT_TRUNCATED, "MPLS label cut");
			if (c.p[2] & 1)
				type = c.n > 4 && c.p[4] >> 4 == 6 ? 0x86dd : 0x0800;
			break;
		case 0x8864: /* PPPoE session: 6 bytes, then PPP protocol */
			if (c.n < 8)
				return fail(why, ASH_PKT_TRUNCATED, "PPPoE header cut");
			k = 8;
			if (rd16(c.p + 6) == 0x0021)
				type = 0x0800;
			else if (rd16(c.p + 6) == 0x0057)
				type = 0x86dd;
			else
				return fail(why, ASH_PKT_NOT_IP, "PPPoE frame not carrying IP");
			break;
		default:
			return fail(why, ASH_PKT_NOT_IP, "frame is not IP");
		}
		skip(&c, k);
		wire_left = wire_left > k ? wire_left - k : 0;
	}
	return fail(why, ASH_PKT_BAD, "too many VLAN tags or MPLS labels");
}

static int decode_ether(cur c, uint32_t wire, ash_pkt *o, const char **why)
{
	if (c.n < 14)
		return fail(why, ASH_PKT_TRUNCATED, "Ethernet header cut");
	uint16_t type = rd16(c.p + 12);
	skip(&c, 14);
	if (type < 0x0600)
		return fail(why, ASH_PKT_NOT_IP, "802.3 LLC frame");
	return decode_ethertype(type, c, wire > 14 ? wire - 14 : 0, o, why);
}

/* BSD null: address family in the capturing host's byte order; loop:
 * network order.  AF_INET is 2 everywhere, AF_INET6 10/24/28/30. */
static int decode_null(cur c, uint32_t wire, bool loop, ash_pkt *o,
		       const char **why)
{
	if (c.n < 4)
		return fail(why, ASH_PKT_TRUNCATED, "loopback header cut");
	uint32_t af = rd32(c.p);
	if (!loop && af > 0xffff)
		af = (uint32_t)c.p[3] << 24 | (uint32_t)c.p[2] << 16 |
		     (uint32_t)c.p[1] << 8 | c.p[0];
	skip(&c, 4);
	if (af != 2 && af != 10 && af != 24 && af != 28 && af != 30)
		return fail(why, ASH_PKT_NOT_IP, "loopback frame is not IP");
	return decode_ip(c, wire > 4 ? wire - 4 : 0, o, why);
}

/* Linux cooked capture v1 (16 bytes, type at 14) and v2 (20, type at 0). */
static int decode_sll(cur c, uint32_t wire, bool v2, ash_pkt *o,
		      const char **why)
{
	uint32_t hl = v2 ? 20 : 16;
	if (c.n < hl)
		return fail(why, ASH_PKT_TRUNCATED, "Linux cooked header cut");
	uint16_t type = rd16(c.p + (v2 ? 0 : 14));
	skip(&c, hl);
	return decode_ethertype(type, c, wire > hl ? wire - hl : 0, o, why);
}

int ash_pkt_decode(int linktype, const uint8_t *data, uint32_t caplen,
		   uint32_t wirelen, ash_pkt *out, const char **why)
{
	static const char *unused;
	if (!why)
		why = &unused;
	memset(out, 0, sizeof *out);
	out->caplen = caplen;
	out->wirelen = wirelen < caplen ? caplen : wirelen;
	cur c = {.p = data, .n = data ? caplen : 0};
	uint32_t wire = out->wirelen;
	switch (linktype) {
	case DLT_EN10MB:
		return decode_ether(c, wire, out, why);
	case DLT_LINUX_SLL:
		return decode_sll(c, wire, false, out, why);
	case DLT_LINUX_SLL2:
		return decode_sll(c, wire, true, out, why);
	case DLT_NULL:
		return decode_null(c, wire, false, out, why);
	case DLT_LOOP:
		return decode_null(c, wire, true, out, why);
	case 12:  /* DLT_RAW (most systems) */
	case 14:  /* DLT_RAW (OpenBSD numbering) */
	case 101: /* LINKTYPE_RAW as in the file header */
	case DLT_IPV4:
	case DLT_IPV6:
		return decode_ip(c, wire, out, why);
	default:
		return fail(why, ASH_PKT_LINKTYPE, "link type not supported");
	}
}
