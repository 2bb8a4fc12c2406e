/* SPDX-License-Identifier: MIT */
/* nfcapd.c: the "nfcapd" format: files written by nfdump's nfcapd,
 * nfpcapd, sfcapd and nfdump -w, in the 1.6 (LAYOUT_VERSION_1) and 1.7
 * (LAYOUT_VERSION_2) layouts drawn in nfcapd.h.
 *
 * Owns: the sniffer (magic 0xA50C, layout 1 or 2), the file header,
 * reading blocks one by one until the end of the input (the appendix of a
 * 1.7 file too: its ident/stat records count as skipped), the accounting.
 * Units are records: a flow record is used or rejected, every other
 * record (extension map, exporter, sampler, stat ...) is skipped; a block
 * that cannot be read or inflated, or the rest of a block whose record
 * framing is broken, is one rejected unit.
 * Does not: decompress (nfcapd_block.c) or decode records (nfcapd_rec.c),
 * read big-endian or encrypted files (rejected as a whole), or follow
 * NumBlocks (files still being written have 0 there). */
#include "ingest/parser.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "ingest/input.h"
#include "ingest/nfcapd.h"

#define RAW_KEEP 256 /* bytes of a rejected block handed to the store */

typedef struct nfc_state {
	ash_nfcapd_dec dec;
	uint8_t *raw, *out;
	size_t raw_cap, out_cap;
	uint64_t pos;  /* bytes of the (decompressed) input read so far */
	int version;   /* 1 or 2 */
	int codec;     /* enum ash_nfcapd_codec of the file */
} nfc_state;

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int nfc_sniff(const char *buf, size_t n)
{
	const uint8_t *p = (const uint8_t *)buf;
	if (n < 4 || rd16(p) != ASH_NFCAPD_MAGIC)
		return 0;
	uint16_t v = rd16(p + 2);
	return v == 1 || v == 2 ? 100 : 0;
}

static void *nfc_open(const ash_parse_opts *o)
{
	(void)o;
	return ash_calloc(1, sizeof(nfc_state));
}

static void nfc_close(void *state)
{
	nfc_state *st = state;
	if (!st)
		return;
	ash_nfcapd_rec_free(&st->dec);
	free(st->raw);
	free(st->out);
	free(st);
}

/* Read exactly n bytes unless the input ends: returns the count read, or
 * -1 on an I/O error (err set). */
