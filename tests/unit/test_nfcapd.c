/* SPDX-License-Identifier: MIT */
/* test_nfcapd.c: nfdump's nfcapd files (ingest/nfcapd*.c): files built
 * here byte by byte from the documented layouts (1.6 common records with
 * extension maps, 1.7 V3 records; IPv4/IPv6, NSEL, exporters; every
 * codec), damaged files and their accounting, the sniffer, and the real
 * files of ../shared compared record by record with `nfdump -o csv`
 * (skipped when ../shared or the nfdump command is absent), also after
 * nfdump recompresses them with LZO, LZ4 and BZ2. */
#include "harness.h"

#include <bzlib.h>
#include <lz4.h>
#include <lzo/lzo1x.h>
#include <stdlib.h>
#include <time.h>
#include <zstd.h>

#include "core/xalloc.h"
#include "ingest/input.h"
#include "ingest/nfcapd.h"
#include "ingest/parser.h"

/* ---- a sink that keeps everything ------------------------------------- */

typedef struct got {
	ash_rec *r;
	char (*dev)[48];
	char (*in_if)[16];
	char (*note)[32];
	size_t n, cap;
	size_t nrej;
	char why[128];  /* first reject reason */
	uint64_t where; /* and its offset */
	ash_units u;
	int rc;
} got;

static void copy_str(char *dst, size_t cap, ash_str s)
{
	size_t k = s.n < cap - 1 ? s.n : cap - 1;
	memcpy(dst, s.p ? s.p : "", k);
	dst[k] = 0;
}

static int g_record(void *ctx, const ash_rec *r, ash_err *err)
{
	(void)err;
	got *g = ctx;
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 64;
		g->r = ash_reallocarray(g->r, g->cap, sizeof *g->r);
		g->dev = ash_reallocarray(g->dev, g->cap, sizeof *g->dev);
		g->in_if = ash_reallocarray(g->in_if, g->cap, sizeof *g->in_if);
		g->note = ash_reallocarray(g->note, g->cap, sizeof *g->note);
	}
	g->r[g->n] = *r;
	copy_str(g->dev[g->n], sizeof g->dev[0], r->device);
	copy_str(g->in_if[g->n], sizeof g->in_if[0], r->in_if);
	copy_str(g->note[g->n], sizeof g->note[0], r->note);
	g->n++;
	return 0;
}

static int g_reject(void *ctx, uint64_t where, const char *why, const void *raw,
		    size_t n, ash_err *err)
{
	(void)raw, (void)n, (void)err;
	got *g = ctx;
	if (!g->nrej++) {
		snprintf(g->why, sizeof g->why, "%s", why);
		g->where = where;
	}
	return 0;
}

static void got_free(got *g)
{
	free(g->r);
	free(g->dev);
	free(g->in_if);
	free(g->note);
	memset(g, 0, sizeof *g);
}

/* Decode path into g; accounting is checked for every file. */
static void run_path(const char *path, got *g)
{
	memset(g, 0, sizeof *g);
	ash_input *in = NULL;
	ash_err err = {0};
	g->rc = ash_input_open(path, &in, &err);
	if (g->rc)
		return;
	void *st = ash_nfcapd_parser.open(NULL);
	ash_sink sink = {.ctx = g, .record = g_record, .reject = g_reject};
	g->rc = ash_nfcapd_parser.run(st, in, &sink, &g->u, &err);
	ash_nfcapd_parser.close(st);
	ash_input_close(in);
	CHECK_INT(g->u.read, g->u.used + g->u.rejected + g->u.skipped);
	CHECK_INT(g->u.used, g->n);
	CHECK_INT(g->u.rejected, g->nrej);
}

/* ---- building files --------------------------------------------------- */

typedef struct wb {
	uint8_t *p;
	size_t n, cap;
} wb;

static void put(wb *b, const void *d, size_t n)
{
	ash_grow((void **)&b->p, &b->cap, b->n + n, 1);
	memcpy(b->p + b->n, d, n);
	b->n += n;
}

static void p8(wb *b, unsigned v)
{
	uint8_t c = (uint8_t)v;
	put(b, &c, 1);
}

static void p16(wb *b, unsigned v)
{
	p8(b, v & 0xff);
	p8(b, (v >> 8) & 0xff);
}

static void p32(wb *b, uint32_t v)
{
	p16(b, v & 0xffff);
	p16(b, v >> 16);
}

static void p64(wb *b, uint64_t v)
{
	p32(b, (uint32_t)v);
	p32(b, (uint32_t)(v >> 32));
}

static void pz(wb *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p8(b, 0);
}

static void set16(wb *b, size_t at, unsigned v)
{
	b->p[at] = (uint8_t)v;
	b->p[at + 1] = (uint8_t)(v >> 8);
}

