/* SPDX-License-Identifier: MIT */
/* report_doc.c: what the sections share on top of a doc writer - escaped
 * text, catalog text and templates, times in a zone, host labels, a
 * person's text in the report's language. */
#include "report/report_int.h"

#include <stdio.h>
#include <string.h>

#include "report/escape.h"

void doc_text(doc *d, const char *s, unsigned flags)
{
	if (!s)
		return;
	d->esc(d->b, s, strlen(s), d->in_cell ? flags & ~ASH_ESC_NL : flags);
}

const char *doc_s(doc *d, const char *key)
{
	return ash_i18n_t(d->t, key);
}

void doc_t(doc *d, const char *key)
{
	doc_text(d, ash_i18n_t(d->t, key), 0);
}

void doc_f(doc *d, const char *key, const char *const *args, size_t n)
{
	ash_i18n_put(d->t, d->b, d->esc, 0, key, args, n);
}

void rep_time_off(const doc *d, int64_t us, int32_t off, char *buf, size_t cap)
{
	ash_civil c;
	int64_t s = us / 1000000 - (us % 1000000 < 0);
	ash_epoch_to_civil(s + off, &c);
	char f[6][8];
	snprintf(f[0], sizeof f[0], "%04d", c.year % 10000);
	snprintf(f[1], sizeof f[1], "%02d", c.mon);
	snprintf(f[2], sizeof f[2], "%02d", c.day);
	snprintf(f[3], sizeof f[3], "%02d", c.hour);
	snprintf(f[4], sizeof f[4], "%02d", c.min);
	snprintf(f[5], sizeof f[5], "%02d", c.sec);
	const char *args[6] = {f[0], f[1], f[2], f[3], f[4], f[5]};
	ash_strbuf b;
	ash_strbuf_init(&b, cap ? cap - 1 : 1);
	ash_i18n_subst(&b, NULL, 0, ash_i18n_t(d->t, "fmt.datetime"), args, 6);
	snprintf(buf, cap, "%s", ash_strbuf_str(&b));
	ash_strbuf_free(&b);
}

void rep_time(const doc *d, int64_t us, ash_tz *tz, char *buf, size_t cap)
{
	int64_t s = us / 1000000 - (us % 1000000 < 0);
	rep_time_off(d, us, tz ? ash_tz_offset_at(tz, s) : 0, buf, cap);
}

void rep_offset(ash_tz *tz, int64_t us, char *buf, size_t cap)
{
	int32_t off = tz ? ash_tz_offset_at(tz, us / 1000000) : 0;
	int32_t a = off < 0 ? -off : off;
	snprintf(buf, cap, "UTC%c%02d:%02d", off < 0 ? '-' : '+', a / 3600,
		 a / 60 % 60);
}

const ash_asset *rep_asset(const rep *r, const ash_ip *ip)
{
	for (size_t i = 0; i < r->c->nassets; i++)
		if (ash_ip_eq(&r->c->assets[i].ip, ip))
			return &r->c->assets[i];
	return NULL;
}

void rep_utf8_trim(char *s)
{
	size_t n = strlen(s), i = n, k = 0;
	while (i > 0 && k < 4 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--, k++;
	if (i == 0 || (unsigned char)s[i - 1] < 0x80)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t want = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
	if (k + 1 < want)
		s[i - 1] = '\0'; /* a sequence cut short by a full buffer */
}

void rep_host_label(const rep *r, const ash_ip *ip, char *buf, size_t cap)
{
	char a[ASH_IP_STRLEN];
	ash_ip_format(ip, a);
	const ash_asset *as = rep_asset(r, ip);
	if (as && as->name)
		snprintf(buf, cap, "%s (%s)", a, as->name);
	else
		snprintf(buf, cap, "%s", a);
	rep_utf8_trim(buf);
}

void rep_ctext(doc *d, const ash_ctext *t, unsigned flags)
{
	bool orig = false;
	const char *s = ash_ctext_in(t, d->lang, &orig);
	doc_text(d, s, flags);
	if (!orig || !t->lang || !strcmp(t->lang, d->lang))
		return;
	char key[32];
	snprintf(key, sizeof key, "lang.%.8s", t->lang);
	const char *name = ash_i18n_get(d->t, key);
	const char *arg[1] = {name ? name : t->lang};
	doc_t(d, "sep.text");
	doc_f(d, "text.original", arg, 1);
}
