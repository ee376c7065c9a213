/* SPDX-License-Identifier: EUPL-1.2 */
/* File-system helpers: XDG paths, directories, atomic writes. */
#ifndef VIGIE_FS_H
#define VIGIE_FS_H

#include <stddef.h>

#include "vigie/fs.h" /* vigie_mkdirs, vigie_write_atomic */

/** $XDG_CACHE_HOME/vigie or $HOME/.cache/vigie; caller frees; NULL if none. */
char *vigie_cache_root(void);

/** rm -rf without following links; errors are ignored. */
void vigie_remove_tree(const char *path);

#endif
