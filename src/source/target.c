/* SPDX-License-Identifier: EUPL-1.2 */
/* Parse a TARGET into a path or a clone URL, and say where its cache lives. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "vigie/i18n.h"
#include "vigie/buf.h"
#include "vigie/target.h"
#include "sha256.h"
#include "banned.h"

struct shorthand {
	const char *prefix;
	const char *forge;
	const char *default_host; /* NULL: the host is the first component */
	bool deep;                /* groups nest: GROUP/SUB/.../NAME */
};

/* Sorted by prefix. */
static const struct shorthand shorthands[] = {
	{ "codeberg:", "gitea", "codeberg.org", false },
	{ "forgejo:", "gitea", NULL, false },
	{ "gitea:", "gitea", NULL, false },
	{ "github:", "github", "github.com", false },
	{ "gitlab:", "gitlab", "gitlab.com", true },
};

static const char *const schemes[] = {
	"file://", "git://", "http://", "https://", "ssh://",
};

void vigie_target_release(struct vigie_target *t)
{
	if (!t)
		return;
	free(t->url);
	free(t->display);
	free(t->host);
	free(t->repo);
	free(t->forge);
	memset(t, 0, sizeof(*t));
}

static char *dup_range(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static void lower(char *s)
{
	for (; s && *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

static const char *guess_forge(const char *host)
{
	if (!host)
		return NULL;
	if (!strcmp(host, "github.com") || !strncmp(host, "github.", 7))
		return "github";
	if (!strcmp(host, "gitlab.com") || !strncmp(host, "gitlab.", 7) ||
	    strstr(host, ".gitlab."))
		return "gitlab";
	if (!strcmp(host, "codeberg.org") || !strncmp(host, "gitea.", 6) ||
	    !strncmp(host, "forgejo.", 8) || !strncmp(host, "git.", 4))
		return strncmp(host, "git.", 4) ? "gitea" : NULL;
	return NULL;
}

/* "owner/name.git/" -> "owner/name" */
static char *clean_repo(const char *path)
{
	size_t n;

	while (*path == '/')
		path++;
	n = strlen(path);
	while (n && path[n - 1] == '/')
		n--;
	if (n > 4 && !strncmp(path + n - 4, ".git", 4))
		n -= 4;
	return dup_range(path, n);
}

static bool is_secret_key(const char *k, size_t n)
{
	static const char *const keys[] = {
		"access_token", "password", "private_token", "token",
	};
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(keys); i++)
		if (strlen(keys[i]) == n && !strncasecmp(k, keys[i], n))
			return true;
	return false;
}

/*
 * Where the user-info of a target without a scheme ends: the last '@'
 * before the first '/', or NULL.  In a shorthand,
 * `PREFIX:[USER:]TOKEN@[HOST/]OWNER/NAME`, it is always a credential; in
 * an scp-like `USER[:SECRET]@HOST:PATH`, the user may be shown.
 */
static const char *userinfo_end(const char *rest)
{
	const char *end = rest + strcspn(rest, "/");
	const char *at = NULL, *s;

	for (s = rest; s < end; s++)
		if (*s == '@')
			at = s;
	return at;
}

static const struct shorthand *find_shorthand(const char *s)
{
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(shorthands); i++)
		if (!strncmp(s, shorthands[i].prefix,
			     strlen(shorthands[i].prefix)))
			return &shorthands[i];
	return NULL;
}

char *vigie_url_redact(const char *url)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	const struct shorthand *sh;
	const char *p = strstr(url, "://");
	const char *q;

	if (p) {
		const char *auth = p + 3;
		const char *end = auth + strcspn(auth, "/?#");
		const char *at = NULL;
		for (const char *s = auth; s < end; s++)
			if (*s == '@')
				at = s;
		if (vigie_buf_add(&b, url, (size_t)(auth - url)) < 0)
			goto fail;
		url = at ? at + 1 : auth;
	} else if ((sh = find_shorthand(url))) {
		/* A shorthand's user-info is a token: all of it goes. */
		const char *rest = url + strlen(sh->prefix);
		const char *at = userinfo_end(rest);
		if (vigie_buf_puts(&b, sh->prefix) < 0)
			goto fail;
		url = at ? at + 1 : rest;
	} else {
		/* USER:SECRET@HOST:PATH keeps its user only. */
		const char *at = userinfo_end(url);
		const char *colon = at ? memchr(url, ':', (size_t)(at - url)) : NULL;
		if (colon) {
			if (vigie_buf_add(&b, url, (size_t)(colon - url)) < 0)
				goto fail;
			url = at;
		}
	}
	/* Mask credentials passed as query parameters. */
	q = strchr(url, '?');
	if (q) {
		if (vigie_buf_add(&b, url, (size_t)(q - url) + 1) < 0)
			goto fail;
		url = q + 1;
		while (*url) {
			size_t n = strcspn(url, "&#");
			const char *eq = memchr(url, '=', n);
			int rc;
			if (eq && is_secret_key(url, (size_t)(eq - url)))
				rc = vigie_buf_add(&b, url,
						   (size_t)(eq - url) + 1) |
				     vigie_buf_puts(&b, "REDACTED");
			else
				rc = vigie_buf_add(&b, url, n);
			if (rc < 0)
				goto fail;
			url += n;
			if (*url != '&')
				break;
			if (vigie_buf_putc(&b, '&') < 0)
				goto fail;
			url++;
		}
	}
	if (vigie_buf_puts(&b, url) < 0)
		goto fail;
	return vigie_buf_detach(&b, NULL);
fail:
	vigie_buf_release(&b);
	return NULL;
}

