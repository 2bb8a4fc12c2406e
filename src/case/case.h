/* SPDX-License-Identifier: MIT */
/* case.h: a case folder (DESIGN §2): its case.yaml (sites with time zones
 * and networks tagged with zones, inventory, expected jobs) and the paths
 * inside it.  Reading case.yaml uses libyaml; errors name file, line and
 * what is wrong.  Unknown keys are warnings (ash_case.warnings), not
 * errors. */
#ifndef ASH_CASE_H
#define ASH_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/err.h"
#include "core/ip.h"

typedef struct ash_net {
	ash_cidr cidr;
	char *zone;        /* "dmz", "lan", ... */
	size_t site;       /* index into ash_case.sites */
} ash_net;

typedef struct ash_site {
	char *name;
	char *timezone;    /* IANA name */
	char *language;    /* "ja", "en", ... (may be NULL) */
} ash_site;

typedef struct ash_asset {
	ash_ip ip;
	char *name;
	char *site;        /* may be NULL */
	char *role;        /* may be NULL */
} ash_asset;

typedef struct ash_expected {
	char *name, *reason, *schedule; /* schedule/reason may be NULL */
	bool has_src, has_dst;
	ash_cidr src, dst;
	int proto;         /* -1 = any */
	int dport;         /* -1 = any */
} ash_expected;

/* policy: what a zone may send (triage's policy_violation). */
typedef struct ash_policy_allow {
	bool has_dst;
	ash_cidr dst;
	int proto;         /* -1 = any */
	int dport;         /* -1 = any */
} ash_policy_allow;

typedef struct ash_policy {
	char *zone;
	bool deny_outbound;      /* no connections out of the site's networks */
	ash_policy_allow *allow; /* except these */
	size_t nallow;
} ash_policy;

/* csv_maps: named column mappings of the generic csv format (the SPEC
 * that `ingest --map` takes), so a site's CSV export is described once. */
typedef struct ash_csvmap_def {
	char *name;
	char *spec;        /* "time=Receive Time,src=Source address,..." */
	size_t line;       /* line in case.yaml, for errors */
} ash_csvmap_def;

typedef struct ash_case {
	char *dir;         /* case folder path */
	char *name;
	ash_site *sites;
	size_t nsites;
	ash_net *nets;     /* all sites' networks, most specific first */
	size_t nnets;
	ash_asset *assets;
	size_t nassets;
	ash_expected *expected;
	size_t nexpected;
	ash_policy *policies;
	size_t npolicies;
	ash_csvmap_def *csv_maps;
	size_t ncsv_maps;
	char **warnings;   /* "case.yaml:12: unknown key 'foo' (ignored)" */
	size_t nwarnings;
} ash_case;

/* Load CASE/case.yaml.  On error *out is untouched. */
int ash_case_load(const char *dir, ash_case **out, ash_err *err);
/* Parse a case.yaml file at path (used by load and by init --config). */
int ash_case_parse_file(const char *path, ash_case **out, ash_err *err);
void ash_case_free(ash_case *c);

/* The most specific network containing ip, or NULL. */
const ash_net *ash_case_net_of(const ash_case *c, const ash_ip *ip);
/* Site by name, or NULL; the first site when name is NULL. */
const ash_site *ash_case_site(const ash_case *c, const char *name);
/* The csv map called name; with name NULL, the one called "default" or
 * else the only one.  NULL when there is none. */
const ash_csvmap_def *ash_case_csv_map(const ash_case *c, const char *name);
/* A language code (ISO 639: 2 or 3 lowercase ASCII letters), as case.db
 * texts and org.yaml sites take it. */
bool ash_lang_code_ok(const char *s);
/* Path inside the case folder ("store", "evidence", ...) into buf. */
void ash_case_path(const ash_case *c, const char *rel, char *buf, size_t cap);

/* Write s to f as a YAML double-quoted scalar (quotes, backslashes and
 * control bytes escaped), so any text round-trips through case.yaml. */
void ash_yaml_quote(FILE *f, const char *s);

/* Create a case folder with a case.yaml written from the given sites and
 * networks (init).  Fails with ASH_EEXIST when dir/case.yaml exists. */
typedef struct ash_case_init {
	const char *name;
	const char *site, *tz, *lang;
	const char **nets; /* "CIDR=ZONE" strings */
	size_t nnets;
	const char *config; /* copy this case.yaml instead (validated) */
} ash_case_init;
int ash_case_create(const char *dir, const ash_case_init *in, ash_err *err);

#endif
