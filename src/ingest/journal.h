/* SPDX-License-Identifier: MIT */
/* journal.h: one line of `journalctl -o json` output read as a syslog
 * header (ingest/syslog.h), so that syslog-borne formats also accept
 * journald's JSON export.
 *
 * Owns: the fields __REALTIME_TIMESTAMP (UTC microseconds), _HOSTNAME,
 * SYSLOG_IDENTIFIER and MESSAGE (a string, or an array of byte values
 * when journald stored non-UTF-8 text).  Does not: read other fields,
 * or keep the JSON: the strings are copied into a caller-owned buffer. */
#ifndef ASH_JOURNAL_H
#define ASH_JOURNAL_H

#include <stddef.h>

#include "core/tztime.h"
#include "ingest/syslog.h"

#define ASH_JOURNAL_MSG_MAX 8192 /* longer MESSAGEs are rejected */

/* Where the strings of a parsed entry live (embed in a parser state). */
typedef struct ash_journal_buf {
	char msg[ASH_JOURNAL_MSG_MAX];
	char host[256];
	char tag[64];
} ash_journal_buf;

/* Parse one JSON object line s (n bytes).  tz gives tz_off (the zone's
 * offset at that instant; NULL = UTC).  Returns 0 with *h filled, its
 * strings pointing into *b (valid until b is reused), or -1 with a static
 * *reason. */
int ash_journal_parse(const char *s, size_t n, ash_tz *tz, ash_journal_buf *b,
		      ash_syslog_hdr *h, const char **reason);

#endif
