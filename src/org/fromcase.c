/* SPDX-License-Identifier: MIT */
/* fromcase.c: proposals from the facts of a case (fromcase.h). */
#include "org/fromcase.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/xalloc.h"
#include "org/orgfile.h"

#define MAX_MAP 10000

void ash_fcmap_free(ash_fcmap *m, size_t n)
{
	for (size_t i = 0; m && i < n; i++)
		free(m[i].why);
	free(m);
}

static int map_line(const char *name, size_t line, const char *s, size_t len,
		    const ash_fw *fw, ash_fcmap *m, ash_err *err)
{
	const char *f[4];
	size_t fl[4], nf = 0;
	const char *p = s, *e = s + len;
	while (nf < 4) {
		const char *t = nf < 3 ? memchr(p, '\t', (size_t)(e - p)) : NULL;
		f[nf] = p;
		fl[nf++] = (size_t)((t ? t : e) - p);
		if (!t)
			break;
		p = t + 1;
	}
	if (nf < 3 || !fl[0] || fl[0] >= sizeof m->kind || fl[1] >= sizeof m->item ||
	    fl[2] != 1 || f[2][0] < '0' || f[2][0] > '4')
		return ash_errf(err, ASH_EFORMAT,
				"%s:%zu: expected kind<TAB>subcategory<TAB>cap 0-4<TAB>why",
				name, line);
	memcpy(m->kind, f[0], fl[0]);
	m->kind[fl[0]] = '\0';
	memcpy(m->item, f[1], fl[1]);
	m->item[fl[1]] = '\0';
	m->cap = f[2][0] - '0';
	long i = ash_fw_find(fw, m->item);
	if (i < 0 || fw->items[i].level != ASH_FW_SUB)
		return ash_errf(err, ASH_EFORMAT, "%s:%zu: '%s' is not a subcategory of %s",
				name, line, m->item, fw->key);
	m->why = nf > 3 ? ash_strndup(f[3], fl[3]) : ash_strdup("");
	return ASH_OK;
}

int ash_fcmap_parse(const char *name, const char *text, size_t n,
		    const ash_fw *fw, ash_fcmap **out, size_t *nout,
		    ash_err *err)
{
	ash_fcmap *v = NULL;
	size_t nv = 0, cap = 0, line = 0;
	int rc = ASH_OK;
	for (const char *s = text, *end = text + n; s < end && !rc;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = (size_t)((nl ? nl : end) - s);
		line++;
		if (len && s[len - 1] == '\r')
			len--;
		if (len && *s != '#') {
			if (nv >= MAX_MAP) {
				rc = ash_errf(err, ASH_ELIMIT, "%s: more than %d lines", name, MAX_MAP);
				break;
			}
			ash_grow((void **)&v, &cap, nv + 1, sizeof *v);
			memset(&v[nv], 0, sizeof *v);
			rc = map_line(name, line, s, len, fw, &v[nv], err);
			nv++;
		}
		s = nl ? nl + 1 : end;
	}
	if (rc) {
		ash_fcmap_free(v, nv);
		return rc;
	}
	*out = v;
	*nout = nv;
	return ASH_OK;
}

int ash_fcmap_load(const char *org_dir, const ash_fw *fw, ash_fcmap **out,
		   size_t *nout, ash_err *err)
{
	char path[4096];
	if (org_dir && snprintf(path, sizeof path, "%s/finding_controls.tsv", org_dir) <
			       (int)sizeof path &&
	    ash_orgfile_exists(path)) {
		char *buf;
		size_t n;
		int rc = ash_orgfile_read(path, 1u << 20, &buf, &n, err);
		if (!rc)
			rc = ash_fcmap_parse(path, buf, n, fw, out, nout, err);
		free(buf);
		return rc;
	}
	const ash_embed *e = ash_embed_find("finding_controls.tsv");
	if (!e)
		return ash_errf(err, ASH_EINTERNAL, "finding_controls.tsv not embedded");
	return ash_fcmap_parse("finding_controls.tsv", e->data, e->size, fw, out, nout, err);
}

/* ---- facts -------------------------------------------------------- */

typedef struct fact {
	char ref[24];
	const char *kind, *site, *summary;
} fact;

/* "finding:KIND[:HOST]" → KIND into buf. */
static const char *detector_kind(const char *verify, char *buf, size_t cap)
{
	if (!verify || strncmp(verify, "finding:", 8))
		return NULL;
	const char *k = verify + 8, *c = strchr(k, ':');
	size_t n = c ? (size_t)(c - k) : strlen(k);
	if (!n || n >= cap)
		return NULL;
	memcpy(buf, k, n);
	buf[n] = '\0';
	return buf;
}

