/* SPDX-License-Identifier: EUPL-1.2 */
/* Nightly batches: many targets, a worker pool, a journal, shards, summaries. */
#ifndef VIGIE_BATCH_H
#define VIGIE_BATCH_H

#include <signal.h>

#include "common.h"
#include "error.h"
#include "audit.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The files of a batch output directory. */
#define VIGIE_BATCH_RESULTS "results.jsonl"
#define VIGIE_BATCH_PREVIOUS "previous.jsonl"
#define VIGIE_BATCH_SUMMARY_JSON "summary.json"
#define VIGIE_BATCH_SUMMARY_TEXT "summary.txt"
#define VIGIE_BATCH_HTML "index.html"
#define VIGIE_BATCH_RUN "run.json"
#define VIGIE_BATCH_DB "vigie.sqlite"
/* Runs whose rule results vigie.sqlite keeps by default. */
#define VIGIE_BATCH_KEEP_RUNS 400
#define VIGIE_BATCH_RUN_SCHEMA "vigie.batch-run/1"
#define VIGIE_BATCH_ERROR_SCHEMA "vigie.batch-error/1"
#define VIGIE_BATCH_SUMMARY_SCHEMA "vigie.batch-summary/1"

/*
 * Where a repository of an organisation listing is cloned from and which
 * forge describes it; every member is NULL for a target given as it is
 * (a list file, an argument).  The strings are owned by the list.
 */
struct vigie_batch_origin {
	char *clone_url; /* the listing's clone URL, checked (list_org) */
	char *forge;     /* "github", "gitlab", "gitea" */
	char *api_url;   /* the --api-url the listing used, or NULL */
	char *host;      /* the forge's web host, its API's when no api_url */
	char *repo;      /* OWNER/NAME (GROUP/SUB/NAME) at that forge */
};

/*
 * A list of targets; every string is owned by the list.  v[i] is the
 * target's key (its identity in records); from, when not NULL, is
 * parallel to v.
 */
struct vigie_batch_list {
	char **v;
	size_t n, alloc;
	struct vigie_batch_origin *from;
};

/** The origin of target i, or NULL when it has none. */
VIGIE_EXTERN(const struct vigie_batch_origin *)
vigie_batch_list_origin(const struct vigie_batch_list *l, size_t i);

VIGIE_EXTERN(void) vigie_batch_list_release(struct vigie_batch_list *l);
/** Append a copy of target unless the list already holds it. */
VIGIE_EXTERN(int) vigie_batch_list_add(struct vigie_batch_list *l, const char *target);

/**
 * Read a list file: one target per line, blank lines and `#` comments
 * ignored, surrounding blanks trimmed, duplicates dropped.  Lines are capped
 * (4 KiB) and so is the file (64 MiB).
 */
VIGIE_EXTERN(int) vigie_batch_list_read(struct vigie_batch_list *l, const char *path,
					struct vigie_error *err);

/**
 * Add the repositories of an organisation (`github:[HOST/]ORG`,
 * `gitlab:[HOST/]GROUP`, subgroups included, `gitea:HOST/ORG`,
 * `forgejo:HOST/ORG`, `codeberg:ORG`) as listed by the forge's API, every
 * page up to 100 000 repositories.  A HOST (a name with a dot or a port)
 * is a self-managed forge: its API is https://HOST/api/v3 (GitHub
 * Enterprise Server), /api/v4 (GitLab) or /api/v1 (Gitea, Forgejo), unless
 * opts->api_url names it.
 *
 * Each repository is keyed by its forge shorthand, `PREFIX:[HOST/]OWNER/NAME`:
 * HOST is the spec's, else the --api-url's host (without GitHub's "api."),
 * and is left out for the public instance (`github:ORG/NAME`).  Its origin
 * holds the clone URL the listing gave, which is taken as the forge says
 * even on another host than the API, provided it is an http(s), git or ssh
 * URL without credentials, query or control characters, and not plain
 * http or git when the API is https (unless on this machine); a
 * repository without such a URL, or whose name is outside the forge's
 * grammar, is left out with a warning.  The token comes from the
 * environment (see vigie_forge_new).  opts may be NULL (the defaults).
 * Returns VIGIE_EINVALID when opts is of another version than
 * VIGIE_BATCH_ORG_OPTIONS_VERSION, spec is not an organisation or match is
 * not a valid pattern, and the forge's codes when it cannot list.
 */
