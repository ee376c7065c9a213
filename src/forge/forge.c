/* SPDX-License-Identifier: EUPL-1.2 */
/* The table of forge kinds, what their clients share, and the forge collector. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "vigie/date.h"
#include "vigie/forge.h"
#include "vigie/i18n.h"
#include "vigie/source.h"
#include "vigie/snapshot.h"
#include "vigie/target.h"
#include "internal.h"
#include "fs.h"
#include "json.h"
#include "grow.h"
#include "banned.h"

#define MAX_TOPICS 64
#define MAX_TEXT 1024

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

static const struct forge_kind *find_kind(const char *name)
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
	memset(opts, 0, sizeof(*opts));
	vigie_http_opts_init(&opts->http);
	opts->max_endpoint_bytes = VIGIE_FORGE_MAX_ENDPOINT_BYTES;
	opts->max_total_bytes = VIGIE_FORGE_MAX_TOTAL_BYTES;
	opts->max_list_bytes = VIGIE_FORGE_MAX_LIST_BYTES;
	opts->max_list_entries = VIGIE_FORGE_MAX_LIST_ENTRIES;
}

/* A ceiling left at 0 takes its default. */
static size_t ceiling(size_t v, size_t def)
{
	return v ? v : def;
}

/* The host of an http(s) URL as libcurl reads it, lowercase; "" when none. */
static void url_host(char *out, size_t n, const char *url)
{
	struct vigie_http_origin o;

	if (!url || vigie_http_url_origin(&o, url) < 0)
		o.host[0] = '\0';
	snprintf(out, n, "%s", o.host);
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
	const struct forge_kind *k = find_kind(opts->kind);
	struct vigie_http_origin origin;
	struct vigie_forge *f = NULL;
	struct vigie_buf b = VIGIE_BUF_INIT;
	const char *token;
	size_t n, h = 0;
	int rc;

	*out = NULL;
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
		if (vigie_http_url_origin(&origin, opts->api_url) < 0 ||
		    (strcmp(origin.scheme, "https") &&
		     strcmp(origin.scheme, "http"))) {
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
	if (token && *token && vigie_http_url_origin(&origin, f->api) == 0 &&
	    (!strcmp(origin.scheme, "https") ||
	     vigie_http_url_loopback(f->api))) {
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
		forge_warn(f, "the %s API listed an invalid repository name "
			      "'%s': left out", f->kind->name, shown);
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

/* ---- shared helpers ------------------------------------------------------- */

char *forge_url(const struct vigie_forge *f, const char *fmt, ...)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	char path[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(path) ||
	    vigie_buf_printf(&b, "%s%s", f->api, path) < 0) {
		vigie_buf_release(&b);
		return NULL;
	}
	return vigie_buf_detach(&b, NULL);
}

char *forge_escape(const char *s)
{
	struct vigie_buf b = VIGIE_BUF_INIT;

	vigie_buf_puts(&b, "");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		int rc = isalnum(c) || (c && strchr("-_.~", c))
				 ? vigie_buf_putc(&b, (char)c)
				 : vigie_buf_printf(&b, "%%%02X", c);
		if (rc < 0) {
			vigie_buf_release(&b);
			return NULL;
		}
	}
	return vigie_buf_detach(&b, NULL);
}

bool forge_repo_valid(const char *repo, bool deep)
{
	size_t segs = 1, seglen = 0;
	const char *c;

	if (!repo || !*repo || strlen(repo) > 512)
		return false;
	for (c = repo; *c; c++) {
		if (*c == '/') {
			if (!seglen)
				return false;
			segs++;
			seglen = 0;
			continue;
		}
		if (!isalnum((unsigned char)*c) && !strchr("-_.", *c))
			return false;
		if (*c == '.' && seglen == 0 && (c[1] == '.' || c[1] == '/' ||
						 !c[1]))
			return false;
		seglen++;
	}
	return seglen && segs >= 2 && (deep || segs == 2);
}

void forge_warn(struct vigie_forge *f, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!f->warnings || json_array_size(f->warnings) >= FORGE_MAX_WARNINGS)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_array_append_new(f->warnings, vigie_json_str(msg));
}

/* forge_get_json, and the size of the answer in *bytes. */
static int get_json(json_t **out, char **next, size_t *bytes,
		    struct vigie_forge *f, const char *url,
		    struct vigie_error *err)
{
	struct vigie_http_response r;
	json_error_t je;
	char *shown = NULL;
	int rc;

