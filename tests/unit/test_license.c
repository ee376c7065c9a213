/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of license identification: database, normaliser, matcher, notices. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "fixture.h"
#include "embedded.h"
#include "src/license/internal.h"
#include "json.h"
#include "vigie/buf.h"
#include "vigie/license.h"
#include "vigie/sys/license.h"

/* ---- helpers ------------------------------------------------------------ */

static char *slurp(const char *rel)
{
	char path[4096];
	FILE *f;
	char *data;
	long n;

	snprintf(path, sizeof(path), "%s/tests/data/licenses/%s",
		 fx_source_root(), rel);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	return data;
}

static char *spdx_text(const char *id)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "spdx/%s.txt", id);
	return slurp(rel);
}

/* The expression identify() gives (new). */
static char *identify_opts(const char *text, unsigned opts, double *conf,
			   enum vigie_license_method *method)
{
	struct vigie_license_result r;
	struct vigie_error err;
	char *e;

	vigie_error_clear(&err);
	if (vigie_license_identify(&r, text, strlen(text), opts, &err) < 0)
		fail_msg("identify failed: %s", err.message);
	e = strdup(r.expression);
	if (conf)
		*conf = r.confidence;
	if (method)
		*method = r.method;
	vigie_license_result_release(&r);
	return e;
}

static char *identify(const char *text)
{
	return identify_opts(text, 0, NULL, NULL);
}

static void check_scoped(const char *text, unsigned opts, const char *want,
			 const char *id, const char *scope);

static void expect(const char *what, const char *text, const char *want)
{
	char *got = identify(text);

	if (strcmp(got, want))
		fail_msg("%s: expected %s, got %s", what, want, got);
	free(got);
}

static char *concat(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *s = malloc(na + nb + 1);

	assert_non_null(s);
	memcpy(s, a, na);
	memcpy(s + na, b, nb + 1);
	return s;
}

/* Replace every occurrence of from by to (new string). */
static char *replace_all(const char *s, const char *from, const char *to)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	size_t nf = strlen(from);
	const char *p;

	while ((p = strstr(s, from))) {
		assert_int_equal(vigie_buf_add(&b, s, (size_t)(p - s)), 0);
		assert_int_equal(vigie_buf_puts(&b, to), 0);
		s = p + nf;
	}
	assert_int_equal(vigie_buf_puts(&b, s), 0);
	return vigie_buf_detach(&b, NULL);
}

/* Reflow to lines of at most width columns (paragraphs kept). */
static char *rewrap(const char *s, size_t width)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	size_t col = 0;

	while (*s) {
		size_t n;
		if (s[0] == '\n' && s[1] == '\n') {
			vigie_buf_puts(&b, "\n\n");
			col = 0;
			while (*s == '\n')
				s++;
			continue;
		}
		if (*s == ' ' || *s == '\n' || *s == '\t') {
			s++;
			continue;
		}
		n = strcspn(s, " \n\t");
		if (col && col + n + 1 > width) {
			vigie_buf_putc(&b, '\n');
			col = 0;
		} else if (col) {
			vigie_buf_putc(&b, ' ');
			col++;
		}
		vigie_buf_add(&b, s, n);
		col += n;
		s += n;
	}
	return vigie_buf_detach(&b, NULL);
}

/* ---- the database --------------------------------------------------------- */

static void test_license_db_loads_with_version_and_flags(void **state)
{
	struct vigie_error err;
	const struct vigie_license_info *mit, *gpl, *cecill, *json;
	static const char *const fr[] = {
		"Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "CECILL-B", "MIT",
		"AGPL-3.0-only", "CECILL-2.1", "CECILL-C", "EPL-2.0", "EUPL-1.2",
		"GPL-3.0-or-later", "LGPL-3.0-only", "MPL-2.0", "etalab-2.0",
		"ODbL-1.0",
	};
	size_t i;

	(void)state;
	vigie_error_clear(&err);
	assert_int_equal(vigie_license_db_load(&err), 0);
	assert_string_equal(vigie_license_db_version(), "3.28.0");
	/* 727 texts less the deprecated ids, which map to current ones */
	assert_true(vigie_license_db_count() > 690);
	mit = vigie_license_db_find("mit");
	assert_non_null(mit);
	assert_string_equal(mit->id, "MIT");
	assert_true(mit->flags & VIGIE_LICENSE_OSI);
	assert_false(mit->flags & VIGIE_LICENSE_COPYLEFT);
	gpl = vigie_license_db_find("GPL-2.0-only");
	assert_non_null(gpl);
	assert_true(gpl->flags & VIGIE_LICENSE_COPYLEFT);
	assert_true(gpl->flags & VIGIE_LICENSE_FSF);
	/* GPL-2.0 is not on the French list; GPL-3.0 is */
	assert_false(gpl->flags & VIGIE_LICENSE_FR_PUBLIC);
	cecill = vigie_license_db_find("CECILL-B");
	assert_non_null(cecill);
	assert_false(cecill->flags & VIGIE_LICENSE_COPYLEFT);
	for (i = 0; i < VIGIE_ARRAY_SIZE(fr); i++) {
		const struct vigie_license_info *l = vigie_license_db_find(fr[i]);
		if (!l || !(l->flags & VIGIE_LICENSE_FR_PUBLIC))
			fail_msg("%s should be on the French public-sector list",
				 fr[i]);
	}
	json = vigie_license_db_find("JSON");
	assert_non_null(json);
	assert_false(json->flags & VIGIE_LICENSE_FR_PUBLIC);
	assert_null(vigie_license_db_find("No-Such-License"));
}

static bool is_twin(const struct vigie_license_info *l, const char *got)
{
	const char *p = l->twins;
	size_t n = strlen(got);

	while (p && *p) {
		size_t m = strcspn(p, ",");
		if (m == n && !strncmp(p, got, n))
			return true;
		p += m + (p[m] == ',');
	}
	return false;
}

/* Every license of the database identifies as itself from its own words,
 * rewrapped (twins with the very same words are accepted). */
static void test_license_every_database_license_identifies_itself(void **state)
{
	size_t i, n = vigie_license_db_count(), bad = 0;

	(void)state;
	assert_true(n > 690);
	for (i = 0; i < n; i++) {
		const struct vigie_license_info *l = vigie_license_db_get(i);
		char *words = vigie_license_db_words(i), *text, *got;
		assert_non_null(words);
		text = rewrap(words, 70);
		got = identify(text);
		if (strcmp(got, l->id) && !is_twin(l, got)) {
			print_message("%s identified as %s\n", l->id, got);
			bad++;
		}
		free(got);
		free(text);
		free(words);
	}
	assert_int_equal(bad, 0);
}

/* ---- the index the library reads in place -------------------------------- */

static const struct vigie_embedded_file *index_file(void)
{
	size_t i;

	for (i = 0; i < vigie_embedded_count; i++)
		if (!strcmp(vigie_embedded_files[i].name, LIC_INDEX_NAME))
			return &vigie_embedded_files[i];
	fail_msg("no %s embedded", LIC_INDEX_NAME);
	return NULL;
}

/* The committed file rules/licenses/NAME (new). */
static char *committed(const char *name)
{
	char path[4096];
	struct vigie_buf b = VIGIE_BUF_INIT;
	FILE *f;
	char chunk[65536];
	size_t n;

	snprintf(path, sizeof(path), "%s/rules/licenses/%s", fx_source_root(),
		 name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(vigie_buf_add(&b, chunk, n), 0);
	fclose(f);
	return vigie_buf_detach(&b, NULL);
}

static void test_license_index_matches_the_committed_files(void **state)
{
	const struct lic_db *db = lic_db();
	char *vocab = committed("vocab.txt"), *names = committed("names.tsv");
	char *line, *next;
	size_t i, k, nwords = 0, nnames = 0;

	(void)state;
	assert_non_null(db);
	/* every word of vocab.txt is found at its line */
	for (line = vocab; *line; line = next) {
		next = strchr(line, '\n');
		assert_non_null(next);
		*next++ = '\0';
		if (lic_word_index(db, line, strlen(line)) != nwords)
			fail_msg("word %zu '%s' not at its place", nwords, line);
		nwords++;
	}
	assert_int_equal(nwords, db->nvocab);
	assert_int_equal(lic_word_index(db, "zzznotaword", 11), NO_WORD);
	/* every name of names.tsv leads to its id */
	for (line = names; *line; line = next) {
		char *tab;
		const char *id;
		next = strchr(line, '\n');
		assert_non_null(next);
		*next++ = '\0';
		tab = strchr(line, '\t');
		if (line[0] == '#' || !tab)
			continue;
		*tab = '\0';
		id = lic_name_find(db, line, strlen(line));
		if (!id || strcmp(id, tab + 1))
			fail_msg("name '%s' gives %s, not %s", line,
				 id ? id : "nothing", tab + 1);
		nnames++;
	}
	assert_int_equal(nnames, db->nnames);
	assert_null(lic_name_find(db, "no such license", 15));
	/* sets are the distinct required words; postings list their holders */
	for (i = 0; i < db->n; i++) {
		const struct lic_entry *e = &db->e[i];
		size_t nset = 0;
		for (k = 0; k < e->nseq; k++) {
			size_t j, w = e->seq[k];
			bool dup = false;
			for (j = 0; j < e->nopt && !dup; j++)
				dup = e->opt[j] == w;
			for (j = 0; j < nset && !dup; j++)
				dup = e->set[j] == w;
			if (dup)
				continue;
			assert_true(nset < e->nset);
			assert_int_equal(e->set[nset], w);
			nset++;
		}
		assert_int_equal(nset, e->nset);
		for (k = 0; k < e->nset; k++) {
			uint32_t w = e->set[k], p;
			bool held = false;
			for (p = db->post_start[w]; p < db->post_start[w + 1]; p++)
				held |= db->postings[p] == i;
			if (!held)
				fail_msg("%s missing from the postings of '%s'",
					 e->info.id,
					 db->strings + db->vocab[w]);
		}
	}
	free(vocab);
	free(names);
}

/* A copy of the index, damaged by fn, must be refused, not followed. */
static void refused(const char *what, void (*fn)(char *data, size_t *len))
{
	const struct vigie_embedded_file *f = index_file();
	size_t len = f->len;
	char *data = malloc(len + 8); /* malloc aligns to 16 */
	struct lic_db db;

	assert_non_null(data);
	memcpy(data, f->data, len);
	assert_int_equal(lic_db_init(&db, data, len), 0);
	lic_db_release(&db);
	fn(data, &len);
	if (lic_db_init(&db, data, len) == 0)
		fail_msg("a damaged index was accepted: %s", what);
	free(data);
}

#define HDR(d) ((struct lic_index_header *)(void *)(d))
#define ENTRY(d, i) \
	((struct lic_index_entry *)(void *)((d) + HDR(d)->entries) + (i))

static void bad_magic(char *d, size_t *len) { d[0] ^= 1; (void)len; }
static void bad_format(char *d, size_t *len) { HDR(d)->format++; (void)len; }
static void truncated(char *d, size_t *len) { (void)d; *len -= 8; }
static void bad_total(char *d, size_t *len) { HDR(d)->total = 64; (void)len; }
static void short_header(char *d, size_t *len) { (void)d; *len = 100; }
static void strings_past_end(char *d, size_t *len)
{
	HDR(d)->strings_len = (uint32_t)*len;
}
static void strings_unterminated(char *d, size_t *len)
{
	d[HDR(d)->strings + HDR(d)->strings_len - 1] = 'x';
	(void)len;
}
static void vocab_offset_out(char *d, size_t *len)
{
	((uint32_t *)(void *)(d + HDR(d)->vocab))[5] = HDR(d)->strings_len;
	(void)len;
}
static void huge_vocab(char *d, size_t *len)
{
	HDR(d)->nvocab = 0x7fffffffu;
	(void)len;
}
static void hash_not_power_of_two(char *d, size_t *len)
{
	HDR(d)->hash_size--;
	(void)len;
}
static void hash_full(char *d, size_t *len)
{
	uint16_t *h = (uint16_t *)(void *)(d + HDR(d)->hash);
	uint32_t i;

	for (i = 0; i < HDR(d)->hash_size; i++)
		h[i] = 1;
	(void)len;
}
static void hash_slot_out(char *d, size_t *len)
{
	uint16_t *h = (uint16_t *)(void *)(d + HDR(d)->hash);

	h[HDR(d)->hash_size - 1] = (uint16_t)(HDR(d)->nvocab + 1);
	(void)len;
}
static void entry_words_past_end(char *d, size_t *len)
{
	ENTRY(d, 3)->nseq = HDR(d)->nwords;
	(void)len;
}
static void entry_set_overflows(char *d, size_t *len)
{
	ENTRY(d, 7)->set = UINT32_MAX - 2;
	ENTRY(d, 7)->nset = 5;
	(void)len;
}
static void entry_id_out(char *d, size_t *len)
{
	ENTRY(d, HDR(d)->nentries - 1)->id = HDR(d)->strings_len + 1;
	(void)len;
}
static void set_word_out(char *d, size_t *len)
{
	uint16_t *w = (uint16_t *)(void *)(d + HDR(d)->words);

	w[ENTRY(d, 10)->set] = (uint16_t)HDR(d)->nvocab;
	(void)len;
}
static void posting_out(char *d, size_t *len)
{
	uint16_t *p = (uint16_t *)(void *)(d + HDR(d)->postings);

	p[HDR(d)->npostings - 1] = (uint16_t)HDR(d)->nentries;
	(void)len;
}
static void postings_unordered(char *d, size_t *len)
{
	uint32_t *s = (uint32_t *)(void *)(d + HDR(d)->post_start);

	s[1] = HDR(d)->npostings + 1;
	(void)len;
}
static void name_offset_out(char *d, size_t *len)
{
	uint32_t *n = (uint32_t *)(void *)(d + HDR(d)->names);

	n[2 * HDR(d)->nnames - 1] = UINT32_MAX;
	(void)len;
}
static void version_unterminated(char *d, size_t *len)
{
	memset(HDR(d)->version, 'v', sizeof(HDR(d)->version));
	(void)len;
}
static void test_license_damaged_index_is_refused(void **state)
{
	static const struct {
		const char *what;
		void (*fn)(char *, size_t *);
	} cases[] = {
		{ "magic", bad_magic },
		{ "format version", bad_format },
		{ "truncated", truncated },
		{ "total size", bad_total },
		{ "shorter than its header", short_header },
		{ "strings past the end", strings_past_end },
		{ "strings not NUL-terminated", strings_unterminated },
		{ "a word offset past the strings", vocab_offset_out },
		{ "a huge vocabulary", huge_vocab },
		{ "hash size not a power of two", hash_not_power_of_two },
		{ "hash table without an empty slot", hash_full },
		{ "hash slot past the vocabulary", hash_slot_out },
		{ "license words past the end", entry_words_past_end },
		{ "license set wrapping around", entry_set_overflows },
		{ "license id past the strings", entry_id_out },
		{ "set word past the vocabulary", set_word_out },
		{ "posting past the licenses", posting_out },
		{ "postings out of order", postings_unordered },
		{ "name offset past the strings", name_offset_out },
		{ "version not NUL-terminated", version_unterminated },
	};
	const struct vigie_embedded_file *f = index_file();
	char *data = malloc(f->len + 16);
	struct lic_db db;
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(cases); i++)
		refused(cases[i].what, cases[i].fn);
	/* the same bytes at an odd address: refused, not read unaligned */
	assert_non_null(data);
	memcpy(data + 1, f->data, f->len);
	assert_int_equal(lic_db_init(&db, data + 1, f->len), -1);
	memcpy(data + 8, f->data, f->len);
	assert_int_equal(lic_db_init(&db, data + 8, f->len), 0);
	assert_int_equal(db.n, vigie_license_db_count());
	lic_db_release(&db);
	free(data);
	/* the embedded copy itself is aligned for in-place reads */
	assert_int_equal((uintptr_t)f->data % 8, 0);
	/*
	 * Every index compiled in passes the deep check here: at run time
	 * only its header and bounds are (lic_db_init_compiled_in), which
	 * still refuses a damaged header.
	 */
	for (i = 0; i < vigie_embedded_count; i++) {
		const struct vigie_embedded_file *e = &vigie_embedded_files[i];
		_Alignas(8) static char head[64];
		size_t n = strlen(e->name);
		if (n < 10 || strcmp(e->name + n - 10, "-index.bin"))
			continue;
		assert_int_equal(lic_db_init(&db, e->data, e->len), 0);
		assert_true(db.n > 0);
		lic_db_release(&db);
		assert_int_equal(lic_db_init_compiled_in(&db, e->data, e->len), 0);
		lic_db_release(&db);
		memcpy(head, e->data, sizeof(head));
		head[0] ^= 1; /* the magic */
		assert_int_equal(lic_db_init_compiled_in(&db, head, e->len), -1);
	}
}

