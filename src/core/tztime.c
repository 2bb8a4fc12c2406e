/* SPDX-License-Identifier: MIT */
/* tztime.c: zone offsets via libc (TZ switched under a lock, results
 * cached per 15-minute slot), civil arithmetic, ISO 8601 parse/format. */
#include "core/tztime.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/xalloc.h"

#define SLOT 900
#define CACHE 512

struct ash_tz {
	char name[128];
	int is_utc;
	struct {
		int64_t slot;
		int32_t off;
	} cache[CACHE];
	/* ash_tz_local_to_utc's answer for the last 900 s of local time it
	 * resolved: offsets change only on 15-minute boundaries of both UTC
	 * and local time (every zone of tzdata; the cache above assumes it
	 * too), so one offset serves a whole local slot */
	int64_t lslot;
	int32_t loff;
};

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;
static char tz_current[160];

static int zone_exists(const char *name)
{
	if (!name[0] || name[0] == '/' || strstr(name, ".."))
		return 0;
	const char *dir = getenv("TZDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/%s",
		 dir && *dir ? dir : "/usr/share/zoneinfo", name);
	return access(path, R_OK) == 0;
}

int ash_tz_open(const char *name, ash_tz **out, ash_err *err)
{
	int utc = !strcmp(name, "UTC") || !strcmp(name, "utc") ||
		  !strcmp(name, "Z") || !strcmp(name, "Etc/UTC");
	if (!utc && (strlen(name) >= 128 || !zone_exists(name)))
		return ash_errf(err, ASH_ENOTFOUND,
				"unknown time zone '%.100s' (want an IANA name "
				"such as Asia/Singapore, or UTC)", name);
	ash_tz *tz = ash_calloc(1, sizeof *tz);
	snprintf(tz->name, sizeof tz->name, "%s", utc ? "UTC" : name);
	tz->is_utc = utc;
	for (int i = 0; i < CACHE; i++)
		tz->cache[i].slot = INT64_MIN;
	tz->lslot = INT64_MIN;
	*out = tz;
	return ASH_OK;
}

void ash_tz_free(ash_tz *tz)
{
	free(tz);
}

const char *ash_tz_name(const ash_tz *tz)
{
	return tz->name;
}

static int32_t libc_offset(const char *name, int64_t t)
{
	pthread_mutex_lock(&tz_lock);
	char want[160];
	snprintf(want, sizeof want, ":%s", name);
	if (strcmp(want, tz_current) != 0) {
		setenv("TZ", want, 1);
		tzset();
		memcpy(tz_current, want, sizeof want);
	}
	time_t tt = (time_t)t;
	struct tm tm;
	int32_t off = 0;
	if (localtime_r(&tt, &tm))
		off = (int32_t)tm.tm_gmtoff;
	pthread_mutex_unlock(&tz_lock);
	return off;
}

int32_t ash_tz_offset_at(ash_tz *tz, int64_t t)
{
	if (tz->is_utc)
		return 0;
	int64_t slot = t >= 0 ? t / SLOT : -((-t + SLOT - 1) / SLOT);
	unsigned h = (unsigned)((uint64_t)slot * 2654435761u) % CACHE;
	if (tz->cache[h].slot == slot)
		return tz->cache[h].off;
	int32_t off = libc_offset(tz->name, slot * SLOT);
	tz->cache[h].slot = slot;
	tz->cache[h].off = off;
	return off;
}

