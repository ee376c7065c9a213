/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of the versioned options structs: init, the static INIT, refusals. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fixture.h"
#include "vigie/vigie.h"
#include "vigie/sys/forge.h"

static void test_options_audit_init(void **state)
{
	struct vigie_audit_opts o;
	int64_t t0 = (int64_t)time(NULL), t1;

	(void)state;
	memset(&o, 0xab, sizeof(o));
	assert_int_equal(vigie_audit_options_init(&o, VIGIE_AUDIT_OPTIONS_VERSION), 0);
	t1 = (int64_t)time(NULL);
	assert_int_equal(o.version, VIGIE_AUDIT_OPTIONS_VERSION);
	assert_null(o.rev);
	assert_null(o.rules);
	assert_int_equal(o.source.version, VIGIE_SOURCE_OPTIONS_VERSION);
	assert_int_equal(o.collect.version, VIGIE_COLLECT_OPTIONS_VERSION);
	assert_null(o.source.cache_dir);
	assert_false(o.source.offline);
	assert_int_equal(o.collect.window_days, 365);
	assert_int_equal(o.collect.lookback_days, -1);
	assert_int_equal(o.collect.tracker_days, 180);
	assert_true(o.collect.now >= t0 && o.collect.now <= t1);
	assert_null(o.collect.inherited);
}

/* What the static initialiser gives is what the function gives, but now. */
static void test_options_audit_macro(void **state)
{
	static const struct vigie_audit_opts m = VIGIE_AUDIT_OPTIONS_INIT;
	static struct vigie_audit_opts f, c;
	struct vigie_collect_opts co;

	(void)state;
	assert_int_equal(vigie_audit_options_init(&f, VIGIE_AUDIT_OPTIONS_VERSION), 0);
	assert_int_equal(m.collect.now, 0);
	f.collect.now = 0;
	assert_memory_equal(&m, &f, sizeof(m));
	/* and the collect defaults are those of vigie_collect_opts_init */
	vigie_collect_opts_init(&co);
	c = m;
	co.now = 0;
	assert_memory_equal(&c.collect, &co, sizeof(co));
}

static void test_options_unknown_version(void **state)
{
	struct vigie_audit_opts a, a0;
	struct vigie_batch_opts b, b0;
	const unsigned bad[] = { 0, VIGIE_AUDIT_OPTIONS_VERSION + 1, 0xffffffffu };
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(bad); i++) {
		memset(&a, 0x5a, sizeof(a));
		a0 = a;
		assert_int_equal(vigie_audit_options_init(&a, bad[i]), VIGIE_EINVALID);
		assert_memory_equal(&a, &a0, sizeof(a)); /* untouched */
		memset(&b, 0x5a, sizeof(b));
		b0 = b;
		assert_int_equal(vigie_batch_options_init(&b, bad[i]), VIGIE_EINVALID);
		assert_memory_equal(&b, &b0, sizeof(b));
	}
}

static void test_options_batch_init(void **state)
{
	static const struct vigie_batch_opts m = VIGIE_BATCH_OPTIONS_INIT;
	struct vigie_batch_opts b;

	(void)state;
	assert_int_equal(vigie_batch_options_init(&b, VIGIE_BATCH_OPTIONS_VERSION), 0);
	assert_int_equal(b.version, VIGIE_BATCH_OPTIONS_VERSION);
	assert_int_equal(b.jobs, 1);
	assert_int_equal(b.shard_n, 0);
	assert_int_equal(b.audit.version, VIGIE_AUDIT_OPTIONS_VERSION);
	assert_int_equal(b.audit.collect.window_days, 365);
	assert_true(b.audit.collect.now > 0);
	assert_int_equal(m.version, VIGIE_BATCH_OPTIONS_VERSION);
	assert_int_equal(m.jobs, 1);
	assert_int_equal(m.audit.version, VIGIE_AUDIT_OPTIONS_VERSION);
	assert_int_equal(m.audit.collect.lookback_days, -1);
}

