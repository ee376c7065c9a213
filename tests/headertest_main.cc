// SPDX-License-Identifier: EUPL-1.2
// A C++ program on libvigie.so: the umbrella header compiles as C++, every
// public function links (extern "C"), and calls work across the boundary.
#include <cstdio>
#include <cstring>

#include <vigie/vigie.h>
#include <vigie/sys/forge.h>

typedef void (*headertest_fn)(void);
extern const headertest_fn headertest_functions[];
extern const std::size_t headertest_function_count;

int main()
{
	struct vigie_error err;
	const struct vigie_license_info *mit;
	std::size_t i;

	for (i = 0; i < headertest_function_count; i++)
		if (!headertest_functions[i]) {
			std::printf("function %zu has no address\n", i);
			return 1;
		}
	vigie_error_clear(&err);
	// the static initialisers are C++ too
	struct vigie_audit_opts ao = VIGIE_AUDIT_OPTIONS_INIT;
	struct vigie_batch_opts bo = VIGIE_BATCH_OPTIONS_INIT;
	struct vigie_batch_org_opts oo = VIGIE_BATCH_ORG_OPTIONS_INIT;
	struct vigie_forge_opts fo = VIGIE_FORGE_OPTIONS_INIT;
	if (ao.version != VIGIE_AUDIT_OPTIONS_VERSION ||
	    bo.audit.collect.window_days != 365 ||
	    bo.audit.source.version != VIGIE_SOURCE_OPTIONS_VERSION ||
	    oo.version != VIGIE_BATCH_ORG_OPTIONS_VERSION ||
	    fo.http.version != VIGIE_HTTP_OPTIONS_VERSION ||
	    fo.http.timeout_ms != 30000 ||
	    vigie_audit_options_init(&ao, VIGIE_AUDIT_OPTIONS_VERSION) != 0 ||
	    !ao.collect.now) {
		std::printf("the options' initialisers do not work from C++\n");
		return 1;
	}
	if (std::strcmp(vigie_version(), HEADERTEST_VERSION) != 0) {
		std::printf("vigie_version() is %s, not %s\n", vigie_version(),
			    HEADERTEST_VERSION);
		return 1;
	}
	if (vigie_license_db_load(&err) != 0 ||
	    !(mit = vigie_license_db_find("mit")) ||
	    std::strcmp(mit->id, "MIT") != 0) {
		std::printf("license database: %s\n", err.message);
		return 1;
	}
	std::printf("%zu public functions link from C++\n1 passed, 0 failed\n",
		    headertest_function_count);
	return 0;
}
