/* SPDX-License-Identifier: EUPL-1.2 */
/* Remove credentials from messages that might quote a URL. */
#include <stdlib.h>
#include <string.h>

#include "vigie/buf.h"
#include "internal.h"
#include "banned.h"

char *vigie_scrub_credentials(const char *msg, const char *url,
			      const char *display)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	const char *p = msg;

	while (*p) {
		const char *scheme;
		if (url && display && *url && !strncmp(p, url, strlen(url))) {
			if (vigie_buf_puts(&b, display) < 0)
				goto fail;
			p += strlen(url);
			continue;
		}
		scheme = strncmp(p, "://", 3) ? NULL : p + 3;
		if (scheme) {
			/* Drop user-info up to the last '@' of the authority. */
			size_t n = strcspn(scheme, "/ \t\n'\"?#");
			const char *at = NULL;
			for (const char *s = scheme; s < scheme + n; s++)
				if (*s == '@')
					at = s;
			if (vigie_buf_puts(&b, "://") < 0)
				goto fail;
			p = at ? at + 1 : scheme;
			continue;
		}
		if (vigie_buf_putc(&b, *p++) < 0)
			goto fail;
	}
	return vigie_buf_detach(&b, NULL);
fail:
	vigie_buf_release(&b);
	return NULL;
}
