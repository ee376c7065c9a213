/* SPDX-License-Identifier: EUPL-1.2 */
/* The GitLab v4 API client: project, tracker, group listing with subgroups. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "banned.h"

/* GitLab names a project by its URL-encoded full path. */
static char *project_url(struct vigie_forge *f, const char *name,
			 const char *rest)
{
	char *id = forge_escape(name), *url;

	if (!id)
		return NULL;
	url = forge_url(f, "/projects/%s%s", id, rest);
	free(id);
	return url;
}

/* "enabled"/"private" or the older boolean. */
static void access(json_t *facts, const char *key, json_t *r,
		   const char *level, const char *flag)
{
	const char *v = json_string_value(json_object_get(r, level));

	if (v)
		json_object_set_new(facts, key,
				    json_boolean(strcmp(v, "disabled") != 0));
	else
		forge_copy_bool(facts, key, r, flag);
}

/* GitLab has no homepage field: that fact stays absent. */
static const struct forge_field fields[] = {
	{ "repo", "path_with_namespace", FIELD_STR },
	{ "url", "web_url", FIELD_STR },
	{ "description", "description", FIELD_STR_EMPTY },
	{ "archived", "archived", FIELD_BOOL },
	{ "default_branch", "default_branch", FIELD_STR },
	{ "stars", "star_count", FIELD_INT },
	{ "forks", "forks_count", FIELD_INT },
	{ "open_issues", "open_issues_count", FIELD_INT },
};

json_t *forge_gitlab_repo_facts(json_t *r)
{
	json_t *facts, *t;

	facts = json_pack("{s:s}", "kind", "gitlab");
	if (!facts)
		return NULL;
	forge_copy_fields(facts, r, fields, VIGIE_ARRAY_SIZE(fields));
	access(facts, "issues_enabled", r, "issues_access_level",
	       "issues_enabled");
	access(facts, "wiki", r, "wiki_access_level", "wiki_enabled");
	t = json_object_get(r, "topics");
	if (!json_is_array(t))
		t = json_object_get(r, "tag_list");
	if (json_is_array(t))
		forge_copy_strings(facts, "topics", t);
	json_object_set_new(facts, "fork",
			    json_boolean(json_is_object(json_object_get(
				    r, "forked_from_project"))));
	forge_copy_str(facts, "license", json_object_get(r, "license"), "key",
		       false);
	return facts;
}

static int repo(json_t **out, struct vigie_forge *f, const char *name,
		struct vigie_error *err)
{
	return forge_fetch_repo(out, NULL, f,
				project_url(f, name, "?license=true"), name,
				forge_gitlab_repo_facts, err);
}

/* The first note on an issue by someone else than its author. */
static int first_note(struct forge_issue *is, struct vigie_forge *f,
		      const char *name, struct vigie_error *err)
{
	struct vigie_buf rest = VIGIE_BUF_INIT;
	json_t *notes = NULL;
	char *url = NULL;
	size_t i;
	int rc;

	if (vigie_buf_printf(&rest, "/issues/%lld/notes?sort=asc"
				    "&order_by=created_at&per_page=100",
			     (long long)is->number) < 0 ||
	    !(url = project_url(f, name, rest.ptr))) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
		goto out;
	}
	/* One page: the first answer is nearly always on it. */
	rc = forge_get_json(&notes, NULL, f, url, err);
	if (rc < 0)
		goto out;
	for (i = 0; i < json_array_size(notes); i++) {
		json_t *n = json_array_get(notes, i);
		json_t *author = json_object_get(n, "author");
		if (json_is_true(json_object_get(n, "system")))
			continue;
		forge_issue_reply(
			is, json_string_value(json_object_get(author, "username")),
			json_is_true(json_object_get(author, "bot")),
			vigie_forge_parse_time(json_string_value(
				json_object_get(n, "created_at"))));
	}
out:
	json_decref(notes);
	vigie_buf_release(&rest);
	free(url);
	return rc;
}

struct issues_pass {
	struct vigie_forge *f;
	const char *name;
	struct forge_issues *issues;
	int64_t since, now;
	size_t fetched;
};

