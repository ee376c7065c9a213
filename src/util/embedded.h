/* SPDX-License-Identifier: EUPL-1.2 */
/* Files of rules/ compiled into the library, so a hook needs nothing else. */
#ifndef VIGIE_EMBEDDED_H
#define VIGIE_EMBEDDED_H

#include <stddef.h>

struct vigie_embedded_file {
	const char *name; /* relative to rules/, e.g. "communs.json" */
	const char *data; /* NUL-terminated for convenience */
	size_t len;
	const char *sha256; /* of its len bytes, in hexadecimal (at build time) */
};

extern const struct vigie_embedded_file vigie_embedded_files[];
extern const size_t vigie_embedded_count;

/* The file of that name (relative to rules/), or NULL. */
const struct vigie_embedded_file *vigie_embedded_find(const char *name);
/* The embedded file whose bytes are at data (its very address), or NULL. */
const struct vigie_embedded_file *vigie_embedded_at(const char *data);

#endif
