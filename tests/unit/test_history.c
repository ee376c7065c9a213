/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of the history collector and identities, on repositories built here. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "json.h"
#include "vigie/vigie.h"
#include "vigie/sys/collect.h"
#include "src/facts/identity.h"

#define T0 1767225600LL          /* 2026-01-01T00:00:00Z, the pinned commit */
#define DAY 86400LL
#define EDGE (T0 - 365 * DAY)    /* 2025-01-01: the default window's edge */

/* ---- helpers -------------------------------------------------------------- */

/* A commit by author (and committer, NULL: the author) on the given dates. */
static void commit_at(const char *dir, const char *author, const char *email,
		      const char *committer, const char *cemail,
		      const char *date, const char *cdate, const char *args)
{
	fx_sh(dir,
	      "GIT_AUTHOR_NAME='%s' GIT_AUTHOR_EMAIL='%s' GIT_AUTHOR_DATE='%s' "
	      "GIT_COMMITTER_NAME='%s' GIT_COMMITTER_EMAIL='%s' "
	      "GIT_COMMITTER_DATE='%s' git commit -q --allow-empty %s",
	      author, email, date, committer ? committer : author,
	      cemail ? cemail : email, cdate ? cdate : date,
	      args ? args : "-m change");
}

/*
 * N empty commits on the new branch main of a repository without commits,
 * written by one git fast-import rather than one git commit each: the i-th
 * (sh's $i, 1 to N) by NAME <EMAIL> on DATE (seconds), with message MSG
 * (printf's %b: \n is a line break); EMAIL, DATE and MSG are sh words.
 */
static void commits_loop(const char *dir, int n, const char *name,
			 const char *email, const char *date, const char *msg)
{
	fx_sh(dir,
	      "for i in $(seq 1 %d); do d=%s; "
	      "printf 'commit refs/heads/main\\nauthor %%s <%%s> %%s +0000\\n"
	      "committer %%s <%%s> %%s +0000\\ndata <<EOM\\n%%b\\nEOM\\n\\n' "
	      "'%s' %s \"$d\" \"$GIT_COMMITTER_NAME\" \"$GIT_COMMITTER_EMAIL\" "
	      "\"$d\" %s; done | git fast-import --quiet",
	      n, date, name, email, msg);
}

/* Ben's commit of 2025-03-01 with a 2 MB message: too large to read. */
static void commit_oversized(const char *dir)
{
	fx_sh(dir, "head -c 2000000 /dev/zero | tr '\\0' x > ../msg-$$ && "
		   "GIT_AUTHOR_NAME=Ben GIT_AUTHOR_EMAIL=ben@b.org "
		   "GIT_AUTHOR_DATE=2025-03-01T00:00:00Z "
		   "GIT_COMMITTER_DATE=2025-03-01T00:00:00Z "
		   "git commit -q --allow-empty -F ../msg-$$ && rm ../msg-$$");
}

/*
 * The history branch for dir at rev (NULL: HEAD) as of kind (and when for
 * a date), the present being T0 + 10 days; problems (may be NULL) gets the
 * collector's caveats, or its failure.  A new reference, NULL on failure.
 */
/* dir's repository opened offline, rev (NULL: HEAD) pinned. */
static void open_at(const char *dir, const char *rev, struct vigie_target *t,
		    struct vigie_source **src, struct vigie_snapshot **snap)
{
	struct vigie_source_opts so = VIGIE_SOURCE_OPTIONS_INIT;
	struct vigie_error err;

	vigie_error_clear(&err);
	so.offline = true;
	*src = NULL;
	*snap = NULL;
	if (vigie_target_parse(t, dir, &err) < 0 ||
	    vigie_source_open(src, t, &so, &err) < 0 ||
	    vigie_snapshot_open(snap, *src, rev, &err) < 0)
		fail_msg("cannot open %s: %s", dir, err.message);
}

static json_t *history_as_of(const char *dir, const char *rev, int window,
			     int lookback, bool identities,
			     enum vigie_as_of kind, int64_t when,
			     json_t *problems)
{
	struct vigie_target t;
	struct vigie_source *src;
	struct vigie_snapshot *snap;
	struct vigie_collect_opts o;
	struct vigie_collect_ctx ctx;
	struct vigie_error err;
	json_t *facts = json_object(), *h = NULL;

	vigie_error_clear(&err);
	open_at(dir, rev, &t, &src, &snap);
	vigie_collect_opts_init(&o);
	o.window_days = window;
	o.lookback_days = lookback;
	o.identities = identities;
	o.now = T0 + 10 * DAY;
	o.as_of = kind;
	o.as_of_time = when;
	ctx.snap = snap;
	ctx.target = &t;
	ctx.opts = &o;
	ctx.facts = facts;
	ctx.problems = problems;
	if (vigie_history_collect(&h, &ctx, &err) < 0) {
		if (!problems)
			fail_msg("history failed: %s", err.message);
		json_array_append_new(problems, json_pack(
			"{s:s, s:s}", "code", vigie_errcode_name(err.code),
			"message", err.message));
		h = NULL;
	}
	json_decref(facts);
	vigie_snapshot_free(snap);
	vigie_source_free(src);
	vigie_target_release(&t);
	return h;
}

/* As of the pinned commit: the figures of fixtures with fixed dates. */
static json_t *history_of(const char *dir, const char *rev, int window,
			  int lookback, bool identities)
{
	return history_as_of(dir, rev, window, lookback, identities,
			     VIGIE_AS_OF_COMMIT, 0, NULL);
}

static long long num(json_t *h, const char *path)
{
	json_t *v = vigie_json_path(h, path);

	if (!json_is_integer(v))
		fail_msg("%s is not an integer", path);
	return (long long)json_integer_value(v);
}

static double real(json_t *h, const char *path)
{
	json_t *v = vigie_json_path(h, path);

	if (!json_is_number(v))
		fail_msg("%s is not a number", path);
	return json_number_value(v);
}

/* The number of lines a shell command prints in dir. */
static long long lines_of(const char *dir, const char *cmd)
{
	char *out = NULL;
	long long n = 0;
	const char *p;

	if (fx_sh_out(&out, dir, "%s", cmd) != 0)
		fail_msg("command failed: %s", cmd);
	for (p = out; *p; p++)
		n += *p == '\n';
	free(out);
	return n;
}

static char *run_vigie(const char *args)
{
	char *out = NULL;

	fx_sh_out(&out, ".", "'%s' %s 2>&1", fx_vigie_bin(), args);
	return out;
}

/*
 * The main scenario, the pinned commit on 2026-01-01.  In the window
 * (2025): Alice (acme.org, also through a .mailmap alias) 4 commits, Bob
 * (dev.acme.org) 2, Carol (gmail), Dan (interieur.gouv.fr, committed by
 * Max), Eve (finances.gouv.fr) and Frank (GitHub noreply) 1 each; one
 * dependabot commit; one Weblate commit by Tom; one merge, one signed
 * commit, two Signed-off-by.  Before it, in the look-back: Alice, Bob.
 */
