/* SPDX-License-Identifier: EUPL-1.2 */
/* The batch report page: page.html with its words and the records inserted. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/i18n.h"
#include "internal.h"
#include "vigie/rules.h"
#include "vigie/target.h"
#include "fs.h"
#include "json.h"
#include "banned.h"

/*
 * The page's own words, by the key its script looks them up with; each %s
 * stands for a value the script puts in, in order.  A key ending in ".one"
 * is the message for a count of 0 or 1, which French says in the singular
 * (the English is the same).  Themes are added from batch_theme_words as
 * "theme.ID".
 */
static const struct {
	const char *key;
	const char *msgid;
} words[] = {
	{ "all_pass", N_("every practice passes") },
	{ "changes", N_("%s improved, %s regressed, %s same, %s new") },
	{ "col.failing", N_("failing") },
	{ "col.score", N_("score") },
	{ "col.status", N_("status") },
	{ "col.target", N_("repository") },
	{ "counts", N_("%s repositories: %s audited, %s unchanged, "
		       "%s errors") },
	{ "counts.one", NC_("one", "%s repositories: %s audited, %s unchanged, "
				   "%s errors") },
	{ "all_statuses", N_("every status") },
	{ "col.trend", N_("trend") },
	{ "delta_since", N_("since the previous run (%s): mean score %s, "
			    "repositories %s, errors %s, audited %s, "
			    "unchanged %s") },
	{ "forge", N_("%s on its forge") },
	{ "mean", N_("mean score %s") },
	{ "page", N_("page of %s") },
	{ "spark", N_("score over its last %s runs: %s") },
	{ "failing_in", N_("%s: failing in %s of %s") },
	{ "filter", N_("filter: repository, status, rule id") },
	{ "finding.error", NC_("rule", "error") },
	{ "finding.fail", NC_("rule", "fail") },
	{ "finding.partial", NC_("rule", "partial") },
	{ "improved_in", N_("%s improved in %s") },
	{ "improved_in.one", NC_("one", "%s improved in %s") },
	{ "no_worst", N_("no practice fails") },
	{ "regressed_in", N_("%s regressed in %s") },
	{ "run", N_("run of %s (%s min), vigie %s, rules %s") },
	{ "run_orgs", N_("organisations: %s") },
	{ "regressed_in.one", NC_("one", "%s regressed in %s") },
	{ "sep", NC_("separator", ": ") },
	{ "shown", N_("%s shown") },
	{ "since", N_("Since the previous run") },
	{ "status.audited", NC_("repository", "audited") },
	{ "status.error", NC_("repository", "error") },
	{ "status.unchanged", NC_("repository", "unchanged") },
	{ "worst", N_("Worst practices") },
};

/* The words above and the themes', in lang, as one JSON object. */
static json_t *page_words(enum vigie_lang lang)
{
	json_t *out = json_object();
	const char *text;
	char key[64];
	size_t i;
	int t;

	for (i = 0; out && i < VIGIE_ARRAY_SIZE(words); i++) {
		text = vigie_i18n_text(lang, words[i].msgid);
		if (json_object_set_new(out, words[i].key, json_string(text)) < 0)
			goto fail;
	}
	for (t = 0; out && t < VIGIE_THEME_COUNT; t++) {
		snprintf(key, sizeof(key), "theme.%s", vigie_theme_name(t));
		text = vigie_i18n_text(lang, batch_theme_words[t]);
		if (json_object_set_new(out, key, json_string(text)) < 0)
			goto fail;
	}
	return out;
fail:
	json_decref(out);
	return NULL;
}

/*
 * JSON inside a <script> element: a '<' could close it or open a comment,
 * so every one becomes \u003c, which JSON.parse reads back unchanged.
 */
