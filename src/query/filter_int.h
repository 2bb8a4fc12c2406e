/* SPDX-License-Identifier: MIT */
/* filter_int.h: what the three filter files share and nobody else sees -
 * the token list (filter_lex.c), the compiled tree (filter_parse.c builds
 * it, filter_eval.c walks it).  Not a public API. */
#ifndef ASH_FILTER_INT_H
#define ASH_FILTER_INT_H

#include "query/filter.h"

/* ---- tokens (filter_lex.c) ---- */
enum ftok_kind {
	FT_EOF = 0,
	FT_WORD,   /* bare word: keyword, address, number, time range ... */
	FT_STRING, /* quoted "..." or '...' (value unescaped) */
	FT_LP, FT_RP,
	FT_NOT,    /* ! */
	FT_AND,    /* && */
	FT_OR,     /* || */
	FT_OP      /* = == != < <= > >= (op in .op) */
};

enum fop { OP_EQ = 0, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_RANGE };

typedef struct ftok {
	int kind;
	int op;            /* FT_OP: enum fop */
	const char *p;     /* word text, or unescaped string value */
	size_t n;
	size_t col;        /* 1-based byte column of the first byte */
} ftok;

typedef struct ftoks {
	ftok *v;
	size_t n, cap;
	char *strbuf;      /* unescaped quoted strings live here */
	size_t strn;
} ftoks;

/* Split text into tokens (last one FT_EOF).  Returns 0 or ASH_EUSAGE /
 * ASH_ELIMIT with "filter:COL: ..." in err; t is then still freeable. */
int ash_filter_lex(const char *text, size_t n, ftoks *t, ash_err *err);
void ash_filter_lex_free(ftoks *t);
/* Printable, bounded form of a token for messages ("'abc'", "end of
 * filter"); bytes outside printable ASCII shown as \xNN. */
void ash_filter_lex_show(const ftok *tk, char *buf, size_t cap);

/* ---- compiled tree (filter_parse.c / filter_eval.c) ---- */
enum fnode_kind {
	FN_ALL = 0,  /* matches every row */
	FN_AND, FN_OR, FN_NOT,
	FN_ADDR,     /* address predicate, per address of the dictionary */
	FN_PORT,     /* op v [v2]; dir */
	FN_PROTO,    /* v */
	FN_ICMP,     /* which: 0 type, 1 code; op v */
	FN_COUNT,    /* which: enum fcount; op v */
	FN_DURATION, /* op v (microseconds) */
	FN_SITE,     /* s */
	FN_ACTION,   /* v */
	FN_FLAGS,    /* v = mask; all set */
	FN_STR,      /* which: enum fstr; s */
	FN_FORMAT,   /* v = mask over enum ash_format */
	FN_TIME,     /* t0 <= t_start < t1 */
	FN_SAMPLED   /* ASH_HAVE_SAMPLING set */
};

enum fdir { DIR_ANY = 0, DIR_SRC, DIR_DST, DIR_BOTH };
enum faddr { FA_CIDR = 0, FA_ZONE, FA_V4, FA_V6 };
enum fcount { FC_BYTES = 0, FC_OBYTES, FC_RBYTES, FC_PKTS, FC_OPKTS, FC_RPKTS };
enum fstr { FS_RULE = 0, FS_IN, FS_OUT, FS_IF, FS_DEVICE, FS_NOTE };

typedef struct fnode {
	uint8_t kind, dir, op, which;
	uint32_t a, b;       /* and/or: kids[a .. a+b); not: child a */
	uint64_t v, v2;
	int64_t t0, t1;
	ash_cidr cidr;       /* FA_CIDR (host = full-length prefix) */
	char *s;             /* zone, site or string value (NUL-terminated) */
	size_t sn;
	uint32_t slot;       /* dictionary bitmap slot (FN_ADDR, FN_STR) */
} fnode;

struct ash_filter {
	fnode *nodes;
	size_t nnodes, cap;
	uint32_t root;
	uint32_t *kids;      /* children lists of and/or nodes */
	size_t nkids, kidcap;
	uint32_t nslots;     /* FN_ADDR + FN_STR nodes */
	unsigned cols;
	ash_filter_env env;
};

/* Append a node to f (copying *nd); returns its index. */
uint32_t ash_filter_node_add(ash_filter *f, const fnode *nd);
/* Columns (ASH_COL_*) one predicate node reads. */
unsigned ash_filter_node_cols(const fnode *nd);

#endif