int64_t ash_tz_local_to_utc(ash_tz *tz, const ash_civil *c, int32_t *off)
{
	int64_t t0 = ash_civil_to_epoch(c);
	if (tz->is_utc) {
		if (off)
			*off = 0;
		return t0;
	}
	int64_t lslot = t0 >= 0 ? t0 / SLOT : -((-t0 + SLOT - 1) / SLOT);
	if (lslot == tz->lslot) { /* logs come in order: mostly this slot */
		if (off)
			*off = tz->loff;
		return t0 - tz->loff;
	}
	int32_t cand[3] = {ash_tz_offset_at(tz, t0 - 86400),
			   ash_tz_offset_at(tz, t0),
			   ash_tz_offset_at(tz, t0 + 86400)};
	int64_t best = INT64_MAX;
	int32_t best_off = cand[0];
	for (int i = 0; i < 3; i++) {
		int64_t u = t0 - cand[i];
		if (ash_tz_offset_at(tz, u) == cand[i] && u < best) {
			best = u;
			best_off = cand[i];
		}
	}
	if (best == INT64_MAX) /* in a gap: read with the offset before it */
		best = t0 - best_off;
	tz->lslot = lslot;
	tz->loff = best_off;
	if (off)
		*off = best_off;
	return best;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int ash_days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* days from 1970-01-01 (H. Hinnant's algorithm, public domain) */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int64_t ash_civil_to_epoch(const ash_civil *c)
{
	return days_from_civil(c->year, (unsigned)c->mon, (unsigned)c->day) * 86400 +
	       c->hour * 3600 + c->min * 60 + c->sec;
}

void ash_epoch_to_civil(int64_t t, ash_civil *c)
{
	int64_t z = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t secs = t - z * 86400;
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	c->year = (int)(y + (m <= 2));
	c->mon = (int)m;
	c->day = (int)d;
	c->hour = (int)(secs / 3600);
	c->min = (int)(secs / 60 % 60);
	c->sec = (int)(secs % 60);
	c->usec = 0;
}

size_t ash_time_format(int64_t us, ash_tz *tz, int frac, char *buf)
{
	int64_t sec = us >= 0 ? us / 1000000 : -((-us + 999999) / 1000000);
	int usec = (int)(us - sec * 1000000);
	int32_t off = tz ? ash_tz_offset_at(tz, sec) : 0;
	ash_civil c;
	ash_epoch_to_civil(sec + off, &c);
	int n = snprintf(buf, ASH_TIME_STRLEN, "%04d-%02d-%02dT%02d:%02d:%02d",
			 c.year, c.mon, c.day, c.hour, c.min, c.sec);
	if (frac == 3)
		n += snprintf(buf + n, ASH_TIME_STRLEN - (size_t)n, ".%03d", usec / 1000);
	else if (frac == 6)
		n += snprintf(buf + n, ASH_TIME_STRLEN - (size_t)n, ".%06d", usec);
	if (!tz || tz->is_utc) {
		n += snprintf(buf + n, ASH_TIME_STRLEN - (size_t)n, "Z");
	} else {
		int a = off < 0 ? -off : off;
		n += snprintf(buf + n, ASH_TIME_STRLEN - (size_t)n, "%c%02d:%02d",
			      off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
	}
	return (size_t)n;
}

static int digits(const char *s, size_t n, size_t *i, int count, int *v)
{
	int x = 0;
	for (int k = 0; k < count; k++, (*i)++) {
		if (*i >= n || s[*i] < '0' || s[*i] > '9')
			return -1;
		x = x * 10 + (s[*i] - '0');
	}
	*v = x;
	return 0;
}

int ash_time_parse_iso(const char *s, size_t n, ash_tz *dflt, int64_t *us,
		       int32_t *off)
{
	ash_civil c = {0};
	size_t i = 0;
	if (digits(s, n, &i, 4, &c.year) || i >= n || s[i++] != '-' ||
	    digits(s, n, &i, 2, &c.mon) || i >= n || s[i++] != '-' ||
	    digits(s, n, &i, 2, &c.day))
		return -1;
	if (c.mon < 1 || c.mon > 12 || c.day < 1 ||
	    c.day > ash_days_in_month(c.year, c.mon))
		return -1;
	if (i < n && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
		i++;
		if (digits(s, n, &i, 2, &c.hour) || i >= n || s[i++] != ':' ||
		    digits(s, n, &i, 2, &c.min))
			return -1;
		if (i < n && s[i] == ':') {
			i++;
			if (digits(s, n, &i, 2, &c.sec))
				return -1;
			if (i < n && (s[i] == '.' || s[i] == ',')) {
				i++;
				int nd = 0, v = 0;
				while (i < n && s[i] >= '0' && s[i] <= '9') {
					if (nd < 6)
						v = v * 10 + (s[i] - '0'), nd++;
					i++;
				}
				if (!nd)
					return -1;
				while (nd++ < 6)
					v *= 10;
				c.usec = v;
			}
		}
		if (c.hour > 24 || c.min > 59 || c.sec > 60)
			return -1;
	}
	int have_off = 0, o = 0;
	if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
		have_off = 1;
		i++;
	} else if (i < n && (s[i] == '+' || s[i] == '-')) {
		int sign = s[i++] == '-' ? -1 : 1, hh, mm = 0;
		if (digits(s, n, &i, 2, &hh))
			return -1;
		if (i < n && s[i] == ':')
			i++;
		if (i < n && digits(s, n, &i, 2, &mm))
			return -1;
		if (hh > 23 || mm > 59)
			return -1;
		o = sign * (hh * 3600 + mm * 60);
		have_off = 1;
	}
	if (i != n)
		return -1;
	int leap = c.sec == 60;
	if (leap)
		c.sec = 59;
	int64_t t;
	int32_t used = o;
	if (have_off || !dflt)
		t = ash_civil_to_epoch(&c) - o;
	else
		t = ash_tz_local_to_utc(dflt, &c, &used);
	*us = (t + leap) * 1000000 + c.usec;
	if (off)
		*off = used;
	return 0;
}

int ash_duration_parse(const char *s, size_t n, int64_t *us)
{
	size_t i = 0;
	int64_t v = 0;
	if (!n)
		return -1;
	while (i < n && s[i] >= '0' && s[i] <= '9') {
		if (v > INT64_MAX / 10 / 1000000)
			return -1;
		v = v * 10 + (s[i++] - '0');
	}
	if (i == 0)
		return -1;
	const char *u = s + i;
	size_t un = n - i;
	int64_t mul;
	if (un == 0 || (un == 1 && *u == 's'))
		mul = 1000000;
	else if (un == 2 && !memcmp(u, "ms", 2))
		mul = 1000;
	else if (un == 2 && !memcmp(u, "us", 2))
		mul = 1;
	else if (un == 1 && *u == 'm')
		mul = 60 * 1000000LL;
	else if (un == 1 && *u == 'h')
		mul = 3600 * 1000000LL;
	else if (un == 1 && *u == 'd')
		mul = 86400 * 1000000LL;
	else if (un == 1 && *u == 'w')
		mul = 7 * 86400 * 1000000LL;
	else
		return -1;
	if (v > INT64_MAX / mul)
		return -1;
	*us = v * mul;
	return 0;
}