/* ---- normalisation ---------------------------------------------------------- */

static char *norm(const char *s)
{
	struct vigie_license_words w;
	struct vigie_buf b = VIGIE_BUF_INIT;
	size_t i;

	assert_int_equal(vigie_license_normalize(&w, s, strlen(s)), 0);
	for (i = 0; i < w.count; i++) {
		if (i)
			vigie_buf_putc(&b, ' ');
		vigie_buf_puts(&b, vigie_license_word(&w, i));
	}
	vigie_license_words_release(&w);
	if (!b.ptr)
		vigie_buf_puts(&b, "");
	return vigie_buf_detach(&b, NULL);
}

static void norm_is(const char *in, const char *want)
{
	char *got = norm(in);

	if (strcmp(got, want))
		fail_msg("normalising \"%s\": expected \"%s\", got \"%s\"", in,
			 want, got);
	free(got);
}

static void test_license_normalize_follows_the_guidelines(void **state)
{
	(void)state;
	norm_is("The  LICENSE\tis\r\nHERE", "the license is here");
	norm_is("Licence, licenced & sub-licence", "license licensed and "
		"sublicense");
	norm_is("\xe2\x80\x9c" "AS IS\xe2\x80\x9d \xe2\x80\x94 without",
		"as is without");
	norm_is("1. first\n(a) second\n  iv) third\n* fourth", "first second third "
		"fourth");
	norm_is("## Heading\n**bold** _it_ `code`", "heading bold it code");
	norm_is("<!-- hidden -->shown <https://example.org/x>", "shown");
	norm_is("see http://www.apache.org/ or https://www.apache.org/",
		"see www apache org or www apache org");
	norm_is("Copyright (c) 2024 Jane Doe\nPermission is granted",
		"permission is granted");
	norm_is("\xc2\xa9 2020 ACME\nkept", "kept");
	norm_is("the above copyright notice", "the above copyright notice");
	norm_is("Version 2.0 of the organisation's programme",
		"version 2.0 of the organization program");
	norm_is("Licence Publique de l'Union Europ\xc3\xa9" "enne",
		"license publique de union europeenne");
}

/* ---- realistic variants ----------------------------------------------------- */

static const char *const variant_ids[] = {
	"MIT", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0", "GPL-2.0-only",
	"GPL-3.0-only", "LGPL-2.1-only", "LGPL-3.0-only", "AGPL-3.0-only",
	"MPL-2.0", "EUPL-1.2", "CECILL-2.1", "CECILL-B", "ISC",
};

static void test_license_realistic_variants_still_match(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(variant_ids); i++) {
		const char *id = variant_ids[i];
		char *t = spdx_text(id), *v, *v2, *end;
		char what[128];

		snprintf(what, sizeof(what), "%s verbatim", id);
		expect(what, t, id);

		v = rewrap(t, 52);
		snprintf(what, sizeof(what), "%s rewrapped", id);
		expect(what, v, id);
		free(v);

		v = concat("# License\n\n**Copyright (c) 2019-2024 Acme "
			   "Corp.** <dev@acme.example>\n\n", t);
		v2 = replace_all(v, "\n\n", "\n\n> ");
		snprintf(what, sizeof(what), "%s as Markdown with holder", id);
		expect(what, v2, id);
		free(v);
		free(v2);

		v = concat("License\n=======\n\n.. note:: the terms below "
			   "apply.\n\n", t);
		snprintf(what, sizeof(what), "%s as reStructuredText", id);
		expect(what, v, id);
		free(v);

		v = replace_all(t, "license", "licence");
		v2 = replace_all(v, "License", "Licence");
		snprintf(what, sizeof(what), "%s British spelling", id);
		expect(what, v2, id);
		free(v);
		free(v2);

		/* title removed: drop everything before the first blank line */
		end = strstr(t, "\n\n");
		if (end && end - t < 200) {
			snprintf(what, sizeof(what), "%s without title", id);
			expect(what, end + 2, id);
		}

		v = strdup(t);
		end = strstr(v, "END OF TERMS AND CONDITIONS");
		if (end) {
			*end = '\0';
			snprintf(what, sizeof(what), "%s cut before END OF TERMS",
				 id);
			expect(what, v, id);
		}
		free(v);
		free(t);
	}
}

/* ---- close relatives, both ways --------------------------------------------- */

static void test_license_close_relatives_are_told_apart(void **state)
{
	static const char *const pairs[][2] = {
		{ "GPL-2.0-only", "GPL-3.0-only" },
		{ "LGPL-2.1-only", "LGPL-3.0-only" },
		{ "BSD-2-Clause", "BSD-3-Clause" },
		{ "BSD-3-Clause", "BSD-3-Clause-Clear" },
		{ "BSD-2-Clause", "BSD-3-Clause-Clear" },
		{ "MIT", "MIT-0" }, { "MIT", "X11" }, { "MIT", "ISC" },
		{ "MIT-0", "X11" }, { "ISC", "MIT-0" },
		{ "CECILL-2.1", "CECILL-B" }, { "CECILL-2.1", "CECILL-C" },
		{ "CECILL-B", "CECILL-C" }, { "EUPL-1.1", "EUPL-1.2" },
		{ "GPL-3.0-only", "AGPL-3.0-only" },
	};
	size_t i, k;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(pairs); i++)
		for (k = 0; k < 2; k++) {
			char *t = spdx_text(pairs[i][k]);
			char what[128];
			snprintf(what, sizeof(what), "%s (not %s)", pairs[i][k],
				 pairs[i][!k]);
			expect(what, t, pairs[i][k]);
			free(t);
		}
}

static const char gpl2_notice[] =
	"frobnicate - turns widgets into gadgets\n"
	"Copyright (C) 2024 Jane Doe\n\n"
	"This program is free software; you can redistribute it and/or modify\n"
	"it under the terms of the GNU General Public License as published by\n"
	"the Free Software Foundation; either version 2 of the License, or\n"
	"(at your option) any later version.\n\n";

static void test_license_only_or_later_comes_from_the_notice(void **state)
{
	char *t2 = spdx_text("GPL-2.0-only"), *t3 = spdx_text("GPL-3.0-only");
	char *v;

	(void)state;
	/* a bare text says nothing about later versions: -only */
	expect("bare GPL-2.0 text", t2, "GPL-2.0-only");
	expect("bare GPL-3.0 text", t3, "GPL-3.0-only");
	v = concat(gpl2_notice, t2);
	expect("GPL-2.0 text after an or-later notice", v, "GPL-2.0-or-later");
	free(v);
	v = concat("This program is released under version 3 of the GNU GPL "
		   "and no other.\n\n", t3);
	expect("GPL-3.0 text after an only notice", v, "GPL-3.0-only");
	free(v);
	free(t2);
	free(t3);
}

static void test_license_apache_appendix_and_mpl_exception(void **state)
{
	char *a = spdx_text("Apache-2.0"), *m = spdx_text("MPL-2.0"), *v, *cut;

	(void)state;
	expect("Apache-2.0 with its appendix", a, "Apache-2.0");
	cut = strstr(a, "APPENDIX: How to apply");
	assert_non_null(cut);
	*cut = '\0';
	expect("Apache-2.0 without its appendix", a, "Apache-2.0");
	expect("MPL-2.0 text", m, "MPL-2.0");
	v = concat("This Source Code Form is \"Incompatible With Secondary "
		   "Licenses\", as defined by the Mozilla Public License, "
		   "v. 2.0.\n\n", m);
	expect("MPL-2.0 with the Exhibit B notice attached", v,
	       "MPL-2.0-no-copyleft-exception");
	free(v);
	free(a);
	free(m);
}

/* ---- the matcher's 16-bit stamps wrap ---------------------------------------- */

/* Every match of r, as one line each. */
static void describe(struct vigie_buf *out, const struct vigie_license_result *r)
{
	size_t i;

	vigie_buf_printf(out, "%s %zu\n", r->expression, r->count);
	for (i = 0; i < r->count; i++)
		vigie_buf_printf(out, "%s %.6f %zu-%zu\n", r->matches[i].id,
				 r->matches[i].confidence,
				 r->matches[i].first_word, r->matches[i].last_word);
}

/*
 * The stamps that mark a text's words (by region, by license) are 16-bit
 * and start again when their count wraps: a text read with the count
 * started just below the wrap, which it then goes through, gets what it
 * gets from 0, the similarities of texts with foreign words included.  A
 * count that wrapped to 0 over stamps never set would take every word of
 * the text for the license's.
 */
static void test_license_stamps_wrap_within_a_text(void **state)
{
	static const char *const ids[] = {
		"MIT", "Apache-2.0", "GPL-3.0-only", "EUPL-1.2", "BSD-3-Clause",
		"MPL-2.0", "LGPL-2.1-only", "CECILL-2.1",
	};
	static const uint16_t origins[] = { 65530, 65500, 65535 };
	struct vigie_buf want = VIGIE_BUF_INIT, got = VIGIE_BUF_INIT;
	char *texts[VIGIE_ARRAY_SIZE(ids) + 2];
	size_t i, k, nt = 0;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(ids); i++) {
		/* words no license holds, halfway: a similarity below 1 that
		 * a word wrongly marked as the license's would raise */
		char *t = spdx_text(ids[i]), *head, *tail;
		size_t half = strlen(t) / 2;
		while (t[half] && t[half] != ' ')
			half++;
		tail = concat(" The shepherds gathered their flocks while "
			      "snow fell over the quiet valley and the "
			      "mountain river froze early that winter. ",
			      t + half);
		t[half] = '\0';
		head = concat(t, tail);
		free(t);
		free(tail);
		texts[nt++] = head;
	}
	/* several licenses in one file: many candidates, many regions */
	texts[nt] = concat(texts[0], "\n\n----------\n\n");
	{
		char *t = concat(texts[nt], texts[1]);
		free(texts[nt]);
		texts[nt++] = t;
	}
	texts[nt] = concat(texts[2], "\n\nThird-party notices\n\n");
	{
		char *t = concat(texts[nt], texts[4]);
		free(texts[nt]);
		texts[nt++] = t;
	}
	for (i = 0; i < nt; i++) {
		struct vigie_license_result r;
		struct vigie_error err;

		lic_tick_origin = 0;
		vigie_buf_clear(&want);
		assert_int_equal(vigie_license_identify(&r, texts[i], strlen(texts[i]),
							0, &err), 0);
		describe(&want, &r);
		vigie_license_result_release(&r);
		assert_true(want.len > 0);
		for (k = 0; k < VIGIE_ARRAY_SIZE(origins); k++) {
			lic_tick_origin = origins[k];
			vigie_buf_clear(&got);
			assert_int_equal(vigie_license_identify(&r, texts[i],
								strlen(texts[i]),
								0, &err), 0);
			describe(&got, &r);
			vigie_license_result_release(&r);
			assert_string_equal(got.ptr, want.ptr);
		}
	}
	lic_tick_origin = 0;
	for (i = 0; i < nt; i++)
		free(texts[i]);
	vigie_buf_release(&want);
	vigie_buf_release(&got);
}

/* ---- several licenses in one file ------------------------------------------- */

static void test_license_several_licenses_in_one_file(void **state)
{
	char *apache = spdx_text("Apache-2.0"), *mit = spdx_text("MIT");
	char *gpl = spdx_text("GPL-3.0-only"), *bsd = spdx_text("BSD-3-Clause");
	char *a, *b;

	(void)state;
	a = concat(mit, "\n\n---------------------------------------------\n\n");
	b = concat(a, apache);
	expect("MIT then Apache", b, "MIT AND Apache-2.0");
	free(a);
	free(b);
	a = concat("This project is dual-licensed: you may choose either "
		   "license below.\n\n", mit);
	b = concat(a, apache);
	expect("dual MIT/Apache", b, "MIT OR Apache-2.0");
	free(a);
	free(b);
	a = concat(gpl, "\n\nThird-party notices\n===================\n\n"
			"src/vendor/fastcsv is distributed under these terms:\n\n");
	b = concat(a, bsd);
	/* kind 5: the notices of what the project bundles are not its
	 * license; they keep their scope (license.other in an audit) */
	check_scoped(b, 0, "GPL-3.0-only", "BSD-3-Clause", "third-party");
	free(a);
	free(b);
	/* the LGPL-3.0 carries the GPL-3.0 it adds permissions to */
	a = spdx_text("LGPL-3.0-only");
	b = concat(a, gpl);
	expect("LGPL-3.0 followed by the GPL-3.0", b, "LGPL-3.0-only");
	free(a);
	free(b);
	/* the same license twice, for two bundled files: both regions are
	 * that license, not the second a smaller relative (BSD-1-Clause) */
	{
		char *bsd2 = spdx_text("BSD-2-Clause"), *c, *d;
		struct vigie_license_result r;
		size_t i;

		a = concat(mit, "\n\nThird-party notices\n\nsrc/a.c is "
				"distributed under these terms:\n\n"
				"Copyright (c) 2001 A.\n");
		b = concat(a, bsd2);
		c = concat(b, "\n\nsrc/b.c is distributed under these "
			      "terms:\n\nCopyright (c) 1997 The B "
			      "Foundation, Inc.\nAll rights reserved.\n");
		d = concat(c, bsd2);
		check_scoped(d, 0, "MIT", "BSD-2-Clause", "third-party");
		assert_int_equal(vigie_license_identify(&r, d, strlen(d), 0,
							NULL), 0);
		for (i = 0; i < r.count; i++)
			if (strcmp(r.matches[i].id, "MIT") &&
			    strcmp(r.matches[i].id, "BSD-2-Clause"))
				fail_msg("a match of %s", r.matches[i].id);
		vigie_license_result_release(&r);
		free(a);
		free(b);
		free(c);
		free(d);
		free(bsd2);
	}
	free(apache);
	free(mit);
	free(gpl);
	free(bsd);
}

/* ---- notices and references --------------------------------------------------- */

static void ref_is(const char *text, unsigned opts, const char *want,
		   enum vigie_license_method want_method)
{
	enum vigie_license_method m;
	double conf;
	char *got = identify_opts(text, opts, &conf, &m);

	if (strcmp(got, want))
		fail_msg("\"%s\": expected %s, got %s", text, want, got);
	assert_int_equal(m, want_method);
	assert_true(conf > 0 && conf < 1.0 + 1e-9);
	free(got);
}

static void test_license_references_by_name_and_id(void **state)
{
	(void)state;
	ref_is("Licensed under the Apache License, Version 2.0 (the "
	       "\"License\");\nyou may not use this file except in compliance "
	       "with the License.\n", 0, "Apache-2.0",
	       VIGIE_LICENSE_METHOD_REFERENCE);
	ref_is("Licence : CeCILL-B\n", 0, "CECILL-B",
	       VIGIE_LICENSE_METHOD_REFERENCE);
	ref_is("/* SPDX-License-Identifier: GPL-2.0-or-later */\n", 0,
	       "GPL-2.0-or-later", VIGIE_LICENSE_METHOD_SPDX_ID);
	ref_is("# SPDX-License-Identifier: MIT OR Apache-2.0\n", 0,
	       "MIT OR Apache-2.0", VIGIE_LICENSE_METHOD_SPDX_ID);
	ref_is("Ce logiciel est distribu\xc3\xa9 sous licence EUPL v1.2.\n", 0,
	       "EUPL-1.2", VIGIE_LICENSE_METHOD_REFERENCE);
	ref_is("Released under the GNU Affero General Public License v3 or "
	       "later.\n", 0, "AGPL-3.0-or-later",
	       VIGIE_LICENSE_METHOD_REFERENCE);
	ref_is("Publi\xc3\xa9 sous GNU General Public License v3.0 ou plus "
	       "r\xc3\xa9" "cent.\n", 0, "GPL-3.0-or-later",
	       VIGIE_LICENSE_METHOD_REFERENCE);
	ref_is("# tidewatch\n\nCharts.\n\n## License\n\nLicensed under either "
	       "of\n\n * Apache License, Version 2.0 (LICENSE-APACHE)\n * MIT "
	       "license (LICENSE-MIT)\n\nat your option.\n\n## Thanks\n\nAll of "
	       "you, and the GPL-3.0 folks.\n",
	       VIGIE_LICENSE_README, "Apache-2.0 OR MIT",
	       VIGIE_LICENSE_METHOD_REFERENCE);
	/* A heading that only mentions licenses is not the license section. */
	ref_is("# tool\n\n## License identification\n\nWe tell MIT from "
	       "Apache-2.0 and the GPL.\n\n## License\n\nEUPL-1.2\n",
	       VIGIE_LICENSE_README, "EUPL-1.2", VIGIE_LICENSE_METHOD_REFERENCE);
	ref_is("MIT\n", VIGIE_LICENSE_BARE_NAMES, "MIT",
	       VIGIE_LICENSE_METHOD_REFERENCE);
}

