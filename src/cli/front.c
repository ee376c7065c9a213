/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * The vigie command as people run it: `vigie license FILE...` and
 * `vigie --version` are answered here, in a program that loads no libgit2
 * (its libraries and their set-up cost more than a license lookup, and
 * people run `vigie license` in loops); every other command is the work of
 * vigie-core, which this program becomes (execv): beside it in a build
 * tree, in ../libexec/vigie/ of an installed tree, or where it was
 * installed.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vigie/common.h"
#include "vigie/i18n.h"
#include "vigie/version.h"
#include "cmd.h"
#include "../util/banned.h"

/* VIGIE_CORE_PATH, where vigie-core is installed, comes from the build. */
#ifndef VIGIE_CORE_PATH
#error "VIGIE_CORE_PATH is not defined"
#endif

/* The places of vigie-core, relative to this program's directory first. */
static const char *const core_places[] = {
	"/vigie-core",
	"/../libexec/vigie/vigie-core",
};

int main(int argc, char **argv)
{
	char self[PATH_MAX], path[PATH_MAX + 64];
	ssize_t n;
	size_t i;

	cli_set_lang(cli_lang(NULL));
	if (argc >= 2 && !strcmp(argv[1], "license"))
		return cli_flushed(cmd_license(argc - 1, argv + 1));
	if (argc == 2 && !strcmp(argv[1], "--version")) {
		printf("vigie %s\n", vigie_version());
		return cli_flushed(VIGIE_EXIT_OK);
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		char *slash;
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash)
			*slash = '\0';
		for (i = 0; i < VIGIE_ARRAY_SIZE(core_places); i++) {
			snprintf(path, sizeof(path), "%s%s", self,
				 core_places[i]);
			if (access(path, X_OK) == 0)
				execv(path, argv);
		}
	}
	execv(VIGIE_CORE_PATH, argv);
	cli_error(N_("cannot run %s: %s"), VIGIE_CORE_PATH, strerror(errno));
	return VIGIE_EXIT_INTERNAL;
}
