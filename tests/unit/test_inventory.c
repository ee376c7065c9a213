/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of the inventory and readme collectors on real repositories. */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "vigie/vigie.h"
#include "json.h"

struct run {
	struct vigie_target t;
	struct vigie_source *src;
	struct vigie_snapshot *snap;
	json_t *facts;
};

static void collect(struct run *r, const char *dir)
{
	struct vigie_collect_opts o;
	struct vigie_collect_ctx ctx;
	struct vigie_error err;
	json_t *problems = NULL;

	memset(r, 0, sizeof(*r));
	vigie_collect_opts_init(&o);
	o.offline = true;
	assert_int_equal(vigie_target_parse(&r->t, dir, &err), 0);
	assert_int_equal(vigie_source_open(&r->src, &r->t, NULL, &err), 0);
	assert_int_equal(vigie_snapshot_open(&r->snap, r->src, NULL, &err), 0);
	ctx.snap = r->snap;
	ctx.target = &r->t;
	ctx.opts = &o;
	ctx.facts = NULL;
	assert_int_equal(vigie_facts_collect(&r->facts, &problems, NULL, &ctx, &err), 0);
	json_decref(problems);
}

static void release(struct run *r)
{
	json_decref(r->facts);
	vigie_snapshot_free(r->snap);
	vigie_source_free(r->src);
	vigie_target_release(&r->t);
}

/* The paths of one role joined with '|', or "" when the role is absent. */
static char *role(struct run *r, const char *name)
{
	json_t *list = json_object_get(json_object_get(r->facts, "inventory"), name);
	struct vigie_buf b = VIGIE_BUF_INIT;
	size_t i;

	vigie_buf_puts(&b, "");
	for (i = 0; i < json_array_size(list); i++) {
		if (i)
			vigie_buf_putc(&b, '|');
		vigie_buf_puts(&b, json_string_value(json_object_get(
					   json_array_get(list, i), "path")));
	}
	return vigie_buf_detach(&b, NULL);
}

#define assert_role(r, name, expected)                                       \
	do {                                                                 \
		char *got_ = role(r, name);                                  \
		if (strcmp(got_, expected))                                  \
			fail_msg("role %s: expected '%s', got '%s'", name,   \
				 expected, got_);                            \
		free(got_);                                                  \
	} while (0)

static void test_inventory_english_layout_root_docs_github(void **state)
{
	char *dir = fx_repo_new("inv-en");
	struct run r;

	(void)state;
	fx_write(dir, "README.md", "# Tool\n\n## Installation\n\ntext\n\nUsage\n-----\n");
	fx_write(dir, "LICENSE", "license text\n");
	fx_write(dir, "docs/CONTRIBUTING.md", "how to\n");
	fx_write(dir, ".github/CODE_OF_CONDUCT.md", "be nice\n");
	fx_write(dir, ".github/SECURITY.md", "mail us\n");
	fx_write(dir, ".github/FUNDING.yml", "liberapay: x\n");
	fx_write(dir, ".github/ISSUE_TEMPLATE/bug.md", "bug\n");
	fx_write(dir, ".github/pull_request_template.md", "pr\n");
	fx_write(dir, ".github/workflows/ci.yml", "on: push\n");
	fx_write(dir, ".github/CODEOWNERS", "* @x\n");
	fx_write(dir, "publiccode.yml", "publiccodeYmlVersion: '0.4'\n");
	fx_write(dir, "src/deep/README.md", "not a community file\n");
	fx_write(dir, "src/LICENSE.txt", "nested, ignored\n");
	fx_commit(dir, "layout");
	collect(&r, dir);
	assert_role(&r, "readme", "README.md");
	assert_role(&r, "license", "LICENSE");
	assert_role(&r, "contributing", "docs/CONTRIBUTING.md");
	assert_role(&r, "code_of_conduct", ".github/CODE_OF_CONDUCT.md");
	assert_role(&r, "security", ".github/SECURITY.md");
	assert_role(&r, "funding", ".github/FUNDING.yml");
	assert_role(&r, "issue_template", ".github/ISSUE_TEMPLATE/bug.md");
	assert_role(&r, "pr_template", ".github/pull_request_template.md");
	assert_role(&r, "ci", ".github/workflows/ci.yml");
	assert_role(&r, "codeowners", ".github/CODEOWNERS");
	assert_role(&r, "publiccode", "publiccode.yml");
	assert_role(&r, "docs", "docs/CONTRIBUTING.md");
	assert_role(&r, "governance", "");
	/* The size is read from the object database. */
	assert_int_equal(json_integer_value(vigie_json_path(r.facts, "inventory.license.0.size")), 13);
	/* The readme collector found the headings, setext included. */
	assert_string_equal(json_string_value(vigie_json_path(r.facts, "readme.headings.1.text")),
			    "Installation");
	assert_string_equal(json_string_value(vigie_json_path(r.facts, "readme.headings.2.text")),
			    "Usage");
	release(&r);
	fx_rmdir(dir);
}

