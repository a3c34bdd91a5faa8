/* What the grammar's two files share (cft_parse.c reads text into trees,
 * cft_tree.c looks up, builds, emits and compares them); not for other
 * modules: they use cft.h. */
#ifndef LVMGR_CFT_INT_H
#define LVMGR_CFT_INT_H

#include "metadata/cft.h"

/* Append n as parent's last child (O(1) through parent->last). Inline: the
 * parser links every node it reads. */
static inline void cft_link(struct cft_node *n, struct cft_node *parent)
{
	n->parent = parent;
	if (parent) {
		if (parent->last)
			parent->last->next = n;
		else
			parent->child = n;
		parent->last = n;
	}
}

#endif