static char *scenario(void)
{
	char *dir = fx_repo_new("history");

	fx_write(dir, ".mailmap",
		 "Alice <alice@acme.org> Alice Alias <alice.old@laptop.local>\n");
	fx_write(dir, "CONTRIBUTING.md",
		 "# Contributing\n\nSign your commits off (git commit -s): we use "
		 "the Developer Certificate of Origin.\n");
	fx_sh(dir, "git add -A");
	commit_at(dir, "Alice", "alice@acme.org", NULL, NULL,
		  "2024-03-01T12:00:00Z", NULL, "-m initial");
	commit_at(dir, "Bob", "bob@dev.acme.org", NULL, NULL,
		  "2024-06-01T12:00:00Z", NULL, NULL);
	fx_sh(dir, "git tag v0.9");
	commit_at(dir, "Alice", "alice@acme.org", NULL, NULL,
		  "2025-02-01T12:00:00Z", NULL,
		  "-m fix -m 'Signed-off-by: Alice <alice@acme.org>'");
	commit_at(dir, "Alice Alias", "alice.old@laptop.local", NULL, NULL,
		  "2025-03-01T12:00:00Z", NULL, NULL);
	commit_at(dir, "Bob", "bob@dev.acme.org", NULL, NULL,
		  "2025-04-01T00:00:00Z", NULL,
		  "-m feature -m 'Longer text.' -m 'Signed-off-by: Bob <bob@dev.acme.org>'");
	fx_sh(dir, "git tag v1.0.0 && git tag latest");
	commit_at(dir, "Carol", "carol@gmail.com", NULL, NULL,
		  "2025-05-01T12:00:00Z", NULL,
		  "--allow-empty-message "
		  "-m 'Signed-off-by: not a trailer, the title'");
	commit_at(dir, "Dan", "dan@interieur.gouv.fr", "Max", "max@acme.org",
		  "2025-06-01T12:00:00Z", NULL, NULL);
	commit_at(dir, "Eve", "eve@finances.gouv.fr", NULL, NULL,
		  "2025-07-01T12:00:00Z", NULL, NULL);
	fx_sh(dir, "GIT_COMMITTER_DATE=2025-07-11T00:00:00Z "
		   "git tag -a v1.1.0 -m 'Release 1.1.0'");
	commit_at(dir, "dependabot[bot]",
		  "49699333+dependabot[bot]@users.noreply.github.com", NULL,
		  NULL, "2025-08-01T12:00:00Z", NULL, "-m 'Bump x'");
	commit_at(dir, "Frank", "123+frank@users.noreply.github.com", "GitHub",
		  "noreply@github.com", "2025-09-01T12:00:00Z", NULL, NULL);
	commit_at(dir, "Tom", "tom@example.net", "Hosted Weblate",
		  "hosted@weblate.org", "2025-10-01T12:00:00Z", NULL,
		  "-m 'Translated using Weblate (French)'");
	fx_sh(dir, "git checkout -q -b side");
	commit_at(dir, "Bob", "bob@dev.acme.org", NULL, NULL,
		  "2025-10-15T12:00:00Z", NULL, NULL);
	fx_sh(dir, "git checkout -q main && GIT_AUTHOR_NAME=Alice "
		   "GIT_AUTHOR_EMAIL=alice@acme.org GIT_COMMITTER_NAME=Alice "
		   "GIT_COMMITTER_EMAIL=alice@acme.org "
		   "GIT_AUTHOR_DATE=2025-11-01T12:00:00Z "
		   "GIT_COMMITTER_DATE=2025-11-01T12:00:00Z "
		   "git merge -q --no-ff side -m 'Merge side'");
	/* A signed commit: a gpgsig header is all vigie looks for. */
	fx_sh(dir,
	      "id=$(printf 'tree %%s\\nparent %%s\\nauthor Alice <alice@acme.org> "
	      "%lld +0000\\ncommitter Alice <alice@acme.org> %lld +0000\\n"
	      "gpgsig -----BEGIN PGP SIGNATURE-----\\n \\n iQEzBAABCAAd\\n "
	      "-----END PGP SIGNATURE-----\\n\\nSigned release\\n' "
	      "$(git rev-parse 'HEAD^{tree}') $(git rev-parse HEAD) | "
	      "git hash-object -t commit -w --stdin) && "
	      "git update-ref refs/heads/main $id && git tag 2025.12",
	      T0, T0);
	return dir;
}

/* ---- tests ---------------------------------------------------------------- */

/*
 * Automation named as such is no contributor (issue #13): a "X Bot", an
 * address bot@, a CI's no-reply address, an author without an address;
 * Ann Talbot is a person.
 */
static void test_history_named_bots(void **state)
{
	char *dir = fx_repo_new("history-bots");
	json_t *h;

	(void)state;
	commit_at(dir, "Ann Talbot", "ann@talbot.org", NULL, NULL,
		  "2025-12-01T12:00:00Z", NULL, NULL);
	commit_at(dir, "Social Groovy Bot",
		  "45039513+SocialGroovyBot@users.noreply.github.com", NULL, NULL,
		  "2025-12-02T12:00:00Z", NULL, NULL);
	commit_at(dir, "Nextcloud bot", "bot@nextcloud.com", NULL, NULL,
		  "2025-12-03T12:00:00Z", NULL, NULL);
	commit_at(dir, "Jenkins", "no-reply@ci.example.org", NULL, NULL,
		  "2025-12-04T12:00:00Z", NULL, NULL);
	commit_at(dir, "fsfe-system", "", NULL, NULL,
		  "2025-12-05T12:00:00Z", NULL, NULL);
	h = history_of(dir, NULL, 365, -1, false);
	assert_int_equal(num(h, "commits"), 1);
	assert_int_equal(num(h, "authors"), 1);
	assert_int_equal(num(h, "bots.commits"), 4);
	json_decref(h);
	fx_rmdir(dir);
}

static void test_history_figures_are_exact(void **state)
{
	char *dir = scenario();
	json_t *h = history_of(dir, NULL, 365, -1, false);
	json_t *d = json_object_get(h, "domains");

	(void)state;
	assert_int_equal(num(h, "window_days"), 365);
	assert_int_equal(num(h, "commits"), 10);
	assert_int_equal(num(h, "authors"), 6);
	assert_int_equal(num(h, "committers"), 5); /* GitHub is no person */
	assert_int_equal(num(h, "bots.commits"), 1);
	assert_string_equal(json_string_value(json_array_get(
				    vigie_json_path(h, "bots.names"), 0)),
			    "dependabot[bot]");
	assert_int_equal(num(h, "translation.commits"), 1);
	assert_int_equal(num(h, "translation.authors"), 1);
	assert_int_equal(num(h, "newcomers"), 4); /* Carol, Dan, Eve, Frank */
	assert_true(json_is_true(json_object_get(h, "newcomers_exact")));
	assert_int_equal(num(h, "lookback_days"), 365);
	assert_int_equal(num(h, "active_90d"), 2); /* Alice, Bob */
	assert_int_equal(num(h, "bus_factor"), 2);
	/* acme.org (Alice, Bob), Carol, interieur, finances, Frank */
	assert_int_equal(num(h, "organisations"), 5);
	assert_int_equal(num(h, "elephant_factor"), 1);
	assert_true(real(h, "top_organisation_share") == 0.6);
	assert_string_equal(json_string_value(json_object_get(h, "top_organisation")),
			    "acme.org");
	assert_int_equal(json_array_size(d), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0),
							      "domain")),
			    "acme.org");
	assert_int_equal(num(json_array_get(d, 0), "authors"), 2);
	assert_int_equal(num(json_array_get(d, 0), "commits"), 6);
	assert_int_equal(num(h, "individuals.authors"), 2);
	assert_int_equal(num(h, "individuals.commits"), 2);
	assert_int_equal(num(h, "last_commit_days"), 0);
	/* One clock: the old name says the same as the new one. */
	assert_int_equal(num(h, "last_commit_days_now"), 0);
	assert_string_equal(json_string_value(json_object_get(h, "as_of")),
			    "2026-01-01T00:00:00Z");
	assert_string_equal(json_string_value(json_object_get(h, "as_of_source")),
			    "commit");
	/* v0.9, v1.0.0, v1.1.0 (tagged on 07-11), 2025.12; not "latest" */
	assert_int_equal(num(h, "releases.total"), 4);
	assert_int_equal(num(h, "releases.count"), 3);
	assert_int_equal(num(h, "releases.last_days"), 0);
	assert_int_equal(num(h, "releases.last_days_now"), 0);
	assert_true(real(h, "releases.median_interval_days") == 137.5);
	assert_true(real(h, "merge_share") == 0.1);
	assert_true(real(h, "signed_share") == 0.1);
	/* 2 of the 9 commits that are not merges */
	assert_true(real(h, "signoff_share") == 0.2222);
	assert_null(json_object_get(h, "shallow"));
	assert_null(json_object_get(h, "people"));
	json_decref(h);
	fx_rmdir(dir);
}

