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
	VIGIE_SOURCE_STALE,   /* the fetch failed (network, time limit): the
				 cached clone as it was last fetched */
	VIGIE_SOURCE_ACTION_COUNT
};

/*
 * Versioned as struct vigie_audit_opts is (see audit.h): start from
 * VIGIE_SOURCE_OPTIONS_INIT.  Every function below that takes them also
 * takes NULL (the defaults) and refuses another version: VIGIE_EINVALID.
 */
#define VIGIE_SOURCE_OPTIONS_VERSION 1

struct vigie_source_opts {
	unsigned int version;  /* VIGIE_SOURCE_OPTIONS_VERSION */
	const char *cache_dir; /* vigie's cache (--cache-dir): the clones are
				  in cache_dir/repos; NULL:
				  $XDG_CACHE_HOME/vigie/repos */
	bool offline;          /* never touch the network: cache only */
	long timeout_ms;       /* 0: no limit for clone/fetch */
	long long max_bytes;   /* 0: no limit on what a clone/fetch writes */
	const char *ca_file;   /* --ca-file: CA certificates for https; NULL: */
	const char *ca_path;   /* --ca-path; see vigie_source_ca_resolve */
	bool no_stale;         /* a failed fetch of a cached clone fails,
				  rather than audit the clone as it was */
	/*
	 * Run each clone or fetch in a child process (fork) that is killed
	 * at timeout_ms, or when its packs pass max_bytes, whatever the
	 * transport does: what the vigie command does.  false (the
	 * default): in the calling thread, no process of its own; the
	 * limits are then checked as data arrives, so a server that
	 * accepts and never answers holds the call until the system gives
	 * up on the connection, and ca_file/ca_path are set for libgit2 as
	 * a whole (GIT_OPT_SET_SSL_CERT_LOCATIONS).
	 */
	bool isolate;
};

/* The defaults, statically: the default cache, online, no limit, in the
 * calling process. */
#define VIGIE_SOURCE_OPTIONS_INIT \
	{ VIGIE_SOURCE_OPTIONS_VERSION, NULL, false, 0, 0, NULL, NULL, false, false }

/* A temporary clone untouched for this long was left by a killed process. */
#define VIGIE_SOURCE_STALE_S 86400L

/**
 * Open the repository a target names.  A URL target is cloned bare into the
 * cache, or fetched when the cache holds it.  The transfer runs in the
 * calling thread, or with opts->isolate in a child process (fork), killed
 * at opts->timeout_ms or when its packs pass opts->max_bytes, whatever the
 * transport does.  On failure, err names the
 * redacted target; codes: VIGIE_ENOTFOUND (no such path or repository),
 * VIGIE_EINVALID (not a repository, or a cached clone of another
 * repository with --offline), VIGIE_ENET (remote unreachable), VIGIE_ELIMIT
 * (time or size limit).  A failed clone leaves nothing in the cache.
 * When the fetch of a cached clone fails for the network's sake (no
 * answer, no such host, the time limit) the clone is used as it was,
 * VIGIE_SOURCE_STALE (vigie_source_fetched says since when, and
 * vigie_source_stale_reason why), unless opts->no_stale.
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
/**
 * When the cached clone was last fetched (or cloned), seconds since the
 * epoch; 0 for a local repository or when it cannot be told.
 */
VIGIE_EXTERN(int64_t) vigie_source_fetched(const struct vigie_source *src);
/** Why a VIGIE_SOURCE_STALE source was not fetched (borrowed), or NULL. */
VIGIE_EXTERN(const struct vigie_error *) vigie_source_stale_reason(
	const struct vigie_source *src);
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

/*
 * The CA certificates TLS verifies servers against, as the host configures
 * them.  The first level that names a file or a directory wins, whole:
 * the caller's file and path (--ca-file, --ca-path); GIT_SSL_CAINFO and
 * GIT_SSL_CAPATH, else http.sslCAInfo and http.sslCAPath of the user's or
 * the system's git configuration (never a repository's own); SSL_CERT_FILE
 * and SSL_CERT_DIR; else none (file and path NULL: the system's default).
 * What is named replaces the system's store, for the clone and the forge
 * API alike.
 */
