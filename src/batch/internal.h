/* SPDX-License-Identifier: EUPL-1.2 */
/* What the batch modules share: record indexes over JSON Lines files. */
#ifndef VIGIE_BATCH_INTERNAL_H
#define VIGIE_BATCH_INTERNAL_H

#include <sys/types.h>

#include <jansson.h>

#include "vigie/batch.h"
#include "vigie/buf.h"

/* A record longer than this is refused (a scorecard is tens of KiB). */
#define RECORD_MAX VIGIE_BATCH_RECORD_MAX

/* Where one record lives: file number, offset, length (newline included). */
struct rec_ref {
	char *key;
	int file;
	off_t off;
	size_t len;
};

/* Records by key; a later record for a key replaces an earlier one. */
struct rec_index {
	struct rec_ref *v;
	size_t n, alloc;
	json_t *map; /* key -> integer position in v */
	size_t dropped; /* lines rec_index_file skipped: not whole records */
	/*
	 * rec_index_file's callback gets records without what the summary
	 * and the database never read: the facts but license and history,
	 * the checks' reasons, and the members of a check but its id,
	 * status, score and evidence once a record not of defaults gave them
	 * for its rule (texts: the rules given): title, remediation, pack,
	 * theme, guide, level, weight are the rule's, the same in every
	 * record of a run.
	 */
	bool slim;
	json_t *texts, *fresh;
};

int rec_index_init(struct rec_index *ix);
void rec_index_release(struct rec_index *ix);
const struct rec_ref *rec_index_find(const struct rec_index *ix,
				     const char *key);
int rec_index_put(struct rec_index *ix, const char *key, int file, off_t off,
		  size_t len);

/*
 * Index the records of a JSON Lines file, calling cb (may be NULL) for
 * each with the parsed record (borrowed).  A last line without its newline,
 * or that does not parse, is a torn write: *good_end is where the good
 * records end and *torn is set.  A missing file is an empty one.
 */
typedef int (*rec_cb)(json_t *rec, const char *key, void *payload);
int rec_index_file(struct rec_index *ix, int file, const char *path,
		   off_t *good_end, bool *torn, rec_cb cb, void *payload,
		   struct vigie_error *err);

/*
 * Records written by vigie start with their batch member,
 * `{"batch":{"target":KEY,"status":...},...}`, so that indexing a file, or
 * reusing a record, never parses the scorecard that follows.
 */
#define REC_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(10))

/**
 * The batch member of a record line (new reference), or NULL when the line
 * does not start with one; *end (may be NULL) gets where it ends.
 */
json_t *rec_batch(const char *line, size_t len, size_t *end);

/**
 * out = `{"batch":BATCH` followed by rest: either a JSON object (its
 * members follow), or what followed another record's batch member.
 */
int rec_compose(struct vigie_buf *out, json_t *batch, const char *rest,
		size_t len);

/** Read one record's line (without its newline) into out. */
int rec_read(struct vigie_buf *out, int fd, const struct rec_ref *r,
	     struct vigie_error *err);

/**
 * Write the records of ix whose keys pass keep (NULL: all) to path, sorted
 * by key, through a temporary file, fsync and rename.  fds[file] reads
 * each record's file.
 */
typedef bool (*rec_keep_fn)(const char *key, void *payload);
int rec_write_sorted(const char *path, const struct rec_index *ix,
		     const int *fds, rec_keep_fn keep, void *payload,
		     struct vigie_error *err);

/** 64-bit FNV-1a of s: the same on every machine and in every version. */
uint64_t batch_hash(const char *s);

/** The key of a record: batch.target, else repository.target (borrowed). */
const char *rec_key(json_t *rec);

/** Append line and a newline to fd with write() until done, then fsync. */
int rec_append(int fd, const char *line, size_t len, const char *path,
	       struct vigie_error *err);

/*
 * Lock dir against the batches and merges that write there (flock of
 * DIR/.lock): exclusively for a writer, which creates the lock file, or
 * shared for a reader, for which no lock file means no lock needed (*fd
 * stays -1).  *fd is the lock, to close when done.  VIGIE_EBUSY when
 * another process holds it.
 */
