/* SPDX-License-Identifier: MIT */
/* iptables.c: netfilter LOG target lines (iptables, ip6tables, nftables
 * "log" statements, ulogd LOGEMU) as found in kernel syslog, kern.log and
 * journald exports (text, or -o json): the "iptables" format.
 *
 * Owns: the message part after the syslog header (optional "[uptime]",
 * --log-prefix, IN= OUT= ... KEY=value tokens of the outer IP header and
 * transport header), the action words of the prefix, the sniffer.
 * Does not: parse the syslog header (syslog.c), look inside the packet
 * quoted in "[...]" of ICMP errors, allocate per line, or use scanf/regex:
 * tokens are found with memchr and dispatched on their first byte. */
#include "ingest/parser.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "ingest/journal.h"
#include "ingest/scan.h"
#include "ingest/syslog.h"

#define STR_MAX 256 /* sanitised copies of prefix, host and interfaces */

enum { S_RULE, S_DEVICE, S_IN, S_OUT, S_COUNT };

typedef struct ipt_state {
	ash_syslog sl;
	ash_journal_buf jb; /* strings of a journalctl -o json line */
	char buf[S_COUNT][STR_MAX]; /* sanitised strings of the last record */
} ipt_state;

/* What the token loop has seen of the outer packet. */
typedef struct ipt_scan {
	bool src, dst, len, proto, urgp;
	int type, code; /* ICMP, -1 = absent */
} ipt_scan;

/* ---- small helpers ---------------------------------------------------- */

static const char *find_space(const char *p, const char *end)
{
	return ash_scan_byte(p, end, ' ');
}

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
}

static bool is_key(const char *t, size_t tl, const char *key, size_t kl)
{
	return tl >= kl && memcmp(t, key, kl) == 0;
}

static bool is_word(const char *t, size_t tl, const char *w, size_t wl)
{
	return tl == wl && memcmp(t, w, wl) == 0;
}

/* Decimal 0..max; 0 ok, -1 not a number, -2 out of range. */
static int parse_uint(const char *s, size_t n, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;
	if (!n || n > 20)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v <= 0xffffffffu)
			v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max)
		return -2;
	*out = (uint32_t)v;
	return 0;
}

/* Length of a valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
	if (!len || len > n)
		return 0;
	for (size_t k = 1; k < len; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) ||
	    (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
		return 0; /* overlong, surrogate, > U+10FFFF */
	return len;
}

/* Strings handed out must be printable UTF-8: if *s holds a control byte
 * or invalid UTF-8, copy it into buf (truncated to STR_MAX) with each bad
 * byte replaced by '?'. */
static void sanitise(ash_str *s, char *buf)
{
	const unsigned char *p = (const unsigned char *)s->p;
	size_t i = 0;
	while (i < s->n && p[i] >= 0x20 && p[i] < 0x7f)
		i++;
	if (i == s->n)
		return;
	size_t o = 0;
	for (i = 0; i < s->n && o < STR_MAX;) {
		size_t l = p[i] < 0x80 ? 1 : utf8_len(p + i, s->n - i);
		if (l == 1 && (p[i] < 0x20 || p[i] == 0x7f))
			l = 0;
		if (!l || o + l > STR_MAX) {
			buf[o++] = '?';
			i++;
			continue;
		}
		memcpy(buf + o, p + i, l);
		o += l;
		i += l;
	}
	s->p = buf;
	s->n = (uint32_t)o;
}

static ash_str trim(const char *p, size_t n)
{
	while (n && (p[0] == ' ' || p[0] == '\t'))
		p++, n--;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	ash_str s = {p, (uint32_t)(n > UINT32_MAX ? UINT32_MAX : n)};
	return s;
}

/* ---- action words of the log prefix ------------------------------------ */

static const struct {
	const char *w;
	uint8_t act;
} action_words[] = {
	{"DROP", ASH_ACT_DROP},     {"DROPPED", ASH_ACT_DROP},
	{"BLOCK", ASH_ACT_DROP},    {"BLOCKED", ASH_ACT_DROP},
	{"DISCARD", ASH_ACT_DROP},  {"REJECT", ASH_ACT_DENY},
	{"REJECTED", ASH_ACT_DENY}, {"DENY", ASH_ACT_DENY},
	{"DENIED", ASH_ACT_DENY},   {"ACCEPT", ASH_ACT_ALLOW},
	{"ACCEPTED", ASH_ACT_ALLOW}, {"ALLOW", ASH_ACT_ALLOW},
	{"ALLOWED", ASH_ACT_ALLOW}, {"PASS", ASH_ACT_ALLOW},
	{"PERMIT", ASH_ACT_ALLOW},  {"PERMITTED", ASH_ACT_ALLOW},
};

