/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie's own messages in other languages: PO catalogues built in. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/i18n.h"
#include "embedded.h"
#include "banned.h"

/*
 * Catalogues are gettext PO files (rules/i18n/LANG.po, so translators use
 * their usual tools), embedded at build time and parsed once.  glibc's
 * gettext is not used: it needs the locale installed, which containers and
 * CI images often lack, and then silently shows English.
 */
struct catalogue {
	struct vigie_i18n_entry *v;
	size_t n;
	/* The entries with a conversion, most specific first (index_templates). */
	const struct vigie_i18n_entry **tmpl;
	size_t ntmpl;
};

static struct catalogue catalogues[VIGIE_LANG_COUNT];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static const char *embedded(const char *name, size_t *len)
{
	size_t i;

	for (i = 0; i < vigie_embedded_count; i++)
		if (!strcmp(vigie_embedded_files[i].name, name)) {
			*len = vigie_embedded_files[i].len;
			return vigie_embedded_files[i].data;
		}
	return NULL;
}

/* Append the C-escaped string between quotes at p to out; p past it. */
static const char *unquote(struct vigie_buf *out, const char *p,
			   const char *end)
{
	static const char esc_in[] = "ntr\"\\";
	static const char esc_out[] = "\n\t\r\"\\";

	p++; /* the opening quote */
	while (p < end && *p != '"' && *p != '\n') {
		if (*p == '\\' && p + 1 < end) {
			const char *k = strchr(esc_in, p[1]);
			vigie_buf_putc(out, k ? esc_out[k - esc_in] : p[1]);
			p += 2;
			continue;
		}
		vigie_buf_putc(out, *p++);
	}
	return p < end && *p == '"' ? p + 1 : p;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct vigie_i18n_entry *)a)->msgid,
		      ((const struct vigie_i18n_entry *)b)->msgid);
}

static size_t conversion(const char *s);

/* Same printf conversions, in the same order: else printf would misread. */
static bool same_conversions(const char *a, const char *b)
{
	for (;;) {
		size_t ka, kb;
		while (*a && !conversion(a))
			a += a[0] == '%' && a[1] == '%' ? 2 : 1;
		while (*b && !conversion(b))
			b += b[0] == '%' && b[1] == '%' ? 2 : 1;
		if (!*a || !*b)
			return !*a && !*b;
		ka = conversion(a);
		kb = conversion(b);
		if (ka != kb || strncmp(a, b, ka))
			return false;
		a += ka;
		b += kb;
	}
}

static void add(struct catalogue *c, size_t *cap, struct vigie_buf *ctx,
		struct vigie_buf *id, struct vigie_buf *str, bool fuzzy)
{
	if (!id->len || !str->len || fuzzy || !same_conversions(id->ptr, str->ptr))
		return; /* the header, an untranslated, doubtful or unsafe entry */
	if (ctx->len) {
		/* gettext's key for a message with a context: CTX \004 ID */
		vigie_buf_putc(ctx, '\004');
		vigie_buf_add(ctx, id->ptr, id->len);
		vigie_buf_clear(id);
		vigie_buf_add(id, ctx->ptr, ctx->len);
	}
	if (c->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 128;
		void *p = realloc(c->v, ncap * sizeof(*c->v));
		if (!p)
			return;
		c->v = p;
		*cap = ncap;
	}
	c->v[c->n].msgid = vigie_buf_detach(id, NULL);
	c->v[c->n].msgstr = vigie_buf_detach(str, NULL);
	if (c->v[c->n].msgid && c->v[c->n].msgstr)
		c->n++;
}

