/* SPDX-License-Identifier: EUPL-1.2 */
/* The summary of a batch: counts, scores, worst practices, changes. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/audit.h"
#include "vigie/scorecard.h"
#include "vigie/report.h"
#include "vigie/rules.h"
#include "vigie/facts.h"
#include "vigie/source.h"
#include "vigie/target.h"
#include "vigie/i18n.h"
#include "vigie/version.h"
#include "vigie/batch.h"
#include "vigie/i18n.h"
#include "internal.h"
#include "fs.h"
#include "json.h"
#include "grow.h"
#include "banned.h"

#define TOP 10
#define BUCKETS 10
/* The runs the dashboard's trend shows, and each sparkline. */
#define HISTORY_RUNS 90
#define SPARK_RUNS 20

/* The themes in the text and the page: lowercase, as their ids. */
const char *const batch_theme_words[VIGIE_THEME_COUNT] = {
	NC_("theme", "understand"), NC_("theme", "identify"),
	NC_("theme", "produce"), NC_("theme", "maintain"),
	NC_("theme", "fund"), NC_("theme", "disseminate"),
};

struct sum {
	enum vigie_lang lang;
	struct batch_import *im; /* the database, fed on the way (may be NULL) */
	json_t *prev;     /* key -> {score, checks{id: status}} */
	json_t *rows;     /* one compact row per record, for the page */
	json_t *practices; /* id -> {id, title, theme, failing, of} */
	json_t *moved;    /* id -> {improved, regressed} */
	double *scores;
	size_t nscores, cap;
	double theme_sum[VIGIE_THEME_COUNT];
	size_t theme_n[VIGIE_THEME_COUNT];
	size_t counts[3]; /* audited, unchanged, error */
	size_t buckets[BUCKETS];
	size_t improved, regressed, same, fresh;
	json_t *defaults; /* the organisations' defaults records, apart */
};

static const char *const statuses[] = { "audited", "unchanged", "error" };

static bool passing(const char *status)
{
	return status && (!strcmp(status, "pass") || !strcmp(status, "waived"));
}

static bool failing(const char *status)
{
	return status && (!strcmp(status, "fail") || !strcmp(status, "partial") ||
			  !strcmp(status, "error"));
}

static json_t *checks_of(json_t *rec)
{
	json_t *out = json_object(), *c;
	size_t i;

	json_array_foreach(json_object_get(rec, "checks"), i, c) {
		const char *id = json_string_value(json_object_get(c, "id"));
		json_t *st = json_object_get(c, "status");
		if (id && json_is_string(st))
			json_object_set(out, id, st);
	}
	return out;
}

static int on_previous(json_t *rec, const char *key, void *payload)
{
	struct sum *s = payload;
	json_t *score = json_object_get(json_object_get(rec, "score"), "overall");

	json_object_set_new(s->prev, key,
			    json_pack("{s:O, s:o}", "score",
				      score ? score : json_null(), "checks",
				      checks_of(rec)));
	return 0;
}

static void count_move(struct sum *s, const char *id, const char *field)
{
	json_t *m = json_object_get(s->moved, id);

	if (!m) {
		m = json_pack("{s:s, s:i, s:i}", "id", id, "improved", 0,
			      "regressed", 0);
		json_object_set_new(s->moved, id, m);
	}
	json_object_set_new(m, field,
			    json_integer(json_integer_value(json_object_get(m, field)) + 1));
}

/* A failing check of one repository; its texts are in the practices. */
static json_t *finding(json_t *c)
{
	json_t *ev = json_array(), *e;
	size_t i;

	json_array_foreach(json_object_get(c, "evidence"), i, e) {
		json_t *p = json_object_get(e, "path");
		if (i >= 3)
			break;
		if (json_is_string(p))
			json_array_append(ev, p);
	}
	return json_pack("{s:O, s:O, s:o}", "id", json_object_get(c, "id"),
			 "status", json_object_get(c, "status"), "evidence", ev);
}

/*
 * A record's error for the text and the page: its message, kept as data,
 * in their language.
 */
static json_t *error_in(json_t *e, enum vigie_lang lang)
{
	const char *msg = json_string_value(json_object_get(e, "message"));
	struct vigie_buf b = VIGIE_BUF_INIT;
	json_t *out;

	if (lang == VIGIE_LANG_EN || !msg ||
	    vigie_msg_render_json(&b, lang, e, "message") < 0 || !b.ptr) {
		vigie_buf_release(&b);
		return json_incref(e);
	}
	out = json_copy(e);
	json_object_set_new(out, "message", json_stringn(b.ptr, b.len));
	vigie_buf_release(&b);
	return out;
}

