/* SPDX-License-Identifier: MIT */
/* test_store.c: the store through its public API: round trips, manifest
 * contents, transactions (commit, abort, crash, lock), damage detection
 * by check and by readers, and the rejects file. */
#include "harness.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/store.h"
#include "test_store_gen.h"

static char store_buf[512];

/* A new temporary directory for this test's store. */
static void fresh_dir(void)
{
	snprintf(store_buf, sizeof store_buf, "%s/store", ash_test_tmpdir());
}

static const char *store_dir(void)
{
	return store_buf;
}

/* Files in dir/sub whose name ends with suffix. */
static int count_files(const char *dir, const char *sub, const char *suffix)
{
	char path[600];
	snprintf(path, sizeof path, "%s/%s", dir, sub);
	DIR *d = opendir(path);
	struct dirent *de;
	int n = 0;
	if (!d)
		return -1;
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name), k = strlen(suffix);
		if (de->d_name[0] != '.' && l >= k &&
		    strcmp(de->d_name + l - k, suffix) == 0)
			n++;
	}
	closedir(d);
	return n;
}

/* Append records first..first+count-1 as evidence ev and commit. */
static int ingest(ash_store *s, const ash_evidence *ev, uint64_t first,
		  uint64_t count, ash_err *err)
{
	ash_store_txn *t;
	ash_rec r;
	gen_buf gb;
	int rc = ash_store_begin(s, ev, &t, err);
	if (rc)
		return rc;
	for (uint64_t i = first; i < first + count && rc == 0; i++) {
		gen_rec(i, &r, &gb);
		rc = ash_store_append(t, &r, err);
	}
	if (rc) {
		ash_store_abort(t);
		return rc;
	}
	return ash_store_commit(t, err);
}

/* Read every chunk of s with all columns and compare with the generator;
 * evidence e holds records from firsts[e] on.  Returns rows checked. */
static uint64_t verify_all(const ash_store *s, const uint64_t *firsts)
{
	ash_chunk_reader *rd = ash_chunk_reader_new();
	uint64_t rows = 0, next[8] = {0};
	ash_batch b;
	ash_err err;
	ash_rec r;
	gen_buf gb;
	for (size_t c = 0; c < ash_store_chunk_count(s); c++) {
		int rc = ash_chunk_read(rd, s, c, ASH_COL_ALL, &b, &err);
		CHECK_INT(rc, 0);
		if (rc)
			break;
		uint32_t e = b.evidence;
		CHECK(e < 8);
		for (size_t a = 1; a < b.naddrs; a++) /* sorted, unique */
			CHECK(ash_ip_cmp(&b.addrs[a - 1], &b.addrs[a]) < 0);
		CHECK_STR(b.site, ash_store_evidence(s, e)->site);
		CHECK_INT(b.chunk, c);
		for (size_t i = 0; i < b.n; i++) {
			gen_rec(firsts[e] + next[e]++, &r, &gb);
			if (!gen_row_eq(&b, i, &r))
				break;
		}
		rows += b.n;
	}
	ash_chunk_reader_free(rd);
	return rows;
}

TEST(store_roundtrip_every_field)
{
	fresh_dir();
	ash_store *s = NULL;
	ash_err err;
	CHECK_INT(ash_store_open(store_dir(), true, &s, &err), 0);
	ash_store_tune(s, 1000, 1);
	ash_evidence ev = gen_evidence("fw.log", 1);
	CHECK_INT(ingest(s, &ev, 0, 5500, &err), 0);
	CHECK_INT(ash_store_record_count(s), 5500);
	CHECK_INT(ash_store_chunk_count(s), 6);
	ash_store_close(s);

	CHECK_INT(ash_store_open(store_dir(), false, &s, &err), 0);
	CHECK_INT(ash_store_evidence_count(s), 1);
	const ash_evidence *e = ash_store_evidence(s, 0);
	CHECK_STR(e->name, "fw.log");
	CHECK_STR(e->site, "site-1");
	CHECK_INT(e->records, 5500);
	CHECK_INT(e->size, 1001);
	CHECK(e->ingested_at > 1700000000000000ll);
	uint64_t firsts[1] = {0};
	CHECK_INT(verify_all(s, firsts), 5500);
	uint64_t checked = 0;
	CHECK_INT(ash_store_check(s, &checked, NULL, NULL, &err), 0);
	CHECK_INT(checked, 5500);
	ash_store_close(s);
}

