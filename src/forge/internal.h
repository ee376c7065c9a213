/* SPDX-License-Identifier: EUPL-1.2 */
/* What the forge clients share: the client struct, paging, tracker maths. */
#ifndef VIGIE_FORGE_INTERNAL_H
#define VIGIE_FORGE_INTERNAL_H

#include <jansson.h>

#include "vigie/date.h"
#include "vigie/sys/forge.h"

/* Ceilings so a huge tracker cannot run away (the byte ceilings are in
 * struct vigie_forge_opts). */
#define FORGE_MAX_NOTE_FETCHES 100
#define FORGE_MAX_WARNINGS 16
#define FORGE_MAX_LABELS 64

struct vigie_forge;

/* One row of the forge table. */
struct forge_kind {
	const char *name;
	const char *token_env[3]; /* NULL-terminated */
	const char *api_suffix;   /* appended to https://HOST for self-managed */
	const char *default_host; /* its public instance, or NULL */
	const char *default_api;  /* the public instance's API root, or NULL */
	const char *auth_prefix;  /* "Authorization: Bearer "... */
	int (*repo)(json_t **out, struct vigie_forge *f, const char *repo,
		    struct vigie_error *err);
	int (*tracker)(json_t **out, struct vigie_forge *f, const char *repo,
		       int64_t since, int64_t now, struct vigie_error *err);
	int (*list)(json_t **out, struct vigie_forge *f, const char *owner,
		    struct vigie_error *err);
};

struct vigie_forge {
	const struct forge_kind *kind;
	char *api;       /* API root without a trailing '/' */
	char *auth;      /* the authorisation header line, or NULL */
	const char *headers[4];
	struct vigie_http *http;
	size_t max_endpoint_bytes, max_total_bytes;
	size_t max_list_bytes, max_list_entries;
	size_t spent;     /* bytes of the answers read, listings aside */
	bool listing;     /* a listing is under way: its own ceilings */
	json_t *warnings; /* strings, at most FORGE_MAX_WARNINGS */
};

/** Add a warning (one line, no token) to f's list. */
/* Topics and labels kept; bytes of a text field kept. */
#define FORGE_MAX_TOPICS 64
#define FORGE_MAX_TEXT 1024

/** The kind named name ("github", "gitlab", "gitea"), or NULL. */
const struct forge_kind *forge_find_kind(const char *name);

void forge_warn(struct vigie_forge *f, const char *fmt, ...)
	VIGIE_PRINTF(2, 3);

extern const struct forge_kind vigie_forge_github;
extern const struct forge_kind vigie_forge_gitlab;
extern const struct forge_kind vigie_forge_gitea;

/** api + the formatted path; caller frees.  NULL on allocation failure. */
char *forge_url(const struct vigie_forge *f, const char *fmt, ...)
	VIGIE_PRINTF(2, 3);

/** s percent-encoded for one path segment ("a/b" -> "a%2Fb"); caller frees. */
char *forge_escape(const char *s);

/** s with anything but printable ASCII as \xHH, cut to fit n. */
void forge_escape_text(char *out, size_t n, const char *s);

/** Is repo a plausible "owner/name" (or "group/sub/name" when deep)? */
bool forge_repo_valid(const char *repo, bool deep);

/**
 * GET url and parse the body as JSON; *out is new.  A body that is not
 * JSON is VIGIE_EINVALID.  *next, when not NULL, gets the next page URL
 * (caller frees) if it stays on the API's origin.
 */
int forge_get_json(json_t **out, char **next, struct vigie_forge *f,
		   const char *url, struct vigie_error *err);

/*
 * Called with each page (an array, borrowed: freed after the call).  Returns
 * 0 to go on, FORGE_STOP to end the paging there, or a negative code.
 */
#define FORGE_STOP 1
typedef int (*forge_page_cb)(json_t *page, void *payload,
			     struct vigie_error *err);

/**
 * Every page from url, each handed to cb then freed, so that only one page
 * is held at a time.  The pages of one endpoint add up to at most
 * max_bytes: past it the paging stops with VIGIE_ELIMIT, or, when
 * partial_ok, with a warning and 0.  A next link to a page already read
 * stops the paging with a warning.  An empty page ends it.
 */
int forge_get_pages(struct vigie_forge *f, const char *url, size_t max_bytes,
		    bool partial_ok, forge_page_cb cb, void *payload,
		    struct vigie_error *err);

/** Reword err for a repository: not found, private, bad token. */
int forge_repo_error(struct vigie_forge *f, const char *repo, int rc,
		     struct vigie_error *err);

/**
 * The start of the window as sent to the API: rounded down to a week, so
 * that the URL, hence its cached answer and ETag, stays the same for a
 * week of nightly runs.  Issues are still filtered on the exact start.
 */
int64_t forge_query_since(int64_t since);

/** The ISO 8601 UTC form of t ("2026-01-05T10:00:00Z"). */
void forge_iso_time(char out[VIGIE_DATE_MAX], int64_t t);

#define FORGE_UNKNOWN (-2)

/* One issue as the tracker maths sees it. */
struct forge_issue {
	int64_t number;
	char author[128];
	int64_t created;
	bool closed;
	int64_t first_response; /* -1: none yet; FORGE_UNKNOWN: not read */
};

