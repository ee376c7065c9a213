/* SPDX-License-Identifier: EUPL-1.2 */
/* Licenses named rather than quoted: notices, SPDX lines, README sections. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "grow.h"
#include "banned.h"

#define MAX_TOKENS 200000
/* How far before a name a trigger ("licensed under") may stand. */
#define TRIGGER_WINDOW 8

static const char *const stopwords[] = {
	"the", "of", "l", "la", "le", "du", "de", "des", "d", "version",
};

/*
 * While the text is read, a token's s holds its word's offset in the pool
 * (which moves as it grows); lic_ntokenize makes them pointers at the end.
 */
static int push(struct ntoks *v, const char *s, size_t n, size_t at)
{
	size_t i;

	if (n == 0 || n >= LIC_TOKEN_MAX)
		return 0;
	/* (every stop word is 1 to 7 letters, "version" the longest) */
	for (i = 0; n <= 7 && i < VIGIE_ARRAY_SIZE(stopwords); i++)
		if (stopwords[i][0] == s[0] && strlen(stopwords[i]) == n &&
		    !memcmp(stopwords[i], s, n))
			return 0;
	if (v->n >= MAX_TOKENS)
		return 0;
	if (vigie_grow(&v->t, &v->alloc, v->n + 1, 256) < 0 ||
	    vigie_grow(&v->pool, &v->pool_alloc, v->pool_len + n + 1, 2048) < 0)
		return -1;
	if (n == 7 && !memcmp(s, "licence", 7))
		s = "license";
	memcpy(v->pool + v->pool_len, s, n);
	v->pool[v->pool_len + n] = '\0';
	v->t[v->n].s = (const char *)(uintptr_t)v->pool_len;
	v->t[v->n].at = at;
	v->pool_len += n + 1;
	v->n++;
	return 0;
}

void lic_ntoks_release(struct ntoks *v)
{
	free(v->t);
	free(v->pool);
	memset(v, 0, sizeof(*v));
}

static bool is_number(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || *s == '.'))
			return false;
	return true;
}

/* Tokens as build.py's name_key() makes them (mirror). */
int lic_ntokenize(struct ntoks *v, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, t;

	memset(v, 0, sizeof(*v));
	/* room for a license-like text's tokens at once (normalize.c) */
	if (len >= 2048 &&
	    (vigie_grow(&v->t, &v->alloc,
			len / 5 < MAX_TOKENS ? len / 5 : MAX_TOKENS, 256) < 0 ||
	     vigie_grow(&v->pool, &v->pool_alloc, len + 1, 2048) < 0)) {
		lic_ntoks_release(v);
		return -1;
	}
	while (i < len) {
		char buf[64];
		size_t n = 0, start = i, k;
		bool plus = false;

		/* a URL names a page, not a license: its link text does */
		if ((text[i] | 0x20) == 'h' &&
		    ((i + 7 < len && !strncasecmp(text + i, "http://", 7)) ||
		     (i + 8 < len && !strncasecmp(text + i, "https://", 8)))) {
			while (i < len && !strchr(" \t\r\n)]>\"'", text[i]))
				i++;
			continue;
		}

		while (i < len && n < sizeof(buf) - 1) {
			unsigned char c = s[i];
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				buf[n++] = (char)c;
				i++;
			} else if (c == 0xc3 && i + 1 < len &&
				   (s[i + 1] == 0xa9 || s[i + 1] == 0xa8 ||
				    s[i + 1] == 0x89)) {
				buf[n++] = 'e';
				i += 2;
			} else if ((c == 0xe9 || c == 0xe8 || c == 0xc9) &&
				   (i + 1 == len || (s[i + 1] & 0xc0) != 0x80)) {
				/* the same letters in Latin-1 */
				buf[n++] = 'e';
				i++;
			} else {
				break;
			}
		}
		if (!n) {
			i++;
			continue;
		}
		/* ".N" after digits continues a version number */
		if (buf[n - 1] >= '0' && buf[n - 1] <= '9')
			while (i + 1 < len && s[i] == '.' && s[i + 1] >= '0' &&
			       s[i + 1] <= '9' && n < sizeof(buf) - 2) {
				buf[n++] = '.';
				i++;
				while (i < len && s[i] >= '0' && s[i] <= '9' &&
				       n < sizeof(buf) - 1)
					buf[n++] = (char)s[i++];
			}
		if (i < len && s[i] == '+')
			plus = true;
		buf[n] = '\0';
		/* "gplv3" is "gpl 3"; a lone "v" before a number goes */
		for (k = 1; k + 1 < n; k++)
			if (buf[k] == 'v' && buf[k - 1] >= 'a' &&
			    buf[k - 1] <= 'z' && buf[k + 1] >= '0' &&
			    buf[k + 1] <= '9')
				break;
		if (k + 1 < n) {
			if (push(v, buf, k, start) < 0)
				goto fail;
			memmove(buf, buf + k + 1, n - k);
			n -= k + 1;
		} else if (n > 1 && buf[0] == 'v' && buf[1] >= '0' &&
			   buf[1] <= '9') {
			memmove(buf, buf + 1, n);
			n--;
		} else if (n == 1 && buf[0] == 'v') {
			size_t j = i;
			while (j < len && (s[j] == '.' || s[j] == ' '))
				j++;
			if (j < len && s[j] >= '0' && s[j] <= '9')
				continue;
		}
		buf[n] = '\0';
		if (is_number(buf))
			while (n > 2 && !strcmp(buf + n - 2, ".0"))
				buf[n -= 2] = '\0';
		if (push(v, buf, n, start) < 0)
			goto fail;
		if (plus && (push(v, "or", 2, i) < 0 ||
			     push(v, "later", 5, i) < 0))
			goto fail;
	}
	for (t = 0; t < v->n; t++)
		v->t[t].s = v->pool + (uintptr_t)v->t[t].s;
	return 0;
