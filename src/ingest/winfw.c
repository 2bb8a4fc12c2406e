/* SPDX-License-Identifier: MIT */
/* winfw.c: Windows Firewall (Windows Defender Firewall) pfirewall.log, the
 * "winfw" format: W3C extended log lines whose column order is given by
 * the "#Fields:" header (the Windows default order when there is none),
 * space separated, "-" for absent values, date and time local to the host
 * (the --tz zone).
 *
 * Owns: the header lines, the column map, the mapping of a line to a
 * record (ALLOW / DROP, protocol, addresses, ports, size as the bytes of
 * one packet, TCP flags, ICMP type and code, the path - SEND, RECEIVE,
 * FORWARD - as the note, verbatim), the sniffer.
 * Does not: keep INFO-EVENTS-LOST lines (rejected with their count as the
 * reason's subject), store the pid or info, allocate per line, or
 * print. */
#include "ingest/parser.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "ingest/field.h"
#include "ingest/scan.h"
#include "ingest/strclean.h"

#define COL_MAX 32    /* columns of a line looked at */
#define STAMP_MAX 48
#define NOTE_MAX 64   /* the path: SEND, RECEIVE, FORWARD, UNKNOWN */

enum wf_col {
	C_NONE, C_DATE, C_TIME, C_ACTION, C_PROTO, C_SRC, C_DST, C_SPORT,
	C_DPORT, C_SIZE, C_FLAGS, C_ICMPTYPE, C_ICMPCODE, C_PATH, C_COUNT
};

static const struct {
	const char *name;
	uint8_t col;
} names[] = {
	{"date", C_DATE},         {"time", C_TIME},       {"action", C_ACTION},
	{"protocol", C_PROTO},    {"src-ip", C_SRC},      {"dst-ip", C_DST},
	{"src-port", C_SPORT},    {"dst-port", C_DPORT},  {"size", C_SIZE},
	{"tcpflags", C_FLAGS},    {"icmptype", C_ICMPTYPE},
	{"icmpcode", C_ICMPCODE}, {"path", C_PATH},
};

/* The Windows default: date time action protocol src-ip dst-ip src-port
 * dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path
 * [pid]. */
static const uint8_t default_map[] = {
	C_DATE, C_TIME, C_ACTION, C_PROTO, C_SRC, C_DST, C_SPORT, C_DPORT,
	C_SIZE, C_FLAGS, C_NONE, C_NONE, C_NONE, C_ICMPTYPE, C_ICMPCODE, C_NONE,
	C_PATH};

typedef struct wf_state {
	ash_tz *tz;             /* zone of the stamps (NULL: UTC) */
	ash_tz *tz_local;       /* the zone given (--tz / site): "#Time
				 * Format: Local", as Windows writes */
	char k_text[STAMP_MAX]; /* cache: the last "date time" and its */
	size_t k_n;             /* instant and offset (lines share seconds) */
	int64_t k_us;
	int32_t k_off;
	uint8_t map[COL_MAX]; /* column index -> enum wf_col */
	int ncols;
	char note[NOTE_MAX];  /* the path, cleaned */
} wf_state;

static bool tok_is(const char *p, size_t n, const char *w)
{
	return n == strlen(w) && !memcmp(p, w, n);
}

/* "#Fields: a b c": the column map. */
static void read_fields(wf_state *st, const char *p, const char *end)
{
	memset(st->map, C_NONE, sizeof st->map);
	st->ncols = 0;
	while (p < end && st->ncols < COL_MAX) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p >= end)
			break;
		const char *e = p;
		while (e < end && *e != ' ' && *e != '\t')
			e++;
		for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
			if (tok_is(p, (size_t)(e - p), names[k].name))
				st->map[st->ncols] = names[k].col;
		st->ncols++;
		p = e;
	}
}

/* "#Time Format: Local" (the zone given) or "UTC". */
static void time_format(wf_state *st, const char *p, size_t n)
{
	while (n && *p == ' ')
		p++, n--;
	st->tz = n >= 3 && !memcmp(p, "UTC", 3) ? NULL : st->tz_local;
	st->k_n = 0; /* the cached stamp may now mean another instant */
}