TEST(store_groups_decode_only_what_is_asked)
{
	fresh_dir();
	ash_store *s = NULL;
	ash_err err;
	ash_batch b;
	ash_rec r;
	gen_buf gb;
	CHECK_INT(ash_store_open(store_dir(), true, &s, &err), 0);
	ash_evidence ev = gen_evidence("a", 2);
	CHECK_INT(ingest(s, &ev, 0, 300, &err), 0);
	ash_chunk_reader *rd = ash_chunk_reader_new();
	CHECK_INT(ash_chunk_read(rd, s, 0, ASH_COL_ADDR | ASH_COL_COUNTS, &b,
				 &err), 0);
	CHECK_INT(b.n, 300);
	CHECK(b.src_idx && b.dst_idx && b.addrs && b.obytes && b.rpkts);
	CHECK(!b.t_start && !b.sport && !b.nat_src_idx && !b.strs &&
	      !b.format && !b.have);
	for (size_t i = 0; i < b.n; i++) {
		gen_rec(i, &r, &gb);
		CHECK(ash_ip_eq(ash_batch_src(&b, i), &r.src));
		CHECK_INT(ash_batch_bytes(&b, i), r.obytes + r.rbytes);
	}
	CHECK_INT(ash_chunk_read(rd, s, 0, ASH_COL_NAT | ASH_COL_PROV, &b, &err),
		  0);
	CHECK(b.addrs && b.nat_src_idx && b.src_line && !b.src_idx);
	gen_rec(5, &r, &gb);
	CHECK(ash_ip_eq(&b.addrs[b.nat_dst_idx[5]], &r.nat_dst));
	CHECK_INT(b.src_line[299], 300 + 3);
	CHECK_INT(ash_chunk_read(rd, s, 1, ASH_COL_ALL, &b, &err),
		  ASH_ENOTFOUND);
	ash_chunk_reader_free(rd);
	ash_store_close(s);
}

TEST(store_zero_records_and_meta_lines)
{
	fresh_dir();
	ash_store *s = NULL;
	ash_store_txn *t = NULL;
	ash_err err;
	char path[600];
	CHECK_INT(ash_store_open(store_dir(), true, &s, &err), 0);
	ash_evidence ev = gen_evidence("empty.log", 3);
	CHECK_INT(ash_store_begin(s, &ev, &t, &err), 0);
	ash_store_meta_line(t);
	ash_store_meta_line(t);
	CHECK_INT(ash_store_reject(t, 7, "no fields", "x", 1, &err), 0);
	CHECK_INT(ash_store_txn_records(t), 0);
	CHECK_INT(ash_store_txn_rejected(t), 1);
	CHECK_INT(ash_store_commit(t, &err), 0);
	CHECK_INT(ash_store_chunk_count(s), 0);
	CHECK_INT(ash_store_evidence_count(s), 1);
	CHECK_INT(ash_store_evidence(s, 0)->meta_lines, 2);
	CHECK_INT(ash_store_evidence(s, 0)->rejected, 1);
	ash_store_rejects_path(s, 0, path, sizeof path);
	CHECK(access(path, R_OK) == 0);
	CHECK_INT(ash_store_check(s, NULL, NULL, NULL, &err), 0);
	ash_store_close(s);
}

