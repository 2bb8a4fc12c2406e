/* SPDX-License-Identifier: MIT */
/* filter_lex.c: split a filter text into tokens with their columns.
 *
 * Owns: words, quoted strings, parentheses, ! && || and comparison
 * operators.  Does not know keywords (the parser does): "src", "10.0.0.1"
 * and "2026-11-24T17:00Z..+2h" are all words.  The text is untrusted
 * (scripts build filters from log values): any byte, NUL included, is
 * handled; the token count is bounded by the text length. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "query/filter_int.h"

/* Bytes that end a bare word. */
static bool is_break(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' ||
	       c == ')' || c == '"' || c == '\'' || c == '!' || c == '&' ||
	       c == '|' || c == '<' || c == '>' || c == '=';
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void push(ftoks *t, int kind, int op, const char *p, size_t n,
		 size_t col)
{
	ash_grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v);
	t->v[t->n++] = (ftok){.kind = kind, .op = op, .p = p, .n = n, .col = col};
}

static void show_bytes(const char *p, size_t n, char *buf, size_t cap)
{
	size_t o = 0, max = 32;
	for (size_t i = 0; i < n && i < max && o + 5 < cap; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 0x20 && c < 0x7f) {
			buf[o++] = (char)c;
		} else {
			static const char hx[] = "0123456789abcdef";
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hx[c >> 4];
			buf[o++] = hx[c & 15];
		}
	}
	if (n > max && o + 4 < cap) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o < cap ? o : cap - 1] = '\0';
}

void ash_filter_lex_show(const ftok *tk, char *buf, size_t cap)
{
	static const char *const ops[] = {"=", "!=", "<", "<=", ">", ">="};
	char inner[160];
	switch (tk->kind) {
	case FT_EOF: snprintf(buf, cap, "end of filter"); return;
	case FT_LP: snprintf(buf, cap, "'('"); return;
	case FT_RP: snprintf(buf, cap, "')'"); return;
	case FT_NOT: snprintf(buf, cap, "'!'"); return;
	case FT_AND: snprintf(buf, cap, "'&&'"); return;
	case FT_OR: snprintf(buf, cap, "'||'"); return;
	case FT_OP:
		snprintf(buf, cap, "'%s'", tk->op >= 0 && tk->op < 6 ? ops[tk->op] : "?");
		return;
	default:
		show_bytes(tk->p, tk->n, inner, sizeof inner);
		snprintf(buf, cap, tk->kind == FT_STRING ? "\"%s\"" : "'%s'", inner);
	}
}

/* Quoted string starting at s[*i] (the quote).  Unescapes \\ and \q into
 * t->strbuf (sized for the whole text up front, so pointers stay put). */
static int lex_string(const char *s, size_t n, size_t *i, ftoks *t,
		      ash_err *err)
{
	char q = s[*i];
	size_t start = *i, o = t->strn;
	for (size_t k = start + 1; k < n; k++) {
		char c = s[k];
		if (c == '\\' && k + 1 < n && (s[k + 1] == q || s[k + 1] == '\\'))
			c = s[++k];
		else if (c == q) {
			push(t, FT_STRING, 0, t->strbuf + o, t->strn - o, start + 1);
			t->strbuf[t->strn++] = '\0';
			*i = k + 1;
			return ASH_OK;
		}
		t->strbuf[t->strn++] = c;
	}
	return ash_errf(err, ASH_EUSAGE, "filter:%zu: unterminated %s string "
			"(add the closing %c)", start + 1,
			q == '"' ? "double-quoted" : "single-quoted", q);
}

/* Operator or punctuation at s[*i]; returns 1 if one was taken, 0 if the
 * byte starts a word, or an error code. */
static int lex_punct(const char *s, size_t n, size_t *i, ftoks *t,
		     ash_err *err)
{
	size_t k = *i, col = k + 1;
	char c = s[k], d = k + 1 < n ? s[k + 1] : '\0';
	int kind = -1, op = 0, len = 1;
	if (c == '(') kind = FT_LP;
	else if (c == ')') kind = FT_RP;
	else if (c == '&' && d == '&') kind = FT_AND, len = 2;
	else if (c == '|' && d == '|') kind = FT_OR, len = 2;
	else if (c == '!' && d == '=') kind = FT_OP, op = OP_NE, len = 2;
	else if (c == '!') kind = FT_NOT;
	else if (c == '=' && d == '=') kind = FT_OP, op = OP_EQ, len = 2;
	else if (c == '=') kind = FT_OP, op = OP_EQ;
	else if (c == '<' && d == '=') kind = FT_OP, op = OP_LE, len = 2;
	else if (c == '<') kind = FT_OP, op = OP_LT;
	else if (c == '>' && d == '=') kind = FT_OP, op = OP_GE, len = 2;
	else if (c == '>') kind = FT_OP, op = OP_GT;
	else if (c == '&' || c == '|')
		return ash_errf(err, ASH_EUSAGE, "filter:%zu: unexpected '%c' "
				"(write '%c%c' or '%s')", col, c, c, c,
				c == '&' ? "and" : "or");
	if (kind < 0)
		return 0;
	push(t, kind, op, s + k, (size_t)len, col);
	*i = k + (size_t)len;
	return 1;
}

int ash_filter_lex(const char *s, size_t n, ftoks *t, ash_err *err)
{
	int rc = ASH_OK;
	memset(t, 0, sizeof *t);
	if (n > ASH_FILTER_MAX_LEN) {
		rc = ash_errf(err, ASH_ELIMIT, "filter:1: filter longer than %d "
			      "bytes", ASH_FILTER_MAX_LEN);
		goto out;
	}
	t->strbuf = ash_malloc(n + 1);
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (is_space(c)) {
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			rc = ash_errf(err, ASH_EUSAGE, "filter:%zu: unexpected "
				      "control byte \\x%02x", i + 1, c);
			goto out;
		}
		if (c == '"' || c == '\'') {
			if ((rc = lex_string(s, n, &i, t, err)))
				goto out;
			continue;
		}
		int r = lex_punct(s, n, &i, t, err);
		if (r == 1)
			continue;
		if (r) {
			rc = r;
			goto out;
		}
		size_t start = i;
		while (i < n && !is_break((unsigned char)s[i]) &&
		       (unsigned char)s[i] >= 0x20 && s[i] != 0x7f)
			i++;
		push(t, FT_WORD, 0, s + start, i - start, start + 1);
	}
	push(t, FT_EOF, 0, s + n, 0, n + 1);
out:
	return rc;
}

void ash_filter_lex_free(ftoks *t)
{
	free(t->v);
	free(t->strbuf);
	memset(t, 0, sizeof *t);
}
