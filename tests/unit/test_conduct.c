/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of code of conduct recognition: templates, variants, contacts. */
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "vigie/sys/license.h"

/* ---- helpers ------------------------------------------------------------ */

/* A file of the source tree, whole, NUL-terminated (malloc'd). */
static char *source_file(const char *rel)
{
	struct vigie_buf path = VIGIE_BUF_INIT, b = VIGIE_BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f;

	vigie_buf_printf(&path, "%s/%s", fx_source_root(), rel);
	f = fopen(path.ptr, "rb");
	if (!f)
		fail_msg("cannot open %s", path.ptr);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vigie_buf_add(&b, chunk, n);
	fclose(f);
	vigie_buf_puts(&b, "");
	vigie_buf_release(&path);
	return vigie_buf_detach(&b, NULL);
}

/* The reference text of a template, "contributor-covenant-2.1.en". */
static char *template_text(const char *name)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "rules/conduct/texts/%s.md", name);
	return source_file(rel);
}

static void identify(struct vigie_conduct *c, const char *text)
{
	struct vigie_error err;

	vigie_error_clear(&err);
	if (vigie_conduct_identify(c, text, strlen(text), &err) < 0)
		fail_msg("identify: %s", err.message);
}

/* "template/version/language", or the template alone when it has no
 * version ("reference", ""). */
static void label(char *out, size_t n, const struct vigie_conduct *c)
{
	if (c->version)
		snprintf(out, n, "%s/%s/%s", c->template_id, c->version,
			 c->language ? c->language : "");
	else
		snprintf(out, n, "%s", c->template_id ? c->template_id : "none");
}

static void assert_identified(const char *text, const char *want,
			      double min_confidence, const char *what)
{
	struct vigie_conduct c;
	double confidence;
	char got[80];

	identify(&c, text);
	label(got, sizeof(got), &c);
	confidence = c.confidence;
	vigie_conduct_release(&c);
	if (strcmp(got, want))
		fail_msg("%s: expected %s, got %s (confidence %.3f)", what,
			 want, got, confidence);
	if (confidence < min_confidence)
		fail_msg("%s: %s with confidence %.3f only", what, got,
			 confidence);
}

/* s with every occurrence of from replaced by to (malloc'd). */
static char *replace(const char *s, const char *from, const char *to)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	size_t fl = strlen(from);
	const char *p;

	vigie_buf_puts(&b, "");
	while ((p = strstr(s, from)) != NULL) {
		vigie_buf_add(&b, s, (size_t)(p - s));
		vigie_buf_puts(&b, to);
		s = p + fl;
	}
	vigie_buf_puts(&b, s);
	return vigie_buf_detach(&b, NULL);
}

/*
 * A realistic copy: paragraphs rewrapped to width columns, ATX headings
 * turned into bold lines or underlined ones, the project's name in the
 * title, and the placeholders filled with contact.
 */
static char *variant(const char *text, size_t width, const char *contact)
{
	static const char *const placeholders[] = {
		"[INSERT CONTACT METHOD]", "[INSERT EMAIL ADDRESS]",
		"[INSÉRER UNE ADRESSE EMAIL]", "[INSERER ADRESSE EMAIL]",
		"[CONTACT]",
	};
	struct vigie_buf b = VIGIE_BUF_INIT;
	char *filled = strdup(text), *line, *save = NULL, *tmp;
	size_t col = 0, i;
	bool first = true;

	for (i = 0; i < VIGIE_ARRAY_SIZE(placeholders); i++) {
		tmp = replace(filled, placeholders[i], contact);
		free(filled);
		filled = tmp;
	}
	tmp = replace(filled, "[COMMUNITY NAME]", "the Vigie project");
	free(filled);
	filled = tmp;
	vigie_buf_puts(&b, "");
	for (line = strtok_r(filled, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#') {
			size_t h = strspn(line, "#");
			const char *title = line + h + strspn(line + h, " ");
			if (first)
				vigie_buf_printf(&b, "\n%s of the Vigie project\n"
						 "=====================\n\n", title);
			else if (h == 2)
				vigie_buf_printf(&b, "\n%s\n------------\n\n", title);
			else
				vigie_buf_printf(&b, "\n**%s**\n\n", title);
			first = false;
			col = 0;
			continue;
		}
		/* words rewrapped at width */
		{
			char *w, *wsave = NULL;
			for (w = strtok_r(line, " ", &wsave); w;
			     w = strtok_r(NULL, " ", &wsave)) {
				size_t n = strlen(w);
				if (col && col + 1 + n > width) {
					vigie_buf_puts(&b, "\n");
					col = 0;
				} else if (col) {
					vigie_buf_puts(&b, " ");
					col++;
				}
				vigie_buf_puts(&b, w);
				col += n;
			}
		}
	}
	vigie_buf_puts(&b, "\n");
	free(filled);
	return vigie_buf_detach(&b, NULL);
}

