/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Tests of the .mailmap reader (src/facts/mailmap.c): on written and random
 * texts, it refuses what libgit2 1.5 refuses, and every lookup of the
 * names and addresses in the text (and near misses: other case, spaces)
 * answers as git_mailmap_resolve does (mailmap_diff.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>

#include "fixture.h"
#include "mailmap_diff.h"

#define N(a) (sizeof(a) / sizeof(*(a)))

static size_t texts, queries;

/* Each text compared with libgit2: no difference. */
static void diff_all(const char *const *cases, size_t n)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++, texts++)
		bad += mm_diff(stderr, cases[i], strlen(cases[i]), &queries);
	assert_int_equal(bad, 0);
}

/* What m resolves (name, email) to, as "NAME <EMAIL>". */
static const char *resolved(const struct vigie_mailmap *m, const char *name,
			    const char *email)
{
	static char out[256];
	const char *rn, *re;

	vigie_mailmap_resolve(m, &rn, &re, name, email);
	snprintf(out, sizeof(out), "%s <%s>", rn, re);
	return out;
}

static struct vigie_mailmap *parse(const char *text)
{
	struct vigie_mailmap *m = NULL;

	assert_int_equal(vigie_mailmap_parse(&m, text, strlen(text)), 0);
	assert_non_null(m);
	return m;
}

/* ---- written cases ------------------------------------------------------- */

static void test_mailmap_line_forms(void **state)
{
	static const char *const cases[] = {
		"Proper Name <commit@example.org>\n",
		"<proper@example.org> <commit@example.org>\n",
		"Proper Name <proper@example.org> <commit@example.org>\n",
		"Proper Name <proper@example.org> Commit Name <commit@example.org>\n",
		"Proper Name <proper@example.org> Commit Name <commit@example.org>\n"
		"Other <other@example.org> Commit Name <commit@example.org>\n"
		"Third <third@example.org> <commit@example.org>\n"
		"Fourth <fourth@example.org> Fourth Old <commit@example.org>\n",
		/* the replaced name only: the address kept */
		"<proper@example.org> Commit Name <commit@example.org>\n",
		/* an address only: nothing to change, yet an entry */
		"<commit@example.org>\n",
		"A <a@x> B <b@x>\nC <c@x> <b@x>\n",
		/* brackets inside: '>' in a name, '<' in an address */
		"A>B <a<b@x>\nC <c@x> D>E <d<e>\n",
		"A <a@x>B <b@x>\nA<a@x><b@x>\n",
		"  Name   With  Spaces  <  spaced@x  >\n",
		"A <a@x> <b@x> <c@x>\n<a@x><b@x>\n",
	};
	struct vigie_mailmap *m;

	(void)state;
	diff_all(cases, N(cases));

	m = parse("Proper <proper@x> Commit <commit@x>\n"
		  "Real <commit2@x>\n<real3@x> <commit3@x>\n");
	assert_string_equal(resolved(m, "Commit", "commit@x"), "Proper <proper@x>");
	assert_string_equal(resolved(m, "Other", "commit@x"), "Other <commit@x>");
	assert_string_equal(resolved(m, "Anyone", "commit2@x"), "Real <commit2@x>");
	assert_string_equal(resolved(m, "Anyone", "commit3@x"), "Anyone <real3@x>");
	vigie_mailmap_free(m);
}

static void test_mailmap_comments_and_spaces(void **state)
{
	static const char *const cases[] = {
		"# a comment\nA <a@x>\n",
		"A <a@x> # after the entry\n",
		"A <a@x># touching\n",
		"A <a@x> B <b@x> # after both\n",
		"#A <a@x>\n",
		"   # indented comment\nA <a@x>\n",
		"A # in the name <a@x>\n",
		"A <a#b@x>\n",
		"A <a@x> B # in the name <b@x>\n",
		"A <a@x> B <b#@x>\n",
		"\n\n\nA <a@x>\n\n\n",
		" \t \nA <a@x>\n \t\n",
		"\tA\t<a@x>\t\n",
		"  A  <a@x>  B  <b@x>  \n",
		"A \t<a@x>\t B\t <b@x>\t\n",
		"A\v<a@x>\f\n",
		"A <a@x>\r\nB <b@x> C <c@x>\r\n",
		"A\r<a@x>\r\n\r\n# c\r\n",
		"A <a@x>\r\n<b@x> <c@x>\r",
		"A <a@x>",
		"A <a@x> B <b@x>",
		"A <a@x>\nB <b@x> # no newline",
		"A <a@x>\n   ",
		"A <a@x>\r",
	};

	(void)state;
	diff_all(cases, N(cases));
}

