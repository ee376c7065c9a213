/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of the readme collector: language, sections, links, badges. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "text.h"

static void test_readme_english_fact_by_fact(void **state)
{
	char *dir = fx_repo_new("readme-en");
	struct collected r;
	json_t *f;

	(void)state;
	put_data(dir, "README.md", "readme/en.md");
	fx_commit(dir, "readme");
	collect_facts(&r, dir);
	f = r.facts;
	assert_fact(f, "readme.path", "\"README.md\"");
	assert_fact(f, "readme.language", "\"en\"");
	assert_fact(f, "readme.languages", "[\"en\"]");
	assert_fact(f, "readme.sections",
		    "[\"contact\",\"contributing\",\"documentation\",\"funding\","
		    "\"install\",\"license\",\"usage\"]");
	assert_fact(f, "readme.section_lines.install", "11");
	assert_fact(f, "readme.section_lines.contact", "31");
	assert_fact(f, "readme.links.issue_tracker",
		    "[{\"url\":\"https://github.com/example/cartographe/issues\","
		    "\"kind\":\"github\"}]");
	assert_fact(f, "readme.links.chat.0.kind", "\"matrix\"");
	assert_fact(f, "readme.links.chat.1",
		    "{\"url\":\"ircs://irc.libera.chat/cartographe\",\"kind\":\"irc\"}");
	assert_fact(f, "readme.links.forum.0.url",
		    "\"https://forum.cartographe.net/\"");
	assert_fact(f, "readme.links.mailing_list.0.url",
		    "\"https://lists.example.net/mailman/listinfo/cartographe\"");
	assert_fact(f, "readme.links.documentation.0.kind", "\"readthedocs\"");
	assert_fact(f, "readme.links.documentation.1.kind", "\"wiki\"");
	/* The Liberapay badge's link counts; its image is a badge, not a link. */
	assert_fact(f, "readme.links.funding",
		    "[{\"url\":\"https://liberapay.com/cartographe\",\"kind\":\"liberapay\"},"
		    "{\"url\":\"https://opencollective.com/cartographe\",\"kind\":\"opencollective\"}]");
	/* Only the root link called a website is the project's site. */
	assert_fact(f, "readme.links.website",
		    "[{\"url\":\"https://cartographe.net/\",\"kind\":\"site\"}]");
	assert_fact(f, "readme.links.contributing",
		    "[{\"url\":\"docs/CONTRIBUTING.md\",\"kind\":\"page\"}]");
	assert_fact(f, "readme.links.contact",
		    "[{\"url\":\"maintainers@cartographe.net\",\"kind\":\"email\"}]");
	assert_fact(f, "readme.badges.1",
		    "{\"image\":\"https://img.shields.io/liberapay/receives/cartographe.svg\","
		    "\"alt\":\"Liberapay\"}");
	assert_int_equal(json_array_size(vigie_json_path(f, "readme.badges")), 2);
	assert_fact(f, "readme.translations", "[]");
	collected_release(&r);
	fx_rmdir(dir);
}

static void test_readme_french_fact_by_fact(void **state)
{
	char *dir = fx_repo_new("readme-fr");
	struct collected r;
	json_t *f;

	(void)state;
	put_data(dir, "LISEZMOI.md", "readme/fr.md");
	fx_commit(dir, "lisezmoi");
	collect_facts(&r, dir);
	f = r.facts;
	assert_fact(f, "readme.path", "\"LISEZMOI.md\"");
	assert_fact(f, "readme.language", "\"fr\"");
	assert_fact(f, "readme.languages", "[\"fr\"]");
	/* "À propos", "Mode d'emploi", "Feuille de route"... in French. */
	assert_fact(f, "readme.sections",
		    "[\"contributing\",\"funding\",\"governance\",\"install\","
		    "\"license\",\"purpose\",\"roadmap\",\"translation\",\"usage\"]");
	assert_fact(f, "readme.section_lines.purpose", "8");
	assert_fact(f, "readme.section_lines.usage", "20");
	assert_fact(f, "readme.links.issue_tracker",
		    "[{\"url\":\"https://gitlab.example.fr/cadastre/outil/-/issues\","
		    "\"kind\":\"gitlab\"}]");
	assert_fact(f, "readme.links.funding.0.kind", "\"liberapay\"");
	assert_fact(f, "readme.links.contact.0.url",
		    "\"mailto:contact@cadastre.example.fr\"");
	assert_fact(f, "readme.links.contributing.0.url", "\"CONTRIBUER.md\"");
	assert_fact(f, "readme.links.translation",
		    "[{\"url\":\"https://hosted.weblate.org/engage/cadastre/\",\"kind\":\"weblate\"}]");
	/* The translation collector names the platform the README links to. */
	assert_fact(f, "translation.platform", "\"weblate\"");
	assert_fact(f, "readme.links.chat", "null");
	assert_fact(f, "readme.badges", "[]");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * Badges by reference, their images defined below (Express:
 * "[![NPM Version][npm-version-image]][npm-url]"; serde: "[![Build
 * Status]][actions]"): badges, in the order of their definitions; the
 * definitions of their links are links as before.  And HTML ones, an
 * <img> whose source is a badge (FastAPI), not a logo.
 */
static void test_readme_badges_by_reference(void **state)
{
	char *dir = fx_repo_new("readme-refbadges");
	struct collected r;
	json_t *f;

	(void)state;
	fx_write(dir, "README.md",
		 "# Tool &emsp; [![Build Status]][actions]\n\n"
		 "[![NPM Version][npm-version-image]][npm-url]\n\n"
		 "A tool that does one thing for the people who need it, "
		 "and does it well enough that they keep using it.\n\n"
		 "Questions go to [#tool-help][help]; bugs to [the tracker][bugs].\n\n"
		 "[Build Status]: https://img.shields.io/github/actions/workflow/status/o/tool/ci.yml\n"
		 "[actions]: https://github.com/o/tool/actions\n"
		 "[npm-version-image]: https://badgen.net/npm/v/tool\n"
		 "[npm-url]: https://npmjs.org/package/tool\n"
		 "[help]: https://discord.com/channels/1/2\n"
		 "[bugs]: https://github.com/o/tool/issues\n");
	fx_commit(dir, "readme");
	collect_facts(&r, dir);
	f = r.facts;
	assert_int_equal(json_array_size(vigie_json_path(f, "readme.badges")), 2);
	assert_fact(f, "readme.badges.0",
		    "{\"image\":\"https://img.shields.io/github/actions/workflow/status/o/tool/ci.yml\","
		    "\"alt\":\"Build Status\"}");
	assert_fact(f, "readme.badges.1.alt", "\"npm-version-image\"");
	assert_fact(f, "readme.links.issue_tracker.0.url",
		    "\"https://github.com/o/tool/issues\"");
	collected_release(&r);

	/* HTML badges (FastAPI): <img src="..." alt="...">, an <a> around */
	fx_write(dir, "README.md",
		 "<p align=\"center\">\n<a href=\"https://pypi.example.net/tool\">\n"
		 "    <img src=\"https://img.shields.io/pypi/v/tool?color=%2334D058\" "
		 "alt=\"Package version\">\n</a>\n"
		 "<img src='https://github.com/o/tool/actions/workflows/test.yml/badge.svg'>\n"
		 "<img src=\"https://tool.example.net/img/logo.png\" alt=\"Tool\">\n</p>\n\n"
		 "Tool is a framework that builds APIs for the people who need them.\n");
	fx_commit(dir, "html badges");
	collect_facts(&r, dir);
	f = r.facts;
	assert_int_equal(json_array_size(vigie_json_path(f, "readme.badges")), 2);
	assert_fact(f, "readme.badges.0",
		    "{\"image\":\"https://img.shields.io/pypi/v/tool?color=%2334D058\","
		    "\"alt\":\"Package version\"}");
	assert_fact(f, "readme.badges.1.alt", "\"\"");
	collected_release(&r);
	fx_rmdir(dir);
}

