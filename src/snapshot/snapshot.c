/* SPDX-License-Identifier: EUPL-1.2 */
/* Pin one commit and index its tree straight from the object database. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "git2_api.h"

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
	size_t i;

	if (!snap)
		return;
	git_tree_free(snap->root);
	git_commit_free(snap->commit);
	git_odb_free(snap->odb);
	vigie_packs_free(snap->packs);
	free(snap->entries);
	free(snap->nocase);
	vigie_buf_release(&snap->paths);
	free(snap->ref);
	for (i = 0; i < VIGIE_ARRAY_SIZE(snap->memo); i++)
		free(snap->memo[i].data);
	pthread_mutex_destroy(&snap->memo_lock);
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

const struct vigie_packs *vigie_snapshot_packs(const struct vigie_snapshot *snap)
{
	return snap->packs;
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

/* One entry of a tree, as libgit2 gives it or as read from the pack. */
struct tentry {
	unsigned mode;        /* as stored */
	const char *name;     /* NUL-ended */
	const unsigned char *oid;
};

/* libgit2's git_tree_entry_filemode(): the stored mode, normalised. */
static unsigned normal_mode(unsigned m)
{
	if ((m & 0170000) == 0040000)
		return GIT_FILEMODE_TREE;
	if (m & 0111)
		return GIT_FILEMODE_BLOB_EXECUTABLE;
	if ((m & 0170000) == 0160000)
		return GIT_FILEMODE_COMMIT;
	if ((m & 0170000) == 0120000)
		return GIT_FILEMODE_LINK;
	return GIT_FILEMODE_BLOB;
}

