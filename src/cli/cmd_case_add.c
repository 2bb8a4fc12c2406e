/* SPDX-License-Identifier: MIT */
/* cmd_case_add.c: the case subcommands that add entries: observe,
 * hypothesize, act, person, translate.  Parsing and printing only; the
 * work is in src/case (casedb.h, verify.h, when.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/verify.h"
#include "case/timeline.h"
#include "cli/case_cli.h"

#define OPT_BY {"by", "PERSON", false, "who (a person of the case; added when new)"}
#define OPT_LANG {"lang", "LANG", false, "language of the text: ja, en, ... " \
		  "(default: ja when it holds kana/kanji, else en)"}
#define OPT_AT {"at", "TIME", false, "when (ISO 8601, e.g. '2026-11-25 01:10' " \
		"or 2026-11-25T01:10+08:00; default now)"}
#define OPT_TZ {"tz", "ZONE", false, "zone TIME is written in (IANA; default " \
		"the --site's zone, or the only site's)"}
#define OPT_HOST {"host", "IP", true, "a host it is about"}
#define OPT_SITE {"site", "SITE", false, "site it concerns (a site of case.yaml)"}

static size_t hosts_of(const ash_args *a, const char **v)
{
	size_t n = 0;
	for (const char *h; n < ASH_MAX_ARGS && (h = ash_arg_nth(a, "host", n));)
		v[n++] = h;
	return n;
}

/* "at UTC (as given LOCAL)" line for a stored human entry */
static void print_when(const char *id, const ash_when *w)
{
	char utc[ASH_TIME_STRLEN], orig[ASH_TIME_STRLEN];
	if (w->us == INT64_MIN) {
		printf("%s recorded (time: now)\n", id);
		return;
	}
	ash_case_cli_time(w->us, NULL, utc);
	ash_timeline_time_off(w->us, w->off, orig);
	printf("%s recorded at %s (as given: %s%s%s)\n", id, utc, orig,
	       w->zone ? " " : "", w->zone ? w->zone : "");
}

static const ash_opt observe_opts[] = {
	OPT_AT, OPT_TZ, OPT_BY, OPT_HOST, OPT_SITE, OPT_LANG, {0},
};

static int observe_run(int argc, char **argv);

const ash_cmd ash_case_observe = {
	.name = "case observe",
	.synopsis = "CASE TEXT [--at TIME --tz ZONE --by PERSON --host IP ... --site SITE --lang LANG]",
	.summary = "record what someone saw or reported",
	.opts = observe_opts,
	.examples = "  ashiato case observe c1 'web02 sent a lot of traffic' --at '2026-11-25 02:10' "
		    "--tz Asia/Tokyo --by tanaka --host 203.0.113.12\n",
	.run = observe_run,
};

