/* SPDX-License-Identifier: MIT */
/* org_yaml.c: reads org.yaml (org.h) with libyaml's document API, so
 * every error names the file, line and column.  Unknown keys become
 * warnings.  Does not write (org_write.c) or create folders (org_init.c). */
#include "org/org.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "case/case.h"
#include "core/tztime.h"
#include "core/xalloc.h"
#include "core/ynode.h"
#include "org/framework.h"
#include "org/orgfile.h"

typedef struct yctx {
	yaml_document_t *doc;
	const char *path;
	ash_org *o;
	ash_err *err;
} yctx;

#define NODE(y, id) ASH_YNODE((y)->doc, (id))
#define FOR_PAIRS ASH_YFOR_PAIRS
#define FOR_ITEMS ASH_YFOR_ITEMS

static int fail(yctx *y, yaml_node_t *n, const char *what, const char *detail)
{
	return ash_yfail(y->path, y->err, n, what, detail);
}

static void warn(yctx *y, yaml_node_t *n, const char *where, const char *key)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s:%zu: unknown key '%.64s' in %s (ignored)",
		 y->path, n->start_mark.line + 1, key, where);
	ash_org *o = y->o;
	if (o->nwarnings >= 1000)
		return;
	o->warnings = ash_reallocarray(o->warnings, o->nwarnings + 1, sizeof(char *));
	o->warnings[o->nwarnings++] = ash_strdup(buf);
}

static int line_of(yaml_node_t *n)
{
	return (int)n->start_mark.line + 1;
}

#define scalar ash_yscalar

static int want_scalar(yctx *y, yaml_node_t *n, const char *what,
		       const char **out)
{
	return ash_ywant_scalar(y->path, y->err, n, what, false, out);
}

static int want_kind(yctx *y, yaml_node_t *n, yaml_node_type_t t,
		     const char *what)
{
	return ash_ywant_kind(y->path, y->err, n, t, what, ASH_ORG_MAX_ITEMS);
}

static int want_num(yctx *y, yaml_node_t *n, const char *what, double lo,
		    double hi, double *out)
{
	const char *s;
	int rc = want_scalar(y, n, what, &s);
	if (rc)
		return rc;
	char *end;
	double v = strtod(s, &end);
	if (*end || !isfinite(v) || strpbrk(s, "xXpP"))
		return fail(y, n, what, "expected a number");
	if (v < lo || v > hi) {
		char m[96];
		snprintf(m, sizeof m, "must be between %g and %g", lo, hi);
		return fail(y, n, what, m);
	}
	*out = v;
	return ASH_OK;
}

static int want_level(yctx *y, yaml_node_t *n, const char *what, int *out)
{
	double v;
	int rc = want_num(y, n, what, 0, ASH_LEVEL_MAX, &v);
	if (rc)
		return rc;
	if (v != floor(v))
		return fail(y, n, what, "a level is a whole number 0-4");
	*out = (int)v;
	return ASH_OK;
}

static char *dup_set(char **dst, const char *v)
{
	free(*dst);
	return *dst = ash_strdup(v);
}

static bool upper_code(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	return true;
}

/* ---- ranges ------------------------------------------------------- */

