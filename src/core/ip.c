/* SPDX-License-Identifier: MIT */
/* ip.c: address and prefix parsing, formatting and matching (see ip.h).
 * IPv4 is parsed by hand (hot path of every text ingest); IPv6 goes
 * through inet_pton/inet_ntop. */
#include "core/ip.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static const uint8_t v4prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool ash_ip_is_v4(const ash_ip *ip)
{
	return memcmp(ip->b, v4prefix, 12) == 0;
}

void ash_ip_from_v4(ash_ip *ip, uint32_t v)
{
	memcpy(ip->b, v4prefix, 12);
	ip->b[12] = (uint8_t)(v >> 24);
	ip->b[13] = (uint8_t)(v >> 16);
	ip->b[14] = (uint8_t)(v >> 8);
	ip->b[15] = (uint8_t)v;
}

uint32_t ash_ip_v4(const ash_ip *ip)
{
	return (uint32_t)ip->b[12] << 24 | (uint32_t)ip->b[13] << 16 |
	       (uint32_t)ip->b[14] << 8 | ip->b[15];
}

static int parse_v4(const char *s, size_t n, uint32_t *out)
{
	uint32_t v = 0;
	size_t i = 0;
	for (int part = 0; part < 4; part++) {
		if (part) {
			if (i >= n || s[i] != '.')
				return -1;
			i++;
		}
		size_t start = i;
		uint32_t o = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9' && i - start < 3)
			o = o * 10 + (uint32_t)(s[i++] - '0');
		if (i == start || o > 255 || (i - start > 1 && s[start] == '0'))
			return -1;
		v = v << 8 | o;
	}
	if (i != n)
		return -1;
	*out = v;
	return 0;
}

int ash_ip_parse(const char *s, size_t n, ash_ip *out)
{
	uint32_t v4;
	if (n >= 7 && n <= 15 && parse_v4(s, n, &v4) == 0) {
		ash_ip_from_v4(out, v4);
		return 0;
	}
	if (n < 2 || n >= 64)
		return -1;
	char buf[64];
	memcpy(buf, s, n);
	buf[n] = '\0';
	char *pct = memchr(buf, '%', n);
	if (pct)
		*pct = '\0';
	struct in6_addr a6;
	if (inet_pton(AF_INET6, buf, &a6) != 1)
		return -1;
	memcpy(out->b, &a6, 16);
	return 0;
}

size_t ash_ip_format(const ash_ip *ip, char *buf)
{
	if (ash_ip_is_v4(ip))
		return (size_t)snprintf(buf, ASH_IP_STRLEN, "%u.%u.%u.%u",
					ip->b[12], ip->b[13], ip->b[14], ip->b[15]);
	if (!inet_ntop(AF_INET6, ip->b, buf, ASH_IP_STRLEN)) {
		buf[0] = '\0';
		return 0;
	}
	return strlen(buf);
}

int ash_ip_cmp(const ash_ip *a, const ash_ip *b)
{
	return memcmp(a->b, b->b, 16);
}

bool ash_ip_eq(const ash_ip *a, const ash_ip *b)
{
	return memcmp(a->b, b->b, 16) == 0;
}

uint64_t ash_ip_hash(const ash_ip *ip)
{
	uint64_t lo, hi;
	memcpy(&lo, ip->b, 8);
	memcpy(&hi, ip->b + 8, 8);
	uint64_t h = hi * 0x9E3779B97F4A7C15ull ^ lo;
	h ^= h >> 32;
	h *= 0xD6E8FEB86659FD93ull;
	h ^= h >> 32;
	return h;
}

static void mask_host_bits(ash_ip *ip, unsigned bits, bool *had_host)
{
	*had_host = false;
	for (unsigned i = 0; i < 16; i++) {
		unsigned lo = i * 8;
		uint8_t m;
		if (bits >= lo + 8)
			m = 0xff;
		else if (bits <= lo)
			m = 0;
		else
			m = (uint8_t)(0xff << (8 - (bits - lo)));
		if (ip->b[i] & (uint8_t)~m)
			*had_host = true;
		ip->b[i] &= m;
	}
}

int ash_cidr_parse(const char *s, size_t n, bool lenient, ash_cidr *out)
{
	const char *slash = memchr(s, '/', n);
	size_t alen = slash ? (size_t)(slash - s) : n;
	if (ash_ip_parse(s, alen, &out->addr) != 0)
		return -1;
	unsigned max = ash_ip_is_v4(&out->addr) ? 32 : 128;
	unsigned bits = max;
	if (slash) {
		const char *p = slash + 1, *end = s + n;
		if (p == end || end - p > 3)
			return -1;
		bits = 0;
		for (; p < end; p++) {
			if (*p < '0' || *p > '9')
				return -1;
			bits = bits * 10 + (unsigned)(*p - '0');
		}
		if (bits > max)
			return -1;
	}
	if (max == 32)
		bits += 96;
	bool had_host;
	mask_host_bits(&out->addr, bits, &had_host);
	if (had_host && !lenient)
		return -1;
	out->bits = (uint8_t)bits;
	return 0;
}

bool ash_cidr_contains(const ash_cidr *c, const ash_ip *ip)
{
	unsigned full = c->bits / 8, rest = c->bits % 8;
	if (memcmp(c->addr.b, ip->b, full) != 0)
		return false;
	if (!rest)
		return true;
	uint8_t m = (uint8_t)(0xff << (8 - rest));
	return (ip->b[full] & m) == c->addr.b[full];
}

size_t ash_cidr_format(const ash_cidr *c, char *buf)
{
	size_t n = ash_ip_format(&c->addr, buf);
	unsigned bits = c->bits;
	if (ash_ip_is_v4(&c->addr) && bits >= 96)
		bits -= 96;
	n += (size_t)snprintf(buf + n, 5, "/%u", bits);
	return n;
}