struct forge_issues {
	struct forge_issue *v;
	size_t n, alloc;
};

/** Append; false on allocation failure. */
bool forge_issues_add(struct forge_issues *list, int64_t number,
		      const char *author, int64_t created, bool closed);
struct forge_issue *forge_issues_find(struct forge_issues *list,
				      int64_t number);
void forge_issues_release(struct forge_issues *list);

/** Record a reply by who at when, if it is a first response. */
void forge_issue_reply(struct forge_issue *is, const char *who, bool bot,
		       int64_t when);

/** Is this login a bot's ("dependabot[bot]", "renovate-bot")? */
bool forge_login_is_bot(const char *login);

/**
 * The tracker object from issues (already limited to the window) and the
 * labels (a JSON array of label objects with "name").
 */
json_t *forge_tracker_summary(const struct forge_issues *issues, json_t *labels,
			      int window_days);

/** Copy a string member (null/absent: "" when keep_empty, else skip). */
void forge_copy_str(json_t *dst, const char *key, json_t *src,
		    const char *member, bool keep_empty);
/** Copy a boolean member when it is a boolean. */
void forge_copy_bool(json_t *dst, const char *key, json_t *src,
		     const char *member);
/** Copy an integer member when it is an integer. */
void forge_copy_int(json_t *dst, const char *key, json_t *src,
		    const char *member);
/** Copy an array of strings (bounded, sanitised). */
void forge_copy_strings(json_t *dst, const char *key, json_t *arr);

/* How one fact is read from an API's description of a repository. */
enum forge_field_type {
	FIELD_STR,       /* a string, absent when unset */
	FIELD_STR_EMPTY, /* a string, "" when unset (so its rule fails) */
	FIELD_BOOL,
	FIELD_INT,
	FIELD_STRINGS,   /* an array of strings */
	FIELD_TYPE_COUNT
};

struct forge_field {
	const char *fact;
	const char *member;
	enum forge_field_type type;
};

/** Copy each field of the table from src into dst. */
void forge_copy_fields(json_t *dst, json_t *src,
		       const struct forge_field *fields, size_t n);

/** A page callback keeping the newcomer labels (into the array payload). */
int forge_on_labels(json_t *page, void *payload, struct vigie_error *err);

/**
 * Tracker health the GitHub/Gitea way: list the issues updated in the
 * window, then the repository's comments, then the labels.  Items with a
 * non-null "pull_request" are not issues.
 */
int forge_tracker_by_comments(json_t **out, struct vigie_forge *f,
			      const char *issues_url, const char *comments_url,
			      const char *labels_url, int64_t since,
			      int64_t now, struct vigie_error *err);

/**
 * Listing rows {repo, url, archived, fork} from a forge's list: name_key
 * and url_key name the members; a fork is a true fork_key member, or an
 * object there (GitLab's forked_from_project).
 */
/*
 * The repository facts from an API's JSON description of a repository, new
 * reference (NULL only when out of memory).  Pure functions of their input:
 * the fuzz target feeds them arbitrary JSON.
 */
json_t *forge_github_repo_facts(json_t *r);

/*
 * GET url (taken: freed here), the API's description of repository name,
 * and parse it into *out (new).  *raw, when not NULL, gets the description
 * itself (new).  A missing repository or an answer that is no object is an
 * error naming the repository.
 */
int forge_fetch_repo(json_t **out, json_t **raw, struct vigie_forge *f,
		     char *url, const char *name, json_t *(*parse)(json_t *r),
		     struct vigie_error *err);
json_t *forge_gitlab_repo_facts(json_t *r);
json_t *forge_gitea_repo_facts(json_t *r);

/*
 * List the repositories of an organisation (/orgs/OWNER/repos?org_query),
 * or of a user when there is no such organisation
 * (/users/OWNER/repos?user_query), every page: GitHub and Gitea/Forgejo
 * share this shape.
 */
int forge_list_owner(json_t **out, struct vigie_forge *f, const char *owner,
		     const char *org_query, const char *user_query,
		     struct vigie_error *err);

json_t *forge_list_rows(json_t *items, const char *name_key,
			const char *url_key, const char *fork_key);

/**
 * Every page of a listing from url, as rows appended to *rows (created
 * here when NULL), within the listing's ceilings (max_list_entries rows,
 * max_list_bytes): past one, the listing stops with a warning.
 */
int forge_list_pages(json_t **rows, struct vigie_forge *f, const char *url,
		     const char *name_key, const char *url_key,
		     const char *fork_key, struct vigie_error *err);

/*
 * Which forge serves the web root base (https://HOST, or http:// on this
 * machine): "gitlab", "gitea" or NULL, asked of its version endpoints once
 * and remembered in cache_dir/forges/HOST (a week; a day for none).
 */
const char *forge_probe(const char *base, const char *host,
			const char *cache_dir, const struct vigie_http_opts *ho);

/* 0, or VIGIE_EINVALID (err set) when opts (may be NULL: the defaults) is
 * not of VIGIE_HTTP_OPTIONS_VERSION. */
int http_opts_check(const struct vigie_http_opts *opts,
		    struct vigie_error *err);

#endif
