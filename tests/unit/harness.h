/* SPDX-License-Identifier: MIT */
/* harness.h: the unit test harness.  A test is `TEST(name) { ... }` in any
 * test file under tests/unit; CHECK* record a failure and go on.  Paths to test
 * data: ash_test_path("tests/data/x") (repo root) and
 * ash_test_shared("data/psad-iptables/x") (../shared; NULL when absent). */
#ifndef ASH_HARNESS_H
#define ASH_HARNESS_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef void (*ash_test_fn)(void);
void ash_test_register(const char *name, const char *file, ash_test_fn fn);
void ash_test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Skip the current test with a reason (counted and printed, not passed). */
void ash_test_skip(const char *why);
const char *ash_test_path(const char *rel);   /* static buffer */
const char *ash_test_shared(const char *rel); /* NULL if not present */
/* A fresh empty temporary directory for this test (removed at exit). */
const char *ash_test_tmpdir(void);

#define TEST(name)                                                        \
	static void test_##name(void);                                    \
	__attribute__((constructor)) static void reg_##name(void)         \
	{                                                                 \
		ash_test_register(#name, __FILE__, test_##name);          \
	}                                                                 \
	static void test_##name(void)

#define CHECK(c)                                                          \
	do {                                                              \
		if (!(c))                                                 \
			ash_test_fail(__FILE__, __LINE__, "%s", #c);      \
	} while (0)

#define CHECK_INT(a, b)                                                   \
	do {                                                              \
		long long a_ = (long long)(a), b_ = (long long)(b);       \
		if (a_ != b_)                                             \
			ash_test_fail(__FILE__, __LINE__,                 \
				      "%s == %s (%lld != %lld)", #a, #b,  \
				      a_, b_);                            \
	} while (0)

#define CHECK_STR(a, b)                                                   \
	do {                                                              \
		const char *a_ = (a), *b_ = (b);                          \
		if (!a_ || !b_ || strcmp(a_, b_) != 0)                    \
			ash_test_fail(__FILE__, __LINE__,                 \
				      "%s == %s (\"%s\" != \"%s\")", #a,  \
				      #b, a_ ? a_ : "(null)",             \
				      b_ ? b_ : "(null)");                \
	} while (0)

#endif
