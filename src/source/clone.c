/* SPDX-License-Identifier: EUPL-1.2 */
/* Fetch into a bare clone in a child process, killed at the time or size limit. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "git2_api.h"

#include "vigie/i18n.h"
#include "vigie/buf.h"
#include "vigie/source.h"
#include "internal.h"
#include "text.h"
#include "banned.h"

/* How often the parent measures what the child has written. */
#define TICK_MS 200

enum limit { LIMIT_NONE, LIMIT_TIME, LIMIT_SIZE };

struct transfer {
	double deadline; /* CLOCK_MONOTONIC milliseconds, 0: none */
	long long max_bytes;
	enum limit hit;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* "4 GiB", "512 MiB", or bytes: the limit as the user wrote it. */
static void size_text(char *out, size_t n, long long bytes)
{
	static const char *const units[] = { "TiB", "GiB", "MiB", "KiB" };
	long long scale = 1LL << 40;
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(units); i++, scale >>= 10)
		if (bytes >= scale && bytes % scale == 0) {
			snprintf(out, n, "%lld %s", bytes / scale, units[i]);
			return;
		}
	snprintf(out, n, "%lld B", bytes);
}

static int limit_error(struct vigie_error *err, enum limit hit,
		       const struct vigie_target *t,
		       const struct vigie_source_opts *opts)
{
	char size[32];

	if (hit == LIMIT_TIME && opts->timeout_ms % 1000)
		return vigie_error_set(err, VIGIE_ELIMIT, t->display,
				       N_("time limit of %ld ms reached"),
				       opts->timeout_ms);
	if (hit == LIMIT_TIME)
		return vigie_error_set(err, VIGIE_ELIMIT, t->display,
				       N_("time limit of %ld s reached"),
				       opts->timeout_ms / 1000);
	size_text(size, sizeof(size), opts->max_bytes);
	return vigie_error_set(err, VIGIE_ELIMIT, t->display,
			       N_("transfer larger than the limit of %s"), size);
}

/*
 * The callbacks stop a transfer that still talks, cleanly (in the child,
 * or in the calling thread without opts->isolate).  One that has gone
 * silent is the parent's to kill (with opts->isolate only).
 */
static bool over(struct transfer *tr, size_t received)
{
	if (tr->deadline > 0 && now_ms() > tr->deadline)
		tr->hit = LIMIT_TIME;
	else if (tr->max_bytes > 0 && (long long)received > tr->max_bytes)
		tr->hit = LIMIT_SIZE;
	return tr->hit != LIMIT_NONE;
}

static int on_progress(const git_indexer_progress *stats, void *payload)
{
	if (over(payload, stats->received_bytes)) {
		git_error_set_str(GIT_ERROR_NET, "limit reached");
		return -1;
	}
	return 0;
}

static int on_sideband(const char *str, int len, void *payload)
{
	(void)str;
	(void)len;
	return over(payload, 0) ? -1 : 0;
}

/*
 * Fetch every branch and tag of url into repo as a mirror, and point HEAD at
 * the remote's default branch.  The URL (which may hold a token) is used
 * through an anonymous remote, so it is never written to the cache's config.
 */
static int mirror_fetch(git_repository *repo, const struct vigie_target *t,
			const struct vigie_source_opts *opts,
			struct vigie_error *err)
{
	static char refspec_heads[] = "+refs/heads/*:refs/heads/*";
	static char refspec_tags[] = "+refs/tags/*:refs/tags/*";
	char *specs[] = { refspec_heads, refspec_tags };
	git_strarray refspecs = { specs, 2 };
	git_fetch_options fo = GIT_FETCH_OPTIONS_INIT;
	git_remote *remote = NULL;
	git_buf head = { 0 };
	struct transfer tr;
	int rc;

	tr.deadline = opts->timeout_ms > 0 ? now_ms() + (double)opts->timeout_ms
					   : 0;
	tr.max_bytes = opts->max_bytes;
	tr.hit = LIMIT_NONE;
	fo.callbacks.transfer_progress = on_progress;
	fo.callbacks.sideband_progress = on_sideband;
	fo.callbacks.payload = &tr;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
	fo.prune = GIT_FETCH_PRUNE;
	fo.update_fetchhead = 0;

