/* SPDX-License-Identifier: MIT */
/* test_expect.c: the --expect condition (case/expect.h) and the --verify
 * detector reference (case/checkref.h): a truth table of texts. */
#include "harness.h"

#include "case/checkref.h"
#include "case/expect.h"

static const struct {
	const char *text;
	int rc;
	const char *canon;
} cases[] = {
	{"bytes > 10G", 0, "bytes > 10000000000"},
	{"records >= 1", 0, "records >= 1"},
	{"packets = 0", 0, "packets = 0"},
	{"records == 0", 0, "records = 0"},
	{"records!=0", 0, "records != 0"},
	{"  bytes<1.5k  ", 0, "bytes < 1500"},
	{"bytes <= 2.25M and records > 3", 0, "bytes <= 2250000 and records > 3"},
	{"findings >= 1", 0, "findings >= 1"},
	{"bytes > 18446744073709551615", 0, "bytes > 18446744073709551615"},
	{"bytes > 0.000000000001T", 0, "bytes > 1"},
	{"bytes > 18446744073709551616", ASH_ELIMIT, NULL},
	{"bytes > 20000000000T", ASH_ELIMIT, NULL},
	{"bytes > 1.5", ASH_EUSAGE, NULL},
	{"bytes > 1.G", ASH_EUSAGE, NULL},
	{"bytes > 1Gb", ASH_EUSAGE, NULL},
	{"bytes > -1", ASH_EUSAGE, NULL},
	{"bytes >> 1", ASH_EUSAGE, NULL},
	{"bytes", ASH_EUSAGE, NULL},
	{"", ASH_EUSAGE, NULL},
	{"octets > 1", ASH_EUSAGE, NULL},
	{"bytes > 1 or records > 1", ASH_EUSAGE, NULL},
	{"bytes > 1 and", ASH_EUSAGE, NULL},
	{"bytesx > 1", ASH_EUSAGE, NULL},
	{"a>1 and a>1 and a>1", ASH_EUSAGE, NULL},
};

TEST(expect_truth_table)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ash_expect e;
		ash_err err = {0};
		char buf[256];
		int rc = ash_expect_parse(cases[i].text, strlen(cases[i].text), &e, &err);
		if (rc != cases[i].rc)
			ash_test_fail(__FILE__, __LINE__, "'%s': rc %d, want %d (%s)",
				      cases[i].text, rc, cases[i].rc, err.msg);
		if (rc == 0) {
			ash_expect_format(&e, buf, sizeof buf);
			CHECK_STR(buf, cases[i].canon);
		} else {
			CHECK(strncmp(err.msg, "expect", 6) == 0);
		}
	}
}

TEST(expect_eval)
{
	ash_expect e;
	CHECK(ash_expect_parse("bytes > 10G and records >= 1", 28, &e, NULL) == 0);
	uint64_t yes[ASH_XM_COUNT_] = {1, 0, 10000000001ull, 0};
	uint64_t edge[ASH_XM_COUNT_] = {1, 0, 10000000000ull, 0};
	uint64_t none[ASH_XM_COUNT_] = {0, 0, 20000000000ull, 0};
	CHECK(ash_expect_eval(&e, yes));
	CHECK(!ash_expect_eval(&e, edge));
	CHECK(!ash_expect_eval(&e, none));
	CHECK(ash_expect_parse("packets = 0", 11, &e, NULL) == 0);
	CHECK(ash_expect_eval(&e, none));
	ash_expect empty = {0};
	CHECK(!ash_expect_eval(&empty, yes)); /* no term: never confirms */
}

TEST(expect_limits_and_nul)
{
	ash_expect e;
	char big[ASH_EXPECT_MAX_LEN + 2];
	memset(big, ' ', sizeof big);
	CHECK_INT(ash_expect_parse(big, sizeof big, &e, NULL), ASH_ELIMIT);
	const char nul[] = "bytes > 1\0 and x";
	CHECK_INT(ash_expect_parse(nul, sizeof nul - 1, &e, NULL), ASH_EUSAGE);
	CHECK(ash_expect_parse(nul, 9, &e, NULL) == 0);
	const char nine[] = "records>0 and records>0 and records>0 and records>0 and "
			    "records>0 and records>0 and records>0 and records>0 and records>0";
	CHECK_INT(ash_expect_parse(nine, strlen(nine), &e, NULL), ASH_ELIMIT);
	char small[8];
	CHECK(ash_expect_parse("bytes > 10G", 11, &e, NULL) == 0);
	CHECK_INT(ash_expect_format(&e, small, sizeof small), 19);
	CHECK_STR(small, "bytes >");
}

TEST(checkref_parse)
{
	ash_checkref r;
	ash_err err = {0};
	const char *t = "src host 203.0.113.20 and dst port 873";
	CHECK(ash_checkref_parse(t, strlen(t), &r, &err) == 0 && !r.detector);
	t = "finding:beacon";
	CHECK(ash_checkref_parse(t, strlen(t), &r, &err) == 0);
	CHECK(r.detector && !r.has_host);
	CHECK_STR(r.kind, "beacon");
	t = "finding:infected_cluster:2001:db8::5";
	CHECK(ash_checkref_parse(t, strlen(t), &r, &err) == 0);
	CHECK(r.has_host);
	CHECK_STR(r.kind, "infected_cluster");
	t = "finding:dos_source:203.0.113.10";
	CHECK(ash_checkref_parse(t, strlen(t), &r, &err) == 0 && r.has_host);
	const char *bad[] = {"finding:", "finding:Beacon", "finding:beacon:",
			     "finding:beacon:web01", "finding:a b",
			     "finding:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK_INT(ash_checkref_parse(bad[i], strlen(bad[i]), &r, &err), ASH_EUSAGE);
}