static void test_inventory_french_names_and_case_variants(void **state)
{
	char *dir = fx_repo_new("inv-fr");
	struct run r;

	(void)state;
	fx_write(dir, "LISEZMOI.md", "# Outil\n");
	fx_write(dir, "licence.txt", "texte\n");
	fx_write(dir, "CONTRIBUER.md", "comment\n");
	fx_write(dir, "CHARTE.md", "valeurs\n");
	fx_write(dir, "GOUVERNANCE.md", "qui décide\n");
	fx_write(dir, "Code_De_Conduite.md", "respect\n");
	fx_write(dir, "S\xc3\x89" "CURIT\xc3\x89.md", "signaler\n");
	fx_write(dir, "docs/feuille-de-route.md", "plan\n");
	fx_write(dir, "Changelog", "1.0\n");
	fx_write(dir, "MAINTAINERS", "moi\n");
	fx_write(dir, ".gitlab/issue_templates/Bogue.md", "bogue\n");
	fx_write(dir, ".gitlab-ci.yml", "test:\n");
	fx_write(dir, "SUPPORT.rst", "aide\n");
	fx_commit(dir, "mise en page");
	collect(&r, dir);
	assert_role(&r, "readme", "LISEZMOI.md");
	assert_role(&r, "license", "licence.txt");
	assert_role(&r, "contributing", "CONTRIBUER.md");
	assert_role(&r, "charter", "CHARTE.md");
	assert_role(&r, "governance", "GOUVERNANCE.md");
	assert_role(&r, "code_of_conduct", "Code_De_Conduite.md");
	assert_role(&r, "security", "S\xc3\x89" "CURIT\xc3\x89.md");
	assert_role(&r, "roadmap", "docs/feuille-de-route.md");
	assert_role(&r, "changelog", "Changelog");
	assert_role(&r, "maintainers", "MAINTAINERS");
	assert_role(&r, "issue_template", ".gitlab/issue_templates/Bogue.md");
	assert_role(&r, "ci", ".gitlab-ci.yml");
	assert_role(&r, "support", "SUPPORT.rst");
	release(&r);
	fx_rmdir(dir);
}

static void test_inventory_prefers_root_and_follows_links(void **state)
{
	char *dir = fx_repo_new("inv-order");
	struct run r;

	(void)state;
	fx_write(dir, ".github/CONTRIBUTING.md", "gh\n");
	fx_write(dir, "CONTRIBUTING.md", "root\n");
	fx_write(dir, "docs/CONTRIBUTING.md", "docs\n");
	fx_write(dir, "LICENSES/MIT.txt", "mit\n");
	fx_write(dir, "COPYING", "gpl\n");
	fx_sh(dir, "ln -s COPYING LICENSE");
	fx_commit(dir, "order");
	collect(&r, dir);
	assert_role(&r, "contributing",
		    "CONTRIBUTING.md|docs/CONTRIBUTING.md|.github/CONTRIBUTING.md");
	assert_role(&r, "license", "COPYING|LICENSE|LICENSES/MIT.txt");
	assert_true(json_is_true(vigie_json_path(r.facts, "inventory.license.1.link")));
	release(&r);
	fx_rmdir(dir);
}

static void test_inventory_no_readme_means_no_readme_branch(void **state)
{
	char *dir = fx_repo_new("inv-none");
	struct run r;

	(void)state;
	fx_write(dir, "main.c", "int main(void) { return 0; }\n");
	fx_commit(dir, "code only");
	collect(&r, dir);
	assert_non_null(json_object_get(r.facts, "inventory"));
	assert_int_equal(json_object_size(json_object_get(r.facts, "inventory")), 0);
	assert_null(json_object_get(r.facts, "readme"));
	release(&r);
	fx_rmdir(dir);
}

/*
 * Practices seen on real projects (issue #13): git's RelNotes and
 * Documentation/DecisionMaking, CI on sourcehut, AppVeyor, Cirrus, Jenkins,
 * Drone and Woodpecker; and a docs site's settings alone are no
 * documentation.
 */
