/* SPDX-License-Identifier: EUPL-1.2 */
/* Opening a repository: a work tree, a bare repository, or a cached clone. */
#ifndef VIGIE_SOURCE_H
#define VIGIE_SOURCE_H

#include "common.h"
#include "error.h"
#include "target.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vigie_source;

/* What vigie_source_open had to do; names in vigie_source_action_name(). */
enum vigie_source_action {
	VIGIE_SOURCE_OPENED,  /* a local repository */
	VIGIE_SOURCE_CLONED,  /* a fresh bare clone into the cache */
	VIGIE_SOURCE_FETCHED, /* an existing cached clone, fetched */
	VIGIE_SOURCE_CACHED,  /* an existing cached clone, used as it is */
	VIGIE_SOURCE_ACTION_COUNT
};

struct vigie_source_opts {
	const char *cache_dir; /* NULL: $XDG_CACHE_HOME/vigie/repos */
	bool offline;          /* never touch the network: cache only */
	long timeout_ms;       /* 0: no limit for clone/fetch */
	long long max_bytes;   /* 0: no limit on what a clone/fetch writes */
};

/* A temporary clone untouched for this long was left by a killed process. */
#define VIGIE_SOURCE_STALE_S 86400L

/**
 * Open the repository a target names.  A URL target is cloned bare into the
 * cache, or fetched when the cache holds it.  The transfer runs in a child
 * process (fork), killed at opts->timeout_ms or when its packs pass
 * opts->max_bytes, whatever the transport does.  On failure, err names the
 * redacted target; codes: VIGIE_ENOTFOUND (no such path or repository),
 * VIGIE_EINVALID (not a repository, or a cached clone of another
 * repository with --offline), VIGIE_ENET (remote unreachable), VIGIE_ELIMIT
 * (time or size limit).  A failed clone leaves nothing in the cache.
 * The caller frees *out with vigie_source_free().
 */
VIGIE_EXTERN(int) vigie_source_open(struct vigie_source **out, const struct vigie_target *t,
				    const struct vigie_source_opts *opts,
				    struct vigie_error *err);

VIGIE_EXTERN(void) vigie_source_free(struct vigie_source *src);

/** The git directory on disk (borrowed). */
VIGIE_EXTERN(const char *) vigie_source_gitdir(const struct vigie_source *src);
VIGIE_EXTERN(enum vigie_source_action) vigie_source_action(const struct vigie_source *src);
VIGIE_EXTERN(const char *) vigie_source_action_name(enum vigie_source_action a);
/** The target this source was opened from (borrowed). */
VIGIE_EXTERN(const struct vigie_target *) vigie_source_target(const struct vigie_source *src);
/** The redacted URL of the `origin` remote, or NULL (borrowed). */
VIGIE_EXTERN(const char *) vigie_source_origin(const struct vigie_source *src);

/**
 * The commit a target's HEAD names, learnt without fetching: a local
 * repository's HEAD, or the HEAD a remote advertises (one round trip, like
 * `git ls-remote URL HEAD`).  hex gets the object id in hex.  Codes as for
 * vigie_source_open, and VIGIE_EEMPTY when there is no commit yet.
 */
#define VIGIE_OID_HEX_MAX 65
VIGIE_EXTERN(int) vigie_source_remote_head(char hex[VIGIE_OID_HEX_MAX],
					   const struct vigie_target *t,
					   const struct vigie_source_opts *opts,
					   struct vigie_error *err);

/** The default cache root; caller frees.  NULL when no home is known. */
VIGIE_EXTERN(char *) vigie_source_default_cache(void);

/**
 * Remove the temporary clone of t that process pid was making, and the
 * directories that leaves empty, or the locks and partial pack it left in
 * the cached clone of t: for a caller that killed that process.
 */
VIGIE_EXTERN(void) vigie_source_discard(const struct vigie_target *t,
					const struct vigie_source_opts *opts, long pid);

/**
 * Remove the temporary clones anywhere in the cache that have not changed
 * for max_age_s seconds (left by killed processes).  Returns how many.
 */
VIGIE_EXTERN(int) vigie_source_sweep(const struct vigie_source_opts *opts, long max_age_s);

#ifdef __cplusplus
}
#endif

#endif
