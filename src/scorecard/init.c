/* SPDX-License-Identifier: EUPL-1.2 */
/* The library's process-wide set-up (libgit2's). */
#include <git2.h>

#include "vigie/version.h"
#include "banned.h"

int vigie_global_init(void)
{
	if (git_libgit2_init() < 0)
		return VIGIE_EGENERIC;
	/*
	 * vigie only reads repositories and never runs their hooks or filters,
	 * so a repository owned by another user (a CI checkout, a batch cache)
	 * is safe to read.
	 */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	/*
	 * libgit2 hashes every object again as it reads it, which is a fifth
	 * of the time to index a large tree; git itself does not when it
	 * reads (objects are checked when they arrive: a fetch indexes and
	 * verifies its pack), and vigie only reads.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	/* libcurl is loaded and set up by the forge stage when first used */
	return 0;
}

void vigie_global_shutdown(void)
{
	git_libgit2_shutdown();
}
