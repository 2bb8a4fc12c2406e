/* SPDX-License-Identifier: MIT */
/* casedb_names.c: the names case.db stores for its enumerations (status,
 * role, cause, verification result, action kind) and back. */
#include "case/casedb.h"

#include <string.h>

static const char *const status_names[] = {"open", "confirmed", "refuted"};
static const char *const cause_names[] = {"created", "verify", "override"};
static const char *const vr_names[] = {"?", "confirmed", "refuted", "error"};
static const char *const act_names[] = {"containment", "fix", "other"};
static const struct {
	unsigned bit;
	const char *name, *alt;
} roles[] = {
	{ASH_ROLE_COORDINATOR, "coordinator", "coordinator"},
	{ASH_ROLE_LOG_ANALYST, "log_analyst", "log-analyst"},
	{ASH_ROLE_SITE_CONTACT, "site_contact", "site-contact"},
	{ASH_ROLE_PARTNER, "partner", "partner"},
};

#define NAME_OF(tab, i) \
	((i) >= 0 && (size_t)(i) < sizeof tab / sizeof tab[0] ? tab[i] : "?")

static int index_of(const char *const *tab, size_t n, const char *s)
{
	for (size_t i = 0; s && i < n; i++)
		if (!strcmp(tab[i], s))
			return (int)i;
	return -1;
}

const char *ash_hyp_status_name(int s) { return NAME_OF(status_names, s); }
const char *ash_cause_name(int c) { return NAME_OF(cause_names, c); }
const char *ash_vresult_name(int r) { return NAME_OF(vr_names, r); }
const char *ash_act_kind_name(int k) { return NAME_OF(act_names, k); }

int ash_hyp_status_parse(const char *s)
{
	return index_of(status_names, 3, s);
}

int ash_act_kind_parse(const char *s)
{
	return index_of(act_names, 3, s);
}

const char *ash_role_name(unsigned role)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].bit == role)
			return roles[i].name;
	return "?";
}

unsigned ash_role_parse(const char *s)
{
	for (size_t i = 0; s && i < sizeof roles / sizeof roles[0]; i++)
		if (!strcmp(roles[i].name, s) || !strcmp(roles[i].alt, s))
			return roles[i].bit;
	return 0;
}
