/* SPDX-License-Identifier: EUPL-1.2 */
/* The history collector: who kept the commons alive over a window of time. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "git2_api.h"

#include "vigie/date.h"
#include "vigie/buf.h"
#include "vigie/facts.h"
#include "vigie/sys/collect.h"
#include "vigie/i18n.h"
#include "../snapshot/internal.h"
#include "../source/internal.h"
#include "commits.h"
#include "history.h"
#include "walk.h"
#include "identity.h"
#include "json.h"
#include "grow.h"
#include "strmap.h"
#include "banned.h"

static int cmp_u32_desc(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x < y) - (x > y);
}

/* The fewest of the counts (sorted, largest first) making half the total. */
static json_int_t half_factor(const uint32_t *counts, size_t n, uint64_t total)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		sum += counts[i];
		if (2 * sum >= total)
			return (json_int_t)i + 1;
	}
	return (json_int_t)n;
}

static double share(uint64_t part, uint64_t whole)
{
	return hist_round_to((double)part / (double)whole, 0.0001);
}

struct ranked {
	size_t index;
	uint32_t commits;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->commits != y->commits)
		return x->commits < y->commits ? 1 : -1;
	return (x->index > y->index) - (x->index < y->index);
}

static int org_facts(json_t *h, struct walk *w)
{
	struct ranked *r = malloc((w->org_keys.count + 1) * sizeof(*r));
	uint32_t *counts = malloc((w->org_keys.count + 1) * sizeof(*counts));
	json_t *domains = json_array();
	uint64_t self_commits = 0, self_authors = 0;
	size_t i, n = 0;

	if (!r || !counts || !domains) {
		free(r);
		free(counts);
		json_decref(domains);
		return -1;
	}
	for (i = 0; i < w->org_keys.count; i++) {
		if (!w->orgs[i].commits)
			continue;
		r[n].index = i;
		r[n].commits = w->orgs[i].commits;
		counts[n++] = w->orgs[i].commits;
		if (w->orgs[i].self) {
			self_commits += w->orgs[i].commits;
			self_authors += w->orgs[i].authors;
		}
	}
	qsort(r, n, sizeof(*r), cmp_ranked);
	qsort(counts, n, sizeof(*counts), cmp_u32_desc);
	json_object_set_new(h, "organisations", json_integer((json_int_t)n));
	if (w->commits) {
		const struct org *top = &w->orgs[r[0].index];
		json_object_set_new(h, "elephant_factor",
				    json_integer(half_factor(counts, n, w->commits)));
		json_object_set_new(h, "top_organisation_share",
				    json_real(share(top->commits, w->commits)));
		/* An individual is never shown by address: the name is absent. */
		if (!top->self)
			json_object_set_new(h, "top_organisation",
					    vigie_json_str(w->org_keys.keys[r[0].index]));
	}
	for (i = 0; i < n && json_array_size(domains) < DOMAINS_MAX; i++) {
		const struct org *o = &w->orgs[r[i].index];
		if (o->self)
			continue;
		json_array_append_new(domains, json_pack(
			"{s:o, s:I, s:I}", "domain",
			vigie_json_str(w->org_keys.keys[r[i].index]), "authors",
			(json_int_t)o->authors, "commits", (json_int_t)o->commits));
	}
	json_object_set_new(h, "domains", domains);
	json_object_set_new(h, "individuals",
			    json_pack("{s:I, s:I}", "authors",
				      (json_int_t)self_authors, "commits",
				      (json_int_t)self_commits));
	free(r);
	free(counts);
	return 0;
}