/* The same figures as git log over the same window, bots and platform apart. */
static void test_history_agrees_with_git_log(void **state)
{
	char *dir = scenario();
	json_t *h = history_of(dir, NULL, 365, -1, false);
	char since[64], cmd[512], merges[128];
	long long all, bots, transl;

	(void)state;
	snprintf(since, sizeof(since), "--since=@%lld", EDGE);
	snprintf(cmd, sizeof(cmd), "git log %s --format=%%H", since);
	all = lines_of(dir, cmd);
	snprintf(cmd, sizeof(cmd), "git log %s --format=%%aN | grep -F '[bot]'", since);
	bots = lines_of(dir, cmd);
	snprintf(cmd, sizeof(cmd), "git log %s --format=%%cE | grep -F weblate.org", since);
	transl = lines_of(dir, cmd);
	assert_int_equal(all, 12);
	assert_int_equal(num(h, "commits"), all - bots - transl);
	assert_int_equal(num(h, "bots.commits"), bots);
	assert_int_equal(num(h, "translation.commits"), transl);
	/* %aE applies .mailmap, as vigie does. */
	snprintf(cmd, sizeof(cmd),
		 "git log %s --format='%%aE %%cE' | grep -v -e '\\[bot\\]' "
		 "-e weblate.org | cut -d' ' -f1 | sort -u", since);
	assert_int_equal(num(h, "authors"), lines_of(dir, cmd));
	snprintf(cmd, sizeof(cmd),
		 "git log %s --format='%%aE %%cE' | grep -v -e '\\[bot\\]' "
		 "-e weblate.org | cut -d' ' -f2 | grep -vx noreply@github.com "
		 "| sort -u", since);
	assert_int_equal(num(h, "committers"), lines_of(dir, cmd));
	snprintf(merges, sizeof(merges), "git log %s --merges --format=%%H", since);
	assert_true(real(h, "merge_share") * (double)num(h, "commits") ==
		    (double)lines_of(dir, merges));
	snprintf(cmd, sizeof(cmd),
		 "git log %s --no-merges --format='%%(trailers:key=Signed-off-by,valueonly,"
		 "separator=%%x2C)' | grep .", since);
	assert_true(fabs(real(h, "signoff_share") - round(1e4 *
		(double)lines_of(dir, cmd) / (double)(num(h, "commits") -
			lines_of(dir, merges))) / 1e4) < 1e-9);
	snprintf(cmd, sizeof(cmd),
		 "for c in $(git log %s --format=%%H); do "
		 "git cat-file commit $c | grep -m1 '^gpgsig '; done; true", since);
	assert_true(fabs(real(h, "signed_share") * (double)num(h, "commits") -
			 (double)lines_of(dir, cmd)) < 1e-9);
	snprintf(cmd, sizeof(cmd),
		 "git log --since=@%lld --format=%%aE | grep -v '\\[bot\\]' | sort -u",
		 T0 - 90 * DAY);
	assert_int_equal(num(h, "active_90d"), lines_of(dir, cmd));
	json_decref(h);
	fx_rmdir(dir);
}

/*
 * Committer dates decide, not author dates (a rebase keeps old ones); a
 * commit dated years back by a wrong clock does not hide its ancestors,
 * where `git log --since` stops at it; the walk stops soon past the edge.
 */
static void test_history_skewed_dates_and_the_edge(void **state)
{
	char *dir = fx_repo_new("history-skew");
	json_t *h;
	char cmd[256];
	int i;

	(void)state;
	/* 120 old commits: the walk must stop 64 into them. */
	commits_loop(dir, 120, "Old", "old@old.org", "1420070400" /* 2015 */,
		     "old$i");
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2025-03-01T00:00:00Z",
		  NULL, NULL);
	/* A wrong clock: dated 2001, between two 2025 commits. */
	commit_at(dir, "Ben", "ben@b.org", NULL, NULL, "2001-01-01T00:00:00Z",
		  NULL, NULL);
	/* Rebased: authored in 2019, committed in 2025: in the window. */
	commit_at(dir, "Cat", "cat@c.org", NULL, NULL, "2019-05-05T00:00:00Z",
		  "2025-06-01T00:00:00Z", NULL);
	/* Authored in 2025, committed before the window: out of it. */
	commit_at(dir, "Dee", "dee@d.org", NULL, NULL, "2025-07-01T00:00:00Z",
		  "2023-07-01T00:00:00Z", NULL);
	for (i = 0; i < 3; i++)
		commit_at(dir, "Eli", "eli@e.org", NULL, NULL,
			  "2025-12-01T00:00:00Z", NULL, NULL);
	commit_at(dir, "Eli", "eli@e.org", NULL, NULL, "2026-01-01T00:00:00Z",
		  NULL, NULL);
	h = history_of(dir, NULL, 365, 0, false);
	/* Ann, Cat, Eli x4 */
	assert_int_equal(num(h, "commits"), 6);
	assert_int_equal(num(h, "authors"), 3);
	assert_null(json_object_get(h, "newcomers"));
	/* git log --since stops at Dee's 2023 date and misses Cat and Ann. */
	snprintf(cmd, sizeof(cmd), "git log --since=@%lld --format=%%H", EDGE);
	assert_int_equal(lines_of(dir, cmd), 4);
	/* 7 commits in or near the window, then at most 64 of the 120 old. */
	assert_true(num(h, "walked") <= 8 + 64 + 1);
	assert_true(num(h, "walked") >= 8);
	json_decref(h);

	/* A shorter window: only Eli's December commits. */
	h = history_of(dir, NULL, 60, 0, false);
	assert_int_equal(num(h, "commits"), 4);
	assert_int_equal(num(h, "bus_factor"), 1);
	json_decref(h);

	/* Auditing an older commit: the window ends at its date (2025-12-01). */
	h = history_of(dir, "HEAD~1", 200, 0, false);
	assert_int_equal(num(h, "commits"), 4); /* Eli x3, Cat; not Ann */
	assert_int_equal(num(h, "last_commit_days"), 0);
	assert_int_equal(num(h, "last_commit_days_now"), 0);
	json_decref(h);
	fx_rmdir(dir);
}

/* Newcomers: against the look-back, and exact only when it saw the start. */
static void test_history_newcomers_lookback(void **state)
{
	char *dir = fx_repo_new("history-new");
	json_t *h;

	(void)state;
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2022-01-01T00:00:00Z",
		  NULL, NULL);
	commit_at(dir, "Ben", "ben@b.org", NULL, NULL, "2024-06-01T00:00:00Z",
		  NULL, NULL);
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2025-06-01T00:00:00Z",
		  NULL, NULL);
	commit_at(dir, "Ben", "ben@b.org", NULL, NULL, "2025-07-01T00:00:00Z",
		  NULL, NULL);
	commit_at(dir, "Cid", "cid@c.org", NULL, NULL, "2026-01-01T00:00:00Z",
		  NULL, NULL);
	/* One year back: Ann's 2022 commit is past it. */
	h = history_of(dir, NULL, 365, -1, false);
	assert_int_equal(num(h, "newcomers"), 2); /* Ann, Cid */
	assert_true(json_is_false(json_object_get(h, "newcomers_exact")));
	json_decref(h);
	/* Five years back reaches the first commit: exact. */
	h = history_of(dir, NULL, 365, 5 * 365, false);
	assert_int_equal(num(h, "newcomers"), 1); /* Cid */
	assert_true(json_is_true(json_object_get(h, "newcomers_exact")));
	json_decref(h);
	fx_rmdir(dir);

	/*
	 * No newcomer: once each author of the window has been seen before
	 * it, the look-back ends (after its 64 commits of slop), however long.
	 */
	dir = fx_repo_new("history-regulars");
	commits_loop(dir, 150, "Ann", "ann@a.org", "$((1704067200 + i * 3600))",
		     "old$i");
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2025-12-01T00:00:00Z",
		  NULL, NULL);
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2026-01-01T00:00:00Z",
		  NULL, NULL);
	h = history_of(dir, NULL, 365, -1, false);
	assert_int_equal(num(h, "newcomers"), 0);
	assert_true(json_is_true(json_object_get(h, "newcomers_exact")));
	assert_int_equal(num(h, "walked"), 2 + 1 + 64 + 1);
	json_decref(h);
	fx_rmdir(dir);
}

/*
 * A shallow clone cut inside the window (CI's depth 1) tells nothing of
 * the window: the history is unknown, with a note, never "1 author".  Cut
 * before the window, the window is whole and only newcomers are inexact.
 */
static void test_history_shallow_clone(void **state)
{
	char *dir = scenario();
	char *clone = fx_tmpdir("history-shallow");
	char path[4096], args[4300];
	json_t *h, *problems = json_array();
	char *out;

	(void)state;
	fx_sh(clone, "git clone -q --bare --depth 1 'file://%s' d1.git", dir);
	fx_sh(clone, "test -f d1.git/shallow");
	snprintf(path, sizeof(path), "%s/d1.git", clone);
	h = history_as_of(path, NULL, 365, -1, false, VIGIE_AS_OF_COMMIT, 0,
			  problems);
	assert_null(h);
	assert_int_equal(json_array_size(problems), 1);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(problems, 0), "message")),
			    "history is shallow; fetch with --unshallow or "
			    "set fetch-depth: 0");
	json_decref(problems);

	/* The report: a note, and the rules that need the history skip. */
	snprintf(args, sizeof(args), "audit '%s' --offline --as-of commit", path);
	out = run_vigie(args);
	assert_contains(out, "history is shallow; fetch with --unshallow");
	assert_not_contains(out, "1 author");
	assert_not_contains(out, "Community, last");
	assert_contains(out, "skipped: the history facts are unavailable");
	free(out);
	snprintf(args, sizeof(args),
		 "audit '%s' --offline --as-of commit --format json", path);
	out = run_vigie(args);
	assert_not_contains(out, "\"bus_factor\"");
	assert_contains(out, "\"id\": \"history.bus_factor\"");
	free(out);

	/* Cut in 2024, before the window: the window's figures stand. */
	fx_sh(clone, "git clone -q --bare --shallow-since=2024-05-01 "
		     "'file://%s' old.git && test -f old.git/shallow", dir);
	snprintf(path, sizeof(path), "%s/old.git", clone);
	h = history_of(path, NULL, 365, -1, false);
	assert_true(json_is_true(json_object_get(h, "shallow")));
	assert_true(json_is_false(json_object_get(h, "newcomers_exact")));
	assert_int_equal(num(h, "commits"), 10);
	assert_int_equal(num(h, "authors"), 6);
	json_decref(h);
	fx_rmdir(clone);
	fx_rmdir(dir);
}

