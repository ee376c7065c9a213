/* SPDX-License-Identifier: EUPL-1.2 */
/* Full-text identification: word-set similarity over matched regions. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>
#include <stdio.h>

#include "vigie/buf.h"
#include "vigie/sys/license.h"
#include "internal.h"
#include "banned.h"

#define MAX_CANDIDATES 64
#define MAX_MATCHES 8
/*
 * A license is considered when this share of its words is in the text: a
 * region's Dice coefficient is at most 2c / (1 + c), below the threshold
 * for less.
 */
#define MIN_CONTAINMENT 0.81
/* A match inside another wins when its similarity is this much higher. */
#define NESTED_MARGIN 0.02
/* Scores this close are a tie, broken in favour of common licenses. */
#define TIE 0.003

static const char *const method_names[VIGIE_LICENSE_METHOD_COUNT] = {
	"text", "spdx-identifier", "reference", "manifest",
};

const char *vigie_license_method_name(enum vigie_license_method m)
{
	return m < VIGIE_LICENSE_METHOD_COUNT ? method_names[m] : "unknown";
}

struct region {
	size_t first, last; /* inclusive */
	size_t len;
	double dice;
};

struct candidate {
	uint32_t lic;
	size_t nseq;       /* words of the text, for ordering */
	uint32_t *bigrams; /* open-addressing set of bigram_key()s, 0 empty */
	size_t mask;
	bool done;
	bool fresh;          /* region is still valid */
	struct region region;
};

uint16_t lic_tick_origin;

/* Per-call working memory. */
struct work {
	const struct lic_db *db;
	uint32_t *ids;    /* word ids of the text (unknown words get ids past
			     the vocabulary, one per distinct spelling) */
	size_t n;
	size_t nids;      /* vocabulary + distinct unknown words */
	/* 16 bits: half the fresh pages of vocabulary-wide arrays (a page
	 * fault each, a tenth of a millisecond for the pair); cleared when
	 * the tick wraps (next_tick, mark_license) */
	uint16_t *stamp;  /* by id: last region that counted it */
	uint16_t *lstamp; /* by id: last license marked */
	uint16_t tick, ltick;
	bool *claimed;
	int *score;
};

/*
 * A bigram of two vocabulary words (16-bit ids: the index stores them so)
 * as one 32-bit key, never 0 (the empty slot); 0 for a pair with a word
 * outside the vocabulary, which no license holds.  Half the size of a
 * 64-bit key: the tables of the three EUPL-sized candidates of a text
 * were 160 KiB of fresh memory, a page fault for every 4 KiB.
 */
static uint32_t bigram_key(uint32_t a, uint32_t b)
{
	if (a > UINT16_MAX || b > UINT16_MAX)
		return 0;
	return (a << 16 | b) + 1; /* at most 0xfffeffff + 1 with ids < 65535 */
}

static bool bigram_has(const struct candidate *c, uint32_t k)
{
	size_t h = (size_t)((k * 0x9e3779b97f4a7c15ull) >> 32) & c->mask;

	if (!k)
		return false;
	while (c->bigrams[h]) {
		if (c->bigrams[h] == k)
			return true;
		h = (h + 1) & c->mask;
	}
	return false;
}

static int bigrams_build(struct candidate *c, const struct lic_entry *e)
{
	size_t size = 16, i;

	/* at most two thirds full (fewer: a text repeats its bigrams) */
	while (size < e->nseq + e->nseq / 2)
		size <<= 1;
	c->bigrams = calloc(size, sizeof(*c->bigrams));
	if (!c->bigrams)
		return -1;
	c->mask = size - 1;
	for (i = 0; i + 1 < e->nseq; i++) {
		uint32_t k = bigram_key(e->seq[i], e->seq[i + 1]);
		size_t h = (size_t)((k * 0x9e3779b97f4a7c15ull) >> 32) & c->mask;
		if (!k)
			continue;
		while (c->bigrams[h] && c->bigrams[h] != k)
			h = (h + 1) & c->mask;
		c->bigrams[h] = k;
	}
	return 0;
}

/* Map the words to ids; unknown spellings get ids of their own. */
static int map_words(struct work *w, const struct vigie_license_words *words)
{
	size_t i, size = 64, mask;
	uint32_t *tab = NULL; /* word index + 1 of the first unknown spelling */
	uint32_t next = (uint32_t)w->db->nvocab;

	w->n = words->count;
	w->ids = malloc((w->n + 1) * sizeof(*w->ids));
	while (size < w->n * 2)
		size <<= 1;
	tab = calloc(size, sizeof(*tab));
	if (!w->ids || !tab) {
		free(tab);
		return -1;
	}
	mask = size - 1;
	for (i = 0; i < w->n; i++) {
		const char *s = vigie_license_word(words, i);
		size_t len = strlen(s);
		uint32_t id = lic_word_index(w->db, s, len);
		if (id == NO_WORD) {
			size_t h = lic_hash(s, len) & mask;
			while (tab[h] && strcmp(vigie_license_word(words,
								   tab[h] - 1),
						s))
				h = (h + 1) & mask;
			if (!tab[h]) {
				tab[h] = (uint32_t)i + 1;
				w->ids[i] = next++;
			} else {
				w->ids[i] = w->ids[tab[h] - 1];
			}
		} else {
			w->ids[i] = id;
		}
	}
	free(tab);
	w->nids = next;
	w->stamp = calloc(w->nids + 1, sizeof(*w->stamp));
	w->lstamp = calloc(w->nids + 1, sizeof(*w->lstamp));
	w->claimed = calloc(w->n + 1, sizeof(*w->claimed));
	w->score = calloc(w->n + 1, sizeof(*w->score));
	return w->stamp && w->lstamp && w->claimed && w->score ? 0 : -1;
}