static int people_facts(json_t *h, struct walk *w)
{
	size_t np = w->npeople, i, n = 0;
	struct ranked *r = malloc((np + 1) * sizeof(*r));
	uint32_t *counts = malloc((np + 1) * sizeof(*counts));
	uint64_t committers = 0, newcomers = 0, active = 0, translators = 0;
	json_t *people;

	if (!r || !counts) {
		free(r);
		free(counts);
		return -1;
	}
	for (i = 0; i < np; i++) {
		const struct person *p = &w->people[i];
		committers += p->committer;
		translators += p->translations > 0;
		if (!p->commits)
			continue;
		newcomers += !p->before;
		active += p->active;
		r[n].index = i;
		r[n].commits = p->commits;
		counts[n++] = p->commits;
	}
	qsort(counts, n, sizeof(*counts), cmp_u32_desc);
	json_object_set_new(h, "authors", json_integer((json_int_t)n));
	json_object_set_new(h, "committers", json_integer((json_int_t)committers));
	if (w->lookback_days > 0)
		json_object_set_new(h, "newcomers",
				    json_integer((json_int_t)newcomers));
	json_object_set_new(h, "active_90d", json_integer((json_int_t)active));
	if (w->commits)
		json_object_set_new(h, "bus_factor",
				    json_integer(half_factor(counts, n, w->commits)));
	json_object_set_new(h, "translation",
			    json_pack("{s:I, s:I}", "commits",
				      (json_int_t)w->translation_commits,
				      "authors", (json_int_t)translators));
	if (w->ctx->opts->identities) {
		/* Only when asked: names and addresses are personal data. */
		qsort(r, n, sizeof(*r), cmp_ranked);
		people = json_array();
		for (i = 0; i < n && i < PEOPLE_MAX; i++) {
			const struct person *p = &w->people[r[i].index];
			json_array_append_new(people, json_pack(
				"{s:o, s:o, s:I, s:b}", "name",
				vigie_json_str(p->name), "email",
				vigie_json_str(p->email), "commits",
				(json_int_t)p->commits, "newcomer", !p->before));
		}
		json_object_set_new(h, "people", people);
	}
	free(r);
	free(counts);
	return 0;
}

/* "2026-01-01T00:00:00Z", a new reference. */
static json_t *iso_time(int64_t t)
{
	char date[VIGIE_DATE_MAX];

	vigie_date_format(date, t, VIGIE_DATE_ISO);
	return json_string(date);
}

static json_t *facts(struct walk *w)
{
	const struct vigie_collect_opts *o = w->ctx->opts;
	json_t *h = json_object(), *bots = json_array(), *rel;
	size_t i;

	if (!h || !bots)
		goto fail;
	json_object_set_new(h, "as_of", iso_time(w->t0));
	json_object_set_new(h, "as_of_source",
			    json_string(vigie_as_of_name(o->as_of)));
	json_object_set_new(h, "window_days", json_integer(o->window_days));
	json_object_set_new(h, "commits", json_integer((json_int_t)w->commits));
	if (people_facts(h, w) < 0 || org_facts(h, w) < 0)
		goto fail;
	if (w->lookback_days > 0) {
		/*
		 * Newcomers are "first commit ever" when the look-back reached
		 * the first commit, or when there are none (each author was
		 * seen before), else "none in the look-back before".
		 */
		json_object_set_new(h, "newcomers_exact", json_boolean(
			!w->truncated && (!w->pending ||
					  (!w->beyond_floor && !w->shallow))));
		json_object_set_new(h, "lookback_days",
				    json_integer(w->lookback_days));
	}
	for (i = 0; i < w->bot_keys.count; i++)
		json_array_append_new(bots, vigie_json_str(w->bot_keys.keys[i]));
	json_object_set_new(h, "bots", json_pack("{s:I, s:o}", "commits",
						 (json_int_t)w->bot_commits,
						 "names", bots));
	bots = NULL;
	if (w->have_newest) {
		int64_t d = w->t0 - w->newest;
		d = d > 0 ? d / DAY : 0;
		json_object_set_new(h, "last_commit_days",
				    json_integer((json_int_t)d));
		/* The same, under the name it had before as_of. */
		json_object_set_new(h, "last_commit_days_now",
				    json_integer((json_int_t)d));
	}
	if (w->later)
		json_object_set_new(h, "later_commits",
				    json_integer((json_int_t)w->later));
	if (w->commits) {
		json_object_set_new(h, "merge_share",
				    json_real(share(w->merges, w->commits)));
		json_object_set_new(h, "signed_share",
				    json_real(share(w->gpgsigned, w->commits)));
		if (w->commits > w->merges)
			json_object_set_new(h, "signoff_share", json_real(share(
				w->signoffs, w->commits - w->merges)));
	}
	rel = hist_releases(w);
	if (rel)
		json_object_set_new(h, "releases", rel);
	/* Commits read, the window's and those past its edges: the walk's cost. */
	json_object_set_new(h, "walked", json_integer((json_int_t)w->walked));
	if (w->shallow)
		json_object_set_new(h, "shallow", json_true());
	if (w->truncated)
		json_object_set_new(h, "truncated", json_true());
	if (w->oversized)
		json_object_set_new(h, "oversized_commits",
				    json_integer((json_int_t)w->oversized));
	return h;
fail:
	json_decref(h);
	json_decref(bots);
	return NULL;
}

