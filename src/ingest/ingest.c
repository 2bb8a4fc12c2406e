/* SPDX-License-Identifier: MIT */
/* ingest.c: the ingest driver (see ingest.h): evidence → input → parser
 * → store transaction, with the accounting invariant
 * records = stored + rejected checked before commit. */
#include "ingest/ingest.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ingest/evidence.h"
#include "ingest/input.h"
#include "ingest/parser.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int pick_parser(ash_input *in, const ash_ingest_opts *o,
		       ash_ingest_result *res, const ash_parser **out,
		       ash_err *err)
{
	if (o->format && strcmp(o->format, "auto") != 0) {
		*out = ash_parser_find(o->format);
		if (!*out) {
			char names[512];
			ash_parser_names(names, sizeof names);
			return ash_errf(err, ASH_EUSAGE,
					"unknown format '%s' (formats: auto, %s)",
					o->format, names);
		}
		return ASH_OK;
	}
	const char *buf;
	size_t n;
	int rc = ash_input_peek(in, &buf, &n, err);
	if (rc)
		return rc;
	*out = ash_parser_sniff(buf, n, &res->sniff_score);
	if (!*out) {
		char names[512];
		ash_parser_names(names, sizeof names);
		return ash_errf(err, ASH_EFORMAT,
				"cannot tell the format from the first bytes; "
				"give --format (%s)", names);
	}
	return ASH_OK;
}

static void set_name(ash_ingest_result *res, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	snprintf(res->name, sizeof res->name, "%s",
		 !strcmp(path, "-") ? "stdin" : base);
}

static int64_t ref_time(const char *path)
{
	struct stat st;
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0)
		return (int64_t)st.st_mtim.tv_sec * 1000000 +
		       st.st_mtim.tv_nsec / 1000;
	return (int64_t)time(NULL) * 1000000;
}

static int run_lines(ash_input *in, const ash_parser *p, void *ps,
		     ash_store_txn *t, const ash_ingest_opts *o,
		     ash_ingest_result *res, ash_err *err)
{
	const char *line;
	size_t n;
	bool cut;
	int got, rc;
	while ((got = ash_input_line(in, &line, &n, &cut, err)) == 1) {
		uint64_t no = ++res->lines;
		if (cut) {
			rc = ash_store_reject(t, no, "line longer than 1 MiB", line,
					      n, err);
		} else {
			ash_rec r;
			const char *why = NULL;
			switch (p->line(ps, line, n, &r, &why)) {
			case ASH_LINE_RECORD:
				r.src_line = no;
				rc = ash_store_append(t, &r, err);
				break;
			case ASH_LINE_META:
				ash_store_meta_line(t);
				rc = ASH_OK;
				break;
			default:
				rc = ash_store_reject(t, no, why ? why : "unparsable",
						      line, n, err);
			}
		}
		if (rc)
			return rc;
		if (o->progress && (no & 0xffff) == 0)
			o->progress(o->progress_ctx, ash_input_pos(in),
				    ash_input_size(in), ash_store_txn_records(t));
	}
	return got < 0 ? (err ? err->code : ASH_EIO) : ASH_OK;
}

static int sink_record(void *ctx, const ash_rec *r, ash_err *err)
{
	return ash_store_append(ctx, r, err);
}

static int sink_reject(void *ctx, uint64_t where, const char *why,
		       const void *raw, size_t n, ash_err *err)
{
	return ash_store_reject(ctx, where, why ? why : "undecodable", raw, n, err);
}

/* A binary format decodes the whole input; its units must add up. */
static int run_binary(ash_input *in, const ash_parser *p, void *ps,
		      ash_store_txn *t, ash_ingest_result *res, ash_err *err)
{
	ash_sink sink = {.ctx = t, .record = sink_record, .reject = sink_reject};
	ash_units *u = &res->units;
	int rc = p->run(ps, in, &sink, u, err);
	if (rc)
		return rc;
	if (u->read != u->used + u->rejected + u->skipped ||
	    u->rejected != ash_store_txn_rejected(t))
		return ash_errf(err, ASH_EINTERNAL,
				"%s: accounting does not add up (%llu %s read, %llu used, "
				"%llu rejected, %llu skipped)", p->name,
				(unsigned long long)u->read, u->name ? u->name : "units",
				(unsigned long long)u->used, (unsigned long long)u->rejected,
				(unsigned long long)u->skipped);
	return ASH_OK;
}

int ash_ingest_file(ash_store *s, const char *evdir, const char *path,
		    const ash_ingest_opts *o, ash_ingest_result *res,
		    ash_err *err)
{
	memset(res, 0, sizeof *res);
	set_name(res, path);
	double t0 = now_s();
	uint8_t sha[32];
	char kept[4096];
	if (o->phase)
		o->phase(o->progress_ctx, "keep");
	int rc = ash_evidence_keep(evdir, path, sha, &res->size, kept, sizeof kept,
				   o->progress, o->progress_ctx, err);
	if (rc)
		return rc;
	ash_sha_hex(sha, res->sha_hex);
	long have = ash_store_find_evidence(s, sha);
	if (have >= 0) {
		const ash_evidence *ev = ash_store_evidence(s, (size_t)have);
		res->duplicate = true;
		res->stored = ev->records;
		res->rejected = ev->rejected;
		res->records = ev->records + ev->rejected;
		return ASH_OK;
	}
	ash_input *in = NULL;
	ash_store_txn *t = NULL;
	void *ps = NULL;
	const ash_parser *p = NULL;
	if (o->phase)
		o->phase(o->progress_ctx, "parse");
	if ((rc = ash_input_open(kept, &in, err)))
		goto out;
	if ((rc = pick_parser(in, o, res, &p, err)))
		goto out;
	res->format = p->name;
	ash_parse_opts po = {.tz = o->tz, .year = o->year, .ref_time_us = ref_time(path),
			     .csv_map = o->csv_map};
	ps = p->open(&po);
	ash_evidence ev = {.size = res->size, .format = p->format};
	memcpy(ev.sha256, sha, 32);
	snprintf(ev.name, sizeof ev.name, "%s", res->name);
	snprintf(ev.site, sizeof ev.site, "%s", o->site ? o->site : "");
	if ((rc = ash_store_begin(s, &ev, &t, err)))
		goto out;
	rc = p->run ? run_binary(in, p, ps, t, res, err)
		    : run_lines(in, p, ps, t, o, res, err);
	if (rc)
		goto out;
	res->stored = ash_store_txn_records(t);
	res->rejected = ash_store_txn_rejected(t);
	if (p->run) {
		res->records = res->units.read;
	} else {
		res->records = res->stored + res->rejected;
		res->meta = res->lines - res->records;
	}
	if (o->progress)
		o->progress(o->progress_ctx, ash_input_size(in), ash_input_size(in),
			    res->stored);
	rc = ash_store_commit(t, err);
	t = NULL;
	if (rc)
		goto out;
	long idx = ash_store_find_evidence(s, sha);
	if (idx >= 0)
		ash_store_rejects_path(s, (size_t)idx, res->rejects_path,
				       sizeof res->rejects_path);
out:
	if (t)
		ash_store_abort(t);
	if (ps)
		p->close(ps);
	ash_input_close(in);
	if (rc && err)
		ash_err_prefix(err, res->name);
	res->seconds = now_s() - t0;
	return rc;
}
