/* SPDX-License-Identifier: EUPL-1.2 */
/* The commits a history walk read, kept for the next (commits.c). */
#ifndef VIGIE_FACTS_COMMITS_H
#define VIGIE_FACTS_COMMITS_H

#include <stdbool.h>
#include <stddef.h>

/* Raised whenever what history.c keeps of a commit changes. */
#define VIGIE_COMMIT_CACHE_VERSION 1u

struct vigie_commit_cache;

/*
 * The cache of the repository at gitdir, under root (NULL: vigie's cache
 * root), read now.  NULL when there is none to be had: an audit without
 * it is only slower.
 */
struct vigie_commit_cache *vigie_commit_cache_open(const char *root,
						   const char *gitdir);

/* The text kept for commit id, borrowed until close; false: not kept. */
bool vigie_commit_cache_get(struct vigie_commit_cache *cc,
			    const unsigned char id[20], const char **text,
			    size_t *len);

/* Keep text for id (copied).  -1: out of memory. */
int vigie_commit_cache_add(struct vigie_commit_cache *cc,
			   const unsigned char id[20], const char *text,
			   size_t len);

/* Write what was added when keep, and free. */
void vigie_commit_cache_close(struct vigie_commit_cache *cc, bool keep);

#endif