/* The rows of a SOURCES.tsv (comments skipped): fields split in place. */
struct row {
	char *f[8];
	size_t n;
};

static size_t rows_of(char *tsv, struct row *rows, size_t max)
{
	size_t n = 0;
	char *line, *save = NULL;

	for (line = strtok_r(tsv, "\n", &save); line && n < max;
	     line = strtok_r(NULL, "\n", &save)) {
		char *p = line;
		if (line[0] == '#')
			continue;
		rows[n].n = 0;
		while (p && rows[n].n < 8) {
			char *tab = strchr(p, '\t');
			rows[n].f[rows[n].n++] = p;
			if (tab)
				*tab++ = '\0';
			p = tab;
		}
		n++;
	}
	return n;
}

/* ---- templates ------------------------------------------------------------ */

/* Every reference text (English and French) identifies as itself, at full
 * confidence, and not as a close relative. */
static void test_conduct_templates_identify_themselves(void **state)
{
	char *tsv = source_file("rules/conduct/SOURCES.tsv");
	struct row rows[64];
	size_t n = rows_of(tsv, rows, 64), i, fr = 0;

	(void)state;
	assert_true(n >= 11);
	for (i = 0; i < n; i++) {
		char rel[256], *text;
		snprintf(rel, sizeof(rel), "rules/conduct/%s", rows[i].f[0]);
		text = source_file(rel);
		assert_identified(text, rows[i].f[1], 0.99, rows[i].f[0]);
		fr += strstr(rows[i].f[1], "/fr") != NULL;
		free(text);
	}
	assert_true(fr >= 4);
	assert_int_equal(vigie_license_family_count(VIGIE_LICENSE_FAMILY_CONDUCT), n);
	free(tsv);
}

/* Rewrapped, headings restyled, the project's name and contact filled in:
 * still the same template, version and language. */
