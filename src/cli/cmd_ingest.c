/* SPDX-License-Identifier: MIT */
/* cmd_ingest.c: `ashiato ingest CASE FILE...`: keep, parse and store
 * evidence files, printing the accounting of every record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/open.h"
#include "cli/progress.h"
#include "ingest/ingest.h"
#include "ingest/csvmap.h"
#include "ingest/parser.h"

static const ash_opt opts[] = {
	{"format", "FMT", false, "auto (default: sniff the first bytes) or a format named above"},
	{"site", "NAME", false, "site the evidence comes from (default: the first site of case.yaml)"},
	{"tz", "ZONE", false, "zone of timestamps that carry none (default: the site's zone)"},
	{"year", "YYYY", false, "year of syslog stamps without one (default: from the file's date)"},
	{"map", "SPEC", false, "columns of --format csv: time=0,src=2,dst=3,... or time=Timestamp,src=Source IP,..., or the NAME of a csv_maps entry of case.yaml (default: its 'default' or only entry)"},
	{0},
};

static int run(int argc, char **argv);

const ash_cmd ash_cmd_ingest = {
	.name = "ingest",
	.synopsis = "CASE FILE... [--format FMT] [--site NAME] [--tz ZONE] [--year YYYY] [--map SPEC]",
	.summary = "keep evidence files and load their records into the case's store",
	.details =
		"Each FILE (plain, gzip or zstd; '-' reads standard input) is first copied\n"
		"byte for byte to CASE/evidence/<sha256>, then parsed into the store in one\n"
		"atomic step: if ingest stops half-way (crash, kill -9, full disk) the store\n"
		"is as it was, and running the same command again completes it.  Content\n"
		"already in the store is not ingested twice (a no-op that says so).\n\n"
		"Every record is accounted for: the closing lines show\n"
		"  lines = records + header/comment lines\n"
		"  records = stored + rejected\n"
		"and each rejected line is kept with its line number and reason in\n"
		"CASE/store/rejects/<sha256>.tsv.\n\n"
		"Formats (docs/formats.md): iptables (netfilter LOG lines in syslog,\n"
		"kern.log, journald exports), zeek (conn.log, TSV or JSON lines), asa\n"
		"(Cisco ASA/FTD), fortigate, panos (PAN-OS TRAFFIC), filterlog (pfSense,\n"
		"OPNsense), srx (Juniper RT_FLOW), winfw (Windows Firewall), csv (with\n"
		"--map or case.yaml's csv_maps), netflow (NetFlow v5/v9/IPFIX exports in a capture), nfcapd\n"
		"(nfdump files) and pcap (captures metered into flows).  Stamps without a\n"
		"zone are read in --tz, by default the site's zone from case.yaml; syslog\n"
		"stamps without a year take --year or the year that puts them just before\n"
		"the file's modification date.  Binary formats count their own units\n"
		"(packets, datagrams, records): read = used + rejected + skipped.",
	.opts = opts,
	.examples =
		"  ashiato ingest case1 kern.log                # sniff the format\n"
		"  ashiato ingest case1 conn.log.gz --format zeek\n"
		"  zcat fw-*.gz | ashiato ingest case1 - --year 2026 --tz Asia/Singapore\n"
		"  ashiato ingest case1 exports.pcap asa.log.gz capture.pcapng.zst\n"
		"  ashiato ingest case1 flows.csv --format csv \\\n"
		"      --map 'time=Timestamp,src=Source IP,dst=Dest IP,dport=Port,bytes=Bytes'\n"
		"  ashiato ingest case1 export.csv --format csv --map edge-fw  # case.yaml csv_maps\n",
	.run = run,
};

static void print_result(const ash_ingest_result *r, const char *shown)
{
	char sz[16], rate[16], recs[16];
	if (r->duplicate) {
		printf("%s: already in the store (sha256 %.16s..., %llu records stored, "
		       "%llu rejected): nothing to do\n", shown, r->sha_hex,
		       (unsigned long long)r->stored, (unsigned long long)r->rejected);
		return;
	}
	double secs = r->seconds > 0 ? r->seconds : 1e-9;
	printf("%s: %s", shown, r->format);
	if (r->sniff_score)
		printf(" (detected, confidence %d%%)", r->sniff_score);
	printf(", %s in %.2f s (%s/s, %s records stored/s), sha256 %.16s...\n",
	       ash_human_bytes((double)r->size, sz), r->seconds,
	       ash_human_bytes((double)r->size / secs, rate),
	       ash_human_count((double)r->stored / secs, recs), r->sha_hex);
	if (r->units.name) { /* a binary format: its own units */
		const ash_units *u = &r->units;
		printf("  %s %llu = used %llu + rejected %llu + skipped %llu%s%s%s\n",
		       u->name, (unsigned long long)u->read, (unsigned long long)u->used,
		       (unsigned long long)u->rejected, (unsigned long long)u->skipped,
		       u->rejected ? " (reasons in " : "",
		       u->rejected ? r->rejects_path : "", u->rejected ? ")" : "");
		printf("  records stored %llu\n", (unsigned long long)r->stored);
		return;
	}
	printf("  lines   %llu = records %llu + header/comment %llu\n",
	       (unsigned long long)r->lines, (unsigned long long)r->records,
	       (unsigned long long)r->meta);
	printf("  records %llu = stored %llu + rejected %llu%s%s%s\n",
	       (unsigned long long)r->records, (unsigned long long)r->stored,
	       (unsigned long long)r->rejected, r->rejected ? " (reasons in " : "",
	       r->rejected ? r->rejects_path : "", r->rejected ? ")" : "");
}

