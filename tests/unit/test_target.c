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

/*
 * The shorthands of self-managed forges: the first part is a host when it
 * has a dot or a port (GitHub owners never have a dot), else github.com's
 * or gitlab.com's owner; gitea: and forgejo: always name their host.
 */
static void test_target_shorthand_hosts(void **state)
{
	static const struct {
		const char *in, *host, *repo, *forge, *url;
	} ok[] = {
		{ "github:etalab/demo", "github.com", "etalab/demo", "github",
		  "https://github.com/etalab/demo.git" },
		{ "github:ghe.example.gouv.fr/etalab/demo", "ghe.example.gouv.fr",
		  "etalab/demo", "github",
		  "https://ghe.example.gouv.fr/etalab/demo.git" },
		{ "github:GHE.Example.gouv.fr/Etalab/Demo.git", "ghe.example.gouv.fr",
		  "Etalab/Demo", "github", NULL },
		{ "github:localhost:8443/etalab/demo", "localhost:8443",
		  "etalab/demo", "github", "https://localhost:8443/etalab/demo.git" },
		{ "github:[::1]:8443/etalab/demo", "[::1]:8443", "etalab/demo",
		  "github", NULL },
		{ "github:tok@ghe.example.gouv.fr/etalab/demo", "ghe.example.gouv.fr",
		  "etalab/demo", "github",
		  "https://tok@ghe.example.gouv.fr/etalab/demo.git" },
		{ "gitlab:dinum/sub/outil", "gitlab.com", "dinum/sub/outil",
		  "gitlab", NULL },
		{ "gitlab:gitlab.example.gouv.fr:8443/dinum/sub/outil",
		  "gitlab.example.gouv.fr:8443", "dinum/sub/outil", "gitlab",
		  "https://gitlab.example.gouv.fr:8443/dinum/sub/outil.git" },
		{ "gitea:localhost/collectif/outil", "localhost", "collectif/outil",
		  "gitea", NULL },
		{ "forgejo:forgejo.example.org/collectif/outil",
		  "forgejo.example.org", "collectif/outil", "gitea",
		  "https://forgejo.example.org/collectif/outil.git" },
		{ "codeberg:collectif/outil", "codeberg.org", "collectif/outil",
		  "gitea", NULL },
	};
	static const char *const bad[] = {
		"github:localhost/etalab/demo",   /* no dot, no port: 3 parts */
		"github:etalab/demo/extra",
		"github:ghe.example.gouv.fr/etalab/demo/extra",
		"github:ghe.example.gouv.fr/etalab",
		"github:host:99999/etalab/demo",  /* no such port */
		"github:host:/etalab/demo",
		"github:host:8a/etalab/demo",
		"github:ho_st.example/etalab/demo",
		"github:.example.org/etalab/demo",
		"github:[::1/etalab/demo",
		"gitea:git.example.org/o/n/x",
		"forgejo:forgejo.example.org/o",
		"forgejo:o/n",
	};
	static const struct {
		const char *s;
		bool host;
	} hosts[] = {
		{ "ghe.example.org", true }, { "localhost:8443", true },
		{ "[::1]:1", true }, { "etalab", false }, { "", false },
		{ "my-org_1", false },
	};
	struct vigie_target t;
	struct vigie_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		parse_ok(ok[i].in, VIGIE_TARGET_URL, ok[i].host, ok[i].repo,
			 ok[i].forge, ok[i].url);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		vigie_error_clear(&err);
		if (vigie_target_parse(&t, bad[i], &err) == 0)
			fail_msg("'%s' should not parse (host %s, repo %s)",
				 bad[i], t.host, t.repo);
		assert_int_equal(err.code, VIGIE_EINVALID);
	}
	/* The rule itself, as vigie batch tells an organisation by it. */
	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++)
		if (vigie_target_names_host(hosts[i].s, strlen(hosts[i].s)) !=
		    hosts[i].host)
			fail_msg("'%s' %s a host", hosts[i].s,
				 hosts[i].host ? "should name" : "does not name");
	/* A GitHub owner with three parts is told the rule. */
	vigie_error_clear(&err);
	assert_int_not_equal(vigie_target_parse(&t, "github:localhost/o/n", &err), 0);
	assert_contains(err.message, "a host has a dot or a port");
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
	/* Sanitised, so marked with a hash of the URL. */
	assert_true(!strncmp(p, "h.example/a/_/_/etc/x~", 22));
	assert_int_equal(strlen(p), 22 + 16 + 4);
	assert_string_equal(p + strlen(p) - 4, ".git");
	free(p);
	vigie_target_release(&t);

	assert_int_equal(vigie_target_parse(&t, "github:Owner/Name", &err), 0);
	p = vigie_target_cache_path(&t);
	assert_string_equal(p, "github.com/Owner/Name.git");
	free(p);
	vigie_target_release(&t);
}

/*
 * Credentials in a shorthand, a file:// URL or an scp-like remote: kept in
 * the clone URL (its case too), never in what is shown, stored or keyed.
 */
