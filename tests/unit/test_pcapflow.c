/* SPDX-License-Identifier: MIT */
/* test_pcapflow.c: the "pcap" format (ingest/pcapflow.c + flowtable.c)
 * on captures written in the test with libpcap's pcap_dump (and a
 * pcapng built by hand): flow keys and directions, TCP state, every
 * timeout, fragments, VLANs, ICMP, the live-flow cap, truncation,
 * accounting, compression; then the real captures of ../shared. */
#include "harness.h"

#include <pcap/pcap.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "ingest/input.h"
#include "ingest/pcapflow.h"
#include "test_pkt_frames.h"

#define MAXREC 64

typedef struct run {
	ash_rec r[MAXREC];
	char in_if[MAXREC][16], device[MAXREC][64];
	size_t n;           /* records seen (only MAXREC kept) */
	uint64_t dirs;      /* directions with packets, as NetFlow counts */
	uint64_t bytes, pkts;
	size_t nrej;
	char why[256];      /* first reject reason */
	ash_units u;
	ash_pcapflow_stats st;
	int rc;
} run;

static int on_rec(void *ctx, const ash_rec *r, ash_err *err)
{
	(void)err;
	run *x = ctx;
	if (x->n < MAXREC) {
		x->r[x->n] = *r;
		snprintf(x->in_if[x->n], 16, "%.*s", (int)r->in_if.n,
			 r->in_if.p ? r->in_if.p : "");
		snprintf(x->device[x->n], 64, "%.*s", (int)r->device.n,
			 r->device.p ? r->device.p : "");
	}
	x->n++;
	x->dirs += (r->opkts > 0) + (r->rpkts > 0);
	x->bytes += r->obytes + r->rbytes;
	x->pkts += r->opkts + r->rpkts;
	return 0;
}

static int on_rej(void *ctx, uint64_t where, const char *why, const void *raw,
		  size_t n, ash_err *err)
{
	(void)where, (void)raw, (void)n, (void)err;
	run *x = ctx;
	if (!x->nrej++)
		snprintf(x->why, sizeof x->why, "%s", why);
	return 0;
}

/* Run the parser over path; x is filled (heap, caller frees). */
static run *run_file(const char *path, const ash_flowtab_opts *o)
{
	run *x = calloc(1, sizeof *x);
	ash_err err = {0};
	ash_input *in = NULL;
	x->rc = ash_input_open(path, &in, &err);
	if (x->rc)
		return x;
	void *st = ash_pcap_parser.open(NULL);
	if (o)
		ash_pcapflow_set_opts(st, o);
	ash_sink sink = {.ctx = x, .record = on_rec, .reject = on_rej};
	x->rc = ash_pcap_parser.run(st, in, &sink, &x->u, &err);
	x->st = *ash_pcapflow_stats_of(st);
	ash_pcap_parser.close(st);
	ash_input_close(in);
	CHECK_INT(x->u.read, x->u.used + x->u.rejected + x->u.skipped);
	CHECK_INT(x->u.rejected, x->nrej);
	CHECK_INT(x->pkts, x->u.used);
	return x;
}

/* ---- writing captures --------------------------------------------------- */

typedef struct cap {
	pcap_t *pd;
	pcap_dumper_t *d;
	char path[512];
} cap;

static void cap_open(cap *c, const char *name, int nano)
{
	snprintf(c->path, sizeof c->path, "%s/%s", ash_test_tmpdir(), name);
	c->pd = pcap_open_dead_with_tstamp_precision(
		DLT_EN10MB, 65535,
		nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO);
	c->d = pcap_dump_open(c->pd, c->path);
	CHECK(c->d != NULL);
}

/* t in µs (ns files: the sub-µs part is t_ns % 1000, given apart). */
static void cap_frame(cap *c, int64_t t, const uint8_t *f, uint32_t n,
		      uint32_t caplen)
{
	struct pcap_pkthdr h = {.caplen = caplen, .len = n};
	h.ts.tv_sec = t / 1000000;
	h.ts.tv_usec = t % 1000000;
	pcap_dump((u_char *)c->d, &h, f);
}

static void cap_pkt(cap *c, int64_t t, const pf_spec *s)
{
	uint8_t f[1600];
	uint32_t n = pf_build(f, s);
	cap_frame(c, t, f, n, n);
}

