/* SPDX-License-Identifier: EUPL-1.2 */
/* Fuzz target: the .mailmap reader (src/facts/mailmap.c) against libgit2's. */
#include <stdint.h>
#include <stdlib.h>

#include <git2.h>

#include "../support/mailmap_diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Input: a .mailmap as it is.  Both refuse it or both read it, and every
 * lookup of its names and addresses answers the same (mailmap_diff.h).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	size_t queries = 0;

	if (!ready) {
		git_libgit2_init();
		ready = 1;
	}
	if (mm_diff(stderr, (const char *)data, size, &queries))
		abort();
	return 0;
}
