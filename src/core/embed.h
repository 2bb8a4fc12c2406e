/* SPDX-License-Identifier: MIT */
/* embed.h: data files carried inside the binary (data/embed/: SQL schemas,
 * frameworks, message catalogs), generated at build time by
 * scripts/embed.sh.  Each is NUL-terminated (size excludes the NUL). */
#ifndef ASH_EMBED_H
#define ASH_EMBED_H

#include <stddef.h>

typedef struct ash_embed {
	const char *name;  /* base name: "case_schema.sql" */
	const char *data;
	size_t size;
} ash_embed;

extern const ash_embed ash_embeds[]; /* ends with name == NULL */

/* The embedded file called name, or NULL. */
const ash_embed *ash_embed_find(const char *name);

#endif
