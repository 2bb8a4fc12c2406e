/* SPDX-License-Identifier: MIT */
/* ynode.c: shared helpers of the YAML readers (ynode.h). */
#include "core/ynode.h"

#include <string.h>

int ash_yfail(const char *path, ash_err *err, const yaml_node_t *n,
	      const char *what, const char *detail)
{
	return ash_errf(err, ASH_EFORMAT, "%s:%zu:%zu: %s%s%s", path,
			n ? n->start_mark.line + 1 : 0,
			n ? n->start_mark.column + 1 : 0, what,
			detail ? ": " : "", detail ? detail : "");
}

const char *ash_yscalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value
						 : NULL;
}

int ash_ywant_scalar(const char *path, ash_err *err, const yaml_node_t *n,
		     const char *what, bool empty_ok, const char **out)
{
	*out = ash_yscalar(n);
	if (!*out || strlen(*out) != n->data.scalar.length || (!empty_ok && !**out))
		return ash_yfail(path, err, n, what, "expected a text value");
	return ASH_OK;
}

int ash_ywant_kind(const char *path, ash_err *err, const yaml_node_t *n,
		   yaml_node_type_t t, const char *what, size_t max)
{
	if (!n || n->type != t)
		return ash_yfail(path, err, n, what,
				 t == YAML_SEQUENCE_NODE ? "expected a list"
							 : "expected a mapping (key: value)");
	size_t items = t == YAML_SEQUENCE_NODE
			       ? (size_t)(n->data.sequence.items.top -
					  n->data.sequence.items.start)
			       : (size_t)(n->data.mapping.pairs.top -
					  n->data.mapping.pairs.start);
	if (items > max)
		return ash_yfail(path, err, n, what, "too many items");
	return ASH_OK;
}
