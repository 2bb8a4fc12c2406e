/* SPDX-License-Identifier: MIT */
/* flows.c: the streams of a scenario and their merge in time order (see
 * flows.h).  Background streams are Poisson processes whose rate follows
 * a day/night curve (piecewise constant per 15 minutes, sampled exactly);
 * monitoring and beacons are periodic with jitter; the backup follows its
 * nightly window; flood and reflection run inside the incident window.
 * Owns the stream table, the heap and the counters.  Makes no text.
 *
 * Draws are sequenced explicitly, so that every compiler gives the same
 * scenario: each draw from a stream's PRNG is a statement of its own,
 * never two in one call's arguments or one operator's operands, whose
 * order C leaves unspecified (gcc on x86-64 evaluates arguments right to
 * left, clang left to right).  The order kept is the one gcc gave when the
 * draws were arguments: the last argument first (a UDP flow draws its
 * duration, then the answer's size, then the question's), operands left
 * to right.  Changing the order changes every scenario's bytes. */
#include "gen/flows.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "gen/rng.h"

#define SEC 1000000LL
#define NEVER INT64_MAX
#define HOST_SLOTS 256 /* > 2 * ASH_GEN_MAX_HOSTS */

enum { RS_FLOWS = 100, RS_UID = 99 };

typedef struct stream {
	int64_t next;    /* start of its next flow; NEVER when done */
	int64_t end;     /* no flow starts at or after this */
	double mean_us;  /* Poisson: mean gap at curve 1 */
	uint8_t tag, curve;
	int host, peer;  /* named host of the stream and its peer, or -1;
			  * download: peer is the number of connections */
	int night;       /* backup: night in progress; download: flows left */
	uint32_t peer_ip;/* download: the mirror it pulls from */
	ash_rng rng;
	ash_flow_count cnt;
} stream;

/* Named hosts with a role, for picking. */
typedef struct hostlist {
	int *i;
	size_t n;
} hostlist;

struct ash_flows {
	const ash_scn *s;
	stream *st;
	size_t nst, capst;
	uint32_t *heap;
	size_t nheap;
	hostlist web, dns, ntp, mail, files, inv_dmz;
	hostlist ldap, memc, ssdp; /* reachable from the LAN (not in it) */
	ash_host_count *hc;
	uint32_t hkey[HOST_SLOTS];
	int16_t hval[HOST_SLOTS];
	ash_rng uid;
};

/* Background streams at scale 1 before normalising to bg_flows_per_day. */
static const struct bg {
	uint8_t tag, curve;
	float per_day;
	uint32_t role; /* some named host must have one of these roles */
} bg_table[] = {
	{ASH_TAG_LAN_WEB, ASH_CURVE_OFFICE, 12000, 0},
	{ASH_TAG_WEB_IN, ASH_CURVE_PUBLIC, 5000, ASH_GEN_WEB | ASH_GEN_APP},
	{ASH_TAG_DNS_IN, ASH_CURVE_PUBLIC, 1500, ASH_GEN_DNS},
	{ASH_TAG_DNS_OUT, ASH_CURVE_PUBLIC, 1200, ASH_GEN_DNS},
	{ASH_TAG_LAN_DNS, ASH_CURVE_OFFICE, 2500, ASH_GEN_DNS},
	{ASH_TAG_MAIL_IN, ASH_CURVE_PUBLIC, 600, ASH_GEN_MAIL},
	{ASH_TAG_MAIL_OUT, ASH_CURVE_OFFICE, 400, ASH_GEN_MAIL},
	{ASH_TAG_LAN_FILES, ASH_CURVE_OFFICE, 900, ASH_GEN_FILES},
	{ASH_TAG_LAN_MAIL, ASH_CURVE_OFFICE, 700, ASH_GEN_MAIL},
	{ASH_TAG_NTP_IN, ASH_CURVE_PUBLIC, 300, ASH_GEN_NTP},
	{ASH_TAG_LAN_NTP, ASH_CURVE_FLAT, 200, ASH_GEN_NTP},
	{ASH_TAG_NTP_OUT, ASH_CURVE_FLAT, 300, ASH_GEN_NTP},
	{ASH_TAG_ADMIN_SSH, ASH_CURVE_OFFICE, 30, ASH_GEN_ADMIN},
	{ASH_TAG_DROP_SCAN, ASH_CURVE_FLAT, 3500, 0},
	{ASH_TAG_DROP_LAN, ASH_CURVE_OFFICE, 100, 0},
};

/* Variants' background streams, per day at scale 1 on the same footing
 * as bg_table (kept apart so the seed story's normalisation stays). */
static const struct bg bg_extra[] = {
	{ASH_TAG_LAN_LDAP, ASH_CURVE_OFFICE, 800, ASH_GEN_CLDAP},
	{ASH_TAG_LAN_MEMC, ASH_CURVE_OFFICE, 400, ASH_GEN_MEMCACHE},
	{ASH_TAG_LAN_SSDP, ASH_CURVE_FLAT, 100, ASH_GEN_SSDP},
};

static const ash_refl_svc refl_svc[] = {
	{ASH_TAG_DNS_REFL, ASH_GEN_DNS, 53, "dns"},
	{ASH_TAG_NTP_REFL, ASH_GEN_NTP, 123, "ntp"},
	{ASH_TAG_SSDP_REFL, ASH_GEN_SSDP, 1900, "ssdp"},
	{ASH_TAG_MEMC_REFL, ASH_GEN_MEMCACHE, 11211, "memcached"},
	{ASH_TAG_SNMP_REFL, ASH_GEN_SNMP, 161, "snmp"},
	{ASH_TAG_CLDAP_REFL, ASH_GEN_CLDAP, 389, "cldap"},
};

const ash_refl_svc *ash_flows_refl_svc(size_t i)
{
	return i < sizeof refl_svc / sizeof refl_svc[0] ? &refl_svc[i] : NULL;
}

const char *ash_flows_service_name(int svc)
{
	static const char *const names[ASH_SVC_N] = {
		"-", "http", "ssl", "dns", "ntp", "smtp", "ssh", "smb", "snmp", "ldap"};
	return svc >= 0 && svc < ASH_SVC_N ? names[svc] : "-";
}