	*out = NULL;
	if (next)
		*next = NULL;
	if (bytes)
		*bytes = 0;
	if (!f->listing && f->spent >= f->max_total_bytes) {
		shown = vigie_url_redact(url);
		rc = vigie_error_set(err, VIGIE_ELIMIT, shown,
				     "the %s API already sent %zu MiB for this "
				     "audit: no more requests", f->kind->name,
				     f->max_total_bytes >> 20);
		free(shown);
		return rc;
	}
	rc = vigie_http_get(&r, f->http, url, f->headers, err);
	if (rc < 0)
		goto out;
	if (bytes)
		*bytes = r.body.len;
	if (!f->listing)
		f->spent += r.body.len;
	*out = json_loadb(r.body.ptr ? r.body.ptr : "", r.body.len,
			  JSON_REJECT_DUPLICATES, &je);
	/* The parsed page is all that is kept: free the text at once. */
	vigie_buf_release(&r.body);
	if (!*out) {
		shown = vigie_url_redact(url);
		rc = vigie_error_set(err, VIGIE_EINVALID, shown,
				     "malformed JSON from the %s API: %s "
				     "(line %d)", f->kind->name, je.text,
				     je.line);
		goto out;
	}
	if (next && r.next && vigie_http_same_origin(f->api, r.next)) {
		*next = r.next;
		r.next = NULL;
	}
out:
	free(shown);
	vigie_http_response_release(&r);
	return rc;
}

int forge_get_json(json_t **out, char **next, struct vigie_forge *f,
		   const char *url, struct vigie_error *err)
{
	return get_json(out, next, NULL, f, url, err);
}

int forge_get_pages(struct vigie_forge *f, const char *url, size_t max_bytes,
		    bool partial_ok, forge_page_cb cb, void *payload,
		    struct vigie_error *err)
{
	json_t *page = NULL, *seen = json_object();
	char *cur = strdup(url), *next = NULL, *shown = NULL;
	size_t total = 0, bytes;
	int rc = 0;
	bool empty;

	if (!seen || !cur) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
		goto out;
	}
	while (cur) {
		json_object_set_new(seen, cur, json_true());
		rc = get_json(&page, &next, &bytes, f, cur, err);
		if (rc < 0)
			goto out;
		if (!json_is_array(page)) {
			shown = vigie_url_redact(cur);
			rc = vigie_error_set(err, VIGIE_EINVALID, shown,
					     "the %s API did not answer with a "
					     "list", f->kind->name);
			goto out;
		}
		total += bytes;
		if (total > max_bytes) {
			shown = vigie_url_redact(cur);
			if (!partial_ok) {
				rc = vigie_error_set(err, VIGIE_ELIMIT, shown,
						     "the %s API sent more than "
						     "%zu MiB for one list: "
						     "stopped", f->kind->name,
						     max_bytes >> 20);
				goto out;
			}
			forge_warn(f, "the %s API sent more than %zu MiB for "
				      "one list: stopped at %s", f->kind->name,
				   max_bytes >> 20, shown ? shown : "?");
			break;
		}
		/* An empty page ends the listing, whatever the headers say. */
		empty = json_array_size(page) == 0;
		rc = cb(page, payload, err);
		json_decref(page);
		page = NULL;
		if (rc < 0)
			goto out;
		if (rc == FORGE_STOP) {
			rc = 0;
			break;
		}
		free(cur);
		cur = empty ? NULL : next;
		if (!cur)
			free(next);
		next = NULL;
		if (cur && json_object_get(seen, cur)) {
			shown = vigie_url_redact(cur);
			forge_warn(f, "the %s API's next page link points back "
				      "to a page already read (%s): paging "
				      "stopped", f->kind->name,
				   shown ? shown : "?");
			break;
		}
	}
out:
	json_decref(page);
	json_decref(seen);
	free(cur);
	free(next);
	free(shown);
	return rc;
}

int forge_repo_error(struct vigie_forge *f, const char *repo, int rc,
		     struct vigie_error *err)
{
	const char *env = f->kind->token_env[0];

