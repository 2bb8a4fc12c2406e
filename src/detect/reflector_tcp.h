/* SPDX-License-Identifier: MIT */
/* reflector_tcp.h: the TCP side of the reflector detector - an own TCP
 * service whose SYN-ACKs answer SYNs carrying a victim's forged address
 * (SYN-ACK reflection).  detect_reflector.c runs it: pass 1 is a pair of
 * tallies that join the reflector's one scan of the store (they keep
 * half-open responses only, few rows in ordinary traffic); pass 2 reads
 * the suspect ports' traffic only; then the findings.  Does not look at
 * UDP (detect_reflector.c) nor at own hosts that send SYNs (dos_source). */
#ifndef ASH_REFLECTOR_TCP_H
#define ASH_REFLECTOR_TCP_H

#include "detect/detect.h"
#include "detect/htab.h"
#include "detect/tally.h"

/* How many tallies pass 1 adds to the caller's scan. */
#define ASH_RTCP_NTALLY 2

/* Filter text for the TCP rows pass 1 reads (a superset: the keep tests
 * decide). */
#define ASH_RTCP_ROWS "tcp and flags SA and not flags P and not flags F"

/* Pass 1: fill o[0..ASH_RTCP_NTALLY) with the tallies to run in the
 * caller's scan.  Their keep tests select TCP rows themselves: the scan's
 * filter must let the rows of ASH_RTCP_ROWS through. */
void ash_reflector_tcp_tallies(ash_tally_opts *o);

/* Pass 2 and the findings, from the tables pass 1 filled (t[0..
 * ASH_RTCP_NTALLY), borrowed, left unchanged).  Appends "reflector"
 * findings and notes to out.  Returns ASH_OK or the error of the pass 2
 * scan (findings of other ports may then be in out already). */
int ash_reflector_tcp_find(const ash_detect_ctx *x, ash_htab *const *t,
			   ash_findings *out, ash_err *err);

#endif