fail:
	lic_ntoks_release(v);
	return -1;
}

static bool in_spans(size_t at, const size_t *spans, size_t nspans)
{
	size_t i;

	for (i = 0; i + 1 < nspans; i += 2)
		if (at >= spans[i] && at < spans[i + 1])
			return true;
	return false;
}

static bool tok_is(const struct ntoks *v, size_t i, const char *s)
{
	/* the first byte first: most tokens differ there, and a call of
	 * strcmp for each was a tenth of a license text's scan */
	return i < v->n && v->t[i].s[0] == s[0] && !strcmp(v->t[i].s, s);
}

static bool seq_at(const struct ntoks *v, size_t i, const char *const *words)
{
	size_t k;

	for (k = 0; words[k]; k++)
		if (!tok_is(v, i + k, words[k]))
			return false;
	return true;
}

/* Longest name at token i: its id and length in tokens, or NULL. */
static const char *name_at(const struct lic_db *db, const struct ntoks *v,
			   size_t i, size_t *ntok)
{
	char key[512];
	size_t k, len = 0;
	const char *found = NULL;
	bool longer;

	*ntok = 0;
	for (k = 0; k < db->max_name_words && i + k < v->n; k++) {
		size_t l = strlen(v->t[i + k].s);
		const char *id;
		if (len + l + 2 >= sizeof(key))
			break;
		if (k)
			key[len++] = ' ';
		memcpy(key + len, v->t[i + k].s, l);
		len += l;
		key[len] = '\0';
		id = lic_name_lookup(db, key, len, &longer);
		if (id) {
			found = id;
			*ntok = k + 1;
		}
		if (!longer)
			break;
	}
	return found;
}

/* Single-word names that stand alone in a license section. */
static bool bare_ok(const char *word)
{
	static const char *const ok[] = {
		"mit", "isc", "unlicense", "wtfpl", "zlib", "cc0", "odbl",
		"gpl", "lgpl", "agpl", "mpl", "eupl", "cecill", "apache2",
		"cecillb", "cecillc", "gplv2", "gplv3", "agplv3", "lgplv3",
		"sspl",
	};
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(ok); i++)
		if (!strcmp(word, ok[i]))
			return true;
	return false;
}

static bool triggered(const struct ntoks *v, size_t i)
{
	static const char *const triggers[] = {
		"licensed", "license", "licenses", "under", "released",
		"distributed", "available", "terms", "sous", "identifier",
		"licensing", "publie", "diffuse", "placed", "waived",
		"dedicated",
		/* "the user's choice of the X or the Y" */
		"choice",
	};
	size_t k, j;

	for (k = 1; k <= TRIGGER_WINDOW && k <= i; k++)
		for (j = 0; j < VIGIE_ARRAY_SIZE(triggers); j++)
			if (v->t[i - k].s[0] == triggers[j][0] &&
			    !strcmp(v->t[i - k].s, triggers[j])) {
				/* "License: MIT", not "this license ... MIT" */
				if (j == 1 && k > 1)
					continue;
				return true;
			}
	return false;
}

/* A name's "-only" id becomes "-or-later" when "or later" follows. */
static const char *with_suffix(const char *id, const struct ntoks *v,
			       size_t after)
{
	static const char *const later[] = { "or", "later", NULL };
	static const char *const any_later[] = { "or", "any", "later", NULL };
	static const char *const opt_later[] = { "at", "your", "option", "any",
						 "later", NULL };
	static const char *const fr_later[] = { "ou", "toute", "ulterieure",
						NULL };
	static const char *const fr_newer[] = { "ou", "plus", "recent", NULL };
	static const char *const fr_after[] = { "ou", "ulterieure", NULL };
	char buf[64];
	size_t n = strlen(id), k;
	const struct vigie_license_info *t;

	if (n < 5 || strcmp(id + n - 5, "-only"))
		return id;
	for (k = after; k < after + 12 && k < v->n; k++)
		if (seq_at(v, k, later) || seq_at(v, k, any_later) ||
		    seq_at(v, k, opt_later) || seq_at(v, k, fr_later) ||
		    seq_at(v, k, fr_newer) || seq_at(v, k, fr_after))
			break;
	if (k >= after + 12 || k >= v->n)
		return id;
	snprintf(buf, sizeof(buf), "%.*s-or-later", (int)(n - 5), id);
	t = vigie_license_db_find(buf);
	return t ? t->id : id;
}