static void cap_close(cap *c)
{
	pcap_dump_close(c->d);
	pcap_close(c->pd);
}

static bool ip_is(const ash_ip *ip, const char *want)
{
	char buf[ASH_IP_STRLEN];
	ash_ip_format(ip, buf);
	return !strcmp(buf, want);
}

#define T0 1764000000000000LL /* 2025-11-24T16:00:00Z in µs */
#define SEC 1000000LL

static pf_spec tcp(const char *src, const char *dst, uint16_t sp, uint16_t dp,
		   uint8_t flags, uint16_t paylen)
{
	return (pf_spec){.ipver = 4, .src = src, .dst = dst, .proto = 6,
			 .sport = sp, .dport = dp, .flags = flags, .paylen = paylen};
}

/* ---- tests ------------------------------------------------------------- */

TEST(pcapflow_sniff)
{
	char b[16] = {0};
	memcpy(b, "\xd4\xc3\xb2\xa1", 4);
	CHECK_INT(ash_pcap_parser.sniff(b, 16), 90);
	memcpy(b, "\xa1\xb2\xc3\xd4", 4);
	CHECK_INT(ash_pcap_parser.sniff(b, 16), 90);
	memcpy(b, "\x4d\x3c\xb2\xa1", 4); /* nanosecond, little-endian */
	CHECK_INT(ash_pcap_parser.sniff(b, 16), 90);
	memcpy(b, "\x0a\x0d\x0d\x0a\x1c\x00\x00\x00\x4d\x3c\x2b\x1a", 12);
	CHECK_INT(ash_pcap_parser.sniff(b, 16), 90);
	memcpy(b, "\x0a\x0d\x0d\x0a\x1c\x00\x00\x00XXXX", 12);
	CHECK_INT(ash_pcap_parser.sniff(b, 16), 0);
	CHECK_INT(ash_pcap_parser.sniff("Mar 11 20:35:11 linux kernel", 28), 0);
	CHECK_INT(ash_pcap_parser.sniff(b, 3), 0);
	int score;
	memcpy(b, "\xd4\xc3\xb2\xa1", 4);
	CHECK(ash_parser_sniff(b, 16, &score) == &ash_pcap_parser);
	CHECK(ash_parser_find("pcap") == &ash_pcap_parser);
}

/* A whole TCP connection: handshake, data both ways, FIN both ways. */
TEST(pcapflow_tcp_connection)
{
	cap c;
	cap_open(&c, "conn.pcap", 0);
	const char *A = "192.0.2.10", *B = "198.51.100.20";
	pf_spec p[] = {
		tcp(A, B, 50000, 80, 0x02, 0), tcp(B, A, 80, 50000, 0x12, 0),
		tcp(A, B, 50000, 80, 0x10, 0), tcp(A, B, 50000, 80, 0x18, 100),
		tcp(B, A, 80, 50000, 0x18, 1000), tcp(A, B, 50000, 80, 0x11, 0),
		tcp(B, A, 80, 50000, 0x11, 0), tcp(A, B, 50000, 80, 0x10, 0),
	};
	for (int i = 0; i < 8; i++)
		cap_pkt(&c, T0 + i * 1000, &p[i]);
	cap_close(&c);
	run *x = run_file(c.path, NULL);
	CHECK_INT(x->rc, 0);
	CHECK_INT(x->u.read, 8);
	CHECK_INT(x->u.used, 8);
	CHECK_STR(x->u.name, "packets");
	CHECK_INT(x->n, 1);
	ash_rec *r = &x->r[0];
	CHECK(ip_is(&r->src, A));
	CHECK(ip_is(&r->dst, B));
	CHECK_INT(r->sport, 50000);
	CHECK_INT(r->dport, 80);
	CHECK_INT(r->proto, 6);
	CHECK_INT(r->opkts, 5);
	CHECK_INT(r->rpkts, 3);
	CHECK_INT(r->obytes, 5 * 40 + 100);
	CHECK_INT(r->rbytes, 3 * 40 + 1000);
	CHECK_INT(r->tcp_flags, 0x1b);
	CHECK_INT(r->t_start, T0);
	CHECK_INT(r->t_end, T0 + 7000);
	CHECK_INT(r->src_line, 1);
	CHECK_INT(r->format, ASH_FMT_PCAP);
	CHECK_INT(r->action, ASH_ACT_UNKNOWN);
	uint32_t want = ASH_HAVE_END | ASH_HAVE_SPORT | ASH_HAVE_DPORT |
			ASH_HAVE_OBYTES | ASH_HAVE_RBYTES | ASH_HAVE_OPKTS |
			ASH_HAVE_RPKTS | ASH_HAVE_FLAGS | ASH_HAVE_PROTO | ASH_HAVE_TZOFF;
	CHECK_INT(r->have, want);
	CHECK_INT(r->tz_off, 0);
	free(x);
}

