/* SPDX-License-Identifier: MIT */
/* emit_zeek.h: conn.log in Zeek's TSV form, with the full header
 * (#separator ... #fields ... #types) and the #close line.  One record per
 * accepted flow (the sensor mirrors the firewall's inside interfaces, so
 * drops never reach it); bytes and packets in both directions; one-packet
 * connections have duration and byte counts unset ("-") as Zeek writes
 * them.  Does not decide what traffic exists (flows.c). */
#ifndef ASH_EMIT_ZEEK_H
#define ASH_EMIT_ZEEK_H

#include <stdint.h>

#include "core/tztime.h"
#include "gen/flows.h"
#include "gen/wbuf.h"

typedef struct ash_emit_zeek {
	ash_wbuf *w;      /* borrowed */
	uint64_t records; /* data lines written */
} ash_emit_zeek;

/* Write the header; open_us is the #open time (printed in tz local). */
void ash_emit_zeek_header(ash_emit_zeek *e, ash_wbuf *w, ash_tz *tz,
			  int64_t open_us);
/* Append the record of flow f (f->drop must be 0). */
void ash_emit_zeek_flow(ash_emit_zeek *e, const ash_flow *f);
/* Write "#close ..." (tz local). */
void ash_emit_zeek_footer(ash_emit_zeek *e, ash_tz *tz, int64_t close_us);

#endif
