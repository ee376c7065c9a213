/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of opening, cloning and fetching repositories into the cache. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <git2.h>

#include "fixture.h"
#include "vigie/vigie.h"
#include "src/source/internal.h"

struct world {
	char *upstream; /* a work tree with two commits */
	char *served;   /* base directory served by git daemon / http */
	char *cache;
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));

	vigie_global_init();
	w->upstream = fx_repo_new("upstream");
	fx_write(w->upstream, "README.md", "# Upstream\n\nA test project.\n");
	fx_commit(w->upstream, "first");
	fx_sh(w->upstream, "git tag v1.0");
	w->served = fx_tmpdir("served");
	fx_sh(w->served, "git clone -q --bare '%s' proj.git", w->upstream);
	w->cache = fx_tmpdir("cache");
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	fx_rmdir(w->upstream);
	fx_rmdir(w->served);
	fx_rmdir(w->cache);
	free(w);
	vigie_global_shutdown();
	return 0;
}

static int open_target(struct vigie_source **src, struct vigie_target *t,
		       const char *input, const char *cache, bool offline,
		       struct vigie_error *err)
{
	struct vigie_source_opts o = { VIGIE_SOURCE_OPTIONS_VERSION, cache, offline, 30000 };
	int rc;

	vigie_error_clear(err);
	rc = vigie_target_parse(t, input, err);
	if (rc < 0)
		return rc;
	rc = vigie_source_open(src, t, &o, err);
	return rc;
}

static void test_source_opens_worktree_subdir_and_bare(void **state)
{
	struct world *w = *state;
	struct vigie_source *src = NULL;
	struct vigie_target t;
	struct vigie_error err;
	char sub[1024], bare[1024];

	snprintf(sub, sizeof(sub), "%s/deep/dir", w->upstream);
	fx_sh(w->upstream, "mkdir -p deep/dir");
	assert_int_equal(open_target(&src, &t, sub, w->cache, false, &err), 0);
	assert_int_equal(vigie_source_action(src), VIGIE_SOURCE_OPENED);
	assert_contains(vigie_source_gitdir(src), "/.git/");
	vigie_source_free(src);
	vigie_target_release(&t);

	snprintf(bare, sizeof(bare), "%s/proj.git", w->served);
	assert_int_equal(open_target(&src, &t, bare, w->cache, false, &err), 0);
	assert_int_equal(vigie_source_action(src), VIGIE_SOURCE_OPENED);
	vigie_source_free(src);
	vigie_target_release(&t);
}

/*
 * A repository read from git's files (local.c) or left to libgit2: the
 * answer of vigie_source_local, and when it reads it (1), the git
 * directory and origin libgit2 gives.  *origin_out: the origin read.
 */
static int local_both(const char *path, char **origin_out)
{
	char *gitdir = NULL, *origin = NULL;
	int rc = vigie_source_local(path, &gitdir, &origin);

	if (rc == 1) {
		git_repository *repo = NULL;
		git_remote *remote = NULL;

		assert_int_equal(git_repository_open_ext(&repo, path, 0, NULL), 0);
		assert_string_equal(gitdir, git_repository_path(repo));
		if (git_remote_lookup(&remote, repo, "origin") == 0 &&
		    git_remote_url(remote)) {
			char *shown = vigie_url_redact(git_remote_url(remote));
			assert_non_null(origin);
			assert_string_equal(origin, shown);
			free(shown);
		} else {
			assert_null(origin);
		}
		git_remote_free(remote);
		git_repository_free(repo);
	} else {
		assert_null(gitdir);
		assert_null(origin);
	}
	free(gitdir);
	*origin_out = origin;
	return rc;
}

#define LOCAL_IS(path, want_rc) do { \
	char *o_; \
	assert_int_equal(local_both(path, &o_), want_rc); \
	free(o_); \
} while (0)

/*
 * The shapes the source opens itself, as libgit2 would (same git
 * directory, same origin); and those it leaves to libgit2: a directory
 * below the work tree, a linked work tree, an include, an extension, a
 * quoted value, a newer format, URLs rewritten or a remote set in the
 * user's settings.
 */