typedef void (*vigie_batch_warn_cb)(const char *message, void *payload);

/* Versioned as struct vigie_audit_opts is (see audit.h). */
#define VIGIE_BATCH_ORG_OPTIONS_VERSION 1

struct vigie_batch_org_opts {
	unsigned int version; /* VIGIE_BATCH_ORG_OPTIONS_VERSION */
	bool include_archived;
	bool include_forks;
	const char *match;   /* POSIX extended regex over "OWNER/NAME", or NULL */
	const char *api_url; /* the forge's API root, or NULL for the default */
	const char *ca_file; /* CA certificates for the API (--ca-file, */
	const char *ca_path; /* --ca-path); NULL: vigie_source_ca_resolve's */
	/*
	 * Told each warning of the listing, one line with listed names
	 * escaped (a name refused, a ceiling reached, a paging loop); may
	 * be NULL.  The listing goes on with what it could read.
	 */
	vigie_batch_warn_cb warn;
	void *warn_payload;
};

/* The defaults, statically: no archive, no fork, every name. */
#define VIGIE_BATCH_ORG_OPTIONS_INIT \
	{ VIGIE_BATCH_ORG_OPTIONS_VERSION, false, false, NULL, NULL, NULL, \
	  NULL, NULL, NULL }
VIGIE_EXTERN(int) vigie_batch_list_org(struct vigie_batch_list *l, const char *spec,
				       const struct vigie_batch_org_opts *opts,
				       struct vigie_error *err);
/**
 * Why a clone URL an organisation listing gave is refused, or NULL when it
 * will do: it must be an http(s), git or ssh URL with a host and a path,
 * without credentials (an ssh user name is no credential), query,
 * fragment, blank or control character, at most 2 KiB; and when api_url
 * (may be NULL) is https, not plain http or git, except to this machine.
 * The reason is a static English phrase.
 */
VIGIE_EXTERN(const char *) vigie_batch_clone_url_refused(const char *url, const char *api_url);

/** Is spec an organisation shorthand rather than a repository target? */
VIGIE_EXTERN(bool) vigie_batch_is_org(const char *spec);

/**
 * The key a target is known by in records, shards and deltas: the target
 * with any credentials removed.  Caller frees.
 */
VIGIE_EXTERN(char *) vigie_batch_key(const char *target);

/** Parse "K/N" (1 <= K <= N <= 100000). */
VIGIE_EXTERN(int) vigie_shard_parse(unsigned *k, unsigned *n, const char *spec,
				    struct vigie_error *err);
/** Does shard K of N hold key?  A stable hash: the same on every machine. */
VIGIE_EXTERN(bool) vigie_shard_contains(const char *key, unsigned k, unsigned n);

/* Progress of a running batch, for a progress line. */
struct vigie_batch_stats {
	size_t total;     /* targets in this run (this shard) */
	size_t done;      /* records written this run, plus resumed ones */
	size_t resumed;   /* records kept from an interrupted run */
	size_t audited;
	size_t unchanged;
	size_t errors;
	double elapsed_ms;
	bool interrupted; /* stopped by *stop before the end */
};

typedef void (*vigie_batch_progress_cb)(const struct vigie_batch_stats *st,
					void *payload);

/* Versioned as struct vigie_audit_opts is (see audit.h). */
#define VIGIE_BATCH_OPTIONS_VERSION 1

struct vigie_batch_opts {
	unsigned int version;    /* VIGIE_BATCH_OPTIONS_VERSION */
	const char *out_dir;
	const struct vigie_batch_list *targets;
	unsigned jobs;           /* audits at once (the executor's), >= 1 */
	unsigned shard_k, shard_n; /* 0/0: every target */
	bool resume;             /* keep the records of an interrupted run */
	bool full;               /* audit every repository, reuse no record */
	long max_age_s;          /* reuse only records audited this recently */
	long timeout_ms;         /* per repository; 0: none */
	struct vigie_audit_opts audit; /* rules, cache and collector options */
	enum vigie_lang lang;    /* of summary.txt and index.html */
	/* Runs whose rule results vigie.sqlite keeps (0: all). */
	unsigned keep_runs;
	/* What the run covers, for run.json (borrowed; may be NULL/0). */
	const char *const *orgs;
	size_t norgs;
	vigie_batch_progress_cb progress; /* may be NULL */
	void *payload;
	/* Set (by a signal handler) to stop launching audits; may be NULL. */
	volatile sig_atomic_t *stop;
};

