/* SPDX-License-Identifier: MIT */
/* store_format.h: the on-disk format of a store (CASE/store), specified
 * here and nowhere else.  Constants only: no code reads this file's
 * structs, every field is read and written byte by byte, little-endian,
 * at the offsets drawn below.  No time_t, off_t or size_t on disk.
 *
 * Directory layout
 * ----------------
 *   store/MANIFEST            the committed state (below); replaced only by
 *                             rename(2) of MANIFEST.tmp
 *   store/chunks/NAME.ach     immutable chunk files (below)
 *   store/rejects/HEX.tsv     rejected records of one evidence file, HEX =
 *                             lower-case sha256 of the evidence
 *   store/LOCK                flock(2)ed by the one ingest transaction;
 *                             holds its pid as text (informational)
 * A chunk or rejects file not named by the MANIFEST is an orphan left by an
 * interrupted ingest: readers ignore it, the next ingest deletes it.
 *
 * MANIFEST (version 1)
 * --------------------
 *   offset size
 *   0      8    magic "ASHMANIF"
 *   8      4    version (1)
 *   12     4    E: number of evidence entries
 *   16     4    C: number of chunk entries
 *   20     4    reserved (0)
 *   24     8    generation: 0 for an empty store, +1 per commit
 *   32     E * 400   evidence entries
 *   ...    C * 352   chunk entries, in commit order
 *   end-4  4    crc32 (zlib) of every byte before it
 * File size is exactly 32 + 400 E + 352 C + 4.
 *
 *   Evidence entry (400 bytes)        Chunk entry (352 bytes)
 *   0    32  sha256                   0    4   evidence index (< E)
 *   32   256 name, NUL-terminated     4    4   records (1..CHUNK_MAX)
 *   288  8   size (bytes)             8    8   t_min (us UTC, int64)
 *   296  8   records                  16   8   t_max (>= t_min)
 *   304  8   rejected                 24   256 bloom (see below)
 *   312  8   meta_lines               280  64  file name, NUL-terminated,
 *   320  8   ingested_at (us, int64)           [A-Za-z0-9_.-], no leading '.'
 *   328  1   format (enum ash_format) 344  8   file size (bytes)
 *   329  7   reserved (0)
 *   336  64  site, NUL-terminated
 *   Unused bytes after a string's NUL are zero.
 *
 * Bloom filter: 2048 bits over the src and dst addresses of the chunk;
 * h = ash_ip_hash(ip); bits h & 2047, (h >> 11) & 2047, (h >> 22) & 2047;
 * bit b is (bloom[b >> 3] >> (b & 7)) & 1.
 *
 * Chunk file (version 1)
 * ----------------------
 *   offset size
 *   0      8    magic "ASHCHUNK"
 *   8      2    version (1)
 *   10     2    K: number of columns (1..64)
 *   12     4    N: records (0..ASH_CHUNK_MAX_RECORDS)
 *   16     4    A: address dictionary entries (<= 4 N)
 *   20     4    S: string dictionary entries (1..5 N + 1, at most
 *                ASH_CHUNK_MAX_STRS; entry 0 is "")
 *   24     8    t_min of t_start (int64; 0 when N = 0)
 *   32     8    t_max
 *   40     4    string dictionary bytes (<= ASH_CHUNK_MAX_STR_BYTES)
 *   44     4    A4: IPv4 entries of the address dictionary (<= A)
 *   48     K * 24  column directory
 *   48+24K 4    crc32 of bytes [0, 48 + 24 K)
 *   then the stored bytes of each column at its offset; columns do not
 *   overlap, lie after the header and the file ends with the last one.
 *
 *   Directory entry (24 bytes)
 *   0  1  column id (ASH_CC_*; each at most once; unknown ids are skipped)
 *   1  1  transform (ASH_CT_*)
 *   2  1  width: bytes per value (1..8; 16 for ASH_CC_ADDRS; 1 for blobs;
 *         bits per code for PACK)
 *   3  1  codec: 0 stored as is, 1 zstd frame
 *   4  4  crc32 of the stored bytes
 *   8  4  offset of the stored bytes in the file
 *   12 4  stored size
 *   16 4  raw size (after decompression; must match the transform)
 *   20 4  reserved (0)
 *
 * A column holds `count` values: N for the row columns, A - A4 for ADDRS,
 * A4 for ADDRS4, S for STR_LENS, the string bytes for STR_DATA.  Raw
 * layouts by transform:
 *   PLANES  width planes of count bytes; plane k holds byte k (LSB first)
 *           of every value.  raw size = width * count.
 *   DELTA   8-byte little-endian base b, then PLANES of
 *           zigzag(v[i] - v[i-1]) with v[-1] = b (64-bit wrapping
 *           arithmetic).  raw size = 8 + width * count.
 *   REF     PLANES of u[i] = 0 when v[i] = 0, else
 *           zigzag(v[i] - t_start[i]) + 1 (T_END only; a missing end
 *           time is 0, record.h).
 *   FIXED   count values of width bytes each, little-endian, row-major
 *           (values untransformed; measured against PLANES).
 *   CONST   one 8-byte little-endian value repeated count times
 *           (raw size 8; width is the column's natural width; for ADDRS4
 *           only when count <= 1).
 *   BLOB    bytes as they are (STR_DATA).
 *   PACK    few distinct values: K (1 byte, 2..2^width), K 8-byte
 *           little-endian values, then count codes of width bits
 *           (width 1, 2 or 4; code i < K selects value i), packed from
 *           the least significant bit of each byte.
 *           raw size = 1 + 8 K + ceil(count * width / 8).
 * Address dictionary: A entries, strictly ascending in ash_ip_cmp (memcmp)
 * order, so readers may binary-search it.  It is stored in two columns:
 * ADDRS4 holds the A4 IPv4-mapped entries as 32-bit host-order values
 * (DELTA, or CONST when A4 <= 1), ADDRS the other A - A4 entries (PLANES or
 * FIXED of width 16, plane k = byte k of each address), ascending.  The
 * dictionary is ADDRS entries below ::ffff:0.0.0.0, then the IPv4 block,
 * then the remaining ADDRS entries.
 * STR_LENS holds S lengths (entry 0 is 0); string i is the next len[i]
 * bytes of STR_DATA, in order; the lengths sum to the dictionary bytes.
 * Every index column value is < A (addresses) or < S (strings).
 *
 * Columns added later (absent from chunks written before them; a reader
 * then takes every value as 0, which is what the writer of that time
 * meant):
 *   SAMPLING (30)  uint32 per row: the packet sampling interval N of a
 *                  sampled flow (1:N), 0 = unsampled; non-zero exactly
 *                  when the row's HAVE has ASH_HAVE_SAMPLING.
 *   NOTE (31)      uint32 index into the string dictionary per row (how
 *                  the session ended or which way it went), 0 = "".
 * A writer of this version writes all 31 columns (K = 31). */
