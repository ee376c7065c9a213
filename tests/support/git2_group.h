/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * A group of tests that call libgit2 themselves (to compare with it):
 * the library's table is loaded first, and libgit2 shut down after.
 * cmocka_run_group_tests(tests, git2_group_up, git2_group_down).
 */
#ifndef VIGIE_TESTS_GIT2_GROUP_H
#define VIGIE_TESTS_GIT2_GROUP_H

#include "git2_api.h"

static int git2_group_up(void **state)
{
	(void)state;
	return vigie_git2_load(NULL) < 0 ? -1 : 0;
}

static int git2_group_down(void **state)
{
	(void)state;
	git_libgit2_shutdown();
	return 0;
}

#endif
