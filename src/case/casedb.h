/* SPDX-License-Identifier: MIT */
/* casedb.h: the case database CASE/case.db (DESIGN §2, §7; issue 5).
 *
 * SQLite, created on first use by any case command, schema
 * data/embed/case_schema.sql (version 1) brought up to date by versioned
 * migration steps (PRAGMA user_version).  Foreign keys ON, WAL, every
 * change in one transaction, prepared statements only.  Owns: the tables
 * below, writing them, and reading them back as one consistent snapshot
 * (ash_casedb_snap) for `case show`, `timeline` and `report`.  Does not
 * own: running checks against the store (case/verify.h), the timeline
 * (case/timeline.h), printing (src/cli), translation.
 *
 * Tables (times are INTEGER microseconds UTC, *_off the UTC offset in
 * seconds the writer used, *_zone the IANA zone it named or NULL):
 *
 *   case_info      (id=1, name, created_us)
 *   sites          (id, name UNIQUE, timezone, language)     from case.yaml
 *   people         (id, name UNIQUE, site_id -> sites, created_us)
 *   person_roles   (person_id -> people, role)  role: coordinator,
 *                  log_analyst, site_contact, partner
 *   findings       (id, key UNIQUE, kind, verdict, site, start_us, end_us,
 *                  score, summary, why, filter, records, packets, bytes,
 *                  recorded_us)   key = kind|site|hosts|peers|start
 *   finding_addrs  (finding_id -> findings, role host|peer, ip)
 *   observations   (id, at_us, at_off, at_zone, recorded_us, person_id,
 *                  site_id, source person|triage, finding_id -> findings,
 *                  filter, records, packets, bytes,  TEXT*)
 *   observation_hosts (observation_id, ip)
 *   hypotheses     (id, created_us, person_id, observation_id, check_kind
 *                  filter|finding, verify, expect, status open|confirmed|
 *                  refuted, status_us, CLAIM*)   verify/expect immutable
 *   verifications  (id, hypothesis_id, ran_us, person_id, verify,
 *                  canonical, expect, records, packets, bytes, findings,
 *                  store_records, result confirmed|refuted|error, error)
 *   hypothesis_status (id, hypothesis_id, at_us, from_status, to_status,
 *                  cause created|verify|override, verification_id,
 *                  person_id, REASON*)      append-only (triggers)
 *   evidence       (id, sha256 UNIQUE, name, size, format, site, records,
 *                  rejected, t_min_us, t_max_us, location on_site|received,
 *                  path, ingested_us, added_us)
 *   custody        (id, evidence_id, at_us, at_off, person_id, event, NOTE*)
 *   actions        (id, at_us, at_off, at_zone, recorded_us, person_id,
 *                  site_id, kind containment|fix|other, TEXT*)
 *   action_hosts   (action_id, ip)
 *   closures       (id, at_us, person_id, forced, open_hypotheses, REASON*)
 *
 * X* = text a person wrote, four columns side by side: x_orig (as
 * written, never NULL when the text is), x_lang (language of x_orig:
 * "ja", "en", ...), x_ja, x_en (NULL until written; the one equal to the
 * original's language is filled with the original).  A trigger refuses
 * any change of hypotheses.status that is not the latest
 * hypothesis_status row: the status moves only by verify or override.
 *
 * Text from people and logs is stored as given (any bytes up to
 * ASH_CASEDB_MAX_TEXT; invalid UTF-8 kept); escaping is the printer's job.
 * Errors follow core/err.h ("case.db: ..."); nothing here prints. */
#ifndef ASH_CASEDB_H
#define ASH_CASEDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "case/case.h"
#include "core/err.h"
#include "detect/finding.h"
#include "store/store.h"

#define ASH_CASEDB_VERSION 1           /* schema version this build writes */
#define ASH_CASEDB_MAX_TEXT (1u << 20) /* bytes of one text (1 MiB) */
#define ASH_CASEDB_MAX_HOSTS 4096      /* addresses on one row */
#define ASH_CASEDB_MAX_ROWS 1000000    /* rows of one table in a snapshot */

typedef struct ash_casedb ash_casedb;

/* --- Enumerations (stored as their names) --------------------------- */

enum ash_hyp_status { ASH_HYP_OPEN = 0, ASH_HYP_CONFIRMED = 1, ASH_HYP_REFUTED = 2 };
enum ash_role {
	ASH_ROLE_COORDINATOR = 1u << 0,
	ASH_ROLE_LOG_ANALYST = 1u << 1,
	ASH_ROLE_SITE_CONTACT = 1u << 2,
	ASH_ROLE_PARTNER = 1u << 3
};
enum ash_cause { ASH_CAUSE_CREATED = 0, ASH_CAUSE_VERIFY = 1, ASH_CAUSE_OVERRIDE = 2 };
enum ash_vresult { ASH_VR_CONFIRMED = 1, ASH_VR_REFUTED = 2, ASH_VR_ERROR = 3 };
enum ash_act_kind { ASH_ACT_CONTAINMENT = 0, ASH_ACT_FIX = 1, ASH_ACT_OTHER = 2 };

