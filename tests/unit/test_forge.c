/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of the forge clients, the forge collector and `vigie audit` with a forge. */
#include <math.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "fakeforge.h"
#include "vigie/vigie.h"
#include "vigie/sys/forge.h"

#define TOKEN "s3cr3t-t0ken-do-not-print"
#define DAY 86400

static int setup(void **state)
{
	struct fakeforge *ff = calloc(1, sizeof(*ff));

	ff_start(ff);
	*state = ff;
	return 0;
}

static int teardown(void **state)
{
	ff_stop(*state);
	free(*state);
	return 0;
}

static struct vigie_forge *forge(struct fakeforge *ff, const char *kind,
				 const char *api_suffix, const char *token)
{
	struct vigie_forge_opts o;
	struct vigie_forge *f;
	struct vigie_error err;
	char api[256];

	snprintf(api, sizeof(api), "%s", ff_url(ff, kind, api_suffix));
	vigie_forge_opts_init(&o);
	o.kind = kind;
	o.api_url = api;
	o.token = token;
	o.http.backoff_ms = 10;
	o.http.timeout_ms = 5000;
	if (vigie_forge_new(&f, &o, &err) < 0)
		fail_msg("vigie_forge_new: %s", err.message);
	return f;
}

static const char *str(json_t *o, const char *path)
{
	json_t *v = o;
	char buf[256], *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok; tok = strtok_r(NULL, ".", &save))
		v = json_object_get(v, tok);
	return json_string_value(v);
}

static json_t *get(json_t *o, const char *path)
{
	json_t *v = o;
	char buf[256], *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok; tok = strtok_r(NULL, ".", &save))
		v = json_object_get(v, tok);
	return v;
}

static void assert_near(double got, double want)
{
	if (fabs(got - want) > 0.01)
		fail_msg("expected %g, got %g", want, got);
}

static const char *req_str(json_t *reqs, const char *path, const char *key)
{
	json_t *r = ff_find(reqs, path);

	if (!r)
		fail_msg("no request for %s", path);
	return json_string_value(json_object_get(r, key));
}

/* ---- clients -------------------------------------------------------------- */

static void test_forge_github_repo_and_tracker(void **state)
{
	struct fakeforge *ff = *state;
	struct vigie_forge *f = forge(ff, "github", "", TOKEN);
	struct vigie_error err;
	json_t *repo = NULL, *tr = NULL, *reqs;
	int64_t now = (int64_t)time(NULL);

	assert_true(vigie_forge_has_token(f));
	assert_int_equal(vigie_forge_repo(&repo, f, "etalab/demo", &err), 0);
	assert_string_equal(str(repo, "kind"), "github");
	assert_string_equal(str(repo, "repo"), "etalab/demo");
	assert_true(json_is_true(get(repo, "issues_enabled")));
	assert_string_equal(str(repo, "description"),
			    "Un outil commun pour les administrations");
	assert_string_equal(str(repo, "homepage"), "https://demo.example.org");
	assert_int_equal(json_array_size(get(repo, "topics")), 2);
	assert_true(json_is_false(get(repo, "archived")));
	assert_true(json_is_false(get(repo, "fork")));
	assert_true(json_is_true(get(repo, "wiki")));
	assert_true(json_is_false(get(repo, "discussions")));
	assert_string_equal(str(repo, "default_branch"), "main");
	assert_string_equal(str(repo, "license"), "EUPL-1.2");
	assert_int_equal(json_integer_value(get(repo, "stars")), 42);
	assert_int_equal(json_integer_value(get(repo, "forks")), 7);
	assert_int_equal(json_integer_value(get(repo, "open_issues")), 3);

	assert_int_equal(vigie_forge_tracker(&tr, f, "etalab/demo",
					     now - 180 * DAY, now, &err),
			 0);
	/* #1 #2 #5 #6: the pull request and the old issue do not count */
	assert_int_equal(json_integer_value(get(tr, "opened")), 4);
	assert_int_equal(json_integer_value(get(tr, "window_days")), 180);
	/* #1 (12 h, after the author's own comment), #5 (6 h), #6 (24 h);
	 * #2 only had a bot */
	assert_near(json_number_value(get(tr, "answered_share")), 0.75);
	assert_near(json_number_value(get(tr, "median_first_response_hours")),
		    12);
	assert_near(json_number_value(get(tr, "closed_share")), 0.5);
	assert_int_equal(json_array_size(get(tr, "newcomer_labels")), 3);
	assert_string_equal(json_string_value(json_array_get(
				    get(tr, "newcomer_labels"), 0)),
			    "good first issue");

	reqs = ff_requests(ff);
	assert_string_equal(req_str(reqs, "/repos/etalab/demo", "authorization"),
			    "Bearer " TOKEN);
	/* the second page came from the Link header */
	{
		size_t i, pages = 0;
		for (i = 0; i < json_array_size(reqs); i++) {
			json_t *r = json_array_get(reqs, i);
			if (!strcmp(json_string_value(json_object_get(r, "path")),
				    "/repos/etalab/demo/issues")) {
				pages++;
				assert_string_equal(str(r, "query.state"), "all");
			}
		}
		assert_int_equal(pages, 2);
	}
	assert_non_null(str(ff_find(reqs, "/repos/etalab/demo/issues"),
			    "query.since"));
	json_decref(reqs);
	json_decref(repo);
	json_decref(tr);
	vigie_forge_free(f);
}

