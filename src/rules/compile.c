/* SPDX-License-Identifier: EUPL-1.2 */
/* Checks compiled from a rule pack's JSON: validated, patterns compiled. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/facts.h"
#include "vigie/sys/collect.h"
#include "vigie/i18n.h"
#include "check.h"
#include "internal.h"
#include "json.h"
#include "banned.h"

static const char *const op_names[OP_COUNT] = {
	"==", "!=", "<", "<=", ">", ">=", "exists", "grade", "contains",
};


void vigie_check_free(struct vigie_check *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nkids; i++)
		vigie_check_free(c->kids[i]);
	free(c->kids);
	for (i = 0; i < c->nglobs; i++)
		free(c->globs[i]);
	free(c->globs);
	free(c->role);
	free(c->path);
	free(c->flag);
	json_decref(c->value);
	pcre2_code_free(c->re);
	pcre2_code_free(atomic_load(&c->jit));
	free(c->pattern);
	free(c);
}
static struct vigie_check *fail(struct compile_error *ce, const char *pointer,
				const char *fmt, ...) VIGIE_PRINTF(3, 4);

static struct vigie_check *fail(struct compile_error *ce, const char *pointer,
				const char *fmt, ...)
{
	va_list ap, again;

	va_start(ap, fmt);
	va_copy(again, ap);
	vsnprintf(ce->message, sizeof(ce->message), fmt, ap);
	ce->nargs = vigie_msg_vargs(ce->args, sizeof(ce->args), fmt, again);
	ce->msgid = ce->nargs < 0 ? NULL : fmt;
	va_end(again);
	va_end(ap);
	snprintf(ce->pointer, sizeof(ce->pointer), "%s", pointer);
	return NULL;
}

static bool allowed_keys(json_t *obj, const char *const *keys, const char *ptr,
			 struct compile_error *ce)
{
	const char *k;
	json_t *v;
	size_t i;

	json_object_foreach(obj, k, v) {
		for (i = 0; keys[i]; i++)
			if (!strcmp(k, keys[i]))
				break;
		if (!keys[i]) {
			char p[256];
			snprintf(p, sizeof(p), "%s/%s", ptr, k);
			fail(ce, p, N_("unknown key '%s'"), k);
			return false;
		}
	}
	return true;
}

/*
 * Patterns match UTF-8 text; with invalid_utf, also text that is not valid
 * UTF-8 (its invalid bytes match nothing).
 */
pcre2_code *vigie_check_compile_re(const char *pattern, const char *ptr,
				   bool invalid_utf, struct compile_error *ce)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re;

	/* every other call is on a compiled pattern: PCRE2 is loaded then */
	if (vigie_lib_load(VIGIE_LIB_PCRE2, NULL) < 0) {
		fail(ce, ptr, N_("cannot load %s: %s"),
		     vigie_lib_soname(VIGIE_LIB_PCRE2),
		     vigie_lib_failure(VIGIE_LIB_PCRE2));
		return NULL;
	}
	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
			   PCRE2_UTF | PCRE2_MULTILINE |
				   (invalid_utf ? PCRE2_MATCH_INVALID_UTF : 0),
			   &code, &off, NULL);
	if (!re) {
		PCRE2_UCHAR msg[200];
		pcre2_get_error_message(code, msg, sizeof(msg));
		fail(ce, ptr, N_("invalid pattern at offset %zu: %s"), (size_t)off,
		     (const char *)msg);
	}
	return re;
}

/*
 * A content pattern runs over whole files (a README of 20 KiB, some
 * patterns anchored at each line): compiled to machine code it runs 5 to 10
 * times faster, which pays for the compilation (60 to 100 us a pattern) on
 * a long text, not on a short one nor on a pattern that never runs (most
 * content rules find no file to read).  So the machine code is made when a
 * text of JIT_FROM bytes first needs it, on a copy published atomically:
 * the threads that evaluate one ruleset share it, and the interpreted
 * pattern stays for the short texts.  Where the system refuses executable
 * memory, the interpreter runs every text.  PCRE2 10.42's machine code is
 * wrong with PCRE2_MATCH_INVALID_UTF (\S, \W, \D miss every non-ASCII
 * character): the compiled pattern takes valid UTF-8 only, and a text that
 * is not gets the interpreter and that option (eval_content).
 */
#define JIT_FROM 4096

