/* SPDX-License-Identifier: MIT */
/* syslog.c: syslog headers and timestamps (see syslog.h).
 *
 * Owns the three stamp forms, <PRI>, RFC 5424 fields and structured data,
 * host and tag, and the yearless-year rules.  Does not look inside the
 * message.  Every scan is bounded by the line length n; nothing here
 * allocates. */
#include "ingest/syslog.h"

#include <string.h>
#include <time.h>

#define DAY_SEC 86400
#define HALF_YEAR_SEC (183LL * DAY_SEC)
#define PREFIX_MAX 256 /* longest grep "file:line:" prefix we look through */
#define ISO_MAX 64     /* longest ISO stamp token */

/* result of a stamp parser: 0 ok, NOT_STAMP (other text), BAD_STAMP */
enum { NOT_STAMP = -1, BAD_STAMP = -2 };

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Read exactly count digits at s[*i]; -1 if they are not there. */
static int read_digits(const char *s, size_t n, size_t *i, int count, int *v)
{
	int x = 0;
	for (int k = 0; k < count; k++, (*i)++) {
		if (*i >= n || !is_digit(s[*i]))
			return -1;
		x = x * 10 + (s[*i] - '0');
	}
	*v = x;
	return 0;
}

static int month_of(const char *s)
{
	static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	char a = (char)(s[0] | 0x20), b = (char)(s[1] | 0x20),
	     c = (char)(s[2] | 0x20);
	for (int m = 0; m < 12; m++)
		if (names[3 * m] == a && names[3 * m + 1] == b &&
		    names[3 * m + 2] == c)
			return m + 1;
	return 0;
}

void ash_syslog_init(ash_syslog *sl, ash_tz *tz, int year, int64_t ref_us)
{
	memset(sl, 0, sizeof *sl);
	sl->tz = tz;
	sl->year_given = year > 0 && year <= 9999 ? year : 0;
	sl->ref_us = ref_us;
}

int ash_syslog_infer_year(int64_t ref_sec, int mon, int day, int sec_of_day)
{
	ash_civil rc;
	ash_epoch_to_civil(ref_sec, &rc);
	for (int y = rc.year + 1; y >= rc.year - 8; y--) {
		if (day > ash_days_in_month(y, mon))
			continue; /* Feb 29 outside a leap year */
		ash_civil c = {y, mon, day, 0, 0, 0, 0};
		if (ash_civil_to_epoch(&c) + sec_of_day <= ref_sec + DAY_SEC)
			return y;
	}
	return rc.year;
}

bool ash_syslog_is_comment(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n)
		return true;
	return n - i >= 5 && !memcmp(s + i, "-- ", 3) &&
	       !memcmp(s + n - 3, " --", 3);
}

/* Set c->year for a yearless stamp c.  *step is +1 when the input crossed
 * New Year (the tracked year moves on once the stamp is valid), -1 for a
 * late line of the old year after that crossing (tracking unchanged). */
static void pick_year(const ash_syslog *sl, ash_civil *c, int *step)
{
	*step = 0;
	if (!sl->year) {
		int64_t ref = sl->ref_us ? sl->ref_us / 1000000 : (int64_t)time(NULL);
		int sod = c->hour * 3600 + c->min * 60 + c->sec;
		c->year = sl->year_given ? sl->year_given
					 : ash_syslog_infer_year(ref, c->mon, c->day, sod);
		return;
	}
	c->year = sl->year;
	/* Feb 29 of a common year normalises to Mar 1 here: fine to compare */
	int64_t naive = ash_civil_to_epoch(c);
	if (naive < sl->last_naive - HALF_YEAR_SEC) {
		c->year++; /* Dec 31 -> Jan 1 */
		*step = 1;
	} else if (sl->rolled && naive > sl->last_naive + HALF_YEAR_SEC) {
		c->year--; /* Jan 1, then a late Dec 31 line */
		*step = -1;
	}
}

/* Local civil time to UTC seconds with a one-entry cache (log lines share
 * their second with their neighbours). */