static int on_record(json_t *rec, const char *key, void *payload)
{
	struct sum *s = payload;
	json_t *batch = json_object_get(rec, "batch");
	const char *status = json_string_value(json_object_get(batch, "status"));
	json_t *score = json_object_get(json_object_get(rec, "score"), "overall");
	json_t *themes = json_object_get(json_object_get(rec, "score"), "themes");
	json_t *prev = json_object_get(s->prev, key);
	json_t *pscore = json_object_get(prev, "score");
	json_t *pchecks = json_object_get(prev, "checks");
	json_t *row, *findings = json_array(), *c;
	size_t i;
	int t;

	/* batch and merge write the database from the same parse */
	batch_import_record(s->im, rec, key);
	if (batch_is_defaults_key(key)) {
		/* It lends its files to the others: shown, never counted. */
		json_array_append_new(
			s->defaults,
			json_pack("{s:s, s:s, s:O}", "target", key, "status",
				  status ? status : "error", "score",
				  json_is_number(score) ? score : json_null()));
		json_decref(findings);
		return 0;
	}
	for (i = 0; i < VIGIE_ARRAY_SIZE(statuses); i++)
		if (status && !strcmp(status, statuses[i]))
			s->counts[i]++;
	row = json_pack("{s:s, s:s, s:O, s:O, s:O}", "target", key, "status",
			status ? status : "error", "score",
			json_is_number(score) ? score : json_null(), "themes",
			json_is_object(themes) ? themes : json_null(), "commit",
			json_object_get(json_object_get(rec, "repository"), "commit")
				? json_object_get(json_object_get(rec, "repository"),
						  "commit")
				: json_null());
	if (json_object_get(rec, "error"))
		json_object_set_new(row, "error",
				    error_in(json_object_get(rec, "error"), s->lang));
	if (json_is_number(score)) {
		double v = json_number_value(score);
		size_t b = v >= 100 ? BUCKETS - 1 : (size_t)(v < 0 ? 0 : v / 10);
		s->buckets[b]++;
		if (vigie_grow(&s->scores, &s->cap, s->nscores + 1, 64) < 0)
			return VIGIE_ENOMEM;
		s->scores[s->nscores++] = v;
	}
	for (t = 0; t < VIGIE_THEME_COUNT; t++) {
		json_t *v = json_object_get(themes, vigie_theme_name(t));
		if (json_is_number(v)) {
			s->theme_sum[t] += json_number_value(v);
			s->theme_n[t]++;
		}
	}
	if (!prev) {
		s->fresh++;
	} else if (json_is_number(score) && json_is_number(pscore)) {
		double d = json_number_value(score) - json_number_value(pscore);
		json_object_set_new(row, "delta", json_real(d));
		if (d > 0.05)
			s->improved++;
		else if (d < -0.05)
			s->regressed++;
		else
			s->same++;
	} else if (json_is_number(score) != json_is_number(pscore)) {
		/* From an error to a scorecard or back. */
		if (json_is_number(score))
			s->improved++;
		else
			s->regressed++;
	} else {
		s->same++;
	}
	json_array_foreach(json_object_get(rec, "checks"), i, c) {
		const char *id = json_string_value(json_object_get(c, "id"));
		const char *st = json_string_value(json_object_get(c, "status"));
		const char *was;
		json_t *p;
		if (!id || !st)
			continue;
		p = json_object_get(s->practices, id);
		if (!p) {
			p = json_pack("{s:s, s:O, s:O, s:O, s:i, s:i}", "id", id,
				      "title", json_object_get(c, "title"),
				      "theme", json_object_get(c, "theme"),
				      "guide", json_object_get(c, "guide"),
				      "failing", 0, "of", 0);
			if (!p)
				continue;
			if (json_object_get(c, "remediation"))
				json_object_set(p, "remediation",
						json_object_get(c, "remediation"));
			json_object_set_new(s->practices, id, p);
		}
		if (strcmp(st, "skip"))
			json_object_set_new(p, "of", json_integer(json_integer_value(
						       json_object_get(p, "of")) + 1));
		if (failing(st)) {
			json_object_set_new(p, "failing",
					    json_integer(json_integer_value(json_object_get(
								 p, "failing")) + 1));
			json_array_append_new(findings, finding(c));
		}
		was = json_string_value(json_object_get(pchecks, id));
		if (was && passing(st) && failing(was))
			count_move(s, id, "improved");
		else if (was && failing(st) && passing(was))
			count_move(s, id, "regressed");
	}
	json_object_set_new(row, "findings", findings);
	json_array_append_new(s->rows, row);
	return 0;
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sort a JSON array of objects by an integer field, descending, then id. */
static int by_field_desc(const void *a, const void *b, const char *field,
			 const char *tie)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	double fx = json_number_value(json_object_get(x, field));
	double fy = json_number_value(json_object_get(y, field));

	if (fx != fy)
		return fx < fy ? 1 : -1;
	return strcmp(json_string_value(json_object_get(x, tie)),
		      json_string_value(json_object_get(y, tie)));
}