TEST(store_chunk_meta_time_bounds_and_bloom)
{
	fresh_dir();
	ash_store *s = NULL;
	ash_err err;
	ash_rec r;
	gen_buf gb;
	CHECK_INT(ash_store_open(store_dir(), true, &s, &err), 0);
	ash_store_tune(s, 700, 1);
	ash_evidence ev = gen_evidence("t", 4);
	CHECK_INT(ingest(s, &ev, 0, 2000, &err), 0);
	CHECK_INT(ash_store_chunk_count(s), 3);
	uint64_t row = 0;
	for (size_t c = 0; c < ash_store_chunk_count(s); c++) {
		const ash_chunk_meta *m = ash_store_chunk(s, c);
		int64_t lo = INT64_MAX, hi = INT64_MIN;
		for (uint32_t i = 0; i < m->records; i++, row++) {
			gen_rec(row, &r, &gb);
			lo = r.t_start < lo ? r.t_start : lo;
			hi = r.t_start > hi ? r.t_start : hi;
			CHECK(ash_chunk_may_have(m, &r.src));
			CHECK(ash_chunk_may_have(m, &r.dst));
		}
		CHECK_INT(m->t_min, lo);
		CHECK_INT(m->t_max, hi);
		CHECK_INT(m->evidence, 0);
	}
	ash_store_close(s);
}

TEST(store_bloom_rejects_absent_addresses)
{
	fresh_dir();
	ash_store *s = NULL;
	ash_store_txn *t = NULL;
	ash_err err;
	ash_rec r;
	gen_buf gb;
	CHECK_INT(ash_store_open(store_dir(), true, &s, &err), 0);
	ash_evidence ev = gen_evidence("b", 5);
	CHECK_INT(ash_store_begin(s, &ev, &t, &err), 0);
	for (uint32_t i = 0; i < 200; i++) {
		gen_rec(i, &r, &gb);
		ash_ip_from_v4(&r.src, 0xc0a80000u + i % 10); /* 10 sources */
		ash_ip_from_v4(&r.dst, 0x08080808u);
		CHECK_INT(ash_store_append(t, &r, &err), 0);
	}
	CHECK_INT(ash_store_commit(t, &err), 0);
	const ash_chunk_meta *m = ash_store_chunk(s, 0);
	int fp = 0;
	ash_ip ip;
	for (uint32_t i = 0; i < 1000; i++) {
		ash_ip_from_v4(&ip, 0xac100000u + i); /* never stored */
		fp += ash_chunk_may_have(m, &ip);
	}
	CHECK(fp < 20); /* 11 addresses, 33 of 2048 bits: ~0.0004% */
	ash_ip_from_v4(&ip, 0xc0a80003u);
	CHECK(ash_chunk_may_have(m, &ip));
	ash_store_close(s);
}

TEST(store_evidence_lookup_and_duplicates)
{
	fresh_dir();
	ash_store *s = NULL, *s2 = NULL;
	ash_store_txn *t = NULL;
	ash_err err;
	CHECK_INT(ash_store_open(store_dir(), true, &s, &err), 0);
	ash_store_tune(s, 100, 1);
	ash_evidence a = gen_evidence("a.log", 10), b = gen_evidence("b.log", 11);
	CHECK_INT(ingest(s, &a, 0, 250, &err), 0);
	/* a second handle commits: the first sees it at its next begin */
	CHECK_INT(ash_store_open(store_dir(), false, &s2, &err), 0);
	ash_store_tune(s2, 100, 1);
	CHECK_INT(ingest(s2, &b, 1000, 120, &err), 0);
	ash_store_close(s2);
	CHECK_INT(ash_store_begin(s, &b, &t, &err), ASH_EEXIST);
	CHECK(strstr(err.msg, "already in the store") != NULL);
	CHECK(t == NULL);
	CHECK_INT(ash_store_evidence_count(s), 2);
	CHECK_INT(ash_store_find_evidence(s, a.sha256), 0);
	CHECK_INT(ash_store_find_evidence(s, b.sha256), 1);
	ash_evidence c = gen_evidence("c.log", 12);
	CHECK_INT(ash_store_find_evidence(s, c.sha256), -1);
	CHECK_INT(ash_store_record_count(s), 370);
	CHECK_INT(ash_store_chunk_count(s), 5);
	CHECK_INT(ash_store_chunk(s, 4)->evidence, 1);
	uint64_t firsts[2] = {0, 1000};
	CHECK_INT(verify_all(s, firsts), 370);
	ash_store_close(s);
}

