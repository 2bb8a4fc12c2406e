/* SPDX-License-Identifier: MIT */
/* fuzz_pcap.c: libFuzzer target for the "pcap" format: the input is a
 * capture file (pcap or pcapng) read through input.c, libpcap, the frame
 * decoder and the flow meter, with a small live-flow cap and short
 * timeouts so that eviction and every expiry path run.  Checks the
 * packet accounting. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ingest/input.h"
#include "ingest/pcapflow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t nrec, nrej;

static int rec(void *ctx, const ash_rec *r, ash_err *err)
{
	(void)ctx, (void)err;
	if (r->t_end < r->t_start || r->opkts + r->rpkts == 0)
		abort();
	nrec++;
	return 0;
}

static int rej(void *ctx, uint64_t where, const char *why, const void *raw,
	       size_t n, ash_err *err)
{
	(void)ctx, (void)where, (void)raw, (void)n, (void)err;
	if (!why)
		abort();
	nrej++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz_pcap", 0);
	if (fd < 0)
		return 0;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	ash_input *in = NULL;
	ash_err err;
	if (ash_input_open(path, &in, &err) == 0) {
		void *st = ash_pcap_parser.open(NULL);
		ash_flowtab_opts o = {.max_flows = 8, .active = 60, .tcp = 30,
				      .tcp_fin = 5, .tcp_rst = 2, .udp = 10,
				      .icmp = 10, .general = 20};
		ash_pcapflow_set_opts(st, &o);
		ash_sink sink = {.record = rec, .reject = rej};
		ash_units u = {0};
		nrec = nrej = 0;
		if (ash_pcap_parser.run(st, in, &sink, &u, &err) == 0 &&
		    (u.read != u.used + u.rejected + u.skipped || u.rejected != nrej ||
		     nrec > u.used))
			abort();
		ash_pcap_parser.close(st);
		ash_input_close(in);
	}
	close(fd);
	return 0;
}
