/* SPDX-License-Identifier: MIT */
/* collect.c: the live collector behind `ashiato collect`.
 * Owns: the UDP socket, the interval buffer (bounded by
 * ASH_COLLECT_MAX_BYTES / _DGRAMS), writing an interval as a spool file
 * (pcap of raw IPv4/IPv6+UDP packets rebuilt from each datagram's source
 * and the listening address, or the syslog lines as text), then
 * ingesting it (evidence kept, one transaction) and removing it; the
 * template carry-over: the templates known when an interval starts are
 * written first in its capture as template-only datagrams, so each
 * interval file decodes on its own; the data carry-over: a datagram whose
 * data sets all wait for a template the collector has not seen yet is
 * held back from its interval's file and goes into the next one (where
 * its template may come), for at most ASH_COLLECT_CARRY_SECS and
 * ASH_COLLECT_CARRY_BYTES, never past the stop.  Leftover spool files (a
 * crash) are ingested at start.  Does not: print (status goes to a callback),
 * install signal handlers, or decode records itself (ingest does). */
#include "ingest/collect.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "ingest/netflow.h"

typedef struct dg {
	int64_t t_us;
	ash_ip src;
	uint16_t sport;
	size_t off, len;
	uint64_t unit;   /* number given to the learning decoder */
	bool pending;    /* its data waits for a template */
	bool carried;    /* held back for the next interval */
} dg;

/* Datagrams and their bytes, back to back. */
typedef struct dgbuf {
	uint8_t *b;
	size_t n, cap;
	dg *d;
	size_t nd, capd;
} dgbuf;

typedef struct coll {
	const ash_collect_opts *o;
	ash_store *s;
	int fd;
	bool syslog;
	ash_ip laddr;
	uint16_t lport;
	dgbuf cur, tpl; /* this interval; template snapshot at its start */
	dgbuf carry;    /* held back from the interval being written */
	ash_nf *nf;
	uint64_t no, rxno;
	uint8_t rx[65536];
} coll;

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static dg *dg_add(dgbuf *q, int64_t t, const ash_ip *src, uint16_t sport,
		  const uint8_t *p, size_t n)
{
	ash_grow((void **)&q->b, &q->cap, q->n + n, 1);
	ash_grow((void **)&q->d, &q->capd, q->nd + 1, sizeof *q->d);
	memcpy(q->b + q->n, p, n);
	q->d[q->nd] = (dg){.t_us = t, .src = *src, .sport = sport,
			   .off = q->n, .len = n};
	q->n += n;
	return &q->d[q->nd++];
}

static void dg_free(dgbuf *q)
{
	free(q->b);
	free(q->d);
	memset(q, 0, sizeof *q);
}

/* ---- the listen address ------------------------------------------------ */

static int parse_listen(const char *s, bool *syslog, ash_ip *ip,
			uint16_t *port, ash_err *err)
{
	const char *p = s;
	*syslog = false;
	if (!strncmp(p, "udp://", 6)) {
		p += 6;
	} else if (!strncmp(p, "syslog+udp://", 13)) {
		p += 13;
		*syslog = true;
	} else {
		return ash_errf(err, ASH_EUSAGE, "--listen %s: want udp://ADDR:PORT "
				"or syslog+udp://ADDR:PORT", s);
	}
	const char *colon = strrchr(p, ':');
	const char *a = p, *ae = colon;
	if (colon && *p == '[') {
		a = p + 1;
		ae = colon > p && colon[-1] == ']' ? colon - 1 : NULL;
	}
	char *end;
	long v = colon ? strtol(colon + 1, &end, 10) : -1;
	if (!colon || !ae || ae <= a || *end || colon[1] == 0 || v < 1 || v > 65535 ||
	    ash_ip_parse(a, (size_t)(ae - a), ip) != 0)
		return ash_errf(err, ASH_EUSAGE, "--listen %s: want an address "
				"literal and a port 1-65535", s);
	*port = (uint16_t)v;
	return ASH_OK;
}

int ash_collect_check_listen(const char *listen, ash_err *err)
{
	bool sl;
	ash_ip ip;
	uint16_t port;
	return parse_listen(listen ? listen : "", &sl, &ip, &port, err);
}

static int open_socket(coll *c, ash_err *err)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	memset(&ss, 0, sizeof ss);
	bool v4 = ash_ip_is_v4(&c->laddr);
	if (v4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(c->lport);
		sin->sin_addr.s_addr = htonl(ash_ip_v4(&c->laddr));
		sl = sizeof *sin;
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(c->lport);
		memcpy(&sin6->sin6_addr, c->laddr.b, 16);
		sl = sizeof *sin6;
	}
	c->fd = socket(v4 ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return ash_errno(err, ASH_EIO, "collect: socket");
	int rcvbuf = 8 << 20;
	(void)setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
	if (bind(c->fd, (struct sockaddr *)&ss, sl) != 0)
		return ash_errno(err, ASH_EIO, "collect: bind %s", c->o->listen);
	return ASH_OK;
}