static void test_source_local_opens_as_libgit2(void **state)
{
	struct world *w = *state;
	char *dir = fx_repo_new("local"), *home = fx_tmpdir("home");
	char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	char path[2048], *origin;

	(void)w;
	assert_int_equal(vigie_git2_load(NULL), 0);
	setenv("HOME", home, 1);
	unsetenv("XDG_CONFIG_HOME");
	fx_write(dir, "a", "1\n");
	fx_commit(dir, "one");
	fx_sh(dir, "git remote add origin https://someone:s3cret@example.org/a/b.git");
	assert_int_equal(local_both(dir, &origin), 1);
	assert_null(strstr(origin, "s3cret"));
	assert_contains(origin, "example.org/a/b.git");
	free(origin);
	/* through a link, with a trailing slash, the .git itself */
	fx_sh(dir, "ln -s \"$PWD\" ../local-link");
	snprintf(path, sizeof(path), "%s/../local-link/", dir);
	LOCAL_IS(path, 1);
	snprintf(path, sizeof(path), "%s/.git", dir);
	LOCAL_IS(path, 1);
	/* bare */
	snprintf(path, sizeof(path), "%s/proj.git", w->served);
	LOCAL_IS(path, 1);
	/* a comment after the value */
	fx_sh(dir, "git config --unset remote.origin.url && "
		   "printf '\\turl = https://example.org/c.git ; old one\\n' >> .git/config");
	assert_int_equal(local_both(dir, &origin), 1);
	assert_string_equal(origin, "https://example.org/c.git");
	free(origin);
	/* below the work tree: libgit2 searches above */
	fx_sh(dir, "mkdir -p deep/er");
	snprintf(path, sizeof(path), "%s/deep/er", dir);
	LOCAL_IS(path, 0);
	/* a linked work tree: .git is a file */
	fx_sh(dir, "git worktree add -q ../local-wt 2>/dev/null");
	snprintf(path, sizeof(path), "%s/../local-wt", dir);
	LOCAL_IS(path, 0);
	fx_sh(dir, "git worktree remove --force ../local-wt && rm -f ../local-link");
	/* settings this reader leaves to libgit2 */
	fx_sh(dir, "cp .git/config config.saved && "
		   "printf '[include]\\n\\tpath = other\\n' >> .git/config");
	LOCAL_IS(dir, 0);
	fx_sh(dir, "cp config.saved .git/config && "
		   "git config core.repositoryformatversion 1 && "
		   "git config extensions.worktreeConfig true");
	LOCAL_IS(dir, 0);
	fx_sh(dir, "cp config.saved .git/config && "
		   "git config core.repositoryformatversion 2");
	LOCAL_IS(dir, 0);
	fx_sh(dir, "cp config.saved .git/config && "
		   "printf '[remote \"up\"]\\n\\turl = \"https://example.org/q.git\"\\n' "
		   ">> .git/config");
	LOCAL_IS(dir, 0);
	fx_sh(dir, "cp config.saved .git/config");
	LOCAL_IS(dir, 1);
	fx_write(home, ".gitconfig", "[url \"https://mirror.example/\"]\n"
				     "\tinsteadOf = https://example.org/\n");
	LOCAL_IS(dir, 0);
	fx_write(home, ".gitconfig", "[remote \"origin\"]\n\tprune = true\n");
	LOCAL_IS(dir, 0);
	fx_write(home, ".gitconfig", "[user]\n\tname = Someone\n");
	LOCAL_IS(dir, 1);
	if (old_home)
		setenv("HOME", old_home, 1);
	free(old_home);
	fx_rmdir(dir);
	fx_rmdir(home);
}

static void test_source_errors_for_missing_and_non_repo(void **state)
{
	struct world *w = *state;
	struct vigie_source *src = NULL;
	struct vigie_target t;
	struct vigie_error err;
	char *plain = fx_tmpdir("plain");
	char missing[1024];

	snprintf(missing, sizeof(missing), "%s/does-not-exist", plain);
	assert_int_equal(open_target(&src, &t, missing, w->cache, false, &err),
			 VIGIE_ENOTFOUND);
	assert_null(src);
	assert_contains(err.where, "does-not-exist");
	vigie_target_release(&t);

	assert_int_equal(open_target(&src, &t, plain, w->cache, false, &err),
			 VIGIE_EINVALID);
	assert_contains(err.message, "not a git repository");
	vigie_target_release(&t);
	fx_rmdir(plain);
}