	if (rc == VIGIE_ENOTFOUND)
		vigie_error_set(err, rc, err->where,
				"%s repository '%s' not found%s%s%s",
				f->kind->name, repo,
				f->auth ? "" : " (if it is private, set ",
				f->auth ? "" : env, f->auth ? "" : ")");
	else if (rc == VIGIE_EINVALID && strstr(err->message, "HTTP 401"))
		vigie_error_set(err, rc, err->where,
				"%s rejected the token (HTTP 401): check %s",
				f->kind->name, env);
	else if (rc == VIGIE_EINVALID && strstr(err->message, "HTTP 403"))
		vigie_error_set(err, rc, err->where,
				"%s refused access to '%s' (HTTP 403)%s%s",
				f->kind->name, repo,
				f->auth ? "" : ": set ", f->auth ? "" : env);
	else if (rc == VIGIE_ENET)
		vigie_error_prefix(err, "%s API unreachable", f->kind->name);
	else
		vigie_error_prefix(err, "%s API", f->kind->name);
	return rc;
}

int64_t forge_query_since(int64_t since)
{
	const int64_t week = 7 * 86400;

	return since - (since % week + week) % week;
}

void forge_iso_time(char out[VIGIE_DATE_MAX], int64_t t)
{
	if (!vigie_date_format(out, t, VIGIE_DATE_ISO))
		vigie_date_format(out, 0, VIGIE_DATE_ISO);
}

int64_t vigie_forge_parse_time(const char *s)
{
	int64_t t;

	return vigie_date_parse(&t, s, 0) == 0 ? t : -1;
}

/* ---- newcomer labels ------------------------------------------------------ */

/* Fragments of label names that invite newcomers, lowercase, separators as
 * spaces; English and French. */
static const char *const newcomer_fragments[] = {
	"aide bienvenue",
	"aide souhaitee",
	"aide souhaitée",
	"beginner",
	"bon premier",
	"bonne premiere",
	"bonne première",
	"contributions bienvenues",
	"contributions welcome",
	"debutant",
	"débutant",
	"easy pick",
	"first contribution",
	"first timer",
	"good first",
	"help wanted",
	"newcomer",
	"premiere contribution",
	"première contribution",
	"starter",
};

bool vigie_forge_newcomer_label(const char *name)
{
	char norm[128];
	size_t i, n = 0;

	for (; name && *name && n + 1 < sizeof(norm); name++) {
		unsigned char c = (unsigned char)*name;
		if (strchr("-_:/.", c))
			c = ' ';
		norm[n++] = (char)(c < 0x80 ? tolower(c) : c);
	}
	norm[n] = '\0';
	for (i = 0; i < VIGIE_ARRAY_SIZE(newcomer_fragments); i++)
		if (strstr(norm, newcomer_fragments[i]))
			return true;
	return false;
}

/* ---- tracker maths -------------------------------------------------------- */

bool forge_issues_add(struct forge_issues *l, int64_t number,
		      const char *author, int64_t created, bool closed)
{
	struct forge_issue *is;

	if (vigie_grow(&l->v, &l->alloc, l->n + 1, 64) < 0)
		return false;
	is = &l->v[l->n++];
	is->number = number;
	snprintf(is->author, sizeof(is->author), "%s", author ? author : "");
	is->created = created;
	is->closed = closed;
	is->first_response = -1;
	return true;
}

struct forge_issue *forge_issues_find(struct forge_issues *l, int64_t number)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].number == number)
			return &l->v[i];
	return NULL;
}