static void test_mailmap_case_and_duplicates(void **state)
{
	static const char *const cases[] = {
		"A <a@x>\nB <A@X>\n",
		"A <a@x> b <b@x>\nC <c@x> B <b@x>\n",
		"A <a@x>\nB <a@x>\n",
		"A <a@x>\n<b@x> <a@x>\n",
		"<b@x> <a@x>\nA <a@x>\n",
		"A <a@x>\n<a@x>\n",
		"A <a@x> N <n@x>\nB <b@x> N <n@x>\n<c@x> N <n@x>\n",
		"A <a@x> N <n@x>\nB <b@x> n <n@x>\nC <n@x>\n",
		"C <n@x>\nA <a@x> N <n@x>\nD <n@x>\n",
		"A <a@x> N  <n@x>\nB <b@x>  N <n@x>\n",
		"A <a@x>\nA <a@x>\nA <a@x>\n",
		"Ä <ä@x>\näç <Ä@X>\n",
	};
	struct vigie_mailmap *m;

	(void)state;
	diff_all(cases, N(cases));

	/* libgit2 matches addresses exactly, unlike git */
	m = parse("A <a@x>\n");
	assert_string_equal(resolved(m, "n", "A@X"), "n <A@X>");
	assert_string_equal(resolved(m, "n", "a@x"), "A <a@x>");
	vigie_mailmap_free(m);
	/* a later line replaces an entry whole: no merge, as in git */
	m = parse("A <a@x>\n<b@x> <a@x>\nP <p@x> N <n@x>\nQ <n@x> N <n@x>\n");
	assert_string_equal(resolved(m, "n", "a@x"), "n <b@x>");
	assert_string_equal(resolved(m, "N", "n@x"), "Q <n@x>");
	assert_string_equal(resolved(m, "n", "n@x"), "n <n@x>");
	vigie_mailmap_free(m);
	m = parse("A <a@x>\n<a@x>\n");
	assert_string_equal(resolved(m, "n", "a@x"), "n <a@x>");
	vigie_mailmap_free(m);
}

static void test_mailmap_malformed_lines_skipped(void **state)
{
	static const char *const cases[] = {
		"Name only\nA <a@x>\n",
		"A <a@x\nB <b@x>\n",
		"A a@x>\nB <b@x>\n",
		"A <a@x> junk\nB <b@x>\n",
		"A <a@x> B\nB <b@x>\n",
		"A <a@x> B <b@x\nC <c@x>\n",
		"A <a@x> B <b@x> junk\nC <c@x>\n",
		"A <a@x> <b@x> <c@x>\n",
		">\n<\n<<\n>>\n><\n",
		"<\n>A <a@x>\n",
		"A <a@x> <>\n",
		"A <> B <b@x>\n",
		"<> <b@x>\n",
		"A <> junk\n",
		"<a@x> >\n",
	};

	(void)state;
	diff_all(cases, N(cases));
}

/* What libgit2 refuses whole, so do we, and *out is NULL. */
static void test_mailmap_refused(void **state)
{
	static const struct {
		const char *text;
		size_t len;
	} cases[] = {
		{ "A <a@x>\n\0B <b@x>\n", 17 },
		{ "\0", 1 },
		{ "A <a@x>\0", 8 },
		{ "A <a\0@x>\n", 9 },
		{ "A <>\n", 5 },
		{ "<>\n", 3 },
		{ "A <a@x>\nB <>\n", 13 },
		{ "A <a@x> B <>\n", 13 },
		{ "<a@x> <>", 8 },
		{ "  <>  # c\n", 10 },
	};
	struct vigie_mailmap *m;
	size_t i, bad = 0;
	int rc;

	(void)state;
	for (i = 0; i < N(cases); i++, texts++) {
		bad += mm_diff(stderr, cases[i].text, cases[i].len, &queries);
		m = (struct vigie_mailmap *)&m;
		rc = vigie_mailmap_parse(&m, cases[i].text, cases[i].len);
		assert_int_equal(rc, VIGIE_EINVALID);
		assert_null(m);
	}
	assert_int_equal(bad, 0);
}

