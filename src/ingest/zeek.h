/* SPDX-License-Identifier: MIT */
/* zeek.h: internals of the "zeek" format shared by its two readers,
 * TSV (zeek.c) and JSON lines (zeek_json.c).
 *
 * A reader collects the values of one conn.log entry into an
 * ash_zeek_conn (text values through ash_zeek_conn_text, JSON numbers
 * through ash_zeek_conn_int / _real), then ash_zeek_conn_record turns
 * them into an ash_rec.  Only the fields below are read; every other
 * column or key (uid, service, local_orig, label, ...) is ignored.
 * Nothing here allocates or prints. */
#ifndef ASH_ZEEK_H
#define ASH_ZEEK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ip.h"
#include "store/record.h"

/* conn.log fields that ashiato reads. */
enum ash_zeek_field {
	ASH_ZF_TS,
	ASH_ZF_ORIG_H,
	ASH_ZF_ORIG_P,
	ASH_ZF_RESP_H,
	ASH_ZF_RESP_P,
	ASH_ZF_PROTO,
	ASH_ZF_DURATION,
	ASH_ZF_ORIG_BYTES, /* payload bytes (from TCP sequence numbers) */
	ASH_ZF_RESP_BYTES,
	ASH_ZF_ORIG_IP_BYTES, /* IP-level bytes (headers included) */
	ASH_ZF_RESP_IP_BYTES,
	ASH_ZF_ORIG_PKTS,
	ASH_ZF_RESP_PKTS,
	ASH_ZF_HISTORY,
	ASH_ZF_CONN_STATE, /* not stored: marks a conn log */
	ASH_ZF_COUNT
};

#define ASH_ZF_BIT(f) (1u << (f))
/* The fields every record needs, and those that only conn.log has. */
#define ASH_ZF_REQUIRED \
	(ASH_ZF_BIT(ASH_ZF_TS) | ASH_ZF_BIT(ASH_ZF_ORIG_H) | ASH_ZF_BIT(ASH_ZF_RESP_H))
#define ASH_ZF_CONN_ONLY                                                    \
	(ASH_ZF_BIT(ASH_ZF_CONN_STATE) | ASH_ZF_BIT(ASH_ZF_DURATION) |      \
	 ASH_ZF_BIT(ASH_ZF_ORIG_BYTES) | ASH_ZF_BIT(ASH_ZF_ORIG_IP_BYTES) |  \
	 ASH_ZF_BIT(ASH_ZF_ORIG_PKTS) | ASH_ZF_BIT(ASH_ZF_HISTORY))

/* The values of one entry. */
typedef struct ash_zeek_conn {
	uint32_t present; /* ASH_ZF_BIT: field exists (column or key) */
	uint32_t seen;    /* ASH_ZF_BIT: field has a value */
	int64_t ts_us, dur_us;
	int32_t tz_off;   /* offset of an ISO 8601 ts */
	bool has_off;
	ash_ip orig_h, resp_h;
	uint32_t orig_p, resp_p;
	int proto;        /* 6, 17, 1 (icmp, either family) or 0 (unknown) */
	uint64_t cnt[6];  /* ORIG_BYTES .. RESP_PKTS, indexed f - ORIG_BYTES */
	uint8_t flags;    /* from history */
} ash_zeek_conn;

/* Field id of a column / key name (n bytes), or -1 when not read. */
int ash_zeek_conn_field(const char *name, size_t n);

/* "bad <field name>" (static), the reject reason for a bad value of f. */
const char *ash_zeek_conn_bad(int f);

/* Start a new entry whose existing fields are `present`. */
void ash_zeek_conn_reset(ash_zeek_conn *c, uint32_t present);

/* Set field f from its text (TSV column or JSON string).  Returns 0, or
 * -1 with *reason = "bad <field>" (static). */
int ash_zeek_conn_text(ash_zeek_conn *c, int f, const char *s, size_t n,
		       const char **reason);

/* Set field f from a JSON integer or real. */
int ash_zeek_conn_int(ash_zeek_conn *c, int f, int64_t v, const char **reason);
int ash_zeek_conn_real(ash_zeek_conn *c, int f, double v, const char **reason);

/* Build the record (format left to the caller).  Returns 0, or -1 with a
 * static *reason ("missing ts", ...). */
int ash_zeek_conn_record(const ash_zeek_conn *c, ash_rec *r,
			 const char **reason);

/* One Zeek JSON line (zeek_json.c): 0 and *r filled, or -1 and *reason. */
int ash_zeek_json_line(const char *s, size_t n, ash_rec *r,
		       const char **reason);

#endif
