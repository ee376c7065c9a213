/* SPDX-License-Identifier: EUPL-1.2 */
/* A forge client: the table of kinds, options, the token policy, the
 * entry points each kind implements. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vigie/sys/forge.h"
#include "vigie/i18n.h"
#include "internal.h"
#include "json.h"
#include "banned.h"

/* Sorted by name. */
static const struct forge_kind *const kinds[] = {
	&vigie_forge_gitea,
	&vigie_forge_github,
	&vigie_forge_gitlab,
};

static const char *const kind_names[] = { "gitea", "github", "gitlab", NULL };

const char *const *vigie_forge_kinds(void)
{
	return kind_names;
}

const struct forge_kind *forge_find_kind(const char *name)
{
	size_t i;

	for (i = 0; name && i < VIGIE_ARRAY_SIZE(kinds); i++)
		if (!strcmp(kinds[i]->name, name))
			return kinds[i];
	/* Forgejo is Gitea's API */
	if (name && !strcmp(name, "forgejo"))
		return &vigie_forge_gitea;
	return NULL;
}

void vigie_forge_opts_init(struct vigie_forge_opts *opts)
{
	static const struct vigie_forge_opts defaults = VIGIE_FORGE_OPTIONS_INIT;

	memcpy(opts, &defaults, sizeof(*opts)); /* padding too */
}

/* A ceiling left at 0 takes its default. */
static size_t ceiling(size_t v, size_t def)
{
	return v ? v : def;
}

/* The host of an http(s) URL as libcurl reads it, lowercase; "" when none. */
static void url_host(char *out, size_t n, const char *url)
{
	struct vigie_http_origin o = { NULL, NULL, 0 };

	if (url)
		vigie_http_url_origin(&o, url);
	snprintf(out, n, "%s", o.host ? o.host : "");
	vigie_http_origin_release(&o);
}

/* Is host in a comma- or space-separated list of hosts (env var)? */
static bool host_listed(const char *host, const char *list)
{
	size_t n = strlen(host);

	while (list && *list) {
		size_t m;
		list += strspn(list, ", ");
		m = strcspn(list, ", ");
		if (m == n && !strncasecmp(list, host, n))
			return true;
		list += m;
	}
	return false;
}

/*
 * A token from the environment goes only to an API the user vouched for:
 * the forge's public instance, an --api-url given on the command line, the
 * CI's own forge, a host listed in VIGIE_TOKEN_HOSTS, or this machine.  A
 * target named by a list or by a repository's remote must not be able to
 * collect GITLAB_TOKEN by pointing at a host of its choosing.
 */
static bool token_trusted(const struct forge_kind *k, const char *api,
			  bool explicit_api)
{
	char host[256], ci[256];

	if (explicit_api || vigie_http_url_loopback(api))
		return true;
	if (k->default_api && vigie_http_same_origin(api, k->default_api) &&
	    !strcmp(api, k->default_api))
		return true;
	url_host(host, sizeof(host), api);
	if (!*host)
		return false;
	if (host_listed(host, getenv("VIGIE_TOKEN_HOSTS")))
		return true;
	/* GitHub Actions and GitLab CI say which forge they run on. */
	url_host(ci, sizeof(ci), getenv("GITHUB_API_URL"));
	if (!strcmp(k->name, "github") && *ci && !strcmp(host, ci))
		return true;
	return !strcmp(k->name, "gitlab") &&
	       (host_listed(host, getenv("CI_SERVER_HOST")) ||
		host_listed(host, getenv("GITLAB_HOST")));
}

static const char *token_from_env(const struct forge_kind *k)
{
	size_t i;

	for (i = 0; k->token_env[i]; i++) {
		const char *v = getenv(k->token_env[i]);
		if (v && *v)
			return v;
	}
	return NULL;
}

int vigie_forge_new(struct vigie_forge **out,
		    const struct vigie_forge_opts *opts,
		    struct vigie_error *err)
{
	const struct forge_kind *k = forge_find_kind(opts->kind);
	struct vigie_http_origin origin = { NULL, NULL, 0 };
	struct vigie_forge *f = NULL;
	struct vigie_buf b = VIGIE_BUF_INIT;
	const char *token;
	bool secure;
	size_t n, h = 0;
	int rc;

