/* SPDX-License-Identifier: MIT */
/* pcapflow.c: the "pcap" format: packet captures (pcap with micro- or
 * nanosecond stamps, pcapng; plain, gzip or zstd through input.c) read
 * with libpcap and metered into bidirectional flows (flowtable.c).
 *
 * Owns: the sniffer (file magic), the packet loop and its accounting
 * (units = packets: read = used + rejected + skipped; used = decoded and
 * metered, skipped = not IP (ARP, LLDP, ...), rejected = malformed, cut
 * inside a needed header, unsupported link type, or the capture cut
 * inside its last record), the record of a flow (format ASH_FMT_PCAP,
 * src_line = number of the flow's first packet, device = the pcapng
 * interface name, in_if = "vlanN" when tagged).
 * Does not: decode frames (pkt.c) or keep flow state (flowtable.c). */
#include "ingest/pcapflow.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "ingest/input.h"
#include "ingest/pkt.h"

#define IFNAME_MAX 64
#define REJECT_RAW_MAX 256  /* bytes of a rejected packet kept */
#define TS_SEC_MAX 4000000000000LL /* |seconds| kept, so µs fit int64 */

typedef struct pf_state {
	ash_flowtab_opts fo;
	const ash_sink *sink;
	char ifname[IFNAME_MAX];
	uint32_t ifname_n;
	char vlan[16];
	char why[PCAP_ERRBUF_SIZE + 64];
	ash_pcapflow_stats st;
} pf_state;

/* ---- sniffing --------------------------------------------------------- */

