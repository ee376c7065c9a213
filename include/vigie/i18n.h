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

/* One catalogue entry, for tools and tests. */
struct vigie_i18n_entry {
	const char *msgid;
	const char *msgstr;
};

/** The entries of lang's catalogue (borrowed, static); *count set. */
VIGIE_EXTERN(const struct vigie_i18n_entry *) vigie_i18n_entries(enum vigie_lang lang,
								 size_t *count);

#ifdef __cplusplus
}
#endif

#endif
