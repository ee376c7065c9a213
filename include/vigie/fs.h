/* SPDX-License-Identifier: EUPL-1.2 */
/* Files a program writes as vigie does: whole or not at all. */
#ifndef VIGIE_FS_PUBLIC_H
#define VIGIE_FS_PUBLIC_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A program writing a report, a badge or a hook beside vigie's own files
 * (a batch directory a web server reads, a repository's hooks) needs the
 * same guarantee vigie gives its readers: they see the old file or the new
 * one, never a part.
 */

/** mkdir -p of every directory above path (not path itself). -1 + errno. */
VIGIE_EXTERN(int) vigie_mkdirs_parent(const char *path);
/** mkdir -p of path itself (mode 0777 before the umask).  -1 + errno. */
VIGIE_EXTERN(int) vigie_mkdirs(const char *path);

/**
 * Write data to path through a temporary file in the same directory, fsync,
 * then rename over path: readers see the old or the new file, never a part.
 * The file's mode is 0644.  Returns 0 or -1 with errno set.
 */
VIGIE_EXTERN(int) vigie_write_atomic(const char *path, const void *data,
				     size_t len);

#ifdef __cplusplus
}
#endif

#endif