/* The SYN sender is the originator even when the other side's packet
 * came first; a new SYN after FIN/RST starts a new flow. */
TEST(pcapflow_direction_and_restart)
{
	cap c;
	cap_open(&c, "dir.pcap", 0);
	const char *A = "10.0.0.1", *B = "10.0.0.2";
	pf_spec p1 = tcp(B, A, 22, 40000, 0x10, 10); /* mid-stream from B */
	pf_spec p2 = tcp(A, B, 40000, 22, 0x02, 0);  /* then A opens */
	pf_spec p3 = tcp(A, B, 40000, 22, 0x04, 0);  /* RST ends it */
	pf_spec p4 = tcp(A, B, 40000, 22, 0x02, 0);  /* port reused */
	pf_spec p5 = tcp(B, A, 22, 40000, 0x12, 0);
	cap_pkt(&c, T0, &p1);
	cap_pkt(&c, T0 + SEC, &p2);
	cap_pkt(&c, T0 + 2 * SEC, &p3);
	cap_pkt(&c, T0 + 3 * SEC, &p4);
	cap_pkt(&c, T0 + 4 * SEC, &p5);
	cap_close(&c);
	run *x = run_file(c.path, NULL);
	CHECK_INT(x->n, 2);
	CHECK(ip_is(&x->r[0].src, A));
	CHECK_INT(x->r[0].dport, 22);
	CHECK_INT(x->r[0].opkts, 2);
	CHECK_INT(x->r[0].rpkts, 1);
	CHECK_INT(x->r[0].src_line, 1);
	CHECK_INT(x->r[0].tcp_flags, 0x16);
	CHECK(ip_is(&x->r[1].src, A));
	CHECK_INT(x->r[1].opkts, 1);
	CHECK_INT(x->r[1].rpkts, 1);
	CHECK_INT(x->r[1].src_line, 4);
	CHECK_INT(x->r[1].t_start, T0 + 3 * SEC);
	CHECK_INT(x->st.flows.flows, 2);
	free(x);
}

/* Idle timeouts per protocol (softflowd's defaults) and the active one. */
TEST(pcapflow_timeouts)
{
	cap c;
	cap_open(&c, "idle.pcap", 0);
	pf_spec u1 = {.ipver = 4, .src = "10.1.0.1", .dst = "10.1.0.2",
		      .proto = 17, .sport = 1000, .dport = 53, .paylen = 20};
	pf_spec u2 = u1;
	u2.sport = 1001;
	pf_spec t1 = tcp("10.2.0.1", "10.2.0.2", 2000, 443, 0x10, 0);
	cap_pkt(&c, T0, &u1);
	cap_pkt(&c, T0 + 299 * SEC, &u1);  /* 299 s idle: same flow */
	cap_pkt(&c, T0 + 600 * SEC, &u1);  /* 301 s idle: new flow */
	cap_pkt(&c, T0 + 600 * SEC, &t1);
	cap_pkt(&c, T0 + 2300 * SEC, &t1); /* 1700 s idle: same TCP flow */
	/* u2: a packet every 100 s from 5000 s: split at 1800 s active */
	for (int i = 0; i < 20; i++)
		cap_pkt(&c, T0 + (5000 + i * 100) * SEC, &u2);
	cap_close(&c);
	run *x = run_file(c.path, NULL);
	CHECK_INT(x->u.used, 25);
	/* u1 299 s, u1 301 s, t1, u2 [5000, 6700], u2 [6800, 6900] */
	CHECK_INT(x->n, 5);
	int u1n = 0, u2n = 0, t1n = 0;
	for (size_t i = 0; i < x->n && i < MAXREC; i++) {
		ash_rec *r = &x->r[i];
		if (r->sport == 1000) {
			u1n++;
			CHECK(r->opkts == 2 || r->opkts == 1);
		} else if (r->sport == 1001) {
			u2n++;
			CHECK(r->opkts == 18 || r->opkts == 2);
			CHECK(r->t_end - r->t_start < 1800 * SEC);
		} else {
			t1n++;
			CHECK_INT(r->opkts, 2);
		}
	}
	CHECK_INT(u1n, 2);
	CHECK_INT(u2n, 2);
	CHECK_INT(t1n, 1);
	/* a shorter TCP idle timeout splits the TCP flow too */
	ash_flowtab_opts o = {.tcp = 1000};
	run *y = run_file(c.path, &o);
	CHECK_INT(y->n, 6);
	free(x);
	free(y);
}

