/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie hook: a pre-push hook that gates the release tags being pushed. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigie/common.h"
#include "vigie/error.h"
#include "vigie/buf.h"
#include "vigie/i18n.h"
#include "vigie/rules.h"
#include "vigie/scorecard.h"
#include "vigie/gate.h"
#include "vigie/report.h"
#include "vigie/audit.h"
#include "cmd.h"
#include "opt.h"
#include "vigie/fs.h"
#include "../util/banned.h"

#define MAX_LINE 4096   /* one pre-push line: two refs and two ids */
#define MAX_REFS 100000 /* lines read from git, at most */
#define HOOK_MARK "# vigie-hook: pre-push v1"
#define CHAINED_SUFFIX ".vigie-chained"

static const char usage_text[] = N_(
	"usage: vigie hook install [GATE OPTIONS] [--all-refs] [-R PACK]...\n"
	"       vigie hook uninstall\n"
	"       vigie hook run [GATE OPTIONS] [--all-refs] [-R PACK]... [REMOTE [URL]]\n"
	"\n"
	"install    write a pre-push hook in the current repository (honouring\n"
	"           core.hooksPath); an existing hook is kept and run after vigie\n"
	"uninstall  remove vigie's hook and put the previous one back\n"
	"run        what the hook runs: read git's pre-push lines on stdin and\n"
	"           audit each pushed tag's commit offline, from the object\n"
	"           database; exit 1 (refusing the push) when a gate fails\n"
	"\n"
	"gate options (default: --fail-on error):\n");

struct hook_cli {
	struct vigie_gate gate;
	struct cli_audit a; /* --rules, --as-of and the history */
	const char *lang;
	bool all_refs;
	/* The options as given, for install to write into the hook. */
	struct vigie_buf args;
	int first_arg; /* first positional argument */
};

/* Append s to b as one single-quoted shell word. */
static void shell_quote(struct vigie_buf *b, const char *s)
{
	vigie_buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			vigie_buf_puts(b, "'\\''");
		else
			vigie_buf_putc(b, *s);
	}
	vigie_buf_putc(b, '\'');
}

/*
 * Write a value into the hook's options; a pack file is written as an
 * absolute path, since the hook runs at the top of the work tree.
 */
static void record(struct hook_cli *o, const char *opt, const char *value)
{
	char *abs = NULL;

	size_t n = strlen(value);

	if (!strcmp(opt, "rules") &&
	    (strchr(value, '/') || (n > 5 && !strcmp(value + n - 5, ".json"))))
		abs = realpath(value, NULL);
	vigie_buf_printf(&o->args, " --%s ", opt);
	shell_quote(&o->args, abs ? abs : value);
	free(abs);
}

/* Each option given, for the hook's command line. */
static void seen(void *opts, const struct cli_opt_spec *spec, const char *arg)
{
	struct hook_cli *o = opts;

	if (arg)
		record(o, spec->name, arg);
	else
		vigie_buf_printf(&o->args, " --%s", spec->name);
}

#define AT(field) offsetof(struct hook_cli, field)
#define GATE(which, help) CLI_SHARED(&cli_gate_opts[which], AT(gate), NULL, help)

/* In the order of --help. */
static const struct cli_opt_spec options[] = {
	GATE(0, N_("refuse when the overall score is under N;\n"
		   "THEME=N for a theme's score (repeatable)")),
	GATE(1, N_("refuse unless RULE passes (repeatable)")),
	GATE(2, N_("refuse when a rule of LEVEL (error, warning,\n"
		   "note) or more severe fails")),
	CLI_TITLE(N_("other options:")),
	CLI_FLAG("all-refs", 0, N_("gate branch pushes too, not only tags"),
		 AT(all_refs)),
	CLI_SHARED(&cli_audit_history[CLI_AUDIT_AS_OF], AT(a), NULL,
		   N_("ages count from WHEN: now (default), commit\n"
		      "or a date (YYYY-MM-DD, ISO 8601)")),
	CLI_GROUP(cli_audit_history, AT(a)),
	CLI_SHARED(&cli_audit_rules, AT(a), NULL,
		   NC_("hook", "a pack name or a .json file (repeatable)")),
	CLI_VALUE("lang", 0, N_("LANG"), N_("en or fr (default: from the locale)"),
		  AT(lang), cli_opt_lang),
	CLI_HELP(N_("show this help")),
	CLI_END,
};

static const struct cli_cmd_spec command = {
	"hook", usage_text, options, 25, seen,
};

