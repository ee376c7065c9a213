/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of rule packs: validation errors with positions, and every primitive. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "vigie/vigie.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct vigie_buf b = VIGIE_BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f)
		fail_msg("cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vigie_buf_add(&b, chunk, n);
	fclose(f);
	vigie_buf_puts(&b, "");
	return vigie_buf_detach(&b, NULL);
}

/* Each tests/data/packs/invalid/CASE/input.json fails with CASE/error. */
static void test_rules_invalid_packs_report_positions(void **state)
{
	struct vigie_buf dir = VIGIE_BUF_INIT;
	struct dirent *de;
	DIR *d;
	int cases = 0;

	(void)state;
	vigie_buf_printf(&dir, "%s/tests/data/packs/invalid", fx_source_root());
	d = opendir(dir.ptr);
	assert_non_null(d);
	while ((de = readdir(d))) {
		struct vigie_buf in = VIGIE_BUF_INIT, ex = VIGIE_BUF_INIT;
		struct vigie_ruleset *rs;
		struct vigie_error err;
		char *expected, *data, got[1200];

		if (de->d_name[0] == '.')
			continue;
		rs = vigie_ruleset_new();
		vigie_buf_printf(&in, "%s/%s/input.json", dir.ptr, de->d_name);
		vigie_buf_printf(&ex, "%s/%s/error", dir.ptr, de->d_name);
		expected = slurp(ex.ptr);
		expected[strcspn(expected, "\n")] = '\0';
		data = slurp(in.ptr);
		vigie_error_clear(&err);
		if (vigie_ruleset_load_buffer(rs, "input.json", data, strlen(data), &err) == 0)
			fail_msg("case %s: the pack loaded", de->d_name);
		assert_int_equal(err.code, VIGIE_EINVALID);
		snprintf(got, sizeof(got), "%s: %s", err.where, err.message);
		if (strncmp(got, expected, strlen(expected)))
			fail_msg("case %s:\n expected: %s\n got:      %s", de->d_name,
				 expected, got);
		/* A refused pack leaves nothing behind. */
		assert_int_equal(vigie_ruleset_count(rs), 0);
		vigie_ruleset_free(rs);
		free(expected);
		free(data);
		vigie_buf_release(&in);
		vigie_buf_release(&ex);
		cases++;
	}
	closedir(d);
	vigie_buf_release(&dir);
	assert_true(cases >= 10);
}