/* An IPv6 address as nfdump keeps it: two host-order u64. */
static void p6(wb *b, const char *text)
{
	ash_ip ip;
	ash_ip_parse(text, strlen(text), &ip);
	for (int h = 0; h < 2; h++) {
		uint64_t v = 0;
		for (int i = 0; i < 8; i++)
			v = v << 8 | ip.b[8 * h + i];
		p64(b, v);
	}
}

static uint32_t v4(const char *text)
{
	ash_ip ip;
	ash_ip_parse(text, strlen(text), &ip);
	return ash_ip_v4(&ip);
}

static void v2_header(wb *f, int codec)
{
	p16(f, 0xA50C);
	p16(f, 2);
	p32(f, 0x01070100);
	p64(f, 1700000000);
	p8(f, (unsigned)codec);
	p8(f, 0);
	p16(f, 0);
	p32(f, 0);
	p64(f, 0);
	p32(f, 0);
	p32(f, 1);
}

static void v1_header(wb *f, uint32_t flags)
{
	p16(f, 0xA50C);
	p16(f, 1);
	p32(f, flags);
	p32(f, 1);
	put(f, "test", 4);
	pz(f, 124 + ASH_NFCAPD_V1_STAT);
}

static size_t compress_block(int codec, const wb *in, uint8_t *out, size_t cap)
{
	switch (codec) {
	case ASH_NFCAPD_LZ4:
		return (size_t)LZ4_compress_default((const char *)in->p, (char *)out,
						    (int)in->n, (int)cap);
	case ASH_NFCAPD_LZO: {
		static lzo_align_t mem[(LZO1X_1_MEM_COMPRESS + sizeof(lzo_align_t) - 1) /
				       sizeof(lzo_align_t)];
		lzo_uint len = cap;
		lzo_init();
		lzo1x_1_compress(in->p, in->n, out, &len, mem);
		return len;
	}
	case ASH_NFCAPD_BZ2: {
		unsigned int len = (unsigned int)cap;
		BZ2_bzBuffToBuffCompress((char *)out, &len, (char *)in->p,
					 (unsigned int)in->n, 1, 0, 0);
		return len;
	}
	case ASH_NFCAPD_ZSTD:
		return ZSTD_compress(out, cap, in->p, in->n, 3);
	default:
		memcpy(out, in->p, in->n);
		return in->n;
	}
}

/* Append records (nrec of them) as one block of type btype. */
static void block(wb *f, const wb *recs, uint32_t nrec, int codec, int btype)
{
	size_t cap = recs->n * 2 + 1024;
	uint8_t *buf = ash_malloc(cap);
	size_t n = compress_block(codec, recs, buf, cap);
	p32(f, nrec);
	p32(f, (uint32_t)n);
	p16(f, (unsigned)btype);
	p16(f, 0);
	put(f, buf, n);
	free(buf);
}

static const char *write_file(const wb *f, const char *name)
{
	static char path[4][512];
	static int k;
	char *p = path[k++ % 4];
	snprintf(p, sizeof path[0], "%s/%s", ash_test_tmpdir(), name);
	FILE *fp = fopen(p, "wb");
	if (fp) {
		fwrite(f->p, 1, f->n, fp);
		fclose(fp);
	}
	return p;
}

/* A V3 record: generic + IPv4 or IPv6 + counters out + misc + router. */
typedef struct v3spec {
	uint64_t first_ms, last_ms, pkts, bytes, opkts, obytes;
	const char *src4, *dst4, *src6, *dst6, *router4;
	uint16_t sport, dport;
	uint8_t proto, flags, fwd, fw_event;
	uint16_t fw_xevent;
	uint32_t in_if, out_if;
	const char *nat_src4, *nat_dst4;
	uint16_t nat_sport, nat_dport;
} v3spec;

static void v3_record(wb *b, const v3spec *s)
{
	size_t at = b->n;
	unsigned nel = 0;
	p16(b, 11);
	p16(b, 0);
	p16(b, 0);
	p8(b, 0);
	p8(b, 0);
	p16(b, 1);
	p8(b, 0);
	p8(b, 9);
	p16(b, 1), p16(b, 52), nel++;
	p64(b, s->first_ms), p64(b, s->last_ms), p64(b, 0);
	p64(b, s->pkts), p64(b, s->bytes);
	p16(b, s->sport), p16(b, s->dport);
	p8(b, s->proto), p8(b, s->flags), p8(b, s->fwd), p8(b, 0);
	if (s->src4) {
		p16(b, 2), p16(b, 12), nel++;
		p32(b, v4(s->src4)), p32(b, v4(s->dst4));
	} else if (s->src6) {
		p16(b, 3), p16(b, 36), nel++;
		p6(b, s->src6), p6(b, s->dst6);
	}
	if (s->in_if || s->out_if) {
		p16(b, 4), p16(b, 20), nel++;
		p32(b, s->in_if), p32(b, s->out_if), pz(b, 8);
	}
	if (s->opkts || s->obytes) {
		p16(b, 5), p16(b, 28), nel++;
		p64(b, 1), p64(b, s->opkts), p64(b, s->obytes);
	}
	if (s->router4) {
		p16(b, 12), p16(b, 8), nel++;
		p32(b, v4(s->router4));
	}
	if (s->fw_event) {
		p16(b, 19), p16(b, 20), nel++;
		p64(b, s->first_ms), p32(b, 7), p16(b, s->fw_xevent), p8(b, s->fw_event), p8(b, 0);
	}
	if (s->nat_src4) {
		p16(b, 20), p16(b, 12), nel++;
		p32(b, v4(s->nat_src4)), p32(b, v4(s->nat_dst4));
		p16(b, 22), p16(b, 8), nel++;
		p16(b, s->nat_sport), p16(b, s->nat_dport);
	}
	set16(b, at + 2, (unsigned)(b->n - at));
	set16(b, at + 4, nel);
}