static void test_forge_gitlab_project_and_tracker(void **state)
{
	struct fakeforge *ff = *state;
	struct vigie_forge *f = forge(ff, "gitlab", "/api/v4", TOKEN);
	struct vigie_error err;
	json_t *repo = NULL, *tr = NULL, *reqs;
	int64_t now = (int64_t)time(NULL);

	assert_int_equal(vigie_forge_repo(&repo, f, "dinum/sub/outil", &err), 0);
	assert_string_equal(str(repo, "kind"), "gitlab");
	assert_string_equal(str(repo, "repo"), "dinum/sub/outil");
	assert_true(json_is_true(get(repo, "issues_enabled")));
	assert_string_equal(str(repo, "description"), ""); /* null: not set */
	assert_null(get(repo, "homepage"));                /* no such field */
	assert_true(json_is_true(get(repo, "archived")));
	assert_true(json_is_false(get(repo, "fork")));
	assert_true(json_is_false(get(repo, "wiki")));
	assert_string_equal(str(repo, "license"), "eupl-1.2");
	assert_int_equal(json_array_size(get(repo, "topics")), 2);

	assert_int_equal(vigie_forge_tracker(&tr, f, "dinum/sub/outil",
					     now - 180 * DAY, now, &err),
			 0);
	assert_int_equal(json_integer_value(get(tr, "opened")), 3);
	/* only #1 got an answer from someone else (system and bot notes,
	 * the author's own note do not count) */
	assert_near(json_number_value(get(tr, "answered_share")), 1.0 / 3);
	assert_near(json_number_value(get(tr, "median_first_response_hours")),
		    12);
	assert_near(json_number_value(get(tr, "closed_share")), 1.0 / 3);
	assert_int_equal(json_array_size(get(tr, "newcomer_labels")), 1);

	reqs = ff_requests(ff);
	assert_string_equal(req_str(reqs, "/api/v4/projects/dinum%2Fsub%2Foutil",
				    "private_token"),
			    TOKEN);
	assert_null(req_str(reqs, "/api/v4/projects/dinum%2Fsub%2Foutil",
			    "authorization"));
	/* X-Next-Page gave the second page */
	{
		size_t i, pages = 0, notes3 = 0;
		for (i = 0; i < json_array_size(reqs); i++) {
			const char *p = str(json_array_get(reqs, i), "path");
			pages += !strcmp(p, "/api/v4/projects/dinum%2Fsub%2Foutil/issues");
			notes3 += !strcmp(p, "/api/v4/projects/dinum%2Fsub%2Foutil/issues/3/notes");
		}
		assert_int_equal(pages, 2);
		assert_int_equal(notes3, 0); /* no notes: not asked */
	}
	assert_non_null(str(ff_find(reqs, "/api/v4/projects/dinum%2Fsub%2Foutil/issues"),
			    "query.created_after"));
	json_decref(reqs);
	json_decref(repo);
	json_decref(tr);
	vigie_forge_free(f);
}

static void test_forge_gitea_repo_and_tracker(void **state)
{
	struct fakeforge *ff = *state;
	struct vigie_forge *f = forge(ff, "gitea", "/api/v1", TOKEN);
	struct vigie_error err;
	json_t *repo = NULL, *tr = NULL, *reqs;
	int64_t now = (int64_t)time(NULL);

	assert_int_equal(vigie_forge_repo(&repo, f, "collectif/outil", &err), 0);
	assert_string_equal(str(repo, "kind"), "gitea");
	assert_true(json_is_false(get(repo, "issues_enabled")));
	assert_true(json_is_true(get(repo, "fork")));
	assert_string_equal(str(repo, "homepage"), "");
	assert_string_equal(str(repo, "license"), "MIT");
	/* topics came from the separate endpoint */
	assert_string_equal(json_string_value(json_array_get(get(repo, "topics"), 0)),
			    "communs");

	assert_int_equal(vigie_forge_tracker(&tr, f, "collectif/outil",
					     now - 30 * DAY, now, &err),
			 0);
	assert_int_equal(json_integer_value(get(tr, "opened")), 1);
	assert_near(json_number_value(get(tr, "answered_share")), 1);
	assert_near(json_number_value(get(tr, "median_first_response_hours")),
		    12);
	assert_int_equal(json_integer_value(get(tr, "window_days")), 30);

	reqs = ff_requests(ff);
	assert_string_equal(req_str(reqs, "/api/v1/repos/collectif/outil",
				    "authorization"),
			    "token " TOKEN);
	assert_string_equal(str(ff_find(reqs, "/api/v1/repos/collectif/outil/issues"),
				"query.type"),
			    "issues");
	json_decref(reqs);
	json_decref(repo);
	json_decref(tr);
	vigie_forge_free(f);
}

static void assert_row(json_t *rows, size_t i, const char *repo, bool archived,
		       bool fork)
{
	json_t *r = json_array_get(rows, i);

	if (!r)
		fail_msg("no row %zu", i);
	assert_string_equal(str(r, "repo"), repo);
	assert_int_equal(json_is_true(get(r, "archived")), archived);
	assert_int_equal(json_is_true(get(r, "fork")), fork);
	assert_non_null(str(r, "url"));
}