static void test_conduct_variants_still_identify(void **state)
{
	static const struct {
		const char *name, *want, *contact;
		size_t width;
	} cases[] = {
		{ "contributor-covenant-2.1.en", "contributor-covenant/2.1/en",
		  "conduct@vigie-project.org", 72 },
		{ "contributor-covenant-2.1.fr", "contributor-covenant/2.1/fr",
		  "conduite@vigie-projet.fr", 100 },
		{ "contributor-covenant-2.0.en", "contributor-covenant/2.0/en",
		  "https://vigie-project.org/report", 60 },
		{ "contributor-covenant-2.0.fr", "contributor-covenant/2.0/fr",
		  "moderation@vigie-projet.fr", 80 },
		{ "contributor-covenant-1.4.en", "contributor-covenant/1.4/en",
		  "team@vigie-project.org", 120 },
		{ "contributor-covenant-1.4.fr", "contributor-covenant/1.4/fr",
		  "equipe@vigie-projet.fr", 66 },
		{ "contributor-covenant-1.3.en", "contributor-covenant/1.3/en",
		  "maintainers@vigie-project.org", 79 },
		{ "citizen-2.3.en", "citizen/2.3/en",
		  "Ada Martin (ada@vigie-project.org)", 70 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(cases); i++) {
		char *text = template_text(cases[i].name);
		char *v = variant(text, cases[i].width, cases[i].contact);
		assert_not_contains(v, "[INSERT");
		assert_contains(v, "Vigie");
		assert_identified(v, cases[i].want, 0.95, cases[i].name);
		free(v);
		free(text);
	}
}

/* The versions closest to each other are told apart, even rewrapped and
 * filled in: 2.0 and 2.1 differ by a handful of words. */
static void test_conduct_relatives_told_apart(void **state)
{
	static const char *const pairs[][2] = {
		{ "contributor-covenant-2.0.en", "contributor-covenant/2.0/en" },
		{ "contributor-covenant-2.1.en", "contributor-covenant/2.1/en" },
		{ "contributor-covenant-2.0.fr", "contributor-covenant/2.0/fr" },
		{ "contributor-covenant-2.1.fr", "contributor-covenant/2.1/fr" },
		{ "contributor-covenant-1.4.en", "contributor-covenant/1.4/en" },
		{ "contributor-covenant-1.3.en", "contributor-covenant/1.3/en" },
		{ "contributor-covenant-1.2.en", "contributor-covenant/1.2/en" },
		{ "contributor-covenant-1.1.en", "contributor-covenant/1.1/en" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(pairs); i++) {
		char *text = template_text(pairs[i][0]);
		char *v = variant(text, 64, "coc@vigie-project.org");
		assert_identified(v, pairs[i][1], 0.95, pairs[i][0]);
		free(v);
		free(text);
	}
}

/* A README, a contribution guide or a license is not a code of conduct. */
static void test_conduct_other_texts_are_not_codes(void **state)
{
	static const char *const files[] = {
		"README.md", "README.fr.md", "CONTRIBUTING.md", "GOVERNANCE.md",
		"SECURITY.md", "LICENSE",
	};
	static const char contributing[] =
		"# Contributing to Foo\n\n"
		"Thanks for your interest! Please open an issue before a large "
		"change, and be respectful in the tracker. Run `make check` "
		"before you send a pull request; every commit needs a "
		"Signed-off-by line. Questions: foo-devel@lists.example.net.\n";
	struct vigie_conduct c;
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(files); i++) {
		char *text = source_file(files[i]);
		identify(&c, text);
		if (c.version)
			fail_msg("%s identified as %s %s", files[i], c.template_id,
				 c.version);
		vigie_conduct_release(&c);
		free(text);
	}
	identify(&c, contributing);
	assert_null(c.template_id);
	assert_true(c.words < VIGIE_CONDUCT_SUBSTANTIAL);
	assert_string_equal(c.language, "en");
	vigie_conduct_release(&c);
}

/* ---- contacts ------------------------------------------------------------- */

static void assert_contact(const char *text, enum vigie_conduct_contact kind,
			   const char *value, const char *what)
{
	struct vigie_conduct c;

	identify(&c, text);
	if (c.contact != kind ||
	    strcmp(c.contact_value ? c.contact_value : "", value))
		fail_msg("%s: expected %s '%s', got %s '%s'", what,
			 vigie_conduct_contact_name(kind), value,
			 vigie_conduct_contact_name(c.contact),
			 c.contact_value ? c.contact_value : "");
	/* no contact, no value */
	assert_true(!c.contact_value == (kind == VIGIE_CONDUCT_CONTACT_NONE));
	vigie_conduct_release(&c);
}

static void test_conduct_contact(void **state)
{
	char *t21 = template_text("contributor-covenant-2.1.en");
	char *t14fr = template_text("contributor-covenant-1.4.fr");
	char *citizen = template_text("citizen-2.3.en");
	char *v;

	(void)state;
	/* placeholders left as is: the template's own links do not count */
	assert_contact(t21, VIGIE_CONDUCT_CONTACT_NONE, "", "2.1 unfilled");
	assert_contact(t14fr, VIGIE_CONDUCT_CONTACT_NONE, "", "1.4 fr unfilled");
	assert_contact(citizen, VIGIE_CONDUCT_CONTACT_NONE, "", "citizen unfilled");

	v = replace(t21, "[INSERT CONTACT METHOD]", "conduct@vigie-project.org");
	assert_contact(v, VIGIE_CONDUCT_CONTACT_EMAIL, "conduct@vigie-project.org",
		       "2.1 e-mail");
	free(v);
	v = replace(t21, "[INSERT CONTACT METHOD]",
		    "[our form](https://vigie-project.org/conduct/report).");
	assert_contact(v, VIGIE_CONDUCT_CONTACT_URL,
		       "https://vigie-project.org/conduct/report", "2.1 form");
	free(v);
	v = replace(t21, "[INSERT CONTACT METHOD]",
		    "[the moderators](mailto:mods@vigie-project.org)");
	assert_contact(v, VIGIE_CONDUCT_CONTACT_EMAIL, "mods@vigie-project.org",
		       "2.1 mailto");
	free(v);
	v = replace(t14fr, "[INSÉRER UNE ADRESSE EMAIL]",
		    "<conduite@vigie-projet.fr>");
	assert_contact(v, VIGIE_CONDUCT_CONTACT_EMAIL, "conduite@vigie-projet.fr",
		       "1.4 fr e-mail");
	free(v);

	/* an address on a copyright line is not a contact; a link elsewhere
	 * than where reports are discussed neither */
	assert_contact("Copyright (C) Jo Bloggs <jo@bloggs.net>\n\n"
		       "Be kind to each other.\n",
		       VIGIE_CONDUCT_CONTACT_NONE, "", "copyright line");
	assert_contact("Our values: see https://vigie-project.org/values.\n",
		       VIGIE_CONDUCT_CONTACT_NONE, "", "unrelated link");
	assert_contact("Be kind.\n\nTo report a problem, write to us through "
		       "https://vigie-project.org/contact or by e-mail to "
		       "safe@vigie-project.org.\n",
		       VIGIE_CONDUCT_CONTACT_EMAIL, "safe@vigie-project.org",
		       "e-mail over link");
	/* addresses spelled against harvesters, where reports are discussed */
	assert_contact("To report a problem, write to conduct (at) "
		       "vigie-project (dot) org.\n",
		       VIGIE_CONDUCT_CONTACT_EMAIL, "conduct@vigie-project.org",
		       "spelled (at) (dot)");
	assert_contact("Signalez-le à equipe[at]vigie-projet.fr, merci.\n",
		       VIGIE_CONDUCT_CONTACT_EMAIL, "equipe@vigie-projet.fr",
		       "spelled [at]");
	assert_contact("Report it, but look (at) the facts first.\n",
		       VIGIE_CONDUCT_CONTACT_NONE, "", "a bare (at)");
	free(t21);
	free(t14fr);
	free(citizen);
}

/* A short pointer to a code published elsewhere is a reference. */
static void test_conduct_reference(void **state)
{
	struct vigie_conduct c;

	(void)state;
	identify(&c, "This project follows the [Example Foundation Code of "
		     "Conduct](https://example.org/code-of-conduct/).\n");
	assert_string_equal(c.template_id, "reference");
	assert_string_equal(c.reference, "https://example.org/code-of-conduct/");
	assert_int_equal(c.contact, VIGIE_CONDUCT_CONTACT_NONE);
	vigie_conduct_release(&c);
	identify(&c, "Be nice. See https://example.org/rules.\n");
	assert_null(c.template_id);
	assert_null(c.reference);
	vigie_conduct_release(&c);
	/* The W3C's: the link text names it, its URL does not (issue #13). */
	identify(&c, "All documentation, code and communication under this "
		     "repository are covered by the [W3C Code of Ethics and "
		     "Professional Conduct](https://www.w3.org/Consortium/cepc/).\n");
	assert_string_equal(c.template_id, "reference");
	assert_string_equal(c.reference, "https://www.w3.org/Consortium/cepc/");
	vigie_conduct_release(&c);
	/* A placeholder address is no contact. */
	identify(&c, "Report unacceptable behaviour to conduct@example.com or "
		     "your-email@project.fr.\n");
	assert_int_equal(c.contact, VIGIE_CONDUCT_CONTACT_NONE);
	vigie_conduct_release(&c);
}

/* Hostile bytes: unterminated addresses and links, NULs, lone '@'. */
static void test_conduct_hostile(void **state)
{
	static const char *const texts[] = {
		"", "@", "a@", "@b.cd", "x@y.", "report: a@b.c", "http://",
		"https://", "report at https://", "report @@@@@@@@ a@@b.cc",
		"[INSERT CONTACT METHOD]", "\xff\xfe report \xc3 x@y.zz\xc3",
		"report a[at]", "report a [at] ", "report a(at)b(dot)",
		"report a (at) b (dot) (dot) cc", "[at][at][at]", "x{at}y{dot}",
	};
	char big[70000];
	struct vigie_conduct c;
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(texts); i++) {
		identify(&c, texts[i]);
		vigie_conduct_release(&c);
	}
	identify(&c, "report: a@b.cc");
	assert_int_equal(c.contact, VIGIE_CONDUCT_CONTACT_EMAIL);
	assert_string_equal(c.contact_value, "a@b.cc");
	vigie_conduct_release(&c);
	/* a long run of address characters is cut, not overrun */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[30000] = '@';
	big[30010] = '.';
	identify(&c, big);
	assert_non_null(c.contact_value);
	assert_true(strlen(c.contact_value) <= VIGIE_CONDUCT_VALUE_MAX);
	vigie_conduct_release(&c);
	{
		struct vigie_error err;
		vigie_error_clear(&err);
		assert_int_equal(vigie_conduct_identify(&c, "report x@y.zz\0a@b.cc",
							 20, &err), 0);
		vigie_conduct_release(&c);
	}
}

