/* SPDX-License-Identifier: MIT */
/* test_casedb_hyp.c: hypotheses, verifications and status history
 * (including the triggers that keep the status honest), running checks
 * against a store (case/verify.h), findings of triage recorded
 * idempotently, evidence items and chain of custody. */
#include "harness.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "case/cdb.h"
#include "case/verify.h"
#include "casedb_fixture.h"
#include "detect/finding.h"

static int64_t count(ash_casedb *db, const char *sql)
{
	int64_t v = -1;
	ash_cdb_int(db, NULL, &v, NULL, sql, "");
	return v;
}

static int64_t hyp(fx *f, const char *claim, const char *verify,
		   const char *expect)
{
	ash_err err = {0};
	int64_t id = 0;
	ash_hyp_in in = {.claim = {claim, NULL}, .verify = verify, .expect = expect,
			 .by = "tanaka"};
	if (ash_verify_validate(f->c, f->s, verify, expect, &err) ||
	    ash_casedb_hyp_add(f->db, &in, &id, &err))
		ash_test_fail(__FILE__, __LINE__, "hyp: %s", err.msg);
	return id;
}

TEST(casedb_hyp_texts_checked)
{
	fx f;
	ash_err err = {0};
	if (!fx_open(&f, false))
		return;
	ash_hyp_in in = {.claim = {"c", NULL}, .verify = "src host 1.2.3.4"};
	CHECK_INT(ash_casedb_hyp_add(f.db, &in, NULL, &err), ASH_EUSAGE); /* no expect */
	in.expect = "bytes >> 3";
	CHECK_INT(ash_casedb_hyp_add(f.db, &in, NULL, &err), ASH_EUSAGE);
	in.verify = "finding:", in.expect = NULL;
	CHECK_INT(ash_casedb_hyp_add(f.db, &in, NULL, &err), ASH_EUSAGE);
	in.verify = "", in.expect = "records > 0";
	CHECK_INT(ash_casedb_hyp_add(f.db, &in, NULL, &err), ASH_EUSAGE);
	in.verify = "finding:beacon", in.observation = 42;
	CHECK_INT(ash_casedb_hyp_add(f.db, &in, NULL, &err), ASH_ENOTFOUND);
	CHECK_INT(count(f.db, "SELECT count(*) FROM hypotheses"), 0);
	/* filters are checked against the case: zones known, syntax */
	CHECK(ash_verify_validate(f.c, f.s, "src zone dmz", "records > 0", &err) == 0);
	CHECK_INT(ash_verify_validate(f.c, f.s, "src zone moon", "records > 0", &err),
		  ASH_EUSAGE);
	CHECK_INT(ash_verify_validate(f.c, f.s, "src host", "records > 0", &err),
		  ASH_EUSAGE);
	fx_close(&f);
}

TEST(casedb_hyp_status_history)
{
	fx f;
	ash_err err = {0};
	int st;
	if (!fx_open(&f, false))
		return;
	int64_t id = hyp(&f, "web01 beacons", "finding:beacon", NULL);
	ash_verif_in v = {.hypothesis = id, .records = 5, .packets = 9, .bytes = 77,
			  .findings = 1, .store_records = 1000,
			  .result = ASH_VR_CONFIRMED};
	CHECK(ash_casedb_verif_add(f.db, &v, NULL, &st, &err) == 0);
	CHECK_INT(st, ASH_HYP_CONFIRMED);
	v.result = ASH_VR_ERROR, v.error = "store damaged";
	CHECK(ash_casedb_verif_add(f.db, &v, NULL, &st, &err) == 0);
	CHECK_INT(st, ASH_HYP_CONFIRMED); /* an error leaves the status */
	v.result = ASH_VR_REFUTED, v.error = NULL;
	CHECK(ash_casedb_verif_add(f.db, &v, NULL, &st, &err) == 0);
	CHECK_INT(st, ASH_HYP_REFUTED);
	v.hypothesis = 99;
	CHECK_INT(ash_casedb_verif_add(f.db, &v, NULL, &st, &err), ASH_ENOTFOUND);
	ash_casedb_snap *s = fx_snap(&f);
	CHECK_INT(s->nverifs, 3);
	CHECK_INT(s->nstatus, 3); /* created, verify→confirmed, verify→refuted */
	CHECK_INT(s->status[0].cause, ASH_CAUSE_CREATED);
	CHECK_INT(s->status[0].from, -1);
	CHECK_INT(s->status[1].to, ASH_HYP_CONFIRMED);
	CHECK_INT(s->status[1].verification, 1);
	CHECK_INT(s->status[2].from, ASH_HYP_CONFIRMED);
	CHECK_INT(s->status[2].verification, 3);
	CHECK_STR(s->verifs[1].error, "store damaged");
	CHECK_INT(s->verifs[0].store_records, 1000);
	CHECK_STR(s->verifs[0].verify, "finding:beacon");
	CHECK_STR(s->verifs[0].expect, "findings >= 1");
	CHECK_INT(s->hyps[0].status, ASH_HYP_REFUTED);
	CHECK_INT(s->hyps[0].last_verif, 3);
	CHECK(s->hyps[0].detector);
	ash_casedb_snap_free(s);
	fx_close(&f);
}