static void test_readme_mixed_and_german(void **state)
{
	char *dir = fx_repo_new("readme-mixed");
	struct collected r;

	(void)state;
	put_data(dir, "README.md", "readme/mixed.md");
	fx_commit(dir, "mixed");
	collect_facts(&r, dir);
	/* Both halves are told apart: two languages, neither dropped. */
	assert_fact(r.facts, "readme.languages", "[\"fr\",\"en\"]");
	assert_fact(r.facts, "readme.sections", "[\"install\"]");
	collected_release(&r);

	put_data(dir, "README.md", "readme/de.md");
	fx_commit(dir, "deutsch");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.language", "\"de\"");
	collected_release(&r);

	/* Too little prose: the language is absent, not guessed. */
	fx_write(dir, "README.md", "# Tool\n\n    make install\n");
	fx_commit(dir, "terse");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.language", "null");
	assert_fact(r.facts, "readme.sections", "[]");
	collected_release(&r);
	fx_rmdir(dir);
}

static void test_readme_translations_listed(void **state)
{
	char *dir = fx_repo_new("readme-tr");
	struct collected r;

	(void)state;
	put_data(dir, "README.md", "readme/en.md");
	put_data(dir, "README.fr.md", "readme/fr.md");
	fx_write(dir, "README-de.md", "# Werkzeug\n");
	fx_write(dir, "README_pt-BR.md", "# Ferramenta\n");
	fx_write(dir, "README.old", "not a language\n");
	fx_write(dir, "README.Debian", "not a language\n");
	fx_write(dir, "docs/es/index.md", "# Herramienta\n");
	fx_write(dir, "docs/es/guia.md", "# Guía\n");
	fx_write(dir, "docs/api/index.md", "# API\n");
	fx_commit(dir, "languages");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.path", "\"README.md\"");
	assert_fact(r.facts, "readme.translations",
		    "[{\"path\":\"README-de.md\",\"language\":\"de\"},"
		    "{\"path\":\"README.fr.md\",\"language\":\"fr\"},"
		    "{\"path\":\"README_pt-BR.md\",\"language\":\"pt\"},"
		    "{\"path\":\"docs/es/\",\"language\":\"es\"}]");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * Only titles make sections: a bullet that starts with "Governance" or
 * "Support" is a list item, a "---" after a blank line is a rule, and code,
 * comments and front matter hold no title (issue #13).
 */
static void test_readme_only_titles_are_sections(void **state)
{
	char *dir = fx_repo_new("readme-titles");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md",
		 "---\ntitle: front matter\n---\n"
		 "# Tool\n\nA tool that checks things for people who care.\n\n"
		 "* Governance is decided later\n- Support: ask around\n"
		 "+ Funding welcome\n1. Install it\n\n"
		 "A paragraph made a title\n---\n\n---\n\n"
		 "Security\n========\n\n"
		 "```sh\n# Roadmap\nContributing\n---\n```\n"
		 "<!--\n## Code of conduct\n-->\n"
		 "<h2 align=\"center\"><b>Translations</b></h2>\n"
		 "   ## Usage ##\n"
		 "    ## Indented code, no title\n"
		 "> ## Quoted\n");
	fx_commit(dir, "titles");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.headings",
		    "[{\"level\":1,\"text\":\"Tool\",\"line\":4},"
		    "{\"level\":2,\"text\":\"A paragraph made a title\",\"line\":13},"
		    "{\"level\":1,\"text\":\"Security\",\"line\":18},"
		    "{\"level\":2,\"text\":\"Translations\",\"line\":29},"
		    "{\"level\":2,\"text\":\"Usage\",\"line\":30}]");
	assert_fact(r.facts, "readme.sections",
		    "[\"security\",\"translation\",\"usage\"]");
	collected_release(&r);

	/* reStructuredText: over- and underlines of any punctuation. */
	fx_sh(dir, "git rm -q README.md");
	fx_write(dir, "README.rst",
		 "=====\nTool\n=====\n\nA tool.\n\n"
		 "* Governance is decided later\n\n"
		 "Installation\n~~~~~~~~~~~~\n\nRun it::\n\n    make\n\n"
		 "Support\n'''''''\n\nAsk.\n");
	fx_commit(dir, "rst");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.headings",
		    "[{\"level\":1,\"text\":\"Tool\",\"line\":2},"
		    "{\"level\":2,\"text\":\"Installation\",\"line\":9},"
		    "{\"level\":2,\"text\":\"Support\",\"line\":16}]");
	assert_fact(r.facts, "readme.sections", "[\"contact\",\"install\"]");
	collected_release(&r);

	/* AsciiDoc: "=" titles; "*" is a list item there too. */
	fx_sh(dir, "git rm -q README.rst");
	fx_write(dir, "README.adoc",
		 "= Tool\n\nA tool.\n\n* Governance later\n\n== Contributing\n\n"
		 "** Support nested item\n");
	fx_commit(dir, "adoc");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.headings",
		    "[{\"level\":1,\"text\":\"Tool\",\"line\":1},"
		    "{\"level\":2,\"text\":\"Contributing\",\"line\":7}]");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * Links in every form (autolinks, reference definitions, bare URLs), and a
 * link to another project's issues is not this project's tracker: the
 * repository is known from the origin remote, else from what the README
 * links most (issue #13).
 */
static void test_readme_links_and_forge_identity(void **state)
{
	char *dir = fx_repo_new("readme-identity");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md",
		 "# App\n\n"
		 "[![ci](https://github.com/me/app/workflows/ci/badge.svg)]"
		 "(https://github.com/me/app/actions)\n\n"
		 "App works around [a bug of tool][bug] (see\n"
		 "https://github.com/other/tool/issues/82).\n\n"
		 "Report problems at <https://github.com/me/app/issues>.\n"
		 "Read the [guide][contrib].\n\n"
		 "[bug]: https://github.com/other/tool/issues/82\n"
		 "[contrib]: docs/CONTRIBUTING.md\n");
	fx_commit(dir, "links");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.forge_identity",
		    "{\"repo\":\"github.com/me/app\",\"from\":\"readme\"}");
	assert_fact(r.facts, "readme.links.issue_tracker",
		    "[{\"url\":\"https://github.com/me/app/issues\",\"kind\":\"github\"}]");
	assert_fact(r.facts, "readme.links.issue_tracker_elsewhere",
		    "[{\"url\":\"https://github.com/other/tool/issues/82\",\"kind\":\"github\"}]");
	assert_fact(r.facts, "readme.links.contributing",
		    "[{\"url\":\"docs/CONTRIBUTING.md\",\"kind\":\"page\"}]");
	collected_release(&r);

	/* Only the other project's issue, and the origin says who we are. */
	fx_write(dir, "README.md",
		 "# App\n\nApp works around https://github.com/other/tool/issues/82.\n");
	fx_commit(dir, "one link");
	fx_sh(dir, "git remote add origin https://github.com/me/app.git");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.forge_identity",
		    "{\"repo\":\"github.com/me/app\",\"from\":\"origin\"}");
	assert_fact(r.facts, "readme.links.issue_tracker", "null");
	assert_fact(r.facts, "readme.links.issue_tracker_elsewhere.0.url",
		    "\"https://github.com/other/tool/issues/82\"");
	collected_release(&r);

	/* The same link where the project is other/tool: its own tracker. */
	fx_sh(dir, "git remote set-url origin git@github.com:Other/Tool.git");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.links.issue_tracker.0.url",
		    "\"https://github.com/other/tool/issues/82\"");
	collected_release(&r);

	/* A link whose text calls it the tracker is one (AsciiDoc too). */
	fx_sh(dir, "git rm -q README.md");
	fx_write(dir, "README.adoc",
		 "= App\n\nAn app.\n\nReport issues in the "
		 "link:https://www.app.org/participate/report-problem/[App issue tracker].\n"
		 "Questions: https://talk.app.org/[our bug tracker] or "
		 "https://www.app.org/faq/[FAQ].\n");
	fx_commit(dir, "asciidoc");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.links.issue_tracker",
		    "[{\"url\":\"https://www.app.org/participate/report-problem/\",\"kind\":\"tracker\"},"
		    "{\"url\":\"https://talk.app.org/\",\"kind\":\"tracker\"}]");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * Documentation links: another project's documentation (a dependency on
 * docs.rs, Docker's manual, Wikipedia, another repository's wiki) is not
 * this project's; its own docs host, its crate on docs.rs, a link named
 * "Documentation" and a line that sends to the docs of its site are
 * (issue #13).  A link or badge naming a chat room is a chat.
 */
static void test_readme_docs_are_the_projects_own(void **state)
{
	char *dir = fx_repo_new("readme-docs");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md",
		 "# Gizmo\n\n"
		 "Install [Docker](https://docs.docker.com/engine/install/) and\n"
		 "read about [DSLs](https://en.wikipedia.org/wiki/Domain-specific_language).\n"
		 "It uses [regex](https://docs.rs/regex/1/regex/) and\n"
		 "[tablib](https://tablib.readthedocs.io/), see\n"
		 "https://github.com/rack/rack/wiki/List-of-Middleware.\n"
		 "About [gizmos](https://en.wikipedia.org/wiki/Gizmo).\n"
		 "[![Slack](https://img.shields.io/badge/slack-join-green.svg)]"
		 "(mailto:team@gizmo-project.org?subject=Join%20us%20on%20Slack)\n");
	fx_commit(dir, "foreign docs");
	fx_sh(dir, "git remote add origin https://github.com/me/gizmo.git");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.links.documentation", "null");
	assert_fact(r.facts, "readme.links.documentation_elsewhere.0.url",
		    "\"https://docs.docker.com/engine/install/\"");
	assert_fact(r.facts, "readme.links.documentation_elsewhere.4.url",
		    "\"https://github.com/rack/rack/wiki/List-of-Middleware\"");
	assert_fact(r.facts, "readme.links.documentation_elsewhere.5.url",
		    "\"https://en.wikipedia.org/wiki/Gizmo\"");
	assert_fact(r.facts, "readme.links.chat",
		    "[{\"url\":\"mailto:team@gizmo-project.org\",\"kind\":\"named\"}]");
	collected_release(&r);

	fx_write(dir, "README.md",
		 "# Gizmo\n\n"
		 "[API](https://docs.rs/gizmo), guides on\n"
		 "[docs.gizmo.dev](https://docs.gizmo.dev/start) and the\n"
		 "[wiki](https://github.com/me/gizmo/wiki).\n"
		 "Please follow the documentation at [gizmo.io](https://gizmo.io/)!\n"
		 "- [Documentation générale](https://aide.numerique.fr/)\n"
		 "- [Discord](https://r.gizmo.io/chat)\n"
		 "Not ours: [Docker docs](https://manuals.docker.com/engine).\n");
	fx_commit(dir, "own docs");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.links.documentation",
		    "[{\"url\":\"https://docs.rs/gizmo\",\"kind\":\"docs\"},"
		    "{\"url\":\"https://docs.gizmo.dev/start\",\"kind\":\"docs\"},"
		    "{\"url\":\"https://github.com/me/gizmo/wiki\",\"kind\":\"wiki\"},"
		    "{\"url\":\"https://gizmo.io/\",\"kind\":\"line\"},"
		    "{\"url\":\"https://aide.numerique.fr/\",\"kind\":\"named\"}]");
	assert_fact(r.facts, "readme.links.documentation_elsewhere",
		    "[{\"url\":\"https://manuals.docker.com/engine\",\"kind\":\"line\"}]");
	assert_fact(r.facts, "readme.links.chat",
		    "[{\"url\":\"https://r.gizmo.io/chat\",\"kind\":\"named\"}]");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * Documentation on the project's own site (issue #13): the links under a
 * "Documentation" heading (its subsections too) that name the project or
 * show their address, a relative link to a file of the tree there, a
 * website link on a line about documentation, a line about documentation
 * ending "see:" and the link below it, a page of the author's site named
 * after the project (its name from "Gizmo is a ..."); not a tool the
 * section uses, a missing file, a badge's explanation page, a picture,
 * a local address or a heading that is a sentence.
 */
