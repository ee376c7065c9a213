/* SPDX-License-Identifier: EUPL-1.2 */
/* libyaml, opened when a YAML text is first parsed (libs.h). */
#ifndef VIGIE_UTIL_YAML_API_H
#define VIGIE_UTIL_YAML_API_H

#include <yaml.h>

#include "libs.h"

/* Every libyaml function libvigie calls, sorted. */
#define VIGIE_YAML_FUNCTIONS(X) \
	X(yaml_document_delete) \
	X(yaml_document_get_node) \
	X(yaml_document_get_root_node) \
	X(yaml_parser_delete) \
	X(yaml_parser_initialize) \
	X(yaml_parser_load) \
	X(yaml_parser_set_input_string)

struct vigie_yaml_api {
#define VIGIE_YAML_FIELD(f) __typeof__(f) *f;
	VIGIE_YAML_FUNCTIONS(VIGIE_YAML_FIELD)
#undef VIGIE_YAML_FIELD
};

extern struct vigie_yaml_api vigie_yaml_api;

#ifndef VIGIE_LIBS_TABLE
#define yaml_document_delete (vigie_yaml_api.yaml_document_delete)
#define yaml_document_get_node (vigie_yaml_api.yaml_document_get_node)
#define yaml_document_get_root_node (vigie_yaml_api.yaml_document_get_root_node)
#define yaml_parser_delete (vigie_yaml_api.yaml_parser_delete)
#define yaml_parser_initialize (vigie_yaml_api.yaml_parser_initialize)
#define yaml_parser_load (vigie_yaml_api.yaml_parser_load)
#define yaml_parser_set_input_string (vigie_yaml_api.yaml_parser_set_input_string)
#endif

#endif
