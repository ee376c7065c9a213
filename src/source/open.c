/* SPDX-License-Identifier: EUPL-1.2 */
/* Open a local repository, or clone or fetch a remote one into the cache. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "git2_api.h"

#include "vigie/i18n.h"
#include "vigie/buf.h"
#include "vigie/source.h"
#include "internal.h"
#include "fs.h"
#include "banned.h"

struct vigie_source {
	git_repository *repo;
	bool borrowed; /* repo belongs to the caller (vigie_source_wrap) */
	/*
	 * Opened from git's files (local.c): libgit2 opens repo when a stage
	 * first asks for it (vigie_source_git), under repo_lock, or never.
	 */
	bool native;
	bool repo_failed;
	pthread_mutex_t repo_lock;
	const struct vigie_target *target;
	char *gitdir;
	char *commondir; /* where objects/ and refs/ are (a work tree's own) */
	char *origin;
	enum vigie_source_action action;
	int64_t fetched;               /* when the clone was last fetched */
	int lock_fd;                   /* the cache entry's, shared; or -1 */
	struct vigie_error stale_why;  /* why it was not, for STALE */
};

static const char *const action_names[VIGIE_SOURCE_ACTION_COUNT] = {
	"opened", "cloned", "fetched", "cached", "stale",
};

const char *vigie_source_action_name(enum vigie_source_action a)
{
	return a < VIGIE_SOURCE_ACTION_COUNT ? action_names[a] : "?";
}

void vigie_source_free(struct vigie_source *src)
{
	if (!src)
		return;
	if (!src->borrowed && src->repo)
		git_repository_free(src->repo);
	pthread_mutex_destroy(&src->repo_lock);
	vigie_source_unlock(src->lock_fd, src->gitdir, false);
	free(src->gitdir);
	free(src->commondir);
	free(src->origin);
	free(src);
}

const char *vigie_source_gitdir(const struct vigie_source *src)
{
	return src->gitdir;
}

enum vigie_source_action vigie_source_action(const struct vigie_source *src)
{
	return src->action;
}

int64_t vigie_source_fetched(const struct vigie_source *src)
{
	return src->fetched;
}

const struct vigie_error *vigie_source_stale_reason(
	const struct vigie_source *src)
{
	return src->action == VIGIE_SOURCE_STALE ? &src->stale_why : NULL;
}

const struct vigie_target *vigie_source_target(const struct vigie_source *src)
{
	return src->target;
}

const char *vigie_source_origin(const struct vigie_source *src)
{
	return src->origin;
}

git_repository *vigie_source_git(const struct vigie_source *src)
{
	/* opened once, on demand: the source is shared by the stages'
	 * threads, and what it holds does not change (hence the cast) */
	struct vigie_source *s = (struct vigie_source *)src;
	git_repository *repo;

	if (!s->native)
		return s->repo;
	pthread_mutex_lock(&s->repo_lock);
	if (!s->repo && !s->repo_failed) {
		/* the git directory read, not a search from the path again */
		if (vigie_git2_load(NULL) < 0 ||
		    git_repository_open_bare(&s->repo, s->gitdir) < 0) {
			s->repo = NULL;
			s->repo_failed = true;
		}
	}
	repo = s->repo;
	pthread_mutex_unlock(&s->repo_lock);
	return repo;
}

const char *vigie_source_commondir(const struct vigie_source *src)
{
	return src->commondir;
}

char *vigie_source_default_cache(void)
{
	char *base = vigie_cache_root();
	struct vigie_buf b = VIGIE_BUF_INIT;

	if (!base)
		return NULL;
	if (vigie_buf_printf(&b, "%s/repos", base) < 0) {
		free(base);
		return NULL;
	}
	free(base);
	return vigie_buf_detach(&b, NULL);
}

static void read_origin(struct vigie_source *src)
{
	git_remote *remote = NULL;

	if (git_remote_lookup(&remote, src->repo, "origin") == 0 &&
	    git_remote_url(remote))
		src->origin = vigie_url_redact(git_remote_url(remote));
	git_remote_free(remote);
}

static int open_local(struct vigie_source *src, const struct vigie_target *t,
		      struct vigie_error *err)
{
	struct stat st;
	int rc;