struct vigie_source_ca {
	char *file;            /* a PEM file of CA certificates, or NULL */
	char *path;            /* a directory of them (hashed, as by
				  openssl rehash), or NULL */
	const char *file_from; /* where each came from: "--ca-file",
				  "GIT_SSL_CAINFO", "http.sslCAInfo", */
	const char *path_from; /* "SSL_CERT_DIR"... (static), or NULL */
};

/**
 * Resolve the CA certificates (above) from file and path (each may be
 * NULL) and the environment, and check that what is named can be read.
 * Codes: VIGIE_ENOTFOUND (no such file or directory), VIGIE_EINVALID
 * (unreadable, or a file that is a directory...); err names the file and
 * where it came from.  out is released by vigie_source_ca_release().
 */
VIGIE_EXTERN(int) vigie_source_ca_resolve(struct vigie_source_ca *out, const char *file,
			    const char *path, struct vigie_error *err);
VIGIE_EXTERN(void) vigie_source_ca_release(struct vigie_source_ca *ca);

/* ---- the cache's clones (vigie cache list, gc) --------------------------- */

struct vigie_cache_entry {
	char *name;       /* below the clones' root: HOST/PATH.git */
	char *path;       /* its directory */
	char *url;        /* its origin, credentials removed; NULL: unknown */
	long long bytes;  /* what it takes on disk */
	int64_t fetched;  /* last fetch, seconds since the epoch; 0: unknown */
	bool busy;        /* another vigie clones, fetches or audits it */
	bool removed;     /* vigie_source_cache_gc removed it */
};

struct vigie_cache_list {
	char *root;       /* the clones' root: ROOT/repos */
	struct vigie_cache_entry *v; /* by name */
	size_t n;
	long long bytes;  /* of every entry */
	int swept;        /* vigie_source_cache_gc: temporary clones removed */
	int commits_swept; /* vigie_source_cache_gc: files kept for later
			      audits (ROOT/commits, ROOT/licenses) removed */
};

/**
 * The clones in the cache of opts (ROOT/repos).  An absent root is an
 * empty list.  out is released by vigie_source_cache_list_release().
 */
VIGIE_EXTERN(int) vigie_source_cache_list(struct vigie_cache_list *out,
			    const struct vigie_source_opts *opts,
			    struct vigie_error *err);
VIGIE_EXTERN(void) vigie_source_cache_list_release(struct vigie_cache_list *l);

/**
 * Remove the clones fetched before older_than (seconds since the epoch;
 * 0: none on that ground), then, while the clones left take more than
 * max_bytes (0: no limit), the least recently fetched.  A clone is
 * removed under its lock, taken without waiting: one in use (busy) is
 * kept.  Also removes the temporary clones killed processes left a day
 * ago, and the files of kept commits (ROOT/commits, see vigie-cache(1)) not
 written since older_than.  out lists every clone, those removed marked so.
 */
VIGIE_EXTERN(int) vigie_source_cache_gc(struct vigie_cache_list *out,
			  const struct vigie_source_opts *opts,
			  int64_t older_than, long long max_bytes,
			  struct vigie_error *err);

/** The default cache root; caller frees.  NULL when no home is known. */
VIGIE_EXTERN(char *) vigie_source_default_cache(void);

/**
 * Remove the temporary clone of t that process pid was making, and the
 * directories that leaves empty, or the locks and partial pack it left in
 * the cached clone of t: for a caller that killed that process.  Nothing
 * with opts of another version.
 */
VIGIE_EXTERN(void) vigie_source_discard(const struct vigie_target *t,
					const struct vigie_source_opts *opts, long pid);

/**
 * Remove the temporary clones anywhere in the cache that have not changed
 * for max_age_s seconds (left by killed processes).  Returns how many, or
 * VIGIE_EINVALID (nothing removed) with opts of another version.
 */
VIGIE_EXTERN(int) vigie_source_sweep(const struct vigie_source_opts *opts, long max_age_s);

#ifdef __cplusplus
}
#endif

#endif
