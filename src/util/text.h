/* SPDX-License-Identifier: EUPL-1.2 */
/* Text helpers for prose from repositories: folding and language guessing. */
#ifndef VIGIE_UTIL_TEXT_H
#define VIGIE_UTIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "vigie/buf.h"

/**
 * Append s folded for matching: ASCII lowercase, Latin letters with
 * diacritics reduced to their base (É -> e, œ -> oe), every other
 * character a single space between words.
 */
int vigie_text_fold(struct vigie_buf *out, const char *s, size_t len);

#define VIGIE_TEXT_LANGS 7
/* Fewer stop words than this say nothing about a text's language. */
#define VIGIE_TEXT_LANG_MIN_WORDS 8

/* Stop-word counts, most frequent language first; count may be 0. */
struct vigie_text_lang {
	size_t count;
	const char *codes[VIGIE_TEXT_LANGS]; /* "en", "fr"... (static) */
	long words[VIGIE_TEXT_LANGS];
	long total; /* words read */
};

/**
 * Count the stop words of each known language (de, en, es, fr, it, nl, pt)
 * in a Markdown-ish text, skipping code blocks, inline code, URLs and HTML
 * tags; only the first 64 KiB are read.  Languages without a hit are left
 * out.  Returns 0.
 */
int vigie_text_language(struct vigie_text_lang *out, const char *text,
			size_t len);

/**
 * Is host a documentation placeholder: example.com, example.org,
 * example.net (RFC 2606) or a subdomain, or a name under .test, .example,
 * .invalid, .localhost, or a template's "domain.com" / "yourdomain..."?
 */
bool vigie_text_placeholder_host(const char *host, size_t n);

/**
 * Is the e-mail address (local@host, n bytes) a placeholder: its host one
 * (above), or its local part a template's ("your-email", "your.name",
 * "username", "email")?
 */
bool vigie_text_placeholder_email(const char *addr, size_t n);

/**
 * Does the value read as a template left unfilled: "TODO", "TBD", "FIXME",
 * "[INSERT ...]", "<contact>", "<email>", "your-email@", "XXX", or a
 * placeholder address or URL (above)?
 */
bool vigie_text_placeholder(const char *s, size_t n);

/**
 * Make s one line, in place: line breaks, carriage returns and tabs become
 * spaces, runs of spaces one, and the ends lose theirs (a library's or a
 * server's message, shown on one line of an error).
 */
void vigie_text_one_line(char *s);

/**
 * Do the first n bytes of s equal those of head, ASCII letters in any
 * case (both may end before n, together)?  strncasecmp does the same
 * through the locale, several times slower; this runs once per path of a
 * large tree.
 */
bool vigie_ascii_prefix_eq(const char *head, const char *s, size_t n);

#endif
