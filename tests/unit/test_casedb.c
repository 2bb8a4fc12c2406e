/* SPDX-License-Identifier: MIT */
/* test_casedb.c: case.db opening and migration, sites, people and roles,
 * observations, actions, closing, translations, and texts that must
 * round-trip unchanged (hostile bytes, 100 KB).  Hypotheses, evidence and
 * findings: test_casedb_hyp.c, test_casedb_evidence.c. */
#include "harness.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "case/cdb.h"
#include "casedb_fixture.h"

static int64_t pragma_int(ash_casedb *db, const char *sql)
{
	int64_t v = -1;
	ash_cdb_int(db, NULL, &v, NULL, sql, "");
	return v;
}

TEST(casedb_open_schema_wal_fk)
{
	fx f;
	if (!fx_open(&f, false))
		return;
	CHECK_INT(ash_casedb_version(f.db), ASH_CASEDB_VERSION);
	CHECK_INT(pragma_int(f.db, "PRAGMA foreign_keys"), 1);
	sqlite3_stmt *st;
	CHECK(ash_cdb_prep(f.db, "PRAGMA journal_mode", &st, NULL) == 0);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	/* a foreign key to nowhere is refused */
	CHECK(ash_cdb_run(f.db, NULL, NULL, "INSERT INTO person_roles VALUES "
			  "(999, 'partner')", "") != 0);
	fx_close(&f);
}

TEST(casedb_reopen_keeps_rows_and_version)
{
	fx f;
	ash_err err = {0};
	int64_t id;
	if (!fx_open(&f, false))
		return;
	CHECK(ash_casedb_person(f.db, "tanaka", ASH_ROLE_COORDINATOR, NULL, &id, &err) == 0);
	ash_casedb_close(f.db);
	CHECK(ash_casedb_open(f.c, &f.db, &err) == 0);
	CHECK_INT(ash_casedb_version(f.db), 1);
	CHECK_INT(pragma_int(f.db, "SELECT count(*) FROM people"), 1);
	CHECK_INT(pragma_int(f.db, "SELECT count(*) FROM sites"), 1);
	fx_close(&f);
}

TEST(casedb_newer_version_refused)
{
	char path[600];
	ash_casedb *db;
	ash_err err = {0};
	snprintf(path, sizeof path, "%s/case.db", ash_test_tmpdir());
	CHECK(ash_casedb_open_path(path, &db, &err) == 0);
	CHECK(ash_cdb_run(db, &err, NULL, "PRAGMA user_version = 99", "") == 0);
	ash_casedb_close(db);
	CHECK_INT(ash_casedb_open_path(path, &db, &err), ASH_EFORMAT);
	CHECK(strstr(err.msg, "newer") != NULL);
}

TEST(casedb_not_a_database)
{
	char path[600];
	ash_casedb *db;
	ash_err err = {0};
	snprintf(path, sizeof path, "%s/case.db", ash_test_tmpdir());
	FILE *fp = fopen(path, "w");
	fputs("this is not sqlite, just text long enough to be a header......\n", fp);
	for (int i = 0; i < 100; i++)
		fputs("garbage garbage garbage garbage garbage garbage garbage\n", fp);
	fclose(fp);
	CHECK(ash_casedb_open_path(path, &db, &err) != 0);
	CHECK(err.msg[0] != '\0');
}

TEST(casedb_migrate_is_idempotent)
{
	fx f;
	ash_err err = {0};
	static const ash_cdb_step steps[] = {{1, "case_schema.sql"}};
	static const ash_cdb_step missing[] = {{1, "case_schema.sql"},
					       {2, "no_such_step.sql"}};
	if (!fx_open(&f, false))
		return;
	CHECK(ash_cdb_migrate(f.db, steps, 1, &err) == 0);
	CHECK_INT(ash_casedb_version(f.db), 1);
	/* a step that is not embedded is a bug, reported, version unchanged */
	CHECK_INT(ash_cdb_migrate(f.db, missing, 2, &err), ASH_EINTERNAL);
	CHECK_INT(ash_casedb_version(f.db), 1);
	fx_close(&f);
}

