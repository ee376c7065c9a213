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

/*
 * A commit larger than this is libgit2's to read (as the history's
 * COMMIT_MAX: real ones are a few KiB, a hostile one may claim gigabytes).
 */
#define HEAD_COMMIT_MAX (1024 * 1024)
/*
 * And a tree larger than this (a million entries) is libgit2's too: the
 * size a pack or loose header announces is allocated before the object is
 * inflated, and a hostile one may announce anything.
 */
#define TREE_MAX (64u * 1024 * 1024)
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
	if (snap->root)
		git_tree_free(snap->root);
	free(snap->root_raw);
	if (snap->odb)
		git_odb_free(snap->odb);
	pthread_mutex_destroy(&snap->odb_lock);
	vigie_packs_free(snap->packs);
	vigie_loose_free(snap->loose);
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
	return snap->commit_time;
}

struct vigie_source *vigie_snapshot_source(const struct vigie_snapshot *snap)
{
	return snap->src;
}

git_repository *vigie_snapshot_git(const struct vigie_snapshot *snap)
{
	return vigie_source_git(snap->src);
}

git_odb *vigie_snapshot_odb(struct vigie_snapshot *snap)
{
	git_repository *repo;
	git_odb *odb;

	pthread_mutex_lock(&snap->odb_lock);
	if (!snap->odb && !snap->odb_failed &&
	    (!(repo = vigie_source_git(snap->src)) ||
	     git_repository_odb(&snap->odb, repo) < 0)) {
		snap->odb = NULL;
		snap->odb_failed = true;
	}
	odb = snap->odb;
	pthread_mutex_unlock(&snap->odb_lock);
	return odb;
}

const struct vigie_loose *vigie_snapshot_loose(const struct vigie_snapshot *snap)
{
	return snap->loose;
}

enum vigie_pack_read vigie_snapshot_raw(const struct vigie_snapshot *snap,
					const git_oid *id, size_t max,
					git_object_t *type, char **data,
					size_t *len)
{
	enum vigie_pack_read r = vigie_packs_read_object(snap->packs, id, max,
							 type, data, len);

	if (r == VIGIE_PACK_OTHER)
		r = vigie_loose_read(snap->loose, id->id, max, type, data, len);
	return r;
}

const struct vigie_packs *vigie_snapshot_packs(const struct vigie_snapshot *snap)
{
	return snap->packs;
}

const char *vigie_snapshot_gitdir(const struct vigie_snapshot *snap)
{
	return vigie_source_gitdir(snap->src);
}

