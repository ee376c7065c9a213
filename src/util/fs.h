/* SPDX-License-Identifier: EUPL-1.2 */
/* File-system helpers: XDG paths, directories, atomic writes. */
#ifndef VIGIE_FS_H
#define VIGIE_FS_H

#include <stddef.h>

/** $XDG_CACHE_HOME/vigie or $HOME/.cache/vigie; caller frees; NULL if none. */
char *vigie_cache_root(void);

/** mkdir -p of every directory above path (not path itself). -1 + errno. */
int vigie_mkdirs_parent(const char *path);
/** mkdir -p of path itself. */
int vigie_mkdirs(const char *path);

/** rm -rf without following links; errors are ignored. */
void vigie_remove_tree(const char *path);

/**
 * Write data to path through a temporary file in the same directory, fsync,
 * then rename over path: readers see the old or the new file, never a part.
 * Returns 0 or -1 with errno set.
 */
int vigie_write_atomic(const char *path, const void *data, size_t len);

#endif
