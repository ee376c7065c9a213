/* SPDX-License-Identifier: EUPL-1.2 */
/* A score as a badge: an SVG, or a shields.io endpoint answer. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vigie/report.h"
#include "vigie/i18n.h"
#include "banned.h"

/* Colours by score, from the lowest band up (shields.io's names and hues). */
static const struct {
	double from;
	const char *name;
	const char *hex;
} bands[] = {
	{ 0, "red", "#e05d44" },
	{ 20, "orange", "#fe7d37" },
	{ 40, "yellow", "#dfb317" },
	{ 60, "yellowgreen", "#a4a61d" },
	{ 80, "brightgreen", "#4c1" },
};

static size_t band_of(double score)
{
	size_t i, b = 0;

	for (i = 0; i < VIGIE_ARRAY_SIZE(bands); i++)
		if (score >= bands[i].from)
			b = i;
	return b;
}

/* The badge's words: its label, and its message ("72/100", or "?"). */
static void words(char *label, size_t nl, char *message, size_t nm,
		  double score, enum vigie_lang lang)
{
	snprintf(label, nl, "%s", vigie_i18n_text(lang, NC_("badge", "commons")));
	if (score < 0 || isnan(score))
		snprintf(message, nm, "?");
	else
		snprintf(message, nm, "%.0f/100", score);
}

/* About the width Verdana 11px gives ASCII text, as shields.io reckons. */
static int text_width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		w += strchr("ijlt.:!|'", *s) ? 4 : strchr("mwMW", *s) ? 10 : 7;
	return w;
}

int vigie_report_badge_svg(struct vigie_buf *out, double score,
			   enum vigie_lang lang)
{
	char label[64], message[32];
	int lw, mw;
	const char *fill;

	words(label, sizeof(label), message, sizeof(message), score, lang);
	fill = score < 0 || isnan(score) ? "#9f9f9f" : bands[band_of(score)].hex;
	lw = text_width(label) + 10;
	mw = text_width(message) + 10;
	return vigie_buf_printf(
		out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"20\" "
		"role=\"img\" aria-label=\"%s: %s\">"
		"<title>%s: %s</title>"
		"<linearGradient id=\"s\" x2=\"0\" y2=\"100%%\">"
		"<stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/>"
		"<stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>"
		"<clipPath id=\"r\"><rect width=\"%d\" height=\"20\" rx=\"3\" "
		"fill=\"#fff\"/></clipPath>"
		"<g clip-path=\"url(#r)\"><rect width=\"%d\" height=\"20\" "
		"fill=\"#555\"/><rect x=\"%d\" width=\"%d\" height=\"20\" "
		"fill=\"%s\"/><rect width=\"%d\" height=\"20\" fill=\"url(#s)\"/></g>"
		"<g fill=\"#fff\" text-anchor=\"middle\" "
		"font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" font-size=\"11\">"
		"<text x=\"%d\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\">%s</text>"
		"<text x=\"%d\" y=\"14\">%s</text>"
		"<text x=\"%d\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\">%s</text>"
		"<text x=\"%d\" y=\"14\">%s</text></g></svg>\n",
		lw + mw, label, message, label, message, lw + mw, lw, lw, mw, fill,
		lw + mw, lw / 2, label, lw / 2, label, lw + mw / 2, message,
		lw + mw / 2, message) < 0 ? -1 : 0;
}

int vigie_report_badge_json(struct vigie_buf *out, double score,
			    enum vigie_lang lang)
{
	char label[64], message[32];

	words(label, sizeof(label), message, sizeof(message), score, lang);
	return vigie_buf_printf(out,
				"{\"schemaVersion\": 1, \"label\": \"%s\", "
				"\"message\": \"%s\", \"color\": \"%s\"}\n",
				label, message,
				score < 0 || isnan(score)
					? "lightgrey"
					: bands[band_of(score)].name) < 0 ? -1 : 0;
}
