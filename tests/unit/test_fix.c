/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of vigie fix: drafts over real repositories, written, committed, audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"
#include "vigie/vigie.h"
#include "vigie/fix.h"

static const char readme[] =
	"# demo\n\nA small tool, free software shared as a commons.\n";

/* A fresh work tree with a README, one commit and a GitHub origin. */
static char *repo(const char *tag, const char *origin)
{
	char *dir = fx_repo_new(tag);

	fx_write(dir, "README.md", readme);
	fx_commit(dir, "readme");
	if (origin)
		fx_sh(dir, "git remote add origin '%s'", origin);
	return dir;
}

static struct vigie_ruleset *rules(void)
{
	struct vigie_ruleset *rs = vigie_ruleset_new();
	struct vigie_error err;

	assert_int_equal(vigie_ruleset_load_defaults(rs, &err), 0);
	return rs;
}

/* Every pack shipped with vigie: the claims hold for each of them. */
static struct vigie_ruleset *all_rules(void)
{
	const char *const *names = vigie_rules_embedded();
	struct vigie_ruleset *rs = vigie_ruleset_new();
	struct vigie_error err;
	size_t n = 0;

	for (; *names; names++, n++) {
		char name[128];
		snprintf(name, sizeof(name), "%.*s", (int)(strlen(*names) - 5),
			 *names);
		assert_int_equal(vigie_ruleset_load(rs, name, &err), 0);
	}
	assert_true(n >= 5);
	return rs;
}

static void audit(struct vigie_scorecard *sc, const struct vigie_ruleset *rs,
		  const char *target, bool identities)
{
	struct vigie_audit_opts ao;
	struct vigie_error err;
	enum vigie_stage stage;

	vigie_audit_options_init(&ao, VIGIE_AUDIT_OPTIONS_VERSION);
	ao.rules = rs;
	ao.source.offline = true;
	ao.collect.offline = true;
	ao.collect.identities = identities;
	if (vigie_audit_run(sc, &stage, target, &ao, &err) < 0)
		fail_msg("audit %s: %s", target, err.message);
}

/* Audit dir and plan its drafts, in lang; the plan keeps no reference. */
static void plan(struct vigie_fix *fix, const char *dir, const char *gitdir,
		 struct vigie_fix_opts *fo)
{
	struct vigie_ruleset *rs = rules();
	struct vigie_scorecard sc;
	struct vigie_error err;

	audit(&sc, rs, dir, false);
	if (vigie_fix_plan(fix, &sc, gitdir, fo, &err) < 0)
		fail_msg("plan: %s: %s", err.where, err.message);
	vigie_scorecard_release(&sc);
	vigie_ruleset_free(rs);
}

static const struct vigie_fix_file *file_of(const struct vigie_fix *fix,
					    const char *path)
{
	size_t i;

	for (i = 0; i < fix->count; i++)
		if (!strcmp(fix->files[i].path, path))
			return &fix->files[i];
	return NULL;
}

static bool claims(const struct vigie_fix_file *f, const char *id)
{
	const json_t *v;
	size_t i;

	json_array_foreach(f->rules, i, v)
		if (!strcmp(json_string_value(v), id))
			return true;
	return false;
}

static char *gitdir_of(const char *dir)
{
	char *g = malloc(strlen(dir) + 6);

	sprintf(g, "%s/.git", dir);
	return g;
}

static void test_fix_render(void **state)
{
	struct vigie_buf out = VIGIE_BUF_INIT;
	struct vigie_error err;
	json_t *vars = json_pack("{s:s, s:s, s:s}", "name", "demo", "url",
				 "https://x.org", "none", "");

	(void)state;
	assert_int_equal(vigie_fix_render(&out, "a {{name}} b\n{{#url}}\nu={{url}}\n{{/url}}\n"
					  "{{^none}}\nempty\n{{/none}}\n{{#none}}no{{/none}}end\n",
					  "t", vars, &err), 0);
	assert_string_equal(out.ptr, "a demo b\nu=https://x.org\nempty\nend\n");
	assert_int_equal(vigie_fix_render(&out, "x\n{{nope}}", "t.md", vars,
					  &err), VIGIE_EINVALID);
	assert_string_equal(err.where, "t.md:2");
	assert_contains(err.message, "nope");
	/* In a section that is dropped too: a name is known or it is an error. */
	assert_int_equal(vigie_fix_render(&out, "{{#none}}{{nope}}{{/none}}",
					  "t", vars, &err), VIGIE_EINVALID);
	assert_int_equal(vigie_fix_render(&out, "{{#url}}x", "t", vars, &err),
			 VIGIE_EINVALID);
	assert_int_equal(vigie_fix_render(&out, "{{#url}}x{{/name}}", "t",
					  vars, &err), VIGIE_EINVALID);
	assert_int_equal(vigie_fix_render(&out, "{{Name}}", "t", vars, &err),
			 VIGIE_EINVALID);
	json_decref(vars);
	vigie_buf_release(&out);
}

