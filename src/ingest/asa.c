/* SPDX-License-Identifier: MIT */
/* asa.c: Cisco ASA / FTD (and PIX, FWSM) syslog messages that describe a
 * flow or a firewall decision: the "asa" format.
 *
 * Owns: the ASA header ("Apr 15 2014 09:34:34 EDT: %ASA-6-302013: ...",
 * with or without year, zone abbreviation or device id), the message id,
 * and the messages 302013-302016 and 302020/302021 (built/teardown with
 * duration and bytes; a TCP/UDP teardown's reason as the note), the
 * denies 106001 106006 106007 106014 106015
 * 106023 106100 313001 710003, threat detection 733100 (as events),
 * interface names as zones, real and mapped (NAT) addresses, the sniffer.
 * Every other message id is rejected with "ASA message N carries no flow".
 * Does not: parse the syslog stamp itself (syslog.c), resolve names given
 * instead of addresses (rejected), pair built with teardown, or allocate. */
#include "ingest/parser.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "ingest/strclean.h"
#include "ingest/syslog.h"

#define STR_MAX 128
#define HDR_MAX 256   /* longest header before "%ASA-" */
#define PAREN_MAX 512 /* longest "(user)" group skipped */

enum { S_RULE, S_DEVICE, S_IN, S_OUT, S_NOTE, S_COUNT };

typedef struct asa_state {
	ash_syslog sl;
	char hdr[HDR_MAX + 8];
	char why[80];
	char buf[S_COUNT][STR_MAX];
} asa_state;

/* A cursor over the message text. */
typedef struct cur {
	const char *p, *e;
} cur;

/* One end of a connection: interface, real and mapped address/port. */
typedef struct ep {
	ash_str ifn;
	ash_ip ip, mip;
	uint32_t port, mport; /* > 65535: none */
	bool mapped;
} ep;

#define NOPORT 0x10000u

/* ---- cursor helpers ---------------------------------------------------- */

static void skip_sp(cur *c)
{
	while (c->p < c->e && *c->p == ' ')
		c->p++;
}

/* Literal w (case-sensitive) after spaces; advances past it. */
static bool lit(cur *c, const char *w)
{
	size_t l = strlen(w);
	skip_sp(c);
	if ((size_t)(c->e - c->p) < l || memcmp(c->p, w, l) != 0)
		return false;
	c->p += l;
	return true;
}

/* Next word up to a space or end. */
static ash_str word(cur *c)
{
	skip_sp(c);
	const char *s = c->p;
	while (c->p < c->e && *c->p != ' ')
		c->p++;
	return (ash_str){s, (uint32_t)(c->p - s)};
}

static bool str_is(ash_str s, const char *w)
{
	return s.n == strlen(w) && memcmp(s.p, w, s.n) == 0;
}

static bool str_ieq(ash_str s, const char *w)
{
	if (s.n != strlen(w))
		return false;
	for (uint32_t i = 0; i < s.n; i++)
		if ((s.p[i] | 0x20) != (w[i] | 0x20))
			return false;
	return true;
}

/* Move to just after the first occurrence of w; false when absent. */
static bool seek(cur *c, const char *w)
{
	const char *f = memmem(c->p, (size_t)(c->e - c->p), w, strlen(w));
	if (!f)
		return false;
	c->p = f + strlen(w);
	return true;
}

/* Skip a "(...)" group right at the cursor (nested, bounded). */
static void skip_paren(cur *c)
{
	if (c->p >= c->e || *c->p != '(')
		return;
	int depth = 0;
	const char *q = c->p;
	for (; q < c->e && q - c->p < PAREN_MAX; q++) {
		depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
		if (!depth) {
			c->p = q + 1;
			return;
		}
	}
}

