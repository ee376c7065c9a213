/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * A repository on disk opened from git's own files, without libgit2.
 *
 * An offline audit of a local repository reads its objects, HEAD and tags
 * from git's files (src/snapshot: packs.c, loose.c, refs.c); loading
 * libgit2 and its 17 libraries only to find the git directory and the
 * origin's URL would cost more than the rest of the process on a small
 * repository.  So the common shapes are read here:
 *	PATH/.git, a directory        (a work tree)
 *	PATH itself, a git directory  (bare, or a .git named directly)
 * each with a configuration this reader understands.  Anything else --
 * a .git file (linked work trees, submodules), a directory above PATH to
 * search, a `commondir`, an `include`, an `extensions` section, quoted or
 * continued values, a URL rewritten by url.<base>.insteadOf or a remote
 * set anywhere in git's settings -- is libgit2's, as before: this reader answers 0
 * and libgit2 opens the repository, with its own rules and errors.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "vigie/buf.h"
#include "vigie/target.h"
#include "internal.h"
#include "banned.h"

/* A configuration larger than this is libgit2's to read. */
#define CONFIG_MAX (1024 * 1024)

/* A directory, not a link to one? */
static bool is_dir(const char *path, bool follow)
{
	struct stat st;

	return (follow ? stat(path, &st) : lstat(path, &st)) == 0 &&
	       S_ISDIR(st.st_mode);
}

/* A regular file, not a link to one? */
static bool is_file(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Is there anything at path (lstat: a link counts)?  -1: cannot say. */
static int exists(const char *path)
{
	struct stat st;

	if (lstat(path, &st) == 0)
		return 1;
	return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
}

/*
 * What libgit2 takes for a git directory: HEAD a file, objects/ and refs/
 * directories; and here, no commondir (a linked work tree) and none of
 * them a link.  1 yes, 0 no or unsure, -1 out of memory.
 */
static int git_directory(const char *dir)
{
	static const char *const names[] = { "/HEAD", "/objects", "/refs",
					     "/commondir" };
	struct vigie_buf p = VIGIE_BUF_INIT;
	int rc = 1;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]) && rc == 1; i++) {
		vigie_buf_clear(&p);
		if (vigie_buf_puts(&p, dir) < 0 || vigie_buf_puts(&p, names[i]) < 0) {
			rc = -1;
			break;
		}
		if (i == 0)
			rc = is_file(p.ptr);
		else if (i < 3)
			rc = is_dir(p.ptr, false);
		else
			rc = exists(p.ptr) == 0;
	}
	vigie_buf_release(&p);
	return rc;
}

/* What a configuration says that matters here. */
struct config {
	bool unsure;  /* something this reader does not read: libgit2's */
	bool rewrites; /* url.<base>.insteadOf */
	char *url;    /* remote.origin.url, the last one */
};

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * One "[section]", "[section \"sub\"]" header into sect (lowercase) and
 * sub (as written); false for anything else (escapes, the old
 * "[section.sub]" form, text after the bracket but a comment).
 */
static bool header(const char *p, const char *end, char *sect, size_t ns,
		   char *sub, size_t nsub)
{
	size_t i = 0;

	p++; /* '[' */
	while (p < end && (isalnum((unsigned char)*p) || *p == '-') && i + 1 < ns)
		sect[i++] = (char)tolower((unsigned char)*p++);
	sect[i] = '\0';
	sub[0] = '\0';
	if (!i || p == end)
		return false;
	if (*p == ' ') {
		i = 0;
		p++;
		if (p == end || *p++ != '"')
			return false;
		while (p < end && *p != '"' && *p != '\\' && i + 1 < nsub)
			sub[i++] = *p++;
		sub[i] = '\0';
		if (p == end || *p++ != '"')
			return false;
	}
	if (p == end || *p++ != ']')
		return false;
	while (p < end && blank(*p))
		p++;
	return p == end || *p == '#' || *p == ';';
}

/*
 * Read one configuration file's text into c: the url of [remote "origin"],
 * whether insteadOf rewrites URLs, and whether anything is beyond this
 * reader.
 */
