/* SPDX-License-Identifier: MIT */
/* fortigate.c: FortiGate / FortiOS traffic logs, the "fortigate" format:
 * key=value lines (values optionally "quoted"), as sent over syslog
 * ("<189>date=... ", or behind an RFC 3164/5424 header written by a
 * relay) or downloaded from the device / FortiAnalyzer (no header).
 *
 * Owns: the key=value scan, the keys of traffic logs (addresses, ports,
 * proto, action, policyid, srcintf/dstintf, sent/rcvd bytes and packets,
 * duration, SNAT/DNAT), the time rules (eventtime in s/ms/us/ns by
 * magnitude first, then date= time=, then the syslog header; tz= gives
 * the offset, else the site zone), the sniffer.
 * Does not: keep event or UTM logs (rejected with their type), look at
 * application, user or UTM fields, allocate per line, or print. */
#include "ingest/parser.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "ingest/field.h"
#include "ingest/strclean.h"
#include "ingest/scan.h"
#include "ingest/syslog.h"

#define STR_MAX 256 /* sanitised copies of strings handed out */
#define STAMP_MAX 48 /* "date time tz" joined for parsing */

enum { S_RULE, S_DEVICE, S_IN, S_OUT, S_COUNT };

/* Keys kept, in the order of the value table below. */
enum fg_key {
	K_DATE, K_TIME, K_EVENTTIME, K_TZ, K_TYPE, K_SRCIP, K_DSTIP, K_SPORT,
	K_DPORT, K_PROTO, K_ACTION, K_POLICYID, K_SRCINTF, K_DSTINTF,
	K_SENTBYTE, K_RCVDBYTE, K_SENTPKT, K_RCVDPKT, K_DURATION, K_TRANSIP,
	K_TRANSPORT, K_TRANIP, K_TRANPORT, K_DEVNAME, K_DEVID, K_COUNT
};

static const struct {
	const char *name;
	uint8_t len;
} keys[K_COUNT] = {
#define K(s) {s, sizeof s - 1}
	K("date"),     K("time"),     K("eventtime"), K("tz"),
	K("type"),     K("srcip"),    K("dstip"),     K("srcport"),
	K("dstport"),  K("proto"),    K("action"),    K("policyid"),
	K("srcintf"),  K("dstintf"),  K("sentbyte"),  K("rcvdbyte"),
	K("sentpkt"),  K("rcvdpkt"),  K("duration"),  K("transip"),
	K("transport"), K("tranip"),  K("tranport"),  K("devname"),
	K("devid"),
#undef K
};

typedef struct fg_state {
	ash_tz *tz;
	ash_syslog sl;
	char buf[S_COUNT][STR_MAX];
} fg_state;

/* The values of one line (n == 0: key absent; first occurrence wins). */
typedef struct fg_vals {
	ash_str v[K_COUNT];
	size_t kv_start; /* offset of the first key=value token */
} fg_vals;

/* ---- the key=value scan ------------------------------------------------ */

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static int key_index(const char *k, size_t n)
{
	if (n < 2 || n > 9)
		return -1;
	for (int i = 0; i < K_COUNT; i++)
		if (keys[i].len == n && keys[i].name[0] == k[0] &&
		    !memcmp(keys[i].name, k, n))
			return i;
	return -1;
}

/* Value at p (after '='): quoted up to the closing quote (backslash
 * escapes skipped; unterminated: to the end), else up to a space or a
 * comma (FortiOS "set format csv" joins the pairs with commas).
 * Returns the end of the token. */
static const char *read_value(const char *p, const char *end, ash_str *v)
{
	if (p < end && *p == '"') {
		const char *q = p + 1;
		while (q < end && *q != '"')
			q += (*q == '\\' && q + 1 < end) ? 2 : 1;
		if (q > end)
			q = end;
		v->p = p + 1;
		v->n = (uint32_t)(q - p - 1);
		return q < end ? q + 1 : end;
	}
	const char *q = p;
	while (q < end && *q != ' ' && *q != ',')
		q++;
	v->p = p;
	v->n = (uint32_t)(q - p);
	return q;
}

/* Scan every token; tokens that are not key=value (a syslog header)
 * are skipped. */