static long read_full(nfc_state *st, ash_input *in, void *buf, size_t n,
		      ash_err *err)
{
	size_t got = 0;
	while (got < n) {
		long k = ash_input_read(in, (uint8_t *)buf + got, n - got, err);
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	st->pos += got;
	return (long)got;
}

/* 1.6 compression flags: exactly one codec bit, or none. */
static int v1_codec(uint32_t flags, int *codec)
{
	switch (flags & 0x19u) {
	case 0x00: *codec = ASH_NFCAPD_NONE; return 0;
	case 0x01: *codec = ASH_NFCAPD_LZO; return 0;
	case 0x08: *codec = ASH_NFCAPD_BZ2; return 0;
	case 0x10: *codec = ASH_NFCAPD_LZ4; return 0;
	default: return -1;
	}
}

static int read_header(nfc_state *st, ash_input *in, ash_err *err)
{
	uint8_t h[ASH_NFCAPD_V1_HEADER + ASH_NFCAPD_V1_STAT];
	long k = read_full(st, in, h, 4, err);
	if (k < 0)
		return err ? err->code : ASH_EIO;
	if (k < 4 || rd16(h) != ASH_NFCAPD_MAGIC)
		return ash_errf(err, ASH_EFORMAT, "nfcapd: no nfdump magic "
				"(big-endian files are not supported)");
	st->version = rd16(h + 2);
	size_t want = st->version == 1 ? sizeof h
		    : st->version == 2 ? ASH_NFCAPD_V2_HEADER : 0;
	if (!want)
		return ash_errf(err, ASH_EFORMAT, "nfcapd: unknown layout version %d",
				st->version);
	k = read_full(st, in, h + 4, want - 4, err);
	if (k < 0)
		return err ? err->code : ASH_EIO;
	if ((size_t)k < want - 4)
		return ash_errf(err, ASH_EFORMAT, "nfcapd: file header cut short");
	if (st->version == 1) {
		if (v1_codec(rd32(h + 4), &st->codec))
			return ash_errf(err, ASH_EFORMAT,
					"nfcapd: several compression flags (0x%x)",
					(unsigned)rd32(h + 4));
		return ASH_OK;
	}
	if (h[17] != 0)
		return ash_errf(err, ASH_EFORMAT, "nfcapd: encrypted files are not supported");
	if (h[16] > ASH_NFCAPD_ZSTD)
		return ash_errf(err, ASH_EFORMAT, "nfcapd: unknown compression %u",
				(unsigned)h[16]);
	st->codec = h[16];
	return ASH_OK;
}

static int reject(const ash_sink *sink, ash_units *u, uint64_t where,
		  const char *why, const void *raw, size_t n, ash_err *err)
{
	u->read++;
	u->rejected++;
	return sink->reject(sink->ctx, where, why, raw, n, err);
}

/* The records of one decompressed block.  where = file offset of the
 * block; exact = the data is the file's bytes (offsets are exact). */
static int walk(nfc_state *st, const uint8_t *d, size_t n, uint32_t nrec,
		uint64_t where, bool exact, const ash_sink *sink, ash_units *u,
		ash_err *err)
{
	size_t off = 0;
	int rc = ASH_OK;
	for (uint32_t i = 0; i < nrec && off < n && !rc; i++) {
		uint64_t at = exact ? where + ASH_NFCAPD_BLOCK_HEADER + off : where;
		size_t size = n - off >= 4 ? rd16(d + off + 2) : 0;
		if (size < 4 || size > n - off) {
			size_t keep = n - off < RAW_KEEP ? n - off : RAW_KEEP;
			rc = reject(sink, u, at, "record size out of its block (rest of "
				    "block skipped)", d + off, keep, err);
			break;
		}
		ash_rec r;
		const char *why = NULL;
		int res = ash_nfcapd_rec_decode(&st->dec, d + off, size, &r, &why);
		if (res == ASH_NFCAPD_RECORD) {
			r.src_line = at;
			u->read++;
			u->used++;
			rc = sink->record(sink->ctx, &r, err);
		} else if (res == ASH_NFCAPD_REJECT) {
			rc = reject(sink, u, at, why, d + off, size, err);
		} else {
			u->read++;
			u->skipped++;
		}
		off += size;
	}
	return rc;
}

/* Inflate the payload if the block is compressed; *data, *n = records. */
static int inflate(nfc_state *st, uint16_t flags, size_t size,
		   const uint8_t **data, size_t *n, const char **why)
{
	int codec = st->codec;
	if (st->version == 2 && (flags & 1)) /* block stored uncompressed */
		codec = ASH_NFCAPD_NONE;
	*data = st->raw;
	*n = size;
	if (codec == ASH_NFCAPD_NONE)
		return 0;
	for (;;) {
		if (!st->out) {
			st->out_cap = st->out_cap ? st->out_cap : ASH_NFCAPD_OUT_START;
			st->out = ash_malloc(st->out_cap);
		}
		*data = st->out;
		int rc = ash_nfcapd_block_inflate(codec, st->raw, size, st->out,
						  st->out_cap, n, why);
		if (rc != -2 || st->out_cap >= ASH_NFCAPD_BLOCK_MAX)
			return rc ? -1 : 0;
		free(st->out); /* grow: nothing in it is kept */
		st->out = NULL;
		st->out_cap *= 2;
	}
}

/* One block: *more = false at the end of the input or when the framing
 * is lost. */
static int one_block(nfc_state *st, ash_input *in, const ash_sink *sink,
		     ash_units *u, bool *more, ash_err *err)
{
	uint8_t h[ASH_NFCAPD_BLOCK_HEADER];
	uint64_t where = st->pos;
	*more = false;
	long k = read_full(st, in, h, sizeof h, err);
	if (k <= 0)
		return k < 0 ? (err ? err->code : ASH_EIO) : ASH_OK;
	if ((size_t)k < sizeof h)
		return reject(sink, u, where, "block header cut by the end of file",
			      h, (size_t)k, err);
	uint32_t nrec = rd32(h), size = rd32(h + 4);
	uint16_t type = rd16(h + 8), flags = rd16(h + 10);
	if (size > ASH_NFCAPD_BLOCK_MAX)
		return reject(sink, u, where, "block size over the 8 MiB cap (rest "
			      "of file not read)", h, sizeof h, err);
	ash_grow((void **)&st->raw, &st->raw_cap, size ? size : 1, 1);
	k = read_full(st, in, st->raw, size, err);
	if (k < 0)
		return err ? err->code : ASH_EIO;
	if ((size_t)k < size)
		return reject(sink, u, where, "block cut by the end of file", st->raw,
			      (size_t)k < RAW_KEEP ? (size_t)k : RAW_KEEP, err);
	*more = true;
	if (type != 2 && type != 3)
		return reject(sink, u, where, type == 1 ? "nfdump 1.5 block (type 1) "
			      "not supported" : "unknown block type", h, sizeof h, err);
	const uint8_t *data;
	size_t n;
	const char *why = NULL;
	if (inflate(st, flags, size, &data, &n, &why))
		return reject(sink, u, where, why, st->raw,
			      size < RAW_KEEP ? size : RAW_KEEP, err);
	return walk(st, data, n, nrec, where, data == st->raw, sink, u, err);
}

static int nfc_run(void *state, ash_input *in, const ash_sink *sink,
		   ash_units *units, ash_err *err)
{
	nfc_state *st = state;
	units->name = "records";
	int rc = read_header(st, in, err);
	bool more = rc == ASH_OK;
	while (more && !rc)
		rc = one_block(st, in, sink, units, &more, err);
	return rc;
}

const ash_parser ash_nfcapd_parser = {
	.name = "nfcapd",
	.what = "nfdump nfcapd files (1.6/1.7 layouts; LZO, BZ2, LZ4, ZSTD blocks)",
	.format = ASH_FMT_NFCAPD,
	.sniff = nfc_sniff,
	.open = nfc_open,
	.line = NULL,
	.close = nfc_close,
	.run = nfc_run,
};
