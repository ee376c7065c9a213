/* SPDX-License-Identifier: EUPL-1.2 */
/* The vigie command: initialise, dispatch to a subcommand, shut down. */
#include <stdio.h>
#include <string.h>

#include "vigie/vigie.h"
#include "cmd.h"
#include "banned.h"

/* Sorted by name. */
static const struct cmd commands[] = {
	{ "audit", cmd_audit, "audit a repository and print its scorecard" },
	{ "batch", cmd_batch, "audit many repositories into a directory of records" },
	{ "hook", cmd_hook, "install a pre-push hook that gates release tags" },
	{ "merge", cmd_merge, "join the outputs of sharded batch runs" },
	{ "rules", cmd_rules, "list, explain and check rule packs" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: vigie [--version] [--help] COMMAND [ARGS]\n\n"
		   "commands:\n");
	for (i = 0; i < VIGIE_ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'vigie COMMAND --help' tells more; see vigie(1).\n");
}

int main(int argc, char **argv)
{
	size_t i;
	int rc;

	if (argc < 2) {
		usage(stderr);
		return VIGIE_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return VIGIE_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("vigie %s\n", vigie_version());
		return VIGIE_EXIT_OK;
	}
	for (i = 0; i < VIGIE_ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, argv[1]))
			break;
	if (i == VIGIE_ARRAY_SIZE(commands)) {
		cli_error("unknown command '%s' (see 'vigie --help')", argv[1]);
		return VIGIE_EXIT_USAGE;
	}
	if (vigie_global_init() < 0) {
		cli_error("cannot initialise libgit2 or libcurl");
		return VIGIE_EXIT_INTERNAL;
	}
	rc = commands[i].fn(argc - 1, argv + 1);
	vigie_global_shutdown();
	return rc;
}
