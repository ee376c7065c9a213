/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie batch: audit many repositories into a directory of records. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigie/vigie.h"
#include "vigie/batch.h"
#include "cmd.h"
#include "../util/banned.h"

#define MAX_LIST 64
/* 128 + SIGINT, as a shell reports a command stopped by ^C. */
#define EXIT_INTERRUPTED 130

static const char usage_text[] = N_(
	"usage: vigie batch (ORG... | --list FILE) --out DIR [options]\n"
	"\n"
	"ORG is github:[HOST/]ORG, gitlab:[HOST/]GROUP, gitea:HOST/ORG,\n"
	"forgejo:HOST/ORG or codeberg:ORG (a HOST has a dot or a port); any\n"
	"other argument is one repository target, as for 'vigie audit'.\n"
	"\n"
	"options:\n"
	"  -l, --list FILE        targets, one a line, '#' comments (repeatable)\n"
	"  -o, --out DIR          where results.jsonl, summary.* and index.html go\n"
	"  -j, --jobs N           parallel audits (default: the number of cores)\n"
	"      --shard K/N        audit only shard K of N (a stable hash)\n"
	"      --resume           continue an interrupted run in DIR\n"
	"      --full             audit every repository, even unchanged ones\n"
	"      --keep-runs N      runs whose rule results vigie.sqlite keeps\n"
	"                         (default 7; 0: all)\n"
	"      --max-age DAYS     audit an unchanged repository again after this\n"
	"                         many days (default 7; 0: never)\n"
	"      --timeout SECONDS  limit for one repository (default 600)\n"
	"      --max-clone-size SIZE  limit for a clone or fetch (default 4G)\n"
	"      --max-errors N     exit 1 when more than N repositories failed (N\n"
	"                         may end with a percent sign: a share); exit 1\n"
	"                         always when every repository failed\n"
	"      --include-archived list archived repositories of an ORG too\n"
	"      --include-forks    list forks of an ORG too\n"
	"      --match REGEX      keep ORG repositories whose OWNER/NAME matches\n"
	"                         (POSIX extended regular expression)\n"
	"      --api-url URL      the API root of the forge that lists ORG and\n"
	"                         describes its repositories\n"
	"      --print-targets    print the targets (listed, this shard) and stop\n"
	"  -R, --rules PACK       a pack name or a .json file (repeatable)\n"
	"      --offline          no network: cached clones only\n"
	"      --cache-dir DIR    vigie's cache: clones in DIR/repos, forge\n"
	"                         answers in DIR/http\n"
	"      --ca-file FILE     CA certificates (PEM) for https clones and\n"
	"                         the forge API, instead of the system's\n"
	"      --ca-path DIR      a directory of them (hashed by openssl rehash)\n"
	"      --no-stale         a cached clone that cannot be fetched is a\n"
	"                         failure, rather than audited as it was\n"
	"      --window DAYS      history window (default 365)\n"
	"      --as-of WHEN       the window ends and ages count from WHEN:\n"
	"                         now (default), commit or a date\n"
	"      --progress WHEN    auto (default: on a terminal), always, never\n"
	"      --lang LANG        summaries in en or fr (default: from the locale)\n"
	"  -h, --help             show this help\n");

enum {
	OPT_SHARD = 256, OPT_RESUME, OPT_TIMEOUT, OPT_ARCHIVED, OPT_FORKS,
	OPT_MATCH, OPT_OFFLINE, OPT_CACHE, OPT_WINDOW, OPT_PROGRESS,
	OPT_API_URL, OPT_PRINT, OPT_FULL, OPT_MAX_AGE, OPT_LANG, OPT_MAX_ERRORS,
	OPT_KEEP_RUNS, OPT_AS_OF, OPT_MAX_CLONE, OPT_CA_FILE, OPT_CA_PATH,
	OPT_NO_STALE,
};