const char *ash_hyp_status_name(int s);   /* "open", "confirmed", "refuted" */
int ash_hyp_status_parse(const char *s);  /* -1 when unknown */
const char *ash_role_name(unsigned role); /* one bit: "log_analyst" */
unsigned ash_role_parse(const char *s);   /* 0 when unknown; "log-analyst" ok */
const char *ash_cause_name(int c);
const char *ash_vresult_name(int r);
const char *ash_act_kind_name(int k);
int ash_act_kind_parse(const char *s);    /* -1 when unknown */

/* --- Opening ---------------------------------------------------------- */

/* Open CASE/case.db (c->dir), creating and migrating it; copies the sites
 * of case.yaml in (new ones added, zone/language updated) and the case
 * name.  Returns ASH_EFORMAT when the file was made by a newer ashiato
 * (user_version > ASH_CASEDB_VERSION).  *out untouched on error. */
int ash_casedb_open(const ash_case *c, ash_casedb **out, ash_err *err);
/* Same on any path, without case.yaml (tests, tools). */
int ash_casedb_open_path(const char *path, ash_casedb **out, ash_err *err);
void ash_casedb_close(ash_casedb *db);
/* Copy the sites and name of c in (done by ash_casedb_open). */
int ash_casedb_sync_case(ash_casedb *db, const ash_case *c, ash_err *err);
/* Fixed clock for tests: "now" is us from then on (0: the real clock). */
void ash_casedb_set_now(ash_casedb *db, int64_t us);
int64_t ash_casedb_now(const ash_casedb *db);
/* user_version of the open file. */
int ash_casedb_version(ash_casedb *db);

/* --- Writing: one transaction each; inputs are copied ----------------- */

/* When something happened: instant, the offset and zone the person used. */
typedef struct ash_when {
	int64_t us;        /* UTC microseconds */
	int32_t off;       /* seconds east of UTC the writer used */
	const char *zone;  /* IANA name the writer named, or NULL */
} ash_when;

/* A text a person wrote: lang NULL guesses "ja" when the text holds kana
 * or kanji, else "en".  Empty or longer than ASH_CASEDB_MAX_TEXT:
 * ASH_EUSAGE / ASH_ELIMIT. */
typedef struct ash_text_in {
	const char *text;
	const char *lang;  /* "ja", "en" or another tag [a-z]{2,3}; NULL: guess */
} ash_text_in;

/* Person by name: created (no role) when unknown; *id gets its id.  NULL
 * or "" name gives *id = 0.  Role 0 adds none; site NULL keeps it. */
int ash_casedb_person(ash_casedb *db, const char *name, unsigned role,
		      const char *site, int64_t *id, ash_err *err);

typedef struct ash_obs_in {
	ash_text_in text;
	ash_when at;             /* at.us == INT64_MIN: now, offset 0 */
	const char *by;          /* person (created when new) or NULL */
	const char *site;        /* must be a known site, or NULL */
	const char *const *hosts; size_t nhosts; /* IP texts (canonicalised) */
} ash_obs_in;
int ash_casedb_obs_add(ash_casedb *db, const ash_obs_in *in, int64_t *id,
		       ash_err *err);

/* A hypothesis: verify is a filter (docs/filter.md) or a detector
 * reference "finding:KIND[:HOST]"; expect a condition (case/expect.h).
 * Both must already be validated by the caller (ash_verify_validate);
 * here only the syntax of expect and of a detector reference is checked.
 * Starts open, with a "created" status row. */
typedef struct ash_hyp_in {
	ash_text_in claim;
	const char *verify, *expect;
	const char *by;
	int64_t observation;     /* observation it came from, or 0 */
} ash_hyp_in;
int ash_casedb_hyp_add(ash_casedb *db, const ash_hyp_in *in, int64_t *id,
		       ash_err *err);

/* The result of running a hypothesis's check (filled by case/verify.c). */
typedef struct ash_verif_in {
	int64_t hypothesis;
	const char *by;
	const char *canonical;   /* compiled filter text, or NULL */
	uint64_t records, packets, bytes, findings, store_records;
	int result;              /* enum ash_vresult */
	const char *error;       /* with ASH_VR_ERROR */
} ash_verif_in;
/* Store a verification; on confirmed/refuted different from the current
 * status, move the hypothesis with a "verify" status row.  *vid may be
 * NULL; *status (may be NULL) gets the status after. */
int ash_casedb_verif_add(ash_casedb *db, const ash_verif_in *in, int64_t *vid,
			 int *status, ash_err *err);

