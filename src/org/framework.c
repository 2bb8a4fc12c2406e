/* SPDX-License-Identifier: MIT */
/* framework.c: reading a framework file, its translation and its quick
 * list (framework.h).  JSON through jansson, which refuses invalid UTF-8
 * and NUL bytes in strings; every string and count here is bounded. */
#include "org/framework.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/xalloc.h"
#include "org/orgfile.h"

#define MAX_TEXT 8192 /* bytes of one name, description or example */

void ash_sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	static const char hex[] = "0123456789abcdef";
	EVP_Digest(p, n, md, &len, EVP_sha256(), NULL);
	for (unsigned i = 0; i < 32 && i < len; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

bool ash_fw_id_ok(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++) {
		char c = s[n];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return false;
		if (n >= ASH_FW_ID_MAX)
			return false;
	}
	return n > 0;
}

static void item_free(ash_fw_item *it)
{
	free(it->id), free(it->name), free(it->desc);
	free(it->tr_name), free(it->tr_desc);
	for (size_t i = 0; i < it->nexamples; i++)
		free(it->examples[i]);
	free(it->examples);
}

void ash_fw_free(ash_fw *fw)
{
	if (!fw)
		return;
	for (size_t i = 0; i < fw->nitems; i++)
		item_free(&fw->items[i]);
	free(fw->items), free(fw->funcs), free(fw->sorted);
	free(fw->key), free(fw->title), free(fw->source), free(fw->origin);
	free(fw->body), free(fw->lang), free(fw->tr_title);
	free(fw);
}

/* ---- parsing ------------------------------------------------------- */

typedef struct pctx {
	ash_fw *fw;
	ash_err *err;
	char path[160]; /* JSON path of the node being read */
} pctx;

static int bad(pctx *p, const char *what)
{
	return ash_errf(p->err, ASH_EFORMAT, "%s: %s%s%s", p->fw->key,
			p->path, *p->path ? ": " : "", what);
}

/* A string member; required → error when absent.  *out gets a copy. */
static int get_str(pctx *p, json_t *o, const char *k, bool required,
		   char **out)
{
	json_t *v = json_object_get(o, k);
	if (!v) {
		if (!required)
			return ASH_OK;
		char m[64];
		snprintf(m, sizeof m, "needs \"%s\"", k);
		return bad(p, m);
	}
	if (!json_is_string(v) || json_string_length(v) > MAX_TEXT) {
		char m[96];
		snprintf(m, sizeof m, "\"%s\" must be a text of at most %d bytes",
			 k, MAX_TEXT);
		return bad(p, m);
	}
	*out = ash_strdup(json_string_value(v));
	return ASH_OK;
}

static ash_fw_item *new_item(pctx *p, int level, int parent, int func)
{
	ash_fw *fw = p->fw;
	fw->items = ash_reallocarray(fw->items, fw->nitems + 1, sizeof *fw->items);
	ash_fw_item *it = &fw->items[fw->nitems++];
	memset(it, 0, sizeof *it);
	it->level = level;
	it->parent = parent;
	it->func = func;
	return it;
}

static int read_examples(pctx *p, json_t *o, ash_fw_item *it)
{
	json_t *ex = json_object_get(o, "examples");
	if (!ex)
		return ASH_OK;
	if (!json_is_array(ex) || json_array_size(ex) > 256)
		return bad(p, "\"examples\" must be a list of at most 256 texts");
	size_t i;
	json_t *v;
	json_array_foreach(ex, i, v) {
		if (!json_is_string(v) || json_string_length(v) > MAX_TEXT)
			return bad(p, "\"examples\" must hold texts");
		it->examples = ash_reallocarray(it->examples, it->nexamples + 1,
						sizeof(char *));
		it->examples[it->nexamples++] = ash_strdup(json_string_value(v));
	}
	return ASH_OK;
}

/* One node of level lvl: its id, name (not for subcategories) and
 * description; the caller recurses into children. */
static int read_node(pctx *p, json_t *o, int lvl, int parent, int func,
		     size_t *idx)
{
	if (!json_is_object(o))
		return bad(p, "expected an object");
	if (p->fw->nitems >= ASH_FW_MAX_ITEMS)
		return bad(p, "too many items");
	ash_fw_item *it = new_item(p, lvl, parent, func);
	*idx = p->fw->nitems - 1;
	int rc;
	if ((rc = get_str(p, o, "id", true, &it->id)))
		return rc;
	if (!ash_fw_id_ok(it->id))
		return bad(p, "\"id\" must be 1-32 of A-Z a-z 0-9 . _ -");
	if ((rc = get_str(p, o, "name", lvl != ASH_FW_SUB, &it->name)))
		return rc;
	if ((rc = get_str(p, o, "description", lvl == ASH_FW_SUB, &it->desc)))
		return rc;
	if (!it->desc)
		it->desc = ash_strdup("");
	if (lvl == ASH_FW_SUB)
		return read_examples(p, o, it);
	return ASH_OK;
}

