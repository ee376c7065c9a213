/* SPDX-License-Identifier: EUPL-1.2 */
/* Pin one commit and index its tree straight from the object database. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <git2.h>

#include "vigie/i18n.h"
#include "vigie/buf.h"
#include "vigie/snapshot.h"
#include "../source/internal.h"
#include "internal.h"
#include "grow.h"
#include "banned.h"

/* A tree larger than this is refused rather than exhausting memory. */
#define MAX_ENTRIES (8u * 1024 * 1024)
/*
 * And so is one whose paths, together, take more than this: 8 Mi paths of
 * 32 bytes.  Without it, a chain of 4,000 directories with long names
 * (1 MB of path) holding a few thousand files would take gigabytes.
 */
#define MAX_PATH_MIB 256u

void vigie_snapshot_free(struct vigie_snapshot *snap)
{
	if (!snap)
		return;
	git_commit_free(snap->commit);
	git_odb_free(snap->odb);
	vigie_packs_free(snap->packs);
	free(snap->entries);
	free(snap->nocase);
	vigie_buf_release(&snap->paths);
	free(snap->ref);
	free(snap);
}

const char *vigie_snapshot_commit(const struct vigie_snapshot *snap)
{
	return snap->commit_hex;
}

const char *vigie_snapshot_ref(const struct vigie_snapshot *snap)
{
	return snap->ref;
}

int64_t vigie_snapshot_time(const struct vigie_snapshot *snap)
{
	return (int64_t)git_commit_time(snap->commit);
}

struct vigie_source *vigie_snapshot_source(const struct vigie_snapshot *snap)
{
	return snap->src;
}

git_repository *vigie_snapshot_git(const struct vigie_snapshot *snap)
{
	return snap->repo;
}

const char *vigie_snapshot_gitdir(const struct vigie_snapshot *snap)
{
	return git_repository_path(snap->repo);
}

const git_oid *vigie_snapshot_oid(const struct vigie_snapshot *snap)
{
	return git_commit_id(snap->commit);
}

size_t vigie_snapshot_skipped(const struct vigie_snapshot *snap)
{
	return snap->skipped;
}

size_t vigie_snapshot_count(const struct vigie_snapshot *snap)
{
	return snap->count;
}

const struct vigie_entry *vigie_snapshot_entry(const struct vigie_snapshot *snap,
					       size_t i)
{
	return i < snap->count ? &snap->entries[i] : NULL;
}

struct walk {
	struct vigie_snapshot *snap;
	size_t cap;
	int failed;
	bool paths_full; /* failed for MAX_PATH_MIB, not MAX_ENTRIES */
};

static int add_entry(struct walk *w, const char *root, unsigned depth,
		     const git_tree_entry *te)
{
	struct vigie_snapshot *snap = w->snap;
	struct vigie_entry *e;
	git_filemode_t mode = git_tree_entry_filemode(te);
	enum vigie_entry_kind kind;
	const char *name = git_tree_entry_name(te);
	size_t off;
	int rc;

	switch (mode) {
	case GIT_FILEMODE_BLOB:
		kind = VIGIE_ENTRY_FILE;
		break;
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		kind = VIGIE_ENTRY_EXEC;
		break;
	case GIT_FILEMODE_LINK:
		kind = VIGIE_ENTRY_LINK;
		break;
	case GIT_FILEMODE_COMMIT:
		kind = VIGIE_ENTRY_SUBMODULE;
		break;
	default:
		return 0;
	}
	if (snap->count == MAX_ENTRIES) {
		w->failed = VIGIE_ELIMIT;
		return -1;
	}
	if (vigie_grow(&snap->entries, &w->cap, snap->count + 1, 256) < 0) {
		w->failed = VIGIE_ENOMEM;
		return -1;
	}
	/* Paths live in one arena; store offsets now, pointers at the end. */
	off = snap->paths.len;
	rc = vigie_buf_puts(&snap->paths, root);
	if (rc == 0)
		rc = vigie_buf_add(&snap->paths, name, strlen(name) + 1);
	if (rc < 0) {
		w->failed = rc == VIGIE_ELIMIT ? VIGIE_ELIMIT : VIGIE_EGENERIC;
		w->paths_full = rc == VIGIE_ELIMIT;
		return -1;
	}
	e = &snap->entries[snap->count++];
	e->path = (const char *)(uintptr_t)off;
	e->kind = kind;
	e->depth = depth;
	/* Raw, not hex: formatting 100,000 ids costs more than reading them. */
	memcpy(e->oid, git_tree_entry_id(te)->id, sizeof(e->oid));
	return 0;
}

/* One tree being walked: where it is in its entries, and its prefix. */
struct frame {
	git_tree *tree;
	size_t next;    /* the next entry to visit */
	size_t prefix;  /* length of the path prefix before its name */
};

