/* SPDX-License-Identifier: EUPL-1.2 */
/* What the scorecard modules share: the sums scores are made of. */
#ifndef VIGIE_SCORECARD_INTERNAL_H
#define VIGIE_SCORECARD_INTERNAL_H

#include "vigie/scorecard.h"

/* Weighted sums of the rules that ran (pass, partial, fail), by theme. */
struct score_sums {
	double sum[VIGIE_THEME_COUNT], weight[VIGIE_THEME_COUNT];
	double all, all_weight;
};

void score_sums(struct score_sums *out, const struct vigie_scorecard *sc);

/* A score from its sums, rounded to a tenth; -1 when no rule ran. */
double score_of(double sum, double weight);

#endif
