/* SPDX-License-Identifier: EUPL-1.2 */
/* Checks evaluated over a repository's facts and snapshot. */
#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/buf.h"
#include "vigie/facts.h"
#include "vigie/i18n.h"
#include "vigie/snapshot.h"
#include "check.h"
#include "internal.h"
#include "json.h"
#include "text.h"
#include "banned.h"

/* Bytes past a text the JIT may read (a 64-byte block at most). */
#define JIT_SLACK 64
/* Backtracking and recursion limits for patterns from packs. */
#define MATCH_LIMIT 1000000
#define DEPTH_LIMIT 10000
#define MAX_FILES 16     /* files a content check reads */
#define EVIDENCE_TEXT 160 /* bytes of a matching line quoted */

typedef void (*eval_fn)(struct check_outcome *o, const struct vigie_check *c,
			const struct vigie_eval_ctx *ctx, json_t *ev);

static void set(struct check_outcome *o, enum vigie_status st, double score,
		const char *fmt, ...) VIGIE_PRINTF(4, 5);

static void set(struct check_outcome *o, enum vigie_status st, double score,
		const char *fmt, ...)
{
	va_list ap;

	o->status = st;
	o->score = score;
	o->reason[0] = '\0';
	o->reason_id = NULL;
	o->reason_nargs = 0;
	if (fmt) {
		va_list again;
		va_start(ap, fmt);
		va_copy(again, ap);
		vsnprintf(o->reason, sizeof(o->reason), fmt, ap);
		o->reason_nargs = vigie_msg_vargs(o->reason_args,
						  sizeof(o->reason_args), fmt,
						  again);
		o->reason_id = o->reason_nargs < 0 ? NULL : fmt;
		va_end(again);
		va_end(ap);
	}
}

/* o takes k's reason, with its data. */
static void reason_of(struct check_outcome *o, const struct check_outcome *k)
{
	memcpy(o->reason, k->reason, sizeof(o->reason));
	memcpy(o->reason_args, k->reason_args, sizeof(o->reason_args));
	o->reason_id = k->reason_id;
	o->reason_nargs = k->reason_nargs;
}

static void evidence_path(json_t *ev, const char *path, const char *note)
{
	json_t *item = json_pack("{s:o}", "path", vigie_json_str(path));

	if (note)
		json_object_set_new(item, "note", json_string(note));
	json_array_append_new(ev, item);
}

/* Paths a file/content check looks at, as a new array of strings. */
static int count_slashes(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '/';
	return n;
}

#define MAX_GLOBS 32

static json_t *target_paths(const struct vigie_check *c,
			    const struct vigie_eval_ctx *ctx, bool *unknown)
{
	json_t *paths = json_array();
	size_t i, j;

	*unknown = false;
	if (c->role) {
		json_t *inv = json_object_get(ctx->facts, "inventory");
		json_t *list = json_object_get(inv, c->role);
		if (!inv) {
			*unknown = true;
			return paths;
		}
		for (i = 0; i < json_array_size(list); i++)
			json_array_append(paths, json_object_get(
						  json_array_get(list, i), "path"));
		return paths;
	}
	if (!ctx->snap) {
		*unknown = true;
		return paths;
	}
	/*
	 * With FNM_PATHNAME no wildcard matches '/': a path can only match a
	 * glob with as many slashes and the same literal head, two tests far
	 * cheaper than fnmatch over a tree of 100,000 paths.
	 */
	size_t head[MAX_GLOBS];
	int slashes[MAX_GLOBS];
	for (j = 0; j < c->nglobs && j < MAX_GLOBS; j++) {
		head[j] = strcspn(c->globs[j], "*?[\\");
		slashes[j] = count_slashes(c->globs[j]);
	}
	for (i = 0; i < vigie_snapshot_count(ctx->snap); i++) {
		const struct vigie_entry *e = vigie_snapshot_entry(ctx->snap, i);
		for (j = 0; j < c->nglobs; j++)
			if (j < MAX_GLOBS && (slashes[j] != (int)e->depth ||
					      !vigie_ascii_prefix_eq(c->globs[j], e->path, head[j])))
				continue;
			else if (!fnmatch(c->globs[j], e->path,
				     FNM_PATHNAME | FNM_CASEFOLD)) {
				json_array_append_new(paths, vigie_json_str(e->path));
				break;
			}
		if (json_array_size(paths) >= 64)
			break;
	}
	return paths;
}

