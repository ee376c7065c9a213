/* SPDX-License-Identifier: EUPL-1.2 */
/* SPDX license expressions: normalising declared values, flags, bases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vigie/buf.h"
#include "internal.h"
#include "banned.h"

#define MAX_EXPR 1024

/* The current id for one id-like word, or NULL. */
static const char *resolve_id(const char *w, size_t n, char *tmp, size_t tmplen)
{
	const struct lic_db *db = lic_db();
	const struct vigie_license_info *info;
	const char *nm;
	char key[256];

	if (!db || n >= tmplen)
		return NULL;
	memcpy(tmp, w, n);
	tmp[n] = '\0';
	if (!strncasecmp(tmp, "LicenseRef-", 11) ||
	    !strncasecmp(tmp, "DocumentRef-", 12))
		return tmp;
	info = vigie_license_db_find(tmp);
	if (info && !(info->flags & VIGIE_LICENSE_SECONDARY))
		return info->id;
	if (info)
		return info->id;
	if (lic_name_key(key, sizeof(key), w, n) < 0 || !key[0])
		return NULL;
	nm = lic_name_find(db, key, strlen(key));
	if (!nm)
		return NULL;
	snprintf(tmp, tmplen, "%.*s", (int)strcspn(nm, "?"), nm);
	if (!strcmp(tmp, "NOASSERTION"))
		return NULL;
	return tmp;
}

static bool is_op(const char *w, size_t n, const char *op)
{
	return strlen(op) == n && !strncasecmp(w, op, n);
}

int vigie_license_expr_normalize(char **out, const char *value,
				 struct vigie_error *err)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	const char *p = value;
	bool after_with = false, ok = true;
	size_t ids = 0;

	*out = NULL;
	if (vigie_license_db_load(err) < 0)
		return VIGIE_EINVALID;
	if (!value || strlen(value) > MAX_EXPR)
		return vigie_error_set(err, VIGIE_EINVALID, NULL,
				       "license value is empty or too long");
	vigie_buf_init(&b, 4 * MAX_EXPR);
	/* "MIT/X11" is one license under two names, not a choice: a value
	 * that is a known name as a whole is that license */
	if (strchr(value, '/') && strlen(value) < 120) {
		char key[256];
		const char *nm = NULL;
		if (lic_name_key(key, sizeof(key), value, strlen(value)) == 0 &&
		    key[0])
			nm = lic_name_find(lic_db(), key, strlen(key));
		if (nm && !strchr(nm, '?') && strcmp(nm, "NOASSERTION")) {
			if (vigie_buf_puts(&b, nm) < 0)
				goto oom;
			*out = vigie_buf_detach(&b, NULL);
			return 0;
		}
	}
	while (*p && ok) {
		size_t n;
		char tmp[128];
		const char *id;
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
			continue;
		}
		if (*p == '(' || *p == ')') {
			ok = vigie_buf_putc(&b, *p) == 0;
			p++;
			continue;
		}
		if (*p == '/' || *p == ',' || *p == ';' || *p == '|') {
			ok = vigie_buf_puts(&b, " OR ") == 0;
			p++;
			continue;
		}
		n = strcspn(p, " \t\r\n()/,;|");
		if (is_op(p, n, "AND") || is_op(p, n, "OR") ||
		    is_op(p, n, "WITH")) {
			char op[8];
			size_t k;
			for (k = 0; k < n; k++)
				op[k] = (char)(p[k] >= 'a' ? p[k] - 32 : p[k]);
			op[n] = '\0';
			after_with = !strcmp(op, "WITH");
			ok = vigie_buf_printf(&b, " %s ", op) == 0;
			p += n;
			continue;
		}
		if (after_with) {
			ok = vigie_buf_add(&b, p, n) == 0;
			after_with = false;
			p += n;
			continue;
		}
		id = resolve_id(p, n, tmp, sizeof(tmp));
		if (!id) {
			ok = false;
			break;
		}
		ok = vigie_buf_puts(&b, id) == 0;
		ids++;
		p += n;
	}
	if (!ok || !ids) {
		/* Not an expression: perhaps a name ("Apache License 2.0") */
		char tmp[128];
		const char *id = NULL;
		vigie_buf_release(&b);
		vigie_buf_init(&b, 4 * MAX_EXPR);
		if (strlen(value) < 120)
			id = resolve_id(value, strlen(value), tmp, sizeof(tmp));
		if (!id) {
			/* a phrase: "GNU Affero General Public License v3 or
			 * later (AGPLv3+)", "Apache 2.0 or MIT" */
			struct vigie_license_result r;
			int rc = vigie_license_identify(
				&r, value, strlen(value),
				VIGIE_LICENSE_NO_TEXT | VIGIE_LICENSE_BARE_NAMES,
				NULL);
			if (rc < 0) {
				vigie_buf_release(&b);
				return vigie_error_set(err, rc, NULL,
						       "out of memory");
			}
			if (r.count && vigie_buf_puts(&b, r.expression) < 0) {
				vigie_license_result_release(&r);
				goto oom;
			}
			vigie_license_result_release(&r);
		}
		if (id && vigie_buf_puts(&b, id) < 0)
			goto oom;
		if (!b.len) {
			vigie_buf_release(&b);
			return vigie_error_set(err, VIGIE_EINVALID, NULL,
					       "no license recognised in '%.80s'",
					       value);
		}
	}
	/* collapse the double spaces operators may leave */
	{
		char *s = b.ptr, *d = b.ptr;
		bool sp = true;
		for (; *s; s++) {
			if (*s == ' ' && sp)
				continue;
			sp = *s == ' ' || *s == '(';
			if (*s == ')' && d > b.ptr && d[-1] == ' ')
				d--;
			*d++ = *s;
		}
		while (d > b.ptr && d[-1] == ' ')
			d--;
		*d = '\0';
		b.len = (size_t)(d - b.ptr);
	}
	*out = vigie_buf_detach(&b, NULL);
	return 0;
