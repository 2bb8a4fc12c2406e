/* SPDX-License-Identifier: MIT */
/* netflow_pcap.c: the "netflow" format: pcap/pcapng captures of flow
 * export datagrams (NetFlow v5/v9, IPFIX over UDP), read through libpcap
 * so compressed captures work.  Units = captured packets: used = a
 * datagram that gave flow records; skipped = not a flow export by nature
 * (non-IP frame, non-UDP packet, template- or options-only datagram);
 * rejected = malformed frame, IP fragment (not reassembled), datagram cut
 * by the snap length, or a datagram the decoder rejects (its reason).
 * A datagram whose data sets wait for their template (the decoder
 * buffers them) is counted when the decoder settles it: used at its
 * first record, or rejected (buffer full; at the end of the capture,
 * its template never came), so the units add up once the capture ends.
 * Owns: the sniffer (captures whose UDP payloads are mostly flow
 * exports score above the "pcap" flow meter), the packet loop.
 * Does not: decode frames (pkt.c) or exports (netflow.c). */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "ingest/input.h"
#include "ingest/netflow.h"
#include "ingest/parser.h"
#include "ingest/pkt.h"

#define REJECT_RAW_MAX 2048 /* bytes of a rejected datagram kept */
#define TS_SEC_MAX 4000000000000LL

typedef struct nfp_state {
	ash_nf *nf;
	const ash_sink *sink;
	ash_units *u;
	uint64_t no; /* packet number of the datagram being decoded */
	char why[PCAP_ERRBUF_SIZE + 64];
} nfp_state;

/* ---- sniffing: walk the packets of the sample -------------------------- */

typedef struct nfp_count {
	unsigned ip, udp, exports;
} nfp_count;