static void test_rules_embedded_packs_load(void **state)
{
	const char *const *names = vigie_rules_embedded();
	struct vigie_ruleset *rs = vigie_ruleset_new();
	struct vigie_error err;
	size_t i, n = 0;

	(void)state;
	for (; *names; names++) {
		char name[128];
		snprintf(name, sizeof(name), "%.*s", (int)(strlen(*names) - 5), *names);
		if (vigie_ruleset_load(rs, name, &err) < 0)
			fail_msg("pack %s: %s: %s", name, err.where, err.message);
		n++;
	}
	assert_true(n >= 1);
	assert_non_null(vigie_ruleset_find(rs, "license.present"));
	/* Every rule has both languages and a guide reference. */
	for (i = 0; i < vigie_ruleset_count(rs); i++) {
		const struct vigie_rule *r = vigie_ruleset_rule(rs, i);
		/* the pack's French, not the English it falls back to */
		assert_true(vigie_rule_text(r, VIGIE_RULE_TITLE, VIGIE_LANG_FR) !=
			    vigie_rule_text(r, VIGIE_RULE_TITLE, VIGIE_LANG_EN));
		assert_true(vigie_rule_text(r, VIGIE_RULE_REMEDIATION, VIGIE_LANG_FR) !=
			    vigie_rule_text(r, VIGIE_RULE_REMEDIATION, VIGIE_LANG_EN));
		assert_true(strlen(r->guide) >= 1);
	}
	assert_int_equal(strlen(vigie_ruleset_digest(rs)), 64);
	/*
	 * The digest is the bytes': the pack compiled in (its SHA-256 from
	 * the build) and the same file read from rules/ give the same one;
	 * a byte changed gives another.
	 */
	{
		struct vigie_ruleset *a = vigie_ruleset_new(), *b = vigie_ruleset_new(),
				     *c = vigie_ruleset_new();
		struct vigie_buf p = VIGIE_BUF_INIT;
		char *text;
		size_t at;

		vigie_buf_printf(&p, "%s/rules/communs.json", fx_source_root());
		assert_int_equal(vigie_ruleset_load(a, "communs", &err), 0);
		assert_int_equal(vigie_ruleset_load(b, p.ptr, &err), 0);
		assert_string_equal(vigie_ruleset_digest(a), vigie_ruleset_digest(b));
		text = slurp(p.ptr);
		/* one byte more: a space after the document */
		at = strlen(text);
		text = realloc(text, at + 2);
		assert_non_null(text);
		memcpy(text + at, " ", 2);
		assert_int_equal(vigie_ruleset_load_buffer(c, "communs", text,
							   strlen(text), &err), 0);
		assert_string_not_equal(vigie_ruleset_digest(a), vigie_ruleset_digest(c));
		free(text);
		vigie_buf_release(&p);
		vigie_ruleset_free(a);
		vigie_ruleset_free(b);
		vigie_ruleset_free(c);
	}
	/* rules/README.md documents every rule. */
	{
		struct vigie_buf p = VIGIE_BUF_INIT;
		char *doc;
		vigie_buf_printf(&p, "%s/rules/README.md", fx_source_root());
		doc = slurp(p.ptr);
		for (i = 0; i < vigie_ruleset_count(rs); i++) {
			char id[160];
			snprintf(id, sizeof(id), "`%s`", vigie_ruleset_rule(rs, i)->id);
			if (!strstr(doc, id))
				fail_msg("rules/README.md does not list %s", id);
		}
		free(doc);
		vigie_buf_release(&p);
	}
	/* Unknown pack names and missing files are refused. */
	assert_int_equal(vigie_ruleset_load(rs, "no-such-pack", &err), VIGIE_ENOTFOUND);
	assert_int_equal(vigie_ruleset_load(rs, "/nonexistent/pack.json", &err), VIGIE_ENOTFOUND);
	assert_contains(err.where, "/nonexistent/pack.json");
	vigie_ruleset_free(rs);
}

/* ---- evaluating primitives on a real repository ---------------------- */

struct evalfx {
	char *dir;
	struct vigie_target t;
	struct vigie_source *src;
	struct vigie_snapshot *snap;
	json_t *facts;
};