	if (stat(t->display, &st) != 0)
		return vigie_error_set(err, VIGIE_ENOTFOUND, t->display,
				       N_("cannot open repository: %s"),
				       strerror(errno));
	rc = vigie_source_local(t->display, &src->gitdir, &src->origin);
	if (rc < 0)
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	if (rc == 1) {
		src->native = true;
		src->action = VIGIE_SOURCE_OPENED;
		return 0;
	}
	if (vigie_git2_load(err) < 0)
		return VIGIE_EGENERIC;
	rc = git_repository_open_ext(&src->repo, t->display, 0, NULL);
	if (rc == GIT_ENOTFOUND)
		return vigie_error_set(err, VIGIE_EINVALID, t->display,
				       N_("not a git repository"));
	if (rc < 0)
		return vigie_git_fail(err, VIGIE_EINVALID, t,
				      "cannot open repository");
	src->action = VIGIE_SOURCE_OPENED;
	return 0;
}

/*
 * Is the clone at gitdir the one of t?  The cache path is a one-to-one
 * function of the repository, but a clone made by an older vigie, or put
 * there by hand, may be another's: its origin says.
 */
static int check_origin(git_repository *repo, const struct vigie_target *t,
			bool *same, struct vigie_error *err)
{
	git_config *cfg = NULL;
	git_buf url = { 0 };
	struct vigie_target o;
	char *mine = NULL, *theirs = NULL;
	int rc = 0;

	*same = false;
	memset(&o, 0, sizeof(o));
	if (git_repository_config_snapshot(&cfg, repo) < 0 ||
	    git_config_get_string_buf(&url, cfg, "remote.origin.url") < 0) {
		git_error_clear();
		rc = vigie_error_set(err, VIGIE_EINVALID, t->display,
				     N_("the cached clone does not say which "
				     "repository it is"));
		goto out;
	}
	mine = vigie_target_cache_path(t);
	if (vigie_target_parse(&o, url.ptr, NULL) == 0)
		theirs = vigie_target_cache_path(&o);
	*same = mine && theirs && !strcmp(mine, theirs);
	if (!*same) {
		char *shown = vigie_url_redact(url.ptr);
		rc = vigie_error_set(err, VIGIE_EINVALID, t->display,
				     N_("the cached clone belongs to another "
				     "repository (%s)"),
				     shown ? shown : "?");
		free(shown);
	}
out:
	free(mine);
	free(theirs);
	vigie_target_release(&o);
	git_buf_dispose(&url);
	git_config_free(cfg);
	return rc;
}

static void set_origin(const char *gitdir, const struct vigie_target *t)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;

	/* For people who look in the cache; fetches never read it. */
	if (git_repository_open_bare(&repo, gitdir) == 0 &&
	    git_repository_config(&cfg, repo) == 0)
		git_config_set_string(cfg, "remote.origin.url", t->display);
	git_error_clear();
	git_config_free(cfg);
	git_repository_free(repo);
}

/*
 * A fetch that failed for the network's sake (no answer, no such host, a
 * refused connection, TLS, the time limit) leaves a clone worth auditing;
 * a missing repository or the size limit does not.
 */
static bool transient(const struct vigie_error *e)
{
	return e->code == VIGIE_ENET ||
	       (e->code == VIGIE_ELIMIT && !strncmp(e->message, "time limit", 10));
}

/* Fetch into the cached clone at path; src->repo is opened afresh. */
static int update_cached(struct vigie_source *src, const char *path,
			 const struct vigie_target *t,
			 const struct vigie_source_opts *opts,
			 struct vigie_error *err)
{
	struct vigie_error why, fetch_err;
	bool same;
	int rc;

	check_origin(src->repo, t, &same, &why);
	if (opts->offline) {
		if (!same) {
			if (err)
				*err = why;
			return why.code;
		}
		src->action = VIGIE_SOURCE_CACHED;
		src->fetched = vigie_source_fetched_at(path);
		return 0;
	}
	git_repository_free(src->repo);
	src->repo = NULL;
	/*
	 * libgit2 holds a ref lock for an instant: one ten minutes old, or a
	 * pack received a day ago, was left by a process killed mid-fetch.
	 */
	vigie_source_clean(path, 600, VIGIE_SOURCE_STALE_S);
	vigie_error_clear(&fetch_err);
	rc = vigie_source_fetch_into(path, t, opts, &fetch_err);
	if (rc < 0 && same && !opts->no_stale && transient(&fetch_err) &&
	    git_repository_open_bare(&src->repo, path) == 0) {
		/* The copy as it was: the caller says so, the audit goes on. */
		src->action = VIGIE_SOURCE_STALE;
		src->stale_why = fetch_err;
		src->fetched = vigie_source_fetched_at(path);
		return 0;
	}
	if (rc < 0) {
		git_error_clear();
		if (err)
			*err = fetch_err;
		return rc;
	}
	/* A mirror fetch made it this repository, whatever it was. */
	if (!same)
		set_origin(path, t);
	vigie_source_mark_fetched(path);
	if (git_repository_open_bare(&src->repo, path) < 0)
		return vigie_git_fail(err, VIGIE_EGENERIC, t,
				      "cannot open clone");
	src->action = VIGIE_SOURCE_FETCHED;
	src->fetched = vigie_source_fetched_at(path);
	return 0;
}