static void test_target_shorthand_credentials_are_apart(void **state)
{
	static const struct {
		const char *in, *host, *repo, *url, *display;
	} cases[] = {
		{ "gitlab:oauth2:ToKeN-XyZ@gitlab.example.org/group/name",
		  "gitlab.example.org", "group/name",
		  "https://oauth2:ToKeN-XyZ@gitlab.example.org/group/name.git",
		  "https://gitlab.example.org/group/name.git" },
		{ "gitlab:oauth2:ToKeN-XyZ@group/sub/name", "gitlab.com",
		  "group/sub/name",
		  "https://oauth2:ToKeN-XyZ@gitlab.com/group/sub/name.git",
		  "https://gitlab.com/group/sub/name.git" },
		{ "github:ToKeN-XyZ@Owner/Name", "github.com", "Owner/Name",
		  "https://ToKeN-XyZ@github.com/Owner/Name.git",
		  "https://github.com/Owner/Name.git" },
		{ "gitea:u:ToKeN-XyZ@Git.Example.org/o/n", "git.example.org", "o/n",
		  "https://u:ToKeN-XyZ@git.example.org/o/n.git",
		  "https://git.example.org/o/n.git" },
		{ "file://u:ToKeN-XyZ@/srv/x.git", NULL, "srv/x",
		  "file:///srv/x.git", "file:///srv/x.git" },
		{ "git:ToKeN-XyZ@host.example:o/n.git", "host.example", "o/n",
		  "git:ToKeN-XyZ@host.example:o/n.git", "git@host.example:o/n.git" },
	};
	struct vigie_target t;
	struct vigie_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *cache, *key;
		vigie_error_clear(&err);
		if (vigie_target_parse(&t, cases[i].in, &err) < 0)
			fail_msg("'%s' did not parse: %s", cases[i].in, err.message);
		if (cases[i].host)
			assert_string_equal(t.host, cases[i].host);
		else
			assert_null(t.host);
		assert_string_equal(t.repo, cases[i].repo);
		assert_string_equal(t.url, cases[i].url);
		assert_string_equal(t.display, cases[i].display);
		cache = vigie_target_cache_path(&t);
		key = vigie_url_redact(cases[i].in);
		assert_non_null(cache);
		assert_non_null(key);
		/* In no case, not even lower-cased. */
		if (strcasestr(cache, "token-xyz") || strcasestr(key, "token-xyz"))
			fail_msg("'%s': token in cache path '%s' or key '%s'",
				 cases[i].in, cache, key);
		free(cache);
		free(key);
		vigie_target_release(&t);
	}
	/* A shorthand that does not parse does not show the token either. */
	vigie_error_clear(&err);
	assert_int_not_equal(vigie_target_parse(&t, "gitea:ToKeN-XyZ@onlyhost/x", &err), 0);
	assert_null(strcasestr(err.where, "token-xyz"));
	assert_null(strcasestr(err.message, "token-xyz"));
}

/*
 * Two repositories never share a cache path, and no clone is inside
 * another; the same repository by another spelling shares its clone.
 */
static void test_target_cache_path_is_one_to_one(void **state)
{
	static const char *const distinct[] = {
		"file:///x/a+b", "file:///x/a_b", "file:///x/up", "file:///x/up.git",
		"https://h.example/a+b", "https://h.example/a_b", "http://file/x",
		"file:///x", "https://h.example/a", "https://h.example/a.git/b",
		"https://h.example/a_git/b", "https://h.example/a//b",
		"https://h.example/a/_/b", "https://h.example/A/b",
		"https://h.example/a.git.tmp-1/b", "https://h.example:8080/a",
		"https://h.example_8080/a", "https://h.example/a/b.git.git",
	};
	static const char *const same[][2] = {
		{ "https://h.example/a/b", "ssh://git@h.example/a/b.git" },
		{ "https://h.example/a/b", "git@h.example:a/b" },
		{ "github:o/n", "https://tok@github.com/o/n.git" },
		{ "gitlab:tok@h.example/a/b", "https://h.example/a/b/" },
		{ "file:///x/a+b/", "file://u:p@/x/a+b" },
	};
	char *paths[sizeof(distinct) / sizeof(distinct[0])];
	struct vigie_target t;
	struct vigie_error err;
	size_t i, j, n = sizeof(distinct) / sizeof(distinct[0]);

	(void)state;
	for (i = 0; i < n; i++) {
		assert_int_equal(vigie_target_parse(&t, distinct[i], &err), 0);
		paths[i] = vigie_target_cache_path(&t);
		assert_non_null(paths[i]);
		vigie_target_release(&t);
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			size_t l = strlen(paths[i]);
			if (i != j && (!strcmp(paths[i], paths[j]) ||
				       (!strncmp(paths[i], paths[j], l) &&
					paths[j][l] == '/')))
				fail_msg("'%s' -> %s and '%s' -> %s meet",
					 distinct[i], paths[i], distinct[j], paths[j]);
		}
	/* Plain names stay readable. */
	assert_string_equal(paths[5], "h.example/a_b.git");
	assert_string_equal(paths[2], "file/x/up.git");
	for (i = 0; i < n; i++)
		free(paths[i]);
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		char *a, *b;
		assert_int_equal(vigie_target_parse(&t, same[i][0], &err), 0);
		a = vigie_target_cache_path(&t);
		vigie_target_release(&t);
		assert_int_equal(vigie_target_parse(&t, same[i][1], &err), 0);
		b = vigie_target_cache_path(&t);
		vigie_target_release(&t);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target_urls_and_shorthands),
		cmocka_unit_test(test_target_shorthand_hosts),
		cmocka_unit_test(test_target_rejects_bad_input),
		cmocka_unit_test(test_target_redacts_credentials),
		cmocka_unit_test(test_target_cache_path_cannot_escape),
		cmocka_unit_test(test_target_shorthand_credentials_are_apart),
		cmocka_unit_test(test_target_cache_path_is_one_to_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
