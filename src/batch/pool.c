/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * The batch run: the jobs, handed as tasks to an executor (the caller's,
 * or one after the other on this thread), and the single writer of
 * records.  No process is started, signalled or waited for here.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
#include "internal.h"
#include "worker.h"
#include "fs.h"
#include "json.h"
#include "banned.h"

#define TICK_MS 250

/*
 * Repositories whose community files a forge lends to their siblings, in
 * order of preference when an organisation has more than one.
 */
static const char *const defaults_names[] = { ".github", ".gitea", ".forgejo" };

struct run;

struct job {
	/* First: a task handed out is its job.  target and key are the job's. */
	struct vigie_batch_task task;
	struct run *run;
	const char *target; /* what is cloned: borrowed from the list */
	const struct vigie_batch_origin *origin; /* the list's, or NULL */
	char *key;
	char *org;          /* host:owner path, or the parent directory */
	int rank;           /* -1, or its place in defaults_names */
	bool is_defaults;
	bool record;        /* in this shard: write its record */
	char *owned;        /* a target made here (a sibling probe), or NULL */
	char *host;         /* the server it is cloned from (host_of), or NULL */
	/* While its task runs: when it started, its time limit, cancelled. */
	double started, deadline;
	bool killed;
	bool skipped;       /* not tried: its server did not answer in time */
};

struct run {
	const struct vigie_batch_opts *o;
	struct vigie_batch_stats st;
	struct job *jobs;
	size_t njobs, defaults_pending;
	json_t *by_key;   /* key -> job index, for every listed target */
	json_t *orgs;     /* org -> {from, commit, inventory} */
	json_t *hosts;    /* host_of -> its jobs that ran out of time in a row */
	struct rec_index prev;
	int prev_fd, out_fd;
	int lock_fd; /* the directory's lock: the driver's process's alone */
	char *results_path, *previous_path;
	double t0;
};

bool batch_is_defaults_key(const char *key)
{
	const char *name = strrchr(key, '/');
	size_t n, i;

	name = name ? name + 1 : key;
	n = strlen(name);
	if (n > 4 && !strcmp(name + n - 4, ".git"))
		n -= 4;
	for (i = 0; i < VIGIE_ARRAY_SIZE(defaults_names); i++)
		if (strlen(defaults_names[i]) == n &&
		    !strncmp(name, defaults_names[i], n))
			return true;
	return false;
}

/*
 * A server that let HOST_SILENT_AFTER repositories in a row run out of
 * time (their task, or their clone or fetch) is not asked again in this
 * run: its other repositories, and the sibling probes not made yet, get
 * an error record at once ("not tried"; a probe's is not written),
 * and the next run tries them.  A dead or silent forge otherwise costs one
 * time limit (--timeout, 600 s by default) per repository, a night's batch
 * over an organisation of hundreds.  A repository that ends any other way
 * (audited, unchanged, another error) starts the count again.
 */
#define HOST_SILENT_AFTER 3

/* The server of a URL target, scheme and host (with its port): "https://
 * git.example.org", "ssh://host:2222"; NULL for a path. */
static char *host_of(const char *target)
{
	struct vigie_target t;
	struct vigie_error err;
	struct vigie_buf b = VIGIE_BUF_INIT;
	const char *colon;

	memset(&t, 0, sizeof(t));
	if (vigie_target_parse(&t, target, &err) == 0 &&
	    t.kind == VIGIE_TARGET_URL && t.host && t.url) {
		colon = strstr(t.url, "://");
		vigie_buf_printf(&b, "%.*s://%s",
				 colon ? (int)(colon - t.url) : 3,
				 colon ? t.url : "ssh", t.host);
	}
	vigie_target_release(&t);
	return b.ptr ? vigie_buf_detach(&b, NULL) : NULL;
}

/* Did the job's task, or its clone, run out of time? */
static bool out_of_time(const struct job *j, const char *line, size_t len,
			const char *status)
{
	json_t *rec, *e;
	const char *id;
	bool yes;

	if (j->killed)
		return true;
	if (!status || strcmp(status, "error"))
		return false;
	rec = json_loadb(line, len, 0, NULL); /* an error record: small */
	e = json_object_get(rec, "error");
	id = json_string_value(json_object_get(e, "message_id"));
	if (!id)
		id = json_string_value(json_object_get(e, "message"));
	yes = json_is_string(json_object_get(e, "stage")) &&
	      !strcmp(json_string_value(json_object_get(e, "stage")), "source") &&
	      id && !strncmp(id, "time limit of ", 14);
	json_decref(rec);
	return yes;
}

