/* SPDX-License-Identifier: EUPL-1.2 */
/* File-system helpers: XDG paths, directories, atomic writes. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

int vigie_map_file(struct vigie_mapped *m, const char *path, size_t max)
{
	struct stat st;
	int fd, rc = 0;

	memset(m, 0, sizeof(*m));
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? VIGIE_ENOTFOUND
		       : errno == ELOOP			    ? VIGIE_EINVALID
							    : VIGIE_EGENERIC;
	if (fstat(fd, &st) < 0) {
		rc = VIGIE_EGENERIC;
	} else if (!S_ISREG(st.st_mode)) {
		rc = VIGIE_EINVALID;
	} else if ((uintmax_t)st.st_size > max) {
		rc = VIGIE_ELIMIT;
	} else if (st.st_size > 0) {
		size_t n = (size_t)st.st_size;
		void *p = mmap(NULL, n, PROT_READ, MAP_PRIVATE | MAP_POPULATE,
			       fd, 0);
		if (p != MAP_FAILED) {
			m->map = p;
			m->ptr = p;
			m->len = n;
		} else {
			/* a file system that maps nothing: read it */
			struct vigie_buf b;
			vigie_buf_init(&b, max);
			rc = vigie_buf_read_file(&b, path, VIGIE_READ_NOFOLLOW);
			if (rc == 0 && b.len) {
				m->heap = vigie_buf_detach(&b, &m->len);
				m->ptr = m->heap;
			}
			vigie_buf_release(&b);
		}
	}
	close(fd);
	return rc;
}

void vigie_mapped_release(struct vigie_mapped *m)
{
	if (m->map)
		munmap(m->map, m->len);
	free(m->heap);
	memset(m, 0, sizeof(*m));
}
