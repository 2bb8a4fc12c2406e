/* SPDX-License-Identifier: MIT */
/* case_init.c: creates a case folder (DESIGN §2): the folders and a
 * case.yaml a person can read and edit, written from init's options or
 * copied from a given case.yaml after validating it. */
#include "case/case.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/io.h"
#include "core/tztime.h"
#include "core/xalloc.h"

static int check_nets(const ash_case_init *in, ash_err *err)
{
	for (size_t i = 0; i < in->nnets; i++) {
		const char *s = in->nets[i], *eq = strchr(s, '=');
		ash_cidr c;
		if (!eq || !eq[1] ||
		    ash_cidr_parse(s, (size_t)(eq - s), false, &c) != 0)
			return ash_errf(err, ASH_EUSAGE,
					"--net '%s': want CIDR=ZONE, e.g. "
					"203.0.113.0/24=dmz (host bits zero)", s);
	}
	return ASH_OK;
}

static int write_yaml(FILE *f, const ash_case_init *in)
{
	fprintf(f, "# ashiato case file: edit freely (docs/case-yaml.md).\n"
		   "# Networks tag the site's own addresses with zones (dmz, lan, mgmt, ...).\n"
		   "case: ");
	ash_yaml_quote(f, in->name);
	fprintf(f, "\nsites:\n  - name: ");
	ash_yaml_quote(f, in->site ? in->site : "site1");
	fprintf(f, "\n    timezone: ");
	ash_yaml_quote(f, in->tz ? in->tz : "UTC");
	fprintf(f, "\n    language: ");
	ash_yaml_quote(f, in->lang ? in->lang : "en");
	fprintf(f, "\n    networks:%s\n", in->nnets ? "" : " []");
	for (size_t i = 0; i < in->nnets; i++) {
		const char *s = in->nets[i], *eq = strchr(s, '=');
		char cidr[128];
		snprintf(cidr, sizeof cidr, "%.*s", (int)(eq - s), s);
		fprintf(f, "      - {cidr: ");
		ash_yaml_quote(f, cidr);
		fprintf(f, ", zone: ");
		ash_yaml_quote(f, eq + 1);
		fprintf(f, "}\n");
	}
	fprintf(f, "# Known hosts; hosts seen in traffic but not listed here are 'unknown'.\n"
		   "# - {ip: 203.0.113.10, name: web01, site: ...}\n"
		   "inventory: []\n"
		   "# Known legitimate jobs, each with the reason it is legitimate.\n"
		   "# - {name: nightly-backup, src: 203.0.113.20, dst: 198.18.5.10, proto: tcp,\n"
		   "#    dport: 873, schedule: \"daily 01:00-04:00\", reason: \"rsync to DR\"}\n"
		   "expected: []\n");
	return ferror(f) ? -1 : 0;
}

static int copy_file(const char *from, FILE *to, ash_err *err)
{
	FILE *f = fopen(from, "rb");
	if (!f)
		return ash_errno(err, ASH_EIO, "%s", from);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, to);
	int bad = ferror(f);
	fclose(f);
	return bad ? ash_errno(err, ASH_EIO, "%s", from) : ASH_OK;
}

int ash_case_create(const char *dir, const ash_case_init *in, ash_err *err)
{
	char path[4096], tmp[4200];
	int rc;
	snprintf(path, sizeof path, "%s/case.yaml", dir);
	if (access(path, F_OK) == 0)
		return ash_errf(err, ASH_EEXIST,
				"%s already exists: %s is a case folder already", path, dir);
	if (in->config) {
		ash_case *c;
		if ((rc = ash_case_parse_file(in->config, &c, err)))
			return rc;
		ash_case_free(c);
	} else {
		if (in->tz) {
			ash_tz *tz;
			if (ash_tz_open(in->tz, &tz, err)) {
				if (err)
					err->code = ASH_EUSAGE;
				return ASH_EUSAGE;
			}
			ash_tz_free(tz);
		}
		if ((rc = check_nets(in, err)))
			return rc;
	}
	static const char *sub[] = {"", "/store", "/evidence", "/reports"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(tmp, sizeof tmp, "%s%s", dir, sub[i]);
		if ((rc = ash_io_mkdir_p(tmp, err)))
			return rc;
	}
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	if (!f)
		return ash_errno(err, ASH_EIO, "cannot write %s", tmp);
	rc = in->config ? copy_file(in->config, f, err) : write_yaml(f, in);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		rc = rc ? rc : ash_errno(err, ASH_EIO, "cannot write %s", tmp);
	fclose(f);
	if (!rc && rename(tmp, path) != 0)
		rc = ash_errno(err, ASH_EIO, "cannot rename %s", tmp);
	if (rc) {
		unlink(tmp);
		return rc == -1 ? ash_errf(err, ASH_EIO, "cannot write %s", tmp) : rc;
	}
	return ASH_OK;
}