static int eval_setup(void **state)
{
	struct evalfx *f = calloc(1, sizeof(*f));
	struct vigie_collect_opts o;
	struct vigie_collect_ctx ctx;
	struct vigie_error err;
	json_t *problems;

	f->dir = fx_repo_new("rules");
	fx_write(f->dir, "README.md",
		 "# Outil\n\nUne description.\n\n## Installation\n\nmake\n\n## Contributing\n");
	fx_write(f->dir, "CONTRIBUTING.md",
		 "# Contributing\n\nOpen an issue to report a bug.\n"
		 "Then send a pull request.\nAnother issue line.\n");
	fx_write(f->dir, "LICENSE", "x");
	fx_write(f->dir, "docs/a.md", "a\n");
	fx_write(f->dir, "docs/b.md", "b\n");
	fx_write(f->dir, "evil.txt", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n");
	{
		/* one line of 3,000 "ab": deeper than the machine code's stack,
		 * within the interpreter's depth limit; after 2,000 bytes of
		 * short lines, so that the text is long enough to be matched
		 * by machine code (4 KiB) */
		char deep[5002];
		for (size_t i = 0; i < 2000; i += 2)
			memcpy(deep + i, "x\n", 2);
		memset(deep + 2000, 'a', 3000);
		for (size_t i = 2001; i < 5000; i += 2)
			deep[i] = 'b';
		deep[5000] = 'c';
		deep[5001] = '\0';
		fx_write(f->dir, "deep.txt", deep);
	}
	fx_write(f->dir, "fr.txt", "Le projet est financ\xc3\xa9 par l'\xc3\x89tat.\n");
	{
		/* the same sentence in a text long enough for machine code */
		char longfr[6000] = "";
		for (int i = 0; i < 100; i++)
			strcat(longfr, "Une ligne de texte sans rien \xc3\xa0 voir.\n");
		strcat(longfr, "Le projet est financ\xc3\xa9 par l'\xc3\x89tat.\n");
		fx_write(f->dir, "fr-long.txt", longfr);
	}
	fx_write(f->dir, "latin1.txt", "caf\xe9\nLe projet est financ\xe9 par l'Etat.\n");
	fx_commit(f->dir, "fixture");
	vigie_collect_opts_init(&o);
	assert_int_equal(vigie_target_parse(&f->t, f->dir, &err), 0);
	assert_int_equal(vigie_source_open(&f->src, &f->t, NULL, &err), 0);
	assert_int_equal(vigie_snapshot_open(&f->snap, f->src, NULL, &err), 0);
	ctx.snap = f->snap;
	ctx.target = &f->t;
	ctx.opts = &o;
	ctx.facts = NULL;
	assert_int_equal(vigie_facts_collect(&f->facts, &problems, NULL, &ctx, &err), 0);
	json_decref(problems);
	/* Facts other collectors would bring, set here to test the primitives. */
	json_object_set_new(f->facts, "history",
			    json_pack("{s:i, s:i, s:b}", "authors", 3,
				      "bus_factor", 2, "archived", 0));
	json_object_set_new(f->facts, "license",
			    json_pack("{s:s, s:b, s:b, s:[{s:s, s:f}]}", "expression",
				      "MIT OR Apache-2.0", "osi", 1, "copyleft", 0,
				      "files", "spdx", "MIT", "confidence", 0.97));
	*state = f;
	return 0;
}

static int eval_teardown(void **state)
{
	struct evalfx *f = *state;

	json_decref(f->facts);
	vigie_snapshot_free(f->snap);
	vigie_source_free(f->src);
	vigie_target_release(&f->t);
	fx_rmdir(f->dir);
	free(f);
	return 0;
}

/* Evaluate one check (given as JSON) and return its status; *score too. */
static enum vigie_status eval_check(struct evalfx *f, const char *check,
				    const char *when, double *score,
				    json_t **evidence, char **reason)
{
	struct vigie_ruleset *rs = vigie_ruleset_new();
	struct vigie_buf pack = VIGIE_BUF_INIT;
	struct vigie_eval_ctx ctx = { f->snap, f->facts };
	struct vigie_result r;
	struct vigie_error err;

	vigie_buf_printf(&pack,
			 "{\"schema\": \"vigie.rules/1\", \"pack\": \"t\", \"version\": \"1\","
			 " \"rules\": [{\"id\": \"t.r\", \"theme\": \"produce\", \"guide\": \"3.2\","
			 " \"weight\": 1, \"level\": \"warning\", \"title\": {\"en\": \"t\", \"fr\": \"t\"},"
			 " \"remediation\": {\"en\": \"r\", \"fr\": \"r\"}, %s%s%s \"check\": %s}]}",
			 when ? "\"when\": " : "", when ? when : "", when ? "," : "", check);
	if (vigie_ruleset_load_buffer(rs, "t.json", pack.ptr, pack.len, &err) < 0)
		fail_msg("check %s: %s %s", check, err.where, err.message);
	vigie_rule_eval(&r, vigie_ruleset_rule(rs, 0), &ctx);
	if (score)
		*score = r.score;
	if (evidence)
		*evidence = json_incref(r.evidence);
	if (reason)
		*reason = r.reason ? strdup(r.reason) : NULL;
	vigie_result_release(&r);
	vigie_ruleset_free(rs);
	vigie_buf_release(&pack);
	return r.status;
}

#define STATUS(check) eval_check(f, check, NULL, NULL, NULL, NULL)

static void test_rules_file_primitive(void **state)
{
	struct evalfx *f = *state;
	json_t *ev = NULL;

	assert_int_equal(eval_check(f, "{\"file\": {\"role\": \"contributing\"}}", NULL, NULL, &ev, NULL),
			 VIGIE_STATUS_PASS);
	assert_string_equal(json_string_value(json_object_get(json_array_get(ev, 0), "path")),
			    "CONTRIBUTING.md");
	json_decref(ev);
	assert_int_equal(STATUS("{\"file\": {\"role\": \"governance\"}}"), VIGIE_STATUS_FAIL);
	/* A one-byte LICENSE does not count when a minimum size is set. */
	assert_int_equal(STATUS("{\"file\": {\"role\": \"license\", \"min_size\": 32}}"),
			 VIGIE_STATUS_FAIL);
	assert_int_equal(STATUS("{\"file\": {\"path\": [\"docs/*.md\"]}}"), VIGIE_STATUS_PASS);
	assert_int_equal(STATUS("{\"file\": {\"path\": \"DOCS/A.MD\"}}"), VIGIE_STATUS_PASS);
	assert_int_equal(STATUS("{\"file\": {\"path\": \"docs/*.rst\"}}"), VIGIE_STATUS_FAIL);
}

static void test_rules_content_primitive_gives_lines(void **state)
{
	struct evalfx *f = *state;
	json_t *ev = NULL, *first;
	char *reason = NULL;

	assert_int_equal(eval_check(f, "{\"content\": {\"role\": \"contributing\", \"pattern\": \"(?i)pull request\"}}",
				    NULL, NULL, &ev, NULL),
			 VIGIE_STATUS_PASS);
	first = json_array_get(ev, 0);
	assert_string_equal(json_string_value(json_object_get(first, "path")), "CONTRIBUTING.md");
	assert_int_equal(json_integer_value(json_object_get(first, "line")), 4);
	assert_string_equal(json_string_value(json_object_get(first, "text")), "Then send a pull request.");
	json_decref(ev);
	assert_int_equal(STATUS("{\"content\": {\"role\": \"contributing\", \"pattern\": \"issue\", \"min\": 2}}"),
			 VIGIE_STATUS_PASS);
	assert_int_equal(STATUS("{\"content\": {\"role\": \"contributing\", \"pattern\": \"issue\", \"min\": 3}}"),
			 VIGIE_STATUS_FAIL);
	assert_int_equal(STATUS("{\"content\": {\"role\": \"governance\", \"pattern\": \"x\"}}"),
			 VIGIE_STATUS_FAIL);
	/* Catastrophic backtracking ends the rule in error, not the process. */
	assert_int_equal(eval_check(f, "{\"content\": {\"path\": \"evil.txt\", \"pattern\": \"^(a+)+$\"}}",
				    NULL, NULL, NULL, &reason),
			 VIGIE_STATUS_ERROR);
	assert_contains(reason, "limit");
	free(reason);
	/* A match too deep for the compiled pattern's stack is made by the
	 * interpreter. */
	assert_int_equal(STATUS("{\"content\": {\"path\": \"deep.txt\", \"pattern\": \"^(a|b)*c$\"}}"),
			 VIGIE_STATUS_PASS);
	/* \\S, \\W take non-ASCII letters (PCRE2 10.42's machine code for
	 * invalid UTF-8 did not); a text that is not UTF-8 is still read */
	assert_int_equal(STATUS("{\"content\": {\"path\": \"fr.txt\", \"pattern\": \"financ\\\\S+ par l\\\\W\\\\S\"}}"),
			 VIGIE_STATUS_PASS);
	/* the same in a long text, matched by machine code */
	assert_int_equal(STATUS("{\"content\": {\"path\": \"fr-long.txt\", \"pattern\": \"financ\\\\S+ par l\\\\W\\\\S\"}}"),
			 VIGIE_STATUS_PASS);
	assert_int_equal(STATUS("{\"content\": {\"path\": \"fr-long.txt\", \"pattern\": \"financ\\\\S+ par la\"}}"),
			 VIGIE_STATUS_FAIL);
	assert_int_equal(STATUS("{\"content\": {\"path\": \"latin1.txt\", \"pattern\": \"(?i)projet est financ\"}}"),
			 VIGIE_STATUS_PASS);
	assert_int_equal(STATUS("{\"content\": {\"path\": \"latin1.txt\", \"pattern\": \"financ\\\\S+ par\"}}"),
			 VIGIE_STATUS_FAIL);
}

static void test_rules_section_primitive(void **state)
{
	struct evalfx *f = *state;
	json_t *ev = NULL;

	assert_int_equal(eval_check(f, "{\"section\": {\"pattern\": \"(?i)^install\"}}", NULL, NULL, &ev, NULL),
			 VIGIE_STATUS_PASS);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(ev, 0), "line")), 5);
	json_decref(ev);
	assert_int_equal(STATUS("{\"section\": {\"pattern\": \"(?i)governance\"}}"), VIGIE_STATUS_FAIL);
}

