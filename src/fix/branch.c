/* SPDX-License-Identifier: EUPL-1.2 */
/* The drafts as a commit on a new branch: no index, no work tree touched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git2_api.h"

#include "vigie/fix.h"
#include "vigie/i18n.h"
#include "vigie/source.h"
#include "vigie/target.h"
#include "internal.h"
#include "banned.h"

/*
 * The new tree: HEAD's, read into an index that lives in memory only
 * (never the repository's), with each draft added as a blob.
 */
static int build_tree(git_oid *tree_id, git_repository *repo, git_tree *head,
		      const struct vigie_fix *fix, struct vigie_error *err)
{
	git_index *idx = NULL;
	struct vigie_buf data = VIGIE_BUF_INIT;
	size_t i;
	int rc = 0;

	if (git_index_new(&idx) < 0 || git_index_read_tree(idx, head) < 0) {
		rc = vigie_fix_git_fail(err, NULL, "cannot read HEAD's tree");
		goto out;
	}
	for (i = 0; i < fix->count; i++) {
		const struct vigie_fix_file *f = &fix->files[i];
		git_index_entry e;

		vigie_buf_clear(&data);
		if (f->append) {
			vigie_buf_puts(&data, f->old);
			if (*f->old && f->old[strlen(f->old) - 1] != '\n')
				vigie_buf_putc(&data, '\n');
		}
		if (vigie_buf_puts(&data, f->content) < 0) {
			rc = vigie_error_set(err, VIGIE_ENOMEM, f->path,
					     "out of memory");
			goto out;
		}
		memset(&e, 0, sizeof(e));
		e.mode = GIT_FILEMODE_BLOB;
		e.path = f->path;
		/* The blob first: an index in memory has no repository. */
		if (git_blob_create_from_buffer(&e.id, repo, data.ptr,
						data.len) < 0 ||
		    git_index_add(idx, &e) < 0) {
			rc = vigie_fix_git_fail(err, f->path, "cannot add");
			goto out;
		}
	}
	if (git_index_write_tree_to(tree_id, idx, repo) < 0)
		rc = vigie_fix_git_fail(err, NULL, "cannot write the tree");
out:
	vigie_buf_release(&data);
	git_index_free(idx);
	return rc;
}

int vigie_fix_locate(char **gitdir, char **workdir, const char *target,
		     bool offline, struct vigie_error *err)
{
	struct vigie_target t;
	struct vigie_source_opts so = VIGIE_SOURCE_OPTIONS_INIT;
	struct vigie_source *src = NULL;
	git_repository *repo = NULL;
	int rc;

	*gitdir = *workdir = NULL;
	if (vigie_git2_load(err) < 0)
		return VIGIE_EGENERIC;
	so.offline = offline;
	rc = vigie_target_parse(&t, target, err);
	if (rc < 0)
		return rc;
	rc = vigie_source_open(&src, &t, &so, err);
	if (rc < 0)
		goto out;
	*gitdir = strdup(vigie_source_gitdir(src));
	if (t.kind == VIGIE_TARGET_PATH &&
	    git_repository_open(&repo, vigie_source_gitdir(src)) == 0 &&
	    !git_repository_is_bare(repo) && git_repository_workdir(repo)) {
		size_t n;
		*workdir = strdup(git_repository_workdir(repo));
		n = *workdir ? strlen(*workdir) : 0;
		while (n > 1 && (*workdir)[n - 1] == '/')
			(*workdir)[--n] = '\0';
	}
	if (!*gitdir)
		rc = vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
out:
	git_repository_free(repo);
	vigie_source_free(src);
	vigie_target_release(&t);
	return rc;
}

int vigie_fix_check_branch(const char *branch, struct vigie_error *err)
{
	char refname[512];
	int valid = 0;

	if (vigie_git2_load(err) < 0)
		return VIGIE_EGENERIC;
	if (snprintf(refname, sizeof(refname), "refs/heads/%s", branch) >=
		    (int)sizeof(refname) ||
	    git_reference_name_is_valid(&valid, refname) < 0 || !valid)
		return vigie_error_set(err, VIGIE_EINVALID, branch,
				       N_("not a valid branch name"));
	return 0;
}

int vigie_fix_branch(char oid[41], const struct vigie_fix *fix,
		     const char *gitdir, const char *branch,
		     const char *message, struct vigie_error *err)
{
	git_repository *repo = NULL;
	git_reference *ref = NULL, *created = NULL;
	git_commit *head = NULL;
	git_tree *head_tree = NULL, *tree = NULL;
	git_signature *sig = NULL;
	git_oid tree_id, commit_id;
	char refname[512];
	int rc = 0;

	oid[0] = '\0';
	rc = vigie_fix_check_branch(branch, err);
	if (rc < 0)
		return rc;
	snprintf(refname, sizeof(refname), "refs/heads/%s", branch);
	if (git_repository_open_bare(&repo, gitdir) < 0 &&
	    git_repository_open(&repo, gitdir) < 0)
		return vigie_fix_git_fail(err, gitdir,
					  "cannot open repository");
	if (git_reference_lookup(&ref, repo, refname) == 0) {
		rc = vigie_error_set(err, VIGIE_EINVALID, branch,
				     N_("the branch exists already"));
		goto out;
	}
	if (git_revparse_single((git_object **)&head, repo, "HEAD^{commit}") < 0 ||
	    git_commit_tree(&head_tree, head) < 0) {
		rc = vigie_fix_git_fail(err, gitdir, "cannot read HEAD");
		goto out;
	}
	rc = build_tree(&tree_id, repo, head_tree, fix, err);
	if (rc < 0)
		goto out;
	if (git_tree_lookup(&tree, repo, &tree_id) < 0) {
		rc = vigie_fix_git_fail(err, gitdir,
					"cannot read the new tree");
		goto out;
	}
	if (git_signature_default(&sig, repo) < 0 &&
	    git_signature_now(&sig, "vigie", "vigie@localhost") < 0) {
		rc = vigie_fix_git_fail(err, gitdir, "cannot make a signature");
		goto out;
	}
	if (git_commit_create(&commit_id, repo, NULL, sig, sig, "UTF-8",
			      message, tree, 1,
			      (const git_commit **)&head) < 0 ||
	    git_reference_create(&created, repo, refname, &commit_id, 0,
				 "vigie fix") < 0) {
		rc = vigie_fix_git_fail(err, branch,
					"cannot create the branch");
		goto out;
	}
	git_oid_tostr(oid, 41, &commit_id);
out:
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(head_tree);
	git_commit_free(head);
	git_reference_free(created);
	git_reference_free(ref);
	git_repository_free(repo);
	return rc;
}
