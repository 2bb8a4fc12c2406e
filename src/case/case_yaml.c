/* SPDX-License-Identifier: MIT */
/* case_yaml.c: reads case.yaml (DESIGN §2) into an ash_case with libyaml's
 * document API, so every error can name the file, line and column.
 * Unknown keys become warnings.  Does not write files (case_init.c). */
#include "case/case.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/tztime.h"
#include "core/xalloc.h"
#include "core/ynode.h"

#define MAX_ITEMS 100000 /* sites, networks, assets, expected: each */

typedef struct yctx {
	yaml_document_t *doc;
	const char *path;
	ash_case *c;
	ash_err *err;
	ash_policy *pol;   /* the policy entry being read */
} yctx;

static int fail(yctx *y, yaml_node_t *n, const char *what, const char *detail)
{
	return ash_yfail(y->path, y->err, n, what, detail);
}

static void warn(yctx *y, yaml_node_t *n, const char *where, const char *key)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s:%zu: unknown key '%.64s' in %s (ignored)",
		 y->path, n->start_mark.line + 1, key, where);
	y->c->warnings = ash_reallocarray(y->c->warnings, y->c->nwarnings + 1,
					  sizeof(char *));
	y->c->warnings[y->c->nwarnings++] = ash_strdup(buf);
}

#define scalar ash_yscalar

static int want_scalar(yctx *y, yaml_node_t *n, const char *what,
		       const char **out)
{
	return ash_ywant_scalar(y->path, y->err, n, what, true, out);
}

static int want_kind(yctx *y, yaml_node_t *n, yaml_node_type_t t,
		     const char *what)
{
	return ash_ywant_kind(y->path, y->err, n, t, what, MAX_ITEMS);
}

#define NODE(y, id) ASH_YNODE((y)->doc, (id))
#define FOR_PAIRS ASH_YFOR_PAIRS
#define FOR_ITEMS ASH_YFOR_ITEMS

static int parse_net(yctx *y, yaml_node_t *n, size_t site)
{
	int rc = want_kind(y, n, YAML_MAPPING_NODE, "networks entry");
	if (rc)
		return rc;
	const char *cidr = NULL, *zone = NULL;
	yaml_node_t *cidr_node = n;
	FOR_PAIRS(n, p) {
		yaml_node_t *k = NODE(y, p->key), *v = NODE(y, p->value);
		const char *key = scalar(k);
		if (!key)
			return fail(y, k, "networks entry", "keys must be text");
		if (!strcmp(key, "cidr")) {
			if ((rc = want_scalar(y, v, "cidr", &cidr)))
				return rc;
			cidr_node = v;
		} else if (!strcmp(key, "zone")) {
			if ((rc = want_scalar(y, v, "zone", &zone)))
				return rc;
		} else {
			warn(y, k, "a network", key);
		}
	}
	if (!cidr || !zone)
		return fail(y, n, "networks entry", "needs both 'cidr' and 'zone'");
	ash_net net = {0};
	if (ash_cidr_parse(cidr, strlen(cidr), false, &net.cidr) != 0)
		return fail(y, cidr_node, "cidr",
			    "not a network prefix like 203.0.113.0/24 (host bits must be zero)");
	net.zone = ash_strdup(zone);
	net.site = site;
	ash_case *c = y->c;
	c->nets = ash_reallocarray(c->nets, c->nnets + 1, sizeof *c->nets);
	c->nets[c->nnets++] = net;
	return ASH_OK;
}

static int parse_site(yctx *y, yaml_node_t *n)
{
	int rc = want_kind(y, n, YAML_MAPPING_NODE, "sites entry");
	if (rc)
		return rc;
	ash_case *c = y->c;
	size_t idx = c->nsites;
	c->sites = ash_reallocarray(c->sites, idx + 1, sizeof *c->sites);
	ash_site *s = &c->sites[idx];
	memset(s, 0, sizeof *s);
	c->nsites++;
	FOR_PAIRS(n, p) {
		yaml_node_t *k = NODE(y, p->key), *v = NODE(y, p->value);
		const char *key = scalar(k), *val;
		if (!key)
			return fail(y, k, "sites entry", "keys must be text");
		if (!strcmp(key, "networks")) {
			if ((rc = want_kind(y, v, YAML_SEQUENCE_NODE, "networks")))
				return rc;
			FOR_ITEMS(v, it)
				if ((rc = parse_net(y, NODE(y, *it), idx)))
					return rc;
			continue;
		}
		char **dst = !strcmp(key, "name")       ? &s->name
			     : !strcmp(key, "timezone") ? &s->timezone
			     : !strcmp(key, "language") ? &s->language
							: NULL;
		if (!dst) {
			warn(y, k, "a site", key);
			continue;
		}
		if ((rc = want_scalar(y, v, key, &val)))
			return rc;
		free(*dst);
		*dst = ash_strdup(val);
		if (dst == &s->timezone) {
			ash_tz *tz;
			ash_err e;
			if (ash_tz_open(val, &tz, &e))
				return fail(y, v, "timezone", e.msg);
			ash_tz_free(tz);
		}
	}
	if (!s->name)
		return fail(y, n, "sites entry", "needs a 'name'");
	if (!s->timezone)
		return fail(y, n, "sites entry",
			    "needs a 'timezone' (IANA name such as Asia/Singapore)");
	for (size_t i = 0; i < idx; i++)
		if (!strcmp(c->sites[i].name, s->name))
			return fail(y, n, "sites entry", "site name given twice");
	return ASH_OK;
}

