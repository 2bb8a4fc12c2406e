/* SPDX-License-Identifier: MIT */
/* expect.h: the condition a hypothesis's check must meet to confirm it
 * (`--expect`), e.g. "bytes > 10G", "records >= 1", "packets = 0",
 * "records == 0 and findings = 0".
 *
 *   cond   = term { "and" term }          at most ASH_EXPECT_MAX_TERMS
 *   term   = metric op number
 *   metric = records | packets | bytes | findings
 *   op     = ">" | ">=" | "<" | "<=" | "=" | "==" | "!="
 *   number = digits [ "." digits ] [ k | K | M | G | T ]   powers of 1000
 *
 * Blanks between tokens are optional.  The text is untrusted (it comes
 * from a user or a file): any bytes, length capped.  Nothing here prints. */
#ifndef ASH_EXPECT_H
#define ASH_EXPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define ASH_EXPECT_MAX_TERMS 8
#define ASH_EXPECT_MAX_LEN 512

enum ash_expect_metric { ASH_XM_RECORDS, ASH_XM_PACKETS, ASH_XM_BYTES,
			 ASH_XM_FINDINGS, ASH_XM_COUNT_ };
enum ash_expect_op { ASH_XO_GT, ASH_XO_GE, ASH_XO_LT, ASH_XO_LE, ASH_XO_EQ,
		     ASH_XO_NE };

typedef struct ash_expect {
	size_t n;
	struct {
		int metric, op;
		uint64_t value;
	} t[ASH_EXPECT_MAX_TERMS];
} ash_expect;

/* Parse s[0..n).  Errors: ASH_EUSAGE "expect:COL: what was expected",
 * ASH_ELIMIT past the limits; *out is then unspecified. */
int ash_expect_parse(const char *s, size_t n, ash_expect *out, ash_err *err);
/* True when every term holds for v[metric]. */
bool ash_expect_eval(const ash_expect *e, const uint64_t v[ASH_XM_COUNT_]);
/* Canonical text ("bytes > 10000000000 and records >= 1") into buf of
 * cap bytes (truncated); returns the length it needs. */
size_t ash_expect_format(const ash_expect *e, char *buf, size_t cap);
const char *ash_expect_metric_name(int m);

#endif
