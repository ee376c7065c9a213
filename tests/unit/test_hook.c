/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of the pre-push hook: real pushes to a real local bare remote. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"
#include "vigie/vigie.h"

struct fx {
	char *dir;    /* holds repo/ (the work tree) and remote.git */
	char repo[4096];
	char pack[4096];
};

/*
 * A repository that fails the gate pack of tests/data/gate (score 31:
 * README only), with a bare remote "origin" and an annotated tag v1.0.
 */
static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->dir = fx_tmpdir("hook");
	snprintf(f->repo, sizeof(f->repo), "%s/repo", f->dir);
	snprintf(f->pack, sizeof(f->pack), "%s/tests/data/gate/pack.json",
		 fx_source_root());
	fx_sh(f->dir, "git init -q --bare remote.git && git init -q -b main repo "
		      "&& cd repo && git config commit.gpgsign false "
		      "&& git remote add origin ../remote.git");
	fx_write(f->repo, "README.md", "# Release gate\n\nA test repository.\n");
	fx_commit(f->repo, "first");
	fx_sh(f->repo, "git tag -a v1.0 -m 'release 1.0'");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	fx_rmdir(f->dir);
	free(f);
	return 0;
}

/* Make the repository pass the gate (license, contributing, security). */
static void fix(struct fx *f)
{
	fx_write(f->repo, "LICENSE", "MIT License\n\nCopyright (c) 2026 Example\n");
	fx_write(f->repo, "CONTRIBUTING.md", "Open a pull request.\n");
	fx_write(f->repo, "SECURITY.md", "Mail security@example.org.\n");
}

/* The refs the remote has, one "ID REF" per line (malloc'd). */
static char *remote_refs(struct fx *f)
{
	char *out = NULL;

	fx_sh_out(&out, f->dir, "git ls-remote remote.git");
	return out;
}

static int push(struct fx *f, char **err, const char *refs)
{
	char *out = NULL;
	int rc;

	rc = fx_sh_out(&out, f->repo, "git push origin %s 2>&1", refs);
	*err = out;
	return rc;
}

static void install(struct fx *f, const char *opts)
{
	char *out = NULL, *err = NULL;
	int rc = fx_vigie(&out, &err, f->repo, "hook install --rules '%s' %s",
			  f->pack, opts);

	if (rc != 0)
		fail_msg("vigie hook install failed (%d): %s", rc, err);
	free(out);
	free(err);
}

static void test_hook_refuses_failing_tag_then_passes_fixed(void **state)
{
	struct fx *f = *state;
	char *err = NULL, *refs;

	install(f, "--fail-under 60");
	/* The whole push is refused: neither the tag nor the branch lands. */
	assert_int_not_equal(push(f, &err, "main v1.0"), 0);
	assert_contains(err, "refusing the push of refs/tags/v1.0: gate failed: "
			     "overall score 31 is under 60");
	assert_contains(err, "fix: Add a LICENSE file with a libre license.");
	free(err);
	refs = remote_refs(f);
	assert_string_equal(refs, "");
	free(refs);

	/* Fixes in the work tree do not count: the tagged commit is audited. */
	fix(f);
	assert_int_not_equal(push(f, &err, "v1.0"), 0);
	assert_contains(err, "overall score 31 is under 60");
	free(err);

	/* Committed and tagged (lightweight this time), the release goes. */
	fx_commit(f->repo, "fixed");
	fx_sh(f->repo, "git tag v1.1");
	assert_int_equal(push(f, &err, "v1.1"), 0);
	assert_contains(err, "refs/tags/v1.1 passes the release gate (score 94/100)");
	free(err);
	refs = remote_refs(f);
	assert_contains(refs, "refs/tags/v1.1");
	assert_not_contains(refs, "refs/tags/v1.0");
	free(refs);
}

/*
 * The release being pushed is a release: an annotated tag is made after
 * its commit (here three days), and the history rule counts it.  --as-of
 * is written into the hook like the gate options.
 */