static int parse_range(yctx *y, yaml_node_t *n, const char *what, double lo,
		       double hi, ash_range *r)
{
	memset(r, 0, sizeof *r);
	if (n && n->type == YAML_SCALAR_NODE) {
		double v;
		int rc = want_num(y, n, what, lo, hi, &v);
		if (!rc)
			*r = (ash_range){ASH_RANGE_PERT, v, v, v, 0, 0};
		return rc;
	}
	int rc = want_kind(y, n, YAML_MAPPING_NODE, what);
	if (rc)
		return rc;
	bool have[5] = {0};
	double *dst[5] = {&r->min, &r->likely, &r->max, &r->lo, &r->hi};
	FOR_PAIRS(n, p) {
		yaml_node_t *k = NODE(y, p->key), *v = NODE(y, p->value);
		const char *key = scalar(k);
		int i = !key                                           ? -1
			: !strcmp(key, "min")                          ? 0
			: !strcmp(key, "likely") || !strcmp(key, "mode") ? 1
			: !strcmp(key, "max")                          ? 2
			: !strcmp(key, "low") || !strcmp(key, "p05")   ? 3
			: !strcmp(key, "high") || !strcmp(key, "p95")  ? 4
								       : -1;
		if (i < 0)
			return fail(y, k, what,
				    "keys are min/likely/max, or low/high (90 % interval)");
		if ((rc = want_num(y, v, key, lo, hi, dst[i])))
			return rc;
		have[i] = true;
	}
	bool pert = have[0] || have[1] || have[2], ci = have[3] || have[4];
	if (pert == ci || (pert && !(have[0] && have[1] && have[2])) ||
	    (ci && !(have[3] && have[4])))
		return fail(y, n, what,
			    "give min, likely and max, or low and high (a 90 % interval)");
	if (pert && !(r->min <= r->likely && r->likely <= r->max))
		return fail(y, n, what, "needs min <= likely <= max");
	if (ci && !(r->lo < r->hi))
		return fail(y, n, what, "needs low < high");
	r->kind = pert ? ASH_RANGE_PERT : ASH_RANGE_CI90;
	return ASH_OK;
}

/* ---- targets ------------------------------------------------------ */

static int parse_targets(yctx *y, yaml_node_t *n, ash_target **out,
			 size_t *nout, int *dflt)
{
	int rc = want_kind(y, n, YAML_MAPPING_NODE, "targets");
	if (rc)
		return rc;
	FOR_PAIRS(n, p) {
		yaml_node_t *k = NODE(y, p->key), *v = NODE(y, p->value);
		const char *key = scalar(k);
		int level;
		if (!key || !ash_fw_id_ok(key))
			return fail(y, k, "targets", "keys are framework ids or 'default'");
		if ((rc = want_level(y, v, key, &level)))
			return rc;
		if (!strcmp(key, "default") && dflt) {
			*dflt = level;
			continue;
		}
		*out = ash_reallocarray(*out, *nout + 1, sizeof **out);
		(*out)[(*nout)++] = (ash_target){ash_strdup(key), level, line_of(k)};
	}
	return ASH_OK;
}

/* ---- sites -------------------------------------------------------- */

static int parse_net(yctx *y, yaml_node_t *n, size_t site)
{
	int rc = want_kind(y, n, YAML_MAPPING_NODE, "networks entry");
	if (rc)
		return rc;
	const char *cidr = NULL, *zone = NULL;
	yaml_node_t *cn = n;
	FOR_PAIRS(n, p) {
		yaml_node_t *k = NODE(y, p->key), *v = NODE(y, p->value);
		const char *key = scalar(k);
		if (key && !strcmp(key, "cidr")) {
			rc = want_scalar(y, v, "cidr", &cidr);
			cn = v;
		} else if (key && !strcmp(key, "zone")) {
			rc = want_scalar(y, v, "zone", &zone);
		} else {
			warn(y, k, "a network", key ? key : "?");
		}
		if (rc)
			return rc;
	}
	if (!cidr || !zone)
		return fail(y, n, "networks entry", "needs both 'cidr' and 'zone'");
	ash_org_net net = {.site = site};
	if (ash_cidr_parse(cidr, strlen(cidr), false, &net.cidr) != 0)
		return fail(y, cn, "cidr",
			    "not a network prefix like 203.0.113.0/24 (host bits must be zero)");
	net.zone = ash_strdup(zone);
	ash_org *o = y->o;
	if (o->nnets >= ASH_ORG_MAX_ITEMS) {
		free(net.zone);
		return fail(y, n, "networks", "too many");
	}
	o->nets = ash_reallocarray(o->nets, o->nnets + 1, sizeof *o->nets);
	o->nets[o->nnets++] = net;
	return ASH_OK;
}

