/* SPDX-License-Identifier: EUPL-1.2 */
/* Reporters: the scorecard as text, JSON, SARIF or Markdown. */
#ifndef VIGIE_REPORT_H
#define VIGIE_REPORT_H

#include "common.h"
#include "buf.h"
#include "error.h"
#include "scorecard.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A report's options carry the version of this header, as the audit's do:
 * a program built against another layout is refused (VIGIE_EINVALID), not
 * misread.  Start from VIGIE_REPORT_OPTIONS_INIT.
 */
#define VIGIE_REPORT_OPTIONS_VERSION 1

struct vigie_report_opts {
	unsigned int version; /* VIGIE_REPORT_OPTIONS_VERSION */
	enum vigie_lang lang;
	bool color;   /* ANSI colours (text only) */
	bool verbose; /* text: passing rules' evidence too */
};

#define VIGIE_REPORT_OPTIONS_INIT \
	{ VIGIE_REPORT_OPTIONS_VERSION, VIGIE_LANG_EN, false, false }

/** 0, or VIGIE_EINVALID (err set) when opts is not of this version. */
VIGIE_EXTERN(int) vigie_report_opts_check(const struct vigie_report_opts *opts,
					  struct vigie_error *err);

typedef int (*vigie_report_fn)(struct vigie_buf *out,
			       const struct vigie_scorecard *sc,
			       const struct vigie_report_opts *opts,
			       struct vigie_error *err);

struct vigie_reporter {
	const char *name;
	vigie_report_fn fn;
	const char *description;
};

/** The reporters, sorted by name. */
VIGIE_EXTERN(const struct vigie_reporter *) vigie_reporters(size_t *count);
VIGIE_EXTERN(const struct vigie_reporter *) vigie_reporter_find(const char *name);

VIGIE_EXTERN(int) vigie_report_text(struct vigie_buf *out, const struct vigie_scorecard *sc,
				    const struct vigie_report_opts *opts,
				    struct vigie_error *err);
VIGIE_EXTERN(int) vigie_report_json(struct vigie_buf *out, const struct vigie_scorecard *sc,
				    const struct vigie_report_opts *opts,
				    struct vigie_error *err);

/** SARIF 2.1.0: rule metadata, one result per fail, partial or waived rule. */
VIGIE_EXTERN(int) vigie_report_sarif(struct vigie_buf *out, const struct vigie_scorecard *sc,
				     const struct vigie_report_opts *opts,
				     struct vigie_error *err);
/** Markdown: theme scores, failing rules with their fix, details folded. */
VIGIE_EXTERN(int) vigie_report_markdown(struct vigie_buf *out,
					const struct vigie_scorecard *sc,
					const struct vigie_report_opts *opts,
					struct vigie_error *err);

/**
 * Append s to out with every control character, DEL, and invalid UTF-8 byte
 * escaped (\e, \n, \x1b, \xff...), and the bidirectional controls too
 * (\u202e...), so a name from a repository can never drive the terminal
 * nor reorder what it shows.
 */
VIGIE_EXTERN(int) vigie_escape_text(struct vigie_buf *out, const char *s, size_t len);

/**
 * A score (0..100; negative: none) as a badge, in lang: an SVG image
 * ("commons | 72/100", coloured by score band), or the JSON answer of a
 * shields.io endpoint badge ({schemaVersion, label, message, color}).
 * Appended to out; -1 when out of memory.
 */
VIGIE_EXTERN(int) vigie_report_badge_svg(struct vigie_buf *out, double score,
					 enum vigie_lang lang);
VIGIE_EXTERN(int) vigie_report_badge_json(struct vigie_buf *out, double score,
					  enum vigie_lang lang);

#ifdef __cplusplus
}
#endif

#endif
