/* SPDX-License-Identifier: EUPL-1.2 */
/* Arrays that grow: room for more elements, by doubling, never overflowing. */
#ifndef VIGIE_GROW_H
#define VIGIE_GROW_H

#include <stddef.h>

/*
 * Make the array *pv (elements of elem bytes, *cap of them allocated) hold
 * at least need, doubling its capacity from first.  0, or VIGIE_ENOMEM with
 * nothing changed when memory (or size_t) runs out.  Through the macro:
 *
 *	if (n == cap && vigie_grow(&v, &cap, n + 1, 64) < 0)
 *		return -1;
 */
int vigie_grow_(void *pv, size_t *cap, size_t need, size_t elem, size_t first);

#define vigie_grow(pp, cap, need, first) \
	vigie_grow_((pp), (cap), (need), sizeof(**(pp)), (first))

#endif