/*
 * Count j's end for its server (host_silent() then tells).  Only the
 * repositories recorded count: a sibling probe asks for a repository that
 * may not be there, and the records that ran out of time say what the
 * "not tried" ones refer to.
 */
static void count_host(struct run *r, const struct job *j, bool timed_out)
{
	json_int_t n;

	if (!j->host || j->skipped || !j->record)
		return;
	n = json_integer_value(json_object_get(r->hosts, j->host));
	json_object_set_new(r->hosts, j->host,
			    json_integer(timed_out ? n + 1 : 0));
}

static bool host_silent(const struct run *r, const struct job *j)
{
	return j->host && json_integer_value(json_object_get(r->hosts, j->host)) >=
				  HOST_SILENT_AFTER;
}

/* The organisation a target belongs to and whether it is its defaults. */
static char *org_of(const char *target, int *rank, bool *is_url)
{
	struct vigie_target t;
	struct vigie_error err;
	struct vigie_buf b = VIGIE_BUF_INIT;
	char *base, *slash, *name;
	size_t n, i;

	*rank = -1;
	*is_url = false;
	memset(&t, 0, sizeof(t));
	if (vigie_target_parse(&t, target, &err) < 0) {
		vigie_target_release(&t);
		return NULL;
	}
	base = strdup(t.kind == VIGIE_TARGET_URL && t.repo ? t.repo : t.display);
	if (!base)
		goto out;
	n = strlen(base);
	while (n > 1 && base[n - 1] == '/')
		base[--n] = '\0';
	if (n > 4 && !strcmp(base + n - 4, ".git"))
		base[n - 4] = '\0';
	slash = strrchr(base, '/');
	name = slash ? slash + 1 : base;
	for (i = 0; i < VIGIE_ARRAY_SIZE(defaults_names); i++)
		if (!strcmp(name, defaults_names[i]))
			*rank = (int)i;
	*is_url = t.kind == VIGIE_TARGET_URL;
	if (slash)
		*slash = '\0';
	vigie_buf_printf(&b, "%s:%s", t.host ? t.host : "",
			 slash ? base : ".");
	free(base);
out:
	vigie_target_release(&t);
	return b.ptr ? vigie_buf_detach(&b, NULL) : NULL;
}

static void progress(struct run *r)
{
	r->st.elapsed_ms = vigie_clock_ms() - r->t0;
	if (r->o->progress)
		r->o->progress(&r->st, r->o->payload);
}

/* Remember an organisation's defaults from its `.github` record. */
static void learn_defaults(struct run *r, const struct job *j, json_t *rec)
{
	json_t *inv = json_object_get(json_object_get(rec, "facts"), "inventory");
	const char *commit = json_string_value(
		json_object_get(json_object_get(rec, "repository"), "commit"));

	json_t *have = j->org ? json_object_get(r->orgs, j->org) : NULL;

	/* The most preferred one wins, whatever order they finish in. */
	if (!j->org || !inv || !commit ||
	    (have && json_integer_value(json_object_get(have, "rank")) <= j->rank))
		return;
	json_object_set_new(r->orgs, j->org,
			    json_pack("{s:s, s:s, s:O, s:i}", "from", j->key,
				      "commit", commit, "inventory", inv, "rank",
				      (json_int_t)j->rank));
}

static int on_resumed(json_t *rec, const char *key, void *payload)
{
	struct run *r = payload;
	json_t *pos = json_object_get(r->by_key, key);

	if (pos && r->jobs[json_integer_value(pos)].is_defaults)
		learn_defaults(r, &r->jobs[json_integer_value(pos)], rec);
	return 0;
}

static bool listed(const char *key, void *payload)
{
	return json_object_get(payload, key) != NULL;
}

/*
 * Start of a fresh run: the last run's records (over those it did not
 * reach) become previous.jsonl, for deltas and unchanged repositories.
 */
