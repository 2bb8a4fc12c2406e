/* SPDX-License-Identifier: MIT */
/* fuzz_expect.c: the texts of a hypothesis's check on arbitrary bytes:
 * the --expect condition (case/expect.h) and the --verify detector
 * reference (case/checkref.h).  Besides "no crash", checks that the
 * canonical text of a condition that parses parses again to the same
 * terms, and that evaluation is total. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "case/checkref.h"
#include "case/expect.h"

static void same(const ash_expect *a, const ash_expect *b)
{
	if (a->n != b->n)
		abort();
	for (size_t i = 0; i < a->n; i++)
		if (a->t[i].metric != b->t[i].metric || a->t[i].op != b->t[i].op ||
		    a->t[i].value != b->t[i].value)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	ash_expect e, e2;
	ash_checkref r;
	ash_err err;
	char canon[ASH_EXPECT_MAX_LEN * 4];
	ash_checkref_parse(s, size, &r, &err);
	if (ash_expect_parse(s, size, &e, &err) != 0)
		return 0;
	size_t n = ash_expect_format(&e, canon, sizeof canon);
	if (n >= sizeof canon || ash_expect_parse(canon, n, &e2, &err) != 0)
		abort();
	same(&e, &e2);
	uint64_t v[ASH_XM_COUNT_] = {0, 1, UINT64_MAX, 1000};
	(void)ash_expect_eval(&e, v);
	return 0;
}
