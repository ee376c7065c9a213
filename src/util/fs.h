/* SPDX-License-Identifier: EUPL-1.2 */
/* File-system helpers: XDG paths, directories, atomic writes. */
#ifndef VIGIE_FS_H
#define VIGIE_FS_H

#include <stddef.h>

#include "vigie/fs.h" /* vigie_mkdirs, vigie_write_atomic */

/** $XDG_CACHE_HOME/vigie or $HOME/.cache/vigie; caller frees; NULL if none. */
char *vigie_cache_root(void);

/*
 * A whole regular file, read-only: mapped from the page cache when the
 * system allows it (a file of megabytes read into fresh memory costs a
 * page fault and a copy per page), else read.  ptr/len are the bytes
 * (ptr NULL when the file is empty); not NUL-ended.
 */
struct vigie_mapped {
	const char *ptr;
	size_t len;
	void *map;  /* munmap'd, or */
	char *heap; /* free'd */
};

/**
 * Map path (a regular file, not through a symbolic link, at most max
 * bytes; a FIFO is refused without blocking): 0, VIGIE_ENOTFOUND,
 * VIGIE_ELIMIT (larger), VIGIE_EINVALID (not a regular file or a link),
 * VIGIE_ENOMEM or VIGIE_EGENERIC.  Only for files that are replaced whole
 * (renamed over), never truncated in place: a mapping of a file cut short
 * under it faults.
 */
int vigie_map_file(struct vigie_mapped *m, const char *path, size_t max);

/** Release what vigie_map_file gave (a zeroed struct is a no-op). */
void vigie_mapped_release(struct vigie_mapped *m);

/** rm -rf without following links; errors are ignored. */
void vigie_remove_tree(const char *path);

#endif
