/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of the metadata collector: publiccode.yml, codemeta, funding, CFF. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"

/* The errors of facts.metadata.NAME as "key:line: message" lines. */
static char *errors_text(json_t *facts, const char *name)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	char path[128];
	json_t *errs;
	size_t i;

	snprintf(path, sizeof(path), "metadata.%s.errors", name);
	errs = vigie_json_path(facts, path);
	vigie_buf_puts(&b, "");
	for (i = 0; i < json_array_size(errs); i++) {
		json_t *e = json_array_get(errs, i);
		vigie_buf_printf(&b, "%s:%lld: %s\n",
				 json_string_value(json_object_get(e, "key")),
				 (long long)json_integer_value(json_object_get(e, "line")),
				 json_string_value(json_object_get(e, "message")));
	}
	return vigie_buf_detach(&b, NULL);
}

/*
 * Each tests/data/metadata/publiccode/CASE/publiccode.yml yields exactly
 * the errors of CASE/expected, one "key:line: message" a line, in order;
 * an empty expected file means a valid file.
 */
static void test_metadata_publiccode_cases(void **state)
{
	struct vigie_buf base = VIGIE_BUF_INIT;
	struct dirent *de;
	int cases = 0;
	DIR *d;

	(void)state;
	vigie_buf_printf(&base, "%s/tests/data/metadata/publiccode", fx_source_root());
	d = opendir(base.ptr);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		char rel[300], *expected, *got, *dir;
		struct collected r;

		if (de->d_name[0] == '.')
			continue;
		dir = fx_repo_new("pc");
		snprintf(rel, sizeof(rel), "metadata/publiccode/%s/publiccode.yml", de->d_name);
		put_data(dir, "publiccode.yml", rel);
		fx_commit(dir, de->d_name);
		collect_facts(&r, dir);
		snprintf(rel, sizeof(rel), "metadata/publiccode/%s/expected", de->d_name);
		expected = test_data(rel);
		got = errors_text(r.facts, "publiccode");
		if (strcmp(expected, got))
			fail_msg("case %s: expected errors\n%s\ngot\n%s", de->d_name,
				 expected, got);
		assert_fact(r.facts, "metadata.publiccode.valid", *expected ? "false" : "true");
		assert_fact(r.facts, "metadata.publiccode.path", "\"publiccode.yml\"");
		free(expected);
		free(got);
		collected_release(&r);
		fx_rmdir(dir);
		cases++;
	}
	closedir(d);
	assert_true(cases >= 5);
	vigie_buf_release(&base);
}