static int by_failing(const void *a, const void *b)
{
	return by_field_desc(a, b, "failing", "id");
}

static int by_improved(const void *a, const void *b)
{
	return by_field_desc(a, b, "improved", "id");
}

static int by_regressed(const void *a, const void *b)
{
	return by_field_desc(a, b, "regressed", "id");
}

static int by_delta_desc(const void *a, const void *b)
{
	return by_field_desc(a, b, "delta", "target");
}

static int by_delta_asc(const void *a, const void *b)
{
	return -by_field_desc(a, b, "delta", "target");
}

/* The first n members of an object or array, sorted, filtered, as an array. */
static json_t *top(json_t *src, int (*cmp)(const void *, const void *),
		   const char *field, bool negative, size_t n)
{
	size_t cnt = json_is_object(src) ? json_object_size(src)
					 : json_array_size(src);
	json_t **v = calloc(cnt ? cnt : 1, sizeof(*v)), *out = json_array(), *e;
	const char *k;
	size_t i = 0, m = 0;

	if (!v)
		return out;
	if (json_is_object(src)) {
		json_object_foreach(src, k, e)
			v[i++] = e;
	} else {
		json_array_foreach(src, i, e)
			v[i] = e;
		i = cnt;
	}
	for (; m < i; m++) {
		json_t *f = json_object_get(v[m], field);
		double d = json_number_value(f);
		if (!f || (negative ? d >= -0.05 : d <= 0.05))
			v[m] = NULL;
	}
	/* Keep the entries that moved, then sort them. */
	for (m = 0, cnt = 0; m < i; m++)
		if (v[m])
			v[cnt++] = v[m];
	qsort(v, cnt, sizeof(*v), cmp);
	for (m = 0; m < cnt && m < n; m++)
		json_array_append(out, v[m]);
	free(v);
	return out;
}

