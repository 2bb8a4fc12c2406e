/* SPDX-License-Identifier: MIT */
/* orgmsg.c: the ja/en catalog of the organisation layer (orgmsg.h). */
#include "org/orgmsg.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/xalloc.h"

typedef struct msg {
	char *key, *en, *ja;
} msg;

static msg *msgs;
static size_t nmsgs;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static char *field(const char **p, const char *end)
{
	const char *s = *p, *e = s;
	while (e < end && *e != '\t' && *e != '\n')
		e++;
	*p = e < end && *e == '\t' ? e + 1 : e;
	return ash_strndup(s, (size_t)(e - s));
}

static void load(void)
{
	const ash_embed *e = ash_embed_find("org_msgs.tsv");
	if (!e)
		return;
	size_t cap = 0;
	const char *p = e->data, *end = e->data + e->size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (p < le && *p != '#') {
			ash_grow((void **)&msgs, &cap, nmsgs + 1, sizeof *msgs);
			msg *m = &msgs[nmsgs++];
			m->key = field(&p, le);
			m->en = field(&p, le);
			m->ja = field(&p, le);
		}
		p = le + 1;
	}
}

const char *ash_orgmsg(const char *lang, const char *key)
{
	pthread_once(&once, load);
	bool ja = lang && !strcmp(lang, "ja");
	for (size_t i = 0; i < nmsgs; i++)
		if (!strcmp(msgs[i].key, key)) {
			const char *t = ja ? msgs[i].ja : msgs[i].en;
			return *t ? t : msgs[i].en;
		}
	return key;
}

size_t ash_orgmsg_count(size_t *incomplete)
{
	pthread_once(&once, load);
	size_t bad = 0;
	for (size_t i = 0; i < nmsgs; i++)
		bad += !*msgs[i].en || !*msgs[i].ja;
	if (incomplete)
		*incomplete = bad;
	return nmsgs;
}

void ash_orgmsg_fill(FILE *f, const char *text, const char *const *names,
		     const char *const *values, size_t n, ash_orgmsg_put put)
{
	const char *p = text;
	while (*p) {
		const char *o = strchr(p, '{');
		if (!o) {
			put(f, p, strlen(p));
			return;
		}
		const char *c = strchr(o, '}');
		put(f, p, (size_t)(o - p));
		size_t k = 0;
		for (; c && k < n; k++)
			if (strlen(names[k]) == (size_t)(c - o - 1) &&
			    !memcmp(names[k], o + 1, (size_t)(c - o - 1)))
				break;
		if (c && k < n) {
			fputs(values[k], f);
			p = c + 1;
		} else {
			put(f, o, 1);
			p = o + 1;
		}
	}
}
