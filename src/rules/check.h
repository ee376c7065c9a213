/* SPDX-License-Identifier: EUPL-1.2 */
/* A compiled check, shared by its compiler (compile.c) and its evaluator
 * (eval.c). */
#ifndef VIGIE_RULES_CHECK_H
#define VIGIE_RULES_CHECK_H

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "pcre2_api.h" /* <pcre2.h>, opened when first needed */

enum check_kind {
	CHECK_ALL,
	CHECK_ANY,
	CHECK_CONTENT,
	CHECK_FACT,
	CHECK_FILE,
	CHECK_LICENSE,
	CHECK_NOT,
	CHECK_SECTION,
	CHECK_KIND_COUNT
};

enum fact_op {
	OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_EXISTS, OP_GRADE,
	OP_CONTAINS, OP_COUNT
};

struct vigie_check {
	enum check_kind kind;
	struct vigie_check **kids;
	size_t nkids;
	char *role;          /* file/content: an inventory role */
	char **globs;        /* file/content: path globs */
	size_t nglobs;
	pcre2_code *re;      /* content/section */
	/* content: re compiled to machine code, made when a text first
	 * needs it (vigie_check_jit), shared by the threads evaluating */
	_Atomic(pcre2_code *) jit;
	char *pattern;       /* content: its source, for texts not UTF-8 */
	int min;             /* content: matching lines needed */
	long long min_size;  /* file: smallest size that counts */
	char *path;          /* fact: dotted path */
	enum fact_op op;
	json_t *value;       /* fact: the operand; license: the id set */
	double lo, hi;       /* fact grade: the range scored 0..1 */
	char *flag;          /* license: a boolean of facts.license */
	double confidence;   /* license: minimum confidence */
};

struct compile_error;

/*
 * A content or section pattern compiled for UTF-8 text, or with
 * invalid_utf for text that is not (matched by the interpreter).  NULL
 * with ce set (at ptr) when the pattern is invalid or memory runs out.
 */
pcre2_code *vigie_check_compile_re(const char *pattern, const char *ptr,
				   bool invalid_utf, struct compile_error *ce);

/*
 * The pattern of content check c to match a text of len bytes: its machine
 * code for a long text (compiled on the first one, once for all threads),
 * else the interpreted pattern.
 */
pcre2_code *vigie_check_jit(const struct vigie_check *c, size_t len);

#endif