static int parse_asset(yctx *y, yaml_node_t *n)
{
	int rc = want_kind(y, n, YAML_MAPPING_NODE, "inventory entry");
	if (rc)
		return rc;
	ash_asset a = {0};
	bool have_ip = false;
	FOR_PAIRS(n, p) {
		yaml_node_t *k = NODE(y, p->key), *v = NODE(y, p->value);
		const char *key = scalar(k), *val;
		if (!key) {
			rc = fail(y, k, "inventory entry", "keys must be text");
			goto out;
		}
		char **dst = !strcmp(key, "name")   ? &a.name
			     : !strcmp(key, "site") ? &a.site
			     : !strcmp(key, "role") ? &a.role
						    : NULL;
		bool is_ip = !strcmp(key, "ip");
		if (!dst && !is_ip) {
			/* inventory entries may carry any descriptive keys */
			continue;
		}
		if ((rc = want_scalar(y, v, key, &val)))
			goto out;
		if (is_ip) {
			if (ash_ip_parse(val, strlen(val), &a.ip) != 0) {
				rc = fail(y, v, "ip", "not an IPv4 or IPv6 address");
				goto out;
			}
			have_ip = true;
		} else {
			free(*dst);
			*dst = ash_strdup(val);
		}
	}
	if (!have_ip) {
		rc = fail(y, n, "inventory entry", "needs an 'ip'");
		goto out;
	}
	ash_case *c = y->c;
	c->assets = ash_reallocarray(c->assets, c->nassets + 1, sizeof *c->assets);
	c->assets[c->nassets++] = a;
	return ASH_OK;
out:
	free(a.name), free(a.site), free(a.role);
	return rc;
}

static int parse_endpoint(yctx *y, yaml_node_t *v, ash_cidr *out)
{
	const char *val;
	int rc = want_scalar(y, v, "address", &val);
	if (rc)
		return rc;
	if (ash_cidr_parse(val, strlen(val), false, out) != 0)
		return fail(y, v, "address", "not an address or network prefix");
	return ASH_OK;
}

static int parse_int_field(yctx *y, yaml_node_t *v, const char *what, int max,
			   int *out)
{
	const char *val;
	int rc = want_scalar(y, v, what, &val);
	if (rc)
		return rc;
	char *end;
	long x = strtol(val, &end, 10);
	if (!*val || *end || x < 0 || x > max)
		return fail(y, v, what, "expected a number in range");
	*out = (int)x;
	return ASH_OK;
}

static int parse_proto(yctx *y, yaml_node_t *v, int *out)
{
	const char *val = scalar(v);
	static const struct { const char *n; int p; } names[] = {
		{"tcp", 6}, {"udp", 17}, {"icmp", 1}, {"icmp6", 58}, {"any", -1}};
	for (size_t i = 0; val && i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(val, names[i].n)) {
			*out = names[i].p;
			return ASH_OK;
		}
	return parse_int_field(y, v, "proto", 255, out);
}

static void free_expected(ash_expected *e)
{
	free(e->name), free(e->reason), free(e->schedule);
}