static int site_field(yctx *y, ash_org_site *s, const char *key,
		      yaml_node_t *v, bool *known)
{
	const char *val;
	int rc;
	*known = true;
	if (!strcmp(key, "criticality"))
		return want_num(y, v, key, 0.001, 1000, &s->criticality);
	char **dst = !strcmp(key, "name")       ? &s->name
		     : !strcmp(key, "country")  ? &s->country
		     : !strcmp(key, "timezone") ? &s->timezone
		     : !strcmp(key, "language") ? &s->language
		     : !strcmp(key, "currency") ? &s->currency
						: NULL;
	if (!dst) {
		*known = false;
		return ASH_OK;
	}
	if ((rc = want_scalar(y, v, key, &val)))
		return rc;
	if (dst == &s->country && !upper_code(val, 2))
		return fail(y, v, key, "an ISO 3166 two-letter code such as JP, SG, DE");
	if (dst == &s->currency && !upper_code(val, 3))
		return fail(y, v, key, "an ISO 4217 code such as JPY, SGD, EUR");
	if (dst == &s->language && !ash_lang_code_ok(val))
		return fail(y, v, key, "a language tag such as ja or en");
	if (dst == &s->name && !ash_fw_id_ok(val))
		return fail(y, v, key, "1-32 of A-Z a-z 0-9 . _ -");
	if (dst == &s->timezone) {
		ash_tz *tz;
		ash_err e;
		if (ash_tz_open(val, &tz, &e))
			return fail(y, v, "timezone", e.msg);
		ash_tz_free(tz);
	}
	dup_set(dst, val);
	return ASH_OK;
}

static int parse_site(yctx *y, yaml_node_t *n)
{
	int rc = want_kind(y, n, YAML_MAPPING_NODE, "sites entry");
	if (rc)
		return rc;
	ash_org *o = y->o;
	size_t idx = o->nsites;
	o->sites = ash_reallocarray(o->sites, idx + 1, sizeof *o->sites);
	ash_org_site *s = &o->sites[idx];
	memset(s, 0, sizeof *s);
	s->criticality = 1;
	s->line = line_of(n);
	o->nsites++;
	FOR_PAIRS(n, p) {
		yaml_node_t *k = NODE(y, p->key), *v = NODE(y, p->value);
		const char *key = scalar(k);
		bool known;
		if (!key)
			return fail(y, k, "sites entry", "keys must be text");
		if (!strcmp(key, "networks")) {
			if ((rc = want_kind(y, v, YAML_SEQUENCE_NODE, "networks")))
				return rc;
			FOR_ITEMS(v, it) {
				if ((rc = parse_net(y, NODE(y, *it), idx)))
					return rc;
			}
			continue;
		}
		if (!strcmp(key, "targets")) {
			if ((rc = parse_targets(y, v, &s->targets, &s->ntargets, NULL)))
				return rc;
			continue;
		}
		if ((rc = site_field(y, s, key, v, &known)))
			return rc;
		if (!known)
			warn(y, k, "a site", key);
	}
	if (!s->name || !s->timezone || !s->country || !s->currency)
		return fail(y, n, "sites entry",
			    "needs 'name', 'country', 'timezone' (IANA) and 'currency'");
	if (!s->language)
		s->language = ash_strdup("en");
	for (size_t i = 0; i < idx; i++)
		if (!strcmp(o->sites[i].name, s->name))
			return fail(y, n, "sites entry", "site name given twice");
	return ASH_OK;
}

/* ---- scenarios ---------------------------------------------------- */

static void scen_free(ash_scenario *s)
{
	free(s->name), free(s->site), free(s->description);
	for (size_t i = 0; i < s->ncontrols; i++)
		free(s->controls[i]);
	free(s->controls);
}

static int scen_controls(yctx *y, yaml_node_t *v, ash_scenario *s)
{
	int rc = want_kind(y, v, YAML_SEQUENCE_NODE, "controls");
	if (rc)
		return rc;
	FOR_ITEMS(v, it) {
		const char *id;
		yaml_node_t *c = NODE(y, *it);
		if ((rc = want_scalar(y, c, "controls", &id)))
			return rc;
		if (!ash_fw_id_ok(id))
			return fail(y, c, "controls", "expected subcategory ids such as PR.PS-01");
		s->controls = ash_reallocarray(s->controls, s->ncontrols + 1,
					       sizeof(char *));
		s->controls[s->ncontrols++] = ash_strdup(id);
	}
	return ASH_OK;
}

