/* SPDX-License-Identifier: EUPL-1.2 */
/* A growable byte buffer with a ceiling, for everything read from outside. */
#ifndef VIGIE_BUF_H
#define VIGIE_BUF_H

#include <stdarg.h>

#include "common.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * ptr is always NUL-terminated once anything was added (or after
 * vigie_buf_init), so text can be read as a C string; len excludes the NUL.
 * Growing past max fails with VIGIE_ELIMIT and leaves the buffer as it was:
 * a buffer is never truncated silently.
 */
struct vigie_buf {
	char *ptr;
	size_t len;
	size_t alloc;
	size_t max; /* 0 means SIZE_MAX / 2 */
};

#define VIGIE_BUF_INIT { NULL, 0, 0, 0 }

VIGIE_EXTERN(void) vigie_buf_init(struct vigie_buf *buf, size_t max);
/** Free the storage; the buffer may be reused after vigie_buf_init. */
VIGIE_EXTERN(void) vigie_buf_release(struct vigie_buf *buf);
/** Empty the buffer, keeping its storage. */
VIGIE_EXTERN(void) vigie_buf_clear(struct vigie_buf *buf);
/** Hand the storage to the caller (free() it); the buffer becomes empty. */
VIGIE_EXTERN(char *) vigie_buf_detach(struct vigie_buf *buf, size_t *len);

VIGIE_EXTERN(int) vigie_buf_grow(struct vigie_buf *buf, size_t extra);
VIGIE_EXTERN(int) vigie_buf_add(struct vigie_buf *buf, const void *data, size_t len);
VIGIE_EXTERN(int) vigie_buf_puts(struct vigie_buf *buf, const char *s);
VIGIE_EXTERN(int) vigie_buf_putc(struct vigie_buf *buf, char c);
VIGIE_EXTERN(int) vigie_buf_printf(struct vigie_buf *buf, const char *fmt, ...)
		      VIGIE_PRINTF(2, 3);
/* The same with a va_list, for helpers that format a translated message. */
VIGIE_EXTERN(int) vigie_buf_vprintf(struct vigie_buf *buf, const char *fmt, va_list ap)
		      VIGIE_PRINTF(2, 0);

/* Flags of vigie_buf_read_file. */
#define VIGIE_READ_NOFOLLOW 1u /* a symbolic link at path is not followed */

/**
 * Append the whole regular file at path to buf, within buf's ceiling.  The
 * file is opened without blocking and checked before it is read, so a FIFO,
 * a device or a directory named by mistake never hangs the caller.
 * Returns 0; VIGIE_ENOTFOUND when nothing is there (ENOENT, ENOTDIR);
 * VIGIE_EINVALID when it is not a regular file (or a link, with
 * VIGIE_READ_NOFOLLOW); VIGIE_ELIMIT when it is larger than the ceiling;
 * VIGIE_ENOMEM; VIGIE_EGENERIC for any other failure to open or read it,
 * errno telling which.  On failure buf is as it was.
 */
VIGIE_EXTERN(int) vigie_buf_read_file(struct vigie_buf *buf, const char *path,
				      unsigned flags);

#ifdef __cplusplus
}
#endif

#endif