static void test_forge_list_organisations(void **state)
{
	struct fakeforge *ff = *state;
	struct vigie_forge *f;
	struct vigie_error err;
	json_t *rows = NULL, *reqs;

	f = forge(ff, "github", "", NULL);
	assert_int_equal(vigie_forge_list(&rows, f, "etalab", &err), 0);
	assert_int_equal(json_array_size(rows), 3);
	assert_row(rows, 0, "etalab/demo", false, false);
	assert_row(rows, 1, "etalab/ancien", true, false);
	assert_row(rows, 2, "etalab/fourche", false, true);
	json_decref(rows);
	/* not an organisation: a user's repositories */
	assert_int_equal(vigie_forge_list(&rows, f, "someone", &err), 0);
	assert_row(rows, 0, "someone/perso", false, true);
	json_decref(rows);
	assert_int_equal(vigie_forge_list(&rows, f, "nobody", &err),
			 VIGIE_ENOTFOUND);
	assert_contains(err.message, "'nobody' not found");
	assert_int_equal(vigie_forge_list(&rows, f, "../etc", &err),
			 VIGIE_EINVALID);
	/* a next page on another host (127.0.0.2, where the fake forge
	 * answers too) is not followed: it would get the token */
	assert_int_equal(vigie_forge_list(&rows, f, "evil", &err), 0);
	assert_int_equal(json_array_size(rows), 1);
	json_decref(rows);
	reqs = ff_requests(ff);
	{
		size_t i, n = 0;
		for (i = 0; i < json_array_size(reqs); i++)
			n += !strcmp(str(json_array_get(reqs, i), "path"),
				     "/orgs/evil/repos");
		assert_int_equal(n, 1);
	}
	json_decref(reqs);
	vigie_forge_free(f);

	f = forge(ff, "gitlab", "/api/v4", NULL);
	assert_int_equal(vigie_forge_list(&rows, f, "dinum", &err), 0);
	assert_int_equal(json_array_size(rows), 3);
	assert_row(rows, 1, "dinum/sub/outil", true, false);
	assert_row(rows, 2, "dinum/sub/fourche", false, true);
	json_decref(rows);
	reqs = ff_requests(ff);
	assert_string_equal(str(ff_find(reqs, "/api/v4/groups/dinum/projects"),
				"query.include_subgroups"),
			    "true");
	json_decref(reqs);
	vigie_forge_free(f);

	f = forge(ff, "gitea", "/api/v1", NULL);
	assert_int_equal(vigie_forge_list(&rows, f, "collectif", &err), 0);
	assert_int_equal(json_array_size(rows), 2);
	assert_row(rows, 0, "collectif/outil", false, true);
	assert_row(rows, 1, "collectif/archive", true, false);
	json_decref(rows);
	vigie_forge_free(f);
}

static void test_forge_errors_are_explained(void **state)
{
	struct fakeforge *ff = *state;
	struct vigie_forge *f = forge(ff, "github", "", NULL);
	struct vigie_error err;
	json_t *repo = NULL;

	assert_int_equal(vigie_forge_repo(&repo, f, "etalab/private", &err),
			 VIGIE_ENOTFOUND);
	assert_contains(err.message, "github repository 'etalab/private' not found");
	assert_contains(err.message, "private");
	assert_int_equal(vigie_forge_repo(&repo, f, "etalab/badtoken", &err),
			 VIGIE_EINVALID);
	assert_contains(err.message, "rejected the token (HTTP 401)");
	assert_contains(err.message, "GITHUB_TOKEN");
	assert_int_equal(vigie_forge_repo(&repo, f, "etalab/forbidden", &err),
			 VIGIE_EINVALID);
	assert_contains(err.message, "refused access to 'etalab/forbidden' "
				     "(HTTP 403): set GITHUB_TOKEN");
	assert_int_equal(vigie_forge_repo(&repo, f, "etalab/malformed", &err),
			 VIGIE_EINVALID);
	assert_contains(err.message, "malformed JSON");
	assert_int_equal(vigie_forge_repo(&repo, f, "../../etc", &err),
			 VIGIE_EINVALID);
	assert_int_equal(vigie_forge_repo(&repo, f, "a/b/c", &err),
			 VIGIE_EINVALID);
	/* a renamed repository answers with a redirect */
	assert_int_equal(vigie_forge_repo(&repo, f, "etalab/renamed", &err), 0);
	assert_string_equal(str(repo, "repo"), "etalab/demo");
	json_decref(repo);
	repo = NULL;
	assert_int_equal(vigie_forge_repo(&repo, f, "etalab/limited", &err),
			 VIGIE_ELIMIT);
	assert_contains(err.message, "rate limited");
	assert_null(repo);
	vigie_forge_free(f);
}

static void test_forge_helpers(void **state)
{
	(void)state;
	assert_int_equal(vigie_forge_parse_time("2026-01-05T10:00:00Z"),
			 1767607200);
	assert_int_equal(vigie_forge_parse_time("2026-01-05T11:00:00.123+01:00"),
			 1767607200);
	assert_int_equal(vigie_forge_parse_time("2026-01-05"), -1);
	assert_int_equal(vigie_forge_parse_time("garbage"), -1);
	assert_true(vigie_forge_newcomer_label("good first issue"));
	assert_true(vigie_forge_newcomer_label("Good-First-Issue"));
	assert_true(vigie_forge_newcomer_label("help wanted"));
	assert_true(vigie_forge_newcomer_label("Bonne première contribution"));
	assert_true(vigie_forge_newcomer_label("aide bienvenue"));
	assert_true(vigie_forge_newcomer_label("débutant·e"));
	assert_false(vigie_forge_newcomer_label("bug"));
	assert_false(vigie_forge_newcomer_label("wontfix"));
}

static void test_forge_token_not_sent_in_clear(void **state)
{
	struct vigie_forge_opts o;
	struct vigie_forge *f;
	struct vigie_error err;

	(void)state;
	vigie_forge_opts_init(&o);
	o.kind = "gitea";
	o.api_url = "http://forge.example.org/api/v1";
	o.token = TOKEN;
	assert_int_equal(vigie_forge_new(&f, &o, &err), 0);
	assert_false(vigie_forge_has_token(f));
	vigie_forge_free(f);
	o.api_url = NULL;
	o.host = "git.example.org";
	assert_int_equal(vigie_forge_new(&f, &o, &err), 0);
	assert_true(vigie_forge_has_token(f));
	assert_string_equal(vigie_forge_api_url(f), "https://git.example.org/api/v1");
	vigie_forge_free(f);
	o.kind = "sourcehut";
	assert_int_equal(vigie_forge_new(&f, &o, &err), VIGIE_EINVALID);
}