static void test_license_non_licenses_give_none(void **state)
{
	static const char *const files[] = {
		"not/README.md", "not/CLA.md", "not/NOTICE", "not/CHANGELOG.md",
	};
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(files); i++) {
		char *t = slurp(files[i]);
		expect(files[i], t, "NONE");
		free(t);
	}
	expect("empty", "", "NONE");
	expect("binary", "\x01\x02\xff\xfe\x00", "NONE");
	/* a bare name outside a license file or section is not a claim */
	expect("bare MIT in prose", "We use the MIT approach to caching.",
	       "NONE");
}

/* ---- hostile and foreign input ------------------------------------------ */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bounded(const char *what, const char *text, size_t len,
		    const char *want)
{
	struct vigie_license_result r;
	struct vigie_error err;
	double t0 = now_s();

	vigie_error_clear(&err);
	if (vigie_license_identify(&r, text, len, VIGIE_LICENSE_BARE_NAMES,
				   &err) < 0)
		fail_msg("%s: %s", what, err.message);
	if (want && strcmp(r.expression, want))
		fail_msg("%s: expected %s, got %s", what, want, r.expression);
	/* linear work: a megabyte takes well under a second */
	if (now_s() - t0 > 10)
		fail_msg("%s took %.1f s", what, now_s() - t0);
	vigie_license_result_release(&r);
}

static void test_license_hostile_input_is_bounded(void **state)
{
	size_t n = 1024 * 1024, i;
	char *buf = malloc(n + 1), *mit = spdx_text("MIT"), *v;
	uint32_t x = 12345;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (char)(x >> 16);
	}
	bounded("random bytes", buf, n, NULL);
	memset(buf, '<', n);
	bounded("a megabyte of '<'", buf, n, "NONE");
	memset(buf, 'a', n);
	bounded("one long word", buf, n, "NONE");
	for (i = 0; i + 4 <= n; i += 4)
		memcpy(buf + i, "<!--", 4);
	bounded("unterminated comments", buf, n, "NONE");
	for (i = 0; i + 7 <= n; i += 7)
		memcpy(buf + i, "MIT or ", 7);
	bounded("a megabyte of names", buf, n - n % 7, "MIT");
	/* NUL bytes do not end the text */
	v = strdup(mit);
	assert_non_null(v);
	v[10] = '\0';
	bounded("MIT with a NUL", v, strlen(mit), "MIT");
	free(v);
	free(mit);
	free(buf);
}

/* UTF-8 to Latin-1, for the characters of French texts. */
static char *to_latin1(const char *s)
{
	char *out = malloc(strlen(s) + 1), *d = out;

	assert_non_null(out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == 0xc3 && s[1]) {
			*d++ = (char)(((unsigned char)s[1] & 0x3f) | 0xc0);
			s++;
		} else if (c == 0xc2 && s[1]) {
			*d++ = s[1];
			s++;
		} else if (c < 0x80) {
			*d++ = (char)c;
		}
	}
	*d = '\0';
	return out;
}

static void test_license_french_texts_in_utf8_and_latin1(void **state)
{
	static const char *const ids[] = { "CECILL-2.1", "CECILL-B",
					   "CECILL-C", "EUPL-1.2" };
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(ids); i++) {
		char path[4096], *t, *l1, what[64];
		FILE *f;
		long n;
		snprintf(path, sizeof(path), "%s/rules/licenses/extra/%s.fr.txt",
			 fx_source_root(), ids[i]);
		f = fopen(path, "rb");
		assert_non_null(f);
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		fseek(f, 0, SEEK_SET);
		t = malloc((size_t)n + 1);
		assert_non_null(t);
		assert_int_equal(fread(t, 1, (size_t)n, f), (size_t)n);
		t[n] = '\0';
		fclose(f);
		snprintf(what, sizeof(what), "%s in French", ids[i]);
		expect(what, t, ids[i]);
		l1 = to_latin1(t);
		snprintf(what, sizeof(what), "%s in French, Latin-1", ids[i]);
		expect(what, l1, ids[i]);
		free(l1);
		free(t);
	}
}

/* ---- expressions and manifests --------------------------------------------------- */

static void expr_is(const char *in, const char *want)
{
	struct vigie_error err;
	char *out = NULL;

	vigie_error_clear(&err);
	if (vigie_license_expr_normalize(&out, in, &err) < 0)
		fail_msg("'%s' did not normalise: %s", in, err.message);
	if (strcmp(out, want))
		fail_msg("'%s': expected %s, got %s", in, want, out);
	free(out);
}

static void test_license_expressions(void **state)
{
	char *out = NULL;
	struct vigie_error err;

	(void)state;
	expr_is("mit", "MIT");
	expr_is("GPL-2.0+", "GPL-2.0-or-later");
	expr_is("GPL-3.0", "GPL-3.0-only");
	expr_is("MIT/Apache-2.0", "MIT OR Apache-2.0");
	/* one license under its two usual names is not a choice */
	expr_is("MIT/X11", "MIT");
	expr_is("GPLv2+", "GPL-2.0-or-later");
	expr_is("(MIT or Apache-2.0) and BSD-3-Clause",
		"(MIT OR Apache-2.0) AND BSD-3-Clause");
	expr_is("Apache License, Version 2.0", "Apache-2.0");
	expr_is("GNU Affero General Public License v3 or later (AGPLv3+)",
		"AGPL-3.0-or-later");
	expr_is("GPL-2.0-only WITH Classpath-exception-2.0",
		"GPL-2.0-only WITH Classpath-exception-2.0");
	vigie_error_clear(&err);
	assert_int_equal(vigie_license_expr_normalize(&out, "Proprietary", &err),
			 VIGIE_EINVALID);
	assert_null(out);

	assert_true(vigie_license_expr_flag("MIT", VIGIE_LICENSE_FLAG_OSI));
	assert_true(vigie_license_expr_flag("EUPL-1.2",
					    VIGIE_LICENSE_FLAG_FR_PUBLIC_SECTOR));
	assert_false(vigie_license_expr_flag("GPL-2.0-only",
					     VIGIE_LICENSE_FLAG_FR_PUBLIC_SECTOR));
	assert_true(vigie_license_expr_flag("GPL-2.0-only OR MIT",
					    VIGIE_LICENSE_FLAG_FR_PUBLIC_SECTOR));
	assert_false(vigie_license_expr_flag("GPL-2.0-only AND MIT",
					     VIGIE_LICENSE_FLAG_FR_PUBLIC_SECTOR));
	assert_true(vigie_license_expr_flag("GPL-3.0-only AND MIT",
					    VIGIE_LICENSE_FLAG_COPYLEFT));
	assert_false(vigie_license_expr_flag("GPL-3.0-only OR MIT",
					     VIGIE_LICENSE_FLAG_COPYLEFT));
	assert_false(vigie_license_expr_flag("NONE", VIGIE_LICENSE_FLAG_OSI));
	assert_int_equal(vigie_license_expr_bases(&out,
		"GPL-3.0-or-later OR (MIT AND GPL-3.0-only)"), 0);
	assert_string_equal(out, "GPL-3.0 MIT");
	free(out);
}

static void manifest_is(const char *path, const char *text, const char *want)
{
	char *out = NULL;
	int rc = vigie_license_manifest_value(&out, path, text, strlen(text));

	assert_true(vigie_license_is_manifest(path));
	if (!want) {
		assert_int_equal(rc, VIGIE_ENOTFOUND);
		return;
	}
	if (rc < 0)
		fail_msg("%s: no license found", path);
	if (strcmp(out, want))
		fail_msg("%s: expected %s, got %s", path, want, out);
	free(out);
}

static void test_license_manifests(void **state)
{
	(void)state;
	manifest_is("package.json", "{\"name\": \"x\", \"license\": \"MIT\"}",
		    "MIT");
	manifest_is("package.json", "{\"license\": {\"type\": \"ISC\"}}", "ISC");
	manifest_is("composer.json", "{\"license\": [\"MIT\", \"GPL-3.0-only\"]}",
		    "MIT OR GPL-3.0-only");
	manifest_is("Cargo.toml", "[package]\nname = \"x\"\nlicense = \"MIT OR "
		    "Apache-2.0\"\n\n[dependencies]\nlicense = \"no\"\n",
		    "MIT OR Apache-2.0");
	manifest_is("pyproject.toml", "[project]\nname = \"x\"\nlicense = "
		    "{text = \"EUPL-1.2\"}\n", "EUPL-1.2");
	manifest_is("pyproject.toml", "[project]\nlicense = {file = "
		    "\"LICENSE\"}\n", NULL);
	manifest_is("setup.cfg", "[metadata]\nname = x\nlicense = BSD-3-Clause\n",
		    "BSD-3-Clause");
	manifest_is("x.gemspec", "Gem::Specification.new do |s|\n  s.name = "
		    "'x'\n  s.licenses = ['MIT', 'Ruby']\nend\n", "MIT OR Ruby");
	manifest_is("pom.xml", "<project><licenses><license><name>Apache "
		    "License, Version 2.0</name><url>x</url></license>"
		    "</licenses></project>", "Apache License, Version 2.0");
	manifest_is("publiccode.yml", "publiccodeYmlVersion: '0.2'\nname: x\n"
		    "legal:\n  license: AGPL-3.0-or-later\n  mainCopyrightOwner: "
		    "X\n", "AGPL-3.0-or-later");
	manifest_is("pyproject.toml", "[project]\nclassifiers = [\n  \"License :: "
		    "OSI Approved :: MIT License\",\n]\n", "MIT License");
	manifest_is("meson.build", "project('x', 'c',\n  version: '1.0',\n"
		    "  license: 'GPLv2+',\n  meson_version: '>= 0.59')\n",
		    "GPLv2+");
	manifest_is("meson.build", "project('x', 'c', license : ['MIT', "
		    "'Zlib'], license_files: ['COPYING'])\n", "MIT OR Zlib");
	/* license_files names files, not a license; a later call is not
	 * the project's */
	manifest_is("meson.build", "project('x', 'c', license_files: "
		    "'COPYING')\nfoo('y', license: 'MIT')\n", NULL);
	manifest_is("meson.build", "# license: 'MIT'\nproject('x')\n", NULL);
	manifest_is("package.json", "{\"name\": \"x\"}", NULL);
	assert_false(vigie_license_is_manifest("src/main.c"));
}

/* ---- the collector, through a real repository -------------------------------------- */

static char *audit_facts(const char *repo)
{
	char *out = NULL;
	int st = fx_sh_out(&out, repo, "'%s' audit --offline --format json . "
			   "2>/dev/null", fx_vigie_bin());

	(void)st;
	assert_non_null(out);
	return out;
}

static void test_license_collector_in_a_repository(void **state)
{
	char *repo = fx_repo_new("license");
	char *mit = spdx_text("MIT"), *gpl = spdx_text("GPL-3.0-only");
	char *out;

	(void)state;
	fx_write(repo, "LICENSE", mit);
	fx_write(repo, "package.json", "{\"name\": \"x\", \"license\": \"MIT\"}\n");
	fx_write(repo, "README.md", "# x\n\nA tool.\n\n## License\n\nMIT\n");
	fx_commit(repo, "MIT everywhere");
	out = audit_facts(repo);
	assert_contains(out, "\"expression\": \"MIT\"");
	assert_contains(out, "\"consistent\": true");
	assert_contains(out, "\"fr_public_sector\": true");
	assert_contains(out, "\"method\": \"text\"");
	assert_contains(out, "\"value\": \"MIT\"");
	free(out);

	/* the manifest now says something else */
	fx_sh(repo, "rm LICENSE");
	fx_write(repo, "COPYING", gpl);
	fx_write(repo, "package.json",
		 "{\"name\": \"x\", \"license\": \"GPL-3.0-or-later\"}\n");
	fx_write(repo, "README.md", "# x\n\nA tool.\n\n## License\n\nMIT\n");
	fx_commit(repo, "GPL text, MIT README");
	out = audit_facts(repo);
	assert_contains(out, "\"consistent\": false");
	assert_contains(out, "\"copyleft\": true");
	assert_contains(out, "GPL-3.0-or-later");
	free(out);

	/* REUSE: a LicenseRef text is declared by its file name. */
	fx_sh(repo, "rm COPYING package.json");
	fx_write(repo, "LICENSES/MIT.txt", mit);
	fx_write(repo, "LICENSES/LicenseRef-Ours.txt", "Our own terms, in our words.\n");
	fx_write(repo, "LICENSES/LicenseRef-../x", "not a reference\n");
	fx_write(repo, "README.md", "# x\n\nA tool.\n");
	fx_commit(repo, "REUSE");
	out = audit_facts(repo);
	assert_contains(out, "\"spdx\": \"LicenseRef-Ours\"");
	assert_contains(out, "\"method\": \"filename\"");
	/* the project's own reference covers some files, not the code */
	assert_contains(out, "\"expression\": \"MIT\"");
	assert_contains(out, "\"scope\": \"files\"");
	free(out);
	free(mit);
	free(gpl);
	fx_rmdir(repo);
}

/* facts.license of an audit of repo with the cache under cache (new). */
static json_t *license_kept(const char *repo, const char *cache)
{
	char *out = NULL;
	json_error_t je;
	json_t *doc, *lic;

	(void)fx_sh_out(&out, repo, "'%s' audit --offline --format json "
			"--cache-dir '%s' . 2>/dev/null", fx_vigie_bin(), cache);
	assert_non_null(out);
	doc = json_loads(out, 0, &je);
	if (!doc)
		fail_msg("audit output is not JSON (%s):\n%s", je.text, out);
	free(out);
	lic = json_incref(vigie_json_path(doc, "facts.license"));
	json_decref(doc);
	assert_non_null(lic);
	return lic;
}

/* The next audit gives the facts cold did. */
static void assert_kept_same(const char *repo, const char *cache, json_t *cold,
			     const char *what)
{
	json_t *warm = license_kept(repo, cache);

	fx_assert_json_equal(cold, warm, what);
	json_decref(warm);
}

/*
 * What an audit made of each license text is kept for the next audit of
 * the repository (CACHE/licenses/): the next gives the same facts, reads
 * them from there (an entry altered in place shows), and takes a damaged
 * file, or one of another build, for no cache.
 */
static void test_license_kept_for_the_next_audit(void **state)
{
	char *repo = fx_repo_new("license-kept"), *cache = fx_tmpdir("lic-kept");
	char *mit = spdx_text("MIT"), *gpl = spdx_text("GPL-3.0-only");
	char *modes = NULL;
	json_t *cold, *warm, *files;
	size_t i;

	(void)state;
	fx_write(repo, "LICENSE", mit);
	fx_write(repo, "COPYING", gpl);
	fx_write(repo, "LICENSES/LicenseRef-Ours.txt",
		 "Our own terms, in our words.\n");
	fx_write(repo, "docs/LICENSE", "Permission is granted to use, copy, "
		 "modify and distribute this documentation, for any purpose.\n");
	fx_write(repo, "README.md", "# x\n\nA tool.\n\n## License\n\nMIT\n");
	/* a source file's notice, kept too */
	fx_write(repo, "src/gpl.c",
		 "/*\n * This program is free software; you can redistribute it "
		 "and/or modify\n * it under the terms of the GNU General Public "
		 "License as published by\n * the Free Software Foundation; either "
		 "version 2 of the License, or\n * (at your option) any later "
		 "version.\n */\nint x;\n");
	fx_write(repo, "src/plain.c", "/* Adds numbers. */\nint y;\n");
	fx_commit(repo, "licenses");
	cold = license_kept(repo, cache);
	{
		char *other = json_dumps(json_object_get(cold, "other"), 0);
		assert_non_null(strstr(other, "GPL-2.0-or-later"));
		free(other);
	}
	assert_int_equal(fx_sh_out(&modes, cache,
				   "stat -c '%%a' licenses/* | sort -u"), 0);
	assert_string_equal(modes, "600\n");
	free(modes);
	assert_kept_same(repo, cache, cold, "a first audit and the next");

	/* read from the store: MIT altered to ISC there is ISC, and the
	 * notice's GPL-2.0-or-later, GPL-1.0-or-later */
	fx_sh(cache, "sed -i 's/\\tMIT\\t/\\tISC\\t/; s/^MIT\\t/ISC\\t/; "
		     "s/\\tGPL-2\\.0-or-later/\\tGPL-1.0-or-later/' licenses/*");
	warm = license_kept(repo, cache);
	files = json_object_get(warm, "files");
	for (i = 0; i < json_array_size(files); i++)
		if (!strcmp(json_string_value(json_object_get(
				    json_array_get(files, i), "path")), "LICENSE"))
			assert_string_equal(json_string_value(json_object_get(
				json_array_get(files, i), "spdx")), "ISC");
	assert_false(json_equal(cold, warm));
	{
		char *other = json_dumps(json_object_get(warm, "other"), 0);
		assert_non_null(strstr(other, "GPL-1.0-or-later"));
		assert_null(strstr(other, "GPL-2.0-or-later"));
		free(other);
	}
	json_decref(warm);

	/* another build's store (its key at bytes 16-19) is no cache, and
	 * the audit writes its own over it */
	fx_sh(cache, "for f in licenses/*; do printf '\\001\\002\\003\\004' | "
		     "dd of=\"$f\" bs=1 seek=16 conv=notrunc 2>/dev/null; done");
	assert_kept_same(repo, cache, cold, "with another build's store");
	assert_kept_same(repo, cache, cold, "with the store written again");

	/* damaged: cut short, or texts that do not parse */
	fx_sh(cache, "for f in licenses/*; do head -c 200 \"$f\" > x && mv x \"$f\"; done");
	assert_kept_same(repo, cache, cold, "with a damaged store");
	fx_sh(cache, "sed -i 's/\\t0\\.[0-9]*\\t/\\t7\\t/g; s/^0\\t/9\\t/' licenses/*");
	assert_kept_same(repo, cache, cold, "with texts that do not parse");

	json_decref(cold);
	free(mit);
	free(gpl);
	fx_rmdir(cache);
	fx_rmdir(repo);
}

