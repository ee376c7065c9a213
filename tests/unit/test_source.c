/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of opening, cloning and fetching repositories into the cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"
#include "vigie/vigie.h"

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
	struct vigie_source_opts o = { cache, offline, 30000 };
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_opens_worktree_subdir_and_bare),
		cmocka_unit_test(test_source_errors_for_missing_and_non_repo),
		cmocka_unit_test(test_source_clones_file_url_then_fetches),
		cmocka_unit_test(test_source_offline_without_cache_fails),
		cmocka_unit_test(test_source_clones_over_git_daemon),
		cmocka_unit_test(test_source_clones_over_smart_http_without_leaking_token),
		cmocka_unit_test(test_source_unreachable_host_is_a_network_error),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
