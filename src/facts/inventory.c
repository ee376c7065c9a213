/* SPDX-License-Identifier: EUPL-1.2 */
/* The inventory collector: well-known community files found by role. */
#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vigie/buf.h"
#include "vigie/facts.h"
#include "vigie/sys/collect.h"
#include "json.h"
#include "grow.h"
#include "text.h"
#include "banned.h"

/*
 * The places a community file may live, in order of preference: a forge
 * shows the root first, then docs/, then its own folder.
 */
static const char *const places[] = {
	"", "docs", "doc", ".github", ".gitlab", ".gitea", ".forgejo",
	"documentation",
};

/* Extensions of prose documents; a name without one counts too. */
static const char *const doc_exts[] = {
	"adoc", "asciidoc", "markdown", "md", "org", "rst", "txt",
};

/*
 * Roles recognised by the stem of a file in one of the places above: the
 * lowercase name without a prose extension, as an fnmatch pattern.  French
 * spellings sit beside English ones.  Sorted by role.
 */
struct stem_rule {
	const char *role;
	const char *stem;
};

static const struct stem_rule stem_rules[] = {
	{ "authors", "authors" },
	{ "authors", "auteurs" },
	{ "authors", "contributeurs" },
	{ "authors", "contributors" },
	{ "authors", "credits" },
	{ "changelog", "changelog" },
	{ "changelog", "changelog[-_.]*" },
	{ "changelog", "changes" },
	{ "changelog", "draft[-_]changelog" },
	{ "changelog", "history" },
	{ "changelog", "journal[-_]des[-_]modifications" },
	{ "changelog", "news" },
	{ "changelog", "relnotes" },
	{ "changelog", "release[-_]notes" },
	{ "changelog", "releasenotes" },
	{ "charter", "charte" },
	{ "charter", "charte[-_]*" },
	{ "charter", "charter" },
	{ "charter", "charter[-_]*" },
	{ "charter", "manifesto" },
	{ "citation", "citation" },
	{ "code_of_conduct", "code[-_]de[-_]conduite" },
	{ "code_of_conduct", "code[-_]of[-_]conduct" },
	{ "code_of_conduct", "codeofconduct" },
	{ "code_of_conduct", "conduct" },
	{ "codeowners", "codeowners" },
	{ "contributing", "comment[-_]contribuer" },
	{ "contributing", "contribuer" },
	{ "contributing", "contributing" },
	{ "contributing", "contributing[-_.]*" },
	{ "contributing", "contribute" },
	{ "contributing", "contribution" },
	{ "contributing", "contributions" },
	{ "contributing", "how[-_]to[-_]contribute" },
	{ "contributing", "submitting[-_]patches" },
	{ "contributing", "submittingpatches" },
	{ "funding", "backers" },
	{ "funding", "financement" },
	{ "funding", "funding" },
	{ "funding", "sponsors" },
	{ "governance", "decision[-_]making" },
	{ "governance", "decisionmaking" },
	{ "governance", "gouvernance" },
	{ "governance", "governance" },
	{ "governance", "maintenance" },
	{ "license", "copying" },
	{ "license", "copying.lesser" },
	/* COPYING.LIB, COPYING-ICONS, COPYING.GPL (KDE, GNOME) */
	{ "license", "copying[-_.]*" },
	{ "license", "copyright" },
	{ "license", "licence" },
	{ "license", "licence[-_.]*" },
	{ "license", "license" },
	{ "license", "license[-_.]*" },
	{ "license", "licenses" },
	{ "license", "mit[-_]license" },
	{ "license", "unlicense" },
	{ "maintainers", "maintainers" },
	{ "maintainers", "mainteneurs" },
	{ "maintainers", "owners" },
	{ "notice", "notice" },
	{ "readme", "lisez[-_]moi" },
	{ "readme", "lisezmoi" },
	{ "readme", "lisezmoi[-_.]*" },
	{ "readme", "readme" },
	{ "readme", "readme[-_.]*" },
	{ "roadmap", "feuille[-_]de[-_]route" },
	{ "roadmap", "roadmap" },
	{ "security", "security" },
	{ "security", "security[-_.]*" },
	{ "security", "security[-_]policy" },
	{ "security", "securite" },
	{ "security", "s\xc3\xa9" "curit\xc3\xa9" },
	{ "support", "assistance" },
	{ "support", "support" },
	{ "translation", "translating" },
	{ "translation", "translation" },
	{ "translation", "translations" },
	{ "translation", "traduction" },
	{ "translation", "traductions" },
	{ "translation", "traduire" },
};

