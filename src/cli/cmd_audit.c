/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie audit: audit one repository and print its scorecard. */
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigie/error.h"
#include "vigie/buf.h"
#include "vigie/i18n.h"
#include "vigie/sys/forge.h"
#include "vigie/rules.h"
#include "vigie/scorecard.h"
#include "vigie/gate.h"
#include "vigie/report.h"
#include "vigie/audit.h"
#include "vigie/target.h"
#include "cmd.h"
#include "opt.h"
#include "../util/banned.h"

static const char usage_text[] = N_(
	"usage: vigie audit [TARGET] [options]\n"
	"\n"
	"TARGET is a work tree (or any directory in it), a bare repository,\n"
	"a URL (https, http, ssh, git, file, user@host:path) or a forge\n"
	"shorthand (github:OWNER/NAME, gitlab:[HOST/]GROUP/NAME,\n"
	"gitea:HOST/OWNER/NAME).  Default: the current directory.\n"
	"\n"
	"options:\n");

struct audit_cli {
	struct cli_audit a;
	const char *target;
	const char *rev;
	const char *format;
	const char *output;
	const char *lang;
	const char *color;
	const char *forge;
	const char *api_url;
	const char *forge_repo;
	bool verbose;
	bool badge_json; /* vigie badge --json */
	struct vigie_gate gate;
};

static bool forge_kind_known(const char *kind)
{
	const char *const *k;

	for (k = vigie_forge_kinds(); *k; k++)
		if (!strcmp(*k, kind))
			return true;
	return !strcmp(kind, "forgejo");
}

static int take_forge(const struct cli_opt_spec *spec, void *slot,
		      const char *arg)
{
	(void)spec;
	if (!forge_kind_known(arg)) {
		cli_error(N_("--forge takes github, gitlab or gitea"));
		return -1;
	}
	*(const char **)slot = arg;
	return 0;
}

/*
 * The shape the forge will want of --forge-repo, checked before any work:
 * OWNER/NAME, or GROUP/SUBGROUP.../NAME on GitLab (or when the forge is
 * not named yet); segments of letters, digits, '-', '_' and '.', none
 * of them "." or starting with "..".
 */
static bool forge_repo_shape(const char *repo, const char *kind)
{
	size_t segs = 0, n;
	const char *p = repo;

	if (strlen(repo) > 512)
		return false;
	for (;;) {
		n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			      "0123456789-_.");
		if (!n || (p[0] == '.' && (n == 1 || p[1] == '.')))
			return false;
		segs++;
		if (!p[n])
			break;
		if (p[n] != '/')
			return false;
		p += n + 1;
	}
	return segs == 2 || (segs > 2 && (!kind || !strcmp(kind, "gitlab")));
}

#define AT(field) offsetof(struct audit_cli, field)
#define SHARED(table, which) CLI_SHARED(&(table)[which], AT(a), NULL, NULL)

