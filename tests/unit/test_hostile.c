/* SPDX-License-Identifier: EUPL-1.2 */
/* Hostile repositories: vigie must neither crash, hang, escape nor corrupt output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "fixture.h"
#include "json.h"
#include "vigie/vigie.h"

static char *repo;

/*
 * One commit holding every trap at once (written with git fast-import,
 * tests/support/loose.py and git mktree), including a 200 MB LICENSE, with
 * a parent commit whose author line is malformed.
 */
static int setup(void **state)
{
	FILE *f;
	struct vigie_buf path = VIGIE_BUF_INIT;
	int i;

	(void)state;
	repo = fx_repo_new("hostile");
	vigie_buf_printf(&path, "%s/stream", repo);
	f = fopen(path.ptr, "w");
	assert_non_null(f);
	fputs("blob\nmark :1\ndata 6\nhello\n", f);
	fwrite("blob\nmark :2\ndata 12\n\x89PNG\0\0\0\0bin\n\n", 1, 33, f);
	fputs("blob\nmark :3\ndata 16\n../../etc/passwd\n", f);
	fputs("commit refs/heads/main\nmark :10\n"
	      "author A <a@example.org> 1767225600 +0000\n"
	      "committer A <a@example.org> 1767225600 +0000\n"
	      "data 5\nbase\n", f);
	fputs("M 100644 :1 base.txt\n\n", f);
	fputs("commit refs/heads/main\nmark :11\n"
	      "author A <a@example.org> 1767312000 +0000\n"
	      "committer A <a@example.org> 1767312000 +0000\n"
	      "data 6\ntraps\nfrom :10\n", f);
	/* Control characters and invalid UTF-8 in names. */
	fputs("M 100644 :1 \"LICENSE.\\033[2J\\033]0;pwned\\007\"\n", f);
	fputs("M 100644 :1 \"CONTRIBUTING.\\r\\nfake.md\"\n", f);
	fputs("M 100644 :1 \"SECURITY.\\377\\376.md\"\n", f);
	/* A binary README, and a link leaving the tree. */
	fputs("M 100644 :2 README.md\n", f);
	fputs("M 120000 :3 COPYING\n", f);
	/* A gitlink to a commit that is not in this repository. */
	fputs("M 160000 0123456789abcdef0123456789abcdef01234567 vendor/lib\n", f);
	/* A directory 1,000 levels deep. */
	fputs("M 100644 :1 ", f);
	for (i = 0; i < 1000; i++)
		fputs("d/", f);
	fputs("GOVERNANCE.md\n", f);
	fputs("\n", f);
	fclose(f);
	fx_sh(repo, "git fast-import --quiet < stream && rm stream");
	/*
	 * 200,000 files in one directory, and a 200 MB LICENSE, compressed to
	 * almost nothing by zlib, written by tests/support/loose.py
	 * (fast-import is quadratic there, git mktree and git hash-object take
	 * seconds).
	 */
	fx_sh(repo, "set -- $(python3 '%s/tests/support/loose.py' wide 200000 "
		    "zeros 209715200) && many=$1 blob=$2 && "
		    "tree=$({ git ls-tree -z main && "
		    "printf '040000 tree %%s\\tmany\\000100644 blob %%s\\tLICENSE\\000' $many $blob; } | "
		    "git mktree -z) && "
		    "bad=$(printf 'tree %%s\\nparent %%s\\nauthor no-email-here 99999999999999999999 +9999\\n"
		    "committer <> x\\n\\nmalformed\\n' $tree $(git rev-parse main) | "
		    "git hash-object -t commit -w --literally --stdin) && "
		    "git update-ref refs/heads/main $(printf 'tree %%s\\nparent %%s\\n"
		    "author A <a@example.org> 1767398400 +0000\\ncommitter A <a@example.org> 1767398400 +0000\\n\\ntop\\n' "
		    "$tree $bad | git hash-object -t commit -w --stdin)", fx_source_root());
	vigie_buf_release(&path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_rmdir(repo);
	return 0;
}

static void assert_no_raw_controls(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			fail_msg("raw control character 0x%02x in output near: %.60s",
				 *p, (const char *)p - (p - (const unsigned char *)s > 30 ? 30 : 0));
}

static void test_hostile_text_report_is_clean(void **state)
{
	char *out = NULL, *err = NULL;
	int rc;

	(void)state;
	rc = fx_vigie(&out, &err, repo, "audit . --offline --verbose --color never");
	if (rc != 0)
		fail_msg("exit %d: %s", rc, err);
	assert_no_raw_controls(out);
	assert_no_raw_controls(err);
	/* The names are there, escaped. */
	assert_contains(out, "LICENSE.\\e[2J\\e]0;pwned\\x07");
	assert_contains(out, "CONTRIBUTING.\\r\\nfake.md");
	/* Invalid UTF-8 became U+FFFD when the name entered the fact tree. */
	assert_contains(out, "SECURITY.\xef\xbf\xbd\xef\xbf\xbd.md");
	/* The escaping link is not followed, the deep file is found. */
	assert_not_contains(out, "root:");
	free(out);
	free(err);
}

static void test_hostile_json_is_valid_utf8(void **state)
{
	char *out = NULL, *err = NULL;
	json_error_t je;
	json_t *doc;
	int rc;

	(void)state;
	rc = fx_vigie(&out, &err, repo, "audit . --offline --format json");
	if (rc != 0)
		fail_msg("exit %d: %s", rc, err);
	assert_true(vigie_utf8_valid(out, strlen(out)));
	doc = json_loads(out, 0, &je);
	if (!doc)
		fail_msg("invalid JSON at %d:%d: %s", je.line, je.column, je.text);
	/* Invalid UTF-8 in a name became U+FFFD. */
	assert_contains(out, "SECURITY.\xef\xbf\xbd\xef\xbf\xbd.md");
	/* The 200 MB LICENSE was sized from its header, never read whole. */
	assert_string_equal(json_string_value(vigie_json_path(doc, "facts.inventory.license.1.path")),
			    "LICENSE");
	assert_int_equal(json_integer_value(vigie_json_path(doc, "facts.inventory.license.1.size")),
			 209715200);
	/* The binary README is recognised as such. */
	assert_true(json_is_true(vigie_json_path(doc, "facts.readme.binary")));
	json_decref(doc);
	free(out);
	free(err);
}

/*
 * A pack whose commits were tampered with: the pack reader must not
 * misread them, libgit2 reports the damage, and the audit goes on with the
 * history marked as unavailable, its reason in one line.
 */
static void test_hostile_damaged_pack(void **state)
{
	char *dir = fx_repo_new("hostile-pack"), *out = NULL, *err = NULL;
	int rc;

	(void)state;
	fx_sh(dir, "for i in $(seq 1 30); do echo $i > f && git add f && "
		   "git commit -q -m \"c $i\"; done && "
		   "git repack -a -d -f -q --window=0 && chmod u+w .git/objects/pack/*");
	/* 26 bytes of the 10th commit's deflated data flipped. */
	fx_sh(dir, "off=$(git verify-pack -v .git/objects/pack/*.idx | "
		   "awk '$2 == \"commit\" {print $5}' | sed -n 10p) && "
		   "python3 -c 'import glob, sys\n"
		   "p = glob.glob(\".git/objects/pack/*.pack\")[0]\n"
		   "b = bytearray(open(p, \"rb\").read())\n"
		   "o = int(sys.argv[1])\n"
		   "for i in range(o + 4, o + 30): b[i] ^= 0xff\n"
		   "open(p, \"wb\").write(b)' $off");
	rc = fx_vigie(&out, &err, dir, "audit . --offline --color never");
	if (rc != 0)
		fail_msg("exit %d: %s", rc, err);
	assert_contains(out, "could not gather history: cannot walk the history:");
	assert_contains(out, "skipped: the history facts are unavailable");
	assert_no_raw_controls(out);
	free(out);
	free(err);
	fx_rmdir(dir);
}

/*
 * A tree 100,000 levels deep (one pack, written bottom-up by
 * tests/support/deeptree.py) audited on a 1 MiB stack, where a recursive
 * walk overflows at about 20,000 levels: the audit ends, says what it left
 * out, and the release hook still prints its one line.
 */
static void test_hostile_deep_tree(void **state)
{
	char *dir = fx_repo_new("hostile-deep"), *out = NULL, *id = NULL;
	json_error_t je;
	json_t *doc;
	int rc;

	(void)state;
	fx_sh(dir, "python3 '%s/tests/support/deeptree.py' 100000 > pack 2> id && "
		   "git index-pack --stdin < pack > /dev/null && "
		   "git update-ref refs/heads/main $(cat id) && rm pack id",
	      fx_source_root());
	rc = fx_sh_out(&out, dir, "ulimit -s 1024 && '%s' audit . --offline "
			     "--format json 2>/dev/null", fx_vigie_bin());
	if (rc != 0)
		fail_msg("exit %d: %s", rc, out);
	doc = json_loads(out, 0, &je);
	if (!doc)
		fail_msg("invalid JSON at %d:%d: %s", je.line, je.column, je.text);
	assert_string_equal(json_string_value(vigie_json_path(doc, "facts.inventory.readme.0.path")),
			    "README.md");
	assert_null(vigie_json_path(doc, "facts.inventory.governance"));
	assert_string_equal(json_string_value(vigie_json_path(doc, "problems.0.collector")),
			    "tree");
	assert_contains(json_string_value(vigie_json_path(doc, "problems.0.message")),
			"deeper than 4096 levels");
	json_decref(doc);
	free(out);
	/* The pre-push hook, as git runs it, pushing a tag of that commit. */
	fx_sh_out(&id, dir, "git rev-parse HEAD | tr -d '\\n'");
	rc = fx_sh_out(&out, dir, "ulimit -s 1024 && echo 'refs/tags/v1 %s "
			     "refs/tags/v1 0000000000000000000000000000000000000000' | "
			     "'%s' hook run --fail-under 0 2>&1", id, fx_vigie_bin());
	if (rc != 0)
		fail_msg("exit %d: %s", rc, out);
	assert_contains(out, "vigie: refs/tags/v1 passes the release gate");
	assert_true(strchr(out, '\n') == strrchr(out, '\n'));
	free(out);
	free(id);
	fx_rmdir(dir);
}

/* No bidirectional control (Trojan Source) left raw in s. */
static void assert_no_raw_bidi(const char *s)
{
	static const char *const bidi[] = {
		"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
		"\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",
	};
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(bidi); i++)
		if (strstr(s, bidi[i]))
			fail_msg("raw bidirectional control U+%04X in output near: %.60s",
				 (unsigned)(i < 5 ? 0x202a + i : i < 9 ? 0x2066 + i - 5
						 : i == 9 ? 0x200e : i == 10 ? 0x200f : 0x061c),
				 strstr(s, bidi[i]));
}