static void test_inventory_real_world_practices(void **state)
{
	char *dir = fx_repo_new("inv-real");
	struct run r;

	(void)state;
	fx_write(dir, "README.md", "# Tool\n");
	fx_write(dir, "Documentation/RelNotes/2.47.0.adoc", "Git v2.47 Release Notes\n");
	fx_write(dir, "Documentation/DecisionMaking.adoc", "Decision-making\n");
	fx_write(dir, "Documentation/SubmittingPatches", "Submitting patches\n");
	fx_sh(dir, "ln -s Documentation/RelNotes/2.47.0.adoc RelNotes");
	fx_write(dir, ".build.yml", "image: alpine/edge\n");
	fx_write(dir, "appveyor.yml", "build: off\n");
	fx_write(dir, ".cirrus.yml", "task:\n");
	fx_write(dir, "Jenkinsfile", "pipeline {}\n");
	fx_write(dir, ".drone.yml", "kind: pipeline\n");
	fx_write(dir, ".woodpecker/test.yaml", "steps: []\n");
	fx_write(dir, "mkdocs.yml", "site_name: Tool\n");
	fx_write(dir, "docs/.gitkeep", "");
	fx_write(dir, "docs/img/logo.png", "png");
	fx_write(dir, "MIT-LICENSE.txt", "MIT License\n");
	fx_commit(dir, "practices");
	collect(&r, dir);
	assert_role(&r, "license", "MIT-LICENSE.txt");
	assert_role(&r, "changelog", "RelNotes|Documentation/RelNotes/2.47.0.adoc");
	assert_role(&r, "governance", "Documentation/DecisionMaking.adoc");
	assert_role(&r, "contributing", "Documentation/SubmittingPatches");
	assert_role(&r, "ci", ".build.yml|.cirrus.yml|.drone.yml|Jenkinsfile|"
		    "appveyor.yml|.woodpecker/test.yaml");
	assert_role(&r, "docs_config", "mkdocs.yml");
	assert_role(&r, "docs", "Documentation/DecisionMaking.adoc|"
		    "Documentation/SubmittingPatches|Documentation/RelNotes/2.47.0.adoc");
	release(&r);

	/* mkdocs.yml, pictures and a .gitkeep alone: no documentation; a
	 * logo stays a logo, in a hidden folder too (.github/logo.svg). */
	fx_sh(dir, "git rm -q -r Documentation RelNotes");
	fx_write(dir, ".github/logo.svg", "<svg/>");
	fx_commit(dir, "no prose");
	collect(&r, dir);
	assert_role(&r, "docs", "");
	assert_role(&r, "logo", ".github/logo.svg|docs/img/logo.png");
	release(&r);
	fx_rmdir(dir);
}

/*
 * A logo at the root or one level down, named logo... or ...-logo
 * (requests' ext/requests-logo.svg), two levels down in the documentation
 * (Flask's docs/_static/flask-logo.svg, an R package's man/figures/logo.png);
 * not another brand's among an application's images, nor a picture named
 * otherwise.
 */
static void test_inventory_logos_by_name_and_place(void **state)
{
	char *dir = fx_repo_new("inv-logos");
	struct run r;

	(void)state;
	fx_write(dir, "README.md", "# Tool\n");
	fx_write(dir, "ext/tool-logo.svg", "<svg/>");
	fx_write(dir, "ext/tool-logo-compressed.png", "png");
	fx_write(dir, "ext/kr.png", "png");
	fx_write(dir, "docs/_static/tool-logo.svg", "<svg/>");
	fx_write(dir, "man/figures/logo.png", "png");
	fx_write(dir, "webapp/images/github-logo.png", "png");
	fx_write(dir, "webapp/images/logo.png", "png");
	fx_write(dir, "src/logout.c", "int x;\n");
	fx_write(dir, "catalogue.png", "png");
	fx_commit(dir, "logos");
	collect(&r, dir);
	assert_role(&r, "logo", "ext/tool-logo-compressed.png|ext/tool-logo.svg|"
		    "man/figures/logo.png|docs/_static/tool-logo.svg");
	release(&r);
	fx_rmdir(dir);
}

/*
 * Layouts of real projects: docs folders under other names, a Go package
 * named doc (source files, no prose), monorepo package changelogs, a
 * draft changelog and changesets, a maintenance policy, a fund manifest
 * and support templates.
 */
