/* SPDX-License-Identifier: MIT */
/* answers.c: validating an answers CSV into assessments (answers.h). */
#include "org/answers.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xalloc.h"
#include "org/csvrec.h"

const char *const ash_answers_columns[] = {
	"site", "framework", "id", "function", "category", "question", "examples",
	"level", "target", "evidence", "evidence_ref", "evidence_date",
	"assessor", "source", "coverage", "note", NULL};

enum col {
	C_SITE, C_FW, C_ID, C_LEVEL, C_TARGET, C_EVID, C_REF, C_DATE, C_ASSESSOR,
	C_SOURCE, C_COVER, C_NOTE, C_N
};
static const char *const col_names[C_N] = {
	"site", "framework", "id", "level", "target", "evidence", "evidence_ref",
	"evidence_date", "assessor", "source", "coverage", "note"};
static const char *const ignored[] = {"function", "category", "question",
				      "examples", "help", NULL};

typedef struct ictx {
	const ash_import_opts *o;
	ash_import *im;
	ash_csvrec r;
	int pos[C_N];           /* field index of each column, -1 absent */
	char *hdr[ASH_CSVREC_MAX_FIELDS];
	size_t nhdr;
	/* (site, item) pairs seen, for duplicates: row of first sight */
	size_t *seen_row;       /* [site * nsub_slots + item index] */
	bool all_quick;
} ictx;

