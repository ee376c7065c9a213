/* SPDX-License-Identifier: EUPL-1.2 */
/* A page per repository: its scorecard, its history, its rules' changes. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigie/i18n.h"
#include "vigie/rules.h"
#include "internal.h"
#include "fs.h"
#include "json.h"
#include "num.h"
#include "banned.h"

/* A page shows the latest runs of its repository; its changes, all. */
#define PAGE_RUNS 90

int batch_write_derived(const char *path, const char *data, size_t len)
{
	int fd, saved;

	/*
	 * In place: a new file (and a rename) per page costs an inode each
	 * time, the most of 2,000 pages' time on ext4.
	 */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -1;
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return close(fd);
}

struct pages {
	const char *dir;
	enum vigie_lang lang;
	json_t *practices;
	struct vigie_buf out, path;
	struct batch_derived *derived;
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

/* The score and each theme's, over the latest runs it was in. */
static int history_html(struct pages *p, const struct batch_repo_history *h)
{
	size_t n = h->n, m = 0, i;
	double *v = calloc(n ? n : 1, sizeof(*v));
	size_t *at = calloc(n ? n : 1, sizeof(*at));
	char (*dates)[11] = calloc(n ? n : 1, sizeof(*dates));
	const char **labels = calloc(n ? n : 1, sizeof(*labels));
	char id[32];
	int rc = -1, t, k;

	if (!v || !at || !dates || !labels)
		goto out;
	rc = 0;
	/* the runs it was in */
	for (i = 0; i < n; i++)
		if (h->status[i]) {
			at[m] = i;
			labels[m] = day(dates[m], sizeof(dates[m]), h->dates[i]);
			m++;
		}
	for (k = 0; k <= VIGIE_THEME_COUNT && !rc; k++) {
		const char *title = vigie_i18n_text(p->lang, k ? batch_theme_words[k - 1]
							       : N_("Score over time"));
		for (i = 0; i < m; i++)
			v[i] = h->v[k][at[i]];
		if (k == 0) {
			rc = vigie_buf_puts(&p->out, "<section id=\"score-box\"><h2>");
			rc |= esc(p, title);
			rc |= vigie_buf_puts(&p->out, "</h2>");
			rc |= batch_chart_line(&p->out, v, labels, m, 640, 180, true,
					       "score", title);
			rc |= vigie_buf_puts(&p->out, "</section><section id=\"themes-box\"><h2>");
			rc |= say(p, N_("Themes over time"));
			rc |= vigie_buf_puts(&p->out, "</h2><div class=\"themes\">");
			continue;
		}
		snprintf(id, sizeof(id), "theme-%s", vigie_theme_name(k - 1));
		rc = vigie_buf_puts(&p->out, "<div><h3>");
		rc |= esc(p, title);
		rc |= vigie_buf_puts(&p->out, "</h3>");
		rc |= batch_chart_line(&p->out, v, labels, m, 200, 80, false, id, title);
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
		rc = vigie_buf_printf(&p->out, "<tr><td>%s</td><td>", labels[i]);
		rc |= esc(p, status_word(p->lang, h->status[at[i]]));
		for (k = 0; k <= VIGIE_THEME_COUNT; k++) {
			double x = h->v[k][at[i]];
			rc |= isnan(x) ? vigie_buf_puts(&p->out, "</td><td>")
				       : vigie_buf_printf(&p->out, "</td><td>%ld", vigie_lround(x));
		}
		rc |= vigie_buf_puts(&p->out, "</td><td><code>");
		rc |= esc(p, h->commit[at[i]]);
		rc |= vigie_buf_puts(&p->out, "</code></td></tr>");
	}
	rc |= vigie_buf_puts(&p->out, "</table></details></section>");
out:
	free(v);
	free(at);
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
static int changes_html(struct pages *p, const struct batch_change *changes,
			size_t n)
{
	const char *was = NULL, *rule = NULL;
	size_t i;
	int rc;

	rc = vigie_buf_puts(&p->out, "<section id=\"changes-box\"><h2>");
	rc |= say(p, N_("When each rule changed"));
	rc |= vigie_buf_puts(&p->out, "</h2><table id=\"changes\">");
	for (i = 0; i < n; i++) {
		const char *r = changes[i].rule, *st = changes[i].status;
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
		day(date, sizeof(date), changes[i].date);
		snprintf(commit, sizeof(commit), "%.12s", changes[i].commit);
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

static int write_page(const struct batch_repo_history *h, void *payload,
		      struct vigie_error *err)
{
	struct pages *p = payload;
	const char *target = h->target;
	char *name = batch_repo_name(target);
	size_t last = h->n ? h->n - 1 : 0;
	const char *s;
	size_t depth = 1;
	int rc;

	if (!name || !h->n)
		goto done; /* nowhere to write it; the index still lists it */
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
	rc |= !isnan(h->v[0][last])
		      ? vigie_buf_printf(&p->out, "%s %.0f", vigie_i18n_text(p->lang, N_("score")),
					 h->v[0][last])
		      : esc(p, status_word(p->lang, h->status[last]));
	if (*h->commit[last]) {
		rc |= vigie_buf_puts(&p->out, " \xc2\xb7 commit <code>");
		rc |= esc(p, h->commit[last]);
		rc |= vigie_buf_puts(&p->out, "</code>");
	}
	rc |= vigie_buf_puts(&p->out, "</p>");
	if (rc)
		goto oom;
	if (history_html(p, h) < 0 || checks_html(p, h->checks) < 0 ||
	    changes_html(p, h->changes, h->nchanges) < 0 ||
	    vigie_buf_puts(&p->out, "</body></html>\n") < 0)
		goto oom;
	if (vigie_mkdirs_parent(p->path.ptr) < 0 ||
	    batch_write_derived(p->path.ptr, p->out.ptr, p->out.len) < 0)
		rc = vigie_error_set(err, VIGIE_EGENERIC, p->path.ptr,
				     N_("cannot write: %s"), strerror(errno));
	else if (batch_derived_wrote(p->derived, p->path.ptr + strlen(p->dir) + 1) < 0)
		goto oom;
	free(name);
	return rc;
done:
	free(name);
	return 0;
oom:
	free(name);
	return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
}

int batch_repo_pages(const char *dir, enum vigie_lang lang, json_t *practices,
		     json_t *run, struct batch_derived *derived,
		     struct vigie_error *err)
{
	struct pages p = { dir, lang, practices, VIGIE_BUF_INIT, VIGIE_BUF_INIT,
			   derived };
	const char *key = json_string_value(json_object_get(run, "id"));
	int rc = key ? batch_db_repos(dir, key, PAGE_RUNS, write_page, &p, err) : 0;

	vigie_buf_release(&p.out);
	vigie_buf_release(&p.path);
	return rc;
}
