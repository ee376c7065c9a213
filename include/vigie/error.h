/* SPDX-License-Identifier: EUPL-1.2 */
/* Caller-owned error descriptions: a code, a message and where it happened. */
#ifndef VIGIE_ERROR_H
#define VIGIE_ERROR_H

#include <stdarg.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VIGIE_ERROR_MESSAGE_MAX 512
#define VIGIE_ERROR_WHERE_MAX 512

/*
 * Filled by the function that fails, owned by the caller (usually on the
 * stack).  `where` is a path, `path:line:col`, or a redacted URL; it never
 * holds credentials.
 *
 * The one public struct with buffers of a fixed size, on purpose (as
 * curl's error buffer): an error must be reportable when memory has run
 * out, and the record lives on the caller's stack with nothing to free, at
 * 165 call sites in vigie alone.  A message longer than its buffer is cut.
 * The sizes are part of the ABI: changing them changes the soversion.
 */
struct vigie_error {
	int code;
	char message[VIGIE_ERROR_MESSAGE_MAX]; /* in English, formatted */
	char where[VIGIE_ERROR_WHERE_MAX];
	/*
	 * The message as data (see vigie_msg_render), to show it in another
	 * language: vigie_error_render().  msgid is NULL when the message
	 * could not be kept so; it is then shown as it is.
	 */
	const char *msgid;        /* its template, static */
	const char *prefix_id;    /* vigie_error_prefix's template, or NULL */
	unsigned char nargs, prefix_nargs;
	char args[VIGIE_ERROR_MESSAGE_MAX]; /* the message's, then the prefix's */
};

/** Reset err to "no error".  err may be NULL. */
VIGIE_EXTERN(void) vigie_error_clear(struct vigie_error *err);

/**
 * Record an error and return code, so callers can write
 * `return vigie_error_set(err, VIGIE_EINVALID, path, "bad %s", x);`.
 * err may be NULL; where may be NULL.  The message is lowercase, without a
 * full stop.  VIGIE_ENOMEM also marks the thread (vigie_nomem_mark).
 */
VIGIE_EXTERN(int) vigie_error_set(struct vigie_error *err, int code, const char *where,
				  const char *fmt, ...) VIGIE_PRINTF(4, 5);

/** The same with a va_list. */
VIGIE_EXTERN(int) vigie_error_vset(struct vigie_error *err, int code,
				   const char *where, const char *fmt,
				   va_list ap) VIGIE_PRINTF(4, 0);

/**
 * Give err's message (set already, in English) the data it was formatted
 * from, when it came from elsewhere (a compiler's own error record): msgid
 * and its nargs packed args.  Without it the message is shown as it is.
 */
VIGIE_EXTERN(void) vigie_error_carry(struct vigie_error *err, const char *msgid,
				     const char *args, size_t nargs);

/** Prefix the existing message with "what: ", keeping code and where. */
VIGIE_EXTERN(void) vigie_error_prefix(struct vigie_error *err, const char *fmt, ...)
		      VIGIE_PRINTF(2, 3);

/**
 * Out of memory where the failing code cannot return it (a lookup, a
 * score, a cache, a helper returning NULL): it marks the calling thread,
 * as errno would, and returns VIGIE_ENOMEM for
 * `return vigie_nomem_mark();`.  The stages that can fail (collecting the
 * facts, evaluating the rules, rendering a report, identifying a license)
 * turn a mark into VIGIE_ENOMEM for the whole of what they compute, so that
 * an allocation failure is an error, never a silently missing fact.
 */
VIGIE_EXTERN(int) vigie_nomem_mark(void);

/** Was the calling thread marked out of memory since the last call?  Clears
 * the mark. */
VIGIE_EXTERN(bool) vigie_nomem_take(void);

struct vigie_buf;

/**
 * Append err's message in lang (without its where): the prefix's and the
 * message's templates in that language; when it was not kept as data, the
 * English message as vigie_i18n_text() gives it.
 */
VIGIE_EXTERN(int) vigie_error_render(struct vigie_buf *out, enum vigie_lang lang,
				     const struct vigie_error *err);

/** A short English name for a code ("not found", "invalid"...). */
VIGIE_EXTERN(const char *) vigie_errcode_name(int code);

#ifdef __cplusplus
}
#endif

#endif
