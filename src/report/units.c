/* SPDX-License-Identifier: MIT */
/* units.c: human-readable numbers (see units.h). */
#include "report/units.h"

#include <stdio.h>

/* v scaled by 1000^k with one decimal (3 significant digits above 100),
 * then suffix sfx[k]. */
static size_t scaled(uint64_t v, char *buf, size_t cap,
		     const char *const *sfx, size_t nsfx, const char *one)
{
	int n;
	if (v < 1000) {
		n = snprintf(buf, cap, "%llu%s", (unsigned long long)v, one);
		return n < 0 ? 0 : (size_t)n;
	}
	double x = (double)v;
	size_t k = 0;
	while (x >= 999.95 && k + 1 < nsfx) {
		x /= 1000.0;
		k++;
	}
	if (x >= 99.95)
		n = snprintf(buf, cap, "%.0f %s", x, sfx[k]);
	else
		n = snprintf(buf, cap, "%.1f %s", x, sfx[k]);
	return n < 0 ? 0 : (size_t)n;
}

size_t ash_units_bytes(uint64_t v, char *buf, size_t cap)
{
	static const char *const sfx[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
	return scaled(v, buf, cap, sfx, 7, " B");
}

size_t ash_units_short(uint64_t v, char *buf, size_t cap)
{
	static const char *const sfx[] = {"", "k", "M", "G", "T", "P", "E"};
	return scaled(v, buf, cap, sfx, 7, "");
}

size_t ash_units_count(uint64_t v, char *buf, size_t cap)
{
	char d[24];
	int nd = snprintf(d, sizeof d, "%llu", (unsigned long long)v);
	size_t o = 0;
	for (int i = 0; i < nd && o + 1 < cap; i++) {
		if (i && (nd - i) % 3 == 0 && o + 2 < cap)
			buf[o++] = ',';
		buf[o++] = d[i];
	}
	if (cap)
		buf[o < cap ? o : cap - 1] = '\0';
	return o;
}