TEST(store_abort_leaves_nothing)
{
	fresh_dir();
	ash_store *s = NULL;
	ash_store_txn *t = NULL;
	ash_err err;
	ash_rec r;
	gen_buf gb;
	CHECK_INT(ash_store_open(store_dir(), true, &s, &err), 0);
	ash_store_tune(s, 100, 1);
	ash_evidence a = gen_evidence("a", 20), b = gen_evidence("b", 21);
	CHECK_INT(ingest(s, &a, 0, 150, &err), 0);
	CHECK_INT(ash_store_begin(s, &b, &t, &err), 0);
	for (uint64_t i = 0; i < 450; i++) {
		gen_rec(i, &r, &gb);
		CHECK_INT(ash_store_append(t, &r, &err), 0);
	}
	CHECK_INT(ash_store_reject(t, 3, "bad", "zzz", 3, &err), 0);
	/* 4 chunks were full; the last may still be in the writer thread */
	int n = count_files(store_dir(), "chunks", ".ach");
	CHECK(n >= 2 + 3 && n <= 2 + 4);
	ash_store_abort(t);
	CHECK_INT(count_files(store_dir(), "chunks", ""), 2);
	CHECK_INT(count_files(store_dir(), "rejects", ""), 1);
	CHECK_INT(ash_store_evidence_count(s), 1);
	ash_store_close(s);
	CHECK_INT(ash_store_open(store_dir(), false, &s, &err), 0);
	CHECK_INT(ash_store_evidence_count(s), 1);
	CHECK_INT(ash_store_record_count(s), 150);
	/* the lock was released: the same evidence can be ingested now */
	CHECK_INT(ingest(s, &b, 0, 10, &err), 0);
	ash_store_close(s);
}

/* Child: begin, append enough for several chunk files, die uncommitted. */
static void crash_child(const char *dir, const ash_evidence *ev)
{
	ash_store *s = NULL;
	ash_store_txn *t = NULL;
	ash_rec r;
	gen_buf gb;
	if (ash_store_open(dir, false, &s, NULL) ||
	    (ash_store_tune(s, 100, 1), ash_store_begin(s, ev, &t, NULL)))
		_exit(2);
	for (uint64_t i = 0; i < 350; i++) {
		gen_rec(i, &r, &gb);
		if (ash_store_append(t, &r, NULL))
			_exit(3);
	}
	ash_store_reject(t, 1, "x", "y", 1, NULL);
	_exit(0); /* no commit, no abort, no cleanup */
}

TEST(store_crash_before_commit_changes_nothing)
{
	fresh_dir();
	ash_store *s = NULL;
	ash_err err;
	ash_store_report rep;
	char man[600];
	struct stat st0, st1;
	CHECK_INT(ash_store_open(store_dir(), true, &s, &err), 0);
	ash_store_tune(s, 100, 1);
	ash_evidence a = gen_evidence("a", 30), b = gen_evidence("b", 31);
	CHECK_INT(ingest(s, &a, 0, 120, &err), 0);
	ash_store_close(s);
	snprintf(man, sizeof man, "%s/MANIFEST", store_dir());
	CHECK(stat(man, &st0) == 0);

	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0)
		crash_child(store_dir(), &b);
	int status = -1;
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	CHECK(stat(man, &st1) == 0);
	CHECK(st0.st_ino == st1.st_ino && st0.st_size == st1.st_size);
	/* 3 chunks were full; the child may have died while writing the
	 * last (leaving a temp file or nothing) */
	int left = count_files(store_dir(), "chunks", "");
	CHECK(left >= 2 + 2 && left <= 2 + 3);
	CHECK_INT(ash_store_open(store_dir(), false, &s, &err), 0);
	CHECK_INT(ash_store_evidence_count(s), 1);
	CHECK_INT(ash_store_record_count(s), 120);
	CHECK_INT(ash_store_find_evidence(s, b.sha256), -1);
	CHECK_INT(ash_store_check_ex(s, &rep, NULL, NULL, &err), 0);
	CHECK_INT(rep.records, 120);
	CHECK_INT(rep.orphans, left - 2 + 1); /* + the rejects temp file */
	CHECK(rep.orphan_bytes > 0);
	uint64_t firsts[1] = {0};
	CHECK_INT(verify_all(s, firsts), 120);

	/* the next ingest removes the orphans, then commits normally */
	ash_store_txn *t = NULL;
	CHECK_INT(ash_store_begin(s, &b, &t, &err), 0);
	CHECK_INT(count_files(store_dir(), "chunks", ""), 2);
	CHECK_INT(count_files(store_dir(), "rejects", ".tmp"), 1); /* ours */
	ash_store_abort(t);
	ash_store_tune(s, 100, 1);
	CHECK_INT(ingest(s, &b, 500, 333, &err), 0);
	CHECK_INT(ash_store_check_ex(s, &rep, NULL, NULL, &err), 0);
	CHECK_INT(rep.orphans, 0);
	CHECK_INT(rep.records, 453);
	uint64_t firsts2[2] = {0, 500};
	CHECK_INT(verify_all(s, firsts2), 453);
	ash_store_close(s);
}

