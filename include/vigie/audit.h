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

/*
 * The options of an audit carry the version of this header, as libgit2's
 * do: a program built against another layout is refused, not misread.
 * Fill them with VIGIE_AUDIT_OPTIONS_INIT or vigie_audit_options_init().
 */
#define VIGIE_AUDIT_OPTIONS_VERSION 1

struct vigie_audit_opts {
	unsigned int version;            /* VIGIE_AUDIT_OPTIONS_VERSION */
	const char *rev;                 /* NULL: HEAD */
	struct vigie_source_opts source;
	struct vigie_collect_opts collect;
	const struct vigie_ruleset *rules; /* borrowed; this or rules_fn */
	/*
	 * When rules is NULL: the function that gives them (borrowed), called
	 * once, on the calling thread, when the audit first needs them: after
	 * the facts, so that a program loads its rule packs while the
	 * repository is read.  Its NULL fails the audit at VIGIE_STAGE_RULES
	 * with the error it set.  Not called when the audit fails before.
	 */
	const struct vigie_ruleset *(*rules_fn)(void *arg, struct vigie_error *err);
	void *rules_arg;
};

/* The defaults, statically (collect.now 0: the time the audit starts). */
#define VIGIE_AUDIT_OPTIONS_INIT \
	{ VIGIE_AUDIT_OPTIONS_VERSION, NULL, VIGIE_SOURCE_OPTIONS_INIT, \
	  VIGIE_COLLECT_OPTIONS_INIT, NULL, NULL, NULL }

/**
 * Fill opts with the defaults (collect.now: the present) for a caller
 * built with version VIGIE_AUDIT_OPTIONS_VERSION.  VIGIE_EINVALID, opts
 * untouched, when this library does not know version.
 */
VIGIE_EXTERN(int) vigie_audit_options_init(struct vigie_audit_opts *opts,
					   unsigned int version);

/**
 * 0, or VIGIE_EINVALID (err set) when opts, or its source or collect
 * member, is of another version than this header's.
 */
VIGIE_EXTERN(int) vigie_audit_options_check(const struct vigie_audit_opts *opts,
					    struct vigie_error *err);

/**
 * Audit target and fill out (released by the caller with
 * vigie_scorecard_release).  On failure *stage says where it failed.
 * VIGIE_EINVALID when opts->version is not VIGIE_AUDIT_OPTIONS_VERSION
 * (nor source's and collect's theirs) or both opts->rules and
 * opts->rules_fn are NULL.
 */
VIGIE_EXTERN(int) vigie_audit_run(struct vigie_scorecard *out, enum vigie_stage *stage,
				  const char *target, const struct vigie_audit_opts *opts,
				  struct vigie_error *err);

#ifdef __cplusplus
}
#endif

#endif