/* ---- the real world ------------------------------------------------------- */

/*
 * Codes of conduct of real projects, labelled by hand
 * (tests/data/conduct/real/SOURCES.tsv: file, repository, path, commit,
 * template, contact): each must come out as labelled.
 */
static void test_conduct_real_corpus(void **state)
{
	char *tsv = test_data("conduct/real/SOURCES.tsv");
	struct row rows[64];
	size_t n = rows_of(tsv, rows, 64), i, tmpl_ok = 0, contact_ok = 0;

	(void)state;
	assert_true(n >= 15);
	for (i = 0; i < n; i++) {
		char rel[256], got[80], *text;
		struct vigie_conduct c;
		assert_int_equal(rows[i].n, 6);
		snprintf(rel, sizeof(rel), "conduct/real/%s", rows[i].f[0]);
		text = test_data(rel);
		identify(&c, text);
		label(got, sizeof(got), &c);
		if (!strcmp(got, rows[i].f[4]))
			tmpl_ok++;
		else
			print_message("%s: template %s, labelled %s\n",
				      rows[i].f[0], got, rows[i].f[4]);
		if (!strcmp(vigie_conduct_contact_name(c.contact), rows[i].f[5]))
			contact_ok++;
		else
			print_message("%s: contact %s, labelled %s\n", rows[i].f[0],
				      vigie_conduct_contact_name(c.contact),
				      rows[i].f[5]);
		vigie_conduct_release(&c);
		free(text);
	}
	print_message("conduct corpus: templates %zu/%zu, contacts %zu/%zu\n",
		      tmpl_ok, n, contact_ok, n);
	assert_int_equal(tmpl_ok, n);
	assert_int_equal(contact_ok, n);
	free(tsv);
}

