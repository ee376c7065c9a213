/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie export: the results kept in a batch's vigie.sqlite, for spreadsheets. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigie/error.h"
#include "vigie/i18n.h"
#include "vigie/batch.h"
#include "cmd.h"
#include "opt.h"
#include "../util/banned.h"

static const char usage_text[] = N_(
	"usage: vigie export --db FILE [--format csv|jsonl] [--run N]\n"
	"                    [--since DATE] [--output FILE]\n"
	"\n"
	"Print the results a batch kept in its vigie.sqlite: one row per\n"
	"repository per run, oldest run first.\n"
	"\n"
	"options:\n");

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

static int take_format(const struct cli_opt_spec *spec, void *slot,
		       const char *arg)
{
	int *format = slot;

	(void)spec;
	for (*format = 0; *format < VIGIE_EXPORT_FORMAT_COUNT; (*format)++)
		if (!strcmp(arg, formats[*format]))
			return 0;
	cli_error(N_("--format takes csv or jsonl"));
	return -1;
}

static int take_since(const struct cli_opt_spec *spec, void *slot,
		      const char *arg)
{
	(void)spec;
	if (!is_date(arg)) {
		cli_error(N_("--since takes a date, YYYY-MM-DD"));
		return -1;
	}
	*(const char **)slot = arg;
	return 0;
}

struct export_cli {
	const char *db, *since, *output;
	long run;
	int format;
};

#define AT(field) offsetof(struct export_cli, field)

/* In the order of --help. */
static const struct cli_opt_spec options[] = {
	CLI_VALUE("db", 0, N_("FILE"),
		  N_("the database (a batch's OUT/vigie.sqlite)"), AT(db), NULL),
	CLI_VALUE("format", 'f', "FORMAT", N_("csv (default) or jsonl"),
		  AT(format), take_format),
	CLI_LONG("run", "N", N_("only the run with this id"), AT(run), 1, 1L << 40,
		 N_("--run takes a run id (a positive number)")),
	CLI_VALUE("since", 0, "DATE",
		  N_("only the runs started on or after DATE\n"
		     "(YYYY-MM-DD, or a time: YYYY-MM-DDTHH:MM:SSZ)"), AT(since),
		  take_since),
	CLI_VALUE("output", 'o', N_("FILE"),
		  N_("write to FILE instead of standard output"), AT(output),
		  NULL),
	CLI_HELP(N_("show this help")),
	CLI_END,
};

static const struct cli_cmd_spec command = {
	"export", usage_text, options, 25, NULL,
};

int cmd_export(int argc, char **argv)
{
	struct export_cli o = { NULL, NULL, NULL, 0, VIGIE_EXPORT_CSV };
	struct vigie_error err;
	const char *db, *since, *output;
	long run;
	int first, format, ex = VIGIE_EXIT_OK;
	FILE *f = stdout;

	ex = cli_opt_parse(&command, &o, argc, argv, &first);
	if (ex)
		return ex > 0 ? VIGIE_EXIT_OK : VIGIE_EXIT_USAGE;
	db = o.db;
	since = o.since;
	output = o.output;
	run = o.run;
	format = o.format;
	if (!db || first < argc) {
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
