/* SPDX-License-Identifier: EUPL-1.2 */
/* Positions of the values of a JSON text, so errors can say file:line:col. */
#include <stdio.h>
#include <string.h>

#include "vigie/buf.h"
#include "internal.h"
#include "banned.h"

/*
 * jansson parses the text and reports syntax errors with a position, but
 * keeps no position for values.  This scanner walks the same (already
 * valid) text once and records the line and column of every value under
 * its JSON pointer, so a semantic error ("unknown theme") points at the
 * value at fault.
 */
struct scan {
	const char *p, *end;
	int line, col;
	json_t *map;
	struct vigie_buf ptr;
	int depth;
};

static void adv(struct scan *s)
{
	if (s->p >= s->end)
		return;
	if (*s->p == '\n') {
		s->line++;
		s->col = 1;
	} else if (((unsigned char)*s->p & 0xc0) != 0x80) {
		s->col++;
	}
	s->p++;
}

static void ws(struct scan *s)
{
	while (s->p < s->end && strchr(" \t\r\n", *s->p))
		adv(s);
}

static void skip_string(struct scan *s, struct vigie_buf *key)
{
	adv(s); /* opening quote */
	while (s->p < s->end && *s->p != '"') {
		if (*s->p == '\\') {
			if (key)
				vigie_buf_putc(key, *s->p);
			adv(s);
		}
		if (key && s->p < s->end)
			vigie_buf_putc(key, *s->p);
		adv(s);
	}
	adv(s);
}

static void value(struct scan *s);

static void record(struct scan *s)
{
	json_object_set_new(s->map, s->ptr.ptr ? s->ptr.ptr : "",
			    json_pack("[ii]", s->line, s->col));
}

static void push_key(struct scan *s, const char *k, size_t n, size_t *saved)
{
	size_t i;

	*saved = s->ptr.len;
	vigie_buf_putc(&s->ptr, '/');
	for (i = 0; i < n; i++) {
		if (k[i] == '~')
			vigie_buf_puts(&s->ptr, "~0");
		else if (k[i] == '/')
			vigie_buf_puts(&s->ptr, "~1");
		else
			vigie_buf_putc(&s->ptr, k[i]);
	}
}

static void pop_key(struct scan *s, size_t saved)
{
	s->ptr.len = saved;
	if (s->ptr.ptr)
		s->ptr.ptr[saved] = '\0';
}

static void value(struct scan *s)
{
	size_t saved;

	ws(s);
	if (s->p >= s->end || ++s->depth > 512)
		return;
	record(s);
	if (*s->p == '{') {
		adv(s);
		ws(s);
		while (s->p < s->end && *s->p != '}') {
			struct vigie_buf key = VIGIE_BUF_INIT;
			skip_string(s, &key);
			ws(s);
			adv(s); /* ':' */
			push_key(s, key.ptr ? key.ptr : "", key.len, &saved);
			vigie_buf_release(&key);
			value(s);
			pop_key(s, saved);
			ws(s);
			if (s->p < s->end && *s->p == ',') {
				adv(s);
				ws(s);
			}
		}
		adv(s);
	} else if (*s->p == '[') {
		int i = 0;
		adv(s);
		ws(s);
		while (s->p < s->end && *s->p != ']') {
			char idx[16];
			snprintf(idx, sizeof(idx), "%d", i++);
			push_key(s, idx, strlen(idx), &saved);
			value(s);
			pop_key(s, saved);
			ws(s);
			if (s->p < s->end && *s->p == ',')
				adv(s);
			ws(s);
		}
		adv(s);
	} else if (*s->p == '"') {
		skip_string(s, NULL);
	} else {
		while (s->p < s->end && !strchr(",]} \t\r\n", *s->p))
			adv(s);
	}
	s->depth--;
}

json_t *vigie_jsonpos_scan(const char *text, size_t len)
{
	struct scan s = { text, text + len, 1, 1, json_object(),
			  VIGIE_BUF_INIT, 0 };

	if (!s.map)
		return NULL;
	vigie_buf_puts(&s.ptr, "");
	value(&s);
	vigie_buf_release(&s.ptr);
	return s.map;
}
