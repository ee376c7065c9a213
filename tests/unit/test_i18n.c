/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of vigie's French: every message and rule has it, reports use it. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collect.h"
#include "text.h"

/* ---- the messages marked in the sources ---------------------------------- */

/* Parse adjacent C string literals at s (on '"'); *end past them. */
static char *literal(const char *s, const char **end)
{
	struct vigie_buf b = VIGIE_BUF_INIT;

	vigie_buf_puts(&b, "");
	while (*s == '"') {
		for (s++; *s && *s != '"'; s++) {
			if (*s == '\\' && s[1]) {
				s++;
				vigie_buf_putc(&b, *s == 'n' ? '\n' : *s == 't' ? '\t' : *s);
			} else {
				vigie_buf_putc(&b, *s);
			}
		}
		if (*s)
			s++;
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
	}
	*end = s;
	return vigie_buf_detach(&b, NULL);
}

/* The printf conversions of s, as one string ("%s%zu"). */
static void conversions(char *out, size_t n, const char *s)
{
	size_t o = 0;

	out[0] = '\0';
	for (; *s; s++) {
		size_t k = 1;
		if (*s != '%')
			continue;
		if (s[1] == '%') {
			s++;
			continue;
		}
		while (s[k] && strchr("0123456789.-+ #lzhjt", s[k]))
			k++;
		if (o + k + 2 < n) {
			memcpy(out + o, s, k + 1);
			o += k + 1;
			out[o] = '\0';
		}
	}
}

/* Three letters in a row outside the conversions: a message, not a shape. */
static bool has_words(const char *s)
{
	int run = 0;

	for (; *s; s++) {
		if (*s == '%' && s[1] && s[1] != '%') {
			s++;
			while (*s && strchr("0123456789.-+ #lzhjt", *s))
				s++;
			run = 0;
			continue;
		}
		run = isalpha((unsigned char)*s) ? run + 1 : 0;
		if (run >= 3)
			return true;
	}
	return false;
}

static const struct vigie_i18n_entry *find_entry(const char *msgid)
{
	const struct vigie_i18n_entry *v;
	size_t n, i;

	v = vigie_i18n_entries(VIGIE_LANG_FR, &n);
	for (i = 0; i < n; i++)
		if (!strcmp(v[i].msgid, msgid))
			return &v[i];
	return NULL;
}

struct scan {
	int messages, missing, bare;
	struct vigie_buf report;
};

/*
 * Q_(singular, plural) at end (past the singular): the French entry has
 * that plural and its two forms, each with the plural's conversions.
 */
static void scan_plural(struct scan *sc, const char *path, const char *id,
			const char *end)
{
	const struct vigie_i18n_entry *e = find_entry(id);
	char want[64], got[64], *plural;
	size_t k;

	while (*end == ',' || *end == ' ' || *end == '\n' || *end == '\t')
		end++;
	plural = literal(end, &end);
	sc->messages++;
	conversions(want, sizeof(want), id);
	conversions(got, sizeof(got), plural);
	if (strcmp(want, got))
		vigie_buf_printf(&sc->report, "%s: \"%s\" and its plural have "
				 "conversions %s and %s\n", path, id, want, got),
			sc->missing++;
	if (!e || !e->msgid_plural || strcmp(e->msgid_plural, plural) ||
	    e->nforms != 2) {
		vigie_buf_printf(&sc->report, "%s: no French plural (msgid_plural "
				 "\"%s\", msgstr[0], msgstr[1]) for \"%s\"\n",
				 path, plural, id);
		sc->missing++;
	} else {
		for (k = 0; k < e->nforms; k++) {
			conversions(got, sizeof(got), e->forms[k]);
			if (strcmp(want, got)) {
				vigie_buf_printf(&sc->report, "%s: \"%s\" form %zu has "
						 "conversions %s in French\n",
						 path, id, k, got);
				sc->missing++;
			}
		}
	}
	free(plural);
}

static void scan_file(struct scan *sc, const char *path)
{
	char up[600], *text, *p;

	/* test_data() reads below tests/data: climb back to the root. */
	snprintf(up, sizeof(up), "../../%s", path);
	text = test_data(up);
	const char *end;

	/* N_("..."), NC_("ctx", "...") and Q_("one", "more"): p on their "_(" */
	for (p = text; (p = strstr(p, "_(")) != NULL; p += 2) {
		bool ctx = p - text >= 2 && p[-2] == 'N' && p[-1] == 'C';
		const char *name = p - 1 - ctx;
		char *id, *full;
		size_t len;
		const char *q = p + 2;
		const struct vigie_i18n_entry *e;
		char want[64], got[64];

		if ((*name != 'N' && *name != 'Q') ||
		    (name > text && (name[-1] == '_' ||
				     isalnum((unsigned char)name[-1]))))
			continue;
		while (*q == ' ' || *q == '\n' || *q == '\t')
			q++;
		if (*q != '"')
			continue; /* the macro's own definition */
		id = literal(q, &end);
		if (*name == 'Q') {
			scan_plural(sc, path, id, end);
			free(id);
			continue;
		}
		if (ctx) {
			char *msg;
			while (*end == ',' || *end == ' ' || *end == '\n' || *end == '\t')
				end++;
			msg = literal(end, &end);
			len = strlen(id) + strlen(msg) + 2;
			full = malloc(len);
			snprintf(full, len, "%s\004%s", id, msg);
			free(msg);
			free(id);
		} else {
			full = id;
		}
		sc->messages++;
		if (!has_words(full)) {
			/* "%s: %s" would match, and so translate, any text. */
			vigie_buf_printf(&sc->report, "%s: \"%s\" has no words of its own\n",
					 path, full);
			sc->missing++;
		}
		e = find_entry(full);
		if (!e || !*e->msgstr) {
			vigie_buf_printf(&sc->report, "%s: no French for \"%s\"\n", path, full);
			sc->missing++;
		} else {
			conversions(want, sizeof(want), e->msgid);
			conversions(got, sizeof(got), e->msgstr);
			if (strcmp(want, got)) {
				vigie_buf_printf(&sc->report,
						 "%s: \"%s\" has conversions %s in French, %s in English\n",
						 path, full, got, want);
				sc->missing++;
			}
		}
		free(full);
	}
	/* The command line prints no message that is not marked. */
	for (p = text; (p = strstr(p, "cli_error(\"")) != NULL; p++) {
		vigie_buf_printf(&sc->report, "%s: unmarked cli_error message\n", path);
		sc->bare++;
	}
	for (p = text; (p = strstr(p, "cli_printf(\"")) != NULL; p++) {
		vigie_buf_printf(&sc->report, "%s: unmarked cli_printf message\n", path);
		sc->bare++;
	}
	free(text);
}

static void scan_dir(struct scan *sc, const char *rel)
{
	struct vigie_buf abs = VIGIE_BUF_INIT;
	struct dirent *de;
	DIR *d;

	vigie_buf_printf(&abs, "%s/%s", fx_source_root(), rel);
	d = opendir(abs.ptr);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		char sub[512];
		size_t n = strlen(de->d_name);
		struct stat st;
		char full[1024];

		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", rel, de->d_name);
		snprintf(full, sizeof(full), "%s/%s", abs.ptr, de->d_name);
		if (stat(full, &st) == 0 && S_ISDIR(st.st_mode))
			scan_dir(sc, sub);
		else if (n > 2 && !strcmp(de->d_name + n - 2, ".c"))
			scan_file(sc, sub);
	}
	closedir(d);
	vigie_buf_release(&abs);
}

/*
 * Every message marked N_/NC_ in src/ has its French text in
 * rules/i18n/fr.po, with the same printf conversions; the command line
 * prints no unmarked message.
 */
static void test_i18n_every_message_has_french(void **state)
{
	struct scan sc = { 0, 0, 0, VIGIE_BUF_INIT };

	(void)state;
	scan_dir(&sc, "src");
	printf("# %d marked messages\n", sc.messages);
	assert_true(sc.messages >= 80);
	if (sc.missing || sc.bare)
		fail_msg("%s", sc.report.ptr);
	vigie_buf_release(&sc.report);
}

