/* SPDX-License-Identifier: EUPL-1.2 */
/* One commit's tree, read from the object database without a checkout. */
#ifndef VIGIE_SNAPSHOT_H
#define VIGIE_SNAPSHOT_H

#include "common.h"
#include "error.h"
#include "buf.h"
#include "source.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VIGIE_SNAPSHOT_READ_CAP (1024 * 1024)
/*
 * Path components indexed at most, as git's core.maxTreeDepth: what lies
 * deeper is left out of the index (vigie_snapshot_skipped counts it).
 */
#define VIGIE_SNAPSHOT_MAX_DEPTH 4096

enum vigie_entry_kind {
	VIGIE_ENTRY_FILE,
	VIGIE_ENTRY_EXEC,
	VIGIE_ENTRY_LINK,
	VIGIE_ENTRY_SUBMODULE,
	VIGIE_ENTRY_KIND_COUNT
};

/* One blob, link or gitlink of the tree; owned by the snapshot. */
struct vigie_entry {
	const char *path; /* full path from the root, '/'-separated */
	enum vigie_entry_kind kind;
	unsigned depth;   /* slashes in path: 0 for a file at the root */
	/* blob or commit id, raw (hex: vigie_entry_hex): a SHA-1, of a
	 * fixed size as libgit2's git_oid is (a value, not a buffer; the
	 * libgit2 vigie builds on reads SHA-1 repositories only) */
	unsigned char oid[20];
};

/** The entry's object id in hex, NUL-terminated, into out. */
VIGIE_EXTERN(void) vigie_entry_hex(const struct vigie_entry *e, char out[41]);

struct vigie_snapshot;

/**
 * Pin rev (NULL: HEAD) of src and index its tree.  Codes: VIGIE_ENOTFOUND
 * (unknown revision), VIGIE_EEMPTY (no commits), VIGIE_ELIMIT (more than
 * max entries).  The snapshot keeps src borrowed: free it first.
 */
VIGIE_EXTERN(int) vigie_snapshot_open(struct vigie_snapshot **out, struct vigie_source *src,
				      const char *rev, struct vigie_error *err);
VIGIE_EXTERN(void) vigie_snapshot_free(struct vigie_snapshot *snap);

/** The pinned commit id, hex (borrowed). */
VIGIE_EXTERN(const char *) vigie_snapshot_commit(const struct vigie_snapshot *snap);
/** The revision as given, or the branch HEAD points to, or NULL (borrowed). */
VIGIE_EXTERN(const char *) vigie_snapshot_ref(const struct vigie_snapshot *snap);
/** The pinned commit's committer time, seconds since the epoch. */
VIGIE_EXTERN(int64_t) vigie_snapshot_time(const struct vigie_snapshot *snap);
VIGIE_EXTERN(struct vigie_source *) vigie_snapshot_source(const struct vigie_snapshot *snap);

/**
 * How many subtrees were left out of the index for lying deeper than
 * VIGIE_SNAPSHOT_MAX_DEPTH (0: the whole tree is indexed).
 */
VIGIE_EXTERN(size_t) vigie_snapshot_skipped(const struct vigie_snapshot *snap);

/** Entries sorted by path, bytewise. */
VIGIE_EXTERN(size_t) vigie_snapshot_count(const struct vigie_snapshot *snap);
VIGIE_EXTERN(const struct vigie_entry *) vigie_snapshot_entry(const struct vigie_snapshot *snap,
							      size_t i);
/** The git directory of the repository read (a path ending in '/'), or
 * NULL for a repository in memory. */
VIGIE_EXTERN(const char *) vigie_snapshot_gitdir(const struct vigie_snapshot *snap);

/** Exact lookup, or ASCII-case-insensitive when nocase; NULL if absent. */
VIGIE_EXTERN(const struct vigie_entry *) vigie_snapshot_find(const struct vigie_snapshot *snap,
							     const char *path, bool nocase);

/** The size of a blob in bytes (read from the object header), -1 on error. */
VIGIE_EXTERN(int64_t) vigie_snapshot_size(struct vigie_snapshot *snap,
					  const struct vigie_entry *e);

/**
 * Read a blob into out, which is cleared first.  A link is followed inside
 * the tree (at most 8 hops); a link leaving the tree, or a submodule, fails
 * with VIGIE_EINVALID.  A blob larger than cap (0: the default 1 MiB) fails
 * with VIGIE_ELIMIT without being read.  *resolved, when not NULL, gets the
 * entry that was read in the end.
 */
VIGIE_EXTERN(int) vigie_snapshot_read(struct vigie_buf *out, struct vigie_snapshot *snap,
				      const struct vigie_entry *e, size_t cap,
				      const struct vigie_entry **resolved,
				      struct vigie_error *err);

/**
 * The first head bytes of a blob (all of it when smaller) into out, which
 * is cleared first: the top of a file, where its notice or header is, at
 * the cost of those bytes only when the object is stored whole.  Links,
 * submodules and cap (the size of the whole blob) as vigie_snapshot_read.
 */
VIGIE_EXTERN(int) vigie_snapshot_read_head(struct vigie_buf *out,
					   struct vigie_snapshot *snap,
					   const struct vigie_entry *e,
					   size_t head, size_t cap,
					   struct vigie_error *err);

#ifdef __cplusplus
}
#endif

#endif
