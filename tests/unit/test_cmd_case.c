/* SPDX-License-Identifier: MIT */
/* test_cmd_case.c: the case subcommands' tables (every subcommand and
 * every option is documented in `ashiato case --help`, hence its man
 * page), entry ids and terminal-safe text of src/cli/case_cli.c. */
#include "harness.h"

#include <stdlib.h>

#include "cli/case_cli.h"

extern const ash_cmd ash_cmd_case, ash_cmd_timeline;

TEST(cmd_case_details_cover_subcommands)
{
	const ash_cmd *subs[] = {
		&ash_case_observe, &ash_case_hypothesize, &ash_case_verify,
		&ash_case_override, &ash_case_act, &ash_case_person,
		&ash_case_evidence, &ash_case_translate, &ash_case_show,
		&ash_case_close,
	};
	const char *d = ash_cmd_case.details;
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
		const char *name = subs[i]->name + 5; /* after "case " */
		CHECK(!strncmp(subs[i]->name, "case ", 5));
		char line[64];
		snprintf(line, sizeof line, "\n%s CASE", name);
		if (!strstr(d, line))
			ash_test_fail(__FILE__, __LINE__, "'%s' not in case details", name);
		for (const ash_opt *o = subs[i]->opts; o->name; o++) {
			char opt[64];
			snprintf(opt, sizeof opt, "--%s", o->name);
			if (!strstr(d, opt))
				ash_test_fail(__FILE__, __LINE__, "%s %s not in case details",
					      name, opt);
		}
	}
	CHECK(ash_cmd_timeline.opts[0].name != NULL);
}

TEST(cmd_case_ids)
{
	int64_t id = 0;
	CHECK(ash_case_cli_id("H12", 'H', &id) == 0 && id == 12);
	CHECK(ash_case_cli_id("h3", 'H', &id) == 0 && id == 3);
	CHECK(ash_case_cli_id("7", 'O', &id) == 0 && id == 7);
	CHECK(ash_case_cli_id("O7", 'H', &id) != 0);
	CHECK(ash_case_cli_id("H", 'H', &id) != 0);
	CHECK(ash_case_cli_id("H0", 'H', &id) != 0);
	CHECK(ash_case_cli_id("H-1", 'H', &id) != 0);
	CHECK(ash_case_cli_id("H1x", 'H', &id) != 0);
	CHECK(ash_case_cli_id("", 'H', &id) != 0);
}

TEST(cmd_case_safe_text)
{
	char *s = ash_case_cli_safe("a\x1b[31mb\xff", 100);
	CHECK(strchr(s, 0x1b) == NULL);
	CHECK(strstr(s, "\\x1b") != NULL && strstr(s, "\\xff") != NULL);
	free(s);
	s = ash_case_cli_safe("abcdef", 3);
	CHECK_STR(s, "abc...");
	free(s);
	s = ash_case_cli_safe("", 3);
	CHECK_STR(s, "");
	free(s);
}
