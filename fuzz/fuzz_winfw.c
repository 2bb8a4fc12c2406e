/* SPDX-License-Identifier: MIT */
/* fuzz_winfw.c: libFuzzer target for the winfw format (body in line_fuzz.h). */
#include "line_fuzz.h"

LINE_FUZZ_TARGET(ash_winfw_parser)
