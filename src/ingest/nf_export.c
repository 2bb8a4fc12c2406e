/* SPDX-License-Identifier: MIT */
/* nf_export.c: the decoder's live templates written back as template-only
 * datagrams (v9 flowset 0/1, IPFIX set 2/3), one per template, so that
 * an interval's capture can be decoded on its own.  Does not: export
 * options data (sampling rates) or withdrawn templates. */
#include "ingest/nf_int.h"

#include <string.h>

/* 20 + 4 + 6 + 8 bytes per field at most: within 64 KiB */
#define TPL_MAX (40 + 8 * ASH_NF_MAX_FIELDS)

typedef struct obuf {
	uint8_t b[TPL_MAX];
	size_t n;
} obuf;

static void o16(obuf *o, unsigned v)
{
	o->b[o->n++] = (uint8_t)(v >> 8);
	o->b[o->n++] = (uint8_t)v;
}

static void o32(obuf *o, uint32_t v)
{
	o16(o, v >> 16);
	o16(o, v & 0xffff);
}

static void put16(obuf *o, size_t at, size_t v)
{
	o->b[at] = (uint8_t)(v >> 8);
	o->b[at + 1] = (uint8_t)v;
}

static void v9_tpl(obuf *o, const nf_tpl *t)
{
	o16(o, 9); o16(o, 1); o32(o, 0); o32(o, 0); o32(o, 0);
	o32(o, t->key.domain);
	size_t at = o->n;
	o16(o, t->options ? 1 : 0);
	o16(o, 0);
	o16(o, t->key.tid);
	if (t->options) {
		o16(o, (unsigned)t->nscope * 4);
		o16(o, (unsigned)(t->nfields - t->nscope) * 4);
	} else {
		o16(o, t->nfields);
	}
	for (uint16_t i = 0; i < t->nfields; i++) {
		o16(o, t->fields[i].id);
		o16(o, t->fields[i].len);
	}
	while ((o->n - at) % 4)
		o->b[o->n++] = 0;
	put16(o, at + 2, o->n - at);
}

static void ipfix_tpl(obuf *o, const nf_tpl *t)
{
	o16(o, 10); o16(o, 0); o32(o, 0); o32(o, 0); o32(o, t->key.domain);
	size_t at = o->n;
	o16(o, t->options ? 3 : 2);
	o16(o, 0);
	o16(o, t->key.tid);
	o16(o, t->nfields);
	if (t->options)
		o16(o, t->nscope);
	for (uint16_t i = 0; i < t->nfields; i++) {
		const nf_field *f = &t->fields[i];
		o16(o, f->pen ? (unsigned)f->id | 0x8000 : f->id);
		o16(o, f->len);
		if (f->pen)
			o32(o, f->pen);
	}
	put16(o, at + 2, o->n - at);
	put16(o, 2, o->n);
}

int ash_nf_export_templates(const ash_nf *nf, ash_nf_tpl_cb cb, void *ctx)
{
	static _Thread_local obuf o;
	for (size_t i = 0; i < nf->tpls.cap; i++) {
		const nf_tpl *t = &nf->tpls.slot[i];
		if (!t->used || !t->live)
			continue;
		o.n = 0;
		if (t->key.version == 9)
			v9_tpl(&o, t);
		else
			ipfix_tpl(&o, t);
		int rc = cb(ctx, &t->key.exporter, t->key.port, o.b, o.n);
		if (rc)
			return rc;
	}
	return 0;
}