static void eval_file(struct check_outcome *o, const struct vigie_check *c,
		      const struct vigie_eval_ctx *ctx, json_t *ev)
{
	bool unknown;
	json_t *paths = target_paths(c, ctx, &unknown);
	size_t i, found = 0, small = 0;

	if (unknown) {
		set(o, VIGIE_STATUS_SKIP, 0, N_("the file inventory is unavailable"));
		goto out;
	}
	for (i = 0; i < json_array_size(paths); i++) {
		const char *p = json_string_value(json_array_get(paths, i));
		const struct vigie_entry *e =
			ctx->snap ? vigie_snapshot_find(ctx->snap, p, false) : NULL;
		int64_t size = e ? vigie_snapshot_size(ctx->snap, e) : -1;
		if (e && e->kind == VIGIE_ENTRY_LINK) {
			struct vigie_buf b = VIGIE_BUF_INIT;
			const struct vigie_entry *r = NULL;
			struct vigie_error rerr;
			if (vigie_snapshot_read(&b, ctx->snap, e, 0, &r, &rerr) < 0) {
				json_t *item = json_pack("{s:s}", "path", p);
				if (!item ||
				    vigie_msg_json_set_error(item, "note",
							     &rerr) < 0 ||
				    json_array_append_new(ev, item) < 0)
					vigie_nomem_mark();
				vigie_buf_release(&b);
				small++;
				continue;
			}
			size = (int64_t)b.len;
			vigie_buf_release(&b);
		}
		if (e && size >= 0 && size < c->min_size) {
			evidence_path(ev, p, N_("too small to count"));
			small++;
			continue;
		}
		if (found < 8)
			evidence_path(ev, p, NULL);
		found++;
	}
	if (found)
		set(o, VIGIE_STATUS_PASS, 1, NULL);
	else
		set(o, VIGIE_STATUS_FAIL, 0, small ? N_("only empty or unreadable files") : N_("no such file"));
out:
	json_decref(paths);
}

static const char *line_start(const char *text, const char *at)
{
	while (at > text && at[-1] != '\n')
		at--;
	return at;
}