TEST(casedb_hyp_override_recorded)
{
	fx f;
	ash_err err = {0};
	if (!fx_open(&f, false))
		return;
	int64_t id = hyp(&f, "x", "finding:reflector", NULL);
	ash_text_in none = {NULL, NULL}, why = {"the config shows it", NULL};
	CHECK_INT(ash_casedb_hyp_override(f.db, id, ASH_HYP_REFUTED, &none, "a", &err),
		  ASH_EUSAGE);
	CHECK_INT(ash_casedb_hyp_override(f.db, id, ASH_HYP_OPEN, &why, "a", &err),
		  ASH_EUSAGE); /* already open */
	CHECK_INT(ash_casedb_hyp_override(f.db, id, 5, &why, "a", &err), ASH_EUSAGE);
	CHECK(ash_casedb_hyp_override(f.db, id, ASH_HYP_REFUTED, &why, "lee", &err) == 0);
	ash_casedb_snap *s = fx_snap(&f);
	CHECK_INT(s->hyps[0].status, ASH_HYP_REFUTED);
	CHECK_INT(s->nstatus, 2);
	CHECK_INT(s->status[1].cause, ASH_CAUSE_OVERRIDE);
	CHECK_STR(s->status[1].reason.orig, "the config shows it");
	CHECK_STR(s->status[1].by, "lee");
	CHECK_INT(s->status[1].verification, 0);
	ash_casedb_snap_free(s);
	fx_close(&f);
}

TEST(casedb_hyp_triggers_guard_status)
{
	fx f;
	if (!fx_open(&f, false))
		return;
	hyp(&f, "x", "finding:beacon", NULL);
	/* no status row first: refused */
	CHECK(ash_cdb_run(f.db, NULL, NULL, "UPDATE hypotheses SET status = "
			  "'confirmed' WHERE id = 1", "") != 0);
	CHECK(ash_cdb_run(f.db, NULL, NULL, "UPDATE hypotheses SET verify = "
			  "'finding:x' WHERE id = 1", "") != 0);
	CHECK(ash_cdb_run(f.db, NULL, NULL, "DELETE FROM hypothesis_status", "") != 0);
	CHECK(ash_cdb_run(f.db, NULL, NULL, "UPDATE hypothesis_status SET "
			  "to_status = 'refuted'", "") != 0);
	/* a translation of the claim is allowed */
	CHECK(ash_cdb_run(f.db, NULL, NULL, "UPDATE hypotheses SET claim_ja = 'x' "
			  "WHERE id = 1", "") == 0);
	CHECK_INT(count(f.db, "SELECT count(*) FROM hypotheses WHERE status = 'open'"), 1);
	fx_close(&f);
}

