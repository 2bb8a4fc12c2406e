/* SPDX-License-Identifier: MIT */
/* err.c: formatting of ash_err messages (see err.h). */
#include "core/err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ash_errf(ash_err *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
		err->code = code;
	}
	return code;
}

int ash_errno(ash_err *err, int code, const char *fmt, ...)
{
	int saved = errno;
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < sizeof err->msg)
			snprintf(err->msg + n, sizeof err->msg - (size_t)n, ": %s",
				 strerror(saved));
		err->code = code;
	}
	return code;
}

void ash_err_prefix(ash_err *err, const char *prefix)
{
	if (!err || !prefix)
		return;
	size_t cap = sizeof err->msg, pl = strlen(prefix), ml = strlen(err->msg);
	if (pl + 2 >= cap)
		pl = cap - 3;
	if (pl + 2 + ml >= cap)
		ml = cap - 1 - pl - 2;
	memmove(err->msg + pl + 2, err->msg, ml);
	memcpy(err->msg, prefix, pl);
	err->msg[pl] = ':';
	err->msg[pl + 1] = ' ';
	err->msg[pl + 2 + ml] = '\0';
}

const char *ash_code_name(int code)
{
	static const char *names[] = {"ok", "io", "format", "usage", "corrupt",
				      "notfound", "exists", "limit", "internal"};
	if (code < 0 || (size_t)code >= sizeof names / sizeof names[0])
		return "unknown";
	return names[code];
}
