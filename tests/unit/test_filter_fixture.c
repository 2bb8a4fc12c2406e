/* SPDX-License-Identifier: MIT */
/* test_filter_fixture.c: the thirty records of the query tests and the
 * code that turns them into ash_batch values (see the header). */
#include "test_filter_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ip.h"
#include "core/tztime.h"

#define U -1
#define D "2026-11-24T"

/* id: what it is.  Counts: obytes rbytes opkts rpkts. */
const fx_row fx_rows[FX_N] = {
	/* 0: dmz host asks a DNS server, all known */
	{D "17:00:00Z", 2000000, "203.0.113.10", 51000, "198.51.100.7", 53, 17,
	 80, 200, 1, 1, U, ASH_ACT_ALLOW, "eth0", "eth1", "dns-out", "fw1", ASH_FMT_IPTABLES},
	/* 1: web download, FSPA, 0.5 s */
	{D "17:01:00Z", 500000, "203.0.113.10", 40000, "198.51.100.7", 80, 6,
	 1500, 5000000, 10, 3500, 0x1b, ASH_ACT_ALLOW, "eth0", "eth1", "web", "fw1", ASH_FMT_ZEEK_JSON},
	/* 2: ssh attempt to the dmz host, denied, no counts */
	{D "17:02:00Z", U, "198.51.100.7", 5555, "203.0.113.10", 22, 6,
	 U, U, U, U, 0x02, ASH_ACT_DENY, "eth1", "eth0", "ssh-block", "fw1", ASH_FMT_IPTABLES},
	/* 3: ssh attempt, dropped */
	{D "17:03:00Z", U, "198.51.100.8", 5556, "203.0.113.11", 22, 6,
	 U, U, U, U, 0x02, ASH_ACT_DROP, "eth1", "eth0", "ssh-block", "fw1", ASH_FMT_IPTABLES},
	/* 4: lan host asks 8.8.8.8 */
	{D "17:04:00Z", 10000000, "10.20.1.5", 33000, "8.8.8.8", 53, 17,
	 60, 120, 1, 1, U, ASH_ACT_ALLOW, "lan0", "wan0", "dns-out", "fw1", ASH_FMT_IPTABLES},
	/* 5: mgmt server (443) to a lan client, FSA */
	{D "17:05:00Z", 60000000, "10.20.5.9", 443, "10.20.1.5", 50123, 6,
	 2000000, 3000, 1500, 40, 0x13, ASH_ACT_ALLOW, "lan0", "lan0", "internal", "fw1", ASH_FMT_IPTABLES},
	/* 6: ping out: ICMP echo request (type 8), one direction known */
	{D "17:06:00Z", U, "203.0.113.10", U, "198.51.100.9", 0x0800, 1,
	 84, U, 1, U, U, ASH_ACT_ALLOW, "eth0", "eth1", "icmp-ok", "fw1", ASH_FMT_IPTABLES},
	/* 7: echo reply (type 0 code 0) */
	{D "17:07:00Z", U, "198.51.100.9", U, "203.0.113.10", 0x0000, 1,
	 84, U, 1, U, U, ASH_ACT_ALLOW, "eth1", "eth0", "icmp-ok", "fw1", ASH_FMT_IPTABLES},
	/* 8: port unreachable (3/3), action and strings unknown */
	{D "17:08:00Z", U, "203.0.113.11", U, "198.51.100.7", 0x0303, 1,
	 56, U, 1, U, U, ASH_ACT_UNKNOWN, NULL, NULL, NULL, NULL, ASH_FMT_IPTABLES},
	/* 9: IPv6 https from the lan, SAP */
	{D "17:09:00Z", 1000000, "2001:db8:1::10", 60000, "2001:db8:ffff::1", 443, 6,
	 700, 9000, 8, 10, 0x1a, ASH_ACT_ALLOW, "eth0", "eth1", "web", "fw1", ASH_FMT_ZEEK_TSV},
	/* 10: ICMPv6 echo request (128/0) into the lan, denied */
	{D "17:10:00Z", U, "2001:db8:ffff::1", U, "2001:db8:1::10", 0x8000, 58,
	 64, U, 1, U, U, ASH_ACT_DENY, "eth1", "eth0", "v6-ping", "fw1", ASH_FMT_ZEEK_TSV},
	/* 11: DHCPv6 link-local multicast, no strings */
	{D "17:11:00Z", U, "fe80::1", 546, "ff02::1:2", 547, 17,
	 100, U, 1, U, U, ASH_ACT_ALLOW, NULL, NULL, NULL, NULL, ASH_FMT_ZEEK_TSV},
	/* 12: nothing known but the addresses */
	{D "17:12:00Z", U, "192.0.2.1", U, "192.0.2.2", U, U,
	 U, U, U, U, U, ASH_ACT_UNKNOWN, NULL, NULL, NULL, NULL, ASH_FMT_UNKNOWN},
	/* 13: SCTP (M3UA) */
	{D "17:13:00Z", U, "203.0.113.12", 2905, "198.51.100.20", 2905, 132,
	 1000, 1000, 10, 10, U, ASH_ACT_ALLOW, "eth0", "eth1", NULL, "fw1", ASH_FMT_IPTABLES},
	/* 14: GRE tunnel, 5 GB one way, an hour */
	{D "17:14:00Z", 3600000000LL, "203.0.113.1", U, "198.51.100.1", U, 47,
	 5000000000LL, 0, 4000000, 0, U, ASH_ACT_ALLOW, "eth0", "eth1", NULL, "fw1", ASH_FMT_IPTABLES},
	/* 15: ESP from mgmt, responder side unknown, 1 h 1 s */
	{D "17:15:00Z", 3601000000LL, "10.20.5.1", U, "198.51.100.1", U, 50,
	 1000000, U, 1000, U, U, ASH_ACT_ALLOW, "lan0", "wan0", NULL, "fw1", ASH_FMT_IPTABLES},
	/* 16: NTP flood from the dmz host */
	{D "17:16:00Z", 120000000, "203.0.113.10", 123, "198.51.100.50", 44444, 17,
	 812331200, 0, 9912001, 0, U, ASH_ACT_ALLOW, "eth0", "eth1", "ntp", "fw1", ASH_FMT_IPTABLES},
	/* 17: RST from outside, only responder counts */
	{D "17:17:00Z", U, "198.51.100.60", 443, "10.20.1.5", 51515, 6,
	 U, 4096, U, 3, 0x04, ASH_ACT_DROP, "wan0", NULL, NULL, "fw1", ASH_FMT_IPTABLES},
	/* 18: port 0 probe, flags known and empty */
	{D "17:18:00Z", U, "198.51.100.61", 0, "203.0.113.10", 0, 6,
	 40, U, 1, U, 0x00, ASH_ACT_DENY, "eth1", "eth0", NULL, "fw1", ASH_FMT_IPTABLES},
	/* 19: lan to dmz, high ports */
	{D "17:19:00Z", U, "10.20.1.6", 65535, "203.0.113.10", 1024, 17,
	 1, 1, 1, 1, U, ASH_ACT_ALLOW, "lan0", "dmz0", "lan-to-dmz", "fw1", ASH_FMT_IPTABLES},
	/* --- site jp-branch --- */
	/* 20: ICMP without type/code, zero counts known */
	{D "17:20:00Z", U, "10.20.1.7", U, "8.8.4.4", U, 1,
	 0, U, 0, U, U, ASH_ACT_ALLOW, NULL, NULL, NULL, NULL, ASH_FMT_IPTABLES},
	/* 21: exactly 1000 bytes */
	{D "17:21:00Z", U, "203.0.113.10", 44000, "198.51.100.7", 443, 6,
	 400, 600, 5, 5, 0x1b, ASH_ACT_ALLOW, "eth0", "eth1", "web", "fw2", ASH_FMT_ZEEK_JSON},
	/* 22: 1001 bytes, SYN only */
	{D "17:22:00Z", U, "203.0.113.10", 44001, "198.51.100.7", 443, 6,
	 1001, 0, 2, 0, 0x02, ASH_ACT_ALLOW, "eth0", "eth1", "web", "fw2", ASH_FMT_ZEEK_JSON},
	/* 23: mgmt ssh, AUEC, rule with a space */
	{D "17:30:00Z", U, "10.20.5.9", 22, "10.20.1.5", 50000, 6,
	 3000, 3000, 30, 30, 0xf0, ASH_ACT_ALLOW, NULL, NULL, "mgmt ssh", "fw2", ASH_FMT_IPTABLES},
	/* 24: DNS 53 -> 53 */
	{D "18:00:00Z", U, "203.0.113.10", 53, "198.51.100.70", 53, 17,
	 1000000, 1000000, 1000, 1000, U, ASH_ACT_ALLOW, "eth0", "eth1", "dns-out", "fw2", ASH_FMT_IPTABLES},
	/* 25: last microsecond before 19:00, zero duration */
	{D "18:59:59.999999Z", 0, "10.20.1.5", 123, "203.0.113.10", 123, 17,
	 48, 48, 1, 1, U, ASH_ACT_ALLOW, "lan0", "dmz0", NULL, "fw2", ASH_FMT_IPTABLES},
	/* 26: denied inbound, rule text with a double quote */
	{D "19:00:00Z", U, "198.51.100.7", 8080, "10.20.1.5", 8080, 6,
	 10, 10, 1, 1, 0x18, ASH_ACT_DENY, "wan0", "lan0", "in\"quote", "fw2", ASH_FMT_IPTABLES},
	/* 27: mDNS over IPv6, next day */
	{"2026-11-25T00:00:00Z", U, "2001:db8:1::20", 5353, "ff02::fb", 5353, 17,
	 300, U, 2, U, U, ASH_ACT_ALLOW, NULL, NULL, NULL, NULL, ASH_FMT_ZEEK_TSV},
	/* 28: RDP probe, day before, no counts */
	{"2026-11-23T23:59:59Z", U, "198.51.100.99", 60000, "203.0.113.10", 3389, 6,
	 U, U, U, U, 0x02, ASH_ACT_DROP, "eth1", NULL, "rdp-block", "fw2", ASH_FMT_IPTABLES},
	/* 29: dmz to mgmt, device name with an invalid UTF-8 byte */
	{D "17:05:30Z", U, "203.0.113.13", 80, "10.20.5.9", 8443, 6,
	 5000, 5000, 10, 10, 0x10, ASH_ACT_ALLOW, "dmz0", "lan0", "dmz-to-mgmt", "fw\xff" "1", ASH_FMT_IPTABLES},
};

