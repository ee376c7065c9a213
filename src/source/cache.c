/* SPDX-License-Identifier: EUPL-1.2 */
/* The clone cache: where a remote lives, its temporary clones, and their sweep. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vigie/buf.h"
#include "vigie/source.h"
#include "internal.h"
#include "fs.h"
#include "banned.h"

/* Directories deeper than this are not searched for temporary clones. */
#define SWEEP_DEPTH 16

void vigie_source_mark_fetched(const char *gitdir)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	int fd;

	if (vigie_buf_printf(&p, "%s/" VIGIE_SOURCE_FETCHED_MARK, gitdir) == 0) {
		fd = open(p.ptr, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
			  0644);
		if (fd >= 0) {
			futimens(fd, NULL); /* now, also when it was there */
			close(fd);
		}
	}
	vigie_buf_release(&p);
}

int64_t vigie_source_fetched_at(const char *gitdir)
{
	static const char *const names[] = {
		VIGIE_SOURCE_FETCHED_MARK, "packed-refs", "refs/heads", "HEAD",
	};
	struct vigie_buf p = VIGIE_BUF_INIT;
	struct stat st;
	size_t i;
	int64_t t = 0;

	for (i = 0; i < VIGIE_ARRAY_SIZE(names) && !t; i++) {
		vigie_buf_clear(&p);
		if (vigie_buf_printf(&p, "%s/%s", gitdir, names[i]) == 0 &&
		    lstat(p.ptr, &st) == 0)
			t = (int64_t)st.st_mtime;
	}
	vigie_buf_release(&p);
	return t;
}

int vigie_source_opts_check(const struct vigie_source_opts *opts,
			    struct vigie_error *err)
{
	if (opts && opts->version != VIGIE_SOURCE_OPTIONS_VERSION)
		return vigie_error_set(err, VIGIE_EINVALID, NULL,
				       N_("%s version %u is unknown to this libvigie (it knows %u)"),
				       "struct vigie_source_opts", opts->version,
				       VIGIE_SOURCE_OPTIONS_VERSION);
	return 0;
}

