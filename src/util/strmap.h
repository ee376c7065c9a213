/* SPDX-License-Identifier: EUPL-1.2 */
/* A string-keyed index: each distinct key gets a dense position 0, 1, 2...
 * that its owner uses to index arrays of its own. */
#ifndef VIGIE_STRMAP_H
#define VIGIE_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Zeroed (VIGIE_STRMAP_INIT) is an empty map. */
struct vigie_strmap {
	char **keys;     /* owned copies, by position */
	uint32_t *slots; /* position + 1, or 0 when empty (open addressing) */
	size_t nslots, count, cap;
};

#define VIGIE_STRMAP_INIT { NULL, NULL, 0, 0, 0 }

/* FNV-1a, 64 bits, of a C string: fixed by its constants, stable across
 * machines and versions (the batch's shards depend on it). */
uint64_t vigie_hash_str(const char *s);

/**
 * The position of key, added (a copy) when absent, *added telling which.
 * VIGIE_ENOMEM (nothing added) when memory runs out.
 */
long vigie_strmap_index(struct vigie_strmap *m, const char *key, bool *added);

/** The position of key, or -1 when absent. */
long vigie_strmap_find(const struct vigie_strmap *m, const char *key);

/** Free the keys and the index; the map is empty again. */
void vigie_strmap_release(struct vigie_strmap *m);

#endif