static void test_mailmap_empty(void **state)
{
	static const char *const cases[] = {
		"", "\n", "#", "# only a comment", "\n\n\n", "\r\n", " ",
	};
	struct vigie_mailmap *m = NULL;
	const char *rn, *re, *name = "n", *email = "e";

	(void)state;
	diff_all(cases, N(cases));
	assert_int_equal(vigie_mailmap_parse(&m, NULL, 0), 0);
	assert_non_null(m);
	vigie_mailmap_resolve(m, &rn, &re, name, email);
	assert_ptr_equal(rn, name);
	assert_ptr_equal(re, email);
	vigie_mailmap_free(m);
	vigie_mailmap_resolve(NULL, &rn, &re, name, email);
	assert_ptr_equal(rn, name);
	assert_ptr_equal(re, email);
	vigie_mailmap_free(NULL);
}

/* Lines of 100 000 bytes: names, addresses, spaces, comments. */
static void test_mailmap_long_lines(void **state)
{
	/* each long string goes between the two halves */
	static const char *const shapes[][2] = {
		{ "", " <a@x>\n" }, { "A <", ">\n" }, { "A <a@x> ", " <b@x>\n" },
		{ "A <a@x> B <", ">\n" }, { "A <", "> <b@x>\nB <b@x>\n" },
		{ "A <a@x> # ", "\n" }, { "", "\n" },
	};
	const size_t n = 100000;
	char *long_s = malloc(n + 1), *text = malloc(n + 64);
	size_t i, k, bad = 0;

	(void)state;
	assert_non_null(long_s);
	assert_non_null(text);
	for (k = 0; k < 3; k++) {
		for (i = 0; i < n; i++)
			long_s[i] = k == 0 ? 'a' + (char)(i % 26) :
				    k == 1 ? ' ' : "<a \t"[i % 4];
		long_s[n] = '\0';
		for (i = 0; i < N(shapes); i++, texts++) {
			snprintf(text, n + 64, "%s%s%s", shapes[i][0], long_s,
				 shapes[i][1]);
			bad += mm_diff(stderr, text, strlen(text), &queries);
		}
	}
	assert_int_equal(bad, 0);
	free(long_s);
	free(text);
}

/* ---- at scale ------------------------------------------------------------ */

/* 20 000 entries of every form: every address and name looked up. */
static void test_mailmap_many_entries(void **state)
{
	size_t cap = 2 << 20, len = 0, i, bad = 0;
	char *text = malloc(cap), name[64], email[64];
	git_mailmap *g = NULL;
	struct vigie_mailmap *v = NULL;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < 20000; i++) {
		/* few addresses, many names: long runs of one address */
		unsigned a = (unsigned)(i * 7919 % 500), b = (unsigned)(i % 13);

		switch (i % 4) {
		case 0:
			len += (size_t)snprintf(text + len, cap - len,
				"Real %zu <c%u@x>\n", i, a);
			break;
		case 1:
			len += (size_t)snprintf(text + len, cap - len,
				"<r%zu@x> <c%u@x>\n", i, a);
			break;
		case 2:
			len += (size_t)snprintf(text + len, cap - len,
				"Real %zu <r%zu@x> N%u <c%u@x>\n", i, i, b, a);
			break;
		default:
			len += (size_t)snprintf(text + len, cap - len,
				"<r%zu@x> N%u <C%u@x>\n", i, b, a);
		}
	}
	assert_int_equal(git_mailmap_from_buffer(&g, text, len), 0);
	assert_int_equal(vigie_mailmap_parse(&v, text, len), 0);
	for (i = 0; i < 500; i++) {
		unsigned b;

		for (b = 0; b < 15; b++) {
			snprintf(name, sizeof(name), "N%u", b);
			snprintf(email, sizeof(email), "%c%zu@x", b & 1 ? 'C' : 'c', i);
			queries++;
			bad += !mm_same(g, v, name, email);
		}
	}
	texts++;
	assert_int_equal(bad, 0);
	git_mailmap_free(g);
	vigie_mailmap_free(v);
	free(text);
}

/*
 * 1 MiB (the caller's ceiling) of one-character lines, of brackets, and of
 * distinct entries: read in well under a second (a few seconds allowed for
 * sanitizers); a reader quadratic in lines or entries takes minutes.
 */
static void test_mailmap_hostile_sizes(void **state)
{
	const size_t n = 1 << 20;
	char *text = malloc(n + 16);
	struct vigie_mailmap *m;
	size_t i, len, k;
	clock_t t0 = clock();
	const char *rn, *re;

	(void)state;
	assert_non_null(text);
	for (k = 0; k < 4; k++) {
		len = 0;
		if (k == 3) {
			/* distinct addresses, about 150 000 entries */
			for (i = 0; len + 16 < n; i++)
				len += (size_t)snprintf(text + len, n + 16 - len,
							"<%zx>\n", i);
		} else {
			for (len = 0; len < n; len++)
				text[len] = k == 0 ? "a\n"[len % 2] :
					    k == 1 ? "<<<>"[len % 4] : '<';
		}
		assert_int_equal(vigie_mailmap_parse(&m, text, len), 0);
		vigie_mailmap_resolve(m, &rn, &re, "n", "1f");
		vigie_mailmap_free(m);
	}
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 20.0);
	free(text);
}