static void eval_content(struct check_outcome *o, const struct vigie_check *c,
			 const struct vigie_eval_ctx *ctx, json_t *ev)
{
	bool unknown;
	json_t *paths = target_paths(c, ctx, &unknown);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(c->re, NULL);
	pcre2_match_context *mc = pcre2_match_context_create(NULL);
	pcre2_code *lax = NULL; /* the pattern for a text not UTF-8 */
	struct vigie_buf text = VIGIE_BUF_INIT;
	size_t i;
	int hits = 0, files = 0;

	if (!md || !mc) {
		vigie_nomem_mark();
		set(o, VIGIE_STATUS_ERROR, 0, N_("out of memory"));
		goto out;
	}
	pcre2_set_match_limit(mc, MATCH_LIMIT);
	pcre2_set_depth_limit(mc, DEPTH_LIMIT);
	if (unknown || !ctx->snap) {
		set(o, VIGIE_STATUS_SKIP, 0, N_("the repository tree is unavailable"));
		goto out;
	}
	set(o, VIGIE_STATUS_FAIL, 0, NULL);
	for (i = 0; i < json_array_size(paths) && files < MAX_FILES; i++) {
		const char *p = json_string_value(json_array_get(paths, i));
		const struct vigie_entry *e = vigie_snapshot_find(ctx->snap, p, false);
		struct vigie_error rerr;
		PCRE2_SIZE start = 0;
		pcre2_code *re;
		uint32_t checked = 0;
		int rc;

		pcre2_code_free(lax);
		lax = NULL;
		if (!e || vigie_snapshot_read(&text, ctx->snap, e, 0, NULL, &rerr) < 0)
			continue;
		/*
		 * The machine code reads the text by aligned blocks, a few
		 * bytes past its end: those are defined (zeros), not whatever
		 * the buffer held (valgrind reads such a block as depending on
		 * them).
		 */
		if (vigie_buf_grow(&text, JIT_SLACK) == 0)
			memset(text.ptr + text.len, 0, JIT_SLACK + 1);
		files++;
		re = vigie_check_jit(c, text.len);
		while (start <= text.len) {
			PCRE2_SIZE *ov;
			const char *ls, *le;
			int line = 1;

			rc = pcre2_match(re, (PCRE2_SPTR)text.ptr, text.len,
					 start, checked, md, mc);
			/* the machine code's stack is small (32 KiB): the
			 * interpreter, under its own limits, takes over */
			if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
				rc = pcre2_match(re, (PCRE2_SPTR)text.ptr,
						 text.len, start,
						 checked | PCRE2_NO_JIT, md, mc);
			/* not UTF-8: the pattern again, for such text */
			if (rc <= PCRE2_ERROR_UTF8_ERR1 &&
			    rc >= PCRE2_ERROR_UTF8_ERR21 && !lax) {
				struct compile_error ce = { 0 };
				lax = vigie_check_compile_re(c->pattern, "", true, &ce);
				if (!lax) {
					set(o, VIGIE_STATUS_ERROR, 0,
					    N_("out of memory"));
					goto out;
				}
				re = lax;
				continue;
			}
			checked = re != lax ? PCRE2_NO_UTF_CHECK : 0;
			if (rc == PCRE2_ERROR_NOMATCH)
				break;
			if (rc < 0) {
				PCRE2_UCHAR msg[160];
				pcre2_get_error_message(rc, msg, sizeof(msg));
				set(o, VIGIE_STATUS_ERROR, 0,
				    N_("pattern failed on %s: %s"), p,
				    (const char *)msg);
				goto out;
			}
			ov = pcre2_get_ovector_pointer(md);
			ls = line_start(text.ptr, text.ptr + ov[0]);
			le = memchr(ls, '\n', text.len - (size_t)(ls - text.ptr));
			if (!le)
				le = text.ptr + text.len;
			for (const char *q = text.ptr; q < ls; q++)
				line += *q == '\n';
			if (hits < 4) {
				size_t n = (size_t)(le - ls);
				json_array_append_new(
					ev, json_pack("{s:o, s:i, s:o}", "path",
						      vigie_json_str(p), "line", line,
						      "text",
						      vigie_json_strn(ls, n > EVIDENCE_TEXT ? EVIDENCE_TEXT : n)));
			}
			hits++;
			if (hits >= c->min)
				break;
			/* The next match starts on the next line. */
			start = (PCRE2_SIZE)(le - text.ptr) + 1;
		}
		if (hits >= c->min)
			break;
	}
	if (hits >= c->min) {
		set(o, VIGIE_STATUS_PASS, 1, NULL);
	} else if (!files) {
		set(o, VIGIE_STATUS_FAIL, 0, N_("no file to read"));
	} else {
		set(o, VIGIE_STATUS_FAIL, 0, N_("the text was not found"));
		/* Name the files that were read, so a report can point at them. */
		for (i = 0; i < json_array_size(paths) && i < 4 && !hits; i++)
			if (vigie_snapshot_find(ctx->snap, json_string_value(
				    json_array_get(paths, i)), false))
				evidence_path(ev, json_string_value(json_array_get(paths, i)),
					      N_("the text was not found"));
	}
out:
	vigie_buf_release(&text);
	pcre2_code_free(lax);
	pcre2_match_data_free(md);
	pcre2_match_context_free(mc);
	json_decref(paths);
}

static void eval_section(struct check_outcome *o, const struct vigie_check *c,
			 const struct vigie_eval_ctx *ctx, json_t *ev)
{
	json_t *readme = json_object_get(ctx->facts, "readme");
	json_t *heads = json_object_get(readme, "headings");
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(c->re, NULL);
	size_t i;

	set(o, VIGIE_STATUS_FAIL, 0, readme ? N_("no such section") : N_("no README"));
	for (i = 0; md && i < json_array_size(heads); i++) {
		json_t *h = json_array_get(heads, i);
		const char *t = json_string_value(json_object_get(h, "text"));
		int rc;
		if (!t)
			continue;
		rc = pcre2_match(c->re, (PCRE2_SPTR)t, strlen(t), 0, 0, md, NULL);
		if (rc >= 0) {
			/* Marked: the practice is documented, not a file. */
			json_array_append_new(
				ev, json_pack("{s:O, s:O, s:O, s:s}", "path",
					      json_object_get(readme, "path"),
					      "line", json_object_get(h, "line"),
					      "text", json_object_get(h, "text"),
					      "note", N_("documented in the README")));
			set(o, VIGIE_STATUS_PASS, 1, NULL);
			break;
		}
	}
	pcre2_match_data_free(md);
}

static bool id_in(const char *id, size_t n, json_t *set_)
{
	size_t i;

	for (i = 0; i < json_array_size(set_); i++) {
		const char *s = json_string_value(json_array_get(set_, i));
		if (strlen(s) == n && !strncasecmp(s, id, n))
			return true;
	}
	return false;
}