/* Notes (one differing only in case, one with an invalid UTF-8 byte)
 * and sampled flows. */
const fx_extra fx_extras[FX_N] = {
	[1] = {"tcp-fin", 0},      [2] = {"policy-deny", 0},
	[14] = {NULL, 100},        [16] = {"aged-out", 1000},
	[17] = {"TCP Reset-O", 0}, [21] = {"TCP-FIN", 0},
	[24] = {NULL, 64},         [26] = {"RECEIVE", 0},
	[29] = {"end\xff", 0},
};

const char *const fx_zones[3] = {"dmz", "lan", "mgmt"};
const char *const fx_sites[2] = {"sg-hub", "jp-branch"};

int64_t fx_time(const char *iso)
{
	int64_t us;
	if (ash_time_parse_iso(iso, strlen(iso), NULL, &us, NULL) != 0) {
		fprintf(stderr, "fixture: bad time %s\n", iso);
		abort();
	}
	return us;
}

static ash_ip ip_of(const char *s)
{
	ash_ip ip;
	if (ash_ip_parse(s, strlen(s), &ip) != 0) {
		fprintf(stderr, "fixture: bad address %s\n", s);
		abort();
	}
	return ip;
}

const char *fx_zone_of(const void *ctx, const ash_ip *ip)
{
	static const char *const nets[][2] = {
		{"10.20.5.0/24", "mgmt"}, {"203.0.113.0/24", "dmz"},
		{"10.20.0.0/16", "lan"}, {"2001:db8:1::/48", "lan"},
	};
	(void)ctx;
	for (size_t i = 0; i < 4; i++) {
		ash_cidr c;
		if (ash_cidr_parse(nets[i][0], strlen(nets[i][0]), false, &c) == 0 &&
		    ash_cidr_contains(&c, ip))
			return nets[i][1];
	}
	return NULL;
}

