/* SPDX-License-Identifier: MIT */
/* cdb_text.c: a person's text before it is stored (see cdb.h): size
 * limits, the language tag (given, or guessed from kana/kanji), and which
 * of the ja/en columns the original fills.  Any bytes are accepted
 * (invalid UTF-8 is kept as written); escaping is the printer's job. */
#include "case/cdb.h"

#include <string.h>

#include "case/case.h"

bool ash_lang_code_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return false;
	return true;
}

/* code point of the 3-byte UTF-8 sequence at p (p[0] is 0xe0..0xef), or
 * 0 when it is not well formed */
static unsigned cp3(const unsigned char *p)
{
	if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
		return 0;
	return (unsigned)(p[0] & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 |
	       (p[2] & 0x3f);
}

static bool is_japanese(unsigned c)
{
	return (c >= 0x3040 && c <= 0x30ff) ||  /* hiragana, katakana */
	       (c >= 0x4e00 && c <= 0x9fff) ||  /* CJK unified ideographs */
	       (c >= 0x3000 && c <= 0x303f) ||  /* CJK punctuation */
	       (c >= 0xff66 && c <= 0xff9f);    /* half-width katakana */
}

const char *ash_cdb_guess_lang(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i + 2 < n; i++)
		if (p[i] >= 0xe0 && p[i] <= 0xef && is_japanese(cp3(p + i)))
			return "ja";
	return "en";
}

int ash_cdb_text_check(const ash_text_in *in, bool required, const char *what,
		 ash_cdb_text *out, ash_err *err)
{
	memset(out, 0, sizeof *out);
	const char *s = in ? in->text : NULL;
	if (!s || !*s)
		return required ? ash_errf(err, ASH_EUSAGE, "%s: text is empty", what)
				: ASH_OK;
	if (strlen(s) > ASH_CASEDB_MAX_TEXT)
		return ash_errf(err, ASH_ELIMIT, "%s: text longer than %u bytes",
				what, ASH_CASEDB_MAX_TEXT);
	const char *lang = in->lang ? in->lang : ash_cdb_guess_lang(s);
	if (!ash_lang_code_ok(lang))
		return ash_errf(err, ASH_EUSAGE, "%s: language must be 2-3 lowercase "
				"letters (ja, en, ...)", what);
	strcpy(out->lang, lang);
	out->orig = s;
	out->ja = !strcmp(lang, "ja") ? s : NULL;
	out->en = !strcmp(lang, "en") ? s : NULL;
	return ASH_OK;
}
