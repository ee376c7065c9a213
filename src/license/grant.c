/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Licenses told by their structure or their grant rather than by their
 * words: the EUPL in any of its official languages, and an unlisted text
 * that grants the four freedoms in plain words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "banned.h"

/* How far into a text the EUPL's title and copyright line may stand. */
#define EUPL_HEAD_TOKENS 80
/* Articles the EUPL numbers, and how many of them must be found. */
#define EUPL_ARTICLES 15
#define EUPL_ARTICLES_SEEN 12

static bool tok_is(const struct ntoks *v, size_t i, const char *s)
{
	return i < v->n && !strcmp(v->t[i].s, s);
}

/* The byte after the line holding byte at. */
static size_t line_end(const char *text, size_t len, size_t at)
{
	while (at < len && text[at] != '\n')
		at++;
	return at;
}

/*
 * Lines that start an article: "14.Gerichtsstand", "14 Competenza", "##
 * 14. Droit applicable".  Every official EUPL text numbers its 15 articles
 * the same way, whatever the language; *after15 gets the byte after the
 * line of article 15 (0 when not found).  Returns how many of 1..15 were
 * seen, in increasing order.
 */
static size_t articles(const char *text, size_t len, size_t from,
		       size_t *after15)
{
	size_t i = from, next = 1;

	*after15 = 0;
	while (i < len && next <= EUPL_ARTICLES) {
		size_t k = i, n = 0, e = line_end(text, len, i);
		unsigned num = 0;
		while (k < e && strchr(" \t#*>", text[k]))
			k++;
		while (k < e && n < 3 && text[k] >= '0' && text[k] <= '9') {
			num = num * 10 + (unsigned)(text[k++] - '0');
			n++;
		}
		/* a number, then "." or a space, then a word (not "1.2") */
		if (n && n < 3 && k < e && (text[k] == '.' || text[k] == ' ' ||
					    text[k] == '\t')) {
			size_t w = k + 1;
			while (w < e && (text[w] == ' ' || text[w] == '*' ||
					 text[w] == '\t'))
				w++;
			if (w < e && !(text[w] >= '0' && text[w] <= '9') &&
			    num >= next && num <= EUPL_ARTICLES &&
			    num <= next + 2) {
				next = num + 1;
				if (num == EUPL_ARTICLES)
					*after15 = e;
			}
		}
		i = e + 1;
	}
	return next - 1;
}

/*
 * The EUPL as the European Commission publishes it in each official
 * language of the Union: the title with its version ("v. 1.2"), the line
 * "EUPL © <the Union, in the language> 2007, 2016" (1.2) or "... 2007"
 * (1.1, "the European Community"), fifteen numbered articles, and an
 * appendix naming the compatible licenses by their English names and
 * acronyms.  Only that structure is read, never the prose.  The text whose
 * copyright line's acronym is token eupl, its appendix read up to byte
 * stop: "EUPL-1.2", "EUPL-1.1" or NULL; *first and *end get the bytes it
 * spans (to the end of its appendix), so that the licenses the appendix
 * lists are known to be mentioned, not granted.
 */
