/* SPDX-License-Identifier: MIT */
/* nfcapd_rec.c: the records inside a decompressed nfcapd block, to
 * ash_rec: nfdump 1.7 V3 records (a 12-byte header then typed elements)
 * and nfdump 1.6 common records (a 32-byte head, addresses, counters,
 * then the optional extensions listed by an extension map record), plus
 * the extension maps and exporter records those refer to.
 *
 * Layout (from nfdump's nfxV3.h / nfx.h; all fields little-endian):
 *   V3 header: u16 type 11 | u16 size | u16 numElements | u8 engineType |
 *              u8 engineID | u16 exporterID | u8 flags | u8 nfversion
 *   element:   u16 type | u16 length (incl. these 4 bytes) | data
 *   1.6 head:  u16 type 10 | u16 size | u8 flags | u8 nfversion |
 *              u16 ext_map | u16 msec_first | u16 msec_last | u32 first |
 *              u32 last | u8 fwd_status | u8 tcp_flags | u8 proto |
 *              u8 tos | u16 sport | u16 dport | u16 exporter_sysid |
 *              u8 biFlowDir | u8 flowEndReason, then src/dst address
 *              (4+4 or 16+16 bytes, flags bit 0), in packets (4 or 8,
 *              bit 1), in bytes (4 or 8, bit 2), then the extensions.
 *   IPv6 addresses are two u64 in host order (high half first).
 *
 * Does not: frame blocks, decompress, or apply sampling (nfcapd already
 * scaled the counters it stored; nfdump prints them as stored). */
#include "ingest/nfcapd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "ingest/netflow.h"

/* ---- little-endian readers -------------------------------------------- */

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static void ip4(ash_ip *ip, const uint8_t *p)
{
	ash_ip_from_v4(ip, rd32(p));
}

/* Two host-order u64, the first holding the high half of the address. */
static void ip6(ash_ip *ip, const uint8_t *p)
{
	uint64_t hi = rd64(p), lo = rd64(p + 8);
	for (int i = 0; i < 8; i++) {
		ip->b[i] = (uint8_t)(hi >> (56 - 8 * i));
		ip->b[8 + i] = (uint8_t)(lo >> (56 - 8 * i));
	}
}

/* ---- fields shared by both layouts ------------------------------------ */

static bool has_ports(uint8_t proto)
{
	return proto == 6 || proto == 17 || proto == 132 || proto == 136;
}

/* Ports, flags and proto the way ash_rec wants them: ICMP type<<8|code
 * travels in the destination port, as nfdump stores it. */
static void set_l4(ash_rec *r, uint8_t proto, uint16_t sport, uint16_t dport,
		   uint8_t flags)
{
	r->proto = proto;
	r->have |= ASH_HAVE_PROTO;
	if (has_ports(proto)) {
		r->sport = sport;
		r->dport = dport;
		r->have |= ASH_HAVE_SPORT | ASH_HAVE_DPORT;
	} else if (proto == 1 || proto == 58) {
		r->dport = dport;
		r->have |= ASH_HAVE_DPORT;
	}
	if (proto == 6) {
		r->tcp_flags = flags;
		r->have |= ASH_HAVE_FLAGS;
	}
}

/* Forwarding status (NetFlow v9 element 89): bits 7..6. */
static void set_fwd(ash_rec *r, uint8_t fwd)
{
	if (fwd >> 6 == 1)
		r->action = ASH_ACT_ALLOW;
	else if (fwd >> 6 == 2)
		r->action = ASH_ACT_DROP;
}

/* NSEL firewall event: 1 created, 2 deleted, 5 updated, 3 denied; the
 * event and its extended code are the note, as for NetFlow v9 NSEL. */
static void set_fw_event(ash_nfcapd_dec *dec, ash_rec *r, uint8_t ev,
			 uint16_t xev)
{
	if (ev == 3)
		r->action = ASH_ACT_DENY;
	else if (ev == 1 || ev == 2 || ev == 5)
		r->action = ASH_ACT_ALLOW;
	if (!ev)
		return;
	size_t n = ash_nf_nsel_note(ev, xev, dec->note, sizeof dec->note);
	r->note = (ash_str){dec->note, (uint32_t)n};
}