/* A struct of another version is refused before the target is looked at. */
static void test_options_audit_run_refuses(void **state)
{
	struct vigie_audit_opts o = VIGIE_AUDIT_OPTIONS_INIT;
	struct vigie_scorecard sc;
	struct vigie_error err;
	enum vigie_stage stage = VIGIE_STAGE_RULES;

	(void)state;
	o.version = VIGIE_AUDIT_OPTIONS_VERSION + 1;
	assert_int_equal(vigie_audit_run(&sc, &stage, "/nonexistent/vigie", &o, &err),
			 VIGIE_EINVALID);
	assert_int_equal(stage, VIGIE_STAGE_TARGET);
	assert_non_null(strstr(err.message, "struct vigie_audit_opts version 2"));
	vigie_scorecard_release(&sc);
	/* and so are the defaults alone: they name no rule set (no crash) */
	o.version = VIGIE_AUDIT_OPTIONS_VERSION;
	assert_int_equal(vigie_audit_run(&sc, &stage, "/nonexistent/vigie", &o, &err),
			 VIGIE_EINVALID);
	assert_string_equal(err.message, "no rule set to audit with");
	vigie_scorecard_release(&sc);
}

/* The static initialiser audits as of the time the audit starts. */
static void test_options_audit_run_macro(void **state)
{
	struct vigie_audit_opts o = VIGIE_AUDIT_OPTIONS_INIT;
	struct vigie_ruleset *rs = vigie_ruleset_new();
	struct vigie_scorecard sc;
	struct vigie_error err;
	enum vigie_stage stage;
	char *dir = fx_repo_new("options");
	int64_t t0 = (int64_t)time(NULL);

	(void)state;
	assert_int_equal(vigie_ruleset_load_defaults(rs, &err), 0);
	o.rules = rs;
	fx_write(dir, "README.md", "# Options\n\nA repository for the options tests.\n");
	fx_commit(dir, "readme");
	o.source.offline = true;
	o.collect.offline = true;
	if (vigie_audit_run(&sc, &stage, dir, &o, &err) < 0)
		fail_msg("audit: %s", err.message);
	assert_true(sc.as_of >= t0 && sc.as_of <= (int64_t)time(NULL));
	vigie_scorecard_release(&sc);
	vigie_ruleset_free(rs);
	fx_rmdir(dir);
}

/* What the rules function of an audit saw. */
struct rules_call {
	const struct vigie_ruleset *give; /* NULL: fail, with code */
	int code;
	int calls;
	pthread_t thread;
};

static const struct vigie_ruleset *rules_fn(void *arg, struct vigie_error *err)
{
	struct rules_call *c = arg;

	c->calls++;
	c->thread = pthread_self();
	if (!c->give)
		vigie_error_set(err, c->code, "packs.json", "%s", "the packs said no");
	return c->give;
}

/*
 * Rules given by a function (vigie_audit_opts.rules_fn): called once, on
 * the auditing thread, and only when the audit gets to the rules; its
 * NULL fails the audit at the rules stage with its error; the rules given
 * directly come first.
 */
static void test_options_audit_rules_from_a_function(void **state)
{
	struct vigie_audit_opts o;
	struct vigie_ruleset *rs = vigie_ruleset_new();
	struct vigie_scorecard sc;
	struct vigie_error err;
	enum vigie_stage stage;
	struct rules_call c = { NULL, 0, 0, pthread_self() };
	char *dir = fx_repo_new("opts-rules-fn");

	(void)state;
	vigie_error_clear(&err);
	assert_int_equal(vigie_ruleset_load_defaults(rs, &err), 0);
	fx_write(dir, "README.md", "# Options\n\nA repository for the options tests.\n");
	fx_commit(dir, "readme");
	vigie_audit_options_init(&o, VIGIE_AUDIT_OPTIONS_VERSION);
	o.source.offline = true;
	o.collect.offline = true;
	o.rules_fn = rules_fn;
	o.rules_arg = &c;
	/* a target that fails: never asked */
	assert_true(vigie_audit_run(&sc, &stage, "/nonexistent/vigie", &o, &err) < 0);
	assert_int_equal(c.calls, 0);
	vigie_scorecard_release(&sc);
	/* its error is the audit's, at the rules stage */
	c.code = VIGIE_ENOTFOUND;
	assert_int_equal(vigie_audit_run(&sc, &stage, dir, &o, &err), VIGIE_ENOTFOUND);
	assert_int_equal(stage, VIGIE_STAGE_RULES);
	assert_string_equal(err.message, "the packs said no");
	assert_int_equal(c.calls, 1);
	vigie_scorecard_release(&sc);
	/* its rules score the audit, once, on this thread */
	c.give = rs;
	c.calls = 0;
	if (vigie_audit_run(&sc, &stage, dir, &o, &err) < 0)
		fail_msg("audit: %s", err.message);
	assert_int_equal(c.calls, 1);
	assert_true(pthread_equal(c.thread, pthread_self()));
	assert_int_equal(sc.count, vigie_ruleset_count(rs));
	assert_true(sc.count > 0);
	vigie_scorecard_release(&sc);
	/* rules given directly: the function is not asked */
	c.calls = 0;
	o.rules = rs;
	if (vigie_audit_run(&sc, &stage, dir, &o, &err) < 0)
		fail_msg("audit: %s", err.message);
	assert_int_equal(c.calls, 0);
	vigie_scorecard_release(&sc);
	vigie_ruleset_free(rs);
	fx_rmdir(dir);
}

