/* SPDX-License-Identifier: EUPL-1.2 */
/* Which community files to draft for a scorecard, filled from its facts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "git2_api.h"

#include "vigie/date.h"
#include "vigie/fix.h"
#include "vigie/target.h"
#include "vigie/i18n.h"
#include "internal.h"
#include "grow.h"
#include "banned.h"

/* A kept file read back for --amend, at most this large. */
#define AMEND_READ_MAX (1024 * 1024)
/* Release tags listed in a drafted CHANGELOG, at most. */
#define TAGS_MAX 50
/* Languages of the translations named in a CONTRIBUTING draft, at most. */
#define LANGS_LISTED 20
/* Maintainers listed from the history (--identities), at most. */
#define PEOPLE_MAX 5

enum forge {
	FORGE_ANY,
	FORGE_GITHUB,
	FORGE_GITLAB,
	FORGE_COUNT
};

/*
 * One draft: its template (under templates/LANG/), where it goes, the role
 * the inventory gives such a file, the forge it is for, the rules whose
 * failure calls for it (presence) and the rules a new draft answers too
 * (content; "rule?var" only when that value is set), the section appended
 * with --amend, and a value without which nothing is drafted.
 */
struct draft {
	const char *tmpl;
	const char *path;
	const char *role;
	enum forge forge;
	const char *const *present;
	const char *const *content;
	const char *amend;
	const char *needs;
	const char *hint; /* why it was not drafted, when needs or forge fail */
};

static const char hint_forge[] = N_(
	"issue and pull request templates are drafted for GitHub or GitLab: "
	"name the forge in the origin remote");

#define LIST(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const struct draft drafts[] = {
	{ "CONTRIBUTING.md", "CONTRIBUTING.md", "contributing", FORGE_ANY,
	  LIST("contributing.present", "profile.contributing",
	       "codegouvfr.contributing", "spc.contributing"),
	  LIST("contributing.report", "contributing.propose",
	       "contributing.kinds", "contributing.ip_terms",
	       "translation.policy?translations"),
	  "amend-contributing.md", NULL },
	{ "CODE_OF_CONDUCT.md", "CODE_OF_CONDUCT.md", "code_of_conduct",
	  FORGE_ANY,
	  LIST("code_of_conduct.present", "profile.code_of_conduct",
	       "codegouvfr.code_of_conduct", "spc.code_of_conduct"),
	  LIST("code_of_conduct.substantive"), NULL, NULL },
	{ "GOVERNANCE.md", "GOVERNANCE.md", "governance", FORGE_ANY,
	  LIST("governance.present", "codegouvfr.governance",
	       "spc.governance"),
	  LIST("maintainers.listed"), NULL, NULL },
	{ "SECURITY.md", "SECURITY.md", "security", FORGE_ANY,
	  LIST("security.policy", "profile.security"),
	  LIST("security.disclosure", "security.private_channel?security_url"),
	  "amend-security.md", NULL },
	{ "CHANGELOG.md", "CHANGELOG.md", "changelog", FORGE_ANY,
	  LIST("changelog.present", "codegouvfr.changelog"),
	  LIST("spc.maturity"), NULL, NULL },
	{ "publiccode.yml", "publiccode.yml", "publiccode", FORGE_ANY,
	  LIST("metadata.catalogue", "fr.publiccode.present", "spc.findable"),
	  LIST("metadata.publiccode_valid", "fr.publiccode.valid",
	       "fr.publiccode.french?lang_fr", "website.published?landing_url",
	       "codegouvfr.homepage?landing_url"),
	  NULL, NULL },
	{ "codemeta.json", "codemeta.json", "codemeta", FORGE_ANY,
	  LIST("metadata.catalogue", "spc.findable"),
	  LIST("metadata.codemeta_valid"), NULL, NULL },
	{ "bug_report.md", ".github/ISSUE_TEMPLATE/bug_report.md",
	  "issue_template", FORGE_GITHUB,
	  LIST("tracker.templates", "profile.issue_templates"),
	  LIST("tracker.open", "spc.tracker"), NULL, NULL, hint_forge },
	{ "feature_request.md", ".github/ISSUE_TEMPLATE/feature_request.md",
	  "issue_template", FORGE_GITHUB,
	  LIST("tracker.templates", "profile.issue_templates"),
	  LIST("tracker.open", "spc.tracker"), NULL, NULL, hint_forge },
	{ "pull_request.md", ".github/pull_request_template.md", "pr_template",
	  FORGE_GITHUB, LIST("tracker.pr_template", "profile.pr_template"),
	  LIST(NULL), NULL, NULL, hint_forge },
	{ "bug_report.md", ".gitlab/issue_templates/Bug.md", "issue_template",
	  FORGE_GITLAB, LIST("tracker.templates", "profile.issue_templates"),
	  LIST("tracker.open", "spc.tracker"), NULL, NULL, hint_forge },
	{ "feature_request.md", ".gitlab/issue_templates/Feature.md",
	  "issue_template", FORGE_GITLAB,
	  LIST("tracker.templates", "profile.issue_templates"),
	  LIST("tracker.open", "spc.tracker"), NULL, NULL, hint_forge },
	{ "pull_request.md", ".gitlab/merge_request_templates/Default.md",
	  "pr_template", FORGE_GITLAB,
	  LIST("tracker.pr_template", "profile.pr_template"), LIST(NULL),
	  NULL, NULL, hint_forge },
	/* No template: the text is the license's own (--license ID). */
	{ NULL, "LICENSE", "license", FORGE_ANY,
	  LIST("license.present", "profile.license", "spc.license"),
	  LIST("license.libre", "license.identified", "license.consistent",
	       "license.fr_authorised", "license.fr_identified"),
	  NULL, "license_text", N_("'vigie fix --license ID' drafts it") },
};

/*
 * The license texts kept whole, by SPDX id: rules/licenses/texts/ (the
 * SPDX texts, English) and rules/licenses/extra/ (official French texts).
 */
