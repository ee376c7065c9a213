/* SPDX-License-Identifier: EUPL-1.2 */
/* The batch report page: page.html with the records' rows inserted. */
#include <errno.h>
#include <string.h>

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

int batch_html_write(const char *path, json_t *rows, json_t *summary,
		     struct vigie_error *err)
{
	struct vigie_buf out = VIGIE_BUF_INIT;
	size_t len = 0;
	const char *page = vigie_rules_embedded_data("batch-page.html", &len);
	const char *d, *s;
	int rc;

	d = page ? strstr(page, "@DATA@") : NULL;
	s = d ? strstr(d, "@SUMMARY@") : NULL;
	if (!s)
		return vigie_error_set(err, VIGIE_EGENERIC, "batch-page.html",
				       "the page template is missing");
	rc = vigie_buf_add(&out, page, (size_t)(d - page));
	if (!rc)
		rc = put_script_json(&out, rows);
	if (!rc)
		rc = vigie_buf_add(&out, d + 6, (size_t)(s - d - 6));
	if (!rc)
		rc = put_script_json(&out, summary);
	if (!rc)
		rc = vigie_buf_add(&out, s + 9, len - (size_t)(s + 9 - page));
	if (rc)
		rc = vigie_error_set(err, VIGIE_EGENERIC, path, "out of memory");
	else if (vigie_write_atomic(path, out.ptr, out.len) < 0)
		rc = vigie_error_set(err, VIGIE_EGENERIC, path, "cannot write: %s",
				     strerror(errno));
	vigie_buf_release(&out);
	return rc;
}
