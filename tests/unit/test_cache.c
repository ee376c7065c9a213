/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of the shared clone cache: its layout, its locks, list and gc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <errno.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "vigie/vigie.h"
#include "src/source/internal.h"

#define NREPOS 4

struct world {
	char *served;  /* r0.git ... r3.git, served by git daemon */
	int pid, port;
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	char *up = fx_repo_new("cache-up");
	int i;

	vigie_global_init();
	/* Some history and some bytes, so that a clone takes a moment. */
	fx_sh(up, "head -c 400000 /dev/urandom | base64 | split -l 351 -d - f && "
		  "for f in f*; do git add $f; git commit -q -m \"c$f\"; done");
	fx_write(up, "README.md", "# Shared\n\nA test project.\n");
	fx_commit(up, "readme");
	w->served = fx_tmpdir("cache-served");
	for (i = 0; i < NREPOS; i++)
		fx_sh(w->served, "git clone -q --bare '%s' r%d.git", up, i);
	fx_rmdir(up);
	w->pid = fx_git_daemon(w->served, &w->port);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	fx_stop(w->pid);
	fx_rmdir(w->served);
	free(w);
	vigie_global_shutdown();
	return 0;
}

static void write_list(struct world *w, const char *dir)
{
	char list[1024] = "", line[128];
	int i;

	for (i = 0; i < NREPOS; i++) {
		snprintf(line, sizeof(line), "git://127.0.0.1:%d/r%d.git\n",
			 w->port, i);
		strncat(list, line, sizeof(list) - strlen(list) - 1);
	}
	fx_write(dir, "list", list);
}

/* --cache-dir ROOT: the clones in ROOT/repos, as under the default root. */
static void test_cache_one_layout(void **state)
{
	struct world *w = *state;
	char *work = fx_tmpdir("cache-layout"), *out = NULL, *err = NULL;
	int rc;

	rc = fx_vigie(&out, &err, work, "audit git://127.0.0.1:%d/r0.git "
			  "--cache-dir root --format json", w->port);
	assert_int_equal(rc, 0);
	free(out);
	free(err);
	/* HOST_PORT/PATH~HASH.git: a port is written with '_', and makes
	 * the path end in a hash of the URL (README, vigie-audit(1)); the
	 * forge's answers are beside, in root/http, never among the hosts;
	 * what the history walk read, in root/commits (private), and what
	 * the license collector made of the license files, in
	 * root/licenses (private too). */
	fx_sh(work, "test -d root/repos/127.0.0.1_%d && "
		    "ls -d root/repos/127.0.0.1_%d/r0~*.git && "
		    "test \"$(stat -c %%a root/commits)\" = 700 && "
		    "test \"$(stat -c %%a root/commits/*)\" = 600 && "
		    "test \"$(stat -c %%a root/licenses/* | sort -u)\" = 600 && "
		    "test -z \"$(ls root | grep -v -x -e repos -e http "
		    "-e commits -e licenses)\"",
	      w->port, w->port);
	/* The same layout under XDG_CACHE_HOME/vigie. */
	rc = fx_sh_out(&out, work, "XDG_CACHE_HOME=\"$PWD/xdg\" '%s' audit "
				   "git://127.0.0.1:%d/r0.git --format json "
				   ">/dev/null 2>&1 && ls -d "
				   "xdg/vigie/repos/127.0.0.1_%d/r0~*.git",
		       fx_vigie_bin(), w->port, w->port);
	assert_int_equal(rc, 0);
	free(out);
	fx_rmdir(work);
}

/*
 * Two batches over the same targets and the same cache, at once: both
 * succeed, and every clone is whole (git fsck).
 */