/* ---- writing an interval ----------------------------------------------- */

static uint16_t ip_sum(const uint8_t *h, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(h[i] << 8 | h[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* A raw IP + UDP packet around one datagram, into out (hdr + payload). */
static size_t frame(const coll *c, const dg *d, const uint8_t *payload,
		    uint8_t *out)
{
	size_t h, ulen = 8 + d->len;
	bool v4 = ash_ip_is_v4(&d->src);
	if (v4) {
		h = 20;
		memset(out, 0, 28);
		out[0] = 0x45;
		out[2] = (uint8_t)((h + ulen) >> 8);
		out[3] = (uint8_t)(h + ulen);
		out[8] = 64;
		out[9] = 17;
		memcpy(out + 12, d->src.b + 12, 4);
		if (ash_ip_is_v4(&c->laddr))
			memcpy(out + 16, c->laddr.b + 12, 4);
		uint16_t sum = ip_sum(out, 20);
		out[10] = (uint8_t)(sum >> 8);
		out[11] = (uint8_t)sum;
	} else {
		h = 40;
		memset(out, 0, 48);
		out[0] = 0x60;
		out[4] = (uint8_t)(ulen >> 8);
		out[5] = (uint8_t)ulen;
		out[6] = 17;
		out[7] = 64;
		memcpy(out + 8, d->src.b, 16);
		if (!ash_ip_is_v4(&c->laddr))
			memcpy(out + 24, c->laddr.b, 16);
	}
	uint8_t *u = out + h;
	u[0] = (uint8_t)(d->sport >> 8);
	u[1] = (uint8_t)d->sport;
	u[2] = (uint8_t)(c->lport >> 8);
	u[3] = (uint8_t)c->lport;
	u[4] = (uint8_t)(ulen >> 8);
	u[5] = (uint8_t)ulen;
	memcpy(u + 8, payload, d->len);
	return h + ulen;
}

static void dump_all(const coll *c, pcap_dumper_t *pd, const dgbuf *q,
		     uint8_t *pkt)
{
	for (size_t i = 0; i < q->nd; i++) {
		const dg *d = &q->d[i];
		if (d->carried)
			continue;
		size_t n = frame(c, d, q->b + d->off, pkt);
		struct pcap_pkthdr h = {.caplen = (bpf_u_int32)n, .len = (bpf_u_int32)n};
		h.ts.tv_sec = (time_t)(d->t_us / 1000000);
		h.ts.tv_usec = (suseconds_t)(d->t_us % 1000000);
		pcap_dump((u_char *)pd, &h, pkt);
	}
}

static int write_pcap(const coll *c, const char *tmp, ash_err *err)
{
	pcap_t *p = pcap_open_dead(DLT_RAW, 65535 + 48);
	if (!p)
		return ash_errf(err, ASH_EIO, "collect: pcap_open_dead");
	int rc = ASH_OK;
	uint8_t *pkt = ash_malloc(65536 + 48);
	pcap_dumper_t *pd = pcap_dump_open(p, tmp);
	if (!pd) {
		rc = ash_errf(err, ASH_EIO, "collect: %s: %s", tmp, pcap_geterr(p));
		goto out;
	}
	dump_all(c, pd, &c->tpl, pkt);
	dump_all(c, pd, &c->cur, pkt);
	if (pcap_dump_flush(pd) != 0 || fsync(fileno(pcap_dump_file(pd))) != 0)
		rc = ash_errno(err, ASH_EIO, "collect: write %s", tmp);
	pcap_dump_close(pd);
out:
	free(pkt);
	pcap_close(p);
	return rc;
}

/* The syslog lines of the interval, one per line (a datagram may hold
 * several, separated by newlines; a trailing CR is dropped). */
static int write_lines(const coll *c, const char *tmp, ash_err *err)
{
	FILE *f = fopen(tmp, "wb");
	if (!f)
		return ash_errno(err, ASH_EIO, "collect: %s", tmp);
	for (size_t i = 0; i < c->cur.nd; i++) {
		const uint8_t *p = c->cur.b + c->cur.d[i].off;
		size_t n = c->cur.d[i].len, s = 0;
		for (size_t k = 0; k <= n; k++) {
			if (k < n && p[k] != '\n')
				continue;
			size_t e = k;
			if (e > s && p[e - 1] == '\r')
				e--;
			if (e > s) {
				fwrite(p + s, 1, e - s, f);
				fputc('\n', f);
			}
			s = k + 1;
		}
	}
	int rc = ASH_OK;
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		rc = ash_errno(err, ASH_EIO, "collect: write %s", tmp);
	if (fclose(f) != 0 && !rc)
		rc = ash_errno(err, ASH_EIO, "collect: close %s", tmp);
	return rc;
}

/* ---- ingesting spool files --------------------------------------------- */

static int ingest_spool(coll *c, const char *path, bool pcap, uint64_t no,
			uint64_t ndg, uint64_t bytes, uint64_t held, ash_err *err)
{
	ash_ingest_opts io = c->o->ingest;
	io.progress = NULL;
	io.phase = NULL;
	if (pcap)
		io.format = "netflow";
	ash_ingest_result res;
	int rc = ash_ingest_file(c->s, c->o->evdir, path, &io, &res, err);
	if (rc)
		return rc;
	unlink(path);
	if (c->o->status) {
		ash_collect_status st = {no, ndg, bytes, &res, held};
		c->o->status(c->o->ctx, &st);
	}
	return ASH_OK;
}

/* Files a previous run wrote but did not ingest (a crash in between). */
static int recover(coll *c, ash_err *err)
{
	DIR *d = opendir(c->o->spool);
	if (!d)
		return ash_errno(err, ASH_EIO, "collect: %s", c->o->spool);
	int rc = ASH_OK;
	struct dirent *e;
	while (!rc && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		bool pcap = l > 5 && !strcmp(e->d_name + l - 5, ".pcap");
		bool log = l > 4 && !strcmp(e->d_name + l - 4, ".log");
		bool tmp = l > 4 && !strcmp(e->d_name + l - 4, ".tmp");
		if (strncmp(e->d_name, "interval-", 9) || !(pcap || log || tmp))
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", c->o->spool, e->d_name);
		if (tmp)
			unlink(path); /* never complete: its datagrams are lost */
		else
			rc = ingest_spool(c, path, pcap, 0, 0, 0, 0, err);
	}
	closedir(d);
	return rc;
}

static int tpl_cb(void *ctx, const ash_ip *exporter, uint16_t port,
		  const uint8_t *p, size_t n)
{
	dg_add(ctx, now_us(), exporter, port, p, n);
	return 0;
}

/* Start a new interval: templates known so far, then the datagrams
 * held back from the last one. */
static void next_interval(coll *c)
{
	c->cur.n = c->cur.nd = 0;
	c->tpl.n = c->tpl.nd = 0;
	if (!c->syslog)
		ash_nf_export_templates(c->nf, tpl_cb, &c->tpl);
	for (size_t i = 0; i < c->carry.nd; i++) {
		const dg *k = &c->carry.d[i];
		dg *d = dg_add(&c->cur, k->t_us, &k->src, k->sport,
			       c->carry.b + k->off, k->len);
		d->unit = k->unit;
		d->pending = true;
	}
	c->carry.n = c->carry.nd = 0;
}

/* Hold back the datagrams still waiting for a template (not at the
 * stop; each for ASH_COLLECT_CARRY_SECS at most, and
 * ASH_COLLECT_CARRY_BYTES in all).  Returns how many. */
static size_t pick_carry(coll *c, bool last)
{
	int64_t now = now_us();
	c->carry.n = c->carry.nd = 0;
	for (size_t i = 0; !last && !c->syslog && i < c->cur.nd; i++) {
		dg *d = &c->cur.d[i];
		if (!d->pending || now - d->t_us >= ASH_COLLECT_CARRY_SECS * 1000000LL ||
		    c->carry.n + d->len > ASH_COLLECT_CARRY_BYTES)
			continue;
		d->carried = true;
		dg *k = dg_add(&c->carry, d->t_us, &d->src, d->sport,
			       c->cur.b + d->off, d->len);
		k->unit = d->unit;
	}
	return c->carry.nd;
}

/* Write and ingest the interval (last: the stop, nothing held back). */
static int flush(coll *c, bool last, ash_err *err)
{
	uint64_t no = ++c->no;
	int rc = ASH_OK;
	size_t held = pick_carry(c, last);
	if (c->cur.nd == held) {
		if (c->o->status) {
			ash_collect_status st = {no, 0, 0, NULL, held};
			c->o->status(c->o->ctx, &st);
		}
		next_interval(c);
		return ASH_OK;
	}
	char path[4096], tmp[4200];
	snprintf(path, sizeof path, "%s/interval-%lld-%06llu.%s", c->o->spool,
		 (long long)(now_us() / 1000000), (unsigned long long)no,
		 c->syslog ? "log" : "pcap");
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	rc = c->syslog ? write_lines(c, tmp, err) : write_pcap(c, tmp, err);
	if (!rc && rename(tmp, path) != 0)
		rc = ash_errno(err, ASH_EIO, "collect: rename %s", tmp);
	if (!rc)
		rc = ingest_spool(c, path, !c->syslog, no, c->cur.nd - held,
				  c->cur.n - c->carry.n, held, err);
	next_interval(c);
	return rc;
}

/* ---- receiving ---------------------------------------------------------- */

static void from_sockaddr(const struct sockaddr_storage *ss, ash_ip *ip,
			  uint16_t *port)
{
	memset(ip, 0, sizeof *ip);
	*port = 0;
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;
		ash_ip_from_v4(ip, ntohl(s4->sin_addr.s_addr));
		*port = ntohs(s4->sin_port);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
		memcpy(ip->b, &s6->sin6_addr, 16);
		*port = ntohs(s6->sin6_port);
	}
}

/* The learning decoder's late verdict on datagram unit: it no longer
 * waits (decoded, or given up by the decoder).  Units of the interval
 * are in increasing order (held-back ones first). */
static int coll_settle(void *ctx, uint64_t unit, int verdict, const char *why,
		       const uint8_t *raw, size_t n, ash_err *err)
{
	(void)verdict, (void)why, (void)raw, (void)n, (void)err;
	coll *c = ctx;
	size_t lo = 0, hi = c->cur.nd;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->cur.d[mid].unit < unit)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->cur.nd && c->cur.d[lo].unit == unit)
		c->cur.d[lo].pending = false;
	return 0;
}

