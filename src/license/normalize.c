/* SPDX-License-Identifier: EUPL-1.2 */
/* Text to words following the SPDX matching guidelines (mirror of build.py). */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "grow.h"
#include "banned.h"
#include "vigie/sys/license.h"

#define MAX_CHARS 32

/* Latin-1 letters U+00C0..U+00FF folded to ASCII; '_' is a separator. */
static const char latin1[] =
	"aaaaaaaceeeeiiiidnooooo_ouuuuytsaaaaaaaceeeeiiiidnooooo_ouuuuyty";

/* A word and its length, for tables compared against every word. */
struct word {
	const char *s;
	size_t n;
};
#define W(s) { s, sizeof(s) - 1 }

static const struct word dropped[] = { /* sorted */
	W("http"), W("https"), W("ii"), W("iii"), W("iv"), W("ix"), W("vi"),
	W("vii"), W("viii"), W("xi"), W("xii"), W("xiii"), W("xiv"), W("xv"),
	W("xvi"),
};

/* Spellings the SPDX guidelines treat as equivalent: variant, canonical. */
static const struct {
	struct word from;
	const char *to;
} equiv[] = { /* sorted */
	{ W("acknowledgement"), "acknowledgment" },
	{ W("acknowledgements"), "acknowledgments" },
	{ W("analogue"), "analog" },
	{ W("analyse"), "analyze" },
	{ W("artefact"), "artifact" },
	{ W("authorisation"), "authorization" },
	{ W("authorised"), "authorized" },
	{ W("calibre"), "caliber" },
	{ W("cancelled"), "canceled" },
	{ W("capitalisations"), "capitalizations" },
	{ W("catalogue"), "catalog" },
	{ W("categorise"), "categorize" },
	{ W("centre"), "center" },
	{ W("emphasised"), "emphasized" },
	{ W("favour"), "favor" },
	{ W("favourite"), "favorite" },
	{ W("fulfil"), "fulfill" },
	{ W("fulfilment"), "fulfillment" },
	{ W("initialise"), "initialize" },
	{ W("judgement"), "judgment" },
	{ W("labelling"), "labeling" },
	{ W("labour"), "labor" },
	{ W("licence"), "license" },
	{ W("licenced"), "licensed" },
	{ W("licencee"), "licensee" },
	{ W("licencees"), "licensees" },
	{ W("licences"), "licenses" },
	{ W("licencing"), "licensing" },
	{ W("licencor"), "licensor" },
	{ W("licencors"), "licensors" },
	{ W("maximise"), "maximize" },
	{ W("modelled"), "modeled" },
	{ W("modelling"), "modeling" },
	{ W("offence"), "offense" },
	{ W("optimise"), "optimize" },
	{ W("organisation"), "organization" },
	{ W("organisations"), "organizations" },
	{ W("organise"), "organize" },
	{ W("owner"), "holder" },
	{ W("owners"), "holders" },
	{ W("practise"), "practice" },
	{ W("programme"), "program" },
	{ W("realise"), "realize" },
	{ W("recognise"), "recognize" },
	{ W("signalling"), "signaling" },
	{ W("sublicence"), "sublicense" },
	{ W("sublicenced"), "sublicensed" },
	{ W("sublicences"), "sublicenses" },
	{ W("utilisation"), "utilization" },
	{ W("whilst"), "while" },
	{ W("wilful"), "willful" },
};

/* Decode one UTF-8 character at s (n bytes left).  A byte that does not
 * start a valid sequence is read as Latin-1: older license files (the
 * cecill.info texts among them) are ISO-8859-1. */
static uint32_t decode(const unsigned char *s, size_t n, size_t *len)
{
	uint32_t c = s[0];
	size_t k, need;

	*len = 1;
	if (c < 0x80)
		return c;
	if ((c & 0xe0) == 0xc0) {
		need = 1;
		c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		need = 2;
		c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		need = 3;
		c &= 0x07;
	} else {
		return s[0];
	}
	if (need >= n)
		return s[0];
	for (k = 1; k <= need; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return s[0];
		c = (c << 6) | (s[k] & 0x3f);
	}
	*len = need + 1;
	return c;
}

static bool is_dash(uint32_t c)
{
	return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212;
}

/*
 * What a character contributes to a word: its folded form in buf (returns
 * the length), or 0 for a separator.  Characters beyond Latin-1 that are
 * not punctuation keep their bytes.
 */