/* A commit too large to read (a message inflated from a zip bomb) is skipped. */
static void test_history_oversized_commit(void **state)
{
	char *dir = fx_repo_new("history-large");
	json_t *h;

	(void)state;
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2025-02-01T00:00:00Z",
		  NULL, NULL);
	commit_oversized(dir);
	commit_at(dir, "Cid", "cid@c.org", NULL, NULL, "2026-01-01T00:00:00Z",
		  NULL, NULL);
	h = history_of(dir, NULL, 365, 0, false);
	assert_int_equal(num(h, "commits"), 1);
	assert_int_equal(num(h, "oversized_commits"), 1);
	json_decref(h);
	fx_rmdir(dir);
}

/*
 * The same facts whether commits are loose, in a pack (read by vigie's pack
 * reader), or stored as deltas (left to libgit2).
 */
static void same_when_packed(const char *dir, const char *rev, int window,
			     int lookback)
{
	json_t *loose = history_of(dir, rev, window, lookback, true), *packed;
	char *text;

	/* No delta at all: every commit through the pack reader. */
	fx_sh(dir, "git repack -a -d -f -q --window=0 && test -z \"$(find "
		   ".git/objects/?? -type f 2>/dev/null)\"");
	packed = history_of(dir, rev, window, lookback, true);
	if (!json_equal(loose, packed)) {
		text = json_dumps(packed, JSON_SORT_KEYS);
		fail_msg("packed history differs: %s", text);
	}
	json_decref(packed);
	/* Many deltas, which libgit2 resolves. */
	fx_sh(dir, "git repack -a -d -f -q --window=50 --depth=20");
	packed = history_of(dir, rev, window, lookback, true);
	assert_true(json_equal(loose, packed));
	json_decref(packed);
	json_decref(loose);
}

static void test_history_same_from_packs(void **state)
{
	char *dir = scenario();

	(void)state;
	same_when_packed(dir, NULL, 365, -1);
	fx_rmdir(dir);
	/* Old commits past the look-back, and one too large to read. */
	dir = fx_repo_new("history-packed");
	commits_loop(dir, 100, "Old", "old$((i % 5))@old.org",
		     "$((1600000000 + i * 86400))",
		     "\"old $i\\n\\nA longer message that all these commits share, "
		     "so that git stores some of them as deltas of others.\"");
	commit_oversized(dir);
	commit_at(dir, "Old", "old1@old.org", NULL, NULL, "2025-06-01T00:00:00Z",
		  NULL, NULL);
	commit_at(dir, "Cid", "cid@c.org", NULL, NULL, "2026-01-01T00:00:00Z",
		  NULL, NULL);
	/*
	 * Releases: lightweight, annotated, a tag of a tag (dated by the
	 * outer one), a tag without tagger (dated by its commit), a tag of a
	 * tree (no release).
	 */
	fx_sh(dir, "git tag v1.0.0 HEAD~60 && "
		   "GIT_COMMITTER_DATE=2025-02-01T00:00:00Z git tag -a v1.1.0 -m r HEAD~30 && "
		   "GIT_COMMITTER_DATE=2025-03-01T00:00:00Z git tag -a inner -m r HEAD~20 && "
		   "GIT_COMMITTER_DATE=2025-09-01T00:00:00Z git tag -a v2.0.0 -m r inner && "
		   "t=$(printf 'object %%s\ntype commit\ntag v2.1.0\n\nold\n' "
		   "$(git rev-parse HEAD~3) | git hash-object -t tag -w --stdin) && "
		   "git update-ref refs/tags/v2.1.0 $t && "
		   "git tag -a v3.0.0 -m tree 'HEAD^{tree}'");
	/* A tag object of 2 MB: too large to read, so no release. */
	fx_sh(dir, "{ printf 'object %%s\\ntype commit\\ntag v9.0.0\\n"
		   "tagger Big <big@b.org> 1767000000 +0000\\n\\n' $(git rev-parse HEAD); "
		   "head -c 2000000 /dev/zero | tr '\\0' x; } > ../tag-$$ && "
		   "git update-ref refs/tags/v9.0.0 $(git hash-object -t tag -w "
		   "--literally ../tag-$$) && rm ../tag-$$");
	same_when_packed(dir, NULL, 365, 10 * 365);
	{
		json_t *h = history_of(dir, NULL, 365, 10 * 365, false);
		/* v1.0.0, v1.1.0, v2.0.0, v2.1.0: four commits, four releases */
		assert_int_equal(num(h, "releases.total"), 4);
		json_decref(h);
	}
	fx_rmdir(dir);
}

static void test_history_release_tags(void **state)
{
	static const char *const tags[] = {
		"v1.2.3", "1.0", "release-2.0", "vigie-1.2.3", "2024.03",
		"20240315", "v2.0.0-rc1", "release/v3.1", "curl-8_9_1",
		"@scope/pkg@1.2.3", "pkg@2.0.0", "tool-1.8.2rc1", "grep-pcre2-0.1.9",
		/* not releases */
		"latest", "v2", "build-123", "20241345", "nightly", "x1.2",
		"build_123", "pcre2", "tool-1.8.2xyz",
	};
	char *dir = fx_repo_new("history-tags");
	json_t *h;
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(tags); i++) {
		char date[32];
		snprintf(date, sizeof(date), "2025-%02zu-01T00:00:00Z", i % 12 + 1);
		commit_at(dir, "Ann", "ann@a.org", NULL, NULL, date, NULL, NULL);
		fx_sh(dir, "git tag '%s'", tags[i]);
	}
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2026-01-01T00:00:00Z",
		  NULL, NULL);
	h = history_of(dir, NULL, 365, 0, false);
	assert_int_equal(num(h, "releases.total"), 13);
	assert_int_equal(num(h, "releases.count"), 13);
	json_decref(h);
	fx_rmdir(dir);
}

/*
 * Releases tagged on a branch the default one never merges (KDE's
 * release/26.08, iD's release): not of the pinned commit's history
 * (total, last_days), but the project's newest all the same, "side"
 * {last_days}, when that branch meets the history; a tag of an unrelated
 * history (an orphan branch) is none.  history.release passes on it.
 */
static void test_history_release_on_a_side_branch(void **state)
{
	char *dir = fx_repo_new("history-side");
	json_t *h;
	char *out;
	char args[4200];

	(void)state;
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2024-08-20T00:00:00Z",
		  NULL, NULL);
	fx_sh(dir, "git tag v1.0.0");
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2025-10-01T00:00:00Z",
		  NULL, NULL);
	/* release/2.0 forks from main, gets a fix and its tag, never merged */
	fx_sh(dir, "git checkout -q -b release/2.0");
	commit_at(dir, "Bob", "bob@b.org", NULL, NULL, "2025-12-01T00:00:00Z",
		  NULL, NULL);
	fx_sh(dir, "git tag v2.0.0");
	/* an unrelated history, tagged more recently still */
	fx_sh(dir, "git checkout -q --orphan pages && git rm -q -rf --ignore-unmatch .");
	commit_at(dir, "Pat", "pat@p.org", NULL, NULL, "2025-12-15T00:00:00Z",
		  NULL, NULL);
	fx_sh(dir, "git tag v9.0.0");
	fx_sh(dir, "git checkout -q main");
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2026-01-01T00:00:00Z",
		  NULL, NULL);
	h = history_of(dir, NULL, 365, 0, false);
	/* of this history: v1.0.0 alone, 499 days before */
	assert_int_equal(num(h, "releases.total"), 1);
	assert_int_equal(num(h, "releases.count"), 0);
	assert_int_equal(num(h, "releases.last_days"), 499);
	/* v2.0.0 on release/2.0, 31 days before; not the orphan's v9.0.0 */
	assert_int_equal(num(h, "releases.side.last_days"), 31);
	json_decref(h);
	snprintf(args, sizeof(args),
		 "audit '%s' --offline --format json --as-of commit", dir);
	out = run_vigie(args);
	assert_contains(out, "\"history.releases.side.last_days\"");
	free(out);
	/* without the release branch, no side release: the rule fails */
	fx_sh(dir, "git branch -q -D release/2.0 && git tag -d v2.0.0 >/dev/null");
	h = history_of(dir, NULL, 365, 0, false);
	assert_null(vigie_json_path(h, "releases.side"));
	json_decref(h);
	fx_rmdir(dir);
}

