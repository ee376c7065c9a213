/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie fix: draft the community files an audit finds missing. */
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/common.h"
#include "vigie/error.h"
#include "vigie/buf.h"
#include "vigie/i18n.h"
#include "vigie/rules.h"
#include "vigie/scorecard.h"
#include "vigie/report.h"
#include "vigie/audit.h"
#include "vigie/fix.h"
#include "cmd.h"
#include "opt.h"
#include "../util/banned.h"

static const char usage_text[] = N_(
	"usage: vigie fix [TARGET] [options]\n"
	"\n"
	"Audit TARGET (default: the current directory) and draft the\n"
	"community files it lacks (CONTRIBUTING, CODE_OF_CONDUCT, GOVERNANCE,\n"
	"SECURITY, CHANGELOG, publiccode.yml, codemeta.json, issue and pull\n"
	"request templates, LICENSE), filled from its facts.  An existing\n"
	"file is never overwritten.\n"
	"\n"
	"options:\n");

struct fix_cli {
	struct cli_audit a; /* --rules, --identities, --offline */
	const char *target;
	struct cli_list only;
	const char *lang;
	const char *branch;
	const char *license;
	bool dry_run, write, amend;
};

#define AT(field) offsetof(struct fix_cli, field)

/* In the order of --help. */
static const struct cli_opt_spec options[] = {
	CLI_FLAG("dry-run", 0,
		 N_("print the drafts as a unified diff (default)"), AT(dry_run)),
	CLI_FLAG("write", 0, N_("write them into the work tree"), AT(write)),
	CLI_VALUE("branch", 0, N_("NAME"),
		  N_("commit them on a new branch NAME (index and\n"
		     "work tree untouched; bare repositories too)"), AT(branch),
		  NULL),
	CLI_FLAG("amend", 0,
		 N_("append a marked section to a file that fails\n"
		    "a content rule"), AT(amend)),
	CLI_LIST("only", 0, N_("RULE"),
		 N_("only the drafts answering RULE (repeatable)"), AT(only)),
	CLI_VALUE("license", 0, "ID", N_("draft LICENSE from the text of ID (SPDX)"),
		  AT(license), NULL),
	CLI_VALUE("lang", 0, N_("LANG"),
		  N_("the drafts' language: en or fr (default: from\n"
		     "the locale)"), AT(lang), cli_opt_lang),
	CLI_SHARED(&cli_audit_history[CLI_AUDIT_IDENTITIES], AT(a), NULL,
		   N_("list the history's top authors as maintainers")),
	CLI_SHARED(&cli_audit_rules, AT(a), NC_("fix", "PACK"),
		   NC_("fix", "a pack name or a .json file (repeatable;\n"
			      "default: communs)")),
	CLI_SHARED(&cli_audit_network[CLI_AUDIT_OFFLINE], AT(a), NULL,
		   N_("no network: forge facts are skipped")),
	CLI_HELP(N_("show this help")),
	CLI_END,
};

static const struct cli_cmd_spec command = {
	"fix", usage_text, options, 25, NULL,
};

static int parse_args(struct fix_cli *o, int argc, char **argv)
{
	int rc, first;

	memset(o, 0, sizeof(*o));
	cli_audit_init(&o->a);
	rc = cli_opt_parse(&command, o, argc, argv, &first);
	if (rc)
		return rc;
	if (first < argc)
		o->target = argv[first++];
	if (first < argc) {
		cli_error(N_("unexpected argument '%s'"), argv[first]);
		return -1;
	}
	if (o->write && o->branch) {
		cli_error(N_("--write and --branch cannot be used together"));
		return -1;
	}
	return 0;
}

/* Every --only names a rule of the packs loaded. */
static int check_only(const struct fix_cli *o, const struct vigie_ruleset *rs)
{
	size_t i;

	for (i = 0; i < o->only.n; i++)
		if (!vigie_ruleset_find(rs, o->only.v[i])) {
			cli_error(N_("--only: no rule '%s' in the packs loaded"),
				  o->only.v[i]);
			return VIGIE_EXIT_USAGE;
		}
	return VIGIE_EXIT_OK;
}

