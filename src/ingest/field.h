/* SPDX-License-Identifier: MIT */
/* field.h: values of the fields of text firewall logs (FortiGate, SRX,
 * Windows Firewall, generic CSV), shared by those parsers.
 *
 * Owns: decimal numbers with range checks, protocol numbers and names,
 * the generic action words, epoch stamps whose unit is told by their
 * magnitude, the date/time forms of those logs and UTC offsets such as
 * "+0800".
 * Does not: split lines into fields, allocate, or print.  Every function
 * reads exactly the n bytes it is given (no NUL needed) and leaves its
 * outputs untouched on failure. */
#ifndef ASH_FIELD_H
#define ASH_FIELD_H

#include <stddef.h>
#include <stdint.h>

#include "core/tztime.h"
#include "store/record.h"

/* Decimal digits only, 0..max.  Returns 0, -1 (not a number) or -2 (out
 * of range). */
int ash_field_uint(const char *s, size_t n, uint64_t max, uint64_t *out);

/* Protocol as a number 0..255 or a name (tcp, udp, icmp, icmpv6,
 * ipv6-icmp, sctp, gre, esp, ah, igmp, ...; any case).  0 or -1. */
int ash_field_proto(const char *s, size_t n, uint8_t *out);

/* Generic action words (allow, accept(ed), permit(ted), pass, deny,
 * denied, reject(ed), drop(ped), block(ed), discard(ed); any case).
 * ASH_ACT_UNKNOWN for anything else. */
uint8_t ash_field_action(const char *s, size_t n);

/* Epoch number, optionally with a fraction ("1764003731.25"); the unit of
 * an integer is told by its magnitude: below 1e11 seconds, below 1e14
 * milliseconds, below 1e17 microseconds, else nanoseconds.  0 or -1. */
int ash_field_epoch(const char *s, size_t n, int64_t *us);

/* UTC offset "+0800", "+08:00", "-05", "Z" to seconds east.  0 or -1. */
int ash_field_tzoff(const char *s, size_t n, int32_t *off);

/* A timestamp in any of the forms of these logs: an epoch number (see
 * ash_field_epoch), ISO 8601 "2026-11-24[T ]17:02:11[.frac][Z|+hh:mm]",
 * or the same with slashes "2026/11/24 17:02:11".  Stamps without an
 * offset are local to tz (UTC when NULL).  *off gets the offset given or
 * derived (0 for epoch numbers when tz is NULL).  0 or -1. */
int ash_field_time(const char *s, size_t n, ash_tz *tz, int64_t *us,
		   int32_t *off);

#endif