static void test_history_identity_classes(void **state)
{
	static const struct {
		const char *name, *email;
		enum vigie_identity_kind kind;
	} kinds[] = {
		{ "Alice", "alice@acme.org", VIGIE_IDENTITY_PERSON },
		{ "Robert Botham", "robert@botham.org", VIGIE_IDENTITY_PERSON },
		{ "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com",
		  VIGIE_IDENTITY_BOT },
		{ "Renovate Bot", "bot@renovateapp.com", VIGIE_IDENTITY_BOT },
		{ "github-actions", "41898282+github-actions[bot]@users.noreply.github.com",
		  VIGIE_IDENTITY_BOT },
		{ "GitHub", "noreply@github.com", VIGIE_IDENTITY_BOT },
		{ "project_42_bot", "project_42_bot_3f2a@noreply.gitlab.example.org",
		  VIGIE_IDENTITY_BOT },
		{ "CI", "ci-bot@example.org", VIGIE_IDENTITY_BOT },
		{ "Social Groovy Bot", "45039513+SocialGroovyBot@users.noreply.github.com",
		  VIGIE_IDENTITY_BOT },
		{ "Nextcloud bot", "bot@nextcloud.com", VIGIE_IDENTITY_BOT },
		{ "Jenkins", "no-reply@ci.example.org", VIGIE_IDENTITY_BOT },
		{ "fsfe-system", "", VIGIE_IDENTITY_BOT },
		{ "Ann Talbot", "ann@talbot.org", VIGIE_IDENTITY_PERSON },
		{ "Abbott", "abbott@bottle.org", VIGIE_IDENTITY_PERSON },
		{ "Hosted Weblate", "hosted@weblate.org", VIGIE_IDENTITY_TRANSLATION },
		{ "Weblate", "noreply@example.org", VIGIE_IDENTITY_TRANSLATION },
		{ "Crowdin Bot", "support+bot@crowdin.com", VIGIE_IDENTITY_TRANSLATION },
	};
	static const struct {
		const char *email, *org; /* org NULL: an individual */
	} orgs[] = {
		{ "a@dev.acme.org", "acme.org" },
		{ "a@interieur.gouv.fr", "interieur.gouv.fr" },
		{ "a@finances.gouv.fr", "finances.gouv.fr" },
		{ "a@Mail.Example.CO.UK", "example.co.uk" },
		{ "a@gmail.com", NULL },
		{ "a@yahoo.co.uk", NULL },
		{ "a@orange.fr", NULL },
		{ "1+a@users.noreply.github.com", NULL },
		{ "a@users.noreply.gitlab.com", NULL },
		{ "a@noreply.codeberg.org", NULL },
		{ "root@localhost", NULL },
		{ "me@laptop.local", NULL },
		{ "me@10.0.0.1", NULL },
		{ "no-at-sign", NULL },
		{ "a@bad..domain", NULL },
	};
	char buf[256];
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(kinds); i++)
		if (vigie_identity_kind(kinds[i].name, kinds[i].email) != kinds[i].kind)
			fail_msg("%s <%s>: wrong kind", kinds[i].name, kinds[i].email);
	for (i = 0; i < VIGIE_ARRAY_SIZE(orgs); i++) {
		enum vigie_identity_org k =
			vigie_identity_org(buf, sizeof(buf), orgs[i].email);
		if (orgs[i].org) {
			if (k != VIGIE_IDENTITY_ORG || strcmp(buf, orgs[i].org))
				fail_msg("%s: expected %s, got %s", orgs[i].email,
					 orgs[i].org, k == VIGIE_IDENTITY_ORG ? buf : "self");
		} else if (k != VIGIE_IDENTITY_SELF) {
			fail_msg("%s: expected an individual, got %s",
				 orgs[i].email, buf);
		}
	}
	/* A domain too long for the buffer is not cut: an individual. */
	assert_int_equal(vigie_identity_org(buf, 4, "a@acme.org"),
			 VIGIE_IDENTITY_SELF);
}

/* Aggregates only, unless --identities; the text names the top domain. */
static void test_history_privacy_and_reports(void **state)
{
	char *dir = scenario();
	char args[4200];
	char *out;

	(void)state;
	snprintf(args, sizeof(args),
		 "audit '%s' --offline --format json --as-of commit", dir);
	out = run_vigie(args);
	assert_contains(out, "\"elephant_factor\": 1");
	assert_contains(out, "\"domain\": \"acme.org\"");
	assert_not_contains(out, "alice");
	assert_not_contains(out, "Alice");
	assert_not_contains(out, "carol");
	assert_not_contains(out, "gmail");
	assert_not_contains(out, "frank");
	assert_not_contains(out, "tom@");
	free(out);

	snprintf(args, sizeof(args), "audit '%s' --offline --as-of commit", dir);
	out = run_vigie(args);
	assert_contains(out, "Community, last 365 days");
	assert_contains(out, "6 authors from 5 organisations; the top one, "
			     "acme.org, makes 60% of commits; bus factor 2");
	assert_contains(out, "10 commits, 4 newcomers, 2 active in the last 90 "
			     "days; 1 by bots (not counted); 1 through a "
			     "translation platform");
	/* One clock, printed in the header. */
	assert_contains(out, ", 2026-01-01; ages as of 2026-01-01\n");
	assert_contains(out, "last commit 0 days ago; last release 0 days ago, "
			     "3 in the window");
	assert_not_contains(out, "alice");
	/* The rules: partial activity, one organisation, bus factor 2. */
	assert_contains(out, "[history.active, 1.4] 83%");
	assert_contains(out, "\xe2\x9c\x97 At least two organisations");
	assert_contains(out, "\xe2\x9c\x93 More than one person carries");
	assert_contains(out, "\xe2\x9c\x93 A release was tagged");
	assert_contains(out, "[history.dco, 3.2] 25%");
	free(out);

	snprintf(args, sizeof(args),
		 "audit '%s' --offline --lang fr --as-of commit", dir);
	out = run_vigie(args);
	assert_contains(out, "6 auteurs de 5 organisations ; la première, "
			     "acme.org, fait 60 % des commits ; facteur bus 2");
	free(out);

	snprintf(args, sizeof(args),
		 "audit '%s' --offline --identities --format json --as-of commit",
		 dir);
	out = run_vigie(args);
	assert_contains(out, "\"email\": \"alice@acme.org\"");
	assert_contains(out, "\"email\": \"carol@gmail.com\"");
	/* The alias is mapped, never listed. */
	assert_not_contains(out, "alice.old");
	free(out);

	snprintf(args, sizeof(args), "audit '%s' --offline --lookback x", dir);
	out = run_vigie(args);
	assert_contains(out, "vigie: --lookback takes a number of days");
	free(out);
	fx_rmdir(dir);
}

/*
 * A release is a version tag of the audited commit's history, dated by its
 * tagger: the tag being audited counts, made days after its commit; a tag
 * on a branch that was never merged does not.
 */
static void test_history_release_of_the_audited_tag(void **state)
{
	char *dir = fx_repo_new("history-release");
	char args[4200];
	json_t *h;
	char *out;

	(void)state;
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2025-06-01T00:00:00Z",
		  NULL, NULL);
	fx_sh(dir, "git checkout -q -b maint");
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2025-07-01T00:00:00Z",
		  NULL, NULL);
	fx_sh(dir, "GIT_COMMITTER_DATE=2025-07-02T00:00:00Z "
		   "git tag -a v0.9.1 -m 'never merged' && git checkout -q main");
	commit_at(dir, "Bob", "bob@b.org", NULL, NULL, "2026-01-01T00:00:00Z",
		  NULL, NULL);
	/* Tagged three days after its commit, as releases are. */
	fx_sh(dir, "GIT_COMMITTER_DATE=2026-01-04T00:00:00Z "
		   "git tag -a v1.0.0 -m 'Release 1.0.0'");
	h = history_of(dir, "v1.0.0", 365, 0, false);
	assert_int_equal(num(h, "releases.total"), 1);
	assert_int_equal(num(h, "releases.count"), 1);
	assert_int_equal(num(h, "releases.last_days"), 0);
	json_decref(h);
	/* As of a week later: the same tag, four days old. */
	h = history_as_of(dir, "v1.0.0", 365, 0, false, VIGIE_AS_OF_DATE,
			  T0 + 7 * DAY, NULL);
	assert_int_equal(num(h, "releases.total"), 1);
	assert_int_equal(num(h, "releases.last_days"), 4);
	json_decref(h);
	/* The maintenance branch has its own release. */
	h = history_of(dir, "maint", 365, 0, false);
	assert_int_equal(num(h, "releases.total"), 1);
	assert_int_equal(num(h, "releases.last_days"), 0); /* tagged the 2nd */
	json_decref(h);
	/* And what git says: one tag merged into v1.0.0. */
	assert_int_equal(lines_of(dir, "git tag --merged v1.0.0"), 1);

	/* What the pre-push hook gates: no "no release" on the release. */
	snprintf(args, sizeof(args),
		 "audit '%s' --rev v1.0.0 --offline --as-of commit", dir);
	out = run_vigie(args);
	assert_contains(out, "last release 0 days ago, 1 in the window");
	assert_not_contains(out, "no release tag");
	assert_contains(out, "\xe2\x9c\x93 A release was tagged");
	free(out);
	fx_rmdir(dir);
}