static void test_readme_docs_on_the_projects_site(void **state)
{
	char *dir = fx_repo_new("readme-docs-site");
	struct collected r;

	(void)state;
	fx_write(dir, "front/README.md", "# Front\n");
	fx_write(dir, "README.md",
		 "[![img](https://img.shields.io/badge/open-yes-blue.svg)]"
		 "(https://catalogue.gouv.fr/documentation/#levels)\n\n"
		 "# Gizmo\n\n"
		 "## Documentation\n\n"
		 "### Frontend\n\n"
		 "- [Full frontend notes](./front/README.md)\n"
		 "- [Missing](./back/README.md)\n\n"
		 "See [gizmo-os.dev](https://gizmo-os.dev/).\n"
		 "Runs with [Tilt](https://tilt.dev/) on "
		 "<https://gizmo.127.0.0.1.nip.io/>.\n"
		 "![shot](https://gizmo-os.dev/shot.png)\n\n"
		 "## Links\n\n"
		 "* [Project Website](https://gizmorb.com/) - Additional documentation\n"
		 "* [Elsewhere](https://other.org/)\n");
	fx_commit(dir, "docs on the site");
	fx_sh(dir, "git remote add origin https://github.com/me/gizmo.git");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.links.documentation",
		    "[{\"url\":\"front/README.md\",\"kind\":\"file\"},"
		    "{\"url\":\"https://gizmo-os.dev/\",\"kind\":\"section\"},"
		    "{\"url\":\"https://gizmorb.com/\",\"kind\":\"line\"}]");
	assert_fact(r.facts, "readme.links.website",
		    "[{\"url\":\"https://gizmo-os.dev/\",\"kind\":\"address\"},"
		    "{\"url\":\"https://gizmorb.com/\",\"kind\":\"named\"}]");
	assert_fact(r.facts, "readme.links.documentation_elsewhere",
		    "[{\"url\":\"https://catalogue.gouv.fr/documentation/#levels\","
		    "\"kind\":\"line\"}]");
	collected_release(&r);

	fx_write(dir, "README.md",
		 "Gizmo is a quick literate documentation generator. For more\n"
		 "information, see:\n\n"
		 "http://ashkenas.net/gizmo/\n\n"
		 "Unrelated: http://ashkenas.net/blog/\n\n"
		 "## Cette documentation est technique. Pour le reste, "
		 "voir le site\n\n"
		 "[Tilt](https://tilt.dev/)\n");
	fx_commit(dir, "plain");
	fx_sh(dir, "git remote remove origin");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.links.documentation",
		    "[{\"url\":\"http://ashkenas.net/gizmo/\",\"kind\":\"line\"}]");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * Sections read by their body (issue #13): "Development" or "Bugs" that
 * say how to report a bug are contribution rules, not "Known issues" nor
 * a "Development" section about a CMS's pull requests; a "Security"
 * section that says how to report is a policy, not a build profile of that
 * name; a line that takes a problem to the team's address is help, not
 * "to volunteer, get in touch".
 */
static void test_readme_sections_by_their_body(void **state)
{
	char *dir = fx_repo_new("readme-bodies");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md",
		 "# Gizmo\n\nGizmo maps towns.\n\n"
		 "## Known issues\n\nReport bugs upstream.\n\n"
		 "## CMS development\n\nIt can open pull requests in production.\n\n"
		 "### security\n\nThis profile runs the security tests.\n\n"
		 "## Team\n\nIf you wish to volunteer, please [get in touch](mailto:a@gizmo.org).\n");
	fx_commit(dir, "lookalikes");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.contribution_section", "null");
	assert_fact(r.facts, "readme.security_section", "null");
	assert_fact(r.facts, "readme.help_line", "null");
	collected_release(&r);

	fx_write(dir, "README.md",
		 "# Gizmo\n\nGizmo maps towns.\n\n"
		 "## :exclamation: Bugs\n\nBefore reporting bugs, check the\n"
		 "[issues](https://github.com/me/gizmo/issues).\n\n"
		 "## Sécurité\n\nSignalez une faille à securite@gizmo.org.\n\n"
		 "## Contributions\n\n"
		 "- Pour remonter un problème à l'équipe, envoyez un email à "
		 "[equipe@gizmo.org](mailto:equipe@gizmo.org).\n");
	fx_commit(dir, "bodies");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.contribution_section",
		    "{\"path\":\"README.md\",\"line\":5,"
		    "\"text\":\":exclamation: Bugs\"}");
	assert_fact(r.facts, "readme.security_section.line", "10");
	assert_fact(r.facts, "readme.help_line.line", "16");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * Documentation under a setext or reST title, on a foundation's host under
 * a path naming the project, and on pkg.go.dev under a path holding the
 * repository's whole hyphenated name (issue #13, corpus rows
 * apache/commons-cli and SAP/go-hdb); the foundation's other pages, its
 * license and a sibling's documentation are not the project's.
 */
