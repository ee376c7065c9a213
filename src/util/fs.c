/* SPDX-License-Identifier: EUPL-1.2 */
/* File-system helpers: XDG paths, directories, atomic writes. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigie/buf.h"
#include "fs.h"
#include "banned.h"

char *vigie_cache_root(void)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	int rc;

	if (xdg && *xdg == '/')
		rc = vigie_buf_printf(&b, "%s/vigie", xdg);
	else if (home && *home)
		rc = vigie_buf_printf(&b, "%s/.cache/vigie", home);
	else
		return NULL;
	if (rc < 0) {
		vigie_buf_release(&b);
		return NULL;
	}
	return vigie_buf_detach(&b, NULL);
}

static int mkdirs_upto(char *p, size_t end)
{
	size_t i;

	for (i = 1; i <= end; i++) {
		char c = p[i];
		if (c != '/' && c != '\0')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			p[i] = c;
			return -1;
		}
		p[i] = c;
		if (c == '\0')
			break;
	}
	return 0;
}

int vigie_mkdirs_parent(const char *path)
{
	char *p = strdup(path);
	char *slash;
	int rc = 0;

	if (!p)
		return -1;
	slash = strrchr(p, '/');
	if (slash && slash != p) {
		*slash = '\0';
		rc = mkdirs_upto(p, strlen(p));
	}
	free(p);
	return rc;
}

int vigie_mkdirs(const char *path)
{
	char *p = strdup(path);
	int rc;

	if (!p)
		return -1;
	rc = mkdirs_upto(p, strlen(p));
	free(p);
	return rc;
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void vigie_remove_tree(const char *path)
{
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int vigie_write_atomic(const char *path, const void *data, size_t len)
{
	struct vigie_buf tmp = VIGIE_BUF_INIT;
	const char *p = data;
	int fd = -1, saved;

	if (vigie_buf_printf(&tmp, "%s.tmp-XXXXXX", path) < 0) {
		errno = ENOMEM;
		return -1;
	}
	fd = mkstemp(tmp.ptr);
	if (fd < 0)
		goto fail;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += n;
		len -= (size_t)n;
	}
	if (fchmod(fd, 0644) != 0 || fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp.ptr, path) != 0)
		goto fail;
	vigie_buf_release(&tmp);
	return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	if (tmp.ptr)
		unlink(tmp.ptr);
	vigie_buf_release(&tmp);
	errno = saved;
	return -1;
}
