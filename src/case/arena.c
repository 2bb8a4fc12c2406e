/* SPDX-License-Identifier: MIT */
/* arena.c: bump allocation in blocks of 64 KiB (larger requests get a
 * block of their own); see arena.h. */
#include "case/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#define BLOCK (64u * 1024u)

typedef struct block {
	struct block *next;
	size_t used, cap;
	alignas(max_align_t) unsigned char data[];
} block;

struct ash_arena {
	block *head;
};

ash_arena *ash_arena_new(void)
{
	return ash_calloc(1, sizeof(ash_arena));
}

void ash_arena_free(ash_arena *a)
{
	if (!a)
		return;
	for (block *b = a->head, *nx; b; b = nx) {
		nx = b->next;
		free(b);
	}
	free(a);
}

static block *new_block(ash_arena *a, size_t cap)
{
	block *b = ash_malloc(sizeof *b + cap);
	b->used = 0, b->cap = cap;
	b->next = a->head;
	a->head = b;
	return b;
}

void *ash_arena_alloc(ash_arena *a, size_t n)
{
	const size_t al = alignof(max_align_t);
	if (n > SIZE_MAX - al)
		abort(); /* cannot be asked by any caller: sizes are capped */
	size_t need = (n + al - 1) / al * al;
	block *b = a->head;
	if (!b || b->cap - b->used < need)
		b = new_block(a, need > BLOCK ? need : BLOCK);
	void *p = b->data + b->used;
	b->used += need;
	memset(p, 0, n);
	return p;
}

char *ash_arena_strndup(ash_arena *a, const char *s, size_t n)
{
	char *p = ash_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
