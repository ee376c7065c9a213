/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie audit: audit one repository and print its scorecard. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigie/vigie.h"
#include "cmd.h"
#include "../util/banned.h"

#define MAX_LIST 64

static const char usage_text[] = N_(
	"usage: vigie audit [TARGET] [options]\n"
	"\n"
	"TARGET is a work tree (or any directory in it), a bare repository,\n"
	"a URL (https, http, ssh, git, file, user@host:path) or a forge\n"
	"shorthand (github:OWNER/NAME, gitlab:[HOST/]GROUP/NAME,\n"
	"gitea:HOST/OWNER/NAME).  Default: the current directory.\n"
	"\n"
	"options:\n"
	"  -r, --rev REV          audit this tag, branch or commit (default HEAD)\n"
	"  -R, --rules PACK       a pack name or a .json file (repeatable;\n"
	"                         default: communs)\n"
	"  -f, --format FORMAT    text (default), json, sarif, markdown, badge\n"
	"                         (SVG) or badge-json (shields.io endpoint)\n"
	"  -o, --output FILE      write the report to FILE (atomically)\n"
	"      --offline          no network: forge rules are skipped\n"
	"      --forge KIND       the forge is github, gitlab or gitea\n"
	"      --api-url URL      the forge's API root (self-managed instances)\n"
	"      --forge-repo REPO  the forge repository (OWNER/NAME), when the\n"
	"                         target or its origin remote does not say\n"
	"      --tracker-days N   issue tracker window (default 180)\n"
	"      --lang LANG        en or fr (default: from the locale)\n"
	"      --color WHEN       auto (default), always or never\n"
	"      --cache-dir DIR    vigie's cache: clones in DIR/repos, forge\n"
	"                         answers in DIR/http\n"
	"      --ca-file FILE     CA certificates (PEM) for https clones and\n"
	"                         the forge API, instead of the system's\n"
	"      --ca-path DIR      a directory of them (hashed by openssl rehash)\n"
	"      --no-stale         fail when a cached clone cannot be fetched,\n"
	"                         rather than audit it as it was\n"
	"      --window DAYS      history window (default 365)\n"
	"      --as-of WHEN       the window ends and ages count from WHEN:\n"
	"                         now (default), commit (the audited commit's\n"
	"                         date) or a date (YYYY-MM-DD, ISO 8601)\n"
	"      --lookback DAYS    history before the window searched to tell\n"
	"                         newcomers (default: the window; 0: none)\n"
	"      --identities       put authors' names and addresses in the\n"
	"                         facts (default: aggregates only)\n"
	"      --timeout SECONDS  limit for a clone or fetch (default 600)\n"
	"      --max-clone-size SIZE  limit for a clone or fetch (default 4G)\n"
	"      --fail-under N     exit 1 when the overall score is under N;\n"
	"                         THEME=N for a theme's score (repeatable)\n"
	"      --require RULE     exit 1 unless RULE passes (repeatable)\n"
	"      --fail-on LEVEL    exit 1 when a rule of LEVEL (error, warning,\n"
	"                         note) or more severe fails\n"
	"  -v, --verbose          show the evidence of passing rules too\n"
	"  -h, --help             show this help\n");

enum {
	OPT_OFFLINE = 256, OPT_LANG, OPT_COLOR, OPT_CACHE, OPT_WINDOW,
	OPT_TIMEOUT, OPT_FAIL_UNDER, OPT_REQUIRE, OPT_FAIL_ON,
	OPT_FORGE, OPT_API_URL, OPT_FORGE_REPO, OPT_TRACKER_DAYS,
	OPT_IDENTITIES, OPT_LOOKBACK, OPT_AS_OF, OPT_MAX_CLONE,
	OPT_CA_FILE, OPT_CA_PATH, OPT_NO_STALE,
};

