/* SPDX-License-Identifier: MIT */
/* orgdemo.c: the demo organisation and its generated answers
 * (orgdemo.h).  Numbers are illustrative, chosen to look like a
 * manufacturer whose Asian hub ran its own way (seed: L1). */
#include "org/orgdemo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "gen/rng.h"
#include "org/orghtml.h"

typedef struct dsite {
	const char *name, *country, *tz, *lang, *cur;
	double crit;
	const char *nets[3][2];
	double base[6];       /* GV ID PR DE RS RC: current profile */
	double p_self;        /* share of answers the site assessed alone */
	double p_evidence;    /* share with evidence given */
	int max_age;          /* oldest evidence, days before the assessment */
	bool quick;
	const char *assessor;
} dsite;

static const dsite sites[] = {
	{"jp-hq", "JP", "Asia/Tokyo", "ja", "JPY", 5,
	 {{"10.10.0.0/16", "lan"}, {"192.0.2.0/25", "dmz"}, {"10.10.250.0/24", "mgmt"}},
	 {3.2, 3.0, 3.1, 2.6, 2.9, 2.8}, 0.2, 0.95, 420, false, "Sato Kenji"},
	{"sg-hub", "SG", "Asia/Singapore", "en", "SGD", 4,
	 {{"203.0.113.0/24", "dmz"}, {"10.20.0.0/16", "lan"}, {"10.99.0.0/24", "mgmt"}},
	 {2.0, 1.5, 1.9, 1.5, 1.8, 2.0}, 0.8, 0.6, 700, false, "Lim Wei Ling"},
	{"de-fra", "DE", "Europe/Berlin", "de", "EUR", 3,
	 {{"10.30.0.0/16", "lan"}, {"198.51.100.0/25", "dmz"}, {NULL, NULL}},
	 {3.1, 3.0, 3.4, 2.9, 2.6, 3.0}, 0.1, 0.95, 380, false, "Anna Weber"},
	{"us-chi", "US", "America/Chicago", "en", "USD", 3,
	 {{"10.40.0.0/16", "lan"}, {"198.51.100.128/25", "dmz"}, {NULL, NULL}},
	 {2.6, 2.5, 2.6, 3.0, 2.5, 2.2}, 0.5, 0.85, 500, false, "Mike Johnson"},
	{"jp-osa", "JP", "Asia/Tokyo", "ja", "JPY", 2,
	 {{"10.50.0.0/16", "lan"}, {"192.0.2.128/25", "dmz"}, {NULL, NULL}},
	 {1.5, 1.1, 1.4, 1.0, 1.2, 1.4}, 0.9, 0.5, 600, true, "Sato Kenji"},
};
#define NSITES (sizeof sites / sizeof sites[0])

/* Answers set by hand.  sg-hub rated itself well where the seed incident
 * later proved otherwise (DMZ relays, an unpatched local server, nobody
 * watching the border): `assess from-case` with the seed case proposes
 * lowering exactly these.  Always self-assessed. */
static const struct { const char *site, *id; int level; const char *why; } fixed[] = {
	{"sg-hub", "ID.AM-01", 3, "inventory kept by the site, locally bought servers included"},
	{"sg-hub", "ID.AM-08", 3, "servers managed through their life cycle by the local vendor"},
	{"sg-hub", "PR.PS-01", 3, "DMZ servers hardened by the local vendor"},
	{"sg-hub", "PR.PS-02", 3, "patching done by the local vendor"},
	{"sg-hub", "PR.IR-01", 3, "border firewall managed by the local vendor"},
	{"sg-hub", "DE.CM-01", 3, "the local vendor watches the firewall"},
	{"sg-hub", "DE.CM-09", 3, "antivirus on every server"},
	{"jp-hq", "GV.OV-03", 2, "site performance not yet reviewed every year"},
	{"us-chi", "PR.PS-02", 2, "OT systems patched once a year"},
};

typedef struct dscen {
	const char *site, *name, *desc;
	double tef[3], tcap[3], lo, hi;
	const char *controls[5];
} dscen;