static size_t fold(uint32_t c, const unsigned char *src, size_t srclen,
		   char buf[4])
{
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			buf[0] = (char)c;
			return 1;
		}
		return 0;
	}
	if (c == 0xc6 || c == 0xe6) {
		memcpy(buf, "ae", 2);
		return 2;
	}
	if (c == 0xdf) {
		memcpy(buf, "ss", 2);
		return 2;
	}
	if (c == 0xde || c == 0xfe) {
		memcpy(buf, "th", 2);
		return 2;
	}
	if (c == 0x152 || c == 0x153) {
		memcpy(buf, "oe", 2);
		return 2;
	}
	if (c >= 0xc0 && c <= 0xff) {
		char f = latin1[c - 0xc0];
		if (f == '_')
			return 0;
		buf[0] = f;
		return 1;
	}
	if (c < 0x100 || is_dash(c) || (c >= 0x2000 && c < 0x2070) ||
	    (c >= 0x3000 && c < 0x3040) || (c >= 0xff00 && c < 0xfff0) ||
	    c == 0xfeff || c == 0xfffd)
		return 0;
	memcpy(buf, src, srclen);
	return srclen;
}

static bool is_copyright_line(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n && strchr(" \t#*>-=+|`_", s[i]))
		i++;
	s += i;
	n -= i;
	if ((n >= 3 && !strncasecmp(s, "(c)", 3)) ||
	    (n >= 2 && (unsigned char)s[0] == 0xc2 &&
	     (unsigned char)s[1] == 0xa9))
		return true;
	if (n < 9 || strncasecmp(s, "copyright", 9))
		return false;
	for (k = 0; k < n; k++) {
		if (s[k] >= '0' && s[k] <= '9')
			return true;
		if (k + 3 <= n && !strncasecmp(s + k, "(c)", 3))
			return true;
		if (k + 2 <= n && (unsigned char)s[k] == 0xc2 &&
		    (unsigned char)s[k + 1] == 0xa9)
			return true;
	}
	return false;
}

/*
 * The rows of each sorted table by first byte, [from[b], from[b + 1]):
 * every word of a text is looked up in both tables, and most share no
 * first letter with any row (a binary search of the whole table was a
 * tenth of `vigie license`'s instructions).
 */
static uint16_t dropped_from[257], equiv_from[257];
static pthread_once_t from_once = PTHREAD_ONCE_INIT;

static void index_rows(uint16_t *from, const void *table, size_t row,
		       size_t rows)
{
	size_t b, i = 0;

	for (b = 0; b <= 256; b++) {
		while (i < rows &&
		       (unsigned char)((const struct word *)((const char *)table +
							     i * row))->s[0] < b)
			i++;
		from[b] = (uint16_t)i;
	}
}

static void index_tables(void)
{
	index_rows(dropped_from, dropped, sizeof(dropped[0]),
		   VIGIE_ARRAY_SIZE(dropped));
	index_rows(equiv_from, equiv, sizeof(equiv[0]), VIGIE_ARRAY_SIZE(equiv));
}

/* Binary search of a sorted table whose rows start with a struct word,
 * among the rows from[] gives for s's first byte: the row's index + 1,
 * or 0.  n >= 1. */
