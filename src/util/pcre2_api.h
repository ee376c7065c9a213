/* SPDX-License-Identifier: EUPL-1.2 */
/* PCRE2 (8-bit), opened when a pattern is first compiled (libs.h). */
#ifndef VIGIE_UTIL_PCRE2_API_H
#define VIGIE_UTIL_PCRE2_API_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "libs.h"

/* Every PCRE2 function libvigie calls, by its 8-bit name, sorted. */
#define VIGIE_PCRE2_FUNCTIONS(X) \
	X(pcre2_code_copy_8) \
	X(pcre2_code_free_8) \
	X(pcre2_compile_8) \
	X(pcre2_get_error_message_8) \
	X(pcre2_get_ovector_pointer_8) \
	X(pcre2_jit_compile_8) \
	X(pcre2_match_8) \
	X(pcre2_match_context_create_8) \
	X(pcre2_match_context_free_8) \
	X(pcre2_match_data_create_from_pattern_8) \
	X(pcre2_match_data_free_8) \
	X(pcre2_set_depth_limit_8) \
	X(pcre2_set_match_limit_8)

struct vigie_pcre2_api {
#define VIGIE_PCRE2_FIELD(f) __typeof__(f) *f;
	VIGIE_PCRE2_FUNCTIONS(VIGIE_PCRE2_FIELD)
#undef VIGIE_PCRE2_FIELD
};

extern struct vigie_pcre2_api vigie_pcre2_api;

/* The frees take NULL, loaded or not (nothing to free when not). */
static inline void vigie_pcre2_code_free(pcre2_code *c)
{
	if (c)
		vigie_pcre2_api.pcre2_code_free_8(c);
}

static inline void vigie_pcre2_match_data_free(pcre2_match_data *m)
{
	if (m)
		vigie_pcre2_api.pcre2_match_data_free_8(m);
}

static inline void vigie_pcre2_match_context_free(pcre2_match_context *m)
{
	if (m)
		vigie_pcre2_api.pcre2_match_context_free_8(m);
}

#ifndef VIGIE_LIBS_TABLE
/* pcre2.h names each function by a macro (pcre2_compile: pcre2_compile_8):
 * the 8-bit names become the table's entries. */
#define pcre2_code_copy_8 (vigie_pcre2_api.pcre2_code_copy_8)
#define pcre2_compile_8 (vigie_pcre2_api.pcre2_compile_8)
#define pcre2_get_error_message_8 (vigie_pcre2_api.pcre2_get_error_message_8)
#define pcre2_get_ovector_pointer_8 (vigie_pcre2_api.pcre2_get_ovector_pointer_8)
#define pcre2_jit_compile_8 (vigie_pcre2_api.pcre2_jit_compile_8)
#define pcre2_match_8 (vigie_pcre2_api.pcre2_match_8)
#define pcre2_match_context_create_8 (vigie_pcre2_api.pcre2_match_context_create_8)
#define pcre2_match_data_create_from_pattern_8 \
	(vigie_pcre2_api.pcre2_match_data_create_from_pattern_8)
#define pcre2_set_depth_limit_8 (vigie_pcre2_api.pcre2_set_depth_limit_8)
#define pcre2_set_match_limit_8 (vigie_pcre2_api.pcre2_set_match_limit_8)
#undef pcre2_code_free
#undef pcre2_match_data_free
#undef pcre2_match_context_free
#define pcre2_code_free vigie_pcre2_code_free
#define pcre2_match_data_free vigie_pcre2_match_data_free
#define pcre2_match_context_free vigie_pcre2_match_context_free
#endif

#endif
