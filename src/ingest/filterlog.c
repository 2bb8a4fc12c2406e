/* SPDX-License-Identifier: MIT */
/* filterlog.c: pfSense / OPNsense pf "filterlog" CSV lines, as syslog
 * (RFC 3164 or 5424, tag "filterlog") or bare CSV: the "filterlog" format.
 *
 * Owns: the CSV body (rule, sub-rule, anchor, tracker, interface, reason,
 * action, direction, IP version; the IPv4 or IPv6 header fields; TCP, UDP
 * and ICMP parts), the action and ICMP type words, the sniffer.
 * Does not: parse the syslog header (syslog.c), decode CARP or other
 * protocol tails beyond the protocol number, or allocate per line. */
#include "ingest/parser.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "ingest/csvsplit.h"
#include "ingest/strclean.h"
#include "ingest/syslog.h"

#define FL_FIELDS 64   /* filterlog lines have at most ~30 fields */
#define STR_MAX 128

enum { S_RULE, S_DEVICE, S_IF, S_COUNT };

typedef struct fl_state {
	ash_syslog sl;
	ash_csv_field f[FL_FIELDS];
	char buf[S_COUNT][STR_MAX];
} fl_state;

/* Field indexes common to both IP versions. */
enum { F_RULE = 0, F_TRACKER = 3, F_IF = 4, F_ACTION = 6, F_DIR = 7, F_IPVER = 8 };

static bool is_word(const ash_csv_field *f, const char *w)
{
	size_t l = strlen(w);
	if (f->n != l)
		return false;
	for (size_t i = 0; i < l; i++)
		if ((f->p[i] | 0x20) != w[i])
			return false;
	return true;
}