const char *ash_flows_tag_name(int tag)
{
	static const char *const names[ASH_TAG_N] = {
		"lan_web", "web_in", "dns_in", "dns_out", "lan_dns", "mail_in",
		"mail_out", "lan_files", "lan_mail", "ntp_in", "lan_ntp",
		"ntp_out", "admin_ssh", "drop_scan", "drop_lan", "monitor",
		"beacon", "backup", "flood", "dns_reflection", "ntp_reflection",
		"ssdp_reflection", "memcached_reflection", "snmp_reflection",
		"cldap_reflection", "lan_ldap", "lan_memcached", "lan_ssdp",
		"snmp_poll", "dns_in_busy", "saas_report", "download"};
	return tag >= 0 && tag < ASH_TAG_N ? names[tag] : "?";
}

/* ---- named hosts ---- */

static size_t hslot(uint32_t ip)
{
	return (size_t)((ip * 2654435761u) >> 24) % HOST_SLOTS;
}

static void hosts_index(ash_flows *fl)
{
	const ash_scn *s = fl->s;
	for (size_t i = 0; i < s->nhosts; i++) {
		size_t k = hslot(s->hosts[i].ip);
		while (fl->hkey[k])
			k = (k + 1) % HOST_SLOTS;
		fl->hkey[k] = s->hosts[i].ip;
		fl->hval[k] = (int16_t)i;
	}
}

static int host_of(const ash_flows *fl, uint32_t ip)
{
	for (size_t k = hslot(ip); fl->hkey[k]; k = (k + 1) % HOST_SLOTS)
		if (fl->hkey[k] == ip)
			return fl->hval[k];
	return -1;
}

/* Hosts with one of roles; inv_dmz: inventoried DMZ hosts instead;
 * not_lan: only those outside the LAN (LAN users reach them through the
 * firewall). */
static void list_make(const ash_scn *s, hostlist *l, uint32_t roles, bool inv_dmz,
		      bool not_lan)
{
	l->i = ash_calloc(s->nhosts + 1, sizeof *l->i);
	for (size_t k = 0; k < s->nhosts; k++) {
		const ash_scn_host *h = &s->hosts[k];
		bool ok = inv_dmz ? h->in_inventory && h->zone == ASH_Z_DMZ
				  : (h->roles & roles) != 0;
		if (not_lan && h->zone == ASH_Z_LAN)
			ok = false;
		if (ok)
			l->i[l->n++] = (int)k;
	}
}

static uint32_t pick(stream *st, const hostlist *l, const ash_scn *s, int *idx)
{
	int k = l->i[ash_rng_below(&st->rng, (uint32_t)l->n)];
	if (idx)
		*idx = k;
	return s->hosts[k].ip;
}

static uint32_t pool_skew(stream *st, const ash_pool *p)
{
	return p->a[ash_rng_skew(&st->rng, p->n)];
}

static uint32_t pool_any(stream *st, const ash_pool *p)
{
	return p->a[ash_rng_below(&st->rng, p->n)];
}

/* ---- scheduling ---- */

static int64_t next_poisson(const ash_scn *s, stream *st, int64_t t)
{
	while (t < st->end && t >= s->t0) {
		size_t i = (size_t)((t - s->t0) / ASH_SLOT_US);
		if (i >= s->nslots)
			break;
		int64_t slot_end = s->t0 + (int64_t)(i + 1) * ASH_SLOT_US;
		float m = s->curve[st->curve][i];
		if (m > 0) {
			double g = ash_rng_exp(&st->rng, st->mean_us / m);
			if (g < (double)(slot_end - t))
				return t + (int64_t)g;
		}
		t = slot_end; /* memoryless: start over at the boundary */
	}
	return NEVER;
}

static int64_t jitter(stream *st, int64_t j)
{
	return j > 0 ? (int64_t)ash_rng_range(&st->rng, 0, (uint64_t)(2 * j)) - j : 0;
}

/* ---- flow shapes ---- */

static uint16_t port_win(stream *st) { return (uint16_t)(49152 + ash_rng_below(&st->rng, 16384)); }
static uint16_t port_lin(stream *st) { return (uint16_t)(32768 + ash_rng_below(&st->rng, 28232)); }
static uint16_t port_any(stream *st) { return (uint16_t)(1024 + ash_rng_below(&st->rng, 64512)); }

/* Common fields; TTL and TCP window follow the originator's side. */
static void base(ash_flow *f, stream *st, uint32_t src, uint32_t dst,
		 uint16_t sport, uint16_t dport, int in_z, int out_z)
{
	memset(f, 0, sizeof *f);
	f->ts = st->next;
	f->tag = st->tag;
	f->src = src, f->dst = dst, f->sport = sport, f->dport = dport;
	f->in_z = (uint8_t)in_z, f->out_z = (uint8_t)out_z;
	f->ip_id = (uint16_t)ash_rng_next(&st->rng);
	if (in_z == ASH_Z_LAN) {
		f->ttl = 128;
	} else if (in_z != ASH_Z_INET) {
		f->ttl = 64;
	} else {
		uint32_t ttl0 = ash_rng_below(&st->rng, 3) ? 64 : 128; /* at the source */
		uint32_t hops = 8 + ash_rng_below(&st->rng, 18);
		f->ttl = (uint8_t)(ttl0 - hops);
	}
	f->win = f->ttl > 64 ? 64240 : (in_z == ASH_Z_DMZ ? 29200 : 64240);
}

/* A complete TCP connection (SF) with these payload bytes. */
static void tcp_sf(ash_flow *f, stream *st, uint64_t ob, uint64_t rb,
		   int64_t rtt, uint64_t bw, int svc)
{
	f->proto = 6, f->state = ASH_ST_SF, f->df = 1, f->service = (uint8_t)svc;
	f->obytes = ob, f->rbytes = rb;
	uint64_t os = (ob + 1447) / 1448, rs = (rb + 1447) / 1448;
	f->opkts = 3 + os + rs / 2;
	f->rpkts = 2 + rs + os / 2;
	f->dur = rtt * 3 + (int64_t)((ob + rb) * (uint64_t)SEC / bw) +
		 (int64_t)ash_rng_below(&st->rng, 1500000);
	f->len0 = f->ttl > 64 ? 52 : 60;
}

/* A TCP SYN nobody answered (S0) or that was dropped. */
static void tcp_syn(ash_flow *f, uint16_t len0)
{
	f->proto = 6, f->state = ASH_ST_S0, f->opkts = 1, f->len0 = len0;
	f->df = len0 > 40;
}

/* UDP: opk packets of opay bytes, rpk packets of rpay bytes back. */
static void udp(ash_flow *f, uint64_t opk, uint64_t opay, uint64_t rpk,
		uint64_t rpay, int64_t dur, int svc)
{
	f->proto = 17, f->service = (uint8_t)svc;
	f->state = rpk ? ASH_ST_SF : ASH_ST_S0;
	f->opkts = opk, f->obytes = opk * opay;
	f->rpkts = rpk, f->rbytes = rpk * rpay;
	f->dur = dur;
	f->len0 = (uint16_t)(28 + opay);
}

