/* SPDX-License-Identifier: MIT */
/* panos.c: Palo Alto Networks PAN-OS TRAFFIC logs in the CSV field order
 * of PAN-OS 8.x-11.x, syslog-wrapped (BSD, ISO or RFC 5424 header) or as
 * bare CSV lines (the "Domain,Receive Time,..." web-UI export, whose
 * header line is META): the "panos" format.
 *
 * Owns: the TRAFFIC columns (addresses, NAT, rule, zones, ports, protocol,
 * action, bytes and packets each way, start time and elapsed time, session
 * end reason as the note and, for tcp-fin/tcp-rst-*, as TCP flags),
 * PAN-OS "YYYY/MM/DD hh:mm:ss" stamps (local to the site zone), the
 * sniffer.
 * Does not: parse the syslog header (syslog.c), read THREAT, SYSTEM or
 * other log types (rejected with the type), or allocate per line. */
#include "ingest/parser.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "ingest/csvsplit.h"
#include "ingest/strclean.h"
#include "ingest/syslog.h"

#define PA_FIELDS 160 /* 11.x TRAFFIC has ~115 fields */
#define STR_MAX 128

/* Column numbers of the TRAFFIC log (PAN-OS 9.x-11.x documentation). */
enum {
	C_RECV = 1, C_TYPE = 3, C_SUBTYPE = 4, C_GEN = 6, C_SRC = 7, C_DST = 8,
	C_NATSRC = 9, C_NATDST = 10, C_RULE = 11, C_FROMZONE = 16,
	C_TOZONE = 17, C_SPORT = 24, C_DPORT = 25, C_NATSPORT = 26,
	C_NATDPORT = 27, C_PROTO = 29, C_ACTION = 30, C_BYTES = 31,
	C_BSENT = 32, C_BRCVD = 33, C_PKTS = 34, C_START = 35, C_ELAPSED = 36,
	C_PSENT = 44, C_PRCVD = 45, C_REASON = 46,
	C_MIN = 37 /* fields needed: up to and with the elapsed time */
};

enum { S_RULE, S_DEVICE, S_IN, S_OUT, S_NOTE, S_COUNT };

typedef struct pa_state {
	ash_syslog sl;
	ash_tz *tz;
	ash_csv_field f[PA_FIELDS];
	char buf[S_COUNT][STR_MAX];
	char c_text[19]; /* cache: last stamp text and its instant */
	int64_t c_us;
	int32_t c_off;
	bool c_valid;
} pa_state;

static bool is_word(const ash_csv_field *f, const char *w)
{
	size_t l = strlen(w);
	return f->n == l && memcmp(f->p, w, l) == 0;
}

static bool has_prefix(const ash_csv_field *f, const char *w)
{
	size_t l = strlen(w);
	return f->n >= l && memcmp(f->p, w, l) == 0;
}

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

/* "YYYY/MM/DD hh:mm:ss" local to the site zone; 0 or -1. */
static int pa_time(pa_state *st, const ash_csv_field *f, int64_t *us,
		   int32_t *off)
{
	char iso[19];
	if (f->n != 19 || f->quoted)
		return -1;
	if (st->c_valid && !memcmp(st->c_text, f->p, 19)) {
		*us = st->c_us;
		*off = st->c_off;
		return 0;
	}
	if (f->p[4] != '/' || f->p[7] != '/' || f->p[10] != ' ')
		return -1;
	memcpy(iso, f->p, 19);
	iso[4] = iso[7] = '-';
	if (ash_time_parse_iso(iso, 19, st->tz, us, off) != 0)
		return -1;
	memcpy(st->c_text, f->p, 19);
	st->c_us = *us;
	st->c_off = *off;
	st->c_valid = true;
	return 0;
}

static uint8_t pa_action(const ash_csv_field *f)
{
	if (is_word(f, "allow"))
		return ASH_ACT_ALLOW;
	if (is_word(f, "deny") || has_prefix(f, "reset-"))
		return ASH_ACT_DENY;
	if (has_prefix(f, "drop") || is_word(f, "block"))
		return ASH_ACT_DROP;
	return ASH_ACT_UNKNOWN;
}

static int pa_proto(const ash_csv_field *f, uint8_t *p)
{
	uint64_t v;
	if (is_word(f, "tcp"))
		*p = 6;
	else if (is_word(f, "udp"))
		*p = 17;
	else if (is_word(f, "icmp"))
		*p = 1;
	else if (is_word(f, "ipv6-icmp") || is_word(f, "icmp6"))
		*p = 58;
	else if (is_word(f, "sctp"))
		*p = 132;
	else if (num(f, 255, &v) == 0)
		*p = (uint8_t)v;
	else
		return -1;
	return 0;
}

/* Optional counter: sets *v and the have bit when the field is a number. */
static void counter(const ash_csv_field *f, size_t nf, size_t i, uint64_t *v,
		    uint32_t bit, ash_rec *r)
{
	if (i < nf && num(&f[i], UINT64_MAX / 2, v) == 0)
		r->have |= bit;
}