/* Every template is embedded, in both languages, with the same names. */
static void test_fix_templates_embedded(void **state)
{
	const char *const *n;
	size_t count = 0, len;

	(void)state;
	for (n = vigie_fix_templates(); *n; n++, count++) {
		const char *t = vigie_fix_template(*n, &len);
		char other[128];
		if (!t || len < 50)
			fail_msg("template %s is not embedded", *n);
		snprintf(other, sizeof(other), "%s%s",
			 !strncmp(*n, "en/", 3) ? "fr/" : "en/", *n + 3);
		assert_non_null(vigie_fix_template(other, NULL));
	}
	assert_int_equal(count, 24);
	assert_null(vigie_fix_template("../communs.json", NULL));
}

/*
 * Each file, over a repository that lacks everything, in each language
 * and for each forge: the right paths, filled from the facts, no
 * placeholder left.
 */
static void check_drafts(const char *lang_name, const char *origin,
			 const char *const *paths, const char *const *absent,
			 const char *const *needles)
{
	char *dir = repo("fix-files", origin);
	char *gitdir = gitdir_of(dir);
	struct vigie_fix_opts fo;
	struct vigie_fix fix;
	const char *const *p;
	size_t i;

	fx_sh(dir, "git tag -a v1.0 -m v1.0 && GIT_COMMITTER_DATE=2026-02-01T00:00:00Z "
		   "git commit -q --allow-empty -m two && "
		   "GIT_COMMITTER_DATE=2026-02-01T00:00:00Z git tag v1.1");
	vigie_fix_opts_init(&fo);
	fo.lang = (enum vigie_lang)vigie_lang_parse(lang_name);
	plan(&fix, dir, gitdir, &fo);
	for (p = paths; *p; p++)
		if (!file_of(&fix, *p))
			fail_msg("%s: no draft of %s", lang_name, *p);
	for (p = absent; *p; p++)
		assert_null(file_of(&fix, *p));
	for (i = 0; i < fix.count; i++) {
		const char *c = fix.files[i].content;
		size_t n = strlen(c);
		assert_not_contains(c, "{{");
		assert_true(n > 40);
		/* One final newline, no blank line at the end. */
		if (c[n - 1] != '\n' || c[n - 2] == '\n')
			fail_msg("%s does not end with one newline",
				 fix.files[i].path);
	}
	for (p = needles; *p; p += 2) {
		const struct vigie_fix_file *f = file_of(&fix, p[0]);
		assert_non_null(f);
		assert_contains(f->content, p[1]);
	}
	/* A second tag, newest first, with its commit's date. */
	assert_true(strstr(file_of(&fix, "CHANGELOG.md")->content, "## [v1.1] - 2026-02-01") <
		    strstr(file_of(&fix, "CHANGELOG.md")->content, "## [v1.0] - 2026-01-01"));
	vigie_fix_release(&fix);
	free(gitdir);
	fx_rmdir(dir);
}

static void test_fix_files_github_en(void **state)
{
	static const char *const paths[] = {
		"CONTRIBUTING.md", "CODE_OF_CONDUCT.md", "GOVERNANCE.md",
		"SECURITY.md", "CHANGELOG.md", "publiccode.yml",
		"codemeta.json", ".github/ISSUE_TEMPLATE/bug_report.md",
		".github/ISSUE_TEMPLATE/feature_request.md",
		".github/pull_request_template.md", NULL,
	};
	static const char *const absent[] = {
		".gitlab/issue_templates/Bug.md", "LICENSE", NULL,
	};
	static const char *const needles[] = {
		"CONTRIBUTING.md", "<https://github.com/acme/demo/issues>",
		"CONTRIBUTING.md", "Developer Certificate of Origin",
		"CONTRIBUTING.md", "pull request",
		"CONTRIBUTING.md", "[code of conduct](CODE_OF_CONDUCT.md)",
		"CODE_OF_CONDUCT.md", "Contributor Covenant",
		"CODE_OF_CONDUCT.md", "CC BY 4.0",
		"CODE_OF_CONDUCT.md", "TODO",
		"SECURITY.md", "https://github.com/acme/demo/security/advisories/new",
		"GOVERNANCE.md", "| TODO: name | TODO: contact |",
		"CHANGELOG.md", "[v1.0]: https://github.com/acme/demo/releases/tag/v1.0",
		"publiccode.yml", "url: \"https://github.com/acme/demo\"",
		"publiccode.yml", "developmentStatus: stable",
		"codemeta.json", "\"codeRepository\": \"https://github.com/acme/demo\"",
		NULL,
	};

	(void)state;
	check_drafts("en", "git@github.com:acme/demo.git", paths, absent,
		     needles);
}

/*
 * A language vigie speaks without templates of its own (a catalogue added
 * at run time): the drafts are the English ones, whole; the rules left
 * say their titles in it, English where the pack has none.
 */
