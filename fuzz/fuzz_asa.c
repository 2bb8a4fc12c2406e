/* SPDX-License-Identifier: MIT */
/* fuzz_asa.c: libFuzzer target for the asa format (body in line_fuzz.h). */
#include "line_fuzz.h"

LINE_FUZZ_TARGET(ash_asa_parser)