/*
 * Roles recognised by their whole lowercase path (fnmatch, '*' stays within
 * one directory).  Sorted by role.
 */
struct path_rule {
	const char *role;
	const char *glob;
};

static const struct path_rule path_rules[] = {
	{ "changelog", ".changeset/*.md" },
	{ "changelog", "changelog.d/*" },
	{ "changelog", "changelog/*" },
	{ "changelog", "changelog/*/*" },
	{ "changelog", "changes/*" },
	{ "changelog", "documentation/relnotes/*" },
	{ "changelog", "news.d/*" },
	{ "changelog", "packages/*/changelog.md" },
	/* a package at the top of a monorepo: modele-social/CHANGELOG.md */
	{ "changelog", "*/changelog.md" },
	{ "ci", ".appveyor.yml" },
	{ "ci", ".build.yml" },
	{ "ci", ".buildkite/*" },
	{ "ci", ".builds/*.yaml" },
	{ "ci", ".builds/*.yml" },
	{ "ci", ".ci/*" },
	{ "ci", ".cirrus.star" },
	{ "ci", ".cirrus.yml" },
	{ "ci", ".circleci/config.yml" },
	{ "ci", ".drone.yml" },
	{ "ci", ".forgejo/workflows/*" },
	{ "ci", ".gitea/workflows/*" },
	{ "ci", ".github/workflows/*" },
	{ "ci", ".gitlab-ci.yml" },
	{ "ci", ".travis.yml" },
	{ "ci", ".woodpecker.yml" },
	{ "ci", ".woodpecker.yaml" },
	{ "ci", ".woodpecker/*" },
	{ "ci", "appveyor.yml" },
	{ "ci", "azure-pipelines.yml" },
	{ "ci", "bitbucket-pipelines.yml" },
	{ "ci", "jenkinsfile" },
	{ "citation", "citation.cff" },
	{ "codemeta", "codemeta.json" },
	{ "docs", "_doc/*" },
	{ "docs", "_doc/*/*" },
	{ "docs", "_docs/*" },
	{ "docs", "_docs/*/*" },
	{ "docs", "doc/*" },
	{ "docs", "doc/*/*" },
	{ "docs", "docs/*" },
	{ "docs", "docs/*/*" },
	{ "docs", "docs-sources/*" },
	{ "docs", "docs-sources/*/*" },
	{ "docs", "documentation/*" },
	{ "docs", "documentation/*/*" },
	{ "docs", "faq.md" },
	{ "docs", "guide.md" },
	/* GNOME's user help (Mallard pages, help/C/index.page) */
	{ "docs", "help/c/*.page" },
	{ "docs", "man/*" },
	{ "docs", "site/content/*" },
	{ "docs", "website/docs/*" },
	{ "docs_config", ".readthedocs.yaml" },
	{ "docs_config", ".readthedocs.yml" },
	{ "docs_config", "antora.yml" },
	{ "docs_config", "book.toml" },
	{ "docs_config", "docusaurus.config.js" },
	{ "docs_config", "docusaurus.config.ts" },
	{ "docs_config", "mkdocs.yml" },
	{ "funding", ".github/funding.yml" },
	{ "funding", ".gitea/funding.yml" },
	{ "funding", "funding.json" },
	{ "issue_template", ".forgejo/issue_template/*" },
	{ "issue_template", ".gitea/issue_template.md" },
	{ "issue_template", ".gitea/issue_template/*" },
	{ "issue_template", ".github/issue_template.md" },
	{ "issue_template", ".github/issue_template/*" },
	{ "issue_template", ".gitlab/issue_templates/*" },
	{ "issue_template", "issue_template.md" },
	{ "license", "licenses/*" },
	/*
	 * A logo at the root or one level down, named logo... or ...-logo
	 * (requests' ext/requests-logo.svg), and two levels down in the
	 * documentation (Flask's docs/_static/flask-logo.svg, an R package's
	 * man/figures/logo.png); not "...-logo" deeper elsewhere, where an
	 * application's images name other brands (webapp/images/github-logo).
	 */
	{ "logo", "*/*[-_]logo.png" },
	{ "logo", "*/*[-_]logo.svg" },
	{ "logo", "*/*[-_]logo[-_]*.png" },
	{ "logo", "*/*[-_]logo[-_]*.svg" },
	{ "logo", "*/logo*.png" },
	{ "logo", "*/logo*.svg" },
	{ "logo", "*[-_]logo.png" },
	{ "logo", "*[-_]logo.svg" },
	{ "logo", "doc/*/*logo*.png" },
	{ "logo", "doc/*/*logo*.svg" },
	{ "logo", "docs/*/*logo*.png" },
	{ "logo", "docs/*/*logo*.svg" },
	{ "logo", "documentation/*/*logo*.png" },
	{ "logo", "documentation/*/*logo*.svg" },
	{ "logo", "logo*.png" },
	{ "logo", "logo*.svg" },
	{ "logo", "man/figures/*logo*.png" },
	{ "logo", "man/figures/*logo*.svg" },
	{ "pr_template", ".forgejo/pull_request_template.md" },
	{ "pr_template", ".gitea/pull_request_template.md" },
	{ "pr_template", ".github/pull_request_template.md" },
	{ "pr_template", ".github/pull_request_template/*" },
	{ "pr_template", ".gitlab/merge_request_templates/*" },
	{ "pr_template", "docs/pull_request_template.md" },
	{ "pr_template", "pull_request_template.md" },
	{ "publiccode", "publiccode.yaml" },
	{ "publiccode", "publiccode.yml" },
	{ "support", ".github/issue_template/support*" },
	{ "support", "docs/community/support.*" },
	{ "translation_config", ".tx/config" },
	{ "translation_config", ".weblate" },
	{ "translation_config", "crowdin.yaml" },
	{ "translation_config", "crowdin.yml" },
	{ "translation_config", "weblate.yml" },
};