static void test_fix_files_language_without_templates(void **state)
{
	static const char po[] =
		"msgid \"\"\nmsgstr \"\"\n"
		"\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n\n"
		"msgid \"fix\"\nmsgstr \"Fix\"\n";
	char *dir = repo("fix-lang", "https://github.com/acme/demo");
	char *gitdir = gitdir_of(dir);
	struct vigie_fix_opts fo;
	struct vigie_fix en, xx;
	struct vigie_error err;
	int l;
	size_t i;

	(void)state;
	l = vigie_lang_parse("xx");
	if (l < 0)
		l = vigie_i18n_add_catalogue("xx", po, sizeof(po) - 1, &err);
	assert_true(l >= 2);
	assert_null(vigie_fix_template("xx/CONTRIBUTING.md", NULL));
	vigie_fix_opts_init(&fo);
	fo.lang = VIGIE_LANG_EN;
	plan(&en, dir, gitdir, &fo);
	fo.lang = (enum vigie_lang)l;
	plan(&xx, dir, gitdir, &fo);
	assert_true(en.count >= 8);
	assert_int_equal(xx.count, en.count);
	for (i = 0; i < en.count; i++) {
		assert_string_equal(xx.files[i].path, en.files[i].path);
		assert_string_equal(xx.files[i].content, en.files[i].content);
	}
	assert_true(json_equal(xx.left, en.left));
	assert_contains(file_of(&xx, "publiccode.yml")->content, "  en:\n");
	vigie_fix_release(&en);
	vigie_fix_release(&xx);
	free(gitdir);
	fx_rmdir(dir);
}

static void test_fix_files_gitlab_fr(void **state)
{
	static const char *const paths[] = {
		"CONTRIBUTING.md", "CODE_OF_CONDUCT.md", "GOVERNANCE.md",
		"SECURITY.md", "CHANGELOG.md", "publiccode.yml",
		"codemeta.json", ".gitlab/issue_templates/Bug.md",
		".gitlab/issue_templates/Feature.md",
		".gitlab/merge_request_templates/Default.md", NULL,
	};
	static const char *const absent[] = {
		".github/pull_request_template.md", NULL,
	};
	static const char *const needles[] = {
		"CONTRIBUTING.md", "# Contribuer à demo",
		"CONTRIBUTING.md", "<https://gitlab.com/acme/sub/demo/-/issues>",
		"CONTRIBUTING.md", "merge request",
		"CODE_OF_CONDUCT.md", "Code de conduite",
		"CODE_OF_CONDUCT.md", "CC BY 4.0",
		"SECURITY.md", "issue[confidential]=true",
		"CHANGELOG.md", "## [Non publié]",
		"publiccode.yml", "  fr:\n",
		NULL,
	};

	(void)state;
	check_drafts("fr", "https://gitlab.com/acme/sub/demo.git", paths,
		     absent, needles);
}

/* No forge known: no issue templates, and the checklist says why. */
static void test_fix_unknown_forge(void **state)
{
	char *dir = repo("fix-noforge", NULL);
	char *gitdir = gitdir_of(dir);
	struct vigie_fix_opts fo;
	struct vigie_fix fix;
	const json_t *v;
	size_t i;
	bool hinted = false;

	(void)state;
	vigie_fix_opts_init(&fo);
	plan(&fix, dir, gitdir, &fo);
	assert_non_null(file_of(&fix, "CONTRIBUTING.md"));
	assert_contains(file_of(&fix, "CONTRIBUTING.md")->content,
			"TODO: give the address of the issue tracker");
	vigie_fix_release(&fix);
	/* The tracker the README links to is the one the guide names. */
	fx_write(dir, "README.md", "# demo\n\nA tool shared as free software. "
		 "Report bugs at https://codeberg.org/acme/demo/issues please.\n");
	fx_commit(dir, "tracker");
	plan(&fix, dir, gitdir, &fo);
	assert_contains(file_of(&fix, "CONTRIBUTING.md")->content,
			"<https://codeberg.org/acme/demo/issues>");
	assert_contains(file_of(&fix, "SECURITY.md")->content, "TODO");
	assert_false(claims(file_of(&fix, "SECURITY.md"),
			    "security.private_channel"));
	for (i = 0; i < fix.count; i++)
		assert_not_contains(fix.files[i].path, "TEMPLATE");
	json_array_foreach(fix.left, i, v)
		if (!strcmp(json_string_value(json_object_get(v, "id")),
			    "tracker.templates"))
			hinted = json_object_get(v, "hint") != NULL;
	assert_true(hinted);
	vigie_fix_release(&fix);
	free(gitdir);
	fx_rmdir(dir);
}

/* The fix's own commit moves the history rules: they are left out. */
static bool history_rule(const char *id)
{
	return !strncmp(id, "history.", 8);
}

static double points(const struct vigie_scorecard *sc)
{
	double p = 0;
	size_t i;

	for (i = 0; i < sc->count; i++)
		if (!history_rule(sc->results[i].rule->id))
			p += sc->results[i].rule->weight * sc->results[i].score;
	return p;
}

static const struct vigie_result *result(const struct vigie_scorecard *sc,
					 const char *id)
{
	size_t i;

	for (i = 0; i < sc->count; i++)
		if (!strcmp(sc->results[i].rule->id, id))
			return &sc->results[i];
	fail_msg("no result for %s", id);
	return NULL;
}