static void test_source_clones_file_url_then_fetches(void **state)
{
	struct world *w = *state;
	struct vigie_source *src = NULL;
	struct vigie_target t;
	struct vigie_error err;
	char url[1024], *after, *upstream_head = NULL;

	snprintf(url, sizeof(url), "file://%s/proj.git", w->served);
	assert_int_equal(open_target(&src, &t, url, w->cache, false, &err), 0);
	assert_int_equal(vigie_source_action(src), VIGIE_SOURCE_CLONED);
	/* Bare, no work tree, at <cache>/file/<path>~<hash>.git ("proj.git"
	 * and "proj" are two directories). */
	assert_contains(vigie_source_gitdir(src), w->cache);
	assert_contains(vigie_source_gitdir(src), "/file/");
	assert_contains(vigie_source_gitdir(src), "/proj~");
	vigie_source_free(src);
	vigie_target_release(&t);

	/* Upstream moves on; the second audit fetches, it does not re-clone. */
	fx_write(w->upstream, "CONTRIBUTING.md", "# How to contribute\n");
	fx_commit(w->upstream, "second");
	fx_sh(w->upstream, "git push -q '%s/proj.git' main", w->served);
	fx_sh_out(&upstream_head, w->upstream, "git rev-parse HEAD");
	upstream_head[strcspn(upstream_head, "\n")] = '\0';

	assert_int_equal(open_target(&src, &t, url, w->cache, false, &err), 0);
	assert_int_equal(vigie_source_action(src), VIGIE_SOURCE_FETCHED);
	after = NULL;
	assert_int_equal(fx_sh_out(&after, w->cache, "git --git-dir='%s' rev-parse HEAD",
				   vigie_source_gitdir(src)), 0);
	after[strcspn(after, "\n")] = '\0';
	assert_string_equal(after, upstream_head);
	/* Tags come along. */
	free(after);
	assert_int_equal(fx_sh_out(&after, w->cache, "git --git-dir='%s' tag",
				   vigie_source_gitdir(src)), 0);
	assert_contains(after, "v1.0");
	free(after);
	free(upstream_head);
	vigie_source_free(src);
	vigie_target_release(&t);

	/* Offline: the cached clone is used as it is. */
	assert_int_equal(open_target(&src, &t, url, w->cache, true, &err), 0);
	assert_int_equal(vigie_source_action(src), VIGIE_SOURCE_CACHED);
	vigie_source_free(src);
	vigie_target_release(&t);
}

static void test_source_offline_without_cache_fails(void **state)
{
	struct world *w = *state;
	struct vigie_source *src = NULL;
	struct vigie_target t;
	struct vigie_error err;

	assert_int_equal(open_target(&src, &t, "https://example.invalid/a/b.git",
				     w->cache, true, &err),
			 VIGIE_ENOTFOUND);
	assert_contains(err.message, "offline");
	vigie_target_release(&t);
}

static void test_source_clones_over_git_daemon(void **state)
{
	struct world *w = *state;
	struct vigie_source *src = NULL;
	struct vigie_target t;
	struct vigie_error err;
	char url[256];
	int port, pid = fx_git_daemon(w->served, &port);

	snprintf(url, sizeof(url), "git://127.0.0.1:%d/proj.git", port);
	assert_int_equal(open_target(&src, &t, url, w->cache, false, &err), 0);
	assert_int_equal(vigie_source_action(src), VIGIE_SOURCE_CLONED);
	assert_contains(vigie_source_gitdir(src), "127.0.0.1_");
	vigie_source_free(src);
	vigie_target_release(&t);

	assert_int_equal(open_target(&src, &t, url, w->cache, false, &err), 0);
	assert_int_equal(vigie_source_action(src), VIGIE_SOURCE_FETCHED);
	vigie_source_free(src);
	vigie_target_release(&t);

	/* A repository the daemon does not have. */
	snprintf(url, sizeof(url), "git://127.0.0.1:%d/missing.git", port);
	assert_true(open_target(&src, &t, url, w->cache, false, &err) < 0);
	assert_null(src);
	assert_contains(err.where, "missing.git");
	vigie_target_release(&t);
	fx_stop(pid);
}

/*
 * The server of a cached clone is gone: the clone is audited as it was
 * last fetched (and says when), unless no_stale; a missing repository is
 * no reason to.
 */
static void test_source_unreachable_remote_audits_the_stale_copy(void **state)
{
	struct world *w = *state;
	char *cache = fx_tmpdir("stale-cache");
	struct vigie_source_opts o = { VIGIE_SOURCE_OPTIONS_VERSION, cache, false, 30000, 0 };
	struct vigie_source *src = NULL;
	struct vigie_target t;
	struct vigie_error err;
	char url[256];
	int64_t cloned;
	int port, pid = fx_git_daemon(w->served, &port);

	snprintf(url, sizeof(url), "git://127.0.0.1:%d/proj.git", port);
	assert_int_equal(vigie_target_parse(&t, url, &err), 0);
	assert_int_equal(vigie_source_open(&src, &t, &o, &err), 0);
	assert_int_equal(vigie_source_action(src), VIGIE_SOURCE_CLONED);
	cloned = vigie_source_fetched(src);
	/* a file's time comes from the kernel's clock, time() from a coarser
	 * one: it may read a second behind */
	assert_true(cloned > time(NULL) - 60 && cloned <= time(NULL) + 1);
	assert_null(vigie_source_stale_reason(src));
	vigie_source_free(src);
	/* Backdate the fetch, to tell the dates apart. */
	fx_sh(cache, "touch -d '2026-01-02 03:04:05 UTC' \"$(find . -name "
		     "vigie-fetched)\"");
	fx_stop(pid);

	vigie_error_clear(&err);
	assert_int_equal(vigie_source_open(&src, &t, &o, &err), 0);
	assert_int_equal(vigie_source_action(src), VIGIE_SOURCE_STALE);
	assert_string_equal(vigie_source_action_name(VIGIE_SOURCE_STALE), "stale");
	assert_int_equal(vigie_source_fetched(src), 1767323045);
	assert_int_equal(vigie_source_stale_reason(src)->code, VIGIE_ENET);
	assert_contains(vigie_source_stale_reason(src)->message,
			"cannot reach repository");
	vigie_source_free(src);

	o.no_stale = true;
	assert_int_equal(vigie_source_open(&src, &t, &o, &err), VIGIE_ENET);
	assert_null(src);
	assert_contains(err.message, "cannot reach repository");
	vigie_target_release(&t);
	fx_rmdir(cache);
}