static void test_options_batch_run_refuses(void **state)
{
	struct vigie_batch_opts b;
	struct vigie_batch_list l = { NULL, 0, 0 };
	struct vigie_batch_stats st;
	struct vigie_error err;
	struct stat sb;
	char *tmp = fx_tmpdir("options");
	char out[4096];

	(void)state;
	snprintf(out, sizeof(out), "%s/out", tmp);
	assert_int_equal(vigie_batch_options_init(&b, VIGIE_BATCH_OPTIONS_VERSION), 0);
	b.out_dir = out;
	b.targets = &l;
	b.version = 0;
	assert_int_equal(vigie_batch_run(&st, &b, &err), VIGIE_EINVALID);
	assert_non_null(strstr(err.message, "struct vigie_batch_opts version 0"));
	b.version = VIGIE_BATCH_OPTIONS_VERSION;
	b.audit.version = 7;
	assert_int_equal(vigie_batch_run(&st, &b, &err), VIGIE_EINVALID);
	assert_non_null(strstr(err.message, "struct vigie_audit_opts version 7"));
	assert_int_equal(st.done, 0);
	b.audit.version = VIGIE_AUDIT_OPTIONS_VERSION;
	b.audit.source.version = 5;
	assert_int_equal(vigie_batch_run(&st, &b, &err), VIGIE_EINVALID);
	assert_non_null(strstr(err.message, "struct vigie_source_opts version 5"));
	/* refused before anything is written */
	assert_int_not_equal(stat(out, &sb), 0);
	fx_rmdir(tmp);
}

static int setup(void **state)
{
	(void)state;
	return vigie_global_init();
}

static int teardown(void **state)
{
	(void)state;
	vigie_global_shutdown();
	return 0;
}

/* Reports refuse options of another layout, and run with their macro. */
static void test_options_report_version(void **state)
{
	struct vigie_report_opts o = VIGIE_REPORT_OPTIONS_INIT;
	const char *const formats[] = { "text", "json", "markdown", "sarif",
					"badge", "badge-json" };
	struct vigie_scorecard sc;
	struct vigie_error err;
	struct vigie_buf b = VIGIE_BUF_INIT;
	size_t i;

	(void)state;
	memset(&sc, 0, sizeof(sc));
	sc.target = "repo";
	sc.commit = "0123456789abcdef";
	sc.overall = -1;
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		const struct vigie_reporter *r = vigie_reporter_find(formats[i]);
		assert_non_null(r);
		o.version = VIGIE_REPORT_OPTIONS_VERSION;
		vigie_buf_clear(&b);
		if (r->fn(&b, &sc, &o, &err) < 0)
			fail_msg("%s: %s", formats[i], err.message);
		assert_true(b.len > 0);
		o.version = VIGIE_REPORT_OPTIONS_VERSION + 1;
		vigie_buf_clear(&b);
		assert_int_equal(r->fn(&b, &sc, &o, &err), VIGIE_EINVALID);
		assert_non_null(strstr(err.message, "report options of version"));
		assert_int_equal(b.len, 0);
	}
	vigie_buf_release(&b);
}

/* vigie fix's options too: another layout is refused before any work. */
static void test_options_fix_version(void **state)
{
	struct vigie_fix_opts o;
	struct vigie_scorecard sc;
	struct vigie_error err;
	struct vigie_fix fix;

	(void)state;
	memset(&sc, 0, sizeof(sc));
	vigie_fix_opts_init(&o);
	assert_int_equal(o.version, VIGIE_FIX_OPTIONS_VERSION);
	o.version = VIGIE_FIX_OPTIONS_VERSION + 1;
	assert_int_equal(vigie_fix_plan(&fix, &sc, "/nonexistent", &o, &err),
			 VIGIE_EINVALID);
	assert_non_null(strstr(err.message, "fix options of version"));
	vigie_fix_release(&fix);
}

/* The HTTP and forge options: the static initialisers are the functions'
 * defaults, and another version is refused before anything is done. */
