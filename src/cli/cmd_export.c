/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie export: the results kept in a batch's vigie.sqlite, for spreadsheets. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigie/vigie.h"
#include "vigie/batch.h"
#include "cmd.h"
#include "../util/banned.h"

static const char usage_text[] = N_(
	"usage: vigie export --db FILE [--format csv|jsonl] [--run N]\n"
	"                    [--since DATE] [--output FILE]\n"
	"\n"
	"Print the results a batch kept in its vigie.sqlite: one row per\n"
	"repository per run, oldest run first.\n"
	"\n"
	"options:\n"
	"      --db FILE          the database (a batch's OUT/vigie.sqlite)\n"
	"  -f, --format FORMAT    csv (default) or jsonl\n"
	"      --run N            only the run with this id\n"
	"      --since DATE       only the runs started on or after DATE\n"
	"                         (YYYY-MM-DD, or a time: YYYY-MM-DDTHH:MM:SSZ)\n"
	"  -o, --output FILE      write to FILE instead of standard output\n"
	"  -h, --help             show this help\n");

enum { OPT_DB = 256, OPT_RUN, OPT_SINCE };

static const struct option longopts[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "output", required_argument, NULL, 'o' },
	{ "run", required_argument, NULL, OPT_RUN },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ NULL, 0, NULL, 0 },
};

/* Sorted by name, indexed by enum vigie_export_format. */
static const char *const formats[VIGIE_EXPORT_FORMAT_COUNT] = { "csv", "jsonl" };

static int to_file(const char *data, size_t n, void *payload)
{
	return fwrite(data, 1, n, payload) == n ? 0 : -1;
}

/* YYYY-MM-DD, optionally followed by THH:MM:SS and Z. */
static bool is_date(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i, n = strlen(s);

	if (n != 10 && n != 19 && n != 20)
		return false;
	for (i = 0; i < n; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return false;
	return true;
}

int cmd_export(int argc, char **argv)
{
	struct vigie_error err;
	const char *db = NULL, *since = NULL, *output = NULL;
	long run = 0;
	int c, format = VIGIE_EXPORT_CSV, ex = VIGIE_EXIT_OK;
	FILE *f = stdout;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: db = optarg; break;
		case 'f':
			for (format = 0; format < VIGIE_EXPORT_FORMAT_COUNT; format++)
				if (!strcmp(optarg, formats[format]))
					break;
			if (format == VIGIE_EXPORT_FORMAT_COUNT) {
				cli_error(N_("--format takes csv or jsonl"));
				return VIGIE_EXIT_USAGE;
			}
			break;
		case 'o': output = optarg; break;
		case OPT_RUN:
			if (!cli_parse_long(optarg, 1, 1L << 40, &run)) {
				cli_error(N_("--run takes a run id (a positive number)"));
				return VIGIE_EXIT_USAGE;
			}
			break;
		case OPT_SINCE:
			if (!is_date(optarg)) {
				cli_error(N_("--since takes a date, YYYY-MM-DD"));
				return VIGIE_EXIT_USAGE;
			}
			since = optarg;
			break;
		case 'h':
			fputs(cli_text(usage_text), stdout);
			return VIGIE_EXIT_OK;
		case ':':
			cli_error(N_("option '%s' needs a value"), argv[optind - 1]);
			return VIGIE_EXIT_USAGE;
		default:
			cli_error(N_("unknown option '%s' (see 'vigie export --help')"),
				  argv[optind - 1]);
			return VIGIE_EXIT_USAGE;
		}
	}
	if (!db || optind < argc) {
		cli_error(N_("usage: vigie export --db FILE [--format csv|jsonl]"));
		return VIGIE_EXIT_USAGE;
	}
	if (access(db, R_OK) != 0) {
		cli_error(N_("cannot read '%s': %s"), db, strerror(errno));
		return VIGIE_EXIT_TARGET;
	}
	if (output && !(f = fopen(output, "w"))) {
		cli_error(N_("cannot write '%s': %s"), output, strerror(errno));
		return VIGIE_EXIT_USAGE;
	}
	vigie_error_clear(&err);
	if (vigie_batch_export(db, (enum vigie_export_format)format, run, since,
			       to_file, f, &err) < 0) {
		cli_report_error(&err);
		ex = VIGIE_EXIT_TARGET;
	}
	if (fflush(f) != 0 && ex == VIGIE_EXIT_OK) {
		cli_error(N_("cannot write '%s': %s"), output ? output : "-",
			  strerror(errno));
		ex = VIGIE_EXIT_TARGET;
	}
	if (output)
		fclose(f);
	return ex;
}
