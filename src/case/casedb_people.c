/* SPDX-License-Identifier: MIT */
/* casedb_people.c: people of the case and their roles (coordinator, log
 * analyst, site contact, partner) and the site they belong to.  People
 * are also created by name when an entry names them (--by). */
#include "case/cdb.h"

#include <string.h>

int ash_casedb_person(ash_casedb *db, const char *name, unsigned role,
		      const char *site, int64_t *id, ash_err *err)
{
	int64_t pid = 0, sid = 0;
	if (!name || !*name)
		return ash_errf(err, ASH_EUSAGE, "person: name is empty");
	if (role && !strcmp(ash_role_name(role), "?"))
		return ash_errf(err, ASH_EUSAGE, "person: unknown role");
	int rc = ash_cdb_begin(db, err);
	if (rc)
		return rc;
	rc = ash_cdb_person_id(db, name, &pid, err);
	if (!rc && site)
		rc = ash_cdb_site_id(db, site, &sid, err);
	if (!rc && sid)
		rc = ash_cdb_run(db, err, NULL, "UPDATE people SET site_id = ?1 "
				 "WHERE id = ?2", "ii", sid, pid);
	if (!rc && role && pid)
		rc = ash_cdb_run(db, err, NULL, "INSERT OR IGNORE INTO person_roles "
				 "(person_id, role) VALUES (?1, ?2)", "it", pid,
				 ash_role_name(role));
	rc = ash_cdb_end(db, rc, err);
	if (!rc && id)
		*id = pid;
	return rc;
}