bool vigie_target_names_host(const char *s, size_t n)
{
	return memchr(s, '.', n) || memchr(s, ':', n);
}

/*
 * A host as a shorthand may name it: letters, digits, '.', '-', or an
 * IPv6 address in brackets, then an optional :PORT (1 to 65535).
 */
static bool host_ok(const char *s, size_t n)
{
	size_t i = 0, name;
	unsigned long port = 0;

	if (n && s[0] == '[') {
		for (i = 1; i < n && s[i] != ']'; i++)
			if (!isxdigit((unsigned char)s[i]) && s[i] != ':' &&
			    s[i] != '.')
				return false;
		if (i == n || i == 1)
			return false;
		i++;
	} else {
		for (; i < n && s[i] != ':'; i++)
			if (!isalnum((unsigned char)s[i]) && s[i] != '.' &&
			    s[i] != '-')
				return false;
	}
	name = i;
	if (!name || s[0] == '.' || s[0] == '-')
		return false;
	if (i == n)
		return true;
	if (s[i++] != ':' || i == n || n - i > 5)
		return false;
	for (; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		port = port * 10 + (unsigned long)(s[i] - '0');
	}
	return port >= 1 && port <= 65535;
}

static int parse_shorthand(struct vigie_target *t, const struct shorthand *sh,
			   const char *rest, struct vigie_error *err)
{
	struct vigie_buf url = VIGIE_BUF_INIT;
	const char *at = userinfo_end(rest);
	const char *user = at ? rest : NULL;
	size_t userlen = at ? (size_t)(at - rest) : 0;
	const char *slash, *host = sh->default_host;
	size_t hostlen = host ? strlen(host) : 0;
	const char *path;

	if (at)
		rest = at + 1;
	slash = strchr(rest, '/');
	path = rest;

	/*
	 * github:ghe.example.org/owner/name and gitlab:host:8443/group/name
	 * name a self-managed instance: a first part with a dot or a port is
	 * a host (GitHub owners have no dot).  gitea: always names its host.
	 */
	if (slash && (!host ||
		      vigie_target_names_host(rest, (size_t)(slash - rest)))) {
		host = rest;
		hostlen = (size_t)(slash - rest);
		path = slash + 1;
		if (!host_ok(host, hostlen))
			return vigie_error_set(err, VIGIE_EINVALID, rest,
					       N_("%s names an invalid host"), sh->prefix);
	} else if (!host) {
		return vigie_error_set(err, VIGIE_EINVALID, rest,
				       N_("%s needs HOST/OWNER/NAME"), sh->prefix);
	}
	if (!strchr(path, '/') || path[strlen(path) - 1] == '/' ||
	    strstr(path, "..") || strchr(path, '@'))
		return vigie_error_set(err, VIGIE_EINVALID, path,
				       N_("%s needs OWNER/NAME"), sh->prefix);
	/* Only GitLab's groups nest: a third part is no repository. */
	if (!sh->deep && strchr(strchr(path, '/') + 1, '/'))
		return vigie_error_set(err, VIGIE_EINVALID, path,
				       N_("%s takes OWNER/NAME or "
					  "HOST/OWNER/NAME (a host has a dot "
					  "or a port)"), sh->prefix);
	t->kind = VIGIE_TARGET_URL;
	t->forge = strdup(sh->forge);
	t->host = dup_range(host, hostlen);
	t->repo = clean_repo(path);
	if (!t->forge || !t->host || !t->repo)
		return VIGIE_ENOMEM;
	lower(t->host);
	if (vigie_buf_printf(&url, "https://%s/%s.git", t->host, t->repo) < 0)
		return VIGIE_ENOMEM;
	t->display = vigie_buf_detach(&url, NULL);
	if (!t->display)
		return VIGIE_ENOMEM;
	if (user && (vigie_buf_puts(&url, "https://") < 0 ||
		     vigie_buf_add(&url, user, userlen) < 0 ||
		     vigie_buf_printf(&url, "@%s", t->display + 8) < 0)) {
		vigie_buf_release(&url);
		return VIGIE_ENOMEM;
	}
	t->url = user ? vigie_buf_detach(&url, NULL) : strdup(t->display);
	return t->url ? 0 : VIGIE_ENOMEM;
}