/* Set a hypothesis's status by hand; reason required (ASH_EUSAGE). */
int ash_casedb_hyp_override(ash_casedb *db, int64_t id, int status,
			    const ash_text_in *reason, const char *by,
			    ash_err *err);

typedef struct ash_act_in {
	ash_text_in what;
	int kind;                /* enum ash_act_kind */
	ash_when at;             /* at.us == INT64_MIN: now */
	const char *by, *site;
	const char *const *hosts; size_t nhosts;
} ash_act_in;
int ash_casedb_act_add(ash_casedb *db, const ash_act_in *in, int64_t *id,
		       ash_err *err);

/* Import the store's evidence list (new sha256 → a "received" item with
 * time range from its chunks, and an "ingested" custody entry); an
 * on_site item of the same sha256 becomes received.  *added may be NULL. */
int ash_casedb_evidence_import(ash_casedb *db, const ash_store *s,
			       size_t *added, ash_err *err);
/* Register an item known to exist on site but not yet received. */
typedef struct ash_evidence_in {
	const char *name, *site;
	const char *sha256;      /* 64 hex or NULL */
	uint64_t size;           /* 0: unknown */
	int64_t t_min, t_max;    /* INT64_MIN: unknown */
	ash_text_in note;        /* optional (text NULL) */
	const char *by;
} ash_evidence_in;
int ash_casedb_evidence_add(ash_casedb *db, const ash_evidence_in *in,
			    int64_t *id, ash_err *err);
/* A chain-of-custody entry ("collected", "sent", "received", ...). */
typedef struct ash_custody_in {
	int64_t evidence;
	const char *event;       /* a short word, [a-z_-], at most 32 bytes */
	ash_when at;             /* at.us == INT64_MIN: now */
	const char *by;
	ash_text_in note;        /* optional */
} ash_custody_in;
int ash_casedb_custody_add(ash_casedb *db, const ash_custody_in *in,
			   int64_t *id, ash_err *err);

/* Findings of triage (triage --record).  Idempotent: a finding whose key
 * (kind, site, hosts, peers, start) is already stored is skipped; each
 * new one is also entered as an observation (source "triage", its
 * evidence filter and numbers, its hosts, at its start) so an analyst can
 * make a hypothesis of it.  *added (may be NULL) gets the new count. */
int ash_casedb_add_findings(ash_casedb *db, const ash_finding *f, size_t n,
			    size_t *added, ash_err *err);

/* Close the case.  Refused with ASH_EEXIST ("N hypotheses open") while
 * any is open unless force, which needs a reason (ASH_EUSAGE).  Records
 * forced, the reason and the open count.  *open (may be NULL) gets it. */
int ash_casedb_close_case(ash_casedb *db, bool force, const ash_text_in *reason,
			  const char *by, size_t *open, ash_err *err);

/* Add the ja or en version of a person's text. */
enum ash_text_of {
	ASH_TEXT_OBSERVATION, ASH_TEXT_HYPOTHESIS, ASH_TEXT_ACTION,
	ASH_TEXT_STATUS, ASH_TEXT_CUSTODY, ASH_TEXT_CLOSURE
};
int ash_casedb_translate(ash_casedb *db, int of, int64_t id, const char *lang,
			 const char *text, ash_err *err);

/* --- Reading: one snapshot of everything -------------------------------
 * Strings point into the snapshot (never NULL unless said); freed with it.
 * Arrays are in id order.  person "by" fields are names (NULL: nobody). */

typedef struct ash_ctext {
	const char *orig, *lang; /* as written, and its language */
	const char *ja, *en;     /* NULL when not written */
} ash_ctext;
/* The text in lang ("ja"/"en"), else the original; *is_orig (may be
 * NULL) tells which. */
const char *ash_ctext_in(const ash_ctext *t, const char *lang, bool *is_orig);

typedef struct ash_cdb_site {
	int64_t id;
	const char *name, *timezone, *language; /* language may be NULL */
} ash_cdb_site;

typedef struct ash_cdb_person {
	int64_t id;
	const char *name, *site; /* site may be NULL */
	unsigned roles;          /* ASH_ROLE_* bits */
	int64_t created_us;
} ash_cdb_person;

typedef struct ash_cdb_finding {
	int64_t id;              /* shown as "F<id>" */
	const char *kind, *site; /* site may be NULL */
	int verdict;             /* enum ash_verdict */
	const char **hosts, **peers; /* canonical IP texts */
	size_t nhosts, npeers;
	int64_t start_us, end_us;
	double score;
	const char *summary, *why, *filter;
	uint64_t records, packets, bytes;
	int64_t recorded_us;
} ash_cdb_finding;

