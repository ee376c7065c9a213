/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of the capped buffer and the error struct. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "vigie/buf.h"
#include "vigie/date.h"
#include "vigie/error.h"
#include "fs.h"
#include "grow.h"
#include "strmap.h"
#include "json.h"
#include "num.h"

static void test_buf_appends_and_terminates(void **state)
{
	struct vigie_buf b = VIGIE_BUF_INIT;

	(void)state;
	assert_int_equal(vigie_buf_puts(&b, "abc"), 0);
	assert_int_equal(vigie_buf_printf(&b, "-%d-", 42), 0);
	assert_int_equal(vigie_buf_putc(&b, 'z'), 0);
	assert_string_equal(b.ptr, "abc-42-z");
	assert_int_equal(b.len, 8);
	vigie_buf_release(&b);
}

/*
 * Formatting measures, grows, then formats again from a copy of the
 * arguments: a result larger than the buffer still holds every value.
 */
static void test_buf_printf_grows_past_the_first_allocation(void **state)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	char word[301];

	(void)state;
	memset(word, 'w', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	assert_int_equal(vigie_buf_puts(&b, "<"), 0);
	assert_int_equal(vigie_buf_printf(&b, "%s|%d|%s", word, 7, "end"), 0);
	assert_int_equal(b.len, 1 + 300 + strlen("|7|end"));
	assert_int_equal(b.ptr[301], '|');
	assert_string_equal(b.ptr + 302, "7|end");
	vigie_buf_release(&b);
}

static void test_buf_ceiling_is_an_error_not_a_truncation(void **state)
{
	struct vigie_buf b;

	(void)state;
	vigie_buf_init(&b, 8);
	assert_int_equal(vigie_buf_puts(&b, "12345678"), 0);
	assert_int_equal(vigie_buf_putc(&b, '9'), VIGIE_ELIMIT);
	assert_int_equal(vigie_buf_printf(&b, "%s", "x"), VIGIE_ELIMIT);
	assert_string_equal(b.ptr, "12345678");
	assert_int_equal(b.len, 8);
	vigie_buf_release(&b);
	/* a ceiling of SIZE_MAX is none: the NUL's byte never wraps the size
	 * to 0 (which freed the buffer and wrote to it) */
	vigie_buf_init(&b, SIZE_MAX);
	assert_int_equal(vigie_buf_puts(&b, "abc"), 0);
	assert_int_equal(vigie_buf_puts(&b, "def"), 0);
	assert_string_equal(b.ptr, "abcdef");
	assert_int_equal(vigie_buf_grow(&b, SIZE_MAX - 3), VIGIE_ELIMIT);
	vigie_buf_release(&b);
}

static void test_buf_detach_hands_over(void **state)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	size_t len = 0;
	char *p;

	(void)state;
	vigie_buf_puts(&b, "hello");
	p = vigie_buf_detach(&b, &len);
	assert_string_equal(p, "hello");
	assert_int_equal(len, 5);
	assert_null(b.ptr);
	assert_int_equal(b.len, 0);
	free(p);
}

static void test_buf_error_set_and_prefix(void **state)
{
	struct vigie_error err;

	(void)state;
	vigie_error_clear(&err);
	assert_int_equal(vigie_error_set(&err, VIGIE_ENOTFOUND, "a/b",
					 "no such %s", "thing"),
			 VIGIE_ENOTFOUND);
	vigie_error_prefix(&err, "cannot %s", "open");
	assert_string_equal(err.message, "cannot open: no such thing");
	assert_string_equal(err.where, "a/b");
	assert_string_equal(vigie_errcode_name(VIGIE_ELIMIT), "limit reached");
	/* A NULL error struct is allowed everywhere. */
	assert_int_equal(vigie_error_set(NULL, VIGIE_EINVALID, NULL, "x"),
			 VIGIE_EINVALID);
}

/*
 * Out of memory has its own code and name, and marks the thread even when
 * a caller turns it into something else: a stage then fails whole.
 */