static const struct option longopts[] = {
	{ "api-url", required_argument, NULL, OPT_API_URL },
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "ca-file", required_argument, NULL, OPT_CA_FILE },
	{ "ca-path", required_argument, NULL, OPT_CA_PATH },
	{ "cache-dir", required_argument, NULL, OPT_CACHE },
	{ "full", no_argument, NULL, OPT_FULL },
	{ "help", no_argument, NULL, 'h' },
	{ "include-archived", no_argument, NULL, OPT_ARCHIVED },
	{ "include-forks", no_argument, NULL, OPT_FORKS },
	{ "jobs", required_argument, NULL, 'j' },
	{ "keep-runs", required_argument, NULL, OPT_KEEP_RUNS },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "list", required_argument, NULL, 'l' },
	{ "match", required_argument, NULL, OPT_MATCH },
	{ "max-age", required_argument, NULL, OPT_MAX_AGE },
	{ "max-clone-size", required_argument, NULL, OPT_MAX_CLONE },
	{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
	{ "no-stale", no_argument, NULL, OPT_NO_STALE },
	{ "offline", no_argument, NULL, OPT_OFFLINE },
	{ "out", required_argument, NULL, 'o' },
	{ "print-targets", no_argument, NULL, OPT_PRINT },
	{ "progress", required_argument, NULL, OPT_PROGRESS },
	{ "resume", no_argument, NULL, OPT_RESUME },
	{ "rules", required_argument, NULL, 'R' },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ NULL, 0, NULL, 0 },
};

struct batch_cli {
	const char *lists[MAX_LIST];
	size_t nlists;
	const char *rules[MAX_LIST];
	size_t nrules;
	const char *out;
	const char *shard;
	const char *cache_dir;
	const char *ca_file;
	const char *ca_path;
	const char *progress;
	const char *lang;
	const char *max_errors; /* as given, for the message */
	long max_errors_n;      /* -1: no limit by count */
	long max_errors_pct;    /* -1: no limit by share */
	struct vigie_batch_org_opts org;
	long jobs, timeout, window, max_age, keep_runs;
	struct vigie_collect_opts as_of; /* its as_of fields only */
	long long max_clone;
	bool resume, offline, print, full, no_stale;
	char **args;
	int nargs;
};

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	/* A second signal means now: the records written are already safe. */
	if (stop_flag)
		_exit(EXIT_INTERRUPTED);
	stop_flag = 1;
}

/* --max-errors N (a count) or P% (a share of the repositories). */
static int take_max_errors(struct batch_cli *o, const char *arg)
{
	size_t n = strlen(arg);
	char num[32];

	o->max_errors = arg;
	if (n > 1 && n < sizeof(num) && arg[n - 1] == '%') {
		memcpy(num, arg, n - 1);
		num[n - 1] = '\0';
		if (cli_parse_long(num, 0, 100, &o->max_errors_pct))
			return 0;
	} else if (cli_parse_long(arg, 0, 100000000, &o->max_errors_n)) {
		return 0;
	}
	cli_error(N_("--max-errors takes a number of repositories or a "
		     "percentage (N or P%%)"));
	return -1;
}

/*
 * A nightly job alerts on its exit status: 1 when every repository
 * failed, or more than --max-errors did.
 */
static int check_errors(const struct batch_cli *o,
			const struct vigie_batch_stats *st)
{
	if (!st->done || !st->errors)
		return VIGIE_EXIT_OK;
	if (st->errors == st->done) {
		cli_error(N_("every repository failed (%zu of %zu)"), st->errors,
			  st->done);
		return VIGIE_EXIT_GATE;
	}
	if ((o->max_errors_n >= 0 && st->errors > (size_t)o->max_errors_n) ||
	    (o->max_errors_pct >= 0 &&
	     st->errors * 100 > (size_t)o->max_errors_pct * st->done)) {
		cli_error(N_("%zu of %zu repositories failed, more than "
			     "--max-errors %s"), st->errors, st->done,
			  o->max_errors);
		return VIGIE_EXIT_GATE;
	}
	return VIGIE_EXIT_OK;
}

