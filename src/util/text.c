/* SPDX-License-Identifier: EUPL-1.2 */
/* Text helpers for prose from repositories: folding and language guessing. */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"
#include "banned.h"

#define LANG_READ_MAX (64 * 1024)
#define WORD_MAX 24

/*
 * The ASCII base of U+00C0..U+00FF (the second byte of 0xC3 xx, upper and
 * lower case alike); "" for the two signs (multiplication, division).
 */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
	"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "",
	"o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
	"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "",
	"o", "u", "u", "u", "u", "y", "th", "y",
};

/* The folded letters at s, or NULL for a non-letter; *used gets its bytes. */
static const char *fold_char(const unsigned char *s, size_t left, size_t *used,
			     char ascii[2])
{
	*used = 1;
	if (s[0] < 0x80) {
		if ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')) {
			ascii[0] = (char)s[0];
			return ascii;
		}
		if (s[0] >= 'A' && s[0] <= 'Z') {
			ascii[0] = (char)(s[0] + 32);
			return ascii;
		}
		return NULL;
	}
	if (left >= 2 && s[0] == 0xc3 && s[1] >= 0x80 && s[1] <= 0xbf) {
		*used = 2;
		return *latin1[s[1] - 0x80] ? latin1[s[1] - 0x80] : NULL;
	}
	if (left >= 2 && s[0] == 0xc5 && (s[1] == 0x92 || s[1] == 0x93)) {
		*used = 2;
		return "oe";
	}
	/* Any other sequence: skip its continuation bytes. */
	while (*used < left && (s[*used] & 0xc0) == 0x80)
		(*used)++;
	return NULL;
}

int vigie_text_fold(struct vigie_buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;
	bool space = false, any = false;
	int rc = 0;

	/*
	 * Each letter folds to no more bytes than it has, and a run of other
	 * characters to one space: the text fits in len bytes.  Written in
	 * place when the buffer can hold that much, a character at a time
	 * through the buffer's checks otherwise.
	 */
	if (vigie_buf_grow(out, len) == 0) {
		char *w = out->ptr + out->len;
		while (p < end) {
			char ascii[2] = { 0, 0 };
			size_t used;
			const char *f = fold_char(p, (size_t)(end - p), &used,
						  ascii);
			p += used;
			if (!f) {
				space = any;
				continue;
			}
			if (space)
				*w++ = ' ';
			while (*f)
				*w++ = *f++;
			space = false;
			any = true;
		}
		*w = '\0';
		out->len = (size_t)(w - out->ptr);
		return 0;
	}
	while (p < end && rc == 0) {
		char ascii[2] = { 0, 0 };
		size_t used;
		const char *f = fold_char(p, (size_t)(end - p), &used, ascii);

		p += used;
		if (!f) {
			space = any;
			continue;
		}
		if (space)
			rc = vigie_buf_putc(out, ' ');
		if (rc == 0)
			rc = vigie_buf_puts(out, f);
		space = false;
		any = true;
	}
	if (rc == 0 && !out->ptr)
		rc = vigie_buf_puts(out, "");
	return rc;
}

/*
 * Stop words, folded, each list sorted for bsearch.  Chosen to be frequent
 * in running prose and rare in the other languages; a word common to
 * several (de, que) counts for each of them.
 */
