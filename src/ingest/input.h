/* SPDX-License-Identifier: MIT */
/* input.h: reading an evidence file as lines, whatever its compression
 * (plain, gzip, zstd: detected by magic bytes).  Lines are returned
 * without their "\n" (and "\r\n"); a line longer than ASH_MAX_LINE is
 * returned cut, with *cut set, and the rest of it skipped, so memory stays
 * bounded whatever the input. */
#ifndef ASH_INPUT_H
#define ASH_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"

#define ASH_MAX_LINE (1u << 20)

typedef struct ash_input ash_input;

enum ash_compression { ASH_COMP_NONE, ASH_COMP_GZIP, ASH_COMP_ZSTD };

/* Open path for reading.  Returns 0 or ASH_EIO/ASH_EFORMAT. */
int ash_input_open(const char *path, ash_input **out, ash_err *err);
void ash_input_close(ash_input *in);
int ash_input_compression(const ash_input *in);
/* The first bytes of the decompressed content (up to 64 KiB, cut after
 * the last complete line when possible), without consuming them. */
int ash_input_peek(ash_input *in, const char **buf, size_t *n, ash_err *err);
/* Next line: 1 = got one, 0 = end of input, -1 = error (err set).
 * *line stays valid until the next call. */
int ash_input_line(ash_input *in, const char **line, size_t *n, bool *cut,
		   ash_err *err);
/* Read up to n decompressed bytes (binary formats; do not mix with
 * ash_input_line).  Returns the count, 0 at the end, -1 on error. */
long ash_input_read(ash_input *in, void *buf, size_t n, ash_err *err);
/* A read-only stdio stream over the decompressed bytes (for libpcap's
 * pcap_fopen_offline); closing it does not close in. */
FILE *ash_input_stream(ash_input *in);
/* Bytes of the file (compressed) consumed so far, and its size. */
uint64_t ash_input_pos(const ash_input *in);
uint64_t ash_input_size(const ash_input *in);

#endif
