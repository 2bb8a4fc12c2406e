/* SPDX-License-Identifier: MIT */
/* detect_ioc.c: ioc_match - the site's hosts that exchanged traffic with
 * an address of an indicator list, and the list's loader.
 *
 * List format: one indicator per line, an address or a prefix, optionally
 * followed by a comma or whitespace and a label ("198.51.100.65,njrat c2");
 * '#' starts a comment; blank lines are skipped.  Lines that hold no
 * address are counted (ash_ioc.rejected) and reported, never fatal.  Only
 * addresses: domain and hash indicators need other logs. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "detect/detect.h"
#include "detect/tally.h"

#define IOC_MAX (1u << 20)

static size_t field_end(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] != ',' && s[i] != ';' && !isspace((unsigned char)s[i]))
		i++;
	return i;
}

static void add(ash_ioc *o, const ash_cidr *c, const char *label, size_t ln)
{
	o->v = ash_reallocarray(o->v, o->n + 1, sizeof *o->v);
	o->label = ash_reallocarray(o->label, o->n + 1, sizeof *o->label);
	o->v[o->n] = *c;
	o->label[o->n] = ln ? ash_strndup(label, ln) : NULL;
	o->n++;
}

static void ioc_sort(ash_ioc *o);

int ash_ioc_read(FILE *f, const char *path, ash_ioc *o, ash_err *err)
{
	memset(o, 0, sizeof *o);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = ASH_OK;
	while ((len = getline(&line, &cap, f)) > 0) {
		size_t n = (size_t)len, i = 0;
		while (i < n && isspace((unsigned char)line[i]))
			i++;
		if (i == n || line[i] == '#')
			continue;
		size_t e = field_end(line + i, n - i);
		ash_cidr c;
		if (ash_cidr_parse(line + i, e, true, &c)) {
			o->rejected++;
			continue;
		}
		if (o->n >= IOC_MAX) {
			rc = ash_errf(err, ASH_ELIMIT, "%s: more than %u indicators",
				      path, IOC_MAX);
			break;
		}
		size_t l = i + e;
		while (l < n && (line[l] == ',' || line[l] == ';' || isspace((unsigned char)line[l])))
			l++;
		size_t le = n;
		while (le > l && isspace((unsigned char)line[le - 1]))
			le--;
		add(o, &c, line + l, le > l ? (le - l > 200 ? 200 : le - l) : 0);
	}
	if (!rc && ferror(f))
		rc = ash_errno(err, ASH_EIO, "%s: read error", path);
	if (!rc)
		ioc_sort(o);
	free(line);
	return rc;
}

int ash_ioc_load(const char *path, ash_ioc *o, ash_err *err)
{
	memset(o, 0, sizeof *o);
	FILE *f = fopen(path, "r");
	if (!f)
		return ash_errno(err, ASH_EIO, "%s: cannot open", path);
	int rc = ash_ioc_read(f, path, o, err);
	fclose(f);
	return rc;
}

void ash_ioc_free(ash_ioc *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->label[i]);
	free(o->label);
	free(o->v);
	memset(o, 0, sizeof *o);
}

static void mask(ash_ip *ip, int bits)
{
	for (int i = 0; i < 16; i++) {
		int keep = bits - 8 * i;
		if (keep <= 0)
			ip->b[i] = 0;
		else if (keep < 8)
			ip->b[i] &= (uint8_t)(0xff00u >> keep);
	}
}

static int cmp_cidr(const ash_cidr *a, const ash_cidr *b)
{
	if (a->bits != b->bits)
		return a->bits < b->bits ? -1 : 1;
	return ash_ip_cmp(&a->addr, &b->addr);
}

/* index of the indicator holding ip, or -1: for each prefix length in
 * the list, a binary search of the masked address (the list is sorted
 * by ash_ioc_sort). */
static long ioc_find(const ash_ioc *o, const ash_ip *ip)
{
	for (size_t s = 0; s < o->n;) {
		int bits = o->v[s].bits;
		size_t e = s;
		while (e < o->n && o->v[e].bits == bits)
			e++;
		ash_cidr key = {*ip, (uint8_t)bits};
		mask(&key.addr, bits);
		size_t lo = s, hi = e;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			int c = cmp_cidr(&o->v[mid], &key);
			if (!c)
				return (long)mid;
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		s = e;
	}
	return -1;
}