TEST(store_lock_conflict)
{
	fresh_dir();
	ash_store *s1 = NULL, *s2 = NULL;
	ash_store_txn *t1 = NULL, *t2 = NULL;
	ash_err err;
	char want[64];
	CHECK_INT(ash_store_open(store_dir(), true, &s1, &err), 0);
	CHECK_INT(ash_store_open(store_dir(), false, &s2, &err), 0);
	ash_evidence a = gen_evidence("a", 40), b = gen_evidence("b", 41);
	CHECK_INT(ash_store_begin(s1, &a, &t1, &err), 0);
	CHECK_INT(ash_store_begin(s2, &b, &t2, &err), ASH_EEXIST);
	snprintf(want, sizeof want, "locked by another ingest (pid %ld)",
		 (long)getpid());
	CHECK(strstr(err.msg, want) != NULL);
	CHECK(t2 == NULL);
	/* same handle twice */
	CHECK_INT(ash_store_begin(s1, &b, &t2, &err), ASH_EEXIST);
	CHECK_INT(ash_store_commit(t1, &err), 0);
	CHECK_INT(ash_store_begin(s2, &b, &t2, &err), 0);
	CHECK_INT(ash_store_evidence_count(s2), 1); /* re-read under lock */
	CHECK_INT(ash_store_commit(t2, &err), 0);
	CHECK_INT(ash_store_evidence_count(s2), 2);
	ash_store_close(s1);
	ash_store_close(s2);
}

/* Flip one byte of file path at offset off (from the end when < 0). */
static void flip_byte(const char *path, long off)
{
	int fd = open(path, O_RDWR);
	struct stat st;
	uint8_t c;
	CHECK(fd >= 0 && fstat(fd, &st) == 0);
	off_t at = off < 0 ? st.st_size + off : off;
	CHECK(pread(fd, &c, 1, at) == 1);
	c ^= 0x5a;
	CHECK(pwrite(fd, &c, 1, at) == 1);
	close(fd);
}

static void chunk_file(const ash_store *s, size_t i, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s/chunks/%s", ash_store_dir(s),
		 ash_store_chunk(s, i)->file);
}

TEST(store_corrupt_byte_detected)
{
	fresh_dir();
	ash_store *s = NULL;
	ash_err err;
	ash_batch b;
	char path[700];
	CHECK_INT(ash_store_open(store_dir(), true, &s, &err), 0);
	ash_store_tune(s, 400, 1);
	ash_evidence a = gen_evidence("a", 50);
	CHECK_INT(ingest(s, &a, 0, 1200, &err), 0);
	CHECK_INT(ash_store_check(s, NULL, NULL, NULL, &err), 0);
	/* last byte of chunk 1 (in its last column) and a header byte of 2 */
	chunk_file(s, 1, path, sizeof path);
	flip_byte(path, -1);
	chunk_file(s, 2, path, sizeof path);
	flip_byte(path, 13);
	uint64_t n = 0;
	CHECK_INT(ash_store_check(s, &n, NULL, NULL, &err), ASH_ECORRUPT);
	CHECK_INT(n, 400);
	CHECK(strstr(err.msg, ash_store_chunk(s, 1)->file) != NULL);
	CHECK(strstr(err.msg, ash_store_chunk(s, 2)->file) != NULL);
	CHECK(strstr(err.msg, ash_store_chunk(s, 0)->file) == NULL);
	CHECK(strstr(err.msg, "2 problems") != NULL);
	ash_chunk_reader *rd = ash_chunk_reader_new();
	CHECK_INT(ash_chunk_read(rd, s, 0, ASH_COL_ALL, &b, &err), 0);
	CHECK_INT(ash_chunk_read(rd, s, 1, ASH_COL_ALL, &b, &err),
		  ASH_ECORRUPT);
	CHECK(strstr(err.msg, "checksum") != NULL);
	CHECK(b.n == 0 && b.t_start == NULL);
	/* a reader that does not need the damaged column still works */
	CHECK_INT(ash_chunk_read(rd, s, 1, ASH_COL_COUNTS, &b, &err), 0);
	CHECK_INT(ash_chunk_read(rd, s, 2, ASH_COL_COUNTS, &b, &err),
		  ASH_ECORRUPT);
	ash_chunk_reader_free(rd);
	ash_store_close(s);
}