/* The command line: one warning line, the JSON says so, --no-stale fails. */
static void test_source_cli_stale_copy(void **state)
{
	struct world *w = *state;
	char *home = fx_tmpdir("stale-cli"), *out = NULL, *err = NULL;
	json_t *sc, *tm;
	char url[256];
	int port, pid = fx_git_daemon(w->served, &port), rc;

	snprintf(url, sizeof(url), "git://127.0.0.1:%d/proj.git", port);
	rc = fx_vigie(&out, &err, home, "audit '%s' --offline --cache-dir "
			  "'%s/cache' --format json", url, home);
	assert_int_equal(rc, 3); /* not in the cache yet: nothing stale */
	assert_not_contains(err, "warning");
	free(out);
	free(err);
	rc = fx_vigie(&out, &err, home, "audit '%s' --cache-dir '%s/cache' "
			  "--format json", url, home);
	assert_int_equal(rc, 0);
	assert_not_contains(err, "could not fetch");
	free(out);
	free(err);
	fx_sh(home, "touch -d '2026-01-02 03:04:05 UTC' \"$(find cache -name "
		    "vigie-fetched)\"");
	fx_stop(pid);

	rc = fx_vigie(&out, &err, home, "audit '%s' --cache-dir '%s/cache' "
			  "--format json", url, home);
	assert_int_equal(rc, 0);
	{
		char want[512];
		snprintf(want, sizeof(want),
			 "vigie: warning: could not fetch %s; audited the copy "
			 "fetched on 2026-01-02T03:04:05Z\n", url);
		/* (after the forge's warning: no forge answers there) */
		assert_contains(err, want);
	}
	sc = json_loads(out, 0, NULL);
	assert_non_null(sc);
	tm = json_object_get(sc, "timings");
	assert_string_equal(json_string_value(json_object_get(tm, "source_action")),
			    "stale");
	assert_string_equal(json_string_value(json_object_get(tm, "source_fetched")),
			    "2026-01-02T03:04:05Z");
	json_decref(sc);
	free(out);
	free(err);

	/* In French. */
	rc = fx_vigie(&out, &err, home, "audit '%s' --cache-dir '%s/cache' "
			  "--format json --lang fr", url, home);
	assert_int_equal(rc, 0);
	assert_contains(err, "avertissement : impossible de mettre à jour");
	free(out);
	free(err);

	rc = fx_vigie(&out, &err, home, "audit '%s' --cache-dir '%s/cache' "
			  "--no-stale", url, home);
	assert_int_equal(rc, 3);
	assert_contains(err, "cannot reach repository");
	assert_not_contains(err, "could not fetch");
	assert_true(strchr(err, '\n') == err + strlen(err) - 1); /* one line */
	free(out);
	free(err);
	fx_rmdir(home);
}

static void test_source_clones_over_smart_http_without_leaking_token(void **state)
{
	struct world *w = *state;
	struct vigie_source *src = NULL;
	struct vigie_target t;
	struct vigie_error err;
	char url[256], *config = NULL;
	int port, pid = fx_http_git(w->served, &port);

	snprintf(url, sizeof(url), "http://user:T0KEN-SECRET@127.0.0.1:%d/proj.git", port);
	assert_int_equal(open_target(&src, &t, url, w->cache, false, &err), 0);
	assert_int_equal(vigie_source_action(src), VIGIE_SOURCE_CLONED);
	/* The token is not stored in the cache's configuration. */
	assert_int_equal(fx_sh_out(&config, w->cache, "cat '%s/config'",
				   vigie_source_gitdir(src)), 0);
	assert_not_contains(config, "T0KEN-SECRET");
	assert_contains(config, "http://127.0.0.1");
	free(config);
	vigie_source_free(src);
	vigie_target_release(&t);

	snprintf(url, sizeof(url), "http://user:T0KEN-SECRET@127.0.0.1:%d/nope.git", port);
	assert_true(open_target(&src, &t, url, w->cache, false, &err) < 0);
	assert_not_contains(err.message, "T0KEN-SECRET");
	assert_not_contains(err.where, "T0KEN-SECRET");
	assert_contains(err.where, "nope.git");
	vigie_target_release(&t);
	fx_stop(pid);
}

