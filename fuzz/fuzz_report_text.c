/* SPDX-License-Identifier: MIT */
/* fuzz_report_text.c: the report's handling of untrusted text on
 * arbitrary bytes - HTML and Markdown escaping (src/report/escape.h) and
 * catalog parsing and substitution (src/report/i18n.h).  Besides "no
 * crash", checks the contracts: escaped HTML holds no markup character,
 * escaped Markdown no '<', no unescaped link bracket and no live http
 * link; both are valid UTF-8 without control bytes (newline and tab only
 * when asked); substitution never expands an argument. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/escape.h"
#include "report/i18n.h"

static void clean(const ash_strbuf *b, unsigned flags)
{
	const unsigned char *s = (const unsigned char *)ash_strbuf_str(b);
	for (size_t i = 0; i < b->len;) {
		unsigned cp;
		i += ash_utf8_next(s + i, b->len - i, &cp);
		if (cp == ASH_UTF8_BAD || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
		    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
			abort();
		if (cp < 0x20 && !((flags & ASH_ESC_NL) && (cp == '\n' || cp == '\t')))
			abort();
	}
}

static void check_md(const ash_strbuf *b)
{
	const char *s = ash_strbuf_str(b);
	for (size_t i = 0; i < b->len; i++) {
		if (s[i] == '<' || s[i] == '>')
			abort();
		/* a bracket or backtick is preceded by an odd run of backslashes */
		if (s[i] == '[' || s[i] == ']' || s[i] == '`') {
			size_t k = 0;
			while (k < i && s[i - 1 - k] == '\\')
				k++;
			if (k % 2 == 0)
				abort();
		}
		if ((s[i] == 'h' || s[i] == 'H') && b->len - i >= 7 &&
		    !strncasecmp(s + i, "http://", 7))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	unsigned flags = size && (data[0] & 1) ? ASH_ESC_NL : 0;
	ash_strbuf b;
	ash_strbuf_init(&b, 0);
	ash_esc_html(&b, s, size, flags);
	if (strpbrk(ash_strbuf_str(&b), "<>\"'") || ash_strbuf_over(&b))
		abort();
	clean(&b, flags);
	ash_strbuf_reset(&b);
	ash_esc_md(&b, s, size, flags);
	clean(&b, flags);
	check_md(&b);
	ash_strbuf_reset(&b);
	/* the input as a catalog; its first text as a template whose
	 * arguments are the input itself: output length is bounded */
	ash_i18n *c = NULL;
	if (!ash_i18n_parse("fuzz", s, size, &c, NULL) && ash_i18n_count(c)) {
		const char *t = ash_i18n_get(c, ash_i18n_key(c, 0));
		char *arg = strndup(s, size);
		const char *args[10] = {arg, arg, arg, arg, arg, arg, arg, arg, arg, arg};
		ash_i18n_subst(&b, ash_esc_html, 0, t, args, 10);
		if (b.len > 6 * (strlen(t) + 10 * 6 * strlen(arg)) + 16)
			abort();
		free(arg);
	}
	ash_i18n_free(c);
	ash_strbuf_free(&b);
	return 0;
}
