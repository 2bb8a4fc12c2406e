/* SPDX-License-Identifier: MIT */
/* report_sec.h: what the section files of the report share (report_sec.c,
 * report_tl.c, report_hyp.c, report_act.c). */
#ifndef ASH_REPORT_SEC_H
#define ASH_REPORT_SEC_H

#include "report/escape.h"
#include "report/report_int.h"
#include "report/units.h"

/* numbers: "48,983,453" / "64.8 GB" into buf (ASH_UNITS_LEN); returns buf */
const char *rep_num(char *buf, uint64_t v);
const char *rep_bytes(char *buf, uint64_t v);
/* a paragraph of catalog template key */
void rep_para(doc *d, const char *key, const char *const *args, size_t n);
/* a table cell holding escaped text; _nw: a short code kept on one line */
void rep_cell(doc *d, const char *text);
void rep_cell_nw(doc *d, const char *text);
/* "Asia/Singapore, UTC+08:00" at instant us */
void rep_zone_label(const rep *r, int64_t us, char *buf, size_t cap);
/* the catalog name of a finding kind, or the kind itself */
void rep_kind_name(doc *d, const char *kind, char *buf, size_t cap);
/* "2026-11-25 01:10:07 – 02:53:04" in tz (the date once when the same) */
void rep_span(const doc *d, ash_tz *tz, int64_t from, int64_t to, char *buf,
	      size_t cap);
/* "2026-11-25 01:10:07 (2026-11-24 17:10:07 UTC)": site time, then UTC */
#define REP_WHEN_LEN (3 * REP_TIME_LEN)
void rep_when(const rep *r, doc *d, int64_t us, char *buf, size_t cap);
/* "a, b, c, … (+4)" of at most 6 of v */
void rep_addr_list(const char *const *v, size_t n, char *buf, size_t cap);

void rep_sec_timeline(rep *r, doc *d);
void rep_sec_hyps(rep *r, doc *d);
void rep_sec_hosts(rep *r, doc *d);
void rep_sec_containment(rep *r, doc *d);
void rep_sec_causes(rep *r, doc *d);
void rep_sec_closing(rep *r, doc *d);
void rep_sec_evidence(rep *r, doc *d);
void rep_footer(rep *r, doc *d);

#endif
