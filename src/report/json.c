/* SPDX-License-Identifier: EUPL-1.2 */
/* The JSON reporter: the scorecard, schema vigie.scorecard/1. */
#include "vigie/report.h"
#include "json.h"
#include "banned.h"

int vigie_report_json(struct vigie_buf *out, const struct vigie_scorecard *sc,
		      const struct vigie_report_opts *opts,
		      struct vigie_error *err)
{
	json_t *root;
	int rc;

	if (vigie_report_opts_check(opts, err) < 0)
		return VIGIE_EINVALID;
	(void)opts;
	vigie_nomem_take();
	root = vigie_scorecard_to_json(sc);
	if (vigie_nomem_take()) {
		json_decref(root);
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	}
	if (!root)
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	rc = vigie_json_dump(out, root, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
	json_decref(root);
	if (rc == 0)
		rc = vigie_buf_putc(out, '\n');
	if (rc == VIGIE_ENOMEM)
		return vigie_error_set(err, rc, "", "out of memory");
	if (rc < 0)
		return vigie_error_set(err, rc, "", "cannot format JSON");
	return 0;
}