/* Read what is queued; ends the interval early when the buffer is full. */
static int drain(coll *c, ash_err *err)
{
	for (;;) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof ss;
		ssize_t n = recvfrom(c->fd, c->rx, sizeof c->rx, MSG_DONTWAIT,
				     (struct sockaddr *)&ss, &sl);
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ||
				       errno == EINTR
				       ? ASH_OK
				       : ash_errno(err, ASH_EIO, "collect: recv");
		if (c->cur.n + (size_t)n > ASH_COLLECT_MAX_BYTES ||
		    c->cur.nd >= ASH_COLLECT_MAX_DGRAMS) {
			int rc = flush(c, false, err);
			if (rc)
				return rc;
		}
		ash_ip src;
		uint16_t sport;
		from_sockaddr(&ss, &src, &sport);
		int64_t t = now_us();
		ash_nf_result res = {.verdict = ASH_NF_SKIPPED};
		if (!c->syslog) /* learn templates; know what waits for one */
			ash_nf_datagram(c->nf, c->rx, (size_t)n, &src, sport, t,
					++c->rxno, NULL, c, &res, NULL);
		dg *d = dg_add(&c->cur, t, &src, sport, c->rx, (size_t)n);
		d->unit = c->rxno;
		d->pending = res.verdict == ASH_NF_PENDING;
	}
}

