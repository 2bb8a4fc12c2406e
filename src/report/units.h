/* SPDX-License-Identifier: MIT */
/* units.h: numbers as people read them in a report - byte sizes in SI
 * units ("64.8 GB"), counts with thousands separators ("48,983,453"),
 * short counts for chart axes ("49.0 M").  Same digits in every
 * language; the unit names are international symbols.  No locale. */
#ifndef ASH_UNITS_H
#define ASH_UNITS_H

#include <stddef.h>
#include <stdint.h>

#define ASH_UNITS_LEN 32 /* enough for any of the forms below */

/* "0 B", "999 B", "1.0 kB", "64.8 GB", ... (powers of 1000, 3 digits). */
size_t ash_units_bytes(uint64_t v, char *buf, size_t cap);
/* "48,983,453". */
size_t ash_units_count(uint64_t v, char *buf, size_t cap);
/* "999", "1.5 k", "49.0 M", "2.1 G" (powers of 1000). */
size_t ash_units_short(uint64_t v, char *buf, size_t cap);

#endif