static void scan_kv(const char *s, size_t n, fg_vals *fv)
{
	const char *p = s, *end = s + n;
	memset(fv, 0, sizeof *fv);
	fv->kv_start = n;
	if (p < end && *p == '<') { /* "<189>date=..." */
		const char *q = p + 1;
		while (q < end && q - p < 5 && *q >= '0' && *q <= '9')
			q++;
		if (q < end && *q == '>')
			p = q + 1;
	}
	while (p < end) {
		if (*p == ' ' || *p == '\t' || *p == ',') {
			p++;
			continue;
		}
		const char *k = p;
		while (p < end && key_char(*p))
			p++;
		if (p == k || p >= end || *p != '=') {
			p = ash_scan_byte(p, end, ' ');
			continue;
		}
		if (fv->kv_start == n)
			fv->kv_start = (size_t)(k - s);
		ash_str v;
		int ki = key_index(k, (size_t)(p - k));
		p = read_value(p + 1, end, &v);
		if (ki >= 0 && !fv->v[ki].p)
			fv->v[ki] = v;
	}
}

/* ---- values ------------------------------------------------------------ */

static bool is(ash_str s, const char *w)
{
	size_t n = strlen(w);
	return s.n == n && !memcmp(s.p, w, n);
}

/* FortiOS traffic actions.  "dns" and "ip-conn" report a failed
 * resolution or connection, not a policy decision: unknown. */
static uint8_t fg_action(ash_str a)
{
	static const struct {
		const char *w;
		uint8_t act;
	} words[] = {
		{"accept", ASH_ACT_ALLOW},     {"close", ASH_ACT_ALLOW},
		{"timeout", ASH_ACT_ALLOW},    {"server-rst", ASH_ACT_ALLOW},
		{"client-rst", ASH_ACT_ALLOW}, {"start", ASH_ACT_ALLOW},
		{"deny", ASH_ACT_DENY},        {"drop", ASH_ACT_DROP},
		{"dropped", ASH_ACT_DROP},     {"blocked", ASH_ACT_DROP},
	};
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (is(a, words[k].w))
			return words[k].act;
	return ash_field_action(a.p, a.n);
}

static int count(ash_str v, uint64_t *out, uint32_t bit, ash_rec *r,
		 const char *why, const char **reason)
{
	if (!v.p)
		return 0;
	if (ash_field_uint(v.p, v.n, UINT64_MAX, out) != 0) {
		*reason = why;
		return -1;
	}
	r->have |= bit;
	return 0;
}

static int port(ash_str v, uint16_t *out, uint32_t bit, ash_rec *r,
		const char *why, const char **reason)
{
	uint64_t x;
	if (!v.p)
		return 0;
	if (ash_field_uint(v.p, v.n, 65535, &x) != 0) {
		*reason = why;
		return -1;
	}
	*out = (uint16_t)x;
	r->have |= bit;
	return 0;
}

static int addrs(const fg_vals *fv, ash_rec *r, const char **reason)
{
	if (!fv->v[K_SRCIP].n || !fv->v[K_DSTIP].n) {
		*reason = fv->v[K_SRCIP].n ? "missing dstip" : "missing srcip";
		return -1;
	}
	if (ash_ip_parse(fv->v[K_SRCIP].p, fv->v[K_SRCIP].n, &r->src)) {
		*reason = "bad srcip";
		return -1;
	}
	if (ash_ip_parse(fv->v[K_DSTIP].p, fv->v[K_DSTIP].n, &r->dst)) {
		*reason = "bad dstip";
		return -1;
	}
	if (ash_ip_is_v4(&r->src) != ash_ip_is_v4(&r->dst)) {
		*reason = "srcip and dstip of different address families";
		return -1;
	}
	return 0;
}

static bool unspecified(const ash_ip *ip)
{
	static const ash_ip zero6;
	ash_ip zero4;
	ash_ip_from_v4(&zero4, 0);
	return ash_ip_eq(ip, &zero4) || ash_ip_eq(ip, &zero6);
}

/* transip/transport (source NAT) and tranip/tranport (destination NAT);
 * 0.0.0.0 means none. */
