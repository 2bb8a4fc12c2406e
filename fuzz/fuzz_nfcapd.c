/* SPDX-License-Identifier: MIT */
/* fuzz_nfcapd.c: libFuzzer target for the nfcapd reader (ingest/nfcapd*.c):
 * the input is a whole nfcapd file, handed to the parser through an
 * in-memory file (memfd) and ash_input like a real evidence file.  Checks
 * the accounting invariant, that every reject says why, and that the
 * strings of every record are readable. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ingest/input.h"
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int score;
	(void)ash_parser_sniff((const char *)data, size, &score);
	int fd = memfd_create("fuzz_nfcapd", 0);
	if (fd < 0)
		return 0;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
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
	return 0;
}