static uint64_t rr(stream *st, uint64_t lo, uint64_t hi)
{
	return ash_rng_range(&st->rng, lo, hi);
}

static uint64_t lu(stream *st, uint64_t lo, uint64_t hi)
{
	return ash_rng_logu(&st->rng, lo, hi);
}

static void mk_lan(ash_flows *fl, stream *st, ash_flow *f)
{
	const ash_scn *s = fl->s;
	uint32_t u = pool_skew(st, &s->users), dst;
	uint16_t sport, dport;
	uint64_t ob, rb; /* TCP: payload bytes; UDP: bytes per packet */
	int64_t rtt, dur;
	switch (st->tag) {
	case ASH_TAG_LAN_WEB: {
		bool tls = ash_rng_below(&st->rng, 100) < 85;
		sport = port_win(st);
		dst = pool_skew(st, &s->sites);
		base(f, st, u, dst, sport, tls ? 443 : 80, ASH_Z_LAN, ASH_Z_INET);
		rtt = (int64_t)rr(st, 30, 200) * 1000;
		rb = lu(st, 1500, 800000);
		ob = lu(st, 400, 4000);
		tcp_sf(f, st, ob, rb, rtt, 5000000, tls ? ASH_SVC_SSL : ASH_SVC_HTTP);
		break;
	}
	case ASH_TAG_LAN_DNS:
		sport = port_win(st);
		dst = pick(st, &fl->dns, s, NULL);
		base(f, st, u, dst, sport, 53, ASH_Z_LAN, ASH_Z_DMZ);
		dur = (int64_t)rr(st, 200, 2000);
		rb = rr(st, 60, 300);
		ob = rr(st, 28, 60);
		udp(f, 1, ob, 1, rb, dur, ASH_SVC_DNS);
		break;
	case ASH_TAG_LAN_FILES:
		sport = port_win(st);
		dst = pick(st, &fl->files, s, NULL);
		base(f, st, u, dst, sport, 445, ASH_Z_LAN, ASH_Z_DMZ);
		rtt = (int64_t)rr(st, 300, 1000);
		rb = lu(st, 1000, 30000000);
		ob = lu(st, 500, 2000000);
		tcp_sf(f, st, ob, rb, rtt, 50000000, ASH_SVC_SMB);
		break;
	case ASH_TAG_LAN_MAIL: {
		bool imap = ash_rng_below(&st->rng, 100) < 80;
		sport = port_win(st);
		dst = pick(st, &fl->mail, s, NULL);
		base(f, st, u, dst, sport, imap ? 993 : 587, ASH_Z_LAN, ASH_Z_DMZ);
		rtt = (int64_t)rr(st, 300, 1000);
		rb = lu(st, 1000, 2000000);
		ob = lu(st, 500, 200000);
		tcp_sf(f, st, ob, rb, rtt, 20000000, imap ? ASH_SVC_SSL : ASH_SVC_SMTP);
		break;
	}
	case ASH_TAG_LAN_NTP:
		base(f, st, u, pick(st, &fl->ntp, s, NULL), 123, 123, ASH_Z_LAN, ASH_Z_DMZ);
		udp(f, 1, 48, 1, 48, (int64_t)rr(st, 150, 900), ASH_SVC_NTP);
		break;
	default: /* ASH_TAG_DROP_LAN */
		dport = ash_rng_below(&st->rng, 2) ? 25 : 6881;
		sport = port_win(st);
		dst = pool_any(st, &s->sites);
		base(f, st, u, dst, sport, dport, ASH_Z_LAN, ASH_Z_INET);
		tcp_syn(f, 52);
		f->drop = 1;
		break;
	}
}

/* Web and mail from and to the internet (TCP). */
static void mk_public_tcp(ash_flows *fl, stream *st, ash_flow *f)
{
	const ash_scn *s = fl->s;
	uint32_t src, dst;
	uint16_t sport;
	int h;
	if (st->tag == ASH_TAG_WEB_IN) {
		dst = pick(st, &fl->web, s, &h);
		bool plain = (s->hosts[h].roles & ASH_GEN_WEB) &&
			     ash_rng_below(&st->rng, 100) < 15;
		sport = port_any(st);
		src = pool_skew(st, &s->clients);
		base(f, st, src, dst, sport, plain ? 80 : 443, ASH_Z_INET, ASH_Z_DMZ);
		int64_t rtt = (int64_t)rr(st, 20, 250) * 1000;
		uint64_t rb = lu(st, 800, 400000);
		uint64_t ob = lu(st, 300, 6000);
		tcp_sf(f, st, ob, rb, rtt, 3000000, plain ? ASH_SVC_HTTP : ASH_SVC_SSL);
		return;
	}
	if (st->tag == ASH_TAG_MAIL_IN) {
		sport = port_any(st);
		dst = pick(st, &fl->mail, s, NULL);
		src = pool_skew(st, &s->mtas);
		base(f, st, src, dst, sport, 25, ASH_Z_INET, ASH_Z_DMZ);
	} else { /* ASH_TAG_MAIL_OUT */
		sport = port_lin(st);
		dst = pool_skew(st, &s->mtas);
		src = pick(st, &fl->mail, s, NULL);
		base(f, st, src, dst, sport, 25, ASH_Z_DMZ, ASH_Z_INET);
	}
	int64_t rtt = (int64_t)rr(st, 50, 250) * 1000;
	uint64_t rb = rr(st, 400, 1500);
	uint64_t ob = lu(st, 1500, 400000);
	tcp_sf(f, st, ob, rb, rtt, 2000000, ASH_SVC_SMTP);
}