static const dscen scens[] = {
	{"jp-hq", "bec-fraud", "business e-mail compromise: a fraudulent payment",
	 {1, 3, 8}, {20, 45, 70}, 2e6, 8e7, {"PR.AA-03", "PR.AT-01", "DE.CM-03", NULL}},
	{"jp-hq", "ransomware", "ransomware on the file servers and ERP",
	 {0.1, 0.4, 1.5}, {40, 65, 90}, 1e7, 6e8, {"PR.DS-11", "PR.PS-02", "DE.CM-09", "RC.RP-03", NULL}},
	{"sg-hub", "dmz-reflection-outage",
	 "DMZ servers abused as DDoS reflectors; the border firewall saturates",
	 {0.5, 2, 6}, {20, 40, 70}, 2e4, 6e5, {"PR.PS-01", "PR.IR-01", "DE.CM-01", NULL}},
	{"sg-hub", "ransomware", "malware spreading from an unmanaged local server",
	 {0.2, 0.8, 3}, {30, 55, 85}, 1e5, 4e6, {"ID.AM-01", "PR.PS-02", "DE.CM-09", "PR.DS-11", NULL}},
	{"de-fra", "data-breach", "personal data exfiltrated (GDPR notification, fines)",
	 {0.2, 1, 3}, {40, 60, 85}, 5e4, 3e6, {"PR.DS-01", "PR.AA-05", "DE.CM-09", NULL}},
	{"de-fra", "ransomware", "ransomware on the plant's IT",
	 {0.1, 0.4, 1.5}, {40, 65, 90}, 8e4, 3e6, {"PR.DS-11", "PR.PS-02", "DE.CM-09", "RC.RP-03", NULL}},
	{"us-chi", "ot-disruption", "production line stopped by an intrusion into OT",
	 {0.2, 0.8, 3}, {30, 55, 80}, 1e5, 5e6, {"PR.IR-01", "PR.PS-02", "DE.CM-01", NULL}},
	{"us-chi", "ransomware", "ransomware on the plant's IT",
	 {0.1, 0.4, 1.5}, {40, 65, 90}, 1e5, 4e6, {"PR.DS-11", "PR.PS-02", "DE.CM-09", "RC.RP-03", NULL}},
	{"jp-osa", "unpatched-server-malware",
	 "malware on a locally bought, unpatched server spreads on the LAN",
	 {1, 4, 10}, {15, 35, 60}, 1e6, 1e8, {"ID.AM-01", "PR.PS-02", "DE.CM-09", NULL}},
	{"jp-osa", "ransomware", "ransomware on the plant's office network",
	 {0.2, 0.6, 2}, {30, 55, 85}, 1e7, 5e8, {"PR.DS-11", "PR.PS-02", "DE.CM-09", "RC.RP-03", NULL}},
};
#define NSCENS (sizeof scens / sizeof scens[0])

static const struct { const char *code; double rate; } rates[] = {
	{"SGD", 115}, {"EUR", 165}, {"USD", 150}};

static ash_range pert(const double v[3])
{
	return (ash_range){ASH_RANGE_PERT, v[0], v[1], v[2], 0, 0};
}

static void add_sites(ash_org *o)
{
	o->sites = ash_calloc(NSITES, sizeof *o->sites);
	for (size_t i = 0; i < NSITES; i++) {
		const dsite *d = &sites[i];
		ash_org_site *s = &o->sites[o->nsites++];
		s->name = ash_strdup(d->name);
		s->country = ash_strdup(d->country);
		s->timezone = ash_strdup(d->tz);
		s->language = ash_strdup(d->lang);
		s->currency = ash_strdup(d->cur);
		s->criticality = d->crit;
		for (size_t k = 0; k < 3 && d->nets[k][0]; k++) {
			ash_org_net n = {.site = i, .zone = ash_strdup(d->nets[k][1])};
			ash_cidr_parse(d->nets[k][0], strlen(d->nets[k][0]), false, &n.cidr);
			o->nets = ash_reallocarray(o->nets, o->nnets + 1, sizeof *o->nets);
			o->nets[o->nnets++] = n;
		}
	}
	/* the hub carries the region: it is expected to be ahead on detection */
	ash_org_site *hub = &o->sites[1];
	hub->targets = ash_calloc(2, sizeof *hub->targets);
	hub->targets[hub->ntargets++] = (ash_target){ash_strdup("DE"), 3, 0};
	hub->targets[hub->ntargets++] = (ash_target){ash_strdup("PR.PS-01"), 4, 0};
}

static void add_scenarios(ash_org *o)
{
	o->scen = ash_calloc(NSCENS, sizeof *o->scen);
	for (size_t i = 0; i < NSCENS; i++) {
		const dscen *d = &scens[i];
		ash_scenario *s = &o->scen[o->nscen++];
		s->name = ash_strdup(d->name);
		s->site = ash_strdup(d->site);
		s->description = ash_strdup(d->desc);
		s->tef = pert(d->tef);
		s->tcap = pert(d->tcap);
		s->loss = (ash_range){ASH_RANGE_CI90, 0, 0, 0, d->lo, d->hi};
		for (size_t k = 0; k < 5 && d->controls[k]; k++) {
			s->controls = ash_reallocarray(s->controls, s->ncontrols + 1,
						       sizeof(char *));
			s->controls[s->ncontrols++] = ash_strdup(d->controls[k]);
		}
	}
}

ash_org *ash_orgdemo_org(int32_t fx_day)
{
	ash_org *o = ash_calloc(1, sizeof *o);
	ash_org_defaults(o);
	o->name = ash_strdup("acme-manufacturing");
	o->framework = ash_strdup("csf-2.0");
	o->currency = ash_strdup("JPY");
	char day[11];
	ash_day_format(fx_day, day);
	o->fx_date = ash_strdup(day);
	size_t nrates = sizeof rates / sizeof rates[0];
	o->fx = ash_calloc(nrates, sizeof *o->fx);
	for (size_t i = 0; i < nrates; i++) {
		memcpy(o->fx[i].code, rates[i].code, 4);
		o->fx[i].rate = rates[i].rate;
		o->nfx++;
	}
	o->targets = ash_calloc(2, sizeof *o->targets);
	o->targets[o->ntargets++] = (ash_target){ash_strdup("GV"), 3, 0};
	o->targets[o->ntargets++] = (ash_target){ash_strdup("PR.PS-02"), 4, 0};
	add_sites(o);
	add_scenarios(o);
	return o;
}