static int parse_args(struct hook_cli *o, int argc, char **argv)
{
	int rc;

	memset(o, 0, sizeof(*o));
	cli_audit_init(&o->a);
	vigie_gate_init(&o->gate);
	rc = cli_opt_parse(&command, o, argc, argv, &o->first_arg);
	if (rc)
		return rc;
	if (!vigie_gate_active(&o->gate))
		vigie_gate_parse_fail_on(&o->gate, "error", NULL);
	return 0;
}

/*
 * The hooks directory git uses for the current repository, core.hooksPath
 * included, as git itself computes it.  NULL (with a message) when the
 * current directory is not in a repository.
 */
static char *hooks_dir(void)
{
	char line[4096];
	FILE *p = popen("git rev-parse --git-path hooks 2>/dev/null", "r");
	size_t n;
	int st;

	if (!p) {
		cli_error(N_("cannot run git: %s"), strerror(errno));
		return NULL;
	}
	if (!fgets(line, sizeof(line), p))
		line[0] = '\0';
	st = pclose(p);
	n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	if (st != 0 || !n) {
		cli_error(N_("not in a git repository (or git is missing)"));
		return NULL;
	}
	return strdup(line);
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Does the file at path carry vigie's mark? */
static bool is_ours(const char *path)
{
	char head[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	n = fread(head, 1, sizeof(head) - 1, f);
	fclose(f);
	head[n] = '\0';
	return strstr(head, HOOK_MARK) != NULL;
}

/* The absolute path of this vigie, so the hook runs the same build. */
static void self_path(struct vigie_buf *b)
{
	char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (n > 0) {
		path[n] = '\0';
		shell_quote(b, path);
	} else {
		vigie_buf_puts(b, "vigie");
	}
}

static int write_hook(const char *path, const struct hook_cli *o)
{
	struct vigie_buf s = VIGIE_BUF_INIT;
	int rc;

	vigie_buf_puts(&s, "#!/bin/sh\n" HOOK_MARK "\n"
		       "# Installed by 'vigie hook install': it refuses to push a "
		       "release tag\n"
		       "# that fails the gate.  'vigie hook uninstall' puts back "
		       "the hook it\n"
		       "# replaced, which it runs afterwards (pre-push" CHAINED_SUFFIX
		       ").\n"
		       "# Both need git's lines on stdin, so they are read once.\n"
		       "input=$(cat)\n"
		       "replay() { [ -z \"$input\" ] || printf '%s\\n' \"$input\"; }\n"
		       "vigie=");
	self_path(&s);
	vigie_buf_puts(&s, "\n[ -x \"$vigie\" ] || vigie=vigie\n"
		       "replay | \"$vigie\" hook run");
	vigie_buf_add(&s, o->args.ptr ? o->args.ptr : "", o->args.len);
	vigie_buf_puts(&s, " -- \"$@\" || exit $?\n"
		       "chained=\"$0" CHAINED_SUFFIX "\"\n"
		       "if [ -x \"$chained\" ]; then\n"
		       "\treplay | \"$chained\" \"$@\" || exit $?\n"
		       "fi\n"
		       "exit 0\n");
	if (!s.ptr) {
		cli_error(N_("out of memory"));
		return -1;
	}
	rc = vigie_write_atomic(path, s.ptr, s.len);
	if (rc == 0)
		rc = chmod(path, 0755);
	if (rc < 0)
		cli_error(N_("cannot write '%s': %s"), path, strerror(errno));
	vigie_buf_release(&s);
	return rc;
}

/*
 * What install and uninstall share: no argument after the verb, the hooks
 * directory (malloc'd) and the paths of the hook and of the one it chains.
 */
static int hook_paths(const struct hook_cli *o, int argc, char **argv,
		      char **dir, struct vigie_buf *hook, struct vigie_buf *chained)
{
	if (o->first_arg < argc) {
		cli_error(N_("unexpected argument '%s'"), argv[o->first_arg]);
		return VIGIE_EXIT_USAGE;
	}
	*dir = hooks_dir();
	if (!*dir)
		return VIGIE_EXIT_TARGET;
	vigie_buf_printf(hook, "%s/pre-push", *dir);
	vigie_buf_printf(chained, "%s/pre-push" CHAINED_SUFFIX, *dir);
	return VIGIE_EXIT_OK;
}

static int install(const struct hook_cli *o, int argc, char **argv)
{
	struct vigie_buf hook = VIGIE_BUF_INIT, chained = VIGIE_BUF_INIT;
	char *dir = NULL;
	int ex;

	ex = hook_paths(o, argc, argv, &dir, &hook, &chained);
	if (ex != VIGIE_EXIT_OK)
		return ex;
	/* A hook whose --require names no rule would refuse every tag. */
	{
		struct vigie_ruleset *rs = NULL;
		ex = cli_load_rules(&rs, o->a.rules.v, o->a.rules.n);
		if (ex == VIGIE_EXIT_OK)
			ex = cli_check_required(&o->gate, rs);
		vigie_ruleset_free(rs);
		if (ex != VIGIE_EXIT_OK)
			goto out;
	}
	ex = VIGIE_EXIT_TARGET;
	if (vigie_mkdirs(dir) < 0) {
		cli_error(N_("cannot create '%s': %s"), dir, strerror(errno));
		goto out;
	}
	if (exists(hook.ptr) && !is_ours(hook.ptr)) {
		if (exists(chained.ptr)) {
			cli_error(N_("cannot install: '%s' exists and so does '%s'; "
				  "move one of them away"), hook.ptr, chained.ptr);
			goto out;
		}
		if (rename(hook.ptr, chained.ptr) < 0) {
			cli_error(N_("cannot keep '%s': %s"), hook.ptr, strerror(errno));
			goto out;
		}
		cli_error(N_("kept the existing hook as '%s'; it runs after vigie"),
			  chained.ptr);
	}
	if (write_hook(hook.ptr, o) < 0) {
		ex = VIGIE_EXIT_INTERNAL;
		goto out;
	}
	cli_error(N_("installed '%s'"), hook.ptr);
	ex = VIGIE_EXIT_OK;
out:
	vigie_buf_release(&hook);
	vigie_buf_release(&chained);
	free(dir);
	return ex;
}

static int uninstall(const struct hook_cli *o, int argc, char **argv)
{
	struct vigie_buf hook = VIGIE_BUF_INIT, chained = VIGIE_BUF_INIT;
	char *dir = NULL;
	int ex;

	ex = hook_paths(o, argc, argv, &dir, &hook, &chained);
	if (ex != VIGIE_EXIT_OK)
		return ex;
	ex = VIGIE_EXIT_TARGET;
	if (!exists(hook.ptr)) {
		cli_error(N_("no pre-push hook in '%s'"), dir);
		ex = VIGIE_EXIT_OK;
		goto out;
	}
	if (!is_ours(hook.ptr)) {
		cli_error(N_("'%s' was not installed by vigie; left alone"), hook.ptr);
		goto out;
	}
	if (exists(chained.ptr)) {
		if (rename(chained.ptr, hook.ptr) < 0) {
			cli_error(N_("cannot restore '%s': %s"), chained.ptr,
				  strerror(errno));
			goto out;
		}
		cli_error(N_("restored the previous hook '%s'"), hook.ptr);
	} else {
		if (unlink(hook.ptr) < 0) {
			cli_error(N_("cannot remove '%s': %s"), hook.ptr, strerror(errno));
			goto out;
		}
		cli_error(N_("removed '%s'"), hook.ptr);
	}
	ex = VIGIE_EXIT_OK;
out:
	vigie_buf_release(&hook);
	vigie_buf_release(&chained);
	free(dir);
	return ex;
}

/* One line of git's pre-push input. */
struct push_ref {
	char local_ref[MAX_LINE];
	char local_id[80];
	char remote_ref[MAX_LINE];
};

static bool is_hex_id(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return !s[n] && (n == 40 || n == 64);
}

static bool is_zero_id(const char *s)
{
	return strspn(s, "0") == strlen(s);
}

/* Split "LOCAL_REF LOCAL_ID REMOTE_REF REMOTE_ID"; false when malformed. */
static bool parse_line(struct push_ref *r, char *line)
{
	char *f[4], *save = NULL;
	int n = 0;

	for (char *t = strtok_r(line, " \t\r\n", &save); t && n < 5;
	     t = strtok_r(NULL, " \t\r\n", &save))
		if (n++ < 4)
			f[n - 1] = t;
	if (n != 4 || strlen(f[1]) >= sizeof(r->local_id) || !is_hex_id(f[1]))
		return false;
	snprintf(r->local_ref, sizeof(r->local_ref), "%s", f[0]);
	snprintf(r->local_id, sizeof(r->local_id), "%s", f[1]);
	snprintf(r->remote_ref, sizeof(r->remote_ref), "%s", f[2]);
	return true;
}

struct gate_run {
	const struct hook_cli *o;
	const struct vigie_ruleset *rs;
	const char *target;
	enum vigie_lang lang;
	bool color;
	char done[64][80]; /* ids already audited (a tag and its branch...) */
	int done_ex[64];
	size_t ndone;
};

/* Audit one pushed object; returns an exit code. */
static int gate_one(struct gate_run *g, const struct push_ref *r)
{
	struct vigie_audit_opts ao;
	struct vigie_scorecard sc;
	struct vigie_report_opts ro = VIGIE_REPORT_OPTIONS_INIT;
	struct vigie_error err, why;
	struct vigie_buf out = VIGIE_BUF_INIT;
	enum vigie_stage stage;
	size_t i;
	int ex;

	ro.lang = g->lang;
	ro.color = g->color;
	for (i = 0; i < g->ndone; i++)
		if (!strcmp(g->done[i], r->local_id))
			return g->done_ex[i];
	vigie_error_clear(&err);
	vigie_audit_options_init(&ao, VIGIE_AUDIT_OPTIONS_VERSION);
	/* No limit of time: the objects are local, the push waits. */
	cli_audit_apply(&g->o->a, 0, &ao);
	ao.rev = r->local_id;
	ao.rules = g->rs;
	ao.source.offline = true;
	ao.collect.offline = true;
	if (vigie_audit_run(&sc, &stage, g->target, &ao, &err) < 0) {
		cli_report_error(&err);
		cli_error(N_("refusing the push of %s: it could not be audited"),
			  r->remote_ref);
		return VIGIE_EXIT_TARGET;
	}
	/* Name the pushed ref rather than the object id given as --rev. */
	free(sc.ref);
	sc.ref = strdup(strncmp(r->remote_ref, "refs/tags/", 10)
				? r->remote_ref : r->remote_ref + 10);
	if (vigie_gate_check(&g->o->gate, &sc, &why) == 0) {
		if (sc.overall >= 0)
			cli_error(N_("%s passes the release gate (score %.0f/100)"),
				  r->remote_ref, sc.overall);
		else
			cli_error(N_("%s passes the release gate"), r->remote_ref);
		ex = VIGIE_EXIT_OK;
	} else {
		if (vigie_report_text(&out, &sc, &ro, &err) == 0 && out.ptr)
			fputs(out.ptr, stderr);
		struct vigie_buf fixes = VIGIE_BUF_INIT;
		char *t = cli_tr_error(&why);
		if (vigie_gate_reach(&fixes, &g->o->gate, &sc) > 0)
			cli_error(N_("refusing the push of %s: gate failed: %s; "
				     "fixing %s would reach it"),
				  r->remote_ref, t ? t : why.message, fixes.ptr);
		else
			cli_error(N_("refusing the push of %s: gate failed: %s"),
				  r->remote_ref, t ? t : why.message);
		free(t);
		vigie_buf_release(&fixes);
		ex = VIGIE_EXIT_GATE;
	}
	if (g->ndone < VIGIE_ARRAY_SIZE(g->done)) {
		snprintf(g->done[g->ndone], sizeof(g->done[0]), "%s", r->local_id);
		g->done_ex[g->ndone++] = ex;
	}
	vigie_buf_release(&out);
	vigie_scorecard_release(&sc);
	return ex;
}

/* Worst of two exit codes: anything over a gate failure. */
static int worst(int a, int b)
{
	return a > b ? a : b;
}

static int handle(struct gate_run *g, struct push_ref *r)
{
	if (is_zero_id(r->local_id))
		return VIGIE_EXIT_OK; /* a deletion: nothing to audit */
	if (strncmp(r->remote_ref, "refs/tags/", 10) && !g->o->all_refs)
		return VIGIE_EXIT_OK; /* a branch: untouched */
	return gate_one(g, r);
}

static int run(const struct hook_cli *o, int argc, char **argv)
{
	struct gate_run g;
	struct vigie_ruleset *rs = NULL;
	struct vigie_error err;
	struct push_ref r;
	const char *pc_to = getenv("PRE_COMMIT_TO_REF");
	const char *pc_local = getenv("PRE_COMMIT_LOCAL_BRANCH");
	const char *pc_remote = getenv("PRE_COMMIT_REMOTE_BRANCH");
	char line[MAX_LINE + 2];
	size_t nlines = 0;
	int ex = VIGIE_EXIT_OK;

	/* REMOTE and URL, as git passes them, are accepted and not needed. */
	if (argc - o->first_arg > 2) {
		cli_error(N_("unexpected argument '%s'"), argv[o->first_arg + 2]);
		return VIGIE_EXIT_USAGE;
	}
	memset(&g, 0, sizeof(g));
	vigie_error_clear(&err);
	ex = cli_load_rules(&rs, o->a.rules.v, o->a.rules.n);
	if (ex)
		return ex;
	g.o = o;
	g.rs = rs;
	/* git runs the hook at the top of the work tree (or in a bare
	 * repository); GIT_DIR, when git sets it, names the repository. */
	g.target = getenv("GIT_DIR") && *getenv("GIT_DIR") ? getenv("GIT_DIR")
							   : ".";
	g.lang = (enum vigie_lang)cli_lang(o->lang);
	g.color = cli_want_color(stderr, NULL);

	if (pc_remote && *pc_remote) {
		/* The pre-commit framework passes one ref in its environment
		 * and keeps git's lines to itself.  When the push holds the
		 * root commit it sets no PRE_COMMIT_TO_REF (it checks "all
		 * files"); the local ref then names what is pushed. */
		if (pc_to && *pc_to) {
			snprintf(line, sizeof(line), "%s %s %s 0", pc_remote,
				 pc_to, pc_remote);
			if (!parse_line(&r, line)) {
				cli_error(N_("cannot read PRE_COMMIT_TO_REF '%s'"),
					  pc_to);
				ex = VIGIE_EXIT_USAGE;
				goto out;
			}
		} else if (pc_local && *pc_local &&
			   strlen(pc_local) < sizeof(r.local_id) &&
			   strlen(pc_remote) < sizeof(r.remote_ref)) {
			snprintf(r.local_ref, sizeof(r.local_ref), "%s", pc_local);
			snprintf(r.local_id, sizeof(r.local_id), "%s", pc_local);
			snprintf(r.remote_ref, sizeof(r.remote_ref), "%s",
				 pc_remote);
		} else {
			cli_error(N_("pre-commit named no pushed commit "
				     "(PRE_COMMIT_TO_REF, PRE_COMMIT_LOCAL_BRANCH)"));
			ex = VIGIE_EXIT_USAGE;
			goto out;
		}
		ex = handle(&g, &r);
		goto out;
	}
	while (fgets(line, sizeof(line), stdin)) {
		size_t n = strlen(line);
		if (n > MAX_LINE || ++nlines > MAX_REFS) {
			cli_error(N_("pre-push input too long; refusing the push"));
			ex = VIGIE_EXIT_USAGE;
			goto out;
		}
		if (strspn(line, " \t\r\n") == n)
			continue;
		if (!parse_line(&r, line)) {
			cli_error(N_("cannot read pre-push line %zu: expected "
				  "'LOCAL_REF ID REMOTE_REF ID'"), nlines);
			ex = VIGIE_EXIT_USAGE;
			goto out;
		}
		ex = worst(ex, handle(&g, &r));
	}
out:
	vigie_ruleset_free(rs);
	return ex;
}

/* Sorted by name. */
static const struct {
	const char *name;
	int (*fn)(const struct hook_cli *o, int argc, char **argv);
} actions[] = {
	{ "install", install },
	{ "run", run },
	{ "uninstall", uninstall },
};

int cmd_hook(int argc, char **argv)
{
	struct hook_cli o;
	size_t i;
	int rc;

	if (argc < 2) {
		cli_opt_usage(&command, stderr);
		return VIGIE_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		cli_opt_usage(&command, stdout);
		return VIGIE_EXIT_OK;
	}
	for (i = 0; i < VIGIE_ARRAY_SIZE(actions); i++)
		if (!strcmp(actions[i].name, argv[1]))
			break;
	if (i == VIGIE_ARRAY_SIZE(actions)) {
		cli_error(N_("unknown hook action '%s' (install, uninstall, run)"),
			  argv[1]);
		return VIGIE_EXIT_USAGE;
	}
	rc = parse_args(&o, argc - 1, argv + 1);
	if (rc) {
		vigie_buf_release(&o.args);
		vigie_gate_release(&o.gate);
		return rc > 0 ? VIGIE_EXIT_OK : VIGIE_EXIT_USAGE;
	}
	rc = actions[i].fn(&o, argc - 1, argv + 1);
	vigie_buf_release(&o.args);
	vigie_gate_release(&o.gate);
	return rc;
}
