/* SPDX-License-Identifier: MIT */
/* expect.c: parsing and evaluating a hypothesis's condition (expect.h).
 * A cursor over explicit lengths; numbers checked for overflow before
 * each multiplication. */
#include "case/expect.h"

#include <stdio.h>
#include <string.h>

static const char *const metric_names[] = {"records", "packets", "bytes",
					   "findings"};
static const char *const op_names[] = {">", ">=", "<", "<=", "=", "!="};

typedef struct cur {
	const char *s;
	size_t n, i;
} cur;

const char *ash_expect_metric_name(int m)
{
	return m >= 0 && m < ASH_XM_COUNT_ ? metric_names[m] : "?";
}

static void blanks(cur *c)
{
	while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t'))
		c->i++;
}

static int fail(const cur *c, const char *what, ash_err *err)
{
	return ash_errf(err, ASH_EUSAGE, "expect:%zu: expected %s", c->i + 1, what);
}

static bool is_alpha(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

/* a word of letters at the cursor, compared with w */
static bool word(cur *c, const char *w)
{
	size_t j = c->i;
	while (j < c->n && is_alpha(c->s[j]))
		j++;
	size_t len = j - c->i;
	if (len == 0 || len != strlen(w) || memcmp(c->s + c->i, w, len) != 0)
		return false;
	c->i = j;
	return true;
}

static int metric(cur *c, int *m, ash_err *err)
{
	for (int k = 0; k < ASH_XM_COUNT_; k++)
		if (word(c, metric_names[k])) {
			*m = k;
			return ASH_OK;
		}
	return fail(c, "records, packets, bytes or findings", err);
}

static int op(cur *c, int *o, ash_err *err)
{
	const char *p = c->s + c->i;
	size_t left = c->n - c->i;
	bool eq2 = left >= 2 && p[1] == '=';
	if (left >= 1 && (p[0] == '>' || p[0] == '<')) {
		*o = (p[0] == '>' ? ASH_XO_GT : ASH_XO_LT) + (eq2 ? 1 : 0);
		c->i += eq2 ? 2 : 1;
	} else if (left >= 1 && p[0] == '=') {
		*o = ASH_XO_EQ;
		c->i += eq2 ? 2 : 1;
	} else if (eq2 && p[0] == '!') {
		*o = ASH_XO_NE;
		c->i += 2;
	} else {
		return fail(c, "a comparison (> >= < <= = == !=)", err);
	}
	return ASH_OK;
}

static uint64_t unit_of(char ch)
{
	switch (ch) {
	case 'k': case 'K': return 1000ULL;
	case 'M': return 1000000ULL;
	case 'G': return 1000000000ULL;
	case 'T': return 1000000000000ULL;
	}
	return 0;
}

/* a run of at most max digits into *v (*nd digits read) */
static int digits(cur *c, uint64_t *v, int *nd, int max, ash_err *err)
{
	*v = 0, *nd = 0;
	while (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9') {
		unsigned d = (unsigned)(c->s[c->i] - '0');
		if (*nd >= max || *v > (UINT64_MAX - d) / 10)
			return ash_errf(err, ASH_ELIMIT, "expect:%zu: number too large",
					c->i + 1);
		*v = *v * 10 + d;
		c->i++, (*nd)++;
	}
	return ASH_OK;
}

static int number(cur *c, uint64_t *out, ash_err *err)
{
	uint64_t whole, frac = 0, scale = 1;
	int nd, fd = 0, rc = digits(c, &whole, &nd, 20, err);
	if (rc || nd == 0)
		return rc ? rc : fail(c, "a number", err);
	if (c->i < c->n && c->s[c->i] == '.') {
		c->i++;
		if ((rc = digits(c, &frac, &fd, 12, err)) || fd == 0)
			return rc ? rc : fail(c, "digits after '.'", err);
	}
	for (int k = 0; k < fd; k++)
		scale *= 10;
	uint64_t u = c->i < c->n ? unit_of(c->s[c->i]) : 0;
	if (u)
		c->i++;
	else if (fd)
		return fail(c, "a unit (k M G T) after a fraction", err);
	else
		u = 1;
	/* frac < scale and both are powers of ten: the part is below u */
	uint64_t part = scale <= u ? frac * (u / scale) : frac / (scale / u);
	if (whole > UINT64_MAX / u || whole * u > UINT64_MAX - part)
		return ash_errf(err, ASH_ELIMIT, "expect: number too large");
	*out = whole * u + part;
	return ASH_OK;
}

static int term(cur *c, ash_expect *e, ash_err *err)
{
	if (e->n == ASH_EXPECT_MAX_TERMS)
		return ash_errf(err, ASH_ELIMIT, "expect: more than %d terms",
				ASH_EXPECT_MAX_TERMS);
	int rc;
	blanks(c);
	if ((rc = metric(c, &e->t[e->n].metric, err)))
		return rc;
	blanks(c);
	if ((rc = op(c, &e->t[e->n].op, err)))
		return rc;
	blanks(c);
	if ((rc = number(c, &e->t[e->n].value, err)))
		return rc;
	if (c->i < c->n && (is_alpha(c->s[c->i]) || c->s[c->i] == '.'))
		return fail(c, "a blank after the number", err);
	e->n++;
	return ASH_OK;
}

int ash_expect_parse(const char *s, size_t n, ash_expect *out, ash_err *err)
{
	cur c = {s, n, 0};
	memset(out, 0, sizeof *out);
	if (n > ASH_EXPECT_MAX_LEN)
		return ash_errf(err, ASH_ELIMIT, "expect: longer than %d bytes",
				ASH_EXPECT_MAX_LEN);
	int rc = term(&c, out, err);
	while (!rc) {
		blanks(&c);
		if (c.i == c.n)
			break;
		if (!word(&c, "and"))
			return fail(&c, "'and' or the end", err);
		rc = term(&c, out, err);
	}
	return rc;
}

static bool holds(int op, uint64_t a, uint64_t b)
{
	switch (op) {
	case ASH_XO_GT: return a > b;
	case ASH_XO_GE: return a >= b;
	case ASH_XO_LT: return a < b;
	case ASH_XO_LE: return a <= b;
	case ASH_XO_EQ: return a == b;
	case ASH_XO_NE: return a != b;
	}
	return false;
}

bool ash_expect_eval(const ash_expect *e, const uint64_t v[ASH_XM_COUNT_])
{
	for (size_t i = 0; i < e->n; i++)
		if (!holds(e->t[i].op, v[e->t[i].metric], e->t[i].value))
			return false;
	return e->n > 0;
}

size_t ash_expect_format(const ash_expect *e, char *buf, size_t cap)
{
	size_t len = 0;
	for (size_t i = 0; i < e->n; i++) {
		char tmp[96];
		int k = snprintf(tmp, sizeof tmp, "%s%s %s %llu", i ? " and " : "",
				 ash_expect_metric_name(e->t[i].metric),
				 op_names[e->t[i].op],
				 (unsigned long long)e->t[i].value);
		if (cap && len < cap - 1)
			snprintf(buf + len, cap - len, "%s", tmp);
		len += (size_t)k;
	}
	if (cap && e->n == 0)
		buf[0] = '\0';
	return len;
}
