/* SPDX-License-Identifier: EUPL-1.2 */
/* What the user asked to audit: a path, a URL or a forge shorthand. */
#ifndef VIGIE_TARGET_H
#define VIGIE_TARGET_H

#include "common.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

enum vigie_target_kind {
	VIGIE_TARGET_PATH,
	VIGIE_TARGET_URL,
	VIGIE_TARGET_KIND_COUNT
};

/*
 * A parsed TARGET.  Every string is owned by the struct.  `url` may hold
 * credentials and is only ever handed to the transport; anything shown to
 * a person uses `display`, which is redacted.
 */
struct vigie_target {
	enum vigie_target_kind kind;
	char *url;     /* clone URL, credentials kept; NULL for a path */
	char *display; /* the path, or the URL without user-info */
	char *host;    /* lowercase host, NULL for a path or file:// */
	char *repo;    /* host path without leading '/' and trailing ".git" */
	char *forge;   /* "github", "gitlab", "gitea" or NULL when unknown */
};

/**
 * Parse input: a filesystem path, a URL (https, http, ssh, git, file),
 * scp-like `user@host:path`, or a forge shorthand:
 * `github:[host/]owner/name`, `gitlab:[host/]group[/sub...]/name`,
 * `gitea:host/owner/name`, `forgejo:host/owner/name`,
 * `codeberg:owner/name`.  The first part of a github: or gitlab: shorthand
 * is a host when it holds a dot or a port (vigie_target_names_host);
 * github:, gitea:, forgejo: and codeberg: then take exactly OWNER/NAME.
 * A shorthand may carry credentials before its
 * host or owner (`gitlab:oauth2:TOKEN@host/group/name`): they go into `url`
 * only.  Fails with VIGIE_EINVALID and a message that names the redacted
 * input.
 */
VIGIE_EXTERN(int) vigie_target_parse(struct vigie_target *out, const char *input,
				     struct vigie_error *err);

/**
 * Does the first part of a shorthand's path (n bytes at s) name a host
 * rather than an owner or group: does it hold a dot or a port
 * (`ghe.example.org`, `localhost:8443`)?  GitHub owners never hold a dot.
 */
VIGIE_EXTERN(bool) vigie_target_names_host(const char *s, size_t n);

/** Free the strings of t; t may be zeroed or NULL. */
VIGIE_EXTERN(void) vigie_target_release(struct vigie_target *t);

/**
 * A copy of url with any user-info (user:token@) replaced by nothing (a
 * shorthand's too; an scp-like `user:secret@host:path` keeps its user), and
 * query credentials (access_token=, private_token=, token=) masked.
 * The caller frees the result; NULL on allocation failure.
 */
VIGIE_EXTERN(char *) vigie_url_redact(const char *url);

/**
 * The cache path of a remote target relative to the cache root:
 * `<host>/<repo>.git` (`file/<path>.git` for file://), with every component
 * sanitised so that it cannot escape the root.  When sanitising changed
 * anything, the last component ends in `~` and 16 hex digits of a SHA-256
 * of the repository's identity (host and path without ".git"; the whole
 * path for file://), so that two repositories never share a path and no
 * clone lies inside another.  The caller frees it.  NULL for a path target.
 */
VIGIE_EXTERN(char *) vigie_target_cache_path(const struct vigie_target *t);

#ifdef __cplusplus
}
#endif

#endif