static int spdx_lines(struct vigie_license_result *r, const char *text,
		      size_t len)
{
	static const char tag[] = "spdx-license-identifier";
	size_t i;

	for (i = 0; i + sizeof(tag) - 1 < len; i++) {
		char value[256], *expr = NULL;
		size_t j, n = 0;
		if ((text[i] | 0x20) != 's' ||
		    strncasecmp(text + i, tag, sizeof(tag) - 1))
			continue;
		j = i + sizeof(tag) - 1;
		while (j < len && (text[j] == ':' || text[j] == ' ' ||
				   text[j] == '\t'))
			j++;
		while (j < len && text[j] != '\n' && text[j] != '\r' &&
		       n < sizeof(value) - 1)
			value[n++] = text[j++];
		value[n] = '\0';
		/* comment closers and quotes around the expression */
		for (j = 0; j < n; j++) {
			if (!strncmp(value + j, "*/", 2))
				memset(value + j, ' ', 2);
			else if (!strncmp(value + j, "-->", 3))
				memset(value + j, ' ', 3);
			else if (value[j] == '"' || value[j] == '\'' ||
				 value[j] == ',' || value[j] == '#' ||
				 value[j] == '|')
				value[j] = ' ';
		}
		if (vigie_license_expr_normalize(&expr, value, NULL) == 0) {
			const char *p = expr;
			if (!r->expression) {
				r->expression = expr;
				expr = NULL;
			}
			while (*p) {
				size_t m;
				char id[64];
				while (*p == ' ' || *p == '(' || *p == ')')
					p++;
				m = strcspn(p, " ()");
				if (!m)
					break;
				if (strncmp(p, "AND", m) && strncmp(p, "OR", m) &&
				    m < sizeof(id)) {
					memcpy(id, p, m);
					id[m] = '\0';
					/* "X WITH Y" stays one license */
					if (!strncmp(p + m, " WITH ", 6)) {
						size_t e = strcspn(p + m + 6, " ()");
						if (m + 6 + e < sizeof(id)) {
							memcpy(id + m, p + m, 6 + e);
							id[m + 6 + e] = '\0';
							m += 6 + e;
						}
					}
					size_t before = r->count;
					if (lic_result_add(r, id, 1.0,
							   VIGIE_LICENSE_METHOD_SPDX_ID,
							   0, 0) < 0) {
						free(expr);
						return -1;
					}
					/* where it stands, to tell a
					 * bundled file's line */
					if (r->count > before) {
						r->matches[before].first_byte = i;
						r->matches[before].end_byte = j;
					}
				}
				p += m;
			}
		}
		free(expr);
		i += sizeof(tag) - 1;
	}
	return 0;
}

static size_t appendix_start(const struct ntoks *v);
static size_t appendix_end(const char *text, const struct ntoks *v,
			   size_t start);

/* Words that say what part of a work a license in the same clause
 * covers; the code words win (nothing is left out of the work). */
static const struct { const char *word, *scope; } scope_words[] = {
	{ "code", "" }, { "source", "" }, { "software", "" },
	{ "logiciel", "" }, { "program", "" }, { "library", "" },
	{ "documentation", "docs" }, { "docs", "docs" }, { "doc ", "docs" },
	{ "content", "docs" }, { "contenu", "docs" }, { "tutorial", "docs" },
	{ "manual", "docs" }, { "manuel", "docs" }, { "translation", "docs" },
	{ "data", "data" }, { "donnees", "data" }, { "donn\xc3\xa9" "es", "data" },
	{ "dataset", "data" }, { "logo", "assets" }, { "image", "assets" },
	{ "icon", "assets" }, { "artwork", "assets" }, { "media", "assets" },
	{ "graphic", "assets" }, { "graphique", "assets" },
	{ "illustration", "assets" }, { "ressources graphiques", "assets" },
	{ "font", "fonts" }, { "police", "fonts" },
	{ "third-party", "third-party" }, { "third party", "third-party" },
	{ "dependencies", "third-party" }, { "bundled", "third-party" },
	{ "vendored", "third-party" },
	/* "the following directories are licensed under MIT: ./front/" */
	{ "directories", "files" }, { "subdirectories", "files" },
	{ "folders", "files" }, { "dossiers", "files" },
	{ "r\xc3\xa9pertoires", "files" }, { "repertoires", "files" },
};

/*
 * Is text[at] the end of a clause (". ", ";", ",", a line break)?  A line
 * break inside a paragraph wrapped at 50 columns or more is a space: the
 * next line goes on with the sentence unless it starts a list item.
 */
static bool clause_end(const char *text, size_t len, size_t at)
{
	char c = text[at];

	if (c == '\n') {
		size_t start = at;
		char next = at + 1 < len ? text[at + 1] : '\n';
		while (start > 0 && text[start - 1] != '\n')
			start--;
		return at - start < 50 || strchr("\n\r-*+#|>", next) ||
		       (start < at && text[at - 1] == ':');
	}
	/* brackets do not end a clause: "under [the MIT license](LICENSE)" */
	return c == ';' || c == ',' ||
	       (c == '.' && (at + 1 >= len || text[at + 1] == ' ' ||
			     text[at + 1] == '\n'));
}

/*
 * The scope the words of text[from, to) name.  Words in parentheses are a
 * remark on the subject, not the subject: "the documentation (everything
 * under docs/ in the source tree) is under CC BY 3.0" covers the docs;
 * they count only when nothing outside them names a part.
 */
static const char *words_scope(const char *text, size_t from, size_t to)
{
	const char *scope = NULL, *inner = NULL;
	size_t i, k;
	int depth = 0;

	for (i = from; i < to; i++) {
		if (text[i] == '(' || text[i] == ')') {
			depth += text[i] == '(' ? 1 : depth > 0 ? -1 : 0;
			continue;
		}
		if (i > from && ((text[i - 1] | 0x20) >= 'a' &&
				 (text[i - 1] | 0x20) <= 'z'))
			continue; /* words start at a word boundary */
		for (k = 0; k < VIGIE_ARRAY_SIZE(scope_words); k++) {
			size_t n;
			if ((text[i] | 0x20) != scope_words[k].word[0])
				continue;
			n = strlen(scope_words[k].word);
			if (i + n > to ||
			    strncasecmp(text + i, scope_words[k].word, n))
				continue;
			if (depth > 0)
				inner = inner ? inner : scope_words[k].scope;
			else if (!scope_words[k].scope[0])
				return "";
			else
				scope = scope ? scope : scope_words[k].scope;
		}
	}
	return scope ? scope : inner;
}