static int parse_scheme_url(struct vigie_target *t, const char *input,
			    struct vigie_error *err)
{
	const char *auth = strstr(input, "://") + 3;
	const char *end = auth + strcspn(auth, "/?#");
	const char *host = auth, *at;

	for (at = auth; at < end; at++)
		if (*at == '@')
			host = at + 1;
	t->kind = VIGIE_TARGET_URL;
	t->display = vigie_url_redact(input);
	/* A local path has no use for credentials: they go at once. */
	t->url = strdup(strncmp(input, "file://", 7) ? input : t->display);
	if (!t->url || !t->display)
		return VIGIE_ENOMEM;
	if (!strncmp(input, "file://", 7)) {
		t->host = NULL;
		t->repo = clean_repo(host);
		if (!t->repo || !*t->repo)
			return vigie_error_set(err, VIGIE_EINVALID, t->display,
					       N_("a file:// URL needs a path"));
		return 0;
	}
	if (host == end || !*end)
		return vigie_error_set(err, VIGIE_EINVALID, t->display,
				       N_("a URL needs a host and a path"));
	t->host = dup_range(host, (size_t)(end - host));
	t->repo = clean_repo(end);
	if (!t->host || !t->repo)
		return VIGIE_ENOMEM;
	lower(t->host);
	if (!*t->repo)
		return vigie_error_set(err, VIGIE_EINVALID, t->display,
				       N_("a URL needs a repository path"));
	{
		/* The forge is named after the host without its port. */
		char *bare = strdup(t->host);
		const char *forge;
		if (!bare)
			return VIGIE_ENOMEM;
		bare[strcspn(bare, ":")] = '\0';
		forge = guess_forge(bare);
		free(bare);
		if (forge && !(t->forge = strdup(forge)))
			return VIGIE_ENOMEM;
	}
	return 0;
}

/* user@host:path, the scp-like syntax of ssh remotes. */
static bool is_scp_like(const char *s)
{
	const char *colon = strchr(s, ':');
	const char *slash = strchr(s, '/');

	if (!colon || colon == s || colon[1] == '\0')
		return false;
	if (slash && slash < colon)
		return false;
	return colon - s > 1; /* not a drive letter */
}

static int parse_scp(struct vigie_target *t, const char *input,
		     struct vigie_error *err)
{
	const char *at = userinfo_end(input);
	const char *host = at ? at + 1 : input;
	const char *colon = strchr(host, ':');
	const char *forge;

	t->kind = VIGIE_TARGET_URL;
	t->url = strdup(input);
	t->display = vigie_url_redact(input);
	if (!t->url || !t->display)
		return VIGIE_ENOMEM;
	if (!colon)
		return vigie_error_set(err, VIGIE_EINVALID, t->display,
				       N_("an ssh remote needs HOST:PATH"));
	t->host = dup_range(host, (size_t)(colon - host));
	t->repo = clean_repo(colon + 1);
	if (!t->host || !t->repo)
		return VIGIE_ENOMEM;
	lower(t->host);
	if (!*t->host || !*t->repo)
		return vigie_error_set(err, VIGIE_EINVALID, t->display,
				       N_("an ssh remote needs HOST:PATH"));
	forge = guess_forge(t->host);
	if (forge && !(t->forge = strdup(forge)))
		return VIGIE_ENOMEM;
	return 0;
}

int vigie_target_parse(struct vigie_target *out, const char *input,
		       struct vigie_error *err)
{
	const struct shorthand *sh;
	struct stat st;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!input || !*input)
		return vigie_error_set(err, VIGIE_EINVALID, "", N_("empty target"));
	for (i = 0; i < VIGIE_ARRAY_SIZE(schemes); i++)
		if (!strncmp(input, schemes[i], strlen(schemes[i]))) {
			rc = parse_scheme_url(out, input, err);
			goto done;
		}
	if ((sh = find_shorthand(input))) {
		rc = parse_shorthand(out, sh, input + strlen(sh->prefix), err);
		goto done;
	}
	if (strstr(input, "://")) {
		char *shown = vigie_url_redact(input);
		rc = vigie_error_set(err, VIGIE_EINVALID, shown ? shown : "",
				     N_("unsupported URL scheme"));
		free(shown);
		goto done;
	}
	if (stat(input, &st) != 0 && is_scp_like(input)) {
		rc = parse_scp(out, input, err);
		goto done;
	}
	out->kind = VIGIE_TARGET_PATH;
	out->display = strdup(input);
	rc = out->display ? 0 : VIGIE_ENOMEM;
