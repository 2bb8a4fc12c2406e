/* SPDX-License-Identifier: MIT */
/* rows.h: matching records copied out of their chunks and handed back in
 * start-time order - what "ashiato query" prints.
 *
 * Chunks are appended in ingest order and their time ranges may overlap,
 * so rows are ordered here, with bounded memory:
 *   - without a limit (streaming): rows wait in a min-heap; the scanner
 *     reads chunks by t_min and says below which time no later chunk can
 *     add a row (the watermark); rows before it are handed out.  Memory is
 *     the rows of chunks that overlap in time, capped (ASH_ELIMIT).
 *   - with a limit N: only the N earliest rows seen are kept (a max-heap);
 *     the scan can stop once the next chunk starts at or after the latest
 *     kept row.
 * Ties in start time keep chunk order, then row order.
 * Strings (interfaces, rule, note) are copied into a pool owned by
 * ash_rows. */
#ifndef ASH_ROWS_H
#define ASH_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/record.h"

#define ASH_ROWS_MAX_PENDING (8u << 20)  /* rows waiting, streaming mode */
#define ASH_ROWS_MAX_POOL (256u << 20)   /* bytes of copied strings */

typedef struct ash_qrow {
	int64_t t_start, t_end;
	int32_t tz_off;
	uint32_t have;
	ash_ip src, dst;
	uint16_t sport, dport;
	uint8_t proto, tcp_flags, action, format;
	uint64_t obytes, rbytes, opkts, rpkts;
	uint32_t sampling;     /* 1:N when ASH_HAVE_SAMPLING, else 0 */
	uint64_t src_line;
	uint32_t chunk, evidence;
	const char *site;      /* borrowed from the batch (store lifetime) */
	ash_str in_if, out_if, rule, note; /* pool-owned; n == 0 = unknown */
	uint64_t seq;          /* arrival order (ties) */
} ash_qrow;

typedef struct ash_rows ash_rows;

/* limit 0: streaming mode; else keep the limit earliest rows.
 * max_pending 0: ASH_ROWS_MAX_PENDING. */
ash_rows *ash_rows_new(size_t limit, size_t max_pending);
void ash_rows_free(ash_rows *r);
/* Copy the rows of b selected in sel.  b needs every column but NAT.
 * ASH_ELIMIT past max_pending rows or ASH_ROWS_MAX_POOL string bytes. */
int ash_rows_add(ash_rows *r, const ash_batch *b, const uint64_t *sel,
		 ash_err *err);
/* Limit mode: true when no row starting at or after t can be among the
 * kept ones (the scan may stop). */
bool ash_rows_done_before(const ash_rows *r, int64_t t);
/* Limit mode: call once after the last add, before ash_rows_next. */
void ash_rows_finish(ash_rows *r);
/* The next row in time order whose start is before watermark, or NULL.
 * (Limit mode after finish: every kept row, watermark ignored.)  The row
 * is valid until the next call. */
const ash_qrow *ash_rows_next(ash_rows *r, int64_t watermark);
size_t ash_rows_pending(const ash_rows *r);

#endif
