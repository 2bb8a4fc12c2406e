/* SPDX-License-Identifier: MIT */
/* nf_record.c: one NetFlow v9 / IPFIX data record to one ash_rec: the
 * information elements ashiato keeps (addresses, ports, protocol, flags,
 * counters both ways, times in every encoding, interfaces, NAT, Cisco
 * NSEL firewall events as the note, forwarding status, the sampling
 * interval applied to the counters: IE 34/50, 309/310, 305/306) and
 * sampling rates from options data.  Unknown and enterprise-specific elements are skipped by
 * their length.  Does not: walk sets or templates (netflow_v9.c, ipfix.c).
 */
#include "ingest/nf_int.h"

#include <stdio.h>
#include <string.h>

#define PEN_REVERSE 29305u /* RFC 5103 reverse elements */

/* What the fields of one record said. */
typedef struct nf_acc {
	ash_rec r;
	bool src4, dst4, src6, dst6, nsrc, ndst;
	bool have_bytes, have_pkts, have_tbytes, have_tpkts, have_ibytes,
	    have_ipkts, have_post_bytes, have_post_pkts;
	uint64_t bytes, pkts, tbytes, tpkts, ibytes, ipkts, post_bytes, post_pkts;
	bool have_rbytes, have_rpkts;
	uint64_t rbytes, rpkts;
	int64_t start, end;     /* absolute us, INT64_MIN = absent */
	bool have_up_first, have_up_last, have_init;
	uint32_t up_first, up_last;
	uint64_t init_ms;
	bool have_dstart, have_dend;
	uint32_t dstart, dend;  /* flowStart/EndDeltaMicroseconds */
	int64_t event_ms;       /* NSEL event time, INT64_MIN = absent */
	uint64_t sampling;      /* interval from this record, 0 = none */
	uint64_t sampling_pop, sampling_size;
	uint64_t pkt_interval, pkt_space; /* IE 305/306 */
	int fw_event, ext_event, fwd_status;
	bool have_in_if, have_out_if;
	uint32_t in_if, out_if;
	uint8_t icmp_type, icmp_code;
	bool have_icmp;
} nf_acc;

/* NTP 64-bit timestamp (seconds since 1900, fraction) to UTC us. */
static int64_t ntp_us(const uint8_t *p)
{
	int64_t s = (int64_t)nf_u32(p) - 2208988800LL;
	uint64_t frac = nf_u32(p + 4);
	return s * 1000000 + (int64_t)((frac * 1000000) >> 32);
}

static void put_addr(ash_ip *ip, const uint8_t *v, uint16_t len, bool *ok4,
		     bool *ok6)
{
	if (len == 4 && ok4) {
		ash_ip_from_v4(ip, nf_u32(v));
		*ok4 = true;
	} else if (len == 16 && ok6) {
		memcpy(ip->b, v, 16);
		*ok6 = true;
	}
}

/* Counters and times. Returns true when the element was one of them. */
static bool take_count_time(nf_acc *a, uint16_t id, const uint8_t *v,
			    uint16_t len, uint64_t u)
{
	switch (id) {
	case 1: a->bytes = u; a->have_bytes = true; return true;
	case 2: a->pkts = u; a->have_pkts = true; return true;
	case 85: a->tbytes = u; a->have_tbytes = true; return true;
	case 86: a->tpkts = u; a->have_tpkts = true; return true;
	case 23: a->post_bytes = u; a->have_post_bytes = true; return true;
	case 24: a->post_pkts = u; a->have_post_pkts = true; return true;
	case 231: a->ibytes = u; a->have_ibytes = true; return true;
	case 298: a->ipkts = u; a->have_ipkts = true; return true;
	case 232: a->rbytes = u; a->have_rbytes = true; return true;
	case 299: a->rpkts = u; a->have_rpkts = true; return true;
	case 22: a->up_first = (uint32_t)u; a->have_up_first = true; return true;
	case 21: a->up_last = (uint32_t)u; a->have_up_last = true; return true;
	case 160: a->init_ms = u; a->have_init = true; return true;
	case 150: a->start = (int64_t)(u & 0xffffffffu) * 1000000; return true;
	case 151: a->end = (int64_t)(u & 0xffffffffu) * 1000000; return true;
	case 152: a->start = (int64_t)(u % ((uint64_t)1 << 52)) * 1000; return true;
	case 153: a->end = (int64_t)(u % ((uint64_t)1 << 52)) * 1000; return true;
	case 154: case 156:
		if (len == 8)
			a->start = ntp_us(v);
		return true;
	case 155: case 157:
		if (len == 8)
			a->end = ntp_us(v);
		return true;
	case 158: a->dstart = (uint32_t)u; a->have_dstart = true; return true;
	case 159: a->dend = (uint32_t)u; a->have_dend = true; return true;
	case 323: a->event_ms = (int64_t)(u % ((uint64_t)1 << 52)); return true;
	case 34: case 50: a->sampling = u; return true;
	case 309: a->sampling_size = u; return true;
	case 310: a->sampling_pop = u; return true;
	case 305: a->pkt_interval = u; return true;
	case 306: a->pkt_space = u; return true;
	default: return false;
	}
}

