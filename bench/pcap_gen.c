/* SPDX-License-Identifier: MIT */
/* pcap_gen.c: a synthetic Ethernet capture for the pcap-to-flows benchmark
 * (bench/pcap.sh).  `pcap_gen OUT PACKETS [SEED]` writes PACKETS frames
 * with libpcap's dump functions, deterministic for a seed (default 1):
 * about 4,096 flows live at a time, interleaved; TCP connections with a
 * handshake, data both ways and a FIN close (70 %), DNS-like UDP
 * exchanges (20 %), ICMP echo (4 %), TCP over IPv6 (6 %); one frame in
 * ten carries an 802.1Q tag.  Payload bytes are zero; frames are
 * captured whole.  Prints the packet, flow and byte counts to stderr.
 * Not part of ashiato: a load generator, nothing reads its internals. */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW 4096

static uint64_t rng_s;

static uint64_t rnd(void)
{
	uint64_t z = (rng_s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static uint32_t below(uint32_t n)
{
	return (uint32_t)(rnd() % n);
}

enum kind { K_TCP, K_UDP, K_ICMP, K_TCP6 };

typedef struct flow {
	enum kind kind;
	uint32_t cli, srv;     /* host numbers */
	uint16_t sport, dport, vlan;
	uint32_t step, steps;  /* packets sent, packets in all */
	uint32_t seq;
} flow;

static void flow_new(flow *f, uint64_t *nflows)
{
	uint32_t k = below(100);
	memset(f, 0, sizeof *f);
	f->kind = k < 70 ? K_TCP : k < 90 ? K_UDP : k < 94 ? K_ICMP : K_TCP6;
	f->cli = below(65000);
	f->srv = below(2000);
	f->sport = (uint16_t)(1024 + below(60000));
	static const uint16_t tcp_ports[] = {443, 443, 443, 80, 22, 25, 3389, 8080};
	f->dport = f->kind == K_UDP ? (below(4) ? 53 : 123)
				    : tcp_ports[below(8)];
	f->vlan = below(10) == 0 ? (uint16_t)(10 + below(20)) : 0;
	if (f->kind == K_TCP || f->kind == K_TCP6)
		f->steps = 3 + 1 + below(40) + 3; /* handshake, data, close */
	else
		f->steps = 2 * (1 + below(4));     /* request/response pairs */
	(*nflows)++;
}

static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v >> 16); put16(p + 2, v); }