static uint32_t rd32le(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint32_t rd32(const unsigned char *p, bool be)
{
	return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | p[3]
		  : rd32le(p);
}

static uint16_t rd16(const unsigned char *p, bool be)
{
	return be ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

/* pcap (µs and ns, both byte orders) and pcapng: 90. */
static int pf_sniff(const char *buf, size_t n)
{
	if (!buf || n < 12)
		return 0;
	const unsigned char *p = (const unsigned char *)buf;
	uint32_t m = rd32le(p);
	if (m == 0xa1b2c3d4 || m == 0xd4c3b2a1 || m == 0xa1b23c4d ||
	    m == 0x4d3cb2a1)
		return 90;
	uint32_t bom = rd32le(p + 8);
	if (m == 0x0a0d0d0a && (bom == 0x1a2b3c4d || bom == 0x4d3c2b1a))
		return 90;
	return 0;
}

/* ---- pcapng interface name ---------------------------------------------- */

/* if_name (option 2) of the first Interface Description Block, from the
 * first bytes of a pcapng file; printable ASCII only. */
static void pcapng_ifname(pf_state *s, const unsigned char *p, size_t n)
{
	if (n < 28 || rd32le(p) != 0x0a0d0d0a)
		return;
	bool be = rd32le(p + 8) == 0x4d3c2b1a;
	uint32_t shb = rd32(p + 4, be);
	if (shb < 28 || shb % 4 || shb > n - 20 || rd32(p + shb, be) != 1)
		return;
	const unsigned char *b = p + shb;
	uint32_t blen = rd32(b + 4, be);
	if (blen < 20 || blen > n - shb)
		return;
	for (uint32_t off = 16; off + 4 <= blen - 4;) {
		uint16_t code = rd16(b + off, be), len = rd16(b + off + 2, be);
		if (code == 0 || len > blen - 4 - off - 4)
			return;
		if (code == 2) {
			uint32_t k = 0;
			for (uint32_t i = 0; i < len && k < IFNAME_MAX - 1; i++) {
				unsigned char c = b[off + 4 + i];
				if (c == 0)
					break;
				s->ifname[k++] = c > 0x20 && c < 0x7f ? (char)c : '?';
			}
			s->ifname_n = k;
			return;
		}
		off += 4 + ((len + 3u) & ~3u);
	}
}

/* ---- flows to records --------------------------------------------------- */

static int pf_emit(void *ctx, const ash_flowtab_flow *f, ash_err *err)
{
	pf_state *s = ctx;
	ash_rec r;
	memset(&r, 0, sizeof r);
	r.t_start = f->first_us;
	r.t_end = f->last_us;
	r.have = ASH_HAVE_END | ASH_HAVE_OBYTES | ASH_HAVE_RBYTES |
		 ASH_HAVE_OPKTS | ASH_HAVE_RPKTS | ASH_HAVE_PROTO | ASH_HAVE_TZOFF;
	r.src = f->src;
	r.dst = f->dst;
	r.proto = f->proto;
	if (f->has_ports) {
		r.sport = f->sport;
		r.dport = f->dport;
		r.have |= ASH_HAVE_SPORT | ASH_HAVE_DPORT;
		if (f->proto == 6) {
			r.tcp_flags = f->tcp_flags;
			r.have |= ASH_HAVE_FLAGS;
		}
	} else if (f->has_icmp) {
		r.dport = f->dport;
		r.have |= ASH_HAVE_DPORT;
	}
	r.obytes = f->obytes;
	r.rbytes = f->rbytes;
	r.opkts = f->opkts;
	r.rpkts = f->rpkts;
	r.action = ASH_ACT_UNKNOWN;
	r.format = ASH_FMT_PCAP;
	r.src_line = f->first_pkt;
	if (s->ifname_n)
		r.device = (ash_str){s->ifname, s->ifname_n};
	if (f->vlan) {
		int k = snprintf(s->vlan, sizeof s->vlan, "vlan%u", (unsigned)f->vlan);
		r.in_if = (ash_str){s->vlan, (uint32_t)k};
	}
	return s->sink->record(s->sink->ctx, &r, err);
}

/* ---- the packet loop ---------------------------------------------------- */

static int64_t stamp_us(const struct pcap_pkthdr *h)
{
	int64_t sec = (int64_t)h->ts.tv_sec;
	if (sec > TS_SEC_MAX)
		sec = TS_SEC_MAX;
	if (sec < -TS_SEC_MAX)
		sec = -TS_SEC_MAX;
	return sec * 1000000 + (int64_t)h->ts.tv_usec % 1000000;
}

static int reject(pf_state *s, ash_units *u, uint64_t no, const char *why,
		  const void *raw, size_t n, ash_err *err)
{
	u->rejected++;
	s->st.bad++;
	return s->sink->reject(s->sink->ctx, no, why, raw,
			       n < REJECT_RAW_MAX ? n : REJECT_RAW_MAX, err);
}

static int one_packet(pf_state *s, ash_flowtab *ft, int lt,
		      const struct pcap_pkthdr *h, const u_char *data,
		      ash_units *u, ash_err *err)
{
	uint64_t no = u->read;
	ash_pkt p;
	const char *why = NULL;
	int rc = ash_pkt_decode(lt, data, h->caplen, h->len, &p, &why);
	if (rc == ASH_PKT_OK) {
		u->used++;
		if (h->caplen < h->len)
			s->st.truncated++;
		return ash_flowtab_add(ft, &p, stamp_us(h), no, err);
	}
	if (rc == ASH_PKT_NOT_IP) {
		u->skipped++;
		s->st.not_ip++;
		return ASH_OK;
	}
	if (rc == ASH_PKT_LINKTYPE) {
		snprintf(s->why, sizeof s->why, "link type %d not supported", lt);
		why = s->why;
	}
	return reject(s, u, no, why ? why : "undecodable packet", data,
		      h->caplen, err);
}

static int loop(pf_state *s, pcap_t *pc, ash_flowtab *ft, ash_units *u,
		ash_err *err)
{
	int lt = pcap_datalink(pc);
	s->st.linktype = lt;
	for (;;) {
		struct pcap_pkthdr *h;
		const u_char *data;
		int got = pcap_next_ex(pc, &h, &data);
		if (got == PCAP_ERROR_BREAK || got == 0)
			return ASH_OK;
		u->read++;
		s->st.packets++;
		if (got != 1) { /* a record cut or damaged: the rest is lost */
			snprintf(s->why, sizeof s->why, "capture cut or damaged: %s",
				 pcap_geterr(pc));
			return reject(s, u, u->read, s->why, "", 0, err);
		}
		int rc = one_packet(s, ft, lt, h, data, u, err);
		if (rc)
			return rc;
	}
}

static int pf_run(void *state, ash_input *in, const ash_sink *sink,
		  ash_units *u, ash_err *err)
{
	pf_state *s = state;
	s->sink = sink;
	memset(&s->st, 0, sizeof s->st);
	s->ifname_n = 0;
	u->name = "packets";
	const char *head;
	size_t hn;
	int rc = ash_input_peek(in, &head, &hn, err);
	if (rc)
		return rc;
	pcapng_ifname(s, (const unsigned char *)head, hn);
	FILE *f = ash_input_stream(in);
	if (!f)
		return ash_errno(err, ASH_EIO, "pcap: cannot open a stream");
	char eb[PCAP_ERRBUF_SIZE] = "";
	pcap_t *pc = pcap_fopen_offline_with_tstamp_precision(
		f, PCAP_TSTAMP_PRECISION_MICRO, eb);
	if (!pc) {
		fclose(f);
		return ash_errf(err, ASH_EFORMAT, "pcap: %s", eb);
	}
	ash_flowtab *ft = ash_flowtab_new(&s->fo, pf_emit, s);
	rc = loop(s, pc, ft, u, err);
	if (!rc)
		rc = ash_flowtab_flush(ft, err);
	s->st.flows = *ash_flowtab_stats_get(ft);
	ash_flowtab_free(ft);
	pcap_close(pc); /* closes f */
	return rc;
}

/* ---- state ---------------------------------------------------------------- */

static void *pf_open(const ash_parse_opts *o)
{
	(void)o; /* capture stamps are UTC: no zone needed */
	return ash_calloc(1, sizeof(pf_state));
}

static void pf_close(void *state)
{
	free(state);
}

void ash_pcapflow_set_opts(void *state, const ash_flowtab_opts *o)
{
	pf_state *s = state;
	s->fo = *o;
}

const ash_pcapflow_stats *ash_pcapflow_stats_of(const void *state)
{
	const pf_state *s = state;
	return &s->st;
}

const ash_parser ash_pcap_parser = {
	.name = "pcap",
	.what = "packet captures (pcap, pcapng) metered into bidirectional flows",
	.format = ASH_FMT_PCAP,
	.sniff = pf_sniff,
	.open = pf_open,
	.close = pf_close,
	.run = pf_run,
};
