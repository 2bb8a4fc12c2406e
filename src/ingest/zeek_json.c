/* SPDX-License-Identifier: MIT */
/* zeek_json.c: one Zeek conn.log entry written as a JSON object per line
 * (LogAscii::use_json), through jansson.
 *
 * Keys are the TSV column names ("id.orig_h"); an "id" object holding
 * "orig_h"... (as some shippers nest them) is read too.  ts is a number
 * (epoch seconds) or an ISO 8601 string.  An object whose "_path" is not
 * conn is rejected.  Does not: keep anything of the object after the call
 * (the record has no strings), or print. */
#include "ingest/zeek.h"

#include <jansson.h>
#include <string.h>

/* Feed one value into c under field f. */
static int take(ash_zeek_conn *c, int f, json_t *v, const char **reason)
{
	c->present |= ASH_ZF_BIT(f);
	switch (json_typeof(v)) {
	case JSON_STRING:
		return ash_zeek_conn_text(c, f, json_string_value(v),
					  json_string_length(v), reason);
	case JSON_INTEGER:
		return ash_zeek_conn_int(c, f, (int64_t)json_integer_value(v), reason);
	case JSON_REAL:
		return ash_zeek_conn_real(c, f, json_real_value(v), reason);
	case JSON_NULL:
		return 0; /* unset */
	default: /* true, false, array, object */
		*reason = ash_zeek_conn_bad(f);
		return -1;
	}
}

/* The keys of a nested "id" object: "orig_h" is read as "id.orig_h". */
static int take_id(ash_zeek_conn *c, json_t *id, const char **reason)
{
	const char *key;
	json_t *v;
	json_object_foreach(id, key, v) {
		char name[16];
		size_t kl = strlen(key);
		if (kl > sizeof name - 4)
			continue;
		memcpy(name, "id.", 3);
		memcpy(name + 3, key, kl);
		int f = ash_zeek_conn_field(name, kl + 3);
		if (f >= 0 && take(c, f, v, reason) != 0)
			return -1;
	}
	return 0;
}

static bool path_is_conn(json_t *o)
{
	json_t *p = json_object_get(o, "_path");
	if (!p)
		return true;
	const char *s = json_string_value(p);
	return s && (!strcmp(s, "conn") || !strncmp(s, "conn_", 5));
}

int ash_zeek_json_line(const char *s, size_t n, ash_rec *r,
		       const char **reason)
{
	int rc = -1;
	json_error_t jerr;
	json_t *o = json_loadb(s, n, JSON_REJECT_DUPLICATES, &jerr);
	ash_zeek_conn c;
	const char *key;
	json_t *v;
	if (!o) {
		*reason = "bad JSON";
		goto out;
	}
	if (!json_is_object(o)) {
		*reason = "JSON line is not an object";
		goto out;
	}
	if (!path_is_conn(o)) {
		*reason = "not a conn log entry (_path is not conn)";
		goto out;
	}
	ash_zeek_conn_reset(&c, 0);
	json_object_foreach(o, key, v) {
		int f = ash_zeek_conn_field(key, strlen(key));
		if (f >= 0 && take(&c, f, v, reason) != 0)
			goto out;
		if (f < 0 && json_is_object(v) && !strcmp(key, "id") &&
		    take_id(&c, v, reason) != 0)
			goto out;
	}
	if (ash_zeek_conn_record(&c, r, reason) != 0)
		goto out;
	r->format = ASH_FMT_ZEEK_JSON;
	rc = 0;
out:
	json_decref(o);
	return rc;
}
