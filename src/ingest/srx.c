/* SPDX-License-Identifier: MIT */
/* srx.c: Juniper SRX RT_FLOW session logs, the "srx" format:
 * RT_FLOW_SESSION_CREATE, _CLOSE and _DENY (and their _LS forms of
 * logical systems), both as structured syslog (RFC 5424 structured data
 * "[junos@2636.1.1.1.2.xx source-address="..." ...]", also behind a BSD
 * header) and as the unstructured text "RT_FLOW_SESSION_CREATE: session
 * created 10.0.0.1/5000->192.0.2.1/443 ...".
 *
 * Owns: finding the event, the structured-data pairs, the positional
 * fields of the text form, the mapping to a record (zones as interfaces,
 * policy as rule, NAT when it changes the tuple, close: bytes, packets and
 * elapsed time, the log time is the session's end and the close reason
 * the note; structured deny lines' reason too), the sniffer.
 * Does not: parse the syslog header (syslog.c), keep AppTrack or other
 * RT_FLOW events (rejected with their reason), allocate, or print. */
#include "ingest/parser.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "ingest/field.h"
#include "ingest/strclean.h"
#include "ingest/syslog.h"

#define STR_MAX 256
#define TOK_MAX 48        /* tokens of the text form looked at */
#define FIND_MAX 4096     /* how far into a line the event is looked for */

enum { S_RULE, S_DEVICE, S_IN, S_OUT, S_NOTE, S_COUNT };
enum srx_ev { EV_CREATE, EV_CLOSE, EV_DENY };

/* Fields of either form, as text (n == 0: absent). */
enum srx_key {
	K_SRC, K_SPORT, K_DST, K_DPORT, K_NSRC, K_NSPORT, K_NDST, K_NDPORT,
	K_PROTO, K_POLICY, K_SZONE, K_DZONE, K_CPKTS, K_CBYTES, K_SPKTS,
	K_SBYTES, K_ELAPSED, K_ICMP, K_REASON, K_COUNT
};

static const char *const sd_keys[K_COUNT] = {
	"source-address",      "source-port",          "destination-address",
	"destination-port",    "nat-source-address",   "nat-source-port",
	"nat-destination-address", "nat-destination-port", "protocol-id",
	"policy-name",         "source-zone-name",     "destination-zone-name",
	"packets-from-client", "bytes-from-client",    "packets-from-server",
	"bytes-from-server",   "elapsed-time",         "icmp-type",
	"reason",
};

typedef struct srx_state {
	ash_syslog sl;
	char buf[S_COUNT][STR_MAX];
} srx_state;

typedef struct srx_vals {
	ash_str v[K_COUNT];
} srx_vals;

static void set(srx_vals *f, int k, const char *p, size_t n)
{
	if (!f->v[k].p) {
		f->v[k].p = p;
		f->v[k].n = (uint32_t)n;
	}
}

/* ---- structured data ---------------------------------------------------- */

/* Every kept key starts with s, d, n, p, b, e, i or r and is 6..23 bytes
 * long: most keys of a line are turned away by those two tests. */
static int sd_index(const char *k, size_t n)
{
	if (n < 6 || n > 23 || !memchr("sdnpbeir", k[0], 8))
		return -1;
	for (int i = 0; i < K_COUNT; i++)
		if (sd_keys[i][0] == k[0] && strnlen(sd_keys[i], n + 1) == n &&
		    !memcmp(sd_keys[i], k, n))
			return i;
	return -1;
}

/* The pairs of "[junos@... k="v" ...]" from p (at '[').  Values keep
 * their escapes.  Returns 0, or -1 when the element is not closed. */
static int parse_sd(const char *p, const char *end, srx_vals *f)
{
	p = memchr(p, ' ', (size_t)(end - p));
	while (p && p < end) {
		while (p < end && *p == ' ')
			p++;
		if (p < end && *p == ']')
			return 0;
		const char *k = p;
		while (p < end && *p != '=' && *p != ' ' && *p != ']')
			p++;
		if (p >= end || *p != '=' || p + 1 >= end || p[1] != '"')
			return -1;
		size_t kn = (size_t)(p - k);
		const char *v = p + 2, *q = v;
		while (q < end && *q != '"')
			q += (*q == '\\' && q + 1 < end) ? 2 : 1;
		if (q >= end)
			return -1;
		int i = sd_index(k, kn);
		if (i >= 0)
			set(f, i, v, (size_t)(q - v));
		p = q + 1;
	}
	return -1;
}

