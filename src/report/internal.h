/* SPDX-License-Identifier: EUPL-1.2 */
/* What the reporters share: the words of themes and of counts of rules. */
#ifndef VIGIE_REPORT_INTERNAL_H
#define VIGIE_REPORT_INTERNAL_H

#include "vigie/buf.h"
#include "vigie/rules.h"

/*
 * Messages (vigie/i18n.h): pass them to vigie_i18n_text for the words in
 * the report's language.
 */

/* The themes' titles ("Understand"), indexed by enum vigie_theme. */
extern const char *const report_theme_titles[VIGIE_THEME_COUNT];

/* Append "3 passed", "1 error": n rules of status s, said in l. */
int report_status_count(struct vigie_buf *out, enum vigie_lang l,
			enum vigie_status s, size_t n);

#endif
