/* SPDX-License-Identifier: MIT */
/* zeek_conn.c: the conn.log field values and their mapping to ash_rec
 * (see zeek.h), shared by the TSV and JSON readers.
 *
 * Owns: field names, value syntax (epoch seconds with fraction or ISO
 * 8601, durations, counts, addresses, ports, proto, history) and the
 * mapping rules (bytes, ICMP type/code, history to TCP flags).
 * Does not: split lines, read headers or JSON. */
#include "ingest/zeek.h"

#include <math.h>
#include <string.h>

#include "core/tztime.h"

#define MAX_SEC 253402300799LL /* 9999-12-31T23:59:59Z */

static const struct {
	const char *name;
	const char *bad;
} fields[ASH_ZF_COUNT] = {
	[ASH_ZF_TS] = {"ts", "bad ts"},
	[ASH_ZF_ORIG_H] = {"id.orig_h", "bad id.orig_h"},
	[ASH_ZF_ORIG_P] = {"id.orig_p", "bad id.orig_p"},
	[ASH_ZF_RESP_H] = {"id.resp_h", "bad id.resp_h"},
	[ASH_ZF_RESP_P] = {"id.resp_p", "bad id.resp_p"},
	[ASH_ZF_PROTO] = {"proto", "bad proto"},
	[ASH_ZF_DURATION] = {"duration", "bad duration"},
	[ASH_ZF_ORIG_BYTES] = {"orig_bytes", "bad orig_bytes"},
	[ASH_ZF_RESP_BYTES] = {"resp_bytes", "bad resp_bytes"},
	[ASH_ZF_ORIG_IP_BYTES] = {"orig_ip_bytes", "bad orig_ip_bytes"},
	[ASH_ZF_RESP_IP_BYTES] = {"resp_ip_bytes", "bad resp_ip_bytes"},
	[ASH_ZF_ORIG_PKTS] = {"orig_pkts", "bad orig_pkts"},
	[ASH_ZF_RESP_PKTS] = {"resp_pkts", "bad resp_pkts"},
	[ASH_ZF_HISTORY] = {"history", "bad history"},
	[ASH_ZF_CONN_STATE] = {"conn_state", "bad conn_state"},
};

int ash_zeek_conn_field(const char *name, size_t n)
{
	for (int f = 0; f < ASH_ZF_COUNT; f++)
		if (strlen(fields[f].name) == n && !memcmp(fields[f].name, name, n))
			return f;
	return -1;
}

const char *ash_zeek_conn_bad(int f)
{
	return f >= 0 && f < ASH_ZF_COUNT ? fields[f].bad : "bad value";
}

void ash_zeek_conn_reset(ash_zeek_conn *c, uint32_t present)
{
	memset(c, 0, sizeof *c);
	c->present = present;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "123.456789" (seconds, up to 12 integer digits) to microseconds;
 * digits past the sixth of the fraction are dropped. */
static int seconds_us(const char *s, size_t n, int64_t *us)
{
	size_t i = 0;
	int64_t sec = 0, frac = 0;
	while (i < n && is_digit(s[i])) {
		if (i >= 12)
			return -1;
		sec = sec * 10 + (s[i++] - '0');
	}
	if (i == 0)
		return -1;
	int nd = 0;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && is_digit(s[i]) && nd < 30) {
			if (nd < 6)
				frac = frac * 10 + (s[i] - '0');
			nd++, i++;
		}
		if (!nd)
			return -1;
	}
	if (i != n)
		return -1;
	for (; nd < 6; nd++)
		frac *= 10;
	*us = sec * 1000000 + frac;
	return 0;
}

static int parse_u64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	if (!n || n > 20)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

static int parse_proto(const char *s, size_t n, int *proto)
{
	if (n == 3 && !memcmp(s, "tcp", 3))
		*proto = 6;
	else if (n == 3 && !memcmp(s, "udp", 3))
		*proto = 17;
	else if (n == 4 && !memcmp(s, "icmp", 4))
		*proto = 1;
	else if (n == 17 && !memcmp(s, "unknown_transport", 17))
		*proto = 0;
	else
		return -1;
	return 0;
}

/* Zeek history letters: upper case from the originator, lower case from
 * the responder.  Data (D/d) is read as PSH|ACK: Zeek does not keep PSH,
 * and a segment with payload after the handshake carries ACK. */
static uint8_t history_flags(const char *s, size_t n)
{
	uint8_t f = 0;
	for (size_t i = 0; i < n; i++) {
		switch (s[i] | 0x20) {
		case 's': f |= ASH_TCP_SYN; break;
		case 'h': f |= ASH_TCP_SYN | ASH_TCP_ACK; break;
		case 'a': f |= ASH_TCP_ACK; break;
		case 'd': f |= ASH_TCP_PSH | ASH_TCP_ACK; break;
		case 'f': f |= ASH_TCP_FIN; break;
		case 'r': f |= ASH_TCP_RST; break;
		default: break;
		}
	}
	return f;
}