/* A small PO reader: msgid, msgstr, continued strings, "#, fuzzy". */
static void parse(struct catalogue *c, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	struct vigie_buf id = VIGIE_BUF_INIT, str = VIGIE_BUF_INIT;
	struct vigie_buf ctx = VIGIE_BUF_INIT, next_ctx = VIGIE_BUF_INIT;
	struct vigie_buf *cur = NULL;
	bool fuzzy = false, next_fuzzy = false;
	size_t cap = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;

		if (!strncmp(p, "msgctxt ", 8)) {
			vigie_buf_clear(&next_ctx);
			cur = &next_ctx;
			unquote(cur, p + 8, le);
		} else if (!strncmp(p, "msgid ", 6)) {
			add(c, &cap, &ctx, &id, &str, fuzzy);
			vigie_buf_clear(&ctx);
			vigie_buf_clear(&id);
			vigie_buf_clear(&str);
			if (next_ctx.len)
				vigie_buf_add(&ctx, next_ctx.ptr, next_ctx.len);
			vigie_buf_clear(&next_ctx);
			fuzzy = next_fuzzy;
			next_fuzzy = false;
			cur = &id;
			unquote(cur, p + 6, le);
		} else if (!strncmp(p, "msgstr ", 7)) {
			cur = &str;
			unquote(cur, p + 7, le);
		} else if (*p == '"' && cur) {
			unquote(cur, p, le);
		} else if (!strncmp(p, "#,", 2)) {
			const char *f = p;
			while (f < le && strncmp(f, "fuzzy", 5))
				f++;
			next_fuzzy = f < le;
		} else if (*p != '#' && p != le) {
			cur = NULL; /* msgctxt, plurals: not used by vigie */
		}
		p = nl ? nl + 1 : end;
	}
	add(c, &cap, &ctx, &id, &str, fuzzy);
	vigie_buf_release(&id);
	vigie_buf_release(&str);
	vigie_buf_release(&ctx);
	vigie_buf_release(&next_ctx);
	if (c->n)
		qsort(c->v, c->n, sizeof(*c->v), cmp_entry);
}

/* Messages are written in English: it has no catalogue. */
static const char *const po_names[VIGIE_LANG_COUNT] = {
	[VIGIE_LANG_EN] = NULL,
	[VIGIE_LANG_FR] = "i18n/fr.po",
};

/* The characters of s that are not in a conversion ("%%" is one). */
static size_t literal_length(const char *s)
{
	size_t n = 0, k;

	while (*s) {
		k = conversion(s);
		if (k) {
			s += k;
			continue;
		}
		s += s[0] == '%' && s[1] == '%' ? 2 : 1;
		n++;
	}
	return n;
}

static int cmp_specific(const void *a, const void *b)
{
	const struct vigie_i18n_entry *x = *(const struct vigie_i18n_entry *const *)a;
	const struct vigie_i18n_entry *y = *(const struct vigie_i18n_entry *const *)b;
	size_t lx = literal_length(x->msgid), ly = literal_length(y->msgid);

	if (lx != ly)
		return lx < ly ? 1 : -1;
	return strcmp(x->msgid, y->msgid);
}

/*
 * The templates vigie_i18n_append tries, most literal text first: when
 * two match a text ("cannot read '%s': %s" and "cannot read '%s': larger
 * than %s bytes"), the one that says more of it is the one it came from.
 * A message with a context is looked up whole, never used as a template.
 */
static void index_templates(struct catalogue *c)
{
	size_t i;

	c->tmpl = calloc(c->n ? c->n : 1, sizeof(*c->tmpl));
	if (!c->tmpl)
		return;
	for (i = 0; i < c->n; i++)
		if (strchr(c->v[i].msgid, '%') && !strchr(c->v[i].msgid, '\004'))
			c->tmpl[c->ntmpl++] = &c->v[i];
	if (c->ntmpl)
		qsort(c->tmpl, c->ntmpl, sizeof(*c->tmpl), cmp_specific);
}

static void load(void)
{
	int l;

	for (l = 0; l < VIGIE_LANG_COUNT; l++) {
		const char *data;
		size_t len;

		if (po_names[l] && (data = embedded(po_names[l], &len)) != NULL) {
			parse(&catalogues[l], data, len);
			index_templates(&catalogues[l]);
		}
	}
}