static uint8_t word_action(const char *w, size_t n)
{
	char up[10];
	if (n < 4 || n > sizeof up)
		return ASH_ACT_UNKNOWN;
	for (size_t i = 0; i < n; i++)
		up[i] = upper(w[i]);
	for (size_t k = 0; k < sizeof action_words / sizeof action_words[0]; k++)
		if (action_words[k].w[0] == up[0] && strlen(action_words[k].w) == n &&
		    !memcmp(action_words[k].w, up, n))
			return action_words[k].act;
	return ASH_ACT_UNKNOWN;
}

/* First action word (letters only, case-insensitive) of the prefix. */
static uint8_t prefix_action(ash_str p)
{
	size_t i = 0;
	while (i < p.n) {
		while (i < p.n && !((p.p[i] | 0x20) >= 'a' && (p.p[i] | 0x20) <= 'z'))
			i++;
		size_t start = i;
		while (i < p.n && (p.p[i] | 0x20) >= 'a' && (p.p[i] | 0x20) <= 'z')
			i++;
		uint8_t a = word_action(p.p + start, i - start);
		if (a != ASH_ACT_UNKNOWN)
			return a;
	}
	return ASH_ACT_UNKNOWN;
}

/* ---- the KEY=value part ------------------------------------------------ */

static int parse_proto(const char *v, size_t n, uint8_t *proto)
{
	static const struct {
		const char *name;
		uint8_t num;
	} names[] = {{"TCP", 6},     {"UDP", 17}, {"ICMP", 1},     {"ICMPV6", 58},
		     {"UDPLITE", 136}, {"SCTP", 132}, {"DCCP", 33}, {"AH", 51},
		     {"ESP", 50},     {"GRE", 47}, {"IGMP", 2}};
	uint32_t num;
	if (parse_uint(v, n, 255, &num) == 0) {
		*proto = (uint8_t)num;
		return 0;
	}
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		size_t l = strlen(names[k].name);
		if (l != n)
			continue;
		size_t i = 0;
		while (i < n && upper(v[i]) == names[k].name[i])
			i++;
		if (i == n) {
			*proto = names[k].num;
			return 0;
		}
	}
	return -1;
}

static int set_addr(const char *v, size_t n, ash_ip *ip, bool *seen,
		    const char *why, const char **reason)
{
	if (*seen)
		return 0;
	if (ash_ip_parse(v, n, ip) != 0) {
		*reason = why;
		return -1;
	}
	*seen = true;
	return 0;
}

static int set_port(const char *v, size_t n, uint16_t *port, uint32_t bit,
		    ash_rec *r, const char *bad, const char *range,
		    const char **reason)
{
	uint32_t x;
	int rc = parse_uint(v, n, 65535, &x);
	if (rc) {
		*reason = rc == -2 ? range : bad;
		return -1;
	}
	*port = (uint16_t)x;
	r->have |= bit;
	return 0;
}

static int set_icmp(const char *v, size_t n, int *out, const char *bad,
		    const char *range, const char **reason)
{
	uint32_t x;
	int rc = parse_uint(v, n, 255, &x);
	if (rc) {
		*reason = rc == -2 ? range : bad;
		return -1;
	}
	*out = (int)x;
	return 0;
}

static uint8_t tcp_flag(const char *t, size_t tl)
{
	if (tl != 3)
		return 0;
	switch (t[0]) {
	case 'S': return is_word(t, tl, "SYN", 3) ? ASH_TCP_SYN : 0;
	case 'A': return is_word(t, tl, "ACK", 3) ? ASH_TCP_ACK : 0;
	case 'F': return is_word(t, tl, "FIN", 3) ? ASH_TCP_FIN : 0;
	case 'R': return is_word(t, tl, "RST", 3) ? ASH_TCP_RST : 0;
	case 'P': return is_word(t, tl, "PSH", 3) ? ASH_TCP_PSH : 0;
	case 'U': return is_word(t, tl, "URG", 3) ? ASH_TCP_URG : 0;
	case 'E': return is_word(t, tl, "ECE", 3) ? ASH_TCP_ECE : 0;
	case 'C': return is_word(t, tl, "CWR", 3) ? ASH_TCP_CWR : 0;
	default: return 0;
	}
}