/*
 * Bidirectional controls in a file name and in content (a waiver's reason)
 * are escaped like other controls, in the text and Markdown reports and in
 * error messages: they could make a name read as another.
 */
static void test_hostile_bidi_controls_are_escaped(void **state)
{
	char *dir = fx_repo_new("hostile-bidi"), *out = NULL, *err = NULL;
	int rc;

	(void)state;
	fx_sh(dir, "printf '# T\\n' > README.md && "
		   "printf 'x\\n' > \"$(printf 'CONTRIBUTING.\\342\\200\\256gnp.md')\" && "
		   "printf '{\"waivers\": [{\"rule\": \"license.present\", \"reason\": "
		   "\"vendored \\342\\200\\256elif\\342\\200\\254 \\342\\201\\246x"
		   "\\342\\201\\251 \\342\\200\\217\\330\\234 ok\", "
		   "\"expires\": \"2099-01-01\"}]}\\n' > .vigie.json && "
		   "git add -A && git commit -q -m bidi");
	rc = fx_vigie(&out, &err, dir, "audit . --offline --verbose --color never");
	if (rc != 0)
		fail_msg("exit %d: %s", rc, err);
	assert_no_raw_bidi(out);
	assert_contains(out, "CONTRIBUTING.\\u202egnp.md");
	assert_contains(out, "vendored \\u202eelif\\u202c \\u2066x\\u2069 \\u200f\\u061c ok");
	free(out);
	free(err);
	rc = fx_vigie(&out, &err, dir, "audit . --offline --format markdown");
	if (rc != 0)
		fail_msg("exit %d: %s", rc, err);
	assert_no_raw_bidi(out);
	assert_contains(out, "vendored \\\\u202eelif");
	free(out);
	free(err);
	/* A path in an error message. */
	rc = fx_vigie(&out, &err, dir, "audit \"$(printf 'no\\342\\200\\256such')\"");
	assert_int_equal(rc, 3);
	assert_no_raw_bidi(err);
	assert_contains(err, "no\\u202esuch");
	free(out);
	free(err);
	fx_rmdir(dir);
}