static void config_read(struct config *c, const char *text, size_t len,
			bool repository)
{
	const char *p = text, *end = text + len, *eol;
	char sect[64] = "", sub[256] = "";
	bool in_section = false;

	for (; p < end && !c->unsure; p = eol + 1) {
		const char *k, *v, *ve;
		char key[64];
		size_t i = 0;

		if (!(eol = memchr(p, '\n', (size_t)(end - p))))
			eol = end;
		while (p < eol && blank(*p))
			p++;
		if (p == eol || *p == '#' || *p == ';')
			continue;
		if (*p == '[') {
			in_section = header(p, eol, sect, sizeof(sect), sub,
					    sizeof(sub));
			if (!in_section || !strcmp(sect, "include") ||
			    !strcmp(sect, "includeif") ||
			    (repository && !strcmp(sect, "extensions")) ||
			    (!repository && !strcmp(sect, "remote")))
				c->unsure = true;
			continue;
		}
		if (!in_section || !isalpha((unsigned char)*p)) {
			c->unsure = true;
			continue;
		}
		for (k = p; k < eol && (isalnum((unsigned char)*k) || *k == '-'); k++)
			if (i + 1 < sizeof(key))
				key[i++] = (char)tolower((unsigned char)*k);
		key[i] = '\0';
		if (!strcmp(key, "insteadof"))
			c->rewrites = true;
		/* the value: no quotes, escapes or continuation lines */
		v = k;
		while (v < eol && blank(*v))
			v++;
		if (v < eol && *v != '=' && *v != '#' && *v != ';') {
			c->unsure = true;
			continue;
		}
		if (v < eol && *v == '=')
			v++;
		else
			v = eol;
		for (ve = v; ve < eol && *ve != '#' && *ve != ';'; ve++)
			if (*ve == '"' || *ve == '\\')
				c->unsure = true;
		while (v < ve && blank(*v))
			v++;
		while (ve > v && blank(ve[-1]))
			ve--;
		if (!repository)
			continue;
		if (!strcmp(sect, "core") && !strcmp(key, "repositoryformatversion") &&
		    !(ve - v == 1 && (*v == '0' || *v == '1')))
			c->unsure = true;
		if (!strcmp(sect, "remote") && !strcmp(sub, "origin") &&
		    !strcmp(key, "url")) {
			free(c->url);
			c->url = ve > v ? strndup(v, (size_t)(ve - v)) : NULL;
			if (!c->url)
				c->unsure = true; /* empty, or out of memory */
		}
	}
}

/* Read the file at path into c; a file that is not there says nothing. */
static void config_file(struct config *c, const char *path, bool repository)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	int rc;

	vigie_buf_init(&b, CONFIG_MAX);
	rc = vigie_buf_read_file(&b, path, 0);
	if (rc == 0)
		config_read(c, b.ptr ? b.ptr : "", b.len, repository);
	else if (rc != VIGIE_ENOTFOUND)
		c->unsure = true;
	vigie_buf_release(&b);
}

/*
 * Does any of git's settings outside the repository rewrite URLs (or is
 * beyond this reader)?  The files libgit2 reads: the system's, the XDG
 * one and the user's.  Settings given in the environment are libgit2's
 * to weigh (GIT_CONFIG_NOSYSTEM, which only leaves the system's out, is
 * no reason: that file is read here all the same, to be safe).
 */
static bool settings_unsure(void)
{
	static const char *const env[] = {
		"GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_COUNT",
		"GIT_CONFIG_PARAMETERS", "GIT_CONFIG",
	};
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	struct config c = { false, false, NULL };
	struct vigie_buf p = VIGIE_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(env) / sizeof(env[0]); i++)
		if (getenv(env[i]))
			return true;
	config_file(&c, "/etc/gitconfig", false);
	if (xdg && *xdg) {
		if (vigie_buf_printf(&p, "%s/git/config", xdg) < 0)
			c.unsure = true;
		else
			config_file(&c, p.ptr, false);
	} else if (home && *home) {
		if (vigie_buf_printf(&p, "%s/.config/git/config", home) < 0)
			c.unsure = true;
		else
			config_file(&c, p.ptr, false);
	}
	vigie_buf_clear(&p);
	if (home && *home) {
		if (vigie_buf_printf(&p, "%s/.gitconfig", home) < 0)
			c.unsure = true;
		else
			config_file(&c, p.ptr, false);
	}
	vigie_buf_release(&p);
	free(c.url);
	return c.unsure || c.rewrites;
}

int vigie_source_local(const char *path, char **gitdir, char **origin)
{
	struct vigie_buf dir = VIGIE_BUF_INIT;
	struct config c = { false, false, NULL };
	char *real = NULL;
	size_t n;
	int rc = 0, is;

	*gitdir = *origin = NULL;
	if (!(real = realpath(path, NULL)))
		return errno == ENOMEM ? -1 : 0;
	if (vigie_buf_puts(&dir, real) < 0)
		goto nomem;
	if (dir.len > 1 && dir.ptr[dir.len - 1] == '/')
		dir.ptr[--dir.len] = '\0';
	n = dir.len;
	/* PATH/.git, a directory itself (not a link, not a file) */
	if (vigie_buf_puts(&dir, "/.git") < 0)
		goto nomem;
	if (!is_dir(dir.ptr, false)) {
		struct stat st;
		if (lstat(dir.ptr, &st) == 0 || errno != ENOENT)
			goto out; /* a .git file or link: libgit2's */
		dir.len = n;
		dir.ptr[n] = '\0';
	}
	if ((is = git_directory(dir.ptr)) < 0)
		goto nomem;
	if (!is)
		goto out; /* not here: libgit2 searches above */
	n = dir.len;
	if (vigie_buf_puts(&dir, "/config") < 0)
		goto nomem;
	config_file(&c, dir.ptr, true);
	dir.len = n;
	dir.ptr[n] = '\0';
	if (c.unsure || settings_unsure())
		goto out;
	if (vigie_buf_putc(&dir, '/') < 0)
		goto nomem;
	if (c.url && !(*origin = vigie_url_redact(c.url)))
		goto nomem;
	*gitdir = vigie_buf_detach(&dir, NULL);
	rc = 1;
out:
	free(c.url);
	free(real);
	vigie_buf_release(&dir);
	return rc;
nomem:
	rc = -1;
	goto out;
}
