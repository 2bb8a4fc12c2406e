/* SPDX-License-Identifier: MIT */
/* store_check.c: verification of a whole store (ash_store_check, see
 * store.h).  The MANIFEST must read back intact; every chunk it names must
 * exist with its listed size, pass its header and column checksums,
 * decode completely and agree with its manifest entry (records, time
 * range, address filter, a sampling rate exactly where its presence bit
 * is set; note indices are range-checked by the decoder, as every string
 * index is); the manifest's record counts per evidence must
 * add up and every evidence keeps a rejects file.  Orphan files are
 * counted, not treated as damage.  Repairs nothing and never prints. */
#include "store/store_internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "store/store_bloom.h"
#include "core/io.h"

typedef struct damage {
	size_t n;
	size_t len;
	char list[768];
} damage;

/* Add "what (why)" to the list; the list is cut with "..." when full. */
static void note(damage *d, const char *what, const char *why)
{
	size_t cap = sizeof d->list;
	d->n++;
	if (d->len + 4 >= cap)
		return;
	int k = snprintf(d->list + d->len, cap - d->len, "%s%s (%s)",
			 d->len ? "; " : "", what, why);
	if (k < 0 || d->len + (size_t)k >= cap) {
		memcpy(d->list + cap - 4, "...", 4);
		d->len = cap - 1;
		return;
	}
	d->len += (size_t)k;
}

/* The reason of an error message, without the path it starts with. */
static const char *reason(const ash_err *e, const char *file)
{
	const char *p = strstr(e->msg, file);
	if (p && p[strlen(file)] == ':' && p[strlen(file) + 1] == ' ')
		return p + strlen(file) + 2;
	return e->msg;
}

/* The batch must agree with the manifest entry of its chunk and with
 * itself; the reason it does not, or NULL. */
static const char *agrees(const ash_chunk_meta *m, const ash_batch *b,
			  const ash_chunk_info *in)
{
	if (in->records != m->records || b->n != m->records)
		return "record count differs from the manifest";
	if (in->t_min != m->t_min || in->t_max != m->t_max)
		return "time range differs from the manifest";
	for (size_t i = 0; i < b->n; i++)
		if (!ash_bloom_test(m->bloom, ash_batch_src(b, i)) ||
		    !ash_bloom_test(m->bloom, ash_batch_dst(b, i)))
			return "address filter misses an address";
	for (size_t i = 0; i < b->n; i++)
		if (!(b->have[i] & ASH_HAVE_SAMPLING) != !b->sampling[i])
			return "sampling rate and its presence bit disagree";
	return NULL;
}

static void check_chunk(ash_chunk_reader *r, const ash_store *s, size_t i,
			uint64_t *ev_records, ash_store_report *rep,
			damage *d)
{
	const ash_chunk_meta *m = ash_store_chunk(s, i);
	const uint8_t *buf;
	size_t n;
	ash_batch b;
	ash_chunk_info info;
	ash_err e = {0, ""};
	ev_records[m->evidence] += m->records;
	if (ash_chunk_load_file(r, s, i, &buf, &n, &e) != 0 ||
	    ash_chunk_verify_mem(r, buf, n, &b, &info, &e) != 0) {
		note(d, m->file, reason(&e, m->file));
		return;
	}
	const char *why = agrees(m, &b, &info);
	if (why) {
		note(d, m->file, why);
		return;
	}
	rep->chunks++;
	rep->records += b.n;
}

static void check_evidence(const ash_store *s, const uint64_t *ev_records,
			   damage *d)
{
	char path[PATH_MAX], what[320], why[96];
	for (size_t i = 0; i < ash_store_evidence_count(s); i++) {
		const ash_evidence *ev = ash_store_evidence(s, i);
		snprintf(what, sizeof what, "evidence %s", ev->name);
		if (ev_records[i] != ev->records) {
			snprintf(why, sizeof why,
				 "its chunks hold %llu records, its entry says "
				 "%llu", (unsigned long long)ev_records[i],
				 (unsigned long long)ev->records);
			note(d, what, why);
		}
		ash_store_rejects_path(s, i, path, sizeof path);
		if (access(path, R_OK) != 0)
			note(d, what, "rejects file missing");
	}
}

/* The MANIFEST on disk must still read back (it was checked at open). */
static void check_manifest(const ash_store *s, damage *d)
{
	ash_manifest m;
	ash_err e = {0, ""};
	if (ash_manifest_load(ash_store_dir(s), &m, &e) != 0)
		note(d, "MANIFEST", reason(&e, "MANIFEST"));
	else
		ash_manifest_free(&m);
}

int ash_store_check_ex(const ash_store *s, ash_store_report *rep,
		       void (*progress)(void *ctx, size_t done, size_t total),
		       void *ctx, ash_err *err)
{
	ash_store_report local;
	damage d = {0, 0, ""};
	size_t nch = ash_store_chunk_count(s);
	if (!rep)
		rep = &local;
	memset(rep, 0, sizeof *rep);
	uint64_t *ev_records =
		ash_calloc(ash_store_evidence_count(s) + 1, sizeof *ev_records);
	ash_chunk_reader *r = ash_chunk_reader_new();
	check_manifest(s, &d);
	for (size_t i = 0; i < nch; i++) {
		check_chunk(r, s, i, ev_records, rep, &d);
		if (progress)
			progress(ctx, i + 1, nch);
	}
	ash_chunk_reader_free(r);
	check_evidence(s, ev_records, &d);
	free(ev_records);
	rep->damaged = d.n;
	int rc = ash_store_orphans(s, false, &rep->orphans, &rep->orphan_bytes,
				   err);
	if (d.n)
		rc = ash_errf(err, ASH_ECORRUPT,
			      "%s: store damaged, %zu problem%s: %s",
			      ash_store_dir(s), d.n, d.n == 1 ? "" : "s", d.list);
	return rc;
}

int ash_store_check(const ash_store *s, uint64_t *records_checked,
		    void (*progress)(void *ctx, size_t done, size_t total),
		    void *ctx, ash_err *err)
{
	ash_store_report rep;
	int rc = ash_store_check_ex(s, &rep, progress, ctx, err);
	if (records_checked)
		*records_checked = rep.records;
	return rc;
}