static void test_source_unreachable_host_is_a_network_error(void **state)
{
	struct world *w = *state;
	struct vigie_source *src = NULL;
	struct vigie_target t;
	struct vigie_error err;
	char url[256];

	/* A free port: nothing listens there. */
	snprintf(url, sizeof(url), "git://127.0.0.1:%d/proj.git", fx_free_port());
	assert_int_equal(open_target(&src, &t, url, w->cache, false, &err),
			 VIGIE_ENET);
	assert_contains(err.message, "cannot reach");
	vigie_target_release(&t);
}

/* A bare repository at served/rel whose README says what it is. */
static char *served_repo(const struct world *w, const char *rel,
			 const char *readme)
{
	char *up = fx_repo_new("one");
	char *head = NULL;

	fx_write(up, "README.md", readme);
	fx_commit(up, readme);
	fx_sh(w->served, "git clone -q --bare '%s' '%s'", up, rel);
	fx_sh_out(&head, up, "git rev-parse HEAD");
	head[strcspn(head, "\n")] = '\0';
	fx_rmdir(up);
	return head;
}

static char *cached_head(const struct vigie_source *src)
{
	char *head = NULL;

	fx_sh_out(&head, "/", "git --git-dir='%s' rev-parse HEAD",
		  vigie_source_gitdir(src));
	head[strcspn(head, "\n")] = '\0';
	return head;
}

/*
 * file://.../a+b and file://.../a_b once shared a cache path, and --offline
 * then audited one for the other: each has its own clone now.
 */
static void test_source_two_remotes_never_share_a_clone(void **state)
{
	struct world *w = *state;
	struct vigie_source *src = NULL;
	struct vigie_target t;
	struct vigie_error err;
	char *heads[2], *dirs[2], url[1024];
	static const char *const names[2] = { "x/a+b", "x/a_b" };
	int i, pass;

	heads[0] = served_repo(w, names[0], "# A plus B\n");
	heads[1] = served_repo(w, names[1], "# A underscore B\n");
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < 2; i++) {
			char *head;
			snprintf(url, sizeof(url), "file://%s/%s", w->served, names[i]);
			/* Clone both, then audit both offline. */
			assert_int_equal(open_target(&src, &t, url, w->cache, pass == 1,
						     &err), 0);
			assert_int_equal(vigie_source_action(src),
					 pass ? VIGIE_SOURCE_CACHED : VIGIE_SOURCE_CLONED);
			head = cached_head(src);
			assert_string_equal(head, heads[i]);
			if (pass == 0)
				dirs[i] = strdup(vigie_source_gitdir(src));
			else
				assert_string_equal(vigie_source_gitdir(src), dirs[i]);
			free(head);
			vigie_source_free(src);
			vigie_target_release(&t);
		}
	assert_string_not_equal(dirs[0], dirs[1]);
	for (i = 0; i < 2; i++) {
		free(heads[i]);
		free(dirs[i]);
	}
}

/*
 * A clone whose origin is another repository (made by an older vigie, or
 * by hand) is never audited offline in place of the target; a fetch makes
 * it the target's again.
 */
static void test_source_offline_checks_the_clone_is_the_target(void **state)
{
	struct world *w = *state;
	struct vigie_source *src = NULL;
	struct vigie_target t;
	struct vigie_error err;
	char url[1024], *gitdir, *config = NULL;

	snprintf(url, sizeof(url), "file://%s/proj.git", w->served);
	assert_int_equal(open_target(&src, &t, url, w->cache, false, &err), 0);
	gitdir = strdup(vigie_source_gitdir(src));
	vigie_source_free(src);
	vigie_target_release(&t);

	fx_sh("/", "git --git-dir='%s' config remote.origin.url "
		   "https://u:pw@other.example/some/thing.git", gitdir);
	assert_int_equal(open_target(&src, &t, url, w->cache, true, &err),
			 VIGIE_EINVALID);
	assert_null(src);
	assert_contains(err.message, "the cached clone belongs to another "
				     "repository (https://other.example/some/thing.git)");
	assert_contains(err.where, "proj.git");
	vigie_target_release(&t);

	fx_sh("/", "git --git-dir='%s' config --unset remote.origin.url", gitdir);
	assert_int_equal(open_target(&src, &t, url, w->cache, true, &err),
			 VIGIE_EINVALID);
	assert_contains(err.message, "does not say which repository");
	vigie_target_release(&t);

	/* Online, the mirror fetch makes it the target's, and says so. */
	assert_int_equal(open_target(&src, &t, url, w->cache, false, &err), 0);
	assert_int_equal(vigie_source_action(src), VIGIE_SOURCE_FETCHED);
	vigie_source_free(src);
	vigie_target_release(&t);
	fx_sh_out(&config, "/", "git --git-dir='%s' config remote.origin.url", gitdir);
	assert_contains(config, url);
	assert_int_equal(open_target(&src, &t, url, w->cache, true, &err), 0);
	vigie_source_free(src);
	vigie_target_release(&t);
	free(config);
	free(gitdir);
}