/* ---- the text form ------------------------------------------------------ */

typedef struct toks {
	ash_str t[TOK_MAX];
	int n;
} toks;

static void split(const char *p, const char *end, toks *tk)
{
	tk->n = 0;
	while (p < end && tk->n < TOK_MAX) {
		while (p < end && *p == ' ')
			p++;
		if (p >= end)
			break;
		const char *e = memchr(p, ' ', (size_t)(end - p));
		if (!e)
			e = end;
		tk->t[tk->n].p = p;
		tk->t[tk->n].n = (uint32_t)(e - p);
		tk->n++;
		p = e;
	}
}

/* "A/p->B/q" into four fields starting at key k. */
static bool tuple(ash_str t, srx_vals *f, int k)
{
	const char *arrow = memmem(t.p, t.n, "->", 2);
	if (!arrow)
		return false;
	ash_str a = {t.p, (uint32_t)(arrow - t.p)};
	ash_str b = {arrow + 2, (uint32_t)(t.n - a.n - 2)};
	const char *sa = memrchr(a.p, '/', a.n), *sb = memrchr(b.p, '/', b.n);
	if (!sa || !sb)
		return false;
	set(f, k, a.p, (size_t)(sa - a.p));
	set(f, k + 1, sa + 1, (size_t)(a.p + a.n - sa - 1));
	set(f, k + 2, b.p, (size_t)(sb - b.p));
	set(f, k + 3, sb + 1, (size_t)(b.p + b.n - sb - 1));
	return true;
}

static bool digits(ash_str t)
{
	uint64_t v;
	return ash_field_uint(t.p, t.n, UINT64_MAX, &v) == 0;
}

/* "12(3456)": packets and bytes, or protocol and ICMP type. */
static bool paren_pair(ash_str t, srx_vals *f, int k1, int k2)
{
	const char *o = memchr(t.p, '(', t.n);
	if (!o || t.n < 4 || t.p[t.n - 1] != ')')
		return false;
	ash_str a = {t.p, (uint32_t)(o - t.p)};
	ash_str b = {o + 1, (uint32_t)(t.n - a.n - 2)};
	if (!digits(a) || !digits(b))
		return false;
	set(f, k1, a.p, a.n);
	set(f, k2, b.p, b.n);
	return true;
}

/* protocol-id policy source-zone destination-zone session-id: NAT rule
 * names and types before it vary between Junos releases, so look for a
 * number followed four tokens on by a number (the session id) and then
 * by "user(roles)" (create, since Junos 12) or "pkts(bytes)" twice
 * (close).  Old create lines end at the session id: then the first such
 * number whose policy is a name. */
static bool has_paren(const toks *tk, int i)
{
	return i < tk->n && memchr(tk->t[i].p, '(', tk->t[i].n) != NULL;
}

static int find_proto(const toks *tk, int from, bool closed)
{
	for (int i = from; i + 4 < tk->n; i++)
		if (digits(tk->t[i]) && digits(tk->t[i + 4]) && has_paren(tk, i + 5) &&
		    (!closed || has_paren(tk, i + 6)))
			return i;
	for (int i = from; !closed && i + 4 < tk->n; i++) {
		ash_str pol = tk->t[i + 1];
		if (digits(tk->t[i]) && digits(tk->t[i + 4]) && !digits(pol) &&
		    !(pol.n == 3 && !memcmp(pol.p, "N/A", 3)))
			return i;
	}
	return -1;
}

static void zones(const toks *tk, int i, srx_vals *f)
{
	set(f, K_POLICY, tk->t[i].p, tk->t[i].n);
	set(f, K_SZONE, tk->t[i + 1].p, tk->t[i + 1].n);
	set(f, K_DZONE, tk->t[i + 2].p, tk->t[i + 2].n);
}

