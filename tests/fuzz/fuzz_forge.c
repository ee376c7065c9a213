/* SPDX-License-Identifier: EUPL-1.2 */
/* Fuzz target: what vigie makes of forge API answers (any JSON, any dates). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/vigie.h"
#include "vigie/sys/forge.h"
#include "../../src/forge/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc, *facts = NULL;
	size_t i;

	if (size < 1)
		return 0;
	doc = json_loadb((const char *)data + 1, size - 1, JSON_DECODE_ANY, NULL);
	if (!doc) {
		/* Not JSON: still a date and a label to parse. */
		char *s = malloc(size);
		if (s) {
			memcpy(s, data + 1, size - 1);
			s[size - 1] = '\0';
			vigie_forge_parse_time(s);
			vigie_forge_newcomer_label(s);
			free(s);
		}
		return 0;
	}
	switch (data[0] % 4) {
	case 0: facts = forge_github_repo_facts(doc); break;
	case 1: facts = forge_gitlab_repo_facts(doc); break;
	case 2: facts = forge_gitea_repo_facts(doc); break;
	default:
		facts = forge_list_rows(doc, data[0] & 4 ? "full_name" : "path_with_namespace",
					data[0] & 8 ? "html_url" : "web_url",
					data[0] & 16 ? "fork" : "forked_from_project");
	}
	if (json_is_array(doc))
		for (i = 0; i < json_array_size(doc); i++)
			vigie_forge_parse_time(json_string_value(
				json_object_get(json_array_get(doc, i), "created_at")));
	json_decref(facts);
	json_decref(doc);
	return 0;
}
