/* SPDX-License-Identifier: EUPL-1.2 */
/* A page per repository: its scorecard, its history, its rules' changes. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/i18n.h"
#include "vigie/rules.h"
#include "internal.h"
#include "fs.h"
#include "json.h"
#include "banned.h"

/* A page shows the latest runs of its repository; its changes, all. */
#define PAGE_RUNS 90

struct pages {
	const char *dir;
	enum vigie_lang lang;
	json_t *practices;
	struct vigie_buf out, path;
};

static const struct {
	const char *status, *msgid;
} status_words[] = {
	{ "error", NC_("rule", "error") },
	{ "fail", NC_("rule", "fail") },
	{ "partial", NC_("rule", "partial") },
	{ "pass", NC_("rule", "pass") },
	{ "skip", NC_("rule", "skip") },
	{ "waived", N_("waived") },
	{ "audited", NC_("repository", "audited") },
	{ "unchanged", NC_("repository", "unchanged") },
};

static const char *status_word(enum vigie_lang lang, const char *status)
{
	size_t i;

	for (i = 0; status && i < VIGIE_ARRAY_SIZE(status_words); i++)
		if (!strcmp(status, status_words[i].status))
			return vigie_i18n_text(lang, status_words[i].msgid);
	return status ? status : "";
}

static bool passing(const char *s)
{
	return s && (!strcmp(s, "pass") || !strcmp(s, "waived"));
}

static bool failing(const char *s)
{
	return s && (!strcmp(s, "fail") || !strcmp(s, "partial") ||
		     !strcmp(s, "error"));
}

