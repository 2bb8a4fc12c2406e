/* SPDX-License-Identifier: MIT */
/* nfcapd.h: internals shared by the nfcapd reader files (nfcapd.c: file
 * and block framing; nfcapd_block.c: block decompression; nfcapd_rec.c:
 * records of a decompressed block).  Not for use outside src/ingest.
 *
 * The layouts (written from nfdump's nffileV2.h, nffile.h, nfx.h and
 * nfxV3.h; little-endian files only, as nfdump writes them on x86/arm):
 *
 *   file V1 (nfdump 1.6, LAYOUT_VERSION_1):
 *     u16 magic 0xA50C | u16 version 1 | u32 flags | u32 NumBlocks |
 *     char ident[128]  (140 bytes), then a 136-byte stat record
 *   file V2 (nfdump 1.7, LAYOUT_VERSION_2):
 *     u16 magic | u16 version 2 | u32 nfdversion | u64 created |
 *     u8 compression | u8 encryption | u16 appendixBlocks | u32 unused |
 *     u64 offAppendix | u32 BlockSize | u32 NumBlocks  (40 bytes)
 *   block: u32 NumRecords | u32 size (bytes after this header) |
 *          u16 type (2 = 1.6, 3 = 1.7) | u16 flags  (12 bytes)
 *   record: u16 type | u16 size (including these 4 bytes) | ...
 */
#ifndef ASH_NFCAPD_H
#define ASH_NFCAPD_H

#include <stddef.h>
#include <stdint.h>

#include "core/ip.h"
#include "store/record.h"

#define ASH_NFCAPD_MAGIC 0xA50Cu
#define ASH_NFCAPD_V1_HEADER 140u
#define ASH_NFCAPD_V1_STAT 136u
#define ASH_NFCAPD_V2_HEADER 40u
#define ASH_NFCAPD_BLOCK_HEADER 12u
/* Largest block accepted, compressed or not (nfdump's own cap is 5 MiB). */
#define ASH_NFCAPD_BLOCK_MAX (8u << 20)
/* First output buffer for inflating; doubled while a block needs more. */
#define ASH_NFCAPD_OUT_START (256u << 10)

/* Block codecs, as in the V2 header's compression byte. */
enum ash_nfcapd_codec {
	ASH_NFCAPD_NONE = 0,
	ASH_NFCAPD_LZO = 1,
	ASH_NFCAPD_BZ2 = 2,
	ASH_NFCAPD_LZ4 = 3,
	ASH_NFCAPD_ZSTD = 4
};

/* Record types (nfdump id.h). */
enum ash_nfcapd_rtype {
	ASH_NFCAPD_R_EXTMAP = 2,    /* 1.6 extension map */
	ASH_NFCAPD_R_EXPORTER = 7,  /* exporter info: sysid -> address */
	ASH_NFCAPD_R_COMMON = 10,   /* 1.6 common record + extensions */
	ASH_NFCAPD_R_V3 = 11        /* 1.7 record with elements */
};

/* 1.6 extension ids are 1..48; offsets of each in a map. */
#define ASH_NFCAPD_NEXT 49
#define ASH_NFCAPD_MAP_IDS 64   /* ids per map accepted */
#define ASH_NFCAPD_EXPORTERS 256 /* exporters remembered per file */

typedef struct ash_nfcapd_map {
	uint8_t valid;       /* 0: records using it are rejected */
	uint8_t bad_id;      /* first unknown extension id when !valid */
	uint16_t size;       /* bytes of the optional extensions */
	int16_t off[ASH_NFCAPD_NEXT]; /* offset after the counters, -1 absent */
} ash_nfcapd_map;

typedef struct ash_nfcapd_exporter {
	uint16_t sysid;
	ash_ip ip;
} ash_nfcapd_exporter;

/* Decoder state for one file: 1.6 extension maps and exporters seen so
 * far, and the text of the strings of the last record. */
typedef struct ash_nfcapd_dec {
	ash_nfcapd_map **maps[256]; /* map id >> 8: pages of 256 slots,
				     * allocated when a map lands there */
	ash_nfcapd_exporter exp[ASH_NFCAPD_EXPORTERS];
	size_t nexp;
	char dev[ASH_IP_STRLEN];
	char in_if[12], out_if[12];
	char note[32]; /* NSEL event: "deny 1001" */
	char why[96];
} ash_nfcapd_dec;

enum ash_nfcapd_result {
	ASH_NFCAPD_RECORD = 0, /* *r filled */
	ASH_NFCAPD_SKIP = 1,   /* not a flow (map, exporter, stat ...) */
	ASH_NFCAPD_REJECT = 2  /* *why set (static or in dec->why) */
};

/* ---- nfcapd_rec.c ---- */
/* Decode one record p[0..n) (n >= 4, n == its size field) of a block.
 * Strings of *r point into dec until the next call.  Returns an
 * enum ash_nfcapd_result. */
int ash_nfcapd_rec_decode(ash_nfcapd_dec *dec, const uint8_t *p, size_t n,
			  ash_rec *r, const char **why);
/* Free what dec holds (the struct itself is the caller's). */
void ash_nfcapd_rec_free(ash_nfcapd_dec *dec);

/* ---- nfcapd_block.c ---- */
/* Decompress in[0..n) with codec into out (capacity cap); *outn = size.
 * Returns 0; -2 when the output needs more than cap bytes (retry with a
 * larger buffer); -1 when the block is damaged.  *why is set (static
 * text) on failure. */
int ash_nfcapd_block_inflate(int codec, const uint8_t *in, size_t n,
			     uint8_t *out, size_t cap, size_t *outn,
			     const char **why);

#endif
