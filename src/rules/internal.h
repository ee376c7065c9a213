/* SPDX-License-Identifier: EUPL-1.2 */
/* Shared by the rule loader and the check compiler/evaluator. */
#ifndef VIGIE_RULES_INTERNAL_H
#define VIGIE_RULES_INTERNAL_H

#include <jansson.h>

#include "vigie/rules.h"

/* Where each value of a pack stands in its text: JSON pointer -> [line, col]. */
json_t *vigie_jsonpos_scan(const char *text, size_t len);

/* A compile error: the message and the JSON pointer it is about. */
/** A level's index by its name ("error", "warning", "note"), or -1. */
int vigie_level_parse(const char *name);

struct compile_error {
	char message[256];
	char pointer[256];
	const char *msgid;   /* the message as data: its template, or NULL */
	char args[256];
	int nargs;
};

/**
 * Compile a check object found at pointer.  On failure returns NULL and
 * fills ce.
 */
struct vigie_check *vigie_check_compile(json_t *spec, const char *pointer,
					struct compile_error *ce);
void vigie_check_free(struct vigie_check *c);

/* The outcome of one check; evidence is appended to the caller's array. */
struct check_outcome {
	enum vigie_status status;
	double score;
	char reason[256];        /* in English */
	const char *reason_id;   /* its template, NULL when not kept as data */
	char reason_args[256];   /* packed (vigie_msg_args) */
	int reason_nargs;
};

void vigie_check_eval(struct check_outcome *out, const struct vigie_check *c,
		      const struct vigie_eval_ctx *ctx, json_t *evidence);

#endif