/*
 * Fix, commit, audit again: every rule a draft claims passes, and the
 * weighted points rise by exactly the weights of those rules (each from
 * its score before); a second fix proposes nothing.
 */
static void score_case(const char *origin, enum vigie_lang lang)
{
	char *dir = repo("fix-score", origin);
	char *gitdir = gitdir_of(dir);
	struct vigie_ruleset *rs = all_rules();
	struct vigie_scorecard before, after;
	struct vigie_fix_opts fo;
	struct vigie_fix fix, again;
	struct vigie_error err;
	json_t *claimed = json_object(), *v;
	const char *id;
	double expected = 0;
	size_t i, j;

	audit(&before, rs, dir, false);
	vigie_fix_opts_init(&fo);
	fo.lang = lang;
	fo.workdir = dir;
	fo.license = "EUPL-1.2";
	assert_int_equal(vigie_fix_plan(&fix, &before, gitdir, &fo, &err), 0);
	/* Issue and pull request templates only for a known forge. */
	assert_int_equal(fix.count, origin ? 11 : 8);
	assert_int_equal(vigie_fix_write(&fix, dir, &err), 0);
	fx_commit(dir, "fix");
	audit(&after, rs, dir, false);
	for (i = 0; i < fix.count; i++)
		json_array_foreach(fix.files[i].rules, j, v)
			json_object_set(claimed, json_string_value(v), v);
	assert_non_null(json_object_get(claimed, "contributing.present"));
	assert_non_null(json_object_get(claimed, "license.present"));
	for (i = 0; i < after.count; i++) {
		const struct vigie_result *a = &after.results[i];
		const struct vigie_result *b = result(&before, a->rule->id);
		if (a->score != b->score && !history_rule(a->rule->id) &&
		    !json_object_get(claimed, a->rule->id))
			fail_msg("%s went from %s to %s, claimed by no draft",
				 a->rule->id, vigie_status_name(b->status),
				 vigie_status_name(a->status));
	}
	json_object_foreach(claimed, id, v) {
		const struct vigie_result *r = result(&after, id);
		if (r->status != VIGIE_STATUS_PASS)
			fail_msg("%s claimed but %s after the fix", id,
				 vigie_status_name(r->status));
		expected += r->rule->weight * (1 - result(&before, id)->score);
	}
	/* Only the contact of the code of conduct is left for a person. */
	assert_int_equal(result(&after, "code_of_conduct.contact")->status,
			 VIGIE_STATUS_FAIL);
	printf("# points %.1f -> %.1f (expected +%.1f), overall %.1f -> %.1f\n",
	       points(&before), points(&after), expected, before.overall,
	       after.overall);
	assert_true(expected > 50);
	assert_true(points(&after) - points(&before) > expected - 1e-6);
	assert_true(points(&after) - points(&before) < expected + 1e-6);
	assert_true(after.overall > before.overall);

	/* Idempotent: nothing new, even with --amend. */
	fo.amend = true;
	assert_int_equal(vigie_fix_plan(&again, &after, gitdir, &fo, &err), 0);
	for (i = 0; i < again.count; i++)
		fail_msg("second fix proposes %s", again.files[i].path);
	vigie_fix_release(&again);

	/* A person fills the contact: the contact rule passes. */
	fx_sh(dir, "sed -i 's/^TODO (.*$/"
		   "conduct@acme-demo.org./' CODE_OF_CONDUCT.md && "
		   "grep -q '^conduct@acme-demo.org.$' CODE_OF_CONDUCT.md");
	fx_commit(dir, "contact");
	vigie_scorecard_release(&after);
	audit(&after, rs, dir, false);
	assert_int_equal(result(&after, "code_of_conduct.contact")->status,
			 VIGIE_STATUS_PASS);

	json_decref(claimed);
	vigie_fix_release(&fix);
	vigie_scorecard_release(&before);
	vigie_scorecard_release(&after);
	vigie_ruleset_free(rs);
	free(gitdir);
	fx_rmdir(dir);
}

static void test_fix_then_audit_raises_score(void **state)
{
	(void)state;
	score_case("https://github.com/acme/demo", VIGIE_LANG_EN);
	score_case("git@gitlab.com:acme/sub/demo.git", VIGIE_LANG_FR);
	score_case(NULL, VIGIE_LANG_EN);
}

