/* SPDX-License-Identifier: MIT */
/* report_int.h: inside the report - what report.c gathers (rep), the
 * document writer every section writes through (doc: report_html.c and
 * report_md.c implement it), and the helpers the sections share.
 * A section is written once, against doc; the two formats differ only
 * in their doc_ops. */
#ifndef ASH_REPORT_INT_H
#define ASH_REPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "case/timeline.h"
#include "core/tztime.h"
#include "report/fwrules.h"
#include "report/i18n.h"
#include "report/report.h"

/* ---- the document writer ---------------------------------------- */

typedef struct doc doc;
typedef struct doc_ops {
	void (*begin)(doc *d, const char *title);
	void (*end)(doc *d);
	void (*heading)(doc *d, int level, const char *anchor, const char *text);
	void (*para)(doc *d, bool open);          /* <p> ... </p> */
	void (*list)(doc *d, bool open);          /* <ul> ... </ul> */
	void (*item)(doc *d, bool open);          /* <li> ... </li> */
	void (*table)(doc *d, const char *const *heads, size_t n); /* begins */
	void (*table_end)(doc *d);
	void (*row)(doc *d, bool open);
	void (*cell)(doc *d, bool open);
	void (*strong)(doc *d, bool open);
	void (*code)(doc *d, const char *s);      /* inline code (a filter) */
	void (*badge)(doc *d, const char *cls, const char *text);
	void (*pre)(doc *d, const char *s);       /* generated block (rules) */
	void (*svg)(doc *d, const char *svg);     /* NULL: format has none */
	void (*nl)(doc *d);                       /* line break in a para */
} doc_ops;

struct doc {
	const doc_ops *ops;
	ash_i18n_esc_fn esc;   /* escaper of the format */
	ash_strbuf *b;
	const ash_i18n *t;
	int in_cell;           /* inside a table cell: single line */
	int nowrap;            /* the next cell is a short code (HTML: no wrap) */
	int list_depth;
	size_t ncols, col;     /* table shape (Markdown) */
	const char *lang;
};

extern const doc_ops ash_doc_html, ash_doc_md;

/* Escaped text (flags: ASH_ESC_NL for multi-line text; dropped in a
 * table cell). */
void doc_text(doc *d, const char *s, unsigned flags);
/* Catalog text of key, escaped. */
void doc_t(doc *d, const char *key);
/* Catalog template of key with {k} = args[k], all escaped. */
void doc_f(doc *d, const char *key, const char *const *args, size_t n);
/* The catalog text of key as plain (unescaped) text. */
const char *doc_s(doc *d, const char *key);

/* ---- what the report knows -------------------------------------- */

typedef struct rep_hyp {
	const ash_cdb_hyp *h;
	const ash_cdb_verif *v;      /* latest run, or NULL */
	const ash_cdb_status *ovr;   /* override that set the status, or NULL */
	char kind[48];               /* detector kind, "" when unknown */
	bool benign;                 /* explains normal traffic (a backup) */
	ash_ip *hosts, *peers;       /* own / outside addresses it names */
	size_t nhosts, npeers;
} rep_hyp;

typedef struct rep_host {
	ash_ip ip;
	const ash_asset *asset;      /* NULL: not in the inventory */
	const char *zone;            /* NULL: outside the case's networks */
	const char *kinds[8];
	size_t nkinds;
	bool isolate, acted;         /* recommended isolation; named by an action */
} rep_host;

typedef struct rep_top {
	ash_ip ip;
	uint64_t v;
} rep_top;

#define REP_TOP 10
#define REP_MAX_CAUSES 24

typedef struct rep {
	const ash_report_in *in;
	const ash_casedb_snap *snap;
	const ash_case *c;
	const ash_site *site;        /* first site, or NULL */
	ash_tz *tz;                  /* its zone (NULL: UTC) */
	/* incident window */
	bool have_win;
	int64_t win_from, win_to;
	/* traffic series over the shown period */
	int64_t *st;
	uint64_t *sv;
	size_t sn;
	int64_t step;
	bool s_bytes;                /* bytes, else records */
	/* top talkers in the window */
	rep_top top[REP_TOP];
	size_t ntop;
	bool t_bytes;
	/* hypotheses, in snapshot order */
	rep_hyp *hy;
	size_t nhy, nconf, nref, nopen;
	/* affected hosts; rules */
	rep_host *hosts;
	size_t nhosts;
	ash_ip *iso, *blk;
	size_t niso, nblk;
	ash_cidr *allow;
	size_t nallow;
	char *acls[8];
	size_t nacls;
	ash_strbuf rules[ASH_FW_COUNT_], undo[ASH_FW_COUNT_];
	/* root causes: catalog key suffixes ("reflector_ntp") and hosts */
	struct {
		const char *key;
		ash_ip *hosts;
		size_t nhosts;
	} causes[REP_MAX_CAUSES];
	size_t ncauses;
	ash_timeline tl;
} rep;

/* report.c: gathering from the snapshot and case.yaml */
int rep_gather(rep *r, ash_err *err);
void rep_free(rep *r);
/* report_store.c: series, top talkers, a reflector's service port */
int rep_store(rep *r, ash_err *err);
/* The service a reflector answered on: the UDP port most requests went
 * to, or the TCP port of its half-open SYN-ACKs when those are more
 * (*tcp); 0 when the store has neither. */
int rep_service_port(rep *r, const ash_ip *host, int *port, bool *tcp,
		     ash_err *err);
/* report_sec.c: the sections, in order */
void rep_sections(rep *r, doc *d);

/* Shared formatting (report_fmt.c). */
#define REP_TIME_LEN 64
/* "2026-11-25 01:10:07" in tz (NULL: UTC), date pattern from the catalog */
void rep_time(const doc *d, int64_t us, ash_tz *tz, char *buf, size_t cap);
/* The same at a fixed offset (seconds east). */
void rep_time_off(const doc *d, int64_t us, int32_t off, char *buf, size_t cap);
/* "UTC+08:00" for the offset in force at us in tz */
void rep_offset(ash_tz *tz, int64_t us, char *buf, size_t cap);
/* Name of an address: "203.0.113.10 (web01)" or the address alone. */
void rep_host_label(const rep *r, const ash_ip *ip, char *buf, size_t cap);
/* Drop a UTF-8 sequence cut short at the end of s (a full buffer). */
void rep_utf8_trim(char *s);
const ash_asset *rep_asset(const rep *r, const ash_ip *ip);
/* Person text in the report's language, with "(original, English)"
 * after it when shown in another language. */
void rep_ctext(doc *d, const ash_ctext *t, unsigned flags);

#endif