static void *own(fx_batch *fb, size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz);
	if (!p || fb->nmem == 32)
		abort();
	fb->mem[fb->nmem++] = p;
	return p;
}

static uint32_t addr_idx(ash_ip *addrs, size_t *na, const char *s)
{
	ash_ip ip = ip_of(s);
	for (size_t i = 1; i < *na; i++)
		if (ash_ip_eq(&addrs[i], &ip))
			return (uint32_t)i;
	addrs[*na] = ip;
	return (uint32_t)(*na)++;
}

static uint32_t str_idx(ash_str *strs, size_t *ns, const char *s)
{
	if (!s)
		return 0;
	for (size_t i = 1; i < *ns; i++)
		if (strs[i].n == strlen(s) && !memcmp(strs[i].p, s, strs[i].n))
			return (uint32_t)i;
	strs[*ns] = (ash_str){s, (uint32_t)strlen(s)};
	return (uint32_t)(*ns)++;
}

/* The extras of r when it is one of fx_rows, else none. */
static const fx_extra *fx_extra_of(const fx_row *r)
{
	static const fx_extra none = {NULL, 0};
	uintptr_t p = (uintptr_t)r, lo = (uintptr_t)fx_rows;
	if (p < lo || p >= (uintptr_t)(fx_rows + FX_N))
		return &none;
	return &fx_extras[(p - lo) / sizeof *r];
}

