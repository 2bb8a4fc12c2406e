/* SPDX-License-Identifier: MIT */
/* casedb_fixture.h: a small case for the case.db tests: a case folder
 * (site sg-hub, Asia/Singapore, dmz 203.0.113.0/24), its store holding a
 * handful of hand-made records, and an open case.db with a fixed clock. */
#ifndef ASH_CASEDB_FIXTURE_H
#define ASH_CASEDB_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "case/casedb.h"
#include "harness.h"
#include "store/store.h"

#define FX_T0 1795539600000000ll /* 2026-11-24T17:00:00Z */

typedef struct fx {
	ash_case *c;
	ash_store *s;
	ash_casedb *db;
	char dir[512];
} fx;

/* one record src -> dst:dport, bytes/packets each way, at FX_T0 + sec */
static inline void fx_rec(ash_store_txn *t, const char *src, const char *dst,
			  int dport, uint64_t obytes, uint64_t opkts, int sec)
{
	ash_rec r;
	memset(&r, 0, sizeof r);
	r.t_start = FX_T0 + (int64_t)sec * 1000000;
	r.have = ASH_HAVE_DPORT | ASH_HAVE_OBYTES | ASH_HAVE_OPKTS | ASH_HAVE_PROTO;
	ash_ip_parse(src, strlen(src), &r.src);
	ash_ip_parse(dst, strlen(dst), &r.dst);
	r.dport = (uint16_t)dport;
	r.proto = 6;
	r.obytes = obytes;
	r.opkts = opkts;
	r.format = ASH_FMT_IPTABLES;
	CHECK(ash_store_append(t, &r, NULL) == 0);
}

/* the backup (3 records, 12 GB), web01 to the controller (2 records) */
static inline void fx_records(fx *f)
{
	ash_evidence ev;
	ash_store_txn *t;
	memset(&ev, 0, sizeof ev);
	memset(ev.sha256, 0xab, sizeof ev.sha256);
	snprintf(ev.name, sizeof ev.name, "fw.log");
	snprintf(ev.site, sizeof ev.site, "sg-hub");
	ev.size = 1234;
	ev.format = ASH_FMT_IPTABLES;
	CHECK(ash_store_begin(f->s, &ev, &t, NULL) == 0);
	fx_rec(t, "203.0.113.20", "198.18.5.10", 873, 4000000000ull, 1000, 60);
	fx_rec(t, "203.0.113.20", "198.18.5.10", 873, 4000000000ull, 1000, 120);
	fx_rec(t, "203.0.113.20", "198.18.5.10", 873, 4000000000ull, 1000, 180);
	fx_rec(t, "203.0.113.10", "198.51.100.7", 443, 500, 5, 30);
	fx_rec(t, "203.0.113.10", "198.51.100.7", 443, 700, 7, 3600);
	CHECK(ash_store_commit(t, NULL) == 0);
}

static inline bool fx_open(fx *f, bool records)
{
	ash_err err = {0};
	const char *nets[] = {"203.0.113.0/24=dmz", "10.20.0.0/16=lan"};
	ash_case_init in = {.name = "fx", .site = "sg-hub", .tz = "Asia/Singapore",
			    .lang = "en", .nets = nets, .nnets = 2};
	char p[600];
	memset(f, 0, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "%s/case", ash_test_tmpdir());
	if (ash_case_create(f->dir, &in, &err) || ash_case_load(f->dir, &f->c, &err)) {
		ash_test_fail(__FILE__, __LINE__, "case: %s", err.msg);
		return false;
	}
	snprintf(p, sizeof p, "%s/store", f->dir);
	CHECK(ash_store_open(p, true, &f->s, &err) == 0);
	if (records)
		fx_records(f);
	if (ash_casedb_open(f->c, &f->db, &err)) {
		ash_test_fail(__FILE__, __LINE__, "casedb: %s", err.msg);
		return false;
	}
	ash_casedb_set_now(f->db, FX_T0 + 86400000000ll);
	return true;
}

static inline void fx_close(fx *f)
{
	ash_casedb_close(f->db);
	ash_store_close(f->s);
	ash_case_free(f->c);
}

/* snapshot or NULL (failure recorded) */
static inline ash_casedb_snap *fx_snap(fx *f)
{
	ash_casedb_snap *s = NULL;
	ash_err err = {0};
	if (ash_casedb_snap_read(f->db, &s, &err))
		ash_test_fail(__FILE__, __LINE__, "snap: %s", err.msg);
	return s;
}

#endif