/* DNS and NTP from and to the internet (UDP). */
static void mk_public_udp(ash_flows *fl, stream *st, ash_flow *f)
{
	const ash_scn *s = fl->s;
	uint32_t src, dst;
	uint16_t sport;
	int64_t dur;
	uint64_t ob, rb; /* bytes per packet, question and answer */
	switch (st->tag) {
	case ASH_TAG_DNS_IN:
		sport = port_any(st);
		dst = pick(st, &fl->dns, s, NULL);
		src = pool_skew(st, &s->resolvers);
		base(f, st, src, dst, sport, 53, ASH_Z_INET, ASH_Z_DMZ);
		dur = (int64_t)rr(st, 100, 800);
		rb = rr(st, 60, 300);
		ob = rr(st, 28, 60);
		udp(f, 1, ob, 1, rb, dur, ASH_SVC_DNS);
		break;
	case ASH_TAG_DNS_OUT:
		sport = port_any(st);
		dst = pool_any(st, &s->resolvers);
		src = pick(st, &fl->dns, s, NULL);
		base(f, st, src, dst, sport, 53, ASH_Z_DMZ, ASH_Z_INET);
		dur = (int64_t)rr(st, 5000, 150000);
		rb = rr(st, 60, 500);
		ob = rr(st, 28, 60);
		udp(f, 1, ob, 1, rb, dur, ASH_SVC_DNS);
		break;
	case ASH_TAG_NTP_IN:
		sport = port_any(st);
		dst = pick(st, &fl->ntp, s, NULL);
		src = pool_skew(st, &s->clients);
		base(f, st, src, dst, sport, 123, ASH_Z_INET, ASH_Z_DMZ);
		udp(f, 1, 48, 1, 48, (int64_t)rr(st, 100, 600), ASH_SVC_NTP);
		break;
	default: /* ASH_TAG_NTP_OUT */
		dst = pool_any(st, &s->ntp_up);
		src = pick(st, &fl->ntp, s, NULL);
		base(f, st, src, dst, 123, 123, ASH_Z_DMZ, ASH_Z_INET);
		udp(f, 1, 48, 1, 48, (int64_t)rr(st, 20000, 250000), ASH_SVC_NTP);
		break;
	}
}

static void mk_scan(ash_flows *fl, stream *st, ash_flow *f)
{
	static const uint16_t tcp_ports[] = {22, 23, 445, 3389, 1433, 3306, 5900,
					     8080, 8443, 2323, 6379, 9200, 5555, 81};
	static const uint16_t udp_ports[] = {5060, 1900, 161, 11211, 389, 19};
	const ash_scn *s = fl->s;
	uint32_t size = 1u << (32 - s->bits[ASH_Z_DMZ]);
	uint32_t dst = s->net[ASH_Z_DMZ] + 1 + ash_rng_below(&st->rng, size - 2);
	bool is_udp = ash_rng_below(&st->rng, 100) < 15;
	uint16_t dport = is_udp ? udp_ports[ash_rng_below(&st->rng, 6)]
				: tcp_ports[ash_rng_below(&st->rng, 14)];
	uint16_t sport = port_any(st);
	uint32_t src = pool_skew(st, &s->scanners);
	base(f, st, src, dst, sport, dport, ASH_Z_INET, ASH_Z_DMZ);
	if (is_udp)
		udp(f, 1, rr(st, 8, 120), 0, 0, 0, ASH_SVC_NONE);
	else
		tcp_syn(f, ash_rng_below(&st->rng, 2) ? 40 : 44);
	f->win = (uint16_t)(ash_rng_below(&st->rng, 2) ? 1024 : 65535);
	f->drop = 1;
}

static void mk_admin(ash_flows *fl, stream *st, ash_flow *f)
{
	const ash_scn *s = fl->s;
	int h = st->host >= 0 ? st->host : 0;
	uint32_t dst = st->tag == ASH_TAG_MONITOR ? s->hosts[st->peer].ip
						  : pick(st, &fl->inv_dmz, s, NULL);
	base(f, st, s->hosts[h].ip, dst, port_lin(st),
	     st->tag == ASH_TAG_MONITOR ? 10050 : 22, s->hosts[h].zone, ASH_Z_DMZ);
	int64_t rtt = (int64_t)rr(st, 300, 1000);
	if (st->tag == ASH_TAG_MONITOR) {
		uint64_t rb = rr(st, 80, 600);
		uint64_t ob = rr(st, 60, 140);
		tcp_sf(f, st, ob, rb, rtt, 10000000, ASH_SVC_NONE);
	} else {
		uint64_t rb = lu(st, 5000, 3000000);
		uint64_t ob = lu(st, 3000, 400000);
		tcp_sf(f, st, ob, rb, rtt, 10000000, ASH_SVC_SSH);
		int64_t sec = (int64_t)lu(st, 30, 3600);
		int64_t us = (int64_t)rr(st, 0, SEC);
		f->dur = sec * SEC + us;
	}
}

static void mk_beacon(ash_flows *fl, stream *st, ash_flow *f)
{
	const ash_scn *s = fl->s;
	const ash_scn_host *h = &s->hosts[st->host];
	base(f, st, h->ip, s->controller, port_lin(st),
	     (uint16_t)s->cfg.beacon_port, h->zone, ASH_Z_INET);
	bool task = ash_rng_below(&st->rng, 100) == 0;
	int64_t rtt = (int64_t)rr(st, 150, 250) * 1000;
	uint64_t rb = task ? lu(st, 4000, 60000) : rr(st, 180, 260);
	uint64_t ob = task ? lu(st, 2000, 20000) : rr(st, 280, 360);
	tcp_sf(f, st, ob, rb, rtt, 1000000, ASH_SVC_SSL);
}

static void mk_backup(ash_flows *fl, stream *st, ash_flow *f)
{
	const ash_scn *s = fl->s;
	const ash_scn_host *h = &s->hosts[st->host];
	int k = st->night;
	int64_t t = st->next;
	uint64_t total = s->cfg.backup_bytes;
	double span = (double)(s->bk1[k] - s->bk0[k]) / SEC;
	uint64_t bw = (uint64_t)((double)total / span * (0.9 + 0.25 * ash_rng_unit(&st->rng)));
	if (bw < 1000)
		bw = 1000;
	uint64_t bytes = lu(st, total / 16 + 1, total / 5 + 2);
	int64_t dur = (int64_t)(bytes * (uint64_t)SEC / bw);
	int64_t room = s->bk1[k] - t - (int64_t)rr(st, 0, 60) * SEC;
	if (dur > room) {
		dur = room > 60 * SEC ? room : 60 * SEC;
		bytes = (uint64_t)dur / SEC * bw;
	}
	base(f, st, h->ip, s->backup_dst, port_lin(st), (uint16_t)s->cfg.backup_port,
	     h->zone, ASH_Z_INET);
	int port = s->cfg.backup_port;
	int64_t rtt = (int64_t)rr(st, 40, 60) * 1000;
	uint64_t rb = bytes / 200 + rr(st, 1000, 4000);
	tcp_sf(f, st, bytes, rb, rtt, bw,
	       port == 22 ? ASH_SVC_SSH : port == 445 ? ASH_SVC_SMB : ASH_SVC_NONE);
	f->dur = dur;
	int64_t nx = t + dur + (int64_t)rr(st, 3, 20) * SEC;
	if (nx >= s->bk1[k] - 600 * SEC) {
		st->night = ++k;
		nx = k < s->ndays ? s->bk0[k] + (int64_t)rr(st, 0, 90) * SEC : NEVER;
	}
	st->end = k < s->ndays ? s->bk1[k] : NEVER;
	st->next = nx; /* scheduled here: the stream is not Poisson */
}

