/* SPDX-License-Identifier: EUPL-1.2 */
/* The options of an audit, shared by audit, batch, hook and fix. */
#include <stddef.h>
#include <string.h>

#include "vigie/error.h"
#include "vigie/i18n.h"
#include "vigie/gate.h"
#include "vigie/audit.h"
#include "cmd.h"
#include "opt.h"
#include "../util/banned.h"

#define AT(field) offsetof(struct cli_audit, field)

/* The help texts are those of vigie audit; a command may say its own. */
const struct cli_opt_spec cli_audit_history[] = {
	[CLI_AUDIT_WINDOW] = { CLI_OPT_VALUE, "window", 0, N_("DAYS"),
		N_("history window (default 365)"), AT(window), cli_opt_long,
		1, 36500, N_("--window takes a number of days (1 to 36500)"), NULL },
	[CLI_AUDIT_AS_OF] = { CLI_OPT_VALUE, "as-of", 0, N_("WHEN"),
		N_("the window ends and ages count from WHEN:\n"
		   "now (default), commit (the audited commit's\n"
		   "date) or a date (YYYY-MM-DD, ISO 8601)"),
		AT(as_of), cli_opt_as_of, 0, 0, NULL, NULL },
	[CLI_AUDIT_LOOKBACK] = { CLI_OPT_VALUE, "lookback", 0, N_("DAYS"),
		N_("history before the window searched to tell\n"
		   "newcomers (default: the window; 0: none)"),
		AT(lookback), cli_opt_long, 0, 36500,
		N_("--lookback takes a number of days (0 to 36500)"), NULL },
	[CLI_AUDIT_IDENTITIES] = { CLI_OPT_FLAG, "identities", 0, NULL,
		N_("put authors' names and addresses in the\n"
		   "facts (default: aggregates only)"),
		AT(identities), NULL, 0, 0, NULL, NULL },
	{ CLI_OPT_END, NULL, 0, NULL, NULL, 0, NULL, 0, 0, NULL, NULL },
};

const struct cli_opt_spec cli_audit_network[] = {
	[CLI_AUDIT_OFFLINE] = { CLI_OPT_FLAG, "offline", 0, NULL,
		N_("no network: forge rules are skipped"), AT(offline), NULL,
		0, 0, NULL, NULL },
	[CLI_AUDIT_CACHE_DIR] = { CLI_OPT_VALUE, "cache-dir", 0, N_("DIR"),
		N_("vigie's cache: clones in DIR/repos, forge\n"
		   "answers in DIR/http"),
		AT(cache_dir), NULL, 0, 0, NULL, NULL },
	[CLI_AUDIT_CA_FILE] = { CLI_OPT_VALUE, "ca-file", 0, N_("FILE"),
		N_("CA certificates (PEM) for https clones and\n"
		   "the forge API, instead of the system's"),
		AT(ca_file), NULL, 0, 0, NULL, NULL },
	[CLI_AUDIT_CA_PATH] = { CLI_OPT_VALUE, "ca-path", 0, N_("DIR"),
		N_("a directory of them (hashed by openssl rehash)"),
		AT(ca_path), NULL, 0, 0, NULL, NULL },
	[CLI_AUDIT_NO_STALE] = { CLI_OPT_FLAG, "no-stale", 0, NULL,
		N_("fail when a cached clone cannot be fetched,\n"
		   "rather than audit it as it was"),
		AT(no_stale), NULL, 0, 0, NULL, NULL },
	/*
	 * The network's limit.  Not --timeout, which batch has long taken
	 * for its limit of one repository, the whole audit included.
	 */
	[CLI_AUDIT_FETCH_TIMEOUT] = { CLI_OPT_VALUE, "fetch-timeout", 0,
		N_("SECONDS"),
		N_("limit for a clone or fetch, and for the\n"
		   "forge's answers (default: --timeout)"),
		AT(fetch_timeout), cli_opt_long, 1, 86400,
		N_("--fetch-timeout takes seconds (1 to 86400)"), NULL },
	[CLI_AUDIT_MAX_CLONE] = { CLI_OPT_VALUE, "max-clone-size", 0, N_("SIZE"),
		N_("limit for a clone or fetch (default 4G)"),
		AT(max_clone), cli_opt_size, 0, 0, NULL, NULL },
	[CLI_AUDIT_TRACKER_DAYS] = { CLI_OPT_VALUE, "tracker-days", 0, "N",
		N_("issue tracker window (default 180)"),
		AT(tracker_days), cli_opt_long, 1, 36500,
		N_("--tracker-days takes a number of days (1 to 36500)"), NULL },
	{ CLI_OPT_END, NULL, 0, NULL, NULL, 0, NULL, 0, 0, NULL, NULL },
};

static int fail_under(const struct cli_opt_spec *spec, void *slot,
		      const char *arg)
{
	struct vigie_error err;

	(void)spec;
	if (vigie_gate_parse_fail_under(slot, arg, &err) == 0)
		return 0;
	cli_report_error(&err);
	return -1;
}

