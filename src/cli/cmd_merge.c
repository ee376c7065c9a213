/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie merge: join the output directories of shard runs into one. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/vigie.h"
#include "vigie/batch.h"
#include "cmd.h"
#include "banned.h"

static const char usage_text[] = N_(
	"usage: vigie merge --out DIR SHARD_DIR...\n"
	"\n"
	"Join the outputs of 'vigie batch --shard K/N' runs into DIR: one\n"
	"results.jsonl sorted by repository, the previous records, and the\n"
	"summaries, as one unsharded run would have written them.\n"
	"\n"
	"options:\n"
	"  -o, --out DIR   where the joined run goes\n"
	"      --lang LANG summaries in en or fr (default: from the locale)\n"
	"  -h, --help      show this help\n");

enum { OPT_LANG = 256 };

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "out", required_argument, NULL, 'o' },
	{ NULL, 0, NULL, 0 },
};

int cmd_merge(int argc, char **argv)
{
	struct vigie_error err;
	const char *out = NULL, *lang = NULL;
	char *text = NULL;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
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
	vigie_error_clear(&err);
	if (vigie_batch_merge(out, (const char *const *)argv + optind,
			      (size_t)(argc - optind),
			      (enum vigie_lang)cli_lang(lang), &text, &err) < 0) {
		cli_report_error(&err);
		free(text);
		return err.code == VIGIE_EINVALID || err.code == VIGIE_ENOTFOUND
			       ? VIGIE_EXIT_USAGE
			       : VIGIE_EXIT_INTERNAL;
	}
	fputs(text, stdout);
	free(text);
	return VIGIE_EXIT_OK;
}