TEST(pcapflow_icmp_ipv6_vlan)
{
	cap c;
	cap_open(&c, "mix.pcap", 0);
	pf_spec req = {.ipver = 4, .src = "10.0.0.1", .dst = "10.0.0.9",
		       .proto = 1, .sport = 8, .dport = 0, .paylen = 56};
	pf_spec rep = {.ipver = 4, .src = "10.0.0.9", .dst = "10.0.0.1",
		       .proto = 1, .sport = 0, .dport = 0, .paylen = 56};
	pf_spec v6 = {.ipver = 6, .src = "2001:db8::1", .dst = "2001:db8::2",
		      .proto = 17, .sport = 546, .dport = 547, .paylen = 30};
	pf_spec v10 = tcp("10.5.0.1", "10.5.0.2", 1, 2, 0x02, 0);
	pf_spec v20 = v10;
	v10.vlan = 10;
	v20.vlan = 20;
	cap_pkt(&c, T0, &req);
	cap_pkt(&c, T0 + 1, &rep);
	cap_pkt(&c, T0 + 2, &v6);
	cap_pkt(&c, T0 + 3, &v10);
	cap_pkt(&c, T0 + 4, &v20);
	cap_close(&c);
	run *x = run_file(c.path, NULL);
	CHECK_INT(x->n, 5); /* request and reply differ in type: 2 flows */
	int icmp = 0, vl = 0;
	for (size_t i = 0; i < x->n; i++) {
		ash_rec *r = &x->r[i];
		if (r->proto == 1) {
			icmp++;
			CHECK(!(r->have & ASH_HAVE_SPORT));
			CHECK(r->have & ASH_HAVE_DPORT);
			CHECK(r->dport == 8 << 8 || r->dport == 0);
			CHECK_INT(r->obytes, 84);
			CHECK(!(r->have & ASH_HAVE_FLAGS));
		} else if (r->proto == 17) {
			CHECK(ip_is(&r->src, "2001:db8::1"));
			CHECK_INT(r->obytes, 40 + 8 + 30);
			CHECK_INT(r->dport, 547);
		} else {
			vl++;
			CHECK(!strcmp(x->in_if[i], "vlan10") ||
			      !strcmp(x->in_if[i], "vlan20"));
		}
	}
	CHECK_INT(icmp, 2);
	CHECK_INT(vl, 2);
	free(x);
}

/* Later fragments join their datagram's flow through the IP id. */
TEST(pcapflow_fragments)
{
	cap c;
	cap_open(&c, "frag.pcap", 0);
	pf_spec f1 = {.ipver = 4, .src = "203.0.113.5", .dst = "10.10.10.10",
		      .proto = 17, .sport = 53, .dport = 3333, .paylen = 1472,
		      .frag = 1, .frag_id = 77};
	pf_spec f2 = f1;
	f2.frag = 3;
	f2.frag_off = 185;
	f2.paylen = 500;
	pf_spec lone = f2; /* its first fragment was never seen */
	lone.frag_id = 78;
	cap_pkt(&c, T0, &f1);
	cap_pkt(&c, T0 + 10, &f2);
	cap_pkt(&c, T0 + 20, &lone);
	cap_close(&c);
	run *x = run_file(c.path, NULL);
	CHECK_INT(x->u.used, 3);
	CHECK_INT(x->n, 2);
	CHECK_INT(x->st.flows.frag_matched, 1);
	CHECK_INT(x->st.flows.frag_unmatched, 1);
	for (size_t i = 0; i < x->n; i++) {
		ash_rec *r = &x->r[i];
		if (r->have & ASH_HAVE_SPORT) {
			CHECK_INT(r->sport, 53);
			CHECK_INT(r->opkts, 2);
			CHECK_INT(r->obytes, 20 + 8 + 1472 + 20 + 500);
		} else {
			CHECK_INT(r->opkts, 1);
			CHECK_INT(r->obytes, 520);
			CHECK(!(r->have & ASH_HAVE_DPORT));
		}
	}
	free(x);
}