/* fprintf with fmt translated (mark it N_). */
static void tr_fprintf(FILE *f, const char *fmt, ...) VIGIE_PRINTF(2, 3);
static void tr_fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(f, cli_text(fmt), ap);
	va_end(ap);
}

static void escaped(FILE *f, const char *s)
{
	struct vigie_buf b = VIGIE_BUF_INIT;

	vigie_escape_text(&b, s ? s : "", s ? strlen(s) : 0);
	fputs(b.ptr ? b.ptr : "", f);
	vigie_buf_release(&b);
}

/* What is left for a person: TODO lines of the drafts, rules unanswered. */
static void checklist(FILE *f, const struct vigie_fix *fix)
{
	const json_t *v;
	size_t i, j;
	bool any = false;

	for (i = 0; i < fix->count; i++)
		any |= json_array_size(fix->files[i].todo) > 0;
	if (any) {
		fputs(cli_text(N_("left for a person in the drafts:\n")), f);
		for (i = 0; i < fix->count; i++)
			json_array_foreach(fix->files[i].todo, j, v) {
				const char *text = json_string_value(
					json_object_get(v, "text"));
				size_t k, same = 0;

				/* A line said already in this file is counted. */
				for (k = 0; k < j; k++)
					if (!strcmp(text, json_string_value(json_object_get(
						    json_array_get(fix->files[i].todo, k),
						    "text"))))
						break;
				if (k < j)
					continue;
				for (k = j + 1; k < json_array_size(fix->files[i].todo); k++)
					same += !strcmp(text, json_string_value(json_object_get(
						json_array_get(fix->files[i].todo, k),
						"text")));
				fputs("  - [ ] ", f);
				escaped(f, fix->files[i].path);
				fprintf(f, ":%lld: ",
					(long long)json_integer_value(
						json_object_get(v, "line")));
				escaped(f, text);
				if (same)
					tr_fprintf(f, N_(" (and %zu more like it)"),
						   same);
				fputc('\n', f);
			}
	}
	if (json_array_size(fix->left)) {
		fputs(cli_text(N_("failing rules no draft answers:\n")), f);
		json_array_foreach(fix->left, j, v) {
			fputs("  - [ ] ", f);
			escaped(f, json_string_value(json_object_get(v, "id")));
			fputs(": ", f);
			escaped(f, json_string_value(json_object_get(v, "title")));
			if (json_string_value(json_object_get(v, "hint"))) {
				fputs(" (", f);
				fputs(cli_text(json_string_value(
					      json_object_get(v, "hint"))),
				      f);
				fputc(')', f);
			}
			fputc('\n', f);
		}
	}
}

static int apply(const struct fix_cli *o, const struct vigie_fix *fix,
		 const char *gitdir, const char *workdir)
{
	struct vigie_error err;
	struct vigie_buf diff = VIGIE_BUF_INIT;
	char oid[41];
	size_t i;
	int ex = VIGIE_EXIT_OK;

	vigie_error_clear(&err);
	if (o->branch) {
		if (vigie_fix_branch(oid, fix, gitdir, o->branch,
				     cli_text(N_("Add community files drafted by vigie fix\n")),
				     &err) < 0) {
			cli_report_error(&err);
			return err.code == VIGIE_EINVALID ? VIGIE_EXIT_USAGE
							  : VIGIE_EXIT_INTERNAL;
		}
		cli_printf(N_("branch %s: commit %s with %zu files\n"), o->branch,
			   oid, fix->count);
	} else if (o->write) {
		if (vigie_fix_write(fix, workdir, &err) < 0) {
			cli_report_error(&err);
			return VIGIE_EXIT_TARGET;
		}
		for (i = 0; i < fix->count; i++) {
			struct vigie_buf p = VIGIE_BUF_INIT;
			const char *path = fix->files[i].path;

			vigie_escape_text(&p, path, strlen(path));
			if (fix->files[i].append)
				cli_printf(N_("amended %s\n"), p.ptr ? p.ptr : "");
			else
				cli_printf(N_("wrote %s\n"), p.ptr ? p.ptr : "");
			vigie_buf_release(&p);
		}
	} else {
		if (vigie_fix_diff(&diff, fix, &err) < 0) {
			cli_report_error(&err);
			ex = VIGIE_EXIT_INTERNAL;
		} else {
			fwrite(diff.ptr ? diff.ptr : "", 1, diff.len, stdout);
		}
		vigie_buf_release(&diff);
	}
	return ex;
}

