/* SPDX-License-Identifier: MIT */
/* fwmap.c: mappings between frameworks (fwmap.h). */
#include "org/fwmap.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "org/orgfile.h"

#define MAX_FILE (8u << 20)
#define MAX_TEXT 4000 /* bytes of a drafted evidence or reference */

/* Line k of text: [*s, *e) without CR/LF; returns false at the end. */
static bool next_line(const char **p, const char *end, const char **s,
		      const char **e)
{
	if (*p >= end)
		return false;
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	*s = *p;
	*e = nl ? nl : end;
	*p = nl ? nl + 1 : end;
	if (*e > *s && (*e)[-1] == '\r')
		(*e)--;
	return true;
}

/* Split [s, e) at TABs into at most 3 fields. */
static size_t fields(const char *s, const char *e, const char *f[3], size_t fl[3])
{
	size_t n = 0;
	while (n < 3) {
		const char *t = memchr(s, '\t', (size_t)(e - s));
		f[n] = s;
		fl[n++] = (size_t)((t ? t : e) - s);
		if (!t)
			break;
		s = t + 1;
	}
	return n;
}

int ash_fwmap_keys(const char *name, const char *text, size_t n, char **from,
		   char **to, ash_err *err)
{
	const char *p = text, *end = text + n, *s, *e;
	size_t line = 0;
	while (next_line(&p, end, &s, &e)) {
		line++;
		if (s == e || *s == '#')
			continue;
		const char *f[3];
		size_t fl[3];
		if (fields(s, e, f, fl) != 2 || !fl[0] || !fl[1] || fl[0] > ASH_FW_ID_MAX ||
		    fl[1] > ASH_FW_ID_MAX)
			break;
		*from = ash_strndup(f[0], fl[0]);
		*to = ash_strndup(f[1], fl[1]);
		return ASH_OK;
	}
	return ash_errf(err, ASH_EFORMAT,
			"%s:%zu: the first line names the two frameworks: FROM<TAB>TO", name,
			line ? line : 1);
}

void ash_fwmap_clear(ash_fwmap *m)
{
	free(m->from_key), free(m->to_key), free(m->rows);
	memset(m, 0, sizeof *m);
}

static long item_of(const ash_fw *fw, const char *s, size_t n)
{
	char id[ASH_FW_ID_MAX + 1];
	if (!n || n > ASH_FW_ID_MAX)
		return -1;
	memcpy(id, s, n);
	id[n] = '\0';
	long i = ash_fw_find(fw, id);
	return i >= 0 && fw->items[i].level == ASH_FW_SUB ? i : -1;
}

static int map_row(const char *name, size_t line, const char *s, const char *e,
		   const ash_fw *from, const ash_fw *to, ash_fwmap_row *r, ash_err *err)
{
	const char *f[3];
	size_t fl[3], nf = fields(s, e, f, fl);
	long a = nf >= 2 ? item_of(from, f[0], fl[0]) : -1;
	long b = nf >= 2 ? item_of(to, f[1], fl[1]) : -1;
	if (a < 0 || b < 0)
		return ash_errf(err, ASH_EFORMAT,
				"%s:%zu: expected a subcategory of %s, a TAB, a subcategory of %s",
				name, line, from->key, to->key);
	r->from = (size_t)a;
	r->to = (size_t)b;
	r->weight = 1;
	if (nf == 3) {
		char w[32], *end;
		snprintf(w, sizeof w, "%.*s", (int)(fl[2] < 31 ? fl[2] : 31), f[2]);
		r->weight = strtod(w, &end);
		if (*end || !(r->weight > 0 && r->weight <= 1000))
			return ash_errf(err, ASH_EFORMAT, "%s:%zu: weight must be a number above 0",
					name, line);
	}
	return ASH_OK;
}

int ash_fwmap_parse(const char *name, const char *text, size_t n,
		    const ash_fw *from, const ash_fw *to, ash_fwmap *out,
		    ash_err *err)
{
	memset(out, 0, sizeof *out);
	int rc = ash_fwmap_keys(name, text, n, &out->from_key, &out->to_key, err);
	if (rc)
		return rc;
	if (strcmp(out->from_key, from->key) || strcmp(out->to_key, to->key)) {
		rc = ash_errf(err, ASH_EFORMAT, "%s: maps %s to %s, not %s to %s", name,
			      out->from_key, out->to_key, from->key, to->key);
		goto out;
	}
	const char *p = text, *end = text + n, *s, *e;
	size_t line = 0, cap = 0;
	bool header = true;
	while (!rc && next_line(&p, end, &s, &e)) {
		line++;
		if (s == e || *s == '#')
			continue;
		if (header) {
			header = false;
			continue;
		}
		if (out->n >= ASH_FWMAP_MAX_ROWS) {
			rc = ash_errf(err, ASH_ELIMIT, "%s: more than %d rows", name,
				      ASH_FWMAP_MAX_ROWS);
			break;
		}
		ash_grow((void **)&out->rows, &cap, out->n + 1, sizeof *out->rows);
		rc = map_row(name, line, s, e, from, to, &out->rows[out->n], err);
		out->n += !rc;
	}
out:
	if (rc)
		ash_fwmap_clear(out);
	return rc;
}