static int64_t local_to_utc(ash_syslog *sl, const ash_civil *c, int64_t naive,
			    int32_t *off)
{
	if (!sl->tz) {
		*off = 0;
		return naive;
	}
	if (sl->c_valid && sl->c_naive == naive) {
		*off = sl->c_off;
		return sl->c_utc;
	}
	int64_t utc = ash_tz_local_to_utc(sl->tz, c, off);
	sl->c_naive = naive;
	sl->c_utc = utc;
	sl->c_off = *off;
	sl->c_valid = true;
	return utc;
}

/* Digits of a fraction at s[*i] (after '.') as microseconds. */
static int read_frac(const char *s, size_t n, size_t *i, int *usec)
{
	int nd = 0, v = 0;
	while (*i < n && is_digit(s[*i])) {
		if (nd < 6)
			v = v * 10 + (s[*i] - '0'), nd++;
		else if (nd++ > 12)
			return -1;
		(*i)++;
	}
	if (!nd)
		return -1;
	for (int k = nd; k < 6; k++)
		v *= 10;
	*usec = v;
	return 0;
}

/* The civil fields of "Mmm dd [yyyy ]hh:mm:ss[.frac]"; *has_year says
 * whether a year was written.  Returns 0, NOT_STAMP or BAD_STAMP. */
static int bsd_fields(const char *s, size_t n, size_t *used, ash_civil *c,
		      bool *has_year)
{
	size_t i = 4;
	if (n < 14 || s[3] != ' ' || !(c->mon = month_of(s)))
		return NOT_STAMP;
	if (s[i] == ' ')
		i++;
	if (!is_digit(s[i]))
		return NOT_STAMP;
	c->day = s[i++] - '0';
	if (is_digit(s[i]))
		c->day = c->day * 10 + (s[i++] - '0');
	if (i >= n || s[i++] != ' ')
		return NOT_STAMP;
	*has_year = false;
	size_t y = i;
	if (i + 5 <= n && s[i + 4] == ' ' &&
	    read_digits(s, n, &y, 4, &c->year) == 0) {
		*has_year = true;
		i = y + 1;
	}
	if (read_digits(s, n, &i, 2, &c->hour) || i >= n || s[i++] != ':' ||
	    read_digits(s, n, &i, 2, &c->min) || i >= n || s[i++] != ':' ||
	    read_digits(s, n, &i, 2, &c->sec))
		return NOT_STAMP;
	if (i < n && s[i] == '.' && (i++, read_frac(s, n, &i, &c->usec)))
		return BAD_STAMP;
	if (i < n && s[i] != ' ')
		return NOT_STAMP;
	if (c->day < 1 || c->day > 31 || c->hour > 23 || c->min > 59 ||
	    c->sec > 60 || (*has_year && c->year < 1970))
		return BAD_STAMP;
	*used = i;
	return 0;
}

#define PLAIN_BSD 15 /* strlen("Mar 11 20:35:11") */

/* The same plain stamp as the previous one: same year decision, same
 * instant. */
static bool bsd_cached(const ash_syslog *sl, const char *s, size_t n)
{
	return sl->k_valid && n >= PLAIN_BSD &&
	       (n == PLAIN_BSD || s[PLAIN_BSD] == ' ') &&
	       !memcmp(s, sl->k_text, PLAIN_BSD);
}

static void bsd_remember(ash_syslog *sl, const char *s, const ash_syslog_hdr *h)
{
	memcpy(sl->k_text, s, PLAIN_BSD);
	sl->k_us = h->t_us;
	sl->k_off = h->tz_off;
	sl->k_valid = true;
}

/* RFC 3164 stamp at s.  On success *used is its length. */
static int bsd_stamp(ash_syslog *sl, const char *s, size_t n, size_t *used,
		     ash_syslog_hdr *h)
{
	ash_civil c = {0};
	bool has_year;
	int step = 0;
	h->form = ASH_SYSLOG_BSD;
	if (bsd_cached(sl, s, n)) {
		h->t_us = sl->k_us;
		h->tz_off = sl->k_off;
		*used = PLAIN_BSD;
		return 0;
	}
	int rc = bsd_fields(s, n, used, &c, &has_year);
	if (rc)
		return rc;
	if (!has_year)
		pick_year(sl, &c, &step);
	if (c.day > ash_days_in_month(c.year, c.mon))
		return BAD_STAMP;
	int leap = c.sec == 60;
	c.sec -= leap;
	int64_t naive = ash_civil_to_epoch(&c);
	if (!has_year && step >= 0) {
		sl->rolled |= step > 0;
		sl->year = c.year;
		sl->last_naive = naive;
	}
	int64_t utc = local_to_utc(sl, &c, naive, &h->tz_off);
	h->t_us = (utc + leap) * 1000000 + c.usec;
	if (*used == PLAIN_BSD && step >= 0)
		bsd_remember(sl, s, h);
	return 0;
}