static void walk_release(struct walk *w)
{
	size_t i;

	hist_frontier_release(&w->heap, &w->seen);
	for (i = 0; i < w->npeople; i++) {
		free(w->people[i].name);
		free(w->people[i].email);
	}
	free(w->people);
	free(w->orgs);
	free(w->raw_person);
	vigie_strmap_release(&w->raw_keys);
	vigie_strmap_release(&w->people_keys);
	vigie_strmap_release(&w->org_keys);
	vigie_strmap_release(&w->bot_keys);
	vigie_mailmap_free(w->mailmap);
	vigie_buf_release(&w->reduced);
	vigie_packs_free(w->packs);
	if (w->odb)
		git_odb_free(w->odb);
	if (w->own)
		git_repository_free(w->own);
}

git_repository *hist_git(struct walk *w)
{
	if (w->repo || w->git_failed)
		return w->repo;
	if (!w->own_wanted) {
		w->repo = vigie_snapshot_git(w->ctx->snap);
	} else if (vigie_git2_load(NULL) == 0 &&
		   git_repository_open_bare(&w->own,
					    vigie_snapshot_gitdir(w->ctx->snap)) == 0) {
		w->repo = w->own;
	} else {
		w->own = NULL;
	}
	w->git_failed = !w->repo;
	return w->repo;
}

git_odb *hist_odb(struct walk *w)
{
	git_repository *repo;

	if (w->odb || w->git_failed)
		return w->odb;
	if (!(repo = hist_git(w)) || git_repository_odb(&w->odb, repo) < 0) {
		w->odb = NULL;
		w->git_failed = true;
	}
	return w->odb;
}

/*
 * Is the repository a shallow clone, as libgit2's git_repository_is_shallow
 * says it (a "shallow" file that is not empty; unsure counts as shallow)?
 */
static bool shallow(const char *gitdir)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	struct stat st;
	int rc;

	if (vigie_buf_printf(&p, "%sshallow", gitdir) < 0)
		return true;
	rc = lstat(p.ptr, &st);
	vigie_buf_release(&p);
	if (rc < 0)
		return errno != ENOENT;
	return st.st_size > 0;
}

/*
 * The .mailmap of the pinned tree, if any.  One that cannot be read (over
 * MAILMAP_MAX, a link out of the tree) or parsed is reported in the
 * problems: authors would be counted once per address, not per person.
 */
