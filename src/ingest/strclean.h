/* SPDX-License-Identifier: MIT */
/* strclean.h: making a borrowed string from a log line safe to store:
 * printable UTF-8 only, bounded length.  Shared by the vendor firewall
 * parsers (asa.c, panos.c, filterlog.c).
 * Does not: allocate (the caller owns the copy buffer) or trim. */
#ifndef ASH_STRCLEAN_H
#define ASH_STRCLEAN_H

#include <stddef.h>

#include "store/record.h"

/* If *s holds a control byte, DEL or invalid UTF-8, or is longer than cap,
 * copy it into buf (cap bytes) with each bad byte replaced by '?' and
 * point *s at buf; otherwise leave *s as it is (no copy). */
void ash_strclean(ash_str *s, char *buf, size_t cap);

#endif
