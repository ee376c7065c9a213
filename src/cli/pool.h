/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie batch's executor: a worker process per repository. */
#ifndef VIGIE_CLI_POOL_H
#define VIGIE_CLI_POOL_H

#include <sys/types.h>

#include "vigie/batch.h"
#include "vigie/buf.h"

/* At most this many workers at once (--jobs). */
#define CLI_POOL_MAX 256

struct cli_pool_slot {
	pid_t pid;
	int fd;                         /* the read end of its pipe */
	struct vigie_batch_task *task;
	struct vigie_buf buf;           /* its record, as it comes */
	bool too_big;                   /* killed: the record passed the cap */
};

/*
 * The executor's state: the workers running, and the record last handed
 * to the driver (kept until the next wait).
 */
struct cli_pool {
	struct cli_pool_slot v[CLI_POOL_MAX];
	size_t n;
	pid_t parent;
	struct vigie_buf last;
};

/*
 * An executor over pool (zeroed, then cli_pool_release when the batch is
 * done): each task in a process forked for it, which writes its record
 * into a pipe and exits; SIGKILL to cancel one; a worker dies with the
 * command (PR_SET_PDEATHSIG), ignores SIGINT and SIGTERM (the command
 * decides when to stop) and first lets go of the directory's lock.
 */
void cli_pool_executor(struct vigie_batch_executor *ex, struct cli_pool *pool);

/* Kill and reap the workers still running (after a failed batch). */
void cli_pool_release(struct cli_pool *pool);

#endif