TEST(casedb_sites_from_case_yaml)
{
	fx f;
	ash_err err = {0};
	if (!fx_open(&f, false))
		return;
	ash_casedb_snap *s = fx_snap(&f);
	CHECK_INT(s->nsites, 1);
	CHECK_STR(s->sites[0].name, "sg-hub");
	CHECK_STR(s->sites[0].timezone, "Asia/Singapore");
	CHECK_STR(s->case_name, "fx");
	ash_casedb_snap_free(s);
	/* a changed zone is copied in again, no duplicate site */
	free(f.c->sites[0].timezone);
	f.c->sites[0].timezone = strdup("Asia/Tokyo");
	CHECK(ash_casedb_sync_case(f.db, f.c, &err) == 0);
	s = fx_snap(&f);
	CHECK_INT(s->nsites, 1);
	CHECK_STR(s->sites[0].timezone, "Asia/Tokyo");
	ash_casedb_snap_free(s);
	fx_close(&f);
}

TEST(casedb_people_roles)
{
	fx f;
	ash_err err = {0};
	int64_t a, b;
	if (!fx_open(&f, false))
		return;
	CHECK(ash_casedb_person(f.db, "tanaka", ASH_ROLE_COORDINATOR, NULL, &a, &err) == 0);
	CHECK(ash_casedb_person(f.db, "tanaka", ASH_ROLE_LOG_ANALYST, NULL, &b, &err) == 0);
	CHECK_INT(a, b);
	CHECK(ash_casedb_person(f.db, "lee", ASH_ROLE_SITE_CONTACT, "sg-hub", &b, &err) == 0);
	CHECK_INT(ash_casedb_person(f.db, "x", 0, "mars", NULL, &err), ASH_ENOTFOUND);
	CHECK_INT(ash_casedb_person(f.db, "", 0, NULL, NULL, &err), ASH_EUSAGE);
	CHECK_INT(ash_casedb_person(f.db, "y", 1u << 9, NULL, NULL, &err), ASH_EUSAGE);
	ash_casedb_snap *s = fx_snap(&f);
	CHECK_INT(s->npeople, 2); /* "x" was rolled back with its unknown site */
	CHECK_INT(s->people[0].roles, ASH_ROLE_COORDINATOR | ASH_ROLE_LOG_ANALYST);
	CHECK_STR(s->people[1].site, "sg-hub");
	CHECK_INT(s->people[1].roles, ASH_ROLE_SITE_CONTACT);
	CHECK(s->people[0].site == NULL);
	ash_casedb_snap_free(s);
	CHECK_INT(ash_role_parse("log-analyst"), ASH_ROLE_LOG_ANALYST);
	CHECK_INT(ash_role_parse("boss"), 0);
	fx_close(&f);
}

TEST(casedb_observation_time_hosts_lang)
{
	fx f;
	ash_err err = {0};
	int64_t id;
	if (!fx_open(&f, false))
		return;
	const char *hosts[] = {"203.0.113.12", "2001:DB8:0:0::1"};
	ash_obs_in in = {.text = {"web02 sent a lot", NULL},
			 .at = {FX_T0, 9 * 3600, "Asia/Tokyo"}, .by = "tanaka",
			 .site = "sg-hub", .hosts = hosts, .nhosts = 2};
	CHECK(ash_casedb_obs_add(f.db, &in, &id, &err) == 0);
	ash_obs_in ja = {.text = {"負荷が急上昇した", NULL}, .at = {INT64_MIN, 0, NULL}};
	CHECK(ash_casedb_obs_add(f.db, &ja, &id, &err) == 0);
	ash_casedb_snap *s = fx_snap(&f);
	CHECK_INT(s->nobs, 2);
	const ash_cdb_obs *o = &s->obs[0];
	CHECK_INT(o->at_us, FX_T0);
	CHECK_INT(o->at_off, 32400);
	CHECK_STR(o->at_zone, "Asia/Tokyo");
	CHECK_STR(o->by, "tanaka");
	CHECK_STR(o->site, "sg-hub");
	CHECK_STR(o->source, "person");
	CHECK_INT(o->nhosts, 2);
	CHECK_STR(o->hosts[0], "2001:db8::1"); /* canonical, sorted */
	CHECK_STR(o->hosts[1], "203.0.113.12");
	CHECK_STR(o->text.lang, "en");
	CHECK_STR(o->text.en, "web02 sent a lot");
	CHECK(o->text.ja == NULL);
	CHECK_STR(s->obs[1].text.lang, "ja");
	CHECK_STR(s->obs[1].text.ja, "負荷が急上昇した");
	CHECK_INT(s->obs[1].at_us, FX_T0 + 86400000000ll); /* now (fixed clock) */
	CHECK(s->obs[1].at_zone == NULL);
	ash_casedb_snap_free(s);
	fx_close(&f);
}