/* The defaults, statically: one job, every target, the audit's defaults. */
#define VIGIE_BATCH_OPTIONS_INIT \
	{ VIGIE_BATCH_OPTIONS_VERSION, NULL, NULL, 1, 0, 0, false, false, 0, 0, \
	  VIGIE_AUDIT_OPTIONS_INIT }

/**
 * Fill opts with the defaults (the audit's collect.now: the present) for
 * a caller built with version VIGIE_BATCH_OPTIONS_VERSION.  VIGIE_EINVALID,
 * opts untouched, when this library does not know version.
 */
VIGIE_EXTERN(int) vigie_batch_options_init(struct vigie_batch_opts *opts,
					   unsigned int version);

/* A record longer than this is refused (a scorecard is tens of KiB). */
#define VIGIE_BATCH_RECORD_MAX (64u << 20)

/*
 * One repository's audit, which the batch driver hands to its executor.
 * The driver owns it (the executor only sets exec); it is valid from
 * start until wait reports its end.
 */
struct vigie_batch_task {
	const char *target; /* what is audited (a listing's clone URL) */
	const char *key;    /* what its record is known by */
	/*
	 * The output directory's lock (an flock, close-on-exec), held by the
	 * process that runs the batch, or -1.  A process forked to run the
	 * task closes it first: a worker still dying after its batch was
	 * killed must not hold the directory against the --resume that
	 * follows.
	 */
	int lock_fd;
	void *exec;         /* the executor's own, for its bookkeeping */
};

/* How a task ended, as its executor saw it. */
enum vigie_batch_ending {
	VIGIE_BATCH_END_RECORD,  /* line/len: what vigie_batch_task_run made */
	VIGIE_BATCH_END_TOO_BIG, /* its record passed VIGIE_BATCH_RECORD_MAX */
	VIGIE_BATCH_END_SIGNAL,  /* the process running it died of signal code */
	VIGIE_BATCH_END_FAILED,  /* it ended without a record: status code, */
				 /* or -1 when there is none */
};

struct vigie_batch_end {
	enum vigie_batch_ending how;
	int code;
	/* The record line (END_RECORD), borrowed until the next call. */
	const char *line;
	size_t len;
	/*
	 * The process that ran the task, when it is not the caller's: the
	 * driver removes the temporary clone it was making when the task
	 * ended without a record (see vigie_source_discard); 0: none.
	 */
	long pid;
};

/*
 * Make the record line of task (one line of results.jsonl, without its
 * newline) into *line (caller frees), *len its length: the previous
 * record when the repository did not change, else an audit's scorecard,
 * else an error record.  -1 only when out of memory.  It runs where the
 * executor chooses: on the thread that runs the batch (inside start or
 * wait), or in a process forked from it while the batch waits; never on
 * two threads of one process at once (the audits read the run's shared
 * state, and libvigie does not promise that).  It forks nothing itself
 * (unless a remote target's fetch does: see vigie_source_open) and
 * signals no process.
 */
VIGIE_EXTERN(int) vigie_batch_task_run(const struct vigie_batch_task *task,
				       char **line, size_t *len);

#define VIGIE_BATCH_EXECUTOR_VERSION 1

/*
 * Where the audits of a batch run: the driver (vigie_batch_run_on) asks
 * for each task to start, for the next one to end, and for one past its
 * time limit to stop.  It calls these on the thread that called it, one
 * at a time, never after it returned, with at most opts->jobs (up to 256)
 * tasks started and not yet ended; it starts none after *opts->stop is
 * set, and waits for those started.
 */
struct vigie_batch_executor {
	unsigned int version; /* VIGIE_BATCH_EXECUTOR_VERSION */
	/*
	 * Start task (run vigie_batch_task_run for it somewhere).  < 0, err
	 * set: the batch starts nothing more, waits for the tasks started,
	 * and fails with err.
	 */
	int (*start)(struct vigie_batch_task *task, struct vigie_error *err,
		     void *payload);
	/*
	 * Wait for a started task to end, up to about wait_ms when none
	 * does (a signal may cut it short): 1 with *task (as start got it)
	 * and *end filled, 0 when none ended in time, < 0 with err set: the
	 * batch fails at once, and the tasks still running are the
	 * executor's to end.  Each task started ends exactly once.  An
	 * executor that runs tasks on the calling thread may run one here.
	 */
	int (*wait)(struct vigie_batch_task **task, struct vigie_batch_end *end,
		    long wait_ms, struct vigie_error *err, void *payload);
	/*
	 * Stop task, past its time limit (opts->timeout_ms), at once (a
	 * worker process is killed); it is still reported by wait, its
	 * record says the limit was reached.  NULL when the executor
	 * cannot stop a task: tasks then have no time limit.
	 */
	void (*cancel)(struct vigie_batch_task *task, void *payload);
	void *payload;
};

