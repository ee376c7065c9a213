/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie badge: one repository's score as a badge (an audit's last format). */
#include <stdio.h>

#include "vigie/i18n.h"
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
	return cli_audit_badge(argc, argv, usage_text);
}