static const struct option longopts[] = {
	{ "cache-dir", required_argument, NULL, OPT_CACHE },
	{ "api-url", required_argument, NULL, OPT_API_URL },
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "ca-file", required_argument, NULL, OPT_CA_FILE },
	{ "ca-path", required_argument, NULL, OPT_CA_PATH },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "fail-under", required_argument, NULL, OPT_FAIL_UNDER },
	{ "forge", required_argument, NULL, OPT_FORGE },
	{ "forge-repo", required_argument, NULL, OPT_FORGE_REPO },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "identities", no_argument, NULL, OPT_IDENTITIES },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "lookback", required_argument, NULL, OPT_LOOKBACK },
	{ "max-clone-size", required_argument, NULL, OPT_MAX_CLONE },
	{ "no-stale", no_argument, NULL, OPT_NO_STALE },
	{ "offline", no_argument, NULL, OPT_OFFLINE },
	{ "output", required_argument, NULL, 'o' },
	{ "require", required_argument, NULL, OPT_REQUIRE },
	{ "rev", required_argument, NULL, 'r' },
	{ "rules", required_argument, NULL, 'R' },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "tracker-days", required_argument, NULL, OPT_TRACKER_DAYS },
	{ "verbose", no_argument, NULL, 'v' },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ NULL, 0, NULL, 0 },
};

struct audit_cli {
	const char *target;
	const char *rev;
	const char *rules[MAX_LIST];
	size_t nrules;
	const char *format;
	const char *output;
	const char *lang;
	const char *color;
	const char *cache_dir;
	const char *ca_file;
	const char *ca_path;
	const char *forge;
	const char *api_url;
	const char *forge_repo;
	long tracker_days;
	bool offline;
	bool no_stale;
	bool verbose;
	bool identities;
	long window;
	long lookback;
	long timeout;
	struct vigie_collect_opts as_of; /* its as_of fields only */
	long long max_clone;
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

static int parse_args(struct audit_cli *o, int argc, char **argv)
{
	struct vigie_error err;
	int c;

	memset(o, 0, sizeof(*o));
	o->format = "text";
	o->window = 365;
	o->tracker_days = 180;
	o->lookback = -1;
	o->timeout = 600;
	o->max_clone = 4LL << 30;
	vigie_gate_init(&o->gate);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":r:R:f:o:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': o->rev = optarg; break;
		case 'R':
			if (o->nrules == MAX_LIST)
				goto toomany;
			o->rules[o->nrules++] = optarg;
			break;
		case 'f': o->format = optarg; break;
		case 'o': o->output = optarg; break;
		case 'v': o->verbose = true; break;
		case 'h':
			fputs(cli_text(usage_text), stdout);
			return 1;
		case OPT_OFFLINE: o->offline = true; break;
		case OPT_NO_STALE: o->no_stale = true; break;
		case OPT_LANG:
			if (cli_take_lang(&o->lang, optarg) < 0)
				return -1;
			break;
		case OPT_COLOR:
			if (cli_take_when(&o->color, "--color", optarg) < 0)
				return -1;
			break;
		case OPT_CACHE: o->cache_dir = optarg; break;
		case OPT_CA_FILE: o->ca_file = optarg; break;
		case OPT_CA_PATH: o->ca_path = optarg; break;
		case OPT_WINDOW:
			if (cli_take_window(&o->window, optarg) < 0)
				return -1;
			break;
		case OPT_AS_OF:
			if (cli_take_as_of(&o->as_of, optarg) < 0)
				return -1;
			break;
		case OPT_LOOKBACK:
			if (!cli_parse_long(optarg, 0, 36500, &o->lookback)) {
				cli_error(N_("--lookback takes a number of days (0 to 36500)"));
				return -1;
			}
			break;
		case OPT_IDENTITIES: o->identities = true; break;
		case OPT_TIMEOUT:
			if (!cli_parse_long(optarg, 1, 86400, &o->timeout)) {
				cli_error(N_("--timeout takes seconds (1 to 86400)"));
				return -1;
			}
			break;
		case OPT_MAX_CLONE:
			if (cli_take_size(&o->max_clone, optarg) < 0)
				return -1;
			break;
		case OPT_FAIL_UNDER:
			if (vigie_gate_parse_fail_under(&o->gate, optarg, &err) < 0)
				goto bad_gate;
			break;
		case OPT_FAIL_ON:
			if (vigie_gate_parse_fail_on(&o->gate, optarg, &err) < 0)
				goto bad_gate;
			break;
		case OPT_FORGE:
			if (!forge_kind_known(optarg)) {
				cli_error(N_("--forge takes github, gitlab or gitea"));
				return -1;
			}
			o->forge = optarg;
			break;
		case OPT_API_URL:
			if (strncmp(optarg, "https://", 8) &&
			    strncmp(optarg, "http://", 7)) {
				cli_error(N_("--api-url takes an http or https URL"));
				return -1;
			}
			o->api_url = optarg;
			break;
		case OPT_FORGE_REPO: o->forge_repo = optarg; break;
		case OPT_TRACKER_DAYS:
			if (!cli_parse_long(optarg, 1, 36500, &o->tracker_days)) {
				cli_error(N_("--tracker-days takes a number of days "
					  "(1 to 36500)"));
				return -1;
			}
			break;
		case OPT_REQUIRE:
			if (vigie_gate_require(&o->gate, optarg, &err) < 0)
				goto bad_gate;
			break;
		case ':':
			cli_error(N_("option '%s' needs a value"), argv[optind - 1]);
			return -1;
		default:
			cli_error(N_("unknown option '%s' (see 'vigie audit --help')"),
				  argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc)
		o->target = argv[optind++];
	if (optind < argc) {
		cli_error(N_("unexpected argument '%s'"), argv[optind]);
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
toomany:
	cli_error(N_("too many values for one option (at most %d)"), MAX_LIST);
	return -1;
bad_gate:
	cli_report_error(&err);
	return -1;
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
					   "warnings"), i, w)
		cli_error(N_("warning: forge: %s"), json_string_value(w));