/* Every rule of every pack shipped has its own French texts. */
static void test_i18n_every_rule_has_french(void **state)
{
	const char *const *names = vigie_rules_embedded();
	struct vigie_ruleset *rs = vigie_ruleset_new();
	struct vigie_buf bad = VIGIE_BUF_INIT;
	struct vigie_error err;
	json_t *guide;
	const char *data;
	size_t i, len;

	(void)state;
	for (; *names; names++) {
		char name[128];
		snprintf(name, sizeof(name), "%.*s", (int)(strlen(*names) - 5), *names);
		assert_int_equal(vigie_ruleset_load(rs, name, &err), 0);
	}
	data = vigie_rules_embedded_data("guide/questions.json", &len);
	assert_non_null(data);
	guide = json_loadb(data, len, 0, NULL);
	assert_non_null(guide);
	for (i = 0; i < vigie_ruleset_count(rs); i++) {
		const struct vigie_rule *r = vigie_ruleset_rule(rs, i);
		json_t *q = json_object_get(guide, r->guide);
		if (!strcmp(vigie_rule_text(r, VIGIE_RULE_TITLE, VIGIE_LANG_FR), vigie_rule_text(r, VIGIE_RULE_TITLE, VIGIE_LANG_EN)))
			vigie_buf_printf(&bad, "%s: title not translated\n", r->id);
		if (!strcmp(vigie_rule_text(r, VIGIE_RULE_REMEDIATION, VIGIE_LANG_FR), vigie_rule_text(r, VIGIE_RULE_REMEDIATION, VIGIE_LANG_EN)))
			vigie_buf_printf(&bad, "%s: remediation not translated\n", r->id);
		if (vigie_rule_text(r, VIGIE_RULE_DESCRIPTION, VIGIE_LANG_EN) &&
		    !strcmp(vigie_rule_text(r, VIGIE_RULE_DESCRIPTION, VIGIE_LANG_FR), vigie_rule_text(r, VIGIE_RULE_DESCRIPTION, VIGIE_LANG_EN)))
			vigie_buf_printf(&bad, "%s: description not translated\n", r->id);
		if (!json_is_string(json_object_get(q, "fr")) ||
		    !json_is_string(json_object_get(q, "en")))
			vigie_buf_printf(&bad, "%s: guide question %s lacks a summary\n",
					 r->id, r->guide);
	}
	assert_true(vigie_ruleset_count(rs) >= 80);
	if (bad.len)
		fail_msg("%s", bad.ptr);
	json_decref(guide);
	vigie_buf_release(&bad);
	vigie_ruleset_free(rs);
}

/*
 * A third language is one PO file and its plural rule: a Polish catalogue
 * (three forms) read by the same reader gives each count its form; a rule
 * vigie cannot read, or a form missing, leaves the message in English.
 */
static void test_i18n_third_language_and_plural_rules(void **state)
{
	static const char po[] =
		"msgid \"\"\n"
		"msgstr \"\"\n"
		"\"Language: pl\\n\"\n"
		"\"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && "
		"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n\"\n"
		"\n"
		"msgid \"fix\"\n"
		"msgstr \"poprawka\"\n"
		"\n"
		"msgid \"%lld author\"\n"
		"msgid_plural \"%lld authors\"\n"
		"msgstr[0] \"%lld autor\"\n"
		"msgstr[1] \"%lld autorzy\"\n"
		"msgstr[2] \"%lld autorow\"\n"
		"\n"
		"# a form without the count's conversion: not used\n"
		"msgid \"%lld commit\"\n"
		"msgid_plural \"%lld commits\"\n"
		"msgstr[0] \"jeden commit\"\n"
		"msgstr[1] \"%lld commity\"\n"
		"msgstr[2] \"%lld commitow\"\n";
	static const struct { unsigned long n; const char *want; } cases[] = {
		{ 1, "%lld autor" }, { 2, "%lld autorzy" }, { 4, "%lld autorzy" },
		{ 5, "%lld autorow" }, { 12, "%lld autorow" },
		{ 22, "%lld autorzy" }, { 25, "%lld autorow" },
		{ 0, "%lld autorow" }, { 112, "%lld autorow" },
	};
	struct vigie_i18n_catalogue *c;
	size_t i;

	(void)state;
	c = vigie_i18n_catalogue_parse(po, sizeof(po) - 1);
	assert_non_null(c);
	assert_string_equal(vigie_i18n_catalogue_text(c, "fix"), "poprawka");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = vigie_i18n_catalogue_ntext(
			c, Q_("%lld author", "%lld authors"), cases[i].n);
		if (strcmp(got, cases[i].want))
			fail_msg("n=%lu: %s, not %s", cases[i].n, got,
				 cases[i].want);
	}
	assert_string_equal(vigie_i18n_catalogue_ntext(
				    c, Q_("%lld commit", "%lld commits"), 1),
			    "%lld commit");
	assert_string_equal(vigie_i18n_catalogue_ntext(
				    c, Q_("%lld commit", "%lld commits"), 3),
			    "%lld commits");
	vigie_i18n_catalogue_free(c);

	/* The rules of a few languages, as gettext reads them. */
	assert_int_equal(vigie_i18n_plural_index("(n > 1)", 0, 2), 0);
	assert_int_equal(vigie_i18n_plural_index("(n > 1)", 2, 2), 1);
	assert_int_equal(vigie_i18n_plural_index("n != 1", 0, 2), 1);
	assert_int_equal(vigie_i18n_plural_index("0", 7, 1), 0);
	assert_int_equal(vigie_i18n_plural_index(
		"(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
		"(n%100<10 || n%100>=20) ? 1 : 2)", 21, 3), 0);
	assert_int_equal(vigie_i18n_plural_index("n==0 ? 0 : n==1 ? 1 : "
		"n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5",
		105, 6), 3);
	/* malformed, or a form past nplurals */
	assert_int_equal(vigie_i18n_plural_index("(n > 1", 2, 2), -1);
	assert_int_equal(vigie_i18n_plural_index("n % 0", 2, 2), -1);
	assert_int_equal(vigie_i18n_plural_index("n", 5, 2), -1);
	assert_int_equal(vigie_i18n_plural_index("((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((n))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))", 1, 2), -1);
}

/* msgid rendered in French with one argument. */
static char *in_french(const char *msgid, const char *arg)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	char args[256];
	int n = vigie_msg_args(args, sizeof(args), "%s", arg);

	assert_int_equal(n, 1);
	vigie_msg_render(&b, VIGIE_LANG_FR, msgid, args, 1);
	vigie_buf_puts(&b, "");
	return vigie_buf_detach(&b, NULL);
}

static void test_i18n_lookup_contexts_and_templates(void **state)
{
	char *s;

	(void)state;
	assert_string_equal(vigie_i18n_text(VIGIE_LANG_FR, "fix"), "correctif");
	assert_string_equal(vigie_i18n_text(VIGIE_LANG_EN, "fix"), "fix");
	/* One English word, two French ones, told apart by a context. */
	assert_string_equal(vigie_i18n_text(VIGIE_LANG_FR, "skipped"), "ignorée");
	/* French puts 0 and 1 in the singular, English only 1. */
	assert_string_equal(vigie_i18n_ntext(VIGIE_LANG_FR, Q_("%zu skipped", "%zu skipped"), 0),
			    "%zu ignorée");
	assert_string_equal(vigie_i18n_ntext(VIGIE_LANG_FR, Q_("%zu skipped", "%zu skipped"), 2),
			    "%zu ignorées");
	assert_string_equal(vigie_i18n_ntext(VIGIE_LANG_EN, Q_("%zu error", "%zu errors"), 0),
			    "%zu errors");
	assert_string_equal(vigie_i18n_ntext(VIGIE_LANG_EN, Q_("%zu error", "%zu errors"), 1),
			    "%zu error");
	assert_string_equal(vigie_i18n_ntext(VIGIE_LANG_FR, Q_("%lld author", "%lld authors"), 1),
			    "%lld auteur");
	assert_string_equal(vigie_i18n_ntext(VIGIE_LANG_FR, Q_("%lld author", "%lld authors"), 7),
			    "%lld auteurs");
	/* A message kept as data comes back with its values. */
	s = in_french("%s is unavailable", "history.authors");
	assert_string_equal(s, "history.authors n'est pas disponible");
	free(s);
	/* One that is not in the catalogue is its English template. */
	s = in_french("%s, as written in the repository", "a reason");
	assert_string_equal(s, "a reason, as written in the repository");
	free(s);
}

