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
 * Wait for the walk and take what vigie_history_collect would have given;
 * *ms gets the time the walk took.  Frees the job.
 */
int vigie_history_finish(struct vigie_history_job *job, json_t **out,
			 double *ms, struct vigie_error *err);

#endif