static int num(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	if (!n || n > 19)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

/* "ADDR[/PORT]" of n bytes. */
static int addr_port(const char *s, size_t n, ash_ip *ip, uint32_t *port)
{
	const char *sl = NULL;
	uint64_t v;
	for (size_t i = n; i > 0; i--)
		if (s[i - 1] == '/') {
			sl = s + i - 1;
			break;
		}
	*port = NOPORT;
	if (sl) {
		if (num(sl + 1, (size_t)(s + n - sl - 1), 65535, &v) != 0)
			return -1;
		*port = (uint32_t)v;
		n = (size_t)(sl - s);
	}
	return ash_ip_parse(s, n, ip);
}

enum ep_form {
	EP_IF_COLON = 1, /* "IF:ADDR/PORT" (+ " (MADDR/MPORT)") */
	EP_IF_PAREN = 2, /* "IF/ADDR(PORT)" (106100) */
	EP_BARE = 3      /* "ADDR/PORT" or "ADDR" */
};

/* One endpoint at the cursor; user groups "(...)" after it are skipped. */
static int endpoint(cur *c, int form, ep *x)
{
	memset(x, 0, sizeof *x);
	x->port = x->mport = NOPORT;
	skip_sp(c);
	const char *s = c->p;
	while (c->p < c->e && *c->p != ' ' && *c->p != '(' && *c->p != ')' &&
	       *c->p != ',')
		c->p++;
	size_t n = (size_t)(c->p - s);
	if (form != EP_BARE) {
		const char *sep = memchr(s, form == EP_IF_COLON ? ':' : '/', n);
		if (!sep)
			return -1;
		x->ifn = (ash_str){s, (uint32_t)(sep - s)};
		n -= (size_t)(sep + 1 - s);
		s = sep + 1;
	}
	if (form == EP_IF_PAREN) {
		uint64_t v;
		if (ash_ip_parse(s, n, &x->ip) != 0 || c->p >= c->e || *c->p != '(')
			return -1;
		const char *q = memchr(c->p, ')', (size_t)(c->e - c->p));
		if (!q || num(c->p + 1, (size_t)(q - c->p - 1), 65535, &v) != 0)
			return -1;
		x->port = (uint32_t)v;
		c->p = q + 1;
	} else if (addr_port(s, n, &x->ip, &x->port) != 0) {
		return -1;
	}
	skip_paren(c); /* "(LOCAL\user)" */
	return 0;
}

/* Optional " (MADDR/MPORT)" after an endpoint, then a user group. */
static void mapped(cur *c, ep *x)
{
	cur t = *c;
	skip_sp(&t);
	if (t.p >= t.e || *t.p != '(')
		return;
	const char *q = memchr(t.p, ')', (size_t)(t.e - t.p));
	if (!q || addr_port(t.p + 1, (size_t)(q - t.p - 1), &x->mip, &x->mport))
		return;
	x->mapped = true;
	c->p = q + 1;
	skip_paren(c);
}

/* ---- record helpers ---------------------------------------------------- */

static void set_port(ash_rec *r, uint32_t port, bool src)
{
	if (port > 65535)
		return;
	if (src)
		r->sport = (uint16_t)port, r->have |= ASH_HAVE_SPORT;
	else
		r->dport = (uint16_t)port, r->have |= ASH_HAVE_DPORT;
}

static bool differs(const ep *x)
{
	return x->mapped && (!ash_ip_eq(&x->ip, &x->mip) || x->port != x->mport);
}

/* Initiator i and responder o: src = i real, dst = o as i addressed it
 * (mapped), nat_src = i mapped, nat_dst = o real (pre-/post-NAT). */
static void set_pair(ash_rec *r, const ep *i, const ep *o)
{
	r->src = i->ip;
	set_port(r, i->port, true);
	r->in_if = i->ifn;
	r->out_if = o->ifn;
	r->dst = o->mapped ? o->mip : o->ip;
	set_port(r, o->mapped ? o->mport : o->port, false);
	if (differs(i)) {
		r->nat_src = i->mip;
		r->nat_sport = i->mport > 65535 ? 0 : (uint16_t)i->mport;
		r->have |= ASH_HAVE_NAT_SRC;
	}
	if (differs(o)) {
		r->nat_dst = o->ip;
		r->nat_dport = o->port > 65535 ? 0 : (uint16_t)o->port;
		r->have |= ASH_HAVE_NAT_DST;
	}
}

static int proto_word(ash_str w, uint8_t *proto)
{
	uint64_t v;
	if (str_ieq(w, "tcp"))
		*proto = 6;
	else if (str_ieq(w, "udp"))
		*proto = 17;
	else if (str_ieq(w, "icmp"))
		*proto = 1;
	else if (str_ieq(w, "icmp6") || str_ieq(w, "icmpv6"))
		*proto = 58;
	else if (str_ieq(w, "sctp"))
		*proto = 132;
	else if (str_ieq(w, "gre"))
		*proto = 47;
	else if (str_ieq(w, "esp"))
		*proto = 50;
	else if (str_ieq(w, "ip"))
		*proto = 0;
	else if (num(w.p, w.n, 255, &v) == 0)
		*proto = (uint8_t)v;
	else
		return -1;
	return 0;
}

static void set_proto(ash_rec *r, uint8_t p)
{
	if (p == 1 && !ash_ip_is_v4(&r->src))
		p = 58;
	r->proto = p;
	r->have |= ASH_HAVE_PROTO;
}

/* "type T[,] code C" anywhere in [c->p, c->e): ICMP type/code as dport. */
static void icmp_type_code(cur c, ash_rec *r)
{
	uint64_t t, k;
	if (!seek(&c, "type "))
		return;
	ash_str tw = word(&c);
	if (tw.n && tw.p[tw.n - 1] == ',')
		tw.n--;
	if (!lit(&c, "code "))
		return;
	ash_str cw = word(&c);
	while (cw.n && (cw.p[cw.n - 1] == ',' || cw.p[cw.n - 1] == ')'))
		cw.n--;
	if (num(tw.p, tw.n, 255, &t) || num(cw.p, cw.n, 255, &k))
		return;
	r->dport = (uint16_t)(t << 8 | k);
	r->have = (r->have | ASH_HAVE_DPORT) & ~(uint32_t)ASH_HAVE_SPORT;
	r->sport = 0;
}

static uint8_t tcp_flag_word(ash_str w)
{
	static const struct {
		const char *w;
		uint8_t f;
	} t[] = {{"SYN", ASH_TCP_SYN}, {"ACK", ASH_TCP_ACK}, {"FIN", ASH_TCP_FIN},
		 {"RST", ASH_TCP_RST}, {"PSH", ASH_TCP_PSH}, {"URG", ASH_TCP_URG},
		 {"ECE", ASH_TCP_ECE}, {"CWR", ASH_TCP_CWR}};
	for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
		if (str_is(w, t[k].w))
			return t[k].f;
	return 0;
}

/* "flags W W W on interface IF" tail of 106001/106015/106006. */
static void flags_iface(cur c, ash_rec *r)
{
	cur f = c;
	if (lit(&f, "flags")) {
		for (int k = 0; k < 16; k++) {
			ash_str w = word(&f);
			uint8_t b = tcp_flag_word(w);
			if (!b)
				break;
			r->tcp_flags |= b;
			r->have |= ASH_HAVE_FLAGS;
		}
	}
	if (seek(&c, "on interface "))
		r->in_if = word(&c);
}

/* 106016: "Deny IP spoof from (A) to B on interface IF" */
static int spoof_106016(cur *c, ash_rec *r, const char **reason)
{
	ep a, b;
	if (!lit(c, "Deny IP spoof from (") || endpoint(c, EP_BARE, &a) != 0 ||
	    !lit(c, ") to ") || endpoint(c, EP_BARE, &b) != 0) {
		*reason = "ASA 106016: unexpected wording or address";
		return -1;
	}
	set_pair(r, &a, &b);
	if (seek(c, "on interface "))
		r->in_if = word(c);
	r->action = ASH_ACT_DENY;
	return 0;
}

/* 313004: "Denied ICMP type=T, from laddr A on interface IF to B: no
 * matching session" (type only: code 0) */
static int icmp_313004(cur *c, ash_rec *r, const char **reason)
{
	ep a, b;
	uint64_t t;
	ash_str tw;
	if (!lit(c, "Denied ICMP type=") || (tw = word(c), tw.n < 2) ||
	    num(tw.p, tw.n - 1, 255, &t) != 0 || !lit(c, "from laddr ") ||
	    endpoint(c, EP_BARE, &a) != 0 || !lit(c, "on interface "))
		goto bad;
	r->in_if = word(c);
	if (!lit(c, "to "))
		goto bad;
	const char *colon = c->p;
	while (colon < c->e && *colon != ' ')
		colon++;
	if (colon > c->p && colon[-1] == ':')
		colon--;
	if (ash_ip_parse(c->p, (size_t)(colon - c->p), &b.ip) != 0)
		goto bad;
	r->src = a.ip;
	r->dst = b.ip;
	set_proto(r, 1);
	r->dport = (uint16_t)(t << 8);
	r->have |= ASH_HAVE_DPORT;
	r->action = ASH_ACT_DENY;
	return 0;
bad:
	*reason = "ASA 313004: unexpected wording or address";
	return -1;
}

/* 338001-338008: "Dynamic Filter {monitored|dropped|permitted} black[ ]listed
 * PROTO traffic from IF:A/P (MA/MP) to IF:B/P (MB/MP), ..." */
static int dynfilter_338(cur *c, ash_rec *r, const char **reason)
{
	ep a, b;
	uint8_t proto;
	if (!lit(c, "Dynamic Filter "))
		goto bad;
	ash_str act = word(c);
	r->action = str_is(act, "dropped") ? ASH_ACT_DROP : ASH_ACT_ALLOW;
	if (!seek(c, "listed ") || proto_word(word(c), &proto) != 0 ||
	    !lit(c, "traffic from ") || endpoint(c, EP_IF_COLON, &a) != 0)
		goto bad;
	mapped(c, &a);
	if (!lit(c, "to ") || endpoint(c, EP_IF_COLON, &b) != 0)
		goto bad;
	mapped(c, &b);
	set_pair(r, &a, &b);
	set_proto(r, proto);
	return 0;
bad:
	*reason = "ASA 338xxx dynamic filter: unexpected wording or address";
	return -1;
}

/* ---- the messages ------------------------------------------------------ */

/* "H:MM:SS" (hours unbounded; also "1d2h:03:04" is not produced by ASA). */
static int duration(ash_str w, int64_t *sec)
{
	uint64_t h, m, s;
	const char *a = memchr(w.p, ':', w.n);
	if (!a || w.n - (size_t)(a - w.p) != 6 || a[3] != ':' ||
	    num(w.p, (size_t)(a - w.p), 1000000, &h) || num(a + 1, 2, 59, &m) ||
	    num(a + 4, 2, 59, &s))
		return -1;
	*sec = (int64_t)(h * 3600 + m * 60 + s);
	return 0;
}

/* The reason after a teardown's "bytes N" ("TCP FINs", "TCP Reset-I",
 * "Conn-timeout", ...): up to " from IF" (the side that closed it), a
 * "(user)" group or the end of the message; empty when there is none. */
static ash_str teardown_reason(cur c)
{
	skip_sp(&c);
	const char *s = c.p, *e = c.e;
	const char *from = memmem(s, (size_t)(e - s), " from ", 6);
	if (from)
		e = from;
	const char *user = memchr(s, '(', (size_t)(e - s));
	if (user)
		e = user;
	while (e > s && e[-1] == ' ')
		e--;
	return (ash_str){s, (uint32_t)(e - s)};
}

/* 302013-302016: Built {inbound|outbound} / Teardown {TCP|UDP}. */
static int conn_tcpudp(cur *c, bool built, ash_rec *r, const char **reason)
{
	ep a, b;
	bool outbound = false;
	ash_str w;
	if (!lit(c, built ? "Built" : "Teardown"))
		goto bad;
	if (built) {
		w = word(c);
		outbound = str_is(w, "outbound");
		if (!outbound && !str_is(w, "inbound"))
			goto bad;
	}
	w = word(c);
	if (!str_is(w, "TCP") && !str_is(w, "UDP"))
		goto bad;
	set_proto(r, str_is(w, "TCP") ? 6 : 17);
	if (!lit(c, "connection") || !word(c).n || !lit(c, "for ") ||
	    endpoint(c, EP_IF_COLON, &a) != 0)
		goto bad_ep;
	mapped(c, &a);
	if (!lit(c, "to ") && !(word(c), lit(c, "to "))) /* old: " user to" */
		goto bad;
	if (endpoint(c, EP_IF_COLON, &b) != 0)
		goto bad_ep;
	mapped(c, &b);
	if (outbound)
		set_pair(r, &b, &a);
	else
		set_pair(r, &a, &b);
	set_proto(r, r->proto); /* family known now */
	if (!built) {
		int64_t d;
		uint64_t bytes;
		if (!seek(c, " duration ") || duration(word(c), &d) != 0) {
			*reason = "ASA teardown: bad or missing duration";
			return -1;
		}
		ash_str bw;
		if (!lit(c, "bytes") || (bw = word(c), num(bw.p, bw.n, UINT64_MAX / 2,
							    &bytes) != 0)) {
			*reason = "ASA teardown: bad or missing bytes";
			return -1;
		}
		r->t_end = r->t_start;
		r->t_start -= d * 1000000;
		r->obytes = bytes;
		r->have |= ASH_HAVE_END | ASH_HAVE_OBYTES;
		r->note = teardown_reason(*c);
		if (lit(c, "TCP FINs"))
			r->tcp_flags = ASH_TCP_FIN, r->have |= ASH_HAVE_FLAGS;
		else if (lit(c, "TCP Reset"))
			r->tcp_flags = ASH_TCP_RST, r->have |= ASH_HAVE_FLAGS;
	}
	r->action = ASH_ACT_ALLOW;
	return 0;
bad:
	*reason = "ASA connection message: unexpected wording";
	return -1;
bad_ep:
	*reason = "ASA connection message: bad endpoint (a name, not an address?)";
	return -1;
}

/* "faddr|gaddr|laddr ADDR/ID[(user)]" */
static int icmp_addr(cur *c, const char *key, ep *x)
{
	if (!lit(c, key) || endpoint(c, EP_BARE, x) != 0)
		return -1;
	x->port = NOPORT;
	return 0;
}

/* 302020/302021: Built {inbound|outbound} / Teardown ICMP connection. */
static int conn_icmp(cur *c, bool built, ash_rec *r, const char **reason)
{
	ep f, g, l;
	bool outbound = false;
	if (!lit(c, built ? "Built" : "Teardown"))
		goto bad;
	if (built) {
		ash_str w = word(c);
		outbound = str_is(w, "outbound");
		if (!outbound && !str_is(w, "inbound"))
			goto bad;
	}
	ash_str pw = word(c);
	if (!str_ieq(pw, "ICMP") && !str_ieq(pw, "ICMPv6"))
		goto bad;
	if (!lit(c, "connection for") || icmp_addr(c, "faddr ", &f) ||
	    icmp_addr(c, "gaddr ", &g) || icmp_addr(c, "laddr ", &l))
		goto bad;
	l.mip = g.ip;
	l.mapped = true;
	if (outbound)
		set_pair(r, &l, &f);
	else
		set_pair(r, &f, &l);
	set_proto(r, str_ieq(pw, "ICMPv6") ? 58 : 1);
	icmp_type_code(*c, r);
	r->action = ASH_ACT_ALLOW;
	return 0;
bad:
	*reason = "ASA ICMP connection message: unexpected wording or address";
	return -1;
}

/* 106001 106006 106007 106015: "... PROTO ... from A/P to B/P ..." */
static int deny_from_to(cur *c, uint8_t proto, ash_rec *r, const char **reason)
{
	ep a, b;
	if (!seek(c, " from ") || endpoint(c, EP_BARE, &a) != 0 ||
	    !lit(c, "to ") || endpoint(c, EP_BARE, &b) != 0) {
		*reason = "ASA deny: bad from/to addresses";
		return -1;
	}
	set_pair(r, &a, &b);
	set_proto(r, proto);
	flags_iface(*c, r);
	r->action = ASH_ACT_DENY;
	return 0;
}

/* 106014: "Deny {inbound|outbound} icmp src IF:A dst IF:B (type T, code C)"
 * 106023: "Deny PROTO src IF:A/P dst IF:B/P [(type T, code C)] by
 * access-group "ACL" [...]" */
static int deny_src_dst(cur *c, ash_rec *r, const char **reason)
{
	ep a, b;
	uint8_t proto;
	if (!lit(c, "Deny"))
		goto bad;
	ash_str w = word(c);
	if (str_is(w, "inbound") || str_is(w, "outbound"))
		w = word(c);
	if (str_is(w, "protocol"))
		w = word(c);
	if (proto_word(w, &proto) != 0 || !lit(c, "src ") ||
	    endpoint(c, EP_IF_COLON, &a) != 0 || !lit(c, "dst ") ||
	    endpoint(c, EP_IF_COLON, &b) != 0)
		goto bad;
	set_pair(r, &a, &b);
	set_proto(r, proto);
	if (r->proto == 1 || r->proto == 58)
		icmp_type_code(*c, r);
	if (seek(c, "access-group \"")) {
		const char *q = memchr(c->p, '"', (size_t)(c->e - c->p));
		r->rule = (ash_str){c->p, (uint32_t)(q ? q - c->p : c->e - c->p)};
	}
	r->action = ASH_ACT_DENY;
	return 0;
bad:
	*reason = "ASA deny (106014/106023): unexpected wording or address";
	return -1;
}

/* 106100: "access-list ACL {permitted|denied|est-allowed} PROTO
 * IF/A(P) -> IF/B(P) hit-cnt N ..." */
static int acl_106100(cur *c, ash_rec *r, const char **reason)
{
	ep a, b;
	uint8_t proto;
	if (!lit(c, "access-list "))
		goto bad;
	r->rule = word(c);
	ash_str act = word(c);
	if (str_is(act, "denied"))
		r->action = ASH_ACT_DENY;
	else if (str_is(act, "permitted") || str_is(act, "est-allowed"))
		r->action = ASH_ACT_ALLOW;
	else
		goto bad;
	if (proto_word(word(c), &proto) != 0 ||
	    endpoint(c, EP_IF_PAREN, &a) != 0 || !lit(c, "-> ") ||
	    endpoint(c, EP_IF_PAREN, &b) != 0)
		goto bad;
	set_pair(r, &a, &b);
	set_proto(r, proto);
	if (r->proto == 1 || r->proto == 58) { /* (type) -> (code) */
		r->dport = (uint16_t)((a.port & 0xff) << 8 | (b.port & 0xff));
		r->have = (r->have | ASH_HAVE_DPORT) & ~(uint32_t)ASH_HAVE_SPORT;
		r->sport = 0;
	}
	return 0;
bad:
	*reason = "ASA 106100: unexpected wording or address";
	return -1;
}

/* 313001: "Denied ICMP type=T, code=C from A on interface IF": sent to the
 * ASA itself, whose address the message does not give (dst unspecified). */
static int icmp_313001(cur *c, ash_rec *r, const char **reason)
{
	uint64_t t, k;
	ep a;
	if (!lit(c, "Denied ICMP type=") || !(c->p < c->e))
		goto bad;
	ash_str tw = word(c);
	if (tw.n && tw.p[tw.n - 1] == ',')
		tw.n--;
	if (num(tw.p, tw.n, 255, &t) || !lit(c, "code="))
		goto bad;
	ash_str cw = word(c);
	if (num(cw.p, cw.n, 255, &k) || !lit(c, "from ") ||
	    endpoint(c, EP_BARE, &a) != 0)
		goto bad;
	r->src = a.ip;
	memset(&r->dst, 0, sizeof r->dst);
	if (ash_ip_is_v4(&a.ip))
		ash_ip_from_v4(&r->dst, 0);
	set_proto(r, 1);
	r->dport = (uint16_t)(t << 8 | k);
	r->have |= ASH_HAVE_DPORT;
	if (seek(c, "on interface "))
		r->in_if = word(c);
	r->action = ASH_ACT_DENY;
	return 0;
bad:
	*reason = "ASA 313001: unexpected wording or address";
	return -1;
}

/* 710003: "{TCP|UDP} access denied by ACL from A/P to IF:B/P" */
static int acl_710003(cur *c, ash_rec *r, const char **reason)
{
	ep a, b;
	uint8_t proto;
	if (proto_word(word(c), &proto) != 0 || !lit(c, "access denied by ACL from ") ||
	    endpoint(c, EP_BARE, &a) != 0 || !lit(c, "to ") ||
	    endpoint(c, EP_IF_COLON, &b) != 0) {
		*reason = "ASA 710003: unexpected wording or address";
		return -1;
	}
	set_pair(r, &a, &b);
	r->in_if = b.ifn; /* to the box: arrived on that interface */
	r->out_if = (ash_str){0};
	set_proto(r, proto);
	r->action = ASH_ACT_DENY;
	return 0;
}

/* 733100: "[ OBJECT] drop rate-N exceeded. ..." threat detection: an event,
 * src = OBJECT when it is an address, otherwise unspecified; rule = the
 * object and rate ("Scanning drop rate-1"). */
static int threat_733100(asa_state *st, cur *c, ash_rec *r, const char **reason)
{
	skip_sp(c);
	if (c->p >= c->e || *c->p != '[') {
		*reason = "ASA 733100: no [object]";
		return -1;
	}
	const char *q = memchr(c->p, ']', (size_t)(c->e - c->p));
	if (!q || q - c->p > 100) {
		*reason = "ASA 733100: no [object]";
		return -1;
	}
	const char *o = c->p + 1;
	while (o < q && *o == ' ')
		o++;
	ash_str obj = {o, (uint32_t)(q - o)};
	ash_ip ip;
	ash_ip_from_v4(&r->src, 0);
	if (ash_ip_parse(obj.p, obj.n, &ip) == 0)
		r->src = ip;
	ash_ip_from_v4(&r->dst, 0);
	if (!ash_ip_is_v4(&r->src))
		memset(&r->dst, 0, sizeof r->dst);
	c->p = q + 1;
	ash_str rate = {0};
	if (lit(c, "drop "))
		rate = word(c);
	int len = snprintf(st->buf[S_RULE], STR_MAX, "%.*s drop %.*s",
			   (int)(obj.n > 100 ? 100 : obj.n), obj.p,
			   (int)(rate.n > 20 ? 20 : rate.n), rate.p ? rate.p : "");
	r->rule = (ash_str){st->buf[S_RULE], (uint32_t)(len < STR_MAX ? len : STR_MAX - 1)};
	r->action = ASH_ACT_DROP;
	return 0;
}

static int dispatch(asa_state *st, unsigned id, cur *c, ash_rec *r,
		    const char **reason)
{
	switch (id) {
	case 302013: case 302015: return conn_tcpudp(c, true, r, reason);
	case 302014: case 302016: return conn_tcpudp(c, false, r, reason);
	case 302020: return conn_icmp(c, true, r, reason);
	case 302021: return conn_icmp(c, false, r, reason);
	case 106001: case 106015: return deny_from_to(c, 6, r, reason);
	case 106006: case 106007: return deny_from_to(c, 17, r, reason);
	case 106014: case 106023: return deny_src_dst(c, r, reason);
	case 106100: return acl_106100(c, r, reason);
	case 313001: return icmp_313001(c, r, reason);
	case 710003: return acl_710003(c, r, reason);
	case 733100: return threat_733100(st, c, r, reason);
	case 106016: return spoof_106016(c, r, reason);
	case 313004: return icmp_313004(c, r, reason);
	case 338001: case 338002: case 338003: case 338004:
	case 338005: case 338006: case 338007: case 338008:
		return dynfilter_338(c, r, reason);
	default:
		snprintf(st->why, sizeof st->why, "ASA message %06u carries no flow", id);
		*reason = st->why;
		return -1;
	}
}

/* ---- header ------------------------------------------------------------ */

/* Offset of "%ASA-" (or %FTD-, %PIX-, %FWSM-), or -1. */
static long find_tag(const char *s, size_t n)
{
	static const char *const tags[] = {"ASA-", "FTD-", "PIX-", "FWSM-"};
	const char *p = s, *end = s + n;
	while (p < end && (p = memchr(p, '%', (size_t)(end - p))) != NULL) {
		for (size_t k = 0; k < 4; k++) {
			size_t l = strlen(tags[k]);
			if ((size_t)(end - p - 1) >= l && !memcmp(p + 1, tags[k], l))
				return (long)(p - s);
		}
		p++;
	}
	return -1;
}

/* Zone abbreviations that name one offset only (others: site zone). */
static int abbrev_offset(ash_str w, int32_t *off)
{
	static const struct {
		const char *a;
		int32_t h;
	} t[] = {{"UTC", 0},   {"GMT", 0},   {"Z", 0},      {"EST", -5},
		 {"EDT", -4},  {"CDT", -5},  {"MST", -7},   {"MDT", -6},
		 {"PST", -8},  {"PDT", -7},  {"AKST", -9},  {"AKDT", -8},
		 {"HST", -10}, {"CET", 1},   {"CEST", 2},   {"EET", 2},
		 {"EEST", 3},  {"WET", 0},   {"WEST", 1},   {"MSK", 3},
		 {"JST", 9},   {"KST", 9},   {"AEST", 10},  {"AEDT", 11},
		 {"NZST", 12}, {"NZDT", 13}, {"SGT", 8},    {"HKT", 8}};
	for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
		if (str_is(w, t[k].a)) {
			*off = t[k].h * 3600;
			return 0;
		}
	return -1;
}

/* The text before "%ASA-": syslog stamp (syslog.c), then an optional zone
 * abbreviation or device id, ending in ":" or " :". */
static int header(asa_state *st, const char *s, size_t n, ash_syslog_hdr *h,
		  const char **reason)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == ':'))
		n--;
	if (!n) {
		*reason = "ASA message without a timestamp";
		return -1;
	}
	if (n > HDR_MAX) {
		*reason = "ASA header too long";
		return -1;
	}
	memcpy(st->hdr, s, n);
	memcpy(st->hdr + n, " %ASA:", 6);
	if (ash_syslog_parse(&st->sl, st->hdr, n + 6, h, reason) != 0)
		return -1;
	int32_t off;
	if (h->host.n && abbrev_offset(h->host, &off) == 0) {
		int64_t local = h->t_us + (int64_t)h->tz_off * 1000000;
		h->t_us = local - (int64_t)off * 1000000;
		h->tz_off = off;
		h->host = (ash_str){0};
	}
	return 0;
}