/* Take the entry's lock, or say why not. */
static int lock_entry(int *fd, const char *path, int how,
		      const struct vigie_target *t,
		      const struct vigie_source_opts *opts,
		      struct vigie_error *err)
{
	/* Another vigie cloning or fetching it: wait as long as we would. */
	*fd = vigie_source_lock(path, how,
				opts->timeout_ms > 0 ? opts->timeout_ms : -1);
	if (*fd >= 0)
		return 0;
	/* A cache only read (offline, on a read-only mount) needs no lock. */
	if (how == LOCK_SH && *fd == VIGIE_EGENERIC &&
	    (errno == EACCES || errno == EROFS || errno == EPERM)) {
		*fd = -1;
		return 0;
	}
	if (*fd == VIGIE_EBUSY)
		return vigie_error_set(err, VIGIE_EBUSY, t->display,
				       N_("the cached clone is busy: another "
				       "vigie is cloning or fetching it"));
	return vigie_error_set(err, VIGIE_EGENERIC, path,
			       N_("cannot lock the cached clone: %s"),
			       strerror(errno));
}

static int open_remote(struct vigie_source *src, const struct vigie_target *t,
		       const struct vigie_source_opts *opts,
		       struct vigie_error *err)
{
	static const struct vigie_source_opts defaults =
		VIGIE_SOURCE_OPTIONS_INIT;
	struct vigie_buf path = VIGIE_BUF_INIT, tmp = VIGIE_BUF_INIT;
	git_repository_init_options io = GIT_REPOSITORY_INIT_OPTIONS_INIT;
	git_repository *repo = NULL;
	struct stat st;
	char *slash;
	int rc, fd = -1;

	if (!opts)
		opts = &defaults;
	if (vigie_source_cache_paths(&path, &tmp, t, opts, (long)getpid()) < 0) {
		rc = vigie_error_set(err, VIGIE_EGENERIC, t->display,
				     N_("no cache directory: set XDG_CACHE_HOME "
				     "or HOME, or pass --cache-dir"));
		goto out;
	}
	/* Temporary clones that a killed process left beside this one. */
	slash = strrchr(path.ptr, '/');
	*slash = '\0';
	vigie_source_sweep_dir(path.ptr, 0, VIGIE_SOURCE_STALE_S);
	*slash = '/';

	/*
	 * Offline, the cache is only read: a clone that is not there is
	 * not locked (that would make its directories).  Otherwise the
	 * entry is ours alone while it is cloned or fetched.
	 */
	if (opts->offline && stat(path.ptr, &st) != 0) {
		rc = vigie_error_set(err, VIGIE_ENOTFOUND, t->display,
				     N_("not in the cache and --offline forbids "
				     "cloning"));
		goto out;
	}
	rc = lock_entry(&fd, path.ptr, opts->offline ? LOCK_SH : LOCK_EX, t,
			opts, err);
	if (rc < 0)
		goto out;

	if (git_repository_open_bare(&src->repo, path.ptr) == 0) {
		rc = update_cached(src, path.ptr, t, opts, err);
		if (rc == 0)
			goto opened;
		goto out;
	}
	git_error_clear();
	if (opts->offline) {
		rc = vigie_error_set(err, VIGIE_ENOTFOUND, t->display,
				     N_("not in the cache and --offline forbids "
				     "cloning"));
		goto out;
	}