/* ARP skipped, malformed and header-cut frames rejected with a reason,
 * snap-length cuts counted and metered with the wire length. */
TEST(pcapflow_accounting_truncation)
{
	cap c;
	cap_open(&c, "acct.pcap", 0);
	uint8_t arp[60] = {0};
	arp[12] = 0x08;
	arp[13] = 0x06;
	cap_frame(&c, T0, arp, 60, 60);
	uint8_t f[1600];
	pf_spec big = tcp("10.9.0.1", "10.9.0.2", 5000, 80, 0x18, 1400);
	uint32_t n = pf_build(f, &big);
	cap_frame(&c, T0 + 1, f, n, 96); /* snap length 96 */
	cap_frame(&c, T0 + 2, f, n, 40); /* cut inside the IP header */
	f[14] = 0x41;                    /* IHL 1: malformed */
	cap_frame(&c, T0 + 3, f, n, n);
	cap_close(&c);
	run *x = run_file(c.path, NULL);
	CHECK_INT(x->u.read, 4);
	CHECK_INT(x->u.skipped, 1);
	CHECK_INT(x->u.used, 1);
	CHECK_INT(x->u.rejected, 2);
	CHECK(strstr(x->why, "cut") != NULL);
	CHECK_INT(x->st.truncated, 1);
	CHECK_INT(x->st.not_ip, 1);
	CHECK_INT(x->n, 1);
	CHECK_INT(x->r[0].obytes, 20 + 20 + 1400);
	free(x);
}

/* The cap on live flows: the least recently active flow is forced out. */
TEST(pcapflow_flow_cap)
{
	cap c;
	cap_open(&c, "cap.pcap", 0);
	for (int i = 0; i < 25; i++) {
		pf_spec s = {.ipver = 4, .src = "10.3.0.1", .dst = "10.3.0.2",
			     .proto = 17, .sport = (uint16_t)(1000 + i), .dport = 9};
		cap_pkt(&c, T0 + i, &s);
		if (i == 24) /* the first flow again, after eviction */
			s.sport = 1000, cap_pkt(&c, T0 + 30, &s);
	}
	cap_close(&c);
	ash_flowtab_opts o = {.max_flows = 10};
	run *x = run_file(c.path, &o);
	CHECK_INT(x->u.used, 26);
	CHECK_INT(x->n, 26);
	CHECK_INT(x->st.flows.evicted, 16);
	CHECK_INT(x->st.flows.peak, 10);
	free(x);
}

/* Nanosecond pcap, gzip-compressed pcap, and a file cut mid-record. */
TEST(pcapflow_nano_gzip_cut)
{
	cap c;
	cap_open(&c, "nano.pcap", 1);
	pf_spec s = tcp("10.4.0.1", "10.4.0.2", 7, 8, 0x02, 0);
	uint8_t f[1600];
	uint32_t n = pf_build(f, &s);
	struct pcap_pkthdr h = {.caplen = n, .len = n};
	h.ts.tv_sec = T0 / SEC;
	h.ts.tv_usec = 123456789; /* nanoseconds in a NANO dumper */
	pcap_dump((u_char *)c.d, &h, f);
	cap_close(&c);
	run *x = run_file(c.path, NULL);
	CHECK_INT(x->n, 1);
	CHECK_INT(x->r[0].t_start, T0 + 123456);
	free(x);

	/* the same bytes gzip-compressed */
	FILE *in = fopen(c.path, "rb");
	uint8_t buf[4096];
	size_t len = fread(buf, 1, sizeof buf, in);
	fclose(in);
	char gz[600];
	snprintf(gz, sizeof gz, "%s.gz", c.path);
	gzFile g = gzopen(gz, "wb");
	gzwrite(g, buf, (unsigned)len);
	gzclose(g);
	x = run_file(gz, NULL);
	CHECK_INT(x->rc, 0);
	CHECK_INT(x->n, 1);
	free(x);

	/* cut 10 bytes into the second record's data */
	cap c2;
	cap_open(&c2, "cut.pcap", 0);
	cap_pkt(&c2, T0, &s);
	cap_pkt(&c2, T0 + 1, &s);
	cap_close(&c2);
	FILE *w = fopen(c2.path, "r+b");
	CHECK(ftruncate(fileno(w), 24 + 16 + 60 + 16 + 10) == 0);
	fclose(w);
	x = run_file(c2.path, NULL);
	CHECK_INT(x->rc, 0);
	CHECK_INT(x->u.read, 2);
	CHECK_INT(x->u.used, 1);
	CHECK_INT(x->u.rejected, 1);
	CHECK(strstr(x->why, "capture cut") != NULL);
	CHECK_INT(x->n, 1);
	free(x);
}