/* "YYYY-MM-DDThh:mm:ss[.frac][Z|+hh:mm]" token at s. */
static int iso_stamp(ash_syslog *sl, const char *s, size_t n, size_t *used,
		     ash_syslog_hdr *h)
{
	if (n < 11 || !is_digit(s[0]) || !is_digit(s[3]) || s[4] != '-' ||
	    !is_digit(s[5]))
		return NOT_STAMP;
	size_t lim = n < ISO_MAX ? n : ISO_MAX;
	const char *sp = memchr(s, ' ', lim);
	size_t len = sp ? (size_t)(sp - s) : n;
	if (!sp && n > ISO_MAX)
		return BAD_STAMP;
	if (ash_time_parse_iso(s, len, sl->tz, &h->t_us, &h->tz_off) != 0)
		return BAD_STAMP;
	*used = len;
	h->form = ASH_SYSLOG_ISO;
	return 0;
}

static int stamp_at(ash_syslog *sl, const char *s, size_t n, size_t *used,
		    ash_syslog_hdr *h)
{
	int rc = bsd_stamp(sl, s, n, used, h);
	if (rc == NOT_STAMP)
		rc = iso_stamp(sl, s, n, used, h);
	return rc;
}

/* "<PRI>" at s[*i]: 0 and advance, NOT_STAMP when absent, BAD_STAMP when
 * malformed. */
static int read_pri(const char *s, size_t n, size_t *i, int *pri)
{
	if (*i >= n || s[*i] != '<')
		return NOT_STAMP;
	size_t j = *i + 1;
	int v = 0, nd = 0;
	while (j < n && is_digit(s[j]) && nd < 4)
		v = v * 10 + (s[j++] - '0'), nd++;
	if (!nd || nd > 3 || j >= n || s[j] != '>' || v > 191)
		return BAD_STAMP;
	*pri = v;
	*i = j + 1;
	return 0;
}

/* Next space-delimited token from s[*i]; skips the spaces after it. */
static ash_str token(const char *s, size_t n, size_t *i)
{
	size_t start = *i;
	const char *sp = start < n ? memchr(s + start, ' ', n - start) : NULL;
	size_t end = sp ? (size_t)(sp - s) : n;
	*i = end;
	while (*i < n && s[*i] == ' ')
		(*i)++;
	ash_str t = {s + start, (uint32_t)(end - start)};
	return t;
}

static ash_str strip_pid(ash_str t)
{
	const char *b = memchr(t.p, '[', t.n);
	if (b)
		t.n = (uint32_t)(b - t.p);
	return t;
}

/* BSD and ISO forms: "[host ]tag[pid]: msg" after the stamp. */
static int host_tag(const char *s, size_t n, size_t i, ash_syslog_hdr *h,
		    const char **reason)
{
	if (i >= n || s[i] != ' ') {
		*reason = "truncated syslog header (no host)";
		return -1;
	}
	while (i < n && s[i] == ' ')
		i++;
	size_t msg = i;
	ash_str t = token(s, n, &i);
	if (t.n && t.p[t.n - 1] != ':') {
		h->host = t;
		msg = i;
		t = token(s, n, &i);
	}
	if (t.n > 1 && t.p[t.n - 1] == ':') {
		t.n--;
		h->tag = strip_pid(t);
		msg = i;
	}
	h->msg = s + msg;
	h->msg_n = n - msg;
	return 0;
}

/* RFC 5424 structured data at s[*i]: "-" or "[id k="v" ...]..." with
 * \" \] \\ escapes inside quoted values. */