pcre2_code *vigie_check_jit(const struct vigie_check *c, size_t len)
{
	struct vigie_check *w = (struct vigie_check *)c; /* the cache only */
	pcre2_code *jit = atomic_load(&w->jit), *none = NULL;

	if (jit)
		return jit;
	if (len < JIT_FROM)
		return c->re;
	jit = pcre2_code_copy(c->re);
	if (!jit || pcre2_jit_compile(jit, PCRE2_JIT_COMPLETE) != 0) {
		/* no machine code here: the interpreter, as for a short text
		 * (and the pattern is tried again on the next long one) */
		pcre2_code_free(jit);
		return c->re;
	}
	if (!atomic_compare_exchange_strong(&w->jit, &none, jit)) {
		pcre2_code_free(jit); /* another thread's came first */
		return none;
	}
	return jit;
}

/* role or path (a glob or a list of globs) */
static bool compile_target(struct vigie_check *c, json_t *spec,
			   const char *ptr, struct compile_error *ce)
{
	json_t *role = json_object_get(spec, "role");
	json_t *path = json_object_get(spec, "path");
	char p[256];
	size_t i;

	if (!!role == !!path) {
		fail(ce, ptr, N_("needs exactly one of 'role' or 'path'"));
		return false;
	}
	if (role) {
		const char *const *roles = vigie_inventory_roles();
		snprintf(p, sizeof(p), "%s/role", ptr);
		if (!json_is_string(role)) {
			fail(ce, p, N_("'role' must be a string"));
			return false;
		}
		for (i = 0; roles[i]; i++)
			if (!strcmp(roles[i], json_string_value(role)))
				break;
		if (!roles[i]) {
			fail(ce, p, N_("unknown role '%s'"), json_string_value(role));
			return false;
		}
		c->role = strdup(json_string_value(role));
		return c->role != NULL;
	}
	snprintf(p, sizeof(p), "%s/path", ptr);
	if (json_is_string(path)) {
		c->globs = calloc(1, sizeof(char *));
		if (!c->globs)
			return false;
		c->globs[0] = strdup(json_string_value(path));
		return c->globs[c->nglobs++] != NULL;
	}
	if (!json_is_array(path) || !json_array_size(path)) {
		fail(ce, p, N_("'path' must be a glob or a non-empty list of globs"));
		return false;
	}
	c->globs = calloc(json_array_size(path), sizeof(char *));
	if (!c->globs)
		return false;
	for (i = 0; i < json_array_size(path); i++) {
		json_t *g = json_array_get(path, i);
		if (!json_is_string(g)) {
			snprintf(p, sizeof(p), "%s/path/%zu", ptr, i);
			fail(ce, p, N_("a glob must be a string"));
			return false;
		}
		c->globs[c->nglobs] = strdup(json_string_value(g));
		if (!c->globs[c->nglobs++])
			return false;
	}
	return true;
}

static struct vigie_check *compile_kids(struct vigie_check *c, json_t *arg,
					const char *ptr,
					struct compile_error *ce)
{
	size_t i;
	char p[256];

	if (c->kind == CHECK_NOT) {
		c->kids = calloc(1, sizeof(*c->kids));
		if (!c->kids)
			return NULL;
		c->kids[0] = vigie_check_compile(arg, ptr, ce);
		if (!c->kids[0])
			return NULL;
		c->nkids = 1;
		return c;
	}
	if (!json_is_array(arg) || !json_array_size(arg))
		return fail(ce, ptr, N_("expects a non-empty list of checks"));
	c->kids = calloc(json_array_size(arg), sizeof(*c->kids));
	if (!c->kids)
		return NULL;
	for (i = 0; i < json_array_size(arg); i++) {
		snprintf(p, sizeof(p), "%s/%zu", ptr, i);
		c->kids[i] = vigie_check_compile(json_array_get(arg, i), p, ce);
		if (!c->kids[i])
			return NULL;
		c->nkids++;
	}
	return c;
}

static struct vigie_check *compile_file(struct vigie_check *c, json_t *arg,
					const char *ptr,
					struct compile_error *ce)
{
	static const char *const keys[] = { "role", "path", "min_size", NULL };
	json_t *ms;

	if (!json_is_object(arg))
		return fail(ce, ptr, N_("'file' expects an object"));
	if (!allowed_keys(arg, keys, ptr, ce) ||
	    !compile_target(c, arg, ptr, ce))
		return NULL;
	ms = json_object_get(arg, "min_size");
	if (ms && !json_is_integer(ms))
		return fail(ce, ptr, N_("'min_size' must be an integer"));
	c->min_size = ms ? json_integer_value(ms) : 1;
	return c;
}

