/* SPDX-License-Identifier: EUPL-1.2 */
/* libgit2 opened when first needed, and its table of functions (git2_api.h). */
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define VIGIE_GIT2_TABLE
#include "git2_api.h"
#include "vigie/common.h"
#include "vigie/i18n.h"
#include "vigie-config.h"
#include "banned.h"

struct vigie_git2_api vigie_git2_api;

static pthread_once_t git2_once = PTHREAD_ONCE_INIT;
static char git2_failure[256];
static bool git2_ready;
static void (*init_before)(void), (*init_after)(void);

static void git2_open(void)
{
	static const struct {
		size_t offset;
		const char *name;
	} syms[] = {
#define SYM(f) { offsetof(struct vigie_git2_api, f), #f },
		VIGIE_GIT2_FUNCTIONS(SYM)
#undef SYM
	};
	struct vigie_git2_api api;
	/*
	 * Global: the libraries libgit2 brings (mbed TLS, libssh2) are then
	 * found by dlsym(RTLD_NEXT) from the command, which stands in front
	 * of three of their functions (src/cli/tls_defer.c).  Lazy, as a
	 * library linked at load time is bound: a function's address is
	 * looked up when it is first called, not all of them now.
	 */
	void *lib = dlopen(VIGIE_LIBGIT2_SONAME, RTLD_LAZY | RTLD_GLOBAL);
	size_t i;
	int rc;

	if (!lib) {
		snprintf(git2_failure, sizeof(git2_failure), "%s", dlerror());
		return;
	}
	for (i = 0; i < VIGIE_ARRAY_SIZE(syms); i++) {
		void *f = dlsym(lib, syms[i].name);
		if (!f) {
			snprintf(git2_failure, sizeof(git2_failure), "%s has no %s",
				 VIGIE_LIBGIT2_SONAME, syms[i].name);
			return;
		}
		memcpy((char *)&api + syms[i].offset, &f, sizeof(f));
	}
	vigie_git2_api = api;
	if (init_before)
		init_before();
	rc = api.git_libgit2_init();
	if (init_after)
		init_after();
	if (rc < 0) {
		snprintf(git2_failure, sizeof(git2_failure), "%s",
			 "its global set-up failed");
		return;
	}
	/*
	 * vigie only reads repositories and never runs their hooks or filters,
	 * so a repository owned by another user (a CI checkout, a batch cache)
	 * is safe to read.
	 */
	api.git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	/*
	 * libgit2 hashes every object again as it reads it, which is a fifth
	 * of the time to index a large tree; git itself does not when it
	 * reads (objects are checked when they arrive: a fetch indexes and
	 * verifies its pack), and vigie only reads.
	 */
	api.git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	api.git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	__atomic_store_n(&git2_ready, true, __ATOMIC_RELEASE);
}

int vigie_git2_load(struct vigie_error *err)
{
	if (__atomic_load_n(&git2_ready, __ATOMIC_ACQUIRE))
		return 0;
	if (pthread_once(&git2_once, git2_open) == 0 && git2_ready)
		return 0;
	if (err)
		vigie_error_set(err, VIGIE_EGENERIC, NULL, N_("cannot load %s: %s"),
				VIGIE_LIBGIT2_SONAME,
				git2_failure[0] ? git2_failure : "pthread_once");
	return -1;
}

bool vigie_git2_loaded(void)
{
	return __atomic_load_n(&git2_ready, __ATOMIC_ACQUIRE);
}

void vigie_git2_around_init(void (*before)(void), void (*after)(void))
{
	init_before = before;
	init_after = after;
}

void vigie_git2_shutdown(void)
{
	if (vigie_git2_loaded())
		vigie_git2_api.git_libgit2_shutdown();
}
