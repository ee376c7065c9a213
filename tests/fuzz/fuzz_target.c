/* SPDX-License-Identifier: EUPL-1.2 */
/* Fuzz target: TARGET parsing, URL redaction, cache paths, credential scrubbing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/vigie.h"
#include "../../src/source/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct vigie_target t;
	struct vigie_error err;
	char *r;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (vigie_target_parse(&t, s, &err) == 0) {
		char *cache = vigie_target_cache_path(&t);
		/* The cache path never climbs out of the cache root. */
		if (cache && (!strncmp(cache, "../", 3) || strstr(cache, "/../") ||
			      cache[0] == '/'))
			abort();
		free(cache);
		vigie_target_release(&t);
	}
	r = vigie_url_redact(s);
	free(r);
	r = vigie_scrub_credentials(s, "https://u:p@h/x", "https://h/x");
	free(r);
	free(s);
	return 0;
}