TEST(store_truncated_or_missing_chunk_detected)
{
	fresh_dir();
	ash_store *s = NULL;
	ash_err err;
	ash_batch b;
	char path[700];
	CHECK_INT(ash_store_open(store_dir(), true, &s, &err), 0);
	ash_store_tune(s, 400, 1);
	ash_evidence a = gen_evidence("a", 60);
	CHECK_INT(ingest(s, &a, 0, 1000, &err), 0);
	chunk_file(s, 0, path, sizeof path);
	CHECK(truncate(path, (off_t)ash_store_chunk(s, 0)->file_size - 100) == 0);
	ash_chunk_reader *rd = ash_chunk_reader_new();
	CHECK_INT(ash_chunk_read(rd, s, 0, ASH_COL_TIME, &b, &err),
		  ASH_ECORRUPT);
	CHECK(strstr(err.msg, "truncated") != NULL);
	chunk_file(s, 2, path, sizeof path);
	CHECK(unlink(path) == 0);
	CHECK_INT(ash_chunk_read(rd, s, 2, ASH_COL_TIME, &b, &err),
		  ASH_ECORRUPT);
	ash_chunk_reader_free(rd);
	CHECK_INT(ash_store_check(s, NULL, NULL, NULL, &err), ASH_ECORRUPT);
	CHECK(strstr(err.msg, ash_store_chunk(s, 0)->file) != NULL);
	CHECK(strstr(err.msg, ash_store_chunk(s, 2)->file) != NULL);
	CHECK(strstr(err.msg, "2 problems") != NULL);
	ash_store_close(s);
}

TEST(store_bad_manifest)
{
	fresh_dir();
	ash_store *s = NULL;
	ash_err err;
	char man[600];
	CHECK_INT(ash_store_open(store_dir(), false, &s, &err), ASH_ENOTFOUND);
	CHECK(s == NULL);
	CHECK_INT(ash_store_open(store_dir(), true, &s, &err), 0);
	ash_evidence a = gen_evidence("a", 70);
	CHECK_INT(ingest(s, &a, 0, 10, &err), 0);
	ash_store_close(s);
	snprintf(man, sizeof man, "%s/MANIFEST", store_dir());
	flip_byte(man, 100);
	CHECK_INT(ash_store_open(store_dir(), false, &s, &err), ASH_ECORRUPT);
	CHECK(strstr(err.msg, "checksum") != NULL);
	flip_byte(man, 100);
	CHECK_INT(ash_store_open(store_dir(), false, &s, &err), 0);
	/* damaged after open: check reads it again */
	flip_byte(man, -1);
	CHECK_INT(ash_store_check(s, NULL, NULL, NULL, &err), ASH_ECORRUPT);
	CHECK(strstr(err.msg, "MANIFEST (") != NULL);
	flip_byte(man, -1);
	CHECK_INT(ash_store_check(s, NULL, NULL, NULL, &err), 0);
	ash_store_close(s);
	CHECK(truncate(man, 300) == 0);
	CHECK_INT(ash_store_open(store_dir(), true, &s, &err), ASH_ECORRUPT);
	CHECK(strstr(err.msg, "truncated") != NULL);
	CHECK(unlink(man) == 0);
	CHECK_INT(ash_store_open(store_dir(), false, &s, &err), ASH_ENOTFOUND);
	CHECK(strstr(err.msg, "no store") != NULL);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	static char buf[65536];
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	buf[n] = '\0';
	if (f)
		fclose(f);
	return buf;
}