/* A new stamp for the ids a pass counts. */
static void next_tick(struct work *w)
{
	if (w->tick == UINT16_MAX) {
		memset(w->stamp, 0, (w->nids + 1) * sizeof(*w->stamp));
		w->tick = 0;
	}
	w->tick++;
}

/* Give a license's words ltick, its optional words ltick + 1. */
static void mark_license(struct work *w, const struct lic_entry *e)
{
	size_t i;

	if (w->ltick > UINT16_MAX - 3) {
		memset(w->lstamp, 0, (w->nids + 1) * sizeof(*w->lstamp));
		w->ltick = 0;
	}
	w->ltick += 2;
	for (i = 0; i < e->nset; i++)
		w->lstamp[e->set[i]] = w->ltick;
	for (i = 0; i < e->nopt; i++)
		w->lstamp[e->opt[i]] = (uint16_t)(w->ltick + 1);
}

/* Is the bigram of words i and i + 1 the license's (marked)? */
static bool bigram_at(const struct work *w, const struct candidate *c,
		      size_t i)
{
	/* only a pair of the license's words can be its bigram */
	return i + 1 < w->n && !w->claimed[i] && !w->claimed[i + 1] &&
	       w->lstamp[w->ids[i]] >= w->ltick &&
	       w->lstamp[w->ids[i + 1]] >= w->ltick &&
	       bigram_has(c, bigram_key(w->ids[i], w->ids[i + 1]));
}

/*
 * The Dice coefficient of the region's distinct words and the license's
 * required ones (optional words were left out of both; the license is
 * marked).  Weighing precision more (F-beta, beta = 1/2) was tried: it
 * read CC-BY-4.0's own SPDX 3.28 text as CC-BY-NC-4.0, whose words are a
 * superset; plain Dice identifies 711 of the 718 SPDX 3.28 texts as
 * themselves (or a twin, or the current id of a deprecated one), against
 * 706.
 */
static void region_dice(struct region *r, struct work *w,
			const struct lic_entry *e)
{
	size_t i, inter = 0, distinct = 0;

	r->len = r->last - r->first + 1;
	r->dice = 0;
	next_tick(w);
	for (i = r->first; i <= r->last; i++) {
		uint32_t id = w->ids[i];
		if (w->stamp[id] == w->tick)
			continue;
		w->stamp[id] = w->tick;
		/* optional text counts neither for nor against */
		if (w->lstamp[id] == w->ltick + 1)
			continue;
		distinct++;
		inter += w->lstamp[id] == w->ltick;
	}
	if (inter && distinct)
		r->dice = 2.0 * (double)inter / (double)(distinct + e->nset);
}

/*
 * The stretch of unclaimed text that best follows the license: each word
 * whose bigram with a neighbour occurs in the license scores +1, any other
 * -2 (a region is at least two-thirds license); the best-scoring run
 * (Kadane) is the region, its similarity the Dice coefficient.
 */
static void run_region(struct region *r, struct work *w,
		       const struct candidate *c)
{
	long best = 0, run = 0;
	size_t i, start = 0;
	bool left = false; /* the bigram ending at i is the license's */

	memset(r, 0, sizeof(*r));
	mark_license(w, &w->db->e[c->lic]);
	for (i = 0; i < w->n; i++) {
		bool right;
		if (w->claimed[i]) {
			run = 0;
			start = i + 1;
			left = false;
			continue;
		}
		right = bigram_at(w, c, i);
		if (run <= 0) {
			run = 0;
			start = i;
		}
		run += left || right ? 1 : -2;
		left = right;
		if (run > best) {
			best = run;
			r->first = start;
			r->last = i;
		}
	}
	if (best > 0)
		region_dice(r, w, &w->db->e[c->lic]);
}

/*
 * Within a region much longer than the license, the window of the
 * license's length (and a tenth) holding the most of its bigrams, cut to
 * its best run as run_region() scores: the part of the region the license
 * covers best.  Out of memory, no region (the caller keeps its own).
 */
static void window_region(struct region *r, struct work *w,
			  const struct candidate *c, const struct region *in)
{
	const struct lic_entry *e = &w->db->e[c->lic];
	size_t width = e->nseq + e->nseq / 10, i, hits = 0, best = 0, at = 0;
	bool *hit = calloc(in->len + 1, sizeof(*hit));

	memset(r, 0, sizeof(*r));
	if (!hit)
		return;
	for (i = 0; i < in->len; i++)
		hit[i] = bigram_at(w, c, in->first + i) ||
			 (i > 0 && bigram_at(w, c, in->first + i - 1));
	for (i = 0; i < in->len; i++) {
		hits += hit[i];
		if (i >= width)
			hits -= hit[i - width];
		if (hits > best) {
			best = hits;
			at = i + 1 > width ? i + 1 - width : 0;
		}
	}
	if (best) {
		/* the best run inside the window, as run_region() scores */
		size_t b = at + width < in->len ? at + width : in->len;
		size_t start = at;
		long run = 0, top = 0;
		for (i = at; i < b; i++) {
			if (run <= 0) {
				run = 0;
				start = i;
			}
			run += hit[i] ? 1 : -2;
			if (run > top) {
				top = run;
				r->first = in->first + start;
				r->last = in->first + i;
			}
		}
		if (top > 0)
			region_dice(r, w, e);
	}
	free(hit);
}