void forge_issues_release(struct forge_issues *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

bool forge_login_is_bot(const char *login)
{
	size_t n = login ? strlen(login) : 0;

	return n > 5 && (!strcmp(login + n - 5, "[bot]") ||
			 !strcasecmp(login + n - 4, "-bot") ||
			 !strcasecmp(login + n - 4, "_bot"));
}

void forge_issue_reply(struct forge_issue *is, const char *who, bool bot,
		       int64_t when)
{
	if (!is || !who || bot || forge_login_is_bot(who) || when < 0 ||
	    !strcmp(who, is->author) || when < is->created)
		return;
	if (is->first_response < 0 || when < is->first_response)
		is->first_response = when;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

json_t *forge_tracker_summary(const struct forge_issues *issues, json_t *labels,
			      int window_days)
{
	json_t *t = json_object(), *names = json_array();
	int64_t *delays = NULL;
	size_t i, answered = 0, closed = 0, known = 0;

	if (!t || !names)
		goto fail;
	json_object_set_new(t, "window_days", json_integer(window_days));
	json_object_set_new(t, "opened", json_integer((json_int_t)issues->n));
	if (issues->n) {
		delays = calloc(issues->n, sizeof(*delays));
		if (!delays)
			goto fail;
		for (i = 0; i < issues->n; i++) {
			if (issues->v[i].closed)
				closed++;
			if (issues->v[i].first_response != FORGE_UNKNOWN)
				known++;
			if (issues->v[i].first_response >= 0)
				delays[answered++] = issues->v[i].first_response -
						     issues->v[i].created;
		}
		if (known)
			json_object_set_new(t, "answered_share",
					    json_real((double)answered /
						      (double)known));
		if (known < issues->n)
			json_object_set_new(t, "sampled",
					    json_integer((json_int_t)known));
		json_object_set_new(t, "closed_share",
				    json_real((double)closed / (double)issues->n));
		if (answered) {
			double med;
			qsort(delays, answered, sizeof(*delays), cmp_i64);
			med = answered % 2
				      ? (double)delays[answered / 2]
				      : ((double)delays[answered / 2 - 1] +
					 (double)delays[answered / 2]) / 2;
			json_object_set_new(t, "median_first_response_hours",
					    json_real(med / 3600.0));
		}
	}
	for (i = 0; i < json_array_size(labels); i++) {
		const char *n = json_string_value(
			json_object_get(json_array_get(labels, i), "name"));
		if (n && vigie_forge_newcomer_label(n) &&
		    json_array_size(names) < MAX_TOPICS)
			json_array_append_new(names, vigie_json_str(n));
	}
	json_object_set_new(t, "newcomer_labels", names);
	free(delays);
	return t;
fail:
	free(delays);
	json_decref(t);
	json_decref(names);
	return NULL;
}

/* ---- copying API fields into facts ---------------------------------------- */

static json_t *bounded_str(const char *s)
{
	size_t n = strlen(s);

	return vigie_json_strn(s, n > MAX_TEXT ? MAX_TEXT : n);
}

void forge_copy_str(json_t *dst, const char *key, json_t *src,
		    const char *member, bool keep_empty)
{
	json_t *v = json_object_get(src, member);

	if (json_is_string(v))
		json_object_set_new(dst, key, bounded_str(json_string_value(v)));
	else if (keep_empty && (!v || json_is_null(v)))
		json_object_set_new(dst, key, json_string(""));
}

void forge_copy_bool(json_t *dst, const char *key, json_t *src,
		     const char *member)
{
	json_t *v = json_object_get(src, member);

	if (json_is_boolean(v))
		json_object_set(dst, key, v);
}

void forge_copy_int(json_t *dst, const char *key, json_t *src,
		    const char *member)
{
	json_t *v = json_object_get(src, member);

	if (json_is_integer(v))
		json_object_set_new(dst, key, json_integer(json_integer_value(v)));
}

void forge_copy_fields(json_t *dst, json_t *src,
		       const struct forge_field *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct forge_field *f = &fields[i];
		switch (f->type) {
		case FIELD_STR:
		case FIELD_STR_EMPTY:
			forge_copy_str(dst, f->fact, src, f->member,
				       f->type == FIELD_STR_EMPTY);
			break;
		case FIELD_BOOL:
			forge_copy_bool(dst, f->fact, src, f->member);
			break;
		case FIELD_INT:
			forge_copy_int(dst, f->fact, src, f->member);
			break;
		case FIELD_STRINGS:
			if (json_is_array(json_object_get(src, f->member)))
				forge_copy_strings(dst, f->fact,
						   json_object_get(src, f->member));
			break;
		default:
			break;
		}
	}
}

void forge_copy_strings(json_t *dst, const char *key, json_t *arr)
{
	json_t *out = json_array();
	size_t i;

	if (!out)
		return;
	for (i = 0; i < json_array_size(arr) && i < MAX_TOPICS; i++) {
		json_t *s = json_array_get(arr, i);
		if (json_is_string(s))
			json_array_append_new(out, bounded_str(json_string_value(s)));
	}
	json_object_set_new(dst, key, out);
}

/* ---- the collector -------------------------------------------------------- */

static char *http_cache_dir(const char *cache_dir)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	char *root = cache_dir ? strdup(cache_dir) : vigie_cache_root();

	if (!root)
		return NULL;
	if (vigie_buf_printf(&b, "%s/http", root) < 0)
		vigie_buf_release(&b);
	free(root);
	return b.ptr ? vigie_buf_detach(&b, NULL) : NULL;
}