/* ---- the collector ---------------------------------------------------- */

static void test_conduct_collect_and_rules(void **state)
{
	char *dir = fx_repo_new("conduct-collect");
	char *text = template_text("contributor-covenant-2.1.fr");
	char *filled = replace(text, "[INSÉRER UNE ADRESSE EMAIL]",
			       "conduite@vigie-projet.fr");
	char *out = NULL;
	struct collected r;

	(void)state;
	fx_write(dir, "README.md", "# Vigie\n\nUn outil.\n");
	fx_write(dir, "CODE_DE_CONDUITE.md", filled);
	fx_commit(dir, "code de conduite");
	collect_facts(&r, dir);
	assert_fact(r.facts, "conduct.path", "\"CODE_DE_CONDUITE.md\"");
	assert_fact(r.facts, "conduct.template", "\"contributor-covenant\"");
	assert_fact(r.facts, "conduct.version", "\"2.1\"");
	assert_fact(r.facts, "conduct.language", "\"fr\"");
	/* no identities asked: the domain, not the address */
	assert_fact(r.facts, "conduct.contact",
		    "{\"kind\":\"email\",\"domain\":\"vigie-projet.fr\"}");
	collected_release(&r);

	assert_int_equal(fx_sh_out(&out, dir,
				   "\"$VIGIE_BIN\" audit --offline --format json | "
				   "python3 -c 'import json,sys; d=json.load(sys.stdin); "
				   "print(\" \".join(c[\"id\"]+\"=\"+c[\"status\"] for c in "
				   "d[\"checks\"] if c[\"id\"].startswith(\"code_of_conduct\")))'"),
			 0);
	assert_contains(out, "code_of_conduct.contact=pass");
	assert_contains(out, "code_of_conduct.substantive=pass");
	free(out);

	/* a stub with the placeholder left: both content rules fail */
	fx_write(dir, "CODE_DE_CONDUITE.md",
		 "# Code de conduite\n\nSoyez aimables. Écrivez à "
		 "[INSÉRER UNE ADRESSE EMAIL].\n");
	fx_commit(dir, "stub");
	assert_int_equal(fx_sh_out(&out, dir,
				   "\"$VIGIE_BIN\" audit --offline --format json | "
				   "python3 -c 'import json,sys; d=json.load(sys.stdin); "
				   "print(\" \".join(c[\"id\"]+\"=\"+c[\"status\"] for c in "
				   "d[\"checks\"] if c[\"id\"].startswith(\"code_of_conduct\")))'"),
			 0);
	assert_contains(out, "code_of_conduct.present=pass");
	assert_contains(out, "code_of_conduct.contact=fail");
	assert_contains(out, "code_of_conduct.substantive=fail");
	free(out);
	free(filled);
	free(text);
	fx_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conduct_templates_identify_themselves),
		cmocka_unit_test(test_conduct_variants_still_identify),
		cmocka_unit_test(test_conduct_relatives_told_apart),
		cmocka_unit_test(test_conduct_other_texts_are_not_codes),
		cmocka_unit_test(test_conduct_contact),
		cmocka_unit_test(test_conduct_reference),
		cmocka_unit_test(test_conduct_hostile),
		cmocka_unit_test(test_conduct_real_corpus),
		cmocka_unit_test(test_conduct_collect_and_rules),
	};
	int rc;

	vigie_global_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	vigie_global_shutdown();
	return rc;
}