static int parse_args(struct batch_cli *o, int argc, char **argv)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->jobs = sysconf(_SC_NPROCESSORS_ONLN);
	if (o->jobs < 1)
		o->jobs = 1;
	o->timeout = 600;
	o->max_clone = 4LL << 30;
	o->max_age = 7;
	o->window = 365;
	o->max_errors_n = o->max_errors_pct = -1;
	o->keep_runs = VIGIE_BATCH_KEEP_RUNS;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":l:o:j:R:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			if (o->nlists == MAX_LIST)
				goto toomany;
			o->lists[o->nlists++] = optarg;
			break;
		case 'R':
			if (o->nrules == MAX_LIST)
				goto toomany;
			o->rules[o->nrules++] = optarg;
			break;
		case 'o': o->out = optarg; break;
		case 'j':
			if (!cli_parse_long(optarg, 1, 256, &o->jobs)) {
				cli_error(N_("--jobs takes a number from 1 to 256"));
				return -1;
			}
			break;
		case 'h':
			fputs(cli_text(usage_text), stdout);
			return 1;
		case OPT_SHARD: o->shard = optarg; break;
		case OPT_RESUME: o->resume = true; break;
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
		case OPT_ARCHIVED: o->org.include_archived = true; break;
		case OPT_FORKS: o->org.include_forks = true; break;
		case OPT_MATCH: o->org.match = optarg; break;
		case OPT_API_URL:
			if (strncmp(optarg, "https://", 8) &&
			    strncmp(optarg, "http://", 7)) {
				cli_error(N_("--api-url takes an http or https URL"));
				return -1;
			}
			o->org.api_url = optarg;
			break;
		case OPT_PRINT: o->print = true; break;
		case OPT_FULL: o->full = true; break;
		case OPT_MAX_AGE:
			if (!cli_parse_long(optarg, 0, 36500, &o->max_age)) {
				cli_error(N_("--max-age takes a number of days (0 to 36500)"));
				return -1;
			}
			break;
		case OPT_KEEP_RUNS:
			if (!cli_parse_long(optarg, 0, 1000000, &o->keep_runs)) {
				cli_error(N_("--keep-runs takes a number of runs (0 to 1000000)"));
				return -1;
			}
			break;
		case OPT_MAX_ERRORS:
			if (take_max_errors(o, optarg) < 0)
				return -1;
			break;
		case OPT_OFFLINE: o->offline = true; break;
		case OPT_CACHE: o->cache_dir = optarg; break;
		case OPT_CA_FILE: o->ca_file = optarg; break;
		case OPT_CA_PATH: o->ca_path = optarg; break;
		case OPT_NO_STALE: o->no_stale = true; break;
		case OPT_WINDOW:
			if (cli_take_window(&o->window, optarg) < 0)
				return -1;
			break;
		case OPT_AS_OF:
			if (cli_take_as_of(&o->as_of, optarg) < 0)
				return -1;
			break;
		case OPT_PROGRESS:
			if (cli_take_when(&o->progress, "--progress", optarg) < 0)
				return -1;
			break;
		case OPT_LANG:
			if (cli_take_lang(&o->lang, optarg) < 0)
				return -1;
			break;
		case ':':
			cli_error(N_("option '%s' needs a value"), argv[optind - 1]);
			return -1;
		default:
			cli_error(N_("unknown option '%s' (see 'vigie batch --help')"),
				  argv[optind - 1]);
			return -1;
		}
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	if (!o->out && !o->print) {
		cli_error(N_("--out DIR is required (see 'vigie batch --help')"));
		return -1;
	}
	if (!o->nargs && !o->nlists) {
		cli_error(N_("nothing to audit: name an ORG or pass --list FILE"));
		return -1;
	}
	return 0;
toomany:
	cli_error(N_("too many values for one option (at most %d)"), MAX_LIST);
	return -1;
}

/* The progress line (fmt marked N_), on stderr in the chosen language. */
static void progress_line(const char *fmt, ...) VIGIE_PRINTF(1, 2);

static void progress_line(const char *fmt, ...)
{
	va_list ap;

	/* Back to the start of the line, which is cleared. */
	fputs("\r\033[K", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, cli_text(fmt), ap);
	va_end(ap);
	fflush(stderr);
}

