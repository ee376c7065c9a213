/* SPDX-License-Identifier: EUPL-1.2 */
/* A string-keyed index with open addressing, half full at most. */
#include <stdlib.h>
#include <string.h>

#include "vigie/error.h"
#include "strmap.h"
#include "grow.h"
#include "banned.h"

uint64_t vigie_hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

void vigie_strmap_release(struct vigie_strmap *m)
{
	size_t i;

	for (i = 0; i < m->count; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

static int rehash(struct vigie_strmap *m)
{
	size_t n = m->nslots ? m->nslots * 2 : 64, i;
	uint32_t *slots;

	if (n > UINT32_MAX || n > SIZE_MAX / sizeof(*slots))
		return vigie_nomem_mark();
	slots = calloc(n, sizeof(*slots));
	if (!slots)
		return vigie_nomem_mark();
	for (i = 0; i < m->count; i++) {
		size_t s = vigie_hash_str(m->keys[i]) & (n - 1);
		while (slots[s])
			s = (s + 1) & (n - 1);
		slots[s] = (uint32_t)(i + 1);
	}
	free(m->slots);
	m->slots = slots;
	m->nslots = n;
	return 0;
}

/* The slot of key: where it is, or the empty slot it would go to. */
static size_t slot_of(const struct vigie_strmap *m, const char *key)
{
	size_t s = vigie_hash_str(key) & (m->nslots - 1);

	while (m->slots[s] && strcmp(m->keys[m->slots[s] - 1], key))
		s = (s + 1) & (m->nslots - 1);
	return s;
}

long vigie_strmap_find(const struct vigie_strmap *m, const char *key)
{
	size_t s;

	if (!m->nslots)
		return -1;
	s = slot_of(m, key);
	return m->slots[s] ? (long)m->slots[s] - 1 : -1;
}

long vigie_strmap_index(struct vigie_strmap *m, const char *key, bool *added)
{
	size_t s;
	int rc;

	*added = false;
	if ((m->count + 1) * 2 > m->nslots && (rc = rehash(m)) < 0)
		return rc;
	s = slot_of(m, key);
	if (m->slots[s])
		return (long)m->slots[s] - 1;
	if ((rc = vigie_grow(&m->keys, &m->cap, m->count + 1, 64)) < 0)
		return rc;
	m->keys[m->count] = strdup(key);
	if (!m->keys[m->count])
		return vigie_nomem_mark();
	m->slots[s] = (uint32_t)(m->count + 1);
	*added = true;
	return (long)m->count++;
}
