/* SPDX-License-Identifier: MIT */
/* test_timeline.c: the merged timeline (case/timeline.h): order across
 * the zones people wrote in, log-derived entries per finding kind, fact
 * versus claim; and reading a person's time (case/when.h). */
#include "harness.h"

#include <stdlib.h>

#include "case/timeline.h"
#include "case/when.h"
#include "casedb_fixture.h"
#include "core/tztime.h"
#include "detect/finding.h"

#define MIN 60000000ll

static void add_finding(ash_findings *fs, const char *kind, const char *host,
			const char *p1, const char *p2, int64_t start, int64_t end)
{
	ash_ip ip;
	ash_finding *x = ash_findings_add(fs, kind);
	x->verdict = ASH_V_MALICIOUS;
	ash_ip_parse(host, strlen(host), &ip);
	ash_finding_host(x, &ip);
	for (const char *p = p1; p; p = p == p1 ? p2 : NULL) {
		ash_ip_parse(p, strlen(p), &ip);
		ash_finding_peer(x, &ip);
	}
	x->start = start, x->end = end;
	x->summary = strdup("s");
	x->why = strdup("w");
	x->filter = strdup("src host 203.0.113.10");
}

static ash_when at(const char *text, const char *zone)
{
	ash_when w;
	ash_err err = {0};
	if (ash_when_parse(text, zone, &w, &err))
		ash_test_fail(__FILE__, __LINE__, "when: %s", err.msg);
	return w;
}

/* build the case: see the order expected in timeline_order_and_class */
static void story(fx *f)
{
	ash_err err = {0};
	ash_findings fs = {0};
	int64_t o1, o2, h1, h2;
	add_finding(&fs, "beacon", "203.0.113.10", "198.51.100.7", "198.51.100.8",
		    FX_T0, FX_T0 + 60 * MIN);
	add_finding(&fs, "traffic_spike", "203.0.113.12", NULL, NULL,
		    FX_T0 + 10 * MIN, FX_T0 + 20 * MIN);
	CHECK(ash_casedb_add_findings(f->db, fs.v, fs.n, NULL, &err) == 0);
	ash_findings_free(&fs);
	/* 17:05Z written in Tokyo (02:05+09) and 17:15Z in Singapore (01:15+08) */
	ash_obs_in a = {.text = {"load up", NULL},
			.at = at("2026-11-25 02:05", "Asia/Tokyo"), .by = "tanaka"};
	ash_obs_in b = {.text = {"web02 loud", NULL},
			.at = at("2026-11-25T01:15", "Asia/Singapore"), .by = "lee"};
	CHECK(ash_casedb_obs_add(f->db, &b, &o2, &err) == 0);
	CHECK(ash_casedb_obs_add(f->db, &a, &o1, &err) == 0);
	ash_hyp_in h = {.claim = {"spike is real", NULL}, .verify = "finding:traffic_spike",
			.observation = o1};
	CHECK(ash_casedb_hyp_add(f->db, &h, &h1, &err) == 0);
	h.verify = "finding:dos_source", h.observation = o2;
	CHECK(ash_casedb_hyp_add(f->db, &h, &h2, &err) == 0);
	ash_verif_in v = {.hypothesis = h1, .findings = 1, .result = ASH_VR_CONFIRMED};
	ash_casedb_set_now(f->db, FX_T0 + 120 * MIN);
	CHECK(ash_casedb_verif_add(f->db, &v, NULL, NULL, &err) == 0);
	ash_act_in act = {.what = {"cut off", NULL}, .kind = ASH_ACT_CONTAINMENT,
			  .at = at("2026-11-24T17:30:00Z", NULL)};
	CHECK(ash_casedb_act_add(f->db, &act, NULL, &err) == 0);
	ash_text_in why = {"HQ decides", NULL};
	ash_casedb_set_now(f->db, FX_T0 + 130 * MIN);
	CHECK(ash_casedb_close_case(f->db, true, &why, NULL, NULL, &err) == 0);
}

TEST(timeline_order_and_class)
{
	fx f;
	ash_err err = {0};
	ash_timeline t;
	if (!fx_open(&f, false))
		return;
	ash_casedb_set_now(f.db, FX_T0 - 60 * MIN); /* hypotheses stated at 16:00Z */
	story(&f);
	ash_casedb_snap *s = fx_snap(&f);
	CHECK(ash_timeline_build(s, &t, &err) == 0);
	static const struct { const char *kind, *id; bool fact; int64_t min; } want[] = {
		{"hypothesis", "H1", true, -60}, {"hypothesis", "H2", false, -60},
		{"first_contact", "F1", true, 0}, {"first_contact", "F1", true, 0},
		{"observation", "O4", true, 5}, {"spike_start", "F2", true, 10},
		{"observation", "O3", false, 15}, {"spike_end", "F2", true, 20},
		{"action", "A1", false, 30}, {"last_contact", "F1", true, 60},
		{"last_contact", "F1", true, 60}, {"verification", "V1", true, 120},
		{"close", "C1", true, 130},
	};
	size_t n = sizeof want / sizeof want[0];
	CHECK_INT(t.n, n);
	for (size_t i = 0; i < n && i < t.n; i++) {
		const ash_tl_entry *e = &t.v[i];
		if (strcmp(e->kind, want[i].kind) || strcmp(e->id, want[i].id) ||
		    e->fact != want[i].fact || e->us != FX_T0 + want[i].min * MIN)
			ash_test_fail(__FILE__, __LINE__, "entry %zu: %s %s %s %lld",
				      i, e->kind, e->id, ash_tl_class(e),
				      (long long)((e->us - FX_T0) / MIN));
	}
	/* the Tokyo observation kept its offset, the message is readable */
	CHECK(t.v[4].has_off && t.v[4].off == 9 * 3600);
	CHECK(strstr(t.v[2].message, "first contact with 198.51.100.7") != NULL);
	CHECK(strstr(t.v[3].message, "198.51.100.8") != NULL);
	CHECK(strstr(t.v[12].message, "by force with 1 hypothesis open") != NULL);
	CHECK_STR(t.v[4].text->orig, "load up");
	ash_timeline_free(&t);
	ash_casedb_snap_free(s);
	fx_close(&f);
}

