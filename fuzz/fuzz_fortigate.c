/* SPDX-License-Identifier: MIT */
/* fuzz_fortigate.c: libFuzzer target for the fortigate format (body in line_fuzz.h). */
#include "line_fuzz.h"

LINE_FUZZ_TARGET(ash_fortigate_parser)
