/* SPDX-License-Identifier: EUPL-1.2 */
/* Release gates: the thresholds a scorecard must meet (score, rules, levels). */
#ifndef VIGIE_GATE_H
#define VIGIE_GATE_H

#include "common.h"
#include "buf.h"
#include "error.h"
#include "rules.h"
#include "scorecard.h"

#ifdef __cplusplus
extern "C" {
#endif

/* At most this many required rules (a ceiling on what a command line asks). */
#define VIGIE_GATE_MAX_REQUIRE 64

/* A theme's gate: its score must be at least minimum (0..100). */
struct vigie_gate_theme {
	enum vigie_theme theme;
	double minimum;
};

/*
 * What a scorecard must meet.  Scores are 0..100 and -1 means "no gate";
 * a score that could not be computed (no rule ran) never fails a gate.
 * The arrays themes (at most one entry a theme) and require are the
 * gate's (vigie_gate_parse_fail_under and vigie_gate_require grow them,
 * vigie_gate_release frees them); the rule ids in require are borrowed.
 */
struct vigie_gate {
	double fail_under;                /* overall */
	struct vigie_gate_theme *themes;  /* per theme, in no order */
	size_t nthemes;
	const char **require;
	size_t nrequire;
	int fail_on; /* an enum vigie_level, or -1: no level gate */
};

/** No gate at all; release it with vigie_gate_release(). */
VIGIE_EXTERN(void) vigie_gate_init(struct vigie_gate *gate);
/** Free the gate's array of required rules; gate is then no gate at all. */
VIGIE_EXTERN(void) vigie_gate_release(struct vigie_gate *gate);

/** Is any gate set? */
VIGIE_EXTERN(bool) vigie_gate_active(const struct vigie_gate *gate);

/**
 * Parse a --fail-under value, "SCORE" (overall) or "THEME=SCORE", SCORE an
 * integer from 0 to 100 (a theme given again takes the later score).
 * VIGIE_EINVALID with a message when malformed, VIGIE_ENOMEM.
 */
VIGIE_EXTERN(int) vigie_gate_parse_fail_under(struct vigie_gate *gate, const char *arg,
					      struct vigie_error *err);
/** Parse a --fail-on value: a level name (error, warning, note). */
VIGIE_EXTERN(int) vigie_gate_parse_fail_on(struct vigie_gate *gate, const char *arg,
					   struct vigie_error *err);
/**
 * Add a required rule id (borrowed).  VIGIE_ELIMIT past the maximum,
 * VIGIE_EGENERIC out of memory.
 */
VIGIE_EXTERN(int) vigie_gate_require(struct vigie_gate *gate, const char *rule_id,
				     struct vigie_error *err);

/**
 * Check sc against the gates, in this order: overall score, theme scores,
 * required rules (each must pass or be waived), levels (no rule of level
 * fail_on or more severe may end fail or partial).  Returns 0 when every
 * gate holds, 1 when one fails: why (may be NULL) then says which gate and
 * why, in one line ("overall score 40 is under 80").
 */
VIGIE_EXTERN(int) vigie_gate_check(const struct vigie_gate *gate,
				   const struct vigie_scorecard *sc, struct vigie_error *why);

/**
 * The failing rules that, fixed, would bring every score gate (overall and
 * themes) to its threshold: as few as possible, the largest gains (weight
 * times what the rule still lacks) first.  Appends their ids, separated by
 * ", ", to out and returns how many; 0 when no score gate fails, -1 when
 * out of memory.
 */
VIGIE_EXTERN(int) vigie_gate_reach(struct vigie_buf *out, const struct vigie_gate *gate,
				   const struct vigie_scorecard *sc);

#ifdef __cplusplus
}
#endif

#endif