/*
 * The region of a candidate.  Two texts of one family one after the
 * other (the GPL-2.0 and, past bundled notices, the LGPL-2.1 that shares
 * most of its phrases) make one long run for either, whose similarity
 * falls below that of a cousin matching one text alone (libgit2's COPYING
 * read as AGPL-1.0): when the run is much longer than the license, the
 * stretch of the license's own length that it covers best, if that
 * matches better, is the region.
 */
static void best_region(struct region *r, struct work *w,
			const struct candidate *c)
{
	const struct lic_entry *e = &w->db->e[c->lic];
	struct region win;

	run_region(r, w, c);
	if (!r->len || r->dice >= 0.995 ||
	    (double)r->len < 1.2 * (double)e->nseq)
		return;
	window_region(&win, w, c, r);
	if (win.dice > r->dice)
		*r = win;
}

static int cmp_cand(const void *a, const void *b)
{
	const double *x = a, *y = b;

	return x[0] < y[0] ? 1 : x[0] > y[0] ? -1 : 0;
}

/*
 * Licenses sharing enough words with the text: half of the places go to the
 * best containment (a short license inside a long file), half to the most
 * words explained (a long text among many similar ones).
 */
static int pick_candidates(struct candidate *out, size_t *nout,
			   struct work *w)
{
	const struct lic_db *db = w->db;
	uint32_t *count = calloc(db->n, sizeof(*count));
	double (*by_share)[2] = NULL, (*by_words)[2] = NULL;
	size_t i, k, n = 0, m = 0;
	int rc = -1;

	*nout = 0;
	if (!count)
		return -1;
	next_tick(w);
	for (i = 0; i < w->n; i++) {
		uint32_t id = w->ids[i];
		if (id >= db->nvocab || w->stamp[id] == w->tick)
			continue;
		w->stamp[id] = w->tick;
		for (k = db->post_start[id]; k < db->post_start[id + 1]; k++)
			count[db->postings[k]]++;
	}
	by_share = malloc(db->n * sizeof(*by_share));
	by_words = malloc(db->n * sizeof(*by_words));
	if (!by_share || !by_words)
		goto out;
	for (i = 0; i < db->n; i++) {
		const struct lic_entry *e = &db->e[i];
		double contain = (double)count[i] / (double)e->nset;
		if (e->info.flags & VIGIE_LICENSE_SECONDARY)
			continue;
		if (contain < MIN_CONTAINMENT || e->nmain > w->n * 3)
			continue;
		by_share[n][0] = contain * 1000.0 + (double)e->nset / 1e6;
		by_share[n][1] = (double)i;
		by_words[n][0] = contain * (double)count[i];
		by_words[n][1] = (double)i;
		n++;
	}
	qsort(by_share, n, sizeof(*by_share), cmp_cand);
	qsort(by_words, n, sizeof(*by_words), cmp_cand);
	for (i = 0; i < n && m < MAX_CANDIDATES; i++) {
		size_t j, pick[2] = { (size_t)by_share[i][1],
				      (size_t)by_words[i][1] };
		for (k = 0; k < 2 && m < MAX_CANDIDATES; k++) {
			for (j = 0; j < m; j++)
				if (out[j].lic == pick[k])
					break;
			if (j < m)
				continue;
			memset(&out[m], 0, sizeof(out[m]));
			out[m++].lic = (uint32_t)pick[k];
		}
	}
	*nout = m;
	rc = 0;
out:
	free(by_share);
	free(by_words);
	free(count);
	return rc;
}

/* Does a token hold a (a word of a compound: "attribution-sharealike"
 * normalises to one word), followed by the token b when b is given? */
static bool has_token(const struct ntoks *v, const char *a, const char *b)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if ((b ? !strcmp(v->t[i].s, a) : strstr(v->t[i].s, a) != NULL) &&
		    (!b || (i + 1 < v->n && !strcmp(v->t[i + 1].s, b))))
			return true;
	return false;
}

/*
 * The Creative Commons licenses share most of their words: what tells
 * CC-BY-SA-4.0 from CC-BY-4.0, or CC-BY-NC-SA-4.0 from CC-BY-NC-4.0, is
 * the elements the text names (NonCommercial, NoDerivatives, ShareAlike),
 * which a copy that differs a little may not weigh enough.  The id keeps
 * its version and port, with the elements the text names.
 */