/* Seconds since some fixed point, for the tests that must end in time. */
static double clock_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* What the cache holds below its root: nothing is the expected answer. */
static void assert_cache_empty(const char *cache)
{
	char *left = NULL;

	fx_sh_out(&left, cache, "find . -mindepth 1");
	if (left && *left)
		fail_msg("the cache keeps:\n%s", left);
	free(left);
}

/* One error line, exit 3, within [lo, hi] seconds. */
static void audit_fails_in_time(const char *url, const char *opts,
				const char *cache, double lo, double hi,
				const char *why)
{
	char *out = NULL, *err = NULL;
	double t0 = clock_s(), took;
	int rc;

	rc = fx_vigie(&out, &err, cache, "audit '%s' --cache-dir '%s' %s", url,
		      cache, opts);
	took = clock_s() - t0;
	if (rc != 3)
		fail_msg("exit %d, expected 3: %s", rc, err);
	if (took < lo || took > hi)
		fail_msg("took %.1f s, expected %.0f to %.0f s", took, lo, hi);
	assert_contains(err, why);
	assert_contains(err, "http://127.0.0.1:");
	if (strchr(err, '\n') != err + strlen(err) - 1)
		fail_msg("not one line: %s", err);
	free(out);
	free(err);
}

/* A server that accepts and never answers: the deadline holds all the same. */
static void test_hostile_silent_server_times_out(void **state)
{
	char *root = fx_tmpdir("silent"), *cache = fx_tmpdir("silent-cache");
	char url[128];
	int port, pid = fx_hostile_git("silent", root, &port);

	(void)state;
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/proj.git", port);
	audit_fails_in_time(url, "--timeout 1", cache, 0.9, 8,
			    ": time limit of 1 s reached");
	assert_cache_empty(cache);
	fx_stop(pid);
	fx_rmdir(root);
	fx_rmdir(cache);
}

