/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie batch: audit many repositories into a directory of records. */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigie/common.h"
#include "vigie/error.h"
#include "vigie/buf.h"
#include "vigie/i18n.h"
#include "vigie/rules.h"
#include "vigie/report.h"
#include "vigie/batch.h"
#include "cmd.h"
#include "opt.h"
#include "pool.h"
#include "../util/banned.h"

/* 128 + SIGINT, as a shell reports a command stopped by ^C. */
#define EXIT_INTERRUPTED 130

static const char usage_text[] = N_(
	"usage: vigie batch (ORG... | --list FILE) --out DIR [options]\n"
	"\n"
	"ORG is github:[HOST/]ORG, gitlab:[HOST/]GROUP, gitea:HOST/ORG,\n"
	"forgejo:HOST/ORG or codeberg:ORG (a HOST has a dot or a port); any\n"
	"other argument is one repository target, as for 'vigie audit'.\n"
	"\n"
	"options:\n");

struct max_errors {
	const char *arg; /* as given, for the message */
	long n;          /* -1: no limit by count */
	long pct;        /* -1: no limit by share */
};

struct batch_cli {
	struct cli_audit a;
	struct cli_list lists;
	const char *out;
	const char *shard;
	const char *progress;
	const char *lang;
	struct max_errors max_errors;
	struct vigie_batch_org_opts org;
	long jobs, timeout, max_age, keep_runs;
	bool resume, print, full;
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
static int take_max_errors(const struct cli_opt_spec *spec, void *slot,
			   const char *arg)
{
	struct max_errors *m = slot;
	size_t n = strlen(arg);
	char num[32];

	(void)spec;
	m->arg = arg;
	if (n > 1 && n < sizeof(num) && arg[n - 1] == '%') {
		memcpy(num, arg, n - 1);
		num[n - 1] = '\0';
		if (cli_parse_long(num, 0, 100, &m->pct))
			return 0;
	} else if (cli_parse_long(arg, 0, 100000000, &m->n)) {
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
	if ((o->max_errors.n >= 0 && st->errors > (size_t)o->max_errors.n) ||
	    (o->max_errors.pct >= 0 &&
	     st->errors * 100 > (size_t)o->max_errors.pct * st->done)) {
		cli_error(N_("%zu of %zu repositories failed, more than "
			     "--max-errors %s"), st->errors, st->done,
			  o->max_errors.arg);
		return VIGIE_EXIT_GATE;
	}
	return VIGIE_EXIT_OK;
}

#define AT(field) offsetof(struct batch_cli, field)
#define SHARED(table, which, help) CLI_SHARED(&(table)[which], AT(a), NULL, help)

/* In the order of --help. */
static const struct cli_opt_spec options[] = {
	CLI_LIST("list", 'l', N_("FILE"),
		 N_("targets, one a line, '#' comments (repeatable)"), AT(lists)),
	CLI_VALUE("out", 'o', N_("DIR"),
		  N_("where results.jsonl, summary.* and index.html go"), AT(out),
		  NULL),
	{ .kind = CLI_OPT_VALUE, .name = "jobs", .alias = 'j', .value = "N",
	  .help = N_("parallel audits (default: the number of cores)"),
	  .offset = AT(jobs), .set = cli_opt_long, .min = 1, .max = 256,
	  .error = N_("--jobs takes a number from 1 to 256") },
	CLI_VALUE("shard", 0, "K/N",
		  N_("audit only shard K of N (a stable hash)"), AT(shard), NULL),
	CLI_FLAG("resume", 0, N_("continue an interrupted run in DIR"),
		 AT(resume)),
	CLI_FLAG("full", 0, N_("audit every repository, even unchanged ones"),
		 AT(full)),
	CLI_LONG("keep-runs", "N",
		 N_("runs whose rule results vigie.sqlite keeps\n"
		    "(default 400; 0: all)"), AT(keep_runs), 0, 1000000,
		 N_("--keep-runs takes a number of runs (0 to 1000000)")),
	CLI_LONG("max-age", N_("DAYS"),
		 N_("audit an unchanged repository again after this\n"
		    "many days (default 7; 0: never)"), AT(max_age), 0, 36500,
		 N_("--max-age takes a number of days (0 to 36500)")),
	/* Not audit's --timeout: the whole audit of one repository. */
	CLI_LONG("timeout", N_("SECONDS"),
		 N_("limit for one repository (default 600)"), AT(timeout),
		 1, 86400, N_("--timeout takes seconds (1 to 86400)")),
	SHARED(cli_audit_network, CLI_AUDIT_FETCH_TIMEOUT, NULL),
	SHARED(cli_audit_network, CLI_AUDIT_MAX_CLONE, NULL),
	CLI_VALUE("max-errors", 0, "N",
		  N_("exit 1 when more than N repositories failed (N\n"
		     "may end with a percent sign: a share); exit 1\n"
		     "always when every repository failed"), AT(max_errors),
		  take_max_errors),
	CLI_FLAG("include-archived", 0,
		 N_("list archived repositories of an ORG too"),
		 AT(org.include_archived)),
	CLI_FLAG("include-forks", 0, N_("list forks of an ORG too"),
		 AT(org.include_forks)),
	CLI_VALUE("match", 0, "REGEX",
		  N_("keep ORG repositories whose OWNER/NAME matches\n"
		     "(POSIX extended regular expression)"), AT(org.match), NULL),
	CLI_VALUE("api-url", 0, "URL",
		  N_("the API root of the forge that lists ORG and\n"
		     "describes its repositories"), AT(org.api_url), cli_opt_url),
	CLI_FLAG("print-targets", 0,
		 N_("print the targets (listed, this shard) and stop"), AT(print)),
	CLI_SHARED(&cli_audit_rules, AT(a), NULL,
		   N_("a pack name or a .json file (repeatable)")),
	SHARED(cli_audit_network, CLI_AUDIT_OFFLINE,
	       N_("no network: cached clones only")),
	SHARED(cli_audit_network, CLI_AUDIT_CACHE_DIR, NULL),
	SHARED(cli_audit_network, CLI_AUDIT_CA_FILE, NULL),
	SHARED(cli_audit_network, CLI_AUDIT_CA_PATH, NULL),
	SHARED(cli_audit_network, CLI_AUDIT_NO_STALE,
	       N_("a cached clone that cannot be fetched is a\n"
		  "failure, rather than audited as it was")),
	SHARED(cli_audit_history, CLI_AUDIT_WINDOW,
	       NC_("batch", "history window (default 365)")),
	SHARED(cli_audit_history, CLI_AUDIT_AS_OF,
	       N_("the window ends and ages count from WHEN:\n"
		  "now (default), commit or a date")),
	CLI_GROUP(cli_audit_history, AT(a)),
	CLI_GROUP(cli_audit_network, AT(a)),
	CLI_VALUE("progress", 0, N_("WHEN"),
		  N_("auto (default: on a terminal), always, never"), AT(progress),
		  cli_opt_when),
	CLI_VALUE("lang", 0, N_("LANG"),
		  N_("summaries in en or fr (default: from the locale)"), AT(lang),
		  cli_opt_lang),
	CLI_HELP(N_("show this help")),
	CLI_END,
};

static const struct cli_cmd_spec command = {
	"batch", usage_text, options, 25, NULL,
};

static int parse_args(struct batch_cli *o, int argc, char **argv)
{
	static const struct vigie_batch_org_opts org = VIGIE_BATCH_ORG_OPTIONS_INIT;
	int rc, first;

	memset(o, 0, sizeof(*o));
	o->org = org;
	cli_audit_init(&o->a);
	o->jobs = sysconf(_SC_NPROCESSORS_ONLN);
	if (o->jobs < 1)
		o->jobs = 1;
	o->timeout = 600;
	o->max_age = 7;
	o->max_errors.n = o->max_errors.pct = -1;
	o->keep_runs = VIGIE_BATCH_KEEP_RUNS;
	rc = cli_opt_parse(&command, o, argc, argv, &first);
	if (rc)
		return rc;
	o->args = argv + first;
	o->nargs = argc - first;
	if (!o->out && !o->print) {
		cli_error(N_("--out DIR is required (see 'vigie batch --help')"));
		return -1;
	}
	if (!o->nargs && !o->lists.n) {
		cli_error(N_("nothing to audit: name an ORG or pass --list FILE"));
		return -1;
	}
	return 0;
}

/* The progress line (fmt marked N_), on stderr in the chosen language. */
/* The line for n repositories done (fmt: its singular and plural). */
static void progress_line(size_t n, const char *singular, const char *fmt,
			  ...) VIGIE_PRINTF(3, 4);

static void progress_line(size_t n, const char *singular, const char *fmt,
			  ...)
{
	va_list ap;

	/* Back to the start of the line, which is cleared. */
	fputs("\r\033[K", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, cli_ntext(singular, fmt, n), ap);
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
	progress_line(st->done,
		      Q_("%zu/%zu done, %zu failed, %.1f/s, ETA %s",
			 "%zu/%zu done, %zu failed, %.1f/s, ETA %s"),
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
	for (i = 0; i < o->lists.n; i++)
		if (vigie_batch_list_read(l, o->lists.v[i], &err) < 0) {
			cli_report_error(&err);
			return VIGIE_EXIT_USAGE;
		}
	for (j = 0; j < o->nargs; j++) {
		if (vigie_batch_is_org(o->args[j])) {
			if (o->a.offline) {
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
	struct vigie_batch_executor exec;
	struct cli_pool *pool = NULL;
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
	if (!o.a.offline && (ex = cli_check_ca(o.a.ca_file, o.a.ca_path)))
		return ex;
	o.org.ca_file = o.a.ca_file;
	o.org.ca_path = o.a.ca_path;
	ex = collect_targets(&targets, &o);
	if (ex || o.print) {
		if (!ex)
			ex = print_targets(&targets, &bo);
		goto out;
	}
	ex = cli_load_rules(&rs, o.a.rules.v, o.a.rules.n);
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
	/* The clone, fetch and forge budget is the repository's limit,
	 * unless --fetch-timeout sets a shorter one. */
	cli_audit_apply(&o.a, o.timeout, &bo.audit);
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

	/* The audits run in worker processes of the command's own. */
	pool = calloc(1, sizeof(*pool));
	if (!pool) {
		cli_error(N_("out of memory"));
		ex = VIGIE_EXIT_INTERNAL;
		goto out;
	}
	cli_pool_executor(&exec, pool);
	rc = vigie_batch_run_on(&st, &bo, &exec, &err);
	cli_pool_release(pool);
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
	free(pool);
	free(orgs);
	vigie_ruleset_free(rs);
	vigie_batch_list_release(&targets);
	return ex;
}