static const char *eupl_text_at(const char *text, size_t len,
				const struct ntoks *v, size_t eupl, size_t stop,
				size_t *first, size_t *end)
{
	static const char *const compat12[] = {
		"gpl", "agpl", "osl", "epl", "cecill", "mpl", "lgpl",
		"liliq",
	};
	/* 1.1: GNU GPL, OSL, Common and Eclipse Public License, CeCILL */
	static const char *const compat11[] = {
		"gpl", "osl", "common", "eclipse", "cecill",
	};
	size_t i, k, seen, after15, last = 0, found = 0, nnew = 0;
	bool v12 = false, v11 = false, y2007 = false, y2016 = false;
	unsigned mask = 0;

	/* the version in the title, the years on the acronym's line */
	for (i = eupl > EUPL_HEAD_TOKENS ? eupl - EUPL_HEAD_TOKENS : 0;
	     i < eupl + 12 && i < v->n; i++) {
		v12 = v12 || tok_is(v, i, "1.2");
		v11 = v11 || tok_is(v, i, "1.1");
		if (i > eupl) {
			y2007 = y2007 || tok_is(v, i, "2007");
			y2016 = y2016 || (y2007 && tok_is(v, i, "2016"));
		}
	}
	if (!y2007 || (!v12 && !v11))
		return NULL;
	/* the text starts with its title, the line before the acronym's */
	i = v->t[eupl].at;
	while (i > 0 && text[i - 1] != '\n')
		i--;
	while (i > 0 && (text[i - 1] == '\n' || text[i - 1] == '\r' ||
			 text[i - 1] == ' ' || text[i - 1] == '\t'))
		i--;
	while (i > 0 && text[i - 1] != '\n')
		i--;
	seen = articles(text, stop, v->t[eupl].at, &after15);
	if (seen < EUPL_ARTICLES_SEEN || !after15)
		return NULL;
	/* the appendix: the acronyms of the compatible licenses */
	for (k = eupl; k < v->n && v->t[k].at < stop; k++) {
		size_t j;
		const char *const *list = y2016 ? compat12 : compat11;
		size_t n = y2016 ? VIGIE_ARRAY_SIZE(compat12) :
				   VIGIE_ARRAY_SIZE(compat11);
		if (v->t[k].at < after15)
			continue;
		for (j = 0; j < n; j++)
			if (tok_is(v, k, list[j])) {
				if (!(mask & (1u << j)))
					found++;
				mask |= 1u << j;
				last = v->t[k].at + strlen(v->t[k].s);
			}
		/* "agpl", "liliq": only the 1.2 appendix lists them */
		nnew += !y2016 && (tok_is(v, k, "agpl") ||
				   tok_is(v, k, "liliq"));
	}
	if (y2016 ? found < 6 : found < 4 || nnew)
		return NULL;
	*first = i;
	*end = line_end(text, len, last);
	return y2016 && v12 ? "EUPL-1.2" : !y2016 && v11 ? "EUPL-1.1" : NULL;
}

/* Is token i the acronym of an EUPL copyright line ("EUPL © ... 2007")? */
static bool eupl_line(const struct ntoks *v, size_t i)
{
	size_t k;

	if (!tok_is(v, i, "eupl"))
		return false;
	for (k = i + 1; k < i + 12 && k < v->n; k++)
		if (tok_is(v, k, "2007"))
			return true;
	return false;
}

size_t lic_eupl_structures(const char *text, size_t len,
			   const struct ntoks *v, struct lic_span *out,
			   const char **ids, size_t max)
{
	size_t i, n = 0, from = 0;

	for (i = 0; i < v->n && n < max; i++) {
		size_t k, stop = len, first, end;
		const char *id;
		if (v->t[i].at < from || !eupl_line(v, i))
			continue;
		/* a text's appendix ends where the next text's title does */
		for (k = i + 1; k < v->n; k++)
			if (eupl_line(v, k)) {
				stop = v->t[k].at;
				while (stop > 0 && text[stop - 1] != '\n')
					stop--;
				if (stop > 0)
					stop--;
				while (stop > 0 && text[stop - 1] != '\n')
					stop--;
				break;
			}
		id = eupl_text_at(text, len, v, i, stop, &first, &end);
		if (!id)
			continue;
		out[n].first = first;
		out[n].end = end;
		ids[n++] = id;
		from = end;
	}
	return n;
}

const char *lic_eupl_structure(const char *text, size_t len,
			       const struct ntoks *v, size_t *first,
			       size_t *end)
{
	struct lic_span sp;
	const char *id;
	size_t i;

	/* the first text, its title and copyright line near the top */
	for (i = 0; i < v->n && i < EUPL_HEAD_TOKENS; i++)
		if (eupl_line(v, i))
			break;
	if (i == v->n || i == EUPL_HEAD_TOKENS ||
	    lic_eupl_structures(text, len, v, &sp, &id, 1) != 1 ||
	    sp.first > v->t[i].at)
		return NULL;
	*first = sp.first;
	*end = sp.end;
	return id;
}