/* The text of a database license, as its normalised words (new): enough
 * for the matcher, no fixture file needed. */
static char *db_text(const char *id)
{
	size_t i;

	for (i = 0; i < vigie_license_db_count(); i++)
		if (!strcmp(vigie_license_db_get(i)->id, id))
			return vigie_license_db_words(i);
	fail_msg("no license %s in the database", id);
	return NULL;
}

/* The whole audit document of repo, parsed (new). */
static json_t *audit_doc(const char *repo)
{
	char *out = audit_facts(repo);
	json_error_t je;
	json_t *doc = json_loads(out, 0, &je);

	if (!doc)
		fail_msg("audit output is not JSON (%s):\n%s", je.text, out);
	free(out);
	return doc;
}

static const char *lic_str(json_t *doc, const char *key)
{
	char path[128];

	snprintf(path, sizeof(path), "facts.license.%s", key);
	return json_string_value(vigie_json_path(doc, path));
}

/* The check's status in a parsed audit. */
static const char *status_of(json_t *doc, const char *id)
{
	json_t *checks = json_object_get(doc, "checks");
	size_t i;

	for (i = 0; i < json_array_size(checks); i++) {
		json_t *c = json_array_get(checks, i);
		if (!strcmp(json_string_value(json_object_get(c, "id")), id))
			return json_string_value(json_object_get(c, "status"));
	}
	fail_msg("no check %s", id);
	return NULL;
}

/* The other[] entry for spdx: its scope, and whether path is among its
 * paths. */
static const char *other_scope(json_t *doc, const char *spdx,
			       const char *path)
{
	json_t *other = vigie_json_path(doc, "facts.license.other");
	size_t i, k;

	for (i = 0; i < json_array_size(other); i++) {
		json_t *o = json_array_get(other, i);
		json_t *paths = json_object_get(o, "paths");
		if (strcmp(json_string_value(json_object_get(o, "spdx")), spdx))
			continue;
		for (k = 0; path && k < json_array_size(paths); k++)
			if (!strcmp(json_string_value(json_array_get(paths, k)),
				    path))
				break;
		if (path && k == json_array_size(paths))
			fail_msg("%s: no path %s", spdx, path);
		return json_string_value(json_object_get(o, "scope"));
	}
	if (path)
		fail_msg("no other license %s (at %s)", spdx, path);
	return NULL;
}

/*
 * The license files of parts of the tree (vendored code, a sub-component)
 * are other licenses with their paths, never the project's; tests'
 * fixtures are not parts; a part's text no database knows is named by its
 * title.  Alone, they give the project no license.
 */
static void test_license_parts_of_the_tree_are_other_licenses(void **state)
{
	char *repo = fx_repo_new("license-parts");
	char *mit = spdx_text("MIT"), *bsd = spdx_text("BSD-3-Clause");
	char *gpl = spdx_text("GPL-2.0-only");
	json_t *doc;

	(void)state;
	fx_write(repo, "LICENSE", mit);
	fx_write(repo, "reftable/LICENSE", bsd);
	fx_write(repo, "deps/llhttp/LICENSE-MIT", mit);
	fx_write(repo, "tests/fixtures/pkg/LICENSE", gpl);
	fx_write(repo, "utils/licence.tmpl", gpl); /* a template */
	fx_write(repo, "server/LICENSE.md",
		 "# Acme Shield License 1.0.0\n\nYou may use this software "
		 "for any purpose except competing with Acme.\n");
	fx_write(repo, "src/a.c", "int a;\n");
	fx_commit(repo, "parts");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "MIT");
	assert_string_equal(other_scope(doc, "BSD-3-Clause", "reftable/LICENSE"),
			    "files");
	assert_string_equal(other_scope(doc, "LicenseRef-Acme-Shield-License-1.0.0",
					"server/LICENSE.md"),
			    "files");
	/* the same license as the code's is no other license */
	assert_null(other_scope(doc, "MIT", NULL));
	assert_null(other_scope(doc, "GPL-2.0-only", NULL));
	assert_string_equal(status_of(doc, "license.libre"), "pass");
	json_decref(doc);

	/* without the root's: no license for the project */
	fx_sh(repo, "git rm -q LICENSE");
	fx_commit(repo, "no root license");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "NONE");
	assert_string_equal(status_of(doc, "license.present"), "fail");
	assert_string_equal(other_scope(doc, "BSD-3-Clause", "reftable/LICENSE"),
			    "files");
	json_decref(doc);
	free(mit);
	free(bsd);
	free(gpl);
	fx_rmdir(repo);
}

/*
 * Kind 1: a REUSE layout names the license of each part of the tree; the
 * project's license is the one of its code (the widest annotation), the
 * others are listed with where they apply, not ANDed into it.
 */
static void test_license_reuse_layout_names_the_code_license(void **state)
{
	char *repo = fx_repo_new("license-reuse");
	char *mit = spdx_text("MIT"), *ccby = db_text("CC-BY-4.0");
	char *etalab = db_text("etalab-2.0");
	json_t *doc;

	(void)state;
	fx_write(repo, "LICENSES/MIT.txt", mit);
	fx_write(repo, "LICENSES/CC-BY-4.0.txt", ccby);
	fx_write(repo, "LICENSES/etalab-2.0.txt", etalab);
	fx_write(repo, "LICENSES/LicenseRef-Logo.txt", "All rights reserved.\n");
	fx_write(repo, "src/a.c", "int a;\n");
	fx_write(repo, "src/b.c", "int b;\n");
	fx_write(repo, "src/c.c", "int c;\n");
	fx_write(repo, "docs/guide.md", "# Guide\n");
	fx_write(repo, "data/communes.csv", "a,b\n");
	fx_write(repo, "logo.svg", "<svg/>\n");
	fx_write(repo, "REUSE.toml",
		 "version = 1\n\n"
		 "[[annotations]]\npath = [\"src/**\", \"Makefile\"]\n"
		 "SPDX-License-Identifier = \"MIT\"\n\n"
		 "[[annotations]]\npath = [\n  \"docs/**\",\n  \"*.md\",\n]\n"
		 "SPDX-License-Identifier = \"CC-BY-4.0\"\n\n"
		 "[[annotations]]\npath = \"data/**\"\n"
		 "SPDX-License-Identifier = \"etalab-2.0\"\n\n"
		 "[[annotations]]\npath = \"logo.svg\"\n"
		 "SPDX-License-Identifier = \"LicenseRef-Logo\"\n");
	fx_commit(repo, "REUSE.toml");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "MIT");
	assert_string_equal(other_scope(doc, "CC-BY-4.0", "docs/**"), "docs");
	assert_string_equal(other_scope(doc, "CC-BY-4.0",
					"LICENSES/CC-BY-4.0.txt"), "docs");
	assert_string_equal(other_scope(doc, "etalab-2.0", "data/**"), "data");
	assert_string_equal(other_scope(doc, "LicenseRef-Logo", "logo.svg"),
			    "assets");
	assert_null(other_scope(doc, "MIT", NULL));
	assert_true(json_is_true(vigie_json_path(doc, "facts.license.libre")));
	assert_string_equal(status_of(doc, "license.libre"), "pass");
	json_decref(doc);

	/* the same with .reuse/dep5, where '*' covers every path */
	fx_sh(repo, "rm REUSE.toml && mkdir -p .reuse");
	fx_write(repo, ".reuse/dep5",
		 "Format: https://www.debian.org/doc/packaging-manuals/"
		 "copyright-format/1.0/\nUpstream-Name: x\n\n"
		 "Files: *\nCopyright: 2024 Someone\nLicense: MIT\n\n"
		 "Files: docs/*\n *.md\nCopyright: 2024 Someone\n"
		 "License: CC-BY-4.0\n\n"
		 "Files: logo.svg\nCopyright: 2024 Someone\n"
		 "License: LicenseRef-Logo\n");
	fx_commit(repo, "dep5");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "MIT");
	assert_string_equal(other_scope(doc, "CC-BY-4.0", "docs/*"), "docs");
	assert_string_equal(other_scope(doc, "LicenseRef-Logo", "logo.svg"),
			    "assets");
	json_decref(doc);

	/* a root LICENSE says it first; LICENSES/ texts for a handful of
	 * files (curl's ISC and BSD-4-Clause-UC) are not the project's */
	fx_sh(repo, "rm -r .reuse LICENSES");
	free(mit);
	mit = db_text("curl");
	fx_write(repo, "COPYING", mit);
	free(etalab);
	etalab = spdx_text("ISC");
	fx_write(repo, "LICENSES/ISC.txt", etalab);
	fx_write(repo, "LICENSES/curl.txt", mit);
	fx_commit(repo, "curl");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "curl");
	assert_string_equal(other_scope(doc, "ISC", "LICENSES/ISC.txt"),
			    "files");
	assert_null(other_scope(doc, "curl", NULL));
	/* kind 2: curl is libre (a permissive license Debian ships) */
	assert_true(json_is_true(vigie_json_path(doc, "facts.license.libre")));
	assert_string_equal(status_of(doc, "license.libre"), "pass");
	json_decref(doc);

	/* a root text for the documentation beside the code's */
	fx_sh(repo, "rm -r LICENSES COPYING");
	fx_write(repo, "LICENSE", mit);
	fx_write(repo, "LICENSE-docs", ccby);
	fx_commit(repo, "docs license");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "curl");
	assert_string_equal(other_scope(doc, "CC-BY-4.0", "LICENSE-docs"),
			    "docs");
	json_decref(doc);
	free(mit);
	free(ccby);
	free(etalab);
	fx_rmdir(repo);
}

/* The expression and the scope vigie gives license id in text. */
static void check_scoped(const char *text, unsigned opts, const char *want,
			 const char *id, const char *scope)
{
	struct vigie_license_result r;
	size_t i;

	assert_int_equal(vigie_license_identify(&r, text, strlen(text), opts,
						NULL), 0);
	if (strcmp(r.expression, want))
		fail_msg("%s: got %s, want %s", text, r.expression, want);
	for (i = 0; i < r.count && strcmp(r.matches[i].id, id); i++)
		;
	if (i == r.count)
		fail_msg("%s: %s not found", text, id);
	/* the work's own license has no scope */
	if (!scope[0])
		assert_null(r.matches[i].scope);
	else
		assert_string_equal(r.matches[i].scope, scope);
	vigie_license_result_release(&r);
}

/*
 * Kind 1: "code under X, documentation under Y" licenses the code under X;
 * Y is kept, with its scope, outside the expression (no OR, no AND).
 */
static void test_license_scoped_statements(void **state)
{
	char *repo = fx_repo_new("license-scoped");
	char *mit = spdx_text("MIT");
	json_t *doc;

	(void)state;
	check_scoped("## License\n\nThe code is released under the MIT license, "
		     "and the documentation under CC-BY-4.0; choose either "
		     "part as you need.\n", VIGIE_LICENSE_README, "MIT",
		     "CC-BY-4.0", "docs");
	check_scoped("## Licence\n\nLe code source est sous licence MIT. La "
		     "documentation est sous licence Creative Commons "
		     "Attribution 4.0.\n", VIGIE_LICENSE_README, "MIT",
		     "CC-BY-4.0", "docs");
	check_scoped("## License\n\n- Code: AGPL-3.0-or-later\n- Logos and "
		     "images: CC-BY-SA-4.0\n- Data: ODbL\n",
		     VIGIE_LICENSE_README, "AGPL-3.0-or-later", "ODbL-1.0",
		     "data");
	check_scoped("## License\n\nMIT. Some bundled dependencies are under "
		     "the Apache License 2.0.\n", VIGIE_LICENSE_README, "MIT",
		     "Apache-2.0", "third-party");
	/* a sentence wrapped over lines, and a link to the same license */
	check_scoped("Header and source files are published under CeCILL\n"
		     "version 2.1 license.\n\nGraphical assets in directory res "
		     "are distributed under CC BY-NC-ND version\n4.0 license, "
		     "see https://www.creativecommons.org/licenses/by-nc-nd/4.0/"
		     " for a\nhuman-readable summary.\n",
		     VIGIE_LICENSE_BARE_NAMES, "CECILL-2.1", "CC-BY-NC-ND-4.0",
		     "assets");
	/* a link target is no clause of its own; a section heading says
	 * what the licenses under it cover */
	check_scoped("# Licences\n\nLes codes sources sont sous [licence MIT]"
		     "(LICENSES/MIT.md).\n\nLe contenu du site est sous "
		     "[licence Ouverte 2.0](LICENSES/LICENSE.Etalab-2.0.md).\n\n"
		     "## Image credits\n\n- logo.svg by someone, under "
		     "CC BY-SA 4.0\n", VIGIE_LICENSE_README, "MIT",
		     "CC-BY-SA-4.0", "assets");
	check_scoped("# Licences\n\nLes codes sources sont sous [licence MIT]"
		     "(LICENSES/MIT.md).\n\nLe contenu du site est sous "
		     "[licence Ouverte 2.0](LICENSES/LICENSE.Etalab-2.0.md).\n",
		     VIGIE_LICENSE_README, "MIT", "etalab-2.0", "docs");
	/* the same license for code and docs: the work's own */
	check_scoped("## License\n\nThe source code and the documentation "
		     "are under the MIT license.\n", VIGIE_LICENSE_README,
		     "MIT", "MIT", "");

	fx_write(repo, "LICENSE", mit);
	fx_write(repo, "README.md", "# x\n\n## License\n\nThe code is under "
		 "the MIT license, the documentation under CC-BY-4.0.\n");
	fx_commit(repo, "scoped");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "MIT");
	assert_string_equal(other_scope(doc, "CC-BY-4.0", "README.md"), "docs");
	assert_true(json_is_true(vigie_json_path(doc,
						  "facts.license.consistent")));
	json_decref(doc);
	free(mit);
	fx_rmdir(repo);
}

/*
 * Issue #13: what a license file says of parts of the work, in the shapes
 * real files use, stays out of the project's expression.
 */
