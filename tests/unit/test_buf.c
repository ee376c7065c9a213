/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of the capped buffer and the error struct. */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "vigie/buf.h"
#include "vigie/error.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_appends_and_terminates),
		cmocka_unit_test(test_buf_printf_grows_past_the_first_allocation),
		cmocka_unit_test(test_buf_ceiling_is_an_error_not_a_truncation),
		cmocka_unit_test(test_buf_detach_hands_over),
		cmocka_unit_test(test_buf_error_set_and_prefix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