static void show_progress(const struct vigie_batch_stats *st, void *payload)
{
	static double shown_at = -1e9;
	static size_t shown_done = (size_t)-1;
	double now = st->elapsed_ms / 1000.0, rate;
	size_t fresh = st->done - st->resumed;
	char eta[32] = "--:--";

	(void)payload;
	/* A new line for each record, else four a second at most. */
	if (st->done == shown_done && st->elapsed_ms - shown_at < 250)
		return;
	shown_at = st->elapsed_ms;
	shown_done = st->done;
	rate = now > 0 ? (double)fresh / now : 0;
	if (rate > 0 && st->total > st->done) {
		long left = (long)((double)(st->total - st->done) / rate + 0.5);
		snprintf(eta, sizeof(eta), "%ld:%02ld", left / 60, left % 60);
	}
	/* French puts 0 and 1 done in the singular: the "one" twin. */
	progress_line(st->done > 1
			      ? N_("%zu/%zu done, %zu failed, %.1f/s, ETA %s")
			      : NC_("one", "%zu/%zu done, %zu failed, %.1f/s, "
					   "ETA %s"),
		      st->done, st->total, st->errors, rate, eta);
}

/* A warning of an organisation listing (its names already escaped). */
static void listing_warning(const char *message, void *payload)
{
	(void)payload;
	cli_error(N_("warning: forge: %s"), message);
}

static int collect_targets(struct vigie_batch_list *l, struct batch_cli *o)
{
	struct vigie_error err;
	size_t i;
	int j;

	vigie_error_clear(&err);
	for (i = 0; i < o->nlists; i++)
		if (vigie_batch_list_read(l, o->lists[i], &err) < 0) {
			cli_report_error(&err);
			return VIGIE_EXIT_USAGE;
		}
	for (j = 0; j < o->nargs; j++) {
		if (vigie_batch_is_org(o->args[j])) {
			if (o->offline) {
				cli_error(N_("cannot list '%s' offline: pass --list FILE"),
					  o->args[j]);
				return VIGIE_EXIT_USAGE;
			}
			o->org.warn = listing_warning;
			if (vigie_batch_list_org(l, o->args[j], &o->org, &err) < 0) {
				cli_report_error(&err);
				return err.code == VIGIE_EINVALID ? VIGIE_EXIT_USAGE
								  : VIGIE_EXIT_FORGE;
			}
		} else if (vigie_batch_list_add(l, o->args[j]) < 0) {
			cli_error(N_("out of memory"));
			return VIGIE_EXIT_INTERNAL;
		}
	}
	return VIGIE_EXIT_OK;
}

/* --print-targets: the keys of this shard's targets, one a line. */
static int print_targets(const struct vigie_batch_list *l,
			 const struct vigie_batch_opts *bo)
{
	struct vigie_buf shown = VIGIE_BUF_INIT;
	int ex = VIGIE_EXIT_OK;
	size_t i;

	for (i = 0; i < l->n; i++) {
		char *key = vigie_batch_key(l->v[i]);
		if (!key) {
			cli_error(N_("out of memory"));
			ex = VIGIE_EXIT_INTERNAL;
			break;
		}
		/* One target a line: a line break or an escape sequence in a
		 * name is printed escaped, never acted on. */
		vigie_buf_clear(&shown);
		if (vigie_shard_contains(key, bo->shard_k, bo->shard_n) &&
		    vigie_escape_text(&shown, key, strlen(key)) == 0)
			printf("%s\n", shown.ptr ? shown.ptr : "");
		free(key);
	}
	vigie_buf_release(&shown);
	if (fflush(stdout) != 0)
		ex = VIGIE_EXIT_INTERNAL;
	return ex;
}

/* The summary the run just wrote, on stdout. */
static int print_summary(const char *dir)
{
	char path[4096], chunk[8192];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, VIGIE_BATCH_SUMMARY_TEXT);
	f = fopen(path, "r");
	if (!f) {
		cli_error(N_("cannot read '%s': %s"), path, strerror(errno));
		return VIGIE_EXIT_INTERNAL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, stdout);
	fclose(f);
	return fflush(stdout) == 0 ? VIGIE_EXIT_OK : VIGIE_EXIT_INTERNAL;
}

