/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of waivers: .vigie.json read from the audited commit and applied. */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "vigie/vigie.h"

#define PACK_PATH "/tests/data/gate/pack.json"
/* 2026-06-15T12:00:00Z */
#define NOW 1781524800

struct fx {
	char *dir;
	struct vigie_ruleset *rs;
	struct vigie_scorecard sc;
	bool audited;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct vigie_buf pack = VIGIE_BUF_INIT;
	struct vigie_error err;

	vigie_global_init();
	f->dir = fx_repo_new("waiver");
	fx_write(f->dir, "README.md", "# Waivers\n");
	f->rs = vigie_ruleset_new();
	vigie_buf_printf(&pack, "%s" PACK_PATH, fx_source_root());
	if (vigie_ruleset_load(f->rs, pack.ptr, &err) < 0)
		fail_msg("pack: %s", err.message);
	vigie_buf_release(&pack);
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

/* Commit .vigie.json with content (NULL: none) and audit HEAD at NOW. */
static void audit(struct fx *f, const char *content)
{
	struct vigie_audit_opts ao;
	struct vigie_error err;
	enum vigie_stage stage;

	if (content)
		fx_write(f->dir, ".vigie.json", content);
	fx_commit(f->dir, "waivers");
	vigie_scorecard_release(&f->sc);
	vigie_audit_options_init(&ao, VIGIE_AUDIT_OPTIONS_VERSION);
	ao.rules = f->rs;
	ao.source.offline = true;
	ao.collect.offline = true;
	ao.collect.now = NOW;
	if (vigie_audit_run(&f->sc, &stage, f->dir, &ao, &err) < 0)
		fail_msg("audit: %s", err.message);
}

static const struct vigie_result *result(struct fx *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->sc.count; i++)
		if (!strcmp(f->sc.results[i].rule->id, id))
			return &f->sc.results[i];
	fail_msg("no result for %s", id);
	return NULL;
}

static const char *state_of(struct fx *f, size_t i)
{
	return json_string_value(json_object_get(json_array_get(f->sc.waivers, i),
						 "state"));
}

static const char *field(struct fx *f, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(f->sc.waivers, i),
						 key));
}

static void test_waiver_none(void **state)
{
	struct fx *f = *state;

	audit(f, NULL);
	assert_null(f->sc.waivers);
	assert_int_equal(result(f, "gate.license")->status, VIGIE_STATUS_FAIL);
}

static void test_waiver_expiry_is_inclusive(void **state)
{
	struct fx *f = *state;
	double before;

	audit(f, "{\"waivers\": ["
		 "{\"rule\": \"gate.license\", \"reason\": \"today\", \"expires\": \"2026-06-15\"},"
		 "{\"rule\": \"gate.security\", \"reason\": \"yesterday\", "
		 "\"expires\": \"2026-06-14\"}]}");
	assert_string_equal(state_of(f, 0), "applied");
	assert_string_equal(state_of(f, 1), "expired");
	assert_int_equal(result(f, "gate.license")->status, VIGIE_STATUS_WAIVED);
	assert_string_equal(result(f, "gate.license")->reason, "today (until 2026-06-15)");
	assert_int_equal(result(f, "gate.security")->status, VIGIE_STATUS_FAIL);
	assert_string_equal(field(f, 0, "status"), "fail");
	assert_string_equal(field(f, 1, "where"), ".vigie.json:1:92");
	/* A waived rule leaves the scores: here it raises them. */
	before = f->sc.overall;
	audit(f, "{\"waivers\": []}");
	assert_true(f->sc.overall < before);
}