/*
 * What the clause around a name (bytes start..end of text) says it
 * covers: "" for the work (or nothing said), else a scope.  The words
 * before the name count first ("the documentation is under CC-BY-4.0"),
 * then those after it ("CC-BY-4.0 for the documentation").
 */
static const char *clause_scope(const char *text, size_t len, size_t start,
				size_t end)
{
	size_t a = start, b = end;
	const char *s;

	/* a name in a heading ("## MIT License") titles a section: the
	 * section's first paragraph says what it covers ("The following
	 * directories are licensed under MIT: ./front/") */
	for (a = start; a > 0 && start - a < 200 && text[a - 1] != '\n'; a--)
		;
	if (text[a] == '#' && (!a || text[a - 1] == '\n')) {
		for (b = end; b < len && b - end < 200 && text[b] != '\n'; b++)
			;
		s = words_scope(text, a, b);
		if (s)
			return s;
		while (b < len && (text[b] == '\n' || text[b] == '\r'))
			b++;
		for (a = b; b < len && b - a < 300 && text[b] != '#' &&
			    !(text[b] == '\n' && b + 1 < len &&
			      text[b + 1] == '\n'); b++)
			;
		s = words_scope(text, a, b);
		return s ? s : "";
	}
	a = start;
	b = end;
	while (a > 0 && start - a < 200 && !clause_end(text, len, a - 1))
		a--;
	s = words_scope(text, a, start);
	if (s)
		return s;
	while (b < len && b - end < 120 && !clause_end(text, len, b))
		b++;
	s = words_scope(text, end, b);
	if (s)
		return s;
	/* else the heading of the section the name stands in ("## Image
	 * credits"), when it names a part of the work */
	for (a = start; a > 0 && start - a < 4000; a--)
		if (text[a - 1] == '\n' && text[a] == '#') {
			for (b = a; b < len && text[b] != '\n'; b++)
				;
			s = words_scope(text, a, b);
			return s ? s : "";
		}
	return "";
}

/* Add a reference with its scope ("" for the work itself). */
static int add_scoped(struct vigie_license_result *r, const char *id,
		      double confidence, const char *scope, bool weak,
		      size_t at, size_t end)
{
	size_t before = r->count, k;

	if (lic_result_add(r, id, confidence, VIGIE_LICENSE_METHOD_REFERENCE,
			   0, 0) < 0)
		return -1;
	if (r->count > before) {
		r->matches[before].scope = scope[0] ? scope : NULL;
		r->matches[before].first_byte = at;
		r->matches[before].end_byte = end;
		return 0;
	}
	/* named again: the work's own license if either mention says so (a
	 * link, weak, says nothing of the kind) */
	for (k = 0; k < r->count && !weak; k++)
		if (!strcmp(r->matches[k].id, id) && !scope[0])
			r->matches[k].scope = NULL;
	return 0;
}

/* Words that introduce what a project bundles from others. */
static const char *const third_party_words[] = {
	"third-party", "third party", "third_party", "3rd party",
	"3rd-party", "bundled", "bundles", "vendored", "tiers", "included "
	"software", "includes software", "includes code", "contains code",
	"dependencies", "licenses of dependencies", "other licenses",
	"acknowledgments", "acknowledgements",
	/* "jq incorporates dtoa.c", "uses parts of the library decNumber" */
	"incorporates", "uses parts", "includes parts", "contains parts",
	"includes a copy", "embarque", "inclut",
	/* "Portions of Libevent are based on works by others" */
	"portions of", "based on code", "based on works",
};

bool lic_third_party_between(const char *text, size_t from, size_t to)
{
	size_t i, k;

	/* a word starts after a non-letter: test that, then the first
	 * letter, before any comparison (called for each reference found) */
	for (i = from; i < to; i++) {
		char c = (char)(text[i] | 0x20);
		if (i && (text[i - 1] | 0x20) >= 'a' && (text[i - 1] | 0x20) <= 'z')
			continue;
		for (k = 0; k < VIGIE_ARRAY_SIZE(third_party_words); k++) {
			size_t n;
			if (c != third_party_words[k][0])
				continue;
			n = strlen(third_party_words[k]);
			if (i + n <= to &&
			    !strncasecmp(text + i, third_party_words[k], n))
				return true;
		}
	}
	return false;
}

/* Add a reference found at tokens i..i+nt-1, with the scope its clause
 * gives it. */
static int add_reference(struct vigie_license_result *r, const char *id,
			 double confidence, const char *text, size_t len,
			 const struct ntoks *v, size_t i, size_t nt,
			 const size_t *spans, size_t nspans)
{
	size_t k;
	const struct ntok *last = &v->t[i + nt - 1];
	/* a text naming hundreds of licenses is a list, not a statement of
	 * scopes: past a few, the clauses are not read (bounded work) */
	const char *scope = r->count >= 32 ? "" :
			    clause_scope(text, len, v->t[i].at,
					 last->at + strlen(last->s));
	size_t own_end = 0, own = SIZE_MAX;

	/* after the project's own text, past a third-party heading */
	for (k = 0; k + 1 < nspans; k += 2)
		if (spans[k] < own) {
			own = spans[k];
			own_end = spans[k + 1];
		}
	if (!scope[0] && own != SIZE_MAX && v->t[i].at >= own_end &&
	    r->count < 32 && lic_third_party_between(text, own_end, v->t[i].at))
		scope = "third-party";

	return add_scoped(r, id, confidence, scope, false, v->t[i].at,
			  last->at + strlen(last->s));
}

