/* SPDX-License-Identifier: MIT */
/* fuzz_srx.c: libFuzzer target for the srx format (body in line_fuzz.h). */
#include "line_fuzz.h"

LINE_FUZZ_TARGET(ash_srx_parser)
