/* SPDX-License-Identifier: EUPL-1.2 */
/* Fuzz target: the rule-pack loader and every primitive's evaluation. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/vigie.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *facts;
	struct vigie_ruleset *rs = vigie_ruleset_new();
	struct vigie_error err;
	size_t i;

	if (!facts)
		facts = json_loads(
			"{\"inventory\": {\"readme\": [{\"path\": \"README.md\", \"size\": 10}]},"
			" \"readme\": {\"path\": \"README.md\", \"headings\": [{\"level\": 1,"
			" \"text\": \"Install\", \"line\": 1}]},"
			" \"history\": {\"authors\": 3, \"bus_factor\": 1.5, \"names\": [\"a\"]},"
			" \"license\": {\"expression\": \"MIT OR (Apache-2.0 WITH LLVM-exception)\","
			" \"osi\": true, \"files\": [{\"confidence\": 0.9}]}}",
			0, NULL);
	if (!rs)
		return 0;
	if (vigie_ruleset_load_buffer(rs, "fuzz.json", (const char *)data, size,
				      &err) == 0) {
		struct vigie_eval_ctx ctx = { NULL, facts };
		for (i = 0; i < vigie_ruleset_count(rs); i++) {
			struct vigie_result r;
			vigie_rule_eval(&r, vigie_ruleset_rule(rs, i), &ctx);
			vigie_result_release(&r);
		}
		vigie_ruleset_digest(rs);
	}
	vigie_ruleset_free(rs);
	return 0;
}
