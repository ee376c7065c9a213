/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie.sqlite: every batch run kept, for trends (the only libsqlite3 user). */
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "vigie/audit.h"
#include "vigie/scorecard.h"
#include "vigie/report.h"
#include "vigie/rules.h"
#include "vigie/facts.h"
#include "vigie/source.h"
#include "vigie/target.h"
#include "vigie/i18n.h"
#include "vigie/version.h"
#include "vigie/batch.h"
#include "vigie/i18n.h"
#include "internal.h"
#include "json.h"
#include "grow.h"
#include "banned.h"

/*
 * libsqlite3, opened when a database first is (sqlite_loaded): the audit,
 * the hook and every command but batch and export never load it.  Linked,
 * it cost every vigie process half a millisecond at start (1,600 symbols
 * bound at load time, tests/bench/real.sh).  Only its header is used at
 * build time, as for libcurl (src/forge/http.c).
 */
#define SQLITE_SONAME "libsqlite3.so.0"
#define SQLITE_FUNCTIONS(X) \
	X(bind_double) \
	X(bind_int) \
	X(bind_int64) \
	X(bind_null) \
	X(bind_text) \
	X(busy_timeout) \
	X(changes) \
	X(clear_bindings) \
	X(close) \
	X(column_count) \
	X(column_double) \
	X(column_int) \
	X(column_int64) \
	X(column_name) \
	X(column_text) \
	X(column_type) \
	X(errmsg) \
	X(exec) \
	X(finalize) \
	X(free) \
	X(open_v2) \
	X(prepare_v2) \
	X(reset) \
	X(step)

static struct sqlite_api {
#define SLOT(f) __typeof__(sqlite3_##f) *f;
	SQLITE_FUNCTIONS(SLOT)
#undef SLOT
} sqlite_api;
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;
static char sqlite_failure[256];

static void sqlite_load(void)
{
	static const struct {
		size_t offset;
		const char *name;
	} syms[] = {
#define SYM(f) { offsetof(struct sqlite_api, f), "sqlite3_" #f },
		SQLITE_FUNCTIONS(SYM)
#undef SYM
	};
	struct sqlite_api api;
	void *lib = dlopen(SQLITE_SONAME, RTLD_NOW | RTLD_LOCAL);
	size_t i;

	if (!lib) {
		snprintf(sqlite_failure, sizeof(sqlite_failure), "%s", dlerror());
		return;
	}
	for (i = 0; i < VIGIE_ARRAY_SIZE(syms); i++) {
		void *f = dlsym(lib, syms[i].name);
		if (!f) {
			snprintf(sqlite_failure, sizeof(sqlite_failure),
				 "%s has no %s", SQLITE_SONAME, syms[i].name);
			return;
		}
		memcpy((char *)&api + syms[i].offset, &f, sizeof(f));
	}
	sqlite_api = api;
}

/* libsqlite3, loaded; else an error naming the library. */
static int sqlite_loaded(const char *path, struct vigie_error *err)
{
	if (pthread_once(&sqlite_once, sqlite_load) != 0 || sqlite_failure[0] ||
	    !sqlite_api.open_v2)
		return vigie_error_set(err, VIGIE_EGENERIC, path,
				       N_("cannot load %s: %s"), SQLITE_SONAME,
				       sqlite_failure[0] ? sqlite_failure
							 : "pthread_once");
	return 0;
}

/* Both take NULL, as SQLite's own do, loaded or not (paths that fail early). */
static void sqlite_close(sqlite3 *h)
{
	if (h && sqlite_api.close)
		sqlite_api.close(h);
}

static void sqlite_finalize(sqlite3_stmt *st)
{
	if (st && sqlite_api.finalize)
		sqlite_api.finalize(st);
}

#define sqlite3_close sqlite_close
#define sqlite3_finalize sqlite_finalize
#define sqlite3_bind_double sqlite_api.bind_double
#define sqlite3_bind_int sqlite_api.bind_int
#define sqlite3_bind_int64 sqlite_api.bind_int64
#define sqlite3_bind_null sqlite_api.bind_null
#define sqlite3_bind_text sqlite_api.bind_text
#define sqlite3_busy_timeout sqlite_api.busy_timeout
#define sqlite3_changes sqlite_api.changes
#define sqlite3_clear_bindings sqlite_api.clear_bindings
#define sqlite3_column_count sqlite_api.column_count
#define sqlite3_column_double sqlite_api.column_double
#define sqlite3_column_int sqlite_api.column_int
#define sqlite3_column_int64 sqlite_api.column_int64
#define sqlite3_column_name sqlite_api.column_name
#define sqlite3_column_text sqlite_api.column_text
#define sqlite3_column_type sqlite_api.column_type
#define sqlite3_errmsg sqlite_api.errmsg
#define sqlite3_exec sqlite_api.exec
#define sqlite3_free sqlite_api.free
#define sqlite3_open_v2 sqlite_api.open_v2
#define sqlite3_prepare_v2 sqlite_api.prepare_v2
#define sqlite3_reset sqlite_api.reset
#define sqlite3_step sqlite_api.step

/*
 * The schema, one migration per version: the database's user_version says
 * how many have been applied.  A migration is only ever appended, never
 * edited, so that any older database is brought up to date in order.
 * vigie-db(5) documents the result.
 */
