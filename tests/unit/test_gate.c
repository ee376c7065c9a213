/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of the release gates: parsing and checking a real scorecard. */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "vigie/vigie.h"

/* Three rules: an error that passes, a warning that fails, a note that fails. */
static const char pack[] =
	"{\"schema\": \"vigie.rules/1\", \"pack\": \"t\", \"version\": \"1\","
	" \"title\": {\"en\": \"t\", \"fr\": \"t\"}, \"rules\": ["
	"{\"id\": \"t.readme\", \"theme\": \"understand\", \"guide\": \"1.1\","
	" \"weight\": 6, \"level\": \"error\","
	" \"title\": {\"en\": \"r\", \"fr\": \"r\"},"
	" \"remediation\": {\"en\": \"r\", \"fr\": \"r\"},"
	" \"check\": {\"file\": {\"role\": \"readme\"}}},"
	"{\"id\": \"t.license\", \"theme\": \"maintain\", \"guide\": \"4.4\","
	" \"weight\": 3, \"level\": \"warning\","
	" \"title\": {\"en\": \"l\", \"fr\": \"l\"},"
	" \"remediation\": {\"en\": \"l\", \"fr\": \"l\"},"
	" \"check\": {\"file\": {\"role\": \"license\"}}},"
	"{\"id\": \"t.logo\", \"theme\": \"disseminate\", \"guide\": \"6.2\","
	" \"weight\": 1, \"level\": \"note\","
	" \"title\": {\"en\": \"g\", \"fr\": \"g\"},"
	" \"remediation\": {\"en\": \"g\", \"fr\": \"g\"},"
	" \"check\": {\"file\": {\"path\": \"logo.svg\"}}}]}";

struct fx {
	char *dir;
	struct vigie_ruleset *rs;
	struct vigie_scorecard sc;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct vigie_audit_opts ao;
	struct vigie_error err;
	enum vigie_stage stage;

	vigie_global_init();
	f->dir = fx_repo_new("gate");
	fx_write(f->dir, "README.md", "# Gate\n\nA repository for the gate tests.\n");
	fx_commit(f->dir, "readme only");
	f->rs = vigie_ruleset_new();
	assert_int_equal(vigie_ruleset_load_buffer(f->rs, "t.json", pack,
						    strlen(pack), &err), 0);
	vigie_audit_options_init(&ao, VIGIE_AUDIT_OPTIONS_VERSION);
	ao.rules = f->rs;
	ao.source.offline = true;
	ao.collect.offline = true;
	if (vigie_audit_run(&f->sc, &stage, f->dir, &ao, &err) < 0)
		fail_msg("audit: %s", err.message);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	vigie_scorecard_release(&f->sc);
	vigie_ruleset_free(f->rs);
	fx_rmdir(f->dir);
	free(f);
	vigie_global_shutdown();
	return 0;
}