static int parse_expected(yctx *y, yaml_node_t *n)
{
	int rc = want_kind(y, n, YAML_MAPPING_NODE, "expected entry");
	if (rc)
		return rc;
	ash_expected e = {.proto = -1, .dport = -1};
	FOR_PAIRS(n, p) {
		yaml_node_t *k = NODE(y, p->key), *v = NODE(y, p->value);
		const char *key = scalar(k), *val;
		if (!key) {
			rc = fail(y, k, "expected entry", "keys must be text");
			goto out;
		}
		if (!strcmp(key, "src")) {
			rc = parse_endpoint(y, v, &e.src);
			e.has_src = true;
		} else if (!strcmp(key, "dst")) {
			rc = parse_endpoint(y, v, &e.dst);
			e.has_dst = true;
		} else if (!strcmp(key, "proto")) {
			rc = parse_proto(y, v, &e.proto);
		} else if (!strcmp(key, "dport")) {
			rc = parse_int_field(y, v, "dport", 65535, &e.dport);
		} else if (!strcmp(key, "name") || !strcmp(key, "reason") ||
			   !strcmp(key, "schedule")) {
			char **dst = key[0] == 'n' ? &e.name
				     : key[0] == 'r' ? &e.reason : &e.schedule;
			if (!(rc = want_scalar(y, v, key, &val))) {
				free(*dst);
				*dst = ash_strdup(val);
			}
		} else {
			warn(y, k, "an expected job", key);
		}
		if (rc)
			goto out;
	}
	if (!e.name || !e.reason) {
		rc = fail(y, n, "expected entry",
			  "needs a 'name' and a 'reason' (why it is legitimate)");
		goto out;
	}
	ash_case *c = y->c;
	c->expected = ash_reallocarray(c->expected, c->nexpected + 1,
				       sizeof *c->expected);
	c->expected[c->nexpected++] = e;
	return ASH_OK;
out:
	free_expected(&e);
	return rc;
}

static int parse_list(yctx *y, yaml_node_t *v, const char *what,
		      int (*each)(yctx *, yaml_node_t *));

/* one "allow" exception of a policy: {dst, proto, dport} */
static int parse_allow(yctx *y, yaml_node_t *n)
{
	int rc = want_kind(y, n, YAML_MAPPING_NODE, "policy allow entry");
	if (rc)
		return rc;
	ash_policy_allow a = {.proto = -1, .dport = -1};
	FOR_PAIRS(n, p) {
		yaml_node_t *k = NODE(y, p->key), *v = NODE(y, p->value);
		const char *key = scalar(k);
		if (!key)
			return fail(y, k, "policy allow entry", "keys must be text");
		if (!strcmp(key, "dst")) {
			rc = parse_endpoint(y, v, &a.dst);
			a.has_dst = true;
		} else if (!strcmp(key, "proto")) {
			rc = parse_proto(y, v, &a.proto);
		} else if (!strcmp(key, "dport")) {
			rc = parse_int_field(y, v, "dport", 65535, &a.dport);
		} else {
			warn(y, k, "a policy allow entry", key);
		}
		if (rc)
			return rc;
	}
	ash_policy *pol = y->pol;
	pol->allow = ash_reallocarray(pol->allow, pol->nallow + 1, sizeof *pol->allow);
	pol->allow[pol->nallow++] = a;
	return ASH_OK;
}

static void free_policy(ash_policy *p)
{
	free(p->zone), free(p->allow);
}

/* {zone: dmz, outbound: deny|allow, allow: [...]} */
static int parse_policy(yctx *y, yaml_node_t *n)
{
	int rc = want_kind(y, n, YAML_MAPPING_NODE, "policy entry");
	if (rc)
		return rc;
	ash_policy pol = {0};
	y->pol = &pol;
	FOR_PAIRS(n, p) {
		yaml_node_t *k = NODE(y, p->key), *v = NODE(y, p->value);
		const char *key = scalar(k), *val;
		if (!key) {
			rc = fail(y, k, "policy entry", "keys must be text");
		} else if (!strcmp(key, "zone")) {
			if (!(rc = want_scalar(y, v, "zone", &val))) {
				free(pol.zone);
				pol.zone = ash_strdup(val);
			}
		} else if (!strcmp(key, "outbound")) {
			if (!(rc = want_scalar(y, v, "outbound", &val))) {
				if (strcmp(val, "deny") && strcmp(val, "allow"))
					rc = fail(y, v, "outbound", "expected deny or allow");
				pol.deny_outbound = !strcmp(val, "deny");
			}
		} else if (!strcmp(key, "allow")) {
			rc = parse_list(y, v, "allow", parse_allow);
		} else {
			warn(y, k, "a policy entry", key);
		}
		if (rc)
			goto out;
	}
	if (!pol.zone) {
		rc = fail(y, n, "policy entry", "needs a 'zone'");
		goto out;
	}
	ash_case *c = y->c;
	c->policies = ash_reallocarray(c->policies, c->npolicies + 1, sizeof *c->policies);
	c->policies[c->npolicies++] = pol;
	y->pol = NULL;
	return ASH_OK;
out:
	free_policy(&pol);
	y->pol = NULL;
	return rc;
}