/* RFC 5103 reverse counters. */
static void take_reverse(nf_acc *a, uint16_t id, uint64_t u)
{
	if (id == 1 || id == 85) {
		a->rbytes = u;
		a->have_rbytes = true;
	} else if (id == 2 || id == 86) {
		a->rpkts = u;
		a->have_rpkts = true;
	}
}

static void take_port(ash_rec *r, uint16_t *port, uint32_t bit, uint64_t u)
{
	*port = (uint16_t)u;
	r->have |= bit;
}

/* Addresses, ports, protocol, interfaces, NAT, firewall events. */
static void take_other(nf_acc *a, uint8_t version, uint16_t id,
		       const uint8_t *v, uint16_t len, uint64_t u)
{
	ash_rec *r = &a->r;
	bool v9 = version == 9;
	switch (id) {
	case 8: put_addr(&r->src, v, len, &a->src4, NULL); break;
	case 12: put_addr(&r->dst, v, len, &a->dst4, NULL); break;
	case 27: put_addr(&r->src, v, len, NULL, &a->src6); break;
	case 28: put_addr(&r->dst, v, len, NULL, &a->dst6); break;
	case 225: put_addr(&r->nat_src, v, len, &a->nsrc, NULL); break;
	case 226: put_addr(&r->nat_dst, v, len, &a->ndst, NULL); break;
	case 281: put_addr(&r->nat_src, v, len, NULL, &a->nsrc); break;
	case 282: put_addr(&r->nat_dst, v, len, NULL, &a->ndst); break;
	case 7: take_port(r, &r->sport, ASH_HAVE_SPORT, u); break;
	case 11: take_port(r, &r->dport, ASH_HAVE_DPORT, u); break;
	case 227: r->nat_sport = (uint16_t)u; break;
	case 228: r->nat_dport = (uint16_t)u; break;
	case 4: r->proto = (uint8_t)u; r->have |= ASH_HAVE_PROTO; break;
	case 6: r->tcp_flags = (uint8_t)u; r->have |= ASH_HAVE_FLAGS; break;
	case 10: a->in_if = (uint32_t)u; a->have_in_if = true; break;
	case 14: a->out_if = (uint32_t)u; a->have_out_if = true; break;
	case 32: case 139:
		a->icmp_type = (uint8_t)(u >> 8);
		a->icmp_code = (uint8_t)u;
		a->have_icmp = true;
		break;
	case 176: case 178: a->icmp_type = (uint8_t)u; a->have_icmp = true; break;
	case 177: case 179: a->icmp_code = (uint8_t)u; a->have_icmp = true; break;
	case 233: a->fw_event = (int)(u & 0xff); break;
	case 89: a->fwd_status = (int)((u & 0xff) >> 6); break;
	default:
		if (!v9)
			break;
		/* Cisco ASA NSEL v9-only element numbers */
		if (id == 40005)
			a->fw_event = (int)(u & 0xff);
		else if (id == 33002)
			a->ext_event = (int)(u & 0xffff);
		else if (id == 40001)
			put_addr(&r->nat_src, v, len, &a->nsrc, NULL);
		else if (id == 40002)
			put_addr(&r->nat_dst, v, len, &a->ndst, NULL);
		else if (id == 40003)
			r->nat_sport = (uint16_t)u;
		else if (id == 40004)
			r->nat_dport = (uint16_t)u;
	}
}

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
	return b && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

/* The rate a record's sampling elements give (0: none, 1: 1:1): the
 * interval (34/50) above 1, else population / size (310/309), else
 * systematic count-based sampling (RFC 5476, 305/306): interval packets
 * selected, then space packets not, N = (interval + space) / interval
 * rounded down; else the interval as given (0 or 1). */
static uint64_t own_rate(const nf_acc *a)
{
	if (a->sampling > 1)
		return a->sampling;
	if (a->sampling_size && a->sampling_pop > a->sampling_size)
		return a->sampling_pop / a->sampling_size;
	if (a->pkt_interval) {
		uint64_t all = a->pkt_space > UINT64_MAX - a->pkt_interval
				       ? UINT64_MAX
				       : a->pkt_interval + a->pkt_space;
		return all / a->pkt_interval;
	}
	return a->sampling;
}