/* ---- the CLI -------------------------------------------------------------- */

/* A checkout whose origin is on GitHub, with a README. */
static char *checkout(const char *origin)
{
	char *dir = fx_repo_new("forge-cli");

	fx_write(dir, "README.md", "# Demo\n\nA shared tool for public bodies, "
				   "kept as a digital commons.\n");
	fx_commit(dir, "init");
	fx_sh(dir, "git remote add origin '%s'", origin);
	return dir;
}

struct run {
	int code;
	char *out; /* stdout and stderr */
	json_t *json;
};

static void run_vigie(struct run *r, const char *dir, const char *env,
		      const char *args)
{
	char *all = NULL;
	const char *brace;

	r->code = fx_sh_out(&all, dir,
			    "unset GITHUB_TOKEN GH_TOKEN GITLAB_TOKEN GITEA_TOKEN "
			    "FORGEJO_TOKEN; export XDG_CACHE_HOME='%s/cache' %s; "
			    "'%s' audit --format json %s 2>&1",
			    dir, env, fx_vigie_bin(), args);
	r->out = all;
	brace = strchr(all, '{');
	r->json = brace ? json_loads(brace, JSON_DISABLE_EOF_CHECK, NULL) : NULL;
}

static void run_free(struct run *r)
{
	free(r->out);
	json_decref(r->json);
}

static const char *status_of(json_t *sc, const char *id)
{
	json_t *checks = json_object_get(sc, "checks");
	size_t i;

	for (i = 0; i < json_array_size(checks); i++) {
		json_t *c = json_array_get(checks, i);
		if (!strcmp(str(c, "id"), id))
			return str(c, "status");
	}
	fail_msg("no check %s", id);
	return NULL;
}

static void test_forge_cli_audit_with_forge_facts(void **state)
{
	struct fakeforge *ff = *state;
	char *dir = checkout("https://github.com/etalab/demo.git");
	char args[512];
	struct run r;
	json_t *reqs;
	size_t i, first;

	snprintf(args, sizeof(args), "--api-url %s", ff_url(ff, "github", ""));
	run_vigie(&r, dir, "GITHUB_TOKEN=" TOKEN, args);
	if (r.code != 0 || !r.json)
		fail_msg("exit %d:\n%s", r.code, r.out);
	assert_not_contains(r.out, TOKEN);
	assert_string_equal(str(r.json, "facts.forge.kind"), "github");
	assert_string_equal(str(r.json, "facts.forge.repo"), "etalab/demo");
	assert_int_equal(json_integer_value(get(r.json, "facts.forge.tracker.opened")), 4);
	assert_string_equal(status_of(r.json, "forge.tracker_enabled"), "pass");
	assert_string_equal(status_of(r.json, "forge.tracker_answered"), "pass");
	assert_string_equal(status_of(r.json, "forge.description_topics"), "pass");
	assert_string_equal(status_of(r.json, "forge.homepage"), "pass");
	assert_string_equal(status_of(r.json, "forge.not_archived"), "pass");
	assert_string_equal(status_of(r.json, "forge.newcomer_labels"), "pass");
	reqs = ff_requests(ff);
	/* the origin remote named the repository; the token went to the API */
	assert_string_equal(req_str(reqs, "/repos/etalab/demo", "authorization"),
			    "Bearer " TOKEN);
	/* repository, two pages of issues, comments, labels */
	first = json_array_size(reqs);
	assert_int_equal(first, 5);
	json_decref(reqs);
	run_free(&r);

	/* The next night: every request is revalidated with its ETag, and
	 * the facts are the same. */
	run_vigie(&r, dir, "GITHUB_TOKEN=" TOKEN, args);
	assert_int_equal(r.code, 0);
	assert_int_equal(json_integer_value(get(r.json, "facts.forge.tracker.opened")), 4);
	assert_string_equal(status_of(r.json, "forge.tracker_answered"), "pass");
	reqs = ff_requests(ff);
	assert_int_equal(json_array_size(reqs), 2 * first);
	for (i = first; i < json_array_size(reqs); i++)
		if (!str(json_array_get(reqs, i), "if_none_match"))
			fail_msg("request %zu was not conditional", i);
	json_decref(reqs);
	run_free(&r);
	fx_rmdir(dir);
}

static void test_forge_cli_offline_skips(void **state)
{
	struct fakeforge *ff = *state;
	char *dir = checkout("https://github.com/etalab/demo.git");
	char args[512];
	struct run r;
	json_t *reqs;

	snprintf(args, sizeof(args), "--offline --api-url %s",
		 ff_url(ff, "github", ""));
	run_vigie(&r, dir, "GITHUB_TOKEN=" TOKEN, args);
	if (r.code != 0 || !r.json)
		fail_msg("exit %d:\n%s", r.code, r.out);
	assert_null(get(r.json, "facts.forge"));
	assert_string_equal(status_of(r.json, "forge.tracker_enabled"), "skip");
	assert_string_equal(status_of(r.json, "forge.tracker_answered"), "skip");
	assert_string_equal(status_of(r.json, "forge.description_topics"), "skip");
	assert_string_equal(status_of(r.json, "forge.homepage"), "skip");
	assert_string_equal(status_of(r.json, "forge.not_archived"), "skip");
	assert_string_equal(status_of(r.json, "forge.newcomer_labels"), "skip");
	reqs = ff_requests(ff);
	assert_int_equal(json_array_size(reqs), 0);
	json_decref(reqs);
	run_free(&r);
	fx_rmdir(dir);
}

