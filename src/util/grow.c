/* SPDX-License-Identifier: EUPL-1.2 */
/* Arrays that grow (grow.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/common.h"
#include "grow.h"
#include "banned.h"

int vigie_grow_(void *pv, size_t *cap, size_t need, size_t elem, size_t first)
{
	size_t n = *cap ? *cap : (first ? first : 1);
	void *old, *p;

	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return VIGIE_ENOMEM;
		n *= 2;
	}
	if (!elem || n > SIZE_MAX / elem)
		return VIGIE_ENOMEM;
	/* the caller's pointer, whatever its type: all object pointers share
	 * one representation here */
	memcpy(&old, pv, sizeof(old));
	p = realloc(old, n * elem);
	if (!p)
		return VIGIE_ENOMEM;
	memcpy(pv, &p, sizeof(p));
	*cap = n;
	return 0;
}
