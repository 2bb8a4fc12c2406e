/* SPDX-License-Identifier: MIT */
/* checkref.c: telling a filter from a detector reference (checkref.h). */
#include "case/checkref.h"

#include <string.h>

static bool kind_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

int ash_checkref_parse(const char *s, size_t n, ash_checkref *out, ash_err *err)
{
	static const char pre[] = "finding:";
	const size_t np = sizeof pre - 1;
	memset(out, 0, sizeof *out);
	if (n < np || memcmp(s, pre, np) != 0)
		return ASH_OK;
	out->detector = true;
	size_t i = np, k = 0;
	while (i < n && kind_char(s[i]) && k < ASH_CHECKREF_KIND_MAX - 1)
		out->kind[k++] = s[i++];
	if (k == 0 || (i < n && s[i] != ':'))
		return ash_errf(err, ASH_EUSAGE, "verify: expected finding:KIND[:HOST] "
				"with KIND in a-z, 0-9, _ (at most %d)",
				ASH_CHECKREF_KIND_MAX - 1);
	if (i == n)
		return ASH_OK;
	i++;
	if (ash_ip_parse(s + i, n - i, &out->host) != 0)
		return ash_errf(err, ASH_EUSAGE, "verify: '%.*s' after the kind is not "
				"an IP address", (int)(n - i > 64 ? 64 : n - i), s + i);
	out->has_host = true;
	return ASH_OK;
}
