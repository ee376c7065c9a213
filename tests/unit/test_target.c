/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of TARGET parsing, URL redaction and cache paths. */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "vigie/target.h"

static void parse_ok(const char *in, enum vigie_target_kind kind,
		     const char *host, const char *repo, const char *forge,
		     const char *url)
{
	struct vigie_target t;
	struct vigie_error err;

	vigie_error_clear(&err);
	if (vigie_target_parse(&t, in, &err) < 0)
		fail_msg("'%s' did not parse: %s", in, err.message);
	assert_int_equal(t.kind, kind);
	if (host)
		assert_string_equal(t.host, host);
	if (repo)
		assert_string_equal(t.repo, repo);
	if (forge)
		assert_string_equal(t.forge, forge);
	else if (kind == VIGIE_TARGET_URL && !forge)
		assert_null(t.forge);
	if (url)
		assert_string_equal(t.url, url);
	vigie_target_release(&t);
}

static void test_target_urls_and_shorthands(void **state)
{
	(void)state;
	parse_ok("https://github.com/etalab/x.git", VIGIE_TARGET_URL,
		 "github.com", "etalab/x", "github", NULL);
	parse_ok("http://example.org:8080/a/b/", VIGIE_TARGET_URL,
		 "example.org:8080", "a/b", NULL, NULL);
	parse_ok("ssh://git@gitlab.com/group/sub/name.git", VIGIE_TARGET_URL,
		 "gitlab.com", "group/sub/name", "gitlab", NULL);
	parse_ok("git://127.0.0.1:9418/repo.git", VIGIE_TARGET_URL,
		 "127.0.0.1:9418", "repo", NULL, NULL);
	parse_ok("git@codeberg.org:owner/name.git", VIGIE_TARGET_URL,
		 "codeberg.org", "owner/name", "gitea", NULL);
	parse_ok("file:///srv/git/proj.git", VIGIE_TARGET_URL, NULL,
		 "srv/git/proj", NULL, "file:///srv/git/proj.git");
	parse_ok("github:owner/name", VIGIE_TARGET_URL, "github.com",
		 "owner/name", "github", "https://github.com/owner/name.git");
	parse_ok("gitlab:group/sub/name", VIGIE_TARGET_URL, "gitlab.com",
		 "group/sub/name", "gitlab",
		 "https://gitlab.com/group/sub/name.git");
	parse_ok("gitlab:gitlab.example.gouv.fr/dinum/outil", VIGIE_TARGET_URL,
		 "gitlab.example.gouv.fr", "dinum/outil", "gitlab",
		 "https://gitlab.example.gouv.fr/dinum/outil.git");
	parse_ok("gitea:git.example.org/owner/name", VIGIE_TARGET_URL,
		 "git.example.org", "owner/name", "gitea", NULL);
	parse_ok("some/local/dir", VIGIE_TARGET_PATH, NULL, NULL, NULL, NULL);
}

static void test_target_rejects_bad_input(void **state)
{
	static const char *const bad[] = {
		"", "github:onlyowner", "gitea:owner/name", "ftp://host/x",
		"https://host", "github:a/../b",
	};
	struct vigie_target t;
	struct vigie_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		vigie_error_clear(&err);
		if (vigie_target_parse(&t, bad[i], &err) == 0)
			fail_msg("'%s' should not parse", bad[i]);
		assert_int_equal(err.code, VIGIE_EINVALID);
	}
}

static void test_target_redacts_credentials(void **state)
{
	struct vigie_target t;
	struct vigie_error err;
	char *r;

	(void)state;
	r = vigie_url_redact("https://user:s3cr3t@host.example/o/r.git");
	assert_string_equal(r, "https://host.example/o/r.git");
	free(r);
	r = vigie_url_redact("https://oauth2:glpat-XYZ@gitlab.com/g/p?private_token=abc&x=1");
	assert_string_equal(r, "https://gitlab.com/g/p?private_token=REDACTED&x=1");
	free(r);
	r = vigie_url_redact("https://h/p?a=1&access_token=zzz#frag");
	assert_string_equal(r, "https://h/p?a=1&access_token=REDACTED#frag");
	free(r);

	/* The display form never carries the token, the clone URL does. */
	assert_int_equal(vigie_target_parse(&t, "https://tok3n@host.example/o/r", &err), 0);
	assert_string_equal(t.display, "https://host.example/o/r");
	assert_contains(t.url, "tok3n");
	vigie_target_release(&t);

	/* Errors quoting a bad URL are redacted too. */
	vigie_error_clear(&err);
	assert_int_not_equal(vigie_target_parse(&t, "ftp://u:pw@host/x", &err), 0);
	assert_not_contains(err.where, "pw");
	assert_not_contains(err.message, "pw");
}

static void test_target_cache_path_cannot_escape(void **state)
{
	struct vigie_target t;
	struct vigie_error err;
	char *p;

	(void)state;
	assert_int_equal(vigie_target_parse(&t, "https://h.example/a/../../etc/x.git", &err), 0);
	p = vigie_target_cache_path(&t);
	assert_non_null(p);
	assert_not_contains(p, "..");
	assert_string_equal(p, "h.example/a/_/_/etc/x.git");
	free(p);
	vigie_target_release(&t);

	assert_int_equal(vigie_target_parse(&t, "github:Owner/Name", &err), 0);
	p = vigie_target_cache_path(&t);
	assert_string_equal(p, "github.com/Owner/Name.git");
	free(p);
	vigie_target_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target_urls_and_shorthands),
		cmocka_unit_test(test_target_rejects_bad_input),
		cmocka_unit_test(test_target_redacts_credentials),
		cmocka_unit_test(test_target_cache_path_cannot_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