static void test_cache_concurrent_batches(void **state)
{
	struct world *w = *state;
	char *work = fx_tmpdir("cache-two"), *out = NULL;
	int rc, i;

	write_list(w, work);
	rc = fx_sh_out(&out, work,
		       "( '%s' batch --list list --out a --cache-dir cache -j 2 "
		       "--progress never >a.log 2>&1; echo $? > a.rc ) & "
		       "( '%s' batch --list list --out b --cache-dir cache -j 2 "
		       "--progress never >b.log 2>&1; echo $? > b.rc ) & "
		       "wait; cat a.rc b.rc",
		       fx_vigie_bin(), fx_vigie_bin());
	assert_int_equal(rc, 0);
	if (strcmp(out, "0\n0\n"))
		fail_msg("exit codes:\n%s", out);
	free(out);
	fx_sh_out(&out, work, "grep -c '\"status\":\"audited\"' a/results.jsonl "
			      "b/results.jsonl");
	{
		char want[128];
		snprintf(want, sizeof(want), "a/results.jsonl:%d\n"
					     "b/results.jsonl:%d\n", NREPOS, NREPOS);
		assert_string_equal(out, want);
	}
	free(out);
	/* One clone per repository, each whole, no temporary left. */
	fx_sh_out(&out, work, "find cache/repos -name '*.git' -type d | wc -l");
	assert_int_equal(atoi(out), NREPOS);
	free(out);
	fx_sh_out(&out, work, "find cache/repos -name '*.tmp-*'");
	assert_string_equal(out, "");
	free(out);
	for (i = 0; i < NREPOS; i++)
		fx_sh(work, "git --git-dir=\"$(echo cache/repos/*/r%d~*.git)\" "
			    "fsck --no-progress --strict", i);

	/* Upstream moves on: both fetch into the same clones at once. */
	for (i = 0; i < NREPOS; i++)
		fx_sh(w->served, "git clone -q r%d.git wt%d && cd wt%d && "
				 "head -c 200000 /dev/urandom | base64 | "
				 "split -l 351 - g && "
				 "git add -A && git commit -q -m more && "
				 "git push -q origin HEAD:main && cd .. && "
				 "rm -rf wt%d", i, i, i, i);
	rc = fx_sh_out(&out, work,
		       "( '%s' batch --list list --out a --cache-dir cache -j 2 "
		       "--progress never --full >a.log 2>&1; echo $? > a.rc ) & "
		       "( '%s' batch --list list --out b --cache-dir cache -j 2 "
		       "--progress never --full >b.log 2>&1; echo $? > b.rc ) & "
		       "wait; cat a.rc b.rc",
		       fx_vigie_bin(), fx_vigie_bin());
	if (strcmp(out, "0\n0\n"))
		fail_msg("exit codes:\n%s", out);
	free(out);
	for (i = 0; i < NREPOS; i++) {
		char *want = NULL, *got = NULL;
		fx_sh(work, "git --git-dir=\"$(echo cache/repos/*/r%d~*.git)\" "
			    "fsck --no-progress --strict", i);
		fx_sh_out(&want, w->served, "git --git-dir=r%d.git rev-parse HEAD", i);
		fx_sh_out(&got, work, "git --git-dir=\"$(echo cache/repos/*/r%d~*.git)\" "
				      "rev-parse HEAD", i);
		assert_string_equal(got, want);
		free(want);
		free(got);
	}
	fx_sh_out(&out, work, "find cache -name '*.lock' -o -name '*.tmp-*'");
	assert_string_equal(out, "");
	free(out);
	fx_rmdir(work);
}

/* A clone another process holds is waited for, then given up. */
static void test_cache_lock_is_respected(void **state)
{
	struct world *w = *state;
	char *work = fx_tmpdir("cache-lock"), *out = NULL, *err = NULL;
	char *lock = NULL;
	int rc;

	rc = fx_vigie(&out, &err, work, "audit git://127.0.0.1:%d/r1.git "
			  "--cache-dir cache --format json", w->port);
	assert_int_equal(rc, 0);
	free(out);
	free(err);
	fx_sh_out(&lock, work, "printf %%s cache/repos/*/r1~*.git~lock");
	fx_sh(work, "test -f '%s'", lock);

	/* Another vigie fetches it (the shell, through flock(1), holds the
	 * lock on its own descriptor, not passed on): wait, give up. */
	rc = fx_sh_out(&out, work, "exec 9<'%s' && flock -x 9 && "
				   "'%s' audit git://127.0.0.1:%d/r1.git "
				   "--cache-dir cache --timeout 1 2>&1 9<&-; "
				   "echo \"rc=$?\"",
		       lock, fx_vigie_bin(), w->port);
	assert_contains(out, "the cached clone is busy: another vigie is "
			     "cloning or fetching it");
	assert_contains(out, "rc=3");
	free(out);

	/* Audited (shared) while gc runs: gc keeps it. */
	rc = fx_sh_out(&out, work, "exec 9<'%s' && flock -s 9 && "
				   "'%s' cache gc --cache-dir cache "
				   "--older-than 0 9<&-; echo \"rc=$?\"",
		       lock, fx_vigie_bin());
	assert_contains(out, "rc=0");
	assert_not_contains(out, "/r1~");
	assert_contains(out, "kept: 1");
	free(out);
	fx_sh(work, "test -d \"$(dirname '%s')\"", lock);
	/* Not in use: gone, with its lock and directories. */
	rc = fx_sh_out(&out, work, "'%s' cache gc --cache-dir cache "
				   "--older-than 0", fx_vigie_bin());
	assert_int_equal(rc, 0);
	assert_contains(out, "removed: 1");
	free(out);
	fx_sh(work, "test ! -e cache/repos");
	free(lock);
	fx_rmdir(work);
}

