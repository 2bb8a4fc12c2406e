/* SPDX-License-Identifier: MIT */
/* cdb_rows.c: rows several tables point at (see cdb.h): people by name
 * (created on first mention), sites by name, host address lists, and the
 * clock.  Called inside the caller's transaction. */
#include "case/cdb.h"

#include <string.h>

#include "core/ip.h"

ash_when ash_cdb_when(ash_casedb *db, ash_when w)
{
	if (w.us == INT64_MIN)
		return (ash_when){ash_casedb_now(db), 0, NULL};
	return w;
}

int ash_cdb_person_id(ash_casedb *db, const char *name, int64_t *id,
		      ash_err *err)
{
	bool found;
	*id = 0;
	if (!name || !*name)
		return ASH_OK;
	if (strlen(name) > 256)
		return ash_errf(err, ASH_ELIMIT, "person name longer than 256 bytes");
	int rc = ash_cdb_int(db, err, id, &found,
			     "SELECT id FROM people WHERE name = ?1", "t", name);
	if (rc || found)
		return rc;
	return ash_cdb_run(db, err, id,
			   "INSERT INTO people (name, created_us) VALUES (?1, ?2)",
			   "ti", name, ash_casedb_now(db));
}

int ash_cdb_site_id(ash_casedb *db, const char *name, int64_t *id,
		    ash_err *err)
{
	bool found;
	*id = 0;
	if (!name)
		return ASH_OK;
	int rc = ash_cdb_int(db, err, id, &found,
			     "SELECT id FROM sites WHERE name = ?1", "t", name);
	if (!rc && !found)
		rc = ash_errf(err, ASH_ENOTFOUND, "no site named '%.64s' in case.yaml",
			      name);
	return rc;
}

int ash_cdb_hosts(ash_casedb *db, const char *sql, int64_t id,
		  const char *const *hosts, size_t n, ash_err *err)
{
	if (n > ASH_CASEDB_MAX_HOSTS)
		return ash_errf(err, ASH_ELIMIT, "more than %d hosts",
				ASH_CASEDB_MAX_HOSTS);
	int rc = ASH_OK;
	for (size_t i = 0; i < n && !rc; i++) {
		ash_ip ip;
		char txt[ASH_IP_STRLEN];
		if (ash_ip_parse(hosts[i], strlen(hosts[i]), &ip) != 0)
			return ash_errf(err, ASH_EUSAGE, "host: not an IP address: '%.64s'",
					hosts[i]);
		ash_ip_format(&ip, txt);
		rc = ash_cdb_run(db, err, NULL, sql, "it", id, txt);
	}
	return rc;
}
