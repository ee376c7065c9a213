/* SPDX-License-Identifier: EUPL-1.2 */
/* The snapshot's layout, shared by its own files and the history collector. */
#ifndef VIGIE_SNAPSHOT_INTERNAL_H
#define VIGIE_SNAPSHOT_INTERNAL_H

#include <pthread.h>

#include "git2_api.h"

#include "vigie/buf.h"
#include "vigie/snapshot.h"

struct vigie_snapshot {
	struct vigie_source *src;
	/*
	 * libgit2's object database, opened when an object is neither in the
	 * packs nor loose as these readers take them (vigie_snapshot_odb);
	 * under odb_lock.
	 */
	git_odb *odb;
	bool odb_failed;
	pthread_mutex_t odb_lock;
	struct vigie_packs *packs;   /* objects read without libgit2 */
	struct vigie_loose *loose;
	git_oid commit_id;
	int64_t commit_time;         /* the committer's */
	char commit_hex[41];
	char *ref;
	struct vigie_entry *entries; /* sorted by path */
	size_t count;
	uint32_t *nocase;            /* entry indices sorted case-insensitively */
	struct vigie_buf paths;      /* arena of NUL-terminated paths */
	size_t skipped;              /* subtrees deeper than the limit */
	/* until the tree is indexed: the root tree, read whole from the
	 * packs or loose (root_raw), else libgit2's */
	char *root_raw;
	size_t root_len;
	git_tree *root;
	bool indexed;
	/* the root's .mailmap, known before the index (snapshot.c) */
	bool mailmap_known;
	struct vigie_entry mailmap;
	/*
	 * The last blobs read whole (blob.c): the collectors and then each
	 * content pattern read the same few files (ripgrep's README 5
	 * times, its CONTRIBUTING 8).  Under memo_lock.
	 */
	struct blob_memo {
		const struct vigie_entry *e;
		char *data;
		size_t len;
	} memo[4];
	unsigned memo_next;
	pthread_mutex_t memo_lock;
};

/*
 * A snapshot in two steps: the commit and its packs (begin), then the tree
 * indexed (index); vigie_snapshot_open does both.  Between them only the
 * commit, the packs and vigie_snapshot_early_mailmap may be asked for:
 * the history walk starts meanwhile.  An index that fails leaves the
 * snapshot to free.
 */
int vigie_snapshot_begin(struct vigie_snapshot **out, struct vigie_source *src,
			 const char *rev, struct vigie_error *err);
int vigie_snapshot_index(struct vigie_snapshot *snap, struct vigie_error *err);
/* The .mailmap entry (NULL: none), *known false when only the index can
 * say (a link, a directory). */
const struct vigie_entry *vigie_snapshot_early_mailmap(const struct vigie_snapshot *snap,
							bool *known);

/**
 * The repository and pinned commit, for the history collector (borrowed).
 * The repository is opened by libgit2 on first call when the source was
 * opened from git's files; NULL when it cannot be.
 */
git_repository *vigie_snapshot_git(const struct vigie_snapshot *snap);
/** libgit2's object database of the repository, opened on first call (any
 * thread); NULL when it cannot be. */
git_odb *vigie_snapshot_odb(struct vigie_snapshot *snap);
/** The loose objects' reader (loose.c), shared by the threads. */
const struct vigie_loose *vigie_snapshot_loose(const struct vigie_snapshot *snap);
/**
 * Object id read whole from the packs or loose, without libgit2: as
 * vigie_packs_read_object; VIGIE_PACK_OTHER when libgit2 must read it.
 */
enum vigie_pack_read vigie_snapshot_raw(const struct vigie_snapshot *snap,
					const git_oid *id, size_t max,
					git_object_t *type, char **data,
					size_t *len);
const git_oid *vigie_snapshot_oid(const struct vigie_snapshot *snap);

/*
 * Commits and tags read from the pack files directly (packs.c): the
 * history collector's fast path.  Open never fails for want of packs (the
 * set is then empty); -1 is out of memory.
 */
struct vigie_packs;

enum vigie_pack_read {
	VIGIE_PACK_READ,    /* a commit or tag: *data (malloc'd, NUL-ended) */
	VIGIE_PACK_SKIPPED, /* a whole tree or blob: not read */
	VIGIE_PACK_TOO_BIG, /* a commit or tag larger than max: not read */
	VIGIE_PACK_OTHER,   /* not here, a delta, or damaged: ask libgit2 */
	VIGIE_PACK_NOMEM,
};

/** The packs of one objects/pack directory (NULL: none). */
int vigie_packs_open_dir(struct vigie_packs **out, const char *dir);
/* Is id in one of the packs (its index says so; nothing is read)? */
bool vigie_packs_has(struct vigie_packs *p, const git_oid *id);
/** Read object id if it is a commit or a tag (a delta resolved); *type
 * says which.  One thread at a time. */