static void cli_error_case(struct fakeforge *ff, const char *dir,
			   const char *env, const char *forge_repo,
			   const char *api, const char *message)
{
	char args[512];
	struct run r;
	const char *line;

	snprintf(args, sizeof(args), "--forge github --forge-repo %s --api-url %s",
		 forge_repo, api ? api : ff_url(ff, "github", ""));
	run_vigie(&r, dir, env, args);
	if (r.code != 5)
		fail_msg("expected exit 5 for %s, got %d:\n%s", forge_repo,
			 r.code, r.out);
	/* one line on stderr, and the report printed all the same */
	line = strstr(r.out, "vigie: forge: ");
	if (!line)
		fail_msg("no error line:\n%s", r.out);
	assert_contains(line, message);
	assert_non_null(r.json);
	assert_string_equal(status_of(r.json, "readme.present"), "pass");
	assert_string_equal(status_of(r.json, "forge.tracker_enabled"), "skip");
	assert_not_contains(r.out, TOKEN);
	run_free(&r);
}

static void test_forge_cli_required_forge_errors(void **state)
{
	struct fakeforge *ff = *state;
	char *dir = checkout("/nowhere/local.git");
	char dead[128];

	cli_error_case(ff, dir, "", "etalab/private", NULL,
		       "repository 'etalab/private' not found");
	cli_error_case(ff, dir, "GITHUB_TOKEN=" TOKEN, "etalab/badtoken", NULL,
		       "rejected the token (HTTP 401)");
	cli_error_case(ff, dir, "GH_TOKEN=" TOKEN, "etalab/limited", NULL,
		       "rate limited");
	snprintf(dead, sizeof(dead), "http://127.0.0.1:%d/", fx_free_port());
	cli_error_case(ff, dir, "GITHUB_TOKEN=" TOKEN, "etalab/demo", dead,
		       "unreachable");
	fx_rmdir(dir);
}

static void test_forge_cli_tracker_rate_limited(void **state)
{
	struct fakeforge *ff = *state;
	char *dir = checkout("https://github.com/etalab/trackerlimit.git");
	char args[512];
	struct run r;

	/* The repository answered but the tracker is rate limited for an
	 * hour: not a failure, the tracker's rules skip with the reason. */
	snprintf(args, sizeof(args), "--api-url %s", ff_url(ff, "github", ""));
	run_vigie(&r, dir, "", args);
	if (r.code != 0 || !r.json)
		fail_msg("exit %d:\n%s", r.code, r.out);
	assert_contains(str(r.json, "facts.forge.unavailable.tracker"),
			"rate limited");
	assert_contains(r.out, "vigie: warning: forge: tracker facts skipped: "
			       "rate limited");
	assert_string_equal(status_of(r.json, "forge.tracker_enabled"), "pass");
	assert_string_equal(status_of(r.json, "forge.tracker_answered"), "skip");
	assert_string_equal(status_of(r.json, "forge.newcomer_labels"), "skip");
	run_free(&r);
	fx_rmdir(dir);
}

static void test_forge_cli_not_required_warns(void **state)
{
	struct fakeforge *ff = *state;
	char *dir = checkout("https://github.com/etalab/demo.git");
	struct run r;

	(void)ff;
	/* origin on a forge whose API cannot be reached (through a dead
	 * proxy), no forge option: a warning, exit 0 */
	run_vigie(&r, dir, "https_proxy=http://127.0.0.1:1 HTTPS_PROXY=http://127.0.0.1:1",
		  "--rules communs");
	if (r.code != 0 || !r.json)
		fail_msg("exit %d:\n%s", r.code, r.out);
	assert_contains(r.out, "vigie: warning: forge: ");
	assert_string_equal(status_of(r.json, "forge.tracker_enabled"), "skip");
	run_free(&r);
	fx_rmdir(dir);
}

static void test_forge_cli_proxy_honoured(void **state)
{
	struct fakeforge *ff = *state;
	char *dir = checkout("/nowhere/local.git");
	char env[256];
	struct run r;
	json_t *reqs, *q;

	/* forge.invalid does not resolve: only the proxy can answer */
	snprintf(env, sizeof(env), "http_proxy=%s", ff->base);
	run_vigie(&r, dir, env,
		  "--forge github --forge-repo etalab/demo "
		  "--api-url http://forge.invalid/github");
	if (r.code != 0 || !r.json)
		fail_msg("exit %d:\n%s", r.code, r.out);
	assert_string_equal(str(r.json, "facts.forge.repo"), "etalab/demo");
	reqs = ff_requests(ff);
	q = ff_find(reqs, "/repos/etalab/demo");
	assert_non_null(q);
	assert_true(json_is_true(json_object_get(q, "proxied")));
	json_decref(reqs);
	run_free(&r);
	fx_rmdir(dir);
}

/* Does a client for this kind and host carry the token of the environment? */
static bool carries_token(const char *kind, const char *host, const char *api)
{
	struct vigie_forge_opts o;
	struct vigie_forge *f = NULL;
	struct vigie_error err;
	bool has;

	vigie_forge_opts_init(&o);
	o.kind = kind;
	o.host = host;
	o.api_url = api;
	if (vigie_forge_new(&f, &o, &err) < 0)
		fail_msg("vigie_forge_new: %s", err.message);
	has = vigie_forge_has_token(f);
	vigie_forge_free(f);
	return has;
}