static const struct {
	const char *id;
	const char *file[2]; /* en, fr: NULL when not kept */
} license_texts[] = {
	{ "0BSD", { "texts/0BSD.txt", NULL } },
	{ "AGPL-3.0-only", { "texts/AGPL-3.0.txt", NULL } },
	{ "AGPL-3.0-or-later", { "texts/AGPL-3.0.txt", NULL } },
	{ "Apache-2.0", { "texts/Apache-2.0.txt", NULL } },
	{ "BSD-2-Clause", { "texts/BSD-2-Clause.txt", NULL } },
	{ "BSD-3-Clause", { "texts/BSD-3-Clause.txt", NULL } },
	{ "CC-BY-4.0", { "texts/CC-BY-4.0.txt", NULL } },
	{ "CC-BY-SA-4.0", { "texts/CC-BY-SA-4.0.txt", NULL } },
	{ "CC0-1.0", { "texts/CC0-1.0.txt", NULL } },
	{ "CECILL-2.1", { "texts/CECILL-2.1.txt", "extra/CECILL-2.1.fr.txt" } },
	{ "CECILL-B", { NULL, "extra/CECILL-B.fr.txt" } },
	{ "CECILL-C", { NULL, "extra/CECILL-C.fr.txt" } },
	{ "EPL-2.0", { "texts/EPL-2.0.txt", NULL } },
	{ "etalab-2.0", { "extra/etalab-2.0.en.txt", "extra/etalab-2.0.fr.txt" } },
	{ "EUPL-1.2", { "texts/EUPL-1.2.txt", "extra/EUPL-1.2.fr.txt" } },
	{ "GPL-2.0-only", { "texts/GPL-2.0.txt", NULL } },
	{ "GPL-2.0-or-later", { "texts/GPL-2.0.txt", NULL } },
	{ "GPL-3.0-only", { "texts/GPL-3.0.txt", NULL } },
	{ "GPL-3.0-or-later", { "texts/GPL-3.0.txt", NULL } },
	{ "ISC", { "texts/ISC.txt", NULL } },
	{ "LGPL-2.1-only", { "texts/LGPL-2.1.txt", NULL } },
	{ "LGPL-2.1-or-later", { "texts/LGPL-2.1.txt", NULL } },
	{ "LGPL-3.0-only", { "texts/LGPL-3.0.txt", NULL } },
	{ "LGPL-3.0-or-later", { "texts/LGPL-3.0.txt", NULL } },
	{ "MIT", { "texts/MIT.txt", NULL } },
	{ "MIT-0", { "texts/MIT-0.txt", NULL } },
	{ "MPL-2.0", { "texts/MPL-2.0.txt", NULL } },
	{ "ODbL-1.0", { "texts/ODbL-1.0.txt", NULL } },
	{ "Unlicense", { "texts/Unlicense.txt", NULL } },
};

/* ---- what the repository says beyond the scorecard --------------------- */

struct repo {
	git_repository *git;
	git_tree *tree;       /* the audited commit's */
	enum forge forge;
	char *web;            /* https://HOST/OWNER/NAME, or NULL */
	char *name;           /* the last part of the origin's path, or NULL */
};

static void repo_close(struct repo *r)
{
	git_tree_free(r->tree);
	git_repository_free(r->git);
	free(r->web);
	free(r->name);
}

int vigie_fix_git_fail(struct vigie_error *err, const char *where,
		       const char *what)
{
	const git_error *e = git_error_last();

	return vigie_error_set(err, VIGIE_EGENERIC, where, "%s: %s", what,
			       e && e->message ? e->message : "libgit2 error");
}

static bool host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static bool path_char(char c)
{
	return host_char(c) || c == '_' || c == '/';
}

/*
 * The web address of an origin on a forge: https://host/path from
 * https://[user@]host/path[.git], ssh://[user@]host/path or
 * user@host:path, when every character is a plain one; NULL otherwise.
 */
static char *web_of(const char *url, enum forge *forge, char **name)
{
	const char *host, *path, *p;
	size_t hn, pn;
	char *web, *slash;

	if (!strncmp(url, "https://", 8) || !strncmp(url, "http://", 7) ||
	    !strncmp(url, "ssh://", 6) || !strncmp(url, "git://", 6))
		host = strstr(url, "://") + 3;
	else if (strchr(url, '@') && strchr(url, ':') &&
		 strchr(url, '@') < strchr(url, ':'))
		host = strchr(url, '@') + 1;
	else
		return NULL;
	p = strchr(host, '/');
	if (strchr(host, '@') && (!p || strchr(host, '@') < p))
		host = strchr(host, '@') + 1;
	for (hn = 0; host_char(host[hn]); hn++)
		;
	if (!hn || (host[hn] != '/' && host[hn] != ':'))
		return NULL;
	path = host + hn + 1;
	/* ssh://host:port/path: skip the port. */
	if (host[hn] == ':' && path[0] >= '0' && path[0] <= '9' &&
	    strchr(path, '/'))
		path = strchr(path, '/') + 1;
	for (pn = 0; path_char(path[pn]); pn++)
		;
	if (path[pn] || pn < 3 || strstr(path, ".."))
		return NULL;
	while (pn && path[pn - 1] == '/')
		pn--;
	if (pn > 4 && !strncmp(path + pn - 4, ".git", 4))
		pn -= 4;
	if (!memchr(path, '/', pn))
		return NULL;
	web = malloc(hn + pn + 10);
	if (!web)
		return NULL;
	snprintf(web, hn + pn + 10, "https://%.*s/%.*s", (int)hn, host,
		 (int)pn, path);
	if (!strncmp(host, "github.com", hn) && hn == 10)
		*forge = FORGE_GITHUB;
	else if ((hn >= 6 && !strncmp(host, "gitlab", 6)) ||
		 strstr(web, ".gitlab.") || strstr(web, "/gitlab."))
		*forge = FORGE_GITLAB;
	slash = strrchr(web, '/');
	*name = strdup(slash + 1);
	return web;
}

