/* SPDX-License-Identifier: MIT */
/* i18n.h: message catalogs - every word a report shows comes from here,
 * so another language is one more file, data/embed/msg_<lang>.txt.
 *
 * Catalog format (UTF-8), one message a line:
 *     key<TAB>text
 * Keys are [a-z0-9_.]+ and unique; blank lines and lines starting with
 * '#' are ignored.  In text, \n is a newline, \t a tab, \\ a backslash,
 * {0}..{9} are placeholders and {{ is a literal '{'.  Placeholders are
 * substituted by plain string concatenation: catalog text and arguments
 * never reach printf as a format.  A key missing from a catalog falls
 * back to the English one, then to the key itself.
 * Owns: parsing, lookup, substitution.  Does not know HTML (the caller
 * passes an escaper) or where reports go. */
#ifndef ASH_I18N_H
#define ASH_I18N_H

#include <stddef.h>

#include "core/err.h"
#include "report/strbuf.h"

/* Limits on a catalog (it is embedded, but may come from a file). */
#define ASH_I18N_MAX_KEYS 4096
#define ASH_I18N_MAX_LINE 8192

typedef struct ash_i18n ash_i18n;

/* Parse catalog text[0..n) named name (for messages: "msg_ja.txt").
 * Errors name the line: "msg_ja.txt:12: no tab after the key".  *out
 * owned by the caller (ash_i18n_free); untouched on error. */
int ash_i18n_parse(const char *name, const char *text, size_t n,
		   ash_i18n **out, ash_err *err);
/* The embedded catalog of lang ("ja", "en"), with English as fallback.
 * ASH_ENOTFOUND naming the languages there are. */
int ash_i18n_open(const char *lang, ash_i18n **out, ash_err *err);
void ash_i18n_free(ash_i18n *c);
/* The language tag ("ja"); "" for a catalog made by ash_i18n_parse. */
const char *ash_i18n_lang(const ash_i18n *c);
/* The embedded languages, comma-separated ("en, ja"), into buf. */
void ash_i18n_languages(char *buf, size_t cap);

/* Text of key in this catalog only, or NULL. */
const char *ash_i18n_get(const ash_i18n *c, const char *key);
/* Text of key, falling back to English, then to key itself. */
const char *ash_i18n_t(const ash_i18n *c, const char *key);
/* Keys in sorted order (for completeness checks). */
size_t ash_i18n_count(const ash_i18n *c);
const char *ash_i18n_key(const ash_i18n *c, size_t i);
/* Bit k set when text uses {k}. */
unsigned ash_i18n_placeholders(const char *text);

/* How a piece of text is written out (escape.h functions fit). */
typedef void (*ash_i18n_esc_fn)(ash_strbuf *b, const char *s, size_t n,
				unsigned flags);
/* Write key's text with {k} replaced by args[k] (k < nargs; others stay
 * as written), every piece, catalog text and arguments alike, passed
 * through esc with flags (esc NULL: copied as is). */
void ash_i18n_put(const ash_i18n *c, ash_strbuf *b, ash_i18n_esc_fn esc,
		  unsigned flags, const char *key, const char *const *args,
		  size_t nargs);
/* The same for a literal template (tests, composed keys). */
void ash_i18n_subst(ash_strbuf *b, ash_i18n_esc_fn esc, unsigned flags,
		    const char *tmpl, const char *const *args, size_t nargs);

#endif