static const char *cc_elements(const char *id, const struct ntoks *tokens)
{
	const struct vigie_license_info *t;
	const char *ver = id + 5;
	char want[64];
	bool nc, nd, sa;

	if (!tokens)
		return id;
	/* the version starts at the first digit: CC-BY-NC-SA-4.0 -> -4.0 */
	while (*ver && !(ver[0] == '-' && ver[1] >= '0' && ver[1] <= '9'))
		ver++;
	if (!*ver)
		return id;
	/* the German and Austrian ports name them in German */
	/* word parts, as the normaliser cuts words at 32 characters */
	nc = has_token(tokens, "noncommerc", NULL) ||
	     has_token(tokens, "non", "commercial") ||
	     has_token(tokens, "nicht", "kommerziell") ||
	     has_token(tokens, "keine", "kommerzielle") ||
	     has_token(tokens, "nichtkommerziell", NULL);
	nd = has_token(tokens, "noderiv", NULL) ||
	     has_token(tokens, "no", "derivatives") ||
	     has_token(tokens, "keine", "bearbeitung") ||
	     has_token(tokens, "keine", "bearbeitungen");
	sa = has_token(tokens, "shareali", NULL) ||
	     has_token(tokens, "share", "alike") ||
	     has_token(tokens, "weitergabe", "unter");
	snprintf(want, sizeof(want), "CC-BY%s%s%s", nc ? "-NC" : "",
		 nd ? "-ND" : sa ? "-SA" : "", ver);
	t = vigie_license_db_find(want);
	return t ? t->id : id;
}

/* An id with "-only" becomes "-or-later" when the text says so, and so on
 * for the variants only a notice tells apart. */
static const char *refine(const struct lic_db *db, size_t lic,
			  const struct ntoks *tokens)
{
	const char *id = db->e[lic].info.id;
	static const struct {
		const char *from_suffix, *to_suffix;
		bool (*test)(const struct ntoks *);
	} rules[] = {
		{ "-only", "-or-later", lic_notice_or_later },
		{ "MPL-2.0", "MPL-2.0-no-copyleft-exception",
		  lic_notice_mpl_incompatible },
	};
	size_t i, n = strlen(id);

	if (!strncmp(id, "CC-BY-", 6))
		return cc_elements(id, tokens);
	for (i = 0; i < VIGIE_ARRAY_SIZE(rules); i++) {
		size_t fl = strlen(rules[i].from_suffix);
		char want[64];
		const struct vigie_license_info *t;
		if (n < fl || strcmp(id + n - fl, rules[i].from_suffix))
			continue;
		if (!rules[i].test(tokens))
			continue;
		if (fl == n)
			snprintf(want, sizeof(want), "%s", rules[i].to_suffix);
		else
			snprintf(want, sizeof(want), "%.*s%s", (int)(n - fl), id,
				 rules[i].to_suffix);
		t = vigie_license_db_find(want);
		if (t)
			return t->id;
	}
	return id;
}

/* Are a and b the same license, one "-only" and the other "-or-later"? */
static bool same_but_suffix(const char *a, const char *b)
{
	const char *sa = strstr(a, "-only"), *sb = strstr(b, "-or-later");

	if (!sa || !sb) {
		sa = strstr(a, "-or-later");
		sb = strstr(b, "-only");
	}
	return sa && sb && sa - a == sb - b && !strncmp(a, b, (size_t)(sa - a)) &&
	       !strcmp(sa, strstr(a, "-only") ? "-only" : "-or-later") &&
	       !strcmp(sb, strstr(b, "-only") ? "-only" : "-or-later");
}

int lic_result_add(struct vigie_license_result *r, const char *id,
		   double confidence, enum vigie_license_method method,
		   size_t first, size_t last)
{
	struct vigie_license_match *m;
	size_t i;

	for (i = 0; i < r->count; i++) {
		const char *have = r->matches[i].id;
		size_t nh = strlen(have), ni = strlen(id);
		bool longer = ni > nh && !strncmp(id, have, nh) &&
			      !strncmp(id + nh, " WITH ", 6);
		/* "X WITH Y" says more than "X": keep it.  "X-only" and
		 * "X-or-later" in one text: a heading
		 * "## AGPL-3.0" (read as -only for want of more) and "the
		 * default license is AGPL-3.0-or-later" are one license,
		 * and "or later" is only ever said on purpose */
		if (longer || (same_but_suffix(have, id) &&
			       strstr(id, "-or-later"))) {
			char *v = strdup(id);
			if (!v)
				return -1;
			free(r->matches[i].id);
			r->matches[i].id = v;
		} else if (same_but_suffix(have, id))
			;
		else if (!(nh > ni && !strncmp(have, id, ni) &&
			   !strncmp(have + ni, " WITH ", 6)) &&
			 strcmp(have, id))
			continue;
		{
			if (method < r->matches[i].method ||
			    (method == r->matches[i].method &&
			     confidence > r->matches[i].confidence)) {
				r->matches[i].method = method;
				r->matches[i].confidence = confidence;
			}
			return 0;
		}
	}
	m = realloc(r->matches, (r->count + 1) * sizeof(*m));
	if (!m)
		return -1;
	r->matches = m;
	m = &m[r->count];
	memset(m, 0, sizeof(*m));
	m->id = strdup(id);
	if (!m->id)
		return -1;
	r->count++;
	m->confidence = confidence;
	m->method = method;
	m->first_word = first;
	m->last_word = last;
	return 0;
}

/* How many words of the text (unclaimed) belong to the license. */
static size_t words_of(struct work *w, const struct lic_entry *e)
{
	size_t i, n = 0;

	mark_license(w, e);
	for (i = 0; i < w->n; i++)
		n += !w->claimed[i] && w->lstamp[w->ids[i]] >= w->ltick;
	return n;
}