static const v3spec tcp4 = {
	.first_ms = 1700000000123ull, .last_ms = 1700000005456ull,
	.pkts = 10, .bytes = 5000000000ull, .opkts = 7, .obytes = 900,
	.src4 = "192.0.2.10", .dst4 = "198.51.100.7", .sport = 51000,
	.dport = 443, .proto = 6, .flags = 0x1b, .fwd = 0x40, .in_if = 3,
	.out_if = 4, .router4 = "203.0.113.1",
};

static const v3spec icmp6 = {
	.first_ms = 1700000001000ull, .last_ms = 1700000001000ull, .pkts = 1,
	.bytes = 104, .src6 = "2001:db8::1", .dst6 = "2001:db8:ffff::2",
	.dport = 128 << 8, .proto = 58,
};

static const v3spec nsel_deny = {
	.first_ms = 1700000002000ull, .last_ms = 1700000002000ull, .pkts = 1,
	.bytes = 60, .src4 = "10.0.0.5", .dst4 = "10.9.9.9", .sport = 1234,
	.dport = 22, .proto = 6, .flags = 0x02, .fw_event = 3, .fw_xevent = 1001,
	.nat_src4 = "192.0.2.99", .nat_dst4 = "10.9.9.9", .nat_sport = 40000,
	.nat_dport = 22,
};

static bool ip_is(const ash_ip *ip, const char *want)
{
	char buf[ASH_IP_STRLEN];
	ash_ip_format(ip, buf);
	return !strcmp(buf, want);
}

/* Three V3 records of every kind, in one block of the given codec. */
static void three_v3(wb *f, int codec)
{
	wb recs = {0};
	v3_record(&recs, &tcp4);
	v3_record(&recs, &icmp6);
	v3_record(&recs, &nsel_deny);
	v2_header(f, codec);
	block(f, &recs, 3, codec, 3);
	free(recs.p);
}

static void check_three(const got *g)
{
	CHECK_INT(g->rc, 0);
	CHECK_INT(g->n, 3);
	CHECK_INT(g->nrej, 0);
	if (g->n != 3)
		return;
	const ash_rec *r = &g->r[0];
	CHECK_INT(r->format, ASH_FMT_NFCAPD);
	CHECK_INT(r->t_start, 1700000000123000ll);
	CHECK_INT(r->t_end, 1700000005456000ll);
	CHECK(ip_is(&r->src, "192.0.2.10"));
	CHECK(ip_is(&r->dst, "198.51.100.7"));
	CHECK_INT(r->sport, 51000);
	CHECK_INT(r->dport, 443);
	CHECK_INT(r->proto, 6);
	CHECK_INT(r->tcp_flags, 0x1b);
	CHECK_INT(r->obytes, 5000000000ll);
	CHECK_INT(r->opkts, 10);
	CHECK_INT(r->rbytes, 900);
	CHECK_INT(r->rpkts, 7);
	CHECK_INT(r->action, ASH_ACT_ALLOW);
	CHECK(r->have & ASH_HAVE_RBYTES);
	CHECK_STR(g->dev[0], "203.0.113.1");
	CHECK_STR(g->in_if[0], "3");
	CHECK_STR(g->note[0], "");
	CHECK(!(r->have & ASH_HAVE_SAMPLING));
	r = &g->r[1];
	CHECK(ip_is(&r->src, "2001:db8::1"));
	CHECK(ip_is(&r->dst, "2001:db8:ffff::2"));
	CHECK_INT(r->proto, 58);
	CHECK_INT(r->dport, 128 << 8);
	CHECK(!(r->have & ASH_HAVE_SPORT));
	CHECK(!(r->have & ASH_HAVE_FLAGS));
	CHECK(!(r->have & ASH_HAVE_RBYTES));
	CHECK_INT(r->action, ASH_ACT_UNKNOWN);
	CHECK_STR(g->dev[1], "");
	r = &g->r[2];
	CHECK_INT(r->action, ASH_ACT_DENY);
	CHECK_STR(g->note[2], "deny 1001"); /* NSEL event and extended event */
	CHECK(ip_is(&r->nat_src, "192.0.2.99"));
	CHECK(r->have & ASH_HAVE_NAT_SRC);
	CHECK_INT(r->nat_sport, 40000);
}