static const char *const roles[] = {
	"authors", "changelog", "charter", "ci", "citation", "code_of_conduct",
	"codemeta", "codeowners", "contributing", "docs", "docs_config",
	"funding",
	"governance", "issue_template", "license", "license_component", "logo",
	"maintainers",
	"notice", "pr_template", "publiccode", "readme", "roadmap", "security",
	"support", "translation", "translation_config", NULL,
};

const char *const *vigie_inventory_roles(void)
{
	return roles;
}

/* At most this many paths are listed for one role (docs/ may hold many). */
#define ROLE_MAX 64

struct hit {
	const char *role;
	const struct vigie_entry *entry;
	int rank;  /* the place: root first */
	int exact; /* 0 for an exact name (README), 1 for a variant (README.fr) */
};

struct hits {
	struct hit *v;
	size_t n, cap;
};

static int add_hit(struct hits *h, const char *role,
		   const struct vigie_entry *e, int rank, int exact)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->v[i].entry == e && !strcmp(h->v[i].role, role))
			return 0;
	if (vigie_grow(&h->v, &h->cap, h->n + 1, 64) < 0)
		return -1;
	h->v[h->n].role = role;
	h->v[h->n].entry = e;
	h->v[h->n].rank = rank;
	h->v[h->n].exact = exact;
	h->n++;
	return 0;
}