TEST(casedb_observation_refusals_roll_back)
{
	fx f;
	ash_err err = {0};
	if (!fx_open(&f, false))
		return;
	const char *bad[] = {"203.0.113.12", "not-an-ip"};
	ash_obs_in in = {.text = {"x", NULL}, .at = {INT64_MIN, 0, NULL},
			 .by = "newperson", .hosts = bad, .nhosts = 2};
	CHECK_INT(ash_casedb_obs_add(f.db, &in, NULL, &err), ASH_EUSAGE);
	in.nhosts = 1, in.site = "nowhere";
	CHECK_INT(ash_casedb_obs_add(f.db, &in, NULL, &err), ASH_ENOTFOUND);
	in.site = NULL, in.text.text = "";
	CHECK_INT(ash_casedb_obs_add(f.db, &in, NULL, &err), ASH_EUSAGE);
	in.text = (ash_text_in){"x", "JA"};
	CHECK_INT(ash_casedb_obs_add(f.db, &in, NULL, &err), ASH_EUSAGE);
	/* nothing half-written: no observation, no host, no person */
	CHECK_INT(pragma_int(f.db, "SELECT count(*) FROM observations"), 0);
	CHECK_INT(pragma_int(f.db, "SELECT count(*) FROM observation_hosts"), 0);
	CHECK_INT(pragma_int(f.db, "SELECT count(*) FROM people"), 0);
	fx_close(&f);
}

TEST(casedb_actions)
{
	fx f;
	ash_err err = {0};
	int64_t id;
	if (!fx_open(&f, false))
		return;
	const char *hosts[] = {"203.0.113.12", "203.0.113.13"};
	ash_act_in in = {.what = {"cut off from the internet", "en"},
			 .kind = ASH_ACT_CONTAINMENT, .at = {FX_T0, 28800, NULL},
			 .by = "lee", .hosts = hosts, .nhosts = 2};
	CHECK(ash_casedb_act_add(f.db, &in, &id, &err) == 0);
	CHECK_INT(id, 1);
	in.kind = 7;
	CHECK_INT(ash_casedb_act_add(f.db, &in, &id, &err), ASH_EUSAGE);
	ash_casedb_snap *s = fx_snap(&f);
	CHECK_INT(s->nactions, 1);
	CHECK_INT(s->actions[0].kind, ASH_ACT_CONTAINMENT);
	CHECK_INT(s->actions[0].nhosts, 2);
	CHECK_STR(s->actions[0].by, "lee");
	CHECK_INT(s->actions[0].at_off, 28800);
	CHECK_STR(s->actions[0].what.orig, "cut off from the internet");
	ash_casedb_snap_free(s);
	fx_close(&f);
}

TEST(casedb_close_refused_then_forced)
{
	fx f;
	ash_err err = {0};
	size_t open = 0;
	if (!fx_open(&f, false))
		return;
	ash_hyp_in h = {.claim = {"web01 is infected", NULL},
			.verify = "finding:beacon:203.0.113.10"};
	CHECK(ash_casedb_hyp_add(f.db, &h, NULL, &err) == 0);
	CHECK_INT(ash_casedb_close_case(f.db, false, NULL, "lee", &open, &err), ASH_EEXIST);
	CHECK_INT(open, 1);
	CHECK(strstr(err.msg, "1 hypothesis still open") != NULL);
	CHECK_INT(ash_casedb_close_case(f.db, true, NULL, "lee", &open, &err), ASH_EUSAGE);
	ash_text_in why = {"HQ accepts the remaining risk", NULL};
	CHECK(ash_casedb_close_case(f.db, true, &why, "tanaka", &open, &err) == 0);
	ash_casedb_snap *s = fx_snap(&f);
	CHECK_INT(s->nclosures, 1);
	const ash_cdb_closure *c = ash_snap_closed(s);
	CHECK(c && c->forced);
	CHECK_INT(c->open_hypotheses, 1);
	CHECK_STR(c->reason.orig, "HQ accepts the remaining risk");
	CHECK_STR(c->by, "tanaka");
	CHECK_INT(s->npeople, 1); /* the refused closes wrote nothing */
	ash_casedb_snap_free(s);
	fx_close(&f);
}

TEST(casedb_close_without_open_hypotheses)
{
	fx f;
	ash_err err = {0};
	if (!fx_open(&f, false))
		return;
	CHECK(ash_casedb_close_case(f.db, false, NULL, NULL, NULL, &err) == 0);
	ash_casedb_snap *s = fx_snap(&f);
	CHECK(ash_snap_closed(s) && !ash_snap_closed(s)->forced);
	CHECK(s->closures[0].reason.orig == NULL);
	ash_casedb_snap_free(s);
	fx_close(&f);
}