static int rotate(struct run *r, struct vigie_error *err)
{
	struct rec_index ix;
	int fds[2] = { -1, -1 };
	off_t end;
	bool torn;
	int rc;

	if (access(r->results_path, F_OK) != 0)
		return 0;
	if (rec_index_init(&ix) < 0)
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	rc = rec_index_file(&ix, 0, r->previous_path, &end, &torn, NULL, NULL, err);
	if (!rc)
		rc = rec_index_file(&ix, 1, r->results_path, &end, &torn, NULL,
				    NULL, err);
	if (!rc) {
		fds[0] = open(r->previous_path, O_RDONLY | O_CLOEXEC);
		fds[1] = open(r->results_path, O_RDONLY | O_CLOEXEC);
		rc = rec_write_sorted(r->previous_path, &ix, fds, listed,
				      r->by_key, err);
	}
	if (!rc && unlink(r->results_path) < 0)
		rc = vigie_error_set(err, VIGIE_EGENERIC, r->results_path,
				     N_("cannot remove: %s"), strerror(errno));
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	rec_index_release(&ix);
	return rc;
}

/*
 * Add the job of target (known by its key, cloned from origin's URL when
 * it has one); owned is a sibling probe's target, freed with the job.
 */
static int add_job(struct run *r, const char *target,
		   const struct vigie_batch_origin *origin, char *owned,
		   bool defaults, struct vigie_error *err)
{
	struct job j;
	bool url;

	memset(&j, 0, sizeof(j));
	j.origin = origin;
	j.target = origin ? origin->clone_url : target;
	j.owned = owned;
	j.key = vigie_batch_key(target);
	if (!j.key) {
		free(owned);
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	}
	j.org = org_of(j.target, &j.rank, &url);
	j.host = url ? host_of(j.target) : NULL;
	j.is_defaults = j.rank >= 0;
	j.run = r;
	j.task.target = j.target;
	j.task.key = j.key;
	j.task.lock_fd = r->lock_fd;
	/* A sibling probe is never recorded: it only lends its files. */
	j.record = !owned &&
		   vigie_shard_contains(j.key, r->o->shard_k, r->o->shard_n);
	/* Every shard reads the defaults, but records only its own. */
	if (j.is_defaults != defaults || (!j.record && !j.is_defaults) ||
	    json_object_get(r->by_key, j.key)) {
		free(j.key);
		free(j.org);
		free(j.owned);
		free(j.host);
		return 0;
	}
	json_object_set_new(r->by_key, j.key, json_integer((json_int_t)r->njobs));
	r->jobs[r->njobs++] = j;
	if (j.record)
		r->st.total++;
	if (j.is_defaults)
		r->defaults_pending++;
	return 0;
}

/* target with its last path part replaced by name (keeping a ".git"). */
static char *sibling(const char *target, const char *name)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	size_t n = strlen(target), end;
	bool git;

	while (n > 1 && target[n - 1] == '/')
		n--;
	git = n > 4 && !strncmp(target + n - 4, ".git", 4);
	end = git ? n - 4 : n;
	while (end > 0 && target[end - 1] != '/' && target[end - 1] != ':')
		end--;
	if (!end || vigie_buf_add(&b, target, end) < 0 ||
	    vigie_buf_printf(&b, "%s%s", name, git ? ".git" : "") < 0) {
		vigie_buf_release(&b);
		return NULL;
	}
	return vigie_buf_detach(&b, NULL);
}

/*
 * GitHub lends `.github` only; GitLab lends none; others may use any.  The
 * forge is the listing's (origin, may be NULL), else the target's.
 */
static bool worth_probing(const char *target,
			  const struct vigie_batch_origin *origin,
			  const char *name)
{
	struct vigie_target t;
	struct vigie_error err;
	const char *forge;
	bool yes;

	memset(&t, 0, sizeof(t));
	if (vigie_target_parse(&t, target, &err) < 0) {
		yes = false;
	} else {
		forge = origin ? origin->forge : t.forge;
		if (forge && !strcmp(forge, "github"))
			yes = !strcmp(name, ".github");
		else
			yes = !forge || strcmp(forge, "gitlab");
	}
	vigie_target_release(&t);
	return yes;
}