static void test_forge_token_goes_only_to_vouched_hosts(void **state)
{
	(void)state;
	setenv("GITLAB_TOKEN", "glpat-secret", 1);
	setenv("GITHUB_TOKEN", "ghp-secret", 1);
	unsetenv("VIGIE_TOKEN_HOSTS");
	unsetenv("CI_SERVER_HOST");
	unsetenv("GITLAB_HOST");
	unsetenv("GITHUB_API_URL");
	/* The public instances, and an API named on the command line. */
	assert_true(carries_token("gitlab", "gitlab.com", NULL));
	assert_true(carries_token("github", "github.com", NULL));
	assert_true(carries_token("gitlab", NULL, "https://git.example.org/api/v4"));
	/* A host that only a target or a remote names does not get it... */
	assert_false(carries_token("gitlab", "gitlab.attacker.example", NULL));
	assert_false(carries_token("github", "github.attacker.example", NULL));
	/* ...unless the user lists it, or the CI runs on it. */
	setenv("VIGIE_TOKEN_HOSTS", "other.example, gitlab.attacker.example", 1);
	assert_true(carries_token("gitlab", "gitlab.attacker.example", NULL));
	unsetenv("VIGIE_TOKEN_HOSTS");
	setenv("CI_SERVER_HOST", "gitlab.ministere.example", 1);
	assert_true(carries_token("gitlab", "gitlab.ministere.example", NULL));
	assert_false(carries_token("gitlab", "gitlab.attacker.example", NULL));
	unsetenv("CI_SERVER_HOST");
	setenv("GITHUB_API_URL", "https://ghe.example.org/api/v3", 1);
	assert_true(carries_token("github", "ghe.example.org", NULL));
	unsetenv("GITHUB_API_URL");
	unsetenv("GITLAB_TOKEN");
	unsetenv("GITHUB_TOKEN");
}

/* How many requests reached host, and how many of them carried a token. */
static size_t reached(struct fakeforge *ff, const char *host, size_t *tokens)
{
	json_t *reqs = ff_requests(ff);
	size_t i, n = 0;

	*tokens = 0;
	for (i = 0; i < json_array_size(reqs); i++) {
		json_t *q = json_array_get(reqs, i);
		if (strcmp(str(q, "host"), host))
			continue;
		n++;
		*tokens += (str(q, "private_token") &&
			    strstr(str(q, "private_token"), TOKEN)) ||
			   (str(q, "authorization") &&
			    strstr(str(q, "authorization"), TOKEN));
	}
	json_decref(reqs);
	return n;
}

static void test_forge_gitlab_token_stays_on_its_host(void **state)
{
	struct fakeforge *ff = *state;
	struct vigie_forge *f = forge(ff, "gitlab", "/api/v4", TOKEN);
	struct vigie_forge_opts o;
	struct vigie_error err;
	json_t *repo = NULL;
	size_t tokens;
	char api[256];

	/* A project that "moved" to 127.0.0.2: PRIVATE-TOKEN would follow a
	 * libcurl redirect; vigie does not follow it at all. */
	assert_int_equal(vigie_forge_repo(&repo, f, "dinum/moved", &err),
			 VIGIE_EINVALID);
	assert_null(repo);
	assert_contains(err.message, "another host");
	assert_not_contains(err.message, TOKEN);
	assert_int_equal(reached(ff, "127.0.0.2", &tokens), 0);
	assert_int_equal(reached(ff, "127.0.0.1", &tokens), 1);
	assert_int_equal(tokens, 1);
	vigie_forge_free(f);

	/* An API URL whose user name looks like this machine: the host is
	 * 127.0.0.2, plain http, so no token, given or from the
	 * environment. */
	snprintf(api, sizeof(api), "http://127.0.0.1:x@127.0.0.2:%d/gitlab/api/v4",
		 ff->port);
	vigie_forge_opts_init(&o);
	o.kind = "gitlab";
	o.api_url = api;
	o.token = TOKEN;
	o.http.timeout_ms = 5000;
	assert_int_equal(vigie_forge_new(&f, &o, &err), 0);
	assert_false(vigie_forge_has_token(f));
	assert_int_equal(vigie_forge_repo(&repo, f, "dinum/sub/outil", &err), 0);
	json_decref(repo);
	vigie_forge_free(f);
	assert_int_equal(reached(ff, "127.0.0.2", &tokens), 1);
	assert_int_equal(tokens, 0);
	setenv("GITLAB_TOKEN", TOKEN, 1);
	o.token = NULL;
	assert_int_equal(vigie_forge_new(&f, &o, &err), 0);
	assert_false(vigie_forge_has_token(f));
	vigie_forge_free(f);
	unsetenv("GITLAB_TOKEN");
}

static bool has_warning(struct vigie_forge *f, const char *fragment)
{
	json_t *w;
	size_t i;

	json_array_foreach(vigie_forge_warnings(f), i, w)
		if (strstr(json_string_value(json_object_get(w, "message")),
			   fragment))
			return true;
	return false;
}

static size_t count_path(struct fakeforge *ff, const char *path)
{
	json_t *reqs = ff_requests(ff);
	size_t i, n = 0;

	for (i = 0; i < json_array_size(reqs); i++)
		n += !strcmp(str(json_array_get(reqs, i), "path"), path);
	json_decref(reqs);
	return n;
}

static struct vigie_forge *capped(struct fakeforge *ff, size_t endpoint,
				  size_t total)
{
	struct vigie_forge_opts o;
	struct vigie_forge *f;
	struct vigie_error err;
	char api[256];

	snprintf(api, sizeof(api), "%s", ff_url(ff, "github", ""));
	vigie_forge_opts_init(&o);
	o.kind = "github";
	o.api_url = api;
	o.http.timeout_ms = 5000;
	o.max_endpoint_bytes = endpoint;
	o.max_total_bytes = total;
	o.max_list_entries = 25;
	if (vigie_forge_new(&f, &o, &err) < 0)
		fail_msg("vigie_forge_new: %s", err.message);
	return f;
}