/* s with its conversions replaced by V0, V1...; "%%" made "%". */
static char *instance(const char *s)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	int arg = 0;

	vigie_buf_puts(&b, "");
	while (*s) {
		size_t k = 1;
		if (*s == '%' && s[1] == '%') {
			vigie_buf_putc(&b, '%');
			s += 2;
			continue;
		}
		if (*s != '%') {
			vigie_buf_putc(&b, *s++);
			continue;
		}
		/* %N$: the N-th value */
		while (s[k] >= '0' && s[k] <= '9')
			k++;
		if (k > 1 && s[k] == '$') {
			vigie_buf_printf(&b, "V%d", atoi(s + 1) - 1);
			s += k;
			k = 0;
		} else {
			k = 1;
			vigie_buf_printf(&b, "V%d", arg++);
		}
		while (s[k] && strchr("0123456789.-+ #'*lzhjtL", s[k]))
			k++;
		s += k + 1;
	}
	return vigie_buf_detach(&b, NULL);
}

/*
 * Every French template takes the values of its English one: rendered
 * with V0, V1... it says them where its conversions are (in order, or
 * where a "%2$s" puts them).
 */
static void test_i18n_each_template_takes_its_values(void **state)
{
	const struct vigie_i18n_entry *v;
	struct vigie_buf bad = VIGIE_BUF_INIT;
	size_t n, i, tried = 0;

	(void)state;
	v = vigie_i18n_entries(VIGIE_LANG_FR, &n);
	for (i = 0; i < n; i++) {
		struct vigie_buf args = VIGIE_BUF_INIT, got = VIGIE_BUF_INIT;
		char convs[64], *want;
		size_t values = 0, k;
		const char *c;

		conversions(convs, sizeof(convs), v[i].msgid);
		for (c = convs; (c = strchr(c, '%')) != NULL; c++)
			values++;
		if (!values || values > VIGIE_MSG_ARGS_MAX || v[i].msgid_plural)
			continue;
		for (k = 0; k < values; k++) {
			vigie_buf_printf(&args, "V%zu", k);
			vigie_buf_putc(&args, '\0');
		}
		want = instance(v[i].msgstr);
		vigie_msg_render(&got, VIGIE_LANG_FR, v[i].msgid, args.ptr, values);
		if (!got.ptr || strcmp(got.ptr, want))
			vigie_buf_printf(&bad, "\"%s\" gave \"%s\", not \"%s\"\n",
					 v[i].msgid, got.ptr ? got.ptr : "",
					 want);
		tried++;
		free(want);
		vigie_buf_release(&args);
		vigie_buf_release(&got);
	}
	printf("# %zu templates\n", tried);
	assert_true(tried >= 100);
	if (bad.len)
		fail_msg("%s", bad.ptr);
	vigie_buf_release(&bad);
}

/* ---- the text report's own lines, in both languages ---------------------- */

/* The text report of a scorecard of no rule, with these facts and waivers. */
static char *text_report(enum vigie_lang lang, const char *history,
			 const char *waivers)
{
	struct vigie_report_opts opts = VIGIE_REPORT_OPTIONS_INIT;

	opts.lang = lang;
	struct vigie_scorecard sc;
	struct vigie_buf b = VIGIE_BUF_INIT;
	struct vigie_error err;

	memset(&sc, 0, sizeof(sc));
	sc.target = "repo";
	sc.commit = "0123456789abcdef";
	sc.commit_time = 1772366400; /* 2026-03-01 */
	sc.overall = -1;
	sc.facts = json_pack("{s:o}", "history", json_loads(history, 0, NULL));
	/* a problem as the library keeps it: in English, and as data */
	sc.problems = json_pack("[{s:s, s:s, s:s, s:[s]}]", "collector", "forge",
				"message", "forge.issues_enabled is unavailable",
				"message_id", "%s is unavailable", "message_args",
				"forge.issues_enabled");
	sc.waivers = waivers ? json_loads(waivers, 0, NULL) : NULL;
	assert_non_null(sc.facts);
	assert_int_equal(vigie_report_text(&b, &sc, &opts, &err), 0);
	json_decref(sc.facts);
	json_decref(sc.problems);
	json_decref(sc.waivers);
	return vigie_buf_detach(&b, NULL);
}

/*
 * The Community block and the waiver lines say their counts in each
 * language's grammar: English singular for 1, French for 0 and 1.
 */
static void test_i18n_text_report_counts_and_waivers(void **state)
{
	static const char one[] =
		"{\"window_days\": 365, \"commits\": 1, \"authors\": 1,"
		" \"organisations\": 1, \"top_organisation\": \"example.org\","
		" \"top_organisation_share\": 1.0, \"bus_factor\": 1,"
		" \"newcomers\": 0, \"active_90d\": 1, \"last_commit_days_now\": 3,"
		" \"bots\": {\"commits\": 1}}";
	static const char many[] =
		"{\"window_days\": 90, \"commits\": 12, \"authors\": 3,"
		" \"organisations\": 2, \"top_organisation_share\": 0.75,"
		" \"bus_factor\": 2, \"newcomers\": 2, \"active_90d\": 0,"
		" \"last_commit_days_now\": 1, \"bots\": {\"commits\": 0},"
		" \"translation\": {\"commits\": 4},"
		" \"releases\": {\"last_days_now\": 200, \"count\": 0}}";
	static const char nobody[] =
		"{\"window_days\": 365, \"commits\": 0, \"newcomers\": 0,"
		" \"active_90d\": 0, \"last_commit_days_now\": 400,"
		" \"bots\": {\"commits\": 2}, \"translation\": {\"commits\": 1},"
		" \"releases\": {\"last_days_now\": 500, \"count\": 1}}";
	static const char waivers[] =
		"[{\"state\": \"applied\", \"where\": \".vigie.json:2:3\", \"rule\": \"a.b\"},"
		" {\"state\": \"unused\", \"where\": \".vigie.json:3:3\", \"rule\": \"c.d\"},"
		" {\"state\": \"expired\", \"where\": \".vigie.json:4:3\", \"rule\": \"e.f\","
		"  \"expires\": \"2020-01-01\"},"
		" {\"state\": \"unknown_rule\", \"where\": \".vigie.json:5:3\", \"rule\": \"g.h\"},"
		" {\"state\": \"invalid\", \"where\": \".vigie.json:6:3\","
		"  \"message\": \"a waiver needs 'rule', a rule id\"}]";
	char *out;

	(void)state;
	out = text_report(VIGIE_LANG_EN, one, waivers);
	assert_contains(out, "\nCommunity, last 365 days\n"
			"  1 author from 1 organisation; the top one, example.org,"
			" makes 100% of commits; bus factor 1\n"
			"  1 commit, 0 newcomers, 1 active in the last 90 days;"
			" 1 by bots (not counted)\n"
			"  last commit 3 days ago; no release tag\n");
	assert_contains(out, "\ncould not gather forge: forge.issues_enabled is unavailable\n");
	assert_contains(out, "\n\nwaiver .vigie.json:3:3: c.d: not needed, the rule does not fail\n"
			"waiver .vigie.json:4:3: e.f: expired on 2020-01-01, not applied\n"
			"waiver .vigie.json:5:3: g.h: no loaded rule has this id\n"
			"waiver .vigie.json:6:3: invalid: a waiver needs 'rule', a rule id\n");
	assert_not_contains(out, "a.b");
	free(out);
	out = text_report(VIGIE_LANG_FR, one, waivers);
	assert_contains(out, "\nCommunauté, 365 derniers jours\n"
			"  1 auteur de 1 organisation ; la première, example.org,"
			" fait 100 % des commits ; facteur bus 1\n"
			"  1 commit, 0 nouveau venu, 1 actif ces 90 derniers jours ;"
			" 1 par des robots (non comptés)\n"
			"  dernier commit il y a 3 jours ; aucune étiquette de version\n");
	assert_contains(out, "\nimpossible de collecter forge : forge.issues_enabled"
			" n'est pas disponible\n");
	assert_contains(out, "\n\ndérogation .vigie.json:3:3: c.d: inutile, la règle n'échoue pas\n"
			"dérogation .vigie.json:4:3: e.f: expirée le 2020-01-01, non appliquée\n"
			"dérogation .vigie.json:5:3: g.h: aucune règle chargée ne porte cet"
			" identifiant\n"
			"dérogation .vigie.json:6:3: invalide: une dérogation demande 'rule',"
			" un identifiant de règle\n");
	free(out);

	out = text_report(VIGIE_LANG_EN, many, NULL);
	assert_contains(out, "\nCommunity, last 90 days\n"
			"  3 authors from 2 organisations; the top one makes 75% of commits;"
			" bus factor 2\n"
			"  12 commits, 2 newcomers, 0 active in the last 90 days;"
			" 4 through a translation platform\n"
			"  last commit 1 day ago; last release 200 days ago, 0 in the window\n");
	free(out);
	out = text_report(VIGIE_LANG_FR, many, NULL);
	assert_contains(out, "\nCommunauté, 90 derniers jours\n"
			"  3 auteurs de 2 organisations ; la première fait 75 % des commits ;"
			" facteur bus 2\n"
			"  12 commits, 2 nouveaux venus, 0 actif ces 90 derniers jours ;"
			" 4 par une plateforme de traduction\n"
			"  dernier commit il y a 1 jour ; dernière version il y a 200 jours,"
			" 0 sur la période\n");
	free(out);

	out = text_report(VIGIE_LANG_EN, nobody, NULL);
	assert_contains(out, "\n  no commit by a person in the window\n"
			"  0 commits; 2 by bots (not counted); 1 through a translation platform\n"
			"  last commit 400 days ago; last release 500 days ago, 1 in the window\n");
	free(out);
	out = text_report(VIGIE_LANG_FR, nobody, NULL);
	assert_contains(out, "\n  aucun commit d'une personne sur la période\n"
			"  0 commit ; 2 par des robots (non comptés) ;"
			" 1 par une plateforme de traduction\n"
			"  dernier commit il y a 400 jours ; dernière version il y a 500 jours,"
			" 1 sur la période\n");
	free(out);
}