typedef struct ent {
	ash_cidr c;
	char *label;
} ent;

static int cmp_ent(const void *a, const void *b)
{
	return cmp_cidr(&((const ent *)a)->c, &((const ent *)b)->c);
}

/* sort by (length, address), labels along */
static void ioc_sort(ash_ioc *o)
{
	ent *e = ash_calloc(o->n + 1, sizeof *e);
	for (size_t i = 0; i < o->n; i++)
		e[i] = (ent){o->v[i], o->label[i]};
	qsort(e, o->n, sizeof *e, cmp_ent);
	for (size_t i = 0; i < o->n; i++) {
		o->v[i] = e[i].c;
		o->label[i] = e[i].label;
	}
	free(e);
}

static void one(const ash_detect_ctx *x, const ash_ip *own, const ash_ip *ioc,
		long k, const ash_tval *v, ash_findings *out)
{
	char a[ASH_IP_STRLEN], b[ASH_IP_STRLEN], nb[ASH_IP_STRLEN + 4];
	ash_cidr_format(&x->ioc->v[k], nb);
	ash_finding *f = ash_findings_add(out, "ioc_match");
	f->verdict = ASH_V_MALICIOUS;
	f->score = 0.9;
	const char *site = ash_detect_site_of(x, own);
	f->site = site ? ash_strdup(site) : NULL;
	ash_finding_host(f, own);
	ash_finding_peer(f, ioc);
	f->start = v->first;
	f->end = v->last;
	f->filter = ash_detect_filter(x, "host %s and host %s",
				      ash_detect_ip(own, a), ash_detect_ip(ioc, b));
	const char *label = x->ioc->label[k] ? x->ioc->label[k] : "no label";
	f->summary = ash_fmt_alloc("%s exchanged %llu records with %s, listed "
				   "as an indicator (%s: %s)", a,
				   (unsigned long long)v->records, b, nb, label);
	f->why = ash_fmt_alloc("the address %s is in the indicator list given "
			       "with --ioc (entry %s); contact with a known-bad "
			       "address is malicious until shown otherwise", b, nb);
}

static bool listed(const void *ctx, const ash_batch *b, size_t i)
{
	const ash_ioc *o = ctx;
	return ioc_find(o, ash_batch_src(b, i)) >= 0 || ioc_find(o, ash_batch_dst(b, i)) >= 0;
}

int ash_detect_ioc(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_ioc(const ash_detect_ctx *x, ash_findings *out, ash_err *err)
{
	if (!x->ioc || !x->ioc->n)
		return ASH_OK;
	ash_htab *h;
	int rc = ash_tally_ex(x, NULL, ASH_T_SRC | ASH_T_DST, listed, x->ioc, 0, &h, err);
	if (rc)
		return rc;
	/* own host <-> indicator, both directions folded */
	ash_htab *pairs = ash_htab_new(sizeof(ash_tkey), sizeof(ash_tval), 0);
	size_t pos = 0;
	const void *kp;
	void *vp;
	while (ash_htab_next(h, &pos, &kp, &vp)) {
		const ash_tkey *k = kp;
		long ia = ioc_find(x->ioc, &k->a), ib = ioc_find(x->ioc, &k->b);
		ash_tkey pk = {0};
		if (ib >= 0 && ash_detect_net(x, &k->a) >= 0)
			pk.a = k->a, pk.b = k->b;
		else if (ia >= 0 && ash_detect_net(x, &k->b) >= 0)
			pk.a = k->b, pk.b = k->a;
		else
			continue;
		bool created;
		ash_tval *d = ash_htab_get(pairs, &pk, &created);
		if (!d)
			break; /* as many pairs as the tally: cannot happen */
		if (created)
			*d = *(const ash_tval *)vp;
		else
			ash_tval_merge(d, vp);
	}
	pos = 0;
	while (ash_htab_next(pairs, &pos, &kp, &vp)) {
		const ash_tkey *k = kp;
		one(x, &k->a, &k->b, ioc_find(x->ioc, &k->b), vp, out);
	}
	ash_htab_free(pairs);
	ash_htab_free(h);
	return ASH_OK;
}