static int nat(const fg_vals *fv, ash_rec *r, const char **reason)
{
	ash_str si = fv->v[K_TRANSIP], di = fv->v[K_TRANIP];
	if (si.n) {
		if (ash_ip_parse(si.p, si.n, &r->nat_src)) {
			*reason = "bad transip";
			return -1;
		}
		if (!unspecified(&r->nat_src)) {
			r->have |= ASH_HAVE_NAT_SRC;
			if (port(fv->v[K_TRANSPORT], &r->nat_sport, 0, r,
				 "bad transport", reason))
				return -1;
		}
	}
	if (di.n) {
		if (ash_ip_parse(di.p, di.n, &r->nat_dst)) {
			*reason = "bad tranip";
			return -1;
		}
		if (!unspecified(&r->nat_dst)) {
			r->have |= ASH_HAVE_NAT_DST;
			if (port(fv->v[K_TRANPORT], &r->nat_dport, 0, r,
				 "bad tranport", reason))
				return -1;
		}
	}
	return 0;
}

static int ports_counts(const fg_vals *fv, ash_rec *r, const char **reason)
{
	if (port(fv->v[K_SPORT], &r->sport, ASH_HAVE_SPORT, r, "bad srcport",
		 reason) ||
	    port(fv->v[K_DPORT], &r->dport, ASH_HAVE_DPORT, r, "bad dstport",
		 reason) ||
	    count(fv->v[K_SENTBYTE], &r->obytes, ASH_HAVE_OBYTES, r,
		  "bad sentbyte", reason) ||
	    count(fv->v[K_RCVDBYTE], &r->rbytes, ASH_HAVE_RBYTES, r,
		  "bad rcvdbyte", reason) ||
	    count(fv->v[K_SENTPKT], &r->opkts, ASH_HAVE_OPKTS, r,
		  "bad sentpkt", reason) ||
	    count(fv->v[K_RCVDPKT], &r->rpkts, ASH_HAVE_RPKTS, r,
		  "bad rcvdpkt", reason))
		return -1;
	if (r->proto == 1 || r->proto == 58) { /* no type/code in the log */
		r->have &= ~(uint32_t)(ASH_HAVE_SPORT | ASH_HAVE_DPORT);
		r->sport = r->dport = 0;
	}
	return 0;
}

/* ---- time -------------------------------------------------------------- */

/* date= time= [tz=]: local to tz= when given, else to the site zone. */
static int date_time(fg_state *st, const fg_vals *fv, bool has_off,
		     int32_t off, int64_t *us, int32_t *out_off)
{
	ash_str d = fv->v[K_DATE], t = fv->v[K_TIME];
	char buf[STAMP_MAX];
	if (!d.n || !t.n || d.n + t.n + 8 > sizeof buf)
		return -1;
	size_t k = 0;
	memcpy(buf, d.p, d.n);
	k = d.n;
	buf[k++] = 'T';
	memcpy(buf + k, t.p, t.n);
	k += t.n;
	if (has_off) {
		int a = off < 0 ? -off : off;
		buf[k++] = off < 0 ? '-' : '+';
		buf[k++] = (char)('0' + a / 36000);
		buf[k++] = (char)('0' + a / 3600 % 10);
		buf[k++] = (char)('0' + a / 600 % 6);
		buf[k++] = (char)('0' + a / 60 % 10);
	}
	if (k >= 10 && buf[4] == '/' && buf[7] == '/')
		buf[4] = buf[7] = '-';
	return ash_time_parse_iso(buf, k, st->tz, us, out_off);
}

static int fg_time(fg_state *st, const char *s, const fg_vals *fv,
		   ash_rec *r, const char **reason)
{
	int32_t off = 0;
	bool has_off = false;
	ash_str tz = fv->v[K_TZ], et = fv->v[K_EVENTTIME];
	if (tz.n) {
		if (ash_field_tzoff(tz.p, tz.n, &off)) {
			*reason = "bad tz";
			return -1;
		}
		has_off = true;
	}
	if (et.n) {
		if (ash_field_epoch(et.p, et.n, &r->t_start)) {
			*reason = "bad eventtime";
			return -1;
		}
		r->tz_off = has_off ? off
			  : st->tz ? ash_tz_offset_at(st->tz, r->t_start / 1000000)
				   : 0;
		return 0;
	}
	if (fv->v[K_DATE].n || fv->v[K_TIME].n) {
		if (date_time(st, fv, has_off, off, &r->t_start, &r->tz_off)) {
			*reason = "bad date= time=";
			return -1;
		}
		return 0;
	}
	ash_syslog_hdr h;
	if (!fv->kv_start ||
	    ash_syslog_parse(&st->sl, s, fv->kv_start, &h, reason) != 0) {
		*reason = "no time (no eventtime=, date= time= or syslog stamp)";
		return -1;
	}
	r->t_start = h.t_us;
	r->tz_off = h.tz_off;
	if (!r->device.n)
		r->device = h.host;
	return 0;
}