/*
 * A worker killed mid-clone prunes its empty directories as another
 * worker's clone of a sibling makes them again (a batch over a silent
 * server, its clones killed at their time limit): the lock is taken all
 * the same, never "cannot lock the cached clone: No such file or
 * directory".  Two children prune as fast as they can while this process
 * locks and unlocks for a second (removing the lock file: the directories
 * are empty again); without the retry, the first few tries fail.
 */
static void test_cache_lock_survives_a_concurrent_prune(void **state)
{
	struct vigie_source_opts opts = VIGIE_SOURCE_OPTIONS_INIT;
	char *work = fx_tmpdir("cache-prune"), *root, dir[512], entry[512],
	     other[512];
	pid_t child[2];
	int i, k, failed = 0;
	struct timespec t0, t;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/cache", work);
	opts.cache_dir = dir;
	root = vigie_source_cache_root(&opts);
	assert_non_null(root);
	snprintf(entry, sizeof(entry), "%s/h.example.net/a/b/c/d/team/r1.git", root);
	snprintf(other, sizeof(other), "%s/h.example.net/a/b/c/d/team/r2.git.tmp-1",
		 root);
	for (k = 0; k < 2; k++) {
		child[k] = fork();
		assert_true(child[k] >= 0);
		if (child[k] == 0) {
			for (;;) /* until killed */
				vigie_source_prune(&opts, other);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0, t = t0; (t.tv_sec - t0.tv_sec) * 1000 +
				    (t.tv_nsec - t0.tv_nsec) / 1000000 < 1500 &&
			    !failed;
	     i++, clock_gettime(CLOCK_MONOTONIC, &t)) {
		int fd = vigie_source_lock(entry, LOCK_EX, 0);
		if (fd < 0)
			failed = errno ? errno : -1;
		else
			vigie_source_unlock(fd, entry, true);
	}
	for (k = 0; k < 2; k++) {
		kill(child[k], SIGKILL);
		waitpid(child[k], NULL, 0);
	}
	if (failed)
		fail_msg("lock failed at try %d: %s", i, strerror(failed));
	free(root);
	fx_rmdir(work);
}

/* An open source is in use: gc keeps its clone until it is freed. */
static void test_cache_open_source_is_in_use(void **state)
{
	struct world *w = *state;
	char *root = fx_tmpdir("cache-inuse");
	struct vigie_source_opts o = { VIGIE_SOURCE_OPTIONS_VERSION, root, false, 30000, 0 };
	struct vigie_cache_list l;
	struct vigie_source *src = NULL;
	struct vigie_target t;
	struct vigie_error err;
	char url[128];

	snprintf(url, sizeof(url), "git://127.0.0.1:%d/r3.git", w->port);
	assert_int_equal(vigie_target_parse(&t, url, &err), 0);
	assert_int_equal(vigie_source_open(&src, &t, &o, &err), 0);
	assert_int_equal(vigie_source_cache_gc(&l, &o, time(NULL) + 60, 0, &err), 0);
	assert_int_equal(l.n, 1);
	assert_true(l.v[0].busy);
	assert_false(l.v[0].removed);
	assert_non_null(strstr(l.v[0].url, "/r3.git"));
	vigie_source_cache_list_release(&l);
	/* Still whole and readable. */
	fx_sh(root, "git --git-dir='%s' fsck --no-progress", vigie_source_gitdir(src));
	vigie_source_free(src);

	assert_int_equal(vigie_source_cache_gc(&l, &o, time(NULL) + 60, 0, &err), 0);
	assert_int_equal(l.n, 1);
	assert_true(l.v[0].removed);
	vigie_source_cache_list_release(&l);
	fx_sh(root, "test ! -e repos");
	vigie_target_release(&t);
	fx_rmdir(root);
}

static void test_cache_list_and_gc(void **state)
{
	struct world *w = *state;
	char *work = fx_tmpdir("cache-gc"), *out = NULL, *err = NULL;
	json_t *doc, *clones, *c;
	int rc, i;

	for (i = 0; i < 3; i++) {
		rc = fx_vigie(&out, &err, work, "audit git://127.0.0.1:%d/r%d.git "
				  "--cache-dir cache --format json", w->port, i);
		assert_int_equal(rc, 0);
		free(out);
		free(err);
	}
	/* r0 fetched 40 days ago, r1 10 days ago, r2 now. */
	fx_sh(work, "touch -d '40 days ago' cache/repos/*/r0~*.git/vigie-fetched && "
		    "touch -d '10 days ago' cache/repos/*/r1~*.git/vigie-fetched");

	rc = fx_vigie(&out, &err, work, "cache list --cache-dir cache");
	assert_int_equal(rc, 0);
	{
		char url[128];
		snprintf(url, sizeof(url), "\tgit://127.0.0.1:%d/r2.git\t",
			 w->port);
		assert_contains(out, url);
	}
	assert_contains(out, "iB\t");
	assert_contains(out, "clones: 3, ");
	free(out);
	free(err);

	rc = fx_vigie(&out, &err, work, "cache list --cache-dir cache -f json");
	assert_int_equal(rc, 0);
	doc = json_loads(out, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "schema")),
			    "vigie.cache/1");
	clones = json_object_get(doc, "clones");
	assert_int_equal(json_array_size(clones), 3);
	c = json_array_get(clones, 0); /* by name: r0 first */
	assert_non_null(strstr(json_string_value(json_object_get(c, "name")), "/r0~"));
	assert_true(json_integer_value(json_object_get(c, "bytes")) > 100000);
	assert_false(json_is_true(json_object_get(c, "busy")));
	{
		/* Its date, 40 days back, in ISO 8601 UTC. */
		const char *when = json_string_value(json_object_get(c, "fetched"));
		char want[32];
		time_t t = time(NULL) - 40 * 86400;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(want, sizeof(want), "%Y-%m-%d", &tm);
		assert_non_null(when);
		assert_int_equal(strncmp(when, want, 10), 0);
	}
	json_decref(doc);
	free(out);
	free(err);

	/* Kept commits of repositories: one not rewritten for 40 days, one of
	 * today (the audits above), and a file that is none of vigie's. */
	fx_sh(work, "ls cache/commits | grep -c . | grep -qx 3 && "
		    "f=$(ls cache/commits | head -1) && "
		    "touch -d '40 days ago' \"cache/commits/$f\" && "
		    "echo \"$f\" > old-commits && "
		    "touch -d '40 days ago' cache/commits/notes.txt && "
		    "mkdir -p cache/licenses && "
		    "echo x > cache/licenses/0123456789abcdef0123456789abcdef && "
		    "touch -d '40 days ago' cache/licenses/0123456789abcdef0123456789abcdef && "
		    "echo y > cache/licenses/fedcba9876543210fedcba9876543210");
	/* --older-than 30: r0 goes, and the old file of kept commits. */
	rc = fx_vigie(&out, &err, work, "cache gc --cache-dir cache --older-than 30");
	assert_int_equal(rc, 0);
	assert_contains(out, "/r0~");
	assert_not_contains(out, "/r1~");
	assert_contains(out, "removed: 1 ");
	assert_contains(out, "kept: 2");
	/* and the old file of kept license results */
	assert_contains(out, "files kept for later audits removed: 2\n");
	free(out);
	free(err);
	fx_sh(work, "! ls -d cache/repos/*/r0~*.git 2>/dev/null && "
		    "ls -d cache/repos/*/r1~*.git cache/repos/*/r2~*.git && "
		    "! test -e \"cache/commits/$(cat old-commits)\" && "
		    "test $(ls cache/commits | grep -c -v notes.txt) = 2 && "
		    "test -e cache/commits/notes.txt && "
		    "! test -e cache/licenses/0123456789abcdef0123456789abcdef && "
		    "test -e cache/licenses/fedcba9876543210fedcba9876543210");

	/* --max-size 1K: the least recently fetched (r1) goes first, then r2. */
	rc = fx_vigie(&out, &err, work, "cache gc --cache-dir cache "
			  "--max-size 1K --format json");
	assert_int_equal(rc, 0);
	doc = json_loads(out, 0, NULL);
	assert_non_null(doc);
	clones = json_object_get(doc, "clones");
	assert_int_equal(json_array_size(clones), 2);
	for (i = 0; i < 2; i++)
		assert_true(json_is_true(json_object_get(json_array_get(clones, i),
							 "removed")));
	json_decref(doc);
	free(out);
	free(err);

	/* Bad values are usage errors. */
	rc = fx_vigie(&out, &err, work, "cache gc --max-size lots");
	assert_int_equal(rc, 2);
	assert_contains(err, "--max-size takes a size");
	free(out);
	free(err);
	rc = fx_vigie(&out, &err, work, "cache list --older-than 3");
	assert_int_equal(rc, 2);
	free(out);
	free(err);
	rc = fx_vigie(&out, &err, work, "cache prune");
	assert_int_equal(rc, 2);
	assert_contains(err, "unknown cache command 'prune'");
	free(out);
	free(err);
	fx_rmdir(work);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cache_one_layout),
		cmocka_unit_test(test_cache_concurrent_batches),
		cmocka_unit_test(test_cache_lock_is_respected),
		cmocka_unit_test(test_cache_lock_survives_a_concurrent_prune),
		cmocka_unit_test(test_cache_open_source_is_in_use),
		cmocka_unit_test(test_cache_list_and_gc),
	};

	return fx_run_group_tests(tests, setup, teardown);
}