/* Reflection through SSDP, memcached, SNMP (GetBulk) or CLDAP: a small
 * spoofed request, a large answer to the victim (n answer packets). */
static void mk_refl_other(stream *st, ash_flow *f, uint32_t victim,
			  const ash_scn_host *h)
{
	uint64_t n, ob, rb; /* answer packets; bytes per packet */
	int64_t dur;
	switch (st->tag) {
	case ASH_TAG_SSDP_REFL:
		base(f, st, victim, h->ip, port_any(st), 1900, ASH_Z_INET, h->zone);
		n = rr(st, 4, 12);
		dur = (int64_t)(n * rr(st, 200, 900));
		rb = rr(st, 280, 340);
		ob = rr(st, 90, 130);
		udp(f, 1, ob, n, rb, dur, ASH_SVC_NONE);
		break;
	case ASH_TAG_MEMC_REFL:
		base(f, st, victim, h->ip, port_any(st), 11211, ASH_Z_INET, h->zone);
		n = rr(st, 100, 700);
		dur = (int64_t)(n * rr(st, 20, 60));
		ob = rr(st, 15, 20);
		udp(f, 1, ob, n, 1400, dur, ASH_SVC_NONE);
		break;
	case ASH_TAG_SNMP_REFL:
		base(f, st, victim, h->ip, port_any(st), 161, ASH_Z_INET, h->zone);
		dur = (int64_t)rr(st, 500, 4000);
		rb = rr(st, 1000, 1400);
		n = rr(st, 1, 4);
		ob = rr(st, 60, 90);
		udp(f, 1, ob, n, rb, dur, ASH_SVC_SNMP);
		break;
	default: /* ASH_TAG_CLDAP_REFL */
		base(f, st, victim, h->ip, port_any(st), 389, ASH_Z_INET, h->zone);
		dur = (int64_t)rr(st, 400, 3000);
		rb = rr(st, 1200, 1450);
		n = rr(st, 2, 3);
		ob = rr(st, 50, 54);
		udp(f, 1, ob, n, rb, dur, ASH_SVC_LDAP);
		break;
	}
}

static void mk_attack(ash_flows *fl, stream *st, ash_flow *f)
{
	const ash_scn *s = fl->s;
	const ash_scn_host *h = &s->hosts[st->host];
	if (st->tag == ASH_TAG_FLOOD) {
		base(f, st, h->ip, s->target, port_any(st), s->flood_dport, h->zone,
		     ASH_Z_INET);
		if (s->cfg.flood_syn) {
			tcp_syn(f, 40);
			f->win = (uint16_t)ash_rng_next(&st->rng);
		} else {
			uint64_t n = rr(st, 800, 3000);
			udp(f, n, s->flood_payload, 0, 0, (int64_t)(n * rr(st, 100, 200)),
			    ASH_SVC_NONE);
		}
		return;
	}
	uint32_t victim = s->victims[ash_rng_skew(&st->rng, (uint32_t)s->nvictims)];
	if (st->tag == ASH_TAG_DNS_REFL) {
		base(f, st, victim, h->ip, port_any(st), 53, ASH_Z_INET, h->zone);
		int64_t dur = (int64_t)rr(st, 150, 900);
		uint64_t rb = rr(st, 3000, 4096);
		uint64_t ob = rr(st, 36, 46);
		udp(f, 1, ob, 1, rb, dur, ASH_SVC_DNS);
	} else if (st->tag == ASH_TAG_NTP_REFL) {
		base(f, st, victim, h->ip, port_any(st), 123, ASH_Z_INET, h->zone);
		udp(f, 1, 8, s->ntp_monlist_pkts, 440,
		    (int64_t)s->ntp_monlist_pkts * (int64_t)rr(st, 20, 40), ASH_SVC_NTP);
	} else {
		mk_refl_other(st, f, victim, h);
	}
	f->ttl = (uint8_t)rr(st, 38, 60); /* spoofed: the attacker's path */
}

/* LAN users to the directory, memcached and UPnP hosts. */
static void mk_lan_extra(ash_flows *fl, stream *st, ash_flow *f)
{
	const ash_scn *s = fl->s;
	uint32_t u = pool_skew(st, &s->users);
	int64_t dur, rtt;
	uint64_t ob, rb; /* TCP: payload bytes; UDP: bytes per packet */
	int h;
	if (st->tag == ASH_TAG_LAN_LDAP) {
		uint32_t dst = pick(st, &fl->ldap, s, &h);
		base(f, st, u, dst, port_win(st), 389, ASH_Z_LAN, s->hosts[h].zone);
		bool over_udp = ash_rng_below(&st->rng, 100) < 70;
		if (over_udp) {
			dur = (int64_t)rr(st, 200, 2000);
			rb = rr(st, 150, 600);
			ob = rr(st, 50, 70);
			udp(f, 1, ob, 1, rb, dur, ASH_SVC_LDAP);
		} else {
			rtt = (int64_t)rr(st, 300, 1000);
			rb = lu(st, 500, 20000);
			ob = lu(st, 300, 3000);
			tcp_sf(f, st, ob, rb, rtt, 20000000, ASH_SVC_LDAP);
		}
	} else if (st->tag == ASH_TAG_LAN_MEMC) {
		uint32_t dst = pick(st, &fl->memc, s, &h);
		base(f, st, u, dst, port_win(st), 11211, ASH_Z_LAN, s->hosts[h].zone);
		rtt = (int64_t)rr(st, 300, 1000);
		rb = lu(st, 20, 50000);
		ob = lu(st, 30, 2000);
		tcp_sf(f, st, ob, rb, rtt, 50000000, ASH_SVC_NONE);
	} else { /* ASH_TAG_LAN_SSDP */
		uint32_t dst = pick(st, &fl->ssdp, s, &h);
		base(f, st, u, dst, port_win(st), 1900, ASH_Z_LAN, s->hosts[h].zone);
		dur = (int64_t)rr(st, 500, 3000);
		rb = rr(st, 250, 350);
		ob = rr(st, 90, 130);
		udp(f, 1, ob, 1, rb, dur, ASH_SVC_NONE);
	}
}