static int require(const struct cli_opt_spec *spec, void *slot, const char *arg)
{
	struct vigie_error err;

	(void)spec;
	if (vigie_gate_require(slot, arg, &err) == 0)
		return 0;
	cli_report_error(&err);
	return -1;
}

static int fail_on(const struct cli_opt_spec *spec, void *slot, const char *arg)
{
	struct vigie_error err;

	(void)spec;
	if (vigie_gate_parse_fail_on(slot, arg, &err) == 0)
		return 0;
	cli_report_error(&err);
	return -1;
}

const struct cli_opt_spec cli_gate_opts[] = {
	CLI_VALUE("fail-under", 0, "N",
		  N_("exit 1 when the overall score is under N;\n"
		     "THEME=N for a theme's score (repeatable)"), 0, fail_under),
	CLI_VALUE("require", 0, N_("RULE"),
		  N_("exit 1 unless RULE passes (repeatable)"), 0, require),
	CLI_VALUE("fail-on", 0, N_("LEVEL"),
		  N_("exit 1 when a rule of LEVEL (error, warning,\n"
		     "note) or more severe fails"), 0, fail_on),
	CLI_END,
};

const struct cli_opt_spec cli_audit_rules = {
	CLI_OPT_LIST, "rules", 'R', "PACK",
	N_("a pack name or a .json file (repeatable;\ndefault: communs)"),
	AT(rules), NULL, 0, 0, NULL, NULL
};

void cli_audit_init(struct cli_audit *a)
{
	memset(a, 0, sizeof(*a));
	a->window = 365;
	a->tracker_days = 180;
	a->lookback = -1;
	a->max_clone = 4LL << 30;
}

void cli_audit_apply(const struct cli_audit *a, long timeout_s,
		     struct vigie_audit_opts *ao)
{
	long t = a->fetch_timeout ? a->fetch_timeout : timeout_s;

	ao->source.cache_dir = a->cache_dir;
	ao->source.offline = a->offline;
	ao->source.timeout_ms = t * 1000;
	ao->source.max_bytes = a->max_clone;
	ao->source.ca_file = a->ca_file;
	ao->source.ca_path = a->ca_path;
	ao->source.no_stale = a->no_stale;
	/* a transfer that stalls is killed at the time limit */
	ao->source.isolate = true;
	ao->collect.offline = a->offline;
	ao->collect.window_days = (int)a->window;
	ao->collect.lookback_days = (int)a->lookback;
	ao->collect.as_of = a->as_of.as_of;
	ao->collect.as_of_time = a->as_of.as_of_time;
	ao->collect.identities = a->identities;
	ao->collect.cache_dir = a->cache_dir;
	ao->collect.commit_cache = true;
	ao->collect.ca_file = a->ca_file;
	ao->collect.ca_path = a->ca_path;
	ao->collect.tracker_days = (int)a->tracker_days;
}

/* In the audit options, not the command's helpers: only a command that
 * fetches needs the CA certificates (and libgit2). */
int cli_check_ca(const char *file, const char *path)
{
	struct vigie_source_ca ca;
	struct vigie_error err;

	vigie_error_clear(&err);
	if (vigie_source_ca_resolve(&ca, file, path, &err) < 0) {
		cli_report_error(&err);
		/* a library that will not load (libgit2 reads git's settings) */
		return err.code == VIGIE_EGENERIC ? VIGIE_EXIT_INTERNAL
						  : VIGIE_EXIT_USAGE;
	}
	vigie_source_ca_release(&ca);
	return 0;
}

int cli_load_rules(struct vigie_ruleset **out, const char *const *packs,
		   size_t n)
{
	struct vigie_ruleset *rs = vigie_ruleset_new();
	struct vigie_error err;
	size_t i;

	*out = NULL;
	if (!rs) {
		cli_error(N_("out of memory"));
		return VIGIE_EXIT_INTERNAL;
	}
	vigie_error_clear(&err);
	for (i = 0; i < n; i++)
		if (vigie_ruleset_load(rs, packs[i], &err) < 0)
			break;
	if (!n)
		vigie_ruleset_load_defaults(rs, &err);
	if (err.code) {
		cli_report_error(&err);
		vigie_ruleset_free(rs);
		return VIGIE_EXIT_RULES;
	}
	*out = rs;
	return VIGIE_EXIT_OK;
}

int cli_check_required(const struct vigie_gate *gate,
		       const struct vigie_ruleset *rs)
{
	size_t i;

	/* --require names rules of the packs loaded: a typo is a usage
	 * error before any work, not a gate that can never pass. */
	for (i = 0; i < gate->nrequire; i++) {
		if (vigie_ruleset_find(rs, gate->require[i]))
			continue;
		cli_error(N_("--require: no rule '%s' in the packs loaded "
			  "(see 'vigie rules list')"), gate->require[i]);
		return VIGIE_EXIT_USAGE;
	}
	return VIGIE_EXIT_OK;
}