static void test_buf_nomem_is_its_own_error_and_marks(void **state)
{
	struct vigie_error err;

	(void)state;
	vigie_nomem_take();
	assert_false(vigie_nomem_take());
	assert_int_not_equal(VIGIE_ENOMEM, VIGIE_EGENERIC);
	assert_string_equal(vigie_errcode_name(VIGIE_ENOMEM), "out of memory");
	assert_int_equal(vigie_error_set(&err, VIGIE_EINVALID, "x", "no"),
			 VIGIE_EINVALID);
	assert_false(vigie_nomem_take());
	assert_int_equal(vigie_error_set(&err, VIGIE_ENOMEM, "", "out of memory"),
			 VIGIE_ENOMEM);
	assert_int_equal(err.code, VIGIE_ENOMEM);
	assert_true(vigie_nomem_take());
	assert_false(vigie_nomem_take()); /* taken */
	assert_int_equal(vigie_nomem_mark(), VIGIE_ENOMEM);
	assert_true(vigie_nomem_take());
}

/*
 * jansson 2.14 ignores a failed write of an object key and goes on: a
 * buffer that fails there (its ceiling here: a long key does not fit, the
 * short writes after it do; a failed allocation alike) must still fail the
 * dump, never leave a hole in the text.
 */
/* An array grows by doubling from its first size, keeps what it held, and
 * refuses a size that would overflow, changing nothing. */
static void test_buf_arrays_grow_without_overflow(void **state)
{
	struct item { long a, b; } *v = NULL, *kept;
	size_t cap = 0, i;

	(void)state;
	assert_int_equal(vigie_grow(&v, &cap, 1, 4), 0);
	assert_int_equal(cap, 4);
	for (i = 0; i < 4; i++)
		v[i] = (struct item){ (long)i, -(long)i };
	assert_int_equal(vigie_grow(&v, &cap, 4, 4), 0); /* room enough */
	assert_int_equal(cap, 4);
	assert_int_equal(vigie_grow(&v, &cap, 9, 4), 0);
	assert_int_equal(cap, 16);
	for (i = 0; i < 4; i++)
		assert_int_equal(v[i].b, -(long)i);
	kept = v;
	assert_int_equal(vigie_grow(&v, &cap, SIZE_MAX / 2, 4), VIGIE_ENOMEM);
	assert_ptr_equal(v, kept);
	assert_int_equal(cap, 16);
	assert_int_equal(vigie_grow(&v, &cap, SIZE_MAX, 4), VIGIE_ENOMEM);
	assert_int_equal(cap, 16);
	free(v);
}

static void test_buf_json_dump_fails_at_every_byte(void **state)
{
	json_t *v = json_pack("{s:i, s:{s:i}}", "a", 1,
			      "a key long enough to leave room after it", "b", 2);
	struct vigie_buf b = VIGIE_BUF_INIT;
	size_t full, max;

	(void)state;
	assert_non_null(v);
	assert_int_equal(vigie_json_dump(&b, v, JSON_COMPACT), 0);
	full = b.len;
	vigie_buf_release(&b);
	for (max = 1; max < full; max++) {
		vigie_buf_init(&b, max);
		assert_int_equal(vigie_json_dump(&b, v, JSON_COMPACT),
				 VIGIE_ELIMIT);
		vigie_buf_release(&b);
	}
	json_decref(v);
}

/*
 * One reader of files for everything: whole files appended after what the
 * buffer holds, the ceiling an error that leaves the buffer as it was, and
 * nothing but a regular file read (a FIFO with no writer would hang a
 * blocking reader).
 */
/*
 * What a whole-file reader refuses (in dir, holding a regular file
 * "empty"): a missing file or directory, a directory, a FIFO (without
 * blocking; the FIFO is made here).
 */
static void refusals(const char *dir, int (*whole)(const char *path))
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/missing", dir);
	assert_int_equal(whole(path), VIGIE_ENOTFOUND);
	snprintf(path, sizeof(path), "%s/empty/below", dir);
	assert_int_equal(whole(path), VIGIE_ENOTFOUND);
	assert_int_equal(whole(dir), VIGIE_EINVALID);
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(whole(path), VIGIE_EINVALID);
}

static int read_whole(const char *path)
{
	struct vigie_buf b;
	int rc;

	vigie_buf_init(&b, 0);
	rc = vigie_buf_read_file(&b, path, 0);
	vigie_buf_release(&b);
	return rc;
}

static int map_whole(const char *path)
{
	struct vigie_mapped m;
	int rc = vigie_map_file(&m, path, 10);

	vigie_mapped_release(&m);
	return rc;
}