bool ash_orgdemo_quick(const ash_org *o, size_t site)
{
	for (size_t i = 0; i < NSITES; i++)
		if (site < o->nsites && !strcmp(o->sites[site].name, sites[i].name))
			return sites[i].quick;
	return false;
}

/* ---- answers ------------------------------------------------------ */

static const char *const evid_en[] = {
	"procedure document reviewed and approved", "records of the last quarter",
	"screenshots of the configuration", "internal audit working papers",
	"ticket history", "test report", "meeting minutes", "tool export"};
static const char *const evid_ja[] = {
	"手順書（レビュー・承認済み）", "直近四半期の記録", "設定画面のスクリーンショット",
	"内部監査の調書", "チケット履歴", "テスト報告書", "会議議事録", "ツールの出力"};

static const dsite *find_site(const char *name)
{
	for (size_t i = 0; i < NSITES; i++)
		if (!strcmp(sites[i].name, name))
			return &sites[i];
	return NULL;
}

static int fixed_level(const char *site, const char *id, const char **why)
{
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (!strcmp(fixed[i].site, site) && !strcmp(fixed[i].id, id)) {
			*why = fixed[i].why;
			return fixed[i].level;
		}
	return -1;
}

static int draw_level(ash_rng *r, double base)
{
	/* base plus noise in [-1, 1] (triangular), rounded, clamped 0..4;
	 * two statements: the order of two draws in one expression is left
	 * to the compiler */
	double up = ash_rng_unit(r);
	double x = base + up - ash_rng_unit(r);
	long l = lround(x);
	return l < 0 ? 0 : l > 4 ? 4 : (int)l;
}

static void answer_row(FILE *f, const ash_fw *fw, size_t i, const dsite *d,
		       ash_rng *r, int32_t on, bool previous)
{
	const ash_fw_item *it = &fw->items[i];
	const char *why = NULL;
	int level = fixed_level(d->name, it->id, &why);
	if (level < 0 || previous)
		level = draw_level(r, d->base[it->func < 6 ? it->func : 0] - (previous ? 0.4 : 0));
	bool self = ash_rng_unit(r) < d->p_self || (why && !previous);
	bool ev = ash_rng_unit(r) < d->p_evidence;
	int32_t age = (int32_t)ash_rng_below(r, (uint32_t)d->max_age) + 5;
	int cov = ash_rng_unit(r) < 0.8 ? 100 : 50 + (int)ash_rng_below(r, 45);
	char day[11], ref[64];
	ash_day_format(on - age, day);
	snprintf(ref, sizeof ref, "%s/%s/%s", d->name, it->id, day);
	bool ja = !strcmp(d->lang, "ja");
	size_t e = ash_rng_below(r, 8);
	ash_orgcsv_cell(f, d->name), fputc(',', f), ash_orgcsv_cell(f, fw->key);
	fputc(',', f), ash_orgcsv_cell(f, it->id);
	fprintf(f, ",%d,", level);
	if (ev && level > 0)
		ash_orgcsv_cell(f, ja ? evid_ja[e] : evid_en[e]);
	fputc(',', f);
	if (ev && level > 0)
		ash_orgcsv_cell(f, ref);
	fprintf(f, ",%s,", ev && level > 0 ? day : "");
	bool ext = !self && !strcmp(d->name, "de-fra"); /* ISO 27001 auditor */
	ash_orgcsv_cell(f, self ? d->assessor
				: ext ? "ISO 27001 certification auditor" : "HQ internal audit");
	fprintf(f, ",%s,%d,", self ? "self" : ext ? "external" : "internal", cov);
	if (why && !previous)
		ash_orgcsv_cell(f, why);
	fputs("\r\n", f);
}

char *ash_orgdemo_answers(const ash_org *o, const ash_fw *fw, size_t site,
			  int32_t on, bool previous, uint64_t seed, size_t *len)
{
	const dsite *d = find_site(o->sites[site].name);
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	if (!f)
		abort();
	fputs("site,framework,id,level,evidence,evidence_ref,evidence_date,assessor,"
	      "source,coverage,note\r\n", f);
	ash_rng r;
	ash_rng_seed(&r, seed, site * 2 + (previous ? 1 : 0));
	for (size_t i = 0; d && i < fw->nitems; i++) {
		const ash_fw_item *it = &fw->items[i];
		if (it->level != ASH_FW_SUB || (d->quick && !it->quick))
			continue;
		/* a few questions left open in a full assessment */
		if (!d->quick && ash_rng_unit(&r) < 0.03)
			continue;
		answer_row(f, fw, i, d, &r, on, previous);
	}
	fclose(f);
	*len = n;
	return buf;
}