static int repo_open(struct repo *r, const struct vigie_scorecard *sc,
		     const char *gitdir, struct vigie_error *err)
{
	git_oid oid;
	git_commit *commit = NULL;
	git_remote *remote = NULL;
	const char *kind;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	if (git_repository_open_bare(&r->git, gitdir) < 0 &&
	    git_repository_open(&r->git, gitdir) < 0)
		return vigie_fix_git_fail(err, gitdir,
					  "cannot open repository");
	if (!sc->commit || git_oid_fromstr(&oid, sc->commit) < 0 ||
	    git_commit_lookup(&commit, r->git, &oid) < 0 ||
	    git_commit_tree(&r->tree, commit) < 0) {
		rc = vigie_fix_git_fail(err, gitdir,
					N_("cannot read the audited commit"));
		goto out;
	}
	if (git_remote_lookup(&remote, r->git, "origin") == 0 &&
	    git_remote_url(remote))
		r->web = web_of(git_remote_url(remote), &r->forge, &r->name);
	else if (sc->url)
		r->web = web_of(sc->url, &r->forge, &r->name);
	/* The forge's own word wins over the host's name. */
	kind = json_string_value(json_object_get(
		json_object_get(sc->facts, "forge"), "kind"));
	if (kind && !strcmp(kind, "github"))
		r->forge = FORGE_GITHUB;
	else if (kind && !strcmp(kind, "gitlab"))
		r->forge = FORGE_GITLAB;
out:
	git_remote_free(remote);
	git_commit_free(commit);
	if (rc < 0)
		repo_close(r);
	return rc;
}

/* Does anything stand at path in the audited tree or the work tree? */
static bool exists(const struct repo *r, const char *workdir,
		   const char *path)
{
	git_tree_entry *e = NULL;
	char full[4096];
	FILE *f;

	if (git_tree_entry_bypath(&e, r->tree, path) == 0) {
		git_tree_entry_free(e);
		return true;
	}
	if (!workdir)
		return false;
	snprintf(full, sizeof(full), "%s/%s", workdir, path);
	f = fopen(full, "rb");
	if (f)
		fclose(f);
	return f != NULL || vigie_fix_lstat_exists(full);
}

/* ---- the values templates are filled with ------------------------------ */

static const char *fact_str(const json_t *facts, const char *a, const char *b,
			    const char *c)
{
	const json_t *v = json_object_get(facts, a);

	if (b)
		v = json_object_get(v, b);
	if (c)
		v = json_object_get(v, c);
	return json_string_value(v);
}

static void set(json_t *vars, const char *key, const char *value)
{
	json_object_set_new(vars, key, json_string(value ? value : ""));
}

/* Markdown table cells and YAML/JSON scalars get no line breaks nor '|'. */
static void add_cell(struct vigie_buf *b, const char *text)
{
	struct vigie_buf esc = VIGIE_BUF_INIT;
	const char *s;

	if (text)
		vigie_escape_text(&esc, text, strlen(text));
	for (s = esc.ptr; s && *s; s++)
		vigie_buf_putc(b, (*s == '|' || (unsigned char)*s < 0x20) ? ' '
									 : *s);
	vigie_buf_release(&esc);
}

struct tag {
	char *name;
	int64_t time;
};

static int cmp_tag(const void *a, const void *b)
{
	const struct tag *x = a, *y = b;

	return x->time < y->time ? 1 : x->time > y->time ? -1
							 : strcmp(x->name, y->name);
}

struct tags {
	struct tag *v;
	size_t n, alloc;
	git_repository *git;
};

static int tag_cb(const char *name, git_oid *oid, void *payload)
{
	struct tags *t = payload;
	git_object *obj = NULL, *peeled = NULL;
	const char *short_name = name + strlen("refs/tags/");
	size_t i;

	if (git_object_lookup(&obj, t->git, oid, GIT_OBJECT_ANY) < 0 ||
	    git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0)
		goto out;
	/* A tag's name from the repository: plain characters only. */
	for (i = 0; short_name[i]; i++)
		if (!path_char(short_name[i]) && short_name[i] != '+')
			goto out;
	if (!i || i > 100)
		goto out;
	if (vigie_grow(&t->v, &t->alloc, t->n + 1, 16) < 0)
		goto out;
	t->v[t->n].name = strdup(short_name);
	t->v[t->n].time = git_commit_time((git_commit *)peeled);
	if (t->v[t->n].name)
		t->n++;
out:
	git_object_free(peeled);
	git_object_free(obj);
	return 0;
}

static void date_of(char out[VIGIE_DATE_MAX], int64_t t)
{
	if (!vigie_date_format(out, t, VIGIE_DATE_DAY))
		vigie_date_format(out, 0, VIGIE_DATE_DAY);
}

/* "## [v1.2] - 2026-01-01" for each release tag, newest first. */
static void changelog_releases(json_t *vars, const struct repo *r,
			       enum vigie_lang lang)
{
	struct tags t = { NULL, 0, 0, r->git };
	struct vigie_buf b = VIGIE_BUF_INIT, links = VIGIE_BUF_INIT;
	size_t i;
	char date[VIGIE_DATE_MAX];

	git_tag_foreach(r->git, tag_cb, &t);
	if (t.n)
		qsort(t.v, t.n, sizeof(*t.v), cmp_tag);
	for (i = 0; i < t.n && i < TAGS_MAX; i++) {
		date_of(date, t.v[i].time);
		vigie_buf_printf(&b, "\n## [%s] - %s\n\n", t.v[i].name, date);
		vigie_buf_puts(&b, vigie_i18n_text(lang, N_("- TODO: summarise "
					  "the changes of this release.\n")));
		if (!links.len && r->web && r->forge != FORGE_ANY)
			vigie_buf_putc(&links, '\n');
		if (r->web && r->forge == FORGE_GITHUB)
			vigie_buf_printf(&links, "[%s]: %s/releases/tag/%s\n",
					 t.v[i].name, r->web, t.v[i].name);
		else if (r->web && r->forge == FORGE_GITLAB)
			vigie_buf_printf(&links, "[%s]: %s/-/tags/%s\n",
					 t.v[i].name, r->web, t.v[i].name);
	}
	set(vars, "releases", b.ptr);
	set(vars, "release_links", links.ptr);
	for (i = 0; i < t.n; i++)
		free(t.v[i].name);
	free(t.v);
	vigie_buf_release(&b);
	vigie_buf_release(&links);
}