/* The id without "-only", "-or-later" or MPL's exception suffix. */
static size_t base_len(const char *id)
{
	static const char *const suffixes[] = {
		"-only", "-or-later", "-no-copyleft-exception",
	};
	size_t n = strlen(id), i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(suffixes); i++) {
		size_t s = strlen(suffixes[i]);
		if (n > s && !strcmp(id + n - s, suffixes[i]))
			return n - s;
	}
	return n;
}

/* Is a license of the same base already found as a full text? */
static bool known_text(const struct vigie_license_result *r, const char *id)
{
	size_t i, n = base_len(id);

	for (i = 0; i < r->count; i++)
		if (r->matches[i].method == VIGIE_LICENSE_METHOD_TEXT &&
		    base_len(r->matches[i].id) == n &&
		    !strncmp(r->matches[i].id, id, n))
			return true;
	return false;
}

/*
 * A license named only by its link, in a license file or a README's
 * license section: creativecommons.org/licenses/by-sa/4.0/ is CC-BY-SA-4.0,
 * spdx.org/licenses/MIT.html and opensource.org/licenses/MIT are MIT.
 */
static int url_refs(struct vigie_license_result *r, const char *text,
		    size_t len)
{
	static const struct { const char *prefix, *id_prefix; } sites[] = {
		{ "creativecommons.org/licenses/", "CC-" },
		{ "creativecommons.org/publicdomain/zero/", "CC0-" },
		{ "spdx.org/licenses/", "" },
		{ "opensource.org/licenses/", "" },
	};
	size_t i, k, found = 0;

	for (i = 0; i < len && found < 8; i++) {
		if (text[i] != '/' || i + 1 >= len || text[i + 1] != '/')
			continue;
		for (k = 0; k < VIGIE_ARRAY_SIZE(sites); k++) {
			size_t pl = strlen(sites[k].prefix), n = 0, j;
			const char *p = text + i + 2;
			const struct vigie_license_info *info;
			char id[64];
			if (!strncmp(p, "www.", 4))
				p += 4;
			if ((size_t)(p - text) + pl > len ||
			    strncasecmp(p, sites[k].prefix, pl))
				continue;
			p += pl;
			n = (size_t)snprintf(id, sizeof(id), "%s",
					     sites[k].id_prefix);
			for (j = 0; (size_t)(p - text) + j < len &&
				    n + 1 < sizeof(id) &&
				    !strchr(" \t\r\n)]>\"'#?", p[j]); j++) {
				char c = p[j];
				if (c == '/' && !sites[k].id_prefix[0])
					break;
				if (c == '/')
					c = '-';
				if (sites[k].id_prefix[0] && c >= 'a' && c <= 'z')
					c = (char)(c - 'a' + 'A');
				id[n++] = c;
			}
			while (n && (id[n - 1] == '-' || id[n - 1] == '.'))
				n--;
			id[n] = '\0';
			if (n > 5 && !strcmp(id + n - 5, ".html"))
				id[n - 5] = '\0';
			/* CC-BY-SA-4.0: "by-sa/4.0/" made upper case */
			info = vigie_license_db_find(id);
			if (!info) {
				char key[128];
				const char *nm;
				if (lic_name_key(key, sizeof(key), id,
						 strlen(id)) < 0)
					return -1;
				nm = lic_name_find(lic_db(), key, strlen(key));
				info = nm && !strchr(nm, '?') ?
				       vigie_license_db_find(nm) : NULL;
			}
			if (!info)
				continue;
			if (add_scoped(r, info->id, 0.8,
				       clause_scope(text, len, i, i), true, i,
				       (size_t)(p - text) + 1) < 0)
				return -1;
			found++;
		}
	}
	return 0;
}

/*
 * A license named as an example, a compatible license, or the license a
 * work will change to later is mentioned, not granted: "compatible with
 * the GNU GPL", "Change License: MPL 2.0", "for example Apache 2.0".
 */
static bool mentioned_only(const struct ntoks *v, size_t i)
{
	static const char *const words[] = {
		"compatible", "compatibles", "compatibility", "compatibilite",
		"incompatible", "example", "exemple", "eg", "unlike",
		"instead", "than", "formerly", "previously", "anciennement",
	};
	size_t k, j;

	for (k = 1; k <= 6 && k <= i; k++) {
		const char *w = v->t[i - k].s;
		for (j = 0; j < VIGIE_ARRAY_SIZE(words); j++)
			if (!strcmp(w, words[j]))
				return true;
		/* BUSL's parameters: "Change License: ..." */
		if (!strcmp(w, "change") && k >= 2 &&
		    !strcmp(v->t[i - k + 1].s, "license"))
			return true;
	}
	return false;
}

/* "mit" in lower case is the German and Dutch word ("mit viel Liebe"),
 * not the MIT license, unless "license" or "lizenz" follows. */
static bool german_mit(const char *text, size_t len, const struct ntoks *v,
		       size_t i, size_t nt)
{
	size_t at = v->t[i].at;

	if (nt != 1 || strcmp(v->t[i].s, "mit") || at + 3 > len ||
	    strncmp(text + at, "mit", 3))
		return false;
	return !(tok_is(v, i + 1, "license") || tok_is(v, i + 1, "lizenz"));
}

/*
 * "placed under the MIT License, except the Marianne font", "à l'exception
 * de la fonte Marianne": a named work (a font, a logo, a brand) left out
 * of the license stated just before is under terms of its own, a part's
 * LicenseRef- named after it (LicenseRef-Marianne), scoped fonts or
 * assets.  Only a work with a proper name is taken: "except as provided"
 * or "with the exception of the logo" names no license.
 */