TEST(store_rejects_file_escapes_and_cuts)
{
	fresh_dir();
	ash_store *s = NULL;
	ash_store_txn *t = NULL;
	ash_err err;
	char path[600], big[700], want[2000];
	CHECK_INT(ash_store_open(store_dir(), true, &s, &err), 0);
	ash_evidence ev = gen_evidence("odd\tname.log", 80);
	CHECK_INT(ash_store_begin(s, &ev, &t, &err), 0);
	static const char t1[] = "a\tb\nc\rd\\e\0f\x7fg\x01";
	CHECK_INT(ash_store_reject(t, 12, "bad\tfield", t1, sizeof t1 - 1, &err),
		  0);
	/* valid UTF-8 kept; lone continuation, overlong, surrogate, > U+10FFFF
	 * and a cut sequence escaped */
	static const char t2[] = "\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80|\x80|"
				 "\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80|\xe6\x97";
	CHECK_INT(ash_store_reject(t, 13, "utf8", t2, sizeof t2 - 1, &err), 0);
	memset(big, 'x', sizeof big);
	CHECK_INT(ash_store_reject(t, 14, NULL, big, sizeof big, &err), 0);
	CHECK_INT(ash_store_commit(t, &err), 0);
	ash_store_rejects_path(s, 0, path, sizeof path);
	const char *got = slurp(path);
	char hex[65];
	for (int k = 0; k < 32; k++)
		snprintf(hex + 2 * k, 3, "%02x", ev.sha256[k]);
	int n = snprintf(want, sizeof want,
			 "# ashiato rejects of evidence odd\\tname.log sha256 %s\n"
			 "# line\treason\ttext\n"
			 "12\tbad\\tfield\ta\\tb\\nc\\rd\\\\e\\x00f\\x7fg\\x01\n"
			 "13\tutf8\t\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80|\\x80|"
			 "\\xc0\\xaf|\\xed\\xa0\\x80|\\xf4\\x90\\x80\\x80|"
			 "\\xe6\\x97\n14\t\t", hex);
	memset(want + n, 'x', 512);
	memcpy(want + n + 512, "\n", 2);
	CHECK_STR(got, want);
	CHECK_INT(ash_store_evidence(s, 0)->rejected, 3);
	ash_store_close(s);
}

TEST(store_long_and_empty_strings)
{
	fresh_dir();
	ash_store *s = NULL;
	ash_store_txn *t = NULL;
	ash_err err;
	ash_batch b;
	ash_rec r;
	gen_buf gb;
	static char big[3000];
	memset(big, 'q', sizeof big);
	CHECK_INT(ash_store_open(store_dir(), true, &s, &err), 0);
	ash_evidence ev = gen_evidence("s", 90);
	CHECK_INT(ash_store_begin(s, &ev, &t, &err), 0);
	gen_rec(1, &r, &gb);
	r.rule = (ash_str){big, sizeof big};
	r.in_if = (ash_str){"", 0};
	r.out_if = (ash_str){NULL, 0};
	r.device = (ash_str){"x\0y", 3}; /* NUL inside is data */
	CHECK_INT(ash_store_append(t, &r, &err), 0);
	CHECK_INT(ash_store_commit(t, &err), 0);
	ash_chunk_reader *rd = ash_chunk_reader_new();
	CHECK_INT(ash_chunk_read(rd, s, 0, ASH_COL_STRS, &b, &err), 0);
	CHECK_INT(b.strs[b.rule[0]].n, 1024);
	CHECK(memcmp(b.strs[b.rule[0]].p, big, 1024) == 0);
	CHECK_INT(b.in_if[0], 0);
	CHECK_INT(b.out_if[0], 0);
	CHECK_INT(b.strs[0].n, 0);
	CHECK_INT(b.strs[b.device[0]].n, 3);
	CHECK(memcmp(b.strs[b.device[0]].p, "x\0y", 3) == 0);
	ash_chunk_reader_free(rd);
	ash_store_close(s);
}