/* The hard benign cases and the SNMP polls over UDP. */
static void mk_benign_udp(ash_flows *fl, stream *st, ash_flow *f)
{
	const ash_scn *s = fl->s;
	const ash_scn_host *h = &s->hosts[st->host];
	int64_t dur;
	uint64_t ob, rb; /* bytes per packet, question and answer */
	if (st->tag == ASH_TAG_SNMP_POLL) {
		const ash_scn_host *p = &s->hosts[st->peer];
		base(f, st, h->ip, p->ip, port_lin(st), 161, h->zone, p->zone);
		dur = (int64_t)rr(st, 1000, 20000);
		rb = rr(st, 200, 1400);
		ob = rr(st, 70, 100);
		udp(f, 1, ob, 1, rb, dur, ASH_SVC_SNMP);
	} else { /* ASH_TAG_DNS_BUSY */
		uint16_t sport = port_any(st);
		uint32_t src = pool_any(st, &s->clients);
		base(f, st, src, h->ip, sport, 53, ASH_Z_INET, h->zone);
		dur = (int64_t)rr(st, 100, 800);
		rb = lu(st, 80, 1800);
		ob = rr(st, 28, 60);
		udp(f, 1, ob, 1, rb, dur, ASH_SVC_DNS);
	}
}

/* The hard benign cases over TCP: the SaaS agent and the download. */
static void mk_benign_tcp(ash_flows *fl, stream *st, ash_flow *f)
{
	const ash_scn *s = fl->s;
	const ash_scn_host *h = &s->hosts[st->host];
	if (st->tag == ASH_TAG_SAAS) {
		uint16_t sport = port_lin(st);
		uint32_t dst = s->saas[ash_rng_below(&st->rng, (uint32_t)s->nsaas)];
		base(f, st, h->ip, dst, sport, 443, h->zone, ASH_Z_INET);
		int64_t rtt = (int64_t)rr(st, 20, 200) * 1000;
		uint64_t rb = lu(st, 300, 8000);
		uint64_t ob = lu(st, 800, 30000);
		tcp_sf(f, st, ob, rb, rtt, 2000000, ASH_SVC_SSL);
	} else { /* ASH_TAG_DOWNLOAD: one of a few parallel pulls */
		uint64_t per = s->cfg.download_bytes / (uint64_t)st->peer;
		uint64_t rb = per / 10 * rr(st, 7, 13);
		base(f, st, h->ip, st->peer_ip, port_lin(st), 443, h->zone, ASH_Z_INET);
		uint64_t bw = rr(st, 15, 60) * 1000000;
		int64_t rtt = (int64_t)rr(st, 10, 80) * 1000;
		uint64_t ob = rb / 800 + rr(st, 2000, 9000);
		tcp_sf(f, st, ob, rb, rtt, bw, ASH_SVC_SSL);
	}
}

/* When the next flow of a periodic or counted stream starts. */
static int64_t next_extra(const ash_scn *s, stream *st)
{
	int64_t t = st->next;
	switch (st->tag) {
	case ASH_TAG_SNMP_POLL:
		return t + 300 * SEC + jitter(st, 2 * SEC);
	case ASH_TAG_SAAS: {
		int64_t p = (int64_t)s->cfg.saas_period_s * SEC;
		t += p + jitter(st, p / 100 * s->cfg.saas_jitter_pct);
		uint32_t d = ash_rng_below(&st->rng, 100);
		if (d < 8)
			t += p; /* a report skipped */
		else if (d < 12)
			t = st->next + (int64_t)rr(st, 2, 15) * SEC; /* a retry */
		return t;
	}
	case ASH_TAG_DOWNLOAD:
		return --st->night > 0 ? t + (int64_t)rr(st, 1, 90) * SEC : NEVER;
	default:
		return next_poisson(s, st, t);
	}
}

static void synth(ash_flows *fl, stream *st, ash_flow *f)
{
	switch (st->tag) {
	case ASH_TAG_LAN_WEB: case ASH_TAG_LAN_DNS: case ASH_TAG_LAN_FILES:
	case ASH_TAG_LAN_MAIL: case ASH_TAG_LAN_NTP: case ASH_TAG_DROP_LAN:
		mk_lan(fl, st, f);
		break;
	case ASH_TAG_DROP_SCAN:
		mk_scan(fl, st, f);
		break;
	case ASH_TAG_ADMIN_SSH: case ASH_TAG_MONITOR:
		mk_admin(fl, st, f);
		break;
	case ASH_TAG_BEACON:
		mk_beacon(fl, st, f);
		break;
	case ASH_TAG_BACKUP:
		mk_backup(fl, st, f);
		return;
	case ASH_TAG_FLOOD: case ASH_TAG_DNS_REFL: case ASH_TAG_NTP_REFL:
	case ASH_TAG_SSDP_REFL: case ASH_TAG_MEMC_REFL: case ASH_TAG_SNMP_REFL:
	case ASH_TAG_CLDAP_REFL:
		mk_attack(fl, st, f);
		break;
	case ASH_TAG_LAN_LDAP: case ASH_TAG_LAN_MEMC: case ASH_TAG_LAN_SSDP:
		mk_lan_extra(fl, st, f);
		st->next = next_extra(fl->s, st);
		return;
	case ASH_TAG_SNMP_POLL: case ASH_TAG_DNS_BUSY:
		mk_benign_udp(fl, st, f);
		st->next = next_extra(fl->s, st);
		return;
	case ASH_TAG_SAAS: case ASH_TAG_DOWNLOAD:
		mk_benign_tcp(fl, st, f);
		st->next = next_extra(fl->s, st);
		return;
	case ASH_TAG_WEB_IN: case ASH_TAG_MAIL_IN: case ASH_TAG_MAIL_OUT:
		mk_public_tcp(fl, st, f);
		break;
	default: /* DNS and NTP in and out */
		mk_public_udp(fl, st, f);
		break;
	}
	const ash_scn *s = fl->s;
	if (st->tag == ASH_TAG_MONITOR)
		st->next += 300 * SEC + jitter(st, 2 * SEC);
	else if (st->tag == ASH_TAG_BEACON)
		st->next += s->beacon_period_us + jitter(st, s->beacon_jitter_us);
	else
		st->next = next_poisson(s, st, st->next);
}

/* ---- counting ---- */

static void count_add(ash_flow_count *c, const ash_flow *f)
{
	if (!c->flows)
		c->first = f->ts;
	c->last = f->ts;
	c->flows++;
	c->obytes += f->obytes, c->rbytes += f->rbytes;
	c->opkts += f->opkts, c->rpkts += f->rpkts;
}