static int excepted_works(struct vigie_license_result *r, const char *text,
			  size_t len, const struct ntoks *v)
{
	static const char *const except[] = {
		"except", "excepting", "exception", "excluding", "exclusion",
		"sauf", "hormis", "ausgenommen",
	};
	static const char *const stated[] = {
		"license", "licensed", "licenses", "under", "sous",
	};
	static const struct { const char *word, *scope; } works[] = {
		{ "font", "fonts" }, { "fonts", "fonts" }, { "fonte", "fonts" },
		{ "fontes", "fonts" }, { "police", "fonts" },
		{ "typeface", "fonts" }, { "logo", "assets" },
		{ "logos", "assets" }, { "marque", "assets" },
		{ "trademark", "assets" }, { "brand", "assets" },
	};
	size_t i, k, j, w;

	for (i = 1; i < v->n; i++) {
		bool is_except = false, is_stated = false;
		for (k = 0; k < VIGIE_ARRAY_SIZE(except); k++)
			is_except = is_except || tok_is(v, i, except[k]);
		if (!is_except)
			continue;
		for (k = i > 15 ? i - 15 : 0; k < i && !is_stated; k++)
			for (j = 0; j < VIGIE_ARRAY_SIZE(stated); j++)
				is_stated = is_stated || tok_is(v, k, stated[j]);
		if (!is_stated)
			continue;
		for (w = i + 1; w < v->n && w <= i + 5; w++) {
			for (k = 0; k < VIGIE_ARRAY_SIZE(works); k++)
				if (tok_is(v, w, works[k].word))
					break;
			if (k == VIGIE_ARRAY_SIZE(works))
				continue;
			/* its name, after ("la fonte Marianne") or before
			 * ("the Marianne font") the noun */
			for (j = w + 1; j + 2 > w; j -= 2) {
				char ref[64];
				size_t at, n, o;
				if (j >= v->n || j <= i)
					continue;
				at = v->t[j].at;
				n = strlen(v->t[j].s);
				if (at + n > len || n < 3 ||
				    !(text[at] >= 'A' && text[at] <= 'Z') ||
				    !strcmp(v->t[j].s, "the"))
					continue;
				o = (size_t)snprintf(ref, sizeof(ref),
						     "LicenseRef-");
				for (; n-- && o + 1 < sizeof(ref); at++)
					if ((text[at] | 0x20) >= 'a' &&
					    (text[at] | 0x20) <= 'z')
						ref[o++] = text[at];
					else if (text[at] >= '0' &&
						 text[at] <= '9')
						ref[o++] = text[at];
				ref[o] = '\0';
				if (add_scoped(r, ref, 0.8, works[k].scope, false,
					       v->t[j].at,
					       v->t[j].at + strlen(v->t[j].s)) < 0)
					return -1;
				break;
			}
			break;
		}
	}
	return 0;
}

/*
 * The FSF's own notice, as source files carry it: "under the terms of the
 * GNU [Lesser|Library|Affero] General Public License as published by the
 * Free Software Foundation; either version 2.1 of the License, or (at your
 * option) any later version".  The version and "or later" come after the
 * name, which alone says neither.  Token i is "general"; the id (into
 * id, n bytes) and the token after the notice, or 0.
 */
static size_t fsf_notice(const struct ntoks *v, size_t i, char *id, size_t n)
{
	static const char *const gpl[] = { "general", "public", "license",
					   NULL };
	static const char *const fsf[] = { "published", "by", "free",
					   "software", "foundation", NULL };
	static const char *const opt_later[] = { "or", "at", "your", "option",
						 "any", "later", NULL };
	static const char *const any_later[] = { "or", "any", "later", NULL };
	static const char *const or_later[] = { "or", "later", NULL };
	const char *family = "GPL", *num = NULL;
	size_t k, end;
	bool later = false;
	const struct vigie_license_info *info;
	char ver[48];

	if (!seq_at(v, i, gpl))
		return 0;
	if (i > 0 && (tok_is(v, i - 1, "lesser") || tok_is(v, i - 1, "library")))
		family = "LGPL";
	else if (i > 0 && tok_is(v, i - 1, "affero"))
		family = "AGPL";
	for (k = i + 3; k < v->n && k < i + 8 && !seq_at(v, k, fsf); k++)
		;
	if (k >= v->n || k >= i + 8)
		return 0;
	/* "; either version 2 of the License" or "version 3 of the License" */
	for (k += 5; k < v->n && k < i + 16 && !is_number(v->t[k].s); k++)
		;
	if (k >= v->n || k >= i + 16)
		return 0;
	num = v->t[k].s;
	for (end = k + 1; end < v->n && end < k + 10 && !later; end++)
		later = seq_at(v, end, opt_later) || seq_at(v, end, any_later) ||
			seq_at(v, end, or_later);
	if (strlen(num) > 8)
		return 0;
	snprintf(ver, sizeof(ver), "%s%s", num, strchr(num, '.') ? "" : ".0");
	snprintf(id, n, "%s-%s-%s", family, ver, later ? "or-later" : "only");
	info = vigie_license_db_find(id);
	if (!info)
		return 0;
	snprintf(id, n, "%s", info->id);
	return later ? end + 5 : k + 1;
}

