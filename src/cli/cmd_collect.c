/* SPDX-License-Identifier: MIT */
/* cmd_collect.c: `ashiato collect CASE --listen udp://ADDR:PORT`: receive
 * flow exports (or syslog lines) and commit them to the store every
 * interval, one status line per interval on stderr, until SIGINT or
 * SIGTERM.  The work is in ingest/collect.c. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/open.h"
#include "cli/progress.h"
#include "ingest/collect.h"
#include "ingest/parser.h"

static const ash_opt opts[] = {
	{"listen", "URL", false, "udp://ADDR:PORT (NetFlow v5/v9, IPFIX) or syslog+udp://ADDR:PORT"},
	{"interval", "TIME", false, "commit every TIME: 500ms, 10s (default), 5m"},
	{"format", "FMT", false, "syslog only: the text format (default: sniffed per interval)"},
	{"site", "NAME", false, "site the evidence comes from (default: the first site of case.yaml)"},
	{"tz", "ZONE", false, "zone of syslog timestamps that carry none (default: the site's zone)"},
	{"year", "YYYY", false, "year of syslog stamps without one (default: from the date)"},
	{0},
};

static int run(int argc, char **argv);

const ash_cmd ash_cmd_collect = {
	.name = "collect",
	.synopsis = "CASE --listen URL [--interval TIME] [--format FMT] [--site NAME] [--tz ZONE] [--year YYYY]",
	.summary = "receive flow exports or syslog over UDP into the store, live",
	.details =
		"Listens on a UDP address and commits what arrives to the case's store\n"
		"every interval.  Each interval is first written as one evidence file\n"
		"(a pcap of the export datagrams, re-ingestable with --format netflow,\n"
		"or the syslog lines as text), then ingested in one transaction, so a\n"
		"crash loses at most the interval being received; files left by a crash\n"
		"are ingested when collect starts again.  Templates received in earlier\n"
		"intervals are written at the head of each capture, so every interval\n"
		"file decodes on its own.  Datagrams whose data came before its template\n"
		"are held for the next intervals until the template comes (an hour at\n"
		"most).  One status line per interval goes to stderr.  SIGINT or SIGTERM\n"
		"ends collection after committing everything received (held data whose\n"
		"template never came is kept as rejects, with that reason).\n\n"
		"udp:// takes NetFlow v5, v9 and IPFIX; syslog+udp:// takes one or more\n"
		"syslog lines per datagram in any text format (docs/formats.md).",
	.opts = opts,
	.examples =
		"  ashiato collect case1 --listen udp://127.0.0.1:2055 --interval 10s\n"
		"  ashiato collect case1 --listen syslog+udp://[::1]:5514 --format asa\n",
	.run = run,
};

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static int64_t parse_interval(const char *s)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || v <= 0 || v > 86400 * 1000.0)
		return -1;
	double ms = !strcmp(end, "ms") ? v
		    : (!strcmp(end, "s") || !*end) ? v * 1000
		    : !strcmp(end, "m") ? v * 60000
		    : !strcmp(end, "h") ? v * 3600000 : -1;
	return ms >= 1 && ms <= 86400000.0 ? (int64_t)ms : -1;
}

static void on_ready(void *ctx, const char *addr)
{
	(void)ctx;
	fprintf(stderr, "ashiato: collect: listening on %s\n", addr);
	fflush(stderr);
}

static void on_status(void *ctx, const ash_collect_status *st)
{
	(void)ctx;
	char sz[16];
	if (st->interval)
		fprintf(stderr, "ashiato: collect: interval %llu: %llu datagrams (%s)",
			(unsigned long long)st->interval,
			(unsigned long long)st->datagrams,
			ash_human_bytes((double)st->bytes, sz));
	else
		fprintf(stderr, "ashiato: collect: leftover %s", st->res ? st->res->name : "");
	if (st->res) {
		const ash_ingest_result *r = st->res;
		fprintf(stderr, ", %s: %llu records stored, %llu rejected",
			r->format ? r->format : "?", (unsigned long long)r->stored,
			(unsigned long long)r->rejected);
		if (r->units.name)
			fprintf(stderr, " (%s %llu = used %llu + rejected %llu + skipped %llu)",
				r->units.name, (unsigned long long)r->units.read,
				(unsigned long long)r->units.used,
				(unsigned long long)r->units.rejected,
				(unsigned long long)r->units.skipped);
	}
	if (st->held)
		fprintf(stderr, "; %llu datagrams held for the next interval "
			"(data before its template)", (unsigned long long)st->held);
	fputc('\n', stderr);
	fflush(stderr);
}

static int check_opts(const ash_args *a, ash_collect_opts *co)
{
	ash_err err;
	co->listen = ash_arg(a, "listen");
	if (!co->listen || ash_collect_check_listen(co->listen, &err)) {
		ash_cli_error("%s", co->listen ? err.msg
			      : "collect: give --listen udp://ADDR:PORT (see 'ashiato collect --help')");
		return ASH_EXIT_USAGE;
	}
	const char *iv = ash_arg(a, "interval");
	co->interval_ms = iv ? parse_interval(iv) : 10000;
	if (co->interval_ms <= 0) {
		ash_cli_error("--interval %s: want a duration such as 500ms, 10s or 5m", iv);
		return ASH_EXIT_USAGE;
	}
	const char *fmt = ash_arg(a, "format");
	if (fmt && strcmp(fmt, "auto") && !ash_parser_find(fmt)) {
		ash_cli_error("--format %s: unknown format", fmt);
		return ASH_EXIT_USAGE;
	}
	co->ingest.format = fmt;
	if (ash_arg(a, "year")) {
		char *end;
		long y = strtol(ash_arg(a, "year"), &end, 10);
		if (*end || y < 1970 || y > 9999) {
			ash_cli_error("--year: want a year such as 2026");
			return ASH_EXIT_USAGE;
		}
		co->ingest.year = (int)y;
	}
	return 0;
}

static void handle_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART; /* ingest's I/O goes on; poll() still wakes */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static int run(int argc, char **argv)
{
	ash_args a;
	int rc;
	if (ash_args_parse(&ash_cmd_collect, argc, argv, &a, &rc))
		return rc;
	ash_collect_opts co = {.stop = &stop_flag, .ready = on_ready,
			       .status = on_status};
	if (a.npos != 1) {
		ash_cli_error("collect: give the case folder (see 'ashiato collect --help')");
		return ASH_EXIT_USAGE;
	}
	if ((rc = check_opts(&a, &co)))
		return rc;
	ash_case *c;
	ash_store *st;
	if ((rc = ash_cli_open(a.pos[0], &c, &st)))
		return rc;
	const ash_site *site = ash_case_site(c, ash_arg(&a, "site"));
	ash_err err;
	char evdir[4096], spool[4096];
	if (!site) {
		ash_cli_error("--site %s: no such site in case.yaml", ash_arg(&a, "site"));
		rc = ASH_EXIT_USAGE;
		goto out;
	}
	co.ingest.site = site->name;
	if (ash_tz_open(ash_arg(&a, "tz") ? ash_arg(&a, "tz") : site->timezone,
			&co.ingest.tz, &err)) {
		ash_cli_error("--tz: %s", err.msg);
		rc = ASH_EXIT_USAGE;
		goto out;
	}
	ash_case_path(c, "evidence", evdir, sizeof evdir);
	ash_case_path(c, "collect", spool, sizeof spool);
	if (mkdir(spool, 0700) != 0 && errno != EEXIST) {
		ash_cli_error("collect: %s: %s", spool, strerror(errno));
		rc = ASH_EXIT_FAIL;
		goto out;
	}
	co.evdir = evdir;
	co.spool = spool;
	handle_signals();
	if (ash_collect_run(st, &co, &err)) {
		ash_cli_error("%s", err.msg);
		rc = err.code == ASH_EUSAGE ? ASH_EXIT_USAGE : ASH_EXIT_FAIL;
	}
out:
	ash_tz_free(co.ingest.tz);
	ash_cli_close(c, st);
	return rc;
}
