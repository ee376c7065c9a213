/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie merge: join the output directories of shard runs into one. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/vigie.h"
#include "vigie/batch.h"
#include "cmd.h"
#include "../util/banned.h"

static const char usage_text[] = N_(
	"usage: vigie merge [--allow-partial] --out DIR SHARD_DIR...\n"
	"\n"
	"Join the outputs of 'vigie batch --shard K/N' runs into DIR: one\n"
	"results.jsonl sorted by repository, the previous records, and the\n"
	"summaries, as one unsharded run would have written them.\n"
	"\n"
	"options:\n"
	"  -o, --out DIR        where the joined run goes\n"
	"      --allow-partial  exit 0 even when a shard's run did not complete\n"
	"                       or lines that are not records were dropped\n"
	"      --lang LANG      summaries in en or fr (default: from the locale)\n"
	"  -h, --help           show this help\n");

enum { OPT_LANG = 256, OPT_ALLOW_PARTIAL };

static const struct option longopts[] = {
	{ "allow-partial", no_argument, NULL, OPT_ALLOW_PARTIAL },
	{ "help", no_argument, NULL, 'h' },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "out", required_argument, NULL, 'o' },
	{ NULL, 0, NULL, 0 },
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
	struct vigie_error err;
	const char *out = NULL, *lang = NULL;
	char *text = NULL;
	bool allow_partial = false, partial;
	size_t ndirs;
	int c, ex;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case OPT_ALLOW_PARTIAL: allow_partial = true; break;
		case OPT_LANG:
			if (cli_take_lang(&lang, optarg) < 0)
				return VIGIE_EXIT_USAGE;
			break;
		case 'h':
			fputs(cli_text(usage_text), stdout);
			return VIGIE_EXIT_OK;
		case ':':
			cli_error(N_("option '%s' needs a value"), argv[optind - 1]);
			return VIGIE_EXIT_USAGE;
		default:
			cli_error(N_("unknown option '%s' (see 'vigie merge --help')"),
				  argv[optind - 1]);
			return VIGIE_EXIT_USAGE;
		}
	}
	if (!out || optind >= argc) {
		cli_error(N_("usage: vigie merge --out DIR SHARD_DIR..."));
		return VIGIE_EXIT_USAGE;
	}
	ndirs = (size_t)(argc - optind);
	checks = calloc(ndirs, sizeof(*checks));
	if (!checks) {
		cli_error(N_("out of memory"));
		return VIGIE_EXIT_INTERNAL;
	}
	vigie_error_clear(&err);
	if (vigie_batch_merge(out, (const char *const *)argv + optind, ndirs,
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
	partial = report_checks(checks, argv + optind, ndirs);
	free(checks);
	ex = VIGIE_EXIT_OK;
	if (partial && !allow_partial) {
		cli_error(N_("the merge is incomplete; --allow-partial accepts it"));
		ex = VIGIE_EXIT_GATE;
	}
	return fflush(stdout) == 0 ? ex : VIGIE_EXIT_INTERNAL;
}