bool ash_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	while (p < e) {
		unsigned c = *p;
		size_t k;
		unsigned min;
		if (c < 0x80) {
			p++;
			continue;
		}
		if ((c & 0xe0) == 0xc0)
			k = 1, min = 0x80, c &= 0x1f;
		else if ((c & 0xf0) == 0xe0)
			k = 2, min = 0x800, c &= 0x0f;
		else if ((c & 0xf8) == 0xf0)
			k = 3, min = 0x10000, c &= 0x07;
		else
			return false;
		if ((size_t)(e - p) <= k)
			return false;
		for (size_t i = 1; i <= k; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			c = c << 6 | (p[i] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return false;
		p += k + 1;
	}
	return true;
}

static void issue(ictx *x, size_t row, size_t col, const char *column,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void issue(ictx *x, size_t row, size_t col, const char *column,
		  const char *fmt, ...)
{
	ash_import *im = x->im;
	if (im->nissues >= ASH_ANSWERS_MAX_ISSUES) {
		im->more_issues++;
		return;
	}
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	im->issues = ash_reallocarray(im->issues, im->nissues + 1, sizeof *im->issues);
	im->issues[im->nissues++] = (ash_issue){row, col,
						column ? ash_strdup(column) : NULL,
						ash_strdup(buf)};
}

void ash_import_free(ash_import *im)
{
	ash_assessments_free(im->a, im->na);
	for (size_t i = 0; i < im->nissues; i++)
		free(im->issues[i].column), free(im->issues[i].msg);
	free(im->issues);
	memset(im, 0, sizeof *im);
}

/* ---- header ------------------------------------------------------- */

static char *trimmed(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return ash_strndup(s, n);
}

static int header(ictx *x)
{
	ash_csvrec *r = &x->r;
	for (int c = 0; c < C_N; c++)
		x->pos[c] = -1;
	x->nhdr = r->nf;
	for (size_t i = 0; i < r->nf; i++) {
		char *h = trimmed(r->f[i].s, r->f[i].n);
		x->hdr[i] = h;
		bool known = false;
		for (int c = 0; c < C_N; c++)
			if (!strcasecmp(h, col_names[c])) {
				if (x->pos[c] >= 0)
					issue(x, 1, i + 1, h, "column given twice");
				x->pos[c] = (int)i;
				known = true;
			}
		for (size_t k = 0; ignored[k]; k++)
			known |= !strcasecmp(h, ignored[k]);
		if (!known)
			issue(x, 1, i + 1, NULL,
			      "unknown column '%.40s' (columns: site, id, level, target, "
			      "evidence, evidence_ref, evidence_date, assessor, source, "
			      "coverage, note)", h);
	}
	static const int need[] = {C_SITE, C_ID, C_LEVEL};
	for (size_t k = 0; k < 3; k++)
		if (x->pos[need[k]] < 0)
			issue(x, 1, 0, NULL, "the header has no '%s' column",
			      col_names[need[k]]);
	return x->im->nissues ? ASH_EFORMAT : ASH_OK;
}

/* ---- one cell ----------------------------------------------------- */

typedef struct cell {
	const char *s;   /* trimmed, NUL-terminated (inside a scratch copy) */
	size_t n;
	size_t col;      /* 1-based */
	const char *name;
} cell;

static cell get(ictx *x, int c, char *scratch, size_t cap)
{
	cell v = {"", 0, 0, col_names[c]};
	int i = x->pos[c];
	if (i < 0 || (size_t)i >= x->r.nf)
		return v;
	const ash_csvrec_field *f = &x->r.f[i];
	const char *s = f->s;
	size_t n = f->n;
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (n >= cap)
		n = cap - 1; /* length was checked by the caller before */
	memcpy(scratch, s, n);
	scratch[n] = '\0';
	v.s = scratch;
	v.n = n;
	v.col = (size_t)i + 1;
	return v;
}

static bool text_ok(ictx *x, const cell *c)
{
	if (memchr(c->s, '\0', c->n) || strlen(c->s) != c->n) {
		issue(x, x->r.row, c->col, c->name, "NUL byte in the cell");
		return false;
	}
	if (!ash_utf8_valid(c->s, c->n)) {
		issue(x, x->r.row, c->col, c->name, "not valid UTF-8 (save the file as UTF-8)");
		return false;
	}
	return true;
}

static int small_int(const char *s, int max)
{
	if (!*s || strlen(s) > 3)
		return -1;
	int v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v <= max ? v : -1;
}

/* ---- one row ------------------------------------------------------ */

static ash_assessment *site_assessment(ictx *x, const char *site, size_t *idx)
{
	ash_import *im = x->im;
	for (size_t i = 0; i < im->na; i++)
		if (!strcmp(im->a[i].site, site)) {
			*idx = i;
			return &im->a[i];
		}
	im->a = ash_reallocarray(im->a, im->na + 1, sizeof *im->a);
	ash_assessment *a = &im->a[im->na];
	memset(a, 0, sizeof *a);
	a->site = ash_strdup(site);
	*idx = im->na++;
	return a;
}

/* The fields of an answered row: level, target, evidence ..., into *ans.
 * Returns false when the row has issues. */
typedef struct rowbuf {
	char s[ASH_ANSWERS_MAX_TEXT + 1];
} rowbuf;

static bool row_level(ictx *x, rowbuf *b, ash_answer *ans, bool *blank)
{
	cell c = get(x, C_LEVEL, b->s, sizeof b->s);
	*blank = c.n == 0;
	if (*blank)
		return true;
	if (!strcasecmp(c.s, "n/a") || !strcasecmp(c.s, "na")) {
		ans->level = ASH_ANSWER_NA;
		return true;
	}
	ans->level = small_int(c.s, ASH_LEVEL_MAX);
	if (ans->level < 0 || c.n != 1) {
		issue(x, x->r.row, c.col, c.name,
		      "'%.20s' is not a level: give 0-4 (0 not implemented, 1 initiated, "
		      "2 performed, 3 managed, 4 optimised) or n/a", c.s);
		return false;
	}
	return true;
}

static bool row_text(ictx *x, rowbuf *b, int col, char **dst)
{
	cell c = get(x, col, b->s, sizeof b->s);
	if (!c.n)
		return true;
	if (!text_ok(x, &c))
		return false;
	/* the form writes '= '+ '- '@ for a text that starts like a
	 * spreadsheet formula (orghtml.h): take the guard off again */
	if (c.n > 1 && c.s[0] == '\'' && strchr("=+-@", c.s[1]))
		c.s++, c.n--;
	*dst = ash_strndup(c.s, c.n);
	return true;
}

static bool row_date(ictx *x, rowbuf *b, ash_answer *ans)
{
	cell c = get(x, C_DATE, b->s, sizeof b->s);
	ans->date = ASH_DAY_UNKNOWN;
	if (!c.n)
		return true;
	if (ash_day_parse(c.s, c.n, &ans->date)) {
		issue(x, x->r.row, c.col, c.name,
		      "'%.20s' is not a date YYYY-MM-DD", c.s);
		return false;
	}
	if (ans->date > x->o->today + 1) {
		issue(x, x->r.row, c.col, c.name, "date %s is in the future", c.s);
		return false;
	}
	return true;
}

static bool row_small(ictx *x, rowbuf *b, int col, int max, int *dst,
		      const char *what)
{
	cell c = get(x, col, b->s, sizeof b->s);
	*dst = -1;
	if (!c.n)
		return true;
	char *s = b->s;
	if (col == C_COVER && c.n > 1 && s[c.n - 1] == '%')
		s[c.n - 1] = '\0';
	*dst = small_int(s, max);
	if (*dst < 0) {
		issue(x, x->r.row, c.col, c.name, "'%.20s' is not %s", c.s, what);
		return false;
	}
	return true;
}

static bool row_source(ictx *x, rowbuf *b, ash_answer *ans)
{
	cell c = get(x, C_SOURCE, b->s, sizeof b->s);
	ans->source = ASH_SRC_SELF;
	if (!c.n)
		return true;
	int s = ash_source_parse(c.s);
	if (s < 0 || s == ASH_SRC_CASE) {
		issue(x, x->r.row, c.col, c.name,
		      "'%.20s' is not a source: self (the site itself), internal "
		      "(headquarters, internal audit) or external (auditor, partner)", c.s);
		return false;
	}
	ans->source = s;
	return true;
}

static bool row_fields(ictx *x, rowbuf *b, ash_answer *ans)
{
	bool ok = true;
	ok &= row_small(x, b, C_TARGET, ASH_LEVEL_MAX, &ans->target, "a target level 0-4");
	ok &= row_text(x, b, C_EVID, &ans->evidence);
	ok &= row_text(x, b, C_REF, &ans->ref);
	ok &= row_date(x, b, ans);
	ok &= row_text(x, b, C_ASSESSOR, &ans->assessor);
	ok &= row_source(x, b, ans);
	ok &= row_small(x, b, C_COVER, 100, &ans->coverage, "a coverage 0-100 (%)");
	ok &= row_text(x, b, C_NOTE, &ans->note);
	if (ok && !ans->assessor)
		ans->assessor = ash_strdup(x->o->by && *x->o->by ? x->o->by : "unknown");
	return ok;
}

/* Site and id of a row; *site_idx and *item get their indexes. */
static bool row_key(ictx *x, rowbuf *b, size_t *site_idx, long *item)
{
	const ash_import_opts *o = x->o;
	bool ok = true;
	cell c = get(x, C_SITE, b->s, sizeof b->s);
	if (!c.n || !ash_org_site_find(o->org, c.s, site_idx)) {
		issue(x, x->r.row, c.col ? c.col : (size_t)x->pos[C_SITE] + 1, "site",
		      "'%.40s' is not a site of org.yaml", c.s);
		ok = false;
	} else if (o->site && strcmp(o->site, c.s)) {
		issue(x, x->r.row, c.col, "site", "site '%.40s' but --site %.40s was given",
		      c.s, o->site);
		ok = false;
	}
	c = get(x, C_FW, b->s, sizeof b->s);
	if (c.n && strcmp(c.s, o->fw->key)) {
		issue(x, x->r.row, c.col, "framework",
		      "'%.40s' is not the framework being imported (%s)", c.s, o->fw->key);
		ok = false;
	}
	c = get(x, C_ID, b->s, sizeof b->s);
	*item = c.n ? ash_fw_find(o->fw, c.s) : -1;
	if (*item < 0 || o->fw->items[*item].level != ASH_FW_SUB) {
		issue(x, x->r.row, c.col ? c.col : (size_t)x->pos[C_ID] + 1, "id",
		      "'%.40s' is not a subcategory of %s", c.s, o->fw->key);
		ok = false;
	}
	return ok;
}

static bool row_dup(ictx *x, size_t site, long item)
{
	size_t slot = site * x->o->fw->nitems + (size_t)item;
	if (x->seen_row[slot]) {
		issue(x, x->r.row, (size_t)x->pos[C_ID] + 1, "id",
		      "answered twice for this site (first in row %zu)", x->seen_row[slot]);
		return false;
	}
	x->seen_row[slot] = x->r.row;
	return true;
}

static bool row_empty(const ash_csvrec *r)
{
	for (size_t i = 0; i < r->nf; i++)
		for (size_t k = 0; k < r->f[i].n; k++)
			if (r->f[i].s[k] != ' ' && r->f[i].s[k] != '\t' && r->f[i].s[k] != '\r')
				return false;
	return true;
}

static void one_row(ictx *x, rowbuf *b)
{
	ash_import *im = x->im;
	size_t site;
	long item;
	ash_answer ans = {.target = -1, .coverage = -1, .date = ASH_DAY_UNKNOWN};
	bool blank;
	im->rows++;
	if (x->r.nf > x->nhdr)
		issue(x, x->r.row, x->nhdr + 1, NULL, "more cells than header columns");
	if (!row_key(x, b, &site, &item) || !row_dup(x, site, item))
		return;
	x->all_quick &= x->o->fw->items[item].quick;
	if (!row_level(x, b, &ans, &blank))
		return;
	if (blank) {
		im->unanswered++;
		return;
	}
	if (!row_fields(x, b, &ans)) {
		ash_answer_clear(&ans);
		return;
	}
	snprintf(ans.item, sizeof ans.item, "%s", x->o->fw->items[item].id);
	size_t ai;
	ash_assessment *a = site_assessment(x, x->o->org->sites[site].name, &ai);
	a->answers = ash_reallocarray(a->answers, a->nanswers + 1, sizeof *a->answers);
	a->answers[a->nanswers++] = ans;
	im->answered++;
}

/* Every cell within the text cap: checked once before the typed reads. */
static void check_lengths(ictx *x)
{
	for (size_t i = 0; i < x->r.nf; i++)
		if (x->r.f[i].n > ASH_ANSWERS_MAX_TEXT)
			issue(x, x->r.row, i + 1, i < x->nhdr ? x->hdr[i] : NULL,
			      "cell longer than %d bytes", ASH_ANSWERS_MAX_TEXT);
}

static void finish(ictx *x, const char *buf, size_t n)
{
	ash_import *im = x->im;
	const ash_import_opts *o = x->o;
	char sha[65];
	ash_sha256_hex(buf, n, sha);
	for (size_t i = 0; i < im->na; i++) {
		ash_assessment *a = &im->a[i];
		a->fw_key = ash_strdup(o->fw->key);
		memcpy(a->fw_sha, o->fw->sha256, sizeof a->fw_sha);
		a->quick = x->all_quick;
		a->assessed_on = o->assessed_on;
		a->imported_by = ash_strdup(o->by && *o->by ? o->by : "unknown");
		a->source_file = ash_strdup(o->file_name ? o->file_name : "-");
		memcpy(a->source_sha, sha, sizeof a->source_sha);
	}
}

static int read_rows(ictx *x, rowbuf *b)
{
	size_t col;
	int r;
	while ((r = ash_csvrec_next(&x->r, &col)) == ASH_CSVREC_ROW) {
		if (row_empty(&x->r))
			continue;
		if (x->im->rows >= ASH_ANSWERS_MAX_ROWS) {
			issue(x, x->r.row, 0, NULL, "more than %d rows", ASH_ANSWERS_MAX_ROWS);
			return ASH_EFORMAT;
		}
		size_t before = x->im->nissues + x->im->more_issues;
		check_lengths(x);
		if (x->im->nissues + x->im->more_issues == before)
			one_row(x, b);
	}
	if (r != ASH_CSVREC_END)
		issue(x, x->r.row, col, NULL, "%s", ash_csvrec_strerror(r));
	return ASH_OK;
}

int ash_answers_parse(const char *buf, size_t n, const ash_import_opts *o,
		      ash_import *out, ash_err *err)
{
	memset(out, 0, sizeof *out);
	if (n > ASH_ANSWERS_MAX_BYTES)
		return ash_errf(err, ASH_ELIMIT, "answers file larger than %u bytes",
				ASH_ANSWERS_MAX_BYTES);
	ictx x = {.o = o, .im = out, .all_quick = true};
	rowbuf *b = ash_malloc(sizeof *b);
	ash_csvrec_init(&x.r, buf, n);
	size_t col;
	int r = ash_csvrec_next(&x.r, &col);
	int rc = ASH_OK;
	if (r != ASH_CSVREC_ROW) {
		issue(&x, 1, r ? col : 0, NULL, "%s",
		      r ? ash_csvrec_strerror(r) : "empty file: expected a header row");
		goto out;
	}
	if (header(&x))
		goto out;
	x.seen_row = ash_calloc(o->org->nsites * o->fw->nitems + 1, sizeof(size_t));
	rc = read_rows(&x, b);
	if (!out->nissues && !out->answered)
		issue(&x, 0, 0, NULL, "no answered question in the file (every level is blank)");
	if (!out->nissues)
		finish(&x, buf, n);
out:
	for (size_t i = 0; i < x.nhdr; i++)
		free(x.hdr[i]);
	free(x.seen_row);
	free(b);
	ash_csvrec_free(&x.r);
	if (out->nissues || rc) {
		ash_assessments_free(out->a, out->na);
		out->a = NULL;
		out->na = 0;
		if (!rc)
			rc = ash_errf(err, ASH_EFORMAT, "%zu problem%s in the answers file; "
				      "nothing imported", out->nissues + out->more_issues,
				      out->nissues + out->more_issues == 1 ? "" : "s");
	}
	return rc;
}
