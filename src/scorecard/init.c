/* SPDX-License-Identifier: EUPL-1.2 */
/* The library's process-wide set-up. */
#include "git2_api.h"

#include "vigie/version.h"
#include "banned.h"

int vigie_global_init(void)
{
	/*
	 * Nothing to do now: libgit2 is loaded and set up when a stage
	 * first needs it (src/util/git2_api.c), libcurl when a forge is first
	 * asked (src/forge/http.c), libsqlite3 when a database first is.
	 */
	return 0;
}

void vigie_global_init_hooks(void (*before)(void), void (*after)(void))
{
	vigie_git2_around_init(before, after);
}

void vigie_global_shutdown(void)
{
	vigie_git2_shutdown();
}
