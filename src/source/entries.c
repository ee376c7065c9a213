/* SPDX-License-Identifier: EUPL-1.2 */
/* The cache's clones: list them, and remove those no one uses. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "git2_api.h"

#include "vigie/i18n.h"
#include "vigie/buf.h"
#include "vigie/source.h"
#include "vigie/target.h"
#include "internal.h"
#include "fs.h"
#include "banned.h"

/* Directories deeper than this are not searched for clones. */
#define LIST_DEPTH 16

void vigie_source_cache_list_release(struct vigie_cache_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].path);
		free(l->v[i].url);
	}
	free(l->v);
	free(l->root);
	memset(l, 0, sizeof(*l));
}

/* What a directory takes on disk, links not followed. */
static long long disk_bytes(int dfd)
{
	long long total = 0;
	struct dirent *de;
	struct stat st;
	DIR *d = fdopendir(dfd);

	if (!d) {
		close(dfd);
		return 0;
	}
	while ((de = readdir(d))) {
		int sub;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		total += (long long)st.st_blocks * 512;
		if (S_ISDIR(st.st_mode) &&
		    (sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY |
						       O_CLOEXEC | O_NOFOLLOW)) >= 0)
			total += disk_bytes(sub);
	}
	closedir(d);
	return total;
}

/* The origin a clone names, credentials removed. */
static char *origin_of(const char *path)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	git_config *cfg = NULL;
	git_buf url = { 0 };
	char *shown = NULL;

	if (vigie_buf_printf(&p, "%s/config", path) == 0 &&
	    git_config_open_ondisk(&cfg, p.ptr) == 0 &&
	    git_config_get_string_buf(&url, cfg, "remote.origin.url") == 0)
		shown = vigie_url_redact(url.ptr);
	git_error_clear();
	git_buf_dispose(&url);
	git_config_free(cfg);
	vigie_buf_release(&p);
	return shown;
}

/* Does another process hold the clone's lock?  Never makes a lock file. */
static bool in_use(const char *path)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	bool busy = false;
	int fd;

	if (vigie_buf_printf(&p, "%s~lock", path) == 0 &&
	    (fd = open(p.ptr, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) >= 0) {
		busy = flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK;
		close(fd);
	}
	vigie_buf_release(&p);
	return busy;
}

/* NAME.git, not NAME.git.tmp-PID nor a lock. */
static bool is_clone_name(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && !strcmp(name + n - 4, ".git");
}

static int add_entry(struct vigie_cache_list *l, const char *path,
		     size_t root_len, int dfd)
{
	struct vigie_cache_entry *e;

	if (l->n % 64 == 0) {
		void *v = realloc(l->v, (l->n + 64) * sizeof(*l->v));
		if (!v) {
			close(dfd);
			return -1;
		}
		l->v = v;
	}
	e = &l->v[l->n];
	memset(e, 0, sizeof(*e));
	e->path = strdup(path);
	e->name = strdup(path + root_len + 1);
	if (!e->path || !e->name) {
		free(e->path);
		free(e->name);
		close(dfd);
		return -1;
	}
	l->n++;
	e->url = origin_of(path);
	e->bytes = disk_bytes(dfd);
	e->fetched = vigie_source_fetched_at(path);
	e->busy = in_use(path);
	l->bytes += e->bytes;
	return 0;
}

static int walk(struct vigie_cache_list *l, struct vigie_buf *path,
		size_t root_len, int depth)
{
	size_t len = path->len;
	struct dirent *de;
	struct stat st;
	int rc = 0;
	DIR *d = opendir(path->ptr);

	if (!d)
		return 0;
	while (rc == 0 && (de = readdir(d))) {
		const char *name = de->d_name;
		int fd;
		if (!strcmp(name, ".") || !strcmp(name, "..") ||
		    fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISDIR(st.st_mode))
			continue;
		path->len = len;
		path->ptr[len] = '\0';
		if (vigie_buf_printf(path, "/%s", name) < 0) {
			rc = -1;
			break;
		}
		if (is_clone_name(name)) {
			fd = openat(dirfd(d), name, O_RDONLY | O_DIRECTORY |
							    O_CLOEXEC | O_NOFOLLOW);
			if (fd >= 0)
				rc = add_entry(l, path->ptr, root_len, fd);
		} else if (depth > 0 && !strstr(name, ".git.tmp-")) {
			/* A host or an owner: look below. */
			rc = walk(l, path, root_len, depth - 1);
		}
	}
	closedir(d);
	path->len = len;
	path->ptr[len] = '\0';
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct vigie_cache_entry *)a)->name,
		      ((const struct vigie_cache_entry *)b)->name);
}