static void load_mailmap(struct walk *w)
{
	bool known;
	/* (the tree may be being indexed: the root's entry, known before) */
	const struct vigie_entry *e =
		vigie_snapshot_early_mailmap(w->ctx->snap, &known);
	struct vigie_buf text = VIGIE_BUF_INIT;
	struct vigie_error rerr;

	vigie_error_clear(&rerr);
	if (!e)
		return;
	if (vigie_snapshot_read(&text, w->ctx->snap, e, MAILMAP_MAX, NULL,
				&rerr) < 0) {
		vigie_facts_problem(w->ctx, "history", rerr.code, ".mailmap",
				    N_("the .mailmap is not used: %s"),
				    rerr.message);
	} else if (vigie_mailmap_parse(&w->mailmap, text.ptr, text.len) < 0) {
		vigie_facts_problem(w->ctx, "history", VIGIE_EINVALID,
				    ".mailmap", N_("the .mailmap is not used: "
						   "it cannot be parsed"));
	}
	vigie_buf_release(&text);
}

/*
 * One history collection: prepared on the calling thread (the anchor, the
 * .mailmap, which may add problems), walked on this thread or another.
 */
struct vigie_history_job {
	struct walk w;
	bool began;            /* prepared past its first check */
	json_t *out;
	int rc;
	struct vigie_error err;
	double ms;             /* time spent walking */
	pthread_t thread;
	bool threaded;
	bool nomem;            /* the walk's thread was marked out of memory */
};

static int prepare(struct vigie_history_job *j,
		   const struct vigie_collect_ctx *ctx, bool own,
		   struct vigie_error *err)
{
	struct walk *w = &j->w;
	int64_t window = (int64_t)ctx->opts->window_days * DAY;
	bool skewed;

	w->ctx = ctx;
	if (ctx->opts->window_days < 1)
		return vigie_error_set(err, VIGIE_EINVALID, "",
				       "the history window must be at least a day");
	/*
	 * A walk beside the other collectors reads through a repository
	 * handle of its own, if it needs libgit2 (its objects are not to be
	 * used by two threads at once); a repository in memory has no path
	 * to open again: the caller collects in sequence.
	 */
	if (own && !vigie_source_commondir(vigie_snapshot_source(ctx->snap)))
		return vigie_error_set(err, VIGIE_EGENERIC, "",
				       "cannot open the repository again");
	j->began = true;
	w->own_wanted = own;
	w->t0 = vigie_collect_anchor(ctx->opts, ctx->snap, &skewed);
	w->start = vigie_snapshot_oid(ctx->snap);
	if (skewed && ctx->opts->as_of != VIGIE_AS_OF_DATE)
		vigie_facts_problem(ctx, "history", VIGIE_EINVALID,
				    vigie_snapshot_commit(ctx->snap),
				    N_("the audited commit is dated after the "
				       "present (clock skew): ages are counted "
				       "from now"));
	w->edge = w->t0 - window;
	w->lookback_days = ctx->opts->lookback_days < 0 ? ctx->opts->window_days
							: ctx->opts->lookback_days;
	w->floor = w->edge - (int64_t)w->lookback_days * DAY;
	w->active_edge = w->t0 - (int64_t)ACTIVE_DAYS * DAY;
	w->loose = vigie_snapshot_loose(ctx->snap);
	/* the snapshot's mapped packs, not a second mapping of them */
	if (vigie_packs_share(&w->packs, vigie_snapshot_packs(ctx->snap)) < 0)
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	if (ctx->opts->commit_cache)
		w->kept = vigie_kept_open(ctx->opts->cache_dir,
					  VIGIE_COMMIT_KEPT,
					  vigie_snapshot_gitdir(ctx->snap),
					  VIGIE_COMMIT_CACHE_VERSION);
	/* (a shallow clone's parents past its boundary are not there: the
	 * walk must end there, as it did when they were read) */
	w->complete = !shallow(vigie_snapshot_gitdir(ctx->snap));
	load_mailmap(w);
	return 0;
}

