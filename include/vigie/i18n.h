/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie's own messages in other languages, from catalogues built in. */
#ifndef VIGIE_I18N_H
#define VIGIE_I18N_H

#include "buf.h"
#include "common.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

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

/**
 * The message msgid in lang (borrowed, static), or msgid itself (without
 * its context) when it is English or has no translation.  Thread-safe.
 */
VIGIE_EXTERN(const char *) vigie_i18n_text(enum vigie_lang lang, const char *msgid);

/**
 * Append text to out in lang.  text may be a message already formatted
 * from a catalogued template ("history.authors is unavailable" from "%s is
 * unavailable"): the values are carried into the translated template.
 * When several templates match, the one with the most literal text wins;
 * a message with a context is never a template.  A text no template
 * matches is appended as it is.
 */
VIGIE_EXTERN(int) vigie_i18n_append(struct vigie_buf *out, enum vigie_lang lang,
				    const char *text);

/**
 * The form of a message with a plural for the count n, in lang: the
 * catalogue's form chosen by its Plural-Forms rule, or English's (msgid for
 * 1, msgid_plural otherwise).  Borrowed, static.  Thread-safe.
 */
VIGIE_EXTERN(const char *) vigie_i18n_ntext(enum vigie_lang lang,
					    const char *msgid,
					    const char *msgid_plural,
					    unsigned long n);

/**
 * The form a gettext Plural-Forms rule ("n > 1", "n==1 ? 0 : n%10>=2 &&
 * ... ? 1 : 2") gives n, among nplurals; -1 when the rule is malformed or
 * gives a form past nplurals.
 */
VIGIE_EXTERN(int) vigie_i18n_plural_index(const char *rule, unsigned long n,
					  unsigned nplurals);

/* One catalogue entry, for tools and tests. */
struct vigie_i18n_entry {
	const char *msgid;
	const char *msgstr;        /* the only form, or the first */
	const char *msgid_plural;  /* NULL unless the message has a plural */
	const char *const *forms;  /* msgstr[0..nforms) */
	size_t nforms;
};

/*
 * A catalogue read from PO text in any language (a translator's new .po
 * before it is built in, a test's): the same reader as the built-in ones.
 */
struct vigie_i18n_catalogue;

/** Parse PO text; NULL when out of memory.  Entries it cannot use are
 * left out, as from the built-in catalogues. */
VIGIE_EXTERN(struct vigie_i18n_catalogue *) vigie_i18n_catalogue_parse(
	const char *po, size_t len);
/** As vigie_i18n_text(), from c. */
VIGIE_EXTERN(const char *) vigie_i18n_catalogue_text(
	const struct vigie_i18n_catalogue *c, const char *msgid);
/** As vigie_i18n_ntext(), from c. */
VIGIE_EXTERN(const char *) vigie_i18n_catalogue_ntext(
	const struct vigie_i18n_catalogue *c, const char *msgid,
	const char *msgid_plural, unsigned long n);
VIGIE_EXTERN(void) vigie_i18n_catalogue_free(struct vigie_i18n_catalogue *c);

/** The entries of lang's catalogue (borrowed, static); *count set. */
VIGIE_EXTERN(const struct vigie_i18n_entry *) vigie_i18n_entries(enum vigie_lang lang,
								 size_t *count);

#ifdef __cplusplus
}
#endif

#endif