/* Every license id of an SPDX expression is in the set. */
static bool expression_within(const char *expr, json_t *set_)
{
	const char *p = expr;
	int ids = 0;

	while (*p) {
		size_t n;
		while (*p == ' ' || *p == '(' || *p == ')')
			p++;
		n = strcspn(p, " ()");
		if (!n)
			break;
		if (!(n == 3 && !strncmp(p, "AND", 3)) &&
		    !(n == 2 && !strncmp(p, "OR", 2))) {
			if (n == 4 && !strncmp(p, "WITH", 4)) {
				/* skip the exception id */
				p += n;
				while (*p == ' ')
					p++;
				p += strcspn(p, " ()");
				continue;
			}
			if (!id_in(p, n, set_))
				return false;
			ids++;
		}
		p += n;
	}
	return ids > 0;
}

static void eval_license(struct check_outcome *o, const struct vigie_check *c,
			 const struct vigie_eval_ctx *ctx, json_t *ev)
{
	json_t *lic = json_object_get(ctx->facts, "license");
	const char *expr;

	if (!lic) {
		set(o, VIGIE_STATUS_SKIP, 0, N_("license facts are unavailable"));
		return;
	}
	expr = json_string_value(json_object_get(lic, N_("expression")));
	if (expr)
		json_array_append_new(ev, json_pack("{s:s, s:s}", "note",
						    N_("expression"), "value", expr));
	if (!expr || !strcmp(expr, "NONE") || !strcmp(expr, "NOASSERTION")) {
		set(o, VIGIE_STATUS_FAIL, 0, N_("no license identified"));
		return;
	}
	if (c->flag && !json_is_true(json_object_get(lic, c->flag))) {
		json_t *why = json_object_get(lic, "conflicts");
		size_t i;
		/* a flag the collector cannot decide ("unknown") is no failure */
		if (json_is_string(json_object_get(lic, c->flag))) {
			set(o, VIGIE_STATUS_PARTIAL, 0.5,
			    N_("cannot tell whether %s is %s"), expr, c->flag);
			return;
		}
		/* the statements that disagree are the evidence */
		for (i = 0; !strcmp(c->flag, "consistent") &&
			    i < json_array_size(why) && i < 8; i++)
			json_array_append_new(ev, json_pack(
				"{s:O, s:O}", "path",
				json_object_get(json_array_get(why, i), "path"),
				"note", json_object_get(json_array_get(why, i),
							"spdx")));
		set(o, VIGIE_STATUS_FAIL, 0, N_("the license is not %s"), c->flag);
		return;
	}
	if (c->value && !expression_within(expr, c->value)) {
		set(o, VIGIE_STATUS_FAIL, 0, N_("%s is not in the accepted set"), expr);
		return;
	}
	if (c->confidence >= 0) {
		json_t *files = json_object_get(lic, "files");
		double best = 0;
		size_t i;
		for (i = 0; i < json_array_size(files); i++) {
			double v = json_number_value(json_object_get(
				json_array_get(files, i), "confidence"));
			if (v > best)
				best = v;
		}
		if (best < c->confidence) {
			set(o, VIGIE_STATUS_FAIL, 0,
			    N_("best confidence %.2f is below %.2f"), best,
			    c->confidence);
			return;
		}
	}
	set(o, VIGIE_STATUS_PASS, 1, NULL);
}

static int cmp_values(json_t *a, json_t *b)
{
	if (json_is_number(a) && json_is_number(b)) {
		double x = json_number_value(a), y = json_number_value(b);
		return x < y ? -1 : x > y;
	}
	return json_equal(a, b) ? 0 : 2;
}

/*
 * A fact beside an "errors" list ({path, valid, errors[{key, line,
 * message}]}, as the metadata collector writes) explains itself: its first
 * errors become evidence.
 */
