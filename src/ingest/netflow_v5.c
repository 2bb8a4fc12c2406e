/* SPDX-License-Identifier: MIT */
/* netflow_v5.c: NetFlow v5 datagrams (24-byte header, 48-byte records):
 * times from the header's uptime and clock, sampling interval from the
 * header applied to the counters and kept as the record's sampling.
 * Does not: walk several datagrams (netflow.c). */
#include "ingest/nf_int.h"

#include <stdio.h>
#include <string.h>

#define V5_HDR 24
#define V5_REC 48

static int64_t v5_time(const nf_dgram *d, uint32_t up)
{
	int32_t ago = (int32_t)(d->uptime_ms - up);
	return d->export_us - (int64_t)ago * 1000;
}

static void v5_if(char *buf, size_t sz, ash_str *s, uint16_t v)
{
	int n = snprintf(buf, sz, "%u", v);
	s->p = buf;
	s->n = (uint32_t)(n > 0 ? n : 0);
}

static int v5_record(nf_dgram *d, const uint8_t *p, uint32_t rate)
{
	ash_nf *nf = d->nf;
	ash_rec r;
	memset(&r, 0, sizeof r);
	ash_ip_from_v4(&r.src, nf_u32(p));
	ash_ip_from_v4(&r.dst, nf_u32(p + 4));
	v5_if(nf->in_if, sizeof nf->in_if, &r.in_if, nf_u16(p + 12));
	v5_if(nf->out_if, sizeof nf->out_if, &r.out_if, nf_u16(p + 14));
	uint64_t m = rate > 1 ? rate : 1;
	r.opkts = (uint64_t)nf_u32(p + 16) * m;
	r.obytes = (uint64_t)nf_u32(p + 20) * m;
	r.t_start = v5_time(d, nf_u32(p + 24));
	r.t_end = v5_time(d, nf_u32(p + 28));
	r.sport = nf_u16(p + 32);
	r.dport = nf_u16(p + 34);
	r.tcp_flags = p[37];
	r.proto = p[38];
	r.have = ASH_HAVE_END | ASH_HAVE_OBYTES | ASH_HAVE_OPKTS |
		 ASH_HAVE_PROTO | ASH_HAVE_TZOFF | ASH_HAVE_DPORT;
	if (r.proto == 1 || r.proto == 58)
		r.sport = 0; /* v5 carries ICMP type<<8|code in dstport */
	else
		r.have |= ASH_HAVE_SPORT;
	if (r.proto == 6)
		r.have |= ASH_HAVE_FLAGS;
	if (m > 1) {
		r.sampling = (uint32_t)m;
		r.have |= ASH_HAVE_SAMPLING;
	}
	if (nf->dev[0]) {
		r.device.p = nf->dev;
		r.device.n = (uint32_t)strlen(nf->dev);
	}
	r.format = ASH_FMT_NETFLOW5;
	r.src_line = d->unit;
	d->res->records++;
	nf->st.records++;
	return d->emit ? d->emit(d->ctx, &r, d->err) : 0;
}

/* One v5 datagram of exactly n bytes (the caller found n from count). */
int nf_v5(nf_dgram *d, const uint8_t *p, size_t n)
{
	uint16_t count = nf_u16(p + 2);
	d->uptime_ms = nf_u32(p + 4);
	if (nf_u32(p + 8)) /* else keep the arrival time */
		d->export_us = (int64_t)nf_u32(p + 8) * 1000000 + nf_u32(p + 12) / 1000;
	uint16_t samp = nf_u16(p + 22);
	uint32_t rate = samp & 0x3fff;
	if (n < V5_HDR + (size_t)count * V5_REC)
		return -1;
	for (uint16_t i = 0; i < count; i++) {
		int rc = v5_record(d, p + V5_HDR + (size_t)i * V5_REC, rate);
		if (rc)
			return rc;
	}
	return 0;
}