static int scen_field(yctx *y, ash_scenario *s, const char *key,
		      yaml_node_t *k, yaml_node_t *v)
{
	const char *val;
	int rc;
	if (!strcmp(key, "tef"))
		return parse_range(y, v, "tef", 0, 1e6, &s->tef);
	if (!strcmp(key, "tcap"))
		return parse_range(y, v, "tcap", 0, 100, &s->tcap);
	if (!strcmp(key, "vulnerability"))
		return parse_range(y, v, "vulnerability", 0, 1, &s->vuln);
	if (!strcmp(key, "loss"))
		return parse_range(y, v, "loss", 0, 1e15, &s->loss);
	if (!strcmp(key, "controls"))
		return scen_controls(y, v, s);
	char **dst = !strcmp(key, "name")          ? &s->name
		     : !strcmp(key, "site")        ? &s->site
		     : !strcmp(key, "description") ? &s->description
						   : NULL;
	if (!dst) {
		warn(y, k, "a scenario", key);
		return ASH_OK;
	}
	if ((rc = want_scalar(y, v, key, &val)))
		return rc;
	if (dst == &s->name && !ash_fw_id_ok(val))
		return fail(y, v, key, "1-32 of A-Z a-z 0-9 . _ -");
	dup_set(dst, val);
	return ASH_OK;
}

static int parse_scenario(yctx *y, yaml_node_t *n)
{
	int rc = want_kind(y, n, YAML_MAPPING_NODE, "scenarios entry");
	if (rc)
		return rc;
	ash_scenario s = {.line = line_of(n)};
	FOR_PAIRS(n, p) {
		yaml_node_t *k = NODE(y, p->key), *v = NODE(y, p->value);
		const char *key = scalar(k);
		if (!key) {
			rc = fail(y, k, "scenarios entry", "keys must be text");
			goto out;
		}
		if ((rc = scen_field(y, &s, key, k, v)))
			goto out;
	}
	if (!s.name || !s.site || !s.tef.kind || !s.loss.kind ||
	    (!s.tcap.kind && !s.vuln.kind)) {
		rc = fail(y, n, "scenarios entry",
			  "needs 'name', 'site', 'tef', 'loss' and 'tcap' (or 'vulnerability')");
		goto out;
	}
	if (s.tcap.kind && !s.ncontrols && !s.vuln.kind) {
		rc = fail(y, n, "scenarios entry",
			  "'tcap' needs 'controls' (the subcategories whose maturity resists it)");
		goto out;
	}
	if (!ash_org_site_find(y->o, s.site, NULL)) {
		rc = fail(y, n, "scenarios entry", "'site' is not one of the sites");
		goto out;
	}
	ash_org *o = y->o;
	for (size_t i = 0; i < o->nscen; i++)
		if (!strcmp(o->scen[i].name, s.name) && !strcmp(o->scen[i].site, s.site)) {
			rc = fail(y, n, "scenarios entry", "name given twice for this site");
			goto out;
		}
	o->scen = ash_reallocarray(o->scen, o->nscen + 1, sizeof *o->scen);
	o->scen[o->nscen++] = s;
	return ASH_OK;
out:
	scen_free(&s);
	return rc;
}

/* ---- top-level sections ------------------------------------------- */