/* A git:// port that reads the request and says nothing. */
static void test_hostile_silent_git_port_times_out(void **state)
{
	char *root = fx_tmpdir("silent"), *cache = fx_tmpdir("silent-cache");
	char url[128], *out = NULL, *err = NULL;
	double t0 = clock_s();
	int port, pid = fx_hostile_git("silent", root, &port), rc;

	(void)state;
	snprintf(url, sizeof(url), "git://127.0.0.1:%d/proj.git", port);
	rc = fx_vigie(&out, &err, cache, "audit '%s' --cache-dir '%s' --timeout 1",
		      url, cache);
	if (rc != 3 || clock_s() - t0 > 8)
		fail_msg("exit %d after %.1f s: %s", rc, clock_s() - t0, err);
	assert_contains(err, "vigie: git://127.0.0.1:");
	assert_contains(err, "time limit of 1 s reached");
	assert_cache_empty(cache);
	free(out);
	free(err);
	fx_stop(pid);
	fx_rmdir(root);
	fx_rmdir(cache);
}

/*
 * A server's error holding line breaks and an escape sequence: one line on
 * the terminal, its breaks folded (no literal \n), its escape escaped.
 */
static void test_hostile_server_error_is_one_line(void **state)
{
	char *root = fx_tmpdir("err"), *cache = fx_tmpdir("err-cache");
	char url[128], *out = NULL, *err = NULL;
	int port, pid = fx_hostile_git("err", root, &port), rc;

	(void)state;
	snprintf(url, sizeof(url), "git://127.0.0.1:%d/proj.git", port);
	rc = fx_vigie(&out, &err, cache, "audit '%s' --cache-dir '%s' --timeout 5",
		      url, cache);
	if (rc != 3)
		fail_msg("exit %d: %s", rc, err);
	assert_contains(err, "access denied for you \\e[31mred\\e[0m\n");
	if (strchr(err, '\n') != err + strlen(err) - 1)
		fail_msg("not one line: %s", err);
	assert_null(strstr(err, "\\n"));
	assert_null(strchr(err, '\x1b'));
	free(out);
	free(err);
	fx_stop(pid);
	fx_rmdir(root);
	fx_rmdir(cache);
}

/* A real repository served over smart HTTP, its pack cut in half. */
static char *stalling_world(char **root)
{
	char *up = fx_repo_new("stall-up");

	/* 40 files of noise (split: 3 processes, not 80) */
	fx_sh(up, "head -c 160000 /dev/urandom | base64 | split -l 71 - f");
	fx_commit(up, "noise");
	*root = fx_tmpdir("stall");
	fx_sh(*root, "git clone -q --bare '%s' proj.git", up);
	return up;
}

