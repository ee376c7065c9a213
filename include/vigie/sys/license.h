/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * The license engine's inner parts, for tools built on its database and
 * normaliser: a less stable tier than <vigie/license.h> (identify a text,
 * read an expression), as libgit2's git2/sys/.
 */
#ifndef VIGIE_SYS_LICENSE_H
#define VIGIE_SYS_LICENSE_H

#include <stdint.h>

#include "../common.h"
#include "../error.h"
#include "../license.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The normalised words of the i-th license, joined by spaces (new: the
 * caller frees it); NULL past the end or out of memory.
 */
VIGIE_EXTERN(char *) vigie_license_db_words(size_t i);

/* ---- normalisation --------------------------------------------------- */

/* Normalised words of a text, as the matcher sees them. */
struct vigie_license_words {
	char *arena;     /* NUL-separated words */
	size_t arena_len, arena_alloc;
	uint32_t *off;   /* start of each word in arena */
	uint32_t *at;    /* byte offset of each word in the text */
	size_t count, alloc;
};

/**
 * Normalise text following the SPDX matching guidelines: case, white
 * space, punctuation, quotes and dashes, bullets, markup, copyright lines,
 * URL schemes and equivalent spellings (licence/license...).  out is
 * initialised by the call; release it with vigie_license_words_release().
 */
VIGIE_EXTERN(int) vigie_license_normalize(struct vigie_license_words *out, const char *text,
					  size_t len);
VIGIE_EXTERN(void) vigie_license_words_release(struct vigie_license_words *w);
static inline const char *vigie_license_word(const struct vigie_license_words *w,
					     size_t i)
{
	return w->arena + w->off[i];
}

/* ---- other families of reference texts ------------------------------ */

/*
 * The same normaliser and matcher serve other kinds of reference texts,
 * each compiled into its own database by a script like the licenses' one.
 */
enum vigie_license_family {
	VIGIE_LICENSE_FAMILY_LICENSE, /* rules/licenses/: SPDX licenses */
	VIGIE_LICENSE_FAMILY_CONDUCT, /* rules/conduct/: codes of conduct */
	VIGIE_LICENSE_FAMILY_COUNT
};

/** Load family f once (thread-safe); VIGIE_EINVALID if it is damaged. */
VIGIE_EXTERN(int) vigie_license_family_load(enum vigie_license_family f,
					    struct vigie_error *err);
VIGIE_EXTERN(size_t) vigie_license_family_count(enum vigie_license_family f);
/** The i-th text of family f (borrowed, static), or NULL past the end. */
VIGIE_EXTERN(const struct vigie_license_info *)
vigie_license_family_get(enum vigie_license_family f, size_t i);

/**
 * Full-text matching only (no notices, no expression) of text against the
 * texts of family f: each region whose similarity reaches threshold, in the
 * order of the text; out->confidence is the lowest.  out is initialised by
 * the call; release it with vigie_license_result_release().
 */
VIGIE_EXTERN(int) vigie_license_family_match(struct vigie_license_result *out,
					     enum vigie_license_family f, const char *text,
					     size_t len, double threshold,
					     struct vigie_error *err);

#ifdef __cplusplus
}
#endif

#endif
