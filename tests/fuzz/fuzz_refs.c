/* SPDX-License-Identifier: EUPL-1.2 */
/* Fuzz target: the tags read from packed-refs and refs/tags/ (refs.c). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "../../src/snapshot/internal.h"
#include "put.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every tag told is a name under refs/tags/, told once. */
static int told(const char *name, const git_oid *id, void *arg)
{
	size_t *n = arg;

	(void)id;
	if (strncmp(name, "refs/tags/", 10) || strlen(name) <= 10)
		abort();
	(*n)++;
	return 0;
}

/*
 * Input: packed-refs as it is, and, after a first NUL, the content of a
 * loose tag refs/tags/loose (which may shadow a packed one).  The answer is
 * one of 1, 0 (nothing told) and -1.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[] = "/tmp/vigie-fuzz-refs-XXXXXX";
	static int ready;
	char path[4096];
	const uint8_t *nul = memchr(data, '\0', size);
	size_t packed = nul ? (size_t)(nul - data) : size, n = 0;
	struct vigie_refs *r;
	int rc;

	if (!ready) {
		if (!mkdtemp(dir))
			abort();
		snprintf(path, sizeof(path), "%s/refs", dir);
		if (mkdir(path, 0700))
			abort();
		snprintf(path, sizeof(path), "%s/refs/tags", dir);
		if (mkdir(path, 0700))
			abort();
		ready = 1;
	}
	fuzz_put(dir, "packed-refs", data, packed);
	if (nul) {
		fuzz_put(dir, "refs/tags/loose", nul + 1, size - packed - 1);
	} else {
		snprintf(path, sizeof(path), "%s/refs/tags/loose", dir);
		unlink(path);
	}
	if (vigie_refs_open(&r, dir) < 0)
		return 0;
	rc = vigie_refs_tags(r, told, &n);
	if (rc < -1 || rc > 1 || (rc == 0 && n))
		abort();
	/* HEAD on a branch the same packed-refs holds, or not */
	{
		git_oid id;
		char *branch = NULL;
		fuzz_put(dir, "HEAD", (const uint8_t *)"ref: refs/heads/main\n", 21);
		rc = vigie_refs_head(r, dir, &id, &branch);
		if (rc < -1 || rc > 1 || (rc == 1) != (branch != NULL) ||
		    (branch && strcmp(branch, "main")))
			abort();
		free(branch);
	}
	vigie_refs_free(r);
	return 0;
}
