/* SPDX-License-Identifier: MIT */
/* cmd_check.c: `ashiato check CASE`: verify the store (manifest, every
 * chunk's checksums and counts) and the kept evidence (SHA-256 again). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/open.h"
#include "cli/progress.h"
#include "ingest/evidence.h"

static const ash_opt opts[] = {
	{"no-evidence", NULL, false, "skip re-hashing the evidence files"},
	{0},
};

static int run(int argc, char **argv);

const ash_cmd ash_cmd_check = {
	.name = "check",
	.synopsis = "CASE [--no-evidence]",
	.summary = "verify the store and the evidence of a case; exit 1 on damage",
	.details =
		"Reads the manifest and every chunk of the store, verifying checksums,\n"
		"record counts and time bounds, and hashes every evidence file again to\n"
		"prove it is the file that was received.  Chunk files left by an\n"
		"interrupted ingest are reported as leftovers (they are not part of the\n"
		"store and the next ingest removes them).",
	.opts = opts,
	.examples = "  ashiato check case1 && echo intact\n",
	.run = run,
};

static int check_evidence(const ash_case *c, const ash_store *st)
{
	int bad = 0;
	char evdir[4096];
	ash_case_path(c, "evidence", evdir, sizeof evdir);
	for (size_t i = 0; i < ash_store_evidence_count(st); i++) {
		const ash_evidence *ev = ash_store_evidence(st, i);
		char hex[65], path[4200];
		uint8_t sha[32];
		uint64_t size;
		ash_err err;
		ash_sha_hex(ev->sha256, hex);
		snprintf(path, sizeof path, "%s/%s", evdir, hex);
		if (ash_evidence_hash(path, sha, &size, &err)) {
			ash_cli_error("evidence %s (%s): %s", hex, ev->name, err.msg);
			bad++;
		} else if (memcmp(sha, ev->sha256, 32) || size != ev->size) {
			ash_cli_error("evidence %s (%s): content changed (hash differs)",
				      hex, ev->name);
			bad++;
		}
	}
	return bad;
}

static void check_progress(void *ctx, size_t done, size_t total)
{
	ash_progress_update(ctx, done, total, 0);
}

static int run(int argc, char **argv)
{
	ash_args a;
	int rc;
	if (ash_args_parse(&ash_cmd_check, argc, argv, &a, &rc))
		return rc;
	if (a.npos > 1) {
		ash_cli_error("check: give one case folder");
		return ASH_EXIT_USAGE;
	}
	ash_case *c;
	ash_store *st;
	if ((rc = ash_cli_open(a.npos ? a.pos[0] : ".", &c, &st)))
		return rc;
	ash_store_report rep = {0};
	ash_err err;
	ash_progress pr;
	ash_progress_start(&pr, "checking chunks");
	pr.counts = true;
	int damaged = ash_store_check_ex(st, &rep, check_progress, &pr, &err) != ASH_OK;
	ash_progress_end(&pr);
	if (damaged)
		ash_cli_error("store damaged: %s", err.msg);
	if (rep.orphans)
		ash_cli_note("%zu leftover files (%llu bytes) from an interrupted ingest: "
			     "not part of the store; the next ingest removes them",
			     rep.orphans, (unsigned long long)rep.orphan_bytes);
	int bad_ev = ash_flag(&a, "no-evidence") ? 0 : check_evidence(c, st);
	printf("%s: %zu chunks, %llu records, %zu evidence files: %s\n",
	       a.npos ? a.pos[0] : ".", rep.chunks,
	       (unsigned long long)rep.records, ash_store_evidence_count(st),
	       damaged || bad_ev ? "DAMAGED" : "intact");
	ash_cli_close(c, st);
	return damaged || bad_ev ? ASH_EXIT_FAIL : ASH_EXIT_OK;
}