int vigie_forge_collect(json_t **out, const struct vigie_collect_ctx *ctx,
			struct vigie_error *err)
{
	const struct vigie_collect_opts *o = ctx->opts;
	const struct vigie_target *t = ctx->target;
	struct vigie_target origin;
	struct vigie_forge_opts fo;
	struct vigie_forge *f = NULL;
	struct vigie_error terr;
	const char *kind = NULL, *host = NULL, *repo = NULL, *shown = NULL;
	char *cache = NULL, *probed_api = NULL;
	json_t *facts = NULL, *tracker = NULL;
	bool asked = o->forge || o->api_url || o->forge_repo;
	int rc = 0;

	*out = NULL;
	memset(&origin, 0, sizeof(origin));
	if (o->offline)
		return 0;
	if (t && t->kind == VIGIE_TARGET_URL) {
		kind = t->forge;
		host = t->host;
		repo = t->repo;
		shown = t->display;
	} else if (ctx->snap) {
		const char *url =
			vigie_source_origin(vigie_snapshot_source(ctx->snap));
		if (url && vigie_target_parse(&origin, url, NULL) == 0 &&
		    origin.kind == VIGIE_TARGET_URL) {
			kind = origin.forge;
			host = origin.host;
			repo = origin.repo;
			shown = origin.display;
		}
	}
	if (o->forge)
		kind = o->forge;
	if (o->forge_repo)
		repo = o->forge_repo;
	vigie_forge_opts_init(&fo);
	/* One time budget per audit: the forge's requests spend it too. */
	fo.http.deadline_ms = o->deadline_ms;
	fo.http.ca_file = o->ca_file;
	fo.http.ca_path = o->ca_path;
	cache = http_cache_dir(o->cache_dir);
	fo.http.cache_dir = cache;
	if (!kind && !o->api_url && host && repo) {
		/* A host vigie does not know: ask it once which forge it is. */
		struct vigie_buf base = VIGIE_BUF_INIT;
		bool http = shown && !strncmp(shown, "http://", 7);
		if (vigie_buf_printf(&base, "%s://%s", http ? "http" : "https",
				     host) == 0 &&
		    (!http || vigie_http_url_loopback(base.ptr))) {
			kind = forge_probe(base.ptr, host, cache, &fo.http);
			/* Plain http only on this machine, as for a token. */
			if (kind && http) {
				vigie_buf_puts(&base, find_kind(kind)->api_suffix);
				probed_api = vigie_buf_detach(&base, NULL);
			}
		}
		vigie_buf_release(&base);
	}
	if (!kind || !repo) {
		if (asked)
			rc = vigie_error_set(err, VIGIE_EINVALID, NULL,
					     "cannot tell the forge repository: "
					     "give --forge KIND and "
					     "--forge-repo OWNER/NAME");
		else if (host)
			vigie_facts_problem(
				ctx, "forge", VIGIE_ENOTFOUND, shown,
				N_("no forge API answers at %s, so the forge's "
				   "rules are skipped: name it with --forge "
				   "gitlab|gitea|github and --api-url URL, or "
				   "audit with --offline"),
				host);
		else
			vigie_facts_problem(
				ctx, "forge", VIGIE_ENOTFOUND, NULL,
				N_("the repository has no remote on a forge, so "
				   "the forge's rules are skipped: name it with "
				   "--forge KIND, --forge-repo OWNER/NAME and "
				   "--api-url URL, or audit with --offline"));
		goto out;
	}

	fo.kind = kind;
	/* A batch listing names its forge, which may not be the clone's host. */
	fo.host = o->forge_host ? o->forge_host : host;
	fo.api_url = o->api_url ? o->api_url : probed_api;
	rc = vigie_forge_new(&f, &fo, err);
	if (rc < 0)
		goto out;
	rc = vigie_forge_repo(&facts, f, repo, err);
	if (rc < 0)
		goto out;

