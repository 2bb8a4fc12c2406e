/* SPDX-License-Identifier: MIT */
/* tztime.h: civil time, IANA time zones and the text forms of instants.
 *
 * Instants are int64 microseconds since 1970-01-01T00:00:00Z.  Zones come
 * from the system tz database (tzdata) through libc; offsets are cached per
 * 15 minutes, so converting a sorted log costs a table lookup per line.
 * Local times that do not exist (spring-forward gap) are read with the
 * offset in force before the gap (they move forward); local times that
 * occur twice (fall-back) resolve to the first occurrence.
 * Conversions are serialised internally (libc keeps one TZ per process). */
#ifndef ASH_TZTIME_H
#define ASH_TZTIME_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

typedef struct ash_civil {
	int year, mon, day;   /* mon 1..12, day 1..31 */
	int hour, min, sec;   /* sec 0..60 (60 read as 59 + 1 s) */
	int usec;             /* 0..999999 */
} ash_civil;

typedef struct ash_tz ash_tz;

/* Open zone name ("UTC", "Asia/Singapore", ...).  Unknown names give
 * ASH_ENOTFOUND with the name in the message. */
int ash_tz_open(const char *name, ash_tz **out, ash_err *err);
void ash_tz_free(ash_tz *tz);
const char *ash_tz_name(const ash_tz *tz);
/* UTC offset (seconds east) in force at instant utc_sec. */
int32_t ash_tz_offset_at(ash_tz *tz, int64_t utc_sec);
/* Local civil time in tz to UTC seconds; *off gets the offset used. */
int64_t ash_tz_local_to_utc(ash_tz *tz, const ash_civil *c, int32_t *off);

/* Proleptic Gregorian helpers (no zone). */
int64_t ash_civil_to_epoch(const ash_civil *c); /* seconds, as if UTC */
void ash_epoch_to_civil(int64_t sec, ash_civil *c);
int ash_days_in_month(int year, int mon);

/* Text form of an instant: "2026-11-24T17:02:11Z" (tz NULL or UTC) or
 * "2026-11-25T01:02:11+08:00".  frac = 0, 3 or 6 digits of fraction.
 * buf holds ASH_TIME_STRLEN bytes; returns the length. */
#define ASH_TIME_STRLEN 40
size_t ash_time_format(int64_t us, ash_tz *tz, int frac, char *buf);

/* Parse an ISO 8601 / RFC 3339 instant "YYYY-MM-DD[T ]hh:mm[:ss[.frac]]"
 * with optional "Z" or "+hh[:]mm"; a date alone means midnight.  Without
 * an offset the time is local to dflt (UTC if NULL).  Returns 0 or -1.
 * *off gets the offset (given or derived). */
int ash_time_parse_iso(const char *s, size_t n, ash_tz *dflt, int64_t *us,
		       int32_t *off);

/* Parse a duration "90s", "15m", "2h", "1d", "1w", "500ms" or plain
 * seconds into microseconds.  Returns 0 or -1. */
int ash_duration_parse(const char *s, size_t n, int64_t *us);

#endif