static json_t *summary_json(struct sum *s)
{
	json_t *dist = json_object(), *themes = json_object(), *root, *worst;
	json_t *changes;
	double mean = 0;
	size_t i;
	int t;

	for (i = 0; i < BUCKETS; i++) {
		char name[16];
		snprintf(name, sizeof(name), "%zu-%zu", i * 10,
			 i == BUCKETS - 1 ? (size_t)100 : i * 10 + 9);
		json_object_set_new(dist, name, json_integer((json_int_t)s->buckets[i]));
	}
	for (t = 0; t < VIGIE_THEME_COUNT; t++)
		json_object_set_new(themes, vigie_theme_name(t),
				    s->theme_n[t] ? json_real(s->theme_sum[t] /
							      (double)s->theme_n[t])
						  : json_null());
	if (s->nscores)
		qsort(s->scores, s->nscores, sizeof(*s->scores), by_double);
	for (i = 0; i < s->nscores; i++)
		mean += s->scores[i];
	worst = top(s->practices, by_failing, "failing", false, TOP);
	changes = json_pack("{s:i, s:i, s:i, s:i}", "improved", (json_int_t)s->improved,
			    "regressed", (json_int_t)s->regressed, "same",
			    (json_int_t)s->same, "new", (json_int_t)s->fresh);
	json_object_set_new(changes, "repositories_improved",
			    top(s->rows, by_delta_desc, "delta", false, TOP));
	json_object_set_new(changes, "repositories_regressed",
			    top(s->rows, by_delta_asc, "delta", true, TOP));
	json_object_set_new(changes, "practices_improved",
			    top(s->moved, by_improved, "improved", false, TOP));
	json_object_set_new(changes, "practices_regressed",
			    top(s->moved, by_regressed, "regressed", false, TOP));
	root = json_pack("{s:s, s:{s:s, s:s}}", "schema", VIGIE_BATCH_SUMMARY_SCHEMA,
			 "tool", "name", "vigie", "version", vigie_version());
	json_object_set_new(root, "counts",
			    json_pack("{s:i, s:i, s:i, s:i}", "repositories",
				      (json_int_t)json_array_size(s->rows), "audited",
				      (json_int_t)s->counts[0], "unchanged",
				      (json_int_t)s->counts[1], "errors",
				      (json_int_t)s->counts[2]));
	json_object_set_new(
		root, "score",
		s->nscores ? json_pack("{s:f, s:f, s:f, s:f, s:o}", "mean",
				       mean / (double)s->nscores, "median",
				       s->nscores % 2
					       ? s->scores[s->nscores / 2]
					       : (s->scores[s->nscores / 2 - 1] +
						  s->scores[s->nscores / 2]) / 2,
				       "min", s->scores[0], "max",
				       s->scores[s->nscores - 1], "distribution", dist)
			   : json_pack("{s:n, s:n, s:n, s:n, s:o}", "mean", "median",
				       "min", "max", "distribution", dist));
	json_object_set_new(root, "themes", themes);
	json_object_set_new(root, "worst_practices", worst);
	json_object_set_new(root, "changes", changes);
	json_object_set(root, "defaults", s->defaults);
	return root;
}

static void put_escaped(struct vigie_buf *b, const char *s)
{
	if (s)
		vigie_escape_text(b, s, strlen(s));
}

/* A score as the text report shows it: whole, or "-" when there is none. */
static const char *score_text(char *out, size_t n, json_t *v)
{
	if (json_is_number(v))
		snprintf(out, n, "%.0f", json_number_value(v));
	else
		snprintf(out, n, "-");
	return out;
}

/* A message of the summary (mark it N_), formatted in lang. */
static void say(struct vigie_buf *b, enum vigie_lang l, const char *msgid, ...)
	VIGIE_PRINTF(3, 4);

static void say(struct vigie_buf *b, enum vigie_lang l, const char *msgid, ...)
{
	va_list ap;

	/* The catalogue keeps only translations with the same conversions. */
	va_start(ap, msgid);
	vigie_buf_vprintf(b, vigie_i18n_text(l, msgid), ap);
	va_end(ap);
}

/* A count's message in l, its form for n by l's plural rule. */
static void sayn(struct vigie_buf *b, enum vigie_lang l, long long n,
		 const char *singular, const char *plural, ...)
	VIGIE_PRINTF(5, 6);

static void sayn(struct vigie_buf *b, enum vigie_lang l, long long n,
		 const char *singular, const char *plural, ...)
{
	va_list ap;

	va_start(ap, plural);
	vigie_buf_vprintf(b, vigie_i18n_ntext(l, singular, plural,
					      n < 0 ? 0 : (unsigned long)n),
			  ap);
	va_end(ap);
}

/* A repository's key, escaped like everything that came from outside. */
static const char *escaped(struct vigie_buf *tmp, json_t *v)
{
	vigie_buf_clear(tmp);
	vigie_buf_puts(tmp, "");
	put_escaped(tmp, json_string_value(v));
	return tmp->ptr ? tmp->ptr : "";
}

/* When the run went, with which vigie and rules, over which organisations. */
static void run_text(struct vigie_buf *b, enum vigie_lang l, json_t *run)
{
	json_t *v;
	const char *started = json_string_value(json_object_get(run, "started"));
	const char *ended = json_string_value(json_object_get(run, "ended"));
	const char *digest = json_string_value(json_object_get(run, "rules_digest"));
	struct vigie_buf orgs = VIGIE_BUF_INIT;
	size_t i;

	if (!started)
		return;
	json_array_foreach(json_object_get(run, "organisations"), i, v) {
		if (i)
			vigie_buf_puts(&orgs, ", ");
		put_escaped(&orgs, json_string_value(v));
	}
	say(b, l, N_("run: %s to %s, vigie %s, rules %.12s\n"), started,
	    ended ? ended : "-",
	    json_is_string(json_object_get(run, "version"))
		    ? json_string_value(json_object_get(run, "version"))
		    : "-",
	    digest ? digest : "-");
	if (orgs.ptr)
		say(b, l, N_("organisations: %s\n"), orgs.ptr);
	vigie_buf_release(&orgs);
}