/* The walk and the facts: touches nothing the other collectors use. */
static void run(struct vigie_history_job *j)
{
	struct walk *w = &j->w;
	double t0 = vigie_clock_ms();
	int rc;

	/* libpsl, opened here rather than before main (identity.c) */
	rc = vigie_identity_load(&j->err);
	if (rc == 0)
		rc = hist_walk_history(w, w->start, &j->err);
	if (rc == 0 && w->have_cut && w->cut >= w->edge)
		/*
		 * A shallow clone cut inside the window (CI's depth 1): its
		 * figures would be made up ("1 author").  Unknown instead.
		 */
		rc = vigie_error_set(&j->err, VIGIE_ENOTFOUND, "",
				     N_("history is shallow; fetch with "
					"--unshallow or set fetch-depth: 0"));
	if (rc == 0) {
		j->out = facts(w);
		/* the releases' walk may run out too */
		if (!j->out || w->oom)
			rc = vigie_error_set(&j->err, VIGIE_ENOMEM, "",
					     "out of memory");
	}
	j->rc = rc;
	/* what a walk that ended well read is kept, on the walk's thread */
	vigie_kept_close(w->kept, rc == 0 && !w->oom);
	w->kept = NULL;
	/* the mark is the thread's: the caller's thread gets it back */
	j->nomem = vigie_nomem_take();
	j->ms = vigie_clock_ms() - t0;
}

static void *run_thread(void *arg)
{
	run(arg);
	return NULL;
}

static void job_free(struct vigie_history_job *j)
{
	vigie_kept_close(j->w.kept, false);
	walk_release(&j->w);
	json_decref(j->out);
	free(j);
}

int vigie_history_start(struct vigie_history_job **out,
			const struct vigie_collect_ctx *ctx,
			struct vigie_error *err)
{
	struct vigie_history_job *j = calloc(1, sizeof(*j));
	int rc;

	*out = NULL;
	if (!j)
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	vigie_error_clear(&j->err);
	rc = prepare(j, ctx, true, &j->err);
	if (rc < 0 && !j->began) {
		/* nothing done yet: the caller collects in sequence */
		*err = j->err;
		job_free(j);
		return rc;
	}
	if (rc < 0)
		j->rc = rc; /* the collection's own failure, as in sequence */
	else if (pthread_create(&j->thread, NULL, run_thread, j) == 0)
		j->threaded = true;
	else
		run(j);
	*out = j;
	return 0;
}

void vigie_history_start_early(struct vigie_history_job **out,
			       const struct vigie_collect_ctx *ctx)
{
	struct vigie_error err;
	bool known;

	*out = NULL;
	vigie_snapshot_early_mailmap(ctx->snap, &known);
	vigie_error_clear(&err);
	if (known && vigie_history_start(out, ctx, &err) < 0)
		*out = NULL;
}

int vigie_history_finish(struct vigie_history_job *j, json_t **out,
			 double *ms, struct vigie_error *err)
{
	int rc;

	*out = NULL;
	if (j->threaded)
		pthread_join(j->thread, NULL);
	if (j->nomem)
		vigie_nomem_mark();
	*ms = j->ms;
	rc = j->rc;
	if (rc < 0 && err)
		*err = j->err;
	*out = j->out;
	j->out = NULL;
	job_free(j);
	return rc;
}

void vigie_history_abandon(struct vigie_history_job *j)
{
	json_t *branch = NULL;
	double ms;

	if (!j)
		return;
	vigie_history_finish(j, &branch, &ms, NULL);
	json_decref(branch);
}

int vigie_history_collect(json_t **out, const struct vigie_collect_ctx *ctx,
			  struct vigie_error *err)
{
	struct vigie_history_job *j = calloc(1, sizeof(*j));
	double ms;
	int rc;

	*out = NULL;
	if (!j)
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	vigie_error_clear(&j->err);
	rc = prepare(j, ctx, false, err);
	if (rc < 0) {
		job_free(j);
		return rc;
	}
	run(j);
	return vigie_history_finish(j, out, &ms, err);
}