static void test_buf_read_file_whole_capped_regular_only(void **state)
{
	char *dir = fx_tmpdir("readfile"), *data = malloc(200001), path[4096];
	struct vigie_buf b;
	size_t i;

	(void)state;
	assert_non_null(data);
	for (i = 0; i < 200000; i++)
		data[i] = (char)('a' + i % 26);
	data[200000] = '\0';
	fx_write(dir, "big", data);
	fx_write(dir, "empty", "");

	vigie_buf_init(&b, 0);
	assert_int_equal(vigie_buf_puts(&b, "<"), 0);
	snprintf(path, sizeof(path), "%s/big", dir);
	assert_int_equal(vigie_buf_read_file(&b, path, 0), 0);
	assert_int_equal(b.len, 200001);
	assert_int_equal(b.ptr[0], '<');
	assert_memory_equal(b.ptr + 1, data, 200000);
	assert_int_equal(b.ptr[b.len], '\0');
	vigie_buf_release(&b);

	/* exactly the ceiling fits; one byte less is an error, buffer kept */
	vigie_buf_init(&b, 200001);
	assert_int_equal(vigie_buf_puts(&b, "<"), 0);
	assert_int_equal(vigie_buf_read_file(&b, path, 0), 0);
	vigie_buf_release(&b);
	vigie_buf_init(&b, 200000);
	assert_int_equal(vigie_buf_puts(&b, "<"), 0);
	assert_int_equal(vigie_buf_read_file(&b, path, 0), VIGIE_ELIMIT);
	assert_string_equal(b.ptr, "<");
	vigie_buf_release(&b);

	vigie_buf_init(&b, 0);
	snprintf(path, sizeof(path), "%s/empty", dir);
	assert_int_equal(vigie_buf_read_file(&b, path, 0), 0);
	assert_int_equal(b.len, 0);
	refusals(dir, read_whole);

	/* a link is followed unless the caller says not to */
	snprintf(path, sizeof(path), "%s/link", dir);
	assert_int_equal(symlink("big", path), 0);
	assert_int_equal(vigie_buf_read_file(&b, path, VIGIE_READ_NOFOLLOW),
			 VIGIE_EINVALID);
	assert_int_equal(b.len, 0);
	assert_int_equal(vigie_buf_read_file(&b, path, 0), 0);
	assert_int_equal(b.len, 200000);
	vigie_buf_release(&b);
	free(data);
	fx_rmdir(dir);
}

/*
 * A file mapped whole, with the reader's refusals: the exact ceiling fits,
 * a byte over is a limit; no link, FIFO (without blocking) nor directory;
 * and a file renamed over the mapped one leaves the mapping as it was.
 */
static void test_map_file_whole_capped_regular_only(void **state)
{
	char *dir = fx_tmpdir("mapfile"), *data = malloc(300001), path[4096],
	     other[4096];
	struct vigie_mapped m;
	size_t i;

	(void)state;
	assert_non_null(data);
	for (i = 0; i < 300000; i++)
		data[i] = (char)('a' + i % 26);
	data[300000] = '\0';
	fx_write(dir, "big", data);
	fx_write(dir, "empty", "");
	fx_write(dir, "new", "replaced");

	snprintf(path, sizeof(path), "%s/big", dir);
	assert_int_equal(vigie_map_file(&m, path, 300000), 0);
	assert_non_null(m.map); /* mapped, not read */
	assert_null(m.heap);
	assert_int_equal(m.len, 300000);
	assert_memory_equal(m.ptr, data, 300000);
	/* git and the kept files replace a file by renaming over it */
	snprintf(other, sizeof(other), "%s/new", dir);
	assert_int_equal(rename(other, path), 0);
	assert_memory_equal(m.ptr, data, 300000);
	vigie_mapped_release(&m);
	assert_null(m.ptr);
	vigie_mapped_release(&m); /* twice: nothing */
	assert_int_equal(vigie_map_file(&m, path, 8), 0);
	assert_int_equal(m.len, 8);
	assert_memory_equal(m.ptr, "replaced", 8);
	vigie_mapped_release(&m);
	assert_int_equal(vigie_map_file(&m, path, 7), VIGIE_ELIMIT);
	assert_null(m.ptr);

	snprintf(path, sizeof(path), "%s/empty", dir);
	assert_int_equal(vigie_map_file(&m, path, 10), 0);
	assert_null(m.ptr);
	assert_int_equal(m.len, 0);
	refusals(dir, map_whole);
	snprintf(path, sizeof(path), "%s/link", dir);
	assert_int_equal(symlink("empty", path), 0);
	assert_int_equal(vigie_map_file(&m, path, 10), VIGIE_EINVALID);
	assert_null(m.ptr);
	free(data);
	fx_rmdir(dir);
}