TEST(casedb_verify_filter_against_store)
{
	fx f;
	ash_err err = {0};
	ash_verify_result r;
	if (!fx_open(&f, true))
		return;
	int64_t b = hyp(&f, "the upload is the backup",
			"src host 203.0.113.20 and dst port 873", "bytes > 10G");
	int64_t n = hyp(&f, "web01 never talks to the controller",
			"src host 203.0.113.10 and dst host 198.51.100.7", "records == 0");
	int64_t z = hyp(&f, "dmz sends", "src zone dmz", "records >= 5 and packets = 3012");
	ash_casedb_snap *s = fx_snap(&f);
	CHECK(ash_verify_hyp(f.db, f.c, f.s, s, ash_snap_hyp(s, b), "lee", 1, &r, &err) == 0);
	CHECK_INT(r.result, ASH_VR_CONFIRMED);
	CHECK_INT(r.records, 3);
	CHECK_INT(r.packets, 3000);
	CHECK(r.bytes == 12000000000ull);
	CHECK(ash_verify_hyp(f.db, f.c, f.s, s, ash_snap_hyp(s, n), "lee", 0, &r, &err) == 0);
	CHECK_INT(r.result, ASH_VR_REFUTED);
	CHECK_INT(r.records, 2);
	CHECK_INT(r.bytes, 1200);
	CHECK(ash_verify_hyp(f.db, f.c, f.s, s, ash_snap_hyp(s, z), NULL, 2, &r, &err) == 0);
	CHECK_INT(r.result, ASH_VR_CONFIRMED);
	CHECK_INT(r.packets, 3012);
	ash_casedb_snap_free(s);
	s = fx_snap(&f);
	CHECK_INT(s->hyps[0].status, ASH_HYP_CONFIRMED);
	CHECK_INT(s->hyps[1].status, ASH_HYP_REFUTED);
	CHECK_INT(s->verifs[0].store_records, 5);
	CHECK_STR(s->verifs[0].by, "lee");
	CHECK(s->verifs[0].canonical && strstr(s->verifs[0].canonical, "873"));
	ash_casedb_snap_free(s);
	fx_close(&f);
}

TEST(casedb_verify_error_recorded)
{
	fx f;
	ash_err err = {0};
	ash_verify_result r;
	if (!fx_open(&f, true))
		return;
	int64_t id = hyp(&f, "x", "src zone dmz", "records > 0");
	/* case.yaml lost its networks since: the filter no longer compiles */
	f.c->nnets = 0;
	ash_casedb_snap *s = fx_snap(&f);
	CHECK(ash_verify_hyp(f.db, f.c, f.s, s, ash_snap_hyp(s, id), NULL, 1, &r, &err) == 0);
	CHECK_INT(r.result, ASH_VR_ERROR);
	CHECK_INT(r.status, ASH_HYP_OPEN);
	CHECK(strstr(r.error, "zone") != NULL);
	ash_casedb_snap_free(s);
	f.c->nnets = 2;
	fx_close(&f);
}

static void finding(ash_findings *fs, const char *kind, const char *host,
		    const char *peer, int64_t start, uint64_t bytes)
{
	ash_ip ip;
	ash_finding *x = ash_findings_add(fs, kind);
	x->verdict = ASH_V_MALICIOUS;
	x->site = strdup("sg-hub");
	ash_ip_parse(host, strlen(host), &ip);
	ash_finding_host(x, &ip);
	if (peer) {
		ash_ip_parse(peer, strlen(peer), &ip);
		ash_finding_peer(x, &ip);
	}
	x->start = start, x->end = start + 3600000000ll;
	x->score = 0.9;
	x->summary = strdup("<b>summary</b>");
	x->why = strdup("why");
	x->filter = ash_fmt_alloc("src host %s", host);
	x->records = 3, x->packets = 4, x->bytes = bytes;
}

TEST(casedb_findings_idempotent_and_observed)
{
	fx f;
	ash_err err = {0};
	ash_findings fs = {0};
	size_t added;
	if (!fx_open(&f, false))
		return;
	finding(&fs, "beacon", "203.0.113.10", "198.51.100.7", FX_T0, 100);
	finding(&fs, "beacon", "203.0.113.11", "198.51.100.7", FX_T0, 200);
	finding(&fs, "dos_source", "203.0.113.12", NULL, FX_T0, 300);
	CHECK(ash_casedb_add_findings(f.db, fs.v, fs.n, &added, &err) == 0);
	CHECK_INT(added, 3);
	CHECK(ash_casedb_add_findings(f.db, fs.v, fs.n, &added, &err) == 0);
	CHECK_INT(added, 0);
	fs.v[2].start += 1; /* another start: another finding */
	CHECK(ash_casedb_add_findings(f.db, fs.v, fs.n, &added, &err) == 0);
	CHECK_INT(added, 1);
	ash_casedb_snap *s = fx_snap(&f);
	CHECK_INT(s->nfindings, 4);
	CHECK_INT(s->nobs, 4);
	CHECK_STR(s->findings[0].peers[0], "198.51.100.7");
	CHECK_STR(s->findings[0].hosts[0], "203.0.113.10");
	CHECK_INT(s->findings[0].verdict, ASH_V_MALICIOUS);
	CHECK_STR(s->obs[0].source, "triage");
	CHECK_INT(s->obs[0].finding, s->findings[0].id);
	CHECK_STR(s->obs[0].filter, "src host 203.0.113.10");
	CHECK_INT(s->obs[0].bytes, 100);
	CHECK_INT(s->obs[0].at_us, FX_T0);
	CHECK_INT(s->obs[0].nhosts, 1);
	CHECK_STR(s->obs[0].site, "sg-hub");
	CHECK(strstr(s->obs[0].text.orig, "<b>summary</b>") != NULL);
	ash_casedb_snap_free(s);
	/* a detector check over them */
	int64_t h = hyp(&f, "web01 beacons", "finding:beacon:203.0.113.10", NULL);
	int64_t g = hyp(&f, "web09 beacons", "finding:beacon:203.0.113.99", NULL);
	int64_t a = hyp(&f, "two beacon", "finding:beacon", "findings = 2 and bytes = 300");
	ash_verify_result r;
	s = fx_snap(&f);
	CHECK(ash_verify_hyp(f.db, f.c, f.s, s, ash_snap_hyp(s, h), NULL, 0, &r, &err) == 0);
	CHECK_INT(r.result, ASH_VR_CONFIRMED);
	CHECK_INT(r.findings, 1);
	CHECK(ash_verify_hyp(f.db, f.c, f.s, s, ash_snap_hyp(s, g), NULL, 0, &r, &err) == 0);
	CHECK_INT(r.result, ASH_VR_REFUTED);
	CHECK(ash_verify_hyp(f.db, f.c, f.s, s, ash_snap_hyp(s, a), NULL, 0, &r, &err) == 0);
	CHECK_INT(r.result, ASH_VR_CONFIRMED);
	ash_casedb_snap_free(s);
	ash_findings_free(&fs);
	fx_close(&f);
}

