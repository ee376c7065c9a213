/* SPDX-License-Identifier: EUPL-1.2 */
/* JSON helpers: strings from untrusted bytes, dumping into a vigie_buf. */
#ifndef VIGIE_UTIL_JSON_H
#define VIGIE_UTIL_JSON_H

#include <jansson.h>

#include "vigie/buf.h"
#include "vigie/json.h" /* vigie_json_str, vigie_json_strn */

/** True when s[0..len) is valid UTF-8 without NUL bytes. */
bool vigie_utf8_valid(const char *s, size_t len);

/** Append json_dumps(v, flags) to out. */
int vigie_json_dump(struct vigie_buf *out, const json_t *v, size_t flags);

/** Borrowed value at a dotted path ("history.authors"), or NULL. */
json_t *vigie_json_path(json_t *root, const char *path);

#endif