static const char *const migrations[] = {
	/* 1 */
	"CREATE TABLE runs ("
	" id INTEGER PRIMARY KEY,"
	" key TEXT NOT NULL UNIQUE,"      /* run.json's id */
	" started TEXT, ended TEXT, version TEXT, rules_digest TEXT,"
	" organisations TEXT NOT NULL DEFAULT '[]',"
	" shards TEXT NOT NULL DEFAULT '[]',"
	" repositories INTEGER NOT NULL DEFAULT 0,"
	" errors INTEGER NOT NULL DEFAULT 0,"
	" score_mean REAL);"
	"CREATE TABLE repositories ("
	" id INTEGER PRIMARY KEY,"
	" target TEXT NOT NULL UNIQUE,"
	" url TEXT);"
	"CREATE TABLE results ("
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" repository_id INTEGER NOT NULL REFERENCES repositories(id),"
	" status TEXT NOT NULL,"          /* audited, unchanged, error */
	" defaults INTEGER NOT NULL DEFAULT 0,"
	" audited_at INTEGER, ms REAL,"
	" commit_id TEXT, commit_date TEXT,"
	" score REAL, understand REAL, identify REAL, produce REAL,"
	" maintain REAL, fund REAL, disseminate REAL,"
	" license TEXT, commits INTEGER, authors INTEGER,"
	" organisations INTEGER, bus_factor INTEGER, elephant_factor INTEGER,"
	" last_commit_days INTEGER, releases INTEGER,"
	" last_release_days INTEGER,"
	" error_stage TEXT, error_message TEXT,"
	" PRIMARY KEY (run_id, repository_id)) WITHOUT ROWID;"
	"CREATE TABLE rules ("
	" id TEXT PRIMARY KEY, pack TEXT, theme TEXT, guide TEXT,"
	" level TEXT, weight REAL, title_en TEXT, title_fr TEXT);"
	"CREATE TABLE checks ("
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" repository_id INTEGER NOT NULL REFERENCES repositories(id),"
	" rule TEXT NOT NULL,"
	" status TEXT NOT NULL, score REAL, evidence TEXT,"
	" PRIMARY KEY (run_id, repository_id, rule)) WITHOUT ROWID;"
	"CREATE INDEX results_by_repository ON results(repository_id, run_id);"
	"CREATE INDEX checks_by_rule ON checks(rule, run_id);",
	/*
	 * 2: what the dashboard reads, kept small enough to outlive the
	 * retention of checks: each rule's counts per run, and each rule's
	 * status per repository only on the runs where it changed.
	 */
	"CREATE TABLE practices ("
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" rule TEXT NOT NULL,"
	" passing INTEGER NOT NULL, failing INTEGER NOT NULL,"
	" total INTEGER NOT NULL,"
	" PRIMARY KEY (run_id, rule)) WITHOUT ROWID;"
	"CREATE TABLE changes ("
	" repository_id INTEGER NOT NULL REFERENCES repositories(id),"
	" rule TEXT NOT NULL,"
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" status TEXT NOT NULL, commit_id TEXT,"
	" PRIMARY KEY (repository_id, rule, run_id)) WITHOUT ROWID;"
	/* the share per rule per run is practices' now */
	"DROP INDEX IF EXISTS checks_by_rule;"
	"INSERT INTO practices SELECT run_id, rule,"
	" sum(status IN ('pass', 'waived')),"
	" sum(status IN ('fail', 'partial', 'error')), count(*)"
	" FROM checks WHERE status != 'skip' GROUP BY run_id, rule;"
	"INSERT INTO changes SELECT c.repository_id, c.rule, c.run_id, c.status,"
	" r.commit_id FROM (SELECT repository_id, rule, run_id, status,"
	" lag(status) OVER (PARTITION BY repository_id, rule ORDER BY run_id)"
	" AS was FROM checks) c LEFT JOIN results r ON r.run_id = c.run_id"
	" AND r.repository_id = c.repository_id"
	" WHERE c.was IS NULL OR c.was != c.status;",
	/*
	 * 3: a rule's result stored once per span of runs in which it stayed
	 * the same, so that every run's results can be kept; checks is a
	 * view of the spans, one row per run the repository has a result
	 * other than an error in (an error record has no rule results).  A
	 * span starts again when the result changes, or when the repository
	 * has a result without this rule in between.  --keep-runs marks the
	 * runs whose rule results it pruned (checks_kept 0), so that the
	 * spans still going on need no rewriting; a span with no run kept
	 * goes.
	 */
	"ALTER TABLE runs ADD COLUMN checks_kept INTEGER NOT NULL DEFAULT 1;"
	"UPDATE runs SET checks_kept = 0"
	" WHERE id NOT IN (SELECT run_id FROM checks);"
	"CREATE TABLE check_spans ("
	" repository_id INTEGER NOT NULL REFERENCES repositories(id),"
	" rule TEXT NOT NULL,"
	" first_run INTEGER NOT NULL," /* runs' ids, not foreign keys: */
	" last_run INTEGER NOT NULL,"  /* each run's check costs time */
	" status TEXT NOT NULL, score REAL, evidence TEXT,"
	" PRIMARY KEY (repository_id, rule, first_run)) WITHOUT ROWID;"
	"INSERT INTO check_spans SELECT repository_id, rule, min(run_id),"
	" max(run_id), status, score, evidence FROM (SELECT *, sum(fresh)"
	" OVER (PARTITION BY repository_id, rule ORDER BY run_id) AS span"
	" FROM (SELECT c.*, (lag(c.run_id) OVER w IS NOT r.prev"
	" OR lag(c.status) OVER w IS NOT c.status"
	" OR lag(c.score) OVER w IS NOT c.score"
	" OR lag(c.evidence) OVER w IS NOT c.evidence) AS fresh"
	" FROM checks c JOIN (SELECT run_id, repository_id, lag(run_id)"
	" OVER (PARTITION BY repository_id ORDER BY run_id) AS prev"
	" FROM results WHERE status != 'error') r USING (run_id, repository_id)"
	" WINDOW w AS (PARTITION BY c.repository_id, c.rule ORDER BY c.run_id)))"
	" GROUP BY repository_id, rule, span;"
	"DROP TABLE checks;"
	"CREATE VIEW checks AS SELECT r.run_id AS run_id,"
	" s.repository_id AS repository_id, s.rule AS rule, s.status AS status,"
	" s.score AS score, s.evidence AS evidence FROM check_spans s"
	" JOIN results r ON r.repository_id = s.repository_id"
	" AND r.run_id BETWEEN s.first_run AND s.last_run"
	" AND r.status != 'error'"
	" JOIN runs k ON k.id = r.run_id AND k.checks_kept = 1;",
};

struct db {
	sqlite3 *h;
	const char *path;
	struct vigie_error *err;
	sqlite3_stmt *repo, *repo_id, *result, *rule, *prev, *extend, *start;
	json_t *seen; /* rules written by this import */
	sqlite3_int64 run;
	size_t records, errors, scored;
	double score_sum;
};

static const char *reason(const struct db *d)
{
	return d->h ? sqlite3_errmsg(d->h) : "out of memory";
}

/* msgid (a literal) has one %s, for SQLite's reason. */
#define fail(d, msgid) \
	vigie_error_set((d)->err, VIGIE_EGENERIC, (d)->path, msgid, reason(d))

