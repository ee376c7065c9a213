/* SPDX-License-Identifier: EUPL-1.2 */
/* The text reporter: a scorecard for people, grouped by theme. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigie/report.h"
#include "vigie/vigie.h"
#include "json.h"
#include "banned.h"

enum msg {
	M_AUDIT_OF,
	M_SCORE,
	M_FIX,
	M_SKIPPED,
	M_ERROR,
	M_WAIVED,
	M_NO_RULES,
	M_PROBLEM,
	M_WAIVER,
	M_COUNT
};

/* In English; other languages come from the catalogues (vigie/i18n.h). */
static const char *const msgs[M_COUNT] = {
	[M_AUDIT_OF] = N_("vigie audit of"),
	[M_SCORE] = N_("Score"),
	[M_FIX] = N_("fix"),
	[M_SKIPPED] = N_("skipped"),
	[M_ERROR] = N_("error"),
	[M_WAIVED] = N_("waived"),
	[M_NO_RULES] = N_("no rule ran"),
	[M_PROBLEM] = N_("could not gather"),
	[M_WAIVER] = N_("waiver"),
};

static const char *const theme_titles[VIGIE_THEME_COUNT] = {
	N_("Understand"), N_("Identify"), N_("Produce"), N_("Maintain"),
	N_("Fund"), N_("Disseminate"),
};

/* What the text report says of a waiver that was not applied. */
static const char *const waiver_words[][VIGIE_LANG_COUNT] = {
	[VIGIE_WAIVER_UNUSED] = { "not needed, the rule does not fail",
				  "inutile, la règle n'échoue pas" },
	[VIGIE_WAIVER_EXPIRED] = { "expired on ", "expirée le " },
	[VIGIE_WAIVER_UNKNOWN_RULE] = { "no loaded rule has this id",
					"aucune règle chargée ne porte cet "
					"identifiant" },
	[VIGIE_WAIVER_INVALID] = { "invalid", "invalide" },
};

/* Counts of rules, as in "3 passed, 1 failed". */
static const char *const status_words[VIGIE_STATUS_COUNT] = {
	[VIGIE_STATUS_PASS] = N_("passed"),
	[VIGIE_STATUS_PARTIAL] = N_("partial"),
	[VIGIE_STATUS_FAIL] = N_("failed"),
	[VIGIE_STATUS_SKIP] = NC_("count", "skipped"),
	[VIGIE_STATUS_ERROR] = N_("errors"),
	[VIGIE_STATUS_WAIVED] = NC_("count", "waived"),
};

struct mark {
	const char *glyph;
	const char *color;
};

static const struct mark marks[VIGIE_STATUS_COUNT] = {
	[VIGIE_STATUS_PASS] = { "\xe2\x9c\x93", "\x1b[32m" },    /* ✓ */
	[VIGIE_STATUS_PARTIAL] = { "~", "\x1b[33m" },
	[VIGIE_STATUS_FAIL] = { "\xe2\x9c\x97", "\x1b[31m" },    /* ✗ */
	[VIGIE_STATUS_SKIP] = { "-", "\x1b[2m" },
	[VIGIE_STATUS_ERROR] = { "!", "\x1b[35m" },
	[VIGIE_STATUS_WAIVED] = { "w", "\x1b[36m" },
};

#define RESET "\x1b[0m"
#define BOLD "\x1b[1m"

struct out {
	struct vigie_buf *b;
	const struct vigie_report_opts *o;
	int rc;
};

static void put(struct out *w, const char *s)
{
	if (w->rc == 0)
		w->rc = vigie_buf_puts(w->b, s);
}

/* One of vigie's own messages, in the report's language. */
static const char *tr(const struct out *w, const char *msgid)
{
	return vigie_i18n_text(w->o->lang, msgid);
}

/* Text vigie wrote (a reason, a note), in the report's language. */
static void say(struct out *w, const char *text)
{
	struct vigie_buf b = VIGIE_BUF_INIT;

	if (w->rc || !text)
		return;
	w->rc = vigie_i18n_append(&b, w->o->lang, text);
	if (w->rc == 0 && b.ptr)
		w->rc = vigie_escape_text(w->b, b.ptr, b.len);
	vigie_buf_release(&b);
}

static void color(struct out *w, const char *c)
{
	if (w->o->color)
		put(w, c);
}