/* Days, in the Community block: "1 day ago", French "0 jour". */
static void test_i18n_text_report_days(void **state)
{
	static const struct {
		int n;
		const char *en, *fr;
	} cases[] = {
		{ 0, "\nCommunity, last 0 days\n", "\nCommunauté, 0 dernier jour\n" },
		{ 0, "  last commit 0 days ago; last release 0 days ago, 0 in the window\n",
		  "  dernier commit il y a 0 jour ; dernière version il y a 0 jour,"
		  " 0 sur la période\n" },
		{ 1, "\nCommunity, last 1 day\n", "\nCommunauté, 1 dernier jour\n" },
		{ 1, "  last commit 1 day ago; last release 1 day ago, 0 in the window\n",
		  "  dernier commit il y a 1 jour ; dernière version il y a 1 jour,"
		  " 0 sur la période\n" },
		{ 2, "\nCommunity, last 2 days\n", "\nCommunauté, 2 derniers jours\n" },
		{ 2, "  last commit 2 days ago; last release 2 days ago, 0 in the window\n",
		  "  dernier commit il y a 2 jours ; dernière version il y a 2 jours,"
		  " 0 sur la période\n" },
	};
	char history[256], *out;
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(cases); i++) {
		snprintf(history, sizeof(history),
			 "{\"window_days\": %d, \"commits\": 0,"
			 " \"last_commit_days_now\": %d,"
			 " \"releases\": {\"last_days_now\": %d, \"count\": 0}}",
			 cases[i].n, cases[i].n, cases[i].n);
		out = text_report(VIGIE_LANG_EN, history, NULL);
		assert_contains(out, cases[i].en);
		free(out);
		out = text_report(VIGIE_LANG_FR, history, NULL);
		assert_contains(out, cases[i].fr);
		free(out);
	}
}

/* ---- the counts of rules, in the text and Markdown reports --------------- */

/*
 * The report (format) in lang of one rule per letter of statuses: p pass,
 * ~ partial, f fail, s skip, e error, w waived; with these waivers.
 */
static char *status_report(const char *format, enum vigie_lang lang,
			   const char *statuses, const char *waivers)
{
	struct vigie_rule rule = {
		.id = "x.y",
		.pack = "test",
		.theme = VIGIE_THEME_UNDERSTAND,
		.guide = "1.1",
		.weight = 1,
		.level = VIGIE_LEVEL_WARNING,
	};
	struct vigie_report_opts opts = VIGIE_REPORT_OPTIONS_INIT;

	opts.lang = lang;
	struct vigie_result results[16];
	struct vigie_scorecard sc;
	struct vigie_buf b = VIGIE_BUF_INIT;
	struct vigie_error err;
	size_t i;

	memset(&sc, 0, sizeof(sc));
	memset(results, 0, sizeof(results));
	sc.target = "repo";
	sc.commit = "0123456789abcdef";
	sc.commit_time = 1772366400; /* 2026-03-01 */
	sc.overall = 50;
	assert_true(strlen(statuses) <= VIGIE_ARRAY_SIZE(results));
	for (i = 0; statuses[i]; i++) {
		results[i].rule = &rule;
		results[i].status = strchr("p~fsew", statuses[i]) - "p~fsew";
		results[i].score = results[i].status == VIGIE_STATUS_PARTIAL ? 0.5 : 0;
		results[i].reason = "why";
	}
	sc.count = i;
	sc.results = results;
	sc.waivers = waivers ? json_loads(waivers, 0, NULL) : NULL;
	/* (Polish for test_i18n_language_added_at_run_time) */
	rule.source = json_pack("{s:{s:s, s:s, s:s}, s:{s:s, s:s}}", "title",
				"en", "A rule", "fr", "Une règle", "pl",
				"Reguła", "remediation", "en", "Do it", "fr",
				"Faites-le");
	assert_non_null(rule.source);
	assert_int_equal(vigie_reporter_find(format)->fn(&b, &sc, &opts, &err), 0);
	json_decref(sc.waivers);
	json_decref(rule.source);
	return vigie_buf_detach(&b, NULL);
}

/*
 * The totals of the text and Markdown reports agree with their counts:
 * English "1 error" but "0 errors", French "0 échouée", "1 partielle".
 */
static void test_i18n_report_counts_of_rules(void **state)
{
	static const struct {
		const char *statuses, *lang, *text;
	} cases[] = {
		{ "", "en", "0 passed, 0 failed" },
		{ "", "fr", "0 réussie, 0 échouée" },
		{ "p~fsew", "en", "1 passed, 1 partial, 1 failed, 1 skipped, 1 error, 1 waived" },
		{ "p~fsew", "fr", "1 réussie, 1 partielle, 1 échouée, 1 ignorée, 1 en erreur,"
				  " 1 en dérogation" },
		{ "pp~~ffsseeww", "en", "2 passed, 2 partial, 2 failed, 2 skipped, 2 errors,"
					" 2 waived" },
		{ "pp~~ffsseeww", "fr", "2 réussies, 2 partielles, 2 échouées, 2 ignorées,"
					" 2 en erreur, 2 en dérogation" },
	};
	char line[160], *out;
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(cases); i++) {
		enum vigie_lang l = strcmp(cases[i].lang, "fr") ? VIGIE_LANG_EN
								: VIGIE_LANG_FR;
		out = status_report("text", l, cases[i].statuses, NULL);
		snprintf(line, sizeof(line), "\n\n%s\n", cases[i].text);
		assert_contains(out, line);
		free(out);
		out = status_report("markdown", l, cases[i].statuses, NULL);
		snprintf(line, sizeof(line), ", 2026-03-01 \xc2\xb7 %s\n\n", cases[i].text);
		assert_contains(out, line);
		free(out);
	}
}

