/* SPDX-License-Identifier: MIT */
/* ynode.h: what the YAML readers (case.yaml, org.yaml) share over
 * libyaml's document API: walking nodes, and errors that name the file,
 * line and column ("case.yaml:3:15: timezone: expected a text value").
 * Each reader keeps its own keys and meanings. */
#ifndef ASH_YNODE_H
#define ASH_YNODE_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "core/err.h"

#define ASH_YNODE(doc, id) yaml_document_get_node((doc), (id))
#define ASH_YFOR_PAIRS(n, p)                                              \
	for (yaml_node_pair_t *p = (n)->data.mapping.pairs.start;         \
	     p < (n)->data.mapping.pairs.top; p++)
#define ASH_YFOR_ITEMS(n, it)                                             \
	for (yaml_node_item_t *it = (n)->data.sequence.items.start;       \
	     it < (n)->data.sequence.items.top; it++)

/* ASH_EFORMAT with "path:line:col: what: detail" (n may be NULL). */
int ash_yfail(const char *path, ash_err *err, const yaml_node_t *n,
	      const char *what, const char *detail);
/* The text of a scalar node, or NULL. */
const char *ash_yscalar(const yaml_node_t *n);
/* *out = the node's text; an error unless it is a scalar without NUL
 * bytes (and, unless empty_ok, not empty). */
int ash_ywant_scalar(const char *path, ash_err *err, const yaml_node_t *n,
		     const char *what, bool empty_ok, const char **out);
/* An error unless n is of type t with at most max items. */
int ash_ywant_kind(const char *path, ash_err *err, const yaml_node_t *n,
		   yaml_node_type_t t, const char *what, size_t max);

#endif
