/* SPDX-License-Identifier: EUPL-1.2 */
/* JSON strings from bytes that may not be UTF-8 (paths, repository text). */
#ifndef VIGIE_JSON_PUBLIC_H
#define VIGIE_JSON_PUBLIC_H

#include <jansson.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * jansson refuses a string that is not UTF-8; file names and repository
 * text often are not.  A program putting them in JSON next to vigie's
 * reports uses these, as the reports do.
 */

/**
 * A new JSON string from bytes that may not be UTF-8: each invalid byte
 * becomes U+FFFD.  Never NULL unless out of memory.
 */
VIGIE_EXTERN(json_t *) vigie_json_strn(const char *s, size_t len);
/** vigie_json_strn() of a NUL-terminated s; NULL is "". */
VIGIE_EXTERN(json_t *) vigie_json_str(const char *s);

#ifdef __cplusplus
}
#endif

#endif