static int put_script_json(struct vigie_buf *out, json_t *v)
{
	struct vigie_buf tmp = VIGIE_BUF_INIT;
	size_t i;
	int rc = v ? vigie_json_dump(&tmp, v, JSON_COMPACT | JSON_REAL_PRECISION(6))
		   : VIGIE_EGENERIC;

	for (i = 0; !rc && i < tmp.len; i++)
		rc = tmp.ptr[i] == '<' ? vigie_buf_puts(out, "\\u003c")
				       : vigie_buf_putc(out, tmp.ptr[i]);
	vigie_buf_release(&tmp);
	return rc;
}

/* "2026-01-31 04:00" of an ISO 8601 date, into a buffer of 17 or more. */
static const char *run_date(char *out, size_t n, json_t *run)
{
	const char *s = json_string_value(json_object_get(run, "started"));

	snprintf(out, n, "%.16s", s ? s : "");
	if (strlen(out) > 10 && out[10] == 'T')
		out[10] = ' ';
	return out;
}

static double number_or_nan(json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* The shares of a practice, for sorting: latest first, lowest first. */
struct practice {
	const char *id;
	const char *title;
	double weight;
	double *v;
};

static int by_latest_share(const void *a, const void *b)
{
	const struct practice *x = a, *y = b;
	double u = x->v[0], w = y->v[0];

	if (isnan(u) != isnan(w))
		return isnan(u) ? 1 : -1;
	if (!isnan(u) && u != w)
		return u < w ? -1 : 1;
	/* as low: the one that weighs more in the score first */
	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* The organisation's score, run by run: a line and its table. */
static int trend_html(struct vigie_buf *out, enum vigie_lang lang, json_t *runs)
{
	size_t n = json_array_size(runs), i;
	double *v = calloc(n ? n : 1, sizeof(*v));
	char (*dates)[20] = calloc(n ? n : 1, sizeof(*dates));
	const char **labels = calloc(n ? n : 1, sizeof(*labels));
	struct vigie_buf title = VIGIE_BUF_INIT;
	json_t *r;
	int rc = -1;

	if (!v || !dates || !labels)
		goto out;
	json_array_foreach(runs, i, r) {
		v[i] = number_or_nan(json_object_get(r, "score"));
		labels[i] = run_date(dates[i], sizeof(dates[i]), r);
	}
	rc = batch_say(&title, lang, N_("Mean score over the last %zu runs"), n);
	rc |= vigie_buf_puts(out, "<section id=\"trend-box\"><h2>");
	rc |= batch_html_escape(out, title.ptr);
	rc |= vigie_buf_puts(out, "</h2>");
	rc |= batch_chart_line(out, v, labels, n, 640, 180, true, "trend",
			       title.ptr);
	/* the same figures as text, for a screen reader */
	rc |= vigie_buf_printf(out, "<table class=\"sr-only\" id=\"trend-data\">"
				    "<caption>%s</caption><tr><th>%s</th><th>%s</th>"
				    "<th>%s</th><th>%s</th></tr>",
			       title.ptr, vigie_i18n_text(lang, N_("run")),
			       vigie_i18n_text(lang, N_("score")),
			       vigie_i18n_text(lang, N_("repository")),
			       vigie_i18n_text(lang, NC_("repository", "error")));
	json_array_foreach(runs, i, r) {
		if (rc)
			break;
		rc = vigie_buf_printf(out, "<tr><td>%s</td><td>", labels[i]);
		rc |= isnan(v[i]) ? vigie_buf_puts(out, "\xe2\x80\x93")
				  : vigie_buf_printf(out, "%.0f", v[i]);
		rc |= vigie_buf_printf(out, "</td><td>%lld</td><td>%lld</td></tr>",
				       (long long)json_integer_value(json_object_get(r, "repositories")),
				       (long long)json_integer_value(json_object_get(r, "errors")));
	}
	rc |= vigie_buf_puts(out, "</table></section>");
out:
	free(v);
	free(dates);
	free(labels);
	vigie_buf_release(&title);
	return rc ? -1 : 0;
}

/* Keep the heat map readable: its latest HEAT_RUNS runs. */
#define HEAT_RUNS 30

/*
 * Each practice's share of passing repositories over the latest runs, the
 * lowest now first: the practice to push next is the top row.
 */
static int heat_html(struct vigie_buf *out, enum vigie_lang lang, json_t *hist)
{
	json_t *runs = json_object_get(hist, "runs");
	json_t *practices = json_object_get(hist, "practices");
	json_t *rules = json_object_get(hist, "rules"), *a;
	size_t n = json_array_size(runs), cols = n > HEAT_RUNS ? HEAT_RUNS : n;
	size_t from = n - cols, np = json_object_size(practices), i = 0, c;
	struct practice *p = calloc(np ? np : 1, sizeof(*p));
	struct batch_heat_row *rows = calloc(np ? np : 1, sizeof(*rows));
	double *v = calloc((np ? np : 1) * (cols + 1), sizeof(*v));
	char (*dates)[20] = calloc(cols ? cols : 1, sizeof(*dates));
	const char **labels = calloc(cols ? cols : 1, sizeof(*labels));
	const char *id, *title = vigie_i18n_text(
		lang, N_("Share of repositories passing each practice, run by run "
			 "(the lowest now first)"));
	int rc = -1;

	if (!p || !rows || !v || !dates || !labels)
		goto out;
	for (c = 0; c < cols; c++)
		labels[c] = run_date(dates[c], sizeof(dates[c]),
				     json_array_get(runs, from + c));
	json_object_foreach(practices, id, a) {
		json_t *rule = json_object_get(rules, id);
		/* v[0] is the latest share, for sorting; then the runs */
		p[i].v = v + i * (cols + 1);
		p[i].id = id;
		/* the history keeps English and French titles: English
		 * stands for any other language */
		p[i].title = json_string_value(json_object_get(
			rule, lang == VIGIE_LANG_FR ? "title_fr" : "title_en"));
		p[i].weight = json_number_value(json_object_get(rule, "weight"));
		for (c = 0; c < cols; c++)
			p[i].v[c + 1] = number_or_nan(json_array_get(a, from + c));
		p[i].v[0] = cols ? p[i].v[cols] : NAN;
		i++;
	}
	qsort(p, np, sizeof(*p), by_latest_share);
	for (i = 0; i < np; i++) {
		rows[i].id = p[i].id;
		rows[i].title = p[i].title;
		rows[i].v = p[i].v + 1;
	}
	rc = vigie_buf_puts(out, "<section id=\"heat-box\"><h2>");
	rc |= batch_html_escape(out, title);
	rc |= vigie_buf_puts(out, "</h2>");
	rc |= batch_chart_heat(out, rows, np, cols, labels, "heat", title);
	rc |= vigie_buf_printf(out, "<table class=\"sr-only\" id=\"heat-data\">"
				    "<caption>%s</caption><tr><th>%s</th><th>%s</th>"
				    "<th>%s</th></tr>",
			       title, vigie_i18n_text(lang, N_("rule")),
			       vigie_i18n_text(lang, N_("first run shown")),
			       vigie_i18n_text(lang, N_("latest run")));
	for (i = 0; i < np && !rc; i++) {
		rc = vigie_buf_puts(out, "<tr><td>");
		rc |= batch_html_escape(out, p[i].id);
		if (p[i].title) {
			rc |= vigie_buf_puts(out, " \xe2\x80\x94 ");
			rc |= batch_html_escape(out, p[i].title);
		}
		for (c = 0; c < 2; c++) {
			double x = c ? p[i].v[0] : p[i].v[1];
			rc |= isnan(x) ? vigie_buf_puts(out, "</td><td>\xe2\x80\x93")
				       : vigie_buf_printf(out, "</td><td>%.0f%%", x * 100);
		}
		rc |= vigie_buf_puts(out, "</td></tr>");
	}
	rc |= vigie_buf_puts(out, "</table></section>");
out:
	free(p);
	free(rows);
	free(v);
	free(dates);
	free(labels);
	return rc ? -1 : 0;
}

static int dash_html(struct vigie_buf *out, enum vigie_lang lang, json_t *hist)
{
	json_t *runs = json_object_get(hist, "runs");

	if (!json_array_size(runs)) {
		int rc = vigie_buf_puts(out, "<p id=\"nohistory\">");
		rc |= batch_html_escape(out, vigie_i18n_text(
			lang, N_("no history yet: the charts start with the "
				 "first complete run")));
		return rc | vigie_buf_puts(out, "</p>") ? -1 : 0;
	}
	return trend_html(out, lang, runs) || heat_html(out, lang, hist) ? -1 : 0;
}

/* A repository's address on its forge, https only; NULL for a path. */
static json_t *forge_link(const char *key)
{
	struct vigie_target t;
	struct vigie_error e;
	struct vigie_buf b = VIGIE_BUF_INIT;
	json_t *out = NULL;

	memset(&t, 0, sizeof(t));
	if (vigie_target_parse(&t, key, &e) == 0 && t.kind == VIGIE_TARGET_URL &&
	    t.host && t.repo && vigie_buf_printf(&b, "https://%s/%s", t.host, t.repo) == 0)
		out = json_string(b.ptr);
	vigie_target_release(&t);
	vigie_buf_release(&b);
	return out;
}

/*
 * A row as the index carries it, small for 2,000 repositories (the
 * evidence and the history are on each repository's own page): findings
 * as "INDEX+S INDEX+S" (INDEX in summary.rule_ids, S the status's first
 * letter), themes as an array in the themes' order, no commit.
 */
static int compact_row(json_t *row, json_t *index, struct vigie_buf *b)
{
	json_t *themes = json_object_get(row, "themes"), *f, *a;
	size_t i;
	int t, rc = 0;

	vigie_buf_clear(b);
	json_array_foreach(json_object_get(row, "findings"), i, f) {
		const char *id = json_string_value(json_object_get(f, "id"));
		const char *st = json_string_value(json_object_get(f, "status"));
		json_t *k = id ? json_object_get(index, id) : NULL;
		if (!k || !st)
			continue;
		rc |= vigie_buf_printf(b, "%s%lld%c", b->len ? " " : "",
				       (long long)json_integer_value(k), st[0]);
	}
	json_object_del(row, "findings");
	json_object_del(row, "commit");
	rc |= json_object_set_new(row, "f", json_string(b->len ? b->ptr : ""));
	if (json_is_object(themes)) {
		a = json_array();
		for (t = 0; a && t < VIGIE_THEME_COUNT; t++) {
			json_t *v = json_object_get(themes, vigie_theme_name(t));
			json_array_append_new(a, v ? json_incref(v) : json_null());
		}
		rc |= json_object_set_new(row, "themes", a);
	}
	return rc ? -1 : 0;
}

/*
 * What each row gains from the history and its key: its sparkline (the
 * points, drawn here, and the scores for its text), its own page and its
 * forge's address.  The previous run goes into the summary for the
 * header's deltas, the rules' ids for the compact findings.
 */
static int add_history(json_t *rows, json_t *practices, json_t *summary,
		       json_t *hist)
{
	json_t *spark = json_object_get(hist, "spark"), *runs, *row, *prev = NULL;
	json_t *ids = json_array(), *index = json_object(), *x;
	const char *rule;
	json_t *run = json_object_get(summary, "run");
	const char *key = json_string_value(json_object_get(run, "id")), *last;
	struct vigie_buf b = VIGIE_BUF_INIT;
	double v[64];
	size_t i, j, n;
	int rc = 0;

	runs = json_object_get(hist, "runs");
	n = json_array_size(runs);
	/* the run before this one: this one is the last if it was imported */
	last = n ? json_string_value(json_object_get(json_array_get(runs, n - 1),
						      "key")) : NULL;
	if (key && last && !strcmp(key, last))
		prev = n > 1 ? json_array_get(runs, n - 2) : NULL;
	else if (n)
		prev = json_array_get(runs, n - 1);
	if (prev)
		json_object_set(summary, "previous", prev);
	json_object_foreach(practices, rule, x) {
		json_object_set_new(index, rule, json_integer((json_int_t)json_array_size(ids)));
		json_array_append_new(ids, json_string(rule));
	}
	json_object_set(summary, "rule_ids", ids);
	json_array_foreach(rows, i, row) {
		const char *target = json_string_value(json_object_get(row, "target"));
		json_t *a = json_object_get(spark, target ? target : "");
		char *name = target ? batch_repo_name(target) : NULL;
		size_t m = 0;
		json_array_foreach(a, j, x)
			if (m < VIGIE_ARRAY_SIZE(v))
				v[m++] = json_number_value(x);
		vigie_buf_clear(&b);
		rc |= compact_row(row, index, &b);
		if (m > 1) {
			vigie_buf_clear(&b);
			rc |= batch_chart_spark(&b, v, m, 60, 16);
			json_object_set_new(row, "spark", json_string(b.ptr));
			vigie_buf_clear(&b);
			for (j = 0; j < m; j++)
				rc |= vigie_buf_printf(&b, "%s%.0f", j ? " " : "", v[j]);
			json_object_set_new(row, "sv", json_string(b.ptr));
		}
		if (name) {
			vigie_buf_clear(&b);
			rc |= vigie_buf_printf(&b, "repos/%s.html", name);
			json_object_set_new(row, "page", json_string(b.ptr));
		}
		if (target && (x = forge_link(target)))
			json_object_set_new(row, "link", x);
		free(name);
	}
	vigie_buf_release(&b);
	json_decref(ids);
	json_decref(index);
	return rc || !ids || !index ? -1 : 0;
}

int batch_html_write(const char *path, enum vigie_lang lang, json_t *rows,
		     json_t *practices, json_t *summary, json_t *hist,
		     struct vigie_error *err)
{
	/* In the order the template holds them; @LANG@ and @DASH@ are bare. */
	static const char *const slots[] = { "@LANG@", "@DASH@", "@UI@", "@DATA@",
					     "@RULES@", "@SUMMARY@" };
	json_t *ui = page_words(lang);
	json_t *values[] = { NULL, NULL, ui, rows, practices, summary };
	struct vigie_buf out = VIGIE_BUF_INIT;
	size_t len = 0, i;
	const char *page = vigie_rules_embedded_data("batch-page.html", &len);
	const char *at = page, *end = page + len, *slot;
	int rc = add_history(rows, practices, summary, hist);

	for (i = 0; i < VIGIE_ARRAY_SIZE(slots) && !rc; i++) {
		slot = at ? strstr(at, slots[i]) : NULL;
		if (!slot) {
			rc = vigie_error_set(err, VIGIE_EGENERIC, "batch-page.html",
					     N_("the page template has no %s"),
					     slots[i]);
			goto out;
		}
		rc = vigie_buf_add(&out, at, (size_t)(slot - at));
		if (!rc)
			rc = i == 0   ? vigie_buf_puts(&out, vigie_lang_name(lang))
			     : i == 1 ? dash_html(&out, lang, hist)
				      : put_script_json(&out, values[i]);
		at = slot + strlen(slots[i]);
	}
	if (!rc)
		rc = vigie_buf_add(&out, at, (size_t)(end - at));
	if (rc)
		rc = vigie_error_set(err, VIGIE_ENOMEM, path, N_("out of memory"));
	else if (vigie_write_atomic(path, out.ptr, out.len) < 0)
		rc = vigie_error_set(err, VIGIE_EGENERIC, path, N_("cannot write: %s"),
				     strerror(errno));
out:
	json_decref(ui);
	vigie_buf_release(&out);
	return rc;
}
