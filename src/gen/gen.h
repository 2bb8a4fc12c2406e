/* SPDX-License-Identifier: MIT */
/* gen.h: the built-in seed scenario generator (`ashiato demo-data`).
 *
 * From a config (site, zone, address plan, hosts with roles, backup
 * schedule, attack mix, volumes) and a seed it writes into a folder:
 *   firewall.log  iptables LOG lines of the hub's internet-border firewall,
 *                 RFC 3164 kernel syslog in the site's local time, no year;
 *   conn.log      Zeek conn.log (TSV, full header) of a sensor that mirrors
 *                 the firewall's inside interfaces: every accepted flow,
 *                 none of the drops;
 *   case.yaml     the case folder's contract (DESIGN §2): site, networks,
 *                 inventory (without the hosts marked not inventoried),
 *                 expected jobs (the nightly backup);
 *   truth.json    what each host is and what it did, counted from exactly
 *                 the lines written.
 * The same config and seed give the same bytes.  variant.h derives other
 * configs (other sites, plans and attack mixes) for evaluation; the
 * fields it added keep their seed-story defaults here.  The generator
 * never prints; it does not ingest or analyse anything. */
#ifndef ASH_GEN_H
#define ASH_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* What a host of the plan does (bit set). */
enum ash_gen_role {
	ASH_GEN_WEB = 1u << 0,      /* serves 80/443 to the internet */
	ASH_GEN_MAIL = 1u << 1,     /* SMTP in and out, IMAPS for the LAN */
	ASH_GEN_DNS = 1u << 2,      /* authoritative DNS + resolver of the LAN */
	ASH_GEN_NTP = 1u << 3,      /* NTP server of the site (and public) */
	ASH_GEN_FILES = 1u << 4,    /* SMB file server of the LAN */
	ASH_GEN_APP = 1u << 5,      /* application server (443 from outside) */
	ASH_GEN_MONITOR = 1u << 6,  /* polls the inventoried servers (10050) */
	ASH_GEN_ADMIN = 1u << 7,    /* administrators' ssh to the servers */
	ASH_GEN_BACKUP = 1u << 8,   /* nightly backup to the DR site */
	ASH_GEN_DOS = 1u << 9,      /* floods the target on the incident night */
	ASH_GEN_REFLECT = 1u << 10, /* its DNS/NTP is abused for reflection */
	ASH_GEN_INFECTED = 1u << 11,/* beacons to the controller, all days */
	/* services that amplify, each abused when the host is also REFLECT */
	ASH_GEN_SSDP = 1u << 12,    /* UPnP device: SSDP 1900/udp */
	ASH_GEN_MEMCACHE = 1u << 13,/* memcached 11211 (tcp from the LAN, udp open) */
	ASH_GEN_SNMP = 1u << 14,    /* SNMP agent 161/udp, polled by the monitor */
	ASH_GEN_CLDAP = 1u << 15,   /* directory: LDAP and CLDAP 389 for the LAN */
	/* hard benign cases */
	ASH_GEN_SAAS = 1u << 16,    /* agent reporting to an outside SaaS, jittered */
	ASH_GEN_DOWNLOAD = 1u << 17,/* one big legitimate download burst */
	ASH_GEN_BUSY_DNS = 1u << 18 /* DNS host queried by thousands of clients */
};

/* One named host of the site. */
typedef struct ash_gen_host {
	const char *name;   /* "web01" */
	const char *ip;     /* IPv4 text, inside the network of its zone */
	const char *zone;   /* "dmz", "lan" or "mgmt" */
	uint32_t roles;     /* ASH_GEN_* */
	bool in_inventory;  /* false: bought locally, absent from case.yaml */
	const char *role;   /* role text for the inventory ("web") */
} ash_gen_host;

#define ASH_GEN_MAX_HOSTS 64
#define ASH_GEN_MAX_VICTIMS 8
#define ASH_GEN_MAX_SCALE 2000.0
#define ASH_GEN_MAX_DAYS 366

/* The scenario's knobs.  ash_gen_defaults fills the seed story; callers
 * change fields, all strings are borrowed for the duration of the call. */
