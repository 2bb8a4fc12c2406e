/* SPDX-License-Identifier: MIT */
/* fuzz_nfcapd.c: libFuzzer target for the nfcapd reader (ingest/nfcapd*.c).
 * An input that starts with the nfcapd magic is a whole file, handed to
 * the parser through an in-memory file (memfd) and ash_input like a real
 * evidence file (slow: ash_input allocates megabytes per open).  Any other
 * input goes straight to the decoders, which is fast: byte 0 = 0 means
 * the rest is the records of a block; 1..4 means the rest is a block
 * compressed with that codec, inflated into a small buffer and walked.
 * Checks the accounting invariant, that every reject says why, and that
 * the strings of every record are readable. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ingest/input.h"
#include "ingest/nfcapd.h"
#include "ingest/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fz_counts {
	uint64_t records, rejects;
} fz_counts;

static void touch(ash_str s)
{
	volatile char sink = 0;
	for (uint32_t k = 0; k < s.n; k++)
		sink ^= s.p[k];
	(void)sink;
}

static int fz_record(void *ctx, const ash_rec *r, ash_err *err)
{
	(void)err;
	fz_counts *c = ctx;
	if (r->format != ASH_FMT_NFCAPD)
		abort();
	touch(r->device);
	touch(r->in_if);
	touch(r->out_if);
	touch(r->note);
	c->records++;
	return 0;
}

static int fz_reject(void *ctx, uint64_t where, const char *why,
		     const void *raw, size_t n, ash_err *err)
{
	(void)where, (void)err;
	fz_counts *c = ctx;
	if (!why || !why[0])
		abort(); /* a reject always says why */
	volatile uint8_t sink = 0;
	for (size_t k = 0; k < n; k++)
		sink ^= ((const uint8_t *)raw)[k];
	(void)sink;
	c->rejects++;
	return 0;
}

/* The records of a decompressed block, framed as nfcapd.c frames them. */
static void records(const uint8_t *d, size_t n)
{
	ash_nfcapd_dec dec;
	memset(&dec, 0, sizeof dec);
	size_t off = 0;
	while (n - off >= 4) {
		size_t size = (size_t)(d[off + 2] | d[off + 3] << 8);
		if (size < 4 || size > n - off)
			break;
		/* an exact copy, so ASan sees any read past the record */
		uint8_t *rec = malloc(size);
		if (!rec)
			break;
		memcpy(rec, d + off, size);
		ash_rec r;
		const char *why = NULL;
		int res = ash_nfcapd_rec_decode(&dec, rec, size, &r, &why);
		if (res == ASH_NFCAPD_REJECT && (!why || !why[0]))
			abort();
		if (res == ASH_NFCAPD_RECORD)
			(void)fz_record(&(fz_counts){0}, &r, NULL);
		free(rec);
		off += size;
	}
	ash_nfcapd_rec_free(&dec);
}

static void block(int codec, const uint8_t *d, size_t n)
{
	static uint8_t out[64 << 10];
	size_t got = 0;
	const char *why = NULL;
	int rc = ash_nfcapd_block_inflate(codec, d, n, out, sizeof out, &got, &why);
	if (rc && !why)
		abort();
	if (!rc) {
		if (got > sizeof out)
			abort();
		records(out, got);
	}
}

static void whole_file(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int score;
	(void)ash_parser_sniff((const char *)data, size, &score);
	if (size >= 2 && data[0] == 0x0C && data[1] == 0xA5)
		whole_file(data, size);
	else if (size >= 1 && data[0] == 0)
		records(data + 1, size - 1);
	else if (size >= 1 && data[0] <= 4)
		block(data[0], data + 1, size - 1);
	return 0;
}

static void whole_file(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz_nfcapd", 0);
	if (fd < 0)
		return;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return;
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	ash_input *in = NULL;
	ash_err err = {0};
	if (ash_input_open(path, &in, &err) == 0) {
		fz_counts c = {0};
		ash_units u = {0};
		ash_sink sink = {.ctx = &c, .record = fz_record, .reject = fz_reject};
		void *st = ash_nfcapd_parser.open(NULL);
		int rc = ash_nfcapd_parser.run(st, in, &sink, &u, &err);
		ash_nfcapd_parser.close(st);
		ash_input_close(in);
		if (rc == 0 && (u.read != u.used + u.rejected + u.skipped ||
				u.used != c.records || u.rejected != c.rejects))
			abort(); /* the accounting must add up */
	}
	close(fd);
}
