/* SPDX-License-Identifier: EUPL-1.2 */
/* The fact tree: what collectors learned about one snapshot, as JSON. */
#ifndef VIGIE_FACTS_H
#define VIGIE_FACTS_H

/*
 * JSON ownership follows jansson's rule everywhere in libvigie: a function
 * that returns `json_t *` through an out-parameter or a return value named
 * *_new or documented "new" hands the caller a new reference (json_decref
 * it); a "borrowed" reference must not be decref'd and lives as long as its
 * container; a "stolen" argument passes the caller's reference to the callee.
 */
#include <jansson.h>

#include "common.h"
#include "error.h"
#include "snapshot.h"
#include "target.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What the history window ends at and ages are counted from. */
enum vigie_as_of {
	VIGIE_AS_OF_NOW,       /* opts->now */
	VIGIE_AS_OF_COMMIT,    /* the pinned commit's committer date */
	VIGIE_AS_OF_DATE,      /* opts->as_of_time */
	VIGIE_AS_OF_COUNT
};

/*
 * Versioned as struct vigie_audit_opts is (see audit.h): start from
 * VIGIE_COLLECT_OPTIONS_INIT or vigie_collect_opts_init();
 * vigie_facts_collect refuses another version (VIGIE_EINVALID).
 */
#define VIGIE_COLLECT_OPTIONS_VERSION 1

struct vigie_collect_opts {
	unsigned int version;  /* VIGIE_COLLECT_OPTIONS_VERSION */
	bool offline;          /* no network at all: forge facts are absent */
	bool identities;       /* allow names and e-mail addresses in facts */
	int window_days;       /* history window, default 365 */
	int lookback_days;     /* history before the window searched for
				  earlier commits of newcomers; -1 (default):
				  as long as the window, 0: no newcomers */
	int tracker_days;      /* forge tracker window, default 180 */
	int64_t now;           /* the present, seconds since the epoch */
	/*
	 * The anchor every age is counted from (--as-of): the present (the
	 * default), the pinned commit's date, or as_of_time.  See
	 * vigie_collect_anchor.
	 */
	enum vigie_as_of as_of;
	int64_t as_of_time;    /* for VIGIE_AS_OF_DATE */
	const char *forge;     /* forced forge kind, or NULL */
	const char *api_url;   /* forced forge API base URL, or NULL */
	const char *forge_repo; /* forced forge repository "owner/name" */
	const char *forge_host; /* the forge's web host, for its API when
				   api_url is NULL; NULL: the target's host */
	const char *cache_dir; /* root of vigie's cache, or NULL for default */
	const char *ca_file;   /* CA certificates for the forge API (see */
	const char *ca_path;   /* vigie_source_ca_resolve); NULL: the host's */
	double deadline_ms;    /* vigie_clock_ms() by which network requests
				  (the forge's) must end; 0: none */
	/*
	 * Borrowed, may be NULL: the organisation's defaults repository
	 * (`.github`, `.gitea`, `.forgejo`) as {from, inventory}.  Community
	 * roles the repository lacks are taken from it, each entry marked
	 * {"path": "FROM:PATH", "inherited": FROM}.
	 */
	json_t *inherited;
	/*
	 * Run the collectors one after the other on the calling thread.  By
	 * default the history walk runs on a thread of its own beside the
	 * others (it reads through a repository handle of its own).
	 */
	bool serial;
	/*
	 * Keep what the history walk read of each commit in
	 * CACHE/commits/ (cache_dir, else $XDG_CACHE_HOME/vigie), one
	 * private file per repository, for the next audit of it to read
	 * instead of inflating the commits again.  Off by default; the
	 * command turns it on.
	 */
	bool commit_cache;
};

/* What one collector sees: the snapshot, the target, the facts so far. */
struct vigie_collect_ctx {
	struct vigie_snapshot *snap;
	const struct vigie_target *target;
	const struct vigie_collect_opts *opts;
	json_t *facts; /* borrowed: branches of earlier collectors */
	/*
	 * Borrowed, may be NULL: the audit's problems, for a collector that
	 * succeeds with a caveat (an input over its cap, a clock skew); see
	 * vigie_facts_problem.
	 */
	json_t *problems;
};

/**
 * Run every collector.  *facts_out gets a new object with one branch per
 * collector that succeeded; *problems_out a new array of
 * {collector, code, message} for those that failed; timings (borrowed, may
 * be NULL) gets one "facts.NAME" member in milliseconds per collector.
 * Never fails for a collector's failure: only for allocation.
 */
VIGIE_EXTERN(int) vigie_facts_collect(json_t **facts_out, json_t **problems_out,
				      json_t *timings, const struct vigie_collect_ctx *ctx,
				      struct vigie_error *err);

/*
 * The defaults, statically: window, look-back and tracker windows as
 * vigie_collect_opts_init() sets them, now left at 0 (vigie_audit_run then
 * takes the time it starts).
 */
#define VIGIE_COLLECT_OPTIONS_INIT \
	{ VIGIE_COLLECT_OPTIONS_VERSION, false, false, 365, -1, 180 }

/** Defaults: window 365, look-back -1, tracker 180, now = time(NULL);
 * version set. */
VIGIE_EXTERN(void) vigie_collect_opts_init(struct vigie_collect_opts *opts);

/* A pinned commit dated later than this past the present is skewed. */
#define VIGIE_CLOCK_SKEW (24 * 3600)

/**
 * The anchor of an audit of snap under opts, in seconds since the epoch:
 * the present, the pinned commit's date, or the date asked.  A commit
 * dated more than VIGIE_CLOCK_SKEW after the present anchors nothing: the
 * present is taken instead, and *skewed (may be NULL) is set.
 */
VIGIE_EXTERN(int64_t) vigie_collect_anchor(const struct vigie_collect_opts *opts,
					   const struct vigie_snapshot *snap, bool *skewed);

/**
 * Parse an --as-of value: "now", "commit", a date YYYY-MM-DD (the end of
 * that day, 23:59:59 UTC, so that the day's commits count) or an ISO 8601
 * time YYYY-MM-DDTHH:MM[:SS[.frac]][Z|+HH:MM|-HHMM] (UTC without a zone).
 * *when gets the time for a date; VIGIE_EINVALID for anything else.
 */
VIGIE_EXTERN(int) vigie_as_of_parse(enum vigie_as_of *kind, int64_t *when, const char *s);

/** "now", "commit" or "date" (borrowed, static). */
VIGIE_EXTERN(const char *) vigie_as_of_name(enum vigie_as_of kind);

#ifdef __cplusplus
}
#endif

#endif