/* ASCII lowercase, plus Latin-1 capitals in UTF-8 (É -> é). */
static void fold(char *s)
{
	unsigned char *p = (unsigned char *)s;

	for (; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (unsigned char)(*p + 32);
		else if (*p == 0xc3 && p[1] >= 0x80 && p[1] <= 0x9e &&
			 p[1] != 0x97) {
			p[1] = (unsigned char)(p[1] + 0x20);
			p++;
		}
	}
}

static int place_rank(const char *dir, size_t len)
{
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(places); i++)
		if (strlen(places[i]) == len && !strncasecmp(places[i], dir, len))
			return (int)i;
	return -1;
}

/* Strip one prose extension in place. */
static void strip_doc_ext(char *stem)
{
	char *dot = strrchr(stem, '.');
	size_t i;

	if (!dot || dot == stem)
		return;
	for (i = 0; i < VIGIE_ARRAY_SIZE(doc_exts); i++)
		if (!strcmp(dot + 1, doc_exts[i])) {
			*dot = '\0';
			return;
		}
}

static int depth(const char *path)
{
	int n = 0;

	for (; *path; path++)
		n += *path == '/';
	return n;
}

/*
 * What a path must have for fnmatch to be worth calling on a path rule:
 * the glob's literal head, and as many slashes (with FNM_PATHNAME no
 * wildcard matches '/').  The rules are grouped by their number of slashes
 * once per inventory, not per path: a tree of 100,000 files would
 * otherwise test every rule 100,000 times.
 */
#define MAX_DEPTH 2

struct glob_index {
	size_t head[VIGIE_ARRAY_SIZE(path_rules)];
	size_t rules[MAX_DEPTH + 1][VIGIE_ARRAY_SIZE(path_rules)];
	size_t count[MAX_DEPTH + 1];
};

static void glob_index_init(struct glob_index *gi)
{
	size_t i;

	memset(gi, 0, sizeof(*gi));
	for (i = 0; i < VIGIE_ARRAY_SIZE(path_rules); i++) {
		int d = depth(path_rules[i].glob);
		gi->head[i] = strcspn(path_rules[i].glob, "*?[");
		if (d <= MAX_DEPTH)
			gi->rules[d][gi->count[d]++] = i;
	}
}

/*
 * Documentation is prose: a docs/ folder's pictures, styles and scripts
 * are not, nor is a site generator's configuration alone (mkdocs.yml is
 * role docs_config), nor the source files of a code package named doc
 * (a Go package doc/ that writes man pages).  Hidden files (.gitkeep)
 * fail FNM_PERIOD already.
 */
static bool docs_content(const char *path)
{
	static const char *const assets[] = {
		"c", "cpp", "cs", "css", "gif", "go", "h", "ico", "java", "jpeg",
		"jpg", "js", "json", "kt", "lock", "mod", "php", "png", "py",
		"rb", "rs", "scss", "sum", "svg", "toml", "ts", "ttf", "webp",
		"woff", "woff2", "yaml", "yml",
	};
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	size_t i;

	for (i = 0; dot && i < VIGIE_ARRAY_SIZE(assets); i++)
		if (!strcmp(dot + 1, assets[i]))
			return false;
	return true;
}

/*
 * A docs/ folder of HTML pages alone is a published site (GitHub Pages):
 * the documentation when a page's name says so (a generator's genindex,
 * a user guide), else pages of the product itself (the demos of
 * code-du-travail-numerique), no documentation.
 */