static int parse_fx(yctx *y, yaml_node_t *n)
{
	int rc = want_kind(y, n, YAML_MAPPING_NODE, "fx");
	if (rc)
		return rc;
	ash_org *o = y->o;
	FOR_PAIRS(n, p) {
		yaml_node_t *k = NODE(y, p->key), *v = NODE(y, p->value);
		const char *key = scalar(k), *val;
		if (key && !strcmp(key, "date")) {
			int32_t d;
			if ((rc = want_scalar(y, v, "date", &val)))
				return rc;
			if (ash_day_parse(val, strlen(val), &d))
				return fail(y, v, "date", "expected YYYY-MM-DD");
			dup_set(&o->fx_date, val);
		} else if (key && !strcmp(key, "rates")) {
			if ((rc = want_kind(y, v, YAML_MAPPING_NODE, "rates")))
				return rc;
			FOR_PAIRS(v, q) {
				yaml_node_t *ck = NODE(y, q->key);
				const char *code = scalar(ck);
				ash_fx fx = {0};
				if (!code || !upper_code(code, 3))
					return fail(y, ck, "rates", "keys are ISO 4217 codes");
				memcpy(fx.code, code, 4);
				if ((rc = want_num(y, NODE(y, q->value), code, 1e-9, 1e9,
						   &fx.rate)))
					return rc;
				o->fx = ash_reallocarray(o->fx, o->nfx + 1, sizeof *o->fx);
				o->fx[o->nfx++] = fx;
			}
		} else {
			warn(y, k, "fx", key ? key : "?");
		}
	}
	return ASH_OK;
}

static int parse_evidence(yctx *y, yaml_node_t *n)
{
	int rc = want_kind(y, n, YAML_MAPPING_NODE, "evidence");
	if (rc)
		return rc;
	ash_evpolicy *ev = &y->o->ev;
	FOR_PAIRS(n, p) {
		yaml_node_t *k = NODE(y, p->key), *v = NODE(y, p->value);
		const char *key = scalar(k);
		double d;
		if (key && !strcmp(key, "max_age_days")) {
			if ((rc = want_num(y, v, key, 1, 36500, &d)))
				return rc;
			ev->max_age_days = (int)d;
			continue;
		}
		double *dst = !key                        ? NULL
			      : !strcmp(key, "self")      ? &ev->self_factor
			      : !strcmp(key, "stale")     ? &ev->stale_factor
			      : !strcmp(key, "none")      ? &ev->none_factor
							  : NULL;
		if (!dst) {
			warn(y, k, "evidence", key ? key : "?");
			continue;
		}
		if ((rc = want_num(y, v, key, 0, 1, dst)))
			return rc;
	}
	return ASH_OK;
}

static int parse_mapping(yctx *y, yaml_node_t *n)
{
	int rc = want_kind(y, n, YAML_MAPPING_NODE, "maturity_mapping");
	if (rc)
		return rc;
	bool have[5] = {0};
	FOR_PAIRS(n, p) {
		yaml_node_t *k = NODE(y, p->key), *v = NODE(y, p->value);
		int level;
		if ((rc = want_level(y, k, "maturity_mapping level", &level)))
			return rc;
		ash_range *r = &y->o->mapping[level];
		if ((rc = parse_range(y, v, "maturity_mapping", 0, 100, r)))
			return rc;
		if (r->kind != ASH_RANGE_PERT)
			return fail(y, v, "maturity_mapping", "give min, likely and max (0-100)");
		have[level] = true;
	}
	for (int l = 0; l <= ASH_LEVEL_MAX; l++)
		if (!have[l])
			return fail(y, n, "maturity_mapping", "needs every level 0 to 4");
	for (int l = 1; l <= ASH_LEVEL_MAX; l++) {
		const ash_range *a = &y->o->mapping[l - 1], *b = &y->o->mapping[l];
		if (b->min < a->min || b->likely < a->likely || b->max < a->max)
			return fail(y, n, "maturity_mapping",
				    "resistance must not fall as maturity rises");
	}
	return ASH_OK;
}

static int parse_list(yctx *y, yaml_node_t *v, const char *what,
		      int (*each)(yctx *, yaml_node_t *))
{
	int rc = want_kind(y, v, YAML_SEQUENCE_NODE, what);
	if (rc)
		return rc;
	FOR_ITEMS(v, it) {
		if ((rc = each(y, NODE(y, *it))))
			return rc;
	}
	return ASH_OK;
}