static void test_readme_docs_under_any_title_and_foundation_host(void **state)
{
	char *dir = fx_repo_new("readme-docs-foundation");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md",
		 "Apache Gizmo CLI\n================\n\n"
		 "Gizmo CLI parses command lines.\n\n"
		 "Documentation\n-------------\n\n"
		 "More on the [homepage](https://gizmo.apache.org/proper/gizmo-cli).\n"
		 "Questions go to the [user list](https://gizmo.apache.org/mail-lists.html).\n\n"
		 "License\n-------\n\n"
		 "Under the [Apache License v2](https://www.apache.org/licenses/LICENSE-2.0).\n");
	fx_commit(dir, "setext");
	fx_sh(dir, "git remote add origin https://github.com/apache/gizmo-cli.git");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.links.documentation",
		    "[{\"url\":\"https://gizmo.apache.org/proper/gizmo-cli\","
		    "\"kind\":\"section\"}]");
	assert_fact(r.facts, "readme.links.documentation_elsewhere",
		    "[{\"url\":\"https://gizmo.apache.org/mail-lists.html\","
		    "\"kind\":\"section\"}]");
	assert_fact(r.facts, "readme.links.website", "null");
	collected_release(&r);

	fx_write(dir, "README.md",
		 "# go-giz\n\ngo-giz is a driver.\n\n## Documentation\n\n"
		 "API documentation is at "
		 "<https://pkg.go.dev/github.com/me/go-giz/driver>; TLS in "
		 "<https://pkg.go.dev/crypto/tls#Config>.\n");
	fx_commit(dir, "go");
	fx_sh(dir, "git remote set-url origin https://github.com/me/go-giz.git");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.links.documentation",
		    "[{\"url\":\"https://pkg.go.dev/github.com/me/go-giz/driver\","
		    "\"kind\":\"godoc\"}]");
	assert_fact(r.facts, "readme.links.documentation_elsewhere",
		    "[{\"url\":\"https://pkg.go.dev/crypto/tls#Config\","
		    "\"kind\":\"godoc\"}]");
	collected_release(&r);

	/* a host spelling the name across its labels (publi.codes) */
	fx_write(dir, "README.md",
		 "## Gizmocodes\n\nGizmocodes est un langage de règles.\n\n"
		 "## Documentation\n\n- [Se lancer](https://gizmo.codes/docs/tutoriel)\n"
		 "- [Un outil](https://gizmo.tools/docs/x)\n");
	fx_commit(dir, "domain hack");
	fx_sh(dir, "git remote remove origin");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.links.documentation",
		    "[{\"url\":\"https://gizmo.codes/docs/tutoriel\","
		    "\"kind\":\"docs\"}]");
	assert_fact(r.facts, "readme.links.documentation_elsewhere",
		    "[{\"url\":\"https://gizmo.tools/docs/x\","
		    "\"kind\":\"docs\"}]");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * A "Convention and Best Practices" section whose subsections say how
 * commits and pull requests are named is contribution rules (corpus row
 * InseeFr/Lunatic); "Naming conventions" of an API is not.
 */