static void test_metadata_publiccode_facts(void **state)
{
	char *dir = fx_repo_new("pc-facts");
	struct collected r;
	json_t *f;

	(void)state;
	put_data(dir, "publiccode.yaml", "metadata/publiccode/valid/publiccode.yml");
	fx_commit(dir, "publiccode");
	collect_facts(&r, dir);
	f = r.facts;
	assert_fact(f, "metadata.publiccode.path", "\"publiccode.yaml\"");
	assert_fact(f, "metadata.publiccode.valid", "true");
	assert_fact(f, "metadata.publiccode.version", "\"0.4\"");
	assert_fact(f, "metadata.publiccode.name", "\"Cadastre ouvert\"");
	assert_fact(f, "metadata.publiccode.license", "\"EUPL-1.2\"");
	assert_fact(f, "metadata.publiccode.development_status", "\"stable\"");
	assert_fact(f, "metadata.publiccode.software_type", "\"standalone/web\"");
	assert_fact(f, "metadata.publiccode.maintenance_type", "\"community\"");
	assert_fact(f, "metadata.publiccode.contacts", "1");
	assert_fact(f, "metadata.publiccode.contact_emails", "1");
	assert_fact(f, "metadata.publiccode.description_languages", "[\"fr\",\"en\"]");
	assert_fact(f, "metadata.publiccode.available_languages", "[\"fr\",\"en\"]");
	assert_fact(f, "metadata.publiccode.funded_by", "true");
	assert_fact(f, "metadata.publiccode.funders",
		    "[{\"name\":\"R\u00e9gion Exemple\",\"from\":\"fundedBy\"}]");
	assert_fact(f, "metadata.publiccode.landing_url", "\"https://cadastre.example.fr/\"");
	/* The other files are absent, so are their branches. */
	assert_fact(f, "metadata.codemeta", "null");
	assert_fact(f, "metadata.funding", "null");
	assert_fact(f, "metadata.citation", "null");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * Placeholders left from a template (RFC 2606 example domains, "your-email@")
 * reach nobody: listed as such, never counted as a contact or a website.
 */
static void test_metadata_publiccode_placeholders(void **state)
{
	char *dir = fx_repo_new("pc-placeholders");
	struct collected r;
	json_t *f;

	(void)state;
	put_data(dir, "publiccode.yml", "metadata/publiccode/valid/publiccode.yml");
	fx_sh(dir, "sed -i -e 's|claire.martin@example.fr|security@example.com|' "
		   "-e 's|https://cadastre.example.fr/|https://example.org/cadastre|' "
		   "publiccode.yml");
	fx_commit(dir, "placeholders");
	collect_facts(&r, dir);
	f = r.facts;
	assert_fact(f, "metadata.publiccode.valid", "true");
	assert_fact(f, "metadata.publiccode.contacts", "1");
	assert_fact(f, "metadata.publiccode.contact_emails", "0");
	assert_fact(f, "metadata.publiccode.landing_url", "null");
	assert_fact(f, "metadata.publiccode.placeholders",
		    "[{\"key\":\"landingURL\",\"value\":\"https://example.org/cadastre\"},"
		    "{\"key\":\"maintenance.contacts.email\",\"value\":\"security@example.com\"}]");
	collected_release(&r);

	fx_sh(dir, "sed -i -e 's|security@example.com|your-email@cadastre.fr|' "
		   "publiccode.yml");
	fx_commit(dir, "your-email");
	collect_facts(&r, dir);
	assert_fact(r.facts, "metadata.publiccode.contact_emails", "0");
	collected_release(&r);

	/* A public body pays a contractor: the contractor and the owner. */
	fx_sh(dir, "sed -i -e 's|type: community|type: contract\\n  contractors:\\n"
		   "    - name: Coop Exemple\\n      until: \"2027-01-01\"|' "
		   "-e 's|license: EUPL-1.2|license: EUPL-1.2\\n  repoOwner: Ville de Lyon|' "
		   "-e '/^fundedBy:/,$d' publiccode.yml");
	fx_commit(dir, "contract");
	collect_facts(&r, dir);
	assert_fact(r.facts, "metadata.publiccode.funders",
		    "[{\"name\":\"Coop Exemple\",\"from\":\"maintenance.contractors\"},"
		    "{\"name\":\"Ville de Lyon\",\"from\":\"legal.repoOwner\"},"
		    "{\"name\":\"Syndicat mixte du cadastre\","
		    "\"from\":\"legal.mainCopyrightOwner\"}]");
	collected_release(&r);
	fx_rmdir(dir);
}

static void test_metadata_codemeta_funding_citation(void **state)
{
	char *dir = fx_repo_new("meta");
	struct collected r;
	char *errs;

	(void)state;
	put_data(dir, "codemeta.json", "metadata/codemeta.json");
	put_data(dir, ".github/FUNDING.yml", "metadata/FUNDING.yml");
	put_data(dir, "CITATION.cff", "metadata/CITATION.cff");
	fx_commit(dir, "valid metadata");
	collect_facts(&r, dir);
	assert_fact(r.facts, "metadata.codemeta.valid", "true");
	assert_fact(r.facts, "metadata.codemeta.name", "\"Cadastre ouvert\"");
	assert_fact(r.facts, "metadata.codemeta.license",
		    "\"https://spdx.org/licenses/EUPL-1.2\"");
	assert_fact(r.facts, "metadata.funding.path", "\".github/FUNDING.yml\"");
	assert_fact(r.facts, "metadata.funding.valid", "true");
	/* The empty patreon placeholder is no funding path. */
	assert_fact(r.facts, "metadata.funding.platforms",
		    "[\"github\",\"liberapay\",\"open_collective\",\"custom\"]");
	assert_fact(r.facts, "metadata.citation.valid", "true");
	assert_fact(r.facts, "metadata.citation.title", "\"Cadastre ouvert\"");
	assert_fact(r.facts, "metadata.citation.cff_version", "\"1.2.0\"");
	collected_release(&r);

	put_data(dir, "codemeta.json", "metadata/codemeta-broken.json");
	put_data(dir, ".github/FUNDING.yml", "metadata/FUNDING-broken.yml");
	put_data(dir, "CITATION.cff", "metadata/CITATION-broken.cff");
	fx_commit(dir, "broken metadata");
	collect_facts(&r, dir);
	assert_fact(r.facts, "metadata.codemeta.valid", "false");
	errs = errors_text(r.facts, "codemeta");
	assert_string_equal(errs, "@context:0: must name the CodeMeta context\n"
				  "name:0: missing required key\n");
	free(errs);
	assert_fact(r.facts, "metadata.funding.valid", "false");
	errs = errors_text(r.facts, "funding");
	assert_string_equal(errs, "paypal:2: unknown funding platform\n"
				  "ko_fi:4: must be a string or a list of strings\n");
	free(errs);
	assert_fact(r.facts, "metadata.funding.platforms", "[\"liberapay\"]");
	errs = errors_text(r.facts, "citation");
	assert_string_equal(errs, "message:1: missing required key\n"
				  "authors:3: must be a list of mappings\n"
				  "date-released:4: must be a date (YYYY-MM-DD)\n");
	free(errs);
	collected_release(&r);

	/* Not JSON at all: one error with the line. */
	fx_write(dir, "codemeta.json", "{\n  \"name\": \"x\",\n  oops\n}\n");
	fx_commit(dir, "not json");
	collect_facts(&r, dir);
	errs = errors_text(r.facts, "codemeta");
	assert_contains(errs, ":3: invalid JSON: ");
	free(errs);
	collected_release(&r);
	fx_rmdir(dir);
}

/* Hostile input: deep nesting, aliases, binary, oversize; no crash. */
static void test_metadata_hostile_files(void **state)
{
	char *dir = fx_repo_new("meta-hostile");
	struct vigie_buf big = VIGIE_BUF_INIT;
	struct collected r;
	int i;

	(void)state;
	/* 100,000 nested lists: refused before libyaml spends minutes. */
	for (i = 0; i < 100000; i++)
		vigie_buf_puts(&big, "[");
	for (i = 0; i < 100000; i++)
		vigie_buf_puts(&big, "]");
	fx_write(dir, "publiccode.yml", big.ptr);
	fx_write(dir, "CITATION.cff",
		 "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\n"
		 "cff-version: *c\nmessage: *c\ntitle: *c\nauthors: *c\n");
	fx_write_bytes(dir, "codemeta.json", "{\"name\0\": 1}", 13);
	vigie_buf_clear(&big);
	vigie_buf_puts(&big, "liberapay: ");
	for (i = 0; i < 300000; i++)
		vigie_buf_puts(&big, "x");
	fx_write(dir, ".github/FUNDING.yml", big.ptr);
	fx_commit(dir, "hostile");
	collect_facts(&r, dir);
	assert_fact(r.facts, "metadata.publiccode.errors",
		    "[{\"key\":\"\",\"line\":1,\"message\":\"nested more than 64 levels deep\"}]");
	assert_fact(r.facts, "metadata.citation.valid", "false");
	assert_fact(r.facts, "metadata.codemeta.errors.0.message", "\"not UTF-8 text\"");
	assert_fact(r.facts, "metadata.funding.valid", "false");
	assert_int_equal(json_array_size(r.problems), 0);
	collected_release(&r);
	vigie_buf_release(&big);
	fx_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metadata_publiccode_cases),
		cmocka_unit_test(test_metadata_publiccode_facts),
		cmocka_unit_test(test_metadata_publiccode_placeholders),
		cmocka_unit_test(test_metadata_codemeta_funding_citation),
		cmocka_unit_test(test_metadata_hostile_files),
	};
	int rc;

	vigie_global_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	vigie_global_shutdown();
	return rc;
}
