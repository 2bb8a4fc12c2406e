/* SPDX-License-Identifier: MIT */
/* test_pkt.c: the frame decoder (ingest/pkt.c) on frames built by hand
 * from the header layouts: every link type, VLAN/QinQ, IPv4 and IPv6
 * with extension headers and fragments, ICMP type/code, truncation at
 * every length, malformed headers. */
#include "harness.h"

#include <stdlib.h>

#include <pcap/dlt.h>

#include "ingest/pkt.h"
#include "test_pkt_frames.h"

static bool ip_is(const ash_ip *ip, const char *want)
{
	char buf[ASH_IP_STRLEN];
	ash_ip_format(ip, buf);
	return !strcmp(buf, want);
}

/* Decode a copy of exactly n bytes, so ASan catches reads past caplen. */
static int decode(int lt, const uint8_t *f, uint32_t n, uint32_t wire,
		  ash_pkt *p, const char **why)
{
	uint8_t *copy = malloc(n ? n : 1);
	if (n)
		memcpy(copy, f, n);
	int rc = ash_pkt_decode(lt, copy, n, wire, p, why);
	if (rc == ASH_PKT_OK && p->payload_len)
		CHECK(p->payload >= copy && p->payload + p->payload_len <= copy + n);
	free(copy);
	p->payload = NULL; /* pointed into the copy */
	return rc;
}

TEST(pkt_ipv4_tcp)
{
	uint8_t f[1600];
	pf_spec s = {.ipver = 4, .src = "192.0.2.1", .dst = "198.51.100.7",
		     .proto = 6, .sport = 40000, .dport = 443, .flags = 0x12};
	uint32_t n = pf_build(f, &s);
	CHECK_INT(n, 60); /* 54 bytes padded to the Ethernet minimum */
	ash_pkt p;
	const char *why = NULL;
	CHECK_INT(decode(DLT_EN10MB, f, n, n, &p, &why), ASH_PKT_OK);
	CHECK_INT(p.ipver, 4);
	CHECK(ip_is(&p.src, "192.0.2.1"));
	CHECK(ip_is(&p.dst, "198.51.100.7"));
	CHECK_INT(p.proto, 6);
	CHECK(p.has_ports);
	CHECK(!p.has_icmp);
	CHECK_INT(p.sport, 40000);
	CHECK_INT(p.dport, 443);
	CHECK_INT(p.tcp_flags, 0x12);
	CHECK_INT(p.ip_len, 40);
	CHECK_INT(p.payload_len, 0); /* the padding is not payload */
	CHECK_INT(p.vlan, 0);
	CHECK(!p.fragment);
	CHECK_INT(p.caplen, 60);
	CHECK_INT(p.wirelen, 60);
}

TEST(pkt_ipv6_udp_vlan_qinq)
{
	uint8_t f[1600];
	pf_spec s = {.ipver = 6, .src = "2001:db8::1", .dst = "2001:db8:ffff::53",
		     .proto = 17, .sport = 5353, .dport = 53, .paylen = 100,
		     .vlan = 10};
	uint32_t n = pf_build(f, &s);
	ash_pkt p;
	const char *why = NULL;
	CHECK_INT(decode(DLT_EN10MB, f, n, n, &p, &why), ASH_PKT_OK);
	CHECK_INT(p.ipver, 6);
	CHECK(ip_is(&p.src, "2001:db8::1"));
	CHECK(ip_is(&p.dst, "2001:db8:ffff::53"));
	CHECK_INT(p.vlan, 10);
	CHECK_INT(p.sport, 5353);
	CHECK_INT(p.dport, 53);
	CHECK_INT(p.ip_len, 40 + 8 + 100);
	CHECK_INT(p.payload_len, 100);
	s.vlan = 100;
	s.vlan2 = 200;
	n = pf_build(f, &s);
	CHECK_INT(decode(DLT_EN10MB, f, n, n, &p, &why), ASH_PKT_OK);
	CHECK_INT(p.vlan, 200); /* innermost */
	CHECK_INT(p.dport, 53);
}

TEST(pkt_icmp_type_code)
{
	uint8_t f[1600];
	pf_spec s = {.ipver = 4, .src = "10.0.0.1", .dst = "10.0.0.2",
		     .proto = 1, .sport = 3, .dport = 3, .paylen = 28};
	uint32_t n = pf_build(f, &s);
	ash_pkt p;
	const char *why = NULL;
	CHECK_INT(decode(DLT_EN10MB, f, n, n, &p, &why), ASH_PKT_OK);
	CHECK(p.has_icmp);
	CHECK(!p.has_ports);
	CHECK_INT(p.sport, 0);
	CHECK_INT(p.dport, 3 << 8 | 3);
	pf_spec s6 = {.ipver = 6, .src = "fe80::1", .dst = "ff02::1",
		      .proto = 58, .sport = 135, .dport = 0, .paylen = 24};
	n = pf_build(f, &s6);
	CHECK_INT(decode(DLT_EN10MB, f, n, n, &p, &why), ASH_PKT_OK);
	CHECK(p.has_icmp);
	CHECK_INT(p.proto, 58);
	CHECK_INT(p.dport, 135 << 8);
}

