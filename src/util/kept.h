/* SPDX-License-Identifier: EUPL-1.2 */
/* What an audit worked out of a repository's objects, kept for the next
 * (kept.c): the history walk's commits, the license collector's files. */
#ifndef VIGIE_UTIL_KEPT_H
#define VIGIE_UTIL_KEPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vigie_kept;

/*
 * The store of kind ("commits", "licenses") of the repository at gitdir,
 * under root (NULL: vigie's cache root), read now; version is the kind's
 * (raised whenever what it keeps changes: a file of another is ignored).
 * NULL when there is none to be had: an audit without it is only slower.
 */
struct vigie_kept *vigie_kept_open(const char *root, const char *kind,
				   const char *gitdir, uint32_t version);

/* The text kept for id, borrowed until close; false: not kept. */
bool vigie_kept_get(struct vigie_kept *kp, const unsigned char id[20],
		    const char **text, size_t *len);

/* Keep text for id (copied).  -1: out of memory. */
int vigie_kept_add(struct vigie_kept *kp, const unsigned char id[20],
		   const char *text, size_t len);

/* Write what was added when keep, and free. */
void vigie_kept_close(struct vigie_kept *kp, bool keep);

#endif
