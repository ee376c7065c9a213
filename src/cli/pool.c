/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * vigie batch's executor: libvigie's batch driver hands it each
 * repository's audit; it runs each in a worker process of its own, reads
 * the record the worker writes into a pipe, kills a worker on request (a
 * time limit) or when its record passes the cap, and tells how each ended.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vigie/batch.h"
#include "vigie/buf.h"
#include "vigie/error.h"
#include "vigie/i18n.h"
#include "pool.h"
#include "../util/banned.h"

/* In the worker: audit, write the record, exit; never return. */
static void worker(const struct vigie_batch_task *task, pid_t parent, int wfd)
{
	char *line = NULL;
	size_t len = 0, off = 0;

	/* Die with the command; let it decide when we stop. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* a parent killed before prctl sends no signal */
	if (getppid() != parent)
		_exit(1);
	/*
	 * The lock is held while one descriptor of it is open: a worker
	 * still dying after its parent's kill -9 must not keep the
	 * directory locked against the --resume that follows.
	 */
	if (task->lock_fd >= 0)
		close(task->lock_fd);
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGPIPE, SIG_DFL);
	if (vigie_batch_task_run(task, &line, &len) < 0)
		_exit(1);
	while (off < len) {
		ssize_t n = write(wfd, line + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(1);
		off += (size_t)n;
	}
	_exit(0);
}

static int pool_start(struct vigie_batch_task *task, struct vigie_error *err,
		      void *payload)
{
	struct cli_pool *pool = payload;
	struct cli_pool_slot *s;
	int p[2];
	pid_t pid;

	if (pool->n == CLI_POOL_MAX)
		return vigie_error_set(err, VIGIE_EGENERIC, "",
				       N_("cannot start a worker: %s"),
				       strerror(EAGAIN));
	if (pipe2(p, O_CLOEXEC) < 0)
		return vigie_error_set(err, VIGIE_EGENERIC, "", N_("cannot make a pipe: %s"),
				       strerror(errno));
	/* What stdio holds is written once, not once more per worker. */
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return vigie_error_set(err, VIGIE_EGENERIC, "",
				       N_("cannot start a worker: %s"), strerror(errno));
	}
	if (pid == 0) {
		close(p[0]);
		worker(task, pool->parent, p[1]);
	}
	close(p[1]);
	s = &pool->v[pool->n++];
	s->pid = pid;
	s->fd = p[0];
	s->task = task;
	s->too_big = false;
	vigie_buf_init(&s->buf, VIGIE_BATCH_RECORD_MAX);
	task->exec = s;
	return 0;
}

static void pool_cancel(struct vigie_batch_task *task, void *payload)
{
	struct cli_pool *pool = payload;
	size_t i;

	for (i = 0; i < pool->n; i++)
		if (pool->v[i].task == task)
			kill(pool->v[i].pid, SIGKILL);
}

/* Worker s is gone (its pipe closed): how it ended, into end. */
static void reap(struct cli_pool *pool, struct cli_pool_slot *s,
		 struct vigie_batch_end *end)
{
	int status = 0;

	close(s->fd);
	while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
		;
	memset(end, 0, sizeof(*end));
	end->pid = (long)s->pid;
	if (s->too_big) {
		end->how = VIGIE_BATCH_END_TOO_BIG;
	} else if (WIFSIGNALED(status)) {
		end->how = VIGIE_BATCH_END_SIGNAL;
		end->code = WTERMSIG(status);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		end->how = VIGIE_BATCH_END_FAILED;
		end->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	} else {
		end->how = VIGIE_BATCH_END_RECORD;
	}
	/* The record stays the driver's to read until the next wait. */
	vigie_buf_release(&pool->last);
	pool->last = s->buf;
	end->line = pool->last.ptr;
	end->len = pool->last.len;
}

static int pool_wait(struct vigie_batch_task **task, struct vigie_batch_end *end,
		     long wait_ms, struct vigie_error *err, void *payload)
{
	struct cli_pool *pool = payload;
	struct pollfd pf[CLI_POOL_MAX];
	size_t i;

	vigie_buf_release(&pool->last);
	for (i = 0; i < pool->n; i++) {
		pf[i].fd = pool->v[i].fd;
		pf[i].events = POLLIN;
		pf[i].revents = 0;
	}
	if (poll(pf, pool->n, (int)wait_ms) < 0) {
		if (errno == EINTR)
			return 0;
		return vigie_error_set(err, VIGIE_EGENERIC, "", N_("poll: %s"),
				       strerror(errno));
	}
	for (i = 0; i < pool->n; i++) {
		struct cli_pool_slot *s = &pool->v[i];
		char chunk[65536];
		ssize_t n;

		if (!pf[i].revents)
			continue;
		n = read(s->fd, chunk, sizeof(chunk));
		if (n > 0 && vigie_buf_add(&s->buf, chunk, (size_t)n) < 0 &&
		    !s->too_big) {
			kill(s->pid, SIGKILL);
			s->too_big = true;
		}
		if (n > 0 || (n < 0 && errno == EINTR))
			continue;
		*task = s->task;
		reap(pool, s, end);
		/* Keep the slots packed: move the last one here. */
		pool->v[i] = pool->v[--pool->n];
		return 1;
	}
	return 0;
}

void cli_pool_executor(struct vigie_batch_executor *ex, struct cli_pool *pool)
{
	static const struct vigie_batch_executor init = VIGIE_BATCH_EXECUTOR_INIT;

	*ex = init;
	ex->start = pool_start;
	ex->wait = pool_wait;
	ex->cancel = pool_cancel;
	ex->payload = pool;
	pool->parent = getpid();
	vigie_buf_init(&pool->last, 0);
}

void cli_pool_release(struct cli_pool *pool)
{
	size_t i;
	int status;

	for (i = 0; i < pool->n; i++) {
		kill(pool->v[i].pid, SIGKILL);
		close(pool->v[i].fd);
		while (waitpid(pool->v[i].pid, &status, 0) < 0 && errno == EINTR)
			;
		vigie_buf_release(&pool->v[i].buf);
	}
	pool->n = 0;
	vigie_buf_release(&pool->last);
}
