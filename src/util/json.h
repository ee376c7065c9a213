/* SPDX-License-Identifier: EUPL-1.2 */
/* JSON helpers: strings from untrusted bytes, dumping into a vigie_buf. */
#ifndef VIGIE_UTIL_JSON_H
#define VIGIE_UTIL_JSON_H

#include <jansson.h>

#include "vigie/buf.h"

/**
 * A new JSON string from bytes that may not be UTF-8: each invalid byte
 * becomes U+FFFD.  Never NULL unless out of memory.
 */
json_t *vigie_json_strn(const char *s, size_t len);
json_t *vigie_json_str(const char *s);

/** True when s[0..len) is valid UTF-8 without NUL bytes. */
bool vigie_utf8_valid(const char *s, size_t len);

/** Append json_dumps(v, flags) to out. */
int vigie_json_dump(struct vigie_buf *out, const json_t *v, size_t flags);

/** Borrowed value at a dotted path ("history.authors"), or NULL. */
json_t *vigie_json_path(json_t *root, const char *path);

#endif