static void test_license_parts_named_in_a_license_file(void **state)
{
	char *mit = spdx_text("MIT"), *bsd = spdx_text("BSD-3-Clause");
	char *a, *b, *c;

	(void)state;
	/* a remark in parentheses is not the subject: "the documentation
	 * (everything under docs/ in the source tree)" covers the docs */
	a = concat(mit, "\n\nThe documentation (everything found under the "
			"docs/ subdirectory in\nthe source tree) is licensed "
			"under the Creative Commons CC BY 3.0\nlicense.\n\n");
	check_scoped(a, VIGIE_LICENSE_BARE_NAMES, "MIT", "CC-BY-3.0", "docs");
	/* a text the project "incorporates" after its own is bundled */
	b = concat(a, "The program incorporates fastfmt.c, which bears the "
		      "following notice:\n\n");
	c = concat(b, bsd);
	check_scoped(c, VIGIE_LICENSE_BARE_NAMES, "MIT", "BSD-3-Clause",
		     "third-party");
	free(a);
	free(b);
	free(c);
	/* the project's license named first, then a full text under a
	 * third-party heading */
	a = concat("# The library\n\nThis software is released under the "
		   "licence CeCILL-B.\n\n## Third party code\n\nThe library "
		   "includes the following third party code:\n\n### tinylib\n"
		   "Licensed under MIT license\n\n", mit);
	check_scoped(a, VIGIE_LICENSE_BARE_NAMES, "CECILL-B", "MIT",
		     "third-party");
	free(a);
	/* "the following directories are under MIT", and a heading naming
	 * the default license before the sentence that says "or later" */
	check_scoped("# Licensing\n\n## MIT License\n\nThe following "
		     "directories and their subdirectories are licensed under "
		     "[MIT](./front/LICENSE):\n\n```\n./front/\n```\n\n"
		     "## AGPL-3.0\n\nThe default license for this project is "
		     "[AGPL-3.0-or-later](./AGPL-3.0.LICENSE.md).\n",
		     VIGIE_LICENSE_BARE_NAMES, "AGPL-3.0-or-later", "MIT",
		     "files");
	/* "portions ... are based on works by others", then a bundled
	 * file's SPDX line and notice */
	a = concat(bsd, "\n==========\n\nPortions of the library are based "
			"on works by others.  Here is a list:\n\n"
			"tls-client.c is available under the following "
			"license:\n\nSPDX-License-Identifier: Apache-2.0\n\n"
			"Licensed under the Apache License, Version 2.0 (the "
			"\"License\"); you may not use this file except in "
			"compliance with the License.\n");
	check_scoped(a, VIGIE_LICENSE_BARE_NAMES, "BSD-3-Clause",
		     "Apache-2.0", "third-party");
	free(a);
	/* an explicit "-only" beside "-or-later" of the same license: one */
	expect("GPL-2.0-only and GPL-2.0-or-later",
	       "This program is licensed under GPL-2.0-only. This program "
	       "is licensed under GPL-2.0-or-later.\n", "GPL-2.0-or-later");
	free(mit);
	free(bsd);
}

/*
 * Issue #13, libgit2's COPYING: a linking exception, the GPL-2.0, then
 * notices of bundled code and the LGPL-2.1 that shares most of the
 * GPL-2.0's phrases.  One long region over both texts matched neither
 * well, and a cousin (the LGPL-2.1 alone, or the AGPL-1.0 built on the
 * GPL-2.0) won; the exception names the GCC linking exception.
 */
static void test_license_gpl_with_exception_and_bundled_lgpl(void **state)
{
	static const char exc[] =
		"This library is Copyright (C) its contributors.\n\n"
		"\t\tLINKING EXCEPTION\n\n"
		" In addition to the permissions in the GNU General Public "
		"License,\n the authors give you unlimited permission to link "
		"the compiled\n version of this library into combinations with "
		"other programs,\n and to distribute those combinations without "
		"any restriction\n coming from the use of this file.\n\n"
		"----------\n\n";
	char *gpl = spdx_text("GPL-2.0-only"), *isc = spdx_text("ISC");
	char *lgpl = spdx_text("LGPL-2.1-only"), *a, *b, *c;

	(void)state;
	a = concat(exc, gpl);
	expect("GPL-2.0 with a linking exception", a,
	       "GPL-2.0-only WITH GCC-exception-2.0");
	b = concat(a, "\n----\n\nThe bundled code in deps/ is licensed "
		      "under:\n\n");
	free(a);
	a = concat(b, isc);
	free(b);
	b = concat(a, "\n----\n\nThe bundled definition files (deps/defs/) "
		      "are licensed under the GNU LGPL:\n\n");
	c = concat(b, lgpl);
	check_scoped(c, VIGIE_LICENSE_BARE_NAMES,
		     "GPL-2.0-only WITH GCC-exception-2.0", "LGPL-2.1-only",
		     "third-party");
	/* without the exception, the bare GNU text */
	free(a);
	a = replace_all(c, "unlimited permission to link", "permission");
	check_scoped(a, VIGIE_LICENSE_BARE_NAMES, "GPL-2.0-only", "ISC",
		     "third-party");
	free(a);
	free(b);
	free(c);
	free(gpl);
	free(isc);
	free(lgpl);
}

/*
 * Issue #13, KDE's layout: LICENSES/ holds every license some file uses,
 * no file at the root, no annotation.  The code's license is what more
 * than half of the source files' SPDX headers declare (vendored code not
 * counted); the other LICENSES/ texts cover files.  Without a majority the
 * licenses are joined as before.
 */
static void test_license_reuse_headers_name_the_code_license(void **state)
{
	char *repo = fx_repo_new("license-reuse-headers");
	char *lgpl = spdx_text("LGPL-2.1-only"), *mit = spdx_text("MIT");
	char *bsd = spdx_text("BSD-2-Clause");
	json_t *doc;
	const char *got;

	(void)state;
	fx_write(repo, "LICENSES/LGPL-2.1-or-later.txt", lgpl);
	fx_write(repo, "LICENSES/MIT.txt", mit);
	fx_write(repo, "LICENSES/BSD-2-Clause.txt", bsd);
	fx_write(repo, "README.md", "# x\n\nA library.\n");
	fx_write(repo, "src/a.cpp", "/*\n * SPDX-FileCopyrightText: 2024 A\n"
		 " * SPDX-License-Identifier: LGPL-2.1-or-later\n */\nint a;\n");
	fx_write(repo, "src/b.h", "// SPDX-License-Identifier: "
		 "LGPL-2.1-or-later\nint b;\n");
	fx_write(repo, "src/c.qml", "/* SPDX-License-Identifier: "
		 "LGPL-2.1-or-later */\nItem {}\n");
	fx_write(repo, "tools/gen.py", "# SPDX-License-Identifier: MIT\n");
	fx_write(repo, "cmake/find.sh", "# SPDX-License-Identifier: "
		 "BSD-2-Clause\n");
	/* vendored code does not vote */
	fx_write(repo, "vendor/v1.c", "// SPDX-License-Identifier: MIT\n");
	fx_write(repo, "vendor/v2.c", "// SPDX-License-Identifier: MIT\n");
	fx_write(repo, "vendor/v3.c", "// SPDX-License-Identifier: MIT\n");
	fx_commit(repo, "reuse headers");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "LGPL-2.1-or-later");
	assert_string_equal(other_scope(doc, "MIT", "LICENSES/MIT.txt"),
			    "files");
	assert_string_equal(other_scope(doc, "BSD-2-Clause", NULL), "files");
	json_decref(doc);

	/* no license on more than half of the headers: every license */
	fx_write(repo, "tools/more.py", "# SPDX-License-Identifier: MIT\n");
	fx_write(repo, "cmake/more.sh", "# SPDX-License-Identifier: MIT\n");
	fx_sh(repo, "rm src/c.qml");
	fx_commit(repo, "no majority");
	doc = audit_doc(repo);
	got = lic_str(doc, "expression");
	assert_non_null(strstr(got, "LGPL-2.1-or-later"));
	assert_non_null(strstr(got, " AND MIT"));
	json_decref(doc);
	free(lgpl);
	free(mit);
	free(bsd);
	fx_rmdir(repo);
}

/*
 * Issue #13: a license text at the root that no database knows is the
 * project's license, named after its title (or "unknown"), whatever a
 * manifest declares; license.consistent shows the disagreement.
 */
static void test_license_unknown_root_text_wins_over_a_manifest(void **state)
{
	/* libre: "true" when the unlisted text grants the four freedoms in
	 * plain words (use for any purpose, read, change, share), else
	 * "unknown" (a condition that takes one back) */
	static const struct {
		const char *text, *want, *libre;
	} cases[] = {
		{ "The Plumtree Licence v2\n\nCopyright (c) 2020 Someone\n\n"
		  "Anyone may use, read, change and share this software, "
		  "for any purpose, provided that this notice stays with "
		  "every copy of it and of the works made from it.\n",
		  "LicenseRef-Plumtree-Licence-v2", "true" },
		{ "Copyright (c) 2020 Someone\n\nAnyone may use, read, change "
		  "and share this software, for any purpose, provided that "
		  "this notice stays with every copy of it.\n",
		  "LicenseRef-unknown", "true" },
		{ "# Software License Agreement\n\nAnyone may use, read, "
		  "change and share this software, for any purpose.\n",
		  "LicenseRef-unknown", "true" },
		{ "The Quince Licence 1\n\nCopyright (c) 2020 Someone\n\n"
		  "Anyone may use, read, change and share this software "
		  "for any purpose, for non-commercial purposes only.\n",
		  "LicenseRef-Quince-Licence-1", "unknown" },
		{ "The Medlar Licence 1\n\nCopyright (c) 2020 Someone\n\n"
		  "Anyone may use and share this software, for any purpose, "
		  "as it is.\n",
		  "LicenseRef-Medlar-Licence-1", "unknown" },
		{ "The Sorb Licence 1\n\nCopyright (c) 2020 Someone\n\n"
		  "This software shall be used for good, not evil; within "
		  "that, anyone may use, copy, change and share it for any "
		  "purpose.\n",
		  "LicenseRef-Sorb-Licence-1", "unknown" },
		/* no text at all, or a line pointing elsewhere: the
		 * manifest's, as before */
		{ "", "MIT", NULL },
		{ "See the file named COPYING.\n", "MIT", NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(cases); i++) {
		char *repo = fx_repo_new("license-unknown-root");
		json_t *doc;
		fx_write(repo, "LICENSE", cases[i].text);
		fx_write(repo, "package.json",
			 "{\"name\": \"x\", \"license\": \"MIT\"}\n");
		fx_commit(repo, "unknown license");
		doc = audit_doc(repo);
		assert_string_equal(lic_str(doc, "expression"), cases[i].want);
		if (!strcmp(cases[i].want, "MIT")) {
			json_decref(doc);
			fx_rmdir(repo);
			continue;
		}
		assert_true(json_is_false(vigie_json_path(
			doc, "facts.license.consistent")));
		if (!strcmp(cases[i].libre, "true")) {
			assert_true(json_is_true(vigie_json_path(
				doc, "facts.license.libre")));
			assert_string_equal(lic_str(doc, "libre_by_grant"),
					    "LICENSE");
			assert_string_equal(status_of(doc, "license.libre"),
					    "pass");
		} else {
			assert_string_equal(lic_str(doc, "libre"), "unknown");
			assert_string_equal(status_of(doc, "license.libre"),
					    "partial");
		}
		json_decref(doc);
		fx_rmdir(repo);
	}
}

/* The confidence vigie gives text, which must be identified as want. */
static double confidence_of(const char *what, const char *text,
			    const char *want)
{
	struct vigie_license_result r;
	double c;

	assert_int_equal(vigie_license_identify(&r, text, strlen(text), 0,
						NULL), 0);
	if (strcmp(r.expression, want))
		fail_msg("%s: expected %s, got %s", what, want, r.expression);
	c = r.confidence;
	vigie_license_result_release(&r);
	return c;
}

/*
 * An EUPL fixture of our own: the title and copyright lines (short
 * identifiers), fifteen numbered articles of filler in the language, and
 * the appendix naming the compatible licenses by their English names, as
 * every official translation does.  Only the first narticles articles are
 * written; v11 writes the 1.1 appendix.
 */
static char *eupl_fixture(const char *title, const char *copyright,
			  const char *filler, int narticles, bool v11)
{
	static const char appendix12[] =
		"\n\xe2\x80\x94  GNU General Public License (GPL) v. 2, v. 3\n"
		"\xe2\x80\x94  GNU Affero General Public License (AGPL) v. 3\n"
		"\xe2\x80\x94  Open Software License (OSL) v. 2.1, v. 3.0\n"
		"\xe2\x80\x94  Eclipse Public License (EPL) v. 1.0\n"
		"\xe2\x80\x94  CeCILL v. 2.0, v. 2.1\n"
		"\xe2\x80\x94  Mozilla Public Licence (MPL) v. 2\n"
		"\xe2\x80\x94  GNU Lesser General Public Licence (LGPL) v. 2.1, "
		"v. 3\n"
		"\xe2\x80\x94  Creative Commons Attribution-ShareAlike v. 3.0 "
		"Unported (CC BY-SA 3.0)\n"
		"\xe2\x80\x94  European Union Public Licence (EUPL) v. 1.1, "
		"v. 1.2\n"
		"\xe2\x80\x94  Qu\xc3\xa9" "bec Free and Open-Source Licence "
		"\xe2\x80\x94 Reciprocity (LiLiQ-R) or Strong Reciprocity "
		"(LiLiQ-R+)\n";
	static const char appendix11[] =
		"\n- GNU General Public License (GNU GPL) v. 2\n"
		"- Open Software License (OSL) v. 2.1, v. 3.0\n"
		"- Common Public License v. 1.0\n"
		"- Eclipse Public License v. 1.0\n"
		"- Cecill v. 2.0\n";
	struct vigie_buf b = VIGIE_BUF_INIT;
	int a, k;

	assert_int_equal(vigie_buf_printf(&b, "%s\n%s\n\n", title, copyright),
			 0);
	for (k = 0; k < 3; k++)
		assert_int_equal(vigie_buf_printf(&b, "%s\n", filler), 0);
	for (a = 1; a <= narticles; a++) {
		assert_int_equal(vigie_buf_printf(&b, "\n%d. %.24s\n", a,
						  filler), 0);
		for (k = 0; k < 5; k++)
			assert_int_equal(vigie_buf_printf(&b, "%s\n", filler),
					 0);
	}
	assert_int_equal(vigie_buf_printf(&b, "\n%.40s\n%s", filler,
					  v11 ? appendix11 : appendix12), 0);
	return vigie_buf_detach(&b, NULL);
}

/*
 * The EUPL in every official language of the Union is told by its
 * structure, not its words: the English texts have it; fixtures in
 * German, French, Italian (test_license_eupl_in_other_languages), Spanish,
 * Polish and
 * Greek (no text in the database) identify as EUPL-1.2 with the appendix's
 * licenses mentioned, not granted; the 1.1 structure is EUPL-1.1; a text
 * with the title but not the articles, or a README naming the EUPL, is not
 * the license's text.
 */
static void test_license_eupl_by_structure(void **state)
{
	static const struct {
		const char *title, *copyright, *filler;
	} langs[] = {
		{ "LICENCIA P\xc3\x9a" "BLICA DE LA UNI\xc3\x93N EUROPEA v. 1.2",
		  "EUPL \xc2\xa9 Uni\xc3\xb3n Europea 2007, 2016",
		  "Este texto de prueba rellena el art\xc3\xad" "culo con frases "
		  "propias: el titular permite a quien reciba la obra "
		  "utilizarla, estudiarla, copiarla y cambiarla, y pide que "
		  "cada copia conserve este aviso junto con la obra entera." },
		{ "LICENCJA PUBLICZNA UNII EUROPEJSKIEJ v.1.2",
		  "EUPL \xc2\xa9 Unia Europejska 2007, 2016",
		  "Ten tekst wype\xc5\x82nia artyku\xc5\x82 w\xc5\x82" "asnymi "
		  "s\xc5\x82owami: kto otrzyma utw\xc3\xb3r, mo\xc5\xbc" "e go "
		  "u\xc5\xbcywa\xc4\x87, kopiowa\xc4\x87 i zmienia\xc4\x87, "
		  "a ka\xc5\xbc" "da kopia zachowuje t\xc4\x99 informacj\xc4\x99 "
		  "razem z ca\xc5\x82ym utworem i jego kodem." },
		{ "\xce\x86\xce\x94\xce\x95\xce\x99\xce\x91 \xce\x95\xce\xa5\xce"
		  "\xa1\xce\xa9\xce\xa0\xce\x91\xce\x99\xce\x9a\xce\x97\xce\xa3 "
		  "\xce\x88\xce\x9d\xce\xa9\xce\xa3\xce\x97\xce\xa3 v. 1.2",
		  "EUPL \xc2\xa9 \xce\x95\xcf\x85\xcf\x81\xcf\x89\xcf\x80\xce"
		  "\xb1\xcf\x8a\xce\xba\xce\xae \xce\x88\xce\xbd\xcf\x89\xcf\x83"
		  "\xce\xb7 2007, 2016",
		  "\xce\x9a\xce\xb5\xce\xaf\xce\xbc\xce\xb5\xce\xbd\xce\xbf "
		  "\xce\xb4\xce\xbf\xce\xba\xce\xb9\xce\xbc\xce\xae\xcf\x82 "
		  "\xce\xb3\xce\xb9\xce\xb1 \xcf\x84\xce\xbf \xce\xac\xcf\x81"
		  "\xce\xb8\xcf\x81\xce\xbf, \xce\xb3\xcf\x81\xce\xb1\xce\xbc"
		  "\xce\xbc\xce\xad\xce\xbd\xce\xbf \xce\xb3\xce\xb9\xce\xb1 "
		  "\xcf\x84\xce\xbf\xce\xbd \xce\xad\xce\xbb\xce\xb5\xce\xb3"
		  "\xcf\x87\xce\xbf \xcf\x84\xce\xb7\xcf\x82 \xce\xb4\xce\xbf"
		  "\xce\xbc\xce\xae\xcf\x82 \xce\xba\xce\xb1\xce\xb9 \xcf\x84"
		  "\xce\xbf\xcf\x85 \xce\xbc\xce\xae\xce\xba\xce\xbf\xcf\x85\xcf"
		  "\x82 \xcf\x84\xce\xbf\xcf\x85 \xce\xba\xce\xb5\xce\xb9\xce"
		  "\xbc\xce\xad\xce\xbd\xce\xbf\xcf\x85." },
	};
	static const char *const official[] = {
		"spdx/EUPL-1.2.txt",
	};
	struct ntoks v;
	size_t i, first, end;
	char *t, *e;
	double conf;

	(void)state;
	/* the structure of the official texts */
	for (i = 0; i < VIGIE_ARRAY_SIZE(official); i++) {
		t = slurp(official[i]);
		assert_int_equal(lic_ntokenize(&v, t, strlen(t)), 0);
		if (!lic_eupl_structure(t, strlen(t), &v, &first, &end) ||
		    strcmp(lic_eupl_structure(t, strlen(t), &v, &first, &end),
			   "EUPL-1.2"))
			fail_msg("%s: not read as the EUPL 1.2", official[i]);
		assert_true(end > first && end <= strlen(t));
		lic_ntoks_release(&v);
		free(t);
	}
	for (i = 0; i < VIGIE_ARRAY_SIZE(langs); i++) {
		t = eupl_fixture(langs[i].title, langs[i].copyright,
				 langs[i].filler, 15, false);
		e = identify_opts(t, VIGIE_LICENSE_BARE_NAMES, &conf, NULL);
		if (strcmp(e, "EUPL-1.2"))
			fail_msg("fixture %zu: expected EUPL-1.2, got %s", i, e);
		assert_true(conf >= 0.95);
		free(e);
		free(t);
		/* the title without its articles is no license text */
		t = eupl_fixture(langs[i].title, langs[i].copyright,
				 langs[i].filler, 8, false);
		assert_int_equal(lic_ntokenize(&v, t, strlen(t)), 0);
		assert_null(lic_eupl_structure(t, strlen(t), &v, &first, &end));
		lic_ntoks_release(&v);
		free(t);
	}
	/* in an audit, the translated text is an identified, libre license */
	{
		char *repo = fx_repo_new("license-eupl-es");
		json_t *doc;
		t = eupl_fixture(langs[0].title, langs[0].copyright,
				 langs[0].filler, 15, false);
		fx_write(repo, "LICENSE", t);
		fx_commit(repo, "eupl in spanish");
		doc = audit_doc(repo);
		assert_string_equal(lic_str(doc, "expression"), "EUPL-1.2");
		assert_string_equal(status_of(doc, "license.identified"),
				    "pass");
		assert_string_equal(status_of(doc, "license.libre"), "pass");
		json_decref(doc);
		fx_rmdir(repo);
		free(t);
	}
	/* 1.1: its title and the European Community's line of 2007 */
	t = eupl_fixture("LICENCIA P\xc3\x9a" "BLICA DE LA UNI\xc3\x93N EUROPEA "
			 "v.1.1", "EUPL \xc2\xa9 Comunidad Europea 2007",
			 langs[0].filler, 15, true);
	e = identify_opts(t, VIGIE_LICENSE_BARE_NAMES, &conf, NULL);
	assert_string_equal(e, "EUPL-1.1");
	free(e);
	free(t);
	t = slurp("spdx/EUPL-1.1.txt");
	assert_int_equal(lic_ntokenize(&v, t, strlen(t)), 0);
	assert_string_equal(lic_eupl_structure(t, strlen(t), &v, &first, &end),
			    "EUPL-1.1");
	lic_ntoks_release(&v);
	free(t);
	/* a 1.1 title over the 1.2 copyright line and appendix: no guess */
	t = eupl_fixture("LICENCIA P\xc3\x9a" "BLICA DE LA UNI\xc3\x93N EUROPEA "
			 "v.1.1", "EUPL \xc2\xa9 Uni\xc3\xb3n Europea 2007, 2016",
			 langs[0].filler, 15, false);
	assert_int_equal(lic_ntokenize(&v, t, strlen(t)), 0);
	assert_null(lic_eupl_structure(t, strlen(t), &v, &first, &end));
	lic_ntoks_release(&v);
	free(t);
	/* a README naming the license is no text of it */
	t = strdup("# Proyecto\n\nEUPL v. 1.2, \xc2\xa9 2007, 2016.\n\n"
		   "1. Instale el paquete.\n2. Ejecute la orden.\n");
	assert_int_equal(lic_ntokenize(&v, t, strlen(t)), 0);
	assert_null(lic_eupl_structure(t, strlen(t), &v, &first, &end));
	lic_ntoks_release(&v);
	free(t);
}

/*
 * Kind 5: the EUPL in German, French and Italian is EUPL-1.2 (fixtures of
 * our own: the title and copyright lines, filler articles, the appendix),
 * and the compatible licenses its appendix lists are not granted: a file
 * holding the English text and the three others is EUPL-1.2 alone.
 */
static void test_license_eupl_in_other_languages(void **state)
{
	static const struct {
		const char *lang, *title, *copyright, *filler;
	} langs[] = {
		{ "de", "\xc3\x96" "FFENTLICHE LIZENZ DER EUROP\xc3\x84ISCHEN UNION "
		  "v. 1.2", "EUPL \xc2\xa9 Europ\xc3\xa4ische Union 2007, 2016",
		  "Dieser Testtext f\xc3\xbcllt den Artikel mit eigenen "
		  "Worten: wer das Werk erh\xc3\xa4lt, darf es nutzen, "
		  "untersuchen, kopieren und \xc3\xa4ndern, und jede Kopie "
		  "beh\xc3\xa4lt diesen Hinweis zusammen mit dem Werk." },
		{ "fr", "LICENCE PUBLIQUE DE L'UNION EUROP\xc3\x89" "ENNE v. 1.2",
		  "EUPL \xc2\xa9 Union europ\xc3\xa9" "enne 2007, 2016",
		  "Ce texte d'essai remplit l'article avec nos propres mots : "
		  "qui re\xc3\xa7oit l'\xc5\x93uvre peut l'utiliser, "
		  "l'\xc3\xa9tudier, la copier et la modifier, et chaque copie "
		  "garde cet avis avec l'\xc5\x93uvre enti\xc3\xa8re." },
		{ "it", "LICENZA PUBBLICA DELL'UNIONE EUROPEA v. 1.2",
		  "EUPL \xc2\xa9 Unione europea 2007, 2016",
		  "Questo testo di prova riempie l'articolo con parole "
		  "nostre: chi riceve l'opera pu\xc3\xb2 usarla, studiarla, "
		  "copiarla e modificarla, e ogni copia conserva questo "
		  "avviso insieme all'opera intera." },
	};
	char *all = spdx_text("EUPL-1.2"), *t, *one, what[64];
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(langs); i++) {
		one = eupl_fixture(langs[i].title, langs[i].copyright,
				   langs[i].filler, 15, false);
		snprintf(what, sizeof(what), "EUPL-1.2 in %s", langs[i].lang);
		assert_true(confidence_of(what, one, "EUPL-1.2") >= 0.95);
		t = concat(all, "\n\n-----\n\n");
		free(all);
		all = concat(t, one);
		free(t);
		free(one);
	}
	expect("EUPL-1.2 in four languages", all, "EUPL-1.2");
	free(all);
}

