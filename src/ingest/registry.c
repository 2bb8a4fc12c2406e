/* SPDX-License-Identifier: MIT */
/* registry.c: the table of source formats, lookup by name, and the
 * sniffer that picks a format for an input from its first bytes.
 * Does not: read files (the caller passes the sample) or parse lines. */
#include "ingest/parser.h"

#include <stdio.h>
#include <string.h>

const ash_parser *const ash_parsers[] = {
	&ash_iptables_parser,
	&ash_zeek_parser,
	&ash_filterlog_parser,
	&ash_panos_parser,
	&ash_asa_parser,
	&ash_fortigate_parser,
	&ash_nfcapd_parser,
	&ash_srx_parser,
	&ash_winfw_parser,
	&ash_csv_parser,
	&ash_pcap_parser,
	&ash_netflow_parser,
	NULL,
};

const ash_parser *ash_parser_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; ash_parsers[i]; i++)
		if (!strcmp(ash_parsers[i]->name, name))
			return ash_parsers[i];
	return NULL;
}

/* Highest score wins; on a tie the earlier format in the table. */
const ash_parser *ash_parser_sniff(const char *buf, size_t n, int *score)
{
	const ash_parser *best = NULL;
	int best_score = 0;
	for (size_t i = 0; buf && ash_parsers[i]; i++) {
		int s = ash_parsers[i]->sniff(buf, n);
		if (s > best_score) {
			best_score = s;
			best = ash_parsers[i];
		}
	}
	if (score)
		*score = best_score;
	return best;
}

void ash_parser_names(char *buf, size_t cap)
{
	size_t o = 0;
	if (!cap)
		return;
	buf[0] = '\0';
	for (size_t i = 0; ash_parsers[i] && o < cap; i++) {
		int n = snprintf(buf + o, cap - o, "%s%s", i ? ", " : "",
				 ash_parsers[i]->name);
		if (n < 0)
			break;
		o += (size_t)n;
	}
}
