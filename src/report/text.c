/* SPDX-License-Identifier: EUPL-1.2 */
/* The text reporter: a scorecard for people, grouped by theme. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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
#include "num.h"
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

/* What the text report says of a waiver that was not applied. */
static const char *const waiver_words[VIGIE_WAIVER_STATE_COUNT] = {
	[VIGIE_WAIVER_UNUSED] = N_("not needed, the rule does not fail"),
	[VIGIE_WAIVER_UNKNOWN_RULE] = N_("no loaded rule has this id"),
	[VIGIE_WAIVER_INVALID] = N_("invalid"),
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

/*
 * A message vigie wrote and kept as data (a note, a problem, a waiver's
 * message: field key of obj), in the report's language.
 */
static void say_json(struct out *w, const json_t *obj, const char *key)
{
	struct vigie_buf b = VIGIE_BUF_INIT;

	if (w->rc || !json_is_string(json_object_get(obj, key)))
		return;
	w->rc = vigie_msg_render_json(&b, w->o->lang, obj, key);
	if (w->rc == 0 && b.ptr)
		w->rc = vigie_escape_text(w->b, b.ptr, b.len);
	vigie_buf_release(&b);
}

/* A rule's reason, in the report's language (a waiver's as written). */
static void say_reason(struct out *w, const struct vigie_result *r)
{
	struct vigie_buf b = VIGIE_BUF_INIT;

	if (w->rc || !r->reason)
		return;
	if (r->reason_id)
		w->rc = vigie_msg_render(&b, w->o->lang, r->reason_id,
					 r->reason_args, r->reason_nargs);
	else
		w->rc = vigie_buf_puts(&b, r->reason);
	if (w->rc == 0 && b.ptr)
		w->rc = vigie_escape_text(w->b, b.ptr, b.len);
	vigie_buf_release(&b);
}

/* One of vigie's own templates (mark it N_), formatted in the language. */
static void sayf(struct out *w, const char *msgid, ...) VIGIE_PRINTF(2, 3);

static void sayf(struct out *w, const char *msgid, ...)
{
	va_list ap;

	/* The catalogue keeps only translations with the same conversions. */
	va_start(ap, msgid);
	if (w->rc == 0)
		w->rc = vigie_buf_vprintf(w->b, tr(w, msgid), ap);
	va_end(ap);
}

/*
 * A count's message in the report's language, its form chosen for n by the
 * language's plural rule; the arguments follow.  The compiler checks them
 * against the plural, test_i18n the singular and each translation.
 */
static void sayn(struct out *w, long long n, const char *singular,
		 const char *plural, ...) VIGIE_PRINTF(4, 5);

static void sayn(struct out *w, long long n, const char *singular,
		 const char *plural, ...)
{
	va_list ap;

	va_start(ap, plural);
	if (w->rc == 0)
		w->rc = vigie_buf_vprintf(w->b, vigie_i18n_ntext(
			w->o->lang, singular, plural,
			n < 0 ? 0 : (unsigned long)n), ap);
	va_end(ap);
}

/* The colon after a label: ": ", in French " : ". */
static const char *sep(const struct out *w)
{
	return tr(w, NC_("separator", ": "));
}

static void color(struct out *w, const char *c)
{
	if (w->o->color)
		put(w, c);
}

/* The colon, then the colour ends, then the blank: "fix:" coloured, " ". */
static void sep_out_of_color(struct out *w)
{
	const char *s = sep(w);
	size_t n = strlen(s);

	while (n && s[n - 1] == ' ')
		n--;
	if (w->rc == 0)
		w->rc = vigie_buf_add(w->b, s, n);
	color(w, RESET);
	put(w, s + n);
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

/* The longest fact value shown whole on an evidence line. */
#define VALUE_MAX 120

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

		/*
		 * A fact that is a place ({path, line, text}, like
		 * translation.policy) is shown as the place it names.
		 */
		if (!path && json_is_object(value) &&
		    json_is_string(json_object_get(value, "path"))) {
			path = json_string_value(json_object_get(value, "path"));
			line = json_object_get(value, "line");
			text = json_string_value(json_object_get(value, "text"));
			value = NULL;
		}
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
			say_json(w, e, "note");
			if (value) {
				/* Lists and objects compact, and cut short. */
				char *s = json_dumps(value, JSON_ENCODE_ANY |
								    JSON_COMPACT |
								    JSON_REAL_PRECISION(10));
				put(w, " = ");
				if (s && strlen(s) > VALUE_MAX) {
					memcpy(s + VALUE_MAX - 3, "...", 4);
				}
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
static void waivers(struct out *w, json_t *list)
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
		if (s == VIGIE_WAIVER_EXPIRED) {
			/* The date is the repository's: escaped first. */
			struct vigie_buf date = VIGIE_BUF_INIT;
			if (w->rc == 0 && expires)
				w->rc = vigie_escape_text(&date, expires,
							  strlen(expires));
			sayf(w, N_("expired on %s, not applied"),
			     date.ptr ? date.ptr : "");
			vigie_buf_release(&date);
		} else {
			put(w, tr(w, waiver_words[s]));
		}
		if (s == VIGIE_WAIVER_INVALID) {
			put(w, ": ");
			say_json(w, e, "message");
		}
		color(w, RESET);
		put(w, "\n");
	}
}

/* ---- the Community block: the history facts, in a few plain lines ---- */

static long long fact_int(json_t *obj, const char *key, bool *ok)
{
	json_t *v = json_object_get(obj, key);

	*ok = json_is_integer(v);
	return *ok ? (long long)json_integer_value(v) : 0;
}

/*
 * Counts.  French puts 0 and 1 in the singular, English only 1.  As in the
 * batch summary, the message of a count of 2 and more has a twin with the
 * context "one", its French in the singular, for the counts under 2; the
 * English of both is the same ("%lld active in the last 90 days").  Where
 * English has a singular too, 1 has an English message of its own, so
 * such a count has three messages:
 *   1        "%lld author"                "1 author"    "1 auteur"
 *   2 and up "%lld authors"               "2 authors"   "2 auteurs"
 *   0        "%lld authors", context one  "0 authors"   "0 auteur"
 * Each is written out where it is used, for the compiler to check its
 * conversion against the count and for test_i18n to find it.
 */
static void community(struct out *w, json_t *h)
{
	json_t *rel = json_object_get(h, "releases");
	const char *top = json_string_value(json_object_get(h, "top_organisation"));
	const char *semi = tr(w, NC_("separator", "; "));
	long long v, commits;
	bool ok;

	if (!json_is_object(h))
		return;
	put(w, "\n");
	color(w, BOLD);
	v = fact_int(h, "window_days", &ok);
	sayn(w, v, Q_("Community, last %lld day", "Community, last %lld days"),
	     v);
	color(w, RESET);
	put(w, "\n  ");
	commits = fact_int(h, "commits", &ok);
	if (!commits) {
		put(w, tr(w, N_("no commit by a person in the window")));
	} else {
		v = fact_int(h, "authors", &ok);
		sayn(w, v, Q_("%lld author", "%lld authors"), v);
		put(w, " ");
		v = fact_int(h, "organisations", &ok);
		sayn(w, v, Q_("from %lld organisation", "from %lld organisations"),
		     v);
		put(w, semi);
		put(w, tr(w, N_("the top one")));
		if (top) {
			/* A domain from the repository: escaped like all such text. */
			put(w, ", ");
			esc(w, top);
			put(w, ",");
		}
		put(w, " ");
		sayf(w, N_("makes %lld%% of commits"),
		     (long long)vigie_round(json_number_value(json_object_get(
			     h, "top_organisation_share")) * 100));
		v = fact_int(h, "bus_factor", &ok);
		if (ok) {
			put(w, semi);
			sayf(w, N_("bus factor %lld"), v);
		}
	}
	put(w, "\n  ");
	sayn(w, commits, Q_("%lld commit", "%lld commits"), commits);
	v = fact_int(h, "newcomers", &ok);
	if (ok && commits) {
		put(w, ", ");
		sayn(w, v, Q_("%lld newcomer", "%lld newcomers"), v);
	}
	v = fact_int(h, "active_90d", &ok);
	if (ok && commits) {
		put(w, ", ");
		sayn(w, v, Q_("%lld active in the last 90 days",
			      "%lld active in the last 90 days"), v);
	}
	v = fact_int(json_object_get(h, "bots"), "commits", &ok);
	if (ok && v) {
		put(w, semi);
		sayf(w, N_("%lld by bots (not counted)"), v);
	}
	v = fact_int(json_object_get(h, "translation"), "commits", &ok);
	if (ok && v) {
		put(w, semi);
		sayf(w, N_("%lld through a translation platform"), v);
	}
	put(w, "\n  ");
	v = fact_int(h, "last_commit_days_now", &ok);
	if (ok) {
		sayn(w, v, Q_("last commit %lld day ago",
			      "last commit %lld days ago"), v);
		put(w, semi);
	}
	v = fact_int(rel, "last_days_now", &ok);
	if (ok) {
		sayn(w, v, Q_("last release %lld day ago",
			      "last release %lld days ago"), v);
		put(w, ", ");
		sayf(w, N_("%lld in the window"), fact_int(rel, "count", &ok));
	} else {
		put(w, tr(w, N_("no release tag")));
	}
	put(w, "\n");
}

int vigie_report_text(struct vigie_buf *out, const struct vigie_scorecard *sc,
		      const struct vigie_report_opts *opts,
		      struct vigie_error *err)
{
	struct out w = { out, opts, 0 };
	enum vigie_lang l;
	json_t *skip_reasons;
	size_t counts[VIGIE_STATUS_COUNT] = { 0 };
	char date[VIGIE_DATE_MAX];
	size_t i;
	int t;

	if (vigie_report_opts_check(opts, err) < 0)
		return VIGIE_EINVALID;
	l = opts->lang;
	skip_reasons = json_object();
	vigie_nomem_take();
	vigie_date_format(date, sc->commit_time, VIGIE_DATE_DAY);
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
	printfw(&w, "%.12s, %s", sc->commit ? sc->commit : "", date);
	if (sc->as_of && vigie_date_format(date, sc->as_of, VIGIE_DATE_DAY)) {
		/* The one clock every age of the report is counted from. */
		put(&w, tr(&w, NC_("separator", "; ")));
		sayf(&w, N_("ages as of %s"), date);
	}
	put(&w, "\n\n");

	color(&w, BOLD);
	if (sc->overall >= 0)
		printfw(&w, "%s %.0f/100\n", tr(&w, msgs[M_SCORE]), sc->overall);
	else
		printfw(&w, "%s -/100 (%s)\n", tr(&w, msgs[M_SCORE]),
			tr(&w, msgs[M_NO_RULES]));
	color(&w, RESET);
	for (t = 0; t < VIGIE_THEME_COUNT; t++) {
		double s = vigie_scorecard_theme_score(sc, (enum vigie_theme)t);
		printfw(&w, "  %-12s ", tr(&w, report_theme_titles[t]));
		bar(&w, s);
		if (s >= 0)
			printfw(&w, " %3.0f\n", s);
		else
			put(&w, "   -\n");
	}
	community(&w, json_object_get(sc->facts, "history"));

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
				printfw(&w, "%s (%d)\n", tr(&w, report_theme_titles[t]), t + 1);
				color(&w, RESET);
				header = true;
			}
			counts[r->status]++;
			put(&w, "  ");
			color(&w, marks[r->status].color);
			put(&w, marks[r->status].glyph);
			color(&w, RESET);
			put(&w, " ");
			esc(&w, vigie_rule_text(rule, VIGIE_RULE_TITLE, l));
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
				/* A reason already given is not repeated: a
				 * missing forge skips a dozen rules for one
				 * cause, said once (and in the problems). */
				if (r->status == VIGIE_STATUS_SKIP && r->reason &&
				    !opts->verbose) {
					if (json_object_get(skip_reasons, r->reason))
						continue;
					json_object_set_new(skip_reasons, r->reason,
							    json_true());
				}
				put(&w, "      ");
				put(&w, tr(&w, msgs[r->status == VIGIE_STATUS_SKIP ? M_SKIPPED :
						    r->status == VIGIE_STATUS_ERROR ? M_ERROR :
						    M_WAIVED]));
				put(&w, sep(&w));
				if (r->status == VIGIE_STATUS_WAIVED)
					esc(&w, r->reason ? r->reason : "");
				else
					say_reason(&w, r);
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
				sep_out_of_color(&w);
				esc(&w, vigie_rule_text(rule, VIGIE_RULE_REMEDIATION, l));
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
		put(&w, sep(&w));
		say_json(&w, p, "message");
		color(&w, RESET);
		put(&w, "\n");
	}
	waivers(&w, sc->waivers);
	put(&w, "\n");
	for (i = 0; i < VIGIE_STATUS_COUNT; i++) {
		if (!counts[i] && i != VIGIE_STATUS_PASS && i != VIGIE_STATUS_FAIL)
			continue;
		put(&w, i ? ", " : "");
		if (w.rc == 0)
			w.rc = report_status_count(out, l, (enum vigie_status)i,
						   counts[i]);
	}
	put(&w, "\n");
	json_decref(skip_reasons);
	/* a message that could not be translated is no English one */
	if (w.rc == 0 && vigie_nomem_take())
		w.rc = VIGIE_ENOMEM;
	if (w.rc < 0)
		return vigie_error_set(err, w.rc, "", "cannot format report");
	return 0;
}