static void libc_date(char *out, size_t n, enum vigie_date_style style,
		      const struct tm *tm)
{
	switch (style) {
	case VIGIE_DATE_DAY:
		strftime(out, n, "%Y-%m-%d", tm);
		break;
	case VIGIE_DATE_ISO:
		strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", tm);
		break;
	case VIGIE_DATE_MINUTE:
		strftime(out, n, "%Y-%m-%d %H:%M UTC", tm);
		break;
	case VIGIE_DATE_SECOND:
		strftime(out, n, "%Y-%m-%d %H:%M:%S UTC", tm);
		break;
	}
}

/*
 * The one date formatter agrees with the C library's gmtime_r + strftime
 * on every style over four centuries (leap days, the year 2000, times
 * before 1970), and the parser reads back what it writes.
 */
static void test_date_format_and_parse_agree_with_libc(void **state)
{
	static const enum vigie_date_style styles[] = {
		VIGIE_DATE_DAY, VIGIE_DATE_ISO, VIGIE_DATE_MINUTE,
		VIGIE_DATE_SECOND,
	};
	char got[VIGIE_DATE_MAX], want[64];
	int64_t t, back;
	size_t i;

	(void)state;
	/* 1700-01-01 .. 2100-01-01, every 7 days and 3,701 seconds */
	for (t = -8520336000; t < 4102444800; t += 7 * 86400 + 3701) {
		time_t tt = (time_t)t;
		struct tm tm;

		assert_non_null(gmtime_r(&tt, &tm));
		for (i = 0; i < VIGIE_ARRAY_SIZE(styles); i++) {
			libc_date(want, sizeof(want), styles[i], &tm);
			assert_true(vigie_date_format(got, t, styles[i]));
			assert_string_equal(got, want);
		}
		vigie_date_format(got, t, VIGIE_DATE_ISO);
		assert_int_equal(vigie_date_parse(&back, got, 0), 0);
		assert_int_equal(back, t);
	}
	assert_true(vigie_date_format(got, 253402300799, VIGIE_DATE_ISO));
	assert_string_equal(got, "9999-12-31T23:59:59Z");
	assert_false(vigie_date_format(got, 253402300800, VIGIE_DATE_ISO));
	assert_string_equal(got, "");
	assert_false(vigie_date_format(got, INT64_MIN, VIGIE_DATE_DAY));

	/* zones, fractions, a day alone only when asked, real dates only */
	assert_int_equal(vigie_date_parse(&back, "2026-01-05T11:00:00.123+01:00", 0), 0);
	assert_int_equal(back, 1767607200);
	assert_int_equal(vigie_date_parse(&back, "2026-01-05 10:00-0000", 0), 0);
	assert_int_equal(back, 1767607200);
	assert_int_equal(vigie_date_parse(&back, "2026-01-05", 0), VIGIE_EINVALID);
	assert_int_equal(vigie_date_parse(&back, "2026-01-05", VIGIE_DATE_DAY_END), 0);
	assert_int_equal(back, 1767657599);
	assert_int_equal(vigie_date_parse(&back, "2024-02-29T00:00Z", 0), 0);
	assert_int_equal(vigie_date_parse(&back, "2025-02-29T00:00Z", 0), VIGIE_EINVALID);
	assert_int_equal(vigie_date_parse(&back, "2026-04-31T00:00Z", 0), VIGIE_EINVALID);
	assert_int_equal(vigie_date_parse(&back, "2026-01-05T10:00:00Zjunk", 0), VIGIE_EINVALID);
	assert_int_equal(vigie_date_parse(&back, "2026-01-05T24:00:00Z", 0), VIGIE_EINVALID);
	assert_int_equal(vigie_date_parse(&back, " 2026-01-05T10:00Z", 0), VIGIE_EINVALID);
	assert_int_equal(vigie_date_parse(&back, NULL, 0), VIGIE_EINVALID);
}

