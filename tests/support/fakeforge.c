/* SPDX-License-Identifier: EUPL-1.2 */
/* Starting and reading the fake forge server used by the forge tests. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "fakeforge.h"

static bool accepting(int port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	bool ok;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

void ff_start(struct fakeforge *ff)
{
	ff_start_tls(ff, NULL);
}

void ff_start_tls(struct fakeforge *ff, const char *certdir)
{
	char script[4096], root[4096], port[16], cert[4096], key[4096];
	struct timespec pause = { 0, 20 * 1000000L };
	int i;

	memset(ff, 0, sizeof(*ff));
	ff->dir = fx_tmpdir("fakeforge");
	if (asprintf(&ff->log, "%s/requests.log", ff->dir) < 0)
		fail_msg("out of memory");
	fx_write(ff->dir, "requests.log", "");
	snprintf(script, sizeof(script), "%s/tests/support/fakeforge.py",
		 fx_source_root());
	snprintf(root, sizeof(root), "%s/tests/data/forge", fx_source_root());
	ff->port = fx_free_port();
	snprintf(port, sizeof(port), "%d", ff->port);
	snprintf(ff->base, sizeof(ff->base), "%s://127.0.0.1:%d",
		 certdir ? "https" : "http", ff->port);
	snprintf(cert, sizeof(cert), "%s/server.pem", certdir ? certdir : "");
	snprintf(key, sizeof(key), "%s/server.key", certdir ? certdir : "");
	ff->pid = fork();
	if (ff->pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (ff->pid == 0) {
		if (certdir && (setenv("TLS_CERT", cert, 1) < 0 ||
				setenv("TLS_KEY", key, 1) < 0))
			_exit(127);
		unsetenv("MALLOC_PERTURB_"); /* for vigie only (fixture.c) */
		execlp("python3", "python3", script, port, root, ff->log,
		       (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 500; i++) {
		int status;
		if (accepting(ff->port))
			return;
		if (waitpid(ff->pid, &status, WNOHANG) == ff->pid)
			fail_msg("the fake forge exited early (%d)", status);
		nanosleep(&pause, NULL);
	}
	fail_msg("the fake forge did not start on port %d", ff->port);
}

void ff_stop(struct fakeforge *ff)
{
	if (ff->pid > 0) {
		kill(ff->pid, SIGTERM);
		waitpid(ff->pid, NULL, 0);
		ff->pid = 0;
	}
	free(ff->log);
	ff->log = NULL;
	if (ff->dir)
		fx_rmdir(ff->dir);
	ff->dir = NULL;
}

const char *ff_url(const struct fakeforge *ff, const char *forge,
		   const char *suffix)
{
	static char url[512];

	snprintf(url, sizeof(url), "%s/%s%s", ff->base, forge,
		 suffix ? suffix : "");
	return url;
}

json_t *ff_requests(const struct fakeforge *ff)
{
	json_t *all = json_array();
	char line[8192];
	FILE *f = fopen(ff->log, "r");

	if (!f)
		fail_msg("cannot read %s", ff->log);
	while (fgets(line, sizeof(line), f)) {
		json_t *r = json_loads(line, 0, NULL);
		if (!r)
			fail_msg("bad log line: %s", line);
		json_array_append_new(all, r);
	}
	fclose(f);
	return all;
}

json_t *ff_find(json_t *reqs, const char *path)
{
	size_t i;

	for (i = 0; i < json_array_size(reqs); i++) {
		json_t *r = json_array_get(reqs, i);
		const char *p = json_string_value(json_object_get(r, "path"));
		if (p && !strcmp(p, path))
			return r;
	}
	return NULL;
}