done:
	if (rc < 0) {
		if (rc == VIGIE_ENOMEM && err && !err->message[0])
			vigie_error_set(err, rc, "", N_("out of memory"));
		vigie_target_release(out);
	}
	return rc;
}

/* Longer components are cut (NAME_MAX is 255 and a suffix may follow). */
#define COMPONENT_MAX 100

/*
 * A component written as it is: [A-Za-z0-9_-][A-Za-z0-9._-]*, short, not
 * ending in ".git" (a directory above a clone would look like one) nor
 * holding ".git.tmp-" (a temporary clone, which the sweep removes).
 */
static bool plain(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > COMPONENT_MAX || s[0] == '.')
		return false;
	if (n >= 4 && !strncmp(s + n - 4, ".git", 4))
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!isalnum(c) && c != '.' && c != '-' && c != '_')
			return false;
		if (n - i >= 9 && !strncmp(s + i, ".git.tmp-", 9))
			return false;
	}
	return true;
}

/*
 * Keep [A-Za-z0-9._-], map the rest to '_', never "." or "..".  *changed
 * is set when the component is not written as it is.
 */
static int add_component(struct vigie_buf *b, const char *s, size_t n,
			 bool *changed)
{
	size_t i, start = b->len;
	char *w;

	if (!plain(s, n))
		*changed = true;
	if (n > COMPONENT_MAX)
		n = COMPONENT_MAX;
	if (n == 0 || (n == 1 && s[0] == '.') ||
	    (n == 2 && s[0] == '.' && s[1] == '.'))
		return vigie_buf_putc(b, '_');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!isalnum(c) && c != '.' && c != '-' && c != '_')
			c = '_';
		if (i == 0 && c == '.')
			c = '_';
		if (vigie_buf_putc(b, (char)c) < 0)
			return VIGIE_ENOMEM;
	}
	/* "x.git" and "x.git.tmp-" become "x_git": a clone never nests. */
	for (w = b->ptr + start; (w = strstr(w, ".git.tmp-")); w++)
		*w = '_';
	if (b->len - start >= 4 && !strcmp(b->ptr + b->len - 4, ".git"))
		b->ptr[b->len - 4] = '_';
	return 0;
}

/*
 * What makes two remotes the same repository: the host (lowercase, with
 * its port) and the path without ".git" for a network URL, so that https,
 * ssh and a shorthand share one clone; the whole path for file://, where
 * "x" and "x.git" are two directories.
 */
static int identity(struct vigie_buf *b, const struct vigie_target *t)
{
	const char *p;
	size_t n;

	if (t->host)
		return vigie_buf_printf(b, "//%s/%s", t->host, t->repo);
	p = t->url + 7;
	p += strcspn(p, "/");
	n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	return vigie_buf_puts(b, "file://") | vigie_buf_add(b, p, n);
}

char *vigie_target_cache_path(const struct vigie_target *t)
{
	struct vigie_buf b = VIGIE_BUF_INIT, id = VIGIE_BUF_INIT;
	struct vigie_sha256 h;
	const char *p, *seg;
	char hex[65];
	bool changed = false;

	if (t->kind != VIGIE_TARGET_URL)
		return NULL;
	if (identity(&id, t) < 0)
		goto fail;
	/* "file" names the local paths: a host of that name is marked. */
	if (t->host && !strcmp(t->host, "file"))
		changed = true;
	if (add_component(&b, t->host ? t->host : "file",
			  t->host ? strlen(t->host) : 4, &changed) < 0)
		goto fail;
	for (p = t->repo; *p;) {
		seg = p;
		p += strcspn(p, "/");
		if (vigie_buf_putc(&b, '/') < 0 ||
		    add_component(&b, seg, (size_t)(p - seg), &changed) < 0)
			goto fail;
		if (*p == '/')
			p++;
	}
	/* A file:// path that ended in ".git" (or "/") differs from t->repo. */
	if (!t->host && strcmp(id.ptr + 8, t->repo))
		changed = true;
	/*
	 * A path that is not written as it is gets a hash of the whole
	 * identity: '~' is never in a plain component, so paths of two
	 * remotes never meet (one clone per repository, and --offline never
	 * audits another repository).
	 */
	if (changed) {
		vigie_sha256_init(&h);
		vigie_sha256_update(&h, id.ptr, id.len);
		vigie_sha256_hex(&h, hex);
		if (vigie_buf_printf(&b, "~%.16s", hex) < 0)
			goto fail;
	}
	if (vigie_buf_puts(&b, ".git") < 0)
		goto fail;
	vigie_buf_release(&id);
	return vigie_buf_detach(&b, NULL);
fail:
	vigie_buf_release(&id);
	vigie_buf_release(&b);
	return NULL;
}