static uint8_t tcp_flags(ash_str v)
{
	uint8_t f = 0;
	for (uint32_t i = 0; i < v.n; i++)
		switch (v.p[i]) {
		case 'F': f |= ASH_TCP_FIN; break;
		case 'S': f |= ASH_TCP_SYN; break;
		case 'R': f |= ASH_TCP_RST; break;
		case 'P': f |= ASH_TCP_PSH; break;
		case 'A': f |= ASH_TCP_ACK; break;
		case 'U': f |= ASH_TCP_URG; break;
		case 'E': f |= ASH_TCP_ECE; break;
		case 'C': f |= ASH_TCP_CWR; break;
		default: break;
		}
	return f;
}

static bool absent(ash_str v)
{
	return !v.n || (v.n == 1 && v.p[0] == '-');
}

static int num(ash_str v, uint64_t max, uint64_t *out, const char *why,
	       const char **reason)
{
	if (ash_field_uint(v.p, v.n, max, out)) {
		*reason = why;
		return -1;
	}
	return 0;
}

static int wf_time(wf_state *st, ash_str d, ash_str t, ash_rec *r,
		   const char **reason)
{
	char buf[STAMP_MAX];
	if (absent(d) || absent(t) || d.n + t.n + 1 > sizeof buf) {
		*reason = "missing date or time";
		return -1;
	}
	size_t n = d.n + 1 + t.n;
	memcpy(buf, d.p, d.n);
	buf[d.n] = ' ';
	memcpy(buf + d.n + 1, t.p, t.n);
	if (st->k_n == n && !memcmp(st->k_text, buf, n)) {
		r->t_start = st->k_us;
		r->tz_off = st->k_off;
		return 0;
	}
	if (ash_field_time(buf, n, st->tz, &r->t_start, &r->tz_off)) {
		*reason = "bad date or time";
		return -1;
	}
	memcpy(st->k_text, buf, n);
	st->k_n = n;
	st->k_us = r->t_start;
	st->k_off = r->tz_off;
	return 0;
}

static int wf_addrs(const ash_str *v, ash_rec *r, const char **reason)
{
	if (absent(v[C_SRC]) || ash_ip_parse(v[C_SRC].p, v[C_SRC].n, &r->src)) {
		*reason = "bad or missing src-ip";
		return -1;
	}
	if (absent(v[C_DST]) || ash_ip_parse(v[C_DST].p, v[C_DST].n, &r->dst)) {
		*reason = "bad or missing dst-ip";
		return -1;
	}
	if (ash_ip_is_v4(&r->src) != ash_ip_is_v4(&r->dst)) {
		*reason = "src-ip and dst-ip of different address families";
		return -1;
	}
	return 0;
}

static int wf_ports(const ash_str *v, ash_rec *r, const char **reason)
{
	uint64_t x;
	if (!absent(v[C_SPORT])) {
		if (num(v[C_SPORT], 65535, &x, "bad src-port", reason))
			return -1;
		r->sport = (uint16_t)x;
		r->have |= ASH_HAVE_SPORT;
	}
	if (!absent(v[C_DPORT])) {
		if (num(v[C_DPORT], 65535, &x, "bad dst-port", reason))
			return -1;
		r->dport = (uint16_t)x;
		r->have |= ASH_HAVE_DPORT;
	}
	if (r->proto == 1 || r->proto == 58) {
		uint64_t ty, co = 0;
		r->have &= ~(uint32_t)(ASH_HAVE_SPORT | ASH_HAVE_DPORT);
		r->sport = r->dport = 0;
		if (!absent(v[C_ICMPTYPE])) {
			if (num(v[C_ICMPTYPE], 255, &ty, "bad icmptype", reason) ||
			    (!absent(v[C_ICMPCODE]) &&
			     num(v[C_ICMPCODE], 255, &co, "bad icmpcode", reason)))
				return -1;
			r->dport = (uint16_t)(ty << 8 | co);
			r->have |= ASH_HAVE_DPORT;
		}
	}
	return 0;
}

