/* SPDX-License-Identifier: MIT */
/* casedb_snap.c: a consistent snapshot of case.db (one read transaction;
 * casedb_snap_read.c reads the tables) and lookups in it. */
#include "case/cdb.h"

#include <stdlib.h>
#include <string.h>

#include "case/arena.h"
#include "core/xalloc.h"

int ash_casedb_snap_read(ash_casedb *db, ash_casedb_snap **out, ash_err *err)
{
	ash_casedb_snap *s = ash_calloc(1, sizeof *s);
	s->arena_ = ash_arena_new();
	if (sqlite3_exec(db->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = ash_cdb_fail(db, err, "begin");
		ash_casedb_snap_free(s);
		return rc;
	}
	int rc = ash_cdb_snap_fill(db, s, err);
	sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL);
	if (rc) {
		ash_casedb_snap_free(s);
		return rc;
	}
	*out = s;
	return ASH_OK;
}

void ash_casedb_snap_free(ash_casedb_snap *s)
{
	if (!s)
		return;
	ash_arena_free(s->arena_);
	free(s);
}

/* binary search by the leading int64_t id of sorted elements */
static const void *find(const void *arr, size_t n, size_t esz, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t v = *(const int64_t *)((const char *)arr + mid * esz);
		if (v == id)
			return (const char *)arr + mid * esz;
		if (v < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const ash_cdb_hyp *ash_snap_hyp(const ash_casedb_snap *s, int64_t id)
{
	return find(s->hyps, s->nhyps, sizeof *s->hyps, id);
}

const ash_cdb_verif *ash_snap_verif(const ash_casedb_snap *s, int64_t id)
{
	return find(s->verifs, s->nverifs, sizeof *s->verifs, id);
}

const ash_cdb_finding *ash_snap_finding(const ash_casedb_snap *s, int64_t id)
{
	return find(s->findings, s->nfindings, sizeof *s->findings, id);
}

const ash_cdb_site *ash_snap_site(const ash_casedb_snap *s, const char *name)
{
	for (size_t i = 0; name && i < s->nsites; i++)
		if (!strcmp(s->sites[i].name, name))
			return &s->sites[i];
	return NULL;
}

size_t ash_snap_open_count(const ash_casedb_snap *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nhyps; i++)
		n += s->hyps[i].status == ASH_HYP_OPEN;
	return n;
}

const ash_cdb_closure *ash_snap_closed(const ash_casedb_snap *s)
{
	return s->nclosures ? &s->closures[s->nclosures - 1] : NULL;
}
