/* SPDX-License-Identifier: MIT */
/* test_input.c: the line reader over plain, gzip and zstd, long lines,
 * CRLF, missing final newline, and evidence keeping. */
#include "harness.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include "ingest/evidence.h"
#include "ingest/input.h"

static char *make_text(size_t *n)
{
	/* 200k lines "line N\n", one CRLF line, one very long line, no final \n */
	size_t cap = 8u << 20, o = 0;
	char *b = malloc(cap);
	for (int i = 1; i <= 200000; i++)
		o += (size_t)snprintf(b + o, cap - o, "line %d\n", i);
	o += (size_t)snprintf(b + o, cap - o, "crlf\r\n");
	memset(b + o, 'x', (2u << 20));
	o += 2u << 20;
	b[o++] = '\n';
	o += (size_t)snprintf(b + o, cap - o, "last");
	*n = o;
	return b;
}

static void check_reader(const char *path)
{
	ash_input *in = NULL;
	ash_err err = {0};
	CHECK(ash_input_open(path, &in, &err) == 0);
	if (!in)
		return;
	const char *peek;
	size_t pn;
	CHECK(ash_input_peek(in, &peek, &pn, &err) == 0);
	CHECK(pn > 0 && pn <= 65536 && peek[pn - 1] == '\n');
	CHECK(!strncmp(peek, "line 1\n", 7));
	const char *l;
	size_t n;
	bool cut;
	int i = 0, cuts = 0, rc;
	char want[32];
	while ((rc = ash_input_line(in, &l, &n, &cut, &err)) == 1) {
		i++;
		if (i <= 200000) {
			snprintf(want, sizeof want, "line %d", i);
			if (n != strlen(want) || memcmp(l, want, n)) {
				ash_test_fail(__FILE__, __LINE__, "line %d wrong", i);
				break;
			}
		} else if (i == 200001) {
			CHECK(n == 4 && !memcmp(l, "crlf", 4));
		} else if (i == 200002) {
			CHECK(cut);
			CHECK_INT(n, ASH_MAX_LINE);
			cuts++;
		} else if (i == 200003) {
			CHECK(n == 4 && !memcmp(l, "last", 4));
		}
	}
	if (rc != 0)
		ash_test_fail(__FILE__, __LINE__, "%s: %s", path, err.msg);
	CHECK_INT(i, 200003);
	CHECK_INT(cuts, 1);
	CHECK(ash_input_pos(in) == ash_input_size(in));
	ash_input_close(in);
}

TEST(input_plain_gzip_zstd)
{
	const char *dir = ash_test_tmpdir();
	size_t n;
	char *text = make_text(&n);
	char p[512];
	snprintf(p, sizeof p, "%s/plain.log", dir);
	FILE *f = fopen(p, "wb");
	fwrite(text, 1, n, f);
	fclose(f);
	check_reader(p);

	snprintf(p, sizeof p, "%s/x.log.gz", dir);
	gzFile g = gzopen(p, "wb");
	gzwrite(g, text, (unsigned)(n / 2));
	gzclose(g); /* two gzip members, as from `cat a.gz b.gz` */
	g = gzopen(p, "ab");
	gzwrite(g, text + n / 2, (unsigned)(n - n / 2));
	gzclose(g);
	check_reader(p);

	snprintf(p, sizeof p, "%s/x.log.zst", dir);
	size_t cap = ZSTD_compressBound(n);
	char *z = malloc(cap);
	size_t zn = ZSTD_compress(z, cap, text, n, 1);
	f = fopen(p, "wb");
	fwrite(z, 1, zn, f);
	fclose(f);
	check_reader(p);

	/* truncated zstd and gzip: an error, not a crash or silent loss */
	f = fopen(p, "wb");
	fwrite(z, 1, zn / 2, f);
	fclose(f);
	ash_input *in;
	ash_err err = {0};
	CHECK(ash_input_open(p, &in, &err) == 0);
	const char *l;
	size_t ln;
	bool cut;
	int rc;
	while ((rc = ash_input_line(in, &l, &ln, &cut, &err)) == 1)
		;
	CHECK_INT(rc, -1);
	CHECK(strstr(err.msg, "zstd data ends early") != NULL);
	ash_input_close(in);
	free(z);
	free(text);
}

TEST(input_gzip_truncated_is_error)
{
	const char *dir = ash_test_tmpdir();
	char p[512];
	snprintf(p, sizeof p, "%s/t.gz", dir);
	gzFile g = gzopen(p, "wb");
	for (int i = 0; i < 100000; i++)
		gzprintf(g, "line %d with some text to compress\n", i);
	gzclose(g);
	struct stat st;
	stat(p, &st);
	CHECK(truncate(p, st.st_size / 2) == 0);
	ash_input *in;
	ash_err err = {0};
	CHECK(ash_input_open(p, &in, &err) == 0);
	const char *l;
	size_t n;
	bool cut;
	int rc;
	while ((rc = ash_input_line(in, &l, &n, &cut, &err)) == 1)
		;
	CHECK_INT(rc, -1);
	CHECK(strstr(err.msg, "ends early") != NULL);
	ash_input_close(in);
}

TEST(evidence_keep_is_content_addressed)
{
	const char *dir = ash_test_tmpdir();
	char src[512], ev[512], kept[4096], kept2[4096];
	snprintf(src, sizeof src, "%s/a.log", dir);
	snprintf(ev, sizeof ev, "%s/ev", dir);
	mkdir(ev, 0755);
	FILE *f = fopen(src, "w");
	fputs("abc", f);
	fclose(f);
	uint8_t sha[32];
	uint64_t size;
	ash_err err;
	CHECK(ash_evidence_keep(ev, src, sha, &size, kept, sizeof kept, NULL, NULL, &err) == 0);
	char hex[65];
	ash_sha_hex(sha, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	CHECK_INT(size, 3);
	struct stat st;
	CHECK(stat(kept, &st) == 0 && (st.st_mode & 0222) == 0);
	CHECK(ash_evidence_keep(ev, src, sha, &size, kept2, sizeof kept2, NULL, NULL, &err) == 0);
	CHECK_STR(kept, kept2);
	CHECK(ash_evidence_keep(ev, "/nonexistent", sha, &size, kept2, sizeof kept2, NULL, NULL, &err) == ASH_EIO);
}