/* In the order of --help. */
static const struct cli_opt_spec options[] = {
	CLI_VALUE("rev", 'r', "REV",
		  N_("audit this tag, branch or commit (default HEAD)"), AT(rev),
		  NULL),
	CLI_SHARED(&cli_audit_rules, AT(a), NULL, NULL),
	CLI_VALUE("format", 'f', "FORMAT",
		  N_("text (default), json, sarif, markdown, badge\n"
		     "(SVG) or badge-json (shields.io endpoint)"), AT(format), NULL),
	CLI_VALUE("output", 'o', N_("FILE"),
		  N_("write the report to FILE (atomically)"), AT(output), NULL),
	SHARED(cli_audit_network, CLI_AUDIT_OFFLINE),
	CLI_VALUE("forge", 0, N_("KIND"), N_("the forge is github, gitlab or gitea"),
		  AT(forge), take_forge),
	CLI_VALUE("api-url", 0, "URL",
		  N_("the forge's API root (self-managed instances)"), AT(api_url),
		  cli_opt_url),
	CLI_VALUE("forge-repo", 0, N_("REPO"),
		  N_("the forge repository (OWNER/NAME), when the\n"
		     "target or its origin remote does not say"), AT(forge_repo),
		  NULL),
	SHARED(cli_audit_network, CLI_AUDIT_TRACKER_DAYS),
	CLI_VALUE("lang", 0, N_("LANG"), N_("en or fr (default: from the locale)"),
		  AT(lang), cli_opt_lang),
	CLI_VALUE("color", 0, N_("WHEN"), N_("auto (default), always or never"),
		  AT(color), cli_opt_when),
	SHARED(cli_audit_network, CLI_AUDIT_CACHE_DIR),
	SHARED(cli_audit_network, CLI_AUDIT_CA_FILE),
	SHARED(cli_audit_network, CLI_AUDIT_CA_PATH),
	SHARED(cli_audit_network, CLI_AUDIT_NO_STALE),
	CLI_GROUP(cli_audit_history, AT(a)),
	/* The older name of --fetch-timeout, kept for scripts. */
	CLI_LONG("timeout", N_("SECONDS"),
		 N_("limit for a clone or fetch (default 600)"),
		 AT(a.fetch_timeout), 1, 86400,
		 N_("--timeout takes seconds (1 to 86400)")),
	CLI_SHARED(&cli_audit_network[CLI_AUDIT_FETCH_TIMEOUT], AT(a), NULL,
		   N_("the same as --timeout")),
	SHARED(cli_audit_network, CLI_AUDIT_MAX_CLONE),
	CLI_GROUP(cli_audit_network, AT(a)),
	CLI_GROUP(cli_gate_opts, AT(gate)),
	CLI_FLAG("verbose", 'v', N_("show the evidence of passing rules too"),
		 AT(verbose)),
	CLI_HELP(N_("show this help")),
	CLI_END,
};

static const struct cli_cmd_spec command = {
	"audit", usage_text, options, 25, NULL, false,
};

/* vigie badge: every option of audit, and --json. */
static const struct cli_opt_spec badge_options[] = {
	CLI_FLAG("json", 0, NULL, AT(badge_json)),
	CLI_GROUP(options, 0),
	CLI_END,
};

static int parse_args(struct audit_cli *o, const struct cli_cmd_spec *cmd,
		      int argc, char **argv)
{
	int rc, first;

	memset(o, 0, sizeof(*o));
	cli_audit_init(&o->a);
	o->format = cmd->opts == badge_options ? "badge" : "text";
	vigie_gate_init(&o->gate);
	rc = cli_opt_parse(cmd, o, argc, argv, &first);
	if (rc)
		return rc;
	if (o->badge_json && !strcmp(o->format, "badge"))
		o->format = "badge-json";
	if (first < argc)
		o->target = argv[first++];
	if (first < argc) {
		cli_error(N_("unexpected argument '%s'"), argv[first]);
		return -1;
	}
	if (o->forge_repo && !forge_repo_shape(o->forge_repo, o->forge)) {
		cli_error(N_("--forge-repo takes OWNER/NAME (GROUP/.../NAME on "
			  "gitlab), not '%s'"), o->forge_repo);
		return -1;
	}
	if (!vigie_reporter_find(o->format)) {
		cli_error(N_("unknown format '%s' (text, json, sarif, markdown, "
			     "badge, badge-json)"),
			  o->format);
		return -1;
	}
	return 0;
}

/*
 * The forge is required when the user named it (--forge, --api-url,
 * --forge-repo): then a forge that cannot be used is exit 5, after the
 * rest of the audit was printed.  Otherwise its problem is only reported.
 */