	*out = NULL;
	if (opts->version != VIGIE_FORGE_OPTIONS_VERSION)
		return vigie_error_set(err, VIGIE_EINVALID, NULL,
				       N_("%s version %u is unknown to this libvigie (it knows %u)"),
				       "struct vigie_forge_opts", opts->version,
				       VIGIE_FORGE_OPTIONS_VERSION);
	rc = http_opts_check(&opts->http, err);
	if (rc < 0)
		return rc;
	if (!k)
		return vigie_error_set(err, VIGIE_EINVALID, NULL,
				       "unknown forge '%s' (github, gitlab, gitea)",
				       opts->kind ? opts->kind : "");
	f = calloc(1, sizeof(*f));
	if (!f)
		goto nomem;
	f->kind = k;
	f->max_endpoint_bytes = ceiling(opts->max_endpoint_bytes,
					VIGIE_FORGE_MAX_ENDPOINT_BYTES);
	f->max_total_bytes = ceiling(opts->max_total_bytes,
				     VIGIE_FORGE_MAX_TOTAL_BYTES);
	f->max_list_bytes = ceiling(opts->max_list_bytes,
				    VIGIE_FORGE_MAX_LIST_BYTES);
	f->max_list_entries = ceiling(opts->max_list_entries,
				      VIGIE_FORGE_MAX_LIST_ENTRIES);
	f->warnings = json_array();
	if (!f->warnings)
		goto nomem;
	if (opts->api_url && *opts->api_url) {
		bool web = vigie_http_url_origin(&origin, opts->api_url) == 0 &&
			   (!strcmp(origin.scheme, "https") ||
			    !strcmp(origin.scheme, "http"));
		vigie_http_origin_release(&origin);
		if (!web) {
			rc = vigie_error_set(err, VIGIE_EINVALID, NULL,
					     "the API URL must start with "
					     "https:// or http://");
			goto fail;
		}
		f->api = strdup(opts->api_url);
	} else if (opts->host && k->default_host &&
		   !strcasecmp(opts->host, k->default_host)) {
		f->api = strdup(k->default_api);
	} else if (opts->host && *opts->host) {
		for (const char *c = opts->host; *c; c++)
			if (!isalnum((unsigned char)*c) && !strchr(".-:[]", *c)) {
				rc = vigie_error_set(err, VIGIE_EINVALID, NULL,
						     "invalid forge host");
				goto fail;
			}
		if (vigie_buf_printf(&b, "https://%s%s", opts->host,
				     k->api_suffix) < 0)
			goto nomem;
		f->api = vigie_buf_detach(&b, NULL);
	} else if (k->default_api) {
		f->api = strdup(k->default_api);
	} else {
		rc = vigie_error_set(err, VIGIE_EINVALID, NULL,
				     "a %s forge needs a host or an API URL",
				     k->name);
		goto fail;
	}
	if (!f->api)
		goto nomem;
	n = strlen(f->api);
	while (n > 8 && f->api[n - 1] == '/')
		f->api[--n] = '\0';

	token = opts->token ? opts->token
			    : token_trusted(k, f->api, opts->api_url && *opts->api_url)
				      ? token_from_env(k)
				      : NULL;
	/* A token never travels in clear, except to this machine. */
	secure = token && *token &&
		 vigie_http_url_origin(&origin, f->api) == 0 &&
		 (!strcmp(origin.scheme, "https") ||
		  vigie_http_url_loopback(f->api));
	vigie_http_origin_release(&origin);
	if (secure) {
		vigie_buf_clear(&b);
		if (vigie_buf_printf(&b, "%s%s", k->auth_prefix, token) < 0)
			goto nomem;
		if (strpbrk(b.ptr, "\r\n")) {
			rc = vigie_error_set(err, VIGIE_EINVALID, NULL,
					     "the %s token holds a line break",
					     k->name);
			goto fail;
		}
		f->auth = vigie_buf_detach(&b, NULL);
	}
	f->headers[h++] = !strcmp(k->name, "github")
				  ? "Accept: application/vnd.github+json"
				  : "Accept: application/json";
	if (f->auth)
		f->headers[h++] = f->auth;
	f->headers[h] = NULL;
	rc = vigie_http_new(&f->http, &opts->http, err);
	if (rc < 0)
		goto fail;
	vigie_buf_release(&b);
	*out = f;
	return 0;
nomem:
	rc = vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
fail:
	vigie_buf_release(&b);
	vigie_forge_free(f);
	return rc;
}