static int addrs(const ash_csv_field *f, ash_rec *r, const char **reason)
{
	uint64_t v;
	if (ash_ip_parse(f[C_SRC].p, f[C_SRC].n, &r->src) != 0 ||
	    ash_ip_parse(f[C_DST].p, f[C_DST].n, &r->dst) != 0) {
		*reason = "PAN-OS: bad source or destination address";
		return -1;
	}
	if (num(&f[C_SPORT], 65535, &v) == 0)
		r->sport = (uint16_t)v, r->have |= ASH_HAVE_SPORT;
	if (num(&f[C_DPORT], 65535, &v) == 0)
		r->dport = (uint16_t)v, r->have |= ASH_HAVE_DPORT;
	/* 0.0.0.0 / :: means "no translation" */
	if (ash_ip_parse(f[C_NATSRC].p, f[C_NATSRC].n, &r->nat_src) == 0 &&
	    !ash_ip_eq(&r->nat_src, &(ash_ip){0}) &&
	    !(ash_ip_is_v4(&r->nat_src) && ash_ip_v4(&r->nat_src) == 0)) {
		r->have |= ASH_HAVE_NAT_SRC;
		if (num(&f[C_NATSPORT], 65535, &v) == 0)
			r->nat_sport = (uint16_t)v;
	}
	if (ash_ip_parse(f[C_NATDST].p, f[C_NATDST].n, &r->nat_dst) == 0 &&
	    !ash_ip_eq(&r->nat_dst, &(ash_ip){0}) &&
	    !(ash_ip_is_v4(&r->nat_dst) && ash_ip_v4(&r->nat_dst) == 0)) {
		r->have |= ASH_HAVE_NAT_DST;
		if (num(&f[C_NATDPORT], 65535, &v) == 0)
			r->nat_dport = (uint16_t)v;
	}
	if (ash_ip_eq(&r->nat_src, &r->src) && r->nat_sport == r->sport)
		r->have &= ~(uint32_t)ASH_HAVE_NAT_SRC;
	if (ash_ip_eq(&r->nat_dst, &r->dst) && r->nat_dport == r->dport)
		r->have &= ~(uint32_t)ASH_HAVE_NAT_DST;
	if (!(r->have & ASH_HAVE_NAT_SRC)) {
		memset(&r->nat_src, 0, sizeof r->nat_src);
		r->nat_sport = 0;
	}
	if (!(r->have & ASH_HAVE_NAT_DST)) {
		memset(&r->nat_dst, 0, sizeof r->nat_dst);
		r->nat_dport = 0;
	}
	return 0;
}

/* Start (column 35, else generated time) and end (start + elapsed). */
static int times(pa_state *st, const ash_csv_field *f, ash_rec *r,
		 const char **reason)
{
	uint64_t el;
	if (pa_time(st, &f[C_START], &r->t_start, &r->tz_off) != 0 &&
	    pa_time(st, &f[C_GEN], &r->t_start, &r->tz_off) != 0 &&
	    pa_time(st, &f[C_RECV], &r->t_start, &r->tz_off) != 0) {
		*reason = "PAN-OS: no valid start, generated or receive time";
		return -1;
	}
	r->have |= ASH_HAVE_TZOFF;
	if (num(&f[C_ELAPSED], 100ull * 365 * 86400, &el) == 0) {
		r->t_end = r->t_start + (int64_t)el * 1000000;
		r->have |= ASH_HAVE_END;
	}
	return 0;
}

static void counts(const ash_csv_field *f, size_t nf, ash_rec *r)
{
	counter(f, nf, C_BSENT, &r->obytes, ASH_HAVE_OBYTES, r);
	counter(f, nf, C_BRCVD, &r->rbytes, ASH_HAVE_RBYTES, r);
	counter(f, nf, C_PSENT, &r->opkts, ASH_HAVE_OPKTS, r);
	counter(f, nf, C_PRCVD, &r->rpkts, ASH_HAVE_RPKTS, r);
	if (!(r->have & ASH_HAVE_OPKTS)) /* before 44/45 existed: the total */
		counter(f, nf, C_PKTS, &r->opkts, ASH_HAVE_OPKTS, r);
	if (!(r->have & (ASH_HAVE_OBYTES | ASH_HAVE_RBYTES)))
		counter(f, nf, C_BYTES, &r->obytes, ASH_HAVE_OBYTES, r);
	if (r->proto == 6 && nf > C_REASON) {
		if (is_word(&f[C_REASON], "tcp-fin"))
			r->tcp_flags = ASH_TCP_FIN;
		else if (has_prefix(&f[C_REASON], "tcp-rst"))
			r->tcp_flags = ASH_TCP_RST;
		if (r->tcp_flags)
			r->have |= ASH_HAVE_FLAGS;
	}
}

/* Rule, zones and the session end reason (column 46, from PAN-OS 6.1 on;
 * older lines are shorter and have none) as given; the device comes from
 * the syslog header. */