/*
 * A language is its catalogue: one added at run time (a Polish one, with
 * its three plural forms) is a language vigie speaks, its messages, counts
 * and rule texts shown in it, English where it has none.
 */
static const char polish_po[] =
	"msgid \"\"\n"
	"msgstr \"\"\n"
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	"\"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && "
	"(n%100<10 || n%100>=20) ? 1 : 2);\\n\"\n"
	"\n"
	"msgid \"fix\"\n"
	"msgstr \"poprawka\"\n"
	"\n"
	"msgid \"%s is unavailable\"\n"
	"msgstr \"%s jest niedostępne\"\n"
	"\n"
	"msgid \"%zu passed\"\n"
	"msgid_plural \"%zu passed\"\n"
	"msgstr[0] \"%zu zaliczona\"\n"
	"msgstr[1] \"%zu zaliczone\"\n"
	"msgstr[2] \"%zu zaliczonych\"\n";

static void test_i18n_language_added_at_run_time(void **state)
{
	static const char pack[] =
		"{\"schema\": \"vigie.rules/1\", \"pack\": \"pl-test\","
		" \"version\": \"1\","
		" \"rules\": [{\"id\": \"pl.one\", \"theme\": \"understand\","
		" \"guide\": \"1.1\", \"weight\": 1, \"level\": \"note\","
		" \"title\": {\"en\": \"One\", \"fr\": \"Une\", \"pl\": \"Jedna\"},"
		" \"remediation\": {\"en\": \"Do\", \"fr\": \"Faire\"},"
		" \"check\": {\"file\": {\"role\": \"readme\"}}}]}";
	static const char no_plural[] = "msgid \"fix\"\nmsgstr \"poprawka\"\n";
	struct vigie_buf b = VIGIE_BUF_INIT;
	struct vigie_error err;
	struct vigie_ruleset *rs;
	size_t count = vigie_lang_count(), n, built_in = 0;
	char args[64], code[32], *out;
	struct dirent *de;
	DIR *d;
	int pl, k;

	(void)state;
	assert_true(count >= 2);
	assert_int_equal(vigie_lang_parse("fr"), VIGIE_LANG_FR);
	assert_int_equal(vigie_lang_parse("en"), VIGIE_LANG_EN);
	/* every rules/i18n/CODE.po is built in, a language vigie speaks */
	vigie_buf_printf(&b, "%s/rules/i18n", fx_source_root());
	d = opendir(b.ptr);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n > 3 && !strcmp(de->d_name + n - 3, ".po")) {
			snprintf(code, sizeof(code), "%.*s", (int)(n - 3), de->d_name);
			if (vigie_lang_parse(code) < 0)
				fail_msg("rules/i18n/%s is not a language vigie "
					 "speaks", de->d_name);
			/* (read when first spoken: its plural rule is
			 * checked here, as one added at run time is) */
			{
				struct vigie_buf po = VIGIE_BUF_INIT, path = VIGIE_BUF_INIT;
				const char *pf;
				unsigned long forms, k2;
				char rule[256];
				vigie_buf_printf(&path, "%s/rules/i18n/%s",
						 fx_source_root(), de->d_name);
				assert_int_equal(vigie_buf_read_file(&po, path.ptr, 0), 0);
				pf = strstr(po.ptr, "Plural-Forms: nplurals=");
				if (!pf || sscanf(pf, "Plural-Forms: nplurals=%lu; "
						  "plural=%255[^;\\]", &forms, rule) != 2)
					fail_msg("rules/i18n/%s has no Plural-Forms",
						 de->d_name);
				for (k2 = 0; k2 < 200; k2++)
					if (vigie_i18n_plural_index(rule, k2, (unsigned)forms) < 0)
						fail_msg("rules/i18n/%s: no form for %lu",
							 de->d_name, k2);
				vigie_buf_release(&po);
				vigie_buf_release(&path);
			}
			built_in++;
		}
	}
	closedir(d);
	vigie_buf_release(&b);
	assert_int_equal(built_in + 1, count);
	assert_int_equal(vigie_lang_parse("pl"), -1);
	assert_string_equal(vigie_lang_name((enum vigie_lang)count), "?");
	/* a catalogue without a plural rule, a malformed code, English */
	assert_int_equal(vigie_i18n_add_catalogue("pl", no_plural,
						  strlen(no_plural), &err),
			 VIGIE_EINVALID);
	assert_contains(err.message, "Plural-Forms");
	assert_int_equal(vigie_i18n_add_catalogue("../pl", polish_po,
						  sizeof(polish_po) - 1, &err),
			 VIGIE_EINVALID);
	assert_int_equal(vigie_i18n_add_catalogue("en", polish_po,
						  sizeof(polish_po) - 1, &err),
			 VIGIE_EINVALID);
	assert_int_equal(vigie_lang_count(), count);

	pl = vigie_i18n_add_catalogue("pl", polish_po, sizeof(polish_po) - 1,
				      &err);
	assert_int_equal(pl, (int)count);
	assert_int_equal(vigie_lang_count(), count + 1);
	assert_int_equal(vigie_lang_parse("pl"), pl);
	assert_string_equal(vigie_lang_name((enum vigie_lang)pl), "pl");
	assert_int_equal(vigie_i18n_add_catalogue("pl", polish_po,
						  sizeof(polish_po) - 1, &err),
			 VIGIE_EINVALID);
	assert_int_equal(vigie_lang_count(), count + 1);

	/* messages: translated, with a value, or English */
	assert_string_equal(vigie_i18n_text(pl, "fix"), "poprawka");
	assert_string_equal(vigie_i18n_text(pl, "skipped"), "skipped");
	k = vigie_msg_args(args, sizeof(args), "%s is unavailable", "forge");
	assert_int_equal(k, 1);
	assert_int_equal(vigie_msg_render(&b, pl, "%s is unavailable", args, 1), 0);
	assert_string_equal(b.ptr, "forge jest niedostępne");
	vigie_buf_release(&b);
	/* three forms, by the catalogue's rule */
	{
		static const struct {
			unsigned long n;
			const char *form;
		} forms[] = {
			{ 1, "%zu zaliczona" },   { 2, "%zu zaliczone" },
			{ 4, "%zu zaliczone" },   { 5, "%zu zaliczonych" },
			{ 12, "%zu zaliczonych" }, { 22, "%zu zaliczone" },
			{ 25, "%zu zaliczonych" }, { 0, "%zu zaliczonych" },
		};
		for (n = 0; n < VIGIE_ARRAY_SIZE(forms); n++)
			assert_string_equal(vigie_i18n_ntext(pl, Q_("%zu passed",
								   "%zu passed"),
							     forms[n].n),
					    forms[n].form);
		assert_string_equal(vigie_i18n_ntext(pl, Q_("%zu error",
							    "%zu errors"), 5),
				    "%zu errors");
	}

	/* a pack's text in that language, else English */
	rs = vigie_ruleset_new();
	assert_int_equal(vigie_ruleset_load_buffer(rs, "pl.json", pack,
						   sizeof(pack) - 1, &err), 0);
	assert_string_equal(vigie_rule_text(vigie_ruleset_find(rs, "pl.one"),
					    VIGIE_RULE_TITLE, pl), "Jedna");
	assert_string_equal(vigie_rule_text(vigie_ruleset_find(rs, "pl.one"),
					    VIGIE_RULE_REMEDIATION, pl), "Do");
	assert_null(vigie_rule_text(vigie_ruleset_find(rs, "pl.one"),
				    VIGIE_RULE_DESCRIPTION, pl));
	vigie_ruleset_free(rs);
	/* an empty text in a language vigie speaks is an error; one in a
	 * language without a catalogue is left unread */
