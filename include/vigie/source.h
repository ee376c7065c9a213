/* SPDX-License-Identifier: EUPL-1.2 */
/* Opening a repository: a work tree, a bare repository, or a cached clone. */
#ifndef VIGIE_SOURCE_H
#define VIGIE_SOURCE_H

#include "common.h"
#include "error.h"
#include "target.h"

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
};

/**
 * Open the repository a target names.  A URL target is cloned bare into the
 * cache, or fetched when the cache holds it.  On failure, err names the
 * redacted target; codes: VIGIE_ENOTFOUND (no such path or repository),
 * VIGIE_EINVALID (not a repository), VIGIE_ENET (remote unreachable).
 * The caller frees *out with vigie_source_free().
 */
int vigie_source_open(struct vigie_source **out, const struct vigie_target *t,
		      const struct vigie_source_opts *opts,
		      struct vigie_error *err);

void vigie_source_free(struct vigie_source *src);

/** The git directory on disk (borrowed). */
const char *vigie_source_gitdir(const struct vigie_source *src);
enum vigie_source_action vigie_source_action(const struct vigie_source *src);
const char *vigie_source_action_name(enum vigie_source_action a);
/** The target this source was opened from (borrowed). */
const struct vigie_target *vigie_source_target(const struct vigie_source *src);
/** The redacted URL of the `origin` remote, or NULL (borrowed). */
const char *vigie_source_origin(const struct vigie_source *src);

/**
 * The commit a target's HEAD names, learnt without fetching: a local
 * repository's HEAD, or the HEAD a remote advertises (one round trip, like
 * `git ls-remote URL HEAD`).  hex gets the object id in hex.  Codes as for
 * vigie_source_open, and VIGIE_EEMPTY when there is no commit yet.
 */
#define VIGIE_OID_HEX_MAX 65
int vigie_source_remote_head(char hex[VIGIE_OID_HEX_MAX],
			     const struct vigie_target *t,
			     const struct vigie_source_opts *opts,
			     struct vigie_error *err);

/** The default cache root; caller frees.  NULL when no home is known. */
char *vigie_source_default_cache(void);

#endif