static void drop_html_pages(json_t *inv)
{
	static const char *const marks[] = {
		"doc", "guide", "manual", "manuel", "api", "reference", "tutorial",
		"genindex", "overview", "faq", "help", "aide", "howto",
	};
	json_t *docs = json_object_get(inv, "docs");
	size_t i, k;

	for (i = 0; i < json_array_size(docs); i++) {
		const char *path = json_string_value(
			json_object_get(json_array_get(docs, i), "path"));
		const char *slash = path ? strrchr(path, '/') : NULL;
		const char *base = slash ? slash + 1 : path;
		const char *dot = base ? strrchr(base, '.') : NULL;
		char low[128];

		if (!dot || (strcasecmp(dot, ".html") && strcasecmp(dot, ".htm")))
			return; /* prose beside the pages */
		for (k = 0; base[k] && k < sizeof(low) - 1; k++)
			low[k] = (char)tolower((unsigned char)base[k]);
		low[k] = '\0';
		for (k = 0; k < VIGIE_ARRAY_SIZE(marks); k++)
			if (strstr(low, marks[k]))
				return;
	}
	if (docs)
		json_object_del(inv, "docs");
}

/*
 * A license file of a part of the tree (vendored code, a sub-component, the
 * examples): reftable/LICENSE, deps/llhttp/LICENSE-MIT, pnpr/LICENSE.md,
 * one or two levels down.  Role license_component, never license: a license
 * of some files is no license for the project.  Tests' fixtures are not
 * the project's parts.  The basename is checked before anything is
 * folded: this runs once per path of the tree.
 */
static bool component_license(const struct vigie_entry *e, const char *slash)
{
	static const char *const stems[] = {
		"licence", "license", "copying", "unlicense",
	};
	static const char *const skipped[] = {
		"t", "test", "tests", "testdata", "testing", "fixtures",
		"__fixtures__", "spec", "node_modules", "third_party_test",
	};
	/* a template or a program named so is no license text */
	static const char *const not_texts[] = {
		"c", "go", "h", "html", "j2", "js", "json", "py", "rb", "rs",
		"sh", "template", "tmpl", "toml", "tpl", "ts", "xml", "yaml", "yml",
	};
	const char *base = slash + 1, *dot = strrchr(base, '.'), *p, *q;
	size_t i, n;

	if (e->depth < 1 || e->depth > MAX_DEPTH ||
	    (e->kind != VIGIE_ENTRY_FILE && e->kind != VIGIE_ENTRY_EXEC))
		return false;
	for (i = 0; i < VIGIE_ARRAY_SIZE(stems); i++) {
		n = strlen(stems[i]);
		if (!strncasecmp(base, stems[i], n) &&
		    (!base[n] || strchr("-_.", base[n])))
			break;
	}
	if (i == VIGIE_ARRAY_SIZE(stems) ||
	    !strncasecmp(e->path, "licenses/", 9))
		return false;
	for (i = 0; dot && i < VIGIE_ARRAY_SIZE(not_texts); i++)
		if (!strcasecmp(dot + 1, not_texts[i]))
			return false;
	for (p = e->path; p < slash; p = q + 1) {
		q = strchr(p, '/');
		for (i = 0; i < VIGIE_ARRAY_SIZE(skipped); i++)
			if (strlen(skipped[i]) == (size_t)(q - p) &&
			    !strncasecmp(p, skipped[i], (size_t)(q - p)))
				return false;
	}
	return true;
}