static int add_entry(struct walk *w, const char *root, unsigned depth,
		     const struct tentry *te)
{
	struct vigie_snapshot *snap = w->snap;
	struct vigie_entry *e;
	enum vigie_entry_kind kind;
	size_t off;
	int rc;

	switch (normal_mode(te->mode)) {
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
		rc = vigie_buf_add(&snap->paths, te->name, strlen(te->name) + 1);
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
	memcpy(e->oid, te->oid, sizeof(e->oid));
	return 0;
}

/*
 * One tree being walked: where it is in its entries, and its prefix.  A
 * tree is read from the pack files when it is there (libdeflate; no
 * object of libgit2's to build), else by libgit2: raw, or tree.
 */
struct frame {
	git_tree *tree;
	char *raw;      /* the tree object, read from the packs */
	size_t len;
	size_t next;    /* the next entry to visit (index or offset) */
	size_t prefix;  /* length of the path prefix before its name */
};

/*
 * The entry of a raw tree at *at: "MODE NAME\0" and 20 bytes of id, the
 * mode in octal.  False when it is not one (libgit2 is then asked).
 */
static bool raw_entry(const char *raw, size_t len, size_t *at,
		      struct tentry *te)
{
	size_t i = *at, digits = 0;
	const char *nul;

	te->mode = 0;
	while (i < len && raw[i] >= '0' && raw[i] <= '7' && digits < 7) {
		te->mode = te->mode * 8 + (unsigned)(raw[i++] - '0');
		digits++;
	}
	if (!digits || te->mode > 0xffff || i >= len || raw[i++] != ' ')
		return false;
	nul = memchr(raw + i, '\0', len - i);
	if (!nul || nul == raw + i || (size_t)(nul - (raw + i)) > 0xffff ||
	    (size_t)(raw + len - (nul + 1)) < 20)
		return false;
	te->name = raw + i;
	te->oid = (const unsigned char *)nul + 1;
	*at = (size_t)(nul + 1 - raw) + 20;
	return true;
}

/* The tree id into f from the packs, whole and well formed; false: not
 * there, or not a tree libgit2 would agree on. */
static bool raw_tree(struct vigie_snapshot *snap, const git_oid *id,
		     struct frame *f)
{
	git_object_t type;
	size_t at = 0;
	struct tentry te;

	if (vigie_packs_read_object(snap->packs, id, SIZE_MAX, &type, &f->raw,
				    &f->len) != VIGIE_PACK_READ)
		return false;
	while (type == GIT_OBJECT_TREE && at < f->len &&
	       raw_entry(f->raw, f->len, &at, &te))
		;
	if (type != GIT_OBJECT_TREE || at != f->len) {
		free(f->raw);
		f->raw = NULL;
		return false;
	}
	return true;
}

/* The next entry of f into te: 1, or 0 at its end. */
static int frame_next(struct frame *f, struct tentry *te)
{
	const git_tree_entry *e;

	if (f->raw)
		return f->next < f->len && raw_entry(f->raw, f->len, &f->next, te);
	if (f->next == git_tree_entrycount(f->tree))
		return 0;
	e = git_tree_entry_byindex(f->tree, f->next++);
	te->mode = (unsigned)git_tree_entry_filemode_raw(e);
	te->name = git_tree_entry_name(e);
	te->oid = git_tree_entry_id(e)->id;
	return 1;
}

static void frame_free(struct frame *f)
{
	git_tree_free(f->tree);
	free(f->raw);
}

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

	if (vigie_grow(&stack, &cap, 1, 16) < 0 ||
	    vigie_buf_grow(&prefix, 256) < 0) {
		w->failed = VIGIE_EGENERIC;
		rc = -1;
		goto out;
	}
	memset(&stack[0], 0, sizeof(stack[0]));
	stack[0].tree = root;
	depth = 1;
	while (depth) {
		struct frame *f = &stack[depth - 1], sub;
		struct tentry te;
		git_oid id;

		if (!frame_next(f, &te)) {
			if (depth > 1)
				frame_free(f);
			/* Back to the parent's prefix: drop "name/". */
			prefix.len = f->prefix;
			prefix.ptr[prefix.len] = '\0';
			depth--;
			continue;
		}
		/* git_tree_entry_type(): a tree is what the mode says */
		if ((te.mode & 0170000) != 0040000) {
			if (add_entry(w, prefix.ptr, (unsigned)(depth - 1), &te) < 0) {
				rc = -1;
				goto out;
			}
			continue;
		}
		if (depth >= VIGIE_SNAPSHOT_MAX_DEPTH) {
			snap->skipped++;
			continue;
		}
		memset(&sub, 0, sizeof(sub));
		memcpy(id.id, te.oid, 20);
		if (!raw_tree(snap, &id, &sub) &&
		    git_tree_lookup(&sub.tree, snap->repo, &id) < 0) {
			rc = -1;
			goto out;
		}
		if (depth == cap && vigie_grow(&stack, &cap, depth + 1, 16) < 0) {
			frame_free(&sub);
			w->failed = VIGIE_EGENERIC;
			rc = -1;
			goto out;
		}
		sub.prefix = prefix.len;
		stack[depth++] = sub;
		if (vigie_buf_puts(&prefix, te.name) < 0 ||
		    vigie_buf_putc(&prefix, '/') < 0) {
			w->failed = VIGIE_EGENERIC;
			rc = -1;
			goto out;
		}
	}
out:
	while (depth > 1)
		frame_free(&stack[--depth]);
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

/*
 * The root tree's .mailmap, before the tree is indexed, for a history walk
 * started meanwhile: a file (mailmap_known, its entry), none (known, no
 * entry), or anything else, a link or a directory (not known: the walk
 * waits for the index to read it as the index says).
 */
static void root_mailmap(struct vigie_snapshot *snap, const git_tree *root)
{
	const git_tree_entry *te = git_tree_entry_byname(root, ".mailmap");
	git_filemode_t mode;

	snap->mailmap_known = false;
	if (!te) {
		snap->mailmap_known = true;
		return;
	}
	mode = git_tree_entry_filemode_raw(te);
	if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)
		return;
	memset(&snap->mailmap, 0, sizeof(snap->mailmap));
	snap->mailmap.path = ".mailmap";
	snap->mailmap.kind = VIGIE_ENTRY_FILE;
	memcpy(snap->mailmap.oid, git_tree_entry_id(te)->id, sizeof(snap->mailmap.oid));
	snap->mailmap_known = true;
}

int vigie_snapshot_begin(struct vigie_snapshot **out, struct vigie_source *src,
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
	pthread_mutex_init(&snap->memo_lock, NULL);
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
	if (vigie_packs_open(&snap->packs, repo) < 0) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
		goto out;
	}
	root_mailmap(snap, tree);
	snap->root = tree;
	tree = NULL;
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

int vigie_snapshot_index(struct vigie_snapshot *snap, struct vigie_error *err)
{
	int rc;

	if (snap->indexed)
		return 0;
	rc = build_index(snap, snap->root, err);
	git_tree_free(snap->root);
	snap->root = NULL;
	snap->indexed = rc == 0;
	return rc;
}

int vigie_snapshot_open(struct vigie_snapshot **out, struct vigie_source *src,
			const char *rev, struct vigie_error *err)
{
	int rc = vigie_snapshot_begin(out, src, rev, err);

	if (rc == 0 && (rc = vigie_snapshot_index(*out, err)) < 0) {
		vigie_snapshot_free(*out);
		*out = NULL;
	}
	return rc;
}

const struct vigie_entry *vigie_snapshot_early_mailmap(const struct vigie_snapshot *snap,
							bool *known)
{
	*known = snap->indexed || snap->mailmap_known;
	if (snap->indexed)
		return vigie_snapshot_find(snap, ".mailmap", false);
	return snap->mailmap_known && snap->mailmap.path ? &snap->mailmap : NULL;
}