	vigie_error_clear(&terr);
	if (vigie_forge_tracker(&tracker, f, repo,
				o->now - (int64_t)o->tracker_days * 86400,
				o->now, &terr) == 0) {
		json_object_set_new(tracker, "window_days",
				    json_integer(o->tracker_days));
		json_object_set_new(facts, "tracker", tracker);
	} else {
		/* The repository's facts stand; the tracker's rules skip. */
		json_object_set_new(facts, "unavailable",
				    json_pack("{s:s}", "tracker", terr.message));
	}
	if (json_array_size(vigie_forge_warnings(f)))
		json_object_set(facts, "warnings", vigie_forge_warnings(f));
	*out = facts;
	facts = NULL;
out:
	json_decref(facts);
	vigie_forge_free(f);
	vigie_target_release(&origin);
	free(cache);
	free(probed_api);
	return rc;
}

/* ---- what GitHub and Gitea share ------------------------------------------ */

static int64_t number_from_url(const char *url)
{
	const char *slash = url ? strrchr(url, '/') : NULL;
	char *end;
	long long n;

	if (!slash || !slash[1])
		return -1;
	n = strtoll(slash + 1, &end, 10);
	return *end ? -1 : (int64_t)n;
}

struct tracker_pass {
	struct forge_issues *issues;
	int64_t since, now;
	json_t *labels; /* newcomer labels only, bounded */
};

static int on_issues(json_t *page, void *payload, struct vigie_error *err)
{
	struct tracker_pass *p = payload;
	size_t i;

	for (i = 0; i < json_array_size(page); i++) {
		json_t *it = json_array_get(page, i);
		json_t *pr = json_object_get(it, "pull_request");
		json_t *num = json_object_get(it, "number");
		const char *who = json_string_value(json_object_get(
			json_object_get(it, "user"), "login"));
		const char *state = json_string_value(json_object_get(it, "state"));
		int64_t created = vigie_forge_parse_time(
			json_string_value(json_object_get(it, "created_at")));

		/* An issue a page repeats counts once. */
		if ((pr && !json_is_null(pr)) || !json_is_integer(num) ||
		    created < p->since || created > p->now ||
		    forge_issues_find(p->issues, json_integer_value(num)))
			continue;
		if (!forge_issues_add(p->issues, json_integer_value(num), who,
				      created, state && !strcmp(state, "closed")))
			return vigie_error_set(err, VIGIE_ENOMEM, NULL,
					       "out of memory");
	}
	return 0;
}

static int on_comments(json_t *page, void *payload, struct vigie_error *err)
{
	struct tracker_pass *p = payload;
	size_t i;

	(void)err;
	for (i = 0; i < json_array_size(page); i++) {
		json_t *c = json_array_get(page, i);
		json_t *user = json_object_get(c, "user");
		const char *type = json_string_value(json_object_get(user, "type"));
		forge_issue_reply(
			forge_issues_find(p->issues,
					  number_from_url(json_string_value(
						  json_object_get(c, "issue_url")))),
			json_string_value(json_object_get(user, "login")),
			type && !strcmp(type, "Bot"),
			vigie_forge_parse_time(json_string_value(
				json_object_get(c, "created_at"))));
	}
	return 0;
}

int forge_on_labels(json_t *page, void *payload, struct vigie_error *err)
{
	json_t *keep = payload;
	size_t i;

	(void)err;
	for (i = 0; i < json_array_size(page); i++) {
		json_t *l = json_array_get(page, i);
		const char *n = json_string_value(json_object_get(l, "name"));
		if (n && vigie_forge_newcomer_label(n) &&
		    json_array_size(keep) < FORGE_MAX_LABELS)
			json_array_append(keep, l);
	}
	return 0;
}

int forge_tracker_by_comments(json_t **out, struct vigie_forge *f,
			      const char *issues_url, const char *comments_url,
			      const char *labels_url, int64_t since,
			      int64_t now, struct vigie_error *err)
{
	struct forge_issues issues = { NULL, 0, 0 };
	struct tracker_pass p = { &issues, since, now, json_array() };
	int rc;

	*out = NULL;
	if (!p.labels)
		return vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
	rc = forge_get_pages(f, issues_url, f->max_endpoint_bytes, false,
			     on_issues, &p, err);
	if (rc < 0)
		goto out;
	if (issues.n) {
		rc = forge_get_pages(f, comments_url, f->max_endpoint_bytes,
				     false, on_comments, &p, err);
		if (rc < 0)
			goto out;
	}
	rc = forge_get_pages(f, labels_url, f->max_endpoint_bytes, false,
			     forge_on_labels, p.labels, err);
	if (rc < 0)
		goto out;
	*out = forge_tracker_summary(&issues, p.labels,
				     (int)((now - since) / 86400));
	if (!*out)
		rc = vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
out:
	json_decref(p.labels);
	forge_issues_release(&issues);
	return rc;
}