static void test_readme_conventions_with_subsections(void **state)
{
	char *dir = fx_repo_new("readme-conventions");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md",
		 "# Gizmo\n\nGizmo maps towns.\n\n"
		 "## Naming conventions\n\nFunctions start with gizmo_.\n\n"
		 "## Usage\n\nCall gizmo_map().\n");
	fx_commit(dir, "api conventions");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.contribution_section", "null");
	collected_release(&r);

	fx_write(dir, "README.md",
		 "# Gizmo\n\nGizmo maps towns.\n\n"
		 "## Convention and Best Practices\n\n"
		 "### Stable branches\n\n- Stable branches are named 2.x.\n\n"
		 "### Commits and feature branches\n\n"
		 "- Pull Requests are prefixed like commits:\n"
		 "  - `fix(XXX?)`: for bug fixes.\n\n"
		 "## Usage\n\nCall gizmo_map().\n");
	fx_commit(dir, "conventions");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.contribution_section",
		    "{\"path\":\"README.md\",\"line\":5,"
		    "\"text\":\"Convention and Best Practices\"}");
	collected_release(&r);
	fx_rmdir(dir);
}

/* support.offer's status in an audit of dir, and its first evidence's
 * line (0 when none). */
static void support_offer(const char *dir, const char *want, long line)
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
		if (strcmp(json_string_value(json_object_get(c, "id")),
			   "support.offer"))
			continue;
		seen = true;
		assert_string_equal(json_string_value(json_object_get(c,
				    "status")), want);
		/* a heading's line, or the line of a fact's value */
		if (line && vigie_json_path(c, "evidence.0.line"))
			assert_int_equal(json_integer_value(vigie_json_path(c,
					 "evidence.0.line")), line);
		else if (line)
			assert_int_equal(json_integer_value(vigie_json_path(c,
					 "evidence.0.value.line")), line);
	}
	assert_true(seen);
	json_decref(doc);
	free(out);
}

/*
 * Headings that only hold a support word are not a support offer (issue
 * #13, corpus rows SAP/go-hdb and substack/node-optimist): "AI
 * Assistance" is about how the code is written, "Optimist is here to
 * help..." and ".help()" document a feature, "Help message format" a
 * format.  "Getting help" is one; so is a line that takes questions to an
 * address written on the next line.
 */
static void test_readme_support_words_in_headings(void **state)
{
	char *dir = fx_repo_new("readme-support-words");

	(void)state;
	fx_write(dir, "README.md",
		 "# Gizmo\n\nGizmo maps towns.\n\n"
		 "## AI Assistance\n\nThis project uses AI in its development.\n\n"
		 "## Optimist is here to help...\n\nIt prints usage.\n\n"
		 "## .help()\n\nSets the usage text.\n\n"
		 "## Help message format\n\nOne option a line.\n");
	fx_commit(dir, "lookalikes");
	support_offer(dir, "fail", 0);

	fx_write(dir, "README.md",
		 "# Gizmo\n\nGizmo maps towns.\n\n"
		 "## AI Assistance\n\nThis project uses AI in its development.\n\n"
		 "## Getting help\n\nAsk on the tracker.\n");
	fx_commit(dir, "getting help");
	support_offer(dir, "pass", 9);

	fx_write(dir, "README.md",
		 "# Gizmo\n\nGizmo maps towns.\n\n"
		 "## Development\n\nMake pull requests and report bugs. You can "
		 "also drop a line directly to\n<me@gizmo.org>.\n");
	fx_commit(dir, "drop a line");
	support_offer(dir, "pass", 7);
	fx_rmdir(dir);
}

/*
 * An issue template that sends questions to a channel is a support offer
 * (corpus rows prometheus/node_exporter, emersion/go-imap, pallets/flask);
 * one that only speaks of a discussion the maintainers may ask for is not.
 */
static void test_readme_support_in_issue_templates(void **state)
{
	char *dir = fx_repo_new("readme-support-templates");

	(void)state;
	fx_write(dir, "README.md", "# Gizmo\n\nGizmo maps towns.\n");
	fx_write(dir, ".github/ISSUE_TEMPLATE/feature_request.yml",
		 "name: Feature Request\nbody:\n  - type: markdown\n"
		 "    attributes:\n      value: |\n        If your request "
		 "warrants in-depth discussion, maintainers may close the issue "
		 "and ask you to open an RFC.\n");
	fx_commit(dir, "feature template");
	support_offer(dir, "fail", 0);

	fx_write(dir, ".github/ISSUE_TEMPLATE/config.yml",
		 "blank_issues_enabled: false\ncontact_links:\n"
		 "  - name: Question\n    url: \"https://web.libera.chat/#gizmo\"\n"
		 "    about: \"Please ask questions in #gizmo on Libera Chat\"\n");
	fx_commit(dir, "contact link");
	support_offer(dir, "pass", 5);
	fx_rmdir(dir);
}

/*
 * The project's website (issue #13): a root link named a website, on a
 * line saying it is the project's, showing an address named after the
 * project or written in the top title; not a tool's site on a line about
 * a website, a chat room, a site word inside an address, nor an address
 * shown that names another project.
 */
