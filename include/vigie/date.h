/* SPDX-License-Identifier: EUPL-1.2 */
/* Dates: one formatter and one parser of RFC 3339 dates, always in UTC. */
#ifndef VIGIE_DATE_H
#define VIGIE_DATE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How vigie_date_format writes a date. */
enum vigie_date_style {
	VIGIE_DATE_DAY,    /* 2026-12-03 */
	VIGIE_DATE_ISO,    /* 2026-12-03T10:57:36Z (RFC 3339) */
	VIGIE_DATE_MINUTE, /* 2026-12-03 10:57 UTC */
	VIGIE_DATE_SECOND, /* 2026-12-03 10:57:36 UTC */
};

/* Room for any style, the NUL included. */
#define VIGIE_DATE_MAX 32

/**
 * Write the date `when` (seconds since 1970-01-01T00:00:00Z) in a style.
 * Returns false, out an empty string, for a date out of the years 0-9999.
 */
VIGIE_EXTERN(bool) vigie_date_format(char out[VIGIE_DATE_MAX], int64_t when,
				     enum vigie_date_style style);

/* Flags of vigie_date_parse. */
#define VIGIE_DATE_DAY_END 1u /* "YYYY-MM-DD" alone: its last second */

/**
 * Read an RFC 3339 date-time: YYYY-MM-DD, then T (or t, or a space),
 * HH:MM, optional :SS and fraction, optional zone (Z or +HH:MM, +HHMM);
 * no zone means UTC.  A day alone is taken only with VIGIE_DATE_DAY_END.
 * The date must exist (2025-02-29 does not).  The whole string is read:
 * anything after it is an error.  Returns 0 and sets *when, or
 * VIGIE_EINVALID.
 */
VIGIE_EXTERN(int) vigie_date_parse(int64_t *when, const char *s, unsigned flags);

#ifdef __cplusplus
}
#endif

#endif
