/* SPDX-License-Identifier: MIT */
/* orgfile.c: whole-file reads with a cap (orgfile.h). */
#include "org/orgfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/xalloc.h"

int ash_orgfile_read(const char *path, size_t cap, char **buf, size_t *n,
		     ash_err *err)
{
	bool is_stdin = !strcmp(path, "-");
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f)
		return ash_errno(err, ASH_EIO, "%s", path);
	size_t len = 0, size = 4096;
	char *b = ash_malloc(size + 1);
	int rc = ASH_OK;
	for (;;) {
		if (len == size) {
			if (size > cap) {
				rc = ash_errf(err, ASH_ELIMIT,
					      "%s: larger than %zu bytes", path, cap);
				goto out;
			}
			size = size * 2 > cap + 1 ? cap + 1 : size * 2;
			b = ash_realloc(b, size + 1);
		}
		size_t r = fread(b + len, 1, size - len, f);
		len += r;
		if (r == 0) {
			if (ferror(f))
				rc = ash_errno(err, ASH_EIO, "%s: read", path);
			break;
		}
	}
	if (!rc && len > cap)
		rc = ash_errf(err, ASH_ELIMIT, "%s: larger than %zu bytes", path, cap);
out:
	if (!is_stdin)
		fclose(f);
	if (rc) {
		free(b);
		return rc;
	}
	b[len] = '\0';
	*buf = b;
	*n = len;
	return ASH_OK;
}

bool ash_orgfile_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}
