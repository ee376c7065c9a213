/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie badge: one repository's score as a badge (an audit's last format). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/vigie.h"
#include "cmd.h"
#include "../util/banned.h"

static const char usage_text[] = N_(
	"usage: vigie badge [--json] [AUDIT OPTIONS] [TARGET]\n"
	"\n"
	"Audit TARGET as 'vigie audit' does and print its overall score as an\n"
	"SVG badge (\"commons | 72/100\", coloured by score), or with --json as\n"
	"the answer of a shields.io endpoint badge. Every option of 'vigie\n"
	"audit' applies (-o FILE, --offline, --rules, --lang, --rev...).\n");

int cmd_badge(int argc, char **argv)
{
	const char *format = "badge";
	char **args;
	int i, n = 0, rc;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(cli_text(usage_text), stdout);
			return VIGIE_EXIT_OK;
		}
	args = calloc((size_t)argc + 3, sizeof(*args));
	if (!args) {
		cli_error(N_("out of memory"));
		return VIGIE_EXIT_INTERNAL;
	}
	args[n++] = argv[0];
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--json"))
			format = "badge-json";
	args[n++] = (char *)"--format";
	args[n++] = (char *)format;
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--json"))
			args[n++] = argv[i];
	rc = cmd_audit(n, args);
	free(args);
	return rc;
}