/* One csv map value: a SPEC string, or {key: column, ...} turned into
 * one ("time=Receive Time,src=Source address").  The mapping itself is
 * checked where it is used (ingest), against the csv format's keys. */
static int csv_spec(yctx *y, yaml_node_t *v, char **out)
{
	const char *val;
	if (v->type == YAML_SCALAR_NODE) {
		int rc = want_scalar(y, v, "csv map", &val);
		if (!rc)
			*out = ash_strdup(val);
		return rc;
	}
	int rc = want_kind(y, v, YAML_MAPPING_NODE, "csv map");
	if (rc)
		return rc;
	size_t len = 0, cap = 0;
	char *spec = NULL;
	FOR_PAIRS(v, p) {
		yaml_node_t *k = NODE(y, p->key), *c = NODE(y, p->value);
		const char *key = scalar(k);
		if (!key || !*key || strpbrk(key, ",="))
			rc = fail(y, k, "csv map", "keys are csv fields (time, src, dst, ...)");
		else if (!(rc = want_scalar(y, c, key, &val)) && strpbrk(val, ",="))
			rc = fail(y, c, key, "a column name cannot hold ',' or '='");
		if (rc) {
			free(spec);
			return rc;
		}
		size_t need = len + strlen(key) + strlen(val) + 3;
		ash_grow((void **)&spec, &cap, need, 1);
		len += (size_t)snprintf(spec + len, cap - len, "%s%s=%s",
					len ? "," : "", key, val);
	}
	*out = spec ? spec : ash_strdup("");
	return ASH_OK;
}

/* csv_maps: {NAME: SPEC or {key: column}, ...} */
static int parse_csv_maps(yctx *y, yaml_node_t *v)
{
	int rc = want_kind(y, v, YAML_MAPPING_NODE, "csv_maps");
	if (rc)
		return rc;
	ash_case *c = y->c;
	FOR_PAIRS(v, p) {
		yaml_node_t *k = NODE(y, p->key);
		const char *name = scalar(k);
		if (!name || !*name || strpbrk(name, "=, \t"))
			return fail(y, k, "csv_maps", "a map name is one word (no '=', ',' or spaces)");
		if (ash_case_csv_map(c, name))
			return fail(y, k, "csv_maps", "this name is already used");
		char *spec = NULL;
		if ((rc = csv_spec(y, NODE(y, p->value), &spec)))
			return rc;
		c->csv_maps = ash_reallocarray(c->csv_maps, c->ncsv_maps + 1,
					       sizeof *c->csv_maps);
		c->csv_maps[c->ncsv_maps++] = (ash_csvmap_def){
			ash_strdup(name), spec, k->start_mark.line + 1};
	}
	return ASH_OK;
}

static int parse_list(yctx *y, yaml_node_t *v, const char *what,
		      int (*each)(yctx *, yaml_node_t *))
{
	int rc = want_kind(y, v, YAML_SEQUENCE_NODE, what);
	if (rc)
		return rc;
	FOR_ITEMS(v, it)
		if ((rc = each(y, NODE(y, *it))))
			return rc;
	return ASH_OK;
}

static int parse_site_item(yctx *y, yaml_node_t *n)
{
	return parse_site(y, n);
}

static int parse_root(yctx *y, yaml_node_t *root)
{
	int rc;
	if (!root)
		return fail(y, NULL, "empty file", "expected 'case:' and 'sites:'");
	if ((rc = want_kind(y, root, YAML_MAPPING_NODE, "top level")))
		return rc;
	FOR_PAIRS(root, p) {
		yaml_node_t *k = NODE(y, p->key), *v = NODE(y, p->value);
		const char *key = scalar(k), *val;
		if (!key)
			return fail(y, k, "top level", "keys must be text");
		if (!strcmp(key, "case")) {
			if ((rc = want_scalar(y, v, "case", &val)))
				return rc;
			free(y->c->name);
			y->c->name = ash_strdup(val);
		} else if (!strcmp(key, "sites")) {
			rc = parse_list(y, v, "sites", parse_site_item);
		} else if (!strcmp(key, "inventory")) {
			rc = parse_list(y, v, "inventory", parse_asset);
		} else if (!strcmp(key, "expected")) {
			rc = parse_list(y, v, "expected", parse_expected);
		} else if (!strcmp(key, "policy")) {
			rc = parse_list(y, v, "policy", parse_policy);
		} else if (!strcmp(key, "csv_maps")) {
			rc = parse_csv_maps(y, v);
		} else if (!strcmp(key, "contacts") || !strcmp(key, "org") ||
			   !strcmp(key, "notes")) {
			rc = ASH_OK; /* read by later layers */
		} else {
			warn(y, k, "case.yaml", key);
		}
		if (rc)
			return rc;
	}
	return ASH_OK;
}