/*
 * The string map: dense positions in order of first sight, keys copied,
 * found again after many rehashes; the hash is FNV-1a's published vectors
 * (shards depend on it never changing).
 */
static void test_strmap_dense_positions_and_stable_hash(void **state)
{
	struct vigie_strmap m = VIGIE_STRMAP_INIT;
	char key[32];
	bool added;
	long i;

	(void)state;
	assert_true(vigie_hash_str("") == 0xcbf29ce484222325ull);
	assert_true(vigie_hash_str("a") == 0xaf63dc4c8601ec8cull);
	assert_true(vigie_hash_str("foobar") == 0x85944171f73967e8ull);
	assert_int_equal(vigie_strmap_find(&m, "absent"), -1);
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof(key), "key-%ld", i);
		assert_int_equal(vigie_strmap_index(&m, key, &added), i);
		assert_true(added);
	}
	for (i = 9999; i >= 0; i--) {
		snprintf(key, sizeof(key), "key-%ld", i);
		assert_int_equal(vigie_strmap_index(&m, key, &added), i);
		assert_false(added);
		assert_int_equal(vigie_strmap_find(&m, key), i);
		assert_string_equal(m.keys[i], key);
	}
	assert_int_equal(m.count, 10000);
	assert_true(m.nslots >= 2 * m.count);
	assert_int_equal(vigie_strmap_find(&m, "key-10000"), -1);
	vigie_strmap_release(&m);
	assert_int_equal(m.count, 0);
	assert_int_equal(vigie_strmap_find(&m, "key-1"), -1);
	assert_int_equal(vigie_strmap_index(&m, "again", &added), 0);
	vigie_strmap_release(&m);
}

/* vigie_round() and vigie_lround() (num.h: libvigie links no libm) give
 * what libm's round() and lround() give, halves, signs and edges. */
static void test_round_agrees_with_libm(void **state)
{
	static const double edges[] = {
		0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994,
		-0.49999999999999994, 4503599627370495.5, -4503599627370495.5,
		4503599627370496.0, 9007199254740993.0, 1e300, -1e300, 99.95,
		12.345 / 0.1, 1e-320,
	};
	unsigned long long x = 88172645463325252ull;
	double v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		v = vigie_round(edges[i]);
		assert_true(v == round(edges[i]));
		assert_int_equal(signbit(v), signbit(round(edges[i])));
	}
	assert_true(isnan(vigie_round(NAN)));
	assert_true(vigie_round(INFINITY) == INFINITY);
	assert_true(vigie_round(-INFINITY) == -INFINITY);
	for (i = 0; i < 200000; i++) {
		double d;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		/* spread over many magnitudes, halves among them */
		d = (double)(long long)(x >> 20) / (double)(1ull << (x % 48));
		if (i % 4 == 0)
			d = (double)(long long)(x % 2000001) / 2.0 - 500000.0;
		assert_true(vigie_round(d) == round(d));
		assert_true(vigie_round(-d) == round(-d));
		if (fabs(d) < 1e15)
			assert_int_equal(vigie_lround(d), lround(d));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_appends_and_terminates),
		cmocka_unit_test(test_buf_printf_grows_past_the_first_allocation),
		cmocka_unit_test(test_buf_ceiling_is_an_error_not_a_truncation),
		cmocka_unit_test(test_buf_detach_hands_over),
		cmocka_unit_test(test_buf_error_set_and_prefix),
		cmocka_unit_test(test_buf_nomem_is_its_own_error_and_marks),
		cmocka_unit_test(test_buf_json_dump_fails_at_every_byte),
		cmocka_unit_test(test_buf_arrays_grow_without_overflow),
		cmocka_unit_test(test_buf_read_file_whole_capped_regular_only),
		cmocka_unit_test(test_map_file_whole_capped_regular_only),
		cmocka_unit_test(test_date_format_and_parse_agree_with_libc),
		cmocka_unit_test(test_strmap_dense_positions_and_stable_hash),
		cmocka_unit_test(test_round_agrees_with_libm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
