/* SPDX-License-Identifier: EUPL-1.2 */
/* The dashboard's charts as inline SVG: no script, no network, a title each. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vigie/i18n.h"
#include "internal.h"
#include "num.h"
#include "banned.h"

int batch_say(struct vigie_buf *out, enum vigie_lang lang, const char *msgid, ...)
{
	va_list ap;
	int rc;

	/* The catalogue keeps only translations with the same conversions. */
	va_start(ap, msgid);
	rc = vigie_buf_vprintf(out, vigie_i18n_text(lang, msgid), ap);
	va_end(ap);
	return rc;
}

int batch_html_escape(struct vigie_buf *out, const char *s)
{
	int rc = 0;

	for (; s && *s && !rc; s++)
		switch (*s) {
		case '&': rc = vigie_buf_puts(out, "&amp;"); break;
		case '<': rc = vigie_buf_puts(out, "&lt;"); break;
		case '>': rc = vigie_buf_puts(out, "&gt;"); break;
		case '"': rc = vigie_buf_puts(out, "&quot;"); break;
		case '\'': rc = vigie_buf_puts(out, "&#39;"); break;
		default:
			/* control characters from a repository are never shown */
			rc = vigie_buf_putc(out, (unsigned char)*s < 0x20 ? ' ' : *s);
		}
	return rc;
}

/* Where value v (0..100) of point i of n goes in a w x h plot area. */
static double x_of(size_t i, size_t n, double left, double width)
{
	return n > 1 ? left + width * (double)i / (double)(n - 1) : left + width / 2;
}

static double y_of(double v, double top, double height)
{
	if (v < 0)
		v = 0;
	if (v > 100)
		v = 100;
	return top + height * (1 - v / 100);
}

int batch_chart_line(struct vigie_buf *out, const double *v,
		     const char *const *labels, size_t n, int w, int h,
		     bool points, const char *id, const char *label)
{
	const double left = 30, right = 8, top = 8, bottom = 8;
	double pw = w - left - right, ph = h - top - bottom;
	bool open = false;
	size_t i;
	int g, rc;

	rc = vigie_buf_printf(out, "<svg class=\"chart line\" id=\"%s\" role=\"img\""
				   " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
				   " aria-labelledby=\"%s-t\"><title id=\"%s-t\">",
			      id, w, h, w, h, id, id);
	rc |= batch_html_escape(out, label);
	rc |= vigie_buf_puts(out, "</title>");
	/* the grid: 0, 50 and 100 */
	for (g = 0; g <= 100 && !rc; g += 50)
		rc = vigie_buf_printf(out, "<line class=\"grid\" x1=\"%.0f\" x2=\"%.0f\""
					   " y1=\"%.1f\" y2=\"%.1f\"/><text x=\"%.0f\""
					   " y=\"%.1f\" text-anchor=\"end\">%d</text>",
				      left, left + pw, y_of(g, top, ph), y_of(g, top, ph),
				      left - 4, y_of(g, top, ph) + 4, g);
	/* the line, broken where a run has no value */
	for (i = 0; i < n && !rc; i++) {
		if (isnan(v[i])) {
			if (open)
				rc = vigie_buf_puts(out, "\"/>");
			open = false;
			continue;
		}
		if (!open)
			rc = vigie_buf_puts(out, "<polyline class=\"series\" points=\"");
		else
			rc = vigie_buf_putc(out, ' ');
		/* whole pixels: as sharp, and faster to print 2,000 times */
		rc |= vigie_buf_printf(out, "%ld,%ld", vigie_lround(x_of(i, n, left, pw)),
				       vigie_lround(y_of(v[i], top, ph)));
		open = true;
	}
	if (open && !rc)
		rc = vigie_buf_puts(out, "\"/>");
	/* a point per run, with its own title */
	for (i = 0; points && i < n && !rc; i++) {
		if (isnan(v[i]))
			continue;
		rc = vigie_buf_printf(out, "<circle class=\"pt\" cx=\"%ld\" cy=\"%ld\""
					   " r=\"%s\"><title>",
				      vigie_lround(x_of(i, n, left, pw)),
				      vigie_lround(y_of(v[i], top, ph)), n > 60 ? "1.5" : "3");
		if (labels && labels[i]) {
			rc |= batch_html_escape(out, labels[i]);
			rc |= vigie_buf_puts(out, ": ");
		}
		rc |= vigie_buf_printf(out, "%ld</title></circle>", vigie_lround(v[i]));
	}
	if (!rc)
		rc = vigie_buf_puts(out, "</svg>");
	return rc ? -1 : 0;
}

