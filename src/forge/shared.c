/* SPDX-License-Identifier: EUPL-1.2 */
/* What the GitHub and Gitea clients share: the tracker read from issues
 * and comments, owner lists, a repository's record. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/sys/forge.h"
#include "vigie/i18n.h"
#include "grow.h"
#include "internal.h"
#include "json.h"
#include "banned.h"

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
		forge_warn(p->f, N_("the %s listing stopped at %zu repositories "
				 "(the ceiling)"), p->f->kind->name,
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
