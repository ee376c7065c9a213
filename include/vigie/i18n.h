/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie's own messages in other languages, from catalogues built in. */
#ifndef VIGIE_I18N_H
#define VIGIE_I18N_H

#include <stdarg.h>

#include <jansson.h>

#include "buf.h"
#include "common.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * How many languages vigie speaks: English (0), then one per catalogue,
 * built in or added.  Every index below it is a valid enum vigie_lang.
 */
VIGIE_EXTERN(size_t) vigie_lang_count(void);
/** A language's code ("en", "fr", a catalogue's file name), "?" if none. */
VIGIE_EXTERN(const char *) vigie_lang_name(enum vigie_lang l);
/** The language of a code; -1 when vigie has no catalogue for it. */
VIGIE_EXTERN(int) vigie_lang_parse(const char *name);

/**
 * Add a language: the catalogue po (len bytes of PO text, copied) of the
 * code ("de", "pt_BR"), read as the built-in ones are (which go through
 * it too).  Returns the new language's index, or VIGIE_EINVALID (a code
 * that is malformed, "en" or already a language; a header without a
 * usable Plural-Forms rule), VIGIE_ELIMIT (too many languages) or
 * VIGIE_ENOMEM.  Thread-safe; a language is never removed.
 */
VIGIE_EXTERN(int) vigie_i18n_add_catalogue(const char *code, const char *po,
					   size_t len, struct vigie_error *err);

/**
 * The message msgid in lang (borrowed, static), or msgid itself (without
 * its context) when it is English or has no translation.  Thread-safe.
 */
VIGIE_EXTERN(const char *) vigie_i18n_text(enum vigie_lang lang, const char *msgid);

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

/*
 * Messages as data.  A message is its template (the catalogue id: the
 * English text with printf conversions, in static storage) and its
 * arguments, each written once the way the template's conversion asks
 * ("%.1f" of 2.25 is "2.2"), kept as strings packed one after another,
 * each NUL-terminated.  It is rendered in a language only when shown: the
 * arguments go into that language's template in order, or by position when
 * the translation says "%2$s".  English is the template itself.
 */
#define VIGIE_MSG_ARGS_MAX 9

/**
 * Write the arguments of the printf-style call (fmt, ap) into args (cap
 * bytes).  Returns how many there are, or -1 (args empty) when they do not
 * fit, there are more than VIGIE_MSG_ARGS_MAX, or fmt has a conversion a
 * message cannot carry (%n, %p, or a caller's positional one).
 */
VIGIE_EXTERN(int) vigie_msg_vargs(char *args, size_t cap, const char *fmt,
				  va_list ap) VIGIE_PRINTF(3, 0);
VIGIE_EXTERN(int) vigie_msg_args(char *args, size_t cap, const char *fmt, ...)
	VIGIE_PRINTF(3, 4);

/** Append the message (msgid, its nargs packed args) in lang. */
VIGIE_EXTERN(int) vigie_msg_render(struct vigie_buf *out, enum vigie_lang lang,
				   const char *msgid, const char *args,
				   size_t nargs);

/** The same with the template given (a translation read elsewhere). */
VIGIE_EXTERN(int) vigie_msg_render_template(struct vigie_buf *out,
					    const char *tmpl, const char *args,
					    size_t nargs);

/** nargs packed args as a new JSON array of strings; NULL out of memory. */
VIGIE_EXTERN(json_t *) vigie_msg_json_args(const char *args, size_t nargs);

/*
 * A message kept in JSON is a field KEY (its English text, for anyone
 * reading the JSON) with, when it was written from a catalogued template,
 * KEY_id (the template) and KEY_args (its arguments, strings): a problem's
 * "message", "message_id", "message_args".
 */

/**
 * Set obj's KEY (in English), KEY_id (fmt, which must be static) and
 * KEY_args from a printf-style call.  0 or VIGIE_ENOMEM.
 */
VIGIE_EXTERN(int) vigie_msg_json_set(json_t *obj, const char *key,
				     const char *fmt, ...) VIGIE_PRINTF(3, 4);
VIGIE_EXTERN(int) vigie_msg_json_vset(json_t *obj, const char *key,
				      const char *fmt, va_list ap)
	VIGIE_PRINTF(3, 0);
/** The same from an error's message and its data. */
VIGIE_EXTERN(int) vigie_msg_json_set_error(json_t *obj, const char *key,
					   const struct vigie_error *err);
/** Copy src's message field skey, with its data, to dst's dkey. */
VIGIE_EXTERN(int) vigie_msg_json_copy(json_t *dst, const char *dkey,
				      const json_t *src, const char *skey);

/**
 * Append, in lang, obj's message field KEY: rendered from KEY_id and
 * KEY_args; without them (a message without values, one from an older
 * vigie, or one that could not be kept as data), KEY's text as
 * vigie_i18n_text() gives it.
 */
VIGIE_EXTERN(int) vigie_msg_render_json(struct vigie_buf *out,
					enum vigie_lang lang, const json_t *obj,
					const char *key);

/** The entries of lang's catalogue (borrowed, static); *count set. */
VIGIE_EXTERN(const struct vigie_i18n_entry *) vigie_i18n_entries(enum vigie_lang lang,
								 size_t *count);

#ifdef __cplusplus
}
#endif

#endif