const struct vigie_i18n_entry *vigie_i18n_entries(enum vigie_lang lang,
						  size_t *count)
{
	pthread_once(&once, load);
	if (lang >= VIGIE_LANG_COUNT) {
		*count = 0;
		return NULL;
	}
	*count = catalogues[lang].n;
	return catalogues[lang].v;
}

const char *vigie_i18n_text(enum vigie_lang lang, const char *msgid)
{
	struct vigie_i18n_entry key = { msgid, NULL };
	const struct vigie_i18n_entry *v, *hit;
	size_t n;

	if (!msgid)
		return msgid;
	v = lang == VIGIE_LANG_EN ? NULL : vigie_i18n_entries(lang, &n);
	hit = v && n ? bsearch(&key, v, n, sizeof(*v), cmp_entry) : NULL;
	if (hit)
		return hit->msgstr;
	return strchr(msgid, '\004') ? strchr(msgid, '\004') + 1 : msgid;
}

/* Length of the printf conversion at s ('%' included), 0 if none. */
static size_t conversion(const char *s)
{
	size_t n = 1;

	if (s[0] != '%' || s[1] == '%')
		return 0;
	while (s[n] && strchr("0123456789.-+ #lzhjt", s[n]))
		n++;
	return s[n] && strchr("sdiufgexXc", s[n]) ? n + 1 : 0;
}

#define MAX_ARGS 3

struct capture {
	const char *s;
	size_t n;
};

/*
 * Does text match the template t (literal parts equal, each conversion
 * standing for a non-empty run)?  Captures the runs, in order.
 */
static bool match(const char *t, const char *text, struct capture *caps,
		  size_t *ncaps)
{
	size_t k;

	if (!*t)
		return !*text;
	k = conversion(t);
	if (!k) {
		if (*t == '%' && t[1] == '%')
			return *text == '%' && match(t + 2, text + 1, caps, ncaps);
		return *t == *text && match(t + 1, text + 1, caps, ncaps);
	}
	if (*ncaps == MAX_ARGS)
		return false;
	/* Shortest run first, so a literal after it anchors the match. */
	for (size_t len = 1; text[len - 1]; len++) {
		size_t saved = *ncaps;
		caps[*ncaps].s = text;
		caps[*ncaps].n = len;
		(*ncaps)++;
		if (match(t + k, text + len, caps, ncaps))
			return true;
		*ncaps = saved;
	}
	return false;
}

int vigie_i18n_append(struct vigie_buf *out, enum vigie_lang lang,
		      const char *text)
{
	const struct catalogue *c;
	struct capture caps[MAX_ARGS];
	const char *exact;
	size_t i;

	if (!text)
		return 0;
	exact = vigie_i18n_text(lang, text);
	if (exact != text || lang >= VIGIE_LANG_COUNT || lang == VIGIE_LANG_EN)
		return vigie_buf_puts(out, exact);
	pthread_once(&once, load);
	c = &catalogues[lang];
	for (i = 0; i < c->ntmpl; i++) {
		const struct vigie_i18n_entry *e = c->tmpl[i];
		size_t ncaps = 0, arg = 0;
		const char *s;
		int rc = 0;

		if (!match(e->msgid, text, caps, &ncaps))
			continue;
		/* The translation's conversions take the captured values. */
		for (s = e->msgstr; *s && rc == 0;) {
			size_t k = conversion(s);
			if (k && arg < ncaps) {
				rc = vigie_buf_add(out, caps[arg].s, caps[arg].n);
				arg++;
				s += k;
			} else if (*s == '%' && s[1] == '%') {
				rc = vigie_buf_putc(out, '%');
				s += 2;
			} else {
				rc = vigie_buf_putc(out, *s++);
			}
		}
		return rc;
	}
	return vigie_buf_puts(out, text);
}
