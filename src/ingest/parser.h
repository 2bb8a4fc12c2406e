/* SPDX-License-Identifier: MIT */
/* parser.h: the interface every source format implements, and the
 * registry of formats with the sniffer that picks one.
 *
 * A parser turns one line of text (without its newline) into one ash_rec,
 * or says that the line is a header/comment (META) or rejects it with a
 * reason.  Parsers never print, never allocate per line, and treat every
 * byte as hostile: lines may hold NUL bytes, invalid UTF-8, any length. */
#ifndef ASH_PARSER_H
#define ASH_PARSER_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/tztime.h"
#include "store/record.h"

typedef struct ash_parse_opts {
	ash_tz *tz;          /* zone of timestamps that carry none (required) */
	int year;            /* year of yearless syslog stamps; 0 = infer */
	int64_t ref_time_us; /* "now" for year inference: file mtime (UTC) */
	const char *csv_map; /* column mapping of the csv format (--map), or NULL */
} ash_parse_opts;

enum ash_line_result {
	ASH_LINE_RECORD = 0, /* *r filled */
	ASH_LINE_META = 1,   /* header, comment or blank: not a record */
	ASH_LINE_REJECT = 2  /* *reason set */
};

/* Binary formats (flow exports, captures, nfcapd files) do not come in
 * lines: such a parser decodes the whole input itself, hands each record
 * to the sink and each undecodable unit (datagram, packet, block) to its
 * reject, and counts its units so that read = used + rejected + skipped
 * (the ingest driver checks it and prints it). */
typedef struct ash_sink {
	void *ctx;
	/* Store one record (copied; r->src_line = byte offset or packet
	 * number of the unit it came from). */
	int (*record)(void *ctx, const ash_rec *r, ash_err *err);
	/* Keep a rejected unit: where (byte offset or number), why, raw
	 * bytes (kept escaped and cut by the store). */
	int (*reject)(void *ctx, uint64_t where, const char *why,
		      const void *raw, size_t n, ash_err *err);
} ash_sink;

typedef struct ash_units {
	const char *name;   /* "packets", "datagrams", "records", ... */
	uint64_t read;      /* units in the input */
	uint64_t used;      /* that went into stored records */
	uint64_t rejected;  /* handed to sink->reject, one call each */
	uint64_t skipped;   /* not records by nature (e.g. a template-only
			     * datagram, a non-IP frame), reason in docs */
} ash_units;

struct ash_input;

typedef struct ash_parser {
	const char *name;   /* "iptables", "zeek" */
	const char *what;   /* one line for --help */
	uint8_t format;     /* enum ash_format recorded with the evidence */
	/* Confidence 0..100 that buf (the first bytes of the input, up to
	 * 64 KiB, cut at a line end) is in this format. */
	int (*sniff)(const char *buf, size_t n);
	/* Parser state for one input; o is borrowed for its lifetime. */
	void *(*open)(const ash_parse_opts *o);
	/* Parse one line.  On ASH_LINE_RECORD *r is filled (strings borrow
	 * from s or from the state until the next call); src_line is set by
	 * the caller.  On ASH_LINE_REJECT *reason points to text owned by the
	 * state, valid until the next call. */
	int (*line)(void *state, const char *s, size_t n, ash_rec *r,
		    const char **reason);
	void (*close)(void *state);
	/* Binary formats only (line is then NULL): decode all of in.  Returns
	 * 0, or an error for the input as a whole (I/O, not a unit). */
	int (*run)(void *state, struct ash_input *in, const ash_sink *sink,
		   ash_units *units, ash_err *err);
} ash_parser;

/* The formats, one per file (ingest/iptables.c, ingest/zeek.c). */
extern const ash_parser ash_iptables_parser;
extern const ash_parser ash_zeek_parser;
extern const ash_parser ash_filterlog_parser; /* ingest/filterlog.c */
extern const ash_parser ash_panos_parser;     /* ingest/panos.c */
extern const ash_parser ash_asa_parser;       /* ingest/asa.c */
extern const ash_parser ash_fortigate_parser; /* ingest/fortigate.c */
extern const ash_parser ash_srx_parser;       /* ingest/srx.c */
extern const ash_parser ash_winfw_parser;     /* ingest/winfw.c */
extern const ash_parser ash_csv_parser;       /* ingest/csvmap.c */
extern const ash_parser ash_nfcapd_parser;    /* ingest/nfcapd.c */

extern const ash_parser ash_pcap_parser;      /* ingest/pcapflow.c */
extern const ash_parser ash_netflow_parser;   /* ingest/netflow_pcap.c */
/* All formats, NULL-terminated. */
extern const ash_parser *const ash_parsers[];
/* Format by name, or NULL. */
const ash_parser *ash_parser_find(const char *name);
/* "iptables, zeek, ..." into buf (cut to cap). */
void ash_parser_names(char *buf, size_t cap);
/* Best format for a sample, or NULL when none scores above 0. */
const ash_parser *ash_parser_sniff(const char *buf, size_t n, int *score);

#endif
