/* SPDX-License-Identifier: EUPL-1.2 */
/* The Markdown reporter: a compact summary for pull requests and CI job pages. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vigie/date.h"
#include "vigie/report.h"
#include "vigie/scorecard.h"
#include "vigie/rules.h"
#include "vigie/facts.h"
#include "vigie/i18n.h"
#include "vigie/waiver.h"
#include "vigie/version.h"
#include "internal.h"
#include "json.h"
#include "banned.h"

enum msg {
	M_THEME,
	M_SCORE,
	M_FAILING,
	M_FIX,
	M_GUIDE,
	M_GUIDE_H,
	M_WAIVED,
	M_WAIVERS_NOT_APPLIED,
	M_ALL_CHECKS,
	M_RULE,
	M_STATUS,
	M_NONE_FAILING,
	M_COUNT
};

/* In English; other languages come from the catalogues (vigie/i18n.h). */
static const char *const msgs[M_COUNT] = {
	[M_THEME] = N_("Theme"),
	[M_SCORE] = N_("Score"),
	[M_FAILING] = N_("Failing rules"),
	[M_FIX] = N_("Fix"),
	[M_GUIDE] = N_("guide"),
	[M_GUIDE_H] = N_("Guide"),
	[M_WAIVED] = N_("Waived rules"),
	[M_WAIVERS_NOT_APPLIED] = N_("Waivers not applied"),
	[M_ALL_CHECKS] = N_("All checks"),
	[M_RULE] = N_("Rule"),
	[M_STATUS] = N_("Status"),
	[M_NONE_FAILING] = N_("No rule fails."),
};

/*
 * A rule's status in the details table and its level in its reference:
 * in English the names of the scorecard (vigie_status_name,
 * vigie_level_name), in other languages the catalogue's words.
 */
static const char *const status_words[VIGIE_STATUS_COUNT] = {
	[VIGIE_STATUS_PASS] = NC_("rule", "pass"),
	[VIGIE_STATUS_PARTIAL] = NC_("rule", "partial"),
	[VIGIE_STATUS_FAIL] = NC_("rule", "fail"),
	[VIGIE_STATUS_SKIP] = NC_("rule", "skip"),
	[VIGIE_STATUS_ERROR] = NC_("rule", "error"),
	[VIGIE_STATUS_WAIVED] = N_("waived"),
};

static const char *const level_words[VIGIE_LEVEL_COUNT] = {
	[VIGIE_LEVEL_ERROR] = NC_("level", "error"),
	[VIGIE_LEVEL_WARNING] = NC_("level", "warning"),
	[VIGIE_LEVEL_NOTE] = NC_("level", "note"),
};

static const char *const glyphs[VIGIE_STATUS_COUNT] = {
	[VIGIE_STATUS_PASS] = "\xe2\x9c\x85",          /* white check mark */
	[VIGIE_STATUS_PARTIAL] = "\xf0\x9f\x9f\xa1",   /* yellow circle */
	[VIGIE_STATUS_FAIL] = "\xe2\x9d\x8c",          /* cross mark */
	[VIGIE_STATUS_SKIP] = "\xe2\x9e\x96",          /* heavy minus */
	[VIGIE_STATUS_ERROR] = "\xe2\x9d\x97",         /* exclamation */
	[VIGIE_STATUS_WAIVED] = "\xf0\x9f\x94\x95",    /* bell with slash */
};

struct out {
	struct vigie_buf *b;
	int rc;
};

static void put(struct out *w, const char *s)
{
	if (w->rc == 0)
		w->rc = vigie_buf_puts(w->b, s);
}

static void printfw(struct out *w, const char *fmt, ...) VIGIE_PRINTF(2, 3);

static void printfw(struct out *w, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	put(w, tmp);
}

/* One of vigie's own words, in l. */
static const char *word(enum vigie_lang l, enum msg m)
{
	return vigie_i18n_text(l, msgs[m]);
}

/* One of vigie's own templates (mark it N_), formatted in l. */
static void sayf(struct out *w, enum vigie_lang l, const char *msgid, ...)
	VIGIE_PRINTF(3, 4);

static void sayf(struct out *w, enum vigie_lang l, const char *msgid, ...)
{
	va_list ap;

	/* The catalogue keeps only translations with the same conversions. */
	va_start(ap, msgid);
	if (w->rc == 0)
		w->rc = vigie_buf_vprintf(w->b, vigie_i18n_text(l, msgid), ap);
	va_end(ap);
}

/*
 * Text from a repository or a pack, made inert: control characters are
 * escaped first (as in the text report), then Markdown's punctuation is
 * backslash-escaped and HTML's < > & become entities, so nothing can open
 * a link, a table cell, an image or an HTML tag.
 */
