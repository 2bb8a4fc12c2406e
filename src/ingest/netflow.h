/* SPDX-License-Identifier: MIT */
/* netflow.h: decoding flow export datagrams (NetFlow v5, NetFlow v9,
 * IPFIX RFC 7011) into ash_rec, one datagram at a time, keeping the
 * templates and sampling rates each exporter announced.
 *
 * Owns: the decoder state (templates per exporter address+port and
 * observation domain / source id, options data with sampling rates), the
 * verdict on each datagram (records, template-only, rejected with reason).
 * Does not: read files or sockets (the "netflow" parser and collect.c do),
 * buffer data that arrives before its template (such data sets are
 * counted, and a datagram with nothing else is rejected), or print. */
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

typedef struct ash_nf ash_nf;

/* Called once per decoded flow record; a non-zero return stops the
 * datagram and is returned by ash_nf_datagram.  r is valid only during
 * the call (strings borrow from the decoder). */
typedef int (*ash_nf_emit)(void *ctx, const ash_rec *r, ash_err *err);

enum ash_nf_verdict {
	ASH_NF_USED = 0,     /* at least one flow record emitted */
	ASH_NF_SKIPPED = 1,  /* well formed, but no flow records (templates,
			      * options data, empty) */
	ASH_NF_REJECTED = 2  /* malformed or undecodable: see why */
};

/* What one datagram gave. */
typedef struct ash_nf_result {
	int verdict;          /* enum ash_nf_verdict */
	const char *why;      /* REJECTED (and notes on others): static text */
	uint8_t version;      /* 5, 9 or 10 (0 when not recognised) */
	uint32_t records;     /* flow records emitted */
	uint32_t templates;   /* (options) templates learnt or refreshed */
	uint32_t unknown_sets; /* data sets whose template is not known */
	uint32_t bad_records; /* records skipped: no addresses, cut fields */
} ash_nf_result;

/* Totals since ash_nf_new. */
typedef struct ash_nf_stats {
	uint64_t datagrams, records, templates, withdrawn, refused_templates;
	uint64_t unknown_sets, bad_records, options_records;
} ash_nf_stats;

/* A new decoder with no templates.  Free with ash_nf_free. */
ash_nf *ash_nf_new(void);
void ash_nf_free(ash_nf *nf);

/* Decode one datagram (the UDP payload, n bytes) received from exporter
 * (NULL = unknown) UDP port at arrival_us (UTC microseconds; used when
 * the export carries no time).  Records go to emit with format set to
 * ASH_FMT_NETFLOW5/9 or ASH_FMT_IPFIX and src_line = 0 (the caller sets
 * provenance).  *res is always filled.  Returns 0, or the error emit
 * returned (the datagram is then partly emitted). */
int ash_nf_datagram(ash_nf *nf, const uint8_t *p, size_t n,
		    const ash_ip *exporter, uint16_t port, int64_t arrival_us,
		    ash_nf_emit emit, void *ctx, ash_nf_result *res,
		    ash_err *err);

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