int cmd_batch(int argc, char **argv)
{
	struct batch_cli o;
	struct vigie_batch_list targets = { NULL, 0, 0 };
	struct vigie_batch_opts bo;
	struct vigie_batch_stats st;
	struct vigie_ruleset *rs = NULL;
	struct vigie_error err;
	struct sigaction sa;
	const char **orgs = NULL;
	bool tty;
	int rc, ex, j;

	rc = parse_args(&o, argc, argv);
	if (rc)
		return rc > 0 ? VIGIE_EXIT_OK : VIGIE_EXIT_USAGE;
	vigie_error_clear(&err);
	vigie_batch_options_init(&bo, VIGIE_BATCH_OPTIONS_VERSION);
	if (o.shard && vigie_shard_parse(&bo.shard_k, &bo.shard_n, o.shard, &err) < 0) {
		cli_report_error(&err);
		return VIGIE_EXIT_USAGE;
	}
	if (!o.offline && cli_check_ca(o.ca_file, o.ca_path) < 0)
		return VIGIE_EXIT_USAGE;
	o.org.ca_file = o.ca_file;
	o.org.ca_path = o.ca_path;
	ex = collect_targets(&targets, &o);
	if (ex || o.print) {
		if (!ex)
			ex = print_targets(&targets, &bo);
		goto out;
	}
	ex = cli_load_rules(&rs, o.rules, o.nrules);
	if (ex)
		goto out;

	bo.out_dir = o.out;
	bo.targets = &targets;
	bo.jobs = (unsigned)o.jobs;
	bo.resume = o.resume;
	bo.full = o.full;
	bo.max_age_s = o.max_age * 86400;
	bo.keep_runs = (unsigned)o.keep_runs;
	bo.timeout_ms = o.timeout * 1000;
	bo.lang = (enum vigie_lang)cli_lang(o.lang);
	orgs = calloc((size_t)o.nargs + 1, sizeof(*orgs));
	if (!orgs) {
		cli_error(N_("out of memory"));
		ex = VIGIE_EXIT_INTERNAL;
		goto out;
	}
	for (j = 0; j < o.nargs; j++)
		if (vigie_batch_is_org(o.args[j]))
			orgs[bo.norgs++] = o.args[j];
	bo.orgs = orgs;
	bo.audit.rules = rs;
	bo.audit.source.cache_dir = o.cache_dir;
	bo.audit.source.offline = o.offline;
	bo.audit.source.timeout_ms = bo.timeout_ms;
	bo.audit.source.max_bytes = o.max_clone;
	bo.audit.source.ca_file = o.ca_file;
	bo.audit.source.ca_path = o.ca_path;
	bo.audit.source.no_stale = o.no_stale;
	bo.audit.collect.offline = o.offline;
	bo.audit.collect.window_days = (int)o.window;
	bo.audit.collect.as_of = o.as_of.as_of;
	bo.audit.collect.as_of_time = o.as_of.as_of_time;
	bo.audit.collect.cache_dir = o.cache_dir;
	bo.audit.collect.ca_file = o.ca_file;
	bo.audit.collect.ca_path = o.ca_path;
	tty = o.progress ? !strcmp(o.progress, "always") ||
				   (!strcmp(o.progress, "auto") && isatty(2))
			 : isatty(2) == 1;
	bo.progress = tty ? show_progress : NULL;
	bo.stop = &stop_flag;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	rc = vigie_batch_run(&st, &bo, &err);
	if (tty)
		fputs("\r\033[K", stderr);
	if (rc < 0) {
		cli_report_error(&err);
		ex = VIGIE_EXIT_TARGET;
		goto out;
	}
	if (st.interrupted) {
		cli_error(N_("interrupted after %zu of %zu repositories: run again "
			  "with --resume to finish"), st.done, st.total);
		ex = EXIT_INTERRUPTED;
		goto out;
	}
	ex = print_summary(o.out);
	if (!ex)
		ex = check_errors(&o, &st);
out:
	free(orgs);
	vigie_ruleset_free(rs);
	vigie_batch_list_release(&targets);
	return ex;
}