/* Text from a repository or a pack: always escaped. */
static void esc(struct out *w, const char *s)
{
	if (w->rc == 0 && s)
		w->rc = vigie_escape_text(w->b, s, strlen(s));
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

static void bar(struct out *w, double score)
{
	int i, full = score < 0 ? 0 : (int)(score / 10.0 + 0.5);

	for (i = 0; i < 10; i++)
		put(w, i < full ? "\xe2\x96\x88" : "\xe2\x96\x91"); /* █ ░ */
}

static void evidence(struct out *w, json_t *ev)
{
	size_t i;

	for (i = 0; i < json_array_size(ev) && i < 4; i++) {
		json_t *e = json_array_get(ev, i);
		const char *path = json_string_value(json_object_get(e, "path"));
		const char *text = json_string_value(json_object_get(e, "text"));
		const char *note = json_string_value(json_object_get(e, "note"));
		json_t *line = json_object_get(e, "line");
		json_t *value = json_object_get(e, "value");

		put(w, "      ");
		color(w, "\x1b[2m");
		if (path) {
			esc(w, path);
			if (json_is_integer(line))
				printfw(w, ":%lld", (long long)json_integer_value(line));
		}
		if (text) {
			put(w, path ? "  " : "");
			esc(w, text);
		}
		if (note) {
			put(w, path || text ? " (" : "");
			say(w, note);
			if (value && !json_is_object(value) && !json_is_array(value)) {
				char *s = json_dumps(value, JSON_ENCODE_ANY);
				put(w, " = ");
				esc(w, s);
				free(s);
			}
			put(w, path || text ? ")" : "");
		}
		color(w, RESET);
		put(w, "\n");
	}
}

/* One line per waiver that was not applied: "waiver WHERE: RULE: why". */
static void waivers(struct out *w, json_t *list, enum vigie_lang l)
{
	bool first = true;
	size_t i;
	int s;

	for (i = 0; i < json_array_size(list); i++) {
		json_t *e = json_array_get(list, i);
		const char *state = json_string_value(json_object_get(e, "state"));
		const char *rule = json_string_value(json_object_get(e, "rule"));
		const char *expires =
			json_string_value(json_object_get(e, "expires"));

		for (s = VIGIE_WAIVER_UNUSED; s < VIGIE_WAIVER_STATE_COUNT; s++)
			if (state && !strcmp(state, vigie_waiver_state_name(
							    (enum vigie_waiver_state)s)))
				break;
		if (s == VIGIE_WAIVER_STATE_COUNT)
			continue;
		put(w, first ? "\n" : "");
		first = false;
		color(w, "\x1b[36m");
		put(w, tr(w, msgs[M_WAIVER]));
		put(w, " ");
		esc(w, json_string_value(json_object_get(e, "where")));
		put(w, ": ");
		if (rule) {
			esc(w, rule);
			put(w, ": ");
		}
		put(w, waiver_words[s][l]);
		if (s == VIGIE_WAIVER_EXPIRED) {
			esc(w, expires);
			put(w, l == VIGIE_LANG_FR ? ", non appliquée"
						  : ", not applied");
		}
		if (s == VIGIE_WAIVER_INVALID) {
			put(w, ": ");
			esc(w, json_string_value(json_object_get(e, "message")));
		}
		color(w, RESET);
		put(w, "\n");
	}
}

/* ---- the Community block: the history facts, in a few plain lines ---- */

/* A number with the words before and after it, by language. */
enum phrase {
	P_TITLE,
	P_AUTHORS,
	P_ORGS,
	P_TOP,
	P_BUS,
	P_COMMITS,
	P_NEWCOMERS,
	P_ACTIVE,
	P_BOTS,
	P_TRANSLATION,
	P_LAST_COMMIT,
	P_LAST_RELEASE,
	P_RELEASES_IN_WINDOW,
	P_COUNT
};

struct words {
	const char *before, *after, *after_plural;
};

static const struct words phrases[P_COUNT][VIGIE_LANG_COUNT] = {
	[P_TITLE] = { { "Community, last ", " days", NULL },
		      { "Communauté, ", " derniers jours", NULL } },
	[P_AUTHORS] = { { "", " author", " authors" },
			{ "", " auteur", " auteurs" } },
	[P_ORGS] = { { " from ", " organisation", " organisations" },
		     { " de ", " organisation", " organisations" } },
	[P_TOP] = { { " makes ", "% of commits", NULL },
		    { " fait ", " % des commits", NULL } },
	[P_BUS] = { { "bus factor ", "", NULL }, { "facteur bus ", "", NULL } },
	[P_COMMITS] = { { "", " commit", " commits" },
			{ "", " commit", " commits" } },
	[P_NEWCOMERS] = { { ", ", " newcomer", " newcomers" },
			  { ", ", " nouveau venu", " nouveaux venus" } },
	[P_ACTIVE] = { { ", ", " active in the last 90 days", NULL },
		       { ", ", " actif ces 90 derniers jours",
			 " actifs ces 90 derniers jours" } },
	[P_BOTS] = { { "", " by bots (not counted)", NULL },
		     { "", " par des robots (non comptés)", NULL } },
	[P_TRANSLATION] = { { "", " through a translation platform", NULL },
			    { "", " par une plateforme de traduction", NULL } },
	[P_LAST_COMMIT] = { { "last commit ", " days ago", NULL },
			    { "dernier commit il y a ", " jours", NULL } },
	[P_LAST_RELEASE] = { { "last release ", " days ago", NULL },
			     { "dernière version il y a ", " jours", NULL } },
	[P_RELEASES_IN_WINDOW] = { { ", ", " in the window", NULL },
				   { ", ", " sur la période", NULL } },
};

enum cmsg { C_NOBODY, C_TOP_ONE, C_NO_RELEASE, C_SEP, C_COUNT };

static const char *const cmsgs[C_COUNT][VIGIE_LANG_COUNT] = {
	[C_NOBODY] = { "no commit by a person in the window",
		       "aucun commit d'une personne sur la période" },
	[C_TOP_ONE] = { "the top one", "la première" },
	[C_NO_RELEASE] = { "no release tag", "aucune étiquette de version" },
	[C_SEP] = { "; ", " ; " },
};

static void phrase(struct out *w, enum phrase p, enum vigie_lang l,
		   long long n)
{
	const struct words *x = &phrases[p][l];
	/* French has the singular for 0 and 1, English for 1 alone. */
	bool plural = l == VIGIE_LANG_FR ? n > 1 : n != 1;

	put(w, x->before);
	printfw(w, "%lld", n);
	put(w, plural && x->after_plural ? x->after_plural : x->after);
}

static long long fact_int(json_t *obj, const char *key, bool *ok)
{
	json_t *v = json_object_get(obj, key);

	*ok = json_is_integer(v);
	return *ok ? (long long)json_integer_value(v) : 0;
}

static void community(struct out *w, json_t *h, enum vigie_lang l)
{
	json_t *rel = json_object_get(h, "releases");
	const char *top = json_string_value(json_object_get(h, "top_organisation"));
	const char *sep = cmsgs[C_SEP][l];
	long long v, commits;
	bool ok;

	if (!json_is_object(h))
		return;
	put(w, "\n");
	color(w, BOLD);
	phrase(w, P_TITLE, l, fact_int(h, "window_days", &ok));
	color(w, RESET);
	put(w, "\n  ");
	commits = fact_int(h, "commits", &ok);
	if (!commits) {
		put(w, cmsgs[C_NOBODY][l]);
	} else {
		phrase(w, P_AUTHORS, l, fact_int(h, "authors", &ok));
		phrase(w, P_ORGS, l, fact_int(h, "organisations", &ok));
		put(w, sep);
		put(w, cmsgs[C_TOP_ONE][l]);
		if (top) {
			/* A domain from the repository: escaped like all such text. */
			put(w, ", ");
			esc(w, top);
			put(w, ",");
		}
		phrase(w, P_TOP, l, llround(json_number_value(json_object_get(
					   h, "top_organisation_share")) * 100));
		v = fact_int(h, "bus_factor", &ok);
		if (ok) {
			put(w, sep);
			phrase(w, P_BUS, l, v);
		}
	}
	put(w, "\n  ");
	phrase(w, P_COMMITS, l, commits);
	v = fact_int(h, "newcomers", &ok);
	if (ok && commits)
		phrase(w, P_NEWCOMERS, l, v);
	v = fact_int(h, "active_90d", &ok);
	if (ok && commits)
		phrase(w, P_ACTIVE, l, v);
	v = fact_int(json_object_get(h, "bots"), "commits", &ok);
	if (ok && v) {
		put(w, sep);
		phrase(w, P_BOTS, l, v);
	}
	v = fact_int(json_object_get(h, "translation"), "commits", &ok);
	if (ok && v) {
		put(w, sep);
		phrase(w, P_TRANSLATION, l, v);
	}
	put(w, "\n  ");
	v = fact_int(h, "last_commit_days_now", &ok);
	if (ok) {
		phrase(w, P_LAST_COMMIT, l, v);
		put(w, sep);
	}
	v = fact_int(rel, "last_days_now", &ok);
	if (ok) {
		phrase(w, P_LAST_RELEASE, l, v);
		phrase(w, P_RELEASES_IN_WINDOW, l, fact_int(rel, "count", &ok));
	} else {
		put(w, cmsgs[C_NO_RELEASE][l]);
	}
	put(w, "\n");
}

int vigie_report_text(struct vigie_buf *out, const struct vigie_scorecard *sc,
		      const struct vigie_report_opts *opts,
		      struct vigie_error *err)
{
	struct out w = { out, opts, 0 };
	enum vigie_lang l = opts->lang;
	size_t counts[VIGIE_STATUS_COUNT] = { 0 };
	char date[16] = "";
	struct tm tm;
	time_t when = (time_t)sc->commit_time;
	size_t i;
	int t;

	if (gmtime_r(&when, &tm))
		strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	color(&w, BOLD);
	put(&w, tr(&w, msgs[M_AUDIT_OF]));
	put(&w, " ");
	esc(&w, sc->target);
	color(&w, RESET);
	put(&w, "\n  ");
	if (sc->ref) {
		esc(&w, sc->ref);
		put(&w, " @ ");
	}
	printfw(&w, "%.12s, %s\n\n", sc->commit ? sc->commit : "", date);

	color(&w, BOLD);
	if (sc->overall >= 0)
		printfw(&w, "%s %.0f/100\n", tr(&w, msgs[M_SCORE]), sc->overall);
	else
		printfw(&w, "%s -/100 (%s)\n", tr(&w, msgs[M_SCORE]),
			tr(&w, msgs[M_NO_RULES]));
	color(&w, RESET);
	for (t = 0; t < VIGIE_THEME_COUNT; t++) {
		printfw(&w, "  %-12s ", tr(&w, theme_titles[t]));
		bar(&w, sc->theme[t]);
		if (sc->theme[t] >= 0)
			printfw(&w, " %3.0f\n", sc->theme[t]);
		else
			put(&w, "   -\n");
	}
	community(&w, json_object_get(sc->facts, "history"), l);

	for (t = 0; t < VIGIE_THEME_COUNT; t++) {
		bool header = false;
		for (i = 0; i < sc->count; i++) {
			const struct vigie_result *r = &sc->results[i];
			const struct vigie_rule *rule = r->rule;

			if ((int)rule->theme != t)
				continue;
			if (!header) {
				put(&w, "\n");
				color(&w, BOLD);
				printfw(&w, "%s (%d)\n", tr(&w, theme_titles[t]), t + 1);
				color(&w, RESET);
				header = true;
			}
			counts[r->status]++;
			put(&w, "  ");
			color(&w, marks[r->status].color);
			put(&w, marks[r->status].glyph);
			color(&w, RESET);
			put(&w, " ");
			esc(&w, rule->title[l]);
			color(&w, "\x1b[2m");
			put(&w, "  [");
			esc(&w, rule->id);
			put(&w, ", ");
			esc(&w, rule->guide);
			put(&w, "]");
			color(&w, RESET);
			if (r->status == VIGIE_STATUS_PARTIAL)
				printfw(&w, " %.0f%%", r->score * 100);
			put(&w, "\n");
			if (r->status == VIGIE_STATUS_SKIP ||
			    r->status == VIGIE_STATUS_ERROR ||
			    r->status == VIGIE_STATUS_WAIVED) {
				put(&w, "      ");
				put(&w, tr(&w, msgs[r->status == VIGIE_STATUS_SKIP ? M_SKIPPED :
						    r->status == VIGIE_STATUS_ERROR ? M_ERROR :
						    M_WAIVED]));
				put(&w, l == VIGIE_LANG_FR ? " : " : ": ");
				if (r->status == VIGIE_STATUS_WAIVED)
					esc(&w, r->reason ? r->reason : "");
				else
					say(&w, r->reason ? r->reason : "");
				put(&w, "\n");
				continue;
			}
			if (r->status == VIGIE_STATUS_PASS && !opts->verbose) {
				evidence(&w, json_array_size(r->evidence) > 1
						     ? NULL : r->evidence);
				continue;
			}
			evidence(&w, r->evidence);
			if (r->status != VIGIE_STATUS_PASS) {
				put(&w, "      ");
				color(&w, "\x1b[36m");
				put(&w, tr(&w, msgs[M_FIX]));
				put(&w, l == VIGIE_LANG_FR ? " :" : ":");
				color(&w, RESET);
				put(&w, " ");
				esc(&w, rule->remediation[l]);
				put(&w, "\n");
			}
		}
	}
	for (i = 0; i < json_array_size(sc->problems); i++) {
		json_t *p = json_array_get(sc->problems, i);
		put(&w, "\n");
		color(&w, "\x1b[35m");
		put(&w, tr(&w, msgs[M_PROBLEM]));
		put(&w, " ");
		esc(&w, json_string_value(json_object_get(p, "collector")));
		put(&w, l == VIGIE_LANG_FR ? " : " : ": ");
		say(&w, json_string_value(json_object_get(p, "message")));
		color(&w, RESET);
		put(&w, "\n");
	}
	waivers(&w, sc->waivers, l);
	put(&w, "\n");
	for (i = 0; i < VIGIE_STATUS_COUNT; i++) {
		if (!counts[i] && i != VIGIE_STATUS_PASS && i != VIGIE_STATUS_FAIL)
			continue;
		printfw(&w, "%s%zu %s", i ? ", " : "", counts[i],
			tr(&w, status_words[i]));
	}
	put(&w, "\n");
	if (w.rc < 0)
		return vigie_error_set(err, w.rc, "", "cannot format report");
	return 0;
}
