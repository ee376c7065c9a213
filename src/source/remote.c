/* SPDX-License-Identifier: EUPL-1.2 */
/* Ask a repository for its HEAD without fetching: cheap change detection. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "git2_api.h"

#include "vigie/source.h"
#include "internal.h"
#include "text.h"
#include "banned.h"

static int local_head(char hex[VIGIE_OID_HEX_MAX], const struct vigie_target *t,
		      struct vigie_error *err)
{
	git_repository *repo = NULL;
	git_oid oid;
	struct stat st;
	int rc;

	if (stat(t->display, &st) != 0)
		return vigie_error_set(err, VIGIE_ENOTFOUND, t->display,
				       "cannot open repository: no such path");
	rc = git_repository_open_ext(&repo, t->display, 0, NULL);
	if (rc == GIT_ENOTFOUND)
		return vigie_error_set(err, VIGIE_EINVALID, t->display,
				       "not a git repository");
	if (rc < 0)
		return vigie_git_fail(err, VIGIE_EINVALID, t,
				      "cannot open repository");
	rc = git_reference_name_to_id(&oid, repo, "HEAD");
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
		rc = vigie_error_set(err, VIGIE_EEMPTY, t->display,
				     "the repository has no commits");
	} else if (rc < 0) {
		rc = vigie_git_fail(err, VIGIE_EINVALID, t,
				    "cannot resolve HEAD");
	} else {
		git_oid_tostr(hex, VIGIE_OID_HEX_MAX, &oid);
		rc = 0;
	}
	git_repository_free(repo);
	return rc;
}

static int remote_head(char hex[VIGIE_OID_HEX_MAX], const struct vigie_target *t,
		       const struct vigie_source_opts *opts,
		       struct vigie_error *err)
{
	git_remote_callbacks cb = GIT_REMOTE_CALLBACKS_INIT;
	git_remote *remote = NULL;
	const git_remote_head **heads = NULL;
	struct vigie_source_ca ca;
	size_t n = 0, i;
	int rc;

	if (vigie_source_ca_wanted(t)) {
		rc = vigie_source_ca_resolve(&ca, opts ? opts->ca_file : NULL,
					     opts ? opts->ca_path : NULL, err);
		if (rc == 0)
			rc = vigie_source_ca_apply(&ca, t, err);
		vigie_source_ca_release(&ca);
		if (rc < 0)
			return rc;
	}
	if (git_remote_create_detached(&remote, t->url) < 0)
		return vigie_git_fail(err, VIGIE_EINVALID, t,
				      "cannot use URL");
	if (git_remote_connect(remote, GIT_DIRECTION_FETCH, &cb, NULL, NULL) < 0) {
		rc = vigie_git_fail(err, vigie_git_reach_code(), t,
				    "cannot reach repository");
		goto out;
	}
	if (git_remote_ls(&heads, &n, remote) < 0) {
		rc = vigie_git_fail(err, VIGIE_ENET, t,
				    "cannot list remote references");
		goto out;
	}
	rc = vigie_error_set(err, VIGIE_EEMPTY, t->display,
			     "the repository has no commits");
	for (i = 0; i < n; i++)
		if (!strcmp(heads[i]->name, "HEAD")) {
			git_oid_tostr(hex, VIGIE_OID_HEX_MAX, &heads[i]->oid);
			vigie_error_clear(err);
			rc = 0;
			break;
		}
	git_remote_disconnect(remote);
out:
	git_remote_free(remote);
	return rc;
}

int vigie_source_remote_head(char hex[VIGIE_OID_HEX_MAX],
			     const struct vigie_target *t,
			     const struct vigie_source_opts *opts,
			     struct vigie_error *err)
{
	int rc;

	hex[0] = '\0';
	rc = vigie_source_opts_check(opts, err);
	if (rc < 0)
		return rc;
	if (vigie_git2_load(err) < 0)
		return VIGIE_EGENERIC;
	if (t->kind == VIGIE_TARGET_PATH)
		return local_head(hex, t, err);
	if (opts && opts->offline)
		return vigie_error_set(err, VIGIE_ENET, t->display,
				       "--offline forbids asking the remote");
	return remote_head(hex, t, opts, err);
}
