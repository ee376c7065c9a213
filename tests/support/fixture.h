/* SPDX-License-Identifier: EUPL-1.2 */
/* Test fixtures: temporary directories and real git repositories. */
#ifndef VIGIE_TEST_FIXTURE_H
#define VIGIE_TEST_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "vigie/common.h"

/** A new empty directory under $TMPDIR; caller frees the path. */
char *fx_tmpdir(const char *tag);
/** rm -rf, then free path. */
void fx_rmdir(char *path);

/** Write a file (creating parent directories) below dir. */
void fx_write(const char *dir, const char *rel, const char *content);
void fx_write_bytes(const char *dir, const char *rel, const void *data,
		    size_t len);

/**
 * Run a shell command with `cd dir` first, with fixed git identities and
 * dates (Test Author <author@example.org>, 2026-01-01T00:00:00Z unless the
 * command sets GIT_*_DATE itself), and fail the test if it exits non-zero.
 */
void fx_sh(const char *dir, const char *fmt, ...) VIGIE_PRINTF(2, 3);
/** Same, returning the exit status and capturing stdout into *out (malloc'd). */
int fx_sh_out(char **out, const char *dir, const char *fmt, ...)
	VIGIE_PRINTF(3, 4);

/** git init (branch main) of a fresh temporary repository; caller frees. */
char *fx_repo_new(const char *tag);
/** git add -A && git commit -m msg in dir. */
void fx_commit(const char *dir, const char *msg);

/** The path of the built vigie executable (from the VIGIE_BIN env var). */
const char *fx_vigie_bin(void);
/** Where the source tree is (VIGIE_SOURCE_ROOT). */
const char *fx_source_root(void);

/** A free TCP port on 127.0.0.1. */
int fx_free_port(void);

/**
 * Start a background process (argv[0] looked up in PATH) with its output
 * sent to /dev/null; fx_stop() kills and reaps it.
 */
int fx_spawn(const char *const argv[]);
void fx_stop(int pid);
/** Wait (up to 15 s) until 127.0.0.1:port accepts connections. */
void fx_wait_port(int port);
/** Wait (up to 15 s) for a file holding a port number, and return it. */
int fx_wait_portfile(const char *path);

/** A git daemon serving base (every repository exported) on a free port. */
int fx_git_daemon(const char *base, int *port);
/** A smart-HTTP git server (git http-backend) serving base. */
int fx_http_git(const char *base, int *port);

/**
 * Make, with the openssl command, in dir: a test CA (ca.pem), a server
 * certificate for 127.0.0.1 and 127.0.0.2 it signed (server.pem,
 * server.key), another CA that signed nothing (other-ca.pem), and capath/
 * holding ca.pem hashed as openssl rehash does.
 */
void fx_tls_certs(const char *dir);
/** fx_http_git over TLS, with certdir's server.pem and server.key. */
int fx_https_git(const char *base, const char *certdir, int *port);

/**
 * A hostile git server on 127.0.0.1 (tests/support/hostile_git.py): mode
 * "silent" (accepts, never answers), "stall" (smart HTTP serving root, the
 * pack cut in half and the connection held) or "endless" (a pack that
 * never ends).  Its requests are logged to root/.port-MODE.log.
 */
int fx_hostile_git(const char *mode, const char *root, int *port);

/** Run vigie with args (a shell fragment) in dir; capture stdout, stderr. */
int fx_vigie(char **out, char **err, const char *dir, const char *fmt, ...)
	VIGIE_PRINTF(4, 5);

struct json_t;

/** Fail, showing both (sorted), unless a and b are equal JSON. */
void fx_assert_json_equal(struct json_t *a, struct json_t *b, const char *what);

/**
 * cmocka_run_group_tests over this process's share of the tests: with
 * VIGIE_TEST_SHARD=K/N in the environment, the tests whose index is K-1
 * modulo N; with VIGIE_TEST_FORK=N (tests/meson.build sets it for the
 * modules that mostly wait), all N shares at once in N child processes;
 * without either, all of them.  The group's setup and teardown run in
 * each share.
 */
int fx_run_group_tests_(const char *name, const struct CMUnitTest *tests,
			size_t n, CMFixtureFunction setup,
			CMFixtureFunction teardown);
#define fx_run_group_tests(tests, setup, teardown)                           \
	fx_run_group_tests_(#tests, tests, sizeof(tests) / sizeof((tests)[0]), \
			    setup, teardown)

/** Does s contain sub?  For assertions with a readable failure. */
#define assert_contains(s, sub)                                              \
	do {                                                                 \
		const char *s_ = (s), *sub_ = (sub);                         \
		if (!s_ || !strstr(s_, sub_))                                \
			fail_msg("expected to find \"%s\" in:\n%s", sub_,    \
				 s_ ? s_ : "(null)");                        \
	} while (0)
#define assert_not_contains(s, sub)                                          \
	do {                                                                 \
		const char *s_ = (s), *sub_ = (sub);                         \
		if (s_ && strstr(s_, sub_))                                  \
			fail_msg("did not expect \"%s\" in:\n%s", sub_, s_); \
	} while (0)

#endif