static void explain_errors(json_t *ev, json_t *facts, const char *path)
{
	const char *dot = strrchr(path, '.');
	json_t *parent, *errors;
	char up[256];
	size_t i;

	if (!dot || (size_t)(dot - path) >= sizeof(up))
		return;
	snprintf(up, sizeof(up), "%.*s", (int)(dot - path), path);
	parent = vigie_json_path(facts, up);
	errors = json_object_get(parent, "errors");
	for (i = 0; i < json_array_size(errors) && i < 3; i++) {
		json_t *e = json_array_get(errors, i);
		const char *key = json_string_value(json_object_get(e, "key"));
		const char *msg = json_string_value(json_object_get(e, "message"));
		json_t *item;
		if (!msg || !json_is_string(json_object_get(parent, "path")))
			continue;
		/* The message is vigie's own (translated in reports). */
		item = json_pack("{s:O, s:o}", "path",
				 json_object_get(parent, "path"), "text",
				 vigie_json_str(key && *key ? key : "-"));
		if (item && vigie_msg_json_copy(item, "note", e, "message") < 0) {
			json_decref(item);
			item = NULL;
		}
		if (!item) {
			vigie_nomem_mark();
			continue;
		}
		if (json_integer_value(json_object_get(e, "line")) > 0)
			json_object_set(item, "line", json_object_get(e, "line"));
		json_array_append_new(ev, item);
	}
}

/*
 * Links of the README ([{url, kind}]) are evidence that a practice is
 * documented there: show them as such, not as a fact path.
 */
static bool readme_links(json_t *ev, json_t *facts, json_t *v)
{
	json_t *path = vigie_json_path(facts, "readme.path");
	size_t i;

	if (!json_is_array(v) || !json_is_string(path) ||
	    !json_is_string(json_object_get(json_array_get(v, 0), "url")))
		return false;
	for (i = 0; i < json_array_size(v) && i < 2; i++)
		json_array_append_new(ev, json_pack("{s:O, s:O, s:s}", "path", path,
						    "text", json_object_get(json_array_get(v, i), "url"),
						    "note", N_("found in the README")));
	return true;
}

static void eval_fact(struct check_outcome *o, const struct vigie_check *c,
		      const struct vigie_eval_ctx *ctx, json_t *ev)
{
	json_t *v = vigie_json_path(ctx->facts, c->path);
	bool ok = false;
	int cmp;

	if (c->op == OP_EXISTS) {
		/*
		 * A branch present but the fact missing is a plain "no"; a
		 * branch absent (forge facts offline) says nothing.
		 */
		char branch[64];
		size_t bl = strcspn(c->path, ".");
		snprintf(branch, sizeof(branch), "%.*s", (int)bl, c->path);
		if (!v && !json_object_get(ctx->facts, branch)) {
			set(o, VIGIE_STATUS_SKIP, 0, N_("the %s facts are unavailable"), branch);
			return;
		}
		if (v && !json_is_null(v) && !json_is_false(v))
			set(o, VIGIE_STATUS_PASS, 1, NULL);
		else
			set(o, VIGIE_STATUS_FAIL, 0, N_("%s is not set"), c->path);
		if (v && !readme_links(ev, ctx->facts, v))
			json_array_append_new(ev, json_pack("{s:s, s:O}", "note",
							    c->path, "value", v));
		return;
	}
	if (!v || json_is_null(v)) {
		/* A whole branch missing (no forge, no history) is said of
		 * the branch, so the report says it once for all its rules. */
		char branch[64];
		size_t bl = strcspn(c->path, ".");
		snprintf(branch, sizeof(branch), "%.*s", (int)bl, c->path);
		if (!json_object_get(ctx->facts, branch))
			set(o, VIGIE_STATUS_SKIP, 0, N_("the %s facts are unavailable"),
			    branch);
		else
			set(o, VIGIE_STATUS_SKIP, 0, N_("%s is unavailable"), c->path);
		return;
	}
	json_array_append_new(ev, json_pack("{s:s, s:O}", "note", c->path,
					    "value", v));
	explain_errors(ev, ctx->facts, c->path);
	if (c->op == OP_GRADE) {
		double x, s;
		if (!json_is_number(v)) {
			set(o, VIGIE_STATUS_ERROR, 0, N_("%s is not a number"), c->path);
			return;
		}
		x = json_number_value(v);
		s = (x - c->lo) / (c->hi - c->lo);
		s = s < 0 ? 0 : s > 1 ? 1 : s;
		set(o, s >= 1 ? VIGIE_STATUS_PASS :
		       s <= 0 ? VIGIE_STATUS_FAIL : VIGIE_STATUS_PARTIAL,
		    s, NULL);
		return;
	}
	if (c->op == OP_CONTAINS) {
		size_t i;
		if (!json_is_array(v)) {
			set(o, VIGIE_STATUS_ERROR, 0, N_("%s is not a list"), c->path);
			return;
		}
		for (i = 0; i < json_array_size(v); i++)
			if (json_equal(json_array_get(v, i), c->value))
				break;
		set(o, i < json_array_size(v) ? VIGIE_STATUS_PASS : VIGIE_STATUS_FAIL,
		    i < json_array_size(v) ? 1 : 0, NULL);
		return;
	}
	cmp = cmp_values(v, c->value);
	switch (c->op) {
	case OP_EQ: ok = cmp == 0; break;
	case OP_NE: ok = cmp != 0; break;
	case OP_LT: ok = cmp == -1; break;
	case OP_LE: ok = cmp == -1 || cmp == 0; break;
	case OP_GT: ok = cmp == 1; break;
	case OP_GE: ok = cmp == 1 || cmp == 0; break;
	default: break;
	}
	if ((c->op >= OP_LT && c->op <= OP_GE) && cmp == 2) {
		set(o, VIGIE_STATUS_ERROR, 0, N_("%s is not a number"), c->path);
		return;
	}
	set(o, ok ? VIGIE_STATUS_PASS : VIGIE_STATUS_FAIL, ok ? 1 : 0, NULL);
}