static void test_inventory_more_layouts(void **state)
{
	char *dir = fx_repo_new("inv-layouts");
	struct run r;

	(void)state;
	fx_write(dir, "README.md", "# Tool\n");
	fx_write(dir, "doc/man_docs.go", "package doc\n");
	fx_write(dir, "doc/man_docs_test.go", "package doc\n");
	fx_write(dir, "_docs/setup.md", "Setup\n");
	fx_write(dir, "docs-sources/intro.md", "Intro\n");
	fx_write(dir, "site/content/guide.md", "Guide\n");
	fx_write(dir, "man/tool.1", ".TH TOOL 1\n");
	fx_write(dir, "packages/core/CHANGELOG.md", "# 1.0.0\n");
	fx_write(dir, "modele-social/CHANGELOG.md", "# 1.0.0\n");
	fx_write(dir, "modele-social/deep/CHANGELOG.md", "# 1.0.0\n");
	fx_write(dir, "DRAFT_CHANGELOG.md", "# Next\n");
	fx_write(dir, ".changeset/brave-cats.md", "---\ntool: patch\n---\n");
	fx_write(dir, ".changeset/config.json", "{}\n");
	fx_write(dir, "MAINTENANCE.md", "Who maintains what\n");
	fx_write(dir, "funding.json", "{\"version\": \"v1.0.0\"}\n");
	fx_write(dir, ".github/ISSUE_TEMPLATE/Support_question.md", "Ask\n");
	fx_write(dir, "docs/community/support.rst", "Support\n");
	fx_commit(dir, "layouts");
	collect(&r, dir);
	assert_role(&r, "docs", "man/tool.1|_docs/setup.md|docs-sources/intro.md|"
		    "site/content/guide.md|docs/community/support.rst");
	assert_role(&r, "changelog", "DRAFT_CHANGELOG.md|.changeset/brave-cats.md|"
		    "modele-social/CHANGELOG.md|packages/core/CHANGELOG.md");
	assert_role(&r, "governance", "MAINTENANCE.md");
	assert_role(&r, "funding", "funding.json");
	assert_role(&r, "support", "docs/community/support.rst|"
		    ".github/ISSUE_TEMPLATE/Support_question.md");
	release(&r);
	fx_rmdir(dir);
}

/*
 * A docs/ folder of HTML pages alone is a published site, the product's
 * own pages (issue #13: code-du-travail-numerique's widget demos), no
 * documentation; pages named as documentation, or prose beside them, are.
 */
static void test_inventory_html_pages_are_not_docs(void **state)
{
	char *dir = fx_repo_new("inv-html");
	struct run r;

	(void)state;
	fx_write(dir, "README.md", "# Tool\n");
	fx_write(dir, "docs/index.html", "<html><title>Demo</title></html>\n");
	fx_write(dir, "docs/indemnite-licenciement.html", "<html></html>\n");
	fx_commit(dir, "pages");
	collect(&r, dir);
	assert_role(&r, "docs", "");
	release(&r);

	fx_write(dir, "docs/user-guide.html", "<html></html>\n");
	fx_commit(dir, "a guide");
	collect(&r, dir);
	assert_role(&r, "docs", "docs/indemnite-licenciement.html|docs/index.html|"
		    "docs/user-guide.html");
	release(&r);

	fx_sh(dir, "git rm -q docs/user-guide.html");
	fx_write(dir, "docs/setup.md", "Setup\n");
	fx_commit(dir, "prose");
	collect(&r, dir);
	assert_role(&r, "docs", "docs/indemnite-licenciement.html|docs/index.html|"
		    "docs/setup.md");
	release(&r);
	fx_rmdir(dir);
}

/*
 * A GNOME user help (Mallard pages in help/C/, issue #13, corpus row
 * GNOME/gnome-clocks) is documentation; a help/ folder of code, or the
 * pages' translations, are not.
 */
static void test_inventory_mallard_help_is_docs(void **state)
{
	char *dir = fx_repo_new("inv-help");
	struct run r;

	(void)state;
	fx_write(dir, "README.md", "# Tool\n");
	fx_write(dir, "help/commands.py", "def helper():\n    pass\n");
	fx_write(dir, "help/fr/fr.po", "msgid \"\"\nmsgstr \"\"\n");
	fx_commit(dir, "a help folder of code");
	collect(&r, dir);
	assert_role(&r, "docs", "");
	release(&r);

	fx_write(dir, "help/C/index.page", "<page xmlns=\"http://projectmallard"
		 ".org/1.0/\" id=\"index\"><title>Tool Help</title></page>\n");
	fx_write(dir, "help/C/timer.page", "<page id=\"timer\"/>\n");
	fx_commit(dir, "mallard pages");
	collect(&r, dir);
	assert_role(&r, "docs", "help/C/index.page|help/C/timer.page");
	release(&r);
	fx_rmdir(dir);
}

