/* SPDX-License-Identifier: EUPL-1.2 */
/* The fake forge of the tests: tests/support/fakeforge.py on 127.0.0.1. */
#ifndef VIGIE_TEST_FAKEFORGE_H
#define VIGIE_TEST_FAKEFORGE_H

#include <sys/types.h>
#include <jansson.h>

struct fakeforge {
	pid_t pid;
	int port;
	char *dir;      /* scratch directory: the request log, caches */
	char *log;      /* one JSON line per request received */
	char base[64];  /* http(s)://127.0.0.1:PORT */
};

/** Start the server on a free port and wait until it accepts connections. */
void ff_start(struct fakeforge *ff);
/**
 * The same over TLS, with certdir's server.pem and server.key (see
 * fx_tls_certs): base is https://127.0.0.1:PORT.
 */
void ff_start_tls(struct fakeforge *ff, const char *certdir);
/** Stop the server (by its pid) and remove the scratch directory. */
void ff_stop(struct fakeforge *ff);
/** "http://127.0.0.1:PORT/<forge><suffix>" in a static buffer. */
const char *ff_url(const struct fakeforge *ff, const char *forge,
		   const char *suffix);
/** The requests received so far, as a new JSON array. */
json_t *ff_requests(const struct fakeforge *ff);
/** The first request whose path is path (borrowed from reqs), or NULL. */
json_t *ff_find(json_t *reqs, const char *path);

#endif