/*
 * The window has an end: a commit dated after it (a wrong clock, a rebase)
 * is not in it, and a one-person project stays one person's.
 */
static void test_history_window_upper_bound(void **state)
{
	char *dir = fx_repo_new("history-end");
	json_t *h;

	(void)state;
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2025-06-01T00:00:00Z",
		  NULL, NULL);
	/* A helper's clock ran a year ahead. */
	commit_at(dir, "Ben", "ben@b.org", NULL, NULL, "2026-11-01T00:00:00Z",
		  NULL, NULL);
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2025-12-01T00:00:00Z",
		  NULL, NULL);
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2026-01-01T00:00:00Z",
		  NULL, NULL);
	h = history_of(dir, NULL, 365, 0, false);
	assert_int_equal(num(h, "commits"), 3);
	assert_int_equal(num(h, "authors"), 1);
	assert_int_equal(num(h, "bus_factor"), 1);
	assert_int_equal(num(h, "later_commits"), 1);
	assert_int_equal(num(h, "last_commit_days"), 0);
	json_decref(h);
	fx_rmdir(dir);
}

/*
 * One clock: the window ends at the anchor, and every age counts from it.
 * By default the present (here T0 + 10 days); "commit" for reproducible
 * audits; a date for "as it stood then".
 */
static void test_history_as_of(void **state)
{
	static const struct {
		const char *text;
		int kind;
		int64_t when;
	} dates[] = {
		{ "now", VIGIE_AS_OF_NOW, 0 },
		{ "commit", VIGIE_AS_OF_COMMIT, 0 },
		{ "2025-07-01", VIGIE_AS_OF_DATE, 1751414399 },
		{ "2025-07-01T12:30:00Z", VIGIE_AS_OF_DATE, 1751373000 },
		{ "2025-07-01T12:30", VIGIE_AS_OF_DATE, 1751373000 },
		{ "2025-07-01T14:30:00+02:00", VIGIE_AS_OF_DATE, 1751373000 },
		{ "2025-07-01T10:30:00.5-0200", VIGIE_AS_OF_DATE, 1751373000 },
		{ "2024-02-29", VIGIE_AS_OF_DATE, 1709251199 },
		{ "2025-02-29", -1, 0 },
		{ "2025-13-01", -1, 0 },
		{ "2025-07-01T25:00", -1, 0 },
		{ "2025-07-01x", -1, 0 },
		{ "yesterday", -1, 0 },
		{ "", -1, 0 },
	};
	char *dir = scenario();
	char args[4200];
	enum vigie_as_of kind;
	int64_t when;
	json_t *h;
	char *out;
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(dates); i++) {
		int rc = vigie_as_of_parse(&kind, &when, dates[i].text);
		if (dates[i].kind < 0) {
			if (rc != VIGIE_EINVALID)
				fail_msg("'%s' was taken", dates[i].text);
		} else if (rc || (int)kind != dates[i].kind ||
			   when != dates[i].when) {
			fail_msg("'%s': %d %lld", dates[i].text, rc, (long long)when);
		}
	}

	/* Now: ten days after the last commit. */
	h = history_as_of(dir, NULL, 365, -1, false, VIGIE_AS_OF_NOW, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(h, "as_of")),
			    "2026-01-11T00:00:00Z");
	assert_string_equal(json_string_value(json_object_get(h, "as_of_source")),
			    "now");
	assert_int_equal(num(h, "last_commit_days"), 10);
	assert_int_equal(num(h, "releases.last_days"), 10);
	assert_int_equal(num(h, "commits"), 10);
	json_decref(h);
	/* As of mid-2025: the window is 2024-07 to 2025-07. */
	h = history_as_of(dir, NULL, 365, -1, false, VIGIE_AS_OF_DATE,
			  1751414399, NULL);
	/* Alice x2 (one through the alias), Bob, Carol, Dan, Eve */
	assert_int_equal(num(h, "commits"), 6);
	assert_int_equal(num(h, "later_commits"), 6);
	assert_int_equal(num(h, "last_commit_days"), 0); /* Eve, 07-01 */
	/* v1.0.0 (04-01); v1.1.0 was tagged on 07-11, after the anchor */
	assert_int_equal(num(h, "releases.total"), 2);
	assert_int_equal(num(h, "releases.last_days"), 91);
	json_decref(h);

	/* The same anchor in the header of every format and in the JSON. */
	snprintf(args, sizeof(args),
		 "audit '%s' --offline --as-of 2025-07-01", dir);
	out = run_vigie(args);
	assert_contains(out, ", 2026-01-01; ages as of 2025-07-01\n");
	assert_contains(out, "last commit 0 days ago; last release 91 days ago");
	free(out);
	snprintf(args, sizeof(args),
		 "audit '%s' --offline --as-of 2025-07-01 --format markdown", dir);
	out = run_vigie(args);
	assert_contains(out, ", 2026-01-01, ages as of 2025-07-01 \xc2\xb7 ");
	free(out);
	snprintf(args, sizeof(args),
		 "audit '%s' --offline --as-of 2025-07-01 --format json", dir);
	out = run_vigie(args);
	assert_contains(out, "\"as_of\": \"2025-07-01T23:59:59Z\"");
	assert_contains(out, "\"as_of_source\": \"date\"");
	free(out);
	snprintf(args, sizeof(args),
		 "audit '%s' --offline --as-of 2025-07-01 --format sarif", dir);
	out = run_vigie(args);
	assert_contains(out, "\"as_of\": \"2025-07-01T23:59:59Z\"");
	free(out);
	snprintf(args, sizeof(args), "audit '%s' --offline --as-of soon", dir);
	out = run_vigie(args);
	assert_contains(out, "vigie: --as-of takes now, commit or a date");
	free(out);
	fx_rmdir(dir);
}

/* Translation platforms are known by their commit titles too. */
static void test_history_translation_titles(void **state)
{
	static const char *const titles[] = {
		"Translated using Weblate (French)",
		"Added translation using Weblate (Breton)",
		"New translations messages.po (German)",
		"New Crowdin updates",
		"Translate 'po/app.pot' in 'fr'",
		"Pontoon: Update French (fr) localization of Firefox",
		/* people's own work */
		"Update Weblate configuration",
		"New translations are welcome",
		"Translate the README",
	};
	char *dir = fx_repo_new("history-l10n");
	json_t *h;
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(titles); i++) {
		char args[256];
		snprintf(args, sizeof(args), "-m \"%s\"", titles[i]);
		commit_at(dir, i % 2 ? "Ann" : "Ben", i % 2 ? "ann@a.org" : "ben@b.org",
			  NULL, NULL, "2025-06-01T00:00:00Z", NULL, args);
	}
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2026-01-01T00:00:00Z",
		  NULL, NULL);
	h = history_of(dir, NULL, 365, 0, false);
	assert_int_equal(num(h, "translation.commits"), 6);
	assert_int_equal(num(h, "translation.authors"), 2);
	assert_int_equal(num(h, "commits"), 4);
	json_decref(h);
	fx_rmdir(dir);
}