static void test_readme_website_is_the_projects(void **state)
{
	char *dir = fx_repo_new("readme-sites");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md",
		 "# Gizmo\n\nGizmo maps towns.\n\n"
		 "To edit the file you can use [this website](https://editor.swagger.io/).\n"
		 "Ask on the official forum or [community chat](https://chat.gizmo.org/).\n"
		 "[apps/unlock](https://github.com/me/transport-site/tree/main) "
		 "is served on https://proxy.example-gizmo.net/ too.\n"
		 "Runs on [nodejs.org](https://nodejs.org/).\n");
	fx_commit(dir, "not ours");
	fx_sh(dir, "git remote add origin https://github.com/me/gizmo.git");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.links.website", "null");
	assert_fact(r.facts, "readme.links.website_elsewhere",
		    "[{\"url\":\"https://editor.swagger.io/\",\"kind\":\"site\"},"
		    "{\"url\":\"https://nodejs.org/\",\"kind\":\"address\"}]");
	collected_release(&r);

	fx_write(dir, "README.md",
		 "# Gizmo on maps.example-city.net\n\nGizmo maps towns.\n\n"
		 "- [Website and Documentation](https://gizmorb.com/)\n"
		 "- Our web site: https://cartes.example-town.net/\n"
		 "- Docs at [gizmojs.org](https://gizmojs.org/)\n"
		 "- Production: [maps.example-city.net](https://maps.example-city.net/)\n");
	fx_commit(dir, "ours");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.links.website",
		    "[{\"url\":\"https://gizmorb.com/\",\"kind\":\"named\"},"
		    "{\"url\":\"https://cartes.example-town.net/\",\"kind\":\"own\"},"
		    "{\"url\":\"https://gizmojs.org/\",\"kind\":\"address\"},"
		    "{\"url\":\"https://maps.example-city.net/\",\"kind\":\"address\"}]");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * Where users get help, as READMEs say it (issue #13): a list server's
 * address is a mailing list, a link named "GitHub Discussions" a forum,
 * not "the discussion in #12".
 */
static void test_readme_named_channels(void **state)
{
	char *dir = fx_repo_new("readme-channels");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md",
		 "# Gizmo\n\n"
		 "The <gizmo@lists.gizmo.org> mailing list is for support;\n"
		 "write to <team@gizmo.org> otherwise.\n"
		 "See [the discussion in #12](https://github.com/me/gizmo/pull/12).\n"
		 "* [Github Discussions](https://github.com/gizmo/discussions)\n"
		 "https://github.com/user-attachments/assets/1\n"
		 "https://github.com/user-attachments/assets/2\n");
	fx_commit(dir, "channels");
	collect_facts(&r, dir);
	/* pictures attached on GitHub say nothing of which repository */
	assert_fact(r.facts, "readme.forge_identity", "null");
	assert_fact(r.facts, "readme.links.mailing_list",
		    "[{\"url\":\"gizmo@lists.gizmo.org\",\"kind\":\"list\"}]");
	assert_fact(r.facts, "readme.links.contact",
		    "[{\"url\":\"team@gizmo.org\",\"kind\":\"email\"}]");
	assert_fact(r.facts, "readme.links.forum",
		    "[{\"url\":\"https://github.com/gizmo/discussions\",\"kind\":\"named\"}]");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * The purpose is the first paragraph after the title, or the first of a
 * purpose-like section; a defining sentence deep in another section is
 * none (issue #13).
 */
static void test_readme_purpose_is_the_opening(void **state)
{
	char *dir = fx_repo_new("readme-purpose");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md",
		 "# Tool\n\n[![ci](https://img.shields.io/badge/ci-ok-green.svg)](x)\n\n"
		 "Some notes about this and that for the reader of it.\n\n"
		 "## Installation\n\nRun make.\n\n## API\n\n"
		 "The parse function is a wrapper that provides a tree.\n");
	fx_commit(dir, "vague");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.purpose", "null");
	collected_release(&r);

	fx_write(dir, "README.md",
		 "Tool\n====\n\n<p align=\"center\">\n    An audit tool for shared\n"
		 "    repositories. <br/>\n</p>\n\n## Installation\n\nRun make.\n");
	fx_commit(dir, "tagline");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.purpose",
		    "{\"path\":\"README.md\",\"line\":5,"
		    "\"text\":\"An audit tool for shared repositories. \"}");
	collected_release(&r);

	fx_write(dir, "README.md",
		 "# Outil\n\n## Installation\n\nLancez make.\n\n## À propos\n\n"
		 "Outil permet aux communes de publier leurs données.\n");
	fx_commit(dir, "about");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.purpose.line", "9");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * A short noun phrase right under the top title is the tagline, article
 * or not, quoted or not (corpus rows prometheus/node_exporter,
 * MTES-MCT/carbure, SocialGouv/domifa); a lead-in there ("Please ...",
 * "Video introduction: ...") and a short line under a later top-level
 * title are not.
 */
static void test_readme_purpose_taglines_under_the_title(void **state)
{
	char *dir = fx_repo_new("readme-taglines");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md",
		 "# Node gizmo\n\n[![ci](https://img.shields.io/badge/ci-ok-green.svg)](x)\n\n"
		 "Prometheus exporter for hardware and OS metrics exposed by\n"
		 "kernels, written in Go.\n\n## Installation\n\nRun make.\n");
	fx_commit(dir, "noun phrase");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.purpose.line", "5");
	collected_release(&r);

	fx_write(dir, "README.md",
		 "# Gizmo\n\n> Gizmo est une plateforme qui aide les communes.\n\n"
		 "## Installation\n\nLancez make.\n");
	fx_commit(dir, "quoted");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.purpose",
		    "{\"path\":\"README.md\",\"line\":3,\"text\":"
		    "\"Gizmo est une plateforme qui aide les communes.\"}");
	collected_release(&r);

	fx_write(dir, "README.md",
		 "# Gizmo\n\nPlease read the notes below first!\n\n"
		 "## Installation\n\nRun make.\n\n# Build\n\n"
		 "Without a profile only Java builds.\n");
	fx_commit(dir, "lead-ins");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.purpose", "null");
	collected_release(&r);

	fx_write(dir, "README.md",
		 "# Gizmo\n\nVideo introduction to gizmo: `PyCon 2012 <x>`_\n\n"
		 "## Installation\n\nRun make.\n");
	fx_commit(dir, "video");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.purpose", "null");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * Purposes real READMEs state otherwise: a tagline whose links' addresses
 * are no words of it, an aside after " - " (rustlings), in the top title
 * itself (iD: "iD - friendly JavaScript editor for OpenStreetMap"), after
 * a title of badges and their reference definitions (serde), under a top
 * title that names a usage ("REUSE Example"); and no purpose in a notice
 * that the project moved (camino: "Le projet a migré sur ...").
 */