static int root_text(yctx *y, const char *key, yaml_node_t *v, bool *known)
{
	ash_org *o = y->o;
	const char *val;
	int rc;
	*known = true;
	char **dst = !strcmp(key, "org")         ? &o->name
		     : !strcmp(key, "framework") ? &o->framework
		     : !strcmp(key, "currency")  ? &o->currency
						 : NULL;
	if (!dst) {
		*known = false;
		return ASH_OK;
	}
	if ((rc = want_scalar(y, v, key, &val)))
		return rc;
	if (dst == &o->currency && !upper_code(val, 3))
		return fail(y, v, key, "an ISO 4217 code such as JPY");
	if (dst == &o->framework && !ash_fw_id_ok(val))
		return fail(y, v, key, "a framework key such as csf-2.0");
	dup_set(dst, val);
	return ASH_OK;
}

static int parse_key(yctx *y, const char *key, yaml_node_t *k, yaml_node_t *v)
{
	ash_org *o = y->o;
	bool known;
	if (!strcmp(key, "sites"))
		return parse_list(y, v, "sites", parse_site);
	if (!strcmp(key, "scenarios"))
		return ASH_OK; /* after the sites: see parse_root */
	if (!strcmp(key, "fx"))
		return parse_fx(y, v);
	if (!strcmp(key, "evidence"))
		return parse_evidence(y, v);
	if (!strcmp(key, "targets"))
		return parse_targets(y, v, &o->targets, &o->ntargets, &o->target_default);
	if (!strcmp(key, "maturity_mapping"))
		return parse_mapping(y, v);
	if (!strcmp(key, "shared_sigma"))
		return want_num(y, v, key, 0, 3, &o->shared_sigma);
	int rc = root_text(y, key, v, &known);
	if (!rc && !known)
		warn(y, k, "org.yaml", key);
	return rc;
}

static int parse_root(yctx *y, yaml_node_t *root)
{
	int rc;
	if (!root)
		return fail(y, NULL, "empty file", "expected 'org:' and 'sites:'");
	if ((rc = want_kind(y, root, YAML_MAPPING_NODE, "top level")))
		return rc;
	yaml_node_t *scen = NULL;
	FOR_PAIRS(root, p) {
		yaml_node_t *k = NODE(y, p->key), *v = NODE(y, p->value);
		const char *key = scalar(k);
		if (!key)
			return fail(y, k, "top level", "keys must be text");
		if (!strcmp(key, "scenarios"))
			scen = v;
		if ((rc = parse_key(y, key, k, v)))
			return rc;
	}
	if (y->o->nsites == 0)
		return fail(y, root, "org.yaml", "needs at least one site under 'sites:'");
	if (scen && (rc = parse_list(y, scen, "scenarios", parse_scenario)))
		return rc;
	return ASH_OK;
}

static int net_cmp(const void *a, const void *b)
{
	const ash_org_net *x = a, *y = b;
	return (int)y->cidr.bits - (int)x->cidr.bits;
}

static void fill_defaults(ash_org *o, const char *path)
{
	if (!o->name) {
		/* the folder's name: "x/acme/org.yaml" gives "acme" */
		const char *end = strrchr(path, '/'), *beg = path;
		for (const char *q = path; end && q < end; q++)
			if (*q == '/')
				beg = q + 1;
		o->name = end && end > beg ? ash_strndup(beg, (size_t)(end - beg))
					   : ash_strdup("org");
	}
	if (!o->framework)
		o->framework = ash_strdup("csf-2.0");
	if (!o->currency)
		o->currency = ash_strdup("USD");
	if (o->nnets)
		qsort(o->nets, o->nnets, sizeof *o->nets, net_cmp);
}