/*
 * The jobs of the run: the organisations' defaults repositories first,
 * listed ones and, for remote members whose organisation lists none, their
 * `.github` (or `.gitea`, `.forgejo`) sibling, probed once per organisation.
 */
static int add_jobs(struct run *r, struct vigie_error *err)
{
	const struct vigie_batch_list *l = r->o->targets;
	json_t *probed = json_object();
	size_t i, k, listed_defaults;
	int rc = 0;

	for (i = 0; i < l->n && !rc; i++)
		rc = add_job(r, l->v[i], vigie_batch_list_origin(l, i), NULL,
			     true, err);
	listed_defaults = r->njobs;
	for (i = 0; i < l->n && !rc && probed; i++) {
		const struct vigie_batch_origin *from = vigie_batch_list_origin(l, i);
		const char *target = from ? from->clone_url : l->v[i];
		int rank;
		bool url, known = false;
		char *org = org_of(target, &rank, &url);
		for (k = 0; k < listed_defaults && org; k++)
			if (r->jobs[k].org && !strcmp(r->jobs[k].org, org))
				known = true;
		if (org && url && rank < 0 && !known &&
		    !json_object_get(probed, org)) {
			json_object_set_new(probed, org, json_true());
			for (k = 0; k < VIGIE_ARRAY_SIZE(defaults_names) && !rc; k++) {
				char *s = worth_probing(target, from,
							defaults_names[k])
						  ? sibling(target, defaults_names[k])
						  : NULL;
				if (s)
					rc = add_job(r, s, NULL, s, true, err);
			}
		}
		free(org);
	}
	for (i = 0; i < l->n && !rc; i++)
		rc = add_job(r, l->v[i], vigie_batch_list_origin(l, i), NULL,
			     false, err);
	json_decref(probed);
	return rc;
}

int vigie_batch_task_run(const struct vigie_batch_task *task, char **line,
			 size_t *len)
{
	/* A task handed out is the first member of its job. */
	const struct job *j = (const struct job *)task;
	const struct run *r = j->run;
	struct batch_job_env env;
	struct vigie_buf prev = VIGIE_BUF_INIT, out = VIGIE_BUF_INIT;
	const struct rec_ref *pr = rec_index_find(&r->prev, j->key);
	json_t *d = j->org && !j->is_defaults ? json_object_get(r->orgs, j->org)
					      : NULL;
	struct vigie_error err;
	int rc;

	*line = NULL;
	*len = 0;
	memset(&env, 0, sizeof(env));
	env.audit = &r->o->audit;
	env.digest = vigie_ruleset_digest(r->o->audit.rules);
	if (pr && r->prev_fd >= 0 && !r->o->full &&
	    rec_read(&prev, r->prev_fd, pr, &err) == 0)
		env.prev_line = prev.ptr;
	env.now = r->o->audit.collect.now;
	env.max_age_s = r->o->max_age_s;
	env.defaults = d;
	env.defaults_from = json_string_value(json_object_get(d, "from"));
	env.defaults_commit = json_string_value(json_object_get(d, "commit"));
	env.origin = j->origin;
	rc = batch_work(&out, j->target, j->key, &env);
	vigie_buf_release(&prev);
	if (rc < 0) {
		vigie_buf_release(&out);
		return -1;
	}
	*line = out.ptr ? vigie_buf_detach(&out, len) : calloc(1, 1);
	return *line ? 0 : -1;
}

/* Tasks started and not ended, at most (opts->jobs). */
#define JOBS_MAX 256

/*
 * The executor of vigie_batch_run: each task on this thread, when the
 * driver waits, in the order they were started.
 */
struct serial {
	struct vigie_batch_task *queue[JOBS_MAX];
	size_t head, n;
	char *line; /* the record last handed out */
};

static int serial_start(struct vigie_batch_task *task, struct vigie_error *err,
			void *payload)
{
	struct serial *s = payload;

	(void)err;
	s->queue[(s->head + s->n++) % JOBS_MAX] = task;
	return 0;
}

static int serial_wait(struct vigie_batch_task **task,
		       struct vigie_batch_end *end, long wait_ms,
		       struct vigie_error *err, void *payload)
{
	struct serial *s = payload;
	size_t len = 0;

