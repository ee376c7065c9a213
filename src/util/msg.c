/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Messages as data: a template (the catalogue id) and its arguments, each
 * written once as the template asks, rendered in a language when shown.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "vigie/error.h"
#include "vigie/i18n.h"
#include "banned.h"

/* One printf conversion at s ('%' included): its length, and what it takes. */
struct conv {
	size_t len;
	unsigned pos;        /* %N$: N; 0 when not positional */
	bool star_width, star_prec;
	char length[3];      /* "", "h", "hh", "l", "ll", "z", "j", "t", "L" */
	char type;           /* d i u o x X f F e E g G a A c s; 0 if none */
};

static bool parse_conv(const char *s, struct conv *c)
{
	size_t n = 1, k = 0;

	memset(c, 0, sizeof(*c));
	if (s[0] != '%' || s[1] == '%')
		return false;
	/* N$ */
	while (s[n] >= '0' && s[n] <= '9')
		n++;
	if (n > 1 && s[n] == '$') {
		unsigned long v = 0;
		for (size_t i = 1; i < n; i++)
			v = v < 100 ? v * 10 + (unsigned long)(s[i] - '0') : v;
		c->pos = (unsigned)v;
		n++;
	} else {
		n = 1;
	}
	while (s[n] && strchr("-+ #0'", s[n]))
		n++;
	if (s[n] == '*') {
		c->star_width = true;
		n++;
	} else {
		while (s[n] >= '0' && s[n] <= '9')
			n++;
	}
	if (s[n] == '.') {
		n++;
		if (s[n] == '*') {
			c->star_prec = true;
			n++;
		} else {
			while (s[n] >= '0' && s[n] <= '9')
				n++;
		}
	}
	while (s[n] && strchr("hlzjtL", s[n]) && k < 2)
		c->length[k++] = s[n++];
	if (!s[n] || !strchr("diouxXfFeEgGaAcs", s[n]))
		return false;
	c->type = s[n];
	c->len = n + 1;
	return true;
}