static void test_hook_pushed_tag_is_a_release(void **state)
{
	struct fx *f = *state;
	char *err = NULL;

	fx_sh(f->repo, "GIT_COMMITTER_DATE=2026-03-01T12:00:00Z "
		       "GIT_AUTHOR_DATE=2026-03-01T12:00:00Z "
		       "git commit -q --allow-empty -m 'ready' && "
		       "GIT_COMMITTER_DATE=2026-03-04T12:00:00Z "
		       "git tag -a v2.0.0 -m 'release 2.0.0'");
	install(f, "--rules communs --require history.release --as-of commit");
	fx_sh(f->repo, "grep -q -- \"--as-of 'commit'\" \"$(git rev-parse "
		       "--git-path hooks)/pre-push\"");
	assert_int_equal(push(f, &err, "v2.0.0"), 0);
	assert_contains(err, "refs/tags/v2.0.0 passes the release gate");
	free(err);
}

static void test_hook_branch_push_untouched(void **state)
{
	struct fx *f = *state;
	char *err = NULL, *refs;

	install(f, "--fail-under 60");
	assert_int_equal(push(f, &err, "main"), 0);
	assert_not_contains(err, "vigie:");
	free(err);
	refs = remote_refs(f);
	assert_contains(refs, "refs/heads/main");
	free(refs);

	/* With --all-refs, a branch is gated like a tag. */
	install(f, "--fail-under 60 --all-refs");
	fx_write(f->repo, "NOTES", "more\n");
	fx_commit(f->repo, "second");
	assert_int_not_equal(push(f, &err, "main:other"), 0);
	assert_contains(err, "refusing the push of refs/heads/other");
	free(err);
	refs = remote_refs(f);
	assert_not_contains(refs, "refs/heads/other");
	free(refs);
}

static void test_hook_require_and_fail_on(void **state)
{
	struct fx *f = *state;
	char *err = NULL;

	fix(f);
	fx_sh(f->repo, "rm SECURITY.md");
	fx_commit(f->repo, "no policy");
	fx_sh(f->repo, "git tag -a v2.0 -m two");
	install(f, "--fail-under 50 --require gate.security");
	assert_int_not_equal(push(f, &err, "v2.0"), 0);
	assert_contains(err, "gate failed: required rule 'gate.security' is fail");
	free(err);
	install(f, "--fail-on error");
	assert_int_equal(push(f, &err, "v2.0"), 0);
	free(err);
}

static void test_hook_keeps_and_restores_existing_hook(void **state)
{
	struct fx *f = *state;
	const char *prev = "#!/bin/sh\n# the team's own hook\n"
			   "cat >> \"$(git rev-parse --git-dir)/prev.log\"\n";
	char *err = NULL, *out = NULL;
	struct stat st;

	fx_write(f->dir, "prev", prev);
	fx_write(f->repo, ".git/hooks/pre-push", prev);
	fx_sh(f->repo, "chmod 750 .git/hooks/pre-push");
	install(f, "--fail-under 60");
	fx_sh(f->repo, "grep -q 'vigie-hook' .git/hooks/pre-push");
	fx_sh(f->repo, "cmp -s .git/hooks/pre-push.vigie-chained ../prev");

	/* A passing push runs both hooks; the previous one sees git's lines. */
	fix(f);
	fx_commit(f->repo, "fixed");
	fx_sh(f->repo, "git tag v1.1");
	assert_int_equal(push(f, &err, "main v1.1"), 0);
	free(err);
	fx_sh_out(&out, f->repo, "cat .git/prev.log");
	assert_contains(out, "refs/heads/main ");
	assert_contains(out, "refs/tags/v1.1 ");
	free(out);

	/* Installing again updates vigie's hook and keeps the chained one. */
	install(f, "--fail-under 90");
	fx_sh(f->repo, "grep -q -- \"--fail-under '90'\" .git/hooks/pre-push");
	fx_sh(f->repo, "cmp -s .git/hooks/pre-push.vigie-chained ../prev");

	assert_int_equal(fx_vigie(NULL, &err, f->repo, "hook uninstall"), 0);
	assert_contains(err, "restored the previous hook");
	free(err);
	fx_sh(f->repo, "cmp -s .git/hooks/pre-push ../prev");
	fx_sh(f->repo, "test ! -e .git/hooks/pre-push.vigie-chained");
	{
		struct vigie_buf p = VIGIE_BUF_INIT;
		vigie_buf_printf(&p, "%s/.git/hooks/pre-push", f->repo);
		assert_int_equal(stat(p.ptr, &st), 0);
		vigie_buf_release(&p);
	}
	assert_int_equal(st.st_mode & 0777, 0750);
}

