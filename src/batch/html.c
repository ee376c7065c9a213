/* SPDX-License-Identifier: EUPL-1.2 */
/* The batch report page: page.html with the records' rows inserted. */
#include <errno.h>
#include <string.h>

#include "vigie/i18n.h"
#include "internal.h"
#include "vigie/rules.h"
#include "fs.h"
#include "json.h"
#include "banned.h"

/*
 * JSON inside a <script> element: a '<' could close it or open a comment,
 * so every one becomes \u003c, which JSON.parse reads back unchanged.
 */
static int put_script_json(struct vigie_buf *out, json_t *v)
{
	struct vigie_buf tmp = VIGIE_BUF_INIT;
	size_t i;
	int rc = vigie_json_dump(&tmp, v, JSON_COMPACT | JSON_REAL_PRECISION(6));

	for (i = 0; !rc && i < tmp.len; i++)
		rc = tmp.ptr[i] == '<' ? vigie_buf_puts(out, "\\u003c")
				       : vigie_buf_putc(out, tmp.ptr[i]);
	vigie_buf_release(&tmp);
	return rc;
}

int batch_html_write(const char *path, json_t *rows, json_t *practices,
		     json_t *summary, struct vigie_error *err)
{
	static const char *const slots[] = { "@DATA@", "@RULES@", "@SUMMARY@" };
	json_t *values[] = { rows, practices, summary };
	struct vigie_buf out = VIGIE_BUF_INIT;
	size_t len = 0, i;
	const char *page = vigie_rules_embedded_data("batch-page.html", &len);
	const char *at = page, *end = page + len, *slot;
	int rc = 0;

	for (i = 0; i < VIGIE_ARRAY_SIZE(slots) && !rc; i++) {
		slot = at ? strstr(at, slots[i]) : NULL;
		if (!slot)
			return vigie_error_set(err, VIGIE_EGENERIC, "batch-page.html",
					       N_("the page template has no %s"),
					       slots[i]);
		rc = vigie_buf_add(&out, at, (size_t)(slot - at));
		if (!rc)
			rc = put_script_json(&out, values[i]);
		at = slot + strlen(slots[i]);
	}
	if (!rc)
		rc = vigie_buf_add(&out, at, (size_t)(end - at));
	if (rc)
		rc = vigie_error_set(err, VIGIE_EGENERIC, path, N_("out of memory"));
	else if (vigie_write_atomic(path, out.ptr, out.len) < 0)
		rc = vigie_error_set(err, VIGIE_EGENERIC, path, N_("cannot write: %s"),
				     strerror(errno));
	vigie_buf_release(&out);
	return rc;
}
