/* SPDX-License-Identifier: EUPL-1.2 */
/* A batch task's work (vigie_batch_task_run), and the error records of a batch. */
#ifndef VIGIE_BATCH_WORKER_H
#define VIGIE_BATCH_WORKER_H

#include <jansson.h>

#include "vigie/audit.h"
#include "vigie/batch.h"
#include "vigie/buf.h"

/* What a worker knows besides its target (all borrowed). */
struct batch_job_env {
	const struct vigie_audit_opts *audit;
	const char *digest;          /* the rule packs' digest */
	const char *prev_line;       /* the previous record, or NULL */
	json_t *defaults;            /* {from, inventory} of the org, or NULL */
	const char *defaults_from;
	const char *defaults_commit; /* its commit, or NULL */
	int64_t now;                 /* seconds since the epoch */
	long max_age_s;              /* reuse records younger than this; 0: any */
	/* A listed repository's forge, whose API describes it; or NULL. */
	const struct vigie_batch_origin *origin;
};

/** The record line of one target into line; -1 only out of memory. */
int batch_work(struct vigie_buf *line, const char *target, const char *key,
	       const struct batch_job_env *env);

/** An error record line; env may be NULL. */
int batch_error_line(struct vigie_buf *line, const char *key, const char *stage,
		     const struct vigie_error *e, double ms,
		     const struct batch_job_env *env);

#endif
