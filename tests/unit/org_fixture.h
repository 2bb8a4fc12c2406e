/* SPDX-License-Identifier: MIT */
/* org_fixture.h: a tiny framework and organisation for the governance
 * tests (test_org.c, test_assess.c, test_orgrisk.c): two functions of two
 * subcategories each, two sites weighted 3 and 1.  Header-only: static
 * helpers. */
#ifndef ASH_ORG_FIXTURE_H
#define ASH_ORG_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"
#include "org/framework.h"
#include "org/org.h"

static const char fx_fw_json[] =
	"{\"framework\": \"Tiny\", \"functions\": ["
	" {\"id\": \"F1\", \"name\": \"One\", \"description\": \"first\", \"categories\": ["
	"  {\"id\": \"F1.A\", \"name\": \"A\", \"subcategories\": ["
	"   {\"id\": \"F1.A-01\", \"description\": \"a one\", \"examples\": [\"ex\"]},"
	"   {\"id\": \"F1.A-02\", \"description\": \"a two\"}]}]},"
	" {\"id\": \"F2\", \"name\": \"Two\", \"categories\": ["
	"  {\"id\": \"F2.B\", \"name\": \"B\", \"subcategories\": ["
	"   {\"id\": \"F2.B-01\", \"description\": \"b one\"},"
	"   {\"id\": \"F2.B-02\", \"description\": \"b two\"}]}]}]}";

static const char fx_org_yaml[] =
	"org: tiny\n"
	"framework: tiny\n"
	"currency: JPY\n"
	"fx: {date: 2026-11-01, rates: {SGD: 100}}\n"
	"evidence: {max_age_days: 365, self: 0.8, stale: 0.75, none: 0.6}\n"
	"targets: {default: 3}\n"
	"sites:\n"
	"  - {name: big, country: JP, timezone: Asia/Tokyo, language: ja, currency: JPY,\n"
	"     criticality: 3}\n"
	"  - {name: small, country: SG, timezone: Asia/Singapore, language: en,\n"
	"     currency: SGD, criticality: 1, targets: {F2: 4}}\n";

static inline const char *fx_write(const char *dir, const char *name,
				   const char *text)
{
	static char path[4][1024];
	static int k;
	char *p = path[k++ & 3];
	if (snprintf(p, 1024, "%s/%s", dir, name) >= 1024)
		return p;
	FILE *f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return p;
}

static inline ash_fw *fx_fw(void)
{
	ash_fw *fw = NULL;
	ash_err err;
	if (ash_fw_parse("tiny", fx_fw_json, strlen(fx_fw_json), NULL, &fw, &err))
		fprintf(stderr, "fixture framework: %s\n", err.msg);
	return fw;
}

/* The organisation folder dir with org.yaml (and frameworks/tiny.json). */
static inline ash_org *fx_org(const char *dir)
{
	char sub[1024];
	if (snprintf(sub, sizeof sub, "%s/frameworks", dir) < (int)sizeof sub)
		mkdir(sub, 0755);
	fx_write(dir, "frameworks/tiny.json", fx_fw_json);
	fx_write(dir, "org.yaml", fx_org_yaml);
	ash_org *o = NULL;
	ash_err err;
	if (ash_org_load(dir, &o, &err))
		fprintf(stderr, "fixture org: %s\n", err.msg);
	return o;
}

#endif