static void test_rules_fact_primitive_and_grades(void **state)
{
	struct evalfx *f = *state;
	double score = -1;

	assert_int_equal(STATUS("{\"fact\": {\"path\": \"history.authors\", \"op\": \">=\", \"value\": 3}}"),
			 VIGIE_STATUS_PASS);
	assert_int_equal(STATUS("{\"fact\": {\"path\": \"history.authors\", \"op\": \">\", \"value\": 3}}"),
			 VIGIE_STATUS_FAIL);
	assert_int_equal(STATUS("{\"fact\": {\"path\": \"history.archived\", \"value\": false}}"),
			 VIGIE_STATUS_PASS);
	assert_int_equal(eval_check(f, "{\"fact\": {\"path\": \"history.bus_factor\", \"grade\": [1, 5]}}",
				    NULL, &score, NULL, NULL),
			 VIGIE_STATUS_PARTIAL);
	assert_float_equal(score, 0.25, 1e-9);
	assert_int_equal(STATUS("{\"fact\": {\"path\": \"history.bus_factor\", \"grade\": [0, 2]}}"),
			 VIGIE_STATUS_PASS);
	/* A missing fact is a skip, never a failure. */
	assert_int_equal(STATUS("{\"fact\": {\"path\": \"forge.archived\", \"value\": false}}"),
			 VIGIE_STATUS_SKIP);
	/* "exists" on a branch that was not gathered (offline) is a skip too;
	 * on a gathered branch, a missing fact is a plain "no". */
	assert_int_equal(STATUS("{\"fact\": {\"path\": \"forge.homepage\", \"op\": \"exists\"}}"),
			 VIGIE_STATUS_SKIP);
	assert_int_equal(STATUS("{\"fact\": {\"path\": \"history.newcomers\", \"op\": \"exists\"}}"),
			 VIGIE_STATUS_FAIL);
	/* "contains" looks for a value in a list. */
	json_object_set_new(f->facts, "listed", json_pack("{s:[s,s]}", "codes", "en", "fr"));
	assert_int_equal(STATUS("{\"fact\": {\"path\": \"listed.codes\", \"op\": \"contains\", \"value\": \"fr\"}}"),
			 VIGIE_STATUS_PASS);
	assert_int_equal(STATUS("{\"fact\": {\"path\": \"listed.codes\", \"op\": \"contains\", \"value\": \"de\"}}"),
			 VIGIE_STATUS_FAIL);
	assert_int_equal(STATUS("{\"fact\": {\"path\": \"history.authors\", \"op\": \"contains\", \"value\": 3}}"),
			 VIGIE_STATUS_ERROR);
	json_object_del(f->facts, "listed");
}