static bool forge_problem(const struct audit_cli *o,
			  const struct vigie_scorecard *sc)
{
	bool required = o->forge || o->api_url || o->forge_repo;
	const char *partial = json_string_value(json_object_get(
		json_object_get(json_object_get(sc->facts, "forge"),
				"unavailable"),
		"tracker"));
	json_t *w;
	size_t i;

	if (partial)
		cli_error(N_("warning: forge: tracker facts skipped: %s"), partial);
	json_array_foreach(json_object_get(json_object_get(sc->facts, "forge"),
					   "warnings"), i, w) {
		char *t = cli_tr_json(w, "message");
		cli_error(N_("warning: forge: %s"), t ? t : "");
		free(t);
	}

	for (i = 0; i < json_array_size(sc->problems); i++) {
		json_t *p = json_array_get(sc->problems, i);
		const char *name = json_string_value(json_object_get(p, "collector"));
		if (!name || strcmp(name, "forge"))
			continue;
		{
			const char *m = json_string_value(json_object_get(p, "message"));
			char *t = cli_tr_json(p, "message");
			if (required)
				cli_error(N_("forge: %s"), t ? t : m);
			else
				cli_error(N_("warning: forge: %s"), t ? t : m);
			free(t);
		}
		return required;
	}
	return false;
}

static int exit_for(enum vigie_stage stage, int code)
{
	(void)code;
	switch (stage) {
	case VIGIE_STAGE_TARGET:
	case VIGIE_STAGE_SOURCE:
	case VIGIE_STAGE_SNAPSHOT:
		return VIGIE_EXIT_TARGET;
	default:
		return VIGIE_EXIT_INTERNAL;
	}
}

/* A clone audited as it was, its remote out of reach: say so, once. */
static void stale_warning(const struct vigie_scorecard *sc)
{
	const char *action = json_string_value(
		json_object_get(sc->timings, "source_action"));
	const char *when = json_string_value(
		json_object_get(sc->timings, "source_fetched"));

	if (!action || strcmp(action, "stale"))
		return;
	cli_error(N_("warning: could not fetch %s; audited the copy fetched "
		     "on %s"),
		  sc->url ? sc->url : sc->target, when ? when : "?");
}

/* The gates; a failure prints one last line saying which and why. */
static int gates(const struct audit_cli *o, const struct vigie_scorecard *sc)
{
	struct vigie_error why;
	struct vigie_buf fixes = VIGIE_BUF_INIT;
	char *t;

	if (vigie_gate_check(&o->gate, sc, &why) == 0)
		return VIGIE_EXIT_OK;
	t = cli_tr_error(&why);
	if (vigie_gate_reach(&fixes, &o->gate, sc) > 0)
		cli_error(N_("gate failed: %s; fixing %s would reach it"),
			  t ? t : why.message, fixes.ptr);
	else
		cli_error(N_("gate failed: %s"), t ? t : why.message);
	free(t);
	vigie_buf_release(&fixes);
	return VIGIE_EXIT_GATE;
}

/*
 * The rule packs loaded on a thread while a repository on disk is read
 * (the embedded pack takes 2 to 3 ms to parse, compile and digest, a
 * fifth of an audit of a small repository): the audit asks for them
 * after the facts (vigie_audit_opts.rules_fn).  A clone waits for the
 * packs instead: a pack that will not load must not cost a clone first.
 */
struct rules_loader {
	const struct cli_audit *a;
	const struct vigie_gate *gate;
	struct vigie_ruleset *rs;
	int ex;            /* cli_load_rules's, then cli_check_required's */
	pthread_t thread;
	bool running;
};

static void load_rules(struct rules_loader *l)
{
	l->ex = cli_load_rules(&l->rs, l->a->rules.v, l->a->rules.n);
	if (!l->ex)
		l->ex = cli_check_required(l->gate, l->rs);
}

static void *load_rules_thread(void *arg)
{
	load_rules(arg);
	return NULL;
}

/* The packs loaded (their errors said), on a thread when target is a
 * path; 0 or an exit code. */
static int rules_start(struct rules_loader *l, const char *target)
{
	struct vigie_target t;
	struct vigie_error err;
	bool local;

	vigie_error_clear(&err);
	local = vigie_target_parse(&t, target, &err) == 0 && !t.url;
	if (err.code == 0)
		vigie_target_release(&t);
	if (local && pthread_create(&l->thread, NULL, load_rules_thread, l) == 0) {
		l->running = true;
		return 0;
	}
	load_rules(l);
	return l->ex;
}