static void maintainers(json_t *vars, const json_t *facts)
{
	const json_t *people = json_object_get(json_object_get(facts, "history"),
					       "people");
	struct vigie_buf b = VIGIE_BUF_INIT;
	const json_t *p;
	size_t i;

	json_array_foreach(people, i, p) {
		if (i == PEOPLE_MAX)
			break;
		vigie_buf_puts(&b, "| ");
		add_cell(&b, json_string_value(json_object_get(p, "name")));
		vigie_buf_puts(&b, " | ");
		add_cell(&b, json_string_value(json_object_get(p, "email")));
		vigie_buf_puts(&b, " |\n");
	}
	set(vars, "maintainers", b.ptr);
	vigie_buf_release(&b);
}

/* The development status publiccode.yml knows, from the history. */
static const char *dev_status(const json_t *facts)
{
	const json_t *h = json_object_get(facts, "history");
	const json_t *rel = json_object_get(h, "releases");

	if (json_integer_value(json_object_get(h, "last_commit_days")) > 730)
		return "obsolete";
	if (json_integer_value(json_object_get(rel, "total")) >= 1)
		return "stable";
	return "development";
}

static void languages(json_t *vars, const json_t *facts, enum vigie_lang lang)
{
	const json_t *readme = json_object_get(facts, "readme");
	struct vigie_buf yml = VIGIE_BUF_INIT, js = VIGIE_BUF_INIT;
	const char *seen[16];
	size_t n = 0, i, j;
	const json_t *v;

	seen[n++] = vigie_lang_name(lang);
	json_array_foreach(json_object_get(readme, "languages"), i, v)
		if (json_string_value(v) && n < 16)
			seen[n++] = json_string_value(v);
	json_array_foreach(json_object_get(readme, "translation_languages"), i,
			   v) if (json_string_value(v) && n < 16)
		seen[n++] = json_string_value(v);
	for (i = 0; i < n; i++) {
		bool dup = false, plain = strlen(seen[i]) <= 8;
		for (j = 0; j < i; j++)
			dup |= !strcmp(seen[i], seen[j]);
		for (j = 0; seen[i][j]; j++)
			plain &= host_char(seen[i][j]) && seen[i][j] != '.';
		if (dup || !plain)
			continue;
		vigie_buf_printf(&yml, "    - %s\n", seen[i]);
		vigie_buf_printf(&js, "%s\"%s\"", js.len ? ", " : "", seen[i]);
	}
	set(vars, "languages_yml", yml.ptr);
	set(vars, "languages_json", js.ptr);
	vigie_buf_release(&yml);
	vigie_buf_release(&js);
}

/* A text from the repository as a double-quoted YAML/JSON scalar body. */
static char *quoted(const char *text, size_t max)
{
	struct vigie_buf b = VIGIE_BUF_INIT, esc = VIGIE_BUF_INIT;
	const char *s;
	size_t n = 0;

	/* Controls and bidirectional overrides escaped, as text output is. */
	if (text)
		vigie_escape_text(&esc, text, strlen(text));
	for (s = esc.ptr; s && *s && n < max; s++, n++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			vigie_buf_putc(&b, '\\');
		vigie_buf_putc(&b, c < 0x20 ? ' ' : (char)c);
	}
	vigie_buf_release(&esc);
	return vigie_buf_detach(&b, NULL);
}

static const char *base_name(const char *path, char *buf, size_t size)
{
	size_t n = strlen(path);
	const char *s;

	while (n && path[n - 1] == '/')
		n--;
	if (n >= 5 && !strncmp(path + n - 5, "/.git", 5))
		n -= 5;
	else if (n > 4 && !strncmp(path + n - 4, ".git", 4))
		n -= 4;
	for (s = path + n; s > path && s[-1] != '/'; s--)
		;
	snprintf(buf, size, "%.*s", (int)(path + n - s), s);
	return buf;
}

/*
 * A copyright line among a text's first lines ("Copyright (c) <year>
 * <owner>", or the ISC's own) becomes this year's, with the holders left
 * as a TODO for a person; the rest of the text is kept as it is.
 */
static int set_license_text(json_t *vars, const char *data, size_t len)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	const char *p = data, *end = data + len, *nl;
	time_t now = time(NULL);
	struct tm tm;
	int line = 0, rc = 0;

	gmtime_r(&now, &tm);
	while (p < end && rc == 0) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl ? nl + 1 : end;
		if (line++ < 5 && !strncmp(p, "Copyright", 9))
			rc = vigie_buf_printf(&b, "Copyright (c) %d TODO: the "
					      "copyright holders\n",
					      tm.tm_year + 1900);
		else
			rc = vigie_buf_add(&b, p, (size_t)(nl - p));
		p = nl;
	}
	if (rc == 0)
		set(vars, "license_text", b.ptr ? b.ptr : "");
	vigie_buf_release(&b);
	return rc;
}

/*
 * The template name in lang (its name into tname): rules/templates/LANG/,
 * else the English one, for a language without templates of its own.
 */
static const char *lang_template(enum vigie_lang lang, const char *name,
				 char *tname, size_t n, size_t *len)
{
	const char *t;

	snprintf(tname, n, "%s/%s", vigie_lang_name(lang), name);
	t = vigie_fix_template(tname, len);
	if (t || lang == VIGIE_LANG_EN)
		return t;
	snprintf(tname, n, "en/%s", name);
	return vigie_fix_template(tname, len);
}

/* The language of the drafts: lang when it has templates, else English. */
static enum vigie_lang drafts_lang(enum vigie_lang lang)
{
	char tname[64];

	snprintf(tname, sizeof(tname), "%s/CONTRIBUTING.md",
		 vigie_lang_name(lang));
	return vigie_fix_template(tname, NULL) ? lang : VIGIE_LANG_EN;
}

