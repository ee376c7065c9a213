/* SPDX-License-Identifier: EUPL-1.2 */
/* What the snapshot and history stages may see of a source: its libgit2 handle. */
#ifndef VIGIE_SOURCE_INTERNAL_H
#define VIGIE_SOURCE_INTERNAL_H

#include "git2_api.h"

#include "vigie/buf.h"
#include "vigie/source.h"

/**
 * The repository (borrowed): for snapshot/ and the history collector.  A
 * source opened from git's files (local.c) has libgit2 loaded and the
 * repository opened here, on first call, from any thread; NULL when that
 * fails (libgit2 will not load, the repository changed meanwhile).
 */
git_repository *vigie_source_git(const struct vigie_source *src);
/* The directory of its objects/, refs/ and packed-refs ('/'-ended); NULL
 * for a repository in memory (vigie_source_wrap). */
const char *vigie_source_commondir(const struct vigie_source *src);
/*
 * Open the repository at path from git's files, without libgit2 (local.c):
 * 1 with *gitdir (absolute, '/'-ended, as libgit2's git_repository_path)
 * and *origin (remote.origin.url redacted, or NULL); 0 when libgit2 must
 * open it (another shape, a setting this reader does not read); -1 out of
 * memory.
 */
int vigie_source_local(const char *path, char **gitdir, char **origin);

/**
 * A source over a repository the caller already opened (an in-memory one in
 * the fuzz targets); the caller keeps owning repo and t.
 */
int vigie_source_wrap(struct vigie_source **out, git_repository *repo,
		      const struct vigie_target *t);

/**
 * A copy of msg with the raw URL replaced by its display form and any
 * `scheme://user:secret@` user-info removed.  The caller frees it.
 */
char *vigie_scrub_credentials(const char *msg, const char *url,
			      const char *display);

/**
 * Set err to "what: MESSAGE" from libgit2's last error, credentials
 * removed and on one line, at t's display form (t may be NULL).  Returns
 * code (VIGIE_ENOMEM when the message could not be copied).
 */
int vigie_git_fail(struct vigie_error *err, int code,
		   const struct vigie_target *t, const char *what);

/**
 * After a failed connection or fetch: VIGIE_ENOTFOUND when libgit2's last
 * error says the repository is not there, else VIGIE_ENET.
 */
int vigie_git_reach_code(void);

/** 0, or VIGIE_EINVALID (err, may be NULL, set) when opts is neither NULL
 * nor of VIGIE_SOURCE_OPTIONS_VERSION. */
int vigie_source_opts_check(const struct vigie_source_opts *opts,
			    struct vigie_error *err);

/** The cache root of opts (or the default); caller frees; NULL if none. */
char *vigie_source_cache_root(const struct vigie_source_opts *opts);

/**
 * The cache path of t (appended to path) and, when tmp is not NULL, the
 * private directory process pid clones it into.  -1 when there is no cache
 * root or no memory.
 */
int vigie_source_cache_paths(struct vigie_buf *path, struct vigie_buf *tmp,
			     const struct vigie_target *t,
			     const struct vigie_source_opts *opts, long pid);

/** rmdir the directories above path, up to the cache root, while empty. */
void vigie_source_prune(const struct vigie_source_opts *opts, const char *path);

/** The sweep of dir and depth levels below it; returns how many went. */
int vigie_source_sweep_dir(const char *dir, int depth, long max_age_s);

/**
 * Remove what a killed fetch left in the clone at gitdir, and would make
 * every later fetch fail: ref locks older than lock_age_s, packs being
 * received unchanged for pack_age_s (0, 0 for all of them).
 */
void vigie_source_clean(const char *gitdir, long lock_age_s, long pack_age_s);

/**
 * Fetch t into the bare repository at gitdir (a mirror of branches and
 * tags, HEAD following the remote's) in a child process, killed at the
 * deadline or size limit of opts.  Codes as for vigie_source_open.
 */
int vigie_source_fetch_into(const char *gitdir, const struct vigie_target *t,
			    const struct vigie_source_opts *opts,
			    struct vigie_error *err);

/*
 * The lock of a cache entry: flock(2) on ENTRY~lock beside it ('~' is in
 * no plain path component and no entry ends so: it names nothing else).
 * Clone and fetch hold it exclusive; an open source holds it shared for
 * as long as it lives, so that cache gc never removes a clone in use.
 * Taking it creates the directories above it.  wait_ms: how long to wait
 * for another holder (< 0: as long as it takes, 0: not at all).  Returns
 * the descriptor, VIGIE_EBUSY when another holds it past wait_ms, or
 * VIGIE_EGENERIC with errno set.  A lock taken exclusive may be released
 * with remove (the entry is gone): its file goes too.
 */
int vigie_source_lock(const char *entry, int how, long wait_ms);
void vigie_source_unlock(int fd, const char *entry, bool remove);

/* The file in a cached clone whose time is that of its last fetch. */
#define VIGIE_SOURCE_FETCHED_MARK "vigie-fetched"

/** Note in the clone at gitdir that it was fetched now. */
void vigie_source_mark_fetched(const char *gitdir);
/**
 * When the clone at gitdir was last fetched (a clone of an older vigie:
 * when its references last changed); 0 when it cannot be told.
 */
int64_t vigie_source_fetched_at(const char *gitdir);

/** Does t go over TLS (https), so that the CA certificates matter? */
bool vigie_source_ca_wanted(const struct vigie_target *t);

/**
 * Make libgit2 verify servers against ca (nothing when it names nothing:
 * the system's default).  Process-wide: for a fetch's child, or the
 * in-process ls-remote of vigie_source_remote_head.
 */
int vigie_source_ca_apply(const struct vigie_source_ca *ca,
			  const struct vigie_target *t, struct vigie_error *err);

#endif