	(void)wait_ms;
	free(s->line);
	s->line = NULL;
	if (!s->n)
		return 0;
	*task = s->queue[s->head];
	s->head = (s->head + 1) % JOBS_MAX;
	s->n--;
	if (vigie_batch_task_run(*task, &s->line, &len) < 0)
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	memset(end, 0, sizeof(*end));
	end->how = len > VIGIE_BATCH_RECORD_MAX ? VIGIE_BATCH_END_TOO_BIG
						: VIGIE_BATCH_END_RECORD;
	end->line = s->line;
	end->len = len;
	return 1;
}

static void launch(struct run *r, struct job *j,
		   const struct vigie_batch_executor *ex)
{
	j->started = vigie_clock_ms();
	/* Only an executor that can stop a task has time limits. */
	j->deadline = r->o->timeout_ms > 0 && ex->cancel
			      ? j->started + (double)r->o->timeout_ms
			      : 0;
	j->killed = false;
	j->task.exec = NULL;
}

/* The task of j ended: turn its record, or how it ended, into a record. */
static int finish(struct run *r, struct job *j, const struct vigie_batch_end *end,
		  struct vigie_error *err)
{
	double ms = vigie_clock_ms() - j->started;
	struct vigie_buf made = VIGIE_BUF_INIT;
	const char *line = end->line ? end->line : "";
	size_t len = end->line ? end->len : 0;
	json_t *b = NULL;
	struct vigie_error why;
	const char *st;
	int rc = 0;

	if ((j->killed || end->how != VIGIE_BATCH_END_RECORD) && end->pid > 0) {
		/* Killed or crashed mid-clone: its private directory goes. */
		struct vigie_target t;
		struct vigie_error perr;
		if (vigie_target_parse(&t, j->target, &perr) == 0)
			vigie_source_discard(&t, &r->o->audit.source, end->pid);
		vigie_target_release(&t);
	}
	vigie_error_clear(&why);
	if (j->skipped) {
		vigie_error_set(&why, VIGIE_ELIMIT, NULL,
				N_("not tried: %s let its last %d repositories run out of time"),
				j->host, HOST_SILENT_AFTER);
	} else if (end->how == VIGIE_BATCH_END_TOO_BIG) {
		vigie_error_set(&why, VIGIE_ELIMIT, NULL,
				N_("the record is larger than the limit"));
	} else if (j->killed && r->o->timeout_ms % 1000) {
		/* a library caller's limit in milliseconds: not "0 s" */
		vigie_error_set(&why, VIGIE_ELIMIT, NULL,
				N_("time limit of %ld ms reached"),
				r->o->timeout_ms);
	} else if (j->killed) {
		vigie_error_set(&why, VIGIE_ELIMIT, NULL,
				N_("time limit of %ld s reached"),
				r->o->timeout_ms / 1000);
	} else if (end->how == VIGIE_BATCH_END_SIGNAL) {
		vigie_error_set(&why, VIGIE_EGENERIC, NULL,
				N_("the audit crashed (signal %d)"), end->code);
	} else if (end->how != VIGIE_BATCH_END_RECORD) {
		vigie_error_set(&why, VIGIE_EGENERIC, NULL,
				N_("the worker failed (status %d)"), end->code);
	} else {
		/* One line, for this target, and nothing after its object. */
		b = len && !memchr(line, '\n', len) ? rec_batch(line, len, NULL)
						    : NULL;
		if (!b || strcmp(json_string_value(json_object_get(b, "target")),
				 j->key))
			vigie_error_set(&why, VIGIE_EGENERIC, NULL,
					N_("the worker sent a malformed record"));
	}
	if (why.code) {
		json_decref(b);
		b = NULL;
		if (batch_error_line(&made, j->key,
				     j->skipped ? "source" : "audit", &why, ms,
				     NULL) < 0 ||
		    !(b = rec_batch(made.ptr, made.len, NULL))) {
			rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
			goto out;
		}
		line = made.ptr;
		len = made.len;
	}
	count_host(r, j, out_of_time(j, line, len,
				     json_string_value(json_object_get(b, "status"))));
	if (j->is_defaults) {
		/* Rare: only these records are parsed whole, for the inventory. */
		json_error_t je;
		json_t *rec = json_loadb(line, len, 0, &je);
		learn_defaults(r, j, rec);
		json_decref(rec);
		r->defaults_pending--;
	}
	if (!j->record)
		goto out;
	rc = rec_append(r->out_fd, line, len, r->results_path, err);
	if (rc < 0)
		goto out;
	st = json_string_value(json_object_get(b, "status"));
	if (st && !strcmp(st, "unchanged"))
		r->st.unchanged++;
	else if (st && !strcmp(st, "audited"))
		r->st.audited++;
	else
		r->st.errors++;
	r->st.done++;
	progress(r);
out:
	json_decref(b);
	vigie_buf_release(&made);
	return rc;
}