static void summary_text(struct vigie_buf *b, enum vigie_lang l, json_t *sj,
			 json_t *rows)
{
	json_t *counts = json_object_get(sj, "counts");
	json_t *score = json_object_get(sj, "score");
	json_t *ch = json_object_get(sj, "changes");
	json_t *e, *dist = json_object_get(score, "distribution");
	const char *k, *sep = vigie_i18n_text(l, NC_("separator", ": "));
	struct vigie_buf tmp = VIGIE_BUF_INIT;
	char v[4][32];
	json_int_t n;
	size_t i, errors = 0;
	int t;

	/* French puts 0 and 1 in the singular (the English is the same) */
	n = json_integer_value(json_object_get(counts, "repositories"));
	sayn(b, l, n, Q_("vigie batch: %lld repositories: %lld audited, "
			 "%lld unchanged, %lld errors\n",
			 "vigie batch: %lld repositories: %lld audited, "
			 "%lld unchanged, %lld errors\n"),
	    n,
	    json_integer_value(json_object_get(counts, "audited")),
	    json_integer_value(json_object_get(counts, "unchanged")),
	    json_integer_value(json_object_get(counts, "errors")));
	run_text(b, l, json_object_get(sj, "run"));
	say(b, l, N_("score: mean %s, median %s, min %s, max %s\n"),
	    score_text(v[0], sizeof(v[0]), json_object_get(score, "mean")),
	    score_text(v[1], sizeof(v[1]), json_object_get(score, "median")),
	    score_text(v[2], sizeof(v[2]), json_object_get(score, "min")),
	    score_text(v[3], sizeof(v[3]), json_object_get(score, "max")));
	say(b, l, N_("distribution:\n"));
	json_object_foreach(dist, k, e) {
		json_int_t j;
		n = json_integer_value(e);
		vigie_buf_printf(b, "  %7s %5lld ", k, (long long)n);
		for (j = 0; j < n && j < 50; j++)
			vigie_buf_putc(b, '#');
		vigie_buf_putc(b, '\n');
	}
	say(b, l, N_("themes:"));
	for (t = 0; t < VIGIE_THEME_COUNT; t++)
		vigie_buf_printf(b, " %s %s", vigie_i18n_text(l, batch_theme_words[t]),
				 score_text(v[0], sizeof(v[0]),
					    json_object_get(json_object_get(sj, "themes"),
							    vigie_theme_name(t))));
	vigie_buf_putc(b, '\n');
	say(b, l, N_("worst practices (repositories failing):\n"));
	json_array_foreach(json_object_get(sj, "worst_practices"), i, e) {
		json_t *title = json_object_get(e, "title");
		json_t *in_lang = json_object_get(title, vigie_lang_name(l));
		vigie_buf_printf(b, "  %4lld/%-4lld %-28s ",
				 json_integer_value(json_object_get(e, "failing")),
				 json_integer_value(json_object_get(e, "of")),
				 json_string_value(json_object_get(e, "id")));
		put_escaped(b, json_string_value(in_lang ? in_lang
							 : json_object_get(title, "en")));
		vigie_buf_putc(b, '\n');
	}
	say(b, l, N_("since the previous run: %lld improved, %lld regressed, "
		     "%lld same, %lld new\n"),
	    json_integer_value(json_object_get(ch, "improved")),
	    json_integer_value(json_object_get(ch, "regressed")),
	    json_integer_value(json_object_get(ch, "same")),
	    json_integer_value(json_object_get(ch, "new")));
	json_array_foreach(json_object_get(ch, "repositories_improved"), i, e)
		say(b, l, N_("  improved  %s %+.0f\n"),
		    escaped(&tmp, json_object_get(e, "target")),
		    json_number_value(json_object_get(e, "delta")));
	json_array_foreach(json_object_get(ch, "repositories_regressed"), i, e)
		say(b, l, N_("  regressed %s %+.0f\n"),
		    escaped(&tmp, json_object_get(e, "target")),
		    json_number_value(json_object_get(e, "delta")));
	json_array_foreach(json_object_get(ch, "practices_improved"), i, e) {
		n = json_integer_value(json_object_get(e, "improved"));
		sayn(b, l, n, Q_("  practice improved in %lld: %s\n",
				 "  practice improved in %lld: %s\n"),
		    n, json_string_value(json_object_get(e, "id")));
	}
	json_array_foreach(json_object_get(ch, "practices_regressed"), i, e) {
		n = json_integer_value(json_object_get(e, "regressed"));
		sayn(b, l, n, Q_("  practice regressed in %lld: %s\n",
				 "  practice regressed in %lld: %s\n"),
		    n, json_string_value(json_object_get(e, "id")));
	}
	json_array_foreach(rows, i, e) {
		json_t *er = json_object_get(e, "error");
		if (!er)
			continue;
		if (!errors++)
			say(b, l, N_("errors:\n"));
		if (errors > 20)
			continue;
		vigie_buf_puts(b, "  ");
		put_escaped(b, json_string_value(json_object_get(e, "target")));
		vigie_buf_puts(b, sep);
		put_escaped(b, json_string_value(json_object_get(er, "stage")));
		vigie_buf_puts(b, sep);
		put_escaped(b, json_string_value(json_object_get(er, "message")));
		vigie_buf_putc(b, '\n');
	}
	if (errors > 20)
		say(b, l, N_("  ... and %zu more (see results.jsonl)\n"), errors - 20);
	json_array_foreach(json_object_get(sj, "defaults"), i, e)
		say(b, l, N_("organisation defaults (not counted): %s, score %s\n"),
		    escaped(&tmp, json_object_get(e, "target")),
		    score_text(v[0], sizeof(v[0]), json_object_get(e, "score")));
	vigie_buf_release(&tmp);
}

