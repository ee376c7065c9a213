/* SPDX-License-Identifier: EUPL-1.2 */
/* Caller-owned error descriptions. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vigie/buf.h"
#include "vigie/error.h"
#include "vigie/i18n.h"
#include "banned.h"

static _Thread_local bool nomem;

void vigie_error_clear(struct vigie_error *err)
{
	if (!err)
		return;
	err->code = VIGIE_OK;
	err->message[0] = '\0';
	err->where[0] = '\0';
	err->msgid = err->prefix_id = NULL;
	err->nargs = err->prefix_nargs = 0;
	err->args[0] = '\0';
}

int vigie_error_vset(struct vigie_error *err, int code, const char *where,
		     const char *fmt, va_list ap)
{
	va_list again;
	int n;

	/* an out of memory a caller turns into a problem is still seen */
	if (code == VIGIE_ENOMEM)
		vigie_nomem_mark();
	if (!err)
		return code;
	if (!fmt)
		fmt = "";
	err->code = code;
	va_copy(again, ap);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	/* "%s" passes a message on: it is its own id, looked up whole */
	n = strcmp(fmt, "%s") ? vigie_msg_vargs(err->args, sizeof(err->args),
						fmt, again)
			      : -1;
	va_end(again);
	err->msgid = n < 0 ? NULL : fmt;
	err->nargs = n < 0 ? 0 : (unsigned char)n;
	err->prefix_id = NULL;
	err->prefix_nargs = 0;
	snprintf(err->where, sizeof(err->where), "%s", where ? where : "");
	return code;
}

int vigie_error_set(struct vigie_error *err, int code, const char *where,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	code = vigie_error_vset(err, code, where, fmt, ap);
	va_end(ap);
	return code;
}

/* Bytes of the first n packed args at a. */
static size_t args_len(const char *a, size_t n)
{
	const char *p = a;

	while (n--)
		p += strlen(p) + 1;
	return (size_t)(p - a);
}

void vigie_error_carry(struct vigie_error *err, const char *msgid,
		       const char *args, size_t nargs)
{
	size_t len = args ? args_len(args, nargs) : 0;

	if (!err)
		return;
	err->prefix_id = NULL;
	err->prefix_nargs = 0;
	if (!msgid || nargs > VIGIE_MSG_ARGS_MAX || len > sizeof(err->args)) {
		err->msgid = NULL;
		err->nargs = 0;
		return;
	}
	if (len)
		memmove(err->args, args, len);
	err->msgid = msgid;
	err->nargs = (unsigned char)nargs;
}

void vigie_error_prefix(struct vigie_error *err, const char *fmt, ...)
{
	char joined[2 * VIGIE_ERROR_MESSAGE_MAX + 2];
	size_t n, used;
	va_list ap, again;
	int k;

	if (!err)
		return;
	va_start(ap, fmt);
	va_copy(again, ap);
	vsnprintf(joined, VIGIE_ERROR_MESSAGE_MAX, fmt, ap);
	va_end(ap);
	n = strlen(joined);
	joined[n++] = ':';
	joined[n++] = ' ';
	memcpy(joined + n, err->message, strlen(err->message) + 1);
	/* Keep the start: the prefix says what failed. */
	joined[VIGIE_ERROR_MESSAGE_MAX - 1] = '\0';
	memcpy(err->message, joined, VIGIE_ERROR_MESSAGE_MAX);
	/* the prefix's args after the message's; one prefix is kept */
	used = err->msgid ? args_len(err->args, err->nargs) : 0;
	k = err->msgid && !err->prefix_id
		    ? vigie_msg_vargs(err->args + used, sizeof(err->args) - used,
				      fmt, again)
		    : -1;
	va_end(again);
	if (k < 0) {
		err->msgid = err->prefix_id = NULL;
		err->nargs = err->prefix_nargs = 0;
		return;
	}
	err->prefix_id = fmt;
	err->prefix_nargs = (unsigned char)k;
}

int vigie_error_render(struct vigie_buf *out, enum vigie_lang lang,
		       const struct vigie_error *err)
{
	struct vigie_buf inner = VIGIE_BUF_INIT, prefix = VIGIE_BUF_INIT;
	char args[2 * VIGIE_ERROR_MESSAGE_MAX];
	int rc, n;

	if (!err->msgid)
		return vigie_buf_puts(out, vigie_i18n_text(lang, err->message));
	rc = vigie_msg_render(&inner, lang, err->msgid, err->args, err->nargs);
	if (rc == 0 && err->prefix_id) {
		rc = vigie_msg_render(&prefix, lang, err->prefix_id,
				      err->args + args_len(err->args, err->nargs),
				      err->prefix_nargs);
		n = rc == 0 ? vigie_msg_args(args, sizeof(args), "%s%s",
					     prefix.ptr ? prefix.ptr : "",
					     inner.ptr ? inner.ptr : "")
			    : -1;
		rc = n == 2 ? vigie_msg_render(out, lang,
					       NC_("error", "%s: %s"), args, 2)
			    : vigie_buf_puts(out, err->message);
	} else if (rc == 0) {
		rc = vigie_buf_puts(out, inner.ptr ? inner.ptr : "");
	}
	vigie_buf_release(&inner);
	vigie_buf_release(&prefix);
	return rc;
}

int vigie_nomem_mark(void)
{
	nomem = true;
	return VIGIE_ENOMEM;
}

bool vigie_nomem_take(void)
{
	bool was = nomem;

	nomem = false;
	return was;
}

static const char *const code_names[] = {
	"ok", "failure", "not found", "invalid", "limit reached",
	"network failure", "empty", "busy", "out of memory",
};

const char *vigie_errcode_name(int code)
{
	if (code > 0 || (size_t)-code >= VIGIE_ARRAY_SIZE(code_names))
		return "failure";
	return code_names[-code];
}