/* Multiplier for counters: this record's rate, else the exporter's. */
static uint64_t sampling_of(const nf_dgram *d, const nf_acc *a)
{
	uint64_t own = own_rate(a);
	if (own > 1)
		return own;
	if (d->exp && d->exp->sampling > 1)
		return d->exp->sampling;
	return 1;
}

/* The sampling interval applied to the counters (1: none). */
static void set_sampling(ash_rec *r, uint64_t m)
{
	if (m <= 1)
		return;
	r->sampling = m > UINT32_MAX ? UINT32_MAX : (uint32_t)m;
	r->have |= ASH_HAVE_SAMPLING;
}

static uint64_t set_counts(const nf_dgram *d, nf_acc *a)
{
	ash_rec *r = &a->r;
	uint64_t m = sampling_of(d, a);
	bool hb = a->have_ibytes || a->have_bytes || a->have_tbytes || a->have_post_bytes;
	bool hp = a->have_ipkts || a->have_pkts || a->have_tpkts || a->have_post_pkts;
	if (hb) {
		r->obytes = a->have_ibytes ? a->ibytes : a->have_bytes ? a->bytes
			    : a->have_tbytes ? a->tbytes : a->post_bytes;
		r->obytes = sat_mul(r->obytes, m);
		r->have |= ASH_HAVE_OBYTES;
	}
	if (hp) {
		r->opkts = a->have_ipkts ? a->ipkts : a->have_pkts ? a->pkts
			   : a->have_tpkts ? a->tpkts : a->post_pkts;
		r->opkts = sat_mul(r->opkts, m);
		r->have |= ASH_HAVE_OPKTS;
	}
	if (a->have_rbytes) {
		r->rbytes = sat_mul(a->rbytes, m);
		r->have |= ASH_HAVE_RBYTES;
	}
	if (a->have_rpkts) {
		r->rpkts = sat_mul(a->rpkts, m);
		r->have |= ASH_HAVE_RPKTS;
	}
	return m;
}

/* Absolute time of an uptime value (ms). */
static int64_t uptime_us(const nf_dgram *d, const nf_acc *a, uint32_t up)
{
	if (a->have_init)
		return (int64_t)(a->init_ms % ((uint64_t)1 << 52)) * 1000 +
		       (int64_t)up * 1000;
	/* v9: relative to the header's sysUptime; signed for wrap-around */
	int32_t ago = (int32_t)(d->uptime_ms - up);
	return d->export_us - (int64_t)ago * 1000;
}

static void set_times(const nf_dgram *d, nf_acc *a)
{
	ash_rec *r = &a->r;
	if (!a->have_init && d->exp && d->exp->init_ms) {
		a->init_ms = d->exp->init_ms; /* from options data */
		a->have_init = true;
	}
	bool rel = a->have_init || d->key.version == 9;
	if (a->start == INT64_MIN && a->have_up_first && rel)
		a->start = uptime_us(d, a, a->up_first);
	if (a->end == INT64_MIN && a->have_up_last && rel)
		a->end = uptime_us(d, a, a->up_last);
	if (a->start == INT64_MIN && a->have_dstart)
		a->start = d->export_us - a->dstart;
	if (a->end == INT64_MIN && a->have_dend)
		a->end = d->export_us - a->dend;
	if (a->start == INT64_MIN && a->event_ms != INT64_MIN)
		a->start = a->event_ms * 1000;
	if (a->start == INT64_MIN)
		a->start = a->end != INT64_MIN ? a->end : d->export_us;
	r->t_start = a->start;
	if (a->end != INT64_MIN) {
		r->t_end = a->end;
		r->have |= ASH_HAVE_END;
	}
	r->tz_off = 0;
	r->have |= ASH_HAVE_TZOFF;
}

size_t ash_nf_nsel_note(int event, int ext, char *buf, size_t cap)
{
	static const char *const names[] = {"ignore", "create", "teardown",
					    "deny", "alert", "update"};
	const char *name = event >= 0 && event <= 5 ? names[event] : "event";
	int n = ext ? snprintf(buf, cap, "%s %d", name, ext)
		    : snprintf(buf, cap, "%s", name);
	return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap ? cap - 1 : 0;
}

static void set_action(ash_nf *nf, nf_acc *a)
{
	ash_rec *r = &a->r;
	if (a->fw_event) {
		r->action = a->fw_event == 3 ? ASH_ACT_DENY
			    : a->fw_event == 4 ? ASH_ACT_UNKNOWN : ASH_ACT_ALLOW;
		size_t n = ash_nf_nsel_note(a->fw_event, a->ext_event, nf->note,
					    sizeof nf->note);
		r->note = (ash_str){nf->note, (uint32_t)n};
	} else if (a->fwd_status == 1) {
		r->action = ASH_ACT_ALLOW;
	} else if (a->fwd_status == 2) {
		r->action = ASH_ACT_DROP;
	}
}

