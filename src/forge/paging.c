/* SPDX-License-Identifier: EUPL-1.2 */
/* Requests of forge clients: URLs, warnings, JSON pages and their limits,
 * errors of a repository. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/sys/forge.h"
#include "vigie/i18n.h"
#include "internal.h"
#include "json.h"
#include "banned.h"

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
	json_t *w;
	va_list ap;
	int rc;

	if (!f->warnings || json_array_size(f->warnings) >= FORGE_MAX_WARNINGS)
		return;
	/* in English, and as data for the reader's language */
	w = json_object();
	if (!w) {
		vigie_nomem_mark();
		return;
	}
	va_start(ap, fmt);
	rc = vigie_msg_json_vset(w, "message", fmt, ap);
	va_end(ap);
	if (rc < 0)
		json_decref(w);
	else if (json_array_append_new(f->warnings, w) < 0)
		vigie_nomem_mark();
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
			forge_warn(f, N_("the %s API sent more than %zu MiB for "
				      "one list: stopped at %s"), f->kind->name,
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
			forge_warn(f, N_("the %s API's next page link points back "
				      "to a page already read (%s): paging "
				      "stopped"), f->kind->name,
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
