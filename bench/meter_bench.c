/* SPDX-License-Identifier: MIT */
/* meter_bench.c: the pcap flow meter alone (ingest/pcapflow.c through the
 * parser interface, records counted and dropped: no evidence copy, no
 * store), for bench/pcap.sh.  `meter_bench FILE` prints one line:
 * "packets N flows N bytes N seconds S" (wall time of the run). */
#include <stdio.h>
#include <time.h>

#include "ingest/input.h"
#include "ingest/parser.h"

typedef struct tally {
	unsigned long long flows, bytes;
} tally;

static int on_rec(void *ctx, const ash_rec *r, ash_err *err)
{
	(void)err;
	tally *t = ctx;
	t->flows++;
	t->bytes += r->obytes + r->rbytes;
	return 0;
}

static int on_rej(void *ctx, uint64_t where, const char *why, const void *raw,
		  size_t n, ash_err *err)
{
	(void)ctx, (void)where, (void)why, (void)raw, (void)n, (void)err;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: meter_bench FILE\n");
		return 2;
	}
	ash_err err = {0};
	ash_input *in = NULL;
	tally t = {0};
	ash_units u = {0};
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	int rc = ash_input_open(argv[1], &in, &err);
	if (rc == 0) {
		void *st = ash_pcap_parser.open(NULL);
		ash_sink sink = {.ctx = &t, .record = on_rec, .reject = on_rej};
		rc = ash_pcap_parser.run(st, in, &sink, &u, &err);
		ash_pcap_parser.close(st);
		ash_input_close(in);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (rc) {
		fprintf(stderr, "meter_bench: %s\n", err.msg);
		return 1;
	}
	printf("packets %llu flows %llu bytes %llu seconds %.3f\n",
	       (unsigned long long)u.read, t.flows, t.bytes,
	       (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
	return 0;
}