static void set_if(ash_str *s, char *buf, size_t cap, uint32_t idx)
{
	if (!idx)
		return;
	int k = snprintf(buf, cap, "%u", (unsigned)idx);
	s->p = buf;
	s->n = (uint32_t)k;
}

static void set_device(ash_nfcapd_dec *dec, ash_rec *r, const ash_ip *ip)
{
	size_t k = ash_ip_format(ip, dec->dev);
	r->device.p = dec->dev;
	r->device.n = (uint32_t)k;
}

static const ash_ip *exporter_ip(const ash_nfcapd_dec *dec, uint16_t sysid)
{
	for (size_t i = 0; i < dec->nexp; i++)
		if (dec->exp[i].sysid == sysid)
			return &dec->exp[i].ip;
	return NULL;
}

/* Milliseconds since the epoch to microseconds; values past year 9999
 * (never written by nfdump) are clamped so the product cannot overflow. */
static int64_t ms_to_us(uint64_t ms)
{
	const uint64_t max = 253402300799999ull;
	return (int64_t)(ms > max ? max : ms) * 1000;
}

static void begin(ash_rec *r)
{
	memset(r, 0, sizeof *r);
	r->format = ASH_FMT_NFCAPD;
}

/* ---- nfdump 1.7: V3 records -------------------------------------------- */

enum {
	EL_GENERIC = 1, EL_IPV4 = 2, EL_IPV6 = 3, EL_MISC = 4, EL_CNT = 5,
	EL_RECV4 = 12, EL_RECV6 = 13, EL_NSEL = 19, EL_XLATE4 = 20,
	EL_XLATE6 = 21, EL_XPORT = 22, EL_PF = 37
};

/* Bytes of data each element must have for the fields read here. */
static size_t el_need(uint16_t type)
{
	switch (type) {
	case EL_GENERIC: return 48;
	case EL_IPV4: return 8;
	case EL_IPV6: return 32;
	case EL_MISC: return 8;
	case EL_CNT: return 24;
	case EL_RECV4: return 4;
	case EL_RECV6: return 16;
	case EL_NSEL: return 15;
	case EL_XLATE4: return 8;
	case EL_XLATE6: return 32;
	case EL_XPORT: return 4;
	case EL_PF: return 1;
	default: return 0;
	}
}

static void v3_element(ash_nfcapd_dec *dec, ash_rec *r, uint16_t type,
		       const uint8_t *d, bool *addr, bool *dev)
{
	switch (type) {
	case EL_GENERIC:
		r->t_start = ms_to_us(rd64(d));
		r->t_end = ms_to_us(rd64(d + 8));
		r->have |= ASH_HAVE_END | ASH_HAVE_OPKTS | ASH_HAVE_OBYTES;
		r->opkts = rd64(d + 24);
		r->obytes = rd64(d + 32);
		set_l4(r, d[44], rd16(d + 40), rd16(d + 42), d[45]);
		set_fwd(r, d[46]);
		break;
	case EL_IPV4:
		ip4(&r->src, d);
		ip4(&r->dst, d + 4);
		*addr = true;
		break;
	case EL_IPV6:
		ip6(&r->src, d);
		ip6(&r->dst, d + 16);
		*addr = true;
		break;
	case EL_MISC:
		set_if(&r->in_if, dec->in_if, sizeof dec->in_if, rd32(d));
		set_if(&r->out_if, dec->out_if, sizeof dec->out_if, rd32(d + 4));
		break;
	case EL_CNT:
		r->rpkts = rd64(d + 8);
		r->rbytes = rd64(d + 16);
		r->have |= ASH_HAVE_RPKTS | ASH_HAVE_RBYTES;
		break;
	case EL_RECV4:
	case EL_RECV6: {
		ash_ip ip;
		if (type == EL_RECV4)
			ip4(&ip, d);
		else
			ip6(&ip, d);
		set_device(dec, r, &ip);
		*dev = true;
		break;
	}
	case EL_NSEL: /* u64 event ms, u32 conn id, u16 xevent, u8 event */
		set_fw_event(dec, r, d[14], rd16(d + 12));
		break;
	case EL_XLATE4:
	case EL_XLATE6:
		if (type == EL_XLATE4) {
			ip4(&r->nat_src, d);
			ip4(&r->nat_dst, d + 4);
		} else {
			ip6(&r->nat_src, d);
			ip6(&r->nat_dst, d + 16);
		}
		r->have |= ASH_HAVE_NAT_SRC | ASH_HAVE_NAT_DST;
		break;
	case EL_XPORT:
		r->nat_sport = rd16(d);
		r->nat_dport = rd16(d + 2);
		break;
	case EL_PF: /* pflog action: 0 pass, 1 block */
		r->action = d[0] == 0 ? ASH_ACT_ALLOW : ASH_ACT_DROP;
		break;
	default:
		break;
	}
}