static void test_options_http_and_forge(void **state)
{
	static const struct vigie_http_opts hm = VIGIE_HTTP_OPTIONS_INIT;
	static const struct vigie_forge_opts fm = VIGIE_FORGE_OPTIONS_INIT;
	static struct vigie_http_opts h;
	static struct vigie_forge_opts f;
	struct vigie_http *http = (struct vigie_http *)&h;
	struct vigie_forge *forge = (struct vigie_forge *)&f;
	struct vigie_error err;

	(void)state;
	memset(&h, 0x5a, sizeof(h));
	vigie_http_opts_init(&h);
	assert_int_equal(h.version, VIGIE_HTTP_OPTIONS_VERSION);
	assert_int_equal(h.timeout_ms, 30000);
	assert_int_equal(h.max_body, 16 * 1024 * 1024);
	assert_memory_equal(&hm, &h, sizeof(h));
	memset(&f, 0x5a, sizeof(f));
	vigie_forge_opts_init(&f);
	assert_int_equal(f.version, VIGIE_FORGE_OPTIONS_VERSION);
	assert_int_equal(f.http.version, VIGIE_HTTP_OPTIONS_VERSION);
	assert_int_equal(f.max_list_entries, VIGIE_FORGE_MAX_LIST_ENTRIES);
	assert_memory_equal(&fm, &f, sizeof(f));

	h.version = VIGIE_HTTP_OPTIONS_VERSION + 1;
	assert_int_equal(vigie_http_new(&http, &h, &err), VIGIE_EINVALID);
	assert_null(http);
	assert_non_null(strstr(err.message, "struct vigie_http_opts version 2 is unknown"));
	h.version = VIGIE_HTTP_OPTIONS_VERSION;
	h.offline = true;
	assert_int_equal(vigie_http_new(&http, &h, &err), 0);
	vigie_http_free(http);

	f.kind = "gitlab";
	f.host = "gitlab.example.org";
	f.version = 0;
	assert_int_equal(vigie_forge_new(&forge, &f, &err), VIGIE_EINVALID);
	assert_null(forge);
	assert_non_null(strstr(err.message, "struct vigie_forge_opts version 0 is unknown"));
	f.version = VIGIE_FORGE_OPTIONS_VERSION;
	f.http.version = 9;
	assert_int_equal(vigie_forge_new(&forge, &f, &err), VIGIE_EINVALID);
	assert_null(forge);
	assert_non_null(strstr(err.message, "struct vigie_http_opts version 9 is unknown"));
	f.http.version = VIGIE_HTTP_OPTIONS_VERSION;
	assert_int_equal(vigie_forge_new(&forge, &f, &err), 0);
	assert_string_equal(vigie_forge_api_url(forge), "https://gitlab.example.org/api/v4");
	vigie_forge_free(forge);
}

/* An organisation listing's options of another version are refused before
 * the forge is asked anything (no forge runs here: the spec would need
 * one). */
static void test_options_batch_org(void **state)
{
	struct vigie_batch_org_opts o = VIGIE_BATCH_ORG_OPTIONS_INIT;
	struct vigie_batch_list l = { NULL, 0, 0 };
	struct vigie_error err;

	(void)state;
	assert_int_equal(o.version, VIGIE_BATCH_ORG_OPTIONS_VERSION);
	assert_false(o.include_archived);
	assert_null(o.match);
	o.version = VIGIE_BATCH_ORG_OPTIONS_VERSION + 1;
	assert_int_equal(vigie_batch_list_org(&l, "gitea:127.0.0.1:1/org", &o, &err),
			 VIGIE_EINVALID);
	assert_non_null(strstr(err.message,
			       "struct vigie_batch_org_opts version 2 is unknown"));
	assert_int_equal(l.n, 0);
	/* with the version right, the spec is read (and this one is none) */
	o.version = VIGIE_BATCH_ORG_OPTIONS_VERSION;
	assert_int_equal(vigie_batch_list_org(&l, "nothing", &o, &err), VIGIE_EINVALID);
	assert_non_null(strstr(err.message, "not an organisation"));
	vigie_batch_list_release(&l);
}

/* The source's options: every function that takes them refuses another
 * version, before it touches a repository or the cache. */