static int read_level(pctx *p, json_t *parent_obj, const char *key, int lvl,
		      int parent, int func);

static int read_children(pctx *p, json_t *o, int lvl, size_t idx, int func)
{
	if (lvl == ASH_FW_SUB)
		return ASH_OK;
	const char *key = lvl == ASH_FW_FUNC ? "categories" : "subcategories";
	return read_level(p, o, key, lvl + 1, (int)idx, func);
}

static int read_level(pctx *p, json_t *parent_obj, const char *key, int lvl,
		      int parent, int func)
{
	json_t *arr = json_object_get(parent_obj, key);
	size_t plen = strlen(p->path);
	if (!json_is_array(arr) || json_array_size(arr) == 0) {
		char m[64];
		snprintf(m, sizeof m, "needs a non-empty list \"%s\"", key);
		return bad(p, m);
	}
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		int f = lvl == ASH_FW_FUNC ? (int)i : func;
		if (lvl == ASH_FW_FUNC && i >= ASH_FW_MAX_FUNCS)
			return bad(p, "more than 16 functions");
		snprintf(p->path + plen, sizeof p->path - plen, "%s%s[%zu]",
			 plen ? "." : "", key, i);
		size_t idx = 0;
		int rc = read_node(p, v, lvl, parent, f, &idx);
		if (!rc)
			rc = read_children(p, v, lvl, idx, f);
		if (rc)
			return rc;
	}
	p->path[plen] = '\0';
	return ASH_OK;
}

static int cmp_id(const void *a, const void *b, void *ctx)
{
	const ash_fw *fw = ctx;
	return strcmp(fw->items[*(const size_t *)a].id,
		      fw->items[*(const size_t *)b].id);
}

/* Index, counts, and the checks that need all items: unique ids, each
 * subcategory's id starting with its category's (a warning-free rule for
 * CSF; other frameworks may name freely, so only uniqueness is required). */
static int finish(pctx *p)
{
	ash_fw *fw = p->fw;
	fw->sorted = ash_calloc(fw->nitems, sizeof *fw->sorted);
	fw->funcs = ash_calloc(fw->nitems, sizeof *fw->funcs);
	for (size_t i = 0; i < fw->nitems; i++) {
		fw->sorted[i] = i;
		int l = fw->items[i].level;
		if (l == ASH_FW_FUNC)
			fw->funcs[fw->nfunc++] = i;
		fw->ncat += l == ASH_FW_CAT;
		fw->nsub += l == ASH_FW_SUB;
	}
	qsort_r(fw->sorted, fw->nitems, sizeof *fw->sorted, cmp_id, fw);
	for (size_t i = 1; i < fw->nitems; i++)
		if (!strcmp(fw->items[fw->sorted[i]].id,
			    fw->items[fw->sorted[i - 1]].id)) {
			p->path[0] = '\0';
			char m[96];
			snprintf(m, sizeof m, "id \"%s\" given twice",
				 fw->items[fw->sorted[i]].id);
			return bad(p, m);
		}
	return ASH_OK;
}

int ash_fw_parse(const char *key, const char *body, size_t n,
		 const char *origin, ash_fw **out, ash_err *err)
{
	ash_fw *fw = ash_calloc(1, sizeof *fw);
	fw->key = ash_strdup(key);
	fw->origin = ash_strdup(origin ? origin : "embedded");
	pctx p = {.fw = fw, .err = err};
	json_error_t je;
	json_t *root = NULL;
	int rc;
	if (n > ASH_FW_MAX_BYTES) {
		rc = ash_errf(err, ASH_ELIMIT, "%s: framework file larger than %u bytes",
			      key, ASH_FW_MAX_BYTES);
		goto out;
	}
	root = json_loadb(body, n, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		rc = ash_errf(err, ASH_EFORMAT, "%s:%d:%d: not valid JSON: %s", key,
			      je.line, je.column, je.text);
		goto out;
	}
	if (!json_is_object(root)) {
		rc = bad(&p, "the file must hold one JSON object");
		goto out;
	}
	if ((rc = get_str(&p, root, "framework", true, &fw->title)) ||
	    (rc = get_str(&p, root, "source", false, &fw->source)) ||
	    (rc = read_level(&p, root, "functions", ASH_FW_FUNC, -1, 0)) ||
	    (rc = finish(&p)))
		goto out;
	fw->body = ash_malloc(n + 1);
	memcpy(fw->body, body, n);
	fw->body[n] = '\0';
	fw->body_len = n;
	ash_sha256_hex(body, n, fw->sha256);
out:
	json_decref(root);
	if (rc) {
		ash_fw_free(fw);
		return rc;
	}
	*out = fw;
	return ASH_OK;
}