oom:
	vigie_buf_release(&b);
	return vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
}

/* ---- evaluating flags and freedom -------------------------------------- */

/*
 * One three-valued evaluator for both: a flag is yes or no for each known
 * license (an unknown one is no), freedom is yes, no or "cannot tell".  AND
 * is no if any part is, yes if all are; OR the reverse.  For copyleft the
 * two swap: a work is copyleft when any part it combines (AND) is, but
 * only when every alternative (OR) is.
 */
enum { T_NO = VIGIE_LICENSE_LIBRE_NO, T_YES = VIGIE_LICENSE_LIBRE_YES,
       T_UNK = VIGIE_LICENSE_LIBRE_UNKNOWN };

/*
 * Licenses outside the SPDX list that vigie names by a LicenseRef- (their
 * names: ALIASES in rules/licenses/build.py) and whose verdict is known,
 * with the condition that decides it.  Any other LicenseRef- is "cannot
 * tell".
 */
static const struct {
	const char *id;
	int libre;
	const char *basis;
} unlisted[] = {
	/* use restricted: no managed service, no competing product */
	{ "LicenseRef-RSALv2", T_NO, "source-available" },
};

static int unlisted_verdict(const char *id)
{
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(unlisted); i++)
		if (!strcasecmp(unlisted[i].id, id))
			return unlisted[i].libre;
	return T_UNK;
}

struct parser {
	const char *p;
	unsigned flag_bit; /* 0: freedom */
	bool dual;         /* AND and OR swapped (copyleft) */
	int depth;
};

static const unsigned flag_bits[VIGIE_LICENSE_FLAG_COUNT] = {
	VIGIE_LICENSE_OSI, VIGIE_LICENSE_FSF, VIGIE_LICENSE_COPYLEFT,
	VIGIE_LICENSE_FR_PUBLIC,
};