static int cmp_longest(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	size_t nx = x->nseq, ny = y->nseq;

	return nx < ny ? 1 : nx > ny ? -1 : (x->lic > y->lic) - (x->lic < y->lic);
}

/* Does the winner match what is left of its region, once inner is taken,
 * better than it matched the whole? */
static bool rest_is_better(struct work *w, struct candidate *winner,
			   const struct region *whole, const struct region *inner)
{
	const struct lic_entry *e = &w->db->e[winner->lic];
	struct region rest;
	size_t k;

	for (k = inner->first; k <= inner->last; k++)
		w->claimed[k] = true;
	best_region(&rest, w, winner);
	for (k = inner->first; k <= inner->last; k++)
		w->claimed[k] = false;
	return rest.dice >= whole->dice + NESTED_MARGIN &&
	       (double)rest.len >= 0.5 * (double)e->nmain;
}

static int cmp_position(const void *a, const void *b)
{
	const struct vigie_license_match *x = a, *y = b;

	return x->first_word < y->first_word ? -1 :
	       x->first_word > y->first_word;
}

/*
 * Licenses whose SPDX text carries another: the LGPL-3.0 is a set of
 * permissions added to the GPL-3.0, and its full text includes it.
 */
static const struct {
	const char *outer, *inner; /* id prefixes */
} carries[] = {
	{ "LGPL-3.0-", "GPL-3.0-" },
};

static void absorb(struct vigie_license_result *r)
{
	size_t i, j, k;

	for (k = 0; k < VIGIE_ARRAY_SIZE(carries); k++) {
		size_t no = strlen(carries[k].outer), ni = strlen(carries[k].inner);
		for (i = 0; i < r->count; i++)
			if (!strncmp(r->matches[i].id, carries[k].outer, no))
				break;
		if (i == r->count)
			continue;
		for (j = 0; j < r->count;) {
			if (!strncmp(r->matches[j].id, carries[k].inner, ni)) {
				free(r->matches[j].id);
				memmove(&r->matches[j], &r->matches[j + 1],
					(r->count - j - 1) * sizeof(*r->matches));
				r->count--;
			} else {
				j++;
			}
		}
	}
}

/*
 * Full-text matches against db (the licenses, or another family when
 * tokens is NULL: no license-only refinements then); fills claimed byte
 * ranges into *spans (pairs).
 */