static uint16_t ip_sum(const uint8_t *h, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(h[i] << 8 | h[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* TCP flags and payload of packet `step` of a connection; *rev when the
 * server sends it. */
static uint8_t tcp_step(const flow *f, int *rev, uint32_t *pay)
{
	uint32_t s = f->step, last = f->steps - 1;
	*pay = 0;
	*rev = 0;
	if (s == 0) return 0x02;                     /* SYN */
	if (s == 1) { *rev = 1; return 0x12; }       /* SYN-ACK */
	if (s == 2) return 0x10;                     /* ACK */
	if (s == last - 2) return 0x11;              /* FIN-ACK */
	if (s == last - 1) { *rev = 1; return 0x11; }
	if (s == last) return 0x10;
	*rev = below(3) != 0;                        /* mostly server data */
	*pay = *rev ? 200 + below(1249) : below(300);
	return 0x18;                                 /* PSH-ACK */
}

/* Frame of the next packet of f into buf; returns its length. */
static size_t frame(flow *f, uint8_t *buf)
{
	int rev = (int)(f->step & 1), v6 = f->kind == K_TCP6;
	uint32_t pay = 0;
	uint8_t flags = 0, proto = f->kind == K_UDP ? 17 : f->kind == K_ICMP ? 1 : 6;
	if (proto == 6)
		flags = tcp_step(f, &rev, &pay);
	else if (proto == 17)
		pay = rev ? 60 + below(450) : 20 + below(40);
	else
		pay = 56;
	size_t l4 = proto == 6 ? 20 : 8, o = 12;
	memset(buf, 0, 64);
	memcpy(buf, "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02", 12);
	if (f->vlan) {
		put16(buf + o, 0x8100), put16(buf + o + 2, f->vlan);
		o += 4;
	}
	put16(buf + o, v6 ? 0x86dd : 0x0800);
	o += 2;
	uint8_t *ip = buf + o, *th;
	uint32_t a = 0x0a000000u | f->cli, b = 0xcb007100u | (f->srv & 0xff);
	if (rev) { uint32_t t = a; a = b; b = t; }
	if (v6) {
		memset(ip, 0, 40);
		ip[0] = 0x60;
		put16(ip + 4, (uint32_t)(l4 + pay));
		ip[6] = proto, ip[7] = 64;
		put16(ip + 8, 0x2001), put16(ip + 10, 0x0db8);
		put32(ip + 20, a);
		put16(ip + 24, 0x2001), put16(ip + 26, 0x0db8);
		put32(ip + 36, b);
		th = ip + 40;
	} else {
		memset(ip, 0, 20);
		ip[0] = 0x45;
		put16(ip + 2, (uint32_t)(20 + l4 + pay));
		put16(ip + 4, f->seq & 0xffff);
		ip[8] = 64, ip[9] = proto;
		put32(ip + 12, a), put32(ip + 16, b);
		put16(ip + 10, ip_sum(ip, 20));
		th = ip + 20;
	}
	memset(th, 0, l4 + pay);
	if (proto == 1) {
		th[0] = rev ? 0 : 8;   /* echo reply / request */
		put16(th + 4, f->sport);
		put16(th + 6, f->step / 2);
	} else {
		put16(th, rev ? f->dport : f->sport);
		put16(th + 2, rev ? f->sport : f->dport);
		if (proto == 17) {
			put16(th + 4, (uint32_t)(8 + pay));
		} else {
			put32(th + 4, f->seq);
			th[12] = 0x50, th[13] = flags;
			put16(th + 14, 64240);
		}
	}
	f->seq += pay + 1;
	f->step++;
	return (size_t)(th - buf) + l4 + pay;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: pcap_gen OUT PACKETS [SEED]\n");
		return 2;
	}
	uint64_t n = strtoull(argv[2], NULL, 10), nflows = 0, bytes = 0;
	rng_s = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
	pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);
	pcap_dumper_t *d = p ? pcap_dump_open(p, argv[1]) : NULL;
	if (!d) {
		fprintf(stderr, "pcap_gen: %s: %s\n", argv[1], p ? pcap_geterr(p) : "pcap_open_dead failed");
		return 1;
	}
	static flow win[WINDOW];
	static uint8_t buf[2048];
	for (size_t i = 0; i < WINDOW; i++)
		flow_new(&win[i], &nflows);
	uint64_t t_us = 1795478400ull * 1000000; /* 2026-11-24T00:00:00Z */
	for (uint64_t i = 0; i < n; i++) {
		flow *f = &win[below(WINDOW)];
		size_t len = frame(f, buf);
		struct pcap_pkthdr h;
		t_us += 1 + below(40);
		h.ts.tv_sec = (time_t)(t_us / 1000000);
		h.ts.tv_usec = (suseconds_t)(t_us % 1000000);
		h.caplen = h.len = (bpf_u_int32)len;
		pcap_dump((u_char *)d, &h, buf);
		bytes += len;
		if (f->step == f->steps)
			flow_new(f, &nflows);
	}
	int rc = pcap_dump_flush(d) == 0 ? 0 : 1;
	pcap_dump_close(d);
	pcap_close(p);
	fprintf(stderr, "pcap_gen: %llu packets, %llu flows begun, %llu frame bytes\n",
		(unsigned long long)n, (unsigned long long)nflows,
		(unsigned long long)bytes);
	return rc;
}
