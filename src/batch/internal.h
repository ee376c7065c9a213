/* SPDX-License-Identifier: EUPL-1.2 */
/* What the batch modules share: record indexes over JSON Lines files. */
#ifndef VIGIE_BATCH_INTERNAL_H
#define VIGIE_BATCH_INTERNAL_H

#include <sys/types.h>

#include <jansson.h>

#include "vigie/batch.h"
#include "vigie/buf.h"

/* A record longer than this is refused (a scorecard is tens of KiB). */
#define RECORD_MAX (64u << 20)

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
 * the summary.
 */
int batch_html_write(const char *path, enum vigie_lang lang, json_t *rows,
		     json_t *practices, json_t *summary,
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
 * (0: all) prunes the checks of older runs.  src/batch/db.c.
 */
int batch_db_import(const char *dir, unsigned keep_runs, struct vigie_error *err);

#endif
