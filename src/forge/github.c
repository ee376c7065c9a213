/* SPDX-License-Identifier: EUPL-1.2 */
/* The GitHub REST API client: repository, tracker, organisation listing. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "banned.h"

/* The repository facts from the API's description of it (new reference). */
json_t *forge_github_repo_facts(json_t *r)
{
	json_t *facts, *lic;
	const char *spdx;

	facts = json_pack("{s:s}", "kind", "github");
	if (!facts)
		return NULL;
	forge_copy_str(facts, "repo", r, "full_name", false);
	forge_copy_str(facts, "url", r, "html_url", false);
	forge_copy_bool(facts, "issues_enabled", r, "has_issues");
	forge_copy_str(facts, "description", r, "description", true);
	forge_copy_str(facts, "homepage", r, "homepage", true);
	if (json_is_array(json_object_get(r, "topics")))
		forge_copy_strings(facts, "topics", json_object_get(r, "topics"));
	forge_copy_bool(facts, "archived", r, "archived");
	forge_copy_bool(facts, "fork", r, "fork");
	forge_copy_str(facts, "default_branch", r, "default_branch", false);
	forge_copy_bool(facts, "wiki", r, "has_wiki");
	forge_copy_bool(facts, "discussions", r, "has_discussions");
	forge_copy_int(facts, "stars", r, "stargazers_count");
	forge_copy_int(facts, "forks", r, "forks_count");
	/* GitHub counts open pull requests in open_issues_count. */
	forge_copy_int(facts, "open_issues", r, "open_issues_count");
	lic = json_object_get(r, "license");
	spdx = json_string_value(json_object_get(lic, "spdx_id"));
	if (spdx && *spdx && strcmp(spdx, "NOASSERTION"))
		forge_copy_str(facts, "license", lic, "spdx_id", false);
	return facts;
}

static int repo(json_t **out, struct vigie_forge *f, const char *name,
		struct vigie_error *err)
{
	json_t *r = NULL, *facts = NULL;
	char *url = forge_url(f, "/repos/%s", name);
	int rc;

	if (!url)
		return vigie_error_set(err, VIGIE_EGENERIC, NULL, "out of memory");
	rc = forge_get_json(&r, NULL, f, url, err);
	if (rc < 0) {
		rc = forge_repo_error(f, name, rc, err);
		goto out;
	}
	if (!json_is_object(r)) {
		rc = vigie_error_set(err, VIGIE_EINVALID, NULL,
				     "the github API did not describe '%s'",
				     name);
		goto out;
	}
	facts = forge_github_repo_facts(r);
	if (!facts) {
		rc = vigie_error_set(err, VIGIE_EGENERIC, NULL, "out of memory");
		goto out;
	}
	*out = facts;
	facts = NULL;
out:
	json_decref(facts);
	json_decref(r);
	free(url);
	return rc;
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
		rc = vigie_error_set(err, VIGIE_EGENERIC, NULL, "out of memory");
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
