/* SPDX-License-Identifier: EUPL-1.2 */
/* A repository's .mailmap, read and applied as libgit2 1.5 does (mailmap.h). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/common.h"
#include "vigie/error.h"
#include "mailmap.h"
#include "grow.h"
#include "banned.h"

/*
 * One line of the file.  The key is (email, name); a NULL name stands for
 * any name that no entry of the same address names.  A NULL real_name or
 * real_email keeps the commit's own.  The strings are in the map's copy of
 * the text, so entries of later lines have greater email pointers: that is
 * the order of the file, which decides between duplicates.
 */
struct entry {
	const char *email, *name;
	const char *real_name, *real_email;
};

struct vigie_mailmap {
	char *text;        /* the file, each field NUL-terminated in place */
	struct entry *v;   /* sorted by key, one entry per key */
	size_t n;
};

/* The file's spaces: libgit2's, whatever the locale. */
static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && is_space(*p))
		p++;
	return p;
}

/* Nothing more on the line but spaces and perhaps a comment. */
static bool at_end(const char *p, const char *end)
{
	p = skip_space(p, end);
	return p == end || *p == '#';
}

/* The first c from p on, or NULL when a comment or the line's end comes
 * first: a field never holds a '#'. */
static char *find(char *p, const char *end, char c)
{
	for (; p < end && *p != '#'; p++)
		if (*p == c)
			return p;
	return NULL;
}

/* Where the name [p, end) ends without its trailing spaces. */
static char *rtrim(char *p, char *end)
{
	while (end > p && is_space(end[-1]))
		end--;
	return end;
}

/* The field [p, end) NUL-terminated, or NULL when empty.  end is a '<',
 * a '>' or a space: never a character of another field. */
static const char *field(char *p, char *end)
{
	*end = '\0';
	return end > p ? p : NULL;
}

/*
 * Read the line [p, end): 1 with *e filled, 0 when it is blank, a comment
 * or malformed, -1 for an entry whose address to replace is empty (which
 * libgit2 refuses, and with it the whole file).  Its forms:
 *	Proper Name <commit@email>
 *	<proper@email> <commit@email>
 *	Proper Name <proper@email> <commit@email>
 *	Proper Name <proper@email> Commit Name <commit@email>
 * with spaces around names and addresses, an address as written between
 * its brackets (spaces and '<' included), and '#' starting a comment
 * anywhere; nothing else may follow the last address.
 */
static int parse_line(struct entry *e, char *p, char *end)
{
	char *n1, *lt1, *gt1, *n2, *lt2, *gt2;

	n1 = (char *)skip_space(p, end);
	if (at_end(n1, end))
		return 0;
	if (!(lt1 = find(n1, end, '<')) || !(gt1 = find(lt1 + 1, end, '>')))
		return 0;
	if (at_end(gt1 + 1, end)) {
		if (gt1 == lt1 + 1)
			return -1;
		e->real_name = field(n1, rtrim(n1, lt1));
		e->real_email = NULL;
		e->name = NULL;
		e->email = field(lt1 + 1, gt1);
		return 1;
	}
	n2 = (char *)skip_space(gt1 + 1, end);
	if (!(lt2 = find(n2, end, '<')) || !(gt2 = find(lt2 + 1, end, '>')) ||
	    !at_end(gt2 + 1, end))
		return 0;
	if (gt2 == lt2 + 1)
		return -1;
	e->real_name = field(n1, rtrim(n1, lt1));
	e->real_email = field(lt1 + 1, gt1);
	e->name = field(n2, rtrim(n2, lt2));
	e->email = field(lt2 + 1, gt2);
	return 1;
}

/* By address, then name, a NULL name first. */
static int cmp_key(const struct entry *a, const struct entry *b)
{
	int c = strcmp(a->email, b->email);

	if (c)
		return c;
	if (!a->name || !b->name)
		return (a->name != NULL) - (b->name != NULL);
	return strcmp(a->name, b->name);
}

/* By key; entries of one key in the file's order. */
static int cmp_entry(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	int c = cmp_key(a, b);

	if (c)
		return c;
	return a->email < b->email ? -1 : a->email > b->email;
}

int vigie_mailmap_parse(struct vigie_mailmap **out, const char *text,
			size_t len)
{
	struct vigie_mailmap *m = NULL;
	struct entry e;
	size_t cap = 0, i, j;
	char *p, *end, *eol;
	int r, rc = VIGIE_ENOMEM;

	*out = NULL;
	/* libgit2 takes no NUL byte anywhere */
	if (len && memchr(text, '\0', len))
		return VIGIE_EINVALID;
	if (!(m = calloc(1, sizeof(*m))) || !(m->text = malloc(len + 1)))
		goto out;
	if (len)
		memcpy(m->text, text, len);
	m->text[len] = '\0';
	for (p = m->text, end = p + len; p < end; p = eol + 1) {
		if (!(eol = memchr(p, '\n', (size_t)(end - p))))
			eol = end;
		if ((r = parse_line(&e, p, eol)) == 0)
			continue;
		if (r < 0) {
			rc = VIGIE_EINVALID;
			goto out;
		}
		if (m->n == cap && vigie_grow(&m->v, &cap, m->n + 1, 64) < 0)
			goto out;
		m->v[m->n++] = e;
	}
	if (m->n > 1)
		qsort(m->v, m->n, sizeof(*m->v), cmp_entry);
	/* of entries with one key, the file's last replaces the others */
	for (i = j = 0; i < m->n; i++) {
		if (i + 1 < m->n && !cmp_key(&m->v[i], &m->v[i + 1]))
			continue;
		m->v[j++] = m->v[i];
	}
	m->n = j;
	*out = m;
	return 0;
out:
	vigie_mailmap_free(m);
	return rc == VIGIE_ENOMEM ? vigie_nomem_mark() : rc;
}

/* The entry for exactly (email, name), name NULL for the nameless one. */
static const struct entry *lookup(const struct vigie_mailmap *m,
				  const char *email, const char *name)
{
	struct entry key = { email, name, NULL, NULL };
	size_t lo = 0, hi = m->n;

	/* the first entry not below the key */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_key(&m->v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n && !cmp_key(&m->v[lo], &key) ? &m->v[lo] : NULL;
}

void vigie_mailmap_resolve(const struct vigie_mailmap *m, const char **rn,
			   const char **re, const char *name,
			   const char *email)
{
	const struct entry *e = NULL;

	*rn = name;
	*re = email;
	if (!m || !m->n)
		return;
	/* the entry naming this name, else the address's nameless one */
	if (!(e = lookup(m, email, name)))
		e = lookup(m, email, NULL);
	if (!e)
		return;
	if (e->real_name)
		*rn = e->real_name;
	if (e->real_email)
		*re = e->real_email;
}

void vigie_mailmap_free(struct vigie_mailmap *m)
{
	if (!m)
		return;
	free(m->v);
	free(m->text);
	free(m);
}
