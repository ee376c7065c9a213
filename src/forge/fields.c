/* SPDX-License-Identifier: EUPL-1.2 */
/* API fields copied into facts, bounded. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/sys/forge.h"
#include "internal.h"
#include "json.h"
#include "banned.h"

static json_t *bounded_str(const char *s)
{
	size_t n = strlen(s);

	return vigie_json_strn(s, n > FORGE_MAX_TEXT ? FORGE_MAX_TEXT : n);
}

void forge_copy_str(json_t *dst, const char *key, json_t *src,
		    const char *member, bool keep_empty)
{
	json_t *v = json_object_get(src, member);

	if (json_is_string(v))
		json_object_set_new(dst, key, bounded_str(json_string_value(v)));
	else if (keep_empty && (!v || json_is_null(v)))
		json_object_set_new(dst, key, json_string(""));
}

void forge_copy_bool(json_t *dst, const char *key, json_t *src,
		     const char *member)
{
	json_t *v = json_object_get(src, member);

	if (json_is_boolean(v))
		json_object_set(dst, key, v);
}

void forge_copy_int(json_t *dst, const char *key, json_t *src,
		    const char *member)
{
	json_t *v = json_object_get(src, member);

	if (json_is_integer(v))
		json_object_set_new(dst, key, json_integer(json_integer_value(v)));
}

void forge_copy_fields(json_t *dst, json_t *src,
		       const struct forge_field *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct forge_field *f = &fields[i];
		switch (f->type) {
		case FIELD_STR:
		case FIELD_STR_EMPTY:
			forge_copy_str(dst, f->fact, src, f->member,
				       f->type == FIELD_STR_EMPTY);
			break;
		case FIELD_BOOL:
			forge_copy_bool(dst, f->fact, src, f->member);
			break;
		case FIELD_INT:
			forge_copy_int(dst, f->fact, src, f->member);
			break;
		case FIELD_STRINGS:
			if (json_is_array(json_object_get(src, f->member)))
				forge_copy_strings(dst, f->fact,
						   json_object_get(src, f->member));
			break;
		default:
			break;
		}
	}
}

void forge_copy_strings(json_t *dst, const char *key, json_t *arr)
{
	json_t *out = json_array();
	size_t i;

	if (!out)
		return;
	for (i = 0; i < json_array_size(arr) && i < FORGE_MAX_TOPICS; i++) {
		json_t *s = json_array_get(arr, i);
		if (json_is_string(s))
			json_array_append_new(out, bounded_str(json_string_value(s)));
	}
	json_object_set_new(dst, key, out);
}