/*
 * Stop the tasks past their time limit, wait for one to end (a tick at
 * most, for the progress line), and record it unless the run failed
 * already.  running holds the jobs started and not ended.
 */
static int pump(struct run *r, const struct vigie_batch_executor *ex,
		size_t *running, size_t *nrun, bool failed,
		struct vigie_error *err)
{
	struct vigie_batch_task *t = NULL;
	struct vigie_batch_end end;
	double now = vigie_clock_ms(), wait = TICK_MS;
	size_t i;
	int got, rc = 0;

	for (i = 0; i < *nrun; i++) {
		struct job *j = &r->jobs[running[i]];
		if (j->deadline > 0 && !j->killed) {
			if (j->deadline <= now) {
				ex->cancel(&j->task, ex->payload);
				j->killed = true;
			} else if (j->deadline - now < wait) {
				wait = j->deadline - now;
			}
		}
	}
	memset(&end, 0, sizeof(end));
	got = ex->wait(&t, &end, (long)wait + 1, err, ex->payload);
	if (got < 0) {
		/* The run stops there: the tasks left are the executor's. */
		*nrun = 0;
		return got;
	}
	for (i = 0; got > 0 && i < *nrun; i++)
		if (&r->jobs[running[i]].task == t)
			break;
	if (got > 0 && i == *nrun)
		return vigie_error_set(err, VIGIE_EINVALID, "",
				       N_("the batch executor ended a task it was "
					  "not running"));
	if (got > 0) {
		if (!failed)
			rc = finish(r, &r->jobs[running[i]], &end, err);
		running[i] = running[--*nrun];
	}
	progress(r);
	return rc;
}

static int run_pool(struct run *r, const struct vigie_batch_executor *ex,
		    struct vigie_error *err)
{
	struct vigie_error late;
	size_t next = 0, nrun = 0, width = r->o->jobs, *running;
	int rc = 0;

	if (width < 1)
		width = 1;
	if (width > JOBS_MAX)
		width = JOBS_MAX;
	running = calloc(width, sizeof(*running));
	if (!running)
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	for (;;) {
		bool stop = (r->o->stop && *r->o->stop) || rc;
		while (!stop && nrun < width && next < r->njobs) {
			struct job *j = &r->jobs[next];
			/* Siblings wait until their defaults are known. */
			if (!j->is_defaults && r->defaults_pending)
				break;
			if (host_silent(r, j)) {
				/* its record at once, the task never started */
				struct vigie_batch_end none;
				memset(&none, 0, sizeof(none));
				none.how = VIGIE_BATCH_END_RECORD;
				j->skipped = true;
				j->started = vigie_clock_ms();
				next++;
				if (finish(r, j, &none, err) < 0) {
					rc = -1;
					break;
				}
				continue;
			}
			launch(r, j, ex);
			rc = ex->start(&j->task, err, ex->payload);
			if (rc)
				break;
			running[nrun++] = next++;
		}
		if (!nrun)
			break;
		/* After a failure, the tasks started end unrecorded. */
		if (pump(r, ex, running, &nrun, rc != 0, rc ? &late : err) < 0 &&
		    !rc)
			rc = -1;
	}
	free(running);
	r->st.interrupted = next < r->njobs;
	return rc;
}

int vigie_batch_options_init(struct vigie_batch_opts *opts,
			     unsigned int version)
{
	static const struct vigie_batch_opts defaults = VIGIE_BATCH_OPTIONS_INIT;

	if (version != VIGIE_BATCH_OPTIONS_VERSION)
		return VIGIE_EINVALID;
	*opts = defaults;
	return vigie_audit_options_init(&opts->audit, VIGIE_AUDIT_OPTIONS_VERSION);
}

