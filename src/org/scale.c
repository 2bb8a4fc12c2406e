/* SPDX-License-Identifier: MIT */
/* scale.c: level names, the evidence discount, day numbers (scale.h). */
#include "org/scale.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/tztime.h"

static const char *const names_en[] = {"not implemented", "initiated",
				       "performed", "managed", "optimised"};
static const char *const names_ja[] = {"未実施", "着手", "実施", "管理",
				       "最適化"};
static const char *const help_en[] = {
	"nothing in place",
	"started, ad hoc, depends on individuals",
	"done in practice across the site, not yet documented or measured",
	"documented, owned, reviewed and measured",
	"measured and improved continuously, aligned with headquarters"};
static const char *const help_ja[] = {
	"何も実施していない",
	"着手しているが場当たり的で、個人に依存している",
	"拠点全体で実際に行われているが、文書化や測定はまだ",
	"文書化され、責任者が決まり、見直しと測定が行われている",
	"測定に基づき継続的に改善され、本社と整合している"};

double ash_scale_effective(const ash_evpolicy *p, const ash_scale_in *e,
			   int32_t asof, unsigned *weak)
{
	unsigned w = 0;
	double score = 0;
	if (e->level <= 0 || e->level > ASH_LEVEL_MAX)
		goto out;
	score = e->level;
	if (e->source == ASH_SRC_SELF) {
		w |= ASH_WEAK_SELF;
		score *= p->self_factor;
	}
	if (e->date == ASH_DAY_UNKNOWN ||
	    (int64_t)asof - e->date > (int64_t)p->max_age_days) {
		w |= ASH_WEAK_STALE;
		score *= p->stale_factor;
	}
	if (!e->has_evidence) {
		w |= ASH_WEAK_NONE;
		score *= p->none_factor;
	}
	if (e->coverage >= 0 && e->coverage < 100) {
		w |= ASH_WEAK_PARTIAL;
		score *= e->coverage / 100.0;
	}
out:
	if (weak)
		*weak = w;
	return score;
}

const char *ash_level_name(int level, const char *lang)
{
	if (level < 0 || level > ASH_LEVEL_MAX)
		return NULL;
	return lang && !strcmp(lang, "ja") ? names_ja[level] : names_en[level];
}

const char *ash_level_help(int level, const char *lang)
{
	if (level < 0 || level > ASH_LEVEL_MAX)
		return NULL;
	return lang && !strcmp(lang, "ja") ? help_ja[level] : help_en[level];
}

static const char *const sources[] = {"self", "internal", "external", "case"};

const char *ash_source_name(int source)
{
	return source >= 0 && source <= ASH_SRC_CASE ? sources[source] : "?";
}

int ash_source_parse(const char *s)
{
	for (int i = 0; i <= ASH_SRC_CASE; i++)
		if (!strcmp(s, sources[i]))
			return i;
	return -1;
}

static int digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int ash_day_parse(const char *s, size_t n, int32_t *day)
{
	int y, m, d;
	if (n != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
	    digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return -1;
	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > ash_days_in_month(y, m))
		return -1;
	ash_civil c = {.year = y, .mon = m, .day = d};
	*day = (int32_t)(ash_civil_to_epoch(&c) / 86400);
	return 0;
}

void ash_day_format(int32_t day, char buf[11])
{
	ash_civil c;
	ash_epoch_to_civil((int64_t)day * 86400, &c);
	unsigned y = (unsigned)c.year % 10000u, m = (unsigned)c.mon % 100u,
		 d = (unsigned)c.day % 100u;
	snprintf(buf, 11, "%04u-%02u-%02u", y, m, d);
}

int32_t ash_day_today(void)
{
	return (int32_t)(time(NULL) / 86400);
}
