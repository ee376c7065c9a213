/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Preloaded by test_tls: writes "init" to $VIGIE_SSH2_PROBE each time
 * libssh2 is really started, then starts it.  The command stands in front
 * of libssh2_init (src/cli/tls_defer.c); once it lets a call through, that
 * call comes here (the next definition after the program's), then goes on
 * to libssh2's.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int libssh2_init(int flags)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "libssh2_init");
	const char *mark = getenv("VIGIE_SSH2_PROBE");
	int fd;

	if (mark && (fd = open(mark, O_WRONLY | O_CREAT | O_APPEND, 0600)) >= 0) {
		if (write(fd, "init\n", 5) != 5)
			abort();
		close(fd);
	}
	return real ? real(flags) : -1;
}
