/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie merge: join the output directories of shard runs into one. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/common.h"
#include "vigie/error.h"
#include "vigie/i18n.h"
#include "vigie/rules.h"
#include "vigie/batch.h"
#include "cmd.h"
#include "opt.h"
#include "../util/banned.h"

static const char usage_text[] = N_(
	"usage: vigie merge [--allow-partial] --out DIR SHARD_DIR...\n"
	"\n"
	"Join the outputs of 'vigie batch --shard K/N' runs into DIR: one\n"
	"results.jsonl sorted by repository, the previous records, and the\n"
	"summaries, as one unsharded run would have written them.\n"
	"\n"
	"options:\n");

struct merge_cli {
	const char *out, *lang;
	bool allow_partial;
};

#define AT(field) offsetof(struct merge_cli, field)

/* In the order of --help. */
static const struct cli_opt_spec options[] = {
	CLI_VALUE("out", 'o', N_("DIR"), N_("where the joined run goes"), AT(out),
		  NULL),
	CLI_FLAG("allow-partial", 0,
		 N_("exit 0 even when a shard's run did not complete\n"
		    "or lines that are not records were dropped"),
		 AT(allow_partial)),
	CLI_VALUE("lang", 0, N_("LANG"),
		  N_("summaries in en or fr (default: from the locale)"), AT(lang),
		  cli_opt_lang),
	CLI_HELP(N_("show this help")),
	CLI_END,
};

static const struct cli_cmd_spec command = {
	"merge", usage_text, options, 23, NULL,
};

/*
 * One line for each shard output that lacked something; true when one did.
 * The merge joined what there was either way.
 */
static bool report_checks(const struct vigie_batch_shard_check *checks,
			  char *const *dirs, size_t ndirs)
{
	bool partial = false;
	size_t i;

	for (i = 0; i < ndirs; i++) {
		if (checks[i].interrupted) {
			cli_error(N_("%s: its run did not complete (finish it with "
				  "'vigie batch --resume')"), dirs[i]);
			partial = true;
		}
		if (checks[i].dropped) {
			cli_error(N_("%s: lines dropped, not whole records: %zu"),
				  dirs[i], checks[i].dropped);
			partial = true;
		}
	}
	return partial;
}

int cmd_merge(int argc, char **argv)
{
	struct vigie_batch_shard_check *checks = NULL;
	struct merge_cli o = { NULL, NULL, false };
	struct vigie_error err;
	const char *out, *lang;
	char *text = NULL;
	bool allow_partial, partial;
	size_t ndirs;
	int c, ex, first;

	c = cli_opt_parse(&command, &o, argc, argv, &first);
	if (c)
		return c > 0 ? VIGIE_EXIT_OK : VIGIE_EXIT_USAGE;
	out = o.out;
	lang = o.lang;
	allow_partial = o.allow_partial;
	if (!out || first >= argc) {
		cli_error(N_("usage: vigie merge --out DIR SHARD_DIR..."));
		return VIGIE_EXIT_USAGE;
	}
	ndirs = (size_t)(argc - first);
	checks = calloc(ndirs, sizeof(*checks));
	if (!checks) {
		cli_error(N_("out of memory"));
		return VIGIE_EXIT_INTERNAL;
	}
	vigie_error_clear(&err);
	if (vigie_batch_merge(out, (const char *const *)argv + first, ndirs,
			      (enum vigie_lang)cli_lang(lang), checks, &text,
			      &err) < 0) {
		cli_report_error(&err);
		free(text);
		free(checks);
		if (err.code == VIGIE_EINVALID || err.code == VIGIE_ENOTFOUND)
			return VIGIE_EXIT_USAGE;
		/*
		 * Busy, or a directory or file that cannot be used (it is
		 * named): as for vigie batch.  Else out of memory.
		 */
		return err.code == VIGIE_EBUSY || err.where[0] ? VIGIE_EXIT_TARGET
							       : VIGIE_EXIT_INTERNAL;
	}
	fputs(text, stdout);
	free(text);
	partial = report_checks(checks, argv + first, ndirs);
	free(checks);
	ex = VIGIE_EXIT_OK;
	if (partial && !allow_partial) {
		cli_error(N_("the merge is incomplete; --allow-partial accepts it"));
		ex = VIGIE_EXIT_GATE;
	}
	return fflush(stdout) == 0 ? ex : VIGIE_EXIT_INTERNAL;
}