static int classify(struct hits *h, const struct vigie_entry *e,
		    const struct glob_index *gi, struct vigie_buf *scratch)
{
	const char *slash = strrchr(e->path, '/');
	size_t dirlen = slash ? (size_t)(slash - e->path) : 0;
	int rank;
	const char *stem;
	size_t i, k;
	int d = (int)e->depth;

	/* No pattern is more than three levels deep: skip the rest fast. */
	if (e->kind == VIGIE_ENTRY_SUBMODULE || d > MAX_DEPTH)
		return 0;
	rank = place_rank(e->path, dirlen);
	if (slash && rank < 0 && component_license(e, slash) &&
	    add_hit(h, "license_component", e, 20 + (int)e->depth, 0) < 0)
		return -1;
	if (rank < 0) {
		/* Outside the places, only a path rule can match: look for
		 * one before folding the path (globs are ASCII). */
		for (k = 0; k < gi->count[d]; k++) {
			i = gi->rules[d][k];
			if (vigie_ascii_prefix_eq(path_rules[i].glob, e->path, gi->head[i]))
				break;
		}
		if (k == gi->count[d])
			return 0;
	}
	vigie_buf_clear(scratch);
	if (vigie_buf_puts(scratch, e->path) < 0)
		return -1;
	fold(scratch->ptr);

	for (k = 0; k < gi->count[d]; k++) {
		i = gi->rules[d][k];
		bool docs = !strcmp(path_rules[i].role, "docs");
		/* Hidden files are no documentation; a logo in .github/ is
		 * a logo (FNM_PERIOD would keep '*' off ".github"). */
		if (!strncmp(path_rules[i].glob, scratch->ptr, gi->head[i]) &&
		    !fnmatch(path_rules[i].glob, scratch->ptr,
			     FNM_PATHNAME | (docs ? FNM_PERIOD : 0)) &&
		    (!docs || docs_content(scratch->ptr)) &&
		    add_hit(h, path_rules[i].role, e,
			    rank < 0 ? 20 + (int)dirlen : rank, 0) < 0)
			return -1;
	}
	if (rank < 0)
		return 0;
	stem = scratch->ptr + (slash ? dirlen + 1 : 0);
	strip_doc_ext((char *)stem);
	for (i = 0; i < VIGIE_ARRAY_SIZE(stem_rules); i++)
		if (stem_rules[i].stem[0] == stem[0] &&
		    !fnmatch(stem_rules[i].stem, stem, 0))
			if (add_hit(h, stem_rules[i].role, e, rank,
				    strpbrk(stem_rules[i].stem, "*?[") != NULL) < 0)
				return -1;
	return 0;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	int c = strcmp(x->role, y->role);

	if (c)
		return c;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->exact != y->exact)
		return x->exact - y->exact;
	return strcmp(x->entry->path, y->entry->path);
}

int vigie_inventory_collect(json_t **out, const struct vigie_collect_ctx *ctx,
			    struct vigie_error *err)
{
	struct vigie_snapshot *snap = ctx->snap;
	struct vigie_buf scratch = VIGIE_BUF_INIT;
	struct hits h = { NULL, 0, 0 };
	struct glob_index gi;
	size_t i, n = vigie_snapshot_count(snap), listed = 0;
	json_t *inv = json_object();
	const char *prev = NULL;
	int rc = 0;

	*out = NULL;
	if (!inv)
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	glob_index_init(&gi);
	for (i = 0; i < n; i++) {
		if (classify(&h, vigie_snapshot_entry(snap, i), &gi, &scratch) < 0) {
			rc = vigie_error_set(err, VIGIE_ENOMEM, "",
					     "out of memory");
			goto out;
		}
	}
	if (h.n)
		qsort(h.v, h.n, sizeof(*h.v), cmp_hit);
	for (i = 0; i < h.n; i++) {
		const struct vigie_entry *e = h.v[i].entry;
		json_t *list = json_object_get(inv, h.v[i].role);
		json_t *item;

		if (!prev || strcmp(prev, h.v[i].role)) {
			listed = 0;
			prev = h.v[i].role;
		}
		if (listed++ >= ROLE_MAX)
			continue;
		if (!list) {
			list = json_array();
			json_object_set_new(inv, h.v[i].role, list);
		}
		item = json_pack("{s:o, s:I}", "path", vigie_json_str(e->path),
				 "size",
				 (json_int_t)vigie_snapshot_size(snap, e));
		if (e->kind == VIGIE_ENTRY_LINK)
			json_object_set_new(item, "link", json_true());
		json_array_append_new(list, item);
	}
	drop_html_pages(inv);
	*out = inv;
	inv = NULL;
out:
	json_decref(inv);
	free(h.v);
	vigie_buf_release(&scratch);
	return rc;
}
