/* SPDX-License-Identifier: MIT */
/* ip.h: IPv4 and IPv6 addresses in one 16-byte form, and CIDR prefixes.
 *
 * IPv4 a.b.c.d is held as the IPv4-mapped IPv6 address ::ffff:a.b.c.d, so
 * one comparison covers both families.  A CIDR prefix length is kept in the
 * 128-bit space (an IPv4 /24 is /120 internally). */
#ifndef ASH_IP_H
#define ASH_IP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ash_ip {
	uint8_t b[16];
} ash_ip;

typedef struct ash_cidr {
	ash_ip addr; /* network address, host bits zero */
	uint8_t bits; /* prefix length in 0..128 (IPv4 /n is 96+n) */
} ash_cidr;

#define ASH_IP_STRLEN 46 /* INET6_ADDRSTRLEN */

/* Parse an address of exactly n bytes (no NUL needed).  Returns 0, or -1
 * when s is not a dotted-quad IPv4 or an RFC 4291 IPv6 text address
 * (a trailing %zone is accepted and dropped). */
int ash_ip_parse(const char *s, size_t n, ash_ip *out);

/* Write the canonical text form (RFC 5952; IPv4 dotted quad) into buf,
 * which must hold ASH_IP_STRLEN bytes.  Returns the length written. */
size_t ash_ip_format(const ash_ip *ip, char *buf);

bool ash_ip_is_v4(const ash_ip *ip);
void ash_ip_from_v4(ash_ip *ip, uint32_t host_order);
uint32_t ash_ip_v4(const ash_ip *ip); /* host order; only if is_v4 */
int ash_ip_cmp(const ash_ip *a, const ash_ip *b);
bool ash_ip_eq(const ash_ip *a, const ash_ip *b);
uint64_t ash_ip_hash(const ash_ip *ip);

/* Parse "addr/len" or a bare address (full-length prefix).  Host bits
 * must be zero unless lenient is true, in which case they are cleared.
 * Returns 0 or -1. */
int ash_cidr_parse(const char *s, size_t n, bool lenient, ash_cidr *out);
bool ash_cidr_contains(const ash_cidr *c, const ash_ip *ip);
/* Text form "a.b.c.d/n" or "x::/n" into buf (ASH_IP_STRLEN + 4 bytes). */
size_t ash_cidr_format(const ash_cidr *c, char *buf);

#endif
