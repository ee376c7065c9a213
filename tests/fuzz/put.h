/* SPDX-License-Identifier: EUPL-1.2 */
/* The fuzz targets' inputs written as files of a scratch directory. */
#ifndef VIGIE_FUZZ_PUT_H
#define VIGIE_FUZZ_PUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* dir/name holds the n bytes at p, and nothing else. */
static inline void fuzz_put(const char *dir, const char *name,
			    const uint8_t *p, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
	f = fopen(path, "wb");
	if (!f)
		abort();
	if (n && fwrite(p, 1, n, f) != n)
		abort();
	fclose(f);
}

#endif
