/* SPDX-License-Identifier: MIT */
/* err.h: the one error convention of ashiato.
 *
 * Every library function that can fail returns an int: 0 (ASH_OK) on success,
 * a positive ASH_E* code on failure, and fills an optional ash_err with a
 * human message ("file:line: reason").  Library code never prints or exits;
 * only src/cli prints the message.  Passing err == NULL is allowed. */
#ifndef ASH_ERR_H
#define ASH_ERR_H

#include <stddef.h>

enum ash_code {
	ASH_OK = 0,
	ASH_EIO = 1,       /* read/write/open failed (errno text in message) */
	ASH_EFORMAT = 2,   /* input does not follow its format */
	ASH_EUSAGE = 3,    /* bad argument or option value */
	ASH_ECORRUPT = 4,  /* store or file damaged (checksum, size) */
	ASH_ENOTFOUND = 5, /* named thing does not exist */
	ASH_EEXIST = 6,    /* thing already exists */
	ASH_ELIMIT = 7,    /* input exceeds a documented limit */
	ASH_EINTERNAL = 8  /* bug: an invariant did not hold */
};

typedef struct ash_err {
	int code;
	char msg[1024];
} ash_err;

/* Set err (if non-NULL) to code and the formatted message; returns code.
 * The format string is always a literal in ashiato: never pass log text. */
int ash_errf(ash_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like ash_errf, appending ": strerror(errno)" to the message. */
int ash_errno(ash_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix an existing message with "prefix: " (e.g. a file name). */
void ash_err_prefix(ash_err *err, const char *prefix);

/* Short name of a code ("io", "format", ...). */
const char *ash_code_name(int code);

#endif