/* The log time is the end of the session it reports; duration= (seconds)
 * gives its start. */
static int span(const fg_vals *fv, ash_rec *r, const char **reason)
{
	uint64_t d;
	if (!fv->v[K_DURATION].p)
		return 0;
	if (ash_field_uint(fv->v[K_DURATION].p, fv->v[K_DURATION].n,
			   100ull * 365 * 86400, &d)) {
		*reason = "bad duration";
		return -1;
	}
	r->t_end = r->t_start;
	r->t_start -= (int64_t)d * 1000000;
	r->have |= ASH_HAVE_END;
	return 0;
}

/* ---- the parser interface ---------------------------------------------- */

static const char *type_reason(ash_str t)
{
	if (!t.p)
		return "no type= field: not a FortiGate log line";
	if (is(t, "event"))
		return "FortiGate event log (not traffic)";
	if (is(t, "utm"))
		return "FortiGate UTM log (not traffic)";
	return "FortiGate log of another type (not traffic)";
}

static void *fg_open(const ash_parse_opts *o)
{
	fg_state *st = ash_calloc(1, sizeof *st);
	st->tz = o ? o->tz : NULL;
	ash_syslog_init(&st->sl, st->tz, o ? o->year : 0, o ? o->ref_time_us : 0);
	return st;
}

static void fg_close(void *state)
{
	free(state);
}

static void fill_strings(fg_state *st, const fg_vals *fv, ash_rec *r)
{
	r->rule = fv->v[K_POLICYID];
	r->in_if = fv->v[K_SRCINTF];
	r->out_if = fv->v[K_DSTINTF];
	r->device = fv->v[K_DEVNAME].n ? fv->v[K_DEVNAME] : fv->v[K_DEVID];
	ash_strclean(&r->rule, st->buf[S_RULE], STR_MAX);
	ash_strclean(&r->in_if, st->buf[S_IN], STR_MAX);
	ash_strclean(&r->out_if, st->buf[S_OUT], STR_MAX);
}

static int fg_line(void *state, const char *s, size_t n, ash_rec *r,
		   const char **reason)
{
	fg_state *st = state;
	fg_vals fv;
	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (ash_syslog_is_comment(s, n))
		return ASH_LINE_META;
	scan_kv(s, n, &fv);
	if (!is(fv.v[K_TYPE], "traffic")) {
		*reason = type_reason(fv.v[K_TYPE]);
		return ASH_LINE_REJECT;
	}
	memset(r, 0, sizeof *r);
	r->format = ASH_FMT_FORTIGATE;
	if (!fv.v[K_PROTO].n) {
		*reason = "missing proto";
		return ASH_LINE_REJECT;
	}
	if (ash_field_proto(fv.v[K_PROTO].p, fv.v[K_PROTO].n, &r->proto)) {
		*reason = "bad proto";
		return ASH_LINE_REJECT;
	}
	r->have = ASH_HAVE_PROTO | ASH_HAVE_TZOFF;
	r->action = fg_action(fv.v[K_ACTION]);
	fill_strings(st, &fv, r);
	if (addrs(&fv, r, reason) || ports_counts(&fv, r, reason) ||
	    nat(&fv, r, reason) || fg_time(st, s, &fv, r, reason) ||
	    span(&fv, r, reason))
		return ASH_LINE_REJECT;
	ash_strclean(&r->device, st->buf[S_DEVICE], STR_MAX);
	return ASH_LINE_RECORD;
}

static bool contains(const char *h, size_t hn, const char *needle)
{
	return memmem(h, hn, needle, strlen(needle)) != NULL;
}

/* Share of the sample's lines with logid=, type= and date= or
 * eventtime=. */
static int fg_sniff(const char *buf, size_t n)
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
		if (contains(l, ln, "logid=") && contains(l, ln, "type=") &&
		    (contains(l, ln, "date=") || contains(l, ln, "eventtime=")))
			hits++;
	}
	if (!hits)
		return 0;
	return (int)(40 + 60 * hits / lines);
}

const ash_parser ash_fortigate_parser = {
	.name = "fortigate",
	.format = ASH_FMT_FORTIGATE,
	.what = "FortiGate / FortiOS traffic logs (key=value, syslog or file)",
	.sniff = fg_sniff,
	.open = fg_open,
	.line = fg_line,
	.close = fg_close,
};