static void test_gate_parse(void **state)
{
	struct vigie_gate g;
	struct vigie_error err;

	(void)state;
	vigie_gate_init(&g);
	assert_false(vigie_gate_active(&g));
	assert_int_equal(vigie_gate_parse_fail_under(&g, "70", &err), 0);
	assert_true(g.fail_under == 70);
	assert_int_equal(vigie_gate_parse_fail_under(&g, "fund=100", &err), 0);
	assert_int_equal(g.nthemes, 1);
	assert_int_equal(g.themes[0].theme, VIGIE_THEME_FUND);
	assert_true(g.themes[0].minimum == 100);
	/* a theme given again takes the later score, in its one entry */
	assert_int_equal(vigie_gate_parse_fail_under(&g, "produce=40", &err), 0);
	assert_int_equal(vigie_gate_parse_fail_under(&g, "fund=90", &err), 0);
	assert_int_equal(g.nthemes, 2);
	assert_true(g.themes[0].minimum == 90);
	assert_int_equal(g.themes[1].theme, VIGIE_THEME_PRODUCE);
	assert_int_equal(vigie_gate_parse_fail_on(&g, "warning", &err), 0);
	assert_int_equal(g.fail_on, VIGIE_LEVEL_WARNING);
	assert_true(vigie_gate_active(&g));

	assert_int_equal(vigie_gate_parse_fail_under(&g, "101", &err), VIGIE_EINVALID);
	assert_int_equal(vigie_gate_parse_fail_under(&g, "-1", &err), VIGIE_EINVALID);
	assert_int_equal(vigie_gate_parse_fail_under(&g, "", &err), VIGIE_EINVALID);
	assert_int_equal(vigie_gate_parse_fail_under(&g, "7x", &err), VIGIE_EINVALID);
	assert_int_equal(vigie_gate_parse_fail_under(&g, "=5", &err), VIGIE_EINVALID);
	assert_int_equal(vigie_gate_parse_fail_under(&g, "fund=", &err), VIGIE_EINVALID);
	assert_int_equal(vigie_gate_parse_fail_under(&g, "style=5", &err), VIGIE_EINVALID);
	assert_contains(err.message, "unknown theme 'style'");
	assert_int_equal(vigie_gate_parse_fail_on(&g, "fatal", &err), VIGIE_EINVALID);
	/* A failed parse leaves the gate as it was. */
	assert_true(g.fail_under == 70);
	assert_int_equal(g.fail_on, VIGIE_LEVEL_WARNING);
	assert_int_equal(g.nthemes, 2);
	vigie_gate_release(&g);
}

static void test_gate_require_limit(void **state)
{
	struct vigie_gate g;
	struct vigie_error err;
	size_t i;

	(void)state;
	vigie_gate_init(&g);
	assert_null(g.require);
	for (i = 0; i < VIGIE_GATE_MAX_REQUIRE; i++)
		assert_int_equal(vigie_gate_require(&g, i % 2 ? "y" : "x", &err), 0);
	assert_int_equal(vigie_gate_require(&g, "x", &err), VIGIE_ELIMIT);
	assert_int_equal(g.nrequire, VIGIE_GATE_MAX_REQUIRE);
	assert_string_equal(g.require[0], "x");
	assert_string_equal(g.require[VIGIE_GATE_MAX_REQUIRE - 1], "y");
	assert_true(vigie_gate_active(&g));
	vigie_gate_release(&g);
	assert_null(g.require);
	assert_int_equal(g.nrequire, 0);
	assert_false(vigie_gate_active(&g));
	vigie_gate_release(NULL);
}

static void test_gate_scores(void **state)
{
	struct fx *f = *state;
	struct vigie_gate g;
	struct vigie_error why;

	/* Score: 6 of 10 passes: 60 overall, understand 100, maintain 0. */
	assert_true(f->sc.overall == 60);
	vigie_gate_init(&g);
	assert_int_equal(vigie_gate_check(&g, &f->sc, &why), 0);
	vigie_gate_parse_fail_under(&g, "60", NULL);
	assert_int_equal(vigie_gate_check(&g, &f->sc, &why), 0);
	vigie_gate_parse_fail_under(&g, "61", NULL);
	assert_int_equal(vigie_gate_check(&g, &f->sc, &why), 1);
	assert_string_equal(why.message, "overall score 60 is under 61");

	vigie_gate_init(&g);
	vigie_gate_parse_fail_under(&g, "understand=100", NULL);
	/* No rule of the fund theme ran: its gate cannot fail. */
	vigie_gate_parse_fail_under(&g, "fund=100", NULL);
	assert_int_equal(vigie_gate_check(&g, &f->sc, &why), 0);
	vigie_gate_parse_fail_under(&g, "maintain=1", NULL);
	assert_int_equal(vigie_gate_check(&g, &f->sc, &why), 1);
	assert_string_equal(why.message, "theme 'maintain' score 0 is under 1");
	vigie_gate_release(&g);
}

