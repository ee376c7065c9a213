/* SPDX-License-Identifier: EUPL-1.2 */
/* A repository's .mailmap, read and applied as libgit2 1.5 does. */
#ifndef VIGIE_FACTS_MAILMAP_H
#define VIGIE_FACTS_MAILMAP_H

#include <stddef.h>

/*
 * The answers are libgit2 1.5.1's (git_mailmap_from_buffer and
 * git_mailmap_resolve), which are not git's: the address is matched
 * exactly, case included, and an entry replaces a former one for the same
 * address and name as a whole (git merges them).  tests/unit/test_mailmap.c
 * compares the two on many files, written and random.
 */
struct vigie_mailmap;

/**
 * Read the .mailmap text of len bytes (not necessarily NUL-terminated; text
 * may be NULL when len is 0) into a new map in *out, which the caller frees
 * with vigie_mailmap_free.  Lines it cannot read are skipped.  0;
 * VIGIE_EINVALID where libgit2 refuses the whole text (a NUL byte, an entry
 * whose address to replace is empty: "Name <>"); VIGIE_ENOMEM.  *out is
 * NULL on failure.
 */
int vigie_mailmap_parse(struct vigie_mailmap **out, const char *text,
			size_t len);

/**
 * The name and address (*rn, *re) that a commit's name and email (both
 * NUL-terminated) stand for: the map's strings (owned by m, living as long
 * as it) where an entry says so, else name and email themselves.  m may be
 * NULL (no map).
 */
void vigie_mailmap_resolve(const struct vigie_mailmap *m, const char **rn,
			   const char **re, const char *name,
			   const char *email);

/** Free m and its strings; NULL is allowed. */
void vigie_mailmap_free(struct vigie_mailmap *m);

#endif