/* ---- lookups ------------------------------------------------------- */

long ash_fw_find(const ash_fw *fw, const char *id)
{
	size_t lo = 0, hi = fw->nitems;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(fw->items[fw->sorted[mid]].id, id);
		if (c == 0)
			return (long)fw->sorted[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

const char *ash_fw_item_name(const ash_fw_item *it)
{
	if (it->tr_name)
		return it->tr_name;
	return it->name ? it->name : "";
}

const char *ash_fw_item_desc(const ash_fw_item *it)
{
	return it->tr_desc ? it->tr_desc : it->desc ? it->desc : "";
}

/* ---- translation and quick list ------------------------------------ */

static int tr_item(pctx *p, const char *id, json_t *v)
{
	ash_fw *fw = p->fw;
	long i = ash_fw_find(fw, id);
	snprintf(p->path, sizeof p->path, "items.%.*s", ASH_FW_ID_MAX + 8, id);
	if (i < 0)
		return bad(p, "no item with this id in the framework");
	if (!json_is_object(v))
		return bad(p, "expected an object with \"name\"/\"description\"");
	ash_fw_item *it = &fw->items[i];
	char *name = NULL, *desc = NULL;
	int rc;
	if ((rc = get_str(p, v, "name", false, &name)) ||
	    (rc = get_str(p, v, "description", false, &desc))) {
		free(name);
		return rc;
	}
	free(it->tr_name), free(it->tr_desc);
	it->tr_name = name;
	it->tr_desc = desc;
	return ASH_OK;
}

int ash_fw_translate(ash_fw *fw, const char *body, size_t n, ash_err *err)
{
	pctx p = {.fw = fw, .err = err};
	json_error_t je;
	json_t *root = NULL;
	char *key = NULL, *lang = NULL, *title = NULL;
	int rc;
	if (n > ASH_FW_MAX_BYTES) {
		rc = ash_errf(err, ASH_ELIMIT, "%s: translation larger than %u bytes",
			      fw->key, ASH_FW_MAX_BYTES);
		goto out;
	}
	root = json_loadb(body, n, JSON_REJECT_DUPLICATES, &je);
	if (!root || !json_is_object(root)) {
		rc = ash_errf(err, ASH_EFORMAT, "%s translation:%d:%d: not a JSON object%s%s",
			      fw->key, je.line, je.column, root ? "" : ": ",
			      root ? "" : je.text);
		goto out;
	}
	if ((rc = get_str(&p, root, "framework", true, &key)) ||
	    (rc = get_str(&p, root, "lang", true, &lang)) ||
	    (rc = get_str(&p, root, "name", false, &title)))
		goto out;
	if (strcmp(key, fw->key)) {
		rc = bad(&p, "translation is for another framework (\"framework\" key)");
		goto out;
	}
	json_t *items = json_object_get(root, "items");
	if (!json_is_object(items)) {
		rc = bad(&p, "needs an object \"items\"");
		goto out;
	}
	const char *id;
	json_t *v;
	json_object_foreach(items, id, v) {
		if ((rc = tr_item(&p, id, v)))
			goto out;
	}
	free(fw->lang), free(fw->tr_title);
	fw->lang = lang;
	fw->tr_title = title;
	lang = title = NULL;
out:
	json_decref(root);
	free(key), free(lang), free(title);
	return rc;
}

int ash_fw_set_quick(ash_fw *fw, const char *body, size_t n, ash_err *err)
{
	size_t count = 0, line = 0;
	for (size_t i = 0; i < fw->nitems; i++)
		fw->items[i].quick = false;
	for (const char *s = body, *end = body + n; s < end;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl ? nl : end;
		line++;
		size_t len = strcspn(s, "\t\r\n");
		if (s + len > e)
			len = (size_t)(e - s);
		if (len && *s != '#') {
			char id[ASH_FW_ID_MAX + 1];
			long k = -1;
			if (len <= ASH_FW_ID_MAX) {
				memcpy(id, s, len);
				id[len] = '\0';
				k = ash_fw_find(fw, id);
			}
			if (k < 0 || fw->items[k].level != ASH_FW_SUB)
				return ash_errf(err, ASH_EFORMAT,
						"%s quick list:%zu: not a subcategory of the framework",
						fw->key, line);
			if (++count > ASH_FW_QUICK_MAX)
				return ash_errf(err, ASH_ELIMIT,
						"%s quick list: more than %d questions",
						fw->key, ASH_FW_QUICK_MAX);
			fw->items[k].quick = true;
		}
		s = e + 1;
	}
	fw->nquick = count;
	return ASH_OK;
}

void ash_fw_default_quick(ash_fw *fw)
{
	size_t count = 0;
	bool more = true;
	for (size_t i = 0; i < fw->nitems; i++)
		fw->items[i].quick = false;
	/* round r takes the first subcategory of the r-th category of each
	 * function, so every function is covered before any gets two */
	for (size_t r = 0; more && count < ASH_FW_QUICK_MAX; r++) {
		more = false;
		for (size_t f = 0; f < fw->nfunc && count < ASH_FW_QUICK_MAX; f++) {
			size_t seen = 0;
			for (size_t i = fw->funcs[f] + 1; i < fw->nitems &&
			     fw->items[i].level != ASH_FW_FUNC; i++) {
				if (fw->items[i].level != ASH_FW_CAT || seen++ != r)
					continue;
				if (i + 1 < fw->nitems &&
				    fw->items[i + 1].level == ASH_FW_SUB) {
					fw->items[i + 1].quick = true;
					count++;
				}
				more = true;
				break;
			}
		}
	}
	fw->nquick = count;
}

/* ---- loading for an organisation ----------------------------------- */

/* The file name in the org folder or the embedded table: *buf gets a copy
 * (caller frees); ASH_ENOTFOUND when neither has it. */
static int find_file(const char *org_dir, const char *name, char **buf,
		     size_t *n, char **origin, ash_err *err)
{
	if (org_dir) {
		char path[4096];
		int w = snprintf(path, sizeof path, "%s/frameworks/%s", org_dir, name);
		if (w > 0 && (size_t)w < sizeof path && ash_orgfile_exists(path)) {
			*origin = ash_strdup(path);
			return ash_orgfile_read(path, ASH_FW_MAX_BYTES, buf, n, err);
		}
	}
	const ash_embed *e = ash_embed_find(name);
	if (!e)
		return ash_errf(err, ASH_ENOTFOUND, "%s: no such framework file", name);
	*buf = ash_strndup(e->data, e->size);
	*n = e->size;
	*origin = ash_strdup("embedded");
	return ASH_OK;
}

static int load_extra(ash_fw *fw, const char *org_dir, const char *lang,
		      ash_err *err)
{
	char name[128], *buf = NULL, *origin = NULL;
	size_t n;
	int rc = ASH_OK;
	if (lang && strcmp(lang, "en")) {
		snprintf(name, sizeof name, "%s.%s.json", fw->key, lang);
		rc = find_file(org_dir, name, &buf, &n, &origin, err);
		if (!rc)
			rc = ash_fw_translate(fw, buf, n, err);
		else if (rc == ASH_ENOTFOUND)
			rc = ASH_OK; /* no translation: original text */
		free(buf), free(origin);
		buf = origin = NULL;
		if (rc)
			return rc;
	}
	snprintf(name, sizeof name, "%s.quick.tsv", fw->key);
	rc = find_file(org_dir, name, &buf, &n, &origin, err);
	if (!rc)
		rc = ash_fw_set_quick(fw, buf, n, err);
	else if (rc == ASH_ENOTFOUND) {
		ash_fw_default_quick(fw);
		rc = ASH_OK;
	}
	free(buf), free(origin);
	return rc;
}

int ash_fw_load(const char *org_dir, const char *key, const char *lang,
		ash_fw **out, ash_err *err)
{
	if (!ash_fw_id_ok(key))
		return ash_errf(err, ASH_EUSAGE,
				"framework key must be 1-32 of A-Z a-z 0-9 . _ -");
	char name[64], *buf = NULL, *origin = NULL;
	size_t n = 0;
	ash_fw *fw = NULL;
	snprintf(name, sizeof name, "%s.json", key);
	int rc = find_file(org_dir, name, &buf, &n, &origin, err);
	if (rc == ASH_ENOTFOUND)
		rc = ash_errf(err, ASH_ENOTFOUND,
			      "framework '%s' not found (embedded: csf-2.0; an "
			      "organisation's own go in ORG/frameworks/KEY.json)", key);
	if (!rc)
		rc = ash_fw_parse(key, buf, n, origin, &fw, err);
	if (!rc && (rc = load_extra(fw, org_dir, lang, err)))
		ash_fw_free(fw);
	free(buf), free(origin);
	if (!rc)
		*out = fw;
	return rc;
}
