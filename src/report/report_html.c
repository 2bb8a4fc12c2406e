/* SPDX-License-Identifier: MIT */
/* report_html.c: the HTML document writer of the report - one
 * self-contained printable file: inline CSS, inline SVG, no script, no
 * external reference, and a Content-Security-Policy that would block
 * both anyway.  Every text goes through ash_esc_html. */
#include "report/report_int.h"

#include <stdio.h>

#include "report/escape.h"

static const char css[] =
	":root{--ink:#222;--muted:#666;--line:#ccc;--bad:#c0392b;--ok:#2e7d32;"
	"--open:#b26a00}\n"
	"body{font-family:system-ui,\"Noto Sans CJK JP\",\"Hiragino Sans\","
	"\"Yu Gothic\",Meiryo,sans-serif;color:var(--ink);line-height:1.55;"
	"margin:0;background:#fff}\n"
	"main{max-width:60rem;margin:0 auto;padding:1.5rem}\n"
	"h1{font-size:1.6rem;border-bottom:3px solid var(--ink);padding-bottom:.3rem}\n"
	"h2{font-size:1.3rem;border-bottom:1px solid var(--line);margin-top:2rem}\n"
	"h3{font-size:1.08rem;margin-top:1.4rem}\n"
	"p,li,td,th{white-space:pre-line;overflow-wrap:anywhere}\n"
	"table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}\n"
	"th,td{border:1px solid var(--line);padding:.25rem .45rem;text-align:left;"
	"vertical-align:top}\n"
	"th{background:#f3f3f3}td.nw{white-space:nowrap}\n"
	"code{font-family:ui-monospace,Consolas,monospace;font-size:.88em;"
	"background:#f4f4f4;padding:0 .2em;overflow-wrap:anywhere}\n"
	"pre{font-family:ui-monospace,Consolas,monospace;font-size:.82rem;"
	"background:#f6f6f6;border:1px solid var(--line);padding:.6rem;"
	"white-space:pre-wrap;overflow-wrap:anywhere}\n"
	".badge{display:inline-block;font-size:.8em;font-weight:bold;padding:0 .45em;"
	"border-radius:.3em;border:1px solid currentColor;white-space:nowrap}\n"
	".confirmed,.fact{color:var(--ok)}.refuted{color:var(--muted)}"
	".open,.claim,.forced{color:var(--open)}.bad{color:var(--bad)}\n"
	"figure{margin:.8rem 0}svg.chart{max-width:100%;height:auto}\n"
	"@page{size:A4;margin:14mm}\n"
	"@media print{body{font-size:10pt}main{max-width:none;padding:0}"
	"h2,h3{break-after:avoid}figure,tr,pre,li{break-inside:avoid}"
	"th{background:#eee!important;-webkit-print-color-adjust:exact;"
	"print-color-adjust:exact}}\n";

static void put(doc *d, const char *s)
{
	ash_strbuf_puts(d->b, s);
}

static void esc(doc *d, const char *s)
{
	ash_esc_html_str(d->b, s, 0);
}

static void begin(doc *d, const char *title)
{
	put(d, "<!DOCTYPE html>\n<html lang=\"");
	esc(d, d->lang);
	put(d, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	       "'none'; style-src 'unsafe-inline'; img-src data:\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	       "<meta name=\"generator\" content=\"ashiato\">\n<title>");
	esc(d, title);
	put(d, "</title>\n<style>\n");
	put(d, css);
	put(d, "</style>\n</head>\n<body>\n<main>\n<h1>");
	esc(d, title);
	put(d, "</h1>\n");
}

static void end(doc *d)
{
	put(d, "</main>\n</body>\n</html>\n");
}

static void heading(doc *d, int level, const char *anchor, const char *text)
{
	char o[16], c[16];
	level = level < 2 ? 2 : level > 4 ? 4 : level;
	snprintf(o, sizeof o, "<h%d", level);
	snprintf(c, sizeof c, "</h%d>\n", level);
	put(d, o);
	if (anchor) {
		put(d, " id=\"");
		esc(d, anchor);
		put(d, "\"");
	}
	put(d, ">");
	esc(d, text);
	put(d, c);
}

static void para(doc *d, bool open) { put(d, open ? "<p>" : "</p>\n"); }
static void list(doc *d, bool open) { put(d, open ? "<ul>\n" : "</ul>\n"); }
static void item(doc *d, bool open) { put(d, open ? "<li>" : "</li>\n"); }
static void row(doc *d, bool open) { put(d, open ? "<tr>" : "</tr>\n"); }
static void strong(doc *d, bool open) { put(d, open ? "<strong>" : "</strong>"); }
static void nl(doc *d) { put(d, "<br>"); }

static void cell(doc *d, bool open)
{
	put(d, !open ? "</td>" : d->nowrap ? "<td class=\"nw\">" : "<td>");
	d->in_cell = open;
	d->nowrap = 0;
}

static void table(doc *d, const char *const *heads, size_t n)
{
	put(d, "<table>\n<thead><tr>");
	for (size_t i = 0; i < n; i++) {
		put(d, "<th>");
		esc(d, heads[i]);
		put(d, "</th>");
	}
	put(d, "</tr></thead>\n<tbody>\n");
}

static void table_end(doc *d) { put(d, "</tbody>\n</table>\n"); }

static void code(doc *d, const char *s)
{
	put(d, "<code>");
	esc(d, s);
	put(d, "</code>");
}

static void badge(doc *d, const char *cls, const char *text)
{
	put(d, "<span class=\"badge ");
	esc(d, cls);
	put(d, "\">");
	esc(d, text);
	put(d, "</span>");
}

static void pre(doc *d, const char *s)
{
	put(d, "<pre>");
	ash_esc_html_str(d->b, s, ASH_ESC_NL);
	put(d, "</pre>\n");
}

static void svg(doc *d, const char *s)
{
	put(d, "<figure>\n");
	put(d, s); /* made by svg.c, which escapes its text */
	put(d, "</figure>\n");
}

const doc_ops ash_doc_html = {begin, end, heading, para, list, item, table,
			      table_end, row, cell, strong, code, badge, pre,
			      svg, nl};
