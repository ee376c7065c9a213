/* SPDX-License-Identifier: EUPL-1.2 */
/* The reporter table, and the words and escaping the reporters share. */
#include <stdarg.h>
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

/* One of vigie's own templates (mark it N_), formatted in l. */
/* A count's message in l, its form chosen for n by l's plural rule. */
static int sayn(struct vigie_buf *out, enum vigie_lang l, size_t n,
		const char *singular, const char *plural, ...)
	VIGIE_PRINTF(5, 6);

static int sayn(struct vigie_buf *out, enum vigie_lang l, size_t n,
		const char *singular, const char *plural, ...)
{
	va_list ap;
	int rc;

	va_start(ap, plural);
	rc = vigie_buf_vprintf(out, vigie_i18n_ntext(l, singular, plural, n),
			       ap);
	va_end(ap);
	return rc;
}

/* Counts of rules: English says "passed" of any count, French "réussie"
 * of 0 and 1, "réussies" of more (the catalogue's plural rule). */
int report_status_count(struct vigie_buf *out, enum vigie_lang l,
			enum vigie_status s, size_t n)
{
	switch (s) {
	case VIGIE_STATUS_PASS:
		return sayn(out, l, n, Q_("%zu passed", "%zu passed"), n);
	case VIGIE_STATUS_PARTIAL:
		return sayn(out, l, n, Q_("%zu partial", "%zu partial"), n);
	case VIGIE_STATUS_FAIL:
		return sayn(out, l, n, Q_("%zu failed", "%zu failed"), n);
	case VIGIE_STATUS_SKIP:
		return sayn(out, l, n, Q_("%zu skipped", "%zu skipped"), n);
	case VIGIE_STATUS_ERROR:
		return sayn(out, l, n, Q_("%zu error", "%zu errors"), n);
	case VIGIE_STATUS_WAIVED:
		return sayn(out, l, n, Q_("%zu waived", "%zu waived"), n);
	case VIGIE_STATUS_COUNT:
		break;
	}
	return vigie_buf_printf(out, "%zu ?", n);
}

int vigie_report_opts_check(const struct vigie_report_opts *opts,
			    struct vigie_error *err)
{
	if (!opts || opts->version != VIGIE_REPORT_OPTIONS_VERSION)
		return vigie_error_set(err, VIGIE_EINVALID, "",
				       "report options of version %u; this "
				       "library reads version %u",
				       opts ? opts->version : 0,
				       VIGIE_REPORT_OPTIONS_VERSION);
	return 0;
}

static int badge_svg(struct vigie_buf *out, const struct vigie_scorecard *sc,
		     const struct vigie_report_opts *opts, struct vigie_error *err)
{
	if (vigie_report_opts_check(opts, err) < 0)
		return VIGIE_EINVALID;
	if (vigie_report_badge_svg(out, sc->overall, opts->lang) < 0)
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	return 0;
}

static int badge_json(struct vigie_buf *out, const struct vigie_scorecard *sc,
		      const struct vigie_report_opts *opts, struct vigie_error *err)
{
	if (vigie_report_opts_check(opts, err) < 0)
		return VIGIE_EINVALID;
	if (vigie_report_badge_json(out, sc->overall, opts->lang) < 0)
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	return 0;
}

/* Sorted by name. */
static const struct vigie_reporter reporters[] = {
	{ "badge", badge_svg, "the overall score as an SVG badge" },
	{ "badge-json", badge_json,
	  "the overall score as a shields.io endpoint badge (JSON)" },
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