static void eval_combo(struct check_outcome *o, const struct vigie_check *c,
		       const struct vigie_eval_ctx *ctx, json_t *ev)
{
	struct check_outcome k;
	size_t i, ran = 0, skipped = 0;
	double acc = c->kind == CHECK_ALL ? 1 : 0;
	json_t *kev;

	if (c->kind == CHECK_NOT) {
		kev = json_array();
		vigie_check_eval(&k, c->kids[0], ctx, kev);
		json_decref(kev);
		if (k.status == VIGIE_STATUS_SKIP || k.status == VIGIE_STATUS_ERROR)
			*o = k;
		else if (k.status == VIGIE_STATUS_PASS)
			set(o, VIGIE_STATUS_FAIL, 0, N_("present but must not be"));
		else
			set(o, VIGIE_STATUS_PASS, 1, NULL);
		return;
	}
	for (i = 0; i < c->nkids; i++) {
		kev = json_array();
		vigie_check_eval(&k, c->kids[i], ctx, kev);
		if (k.status == VIGIE_STATUS_ERROR) {
			json_decref(kev);
			*o = k;
			return;
		}
		if (k.status == VIGIE_STATUS_SKIP) {
			json_decref(kev);
			skipped++;
			if (c->kind == CHECK_ALL && !o->reason[0])
				reason_of(o, &k);
			continue;
		}
		ran++;
		/* Evidence of what made the outcome: all of it for "all", the
		 * passing branches for "any". */
		if (c->kind == CHECK_ALL || k.status != VIGIE_STATUS_FAIL)
			json_array_extend(ev, kev);
		json_decref(kev);
		if (c->kind == CHECK_ALL)
			acc = k.score < acc ? k.score : acc;
		else
			acc = k.score > acc ? k.score : acc;
		if (c->kind == CHECK_ANY && k.status == VIGIE_STATUS_PASS)
			break;
	}
	if (!ran || (c->kind == CHECK_ALL && skipped && acc > 0)) {
		struct check_outcome why = *o;
		if (why.reason[0]) {
			set(o, VIGIE_STATUS_SKIP, 0, NULL);
			reason_of(o, &why);
		} else {
			set(o, VIGIE_STATUS_SKIP, 0, N_("facts unavailable"));
		}
		return;
	}
	set(o, acc >= 1 ? VIGIE_STATUS_PASS :
	       acc <= 0 ? VIGIE_STATUS_FAIL : VIGIE_STATUS_PARTIAL, acc, NULL);
}
/* By kind: each primitive's evaluator. */
static const eval_fn evals[CHECK_KIND_COUNT] = {
	[CHECK_ALL] = eval_combo,
	[CHECK_ANY] = eval_combo,
	[CHECK_CONTENT] = eval_content,
	[CHECK_FACT] = eval_fact,
	[CHECK_FILE] = eval_file,
	[CHECK_LICENSE] = eval_license,
	[CHECK_NOT] = eval_combo,
	[CHECK_SECTION] = eval_section,
};

void vigie_check_eval(struct check_outcome *out, const struct vigie_check *c,
		      const struct vigie_eval_ctx *ctx, json_t *evidence)
{
	out->reason[0] = '\0';
	out->reason_id = NULL;
	out->reason_nargs = 0;
	evals[c->kind](out, c, ctx, evidence);
}