static struct vigie_check *compile_content(struct vigie_check *c, json_t *arg,
					   const char *ptr,
					   struct compile_error *ce)
{
	static const char *const keys[] = { "role", "path", "pattern", "min",
					    NULL };
	json_t *pat, *min;
	char p[256];

	if (!json_is_object(arg))
		return fail(ce, ptr, N_("'content' expects an object"));
	if (!allowed_keys(arg, keys, ptr, ce) ||
	    !compile_target(c, arg, ptr, ce))
		return NULL;
	pat = json_object_get(arg, "pattern");
	snprintf(p, sizeof(p), "%s/pattern", ptr);
	if (!json_is_string(pat))
		return fail(ce, pat ? p : ptr, N_("'pattern' must be a string"));
	/* (compiled to machine code when a long text first needs it:
	 * vigie_check_jit) */
	c->re = vigie_check_compile_re(json_string_value(pat), p, false, ce);
	if (!c->re)
		return NULL;
	c->pattern = strdup(json_string_value(pat));
	if (!c->pattern)
		return fail(ce, ptr, N_("out of memory"));
	min = json_object_get(arg, "min");
	if (min && (!json_is_integer(min) || json_integer_value(min) < 1))
		return fail(ce, ptr, N_("'min' must be a positive integer"));
	c->min = min ? (int)json_integer_value(min) : 1;
	return c;
}

static struct vigie_check *compile_section(struct vigie_check *c, json_t *arg,
					   const char *ptr,
					   struct compile_error *ce)
{
	static const char *const keys[] = { "pattern", NULL };
	json_t *pat;
	char p[256];

	if (!json_is_object(arg))
		return fail(ce, ptr, N_("'section' expects an object"));
	if (!allowed_keys(arg, keys, ptr, ce))
		return NULL;
	pat = json_object_get(arg, "pattern");
	snprintf(p, sizeof(p), "%s/pattern", ptr);
	if (!json_is_string(pat))
		return fail(ce, pat ? p : ptr, N_("'pattern' must be a string"));
	c->re = vigie_check_compile_re(json_string_value(pat), p, true, ce);
	return c->re ? c : NULL;
}

static struct vigie_check *compile_license(struct vigie_check *c, json_t *arg,
					   const char *ptr,
					   struct compile_error *ce)
{
	static const char *const keys[] = { "flag", "ids", "min_confidence",
					    NULL };
	static const char *const flags[] = { "consistent", "copyleft",
					     "fr_public_sector", "fsf_libre",
					     "libre", "osi", NULL };
	json_t *flag, *ids, *conf;
	size_t i;

	if (!json_is_object(arg))
		return fail(ce, ptr, N_("'license' expects an object"));
	if (!allowed_keys(arg, keys, ptr, ce))
		return NULL;
	flag = json_object_get(arg, "flag");
	ids = json_object_get(arg, "ids");
	conf = json_object_get(arg, "min_confidence");
	if (!flag && !ids && !conf)
		return fail(ce, ptr,
			    N_("needs 'flag', 'ids' or 'min_confidence'"));
	if (flag) {
		if (!json_is_string(flag))
			return fail(ce, ptr, N_("'flag' must be a string"));
		for (i = 0; flags[i]; i++)
			if (!strcmp(flags[i], json_string_value(flag)))
				break;
		if (!flags[i])
			return fail(ce, ptr, N_("unknown license flag '%s'"),
				    json_string_value(flag));
		c->flag = strdup(json_string_value(flag));
		if (!c->flag)
			return NULL;
	}
	if (ids) {
		if (!json_is_array(ids) || !json_array_size(ids))
			return fail(ce, ptr, N_("'ids' must be a list of SPDX ids"));
		for (i = 0; i < json_array_size(ids); i++)
			if (!json_is_string(json_array_get(ids, i)))
				return fail(ce, ptr, N_("'ids' must hold strings"));
		c->value = json_incref(ids);
	}
	c->confidence = -1;
	if (conf) {
		if (!json_is_number(conf) || json_number_value(conf) < 0 ||
		    json_number_value(conf) > 1)
			return fail(ce, ptr,
				    N_("'min_confidence' must be within [0, 1]"));
		c->confidence = json_number_value(conf);
	}
	return c;
}

static struct vigie_check *compile_fact(struct vigie_check *c, json_t *arg,
					const char *ptr,
					struct compile_error *ce)
{
	static const char *const keys[] = { "path", "op", "value", "grade",
					    NULL };
	json_t *path, *op, *val, *grade;
	char pp[256], pg[256], po[256], pv[256];
	size_t i;