static void test_readme_purpose_in_real_layouts(void **state)
{
	static const struct {
		const char *readme, *want; /* the purpose's text, or NULL */
	} cases[] = {
		{ "# [Rustlings](https://rustlings.example.net) \xf0\x9f\xa6\x80\n\n"
		  "Small exercises to get you used to reading and writing "
		  "[Rust](https://www.rust-lang.example.net) code - _Recommended "
		  "in parallel to reading [the official Rust book]"
		  "(https://doc.rust-lang.example.net/book) \xf0\x9f\x93\x9a_\n\n"
		  "## Setup\n\nRun it.\n",
		  "Small exercises to get you used to reading and writing Rust "
		  "code - _Recommended in parallel to reading the official Rust "
		  "book \xf0\x9f\x93\x9a_" },
		{ "# iD - friendly JavaScript editor for OpenStreetMap\n\n"
		  "## Basics\n\n* iD is a JavaScript editor.\n",
		  "iD - friendly JavaScript editor for OpenStreetMap" },
		{ "# Serde &emsp; [![Build Status]][actions] [![Latest Version]][crates.io]\n\n"
		  "[Build Status]: https://img.shields.io/github/actions/workflow/status/s/s/ci.yml\n"
		  "[actions]: https://github.com/s/s/actions\n"
		  "[Latest Version]: https://img.shields.io/crates/v/serde.svg\n"
		  "[crates.io]: https://crates.io/crates/serde\n\n"
		  "**Serde is a framework for serializing and deserializing Rust "
		  "data structures.**\n\n## Serde in action\n\nCode.\n",
		  "**Serde is a framework for serializing and deserializing Rust "
		  "data structures.**" },
		{ "# REUSE Example\n\nThis file is an example repository for REUSE "
		  "compliance, as in [the tutorial](https://reuse.example.net/t).\n",
		  "This file is an example repository for REUSE compliance, as in "
		  "the tutorial." },
		{ "# Camino\n\nLe projet a migr\xc3\xa9 sur [le gitlab du "
		  "minist\xc3\xa8re](https://gitlab.example.net/camino)\n", NULL },
		{ "# Tool - WIP\n\n## Install\n\nRun make.\n", NULL },
		{ "# Tool\n\nA [Rust][rust] library for [maps](https://maps.example.net/x).\n\n"
		  "[rust]: https://www.rust-lang.example.net\n",
		  "A Rust library for maps." },
	};
	char *dir = fx_repo_new("readme-real-purposes");
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct collected r;
		json_t *p;
		fx_write(dir, "README.md", cases[i].readme);
		fx_commit(dir, "layout");
		collect_facts(&r, dir);
		p = vigie_json_path(r.facts, "readme.purpose.text");
		if (!cases[i].want) {
			if (p)
				fail_msg("case %zu: a purpose: %s", i, json_string_value(p));
		} else if (!p || strcmp(json_string_value(p), cases[i].want)) {
			fail_msg("case %zu: purpose %s, want %s", i,
				 p ? json_string_value(p) : "none", cases[i].want);
		}
		collected_release(&r);
	}
	fx_rmdir(dir);
}

static char *slurp_path(const char *path, size_t max)
{
	FILE *f = fopen(path, "rb");
	char *s;
	size_t n;

	if (!f)
		return NULL;
	s = malloc(max + 1);
	n = fread(s, 1, max, f);
	fclose(f);
	s[n] = '\0';
	return s;
}

static const char *guess(const char *text)
{
	struct vigie_text_lang l;

	vigie_text_language(&l, text, strlen(text));
	return l.count && l.words[0] >= VIGIE_TEXT_LANG_MIN_WORDS ? l.codes[0] : "?";
}

/*
 * Real READMEs: vigie's own, in English and French, and the English READMEs
 * Debian installs in /usr/share/doc (uncompressed, 1 KiB or more), of which
 * nine in ten at least must be found English.
 */
static void test_readme_language_on_real_readmes(void **state)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	int total = 0, english = 0;
	struct dirent *de;
	DIR *d;
	char *s;

	(void)state;
	vigie_buf_printf(&p, "%s/README.md", fx_source_root());
	s = slurp_path(p.ptr, 1 << 20);
	assert_non_null(s);
	assert_string_equal(guess(s), "en");
	free(s);
	vigie_buf_clear(&p);
	vigie_buf_printf(&p, "%s/README.fr.md", fx_source_root());
	s = slurp_path(p.ptr, 1 << 20);
	assert_non_null(s);
	assert_string_equal(guess(s), "fr");
	free(s);

	d = opendir("/usr/share/doc");
	while (d && (de = readdir(d)) != NULL) {
		vigie_buf_clear(&p);
		vigie_buf_printf(&p, "/usr/share/doc/%s/README", de->d_name);
		s = slurp_path(p.ptr, 1 << 16);
		if (!s)
			continue;
		if (strlen(s) >= 1024) {
			total++;
			english += !strcmp(guess(s), "en");
		}
		free(s);
	}
	if (d)
		closedir(d);
	printf("# /usr/share/doc/*/README: %d of %d found English\n", english,
	       total);
	if (total >= 10)
		assert_true(english * 10 >= total * 9);
	vigie_buf_release(&p);
}