static int license_text(json_t *vars, const char *id, enum vigie_lang lang,
			struct vigie_error *err)
{
	struct vigie_buf known = VIGIE_BUF_INIT;
	char key[128];
	const char *data, *file;
	size_t i, len;

	set(vars, "license_text", "");
	if (!id)
		return 0;
	for (i = 0; i < VIGIE_ARRAY_SIZE(license_texts); i++) {
		if (strcmp(license_texts[i].id, id))
			continue;
		/* the text in lang, else the other kept one */
		file = license_texts[i].file[lang == VIGIE_LANG_FR];
		if (!file)
			file = license_texts[i].file[!(lang == VIGIE_LANG_FR)];
		snprintf(key, sizeof(key), "licenses/%s", file);
		data = vigie_rules_embedded_data(key, &len);
		if (data)
			return set_license_text(vars, data, len);
	}
	for (i = 0; i < VIGIE_ARRAY_SIZE(license_texts); i++)
		vigie_buf_printf(&known, "%s%s", i ? ", " : "",
				 license_texts[i].id);
	vigie_error_set(err, VIGIE_ENOTFOUND, id,
			N_("no license text kept for this id (kept: %s)"),
			known.ptr);
	vigie_buf_release(&known);
	return VIGIE_ENOTFOUND;
}

/* The README's first heading when it is a title (level 1, a short name). */
static const char *readme_title(const json_t *facts)
{
	const json_t *h = json_array_get(json_object_get(
		json_object_get(facts, "readme"), "headings"), 0);
	const char *t = json_string_value(json_object_get(h, "text"));
	size_t i, n = t ? strlen(t) : 0;

	if (json_integer_value(json_object_get(h, "level")) != 1 || !n ||
	    n > 40)
		return NULL;
	for (i = 0; i < n; i++)
		if ((unsigned char)t[i] < 0x20 || strchr("[]()<>`*|\\\"{}", t[i]))
			return NULL;
	return t;
}

static int fill_vars(json_t *vars, const struct vigie_scorecard *sc,
		     const struct repo *r, const char *gitdir,
		     const struct vigie_fix_opts *opts, struct vigie_error *err)
{
	const json_t *facts = sc->facts;
	const json_t *tr = json_object_get(facts, "translation");
	struct vigie_buf b = VIGIE_BUF_INIT;
	const char *s, *desc;
	char name_buf[256], date[VIGIE_DATE_MAX];
	char *q;
	const json_t *v;
	size_t i;
	double signoff;
	enum vigie_lang dl = drafts_lang(opts->lang);
	char args[32];
	int nargs;

	s = fact_str(facts, "metadata", "publiccode", "name");
	if (!s || !*s)
		s = r->name;
	if (!s || !*s)
		s = readme_title(facts);
	if (!s || !*s)
		s = base_name(opts->workdir ? opts->workdir : gitdir, name_buf,
			      sizeof(name_buf));
	q = quoted(s, 100);
	set(vars, "name", q);
	free(q);
	set(vars, "repo_url", r->web);
	set(vars, "forge_github", r->forge == FORGE_GITHUB ? "yes" : "");
	set(vars, "forge_gitlab", r->forge == FORGE_GITLAB ? "yes" : "");
	set(vars, "forge_known", r->forge != FORGE_ANY ? "yes" : "");
	s = json_string_value(json_object_get(
		json_array_get(json_object_get(json_object_get(json_object_get(
						       facts, "readme"),
					       "links"),
				       "issue_tracker"),
			       0),
		"url"));
	if (r->web && r->forge == FORGE_GITHUB)
		vigie_buf_printf(&b, "%s/issues", r->web);
	else if (r->web && r->forge == FORGE_GITLAB)
		vigie_buf_printf(&b, "%s/-/issues", r->web);
	/* No forge known: the tracker the README links to, if plain. */
	if (!b.len && s && !strncmp(s, "https://", 8) &&
	    !strpbrk(s, "\"\\ <>()[]`\n\t") && strlen(s) < 300)
		vigie_buf_puts(&b, s);
	set(vars, "tracker_url", b.ptr);
	vigie_buf_clear(&b);
	if (r->web && r->forge == FORGE_GITHUB)
		vigie_buf_printf(&b, "%s/security/advisories/new", r->web);
	else if (r->web && r->forge == FORGE_GITLAB)
		vigie_buf_printf(&b, "%s/-/issues/new?issue[confidential]=true",
				 r->web);
	set(vars, "security_url", b.ptr);
	vigie_buf_clear(&b);

	signoff = json_number_value(json_object_get(
		json_object_get(facts, "history"), "signoff_share"));
	set(vars, "signoff_practised", signoff >= 0.5 ? "yes" : "");

	/* Translations: the languages and a file outside the tests. */
	json_array_foreach(json_object_get(tr, "languages"), i, v)
		if (json_string_value(v) && i < LANGS_LISTED)
			vigie_buf_printf(&b, "%s%s", i ? ", " : "",
					 json_string_value(v));
	if (json_array_size(json_object_get(tr, "languages")) > LANGS_LISTED &&
	    (nargs = vigie_msg_args(args, sizeof(args), N_(" and %zu more"),
				    json_array_size(json_object_get(
					    tr, "languages")) -
					    LANGS_LISTED)) >= 0)
		vigie_msg_render(&b, dl, N_(" and %zu more"), args,
				 (size_t)nargs);
	set(vars, "translations", b.ptr);
	vigie_buf_clear(&b);
	s = NULL;
	json_array_foreach(json_object_get(tr, "paths"), i, v)
		if (json_string_value(v) && !strstr(json_string_value(v), "test") &&
		    (!s || strlen(json_string_value(v)) < strlen(s)))
			s = json_string_value(v);
	if (!s)
		s = json_string_value(json_array_get(json_object_get(tr, "paths"), 0));
	if (s) {
		vigie_escape_text(&b, s, strlen(s));
		set(vars, "translation_path", b.ptr);
		vigie_buf_clear(&b);
	} else {
		set(vars, "translation_path", "");
	}

	s = fact_str(facts, "license", "expression", NULL);
	if (s && (!strcmp(s, "NONE") || !strcmp(s, "NOASSERTION") ||
		  strpbrk(s, "\"\\\n")))
		s = NULL;
	set(vars, "license", opts->license ? opts->license : s);
	maintainers(vars, facts);
	changelog_releases(vars, r, dl);
	date_of(date, sc->as_of ? sc->as_of : sc->commit_time);
	set(vars, "date", date);
	set(vars, "dev_status", dev_status(facts));
	set(vars, "lang", vigie_lang_name(dl));
	set(vars, "lang_fr", dl == VIGIE_LANG_FR ? "yes" : "");
	languages(vars, facts, dl);

	/* What the project is, in its own words when it has some. */
	desc = fact_str(facts, "forge", "description", NULL);
	if (!desc || !*desc)
		desc = fact_str(facts, "readme", "purpose", "text");
	q = quoted(desc, 140);
	set(vars, "description", q);
	free(q);
	s = fact_str(facts, "forge", "homepage", NULL);
	if (!s || strncmp(s, "https://", 8))
		s = fact_str(facts, "readme", "links", "website");
	if (s && !strncmp(s, "https://", 8) && !strpbrk(s, "\"\\ \n\t")) {
		set(vars, "landing_url", s);
	} else {
		set(vars, "landing_url", "");
	}
	set(vars, "conduct_path", "");
	/* fail_RULE: set by --amend for each content rule that fails. */
	for (i = 0; i < VIGIE_ARRAY_SIZE(drafts); i++) {
		const char *const *l;
		for (l = drafts[i].content; *l; l++) {
			size_t k, len = strcspn(*l, "?");
			vigie_buf_clear(&b);
			vigie_buf_printf(&b, "fail_%.*s", (int)len, *l);
			for (k = 0; k < b.len; k++)
				if (b.ptr[k] == '.')
					b.ptr[k] = '_';
			set(vars, b.ptr, "");
		}
	}
	vigie_buf_release(&b);
	return license_text(vars, opts->license, opts->lang, err);
}

