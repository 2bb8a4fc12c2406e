/* SPDX-License-Identifier: MIT */
/* org_init.c: creating an organisation folder (org.h): org.yaml written
 * durably (temp file, fsync, rename), the sub-folders, and org.db with
 * its schema. */
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/io.h"
#include "core/xalloc.h"
#include "org/orgdb.h"
#include "org/orgfile.h"

#define MAX_YAML (4u << 20)

static int render(const ash_org *o, const char *config, char **buf, size_t *n,
		  ash_err *err)
{
	if (config) {
		ash_org *check;
		int rc = ash_org_parse_file(config, &check, err);
		if (rc)
			return rc;
		ash_org_free(check);
		return ash_orgfile_read(config, MAX_YAML, buf, n, err);
	}
	FILE *f = open_memstream(buf, n);
	if (!f)
		return ash_errno(err, ASH_EIO, "org.yaml: memory stream");
	int rc = ash_org_write(o, f, err);
	fclose(f);
	if (rc) {
		free(*buf);
		*buf = NULL;
	}
	return rc;
}

int ash_org_create(const char *dir, const ash_org *o, const char *config,
		   ash_err *err)
{
	char path[4096], sub[4096];
	char *yaml = NULL;
	size_t n = 0;
	ash_orgdb *db = NULL;
	int rc;
	if ((rc = ash_io_path(path, sizeof path, dir, "org.yaml", err)))
		return rc;
	if (ash_orgfile_exists(path))
		return ash_errf(err, ASH_EEXIST, "%s: already exists (an organisation folder)",
				path);
	if ((rc = render(o, config, &yaml, &n, err)))
		return rc;
	static const char *const subs[] = {"frameworks", "mappings", "forms", "reports"};
	for (size_t i = 0; i < 4 && !rc; i++)
		if (!(rc = ash_io_path(sub, sizeof sub, dir, subs[i], err)))
			rc = ash_io_mkdir_p(sub, err);
	bool renamed;
	if (!rc)
		rc = ash_io_replace(dir, path, yaml, n, &renamed, err);
	if (!rc && !(rc = ash_io_path(sub, sizeof sub, dir, "org.db", err)))
		rc = ash_orgdb_open(sub, &db, err);
	ash_orgdb_close(db);
	free(yaml);
	return rc;
}