static int skip_sd(const char *s, size_t n, size_t *i)
{
	if (*i < n && s[*i] == '-') {
		(*i)++;
		return 0;
	}
	if (*i >= n || s[*i] != '[')
		return -1;
	while (*i < n && s[*i] == '[') {
		bool quoted = false;
		size_t j = *i + 1;
		for (; j < n; j++) {
			if (quoted && s[j] == '\\')
				j++;
			else if (s[j] == '"')
				quoted = !quoted;
			else if (!quoted && s[j] == ']')
				break;
		}
		if (j >= n)
			return -1;
		*i = j + 1;
	}
	return 0;
}

static ash_str nil_dash(ash_str t)
{
	if (t.n == 1 && t.p[0] == '-')
		t.n = 0;
	return t;
}

/* "<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD [MSG]" from s[i] (at the
 * version digit). */
static int parse_5424(ash_syslog *sl, const char *s, size_t n, size_t i,
		      ash_syslog_hdr *h, const char **reason)
{
	while (i < n && is_digit(s[i]))
		i++;
	i++; /* the space after the version, checked by the caller */
	if (i < n && s[i] == '-') {
		*reason = "syslog timestamp is nil ('-')";
		return -1;
	}
	size_t used;
	if (iso_stamp(sl, s + i, n - i, &used, h) != 0) {
		*reason = "bad RFC 5424 timestamp";
		return -1;
	}
	h->form = ASH_SYSLOG_5424;
	i += used;
	while (i < n && s[i] == ' ')
		i++;
	h->host = nil_dash(token(s, n, &i));
	h->tag = nil_dash(token(s, n, &i));
	token(s, n, &i); /* PROCID */
	token(s, n, &i); /* MSGID */
	if (skip_sd(s, n, &i) != 0) {
		*reason = "truncated RFC 5424 header";
		return -1;
	}
	if (i < n && s[i] == ' ')
		i++;
	if (n - i >= 3 && !memcmp(s + i, "\xEF\xBB\xBF", 3))
		i += 3; /* BOM before a UTF-8 MSG */
	h->msg = s + i;
	h->msg_n = n - i;
	return 0;
}

static bool is_5424(const char *s, size_t n, size_t i)
{
	size_t j = i;
	while (j < n && j - i < 3 && is_digit(s[j]))
		j++;
	return j > i && j + 1 < n && s[j] == ' ' &&
	       (s[j + 1] == '-' || (j + 5 < n && is_digit(s[j + 1]) &&
				    is_digit(s[j + 4]) && s[j + 5] == '-'));
}

/* Skip a grep "file:" / "file:line:" prefix: the first ':' in the first
 * word after which a stamp parses.  Returns the offset or 0. */
static size_t grep_prefix(ash_syslog *sl, const char *s, size_t n,
			  ash_syslog_hdr *h, size_t *used)
{
	size_t lim = n < PREFIX_MAX ? n : PREFIX_MAX;
	for (size_t j = 0; j < lim && s[j] != ' '; j++) {
		if (s[j] == ':' && j + 1 < n &&
		    stamp_at(sl, s + j + 1, n - j - 1, used, h) == 0)
			return j + 1;
	}
	return 0;
}

int ash_syslog_parse(ash_syslog *sl, const char *s, size_t n,
		     ash_syslog_hdr *h, const char **reason)
{
	memset(h, 0, sizeof *h);
	h->pri = -1;
	size_t i = 0, used = 0;
	int rc = read_pri(s, n, &i, &h->pri);
	if (rc == BAD_STAMP) {
		*reason = "bad syslog priority";
		return -1;
	}
	if (rc == 0 && is_5424(s, n, i))
		return parse_5424(sl, s, n, i, h, reason);
	rc = stamp_at(sl, s + i, n - i, &used, h);
	if (rc == NOT_STAMP && i == 0) {
		size_t skip = grep_prefix(sl, s, n, h, &used);
		if (skip) {
			i = skip;
			rc = 0;
		}
	}
	if (rc == BAD_STAMP) {
		*reason = "bad syslog timestamp";
		return -1;
	}
	if (rc != 0) {
		*reason = i < n && s[i] == '['
				  ? "no wall-clock timestamp (dmesg uptime only)"
				  : "no syslog timestamp";
		return -1;
	}
	return host_tag(s, n, i + used, h, reason);
}
