/* SPDX-License-Identifier: MIT */
/* tally.h: the detectors' common first pass - sums of records, bytes and
 * packets (each direction), TCP completion and first/last time, grouped
 * by a key made of the source and/or destination address, a port and the
 * protocol, over the rows a filter selects, optionally only rows whose
 * source (destination) is or is not one of the site's own addresses.
 * Result: an ash_htab from ash_tkey to ash_tval. */
#ifndef ASH_TALLY_H
#define ASH_TALLY_H

#include "detect/detect.h"
#include "detect/htab.h"

enum ash_tally_flag {
	ASH_T_SRC = 1u << 0,     /* key has the source address (a) */
	ASH_T_DST = 1u << 1,     /* key has the destination (b) */
	ASH_T_DPORT = 1u << 2,   /* key has the destination port */
	ASH_T_SPORT = 1u << 3,   /* key has the source port */
	ASH_T_PROTO = 1u << 4,   /* key has the protocol */
	ASH_T_OWN_SRC = 1u << 5, /* only rows with an own source */
	ASH_T_OWN_DST = 1u << 6, /* only rows with an own destination */
	ASH_T_OUT_SRC = 1u << 7, /* only rows with an outside source */
	ASH_T_OUT_DST = 1u << 8, /* only rows with an outside destination */
	ASH_T_BUCKET = 1u << 9   /* key.port = survey time bucket of the row
				  * (instead of a port) */
};

typedef struct ash_tkey {
	ash_ip a, b;
	uint16_t port;
	uint8_t proto;
	uint8_t pad[5];
} ash_tkey;

typedef struct ash_tval {
	uint64_t records;
	uint64_t obytes, rbytes, opkts, rpkts;
	uint64_t counted;    /* records that carry packet counts */
	uint64_t bi_obytes, bi_rbytes; /* bytes of records carrying both
					* directions' byte counts */
	uint64_t syn_only;   /* TCP flow records half-open: SYN without ACK,
			      * or only one or two bare SYNs (<= 80 bytes
			      * a packet) from the originator */
	uint64_t completed;  /* TCP flow records: SYN and ACK, not half-open */
	uint64_t denied;     /* action deny or drop */
	uint64_t one_way;    /* records with packets out and none back
			      * (bidirectional formats only) */
	int64_t first, last; /* start times */
	int64_t dur;         /* summed durations of records with an end, us */
} ash_tval;

/* Tally the window's rows matching filter (NULL = all) into *out
 * (ash_htab_free).  max_keys 0 = the htab default. */
int ash_tally(const ash_detect_ctx *x, const char *filter, unsigned flags,
	      size_t max_keys, ash_htab **out, ash_err *err);

/* Row test applied after the filter and the own/outside flags (for what
 * the filter language cannot say cheaply: a port set, an indicator
 * list).  Called from several threads. */
typedef bool (*ash_tally_keep_fn)(const void *ctx, const ash_batch *b, size_t i);
int ash_tally_ex(const ash_detect_ctx *x, const char *filter, unsigned flags,
		 ash_tally_keep_fn keep, const void *kctx, size_t max_keys,
		 ash_htab **out, ash_err *err);

/* Everything at once.  src_in / dst_in (ash_htab keyed by ash_ip, any
 * value; NULL = any address): only rows whose source / destination is in
 * the set - tested once per address of a chunk's dictionary, far cheaper
 * than a filter naming many hosts. */
typedef struct ash_tally_opts {
	const char *filter;
	unsigned flags;
	ash_tally_keep_fn keep;
	const void *kctx;
	const ash_htab *src_in, *dst_in;
	size_t max_keys;
} ash_tally_opts;
int ash_tally_run(const ash_detect_ctx *x, const ash_tally_opts *o,
		  ash_htab **out, ash_err *err);

/* n tallies in one scan of the rows matching filter (each o[i].filter is
 * ignored: use keep predicates); out[i] gets each table. */
int ash_tally_many(const ash_detect_ctx *x, const char *filter,
		   const ash_tally_opts *o, size_t n, ash_htab **out, ash_err *err);

/* Per address of b's dictionary: 1 when in set (ash_htab keyed by ash_ip)
 * into flags (b->naddrs bytes). */
void ash_tally_set_flags(const ash_htab *set, const ash_batch *b, uint8_t *flags);

/* What a group sent: originator packets when the records count them,
 * else records (one packet per firewall line). */
static inline uint64_t ash_tval_units(const ash_tval *v)
{
	return v->counted ? v->opkts : v->records;
}

/* Fold b into a (same key). */
void ash_tval_merge(void *a, const void *b);

#endif
