/* SPDX-License-Identifier: MIT */
/* fuzz_netflow.c: libFuzzer target for the flow export decoder.  The
 * input is a sequence of datagrams, each preceded by its length (2 bytes,
 * big-endian), fed to one decoder so that templates of one datagram meet
 * the data of the next; what is left when a length runs past the end is
 * one last datagram.  The exporter port comes from the datagram's index,
 * so template scoping by exporter is exercised too. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/netflow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int sink(void *ctx, const ash_rec *r, ash_err *err)
{
	(void)err;
	uint64_t *sum = ctx;
	/* touch what a store would read */
	*sum += r->obytes + r->rbytes + r->device.n + r->rule.n + r->in_if.n +
		(r->rule.n ? (uint8_t)r->rule.p[r->rule.n - 1] : 0) +
		(r->note.n ? (uint8_t)r->note.p[r->note.n - 1] : 0) + r->sampling;
	if (!(r->have & ASH_HAVE_SAMPLING) != !r->sampling)
		abort(); /* a rate and its bit go together */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ash_nf *nf = ash_nf_new();
	ash_ip exp;
	ash_ip_from_v4(&exp, 0x7f000001);
	uint64_t sum = 0;
	size_t off = 0;
	for (unsigned i = 0; off < size; i++) {
		const uint8_t *p = data + off;
		size_t n = size - off;
		if (n >= 2) {
			size_t len = (size_t)(p[0] << 8 | p[1]);
			if (len <= n - 2) {
				p += 2;
				n = len;
			}
		}
		off = (size_t)(p - data) + n;
		ash_nf_result res;
		(void)ash_nf_looks_like(p, n);
		ash_nf_datagram(nf, p, n, &exp, (uint16_t)(i % 3), 0, sink, &sum,
				&res, NULL);
		if (res.verdict == ASH_NF_REJECTED && !res.why)
			__builtin_trap();
		if (n == 0 && off >= size)
			break;
	}
	ash_nf_free(nf);
	return (int)(sum & 0);
}