/* A .mailmap over the cap is reported, not silently ignored. */
static void test_history_mailmap_over_cap(void **state)
{
	char *dir = fx_repo_new("history-mailmap");
	json_t *h, *problems = json_array(), *p;

	(void)state;
	/* 1.2 MB of aliases, then Ann's. */
	fx_sh(dir, "seq 1 20000 | sed 's/.*/Someone Else <else&@e.org> "
		   "<alias-&-of-someone@elsewhere.example.org>/' > .mailmap && "
		   "echo 'Ann <ann@a.org> <ann@laptop.local>' >> .mailmap && "
		   "test $(wc -c < .mailmap) -gt 1048576 && git add .mailmap");
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2025-06-01T00:00:00Z",
		  NULL, NULL);
	commit_at(dir, "Ann", "ann@laptop.local", NULL, NULL,
		  "2026-01-01T00:00:00Z", NULL, NULL);
	h = history_as_of(dir, NULL, 365, 0, false, VIGIE_AS_OF_COMMIT, 0,
			  problems);
	assert_non_null(h);
	assert_int_equal(num(h, "authors"), 2);
	assert_int_equal(json_array_size(problems), 1);
	p = json_array_get(problems, 0);
	assert_string_equal(json_string_value(json_object_get(p, "where")),
			    ".mailmap");
	assert_string_equal(json_string_value(json_object_get(p, "code")),
			    vigie_errcode_name(VIGIE_ELIMIT));
	assert_contains(json_string_value(json_object_get(p, "message")),
			"the .mailmap is not used: file of");
	json_decref(h);
	json_decref(problems);

	/* Under the cap (100 kB, like the largest real ones), it is used. */
	fx_sh(dir, "tail -n 1500 .mailmap > m && mv m .mailmap && "
		   "git add .mailmap");
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2026-01-01T00:00:00Z",
		  NULL, NULL);
	problems = json_array();
	h = history_as_of(dir, NULL, 365, 0, false, VIGIE_AS_OF_COMMIT, 0,
			  problems);
	assert_int_equal(num(h, "authors"), 1);
	assert_int_equal(json_array_size(problems), 0);
	json_decref(h);
	json_decref(problems);
	fx_rmdir(dir);
}

/*
 * All the facts and problems of dir's work tree (or of a linked worktree)
 * collected with the history walk beside the other collectors, or in
 * sequence (serial).  Returns {facts, problems}.
 */
static json_t *all_facts_kept(const char *dir, bool serial,
			      const char *cache)
{
	struct vigie_target t;
	struct vigie_source *src;
	struct vigie_snapshot *snap;
	struct vigie_collect_opts o;
	struct vigie_collect_ctx ctx;
	struct vigie_error err;
	json_t *facts = NULL, *problems = NULL;

	vigie_error_clear(&err);
	open_at(dir, NULL, &t, &src, &snap);
	vigie_collect_opts_init(&o);
	o.offline = true;
	o.now = T0 + 10 * DAY;
	o.serial = serial;
	o.commit_cache = cache != NULL;
	o.cache_dir = cache;
	memset(&ctx, 0, sizeof(ctx));
	ctx.snap = snap;
	ctx.target = &t;
	ctx.opts = &o;
	if (vigie_facts_collect(&facts, &problems, NULL, &ctx, &err) < 0)
		fail_msg("collect failed: %s", err.message);
	vigie_snapshot_free(snap);
	vigie_source_free(src);
	vigie_target_release(&t);
	return json_pack("{s:o, s:o}", "facts", facts, "problems", problems);
}

static json_t *all_facts(const char *dir, bool serial)
{
	return all_facts_kept(dir, serial, NULL);
}

/*
 * The commits kept by one audit give the next exactly the same facts:
 * signed-off, signed, translation and merge commits, annotated tags, a
 * .mailmap; a commit the repository no longer holds (made shallow since)
 * is not taken from the cache; a damaged cache is no cache.
 */
static void test_history_commits_kept_for_the_next_audit(void **state)
{
	char *dir = fx_repo_new("history-kept"), *cache = fx_tmpdir("kept");
	char *orig, *files = NULL;
	json_t *plain, *cold, *warm, *shallow;
	int i;

	(void)state;
	fx_write(dir, ".mailmap", "Ann <ann@a.org> <ann@laptop.local>\n");
	fx_sh(dir, "git add -A");
	for (i = 0; i < 10; i++) {
		char when[32];
		snprintf(when, sizeof(when), "2025-%02d-03T10:00:00Z", i + 2);
		commit_at(dir, i % 2 ? "Ann" : "Bob",
			  i % 4 == 1 ? "ann@laptop.local" :
			  i % 2 ? "ann@a.org" : "bob@b.org", NULL, NULL, when,
			  NULL, i % 3 ? "-m change -m 'Signed-off-by: A <a@a>'"
				      : "-m 'Translated using Weblate (French)'");
		if (i % 4 == 0)
			fx_sh(dir, "GIT_COMMITTER_DATE='%s' git tag -a v0.%d "
				   "-m v0.%d", when, i, i);
	}
	/* a signed commit and a merge */
	fx_sh(dir, "c=$(git cat-file commit HEAD | sed '/^committer /a gpgsig -----BEGIN SSH SIGNATURE-----\\n -----END SSH SIGNATURE-----' "
		   "| git hash-object -t commit -w --stdin) && git reset -q --hard $c && "
		   "git checkout -q -b side HEAD~3 && "
		   "GIT_AUTHOR_DATE=2025-12-01T00:00:00Z GIT_COMMITTER_DATE=2025-12-01T00:00:00Z "
		   "git commit -q --allow-empty -m side && git checkout -q - && "
		   "GIT_AUTHOR_DATE=2025-12-02T00:00:00Z GIT_COMMITTER_DATE=2025-12-02T00:00:00Z "
		   "git merge -q --no-ff -m merge side");
	plain = all_facts_kept(dir, true, NULL);
	cold = all_facts_kept(dir, true, cache);
	assert_int_equal(fx_sh_out(&files, cache,
				   "stat -c '%%a' commits/* | sort -u"), 0);
	assert_string_equal(files, "600\n");
	free(files);
	warm = all_facts_kept(dir, false, cache);
	fx_assert_json_equal(plain, cold, "without and with a cache");
	fx_assert_json_equal(plain, warm, "without a cache and from it");
	json_decref(cold);
	json_decref(warm);

	/* The same repository made shallow: the kept commits beyond its
	 * boundary are not walked. */
	orig = fx_tmpdir("kept-orig");
	fx_sh(dir, "cp -a . '%s' && cd .. && rm -rf '%s' && "
		   "git clone -q --depth 3 --no-local 'file://%s' '%s'",
		   orig, dir, orig, dir);
	shallow = all_facts_kept(dir, true, NULL);
	warm = all_facts_kept(dir, true, cache);
	fx_assert_json_equal(shallow, warm, "a shallow clone without and with a cache");
	assert_false(json_equal(shallow, plain));
	json_decref(warm);

	/* A damaged file is no cache. */
	fx_sh(cache, "for f in commits/*; do head -c 100 \"$f\" > x && mv x \"$f\"; done");
	warm = all_facts_kept(dir, true, cache);
	fx_assert_json_equal(shallow, warm, "with a damaged cache");
	json_decref(warm);
	json_decref(shallow);
	json_decref(plain);
	fx_rmdir(orig);
	fx_rmdir(cache);
	fx_rmdir(dir);
}

/* An audit's facts and problems ({facts, problems}), the walk beside the
 * other collectors (started while the tree is indexed) or in sequence. */
static json_t *audit_facts(const char *dir, bool serial)
{
	struct vigie_audit_opts o;
	struct vigie_ruleset *rs = vigie_ruleset_new();
	struct vigie_scorecard sc;
	struct vigie_error err;
	enum vigie_stage stage;
	json_t *out;

	vigie_error_clear(&err);
	assert_int_equal(vigie_ruleset_load_defaults(rs, &err), 0);
	vigie_audit_options_init(&o, VIGIE_AUDIT_OPTIONS_VERSION);
	o.source.offline = true;
	o.collect.offline = true;
	o.collect.now = T0 + 10 * DAY;
	o.collect.serial = serial;
	o.rules = rs;
	if (vigie_audit_run(&sc, &stage, dir, &o, &err) < 0)
		fail_msg("audit: %s", err.message);
	out = json_pack("{s:O, s:O}", "facts", sc.facts, "problems", sc.problems);
	vigie_scorecard_release(&sc);
	vigie_ruleset_free(rs);
	return out;
}

#define SAME_AUDIT(dir) do { \
	json_t *s_ = audit_facts(dir, true), *b_ = audit_facts(dir, false); \
	if (!json_equal(s_, b_)) { \
		char *x_ = json_dumps(s_, JSON_SORT_KEYS), *y_ = json_dumps(b_, JSON_SORT_KEYS); \
		fail_msg("serial:\n%s\nbeside:\n%s", x_, y_); \
	} \
	json_decref(b_); \
	last = s_; \
} while (0)

/*
 * An audit starts the history walk while the tree is indexed, from the
 * root's .mailmap known before the index: the facts and problems are
 * those of an audit in sequence, with the .mailmap a file (applied), over
 * its cap (its problem in its place), a link (read once the tree is
 * indexed), a directory, or none.
 */
