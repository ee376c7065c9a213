/* SPDX-License-Identifier: EUPL-1.2 */
/* Waivers: rules a repository declares it knowingly does not meet (.vigie.json). */
#ifndef VIGIE_WAIVER_H
#define VIGIE_WAIVER_H

#include <jansson.h>

#include "common.h"
#include "error.h"
#include "rules.h"
#include "snapshot.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The file, at the root of the audited commit's tree. */
#define VIGIE_WAIVER_FILE ".vigie.json"
/* A larger file is reported, not read. */
#define VIGIE_WAIVER_READ_CAP (64 * 1024)

/*
 * What became of one waiver, the "state" member of each entry of the
 * scorecard's "waivers" array.
 */
enum vigie_waiver_state {
	VIGIE_WAIVER_APPLIED,      /* the rule failed and is now waived */
	VIGIE_WAIVER_UNUSED,       /* the rule did not fail: nothing to waive */
	VIGIE_WAIVER_EXPIRED,      /* past its expiry date: not applied */
	VIGIE_WAIVER_UNKNOWN_RULE, /* no loaded rule has this id */
	VIGIE_WAIVER_INVALID,      /* malformed file or entry */
	VIGIE_WAIVER_STATE_COUNT
};

VIGIE_EXTERN(const char *) vigie_waiver_state_name(enum vigie_waiver_state s);

/**
 * Read the waivers of snap's .vigie.json (from the pinned commit, never a
 * work tree) and apply them to results[0..count): a result that ended fail
 * or partial for a waived rule becomes VIGIE_STATUS_WAIVED, its reason the
 * waiver's ("REASON (until DATE)"), and a {path, line, note} evidence item
 * points at the waiver.  A waiver applies up to and including its expiry
 * date, compared with now (seconds since the epoch) in UTC.
 *
 * *out gets a new JSON array with one entry per waiver or problem:
 * {rule, reason, expires, state, where, message, status}; or NULL when the
 * commit has no .vigie.json.  A malformed file or entry is an entry of
 * state "invalid" with where = ".vigie.json:LINE:COL", never a failure:
 * only running out of memory fails.
 */
VIGIE_EXTERN(int) vigie_waiver_apply(json_t **out, struct vigie_result *results,
				     size_t count, struct vigie_snapshot *snap, int64_t now,
				     struct vigie_error *err);

#ifdef __cplusplus
}
#endif

#endif
