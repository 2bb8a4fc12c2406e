/* SPDX-License-Identifier: MIT */
/* syslog.h: the header of a syslog line, shared by every firewall format
 * that arrives through syslog (iptables today, others later).
 *
 * Owns: the timestamp forms (RFC 3164 "Mar 11 20:35:11" with optional
 * fraction or year, RFC 5424, ISO 8601 / RFC 3339 stamps at line start as
 * written by rsyslog and journalctl -o short-iso[-precise]), the optional
 * <PRI>, host and tag (program) fields, the year of yearless stamps
 * (given, or inferred from a reference time and tracked across New Year)
 * and zone-less stamps (local to a given zone).  A leading "file:" or
 * "file:line:" (grep -H / -n output) is skipped.
 * Does not: interpret the message, allocate, or print. */
#ifndef ASH_SYSLOG_H
#define ASH_SYSLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/tztime.h"
#include "store/record.h"

enum ash_syslog_form {
	ASH_SYSLOG_BSD = 1,  /* RFC 3164 "Mmm dd hh:mm:ss[.frac]" (no zone) */
	ASH_SYSLOG_5424 = 2, /* "<PRI>1 2026-11-24T17:02:11.1+08:00 host app" */
	ASH_SYSLOG_ISO = 3,  /* "2026-11-24T17:02:11[.frac][+08:00] host" */
	ASH_SYSLOG_JOURNAL = 4 /* journalctl -o json (ingest/journal.h) */
};

/* One parsed header.  Strings borrow from the line. */
typedef struct ash_syslog_hdr {
	int64_t t_us;     /* UTC microseconds */
	int32_t tz_off;   /* seconds east: from the stamp, else from the zone */
	int form;         /* enum ash_syslog_form */
	int pri;          /* <PRI> value, -1 when absent */
	ash_str host;     /* n == 0 when absent ("-" in RFC 5424) */
	ash_str tag;      /* program / APP-NAME without "[pid]"; n == 0: none */
	const char *msg;  /* message: after "tag: " (or the structured data) */
	size_t msg_n;
} ash_syslog_hdr;

/* Per-input state: year tracking and a one-entry conversion cache.
 * Embed it in a parser state; no allocation, nothing to free. */
typedef struct ash_syslog {
	ash_tz *tz;         /* zone of zone-less stamps (borrowed; NULL = UTC) */
	int year_given;     /* year of the first yearless stamp, 0 = infer */
	int64_t ref_us;     /* reference "now" for inference (0: wall clock) */
	int year;           /* year in force for yearless stamps, 0 = not yet */
	int64_t last_naive; /* last yearless stamp, local seconds as if UTC */
	bool rolled;        /* the input crossed New Year */
	int64_t c_naive;    /* cache: local seconds -> UTC seconds, offset */
	int64_t c_utc;
	int32_t c_off;
	bool c_valid;
	char k_text[15];    /* cache: last plain "Mmm dd hh:mm:ss" and its */
	int64_t k_us;       /* instant and offset (lines share a second) */
	int32_t k_off;
	bool k_valid;
} ash_syslog;

/* Initialise sl for one input.  tz is borrowed (NULL means UTC); year is
 * the year of the first yearless stamp (0: infer from ref_us, the file's
 * mtime; ref_us 0 means the current time). */
void ash_syslog_init(ash_syslog *sl, ash_tz *tz, int year, int64_t ref_us);

/* Parse the header of line s (n bytes, no newline).  Returns 0 and fills
 * *h, or -1 with *reason (a static string) when the line has no usable
 * header.  The year tracking of sl moves on every valid yearless stamp. */
int ash_syslog_parse(ash_syslog *sl, const char *s, size_t n,
		     ash_syslog_hdr *h, const char **reason);

/* The year that a yearless stamp (month mon, day day, time of day sec_of_day
 * seconds) gets when it is the first of a file whose reference time is
 * ref_sec (UTC seconds): the latest year in which the stamp is not more
 * than one day after ref_sec. */
int ash_syslog_infer_year(int64_t ref_sec, int mon, int day, int sec_of_day);

/* True for lines that carry no record in any syslog export: empty or
 * blank lines and journalctl markers ("-- Logs begin at ... --",
 * "-- Reboot --", "-- No entries --"). */
bool ash_syslog_is_comment(const char *s, size_t n);

#endif