#define PACK_WITH(code, text)                                                  \
	"{\"schema\": \"vigie.rules/1\", \"pack\": \"pl-more\","            \
	" \"version\": \"1\", \"rules\": [{\"id\": \"pl.two\","              \
	" \"theme\": \"understand\", \"guide\": \"1.1\", \"weight\": 1,"     \
	" \"level\": \"note\", \"title\": {\"en\": \"Two\", \"fr\":"       \
	" \"Deux\", \"" code "\": \"" text "\"}, \"remediation\": {\"en\":"   \
	" \"Do\", \"fr\": \"Faire\"}, \"check\": {\"file\": {\"role\":"     \
	" \"readme\"}}}]}"
	rs = vigie_ruleset_new();
	assert_int_equal(vigie_ruleset_load_buffer(rs, "e.json",
						   PACK_WITH("pl", ""),
						   strlen(PACK_WITH("pl", "")),
						   &err),
			 VIGIE_EINVALID);
	assert_string_equal(err.message, "'title' lacks its 'pl' text");
	vigie_ruleset_free(rs);
	rs = vigie_ruleset_new();
	assert_int_equal(vigie_ruleset_load_buffer(rs, "e.json",
						   PACK_WITH("zz", "Zwei"),
						   strlen(PACK_WITH("zz", "Zwei")),
						   &err), 0);
	assert_string_equal(vigie_rule_text(vigie_ruleset_find(rs, "pl.two"),
					    VIGIE_RULE_TITLE, pl), "Two");
	vigie_ruleset_free(rs);
#undef PACK_WITH

	/* a report in it: its counts, the rule's title, English elsewhere */
	out = status_report("text", pl, "pppf", NULL);
	assert_contains(out, "3 zaliczone, ");
	assert_contains(out, "1 failed");
	assert_contains(out, "Reguła");
	assert_contains(out, "Do it");
	assert_not_contains(out, "A rule");
	free(out);
	out = status_report("markdown", pl, "pppppf", NULL);
	assert_contains(out, "5 zaliczonych, ");
	assert_contains(out, "Reguła");
	free(out);
}

/*
 * The Markdown report's details table and rule references say a rule's
 * status and level in the report's language; in English, as the
 * scorecard names them.
 */
static void test_i18n_markdown_statuses_and_levels(void **state)
{
	static const char *const en[] = {
		"1.1 | pass |", "1.1 | partial 50% |", "1.1 | fail |", "1.1 | skip |",
		"1.1 | error |", "1.1 | waived |", "(`x.y`, guide 1.1, warning)",
	};
	static const char *const fr[] = {
		"1.1 | réussite |", "1.1 | partiel 50% |", "1.1 | échec |",
		"1.1 | ignorée |", "1.1 | erreur |", "1.1 | dérogation |",
		"(`x.y`, guide 1.1, avertissement)",
	};
	char *out;
	size_t i;

	(void)state;
	out = status_report("markdown", VIGIE_LANG_EN, "p~fsew", NULL);
	for (i = 0; i < VIGIE_ARRAY_SIZE(en); i++)
		assert_contains(out, en[i]);
	free(out);
	out = status_report("markdown", VIGIE_LANG_FR, "p~fsew", NULL);
	for (i = 0; i < VIGIE_ARRAY_SIZE(fr); i++)
		assert_contains(out, fr[i]);
	assert_not_contains(out, "warning");
	free(out);
}

/*
 * What src/rules/waiver.c says of a waiver reads in the report's language
 * in the Markdown report too, its values kept and escaped.
 */
static void test_i18n_markdown_waivers(void **state)
{
	static const char waivers[] =
		"[{\"state\": \"applied\", \"where\": \".vigie.json:2:3\", \"rule\": \"a.b\","
		"  \"message\": \"applied\"},"
		" {\"state\": \"unused\", \"where\": \".vigie.json:3:3\", \"rule\": \"c.d\","
		"  \"message\": \"rule is pass: nothing to waive\","
		"  \"message_id\": \"rule is %s: nothing to waive\", \"message_args\": [\"pass\"]},"
		" {\"state\": \"expired\", \"where\": \".vigie.json:4:3\", \"rule\": \"e.f\","
		"  \"expires\": \"2020-01-01\", \"message\": \"expired on 2020-01-01, not applied\","
		"  \"message_id\": \"expired on %s, not applied\", \"message_args\": [\"2020-01-01\"]},"
		" {\"state\": \"unknown_rule\", \"where\": \".vigie.json:5:3\", \"rule\": \"g_h\","
		"  \"message\": \"no loaded rule is named 'g_h'\","
		"  \"message_id\": \"no loaded rule is named '%s'\", \"message_args\": [\"g_h\"]},"
		" {\"state\": \"invalid\", \"where\": \".vigie.json:6:3\","
		"  \"message\": \"unknown key '*x*' in waiver (rule, reason, expires)\","
		"  \"message_id\": \"unknown key '%s' in waiver (rule, reason, expires)\","
		"  \"message_args\": [\"*x*\"]}]";
	char *out;

	(void)state;
	out = status_report("markdown", VIGIE_LANG_EN, "p", waivers);
	assert_contains(out, "#### Waivers not applied\n\n"
			"- .vigie.json:3:3: c.d: rule is pass: nothing to waive\n"
			"- .vigie.json:4:3: e.f: expired on 2020-01-01, not applied\n"
			"- .vigie.json:5:3: g\\_h: no loaded rule is named 'g\\_h'\n"
			"- .vigie.json:6:3: unknown key '\\*x\\*' in waiver"
			" (rule, reason, expires)\n\n");
	assert_not_contains(out, "a.b");
	free(out);
	out = status_report("markdown", VIGIE_LANG_FR, "p", waivers);
	assert_contains(out, "#### Dérogations non appliquées\n\n"
			"- .vigie.json:3:3: c.d: la règle a le statut pass : rien à déroger\n"
			"- .vigie.json:4:3: e.f: expirée le 2020-01-01, non appliquée\n"
			"- .vigie.json:5:3: g\\_h: aucune règle chargée ne s'appelle 'g\\_h'\n"
			"- .vigie.json:6:3: clé '\\*x\\*' inconnue dans une dérogation"
			" (rule, reason, expires)\n\n");
	free(out);
}

/* ---- the batch page's words ------------------------------------------------ */

/*
 * Check the key named after each `open` in the page's template (a word
 * the page looks up) against the words vigie put in the page.
 */
