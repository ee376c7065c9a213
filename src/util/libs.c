/* SPDX-License-Identifier: EUPL-1.2 */
/* PCRE2, libyaml, libdeflate and zlib, opened when first needed (libs.h). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define VIGIE_LIBS_TABLE
#include "libs.h"
#include "pcre2_api.h"
#include "yaml_api.h"
#include "zlib_api.h"
#include "vigie/common.h"
#include "vigie/i18n.h"
#include "banned.h"

struct vigie_pcre2_api vigie_pcre2_api;
struct vigie_yaml_api vigie_yaml_api;
struct vigie_deflate_api vigie_deflate_api;
struct vigie_zlib_api vigie_zlib_api;

struct sym {
	size_t offset;
	const char *name;
};

#define PCRE2_SYM(f) { offsetof(struct vigie_pcre2_api, f), #f },
static const struct sym pcre2_syms[] = { VIGIE_PCRE2_FUNCTIONS(PCRE2_SYM) };
#undef PCRE2_SYM
#define YAML_SYM(f) { offsetof(struct vigie_yaml_api, f), #f },
static const struct sym yaml_syms[] = { VIGIE_YAML_FUNCTIONS(YAML_SYM) };
#undef YAML_SYM
#define DEFLATE_SYM(f) { offsetof(struct vigie_deflate_api, f), #f },
static const struct sym deflate_syms[] = { VIGIE_DEFLATE_FUNCTIONS(DEFLATE_SYM) };
#undef DEFLATE_SYM
#define ZLIB_SYM(f) { offsetof(struct vigie_zlib_api, f), #f },
static const struct sym zlib_syms[] = { VIGIE_ZLIB_FUNCTIONS(ZLIB_SYM) };
#undef ZLIB_SYM

static struct lib {
	const char *soname;
	const struct sym *syms;
	size_t nsyms;
	void *table; /* filled whole, or left as it was */
	size_t table_size;
	atomic_bool ready;
	bool tried;
	char failure[200];
} libs[VIGIE_LIB_COUNT] = {
	[VIGIE_LIB_PCRE2] = { "libpcre2-8.so.0", pcre2_syms,
			      VIGIE_ARRAY_SIZE(pcre2_syms), &vigie_pcre2_api,
			      sizeof(vigie_pcre2_api) },
	[VIGIE_LIB_YAML] = { "libyaml-0.so.2", yaml_syms,
			     VIGIE_ARRAY_SIZE(yaml_syms), &vigie_yaml_api,
			     sizeof(vigie_yaml_api) },
	[VIGIE_LIB_DEFLATE] = { "libdeflate.so.0", deflate_syms,
				VIGIE_ARRAY_SIZE(deflate_syms),
				&vigie_deflate_api, sizeof(vigie_deflate_api) },
	[VIGIE_LIB_ZLIB] = { "libz.so.1", zlib_syms, VIGIE_ARRAY_SIZE(zlib_syms),
			     &vigie_zlib_api, sizeof(vigie_zlib_api) },
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void open_lib(struct lib *l)
{
	/* the largest table: PCRE2's */
	void *table[sizeof(vigie_pcre2_api) / sizeof(void *)];
	/* local: the library's symbols are vigie's own business; lazy, as a
	 * library linked at load time is bound (a function's address is
	 * looked up when first called: PCRE2's 300-odd are not all needed) */
	void *h = dlopen(l->soname, RTLD_LAZY | RTLD_LOCAL);
	size_t i;

	if (!h) {
		snprintf(l->failure, sizeof(l->failure), "%s", dlerror());
		return;
	}
	for (i = 0; i < l->nsyms; i++) {
		void *f = dlsym(h, l->syms[i].name);
		if (!f) {
			snprintf(l->failure, sizeof(l->failure), "%s has no %s",
				 l->soname, l->syms[i].name);
			return; /* (h stays: dlclose would gain nothing) */
		}
		memcpy((char *)table + l->syms[i].offset, &f, sizeof(f));
	}
	memcpy(l->table, table, l->table_size);
	atomic_store_explicit(&l->ready, true, memory_order_release);
}

const char *vigie_lib_soname(enum vigie_lib which)
{
	return (unsigned)which < VIGIE_LIB_COUNT ? libs[which].soname : "";
}

const char *vigie_lib_failure(enum vigie_lib which)
{
	const char *why = "";

	if ((unsigned)which >= VIGIE_LIB_COUNT)
		return why;
	pthread_mutex_lock(&lock);
	why = libs[which].failure; /* written once, under the lock */
	pthread_mutex_unlock(&lock);
	return why;
}

int vigie_lib_load(enum vigie_lib which, struct vigie_error *err)
{
	struct lib *l;

	if ((unsigned)which >= VIGIE_LIB_COUNT)
		return vigie_error_set(err, VIGIE_EINVALID, "", "no such library");
	l = &libs[which];
	if (atomic_load_explicit(&l->ready, memory_order_acquire))
		return 0;
	pthread_mutex_lock(&lock);
	if (!l->tried) {
		l->tried = true;
		open_lib(l);
	}
	pthread_mutex_unlock(&lock);
	if (atomic_load_explicit(&l->ready, memory_order_acquire))
		return 0;
	return vigie_error_set(err, VIGIE_EGENERIC, "", N_("cannot load %s: %s"),
			       l->soname, l->failure);
}