static void test_hook_refuses_to_overwrite(void **state)
{
	struct fx *f = *state;
	char *err = NULL;

	fx_write(f->repo, ".git/hooks/pre-push", "#!/bin/sh\nexit 0\n");
	fx_write(f->repo, ".git/hooks/pre-push.vigie-chained", "#!/bin/sh\n");
	assert_int_equal(fx_vigie(NULL, &err, f->repo, "hook install"), 3);
	assert_contains(err, "cannot install:");
	assert_contains(err, "move one of them away");
	free(err);
	fx_sh(f->repo, "test \"$(cat .git/hooks/pre-push)\" = \"$(printf '#!/bin/sh\\nexit 0')\"");

	/* Nor does uninstall touch a hook vigie did not write. */
	assert_int_equal(fx_vigie(NULL, &err, f->repo, "hook uninstall"), 3);
	assert_contains(err, "was not installed by vigie; left alone");
	free(err);
	fx_sh(f->repo, "test -e .git/hooks/pre-push");
}

static void test_hook_honours_hooks_path(void **state)
{
	struct fx *f = *state;
	char *err = NULL, *refs;

	fx_sh(f->repo, "git config core.hooksPath .githooks");
	install(f, "--fail-under 60");
	fx_sh(f->repo, "test -x .githooks/pre-push && test ! -e .git/hooks/pre-push");
	assert_int_not_equal(push(f, &err, "v1.0"), 0);
	assert_contains(err, "gate failed");
	free(err);
	refs = remote_refs(f);
	assert_string_equal(refs, "");
	free(refs);
	assert_int_equal(fx_vigie(NULL, &err, f->repo, "hook uninstall"), 0);
	free(err);
	fx_sh(f->repo, "test ! -e .githooks/pre-push");
	assert_int_equal(push(f, &err, "v1.0"), 0);
	free(err);
}

/* Run "vigie hook run ARGS" with stdin from printf; stderr in *err. */
static int hook_run(char **err, struct fx *f, const char *input,
		    const char *env, const char *args)
{
	return fx_sh_out(err, f->repo, "printf '%s' | %s '%s' hook run --rules '%s' "
			 "%s 2>&1 >/dev/null", input, env, fx_vigie_bin(),
			 f->pack, args);
}

static void test_hook_run_input(void **state)
{
	struct fx *f = *state;
	char *err = NULL, *id = NULL;
	char line[512], env[256];

	fx_sh_out(&id, f->repo, "git rev-parse v1.0 | tr -d '\\n'");
	assert_int_equal(strlen(id), 40);
	/* A deletion is not audited; a tag is; a branch is not. */
	snprintf(line, sizeof(line),
		 "(delete) 0000000000000000000000000000000000000000 "
		 "refs/tags/v0 %s\\n", id);
	assert_int_equal(hook_run(&err, f, line, "", "--fail-under 60 origin url"), 0);
	free(err);
	snprintf(line, sizeof(line),
		 "refs/heads/main %s refs/heads/main "
		 "0000000000000000000000000000000000000000\\n"
		 "refs/tags/v1.0 %s refs/tags/v1.0 "
		 "0000000000000000000000000000000000000000\\n", id, id);
	assert_int_equal(hook_run(&err, f, line, "", "--fail-under 60 origin url"), 1);
	assert_contains(err, "refusing the push of refs/tags/v1.0");
	assert_not_contains(err, "refs/heads/main");
	free(err);
	/* Malformed input refuses the push with a one-line reason. */
	assert_int_equal(hook_run(&err, f, "refs/tags/v1.0 nothex refs/tags/v1.0 0\\n",
				  "", ""), 2);
	assert_contains(err, "cannot read pre-push line 1");
	free(err);
	/* The pre-commit framework passes the ref in its environment. */
	snprintf(env, sizeof(env), "PRE_COMMIT_TO_REF=%s "
		 "PRE_COMMIT_REMOTE_BRANCH=refs/tags/v1.0", id);
	assert_int_equal(hook_run(&err, f, "", env, "--fail-under 60"), 1);
	assert_contains(err, "refusing the push of refs/tags/v1.0");
	free(err);
	free(id);
}

