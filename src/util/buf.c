/* SPDX-License-Identifier: EUPL-1.2 */
/* A growable byte buffer with a ceiling. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigie/buf.h"
#include "vigie/error.h"
#include "banned.h"

/* The ceiling, never so high that its NUL's byte would not fit a size_t
 * (vigie_buf_init(&b, SIZE_MAX) means "no ceiling", as 0 does). */
static size_t buf_max(const struct vigie_buf *buf)
{
	return buf->max && buf->max < SIZE_MAX / 2 ? buf->max : SIZE_MAX / 2;
}

void vigie_buf_init(struct vigie_buf *buf, size_t max)
{
	buf->ptr = NULL;
	buf->len = 0;
	buf->alloc = 0;
	buf->max = max;
}

void vigie_buf_release(struct vigie_buf *buf)
{
	if (!buf)
		return;
	free(buf->ptr);
	buf->ptr = NULL;
	buf->len = buf->alloc = 0;
}

void vigie_buf_clear(struct vigie_buf *buf)
{
	buf->len = 0;
	if (buf->ptr)
		buf->ptr[0] = '\0';
}

char *vigie_buf_detach(struct vigie_buf *buf, size_t *len)
{
	char *p;

	if (!buf->ptr && vigie_buf_grow(buf, 0) < 0)
		return NULL;
	p = buf->ptr;
	if (len)
		*len = buf->len;
	buf->ptr = NULL;
	buf->len = buf->alloc = 0;
	return p;
}

int vigie_buf_grow(struct vigie_buf *buf, size_t extra)
{
	size_t need, want;
	char *p;

	if (extra > buf_max(buf) - buf->len)
		return VIGIE_ELIMIT;
	need = buf->len + extra + 1;
	if (need <= buf->alloc)
		return 0;
	want = buf->alloc ? buf->alloc : 64;
	while (want < need)
		want = want < SIZE_MAX / 2 ? want * 2 : need;
	if (want > buf_max(buf) + 1)
		want = buf_max(buf) + 1;
	p = realloc(buf->ptr, want);
	if (!p)
		return vigie_nomem_mark();
	if (!buf->ptr)
		p[0] = '\0';
	buf->ptr = p;
	buf->alloc = want;
	return 0;
}

int vigie_buf_add(struct vigie_buf *buf, const void *data, size_t len)
{
	int rc = vigie_buf_grow(buf, len);

	if (rc < 0)
		return rc;
	if (len)
		memcpy(buf->ptr + buf->len, data, len);
	buf->len += len;
	buf->ptr[buf->len] = '\0';
	return 0;
}

int vigie_buf_puts(struct vigie_buf *buf, const char *s)
{
	return vigie_buf_add(buf, s, strlen(s));
}

int vigie_buf_putc(struct vigie_buf *buf, char c)
{
	return vigie_buf_add(buf, &c, 1);
}

int vigie_buf_vprintf(struct vigie_buf *buf, const char *fmt, va_list ap)
{
	va_list again;
	int n, rc;

	/* Measured first: the second pass needs its own copy of ap. */
	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0) {
		va_end(again);
		return VIGIE_EGENERIC;
	}
	rc = vigie_buf_grow(buf, (size_t)n);
	if (rc == 0) {
		vsnprintf(buf->ptr + buf->len, (size_t)n + 1, fmt, again);
		buf->len += (size_t)n;
	}
	va_end(again);
	return rc;
}

int vigie_buf_printf(struct vigie_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vigie_buf_vprintf(buf, fmt, ap);
	va_end(ap);
	return rc;
}

/* Read fd to its end into buf: 0, VIGIE_ELIMIT, VIGIE_ENOMEM, VIGIE_EGENERIC. */
static int read_all(struct vigie_buf *buf, int fd)
{
	size_t max = buf_max(buf);
	char probe;
	ssize_t n;
	int rc;

	for (;;) {
		size_t room = buf->alloc > buf->len + 1 ? buf->alloc - buf->len - 1
							: 0;
		if (!room && buf->len == max) {
			/* Full: one more byte says whether the file is larger. */
			do
				n = read(fd, &probe, 1);
			while (n < 0 && errno == EINTR);
			return n == 0 ? 0 : n > 0 ? VIGIE_ELIMIT : VIGIE_EGENERIC;
		}
		if (!room) {
			rc = vigie_buf_grow(buf, max - buf->len < 65536
							 ? max - buf->len
							 : 65536);
			if (rc < 0)
				return rc;
			continue;
		}
		n = read(fd, buf->ptr + buf->len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return VIGIE_EGENERIC;
		if (n == 0)
			return 0;
		buf->len += (size_t)n;
		buf->ptr[buf->len] = '\0';
	}
}

int vigie_buf_read_file(struct vigie_buf *buf, const char *path, unsigned flags)
{
	size_t start = buf->len;
	struct stat st;
	int fd, rc, saved;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY |
				(flags & VIGIE_READ_NOFOLLOW ? O_NOFOLLOW : 0));
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return VIGIE_ENOTFOUND;
		return errno == ELOOP && (flags & VIGIE_READ_NOFOLLOW)
			       ? VIGIE_EINVALID
			       : VIGIE_EGENERIC;
	}
	if (fstat(fd, &st) < 0) {
		rc = VIGIE_EGENERIC;
	} else if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		rc = VIGIE_EINVALID;
	} else if ((uintmax_t)st.st_size > buf_max(buf) - buf->len) {
		errno = EFBIG;
		rc = VIGIE_ELIMIT;
	} else {
		/* One allocation when the size holds; it may still change. */
		rc = st.st_size ? vigie_buf_grow(buf, (size_t)st.st_size) : 0;
		if (rc == 0)
			rc = read_all(buf, fd);
		if (rc == VIGIE_ELIMIT)
			errno = EFBIG;
	}
	saved = errno;
	close(fd);
	if (rc < 0 && buf->ptr) {
		buf->len = start;
		buf->ptr[start] = '\0';
	}
	errno = saved;
	return rc;
}