/* pcapng with an interface name, built by hand (libpcap writes only pcap):
 * SHB, IDB with if_name "eth7\xff", one Enhanced Packet Block. */
TEST(pcapflow_pcapng_ifname)
{
	uint8_t f[1600];
	pf_spec s = {.ipver = 4, .src = "10.6.0.1", .dst = "10.6.0.2",
		     .proto = 17, .sport = 1, .dport = 2, .paylen = 10};
	uint32_t n = pf_build(f, &s);
	uint8_t b[512] = {0};
	size_t o = 0;
	uint32_t shb[7] = {0x0a0d0d0a, 28, 0x1a2b3c4d, 1, 0xffffffff, 0xffffffff, 28};
	memcpy(b, shb, 28);
	o = 28;
	uint32_t idb_len = 20 + 12 + 4;
	memcpy(b + o, &(uint32_t){1}, 4);
	memcpy(b + o + 4, &idb_len, 4);
	memcpy(b + o + 8, &(uint16_t){1}, 2);      /* Ethernet */
	memcpy(b + o + 12, &(uint32_t){65535}, 4); /* snaplen */
	memcpy(b + o + 16, &(uint16_t){2}, 2);     /* if_name */
	memcpy(b + o + 18, &(uint16_t){5}, 2);
	memcpy(b + o + 20, "eth7\xff", 5);
	/* opt_endofopt at +28, zero */
	memcpy(b + o + idb_len - 4, &idb_len, 4);
	o += idb_len;
	uint32_t pad = (n + 3) & ~3u, epb_len = 32 + pad;
	uint64_t ts = (uint64_t)T0;
	uint32_t epb[7] = {6, epb_len, 0, (uint32_t)(ts >> 32), (uint32_t)ts, n, n};
	memcpy(b + o, epb, 28);
	memcpy(b + o + 28, f, n);
	memcpy(b + o + epb_len - 4, &epb_len, 4);
	o += epb_len;
	char path[512];
	snprintf(path, sizeof path, "%s/ng.pcapng", ash_test_tmpdir());
	FILE *w = fopen(path, "wb");
	fwrite(b, 1, o, w);
	fclose(w);
	run *x = run_file(path, NULL);
	CHECK_INT(x->rc, 0);
	CHECK_INT(x->n, 1);
	CHECK_STR(x->device[0], "eth7?");
	CHECK_INT(x->r[0].t_start, T0);
	CHECK_INT(x->r[0].dport, 2);
	free(x);
}

/* ---- real captures (../shared) ------------------------------------------ */

typedef struct real_case {
	const char *path;
	uint64_t packets, skipped; /* from SOURCE.md / the capture itself */
} real_case;