/* Decimal 0..max; 0 ok, -1 otherwise. */
static int num(const ash_csv_field *f, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	if (!f->n || f->n > 19)
		return -1;
	for (uint32_t i = 0; i < f->n; i++) {
		if (f->p[i] < '0' || f->p[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(f->p[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

static uint8_t fl_action(const ash_csv_field *f)
{
	if (is_word(f, "pass"))
		return ASH_ACT_ALLOW;
	if (is_word(f, "block"))
		return ASH_ACT_DROP;
	if (is_word(f, "reject"))
		return ASH_ACT_DENY;
	return ASH_ACT_UNKNOWN; /* nat, rdr, binat, scrub ... */
}

/* ICMP type word of filterlog's ICMP part; -1 when unknown. */
static int icmp_type(const ash_csv_field *f)
{
	static const struct {
		const char *w;
		int type;
	} t[] = {{"reply", 0},        {"unreach", 3},     {"unreachproto", 3},
		 {"unreachport", 3},  {"needfrag", 3},    {"redirect", 5},
		 {"request", 8},      {"routeradvert", 9}, {"routersol", 10},
		 {"timexceed", 11},   {"paramprob", 12},  {"tstamp", 13},
		 {"tstampreply", 14}, {"inforeq", 15},    {"inforeply", 16},
		 {"maskreq", 17},     {"maskreply", 18}};
	for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
		if (is_word(f, t[k].w))
			return t[k].type;
	return -1;
}

static int icmp_code(const ash_csv_field *f)
{
	if (is_word(f, "unreachproto"))
		return 2;
	if (is_word(f, "unreachport"))
		return 3;
	if (is_word(f, "needfrag"))
		return 4;
	return -1;
}

static int addr(const ash_csv_field *f, ash_ip *ip)
{
	return f->quoted ? -1 : ash_ip_parse(f->p, f->n, ip);
}

/* Transport part starting at field i (nf fields in all). */
static int transport(const ash_csv_field *f, size_t nf, size_t i, ash_rec *r,
		     const char **reason)
{
	uint64_t v;
	if (r->proto == 6 || r->proto == 17 || r->proto == 132) {
		if (nf < i + 2) {
			*reason = "filterlog: missing ports";
			return -1;
		}
		if (num(&f[i], 65535, &v) != 0) {
			*reason = "filterlog: bad source port";
			return -1;
		}
		r->sport = (uint16_t)v;
		if (num(&f[i + 1], 65535, &v) != 0) {
			*reason = "filterlog: bad destination port";
			return -1;
		}
		r->dport = (uint16_t)v;
		r->have |= ASH_HAVE_SPORT | ASH_HAVE_DPORT;
		if (r->proto == 6 && nf > i + 3) {
			const ash_csv_field *fl = &f[i + 3];
			static const char letters[] = "FSRPAUEW";
			for (uint32_t k = 0; k < fl->n; k++) {
				const char *c = memchr(letters, fl->p[k], 8);
				if (c)
					r->tcp_flags |= (uint8_t)(1u << (c - letters));
			}
			r->have |= ASH_HAVE_FLAGS;
		}
	} else if (r->proto == 1 && nf > i) {
		int t = icmp_type(&f[i]), c = icmp_code(&f[i]);
		if (t >= 0) {
			r->dport = (uint16_t)(t << 8 | (c > 0 ? c : 0));
			r->have |= ASH_HAVE_DPORT;
		}
	}
	return 0;
}

/* The IP part from field 9 on; returns the index of the transport part. */
static int ip_part(const ash_csv_field *f, size_t nf, ash_rec *r, size_t *ti,
		   const char **reason)
{
	uint64_t v;
	size_t pid, len, src;
	if (is_word(&f[F_IPVER], "4")) {
		pid = 15, len = 17, src = 18;
	} else if (is_word(&f[F_IPVER], "6")) {
		pid = 13, len = 14, src = 15;
	} else {
		*reason = "filterlog: IP version is neither 4 nor 6";
		return -1;
	}
	if (nf < src + 2) {
		*reason = "filterlog: truncated IP header fields";
		return -1;
	}
	if (num(&f[pid], 255, &v) != 0) {
		*reason = "filterlog: bad protocol number";
		return -1;
	}
	r->proto = (uint8_t)v;
	r->have |= ASH_HAVE_PROTO;
	if (num(&f[len], UINT32_MAX, &v) == 0) {
		r->obytes = v;
		r->have |= ASH_HAVE_OBYTES;
	}
	if (addr(&f[src], &r->src) != 0 || addr(&f[src + 1], &r->dst) != 0) {
		*reason = "filterlog: bad source or destination address";
		return -1;
	}
	if (ash_ip_is_v4(&r->src) != ash_ip_is_v4(&r->dst) ||
	    ash_ip_is_v4(&r->src) != (src == 18)) {
		*reason = "filterlog: addresses do not match the IP version";
		return -1;
	}
	*ti = src + 2;
	return 0;
}

static int body(fl_state *st, const char *m, size_t mn, ash_rec *r,
		const char **reason)
{
	size_t nf, ti;
	int rc = ash_csv_split(m, mn, ',', st->f, FL_FIELDS, &nf);
	if (rc != ASH_CSV_OK) {
		*reason = rc == ASH_CSV_TOO_MANY ? "filterlog: too many fields"
						 : ash_csv_strerror(rc);
		return -1;
	}
	const ash_csv_field *f = st->f;
	if (nf < 10) {
		*reason = "filterlog: fewer than 10 fields";
		return -1;
	}
	if (ip_part(f, nf, r, &ti, reason) != 0 ||
	    transport(f, nf, ti, r, reason) != 0)
		return -1;
	r->action = fl_action(&f[F_ACTION]);
	ash_str ifn = {f[F_IF].p, f[F_IF].n};
	ash_strclean(&ifn, st->buf[S_IF], STR_MAX);
	if (is_word(&f[F_DIR], "out"))
		r->out_if = ifn;
	else
		r->in_if = ifn;
	const ash_csv_field *rule = f[F_TRACKER].n ? &f[F_TRACKER] : &f[F_RULE];
	r->rule = (ash_str){rule->p, rule->n};
	ash_strclean(&r->rule, st->buf[S_RULE], STR_MAX);
	r->opkts = 1;
	r->have |= ASH_HAVE_OPKTS;
	return 0;
}

/* A bare CSV body starts "digits,": a rule number then a comma. */
static bool bare_body(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && i < 12 && s[i] >= '0' && s[i] <= '9')
		i++;
	return i > 0 && i < n && s[i] == ',';
}

static void *fl_open(const ash_parse_opts *o)
{
	fl_state *st = ash_calloc(1, sizeof *st);
	ash_syslog_init(&st->sl, o ? o->tz : NULL, o ? o->year : 0,
			o ? o->ref_time_us : 0);
	return st;
}

static void fl_close(void *state)
{
	free(state);
}

static int fl_line(void *state, const char *s, size_t n, ash_rec *r,
		   const char **reason)
{
	fl_state *st = state;
	ash_syslog_hdr h;
	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (ash_syslog_is_comment(s, n))
		return ASH_LINE_META;
	if (bare_body(s, n)) {
		*reason = "filterlog: CSV without a syslog header has no time";
		return ASH_LINE_REJECT;
	}
	if (ash_syslog_parse(&st->sl, s, n, &h, reason) != 0)
		return ASH_LINE_REJECT;
	if (h.tag.n != 9 || memcmp(h.tag.p, "filterlog", 9) != 0) {
		*reason = "not a filterlog line (syslog tag is not filterlog)";
		return ASH_LINE_REJECT;
	}
	memset(r, 0, sizeof *r);
	r->t_start = h.t_us;
	r->tz_off = h.tz_off;
	r->have = ASH_HAVE_TZOFF;
	r->format = ASH_FMT_PFSENSE;
	r->device = h.host;
	ash_strclean(&r->device, st->buf[S_DEVICE], STR_MAX);
	if (body(st, h.msg, h.msg_n, r, reason) != 0)
		return ASH_LINE_REJECT;
	return ASH_LINE_RECORD;
}

/* Share of the sample's lines that carry "filterlog" and a CSV body. */
static int fl_sniff(const char *buf, size_t n)
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
		const char *t = memmem(l, ln, "filterlog", 9);
		if (t && memmem(t, ln - (size_t)(t - l), ",match,", 7))
			hits++;
	}
	if (!hits)
		return 0;
	return (int)(40 + 60 * hits / lines);
}

const ash_parser ash_filterlog_parser = {
	.name = "filterlog",
	.format = ASH_FMT_PFSENSE,
	.what = "pfSense / OPNsense filterlog CSV lines (syslog)",
	.sniff = fl_sniff,
	.open = fl_open,
	.line = fl_line,
	.close = fl_close,
};