static uint32_t rd32(const unsigned char *p, bool be)
{
	return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | p[3]
		  : (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void count_pkt(nfp_count *c, int lt, const unsigned char *d,
		      uint32_t caplen, uint32_t len)
{
	ash_pkt p;
	const char *why;
	if (ash_pkt_decode(lt, d, caplen, len, &p, &why) != ASH_PKT_OK)
		return;
	c->ip++;
	if (p.proto != 17 || !p.has_ports)
		return;
	c->udp++;
	if (ash_nf_looks_like(p.payload, p.payload_len))
		c->exports++;
}

static void sniff_pcap(nfp_count *c, const unsigned char *p, size_t n)
{
	uint32_t m = rd32(p, false);
	bool be = m == 0xd4c3b2a1 || m == 0x4d3cb2a1;
	int lt = (int)(rd32(p + 20, be) & 0xffff);
	for (size_t off = 24; n - off >= 16;) {
		uint32_t cap = rd32(p + off + 8, be), len = rd32(p + off + 12, be);
		if (cap > n - off - 16)
			break;
		count_pkt(c, lt, p + off + 16, cap, len);
		off += 16 + (size_t)cap;
	}
}

static void sniff_pcapng(nfp_count *c, const unsigned char *p, size_t n)
{
	bool be = rd32(p + 8, false) == 0x4d3c2b1a;
	int lt = -1;
	for (size_t off = 0; n - off >= 12;) {
		uint32_t type = rd32(p + off, be), blen = rd32(p + off + 4, be);
		if (blen < 12 || blen % 4 || blen > n - off)
			break;
		if (type == 1 && blen >= 20 && lt < 0)
			lt = (int)(be ? p[off + 8] << 8 | p[off + 9]
				      : p[off + 9] << 8 | p[off + 8]);
		else if (type == 6 && blen >= 32 && lt >= 0) {
			uint32_t cap = rd32(p + off + 20, be), len = rd32(p + off + 24, be);
			if (cap <= blen - 32)
				count_pkt(c, lt, p + off + 28, cap, len);
		}
		off += blen;
	}
}

/* 95 when most IP packets of the sample are flow export datagrams (so
 * above "pcap" at 90), else 0. */
static int nfp_sniff(const char *buf, size_t n)
{
	if (!buf || n < 32)
		return 0;
	const unsigned char *p = (const unsigned char *)buf;
	uint32_t m = rd32(p, false);
	nfp_count c = {0, 0, 0};
	if (m == 0xa1b2c3d4 || m == 0xd4c3b2a1 || m == 0xa1b23c4d ||
	    m == 0x4d3cb2a1)
		sniff_pcap(&c, p, n);
	else if (m == 0x0a0d0d0a)
		sniff_pcapng(&c, p, n);
	return c.exports && c.exports * 2 > c.ip ? 95 : 0;
}

/* ---- the packet loop ---------------------------------------------------- */

static int nfp_settle(void *ctx, uint64_t unit, int verdict, const char *why,
		      const uint8_t *raw, size_t n, ash_err *err);

static void *nfp_open(const ash_parse_opts *o)
{
	(void)o;
	nfp_state *s = ash_calloc(1, sizeof *s);
	s->nf = ash_nf_new();
	ash_nf_buffer(s->nf, nfp_settle);
	return s;
}

static void nfp_close(void *state)
{
	nfp_state *s = state;
	if (!s)
		return;
	ash_nf_free(s->nf);
	free(s);
}

/* r->src_line: the packet number the decoder was given (records of a
 * datagram decoded late keep theirs). */
static int nfp_emit(void *ctx, const ash_rec *r, ash_err *err)
{
	nfp_state *s = ctx;
	return s->sink->record(s->sink->ctx, r, err);
}

static int64_t stamp_us(const struct pcap_pkthdr *h)
{
	int64_t sec = (int64_t)h->ts.tv_sec;
	if (sec > TS_SEC_MAX)
		sec = TS_SEC_MAX;
	if (sec < -TS_SEC_MAX)
		sec = -TS_SEC_MAX;
	return sec * 1000000 + (int64_t)h->ts.tv_usec % 1000000;
}

static int reject(nfp_state *s, ash_units *u, const char *why,
		  const void *raw, size_t n, ash_err *err)
{
	u->rejected++;
	return s->sink->reject(s->sink->ctx, s->no, why, raw,
			       n < REJECT_RAW_MAX ? n : REJECT_RAW_MAX, err);
}

/* The late verdict of a datagram the decoder said was pending. */
static int nfp_settle(void *ctx, uint64_t unit, int verdict, const char *why,
		      const uint8_t *raw, size_t n, ash_err *err)
{
	nfp_state *s = ctx;
	if (verdict == ASH_NF_USED) {
		s->u->used++;
		return ASH_OK;
	}
	if (verdict == ASH_NF_SKIPPED) {
		s->u->skipped++;
		return ASH_OK;
	}
	s->u->rejected++;
	return s->sink->reject(s->sink->ctx, unit, why ? why : "undecodable datagram",
			       raw, n < REJECT_RAW_MAX ? n : REJECT_RAW_MAX, err);
}

static int one_packet(nfp_state *s, int lt, const struct pcap_pkthdr *h,
		      const u_char *data, ash_units *u, ash_err *err)
{
	ash_pkt p;
	const char *why = NULL;
	int rc = ash_pkt_decode(lt, data, h->caplen, h->len, &p, &why);
	if (rc == ASH_PKT_NOT_IP || (rc == ASH_PKT_OK && p.proto != 17)) {
		u->skipped++;
		return ASH_OK;
	}
	if (rc != ASH_PKT_OK)
		return reject(s, u, why ? why : "undecodable packet", data,
			      h->caplen, err);
	if (p.fragment)
		return reject(s, u, "IP fragment of a datagram (not reassembled)",
			      data, h->caplen, err);
	if (h->caplen < h->len)
		return reject(s, u, "datagram cut by the capture's snap length",
			      data, h->caplen, err);
	ash_nf_result res;
	rc = ash_nf_datagram(s->nf, p.payload, p.payload_len, &p.src, p.sport,
			     stamp_us(h), s->no, nfp_emit, s, &res, err);
	if (rc)
		return rc;
	if (res.verdict == ASH_NF_USED)
		u->used++;
	else if (res.verdict == ASH_NF_SKIPPED)
		u->skipped++;
	else if (res.verdict == ASH_NF_PENDING)
		return ASH_OK; /* counted when settled */
	else
		return reject(s, u, res.why ? res.why : "undecodable datagram",
			      p.payload, p.payload_len, err);
	return ASH_OK;
}

/* The packets, then the datagrams still pending (rejected). */
static int loop(nfp_state *s, pcap_t *pc, ash_units *u, ash_err *err)
{
	int lt = pcap_datalink(pc);
	for (;;) {
		struct pcap_pkthdr *h;
		const u_char *data;
		int got = pcap_next_ex(pc, &h, &data);
		if (got == PCAP_ERROR_BREAK || got == 0)
			return ash_nf_finish(s->nf, s, err);
		s->no = ++u->read;
		if (got != 1) {
			snprintf(s->why, sizeof s->why, "capture cut or damaged: %s",
				 pcap_geterr(pc));
			int rc = reject(s, u, s->why, "", 0, err);
			return rc ? rc : ash_nf_finish(s->nf, s, err);
		}
		int rc = one_packet(s, lt, h, data, u, err);
		if (rc)
			return rc;
	}
}

static int nfp_run(void *state, ash_input *in, const ash_sink *sink,
		   ash_units *u, ash_err *err)
{
	nfp_state *s = state;
	s->sink = sink;
	s->u = u;
	u->name = "datagrams";
	FILE *f = ash_input_stream(in);
	if (!f)
		return ash_errno(err, ASH_EIO, "netflow: cannot open a stream");
	char eb[PCAP_ERRBUF_SIZE] = "";
	pcap_t *pc = pcap_fopen_offline_with_tstamp_precision(
		f, PCAP_TSTAMP_PRECISION_MICRO, eb);
	if (!pc) {
		fclose(f);
		return ash_errf(err, ASH_EFORMAT, "netflow: %s", eb);
	}
	int rc = loop(s, pc, u, err);
	pcap_close(pc); /* closes f */
	return rc;
}

const ash_parser ash_netflow_parser = {
	.name = "netflow",
	.what = "NetFlow v5/v9 and IPFIX export datagrams in pcap/pcapng captures",
	.format = ASH_FMT_NETFLOW9,
	.sniff = nfp_sniff,
	.open = nfp_open,
	.line = NULL,
	.close = nfp_close,
	.run = nfp_run,
};