static void count(ash_flows *fl, stream *st, const ash_flow *f)
{
	count_add(&st->cnt, f);
	int a = host_of(fl, f->src), b = host_of(fl, f->dst);
	if (f->drop) {
		if (a >= 0)
			fl->hc[a].drops++;
		if (b >= 0)
			fl->hc[b].drops++;
		return;
	}
	if (a >= 0)
		count_add(&fl->hc[a].as_src, f);
	if (b >= 0)
		count_add(&fl->hc[b].as_dst, f);
}

/* ---- the heap ---- */

static bool before(const ash_flows *fl, uint32_t a, uint32_t b)
{
	int64_t x = fl->st[a].next, y = fl->st[b].next;
	return x < y || (x == y && a < b);
}

static void sift_down(ash_flows *fl, size_t i)
{
	uint32_t *h = fl->heap;
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < fl->nheap && before(fl, h[l], h[m]))
			m = l;
		if (l + 1 < fl->nheap && before(fl, h[l + 1], h[m]))
			m = l + 1;
		if (m == i)
			return;
		uint32_t t = h[i];
		h[i] = h[m], h[m] = t;
		i = m;
	}
}

/* ---- set-up ---- */

static stream *stream_add(ash_flows *fl, int tag, int curve, int host, int64_t end)
{
	ash_grow((void **)&fl->st, &fl->capst, fl->nst + 1, sizeof *fl->st);
	stream *st = &fl->st[fl->nst];
	memset(st, 0, sizeof *st);
	st->tag = (uint8_t)tag, st->curve = (uint8_t)curve;
	st->host = host, st->peer = -1, st->end = end;
	ash_rng_seed(&st->rng, fl->s->cfg.seed, RS_FLOWS + fl->nst);
	fl->nst++;
	return st;
}

static bool role_exists(const ash_scn *s, uint32_t roles)
{
	for (size_t i = 0; i < s->nhosts; i++)
		if (s->hosts[i].roles & roles)
			return true;
	return false;
}

static void add_background(ash_flows *fl)
{
	const ash_scn *s = fl->s;
	double sum = 0;
	for (size_t i = 0; i < sizeof bg_table / sizeof bg_table[0]; i++)
		sum += bg_table[i].per_day;
	double k = s->cfg.bg_flows_per_day / sum * s->cfg.scale;
	for (size_t i = 0; i < sizeof bg_table / sizeof bg_table[0]; i++) {
		const struct bg *b = &bg_table[i];
		double per_day = b->per_day * k;
		if (per_day <= 0 || (b->role && !role_exists(s, b->role)))
			continue;
		int host = -1;
		if (b->tag == ASH_TAG_ADMIN_SSH) {
			for (size_t h = 0; h < s->nhosts && host < 0; h++)
				if (s->hosts[h].roles & ASH_GEN_ADMIN)
					host = (int)h;
			if (!fl->inv_dmz.n)
				continue;
		}
		stream *st = stream_add(fl, b->tag, b->curve, host, s->t1);
		st->mean_us = 86400.0 * SEC * s->curve_mean[b->curve] / per_day;
		st->next = next_poisson(s, st, s->t0);
	}
}

static void add_attack(ash_flows *fl, int tag, int host, double per_hour, int64_t delay)
{
	const ash_scn *s = fl->s;
	double rate = per_hour * s->cfg.scale;
	if (rate <= 0)
		return;
	stream *st = stream_add(fl, tag, ASH_CURVE_FLAT, host, s->inc1);
	st->mean_us = 3600.0 * SEC / rate;
	st->next = next_poisson(s, st, s->inc0 + delay);
}

static void add_host_streams(ash_flows *fl, size_t h)
{
	const ash_scn *s = fl->s;
	const ash_scn_host *x = &s->hosts[h];
	stream *st;
	if (x->roles & ASH_GEN_MONITOR)
		for (size_t i = 0; i < fl->inv_dmz.n; i++) {
			st = stream_add(fl, ASH_TAG_MONITOR, ASH_CURVE_FLAT, (int)h, s->t1);
			st->peer = fl->inv_dmz.i[i];
			st->next = s->t0 + (int64_t)ash_rng_below(&st->rng, 300 * SEC);
		}
	if (x->roles & ASH_GEN_INFECTED) {
		st = stream_add(fl, ASH_TAG_BEACON, ASH_CURVE_FLAT, (int)h, s->t1);
		st->next = s->t0 + (int64_t)(ash_rng_unit(&st->rng) *
					     (double)s->beacon_period_us);
	}
	if (x->roles & ASH_GEN_BACKUP) {
		st = stream_add(fl, ASH_TAG_BACKUP, ASH_CURVE_FLAT, (int)h, s->bk1[0]);
		st->next = s->bk0[0] + (int64_t)ash_rng_below(&st->rng, 90) * SEC;
	}
	if (x->roles & ASH_GEN_DOS)
		add_attack(fl, ASH_TAG_FLOOD, (int)h, s->cfg.flood_per_hour, 0);
	if ((x->roles & ASH_GEN_REFLECT) && (x->roles & ASH_GEN_DNS))
		add_attack(fl, ASH_TAG_DNS_REFL, (int)h, s->cfg.dns_refl_per_hour,
			   (int64_t)(60 + h * 37 % 120) * SEC);
	if ((x->roles & ASH_GEN_REFLECT) && (x->roles & ASH_GEN_NTP))
		add_attack(fl, ASH_TAG_NTP_REFL, (int)h, s->cfg.ntp_refl_per_hour,
			   (int64_t)(120 + h * 53 % 180) * SEC);
}

static void add_bg_extra(ash_flows *fl)
{
	const ash_scn *s = fl->s;
	double sum = 0;
	for (size_t i = 0; i < sizeof bg_table / sizeof bg_table[0]; i++)
		sum += bg_table[i].per_day;
	double k = s->cfg.bg_flows_per_day / sum * s->cfg.scale;
	const hostlist *lists[] = {&fl->ldap, &fl->memc, &fl->ssdp};
	for (size_t i = 0; i < sizeof bg_extra / sizeof bg_extra[0]; i++) {
		const struct bg *b = &bg_extra[i];
		double per_day = b->per_day * k;
		if (per_day <= 0 || !lists[i]->n)
			continue;
		stream *st = stream_add(fl, b->tag, b->curve, -1, s->t1);
		st->mean_us = 86400.0 * SEC * s->curve_mean[b->curve] / per_day;
		st->next = next_poisson(s, st, s->t0);
	}
}

/* Streams of the variants' roles (none in the seed story, whose streams
 * and their seeds are therefore unchanged). */