/* --write never overwrites: not a file in the tree, not one in the work tree. */
static void test_fix_write_never_overwrites(void **state)
{
	char *dir = repo("fix-write", "https://github.com/acme/demo");
	char *gitdir = gitdir_of(dir), *out = NULL;
	struct vigie_fix_opts fo;
	struct vigie_fix fix;
	struct vigie_error err;

	(void)state;
	/* Uncommitted, so the audit does not see it: the work tree does. */
	fx_write(dir, "SECURITY.md", "mine\n");
	vigie_fix_opts_init(&fo);
	fo.workdir = dir;
	plan(&fix, dir, gitdir, &fo);
	assert_null(file_of(&fix, "SECURITY.md"));
	assert_non_null(file_of(&fix, "GOVERNANCE.md"));
	vigie_fix_release(&fix);

	/* A plan made without the work tree in mind still cannot clobber. */
	fo.workdir = NULL;
	plan(&fix, dir, gitdir, &fo);
	assert_non_null(file_of(&fix, "SECURITY.md"));
	assert_int_equal(vigie_fix_write(&fix, dir, &err), VIGIE_EINVALID);
	assert_string_equal(err.where, "SECURITY.md");
	assert_int_equal(fx_sh_out(&out, dir, "cat SECURITY.md"), 0);
	assert_string_equal(out, "mine\n");
	free(out);
	vigie_fix_release(&fix);

	/* Nor through a link planted where a directory should be. */
	fx_sh(dir, "rm SECURITY.md && mkdir -p ../fix-outside-%d && "
		   "ln -s ../fix-outside-%d .github",
	      (int)getpid(), (int)getpid());
	fo.workdir = dir;
	plan(&fix, dir, gitdir, &fo);
	assert_non_null(file_of(&fix, ".github/pull_request_template.md"));
	assert_int_equal(vigie_fix_write(&fix, dir, &err), VIGIE_EINVALID);
	assert_int_equal(fx_sh_out(&out, dir, "ls ../fix-outside-%d | wc -l",
				   (int)getpid()), 0);
	assert_string_equal(out, "0\n");
	free(out);
	fx_sh(dir, "rm -rf ../fix-outside-%d", (int)getpid());
	vigie_fix_release(&fix);
	free(gitdir);
	fx_rmdir(dir);
}

/* The dry-run diff applies with git apply and gives what --write writes. */
static void test_fix_diff_applies(void **state)
{
	char *dir = repo("fix-diff", "https://github.com/acme/demo");
	char *gitdir = gitdir_of(dir), *out = NULL;
	struct vigie_fix_opts fo;
	struct vigie_fix fix;
	struct vigie_buf diff = VIGIE_BUF_INIT;
	struct vigie_error err;

	(void)state;
	/* A kept guide without a final newline, to amend. */
	fx_write(dir, "CONTRIBUTING.md", "# Contributing\n\nThanks.\nWelcome");
	fx_write(dir, "SECURITY.md", "# Security\n");
	fx_commit(dir, "guide");
	vigie_fix_opts_init(&fo);
	fo.workdir = dir;
	fo.amend = true;
	plan(&fix, dir, gitdir, &fo);
	assert_true(file_of(&fix, "CONTRIBUTING.md")->append);
	assert_true(claims(file_of(&fix, "CONTRIBUTING.md"),
			   "contributing.report"));
	assert_true(file_of(&fix, "SECURITY.md")->append);
	assert_int_equal(vigie_fix_diff(&diff, &fix, &err), 0);
	assert_contains(diff.ptr, "--- a/SECURITY.md\n+++ b/SECURITY.md\n"
				  "@@ -1,1 +1,");
	assert_contains(diff.ptr, "--- /dev/null\n+++ b/GOVERNANCE.md\n@@ -0,0 +1,");
	assert_contains(diff.ptr, "--- a/CONTRIBUTING.md\n+++ b/CONTRIBUTING.md\n"
				  "@@ -1,4 +1,25 @@\n # Contributing\n \n Thanks.\n"
				  "-Welcome\n\\ No newline at end of file\n+Welcome\n+\n");
	/* Applied by git to a clone, written by vigie here: the same trees. */
	fx_write(dir, ".git/fix.patch", diff.ptr);
	fx_sh(dir, "rm -rf ../fix-diff-applied && "
		   "git clone -q . ../fix-diff-applied && "
		   "cd ../fix-diff-applied && git apply ../%s/.git/fix.patch",
	      strrchr(dir, '/') + 1);
	assert_int_equal(vigie_fix_write(&fix, dir, &err), 0);
	fx_sh(dir, "diff -r -x .git . ../fix-diff-applied");
	assert_int_equal(fx_sh_out(&out, dir, "cat CONTRIBUTING.md"), 0);
	assert_contains(out, "Welcome\n\n<!-- vigie fix -->\n## Reporting a problem");
	free(out);
	vigie_buf_release(&diff);
	vigie_fix_release(&fix);
	fx_sh(dir, "rm -rf ../fix-diff-applied");
	free(gitdir);
	fx_rmdir(dir);
}

/*
 * --branch on a bare repository: a commit on a new branch whose parent is
 * HEAD, HEAD and other refs untouched; a second time the branch exists.
 * On a work tree, the index and the work tree are left as they were.
 */