/* created/closed: tuple [0x..] service nat-tuple [0x..] ... proto ...
 * (closed: then "pkts(bytes) pkts(bytes) elapsed"). */
static int text_session(const toks *tk, srx_vals *f, bool closed)
{
	int i = 0;
	if (tk->n < 2 || !tuple(tk->t[0], f, K_SRC))
		return -1;
	for (i = 1; i < tk->n && i < 5; i++)
		if (memmem(tk->t[i].p, tk->t[i].n, "->", 2)) {
			if (!tuple(tk->t[i], f, K_NSRC))
				return -1;
			break;
		}
	int p = find_proto(tk, i + 1, closed);
	if (p < 0)
		return -1;
	set(f, K_PROTO, tk->t[p].p, tk->t[p].n);
	zones(tk, p + 1, f);
	if (closed) {
		if (p + 6 >= tk->n ||
		    !paren_pair(tk->t[p + 5], f, K_CPKTS, K_CBYTES) ||
		    !paren_pair(tk->t[p + 6], f, K_SPKTS, K_SBYTES))
			return -1;
		if (p + 7 < tk->n && digits(tk->t[p + 7]))
			set(f, K_ELAPSED, tk->t[p + 7].p, tk->t[p + 7].n);
	}
	return 0;
}

/* denied: tuple [0x..] service proto(icmp-type) policy szone dzone ... */
static int text_deny(const toks *tk, srx_vals *f)
{
	if (tk->n < 2 || !tuple(tk->t[0], f, K_SRC))
		return -1;
	for (int i = 1; i + 3 < tk->n && i < 5; i++)
		if (paren_pair(tk->t[i], f, K_PROTO, K_ICMP)) {
			zones(tk, i + 1, f);
			return 0;
		}
	return -1;
}

/* After "RT_FLOW_SESSION_xxx: ". */
static int parse_text(const char *p, const char *end, int ev, srx_vals *f)
{
	static const char *const lead[] = {"session created ", "session closed ",
					   "session denied "};
	size_t ln = strlen(lead[ev]);
	toks tk;
	if ((size_t)(end - p) < ln || memcmp(p, lead[ev], ln))
		return -1;
	p += ln;
	if (ev == EV_CLOSE) { /* "reason: " may hold spaces */
		const char *c = memmem(p, (size_t)(end - p), ": ", 2);
		if (!c)
			return -1;
		set(f, K_REASON, p, (size_t)(c - p));
		p = c + 2;
	}
	split(p, end, &tk);
	return ev == EV_DENY ? text_deny(&tk, f)
			     : text_session(&tk, f, ev == EV_CLOSE);
}

/* ---- the record ---------------------------------------------------------- */

static int num(ash_str v, uint64_t max, uint64_t *out, uint32_t bit,
	       ash_rec *r, const char *why, const char **reason)
{
	if (!v.n)
		return 0;
	if (ash_field_uint(v.p, v.n, max, out)) {
		*reason = why;
		return -1;
	}
	r->have |= bit;
	return 0;
}

static int port(ash_str v, uint16_t *out, uint32_t bit, ash_rec *r,
		const char *why, const char **reason)
{
	uint64_t x = 0;
	if (num(v, 65535, &x, bit, r, why, reason))
		return -1;
	*out = (uint16_t)x;
	return 0;
}

static int addr(ash_str v, ash_ip *ip, const char *why, const char **reason)
{
	if (!v.n || ash_ip_parse(v.p, v.n, ip)) {
		*reason = why;
		return -1;
	}
	return 0;
}

/* One translated side: kept when address and port parse and differ from
 * the original (SRX writes both sides even without NAT). */
static bool nat_side(ash_str a, ash_str p, const ash_ip *orig, uint16_t oport,
		     ash_ip *ip, uint16_t *port)
{
	uint64_t x = 0;
	ash_ip t;
	if (!a.n || ash_ip_parse(a.p, a.n, &t) ||
	    (p.n && ash_field_uint(p.p, p.n, 65535, &x)))
		return false;
	if (ash_ip_eq(&t, orig) && x == oport)
		return false;
	*ip = t;
	*port = (uint16_t)x;
	return true;
}

