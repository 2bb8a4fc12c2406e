/* SPDX-License-Identifier: MIT */
/* detectors.c: the table of detectors, in the order triage runs them. */
#include "detect/detect.h"

int ash_detect_spike(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_dos(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_reflector(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_unknown(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_transfer(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_beacon(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_scan_source(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_policy(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_spoof(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_ioc(const ash_detect_ctx *x, ash_findings *out, ash_err *err);

const ash_detector ash_detectors[] = {
	{"traffic_spike", ash_detect_spike},
	{"dos_source", ash_detect_dos},
	{"dos_source", ash_detect_spoof}, /* spoofed sources leaving the site */
	{"reflector", ash_detect_reflector},
	{"unknown_asset", ash_detect_unknown},
	{"periodic_transfer", ash_detect_transfer},
	{"scan_source", ash_detect_scan_source},
	{"beacon", ash_detect_beacon},
	{"policy_violation", ash_detect_policy},
	{"ioc_match", ash_detect_ioc},
	{0, 0},
};
