/* SPDX-License-Identifier: EUPL-1.2 */
/* Open a local repository, or clone or fetch a remote one into the cache. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "vigie/i18n.h"
#include "vigie/buf.h"
#include "vigie/source.h"
#include "internal.h"
#include "fs.h"
#include "banned.h"

struct vigie_source {
	git_repository *repo;
	bool borrowed; /* repo belongs to the caller (vigie_source_wrap) */
	const struct vigie_target *target;
	char *gitdir;
	char *origin;
	enum vigie_source_action action;
};

static const char *const action_names[VIGIE_SOURCE_ACTION_COUNT] = {
	"opened", "cloned", "fetched", "cached",
};

const char *vigie_source_action_name(enum vigie_source_action a)
{
	return a < VIGIE_SOURCE_ACTION_COUNT ? action_names[a] : "?";
}

/* Copy libgit2's last message into err, with any credentials removed. */
static int git_fail(struct vigie_error *err, int code,
		    const struct vigie_target *t, const char *what)
{
	const git_error *ge = git_error_last();
	const char *msg = ge && ge->message ? ge->message : "unknown error";
	char *clean = vigie_scrub_credentials(msg, t ? t->url : NULL,
					      t ? t->display : NULL);

	vigie_error_set(err, code, t ? t->display : "", "%s: %s", what,
			clean ? clean : "unknown error");
	free(clean);
	return code;
}

void vigie_source_free(struct vigie_source *src)
{
	if (!src)
		return;
	if (!src->borrowed)
		git_repository_free(src->repo);
	free(src->gitdir);
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
	return src->repo;
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
	rc = git_repository_open_ext(&src->repo, t->display, 0, NULL);
	if (rc == GIT_ENOTFOUND)
		return vigie_error_set(err, VIGIE_EINVALID, t->display,
				       N_("not a git repository"));
	if (rc < 0)
		return git_fail(err, VIGIE_EINVALID, t,
				"cannot open repository");
	src->action = VIGIE_SOURCE_OPENED;
	return 0;
}

struct transfer {
	struct timespec deadline;
	bool limited;
};

static bool past(const struct transfer *tr)
{
	struct timespec now;

	if (!tr->limited)
		return false;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > tr->deadline.tv_sec ||
	       (now.tv_sec == tr->deadline.tv_sec &&
		now.tv_nsec > tr->deadline.tv_nsec);
}

static int on_progress(const git_indexer_progress *stats, void *payload)
{
	(void)stats;
	if (past(payload)) {
		git_error_set_str(GIT_ERROR_NET, "time limit reached");
		return -1;
	}
	return 0;
}

static int on_sideband(const char *str, int len, void *payload)
{
	(void)str;
	(void)len;
	return past(payload) ? -1 : 0;
}

static int classify(void)
{
	const git_error *ge = git_error_last();
	const char *m = ge && ge->message ? ge->message : "";

	if (strstr(m, "404") || strstr(m, "not found") ||
	    strstr(m, "not exported") || strstr(m, "does not exist") ||
	    strstr(m, "not appear to be a git repository") ||
	    strstr(m, "failed to resolve path"))
		return VIGIE_ENOTFOUND;
	return VIGIE_ENET;
}

/*
 * Fetch every branch and tag of url into repo as a mirror, and point HEAD at
 * the remote's default branch.  The URL (which may hold a token) is used
 * through an anonymous remote, so it is never written to the cache's config.
 */
static int mirror_fetch(git_repository *repo, const struct vigie_target *t,
			long timeout_ms, struct vigie_error *err)
{
	static char refspec_heads[] = "+refs/heads/*:refs/heads/*";
	static char refspec_tags[] = "+refs/tags/*:refs/tags/*";
	char *specs[] = { refspec_heads, refspec_tags };
	git_strarray refspecs = { specs, 2 };
	git_fetch_options fo = GIT_FETCH_OPTIONS_INIT;
	git_remote *remote = NULL;
	git_buf head = { 0 };
	struct transfer tr = { { 0, 0 }, false };
	int rc;

	if (timeout_ms > 0) {
		clock_gettime(CLOCK_MONOTONIC, &tr.deadline);
		tr.deadline.tv_sec += timeout_ms / 1000;
		tr.deadline.tv_nsec += (timeout_ms % 1000) * 1000000L;
		if (tr.deadline.tv_nsec >= 1000000000L) {
			tr.deadline.tv_sec++;
			tr.deadline.tv_nsec -= 1000000000L;
		}
		tr.limited = true;
	}
	fo.callbacks.transfer_progress = on_progress;
	fo.callbacks.sideband_progress = on_sideband;
	fo.callbacks.payload = &tr;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
	fo.prune = GIT_FETCH_PRUNE;
	fo.update_fetchhead = 0;

	if (git_remote_create_anonymous(&remote, repo, t->url) < 0) {
		rc = git_fail(err, VIGIE_EINVALID, t, "cannot use URL");
		goto out;
	}
	if (git_remote_connect(remote, GIT_DIRECTION_FETCH, &fo.callbacks,
			       &fo.proxy_opts, NULL) < 0) {
		rc = classify();
		git_fail(err, rc, t, "cannot reach repository");
		goto out;
	}
	if (git_remote_default_branch(&head, remote) < 0)
		git_error_clear(); /* an empty remote: no HEAD to follow */
	if (git_remote_download(remote, &refspecs, &fo) < 0 ||
	    git_remote_update_tips(remote, &fo.callbacks, 0,
				   GIT_REMOTE_DOWNLOAD_TAGS_ALL,
				   "vigie: fetch") < 0) {
		rc = classify();
		git_fail(err, rc, t, "cannot fetch repository");
		goto out;
	}
	git_remote_disconnect(remote);
	if (head.ptr && !strncmp(head.ptr, "refs/heads/", 11) &&
	    git_repository_set_head(repo, head.ptr) < 0) {
		rc = git_fail(err, VIGIE_EGENERIC, t, "cannot set HEAD");
		goto out;
	}
	rc = 0;
out:
	git_buf_dispose(&head);
	git_remote_free(remote);
	return rc;
}