	snprintf(pp, sizeof(pp), "%s/path", ptr);
	snprintf(pg, sizeof(pg), "%s/grade", ptr);
	snprintf(po, sizeof(po), "%s/op", ptr);
	snprintf(pv, sizeof(pv), "%s/value", ptr);

	if (!json_is_object(arg))
		return fail(ce, ptr, N_("'fact' expects an object"));
	if (!allowed_keys(arg, keys, ptr, ce))
		return NULL;
	path = json_object_get(arg, "path");
	op = json_object_get(arg, "op");
	val = json_object_get(arg, "value");
	grade = json_object_get(arg, "grade");
	if (!json_is_string(path) || !*json_string_value(path))
		return fail(ce, path ? pp : ptr,
			    N_("'path' must be a dotted fact path"));
	c->path = strdup(json_string_value(path));
	if (!c->path)
		return NULL;
	if (grade) {
		if (op || val)
			return fail(ce, pg, N_("'grade' excludes 'op' and 'value'"));
		if (!json_is_array(grade) || json_array_size(grade) != 2 ||
		    !json_is_number(json_array_get(grade, 0)) ||
		    !json_is_number(json_array_get(grade, 1)) ||
		    json_number_value(json_array_get(grade, 0)) ==
			    json_number_value(json_array_get(grade, 1)))
			return fail(ce, pg,
				    N_("'grade' must be [FAIL_AT, PASS_AT], two "
				    "different numbers"));
		c->op = OP_GRADE;
		c->lo = json_number_value(json_array_get(grade, 0));
		c->hi = json_number_value(json_array_get(grade, 1));
		return c;
	}
	if (!op) {
		c->op = val ? OP_EQ : OP_EXISTS;
	} else {
		if (!json_is_string(op))
			return fail(ce, po, N_("'op' must be a string"));
		for (i = 0; i < OP_COUNT; i++)
			if (i != OP_GRADE &&
			    !strcmp(op_names[i], json_string_value(op)))
				break;
		if (i == OP_COUNT)
			return fail(ce, po, N_("unknown operator '%s'"),
				    json_string_value(op));
		c->op = (enum fact_op)i;
	}
	if (c->op != OP_EXISTS && !val)
		return fail(ce, ptr, N_("operator '%s' needs a 'value'"),
			    op_names[c->op]);
	if (c->op >= OP_LT && c->op <= OP_GE && !json_is_number(val))
		return fail(ce, pv, N_("operator '%s' needs a number"),
			    op_names[c->op]);
	c->value = json_incref(val);
	return c;
}
struct primitive {
	const char *name;
	enum check_kind kind;
	struct vigie_check *(*compile)(struct vigie_check *c, json_t *arg,
				       const char *ptr,
				       struct compile_error *ce);
};

/* Sorted by name. */
static const struct primitive primitives[] = {
	{ "all", CHECK_ALL, compile_kids },
	{ "any", CHECK_ANY, compile_kids },
	{ "content", CHECK_CONTENT, compile_content },
	{ "fact", CHECK_FACT, compile_fact },
	{ "file", CHECK_FILE, compile_file },
	{ "license", CHECK_LICENSE, compile_license },
	{ "not", CHECK_NOT, compile_kids },
	{ "section", CHECK_SECTION, compile_section },
};

struct vigie_check *vigie_check_compile(json_t *spec, const char *pointer,
					struct compile_error *ce)
{
	struct vigie_check *c;
	const char *name = NULL;
	json_t *arg = NULL;
	char p[256];
	size_t i;

	if (!json_is_object(spec) || json_object_size(spec) != 1)
		return fail(ce, pointer,
			    N_("a check is an object with exactly one primitive "
			    "(all, any, content, fact, file, license, not, "
			    "section)"));
	json_object_foreach(spec, name, arg) {
		break;
	}
	snprintf(p, sizeof(p), "%s/%s", pointer, name);
	for (i = 0; i < VIGIE_ARRAY_SIZE(primitives); i++)
		if (!strcmp(primitives[i].name, name))
			break;
	if (i == VIGIE_ARRAY_SIZE(primitives))
		return fail(ce, p, N_("unknown check primitive '%s'"), name);
	c = calloc(1, sizeof(*c));
	if (!c)
		return fail(ce, p, N_("out of memory"));
	c->kind = primitives[i].kind;
	if (!primitives[i].compile(c, arg, p, ce)) {
		if (!ce->message[0])
			fail(ce, p, N_("out of memory"));
		vigie_check_free(c);
		return NULL;
	}
	return c;
}