int batch_lock(const char *dir, bool writer, int *fd, struct vigie_error *err);

/*
 * The themes as the summary and the page name them, indexed by enum
 * vigie_theme: messages (NC_) to pass to vigie_i18n_text.
 */
extern const char *const batch_theme_words[VIGIE_THEME_COUNT];

/**
 * index.html in lang: the page template with its words, the rows (one per
 * record), the practices (rule id -> {title, theme, remediation...}) and
 * the summary; hist (may be NULL) is batch_db_history's, for the charts,
 * sparklines and the previous run's figures.
 */
int batch_html_write(const char *path, enum vigie_lang lang, json_t *rows,
		     json_t *practices, json_t *summary, json_t *hist,
		     struct vigie_error *err);

/*
 * run.json (VIGIE_BATCH_RUN): batch_run_begin writes it when a run starts
 * (fresh: a new run; a resumed one keeps the start it has), batch_run_end
 * dates its end, batch_run_merge joins those of shard directories, and
 * batch_run_load reads it (new reference, NULL when absent or unreadable).
 */
int batch_run_begin(const char *dir, const struct vigie_batch_opts *o,
		    bool fresh, struct vigie_error *err);
int batch_run_end(const char *dir, struct vigie_error *err);
int batch_run_merge(const char *out_dir, const char *const *dirs, size_t ndirs,
		    struct vigie_error *err);
json_t *batch_run_load(const char *dir);

/*
 * Is the record key an organisation's defaults repository (.github,
 * .gitea, .forgejo)?  Such a record lends its community files to the
 * others and is left out of the statistics.
 */
bool batch_is_defaults_key(const char *key);

/*
 * Import DIR's run (run.json and results.jsonl) into DIR/vigie.sqlite,
 * replacing the rows of the same run if it was imported before; keep_runs
 * (0: all) prunes the checks of older runs.  src/batch/db.c.  In three
 * steps, so that the summary's pass over the journal feeds the database
 * and the records are parsed once: begin (*out NULL only when out of
 * memory; nothing is written without run.json), a record at a time, end
 * (commit, or rollback and the first error; a rollback only, without
 * error, when !commit; frees im).  A failure is kept until the end.
 */
struct batch_import;
int batch_import_begin(struct batch_import **out, const char *dir,
		       unsigned keep_runs);
void batch_import_record(struct batch_import *im, json_t *rec, const char *key);
int batch_import_end(struct batch_import *im, bool commit,
		     struct vigie_error *err);

/*
 * vigie_batch_summarize, writing the run into the database on the way
 * when im is not NULL (batch_import_end is called, its error returned
 * once the summary and the pages are written).  src/batch/summary.c.
 */
int batch_summarize(const char *dir, enum vigie_lang lang, char **text,
		    struct batch_import *im, struct vigie_error *err);

/*
 * The history the dashboard shows, from DIR/vigie.sqlite (*out NULL when
 * there is none; new reference): {"runs": [the nruns latest, oldest
 * first: {id, key, started, ended, repositories, errors, score, audited,
 * unchanged, error}], "practices": {rule: [share passing per run or
 * null]}, "rules": {id: {theme, weight, title_en,
 * title_fr}}, "spark": {target:
 * [scores over the nspark latest runs]}}.  src/batch/db.c.
 */
int batch_db_history(json_t **out, const char *dir, size_t nruns,
		     size_t nspark, struct vigie_error *err);

/*
 * A repository's history over the latest runs up to one, oldest first:
 * each run's start, the repository's status there (NULL when it was not
 * in the run), commit (12 digits), score and themes (v[0] the score, v[1
 * + theme]; NAN when none); when each rule's status changed, and the
 * run's checks ([{rule, status, score,
 * evidence}]).  All borrowed, for the time of the callback.
 */
struct batch_change {
	const char *rule, *status, *date, *commit;
};
struct batch_repo_history {
	const char *target, *url;
	size_t n;
	const char *const *dates;
	const char *const *status;
	const char *const *commit;
	const double *v[1 + VIGIE_THEME_COUNT];
	const struct batch_change *changes; /* by rule, then in time */
	size_t nchanges;
	json_t *checks;
};