static void test_gate_require_and_levels(void **state)
{
	struct fx *f = *state;
	struct vigie_gate g;
	struct vigie_error why;

	vigie_gate_init(&g);
	vigie_gate_require(&g, "t.readme", NULL);
	assert_int_equal(vigie_gate_check(&g, &f->sc, &why), 0);
	vigie_gate_require(&g, "t.license", NULL);
	assert_int_equal(vigie_gate_check(&g, &f->sc, &why), 1);
	assert_string_equal(why.message, "required rule 't.license' is fail");

	vigie_gate_release(&g);
	vigie_gate_require(&g, "t.nothing", NULL);
	assert_int_equal(vigie_gate_check(&g, &f->sc, &why), 1);
	assert_int_equal(why.code, VIGIE_ENOTFOUND);

	vigie_gate_release(&g);
	vigie_gate_parse_fail_on(&g, "error", NULL);
	assert_int_equal(vigie_gate_check(&g, &f->sc, &why), 0);
	vigie_gate_parse_fail_on(&g, "warning", NULL);
	assert_int_equal(vigie_gate_check(&g, &f->sc, &why), 1);
	assert_string_equal(why.message,
			    "1 rule of level warning or worse fails: t.license (warning)");
	vigie_gate_parse_fail_on(&g, "note", NULL);
	assert_int_equal(vigie_gate_check(&g, &f->sc, &why), 1);
	assert_string_equal(why.message, "2 rules of level note or worse fail: "
					 "t.license (warning), t.logo (note)");

	/* A waived rule passes --require and leaves --fail-on. */
	f->sc.results[1].status = VIGIE_STATUS_WAIVED;
	f->sc.results[2].status = VIGIE_STATUS_WAIVED;
	vigie_gate_require(&g, "t.license", NULL);
	assert_int_equal(vigie_gate_check(&g, &f->sc, NULL), 0);
	vigie_gate_release(&g);
}

/* Fixing which failing rules would reach a score gate: as few as possible. */
static void test_gate_reach(void **state)
{
	struct fx *f = *state;
	struct vigie_gate g;
	struct vigie_buf b = VIGIE_BUF_INIT;

	/* readme passes (6), license (3) and logo (1) fail: 60 overall. */
	assert_true(f->sc.overall == 60);
	vigie_gate_init(&g);
	g.fail_under = 50;
	assert_int_equal(vigie_gate_reach(&b, &g, &f->sc), 0);
	assert_null(b.ptr);
	/* One rule is enough, and the largest gain is taken. */
	g.fail_under = 65;
	assert_int_equal(vigie_gate_reach(&b, &g, &f->sc), 1);
	assert_string_equal(b.ptr, "t.license");
	vigie_buf_release(&b);
	/* 90 is reached by the license alone; 91 needs both. */
	g.fail_under = 90;
	assert_int_equal(vigie_gate_reach(&b, &g, &f->sc), 1);
	vigie_buf_release(&b);
	g.fail_under = 91;
	assert_int_equal(vigie_gate_reach(&b, &g, &f->sc), 2);
	assert_string_equal(b.ptr, "t.license, t.logo");
	vigie_buf_release(&b);
	/* A theme gate takes its own theme's rules, even a smaller gain. */
	vigie_gate_init(&g);
	assert_int_equal(vigie_gate_parse_fail_under(&g, "disseminate=100",
						     NULL), 0);
	assert_int_equal(vigie_gate_reach(&b, &g, &f->sc), 1);
	assert_string_equal(b.ptr, "t.logo");
	vigie_buf_release(&b);
	vigie_gate_release(&g);
	/* Gates on levels or required rules name their rules themselves. */
	vigie_gate_init(&g);
	g.fail_on = VIGIE_LEVEL_NOTE;
	assert_int_equal(vigie_gate_reach(&b, &g, &f->sc), 0);
	vigie_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gate_parse),
		cmocka_unit_test(test_gate_require_limit),
		cmocka_unit_test_setup_teardown(test_gate_scores, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gate_reach, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gate_require_and_levels, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