/*
 * The pre-commit framework, as Debian packages it, runs vigie from the
 * project's own .pre-commit-hooks.yaml: the manifest must load, and a real
 * push through pre-commit's pre-push hook must be refused when the gate
 * fails.  pre-commit runs no hook for a tag whose commit the remote already
 * has; `vigie hook install` covers that push (README, "Release hook").
 */
static void test_hook_pre_commit_framework(void **state)
{
	struct fx *f = *state;
	char *out = NULL, *err = NULL, *rev = NULL, *refs;
	char hooks[4096], config[16384], env[8192];
	const char *bin = fx_vigie_bin(), *slash = strrchr(bin, '/');

	assert_int_equal(fx_sh_out(&out, fx_source_root(),
				   "pre-commit validate-manifest "
				   ".pre-commit-hooks.yaml 2>&1"), 0);
	free(out);
	/* A hooks repository holding this project's manifest, named by
	 * URL and revision in the project's .pre-commit-config.yaml. */
	snprintf(hooks, sizeof(hooks), "%s/hooks", f->dir);
	fx_sh(f->dir, "git init -q hooks && cp '%s/.pre-commit-hooks.yaml' hooks/",
	      fx_source_root());
	fx_commit(hooks, "manifest");
	fx_sh_out(&rev, hooks, "git rev-parse HEAD | tr -d '\\n'");
	snprintf(config, sizeof(config),
		 "repos:\n  - repo: %s\n    rev: %s\n    hooks:\n"
		 "      - id: vigie-release-gate\n"
		 "        args: [--rules, '%s', --fail-under, '60']\n",
		 hooks, rev, f->pack);
	free(rev);
	fx_write(f->repo, ".pre-commit-config.yaml", config);
	fx_commit(f->repo, "pre-commit");
	fx_sh(f->repo, "git tag -f -a v1.0 -m 'release 1.0' >/dev/null");
	assert_non_null(slash);
	snprintf(env, sizeof(env), "PATH='%.*s':\"$PATH\" PRE_COMMIT_HOME='%s/pc'",
		 (int)(slash - bin), bin, f->dir);
	assert_int_equal(fx_sh_out(&out, f->repo, "%s pre-commit install "
				   "--hook-type pre-push 2>&1", env), 0);
	free(out);

	/* The tag and its commits are new to the remote: refused. */
	assert_int_not_equal(fx_sh_out(&err, f->repo,
				       "%s git push origin v1.0 2>&1", env), 0);
	assert_contains(err, "refusing the push of refs/tags/v1.0: gate failed: "
			     "overall score");
	free(err);
	refs = remote_refs(f);
	assert_string_equal(refs, "");
	free(refs);

	/* A branch push goes through pre-commit untouched... */
	assert_int_equal(fx_sh_out(&err, f->repo, "%s git push origin main 2>&1",
				   env), 0);
	free(err);
	/* ...and pre-commit runs no hook for a tag of a pushed commit: the
	 * failing tag lands. */
	fx_sh(f->repo, "git tag v1.1");
	assert_int_equal(fx_sh_out(&err, f->repo, "%s git push origin v1.1 2>&1",
				   env), 0);
	free(err);
	/* `vigie hook install` covers that case: the same push is refused. */
	install(f, "--fail-under 60");
	fx_sh(f->repo, "git tag v1.2");
	assert_int_not_equal(fx_sh_out(&err, f->repo,
				       "%s git push origin v1.2 2>&1", env), 0);
	assert_contains(err, "refusing the push of refs/tags/v1.2");
	free(err);
	refs = remote_refs(f);
	assert_contains(refs, "refs/tags/v1.1");
	assert_not_contains(refs, "refs/tags/v1.0");
	assert_not_contains(refs, "refs/tags/v1.2");
	free(refs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_hook_refuses_failing_tag_then_passes_fixed, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_hook_branch_push_untouched,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_hook_pushed_tag_is_a_release,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_hook_require_and_fail_on,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_hook_keeps_and_restores_existing_hook, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_hook_refuses_to_overwrite,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_hook_honours_hooks_path,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_hook_run_input, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hook_pre_commit_framework,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
