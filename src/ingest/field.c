/* SPDX-License-Identifier: MIT */
/* field.c: field values of text firewall logs (see field.h).
 * Does not: split lines, allocate or print. */
#include "ingest/field.h"

#include <stdbool.h>
#include <string.h>

#define TIME_MAX 64 /* longest date/time text accepted */

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* s (n bytes) equals the lower-case word w, ignoring case. */
static bool word_is(const char *s, size_t n, const char *w)
{
	size_t i = 0;
	for (; i < n && w[i]; i++)
		if (lower(s[i]) != w[i])
			return false;
	return i == n && !w[i];
}

int ash_field_uint(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	bool over = false;
	if (!n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			over = true;
		else
			v = v * 10 + d;
	}
	if (over || v > max)
		return -2;
	*out = v;
	return 0;
}

int ash_field_proto(const char *s, size_t n, uint8_t *out)
{
	static const struct {
		const char *name;
		uint8_t num;
	} names[] = {{"tcp", 6},     {"udp", 17},       {"icmp", 1},
		     {"icmpv6", 58}, {"ipv6-icmp", 58}, {"icmp6", 58},
		     {"sctp", 132},  {"gre", 47},       {"esp", 50},
		     {"ah", 51},     {"igmp", 2},       {"udplite", 136},
		     {"dccp", 33},   {"ipv6", 41},      {"ospf", 89},
		     {"pim", 103},   {"vrrp", 112}};
	uint64_t v;
	if (ash_field_uint(s, n, 255, &v) == 0) {
		*out = (uint8_t)v;
		return 0;
	}
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
		if (word_is(s, n, names[k].name)) {
			*out = names[k].num;
			return 0;
		}
	return -1;
}

uint8_t ash_field_action(const char *s, size_t n)
{
	static const struct {
		const char *w;
		uint8_t act;
	} words[] = {
		{"allow", ASH_ACT_ALLOW},     {"allowed", ASH_ACT_ALLOW},
		{"accept", ASH_ACT_ALLOW},    {"accepted", ASH_ACT_ALLOW},
		{"permit", ASH_ACT_ALLOW},    {"permitted", ASH_ACT_ALLOW},
		{"pass", ASH_ACT_ALLOW},      {"passed", ASH_ACT_ALLOW},
		{"deny", ASH_ACT_DENY},       {"denied", ASH_ACT_DENY},
		{"reject", ASH_ACT_DENY},     {"rejected", ASH_ACT_DENY},
		{"drop", ASH_ACT_DROP},       {"dropped", ASH_ACT_DROP},
		{"block", ASH_ACT_DROP},      {"blocked", ASH_ACT_DROP},
		{"discard", ASH_ACT_DROP},    {"discarded", ASH_ACT_DROP},
	};
	if (n < 4 || n > 9)
		return ASH_ACT_UNKNOWN;
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (word_is(s, n, words[k].w))
			return words[k].act;
	return ASH_ACT_UNKNOWN;
}

/* Scale an integer count of 10^-digits seconds... to microseconds by its
 * magnitude (see field.h). */
static int64_t epoch_int_us(uint64_t v)
{
	if (v < 100000000000ull)
		return (int64_t)v * 1000000;
	if (v < 100000000000000ull)
		return (int64_t)v * 1000;
	if (v < 100000000000000000ull)
		return (int64_t)v;
	return (int64_t)(v / 1000);
}

int ash_field_epoch(const char *s, size_t n, int64_t *us)
{
	const char *dot = memchr(s, '.', n);
	size_t in = dot ? (size_t)(dot - s) : n;
	uint64_t v;
	if (ash_field_uint(s, in, UINT64_MAX, &v) != 0)
		return -1;
	if (!dot) {
		*us = epoch_int_us(v);
		return 0;
	}
	/* a fraction means seconds */
	size_t fn = n - in - 1;
	if (!fn || fn > 9 || v >= 100000000000ull)
		return -1;
	int64_t f = 0;
	for (size_t i = 0; i < 6; i++) {
		char c = i < fn ? dot[1 + i] : '0';
		if (c < '0' || c > '9')
			return -1;
		f = f * 10 + (c - '0');
	}
	for (size_t i = 6; i < fn; i++)
		if (dot[1 + i] < '0' || dot[1 + i] > '9')
			return -1;
	*us = (int64_t)v * 1000000 + f;
	return 0;
}

int ash_field_tzoff(const char *s, size_t n, int32_t *off)
{
	if (n == 1 && (s[0] == 'Z' || s[0] == 'z')) {
		*off = 0;
		return 0;
	}
	if (n < 3 || (s[0] != '+' && s[0] != '-'))
		return -1;
	char d[4] = {'0', '0', '0', '0'};
	size_t k = 0;
	for (size_t i = 1; i < n; i++) {
		if (i == 3 && s[i] == ':' && n == 6)
			continue;
		if (s[i] < '0' || s[i] > '9' || k >= 4)
			return -1;
		d[k++] = s[i];
	}
	if (k != 2 && k != 4)
		return -1;
	int hh = (d[0] - '0') * 10 + (d[1] - '0');
	int mm = (d[2] - '0') * 10 + (d[3] - '0');
	if (hh > 23 || mm > 59)
		return -1;
	*off = (s[0] == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
	return 0;
}

int ash_field_time(const char *s, size_t n, ash_tz *tz, int64_t *us,
		   int32_t *off)
{
	while (n && (s[0] == ' ' || s[0] == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n || n > TIME_MAX)
		return -1;
	if (n <= 20 && s[0] >= '0' && s[0] <= '9' &&
	    (n < 5 || (s[4] != '-' && s[4] != '/'))) {
		int64_t t;
		if (ash_field_epoch(s, n, &t) != 0)
			return -1;
		*us = t;
		*off = tz ? ash_tz_offset_at(tz, t / 1000000) : 0;
		return 0;
	}
	char buf[TIME_MAX];
	memcpy(buf, s, n);
	if (n >= 10 && buf[4] == '/' && buf[7] == '/')
		buf[4] = buf[7] = '-';
	return ash_time_parse_iso(buf, n, tz, us, off);
}