int vigie_batch_run(struct vigie_batch_stats *out,
		    const struct vigie_batch_opts *opts,
		    struct vigie_error *err)
{
	return vigie_batch_run_on(out, opts, NULL, err);
}

int vigie_batch_run_on(struct vigie_batch_stats *out,
		       const struct vigie_batch_opts *opts,
		       const struct vigie_batch_executor *exec,
		       struct vigie_error *err)
{
	struct serial serial;
	struct vigie_batch_executor inline_ex = VIGIE_BATCH_EXECUTOR_INIT;
	struct run r;
	struct vigie_buf rp = VIGIE_BUF_INIT, pp = VIGIE_BUF_INIT;
	struct vigie_buf mp = VIGIE_BUF_INIT;
	struct rec_index done;
	struct batch_import *im = NULL;
	off_t end = 0;
	bool torn = false, fresh;
	int lock = -1, rc;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (opts->version != VIGIE_BATCH_OPTIONS_VERSION)
		return vigie_error_set(err, VIGIE_EINVALID, NULL,
				       N_("%s version %u is unknown to this libvigie (it knows %u)"),
				       "struct vigie_batch_opts", opts->version,
				       VIGIE_BATCH_OPTIONS_VERSION);
	rc = vigie_audit_options_check(&opts->audit, err);
	if (rc < 0)
		return rc;
	if (exec && exec->version != VIGIE_BATCH_EXECUTOR_VERSION)
		return vigie_error_set(err, VIGIE_EINVALID, NULL,
				       N_("%s version %u is unknown to this libvigie (it knows %u)"),
				       "struct vigie_batch_executor", exec->version,
				       VIGIE_BATCH_EXECUTOR_VERSION);
	memset(&serial, 0, sizeof(serial));
	if (!exec) {
		inline_ex.start = serial_start;
		inline_ex.wait = serial_wait;
		inline_ex.payload = &serial;
		exec = &inline_ex;
	}
	memset(&r, 0, sizeof(r));
	memset(&done, 0, sizeof(done));
	r.o = opts;
	r.prev_fd = r.out_fd = r.lock_fd = -1;
	r.t0 = vigie_clock_ms();
	r.by_key = json_object();
	r.orgs = json_object();
	r.hosts = json_object();
	/* Each target, and up to three probes for each organisation. */
	r.jobs = calloc(opts->targets->n * 4 + 1, sizeof(*r.jobs));
	if (!r.by_key || !r.orgs || !r.hosts || !r.jobs || rec_index_init(&r.prev) < 0 ||
	    rec_index_init(&done) < 0 ||
	    vigie_buf_printf(&rp, "%s/%s", opts->out_dir, VIGIE_BATCH_RESULTS) < 0 ||
	    vigie_buf_printf(&pp, "%s/%s", opts->out_dir, VIGIE_BATCH_PREVIOUS) < 0) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
		goto out;
	}
	r.results_path = rp.ptr;
	r.previous_path = pp.ptr;
	if (vigie_mkdirs(opts->out_dir) < 0) {
		rc = vigie_error_set(err, VIGIE_EGENERIC, opts->out_dir,
				     N_("cannot create the output directory: %s"),
				     strerror(errno));
		goto out;
	}
	rc = batch_lock(opts->out_dir, true, &lock, err);
	if (rc)
		goto out;
	r.lock_fd = lock;
	/* Temporary clones of runs killed long ago (a machine that died). */
	vigie_source_sweep(&opts->audit.source, VIGIE_SOURCE_STALE_S);
	rc = add_jobs(&r, err);
	/*
	 * A run marks the directory until it completes: --resume continues a
	 * run that did not, and otherwise starts a new one, so a job engine
	 * may always pass it.
	 */
	if (!rc && vigie_buf_printf(&mp, "%s/.running", opts->out_dir) < 0)
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	fresh = !rc && (!opts->resume || access(mp.ptr, F_OK) != 0);
	if (fresh)
		rc = rotate(&r, err);
	if (!rc)
		rc = batch_run_begin(opts->out_dir, opts, fresh, err);
	if (!rc && vigie_write_atomic(mp.ptr, "", 0) < 0)
		rc = vigie_error_set(err, VIGIE_EGENERIC, mp.ptr,
				     N_("cannot write: %s"), strerror(errno));
	if (rc)
		goto out;

	/* What an interrupted run already wrote; a torn last line goes. */
	rc = rec_index_file(&done, 0, r.results_path, &end, &torn, on_resumed,
			    &r, err);
	if (rc)
		goto out;
	if (torn && truncate(r.results_path, end) < 0) {
		rc = vigie_error_set(err, VIGIE_EGENERIC, r.results_path,
				     N_("cannot drop a torn record: %s"),
				     strerror(errno));
		goto out;
	}
	for (i = 0; i < r.njobs; i++) {
		struct job *j = &r.jobs[i];
		if (!rec_index_find(&done, j->key))
			continue;
		if (j->is_defaults)
			r.defaults_pending--;
		if (j->record) {
			r.st.resumed++;
			r.st.done++;
		}
		/* Drop the job: move the tail down, keep the order. */
		free(j->key);
		free(j->org);
		free(j->owned);
		free(j->host);
		memmove(j, j + 1, (r.njobs - i - 1) * sizeof(*j));
		r.njobs--;
		i--;
	}

	rc = rec_index_file(&r.prev, 0, r.previous_path, &end, &torn, NULL,
			    NULL, err);
	if (rc)
		goto out;
	r.prev_fd = open(r.previous_path, O_RDONLY | O_CLOEXEC);
	r.out_fd = open(r.results_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
			0644);
	if (r.out_fd < 0) {
		rc = vigie_error_set(err, VIGIE_EGENERIC, r.results_path,
				     N_("cannot open: %s"), strerror(errno));
		goto out;
	}
	progress(&r);
	rc = run_pool(&r, exec, err);
	close(r.out_fd);
	r.out_fd = -1;

	/*
	 * A complete run is sorted by key, so that runs compare line by line,
	 * and keeps only the listed targets (a resumed run may have had more).
	 */
	if (!rc && !r.st.interrupted) {
		int fd = open(r.results_path, O_RDONLY | O_CLOEXEC);
		rec_index_release(&done);
		rec_index_init(&done);
		rc = rec_index_file(&done, 0, r.results_path, &end, &torn, NULL,
				    NULL, err);
		if (!rc)
			rc = rec_write_sorted(r.results_path, &done, &fd, listed,
					      r.by_key, err);
		if (fd >= 0)
			close(fd);
	}
	if (!rc && !r.st.interrupted)
		rc = batch_run_end(opts->out_dir, err);
	/*
	 * The journal is complete: the database is written from it, then
	 * the summary and the pages, which show this run in its history.
	 */
	if (!rc && !r.st.interrupted && batch_import_begin(&im, opts->out_dir,
							    opts->keep_runs) < 0)
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	if (!rc)
		rc = batch_summarize(opts->out_dir, opts->lang, NULL, im, err);
	else if (im)
		batch_import_end(im, false, NULL);
	if (!rc && !r.st.interrupted && unlink(mp.ptr) < 0)
		rc = vigie_error_set(err, VIGIE_EGENERIC, mp.ptr,
				     N_("cannot remove: %s"), strerror(errno));
out:
	r.st.elapsed_ms = vigie_clock_ms() - r.t0;
	if (out)
		*out = r.st;
	for (i = 0; i < r.njobs; i++) {
		free(r.jobs[i].key);
		free(r.jobs[i].org);
		free(r.jobs[i].owned);
		free(r.jobs[i].host);
	}
	free(r.jobs);
	json_decref(r.by_key);
	json_decref(r.orgs);
	json_decref(r.hosts);
	rec_index_release(&r.prev);
	rec_index_release(&done);
	if (r.prev_fd >= 0)
		close(r.prev_fd);
	if (r.out_fd >= 0)
		close(r.out_fd);
	if (lock >= 0)
		close(lock);
	vigie_buf_release(&rp);
	vigie_buf_release(&pp);
	vigie_buf_release(&mp);
	free(serial.line);
	return rc;
}