static void test_waiver_invalid_entries(void **state)
{
	struct fx *f = *state;

	audit(f, "{\"waivers\": [\n"
		 "  {\"rule\": \"gate.license\", \"reason\": \"x\", \"expires\": \"2026-02-30\"},\n"
		 "  {\"rule\": \"gate.license\"},\n"
		 "  {\"reason\": \"no rule\"},\n"
		 "  \"text\",\n"
		 "  {\"rule\": \"gate.logo\", \"reason\": \"a\"},\n"
		 "  {\"rule\": \"gate.logo\", \"reason\": \"again\"},\n"
		 "  {\"rule\": \"gate.nothing\", \"reason\": \"a\"},\n"
		 "  {\"rule\": \"gate.readme\", \"reason\": \"passes\"}\n"
		 "]}\n");
	assert_int_equal(json_array_size(f->sc.waivers), 8);
	assert_string_equal(state_of(f, 0), "invalid");
	assert_string_equal(field(f, 0, "where"), ".vigie.json:2:54");
	assert_contains(field(f, 0, "message"), "'expires' must be a date");
	assert_string_equal(state_of(f, 1), "invalid");
	assert_contains(field(f, 1, "message"), "needs 'reason'");
	assert_string_equal(state_of(f, 2), "invalid");
	assert_contains(field(f, 2, "message"), "needs 'rule'");
	assert_string_equal(state_of(f, 3), "invalid");
	assert_string_equal(state_of(f, 4), "applied");
	assert_string_equal(state_of(f, 5), "invalid");
	assert_contains(field(f, 5, "message"), "already waived");
	assert_string_equal(state_of(f, 6), "unknown_rule");
	assert_string_equal(state_of(f, 7), "unused");
	assert_int_equal(result(f, "gate.license")->status, VIGIE_STATUS_FAIL);
	assert_int_equal(result(f, "gate.logo")->status, VIGIE_STATUS_WAIVED);
	assert_string_equal(result(f, "gate.logo")->reason, "a");
}

static void test_waiver_bad_files(void **state)
{
	struct fx *f = *state;

	audit(f, "{\"waivers\": [\n  {\"rule\": \"gate.logo\",}\n]}");
	assert_int_equal(json_array_size(f->sc.waivers), 1);
	assert_string_equal(state_of(f, 0), "invalid");
	assert_string_equal(field(f, 0, "where"), ".vigie.json:2:24");
	assert_int_equal(result(f, "gate.logo")->status, VIGIE_STATUS_FAIL);

	/*
	 * A key of the file's own that vigie does not know ("waive" for
	 * "waivers") is reported at its line and column; the waivers that
	 * are there are still read.
	 */
	audit(f, "{\n  \"waive\": [\n    {\"rule\": \"gate.logo\", \"reason\": \"a\"}\n  ]\n}\n");
	assert_int_equal(json_array_size(f->sc.waivers), 1);
	assert_string_equal(state_of(f, 0), "invalid");
	assert_string_equal(field(f, 0, "where"), ".vigie.json:2:12");
	assert_contains(field(f, 0, "message"), "unknown key 'waive' in .vigie.json");
	assert_int_equal(result(f, "gate.logo")->status, VIGIE_STATUS_FAIL);
	audit(f, "{\"note\": \"x\", \"waivers\": [{\"rule\": \"gate.logo\", "
		 "\"reason\": \"a\"}]}");
	assert_int_equal(json_array_size(f->sc.waivers), 2);
	assert_string_equal(state_of(f, 0), "invalid");
	assert_string_equal(field(f, 0, "where"), ".vigie.json:1:10");
	assert_string_equal(state_of(f, 1), "applied");

	audit(f, "[1, 2]");
	assert_string_equal(state_of(f, 0), "invalid");
	assert_contains(field(f, 0, "message"), "expected {\"waivers\": [...]}");

	/* Too large to read: reported, not read. */
	fx_sh(f->dir, "head -c 70000 /dev/zero | tr '\\0' ' ' > .vigie.json");
	audit(f, NULL);
	assert_string_equal(state_of(f, 0), "invalid");
	assert_contains(field(f, 0, "message"), "cannot read");

	/* A link out of the tree is never followed. */
	fx_sh(f->dir, "rm .vigie.json && ln -s /etc/passwd .vigie.json");
	audit(f, NULL);
	assert_string_equal(state_of(f, 0), "invalid");
	assert_contains(field(f, 0, "message"), "cannot read");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_waiver_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waiver_expiry_is_inclusive,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_waiver_invalid_entries, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_waiver_bad_files, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