static int md_escape(struct vigie_buf *out, const char *s)
{
	struct vigie_buf raw = VIGIE_BUF_INIT;
	size_t i;
	int rc;

	rc = vigie_escape_text(&raw, s, strlen(s));
	for (i = 0; rc == 0 && i < raw.len; i++) {
		char c = raw.ptr[i];
		if (c == '<') {
			rc = vigie_buf_puts(out, "&lt;");
		} else if (c == '>') {
			rc = vigie_buf_puts(out, "&gt;");
		} else if (c == '&') {
			rc = vigie_buf_puts(out, "&amp;");
		} else if (strchr("\\`*_[]|~#!", c)) {
			char e[3] = { '\\', c, 0 };
			rc = vigie_buf_puts(out, e);
		} else {
			rc = vigie_buf_putc(out, c);
		}
	}
	vigie_buf_release(&raw);
	return rc;
}

static void md(struct out *w, const char *s)
{
	if (s && w->rc == 0)
		w->rc = md_escape(w->b, s);
}

/*
 * A message vigie wrote and kept as data (a waiver's: field key of obj),
 * in l, made inert as md() does.
 */
static void md_say(struct out *w, enum vigie_lang l, const json_t *obj,
		   const char *key)
{
	struct vigie_buf b = VIGIE_BUF_INIT;

	if (w->rc || !json_is_string(json_object_get(obj, key)))
		return;
	w->rc = vigie_msg_render_json(&b, l, obj, key);
	if (w->rc == 0 && b.ptr)
		w->rc = md_escape(w->b, b.ptr);
	vigie_buf_release(&b);
}

static void header(struct out *w, const struct vigie_scorecard *sc,
		   enum vigie_lang l, const size_t *counts)
{
	struct vigie_buf target = VIGIE_BUF_INIT;
	char date[VIGIE_DATE_MAX], score[16];
	bool first = true;
	int i;

	vigie_date_format(date, sc->commit_time, VIGIE_DATE_DAY);
	if (sc->overall >= 0)
		snprintf(score, sizeof(score), "%.0f", sc->overall);
	else
		snprintf(score, sizeof(score), "-");
	if (w->rc == 0)
		w->rc = md_escape(&target, sc->target ? sc->target : "");
	put(w, "### ");
	sayf(w, l, N_("vigie %s/100 for %s"), score,
	     target.ptr ? target.ptr : "");
	vigie_buf_release(&target);
	put(w, "\n\n");
	if (sc->ref) {
		md(w, sc->ref);
		put(w, " @ ");
	}
	printfw(w, "`%.12s`, %s", sc->commit ? sc->commit : "", date);
	if (sc->as_of && vigie_date_format(date, sc->as_of, VIGIE_DATE_DAY)) {
		/* The one clock every age of the report is counted from. */
		put(w, ", ");
		sayf(w, l, N_("ages as of %s"), date);
	}
	put(w, " \xc2\xb7 ");
	for (i = 0; i < VIGIE_STATUS_COUNT; i++) {
		if (!counts[i] && i != VIGIE_STATUS_PASS && i != VIGIE_STATUS_FAIL)
			continue;
		put(w, first ? "" : ", ");
		if (w->rc == 0)
			w->rc = report_status_count(w->b, l, (enum vigie_status)i,
						    counts[i]);
		first = false;
	}
	put(w, "\n\n");
}

static void themes(struct out *w, const struct vigie_scorecard *sc,
		   enum vigie_lang l)
{
	int t;

	printfw(w, "| %s | %s |\n| --- | ---: |\n", word(l, M_THEME),
		word(l, M_SCORE));
	for (t = 0; t < VIGIE_THEME_COUNT; t++) {
		double s = vigie_scorecard_theme_score(sc, (enum vigie_theme)t);
		printfw(w, "| %s (%d) | ",
			vigie_i18n_text(l, report_theme_titles[t]), t + 1);
		if (s >= 0)
			printfw(w, "%.0f |\n", s);
		else
			put(w, "- |\n");
	}
	put(w, "\n");
}

static void rule_ref(struct out *w, const struct vigie_rule *rule,
		     enum vigie_lang l)
{
	put(w, " (`");
	put(w, rule->id);
	put(w, "`, ");
	put(w, word(l, M_GUIDE));
	put(w, " ");
	md(w, rule->guide);
	put(w, ", ");
	put(w, rule->level < VIGIE_LEVEL_COUNT
		       ? vigie_i18n_text(l, level_words[rule->level])
		       : vigie_level_name(rule->level));
	put(w, ")");
}

static void failing(struct out *w, const struct vigie_scorecard *sc,
		    enum vigie_lang l)
{
	size_t i, n = 0;