int batch_chart_spark(struct vigie_buf *out, const double *v, size_t n, int w,
		      int h)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && !rc; i++)
		rc = vigie_buf_printf(out, "%s%ld,%ld", i ? " " : "",
				      vigie_lround(x_of(i, n, 1, w - 2)),
				      vigie_lround(y_of(v[i], 1, h - 2)));
	return rc ? -1 : 0;
}

/* A share 0..1 as a colour from red to green, lightness for contrast. */
static int heat_fill(struct vigie_buf *out, double share)
{
	if (isnan(share))
		return vigie_buf_puts(out, "#eee");
	return vigie_buf_printf(out, "hsl(%d,65%%,%d%%)", (int)vigie_lround(share * 120),
				(int)vigie_lround(42 + share * 8));
}

int batch_chart_heat(struct vigie_buf *out, const struct batch_heat_row *rows,
		     size_t nrows, size_t ncols, const char *const *cols,
		     const char *id, const char *label)
{
	const int lw = 190, cw = ncols > 40 ? 6 : ncols > 15 ? 10 : 18, ch = 16;
	const int rw = 44;
	int w = lw + (int)ncols * cw + rw, h = (int)nrows * ch + 4;
	size_t r, c;
	int rc;

	rc = vigie_buf_printf(out, "<svg class=\"chart heat\" id=\"%s\" role=\"img\""
				   " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
				   " aria-labelledby=\"%s-t\"><title id=\"%s-t\">",
			      id, w, h, w, h, id, id);
	rc |= batch_html_escape(out, label);
	rc |= vigie_buf_puts(out, "</title>");
	for (r = 0; r < nrows && !rc; r++) {
		const struct batch_heat_row *row = &rows[r];
		double last = ncols ? row->v[ncols - 1] : NAN;
		int y = (int)r * ch + 2;
		rc = vigie_buf_printf(out, "<g class=\"practice\" data-rule=\"");
		rc |= batch_html_escape(out, row->id);
		rc |= vigie_buf_printf(out, "\"><text x=\"%d\" y=\"%d\""
					    " text-anchor=\"end\">", lw - 6, y + 12);
		rc |= batch_html_escape(out, row->id);
		if (row->title) {
			rc |= vigie_buf_puts(out, "<title>");
			rc |= batch_html_escape(out, row->title);
			rc |= vigie_buf_puts(out, "</title>");
		}
		rc |= vigie_buf_puts(out, "</text>");
		for (c = 0; c < ncols && !rc; c++) {
			rc = vigie_buf_printf(out, "<rect class=\"cell\" x=\"%d\" y=\"%d\""
						   " width=\"%d\" height=\"%d\" fill=\"",
					      lw + (int)c * cw, y, cw - 1, ch - 2);
			rc |= heat_fill(out, row->v[c]);
			rc |= vigie_buf_puts(out, "\"><title>");
			rc |= batch_html_escape(out, row->id);
			if (cols && cols[c]) {
				rc |= vigie_buf_puts(out, ", ");
				rc |= batch_html_escape(out, cols[c]);
			}
			rc |= isnan(row->v[c])
				      ? vigie_buf_puts(out, ": \xe2\x80\x93")
				      : vigie_buf_printf(out, ": %.0f%%",
							 row->v[c] * 100);
			rc |= vigie_buf_puts(out, "</title></rect>");
		}
		if (!rc)
			rc = isnan(last) ? vigie_buf_printf(out, "<text x=\"%d\" y=\"%d\">"
								 "\xe2\x80\x93</text>",
							    w - rw + 4, y + 12)
					 : vigie_buf_printf(out, "<text x=\"%d\" y=\"%d\">"
								 "%.0f%%</text>",
							    w - rw + 4, y + 12,
							    last * 100);
		rc |= vigie_buf_puts(out, "</g>");
	}
	if (!rc)
		rc = vigie_buf_puts(out, "</svg>");
	return rc ? -1 : 0;
}