	if (git_remote_create_anonymous(&remote, repo, t->url) < 0) {
		rc = vigie_git_fail(err, VIGIE_EINVALID, t, "cannot use URL");
		goto out;
	}
	if (git_remote_connect(remote, GIT_DIRECTION_FETCH, &fo.callbacks,
			       &fo.proxy_opts, NULL) < 0) {
		rc = tr.hit ? limit_error(err, tr.hit, t, opts)
			    : vigie_git_fail(err, vigie_git_reach_code(), t,
					     "cannot reach repository");
		goto out;
	}
	if (git_remote_default_branch(&head, remote) < 0)
		git_error_clear(); /* an empty remote: no HEAD to follow */
	if (git_remote_download(remote, &refspecs, &fo) < 0 ||
	    git_remote_update_tips(remote, &fo.callbacks, 0,
				   GIT_REMOTE_DOWNLOAD_TAGS_ALL,
				   "vigie: fetch") < 0) {
		rc = tr.hit ? limit_error(err, tr.hit, t, opts)
			    : vigie_git_fail(err, vigie_git_reach_code(), t,
					     "cannot fetch repository");
		goto out;
	}
	git_remote_disconnect(remote);
	if (head.ptr && !strncmp(head.ptr, "refs/heads/", 11) &&
	    git_repository_set_head(repo, head.ptr) < 0) {
		rc = vigie_git_fail(err, VIGIE_EGENERIC, t, "cannot set HEAD");
		goto out;
	}
	rc = 0;
out:
	git_buf_dispose(&head);
	git_remote_free(remote);
	return rc;
}

/* The child: fetch, send the outcome (a struct vigie_error), and go. */
static void child(const char *gitdir, const struct vigie_target *t,
		  const struct vigie_source_opts *opts,
		  const struct vigie_source_ca *ca, pid_t parent, int wfd)
{
	git_repository *repo = NULL;
	struct vigie_error err;
	const char *p = (const char *)&err;
	size_t off = 0;
	int rc;

	/* Die with the parent (a batch worker killed at its deadline). */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	memset(&err, 0, sizeof(err)); /* all of it goes down the pipe */
	if ((rc = vigie_source_ca_apply(ca, t, &err)) < 0)
		; /* err says which certificates */
	else if (git_repository_open_bare(&repo, gitdir) < 0)
		rc = vigie_git_fail(&err, VIGIE_EGENERIC, t,
				    "cannot open clone");
	else
		rc = mirror_fetch(repo, t, opts, &err);
	git_repository_free(repo);
	if (rc < 0 && !err.code)
		err.code = rc;
	while (off < sizeof(err)) {
		ssize_t n = write(wfd, p + off, sizeof(err) - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(1);
		off += (size_t)n;
	}
	_exit(rc < 0 ? 1 : 0);
}

/* The bytes of the packs in gitdir: what a transfer has written so far. */
static long long pack_bytes(const char *gitdir)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	long long total = 0;
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (vigie_buf_printf(&p, "%s/objects/pack", gitdir) < 0)
		return 0;
	d = opendir(p.ptr);
	vigie_buf_release(&p);
	if (!d)
		return 0;
	while ((de = readdir(d)))
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode))
			total += (long long)st.st_size;
	closedir(d);
	return total;
}

/* nftw has no payload: the cut-off of the walk in progress. */
static time_t lock_before;

static int unlink_lock(const char *path, const struct stat *st, int flag,
		       struct FTW *ftw)
{
	size_t n = strlen(path);

	(void)ftw;
	if (flag == FTW_F && n > 5 && !strcmp(path + n - 5, ".lock") &&
	    st->st_mtime <= lock_before)
		unlink(path);
	return 0;
}

void vigie_source_clean(const char *gitdir, long lock_age_s, long pack_age_s)
{
	static const char *const locks[] = {
		"HEAD.lock", "config.lock", "packed-refs.lock",
	};
	struct vigie_buf p = VIGIE_BUF_INIT;
	time_t now = time(NULL);
	struct dirent *de;
	struct stat st;
	size_t i;
	DIR *d;

	lock_before = now - lock_age_s;
	for (i = 0; i < VIGIE_ARRAY_SIZE(locks); i++) {
		vigie_buf_clear(&p);
		if (vigie_buf_printf(&p, "%s/%s", gitdir, locks[i]) == 0 &&
		    lstat(p.ptr, &st) == 0 && st.st_mtime <= lock_before)
			unlink(p.ptr);
	}
	vigie_buf_clear(&p);
	if (vigie_buf_printf(&p, "%s/refs", gitdir) == 0)
		nftw(p.ptr, unlink_lock, 16, FTW_PHYS);
	vigie_buf_clear(&p);
	if (vigie_buf_printf(&p, "%s/objects/pack", gitdir) == 0 &&
	    (d = opendir(p.ptr))) {
		/* libgit2 names the pack it is receiving pack_git2_XXXXXX. */
		while ((de = readdir(d)))
			if (strstr(de->d_name, "_git2_") &&
			    fstatat(dirfd(d), de->d_name, &st,
				    AT_SYMLINK_NOFOLLOW) == 0 &&
			    st.st_mtime <= now - pack_age_s)
				unlinkat(dirfd(d), de->d_name, 0);
		closedir(d);
	}
	vigie_buf_release(&p);
}