static int rules_finish(struct rules_loader *l)
{
	if (l->running)
		pthread_join(l->thread, NULL);
	l->running = false;
	return l->ex;
}

static const struct vigie_ruleset *rules_ready(void *arg, struct vigie_error *err)
{
	struct rules_loader *l = arg;

	if (rules_finish(l)) {
		/* (said already, by the loader: the command exits with its code) */
		vigie_error_set(err, VIGIE_EINVALID, NULL,
				N_("the rule packs could not be loaded"));
		return NULL;
	}
	return l->rs;
}

static int audit(const struct cli_cmd_spec *cmd, int argc, char **argv)
{
	struct audit_cli o;
	struct vigie_audit_opts ao;
	struct vigie_scorecard sc;
	struct vigie_report_opts ro = VIGIE_REPORT_OPTIONS_INIT;
	struct rules_loader rules;
	struct vigie_error err;
	struct vigie_buf out = VIGIE_BUF_INIT;
	enum vigie_stage stage;
	bool forge_failed;
	int rc, ex;

	memset(&rules, 0, sizeof(rules));
	rc = parse_args(&o, cmd, argc, argv);
	if (rc) {
		vigie_gate_release(&o.gate);
		return rc > 0 ? VIGIE_EXIT_OK : VIGIE_EXIT_USAGE;
	}
	vigie_error_clear(&err);
	memset(&sc, 0, sizeof(sc));

	/* Before any work (a clone may take minutes): where the report goes. */
	ex = VIGIE_EXIT_TARGET;
	if (cli_check_output(o.output) < 0)
		goto out;
	if (!o.a.offline && (ex = cli_check_ca(o.a.ca_file, o.a.ca_path)))
		goto out;
	rules.a = &o.a;
	rules.gate = &o.gate;
	ex = rules_start(&rules, o.target ? o.target : ".");
	if (ex)
		goto out;

	vigie_audit_options_init(&ao, VIGIE_AUDIT_OPTIONS_VERSION);
	cli_audit_apply(&o.a, 600, &ao);
	ao.rev = o.rev;
	ao.rules_fn = rules_ready;
	ao.rules_arg = &rules;
	ao.collect.forge = o.forge;
	ao.collect.api_url = o.api_url;
	ao.collect.forge_repo = o.forge_repo;
	if (vigie_audit_run(&sc, &stage, o.target ? o.target : ".", &ao, &err) < 0) {
		/* a pack that did not load comes first, as it did before any work */
		ex = rules_finish(&rules);
		if (ex)
			goto out;
		cli_report_error(&err);
		ex = exit_for(stage, err.code);
		goto out;
	}

	ro.lang = (enum vigie_lang)cli_lang(o.lang);
	ro.verbose = o.verbose;
	ro.color = !o.output && !strcmp(o.format, "text") &&
		   cli_want_color(stdout, o.color);
	if (vigie_reporter_find(o.format)->fn(&out, &sc, &ro, &err) < 0) {
		cli_report_error(&err);
		ex = VIGIE_EXIT_INTERNAL;
		goto out;
	}
	if (cli_write_output(o.output, out.ptr ? out.ptr : "", out.len) < 0) {
		ex = VIGIE_EXIT_TARGET;
		goto out;
	}
	stale_warning(&sc);
	/* Forge warnings first: the gate's verdict is the last line. */
	forge_failed = forge_problem(&o, &sc);
	ex = gates(&o, &sc);
	if (forge_failed)
		ex = VIGIE_EXIT_FORGE;
out:
	rules_finish(&rules);
	vigie_buf_release(&out);
	vigie_scorecard_release(&sc);
	vigie_ruleset_free(rules.rs);
	vigie_gate_release(&o.gate);
	return ex;
}

int cmd_audit(int argc, char **argv)
{
	return audit(&command, argc, argv);
}

int cli_audit_badge(int argc, char **argv, const char *usage)
{
	const struct cli_cmd_spec badge = {
		"badge", usage, badge_options, 25, NULL, true,
	};

	return audit(&badge, argc, argv);
}
