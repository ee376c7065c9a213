/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie's .mailmap against libgit2's on one text (test_mailmap, fuzz_mailmap). */
#ifndef VIGIE_TEST_MAILMAP_DIFF_H
#define VIGIE_TEST_MAILMAP_DIFF_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "src/facts/mailmap.h"

#define MM_CANDS_MAX 48

/*
 * LeakSanitizer's, when it is linked in: libgit2 1.5 leaks an entry when
 * it refuses a text ("Name <>"), which is not ours to report, and its
 * frames (no frame pointers) are too few for a suppression to match.
 */
extern void __lsan_disable(void) __attribute__((weak));
extern void __lsan_enable(void) __attribute__((weak));

/* The names and addresses a text's lookups try: its own pieces. */
struct mm_cands {
	char *v[MM_CANDS_MAX];
	size_t n;
};

static inline void mm_cand_add(struct mm_cands *c, const char *p, size_t n)
{
	size_t i;
	char *s;

	if (c->n == MM_CANDS_MAX)
		return;
	for (i = 0; i < c->n; i++)
		if (strlen(c->v[i]) == n && !memcmp(c->v[i], p, n))
			return;
	if (!(s = malloc(n + 1)))
		abort();
	memcpy(s, p, n);
	s[n] = '\0';
	c->v[c->n++] = s;
}

static inline int mm_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f';
}

/*
 * A few fixed strings, then each piece of the text between '<', '>', '#'
 * and line ends as it is, without its outer spaces, and in the other case
 * (ASCII): the names and addresses it maps and near misses of them.
 */
static inline void mm_cands_of(struct mm_cands *c, const char *text,
			       size_t len)
{
	static const char *const fixed[] = { "", "A", "a", "x@y", "X@Y" };
	const char *p = text, *end = text + len, *q;
	size_t i;

	c->n = 0;
	for (i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
		mm_cand_add(c, fixed[i], strlen(fixed[i]));
	for (; text; p = q + 1) {
		const char *a = p, *b;
		char flip[256];

		for (q = p; q < end && !strchr("<>#\n", *q); q++)
			;
		mm_cand_add(c, p, (size_t)(q - p));
		while (a < q && mm_blank(*a))
			a++;
		for (b = q; b > a && mm_blank(b[-1]); b--)
			;
		mm_cand_add(c, a, (size_t)(b - a));
		if ((size_t)(b - a) < sizeof(flip)) {
			for (i = 0; i < (size_t)(b - a); i++) {
				char ch = a[i];

				flip[i] = ch >= 'a' && ch <= 'z' ? ch - 32 :
					  ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
			}
			mm_cand_add(c, flip, (size_t)(b - a));
		}
		if (q == end)
			break;
	}
}

static inline void mm_cands_release(struct mm_cands *c)
{
	while (c->n)
		free(c->v[--c->n]);
}

/* text, escaped, at most its first 400 bytes */
static inline void mm_show(FILE *f, const char *s, size_t len)
{
	size_t i;

	fputc('"', f);
	for (i = 0; i < len && i < 400; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '\n')
			fputs("\\n", f);
		else if (ch == '\t')
			fputs("\\t", f);
		else if (ch == '\r')
			fputs("\\r", f);
		else if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 32 || ch >= 127)
			fprintf(f, "\\x%02x", ch);
		else
			fputc(ch, f);
	}
	fprintf(f, "\"%s (%zu bytes)", len > 400 ? "..." : "", len);
}

/*
 * Does vigie_mailmap_resolve answer as git_mailmap_resolve for name and
 * email: the same strings, from the same place (the map or the query)?
 */
static inline int mm_same(const git_mailmap *g, const struct vigie_mailmap *v,
			  const char *name, const char *email)
{
	const char *gn = NULL, *ge = NULL, *vn = NULL, *ve = NULL;

	if (git_mailmap_resolve(&gn, &ge, g, name, email) < 0)
		abort();
	vigie_mailmap_resolve(v, &vn, &ve, name, email);
	return !strcmp(gn, vn) && !strcmp(ge, ve) && (gn == name) == (vn == name) &&
	       (ge == email) == (ve == email);
}

static inline void mm_report(FILE *f, const git_mailmap *g,
			     const struct vigie_mailmap *v, const char *name,
			     const char *email, const char *text, size_t len)
{
	const char *gn, *ge, *vn, *ve;

	git_mailmap_resolve(&gn, &ge, g, name, email);
	vigie_mailmap_resolve(v, &vn, &ve, name, email);
	fputs("mailmap: for ", f);
	mm_show(f, name, strlen(name));
	fputs(" ", f);
	mm_show(f, email, strlen(email));
	fputs(" libgit2 says ", f);
	mm_show(f, gn, strlen(gn));
	fputs(" ", f);
	mm_show(f, ge, strlen(ge));
	fputs(", vigie ", f);
	mm_show(f, vn, strlen(vn));
	fputs(" ", f);
	mm_show(f, ve, strlen(ve));
	fprintf(f, " (from the map: %d %d, %d %d) in ", gn != name,
		ge != email, vn != name, ve != email);
	mm_show(f, text, len);
	fputc('\n', f);
}

/*
 * Read text with both and resolve every pair of candidates (mm_cands_of)
 * with both; the number of differences, each printed to f with the text
 * (f NULL: silent).  *queries counts the pairs compared.
 */
static inline size_t mm_diff(FILE *f, const char *text, size_t len,
			     size_t *queries)
{
	git_mailmap *g = NULL;
	struct vigie_mailmap *v = NULL;
	struct mm_cands c;
	size_t i, j, bad = 0;
	int grc, vrc;

	if (__lsan_disable)
		__lsan_disable();
	grc = git_mailmap_from_buffer(&g, len ? text : "", len);
	if (__lsan_enable)
		__lsan_enable();
	vrc = vigie_mailmap_parse(&v, text, len);
	if ((grc < 0) != (vrc < 0)) {
		if (f) {
			fprintf(f, "mailmap: libgit2 says %d, vigie %d for ", grc, vrc);
			mm_show(f, text, len);
			fputc('\n', f);
		}
		git_mailmap_free(g);
		vigie_mailmap_free(v);
		return 1;
	}
	if (grc < 0)
		return 0;
	mm_cands_of(&c, text, len);
	for (i = 0; i < c.n; i++) {
		for (j = 0; j < c.n; j++) {
			(*queries)++;
			if (mm_same(g, v, c.v[i], c.v[j]))
				continue;
			if (f && bad < 3)
				mm_report(f, g, v, c.v[i], c.v[j], text, len);
			bad++;
		}
	}
	mm_cands_release(&c);
	git_mailmap_free(g);
	vigie_mailmap_free(v);
	return bad;
}

#endif