/* The conversion at s written with its argument from ap into out (cap). */
static int write_one(char *out, size_t cap, const char *s,
		     const struct conv *c, va_list *ap)
{
	char spec[32];
	int width = 0, prec = 0, n;
	const char *l = c->length;
	size_t skip = 1;

	/* the spec without any N$, '*' replaced by the values taken */
	if (c->pos)
		skip = (size_t)(strchr(s, '$') - s) + 1;
	if (c->len - skip + 1 >= sizeof(spec))
		return -1;
	spec[0] = '%';
	memcpy(spec + 1, s + skip, c->len - skip);
	spec[c->len - skip + 1] = '\0';
	if (c->star_width)
		width = va_arg(*ap, int);
	if (c->star_prec)
		prec = va_arg(*ap, int);
	if (c->star_width || c->star_prec) {
		/* "%*.*s" -> "%W.Ps": rebuilt with the numbers */
		char fixed[64];
		size_t i, o = 0;
		for (i = 0; spec[i] && o + 12 < sizeof(fixed); i++) {
			if (spec[i] == '*') {
				bool is_prec = i && spec[i - 1] == '.';
				o += (size_t)snprintf(fixed + o, sizeof(fixed) - o,
						      "%d", is_prec ? prec : width);
			} else {
				fixed[o++] = spec[i];
			}
		}
		fixed[o] = '\0';
		if (o >= sizeof(spec))
			return -1;
		memcpy(spec, fixed, o + 1);
	}
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	switch (c->type) {
	case 's':
		n = snprintf(out, cap, spec, va_arg(*ap, const char *));
		break;
	case 'c':
		n = snprintf(out, cap, spec, va_arg(*ap, int));
		break;
	case 'f': case 'F': case 'e': case 'E':
	case 'g': case 'G': case 'a': case 'A':
		if (!strcmp(l, "L"))
			n = snprintf(out, cap, spec, va_arg(*ap, long double));
		else
			n = snprintf(out, cap, spec, va_arg(*ap, double));
		break;
	case 'd': case 'i':
		if (!strcmp(l, "l"))
			n = snprintf(out, cap, spec, va_arg(*ap, long));
		else if (!strcmp(l, "ll"))
			n = snprintf(out, cap, spec, va_arg(*ap, long long));
		else if (!strcmp(l, "z") || !strcmp(l, "t"))
			n = snprintf(out, cap, spec, va_arg(*ap, ptrdiff_t));
		else if (!strcmp(l, "j"))
			n = snprintf(out, cap, spec, va_arg(*ap, intmax_t));
		else
			n = snprintf(out, cap, spec, va_arg(*ap, int));
		break;
	default: /* u o x X */
		if (!strcmp(l, "l"))
			n = snprintf(out, cap, spec, va_arg(*ap, unsigned long));
		else if (!strcmp(l, "ll"))
			n = snprintf(out, cap, spec,
				     va_arg(*ap, unsigned long long));
		else if (!strcmp(l, "z") || !strcmp(l, "t"))
			n = snprintf(out, cap, spec, va_arg(*ap, size_t));
		else if (!strcmp(l, "j"))
			n = snprintf(out, cap, spec, va_arg(*ap, uintmax_t));
		else
			n = snprintf(out, cap, spec, va_arg(*ap, unsigned));
		break;
	}
#pragma GCC diagnostic pop
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

int vigie_msg_vargs(char *args, size_t cap, const char *fmt, va_list ap)
{
	va_list mine;
	size_t used = 0;
	int nargs = 0, rc = 0;
	struct conv c;
	const char *s;

	if (!args || !cap)
		return -1;
	args[0] = '\0';
	va_copy(mine, ap);
	for (s = fmt; *s && rc == 0; s++) {
		if (*s != '%')
			continue;
		if (s[1] == '%') {
			s++;
			continue;
		}
		/* positional arguments are for translations, not for callers */
		if (!parse_conv(s, &c) || c.pos || nargs == VIGIE_MSG_ARGS_MAX) {
			rc = -1;
			break;
		}
		int n = write_one(args + used, cap - used, s, &c, &mine);
		if (n < 0) {
			rc = -1;
			break;
		}
		used += (size_t)n + 1;
		nargs++;
		s += c.len - 1;
	}
	va_end(mine);
	if (rc < 0) {
		args[0] = '\0';
		return -1;
	}
	return nargs;
}

int vigie_msg_args(char *args, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vigie_msg_vargs(args, cap, fmt, ap);
	va_end(ap);
	return n;
}

/* The i-th of nargs packed strings, or NULL. */
static const char *arg_at(const char *args, size_t nargs, size_t i)
{
	if (!args || i >= nargs)
		return NULL;
	while (i--)
		args += strlen(args) + 1;
	return args;
}

int vigie_msg_render_template(struct vigie_buf *out, const char *tmpl,
			      const char *args, size_t nargs)
{
	size_t next = 0;
	struct conv c;
	int rc = 0;

	while (*tmpl && rc == 0) {
		if (tmpl[0] == '%' && tmpl[1] == '%') {
			rc = vigie_buf_putc(out, '%');
			tmpl += 2;
		} else if (parse_conv(tmpl, &c)) {
			const char *a = arg_at(args, nargs,
					       c.pos ? c.pos - 1 : next++);
			if (a)
				rc = vigie_buf_puts(out, a);
			tmpl += c.len;
		} else {
			rc = vigie_buf_putc(out, *tmpl++);
		}
	}
	return rc;
}

int vigie_msg_render(struct vigie_buf *out, enum vigie_lang lang,
		     const char *msgid, const char *args, size_t nargs)
{
	if (!msgid)
		return 0;
	return vigie_msg_render_template(out, vigie_i18n_text(lang, msgid),
					 args, nargs);
}

json_t *vigie_msg_json_args(const char *args, size_t nargs)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < nargs; i++) {
		if (json_array_append_new(a, json_string(args)) < 0) {
			json_decref(a);
			return NULL;
		}
		args += strlen(args) + 1;
	}
	return a;
}