int lic_notice_scan(struct vigie_license_result *r, const char *text,
		    size_t len, const struct ntoks *tokens, unsigned opts,
		    const size_t *spans, size_t nspans)
{
	const struct lic_db *db = lic_db();
	const struct ntoks *vp = tokens;
	size_t i, end, app_end, first_new;
	bool links;
	int rc = -1;

	if (!db)
		return -1;
	if (spdx_lines(r, text, len) < 0)
		return -1;
	/* links are read last: a name says more of what it covers */
	links = (opts & VIGIE_LICENSE_BARE_NAMES) && !(opts & LIC_HAS_TEXT);
#define v (*vp)
	/* beside a full text, only "licensed under X" adds a license */
	if (opts & LIC_HAS_TEXT)
		opts &= ~VIGIE_LICENSE_BARE_NAMES;
	/* names in the GNU licenses' own appendix are examples */
	end = opts & LIC_HAS_TEXT ? appendix_start(&v) : v.n;
	app_end = end < v.n ? appendix_end(text, &v, end) : v.n;
	first_new = r->count;
	for (i = 0; i < v.n; i++) {
		size_t nt;
		const char *id;
		/* the appendix's examples; what follows it (third-party
		 * notices after a separator) is read */
		if (i >= end && i < app_end)
			continue;
		if (in_spans(v.t[i].at, spans, nspans))
			continue;
		{
			char fsf_id[64];
			size_t after = fsf_notice(&v, i, fsf_id, sizeof(fsf_id));
			if (after) {
				size_t first = i > 0 && (tok_is(&v, i - 1, "gnu") ||
					tok_is(&v, i - 1, "lesser") ||
					tok_is(&v, i - 1, "library") ||
					tok_is(&v, i - 1, "affero")) ? i - 1 : i;
				if (!known_text(r, fsf_id) &&
				    add_reference(r, fsf_id, 0.8, text, len, &v,
						  first, 3 + i - first, spans,
						  nspans) < 0)
					goto out;
				i = after - 1;
				continue;
			}
		}
		id = name_at(db, &v, i, &nt);
		if (!id)
			continue;
		if (tok_is(&v, i - (i > 0), "identifier") && i > 0) {
			i += nt - 1;
			continue; /* read by spdx_lines() */
		}
		/* one word ("MIT") must be a known license word; longer
		 * names need "licensed under" or a license section */
		if (nt == 1 ? !bare_ok(v.t[i].s) || !(triggered(&v, i) ||
				(opts & VIGIE_LICENSE_BARE_NAMES)) :
			      !(triggered(&v, i) ||
				(opts & VIGIE_LICENSE_BARE_NAMES)))
			continue;
		if (known_text(r, id) || mentioned_only(&v, i) ||
		    german_mit(text, len, &v, i, nt)) {
			i += nt - 1;
			continue;
		}
		if (strchr(id, '?') && (opts & LIC_HAS_TEXT)) {
			i += nt - 1;
			continue;
		}
		if (strchr(id, '?')) {
			/* a family without a version: "GPL" alone, "CeCILL" */
			char guess[64];
			snprintf(guess, sizeof(guess), "%.*s",
				 (int)strcspn(id, "?"), id);
			if (!strcmp(guess, "NOASSERTION")) {
				i += nt - 1;
				continue;
			}
			id = vigie_license_db_find(guess) ?
			     vigie_license_db_find(guess)->id : NULL;
			if (!id)
				continue;
			if (add_reference(r, with_suffix(id, &v, i + nt), 0.5,
					  text, len, &v, i, nt, spans,
					  nspans) < 0)
				goto out;
		} else if (add_reference(r, with_suffix(id, &v, i + nt), 0.8,
					 text, len, &v, i, nt, spans,
					 nspans) < 0) {
			goto out;
		}
		i += nt - 1;
	}
	/* what a file appends after a GNU license and its appendix is the
	 * licenses of parts (libgit2's COPYING: "The Clar framework is
	 * licensed under the ISC license"), never the work's */
	for (i = first_new; app_end < v.n && i < r->count; i++)
		if (!r->matches[i].scope &&
		    r->matches[i].first_byte >= v.t[app_end].at)
			r->matches[i].scope = "third-party";
	if (links && url_refs(r, text, len) < 0)
		goto out;
	if (excepted_works(r, text, len, &v) < 0)
		goto out;
	rc = 0;
out:
	return rc;
#undef v
}

/*
 * The SPDX exceptions a text grants beside a GNU license, each told by a
 * phrase of its SPDX text (the deprecated GPL-2.0-with-*-exception and
 * GPL-3.0-with-*-exception entries of the SPDX list carry them); the
 * phrase names the permission, not the grantor, so that "the authors give
 * you unlimited permission to link the compiled version of this library"
 * (libgit2) is the GCC linking exception the FSF words for "this file".
 */
static const struct {
	const char *id, *base; /* the exception, the id prefix it adds to */
	const char *const words[12]; /* tokens, without stop words */
} exceptions[] = {
	{ "GCC-exception-2.0", "GPL-2.0-",
	  { "unlimited", "permission", "to", "link", "compiled",
	    "this", NULL } },
	{ "Classpath-exception-2.0", "GPL-2.0-",
	  { "permission", "to", "link", "this", "library", "with",
	    "independent", "modules", "to", "produce", "an", NULL } },
	{ "Autoconf-exception-2.0", "GPL-2.0-",
	  { "unlimited", "permission", "to", "copy", "distribute", "and",
	    "modify", "configure", "scripts", NULL } },
	{ "Bison-exception-2.2", "GPL-",
	  { "contains", "part", "or", "all", "bison", "parser",
	    "skeleton", NULL } },
	{ "Font-exception-2.0", "GPL-",
	  { "if", "you", "create", "a", "document", "which", "uses", "this",
	    "font", NULL } },
	{ "GCC-exception-3.1", "GPL-3.0-",
	  { "gcc", "runtime", "library", "exception", NULL } },
	{ "Autoconf-exception-3.0", "GPL-3.0-",
	  { "autoconf", "configure", "script", "exception", NULL } },
};

