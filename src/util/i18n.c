/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie's own messages in other languages: PO catalogues built in. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/i18n.h"
#include "embedded.h"
#include "grow.h"
#include "banned.h"

/*
 * Catalogues are gettext PO files (rules/i18n/LANG.po, so translators use
 * their usual tools), embedded at build time and parsed once.  glibc's
 * gettext is not used: it needs the locale installed, which containers and
 * CI images often lack, and then silently shows English.
 */
struct vigie_i18n_catalogue {
	struct vigie_i18n_entry *v;
	size_t n;
	/* The header's Plural-Forms: how many forms, which one for n. */
	unsigned nplurals;
	char *plural;
};

#define catalogue vigie_i18n_catalogue
#define FORMS_MAX 6

static struct catalogue catalogues[VIGIE_LANG_COUNT];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static const char *embedded(const char *name, size_t *len)
{
	const struct vigie_embedded_file *f = vigie_embedded_find(name);

	*len = f ? f->len : 0;
	return f ? f->data : NULL;
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

#define CONV_MAX 16

/*
 * The conversions of s, each without any "N$", by the position of the
 * argument it takes: n set, false when s mixes positional and plain ones,
 * names a position twice or past CONV_MAX.
 */
static bool conversions_of(const char *s, const char *conv[CONV_MAX],
			   size_t len[CONV_MAX], size_t *n)
{
	size_t next = 0, k, i;
	int positional = -1;

	*n = 0;
	for (i = 0; i < CONV_MAX; i++)
		conv[i] = NULL;
	while (*s) {
		size_t pos, skip = 0;
		k = conversion(s);
		if (!k) {
			s += s[0] == '%' && s[1] == '%' ? 2 : 1;
			continue;
		}
		for (i = 1; s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i > 1 && s[i] == '$') {
			pos = (size_t)strtoul(s + 1, NULL, 10);
			if (positional == 0 || pos < 1 || pos > CONV_MAX)
				return false;
			positional = 1;
			pos--;
			skip = i;
		} else {
			if (positional == 1 || next == CONV_MAX)
				return false;
			positional = 0;
			pos = next++;
		}
		if (conv[pos])
			return false;
		conv[pos] = s + 1 + skip;
		len[pos] = k - 1 - skip;
		if (pos + 1 > *n)
			*n = pos + 1;
		s += k;
	}
	return true;
}

/*
 * Does the translation b take the arguments of the message a, of the same
 * types, each once (in any order when b says "%2$s")?  Else printf, or a
 * message kept as data, would misread them.
 */
static bool same_conversions(const char *a, const char *b)
{
	const char *ca[CONV_MAX], *cb[CONV_MAX];
	size_t la[CONV_MAX], lb[CONV_MAX], na, nb, i;

	if (!conversions_of(a, ca, la, &na) || !conversions_of(b, cb, lb, &nb) ||
	    na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (!ca[i] || !cb[i] || la[i] != lb[i] ||
		    strncmp(ca[i], cb[i], la[i]))
			return false;
	return true;
}

/* "Plural-Forms: nplurals=N; plural=EXPR;" of the header (msgstr of ""). */
static void plural_forms(struct catalogue *c, const char *header)
{
	const char *p = strstr(header, "Plural-Forms:"), *e, *q;
	unsigned long n;
	char *end;

	if (!p || !(q = strstr(p, "nplurals=")))
		return;
	n = strtoul(q + 9, &end, 10);
	if (end == q + 9 || n < 1 || n > FORMS_MAX || !(q = strstr(p, "plural=")))
		return;
	q += 7;
	for (e = q; *e && *e != ';' && *e != '\n'; e++)
		;
	free(c->plural);
	c->plural = strndup(q, (size_t)(e - q));
	c->nplurals = c->plural ? (unsigned)n : 0;
}

/* The forms of a plural entry, all translated with the same conversions as
 * msgid_plural, into e; false when one lacks. */
static bool plural_entry(struct vigie_i18n_entry *e, struct vigie_buf *plural,
			 struct vigie_buf *forms, size_t nforms)
{
	char **v;
	size_t i;

	for (i = 0; i < nforms; i++)
		if (!forms[i].len || !same_conversions(plural->ptr, forms[i].ptr))
			return false;
	if (!nforms || !(v = calloc(nforms, sizeof(*v))))
		return false;
	for (i = 0; i < nforms; i++)
		v[i] = vigie_buf_detach(&forms[i], NULL);
	e->msgid_plural = vigie_buf_detach(plural, NULL);
	e->forms = (const char *const *)v;
	e->nforms = nforms;
	for (i = 0; i < nforms; i++)
		if (!v[i])
			return false;
	return e->msgid_plural != NULL;
}

static void add(struct catalogue *c, size_t *cap, struct vigie_buf *ctx,
		struct vigie_buf *id, struct vigie_buf *str, bool fuzzy,
		struct vigie_buf *plural, struct vigie_buf *forms,
		size_t nforms)
{
	struct vigie_i18n_entry e = { 0 };

	if (!id->len && str->len) {
		plural_forms(c, str->ptr);
		return;
	}
	if (plural->len && !fuzzy && id->len &&
	    same_conversions(id->ptr, plural->ptr)) {
		if (!plural_entry(&e, plural, forms, nforms)) {
			for (size_t i = 0; i < e.nforms; i++)
				free((char *)e.forms[i]);
			free((void *)e.forms);
			free((char *)e.msgid_plural);
			return;
		}
	} else if (!id->len || !str->len || fuzzy ||
		   !same_conversions(id->ptr, str->ptr)) {
		return; /* the header, an untranslated, doubtful or unsafe entry */
	}
	if (ctx->len) {
		/* gettext's key for a message with a context: CTX \004 ID */
		vigie_buf_putc(ctx, '\004');
		vigie_buf_add(ctx, id->ptr, id->len);
		vigie_buf_clear(id);
		vigie_buf_add(id, ctx->ptr, ctx->len);
	}
	/* out of memory: the message stays English */
	if (vigie_grow(&c->v, cap, c->n + 1, 128) < 0)
		return;
	e.msgid = vigie_buf_detach(id, NULL);
	e.msgstr = e.nforms ? strdup(e.forms[0]) : vigie_buf_detach(str, NULL);
	c->v[c->n] = e;
	if (e.msgid && e.msgstr)
		c->n++;
}

/* A small PO reader: msgid, msgstr, continued strings, "#, fuzzy". */
static void parse(struct catalogue *c, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	struct vigie_buf id = VIGIE_BUF_INIT, str = VIGIE_BUF_INIT;
	struct vigie_buf ctx = VIGIE_BUF_INIT, next_ctx = VIGIE_BUF_INIT;
	struct vigie_buf plural = VIGIE_BUF_INIT, forms[FORMS_MAX];
	struct vigie_buf *cur = NULL;
	bool fuzzy = false, next_fuzzy = false;
	size_t cap = 0, nforms = 0, k;

	for (k = 0; k < FORMS_MAX; k++)
		vigie_buf_init(&forms[k], 0);

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;

		if (!strncmp(p, "msgctxt ", 8)) {
			vigie_buf_clear(&next_ctx);
			cur = &next_ctx;
			unquote(cur, p + 8, le);
		} else if (!strncmp(p, "msgid ", 6)) {
			add(c, &cap, &ctx, &id, &str, fuzzy, &plural, forms,
			    nforms);
			vigie_buf_clear(&ctx);
			vigie_buf_clear(&id);
			vigie_buf_clear(&str);
			vigie_buf_clear(&plural);
			for (k = 0; k < FORMS_MAX; k++)
				vigie_buf_clear(&forms[k]);
			nforms = 0;
			if (next_ctx.len)
				vigie_buf_add(&ctx, next_ctx.ptr, next_ctx.len);
			vigie_buf_clear(&next_ctx);
			fuzzy = next_fuzzy;
			next_fuzzy = false;
			cur = &id;
			unquote(cur, p + 6, le);
		} else if (!strncmp(p, "msgid_plural ", 13)) {
			cur = &plural;
			unquote(cur, p + 13, le);
		} else if (!strncmp(p, "msgstr[", 7) && p[7] >= '0' &&
			   p[7] < '0' + FORMS_MAX && p[8] == ']' && p[9] == ' ' &&
			   (size_t)(p[7] - '0') == nforms) {
			cur = &forms[nforms++];
			unquote(cur, p + 10, le);
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
			cur = NULL; /* a line vigie does not read */
		}
		p = nl ? nl + 1 : end;
	}
	add(c, &cap, &ctx, &id, &str, fuzzy, &plural, forms, nforms);
	vigie_buf_release(&plural);
	for (k = 0; k < FORMS_MAX; k++)
		vigie_buf_release(&forms[k]);
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

static void load(void)
{
	int l;

	for (l = 0; l < VIGIE_LANG_COUNT; l++) {
		const char *data;
		size_t len;

		if (po_names[l] && (data = embedded(po_names[l], &len)) != NULL) {
			parse(&catalogues[l], data, len);
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

/* Length of the printf conversion at s ('%' included, and any "N$"), 0
 * if none. */
static size_t conversion(const char *s)
{
	size_t n = 1;

	if (s[0] != '%' || s[1] == '%')
		return 0;
	while (s[n] && strchr("0123456789$.-+ #'*lzhjtL", s[n]))
		n++;
	return s[n] && strchr("sdiouxXfFeEgGaAc", s[n]) ? n + 1 : 0;
}

/* ---- plurals ------------------------------------------------------------ */

/*
 * gettext's plural expressions: n, numbers, ( ), ! % * / + - < > <= >=
 * == != && || and ?:, as C reads them.  A malformed one reads as 0 (the
 * first form): a catalogue cannot make vigie fail.
 */
struct expr {
	const char *p;
	unsigned long n;
	int depth;
	bool bad;
};

static unsigned long e_cond(struct expr *x);

static void e_space(struct expr *x)
{
	while (*x->p == ' ' || *x->p == '\t')
		x->p++;
}

static bool e_take(struct expr *x, const char *op)
{
	size_t k = strlen(op);

	e_space(x);
	if (strncmp(x->p, op, k))
		return false;
	/* "<" is not the start of "<=", "!" not of "!=" */
	if (k == 1 && strchr("<>!=", *op) && x->p[1] == '=')
		return false;
	x->p += k;
	return true;
}

static unsigned long e_primary(struct expr *x)
{
	unsigned long v = 0;

	e_space(x);
	if (++x->depth > 64) {
		x->bad = true;
		return 0;
	}
	if (e_take(x, "!")) {
		v = !e_primary(x);
	} else if (e_take(x, "(")) {
		v = e_cond(x);
		if (!e_take(x, ")"))
			x->bad = true;
	} else if (*x->p == 'n') {
		x->p++;
		v = x->n;
	} else if (*x->p >= '0' && *x->p <= '9') {
		while (*x->p >= '0' && *x->p <= '9')
			v = v * 10 + (unsigned long)(*x->p++ - '0');
	} else {
		x->bad = true;
	}
	x->depth--;
	return v;
}

static unsigned long e_mul(struct expr *x)
{
	unsigned long v = e_primary(x), r;

	for (;;) {
		if (e_take(x, "*"))
			v *= e_primary(x);
		else if (e_take(x, "/") || e_take(x, "%")) {
			bool mod = x->p[-1] == '%';
			r = e_primary(x);
			v = r ? (mod ? v % r : v / r) : (x->bad = true, 0);
		} else
			return v;
	}
}

static unsigned long e_add(struct expr *x)
{
	unsigned long v = e_mul(x);

	for (;;) {
		if (e_take(x, "+"))
			v += e_mul(x);
		else if (e_take(x, "-"))
			v -= e_mul(x);
		else
			return v;
	}
}

static unsigned long e_rel(struct expr *x)
{
	unsigned long v = e_add(x);

	for (;;) {
		if (e_take(x, "<="))
			v = v <= e_add(x);
		else if (e_take(x, ">="))
			v = v >= e_add(x);
		else if (e_take(x, "<"))
			v = v < e_add(x);
		else if (e_take(x, ">"))
			v = v > e_add(x);
		else
			return v;
	}
}

static unsigned long e_eq(struct expr *x)
{
	unsigned long v = e_rel(x);

	for (;;) {
		if (e_take(x, "=="))
			v = v == e_rel(x);
		else if (e_take(x, "!="))
			v = v != e_rel(x);
		else
			return v;
	}
}

static unsigned long e_and(struct expr *x)
{
	unsigned long v = e_eq(x);

	while (e_take(x, "&&")) {
		unsigned long r = e_eq(x);
		v = v && r;
	}
	return v;
}

static unsigned long e_or(struct expr *x)
{
	unsigned long v = e_and(x);

	while (e_take(x, "||")) {
		unsigned long r = e_and(x);
		v = v || r;
	}
	return v;
}

static unsigned long e_cond(struct expr *x)
{
	unsigned long c = e_or(x), a, b;

	if (!e_take(x, "?"))
		return c;
	a = e_cond(x);
	if (!e_take(x, ":"))
		x->bad = true;
	b = e_cond(x);
	return c ? a : b;
}

int vigie_i18n_plural_index(const char *rule, unsigned long n,
			    unsigned nplurals)
{
	struct expr x = { rule, n, 0, false };
	unsigned long v;

	if (!rule || !nplurals)
		return -1;
	v = e_cond(&x);
	e_space(&x);
	if (x.bad || *x.p)
		return -1;
	return v < nplurals ? (int)v : -1;
}

/* c's entry for msgid, or NULL. */
static const struct vigie_i18n_entry *find(const struct catalogue *c,
					   const char *msgid)
{
	struct vigie_i18n_entry key = { msgid, NULL, NULL, NULL, 0 };

	if (!c || !c->n || !msgid)
		return NULL;
	return bsearch(&key, c->v, c->n, sizeof(*c->v), cmp_entry);
}

/* The form of entry e for n under c's rule, or NULL. */
static const char *form(const struct catalogue *c,
			const struct vigie_i18n_entry *e, unsigned long n)
{
	int k = vigie_i18n_plural_index(c->plural, n, c->nplurals);

	return k >= 0 && (size_t)k < e->nforms ? e->forms[k] : NULL;
}

static const char *ntext(const struct catalogue *c, const char *msgid,
			 const char *msgid_plural, unsigned long n)
{
	const struct vigie_i18n_entry *hit = find(c, msgid);
	const char *f;

	if (hit && hit->nforms && hit->msgid_plural &&
	    !strcmp(hit->msgid_plural, msgid_plural) &&
	    (f = form(c, hit, n)) != NULL)
		return f;
	/* English, or no translation: English's rule */
	if (n == 1)
		return strchr(msgid, '\004') ? strchr(msgid, '\004') + 1 : msgid;
	return msgid_plural;
}

const char *vigie_i18n_ntext(enum vigie_lang lang, const char *msgid,
			     const char *msgid_plural, unsigned long n)
{
	if (lang != VIGIE_LANG_EN && lang < VIGIE_LANG_COUNT) {
		pthread_once(&once, load);
		return ntext(&catalogues[lang], msgid, msgid_plural, n);
	}
	return ntext(NULL, msgid, msgid_plural, n);
}

struct vigie_i18n_catalogue *vigie_i18n_catalogue_parse(const char *po,
						       size_t len)
{
	struct catalogue *c = calloc(1, sizeof(*c));

	if (c)
		parse(c, po, len);
	return c;
}

const char *vigie_i18n_catalogue_text(const struct vigie_i18n_catalogue *c,
				      const char *msgid)
{
	const struct vigie_i18n_entry *hit = find(c, msgid);

	if (hit)
		return hit->msgstr;
	return strchr(msgid, '\004') ? strchr(msgid, '\004') + 1 : msgid;
}

const char *vigie_i18n_catalogue_ntext(const struct vigie_i18n_catalogue *c,
				       const char *msgid,
				       const char *msgid_plural,
				       unsigned long n)
{
	return ntext(c, msgid, msgid_plural, n);
}

void vigie_i18n_catalogue_free(struct vigie_i18n_catalogue *c)
{
	size_t i, k;

	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		free((char *)c->v[i].msgid);
		free((char *)c->v[i].msgstr);
		free((char *)c->v[i].msgid_plural);
		for (k = 0; k < c->v[i].nforms; k++)
			free((char *)c->v[i].forms[k]);
		free((void *)c->v[i].forms);
	}
	free(c->v);
	free(c->plural);
	free(c);
}
