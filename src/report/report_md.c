/* SPDX-License-Identifier: MIT */
/* report_md.c: the Markdown document writer of the report, for mail and
 * tickets (CommonMark with GitHub tables).  Every text goes through
 * ash_esc_md; table cells are kept on one line; generated blocks
 * (firewall rules) are fenced with more backticks than they hold.
 * There is no chart: the numbers are in tables next to it. */
#include "report/report_int.h"

#include <string.h>

#include "report/escape.h"

static void put(doc *d, const char *s)
{
	ash_strbuf_puts(d->b, s);
}

static void esc(doc *d, const char *s)
{
	ash_esc_md_str(d->b, s, 0);
}

static void begin(doc *d, const char *title)
{
	put(d, "# ");
	esc(d, title);
	put(d, "\n\n");
}

static void end(doc *d)
{
	(void)d;
}

static void heading(doc *d, int level, const char *anchor, const char *text)
{
	(void)anchor;
	level = level < 2 ? 2 : level > 4 ? 4 : level;
	for (int i = 0; i < level; i++)
		put(d, "#");
	put(d, " ");
	esc(d, text);
	put(d, "\n\n");
}

static void para(doc *d, bool open)
{
	if (!open)
		put(d, "\n\n");
}

static void list(doc *d, bool open)
{
	d->list_depth += open ? 1 : -1;
	if (!open && !d->list_depth)
		put(d, "\n");
}

static void item(doc *d, bool open)
{
	if (!open) {
		put(d, "\n");
		return;
	}
	for (int i = 1; i < d->list_depth; i++)
		put(d, "  ");
	put(d, "- ");
}

static void table(doc *d, const char *const *heads, size_t n)
{
	put(d, "|");
	for (size_t i = 0; i < n; i++) {
		put(d, " ");
		esc(d, heads[i]);
		put(d, " |");
	}
	put(d, "\n|");
	for (size_t i = 0; i < n; i++)
		put(d, "---|");
	put(d, "\n");
}

static void table_end(doc *d) { put(d, "\n"); }
static void row(doc *d, bool open) { put(d, open ? "|" : "\n"); }

static void cell(doc *d, bool open)
{
	put(d, open ? " " : " |");
	d->in_cell = open;
}

static void strong(doc *d, bool open)
{
	(void)open;
	put(d, "**");
}

/* A code span when s is safe in one (no backtick, no control or
 * invisible character, valid UTF-8), else escaped text. */
static void code(doc *d, const char *s)
{
	size_t n = strlen(s);
	bool ok = n > 0 && s[0] != ' ' && s[n - 1] != ' ' &&
		  !(d->in_cell && strchr(s, '|'));
	for (size_t i = 0; ok && i < n;) {
		unsigned cp;
		i += ash_utf8_next((const unsigned char *)s + i, n - i, &cp);
		ok = cp != ASH_UTF8_BAD && cp >= 0x20 && cp != 0x7f && cp != '`' &&
		     !(cp >= 0x80 && cp <= 0x9f) && !(cp >= 0x2028 && cp <= 0x202e) &&
		     !(cp >= 0x2066 && cp <= 0x2069) && cp != 0x200e && cp != 0x200f &&
		     cp != 0x061c && cp != 0xfeff;
	}
	if (!ok) {
		esc(d, s);
		return;
	}
	put(d, "`");
	put(d, s);
	put(d, "`");
}

static void badge(doc *d, const char *cls, const char *text)
{
	(void)cls;
	put(d, "**");
	esc(d, text);
	put(d, "**");
}

static void pre(doc *d, const char *s)
{
	size_t run = 0, longest = 0;
	for (const char *p = s; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		longest = run > longest ? run : longest;
	}
	char fence[64];
	size_t f = longest < 3 ? 3 : longest + 1;
	if (f >= sizeof fence)
		f = sizeof fence - 1;
	memset(fence, '`', f);
	fence[f] = '\0';
	put(d, fence);
	put(d, "\n");
	/* generated from validated addresses only; controls made visible */
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t')
			ash_strbuf_fmt(d->b, "\\x%02x", (unsigned char)*p);
		else
			ash_strbuf_putc(d->b, *p);
	if (*s && s[strlen(s) - 1] != '\n')
		put(d, "\n");
	put(d, fence);
	put(d, "\n\n");
}

static void nl(doc *d)
{
	put(d, d->in_cell ? " / " : "  \n");
}

const doc_ops ash_doc_md = {begin, end, heading, para, list, item, table,
			    table_end, row, cell, strong, code, badge, pre,
			    NULL, nl};