static void skip_ws(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

static bool word_is(struct parser *ps, const char *w)
{
	size_t n = strlen(w);

	skip_ws(ps);
	if (strncasecmp(ps->p, w, n) || (ps->p[n] && !strchr(" \t()", ps->p[n])))
		return false;
	ps->p += n;
	return true;
}

static int tri_and(int a, int b)
{
	return a == T_NO || b == T_NO ? T_NO : a == T_YES && b == T_YES ? T_YES : T_UNK;
}

static int tri_or(int a, int b)
{
	return a == T_YES || b == T_YES ? T_YES : a == T_NO && b == T_NO ? T_NO : T_UNK;
}

static int eval_or(struct parser *ps);

static int eval_atom(struct parser *ps)
{
	const struct vigie_license_info *info;
	char id[128];
	size_t n;
	int v;

	skip_ws(ps);
	if (*ps->p == '(') {
		ps->p++;
		if (++ps->depth > 32)
			return T_UNK;
		v = eval_or(ps);
		skip_ws(ps);
		if (*ps->p == ')')
			ps->p++;
		ps->depth--;
		return v;
	}
	n = strcspn(ps->p, " \t()");
	if (!n) {
		if (*ps->p)
			ps->p++;
		return T_UNK;
	}
	snprintf(id, sizeof(id), "%.*s", (int)(n < sizeof(id) ? n : 0), ps->p);
	ps->p += n;
	info = vigie_license_db_find(id);
	if (ps->flag_bit)
		v = info && (info->flags & ps->flag_bit) ? T_YES : T_NO;
	else
		v = !info ? unlisted_verdict(id) :
		    (info->flags & VIGIE_LICENSE_NONLIBRE) ? T_NO :
		    (info->flags & VIGIE_LICENSE_LIBRE) ? T_YES : T_UNK;
	if (word_is(ps, "WITH")) {
		/* an exception only adds permissions */
		skip_ws(ps);
		ps->p += strcspn(ps->p, " \t()");
	}
	return v;
}

static int eval_and(struct parser *ps)
{
	int v = eval_atom(ps);

	while (word_is(ps, "AND")) {
		int w = eval_atom(ps);
		v = ps->dual ? tri_or(v, w) : tri_and(v, w);
	}
	return v;
}

static int eval_or(struct parser *ps)
{
	int v = eval_and(ps);

	while (word_is(ps, "OR")) {
		int w = eval_and(ps);
		v = ps->dual ? tri_and(v, w) : tri_or(v, w);
	}
	return v;
}

bool vigie_license_expr_flag(const char *expr, enum vigie_license_flag flag)
{
	struct parser ps = { expr, 0, flag == VIGIE_LICENSE_FLAG_COPYLEFT, 0 };

	if (!expr || flag >= VIGIE_LICENSE_FLAG_COUNT || !strcmp(expr, "NONE"))
		return false;
	ps.flag_bit = flag_bits[flag];
	return eval_or(&ps) == T_YES;
}

enum vigie_license_libre vigie_license_expr_libre(const char *expr)
{
	struct parser ps = { expr, 0, false, 0 };

	if (!expr || !strcmp(expr, "NONE"))
		return VIGIE_LICENSE_LIBRE_NO;
	if (!strcmp(expr, "NOASSERTION") || vigie_license_db_load(NULL) < 0)
		return VIGIE_LICENSE_LIBRE_UNKNOWN;
	return (enum vigie_license_libre)eval_or(&ps);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int vigie_license_expr_bases(char **out, const char *expr)
{
	static const char *const suffixes[] = { "-only", "-or-later", "+" };
	struct vigie_buf b = VIGIE_BUF_INIT;
	char *copy = strdup(expr ? expr : ""), *tok, *save = NULL;
	char *words[64];
	size_t n = 0, i, k;
	bool skip = false;

	*out = NULL;
	if (!copy)
		return vigie_nomem_mark();
	for (tok = strtok_r(copy, " ()", &save); tok && n < 64;
	     tok = strtok_r(NULL, " ()", &save)) {
		if (!strcmp(tok, "AND") || !strcmp(tok, "OR"))
			continue;
		if (!strcmp(tok, "WITH")) {
			skip = true;
			continue;
		}
		if (skip) {
			skip = false;
			continue;
		}
		for (k = 0; k < VIGIE_ARRAY_SIZE(suffixes); k++) {
			size_t l = strlen(tok), s = strlen(suffixes[k]);
			if (l > s && !strcmp(tok + l - s, suffixes[k]))
				tok[l - s] = '\0';
		}
		words[n++] = tok;
	}
	qsort(words, n, sizeof(*words), cmp_str);
	for (i = 0; i < n; i++) {
		if (i && !strcmp(words[i], words[i - 1]))
			continue;
		if ((b.len && vigie_buf_putc(&b, ' ') < 0) ||
		    vigie_buf_puts(&b, words[i]) < 0) {
			vigie_buf_release(&b);
			free(copy);
			return -1;
		}
	}
	free(copy);
	if (!b.ptr && vigie_buf_puts(&b, "") < 0)
		return -1;
	*out = vigie_buf_detach(&b, NULL);
	return 0;
}