static void add_host_extra(ash_flows *fl, size_t h)
{
	const ash_scn *s = fl->s;
	const ash_scn_host *x = &s->hosts[h];
	stream *st;
	for (size_t i = 2; ash_flows_refl_svc(i); i++) {
		const ash_refl_svc *r = ash_flows_refl_svc(i);
		static const size_t off[] = {0, 0, 90, 150, 45, 200};
		double per_hour[] = {0, 0, s->cfg.ssdp_refl_per_hour,
				     s->cfg.memc_refl_per_hour, s->cfg.snmp_refl_per_hour,
				     s->cfg.cldap_refl_per_hour};
		if ((x->roles & ASH_GEN_REFLECT) && (x->roles & r->role))
			add_attack(fl, r->tag, (int)h, per_hour[i],
				   (int64_t)(off[i] + h * 29 % 120) * SEC);
	}
	if (x->roles & ASH_GEN_MONITOR)
		for (size_t i = 0; i < s->nhosts; i++) {
			if (!(s->hosts[i].roles & ASH_GEN_SNMP) ||
			    s->hosts[i].zone == x->zone)
				continue; /* the firewall sees only other zones */
			st = stream_add(fl, ASH_TAG_SNMP_POLL, ASH_CURVE_FLAT, (int)h, s->t1);
			st->peer = (int)i;
			st->next = s->t0 + (int64_t)ash_rng_below(&st->rng, 300 * SEC);
		}
	if ((x->roles & ASH_GEN_SAAS) && s->nsaas) {
		st = stream_add(fl, ASH_TAG_SAAS, ASH_CURVE_FLAT, (int)h, s->t1);
		st->next = s->t0 + (int64_t)ash_rng_below(
			&st->rng, (uint32_t)s->cfg.saas_period_s * 1000000u);
	}
	if (x->roles & ASH_GEN_DOWNLOAD) {
		st = stream_add(fl, ASH_TAG_DOWNLOAD, ASH_CURVE_FLAT, (int)h, s->t1);
		st->peer_ip = pool_skew(st, &s->sites);
		st->night = (int)rr(st, 4, 12); /* connections left */
		st->peer = st->night;            /* connections in all */
		st->next = s->dl0 + (int64_t)ash_rng_below(&st->rng, 30 * SEC);
		if (st->next >= s->t1)
			st->next = NEVER;
	}
	if ((x->roles & ASH_GEN_BUSY_DNS) && (x->roles & ASH_GEN_DNS)) {
		double per_day = s->cfg.busy_dns_per_day * s->cfg.scale;
		if (per_day > 0) {
			st = stream_add(fl, ASH_TAG_DNS_BUSY, ASH_CURVE_PUBLIC, (int)h, s->t1);
			st->mean_us = 86400.0 * SEC * s->curve_mean[ASH_CURVE_PUBLIC] / per_day;
			st->next = next_poisson(s, st, s->t0);
		}
	}
}

ash_flows *ash_flows_open(const ash_scn *s)
{
	ash_flows *fl = ash_calloc(1, sizeof *fl);
	fl->s = s;
	hosts_index(fl);
	list_make(s, &fl->web, ASH_GEN_WEB | ASH_GEN_APP, false, false);
	list_make(s, &fl->dns, ASH_GEN_DNS, false, false);
	list_make(s, &fl->ntp, ASH_GEN_NTP, false, false);
	list_make(s, &fl->mail, ASH_GEN_MAIL, false, false);
	list_make(s, &fl->files, ASH_GEN_FILES, false, false);
	list_make(s, &fl->inv_dmz, 0, true, false);
	list_make(s, &fl->ldap, ASH_GEN_CLDAP, false, true);
	list_make(s, &fl->memc, ASH_GEN_MEMCACHE, false, true);
	list_make(s, &fl->ssdp, ASH_GEN_SSDP, false, true);
	fl->hc = ash_calloc(s->nhosts + 1, sizeof *fl->hc);
	ash_rng_seed(&fl->uid, s->cfg.seed, RS_UID);
	add_background(fl);
	for (size_t h = 0; h < s->nhosts; h++)
		add_host_streams(fl, h);
	for (size_t h = 0; h < s->nhosts; h++)
		add_host_extra(fl, h);
	add_bg_extra(fl);
	fl->heap = ash_calloc(fl->nst + 1, sizeof *fl->heap);
	for (size_t i = 0; i < fl->nst; i++)
		if (fl->st[i].next < fl->st[i].end)
			fl->heap[fl->nheap++] = (uint32_t)i;
	for (size_t i = fl->nheap / 2 + 1; i-- > 0;)
		sift_down(fl, i);
	return fl;
}

bool ash_flows_next(ash_flows *fl, ash_flow *f)
{
	if (!fl->nheap)
		return false;
	stream *st = &fl->st[fl->heap[0]];
	synth(fl, st, f);
	f->uid[0] = ash_rng_next(&fl->uid);
	f->uid[1] = ash_rng_next(&fl->uid);
	count(fl, st, f);
	if (st->next >= st->end && st->tag != ASH_TAG_BACKUP)
		st->next = NEVER;
	if (st->next == NEVER)
		fl->heap[0] = fl->heap[--fl->nheap];
	sift_down(fl, 0);
	return true;
}

ash_flow_count ash_flows_count(const ash_flows *fl, int tag, int host)
{
	ash_flow_count c = {0};
	for (size_t i = 0; i < fl->nst; i++) {
		const stream *st = &fl->st[i];
		if (st->tag != tag || (host >= 0 && st->host != host) || !st->cnt.flows)
			continue;
		if (!c.flows || st->cnt.first < c.first)
			c.first = st->cnt.first;
		if (!c.flows || st->cnt.last > c.last)
			c.last = st->cnt.last;
		c.flows += st->cnt.flows;
		c.obytes += st->cnt.obytes, c.rbytes += st->cnt.rbytes;
		c.opkts += st->cnt.opkts, c.rpkts += st->cnt.rpkts;
	}
	return c;
}

const ash_host_count *ash_flows_host(const ash_flows *fl, size_t i)
{
	return i < fl->s->nhosts ? &fl->hc[i] : NULL;
}

void ash_flows_close(ash_flows *fl)
{
	if (!fl)
		return;
	hostlist *l[] = {&fl->web, &fl->dns, &fl->ntp, &fl->mail, &fl->files,
			 &fl->inv_dmz, &fl->ldap, &fl->memc, &fl->ssdp};
	for (size_t i = 0; i < sizeof l / sizeof l[0]; i++)
		free(l[i]->i);
	free(fl->hc);
	free(fl->st);
	free(fl->heap);
	free(fl);
}