int cmd_fix(int argc, char **argv)
{
	struct fix_cli o;
	struct vigie_audit_opts ao;
	struct vigie_fix_opts fo;
	struct vigie_scorecard sc;
	struct vigie_fix fix;
	struct vigie_ruleset *rs = NULL;
	struct vigie_error err;
	enum vigie_stage stage;
	char *gitdir = NULL, *workdir = NULL;
	const char *target;
	int rc, ex;

	rc = parse_args(&o, argc, argv);
	if (rc)
		return rc > 0 ? VIGIE_EXIT_OK : VIGIE_EXIT_USAGE;
	target = o.target ? o.target : ".";
	vigie_error_clear(&err);
	memset(&sc, 0, sizeof(sc));
	memset(&fix, 0, sizeof(fix));
	ex = cli_load_rules(&rs, o.a.rules.v, o.a.rules.n);
	if (ex)
		return ex;
	ex = check_only(&o, rs);
	if (ex)
		goto out;
	if (o.branch && vigie_fix_check_branch(o.branch, &err) < 0) {
		cli_report_error(&err);
		ex = VIGIE_EXIT_USAGE;
		goto out;
	}

	vigie_audit_options_init(&ao, VIGIE_AUDIT_OPTIONS_VERSION);
	ao.rules = rs;
	ao.source.offline = o.a.offline;
	ao.collect.offline = o.a.offline;
	ao.collect.identities = o.a.identities;
	if (vigie_audit_run(&sc, &stage, target, &ao, &err) < 0) {
		cli_report_error(&err);
		ex = stage <= VIGIE_STAGE_SNAPSHOT ? VIGIE_EXIT_TARGET
						   : VIGIE_EXIT_INTERNAL;
		goto out;
	}
	/* The audit opened it already: no network needed again. */
	if (vigie_fix_locate(&gitdir, &workdir, target, true, &err) < 0) {
		cli_report_error(&err);
		ex = VIGIE_EXIT_TARGET;
		goto out;
	}
	if (o.write && !workdir) {
		cli_error(N_("--write needs a work tree; use --branch for a bare "
			     "or remote repository"));
		ex = VIGIE_EXIT_USAGE;
		goto out;
	}

	vigie_fix_opts_init(&fo);
	fo.lang = (enum vigie_lang)cli_lang(o.lang);
	fo.only = o.only.v;
	fo.nonly = o.only.n;
	fo.amend = o.amend;
	fo.license = o.license;
	/* A branch is made from HEAD's tree: the work tree does not count. */
	fo.workdir = o.branch ? NULL : workdir;
	if (vigie_fix_plan(&fix, &sc, gitdir, &fo, &err) < 0) {
		cli_report_error(&err);
		ex = err.code == VIGIE_ENOTFOUND ? VIGIE_EXIT_USAGE
						 : VIGIE_EXIT_INTERNAL;
		goto out;
	}
	if (!fix.count) {
		cli_error(N_("nothing to draft: no missing file vigie fix knows"));
		checklist(stderr, &fix);
		goto out;
	}
	ex = apply(&o, &fix, gitdir, workdir);
	if (ex == VIGIE_EXIT_OK)
		checklist(o.write || o.branch ? stdout : stderr, &fix);
out:
	vigie_fix_release(&fix);
	vigie_scorecard_release(&sc);
	vigie_ruleset_free(rs);
	free(gitdir);
	free(workdir);
	return ex;
}