/*
 * For each repository of the run keyed run_key (run.json's id), its
 * history over nruns runs, read with one query per table.  Nothing when
 * the run is not in the database.  src/batch/db.c.
 */
typedef int (*batch_repo_cb)(const struct batch_repo_history *repo,
			     void *payload, struct vigie_error *err);
int batch_db_repos(const char *dir, const char *run_key, size_t nruns,
		   batch_repo_cb cb, void *payload, struct vigie_error *err);

/*
 * repos/OWNER/NAME.html for each repository of run (run.json) in the
 * database: its scorecard with evidence and fixes (practices, as the
 * summary has them), its score and themes over time, and when each rule
 * changed status.  src/batch/page.c.
 */
struct batch_derived;
int batch_repo_pages(const char *dir, enum vigie_lang lang, json_t *practices,
		     json_t *run, struct batch_derived *derived,
		     struct vigie_error *err);

/*
 * Write a file made from others (a page, a badge) in place, without
 * fsync: it is made again from the journal and the database by the next
 * run, and a new file and an fsync each would cost a minute for 2,000
 * repositories on a slow disk.
 */
int batch_write_derived(const char *path, const char *data, size_t len);

/* Append a message (mark it N_) formatted in lang. */
int batch_say(struct vigie_buf *out, enum vigie_lang lang, const char *msgid, ...)
	VIGIE_PRINTF(3, 4);

/* s with &, <, >, " and ' as entities, control characters as spaces. */
int batch_html_escape(struct vigie_buf *out, const char *s);

/*
 * Inline SVG (src/batch/chart.c), each with id, a <title> (label) and a
 * role: a line chart of n values 0..100 (NAN: none), with a circle.pt per
 * value titled "LABEL: VALUE" when points; a sparkline's points attribute; a heat map
 * of rows (a g.practice each) by ncols runs of shares 0..1 (NAN: none),
 * a rect.cell each.
 */
int batch_chart_line(struct vigie_buf *out, const double *v,
		     const char *const *labels, size_t n, int w, int h,
		     bool points, const char *id, const char *label);
int batch_chart_spark(struct vigie_buf *out, const double *v, size_t n, int w,
		      int h);
struct batch_heat_row {
	const char *id, *title;
	const double *v;
};
int batch_chart_heat(struct vigie_buf *out, const struct batch_heat_row *rows,
		     size_t nrows, size_t ncols, const char *const *cols,
		     const char *id, const char *label);

/*
 * Where a repository's own files go below a directory (badges/, repos/),
 * without the extension: OWNER/NAME for `github:OWNER/NAME`, else a word
 * (the forge shorthand's, the URL's scheme, "path", "ssh") and the rest of
 * the key, or its last two parts and a hash.  Never the same for two keys,
 * each part of [A-Za-z0-9._~-] and never a dot first.  Caller frees; NULL
 * for no key or out of memory.  src/batch/paths.c.
 */
char *batch_repo_name(const char *key);

/*
 * DIR/derived.txt lists the pages and badges the last dashboard wrote
 * (badges/NAME.svg, badges/NAME.json, repos/NAME.html, one a line), so
 * that a run removes those of repositories no longer in it, and nothing
 * else.  begin reads it and adds the files the rows (summary rows, with
 * their targets) will have, before any is written; wrote records each
 * file written (d may be NULL); end, when done, removes the files listed
 * that no row has (and their directories left empty) and lists those
 * written and those of rows listed before; end always releases d, and
 * begin does when it fails.
 * src/batch/paths.c.
 */
#define BATCH_DERIVED "derived.txt"
struct batch_derived {
	const char *dir;
	json_t *before, *planned, *now;
};
int batch_derived_begin(struct batch_derived *d, const char *dir, json_t *rows,
			struct vigie_error *err);
int batch_derived_wrote(struct batch_derived *d, const char *rel);
int batch_derived_end(struct batch_derived *d, bool done, struct vigie_error *err);

#endif