typedef struct ash_cdb_obs {
	int64_t id;              /* "O<id>" */
	int64_t at_us, recorded_us;
	int32_t at_off;
	const char *at_zone, *by, *site; /* may be NULL */
	const char *source;      /* "person" or "triage" */
	int64_t finding;         /* triage: findings.id, else 0 */
	const char *filter;      /* triage: evidence filter, else NULL */
	int64_t records, packets, bytes; /* triage numbers, else -1 */
	const char **hosts;
	size_t nhosts;
	ash_ctext text;
} ash_cdb_obs;

typedef struct ash_cdb_hyp {
	int64_t id;              /* "H<id>" */
	int64_t created_us, status_us;
	const char *by;
	int64_t observation;     /* 0: none */
	bool detector;           /* verify is "finding:..." */
	const char *verify, *expect;
	int status;              /* enum ash_hyp_status */
	ash_ctext claim;
	int64_t last_verif;      /* id of the latest verification, 0: none */
} ash_cdb_hyp;

typedef struct ash_cdb_verif {
	int64_t id;              /* "V<id>" */
	int64_t hypothesis, ran_us;
	const char *by;
	const char *verify, *expect;
	const char *canonical;   /* may be NULL */
	uint64_t records, packets, bytes, findings, store_records;
	int result;              /* enum ash_vresult */
	const char *error;       /* NULL unless ASH_VR_ERROR */
} ash_cdb_verif;

typedef struct ash_cdb_status {
	int64_t id;
	int64_t hypothesis, at_us;
	int from, to;            /* from = -1 at creation */
	int cause;               /* enum ash_cause */
	int64_t verification;    /* cause verify, else 0 */
	const char *by;
	ash_ctext reason;        /* override; orig NULL otherwise */
} ash_cdb_status;

typedef struct ash_cdb_evidence {
	int64_t id;              /* "E<id>" */
	const char *sha256;      /* 64 hex, or NULL (on_site, unknown) */
	const char *name, *format, *site, *path; /* format/site/path may be NULL */
	uint64_t size, records, rejected;
	int64_t t_min_us, t_max_us; /* INT64_MIN: unknown */
	bool received;           /* false: on site */
	int64_t ingested_us, added_us; /* ingested: INT64_MIN if not */
} ash_cdb_evidence;

typedef struct ash_cdb_custody {
	int64_t id, evidence, at_us;
	int32_t at_off;
	const char *by, *event;
	ash_ctext note;          /* orig NULL when none */
} ash_cdb_custody;

typedef struct ash_cdb_action {
	int64_t id;              /* "A<id>" */
	int64_t at_us, recorded_us;
	int32_t at_off;
	const char *at_zone, *by, *site;
	int kind;                /* enum ash_act_kind */
	const char **hosts;
	size_t nhosts;
	ash_ctext what;
} ash_cdb_action;

typedef struct ash_cdb_closure {
	int64_t id, at_us;
	const char *by;
	bool forced;
	size_t open_hypotheses;  /* open when it closed */
	ash_ctext reason;        /* orig NULL when none */
} ash_cdb_closure;

typedef struct ash_casedb_snap {
	const char *case_name;   /* may be NULL */
	ash_cdb_site *sites;         size_t nsites;
	ash_cdb_person *people;      size_t npeople;
	ash_cdb_finding *findings;   size_t nfindings;
	ash_cdb_obs *obs;            size_t nobs;
	ash_cdb_hyp *hyps;           size_t nhyps;
	ash_cdb_verif *verifs;       size_t nverifs;
	ash_cdb_status *status;      size_t nstatus;
	ash_cdb_evidence *evidence;  size_t nevidence;
	ash_cdb_custody *custody;    size_t ncustody;
	ash_cdb_action *actions;     size_t nactions;
	ash_cdb_closure *closures;   size_t nclosures;
	struct ash_arena *arena_;    /* private */
} ash_casedb_snap;

/* Read everything in one read transaction.  *out owned by the caller
 * (ash_casedb_snap_free).  ASH_ELIMIT past ASH_CASEDB_MAX_ROWS. */
int ash_casedb_snap_read(ash_casedb *db, ash_casedb_snap **out, ash_err *err);
void ash_casedb_snap_free(ash_casedb_snap *s);

/* Lookups by id (NULL when absent). */
const ash_cdb_hyp *ash_snap_hyp(const ash_casedb_snap *s, int64_t id);
const ash_cdb_verif *ash_snap_verif(const ash_casedb_snap *s, int64_t id);
const ash_cdb_finding *ash_snap_finding(const ash_casedb_snap *s, int64_t id);
const ash_cdb_site *ash_snap_site(const ash_casedb_snap *s, const char *name);
/* Open hypotheses, and whether the case is closed (latest closure). */
size_t ash_snap_open_count(const ash_casedb_snap *s);
const ash_cdb_closure *ash_snap_closed(const ash_casedb_snap *s);

#endif
