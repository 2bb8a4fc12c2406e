/* SPDX-License-Identifier: MIT */
/* test_store_gen.h: a deterministic record generator for the store tests:
 * record i is a pure function of i, so a test can append records and later
 * regenerate the expected value of any row.  Covers IPv4 and IPv6, every
 * have bit, NAT, negative offsets, unsorted times, extreme counts, empty,
 * repeated, unique and non-ASCII strings, sampling rates and notes (with
 * a NUL byte and invalid UTF-8 among them). */
#ifndef ASH_TEST_STORE_GEN_H
#define ASH_TEST_STORE_GEN_H

#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "store/store.h"

typedef struct gen_buf {
	char rule[48];
} gen_buf;

static inline uint64_t gen_mix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ull;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}

static inline void gen_addr(uint64_t h, bool v6, ash_ip *ip)
{
	if (v6) {
		memset(ip->b, 0, 16);
		ip->b[0] = 0x20, ip->b[1] = 0x01, ip->b[2] = 0x0d;
		ip->b[3] = 0xb8;
		for (int k = 0; k < 4; k++)
			ip->b[12 + k] = (uint8_t)(h >> (8 * k));
	} else {
		/* 10.0.x.y with a few hundred distinct values */
		ash_ip_from_v4(ip, 0x0a000000u | (uint32_t)(h % 300));
	}
}

static inline ash_str gen_str(const char *s)
{
	ash_str r = {s, (uint32_t)strlen(s)};
	return r;
}

static inline void gen_rec(uint64_t i, ash_rec *r, gen_buf *gb)
{
	static const char *ifs[] = {"", "eth0", "eth1", "dmz", "\xe6\x97\xa5"};
	static const ash_str notes[] = {
		{"", 0}, {"tcp-fin", 7}, {"TCP Reset-I", 11}, {"aged-out", 8},
		{"x\0y", 3}, {"\xff\xfe bad", 6}};
	uint64_t h = gen_mix(i), g = gen_mix(h);
	memset(r, 0, sizeof *r);
	r->t_start = 1764000000000000ll + (int64_t)i * 1500 +
		     (int64_t)(h % 7) * 13 - (i % 50 == 0 ? 7000000 : 0);
	r->have = (uint32_t)(h >> 8) & 0x1fff;
	if (r->have & ASH_HAVE_SAMPLING)
		r->sampling = i % 9 == 0 ? UINT32_MAX : 2 + (uint32_t)(g % 4095);
	if (r->have & ASH_HAVE_END)
		r->t_end = r->t_start + (int64_t)((h >> 20) % 90000000);
	r->tz_off = i % 3 == 0 ? -18000 : 32400;
	gen_addr(g, i % 4 == 0, &r->src);
	gen_addr(g >> 16, i % 8 == 1, &r->dst);
	if (i % 5 == 0) {
		r->have |= ASH_HAVE_NAT_SRC | ASH_HAVE_NAT_DST;
		gen_addr(g >> 24, false, &r->nat_src);
		gen_addr(g >> 32, i % 10 == 0, &r->nat_dst);
		r->nat_sport = (uint16_t)(g >> 40);
		r->nat_dport = 443;
	}
	r->sport = (uint16_t)(1024 + h % 64000);
	r->dport = (uint16_t)(i % 7 == 0 ? 65535 : 80 + (h >> 40) % 5);
	r->proto = (uint8_t)(i % 11 == 0 ? 255 : 6);
	r->tcp_flags = (uint8_t)(h >> 48);
	r->action = (uint8_t)(i % 4);
	r->format = (uint8_t)(1 + i % 3);
	r->obytes = i % 97 == 0 ? UINT64_MAX : (h >> 10) % 1000000;
	r->rbytes = (g >> 3) % 70000;
	r->opkts = r->obytes / 1000 + 1;
	r->rpkts = i % 13 == 0 ? (uint64_t)1 << 40 : r->rbytes / 1200;
	r->src_line = i + 1 + (i > 100 ? 3 : 0);
	r->in_if = gen_str(ifs[h % 5]);
	r->out_if = gen_str(ifs[(h >> 3) % 5]);
	snprintf(gb->rule, sizeof gb->rule, "rule-%llu",
		 (unsigned long long)(i % 100 == 0 ? i : i % 17));
	r->rule = gen_str(gb->rule);
	r->device = gen_str(i % 2 ? "fw-1" : "");
	r->note = notes[(g >> 50) % 6];
}

static inline bool gen_str_eq(const ash_batch *b, const uint32_t *col,
			      size_t i, ash_str want)
{
	const ash_str *s = &b->strs[col[i]];
	return s->n == want.n && (want.n == 0 || memcmp(s->p, want.p, want.n) == 0);
}

/* Does row i of b (decoded with every column) equal record r?  Reports
 * the first differing field through CHECK. */
static inline bool gen_row_eq(const ash_batch *b, size_t i, const ash_rec *r)
{
	int bad = 0;
#define F(c)                                                              \
	do {                                                              \
		if (!(c) && !bad++)                                       \
			ash_test_fail(__FILE__, __LINE__, "row %zu: %s", i, #c); \
	} while (0)
	F(b->t_start[i] == r->t_start);
	F(b->t_end[i] == r->t_end);
	F(b->tz_off[i] == r->tz_off);
	F(b->have[i] == r->have);
	F(ash_ip_eq(ash_batch_src(b, i), &r->src));
	F(ash_ip_eq(ash_batch_dst(b, i), &r->dst));
	F(ash_ip_eq(&b->addrs[b->nat_src_idx[i]], &r->nat_src));
	F(ash_ip_eq(&b->addrs[b->nat_dst_idx[i]], &r->nat_dst));
	F(b->sport[i] == r->sport && b->dport[i] == r->dport);
	F(b->nat_sport[i] == r->nat_sport && b->nat_dport[i] == r->nat_dport);
	F(b->proto[i] == r->proto && b->tcp_flags[i] == r->tcp_flags);
	F(b->action[i] == r->action && b->format[i] == r->format);
	F(b->obytes[i] == r->obytes && b->rbytes[i] == r->rbytes);
	F(b->opkts[i] == r->opkts && b->rpkts[i] == r->rpkts);
	F(b->src_line[i] == r->src_line);
	F(gen_str_eq(b, b->in_if, i, r->in_if));
	F(gen_str_eq(b, b->out_if, i, r->out_if));
	F(gen_str_eq(b, b->rule, i, r->rule));
	F(gen_str_eq(b, b->device, i, r->device));
	F(b->sampling[i] == r->sampling);
	F(gen_str_eq(b, b->note, i, r->note));
#undef F
	return bad == 0;
}

static inline ash_evidence gen_evidence(const char *name, unsigned seed)
{
	ash_evidence ev;
	memset(&ev, 0, sizeof ev);
	for (int k = 0; k < 32; k++)
		ev.sha256[k] = (uint8_t)gen_mix(seed * 32u + (unsigned)k);
	snprintf(ev.name, sizeof ev.name, "%s", name);
	snprintf(ev.site, sizeof ev.site, "site-%u", seed);
	ev.size = 1000u + seed;
	ev.format = ASH_FMT_IPTABLES;
	return ev;
}

#endif