TEST(store_string_bytes_cap_splits_chunks)
{
	fresh_dir();
	ash_store *s = NULL;
	ash_store_txn *t = NULL;
	ash_err err;
	ash_batch b;
	ash_rec r;
	gen_buf gb;
	static char big[1000];
	CHECK_INT(ash_store_open(store_dir(), true, &s, &err), 0);
	ash_evidence ev = gen_evidence("s", 91);
	CHECK_INT(ash_store_begin(s, &ev, &t, &err), 0);
	/* 3000 unique 1000-byte rules: 3 MB of strings, 1 MiB per chunk */
	for (int i = 0; i < 3000; i++) {
		gen_rec((uint64_t)i, &r, &gb);
		memset(big, 'a' + i % 26, sizeof big);
		snprintf(big, sizeof big, "%d", i);
		r.rule = (ash_str){big, sizeof big};
		CHECK_INT(ash_store_append(t, &r, &err), 0);
	}
	CHECK_INT(ash_store_commit(t, &err), 0);
	CHECK_INT(ash_store_chunk_count(s), 3);
	ash_chunk_reader *rd = ash_chunk_reader_new();
	int row = 0;
	for (size_t c = 0; c < ash_store_chunk_count(s); c++) {
		CHECK_INT(ash_chunk_read(rd, s, c, ASH_COL_STRS, &b, &err), 0);
		CHECK(b.n < 1049);
		for (size_t i = 0; i < b.n; i++, row++) {
			char want[16];
			int k = snprintf(want, sizeof want, "%d", row);
			const ash_str *x = &b.strs[b.rule[i]];
			CHECK(x->n == 1000 && memcmp(x->p, want, (size_t)k) == 0);
		}
	}
	CHECK_INT(row, 3000);
	ash_chunk_reader_free(rd);
	ash_store_close(s);
}

TEST(store_write_failure_is_sticky_and_harmless)
{
	fresh_dir();
	ash_store *s = NULL;
	ash_store_txn *t = NULL;
	ash_err err;
	ash_rec r;
	gen_buf gb;
	char chunks[600];
	CHECK_INT(ash_store_open(store_dir(), true, &s, &err), 0);
	ash_store_tune(s, 100, 1);
	ash_evidence a = gen_evidence("a", 95), b = gen_evidence("b", 96);
	CHECK_INT(ingest(s, &a, 0, 50, &err), 0);
	CHECK_INT(ash_store_begin(s, &b, &t, &err), 0);
	snprintf(chunks, sizeof chunks, "%s/chunks", store_dir());
	char keep[700];
	snprintf(keep, sizeof keep, "%s.keep", chunks);
	CHECK(rename(chunks, keep) == 0); /* chunk writes now fail */
	int rc = 0;
	uint64_t i;
	for (i = 0; i < 1000 && rc == 0; i++) {
		gen_rec(i, &r, &gb);
		rc = ash_store_append(t, &r, &err);
	}
	CHECK_INT(rc, ASH_EIO);
	CHECK(i < 400); /* surfaces at the next chunk boundary or so */
	CHECK(strstr(err.msg, "chunks") != NULL);
	CHECK_INT(ash_store_append(t, &r, &err), ASH_EIO); /* sticky */
	CHECK_INT(ash_store_commit(t, &err), ASH_EIO);
	CHECK(rename(keep, chunks) == 0);
	CHECK_INT(ash_store_evidence_count(s), 1);
	CHECK_INT(ash_store_record_count(s), 50);
	ash_store_close(s);
	CHECK_INT(ash_store_open(store_dir(), false, &s, &err), 0);
	CHECK_INT(ash_store_evidence_count(s), 1);
	CHECK_INT(ash_store_check(s, NULL, NULL, NULL, &err), 0);
	ash_store_tune(s, 100, 1);
	CHECK_INT(ingest(s, &b, 0, 250, &err), 0);
	CHECK_INT(ash_store_record_count(s), 300);
	ash_store_close(s);
}
