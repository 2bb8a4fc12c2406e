/* SPDX-License-Identifier: MIT */
/* ipfix.c: IPFIX messages (RFC 7011): the 16-byte header, sets (2 =
 * templates, 3 = options templates, >= 256 = data), enterprise-specific
 * field specifiers, template withdrawal (field count 0; template id 2 or
 * 3 withdraws all).  Does not: decode data records (nf_record.c) or keep
 * templates (nf_templates.c). */
#include "ingest/nf_int.h"

#define IPFIX_HDR 16

/* Field specifiers of one template; returns bytes used or -1 if cut. */
static long ipfix_fields(const uint8_t *p, size_t n, nf_field *f, uint16_t cnt)
{
	size_t off = 0;
	for (uint16_t i = 0; i < cnt; i++) {
		if (n - off < 4)
			return -1;
		uint16_t id = nf_u16(p + off);
		f[i].len = nf_u16(p + off + 2);
		f[i].pen = 0;
		f[i].id = id & 0x7fff;
		off += 4;
		if (id & 0x8000) {
			if (n - off < 4)
				return -1;
			f[i].pen = nf_u32(p + off);
			off += 4;
		}
	}
	return (long)off;
}

static void ipfix_withdraw(nf_dgram *d, uint16_t tid, bool options)
{
	nf_key k = d->key;
	k.tid = tid;
	bool all = tid == 2 || tid == 3;
	d->nf->st.withdrawn += nf_tpls_withdraw(&d->nf->tpls, &k, all, options);
}

/* Template or options template set (opt: scope count present). */
static void ipfix_templates(nf_dgram *d, const uint8_t *p, size_t n, bool opt)
{
	nf_field f[ASH_NF_MAX_FIELDS];
	size_t hdr = opt ? 6 : 4, off = 0;
	while (n - off >= 4) {
		uint16_t tid = nf_u16(p + off), cnt = nf_u16(p + off + 2);
		if (cnt == 0) {
			ipfix_withdraw(d, tid, opt);
			off += 4;
			continue;
		}
		if (n - off < hdr) {
			nf_note(d, "template header cut");
			return;
		}
		uint16_t scope = opt ? nf_u16(p + off + 4) : 0;
		off += hdr;
		if (cnt > ASH_NF_MAX_FIELDS || (opt && (scope == 0 || scope > cnt))) {
			nf_note(d, cnt > ASH_NF_MAX_FIELDS
					   ? "template with more than 512 fields"
					   : "options template with a bad scope count");
			d->nf->st.refused_templates++;
			return; /* its length is unknown: the rest of the set too */
		}
		long used = ipfix_fields(p + off, n - off, f, cnt);
		if (used < 0) {
			nf_note(d, "template longer than its set");
			return;
		}
		off += (size_t)used;
		nf_learn(d, tid, opt, scope, f, cnt);
	}
}

/* Set framing: each length >= 4 and within the message. */
static int ipfix_frame(nf_dgram *d, const uint8_t *p, size_t n)
{
	for (size_t off = IPFIX_HDR; off < n;) {
		if (n - off < 4) {
			nf_note(d, "set header cut");
			return -1;
		}
		size_t len = nf_u16(p + off + 2);
		if (len < 4 || len > n - off) {
			nf_note(d, len < 4 ? "set length below 4"
					   : "set longer than the message");
			return -1;
		}
		off += len;
	}
	return 0;
}

/* One message of exactly n bytes (its header's length). */
int nf_ipfix(nf_dgram *d, const uint8_t *p, size_t n)
{
	if (nf_u32(p + 4)) /* else keep the arrival time */
		d->export_us = (int64_t)nf_u32(p + 4) * 1000000;
	if (ipfix_frame(d, p, n) < 0) {
		d->res->verdict = ASH_NF_REJECTED;
		return 0;
	}
	for (size_t off = IPFIX_HDR; off < n;) {
		uint16_t id = nf_u16(p + off);
		size_t len = nf_u16(p + off + 2);
		const uint8_t *body = p + off + 4;
		off += len;
		if (id == 2 || id == 3)
			ipfix_templates(d, body, len - 4, id == 3);
		else if (id >= 256) {
			int rc = nf_data(d, id, body, len - 4);
			if (rc)
				return rc;
		}
	}
	return 0;
}
