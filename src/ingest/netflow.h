/* SPDX-License-Identifier: MIT */
/* netflow.h: decoding flow export datagrams (NetFlow v5, NetFlow v9,
 * IPFIX RFC 7011) into ash_rec, one datagram at a time, keeping the
 * templates and sampling rates each exporter announced.
 *
 * Owns: the decoder state (templates per exporter address+port and
 * observation domain / source id, options data with sampling rates), the
 * verdict on each datagram (records, template-only, rejected with reason).
 * With ash_nf_buffer, data sets that come before their template wait in
 * a bounded buffer and are decoded when it comes (nf_pending.c).
 * Does not: read files or sockets (the "netflow" parser and collect.c do),
 * or print. */
#ifndef ASH_NETFLOW_H
#define ASH_NETFLOW_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/ip.h"
#include "store/record.h"

#define ASH_NF_MAX_TEMPLATES 4096 /* all exporters together; more: refused */
#define ASH_NF_MAX_FIELDS 512     /* per template; more: template refused */
#define ASH_NF_MAX_EXPORTERS 1024 /* sampling state; more: not remembered */
/* Data sets waiting for their template, all exporters together: more and
 * the oldest are dropped (their datagrams rejected, "buffer full"). */
#define ASH_NF_PEND_BYTES (16u << 20) /* set bytes, headers included */
#define ASH_NF_PEND_SETS 65536u

typedef struct ash_nf ash_nf;

/* Called once per decoded flow record; a non-zero return stops the
 * datagram and is returned by ash_nf_datagram (or ash_nf_finish).  r is
 * valid only during the call (strings borrow from the decoder);
 * r->src_line is the unit of the datagram the record came from. */
typedef int (*ash_nf_emit)(void *ctx, const ash_rec *r, ash_err *err);

enum ash_nf_verdict {
	ASH_NF_USED = 0,     /* at least one flow record emitted */
	ASH_NF_SKIPPED = 1,  /* well formed, but no flow records (templates,
			      * options data, empty) */
	ASH_NF_REJECTED = 2, /* malformed or undecodable: see why */
	ASH_NF_PENDING = 3   /* (buffering only) no records yet, some data
			      * sets wait for their template: the verdict
			      * comes later, through the settle callback */
};

/* The verdict of a datagram that was ASH_NF_PENDING, once due: USED
 * when its first record is decoded (the records were emitted), SKIPPED
 * or REJECTED (why: static or decoder-owned text, valid during the call)
 * when its last waiting set is decoded without a flow record, dropped
 * (buffer full) or given up (ash_nf_finish).  raw/n: the bytes of the
 * data set that settled it (set header first), for the rejects file.
 * Called with the ctx and err of the ash_nf_datagram or ash_nf_finish
 * call during which it happens; a non-zero return is returned by it. */
typedef int (*ash_nf_settle)(void *ctx, uint64_t unit, int verdict,
			     const char *why, const uint8_t *raw, size_t n,
			     ash_err *err);

/* What one datagram gave. */
typedef struct ash_nf_result {
	int verdict;          /* enum ash_nf_verdict */
	const char *why;      /* REJECTED (and notes on others): static text */
	uint8_t version;      /* 5, 9 or 10 (0 when not recognised) */
	uint32_t records;     /* flow records emitted */
	uint32_t templates;   /* (options) templates learnt or refreshed */
	uint32_t unknown_sets; /* data sets whose template is not known
				* (not buffered, or dropped: buffer full) */
	uint32_t pending_sets; /* data sets put in the buffer */
	uint32_t bad_records; /* records skipped: no addresses, cut fields */
} ash_nf_result;

/* Totals since ash_nf_new.  Buffered data sets: pending_sets =
 * late_sets + dropped_sets + never_sets + waiting_sets. */