static int match_texts(struct vigie_license_result *r,
		       const struct lic_db *db, double threshold,
		       const char *text, size_t len, const struct ntoks *tokens,
		       size_t **spans, size_t *nspans)
{
	struct vigie_license_words words;
	struct candidate cand[MAX_CANDIDATES];
	struct work w;
	size_t nc = 0, i, round;
	int rc = -1;

	memset(&w, 0, sizeof(w));
	w.db = db;
	w.tick = w.ltick = lic_tick_origin;
	*spans = NULL;
	*nspans = 0;
	if (vigie_license_normalize(&words, text, len) < 0)
		return -1;
	if (words.count < 8) {
		rc = 0;
		goto out;
	}
	if (map_words(&w, &words) < 0)
		goto out;
	if (pick_candidates(cand, &nc, &w) < 0)
		goto out;
	for (i = 0; i < nc; i++)
		cand[i].nseq = w.db->e[cand[i].lic].nseq;
	qsort(cand, nc, sizeof(*cand), cmp_longest);
	for (round = 0; round < MAX_MATCHES; round++) {
		struct region best_r = { 0 }, reg;
		double best_key = 0;
		size_t best = nc, k;
		for (i = 0; i < nc; i++) {
			const struct lic_entry *e = &w.db->e[cand[i].lic];
			double key;
			if (cand[i].done)
				continue;
			/* one that cannot beat the best so far, even matching
			 * perfectly, waits: a region is at least two-thirds
			 * hits, so at most 1.5 times the text's words that
			 * belong to the license */
			if (best < nc && !cand[i].fresh &&
			    1.5 * (double)words_of(&w, e) + 2 <
				    best_key * (1 - TIE))
				continue;
			/* a region away from what was claimed is still the
			 * best one: claims only take choices away */
			if (!cand[i].fresh) {
				if (!cand[i].bigrams &&
				    bigrams_build(&cand[i], e) < 0)
					goto out;
				best_region(&cand[i].region, &w, &cand[i]);
				cand[i].fresh = true;
			}
			reg = cand[i].region;

			if (reg.len < 8 || (double)reg.len < 0.5 * (double)e->nmain ||
			    reg.dice < threshold) {
				if (round == 0 && reg.dice < 0.5)
					cand[i].done = true;
				continue;
			}
			/* similarity first, then how much text it explains:
			 * dice^8, squared thrice (pow would bring libm's pages
			 * into every `vigie license`) */
			key = reg.dice * reg.dice;
			key *= key;
			key = key * key * (double)reg.len;
			if (best < nc) {
				const struct lic_entry *b =
					&w.db->e[cand[best].lic];
				bool common = e->info.flags & VIGIE_LICENSE_TEMPLATE;
				bool bcommon = b->info.flags & VIGIE_LICENSE_TEMPLATE;
				if (key < best_key * (1 + TIE) &&
				    key > best_key * (1 - TIE) && common != bcommon) {
					if (!common)
						continue;
				} else if (key <= best_key) {
					continue;
				}
			}
			best = i;
			best_key = key;
			best_r = reg;
		}
		if (best == nc)
			break;
		/*
		 * A clearly better match inside the winner's region goes
		 * first: the LGPL-3.0 text followed by the GPL-3.0 it builds
		 * on reads as one long GPL-3.0 region otherwise.
		 */
		for (i = 0; i < nc; i++) {
			const struct region *c = &cand[i].region;
			const struct lic_entry *e = &w.db->e[cand[i].lic];
			if (i == best || cand[i].done || !cand[i].fresh ||
			    !c->len || c->first < best_r.first ||
			    c->last > best_r.last || c->len == best_r.len ||
			    c->dice < best_r.dice + NESTED_MARGIN ||
			    c->dice < threshold ||
			    (double)c->len < 0.5 * (double)e->nmain)
				continue;
			/* only when the rest is the winner's, better than
			 * before: the inner text was foreign to it (SSPL-1.0
			 * inside a GPL-3.0 text is not) */
			if (!rest_is_better(&w, &cand[best], &best_r, c))
				continue;
			best = i;
			best_r = *c;
		}
		for (k = best_r.first; k <= best_r.last; k++)
			w.claimed[k] = true;
		/* not done while the text left could hold the same license
		 * again (a second BSD-2-Clause notice further down a
		 * COPYING), rather than leave it to a smaller relative
		 * (BSD-1-Clause); a whole text alone is done at once */
		{
			size_t left = 0;
			for (k = 0; k < w.n; k++)
				left += !w.claimed[k];
			cand[best].fresh = false;
			cand[best].done = (double)left <
				0.5 * (double)w.db->e[cand[best].lic].nmain;
		}
		for (i = 0; i < nc; i++)
			if (cand[i].region.len &&
			    cand[i].region.last + 1 >= best_r.first &&
			    cand[i].region.first <= best_r.last + 1)
				cand[i].fresh = false;
		{
			size_t *sp = realloc(*spans, (*nspans + 2) * sizeof(*sp));
			if (!sp)
				goto out;
			*spans = sp;
			sp[(*nspans)++] = words.at[best_r.first];
			/* up to the last word's first byte: what follows
			 * (even on a dropped copyright line) is outside */
			sp[(*nspans)++] = words.at[best_r.last] + 1;
		}
		{
			size_t before = r->count;
			const char *id = tokens ? refine(w.db, cand[best].lic,
							 tokens) :
					 w.db->e[cand[best].lic].info.id;
			const char *exc = lic_notice_exception(tokens, id);
			char with[64];
			/* "GPL-2.0-only WITH GCC-exception-2.0" */
			if (exc && (size_t)snprintf(with, sizeof(with),
						    "%s WITH %s", id, exc) <
					   sizeof(with))
				id = with;
			if (lic_result_add(r, id,
					   best_r.dice, VIGIE_LICENSE_METHOD_TEXT,
					   best_r.first, best_r.last) < 0)
				goto out;
			if (r->count > before) {
				r->matches[before].first_byte =
					words.at[best_r.first];
				r->matches[before].end_byte =
					words.at[best_r.last] + 1;
			}
		}
	}
	if (tokens)
		absorb(r);
	/* in the order the file gives them */
	if (r->count > 1)
		qsort(r->matches, r->count, sizeof(*r->matches), cmp_position);
	rc = 0;
out:
	for (i = 0; i < nc; i++)
		free(cand[i].bigrams);
	free(w.ids);
	free(w.stamp);
	free(w.lstamp);
	free(w.claimed);
	free(w.score);
	vigie_license_words_release(&words);
	return rc;
}

void vigie_license_result_release(struct vigie_license_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->count; i++)
		free(r->matches[i].id);
	free(r->matches);
	free(r->expression);
	memset(r, 0, sizeof(*r));
}

/* EUPL texts told by their structure in one file (one per language). */
#define EUPL_TEXTS_MAX 32

/*
 * The EUPL in an official language the database does not hold: told by
 * its structure (grant.c), added as a text match with the span it covers,
 * so that the licenses its appendix lists are read as mentioned only.
 * -1: out of memory.
 */
static int eupl_by_structure(struct vigie_license_result *r, const char *text,
			     size_t len, const struct ntoks *tokens,
			     size_t **spans, size_t *nspans)
{
	struct lic_span found[EUPL_TEXTS_MAX];
	const char *ids[EUPL_TEXTS_MAX];
	size_t n = lic_eupl_structures(text, len, tokens, found, ids,
				       EUPL_TEXTS_MAX);
	size_t i, k, before;
	bool known = false;

	for (i = 0; i < r->count; i++)
		known = known || !strncmp(r->matches[i].id, "EUPL-", 5);
	for (k = 0; k < n; k++) {
		size_t *sp = realloc(*spans, (*nspans + 2) * sizeof(*sp));
		if (!sp)
			return -1;
		*spans = sp;
		sp[(*nspans)++] = found[k].first;
		sp[(*nspans)++] = found[k].end;
		/* the license once, where its first text is */
		if (known)
			continue;
		known = true;
		before = r->count;
		if (lic_result_add(r, ids[k], LIC_STRUCTURE_CONFIDENCE,
				   VIGIE_LICENSE_METHOD_TEXT, 0, 0) < 0)
			return -1;
		if (r->count > before) {
			r->matches[before].first_byte = found[k].first;
			r->matches[before].end_byte = found[k].end;
		}
	}
	if (r->count > 1)
		qsort(r->matches, r->count, sizeof(*r->matches), cmp_position);
	return 0;
}