	printfw(w, "#### %s\n\n", word(l, M_FAILING));
	/* Most severe first: errors, then warnings, then notes. */
	for (int lvl = 0; lvl < VIGIE_LEVEL_COUNT; lvl++) {
		for (i = 0; i < sc->count; i++) {
			const struct vigie_result *r = &sc->results[i];
			if ((r->status != VIGIE_STATUS_FAIL &&
			     r->status != VIGIE_STATUS_PARTIAL) ||
			    (int)r->rule->level != lvl)
				continue;
			n++;
			printfw(w, "- %s **", glyphs[r->status]);
			md(w, vigie_rule_text(r->rule, VIGIE_RULE_TITLE, l));
			put(w, "**");
			rule_ref(w, r->rule, l);
			if (r->status == VIGIE_STATUS_PARTIAL)
				printfw(w, " %.0f%%", r->score * 100);
			put(w, "  \n  ");
			put(w, word(l, M_FIX));
			put(w, vigie_i18n_text(l, NC_("separator", ": ")));
			md(w, vigie_rule_text(r->rule, VIGIE_RULE_REMEDIATION, l));
			put(w, "\n");
		}
	}
	if (!n) {
		put(w, word(l, M_NONE_FAILING));
		put(w, "\n");
	}
	put(w, "\n");
}

static void waived(struct out *w, const struct vigie_scorecard *sc,
		   enum vigie_lang l, size_t count)
{
	size_t i, n = 0;

	if (count) {
		printfw(w, "#### %s\n\n", word(l, M_WAIVED));
		for (i = 0; i < sc->count; i++) {
			const struct vigie_result *r = &sc->results[i];
			if (r->status != VIGIE_STATUS_WAIVED)
				continue;
			printfw(w, "- %s **", glyphs[r->status]);
			md(w, vigie_rule_text(r->rule, VIGIE_RULE_TITLE, l));
			put(w, "**");
			rule_ref(w, r->rule, l);
			put(w, ": ");
			md(w, r->reason);
			put(w, "\n");
		}
		put(w, "\n");
	}
	for (i = 0; i < json_array_size(sc->waivers); i++) {
		json_t *e = json_array_get(sc->waivers, i);
		const char *state = json_string_value(json_object_get(e, "state"));
		const char *rule = json_string_value(json_object_get(e, "rule"));

		if (!state || !strcmp(state, "applied"))
			continue;
		if (!n++)
			printfw(w, "#### %s\n\n", word(l, M_WAIVERS_NOT_APPLIED));
		put(w, "- ");
		md(w, json_string_value(json_object_get(e, "where")));
		put(w, ": ");
		if (rule) {
			md(w, rule);
			put(w, ": ");
		}
		md_say(w, l, e, "message");
		put(w, "\n");
	}
	if (n)
		put(w, "\n");
}

static void details(struct out *w, const struct vigie_scorecard *sc,
		    enum vigie_lang l)
{
	size_t i;
	int t;

	printfw(w, "<details>\n<summary>%s (%zu)</summary>\n\n",
		word(l, M_ALL_CHECKS), sc->count);
	printfw(w, "| | %s | %s | %s | %s |\n| --- | --- | --- | --- | --- |\n",
		word(l, M_RULE), word(l, M_THEME), word(l, M_GUIDE_H),
		word(l, M_STATUS));
	for (t = 0; t < VIGIE_THEME_COUNT; t++) {
		for (i = 0; i < sc->count; i++) {
			const struct vigie_result *r = &sc->results[i];
			if ((int)r->rule->theme != t)
				continue;
			printfw(w, "| %s | ", glyphs[r->status]);
			md(w, vigie_rule_text(r->rule, VIGIE_RULE_TITLE, l));
			printfw(w, " (`%s`) | %s | ", r->rule->id,
				vigie_i18n_text(l, report_theme_titles[t]));
			md(w, r->rule->guide);
			put(w, " | ");
			put(w, r->status < VIGIE_STATUS_COUNT
				       ? vigie_i18n_text(l, status_words[r->status])
				       : vigie_status_name(r->status));
			if (r->status == VIGIE_STATUS_PARTIAL)
				printfw(w, " %.0f%%", r->score * 100);
			put(w, " |\n");
		}
	}
	put(w, "\n</details>\n");
}

int vigie_report_markdown(struct vigie_buf *out,
			  const struct vigie_scorecard *sc,
			  const struct vigie_report_opts *opts,
			  struct vigie_error *err)
{
	struct out w = { out, 0 };
	enum vigie_lang l;
	size_t counts[VIGIE_STATUS_COUNT] = { 0 };
	size_t i;

	if (vigie_report_opts_check(opts, err) < 0)
		return VIGIE_EINVALID;
	l = opts->lang;
	vigie_nomem_take();
	for (i = 0; i < sc->count; i++)
		counts[sc->results[i].status]++;
	header(&w, sc, l, counts);
	themes(&w, sc, l);
	failing(&w, sc, l);
	waived(&w, sc, l, counts[VIGIE_STATUS_WAIVED]);
	details(&w, sc, l);
	/* a message that could not be translated is no English one */
	if (w.rc == 0 && vigie_nomem_take())
		w.rc = VIGIE_ENOMEM;
	if (w.rc < 0)
		return vigie_error_set(err, w.rc, "", "cannot format report");
	return 0;
}
