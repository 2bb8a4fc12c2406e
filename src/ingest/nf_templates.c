/* SPDX-License-Identifier: MIT */
/* nf_templates.c: the template table of the flow export decoders: one
 * entry per (exporter address, port, version, domain, template id), open
 * addressing over twice ASH_NF_MAX_TEMPLATES slots.  A withdrawn template
 * keeps its slot (live = false) so that a refresh reuses it; the cap
 * counts keys, so memory is bounded by ASH_NF_MAX_TEMPLATES *
 * ASH_NF_MAX_FIELDS fields whatever the input.  The table starts small
 * and doubles while it is half full.
 * Does not: parse template sets (netflow_v9.c, ipfix.c). */
#include "ingest/nf_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#define SLOTS_MIN 64 /* power of two; at most 2 * ASH_NF_MAX_TEMPLATES */

void nf_tpls_init(nf_tpls *t)
{
	t->cap = SLOTS_MIN;
	t->used = 0;
	t->slot = ash_calloc(t->cap, sizeof *t->slot);
}

void nf_tpls_free(nf_tpls *t)
{
	for (size_t i = 0; t->slot && i < t->cap; i++)
		free(t->slot[i].fields);
	free(t->slot);
	t->slot = NULL;
}

static bool same_src(const nf_key *a, const nf_key *b)
{
	return a->port == b->port && a->version == b->version &&
	       a->domain == b->domain && ash_ip_eq(&a->exporter, &b->exporter);
}

static size_t key_hash(const nf_key *k)
{
	uint64_t h = ash_ip_hash(&k->exporter);
	h ^= ((uint64_t)k->domain << 24) ^ ((uint64_t)k->port << 8) ^ k->version;
	h ^= (uint64_t)k->tid * 0x9e3779b97f4a7c15ull;
	h ^= h >> 29;
	return (size_t)h;
}

/* Slot of k, or of the empty slot where it would go. */
static nf_tpl *probe(nf_tpls *t, const nf_key *k)
{
	size_t i = key_hash(k) & (t->cap - 1);
	for (size_t n = 0; n < t->cap; n++, i = (i + 1) & (t->cap - 1)) {
		nf_tpl *s = &t->slot[i];
		if (!s->used || (s->key.tid == k->tid && same_src(&s->key, k)))
			return s;
	}
	return NULL; /* cannot happen: used <= cap / 2 */
}

nf_tpl *nf_tpls_find(nf_tpls *t, const nf_key *k)
{
	nf_tpl *s = probe(t, k);
	return s && s->used && s->live ? s : NULL;
}

/* Double the table (keys keep their fields; withdrawn ones move too). */
static void grow(nf_tpls *t)
{
	nf_tpls old = *t;
	t->cap *= 2;
	t->slot = ash_calloc(t->cap, sizeof *t->slot);
	for (size_t i = 0; i < old.cap; i++)
		if (old.slot[i].used)
			*probe(t, &old.slot[i].key) = old.slot[i];
	free(old.slot);
}

int nf_tpls_put(nf_tpls *t, const nf_key *k, bool options, uint16_t nscope,
		const nf_field *f, uint16_t nf, const char **why)
{
	if (t->used + 1 > t->cap / 2 && t->cap < 2 * ASH_NF_MAX_TEMPLATES)
		grow(t);
	nf_tpl *s = probe(t, k);
	if (!s || (!s->used && t->used >= ASH_NF_MAX_TEMPLATES)) {
		*why = "template table full";
		return -1;
	}
	if (!s->used) {
		memset(s, 0, sizeof *s);
		s->key = *k;
		s->used = true;
		t->used++;
	}
	free(s->fields);
	s->fields = ash_calloc(nf ? nf : 1, sizeof *f);
	memcpy(s->fields, f, nf * sizeof *f);
	s->nfields = nf;
	s->nscope = nscope;
	s->options = options;
	s->live = true;
	s->minlen = 0;
	for (uint16_t i = 0; i < nf; i++)
		s->minlen += f[i].len == NF_VARLEN ? 1 : f[i].len;
	return 0;
}

size_t nf_tpls_withdraw(nf_tpls *t, const nf_key *k, bool all, bool options)
{
	size_t n = 0;
	if (!all) {
		nf_tpl *s = nf_tpls_find(t, k);
		if (s) {
			s->live = false;
			n = 1;
		}
		return n;
	}
	for (size_t i = 0; i < t->cap; i++) {
		nf_tpl *s = &t->slot[i];
		if (s->used && s->live && s->options == options &&
		    same_src(&s->key, k)) {
			s->live = false;
			n++;
		}
	}
	return n;
}