#ifndef ASH_STORE_FORMAT_H
#define ASH_STORE_FORMAT_H

#define ASH_MANIFEST_MAGIC "ASHMANIF"
#define ASH_MANIFEST_VERSION 1
#define ASH_MANIFEST_HDR 32
#define ASH_MANIFEST_EV_SIZE 400
#define ASH_MANIFEST_CH_SIZE 352
#define ASH_MANIFEST_MAX_EVIDENCE (1u << 20)
#define ASH_MANIFEST_MAX_CHUNKS (1u << 20)

#define ASH_CHUNK_MAGIC "ASHCHUNK"
#define ASH_CHUNK_VERSION 1
#define ASH_CHUNK_HDR 48
#define ASH_CHUNK_DIRENT 24
#define ASH_CHUNK_MAX_COLS 64
#define ASH_CHUNK_MAX_RECORDS (1u << 20)
#define ASH_CHUNK_MAX_STR_BYTES (1u << 20)
#define ASH_CHUNK_MAX_STRS (1u << 16) /* string dictionary entries */
#define ASH_CHUNK_NAME_MAX 64

/* Column ids (on disk: append only). */
enum ash_chunk_col {
	ASH_CC_T_START = 1, ASH_CC_T_END = 2, ASH_CC_TZ_OFF = 3,
	ASH_CC_HAVE = 4,
	ASH_CC_SRC_IDX = 5, ASH_CC_DST_IDX = 6, ASH_CC_ADDRS = 7,
	ASH_CC_SPORT = 8, ASH_CC_DPORT = 9, ASH_CC_PROTO = 10,
	ASH_CC_FLAGS = 11, ASH_CC_ACTION = 12,
	ASH_CC_OBYTES = 13, ASH_CC_RBYTES = 14, ASH_CC_OPKTS = 15,
	ASH_CC_RPKTS = 16,
	ASH_CC_NAT_SRC_IDX = 17, ASH_CC_NAT_DST_IDX = 18,
	ASH_CC_NAT_SPORT = 19, ASH_CC_NAT_DPORT = 20,
	ASH_CC_IN_IF = 21, ASH_CC_OUT_IF = 22, ASH_CC_RULE = 23,
	ASH_CC_DEVICE = 24, ASH_CC_STR_LENS = 25, ASH_CC_STR_DATA = 26,
	ASH_CC_FORMAT = 27, ASH_CC_SRC_LINE = 28, ASH_CC_ADDRS4 = 29,
	ASH_CC_SAMPLING = 30, ASH_CC_NOTE = 31,
	ASH_CC_MAX_ = 32
};

/* Column transforms (on disk). */
enum ash_chunk_transform {
	ASH_CT_PLANES = 1, ASH_CT_DELTA = 2, ASH_CT_REF = 3,
	ASH_CT_FIXED = 4, ASH_CT_CONST = 5, ASH_CT_BLOB = 6, ASH_CT_PACK = 7
};

/* Column codecs (on disk). */
enum ash_chunk_codec { ASH_CODEC_NONE = 0, ASH_CODEC_ZSTD = 1 };

#endif