/* A clone that fails leaves nothing: no temporary clone, no empty directory. */
static void test_source_failed_clone_leaves_nothing(void **state)
{
	struct world *w = *state;
	struct vigie_source *src = NULL;
	struct vigie_target t;
	struct vigie_error err;
	char *cache = fx_tmpdir("empty-cache"), *left = NULL, url[1024];
	int port, pid = fx_git_daemon(w->served, &port);

	snprintf(url, sizeof(url), "file://%s/no/such/deep/repo.git", w->served);
	assert_true(open_target(&src, &t, url, cache, false, &err) < 0);
	vigie_target_release(&t);
	snprintf(url, sizeof(url), "git://127.0.0.1:%d/group/sub/missing.git", port);
	assert_true(open_target(&src, &t, url, cache, false, &err) < 0);
	vigie_target_release(&t);
	snprintf(url, sizeof(url), "git://127.0.0.1:%d/group/x.git", fx_free_port());
	assert_int_equal(open_target(&src, &t, url, cache, false, &err), VIGIE_ENET);
	vigie_target_release(&t);
	fx_sh_out(&left, cache, "find . -mindepth 1");
	assert_string_equal(left, "");
	free(left);
	fx_stop(pid);
	fx_rmdir(cache);
}

/*
 * Temporary clones left by killed processes go once they are a day old,
 * with the directories they leave empty; clones and fresh ones stay.
 */
static void test_source_sweeps_stale_temporary_clones(void **state)
{
	struct world *w = *state;
	struct vigie_source_opts o = { VIGIE_SOURCE_OPTIONS_VERSION, NULL, false, 0, 0 };
	struct vigie_source *src = NULL;
	struct vigie_target t;
	struct vigie_error err;
	char *cache = fx_tmpdir("sweep-cache"), *left = NULL, *rel, url[1024];
	char repos[1024];

	/* The clones are in ROOT/repos, whatever --cache-dir says. */
	o.cache_dir = cache;
	snprintf(repos, sizeof(repos), "%s/repos", cache);
	fx_sh(cache, "mkdir repos");
	fx_sh(repos, "mkdir -p h/o/old.git.tmp-123/objects/pack h/o/new.git.tmp-456 "
		     "h2/o/alone.git.tmp-7/objects/pack h/o/clone.git/objects/pack "
		     "h/o/odd.git.tmp-12x && "
		     "echo x > h/o/old.git.tmp-123/objects/pack/pack_git2_a && "
		     "echo x > h2/o/alone.git.tmp-7/objects/pack/pack_git2_b && "
		     "find h/o/old.git.tmp-123 h2 h/o/clone.git h/o/odd.git.tmp-12x "
		     "-exec touch -d '2 days ago' {} +");
	assert_int_equal(vigie_source_sweep(&o, VIGIE_SOURCE_STALE_S), 2);
	fx_sh_out(&left, repos, "find . -mindepth 1 -maxdepth 3 | sort");
	assert_string_equal(left, "./h\n./h/o\n./h/o/clone.git\n./h/o/new.git.tmp-456\n"
				  "./h/o/odd.git.tmp-12x\n");
	free(left);

	/* One whose pack still grows is alive, however old its directory. */
	fx_sh(repos, "mkdir -p h/o/slow.git.tmp-9/objects/pack && "
		     "touch -d '3 days ago' h/o/slow.git.tmp-9 h/o/slow.git.tmp-9/objects/pack && "
		     "echo x > h/o/slow.git.tmp-9/objects/pack/pack_git2_c");
	assert_int_equal(vigie_source_sweep(&o, VIGIE_SOURCE_STALE_S), 0);

	/* An audit sweeps beside the clone it makes. */
	snprintf(url, sizeof(url), "file://%s/proj.git", w->served);
	assert_int_equal(vigie_target_parse(&t, url, &err), 0);
	rel = vigie_target_cache_path(&t);
	vigie_target_release(&t);
	fx_sh(repos, "mkdir -p '%s.tmp-99/objects' && touch -d '2 days ago' "
		     "'%s.tmp-99' '%s.tmp-99/objects'", rel, rel, rel);
	assert_int_equal(open_target(&src, &t, url, cache, false, &err), 0);
	vigie_source_free(src);
	vigie_target_release(&t);
	fx_sh(repos, "test ! -e '%s.tmp-99' && test -d '%s'", rel, rel);
	free(rel);
	fx_rmdir(cache);
}