static int page_keys(struct vigie_buf *bad, json_t *ui, const char *tmpl,
		     const char *open, const char *suffix)
{
	const char *p, *k;
	int found = 0;

	for (p = tmpl; (p = strstr(p, open)) != NULL; p++) {
		char key[96];
		size_t n;
		if (p > tmpl && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue; /* "qui." is not ui. */
		k = p + strlen(open);
		n = strspn(k, "abcdefghijklmnopqrstuvwxyz_.");
		if (!n)
			continue; /* ui[key]: the function that looks them up */
		snprintf(key, sizeof(key), "%.*s%s", (int)n, k, suffix);
		found++;
		if (!json_is_string(json_object_get(ui, key)))
			vigie_buf_printf(bad, "the page asks for \"%s\", not among its words\n",
					 key);
	}
	return found;
}

/*
 * The batch page's words are marked in src/batch/html.c (so the scan
 * above requires their French); its template only names them.  Every
 * name it uses is among the words a French page carries, and the page
 * says it is French.
 */
static void test_i18n_batch_page_has_every_word(void **state)
{
	static const char open_ui[] = "<script id=\"ui\" type=\"application/json\">";
	static const struct {
		const char *family;
		const char *ids[4];
	} families[] = {
		{ "finding", { "fail", "partial", "error", NULL } },
		{ "status", { "audited", "unchanged", "error", NULL } },
	};
	char *dir = fx_tmpdir("page"), *page, *json, *end;
	struct vigie_buf bad = VIGIE_BUF_INIT;
	const char *tmpl;
	struct vigie_error err;
	json_t *ui;
	size_t len, i, j;
	int found = 0, t;

	(void)state;
	/* An empty output directory: a summary of no repository. */
	assert_int_equal(vigie_batch_summarize(dir, VIGIE_LANG_FR, NULL, &err), 0);
	assert_int_equal(fx_sh_out(&page, dir, "cat index.html"), 0);
	assert_contains(page, "<html lang=\"fr\">");
	json = strstr(page, open_ui);
	assert_non_null(json);
	json += strlen(open_ui);
	end = strstr(json, "</script>");
	assert_non_null(end);
	ui = json_loadb(json, (size_t)(end - json), 0, NULL);
	assert_true(json_is_object(ui));
	assert_string_equal(json_string_value(json_object_get(ui, "worst")),
			    "Pratiques le plus souvent en échec");

	tmpl = vigie_rules_embedded_data("batch-page.html", &len);
	assert_non_null(tmpl);
	found += page_keys(&bad, ui, tmpl, "data-ui=\"", "");
	found += page_keys(&bad, ui, tmpl, "ui[\"", "");
	found += page_keys(&bad, ui, tmpl, "ui.", "");
	found += page_keys(&bad, ui, tmpl, "say(\"", "");
	found += page_keys(&bad, ui, tmpl, "counted(\"", "");
	found += page_keys(&bad, ui, tmpl, "counted(\"", ".one");
	/* word(FAMILY, id): every id the records may hold. */
	assert_non_null(strstr(tmpl, "word(\"theme\""));
	for (t = 0; t < VIGIE_THEME_COUNT; t++) {
		char key[64];
		snprintf(key, sizeof(key), "theme.%s", vigie_theme_name(t));
		if (!json_is_string(json_object_get(ui, key)))
			vigie_buf_printf(&bad, "no word for %s\n", key);
	}
	for (i = 0; i < VIGIE_ARRAY_SIZE(families); i++) {
		char call[64];
		snprintf(call, sizeof(call), "word(\"%s\"", families[i].family);
		assert_non_null(strstr(tmpl, call));
		for (j = 0; families[i].ids[j]; j++) {
			char key[64];
			snprintf(key, sizeof(key), "%s.%s", families[i].family,
				 families[i].ids[j]);
			if (!json_is_string(json_object_get(ui, key)))
				vigie_buf_printf(&bad, "no word for %s\n", key);
		}
	}
	printf("# the page names %d of its words\n", found);
	assert_true(found >= 15);
	if (bad.len)
		fail_msg("%s", bad.ptr);

	json_decref(ui);
	free(page);
	vigie_buf_release(&bad);
	fx_rmdir(dir);
}

/* ---- a French audit ------------------------------------------------------- */

/*
 * Does text hold word as a word of its own?  An English message such as
 * "maintain" (a theme) is no English when it is part of a rule id
 * ("maintainers.present") in a French report.
 */
static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = text; (p = strstr(p, word)) != NULL; p++)
		if ((p == text || !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[n]))
			return true;
	return false;
}

static char *french_fixture(void)
{
	char *dir = fx_repo_new("i18n");

	fx_write(dir, "README.md",
		 "# Outil\n\nUn outil partagé comme un commun numérique.\n\n"
		 "## Installation\n\nmake\n\n## Sécurité\n\nVoir plus bas.\n");
	fx_write(dir, "CONTRIBUTING.md", "# Contribuer\n\nMerci !\n");
	fx_write(dir, "SECURITY.md", "# Sécurité\n\nRien ici.\n");
	fx_write(dir, "LICENSE", "x");
	fx_write(dir, "publiccode.yml", "publiccodeYmlVersion: \"0.4\"\nname: Outil\nurl: pas-une-url\n");
	fx_write(dir, "po/de.po", "msgid \"\"\n");
	fx_commit(dir, "fixture");
	return dir;
}

/*
 * The whole text report of an audit in French is French: vigie's own words
 * and the rules' texts, reasons, notes and metadata errors; none of the
 * English of the catalogue or of the rules shows, and the report's prose
 * reads as French to the language guesser.
 */
static void test_i18n_french_audit_report(void **state)
{
	const struct vigie_i18n_entry *v;
	struct vigie_ruleset *rs = vigie_ruleset_new();
	struct vigie_text_lang lang;
	struct vigie_error err;
	char *dir = french_fixture(), *out = NULL, *eout = NULL;
	size_t n, i;
	long fr = 0, en = 0;

	(void)state;
	assert_int_equal(fx_vigie(&out, &eout, dir, "audit --offline --lang fr ."), 0);
	assert_contains(out, "audit vigie de .");
	assert_contains(out, "Comprendre (1)");
	assert_contains(out, "correctif : ");
	assert_contains(out, "ignorée : les faits forge ne sont pas disponibles");
	assert_contains(out, "ignorée : ne s'applique pas ici");
	assert_contains(out, "(documenté dans le README)");
	assert_contains(out, "publiccode.yml:3  url (doit être une URL (schéma://...))");
	assert_contains(out, "(clé obligatoire manquante)");
	assert_contains(out, "réussies, ");
	assert_contains(out, "échouées, ");
	assert_contains(out, "ignorées");
	/* No English message of the catalogue. */
	v = vigie_i18n_entries(VIGIE_LANG_FR, &n);
	for (i = 0; i < n; i++) {
		const char *id = strchr(v[i].msgid, '\004') ? strchr(v[i].msgid, '\004') + 1
							    : v[i].msgid;
		if (strlen(id) >= 6 && !strchr(id, '%') && strcmp(id, v[i].msgstr) &&
		    has_word(out, id))
			fail_msg("English \"%s\" in the French report:\n%s", id, out);
	}
	/* Every rule shown in French, none in English. */
	assert_int_equal(vigie_ruleset_load_defaults(rs, &err), 0);
	for (i = 0; i < vigie_ruleset_count(rs); i++) {
		const struct vigie_rule *r = vigie_ruleset_rule(rs, i);
		assert_contains(out, vigie_rule_text(r, VIGIE_RULE_TITLE, VIGIE_LANG_FR));
		assert_not_contains(out, vigie_rule_text(r, VIGIE_RULE_TITLE, VIGIE_LANG_EN));
		assert_not_contains(out, vigie_rule_text(r, VIGIE_RULE_REMEDIATION, VIGIE_LANG_EN));
	}
	vigie_text_language(&lang, out, strlen(out));
	for (i = 0; i < lang.count; i++) {
		if (!strcmp(lang.codes[i], "fr"))
			fr = lang.words[i];
		if (!strcmp(lang.codes[i], "en"))
			en = lang.words[i];
	}
	printf("# French report: %ld French and %ld English stop words\n", fr, en);
	assert_true(fr >= 100 && en * 20 <= fr);
	free(out);
	free(eout);

	/* The same audit in English is English: the test can tell. */
	assert_int_equal(fx_vigie(&out, &eout, dir, "audit --offline --lang en ."), 0);
	assert_contains(out, "vigie audit of .");
	assert_contains(out, "skipped: the forge facts are unavailable");
	assert_contains(out, "url (must be a URL (scheme://...))");
	free(out);
	free(eout);
	vigie_ruleset_free(rs);
	fx_rmdir(dir);
}