static uint32_t have_of(const fx_row *r)
{
	uint32_t h = 0;
	h |= r->dur_us >= 0 ? ASH_HAVE_END : 0;
	h |= r->sport >= 0 ? ASH_HAVE_SPORT : 0;
	h |= r->dport >= 0 ? ASH_HAVE_DPORT : 0;
	h |= r->ob >= 0 ? ASH_HAVE_OBYTES : 0;
	h |= r->rb >= 0 ? ASH_HAVE_RBYTES : 0;
	h |= r->op >= 0 ? ASH_HAVE_OPKTS : 0;
	h |= r->rp >= 0 ? ASH_HAVE_RPKTS : 0;
	h |= r->flags >= 0 ? ASH_HAVE_FLAGS : 0;
	h |= r->proto >= 0 ? ASH_HAVE_PROTO : 0;
	h |= fx_extra_of(r)->sampling ? ASH_HAVE_SAMPLING : 0;
	return h;
}

#define V(x) ((x) < 0 ? 0 : (uint64_t)(x))

void fx_build(fx_batch *fb, const fx_row *rows, size_t n, const char *site,
	      uint32_t chunk)
{
	memset(fb, 0, sizeof *fb);
	ash_batch *b = &fb->b;
	int64_t *ts = own(fb, n, 8), *te = own(fb, n, 8);
	int32_t *tz = own(fb, n, 4);
	uint32_t *have = own(fb, n, 4), *si = own(fb, n, 4), *di = own(fb, n, 4);
	ash_ip *addrs = own(fb, 2 * n + 1, sizeof(ash_ip));
	uint16_t *sp = own(fb, n, 2), *dp = own(fb, n, 2);
	uint8_t *pr = own(fb, n, 1), *fl = own(fb, n, 1), *ac = own(fb, n, 1);
	uint8_t *fm = own(fb, n, 1);
	uint64_t *ob = own(fb, n, 8), *rb = own(fb, n, 8), *op = own(fb, n, 8);
	uint64_t *rp = own(fb, n, 8), *line = own(fb, n, 8);
	uint32_t *in = own(fb, n, 4), *out = own(fb, n, 4), *rule = own(fb, n, 4);
	uint32_t *dev = own(fb, n, 4), *nsi = own(fb, n, 4), *ndi = own(fb, n, 4);
	uint16_t *nsp = own(fb, n, 2), *ndp = own(fb, n, 2);
	uint32_t *note = own(fb, n, 4), *smp = own(fb, n, 4);
	ash_str *strs = own(fb, 5 * n + 1, sizeof(ash_str));
	size_t na = 1, ns = 1;
	addrs[0] = ip_of("192.0.2.255"); /* unused entry: indices start at 1 */
	for (size_t i = 0; i < n; i++) {
		const fx_row *r = &rows[i];
		ts[i] = fx_time(r->t);
		te[i] = r->dur_us >= 0 ? ts[i] + r->dur_us : 0;
		have[i] = have_of(r);
		si[i] = addr_idx(addrs, &na, r->src);
		di[i] = addr_idx(addrs, &na, r->dst);
		sp[i] = (uint16_t)V(r->sport), dp[i] = (uint16_t)V(r->dport);
		pr[i] = (uint8_t)V(r->proto), fl[i] = (uint8_t)V(r->flags);
		ac[i] = (uint8_t)r->action, fm[i] = (uint8_t)r->format;
		ob[i] = V(r->ob), rb[i] = V(r->rb), op[i] = V(r->op), rp[i] = V(r->rp);
		line[i] = 100 + i;
		in[i] = str_idx(strs, &ns, r->in), out[i] = str_idx(strs, &ns, r->out);
		rule[i] = str_idx(strs, &ns, r->rule), dev[i] = str_idx(strs, &ns, r->dev);
		note[i] = str_idx(strs, &ns, fx_extra_of(r)->note);
		smp[i] = fx_extra_of(r)->sampling;
	}
	*b = (ash_batch){
		.n = n, .chunk = chunk, .evidence = chunk, .site = site,
		.t_start = ts, .t_end = te, .tz_off = tz, .have = have,
		.src_idx = si, .dst_idx = di, .addrs = addrs, .naddrs = na,
		.sport = sp, .dport = dp, .proto = pr, .tcp_flags = fl,
		.action = ac, .obytes = ob, .rbytes = rb, .opkts = op, .rpkts = rp,
		.sampling = smp,
		.nat_src_idx = nsi, .nat_dst_idx = ndi, .nat_sport = nsp,
		.nat_dport = ndp, .in_if = in, .out_if = out, .rule = rule,
		.device = dev, .note = note, .strs = strs, .nstrs = ns, .format = fm,
		.src_line = line,
	};
}

