/* SPDX-License-Identifier: EUPL-1.2 */
/* JSON helpers: strings from untrusted bytes, dumping into a vigie_buf. */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "banned.h"

/* Length of the valid UTF-8 sequence at s, or 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t left)
{
	size_t n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return s[0] ? 1 : 0;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (left < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

bool vigie_utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		n = utf8_seq((const unsigned char *)s + i, len - i);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

json_t *vigie_json_strn(const char *s, size_t len)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	json_t *v;
	size_t i = 0, n;

	if (vigie_utf8_valid(s, len))
		return json_stringn(s, len);
	while (i < len) {
		n = utf8_seq((const unsigned char *)s + i, len - i);
		if (n) {
			if (vigie_buf_add(&b, s + i, n) < 0)
				goto fail;
			i += n;
		} else {
			if (vigie_buf_puts(&b, "\xef\xbf\xbd") < 0)
				goto fail;
			i++;
		}
	}
	v = json_stringn(b.ptr ? b.ptr : "", b.len);
	vigie_buf_release(&b);
	return v;
fail:
	vigie_buf_release(&b);
	return NULL;
}

json_t *vigie_json_str(const char *s)
{
	return vigie_json_strn(s ? s : "", s ? strlen(s) : 0);
}

struct dump {
	struct vigie_buf *out;
	int rc;
};

static int dump_cb(const char *buffer, size_t size, void *data)
{
	struct dump *d = data;

	if (d->rc == 0)
		d->rc = vigie_buf_add(d->out, buffer, size);
	return d->rc < 0 ? -1 : 0;
}

int vigie_json_dump(struct vigie_buf *out, const json_t *v, size_t flags)
{
	struct dump d = { out, 0 };

	/*
	 * The buffer's own failure (out of memory, its ceiling) is told, and
	 * remembered: jansson 2.14 ignores a failed write of an object key
	 * and goes on, which would leave a hole in the text.
	 */
	if (json_dump_callback(v, dump_cb, &d, flags) < 0 && d.rc == 0)
		return VIGIE_EGENERIC;
	return d.rc;
}

json_t *vigie_json_path(json_t *root, const char *path)
{
	const char *p = path;

	while (root && *p) {
		size_t n = strcspn(p, ".");
		char key[128];

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		if (json_is_array(root)) {
			char *end;
			unsigned long idx = strtoul(key, &end, 10);
			root = *end ? NULL : json_array_get(root, idx);
		} else {
			root = json_object_get(root, key);
		}
		p += n;
		if (*p == '.')
			p++;
	}
	return root;
}