TEST(nfcapd_v2_every_codec)
{
	const int codecs[] = {ASH_NFCAPD_NONE, ASH_NFCAPD_LZO, ASH_NFCAPD_BZ2,
			      ASH_NFCAPD_LZ4, ASH_NFCAPD_ZSTD};
	for (size_t i = 0; i < sizeof codecs / sizeof codecs[0]; i++) {
		wb f = {0};
		three_v3(&f, codecs[i]);
		got g;
		run_path(write_file(&f, "codec.nfcapd"), &g);
		check_three(&g);
		CHECK_INT(g.u.read, 3);
		got_free(&g);
		free(f.p);
	}
}

/* Blocks that inflate past the first output buffer (256 KiB) to over
 * 1 MiB: the reader grows its buffer and loses nothing. */
TEST(nfcapd_large_blocks)
{
	const int codecs[] = {ASH_NFCAPD_LZO, ASH_NFCAPD_BZ2, ASH_NFCAPD_LZ4,
			      ASH_NFCAPD_ZSTD};
	wb recs = {0};
	uint32_t nrec = 0;
	while (recs.n < (1u << 20) + 4096) {
		v3spec s = tcp4;
		s.sport = (uint16_t)nrec;
		s.bytes = nrec;
		v3_record(&recs, &s);
		nrec++;
	}
	for (size_t i = 0; i < sizeof codecs / sizeof codecs[0]; i++) {
		wb f = {0};
		v2_header(&f, codecs[i]);
		block(&f, &recs, nrec, codecs[i], 3);
		block(&f, &recs, 10, codecs[i], 3);
		got g;
		run_path(write_file(&f, "large.nfcapd"), &g);
		CHECK_INT(g.nrej, 0);
		CHECK_INT(g.n, nrec + 10);
		if (g.n == nrec + 10) {
			CHECK_INT(g.r[nrec - 1].sport, (uint16_t)(nrec - 1));
			CHECK_INT(g.r[nrec - 1].obytes, nrec - 1);
		}
		got_free(&g);
		free(f.p);
	}
	free(recs.p);
}

TEST(nfcapd_sniff)
{
	wb f = {0};
	three_v3(&f, ASH_NFCAPD_NONE);
	CHECK_INT(ash_nfcapd_parser.sniff((const char *)f.p, f.n), 100);
	CHECK_INT(ash_nfcapd_parser.sniff((const char *)f.p, 3), 0);
	int score = 0;
	CHECK(ash_parser_sniff((const char *)f.p, f.n, &score) == &ash_nfcapd_parser);
	f.p[2] = 3; /* layout 3 does not exist */
	CHECK_INT(ash_nfcapd_parser.sniff((const char *)f.p, f.n), 0);
	const char *text = "Mar 11 20:35:11 host kernel: hello\n";
	CHECK_INT(ash_nfcapd_parser.sniff(text, strlen(text)), 0);
	free(f.p);
}

/* 1.6: exporter record, extension map, IPv4 and IPv6 common records with
 * 4- and 8-byte counters and optional extensions. */
static void v1_records(wb *r)
{
	/* exporter: version 9, 192.0.2.250, AF_INET, sysid 1 */
	p16(r, 7), p16(r, 32), p32(r, 9), pz(r, 8), p32(r, v4("192.0.2.250")),
		pz(r, 4), p16(r, 2), p16(r, 1), p32(r, 0);
	/* map 0: IO_SNMP_4, OUT_PKG_8, OUT_BYTES_4, NSEL xlate ports, pad */
	p16(r, 2), p16(r, 20), p16(r, 0), p16(r, 8 + 8 + 4 + 4);
	p16(r, 5), p16(r, 15), p16(r, 16), p16(r, 38), p16(r, 0), p16(r, 0);
	/* IPv4, 4-byte counters */
	size_t at = r->n;
	p16(r, 10), p16(r, 0), p8(r, 0), p8(r, 5), p16(r, 0);
	p16(r, 250), p16(r, 999), p32(r, 1515771450), p32(r, 1515771452);
	p8(r, 0), p8(r, 0x12), p8(r, 6), p8(r, 0), p16(r, 52324), p16(r, 902);
	p16(r, 1), p8(r, 0), p8(r, 0);
	p32(r, v4("147.32.80.119")), p32(r, v4("147.32.82.62"));
	p32(r, 3), p32(r, 180);
	p32(r, 2), p32(r, 5), p64(r, 4), p32(r, 400), p16(r, 1000), p16(r, 2000);
	set16(r, at + 2, (unsigned)(r->n - at));
	/* IPv6, 8-byte counters, UDP */
	at = r->n;
	p16(r, 10), p16(r, 0), p8(r, 1 | 2 | 4), p8(r, 9), p16(r, 0);
	p16(r, 0), p16(r, 0), p32(r, 1515771460), p32(r, 1515771460);
	p8(r, 0x80), p8(r, 0), p8(r, 17), p8(r, 0), p16(r, 5353), p16(r, 53);
	p16(r, 1), p8(r, 0), p8(r, 0);
	p6(r, "fe80::1"), p6(r, "ff02::fb");
	p64(r, 6000000000ull), p64(r, 7000000000ull);
	p32(r, 0), p32(r, 0), p64(r, 0), p32(r, 0), p32(r, 0);
	set16(r, at + 2, (unsigned)(r->n - at));
}

