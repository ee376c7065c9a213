/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Forge APIs (GitHub, GitLab, Gitea/Forgejo) over a small, cached HTTP
 * layer: a less stable tier than the audit's (as libgit2's git2/sys/),
 * for programs that talk to a forge themselves.
 */
#ifndef VIGIE_SYS_FORGE_H
#define VIGIE_SYS_FORGE_H

#include <jansson.h>

#include "../common.h"
#include "../error.h"
#include "../buf.h"
#include "../facts.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- HTTP ---------------------------------------------------------------- */

struct vigie_http;

/*
 * The options of a client and of a forge carry the version of this header,
 * as an audit's do (see audit.h): a program built against another layout
 * is refused (VIGIE_EINVALID), not misread.  Start from
 * VIGIE_HTTP_OPTIONS_INIT or vigie_http_opts_init().
 */
#define VIGIE_HTTP_OPTIONS_VERSION 1

struct vigie_http_opts {
	unsigned int version;    /* VIGIE_HTTP_OPTIONS_VERSION */
	const char *cache_dir;   /* cached responses live here; NULL: no cache */
	long connect_timeout_ms; /* default 10 000 */
	long timeout_ms;         /* whole request, default 30 000 */
	int retries;             /* on network errors and 5xx, default 3 */
	long backoff_ms;         /* first backoff, doubled each time, default 500 */
	long max_wait_s;         /* wait for a rate-limit reset this near, default 60 */
	size_t max_body;         /* largest body read, default 16 MiB */
	bool offline;            /* refuse every request */
	long low_speed_bytes;    /* an answer slower than this many bytes/s */
	long low_speed_s;        /* for this long is dropped; 256 B/s, 15 s */
	int max_redirects;       /* same-origin hops followed, default 5 */
	double deadline_ms;      /* vigie_clock_ms() by which every request,
				    retry and wait must end; 0: none */
	const char *ca_file;     /* CA certificates (--ca-file, --ca-path); */
	const char *ca_path;     /* NULL: vigie_source_ca_resolve's levels */
};

/* The defaults as documented above, statically. */
#define VIGIE_HTTP_OPTIONS_INIT \
	{ VIGIE_HTTP_OPTIONS_VERSION, NULL, 10000, 30000, 3, 500, 60, \
	  (size_t)16 << 20, false, 256, 15, 5, 0, NULL, NULL }

/** Defaults as documented above; version set. */
VIGIE_EXTERN(void) vigie_http_opts_init(struct vigie_http_opts *opts);

/**
 * A client: one libcurl handle (connections are reused), the cache, and the
 * rate-limit state.  Once a server said "rate limited until T" and T is too
 * far, every later request fails at once with VIGIE_ELIMIT.  The caller
 * frees *out with vigie_http_free().  opts NULL: the defaults; opts of
 * another version than VIGIE_HTTP_OPTIONS_VERSION: VIGIE_EINVALID.
 */
VIGIE_EXTERN(int) vigie_http_new(struct vigie_http **out, const struct vigie_http_opts *opts,
				 struct vigie_error *err);
VIGIE_EXTERN(void) vigie_http_free(struct vigie_http *http);

struct vigie_http_response {
	long status;          /* 2xx; a 304 is answered from the cache as 200 */
	struct vigie_buf body;
	char *next;           /* next page: Link rel="next" or X-Next-Page */
	long total;           /* X-Total / X-Total-Count, or -1 */
	bool from_cache;      /* the body came from the cache after a 304 */
};

VIGIE_EXTERN(void) vigie_http_response_release(struct vigie_http_response *r);

/**
 * GET url with extra headers ("Name: value", NULL-terminated; may be NULL;
 * they may hold a token, which never reaches err, the cache key in clear,
 * or any output).  Redirects are followed one hop at a time and only on
 * url's scheme, host and port (max_redirects hops): a redirect elsewhere is
 * VIGIE_EINVALID and nothing is sent there.  TLS is always verified (against
 * the CA certificates of vigie_source_ca_resolve), proxy
 * variables are honoured.  Codes: VIGIE_ENOTFOUND
 * (404, 410), VIGIE_EINVALID (401, 403, other 4xx; err says which),
 * VIGIE_ELIMIT (rate limited, or a body over max_body), VIGIE_ENET
 * (unreachable, timeout, 5xx after the retries, offline).  out is
 * initialised here and released by the caller, also on failure.
 */
