/* SPDX-License-Identifier: MIT */
/* fuzz_panos.c: libFuzzer target for the panos format (body in line_fuzz.h). */
#include "line_fuzz.h"

LINE_FUZZ_TARGET(ash_panos_parser)
