/* SPDX-License-Identifier: MIT */
/* finding.c: the findings list (finding.h): adding, notes, ordering and
 * the JSON Lines form of DESIGN §6 (jansson escapes every string). */
#include "detect/finding.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/tztime.h"
#include "core/xalloc.h"

static const char *const verdicts[] = {"benign", "suspicious", "malicious"};

const char *ash_verdict_name(int v)
{
	return v >= 0 && v <= 2 ? verdicts[v] : "unknown";
}

int ash_verdict_parse(const char *s)
{
	for (int i = 0; i <= 2; i++)
		if (!strcmp(s, verdicts[i]))
			return i;
	return -1;
}

ash_finding *ash_findings_add(ash_findings *fs, const char *kind)
{
	ash_grow((void **)&fs->v, &fs->cap, fs->n + 1, sizeof *fs->v);
	ash_finding *f = &fs->v[fs->n++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	return f;
}

static char *vfmt(const char *fmt, va_list ap)
{
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		abort(); /* out of memory, as ash_malloc does */
	return s;
}

char *ash_fmt_alloc(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = vfmt(fmt, ap);
	va_end(ap);
	return s;
}

void ash_findings_note(ash_findings *fs, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = vfmt(fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < fs->nnotes; i++)
		if (!strcmp(fs->notes[i], s)) {
			free(s);
			return;
		}
	fs->notes = ash_reallocarray(fs->notes, fs->nnotes + 1, sizeof *fs->notes);
	fs->notes[fs->nnotes++] = s;
}

static void add_sorted(ash_ip **v, size_t *n, const ash_ip *ip)
{
	size_t lo = 0, hi = *n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = ash_ip_cmp(&(*v)[mid], ip);
		if (c == 0)
			return;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*v = ash_reallocarray(*v, *n + 1, sizeof **v);
	memmove(&(*v)[lo + 1], &(*v)[lo], (*n - lo) * sizeof **v);
	(*v)[lo] = *ip;
	(*n)++;
}

void ash_finding_host(ash_finding *f, const ash_ip *ip)
{
	add_sorted(&f->hosts, &f->nhosts, ip);
}

void ash_finding_peer(ash_finding *f, const ash_ip *ip)
{
	add_sorted(&f->peers, &f->npeers, ip);
}

static int cmp_finding(const void *pa, const void *pb)
{
	const ash_finding *a = pa, *b = pb;
	if (a->verdict != b->verdict)
		return b->verdict - a->verdict;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	int c = strcmp(a->kind, b->kind);
	if (c)
		return c;
	if (a->nhosts && b->nhosts)
		return ash_ip_cmp(&a->hosts[0], &b->hosts[0]);
	return (int)a->nhosts - (int)b->nhosts;
}

void ash_findings_sort(ash_findings *fs)
{
	if (fs->n > 1)
		qsort(fs->v, fs->n, sizeof *fs->v, cmp_finding);
	for (size_t i = 0; i < fs->n; i++)
		snprintf(fs->v[i].id, sizeof fs->v[i].id, "F%zu", i + 1);
}

static void finding_free(ash_finding *f)
{
	free(f->site);
	free(f->hosts);
	free(f->peers);
	free(f->summary);
	free(f->why);
	free(f->filter);
}

void ash_findings_free(ash_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		finding_free(&fs->v[i]);
	for (size_t i = 0; i < fs->nnotes; i++)
		free(fs->notes[i]);
	free(fs->notes);
	free(fs->v);
	memset(fs, 0, sizeof *fs);
}

static json_t *ips_json(const ash_ip *v, size_t n)
{
	json_t *a = json_array();
	char buf[ASH_IP_STRLEN];
	for (size_t i = 0; i < n; i++) {
		ash_ip_format(&v[i], buf);
		json_array_append_new(a, json_string(buf));
	}
	return a;
}

static json_t *time_json(int64_t us)
{
	char buf[ASH_TIME_STRLEN];
	ash_time_format(us, NULL, 0, buf);
	return json_string(buf);
}

static json_t *str_json(const char *s)
{
	/* invalid UTF-8 cannot come from here (detectors write the text),
	 * but be safe: jansson refuses it, then the field is null */
	return s ? json_string(s) : json_null();
}

void ash_finding_json(const ash_finding *f, FILE *out)
{
	json_t *o = json_object(), *ev = json_object();
	json_object_set_new(o, "id", json_string(f->id));
	json_object_set_new(o, "kind", json_string(f->kind));
	json_object_set_new(o, "verdict", json_string(ash_verdict_name(f->verdict)));
	json_object_set_new(o, "site", str_json(f->site));
	json_object_set_new(o, "hosts", ips_json(f->hosts, f->nhosts));
	json_object_set_new(o, "peers", ips_json(f->peers, f->npeers));
	json_object_set_new(o, "start", time_json(f->start));
	json_object_set_new(o, "end", time_json(f->end));
	json_object_set_new(o, "score", json_real(f->score));
	json_object_set_new(o, "summary", str_json(f->summary));
	json_object_set_new(o, "why", str_json(f->why));
	json_object_set_new(ev, "filter", str_json(f->filter));
	json_object_set_new(ev, "records", json_integer((json_int_t)f->records));
	json_object_set_new(ev, "packets", json_integer((json_int_t)f->packets));
	json_object_set_new(ev, "bytes", json_integer((json_int_t)f->bytes));
	json_object_set_new(o, "evidence", ev);
	char *s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(4));
	if (s) {
		fputs(s, out);
		fputc('\n', out);
		free(s);
	}
	json_decref(o);
}
