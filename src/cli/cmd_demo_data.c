/* SPDX-License-Identifier: MIT */
/* cmd_demo_data.c: `ashiato demo-data DIR`: write the built-in seed
 * scenario (firewall.log, conn.log, case.yaml, truth.json) with src/gen,
 * then print what was written.  Parses options only; the generator is
 * the library's. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/tztime.h"
#include "gen/gen.h"
#include "gen/variant.h"

static const ash_opt opts[] = {
	{"seed", "N", false, "seed of the scenario (default 1): same seed, same bytes"},
	{"variant", "K", false, "0 (default): the seed story; K >= 1: another site and "
				"attack mix derived from K and the seed"},
	{"scale", "F", false, "volume factor of background and attack traffic (default 1, "
			      "at most 2000)"},
	{"days", "D", false, "days of logs, the last night holds the incident (default 4)"},
	{"site", "NAME", false, "site name (default sg-hub)"},
	{"tz", "ZONE", false, "IANA time zone of the site (default Asia/Singapore)"},
	{"date", "YYYY-MM-DD", false, "local date of the last day (default 2026-11-25)"},
	{"flood", "KIND", false, "udp (default) or syn: how the DoS source floods"},
	{"quiet", NULL, false, "print nothing on success"},
	{0},
};

static int run(int argc, char **argv);

const ash_cmd ash_cmd_demo_data = {
	.name = "demo-data",
	.synopsis = "DIR [--seed N] [--variant K] [--scale F] [--days D] [--site NAME] "
		    "[--tz ZONE] [--date YYYY-MM-DD] [--flood udp|syn]",
	.summary = "write the seed scenario: firewall log, Zeek conn.log, case.yaml, truth",
	.details =
		"Writes into DIR (created if missing; these four files are replaced):\n"
		"  firewall.log  iptables LOG lines of the hub's internet-border firewall\n"
		"                (kernel syslog, site local time, no year)\n"
		"  conn.log      Zeek conn.log of a sensor on the firewall's inside\n"
		"  case.yaml     site, networks, inventory, expected jobs (DESIGN 2)\n"
		"  truth.json    what each host is and did, counted from the files\n"
		"The story: days of ordinary traffic with a day/night rhythm at site sg-hub\n"
		"(DMZ 203.0.113.0/24, LAN 10.20.0.0/16, mgmt 10.99.0.0/24), a nightly\n"
		"multi-GB backup from the DMZ file server to the DR site, servers beaconing\n"
		"to one controller (one of them missing from the inventory), and on the last\n"
		"night DMZ servers abused as DNS and NTP reflectors while another floods an\n"
		"outside target.  Scale 1 is about 400 thousand lines; the log files' mtime\n"
		"is the end of the window, from which ingest infers the syslog year.\n"
		"\n"
		"--variant K (K >= 1) derives a whole other scenario from K and --seed, for\n"
		"evaluation (make eval, docs/EVALUATION.md): site name, time zone (some with\n"
		":30/:45 offsets or a DST change inside the window), address plan, host names\n"
		"and services (DNS, NTP, web, mail, SSDP, memcached, SNMP, CLDAP), attack mix\n"
		"(UDP or SYN flood by 0-3 hosts, 0-3 reflections, 2-4 infected hosts with their\n"
		"period and jitter, 0-2 hosts missing from the inventory), backup schedule, hard\n"
		"benign cases (big download, jittered SaaS agent, busy DNS server), volumes and\n"
		"3-7 days.  truth.json lists what the variant holds.  --scale, --days, --site,\n"
		"--tz, --date and --flood given with --variant override its choice.",
	.opts = opts,
	.examples =
		"  ashiato demo-data demo                 # the seed scenario in ./demo\n"
		"  ashiato demo-data big --scale 50       # ~2 GB of each log, for benchmarks\n"
		"  ashiato demo-data other --seed 7 --days 7\n"
		"  ashiato demo-data v3 --variant 3 --scale 0.1  # variant 3, small\n",
	.run = run,
};

static int num_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_date(const char *s, ash_gen_cfg *c)
{
	int y, m, d, n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || s[n] || n != 10)
		return -1;
	c->end_year = y, c->end_mon = m, c->end_day = d;
	return 0;
}

static int usage(const char *what, const char *val)
{
	ash_cli_error("demo-data: bad %s '%s' (see 'ashiato demo-data --help')", what, val);
	return ASH_EXIT_USAGE;
}

/* --seed and --variant pick the config; the other options change it. */
static int options(const ash_args *a, ash_gen_cfg *c, ash_variant *var)
{
	const char *v;
	uint64_t u, seed = 1, k = 0;
	if ((v = ash_arg(a, "seed"))) {
		if (num_u64(v, UINT64_MAX, &u))
			return usage("--seed", v);
		seed = u;
	}
	if ((v = ash_arg(a, "variant"))) {
		if (num_u64(v, 1000000, &u))
			return usage("--variant", v);
		k = u;
	}
	ash_variant_make(k, seed, var, c);
	if ((v = ash_arg(a, "scale"))) {
		char *end;
		c->scale = strtod(v, &end);
		if (*end || !isfinite(c->scale) || c->scale <= 0 ||
		    c->scale > ASH_GEN_MAX_SCALE)
			return usage("--scale", v);
	}
	if ((v = ash_arg(a, "days"))) {
		if (num_u64(v, ASH_GEN_MAX_DAYS, &u) || u < 1)
			return usage("--days", v);
		c->days = (int)u;
	}
	if ((v = ash_arg(a, "site")))
		c->site = v;
	if ((v = ash_arg(a, "tz")))
		c->tz = v;
	if ((v = ash_arg(a, "date")) && parse_date(v, c))
		return usage("--date", v);
	if ((v = ash_arg(a, "flood"))) {
		if (strcmp(v, "udp") && strcmp(v, "syn"))
			return usage("--flood", v);
		c->flood_syn = !strcmp(v, "syn");
	}
	return ASH_EXIT_OK;
}

