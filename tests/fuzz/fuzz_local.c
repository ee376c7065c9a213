/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Fuzz target: a repository's configuration as the source reads it without
 * libgit2 (local.c).  The input is .git/config of a work tree; its answer
 * is 1 with a git directory (and perhaps an origin without its
 * credentials), 0 (libgit2's turn) or -1, never anything else.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/source/internal.h"
#include "put.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[] = "/tmp/vigie-fuzz-local-XXXXXX";
	static char git[sizeof(dir) + 8];
	static int ready;
	char *gitdir = NULL, *origin = NULL;
	int rc;

	if (!ready) {
		char path[4096];
		static const char *const sub[] = { "/objects", "/refs" };
		size_t i;

		/* git's settings outside the repository are not the input */
		setenv("HOME", "/nonexistent", 1);
		unsetenv("XDG_CONFIG_HOME");
		if (!mkdtemp(dir))
			abort();
		snprintf(git, sizeof(git), "%s/.git", dir);
		if (mkdir(git, 0700))
			abort();
		for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
			snprintf(path, sizeof(path), "%s%s", git, sub[i]);
			if (mkdir(path, 0700))
				abort();
		}
		fuzz_put(git, "HEAD", (const uint8_t *)"ref: refs/heads/main\n", 21);
		ready = 1;
	}
	fuzz_put(git, "config", data, size);
	rc = vigie_source_local(dir, &gitdir, &origin);
	if (rc < -1 || rc > 1 || (rc == 1) != (gitdir != NULL) ||
	    (rc != 1 && origin) ||
	    (gitdir && gitdir[strlen(gitdir) - 1] != '/'))
		abort();
	free(gitdir);
	free(origin);
	return 0;
}
