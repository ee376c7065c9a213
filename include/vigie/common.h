/* SPDX-License-Identifier: EUPL-1.2 */
/* Common definitions shared by every libvigie header. */
#ifndef VIGIE_COMMON_H
#define VIGIE_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define VIGIE_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define VIGIE_UNUSED __attribute__((unused))
#else
#define VIGIE_PRINTF(fmt, args)
#define VIGIE_UNUSED
#endif

/*
 * Fallible functions return 0 on success, -1 on an unexpected failure, or
 * one of these expected failures.  The caller-owned struct vigie_error
 * passed last says what happened and where.
 */
enum vigie_errcode {
	VIGIE_OK = 0,
	VIGIE_EGENERIC = -1,  /* unexpected: I/O, library */
	VIGIE_ENOTFOUND = -2, /* a path, repository, revision or id is absent */
	VIGIE_EINVALID = -3,  /* input is malformed (rule pack, target, option) */
	VIGIE_ELIMIT = -4,    /* a ceiling was reached (size, depth, time) */
	VIGIE_ENET = -5,      /* network or remote failure */
	VIGIE_EEMPTY = -6,    /* repository has no commits */
	VIGIE_EBUSY = -7,     /* another process holds the lock */
	VIGIE_ENOMEM = -8,    /* out of memory: an allocation failed; what
				 was being computed is lost, never degraded
				 (an audit fails whole, no fact goes missing) */
};

/*
 * VIGIE_EXTERN(type) marks a function of the public API: libvigie is built
 * with hidden visibility, so only what include/vigie/ declares this way is
 * exported by the shared library (tests/symbols.py checks both ways).
 */
#if defined(__GNUC__) || defined(__clang__)
#define VIGIE_EXTERN(type) extern __attribute__((visibility("default"))) type
#else
#define VIGIE_EXTERN(type) extern type
#endif

#define VIGIE_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * A language vigie speaks: an index below vigie_lang_count() (i18n.h).
 * The set is data, not code: English (the messages' own language) and one
 * language per catalogue, built in (rules/i18n/CODE.po, with its
 * Plural-Forms rule) or added at run time (vigie_i18n_add_catalogue()).
 * English and French, always built in, have names of their own.
 */
enum vigie_lang {
	VIGIE_LANG_EN = 0,
	VIGIE_LANG_FR = 1
};

/*
 * Marks a message for translation where it is written, and is the message
 * itself (like gettext's N_): a test checks that every marked message has
 * its French text in rules/i18n/fr.po, with the same printf conversions.
 */
#define N_(s) s
/*
 * The same, with a context telling apart two uses of one English message
 * ("skipped" of one rule, "skipped" of a count): gettext's msgctxt.
 */
#define NC_(ctx, s) ctx "\004" s
/*
 * A message with a plural: the English singular and plural, given to
 * vigie_i18n_ntext() (or a function taking the same two) as two arguments.
 * test_i18n checks that the French catalogue has its msgid_plural entry,
 * every form with the same conversions.
 */
#define Q_(singular, plural) singular, plural

/** Milliseconds on a monotonic clock, for timings and deadlines. */
VIGIE_EXTERN(double) vigie_clock_ms(void);

#ifdef __cplusplus
}
#endif

#endif
