/* SPDX-License-Identifier: MIT */
/* report.h: the incident report (issue 5) in HTML or Markdown, in any
 * language with a message catalog (i18n.h).
 *
 * Sections: executive summary; what happened and when (site time and
 * UTC) with a traffic chart (incident window shaded) and top talkers;
 * the timeline (case/timeline.h); every hypothesis with its check, its
 * numbers and its verdict, the ruled-out ones included; affected hosts;
 * containment done (actions) and recommended (firewall rules from
 * fwrules.h); root causes and improvements; how the case was closed
 * (a forced close shows its reason); the evidence and its custody.
 *
 * Input is one case.db snapshot, case.yaml and (optionally) the store;
 * nothing is written to the case.  Text from logs and people is escaped
 * (escape.h); every word of the report's own comes from the catalog.
 * HTML is one self-contained file: inline CSS and SVG, no script, no
 * external reference, a Content-Security-Policy that forbids both,
 * printable.  Nothing here prints. */
#ifndef ASH_REPORT_H
#define ASH_REPORT_H

#include <stdint.h>

#include "case/case.h"
#include "case/casedb.h"
#include "core/err.h"
#include "report/strbuf.h"
#include "store/store.h"

enum ash_report_fmt { ASH_REPORT_HTML = 0, ASH_REPORT_MD = 1 };

typedef struct ash_report_in {
	const ash_case *c;            /* case.yaml */
	const ash_store *s;           /* NULL: no charts or store numbers */
	const ash_casedb_snap *snap;  /* case.db */
	const char *lang;             /* catalog language: "ja", "en" */
	int format;                   /* enum ash_report_fmt */
	int64_t from, to;             /* incident window; INT64_MIN: the most
					 severe spike finding (else flood or
					 reflection) and the shorter ones
					 overlapping it */
	int64_t now;                  /* time of writing, us UTC */
	int threads;                  /* store scans (0: auto) */
} ash_report_in;

/* Append the report to out.  Returns 0; ASH_ENOTFOUND for a language
 * without a catalog, ASH_ELIMIT when out's cap was reached, or a store
 * error.  out holds a part on error. */
int ash_report_write(const ash_report_in *in, ash_strbuf *out, ash_err *err);

/* "html" / "md"; parse gives -1 when unknown. */
const char *ash_report_fmt_name(int fmt);
int ash_report_fmt_parse(const char *s);

#endif