TEST(pkt_fragments_v4_v6)
{
	uint8_t f[1600];
	pf_spec s = {.ipver = 4, .src = "203.0.113.9", .dst = "10.10.10.10",
		     .proto = 17, .sport = 53, .dport = 4444, .paylen = 1000,
		     .frag = 1, .frag_id = 0xbeef};
	uint32_t n = pf_build(f, &s);
	ash_pkt p;
	const char *why = NULL;
	CHECK_INT(decode(DLT_EN10MB, f, n, n, &p, &why), ASH_PKT_OK);
	CHECK(p.fragment);
	CHECK(p.first_fragment);
	CHECK(p.has_ports);
	CHECK_INT(p.sport, 53);
	CHECK_INT(p.frag_id, 0xbeef);
	s.frag = 3;
	s.frag_off = 126;
	s.paylen = 500;
	n = pf_build(f, &s);
	CHECK_INT(decode(DLT_EN10MB, f, n, n, &p, &why), ASH_PKT_OK);
	CHECK(p.fragment);
	CHECK(!p.first_fragment);
	CHECK(!p.has_ports);
	CHECK_INT(p.proto, 17);
	CHECK_INT(p.frag_id, 0xbeef);
	CHECK_INT(p.ip_len, 520);
	CHECK_INT(p.payload_len, 500);
	pf_spec s6 = {.ipver = 6, .src = "2001:db8::9", .dst = "2001:db8::10",
		      .proto = 17, .sport = 53, .dport = 999, .paylen = 600,
		      .frag = 2, .frag_id = 0x12345678, .frag_off = 100};
	n = pf_build(f, &s6);
	CHECK_INT(decode(DLT_EN10MB, f, n, n, &p, &why), ASH_PKT_OK);
	CHECK(p.fragment && !p.first_fragment && !p.has_ports);
	CHECK_INT(p.proto, 17);
	CHECK_INT(p.frag_id, 0x12345678);
	CHECK_INT(p.ip_len, 40 + 8 + 600);
	s6.frag = 1;
	n = pf_build(f, &s6);
	CHECK_INT(decode(DLT_EN10MB, f, n, n, &p, &why), ASH_PKT_OK);
	CHECK(p.fragment && p.first_fragment && p.has_ports);
	CHECK_INT(p.dport, 999);
}

TEST(pkt_ipv6_extension_chain)
{
	uint8_t f[200] = {0};
	f[0] = 0x60;
	f[6] = 0;                      /* hop-by-hop */
	pf_put16(f + 4, 8 + 16 + 20);
	f[8 + 15] = 1;                 /* src ::1 */
	f[24 + 15] = 2;                /* dst ::2 */
	f[40] = 60;                    /* next: destination options */
	f[41] = 0;                     /* 8 bytes */
	f[48] = 6;                     /* next: TCP */
	f[49] = 1;                     /* 16 bytes */
	uint8_t *t = f + 64;
	pf_put16(t, 1234);
	pf_put16(t + 2, 22);
	t[12] = 5 << 4;
	t[13] = 0x02;
	ash_pkt p;
	const char *why = NULL;
	CHECK_INT(decode(DLT_RAW, f, 84, 84, &p, &why), ASH_PKT_OK);
	CHECK_INT(p.proto, 6);
	CHECK_INT(p.dport, 22);
	CHECK_INT(p.tcp_flags, 2);
	CHECK_INT(p.ip_len, 84);
	CHECK(ip_is(&p.dst, "::2"));
	/* an extension header longer than the payload length says */
	f[49] = 200;
	CHECK_INT(decode(DLT_RAW, f, 84, 84, &p, &why), ASH_PKT_BAD);
}

