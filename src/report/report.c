/* SPDX-License-Identifier: EUPL-1.2 */
/* The reporter table, and the words and escaping the reporters share. */
#include <string.h>

#include "vigie/i18n.h"
#include "vigie/report.h"
#include "internal.h"
#include "json.h"
#include "banned.h"

const char *const report_theme_titles[VIGIE_THEME_COUNT] = {
	N_("Understand"), N_("Identify"), N_("Produce"), N_("Maintain"),
	N_("Fund"), N_("Disseminate"),
};

const char *const report_status_counts[VIGIE_STATUS_COUNT] = {
	[VIGIE_STATUS_PASS] = N_("passed"),
	[VIGIE_STATUS_PARTIAL] = N_("partial"),
	[VIGIE_STATUS_FAIL] = N_("failed"),
	[VIGIE_STATUS_SKIP] = NC_("count", "skipped"),
	[VIGIE_STATUS_ERROR] = N_("errors"),
	[VIGIE_STATUS_WAIVED] = NC_("count", "waived"),
};

/* Sorted by name. */
static const struct vigie_reporter reporters[] = {
	{ "json", vigie_report_json, "the scorecard as JSON (vigie.scorecard/1)" },
	{ "markdown", vigie_report_markdown,
	  "a summary for pull-request comments and CI job pages" },
	{ "sarif", vigie_report_sarif, "SARIF 2.1.0, for code-scanning upload" },
	{ "text", vigie_report_text, "for people, grouped by theme" },
};

const struct vigie_reporter *vigie_reporters(size_t *count)
{
	*count = VIGIE_ARRAY_SIZE(reporters);
	return reporters;
}

const struct vigie_reporter *vigie_reporter_find(const char *name)
{
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(reporters); i++)
		if (!strcmp(reporters[i].name, name))
			return &reporters[i];
	return NULL;
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
			if (i + n <= len && vigie_utf8_valid(s + i, n) &&
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