/*
 * Walk the tree in pre-order, as git_tree_walk would, but with an explicit
 * stack: git_tree_walk recurses once per level, and a tree 100,000 levels
 * deep (100,000 objects of 30 bytes) overflows any thread's stack.  A
 * subtree deeper than VIGIE_SNAPSHOT_MAX_DEPTH is counted, not entered.
 * 0, or -1 with w->failed set (VIGIE_ELIMIT, VIGIE_EGENERIC) or not (a
 * tree libgit2 could not read).
 */
static int walk_tree(struct walk *w, git_tree *root)
{
	struct vigie_snapshot *snap = w->snap;
	struct vigie_buf prefix = VIGIE_BUF_INIT;
	struct frame *stack = NULL;
	size_t depth = 0, cap = 0;
	int rc = 0;

	stack = malloc(16 * sizeof(*stack));
	if (!stack || vigie_buf_grow(&prefix, 256) < 0) {
		w->failed = VIGIE_EGENERIC;
		rc = -1;
		goto out;
	}
	cap = 16;
	stack[0].tree = root;
	stack[0].next = 0;
	stack[0].prefix = 0;
	depth = 1;
	while (depth) {
		struct frame *f = &stack[depth - 1];
		const git_tree_entry *te;
		git_tree *sub = NULL;
		const char *name;

		if (f->next == git_tree_entrycount(f->tree)) {
			if (depth > 1)
				git_tree_free(f->tree);
			/* Back to the parent's prefix: drop "name/". */
			prefix.len = f->prefix;
			prefix.ptr[prefix.len] = '\0';
			depth--;
			continue;
		}
		te = git_tree_entry_byindex(f->tree, f->next++);
		if (git_tree_entry_type(te) != GIT_OBJECT_TREE) {
			if (add_entry(w, prefix.ptr, (unsigned)(depth - 1), te) < 0) {
				rc = -1;
				goto out;
			}
			continue;
		}
		if (depth >= VIGIE_SNAPSHOT_MAX_DEPTH) {
			snap->skipped++;
			continue;
		}
		if (git_tree_lookup(&sub, snap->repo, git_tree_entry_id(te)) < 0) {
			rc = -1;
			goto out;
		}
		if (depth == cap && vigie_grow(&stack, &cap, depth + 1, 16) < 0) {
			git_tree_free(sub);
			w->failed = VIGIE_EGENERIC;
			rc = -1;
			goto out;
		}
		name = git_tree_entry_name(te);
		stack[depth].tree = sub;
		stack[depth].next = 0;
		stack[depth].prefix = prefix.len;
		depth++;
		if (vigie_buf_puts(&prefix, name) < 0 ||
		    vigie_buf_putc(&prefix, '/') < 0) {
			w->failed = VIGIE_EGENERIC;
			rc = -1;
			goto out;
		}
	}
out:
	while (depth > 1)
		git_tree_free(stack[--depth].tree);
	free(stack);
	vigie_buf_release(&prefix);
	return rc;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(((const struct vigie_entry *)a)->path,
		      ((const struct vigie_entry *)b)->path);
}

static int cmp_nocase(const void *a, const void *b, void *payload)
{
	const struct vigie_entry *entries = payload;
	const struct vigie_entry *ea = &entries[*(const uint32_t *)a];
	const struct vigie_entry *eb = &entries[*(const uint32_t *)b];
	int c = strcasecmp(ea->path, eb->path);

	return c ? c : strcmp(ea->path, eb->path);
}

/*
 * The case-insensitive index costs a sort of every path with strcasecmp,
 * a third of the time to index a large tree, and most audits never look a
 * path up without case: it is built on the first such lookup.  false when
 * out of memory.
 */
static bool nocase_index(struct vigie_snapshot *snap)
{
	size_t i;

	if (snap->nocase)
		return true;
	snap->nocase = malloc((snap->count ? snap->count : 1) * sizeof(uint32_t));
	if (!snap->nocase) {
		vigie_nomem_mark(); /* not "no such path" */
		return false;
	}
	for (i = 0; i < snap->count; i++)
		snap->nocase[i] = (uint32_t)i;
	qsort_r(snap->nocase, snap->count, sizeof(uint32_t), cmp_nocase,
		snap->entries);
	return true;
}

static int build_index(struct vigie_snapshot *snap, git_tree *tree,
		       struct vigie_error *err)
{
	struct walk w = { snap, 0, 0, false };
	size_t i;
	bool sorted = true;

