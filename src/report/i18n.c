/* SPDX-License-Identifier: MIT */
/* i18n.c: message catalogs (see i18n.h): a sorted array of key/text
 * pairs per language, looked up by binary search. */
#include "report/i18n.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/xalloc.h"

typedef struct msg {
	char *key, *text;
} msg;

struct ash_i18n {
	char lang[16];
	msg *v;
	size_t n, cap;
	ash_i18n *fallback; /* English, or NULL */
};

static bool key_ok(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
		      c == '.'))
			return false;
	}
	return true;
}

/* Text with \n \t \\ decoded (other backslashes kept). */
static char *unescape(const char *s, size_t n)
{
	char *o = ash_malloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n &&
		    (s[i + 1] == 'n' || s[i + 1] == 't' || s[i + 1] == '\\')) {
			i++;
			o[k++] = s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : '\\';
		} else {
			o[k++] = s[i];
		}
	}
	o[k] = '\0';
	return o;
}

static int cmp_msg(const void *a, const void *b)
{
	return strcmp(((const msg *)a)->key, ((const msg *)b)->key);
}

static int parse_line(ash_i18n *c, const char *name, size_t lno,
		      const char *s, size_t n, ash_err *err)
{
	if (n && s[n - 1] == '\r')
		n--;
	if (!n || s[0] == '#')
		return ASH_OK;
	if (n > ASH_I18N_MAX_LINE)
		return ash_errf(err, ASH_ELIMIT, "%s:%zu: line longer than %d bytes",
				name, lno, ASH_I18N_MAX_LINE);
	const char *tab = memchr(s, '\t', n);
	if (!tab)
		return ash_errf(err, ASH_EFORMAT, "%s:%zu: no tab after the key",
				name, lno);
	size_t kl = (size_t)(tab - s);
	if (!key_ok(s, kl))
		return ash_errf(err, ASH_EFORMAT,
				"%s:%zu: a key is made of a-z 0-9 _ .", name, lno);
	if (c->n >= ASH_I18N_MAX_KEYS)
		return ash_errf(err, ASH_ELIMIT, "%s:%zu: more than %d keys", name,
				lno, ASH_I18N_MAX_KEYS);
	ash_grow((void **)&c->v, &c->cap, c->n + 1, sizeof *c->v);
	c->v[c->n].key = ash_strndup(s, kl);
	c->v[c->n].text = unescape(tab + 1, n - kl - 1);
	c->n++;
	return ASH_OK;
}

int ash_i18n_parse(const char *name, const char *text, size_t n,
		   ash_i18n **out, ash_err *err)
{
	ash_i18n *c = ash_calloc(1, sizeof *c);
	int rc = ASH_OK;
	size_t lno = 0, i = 0;
	while (i < n && !rc) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - text) : n;
		rc = parse_line(c, name, ++lno, text + i, e - i, err);
		i = e + 1;
	}
	if (rc)
		goto out;
	if (c->n)
		qsort(c->v, c->n, sizeof *c->v, cmp_msg);
	for (size_t k = 1; k < c->n; k++)
		if (!strcmp(c->v[k - 1].key, c->v[k].key)) {
			rc = ash_errf(err, ASH_EFORMAT, "%s: key '%s' given twice",
				      name, c->v[k].key);
			goto out;
		}
	*out = c;
	c = NULL;
out:
	ash_i18n_free(c);
	return rc;
}

static bool lang_ok(const char *l)
{
	size_t n = strlen(l);
	if (n < 2 || n > 8)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((l[i] >= 'a' && l[i] <= 'z') || (i >= 2 && l[i] == '-') ||
		      (i >= 3 && l[i] >= 'A' && l[i] <= 'Z')))
			return false;
	return true;
}

static int open_one(const char *lang, ash_i18n **out, ash_err *err)
{
	char name[64], have[256];
	snprintf(name, sizeof name, "msg_%s.txt", lang);
	const ash_embed *e = lang_ok(lang) ? ash_embed_find(name) : NULL;
	if (!e) {
		ash_i18n_languages(have, sizeof have);
		return ash_errf(err, ASH_ENOTFOUND,
				"no message catalog for language '%s' (there are: %s)",
				lang_ok(lang) ? lang : "?", have);
	}
	int rc = ash_i18n_parse(e->name, e->data, e->size, out, err);
	if (!rc)
		snprintf((*out)->lang, sizeof (*out)->lang, "%s", lang);
	return rc;
}