typedef struct ash_gen_cfg {
	uint64_t seed;            /* 1 */
	double scale;             /* 1: multiplies background and attack volume */
	int days;                 /* 4: days of logs, the last holds the incident */
	const char *site;         /* "sg-hub" ([A-Za-z0-9._-], <= 64 chars) */
	const char *tz;           /* "Asia/Singapore" (IANA) */
	const char *lang;         /* "en" */
	const char *case_name;    /* NULL: "<site>-night" */
	const char *fw_host;      /* syslog host of the firewall, "fw-border" */
	int end_year, end_mon, end_day; /* local date of the last day: 2026-11-25 */
	const char *dmz, *lan, *mgmt;   /* IPv4 CIDRs of the zones */
	const ash_gen_host *hosts;      /* the plan's named hosts */
	size_t nhosts;                  /* <= ASH_GEN_MAX_HOSTS */
	/* nightly backup: BACKUP hosts -> backup_dst, local hours [from, to) */
	const char *backup_dst;   /* "198.18.5.10" (DR site) */
	int backup_port;          /* 873 (rsync) */
	int backup_from_h, backup_to_h; /* 1, 4 */
	uint64_t backup_bytes;    /* bytes per host per night, about 6 GB */
	/* the incident, early hours of the last day, local hours [from, to) */
	int incident_from_h, incident_to_h; /* 1, 3 */
	const char *flood_target; /* "198.51.100.7" */
	bool flood_syn;           /* false: UDP flood; true: SYN flood */
	int nvictims;             /* 3 spoofed "sources" of reflection queries */
	const char *controller;   /* NULL: picked from 198.51.100.64/26 by seed */
	int beacon_port;          /* 443 */
	int beacon_min_s, beacon_max_s; /* 60, 300: period drawn per seed */
	/* volumes at scale 1 */
	double bg_flows_per_day;  /* ~29000 background flows a day */
	double flood_per_hour;    /* 15000 flood connections an hour */
	double dns_refl_per_hour; /* 12000 spoofed DNS queries an hour */
	double ntp_refl_per_hour; /* 6000 spoofed NTP monlist queries an hour */
	/* --- added for scenario variants; the defaults change nothing in
	 * the seed story's bytes --- */
	uint64_t variant;         /* 0; K >= 1 is written into truth.json */
	uint64_t variant_seed;    /* the --seed the variant was derived from */
	int beacon_jitter_min_pct, beacon_jitter_max_pct; /* 8, 20 (% of period) */
	bool backup_declared;     /* true: the backup is an expected job */
	const char *victim_net;   /* NULL: victims in 192.0.2.0/24 */
	double ssdp_refl_per_hour, memc_refl_per_hour; /* 8000, 1200 */
	double snmp_refl_per_hour, cldap_refl_per_hour; /* 6000, 8000 */
	/* SAAS hosts: a TLS report every saas_period_s +- saas_jitter_pct %,
	 * some reports skipped, to 4 addresses of saas_net (a /24../30) */
	const char *saas_net;     /* NULL (needed when a host has ASH_GEN_SAAS) */
	int saas_period_s;        /* 60 */
	int saas_jitter_pct;      /* 40 */
	bool saas_declared;       /* true: an expected job per SAAS host */
	/* DOWNLOAD hosts: download_bytes in a few parallel TLS connections
	 * starting at local hour download_h of day download_day (0 = first,
	 * -1 = the last, the incident's) */
	int download_day, download_h;  /* -1, 10 */
	uint64_t download_bytes;       /* 20 GB */
	double busy_dns_per_day;  /* 40000 queries a day to each BUSY_DNS host */
} ash_gen_cfg;

/* What a run wrote. */
typedef struct ash_gen_stats {
	uint64_t fw_lines, fw_accept, fw_drop; /* firewall.log */
	uint64_t conn_records;                 /* conn.log data lines */
	uint64_t fw_bytes, conn_bytes;         /* file sizes */
	int64_t start_us, end_us;              /* window, UTC */
	int64_t incident_start_us, incident_end_us;
	double seconds;                        /* wall time of the run */
} ash_gen_stats;

/* The seed story's config (see the field comments for the values). */
void ash_gen_defaults(ash_gen_cfg *cfg);

/* Check cfg; ASH_EUSAGE with the reason when a value is out of range. */
int ash_gen_check(const ash_gen_cfg *cfg, ash_err *err);

/* Write the four files into dir (created if missing; existing files of
 * these names are replaced).  st (optional) gets the counts.  Returns 0,
 * ASH_EUSAGE for a bad config, ASH_ENOTFOUND for an unknown zone, ASH_EIO
 * when writing fails (files may then be partial). */
int ash_gen_run(const char *dir, const ash_gen_cfg *cfg, ash_gen_stats *st,
		ash_err *err);

#endif