static int on_issues(json_t *page, void *payload, struct vigie_error *err)
{
	struct issues_pass *p = payload;
	size_t i;
	int rc;

	for (i = 0; i < json_array_size(page); i++) {
		json_t *it = json_array_get(page, i);
		json_t *iid = json_object_get(it, "iid");
		const char *state = json_string_value(json_object_get(it, "state"));
		int64_t created = vigie_forge_parse_time(
			json_string_value(json_object_get(it, "created_at")));
		json_int_t notes = json_integer_value(
			json_object_get(it, "user_notes_count"));
		struct forge_issue *is;

		/* An issue a page repeats counts once. */
		if (!json_is_integer(iid) || created < p->since ||
		    created > p->now ||
		    forge_issues_find(p->issues, json_integer_value(iid)))
			continue;
		if (!forge_issues_add(p->issues, json_integer_value(iid),
				      json_string_value(json_object_get(
					      json_object_get(it, "author"),
					      "username")),
				      created, state && !strcmp(state, "closed")))
			return vigie_error_set(err, VIGIE_ENOMEM, NULL,
					       "out of memory");
		is = &p->issues->v[p->issues->n - 1];
		if (notes <= 0)
			continue;
		/* Past the ceiling the answer is unknown, not "no". */
		if (p->fetched == FORGE_MAX_NOTE_FETCHES) {
			is->first_response = FORGE_UNKNOWN;
			continue;
		}
		p->fetched++;
		rc = first_note(is, p->f, p->name, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int tracker(json_t **out, struct vigie_forge *f, const char *name,
		   int64_t since, int64_t now, struct vigie_error *err)
{
	struct forge_issues issues = { NULL, 0, 0 };
	struct issues_pass p = { f, name, &issues, since, now, 0 };
	struct vigie_buf rest = VIGIE_BUF_INIT;
	json_t *labels = json_array();
	char *url = NULL;
	char iso[32];
	int rc;

	*out = NULL;
	forge_iso_time(iso, forge_query_since(since));
	if (!labels ||
	    vigie_buf_printf(&rest, "/issues?scope=all&created_after=%s"
				    "&per_page=100", iso) < 0 ||
	    !(url = project_url(f, name, rest.ptr))) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
		goto out;
	}
	rc = forge_get_pages(f, url, f->max_endpoint_bytes, false, on_issues,
			     &p, err);
	if (rc < 0)
		goto out;
	free(url);
	url = project_url(f, name, "/labels?per_page=100");
	if (!url) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
		goto out;
	}
	rc = forge_get_pages(f, url, f->max_endpoint_bytes, false,
			     forge_on_labels, labels, err);
	if (rc < 0)
		goto out;
	*out = forge_tracker_summary(&issues, labels,
				     (int)((now - since) / 86400));
	if (!*out)
		rc = vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
out:
	json_decref(labels);
	vigie_buf_release(&rest);
	forge_issues_release(&issues);
	free(url);
	return rc;
}

static int list(json_t **out, struct vigie_forge *f, const char *owner,
		struct vigie_error *err)
{
	char *id = forge_escape(owner), *url = NULL;
	int rc;

	url = id ? forge_url(f, "/groups/%s/projects?include_subgroups=true"
				"&per_page=100", id)
		 : NULL;
	if (!url) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
		goto out;
	}
	rc = forge_list_pages(out, f, url, "path_with_namespace",
			      "http_url_to_repo", "forked_from_project", err);
	if (rc == VIGIE_ENOTFOUND && !strchr(owner, '/')) {
		free(url);
		url = forge_url(f, "/users/%s/projects?per_page=100", id);
		rc = url ? forge_list_pages(out, f, url, "path_with_namespace",
					    "http_url_to_repo",
					    "forked_from_project", err)
			 : vigie_error_set(err, VIGIE_ENOMEM, NULL,
					   "out of memory");
	}
	if (rc == VIGIE_ENOTFOUND)
		rc = vigie_error_set(err, rc, err->where,
				     "gitlab group or user '%s' not found", owner);
out:
	free(id);
	free(url);
	return rc;
}

const struct forge_kind vigie_forge_gitlab = {
	.name = "gitlab",
	.token_env = { "GITLAB_TOKEN", NULL, NULL },
	.api_suffix = "/api/v4",
	.default_host = "gitlab.com",
	.default_api = "https://gitlab.com/api/v4",
	.auth_prefix = "PRIVATE-TOKEN: ",
	.repo = repo,
	.tracker = tracker,
	.list = list,
};
