/* SPDX-License-Identifier: EUPL-1.2 */
/* The Gitea and Forgejo v1 API client: repository, tracker, listing. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "banned.h"

/* Older servers leave topics out of the repository: ask for them. */
static void topics(json_t *facts, struct vigie_forge *f, const char *name,
		   json_t *r)
{
	json_t *t = json_object_get(r, "topics"), *doc = NULL;
	struct vigie_error ignored;
	char *url;

	if (json_is_array(t)) {
		forge_copy_strings(facts, "topics", t);
		return;
	}
	url = forge_url(f, "/repos/%s/topics", name);
	if (url && forge_get_json(&doc, NULL, f, url, &ignored) == 0 &&
	    json_is_array(json_object_get(doc, "topics")))
		forge_copy_strings(facts, "topics", json_object_get(doc, "topics"));
	json_decref(doc);
	free(url);
}

/* The repository facts from the API's description of it (new reference). */
static const struct forge_field fields[] = {
	{ "repo", "full_name", FIELD_STR },
	{ "url", "html_url", FIELD_STR },
	{ "issues_enabled", "has_issues", FIELD_BOOL },
	{ "description", "description", FIELD_STR_EMPTY },
	{ "homepage", "website", FIELD_STR_EMPTY },
	{ "archived", "archived", FIELD_BOOL },
	{ "fork", "fork", FIELD_BOOL },
	{ "default_branch", "default_branch", FIELD_STR },
	{ "wiki", "has_wiki", FIELD_BOOL },
	{ "stars", "stars_count", FIELD_INT },
	{ "forks", "forks_count", FIELD_INT },
	{ "open_issues", "open_issues_count", FIELD_INT },
};

json_t *forge_gitea_repo_facts(json_t *r)
{
	json_t *facts, *lic;

	facts = json_pack("{s:s}", "kind", "gitea");
	if (!facts)
		return NULL;
	forge_copy_fields(facts, r, fields, VIGIE_ARRAY_SIZE(fields));
	/* Forgejo 7 and Gitea 1.22 detect licenses: keep the first. */
	lic = json_object_get(r, "licenses");
	if (json_is_string(json_array_get(lic, 0)))
		json_object_set_new(facts, "license",
				    json_string(json_string_value(
					    json_array_get(lic, 0))));
	return facts;
}

static int repo(json_t **out, struct vigie_forge *f, const char *name,
		struct vigie_error *err)
{
	json_t *r = NULL;
	int rc = forge_fetch_repo(out, &r, f, forge_url(f, "/repos/%s", name),
				  name, forge_gitea_repo_facts, err);

	if (rc == 0)
		topics(*out, f, name, r);
	json_decref(r);
	return rc;
}

static int tracker(json_t **out, struct vigie_forge *f, const char *name,
		   int64_t since, int64_t now, struct vigie_error *err)
{
	char iso[32];
	char *issues, *comments, *labels;
	int rc;

	forge_iso_time(iso, forge_query_since(since));
	issues = forge_url(f, "/repos/%s/issues?state=all&type=issues&since=%s"
			      "&limit=50", name, iso);
	comments = forge_url(f, "/repos/%s/issues/comments?since=%s&limit=50",
			     name, iso);
	labels = forge_url(f, "/repos/%s/labels?limit=50", name);
	if (!issues || !comments || !labels)
		rc = vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
	else
		rc = forge_tracker_by_comments(out, f, issues, comments, labels,
					       since, now, err);
	free(issues);
	free(comments);
	free(labels);
	return rc;
}

static int list(json_t **out, struct vigie_forge *f, const char *owner,
		struct vigie_error *err)
{
	return forge_list_owner(out, f, owner, "limit=50", "limit=50", err);
}

const struct forge_kind vigie_forge_gitea = {
	.name = "gitea",
	.token_env = { "GITEA_TOKEN", "FORGEJO_TOKEN", NULL },
	.api_suffix = "/api/v1",
	.default_host = "codeberg.org",
	.default_api = "https://codeberg.org/api/v1",
	.auth_prefix = "Authorization: token ",
	.repo = repo,
	.tracker = tracker,
	.list = list,
};
