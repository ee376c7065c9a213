/* SPDX-License-Identifier: EUPL-1.2 */
/* The scorecard: every rule's outcome, theme scores and the facts behind them. */
#ifndef VIGIE_SCORECARD_H
#define VIGIE_SCORECARD_H

#include <jansson.h>

#include "common.h"
#include "error.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VIGIE_SCORECARD_SCHEMA "vigie.scorecard/1"

struct vigie_scorecard {
	char *target;      /* redacted, as shown */
	char *url;         /* redacted clone URL, or NULL */
	char *commit;
	char *ref;         /* may be NULL */
	int64_t commit_time;
	int64_t as_of;     /* the anchor of every age (vigie_collect_anchor) */
	json_t *packs;     /* new ref: [{name, version}] */
	char *digest;
	size_t count;
	struct vigie_result *results;
	double overall;    /* 0..100, or -1 when no rule ran; a theme's
			      score: vigie_scorecard_theme_score() */
	json_t *facts;     /* new ref */
	json_t *problems;  /* new ref: collectors that failed */
	json_t *timings;   /* new ref: {stage: ms} */
	json_t *waivers;   /* new ref: see vigie_waiver_apply, or NULL */
};

/**
 * Evaluate every rule of rs and compute the scores.  sc is initialised
 * here; facts is taken as a new reference (the caller keeps its own).
 */
VIGIE_EXTERN(int) vigie_scorecard_build(struct vigie_scorecard *sc,
					const struct vigie_ruleset *rs,
					const struct vigie_eval_ctx *ctx,
					struct vigie_error *err);

/** Recompute the overall score from the results. */
VIGIE_EXTERN(void) vigie_scorecard_score(struct vigie_scorecard *sc);

/**
 * A theme's score, 0..100, from the results as they are: the weighted
 * mean of its rules that ran (pass, partial, fail); -1 when none ran or
 * theme is not a theme.  (An accessor rather than an array in the
 * struct: the themes come from the guide and may grow without changing
 * the struct's layout.)
 */
VIGIE_EXTERN(double) vigie_scorecard_theme_score(const struct vigie_scorecard *sc,
						 enum vigie_theme theme);

VIGIE_EXTERN(void) vigie_scorecard_release(struct vigie_scorecard *sc);

/** The scorecard as JSON (schema vigie.scorecard/1); new reference. */
VIGIE_EXTERN(json_t *) vigie_scorecard_to_json(const struct vigie_scorecard *sc);

#ifdef __cplusplus
}
#endif

#endif