	for (i = 0; i < json_array_size(sc->problems); i++) {
		json_t *p = json_array_get(sc->problems, i);
		const char *name = json_string_value(json_object_get(p, "collector"));
		if (!name || strcmp(name, "forge"))
			continue;
		{
			const char *m = json_string_value(json_object_get(p, "message"));
			char *t = cli_tr(m);
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
	t = cli_tr(why.message);
	if (vigie_gate_reach(&fixes, &o->gate, sc) > 0)
		cli_error(N_("gate failed: %s; fixing %s would reach it"),
			  t ? t : why.message, fixes.ptr);
	else
		cli_error(N_("gate failed: %s"), t ? t : why.message);
	free(t);
	vigie_buf_release(&fixes);
	return VIGIE_EXIT_GATE;
}

int cmd_audit(int argc, char **argv)
{
	struct audit_cli o;
	struct vigie_audit_opts ao;
	struct vigie_scorecard sc;
	struct vigie_report_opts ro;
	struct vigie_ruleset *rs = NULL;
	struct vigie_error err;
	struct vigie_buf out = VIGIE_BUF_INIT;
	enum vigie_stage stage;
	bool forge_failed;
	int rc, ex;

	rc = parse_args(&o, argc, argv);
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
	if (!o.offline && cli_check_ca(o.ca_file, o.ca_path) < 0) {
		ex = VIGIE_EXIT_USAGE;
		goto out;
	}
	ex = cli_load_rules(&rs, o.rules, o.nrules);
	if (ex)
		goto out;
	ex = cli_check_required(&o.gate, rs);
	if (ex)
		goto out;

	vigie_audit_options_init(&ao, VIGIE_AUDIT_OPTIONS_VERSION);
	ao.rev = o.rev;
	ao.rules = rs;
	ao.source.cache_dir = o.cache_dir;
	ao.source.offline = o.offline;
	ao.source.timeout_ms = o.timeout * 1000;
	ao.source.max_bytes = o.max_clone;
	ao.source.ca_file = o.ca_file;
	ao.source.ca_path = o.ca_path;
	ao.source.no_stale = o.no_stale;
	ao.collect.offline = o.offline;
	ao.collect.window_days = (int)o.window;
	ao.collect.lookback_days = (int)o.lookback;
	ao.collect.as_of = o.as_of.as_of;
	ao.collect.as_of_time = o.as_of.as_of_time;
	ao.collect.identities = o.identities;
	ao.collect.cache_dir = o.cache_dir;
	ao.collect.ca_file = o.ca_file;
	ao.collect.ca_path = o.ca_path;
	ao.collect.forge = o.forge;
	ao.collect.api_url = o.api_url;
	ao.collect.forge_repo = o.forge_repo;
	ao.collect.tracker_days = (int)o.tracker_days;
	if (vigie_audit_run(&sc, &stage, o.target ? o.target : ".", &ao, &err) < 0) {
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
	vigie_buf_release(&out);
	vigie_scorecard_release(&sc);
	vigie_ruleset_free(rs);
	vigie_gate_release(&o.gate);
	return ex;
}
