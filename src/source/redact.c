/* SPDX-License-Identifier: EUPL-1.2 */
/* libgit2's messages: credentials removed, on one line, and classified. */
#include <stdlib.h>
#include <string.h>

#include "git2_api.h"

#include "vigie/buf.h"
#include "internal.h"
#include "text.h"
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

int vigie_git_fail(struct vigie_error *err, int code,
		   const struct vigie_target *t, const char *what)
{
	const git_error *ge = git_error_last();
	const char *msg = ge && ge->message ? ge->message : "unknown error";
	char *clean = vigie_scrub_credentials(msg, t ? t->url : NULL,
					      t ? t->display : NULL);

	if (!clean)
		return vigie_error_set(err, VIGIE_ENOMEM, t ? t->display : "",
				       "%s: out of memory", what);
	/* libgit2's transport messages may end or break with a newline. */
	vigie_text_one_line(clean);
	vigie_error_set(err, code, t ? t->display : "", "%s: %s", what, clean);
	free(clean);
	return code;
}

/*
 * What libgit2 and the servers it quotes say when a repository is not
 * there: an HTTP 404, git-daemon's "not exported" / "does not exist", ssh's
 * "does not appear to be a git repository", a local path that is missing.
 */
static const char *const absent[] = {
	"404", "not found", "not exported", "does not exist",
	"not appear to be a git", "failed to resolve path",
};

int vigie_git_reach_code(void)
{
	const git_error *ge = git_error_last();
	const char *m = ge && ge->message ? ge->message : "";
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(absent); i++)
		if (strstr(m, absent[i]))
			return VIGIE_ENOTFOUND;
	return VIGIE_ENET;
}