int ash_org_parse_file(const char *path, ash_org **out, ash_err *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return ash_errno(err, ASH_EIO, "%s", path);
	yaml_parser_t parser;
	yaml_document_t doc;
	int rc = ASH_OK;
	bool have_doc = false;
	ash_org *o = ash_calloc(1, sizeof *o);
	ash_org_defaults(o);
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = ash_errf(err, ASH_EFORMAT, "%s:%zu:%zu: not valid YAML: %s", path,
			      parser.problem_mark.line + 1,
			      parser.problem_mark.column + 1,
			      parser.problem ? parser.problem : "syntax error");
		goto out;
	}
	have_doc = true;
	yctx y = {&doc, path, o, err};
	if ((rc = parse_root(&y, yaml_document_get_root_node(&doc))))
		goto out;
	fill_defaults(o, path);
out:
	if (have_doc)
		yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	fclose(f);
	if (rc) {
		ash_org_free(o);
		return rc;
	}
	*out = o;
	return ASH_OK;
}

int ash_org_load(const char *dir, ash_org **out, ash_err *err)
{
	char path[4096];
	int w = snprintf(path, sizeof path, "%s/org.yaml", dir);
	if (w < 0 || (size_t)w >= sizeof path)
		return ash_errf(err, ASH_ELIMIT, "%s: path too long", dir);
	if (!ash_orgfile_exists(path))
		return ash_errf(err, ASH_ENOTFOUND,
				"%s: not an organisation folder (no org.yaml; create "
				"one with 'ashiato org init')", dir);
	ash_org *o;
	int rc = ash_org_parse_file(path, &o, err);
	if (rc)
		return rc;
	o->dir = ash_strdup(dir);
	*out = o;
	return ASH_OK;
}

static void targets_free(ash_target *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i].id);
	free(t);
}

void ash_org_free(ash_org *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->nsites; i++) {
		ash_org_site *s = &o->sites[i];
		free(s->name), free(s->country), free(s->timezone);
		free(s->language), free(s->currency);
		targets_free(s->targets, s->ntargets);
	}
	for (size_t i = 0; i < o->nnets; i++)
		free(o->nets[i].zone);
	for (size_t i = 0; i < o->nscen; i++)
		scen_free(&o->scen[i]);
	for (size_t i = 0; i < o->nwarnings; i++)
		free(o->warnings[i]);
	targets_free(o->targets, o->ntargets);
	free(o->sites), free(o->nets), free(o->scen), free(o->warnings);
	free(o->fx), free(o->dir), free(o->name), free(o->framework);
	free(o->currency), free(o->fx_date);
	free(o);
}

const ash_org_site *ash_org_site_find(const ash_org *o, const char *name,
				      size_t *idx)
{
	for (size_t i = 0; i < o->nsites; i++)
		if (o->sites[i].name && !strcmp(o->sites[i].name, name)) {
			if (idx)
				*idx = i;
			return &o->sites[i];
		}
	return NULL;
}

double ash_org_fx(const ash_org *o, const char *code)
{
	if (o->currency && !strcmp(code, o->currency))
		return 1;
	for (size_t i = 0; i < o->nfx; i++)
		if (!strcmp(o->fx[i].code, code))
			return o->fx[i].rate;
	return 0;
}

int ash_org_path(const ash_org *o, const char *rel, char *buf, size_t cap,
		 ash_err *err)
{
	int w = snprintf(buf, cap, "%s/%s", o->dir ? o->dir : ".", rel);
	if (w < 0 || (size_t)w >= cap)
		return ash_errf(err, ASH_ELIMIT, "%s/%s: path too long",
				o->dir ? o->dir : ".", rel);
	return ASH_OK;
}

void ash_org_defaults(ash_org *o)
{
	o->ev = (ash_evpolicy)ASH_EVPOLICY_DEFAULT;
	o->target_default = 3;
	/* the defaults of the risk engine (docs/risk.md), in percent */
	static const double m[5][3] = {
		{0, 5, 20}, {5, 25, 45}, {25, 45, 65}, {45, 65, 85}, {60, 85, 98}};
	for (int l = 0; l <= ASH_LEVEL_MAX; l++)
		o->mapping[l] = (ash_range){ASH_RANGE_PERT, m[l][0], m[l][1],
					    m[l][2], 0, 0};
}
