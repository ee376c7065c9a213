/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie rules: list, explain and check rule packs. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/error.h"
#include "vigie/i18n.h"
#include "vigie/rules.h"
#include "cmd.h"
#include "opt.h"
#include "../util/banned.h"

static const char usage_text[] = N_(
	"usage: vigie rules list [--packs] [-R PACK]... [--lang LANG]\n"
	"       vigie rules explain RULE [-R PACK]... [--lang LANG]\n"
	"       vigie rules check PACK...\n"
	"\n"
	"list     the rules of the packs (default: communs), or with --packs\n"
	"         the packs shipped with vigie\n"
	"explain  what a rule checks, why, how to fix it, and its guide question\n"
	"check    validate pack files; errors are FILE:LINE:COLUMN: REASON\n");

struct rules_cli {
	struct cli_list packs;
	const char *lang;
	bool only_packs;
};

#define AT(field) offsetof(struct rules_cli, field)

/* In the order of --help. */
static const struct cli_opt_spec options[] = {
	CLI_TITLE(N_("\noptions:")),
	CLI_FLAG("packs", 0, N_("list: the packs shipped with vigie"),
		 AT(only_packs)),
	CLI_LIST("rules", 'R', "PACK",
		 N_("list, explain: a pack name or a .json file\n"
		    "(repeatable; default: communs)"), AT(packs)),
	CLI_VALUE("lang", 0, N_("LANG"), N_("en or fr (default: from the locale)"),
		  AT(lang), cli_opt_lang),
	CLI_HELP(N_("show this help")),
	CLI_END,
};

static const struct cli_cmd_spec command = {
	"rules", usage_text, options, 25, NULL, false,
};

static int list(const struct vigie_ruleset *rs, bool packs, enum vigie_lang l)
{
	const char *const *names;
	size_t i;

	if (packs) {
		for (names = vigie_rules_embedded(); *names; names++) {
			size_t n = strlen(*names) - 5; /* ".json" */
			printf("%.*s\n", (int)n, *names);
		}
		return VIGIE_EXIT_OK;
	}
	for (i = 0; i < vigie_ruleset_count(rs); i++) {
		const struct vigie_rule *r = vigie_ruleset_rule(rs, i);
		printf("%-36s %-12s %-5s %-8s %s\n", r->id, vigie_theme_name(r->theme),
		       r->guide, vigie_level_name(r->level),
		       vigie_rule_text(r, VIGIE_RULE_TITLE, l));
	}
	return VIGIE_EXIT_OK;
}

/* The guide's question, summarised in the language asked, else in English
 * (borrowed). */
static const char *guide_question(const char *q, enum vigie_lang l)
{
	static json_t *guide;
	size_t len;
	const char *data, *s;

	if (!guide && (data = vigie_rules_embedded_data("guide/questions.json", &len)))
		guide = json_loadb(data, len, 0, NULL);
	s = json_string_value(json_object_get(json_object_get(guide, q),
					      vigie_lang_name(l)));
	if (!s)
		s = json_string_value(json_object_get(json_object_get(guide, q),
						      "en"));
	return s;
}

static int explain(const struct vigie_ruleset *rs, const char *id,
		   enum vigie_lang l)
{
	const struct vigie_rule *r = vigie_ruleset_find(rs, id);
	json_t *refs;
	const char *q, *why;
	char *check;
	size_t i;

	if (!r) {
		cli_error(N_("no rule '%s' in the loaded packs"), id);
		return VIGIE_EXIT_USAGE;
	}
	check = json_dumps(json_object_get(r->source, "check"),
			   JSON_COMPACT | JSON_REAL_PRECISION(10));
	printf("%s: %s\n\n", r->id, vigie_rule_text(r, VIGIE_RULE_TITLE, l));
	cli_printf(N_("  pack:   %s\n  theme:  %s (guide question %s)\n"
		      "  level:  %s, weight %g\n\n"),
		   r->pack, vigie_theme_name(r->theme), r->guide,
		   vigie_level_name(r->level), r->weight);
	why = vigie_rule_text(r, VIGIE_RULE_DESCRIPTION, l);
	if (why)
		printf("%s:\n  %s\n\n", cli_text(N_("Why")), why);
	printf("%s:\n  %s\n\n", cli_text(N_("How to fix")),
	       vigie_rule_text(r, VIGIE_RULE_REMEDIATION, l));
	q = guide_question(r->guide, l);
	if (q)
		printf("%s:\n  %s %s\n\n", cli_text(N_("Guide question")), r->guide, q);
	refs = json_object_get(r->source, "references");
	for (i = 0; i < json_array_size(refs); i++)
		if (json_is_string(json_array_get(refs, i)))
			printf("%s: %s\n", cli_text(N_("See also")),
			       json_string_value(json_array_get(refs, i)));
	cli_printf(N_("check: %s\n"), check ? check : "?");
	free(check);
	return VIGIE_EXIT_OK;
}

static int check(char **files, int n)
{
	int i, bad = 0;

	if (n == 0) {
		cli_error(N_("rules check needs at least one pack file"));
		return VIGIE_EXIT_USAGE;
	}
	for (i = 0; i < n; i++) {
		struct vigie_ruleset *rs = vigie_ruleset_new();
		struct vigie_error err;

		vigie_error_clear(&err);
		if (!rs)
			return VIGIE_EXIT_INTERNAL;
		if (vigie_ruleset_load(rs, files[i], &err) < 0) {
			cli_report_error(&err);
			bad++;
		} else {
			cli_printf(N_("%s: %zu rules, ok\n"), files[i],
			       vigie_ruleset_count(rs));
		}
		vigie_ruleset_free(rs);
	}
	return bad ? VIGIE_EXIT_RULES : VIGIE_EXIT_OK;
}

int cmd_rules(int argc, char **argv)
{
	struct rules_cli o;
	struct vigie_ruleset *rs;
	const char *verb;
	int ex, l, first;

	if (argc < 2) {
		cli_opt_usage(&command, stderr);
		return VIGIE_EXIT_USAGE;
	}
	verb = argv[1];
	memset(&o, 0, sizeof(o));
	/* The verb is the first word: options come after it. */
	ex = cli_opt_parse(&command, &o, argc - 1, argv + 1, &first);
	if (ex)
		return ex > 0 ? VIGIE_EXIT_OK : VIGIE_EXIT_USAGE;
	if (!strcmp(verb, "--help") || !strcmp(verb, "-h")) {
		cli_opt_usage(&command, stdout);
		return VIGIE_EXIT_OK;
	}
	/* Files only: --packs and --rules mean nothing to check. */
	if (!strcmp(verb, "check"))
		return check(argv + 1 + first, argc - 1 - first);
	l = cli_lang(o.lang);
	ex = cli_load_rules(&rs, o.packs.v, o.packs.n);
	if (ex)
		return ex;
	if (!strcmp(verb, "list")) {
		ex = list(rs, o.only_packs, (enum vigie_lang)l);
	} else if (!strcmp(verb, "explain")) {
		if (first >= argc - 1) {
			cli_error(N_("rules explain needs a rule id"));
			ex = VIGIE_EXIT_USAGE;
		} else {
			ex = explain(rs, argv[1 + first], (enum vigie_lang)l);
		}
	} else {
		cli_error(N_("unknown rules command '%s' (list, explain, check)"), verb);
		ex = VIGIE_EXIT_USAGE;
	}
	vigie_ruleset_free(rs);
	return ex;
}