static int decode_v3(ash_nfcapd_dec *dec, const uint8_t *p, size_t n,
		     ash_rec *r, const char **why)
{
	if (n < 12) {
		*why = "V3 record shorter than its header";
		return ASH_NFCAPD_REJECT;
	}
	begin(r);
	unsigned nel = rd16(p + 4);
	size_t off = 12;
	bool generic = false, addr = false, dev = false;
	for (unsigned i = 0; i < nel; i++) {
		if (n - off < 4) {
			*why = "V3 element header beyond the record";
			return ASH_NFCAPD_REJECT;
		}
		uint16_t type = rd16(p + off), len = rd16(p + off + 2);
		if (len < 4 || len > n - off) {
			*why = "V3 element length out of the record";
			return ASH_NFCAPD_REJECT;
		}
		if ((size_t)len - 4 < el_need(type)) {
			snprintf(dec->why, sizeof dec->why,
				 "V3 element %u too short (%u bytes)", (unsigned)type,
				 (unsigned)len);
			*why = dec->why;
			return ASH_NFCAPD_REJECT;
		}
		v3_element(dec, r, type, p + off + 4, &addr, &dev);
		generic |= type == EL_GENERIC;
		off += len;
	}
	if (!generic || !addr) {
		*why = !generic ? "V3 record without generic flow element"
				: "V3 record without address element";
		return ASH_NFCAPD_REJECT;
	}
	const ash_ip *eip = dev ? NULL : exporter_ip(dec, rd16(p + 8));
	if (eip)
		set_device(dec, r, eip);
	return ASH_NFCAPD_RECORD;
}

/* ---- nfdump 1.6: extension maps and common records --------------------- */

/* Size of each optional 1.6 extension; 0xff = reserved/unknown. */
static const uint8_t ext_size[ASH_NFCAPD_NEXT] = {
	0xff, 0xff, 0xff, 0xff, /* 0 common, 1..3 required (never in maps) */
	4, 8, 4, 8, 4, 4, 16, 4, 16, 4, 4, 8, 4, 8, 4, 8, /* 4..19 */
	16, 16, 40, 4, 16, 4, 8, 8,                       /* 20..27 */
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* 28..36 */
	20, 4, 8, 32, 24, 24, 72, 0xff,                   /* 37..44 */
	24, 12, 0, 8                                      /* 45..48 */
};

enum {
	EX_SNMP2 = 4, EX_SNMP4 = 5, EX_OPKT4 = 14, EX_OPKT8 = 15, EX_OBYT4 = 16,
	EX_OBYT8 = 17, EX_ROUTER4 = 23, EX_ROUTER6 = 24, EX_NSEL = 37,
	EX_XPORT = 38, EX_XLATE4 = 39, EX_XLATE6 = 40
};

static void map_build(ash_nfcapd_map *m, const uint8_t *p, size_t n)
{
	memset(m, 0, sizeof *m);
	for (int i = 0; i < ASH_NFCAPD_NEXT; i++)
		m->off[i] = -1;
	m->valid = 1;
	size_t size = 0;
	for (size_t o = 8, k = 0; o + 2 <= n; o += 2, k++) {
		uint16_t id = rd16(p + o);
		if (id == 0)
			break;
		if (k >= ASH_NFCAPD_MAP_IDS || id >= ASH_NFCAPD_NEXT ||
		    ext_size[id] == 0xff || m->off[id] >= 0) {
			m->valid = 0;
			m->bad_id = id > 255 ? 255 : (uint8_t)id;
			return;
		}
		m->off[id] = (int16_t)size;
		size += ext_size[id];
	}
	m->size = (uint16_t)size;
}