static void test_options_source(void **state)
{
	struct vigie_source_opts o = VIGIE_SOURCE_OPTIONS_INIT;
	struct vigie_source *src = (struct vigie_source *)&o;
	struct vigie_cache_list l;
	struct vigie_target t;
	struct vigie_error err;
	char *dir = fx_repo_new("options-source");
	char hex[VIGIE_OID_HEX_MAX];

	(void)state;
	fx_write(dir, "README.md", "# Options\n");
	fx_commit(dir, "readme");
	assert_int_equal(vigie_target_parse(&t, dir, &err), 0);
	o.offline = true;
	o.version = VIGIE_SOURCE_OPTIONS_VERSION + 1;
	assert_int_equal(vigie_source_open(&src, &t, &o, &err), VIGIE_EINVALID);
	assert_null(src);
	assert_non_null(strstr(err.message, "struct vigie_source_opts version 2 is unknown"));
	assert_int_equal(vigie_source_remote_head(hex, &t, &o, &err), VIGIE_EINVALID);
	assert_int_equal(vigie_source_cache_list(&l, &o, &err), VIGIE_EINVALID);
	assert_null(l.root);
	assert_int_equal(vigie_source_cache_gc(&l, &o, 0, 0, &err), VIGIE_EINVALID);
	assert_int_equal(vigie_source_sweep(&o, 0), VIGIE_EINVALID);
	/* the same with the version right */
	o.version = VIGIE_SOURCE_OPTIONS_VERSION;
	assert_int_equal(vigie_source_open(&src, &t, &o, &err), 0);
	vigie_source_free(src);
	assert_int_equal(vigie_source_remote_head(hex, &t, &o, &err), 0);
	assert_int_equal(strlen(hex), 40);
	vigie_target_release(&t);
	fx_rmdir(dir);
}

/* The collectors' options: vigie_facts_collect refuses another version,
 * and an audit refuses its source or collect member of another one. */
static void test_options_collect_and_audit_members(void **state)
{
	struct vigie_collect_opts co;
	struct vigie_collect_ctx ctx;
	struct vigie_audit_opts a = VIGIE_AUDIT_OPTIONS_INIT;
	struct vigie_ruleset *rs = vigie_ruleset_new();
	struct vigie_scorecard sc;
	struct vigie_error err;
	enum vigie_stage stage;
	json_t *facts = NULL, *problems = NULL;

	(void)state;
	vigie_collect_opts_init(&co);
	assert_int_equal(co.version, VIGIE_COLLECT_OPTIONS_VERSION);
	co.version = 0;
	memset(&ctx, 0, sizeof(ctx));
	ctx.opts = &co;
	assert_int_equal(vigie_facts_collect(&facts, &problems, NULL, &ctx, &err),
			 VIGIE_EINVALID);
	assert_null(facts);
	assert_null(problems);
	assert_non_null(strstr(err.message, "struct vigie_collect_opts version 0 is unknown"));

	assert_int_equal(vigie_ruleset_load_defaults(rs, &err), 0);
	a.rules = rs;
	assert_int_equal(vigie_audit_options_check(&a, &err), 0);
	a.source.version = 3;
	assert_int_equal(vigie_audit_options_check(&a, &err), VIGIE_EINVALID);
	assert_int_equal(vigie_audit_run(&sc, &stage, "/nonexistent/vigie", &a, &err),
			 VIGIE_EINVALID);
	assert_int_equal(stage, VIGIE_STAGE_TARGET);
	assert_non_null(strstr(err.message, "struct vigie_source_opts version 3 is unknown"));
	vigie_scorecard_release(&sc);
	a.source.version = VIGIE_SOURCE_OPTIONS_VERSION;
	a.collect.version = 4;
	assert_int_equal(vigie_audit_run(&sc, &stage, "/nonexistent/vigie", &a, &err),
			 VIGIE_EINVALID);
	assert_non_null(strstr(err.message, "struct vigie_collect_opts version 4 is unknown"));
	vigie_scorecard_release(&sc);
	vigie_ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options_audit_init),
		cmocka_unit_test(test_options_audit_macro),
		cmocka_unit_test(test_options_unknown_version),
		cmocka_unit_test(test_options_batch_init),
		cmocka_unit_test(test_options_audit_run_refuses),
		cmocka_unit_test(test_options_audit_run_macro),
		cmocka_unit_test(test_options_audit_rules_from_a_function),
		cmocka_unit_test(test_options_batch_run_refuses),
		cmocka_unit_test(test_options_report_version),
		cmocka_unit_test(test_options_fix_version),
		cmocka_unit_test(test_options_http_and_forge),
		cmocka_unit_test(test_options_batch_org),
		cmocka_unit_test(test_options_source),
		cmocka_unit_test(test_options_collect_and_audit_members),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
