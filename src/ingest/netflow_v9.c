/* SPDX-License-Identifier: MIT */
/* netflow_v9.c: NetFlow v9 (RFC 3954) datagrams: the 20-byte header,
 * flowsets (0 = templates, 1 = options templates, >= 256 = data), zero
 * padding after the last flowset.  Does not: decode data records
 * (nf_record.c) or keep templates (nf_templates.c). */
#include "ingest/nf_int.h"

#define V9_HDR 20

/* Template flowset: records of (id, count, count x (type, length)). */
static void v9_templates(nf_dgram *d, const uint8_t *p, size_t n)
{
	nf_field f[ASH_NF_MAX_FIELDS];
	size_t off = 0;
	while (n - off >= 4) {
		uint16_t tid = nf_u16(p + off), cnt = nf_u16(p + off + 2);
		off += 4;
		if (tid == 0 && cnt == 0)
			return; /* padding */
		if ((size_t)cnt * 4 > n - off) {
			nf_note(d, "template longer than its flowset");
			return;
		}
		if (cnt > ASH_NF_MAX_FIELDS) {
			nf_note(d, "template with more than 512 fields");
			d->nf->st.refused_templates++;
			off += (size_t)cnt * 4;
			continue;
		}
		for (uint16_t i = 0; i < cnt; i++, off += 4) {
			f[i].id = nf_u16(p + off);
			f[i].len = nf_u16(p + off + 2);
			f[i].pen = 0;
		}
		nf_learn(d, tid, false, 0, f, cnt);
	}
}

/* Options template flowset: (id, scope bytes, option bytes, fields). */
static void v9_options(nf_dgram *d, const uint8_t *p, size_t n)
{
	nf_field f[ASH_NF_MAX_FIELDS];
	size_t off = 0;
	while (n - off >= 6) {
		uint16_t tid = nf_u16(p + off);
		size_t sl = nf_u16(p + off + 2), ol = nf_u16(p + off + 4);
		off += 6;
		if (tid == 0)
			return; /* padding */
		if (sl % 4 || ol % 4 || sl + ol > n - off) {
			nf_note(d, "options template longer than its flowset");
			return;
		}
		size_t cnt = (sl + ol) / 4;
		if (cnt > ASH_NF_MAX_FIELDS) {
			nf_note(d, "template with more than 512 fields");
			d->nf->st.refused_templates++;
			off += sl + ol;
			continue;
		}
		for (size_t i = 0; i < cnt; i++, off += 4) {
			f[i].id = nf_u16(p + off);
			f[i].len = nf_u16(p + off + 2);
			f[i].pen = 0;
		}
		nf_learn(d, tid, true, (uint16_t)(sl / 4), f, (uint16_t)cnt);
	}
}

/* Flowset framing: each length >= 4 and within the datagram, or zero
 * padding to the end.  Returns the bytes of flowsets, or -1 (noted). */
static long v9_frame(nf_dgram *d, const uint8_t *p, size_t n)
{
	size_t off = V9_HDR;
	while (off < n) {
		if (n - off < 4 || nf_u16(p + off + 2) < 4) {
			if (nf_all_zero(p + off, n - off))
				return (long)off;
			nf_note(d, n - off < 4 ? "flowset header cut"
					       : "flowset length below 4");
			return -1;
		}
		size_t len = nf_u16(p + off + 2);
		if (len > n - off) {
			nf_note(d, "flowset longer than the datagram");
			return -1;
		}
		off += len;
	}
	return (long)off;
}

int nf_v9(nf_dgram *d, const uint8_t *p, size_t n)
{
	d->uptime_ms = nf_u32(p + 4);
	if (nf_u32(p + 8)) /* else keep the arrival time */
		d->export_us = (int64_t)nf_u32(p + 8) * 1000000;
	long end = v9_frame(d, p, n);
	if (end < 0) {
		d->res->verdict = ASH_NF_REJECTED;
		return 0;
	}
	for (size_t off = V9_HDR; off < (size_t)end;) {
		uint16_t id = nf_u16(p + off);
		size_t len = nf_u16(p + off + 2);
		const uint8_t *body = p + off + 4;
		off += len;
		if (id == 0)
			v9_templates(d, body, len - 4);
		else if (id == 1)
			v9_options(d, body, len - 4);
		else if (id >= 256) {
			int rc = nf_data(d, id, body, len - 4);
			if (rc)
				return rc;
		}
	}
	return 0;
}