TEST(nfcapd_v1_common_records)
{
	const uint32_t flags[] = {0, 0x1, 0x8, 0x10};
	const int codec[] = {ASH_NFCAPD_NONE, ASH_NFCAPD_LZO, ASH_NFCAPD_BZ2,
			     ASH_NFCAPD_LZ4};
	for (size_t i = 0; i < 4; i++) {
		wb f = {0}, r = {0};
		v1_records(&r);
		v1_header(&f, flags[i]);
		block(&f, &r, 4, codec[i], 2);
		got g;
		run_path(write_file(&f, "v1.nfdump"), &g);
		CHECK_INT(g.rc, 0);
		CHECK_INT(g.n, 2);
		CHECK_INT(g.u.skipped, 2);
		if (g.n == 2) {
			const ash_rec *a = &g.r[0], *b = &g.r[1];
			CHECK_INT(a->t_start, 1515771450250000ll);
			CHECK_INT(a->t_end, 1515771452999000ll);
			CHECK(ip_is(&a->src, "147.32.80.119"));
			CHECK_INT(a->sport, 52324);
			CHECK_INT(a->dport, 902);
			CHECK_INT(a->tcp_flags, 0x12);
			CHECK_INT(a->opkts, 3);
			CHECK_INT(a->obytes, 180);
			CHECK_INT(a->rpkts, 4);
			CHECK_INT(a->rbytes, 400);
			CHECK_INT(a->nat_sport, 1000);
			CHECK_STR(g.in_if[0], "2");
			CHECK_STR(g.dev[0], "192.0.2.250"); /* from the exporter */
			CHECK(ip_is(&b->src, "fe80::1"));
			CHECK(ip_is(&b->dst, "ff02::fb"));
			CHECK_INT(b->opkts, 6000000000ll);
			CHECK_INT(b->obytes, 7000000000ll);
			CHECK_INT(b->proto, 17);
			CHECK_INT(b->action, ASH_ACT_DROP);
			CHECK(!(b->have & ASH_HAVE_FLAGS));
		}
		got_free(&g);
		free(f.p);
		free(r.p);
	}
}

TEST(nfcapd_v1_bad_maps)
{
	wb f = {0}, r = {0};
	v1_records(&r);
	/* redefine map 0 with reserved extension 30: later records rejected */
	p16(&r, 2), p16(&r, 12), p16(&r, 0), p16(&r, 0), p16(&r, 30), p16(&r, 0);
	size_t from = 32 + 20; /* first common record */
	size_t len = r.p[from + 2] | r.p[from + 3] << 8;
	uint8_t copy[128];
	CHECK(len <= sizeof copy);
	memcpy(copy, r.p + from, len < sizeof copy ? len : sizeof copy);
	put(&r, copy, len);
	/* a record naming map 7, never defined */
	size_t at = r.n;
	put(&r, copy, len);
	set16(&r, at + 6, 7);
	v1_header(&f, 0);
	block(&f, &r, 7, ASH_NFCAPD_NONE, 2);
	got g;
	run_path(write_file(&f, "v1bad.nfdump"), &g);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.nrej, 2);
	CHECK(strstr(g.why, "unknown extension 30") != NULL);
	CHECK_INT(g.u.read, 7);
	got_free(&g);
	free(f.p);
	free(r.p);
}