/*
 * A license outside the SPDX list named beside a listed one ("the user's
 * choice of the Redis Source Available License v2 (RSALv2) or the Server
 * Side Public License v1") is an OR with its LicenseRef-, not the listed
 * one alone; its known verdict keeps the whole "not libre", while any
 * other LicenseRef- stays "cannot tell".
 */
static void test_license_unlisted_license_named_beside_a_text(void **state)
{
	char *sspl = db_text("SSPL-1.0"), *t, *e;
	const char *head =
		"From this release on, the project follows a dual-licensing "
		"model: contributions are subject to the user's choice of the "
		"Redis Source Available License v2 (RSALv2) or the Server Side "
		"Public License v1 (SSPLv1), as follows:\n\n"
		"1. Redis Source Available License 2.0 (RSALv2) Agreement\n\n"
		"These terms are our own filler for the test: the licensor lets "
		"you read and run the software, and keeps every other right it "
		"does not give here in writing.\n\n"
		"2. Server Side Public License (SSPL)\n\n";

	(void)state;
	t = concat(head, sspl);
	e = identify_opts(t, VIGIE_LICENSE_BARE_NAMES, NULL, NULL);
	assert_string_equal(e, "SSPL-1.0 OR LicenseRef-RSALv2");
	assert_int_equal(vigie_license_expr_libre(e), VIGIE_LICENSE_LIBRE_NO);
	free(e);
	free(t);
	assert_int_equal(vigie_license_expr_libre("LicenseRef-RSALv2"),
			 VIGIE_LICENSE_LIBRE_NO);
	assert_int_equal(vigie_license_expr_libre("LicenseRef-Quince-1"),
			 VIGIE_LICENSE_LIBRE_UNKNOWN);
	assert_int_equal(vigie_license_expr_libre(
				 "MIT OR LicenseRef-RSALv2"),
			 VIGIE_LICENSE_LIBRE_YES);
	/* the README's short form: "under the RSALv2/SSPL dual-license" */
	ref_is("Releases are under the RSALv2/SSPL dual-license.\n",
	       VIGIE_LICENSE_README, "LicenseRef-RSALv2 OR SSPL-1.0",
	       VIGIE_LICENSE_METHOD_REFERENCE);
	free(sspl);
}

/*
 * A named work left out of the license stated before it ("sous licence
 * MIT, à l'exception de la fonte Tilleul", "except the Quillon logo") is
 * under terms of its own: a LicenseRef- named after it, scoped fonts or
 * assets, outside the expression.  "except as required by law" or a work
 * with no name names no license.
 */
static void test_license_excepted_named_works(void **state)
{
	char *mit = spdx_text("MIT"), *t, *repo;
	struct vigie_license_result r;
	json_t *doc;

	(void)state;
	t = concat("Le contenu de ce d\xc3\xa9p\xc3\xb4t est plac\xc3\xa9 sous "
		   "licence MIT License, \xc3\xa0 l'exception de la fonte "
		   "Tilleul.\nVoir les conditions d'utilisation.\n\n", mit);
	check_scoped(t, VIGIE_LICENSE_BARE_NAMES, "MIT", "LicenseRef-Tilleul",
		     "fonts");
	check_scoped("## License\n\nThe code is released under the MIT "
		     "License, except the Quillon logo.\n",
		     VIGIE_LICENSE_README, "MIT", "LicenseRef-Quillon",
		     "assets");
	static const char plain[] =
		"Licensed under the MIT License, except as required by law, "
		"and with the exception of the logo.\n";

	assert_int_equal(vigie_license_identify(&r, plain, strlen(plain),
						VIGIE_LICENSE_BARE_NAMES,
						NULL), 0);
	assert_int_equal(r.count, 1);
	assert_string_equal(r.expression, "MIT");
	vigie_license_result_release(&r);
	/* in an audit: an other license of the tree, with its scope */
	repo = fx_repo_new("license-excepted-work");
	fx_write(repo, "LICENSE.md", t);
	fx_commit(repo, "mit but the font");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "MIT");
	assert_string_equal(other_scope(doc, "LicenseRef-Tilleul",
					"LICENSE.md"), "fonts");
	assert_string_equal(status_of(doc, "license.libre"), "pass");
	json_decref(doc);
	fx_rmdir(repo);
	free(t);
	free(mit);
}

/*
 * The notices heading source files are other licenses of those files: the
 * FSF's prose notice ("GNU Lesser General Public License ... either version
 * 2.1 ... or (at your option) any later version"), an SPDX line, the
 * <metadata_license> of AppStream metadata.  A notice of the code's own
 * license adds nothing; what a file's code or strings say further down (a
 * FAQ page), or a minified bundle, is no notice.
 */
static void test_license_source_file_notices(void **state)
{
	static const char lgpl[] =
		"/* -*- mode: C -*-\n * Copyright (C) 2012 Someone\n *\n"
		" * This library is free software; you can redistribute it "
		"and/or\n * modify it under the terms of the GNU Lesser General "
		"Public\n * License as published by the Free Software "
		"Foundation; either\n * version 2.1 of the License, or (at your "
		"option) any later version.\n */\n\nint a(void) { return 1; }\n";
	static const char gpl2[] =
		"/*\n * This program is free software; you can redistribute it "
		"and/or\n * modify it under the terms of the GNU General Public "
		"License as\n * published by the Free Software Foundation; "
		"either version 2 of the\n * License, or (at your option) any "
		"later version.\n */\nint c(void) { return 3; }\n";
	char *gpl = spdx_text("GPL-2.0-only"), *repo;
	json_t *doc;

	(void)state;
	repo = fx_repo_new("license-source-notices");
	fx_write(repo, "COPYING", gpl);
	fx_write(repo, "src/a.c", lgpl);
	fx_write(repo, "src/b.h", "/*\n * Copyright 2025 Someone\n *\n"
		 " * SPDX-License-Identifier: GPL-3.0-or-later\n */\n"
		 "#pragma once\n");
	fx_write(repo, "src/c.c", gpl2);
	fx_write(repo, "web/faq.js", "export const faq = [\n  'The data are "
		 "released under the Licence Ouverte (etalab-2.0).',\n];\n");
	fx_write(repo, "web/lib.min.js", "/*! lib 1.0 @license MIT */\n"
		 "!function(){}();\n");
	fx_write(repo, "data/org.example.app.metainfo.xml.in",
		 "<?xml version=\"1.0\"?>\n<component type=\"desktop\">\n"
		 "  <metadata_license>CC0-1.0</metadata_license>\n"
		 "</component>\n");
	fx_commit(repo, "notices");
	doc = audit_doc(repo);
	assert_string_equal(other_scope(doc, "LGPL-2.1-or-later", "src/a.c"),
			    "files");
	assert_string_equal(other_scope(doc, "GPL-3.0-or-later", "src/b.h"),
			    "files");
	assert_string_equal(other_scope(doc, "CC0-1.0",
					"data/org.example.app.metainfo.xml.in"),
			    "files");
	assert_null(other_scope(doc, "etalab-2.0", NULL));
	assert_null(other_scope(doc, "MIT", NULL));
	assert_null(other_scope(doc, "GPL-2.0-or-later", NULL));
	json_decref(doc);
	fx_rmdir(repo);
	/* a REUSE tree: a header naming a license LICENSES/ lacks; media
	 * credits (assets) and a Mallard help's license page (docs); the
	 * metainfo template of a template; a test's fixtures left out */
	repo = fx_repo_new("license-source-notices-reuse");
	fx_write(repo, "LICENSES/GPL-2.0-or-later.txt", gpl);
	fx_write(repo, "src/main.c", "// SPDX-License-Identifier: "
		 "GPL-2.0-or-later\nint main(void) { return 0; }\n");
	fx_write(repo, "tools/check.py", "# SPDX-License-Identifier: MIT\n"
		 "print('ok')\n");
	/* the line read at once, the comment's end left out */
	fx_write(repo, "src/dual.c", "/* SPDX-License-Identifier: "
		 "Apache-2.0 OR MIT */\nint dual;\n");
	fx_write(repo, "data/sounds/CREDITS", "alarms/quince\n"
		 "        Copyright: Someone\n"
		 "        License: Creative Commons Attribution 4.0 "
		 "International\n\nalarms/medlar\n"
		 "        License: Creative Commons Attribution 3.0 "
		 "Unported\n");
	fx_write(repo, "help/C/legal.xml", "<license xmlns=\"http://"
		 "projectmallard.org/1.0/\"\n href=\"http://creativecommons"
		 ".org/licenses/by-sa/3.0/\">\n <p>This work is licensed "
		 "under a <link href=\"http://creativecommons.org/licenses/"
		 "by-sa/3.0/\">Creative Commons Attribution-ShareAlike 3.0 "
		 "Unported License</link>.</p>\n</license>\n");
	fx_write(repo, "data/org.example.app.metainfo.xml.in.in",
		 "<component>\n<metadata_license>CC0-1.0</metadata_license>\n"
		 "</component>\n");
	fx_write(repo, "tests/resources/fake/src/other.py",
		 "# SPDX-License-Identifier: Apache-2.0\n");
	fx_write(repo, "tests/fixtures/vendored.c",
		 "/* SPDX-License-Identifier: BSD-2-Clause */\n");
	fx_commit(repo, "reuse notices");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "GPL-2.0-or-later");
	assert_string_equal(other_scope(doc, "MIT", "tools/check.py"),
			    "files");
	assert_string_equal(other_scope(doc, "Apache-2.0 OR MIT", "src/dual.c"),
			    "files");
	assert_string_equal(other_scope(doc, "CC-BY-4.0", "data/sounds/CREDITS"),
			    "assets");
	assert_string_equal(other_scope(doc, "CC-BY-3.0", "data/sounds/CREDITS"),
			    "assets");
	assert_string_equal(other_scope(doc, "CC-BY-SA-3.0", "help/C/legal.xml"),
			    "docs");
	assert_string_equal(other_scope(doc, "CC0-1.0",
				"data/org.example.app.metainfo.xml.in.in"),
			    "files");
	assert_null(other_scope(doc, "Apache-2.0", NULL));
	assert_null(other_scope(doc, "BSD-2-Clause", NULL));
	json_decref(doc);
	fx_rmdir(repo);
	free(gpl);
}