json_t *forge_list_rows(json_t *items, const char *name_key,
			const char *url_key, const char *fork_key)
{
	json_t *rows = json_array();
	size_t i;

	for (i = 0; rows && i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);
		json_t *name = json_object_get(it, name_key);
		json_t *fork = json_object_get(it, fork_key);
		json_t *row;

		if (!json_is_string(name))
			continue;
		row = json_pack("{s:o, s:b, s:b}", "repo",
				vigie_json_str(json_string_value(name)),
				"archived",
				json_is_true(json_object_get(it, "archived")),
				"fork",
				json_is_true(fork) || json_is_object(fork));
		if (row)
			forge_copy_str(row, "url", it, url_key, false);
		json_array_append_new(rows, row);
	}
	return rows;
}

struct list_pass {
	struct vigie_forge *f;
	json_t *rows;
	const char *name_key, *url_key, *fork_key;
};

static int on_list_page(json_t *page, void *payload, struct vigie_error *err)
{
	struct list_pass *p = payload;
	json_t *rows = forge_list_rows(page, p->name_key, p->url_key,
				       p->fork_key);
	size_t room = p->f->max_list_entries - json_array_size(p->rows);
	size_t i;

	if (!rows)
		return vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
	for (i = 0; i < json_array_size(rows) && i < room; i++)
		json_array_append(p->rows, json_array_get(rows, i));
	if (json_array_size(rows) > room ||
	    json_array_size(p->rows) >= p->f->max_list_entries) {
		forge_warn(p->f, "the %s listing stopped at %zu repositories "
				 "(the ceiling)", p->f->kind->name,
			   json_array_size(p->rows));
		json_decref(rows);
		return FORGE_STOP;
	}
	json_decref(rows);
	return 0;
}

int forge_list_pages(json_t **rows, struct vigie_forge *f, const char *url,
		     const char *name_key, const char *url_key,
		     const char *fork_key, struct vigie_error *err)
{
	struct list_pass p = { f, NULL, name_key, url_key, fork_key };
	int rc;

	p.rows = json_array();
	if (!p.rows)
		return vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
	rc = forge_get_pages(f, url, f->max_list_bytes, true, on_list_page, &p,
			     err);
	if (rc < 0) {
		json_decref(p.rows);
		return rc;
	}
	json_decref(*rows);
	*rows = p.rows;
	return 0;
}

int forge_list_owner(json_t **out, struct vigie_forge *f, const char *owner,
		     const char *org_query, const char *user_query,
		     struct vigie_error *err)
{
	char *url = forge_url(f, "/orgs/%s/repos?%s", owner, org_query);
	int rc;

	if (!url)
		return vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
	rc = forge_list_pages(out, f, url, "full_name", "clone_url", "fork", err);
	if (rc == VIGIE_ENOTFOUND) {
		/* not an organisation: perhaps a user */
		free(url);
		url = forge_url(f, "/users/%s/repos?%s", owner, user_query);
		rc = url ? forge_list_pages(out, f, url, "full_name",
					    "clone_url", "fork", err)
			 : vigie_error_set(err, VIGIE_ENOMEM, NULL,
					   "out of memory");
	}
	if (rc == VIGIE_ENOTFOUND)
		rc = vigie_error_set(err, rc, err->where,
				     "%s organisation or user '%s' not found",
				     f->kind->name, owner);
	free(url);
	return rc;
}

int forge_fetch_repo(json_t **out, json_t **raw, struct vigie_forge *f,
		     char *url, const char *name, json_t *(*parse)(json_t *r),
		     struct vigie_error *err)
{
	json_t *r = NULL;
	int rc;

	*out = NULL;
	if (raw)
		*raw = NULL;
	if (!url)
		return vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
	rc = forge_get_json(&r, NULL, f, url, err);
	free(url);
	if (rc < 0)
		return forge_repo_error(f, name, rc, err);
	if (!json_is_object(r)) {
		json_decref(r);
		return vigie_error_set(err, VIGIE_EINVALID, NULL,
				       "the %s API did not describe '%s'",
				       f->kind->name, name);
	}
	*out = parse(r);
	if (!*out) {
		json_decref(r);
		return vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
	}
	if (raw)
		*raw = r;
	else
		json_decref(r);
	return 0;
}