static int add_map(ash_nfcapd_dec *dec, const uint8_t *p, size_t n,
		   const char **why)
{
	if (n < 8) {
		*why = "extension map shorter than its header";
		return ASH_NFCAPD_REJECT;
	}
	uint16_t id = rd16(p + 4);
	ash_nfcapd_map ***page = &dec->maps[id >> 8];
	if (!*page)
		*page = ash_calloc(256, sizeof **page);
	ash_nfcapd_map **slot = &(*page)[id & 0xff];
	if (!*slot)
		*slot = ash_malloc(sizeof **slot);
	map_build(*slot, p, n);
	return ASH_NFCAPD_SKIP;
}

static int add_exporter(ash_nfcapd_dec *dec, const uint8_t *p, size_t n)
{
	if (n < 32)
		return ASH_NFCAPD_SKIP;
	uint16_t family = rd16(p + 24), sysid = rd16(p + 26);
	ash_nfcapd_exporter *e = NULL;
	for (size_t i = 0; i < dec->nexp && !e; i++)
		if (dec->exp[i].sysid == sysid)
			e = &dec->exp[i];
	if (!e && dec->nexp < ASH_NFCAPD_EXPORTERS)
		e = &dec->exp[dec->nexp++];
	if (!e)
		return ASH_NFCAPD_SKIP;
	e->sysid = sysid;
	if (family == 2)
		ip4(&e->ip, p + 16);
	else
		ip6(&e->ip, p + 8);
	return ASH_NFCAPD_SKIP;
}

static uint64_t rdn(const uint8_t *p, bool wide)
{
	return wide ? rd64(p) : rd32(p);
}

/* The optional extensions ashiato keeps, at offsets given by map m. */
static void v1_extensions(ash_nfcapd_dec *dec, const ash_nfcapd_map *m,
			  const uint8_t *x, ash_rec *r)
{
	const int16_t *o = m->off;
	if (o[EX_SNMP2] >= 0) {
		set_if(&r->in_if, dec->in_if, sizeof dec->in_if, rd16(x + o[EX_SNMP2]));
		set_if(&r->out_if, dec->out_if, sizeof dec->out_if,
		       rd16(x + o[EX_SNMP2] + 2));
	}
	if (o[EX_SNMP4] >= 0) {
		set_if(&r->in_if, dec->in_if, sizeof dec->in_if, rd32(x + o[EX_SNMP4]));
		set_if(&r->out_if, dec->out_if, sizeof dec->out_if,
		       rd32(x + o[EX_SNMP4] + 4));
	}
	if (o[EX_OPKT4] >= 0 || o[EX_OPKT8] >= 0) {
		r->rpkts = o[EX_OPKT8] >= 0 ? rd64(x + o[EX_OPKT8]) : rd32(x + o[EX_OPKT4]);
		r->have |= ASH_HAVE_RPKTS;
	}
	if (o[EX_OBYT4] >= 0 || o[EX_OBYT8] >= 0) {
		r->rbytes = o[EX_OBYT8] >= 0 ? rd64(x + o[EX_OBYT8]) : rd32(x + o[EX_OBYT4]);
		r->have |= ASH_HAVE_RBYTES;
	}
	if (o[EX_ROUTER4] >= 0 || o[EX_ROUTER6] >= 0) {
		ash_ip ip;
		if (o[EX_ROUTER4] >= 0)
			ip4(&ip, x + o[EX_ROUTER4]);
		else
			ip6(&ip, x + o[EX_ROUTER6]);
		set_device(dec, r, &ip);
	}
	if (o[EX_NSEL] >= 0) /* u64 ms, u32 conn, u16 icmp, u8 event, u8, u16 x */
		set_fw_event(dec, r, x[o[EX_NSEL] + 14], rd16(x + o[EX_NSEL] + 16));
	if (o[EX_XLATE4] >= 0 || o[EX_XLATE6] >= 0) {
		if (o[EX_XLATE4] >= 0) {
			ip4(&r->nat_src, x + o[EX_XLATE4]);
			ip4(&r->nat_dst, x + o[EX_XLATE4] + 4);
		} else {
			ip6(&r->nat_src, x + o[EX_XLATE6]);
			ip6(&r->nat_dst, x + o[EX_XLATE6] + 16);
		}
		r->have |= ASH_HAVE_NAT_SRC | ASH_HAVE_NAT_DST;
	}
	if (o[EX_XPORT] >= 0) {
		r->nat_sport = rd16(x + o[EX_XPORT]);
		r->nat_dport = rd16(x + o[EX_XPORT] + 2);
	}
}