int ash_i18n_open(const char *lang, ash_i18n **out, ash_err *err)
{
	ash_i18n *c = NULL;
	int rc = open_one(lang, &c, err);
	if (!rc && strcmp(lang, "en") != 0)
		rc = open_one("en", &c->fallback, err);
	if (rc) {
		ash_i18n_free(c);
		return rc;
	}
	*out = c;
	return ASH_OK;
}

void ash_i18n_free(ash_i18n *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].key);
		free(c->v[i].text);
	}
	free(c->v);
	ash_i18n_free(c->fallback);
	free(c);
}

const char *ash_i18n_lang(const ash_i18n *c)
{
	return c->lang;
}

void ash_i18n_languages(char *buf, size_t cap)
{
	size_t o = 0;
	buf[0] = '\0';
	for (const ash_embed *e = ash_embeds; e->name; e++) {
		size_t n = strlen(e->name);
		if (n <= 8 || strncmp(e->name, "msg_", 4) != 0 ||
		    strcmp(e->name + n - 4, ".txt") != 0)
			continue;
		int w = snprintf(buf + o, cap - o, "%s%.*s", o ? ", " : "",
				 (int)(n - 8), e->name + 4);
		if (w < 0 || (size_t)w >= cap - o)
			break;
		o += (size_t)w;
	}
}

const char *ash_i18n_get(const ash_i18n *c, const char *key)
{
	msg k = {(char *)key, NULL};
	const msg *m = c->n ? bsearch(&k, c->v, c->n, sizeof *c->v, cmp_msg) : NULL;
	return m ? m->text : NULL;
}

const char *ash_i18n_t(const ash_i18n *c, const char *key)
{
	const char *t = ash_i18n_get(c, key);
	if (!t && c->fallback)
		t = ash_i18n_get(c->fallback, key);
	return t ? t : key;
}

size_t ash_i18n_count(const ash_i18n *c)
{
	return c->n;
}

const char *ash_i18n_key(const ash_i18n *c, size_t i)
{
	return i < c->n ? c->v[i].key : NULL;
}

unsigned ash_i18n_placeholders(const char *t)
{
	unsigned mask = 0;
	for (; *t; t++) {
		if (t[0] == '{' && t[1] == '{')
			t++;
		else if (t[0] == '{' && t[1] >= '0' && t[1] <= '9' && t[2] == '}')
			mask |= 1u << (t[1] - '0');
	}
	return mask;
}

static void piece(ash_strbuf *b, ash_i18n_esc_fn esc, unsigned flags,
		  const char *s, size_t n)
{
	if (esc)
		esc(b, s, n, flags);
	else
		ash_strbuf_put(b, s, n);
}

void ash_i18n_subst(ash_strbuf *b, ash_i18n_esc_fn esc, unsigned flags,
		    const char *t, const char *const *args, size_t nargs)
{
	const char *run = t;
	while (*t) {
		if (t[0] == '{' && t[1] == '{') {
			piece(b, esc, flags, run, (size_t)(t - run) + 1);
			t += 2;
			run = t;
		} else if (t[0] == '{' && t[1] >= '0' && t[1] <= '9' && t[2] == '}' &&
			   (size_t)(t[1] - '0') < nargs) {
			piece(b, esc, flags, run, (size_t)(t - run));
			const char *a = args[t[1] - '0'];
			if (a)
				piece(b, esc, flags, a, strlen(a));
			t += 3;
			run = t;
		} else {
			t++;
		}
	}
	piece(b, esc, flags, run, (size_t)(t - run));
}

void ash_i18n_put(const ash_i18n *c, ash_strbuf *b, ash_i18n_esc_fn esc,
		  unsigned flags, const char *key, const char *const *args,
		  size_t nargs)
{
	ash_i18n_subst(b, esc, flags, ash_i18n_t(c, key), args, nargs);
}