static void test_history_started_before_the_index(void **state)
{
	char *dir = fx_repo_new("history-early");
	json_t *last, *people;

	(void)state;
	fx_write(dir, "README.md", "# Tool\n\nA shared tool.\n");
	fx_write(dir, ".mailmap", "Ann <ann@a.org> <ann@laptop.local>\n");
	fx_sh(dir, "git add -A");
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2025-06-01T10:00:00Z", NULL, NULL);
	commit_at(dir, "Ann", "ann@laptop.local", NULL, NULL, "2025-07-01T10:00:00Z", NULL, NULL);
	commit_at(dir, "Bob", "bob@b.org", NULL, NULL, "2025-08-01T10:00:00Z", NULL, NULL);
	SAME_AUDIT(dir);
	/* the alias is Ann: two authors, not three */
	people = json_object_get(last, "facts");
	assert_int_equal(num(people, "history.authors"), 2);
	json_decref(last);
	/* over its cap: the problem, where it was */
	fx_sh(dir, "seq 1 40000 | sed 's/.*/Someone <s&@e.org> "
		   "<alias-&-of-someone@elsewhere.example.org>/' > .mailmap && "
		   "git add .mailmap");
	commit_at(dir, "Bob", "bob@b.org", NULL, NULL, "2025-09-01T10:00:00Z", NULL, NULL);
	SAME_AUDIT(dir);
	{
		char *p = json_dumps(json_object_get(last, "problems"), 0);
		assert_non_null(strstr(p, "the .mailmap is not used"));
		free(p);
	}
	json_decref(last);
	/* a link to the real one, in a folder */
	fx_sh(dir, "mkdir -p etc && echo 'Ann <ann@a.org> <ann@laptop.local>' > etc/mailmap && "
		   "rm .mailmap && ln -s etc/mailmap .mailmap && git add -A");
	commit_at(dir, "Bob", "bob@b.org", NULL, NULL, "2025-10-01T10:00:00Z", NULL, NULL);
	SAME_AUDIT(dir);
	assert_int_equal(num(json_object_get(last, "facts"), "history.authors"), 2);
	json_decref(last);
	/* a directory, then none */
	fx_sh(dir, "rm .mailmap && mkdir .mailmap && echo x > .mailmap/x && git add -A");
	commit_at(dir, "Bob", "bob@b.org", NULL, NULL, "2025-11-01T10:00:00Z", NULL, NULL);
	SAME_AUDIT(dir);
	json_decref(last);
	fx_sh(dir, "git rm -q -r .mailmap");
	commit_at(dir, "Bob", "bob@b.org", NULL, NULL, "2025-12-01T10:00:00Z", NULL, NULL);
	SAME_AUDIT(dir);
	assert_int_equal(num(json_object_get(last, "facts"), "history.authors"), 3);
	json_decref(last);
	fx_rmdir(dir);
}

/*
 * The history walk on its own thread gives exactly the facts and the
 * problems, in the same order, as in sequence: with a .mailmap problem
 * (raised before the walk), a skewed commit (after it), releases, and from
 * a linked worktree, whose repository is opened again for the walk.
 */
static void test_history_beside_the_other_collectors(void **state)
{
	char *dir = fx_repo_new("history-thread"), wt[1024];
	json_t *serial, *beside, *p;
	int i;

	(void)state;
	fx_sh(dir, "seq 1 20000 | sed 's/.*/Someone <s&@e.org> "
		   "<alias-&-of-someone@elsewhere.example.org>/' > .mailmap && "
		   "git add .mailmap");
	fx_write(dir, "README.md", "# Tool\n\nA shared tool.\n");
	fx_write(dir, "LICENSE", "MIT License\n");
	fx_sh(dir, "git add -A");
	for (i = 0; i < 12; i++) {
		char when[32];
		snprintf(when, sizeof(when), "2025-%02d-03T10:00:00Z", i + 1);
		commit_at(dir, i % 3 ? "Ann" : "Bob",
			  i % 3 ? "ann@a.org" : "bob@b.org", NULL, NULL, when,
			  NULL, NULL);
		if (i % 4 == 3)
			fx_sh(dir, "GIT_COMMITTER_DATE='%s' git tag -a v1.%d "
				   "-m 'v1.%d'", when, i, i);
	}
	/* the last commit dated after the present: clock skew */
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2027-01-01T00:00:00Z",
		  NULL, NULL);
	serial = all_facts(dir, true);
	for (i = 0; i < 2; i++) {
		beside = all_facts(dir, false);
		if (!json_equal(serial, beside)) {
			char *a = json_dumps(serial, JSON_SORT_KEYS);
			char *b = json_dumps(beside, JSON_SORT_KEYS);
			fail_msg("serial:\n%s\nbeside:\n%s", a, b);
		}
		json_decref(beside);
	}
	p = json_object_get(serial, "problems");
	assert_int_equal(json_array_size(p), 2);
	/* the anchor's, then the .mailmap's, as in sequence */
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(p, 1), "where")), ".mailmap");
	assert_int_equal(num(json_object_get(serial, "facts"),
			     "history.releases.total"), 3);
	json_decref(serial);

	snprintf(wt, sizeof(wt), "%s-wt", dir);
	fx_sh(dir, "git worktree add -q '%s' HEAD~2", wt);
	serial = all_facts(wt, true);
	beside = all_facts(wt, false);
	assert_true(json_equal(serial, beside));
	/* 2025-02 to 2025-11: January's is before the window */
	assert_int_equal(num(json_object_get(serial, "facts"),
			     "history.commits"), 10);
	json_decref(serial);
	json_decref(beside);
	fx_rmdir(strdup(wt));
	fx_rmdir(dir);
}

/*
 * A HEAD dated in the future anchors nothing, even as of "commit": the
 * window ends now (T0 + 10 days), and the skew is noted.
 */
static void test_history_future_head(void **state)
{
	char *dir = fx_repo_new("history-future");
	json_t *h, *problems = json_array();

	(void)state;
	commit_at(dir, "Ann", "ann@a.org", NULL, NULL, "2025-06-01T00:00:00Z",
		  NULL, NULL);
	commit_at(dir, "Ben", "ben@b.org", NULL, NULL, "2030-01-01T00:00:00Z",
		  NULL, NULL);
	h = history_as_of(dir, NULL, 365, 0, false, VIGIE_AS_OF_COMMIT, 0,
			  problems);
	assert_string_equal(json_string_value(json_object_get(h, "as_of")),
			    "2026-01-11T00:00:00Z");
	assert_int_equal(num(h, "commits"), 1);
	assert_int_equal(num(h, "later_commits"), 1);
	assert_int_equal(num(h, "last_commit_days"), 224);
	assert_int_equal(json_array_size(problems), 1);
	assert_contains(json_string_value(json_object_get(
				json_array_get(problems, 0), "message")),
			"clock skew");
	json_decref(h);
	json_decref(problems);
	/* As of a date, the date stands, skew or not. */
	problems = json_array();
	h = history_as_of(dir, NULL, 365, 0, false, VIGIE_AS_OF_DATE,
			  T0, problems);
	assert_string_equal(json_string_value(json_object_get(h, "as_of")),
			    "2026-01-01T00:00:00Z");
	assert_int_equal(json_array_size(problems), 0);
	json_decref(h);
	json_decref(problems);
	{
		char args[4200];
		char *out;
		snprintf(args, sizeof(args), "audit '%s' --offline --as-of commit",
			 dir);
		out = run_vigie(args);
		assert_contains(out, "the audited commit is dated after the "
				     "present (clock skew)");
		assert_not_contains(out, "ages as of 2030");
		free(out);
	}
	fx_rmdir(dir);
}

static int setup(void **state)
{
	(void)state;
	return vigie_global_init();
}

static int teardown(void **state)
{
	(void)state;
	vigie_global_shutdown();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_history_named_bots),
		cmocka_unit_test(test_history_figures_are_exact),
		cmocka_unit_test(test_history_agrees_with_git_log),
		cmocka_unit_test(test_history_skewed_dates_and_the_edge),
		cmocka_unit_test(test_history_newcomers_lookback),
		cmocka_unit_test(test_history_shallow_clone),
		cmocka_unit_test(test_history_oversized_commit),
		cmocka_unit_test(test_history_same_from_packs),
		cmocka_unit_test(test_history_release_tags),
		cmocka_unit_test(test_history_release_on_a_side_branch),
		cmocka_unit_test(test_history_identity_classes),
		cmocka_unit_test(test_history_privacy_and_reports),
		cmocka_unit_test(test_history_release_of_the_audited_tag),
		cmocka_unit_test(test_history_window_upper_bound),
		cmocka_unit_test(test_history_as_of),
		cmocka_unit_test(test_history_translation_titles),
		cmocka_unit_test(test_history_mailmap_over_cap),
		cmocka_unit_test(test_history_future_head),
		cmocka_unit_test(test_history_beside_the_other_collectors),
		cmocka_unit_test(test_history_started_before_the_index),
		cmocka_unit_test(test_history_commits_kept_for_the_next_audit),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