void vigie_forge_free(struct vigie_forge *f)
{
	if (!f)
		return;
	vigie_http_free(f->http);
	if (f->auth) {
		/* do not leave the token lying in freed memory */
		memset(f->auth, 0, strlen(f->auth));
		free(f->auth);
	}
	free(f->api);
	json_decref(f->warnings);
	free(f);
}

json_t *vigie_forge_warnings(struct vigie_forge *f)
{
	return f->warnings;
}

const char *vigie_forge_kind(const struct vigie_forge *f)
{
	return f->kind->name;
}

const char *vigie_forge_api_url(const struct vigie_forge *f)
{
	return f->api;
}

bool vigie_forge_has_token(const struct vigie_forge *f)
{
	return f->auth != NULL;
}

struct vigie_http *vigie_forge_http(struct vigie_forge *f)
{
	return f->http;
}

int vigie_forge_repo(json_t **out, struct vigie_forge *f, const char *repo,
		     struct vigie_error *err)
{
	*out = NULL;
	if (!forge_repo_valid(repo, !strcmp(f->kind->name, "gitlab")))
		return vigie_error_set(err, VIGIE_EINVALID, NULL,
				       "invalid forge repository '%s' "
				       "(expected OWNER/NAME)", repo);
	return f->kind->repo(out, f, repo, err);
}

int vigie_forge_tracker(json_t **out, struct vigie_forge *f, const char *repo,
			int64_t since, int64_t now, struct vigie_error *err)
{
	*out = NULL;
	if (!forge_repo_valid(repo, !strcmp(f->kind->name, "gitlab")))
		return vigie_error_set(err, VIGIE_EINVALID, NULL,
				       "invalid forge repository '%s'", repo);
	return f->kind->tracker(out, f, repo, since, now, err);
}

int vigie_forge_list(json_t **out, struct vigie_forge *f, const char *owner,
		     struct vigie_error *err)
{
	bool deep = !strcmp(f->kind->name, "gitlab");
	json_t *rows = NULL, *kept = NULL, *row;
	size_t i;
	int rc;

	*out = NULL;
	if (!owner || !*owner || *owner == '/' ||
	    owner[strlen(owner) - 1] == '/' || strstr(owner, "..") ||
	    strstr(owner, "//") || strlen(owner) > 512)
		return vigie_error_set(err, VIGIE_EINVALID, NULL,
				       "invalid owner '%s'", owner ? owner : "");
	for (const char *c = owner; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("-_./", *c))
			return vigie_error_set(err, VIGIE_EINVALID, NULL,
					       "invalid owner '%s'", owner);
	f->listing = true;
	rc = f->kind->list(&rows, f, owner, err);
	f->listing = false;
	if (rc < 0)
		goto out;
	kept = json_array();
	if (!kept) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
		goto out;
	}
	/*
	 * A listed name becomes a target: it must not name a host, a port, a
	 * path out of the forge or a line of its own.
	 */
	json_array_foreach(rows, i, row) {
		const char *name = json_string_value(json_object_get(row, "repo"));
		char shown[160];
		if (forge_repo_valid(name, deep)) {
			json_array_append(kept, row);
			continue;
		}
		forge_escape_text(shown, sizeof(shown), name ? name : "");
		forge_warn(f, N_("the %s API listed an invalid repository name "
			      "'%s': left out"), f->kind->name, shown);
	}
	*out = kept;
	kept = NULL;
out:
	json_decref(rows);
	json_decref(kept);
	return rc;
}

void forge_escape_text(char *out, size_t n, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (; *s && o + 5 < n; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
			out[o++] = (char)c;
			continue;
		}
		out[o++] = '\\';
		out[o++] = 'x';
		out[o++] = hex[c >> 4];
		out[o++] = hex[c & 15];
	}
	if (*s && o + 4 < n) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}