void fx_free(fx_batch *fb)
{
	for (size_t i = 0; i < fb->nmem; i++)
		free(fb->mem[i]);
	memset(fb, 0, sizeof *fb);
}

static ash_str str_of(const char *s)
{
	return s ? (ash_str){s, (uint32_t)strlen(s)} : (ash_str){"", 0};
}

void fx_rec(const fx_row *r, uint64_t line, ash_rec *out)
{
	memset(out, 0, sizeof *out);
	out->t_start = fx_time(r->t);
	out->t_end = r->dur_us >= 0 ? out->t_start + r->dur_us : 0;
	out->have = have_of(r);
	out->src = ip_of(r->src);
	out->dst = ip_of(r->dst);
	out->sport = (uint16_t)V(r->sport), out->dport = (uint16_t)V(r->dport);
	out->proto = (uint8_t)V(r->proto), out->tcp_flags = (uint8_t)V(r->flags);
	out->action = (uint8_t)r->action, out->format = (uint8_t)r->format;
	out->obytes = V(r->ob), out->rbytes = V(r->rb);
	out->opkts = V(r->op), out->rpkts = V(r->rp);
	out->src_line = line;
	out->in_if = str_of(r->in), out->out_if = str_of(r->out);
	out->rule = str_of(r->rule), out->device = str_of(r->dev);
	out->note = str_of(fx_extra_of(r)->note);
	out->sampling = fx_extra_of(r)->sampling;
}
