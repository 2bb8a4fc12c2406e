/* SPDX-License-Identifier: MIT */
/* org_write.c: writes an ash_org as a commented org.yaml that
 * org_yaml.c reads back to the same values (org init, demo-org).  All
 * text goes through ash_yaml_quote, so any name round-trips. */
#include "org/org.h"

#include <stdio.h>
#include <string.h>

#include "case/case.h"

static const char header[] =
	"# org.yaml: the organisation (docs/governance.md).  Edit by hand; every\n"
	"# ashiato org/assess/risk command reads it.  Unknown keys are warnings.\n"
	"#\n"
	"# sites: name, country (ISO 3166), IANA time zone, language, currency\n"
	"#   (ISO 4217), criticality (weight in the organisation roll-up),\n"
	"#   networks (as in case.yaml), targets (overrides of the target profile).\n"
	"# evidence: how weak evidence discounts a level (effective = level x\n"
	"#   factors): self-assessed only, older than max_age_days (or undated),\n"
	"#   no evidence text or reference.\n"
	"# targets: target level 0-4 by function, category or subcategory id.\n"
	"# fx: rates into the reporting currency (1 unit = rate), and their date.\n"
	"# scenarios: FAIR risk scenarios per site: tef (threat events per year),\n"
	"#   tcap (threat capability, percentile 0-100) resisted by the maturity\n"
	"#   of 'controls', or a fixed 'vulnerability' (0-1); loss per event in\n"
	"#   the site's currency.  Ranges: {min, likely, max} or {low, high}\n"
	"#   (a 90 % interval).\n"
	"# maturity_mapping: resistance strength (percentile 0-100) by level.\n";

static void num(FILE *f, double v)
{
	fprintf(f, "%.15g", v);
}

static void range(FILE *f, const ash_range *r)
{
	if (r->kind == ASH_RANGE_CI90) {
		fputs("{low: ", f), num(f, r->lo);
		fputs(", high: ", f), num(f, r->hi);
	} else {
		fputs("{min: ", f), num(f, r->min);
		fputs(", likely: ", f), num(f, r->likely);
		fputs(", max: ", f), num(f, r->max);
	}
	fputs("}", f);
}

static void targets(FILE *f, const char *indent, const ash_target *t,
		    size_t n, int dflt)
{
	fprintf(f, "%stargets: {", indent);
	bool first = true;
	if (dflt >= 0) {
		fprintf(f, "default: %d", dflt);
		first = false;
	}
	for (size_t i = 0; i < n; i++, first = false) {
		fputs(first ? "" : ", ", f);
		ash_yaml_quote(f, t[i].id);
		fprintf(f, ": %d", t[i].level);
	}
	fputs("}\n", f);
}

static void site(FILE *f, const ash_org *o, size_t si)
{
	const ash_org_site *s = &o->sites[si];
	fputs("  - name: ", f), ash_yaml_quote(f, s->name);
	fputs("\n    country: ", f), ash_yaml_quote(f, s->country);
	fputs("\n    timezone: ", f), ash_yaml_quote(f, s->timezone);
	fputs("\n    language: ", f), ash_yaml_quote(f, s->language);
	fputs("\n    currency: ", f), ash_yaml_quote(f, s->currency);
	fputs("\n    criticality: ", f), num(f, s->criticality);
	fputc('\n', f);
	if (s->ntargets)
		targets(f, "    ", s->targets, s->ntargets, -1);
	bool any = false;
	for (size_t i = 0; i < o->nnets; i++) {
		if (o->nets[i].site != si)
			continue;
		char cidr[ASH_IP_STRLEN + 8];
		ash_cidr_format(&o->nets[i].cidr, cidr);
		fputs(any ? "" : "    networks:\n", f);
		any = true;
		fputs("      - {cidr: ", f), ash_yaml_quote(f, cidr);
		fputs(", zone: ", f), ash_yaml_quote(f, o->nets[i].zone);
		fputs("}\n", f);
	}
}

static void scenario(FILE *f, const ash_scenario *s)
{
	fputs("  - name: ", f), ash_yaml_quote(f, s->name);
	fputs("\n    site: ", f), ash_yaml_quote(f, s->site);
	if (s->description)
		fputs("\n    description: ", f), ash_yaml_quote(f, s->description);
	fputs("\n    tef: ", f), range(f, &s->tef);
	if (s->tcap.kind)
		fputs("\n    tcap: ", f), range(f, &s->tcap);
	if (s->vuln.kind)
		fputs("\n    vulnerability: ", f), range(f, &s->vuln);
	fputs("\n    loss: ", f), range(f, &s->loss);
	if (s->ncontrols) {
		fputs("\n    controls: [", f);
		for (size_t i = 0; i < s->ncontrols; i++) {
			fputs(i ? ", " : "", f);
			ash_yaml_quote(f, s->controls[i]);
		}
		fputs("]", f);
	}
	fputc('\n', f);
}

static void money(FILE *f, const ash_org *o)
{
	fputs("currency: ", f), ash_yaml_quote(f, o->currency ? o->currency : "USD");
	fputs("            # reporting currency of the risk roll-up\n", f);
	if (!o->fx_date && !o->nfx)
		return;
	fputs("fx:\n", f);
	if (o->fx_date)
		fputs("  date: ", f), ash_yaml_quote(f, o->fx_date), fputc('\n', f);
	fputs("  rates: {", f);
	for (size_t i = 0; i < o->nfx; i++) {
		fprintf(f, "%s%s: ", i ? ", " : "", o->fx[i].code);
		num(f, o->fx[i].rate);
	}
	fputs("}\n", f);
}

int ash_org_write(const ash_org *o, FILE *f, ash_err *err)
{
	fputs(header, f);
	fputs("org: ", f), ash_yaml_quote(f, o->name ? o->name : "org");
	fputs("\nframework: ", f);
	ash_yaml_quote(f, o->framework ? o->framework : "csf-2.0");
	fputc('\n', f);
	money(f, o);
	fprintf(f, "evidence: {max_age_days: %d, self: ", o->ev.max_age_days);
	num(f, o->ev.self_factor), fputs(", stale: ", f);
	num(f, o->ev.stale_factor), fputs(", none: ", f);
	num(f, o->ev.none_factor), fputs("}\n", f);
	targets(f, "", o->targets, o->ntargets, o->target_default);
	fputs("shared_sigma: ", f), num(f, o->shared_sigma);
	fputs("   # common yearly shock of all sites' scenarios (0: independent)\n", f);
	fputs("sites:\n", f);
	for (size_t i = 0; i < o->nsites; i++)
		site(f, o, i);
	if (o->nscen)
		fputs("scenarios:\n", f);
	for (size_t i = 0; i < o->nscen; i++)
		scenario(f, &o->scen[i]);
	fputs("maturity_mapping:\n", f);
	for (int l = 0; l <= ASH_LEVEL_MAX; l++) {
		fprintf(f, "  %d: ", l);
		range(f, &o->mapping[l]);
		fprintf(f, "   # %s\n", ash_level_name(l, "en"));
	}
	if (fflush(f) || ferror(f))
		return ash_errno(err, ASH_EIO, "org.yaml: write");
	return ASH_OK;
}