int ash_fwmap_find(const char *org_dir, const char *from_key,
		   const char *to_key, char *buf, size_t cap, ash_err *err)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/mappings", org_dir ? org_dir : ".");
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = ASH_ENOTFOUND;
	while (d && rc == ASH_ENOTFOUND && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".tsv"))
			continue;
		if (snprintf(buf, cap, "%s/%s", dir, de->d_name) >= (int)cap)
			continue;
		char *text = NULL, *f = NULL, *t = NULL;
		size_t n;
		ash_err e;
		if (!ash_orgfile_read(buf, MAX_FILE, &text, &n, &e) &&
		    !ash_fwmap_keys(buf, text, n, &f, &t, &e) && !strcmp(f, from_key) &&
		    !strcmp(t, to_key))
			rc = ASH_OK;
		free(text), free(f), free(t);
	}
	if (d)
		closedir(d);
	if (rc)
		ash_errf(err, ASH_ENOTFOUND, "%s: no mapping from %s to %s (a TSV file whose "
			 "first line is '%s<TAB>%s')", dir, from_key, to_key, from_key, to_key);
	return rc;
}

/* ---- projection --------------------------------------------------- */

static const ash_answer *answer_of(const ash_assessment *a, const char *id)
{
	for (size_t i = 0; i < a->nanswers; i++)
		if (!strcmp(a->answers[i].item, id))
			return &a->answers[i];
	return NULL;
}

static void append(char *buf, size_t cap, const char *sep, const char *s)
{
	size_t len = strlen(buf);
	if (len + 4 >= cap || !s || !*s)
		return;
	snprintf(buf + len, cap - len, "%s%s", len ? sep : "", s);
}

typedef struct draft {
	double sum, w;
	size_t n, na;
	int32_t date;
	bool undated;
	int source, coverage;
	char ev[MAX_TEXT], ref[MAX_TEXT];
	const char *assessor;
} draft;

static void add_source(draft *d, const ash_answer *x, double w)
{
	char one[600];
	d->n++;
	if (x->level == ASH_ANSWER_NA) {
		d->na++;
		snprintf(one, sizeof one, "%s=n/a", x->item);
	} else {
		d->sum += w * x->level;
		d->w += w;
		snprintf(one, sizeof one, "%s=%d%s%.400s%s", x->item, x->level,
			 x->evidence ? " (" : "", x->evidence ? x->evidence : "",
			 x->evidence ? ")" : "");
	}
	append(d->ev, sizeof d->ev, "; ", one);
	append(d->ref, sizeof d->ref, "; ", x->ref);
	if (x->date == ASH_DAY_UNKNOWN)
		d->undated = true;
	else if (d->date == ASH_DAY_UNKNOWN || x->date < d->date)
		d->date = x->date;
	if (d->n == 1 || x->source < d->source)
		d->source = x->source;
	int cov = x->coverage < 0 ? 100 : x->coverage;
	if (d->n == 1 || cov < d->coverage)
		d->coverage = cov;
	if (!d->assessor)
		d->assessor = x->assessor;
}

static void draft_answer(const draft *d, const ash_fw *from, const ash_fw *to,
			 size_t item, ash_answer *x)
{
	memset(x, 0, sizeof *x);
	snprintf(x->item, sizeof x->item, "%s", to->items[item].id);
	x->level = d->w > 0 ? (int)floor(d->sum / d->w + 0.5) : ASH_ANSWER_NA;
	x->target = -1;
	char ev[MAX_TEXT + 64];
	snprintf(ev, sizeof ev, "mapped from %s: %s", from->key, d->ev);
	x->evidence = ash_strdup(ev);
	x->ref = *d->ref ? ash_strdup(d->ref) : NULL;
	x->date = d->undated ? ASH_DAY_UNKNOWN : d->date;
	x->source = d->source == ASH_SRC_CASE ? ASH_SRC_EXTERNAL : d->source;
	x->coverage = d->coverage >= 100 ? -1 : d->coverage;
	x->assessor = ash_strdup(d->assessor ? d->assessor : "unknown");
}

int ash_fwmap_project(const ash_fwmap *m, const ash_fw *from,
		      const ash_fw *to, const ash_assessment *a,
		      ash_answer **out, size_t *n, ash_err *err)
{
	(void)err;
	draft *d = ash_calloc(to->nitems, sizeof *d);
	for (size_t i = 0; i < to->nitems; i++)
		d[i].date = ASH_DAY_UNKNOWN;
	for (size_t r = 0; r < m->n; r++) {
		const ash_answer *x = answer_of(a, from->items[m->rows[r].from].id);
		if (x)
			add_source(&d[m->rows[r].to], x, m->rows[r].weight);
	}
	ash_answer *v = NULL;
	size_t nv = 0, cap = 0;
	for (size_t i = 0; i < to->nitems; i++) {
		if (!d[i].n)
			continue;
		ash_grow((void **)&v, &cap, nv + 1, sizeof *v);
		draft_answer(&d[i], from, to, i, &v[nv++]);
	}
	free(d);
	*out = v;
	*n = nv;
	return ASH_OK;
}
