/* SPDX-License-Identifier: MIT */
/* emit_case.c: writes case.yaml (see emit_case.h).  Names and role texts
 * from the config are written as YAML double-quoted scalars, escaped, so
 * any text stays one value.  Owns the FILE while writing. */
#include "gen/emit_case.h"

#include <errno.h>
#include <stdio.h>

#include "case/case.h"
#include "gen/wbuf.h"

static const char *ip(uint32_t a, char buf[20])
{
	*ash_fmt_ipv4(buf, a) = '\0';
	return buf;
}

static void inventory(FILE *f, const ash_scn *s)
{
	char b[20];
	fprintf(f, "inventory:\n");
	for (size_t i = 0; i < s->nhosts; i++) {
		const ash_scn_host *h = &s->hosts[i];
		if (!h->in_inventory)
			continue;
		fprintf(f, "  - {ip: %s, name: ", ip(h->ip, b));
		ash_yaml_quote(f, h->name);
		fprintf(f, ", site: %s, role: ", s->cfg.site);
		ash_yaml_quote(f, h->role);
		fprintf(f, "}\n");
	}
}

/* The SaaS agents' reports, when the site declared them. */
static void expected_saas(FILE *f, const ash_scn *s, int n)
{
	char b[20];
	int k = 0;
	for (size_t i = 0; i < s->nhosts && s->cfg.saas_declared && s->nsaas; i++) {
		const ash_scn_host *h = &s->hosts[i];
		if (!(h->roles & ASH_GEN_SAAS))
			continue;
		if (n++ == 0)
			fprintf(f, "expected:\n");
		fprintf(f, "  - {name: saas-agent-%d, src: %s, dst: %s, proto: tcp, "
			"dport: 443,\n", ++k, ip(h->ip, b), s->cfg.saas_net);
		fprintf(f, "     reason: \"monitoring agent reports to the vendor's "
			"SaaS about every %d s\"}\n", s->cfg.saas_period_s);
	}
}

static void expected(FILE *f, const ash_scn *s)
{
	char b[20], d[20];
	int n = 0;
	for (size_t i = 0; i < s->nhosts && s->cfg.backup_declared; i++) {
		const ash_scn_host *h = &s->hosts[i];
		if (!(h->roles & ASH_GEN_BACKUP))
			continue;
		char name[32] = "nightly-backup";
		if (n++ == 0)
			fprintf(f, "expected:\n");
		else
			snprintf(name, sizeof name, "nightly-backup-%d", n);
		fprintf(f, "  - {name: %s, src: %s, dst: %s, proto: tcp, dport: %d,\n",
			name, ip(h->ip, b), ip(s->backup_dst, d), s->cfg.backup_port);
		fprintf(f, "     schedule: \"daily %02d:00-%02d:00\", reason: \"%s\"}\n",
			s->cfg.backup_from_h, s->cfg.backup_to_h,
			s->cfg.backup_port == 873 ? "rsync of the file shares to the DR site"
						  : "backup of the file shares to the DR site");
	}
	expected_saas(f, s, n);
}

int ash_emit_case_write(const char *path, const ash_scn *s, ash_err *err)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return ash_errno(err, ASH_EIO, "%s: cannot create", path);
	fprintf(f, "# case folder contract (DESIGN §2), written by ashiato demo-data\n");
	fprintf(f, "case: %s\nsites:\n  - name: %s\n    timezone: %s\n"
		"    language: %s\n    networks:\n", s->case_name, s->cfg.site,
		s->cfg.tz, s->cfg.lang);
	fprintf(f, "      - {cidr: %s, zone: dmz}\n", s->cfg.dmz);
	fprintf(f, "      - {cidr: %s, zone: lan}\n", s->cfg.lan);
	fprintf(f, "      - {cidr: %s, zone: mgmt}\n", s->cfg.mgmt);
	inventory(f, s);
	expected(f, s);
	int bad = ferror(f);
	if (fclose(f) != 0 || bad) {
		if (!errno)
			errno = EIO;
		return ash_errno(err, ASH_EIO, "%s: write failed", path);
	}
	return ASH_OK;
}
