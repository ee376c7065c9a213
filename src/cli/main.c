/* SPDX-License-Identifier: EUPL-1.2 */
/* The vigie command: initialise, dispatch to a subcommand, shut down. */
#include <errno.h>
#include <stdio.h>
#include <stddef.h>
#include <string.h>

#include "vigie/common.h"
#include "vigie/i18n.h"
#include "vigie/version.h"
#include "cmd.h"
#include "opt.h"
#include "../util/banned.h"

/* Sorted by name. */
static const struct cmd commands[] = {
	{ "audit", cmd_audit, N_("audit a repository and print its scorecard") },
	{ "badge", cmd_badge, N_("print a repository's score as a badge (SVG, shields.io JSON)") },
	{ "batch", cmd_batch, N_("audit many repositories into a directory of records") },
	{ "cache", cmd_cache, N_("list the cached clones, remove old ones (gc)") },
	{ "export", cmd_export, N_("export the results kept by batch runs (CSV, JSON Lines)") },
	{ "fix", cmd_fix, N_("draft the community files a repository lacks") },
	{ "hook", cmd_hook, N_("install a pre-push hook that gates release tags") },
	{ "license", cmd_license, N_("identify the license of files (SPDX id)"),
	  true },
	{ "merge", cmd_merge, N_("join the outputs of sharded batch runs") },
	{ "rules", cmd_rules, N_("list, explain and check rule packs") },
};

struct main_cli {
	bool help, version;
};

/* vigie's own options, before the command; usage() lists the commands. */
static const struct cli_opt_spec options[] = {
	CLI_FLAG("help", 'h', NULL, offsetof(struct main_cli, help)),
	CLI_FLAG("version", 0, NULL, offsetof(struct main_cli, version)),
	CLI_END,
};

static const struct cli_cmd_spec command = {
	NULL, NULL, options, 25, NULL, true, true,
};

static void usage(FILE *f)
{
	size_t i;

	fputs(cli_text(N_("usage: vigie [--version] [--help] COMMAND [ARGS]\n\n"
			  "commands:\n")), f);
	for (i = 0; i < VIGIE_ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name,
			cli_text(commands[i].summary));
	fputs(cli_text(N_("\n'vigie COMMAND --help' tells more; see vigie(1).\n")), f);
}

int main(int argc, char **argv)
{
	struct main_cli o = { false, false };
	size_t i;
	int rc, first;

	cli_set_lang(cli_lang(NULL));
	if (argc < 2) {
		usage(stderr);
		return VIGIE_EXIT_USAGE;
	}
	if (cli_opt_parse(&command, &o, argc, argv, &first) < 0)
		return VIGIE_EXIT_USAGE;
	if (o.help) {
		usage(stdout);
		return VIGIE_EXIT_OK;
	}
	if (o.version) {
		printf("vigie %s\n", vigie_version());
		return VIGIE_EXIT_OK;
	}
	if (first >= argc) {
		usage(stderr);
		return VIGIE_EXIT_USAGE;
	}
	argc -= first - 1;
	argv += first - 1;
	for (i = 0; i < VIGIE_ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, argv[1]))
			break;
	if (i == VIGIE_ARRAY_SIZE(commands)) {
		cli_error(N_("unknown command '%s' (see 'vigie --help')"), argv[1]);
		return VIGIE_EXIT_USAGE;
	}
	if (commands[i].no_global_init)
		return cli_flushed(commands[i].fn(argc - 1, argv + 1));
	/* libgit2 sets up TLS and SSH when the library first loads it */
	vigie_global_init_hooks(cli_tls_defer_begin, cli_tls_defer_end);
	rc = vigie_global_init();
	if (rc < 0) {
		cli_error(N_("cannot initialise libgit2 or libcurl"));
		return VIGIE_EXIT_INTERNAL;
	}
	rc = commands[i].fn(argc - 1, argv + 1);
	vigie_global_shutdown();
	return cli_flushed(rc);
}