static void test_forge_paging_loop_and_ceilings(void **state)
{
	struct fakeforge *ff = *state;
	struct vigie_forge *f = forge(ff, "github", "", NULL);
	struct vigie_error err;
	json_t *tr = NULL;
	int64_t now = (int64_t)time(NULL);

	/* A next link to the page itself: read once, counted once. */
	assert_int_equal(vigie_forge_tracker(&tr, f, "etalab/loop",
					     now - 30 * DAY, now, &err), 0);
	assert_int_equal(json_integer_value(get(tr, "opened")), 1);
	assert_int_equal(count_path(ff, "/repos/etalab/loop/issues"), 1);
	assert_true(has_warning(f, "points back to a page already read"));
	json_decref(tr);
	vigie_forge_free(f);

	/* Endless pages of 300 kB: one list stops at its ceiling. */
	f = capped(ff, 1 << 20, 0);
	assert_int_equal(vigie_forge_tracker(&tr, f, "etalab/huge",
					     now - 30 * DAY, now, &err),
			 VIGIE_ELIMIT);
	assert_contains(err.message, "more than 1 MiB for one list");
	assert_null(tr);
	assert_true(count_path(ff, "/repos/etalab/huge/issues") <= 5);
	vigie_forge_free(f);

	/* The whole audit has a ceiling too. */
	f = capped(ff, 0, 1 << 20);
	assert_int_equal(vigie_forge_tracker(&tr, f, "etalab/huge",
					     now - 30 * DAY, now, &err),
			 VIGIE_ELIMIT);
	assert_contains(err.message, "for this audit");
	vigie_forge_free(f);
}

static long max_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void test_forge_pages_are_streamed(void **state)
{
	struct fakeforge *ff = *state;
	struct vigie_forge *f = capped(ff, 32 << 20, 256 << 20);
	struct vigie_error err;
	json_t *tr = NULL;
	int64_t now = (int64_t)time(NULL);
	long before = max_rss_kb();

#ifdef __SANITIZE_ADDRESS__
	/* ASan keeps freed memory in quarantine, and with the test suite's
	 * slow unwinding 160 000 objects take minutes: nothing to measure. */
	vigie_forge_free(f);
	(void)tr; (void)now; (void)err; (void)before;
	skip();
#endif
	/* 16 pages of 2 MB of issues (about 10 000 objects each): held
	 * together they took some 500 MB; one at a time, about 30 MB. */
	assert_int_equal(vigie_forge_tracker(&tr, f, "etalab/heavy",
					     now - 30 * DAY, now, &err),
			 VIGIE_ELIMIT);
	assert_true(count_path(ff, "/repos/etalab/heavy/issues") >= 16);
	if (max_rss_kb() - before >= 120 * 1024)
		fail_msg("max RSS grew by %ld kB", max_rss_kb() - before);
	vigie_forge_free(f);
}

static void test_forge_list_every_page_within_ceilings(void **state)
{
	struct fakeforge *ff = *state;
	struct vigie_forge *f = forge(ff, "github", "", NULL);
	struct vigie_error err;
	json_t *rows = NULL, *w;
	size_t i;

	/* 51 pages: past the 50 pages where listings used to stop. */
	assert_int_equal(vigie_forge_list(&rows, f, "many", &err), 0);
	assert_int_equal(json_array_size(rows), 51);
	assert_int_equal(json_array_size(vigie_forge_warnings(f)), 0);
	json_decref(rows);

	/* A listing that names itself as its next page: one page, a warning. */
	assert_int_equal(vigie_forge_list(&rows, f, "selfloop", &err), 0);
	assert_int_equal(json_array_size(rows), 1);
	assert_int_equal(count_path(ff, "/orgs/selfloop/repos"), 1);
	assert_true(has_warning(f, "points back"));
	json_decref(rows);

	/* Names outside the grammar are left out, each with a warning that
	 * shows it escaped. */
	assert_int_equal(vigie_forge_list(&rows, f, "hostile", &err), 0);
	assert_int_equal(json_array_size(rows), 2);
	assert_string_equal(str(json_array_get(rows, 0), "repo"), "hostile/ok");
	assert_string_equal(str(json_array_get(rows, 1), "repo"), "hostile/.dot-ok");
	json_decref(rows);
	assert_true(has_warning(f, "'127.0.0.3:"));
	assert_true(has_warning(f, "'hostile/line\\x0abreak'"));
	assert_true(has_warning(f, "'hostile/\\x1b[31mred'"));
	assert_true(has_warning(f, "'hostile/../../etc'"));
	assert_true(has_warning(f, "'hostile/sub/deep'"));
	json_array_foreach(vigie_forge_warnings(f), i, w) {
		const char *m = json_string_value(json_object_get(w, "message"));
		assert_non_null(m);
		assert_null(strchr(m, '\n'));
		assert_null(strchr(m, '\033'));
	}
	vigie_forge_free(f);

	/* The entries ceiling keeps what it read and says so. */
	f = capped(ff, 0, 0);
	assert_int_equal(vigie_forge_list(&rows, f, "many", &err), 0);
	assert_int_equal(json_array_size(rows), 25);
	assert_true(has_warning(f, "stopped at 25 repositories"));
	json_decref(rows);
	vigie_forge_free(f);

	/* So does the bytes ceiling of a listing. */
	{
		struct vigie_forge_opts o;
		char api[256];

		snprintf(api, sizeof(api), "%s", ff_url(ff, "github", ""));
		vigie_forge_opts_init(&o);
		o.kind = "github";
		o.api_url = api;
		o.max_list_bytes = 100;
		assert_int_equal(vigie_forge_new(&f, &o, &err), 0);
		assert_int_equal(vigie_forge_list(&rows, f, "many", &err), 0);
		assert_int_equal(json_array_size(rows), 1);
		assert_true(has_warning(f, "for one list: stopped at"));
		json_decref(rows);
		vigie_forge_free(f);
	}

	/* GitLab paths: subgroups are fine, a climb or a port is not. */
	f = forge(ff, "gitlab", "/api/v4", NULL);
	assert_int_equal(vigie_forge_list(&rows, f, "bad", &err), 0);
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(str(json_array_get(rows, 0), "repo"), "bad/sub/ok");
	assert_true(has_warning(f, "'bad:22/y'"));
	json_decref(rows);
	vigie_forge_free(f);
}