/* "%ASA-[class-]L-NNNNNN[:]" at s: the id and the message after it. */
static int msg_id(const char *s, size_t n, unsigned *id, size_t *body,
		  ash_str *ids)
{
	size_t i = 1, end;
	while (i < n && i < 40 && s[i] != ':' && s[i] != ' ')
		i++;
	end = i;
	size_t d = end;
	while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9')
		d--;
	uint64_t v;
	if (end - d != 6 || s[d - 1] != '-' || num(s + d, 6, 999999, &v) != 0)
		return -1;
	*id = (unsigned)v;
	*ids = (ash_str){s + d, 6};
	if (end < n && s[end] == ':')
		end++;
	*body = end;
	return 0;
}

/* ---- the parser interface ---------------------------------------------- */

static void *asa_open(const ash_parse_opts *o)
{
	asa_state *st = ash_calloc(1, sizeof *st);
	ash_syslog_init(&st->sl, o ? o->tz : NULL, o ? o->year : 0,
			o ? o->ref_time_us : 0);
	return st;
}

static void asa_close(void *state)
{
	free(state);
}

static void clean_strings(asa_state *st, ash_rec *r)
{
	if (r->rule.p != st->buf[S_RULE])
		ash_strclean(&r->rule, st->buf[S_RULE], STR_MAX);
	ash_strclean(&r->device, st->buf[S_DEVICE], STR_MAX);
	ash_strclean(&r->in_if, st->buf[S_IN], STR_MAX);
	ash_strclean(&r->out_if, st->buf[S_OUT], STR_MAX);
	ash_strclean(&r->note, st->buf[S_NOTE], STR_MAX);
}