const char *lic_notice_exception(const struct ntoks *tokens, const char *id)
{
	size_t i, k;

	for (k = 0; tokens && k < VIGIE_ARRAY_SIZE(exceptions); k++) {
		if (strncmp(id, exceptions[k].base, strlen(exceptions[k].base)))
			continue;
		for (i = 0; i < tokens->n; i++)
			if (seq_at(tokens, i, exceptions[k].words))
				return exceptions[k].id;
	}
	return NULL;
}

/*
 * Where that appendix ends: at the first separator line after it (a line
 * of ten or more '-', '=', '*' or '_', as files that append other licenses
 * write), else APPENDIX_TOKENS tokens on (the longest, GPL-3.0's, is
 * under 450 words).
 */
#define APPENDIX_TOKENS 600

static size_t appendix_end(const char *text, const struct ntoks *v,
			   size_t start)
{
	size_t k, b;

	for (k = start + 1; k < v->n && k < start + APPENDIX_TOKENS; k++)
		for (b = v->t[k - 1].at; b < v->t[k].at; b++) {
			size_t n = 0;
			if (text[b] != '\n')
				continue;
			while (b + 1 + n < v->t[k].at &&
			       strchr("-=*_", text[b + 1 + n]))
				n++;
			if (n >= 10)
				return k;
		}
	return k;
}

/* Where the GNU licenses' "How to Apply These Terms" appendix starts. */
static size_t appendix_start(const struct ntoks *v)
{
	static const char *const how[] = { "how", "to", "apply", "these",
					   "terms", NULL };
	size_t i;

	for (i = 0; i < v->n; i++)
		if (seq_at(v, i, how))
			return i;
	return v->n;
}

bool lic_notice_or_later(const struct ntoks *tokens)
{
	static const char *const opt_later[] = { "at", "your", "option", "any",
						 "later", NULL };
	static const char *const fr_later[] = { "votre", "choix", "toute",
						"ulterieure", NULL };
	static const char *const later[] = { "or", "later", NULL };
	size_t i, end;
	bool yes = false;
#define v (*tokens)
	end = appendix_start(&v);
	for (i = 0; i < end && !yes; i++)
		yes = seq_at(&v, i, opt_later) || seq_at(&v, i, fr_later) ||
		      (is_number(v.t[i].s) && seq_at(&v, i + 1, later));
	return yes;
#undef v
}

bool lic_notice_mpl_incompatible(const struct ntoks *tokens)
{
	static const char *const notice[] = { "source", "code", "form", "is",
					      "incompatible", "with",
					      "secondary", "licenses", NULL };
	size_t i, k;
	bool yes = false;
#define v (*tokens)
	for (i = 0; i < v.n && !yes; i++) {
		bool exhibit = false;
		if (!seq_at(&v, i, notice))
			continue;
		for (k = i > 40 ? i - 40 : 0; k < i; k++)
			exhibit = exhibit || tok_is(&v, k, "exhibit");
		yes = !exhibit;
	}
	return yes;
#undef v
}

bool lic_notice_join_or(const struct ntoks *tokens, const size_t *spans,
			size_t nspans)
{
	static const char *const choice[] = {
		"dual", "dually", "either", "choice", "choose", "choix",
		"alternatively", "option",
	};
	const struct lic_db *db = lic_db();
	size_t i, j, end;
	bool yes = false;
#define v (*tokens)
	end = appendix_start(&v);
	for (i = 0; i < end && !yes; i++) {
		if (in_spans(v.t[i].at, spans, nspans))
			continue;
		/* "either version 2", "at your option any later version" are
		 * about versions, not about a choice of licenses */
		if (tok_is(&v, i, "either") && i + 1 < v.n &&
		    is_number(v.t[i + 1].s))
			continue;
		if (tok_is(&v, i, "option") && tok_is(&v, i + 1, "any"))
			continue;
		for (j = 0; j < VIGIE_ARRAY_SIZE(choice); j++)
			if (!strcmp(v.t[i].s, choice[j]))
				yes = true;
		/* "GPLv2 or GPLv3", "la licence MIT ou Apache 2.0": two
		 * names with "or" between them */
		if (db && (tok_is(&v, i, "or") || tok_is(&v, i, "ou") ||
			   tok_is(&v, i, "oder")) && i > 0) {
			size_t nt, k;
			const char *after = name_at(db, &v, i + 1, &nt);
			bool before = false;
			for (k = 1; k <= 6 && k <= i && !before; k++)
				before = name_at(db, &v, i - k, &nt) &&
					 i - k + nt == i;
			if (after && before)
				yes = true;
		}
	}
	return yes;
#undef v
}

int lic_name_key(char *out, size_t outlen, const char *s, size_t n)
{
	struct ntoks v;
	size_t i, len = 0;

	if (!outlen)
		return -1;
	out[0] = '\0';
	if (lic_ntokenize(&v, s, n) < 0)
		return -1;
	for (i = 0; i < v.n; i++) {
		size_t l = strlen(v.t[i].s);
		if (len + l + 2 > outlen)
			break;
		if (len)
			out[len++] = ' ';
		memcpy(out + len, v.t[i].s, l);
		len += l;
		out[len] = '\0';
	}
	lic_ntoks_release(&v);
	return 0;
}
