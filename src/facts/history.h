/* SPDX-License-Identifier: EUPL-1.2 */
/* The history walk on a thread of its own, beside the other collectors. */
#ifndef VIGIE_FACTS_HISTORY_H
#define VIGIE_FACTS_HISTORY_H

#include <jansson.h>

#include "vigie/facts.h"

struct vigie_history_job;

/*
 * Prepare the history collection of ctx on the calling thread (problems
 * about the anchor or the .mailmap go to ctx->problems now) and walk it on
 * a new thread, through a repository handle of its own.  ctx must outlive
 * the job.  An error: nothing was started (collect in sequence instead).
 */
int vigie_history_start(struct vigie_history_job **job,
			const struct vigie_collect_ctx *ctx,
			struct vigie_error *err);

/*
 * The same for a snapshot begun (vigie_snapshot_begin), its tree not yet
 * indexed: the walk needs the commit, not the tree, and starts while the
 * tree is indexed, when the snapshot can say its .mailmap (else, or on
 * an error, *job is NULL: start it once the tree is indexed).
 */
void vigie_history_start_early(struct vigie_history_job **job,
			       const struct vigie_collect_ctx *ctx);

/*
 * vigie_facts_collect, with the history walk started early (job, NULL:
 * none) and the problems it gave (problems, the array of ctx->problems).
 * Takes both, whatever it returns.
 */
int vigie_facts_collect_begun(json_t **facts_out, json_t **problems_out,
			      json_t *timings, const struct vigie_collect_ctx *ctx,
			      json_t *problems, struct vigie_history_job *job,
			      struct vigie_error *err);

/*
 * Wait for the walk and take what vigie_history_collect would have given;
 * *ms gets the time the walk took.  Frees the job.
 */
int vigie_history_finish(struct vigie_history_job *job, json_t **out,
			 double *ms, struct vigie_error *err);

/* Wait for a walk whose facts are not wanted (an audit that failed) and
 * free the job; NULL: nothing. */
void vigie_history_abandon(struct vigie_history_job *job);

#endif