static size_t find_word(const void *table, size_t row, const uint16_t *from,
			const char *s, size_t n)
{
	size_t lo = from[(unsigned char)s[0]],
	       hi = from[(unsigned char)s[0] + 1];

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct word *w =
			(const struct word *)((const char *)table + mid * row);
		int c = memcmp(w->s, s, w->n < n ? w->n : n);
		if (!c)
			c = w->n < n ? -1 : w->n > n;
		if (!c)
			return mid + 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int add_word(struct vigie_license_words *w, const char *s, size_t n,
		    size_t at)
{
	size_t i, chars = 0;

	for (i = 0; i < n; i++)
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	if (chars <= 1)
		return 0;
	if (n == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9')
		return 0;
	if (find_word(dropped, sizeof(dropped[0]), dropped_from, s, n))
		return 0;
	i = find_word(equiv, sizeof(equiv[0]), equiv_from, s, n);
	if (i) {
		s = equiv[i - 1].to;
		n = strlen(s);
	}
	if (w->count == w->alloc) {
		/* two arrays of one length: each grown, the smaller kept */
		size_t c_off = w->alloc, c_at = w->alloc;
		if (vigie_grow(&w->off, &c_off, w->count + 1, 256) < 0 ||
		    vigie_grow(&w->at, &c_at, w->count + 1, 256) < 0)
			return -1;
		w->alloc = c_off < c_at ? c_off : c_at;
	}
	if (vigie_grow(&w->arena, &w->arena_alloc, w->arena_len + n + 1,
		       2048) < 0)
		return -1;
	w->at[w->count] = (uint32_t)at;
	w->off[w->count++] = (uint32_t)w->arena_len;
	memcpy(w->arena + w->arena_len, s, n);
	w->arena_len += n;
	w->arena[w->arena_len++] = '\0';
	return 0;
}

void vigie_license_words_release(struct vigie_license_words *w)
{
	if (!w)
		return;
	free(w->arena);
	free(w->off);
	free(w->at);
	memset(w, 0, sizeof(*w));
}

int vigie_license_normalize(struct vigie_license_words *out, const char *text,
			    size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	char cur[256];
	size_t ncur = 0, i = 0, start = 0, nchars = 0;
	bool line_start = true;
	/* the fold of the previous character: empty, a digit, other */
	size_t prev_len = 0;
	bool prev_digit = false;

	memset(out, 0, sizeof(*out));
	pthread_once(&from_once, index_tables);
	if (len > UINT32_MAX / 2)
		return VIGIE_ELIMIT;
	/*
	 * Room for the words of a license-like text at once (one word for
	 * 6 to 7 bytes, the arena smaller than the text): grown from 256,
	 * the arrays were copied four times, fresh pages each time.
	 */
	if (len >= 2048) {
		/* (no more than the tokens of notice.c) */
		size_t c_off = 0, c_at = 0, room = len / 5 < 200000 ? len / 5 : 200000;
		if (vigie_grow(&out->off, &c_off, room, 256) < 0 ||
		    vigie_grow(&out->at, &c_at, room, 256) < 0 ||
		    vigie_grow(&out->arena, &out->arena_alloc, len + 1, 2048) < 0)
			goto oom;
		out->alloc = c_off < c_at ? c_off : c_at;
	}
#define FLUSH()                                                          \
	do {                                                             \
		if (ncur && add_word(out, cur, ncur, start) < 0)                \
			goto oom;                                        \
		ncur = 0;                                                \
		nchars = 0;                                              \
	} while (0)
	while (i < len) {
		uint32_t c;
		size_t clen, flen;
		char fb[4];

		if (line_start) {
			size_t e = i;
			line_start = false;
			while (e < len && s[e] != '\n' && s[e] != '\r')
				e++;
			if (is_copyright_line(text + i, e - i)) {
				/* the line is gone: what follows it is next to
				 * what preceded it */
				i = e;
				continue;
			}
		}
		if (s[i] == '\n' || s[i] == '\r') {
			FLUSH();
			prev_len = 0;
			prev_digit = false;
			i++;
			line_start = true;
			continue;
		}
		if (s[i] == '<' && i + 3 < len && !memcmp(s + i, "<!--", 4)) {
			const char *end = memmem(text + i + 4, len - i - 4, "-->",
						 3);
			size_t j = end ? (size_t)(end - text) + 3 : len;
			FLUSH();
			i = j;
			prev_len = 0;
			continue;
		}
		if (s[i] == '<') {
			size_t j = i + 1;
			while (j < len && j - i <= 100 && s[j] != '<' &&
			       s[j] != '>' && s[j] != '\n' && s[j] != '\r')
				j++;
			if (j < len && s[j] == '>') {
				FLUSH();
				i = j + 1;
				prev_len = 0;
				continue;
			}
		}
		if (s[i] == '&') {
			FLUSH();
			if (add_word(out, "and", 3, i) < 0)
				goto oom;
			i++;
			prev_len = 0;
			continue;
		}
		c = decode(s + i, len - i, &clen);
		flen = fold(c, s + i, clen, fb);
		if (flen) {
			/* unspaced scripts make long runs: cut them in words
			 * of MAX_CHARS characters (as build.py does) */
			if (nchars == MAX_CHARS)
				FLUSH();
			if (!ncur)
				start = i;
			if (ncur + flen < sizeof(cur)) {
				memcpy(cur + ncur, fb, flen);
				ncur += flen;
				nchars++;
			}
			prev_len = flen;
			prev_digit = flen == 1 && fb[0] >= '0' && fb[0] <= '9';
			i += clen;
			continue;
		}
		if (is_dash(c) || c == '.') {
			size_t nlen = 0, nclen;
			char nb[4];
			if (i + clen < len) {
				uint32_t nc = decode(s + i + clen, len - i - clen,
						     &nclen);
				nlen = fold(nc, s + i + clen, nclen, nb);
			}
			if (is_dash(c) && prev_len && nlen && ncur) {
				i += clen;
				prev_len = 0;
				continue;
			}
			if (c == '.' && ncur && prev_digit && nlen == 1 &&
			    nb[0] >= '0' && nb[0] <= '9') {
				if (ncur + 1 < sizeof(cur)) {
					cur[ncur++] = '.';
					nchars++;
				}
				i += clen;
				prev_len = 0;
				prev_digit = false;
				continue;
			}
		}
		FLUSH();
		prev_len = 0;
		prev_digit = false;
		i += clen;
	}
	FLUSH();
#undef FLUSH
	return 0;
oom:
	vigie_license_words_release(out);
	return -1;
}