static void report(const char *dir, const ash_gen_cfg *c, const ash_variant *var,
		   const ash_gen_stats *st)
{
	char a[ASH_TIME_STRLEN], b[ASH_TIME_STRLEN];
	double mb = (double)(st->fw_bytes + st->conn_bytes) / 1e6;
	printf("demo-data: %s: seed %llu, scale %g, %d days, site %s (%s)\n", dir,
	       (unsigned long long)c->seed, c->scale, c->days, c->site, c->tz);
	if (c->variant)
		printf("  %s\n", var->desc);
	printf("  firewall.log  %12llu lines   %10.1f MB  (%llu accepted, %llu dropped)\n",
	       (unsigned long long)st->fw_lines, (double)st->fw_bytes / 1e6,
	       (unsigned long long)st->fw_accept, (unsigned long long)st->fw_drop);
	printf("  conn.log      %12llu records %10.1f MB\n",
	       (unsigned long long)st->conn_records, (double)st->conn_bytes / 1e6);
	ash_time_format(st->start_us, NULL, 0, a);
	ash_time_format(st->end_us, NULL, 0, b);
	printf("  window        %s .. %s\n", a, b);
	ash_time_format(st->incident_start_us, NULL, 0, a);
	ash_time_format(st->incident_end_us, NULL, 0, b);
	printf("  incident      %s .. %s (answers in truth.json)\n", a, b);
	printf("  wrote %.1f MB in %.2f s (%.0f MB/s)\n", mb, st->seconds,
	       st->seconds > 0 ? mb / st->seconds : 0.0);
}

static int run(int argc, char **argv)
{
	ash_args a;
	int rc;
	if (ash_args_parse(&ash_cmd_demo_data, argc, argv, &a, &rc))
		return rc;
	if (a.npos != 1) {
		ash_cli_error("demo-data: needs one DIR (see 'ashiato demo-data --help')");
		return ASH_EXIT_USAGE;
	}
	ash_gen_cfg cfg;
	static ash_variant var; /* the strings cfg borrows */
	rc = options(&a, &cfg, &var);
	if (rc)
		return rc;
	ash_err err = {0};
	ash_gen_stats st;
	rc = ash_gen_run(a.pos[0], &cfg, &st, &err);
	if (rc) {
		if (rc == ASH_EUSAGE || rc == ASH_ENOTFOUND) {
			ash_cli_error("demo-data: %s", err.msg);
			return ASH_EXIT_USAGE;
		}
		return ash_cli_fail(&err);
	}
	if (!ash_flag(&a, "quiet"))
		report(a.pos[0], &cfg, &var, &st);
	return ASH_EXIT_OK;
}