static int set_ts(ash_zeek_conn *c, const char *s, size_t n)
{
	if (n < 10 || s[4] != '-')
		return seconds_us(s, n, &c->ts_us);
	if (ash_time_parse_iso(s, n, NULL, &c->ts_us, &c->tz_off) != 0)
		return -1;
	c->has_off = true;
	return 0;
}

static int set_text(ash_zeek_conn *c, int f, const char *s, size_t n)
{
	uint64_t v;
	switch (f) {
	case ASH_ZF_TS: return set_ts(c, s, n);
	case ASH_ZF_DURATION: return seconds_us(s, n, &c->dur_us);
	case ASH_ZF_ORIG_H: return ash_ip_parse(s, n, &c->orig_h);
	case ASH_ZF_RESP_H: return ash_ip_parse(s, n, &c->resp_h);
	case ASH_ZF_ORIG_P:
	case ASH_ZF_RESP_P:
		if (parse_u64(s, n, &v) || v > 65535)
			return -1;
		*(f == ASH_ZF_ORIG_P ? &c->orig_p : &c->resp_p) = (uint32_t)v;
		return 0;
	case ASH_ZF_PROTO: return parse_proto(s, n, &c->proto);
	case ASH_ZF_HISTORY: c->flags = history_flags(s, n); return 0;
	case ASH_ZF_CONN_STATE: return 0;
	default:
		return parse_u64(s, n, &c->cnt[f - ASH_ZF_ORIG_BYTES]);
	}
}

int ash_zeek_conn_text(ash_zeek_conn *c, int f, const char *s, size_t n,
		       const char **reason)
{
	if (f < 0 || f >= ASH_ZF_COUNT)
		return 0;
	if (set_text(c, f, s, n) != 0) {
		*reason = fields[f].bad;
		return -1;
	}
	c->seen |= ASH_ZF_BIT(f);
	return 0;
}

int ash_zeek_conn_real(ash_zeek_conn *c, int f, double v, const char **reason)
{
	if (f < 0 || f >= ASH_ZF_COUNT)
		return 0;
	if (f != ASH_ZF_TS && f != ASH_ZF_DURATION) {
		if (v >= 0 && v <= 9007199254740992.0 && v == floor(v))
			return ash_zeek_conn_int(c, f, (int64_t)v, reason);
		*reason = fields[f].bad;
		return -1;
	}
	if (!isfinite(v) || v < 0 || v > (double)MAX_SEC) {
		*reason = fields[f].bad;
		return -1;
	}
	*(f == ASH_ZF_TS ? &c->ts_us : &c->dur_us) = llround(v * 1e6);
	c->seen |= ASH_ZF_BIT(f);
	return 0;
}

int ash_zeek_conn_int(ash_zeek_conn *c, int f, int64_t v, const char **reason)
{
	if (f < 0 || f >= ASH_ZF_COUNT)
		return 0;
	switch (f) {
	case ASH_ZF_TS:
	case ASH_ZF_DURATION:
		if (v < 0 || v > MAX_SEC)
			goto bad;
		*(f == ASH_ZF_TS ? &c->ts_us : &c->dur_us) = v * 1000000;
		break;
	case ASH_ZF_ORIG_P:
	case ASH_ZF_RESP_P:
		if (v < 0 || v > 65535)
			goto bad;
		*(f == ASH_ZF_ORIG_P ? &c->orig_p : &c->resp_p) = (uint32_t)v;
		break;
	case ASH_ZF_ORIG_BYTES: case ASH_ZF_RESP_BYTES:
	case ASH_ZF_ORIG_IP_BYTES: case ASH_ZF_RESP_IP_BYTES:
	case ASH_ZF_ORIG_PKTS: case ASH_ZF_RESP_PKTS:
		if (v < 0)
			goto bad;
		c->cnt[f - ASH_ZF_ORIG_BYTES] = (uint64_t)v;
		break;
	default:
		goto bad; /* addresses, proto, history, conn_state are strings */
	}
	c->seen |= ASH_ZF_BIT(f);
	return 0;
bad:
	*reason = fields[f].bad;
	return -1;
}

static bool has(const ash_zeek_conn *c, int f)
{
	return (c->seen & ASH_ZF_BIT(f)) != 0;
}