int vigie_license_identify(struct vigie_license_result *out, const char *text,
			   size_t len, unsigned opts, struct vigie_error *err)
{
	size_t *spans = NULL, nspans = 0, i, nmatch;
	struct vigie_buf expr = VIGIE_BUF_INIT;
	struct ntoks tokens = { NULL, 0, 0 };
	bool any_or, scoped, readme_whole = false;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = vigie_license_db_load(err);
	if (rc < 0)
		return rc;
	if (opts & VIGIE_LICENSE_README) {
		size_t off = 0, n = 0;
		opts &= ~VIGIE_LICENSE_README;
		/* a license section may name the license bare ("## License\n
		 * MIT"); elsewhere only "licensed under X" counts */
		if (lic_readme_section(text, len, &off, &n)) {
			text += off;
			len = n;
			opts |= VIGIE_LICENSE_BARE_NAMES;
		} else {
			readme_whole = true;
		}
	}
	if (lic_ntokenize(&tokens, text, len) < 0)
		goto oom;
	if (!(opts & VIGIE_LICENSE_NO_TEXT) &&
	    match_texts(out, lic_db(), VIGIE_LICENSE_THRESHOLD, text, len,
			&tokens, &spans, &nspans) < 0)
		goto oom;
	if (!(opts & VIGIE_LICENSE_NO_TEXT) &&
	    eupl_by_structure(out, text, len, &tokens, &spans, &nspans) < 0)
		goto oom;
	nmatch = out->count;
	if (lic_notice_scan(out, text, len, &tokens,
			    opts | (nmatch ? LIC_HAS_TEXT : 0), spans, nspans) < 0)
		goto oom;
	/* Order by where each was found is kept; ids are joined with OR when
	 * the text outside the licenses offers a choice. */
	any_or = lic_notice_join_or(&tokens, spans, nspans);
	/* licenses after the project's own statement (its full text, or
	 * the first "released under X" when that comes first), past a
	 * "third-party" heading, are those of what the project bundles */
	{
		size_t own = SIZE_MAX, own_end = 0;
		for (i = 0; i < out->count; i++) {
			const struct vigie_license_match *m = &out->matches[i];
			if ((m->method == VIGIE_LICENSE_METHOD_TEXT ||
			     m->end_byte) &&
			    !m->scope && m->first_byte < own) {
				own = m->first_byte;
				own_end = m->end_byte;
			}
		}
		for (i = 0; i < out->count && own != SIZE_MAX; i++) {
			struct vigie_license_match *m = &out->matches[i];
			size_t from = own_end;
			/* the sentence that introduces a text may end the
			 * region of the one before, whose last words it
			 * shares ("... licensed under the license:") */
			if (m->first_byte > own + 300 &&
			    m->first_byte - 300 < from)
				from = m->first_byte - 300;
			if ((m->method == VIGIE_LICENSE_METHOD_TEXT ||
			     m->end_byte) &&
			    !m->scope && m->first_byte >= own_end &&
			    lic_third_party_between(text, from, m->first_byte))
				m->scope = "third-party";
		}
	}
	free(spans);
	spans = NULL;
	lic_ntoks_release(&tokens);
	/* outside a license section, a README's SPDX-License-Identifier
	 * line (REUSE's header comment) is the README's own license */
	for (i = 0; readme_whole && i < out->count; i++)
		if (out->matches[i].method == VIGIE_LICENSE_METHOD_SPDX_ID)
			out->matches[i].scope = "docs";
	if (out->expression && !nmatch && !readme_whole) {
		/* an SPDX-License-Identifier line says it all */
		out->confidence = 1.0;
		out->method = VIGIE_LICENSE_METHOD_SPDX_ID;
		for (i = 0; i < out->count; i++)
			if (out->matches[i].confidence < out->confidence) {
				out->confidence = out->matches[i].confidence;
				out->method = out->matches[i].method;
			}
		return 0;
	}
	free(out->expression);
	out->expression = NULL;
	out->confidence = 0;
	out->method = VIGIE_LICENSE_METHOD_TEXT;
	/* "the code under X, the documentation under Y" licenses the work
	 * under X: Y goes with its scope, outside the expression */
	for (i = 0; i < out->count && out->matches[i].scope; i++)
		;
	scoped = i < out->count;
	for (i = 0; i < out->count; i++) {
		if (scoped && out->matches[i].scope)
			continue;
		/* the weakest of the operands (the first may be a scoped
		 * one, left out) */
		if (!expr.len || out->matches[i].confidence < out->confidence)
			out->confidence = out->matches[i].confidence;
		if (expr.len) {
			if (vigie_buf_puts(&expr, any_or ? " OR " : " AND ") < 0)
				goto oom;
		}
		if (vigie_buf_puts(&expr, out->matches[i].id) < 0)
			goto oom;
		if (out->matches[i].method > out->method)
			out->method = out->matches[i].method;
	}
	if (!out->count && vigie_buf_puts(&expr, "NONE") < 0)
		goto oom;
	out->expression = vigie_buf_detach(&expr, NULL);
	return 0;
oom:
	free(spans);
	lic_ntoks_release(&tokens);
	vigie_buf_release(&expr);
	vigie_license_result_release(out);
	return vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
}