static int write_file(const char *dir, const char *name, const char *data,
		      size_t len, struct vigie_error *err)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	int rc = 0;

	if (vigie_buf_printf(&p, "%s/%s", dir, name) < 0)
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	if (vigie_write_atomic(p.ptr, data, len) < 0)
		rc = vigie_error_set(err, VIGIE_EGENERIC, p.ptr,
				     N_("cannot write: %s"), strerror(errno));
	vigie_buf_release(&p);
	return rc;
}

/* badges/OWNER/NAME.svg and .json (shields.io endpoint) for each score. */
static int write_badges(const char *dir, enum vigie_lang lang, json_t *rows,
			struct batch_derived *derived, struct vigie_error *err)
{
	json_t *row;
	size_t i;
	int rc = 0;

	json_array_foreach(rows, i, row) {
		json_t *score = json_object_get(row, "score");
		char *name = batch_repo_name(json_string_value(json_object_get(row, "target")));
		struct vigie_buf p = VIGIE_BUF_INIT, q = VIGIE_BUF_INIT;
		struct vigie_buf svg = VIGIE_BUF_INIT, js = VIGIE_BUF_INIT;
		double v = json_is_number(score) ? json_number_value(score) : -1;
		if (!name)
			continue;
		if (vigie_buf_printf(&p, "%s/badges/%s.svg", dir, name) < 0 ||
		    vigie_buf_printf(&q, "%s/badges/%s.json", dir, name) < 0 ||
		    vigie_report_badge_svg(&svg, v, lang) < 0 ||
		    vigie_report_badge_json(&js, v, lang) < 0)
			rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
		else if (vigie_mkdirs_parent(p.ptr) < 0 ||
			 batch_write_derived(p.ptr, svg.ptr, svg.len) < 0 ||
			 batch_write_derived(q.ptr, js.ptr, js.len) < 0)
			rc = vigie_error_set(err, VIGIE_EGENERIC, p.ptr,
					     N_("cannot write: %s"), strerror(errno));
		else if (batch_derived_wrote(derived, p.ptr + strlen(dir) + 1) < 0 ||
			 batch_derived_wrote(derived, q.ptr + strlen(dir) + 1) < 0)
			rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
		vigie_buf_release(&p);
		vigie_buf_release(&q);
		vigie_buf_release(&svg);
		vigie_buf_release(&js);
		free(name);
		if (rc)
			break;
	}
	return rc;
}

int vigie_batch_summarize(const char *dir, enum vigie_lang lang, char **text,
			  struct vigie_error *err)
{
	return batch_summarize(dir, lang, text, NULL, err);
}