static void test_hostile_smart_http_stalls_mid_pack(void **state)
{
	char *root, *up = stalling_world(&root), *cache = fx_tmpdir("stall-cache");
	char url[128], *log = NULL;
	int port, pid = fx_hostile_git("stall", root, &port);

	(void)state;
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/proj.git", port);
	audit_fails_in_time(url, "--timeout 2", cache, 1.9, 8,
			    ": time limit of 2 s reached");
	/* It stalled in the pack, after the refs were advertised. */
	fx_sh_out(&log, root, "cat .port-stall.log");
	assert_contains(log, "GET /proj.git/info/refs");
	assert_contains(log, "POST /proj.git/git-upload-pack");
	assert_cache_empty(cache);
	free(log);
	fx_stop(pid);
	fx_rmdir(up);
	fx_rmdir(root);
	fx_rmdir(cache);
}

/* A pack that never ends stops at --max-clone-size, and leaves nothing. */
static void test_hostile_endless_pack_is_capped(void **state)
{
	char *root = fx_tmpdir("endless"), *cache = fx_tmpdir("endless-cache");
	char url[128];
	int port, pid = fx_hostile_git("endless", root, &port);

	(void)state;
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/proj.git", port);
	audit_fails_in_time(url, "--timeout 60 --max-clone-size 2M", cache, 0, 20,
			    ": transfer larger than the limit of 2 MiB");
	assert_cache_empty(cache);
	fx_stop(pid);
	fx_rmdir(root);
	fx_rmdir(cache);
}

/*
 * A batch worker killed at the time limit in the middle of a clone: the
 * parent removes the clone it was making, and the directories above it.
 */
static void test_hostile_batch_worker_killed_mid_clone(void **state)
{
	char *root, *up = stalling_world(&root), *cache = fx_tmpdir("stall-cache");
	char *work = fx_tmpdir("stall-batch"), *out = NULL, *err = NULL;
	char *results = NULL;
	int port, pid = fx_hostile_git("stall", root, &port), rc;

	(void)state;
	fx_sh(work, "echo http://127.0.0.1:%d/proj.git > list", port);
	rc = fx_vigie(&out, &err, work, "batch --list list --out out --cache-dir '%s' "
		      "--timeout 1 -j 2 --progress never", cache);
	/* Its only repository failed: the batch says so with exit 1. */
	if (rc != 1)
		fail_msg("exit %d: %s", rc, err);
	assert_contains(err, "every repository failed (1 of 1)");
	fx_sh_out(&results, work, "cat out/results.jsonl");
	assert_contains(results, "time limit of 1 s reached");
	assert_contains(results, "proj.git");
	assert_cache_empty(cache);
	free(out);
	free(err);
	free(results);

	/*
	 * Killed while fetching into a cached clone: no lock, no partial
	 * pack is left in it (each would fail the fetches of later nights).
	 */
	{
		struct vigie_target t;
		struct vigie_error verr;
		char url[128], *rel;
		snprintf(url, sizeof(url), "http://127.0.0.1:%d/proj.git", port);
		assert_int_equal(vigie_target_parse(&t, url, &verr), 0);
		rel = vigie_target_cache_path(&t);
		fx_sh(cache, "git clone -q --bare '%s/proj.git' 'repos/%s' && "
			     "git --git-dir='repos/%s' config remote.origin.url '%s'",
		      root, rel, rel, url);
		vigie_target_release(&t);
		free(rel);
	}
	fx_sh(root, "git clone -q proj.git wt && cd wt && "
		    "head -c 90000 /dev/urandom | base64 | split -l 53 - n && "
		    "git add -A && git commit -q -m more && git push -q origin HEAD:main");
	rc = fx_vigie(&out, &err, work, "batch --list list --out out2 --cache-dir '%s' "
		      "--timeout 1 -j 2 --progress never", cache);
	if (rc != 1)
		fail_msg("exit %d: %s", rc, err);
	fx_sh_out(&results, work, "cat out2/results.jsonl");
	assert_contains(results, "time limit of 1 s reached");
	free(results);
	fx_sh_out(&results, cache, "find . -name '*.lock' -o -name '*_git2_*' -o -name '*.tmp-*'");
	assert_string_equal(results, "");
	free(out);
	free(err);
	free(results);
	fx_stop(pid);
	fx_rmdir(up);
	fx_rmdir(root);
	fx_rmdir(cache);
	fx_rmdir(work);
}