	/* Clone into a private directory, then rename: never a half clone. */
	if (vigie_mkdirs_parent(path.ptr) < 0) {
		rc = vigie_error_set(err, VIGIE_EGENERIC, path.ptr,
				     N_("cannot create cache directory: %s"),
				     strerror(errno));
		goto fail;
	}
	vigie_remove_tree(tmp.ptr);
	io.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH |
		   GIT_REPOSITORY_INIT_NO_REINIT;
	if (git_repository_init_ext(&repo, tmp.ptr, &io) < 0) {
		rc = vigie_git_fail(err, VIGIE_EGENERIC, t,
				    "cannot create clone");
		goto fail;
	}
	git_repository_free(repo);
	set_origin(tmp.ptr, t);
	rc = vigie_source_fetch_into(tmp.ptr, t, opts, err);
	if (rc < 0)
		goto fail;
	vigie_source_mark_fetched(tmp.ptr);
	if (rename(tmp.ptr, path.ptr) != 0) {
		/* A vigie without the lock (an older one) won the race. */
		vigie_remove_tree(tmp.ptr);
	}
	if (git_repository_open_bare(&src->repo, path.ptr) < 0) {
		rc = vigie_git_fail(err, VIGIE_EGENERIC, t,
				    "cannot open clone");
		goto out;
	}
	src->action = VIGIE_SOURCE_CLONED;
	src->fetched = vigie_source_fetched_at(path.ptr);
opened:
	/* In use from now on: shared, so that others may fetch it after. */
	if (!opts->offline)
		flock(fd, LOCK_SH);
	src->lock_fd = fd;
	fd = -1;
	src->gitdir = vigie_buf_detach(&path, NULL);
	rc = 0;
	goto out;
fail:
	/* A failed clone leaves nothing, not even empty directories. */
	vigie_remove_tree(tmp.ptr);
	vigie_source_unlock(fd, path.ptr, true);
	fd = -1;
	vigie_source_prune(opts, tmp.ptr);
out:
	vigie_source_unlock(fd, path.ptr, false);
	vigie_buf_release(&path);
	vigie_buf_release(&tmp);
	return rc;
}

int vigie_source_open(struct vigie_source **out, const struct vigie_target *t,
		      const struct vigie_source_opts *opts,
		      struct vigie_error *err)
{
	struct vigie_source *src = calloc(1, sizeof(*src));
	int rc;

	*out = NULL;
	rc = vigie_source_opts_check(opts, err);
	if (rc < 0) {
		free(src);
		return rc;
	}
	if (!src)
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	pthread_mutex_init(&src->repo_lock, NULL);
	src->target = t;
	src->lock_fd = -1;
	if (t->kind == VIGIE_TARGET_PATH) {
		rc = open_local(src, t, err);
	} else if (vigie_git2_load(err) < 0) {
		rc = VIGIE_EGENERIC;
	} else {
		rc = open_remote(src, t, opts, err);
	}
	if (rc < 0)
		goto fail;
	if (!src->native) {
		if (!src->gitdir)
			src->gitdir = strdup(git_repository_path(src->repo));
		src->commondir = strdup(git_repository_commondir(src->repo));
		read_origin(src);
	} else {
		src->commondir = strdup(src->gitdir);
	}
	if (!src->gitdir || !src->commondir) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
		goto fail;
	}
	*out = src;
	return 0;
fail:
	vigie_source_free(src);
	return rc;
}

int vigie_source_wrap(struct vigie_source **out, git_repository *repo,
		      const struct vigie_target *t)
{
	struct vigie_source *src = calloc(1, sizeof(*src));

	*out = NULL;
	if (!src)
		return VIGIE_EGENERIC;
	/* the caller's libgit2: already loaded, found again by its soname */
	if (vigie_git2_load(NULL) < 0) {
		free(src);
		return VIGIE_EGENERIC;
	}
	pthread_mutex_init(&src->repo_lock, NULL);
	src->repo = repo;
	src->borrowed = true;
	src->lock_fd = -1;
	src->target = t;
	src->action = VIGIE_SOURCE_OPENED;
	src->gitdir = strdup(git_repository_path(repo) ? git_repository_path(repo)
						       : "(memory)");
	/* (a repository in memory has no directory) */
	src->commondir = git_repository_commondir(repo)
				 ? strdup(git_repository_commondir(repo))
				 : NULL;
	if (!src->gitdir ||
	    (git_repository_commondir(repo) && !src->commondir)) {
		vigie_source_free(src);
		return VIGIE_EGENERIC;
	}
	*out = src;
	return 0;
}
