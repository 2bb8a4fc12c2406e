/* SPDX-License-Identifier: MIT */
/* gen.c: the generator's entry points (gen.h): the seed story's default
 * config, its validation, and the run that builds the plan, merges the
 * flows into firewall.log and conn.log, then writes truth.json and
 * case.yaml.  Owns the files while writing; never prints. */
#include "gen/gen.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/io.h"
#include "gen/emit_case.h"
#include "gen/emit_iptables.h"
#include "gen/emit_zeek.h"
#include "gen/flows.h"
#include "gen/scenario.h"
#include "gen/truth.h"
#include "gen/wbuf.h"

#define OUTBUF (8u << 20)

static const ash_gen_host default_hosts[] = {
	{"web01", "203.0.113.10", "dmz", ASH_GEN_WEB | ASH_GEN_DOS, true, "web"},
	{"web02", "203.0.113.11", "dmz", ASH_GEN_WEB, true, "web"},
	{"files01", "203.0.113.20", "dmz", ASH_GEN_FILES | ASH_GEN_BACKUP, true,
	 "file server"},
	{"mail01", "203.0.113.25", "dmz", ASH_GEN_MAIL | ASH_GEN_INFECTED, true, "mail"},
	{"app01", "203.0.113.30", "dmz", ASH_GEN_APP | ASH_GEN_INFECTED, true,
	 "order portal"},
	{"ns01", "203.0.113.53", "dmz", ASH_GEN_DNS | ASH_GEN_REFLECT, true, "dns"},
	{"ntp01", "203.0.113.123", "dmz", ASH_GEN_NTP | ASH_GEN_REFLECT, true, "ntp"},
	{"mes-gw01", "203.0.113.77", "dmz", ASH_GEN_INFECTED, false,
	 "production data gateway"},
	{"mon01", "10.99.0.10", "mgmt", ASH_GEN_MONITOR, true, "monitoring"},
	{"admin01", "10.99.0.5", "mgmt", ASH_GEN_ADMIN, true, "admin workstation"},
};

void ash_gen_defaults(ash_gen_cfg *c)
{
	memset(c, 0, sizeof *c);
	c->seed = 1;
	c->scale = 1.0;
	c->days = 4;
	c->site = "sg-hub";
	c->tz = "Asia/Singapore";
	c->lang = "en";
	c->fw_host = "fw-border";
	c->end_year = 2026, c->end_mon = 11, c->end_day = 25;
	c->dmz = "203.0.113.0/24";
	c->lan = "10.20.0.0/16";
	c->mgmt = "10.99.0.0/24";
	c->hosts = default_hosts;
	c->nhosts = sizeof default_hosts / sizeof default_hosts[0];
	c->backup_dst = "198.18.5.10";
	c->backup_port = 873;
	c->backup_from_h = 1, c->backup_to_h = 4;
	c->backup_bytes = 6ULL << 30;
	c->incident_from_h = 1, c->incident_to_h = 3;
	c->flood_target = "198.51.100.7";
	c->nvictims = 3;
	c->beacon_port = 443;
	c->beacon_min_s = 60, c->beacon_max_s = 300;
	c->bg_flows_per_day = 29000;
	c->flood_per_hour = 15000;
	c->dns_refl_per_hour = 12000;
	c->ntp_refl_per_hour = 6000;
	c->beacon_jitter_min_pct = 8, c->beacon_jitter_max_pct = 20;
	c->backup_declared = true;
	c->ssdp_refl_per_hour = 8000;
	c->memc_refl_per_hour = 1200;
	c->snmp_refl_per_hour = 6000;
	c->cldap_refl_per_hour = 8000;
	c->saas_period_s = 60;
	c->saas_jitter_pct = 40;
	c->saas_declared = true;
	c->download_day = -1, c->download_h = 10;
	c->download_bytes = 20ULL * 1000 * 1000 * 1000;
	c->busy_dns_per_day = 40000;
}

/* 1..max bytes of [A-Za-z0-9] plus the extra characters. */
static bool word(const char *s, size_t max, const char *extra)
{
	if (!s || !*s || strlen(s) > max)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr(extra, *p)))
			return false;
	return true;
}

