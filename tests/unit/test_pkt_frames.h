/* SPDX-License-Identifier: MIT */
/* test_pkt_frames.h: building Ethernet frames by hand for the tests of
 * the frame decoder (test_pkt.c) and the capture flow meter
 * (test_pcapflow.c), following the header layouts of RFC 791, RFC 8200,
 * RFC 9293, RFC 768 and IEEE 802.1Q.  Checksums are left zero. */
#ifndef ASH_TEST_PKT_FRAMES_H
#define ASH_TEST_PKT_FRAMES_H

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

typedef struct pf_spec {
	int ipver;              /* 4 or 6 */
	const char *src, *dst;  /* text addresses */
	uint8_t proto;          /* 6, 17, 1, 58, ... */
	uint16_t sport, dport;  /* ICMP: type, code */
	uint8_t flags;          /* TCP flags */
	uint16_t paylen;        /* L4 payload bytes (zeros) */
	uint16_t vlan, vlan2;   /* outer / inner VLAN id, 0 = none */
	int frag;               /* 0 none, 1 first (MF), 2 middle, 3 last */
	uint32_t frag_id;
	uint16_t frag_off;      /* in 8-byte units, for frag 2/3 */
} pf_spec;

static inline void pf_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void pf_put32(uint8_t *p, uint32_t v)
{
	pf_put16(p, (uint16_t)(v >> 16));
	pf_put16(p + 2, (uint16_t)v);
}

static inline uint32_t pf_l4(const pf_spec *s, uint8_t *p)
{
	uint32_t hl = 0;
	if (s->frag >= 2)
		return s->paylen; /* no L4 header in later fragments */
	switch (s->proto) {
	case 6:
		pf_put16(p, s->sport);
		pf_put16(p + 2, s->dport);
		p[12] = 5 << 4;
		p[13] = s->flags;
		hl = 20;
		break;
	case 17:
		pf_put16(p, s->sport);
		pf_put16(p + 2, s->dport);
		pf_put16(p + 4, (uint16_t)(8 + s->paylen));
		hl = 8;
		break;
	case 1:
	case 58:
		p[0] = (uint8_t)s->sport;
		p[1] = (uint8_t)s->dport;
		hl = 8;
		break;
	default:
		break;
	}
	return hl + s->paylen;
}

/* Write the frame into buf (at least 1600 bytes, zeroed here); returns
 * its length. */
static inline uint32_t pf_build(uint8_t *buf, const pf_spec *s)
{
	memset(buf, 0, 1600);
	memcpy(buf, "\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb", 12);
	uint32_t off = 12;
	if (s->vlan) {
		pf_put16(buf + off, s->vlan2 ? 0x88a8 : 0x8100);
		pf_put16(buf + off + 2, s->vlan);
		off += 4;
	}
	if (s->vlan2) {
		pf_put16(buf + off, 0x8100);
		pf_put16(buf + off + 2, s->vlan2);
		off += 4;
	}
	pf_put16(buf + off, s->ipver == 6 ? 0x86dd : 0x0800);
	off += 2;
	uint8_t *ip = buf + off;
	if (s->ipver == 6) {
		uint32_t fh = s->frag ? 8 : 0;
		ip[0] = 0x60;
		ip[6] = s->frag ? 44 : s->proto;
		ip[7] = 64;
		inet_pton(AF_INET6, s->src, ip + 8);
		inet_pton(AF_INET6, s->dst, ip + 24);
		if (s->frag) {
			ip[40] = s->proto;
			uint16_t fo = s->frag >= 2 ? s->frag_off : 0;
			pf_put16(ip + 42, (uint16_t)(fo << 3 | (s->frag != 3)));
			pf_put32(ip + 44, s->frag_id);
		}
		uint32_t l4 = pf_l4(s, ip + 40 + fh);
		pf_put16(ip + 4, (uint16_t)(fh + l4));
		return off + 40 + fh + l4;
	}
	ip[0] = 0x45;
	ip[8] = 64;
	ip[9] = s->proto;
	inet_pton(AF_INET, s->src, ip + 12);
	inet_pton(AF_INET, s->dst, ip + 16);
	if (s->frag) {
		uint16_t fo = s->frag >= 2 ? s->frag_off : 0;
		pf_put16(ip + 4, (uint16_t)s->frag_id);
		pf_put16(ip + 6, (uint16_t)(fo | (s->frag != 3 ? 0x2000 : 0)));
	}
	uint32_t l4 = pf_l4(s, ip + 20);
	pf_put16(ip + 2, (uint16_t)(20 + l4));
	uint32_t n = off + 20 + l4;
	return n < 60 ? 60 : n; /* Ethernet minimum: padding */
}

#endif