/*
 * A fetch into a cached clone that stalls is killed at the deadline and
 * leaves the clone as it was: no lock, no half pack, usable offline and by
 * the next fetch.
 */
static volatile sig_atomic_t children;

static void count_child(int sig)
{
	(void)sig;
	children++;
}

/*
 * Without opts.isolate a clone and a fetch run in the calling process: no
 * child is forked behind an embedding program's back (none exits while
 * they run), and the size limit still stops a pack that never ends.  With
 * it, the transfer has a process of its own.
 */
static void test_source_transfers_in_process_unless_isolated(void **state)
{
	struct world *w = *state;
	struct vigie_source_opts o = VIGIE_SOURCE_OPTIONS_INIT;
	struct sigaction sa, old;
	struct vigie_source *src = NULL;
	struct vigie_target t;
	struct vigie_error err;
	char *cache = fx_tmpdir("inproc-cache"), *root = fx_tmpdir("inproc-endless");
	char url[256];
	int port, pid, daemon = fx_git_daemon(w->served, &port);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = count_child;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	assert_int_equal(sigaction(SIGCHLD, &sa, &old), 0);
	o.cache_dir = cache;
	o.timeout_ms = 30000;
	snprintf(url, sizeof(url), "git://127.0.0.1:%d/proj.git", port);
	vigie_error_clear(&err);
	assert_int_equal(vigie_target_parse(&t, url, &err), 0);
	children = 0;
	assert_int_equal(vigie_source_open(&src, &t, &o, &err), 0);
	assert_int_equal(vigie_source_action(src), VIGIE_SOURCE_CLONED);
	vigie_source_free(src);
	assert_int_equal(vigie_source_open(&src, &t, &o, &err), 0);
	assert_int_equal(vigie_source_action(src), VIGIE_SOURCE_FETCHED);
	vigie_source_free(src);
	assert_int_equal(children, 0);
	/* isolated: the fetch is a child's */
	o.isolate = true;
	assert_int_equal(vigie_source_open(&src, &t, &o, &err), 0);
	assert_int_equal(vigie_source_action(src), VIGIE_SOURCE_FETCHED);
	vigie_source_free(src);
	assert_true(children >= 1);
	vigie_target_release(&t);
	fx_stop(daemon);

	/* a pack that never ends, in process: stopped at the size limit */
	o.isolate = false;
	o.max_bytes = 2 << 20;
	pid = fx_hostile_git("endless", root, &port);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/proj.git", port);
	assert_int_equal(vigie_target_parse(&t, url, &err), 0);
	children = 0;
	assert_int_equal(vigie_source_open(&src, &t, &o, &err), VIGIE_ELIMIT);
	assert_string_equal(err.message, "transfer larger than the limit of 2 MiB");
	assert_int_equal(children, 0);
	vigie_target_release(&t);
	assert_int_equal(sigaction(SIGCHLD, &old, NULL), 0);
	fx_stop(pid);
	fx_rmdir(root);
	fx_rmdir(cache);
}

static void test_source_stalled_fetch_leaves_the_clone_usable(void **state)
{
	struct world *w = *state;
	struct vigie_source_opts o = { VIGIE_SOURCE_OPTIONS_VERSION, NULL, false, 400, 0 };
	struct vigie_source *src = NULL;
	struct vigie_target t;
	struct vigie_error err;
	char *root = fx_tmpdir("stall-fetch"), *cache = fx_tmpdir("stall-fetch-cache");
	char *rel, *old = NULL, *head, *left = NULL, url[256];
	int port, pid;

	fx_sh(root, "git clone -q --bare '%s/proj.git' proj.git", w->served);
	pid = fx_hostile_git("stall", root, &port);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/proj.git", port);
	assert_int_equal(vigie_target_parse(&t, url, &err), 0);
	rel = vigie_target_cache_path(&t);
	/* The cache holds the repository as it was. */
	fx_sh(cache, "git clone -q --bare '%s/proj.git' 'repos/%s' && "
		     "git --git-dir='repos/%s' config remote.origin.url '%s'",
	      root, rel, rel, url);
	fx_sh_out(&old, root, "git --git-dir=proj.git rev-parse HEAD");
	old[strcspn(old, "\n")] = '\0';
	/* Upstream moves on, by more than a pack header. */
	fx_sh(root, "git clone -q proj.git wt && cd wt && "
		    "head -c 90000 /dev/urandom | base64 | split -l 53 - n && "
		    "git add -A && git commit -q -m more && git push -q origin HEAD:main");

	o.cache_dir = cache;
	o.no_stale = true;
	o.isolate = true; /* a silent server: only a child can be killed */
	vigie_error_clear(&err);
	assert_int_equal(vigie_source_open(&src, &t, &o, &err), VIGIE_ELIMIT);
	assert_string_equal(err.message, "time limit of 400 ms reached");
	fx_sh_out(&left, cache, "find . -name '*.lock' -o -name '*_git2_*' -o -name '*.tmp-*'");
	assert_string_equal(left, "");
	/* Without --no-stale, the copy is audited as it was, and says so. */
	o.no_stale = false;
	assert_int_equal(vigie_source_open(&src, &t, &o, &err), 0);
	assert_int_equal(vigie_source_action(src), VIGIE_SOURCE_STALE);
	assert_string_equal(vigie_source_stale_reason(src)->message,
			    "time limit of 400 ms reached");
	head = cached_head(src);
	assert_string_equal(head, old);
	free(head);
	vigie_source_free(src);
	free(left);
	left = NULL;
	fx_sh_out(&left, cache, "find . -name '*.lock' -o -name '*_git2_*' -o -name '*.tmp-*'");
	assert_string_equal(left, "");
	o.offline = true;
	assert_int_equal(vigie_source_open(&src, &t, &o, &err), 0);
	assert_int_equal(vigie_source_action(src), VIGIE_SOURCE_CACHED);
	head = cached_head(src);
	assert_string_equal(head, old);
	free(head);
	vigie_source_free(src);
	vigie_target_release(&t);
	free(left);
	free(old);
	free(rel);
	fx_stop(pid);
	fx_rmdir(root);
	fx_rmdir(cache);
}

