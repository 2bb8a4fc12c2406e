/* SPDX-License-Identifier: MIT */
/* fuzz_filterlog.c: libFuzzer target for the filterlog format (body in line_fuzz.h). */
#include "line_fuzz.h"

LINE_FUZZ_TARGET(ash_filterlog_parser)