TEST(pkt_not_ip_and_link_types)
{
	uint8_t f[1600];
	memset(f, 0, sizeof f);
	f[12] = 0x08;
	f[13] = 0x06; /* ARP */
	ash_pkt p;
	const char *why = NULL;
	CHECK_INT(decode(DLT_EN10MB, f, 42, 42, &p, &why), ASH_PKT_NOT_IP);
	CHECK(why && *why);
	f[12] = 0x00;
	f[13] = 0x26; /* 802.3 length: LLC (e.g. STP) */
	CHECK_INT(decode(DLT_EN10MB, f, 60, 60, &p, &why), ASH_PKT_NOT_IP);
	CHECK_INT(decode(9999, f, 60, 60, &p, &why), ASH_PKT_LINKTYPE);

	/* the same IPv4/UDP datagram under every other link type */
	uint8_t e[1600];
	pf_spec s = {.ipver = 4, .src = "10.1.1.1", .dst = "10.2.2.2",
		     .proto = 17, .sport = 1, .dport = 2, .paylen = 40};
	uint32_t n = pf_build(e, &s) - 14;
	const uint8_t *ip = e + 14;
	uint8_t sll[1600] = {0}, sll2[1600] = {0}, nul[1600] = {0}, lo[1600] = {0};
	pf_put16(sll + 14, 0x0800);
	memcpy(sll + 16, ip, n);
	pf_put16(sll2, 0x0800);
	memcpy(sll2 + 20, ip, n);
	nul[0] = 2; /* AF_INET, little-endian host */
	memcpy(nul + 4, ip, n);
	lo[3] = 2;  /* AF_INET, network order */
	memcpy(lo + 4, ip, n);
	CHECK_INT(decode(DLT_LINUX_SLL, sll, n + 16, n + 16, &p, &why), ASH_PKT_OK);
	CHECK_INT(p.dport, 2);
	CHECK_INT(decode(DLT_LINUX_SLL2, sll2, n + 20, n + 20, &p, &why), ASH_PKT_OK);
	CHECK_INT(p.dport, 2);
	CHECK_INT(decode(DLT_NULL, nul, n + 4, n + 4, &p, &why), ASH_PKT_OK);
	CHECK_INT(p.dport, 2);
	CHECK_INT(decode(DLT_NULL, lo, n + 4, n + 4, &p, &why), ASH_PKT_OK);
	CHECK_INT(decode(DLT_LOOP, lo, n + 4, n + 4, &p, &why), ASH_PKT_OK);
	CHECK_INT(decode(DLT_RAW, ip, n, n, &p, &why), ASH_PKT_OK);
	CHECK_INT(decode(101, ip, n, n, &p, &why), ASH_PKT_OK);
	CHECK_INT(p.ip_len, 68);
	CHECK(ip_is(&p.src, "10.1.1.1"));
	lo[3] = 7; /* not an IP family */
	CHECK_INT(decode(DLT_LOOP, lo, n + 4, n + 4, &p, &why), ASH_PKT_NOT_IP);
}

/* Cut a frame at every length: never a read past caplen (ASan), and a
 * cut header is TRUNCATED, a cut payload is OK with the header's length. */
TEST(pkt_truncated_every_length)
{
	uint8_t f[1600];
	pf_spec s = {.ipver = 6, .src = "2001:db8::1", .dst = "2001:db8::2",
		     .proto = 6, .sport = 80, .dport = 8080, .flags = 0x18,
		     .paylen = 200, .vlan = 5};
	uint32_t n = pf_build(f, &s);
	uint32_t hdrs = 18 + 40 + 20;
	int ok = 0, trunc = 0;
	for (uint32_t cut = 0; cut <= n; cut++) {
		ash_pkt p;
		const char *why = NULL;
		int rc = decode(DLT_EN10MB, f, cut, n, &p, &why);
		if (cut < hdrs) {
			CHECK_INT(rc, ASH_PKT_TRUNCATED);
			CHECK(why != NULL);
			trunc++;
		} else {
			CHECK_INT(rc, ASH_PKT_OK);
			CHECK_INT(p.ip_len, 260);
			CHECK_INT(p.payload_len, cut - hdrs);
			CHECK_INT(p.wirelen, n);
			ok++;
		}
	}
	CHECK_INT(trunc, hdrs);
	CHECK_INT(ok, n - hdrs + 1);
}

TEST(pkt_malformed)
{
	uint8_t f[1600];
	pf_spec s = {.ipver = 4, .src = "10.0.0.1", .dst = "10.0.0.2",
		     .proto = 6, .sport = 1, .dport = 2};
	uint32_t n = pf_build(f, &s);
	ash_pkt p;
	const char *why = NULL;
	f[14] = 0x44; /* IHL 4 */
	CHECK_INT(decode(DLT_EN10MB, f, n, n, &p, &why), ASH_PKT_BAD);
	CHECK(why && strstr(why, "IPv4"));
	f[14] = 0x55; /* version 5 */
	CHECK_INT(decode(DLT_EN10MB, f, n, n, &p, &why), ASH_PKT_BAD);
	f[14] = 0x45;
	pf_put16(f + 16, 10); /* total length below the header */
	CHECK_INT(decode(DLT_EN10MB, f, n, n, &p, &why), ASH_PKT_BAD);
	pf_put16(f + 16, 40);
	f[14 + 20 + 12] = 0x20; /* TCP data offset 2 */
	CHECK_INT(decode(DLT_EN10MB, f, n, n, &p, &why), ASH_PKT_BAD);
	/* nine VLAN tags */
	uint8_t v[200] = {0};
	for (int i = 0; i < 9; i++)
		pf_put16(v + 12 + 4 * i, 0x8100);
	pf_put16(v + 12 + 36, 0x8100);
	CHECK_INT(decode(DLT_EN10MB, v, 200, 200, &p, &why), ASH_PKT_BAD);
	CHECK_INT(decode(DLT_EN10MB, NULL, 0, 0, &p, &why), ASH_PKT_TRUNCATED);
}