static void test_fix_branch(void **state)
{
	char *dir = repo("fix-branch", "https://github.com/acme/demo");
	char *bare = malloc(strlen(dir) + 8), *gitdir = gitdir_of(dir);
	char *before = NULL, *after = NULL, *out = NULL;
	char oid[41];
	struct vigie_fix_opts fo;
	struct vigie_fix fix;
	struct vigie_error err;

	(void)state;
	sprintf(bare, "%s.git", dir);
	fx_sh(dir, "git clone -q --bare . '%s' && git -C '%s' remote set-url "
		   "origin https://github.com/acme/demo && git -C '%s' config "
		   "user.name 'Fix Author' && git -C '%s' config user.email "
		   "fix@example.org", bare, bare, bare, bare);
	vigie_fix_opts_init(&fo);
	plan(&fix, bare, bare, &fo);
	assert_true(fix.count >= 10);
	assert_int_equal(vigie_fix_branch(oid, &fix, bare, "vigie/fix",
					  "Add community files\n", &err), 0);
	assert_int_equal(strlen(oid), 40);
	assert_int_equal(fx_sh_out(&out, bare, "git rev-parse vigie/fix && "
			 "git rev-parse vigie/fix^ main HEAD && "
			 "git ls-tree -r --name-only vigie/fix"), 0);
	assert_contains(out, oid);
	assert_contains(out, "CODE_OF_CONDUCT.md\n");
	assert_contains(out, ".github/ISSUE_TEMPLATE/bug_report.md\n");
	assert_contains(out, "README.md\n");
	free(out);
	/* The author: the repository's configured identity. */
	fx_sh(bare, "test \"$(git rev-parse vigie/fix^)\" = \"$(git rev-parse main)\" && "
		    "test \"$(git log -1 --format=%%an%%ae vigie/fix)\" = "
		    "'Fix Authorfix@example.org'");
	assert_int_equal(vigie_fix_branch(oid, &fix, bare, "vigie/fix", "x\n",
					  &err), VIGIE_EINVALID);
	assert_contains(err.message, "exists");
	assert_int_equal(vigie_fix_branch(oid, &fix, bare, "bad..name", "x\n",
					  &err), VIGIE_EINVALID);
	vigie_fix_release(&fix);

	/* A work tree with a change staged and one not: both left alone. */
	fx_write(dir, "staged.txt", "s\n");
	fx_sh(dir, "git add staged.txt && echo w >> README.md");
	assert_int_equal(fx_sh_out(&before, dir, "git status --porcelain && "
				   "git ls-files -s | git hash-object --stdin"), 0);
	plan(&fix, dir, gitdir, &fo);
	assert_int_equal(vigie_fix_branch(oid, &fix, gitdir, "drafts",
					  "Add community files\n", &err), 0);
	assert_int_equal(fx_sh_out(&after, dir, "git status --porcelain && "
				   "git ls-files -s | git hash-object --stdin"), 0);
	assert_string_equal(before, after);
	assert_int_equal(fx_sh_out(&out, dir, "git show drafts:SECURITY.md"), 0);
	assert_contains(out, "security/advisories/new");
	free(out);
	free(before);
	free(after);
	vigie_fix_release(&fix);
	fx_sh(dir, "rm -rf '%s'", bare);
	free(bare);
	free(gitdir);
	fx_rmdir(dir);
}

/*
 * --amend, in French: kept CONTRIBUTING and SECURITY files that lack their
 * parts get a marked section each; audited again, those content rules
 * pass, and a second --amend adds nothing.
 */
static void test_fix_amend_french(void **state)
{
	char *dir = repo("fix-amend", "https://github.com/acme/demo");
	char *gitdir = gitdir_of(dir), *out = NULL;
	struct vigie_ruleset *rs = rules();
	struct vigie_scorecard sc;
	struct vigie_fix_opts fo;
	struct vigie_fix fix;
	struct vigie_error err;
	const char *const amended[] = {
		"contributing.report", "contributing.propose",
		"contributing.kinds", "contributing.ip_terms",
		"security.private_channel", "security.disclosure",
	};
	size_t i;

	(void)state;
	fx_write(dir, "CONTRIBUTING.md", "# Contribuer\n\nMerci.\n");
	fx_write(dir, "SECURITY.md", "# Sécurité\n\nÀ venir.\n");
	fx_commit(dir, "kept files");
	vigie_fix_opts_init(&fo);
	fo.lang = VIGIE_LANG_FR;
	fo.workdir = dir;
	fo.only = amended;
	fo.nonly = VIGIE_ARRAY_SIZE(amended);
	/* Without --amend, a kept file is left alone. */
	plan(&fix, dir, gitdir, &fo);
	assert_int_equal(fix.count, 0);
	vigie_fix_release(&fix);
	fo.amend = true;
	plan(&fix, dir, gitdir, &fo);
	assert_int_equal(fix.count, 2);
	assert_true(fix.files[0].append && fix.files[1].append);
	assert_int_equal(vigie_fix_write(&fix, dir, &err), 0);
	vigie_fix_release(&fix);
	fx_commit(dir, "amend");
	assert_int_equal(fx_sh_out(&out, dir, "cat CONTRIBUTING.md SECURITY.md"), 0);
	assert_contains(out, "# Contribuer\n\nMerci.\n\n<!-- vigie fix -->\n"
			     "## Signaler un problème\n");
	assert_contains(out, "## Signaler en privé\n\nSignalez les vulnérabilités "
			     "par le signalement privé de la forge : "
			     "<https://github.com/acme/demo/security/advisories/new>.");
	assert_contains(out, "## Divulgation");
	free(out);
	audit(&sc, rs, dir, false);
	for (i = 0; i < VIGIE_ARRAY_SIZE(amended); i++)
		if (result(&sc, amended[i])->status != VIGIE_STATUS_PASS)
			fail_msg("%s: %s after --amend", amended[i],
				 vigie_status_name(result(&sc, amended[i])->status));
	assert_int_equal(vigie_fix_plan(&fix, &sc, gitdir, &fo, &err), 0);
	assert_int_equal(fix.count, 0);
	vigie_fix_release(&fix);
	vigie_scorecard_release(&sc);
	vigie_ruleset_free(rs);
	free(gitdir);
	fx_rmdir(dir);
}