static void test_rules_license_primitive(void **state)
{
	struct evalfx *f = *state;

	assert_int_equal(STATUS("{\"license\": {\"flag\": \"osi\"}}"), VIGIE_STATUS_PASS);
	assert_int_equal(STATUS("{\"license\": {\"flag\": \"copyleft\"}}"), VIGIE_STATUS_FAIL);
	assert_int_equal(STATUS("{\"license\": {\"ids\": [\"MIT\", \"Apache-2.0\"]}}"), VIGIE_STATUS_PASS);
	assert_int_equal(STATUS("{\"license\": {\"ids\": [\"MIT\"]}}"), VIGIE_STATUS_FAIL);
	assert_int_equal(STATUS("{\"license\": {\"min_confidence\": 0.95}}"), VIGIE_STATUS_PASS);
	assert_int_equal(STATUS("{\"license\": {\"min_confidence\": 0.99}}"), VIGIE_STATUS_FAIL);
}

static void test_rules_combinators_and_when(void **state)
{
	struct evalfx *f = *state;
	double score;
	char *reason = NULL;

	assert_int_equal(STATUS("{\"any\": [{\"file\": {\"role\": \"governance\"}}, {\"section\": {\"pattern\": \"Contributing\"}}]}"),
			 VIGIE_STATUS_PASS);
	assert_int_equal(STATUS("{\"all\": [{\"file\": {\"role\": \"governance\"}}, {\"section\": {\"pattern\": \"Contributing\"}}]}"),
			 VIGIE_STATUS_FAIL);
	assert_int_equal(STATUS("{\"not\": {\"file\": {\"role\": \"governance\"}}}"), VIGIE_STATUS_PASS);
	assert_int_equal(STATUS("{\"not\": {\"fact\": {\"path\": \"forge.archived\", \"value\": true}}}"),
			 VIGIE_STATUS_SKIP);
	/* "all" of a partial and a pass is the partial's score. */
	assert_int_equal(eval_check(f, "{\"all\": [{\"fact\": {\"path\": \"history.bus_factor\", \"grade\": [0, 4]}}, {\"file\": {\"role\": \"readme\"}}]}",
				    NULL, &score, NULL, NULL),
			 VIGIE_STATUS_PARTIAL);
	assert_float_equal(score, 0.5, 1e-9);
	/* A rule whose "when" fails does not apply. */
	assert_int_equal(eval_check(f, "{\"file\": {\"role\": \"security\"}}",
				    "{\"file\": {\"role\": \"governance\"}}", NULL, NULL, &reason),
			 VIGIE_STATUS_SKIP);
	assert_contains(reason, "does not apply");
	free(reason);
	assert_int_equal(eval_check(f, "{\"file\": {\"role\": \"security\"}}",
				    "{\"file\": {\"role\": \"contributing\"}}", NULL, NULL, NULL),
			 VIGIE_STATUS_FAIL);
}