/* Addresses, lengths and protocol: tokens of the IP header. */
static int ip_token(const char *t, size_t tl, ash_rec *r, ipt_scan *sc,
		    const char **reason)
{
	if (is_key(t, tl, "SRC=", 4))
		return set_addr(t + 4, tl - 4, &r->src, &sc->src,
				"bad SRC address", reason);
	if (is_key(t, tl, "DST=", 4))
		return set_addr(t + 4, tl - 4, &r->dst, &sc->dst,
				"bad DST address", reason);
	if (is_key(t, tl, "LEN=", 4) && !sc->len && !sc->proto) {
		uint32_t x;
		if (parse_uint(t + 4, tl - 4, UINT32_MAX, &x)) {
			*reason = "bad LEN";
			return -1;
		}
		r->obytes = x;
		r->have |= ASH_HAVE_OBYTES;
		sc->len = true;
		return 0;
	}
	if (is_key(t, tl, "PROTO=", 6) && !sc->proto) {
		if (parse_proto(t + 6, tl - 6, &r->proto)) {
			*reason = "bad PROTO";
			return -1;
		}
		r->have |= ASH_HAVE_PROTO;
		sc->proto = true;
	}
	return 0;
}

/* One token.  Returns 0 to go on, 1 to stop (quoted inner packet or
 * truncated header), -1 to reject with *reason. */
static int one_token(const char *t, size_t tl, ash_rec *r, ipt_scan *sc,
		     const char **reason)
{
	switch (t[0]) {
	case 'S':
	case 'D':
	case 'L':
	case 'P':
		if (is_key(t, tl, "SPT=", 4))
			return set_port(t + 4, tl - 4, &r->sport, ASH_HAVE_SPORT, r,
					"bad SPT", "SPT out of range", reason);
		if (is_key(t, tl, "DPT=", 4))
			return set_port(t + 4, tl - 4, &r->dport, ASH_HAVE_DPORT, r,
					"bad DPT", "DPT out of range", reason);
		break;
	case 'T':
		if (is_key(t, tl, "TYPE=", 5))
			return set_icmp(t + 5, tl - 5, &sc->type, "bad TYPE",
					"TYPE out of range", reason);
		return 0;
	case 'C':
		if (is_key(t, tl, "CODE=", 5))
			return set_icmp(t + 5, tl - 5, &sc->code, "bad CODE",
					"CODE out of range", reason);
		break;
	case 'U':
		if (is_key(t, tl, "URGP=", 5))
			sc->urgp = true;
		break;
	case 'I':
		return is_word(t, tl, "INCOMPLETE", 10);
	case '[':
		return 1;
	default:
		break;
	}
	if (r->proto == 6 && sc->proto) {
		uint8_t f = tcp_flag(t, tl);
		if (f) {
			r->tcp_flags |= f;
			return 0;
		}
	}
	return ip_token(t, tl, r, sc, reason);
}

static int check_record(ash_rec *r, const ipt_scan *sc, const char **reason)
{
	if (!sc->src && !sc->dst) {
		*reason = "not an IP packet (no SRC/DST: ARP or other link layer)";
		return -1;
	}
	if (!sc->src || !sc->dst) {
		*reason = sc->src ? "missing DST" : "missing SRC";
		return -1;
	}
	if (ash_ip_is_v4(&r->src) != ash_ip_is_v4(&r->dst)) {
		*reason = "SRC and DST of different address families";
		return -1;
	}
	if (!sc->proto) {
		*reason = "missing PROTO";
		return -1;
	}
	if ((r->proto == 1 || r->proto == 58) && sc->type >= 0 && sc->code >= 0) {
		r->dport = (uint16_t)(sc->type << 8 | sc->code);
		r->have |= ASH_HAVE_DPORT;
		r->have &= ~(uint32_t)ASH_HAVE_SPORT;
	}
	if (r->proto == 6 && sc->urgp)
		r->have |= ASH_HAVE_FLAGS;
	else
		r->tcp_flags = 0;
	r->opkts = 1;
	r->have |= ASH_HAVE_OPKTS;
	return 0;
}

/* "IN=x OUT=y ..." at p (n bytes). */
static int kv_part(const char *p, size_t n, ash_rec *r, const char **reason)
{
	const char *end = p + n;
	ipt_scan sc = {.type = -1, .code = -1};
	while (p < end) {
		if (*p == ' ') {
			p++;
			continue;
		}
		const char *te = find_space(p, end);
		size_t tl = (size_t)(te - p);
		int rc;
		if (tl > 3 && p[0] == 'I' && p[1] == 'N' && p[2] == '=' && !r->in_if.p)
			r->in_if = (ash_str){p + 3, (uint32_t)(tl - 3)};
		else if (is_key(p, tl, "OUT=", 4) && !r->out_if.p)
			r->out_if = (ash_str){p + 4, (uint32_t)(tl - 4)};
		else if ((rc = one_token(p, tl, r, &sc, reason)) != 0) {
			if (rc < 0)
				return -1;
			break;
		}
		p = te;
	}
	return check_record(r, &sc, reason);
}