/* ---- the four freedoms granted in plain words ------------------------- */

static bool has_any(const struct ntoks *v, const char *const *words,
		    size_t n)
{
	size_t i, k;

	for (i = 0; i < v->n; i++)
		for (k = 0; k < n; k++)
			if (!strcmp(v->t[i].s, words[k]))
				return true;
	return false;
}

/* Does the word sequence words (NULL-terminated) occur? */
static bool has_seq(const struct ntoks *v, const char *const *words)
{
	size_t i, k;

	for (i = 0; i < v->n; i++) {
		for (k = 0; words[k] && tok_is(v, i + k, words[k]); k++)
			;
		if (!words[k])
			return true;
	}
	return false;
}

/*
 * Does an unlisted license text grant, in plain words, the use of the work
 * for any purpose, its copying or distribution and its modification, with
 * no condition that takes one of them back (noncommercial, personal use,
 * no derivatives, "not evil")?  Studying the work comes with the right to
 * change it.  A text too long to be a simple grant (over 1,500 words) is
 * not read: such a license has conditions a reader must weigh.
 */
bool lic_grants_freedoms(const char *text, size_t len)
{
	static const char *const grant[] = {
		"permission", "granted", "grant", "grants", "free", "may",
		"allowed", "permitted",
	};
	static const char *const copy[] = {
		"copy", "copies", "distribute", "redistribute", "share",
		"publish", "redistribution", "distribution",
	};
	static const char *const modify[] = {
		"modify", "change", "changes", "adapt", "alter", "modified",
		"modification", "modifications", "derivative", "merge",
	};
	static const char *const use[] = { "use", "run", "usage" };
	static const char *const any_purpose[] = { "any", "purpose", NULL };
	static const char *const all_purposes[] = { "all", "purposes", NULL };
	static const char *const no_restriction[] = { "without", "restriction",
						      NULL };
	static const char *const *const purposes[] = {
		any_purpose, all_purposes, no_restriction,
	};
	/* conditions no libre license sets */
	static const char *const against[] = {
		"noncommercial", "nonprofit", "personal", "evil", "military",
		"educational", "evaluation", "prohibited", "forbidden",
		"nonfree", "proprietary",
	};
	static const char *const not_sell[] = { "not", "sell", NULL };
	static const char *const not_modify[] = { "not", "modify", NULL };
	static const char *const not_distribute[] = { "not", "distribute",
						      NULL };
	static const char *const non_commercial[] = { "non", "commercial",
						      NULL };
	static const char *const commercial_use[] = { "commercial", "use",
						      NULL };
	static const char *const commercial_purposes[] = { "commercial",
							   "purposes", NULL };
	static const char *const no_derivative[] = { "no", "derivative",
						     NULL };
	static const char *const *const against_seqs[] = {
		not_sell, not_modify, not_distribute, non_commercial,
		commercial_use, commercial_purposes, no_derivative,
	};
	struct ntoks v;
	size_t i;
	bool yes = false;

	if (lic_ntokenize(&v, text, len) < 0)
		return false;
	if (v.n > 1500)
		goto out;
	if (!has_any(&v, grant, VIGIE_ARRAY_SIZE(grant)) ||
	    !has_any(&v, copy, VIGIE_ARRAY_SIZE(copy)) ||
	    !has_any(&v, modify, VIGIE_ARRAY_SIZE(modify)) ||
	    !has_any(&v, use, VIGIE_ARRAY_SIZE(use)) ||
	    has_any(&v, against, VIGIE_ARRAY_SIZE(against)))
		goto out;
	for (i = 0; i < VIGIE_ARRAY_SIZE(against_seqs); i++)
		if (has_seq(&v, against_seqs[i]))
			goto out;
	for (i = 0; i < VIGIE_ARRAY_SIZE(purposes) && !yes; i++)
		yes = has_seq(&v, purposes[i]);
out:
	lic_ntoks_release(&v);
	return yes;
}