TEST(timeline_override_is_claim)
{
	fx f;
	ash_err err = {0};
	ash_timeline t;
	int64_t id;
	if (!fx_open(&f, false))
		return;
	ash_hyp_in h = {.claim = {"x", NULL}, .verify = "finding:beacon"};
	CHECK(ash_casedb_hyp_add(f.db, &h, &id, &err) == 0);
	ash_text_in why = {"seen in the config", NULL};
	CHECK(ash_casedb_hyp_override(f.db, id, ASH_HYP_CONFIRMED, &why, "lee", &err) == 0);
	ash_casedb_snap *s = fx_snap(&f);
	CHECK(ash_timeline_build(s, &t, &err) == 0);
	CHECK_INT(t.n, 2);
	CHECK_STR(t.v[0].kind, "hypothesis");
	CHECK(!t.v[0].fact); /* confirmed by hand is not verified */
	CHECK_STR(t.v[1].kind, "override");
	CHECK(!t.v[1].fact);
	CHECK(strstr(t.v[1].message, "open -> confirmed") != NULL);
	ash_timeline_free(&t);
	ash_casedb_snap_free(s);
	fx_close(&f);
}

TEST(timeline_dos_finding_and_triage_obs_not_repeated)
{
	fx f;
	ash_err err = {0};
	ash_findings fs = {0};
	ash_timeline t;
	if (!fx_open(&f, false))
		return;
	add_finding(&fs, "dos_source", "203.0.113.12", "192.0.2.1", NULL, FX_T0,
		    FX_T0 + MIN);
	CHECK(ash_casedb_add_findings(f.db, fs.v, fs.n, NULL, &err) == 0);
	ash_findings_free(&fs);
	ash_casedb_snap *s = fx_snap(&f);
	CHECK_INT(s->nobs, 1);
	CHECK(ash_timeline_build(s, &t, &err) == 0);
	CHECK_INT(t.n, 2);
	CHECK_STR(t.v[0].kind, "finding_start");
	CHECK_STR(t.v[1].kind, "finding_end");
	CHECK(t.v[0].fact);
	ash_timeline_free(&t);
	ash_casedb_snap_free(s);
	fx_close(&f);
}

TEST(when_zone_and_offset)
{
	ash_when w;
	ash_err err = {0};
	CHECK(ash_when_parse("2026-11-25 02:05", "Asia/Tokyo", &w, &err) == 0);
	CHECK_INT(w.us, FX_T0 + 5 * MIN);
	CHECK_INT(w.off, 9 * 3600);
	CHECK_STR(w.zone, "Asia/Tokyo");
	CHECK(ash_when_parse("2026-11-25T01:05+08:00", "Asia/Tokyo", &w, &err) == 0);
	CHECK_INT(w.us, FX_T0 + 5 * MIN); /* the offset in TIME wins */
	CHECK_INT(w.off, 8 * 3600);
	CHECK(w.zone == NULL);
	CHECK(ash_when_parse("2026-11-24T17:05Z", NULL, &w, &err) == 0);
	CHECK_INT(w.off, 0);
	CHECK_INT(ash_when_parse("2026-11-25 02:05", NULL, &w, &err), ASH_EUSAGE);
	CHECK_INT(ash_when_parse("yesterday", "UTC", &w, &err), ASH_EUSAGE);
	CHECK_INT(ash_when_parse("2026-11-25 02:05", "Mars/Base", &w, &err), ASH_ENOTFOUND);
	CHECK(ash_when_parse(NULL, NULL, &w, &err) == 0 && w.us == INT64_MIN);
	CHECK(ash_when_has_offset("2026-11-25T01:05-0300"));
	CHECK(!ash_when_has_offset("2026-11-25"));
}

TEST(timeline_time_off)
{
	char buf[ASH_TIME_STRLEN];
	ash_timeline_time_off(FX_T0, 9 * 3600, buf);
	CHECK_STR(buf, "2026-11-25T02:00:00+09:00");
	ash_timeline_time_off(FX_T0, -(3 * 3600 + 1800), buf);
	CHECK_STR(buf, "2026-11-24T13:30:00-03:30");
	ash_timeline_time_off(FX_T0, 0, buf);
	CHECK_STR(buf, "2026-11-24T17:00:00+00:00");
}