	if (walk_tree(&w, tree) < 0) {
		if (w.paths_full)
			return vigie_error_set(err, VIGIE_ELIMIT, snap->commit_hex,
					       N_("the tree's paths take more than %u MiB"),
					       MAX_PATH_MIB);
		if (w.failed == VIGIE_ELIMIT)
			return vigie_error_set(err, VIGIE_ELIMIT, snap->commit_hex,
					       N_("tree has more than %u entries"),
					       MAX_ENTRIES);
		if (w.failed)
			return vigie_error_set(err, VIGIE_ENOMEM, "",
					       N_("out of memory"));
		return vigie_error_set(err, VIGIE_EINVALID, snap->commit_hex,
				       N_("cannot read tree: %s"),
				       git_error_last() ? git_error_last()->message
							: "corrupt object");
	}
	for (i = 0; i < snap->count; i++) {
		snap->entries[i].path =
			snap->paths.ptr + (uintptr_t)snap->entries[i].path;
		if (i && sorted &&
		    strcmp(snap->entries[i - 1].path, snap->entries[i].path) > 0)
			sorted = false;
	}
	if (!sorted)
		qsort(snap->entries, snap->count, sizeof(*snap->entries),
		      cmp_path);
	return 0;
}

const struct vigie_entry *vigie_snapshot_find(const struct vigie_snapshot *snap,
					      const char *path, bool nocase)
{
	size_t lo = 0, hi = snap->count;

	/* The index is a cache: building it does not change what the
	 * snapshot holds, hence the const cast. */
	if (nocase && !nocase_index((struct vigie_snapshot *)snap))
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct vigie_entry *e =
			nocase ? &snap->entries[snap->nocase[mid]]
			       : &snap->entries[mid];
		int c = nocase ? strcasecmp(path, e->path) : strcmp(path, e->path);
		if (c == 0) {
			if (nocase) {
				/* The first of the case variants, for stability. */
				while (mid > 0 &&
				       !strcasecmp(path, snap->entries[snap->nocase[mid - 1]].path))
					mid--;
				return &snap->entries[snap->nocase[mid]];
			}
			return e;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int vigie_snapshot_open(struct vigie_snapshot **out, struct vigie_source *src,
			const char *rev, struct vigie_error *err)
{
	struct vigie_snapshot *snap = calloc(1, sizeof(*snap));
	const struct vigie_target *t = vigie_source_target(src);
	git_repository *repo = vigie_source_git(src);
	git_object *obj = NULL;
	git_reference *head = NULL;
	git_tree *tree = NULL;
	int rc;

	*out = NULL;
	if (!snap)
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	snap->src = src;
	snap->repo = repo;
	vigie_buf_init(&snap->paths, (size_t)MAX_PATH_MIB << 20);
	if (!rev) {
		rc = git_repository_head(&head, repo);
		/* (asked only when HEAD does not resolve: libgit2 reads every
		 * ref to answer it) */
		if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND ||
		    (rc < 0 && git_repository_is_empty(repo) == 1)) {
			rc = vigie_error_set(err, VIGIE_EEMPTY, t->display,
					     N_("repository has no commits"));
			goto out;
		}
		if (rc < 0) {
			rc = vigie_error_set(err, VIGIE_EINVALID, t->display,
					     N_("cannot resolve HEAD: %s"),
					     git_error_last() ? git_error_last()->message : "?");
			goto out;
		}
		if (git_reference_is_branch(head) &&
		    !(snap->ref = strdup(git_reference_shorthand(head)))) {
			rc = vigie_error_set(err, VIGIE_ENOMEM, "",
					     N_("out of memory"));
			goto out;
		}
		rc = git_reference_peel(&obj, head, GIT_OBJECT_COMMIT);
	} else {
		if (!(snap->ref = strdup(rev))) {
			rc = vigie_error_set(err, VIGIE_ENOMEM, "",
					     N_("out of memory"));
			goto out;
		}
		rc = git_revparse_single(&obj, repo, rev);
		if (rc == 0) {
			git_object *peeled = NULL;
			rc = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
			git_object_free(obj);
			obj = peeled;
		}
	}
	if (rc < 0) {
		rc = vigie_error_set(err, VIGIE_ENOTFOUND, t->display,
				     N_("unknown revision '%s'"), rev ? rev : "HEAD");
		goto out;
	}
	snap->commit = (git_commit *)obj;
	obj = NULL;
	git_oid_tostr(snap->commit_hex, sizeof(snap->commit_hex),
		      git_commit_id(snap->commit));
	if (git_repository_odb(&snap->odb, repo) < 0 ||
	    git_commit_tree(&tree, snap->commit) < 0) {
		rc = vigie_error_set(err, VIGIE_EINVALID, t->display,
				     N_("cannot read commit %s"), snap->commit_hex);
		goto out;
	}
	rc = build_index(snap, tree, err);
	if (rc == 0 && vigie_packs_open(&snap->packs, repo) < 0)
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
out:
	git_tree_free(tree);
	git_object_free(obj);
	git_reference_free(head);
	if (rc < 0) {
		vigie_snapshot_free(snap);
		return rc;
	}
	*out = snap;
	return 0;
}
