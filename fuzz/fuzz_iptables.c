/* SPDX-License-Identifier: MIT */
/* fuzz_iptables.c: libFuzzer target for the iptables format (body in line_fuzz.h). */
#include "line_fuzz.h"

LINE_FUZZ_TARGET(ash_iptables_parser)
