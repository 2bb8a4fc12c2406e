/* SPDX-License-Identifier: MIT */
/* detect.c: helpers every detector shares (detect.h): the context, scans
 * over the window, own-address lookup, filter text, number and time text,
 * robust statistics. */
#include "detect/detect.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tztime.h"
#include "core/xalloc.h"

static const char *zone_of(const void *ctx, const ash_ip *ip)
{
	const ash_net *n = ash_case_net_of(ctx, ip);
	return n ? n->zone : NULL;
}

void ash_detect_init(ash_detect_ctx *x, const ash_store *s, const ash_case *c,
		     int64_t from, int64_t to)
{
	memset(x, 0, sizeof *x);
	x->s = s;
	x->c = c;
	x->from = from;
	x->to = to;
	x->zones = ash_calloc(c->nnets + 1, sizeof *x->zones);
	for (size_t i = 0; i < c->nnets; i++) {
		bool seen = false;
		for (size_t j = 0; j < x->nzones && !seen; j++)
			seen = !strcmp(x->zones[j], c->nets[i].zone);
		if (!seen)
			x->zones[x->nzones++] = c->nets[i].zone;
	}
	x->netmask = ash_calloc(c->nnets + 1, sizeof *x->netmask);
	for (size_t i = 0; i < c->nnets; i++) {
		const ash_cidr *n = &c->nets[i].cidr;
		uint64_t v[2], m[2];
		memcpy(v, n->addr.b, 16);
		for (int w = 0; w < 2; w++) {
			int bits = (int)n->bits - 64 * w;
			uint64_t be = bits <= 0 ? 0 : bits >= 64 ? ~0ULL : ~0ULL << (64 - bits);
			/* masks in the byte order of the address as stored */
			uint8_t mb[8];
			for (int k = 0; k < 8; k++)
				mb[k] = (uint8_t)(be >> (56 - 8 * k));
			memcpy(&m[w], mb, 8);
		}
		x->netmask[i][0] = v[0] & m[0];
		x->netmask[i][1] = v[1] & m[1];
		x->netmask[i][2] = m[0];
		x->netmask[i][3] = m[1];
	}
	x->env.zone_of = c->nnets ? zone_of : NULL;
	x->env.zone_ctx = c;
	x->env.zones = x->zones;
	x->env.nzones = x->nzones;
}

void ash_detect_fini(ash_detect_ctx *x)
{
	free(x->zones);
	free(x->netmask);
	free(x->sv.b);
	memset(x, 0, sizeof *x);
}

int ash_detect_scan(const ash_detect_ctx *x, const char *text, unsigned cols,
		    const ash_scan_ops *ops, void *ctx, ash_err *err)
{
	ash_filter *f = NULL;
	const char *t = text ? text : "";
	int rc = ash_filter_compile(t, strlen(t), &x->env, &f, err);
	if (rc)
		return rc;
	ash_filter_restrict_time(f, x->from, x->to);
	ash_scan_opts o = {.filter = ash_filter_is_all(f) ? NULL : f,
			   .threads = x->threads, .cols = cols | ash_filter_columns(f)};
	rc = ash_scan(x->s, &o, ops, ctx, NULL, err);
	ash_filter_free(f);
	return rc;
}

int ash_detect_net(const ash_detect_ctx *x, const ash_ip *ip)
{
	const ash_net *n = ash_case_net_of(x->c, ip);
	return n ? (int)(n - x->c->nets) : -1;
}

void ash_detect_own_map(const ash_detect_ctx *x, const ash_batch *b,
			int32_t *map)
{
	size_t nn = x->c->nnets;
	for (size_t i = 0; i < b->naddrs; i++) {
		uint64_t a[2];
		memcpy(a, b->addrs[i].b, 16);
		map[i] = -1;
		for (size_t k = 0; k < nn; k++)
			if ((a[0] & x->netmask[k][2]) == x->netmask[k][0] &&
			    (a[1] & x->netmask[k][3]) == x->netmask[k][1]) {
				map[i] = (int32_t)k;
				break;
			}
	}
}

const char *ash_detect_site_of(const ash_detect_ctx *x, const ash_ip *ip)
{
	const ash_net *n = ash_case_net_of(x->c, ip);
	return n && n->site < x->c->nsites ? x->c->sites[n->site].name : NULL;
}