/* ---- the plan ---------------------------------------------------------- */

static const struct vigie_result *result_of(const struct vigie_scorecard *sc,
					    const char *id)
{
	size_t i;

	for (i = 0; i < sc->count; i++)
		if (!strcmp(sc->results[i].rule->id, id))
			return &sc->results[i];
	return NULL;
}

static bool failing(const struct vigie_scorecard *sc, const char *id)
{
	const struct vigie_result *r = result_of(sc, id);

	return r && (r->status == VIGIE_STATUS_FAIL ||
		     r->status == VIGIE_STATUS_PARTIAL);
}

static bool skipped(const struct vigie_scorecard *sc, const char *id)
{
	const struct vigie_result *r = result_of(sc, id);

	return r && r->status == VIGIE_STATUS_SKIP;
}

/* "rule?var": is the rule's condition met?  *len gets the id's length. */
static bool condition(const char *item, const json_t *vars, size_t *len)
{
	const char *q = strchr(item, '?');
	const char *v;

	*len = q ? (size_t)(q - item) : strlen(item);
	if (!q)
		return true;
	v = json_string_value(json_object_get(vars, q + 1));
	return v && *v;
}

static bool named(const struct vigie_fix_opts *opts, const char *id,
		  size_t len)
{
	size_t i;

	for (i = 0; i < opts->nonly; i++)
		if (strlen(opts->only[i]) == len &&
		    !strncmp(opts->only[i], id, len))
			return true;
	return false;
}

static bool named_presence(const struct draft *d,
			   const struct vigie_fix_opts *opts)
{
	const char *const *l;

	for (l = d->present; *l; l++)
		if (named(opts, *l, strlen(*l)))
			return true;
	return false;
}

/* Is the draft wanted by --only (no --only: every draft is)? */
static bool wanted(const struct draft *d, const struct vigie_fix_opts *opts)
{
	const char *const *l;
	size_t len;

	if (!opts->nonly)
		return true;
	for (l = d->present; *l; l++)
		if (named(opts, *l, strlen(*l)))
			return true;
	for (l = d->content; *l; l++) {
		len = strcspn(*l, "?");
		if (named(opts, *l, len))
			return true;
	}
	return false;
}

static bool role_present(const json_t *facts, const char *role)
{
	return json_array_size(json_object_get(
		       json_object_get(facts, "inventory"), role)) > 0;
}

static json_t *answered(const struct vigie_scorecard *sc,
			const struct draft *d, const json_t *vars,
			bool content_only)
{
	json_t *out = json_array();
	const char *const *l;
	const char *const *lists[2] = { d->present, d->content };
	char id[128];
	size_t k, len;

	for (k = content_only ? 1 : 0; k < 2; k++)
		for (l = lists[k]; *l; l++) {
			if (!condition(*l, vars, &len) || len >= sizeof(id))
				continue;
			memcpy(id, *l, len);
			id[len] = '\0';
			/* A content rule skipped for want of the file counts:
			 * the draft makes it pass. */
			if (failing(sc, id) || skipped(sc, id))
				json_array_append_new(out, json_string(id));
		}
	return out;
}

/* The lines of text holding "TODO", for the checklist. */
static json_t *todos(const char *text)
{
	json_t *out = json_array();
	const char *line = text;
	unsigned n = 1;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		const char *t = memmem(line, len, "TODO", 4);

		if (t) {
			size_t tl = len - (size_t)(t - line);
			/* A TODO inside a quoted value or a table row. */
			while (tl && strchr("\" |,", t[tl - 1]))
				tl--;
			json_array_append_new(
				out, json_pack("{s:I, s:s%}", "line",
					       (json_int_t)n, "text", t,
					       tl > 200 ? (size_t)200 : tl));
		}
		line = end ? end + 1 : NULL;
		n++;
	}
	return out;
}

