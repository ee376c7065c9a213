/* SPDX-License-Identifier: EUPL-1.2 */
/* Caller-owned error descriptions. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vigie/error.h"
#include "banned.h"

static _Thread_local bool nomem;

void vigie_error_clear(struct vigie_error *err)
{
	if (!err)
		return;
	err->code = VIGIE_OK;
	err->message[0] = '\0';
	err->where[0] = '\0';
}

int vigie_error_set(struct vigie_error *err, int code, const char *where,
		    const char *fmt, ...)
{
	va_list ap;

	/* an out of memory a caller turns into a problem is still seen */
	if (code == VIGIE_ENOMEM)
		vigie_nomem_mark();
	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	snprintf(err->where, sizeof(err->where), "%s", where ? where : "");
	return code;
}

void vigie_error_prefix(struct vigie_error *err, const char *fmt, ...)
{
	char joined[2 * VIGIE_ERROR_MESSAGE_MAX + 2];
	size_t n;
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(joined, VIGIE_ERROR_MESSAGE_MAX, fmt, ap);
	va_end(ap);
	n = strlen(joined);
	joined[n++] = ':';
	joined[n++] = ' ';
	memcpy(joined + n, err->message, strlen(err->message) + 1);
	/* Keep the start: the prefix says what failed. */
	joined[VIGIE_ERROR_MESSAGE_MAX - 1] = '\0';
	memcpy(err->message, joined, VIGIE_ERROR_MESSAGE_MAX);
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