char *vigie_source_cache_root(const struct vigie_source_opts *opts)
{
	struct vigie_buf b = VIGIE_BUF_INIT;

	if (!opts || !opts->cache_dir)
		return vigie_source_default_cache();
	/* One layout whatever the root: ROOT/repos beside ROOT/http. */
	if (vigie_buf_printf(&b, "%s/repos", opts->cache_dir) < 0) {
		vigie_buf_release(&b);
		return NULL;
	}
	return vigie_buf_detach(&b, NULL);
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

int vigie_source_lock(const char *entry, int how, long wait_ms)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	struct stat held, named;
	long waited = 0;
	int fd = -1, tries;

	if (vigie_buf_printf(&p, "%s~lock", entry) < 0) {
		errno = ENOMEM;
		return VIGIE_EGENERIC;
	}
	for (tries = 0; tries < 1000; tries++) {
		fd = open(p.ptr, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
		/*
		 * A gc or a failed clone pruned the directory, or prunes it
		 * while it is made again (a killed worker's cleanup empties
		 * the owner's directory as another worker's clone of a
		 * sibling makes it): make it and try again.
		 */
		if (fd < 0 && errno == ENOENT &&
		    (vigie_mkdirs_parent(p.ptr) == 0 || errno == ENOENT))
			continue;
		if (fd < 0)
			break;
		while (flock(fd, how | LOCK_NB) < 0) {
			if (errno != EWOULDBLOCK && errno != EINTR)
				goto fail;
			if (wait_ms >= 0 && waited >= wait_ms) {
				close(fd);
				vigie_buf_release(&p);
				return VIGIE_EBUSY;
			}
			pause_ms(50);
			waited += 50;
		}
		/*
		 * The holder before us may have removed the file (the entry
		 * went): a lock on that file locks nothing any more.
		 */
		if (fstat(fd, &held) == 0 && stat(p.ptr, &named) == 0 &&
		    held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
			vigie_buf_release(&p);
			return fd;
		}
		close(fd);
		fd = -1;
	}
fail:
	if (fd >= 0) {
		int e = errno;
		close(fd);
		errno = e;
	}
	vigie_buf_release(&p);
	return VIGIE_EGENERIC;
}

void vigie_source_unlock(int fd, const char *entry, bool remove)
{
	struct vigie_buf p = VIGIE_BUF_INIT;

	if (fd < 0)
		return;
	/* Unlinked while held: a waiter sees its file is gone and retries. */
	if (remove && vigie_buf_printf(&p, "%s~lock", entry) == 0)
		unlink(p.ptr);
	vigie_buf_release(&p);
	close(fd);
}

int vigie_source_cache_paths(struct vigie_buf *path, struct vigie_buf *tmp,
			     const struct vigie_target *t,
			     const struct vigie_source_opts *opts, long pid)
{
	char *root = vigie_source_cache_root(opts);
	char *rel = vigie_target_cache_path(t);
	int rc = -1;

	if (root && rel && vigie_buf_printf(path, "%s/%s", root, rel) == 0 &&
	    (!tmp || vigie_buf_printf(tmp, "%s/%s.tmp-%ld", root, rel, pid) == 0))
		rc = 0;
	free(root);
	free(rel);
	return rc;
}

void vigie_source_prune(const struct vigie_source_opts *opts, const char *path)
{
	char *root = vigie_source_cache_root(opts);
	char *p = strdup(path);
	size_t rl = root ? strlen(root) : 0;
	char *slash;

	/* Only below the root, and only what is empty: never another's. */
	/* ... the root of the clones too (ROOT/repos), not what holds it. */
	if (root && p && !strncmp(p, root, rl))
		while ((slash = strrchr(p, '/')) && (size_t)(slash - p) >= rl) {
			*slash = '\0';
			if (rmdir(p) != 0)
				break;
		}
	free(root);
	free(p);
}

void vigie_source_discard(const struct vigie_target *t,
			  const struct vigie_source_opts *opts, long pid)
{
	struct vigie_buf path = VIGIE_BUF_INIT, tmp = VIGIE_BUF_INIT;
	struct stat st;
	int fd;

	if (vigie_source_opts_check(opts, NULL) < 0)
		return;
	if (t->kind == VIGIE_TARGET_URL &&
	    vigie_source_cache_paths(&path, &tmp, t, opts, pid) == 0) {
		/*
		 * Its lock goes with it.  If it was fetching into the cached
		 * clone, what it left there is cleaned, unless another vigie
		 * fetches there already (that one cleans for itself); if it
		 * was cloning, the lock file goes with the clone.
		 */
		/* Its transfer's child holds it until it is dead too. */
		fd = vigie_source_lock(path.ptr, LOCK_EX, 5000);
		if (fd >= 0) {
			bool there = stat(path.ptr, &st) == 0;
			if (there)
				vigie_source_clean(path.ptr, 0, 0);
			vigie_source_unlock(fd, path.ptr, !there);
		}
		vigie_remove_tree(tmp.ptr);
		vigie_source_prune(opts, tmp.ptr);
	}
	vigie_buf_release(&path);
	vigie_buf_release(&tmp);
}

/* NAME.git.tmp-PID, the private directory of a clone in progress. */
static bool is_tmp_name(const char *name)
{
	const char *p = strstr(name, ".git.tmp-");

	if (!p || p == name)
		return false;
	p += 9;
	if (!*p)
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

static time_t newest(int dirfd_, const char *rel, time_t t)
{
	struct stat st;

	if (fstatat(dirfd_, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_mtime > t)
		return st.st_mtime;
	return t;
}

/*
 * When a temporary clone last changed: its directory, its pack directory
 * and the pack being received (which grows for as long as the transfer
 * lives, however long the clone).
 */
static time_t last_change(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	struct dirent *de;
	time_t t = 0;
	DIR *d;
	int pfd;

	if (fd < 0)
		return 0;
	t = newest(fd, ".", t);
	t = newest(fd, "objects/pack", t);
	pfd = openat(fd, "objects/pack", O_RDONLY | O_DIRECTORY | O_CLOEXEC |
					       O_NOFOLLOW);
	close(fd);
	if (pfd < 0)
		return t;
	d = fdopendir(pfd);
	if (!d) {
		close(pfd);
		return t;
	}
	while ((de = readdir(d)))
		t = newest(dirfd(d), de->d_name, t);
	closedir(d);
	return t;
}

static int sweep_dir(struct vigie_buf *path, int depth, time_t before)
{
	size_t len = path->len;
	struct dirent *de;
	struct stat st;
	int n = 0;
	DIR *d = opendir(path->ptr);

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		size_t nl = strlen(name);
		bool tmp = is_tmp_name(name);
		/* A clone is not searched; names alone settle most entries. */
		if (!strcmp(name, ".") || !strcmp(name, "..") ||
		    (!tmp && (depth == 0 ||
			      (nl > 4 && !strcmp(name + nl - 4, ".git")))))
			continue;
		if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISDIR(st.st_mode))
			continue;
		path->len = len;
		path->ptr[len] = '\0';
		if (vigie_buf_printf(path, "/%s", name) < 0)
			break;
		if (tmp) {
			if (last_change(path->ptr) < before) {
				vigie_remove_tree(path->ptr);
				n++;
			}
		} else {
			/* Not a clone: a host or an owner, look below. */
			int k = sweep_dir(path, depth - 1, before);
			if (k)
				rmdir(path->ptr); /* if that left it empty */
			n += k;
		}
	}
	closedir(d);
	path->len = len;
	path->ptr[len] = '\0';
	return n;
}

int vigie_source_sweep_dir(const char *dir, int depth, long max_age_s)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	int n = 0;

	if (vigie_buf_puts(&p, dir) == 0)
		n = sweep_dir(&p, depth, time(NULL) - max_age_s);
	vigie_buf_release(&p);
	return n;
}

int vigie_source_sweep(const struct vigie_source_opts *opts, long max_age_s)
{
	char *root;
	int n;

	if (vigie_source_opts_check(opts, NULL) < 0)
		return VIGIE_EINVALID;
	root = vigie_source_cache_root(opts);
	n = root ? vigie_source_sweep_dir(root, SWEEP_DEPTH, max_age_s) : 0;

	free(root);
	return n;
}