/* "KEY_id" and "KEY_args" of a message field KEY. */
static void data_keys(char *id, char *args, size_t n, const char *key)
{
	snprintf(id, n, "%s_id", key);
	snprintf(args, n, "%s_args", key);
}

int vigie_msg_render_json(struct vigie_buf *out, enum vigie_lang lang,
			  const json_t *obj, const char *key)
{
	char kid[64], kargs[64];
	const char *id, *text = json_string_value(json_object_get(obj, key));
	const json_t *a;
	struct vigie_buf packed = VIGIE_BUF_INIT;
	size_t i, n = 0;
	int rc = 0;

	data_keys(kid, kargs, sizeof(kid), key);
	id = json_string_value(json_object_get(obj, kid));
	a = json_object_get(obj, kargs);
	/* no data: one of vigie's messages without values, or as it is */
	if (!id || !json_is_array(a) || json_array_size(a) > VIGIE_MSG_ARGS_MAX)
		return vigie_buf_puts(out, text ? vigie_i18n_text(lang, text) : "");
	for (i = 0; i < json_array_size(a) && rc == 0; i++) {
		const char *v = json_string_value(json_array_get(a, i));
		rc = vigie_buf_add(&packed, v ? v : "", strlen(v ? v : "") + 1);
		n++;
	}
	if (rc == 0)
		rc = vigie_msg_render(out, lang, id, packed.ptr, n);
	vigie_buf_release(&packed);
	return rc;
}

/* obj's KEY (English), KEY_id and KEY_args; no id without its data. */
static int json_put(json_t *obj, const char *key, const char *message,
		    const char *id, const char *args, int nargs)
{
	json_t *a = id && nargs >= 0 ? vigie_msg_json_args(args, (size_t)nargs)
				     : NULL;
	char kid[64], kargs[64];

	data_keys(kid, kargs, sizeof(kid), key);
	if (json_object_set_new(obj, key, json_string(message)) < 0 ||
	    (id && nargs >= 0 &&
	     (!a || json_object_set_new(obj, kid, json_string(id)) < 0 ||
	      json_object_set_new(obj, kargs, a) < 0)))
		return vigie_nomem_mark();
	return 0;
}

int vigie_msg_json_vset(json_t *obj, const char *key, const char *fmt,
			va_list ap)
{
	char message[1024], args[1024];
	va_list again;
	int n;

	if (!fmt)
		fmt = "";
	va_copy(again, ap);
	vsnprintf(message, sizeof(message), fmt, ap);
	/* "%s" passes a message on: it is its own id, looked up whole */
	n = strcmp(fmt, "%s") ? vigie_msg_vargs(args, sizeof(args), fmt, again)
			      : -1;
	va_end(again);
	return json_put(obj, key, message, fmt, args, n);
}

int vigie_msg_json_set(json_t *obj, const char *key, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vigie_msg_json_vset(obj, key, fmt, ap);
	va_end(ap);
	return rc;
}

int vigie_msg_json_set_error(json_t *obj, const char *key,
			     const struct vigie_error *err)
{
	/* a prefixed message is kept whole, in English */
	bool data = err->msgid && !err->prefix_id;

	return json_put(obj, key, err->message, data ? err->msgid : NULL,
			err->args, data ? err->nargs : -1);
}

int vigie_msg_json_copy(json_t *dst, const char *dkey, const json_t *src,
			const char *skey)
{
	char sid[64], sargs[64], did[64], dargs[64];
	json_t *text = json_object_get(src, skey);

	data_keys(sid, sargs, sizeof(sid), skey);
	data_keys(did, dargs, sizeof(did), dkey);
	if (!text)
		return 0;
	if (json_object_set(dst, dkey, text) < 0 ||
	    (json_object_get(src, sid) &&
	     (json_object_set(dst, did, json_object_get(src, sid)) < 0 ||
	      json_object_set(dst, dargs, json_object_get(src, sargs)) < 0)))
		return vigie_nomem_mark();
	return 0;
}
