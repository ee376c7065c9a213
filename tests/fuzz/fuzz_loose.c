/* SPDX-License-Identifier: EUPL-1.2 */
/* Fuzz target: the loose object reader, over a crafted object file. */
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

static bool known_type(git_object_t t)
{
	return t == GIT_OBJECT_COMMIT || t == GIT_OBJECT_TREE ||
	       t == GIT_OBJECT_BLOB || t == GIT_OBJECT_TAG;
}

/*
 * Input: the file objects/ab/cdef... as it is.  It is read whole with a
 * small and a large maximum, and by its header; the answers agree.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[] = "/tmp/vigie-fuzz-loose-XXXXXX";
	static const size_t maxes[] = { 64, 1 << 20 };
	static int ready;
	static const unsigned char id[20] = { 0xab, 0xcd, 0xef };
	char path[4096];
	struct vigie_loose *l = NULL;
	enum vigie_pack_read h;
	git_object_t htype;
	uint64_t hsize;
	size_t i;

	if (!ready) {
		if (!mkdtemp(dir))
			abort();
		snprintf(path, sizeof(path), "%s/ab", dir);
		if (mkdir(path, 0700))
			abort();
		ready = 1;
	}
	fuzz_put(dir, "ab/cdef0000000000000000000000000000000000", data, size);
	if (vigie_loose_open(&l, dir) < 0)
		return 0;
	h = vigie_loose_header(l, id, &htype, &hsize);
	if (h == VIGIE_PACK_READ && !known_type(htype))
		abort();
	for (i = 0; i < sizeof(maxes) / sizeof(*maxes); i++) {
		enum vigie_pack_read r;
		git_object_t type;
		char *out = NULL;
		size_t len;

		r = vigie_loose_read(l, id, maxes[i], &type, &out, &len);
		/* a whole read is the header's object, within max, NUL-ended */
		if (r == VIGIE_PACK_READ &&
		    (out[len] != '\0' || len > maxes[i] || !known_type(type) ||
		     h != VIGIE_PACK_READ || type != htype || len != hsize))
			abort();
		if (r == VIGIE_PACK_TOO_BIG &&
		    (h != VIGIE_PACK_READ || hsize <= maxes[i]))
			abort();
		if (r != VIGIE_PACK_READ && out)
			abort();
		free(out);
	}
	vigie_loose_free(l);
	return 0;
}