/* Damage of every kind: the good records around it stay. */
TEST(nfcapd_damaged_records)
{
	wb f = {0}, recs = {0};
	v3_record(&recs, &tcp4);
	/* element that claims 200 bytes */
	size_t at = recs.n, second = at;
	v3_record(&recs, &tcp4);
	set16(&recs, at + 14, 200);
	/* generic element too short: length 20 */
	at = recs.n;
	p16(&recs, 11), p16(&recs, 12 + 20), p16(&recs, 1), pz(&recs, 6);
	p16(&recs, 1), p16(&recs, 20), pz(&recs, 16);
	/* no address element */
	at = recs.n;
	p16(&recs, 11), p16(&recs, 12 + 52), p16(&recs, 1), pz(&recs, 6);
	p16(&recs, 1), p16(&recs, 52), pz(&recs, 48);
	/* a stat-like record of unknown type: skipped */
	p16(&recs, 0x8002), p16(&recs, 8), p32(&recs, 0);
	v3_record(&recs, &icmp6);
	v2_header(&f, ASH_NFCAPD_NONE);
	block(&f, &recs, 6, ASH_NFCAPD_NONE, 3);
	got g;
	run_path(write_file(&f, "dmg.nfcapd"), &g);
	CHECK_INT(g.rc, 0);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.nrej, 3);
	CHECK_INT(g.u.skipped, 1);
	CHECK(strstr(g.why, "length") != NULL);
	CHECK_INT(g.where, ASH_NFCAPD_V2_HEADER + ASH_NFCAPD_BLOCK_HEADER + second);
	if (g.n == 2)
		CHECK_INT(g.r[0].src_line, ASH_NFCAPD_V2_HEADER + ASH_NFCAPD_BLOCK_HEADER);
	got_free(&g);
	(void)at;
	free(f.p);
	free(recs.p);
}

TEST(nfcapd_damaged_blocks)
{
	wb recs = {0};
	v3_record(&recs, &tcp4);
	/* 1: record size 0 in the middle: rest of that block is one reject */
	wb f = {0};
	v2_header(&f, ASH_NFCAPD_NONE);
	wb bad = {0};
	put(&bad, recs.p, recs.n);
	p16(&bad, 11), p16(&bad, 0), pz(&bad, 20);
	block(&f, &bad, 3, ASH_NFCAPD_NONE, 3);
	block(&f, &recs, 1, ASH_NFCAPD_NONE, 3);
	got g;
	run_path(write_file(&f, "b1.nfcapd"), &g);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.nrej, 1);
	got_free(&g);
	free(f.p);
	/* 2: a corrupt LZ4 block between two good ones */
	memset(&f, 0, sizeof f);
	v2_header(&f, ASH_NFCAPD_LZ4);
	block(&f, &recs, 1, ASH_NFCAPD_LZ4, 3);
	p32(&f, 1), p32(&f, 16), p16(&f, 3), p16(&f, 0);
	for (int i = 0; i < 16; i++)
		p8(&f, 0xf0);
	block(&f, &recs, 1, ASH_NFCAPD_LZ4, 3);
	run_path(write_file(&f, "b2.nfcapd"), &g);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.nrej, 1);
	CHECK(strstr(g.why, "lz4") != NULL);
	got_free(&g);
	/* 3: the file cut in the middle of its last block */
	f.n -= 5;
	run_path(write_file(&f, "b3.nfcapd"), &g);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.nrej, 2);
	got_free(&g);
	/* 4: a block header claiming 2 GiB: one reject, reading stops */
	f.n = ASH_NFCAPD_V2_HEADER;
	p32(&f, 1), p32(&f, 0x80000000u), p16(&f, 3), p16(&f, 0);
	block(&f, &recs, 1, ASH_NFCAPD_LZ4, 3);
	run_path(write_file(&f, "b4.nfcapd"), &g);
	CHECK_INT(g.n, 0);
	CHECK_INT(g.nrej, 1);
	CHECK(strstr(g.why, "cap") != NULL);
	got_free(&g);
	/* 5: unknown block type 4; cut block header */
	f.n = ASH_NFCAPD_V2_HEADER;
	block(&f, &recs, 1, ASH_NFCAPD_LZ4, 4);
	block(&f, &recs, 1, ASH_NFCAPD_LZ4, 3);
	p32(&f, 1);
	run_path(write_file(&f, "b5.nfcapd"), &g);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.nrej, 2);
	got_free(&g);
	/* 6: header only: nothing at all */
	f.n = ASH_NFCAPD_V2_HEADER;
	run_path(write_file(&f, "b6.nfcapd"), &g);
	CHECK_INT(g.rc, 0);
	CHECK_INT(g.u.read, 0);
	got_free(&g);
	free(f.p);
	free(bad.p);
	free(recs.p);
}

