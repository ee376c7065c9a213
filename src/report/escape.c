/* SPDX-License-Identifier: EUPL-1.2 */
/* Text from a repository made inert for a terminal or a page: an object of
 * its own, so a program escaping text (vigie license) links no reporter. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "vigie/buf.h"
#include "vigie/report.h"
#include "json.h"
#include "banned.h"

/*
 * The code point of the valid UTF-8 sequence of n bytes at s, if it is a
 * bidirectional control: the embeddings, overrides and isolates
 * (U+202A..U+202E, U+2066..U+2069), the marks (U+200E, U+200F) and the
 * Arabic letter mark (U+061C).  They reorder what a terminal or a browser
 * shows ("Trojan Source"), so a name could read as another; 0 otherwise.
 */
static unsigned bidi_control(const unsigned char *s, size_t n)
{
	unsigned cp;

	if (n == 2)
		cp = (s[0] & 0x1fu) << 6 | (s[1] & 0x3fu);
	else if (n == 3)
		cp = (s[0] & 0x0fu) << 12 | (s[1] & 0x3fu) << 6 | (s[2] & 0x3fu);
	else
		return 0;
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x200e || cp == 0x200f || cp == 0x061c)
		return cp;
	return 0;
}

int vigie_escape_text(struct vigie_buf *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		int rc;

		if (c >= 0x80) {
			/* Keep valid UTF-8 sequences, escape stray bytes. */
			size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
			bool valid = i + n <= len && vigie_utf8_valid(s + i, n);
			unsigned bidi = valid ? bidi_control(
				(const unsigned char *)s + i, n) : 0;

			if (bidi) {
				rc = vigie_buf_printf(out, "\\u%04x", bidi);
				i += n;
			} else if (valid &&
				   /* C1 controls (U+0080..U+009F) can drive terminals */
				   !(c == 0xc2 && (unsigned char)s[i + 1] < 0xa0)) {
				rc = vigie_buf_add(out, s + i, n);
				i += n;
			} else {
				rc = vigie_buf_printf(out, "\\x%02x", c);
				i++;
			}
		} else if (c < 0x20 || c == 0x7f) {
			switch (c) {
			case '\n': rc = vigie_buf_puts(out, "\\n"); break;
			case '\r': rc = vigie_buf_puts(out, "\\r"); break;
			case '\t': rc = vigie_buf_puts(out, "\\t"); break;
			case 0x1b: rc = vigie_buf_puts(out, "\\e"); break;
			default: rc = vigie_buf_printf(out, "\\x%02x", c);
			}
			i++;
		} else {
			rc = vigie_buf_putc(out, (char)c);
			i++;
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}