int vigie_source_cache_list(struct vigie_cache_list *out,
			    const struct vigie_source_opts *opts,
			    struct vigie_error *err)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = vigie_source_opts_check(opts, err);
	if (rc < 0)
		return rc;
	if (vigie_git2_load(err) < 0)
		return VIGIE_EGENERIC;
	out->root = vigie_source_cache_root(opts);
	if (!out->root)
		return vigie_error_set(err, VIGIE_EGENERIC, "",
				       N_("no cache directory: set XDG_CACHE_HOME "
				       "or HOME, or pass --cache-dir"));
	rc = vigie_buf_puts(&p, out->root);
	if (rc == 0)
		rc = walk(out, &p, strlen(out->root), LIST_DEPTH);
	vigie_buf_release(&p);
	if (rc < 0) {
		vigie_source_cache_list_release(out);
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), by_name);
	return 0;
}

/* Remove e under its lock, unless someone holds it. */
static int remove_entry(struct vigie_cache_entry *e,
			const struct vigie_source_opts *opts)
{
	int fd = vigie_source_lock(e->path, LOCK_EX, 0);

	if (fd < 0) {
		e->busy = fd == VIGIE_EBUSY;
		return fd;
	}
	vigie_remove_tree(e->path);
	vigie_source_unlock(fd, e->path, true);
	vigie_source_prune(opts, e->path);
	e->removed = true;
	return 0;
}

/* The least recently fetched first; unknown dates are the oldest. */
static int by_fetch(const void *a, const void *b)
{
	const struct vigie_cache_entry *x = *(const struct vigie_cache_entry *const *)a;
	const struct vigie_cache_entry *y = *(const struct vigie_cache_entry *const *)b;

	if (x->fetched != y->fetched)
		return x->fetched < y->fetched ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * The files an audit keeps for the next (ROOT/commits and ROOT/licenses,
 * beside ROOT/repos) that no audit has rewritten since older_than:
 * removed.  Only regular files named as util/kept.c names them (32 hex
 * digits); how many.
 */
static int sweep_kept(const char *repos, int64_t older_than)
{
	static const char *const kinds[] = { "commits", "licenses" };
	const char *slash = strrchr(repos, '/');
	size_t k;
	int n = 0;

	for (k = 0; slash && k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct vigie_buf dir = VIGIE_BUF_INIT;
		struct dirent *d;
		DIR *dp;
		int fd;

		if (vigie_buf_printf(&dir, "%.*s/%s", (int)(slash - repos),
				     repos, kinds[k]) < 0 ||
		    !(dp = opendir(dir.ptr))) {
			vigie_buf_release(&dir);
			continue;
		}
		fd = dirfd(dp);
		while ((d = readdir(dp)) != NULL) {
			struct stat st;
			if (strlen(d->d_name) != 32 ||
			    strspn(d->d_name, "0123456789abcdef") != 32 ||
			    fstatat(fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
			    !S_ISREG(st.st_mode) || st.st_mtime >= older_than)
				continue;
			n += unlinkat(fd, d->d_name, 0) == 0;
		}
		closedir(dp);
		vigie_buf_release(&dir);
	}
	return n;
}

int vigie_source_cache_gc(struct vigie_cache_list *out,
			  const struct vigie_source_opts *opts,
			  int64_t older_than, long long max_bytes,
			  struct vigie_error *err)
{
	struct vigie_cache_entry **order = NULL;
	long long left;
	size_t i;
	int rc;

	rc = vigie_source_cache_list(out, opts, err);
	if (rc < 0)
		return rc;
	out->swept = vigie_source_sweep(opts, VIGIE_SOURCE_STALE_S);
	if (older_than > 0)
		out->commits_swept = sweep_kept(out->root, older_than);
	if (!out->n)
		return 0;
	order = malloc(out->n * sizeof(*order));
	if (!order) {
		vigie_source_cache_list_release(out);
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	}
	for (i = 0; i < out->n; i++)
		order[i] = &out->v[i];
	qsort(order, out->n, sizeof(*order), by_fetch);
	left = out->bytes;
	for (i = 0; i < out->n; i++) {
		struct vigie_cache_entry *e = order[i];
		bool old = older_than > 0 && e->fetched < older_than;
		bool over = max_bytes > 0 && left > max_bytes;
		if ((old || over) && remove_entry(e, opts) == 0)
			left -= e->bytes;
	}
	free(order);
	return 0;
}