static void test_forge_cli_timeout_covers_forge(void **state)
{
	struct fakeforge *ff = *state;
	char *dir = checkout("/nowhere/local.git");
	char args[512];
	struct run r;
	double t0;
	struct timespec ts;

	/* A forge answering 1 byte/s: --timeout 2 ends the audit in time,
	 * with the rest of the report. */
	snprintf(args, sizeof(args), "--timeout 2 --forge github --forge-repo "
		 "etalab/slow --api-url %s", ff_url(ff, "github", ""));
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t0 = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	run_vigie(&r, dir, "", args);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	assert_true((double)ts.tv_sec + (double)ts.tv_nsec / 1e9 - t0 < 6);
	if (r.code != 5 || !r.json)
		fail_msg("exit %d:\n%s", r.code, r.out);
	assert_contains(r.out, "time budget");
	assert_string_equal(status_of(r.json, "readme.present"), "pass");
	run_free(&r);
	fx_rmdir(dir);
}

/* How many requests of the log reached path. */
static size_t requests_to(json_t *reqs, const char *path)
{
	json_t *q;
	size_t i, n = 0;

	json_array_foreach(reqs, i, q)
		if (!strcmp(json_string_value(json_object_get(q, "rawpath")), path))
			n++;
	return n;
}

/*
 * A self-managed forge vigie does not know by name: one probe of its
 * version endpoints tells GitLab, remembered for the next audit; a host
 * where no forge answers is said once, with the flags that fix it, and
 * its rules skip with one reason, not one each.
 */
static void test_forge_cli_unknown_host_is_probed(void **state)
{
	struct fakeforge *ff = *state;
	char origin[256], args[64];
	char *dir, *out = NULL, *err = NULL;
	struct run r;
	json_t *reqs;
	int port = fx_free_port();

	snprintf(origin, sizeof(origin), "http://127.0.0.1:%d/dinum/sub/outil.git",
		 ff->port);
	dir = checkout(origin);
	run_vigie(&r, dir, "", "");
	if (r.code != 0 || !r.json)
		fail_msg("exit %d:\n%s", r.code, r.out);
	assert_string_equal(json_string_value(get(r.json, "facts.forge.kind")), "gitlab");
	assert_non_null(get(r.json, "facts.forge.description"));
	assert_string_equal(status_of(r.json, "forge.tracker_enabled"), "pass");
	assert_null(json_object_get(r.json, "problems"));
	run_free(&r);
	run_vigie(&r, dir, "", "");
	assert_string_equal(json_string_value(get(r.json, "facts.forge.kind")), "gitlab");
	run_free(&r);
	reqs = ff_requests(ff);
	/* Gitea's endpoint first (nothing there), then GitLab's, once. */
	assert_int_equal(requests_to(reqs, "/api/v1/version"), 1);
	assert_int_equal(requests_to(reqs, "/api/v4/version"), 1);
	assert_true(requests_to(reqs, "/api/v4/projects/dinum%2Fsub%2Foutil") >= 1);
	json_decref(reqs);
	fx_rmdir(dir);

	/* Nothing answers there: one problem, one reason in the report. */
	snprintf(origin, sizeof(origin), "http://127.0.0.1:%d/a/b.git", port);
	dir = checkout(origin);
	run_vigie(&r, dir, "", "");
	if (r.code != 0 || !r.json)
		fail_msg("exit %d:\n%s", r.code, r.out);
	assert_null(get(r.json, "facts.forge"));
	snprintf(args, sizeof(args), "no forge API answers at 127.0.0.1:%d", port);
	assert_contains(json_string_value(json_object_get(json_array_get(
				json_object_get(r.json, "problems"), 0), "message")),
			args);
	assert_contains(r.out, "--api-url URL, or audit with --offline");
	assert_string_equal(status_of(r.json, "forge.homepage"), "skip");
	run_free(&r);
	assert_int_equal(fx_sh_out(&out, dir, "XDG_CACHE_HOME='%s/cache' '%s' audit . "
				   "2>&1 | grep -c 'skipped: the forge facts are "
				   "unavailable'", dir, fx_vigie_bin()), 0);
	assert_string_equal(out, "1\n");
	free(out);
	free(err);
	fx_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_forge_github_repo_and_tracker),
		T(test_forge_gitlab_project_and_tracker),
		T(test_forge_gitea_repo_and_tracker),
		T(test_forge_list_organisations),
		T(test_forge_errors_are_explained),
		cmocka_unit_test(test_forge_helpers),
		cmocka_unit_test(test_forge_token_not_sent_in_clear),
		cmocka_unit_test(test_forge_token_goes_only_to_vouched_hosts),
		T(test_forge_cli_audit_with_forge_facts),
		T(test_forge_cli_offline_skips),
		T(test_forge_cli_unknown_host_is_probed),
		T(test_forge_cli_required_forge_errors),
		T(test_forge_cli_tracker_rate_limited),
		T(test_forge_cli_not_required_warns),
		T(test_forge_cli_proxy_honoured),
		T(test_forge_gitlab_token_stays_on_its_host),
		T(test_forge_paging_loop_and_ceilings),
		T(test_forge_list_every_page_within_ceilings),
		T(test_forge_pages_are_streamed),
		T(test_forge_cli_timeout_covers_forge),
#undef T
	};
	int rc;

	vigie_global_init();
	rc = fx_run_group_tests(tests, NULL, NULL);
	vigie_global_shutdown();
	return rc;
}