/* ---- random -------------------------------------------------------------- */

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void put(char *buf, size_t cap, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n < cap) {
		memcpy(buf + *len, s, n);
		*len += n;
	}
}

/* A line of one of the four forms, perhaps spoiled, or of random tokens. */
static void random_line(char *buf, size_t cap, size_t *len)
{
	static const char *const tokens[] = {
		"A", "a", "B", " ", "\t", "<", ">", "#", "\n", "\r", "x@y",
		"X@Y", "<x@y>", "<X@Y>", "<a@b>", "<>", "A <x@y>", "  ",
	};
	static const char *const names[] = { "A", "a", "B", "A B", "", " A" };
	static const char *const emails[] = { "x@y", "X@Y", "a@b", "x@y ", "" };
	static const char *const spaces[] = { "", " ", "  ", "\t", " \r" };
	static const char *const ends[] = { "", " # c", "#", " x", " <", ">" };
	unsigned form = rnd(6), i;

	if (form >= 4) {
		for (i = rnd(9); i > 0; i--)
			put(buf, cap, len, tokens[rnd(N(tokens))]);
		return;
	}
	put(buf, cap, len, spaces[rnd(N(spaces))]);
	/* an empty address, which libgit2 refuses, one time in 25 */
#define EMAIL() (rnd(25) ? emails[rnd(N(emails) - 1)] : "")
	if (form != 1)
		put(buf, cap, len, names[rnd(N(names))]);
	put(buf, cap, len, spaces[rnd(N(spaces))]);
	put(buf, cap, len, "<");
	put(buf, cap, len, EMAIL());
	put(buf, cap, len, ">");
	put(buf, cap, len, spaces[rnd(N(spaces))]);
	if (form >= 1) {
		if (form == 3)
			put(buf, cap, len, names[rnd(N(names))]);
		put(buf, cap, len, spaces[rnd(N(spaces))]);
		put(buf, cap, len, "<");
		put(buf, cap, len, EMAIL());
		put(buf, cap, len, ">");
	}
#undef EMAIL
	put(buf, cap, len, spaces[rnd(N(spaces))]);
	if (!rnd(4))
		put(buf, cap, len, ends[rnd(N(ends))]);
}

/* 5000 random texts of up to 6 lines, from a few tokens. */
static void test_mailmap_random_differential(void **state)
{
	struct vigie_mailmap *m;
	char buf[512];
	size_t t, len, lines, bad = 0, n0 = texts, q0 = queries, refused = 0;

	(void)state;
	for (t = 0; t < 5000; t++, texts++) {
		len = 0;
		for (lines = 1 + rnd(6); lines > 0; lines--) {
			random_line(buf, sizeof(buf), &len);
			/* the last line without a newline, at times */
			if (lines > 1 || rnd(3))
				put(buf, sizeof(buf), &len, rnd(4) ? "\n" : "\r\n");
		}
		if (!rnd(50) && len)
			buf[rnd((unsigned)len)] = '\0';
		bad += mm_diff(stderr, buf, len, &queries);
		if (vigie_mailmap_parse(&m, buf, len) < 0)
			refused++;
		vigie_mailmap_free(m);
	}
	printf("mailmap: %zu random texts (%zu refused by both), %zu lookups "
	       "compared with libgit2\n", texts - n0, refused, queries - q0);
	/* the refused ones are a few, not all: the texts do say something */
	assert_true(refused > 50 && refused < 2500);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mailmap_line_forms),
		cmocka_unit_test(test_mailmap_comments_and_spaces),
		cmocka_unit_test(test_mailmap_case_and_duplicates),
		cmocka_unit_test(test_mailmap_malformed_lines_skipped),
		cmocka_unit_test(test_mailmap_refused),
		cmocka_unit_test(test_mailmap_empty),
		cmocka_unit_test(test_mailmap_long_lines),
		cmocka_unit_test(test_mailmap_many_entries),
		cmocka_unit_test(test_mailmap_hostile_sizes),
		cmocka_unit_test(test_mailmap_random_differential),
	};
	int rc;

	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	printf("mailmap: %zu texts, %zu lookups compared with libgit2 in all\n",
	       texts, queries);
	git_libgit2_shutdown();
	return rc;
}
