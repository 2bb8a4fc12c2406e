/* SPDX-License-Identifier: MIT */
/* fuzz_assess_import.c: the answers importer (org/answers.h, CSV records
 * with quoted line breaks, every validation) on arbitrary bytes, against
 * NIST CSF 2.0 and a two-site organisation built in memory once.  The
 * first byte picks a --site filter so that path is covered too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "org/answers.h"

static ash_fw *fw;
static ash_org org;
static ash_org_site sites[2];

static void setup(void)
{
	ash_err err;
	if (ash_fw_load(NULL, "csf-2.0", NULL, &fw, &err))
		abort();
	ash_org_defaults(&org);
	sites[0] = (ash_org_site){.name = "sg-hub", .criticality = 4};
	sites[1] = (ash_org_site){.name = "jp-hq", .criticality = 5};
	org.sites = sites;
	org.nsites = 2;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fw)
		setup();
	ash_import_opts o = {.org = &org, .fw = fw, .by = "fuzz", .file_name = "f.csv",
			     .assessed_on = 20000, .today = 20000,
			     .site = size && (data[0] & 1) ? "sg-hub" : NULL};
	ash_import im;
	ash_err err;
	int rc = ash_answers_parse((const char *)data, size, &o, &im, &err);
	/* the contract: answers only without issues, issues only with an error */
	if (rc == 0 && (im.nissues || !im.na))
		abort();
	if (rc && im.na)
		abort();
	for (size_t i = 0; i < im.na; i++)
		for (size_t k = 0; k < im.a[i].nanswers; k++) {
			const ash_answer *x = &im.a[i].answers[k];
			if (x->level > 4 || x->level < -1 || x->coverage > 100 ||
			    ash_fw_find(fw, x->item) < 0 || !x->assessor)
				abort();
		}
	ash_import_free(&im);
	return 0;
}