int vigie_license_family_match(struct vigie_license_result *out,
			       enum vigie_license_family f, const char *text,
			       size_t len, double threshold,
			       struct vigie_error *err)
{
	const struct lic_db *db;
	size_t *spans = NULL, nspans = 0, i;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = vigie_license_family_load(f, err);
	if (rc < 0)
		return rc;
	db = lic_db_of(f);
	if (match_texts(out, db, threshold, text, len, NULL, &spans,
			&nspans) < 0) {
		free(spans);
		vigie_license_result_release(out);
		return vigie_error_set(err, VIGIE_ENOMEM, NULL,
				       "out of memory");
	}
	free(spans);
	out->method = VIGIE_LICENSE_METHOD_TEXT;
	for (i = 0; i < out->count; i++)
		if (!i || out->matches[i].confidence < out->confidence)
			out->confidence = out->matches[i].confidence;
	return 0;
}

unsigned vigie_license_opts_for_path(const char *path)
{
	static const char *const license_names[] = {
		"license", "licence", "copying", "unlicense",
	};
	const char *base = strrchr(path, '/');
	size_t i;

	base = base ? base + 1 : path;
	for (i = 0; i < VIGIE_ARRAY_SIZE(license_names); i++)
		if (!strncasecmp(base, license_names[i],
				 strlen(license_names[i])))
			return VIGIE_LICENSE_BARE_NAMES;
	/* REUSE keeps one text per license in LICENSES/ */
	if (base - path >= 9 && (!strncasecmp(base - 9, "licenses/", 9) ||
				 !strncasecmp(base - 9, "licences/", 9)))
		return VIGIE_LICENSE_BARE_NAMES;
	if (!strncasecmp(base, "readme", 6) || !strncasecmp(base, "lisezmoi", 8))
		return VIGIE_LICENSE_README;
	return 0;
}

/* The license section of a README: from a heading naming the license to
 * the next heading of the same or a higher level. */
/*
 * Is this heading line a license section's own title ("## License",
 * "Licence et droits", "Copyright and license"), rather than a heading that
 * merely mentions licenses ("License identification")?
 */
static bool license_title(const char *line, size_t len)
{
	static const char *const titles[] = {
		"copying", "copyright", "copyright and license",
		"copyright and licence", "copyright & license", "licence",
		"licence et droits", "licences", "license", "license and copyright",
		"license & copyright", "licenses", "licensing", "licence libre",
		"droits et licence",
	};
	char t[64];
	size_t n = 0, i;

	/* The title without Markdown marks, HTML tags or surrounding spaces. */
	for (i = 0; i < len && n + 1 < sizeof(t); i++) {
		char c = line[i];
		if (c == '<') {
			while (i < len && line[i] != '>')
				i++;
			continue;
		}
		if (c == '#' || c == '*' || c == '_' || c == '`' || c == ':' ||
		    c == '\r' || ((c == ' ' || c == '\t') && (!n || t[n - 1] == ' ')))
			continue;
		t[n++] = (char)tolower((unsigned char)c);
	}
	while (n && t[n - 1] == ' ')
		n--;
	t[n] = '\0';
	for (i = 0; i < VIGIE_ARRAY_SIZE(titles); i++)
		if (!strcmp(t, titles[i]))
			return true;
	return false;
}

static bool find_section(const char *text, size_t len, size_t *off, size_t *n,
			 bool exact)
{
	size_t i = 0, start = 0;
	int level = 0;
	bool in = false;

	while (i < len) {
		size_t e = i, h = 0;
		int lvl = 0;
		bool heading = false;
		while (e < len && text[e] != '\n')
			e++;
		while (i + h < e && text[i + h] == '#')
			h++;
		if (h > 0 && h <= 6 && i + h < e && text[i + h] == ' ') {
			heading = true;
			lvl = (int)h;
		} else if (e + 1 < len && (text[e + 1] == '=' ||
					   text[e + 1] == '-') && e > i) {
			size_t u = e + 1;
			while (u < len && text[u] == text[e + 1])
				u++;
			if (u - e - 1 >= 3 && (u == len || text[u] == '\n')) {
				heading = true;
				lvl = text[e + 1] == '=' ? 1 : 2;
			}
		} else if (i + 2 < e && !strncasecmp(text + i, "<h", 2) &&
			   text[i + 2] >= '1' && text[i + 2] <= '6') {
			heading = true;
			lvl = text[i + 2] - '0';
		}
		if (heading) {
			if (in && lvl <= level) {
				*off = start;
				*n = i - start;
				return true;
			}
			if (!in) {
				size_t k;
				for (k = i; k + 5 <= e; k++)
					if (!strncasecmp(text + k, "licen", 5) ||
					    (k + 7 <= e &&
					     !strncasecmp(text + k, "copying", 7)))
						break;
				if (k + 5 <= e &&
				    (!exact || license_title(text + i, e - i))) {
					in = true;
					level = lvl;
					start = i;
				}
			}
		}
		i = e + 1;
	}
	if (in) {
		*off = start;
		*n = len - start;
	}
	return in;
}

/* The license section of a README: a heading that is a license title wins
 * over one that only mentions licenses. */
bool lic_readme_section(const char *text, size_t len, size_t *off, size_t *n)
{
	return find_section(text, len, off, n, true) ||
	       find_section(text, len, off, n, false);
}