TEST(casedb_evidence_import_and_custody)
{
	fx f;
	ash_err err = {0};
	size_t added;
	int64_t id;
	if (!fx_open(&f, true))
		return;
	char sha[65];
	memset(sha, 'a', 64), sha[64] = '\0';
	for (int i = 0; i < 64; i += 2)
		sha[i] = 'a', sha[i + 1] = 'b';
	/* registered on site before it arrives */
	ash_evidence_in on = {.name = "fw01 log", .site = "sg-hub", .sha256 = sha,
			      .t_min = INT64_MIN, .t_max = INT64_MIN, .by = "lee",
			      .note = {"on the firewall's disk", NULL}};
	CHECK(ash_casedb_evidence_add(f.db, &on, &id, &err) == 0);
	on.sha256 = "XYZ";
	CHECK_INT(ash_casedb_evidence_add(f.db, &on, NULL, &err), ASH_EUSAGE);
	ash_custody_in k = {.evidence = id, .event = "sent", .at = {FX_T0, 0, NULL},
			    .by = "lee"};
	CHECK(ash_casedb_custody_add(f.db, &k, NULL, &err) == 0);
	k.event = "Sent!";
	CHECK_INT(ash_casedb_custody_add(f.db, &k, NULL, &err), ASH_EUSAGE);
	k.event = "sent", k.evidence = 77;
	CHECK_INT(ash_casedb_custody_add(f.db, &k, NULL, &err), ASH_ENOTFOUND);
	CHECK(ash_casedb_evidence_import(f.db, f.s, &added, &err) == 0);
	CHECK_INT(added, 1);
	CHECK(ash_casedb_evidence_import(f.db, f.s, &added, &err) == 0);
	CHECK_INT(added, 0); /* again: nothing new */
	ash_casedb_snap *s = fx_snap(&f);
	CHECK_INT(s->nevidence, 1); /* the on-site item became the received one */
	const ash_cdb_evidence *e = &s->evidence[0];
	CHECK(e->received);
	CHECK_STR(e->name, "fw01 log");
	CHECK_STR(e->sha256, sha);
	CHECK_INT(e->records, 5);
	CHECK_INT(e->t_min_us, FX_T0 + 30000000ll);
	CHECK_INT(e->t_max_us, FX_T0 + 3600000000ll);
	CHECK_STR(e->format, "iptables");
	CHECK(e->path && !strncmp(e->path, "evidence/abab", 13));
	CHECK_INT(s->ncustody, 3); /* registered, sent, ingested */
	CHECK_STR(s->custody[0].event, "registered");
	CHECK_STR(s->custody[0].note.orig, "on the firewall's disk");
	CHECK_STR(s->custody[1].event, "sent");
	CHECK_STR(s->custody[2].event, "ingested");
	ash_casedb_snap_free(s);
	CHECK(ash_cdb_run(f.db, NULL, NULL, "DELETE FROM custody", "") != 0);
	fx_close(&f);
}