static int observe_run(int argc, char **argv)
{
	ash_case_cli cc;
	ash_err err = {0};
	const char *hosts[ASH_MAX_ARGS];
	int64_t id;
	int rc;
	if (ash_case_cli_open(&ash_case_observe, argc, argv, 1, 1, &cc, &rc))
		goto out;
	ash_obs_in in = {.text = {cc.pos[0], ash_arg(&cc.a, "lang")},
			 .by = ash_arg(&cc.a, "by"), .site = ash_arg(&cc.a, "site")};
	in.hosts = hosts, in.nhosts = hosts_of(&cc.a, hosts);
	if ((rc = ash_case_cli_when(&cc, &in.at)))
		goto out;
	if (ash_casedb_obs_add(cc.db, &in, &id, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	char tag[32];
	snprintf(tag, sizeof tag, "O%lld", (long long)id);
	print_when(tag, &in.at);
out:
	ash_case_cli_close(&cc);
	return rc;
}

static const ash_opt hyp_opts[] = {
	{"verify", "CHECK", false, "a filter (docs/filter.md) or finding:KIND[:HOST]"},
	{"expect", "COND", false, "condition that confirms it, e.g. 'bytes > 10G', "
	 "'records = 0' (default for finding: 'findings >= 1')"},
	{"from", "OBS", false, "the observation it comes from (O3)"},
	OPT_BY, OPT_LANG, {0},
};

static int hyp_run(int argc, char **argv);

const ash_cmd ash_case_hypothesize = {
	.name = "case hypothesize",
	.synopsis = "CASE CLAIM --verify CHECK [--expect COND] [--from OBS --by PERSON --lang LANG]",
	.summary = "record a guess together with the check that decides it",
	.opts = hyp_opts,
	.examples = "  ashiato case hypothesize c1 'the big outbound transfer is the backup' "
		    "--verify 'src host 203.0.113.20 and dst port 873' --expect 'bytes > 10G'\n",
	.run = hyp_run,
};

static int hyp_run(int argc, char **argv)
{
	ash_case_cli cc;
	ash_err err = {0};
	int64_t id, obs = 0;
	int rc;
	if (ash_case_cli_open(&ash_case_hypothesize, argc, argv, 1, 1, &cc, &rc))
		goto out;
	const char *from = ash_arg(&cc.a, "from");
	if (from && ash_case_cli_id(from, 'O', &obs)) {
		ash_cli_error("case hypothesize: --from: expected an observation "
			      "id like O3");
		rc = ASH_EXIT_USAGE;
		goto out;
	}
	ash_hyp_in in = {.claim = {cc.pos[0], ash_arg(&cc.a, "lang")},
			 .verify = ash_arg(&cc.a, "verify"),
			 .expect = ash_arg(&cc.a, "expect"),
			 .by = ash_arg(&cc.a, "by"), .observation = obs};
	if (ash_verify_validate(cc.c, cc.s, in.verify, in.expect, &err) ||
	    ash_casedb_hyp_add(cc.db, &in, &id, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	char *dir = ash_case_cli_safe(cc.a.pos[0], 200);
	printf("H%lld open (decide it with: ashiato case verify %s H%lld)\n",
	       (long long)id, dir, (long long)id);
	free(dir);
out:
	ash_case_cli_close(&cc);
	return rc;
}

static const ash_opt act_opts[] = {
	{"kind", "KIND", false, "containment (default), fix or other"},
	OPT_BY, OPT_HOST, OPT_AT, OPT_TZ, OPT_SITE, OPT_LANG, {0},
};

static int act_run(int argc, char **argv);

const ash_cmd ash_case_act = {
	.name = "case act",
	.synopsis = "CASE WHAT [--kind containment|fix|other --by PERSON --host IP ... --at TIME --tz ZONE]",
	.summary = "record an action: containment or a fix, who did it, when, on which hosts",
	.opts = act_opts,
	.examples = "  ashiato case act c1 'cut web02 off the internet' --by lee --host 203.0.113.12\n",
	.run = act_run,
};

static int act_run(int argc, char **argv)
{
	ash_case_cli cc;
	ash_err err = {0};
	const char *hosts[ASH_MAX_ARGS];
	int64_t id;
	int rc;
	if (ash_case_cli_open(&ash_case_act, argc, argv, 1, 1, &cc, &rc))
		goto out;
	const char *k = ash_arg(&cc.a, "kind");
	ash_act_in in = {.what = {cc.pos[0], ash_arg(&cc.a, "lang")},
			 .kind = k ? ash_act_kind_parse(k) : ASH_ACT_CONTAINMENT,
			 .by = ash_arg(&cc.a, "by"), .site = ash_arg(&cc.a, "site")};
	in.hosts = hosts, in.nhosts = hosts_of(&cc.a, hosts);
	if ((rc = ash_case_cli_when(&cc, &in.at)))
		goto out;
	if (ash_casedb_act_add(cc.db, &in, &id, &err)) {
		rc = ash_cli_fail(&err);
		goto out;
	}
	char tag[32];
	snprintf(tag, sizeof tag, "A%lld", (long long)id);
	print_when(tag, &in.at);
out:
	ash_case_cli_close(&cc);
	return rc;
}

static const ash_opt person_opts[] = {
	{"role", "ROLE", true, "coordinator, log_analyst, site_contact or partner"},
	{"site", "SITE", false, "the site the person belongs to"},
	{0},
};

static int person_run(int argc, char **argv);

const ash_cmd ash_case_person = {
	.name = "case person",
	.synopsis = "CASE NAME [--role ROLE ...] [--site SITE]",
	.summary = "add a person of the case, their roles and site",
	.opts = person_opts,
	.examples = "  ashiato case person c1 tanaka --role coordinator\n"
		    "  ashiato case person c1 lee --role site_contact --site sg-hub\n",
	.run = person_run,
};

static int person_roles(ash_case_cli *cc, unsigned *roles)
{
	*roles = 0;
	for (size_t i = 0; ash_arg_nth(&cc->a, "role", i); i++) {
		unsigned r = ash_role_parse(ash_arg_nth(&cc->a, "role", i));
		if (!r) {
			ash_cli_error("case person: --role: expected coordinator, "
				      "log_analyst, site_contact or partner");
			return ASH_EXIT_USAGE;
		}
		*roles |= r;
	}
	return ASH_EXIT_OK;
}

static int person_run(int argc, char **argv)
{
	ash_case_cli cc;
	ash_err err = {0};
	unsigned roles;
	int rc;
	if (ash_case_cli_open(&ash_case_person, argc, argv, 1, 1, &cc, &rc) ||
	    (rc = person_roles(&cc, &roles)))
		goto out;
	const char *site = ash_arg(&cc.a, "site");
	int e = ash_casedb_person(cc.db, cc.pos[0], 0, site, NULL, &err);
	for (unsigned bit = 1; !e && bit <= ASH_ROLE_PARTNER; bit <<= 1)
		if (roles & bit)
			e = ash_casedb_person(cc.db, cc.pos[0], bit, NULL, NULL, &err);
	rc = e ? ash_cli_fail(&err) : ASH_EXIT_OK;
out:
	ash_case_cli_close(&cc);
	return rc;
}

static const ash_opt translate_opts[] = {
	{"lang", "LANG", false, "language of TEXT: ja or en (required)"}, {0},
};

static int translate_run(int argc, char **argv);

const ash_cmd ash_case_translate = {
	.name = "case translate",
	.synopsis = "CASE ID --lang ja|en TEXT",
	.summary = "add the Japanese or English version of a person's text",
	.details = "ID: O3 (observation), H2 (hypothesis), A1 (action), S5 (status\n"
		   "change: an override's reason), C1 (closure reason), K4 (custody note).",
	.opts = translate_opts,
	.examples = "  ashiato case translate c1 O3 --lang ja 'web02 が大量の通信を送信'\n",
	.run = translate_run,
};

static int translate_target(const char *s, int *of, int64_t *id)
{
	static const struct { char c; int of; } map[] = {
		{'O', ASH_TEXT_OBSERVATION}, {'H', ASH_TEXT_HYPOTHESIS},
		{'A', ASH_TEXT_ACTION}, {'S', ASH_TEXT_STATUS},
		{'C', ASH_TEXT_CLOSURE}, {'K', ASH_TEXT_CUSTODY},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if ((s[0] == map[i].c || s[0] == map[i].c + 32) &&
		    !ash_case_cli_id(s, map[i].c, id)) {
			*of = map[i].of;
			return 0;
		}
	return -1;
}

static int translate_run(int argc, char **argv)
{
	ash_case_cli cc;
	ash_err err = {0};
	int64_t id;
	int of, rc;
	if (ash_case_cli_open(&ash_case_translate, argc, argv, 2, 2, &cc, &rc))
		goto out;
	if (translate_target(cc.pos[0], &of, &id)) {
		ash_cli_error("case translate: ID must be like O3, H2, A1, S5, C1 or K4");
		rc = ASH_EXIT_USAGE;
		goto out;
	}
	if (ash_casedb_translate(cc.db, of, id, ash_arg(&cc.a, "lang"), cc.pos[1],
				 &err))
		rc = ash_cli_fail(&err);
out:
	ash_case_cli_close(&cc);
	return rc;
}