VIGIE_EXTERN(int) vigie_http_get(struct vigie_http_response *out, struct vigie_http *http,
				 const char *url, const char *const *headers,
				 struct vigie_error *err);

/* An http(s) URL's origin as libcurl's URL parser reads it; the strings
 * are its own (vigie_http_origin_release frees them). */
struct vigie_http_origin {
	char *scheme;    /* lowercase */
	char *host;      /* lowercase; an IPv6 address in brackets */
	long port;       /* the scheme's default when the URL has none */
};

/* A longer host is no host (a DNS name has at most 253 bytes). */
#define VIGIE_HTTP_HOST_MAX 255

/**
 * Parse url with libcurl's URL API (user names, passwords, odd ports and
 * all).  VIGIE_EINVALID when it is no URL with a host (of at most
 * VIGIE_HTTP_HOST_MAX bytes), VIGIE_ENOMEM.  out is initialised here;
 * release it, also after a failure (it then holds nothing).
 */
VIGIE_EXTERN(int) vigie_http_url_origin(struct vigie_http_origin *out, const char *url);
VIGIE_EXTERN(void) vigie_http_origin_release(struct vigie_http_origin *o);
/** Do a and b share scheme, host and port? */
VIGIE_EXTERN(bool) vigie_http_same_origin(const char *a, const char *b);
/** Is url's host this machine (127.0.0.1, localhost, [::1])? */
VIGIE_EXTERN(bool) vigie_http_url_loopback(const char *url);

/** The status of the last response received (0 when none). */
VIGIE_EXTERN(long) vigie_http_last_status(const struct vigie_http *http);

struct vigie_http_stats {
	unsigned requests;     /* requests sent, retries included */
	unsigned not_modified; /* 304 answers served from the cache */
	unsigned retries;
	unsigned rate_waits;   /* times we slept until a reset */
};

VIGIE_EXTERN(void) vigie_http_stats(const struct vigie_http *http,
				    struct vigie_http_stats *out);

/* ---- forges -------------------------------------------------------------- */

struct vigie_forge;

/* Versioned as struct vigie_http_opts is; its http member has its own. */
#define VIGIE_FORGE_OPTIONS_VERSION 1

struct vigie_forge_opts {
	unsigned int version; /* VIGIE_FORGE_OPTIONS_VERSION */
	const char *kind;    /* "github", "gitlab" or "gitea" */
	const char *host;    /* web host, for the default API URL; may be NULL */
	const char *api_url; /* API root, overriding the one derived from host */
	const char *token;   /* NULL: from the environment (see below) */
	struct vigie_http_opts http;
	/*
	 * Ceilings on what the forge may send (each page is also capped by
	 * http.max_body): all pages of one list (issues, comments...),
	 * default 128 MiB; every answer to this client, default 256 MiB; a
	 * repository listing, default 1 GiB and 100 000 repositories.
	 */
	size_t max_endpoint_bytes;
	size_t max_total_bytes;
	size_t max_list_bytes;
	size_t max_list_entries;
};

#define VIGIE_FORGE_MAX_ENDPOINT_BYTES ((size_t)128 << 20)
#define VIGIE_FORGE_MAX_TOTAL_BYTES ((size_t)256 << 20)
#define VIGIE_FORGE_MAX_LIST_BYTES ((size_t)1 << 30)
#define VIGIE_FORGE_MAX_LIST_ENTRIES ((size_t)100000)

/* The defaults, statically: no kind yet, the ceilings above. */
#define VIGIE_FORGE_OPTIONS_INIT \
	{ VIGIE_FORGE_OPTIONS_VERSION, NULL, NULL, NULL, NULL, \
	  VIGIE_HTTP_OPTIONS_INIT, VIGIE_FORGE_MAX_ENDPOINT_BYTES, \
	  VIGIE_FORGE_MAX_TOTAL_BYTES, VIGIE_FORGE_MAX_LIST_BYTES, \
	  VIGIE_FORGE_MAX_LIST_ENTRIES }

/** The defaults (VIGIE_FORGE_OPTIONS_INIT's); versions set. */
VIGIE_EXTERN(void) vigie_forge_opts_init(struct vigie_forge_opts *opts);

