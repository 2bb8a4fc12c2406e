/* SPDX-License-Identifier: MIT */
/* journal.c: `journalctl -o json` lines as syslog headers (see
 * journal.h), through jansson.  One allocation tree per line (jansson's),
 * freed before returning. */
#include "ingest/journal.h"

#include <jansson.h>
#include <string.h>

/* Copy a string field (or "" when absent) into dst, truncating. */
static ash_str copy_field(json_t *o, const char *key, char *dst, size_t cap)
{
	json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);
	size_t n = s ? json_string_length(v) : 0;
	if (n > cap)
		n = cap;
	if (n)
		memcpy(dst, s, n);
	ash_str r = {dst, (uint32_t)n};
	return r;
}

/* MESSAGE: a string, or an array of byte values. */
static int copy_message(json_t *v, ash_journal_buf *b, size_t *n,
			const char **reason)
{
	if (json_is_string(v)) {
		*n = json_string_length(v);
		if (*n > sizeof b->msg)
			goto too_long;
		memcpy(b->msg, json_string_value(v), *n);
		return 0;
	}
	if (!json_is_array(v)) {
		*reason = "journal entry without MESSAGE";
		return -1;
	}
	*n = json_array_size(v);
	if (*n > sizeof b->msg)
		goto too_long;
	for (size_t i = 0; i < *n; i++) {
		json_t *e = json_array_get(v, i);
		json_int_t x = json_integer_value(e);
		if (!json_is_integer(e) || x < 0 || x > 255) {
			*reason = "bad journal MESSAGE byte array";
			return -1;
		}
		b->msg[i] = (char)x;
	}
	return 0;
too_long:
	*reason = "journal MESSAGE longer than 8192 bytes";
	return -1;
}

/* "1795539731123456": microseconds since the epoch, as a string. */
static int realtime(json_t *o, int64_t *us)
{
	const char *s = json_string_value(json_object_get(o, "__REALTIME_TIMESTAMP"));
	if (!s || !*s || strlen(s) > 17)
		return -1;
	int64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	*us = v;
	return 0;
}

int ash_journal_parse(const char *s, size_t n, ash_tz *tz, ash_journal_buf *b,
		      ash_syslog_hdr *h, const char **reason)
{
	int rc = -1;
	json_error_t jerr;
	json_t *o = json_loadb(s, n, 0, &jerr);
	memset(h, 0, sizeof *h);
	h->pri = -1;
	if (!o || !json_is_object(o)) {
		*reason = "bad journal JSON line";
		goto out;
	}
	if (realtime(o, &h->t_us) != 0) {
		*reason = "journal entry without __REALTIME_TIMESTAMP";
		goto out;
	}
	if (copy_message(json_object_get(o, "MESSAGE"), b, &h->msg_n, reason) != 0)
		goto out;
	h->msg = b->msg;
	h->host = copy_field(o, "_HOSTNAME", b->host, sizeof b->host);
	h->tag = copy_field(o, "SYSLOG_IDENTIFIER", b->tag, sizeof b->tag);
	h->tz_off = tz ? ash_tz_offset_at(tz, h->t_us / 1000000) : 0;
	h->form = ASH_SYSLOG_JOURNAL;
	rc = 0;
out:
	json_decref(o);
	return rc;
}