static void test_rules_scorecard_weights_themes(void **state)
{
	struct evalfx *f = *state;
	static const char pack[] =
		"{\"schema\": \"vigie.rules/1\", \"pack\": \"w\", \"version\": \"1\", \"rules\": ["
		"{\"id\": \"w.a\", \"theme\": \"produce\", \"guide\": \"3.2\", \"weight\": 3, \"level\": \"error\","
		" \"title\": {\"en\": \"a\", \"fr\": \"a\"}, \"remediation\": {\"en\": \"a\", \"fr\": \"a\"},"
		" \"check\": {\"file\": {\"role\": \"contributing\"}}},"
		"{\"id\": \"w.b\", \"theme\": \"produce\", \"guide\": \"3.2\", \"weight\": 1, \"level\": \"error\","
		" \"title\": {\"en\": \"b\", \"fr\": \"b\"}, \"remediation\": {\"en\": \"b\", \"fr\": \"b\"},"
		" \"check\": {\"file\": {\"role\": \"governance\"}}},"
		"{\"id\": \"w.c\", \"theme\": \"maintain\", \"guide\": \"4.2\", \"weight\": 5, \"level\": \"error\","
		" \"title\": {\"en\": \"c\", \"fr\": \"c\"}, \"remediation\": {\"en\": \"c\", \"fr\": \"c\"},"
		" \"check\": {\"fact\": {\"path\": \"forge.archived\", \"value\": false}}}]}";
	struct vigie_ruleset *rs = vigie_ruleset_new();
	struct vigie_eval_ctx ctx = { f->snap, f->facts };
	struct vigie_scorecard sc;
	struct vigie_error err;

	assert_int_equal(vigie_ruleset_load_buffer(rs, "w.json", pack, strlen(pack), &err), 0);
	assert_int_equal(vigie_scorecard_build(&sc, rs, &ctx, &err), 0);
	assert_float_equal(vigie_scorecard_theme_score(&sc, VIGIE_THEME_PRODUCE),
			   75.0, 1e-9);
	/* Only skipped rules: no score at all rather than zero. */
	assert_float_equal(vigie_scorecard_theme_score(&sc, VIGIE_THEME_MAINTAIN),
			   -1, 1e-9);
	assert_float_equal(vigie_scorecard_theme_score(&sc, VIGIE_THEME_COUNT),
			   -1, 1e-9);
	assert_float_equal(sc.overall, 75.0, 1e-9);
	vigie_scorecard_release(&sc);
	vigie_ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_rules_invalid_packs_report_positions),
		cmocka_unit_test(test_rules_embedded_packs_load),
	};
	const struct CMUnitTest eval[] = {
		cmocka_unit_test(test_rules_file_primitive),
		cmocka_unit_test(test_rules_content_primitive_gives_lines),
		cmocka_unit_test(test_rules_section_primitive),
		cmocka_unit_test(test_rules_fact_primitive_and_grades),
		cmocka_unit_test(test_rules_license_primitive),
		cmocka_unit_test(test_rules_combinators_and_when),
		cmocka_unit_test(test_rules_scorecard_weights_themes),
	};
	int rc;

	vigie_global_init();
	rc = cmocka_run_group_tests(plain, NULL, NULL);
	rc |= cmocka_run_group_tests(eval, eval_setup, eval_teardown);
	vigie_global_shutdown();
	return rc;
}