/*
 * REUSE: LICENSES/LicenseRef-NAME.txt is that license whatever licenses
 * its text names: "the GNU Lesser General Public License ... version 3 or
 * any later version accepted by the club" is not LGPL-3.0-or-later.
 */
static void test_license_reuse_licenseref_file_is_its_name(void **state)
{
	char *repo = fx_repo_new("license-reuse-ref");
	json_t *doc, *files;
	size_t i;
	bool found = false;

	(void)state;
	fx_write(repo, "LICENSES/MIT.txt", "MIT License\n");
	fx_write(repo, "LICENSES/LicenseRef-Club-Accepted-LGPL.txt",
		 "This library is free software; you can redistribute it "
		 "and/or modify it under the terms of the GNU Lesser General "
		 "Public License as published by the Free Software "
		 "Foundation; either version 3 of the license or (at your "
		 "option) any later version that is accepted by the members "
		 "of the Quince Club.\n");
	fx_write(repo, "src/a.c", "// SPDX-License-Identifier: MIT\n");
	fx_commit(repo, "reuse");
	doc = audit_doc(repo);
	files = vigie_json_path(doc, "facts.license.files");
	for (i = 0; i < json_array_size(files); i++) {
		json_t *f = json_array_get(files, i);
		const char *p = json_string_value(json_object_get(f, "path"));
		if (strcmp(p, "LICENSES/LicenseRef-Club-Accepted-LGPL.txt"))
			continue;
		assert_string_equal(json_string_value(json_object_get(f,
								      "spdx")),
				    "LicenseRef-Club-Accepted-LGPL");
		found = true;
	}
	assert_true(found);
	assert_null(other_scope(doc, "LGPL-3.0-or-later", NULL));
	json_decref(doc);
	fx_rmdir(repo);
}

/*
 * A COPYING that appends the licenses of bundled parts after a GNU text
 * and its "How to Apply" appendix: past the appendix's end (a separator
 * line), those licenses are read again, each a part's (third-party),
 * never the work's.
 */
static void test_license_parts_after_a_gnu_appendix(void **state)
{
	char *gpl = spdx_text("GPL-2.0-only"), *t;

	(void)state;
	t = concat(gpl, "\n------------------------------------------------\n\n"
			"The Quince framework is licensed under the ISC "
			"license.\n\n"
			"------------------------------------------------\n\n"
			"Parts of the Medlar headers are included under the "
			"Apache License 2.0.\n");
	check_scoped(t, VIGIE_LICENSE_BARE_NAMES, "GPL-2.0-only", "ISC",
		     "third-party");
	check_scoped(t, VIGIE_LICENSE_BARE_NAMES, "GPL-2.0-only", "Apache-2.0",
		     "third-party");
	free(t);
	free(gpl);
}

/*
 * Kind 3: the Licence Ouverte 2.0 as etalab publishes it, in French and in
 * English, is etalab-2.0 with full confidence (SPDX carries only the
 * wording of the French PDF, which scored 0.93).
 */
static void test_license_etalab_official_texts(void **state)
{
	char *fr = slurp("real/ProgrammeVitam_vitam/Licence_ouverte-V2-fr.txt");
	char *en = slurp("../../../rules/licenses/extra/etalab-2.0.en.txt");
	char *md = replace_all(en, "\n\n", "\n\n## ");

	(void)state;
	assert_true(confidence_of("Licence Ouverte (vitam)", fr,
				  "etalab-2.0") >= 0.95);
	assert_true(confidence_of("Open Licence", en, "etalab-2.0") >= 0.95);
	assert_true(confidence_of("Open Licence, Markdown", md,
				  "etalab-2.0") >= 0.95);
	free(fr);
	free(en);
	free(md);
}

/* The expression vigie gives text read as a README. */
static void expect_readme(const char *text, const char *want)
{
	struct vigie_license_result r;

	assert_int_equal(vigie_license_identify(&r, text, strlen(text),
						VIGIE_LICENSE_README, NULL), 0);
	if (strcmp(r.expression, want))
		fail_msg("%s: got %s, want %s", text, r.expression, want);
	vigie_license_result_release(&r);
}

/*
 * Kind 5: a license a text only mentions is not granted; prose choices are
 * OR; names and links identify; close Creative Commons relatives are told
 * apart by the elements the text names.
 */
static void test_license_mentions_are_not_grants(void **state)
{
	char *mit = spdx_text("MIT"), *busl = db_text("BUSL-1.1");
	char *ncsa = slurp("real/betagouv_beta.gouv.fr/LICENSE.CCBYNCSA.txt");
	char *a;

	(void)state;
	/* compatible licenses, the license a BUSL work changes to */
	a = concat(mit, "\n\nThis license is compatible with the GNU GPL "
			"version 3 and the Apache License 2.0.\n");
	expect("MIT, compatible with...", a, "MIT");
	free(a);
	a = concat("Parameters\n\nLicensor: Example Corp\nLicensed Work: "
		   "Thing\nChange Date: 2030-01-01\nChange License: Mozilla "
		   "Public License, version 2.0\n\n", busl);
	expect("BUSL with its parameters", a, "BUSL-1.1");
	free(a);
	/* CC BY-NC-SA 4.0 is not CC BY-NC 4.0 */
	expect("CC BY-NC-SA 4.0 (beta.gouv.fr)", ncsa, "CC-BY-NC-SA-4.0");
	/* choices stated in prose */
	expect_readme("## License\n\nLicensed under GPLv2 or GPLv3.\n",
		      "GPL-2.0-only OR GPL-3.0-only");
	expect_readme("## License\n\nThis library is free software; you can "
		      "redistribute it and/or modify it under the same terms as "
		      "Perl itself, either the GNU General Public License "
		      "version 1 or the Artistic License.\n",
		      "GPL-1.0-only OR Artistic-1.0-Perl");
	/* a bare "CeCILL" names a family, not CeCILL-2.1 with confidence */
	{
		struct vigie_license_result r;
		const char *t = "## Licence\n\nCeCILL\n";
		assert_int_equal(vigie_license_identify(&r, t, strlen(t),
							VIGIE_LICENSE_README,
							NULL), 0);
		assert_true(r.confidence <= 0.5);
		vigie_license_result_release(&r);
	}
	/* "mit" is a German word */
	expect_readme("## License\n\nGemacht mit Liebe. Released under the "
		      "GPL-3.0.\n", "GPL-3.0-only");
	/* full names without a version, short names, links */
	expect_readme("## License\n\nThe data is under the Open Data Commons "
		      "Public Domain Dedication and License.\n", "PDDL-1.0");
	expect_readme("## Licence\n\nLiLiQ-R\n", "LiLiQ-R-1.1");
	expect_readme("## License\n\nSee [the license](https://"
		      "creativecommons.org/licenses/by-sa/4.0/).\n",
		      "CC-BY-SA-4.0");
	expect_readme("## License\n\n<https://spdx.org/licenses/EUPL-1.2.html>"
		      "\n", "EUPL-1.2");
	free(mit);
	free(busl);
	free(ncsa);
}

/*
 * Kind 1, as the FSFE's own REUSE repositories show it: the code's
 * annotations win over wider ones for fonts; a package declaring the
 * code's license AND those of other parts is consistent; a README's own
 * SPDX header is not the project's license.
 */
static void test_license_reuse_annotations_for_code(void **state)
{
	char *repo = fx_repo_new("license-reuse-code");
	json_t *doc;
	int i;

	(void)state;
	for (i = 0; i < 6; i++) {
		char p[64];
		snprintf(p, sizeof(p), "static/fonts/f%d.woff2", i);
		fx_write(repo, p, "font\n");
	}
	fx_write(repo, "app/a.py", "a = 1\n");
	fx_write(repo, "app/b.py", "b = 1\n");
	fx_write(repo, "tests/test_a.py", "t = 1\n");
	fx_write(repo, "tests/test_b.py", "t = 1\n");
	fx_write(repo, "REUSE.toml",
		 "version = 1\n\n[[annotations]]\npath = \"app/*.py\"\n"
		 "SPDX-License-Identifier = \"GPL-3.0-or-later\"\n\n"
		 "[[annotations]]\npath = \"tests/*.py\"\n"
		 "SPDX-License-Identifier = \"GPL-3.0-or-later\"\n\n"
		 "[[annotations]]\npath = \"static/fonts/*\"\n"
		 "SPDX-License-Identifier = \"OFL-1.1\"\n");
	fx_write(repo, "README.md", "<!--\nSPDX-License-Identifier: "
		 "CC-BY-SA-4.0\n-->\n# x\n\nA tool.\n");
	fx_write(repo, "pyproject.toml", "[project]\nname = \"x\"\n"
		 "license = \"GPL-3.0-or-later AND OFL-1.1\"\n");
	fx_commit(repo, "fsfe-like");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "GPL-3.0-or-later");
	assert_string_equal(other_scope(doc, "OFL-1.1", "static/fonts/*"),
			    "fonts");
	assert_string_equal(other_scope(doc, "CC-BY-SA-4.0", "README.md"),
			    "docs");
	assert_true(json_is_true(vigie_json_path(doc,
						  "facts.license.consistent")));
	json_decref(doc);

	/* no annotation for the code: LICENSES/ names it (by its file
	 * name for the -or-later the bare GNU text cannot say), before
	 * CC0 for trivial files and the licenses of other works */
	fx_sh(repo, "rm REUSE.toml pyproject.toml && mkdir LICENSES");
	{
		char *gpl = spdx_text("GPL-3.0-only"), *cc0 = db_text("CC0-1.0");
		char *ccby = db_text("CC-BY-4.0");
		fx_write(repo, "LICENSES/GPL-3.0-or-later.txt", gpl);
		fx_write(repo, "LICENSES/CC0-1.0.txt", cc0);
		fx_write(repo, "LICENSES/CC-BY-4.0.txt", ccby);
		free(gpl);
		free(cc0);
		free(ccby);
	}
	fx_commit(repo, "LICENSES only");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "GPL-3.0-or-later");
	assert_string_equal(other_scope(doc, "CC0-1.0", NULL), "files");
	assert_string_equal(other_scope(doc, "CC-BY-4.0", NULL), "docs");
	json_decref(doc);
	fx_rmdir(repo);
}

/* Kind 2: libre is three-valued and comes from data (libre.tsv). */
static void test_license_libre_is_known_or_unknown(void **state)
{
	char *repo = fx_repo_new("license-libre");
	json_t *doc;

	(void)state;
	assert_int_equal(vigie_license_expr_libre("curl"),
			 VIGIE_LICENSE_LIBRE_YES);
	assert_int_equal(vigie_license_expr_libre("MIT AND etalab-2.0"),
			 VIGIE_LICENSE_LIBRE_YES);
	assert_int_equal(vigie_license_expr_libre("ODbL-1.0"),
			 VIGIE_LICENSE_LIBRE_YES);
	assert_int_equal(vigie_license_expr_libre("BSD-4-Clause-UC"),
			 VIGIE_LICENSE_LIBRE_YES);
	assert_int_equal(vigie_license_expr_libre("CC-BY-NC-4.0"),
			 VIGIE_LICENSE_LIBRE_NO);
	assert_int_equal(vigie_license_expr_libre("MIT AND BUSL-1.1"),
			 VIGIE_LICENSE_LIBRE_NO);
	assert_int_equal(vigie_license_expr_libre("MIT OR BUSL-1.1"),
			 VIGIE_LICENSE_LIBRE_YES);
	assert_int_equal(vigie_license_expr_libre("LicenseRef-Ours"),
			 VIGIE_LICENSE_LIBRE_UNKNOWN);
	assert_int_equal(vigie_license_expr_libre("MIT AND LicenseRef-Ours"),
			 VIGIE_LICENSE_LIBRE_UNKNOWN);
	assert_int_equal(vigie_license_expr_libre("(MIT OR LicenseRef-A) AND "
						  "CC-BY-ND-4.0"),
			 VIGIE_LICENSE_LIBRE_NO);
	assert_int_equal(vigie_license_expr_libre("NONE"),
			 VIGIE_LICENSE_LIBRE_NO);

	/* the rule: MIT AND etalab-2.0 passes, unknown is partial */
	fx_write(repo, "README.md", "# x\n\n## License\n\n"
		 "SPDX-License-Identifier: MIT AND etalab-2.0\n");
	fx_commit(repo, "mit and etalab");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "MIT AND etalab-2.0");
	assert_string_equal(status_of(doc, "license.libre"), "pass");
	json_decref(doc);
	fx_write(repo, "LICENSES/LicenseRef-Ours.txt", "Our own terms.\n");
	fx_write(repo, "README.md", "# x\n");
	fx_commit(repo, "own terms");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "LicenseRef-Ours");
	assert_string_equal(lic_str(doc, "libre"), "unknown");
	assert_string_equal(status_of(doc, "license.libre"), "partial");
	json_decref(doc);
	fx_write(repo, "README.md", "# x\n\n## License\n\nCC BY-NC 4.0\n");
	fx_sh(repo, "rm -r LICENSES");
	fx_commit(repo, "non commercial");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "CC-BY-NC-4.0");
	assert_true(json_is_false(vigie_json_path(doc, "facts.license.libre")));
	assert_string_equal(status_of(doc, "license.libre"), "fail");
	json_decref(doc);
	fx_rmdir(repo);
}

/* Is there an evidence item of check id naming path? */
static bool evidence_has(json_t *doc, const char *id, const char *path)
{
	json_t *checks = json_object_get(doc, "checks");
	size_t i, k;

	for (i = 0; i < json_array_size(checks); i++) {
		json_t *c = json_array_get(checks, i);
		json_t *ev = json_object_get(c, "evidence");
		if (strcmp(json_string_value(json_object_get(c, "id")), id))
			continue;
		for (k = 0; k < json_array_size(ev); k++) {
			const char *p = json_string_value(
				json_object_get(json_array_get(ev, k), "path"));
			if (p && !strcmp(p, path))
				return true;
		}
	}
	return false;
}

/* Kind 4: "UNLICENSED" or "proprietary" in a manifest contradicts a
 * libre license file. */
static void test_license_proprietary_manifest_is_inconsistent(void **state)
{
	char *repo = fx_repo_new("license-proprietary");
	char *mit = spdx_text("MIT");
	json_t *doc;

	(void)state;
	assert_true(vigie_license_manifest_proprietary("UNLICENSED"));
	assert_true(vigie_license_manifest_proprietary("proprietary"));
	assert_false(vigie_license_manifest_proprietary("MIT"));
	assert_false(vigie_license_manifest_proprietary("SEE LICENSE IN x"));
	fx_write(repo, "LICENSE", mit);
	fx_write(repo, "package.json",
		 "{\"name\": \"x\", \"license\": \"UNLICENSED\"}\n");
	fx_commit(repo, "npm");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "MIT");
	assert_true(json_is_false(vigie_json_path(doc,
						  "facts.license.consistent")));
	assert_string_equal(status_of(doc, "license.consistent"), "fail");
	assert_true(evidence_has(doc, "license.consistent", "LICENSE"));
	assert_true(evidence_has(doc, "license.consistent", "package.json"));
	json_decref(doc);
	fx_sh(repo, "rm package.json");
	fx_write(repo, "composer.json",
		 "{\"name\": \"a/x\", \"license\": \"proprietary\"}\n");
	fx_commit(repo, "composer");
	doc = audit_doc(repo);
	assert_string_equal(status_of(doc, "license.consistent"), "fail");
	assert_true(evidence_has(doc, "license.consistent", "composer.json"));
	json_decref(doc);
	fx_write(repo, "composer.json",
		 "{\"name\": \"a/x\", \"license\": \"MIT\"}\n");
	fx_commit(repo, "composer MIT");
	doc = audit_doc(repo);
	assert_string_equal(status_of(doc, "license.consistent"), "pass");
	json_decref(doc);
	free(mit);
	fx_rmdir(repo);
}