static int loop(coll *c, ash_err *err)
{
	int64_t due = mono_ms() + c->o->interval_ms;
	while (!*c->o->stop) {
		int64_t left = due - mono_ms();
		if (left <= 0) {
			int rc = flush(c, false, err);
			if (rc)
				return rc;
			due += c->o->interval_ms;
			if (due < mono_ms())
				due = mono_ms() + c->o->interval_ms;
			continue;
		}
		struct pollfd pf = {.fd = c->fd, .events = POLLIN};
		int got = poll(&pf, 1, (int)(left < 1000 ? left : 1000));
		if (got < 0 && errno != EINTR)
			return ash_errno(err, ASH_EIO, "collect: poll");
		if (got > 0) {
			int rc = drain(c, err);
			if (rc)
				return rc;
		}
	}
	int rc = drain(c, err);
	return rc ? rc : flush(c, true, err);
}

int ash_collect_run(ash_store *s, const ash_collect_opts *o, ash_err *err)
{
	coll *c = ash_calloc(1, sizeof *c);
	c->o = o;
	c->s = s;
	c->fd = -1;
	int rc = parse_listen(o->listen ? o->listen : "", &c->syslog, &c->laddr,
			      &c->lport, err);
	if (rc)
		goto out;
	if (o->interval_ms <= 0) {
		rc = ash_errf(err, ASH_EUSAGE, "collect: interval must be positive");
		goto out;
	}
	c->nf = ash_nf_new();
	ash_nf_buffer(c->nf, coll_settle);
	if ((rc = recover(c, err)) || (rc = open_socket(c, err)))
		goto out;
	if (o->ready)
		o->ready(o->ctx, o->listen);
	next_interval(c);
	rc = loop(c, err);
out:
	if (c->fd >= 0)
		close(c->fd);
	ash_nf_free(c->nf);
	dg_free(&c->cur);
	dg_free(&c->tpl);
	dg_free(&c->carry);
	free(c);
	return rc;
}
