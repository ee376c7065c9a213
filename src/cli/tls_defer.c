/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * The system's CA certificates, read when a TLS connection first needs them.
 *
 * libgit2 built with mbedTLS (Debian's) parses the whole system CA bundle
 * (about 140 certificates, 220 KiB of PEM) in git_libgit2_init(): 4 to 6 ms
 * of every vigie process, although only a clone or fetch over https uses
 * it, and the hook, offline and local audits, `vigie license` never do.
 *
 * While cli_tls_defer_begin() .. _end() brackets libgit2's global
 * initialisation (libvigie calls them around it when it first loads
 * libgit2: vigie_global_init_hooks), the command defines mbedtls_x509_crt_parse_file() ahead of
 * libmbedx509 (a symbol of the executable comes first in the dynamic
 * linker's lookup): the chain libgit2 hands over stays empty and is
 * remembered with its file.  The first TLS handshake of the process (or of a
 * fetch child forked from it) parses the file into that very chain, which
 * libgit2's TLS configuration already points to.  A later call (the
 * user's --ca-file, `GIT_SSL_CAINFO`...) goes straight to mbedTLS, and since
 * libgit2 then replaces and frees the remembered chain, it is forgotten.
 *
 * Built against another TLS library (OpenSSL), libgit2 never calls these
 * functions and nothing changes.  Should loading fail at the handshake,
 * the chain stays empty and the connection fails closed ("certificate not
 * trusted"), never open.
 *
 * The same set-up starts libssh2 (libssh2_init), which sets up OpenSSL's
 * ciphers: half a millisecond of every process, for SSH transports only.
 * While deferring, libssh2_init() here answers 0 and starts nothing;
 * libssh2 starts itself when a session is first made: its
 * libssh2_session_init_ex() calls libssh2_init() when it finds itself not
 * started, through the same lookup, which now goes on to libssh2's.
 */
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "../util/banned.h"

/* mbedTLS's prototypes, with opaque pointers: vigie does not build against
 * mbedTLS, it only stands in front of it. */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_ssl_handshake(void *ssl);
int libssh2_init(int flags);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static bool deferring;
static void *deferred_chain;
static char *deferred_path;

void cli_tls_defer_begin(void)
{
	deferring = true;
}

void cli_tls_defer_end(void)
{
	deferring = false;
}

/* The names of the shared objects loaded, for next(): at most 64. */
struct loaded {
	char *names[64];
	size_t n;
};

static int collect(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct loaded *l = arg;

	(void)size;
	if (info->dlpi_name && *info->dlpi_name &&
	    l->n < sizeof(l->names) / sizeof(l->names[0]))
		l->names[l->n++] = strdup(info->dlpi_name);
	return 0;
}

/*
 * The library's own function name, behind the command's.  libvigie loads
 * libgit2 with its libraries into the global scope, where RTLD_NEXT finds
 * them; but libcurl, opened on its own (RTLD_LOCAL) by a command that has
 * not needed libgit2, brings a libssh2 that only a look into each loaded
 * object finds.  Never this file's own function (fn).
 */
static void *next(const char *name, const void *self)
{
	struct loaded l = { .n = 0 };
	void *f = dlsym(RTLD_NEXT, name);
	size_t i;

	if (f)
		return f;
	dl_iterate_phdr(collect, &l);
	for (i = 0; i < l.n; i++) {
		void *h = l.names[i] ? dlopen(l.names[i], RTLD_LAZY | RTLD_NOLOAD)
				     : NULL;
		if (h && !f) {
			f = dlsym(h, name);
			if (f == self)
				f = NULL;
		}
		if (h)
			dlclose(h);
		free(l.names[i]);
	}
	return f;
}

int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	int (*real)(void *, const char *) =
		(int (*)(void *, const char *))next(
			"mbedtls_x509_crt_parse_file",
			(const void *)mbedtls_x509_crt_parse_file);
	char *copy;
	int rc;

	pthread_mutex_lock(&lock);
	if (deferring && !deferred_chain && path &&
	    (copy = strdup(path)) != NULL) {
		deferred_chain = chain;
		deferred_path = copy;
		pthread_mutex_unlock(&lock);
		return 0;
	}
	/* another chain is being made: libgit2 frees the deferred one */
	deferred_chain = NULL;
	free(deferred_path);
	deferred_path = NULL;
	pthread_mutex_unlock(&lock);
	/* -0x2900 is MBEDTLS_ERR_X509_FILE_IO_ERROR */
	rc = real ? real(chain, path) : -0x2900;
	return rc;
}

int mbedtls_ssl_handshake(void *ssl)
{
	int (*real_hs)(void *) = (int (*)(void *))next(
		"mbedtls_ssl_handshake", (const void *)mbedtls_ssl_handshake);
	int (*real_parse)(void *, const char *) =
		(int (*)(void *, const char *))next(
			"mbedtls_x509_crt_parse_file",
			(const void *)mbedtls_x509_crt_parse_file);

	pthread_mutex_lock(&lock);
	if (deferred_chain && real_parse)
		(void)real_parse(deferred_chain, deferred_path);
	deferred_chain = NULL;
	free(deferred_path);
	deferred_path = NULL;
	pthread_mutex_unlock(&lock);
	/* -0x7080 is MBEDTLS_ERR_SSL_FEATURE_UNAVAILABLE */
	return real_hs ? real_hs(ssl) : -0x7080;
}

int libssh2_init(int flags)
{
	int (*real)(int) = (int (*)(int))next("libssh2_init",
					       (const void *)libssh2_init);

	if (deferring)
		return 0;
	return real ? real(flags) : -1;
}
