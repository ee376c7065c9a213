/* SPDX-License-Identifier: EUPL-1.2 */
/* REUSE annotations: which license covers which paths (REUSE.toml, dep5). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "banned.h"

#define MAX_ANNOTATIONS 256
#define MAX_GLOBS 512
#define MAX_VALUE 1024

void lic_reuse_release(struct lic_reuse *r)
{
	size_t i, k;

	for (i = 0; i < r->n; i++) {
		for (k = 0; k < r->a[i].nglobs; k++)
			free(r->a[i].globs[k]);
		free(r->a[i].globs);
		free(r->a[i].expr);
	}
	free(r->a);
	memset(r, 0, sizeof(*r));
}

static struct lic_reuse_ann *new_ann(struct lic_reuse *r)
{
	struct lic_reuse_ann *p;

	if (r->n >= MAX_ANNOTATIONS)
		return NULL;
	p = realloc(r->a, (r->n + 1) * sizeof(*p));
	if (!p) {
		vigie_nomem_mark(); /* not the ceiling */
		return NULL;
	}
	r->a = p;
	memset(&p[r->n], 0, sizeof(*p));
	return &p[r->n++];
}

static int add_glob(struct lic_reuse_ann *a, const char *s, size_t n)
{
	char **p;

	if (!n || a->nglobs >= MAX_GLOBS)
		return 0;
	p = realloc(a->globs, (a->nglobs + 1) * sizeof(*p));
	if (!p)
		return vigie_nomem_mark();
	a->globs = p;
	p[a->nglobs] = strndup(s, n);
	if (!p[a->nglobs])
		return vigie_nomem_mark();
	a->nglobs++;
	return 0;
}

/*
 * A glob: '**' crosses directories ("**" + "/" matches zero or more of
 * them), '*' too when cross (dep5), '?' one character.  Patterns come from
 * the repository: budget bounds the work of one match.
 */
static bool glob_at(const char *p, const char *s, bool cross, long *budget)
{
	if (--*budget <= 0)
		return false;
	for (; *p; p++, s++) {
		if (p[0] == '*' && p[1] == '*') {
			while (*p == '*')
				p++;
			if (*p == '/') {
				for (p++;; s++) {
					if (glob_at(p, s, cross, budget))
						return true;
					s = strchr(s, '/');
					if (!s)
						return false;
				}
			}
			for (;; s++) {
				if (glob_at(p, s, cross, budget))
					return true;
				if (!*s)
					return false;
			}
		}
		if (*p == '*') {
			for (p++;; s++) {
				if (glob_at(p, s, cross, budget))
					return true;
				if (!*s || (!cross && *s == '/'))
					return false;
			}
		}
		if (!*s || (*p != '?' && *p != *s) || (*p == '?' && *s == '/'))
			return false;
	}
	return !*s;
}

bool lic_glob_match(const char *pat, const char *path, bool star_crosses)
{
	if (pat[0] == '.' && pat[1] == '/')
		pat += 2;
	long budget = 20000;

	return glob_at(pat, path, star_crosses, &budget);
}

/* A TOML string at *pp ("..." or '...'): its bytes, *pp moved past it. */
static bool toml_string(const char **pp, const char *end, const char **s,
			size_t *n)
{
	const char *p = *pp;
	char q;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
			   *p == '\r' || *p == ','))
		p++;
	if (p >= end || (*p != '"' && *p != '\''))
		return false;
	q = *p++;
	*s = p;
	while (p < end && *p != q && *p != '\n')
		p += *p == '\\' && q == '"' && p + 1 < end ? 2 : 1;
	if (p >= end || *p != q)
		return false;
	*n = (size_t)(p - *s);
	*pp = p + 1;
	return true;
}

/* Skip to the first character after the next newline. */
static const char *next_line(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl + 1 : end;
}

static bool key_is(const char *p, const char *end, const char *key,
		   const char **after)
{
	size_t n = strlen(key);

	if ((size_t)(end - p) < n || strncasecmp(p, key, n))
		return false;
	p += n;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || *p != '=')
		return false;
	*after = p + 1;
	return true;
}

int lic_reuse_parse_toml(struct lic_reuse *out, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	struct lic_reuse_ann *cur = NULL;

	memset(out, 0, sizeof(*out));
	out->star_crosses = false;
	while (p < end) {
		const char *v, *s;
		size_t n;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(end - p) >= 15 && !strncmp(p, "[[annotations]]", 15)) {
			cur = new_ann(out);
			if (!cur && out->n < MAX_ANNOTATIONS)
				goto oom;
		} else if (*p == '[') {
			cur = NULL; /* another table */
		} else if (cur && key_is(p, end, "path", &v)) {
			while (v < end && (*v == ' ' || *v == '\t'))
				v++;
			if (v < end && *v == '[') {
				v++;
				for (;;) {
					while (v < end && *v == '#')
						v = next_line(v, end);
					if (!toml_string(&v, end, &s, &n))
						break;
					if (add_glob(cur, s, n) < 0)
						goto oom;
				}
				p = v;
			} else if (toml_string(&v, end, &s, &n) &&
				   add_glob(cur, s, n) < 0) {
				goto oom;
			}
		} else if (cur && key_is(p, end, "SPDX-License-Identifier", &v) &&
			   toml_string(&v, end, &s, &n) && n < MAX_VALUE &&
			   !cur->expr) {
			cur->expr = strndup(s, n);
			if (!cur->expr)
				goto oom;
		}
		p = next_line(p, end);
	}
	return 0;
oom:
	lic_reuse_release(out);
	return -1;
}

int lic_reuse_parse_dep5(struct lic_reuse *out, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	struct lic_reuse_ann *cur = NULL;
	bool in_files = false;

	memset(out, 0, sizeof(*out));
	out->star_crosses = true; /* dep5: '*' matches '/' too */
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end, *q;
		if (le == p || (le == p + 1 && *p == '\r')) {
			cur = NULL; /* blank line: next paragraph */
			in_files = false;
		} else if (!strncasecmp(p, "Files:", 6) ||
			   (in_files && (*p == ' ' || *p == '\t'))) {
			if (!cur) {
				cur = new_ann(out);
				if (!cur) {
					if (out->n < MAX_ANNOTATIONS)
						goto oom;
					break;
				}
			}
			q = *p == ' ' || *p == '\t' ? p : p + 6;
			in_files = true;
			while (q < le) {
				size_t n;
				while (q < le && (*q == ' ' || *q == '\t' || *q == '\r'))
					q++;
				n = strcspn(q, " \t\r\n");
				if (q + n > le)
					n = (size_t)(le - q);
				if (n && add_glob(cur, q, n) < 0)
					goto oom;
				q += n;
			}
		} else {
			in_files = false;
			if (cur && !cur->expr && !strncasecmp(p, "License:", 8)) {
				size_t n;
				q = p + 8;
				while (q < le && (*q == ' ' || *q == '\t'))
					q++;
				n = (size_t)(le - q);
				while (n && (q[n - 1] == '\r' || q[n - 1] == ' '))
					n--;
				if (n && n < MAX_VALUE && !(cur->expr = strndup(q, n)))
					goto oom;
			}
		}
		p = eol ? eol + 1 : end;
	}
	return 0;
oom:
	lic_reuse_release(out);
	return -1;
}