/**
 * A client for one forge.  The API root defaults to https://api.github.com
 * (github.com), https://HOST/api/v3 (GitHub Enterprise), https://HOST/api/v4
 * (GitLab), https://HOST/api/v1 (Gitea, Forgejo).  The token comes from
 * GITHUB_TOKEN or GH_TOKEN, GITLAB_TOKEN, GITEA_TOKEN or FORGEJO_TOKEN; it
 * is never sent over plain http except to a loopback address.  Codes:
 * VIGIE_EINVALID (opts or opts->http of another version, unknown kind,
 * no host nor API URL).
 */
VIGIE_EXTERN(int) vigie_forge_new(struct vigie_forge **out,
				  const struct vigie_forge_opts *opts,
				  struct vigie_error *err);
VIGIE_EXTERN(void) vigie_forge_free(struct vigie_forge *forge);

/** The kind ("github"...) and API root (borrowed). */
VIGIE_EXTERN(const char *) vigie_forge_kind(const struct vigie_forge *forge);
VIGIE_EXTERN(const char *) vigie_forge_api_url(const struct vigie_forge *forge);
/** Whether a token is used. */
VIGIE_EXTERN(bool) vigie_forge_has_token(const struct vigie_forge *forge);
/**
 * What the forge did that the caller should hear of without it being a
 * failure (a paging loop, a listing cut at a ceiling, a listed name
 * refused): an array of {message, message_id, message_args} (a message in
 * English and as data, see vigie_msg_render_json), borrowed.
 */
VIGIE_EXTERN(json_t *) vigie_forge_warnings(struct vigie_forge *forge);
/** The HTTP client of this forge (borrowed), for statistics. */
VIGIE_EXTERN(struct vigie_http *) vigie_forge_http(struct vigie_forge *forge);

/** The kinds known, NULL-terminated (static). */
VIGIE_EXTERN(const char *const *) vigie_forge_kinds(void);

/**
 * The forge's view of repo ("owner/name", "group/sub/name"): a new object
 * {kind, repo, url, issues_enabled, description, homepage, topics[],
 * archived, fork, default_branch, wiki, discussions, stars, forks, license,
 * open_issues}.  A member the forge does not report is absent; an empty
 * description or homepage is "".  Codes as vigie_http_get, with messages
 * that say what to do (a 404 may be a private repository without a token).
 */
VIGIE_EXTERN(int) vigie_forge_repo(json_t **out, struct vigie_forge *forge, const char *repo,
				   struct vigie_error *err);

/**
 * Tracker health over [since, now]: a new object {window_days, opened,
 * answered_share, median_first_response_hours, closed_share,
 * newcomer_labels[]}.  Shares and the median are absent when no issue was
 * opened.  "Answered" means a comment by someone other than the author
 * (bots excluded).
 */
VIGIE_EXTERN(int) vigie_forge_tracker(json_t **out, struct vigie_forge *forge,
				      const char *repo, int64_t since, int64_t now,
				      struct vigie_error *err);

/**
 * The repositories of a GitHub organisation or user, a GitLab group (its
 * subgroups included) or a Gitea organisation or user, every page: a new
 * array of {repo, url, archived, fork}.  A repo that is not a name of the
 * forge's grammar (GitHub and Gitea OWNER/NAME, GitLab GROUP[/SUB...]/NAME,
 * each part of [A-Za-z0-9._-]) is left out with a warning.  At a ceiling
 * (max_list_entries, max_list_bytes) or on a paging loop, the rows so far
 * are kept and a warning says so.
 */
VIGIE_EXTERN(int) vigie_forge_list(json_t **out, struct vigie_forge *forge,
				   const char *owner, struct vigie_error *err);

/* ---- helpers shared by the forge clients ---------------------------------- */

/** "2026-01-05T10:00:00Z" (fractions and offsets allowed); -1 if invalid. */
VIGIE_EXTERN(int64_t) vigie_forge_parse_time(const char *s);

/** Is a label name one that invites newcomers ("good first issue"...)? */
VIGIE_EXTERN(bool) vigie_forge_newcomer_label(const char *name);

#ifdef __cplusplus
}
#endif

#endif