/*
 * Text from the repository reaches the drafts escaped: a README title with
 * a right-to-left override; a tag with markup (git refuses control
 * characters in a name) is left out.
 */
static void test_fix_hostile_text(void **state)
{
	char *dir = fx_repo_new("fix-hostile");
	char *gitdir = gitdir_of(dir);
	struct vigie_fix_opts fo;
	struct vigie_fix fix;
	size_t i;

	(void)state;
	fx_write(dir, "README.md", "# evil\xe2\x80\xaegnp\n\nA tool shared as "
				   "free software.\n");
	fx_commit(dir, "readme");
	fx_sh(dir, "git tag 'v1<img>' && git tag v2");
	vigie_fix_opts_init(&fo);
	plan(&fix, dir, gitdir, &fo);
	assert_true(fix.count > 3);
	for (i = 0; i < fix.count; i++) {
		assert_not_contains(fix.files[i].content, "\xe2\x80\xae");
		assert_not_contains(fix.files[i].content, "<img");
	}
	assert_contains(file_of(&fix, "CONTRIBUTING.md")->content,
			"# Contributing to evil\\\\u202egnp\n");
	assert_contains(file_of(&fix, "CHANGELOG.md")->content, "## [v2]");
	assert_not_contains(file_of(&fix, "CHANGELOG.md")->content, "## [v1");
	vigie_fix_release(&fix);
	free(gitdir);
	fx_rmdir(dir);
}

/* LICENSE from a kept text only; an id without one is an error. */
static void test_fix_license(void **state)
{
	char *dir = repo("fix-license", NULL);
	char *gitdir = gitdir_of(dir);
	struct vigie_ruleset *rs = rules();
	struct vigie_scorecard sc;
	struct vigie_fix_opts fo;
	struct vigie_fix fix;
	struct vigie_error err;

	(void)state;
	audit(&sc, rs, dir, false);
	vigie_fix_opts_init(&fo);
	fo.only = (const char *const[]){ "license.present" };
	fo.nonly = 1;
	fo.license = "Beerware";
	assert_int_equal(vigie_fix_plan(&fix, &sc, gitdir, &fo, &err),
			 VIGIE_ENOTFOUND);
	assert_string_equal(err.where, "Beerware");
	assert_contains(err.message, "EUPL-1.2");
	assert_contains(err.message, "MIT");
	fo.license = NULL;
	assert_int_equal(vigie_fix_plan(&fix, &sc, gitdir, &fo, &err), 0);
	assert_int_equal(fix.count, 0);
	vigie_fix_release(&fix);
	fo.license = "CECILL-2.1";
	assert_int_equal(vigie_fix_plan(&fix, &sc, gitdir, &fo, &err), 0);
	assert_int_equal(fix.count, 1);
	assert_string_equal(fix.files[0].path, "LICENSE");
	assert_int_equal(vigie_fix_write(&fix, dir, &err), 0);
	fx_commit(dir, "license");
	vigie_fix_release(&fix);
	vigie_scorecard_release(&sc);
	audit(&sc, rs, dir, false);
	assert_int_equal(result(&sc, "license.present")->status,
			 VIGIE_STATUS_PASS);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(sc.facts, "license"),
				    "expression")),
			    "CECILL-2.1");
	vigie_scorecard_release(&sc);
	vigie_ruleset_free(rs);
	free(gitdir);
	fx_rmdir(dir);
}

/*
 * The SPDX texts kept for --license: each LICENSE written identifies as
 * the id asked, with this year and the holders left to a person.
 */
