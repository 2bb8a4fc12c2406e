/* SPDX-License-Identifier: MIT */
/* fuzz_netflow.c: libFuzzer target for the flow export decoder.  The
 * input is a sequence of datagrams, each preceded by its length (2 bytes,
 * big-endian), fed to one decoder so that templates of one datagram meet
 * the data of the next; what is left when a length runs past the end is
 * one last datagram.  The exporter port comes from the datagram's index,
 * so template scoping by exporter is exercised too.  Buffering of data
 * before its template is on (odd-sized inputs with tiny limits, so that
 * the oldest sets are dropped), and the accounting is checked: every
 * datagram ends used, skipped or rejected exactly once, after
 * ash_nf_finish nothing waits, the buffer never exceeds its limits. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/netflow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fz {
	uint64_t sum;
	uint8_t *state; /* per unit: 0 unseen, 1 pending, 2 final */
	size_t nunits;
	uint64_t final[3]; /* used, skipped, rejected */
} fz;

static int sink(void *ctx, const ash_rec *r, ash_err *err)
{
	(void)err;
	fz *f = ctx;
	/* touch what a store would read */
	f->sum += r->obytes + r->rbytes + r->device.n + r->rule.n + r->in_if.n +
		  (r->rule.n ? (uint8_t)r->rule.p[r->rule.n - 1] : 0) +
		  (r->note.n ? (uint8_t)r->note.p[r->note.n - 1] : 0) + r->sampling;
	if (!(r->have & ASH_HAVE_SAMPLING) != !r->sampling)
		abort(); /* a rate and its bit go together */
	if (r->src_line == 0 || r->src_line > f->nunits)
		abort(); /* every record names the datagram it came from */
	return 0;
}

static int settle(void *ctx, uint64_t unit, int verdict, const char *why,
		  const uint8_t *raw, size_t n, ash_err *err)
{
	(void)err;
	fz *f = ctx;
	if (unit == 0 || unit > f->nunits || f->state[unit - 1] != 1)
		abort(); /* only a pending datagram settles, once */
	if (verdict < 0 || verdict > 2 || (verdict == ASH_NF_REJECTED && !why))
		abort();
	for (size_t i = 0; i < n; i++)
		f->sum += raw[i];
	f->state[unit - 1] = 2;
	f->final[verdict]++;
	return 0;
}

static void check_stats(const ash_nf *nf, size_t size)
{
	const ash_nf_stats *st = ash_nf_get_stats(nf);
	if (st->pending_sets != st->late_sets + st->dropped_sets +
				    st->never_sets + st->waiting_sets)
		abort();
	if (size & 1 ? st->waiting_sets > 1 + size % 7 : st->waiting_sets > ASH_NF_PEND_SETS)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ash_nf *nf = ash_nf_new();
	ash_nf_buffer(nf, settle);
	if (size & 1) /* tiny limits: the oldest sets are dropped */
		ash_nf_buffer_limits(nf, (uint32_t)(1 + size % 7),
				     (uint32_t)(16 + size % 509));
	ash_ip exp;
	ash_ip_from_v4(&exp, 0x7f000001);
	fz f = {0};
	f.state = calloc(size / 2 + 2, 1);
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
		uint64_t unit = ++f.nunits;
		ash_nf_datagram(nf, p, n, &exp, (uint16_t)(i % 3), 0, unit, sink, &f,
				&res, NULL);
		if (res.verdict == ASH_NF_REJECTED && !res.why)
			__builtin_trap();
		if (res.verdict == ASH_NF_PENDING)
			f.state[unit - 1] = 1;
		else if (f.state[unit - 1] == 0 && res.verdict <= 2) {
			f.state[unit - 1] = 2;
			f.final[res.verdict]++;
		} else {
			abort();
		}
		check_stats(nf, size);
		if (n == 0 && off >= size)
			break;
	}
	ash_nf_finish(nf, &f, NULL);
	check_stats(nf, size);
	const ash_nf_stats *st = ash_nf_get_stats(nf);
	if (st->waiting_sets || st->waiting_bytes)
		abort();
	for (size_t i = 0; i < f.nunits; i++)
		if (f.state[i] != 2)
			abort();
	if (f.final[0] + f.final[1] + f.final[2] != f.nunits)
		abort();
	ash_nf_free(nf);
	free(f.state);
	return (int)(f.sum & 0);
}
