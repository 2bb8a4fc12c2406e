/* SPDX-License-Identifier: MIT */
/* csvmap.h: the column mapping of the generic "csv" format (--map SPEC),
 * checked before an ingest starts so that a bad mapping is a usage error
 * and not a file of rejects.  The parser itself is ash_csv_parser
 * (parser.h); the mapping reaches it through ash_parse_opts.csv_map. */
#ifndef ASH_CSVMAP_H
#define ASH_CSVMAP_H

#include "core/err.h"

/* Check a mapping "time=0,src=2,dst=3,..." or "time=Timestamp,src=Source
 * IP,...".  Keys: time src dst (required), end sport dport proto bytes
 * (obytes) rbytes packets (opackets) rpackets action rule in out device,
 * and sep=tab|;|| for the separator.  Values: a 0-based column number or
 * a header name (matched without case; no ',' or '=' in it).  Returns 0
 * or ASH_EUSAGE with the reason in err. */
int ash_csvmap_check(const char *spec, ash_err *err);

#endif
