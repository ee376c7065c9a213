/* SPDX-License-Identifier: EUPL-1.2 */
/* The object ids a git command prints, for the tests of git's readers. */
#ifndef VIGIE_TEST_IDS_H
#define VIGIE_TEST_IDS_H

#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "fixture.h"

/* One id per line of cmd's output (run in dir), as a malloc'd array. */
static inline size_t ids_of(git_oid **out, const char *dir, const char *cmd)
{
	char *text = NULL, *line, *save = NULL;
	size_t n = 0, cap = 16;
	git_oid *v = malloc(cap * sizeof(*v));

	if (fx_sh_out(&text, dir, "%s", cmd) != 0)
		fail_msg("command failed: %s", cmd);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (n == cap)
			v = realloc(v, (cap *= 2) * sizeof(*v));
		if (git_oid_fromstrn(&v[n], line, 40) < 0)
			fail_msg("not an id: %s", line);
		n++;
	}
	free(text);
	*out = v;
	return n;
}

#endif