static const char *text_of(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static int esc(struct pages *p, const char *s)
{
	return batch_html_escape(&p->out, s);
}

static int say(struct pages *p, const char *msgid)
{
	return esc(p, vigie_i18n_text(p->lang, msgid));
}

/* A practice's text ({"en", "fr"}) in the page's language. */
static const char *in_lang(struct pages *p, json_t *t)
{
	const char *s = json_string_value(json_object_get(t, vigie_lang_name(p->lang)));

	return s ? s : text_of(t, "en");
}

/* "2026-01-31" of a date, into a buffer of 11 or more. */
static const char *day(char *out, size_t n, const char *iso)
{
	snprintf(out, n, "%.10s", iso ? iso : "");
	return out;
}

static const char style[] =
	"<style>body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;"
	"color:#1d1d1f}h1{font-size:1.4em;word-break:break-all}"
	"h2{font-size:1.1em;margin:1.2em 0 .4em}table{border-collapse:collapse}"
	"th,td{padding:.25em .6em;border-bottom:1px solid #e3e3e3;"
	"text-align:left;vertical-align:top}.fail,.error{color:#b00020}"
	".partial{color:#8a5300}.pass,.waived{color:#137333}"
	".themes{display:flex;flex-wrap:wrap;gap:1em}.themes h3{font-size:1em;"
	"margin:0}.chart text{font-size:10px;fill:#555}.grid{stroke:#ddd}"
	".series{fill:none;stroke:#1a56db;stroke-width:2}.pt{fill:#1a56db}"
	"code{word-break:break-all}td:first-child code{white-space:nowrap}</style>";

/* The score and each theme's, over the latest PAGE_RUNS runs. */
static int history_html(struct pages *p, json_t *history)
{
	size_t n = json_array_size(history), from = n > PAGE_RUNS ? n - PAGE_RUNS : 0;
	size_t m = n - from, i;
	double *v = calloc(m ? m : 1, sizeof(*v));
	char (*dates)[11] = calloc(m ? m : 1, sizeof(*dates));
	const char **labels = calloc(m ? m : 1, sizeof(*labels));
	char id[32];
	int rc = -1, t;

	if (!v || !dates || !labels)
		goto out;
	for (i = 0; i < m; i++) {
		json_t *h = json_array_get(history, from + i), *x = json_object_get(h, "score");
		v[i] = json_is_number(x) ? json_number_value(x) : NAN;
		labels[i] = day(dates[i], sizeof(dates[i]), text_of(h, "started"));
	}
	rc = vigie_buf_puts(&p->out, "<section id=\"score-box\"><h2>");
	rc |= say(p, N_("Score over time"));
	rc |= vigie_buf_puts(&p->out, "</h2>");
	rc |= batch_chart_line(&p->out, v, labels, m, 640, 180, true, "score",
			       vigie_i18n_text(p->lang, N_("Score over time")));
	rc |= vigie_buf_puts(&p->out, "</section><section id=\"themes-box\"><h2>");
	rc |= say(p, N_("Themes over time"));
	rc |= vigie_buf_puts(&p->out, "</h2><div class=\"themes\">");
	for (t = 0; t < VIGIE_THEME_COUNT && !rc; t++) {
		const char *name = vigie_theme_name(t);
		for (i = 0; i < m; i++) {
			json_t *x = json_object_get(json_array_get(history, from + i), name);
			v[i] = json_is_number(x) ? json_number_value(x) : NAN;
		}
		snprintf(id, sizeof(id), "theme-%s", name);
		rc = vigie_buf_puts(&p->out, "<div><h3>");
		rc |= say(p, batch_theme_words[t]);
		rc |= vigie_buf_puts(&p->out, "</h3>");
		rc |= batch_chart_line(&p->out, v, labels, m, 200, 80, false, id,
				       vigie_i18n_text(p->lang, batch_theme_words[t]));
		rc |= vigie_buf_puts(&p->out, "</div>");
	}
	/* the same figures as a table, for a screen reader or a copy */
	rc |= vigie_buf_puts(&p->out, "</div><details><summary>");
	rc |= say(p, N_("the figures"));
	rc |= vigie_buf_puts(&p->out, "</summary><table id=\"history-data\"><tr><th>");
	rc |= say(p, N_("run"));
	rc |= vigie_buf_puts(&p->out, "</th><th>");
	rc |= say(p, N_("status"));
	rc |= vigie_buf_puts(&p->out, "</th><th>");
	rc |= say(p, N_("score"));
	for (t = 0; t < VIGIE_THEME_COUNT; t++) {
		rc |= vigie_buf_puts(&p->out, "</th><th>");
		rc |= say(p, batch_theme_words[t]);
	}
	rc |= vigie_buf_puts(&p->out, "</th><th>commit</th></tr>");
	for (i = 0; i < m && !rc; i++) {
		json_t *h = json_array_get(history, from + i), *x;
		rc = vigie_buf_printf(&p->out, "<tr><td>%s</td><td>", labels[i]);
		rc |= esc(p, status_word(p->lang, text_of(h, "status")));
		x = json_object_get(h, "score");
		rc |= json_is_number(x) ? vigie_buf_printf(&p->out, "</td><td>%.0f",
							   json_number_value(x))
					: vigie_buf_puts(&p->out, "</td><td>");
		for (t = 0; t < VIGIE_THEME_COUNT; t++) {
			x = json_object_get(h, vigie_theme_name(t));
			rc |= json_is_number(x)
				      ? vigie_buf_printf(&p->out, "</td><td>%.0f",
							 json_number_value(x))
				      : vigie_buf_puts(&p->out, "</td><td>");
		}
		rc |= vigie_buf_puts(&p->out, "</td><td><code>");
		rc |= vigie_buf_printf(&p->out, "%.12s", text_of(h, "commit"));
		rc |= vigie_buf_puts(&p->out, "</code></td></tr>");
	}
	rc |= vigie_buf_puts(&p->out, "</table></details></section>");
out:
	free(v);
	free(dates);
	free(labels);
	return rc ? -1 : 0;
}

/* The latest scorecard: each rule's status, its evidence and its fix. */
static int checks_html(struct pages *p, json_t *checks)
{
	json_t *c;
	size_t i;
	int rc;

	rc = vigie_buf_puts(&p->out, "<section id=\"scorecard\"><h2>");
	rc |= say(p, N_("Scorecard"));
	rc |= vigie_buf_puts(&p->out, "</h2><table id=\"checks\"><tr><th>");
	rc |= say(p, N_("rule"));
	rc |= vigie_buf_puts(&p->out, "</th><th>");
	rc |= say(p, N_("status"));
	rc |= vigie_buf_puts(&p->out, "</th><th>");
	rc |= say(p, N_("practice"));
	rc |= vigie_buf_puts(&p->out, "</th><th>");
	rc |= say(p, N_("evidence"));
	rc |= vigie_buf_puts(&p->out, "</th><th>");
	rc |= say(p, N_("how to fix it"));
	rc |= vigie_buf_puts(&p->out, "</th></tr>");
	json_array_foreach(checks, i, c) {
		const char *rule = text_of(c, "rule"), *st = text_of(c, "status");
		json_t *pr = json_object_get(p->practices, rule);
		if (rc)
			break;
		rc = vigie_buf_puts(&p->out, "<tr data-rule=\"");
		rc |= esc(p, rule);
		rc |= vigie_buf_puts(&p->out, "\"><td><code>");
		rc |= esc(p, rule);
		rc |= vigie_buf_puts(&p->out, "</code></td><td class=\"");
		rc |= esc(p, st);
		rc |= vigie_buf_puts(&p->out, "\">");
		rc |= esc(p, status_word(p->lang, st));
		rc |= vigie_buf_puts(&p->out, "</td><td>");
		rc |= esc(p, in_lang(p, json_object_get(pr, "title")));
		rc |= vigie_buf_puts(&p->out, "</td><td><code>");
		rc |= esc(p, text_of(c, "evidence"));
		rc |= vigie_buf_puts(&p->out, "</code></td><td>");
		if (!passing(st) && strcmp(st, "skip"))
			rc |= esc(p, in_lang(p, json_object_get(pr, "remediation")));
		rc |= vigie_buf_puts(&p->out, "</td></tr>");
	}
	return rc | vigie_buf_puts(&p->out, "</table></section>") ? -1 : 0;
}

/* When each rule changed status: first seen, fixed, broken, at which commit. */
static int changes_html(struct pages *p, json_t *changes)
{
	const char *was = NULL, *rule = NULL;
	json_t *c;
	size_t i;
	int rc;

	rc = vigie_buf_puts(&p->out, "<section id=\"changes-box\"><h2>");
	rc |= say(p, N_("When each rule changed"));
	rc |= vigie_buf_puts(&p->out, "</h2><table id=\"changes\">");
	json_array_foreach(changes, i, c) {
		const char *r = text_of(c, "rule"), *st = text_of(c, "status");
		struct vigie_buf line = VIGIE_BUF_INIT;
		char date[11], commit[13];
		if (rc)
			break;
		if (!rule || strcmp(rule, r)) {
			if (rule)
				rc |= vigie_buf_puts(&p->out, "</ul></td></tr>");
			rc |= vigie_buf_puts(&p->out, "<tr data-rule=\"");
			rc |= esc(p, r);
			rc |= vigie_buf_puts(&p->out, "\"><td><code>");
			rc |= esc(p, r);
			rc |= vigie_buf_puts(&p->out, "</code></td><td><ul>");
			rule = r;
			was = NULL;
		}
		day(date, sizeof(date), text_of(c, "started"));
		snprintf(commit, sizeof(commit), "%.12s", text_of(c, "commit"));
		if (!was)
			rc |= batch_say(&line, p->lang, N_("first %s on %s, at %s"),
					status_word(p->lang, st), date, commit);
		else if (passing(st) && failing(was))
			rc |= batch_say(&line, p->lang, N_("fixed on %s by %s"),
					date, commit);
		else if (failing(st) && passing(was))
			rc |= batch_say(&line, p->lang, N_("broken on %s by %s"),
					date, commit);
		else
			rc |= batch_say(&line, p->lang, N_("%s from %s, at %s"),
					status_word(p->lang, st), date, commit);
		rc |= vigie_buf_printf(&p->out, "<li class=\"change %s\">",
				       passing(st) ? "pass" : failing(st) ? "fail" : "other");
		rc |= esc(p, line.ptr);
		rc |= vigie_buf_puts(&p->out, "</li>");
		vigie_buf_release(&line);
		was = st;
	}
	if (rule)
		rc |= vigie_buf_puts(&p->out, "</ul></td></tr>");
	return rc | vigie_buf_puts(&p->out, "</table></section>") ? -1 : 0;
}

static int write_page(json_t *repo, void *payload, struct vigie_error *err)
{
	struct pages *p = payload;
	const char *target = text_of(repo, "target");
	char *name = batch_repo_name(target);
	json_t *history = json_object_get(repo, "history");
	json_t *last = json_array_get(history, json_array_size(history) - 1);
	json_t *score = json_object_get(last, "score");
	const char *s;
	size_t depth = 1;
	int rc;

	if (!name)
		return 0; /* nowhere to write it; the index still lists it */
	for (s = name; *s; s++)
		depth += *s == '/';
	vigie_buf_clear(&p->out);
	vigie_buf_clear(&p->path);
	rc = vigie_buf_printf(&p->path, "%s/repos/%s.html", p->dir, name);
	rc |= vigie_buf_printf(&p->out, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
					"<meta charset=\"utf-8\"><meta name=\"viewport\""
					" content=\"width=device-width, initial-scale=1\">"
					"<title>",
			       vigie_lang_name(p->lang));
	rc |= esc(p, target);
	rc |= vigie_buf_printf(&p->out, " \xe2\x80\x94 vigie</title>%s</head><body>"
					"<p><a id=\"back\" href=\"",
			       style);
	while (depth--)
		rc |= vigie_buf_puts(&p->out, "../");
	rc |= vigie_buf_puts(&p->out, "index.html\">");
	rc |= say(p, N_("all repositories"));
	rc |= vigie_buf_puts(&p->out, "</a></p><h1>");
	rc |= esc(p, target);
	rc |= vigie_buf_puts(&p->out, "</h1><p id=\"now\">");
	rc |= json_is_number(score)
		      ? vigie_buf_printf(&p->out, "%s %.0f", vigie_i18n_text(p->lang, N_("score")),
					 json_number_value(score))
		      : esc(p, status_word(p->lang, text_of(last, "status")));
	if (*text_of(last, "commit")) {
		rc |= vigie_buf_puts(&p->out, " \xc2\xb7 commit <code>");
		rc |= vigie_buf_printf(&p->out, "%.12s", text_of(last, "commit"));
		rc |= vigie_buf_puts(&p->out, "</code> ");
		rc |= esc(p, text_of(last, "commit_date"));
	}
	rc |= vigie_buf_puts(&p->out, "</p>");
	if (rc)
		goto oom;
	if (history_html(p, history) < 0 ||
	    checks_html(p, json_object_get(repo, "checks")) < 0 ||
	    changes_html(p, json_object_get(repo, "changes")) < 0 ||
	    vigie_buf_puts(&p->out, "</body></html>\n") < 0)
		goto oom;
	if (vigie_mkdirs_parent(p->path.ptr) < 0 ||
	    vigie_write_atomic(p->path.ptr, p->out.ptr, p->out.len) < 0)
		rc = vigie_error_set(err, VIGIE_EGENERIC, p->path.ptr,
				     N_("cannot write: %s"), strerror(errno));
	free(name);
	return rc;
oom:
	free(name);
	return vigie_error_set(err, VIGIE_EGENERIC, "", N_("out of memory"));
}

int batch_repo_pages(const char *dir, enum vigie_lang lang, json_t *practices,
		     json_t *run, struct vigie_error *err)
{
	struct pages p = { dir, lang, practices, VIGIE_BUF_INIT, VIGIE_BUF_INIT };
	const char *key = json_string_value(json_object_get(run, "id"));
	int rc = key ? batch_db_repos(dir, key, write_page, &p, err) : 0;

	vigie_buf_release(&p.out);
	vigie_buf_release(&p.path);
	return rc;
}