int batch_summarize(const char *dir, enum vigie_lang lang, char **text,
		    struct batch_import *im, struct vigie_error *err)
{
	struct sum s;
	struct rec_index pix, rix;
	struct vigie_buf p = VIGIE_BUF_INIT, out = VIGIE_BUF_INIT;
	json_t *sj = NULL, *hist = NULL;
	struct vigie_error db_err;
	struct batch_derived derived;
	int db_rc = 0;
	off_t end;
	bool torn;
	int rc;

	memset(&s, 0, sizeof(s));
	vigie_error_clear(&db_err);
	s.im = im;
	s.lang = (size_t)lang < vigie_lang_count() ? lang : VIGIE_LANG_EN;
	s.prev = json_object();
	s.rows = json_array();
	s.practices = json_object();
	s.moved = json_object();
	s.defaults = json_array();
	rec_index_init(&pix);
	rec_index_init(&rix);
	if (text)
		*text = NULL;
	pix.slim = rix.slim = true;
	rc = vigie_buf_printf(&p, "%s/%s", dir, VIGIE_BATCH_PREVIOUS);
	if (!rc)
		rc = rec_index_file(&pix, 0, p.ptr, &end, &torn, on_previous, &s, err);
	vigie_buf_clear(&p);
	if (!rc)
		rc = vigie_buf_printf(&p, "%s/%s", dir, VIGIE_BATCH_RESULTS);
	if (!rc)
		rc = rec_index_file(&rix, 0, p.ptr, &end, &torn, on_record, &s, err);
	/* The run is in the database before the page reads its history. */
	if (im) {
		db_rc = batch_import_end(im, rc == 0, &db_err);
		s.im = im = NULL;
	}
	if (rc) {
		if (!err || !err->code)
			vigie_error_set(err, rc, dir, N_("cannot summarise"));
		goto out;
	}
	sj = summary_json(&s);
	if (sj) {
		json_t *run = batch_run_load(dir);
		json_object_set_new(sj, "run", run ? run : json_null());
	}
	if (!sj || vigie_json_dump(&out, sj, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) < 0 ||
	    vigie_buf_putc(&out, '\n') < 0) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
		goto out;
	}
	rc = write_file(dir, VIGIE_BATCH_SUMMARY_JSON, out.ptr, out.len, err);
	if (rc)
		goto out;
	vigie_buf_clear(&out);
	summary_text(&out, s.lang, sj, s.rows);
	if (!out.ptr) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
		goto out;
	}
	rc = write_file(dir, VIGIE_BATCH_SUMMARY_TEXT, out.ptr, out.len, err);
	if (rc)
		goto out;
	vigie_buf_clear(&p);
	vigie_buf_printf(&p, "%s/%s", dir, VIGIE_BATCH_HTML);
	/*
	 * A database that cannot be read (a newer vigie's) costs the page its
	 * history, never the page: the import reports its own error.
	 */
	{
		struct vigie_error herr;
		vigie_error_clear(&herr);
		if (batch_db_history(&hist, dir, HISTORY_RUNS, SPARK_RUNS, &herr) < 0)
			hist = NULL;
	}
	rc = batch_html_write(p.ptr, s.lang, s.rows, s.practices, sj, hist,
				      err);
	/* The pages and badges written, and those of a former run removed. */
	if (!rc)
		rc = batch_derived_begin(&derived, dir, s.rows, err);
	if (!rc) {
		rc = write_badges(dir, s.lang, s.rows, &derived, err);
		if (!rc)
			rc = batch_repo_pages(dir, s.lang, s.practices,
					      json_object_get(sj, "run"), &derived, err);
		if (!rc)
			rc = batch_derived_end(&derived, true, err);
		else
			batch_derived_end(&derived, false, NULL);
	}
	if (!rc && text)
		*text = vigie_buf_detach(&out, NULL);
out:
	if (im)
		batch_import_end(im, false, NULL); /* the pass failed */
	if (!rc && db_rc) {
		/* the summary and the pages are written: now the database's error */
		if (err)
			*err = db_err;
		rc = db_rc;
	}
	json_decref(sj);
	json_decref(hist);
	json_decref(s.prev);
	json_decref(s.rows);
	json_decref(s.practices);
	json_decref(s.moved);
	json_decref(s.defaults);
	free(s.scores);
	rec_index_release(&pix);
	rec_index_release(&rix);
	vigie_buf_release(&p);
	vigie_buf_release(&out);
	return rc;
}
