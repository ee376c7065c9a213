/* SPDX-License-Identifier: EUPL-1.2 */
/* Shards: a deterministic share of the targets, by a stable hash of the key. */
#include <stdlib.h>
#include <string.h>

#include "vigie/batch.h"
#include "vigie/i18n.h"
#include "internal.h"
#include "strmap.h"
#include "banned.h"

#define SHARD_MAX 100000UL

static bool parse_unsigned(const char *s, const char *end, unsigned long *out)
{
	unsigned long v = 0;

	if (s == end)
		return false;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > SHARD_MAX)
			return false;
	}
	*out = v;
	return true;
}

int vigie_shard_parse(unsigned *k, unsigned *n, const char *spec,
		      struct vigie_error *err)
{
	const char *slash = strchr(spec, '/');
	unsigned long kk, nn;

	if (!slash || !parse_unsigned(spec, slash, &kk) ||
	    !parse_unsigned(slash + 1, slash + strlen(slash), &nn) || kk < 1 ||
	    nn < 1 || kk > nn)
		return vigie_error_set(err, VIGIE_EINVALID, spec,
				       N_("a shard is K/N with 1 <= K <= N <= %lu"),
				       SHARD_MAX);
	*k = (unsigned)kk;
	*n = (unsigned)nn;
	return 0;
}

/*
 * FNV-1a, 64 bits (vigie_hash_str): defined by its constants alone, so every
 * machine and every version of vigie puts a key in the same shard.
 */
uint64_t batch_hash(const char *s)
{
	return vigie_hash_str(s);
}

bool vigie_shard_contains(const char *key, unsigned k, unsigned n)
{
	if (n == 0)
		return true;
	return batch_hash(key) % n == (uint64_t)(k - 1);
}
