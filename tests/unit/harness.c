/* SPDX-License-Identifier: MIT */
/* harness.c: runs every registered unit test (or those whose name contains
 * argv[1]) and ends with "unit: N passed, N failed". */
#include "harness.h"

#include <ftw.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_TESTS 4096

static struct {
	const char *name, *file;
	ash_test_fn fn;
} tests[MAX_TESTS];
static int ntests, cur_failed, cur_skipped;
static char tmpdirs[512][256];
static int ntmp;

void ash_test_register(const char *name, const char *file, ash_test_fn fn)
{
	if (ntests < MAX_TESTS) {
		tests[ntests].name = name;
		tests[ntests].file = file;
		tests[ntests].fn = fn;
		ntests++;
	}
}

void ash_test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "    %s:%d: check failed: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cur_failed++;
}

void ash_test_skip(const char *why)
{
	fprintf(stderr, "    skipped: %s\n", why);
	cur_skipped = 1;
}

static const char *root(void)
{
	const char *r = getenv("ASH_ROOT");
	return r && *r ? r : ".";
}

const char *ash_test_path(const char *rel)
{
	static char buf[4096];
	snprintf(buf, sizeof buf, "%s/%s", root(), rel);
	return buf;
}

const char *ash_test_shared(const char *rel)
{
	static char buf[4096];
	const char *s = getenv("ASH_SHARED");
	if (s && *s)
		snprintf(buf, sizeof buf, "%s/%s", s, rel);
	else
		snprintf(buf, sizeof buf, "%s/../shared/%s", root(), rel);
	return access(buf, R_OK) == 0 ? buf : NULL;
}

const char *ash_test_tmpdir(void)
{
	if (ntmp >= 512)
		abort();
	char *d = tmpdirs[ntmp];
	snprintf(d, 256, "%s/ash-unit-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(d))
		abort();
	ntmp++;
	return d;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)flag, (void)f;
	return remove(p);
}

static void cleanup_tmp(void)
{
	for (int i = 0; i < ntmp; i++)
		nftw(tmpdirs[i], rm_one, 16, FTW_DEPTH | FTW_PHYS);
	ntmp = 0;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0, skipped = 0;
	for (int i = 0; i < ntests; i++) {
		if (argc > 1 && !strstr(tests[i].name, argv[1]) &&
		    !strstr(tests[i].file, argv[1]))
			continue;
		cur_failed = cur_skipped = 0;
		tests[i].fn();
		cleanup_tmp();
		if (cur_failed) {
			failed++;
			printf("FAIL %s (%s)\n", tests[i].name, tests[i].file);
		} else if (cur_skipped) {
			skipped++;
			printf("skip %s\n", tests[i].name);
		} else {
			passed++;
			if (getenv("ASH_VERBOSE"))
				printf("ok   %s\n", tests[i].name);
		}
	}
	printf("unit: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