/* Hostile READMEs: no crash, bounded lists, a clear state for each. */
static void test_readme_hostile_input(void **state)
{
	char *dir = fx_repo_new("readme-hostile");
	struct vigie_buf big = VIGIE_BUF_INIT;
	struct collected r;
	double t0;
	int i;

	(void)state;
	/* Just under the 1 MiB read cap: links, brackets, no newline at all. */
	while (big.len < 1000000) {
		i = (int)big.len;
		vigie_buf_printf(&big, "website [x](https://h%d.cartographe.net/) [[[[ ![b](https://img.shields.io/%d) "
				 "<https://matrix.to/#/%d> mailto:a%d@cartographe.org @@ a@b ",
				 i, i, i, i);
	}
	fx_write(dir, "README.md", big.ptr);
	fx_commit(dir, "huge");
	t0 = vigie_clock_ms();
	collect_facts(&r, dir);
	printf("# facts of a 1 MB README: %.0f ms\n", vigie_clock_ms() - t0);
	assert_int_equal(json_array_size(vigie_json_path(r.facts, "readme.badges")), 32);
	assert_int_equal(json_array_size(vigie_json_path(r.facts, "readme.links.chat")), 16);
	assert_int_equal(json_array_size(vigie_json_path(r.facts, "readme.links.website")), 16);
	assert_int_equal(json_array_size(vigie_json_path(r.facts, "readme.links.contact")), 16);
	collected_release(&r);

	/* Over the cap: said so, nothing else guessed. */
	vigie_buf_puts(&big, "and a few more bytes to pass the 1 MiB ceiling of a read");
	while (big.len <= 1024 * 1024)
		vigie_buf_puts(&big, "0123456789abcdef");
	fx_write(dir, "README.md", big.ptr);
	fx_commit(dir, "too big");
	collect_facts(&r, dir);
	assert_non_null(json_string_value(vigie_json_path(r.facts, "readme.error")));
	assert_fact(r.facts, "readme.language", "null");
	collected_release(&r);

	/*
	 * Brackets without their opening, unclosed code and tags: bounded
	 * look-ups (this took a minute when link texts were sought back to
	 * the start of the line); ten seconds is a generous ceiling.
	 */
	vigie_buf_clear(&big);
	for (i = 0; i < 90000; i++) /* under the 1 MiB read cap */
		vigie_buf_puts(&big, "a](b <c `d ");
	fx_write(dir, "README.md", big.ptr);
	fx_commit(dir, "brackets");
	t0 = vigie_clock_ms();
	collect_facts(&r, dir);
	printf("# facts of 90,000 unopened links: %.0f ms\n", vigie_clock_ms() - t0);
	assert_true(vigie_clock_ms() - t0 < 10000);
	assert_fact(r.facts, "readme.size", "990000");
	collected_release(&r);

	/* Thousands of sections read by their body, each saying nothing:
	 * a bounded number read, not each from the start of the file. */
	vigie_buf_clear(&big);
	for (i = 0; i < 60000; i++)
		vigie_buf_puts(&big, "## Bugs\nx\n");
	fx_write(dir, "README.md", big.ptr);
	fx_commit(dir, "sections");
	t0 = vigie_clock_ms();
	collect_facts(&r, dir);
	printf("# facts of 60,000 empty sections: %.0f ms\n", vigie_clock_ms() - t0);
	assert_true(vigie_clock_ms() - t0 < 10000);
	assert_fact(r.facts, "readme.contribution_section", "null");
	collected_release(&r);

	/* Binary, and invalid UTF-8 in links and headings. */
	fx_write_bytes(dir, "README.md", "# a\0b\n", 7);
	fx_commit(dir, "binary");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.binary", "true");
	collected_release(&r);
	fx_write(dir, "README.md", "# \xff\xfe titre\n\n[x](https://\xc3(.example.org/)\n");
	fx_commit(dir, "not utf-8");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.headings.0.text", "\"\ufffd\ufffd titre\"");
	collected_release(&r);
	vigie_buf_release(&big);
	fx_rmdir(dir);
}

/*
 * A root link on a line saying the project is online is its website (git's
 * "Many Git online resources are accessible from <https://git-scm.com/>");
 * the root of a tool the README merely uses is not.
 */
static void test_readme_website_online(void **state)
{
	char *dir = fx_repo_new("readme-online");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md", "# Cartographe\n\nA map tool for everyone.\n\n"
		 "Many Cartographe resources are online at <https://cartographe.net/>.\n\n"
		 "Build it with [meson](https://mesonbuild.com/).\n");
	fx_commit(dir, "readme");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.links.website",
		    "[{\"url\":\"https://cartographe.net/\",\"kind\":\"site\"}]");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * A "Useful links" list as GNOME applications write it (issue #13, corpus
 * rows GNOME/gnome-weather and GNOME/gnome-clocks): a donation page is a
 * funding link, GNOME's translation platform is one, and a "Hacking"
 * section that sends newcomers to a task is a contribution section.
 */
static void test_readme_useful_links_and_hacking(void **state)
{
	char *dir = fx_repo_new("readme-useful-links");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md",
		 "# Clockwork\n\nClockwork keeps the time on your desktop.\n\n"
		 "## Useful links\n\n"
		 "**Report issues**: https://gitlab.example.org/me/clockwork/issues/\n\n"
		 "**Donate**: https://foundation.example.org/donate/\n\n"
		 "**Translate**: https://l10n.gnome.org/module/clockwork/\n\n"
		 "## Hacking on Clockwork\n\n"
		 "Build it with the usual tools, then find a task to work on\n"
		 "in the tracker.\n");
	fx_commit(dir, "useful links");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.links.funding",
		    "[{\"url\":\"https://foundation.example.org/donate/\","
		    "\"kind\":\"donate\"}]");
	assert_fact(r.facts, "readme.links.translation.0.url",
		    "\"https://l10n.gnome.org/module/clockwork/\"");
	assert_fact(r.facts, "readme.contribution_section.text",
		    "\"Hacking on Clockwork\"");
	assert_fact(r.facts, "translation.policy.line", "11");
	collected_release(&r);

	/* a page that only names donations, and a hacking section that
	 * invites to nothing, are neither */
	fx_write(dir, "README.md",
		 "# Clockwork\n\nClockwork keeps the time on your desktop.\n\n"
		 "See [how we use donations](https://foundation.example.org/about/).\n\n"
		 "## Hacking on Clockwork\n\nThe code is written in C.\n");
	fx_commit(dir, "no links");
	collect_facts(&r, dir);
	assert_fact(r.facts, "readme.links.funding", "null");
	assert_fact(r.facts, "readme.contribution_section", "null");
	collected_release(&r);
	fx_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readme_english_fact_by_fact),
		cmocka_unit_test(test_readme_website_online),
		cmocka_unit_test(test_readme_french_fact_by_fact),
		cmocka_unit_test(test_readme_badges_by_reference),
		cmocka_unit_test(test_readme_mixed_and_german),
		cmocka_unit_test(test_readme_translations_listed),
		cmocka_unit_test(test_readme_only_titles_are_sections),
		cmocka_unit_test(test_readme_links_and_forge_identity),
		cmocka_unit_test(test_readme_docs_are_the_projects_own),
		cmocka_unit_test(test_readme_docs_on_the_projects_site),
		cmocka_unit_test(test_readme_sections_by_their_body),
		cmocka_unit_test(test_readme_useful_links_and_hacking),
		cmocka_unit_test(test_readme_support_words_in_headings),
		cmocka_unit_test(test_readme_conventions_with_subsections),
		cmocka_unit_test(test_readme_support_in_issue_templates),
		cmocka_unit_test(test_readme_docs_under_any_title_and_foundation_host),
		cmocka_unit_test(test_readme_website_is_the_projects),
		cmocka_unit_test(test_readme_named_channels),
		cmocka_unit_test(test_readme_purpose_is_the_opening),
		cmocka_unit_test(test_readme_purpose_taglines_under_the_title),
		cmocka_unit_test(test_readme_purpose_in_real_layouts),
		cmocka_unit_test(test_readme_language_on_real_readmes),
		cmocka_unit_test(test_readme_hostile_input),
	};
	int rc;

	vigie_global_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	vigie_global_shutdown();
	return rc;
}