static int open_remote(struct vigie_source *src, const struct vigie_target *t,
		       const struct vigie_source_opts *opts,
		       struct vigie_error *err)
{
	struct vigie_buf path = VIGIE_BUF_INIT, tmp = VIGIE_BUF_INIT;
	git_repository_init_options io = GIT_REPOSITORY_INIT_OPTIONS_INIT;
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	char *root = NULL, *rel = NULL;
	int rc;

	root = opts && opts->cache_dir ? strdup(opts->cache_dir)
				       : vigie_source_default_cache();
	rel = vigie_target_cache_path(t);
	if (!root || !rel) {
		rc = vigie_error_set(err, VIGIE_EGENERIC, t->display,
				     N_("no cache directory: set XDG_CACHE_HOME "
				     "or HOME, or pass --cache-dir"));
		goto out;
	}
	if (vigie_buf_printf(&path, "%s/%s", root, rel) < 0) {
		rc = vigie_error_set(err, VIGIE_EGENERIC, "", N_("out of memory"));
		goto out;
	}

	if (git_repository_open_bare(&src->repo, path.ptr) == 0) {
		if (opts && opts->offline) {
			src->action = VIGIE_SOURCE_CACHED;
		} else {
			rc = mirror_fetch(src->repo, t, opts ? opts->timeout_ms : 0,
					  err);
			if (rc < 0)
				goto out;
			src->action = VIGIE_SOURCE_FETCHED;
		}
		src->gitdir = vigie_buf_detach(&path, NULL);
		rc = 0;
		goto out;
	}
	git_error_clear();
	if (opts && opts->offline) {
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
		goto out;
	}
	if (vigie_buf_printf(&tmp, "%s.tmp-%ld", path.ptr, (long)getpid()) < 0) {
		rc = vigie_error_set(err, VIGIE_EGENERIC, "", N_("out of memory"));
		goto out;
	}
	vigie_remove_tree(tmp.ptr);
	io.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH |
		   GIT_REPOSITORY_INIT_NO_REINIT;
	if (git_repository_init_ext(&repo, tmp.ptr, &io) < 0) {
		rc = git_fail(err, VIGIE_EGENERIC, t, "cannot create clone");
		goto out;
	}
	if (git_repository_config(&cfg, repo) == 0) {
		/* For people who look in the cache; fetches never read it. */
		git_config_set_string(cfg, "remote.origin.url", t->display);
		git_config_free(cfg);
	}
	rc = mirror_fetch(repo, t, opts ? opts->timeout_ms : 0, err);
	git_repository_free(repo);
	repo = NULL;
	if (rc < 0) {
		vigie_remove_tree(tmp.ptr);
		goto out;
	}
	if (rename(tmp.ptr, path.ptr) != 0) {
		/* Another worker won the race: use its clone. */
		vigie_remove_tree(tmp.ptr);
	}
	if (git_repository_open_bare(&src->repo, path.ptr) < 0) {
		rc = git_fail(err, VIGIE_EGENERIC, t, "cannot open clone");
		goto out;
	}
	src->action = VIGIE_SOURCE_CLONED;
	src->gitdir = vigie_buf_detach(&path, NULL);
	rc = 0;
out:
	vigie_buf_release(&path);
	vigie_buf_release(&tmp);
	free(root);
	free(rel);
	return rc;
}

int vigie_source_open(struct vigie_source **out, const struct vigie_target *t,
		      const struct vigie_source_opts *opts,
		      struct vigie_error *err)
{
	struct vigie_source *src = calloc(1, sizeof(*src));
	int rc;

	*out = NULL;
	if (!src)
		return vigie_error_set(err, VIGIE_EGENERIC, "", N_("out of memory"));
	src->target = t;
	if (t->kind == VIGIE_TARGET_PATH)
		rc = open_local(src, t, err);
	else
		rc = open_remote(src, t, opts, err);
	if (rc < 0)
		goto fail;
	if (!src->gitdir) {
		src->gitdir = strdup(git_repository_path(src->repo));
		if (!src->gitdir) {
			rc = vigie_error_set(err, VIGIE_EGENERIC, "",
					     N_("out of memory"));
			goto fail;
		}
	}
	read_origin(src);
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
	src->repo = repo;
	src->borrowed = true;
	src->target = t;
	src->action = VIGIE_SOURCE_OPENED;
	src->gitdir = strdup(git_repository_path(repo) ? git_repository_path(repo)
						       : "(memory)");
	if (!src->gitdir) {
		free(src);
		return VIGIE_EGENERIC;
	}
	*out = src;
	return 0;
}