static int asa_line(void *state, const char *s, size_t n, ash_rec *r,
		    const char **reason)
{
	asa_state *st = state;
	ash_syslog_hdr h;
	unsigned id;
	size_t body;
	ash_str ids;
	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (ash_syslog_is_comment(s, n))
		return ASH_LINE_META;
	long at = find_tag(s, n);
	if (at < 0) {
		*reason = "not an ASA message (no %ASA-)";
		return ASH_LINE_REJECT;
	}
	const char *m = s + at;
	size_t mn = n - (size_t)at;
	if (msg_id(m, mn, &id, &body, &ids) != 0) {
		*reason = "ASA message id is not -L-NNNNNN";
		return ASH_LINE_REJECT;
	}
	if (header(st, s, (size_t)at, &h, reason) != 0)
		return ASH_LINE_REJECT;
	memset(r, 0, sizeof *r);
	r->t_start = h.t_us;
	r->tz_off = h.tz_off;
	r->have = ASH_HAVE_TZOFF;
	r->format = ASH_FMT_ASA;
	r->device = h.host;
	r->rule = ids;
	cur c = {m + body, m + mn};
	if (dispatch(st, id, &c, r, reason) != 0)
		return ASH_LINE_REJECT;
	if (!r->rule.n)
		r->rule = ids;
	if (ash_ip_is_v4(&r->src) != ash_ip_is_v4(&r->dst)) {
		*reason = "ASA: source and destination of different address families";
		return ASH_LINE_REJECT;
	}
	clean_strings(st, r);
	return ASH_LINE_RECORD;
}

static int asa_sniff(const char *buf, size_t n)
{
	size_t lines = 0, hits = 0, i = 0;
	if (!buf)
		return 0;
	while (i < n && lines < 400) {
		const char *nl = memchr(buf + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - buf) : n;
		const char *l = buf + i;
		size_t ln = e - i;
		i = e + 1;
		if (ash_syslog_is_comment(l, ln))
			continue;
		lines++;
		if (find_tag(l, ln) >= 0)
			hits++;
	}
	if (!hits)
		return 0;
	return (int)(40 + 60 * hits / lines);
}

const ash_parser ash_asa_parser = {
	.name = "asa",
	.format = ASH_FMT_ASA,
	.what = "Cisco ASA / FTD syslog (connections, denies, threat detection)",
	.sniff = asa_sniff,
	.open = asa_open,
	.line = asa_line,
	.close = asa_close,
};