/* File names are shown escaped: they may come from a hostile archive. */
static void safe_name(const char *in, char *out, size_t cap)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)in; *p && o + 5 < cap; p++)
		o += (size_t)snprintf(out + o, cap - o, (*p < 0x20 || *p == 0x7f) ? "\\x%02x" : "%c", *p);
	out[o] = '\0';
}

/* The bar restarts per phase, with the phase in its label. */
typedef struct bar {
	ash_progress pr;
	const char *shown;
	char label[600];
} bar;

static void on_phase(void *ctx, const char *phase)
{
	bar *b = ctx;
	ash_progress_end(&b->pr);
	snprintf(b->label, sizeof b->label, "%s (%s)", b->shown,
		 !strcmp(phase, "keep") ? "keeping evidence" : "parsing");
	ash_progress_start(&b->pr, b->label);
}

static void on_progress(void *ctx, uint64_t done, uint64_t total, uint64_t records)
{
	ash_progress_update(&((bar *)ctx)->pr, done, total, records);
}

static int ingest_one(ash_store *st, const char *evdir, const char *path,
		      ash_ingest_opts *o)
{
	char shown[512];
	safe_name(strcmp(path, "-") ? path : "stdin", shown, sizeof shown);
	bar b = {.shown = shown};
	ash_progress_start(&b.pr, shown);
	o->progress = on_progress;
	o->phase = on_phase;
	o->progress_ctx = &b;
	ash_ingest_result r;
	ash_err err;
	int rc = ash_ingest_file(st, evdir, path, o, &r, &err);
	ash_progress_end(&b.pr);
	if (rc) {
		ash_cli_error("%s", err.msg);
		return rc == ASH_EUSAGE ? ASH_EXIT_USAGE : ASH_EXIT_FAIL;
	}
	print_result(&r, shown);
	fflush(stdout);
	return ASH_EXIT_OK;
}

/* --map goes with --format csv only. */
static int check_map(const char *format, const char *map)
{
	if (map && !(format && !strcmp(format, "csv"))) {
		ash_cli_error("--map: only for --format csv");
		return ASH_EXIT_USAGE;
	}
	return 0;
}

/* The mapping of --format csv: --map SPEC as given, --map NAME from
 * case.yaml's csv_maps, or without --map the case's default one; checked
 * before anything is read. */
static int resolve_map(const ash_case *c, const char *format, const char **map)
{
	if (!format || strcmp(format, "csv"))
		return 0;
	const ash_csvmap_def *d = NULL;
	ash_err err;
	if (!*map || !strchr(*map, '=')) {
		if (!(d = ash_case_csv_map(c, *map))) {
			if (*map)
				ash_cli_error("--map %s: neither a mapping (time=...,src=...,dst=...) "
					      "nor the name of a csv_maps entry of case.yaml", *map);
			else
				ash_cli_error("--format csv needs --map SPEC (time=...,src=...,dst=...) "
					      "or a csv_maps entry in case.yaml (docs/formats.md, csv)");
			return ASH_EXIT_USAGE;
		}
		*map = d->spec;
	}
	if (ash_csvmap_check(*map, &err)) {
		if (d)
			ash_cli_error("case.yaml:%zu: csv map '%s': %s", d->line, d->name, err.msg);
		else
			ash_cli_error("%s", err.msg);
		return ASH_EXIT_USAGE;
	}
	return 0;
}

static int run(int argc, char **argv)
{
	ash_args a;
	int rc;
	if (ash_args_parse(&ash_cmd_ingest, argc, argv, &a, &rc))
		return rc;
	if (a.npos < 2) {
		ash_cli_error("ingest: give the case folder and at least one file "
			      "(see 'ashiato ingest --help')");
		return ASH_EXIT_USAGE;
	}
	ash_ingest_opts o = {.format = ash_arg(&a, "format")};
	if (o.format && strcmp(o.format, "auto") != 0 && !ash_parser_find(o.format)) {
		char names[512];
		ash_parser_names(names, sizeof names);
		ash_cli_error("--format %s: unknown format (formats: auto, %s)",
			      o.format, names);
		return ASH_EXIT_USAGE;
	}
	o.csv_map = ash_arg(&a, "map");
	if ((rc = check_map(o.format, o.csv_map)))
		return rc;
	if (ash_arg(&a, "year")) {
		char *end;
		long y = strtol(ash_arg(&a, "year"), &end, 10);
		if (*end || y < 1970 || y > 9999) {
			ash_cli_error("--year: want a year such as 2026");
			return ASH_EXIT_USAGE;
		}
		o.year = (int)y;
	}
	ash_case *c;
	ash_store *st;
	if ((rc = ash_cli_open(a.pos[0], &c, &st)))
		return rc;
	const ash_site *site = ash_case_site(c, ash_arg(&a, "site"));
	if (!site) {
		ash_cli_error("--site %s: no such site in case.yaml", ash_arg(&a, "site"));
		rc = ASH_EXIT_USAGE;
		goto out;
	}
	o.site = site->name;
	if ((rc = resolve_map(c, o.format, &o.csv_map)))
		goto out;
	const char *tzname = ash_arg(&a, "tz") ? ash_arg(&a, "tz") : site->timezone;
	ash_err err;
	if (ash_tz_open(tzname, &o.tz, &err)) {
		ash_cli_error("--tz: %s", err.msg);
		rc = ASH_EXIT_USAGE;
		goto out;
	}
	char evdir[4096];
	ash_case_path(c, "evidence", evdir, sizeof evdir);
	for (size_t i = 1; i < a.npos; i++) {
		int r1 = ingest_one(st, evdir, a.pos[i], &o);
		if (r1 > rc)
			rc = r1;
	}
out:
	ash_tz_free(o.tz);
	ash_cli_close(c, st);
	return rc;
}