/* Networks sorted most specific first, so the first match is the best. */
static int net_cmp(const void *a, const void *b)
{
	const ash_net *x = a, *y = b;
	return (int)y->cidr.bits - (int)x->cidr.bits;
}

int ash_case_parse_file(const char *path, ash_case **out, ash_err *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return ash_errno(err, ASH_EIO, "%s", path);
	yaml_parser_t parser;
	yaml_document_t doc;
	int rc = ASH_OK;
	bool have_doc = false;
	ash_case *c = ash_calloc(1, sizeof *c);
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = ash_errf(err, ASH_EFORMAT, "%s:%zu:%zu: not valid YAML: %s",
			      path, parser.problem_mark.line + 1,
			      parser.problem_mark.column + 1,
			      parser.problem ? parser.problem : "syntax error");
		goto out;
	}
	have_doc = true;
	yctx y = {.doc = &doc, .path = path, .c = c, .err = err};
	if ((rc = parse_root(&y, yaml_document_get_root_node(&doc))))
		goto out;
	if (c->nsites == 0) {
		rc = ash_errf(err, ASH_EFORMAT,
			      "%s: no sites: a case needs at least one site with "
			      "a name and a timezone", path);
		goto out;
	}
	if (c->nnets)
		qsort(c->nets, c->nnets, sizeof *c->nets, net_cmp);
	*out = c;
	c = NULL;
out:
	if (have_doc)
		yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	fclose(f);
	ash_case_free(c);
	return rc;
}

int ash_case_load(const char *dir, ash_case **out, ash_err *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/case.yaml", dir);
	ash_case *c;
	int rc = ash_case_parse_file(path, &c, err);
	if (rc == ASH_EIO)
		return ash_errf(err, ASH_ENOTFOUND,
				"%s is not a case folder (no case.yaml); create one "
				"with 'ashiato init %s'", dir, dir);
	if (rc)
		return rc;
	c->dir = ash_strdup(dir);
	*out = c;
	return ASH_OK;
}

void ash_case_free(ash_case *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nsites; i++)
		free(c->sites[i].name), free(c->sites[i].timezone),
			free(c->sites[i].language);
	for (size_t i = 0; i < c->nnets; i++)
		free(c->nets[i].zone);
	for (size_t i = 0; i < c->nassets; i++)
		free(c->assets[i].name), free(c->assets[i].site),
			free(c->assets[i].role);
	for (size_t i = 0; i < c->nexpected; i++)
		free_expected(&c->expected[i]);
	for (size_t i = 0; i < c->npolicies; i++)
		free_policy(&c->policies[i]);
	for (size_t i = 0; i < c->ncsv_maps; i++)
		free(c->csv_maps[i].name), free(c->csv_maps[i].spec);
	free(c->csv_maps);
	for (size_t i = 0; i < c->nwarnings; i++)
		free(c->warnings[i]);
	free(c->policies);
	free(c->sites), free(c->nets), free(c->assets), free(c->expected);
	free(c->warnings), free(c->dir), free(c->name);
	free(c);
}

const ash_net *ash_case_net_of(const ash_case *c, const ash_ip *ip)
{
	for (size_t i = 0; i < c->nnets; i++)
		if (ash_cidr_contains(&c->nets[i].cidr, ip))
			return &c->nets[i];
	return NULL;
}

const ash_site *ash_case_site(const ash_case *c, const char *name)
{
	if (!name)
		return c->nsites ? &c->sites[0] : NULL;
	for (size_t i = 0; i < c->nsites; i++)
		if (!strcmp(c->sites[i].name, name))
			return &c->sites[i];
	return NULL;
}

const ash_csvmap_def *ash_case_csv_map(const ash_case *c, const char *name)
{
	for (size_t i = 0; i < c->ncsv_maps; i++)
		if (!strcmp(c->csv_maps[i].name, name ? name : "default"))
			return &c->csv_maps[i];
	return !name && c->ncsv_maps == 1 ? &c->csv_maps[0] : NULL;
}

void ash_case_path(const ash_case *c, const char *rel, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s/%s", c->dir ? c->dir : ".", rel);
}

void ash_yaml_quote(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}
