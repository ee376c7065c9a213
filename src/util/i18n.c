/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie's own messages in other languages: PO catalogues built in. */
#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
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

/*
 * The languages vigie speaks: English (the messages' own, index 0, no
 * catalogue), then one per catalogue: the built-in ones (every
 * rules/i18n/CODE.po, French first so VIGIE_LANG_FR stays 1, the others in
 * name order), then those added at run time.  An entry below nlangs never
 * changes: readers take nlangs (acquire) and need no lock; writers hold
 * add_lock and publish an entry by raising nlangs (release).
 */
#define LANGS_MAX 64
#define CODE_MAX 16

/*
 * A built-in catalogue is read when its language is first spoken (most
 * processes speak English only, and reading the French one is 2 ms): po
 * until then, c once read (published as nlangs is).
 */
struct lang {
	char code[CODE_MAX];
	_Atomic(struct catalogue *) c;
	const char *po; /* a built-in catalogue's text, or NULL */
	size_t len;
};

static struct lang langs[LANGS_MAX] = { { "en", NULL, NULL, 0 } };
static atomic_size_t nlangs = 1;
static pthread_mutex_t add_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t read_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;

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

static void load(void);

size_t vigie_lang_count(void)
{
	pthread_once(&once, load);
	return atomic_load_explicit(&nlangs, memory_order_acquire);
}

const char *vigie_lang_name(enum vigie_lang l)
{
	return (size_t)l < vigie_lang_count() ? langs[l].code : "?";
}

/* The index of code among the first n languages, or -1. */
static int find_code(const char *code, size_t n)
{
	size_t i;

	for (i = 0; code && i < n; i++)
		if (!strcmp(langs[i].code, code))
			return (int)i;
	return -1;
}

int vigie_lang_parse(const char *name)
{
	return find_code(name, vigie_lang_count());
}

/* lang's catalogue, or NULL (English, no such language, or out of
 * memory to read it: the calling thread is marked). */
static const struct catalogue *catalogue_of(enum vigie_lang lang)
{
	struct lang *l;
	struct catalogue *c;

	if ((size_t)lang >= vigie_lang_count())
		return NULL;
	l = &langs[lang];
	c = atomic_load_explicit(&l->c, memory_order_acquire);
	if (c || !l->po)
		return c;
	pthread_mutex_lock(&read_lock);
	c = atomic_load_explicit(&l->c, memory_order_relaxed);
	if (!c) {
		c = vigie_i18n_catalogue_parse(l->po, l->len);
		if (c)
			atomic_store_explicit(&l->c, c, memory_order_release);
		else
			vigie_nomem_mark(); /* not "no translation" */
	}
	pthread_mutex_unlock(&read_lock);
	return c;
}

/* A language code as a file name gives it: "de", "pt_BR", "sr-Latn". */
static bool valid_code(const char *code)
{
	size_t i, n = code ? strlen(code) : 0;

	if (n < 2 || n >= CODE_MAX || code[0] < 'a' || code[0] > 'z')
		return false;
	for (i = 0; i < n; i++)
		if (!(code[i] >= 'a' && code[i] <= 'z') &&
		    !(code[i] >= 'A' && code[i] <= 'Z') &&
		    !(code[i] >= '0' && code[i] <= '9') && !strchr("_-", code[i]))
			return false;
	return true;
}

/* Does c's Plural-Forms rule give every count a form? */
static bool plural_ok(const struct catalogue *c)
{
	unsigned long n;

	for (n = 0; n < 200; n++) /* n%100 rules repeat past it */
		if (vigie_i18n_plural_index(c->plural, n, c->nplurals) < 0)
			return false;
	return true;
}

/*
 * Register the catalogue po of code: its index, or an error.  A built-in
 * one (builtin) is read when first spoken; one added at run time is read
 * now, and refused without a usable Plural-Forms rule (test_i18n checks
 * that every built-in one has one).
 */
static int add_catalogue(const char *code, const char *po, size_t len,
			 bool builtin, struct vigie_error *err)
{
	struct catalogue *c = NULL;
	size_t n;
	int rc;

	if (!valid_code(code))
		return vigie_error_set(err, VIGIE_EINVALID, code ? code : "",
				       N_("a language code is 2 to 15 letters, "
					  "digits, '_' or '-', starting with "
					  "a lowercase letter"));
	pthread_mutex_lock(&add_lock);
	n = atomic_load_explicit(&nlangs, memory_order_relaxed);
	if (find_code(code, n) >= 0) {
		rc = vigie_error_set(err, VIGIE_EINVALID, code,
				     N_("the language already has a catalogue"));
		goto out;
	}
	if (n == LANGS_MAX) {
		rc = vigie_error_set(err, VIGIE_ELIMIT, code,
				     N_("more than %d languages"), LANGS_MAX);
		goto out;
	}
	if (builtin) {
		langs[n].po = po;
		langs[n].len = len;
	} else {
		c = vigie_i18n_catalogue_parse(po, len);
		if (!c) {
			rc = vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
			goto out;
		}
		if (!plural_ok(c)) {
			rc = vigie_error_set(err, VIGIE_EINVALID, code,
					     N_("the catalogue's header lacks a valid "
						"Plural-Forms rule"));
			goto out;
		}
	}
	snprintf(langs[n].code, sizeof(langs[n].code), "%s", code);
	atomic_store_explicit(&langs[n].c, c, memory_order_relaxed);
	c = NULL;
	atomic_store_explicit(&nlangs, n + 1, memory_order_release);
	rc = (int)n;
out:
	pthread_mutex_unlock(&add_lock);
	vigie_i18n_catalogue_free(c);
	return rc;
}

int vigie_i18n_add_catalogue(const char *code, const char *po, size_t len,
			     struct vigie_error *err)
{
	pthread_once(&once, load);
	return add_catalogue(code, po, len, false, err);
}

/* The code of an embedded catalogue "i18n/CODE.po" into code, or false. */
static bool embedded_code(const char *name, char code[CODE_MAX])
{
	size_t n = strlen(name);

	if (strncmp(name, "i18n/", 5) || n < 5 + 3 || strchr(name + 5, '/') ||
	    strcmp(name + n - 3, ".po") || n - 8 >= CODE_MAX)
		return false;
	memcpy(code, name + 5, n - 8);
	code[n - 8] = '\0';
	return true;
}

/* The built-in catalogues, French first, read when first spoken. */
static void load(void)
{
	char code[CODE_MAX];
	size_t i;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < vigie_embedded_count; i++) {
			const struct vigie_embedded_file *f = &vigie_embedded_files[i];
			if (!embedded_code(f->name, code) ||
			    (pass == 0) != !strcmp(code, "fr"))
				continue;
			add_catalogue(code, f->data, f->len, true, NULL);
		}
}

const struct vigie_i18n_entry *vigie_i18n_entries(enum vigie_lang lang,
						  size_t *count)
{
	const struct catalogue *c = catalogue_of(lang);

	*count = c ? c->n : 0;
	return c ? c->v : NULL;
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
	return ntext(catalogue_of(lang), msgid, msgid_plural, n);
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