/*
 * A token in a forge shorthand or a file:// URL: used for the transfer,
 * never shown in an error or a report, never in the cache (its paths and
 * configuration) nor in a batch's records and summaries, in any case.
 */
static void test_hostile_credentials_in_shorthands_never_stored(void **state)
{
	/* Each with 127.0.0.1:PORT/OWNER/NAME after it. */
	static const char *const fmts[] = {
		"gitlab:oauth2:SeCrEt-ToKeN@", "github:SeCrEt-ToKeN@",
		"gitea:u:SeCrEt-ToKeN@", "codeberg:SeCrEt-ToKeN@",
	};
	char *work = fx_tmpdir("tokens"), *up = fx_repo_new("tokens-up");
	char *out = NULL, *found = NULL;
	char target[1024];
	int port = fx_free_port(), rc;
	size_t i;

	(void)state;
	fx_write(up, "README.md", "# Tokens\n");
	fx_commit(up, "first");
	fx_sh(work, "git clone -q --bare '%s' up.git && : > list", up);
	for (i = 0; i <= VIGIE_ARRAY_SIZE(fmts); i++) {
		if (i < VIGIE_ARRAY_SIZE(fmts))
			snprintf(target, sizeof(target), "%s127.0.0.1:%d/group/name",
				 fmts[i], port);
		else
			snprintf(target, sizeof(target),
				 "file://u:SeCrEt-ToKeN@%s/up.git", work);
		fx_sh(work, "echo '%s' >> list", target);
		rc = fx_sh_out(&out, work, "XDG_CACHE_HOME='%s/xdg' \"$VIGIE_BIN\" "
			       "audit '%s' --format json 2>&1", work, target);
		/* The file:// one is audited; the others cannot be reached. */
		if (rc != (i < VIGIE_ARRAY_SIZE(fmts) ? 3 : 0))
			fail_msg("%s: exit %d: %s", target, rc, out);
		if (strcasestr(out, "secret-token"))
			fail_msg("%s: the token is shown:\n%s", target, out);
		free(out);
	}
	rc = fx_sh_out(&out, work, "XDG_CACHE_HOME='%s/xdg' \"$VIGIE_BIN\" "
		       "batch --list list --out out --timeout 20 --progress never 2>&1",
		       work);
	if (rc != 0)
		fail_msg("batch: exit %d: %s", rc, out);
	if (strcasestr(out, "secret-token"))
		fail_msg("batch shows the token:\n%s", out);
	free(out);
	/* Every file, name and content, of the cache and the batch's output. */
	fx_sh_out(&found, work, "test -s out/results.jsonl && test -s out/summary.txt && "
		  "test -s out/index.html && test -d xdg/vigie/repos/file && "
		  "{ find xdg out | grep -i secret-token; "
		  "grep -ril secret-token xdg out; } ");
	assert_string_equal(found, "");
	/* The file:// audit was done, under the target without its token. */
	fx_sh_out(&out, work, "cat out/results.jsonl");
	assert_contains(out, "\"status\":\"audited\"");
	assert_contains(out, "gitlab:127.0.0.1:");
	free(out);
	free(found);
	fx_rmdir(up);
	fx_rmdir(work);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_text_report_is_clean),
		cmocka_unit_test(test_hostile_json_is_valid_utf8),
		cmocka_unit_test(test_hostile_damaged_pack),
		cmocka_unit_test(test_hostile_deep_tree),
		cmocka_unit_test(test_hostile_bidi_controls_are_escaped),
		cmocka_unit_test(test_hostile_silent_server_times_out),
		cmocka_unit_test(test_hostile_silent_git_port_times_out),
		cmocka_unit_test(test_hostile_server_error_is_one_line),
		cmocka_unit_test(test_hostile_smart_http_stalls_mid_pack),
		cmocka_unit_test(test_hostile_batch_worker_killed_mid_clone),
		cmocka_unit_test(test_hostile_endless_pack_is_capped),
		cmocka_unit_test(test_hostile_credentials_in_shorthands_never_stored),
	};
	return fx_run_group_tests(tests, setup, teardown);
}