static void nat(const srx_vals *f, ash_rec *r)
{
	if (nat_side(f->v[K_NSRC], f->v[K_NSPORT], &r->src, r->sport,
		     &r->nat_src, &r->nat_sport))
		r->have |= ASH_HAVE_NAT_SRC;
	if (nat_side(f->v[K_NDST], f->v[K_NDPORT], &r->dst, r->dport,
		     &r->nat_dst, &r->nat_dport))
		r->have |= ASH_HAVE_NAT_DST;
}

static int fill(const srx_vals *f, int ev, ash_rec *r, const char **reason)
{
	uint64_t x = 0, el = 0;
	if (addr(f->v[K_SRC], &r->src, "bad or missing source-address", reason) ||
	    addr(f->v[K_DST], &r->dst, "bad or missing destination-address", reason))
		return -1;
	if (ash_ip_is_v4(&r->src) != ash_ip_is_v4(&r->dst)) {
		*reason = "source and destination of different address families";
		return -1;
	}
	if (!f->v[K_PROTO].n ||
	    num(f->v[K_PROTO], 255, &x, ASH_HAVE_PROTO, r, "bad protocol-id", reason)) {
		if (!f->v[K_PROTO].n)
			*reason = "missing protocol-id";
		return -1;
	}
	r->proto = (uint8_t)x;
	if (port(f->v[K_SPORT], &r->sport, ASH_HAVE_SPORT, r, "bad source-port", reason) ||
	    port(f->v[K_DPORT], &r->dport, ASH_HAVE_DPORT, r, "bad destination-port", reason) ||
	    num(f->v[K_CBYTES], UINT64_MAX, &r->obytes, ASH_HAVE_OBYTES, r, "bad bytes-from-client", reason) ||
	    num(f->v[K_SBYTES], UINT64_MAX, &r->rbytes, ASH_HAVE_RBYTES, r, "bad bytes-from-server", reason) ||
	    num(f->v[K_CPKTS], UINT64_MAX, &r->opkts, ASH_HAVE_OPKTS, r, "bad packets-from-client", reason) ||
	    num(f->v[K_SPKTS], UINT64_MAX, &r->rpkts, ASH_HAVE_RPKTS, r, "bad packets-from-server", reason) ||
	    num(f->v[K_ELAPSED], 100ull * 365 * 86400, &el, 0, r, "bad elapsed-time", reason))
		return -1;
	nat(f, r);
	if (r->proto == 1 || r->proto == 58) { /* SRX writes ICMP id/type here */
		r->have &= ~(uint32_t)(ASH_HAVE_SPORT | ASH_HAVE_DPORT);
		r->sport = r->dport = 0;
	}
	r->action = ev == EV_DENY ? ASH_ACT_DENY : ASH_ACT_ALLOW;
	if (ev == EV_CLOSE && f->v[K_ELAPSED].n) {
		r->t_end = r->t_start;
		r->t_start -= (int64_t)el * 1000000;
		r->have |= ASH_HAVE_END;
	}
	r->rule = f->v[K_POLICY];
	r->in_if = f->v[K_SZONE];
	r->out_if = f->v[K_DZONE];
	r->note = f->v[K_REASON];
	return 0;
}

/* ---- the parser interface ---------------------------------------------- */

/* The event word at e (after "RT_FLOW_SESSION_"); *len gets its length. */
static int event_of(const char *e, const char *end, size_t *len)
{
	static const char *const names[] = {"CREATE", "CLOSE", "DENY"};
	for (int i = 0; i < 3; i++) {
		size_t n = strlen(names[i]);
		if ((size_t)(end - e) >= n && !memcmp(e, names[i], n)) {
			if ((size_t)(end - e) >= n + 3 && !memcmp(e + n, "_LS", 3))
				n += 3;
			*len = n;
			return i;
		}
	}
	return -1;
}