int vigie_source_fetch_into(const char *gitdir, const struct vigie_target *t,
			    const struct vigie_source_opts *opts,
			    struct vigie_error *err)
{
	struct vigie_error got;
	struct vigie_source_ca ca;
	char *p = (char *)&got;
	size_t have = 0;
	double deadline = opts->timeout_ms > 0 ? now_ms() + (double)opts->timeout_ms
					       : 0;
	long long base = opts->max_bytes > 0 ? pack_bytes(gitdir) : 0;
	enum limit hit = LIMIT_NONE;
	pid_t parent = getpid(), pid;
	int fds[2], status = 0, rc;

	if (vigie_git2_load(err) < 0)
		return VIGIE_EGENERIC;
	/* Which CA certificates: told here, once, before any transfer. */
	memset(&ca, 0, sizeof(ca));
	if (vigie_source_ca_wanted(t) &&
	    (rc = vigie_source_ca_resolve(&ca, opts->ca_file, opts->ca_path,
					  err)) < 0)
		return rc;
	if (!opts->isolate) {
		/* here: the callbacks check the limits as data arrives */
		git_repository *repo = NULL;
		rc = vigie_source_ca_apply(&ca, t, err);
		vigie_source_ca_release(&ca);
		if (rc == 0 && git_repository_open_bare(&repo, gitdir) < 0)
			rc = vigie_git_fail(err, VIGIE_EGENERIC, t,
					    "cannot open clone");
		else if (rc == 0)
			rc = mirror_fetch(repo, t, opts, err);
		git_repository_free(repo);
		if (rc < 0)
			vigie_source_clean(gitdir, 0, 0);
		return rc;
	}
	if (pipe2(fds, O_CLOEXEC) < 0) {
		vigie_source_ca_release(&ca);
		return vigie_error_set(err, VIGIE_EGENERIC, t->display,
				       N_("cannot make a pipe: %s"), strerror(errno));
	}
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		vigie_source_ca_release(&ca);
		return vigie_error_set(err, VIGIE_EGENERIC, t->display,
				       N_("cannot start the transfer: %s"),
				       strerror(errno));
	}
	if (pid == 0) {
		close(fds[0]);
		child(gitdir, t, opts, &ca, parent, fds[1]);
	}
	vigie_source_ca_release(&ca);
	close(fds[1]);
	/*
	 * Whatever the transport does (a server that accepts and never
	 * answers sends no callback to check a deadline in), the child is
	 * killed at the deadline, or when its packs pass the size limit.
	 */
	for (;;) {
		struct pollfd pf = { fds[0], POLLIN, 0 };
		double now = now_ms(), wait = TICK_MS;
		ssize_t n;

		if (deadline > 0 && now >= deadline) {
			hit = LIMIT_TIME;
			break;
		}
		if (deadline > 0 && deadline - now < wait)
			wait = deadline - now;
		if (poll(&pf, 1, (int)wait + 1) < 0 && errno != EINTR) {
			kill(pid, SIGKILL); /* never wait for it blind */
			break;
		}
		if (pf.revents) {
			char junk[256];
			n = have < sizeof(got) ? read(fds[0], p + have, sizeof(got) - have)
					       : read(fds[0], junk, sizeof(junk));
			if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
				break;
			if (n > 0 && have < sizeof(got))
				have += (size_t)n;
		}
		if (opts->max_bytes > 0 &&
		    pack_bytes(gitdir) - base > opts->max_bytes) {
			hit = LIMIT_SIZE;
			break;
		}
	}
	close(fds[0]);
	if (hit)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (hit) {
		vigie_source_clean(gitdir, 0, 0);
		return limit_error(err, hit, t, opts);
	}
	if (have == sizeof(got) && got.code < 0) {
		if (err)
			*err = got;
		return got.code;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && have == sizeof(got))
		return 0;
	vigie_source_clean(gitdir, 0, 0);
	if (WIFSIGNALED(status))
		return vigie_error_set(err, VIGIE_EGENERIC, t->display,
				       N_("the transfer crashed (signal %d)"),
				       WTERMSIG(status));
	return vigie_error_set(err, VIGIE_EGENERIC, t->display,
			       N_("the transfer failed (status %d)"),
			       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}