const git_oid *vigie_snapshot_oid(const struct vigie_snapshot *snap)
{
	return &snap->commit_id;
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

	if (vigie_snapshot_raw(snap, id, TREE_MAX, &type, &f->raw, &f->len) !=
	    VIGIE_PACK_READ)
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
	if (f->tree)
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
static int walk_tree(struct walk *w, struct frame *root)
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
	stack[0] = *root;
	stack[0].next = 0;
	stack[0].prefix = 0;
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
		    (!vigie_snapshot_git(snap) ||
		     git_tree_lookup(&sub.tree, vigie_snapshot_git(snap), &id) < 0)) {
			sub.tree = NULL;
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

static int build_index(struct vigie_snapshot *snap, struct vigie_error *err)
{
	struct walk w = { snap, 0, 0, false };
	struct frame root;
	size_t i;
	bool sorted = true;

	memset(&root, 0, sizeof(root));
	root.tree = snap->root;
	root.raw = snap->root_raw;
	root.len = snap->root_len;
	if (walk_tree(&w, &root) < 0) {
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
				       vigie_git2_loaded() && git_error_last()
					       ? git_error_last()->message
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
static void root_mailmap(struct vigie_snapshot *snap)
{
	struct tentry te;
	unsigned mode = 0;
	const unsigned char *oid = NULL;
	size_t at = 0;

	snap->mailmap_known = false;
	if (snap->root_raw) {
		while (at < snap->root_len &&
		       raw_entry(snap->root_raw, snap->root_len, &at, &te))
			if (!strcmp(te.name, ".mailmap")) {
				mode = te.mode;
				oid = te.oid;
				break;
			}
	} else {
		const git_tree_entry *e = git_tree_entry_byname(snap->root,
								".mailmap");
		if (e) {
			mode = (unsigned)git_tree_entry_filemode_raw(e);
			oid = git_tree_entry_id(e)->id;
		}
	}
	if (!oid) {
		snap->mailmap_known = true;
		return;
	}
	if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)
		return;
	memset(&snap->mailmap, 0, sizeof(snap->mailmap));
	snap->mailmap.path = ".mailmap";
	snap->mailmap.kind = VIGIE_ENTRY_FILE;
	memcpy(snap->mailmap.oid, oid, sizeof(snap->mailmap.oid));
	snap->mailmap_known = true;
}

/* 40 lowercase hexadecimal digits into id. */
static bool parse_hex(git_oid *id, const char *p)
{
	size_t i;

	for (i = 0; i < 40; i++) {
		int c = (unsigned char)p[i], v = c >= '0' && c <= '9' ? c - '0'
					       : c >= 'a' && c <= 'f' ? c - 'a' + 10
								  : -1;
		if (v < 0)
			return false;
		if (i % 2)
			id->id[i / 2] = (unsigned char)(id->id[i / 2] | v);
		else
			id->id[i / 2] = (unsigned char)(v << 4);
	}
	return true;
}

/*
 * A commit as git writes it: "tree ID", "parent ID"s, "author ...",
 * "committer NAME <EMAIL> TIME ZONE", then anything.  Its tree and the
 * committer's time; false for any other shape (libgit2 then reads it).
 */
static bool parse_commit(const char *d, size_t len, git_oid *tree,
			 int64_t *when)
{
	const char *end = d + len, *nl, *gt, *p;
	int64_t t = 0;
	int digits = 0;

	if (len < 46 || memcmp(d, "tree ", 5) || d[45] != '\n' ||
	    !parse_hex(tree, d + 5))
		return false;
	p = d + 46;
	while ((size_t)(end - p) >= 48 && !memcmp(p, "parent ", 7) && p[47] == '\n')
		p += 48;
	if ((size_t)(end - p) < 7 || memcmp(p, "author ", 7) ||
	    !(nl = memchr(p, '\n', (size_t)(end - p))))
		return false;
	p = nl + 1;
	if ((size_t)(end - p) < 10 || memcmp(p, "committer ", 10) ||
	    !(nl = memchr(p, '\n', (size_t)(end - p))))
		return false;
	/* "> TIME ZONE" at the end of the line: the last '>' */
	for (gt = nl; gt > p && gt[-1] != '>'; gt--)
		;
	if (gt == p || nl - gt < 8 || *gt++ != ' ')
		return false;
	while (gt < nl && *gt >= '0' && *gt <= '9' && digits < 18) {
		t = t * 10 + (*gt++ - '0');
		digits++;
	}
	if (!digits || nl - gt != 6 || gt[0] != ' ' || (gt[1] != '+' && gt[1] != '-'))
		return false;
	for (p = gt + 2; p < nl; p++)
		if (*p < '0' || *p > '9')
			return false;
	*when = t;
	return true;
}

/*
 * The commit, its time and root tree from git's files, with no libgit2:
 * HEAD (or a full id) resolved by refs.c, the objects read by packs.c and
 * loose.c.  1 done; 0 when libgit2 must (anything else, which it then
 * reads with its own rules and errors); -1 out of memory.
 */
static int begin_native(struct vigie_snapshot *snap, const char *rev)
{
	const char *gitdir = vigie_source_gitdir(snap->src);
	struct vigie_refs *refs = NULL;
	git_object_t type;
	char *data = NULL, *branch = NULL;
	size_t len;
	git_oid tree;
	int rc;

	if (!vigie_source_commondir(snap->src))
		return 0; /* a repository in memory */
	if (rev) {
		if (strlen(rev) != 40 || !parse_hex(&snap->commit_id, rev))
			return 0;
	} else {
		if (vigie_refs_open(&refs, vigie_source_commondir(snap->src)) < 0)
			return -1;
		rc = vigie_refs_head(refs, gitdir, &snap->commit_id, &branch);
		vigie_refs_free(refs);
		if (rc <= 0)
			return rc;
	}
	switch (vigie_snapshot_raw(snap, &snap->commit_id, HEAD_COMMIT_MAX, &type,
				   &data, &len)) {
	case VIGIE_PACK_READ:
		break;
	case VIGIE_PACK_NOMEM:
		free(branch);
		return -1;
	default:
		free(branch);
		return 0;
	}
	rc = type == GIT_OBJECT_COMMIT &&
	     parse_commit(data, len, &tree, &snap->commit_time);
	free(data);
	data = NULL;
	if (rc && vigie_snapshot_raw(snap, &tree, TREE_MAX, &type, &data,
				     &len) == VIGIE_PACK_READ &&
	    type == GIT_OBJECT_TREE) {
		struct tentry te;
		size_t at = 0;
		while (at < len && raw_entry(data, len, &at, &te))
			;
		rc = at == len;
	} else {
		rc = 0;
	}
	if (!rc) {
		free(data);
		free(branch);
		return 0;
	}
	snap->root_raw = data;
	snap->root_len = len;
	snap->ref = rev ? strdup(rev) : branch;
	if (rev)
		free(branch);
	return (rev || branch) && !snap->ref ? -1 : 1;
}

/* The same by libgit2: 0, or -1 with err. */
static int begin_git(struct vigie_snapshot *snap, const char *rev,
		     struct vigie_error *err)
{
	const struct vigie_target *t = vigie_source_target(snap->src);
	git_repository *repo = vigie_source_git(snap->src);
	git_object *obj = NULL;
	git_reference *head = NULL;
	git_tree *tree = NULL;
	int rc;

	free(snap->ref);
	snap->ref = NULL;
	if (!repo)
		return vigie_error_set(err, VIGIE_EGENERIC, t->display,
				       N_("cannot open repository"));
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
	snap->commit_id = *git_commit_id((git_commit *)obj);
	snap->commit_time = (int64_t)git_commit_time((git_commit *)obj);
	if (git_commit_tree(&tree, (git_commit *)obj) < 0) {
		git_oid_tostr(snap->commit_hex, sizeof(snap->commit_hex),
			      &snap->commit_id);
		rc = vigie_error_set(err, VIGIE_EINVALID, t->display,
				     N_("cannot read commit %s"), snap->commit_hex);
		goto out;
	}
	snap->root = tree;
	tree = NULL;
	rc = 0;
out:
	if (obj)
		git_object_free(obj);
	if (head)
		git_reference_free(head);
	return rc;
}

int vigie_snapshot_begin(struct vigie_snapshot **out, struct vigie_source *src,
			 const char *rev, struct vigie_error *err)
{
	struct vigie_snapshot *snap = calloc(1, sizeof(*snap));
	struct vigie_buf dir = VIGIE_BUF_INIT;
	const char *common = vigie_source_commondir(src);
	int rc;

	*out = NULL;
	if (!snap)
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	pthread_mutex_init(&snap->memo_lock, NULL);
	pthread_mutex_init(&snap->odb_lock, NULL);
	snap->src = src;
	vigie_buf_init(&snap->paths, (size_t)MAX_PATH_MIB << 20);
	/* the objects read without libgit2: packs, then loose */
	if ((common && vigie_buf_printf(&dir, "%sobjects/pack", common) < 0) ||
	    vigie_packs_open_dir(&snap->packs, common ? dir.ptr : NULL) < 0 ||
	    (common && (dir.len -= 5, dir.ptr[dir.len] = '\0', false)) ||
	    vigie_loose_open(&snap->loose, common ? dir.ptr : NULL) < 0) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
		goto out;
	}
	rc = begin_native(snap, rev);
	if (rc < 0) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
		goto out;
	}
	if (rc == 0 && (rc = begin_git(snap, rev, err)) < 0)
		goto out;
	for (size_t i = 0; i < sizeof(snap->commit_id.id); i++) {
		snap->commit_hex[2 * i] = "0123456789abcdef"[snap->commit_id.id[i] >> 4];
		snap->commit_hex[2 * i + 1] = "0123456789abcdef"[snap->commit_id.id[i] & 15];
	}
	snap->commit_hex[40] = '\0';
	root_mailmap(snap);
	rc = 0;
out:
	vigie_buf_release(&dir);
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
	rc = build_index(snap, err);
	if (snap->root)
		git_tree_free(snap->root);
	snap->root = NULL;
	free(snap->root_raw);
	snap->root_raw = NULL;
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
