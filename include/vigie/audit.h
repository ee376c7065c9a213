/* SPDX-License-Identifier: EUPL-1.2 */
/* The whole pipeline for one target: source, snapshot, facts, rules, scorecard. */
#ifndef VIGIE_AUDIT_H
#define VIGIE_AUDIT_H

#include "common.h"
#include "error.h"
#include "facts.h"
#include "rules.h"
#include "scorecard.h"
#include "source.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The stage an audit failed in, so a caller can choose its exit code. */
enum vigie_stage {
	VIGIE_STAGE_TARGET,
	VIGIE_STAGE_SOURCE,
	VIGIE_STAGE_SNAPSHOT,
	VIGIE_STAGE_FACTS,
	VIGIE_STAGE_RULES,
	VIGIE_STAGE_COUNT
};

struct vigie_audit_opts {
	const char *rev;                 /* NULL: HEAD */
	struct vigie_source_opts source;
	struct vigie_collect_opts collect;
	const struct vigie_ruleset *rules; /* borrowed */
};

VIGIE_EXTERN(void) vigie_audit_opts_init(struct vigie_audit_opts *opts);

/**
 * Audit target and fill out (released by the caller with
 * vigie_scorecard_release).  On failure *stage says where it failed.
 */
VIGIE_EXTERN(int) vigie_audit_run(struct vigie_scorecard *out, enum vigie_stage *stage,
				  const char *target, const struct vigie_audit_opts *opts,
				  struct vigie_error *err);

#ifdef __cplusplus
}
#endif

#endif
