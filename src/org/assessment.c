/* SPDX-License-Identifier: MIT */
/* assessment.c: freeing and copying answers (assessment.h). */
#include "org/assessment.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void ash_answer_clear(ash_answer *x)
{
	free(x->evidence), free(x->ref), free(x->assessor), free(x->note);
	x->evidence = x->ref = x->assessor = x->note = NULL;
}

static char *dup0(const char *s)
{
	return s ? ash_strdup(s) : NULL;
}

void ash_answer_copy(ash_answer *dst, const ash_answer *src)
{
	*dst = *src;
	dst->evidence = dup0(src->evidence);
	dst->ref = dup0(src->ref);
	dst->assessor = dup0(src->assessor);
	dst->note = dup0(src->note);
}

void ash_assessment_clear(ash_assessment *a)
{
	for (size_t k = 0; k < a->nanswers; k++)
		ash_answer_clear(&a->answers[k]);
	free(a->answers), free(a->site), free(a->fw_key);
	free(a->imported_by), free(a->source_file), free(a->note);
	memset(a, 0, sizeof *a);
}

void ash_assessments_free(ash_assessment *a, size_t n)
{
	if (!a)
		return;
	for (size_t i = 0; i < n; i++)
		ash_assessment_clear(&a[i]);
	free(a);
}

double ash_answer_effective(const ash_evpolicy *p, const ash_answer *x,
			    int32_t asof, unsigned *weak)
{
	ash_scale_in e = {
		.level = x->level < 0 ? 0 : x->level,
		.source = x->source,
		.has_evidence = (x->evidence && *x->evidence) || (x->ref && *x->ref),
		.date = x->date,
		.coverage = x->coverage,
	};
	return ash_scale_effective(p, &e, asof, weak);
}