/* Check id passes in an audit of dir, its first evidence in file want. */
static void passes_with(const char *dir, const char *id, const char *want)
{
	char *out = NULL;
	json_t *doc, *checks;
	size_t i;
	bool seen = false;

	(void)fx_sh_out(&out, dir, "'%s' audit --offline --format json . "
			"2>/dev/null", fx_vigie_bin());
	assert_non_null(out);
	doc = json_loads(out, 0, NULL);
	assert_non_null(doc);
	checks = json_object_get(doc, "checks");
	for (i = 0; i < json_array_size(checks); i++) {
		json_t *c = json_array_get(checks, i);
		if (strcmp(json_string_value(json_object_get(c, "id")), id))
			continue;
		seen = true;
		assert_string_equal(json_string_value(json_object_get(c,
				    "status")), "pass");
		assert_string_equal(json_string_value(vigie_json_path(c,
				    "evidence.0.path")), want);
	}
	assert_true(seen);
	json_decref(doc);
	free(out);
}

/*
 * A .ci/ directory holds the scripts a CI service runs (corpus row
 * IGNF/validator: .ci/build-openjdk11.sh beside .github/workflows/main.yml):
 * the service's configuration is the evidence; .ci/ alone still counts
 * (vigie's own .ci/run).
 */
static void test_inventory_ci_scripts_come_after_ci_services(void **state)
{
	char *dir = fx_repo_new("inventory-ci-scripts");

	(void)state;
	fx_write(dir, "README.md", "# x\n\nA tool.\n");
	fx_write(dir, ".ci/build.sh", "#!/bin/sh\nmake check\n");
	fx_commit(dir, "scripts only");
	passes_with(dir, "ci.present", ".ci/build.sh");
	fx_write(dir, ".github/workflows/main.yml",
		 "name: CI\non:\n  push:\n  pull_request:\njobs:\n"
		 "  test:\n    runs-on: ubuntu-latest\n    steps:\n"
		 "      - run: bash .ci/build.sh\n");
	fx_commit(dir, "a workflow runs them");
	passes_with(dir, "ci.present", ".github/workflows/main.yml");
	fx_sh(dir, "git rm -q -r .github");
	fx_write(dir, "Jenkinsfile", "pipeline { agent any }\n");
	fx_commit(dir, "jenkins runs them");
	passes_with(dir, "ci.present", "Jenkinsfile");
	fx_rmdir(dir);
}

/*
 * A DOAP file (GNOME's NAME.doap, corpus row GNOME/gnome-font-viewer)
 * names the maintainers and the mailing list.
 */
static void test_inventory_doap_names_maintainers_and_list(void **state)
{
	char *dir = fx_repo_new("inventory-doap");

	(void)state;
	fx_write(dir, "README.md", "# viewer\n\nShows fonts.\n");
	fx_write(dir, "viewer.doap",
		 "<Project xmlns=\"http://usefulinc.com/ns/doap#\">\n"
		 "  <name>viewer</name>\n"
		 "  <mailing-list rdf:resource=\"mailto:utils-list@gnome.org\"/>\n"
		 "  <maintainer>\n    <foaf:Person>\n"
		 "      <foaf:name>A Maintainer</foaf:name>\n"
		 "    </foaf:Person>\n  </maintainer>\n</Project>\n");
	fx_commit(dir, "doap");
	passes_with(dir, "maintainers.listed", "viewer.doap");
	passes_with(dir, "community.channels", "viewer.doap");
	fx_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inventory_english_layout_root_docs_github),
		cmocka_unit_test(test_inventory_french_names_and_case_variants),
		cmocka_unit_test(test_inventory_prefers_root_and_follows_links),
		cmocka_unit_test(test_inventory_no_readme_means_no_readme_branch),
		cmocka_unit_test(test_inventory_real_world_practices),
		cmocka_unit_test(test_inventory_logos_by_name_and_place),
		cmocka_unit_test(test_inventory_more_layouts),
		cmocka_unit_test(test_inventory_html_pages_are_not_docs),
		cmocka_unit_test(test_inventory_mallard_help_is_docs),
		cmocka_unit_test(test_inventory_ci_scripts_come_after_ci_services),
		cmocka_unit_test(test_inventory_doap_names_maintainers_and_list),
	};
	int rc;

	vigie_global_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	vigie_global_shutdown();
	return rc;
}
