/* SPDX-License-Identifier: MIT */
/* fuzz_case.c: case.yaml reader on arbitrary bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "case/case.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/ash-fuzz-case-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	ash_case *c = NULL;
	ash_err err;
	if (ash_case_parse_file(path, &c, &err) == 0) {
		ash_ip ip = {{0}};
		ash_case_net_of(c, &ip);
		ash_case_free(c);
	}
	unlink(path);
	return 0;
}