static void set_if(char *buf, size_t sz, ash_str *s, uint32_t v)
{
	int n = snprintf(buf, sz, "%u", v);
	s->p = buf;
	s->n = (uint32_t)(n > 0 ? n : 0);
}

/* Fill the rest of the record and emit it. */
static int finish(nf_dgram *d, nf_acc *a)
{
	ash_rec *r = &a->r;
	ash_nf *nf = d->nf;
	if (!(a->src4 || a->src6) || !(a->dst4 || a->dst6)) {
		nf_note(d, "flow record without addresses");
		d->res->bad_records++;
		nf->st.bad_records++;
		return 0;
	}
	uint64_t m = set_counts(d, a);
	set_times(d, a);
	set_action(nf, a);
	set_sampling(r, m);
	if (a->nsrc)
		r->have |= ASH_HAVE_NAT_SRC;
	if (a->ndst)
		r->have |= ASH_HAVE_NAT_DST;
	if ((r->proto == 1 || r->proto == 58) && a->have_icmp) {
		r->sport = 0;
		r->dport = (uint16_t)(a->icmp_type << 8 | a->icmp_code);
		r->have = (r->have & ~(uint32_t)ASH_HAVE_SPORT) | ASH_HAVE_DPORT;
	}
	if (a->have_in_if)
		set_if(nf->in_if, sizeof nf->in_if, &r->in_if, a->in_if);
	if (a->have_out_if)
		set_if(nf->out_if, sizeof nf->out_if, &r->out_if, a->out_if);
	if (nf->dev[0]) {
		r->device.p = nf->dev;
		r->device.n = (uint32_t)strlen(nf->dev);
	}
	r->format = d->format;
	r->src_line = d->unit;
	d->res->records++;
	nf->st.records++;
	return d->emit ? d->emit(d->ctx, r, d->err) : 0;
}

/* Options data: remember the exporter's sampling rate. */
static void options_record(nf_dgram *d, const nf_acc *a)
{
	d->nf->st.options_records++;
	uint64_t rate = own_rate(a);
	if (rate && d->exp)
		d->exp->sampling = rate > UINT32_MAX ? UINT32_MAX : (uint32_t)rate;
	if (a->have_init && d->exp)
		d->exp->init_ms = a->init_ms;
}

int nf_record(nf_dgram *d, const nf_tpl *t, const uint8_t *rec,
	      size_t avail, size_t *used)
{
	nf_acc a;
	memset(&a, 0, sizeof a);
	a.start = a.end = a.event_ms = INT64_MIN;
	size_t off = 0;
	for (uint16_t i = 0; i < t->nfields; i++) {
		const nf_field *f = &t->fields[i];
		size_t len = f->len;
		if (len == NF_VARLEN) {
			if (off >= avail)
				return -1;
			len = rec[off++];
			if (len == 255) {
				if (avail - off < 2)
					return -1;
				len = nf_u16(rec + off);
				off += 2;
			}
		}
		if (len > avail - off)
			return -1;
		const uint8_t *v = rec + off;
		off += len;
		if (!len || (t->options && d->key.version == 9 && i < t->nscope))
			continue; /* v9 scope types are not element ids */
		uint64_t u = nf_uint(v, len);
		if (f->pen == PEN_REVERSE)
			take_reverse(&a, f->id, u);
		else if (f->pen == 0 && !take_count_time(&a, f->id, v, (uint16_t)len, u))
			take_other(&a, d->key.version, f->id, v, (uint16_t)len, u);
	}
	*used = off;
	if (t->options) {
		options_record(d, &a);
		return 0;
	}
	return finish(d, &a);
}

int nf_data_set(nf_dgram *d, const nf_tpl *t, const uint8_t *p, size_t n)
{
	size_t off = 0;
	if (t->minlen == 0) { /* only zero-length fields: nothing to read */
		nf_note(d, "template of zero-length fields only");
		d->res->bad_records++;
		d->nf->st.bad_records++;
		return 0;
	}
	while (n - off >= t->minlen) {
		size_t used = 0;
		int rc = nf_record(d, t, p + off, n - off, &used);
		if (rc < 0) {
			nf_note(d, "record cut by the end of its set");
			d->res->bad_records++;
			d->nf->st.bad_records++;
			return 0;
		}
		if (rc > 0)
			return rc;
		off += used;
	}
	return 0;
}