static const char *const words_de[] = {
	"auch", "auf", "bei", "das", "dass", "dem", "den", "der", "die", "ein",
	"eine", "einen", "es", "fur", "ist", "kann", "mit", "nicht", "oder",
	"sich", "sie", "sind", "und", "von", "werden", "wir", "wird", "zu",
};
static const char *const words_en[] = {
	"about", "an", "and", "are", "be", "by", "can", "for", "from", "have",
	"how", "if", "is", "it", "not", "of", "or", "our", "that", "the",
	"their", "these", "they", "this", "to", "use", "we", "what", "when",
	"which", "will", "with", "you", "your",
};
static const char *const words_es[] = {
	"al", "como", "con", "de", "del", "el", "es", "esta", "este", "las",
	"lo", "los", "mas", "para", "pero", "por", "puede", "que", "se", "su",
	"sus", "una", "y",
};
static const char *const words_fr[] = {
	"au", "aux", "avec", "ce", "ces", "cette", "dans", "de", "des", "du",
	"elle", "est", "et", "etre", "la", "le", "les", "leur", "ne", "nous",
	"ou", "par", "pas", "peut", "plus", "pour", "qui", "sa", "ses", "son",
	"sont", "sur", "un", "une", "vos", "votre", "vous",
};
static const char *const words_it[] = {
	"alla", "anche", "che", "come", "con", "degli", "dei", "del", "della",
	"delle", "di", "e", "gli", "nel", "non", "per", "piu", "questo",
	"sono", "una",
};
static const char *const words_nl[] = {
	"bij", "dat", "de", "deze", "een", "het", "is", "je", "kan", "met",
	"naar", "niet", "of", "ook", "op", "te", "van", "voor", "wordt",
	"zijn",
};
static const char *const words_pt[] = {
	"ao", "com", "da", "das", "de", "do", "dos", "e", "em", "mais", "na",
	"nao", "no", "os", "para", "pode", "por", "que", "sao", "um", "uma",
	"voce",
};

struct lang_words {
	const char *code;
	const char *const *words;
	size_t n;
};

static const struct lang_words langs[VIGIE_TEXT_LANGS] = {
	{ "de", words_de, VIGIE_ARRAY_SIZE(words_de) },
	{ "en", words_en, VIGIE_ARRAY_SIZE(words_en) },
	{ "es", words_es, VIGIE_ARRAY_SIZE(words_es) },
	{ "fr", words_fr, VIGIE_ARRAY_SIZE(words_fr) },
	{ "it", words_it, VIGIE_ARRAY_SIZE(words_it) },
	{ "nl", words_nl, VIGIE_ARRAY_SIZE(words_nl) },
	{ "pt", words_pt, VIGIE_ARRAY_SIZE(words_pt) },
};

/*
 * The lists above merged, each word once with the languages it belongs to:
 * a word of a README is looked up once, not once per language (a
 * README's words cost 35 comparisons each before).  Built on first use.
 */
struct stop_word {
	const char *word;
	unsigned langs; /* bit i: langs[i] */
};

static struct stop_word stops[VIGIE_ARRAY_SIZE(words_de) + VIGIE_ARRAY_SIZE(words_en) +
			      VIGIE_ARRAY_SIZE(words_es) + VIGIE_ARRAY_SIZE(words_fr) +
			      VIGIE_ARRAY_SIZE(words_it) + VIGIE_ARRAY_SIZE(words_nl) +
			      VIGIE_ARRAY_SIZE(words_pt)];
static size_t nstops, stop_max;
static pthread_once_t stops_once = PTHREAD_ONCE_INIT;

static int cmp_stop(const void *a, const void *b)
{
	return strcmp(((const struct stop_word *)a)->word,
		      ((const struct stop_word *)b)->word);
}

static void stops_build(void)
{
	size_t i, j, n = 0;

	for (i = 0; i < VIGIE_TEXT_LANGS; i++)
		for (j = 0; j < langs[i].n; j++) {
			stops[n].word = langs[i].words[j];
			stops[n++].langs = 1u << i;
			if (strlen(langs[i].words[j]) > stop_max)
				stop_max = strlen(langs[i].words[j]);
		}
	qsort(stops, n, sizeof(*stops), cmp_stop);
	for (i = 0; i < n; i++) {
		if (nstops && !strcmp(stops[nstops - 1].word, stops[i].word))
			stops[nstops - 1].langs |= stops[i].langs;
		else
			stops[nstops++] = stops[i];
	}
}