TEST(nfcapd_bad_headers)
{
	wb f = {0};
	three_v3(&f, ASH_NFCAPD_NONE);
	got g;
	f.p[16] = 9; /* compression 9 */
	run_path(write_file(&f, "h1.nfcapd"), &g);
	CHECK_INT(g.rc, ASH_EFORMAT);
	got_free(&g);
	f.p[16] = 0;
	f.p[17] = 1; /* encrypted */
	run_path(write_file(&f, "h2.nfcapd"), &g);
	CHECK_INT(g.rc, ASH_EFORMAT);
	got_free(&g);
	f.p[17] = 0;
	f.n = 30; /* cut header */
	run_path(write_file(&f, "h3.nfcapd"), &g);
	CHECK_INT(g.rc, ASH_EFORMAT);
	got_free(&g);
	f.p[0] = 0xA5, f.p[1] = 0x0C; /* big-endian magic */
	run_path(write_file(&f, "h4.nfcapd"), &g);
	CHECK_INT(g.rc, ASH_EFORMAT);
	got_free(&g);
	wb v1 = {0};
	v1_header(&v1, 0x1 | 0x10); /* LZO and LZ4 at once */
	run_path(write_file(&v1, "h5.nfcapd"), &g);
	CHECK_INT(g.rc, ASH_EFORMAT);
	got_free(&g);
	free(v1.p);
	free(f.p);
}

/* ---- real files against nfdump -o csv --------------------------------- */

static bool have_nfdump(void)
{
	return system("nfdump -V >/dev/null 2>&1") == 0;
}

static void fmt_time(int64_t us, char *buf, size_t cap)
{
	time_t t = (time_t)(us / 1000000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm);
}

static const char *proto_text(int p, char *buf)
{
	switch (p) {
	case 1: return "ICMP";
	case 6: return "TCP";
	case 17: return "UDP";
	case 47: return "GRE";
	case 58: return "ICMP6";
	default: snprintf(buf, 8, "%d", p); return buf;
	}
}

/* nfdump's flag string "CEUAPRSF", '.' for a clear bit. */
static void flag_text(int f, char *buf)
{
	const char *l = "CEUAPRSF";
	for (int i = 0; i < 8; i++)
		buf[i] = f & (0x80 >> i) ? l[i] : '.';
	buf[8] = 0;
}

/* Compare record i with one csv line; returns the number of mismatches
 * and names the first one in *what. */
static int compare_line(const got *g, size_t i, char *line, const char **what)
{
	char *f[48];
	int nf = 0;
	for (char *s = line; nf < 48; nf++) {
		f[nf] = s;
		char *c = strchr(s, ',');
		if (!c) {
			nf++;
			break;
		}
		*c = 0;
		s = c + 1;
	}
	if (nf < 45) {
		*what = "csv fields";
		return 1;
	}
	const ash_rec *r = &g->r[i];
	char buf[64], pb[8];
	int bad = 0;
#define CMP(cond, name) do { if (!(cond)) { if (!bad) *what = name; bad++; } } while (0)
	fmt_time(r->t_start, buf, sizeof buf);
	CMP(!strcmp(buf, f[0]), "ts");
	fmt_time(r->t_end, buf, sizeof buf);
	CMP(!strcmp(buf, f[1]), "te");
	long long ms = (r->t_end - r->t_start) / 1000;
	snprintf(buf, sizeof buf, "%lld.%03lld", ms / 1000, ms % 1000);
	CMP(!strcmp(buf, f[2]), "td");
	ash_ip_format(&r->src, buf);
	CMP(!strcmp(buf, f[3]), "sa");
	ash_ip_format(&r->dst, buf);
	CMP(!strcmp(buf, f[4]), "da");
	if (r->have & ASH_HAVE_SPORT)
		CMP(r->sport == atoi(f[5]), "sp");
	if (r->have & ASH_HAVE_DPORT)
		CMP(r->dport == atoi(f[6]), "dp");
	CMP(!strcmp(proto_text(r->proto, pb), f[7]), "pr");
	if (r->proto == 6) {
		flag_text(r->tcp_flags, buf);
		CMP(!strcmp(buf, f[8]), "flg");
	}
	CMP(r->opkts == strtoull(f[11], NULL, 10), "ipkt");
	CMP(r->obytes == strtoull(f[12], NULL, 10), "ibyt");
	CMP(r->rpkts == strtoull(f[13], NULL, 10), "opkt");
	CMP(r->rbytes == strtoull(f[14], NULL, 10), "obyt");
	CMP(strtoul(g->in_if[i], NULL, 10) == strtoul(f[15], NULL, 10), "in");
	CMP(!strcmp(g->dev[i][0] ? g->dev[i] : "0.0.0.0", f[44]), "ra");
#undef CMP
	return bad;
}

/* Every record of path against `nfdump -r path -o csv`; returns records. */
static size_t compare_nfdump(const char *path, const got *g)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "TZ=UTC nfdump -q -N -r '%s' -o csv 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	CHECK(p != NULL);
	if (!p)
		return 0;
	char line[4096];
	size_t i = 0, bad = 0;
	while (fgets(line, sizeof line, p)) {
		line[strcspn(line, "\n")] = 0;
		if (!line[0])
			continue;
		const char *what = NULL;
		if (i < g->n && compare_line(g, i, line, &what) && bad++ < 3)
			ash_test_fail(__FILE__, __LINE__, "%s record %zu: %s differs",
				      path, i, what);
		i++;
	}
	pclose(p);
	CHECK_INT(i, g->n);
	CHECK_INT(bad, 0);
	return i;
}

