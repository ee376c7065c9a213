/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of the translation collector: files, languages, platform, policy. */
#include <stdlib.h>
#include <string.h>

#include "collect.h"

static void test_translation_files_languages_platform(void **state)
{
	char *dir = fx_repo_new("tr-files");
	struct collected r;
	json_t *f;

	(void)state;
	fx_write(dir, "README.md", "# App\n\nAn app.\n");
	fx_write(dir, "CONTRIBUTING.md",
		 "# Contributing\n\nOpen an issue.\n\n"
		 "To translate the interface, join our Transifex team.\n");
	fx_write(dir, "po/fr.po", "msgid \"\"\n");
	fx_write(dir, "po/de_DE.po", "msgid \"\"\n");
	fx_write(dir, "po/app.pot", "msgid \"\"\n");
	fx_write(dir, "share/locale/oc/LC_MESSAGES/app.po", "msgid \"\"\n");
	fx_write(dir, "web/locales/es.json", "{}\n");
	fx_write(dir, "web/locales/pt-BR/common.json", "{}\n");
	fx_write(dir, "web/locales/config.json", "{}\n");
	fx_write(dir, "android/res/values/strings.xml", "<resources/>\n");
	fx_write(dir, "android/res/values-it/strings.xml", "<resources/>\n");
	fx_write(dir, "ios/nl.lproj/Localizable.strings", "\"a\" = \"b\";\n");
	fx_write(dir, "ios/Base.lproj/Main.strings", "\"a\" = \"b\";\n");
	fx_write(dir, "xliff/messages.sv.xlf", "<xliff/>\n");
	fx_write(dir, "src/i18n.json", "{}\n");
	fx_write(dir, ".tx/config", "[main]\nhost = https://www.transifex.com\n");
	fx_commit(dir, "translations");
	collect_facts(&r, dir);
	f = r.facts;
	assert_fact(f, "translation.files", "10");
	assert_fact(f, "translation.templates", "1");
	assert_fact(f, "translation.formats",
		    "{\"android\":1,\"ios\":2,\"gettext\":4,\"json\":2,\"xliff\":1}");
	assert_fact(f, "translation.languages",
		    "[\"de\",\"es\",\"fr\",\"it\",\"nl\",\"oc\",\"pt\",\"sv\"]");
	assert_fact(f, "translation.platform", "\"transifex\"");
	assert_fact(f, "translation.platform_config", "\".tx/config\"");
	assert_fact(f, "translation.policy.path", "\"CONTRIBUTING.md\"");
	assert_fact(f, "translation.policy.line", "5");
	collected_release(&r);
	fx_rmdir(dir);
}

