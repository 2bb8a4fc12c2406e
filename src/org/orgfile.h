/* SPDX-License-Identifier: MIT */
/* orgfile.h: whole-file reads with a size cap for the organisation layer
 * (org.yaml, framework files, answer files).  Knows no format. */
#ifndef ASH_ORGFILE_H
#define ASH_ORGFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Read all of path ("-" = standard input) into a malloc'd buffer with a
 * NUL after the last byte (*n excludes it).  ASH_EIO when it cannot be
 * read, ASH_ELIMIT when it holds more than cap bytes.  *buf owned by the
 * caller; untouched on error. */
int ash_orgfile_read(const char *path, size_t cap, char **buf, size_t *n,
		     ash_err *err);
/* True when path names an existing regular file. */
bool ash_orgfile_exists(const char *path);

#endif