static const char *const softflowd[] = {
	"amp-dns-rrsig.v9.nfcapd", "amp-snmp.ipfix.nfcapd",
	"beacon-test-cc-1.ipfix.nfcapd", "beacon-test-cc-1.v5.nfcapd",
	"beacon-test-cc-1.v9.nfcapd", "synflood-spoofed.v9.nfcapd",
};
static const size_t softflowd_flows[] = {414, 4294, 594, 594, 594, 37669};

TEST(nfcapd_real_files_match_nfdump)
{
	const char *d = ash_test_shared("data/derived-netflow-softflowd/nfcapd");
	if (!d || !have_nfdump()) {
		ash_test_skip(d ? "nfdump command not installed"
			      : "../shared/data/derived-netflow-softflowd absent");
		return;
	}
	for (size_t i = 0; i < 6; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", d, softflowd[i]);
		got g;
		run_path(path, &g);
		CHECK_INT(g.rc, 0);
		CHECK_INT(g.nrej, 0);
		CHECK_INT(g.n, softflowd_flows[i]);
		compare_nfdump(path, &g);
		got_free(&g);
	}
}

TEST(nfcapd_v1_real_file_matches_nfdump)
{
	const char *p = ash_test_shared("data/stratosphere-slips/test1-malicious.nfdump");
	if (!p || !have_nfdump()) {
		ash_test_skip(p ? "nfdump command not installed"
			      : "../shared/data/stratosphere-slips absent");
		return;
	}
	got g;
	run_path(p, &g);
	CHECK_INT(g.rc, 0);
	CHECK_INT(g.nrej, 0);
	CHECK_INT(g.n, 4593); /* SOURCE.md */
	compare_nfdump(p, &g);
	got_free(&g);
}

static bool same_flows(const got *a, const got *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const ash_rec *x = &a->r[i], *y = &b->r[i];
		if (x->t_start != y->t_start || x->t_end != y->t_end ||
		    !ash_ip_eq(&x->src, &y->src) || !ash_ip_eq(&x->dst, &y->dst) ||
		    x->sport != y->sport || x->dport != y->dport ||
		    x->proto != y->proto || x->tcp_flags != y->tcp_flags ||
		    x->opkts != y->opkts || x->obytes != y->obytes ||
		    x->rpkts != y->rpkts || x->rbytes != y->rbytes ||
		    strcmp(a->dev[i], b->dev[i]))
			return false;
	}
	return true;
}

/* nfdump -w rewrites a file with LZO (-z), LZ4 (-y), BZ2 (-j): the same
 * flows come out, and a 1.6 file rewritten as 1.7 decodes alike. */
TEST(nfcapd_nfdump_recompressed)
{
	char path[1024], v1[1024]; /* ash_test_shared returns a static buffer */
	const char *d = ash_test_shared("data/derived-netflow-softflowd/nfcapd");
	if (d)
		snprintf(path, sizeof path, "%s/amp-dns-rrsig.v9.nfcapd", d);
	const char *p1 = ash_test_shared("data/stratosphere-slips/test1-malicious.nfdump");
	if (p1)
		snprintf(v1, sizeof v1, "%s", p1);
	if (!d || !p1 || !have_nfdump()) {
		ash_test_skip("../shared data or nfdump command absent");
		return;
	}
	const char *srcs[2];
	srcs[0] = path;
	srcs[1] = v1;
	const char opt[3] = {'z', 'y', 'j'};
	const int codec[3] = {ASH_NFCAPD_LZO, ASH_NFCAPD_LZ4, ASH_NFCAPD_BZ2};
	for (int s = 0; s < 2; s++) {
		got ref;
		run_path(srcs[s], &ref);
		for (int k = 0; k < 3; k++) {
			char out[1024], cmd[2600];
			snprintf(out, sizeof out, "%s/re_%d_%c.nfcapd", ash_test_tmpdir(), s,
				 opt[k]);
			snprintf(cmd, sizeof cmd, "nfdump -r '%s' -%c -w '%s' >/dev/null 2>&1",
				 srcs[s], opt[k], out);
			CHECK_INT(system(cmd), 0);
			FILE *fp = fopen(out, "rb");
			uint8_t h[40] = {0};
			if (fp) {
				CHECK_INT(fread(h, 1, sizeof h, fp), sizeof h);
				fclose(fp);
			}
			CHECK_INT(h[2], 2);
			CHECK_INT(h[16], codec[k]);
			got g;
			run_path(out, &g);
			CHECK_INT(g.nrej, 0);
			CHECK(same_flows(&ref, &g));
			got_free(&g);
		}
		got_free(&ref);
	}
}
