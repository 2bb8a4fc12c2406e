/* SPDX-License-Identifier: MIT */
/* framework.h: an assessment framework as data (docs/frameworks.md): NIST
 * CSF 2.0 ships embedded (data/embed/csf-2.0.json, its Japanese text
 * csf-2.0.ja.json and its quick-check list csf-2.0.quick.tsv); an
 * organisation adds its own as ORG/frameworks/KEY.json in the same shape.
 *
 * A framework has three levels: functions (scored and shown in reports),
 * categories, and subcategories (the items a site answers).  Items keep
 * file order.  Owns: reading and validating the JSON (jansson), applying a
 * translation file, the quick-check list, lookups, the SHA-256 of the
 * file (the "version" answers are recorded against).  Does not read
 * answers or score anything (answers.h, rollup.h). */
#ifndef ASH_FRAMEWORK_H
#define ASH_FRAMEWORK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define ASH_FW_MAX_BYTES (16u << 20) /* a framework or translation file */
#define ASH_FW_MAX_ITEMS 20000       /* items of all levels */
#define ASH_FW_MAX_FUNCS 16          /* functions (columns of the heatmap) */
#define ASH_FW_ID_MAX 32             /* bytes of an id: [A-Za-z0-9._-] */
#define ASH_FW_QUICK_MAX 25          /* questions of a quick check */

enum ash_fw_level { ASH_FW_FUNC = 0, ASH_FW_CAT = 1, ASH_FW_SUB = 2 };

typedef struct ash_fw_item {
	char *id;            /* "PR.PS-01" */
	int level;           /* enum ash_fw_level */
	int parent;          /* item index of the parent, -1 for a function */
	int func;            /* function number 0..nfunc-1 */
	char *name;          /* functions, categories (NULL for subcategories) */
	char *desc;          /* may be "" */
	char **examples;     /* subcategories; may be empty */
	size_t nexamples;
	char *tr_name;       /* translation (NULL when none) */
	char *tr_desc;
	bool quick;          /* in the quick-check list */
} ash_fw_item;

typedef struct ash_fw {
	char *key;           /* "csf-2.0": the file's base name */
	char *title;         /* "NIST CSF 2.0" */
	char *source;        /* may be NULL */
	char *origin;        /* "embedded" or the file's path */
	char sha256[65];     /* of the file's bytes */
	char *body;          /* the file's bytes (NUL-terminated) */
	size_t body_len;
	ash_fw_item *items;  /* file order: function, its categories, ... */
	size_t nitems;
	size_t nfunc, ncat, nsub;
	size_t *funcs;       /* item index of function k */
	size_t *sorted;      /* item indexes sorted by id (lookups) */
	char *lang;          /* language of the applied translation, or NULL */
	char *tr_title;
	size_t nquick;
} ash_fw;

/* Parse a framework file (body, n bytes) called key, from origin.
 * Errors name the JSON path ("functions[2].categories[0].id: ...").
 * *out owned by the caller (ash_fw_free); untouched on error. */
int ash_fw_parse(const char *key, const char *body, size_t n,
		 const char *origin, ash_fw **out, ash_err *err);
/* Apply a translation file ({"framework", "lang", "name", "items": {id:
 * {"name", "description"}}}).  Unknown ids and a framework key that is
 * not fw->key are errors; missing ids keep the original text. */
int ash_fw_translate(ash_fw *fw, const char *body, size_t n, ash_err *err);
/* Mark the quick-check items from a list (lines "ID[<TAB>why]", '#'
 * comments).  At most ASH_FW_QUICK_MAX subcategories; unknown ids are
 * errors. */
int ash_fw_set_quick(ash_fw *fw, const char *body, size_t n, ash_err *err);
/* When no list was given: the first subcategory of each category, taken
 * round-robin over the functions, up to ASH_FW_QUICK_MAX. */
void ash_fw_default_quick(ash_fw *fw);

/* Framework key for an organisation: ORG/frameworks/KEY.json when it
 * exists, else the embedded KEY.json; with lang (NULL or "en": none) its
 * KEY.LANG.json translation when one exists (same search); with
 * KEY.quick.tsv when one exists, else ash_fw_default_quick.  org_dir may
 * be NULL (embedded only).  ASH_ENOTFOUND when there is no such file. */
int ash_fw_load(const char *org_dir, const char *key, const char *lang,
		ash_fw **out, ash_err *err);
void ash_fw_free(ash_fw *fw);

/* Index of the item with this id, or -1. */
long ash_fw_find(const ash_fw *fw, const char *id);
/* Name or description in the translation when there is one, else the
 * original (never NULL; may be ""). */
const char *ash_fw_item_name(const ash_fw_item *it);
const char *ash_fw_item_desc(const ash_fw_item *it);
/* True when s is a valid item id ([A-Za-z0-9._-]{1,32}). */
bool ash_fw_id_ok(const char *s);

/* SHA-256 of n bytes as 64 lower-case hex digits and a NUL. */
void ash_sha256_hex(const void *p, size_t n, char out[65]);

#endif
