/* SPDX-License-Identifier: MIT */
/* embed.c: lookup in the table of embedded data files (the table itself
 * is generated into $(BUILD)/embed.c from data/embed/). */
#include "core/embed.h"

#include <string.h>

const ash_embed *ash_embed_find(const char *name)
{
	for (const ash_embed *e = ash_embeds; e->name; e++)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}