static int add_file(struct vigie_fix *fix, const char *path, char *content,
		    char *old, json_t *rules)
{
	struct vigie_fix_file *nv =
		realloc(fix->files, (fix->count + 1) * sizeof(*nv));
	struct vigie_fix_file *f;

	if (!nv) {
		free(content);
		free(old);
		json_decref(rules);
		return VIGIE_EGENERIC;
	}
	fix->files = nv;
	f = &fix->files[fix->count++];
	memset(f, 0, sizeof(*f));
	f->path = strdup(path);
	f->content = content;
	f->old = old;
	f->append = old != NULL;
	f->rules = rules;
	f->todo = todos(content);
	return f->path ? 0 : VIGIE_EGENERIC;
}

/* The current text of a kept file, from the work tree or the tree. */
static char *read_kept(const struct repo *r, const char *workdir,
		       const char *path)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	char *out = NULL;

	if (workdir) {
		char full[4096];
		snprintf(full, sizeof(full), "%s/%s", workdir, path);
		if (vigie_fix_read_file(&b, full, AMEND_READ_MAX) == 0)
			return vigie_buf_detach(&b, NULL);
		vigie_buf_release(&b);
	}
	if (git_tree_entry_bypath(&e, r->tree, path) < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    git_blob_lookup(&blob, r->git, git_tree_entry_id(e)) < 0 ||
	    git_blob_rawsize(blob) > AMEND_READ_MAX ||
	    memchr(git_blob_rawcontent(blob), 0, (size_t)git_blob_rawsize(blob)))
		goto out;
	out = strndup(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
out:
	git_blob_free(blob);
	git_tree_entry_free(e);
	return out;
}

/* The section appended by --amend carries this line: never twice. */
#define AMEND_MARK "<!-- vigie fix -->"

static int plan_amend(struct vigie_fix *fix, const struct vigie_scorecard *sc,
		      const struct draft *d, const struct repo *r,
		      json_t *vars, const struct vigie_fix_opts *opts,
		      struct vigie_error *err)
{
	const json_t *entry = json_array_get(json_object_get(
		json_object_get(sc->facts, "inventory"), d->role), 0);
	const char *path = json_string_value(json_object_get(entry, "path"));
	json_t *rules = json_array();
	struct vigie_buf out = VIGIE_BUF_INIT;
	char tname[128], *old = NULL;
	const char *const *l;
	const char *tmpl;
	size_t len, sections = 0;
	int rc = 0;

	if (!path || strstr(path, ".."))
		goto out;
	tmpl = lang_template(opts->lang, d->amend, tname, sizeof(tname), &len);
	if (!tmpl) {
		rc = vigie_error_set(err, VIGIE_EINVALID, tname,
				     N_("template missing"));
		goto out;
	}
	/*
	 * One section per failing content rule (per rule named, with --only
	 * naming no presence rule of the file); the rules claimed are those
	 * whose section answers them (a private channel needs a forge).
	 */
	for (l = d->content; *l; l++) {
		char id[128], key[160], tag[176];
		size_t k, n = strcspn(*l, "?");
		bool met = condition(*l, vars, &n);

		snprintf(id, sizeof(id), "%.*s", (int)n, *l);
		if (!failing(sc, id) ||
		    (opts->nonly && !named(opts, id, n) &&
		     !named_presence(d, opts)))
			continue;
		snprintf(key, sizeof(key), "fail_%s", id);
		for (k = 0; key[k]; k++)
			if (key[k] == '.')
				key[k] = '_';
		snprintf(tag, sizeof(tag), "{{#%s}}", key);
		if (!strstr(tmpl, tag))
			continue; /* no section for it (translation.policy) */
		set(vars, key, "yes");
		sections++;
		if (met)
			json_array_append_new(rules, json_string(id));
	}
	/*
	 * Nothing claimed (a private channel without a forge): a section of
	 * TODO lines alone is not worth amending a file for, and the rule is
	 * on the checklist anyway.
	 */
	if (!sections || !json_array_size(rules))
		goto out;
	old = read_kept(r, opts->workdir, path);
	if (!old || strstr(old, AMEND_MARK))
		goto out;
	rc = vigie_fix_render(&out, tmpl, tname, vars, err);
	if (rc < 0)
		goto out;
	rc = add_file(fix, path, vigie_buf_detach(&out, NULL), old, rules);
	old = NULL;
	rules = NULL;
out:
	free(old);
	json_decref(rules);
	vigie_buf_release(&out);
	return rc;
}

static int plan_new(struct vigie_fix *fix, const struct vigie_scorecard *sc,
		    const struct draft *d, json_t *vars,
		    const struct vigie_fix_opts *opts, struct vigie_error *err)
{
	struct vigie_buf out = VIGIE_BUF_INIT;
	char tname[128];
	const char *tmpl;
	size_t len;
	int rc;

	if (!d->tmpl) /* the license: its text as it is */
		return add_file(fix, d->path,
				strdup(json_string_value(
					json_object_get(vars, "license_text"))),
				NULL, answered(sc, d, vars, false));
	tmpl = lang_template(opts->lang, d->tmpl, tname, sizeof(tname), &len);
	if (!tmpl)
		return vigie_error_set(err, VIGIE_EINVALID, tname,
				       N_("template missing"));
	rc = vigie_fix_render(&out, tmpl, tname, vars, err);
	if (rc == 0)
		rc = add_file(fix, d->path, vigie_buf_detach(&out, NULL), NULL,
			      answered(sc, d, vars, false));
	vigie_buf_release(&out);
	return rc;
}

void vigie_fix_opts_init(struct vigie_fix_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->version = VIGIE_FIX_OPTIONS_VERSION;
}

/*
 * Is the draft at row i to be written as a new file?  *blocked is set when
 * it would be but for its forge or a value it needs (its hint says why).
 */
static bool proposes_new(bool *blocked, const struct vigie_scorecard *sc,
			 const struct repo *r, size_t i, const json_t *vars,
			 const struct vigie_fix_opts *opts)
{
	const struct draft *d = &drafts[i];
	const char *const *l;
	const char *need;
	bool fails = false;

	*blocked = false;
	if (!wanted(d, opts))
		return false;
	for (l = d->present; *l; l++)
		fails |= failing(sc, *l);
	if (!fails || role_present(sc->facts, d->role) ||
	    exists(r, opts->workdir, d->path))
		return false;
	need = d->needs ? json_string_value(json_object_get(vars, d->needs))
			: "yes";
	if ((d->forge != FORGE_ANY && d->forge != r->forge) || !need ||
	    !*need) {
		*blocked = d->forge == FORGE_ANY || r->forge == FORGE_ANY;
		return false;
	}
	return true;
}