/* Offset of the "IN=" that starts the netfilter part (an "IN=" whose
 * value is followed by " OUT="), or -1. */
static long find_in(const char *m, size_t n)
{
	const char *p = m, *end = m + n;
	while (end - p >= 3) {
		p = memchr(p, 'I', (size_t)(end - p - 2));
		if (!p)
			return -1;
		if (p[1] == 'N' && p[2] == '=') {
			const char *sp = find_space(p + 3, end);
			if (end - sp >= 5 && !memcmp(sp + 1, "OUT=", 4))
				return (long)(p - m);
		}
		p++;
	}
	return -1;
}

/* Skip the kernel's "[ 1234.567890]" uptime stamp. */
static size_t skip_uptime(const char *m, size_t n)
{
	size_t i = 0;
	while (i < n && m[i] == ' ')
		i++;
	if (i >= n || m[i] != '[')
		return 0;
	size_t j = i + 1;
	while (j < n && j - i < 32 && (m[j] == ' ' || m[j] == '.' ||
				       (m[j] >= '0' && m[j] <= '9')))
		j++;
	if (j >= n || m[j] != ']')
		return 0;
	return j + 1;
}

/* ---- the parser interface ---------------------------------------------- */

static void *ipt_open(const ash_parse_opts *o)
{
	ipt_state *st = ash_calloc(1, sizeof *st);
	ash_syslog_init(&st->sl, o ? o->tz : NULL, o ? o->year : 0,
			o ? o->ref_time_us : 0);
	return st;
}

static void ipt_close(void *state)
{
	free(state);
}

static void fill_strings(ipt_state *st, ash_rec *r)
{
	sanitise(&r->rule, st->buf[S_RULE]);
	sanitise(&r->device, st->buf[S_DEVICE]);
	sanitise(&r->in_if, st->buf[S_IN]);
	sanitise(&r->out_if, st->buf[S_OUT]);
}

static int ipt_line(void *state, const char *s, size_t n, ash_rec *r,
		    const char **reason)
{
	ipt_state *st = state;
	ash_syslog_hdr h;
	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (ash_syslog_is_comment(s, n))
		return ASH_LINE_META;
	size_t lead = 0;
	while (lead < n && s[lead] == ' ')
		lead++;
	if (lead < n && s[lead] == '{') {
		if (ash_journal_parse(s + lead, n - lead, st->sl.tz, &st->jb, &h,
				      reason) != 0)
			return ASH_LINE_REJECT;
	} else if (ash_syslog_parse(&st->sl, s, n, &h, reason) != 0) {
		return ASH_LINE_REJECT;
	}
	size_t u = skip_uptime(h.msg, h.msg_n);
	const char *m = h.msg + u;
	size_t mn = h.msg_n - u;
	long at = find_in(m, mn);
	if (at < 0) {
		*reason = "not a netfilter LOG line (no IN=... OUT=)";
		return ASH_LINE_REJECT;
	}
	memset(r, 0, sizeof *r);
	r->t_start = h.t_us;
	r->tz_off = h.tz_off;
	r->have = ASH_HAVE_TZOFF;
	r->format = ASH_FMT_IPTABLES;
	r->device = h.host;
	r->rule = trim(m, (size_t)at);
	r->action = prefix_action(r->rule);
	if (kv_part(m + at, mn - (size_t)at, r, reason) != 0)
		return ASH_LINE_REJECT;
	fill_strings(st, r);
	return ASH_LINE_RECORD;
}

static bool contains(const char *h, size_t hn, const char *needle)
{
	return h && memmem(h, hn, needle, strlen(needle)) != NULL;
}

/* Share of the sample's lines that carry "IN=", " OUT=" and "SRC=". */
static int ipt_sniff(const char *buf, size_t n)
{
	size_t lines = 0, hits = 0, i = 0;
	if (!buf)
		return 0;
	while (i < n && lines < 400) {
		const char *nl = memchr(buf + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - buf) : n;
		const char *l = buf + i;
		size_t ln = e - i;
		i = e + 1;
		if (ash_syslog_is_comment(l, ln))
			continue;
		lines++;
		if (contains(l, ln, "IN=") && contains(l, ln, " OUT=") &&
		    contains(l, ln, "SRC="))
			hits++;
	}
	if (!hits)
		return 0;
	return (int)(40 + 60 * hits / lines);
}

const ash_parser ash_iptables_parser = {
	.name = "iptables",
	.format = ASH_FMT_IPTABLES,
	.what = "netfilter LOG lines (iptables/ip6tables/nftables) in syslog, "
		"kern.log or journalctl output",
	.sniff = ipt_sniff,
	.open = ipt_open,
	.line = ipt_line,
	.close = ipt_close,
};