static void test_translation_policy_in_readme_and_none(void **state)
{
	char *dir = fx_repo_new("tr-readme");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md",
		 "# Outil\n\nUn outil.\n\n## Traduction\n\n"
		 "Les traductions se font sur https://hosted.weblate.org/projects/outil/.\n");
	fx_write(dir, "CONTRIBUTING.md", "# Contribuer\n\nOuvrez un ticket.\n");
	fx_commit(dir, "readme");
	collect_facts(&r, dir);
	/* CONTRIBUTING says nothing of it; the README does, with its platform. */
	assert_fact(r.facts, "translation.policy.path", "\"README.md\"");
	assert_fact(r.facts, "translation.policy.line", "5");
	assert_fact(r.facts, "translation.platform", "\"weblate\"");
	assert_fact(r.facts, "translation.files", "0");
	assert_fact(r.facts, "translation.languages", "[]");
	collected_release(&r);

	fx_write(dir, "README.md", "# Outil\n\nUn outil.\n");
	fx_commit(dir, "no policy");
	collect_facts(&r, dir);
	assert_fact(r.facts, "translation.policy", "null");
	assert_fact(r.facts, "translation.platform", "null");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * A word is no policy: a section about AI translation of reports (curl's
 * "For translation") and a feature bullet ("Localization (i18n) support")
 * say nothing of how to translate the project; a line that invites
 * translators to a catalogue does (issue #13).
 */
static void test_translation_policy_is_not_a_word(void **state)
{
	char *dir = fx_repo_new("tr-words");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md",
		 "# App\n\nAn app.\n\n## Features\n\n"
		 "- Localization (i18n) support.\n- Translation of coordinates.\n");
	fx_write(dir, "CONTRIBUTING.md",
		 "# Contributing\n\n## For translation\n\n"
		 "Translation services help users write reports in non-native\n"
		 "languages and we welcome such contributions.\n\n## Code\n\n"
		 "Write strings in English.\n");
	fx_commit(dir, "words");
	collect_facts(&r, dir);
	assert_fact(r.facts, "translation.policy", "null");
	collected_release(&r);

	fx_write(dir, "README.md",
		 "# App\n\nAn app.\n\nThose wishing to help with message string\n"
		 "translations should see po/README.md.\n");
	fx_commit(dir, "invitation");
	collect_facts(&r, dir);
	assert_fact(r.facts, "translation.policy.path", "\"README.md\"");
	assert_fact(r.facts, "translation.policy.line", "6");
	collected_release(&r);

	fx_write(dir, "CONTRIBUTING.md",
		 "# Contributing\n\nTranslations\n------------\n\n"
		 "Copy locales/en.json to your language and open a merge request.\n");
	fx_commit(dir, "section");
	collect_facts(&r, dir);
	assert_fact(r.facts, "translation.policy.path", "\"CONTRIBUTING.md\"");
	assert_fact(r.facts, "translation.policy.line", "3");
	collected_release(&r);

	fx_write(dir, "TRANSLATING.md", "How we work\n");
	fx_commit(dir, "translating");
	collect_facts(&r, dir);
	assert_fact(r.facts, "translation.policy.path", "\"TRANSLATING.md\"");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * Where a policy is written beyond CONTRIBUTING and the README (issue
 * #13): a README line sending translators to a guide's translating
 * section, a documentation page about translating, a translation section
 * of a top folder's README (a monorepo's site/README.md); not a platform's
 * settings alone, nor a tip about i18n keys in a sub-folder's README.
 */
static void test_translation_policy_pages_and_sub_readmes(void **state)
{
	char *dir = fx_repo_new("tr-pages");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md", "# App\n\nAn app.\n");
	fx_write(dir, "crowdin.yml", "files: []\n");
	fx_write(dir, "front/README.md",
		 "# Front\n\n## Tips\n\n"
		 "- When adding a new i18n key, add it to the translation files.\n");
	fx_commit(dir, "settings");
	collect_facts(&r, dir);
	assert_fact(r.facts, "translation.platform_config", "\"crowdin.yml\"");
	assert_fact(r.facts, "translation.policy", "null");
	collected_release(&r);

	fx_write(dir, "site/README.md",
		 "# Site\n\n## Build\n\nRun it.\n\n### Traduction\n\n"
		 "Les traductions se trouvent dans `site/locales`. Toute nouvelle\n"
		 "chaîne de caractères doit être traduite.\n");
	fx_commit(dir, "site readme");
	collect_facts(&r, dir);
	assert_fact(r.facts, "translation.policy.path", "\"site/README.md\"");
	assert_fact(r.facts, "translation.policy.line", "7");
	collected_release(&r);

	fx_write(dir, "docs/adding-translations.md",
		 "# Adding translations\n\nWe use Crowdin.\n");
	fx_commit(dir, "docs page");
	collect_facts(&r, dir);
	assert_fact(r.facts, "translation.policy.path",
		    "\"docs/adding-translations.md\"");
	collected_release(&r);

	fx_write(dir, "README.md",
		 "# App\n\nAn app.\n\n- Want to help with translations? See the "
		 "[guide](https://docs.app.org/contributing#translating).\n");
	fx_commit(dir, "readme line");
	collect_facts(&r, dir);
	assert_fact(r.facts, "translation.policy.path", "\"README.md\"");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * Catalogues that are the project's translations (issue #13): a bundle's
 * language file beside its base (messages.properties, or a Jenkins
 * config.jelly), scripts in a folder per language of a locale folder
 * (_data/i18n/fr/index.js); not a lone messages_fr.properties overriding
 * a service's theme, nor a vendored date picker's locales/de.js.
 */
static void test_translation_bundles_and_scripts(void **state)
{
	char *dir = fx_repo_new("tr-bases");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md", "# App\n");
	fx_write(dir, "infra/keycloak_theme/login/messages/messages_fr.properties",
		 "login=Connexion\n");
	fx_write(dir, "js/vendor/picker/locales/de.js", "x = {};\n");
	fx_write(dir, "ESAPI_fr_FR.properties", "a=b\n");
	fx_commit(dir, "lone overrides");
	collect_facts(&r, dir);
	assert_fact(r.facts, "translation.languages", "[]");
	assert_fact(r.facts, "translation.files", "0");
	collected_release(&r);

	fx_write(dir, "infra/keycloak_theme/login/messages/messages.properties",
		 "login=Login\n");
	fx_write(dir, "src/main/resources/config.jelly", "<j:jelly/>\n");
	fx_write(dir, "src/main/resources/config_it.properties", "a=b\n");
	fx_write(dir, "_data/i18n/en/index.js", "module.exports = {};\n");
	fx_write(dir, "_data/i18n/fr/index.js", "module.exports = {};\n");
	fx_write(dir, "_data/i18n/index.js", "module.exports = {};\n");
	fx_commit(dir, "bases and scripts");
	collect_facts(&r, dir);
	assert_fact(r.facts, "translation.languages", "[\"en\",\"fr\",\"it\"]");
	assert_fact(r.facts, "translation.formats", "{\"js\":2,\"properties\":2}");
	collected_release(&r);
	fx_rmdir(dir);
}

/* Catalogues named for their language at the end (mon-entreprise). */
static void test_translation_suffixed_catalogues(void **state)
{
	char *dir = fx_repo_new("tr-suffix");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md", "# App\n");
	fx_write(dir, "site/locales/ui-fr.yaml", "a: b\n");
	fx_write(dir, "site/locales/rules-en.yaml", "a: b\n");
	fx_write(dir, "site/locales/units.yaml", "a: b\n");
	fx_write(dir, "i18n/en.yaml", "a: b\n");
	fx_write(dir, "messages/de.json", "{}\n");
	fx_write(dir, "lang/app_it.json", "{}\n");
	fx_write(dir, "src/config-fr.json", "{}\n");
	fx_commit(dir, "catalogues");
	collect_facts(&r, dir);
	assert_fact(r.facts, "translation.files", "5");
	assert_fact(r.facts, "translation.languages", "[\"de\",\"en\",\"fr\",\"it\"]");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * Catalogues as KDE and Java projects lay them out (issue #13): a folder
 * per language of .po files, resource bundles beside the code; a
 * "jdbc_id.properties" or "db_no.properties" names no language.
 */
static void test_translation_folders_and_bundles(void **state)
{
	char *dir = fx_repo_new("tr-bundles");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md", "# App\n");
	fx_write(dir, "poqm/ar/libapp_qt.po", "msgid \"\"\n");
	fx_write(dir, "poqm/ca@valencia/libapp_qt.po", "msgid \"\"\n");
	fx_write(dir, "src/main/resources/app/config.properties", "a=b\n");
	fx_write(dir, "src/main/resources/app/config_ja.properties", "a=b\n");
	fx_write(dir, "src/main/resources/app/messages.properties", "a=b\n");
	fx_write(dir, "src/main/resources/app/messages_pt_BR.properties", "a=b\n");
	fx_write(dir, "src/main/resources/app/jdbc_id.properties", "a=b\n");
	fx_write(dir, "src/main/resources/app/db_no.properties", "a=b\n");
	fx_commit(dir, "catalogues");
	collect_facts(&r, dir);
	assert_fact(r.facts, "translation.languages", "[\"ar\",\"ja\",\"pt\"]");
	collected_release(&r);
	fx_rmdir(dir);
}

/*
 * Strings of two languages inline in a source file named for it (corpus
 * rows InseeFr/Lunatic, codegouvfr/sill-web); one language's strings, a
 * file of another name, "id:" and "no:" keys are no translation.
 */
static void test_translation_inline_dictionaries(void **state)
{
	char *dir = fx_repo_new("tr-inline");
	struct collected r;

	(void)state;
	fx_write(dir, "README.md", "# App\n");
	fx_write(dir, "src/i18n/strings.ts",
		 "export const s = {\n  ADD: { fr: 'Ajouter', en: 'Add' },\n"
		 "  DK: { fr: 'Ne sais pas', en: \"Don't know\" },\n};\n");
	fx_write(dir, "src/model.ts",
		 "const a = { id: '1', no: 'x', fr: 'y', en: 'z' };\n");
	fx_commit(dir, "one language only");
	/* only French keys in the dictionary at first */
	fx_write(dir, "src/i18n/strings.ts",
		 "export const s = {\n  ADD: { fr: 'Ajouter', id: '1' },\n};\n");
	fx_commit(dir, "french only");
	collect_facts(&r, dir);
	assert_fact(r.facts, "translation.languages", "[]");
	collected_release(&r);

	fx_write(dir, "src/i18n/strings.ts",
		 "export const s = {\n  ADD: { fr: 'Ajouter', en: 'Add' },\n"
		 "  DK: { fr: 'Ne sais pas', en: \"Don't know\" },\n};\n");
	fx_write(dir, "web/i18n.tsx",
		 "const t = createI18nApi()({\n  \"en\": {\n    App: {}\n  },\n"
		 "  \"de\": {\n    App: {}\n  }\n});\n");
	fx_commit(dir, "two languages");
	collect_facts(&r, dir);
	assert_fact(r.facts, "translation.languages", "[\"de\",\"en\",\"fr\"]");
	assert_fact(r.facts, "translation.formats", "{\"inline\":2}");
	collected_release(&r);
	fx_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_translation_files_languages_platform),
		cmocka_unit_test(test_translation_policy_in_readme_and_none),
		cmocka_unit_test(test_translation_policy_is_not_a_word),
		cmocka_unit_test(test_translation_policy_pages_and_sub_readmes),
		cmocka_unit_test(test_translation_bundles_and_scripts),
		cmocka_unit_test(test_translation_suffixed_catalogues),
		cmocka_unit_test(test_translation_folders_and_bundles),
		cmocka_unit_test(test_translation_inline_dictionaries),
	};
	int rc;

	vigie_global_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	vigie_global_shutdown();
	return rc;
}