/* The status of one check in an audit's JSON output. */
static void check_status(const char *json, const char *id, const char *want)
{
	char key[128];
	const char *p, *st;

	snprintf(key, sizeof(key), "\"id\": \"%s\"", id);
	p = strstr(json, key);
	if (!p)
		fail_msg("no check %s in:\n%s", id, json);
	st = strstr(p, "\"status\": \"");
	assert_non_null(st);
	st += strlen("\"status\": \"");
	if (strncmp(st, want, strlen(want)) || st[strlen(want)] != '"')
		fail_msg("%s: expected %s, got %.12s", id, want, st);
}

static void test_license_rules_use_the_facts(void **state)
{
	char *repo = fx_repo_new("license-rules");
	char *apache = spdx_text("Apache-2.0"), *mit = spdx_text("MIT");
	char *gpl2 = spdx_text("GPL-2.0-only"), *out = NULL;

	(void)state;
	/* dual licensed the Rust way: two files, the manifest says OR */
	fx_write(repo, "LICENSE-APACHE", apache);
	fx_write(repo, "LICENSE-MIT", mit);
	fx_write(repo, "Cargo.toml", "[package]\nname = \"x\"\nlicense = "
		 "\"MIT OR Apache-2.0\"\n");
	fx_commit(repo, "dual");
	fx_sh_out(&out, repo, "'%s' audit --offline --format json --rules "
		  "communs --rules public-sector-fr . 2>/dev/null",
		  fx_vigie_bin());
	assert_non_null(out);
	assert_contains(out, "\"expression\": \"MIT OR Apache-2.0\"");
	check_status(out, "license.libre", "pass");
	check_status(out, "license.identified", "pass");
	check_status(out, "license.consistent", "pass");
	check_status(out, "license.fr_authorised", "pass");
	free(out);

	/* GPL-2.0 only: libre, but not on the French public-sector list */
	fx_sh(repo, "rm LICENSE-APACHE LICENSE-MIT Cargo.toml");
	fx_write(repo, "COPYING", gpl2);
	fx_commit(repo, "gpl2");
	fx_sh_out(&out, repo, "'%s' audit --offline --format json --rules "
		  "communs --rules public-sector-fr . 2>/dev/null",
		  fx_vigie_bin());
	assert_non_null(out);
	check_status(out, "license.libre", "pass");
	check_status(out, "license.fr_authorised", "fail");
	free(out);

	/* a README naming a license is no full text */
	fx_sh(repo, "rm COPYING");
	fx_write(repo, "README.md", "# x\n\n## Licence\n\nEUPL-1.2\n");
	fx_commit(repo, "readme only");
	fx_sh_out(&out, repo, "'%s' audit --offline --format json --rules "
		  "communs --rules public-sector-fr . 2>/dev/null",
		  fx_vigie_bin());
	assert_non_null(out);
	assert_contains(out, "\"expression\": \"EUPL-1.2\"");
	check_status(out, "license.fr_authorised", "pass");
	check_status(out, "license.identified", "fail");
	check_status(out, "license.fr_identified", "fail");
	free(out);
	free(apache);
	free(mit);
	free(gpl2);
	fx_rmdir(repo);
}

/* ---- the command --------------------------------------------------------------------- */

static void test_license_command_prints_path_id_confidence(void **state)
{
	char *dir = fx_tmpdir("license-cmd"), *mit = spdx_text("MIT"), *out = NULL;
	int st;

	(void)state;
	fx_write(dir, "LICENSE", mit);
	fx_write(dir, "NOTES", "Nothing here.\n");
	st = fx_sh_out(&out, dir, "'%s' license LICENSE NOTES", fx_vigie_bin());
	assert_int_equal(st, 0);
	assert_contains(out, "LICENSE\tMIT\t");
	assert_true(strtod(strstr(out, "LICENSE\tMIT\t") + 12, NULL) >= 0.9);
	assert_contains(out, "NOTES\tNONE\t0.00\n");
	free(out);
	st = fx_sh_out(&out, dir, "'%s' license --format json LICENSE",
		       fx_vigie_bin());
	assert_int_equal(st, 0);
	assert_contains(out, "\"schema\": \"vigie.license/1\"");
	assert_contains(out, "\"spdx\": \"MIT\"");
	assert_contains(out, "\"method\": \"text\"");
	free(out);
	st = fx_sh_out(&out, dir, "'%s' license missing 2>&1", fx_vigie_bin());
	assert_int_equal(st, 3);
	assert_contains(out, "vigie: cannot open 'missing'");
	free(out);
	/*
	 * People run it in loops: it loads no libgit2 (nor its libraries).
	 * Nor does a command that reads no repository, while one that does
	 * with libgit2 (the cache's list reads each clone's configuration)
	 * loads it.  The dynamic loader says what it loads.
	 */
	st = fx_sh_out(&out, dir, "LD_DEBUG=libs '%s' license LICENSE 2>&1",
		       fx_vigie_bin());
	assert_int_equal(st, 0);
	assert_contains(out, "LICENSE\tMIT\t");
	assert_null(strstr(out, "libgit2"));
	free(out);
	st = fx_sh_out(&out, dir, "LD_DEBUG=libs '%s' --version 2>&1",
		       fx_vigie_bin());
	assert_int_equal(st, 0);
	assert_null(strstr(out, "libgit2"));
	free(out);
	st = fx_sh_out(&out, dir, "LD_DEBUG=libs '%s' rules list 2>&1 >/dev/null",
		       fx_vigie_bin());
	assert_int_equal(st, 0);
	assert_null(strstr(out, "libgit2"));
	free(out);
	st = fx_sh_out(&out, dir, "LD_DEBUG=libs XDG_CACHE_HOME='%s' '%s' "
		       "cache list 2>&1 >/dev/null", dir, fx_vigie_bin());
	assert_int_equal(st, 0);
	assert_contains(out, "libgit2");
	free(out);
	free(mit);
	fx_rmdir(dir);
}

/*
 * A bare GNU text reads as -only for want of saying more; a README, a
 * manifest or a REUSE annotation that says "or later" of the same license
 * says more, and is the code's license (trackdechets, nextcloud/notes).
 */
static void test_license_or_later_said_elsewhere(void **state)
{
	char *repo = fx_repo_new("license-or-later");
	char *agpl = spdx_text("AGPL-3.0-only");
	json_t *doc;

	(void)state;
	fx_write(repo, "LICENSE.txt", agpl);
	fx_write(repo, "package.json", "{\"name\": \"x\", \"license\": "
		 "\"GNU Affero General Public License v3.0\"}\n");
	fx_write(repo, "README.md", "# x\n\nA tool.\n\n## Licence\n\n"
		 "[GNU Affero General Public License v3.0 ou plus récent]"
		 "(https://spdx.org/licenses/AGPL-3.0-or-later.html)\n");
	fx_commit(repo, "readme says or later");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "AGPL-3.0-or-later");
	assert_true(json_is_true(vigie_json_path(doc, "facts.license.consistent")));
	json_decref(doc);

	/* Only the manifest's unqualified name: -only, as the text reads. */
	fx_write(repo, "README.md", "# x\n\nA tool.\n");
	fx_commit(repo, "no statement");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "AGPL-3.0-only");
	json_decref(doc);

	/* A REUSE annotation of the code says it. */
	fx_sh(repo, "rm package.json");
	fx_write(repo, "REUSE.toml", "version = 1\n\n[[annotations]]\n"
		 "path = \"**\"\nSPDX-License-Identifier = \"AGPL-3.0-or-later\"\n");
	fx_commit(repo, "reuse");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "AGPL-3.0-or-later");
	json_decref(doc);
	free(agpl);
	fx_rmdir(repo);
}

/* A manifest's "GPLv2+" beside a bare GPL text; "MIT/X11" in a title. */
static void test_license_names_beside_texts(void **state)
{
	char *repo = fx_repo_new("license-names-beside");
	char *gpl = spdx_text("GPL-2.0-only");
	char *mit = spdx_text("MIT");
	char *text;
	json_t *doc;

	(void)state;
	/* the W3C's name for its license, in a w3.org repository's LICENSE */
	text = identify("All documents in this Repository are licensed by "
			"contributors under the [W3C\nSoftware and Document "
			"License](http://www.w3.org/Consortium/Legal/"
			"copyright-software).\n");
	assert_string_equal(text, "W3C-20150513");
	free(text);
	fx_write(repo, "COPYING", gpl);
	fx_write(repo, "meson.build", "project('viewer', 'c',\n"
		 "        version: '50.0',\n        license: 'GPLv2+',\n"
		 "        meson_version: '>= 0.59.0')\n");
	fx_commit(repo, "gpl text, meson says or later");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "GPL-2.0-or-later");
	assert_true(json_is_true(vigie_json_path(doc, "facts.license.consistent")));
	json_decref(doc);

	fx_sh(repo, "rm COPYING meson.build");
	/* the MIT text under a line naming it "MIT/X11" */
	text = malloc(strlen(mit) + 200);
	assert_non_null(text);
	sprintf(text, "Copyright 2010 A. Author\n\nThis project is free "
		"software released under the MIT/X11 license:\n\n%s", mit);
	fx_write(repo, "LICENSE", text);
	fx_write(repo, "package.json", "{\"name\": \"x\", \"license\": "
		 "\"MIT/X11\"}\n");
	fx_commit(repo, "mit/x11");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "MIT");
	assert_string_equal(json_string_value(vigie_json_path(doc,
			    "facts.license.files.0.spdx")), "MIT");
	assert_string_equal(json_string_value(vigie_json_path(doc,
			    "facts.license.declared.0.spdx")), "MIT");
	json_decref(doc);
	free(text);
	free(mit);
	free(gpl);
	fx_rmdir(repo);
}

/* COPYING.LIB and COPYING-ICONS are license files (KDE's breeze-icons):
 * the library's license, and one for the icons. */
static void test_license_copying_with_a_suffix(void **state)
{
	char *repo = fx_repo_new("license-copying-suffix");
	char *lgpl = spdx_text("LGPL-2.1-only");
	char *lgpl3 = spdx_text("LGPL-3.0-only");
	char *icons = malloc(strlen(lgpl3) + 512);
	json_t *doc;

	(void)state;
	assert_non_null(icons);
	/* the icons' notice, then the license's text */
	sprintf(icons, "The Icon Theme in icons/\n\n"
		"    This library is free software; you can redistribute it "
		"and/or\n    modify it under the terms of the GNU Lesser "
		"General Public\n    License as published by the Free Software "
		"Foundation; either\n    version 3 of the License, or (at your "
		"option) any later version.\n\n%s", lgpl3);
	fx_write(repo, "README.md", "# Icons\n\nAn icon theme.\n");
	fx_write(repo, "COPYING.LIB", lgpl);
	fx_write(repo, "COPYING-ICONS", icons);
	fx_commit(repo, "copying files");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "LGPL-2.1-only");
	assert_string_equal(json_string_value(vigie_json_path(doc,
			    "facts.license.other.0.spdx")), "LGPL-3.0-or-later");
	assert_string_equal(json_string_value(vigie_json_path(doc,
			    "facts.license.other.0.scope")), "assets");
	assert_true(json_is_true(vigie_json_path(doc, "facts.license.libre")));
	json_decref(doc);
	free(icons);
	free(lgpl3);
	free(lgpl);
	fx_rmdir(repo);
}

/* No license file: the MIT text closing the main header (lua.h); a text
 * elsewhere than at the root, or a file that only mentions a license,
 * says nothing. */
static void test_license_text_in_a_root_source_file(void **state)
{
	char *repo = fx_repo_new("license-in-source");
	char *mit = spdx_text("MIT");
	struct vigie_buf h = VIGIE_BUF_INIT;
	const char *p;
	json_t *doc;

	(void)state;
	fx_write(repo, "README.md", "# Lang\n\nA small language.\n");
	fx_write(repo, "lapi.c", "/* see lua.h for the license */\nint x;\n");
	fx_write(repo, "sub/vendored.h", "/* Apache License 2.0 */\n");
	fx_commit(repo, "no license text");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "NONE");
	json_decref(doc);

	vigie_buf_puts(&h, "#ifndef lua_h\n#define lua_h\nint lua(void);\n\n/*\n");
	for (p = mit; *p; ) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		vigie_buf_puts(&h, "* ");
		vigie_buf_add(&h, p, n);
		vigie_buf_puts(&h, "\n");
		p += n + (e ? 1 : 0);
	}
	vigie_buf_puts(&h, "*/\n#endif\n");
	fx_write(repo, "lua.h", h.ptr);
	fx_commit(repo, "the header ends with the license");
	doc = audit_doc(repo);
	assert_string_equal(lic_str(doc, "expression"), "MIT");
	assert_string_equal(json_string_value(vigie_json_path(doc,
			    "facts.license.files.0.path")), "lua.h");
	assert_true(json_is_true(vigie_json_path(doc, "facts.license.libre")));
	json_decref(doc);
	vigie_buf_release(&h);
	free(mit);
	fx_rmdir(repo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_license_db_loads_with_version_and_flags),
		cmocka_unit_test(test_license_every_database_license_identifies_itself),
		cmocka_unit_test(test_license_index_matches_the_committed_files),
		cmocka_unit_test(test_license_damaged_index_is_refused),
		cmocka_unit_test(test_license_normalize_follows_the_guidelines),
		cmocka_unit_test(test_license_realistic_variants_still_match),
		cmocka_unit_test(test_license_close_relatives_are_told_apart),
		cmocka_unit_test(test_license_only_or_later_comes_from_the_notice),
		cmocka_unit_test(test_license_apache_appendix_and_mpl_exception),
		cmocka_unit_test(test_license_several_licenses_in_one_file),
		cmocka_unit_test(test_license_stamps_wrap_within_a_text),
		cmocka_unit_test(test_license_references_by_name_and_id),
		cmocka_unit_test(test_license_non_licenses_give_none),
		cmocka_unit_test(test_license_hostile_input_is_bounded),
		cmocka_unit_test(test_license_french_texts_in_utf8_and_latin1),
		cmocka_unit_test(test_license_expressions),
		cmocka_unit_test(test_license_manifests),
		cmocka_unit_test(test_license_collector_in_a_repository),
		cmocka_unit_test(test_license_kept_for_the_next_audit),
		cmocka_unit_test(test_license_parts_of_the_tree_are_other_licenses),
		cmocka_unit_test(test_license_reuse_layout_names_the_code_license),
		cmocka_unit_test(test_license_libre_is_known_or_unknown),
		cmocka_unit_test(test_license_reuse_annotations_for_code),
		cmocka_unit_test(test_license_or_later_said_elsewhere),
		cmocka_unit_test(test_license_names_beside_texts),
		cmocka_unit_test(test_license_copying_with_a_suffix),
		cmocka_unit_test(test_license_text_in_a_root_source_file),
		cmocka_unit_test(test_license_scoped_statements),
		cmocka_unit_test(test_license_etalab_official_texts),
		cmocka_unit_test(test_license_eupl_in_other_languages),
		cmocka_unit_test(test_license_eupl_by_structure),
		cmocka_unit_test(test_license_unlisted_license_named_beside_a_text),
		cmocka_unit_test(test_license_excepted_named_works),
		cmocka_unit_test(test_license_source_file_notices),
		cmocka_unit_test(test_license_reuse_licenseref_file_is_its_name),
		cmocka_unit_test(test_license_parts_after_a_gnu_appendix),
		cmocka_unit_test(test_license_parts_named_in_a_license_file),
		cmocka_unit_test(test_license_unknown_root_text_wins_over_a_manifest),
		cmocka_unit_test(test_license_reuse_headers_name_the_code_license),
		cmocka_unit_test(test_license_gpl_with_exception_and_bundled_lgpl),
		cmocka_unit_test(test_license_mentions_are_not_grants),
		cmocka_unit_test(test_license_proprietary_manifest_is_inconsistent),
		cmocka_unit_test(test_license_rules_use_the_facts),
		cmocka_unit_test(test_license_command_prints_path_id_confidence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