const char *ash_detect_zone_of(const ash_detect_ctx *x, const ash_ip *ip)
{
	const ash_net *n = ash_case_net_of(x->c, ip);
	return n ? n->zone : NULL;
}

const ash_expected *ash_detect_expected(const ash_case *c, const ash_ip *src,
					const ash_ip *dst, int proto, int dport)
{
	for (size_t i = 0; i < c->nexpected; i++) {
		const ash_expected *e = &c->expected[i];
		if (e->has_src && !ash_cidr_contains(&e->src, src))
			continue;
		if (e->has_dst && !ash_cidr_contains(&e->dst, dst))
			continue;
		if (e->proto >= 0 && e->proto != proto)
			continue;
		if (e->dport >= 0 && e->dport != dport)
			continue;
		return e;
	}
	return NULL;
}

void ash_detect_time_range(int64_t a, int64_t b, char *buf, size_t cap)
{
	char ta[ASH_TIME_STRLEN], tb[ASH_TIME_STRLEN];
	int64_t bs = b / 1000000 + (b % 1000000 ? 1 : 0);
	ash_time_format(a / 1000000 * 1000000, NULL, 0, ta);
	ash_time_format(bs * 1000000, NULL, 0, tb);
	snprintf(buf, cap, "time %s..%s", ta, tb);
}

char *ash_detect_filter(const ash_detect_ctx *x, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *body = NULL;
	if (vasprintf(&body, fmt, ap) < 0)
		abort();
	va_end(ap);
	if (x->from == INT64_MIN && x->to == INT64_MAX)
		return body;
	char ta[ASH_TIME_STRLEN] = "", tb[ASH_TIME_STRLEN] = "";
	if (x->from != INT64_MIN)
		ash_time_format(x->from, NULL, 6, ta);
	if (x->to != INT64_MAX)
		ash_time_format(x->to, NULL, 6, tb);
	char *s = ash_fmt_alloc("time %s..%s and (%s)", ta, tb, body);
	free(body);
	return s;
}

const char *ash_detect_ip(const ash_ip *ip, char *buf)
{
	ash_ip_format(ip, buf);
	return buf;
}

const char *ash_detect_time(int64_t us, char *buf)
{
	ash_time_format(us, NULL, 0, buf);
	return buf;
}

const char *ash_detect_human(uint64_t v, bool bytes, char *buf)
{
	static const char *const u[] = {"", " k", " M", " G", " T", " P"};
	static const char *const ub[] = {" B", " kB", " MB", " GB", " TB", " PB"};
	double d = (double)v;
	int i = 0;
	while (d >= 1000 && i < 5) {
		d /= 1000;
		i++;
	}
	if (i == 0)
		snprintf(buf, 16, "%" PRIu64 "%s", v, bytes ? " B" : "");
	else
		snprintf(buf, 16, "%.1f%s", d, bytes ? ub[i] : u[i]);
	return buf;
}

const char *ash_detect_local(const ash_detect_ctx *x, const char *site,
			     int64_t us, char *buf)
{
	const ash_site *st = ash_case_site(x->c, site);
	ash_tz *tz = NULL;
	if (st && st->timezone)
		ash_tz_open(st->timezone, &tz, NULL);
	ash_time_format(us, tz, 0, buf);
	ash_tz_free(tz);
	return buf;
}

const char *ash_detect_dur(int64_t us, char *buf)
{
	double s = (double)us / 1e6;
	if (s < 120)
		snprintf(buf, 16, "%.0f s", s);
	else if (s < 7200)
		snprintf(buf, 16, "%.0f min", s / 60);
	else
		snprintf(buf, 16, "%.1f h", s / 3600);
	return buf;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

double ash_median(double *v, size_t n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, cmp_d);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double ash_mad(double *v, size_t n, double med)
{
	for (size_t i = 0; i < n; i++)
		v[i] = fabs(v[i] - med);
	return ash_median(v, n);
}

bool ash_format_bidir(int f)
{
	switch (f) {
	case ASH_FMT_ZEEK_TSV: case ASH_FMT_ZEEK_JSON: case ASH_FMT_PCAP:
	case ASH_FMT_FORTIGATE: case ASH_FMT_PANOS: case ASH_FMT_SRX:
		return true;
	default:
		return false;
	}
}