TEST(pcapflow_real_captures)
{
	/* packet counts are those of the SOURCE.md files; every capture
	 * decodes without a reject; ARP frames are the only skipped ones */
	static const real_case cases[] = {
		{"data/stopddos-captures/amp.dns.RRSIG.fragmented.pcap", 4412, 0},
		{"data/stopddos-captures/amp.UDP.snmp.src161.pcapng", 4373, 0},
		{"data/stopddos-captures/amp.UDP.isakmp.pcap", 3984, 0},
		{"data/stopddos-captures/amp.UDP.bacnet.IOT.37810.pcapng", 9617, 0},
		{"data/stopddos-captures/amp.TCP.reflection.SYNACK.pcap", 8000, 4},
		{"data/stopddos-captures/amp.TCP.syn.optionallyACK.optionallysamePort.pcapng", 896, 0},
		{"data/stopddos-captures/pkt.TCP.synflood.spoofed.pcap", 37841, 0},
		{"data/stopddos-captures/pkt.TCP.DOMINATE.syn.ecn.cwr.pcapng", 9878, 0},
		{"data/cicddos2019-lucid-sample/CIC-DDoS-2019-SynFlood.pcap", 26316, 0},
		{"data/cicddos2019-lucid-sample/CIC-DDoS-2019-WebDDoS.pcap", 3104, 0},
		{"data/stratosphere-slips/test7-malicious.pcap", 2000, 31},
		{"data/stratosphere-slips/test8-malicious.pcap", 534, 519},
		{"data/stratosphere-slips/test19-malicious-ssh/malicious-ssh-bruteforce.pcap", 1178, 0},
		{"data/stratosphere-slips/test-cc/test-cc-capture-1.pcap", 7931, 0},
		{"data/stratosphere-slips/test-cc/test-cc-capture-2.pcap", 1084, 0},
		{"data/ndpi-pcaps/synscan.pcap", 2011, 0},
		{"data/ndpi-pcaps/ftp.pcap", 1192, 0},
		{"data/ndpi-pcaps/dropbox.pcap", 848, 0},
		{"data/ndpi-pcaps/NTPv2.pcap", 1, 0},
		{"data/ndpi-pcaps/memcached.cap", 10, 0},
		{"data/ndpi-pcaps/upnp.pcap", 14, 0},
		{"data/ndpi-pcaps/ssdp-m-search.pcap", 19, 0},
		{"data/ndpi-pcaps/trickbot.pcap", 74, 0},
		{"data/ndpi-pcaps/malware.pcap", 26, 0},
	};
	int seen = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *p = ash_test_shared(cases[i].path);
		if (!p)
			continue;
		seen++;
		run *x = run_file(p, NULL);
		CHECK_INT(x->rc, 0);
		if (x->u.read != cases[i].packets || x->u.rejected ||
		    x->u.skipped != cases[i].skipped)
			ash_test_fail(__FILE__, __LINE__, "%s: %llu read, %llu rejected (%s), %llu skipped",
				      cases[i].path, (unsigned long long)x->u.read,
				      (unsigned long long)x->u.rejected, x->why,
				      (unsigned long long)x->u.skipped);
		CHECK(x->n > 0);
		CHECK(x->n <= x->u.used);
		free(x);
	}
	if (!seen)
		ash_test_skip("../shared/data captures absent");
}

/* Ground truth of SOURCE.md files, as flows. */
TEST(pcapflow_real_ground_truth)
{
	char cc[1024], syn[1024], snmp[1024];
	const char *p1 = ash_test_shared("data/stratosphere-slips/test-cc/test-cc-capture-1.pcap");
	snprintf(cc, sizeof cc, "%s", p1 ? p1 : "");
	const char *p2 = ash_test_shared("data/stopddos-captures/pkt.TCP.synflood.spoofed.pcap");
	snprintf(syn, sizeof syn, "%s", p2 ? p2 : "");
	const char *p3 = ash_test_shared("data/stopddos-captures/amp.UDP.snmp.src161.pcapng");
	snprintf(snmp, sizeof snmp, "%s", p3 ? p3 : "");
	if (!p1 || !p2 || !p3) {
		ash_test_skip("../shared/data captures absent");
		return;
	}
	/* 299 SYNs = 299 HTTPS connections from 147.32.80.37; softflowd
	 * exported 594 one-way records = 297 connections: it joins the two
	 * connections whose source port was reused after their FIN */
	run *x = run_file(cc, NULL);
	CHECK_INT(x->n, 299);
	CHECK_INT(x->dirs, 594 + 4);
	CHECK(ip_is(&x->r[0].src, "147.32.80.37"));
	CHECK_INT(x->r[0].dport, 443);
	CHECK_INT(x->r[0].t_start, 1707405399842117LL); /* 15:16:39.842 */
	free(x);
	/* spoofed SYN flood: 37,669 one-way records in the softflowd export */
	x = run_file(syn, NULL);
	CHECK_INT(x->dirs, 37669);
	CHECK_INT(x->pkts, 37841);
	free(x);
	/* SNMP reflection: 4,294 records; bytes as the export's 994,625 */
	x = run_file(snmp, NULL);
	CHECK_INT(x->dirs, 4294);
	CHECK_INT(x->bytes, 994625);
	free(x);
}