static const ash_nfcapd_map *v1_map(ash_nfcapd_dec *dec, uint16_t id,
				    const char **why)
{
	const ash_nfcapd_map *m = dec->maps[id >> 8] ? dec->maps[id >> 8][id & 0xff] : NULL;
	if (!m || !m->valid) {
		if (!m)
			snprintf(dec->why, sizeof dec->why,
				 "extension map %u not defined before its record",
				 (unsigned)id);
		else
			snprintf(dec->why, sizeof dec->why,
				 "extension map %u holds unknown extension %u",
				 (unsigned)id, (unsigned)m->bad_id);
		*why = dec->why;
		return NULL;
	}
	return m;
}

static int decode_v1(ash_nfcapd_dec *dec, const uint8_t *p, size_t n,
		     ash_rec *r, const char **why)
{
	if (n < 32) {
		*why = "common record shorter than its head";
		return ASH_NFCAPD_REJECT;
	}
	const ash_nfcapd_map *m = v1_map(dec, rd16(p + 6), why);
	if (!m)
		return ASH_NFCAPD_REJECT;
	uint8_t fl = p[4];
	size_t alen = fl & 1 ? 32 : 8, plen = fl & 2 ? 8 : 4, blen = fl & 4 ? 8 : 4;
	if (n - 32 < alen + plen + blen + m->size) {
		*why = "common record shorter than its extension map";
		return ASH_NFCAPD_REJECT;
	}
	begin(r);
	r->t_start = ((int64_t)rd32(p + 12) * 1000 + rd16(p + 8)) * 1000;
	r->t_end = ((int64_t)rd32(p + 16) * 1000 + rd16(p + 10)) * 1000;
	r->have |= ASH_HAVE_END | ASH_HAVE_OPKTS | ASH_HAVE_OBYTES;
	set_l4(r, p[22], rd16(p + 24), rd16(p + 26), p[21]);
	set_fwd(r, p[20]);
	const uint8_t *d = p + 32;
	if (fl & 1) {
		ip6(&r->src, d);
		ip6(&r->dst, d + 16);
	} else {
		ip4(&r->src, d);
		ip4(&r->dst, d + 4);
	}
	r->opkts = rdn(d + alen, plen == 8);
	r->obytes = rdn(d + alen + plen, blen == 8);
	v1_extensions(dec, m, d + alen + plen + blen, r);
	if (!r->device.n) {
		const ash_ip *eip = exporter_ip(dec, rd16(p + 28));
		if (eip)
			set_device(dec, r, eip);
	}
	return ASH_NFCAPD_RECORD;
}

int ash_nfcapd_rec_decode(ash_nfcapd_dec *dec, const uint8_t *p, size_t n,
			  ash_rec *r, const char **why)
{
	switch (rd16(p)) {
	case ASH_NFCAPD_R_V3:
		return decode_v3(dec, p, n, r, why);
	case ASH_NFCAPD_R_COMMON:
		return decode_v1(dec, p, n, r, why);
	case ASH_NFCAPD_R_EXTMAP:
		return add_map(dec, p, n, why);
	case ASH_NFCAPD_R_EXPORTER:
		return add_exporter(dec, p, n);
	case 1:
		*why = "nfdump 1.5 common record (type 1) not supported";
		return ASH_NFCAPD_REJECT;
	default:
		return ASH_NFCAPD_SKIP;
	}
}

void ash_nfcapd_rec_free(ash_nfcapd_dec *dec)
{
	for (size_t i = 0; i < 256; i++) {
		if (!dec->maps[i])
			continue;
		for (size_t k = 0; k < 256; k++)
			free(dec->maps[i][k]);
		free(dec->maps[i]);
		dec->maps[i] = NULL;
	}
}