#define VIGIE_BATCH_EXECUTOR_INIT { VIGIE_BATCH_EXECUTOR_VERSION }

/**
 * Run a batch into opts->out_dir: audit each target through exec (or,
 * when exec is NULL, one after the other on the calling thread, without
 * time limit), append one record per target to results.jsonl, then write
 * summary.json, summary.txt and index.html, and add the run to
 * vigie.sqlite (vigie-db(5)).
 * A target's failure is a record, never a failure of the batch.  Without
 * resume, the records of the last run become previous.jsonl.  Fails only
 * when the directory cannot be used or the executor fails, or with
 * VIGIE_EINVALID, before anything is written, when opts->version,
 * opts->audit.version or exec->version is not the one of this header.
 *
 * libvigie starts no process, sends no signal, waits for no child and
 * installs no signal handler for a batch: processes, if any, are the
 * executor's (vigie batch's forks a worker per repository, killed at the
 * time limit).
 */
VIGIE_EXTERN(int) vigie_batch_run_on(struct vigie_batch_stats *out,
				     const struct vigie_batch_opts *opts,
				     const struct vigie_batch_executor *exec,
				     struct vigie_error *err);

/** vigie_batch_run_on(out, opts, NULL, err): every audit in this thread. */
VIGIE_EXTERN(int) vigie_batch_run(struct vigie_batch_stats *out,
				  const struct vigie_batch_opts *opts,
				  struct vigie_error *err);

/**
 * Write summary.json, summary.txt and index.html of dir from its
 * results.jsonl and previous.jsonl: the text and the page in lang,
 * summary.json the same in every language.  *text gets the text summary
 * (caller frees) when text is not NULL.
 */
VIGIE_EXTERN(int) vigie_batch_summarize(const char *dir, enum vigie_lang lang, char **text,
					struct vigie_error *err);

/* What a merge found wanting in one shard output. */
struct vigie_batch_shard_check {
	size_t dropped;   /* lines of its files that were not whole records */
	bool interrupted; /* its run did not complete (DIR/.running) */
};

/**
 * Join the outputs of shard runs (dirs) into out_dir: their records and
 * their previous records, sorted by key, then the summaries in lang;
 * *text (may be NULL) gets the text summary, as for
 * vigie_batch_summarize.  checks (may be NULL) is an array of ndirs that
 * gets what each shard output lacked: the merge joins what there is, and
 * the caller says whether that will do.  The same target in two shards is
 * an error (VIGIE_EINVALID); a batch or merge writing to out_dir or to a
 * shard output is VIGIE_EBUSY.
 */
VIGIE_EXTERN(int) vigie_batch_merge(const char *out_dir, const char *const *dirs,
				    size_t ndirs, enum vigie_lang lang,
				    struct vigie_batch_shard_check *checks, char **text,
				    struct vigie_error *err);

/** The formats of vigie_batch_export. */
enum vigie_export_format {
	VIGIE_EXPORT_CSV,
	VIGIE_EXPORT_JSONL,
	VIGIE_EXPORT_FORMAT_COUNT
};

/** Where an export goes: n bytes of data; < 0 (errno set) stops it. */
typedef int (*vigie_write_cb)(const char *data, size_t n, void *payload);

/**
 * Export the results of the database at db_path (a vigie.sqlite), one row
 * per repository per run, oldest run first: CSV (RFC 4180, a header row,
 * text cells that look like formulas prefixed with ') or JSON Lines.  run
 * (0: every run) and since (an ISO 8601 date or time, NULL: no bound)
 * select runs.  The database is opened read-only.
 */
VIGIE_EXTERN(int) vigie_batch_export(const char *db_path, enum vigie_export_format format,
				     long run, const char *since, vigie_write_cb write,
				     void *payload, struct vigie_error *err);

#ifdef __cplusplus
}
#endif

#endif