/* Why a rule's draft was not made, if a blocked row answers it. */
static const char *hint_for(const bool *blocked, const char *id)
{
	const char *const *l;
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(drafts); i++)
		for (l = drafts[i].present; blocked[i] && *l; l++)
			if (!strcmp(*l, id))
				return drafts[i].hint;
	return NULL;
}

/* A content rule of a kept file that --amend would answer. */
static const char *amend_hint(const struct vigie_scorecard *sc,
			      const json_t *vars, const char *id)
{
	const char *const *l;
	size_t i;

	char tag[160], tname[128];
	const char *tmpl;
	size_t k;

	snprintf(tag, sizeof(tag), "{{#fail_%s}}", id);
	for (k = 0; tag[k]; k++)
		if (tag[k] == '.')
			tag[k] = '_';
	for (i = 0; i < VIGIE_ARRAY_SIZE(drafts); i++) {
		if (!drafts[i].amend || !role_present(sc->facts, drafts[i].role))
			continue;
		/* The English template has the same sections as the French. */
		snprintf(tname, sizeof(tname), "en/%s", drafts[i].amend);
		tmpl = vigie_fix_template(tname, NULL);
		for (l = drafts[i].content; tmpl && *l; l++)
			if (condition(*l, vars, &k) && k == strlen(id) &&
			    !strncmp(*l, id, k) && strstr(tmpl, tag))
				return N_("'vigie fix --amend' appends a "
					  "section for it");
	}
	return NULL;
}

int vigie_fix_plan(struct vigie_fix *out, const struct vigie_scorecard *sc,
		   const char *gitdir, const struct vigie_fix_opts *opts,
		   struct vigie_error *err)
{
	struct repo r;
	json_t *vars = json_object(), *claimed = json_object();
	bool take[VIGIE_ARRAY_SIZE(drafts)];
	bool blocked[VIGIE_ARRAY_SIZE(drafts)];
	size_t i, j;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!opts || opts->version != VIGIE_FIX_OPTIONS_VERSION) {
		json_decref(vars);
		json_decref(claimed);
		return vigie_error_set(err, VIGIE_EINVALID, "",
				       "fix options of version %u; this library "
				       "reads version %u",
				       opts ? opts->version : 0,
				       VIGIE_FIX_OPTIONS_VERSION);
	}
	if (vigie_git2_load(err) < 0) {
		json_decref(vars);
		json_decref(claimed);
		return VIGIE_EGENERIC;
	}
	out->left = json_array();
	rc = repo_open(&r, sc, gitdir, err);
	if (rc < 0)
		goto done;
	rc = fill_vars(vars, sc, &r, gitdir, opts, err);
	if (rc < 0)
		goto out;
	for (i = 0; i < VIGIE_ARRAY_SIZE(drafts); i++) {
		take[i] = proposes_new(&blocked[i], sc, &r, i, vars, opts);
		if (take[i] && !strcmp(drafts[i].role, "code_of_conduct"))
			set(vars, "conduct_path", drafts[i].path);
	}
	/* A code of conduct kept already is named by the CONTRIBUTING draft. */
	if (role_present(sc->facts, "code_of_conduct")) {
		const char *p = json_string_value(json_object_get(
			json_array_get(json_object_get(
					       json_object_get(sc->facts,
							       "inventory"),
					       "code_of_conduct"),
				       0),
			"path"));
		struct vigie_buf b = VIGIE_BUF_INIT;
		if (p && !strpbrk(p, "()[] "))
			vigie_escape_text(&b, p, strlen(p));
		set(vars, "conduct_path", b.ptr);
		vigie_buf_release(&b);
	}
	for (i = 0; i < VIGIE_ARRAY_SIZE(drafts); i++) {
		const struct draft *d = &drafts[i];
		if (take[i])
			rc = plan_new(out, sc, d, vars, opts, err);
		else if (opts->amend && d->amend && wanted(d, opts) &&
			 role_present(sc->facts, d->role))
			rc = plan_amend(out, sc, d, &r, vars, opts, err);
		if (rc < 0)
			goto out;
	}
	/* The failing rules no draft answers: left for a person. */
	for (i = 0; i < out->count; i++) {
		json_t *id;
		json_array_foreach(out->files[i].rules, j, id)
			json_object_set(claimed, json_string_value(id), id);
	}
	for (i = 0; i < sc->count; i++) {
		const struct vigie_result *res = &sc->results[i];
		if ((res->status == VIGIE_STATUS_FAIL ||
		     res->status == VIGIE_STATUS_PARTIAL) &&
		    !json_object_get(claimed, res->rule->id)) {
			const char *hint = hint_for(blocked, res->rule->id);
			if (!hint && !opts->amend)
				hint = amend_hint(sc, vars, res->rule->id);
			json_t *e = json_pack(
				"{s:s, s:f, s:s}", "id", res->rule->id,
				"weight", res->rule->weight, "title",
				vigie_rule_text(res->rule, VIGIE_RULE_TITLE,
						opts->lang));
			if (hint)
				json_object_set_new(e, "hint", json_string(hint));
			json_array_append_new(out->left, e);
		}
	}
out:
	repo_close(&r);
done:
	json_decref(vars);
	json_decref(claimed);
	if (rc < 0)
		vigie_fix_release(out);
	return rc;
}

void vigie_fix_release(struct vigie_fix *fix)
{
	size_t i;

	if (!fix)
		return;
	for (i = 0; i < fix->count; i++) {
		free(fix->files[i].path);
		free(fix->files[i].content);
		free(fix->files[i].old);
		json_decref(fix->files[i].rules);
		json_decref(fix->files[i].todo);
	}
	free(fix->files);
	json_decref(fix->left);
	memset(fix, 0, sizeof(*fix));
}