static bool printable(const char *s)
{
	if (!s || strlen(s) > 200)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

static int check_hosts(const ash_gen_cfg *c, ash_err *err)
{
	if (c->nhosts > ASH_GEN_MAX_HOSTS || (c->nhosts && !c->hosts))
		return ash_errf(err, ASH_EUSAGE, "at most %d named hosts", ASH_GEN_MAX_HOSTS);
	for (size_t i = 0; i < c->nhosts; i++) {
		const ash_gen_host *h = &c->hosts[i];
		if (!word(h->name, 64, "._-") || !h->ip || !h->zone ||
		    (strcmp(h->zone, "dmz") && strcmp(h->zone, "lan") &&
		     strcmp(h->zone, "mgmt")) || (h->role && !printable(h->role)))
			return ash_errf(err, ASH_EUSAGE, "host %zu: needs a name "
					"([A-Za-z0-9._-]), an address and a zone "
					"(dmz, lan, mgmt)", i + 1);
	}
	return ASH_OK;
}

static bool hours_ok(int a, int b)
{
	return a >= 0 && b <= 23 && b - a >= 1;
}

int ash_gen_check(const ash_gen_cfg *c, ash_err *err)
{
	if (!(c->scale > 0 && c->scale <= ASH_GEN_MAX_SCALE))
		return ash_errf(err, ASH_EUSAGE, "scale must be > 0 and <= %g",
				ASH_GEN_MAX_SCALE);
	if (c->days < 1 || c->days > ASH_GEN_MAX_DAYS)
		return ash_errf(err, ASH_EUSAGE, "days must be 1..%d", ASH_GEN_MAX_DAYS);
	if (!word(c->site, 64, "._-") || (c->case_name && !word(c->case_name, 64, "._-")))
		return ash_errf(err, ASH_EUSAGE, "site and case names: 1-64 of "
				"[A-Za-z0-9._-]");
	if (!word(c->tz, 64, "/_+-") || !word(c->lang, 8, "-") ||
	    !word(c->fw_host, 63, ".-"))
		return ash_errf(err, ASH_EUSAGE, "bad time zone, language or "
				"firewall host name");
	if (c->end_year < 1971 || c->end_year > 9999 || c->end_mon < 1 ||
	    c->end_mon > 12 || c->end_day < 1 ||
	    c->end_day > ash_days_in_month(c->end_year, c->end_mon))
		return ash_errf(err, ASH_EUSAGE, "bad end date");
	if (!hours_ok(c->backup_from_h, c->backup_to_h) ||
	    !hours_ok(c->incident_from_h, c->incident_to_h))
		return ash_errf(err, ASH_EUSAGE, "backup and incident hours: "
				"0 <= from < to <= 23");
	if (c->nvictims < 1 || c->nvictims > ASH_GEN_MAX_VICTIMS)
		return ash_errf(err, ASH_EUSAGE, "victims: 1..%d", ASH_GEN_MAX_VICTIMS);
	if (c->beacon_min_s < 10 || c->beacon_max_s < c->beacon_min_s ||
	    c->beacon_max_s > 86400 || c->beacon_port < 1 || c->beacon_port > 65535 ||
	    c->backup_port < 1 || c->backup_port > 65535)
		return ash_errf(err, ASH_EUSAGE, "bad beacon period or port");
	if (c->backup_bytes < (1u << 20) || c->backup_bytes > (1ULL << 40) ||
	    c->download_bytes < (1u << 20) || c->download_bytes > (1ULL << 40))
		return ash_errf(err, ASH_EUSAGE, "backup and download bytes: 1 MiB..1 TiB");
	if (c->beacon_jitter_min_pct < 0 || c->beacon_jitter_max_pct > 60 ||
	    c->beacon_jitter_max_pct < c->beacon_jitter_min_pct ||
	    c->saas_period_s < 10 || c->saas_period_s > 86400 ||
	    c->saas_jitter_pct < 0 || c->saas_jitter_pct > 90)
		return ash_errf(err, ASH_EUSAGE, "bad beacon jitter or SaaS period");
	if (c->download_h < 0 || c->download_h > 23 || c->download_day < -1 ||
	    c->download_day >= ASH_GEN_MAX_DAYS)
		return ash_errf(err, ASH_EUSAGE, "bad download day or hour");
	double v[] = {c->bg_flows_per_day, c->flood_per_hour, c->dns_refl_per_hour,
		      c->ntp_refl_per_hour, c->ssdp_refl_per_hour, c->memc_refl_per_hour,
		      c->snmp_refl_per_hour, c->cldap_refl_per_hour, c->busy_dns_per_day};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (!(v[i] >= 0 && v[i] <= 1e8))
			return ash_errf(err, ASH_EUSAGE, "volumes: 0..1e8");
	return check_hosts(c, err);
}

static int path_in(char *buf, size_t cap, const char *dir, const char *name,
		   ash_err *err)
{
	int n = snprintf(buf, cap, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= cap)
		return ash_errf(err, ASH_ELIMIT, "%s: path too long", dir);
	return ASH_OK;
}

/* The log files' modification time is the end of the window, as a log
 * rotated at midnight would have; readers infer syslog's year from it. */
static void set_mtime(const char *path, int64_t us)
{
	struct timespec ts[2] = {{(time_t)(us / 1000000), 0},
				 {(time_t)(us / 1000000), 0}};
	(void)utimensat(AT_FDCWD, path, ts, 0);
}

static int write_logs(const char *dir, const ash_scn *s, ash_flows *fl,
		      ash_gen_stats *st, ash_err *err)
{
	char pfw[4096], pzk[4096];
	ash_wbuf fw = {.fd = -1}, zk = {.fd = -1};
	ash_emit_ipt ei;
	ash_emit_zeek ez;
	int rc = path_in(pfw, sizeof pfw, dir, "firewall.log", err);
	if (!rc)
		rc = path_in(pzk, sizeof pzk, dir, "conn.log", err);
	if (!rc)
		rc = ash_wbuf_open(&fw, pfw, OUTBUF, err);
	if (!rc)
		rc = ash_wbuf_open(&zk, pzk, OUTBUF, err);
	if (rc)
		goto out;
	ash_emit_iptables_init(&ei, &fw, s->tz, s->cfg.fw_host, s->boot_us);
	ash_emit_zeek_header(&ez, &zk, s->tz, s->t0);
	ash_flow f;
	while (ash_flows_next(fl, &f)) {
		ash_emit_iptables_flow(&ei, &f);
		if (!f.drop)
			ash_emit_zeek_flow(&ez, &f);
	}
	ash_emit_zeek_footer(&ez, s->tz, s->t1);
	st->fw_lines = ei.lines, st->fw_accept = ei.accept, st->fw_drop = ei.drop;
	st->conn_records = ez.records;
	st->fw_bytes = fw.total, st->conn_bytes = zk.total;
out:
	if (fw.buf) {
		int r = ash_wbuf_close(&fw, pfw, err);
		rc = rc ? rc : r;
	}
	if (zk.buf) {
		int r = ash_wbuf_close(&zk, pzk, rc ? NULL : err);
		rc = rc ? rc : r;
	}
	if (!rc) {
		set_mtime(pfw, s->t1);
		set_mtime(pzk, s->t1);
	}
	return rc;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int ash_gen_run(const char *dir, const ash_gen_cfg *cfg, ash_gen_stats *out,
		ash_err *err)
{
	double t_begin = now_s();
	ash_gen_stats st = {0};
	ash_scn *s = NULL;
	ash_flows *fl = NULL;
	char path[4096];
	int rc = ash_scenario_build(cfg, &s, err);
	if (!rc)
		rc = ash_io_mkdir_p(dir, err);
	if (rc)
		goto out;
	fl = ash_flows_open(s);
	rc = write_logs(dir, s, fl, &st, err);
	if (rc)
		goto out;
	st.start_us = s->t0, st.end_us = s->t1;
	st.incident_start_us = s->inc0, st.incident_end_us = s->inc1;
	rc = path_in(path, sizeof path, dir, "truth.json", err);
	if (!rc)
		rc = ash_truth_write(path, s, fl, &st, err);
	if (!rc)
		rc = path_in(path, sizeof path, dir, "case.yaml", err);
	if (!rc)
		rc = ash_emit_case_write(path, s, err);
	st.seconds = now_s() - t_begin;
	if (!rc && out)
		*out = st;
out:
	ash_flows_close(fl);
	ash_scenario_free(s);
	return rc;
}
