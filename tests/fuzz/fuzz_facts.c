/* SPDX-License-Identifier: EUPL-1.2 */
/* Fuzz target: every collector that reads file contents (README, metadata,
 * translation files, licenses, mailmap), over an in-memory repository. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/repository.h>

#include "vigie/vigie.h"
#include "../../src/source/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every file gets the input: each parser sees arbitrary bytes. */
static const char *const paths[] = {
	".github/FUNDING.yml", ".mailmap", "CITATION.cff", "CODE_OF_CONDUCT.md",
	"CONTRIBUTING.md", "LICENSE", "README.md", "SECURITY.md",
	"codemeta.json", "locales/fr.json", "package.json", "po/fr.po",
	"publiccode.yml",
};

static git_repository *repo;
static git_odb_backend *mempack;

static int setup(void)
{
	git_odb *odb = NULL;

	vigie_global_init();
	/* this target builds its repository with libvigie's libgit2 */
	if (vigie_git2_load(NULL) < 0)
		abort();
	if (git_mempack_new(&mempack) < 0 || git_odb_new(&odb) < 0 ||
	    git_odb_add_backend(odb, mempack, 1) < 0 ||
	    git_repository_wrap_odb(&repo, odb) < 0)
		abort();
	git_odb_free(odb);
	return 0;
}

/* Build trees for paths with one or two components. */
static int write_tree(git_oid *out, const git_oid *blob)
{
	git_treebuilder *root = NULL, *sub = NULL;
	git_oid sub_oid;
	const char *dir = NULL;
	size_t i;
	int rc = -1;

	if (git_treebuilder_new(&root, repo, NULL) < 0)
		return -1;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		const char *slash = strchr(paths[i], '/');
		if (!slash) {
			if (git_treebuilder_insert(NULL, root, paths[i], blob,
						   GIT_FILEMODE_BLOB) < 0)
				goto out;
			continue;
		}
		/* One file per folder, so each folder is its own subtree. */
		dir = paths[i];
		if (git_treebuilder_new(&sub, repo, NULL) < 0 ||
		    git_treebuilder_insert(NULL, sub, slash + 1, blob,
					   GIT_FILEMODE_BLOB) < 0 ||
		    git_treebuilder_write(&sub_oid, sub) < 0)
			goto out;
		git_treebuilder_free(sub);
		sub = NULL;
		{
			char name[64];
			size_t n = (size_t)(slash - dir);
			memcpy(name, dir, n);
			name[n] = '\0';
			if (git_treebuilder_insert(NULL, root, name, &sub_oid,
						   GIT_FILEMODE_TREE) < 0)
				goto out;
		}
	}
	rc = git_treebuilder_write(out, root);
out:
	git_treebuilder_free(sub);
	git_treebuilder_free(root);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	git_oid blob, tree, commit;
	git_tree *t = NULL;
	git_signature *sig = NULL;
	struct vigie_target target = { VIGIE_TARGET_PATH, NULL, (char *)"fuzz",
				       NULL, NULL, NULL };
	struct vigie_source *src = NULL;
	struct vigie_snapshot *snap = NULL;
	struct vigie_collect_opts opts;
	struct vigie_collect_ctx ctx;
	struct vigie_error err;
	json_t *facts = NULL, *problems = NULL;
	char hex[41];

	if (!ready)
		ready = !setup();
	if (git_blob_create_from_buffer(&blob, repo, data, size) < 0 ||
	    write_tree(&tree, &blob) < 0 || git_tree_lookup(&t, repo, &tree) < 0 ||
	    git_signature_new(&sig, "F", "f@example.org", 1767225600, 0) < 0 ||
	    git_commit_create(&commit, repo, NULL, sig, sig, NULL, "fuzz", t, 0,
			      NULL) < 0)
		abort();
	git_oid_tostr(hex, sizeof(hex), &commit);
	if (vigie_source_wrap(&src, repo, &target) < 0 ||
	    vigie_snapshot_open(&snap, src, hex, &err) < 0)
		abort();
	vigie_collect_opts_init(&opts);
	opts.offline = true;
	opts.now = 1767225600;
	ctx.snap = snap;
	ctx.target = &target;
	ctx.opts = &opts;
	ctx.facts = NULL;
	vigie_facts_collect(&facts, &problems, NULL, &ctx, &err);
	json_decref(facts);
	json_decref(problems);
	vigie_snapshot_free(snap);
	vigie_source_free(src);
	git_tree_free(t);
	git_signature_free(sig);
	git_mempack_reset(mempack);
	return 0;
}