/* The locale chooses too, and the command line speaks French. */
static void test_i18n_command_line_in_french(void **state)
{
	char *dir = french_fixture(), *out = NULL, *eout = NULL;
	const char *saved = getenv("LC_ALL");
	char *keep = saved ? strdup(saved) : NULL;

	(void)state;
	setenv("LC_ALL", "fr_FR.UTF-8", 1);
	assert_int_equal(fx_vigie(&out, &eout, dir, "audit --offline ."), 0);
	assert_contains(out, "audit vigie de .");
	free(out);
	free(eout);
	assert_int_equal(fx_vigie(&out, &eout, dir, "audit --bogus"), 2);
	assert_string_equal(eout, "vigie: option inconnue « --bogus » (voir « vigie audit --help »)\n");
	free(out);
	free(eout);
	assert_int_equal(fx_vigie(&out, &eout, dir, "--help"), 0);
	assert_contains(out, "commandes :");
	assert_contains(out, "auditer un dépôt et afficher sa fiche");
	free(out);
	free(eout);
	assert_int_equal(fx_vigie(&out, &eout, dir, "audit --help"), 0);
	assert_contains(out, "afficher cette aide");
	free(out);
	free(eout);
	assert_int_equal(fx_vigie(&out, &eout, dir, "rules explain code_of_conduct.contact"), 0);
	assert_contains(out, "Le code de conduite nomme un contact");
	assert_contains(out, "Comment corriger:");
	assert_contains(out, "Question du guide:\n  4.1 Formaliser les règles");
	free(out);
	free(eout);
	/* --lang wins over the locale. */
	assert_int_equal(fx_vigie(&out, &eout, dir, "audit --lang en --bogus"), 2);
	assert_contains(eout, "unknown option '--bogus'");
	free(out);
	free(eout);
	if (keep) {
		setenv("LC_ALL", keep, 1);
		free(keep);
	} else {
		unsetenv("LC_ALL");
	}
	fx_rmdir(dir);
}

/*
 * Messages as data: each argument written once as the English template
 * asks, put into any language's template in order or by position.
 */
static void test_i18n_messages_as_data_render_in_any_order(void **state)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	char args[128], small[8];
	const char *a;
	json_t *m;
	int n;

	(void)state;
	n = vigie_msg_args(args, sizeof(args), "%s has %zu files, %.1f%% (%5d)",
			   "src", (size_t)12, 3.14159, 42);
	assert_int_equal(n, 4);
	a = args;
	assert_string_equal(a, "src");
	a += strlen(a) + 1;
	assert_string_equal(a, "12");
	a += strlen(a) + 1;
	assert_string_equal(a, "3.1");
	a += strlen(a) + 1;
	assert_string_equal(a, "   42");
	/* English is the template itself */
	assert_int_equal(vigie_msg_render(&b, VIGIE_LANG_EN,
					  "%s has %zu files, %.1f%% (%5d)",
					  args, 4), 0);
	assert_string_equal(b.ptr, "src has 12 files, 3.1% (   42)");
	vigie_buf_clear(&b);
	/* a translation may reorder them */
	assert_int_equal(vigie_msg_render_template(&b,
		"%2$zu fichiers dans %1$s (%4$d), %3$.1f %%", args, 4), 0);
	assert_string_equal(b.ptr, "12 fichiers dans src (   42), 3.1 %");
	vigie_buf_clear(&b);
	/* the catalogue's French, with the value carried */
	n = vigie_msg_args(args, sizeof(args), "%s is unavailable",
			   "history.authors");
	assert_int_equal(n, 1);
	assert_int_equal(vigie_msg_render(&b, VIGIE_LANG_FR, "%s is unavailable",
					  args, 1), 0);
	assert_string_equal(b.ptr, "history.authors n'est pas disponible");
	vigie_buf_clear(&b);
	/* widths and precisions given as arguments */
	n = vigie_msg_args(args, sizeof(args), "[%*d|%.*s]", 4, 7, 2, "abcdef");
	assert_int_equal(n, 2);
	assert_int_equal(vigie_msg_render_template(&b, "[%*d|%.*s]", args, 2), 0);
	assert_string_equal(b.ptr, "[   7|ab]");
	vigie_buf_clear(&b);
	/* a catalogue may reorder a message's values, not change their types */
	{
		static const char po[] =
			"msgid \"\"\nmsgstr \"Plural-Forms: nplurals=2; plural=n>1;\\n\"\n\n"
			"msgid \"%s has %zu files\"\nmsgstr \"%2$zu fichiers dans %1$s\"\n\n"
			"msgid \"%s is %d\"\nmsgstr \"%2$s vaut %1$d\"\n\n"
			"msgid \"%s and %s\"\nmsgstr \"%1$s et %1$s\"\n";
		struct vigie_i18n_catalogue *c =
			vigie_i18n_catalogue_parse(po, sizeof(po) - 1);
		const char *t;
		assert_non_null(c);
		t = vigie_i18n_catalogue_text(c, "%s has %zu files");
		assert_string_equal(t, "%2$zu fichiers dans %1$s");
		n = vigie_msg_args(args, sizeof(args), "%s has %zu files", "doc",
				   (size_t)3);
		assert_int_equal(vigie_msg_render_template(&b, t, args, 2), 0);
		assert_string_equal(b.ptr, "3 fichiers dans doc");
		vigie_buf_clear(&b);
		/* types swapped, a value twice: left out, English stays */
		assert_string_equal(vigie_i18n_catalogue_text(c, "%s is %d"),
				    "%s is %d");
		assert_string_equal(vigie_i18n_catalogue_text(c, "%s and %s"),
				    "%s and %s");
		vigie_i18n_catalogue_free(c);
	}
	/* what a message cannot carry, or hold */
	assert_int_equal(vigie_msg_args(small, sizeof(small), "%s", "too long"), -1);
	assert_string_equal(small, "");
	assert_int_equal(vigie_msg_args(args, sizeof(args), "%1$s", "x"), -1);
	assert_int_equal(vigie_msg_args(args, sizeof(args),
					"%d%d%d%d%d%d%d%d%d%d",
					1, 2, 3, 4, 5, 6, 7, 8, 9, 10), -1);
	assert_int_equal(vigie_msg_args(args, sizeof(args), "no values"), 0);
	/* kept in JSON, rendered from it; a message without an id as is */
	n = vigie_msg_args(args, sizeof(args), "%s is unavailable", "facts.x");
	assert_int_equal(n, 1);
	m = json_object();
	assert_int_equal(vigie_msg_json_set(m, "note", "%s is unavailable",
					    "facts.x"), 0);
	assert_string_equal(json_string_value(json_object_get(m, "note")),
			    "facts.x is unavailable");
	assert_string_equal(json_string_value(json_object_get(m, "note_id")),
			    "%s is unavailable");
	assert_int_equal(vigie_msg_render_json(&b, VIGIE_LANG_FR, m, "note"), 0);
	assert_string_equal(b.ptr, "facts.x n'est pas disponible");
	vigie_buf_clear(&b);
	json_object_del(m, "note_id");
	assert_int_equal(vigie_msg_render_json(&b, VIGIE_LANG_FR, m, "note"), 0);
	assert_string_equal(b.ptr, "facts.x is unavailable");
	json_decref(m);
	vigie_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_i18n_every_message_has_french),
		cmocka_unit_test(test_i18n_every_rule_has_french),
		cmocka_unit_test(test_i18n_lookup_contexts_and_templates),
		cmocka_unit_test(test_i18n_messages_as_data_render_in_any_order),
		cmocka_unit_test(test_i18n_third_language_and_plural_rules),
		cmocka_unit_test(test_i18n_each_template_takes_its_values),
		cmocka_unit_test(test_i18n_text_report_counts_and_waivers),
		cmocka_unit_test(test_i18n_text_report_days),
		cmocka_unit_test(test_i18n_report_counts_of_rules),
		cmocka_unit_test(test_i18n_markdown_statuses_and_levels),
		cmocka_unit_test(test_i18n_markdown_waivers),
		cmocka_unit_test(test_i18n_batch_page_has_every_word),
		cmocka_unit_test(test_i18n_french_audit_report),
		cmocka_unit_test(test_i18n_command_line_in_french),
		cmocka_unit_test(test_i18n_language_added_at_run_time),
	};
	int rc;

	vigie_global_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	vigie_global_shutdown();
	return rc;
}