static void count_word(struct vigie_text_lang *t, long counts[], const char *w,
		       size_t wl)
{
	struct stop_word key = { w, 0 };
	const struct stop_word *s;
	size_t i;

	t->total++;
	if (wl > stop_max)
		return;
	s = bsearch(&key, stops, nstops, sizeof(*stops), cmp_stop);
	for (i = 0; s && i < VIGIE_TEXT_LANGS; i++)
		if (s->langs & (1u << i))
			counts[i]++;
}

/* Past the end of what is not prose at p, or p itself. */
static const char *skip_markup(const char *p, const char *end, bool line_start,
			       bool *fence)
{
	if (line_start && end - p >= 3 &&
	    (!strncmp(p, "```", 3) || !strncmp(p, "~~~", 3))) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		*fence = !*fence;
		return nl ? nl : end;
	}
	if (*fence) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		return nl ? nl : end;
	}
	/* Inline code and tags end on their line, and soon: bounded looks. */
	if (*p == '`' || *p == '<') {
		size_t window = (size_t)(end - p - 1) < 1024 ? (size_t)(end - p - 1) : 1024;
		const char *q = memchr(p + 1, *p == '`' ? '`' : '>', window);
		if (q && !memchr(p + 1, '\n', (size_t)(q - p - 1)))
			return q + 1;
		return p + 1;
	}
	if (end - p > 3 && !strncmp(p, "://", 3)) {
		while (p < end && *p != ' ' && *p != '\n' && *p != ')')
			p++;
		return p;
	}
	return p;
}

int vigie_text_language(struct vigie_text_lang *out, const char *text,
			size_t len)
{
	const char *p = text, *end = text + (len > LANG_READ_MAX ? LANG_READ_MAX : len);
	long counts[VIGIE_TEXT_LANGS] = { 0 };
	char word[WORD_MAX + 1];
	size_t wl = 0, i, j;
	bool fence = false, line_start = true, toolong = false;

	memset(out, 0, sizeof(*out));
	pthread_once(&stops_once, stops_build);
	while (p < end) {
		const char *q = skip_markup(p, end, line_start, &fence);
		char ascii[2] = { 0, 0 };
		const char *f = NULL;
		size_t used = 0;

		if (q == p)
			f = fold_char((const unsigned char *)p, (size_t)(end - p),
				      &used, ascii);
		if (f) {
			size_t fl = strlen(f);
			if (wl + fl <= WORD_MAX) {
				memcpy(word + wl, f, fl);
				wl += fl;
			} else {
				toolong = true;
			}
			p += used;
			line_start = false;
			continue;
		}
		if (wl && !toolong) {
			word[wl] = '\0';
			count_word(out, counts, word, wl);
		}
		wl = 0;
		toolong = false;
		if (q != p) {
			p = q;
		} else {
			line_start = *p == '\n' || (line_start && (*p == ' ' || *p == '\t'));
			p += used ? used : 1;
		}
	}
	if (wl && !toolong) {
		word[wl] = '\0';
		count_word(out, counts, word, wl);
	}
	/* Most frequent first; ties in table (alphabetical) order. */
	for (i = 0; i < VIGIE_TEXT_LANGS; i++) {
		if (!counts[i])
			continue;
		for (j = out->count; j > 0 && out->words[j - 1] < counts[i]; j--) {
			out->words[j] = out->words[j - 1];
			out->codes[j] = out->codes[j - 1];
		}
		out->words[j] = counts[i];
		out->codes[j] = langs[i].code;
		out->count++;
	}
	return 0;
}

/* ---- placeholders -------------------------------------------------------- */

static bool ends_label(const char *h, size_t n, const char *tail)
{
	size_t m = strlen(tail);

	if (n < m || strncasecmp(h + n - m, tail, m))
		return false;
	return n == m || h[n - m - 1] == '.';
}

bool vigie_text_placeholder_host(const char *host, size_t n)
{
	static const char *const domains[] = {
		"example.com", "example.org", "example.net", "example",
		"test", "invalid", "localhost", "domain.com", "domain.org",
		"email.com",
	};
	size_t i;

	while (n && host[n - 1] == '.')
		n--;
	for (i = 0; i < VIGIE_ARRAY_SIZE(domains); i++)
		if (ends_label(host, n, domains[i]))
			return true;
	/* yourdomain.com, your-domain.org, your-company.fr */
	return n >= 4 && !strncasecmp(host, "your", 4);
}