static void test_fix_license_spdx_texts(void **state)
{
	static const char *const ids[] = {
		"MIT", "Apache-2.0", "BSD-3-Clause", "MPL-2.0", "ISC",
		"EUPL-1.2", "CC0-1.0", "Unlicense",
	};
	struct vigie_ruleset *rs = rules();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		char *dir = repo("fix-spdx", NULL);
		char *gitdir = gitdir_of(dir);
		struct vigie_scorecard sc;
		struct vigie_fix_opts fo;
		struct vigie_fix fix;
		struct vigie_error err;
		const char *expr;

		audit(&sc, rs, dir, false);
		vigie_fix_opts_init(&fo);
		fo.only = (const char *const[]){ "license.present" };
		fo.nonly = 1;
		fo.license = ids[i];
		assert_int_equal(vigie_fix_plan(&fix, &sc, gitdir, &fo, &err), 0);
		assert_int_equal(fix.count, 1);
		assert_string_equal(fix.files[0].path, "LICENSE");
		if (!strcmp(ids[i], "MIT"))
			assert_non_null(strstr(fix.files[0].content,
					       "TODO: the copyright holders"));
		assert_int_equal(vigie_fix_write(&fix, dir, &err), 0);
		fx_commit(dir, "license");
		vigie_fix_release(&fix);
		vigie_scorecard_release(&sc);
		audit(&sc, rs, dir, false);
		assert_int_equal(result(&sc, "license.present")->status,
				 VIGIE_STATUS_PASS);
		expr = json_string_value(json_object_get(
			json_object_get(sc.facts, "license"), "expression"));
		if (!expr || strcmp(expr, ids[i]))
			fail_msg("--license %s wrote a LICENSE read as %s",
				 ids[i], expr ? expr : "(none)");
		vigie_scorecard_release(&sc);
		free(gitdir);
		fx_rmdir(dir);
	}
	vigie_ruleset_free(rs);
}

/* --identities: the history's authors fill the maintainers' table. */
static void test_fix_governance_identities(void **state)
{
	char *dir = repo("fix-people", NULL);
	char *gitdir = gitdir_of(dir);
	struct vigie_ruleset *rs = rules();
	struct vigie_scorecard sc;
	struct vigie_fix_opts fo;
	struct vigie_fix fix;
	struct vigie_error err;

	(void)state;
	fx_sh(dir, "GIT_AUTHOR_NAME='Ada | L' GIT_AUTHOR_EMAIL=ada@example.net "
		   "git commit -q --allow-empty -m two");
	vigie_fix_opts_init(&fo);
	fo.only = (const char *const[]){ "governance.present" };
	fo.nonly = 1;
	audit(&sc, rs, dir, true);
	assert_int_equal(vigie_fix_plan(&fix, &sc, gitdir, &fo, &err), 0);
	assert_int_equal(fix.count, 1);
	assert_contains(fix.files[0].content, "| Test Author | author@example.org |");
	assert_contains(fix.files[0].content, "| Ada   L | ada@example.net |");
	assert_not_contains(fix.files[0].content, "TODO");
	vigie_fix_release(&fix);
	vigie_scorecard_release(&sc);
	audit(&sc, rs, dir, false);
	assert_int_equal(vigie_fix_plan(&fix, &sc, gitdir, &fo, &err), 0);
	assert_contains(fix.files[0].content, "| TODO: name | TODO: contact |");
	assert_not_contains(fix.files[0].content, "author@example.org");
	vigie_fix_release(&fix);
	vigie_scorecard_release(&sc);
	vigie_ruleset_free(rs);
	free(gitdir);
	fx_rmdir(dir);
}

/* The drafted publiccode.yml passes vigie's own validation. */
static void test_fix_publiccode_valid(void **state)
{
	char *dir = repo("fix-publiccode", "https://github.com/acme/demo");
	struct vigie_ruleset *rs = rules();
	struct vigie_scorecard sc;
	const char *langs[] = { "en", "fr" };
	size_t k;

	(void)state;
	for (k = 0; k < 2; k++) {
		char *out = NULL;
		assert_int_equal(fx_vigie(&out, NULL, dir,
					  "fix --offline --write --lang %s "
					  "--only metadata.catalogue", langs[k]), 0);
		assert_contains(out, " publiccode.yml\n");
		free(out);
		fx_commit(dir, "metadata");
		audit(&sc, rs, dir, false);
		assert_int_equal(result(&sc, "metadata.publiccode_valid")->status,
				 VIGIE_STATUS_PASS);
		assert_int_equal(result(&sc, "metadata.codemeta_valid")->status,
				 VIGIE_STATUS_PASS);
		vigie_scorecard_release(&sc);
		fx_sh(dir, "git rm -q publiccode.yml codemeta.json && "
			   "git commit -q -m again");
	}
	vigie_ruleset_free(rs);
	fx_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fix_render),
		cmocka_unit_test(test_fix_templates_embedded),
		cmocka_unit_test(test_fix_files_github_en),
		cmocka_unit_test(test_fix_files_gitlab_fr),
		cmocka_unit_test(test_fix_files_language_without_templates),
		cmocka_unit_test(test_fix_unknown_forge),
		cmocka_unit_test(test_fix_then_audit_raises_score),
		cmocka_unit_test(test_fix_write_never_overwrites),
		cmocka_unit_test(test_fix_diff_applies),
		cmocka_unit_test(test_fix_branch),
		cmocka_unit_test(test_fix_amend_french),
		cmocka_unit_test(test_fix_hostile_text),
		cmocka_unit_test(test_fix_license),
		cmocka_unit_test(test_fix_license_spdx_texts),
		cmocka_unit_test(test_fix_governance_identities),
		cmocka_unit_test(test_fix_publiccode_valid),
	};

	vigie_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