static const ash_cdb_obs *obs_of(const ash_casedb_snap *s, int64_t id)
{
	for (size_t i = 0; i < s->nobs; i++)
		if (s->obs[i].id == id)
			return &s->obs[i];
	return NULL;
}

/* The kind and site of a confirmed hypothesis, or false. */
static bool hyp_fact(const ash_casedb_snap *s, const ash_cdb_hyp *h, fact *f,
		     char *kbuf, size_t kcap)
{
	const ash_cdb_obs *o = h->observation ? obs_of(s, h->observation) : NULL;
	const ash_cdb_finding *fd = o && o->finding ? ash_snap_finding(s, o->finding) : NULL;
	f->kind = detector_kind(h->verify, kbuf, kcap);
	if (!f->kind && fd)
		f->kind = fd->kind;
	f->site = o && o->site ? o->site : fd && fd->site ? fd->site
		  : s->nsites == 1 ? s->sites[0].name : NULL;
	f->summary = h->claim.orig;
	snprintf(f->ref, sizeof f->ref, "H%lld", (long long)h->id);
	return f->kind && f->site;
}

static int current_level(const ash_assessment *a, const char *item)
{
	for (size_t i = 0; a && i < a->nanswers; i++)
		if (!strcmp(a->answers[i].item, item))
			return a->answers[i].level;
	return -1;
}

static void propose(const ash_org *org, const fact *f, const char *case_path,
		    const ash_fcmap *map, size_t nmap,
		    const ash_assessment *const *latest, ash_proposal **out,
		    size_t *n, size_t *cap, size_t *skipped)
{
	size_t site;
	if (!ash_org_site_find(org, f->site, &site)) {
		if (skipped)
			(*skipped)++;
		return;
	}
	for (size_t m = 0; m < nmap; m++) {
		if (strcmp(map[m].kind, f->kind))
			continue;
		int cur = current_level(latest[site], map[m].item);
		if (cur >= 0 && cur <= map[m].cap)
			continue; /* already that low (n/a stays n/a: -1 is unanswered) */
		if (cur == ASH_ANSWER_NA)
			cur = -1;
		bool dup = false; /* one proposal per site and item per run */
		for (size_t k = 0; k < *n && !dup; k++)
			dup = !strcmp((*out)[k].site, org->sites[site].name) &&
			      !strcmp((*out)[k].item, map[m].item);
		if (dup)
			continue;
		ash_grow((void **)out, cap, *n + 1, sizeof **out);
		char sum[600];
		snprintf(sum, sizeof sum, "%s: %.400s", map[m].why,
			 f->summary ? f->summary : "");
		(*out)[(*n)++] = (ash_proposal){
			.site = ash_strdup(org->sites[site].name), .item = ash_strdup(map[m].item),
			.case_path = ash_strdup(case_path), .case_ref = ash_strdup(f->ref),
			.kind = ash_strdup(f->kind), .summary = ash_strdup(sum),
			.status = ash_strdup("proposed"), .current = cur, .proposed = map[m].cap};
	}
}

int ash_fromcase_propose(const ash_org *org, const ash_casedb_snap *s,
			 const char *case_path, const ash_fcmap *map,
			 size_t nmap, const ash_assessment *const *latest,
			 ash_proposal **out, size_t *n, size_t *skipped,
			 ash_err *err)
{
	(void)err;
	ash_proposal *v = NULL;
	size_t nv = 0, cap = 0;
	if (skipped)
		*skipped = 0;
	for (size_t i = 0; i < s->nfindings; i++) {
		const ash_cdb_finding *fd = &s->findings[i];
		if (fd->verdict != ASH_V_MALICIOUS || !fd->site)
			continue;
		fact f = {.kind = fd->kind, .site = fd->site, .summary = fd->summary};
		snprintf(f.ref, sizeof f.ref, "F%lld", (long long)fd->id);
		propose(org, &f, case_path, map, nmap, latest, &v, &nv, &cap, skipped);
	}
	for (size_t i = 0; i < s->nhyps; i++) {
		fact f = {0};
		char kbuf[32];
		if (s->hyps[i].status == ASH_HYP_CONFIRMED &&
		    hyp_fact(s, &s->hyps[i], &f, kbuf, sizeof kbuf))
			propose(org, &f, case_path, map, nmap, latest, &v, &nv, &cap, skipped);
	}
	*out = v;
	*n = nv;
	return ASH_OK;
}