static int wf_action(ash_str a, ash_rec *r, const char **reason)
{
	if (tok_is(a.p, a.n, "ALLOW"))
		r->action = ASH_ACT_ALLOW;
	else if (tok_is(a.p, a.n, "DROP"))
		r->action = ASH_ACT_DROP;
	else if (tok_is(a.p, a.n, "INFO-EVENTS-LOST")) {
		*reason = "INFO-EVENTS-LOST: Windows did not log some events";
		return -1;
	} else {
		r->action = ash_field_action(a.p, a.n);
	}
	return 0;
}

static int fill(wf_state *st, const ash_str *v, ash_rec *r, const char **reason)
{
	uint64_t x;
	memset(r, 0, sizeof *r);
	r->format = ASH_FMT_WINFW;
	r->have = ASH_HAVE_TZOFF | ASH_HAVE_PROTO;
	if (wf_action(v[C_ACTION], r, reason))
		return -1;
	if (absent(v[C_PROTO]) || ash_field_proto(v[C_PROTO].p, v[C_PROTO].n, &r->proto)) {
		*reason = "bad or missing protocol";
		return -1;
	}
	if (wf_time(st, v[C_DATE], v[C_TIME], r, reason) ||
	    wf_addrs(v, r, reason) || wf_ports(v, r, reason))
		return -1;
	if (!absent(v[C_SIZE])) {
		if (num(v[C_SIZE], UINT32_MAX, &x, "bad size", reason))
			return -1;
		r->obytes = x;
		r->have |= ASH_HAVE_OBYTES;
	}
	r->opkts = 1;
	r->have |= ASH_HAVE_OPKTS;
	if (r->proto == 6 && !absent(v[C_FLAGS])) {
		r->tcp_flags = tcp_flags(v[C_FLAGS]);
		r->have |= ASH_HAVE_FLAGS;
	}
	if (!absent(v[C_PATH])) {
		r->note = v[C_PATH];
		ash_strclean(&r->note, st->note, sizeof st->note);
	}
	return 0;
}

static void *wf_open(const ash_parse_opts *o)
{
	wf_state *st = ash_calloc(1, sizeof *st);
	st->tz = st->tz_local = o ? o->tz : NULL;
	memcpy(st->map, default_map, sizeof default_map);
	st->ncols = (int)sizeof default_map;
	return st;
}

static void wf_close(void *state)
{
	free(state);
}

static int wf_line(void *state, const char *s, size_t n, ash_rec *r,
		   const char **reason)
{
	wf_state *st = state;
	ash_str v[C_COUNT] = {{0}};
	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		s += 3, n -= 3;
	if (!n)
		return ASH_LINE_META;
	if (s[0] == '#') {
		if (n >= 8 && !memcmp(s, "#Fields:", 8))
			read_fields(st, s + 8, s + n);
		else if (n >= 13 && !memcmp(s, "#Time Format:", 13))
			time_format(st, s + 13, n - 13);
		return ASH_LINE_META;
	}
	const char *p = s, *end = s + n;
	int col = 0;
	while (p < end && col < COL_MAX) {
		const char *e = ash_scan_byte(p, end, ' '); /* tokens are short */
		if (col < st->ncols && st->map[col] != C_NONE) {
			v[st->map[col]].p = p;
			v[st->map[col]].n = (uint32_t)(e - p);
		}
		col++;
		p = e < end ? e + 1 : end;
	}
	if (col < 6) {
		*reason = "too few columns";
		return ASH_LINE_REJECT;
	}
	return fill(st, v, r, reason) ? ASH_LINE_REJECT : ASH_LINE_RECORD;
}

/* The W3C header of pfirewall.log, or lines of the default shape. */
static int wf_sniff(const char *buf, size_t n)
{
	if (!buf)
		return 0;
	if (memmem(buf, n, "#Software: Microsoft Windows Firewall", 37))
		return 100;
	if (memmem(buf, n, "#Fields: date time action protocol src-ip", 41))
		return 95;
	return 0;
}

const ash_parser ash_winfw_parser = {
	.name = "winfw",
	.format = ASH_FMT_WINFW,
	.what = "Windows Firewall pfirewall.log (W3C extended, local time)",
	.sniff = wf_sniff,
	.open = wf_open,
	.line = wf_line,
	.close = wf_close,
};