static const char *not_flow(const char *s, size_t n)
{
	size_t lim = n < FIND_MAX ? n : FIND_MAX;
	if (memmem(s, lim, "APPTRACK_SESSION_", 17))
		return "AppTrack event (not an RT_FLOW session create/close/deny)";
	if (memmem(s, lim, "RT_FLOW", 7))
		return "RT_FLOW event other than session create/close/deny";
	return "not an RT_FLOW session log";
}

/* The text after an event word of length el at at: past ':' and spaces. */
static const char *after_event(const char *at, size_t el, const char *end)
{
	const char *p = at + 16 + el;
	if (p < end && *p == ':')
		p++;
	while (p < end && *p == ' ')
		p++;
	return p;
}

static int srx_body(const char *s, size_t n, srx_vals *f, int *evp,
		    const char **reason)
{
	size_t lim = n < FIND_MAX ? n : FIND_MAX, el = 0;
	const char *end = s + n;
	const char *at = memmem(s, lim, "RT_FLOW_SESSION_", 16);
	int ev = at ? event_of(at + 16, end, &el) : -1;
	if (ev < 0) {
		*reason = not_flow(s, n);
		return -1;
	}
	const char *p = after_event(at, el, end);
	/* RFC 5424 with the event as MSGID, nil SD ("-") and the text form
	 * as MSG: the event again, in the message */
	if (p < end && *p == '-') {
		size_t rest = (size_t)(end - p);
		at = memmem(p, rest < lim ? rest : lim, "RT_FLOW_SESSION_", 16);
		if (at && event_of(at + 16, end, &el) == ev)
			p = after_event(at, el, end);
	}
	if (p < end && *p == '[') {
		if (parse_sd(p, end, f)) {
			*reason = "truncated structured data";
			return -1;
		}
	} else if (parse_text(p, end, ev, f)) {
		*reason = "RT_FLOW text form not understood";
		return -1;
	}
	*evp = ev;
	return 0;
}

static void *srx_open(const ash_parse_opts *o)
{
	srx_state *st = ash_calloc(1, sizeof *st);
	ash_syslog_init(&st->sl, o ? o->tz : NULL, o ? o->year : 0,
			o ? o->ref_time_us : 0);
	return st;
}

static void srx_close(void *state)
{
	free(state);
}

static int srx_line(void *state, const char *s, size_t n, ash_rec *r,
		    const char **reason)
{
	srx_state *st = state;
	ash_syslog_hdr h;
	srx_vals f;
	int ev;
	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (ash_syslog_is_comment(s, n))
		return ASH_LINE_META;
	if (ash_syslog_parse(&st->sl, s, n, &h, reason) != 0)
		return ASH_LINE_REJECT;
	memset(&f, 0, sizeof f);
	if (srx_body(s, n, &f, &ev, reason))
		return ASH_LINE_REJECT;
	memset(r, 0, sizeof *r);
	r->format = ASH_FMT_SRX;
	r->t_start = h.t_us;
	r->tz_off = h.tz_off;
	r->have = ASH_HAVE_TZOFF;
	if (fill(&f, ev, r, reason))
		return ASH_LINE_REJECT;
	r->device = h.host;
	ash_strclean(&r->rule, st->buf[S_RULE], STR_MAX);
	ash_strclean(&r->in_if, st->buf[S_IN], STR_MAX);
	ash_strclean(&r->out_if, st->buf[S_OUT], STR_MAX);
	ash_strclean(&r->device, st->buf[S_DEVICE], STR_MAX);
	ash_strclean(&r->note, st->buf[S_NOTE], STR_MAX);
	return ASH_LINE_RECORD;
}

/* Share of the sample's lines that name an RT_FLOW session event. */
static int srx_sniff(const char *buf, size_t n)
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
		if (memmem(l, ln, "RT_FLOW_SESSION_", 16))
			hits++;
	}
	if (!hits)
		return 0;
	return (int)(40 + 60 * hits / lines);
}

const ash_parser ash_srx_parser = {
	.name = "srx",
	.format = ASH_FMT_SRX,
	.what = "Juniper SRX RT_FLOW session create/close/deny (structured "
		"or text syslog)",
	.sniff = srx_sniff,
	.open = srx_open,
	.line = srx_line,
	.close = srx_close,
};