TEST(casedb_translate_side_by_side)
{
	fx f;
	ash_err err = {0};
	int64_t id;
	bool orig;
	if (!fx_open(&f, false))
		return;
	ash_obs_in in = {.text = {"負荷が急上昇", "ja"}, .at = {INT64_MIN, 0, NULL}};
	CHECK(ash_casedb_obs_add(f.db, &in, &id, &err) == 0);
	CHECK(ash_casedb_translate(f.db, ASH_TEXT_OBSERVATION, id, "en",
				   "the load rose sharply", &err) == 0);
	CHECK_INT(ash_casedb_translate(f.db, ASH_TEXT_OBSERVATION, 99, "en", "x", &err),
		  ASH_ENOTFOUND);
	CHECK_INT(ash_casedb_translate(f.db, ASH_TEXT_OBSERVATION, id, "fr", "x", &err),
		  ASH_EUSAGE);
	ash_casedb_snap *s = fx_snap(&f);
	const ash_ctext *t = &s->obs[0].text;
	CHECK_STR(t->lang, "ja");
	CHECK_STR(t->orig, "負荷が急上昇");
	CHECK_STR(t->ja, "負荷が急上昇");
	CHECK_STR(t->en, "the load rose sharply");
	CHECK_STR(ash_ctext_in(t, "en", &orig), "the load rose sharply");
	CHECK(!orig);
	CHECK_STR(ash_ctext_in(t, "ja", &orig), "負荷が急上昇");
	CHECK(orig);
	CHECK_STR(ash_ctext_in(t, NULL, &orig), "負荷が急上昇");
	ash_casedb_snap_free(s);
	fx_close(&f);
}

/* texts that must come back byte for byte */
static char *hostile_big(size_t n)
{
	static const char pat[] = "ab\"'<>&\x1b[31m\xff\xfe;--";
	char *s = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = pat[i % (sizeof pat - 1)];
	s[n] = '\0';
	return s;
}

TEST(casedb_hostile_text_round_trips)
{
	fx f;
	ash_err err = {0};
	if (!fx_open(&f, false))
		return;
	char *big = hostile_big(100 * 1024);
	const char *texts[] = {
		"<script>alert(1)</script>", "\"quoted\" and 'single'",
		"\x1b]0;pwned\x07\x1b[2J red \x1b[31mX\x1b[0m",
		"bad utf-8 \xff\xfe\xc3( end", "'); DROP TABLE observations; --",
		"%s%n%x", big,
	};
	size_t n = sizeof texts / sizeof texts[0];
	for (size_t i = 0; i < n; i++) {
		ash_obs_in in = {.text = {texts[i], "en"}, .at = {INT64_MIN, 0, NULL},
				 .by = texts[i] == big ? "x" : texts[i]};
		CHECK(ash_casedb_obs_add(f.db, &in, NULL, &err) == 0);
	}
	ash_casedb_snap *s = fx_snap(&f);
	CHECK_INT(s->nobs, n);
	for (size_t i = 0; i < n && i < s->nobs; i++) {
		CHECK(strcmp(s->obs[i].text.orig, texts[i]) == 0);
		CHECK(strcmp(s->obs[i].text.en, texts[i]) == 0);
	}
	ash_casedb_snap_free(s);
	free(big);
	/* past the limit: refused */
	big = hostile_big(ASH_CASEDB_MAX_TEXT + 1);
	ash_obs_in in = {.text = {big, "en"}, .at = {INT64_MIN, 0, NULL}};
	CHECK_INT(ash_casedb_obs_add(f.db, &in, NULL, &err), ASH_ELIMIT);
	free(big);
	fx_close(&f);
}

TEST(casedb_lang_guess)
{
	CHECK_STR(ash_cdb_guess_lang("hello"), "en");
	CHECK_STR(ash_cdb_guess_lang("サーバ"), "ja");
	CHECK_STR(ash_cdb_guess_lang("web02 の通信"), "ja");
	CHECK_STR(ash_cdb_guess_lang("\xe3\x81"), "en"); /* cut sequence */
	CHECK_STR(ash_cdb_guess_lang("\xe3\xff\xff"), "en");
	CHECK(ash_lang_code_ok("ja") && ash_lang_code_ok("fil"));
	CHECK(!ash_lang_code_ok("j") && !ash_lang_code_ok("JA") && !ash_lang_code_ok("jpn1"));
}
