/* SPDX-License-Identifier: MIT */
/* escape.h: writing text from logs and people into HTML and Markdown so
 * that it shows as the same characters and does nothing else.
 *
 * Input is any bytes of a given length (NUL and invalid UTF-8 included).
 * Common to both forms:
 *   - invalid UTF-8 (stray bytes, overlong forms, surrogates, past
 *     U+10FFFF) becomes U+FFFD, one per bad byte;
 *   - C0 control bytes and DEL show as the text \xNN (ESC is "\x1b"),
 *     C1 controls, bidirectional overrides and isolates, line/paragraph
 *     separators and a byte order mark as \uXXXX, so nothing reorders or
 *     redraws what follows;
 *   - newline and tab are kept only with ASH_ESC_NL (else "\n", "\t");
 *     with it, CR before LF is dropped (Markdown: a newline is a hard
 *     line break, and runs of newlines are one, so text stays in its
 *     list item or table).
 * HTML (also valid inside inline SVG / XML): & < > " ' become entities.
 * Markdown (CommonMark, GitHub, old Markdown.pl alike): & < > become
 * entities; \ ` * _ [ ] | # ~ are backslash-escaped; a line starting as
 * a list item or rule ("- ", "+ ", "--", "==", "12. ", "3) ") is escaped
 * (a line start: b empty or ending in a newline or a list marker);
 * "http://", "https://"
 * and "www." are defanged ("hxxp://", "www[.]") so no renderer makes a
 * link.  Owns escaping only; does not decide what is trusted. */
#ifndef ASH_ESCAPE_H
#define ASH_ESCAPE_H

#include <stddef.h>

#include "report/strbuf.h"

#define ASH_ESC_NL 1u /* keep newlines and tabs (multi-line text) */

void ash_esc_html(ash_strbuf *b, const char *s, size_t n, unsigned flags);
void ash_esc_md(ash_strbuf *b, const char *s, size_t n, unsigned flags);
/* The same for a NUL-terminated string; NULL writes nothing. */
void ash_esc_html_str(ash_strbuf *b, const char *s, unsigned flags);
void ash_esc_md_str(ash_strbuf *b, const char *s, unsigned flags);

/* Decode one UTF-8 sequence at s (n > 0 bytes left): returns its length
 * and the code point in *cp, or 1 with *cp = ASH_UTF8_BAD. */
#define ASH_UTF8_BAD 0xFFFFFFFFu
size_t ash_utf8_next(const unsigned char *s, size_t n, unsigned *cp);

#endif