enum vigie_pack_read vigie_packs_read(struct vigie_packs *p, const git_oid *id,
				      size_t max, git_object_t *type,
				      char **data, size_t *len);
/*
 * Read object id of any type, its deltas resolved when their bases are in
 * the packs too (chains of up to 50): VIGIE_PACK_READ with *data
 * (malloc'd, NUL-ended), VIGIE_PACK_TOO_BIG when the object is larger
 * than max, VIGIE_PACK_OTHER for libgit2 to read (not here, a longer chain,
 * a base elsewhere, damaged).  p is only read: threads may call it at once.
 */
enum vigie_pack_read vigie_packs_read_object(const struct vigie_packs *p,
					     const git_oid *id, size_t max,
					     git_object_t *type, char **data,
					     size_t *len);
/*
 * The first head bytes of blob id (all of it when smaller), *size its
 * whole size; otherwise as vigie_packs_read_object.
 */
enum vigie_pack_read vigie_packs_read_head(const struct vigie_packs *p,
					   const git_oid *id, size_t head,
					   size_t max, char **data, size_t *len,
					   uint64_t *size);
/*
 * A view of the packs of of (NULL: none) for one thread: the same mapped
 * files, a decoder and a last hit of its own.  of outlives it.  -1: out of
 * memory.
 */
int vigie_packs_share(struct vigie_packs **out, const struct vigie_packs *of);
/** The snapshot's packs (shared by the threads reading its blobs). */
const struct vigie_packs *vigie_snapshot_packs(const struct vigie_snapshot *snap);
void vigie_packs_free(struct vigie_packs *p);

/*
 * The loose objects of one objects directory (loose.c), read without
 * libgit2; the answers are the packs' (enum vigie_pack_read).  Open never
 * fails for want of the directory (every read then answers OTHER); -1 is
 * out of memory.  The objects directory is opened once; l is only read:
 * threads may read at once.
 */
struct vigie_loose;

int vigie_loose_open(struct vigie_loose **out, const char *objects_dir);
void vigie_loose_free(struct vigie_loose *l);
/**
 * Read object id (20 raw bytes) whole: VIGIE_PACK_READ with *type and
 * *data (malloc'd, the caller's, NUL-ended after its *len bytes),
 * VIGIE_PACK_TOO_BIG when its header says more than max bytes (nothing
 * read), VIGIE_PACK_OTHER when it is not there or anything is unusual
 * (libgit2 then reads it and reports any corruption), VIGIE_PACK_NOMEM.
 * The SHA-1 is not verified.
 */
enum vigie_pack_read vigie_loose_read(const struct vigie_loose *l,
				      const unsigned char id[20], size_t max,
				      git_object_t *type, char **data,
				      size_t *len);
/* Only the type and size of id, from its header (its first bytes
 * inflated); otherwise as vigie_loose_read. */
enum vigie_pack_read vigie_loose_header(const struct vigie_loose *l,
					const unsigned char id[20],
					git_object_t *type, uint64_t *size);
/*
 * Is id surely not a loose object of this store, nor in another store
 * (objects/info/alternates)?  False when unsure.  With the packs' own
 * answer (vigie_packs_has), a missing object: a shallow clone's boundary.
 */
bool vigie_loose_absent(const struct vigie_loose *l, const unsigned char id[20]);

/*
 * The tags read from git's files (refs.c), packed-refs read once; the
 * answer is 1 (done), 0 (ask libgit2: a ref or a file this reader does not
 * read; nothing was told) or -1 (out of memory, or fn's -1).
 */
struct vigie_refs;

/* commondir holds refs/ and packed-refs. */
int vigie_refs_open(struct vigie_refs **out, const char *commondir);
void vigie_refs_free(struct vigie_refs *r);
/* fn(name, id, arg) for each tag ("refs/tags/...") that is no symbolic
 * ref, or for none. */
typedef int vigie_refs_tag_fn(const char *name, const git_oid *id, void *arg);
int vigie_refs_tags(const struct vigie_refs *r, vigie_refs_tag_fn *fn,
		    void *arg);
/*
 * HEAD of gitdir, from git's files: 1 with *id and *branch (the branch's
 * short name, malloc'd; NULL when HEAD is detached), 0 when libgit2 must
 * say (HEAD on no branch under refs/heads/, a symbolic or missing ref, an
 * unusual file), -1 out of memory.
 */
int vigie_refs_head(const struct vigie_refs *r, const char *gitdir,
		    git_oid *id, char **branch);

#endif
