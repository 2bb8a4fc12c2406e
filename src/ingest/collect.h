/* SPDX-License-Identifier: MIT */
/* collect.h: live collection: receive flow exports (NetFlow v5/v9,
 * IPFIX) or syslog lines on a UDP socket and commit them to the store
 * every interval, each interval as one evidence file ingested in one
 * transaction (a pcap of the export datagrams, or the syslog lines as a
 * text file), so a crash loses at most the interval being received and
 * every committed record has its original bytes in evidence/. */
#ifndef ASH_COLLECT_H
#define ASH_COLLECT_H

#include <signal.h>
#include <stdint.h>

#include "core/err.h"
#include "ingest/ingest.h"
#include "store/store.h"

#define ASH_COLLECT_MAX_BYTES (64u << 20) /* per interval: more ends it early */
#define ASH_COLLECT_MAX_DGRAMS 1000000u   /* likewise */
/* Datagrams whose data waits for a template are held back for the next
 * interval for at most this long and this many bytes in all; at the stop
 * they are committed (and rejected if their template never came). */
#define ASH_COLLECT_CARRY_SECS 3600
#define ASH_COLLECT_CARRY_BYTES (16u << 20)

typedef struct ash_collect_status {
	uint64_t interval;       /* 1, 2, ...; 0 = a leftover spool file */
	uint64_t datagrams;      /* written in the interval's file */
	uint64_t bytes;          /* their payload bytes */
	const ash_ingest_result *res; /* NULL when nothing was written */
	uint64_t held;           /* datagrams held back for the next interval
				  * (their data waits for a template) */
} ash_collect_status;

typedef struct ash_collect_opts {
	/* "udp://ADDR:PORT" (flow exports) or "syslog+udp://ADDR:PORT";
	 * ADDR is an IPv4 literal or [IPv6] literal. */
	const char *listen;
	int64_t interval_ms;        /* > 0 */
	ash_ingest_opts ingest;     /* site, tz, year; format: syslog only */
	const char *spool;          /* directory for interval files (exists) */
	const char *evdir;          /* CASE/evidence */
	volatile sig_atomic_t *stop; /* set by a signal handler: finish */
	/* once bound (addr = the listen text), and after every interval */
	void (*ready)(void *ctx, const char *addr);
	void (*status)(void *ctx, const ash_collect_status *st);
	void *ctx;
} ash_collect_opts;

/* Check a --listen value without opening anything: 0 or ASH_EUSAGE. */
int ash_collect_check_listen(const char *listen, ash_err *err);

/* Ingest leftover interval files of a previous run, then receive until
 * *stop, committing every interval and the last partial one.  Returns 0,
 * or an error (socket, store) after committing what it could. */
int ash_collect_run(ash_store *s, const ash_collect_opts *o, ash_err *err);

#endif