typedef struct ash_nf_stats {
	uint64_t datagrams, records, templates, withdrawn, refused_templates;
	uint64_t unknown_sets, bad_records, options_records;
	uint64_t pending_sets;  /* came before their template: buffered */
	uint64_t late_sets;     /* decoded once their template came */
	uint64_t dropped_sets;  /* dropped, oldest first: buffer full */
	uint64_t never_sets;    /* still waiting at ash_nf_finish */
	uint64_t waiting_sets, waiting_bytes; /* in the buffer now */
} ash_nf_stats;

/* A new decoder with no templates.  Free with ash_nf_free. */
ash_nf *ash_nf_new(void);
/* Frees the decoder and whatever still waits in its buffer (no settle
 * calls: call ash_nf_finish first for those). */
void ash_nf_free(ash_nf *nf);

/* Turn buffering on (off by default: a data set whose template is not
 * known counts in unknown_sets and a datagram with nothing else is
 * rejected).  On: such a set is copied, with what decoding it needs
 * (exporter, domain, export time, sysUptime, unit), into a buffer of at
 * most ASH_NF_PEND_SETS sets and ASH_NF_PEND_BYTES bytes (beyond: the
 * oldest are dropped), and decoded at the end of the datagram that
 * brings its template (see docs/formats.md, netflow).  settle (may be
 * NULL) receives the late verdicts. */
void ash_nf_buffer(ash_nf *nf, ash_nf_settle settle);
/* Lower the buffer's limits (tests, fuzzing): sets and bytes, each at
 * least 1 and at most the defaults above. */
void ash_nf_buffer_limits(ash_nf *nf, uint32_t sets, uint32_t bytes);

/* Decode one datagram (the UDP payload, n bytes) received from exporter
 * (NULL = unknown) UDP port at arrival_us (UTC microseconds; used when
 * the export carries no time); unit is the caller's number for it
 * (packet number), given back as src_line of its records and to settle.
 * Records go to emit with format set to ASH_FMT_NETFLOW5/9 or
 * ASH_FMT_IPFIX; records of earlier, pending datagrams whose template
 * this one brings go to the same emit, after its own.  *res is always
 * filled.  Returns 0, or the error emit or settle returned (the
 * datagram is then partly emitted). */
int ash_nf_datagram(ash_nf *nf, const uint8_t *p, size_t n,
		    const ash_ip *exporter, uint16_t port, int64_t arrival_us,
		    uint64_t unit, ash_nf_emit emit, void *ctx,
		    ash_nf_result *res, ash_err *err);

/* End of the input: every set still waiting is given up (never_sets),
 * and each datagram still PENDING is settled REJECTED, "data set for
 * template N of exporter X domain D: its template never came", oldest
 * first.  The buffer is then empty; the templates stay.  Returns 0 or
 * what settle returned. */
int ash_nf_finish(ash_nf *nf, void *ctx, ash_err *err);

/* Does p look like the start of a v5, v9 or IPFIX datagram?  A cheap
 * header check (version, counts, lengths) for sniffing: 1 or 0. */
int ash_nf_looks_like(const uint8_t *p, size_t n);

const ash_nf_stats *ash_nf_get_stats(const ash_nf *nf);

/* Called with one template-only datagram (bytes valid during the call)
 * and the exporter it is from; non-zero stops the walk. */
typedef int (*ash_nf_tpl_cb)(void *ctx, const ash_ip *exporter,
			     uint16_t port, const uint8_t *p, size_t n);

/* Write every live template of nf as a template-only v9 or IPFIX
 * datagram of its exporter, observation domain and version, so that a
 * fresh decoder fed them first knows what nf knows (the collector puts
 * them at the head of each interval's capture).  Sampling rates are not
 * exported.  Returns 0 or what cb returned. */
int ash_nf_export_templates(const ash_nf *nf, ash_nf_tpl_cb cb, void *ctx);

/* The note of a Cisco NSEL firewall event (1 create, 2 teardown, 3 deny,
 * 4 alert, 5 update; "event" for others) and its extended event code
 * (0: none) into buf: "deny 1001", "teardown".  Shared with the nfcapd
 * reader, whose files keep the same two values.  Returns the length
 * (cut to cap - 1). */
size_t ash_nf_nsel_note(int event, int ext, char *buf, size_t cap);

#endif