/* Addresses, protocol and ports (ICMP: dport = type << 8 | code). */
static int set_endpoints(const ash_zeek_conn *c, ash_rec *r,
			 const char **reason)
{
	r->src = c->orig_h;
	r->dst = c->resp_h;
	if (ash_ip_is_v4(&r->src) != ash_ip_is_v4(&r->dst)) {
		*reason = "id.orig_h and id.resp_h of different address families";
		return -1;
	}
	bool icmp = has(c, ASH_ZF_PROTO) && c->proto == 1;
	if (has(c, ASH_ZF_PROTO) && c->proto) {
		r->proto = (uint8_t)(icmp && !ash_ip_is_v4(&r->src) ? 58 : c->proto);
		r->have |= ASH_HAVE_PROTO;
	}
	if (icmp) {
		if (!has(c, ASH_ZF_ORIG_P) || !has(c, ASH_ZF_RESP_P))
			return 0;
		if (c->orig_p > 255 || c->resp_p > 255) {
			*reason = "ICMP type/code (id.orig_p/id.resp_p) out of range";
			return -1;
		}
		r->dport = (uint16_t)(c->orig_p << 8 | c->resp_p);
		r->have |= ASH_HAVE_DPORT;
		return 0;
	}
	if (has(c, ASH_ZF_PROTO) && c->proto == 0)
		return 0; /* unknown_transport: ports are 0, not ports */
	if (has(c, ASH_ZF_ORIG_P)) {
		r->sport = (uint16_t)c->orig_p;
		r->have |= ASH_HAVE_SPORT;
	}
	if (has(c, ASH_ZF_RESP_P)) {
		r->dport = (uint16_t)c->resp_p;
		r->have |= ASH_HAVE_DPORT;
	}
	return 0;
}

/* IP-level bytes when the entry has them, payload bytes otherwise. */
static void set_counts(const ash_zeek_conn *c, ash_rec *r)
{
#define CNT(f) c->cnt[(f) - ASH_ZF_ORIG_BYTES]
	if (has(c, ASH_ZF_ORIG_IP_BYTES) || has(c, ASH_ZF_ORIG_BYTES)) {
		r->obytes = has(c, ASH_ZF_ORIG_IP_BYTES) ? CNT(ASH_ZF_ORIG_IP_BYTES)
							 : CNT(ASH_ZF_ORIG_BYTES);
		r->have |= ASH_HAVE_OBYTES;
	}
	if (has(c, ASH_ZF_RESP_IP_BYTES) || has(c, ASH_ZF_RESP_BYTES)) {
		r->rbytes = has(c, ASH_ZF_RESP_IP_BYTES) ? CNT(ASH_ZF_RESP_IP_BYTES)
							 : CNT(ASH_ZF_RESP_BYTES);
		r->have |= ASH_HAVE_RBYTES;
	}
	if (has(c, ASH_ZF_ORIG_PKTS)) {
		r->opkts = CNT(ASH_ZF_ORIG_PKTS);
		r->have |= ASH_HAVE_OPKTS;
	}
	if (has(c, ASH_ZF_RESP_PKTS)) {
		r->rpkts = CNT(ASH_ZF_RESP_PKTS);
		r->have |= ASH_HAVE_RPKTS;
	}
#undef CNT
}

int ash_zeek_conn_record(const ash_zeek_conn *c, ash_rec *r,
			 const char **reason)
{
	if (!(c->present & ASH_ZF_CONN_ONLY)) {
		*reason = "not a conn log entry (no conn_state, duration, "
			  "bytes, packets or history)";
		return -1;
	}
	if (!has(c, ASH_ZF_TS) || !has(c, ASH_ZF_ORIG_H) || !has(c, ASH_ZF_RESP_H)) {
		*reason = !has(c, ASH_ZF_TS)	    ? "missing ts"
			  : !has(c, ASH_ZF_ORIG_H) ? "missing id.orig_h"
						   : "missing id.resp_h";
		return -1;
	}
	memset(r, 0, sizeof *r);
	r->t_start = c->ts_us;
	if (has(c, ASH_ZF_DURATION)) {
		if (c->dur_us > INT64_MAX - c->ts_us) {
			*reason = "bad duration";
			return -1;
		}
		r->t_end = c->ts_us + c->dur_us;
		r->have |= ASH_HAVE_END;
	}
	if (c->has_off) {
		r->tz_off = c->tz_off;
		r->have |= ASH_HAVE_TZOFF;
	}
	if (set_endpoints(c, r, reason) != 0)
		return -1;
	set_counts(c, r);
	if (r->proto == 6 && has(c, ASH_ZF_HISTORY)) {
		r->tcp_flags = c->flags;
		r->have |= ASH_HAVE_FLAGS;
	}
	return 0;
}