static int exec(struct db *d, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(d->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		vigie_error_set(d->err, VIGIE_EGENERIC, d->path,
				N_("cannot update the database: %s"),
				msg ? msg : sqlite3_errmsg(d->h));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Open (creating) the database and bring its schema up to date. */
static int open_db(struct db *d)
{
	sqlite3_stmt *st = NULL;
	int version = 0;
	size_t i;

	if (sqlite_loaded(d->path, d->err) < 0)
		return -1;
	if (sqlite3_open_v2(d->path, &d->h,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				    SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK)
		return fail(d, N_("cannot open the database: %s"));
	/* Readers (Datasette, Grafana, sqlite3) may look at any time. */
	sqlite3_busy_timeout(d->h, 10000);
	if (exec(d, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;") < 0)
		return -1;
	if (sqlite3_prepare_v2(d->h, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return fail(d, N_("cannot read the database: %s"));
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version > (int)VIGIE_ARRAY_SIZE(migrations))
		return vigie_error_set(d->err, VIGIE_EINVALID, d->path,
				       N_("the database has schema version %d; this "
					  "vigie knows up to %d"),
				       version, (int)VIGIE_ARRAY_SIZE(migrations));
	for (i = (size_t)version; i < VIGIE_ARRAY_SIZE(migrations); i++) {
		char pragma[64];
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%zu;", i + 1);
		if (exec(d, "BEGIN IMMEDIATE;") < 0 || exec(d, migrations[i]) < 0 ||
		    exec(d, pragma) < 0 || exec(d, "COMMIT;") < 0) {
			sqlite3_exec(d->h, "ROLLBACK;", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
}

static void bind_text(sqlite3_stmt *st, int i, json_t *v)
{
	if (json_is_string(v))
		sqlite3_bind_text(st, i, json_string_value(v), -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static void bind_number(sqlite3_stmt *st, int i, json_t *v)
{
	if (json_is_integer(v))
		sqlite3_bind_int64(st, i, json_integer_value(v));
	else if (json_is_real(v))
		sqlite3_bind_double(st, i, json_real_value(v));
	else
		sqlite3_bind_null(st, i);
}

static json_t *at(json_t *root, const char *path)
{
	return vigie_json_path(root, path);
}

/* The first piece of evidence, as a short text: a path or a value. */
static void bind_evidence(sqlite3_stmt *st, int i, json_t *check)
{
	json_t *e = json_array_get(json_object_get(check, "evidence"), 0);
	json_t *path = json_object_get(e, "path");
	char *s = NULL;

	if (json_is_string(path)) {
		sqlite3_bind_text(st, i, json_string_value(path), -1, SQLITE_TRANSIENT);
		return;
	}
	if (e)
		s = json_dumps(e, JSON_COMPACT);
	if (s && strlen(s) > 500)
		s[500] = '\0';
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
	free(s);
}

static int step(struct db *d, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW
		       ? 0
		       : fail(d, N_("cannot update the database: %s"));
}

static int repository_id(struct db *d, const char *key, json_t *rec,
			 sqlite3_int64 *id)
{
	int rc;

	sqlite3_bind_text(d->repo, 1, key, -1, SQLITE_TRANSIENT);
	bind_text(d->repo, 2, at(rec, "repository.url"));
	if (step(d, d->repo) < 0)
		return -1;
	sqlite3_bind_text(d->repo_id, 1, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(d->repo_id);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(d->repo_id, 0) : 0;
	sqlite3_reset(d->repo_id);
	sqlite3_clear_bindings(d->repo_id);
	return rc == SQLITE_ROW ? 0 : fail(d, N_("cannot update the database: %s"));
}

static const char *const theme_columns[VIGIE_THEME_COUNT] = {
	"score.themes.understand", "score.themes.identify",
	"score.themes.produce", "score.themes.maintain",
	"score.themes.fund", "score.themes.disseminate",
};

/* The run before d->run in which repo has rule results (0: none). */
static int previous_run(struct db *d, sqlite3_int64 repo, sqlite3_int64 *prev)
{
	int rc;

	sqlite3_bind_int64(d->prev, 1, repo);
	sqlite3_bind_int64(d->prev, 2, d->run);
	rc = sqlite3_step(d->prev);
	*prev = rc == SQLITE_ROW ? sqlite3_column_int64(d->prev, 0) : 0;
	sqlite3_reset(d->prev);
	sqlite3_clear_bindings(d->prev);
	return rc == SQLITE_ROW ? 0 : fail(d, N_("cannot update the database: %s"));
}

static void bind_check(sqlite3_stmt *st, struct db *d, sqlite3_int64 repo,
		       sqlite3_int64 prev, json_t *id, json_t *c)
{
	sqlite3_bind_int64(st, 1, d->run);
	sqlite3_bind_int64(st, 2, repo);
	bind_text(st, 3, id);
	sqlite3_bind_int64(st, 4, prev);
	bind_text(st, 5, json_object_get(c, "status"));
	bind_number(st, 6, json_object_get(c, "score"));
	bind_evidence(st, 7, c);
}

/*
 * A rule's result: the span of its previous run extended when the result
 * is the same and that run was the repository's previous one, else a new
 * span (a rule given twice in a record keeps its first result).
 */
static int put_check(struct db *d, sqlite3_int64 repo, sqlite3_int64 prev,
		     json_t *id, json_t *c)
{
	if (prev) {
		bind_check(d->extend, d, repo, prev, id, c);
		if (step(d, d->extend) < 0)
			return -1;
		if (sqlite3_changes(d->h) > 0)
			return 0;
	}
	bind_check(d->start, d, repo, prev, id, c);
	return step(d, d->start);
}

static int on_record(json_t *rec, const char *key, void *payload)
{
	struct db *d = payload;
	sqlite3_stmt *r = d->result;
	sqlite3_int64 repo, prev = 0;
	json_t *c, *score = at(rec, "score.overall");
	json_t *status = at(rec, "batch.status");
	bool defaults = batch_is_defaults_key(key);
	size_t i;
	int t, k = 1;

	if (repository_id(d, key, rec, &repo) < 0)
		return VIGIE_EGENERIC;
	sqlite3_bind_int64(r, k++, d->run);
	sqlite3_bind_int64(r, k++, repo);
	bind_text(r, k++, status);
	sqlite3_bind_int(r, k++, defaults);
	bind_number(r, k++, at(rec, "batch.audited_at"));
	bind_number(r, k++, at(rec, "batch.ms"));
	bind_text(r, k++, at(rec, "repository.commit"));
	bind_text(r, k++, at(rec, "repository.commit_date"));
	bind_number(r, k++, score);
	for (t = 0; t < VIGIE_THEME_COUNT; t++)
		bind_number(r, k++, at(rec, theme_columns[t]));
	bind_text(r, k++, at(rec, "facts.license.expression"));
	bind_number(r, k++, at(rec, "facts.history.commits"));
	bind_number(r, k++, at(rec, "facts.history.authors"));
	bind_number(r, k++, at(rec, "facts.history.organisations"));
	bind_number(r, k++, at(rec, "facts.history.bus_factor"));
	bind_number(r, k++, at(rec, "facts.history.elephant_factor"));
	bind_number(r, k++, at(rec, "facts.history.last_commit_days"));
	bind_number(r, k++, at(rec, "facts.history.releases.count"));
	bind_number(r, k++, at(rec, "facts.history.releases.last_days"));
	bind_text(r, k++, at(rec, "error.stage"));
	bind_text(r, k++, at(rec, "error.message"));
	if (step(d, r) < 0 || previous_run(d, repo, &prev) < 0)
		return VIGIE_EGENERIC;
	if (!defaults) {
		d->records++;
		if (json_object_get(rec, "error"))
			d->errors++;
		if (json_is_number(score)) {
			d->scored++;
			d->score_sum += json_number_value(score);
		}
	}
	/* an error's rule results, if it had any, are not kept */
	if (json_is_string(status) && !strcmp(json_string_value(status), "error"))
		return 0;
	json_array_foreach(json_object_get(rec, "checks"), i, c) {
		json_t *id = json_object_get(c, "id");
		if (!json_is_string(id))
			continue;
		/* a rule's row once per import, not once per repository */
		if (json_object_get(d->seen, json_string_value(id)))
			goto check;
		json_object_set_new(d->seen, json_string_value(id), json_true());
		bind_text(d->rule, 1, id);
		bind_text(d->rule, 2, json_object_get(c, "pack"));
		bind_text(d->rule, 3, json_object_get(c, "theme"));
		bind_text(d->rule, 4, json_object_get(c, "guide"));
		bind_text(d->rule, 5, json_object_get(c, "level"));
		bind_number(d->rule, 6, json_object_get(c, "weight"));
		bind_text(d->rule, 7, at(c, "title.en"));
		bind_text(d->rule, 8, at(c, "title.fr"));
		if (step(d, d->rule) < 0)
			return VIGIE_EGENERIC;
check:
		if (put_check(d, repo, prev, id, c) < 0)
			return VIGIE_EGENERIC;
	}
	return 0;
}

/* The run's row: its key is run.json's id, so a resumed or merged run
 * imported again replaces its own rows and never adds a second run. */
static int put_run(struct db *d, json_t *run)
{
	sqlite3_stmt *st = NULL;
	char *orgs = json_dumps(json_object_get(run, "organisations"), JSON_COMPACT);
	char *shards = json_dumps(json_object_get(run, "shards"), JSON_COMPACT);
	const char *id = json_string_value(json_object_get(run, "id"));
	const char *started = json_string_value(json_object_get(run, "started"));
	char *key = NULL;
	size_t n;
	int rc = -1;

	/* A run.json without id (an older vigie) is keyed by its start. */
	if (!id)
		id = started ? started : "";
	n = strlen(id) + 1;
	key = malloc(n);
	if (!orgs || !shards || !key)
		goto out;
	memcpy(key, id, n);
	if (sqlite3_prepare_v2(d->h,
			       "INSERT INTO runs (key, started, ended, version,"
			       " rules_digest, organisations, shards)"
			       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
			       " ON CONFLICT(key) DO UPDATE SET ended = ?3,"
			       " checks_kept = 1,"
			       " version = ?4, rules_digest = ?5,"
			       " organisations = ?6 RETURNING id",
			       -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	bind_text(st, 2, json_object_get(run, "started"));
	bind_text(st, 3, json_object_get(run, "ended"));
	bind_text(st, 4, json_object_get(run, "version"));
	bind_text(st, 5, json_object_get(run, "rules_digest"));
	sqlite3_bind_text(st, 6, orgs, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, shards, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_ROW)
		goto out;
	d->run = sqlite3_column_int64(st, 0);
	rc = 0;
out:
	if (rc)
		fail(d, N_("cannot update the database: %s"));
	sqlite3_finalize(st);
	free(orgs);
	free(shards);
	free(key);
	return rc;
}

static int prepare(struct db *d, sqlite3_stmt **st, const char *sql)
{
	return sqlite3_prepare_v2(d->h, sql, -1, st, NULL) == SQLITE_OK
		       ? 0
		       : fail(d, N_("cannot update the database: %s"));
}

/* Run sql with ?1 bound to n. */
static int exec_on_run(struct db *d, const char *sql, sqlite3_int64 n)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(d, &st, sql);

	if (rc == 0) {
		sqlite3_bind_int64(st, 1, n);
		rc = step(d, st);
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * The rule results of d->run taken out of the spans, before its results
 * are: a span that started there starts at the repository's next run, one
 * that went on after it is cut in two around it.  The run's rows are
 * written again afterwards, as if for the first time.
 */
static int spans_drop_run(struct db *d)
{
	static const char *const sql[] = {
		"INSERT INTO check_spans SELECT repository_id, rule,"
		" (SELECT min(x.run_id) FROM results x"
		" WHERE x.repository_id = s.repository_id AND x.run_id > ?1"
		" AND x.status != 'error'),"
		" last_run, status, score, evidence FROM check_spans s"
		" WHERE first_run <= ?1 AND last_run > ?1",
		"DELETE FROM check_spans WHERE first_run = ?1",
		"UPDATE check_spans SET last_run = (SELECT max(x.run_id)"
		" FROM results x WHERE x.repository_id = check_spans.repository_id"
		" AND x.run_id < ?1 AND x.status != 'error')"
		" WHERE first_run < ?1 AND last_run >= ?1",
	};
	sqlite3_stmt *st = NULL;
	size_t i;
	int again;

	/* a new run: no span has it */
	if (prepare(d, &st, "SELECT EXISTS (SELECT 1 FROM results"
			    " WHERE run_id = ?1)") < 0)
		return -1;
	sqlite3_bind_int64(st, 1, d->run);
	again = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	for (i = 0; again && i < VIGIE_ARRAY_SIZE(sql); i++)
		if (exec_on_run(d, sql[i], d->run) < 0)
			return -1;
	return 0;
}

/*
 * An import under way: begun on the run's row, fed record by record (by
 * the summary's own pass over the journal, so the records are parsed
 * once), ended by a commit or a rollback.  A failure is kept in err until
 * the end, so that the summary and the pages are still written.
 */
struct batch_import {
	struct db d;
	struct vigie_error err;
	struct vigie_buf path;
	unsigned keep_runs;
	bool begun;
	int rc;
};

int batch_import_begin(struct batch_import **out, const char *dir,
		       unsigned keep_runs)
{
	struct batch_import *im = calloc(1, sizeof(*im));
	json_t *run = batch_run_load(dir);
	struct db *d;

	*out = im;
	if (!im) {
		json_decref(run);
		return -1;
	}
	d = &im->d;
	d->err = &im->err;
	im->keep_runs = keep_runs;
	if (!run) {
		im->rc = 1; /* no run.json: nothing to date the rows by */
		return 0;
	}
	im->rc = -1;
	d->seen = json_object();
	if (vigie_buf_printf(&im->path, "%s/%s", dir, VIGIE_BATCH_DB) < 0 || !d->seen) {
		vigie_error_set(d->err, VIGIE_ENOMEM, "", N_("out of memory"));
		goto out;
	}
	d->path = im->path.ptr;
	if (open_db(d) < 0 || exec(d, "BEGIN IMMEDIATE;") < 0)
		goto out;
	im->begun = true;
	/* The run imported again: its rows are replaced, never added. */
	if (put_run(d, run) < 0 || spans_drop_run(d) < 0 ||
	    exec_on_run(d, "DELETE FROM results WHERE run_id = ?1", d->run) < 0 ||
	    exec_on_run(d, "DELETE FROM practices WHERE run_id = ?1", d->run) < 0 ||
	    exec_on_run(d, "DELETE FROM changes WHERE run_id = ?1", d->run) < 0)
		goto out;
	if (prepare(d, &d->repo, "INSERT INTO repositories (target, url)"
				 " VALUES (?1, ?2) ON CONFLICT(target) DO UPDATE"
				 " SET url = coalesce(?2, url)") < 0 ||
	    prepare(d, &d->repo_id, "SELECT id FROM repositories WHERE target = ?1") < 0 ||
	    prepare(d, &d->result,
		    "INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		    " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") < 0 ||
	    prepare(d, &d->rule, "INSERT OR REPLACE INTO rules VALUES"
				 " (?, ?, ?, ?, ?, ?, ?, ?)") < 0 ||
	    prepare(d, &d->prev, "SELECT coalesce(max(run_id), 0) FROM results"
				 " WHERE repository_id = ?1 AND run_id < ?2"
				 " AND status != 'error'") < 0 ||
	    prepare(d, &d->extend, "UPDATE check_spans SET last_run = ?1"
				   " WHERE repository_id = ?2 AND rule = ?3"
				   " AND last_run = ?4 AND status = ?5"
				   " AND score IS ?6 AND evidence IS ?7") < 0 ||
	    prepare(d, &d->start, "INSERT INTO check_spans SELECT ?2, ?3, ?1, ?1,"
				  " ?5, ?6, ?7 WHERE NOT EXISTS"
				  " (SELECT 1 FROM check_spans WHERE repository_id = ?2"
				  " AND rule = ?3 AND ?1 BETWEEN first_run AND last_run)") < 0)
		goto out;
	im->rc = 0;
out:
	json_decref(run);
	return 0;
}

void batch_import_record(struct batch_import *im, json_t *rec, const char *key)
{
	if (im && im->rc == 0 && on_record(rec, key, &im->d) != 0)
		im->rc = -1;
}

/* The run's totals, the dashboard's tables, the retention, the commit. */
static int import_finish(struct batch_import *im)
{
	struct db *d = &im->d;
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (prepare(d, &st, "UPDATE runs SET repositories = ?2, errors = ?3,"
			    " score_mean = ?4 WHERE id = ?1") < 0)
		goto out;
	sqlite3_bind_int64(st, 1, d->run);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)d->records);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)d->errors);
	if (d->scored)
		sqlite3_bind_double(st, 4, d->score_sum / (double)d->scored);
	if (step(d, st) < 0)
		goto out;
	/* The dashboard's tables, from the checks just written. */
	if (exec_on_run(d, "INSERT INTO practices SELECT ?1, rule,"
			   " sum(status IN ('pass', 'waived')),"
			   " sum(status IN ('fail', 'partial', 'error')), count(*)"
			   " FROM checks WHERE run_id = ?1 AND status != 'skip'"
			   " GROUP BY rule", d->run) < 0 ||
	    exec_on_run(d, "INSERT INTO changes SELECT c.repository_id, c.rule,"
			   " ?1, c.status, (SELECT commit_id FROM results r"
			   " WHERE r.run_id = ?1 AND r.repository_id ="
			   " c.repository_id) FROM checks c WHERE c.run_id = ?1"
			   " AND c.status IS NOT (SELECT x.status FROM changes x"
			   " WHERE x.repository_id = c.repository_id"
			   " AND x.rule = c.rule AND x.run_id < ?1"
			   " ORDER BY x.run_id DESC LIMIT 1)", d->run) < 0)
		goto out;
	/*
	 * Retention: the rules' results of the runs before the keep_runs
	 * latest are hidden, and the spans with no run kept go; runs,
	 * results, practices and changes stay.
	 */
	if (im->keep_runs &&
	    exec_on_run(d, "UPDATE runs SET checks_kept = 0 WHERE checks_kept = 1"
			   " AND id NOT IN (SELECT id FROM runs"
			   " ORDER BY started DESC, id DESC LIMIT ?1)",
			   im->keep_runs) < 0)
		goto out;
	if (im->keep_runs && sqlite3_changes(d->h) > 0 &&
	    exec(d, "DELETE FROM check_spans WHERE last_run < (SELECT min(id)"
		    " FROM runs WHERE checks_kept = 1)") < 0)
		goto out;
	if (exec(d, "COMMIT;") < 0)
		goto out;
	im->begun = false;
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

int batch_import_end(struct batch_import *im, bool commit,
		     struct vigie_error *err)
{
	struct db *d;
	int rc;

	if (!im)
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	d = &im->d;
	if (im->rc == 0)
		im->rc = commit ? import_finish(im) : 1;
	if (im->begun)
		sqlite3_exec(d->h, "ROLLBACK;", NULL, NULL, NULL);
	sqlite3_finalize(d->repo);
	sqlite3_finalize(d->repo_id);
	sqlite3_finalize(d->result);
	sqlite3_finalize(d->rule);
	sqlite3_finalize(d->prev);
	sqlite3_finalize(d->extend);
	sqlite3_finalize(d->start);
	sqlite3_close(d->h);
	json_decref(d->seen);
	rc = im->rc > 0 ? 0 : im->rc;
	if (rc) {
		if (!im->err.code)
			vigie_error_set(&im->err, VIGIE_ENOMEM, "", N_("out of memory"));
		if (err)
			*err = im->err;
	}
	vigie_buf_release(&im->path);
	free(im);
	return rc;
}

/* A text cell of CSV: quoted when it must be, and never a formula. */
static int csv_text(struct vigie_buf *b, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	int rc = 0;

	/* A spreadsheet runs a cell that starts like a formula. */
	if (strchr("=+-@\t\r", *s) && *s)
		quote = true;
	if (quote)
		rc |= vigie_buf_putc(b, '"');
	if (strchr("=+-@\t\r", *s) && *s)
		rc |= vigie_buf_putc(b, '\'');
	for (; *s && !rc; s++)
		rc |= *s == '"' ? vigie_buf_puts(b, "\"\"") : vigie_buf_putc(b, *s);
	if (quote)
		rc |= vigie_buf_putc(b, '"');
	return rc ? -1 : 0;
}

static const char export_sql[] =
	"SELECT runs.id AS run, runs.started AS run_started, repositories.target,"
	" results.status, results.defaults, results.commit_id AS \"commit\","
	" results.commit_date, results.score, results.understand,"
	" results.identify, results.produce, results.maintain, results.fund,"
	" results.disseminate, results.license, results.commits,"
	" results.authors, results.organisations, results.bus_factor,"
	" results.elephant_factor, results.last_commit_days, results.releases,"
	" results.last_release_days, results.error_stage, results.error_message"
	" FROM results JOIN runs ON runs.id = results.run_id"
	" JOIN repositories ON repositories.id = results.repository_id"
	" WHERE (?1 = 0 OR runs.id = ?1) AND (?2 IS NULL OR runs.started >= ?2)"
	" ORDER BY runs.started, runs.id, repositories.target";

/* One row as CSV or as a JSON object, appended to b. */
static int export_row(struct vigie_buf *b, sqlite3_stmt *st, bool csv)
{
	int i, n = sqlite3_column_count(st), rc = 0;
	json_t *o = csv ? NULL : json_object();

	if (!csv && !o)
		return -1;
	for (i = 0; i < n && !rc; i++) {
		const char *name = sqlite3_column_name(st, i);
		int type = sqlite3_column_type(st, i);
		if (csv && i)
			rc = vigie_buf_putc(b, ',');
		if (csv && type == SQLITE_TEXT)
			rc = csv_text(b, (const char *)sqlite3_column_text(st, i));
		else if (csv && type == SQLITE_INTEGER)
			rc = vigie_buf_printf(b, "%lld", sqlite3_column_int64(st, i));
		else if (csv && type == SQLITE_FLOAT)
			rc = vigie_buf_printf(b, "%.10g", sqlite3_column_double(st, i));
		else if (!csv)
			json_object_set_new(
				o, name,
				type == SQLITE_TEXT
					? vigie_json_str((const char *)sqlite3_column_text(st, i))
				: type == SQLITE_INTEGER
					? json_integer(sqlite3_column_int64(st, i))
				: type == SQLITE_FLOAT
					? json_real(sqlite3_column_double(st, i))
					: json_null());
	}
	if (!csv && !rc)
		rc = vigie_json_dump(b, o, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(o);
	if (!rc)
		rc = vigie_buf_puts(b, csv ? "\r\n" : "\n");
	return rc ? -1 : 0;
}

int vigie_batch_export(const char *db_path, enum vigie_export_format format,
		       long run, const char *since, vigie_write_cb write,
		       void *payload, struct vigie_error *err)
{
	struct db d;
	struct vigie_buf b = VIGIE_BUF_INIT;
	sqlite3_stmt *st = NULL;
	bool csv = format == VIGIE_EXPORT_CSV;
	int rc = -1, i, s;

	memset(&d, 0, sizeof(d));
	d.err = err;
	d.path = db_path;
	/* Read only: an export never creates nor migrates a database. */
	if (sqlite_loaded(db_path, err) < 0)
		goto out;
	if (sqlite3_open_v2(db_path, &d.h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fail(&d, N_("cannot open the database: %s"));
		goto out;
	}
	sqlite3_busy_timeout(d.h, 10000);
	if (sqlite3_prepare_v2(d.h, export_sql, -1, &st, NULL) != SQLITE_OK) {
		fail(&d, N_("cannot read the database: %s"));
		goto out;
	}
	sqlite3_bind_int64(st, 1, run);
	if (since)
		sqlite3_bind_text(st, 2, since, -1, SQLITE_TRANSIENT);
	if (csv) {
		for (i = 0; i < sqlite3_column_count(st); i++)
			vigie_buf_printf(&b, "%s%s", i ? "," : "",
					 sqlite3_column_name(st, i));
		vigie_buf_puts(&b, "\r\n");
	}
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		if (export_row(&b, st, csv) < 0) {
			vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
			goto out;
		}
		/* Hand over in pieces: an export may be larger than memory. */
		if (b.len >= 1 << 16) {
			if (write(b.ptr, b.len, payload) < 0)
				goto write_failed;
			vigie_buf_clear(&b);
		}
	}
	if (s != SQLITE_DONE) {
		fail(&d, N_("cannot read the database: %s"));
		goto out;
	}
	if (b.len && write(b.ptr, b.len, payload) < 0)
		goto write_failed;
	rc = 0;
	goto out;
write_failed:
	vigie_error_set(err, VIGIE_EGENERIC, "", N_("cannot write the export: %s"),
			strerror(errno));
out:
	sqlite3_finalize(st);
	sqlite3_close(d.h);
	vigie_buf_release(&b);
	return rc;
}

/*
 * Reading for the dashboard.  The database is opened (and brought up to
 * date) only when it exists: a run that never completed has none.
 */
static int open_existing(struct db *d, struct vigie_buf *path, const char *dir,
			 struct vigie_error *err)
{
	memset(d, 0, sizeof(*d));
	d->err = err;
	if (vigie_buf_printf(path, "%s/%s", dir, VIGIE_BATCH_DB) < 0)
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	d->path = path->ptr;
	if (access(path->ptr, F_OK) != 0)
		return VIGIE_ENOTFOUND;
	return open_db(d);
}

static json_t *column_json(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_TEXT:
		return vigie_json_str((const char *)sqlite3_column_text(st, i));
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(st, i));
	default:
		return json_null();
	}
}

/* The row of st as an object named by its columns (new reference). */
static json_t *row_json(sqlite3_stmt *st, int from)
{
	json_t *o = json_object();
	int i;

	for (i = from; o && i < sqlite3_column_count(st); i++)
		json_object_set_new(o, sqlite3_column_name(st, i), column_json(st, i));
	return o;
}

static int query(struct db *d, sqlite3_stmt **st, const char *sql)
{
	sqlite3_finalize(*st);
	*st = NULL;
	return sqlite3_prepare_v2(d->h, sql, -1, st, NULL) == SQLITE_OK
		       ? 0
		       : fail(d, N_("cannot read the database: %s"));
}

int batch_db_history(json_t **out, const char *dir, size_t nruns,
		     size_t nspark, struct vigie_error *err)
{
	struct db d;
	struct vigie_buf path = VIGIE_BUF_INIT;
	sqlite3_stmt *st = NULL;
	json_t *h = NULL, *runs, *pos, *practices, *rules, *spark;
	sqlite3_int64 first = 0, spark_first = 0;
	size_t n, i;
	int rc, s;

	*out = NULL;
	rc = open_existing(&d, &path, dir, err);
	if (rc == VIGIE_ENOTFOUND) {
		rc = 0;
		goto out;
	}
	if (rc)
		goto out;
	rc = -1;
	h = json_pack("{s:[], s:{}, s:{}, s:{}}", "runs", "practices", "rules",
		      "spark");
	pos = json_object(); /* run id -> position in runs */
	if (!h || !pos)
		goto oom;
	json_object_set_new(h, "pos", pos);
	runs = json_object_get(h, "runs");
	practices = json_object_get(h, "practices");
	rules = json_object_get(h, "rules");
	spark = json_object_get(h, "spark");
	/* The latest runs, oldest first. */
	if (query(&d, &st, "SELECT * FROM (SELECT id, key, started, ended,"
			   " repositories, errors, score_mean AS score FROM runs"
			   " ORDER BY id DESC LIMIT ?1) ORDER BY id") < 0)
		goto out;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)nruns);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		char id[32];
		snprintf(id, sizeof(id), "%lld", sqlite3_column_int64(st, 0));
		json_object_set_new(pos, id, json_integer((json_int_t)json_array_size(runs)));
		json_array_append_new(runs, row_json(st, 0));
	}
	if (s != SQLITE_DONE)
		goto read_failed;
	n = json_array_size(runs);
	if (!n) {
		rc = 0;
		goto out;
	}
	first = json_integer_value(json_object_get(json_array_get(runs, 0), "id"));
	spark_first = json_integer_value(json_object_get(
		json_array_get(runs, n > nspark ? n - nspark : 0), "id"));
	/* How many were audited, unchanged, errors, in each. */
	if (query(&d, &st, "SELECT run_id, status, count(*) FROM results"
			   " WHERE run_id >= ?1 AND defaults = 0"
			   " GROUP BY run_id, status") < 0)
		goto out;
	sqlite3_bind_int64(st, 1, first);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *p = json_object_get(pos, (const char *)sqlite3_column_text(st, 0));
		json_t *r = json_array_get(runs, (size_t)json_integer_value(p));
		const char *status = (const char *)sqlite3_column_text(st, 1);
		if (p && status)
			json_object_set_new(r, status,
					    json_integer(sqlite3_column_int64(st, 2)));
	}
	if (s != SQLITE_DONE)
		goto read_failed;
	/* Each rule's share of passing repositories, run by run. */
	if (query(&d, &st, "SELECT run_id, rule, passing, total FROM practices"
			   " WHERE run_id >= ?1") < 0)
		goto out;
	sqlite3_bind_int64(st, 1, first);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *p = json_object_get(pos, (const char *)sqlite3_column_text(st, 0));
		const char *rule = (const char *)sqlite3_column_text(st, 1);
		json_t *a;
		sqlite3_int64 total = sqlite3_column_int64(st, 3);
		if (!p || !rule || total <= 0)
			continue;
		a = json_object_get(practices, rule);
		if (!a) {
			a = json_array();
			for (i = 0; a && i < n; i++)
				json_array_append_new(a, json_null());
			if (!a || json_object_set_new(practices, rule, a) < 0)
				goto oom;
		}
		json_array_set_new(a, (size_t)json_integer_value(p),
				   json_real((double)sqlite3_column_int64(st, 2) /
					     (double)total));
	}
	if (s != SQLITE_DONE)
		goto read_failed;
	if (query(&d, &st, "SELECT id, theme, weight, title_en, title_fr FROM rules") < 0)
		goto out;
	while ((s = sqlite3_step(st)) == SQLITE_ROW)
		json_object_set_new(rules, (const char *)sqlite3_column_text(st, 0),
				    row_json(st, 1));
	if (s != SQLITE_DONE)
		goto read_failed;
	/* Each repository's scores over the latest nspark runs. */
	if (query(&d, &st, "SELECT repositories.target, results.score"
			   " FROM results JOIN repositories"
			   " ON repositories.id = results.repository_id"
			   " WHERE results.run_id >= ?1 ORDER BY results.run_id") < 0)
		goto out;
	sqlite3_bind_int64(st, 1, spark_first);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *target = (const char *)sqlite3_column_text(st, 0);
		json_t *a = target ? json_object_get(spark, target) : NULL;
		if (!target || sqlite3_column_type(st, 1) == SQLITE_NULL)
			continue;
		if (!a) {
			a = json_array();
			if (!a || json_object_set_new(spark, target, a) < 0)
				goto oom;
		}
		json_array_append_new(a, json_real(sqlite3_column_double(st, 1)));
	}
	if (s != SQLITE_DONE)
		goto read_failed;
	rc = 0;
	goto out;
read_failed:
	fail(&d, N_("cannot read the database: %s"));
	goto out;
oom:
	vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
out:
	sqlite3_finalize(st);
	sqlite3_close(d.h);
	vigie_buf_release(&path);
	if (rc)
		json_decref(h);
	else
		*out = h;
	return rc;
}

/*
 * One cursor of batch_db_repos: a query ordered by repository id (its
 * first column), read in step with the repositories.
 */
struct cursor {
	sqlite3_stmt *st;
	int s;
};

static int cursor_take(struct db *d, struct cursor *c, sqlite3_int64 repo,
		       json_t *into, int from)
{
	while (c->s == SQLITE_ROW && sqlite3_column_int64(c->st, 0) < repo)
		c->s = sqlite3_step(c->st);
	while (c->s == SQLITE_ROW && sqlite3_column_int64(c->st, 0) == repo) {
		if (json_array_append_new(into, row_json(c->st, from)) < 0)
			return vigie_error_set(d->err, VIGIE_ENOMEM, "",
					       N_("out of memory"));
		c->s = sqlite3_step(c->st);
	}
	return c->s == SQLITE_ROW || c->s == SQLITE_DONE
		       ? 0
		       : fail(d, N_("cannot read the database: %s"));
}

static const char *const run_statuses[] = { "audited", "unchanged", "error" };

/* The repositories' history, run by run: arrays of nrepos x nruns. */
struct hist {
	size_t nrepos, nruns;
	sqlite3_int64 *repo_ids, *run_ids;
	char **targets, **urls, **dates;
	double *v[1 + VIGIE_THEME_COUNT]; /* score, then the themes */
	signed char *status;              /* index in run_statuses, -1: absent */
	char (*commit)[13];
};

static void hist_release(struct hist *h)
{
	size_t i;
	int t;

	for (i = 0; i < h->nrepos; i++) {
		free(h->targets[i]);
		free(h->urls[i]);
	}
	for (i = 0; i < h->nruns; i++)
		free(h->dates[i]);
	free(h->repo_ids);
	free(h->run_ids);
	free(h->targets);
	free(h->urls);
	free(h->dates);
	for (t = 0; t <= VIGIE_THEME_COUNT; t++)
		free(h->v[t]);
	free(h->status);
	free(h->commit);
}

static char *column_dup(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	size_t n = s ? strlen(s) + 1 : 0;
	char *out = s ? malloc(n) : NULL;

	if (out)
		memcpy(out, s, n);
	return out;
}

static int by_id(const void *a, const void *b)
{
	sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;

	return x < y ? -1 : x > y;
}

/* Position of id in the sorted ids, or -1. */
static long find_id(const sqlite3_int64 *ids, size_t n, sqlite3_int64 id)
{
	const sqlite3_int64 *p = bsearch(&id, ids, n, sizeof(*ids), by_id);

	return p ? (long)(p - ids) : -1;
}

/* Count, then fill: the rows of st into h's repositories or runs. */
static int hist_load(struct db *d, struct hist *h, sqlite3_int64 run,
		     size_t nruns)
{
	sqlite3_stmt *st = NULL;
	size_t i, cells;
	int s, t, rc = -1;

	if (query(d, &st, "SELECT count(*) FROM results WHERE run_id = ?1"
			  " AND defaults = 0") < 0)
		goto out;
	sqlite3_bind_int64(st, 1, run);
	h->nrepos = sqlite3_step(st) == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
	if (query(d, &st, "SELECT count(*) FROM (SELECT id FROM runs"
			  " WHERE id <= ?1 ORDER BY id DESC LIMIT ?2)") < 0)
		goto out;
	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)nruns);
	h->nruns = sqlite3_step(st) == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
	cells = h->nrepos * h->nruns;
	h->repo_ids = calloc(h->nrepos + 1, sizeof(*h->repo_ids));
	h->targets = calloc(h->nrepos + 1, sizeof(*h->targets));
	h->urls = calloc(h->nrepos + 1, sizeof(*h->urls));
	h->run_ids = calloc(h->nruns + 1, sizeof(*h->run_ids));
	h->dates = calloc(h->nruns + 1, sizeof(*h->dates));
	h->status = malloc(cells + 1);
	h->commit = calloc(cells + 1, sizeof(*h->commit));
	for (t = 0; t <= VIGIE_THEME_COUNT; t++)
		h->v[t] = malloc((cells + 1) * sizeof(double));
	if (!h->repo_ids || !h->targets || !h->urls || !h->run_ids || !h->dates ||
	    !h->status || !h->commit || !h->v[VIGIE_THEME_COUNT] || !h->v[0])
		goto oom;
	memset(h->status, -1, cells + 1);
	for (t = 0; t <= VIGIE_THEME_COUNT; t++)
		for (i = 0; i < cells; i++)
			h->v[t][i] = NAN;
	/* the repositories of the run, by id */
	if (query(d, &st, "SELECT repositories.id, target, url FROM results"
			  " JOIN repositories ON repositories.id = results.repository_id"
			  " WHERE run_id = ?1 AND defaults = 0"
			  " ORDER BY repositories.id") < 0)
		goto out;
	sqlite3_bind_int64(st, 1, run);
	for (i = 0; i < h->nrepos && (s = sqlite3_step(st)) == SQLITE_ROW; i++) {
		h->repo_ids[i] = sqlite3_column_int64(st, 0);
		h->targets[i] = column_dup(st, 1);
		h->urls[i] = column_dup(st, 2);
	}
	h->nrepos = i;
	/* the latest runs up to this one, oldest first */
	if (query(d, &st, "SELECT * FROM (SELECT id, started FROM runs"
			  " WHERE id <= ?1 ORDER BY id DESC LIMIT ?2) ORDER BY id") < 0)
		goto out;
	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)nruns);
	for (i = 0; i < h->nruns && (s = sqlite3_step(st)) == SQLITE_ROW; i++) {
		h->run_ids[i] = sqlite3_column_int64(st, 0);
		h->dates[i] = column_dup(st, 1);
	}
	h->nruns = i;
	if (!h->nruns) {
		rc = 0;
		goto out;
	}
	/* every result of those runs, in the table's own order */
	if (query(d, &st, "SELECT run_id, repository_id, status, commit_id, score,"
			  " understand, identify, produce, maintain, fund,"
			  " disseminate FROM results WHERE run_id BETWEEN ?1 AND ?2") < 0)
		goto out;
	sqlite3_bind_int64(st, 1, h->run_ids[0]);
	sqlite3_bind_int64(st, 2, run);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		long r = find_id(h->run_ids, h->nruns, sqlite3_column_int64(st, 0));
		long p = find_id(h->repo_ids, h->nrepos, sqlite3_column_int64(st, 1));
		const char *status = (const char *)sqlite3_column_text(st, 2);
		const char *commit = (const char *)sqlite3_column_text(st, 3);
		size_t at;
		if (r < 0 || p < 0)
			continue;
		at = (size_t)p * h->nruns + (size_t)r;
		for (i = 0; status && i < VIGIE_ARRAY_SIZE(run_statuses); i++)
			if (!strcmp(status, run_statuses[i]))
				h->status[at] = (signed char)i;
		if (commit)
			snprintf(h->commit[at], sizeof(h->commit[at]), "%.12s", commit);
		for (t = 0; t <= VIGIE_THEME_COUNT; t++)
			if (sqlite3_column_type(st, 4 + t) != SQLITE_NULL)
				h->v[t][at] = sqlite3_column_double(st, 4 + t);
	}
	if (s != SQLITE_DONE) {
		fail(d, N_("cannot read the database: %s"));
		goto out;
	}
	rc = 0;
	goto out;
oom:
	vigie_error_set(d->err, VIGIE_ENOMEM, "", N_("out of memory"));
out:
	sqlite3_finalize(st);
	return rc;
}

/* The changes of one repository: strings in an arena, then the array. */
struct changes {
	struct vigie_buf arena;
	size_t *off; /* four per change: rule, status, date, commit */
	struct batch_change *v;
	size_t n, cap;
};

static int changes_take(struct db *d, struct cursor *c, sqlite3_int64 repo,
			struct changes *ch)
{
	size_t i;
	int k;

	vigie_buf_clear(&ch->arena);
	ch->n = 0;
	while (c->s == SQLITE_ROW && sqlite3_column_int64(c->st, 0) < repo)
		c->s = sqlite3_step(c->st);
	for (; c->s == SQLITE_ROW && sqlite3_column_int64(c->st, 0) == repo;
	     c->s = sqlite3_step(c->st)) {
		if (ch->n == ch->cap) {
			/* four offsets a change, in arrays of their own */
			size_t vcap = ch->cap, ocap = ch->cap * 4;
			if (vigie_grow(&ch->v, &vcap, ch->n + 1, 256) < 0 ||
			    vigie_grow(&ch->off, &ocap, vcap * 4, 1024) < 0)
				goto oom;
			ch->cap = vcap < ocap / 4 ? vcap : ocap / 4;
		}
		for (k = 0; k < 4; k++) {
			const char *t = (const char *)sqlite3_column_text(c->st, 1 + k);
			ch->off[ch->n * 4 + (size_t)k] = ch->arena.len;
			if (vigie_buf_add(&ch->arena, t ? t : "", (t ? strlen(t) : 0) + 1) < 0)
				goto oom;
		}
		ch->n++;
	}
	for (i = 0; i < ch->n; i++) {
		ch->v[i].rule = ch->arena.ptr + ch->off[i * 4];
		ch->v[i].status = ch->arena.ptr + ch->off[i * 4 + 1];
		ch->v[i].date = ch->arena.ptr + ch->off[i * 4 + 2];
		ch->v[i].commit = ch->arena.ptr + ch->off[i * 4 + 3];
	}
	return c->s == SQLITE_ROW || c->s == SQLITE_DONE
		       ? 0
		       : fail(d, N_("cannot read the database: %s"));
oom:
	return vigie_error_set(d->err, VIGIE_ENOMEM, "", N_("out of memory"));
}

int batch_db_repos(const char *dir, const char *run_key, size_t nruns,
		   batch_repo_cb cb, void *payload, struct vigie_error *err)
{
	static const char *const sql[] = {
		/* when each rule's status changed, and at which commit */
		"SELECT c.repository_id, c.rule, c.status, runs.started,"
		" c.commit_id FROM changes c"
		" JOIN runs ON runs.id = c.run_id WHERE c.run_id <= ?1"
		" ORDER BY c.repository_id, c.rule, c.run_id",
		/* the latest scorecard */
		"SELECT repository_id, rule, status, score, evidence FROM checks"
		" WHERE run_id = ?1 ORDER BY repository_id, rule",
	};
	struct db d;
	struct vigie_buf path = VIGIE_BUF_INIT;
	struct cursor c[VIGIE_ARRAY_SIZE(sql)];
	struct hist h;
	struct batch_repo_history rh;
	const char **status = NULL;
	const char **commit = NULL;
	sqlite3_stmt *st = NULL;
	sqlite3_int64 run = 0;
	json_t *checks = NULL;
	struct changes ch;
	size_t i, j;
	int rc, s, t;

	memset(c, 0, sizeof(c));
	memset(&h, 0, sizeof(h));
	memset(&ch, 0, sizeof(ch));
	rc = open_existing(&d, &path, dir, err);
	if (rc == VIGIE_ENOTFOUND) {
		rc = 0;
		goto out;
	}
	if (rc)
		goto out;
	rc = -1;
	if (query(&d, &st, "SELECT id FROM runs WHERE key = ?1") < 0)
		goto out;
	sqlite3_bind_text(st, 1, run_key, -1, SQLITE_STATIC);
	s = sqlite3_step(st);
	if (s == SQLITE_DONE) {
		rc = 0; /* the run is not in the database (interrupted) */
		goto out;
	}
	if (s != SQLITE_ROW)
		goto read_failed;
	run = sqlite3_column_int64(st, 0);
	if (hist_load(&d, &h, run, nruns) < 0)
		goto out;
	status = calloc(h.nruns + 1, sizeof(*status));
	commit = calloc(h.nruns + 1, sizeof(*commit));
	if (!status || !commit)
		goto oom;
	for (i = 0; i < VIGIE_ARRAY_SIZE(sql); i++) {
		if (query(&d, &c[i].st, sql[i]) < 0)
			goto out;
		sqlite3_bind_int64(c[i].st, 1, run);
		c[i].s = sqlite3_step(c[i].st);
	}
	for (i = 0; i < h.nrepos; i++) {
		size_t at = i * h.nruns;
		checks = json_array();
		if (!checks)
			goto oom;
		if (changes_take(&d, &c[0], h.repo_ids[i], &ch) < 0 ||
		    cursor_take(&d, &c[1], h.repo_ids[i], checks, 1) < 0)
			goto out;
		for (j = 0; j < h.nruns; j++) {
			signed char k = h.status[at + j];
			status[j] = k >= 0 ? run_statuses[(size_t)k] : NULL;
			commit[j] = h.commit[at + j];
		}
		memset(&rh, 0, sizeof(rh));
		rh.target = h.targets[i] ? h.targets[i] : "";
		rh.url = h.urls[i];
		rh.n = h.nruns;
		rh.dates = (const char *const *)h.dates;
		rh.status = status;
		rh.commit = commit;
		for (t = 0; t <= VIGIE_THEME_COUNT; t++)
			rh.v[t] = h.v[t] + at;
		rh.changes = ch.v;
		rh.nchanges = ch.n;
		rh.checks = checks;
		if (cb(&rh, payload, err) < 0)
			goto out;
		json_decref(checks);
		checks = NULL;
	}
	rc = 0;
	goto out;
oom:
	vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	goto out;
read_failed:
	fail(&d, N_("cannot read the database: %s"));
out:
	json_decref(checks);
	vigie_buf_release(&ch.arena);
	free(ch.off);
	free(ch.v);
	free(status);
	free(commit);
	hist_release(&h);
	for (i = 0; i < VIGIE_ARRAY_SIZE(sql); i++)
		sqlite3_finalize(c[i].st);
	sqlite3_finalize(st);
	sqlite3_close(d.h);
	vigie_buf_release(&path);
	return rc;
}