static void strings(pa_state *st, const ash_csv_field *f, size_t nf,
		    ash_rec *r)
{
	const size_t idx[S_COUNT] = {C_RULE, 0, C_FROMZONE, C_TOZONE, C_REASON};
	ash_str *dst[S_COUNT] = {&r->rule, &r->device, &r->in_if, &r->out_if,
				 &r->note};
	for (int k = 0; k < S_COUNT; k++) {
		if (k == S_NOTE && nf <= C_REASON)
			continue;
		if (k != S_DEVICE) {
			const ash_csv_field *c = &f[idx[k]];
			/* a quoted value with "" escapes keeps them doubled */
			*dst[k] = (ash_str){c->p, c->n};
		}
		ash_strclean(dst[k], st->buf[k], STR_MAX);
	}
}

static int body(pa_state *st, const char *m, size_t mn, ash_rec *r,
		const char **reason)
{
	size_t nf;
	int rc = ash_csv_split(m, mn, ',', st->f, PA_FIELDS, &nf);
	if (rc != ASH_CSV_OK && rc != ASH_CSV_TOO_MANY) {
		*reason = ash_csv_strerror(rc);
		return -1;
	}
	const ash_csv_field *f = st->f;
	if (nf > C_TYPE && !is_word(&f[C_TYPE], "TRAFFIC")) {
		*reason = "PAN-OS: not a TRAFFIC log (THREAT, SYSTEM, ... are "
			  "not flows)";
		return -1;
	}
	if (nf < C_MIN) {
		*reason = "PAN-OS: TRAFFIC line with fewer than 37 fields";
		return -1;
	}
	if (addrs(f, r, reason) != 0)
		return -1;
	if (pa_proto(&f[C_PROTO], &r->proto) != 0) {
		*reason = "PAN-OS: bad protocol";
		return -1;
	}
	r->have |= ASH_HAVE_PROTO;
	if (times(st, f, r, reason) != 0)
		return -1;
	if (r->proto == 1 || r->proto == 58) { /* ports are 0: no ICMP type */
		r->have &= ~(uint32_t)(ASH_HAVE_SPORT | ASH_HAVE_DPORT);
		r->sport = r->dport = 0;
	}
	/* subtype deny/drop: the session was refused whatever "action" says */
	if (is_word(&f[C_SUBTYPE], "deny"))
		r->action = ASH_ACT_DENY;
	else if (is_word(&f[C_SUBTYPE], "drop"))
		r->action = ASH_ACT_DROP;
	else
		r->action = pa_action(&f[C_ACTION]);
	counts(f, nf, r);
	strings(st, f, nf, r);
	return 0;
}

/* "1,2018/11/30 ..." or "Domain,Receive Time,...": a bare CSV line. */
static bool bare_csv(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && i < 12 && s[i] >= '0' && s[i] <= '9')
		i++;
	return i > 0 && i + 5 < n && s[i] == ',' && s[i + 5] == '/';
}

static bool header_line(const char *s, size_t n)
{
	return (n >= 20 && !memcmp(s, "Domain,Receive Time,", 20)) ||
	       (n >= 13 && !memcmp(s, "Receive Time,", 13));
}

static void *pa_open(const ash_parse_opts *o)
{
	pa_state *st = ash_calloc(1, sizeof *st);
	st->tz = o ? o->tz : NULL;
	ash_syslog_init(&st->sl, st->tz, o ? o->year : 0,
			o ? o->ref_time_us : 0);
	return st;
}

static void pa_close(void *state)
{
	free(state);
}

static int pa_line(void *state, const char *s, size_t n, ash_rec *r,
		   const char **reason)
{
	pa_state *st = state;
	ash_syslog_hdr h = {0};
	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (ash_syslog_is_comment(s, n) || header_line(s, n))
		return ASH_LINE_META;
	if (bare_csv(s, n)) {
		h.msg = s;
		h.msg_n = n;
	} else if (ash_syslog_parse(&st->sl, s, n, &h, reason) != 0) {
		return ASH_LINE_REJECT;
	}
	memset(r, 0, sizeof *r);
	r->format = ASH_FMT_PANOS;
	r->device = h.host;
	if (body(st, h.msg, h.msg_n, r, reason) != 0)
		return ASH_LINE_REJECT;
	return ASH_LINE_RECORD;
}

static int pa_sniff(const char *buf, size_t n)
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
		if (ash_syslog_is_comment(l, ln) || header_line(l, ln))
			continue;
		lines++;
		if (memmem(l, ln, ",TRAFFIC,", 9))
			hits++;
	}
	if (!hits)
		return 0;
	return (int)(40 + 60 * hits / lines);
}

const ash_parser ash_panos_parser = {
	.name = "panos",
	.format = ASH_FMT_PANOS,
	.what = "Palo Alto PAN-OS TRAFFIC logs (CSV, syslog or exported)",
	.sniff = pa_sniff,
	.open = pa_open,
	.line = pa_line,
	.close = pa_close,
};
