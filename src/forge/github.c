/* SPDX-License-Identifier: EUPL-1.2 */
/* The GitHub REST API client: repository, tracker, organisation listing. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "banned.h"

/* The repository facts from the API's description of it (new reference). */
/* GitHub counts open pull requests in open_issues_count. */
static const struct forge_field fields[] = {
	{ "repo", "full_name", FIELD_STR },
	{ "url", "html_url", FIELD_STR },
	{ "issues_enabled", "has_issues", FIELD_BOOL },
	{ "description", "description", FIELD_STR_EMPTY },
	{ "homepage", "homepage", FIELD_STR_EMPTY },
	{ "topics", "topics", FIELD_STRINGS },
	{ "archived", "archived", FIELD_BOOL },
	{ "fork", "fork", FIELD_BOOL },
	{ "default_branch", "default_branch", FIELD_STR },
	{ "wiki", "has_wiki", FIELD_BOOL },
	{ "discussions", "has_discussions", FIELD_BOOL },
	{ "stars", "stargazers_count", FIELD_INT },
	{ "forks", "forks_count", FIELD_INT },
	{ "open_issues", "open_issues_count", FIELD_INT },
};

json_t *forge_github_repo_facts(json_t *r)
{
	json_t *facts, *lic;
	const char *spdx;

	facts = json_pack("{s:s}", "kind", "github");
	if (!facts)
		return NULL;
	forge_copy_fields(facts, r, fields, VIGIE_ARRAY_SIZE(fields));
	lic = json_object_get(r, "license");
	spdx = json_string_value(json_object_get(lic, "spdx_id"));
	if (spdx && *spdx && strcmp(spdx, "NOASSERTION"))
		forge_copy_str(facts, "license", lic, "spdx_id", false);
	return facts;
}

static int repo(json_t **out, struct vigie_forge *f, const char *name,
		struct vigie_error *err)
{
	return forge_fetch_repo(out, NULL, f, forge_url(f, "/repos/%s", name),
				name, forge_github_repo_facts, err);
}

static int tracker(json_t **out, struct vigie_forge *f, const char *name,
		   int64_t since, int64_t now, struct vigie_error *err)
{
	char iso[32];
	char *issues, *comments, *labels;
	int rc;

	forge_iso_time(iso, forge_query_since(since));
	issues = forge_url(f, "/repos/%s/issues?state=all&since=%s&per_page=100",
			   name, iso);
	comments = forge_url(f, "/repos/%s/issues/comments?since=%s&per_page=100",
			     name, iso);
	labels = forge_url(f, "/repos/%s/labels?per_page=100", name);
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
	return forge_list_owner(out, f, owner, "type=all&per_page=100",
				"type=owner&per_page=100", err);
}

const struct forge_kind vigie_forge_github = {
	.name = "github",
	.token_env = { "GITHUB_TOKEN", "GH_TOKEN", NULL },
	.api_suffix = "/api/v3",
	.default_host = "github.com",
	.default_api = "https://api.github.com",
	.auth_prefix = "Authorization: Bearer ",
	.repo = repo,
	.tracker = tracker,
	.list = list,
};