bool vigie_text_placeholder_email(const char *addr, size_t n)
{
	static const char *const locals[] = {
		"email", "e-mail", "mail", "name", "user", "username",
		"someone", "john.doe", "jane.doe", "foo",
	};
	const char *at = memchr(addr, '@', n);
	size_t ln, i;

	if (!at)
		return false;
	ln = (size_t)(at - addr);
	if (vigie_text_placeholder_host(at + 1, n - ln - 1))
		return true;
	if (ln >= 4 && !strncasecmp(addr, "your", 4))
		return true; /* your-email@, your.name@, yourname@ */
	for (i = 0; i < VIGIE_ARRAY_SIZE(locals); i++)
		if (strlen(locals[i]) == ln && !strncasecmp(addr, locals[i], ln))
			return true;
	return false;
}

static bool has_ci(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle), i;

	for (i = 0; i + m <= n; i++)
		if (!strncasecmp(s + i, needle, m))
			return true;
	return false;
}

/* A whole word of s in capitals: "TODO" yes, "todolist" no. */
static bool has_word(const char *s, size_t n, const char *word)
{
	size_t m = strlen(word), i;

	for (i = 0; i + m <= n; i++)
		if (!strncmp(s + i, word, m) &&
		    (i == 0 || !isalnum((unsigned char)s[i - 1])) &&
		    (i + m == n || !isalnum((unsigned char)s[i + m])))
			return true;
	return false;
}

bool vigie_text_placeholder(const char *s, size_t n)
{
	static const char *const marks[] = {
		"[insert", "<contact", "<email", "<e-mail", "<your", "[your",
		"{your", "your-email@", "your_email@", "youremail@",
		"your.email@", "<maintainer", "[maintainer", "[contact",
		"[email",
	};
	static const char *const words[] = { "TODO", "TBD", "FIXME", "XXX" };
	const char *at, *p;
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(marks); i++)
		if (has_ci(s, n, marks[i]))
			return true;
	for (i = 0; i < VIGIE_ARRAY_SIZE(words); i++)
		if (has_word(s, n, words[i]))
			return true;
	/* An address or a URL on a placeholder host. */
	at = memchr(s, '@', n);
	if (at) {
		const char *b = at, *e = at + 1;
		while (b > s && !isspace((unsigned char)b[-1]) && !strchr("<(\"'", b[-1]))
			b--;
		while (e < s + n && !isspace((unsigned char)*e) && !strchr(">)\"'", *e))
			e++;
		if (vigie_text_placeholder_email(b, (size_t)(e - b)))
			return true;
	}
	for (p = s; (p = memchr(p, ':', (size_t)(s + n - p))) != NULL; p++) {
		const char *h, *he;
		if (s + n - p < 3 || p[1] != '/' || p[2] != '/')
			continue;
		h = p + 3;
		for (he = h; he < s + n && !strchr("/:?#> \"')", *he); he++)
			;
		if (vigie_text_placeholder_host(h, (size_t)(he - h)))
			return true;
	}
	return false;
}

void vigie_text_one_line(char *s)
{
	char *d = s;
	const char *p;

	if (!s)
		return;
	for (p = s; *p; p++) {
		bool blank = *p == '\n' || *p == '\r' || *p == '\t' || *p == ' ';
		if (!blank)
			*d++ = *p;
		else if (d > s && d[-1] != ' ')
			*d++ = ' ';
	}
	while (d > s && d[-1] == ' ')
		d--;
	*d = '\0';
}

bool vigie_ascii_prefix_eq(const char *head, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char a = (unsigned char)head[i], b = (unsigned char)s[i];
		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a + 32);
		if (b >= 'A' && b <= 'Z')
			b = (unsigned char)(b + 32);
		if (a != b)
			return false;
		if (!a)
			return true;
	}
	return true;
}
