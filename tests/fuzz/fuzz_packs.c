/* SPDX-License-Identifier: EUPL-1.2 */
/* Fuzz target: the pack reader, over a crafted index and pack. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "../../src/snapshot/internal.h"
#include "put.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Input: a 4-byte little-endian length L, L bytes of pack index, then the
 * pack.  Every id the index lists (up to 512), and a few it does not, are
 * looked up and read: as a commit or tag, as any object (deltas
 * resolved), and by its first bytes.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[] = "/tmp/vigie-fuzz-packs-XXXXXX";
	static int ready;
	struct vigie_packs *packs = NULL;
	size_t len, i, n = 0;
	git_oid id;

	if (!ready) {
		if (!mkdtemp(dir))
			abort();
		ready = 1;
	}
	if (size < 4)
		return 0;
	len = (size_t)data[0] | (size_t)data[1] << 8 | (size_t)data[2] << 16 |
	      (size_t)data[3] << 24;
	if (len > size - 4)
		len = size - 4;
	fuzz_put(dir, "pack-f.idx", data + 4, len);
	fuzz_put(dir, "pack-f.pack", data + 4 + len, size - 4 - len);
	if (vigie_packs_open_dir(&packs, dir) < 0)
		return 0;
	/* The ids of a version-2 index follow its 8-byte header and fan-out. */
	if (len > 8 + 1024)
		n = (len - 8 - 1024) / 20;
	for (i = 0; i < n + 3 && i < 512; i++) {
		char *out = NULL;
		size_t outlen;
		git_object_t type;
		if (i < n)
			memcpy(id.id, data + 4 + 8 + 1024 + i * 20, 20);
		else
			memset(id.id, (int)(i * 0x55), 20);
		if (vigie_packs_read(packs, &id, i % 2 ? 64 : 1 << 20, &type,
				     &out, &outlen) == VIGIE_PACK_READ &&
		    (out[outlen] != '\0' || (type != GIT_OBJECT_COMMIT &&
					      type != GIT_OBJECT_TAG)))
			abort();
		free(out);
		/* any object, deltas resolved, whole and by its head */
		out = NULL;
		if (vigie_packs_read_object(packs, &id, i % 2 ? 64 : 1 << 20,
					    &type, &out, &outlen) ==
			    VIGIE_PACK_READ &&
		    (out[outlen] != '\0' || (i % 2 && outlen > 64)))
			abort();
		free(out);
		out = NULL;
		{
			uint64_t whole = 0;
			if (vigie_packs_read_head(packs, &id, i % 3 ? 16 : 4096,
						  1 << 20, &out, &outlen,
						  &whole) == VIGIE_PACK_READ &&
			    (out[outlen] != '\0' || outlen > whole ||
			     outlen > (i % 3 ? 16u : 4096u)))
				abort();
		}
		free(out);
	}
	vigie_packs_free(packs);
	return 0;
}