/*
 * A process killed mid-fetch (Ctrl-C) left a ref lock and a partial pack:
 * the next fetch removes them once they are old, not a fresh one.
 */
static void test_source_fetch_clears_what_a_killed_fetch_left(void **state)
{
	struct world *w = *state;
	struct vigie_source *src = NULL;
	struct vigie_target t;
	struct vigie_error err;
	char *cache = fx_tmpdir("locks-cache"), *gitdir, *head, *up = NULL;
	char url[1024];

	snprintf(url, sizeof(url), "file://%s/proj.git", w->served);
	assert_int_equal(open_target(&src, &t, url, cache, false, &err), 0);
	gitdir = strdup(vigie_source_gitdir(src));
	vigie_source_free(src);
	vigie_target_release(&t);
	fx_write(w->upstream, "NEWS.md", "# News\n");
	fx_commit(w->upstream, "news");
	fx_sh(w->upstream, "git push -q '%s/proj.git' main", w->served);
	fx_sh(gitdir, "echo x > refs/heads/main.lock && echo x > packed-refs.lock && "
		      "echo x > objects/pack/pack_git2_0ld && "
		      "touch -d '1 hour ago' refs/heads/main.lock packed-refs.lock && "
		      "touch -d '2 days ago' objects/pack/pack_git2_0ld && "
		      "mkdir -p refs/tags && echo x > refs/tags/fresh.lock");
	assert_int_equal(open_target(&src, &t, url, cache, false, &err), 0);
	assert_int_equal(vigie_source_action(src), VIGIE_SOURCE_FETCHED);
	head = cached_head(src);
	fx_sh_out(&up, w->served, "git --git-dir=proj.git rev-parse HEAD");
	up[strcspn(up, "\n")] = '\0';
	assert_string_equal(head, up);
	fx_sh(gitdir, "test ! -e refs/heads/main.lock && test ! -e packed-refs.lock && "
		      "test ! -e objects/pack/pack_git2_0ld && test -e refs/tags/fresh.lock");
	vigie_source_free(src);
	vigie_target_release(&t);
	free(head);
	free(up);
	free(gitdir);
	fx_rmdir(cache);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_opens_worktree_subdir_and_bare),
		cmocka_unit_test(test_source_errors_for_missing_and_non_repo),
		cmocka_unit_test(test_source_local_opens_as_libgit2),
		cmocka_unit_test(test_source_clones_file_url_then_fetches),
		cmocka_unit_test(test_source_offline_without_cache_fails),
		cmocka_unit_test(test_source_clones_over_git_daemon),
		cmocka_unit_test(test_source_unreachable_remote_audits_the_stale_copy),
		cmocka_unit_test(test_source_cli_stale_copy),
		cmocka_unit_test(test_source_clones_over_smart_http_without_leaking_token),
		cmocka_unit_test(test_source_unreachable_host_is_a_network_error),
		cmocka_unit_test(test_source_two_remotes_never_share_a_clone),
		cmocka_unit_test(test_source_offline_checks_the_clone_is_the_target),
		cmocka_unit_test(test_source_failed_clone_leaves_nothing),
		cmocka_unit_test(test_source_sweeps_stale_temporary_clones),
		cmocka_unit_test(test_source_stalled_fetch_leaves_the_clone_usable),
		cmocka_unit_test(test_source_transfers_in_process_unless_isolated),
		cmocka_unit_test(test_source_fetch_clears_what_a_killed_fetch_left),
	};
	return fx_run_group_tests(tests, setup, teardown);
}
