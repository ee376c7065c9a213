/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of the forge HTTP layer against the fake forge on 127.0.0.1. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "fakeforge.h"
#include "vigie/vigie.h"
#include "vigie/sys/forge.h"

struct env {
	struct fakeforge ff;
	struct vigie_http *http;
	struct vigie_http_opts opts;
	char *cache;
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));

	ff_start(&e->ff);
	if (asprintf(&e->cache, "%s/http", e->ff.dir) < 0)
		return -1;
	vigie_http_opts_init(&e->opts);
	e->opts.cache_dir = e->cache;
	e->opts.backoff_ms = 10;
	e->opts.timeout_ms = 5000;
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	vigie_http_free(e->http);
	ff_stop(&e->ff);
	free(e->cache);
	free(e);
	return 0;
}

static struct vigie_http *client(struct env *e)
{
	struct vigie_error err;

	vigie_http_free(e->http);
	e->http = NULL;
	if (vigie_http_new(&e->http, &e->opts, &err) < 0)
		fail_msg("vigie_http_new: %s", err.message);
	return e->http;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static size_t count(struct env *e, const char *path)
{
	json_t *reqs = ff_requests(&e->ff);
	size_t i, n = 0;

	for (i = 0; i < json_array_size(reqs); i++)
		if (!strcmp(json_string_value(json_object_get(
				    json_array_get(reqs, i), "path")),
			    path))
			n++;
	json_decref(reqs);
	return n;
}

static void test_forge_http_etag_served_from_cache(void **state)
{
	struct env *e = *state;
	struct vigie_http_response r;
	struct vigie_http_stats st;
	struct vigie_error err;
	const char *hdrs[] = { "Accept: application/json", NULL };
	const char *url = ff_url(&e->ff, "github", "/http/etag");
	json_t *reqs;

	assert_int_equal(vigie_http_get(&r, client(e), url, hdrs, &err), 0);
	assert_int_equal(r.status, 200);
	assert_false(r.from_cache);
	assert_string_equal(r.body.ptr, "{\"n\": 1}");
	assert_non_null(r.next);
	assert_contains(r.next, "/github/http/etag?page=2");
	vigie_http_response_release(&r);

	/* A second client, as in tomorrow's run: same cache on disk. */
	assert_int_equal(vigie_http_get(&r, client(e), url, hdrs, &err), 0);
	assert_int_equal(r.status, 200);
	assert_true(r.from_cache);
	assert_string_equal(r.body.ptr, "{\"n\": 1}");
	assert_non_null(r.next);
	vigie_http_stats(e->http, &st);
	assert_int_equal(st.not_modified, 1);
	vigie_http_response_release(&r);

	reqs = ff_requests(&e->ff);
	assert_int_equal(json_array_size(reqs), 2);
	assert_true(json_is_null(json_object_get(json_array_get(reqs, 0),
						 "if_none_match")));
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(reqs, 1), "if_none_match")),
			    "\"v1\"");
	/* user agent and compression on every request */
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(reqs, 0), "user_agent")),
			    "vigie/" "0.1.0");
	assert_non_null(json_string_value(json_object_get(
		json_array_get(reqs, 0), "accept_encoding")));
	json_decref(reqs);

	/* Other headers (another token): another cache entry, no 304. */
	{
		const char *other[] = { "Authorization: Bearer x", NULL };
		assert_int_equal(vigie_http_get(&r, e->http, url, other, &err), 0);
		assert_false(r.from_cache);
		vigie_http_response_release(&r);
	}
}

static void test_forge_http_last_modified_revalidated(void **state)
{
	struct env *e = *state;
	struct vigie_http_response r;
	struct vigie_error err;
	const char *url = ff_url(&e->ff, "github", "/http/lastmod");
	json_t *reqs;

	assert_int_equal(vigie_http_get(&r, client(e), url, NULL, &err), 0);
	assert_false(r.from_cache);
	vigie_http_response_release(&r);
	assert_int_equal(vigie_http_get(&r, client(e), url, NULL, &err), 0);
	assert_true(r.from_cache);
	assert_string_equal(r.body.ptr, "{\"m\": 1}");
	vigie_http_response_release(&r);
	reqs = ff_requests(&e->ff);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(reqs, 1), "if_modified_since")),
			    "Wed, 21 Oct 2026 07:28:00 GMT");
	json_decref(reqs);
}

static void test_forge_http_retries_5xx_then_success(void **state)
{
	struct env *e = *state;
	struct vigie_http_response r;
	struct vigie_http_stats st;
	struct vigie_error err;
	const char *url = ff_url(&e->ff, "github", "/http/flaky");

	assert_int_equal(vigie_http_get(&r, client(e), url, NULL, &err), 0);
	assert_string_equal(r.body.ptr, "{\"ok\": true}");
	vigie_http_stats(e->http, &st);
	assert_int_equal(st.retries, 2);
	assert_int_equal(st.requests, 3);
	assert_int_equal(count(e, "/http/flaky"), 3);
	vigie_http_response_release(&r);
}

static void test_forge_http_gives_up_after_retries(void **state)
{
	struct env *e = *state;
	struct vigie_http_response r;
	struct vigie_error err;

	e->opts.retries = 1;
	assert_int_equal(vigie_http_get(&r, client(e),
					ff_url(&e->ff, "github", "/http/flaky"),
					NULL, &err),
			 VIGIE_ENET);
	assert_contains(err.message, "HTTP 502");
	assert_int_equal(count(e, "/http/flaky"), 2);
	vigie_http_response_release(&r);
}

/* Nothing listens: no retry (as curl's --retry), the error names the URL. */
static void test_forge_http_refused_is_not_retried(void **state)
{
	struct env *e = *state;
	struct vigie_http_response r;
	struct vigie_http_stats st;
	struct vigie_error err;
	char url[128];

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v3/repos/a/b",
		 fx_free_port());
	assert_int_equal(vigie_http_get(&r, client(e), url, NULL, &err),
			 VIGIE_ENET);
	vigie_http_stats(e->http, &st);
	assert_int_equal(st.retries, 0);
	assert_int_equal(st.requests, 1);
	assert_contains(err.where, url);
	vigie_http_response_release(&r);
}

static void test_forge_http_timeout(void **state)
{
	struct env *e = *state;
	struct vigie_http_response r;
	struct vigie_error err;
	double t0;

	e->opts.timeout_ms = 300;
	e->opts.retries = 0;
	t0 = now_ms();
	assert_int_equal(vigie_http_get(&r, client(e),
					ff_url(&e->ff, "github", "/http/slow"),
					NULL, &err),
			 VIGIE_ENET);
	assert_true(now_ms() - t0 < 2500);
	assert_contains(err.message, "imed out");
	assert_contains(err.where, "/github/http/slow");
	vigie_http_response_release(&r);
}

static void test_forge_http_truncated_body(void **state)
{
	struct env *e = *state;
	struct vigie_http_response r;
	struct vigie_error err;

	e->opts.retries = 1;
	assert_int_equal(vigie_http_get(&r, client(e),
					ff_url(&e->ff, "github", "/http/truncated"),
					NULL, &err),
			 VIGIE_ENET);
	/* a partial transfer is a network error, retried once */
	assert_int_equal(count(e, "/http/truncated"), 2);
	vigie_http_response_release(&r);
}

static void test_forge_http_rate_limit_waits_when_near(void **state)
{
	struct env *e = *state;
	struct vigie_http_response r;
	struct vigie_http_stats st;
	struct vigie_error err;

	e->opts.max_wait_s = 5;
	assert_int_equal(vigie_http_get(&r, client(e),
					ff_url(&e->ff, "github", "/http/soon"),
					NULL, &err),
			 0);
	assert_string_equal(r.body.ptr, "{\"ok\": true}");
	vigie_http_stats(e->http, &st);
	assert_int_equal(st.rate_waits, 1);
	assert_int_equal(count(e, "/http/soon"), 2);
	vigie_http_response_release(&r);
}

static void test_forge_http_rate_limit_stops_asking(void **state)
{
	struct env *e = *state;
	struct vigie_http_response r;
	struct vigie_error err;
	double t0 = now_ms();

	assert_int_equal(vigie_http_get(&r, client(e),
					ff_url(&e->ff, "github", "/http/far"),
					NULL, &err),
			 VIGIE_ELIMIT);
	assert_contains(err.message, "rate limited");
	vigie_http_response_release(&r);
	/* the next request is not even sent */
	assert_int_equal(vigie_http_get(&r, e->http,
					ff_url(&e->ff, "github", "/http/etag"),
					NULL, &err),
			 VIGIE_ELIMIT);
	vigie_http_response_release(&r);
	assert_int_equal(count(e, "/http/far"), 1);
	assert_int_equal(count(e, "/http/etag"), 0);
	assert_true(now_ms() - t0 < 2000);

	/* GitLab's RateLimit-* headers are understood too */
	assert_int_equal(vigie_http_get(&r, client(e),
					ff_url(&e->ff, "gitlab",
					       "/api/v4/http/ratelimit"),
					NULL, &err),
			 VIGIE_ELIMIT);
	vigie_http_response_release(&r);
}

static void test_forge_http_redirect_followed(void **state)
{
	struct env *e = *state;
	struct vigie_http_response r;
	struct vigie_error err;

	assert_int_equal(vigie_http_get(&r, client(e),
					ff_url(&e->ff, "github", "/http/redirect"),
					NULL, &err),
			 0);
	assert_string_equal(r.body.ptr, "{\"n\": 1}");
	assert_int_equal(count(e, "/http/redirect"), 1);
	assert_int_equal(count(e, "/http/etag"), 1);
	vigie_http_response_release(&r);
}

static void test_forge_http_not_found_and_limits(void **state)
{
	struct env *e = *state;
	struct vigie_http_response r;
	struct vigie_error err;

	assert_int_equal(vigie_http_get(&r, client(e),
					ff_url(&e->ff, "github", "/http/missing"),
					NULL, &err),
			 VIGIE_ENOTFOUND);
	assert_contains(err.message, "404");
	vigie_http_response_release(&r);

	e->opts.max_body = 100;
	assert_int_equal(vigie_http_get(&r, client(e),
					ff_url(&e->ff, "github", "/http/big"),
					NULL, &err),
			 VIGIE_ELIMIT);
	assert_contains(err.message, "larger than 100 bytes");
	vigie_http_response_release(&r);
}

static void test_forge_http_offline_sends_nothing(void **state)
{
	struct env *e = *state;
	struct vigie_http_response r;
	struct vigie_error err;

	e->opts.offline = true;
	assert_int_equal(vigie_http_get(&r, client(e),
					ff_url(&e->ff, "github", "/http/etag"),
					NULL, &err),
			 VIGIE_ENET);
	vigie_http_response_release(&r);
	assert_int_equal(count(e, "/http/etag"), 0);
}

static void test_forge_http_unreachable(void **state)
{
	struct env *e = *state;
	struct vigie_http_response r;
	struct vigie_error err;
	char url[128];

	e->opts.retries = 1;
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/x", fx_free_port());
	assert_int_equal(vigie_http_get(&r, client(e), url, NULL, &err),
			 VIGIE_ENET);
	assert_non_null(strstr(err.message, "onnect"));
	vigie_http_response_release(&r);
}

/* Did any request reach host (the address the fake forge was reached on)? */
static size_t count_host(struct env *e, const char *host)
{
	json_t *reqs = ff_requests(&e->ff);
	size_t i, n = 0;

	for (i = 0; i < json_array_size(reqs); i++) {
		const char *h = json_string_value(json_object_get(
			json_array_get(reqs, i), "host"));
		n += h && !strcmp(h, host);
	}
	json_decref(reqs);
	return n;
}

static void test_forge_http_redirect_to_other_host_refused(void **state)
{
	struct env *e = *state;
	struct vigie_http_response r;
	struct vigie_error err;
	const char *hdrs[] = { "PRIVATE-TOKEN: glpat-s3cr3t", NULL };
	json_t *reqs;

	/* A 301 to 127.0.0.2 (another host): not followed, the token and
	 * the request stay home, and the answer there is no fact. */
	assert_int_equal(vigie_http_get(&r, client(e),
					ff_url(&e->ff, "github", "/http/away"),
					hdrs, &err),
			 VIGIE_EINVALID);
	assert_contains(err.message, "redirected to another host");
	assert_contains(err.message, "127.0.0.2");
	assert_not_contains(err.message, "s3cr3t");
	assert_null(r.body.ptr && r.body.len ? strstr(r.body.ptr, "\"n\"") : NULL);
	vigie_http_response_release(&r);
	assert_int_equal(count(e, "/http/away"), 1);
	assert_int_equal(count_host(e, "127.0.0.2"), 0);
	reqs = ff_requests(&e->ff);
	assert_int_equal(json_array_size(reqs), 1);
	json_decref(reqs);

	/* Same-origin hops are followed, but not for ever. */
	assert_int_equal(vigie_http_get(&r, e->http,
					ff_url(&e->ff, "github", "/http/hops"),
					NULL, &err),
			 VIGIE_EINVALID);
	assert_contains(err.message, "more than 5 redirects");
	assert_int_equal(count(e, "/http/hops"), 6);
	vigie_http_response_release(&r);
}

static void test_forge_http_url_parsed_by_libcurl(void **state)
{
	struct vigie_http_origin o;

	(void)state;
	/* The user name is not the host. */
	assert_int_equal(vigie_http_url_origin(&o, "http://127.0.0.1:x@127.0.0.2:8080/a"), 0);
	assert_string_equal(o.host, "127.0.0.2");
	assert_int_equal(o.port, 8080);
	vigie_http_origin_release(&o);
	assert_false(vigie_http_url_loopback("http://127.0.0.1:x@127.0.0.2:8080/"));
	assert_false(vigie_http_url_loopback("http://127.0.0.1.evil.example/"));
	assert_false(vigie_http_url_loopback("http://localhost@evil.example/"));
	assert_true(vigie_http_url_loopback("http://127.0.0.1:9/api"));
	assert_true(vigie_http_url_loopback("http://LOCALHOST/api"));
	assert_true(vigie_http_url_loopback("http://[::1]:9/"));
	assert_int_equal(vigie_http_url_origin(&o, "HTTPS://Forge.EXAMPLE.org/api"), 0);
	assert_string_equal(o.scheme, "https");
	assert_string_equal(o.host, "forge.example.org");
	assert_int_equal(o.port, 443);
	vigie_http_origin_release(&o);
	assert_true(vigie_http_same_origin("https://a.example/x",
					   "https://A.example:443/y?z"));
	assert_false(vigie_http_same_origin("https://a.example/x",
					    "https://a.example.evil/x"));
	assert_false(vigie_http_same_origin("https://a.example/x",
					    "https://evil@b.example/x"));
	assert_false(vigie_http_same_origin("https://a.example/x",
					    "http://a.example/x"));
	assert_false(vigie_http_same_origin("https://a.example/x",
					    "https://a.example:8443/x"));
	assert_int_equal(vigie_http_url_origin(&o, "not a url"), VIGIE_EINVALID);
	assert_null(o.host);
	vigie_http_origin_release(&o);
	/* a host longer than any DNS name is none; one as long as allowed is */
	{
		char url[VIGIE_HTTP_HOST_MAX + 32];
		memset(url, 'a', sizeof(url));
		memcpy(url, "https://", 8);
		url[8 + VIGIE_HTTP_HOST_MAX] = '/';
		url[9 + VIGIE_HTTP_HOST_MAX] = '\0';
		assert_int_equal(vigie_http_url_origin(&o, url), 0);
		assert_int_equal(strlen(o.host), VIGIE_HTTP_HOST_MAX);
		vigie_http_origin_release(&o);
		url[8 + VIGIE_HTTP_HOST_MAX] = 'a';
		url[9 + VIGIE_HTTP_HOST_MAX] = '/';
		url[10 + VIGIE_HTTP_HOST_MAX] = '\0';
		assert_int_equal(vigie_http_url_origin(&o, url), VIGIE_EINVALID);
		vigie_http_origin_release(&o);
	}
}

static void test_forge_http_slow_forge_bounded(void **state)
{
	struct env *e = *state;
	struct vigie_http_response r;
	struct vigie_error err;
	double t0;

	/* 1 byte/s: the audit's budget ends it, retries included. */
	e->opts.timeout_ms = 30000;
	e->opts.retries = 3;
	e->opts.deadline_ms = vigie_clock_ms() + 800;
	t0 = now_ms();
	assert_int_equal(vigie_http_get(&r, client(e),
					ff_url(&e->ff, "github", "/http/drip"),
					NULL, &err),
			 VIGIE_ENET);
	assert_true(now_ms() - t0 < 3000);
	assert_contains(err.message, "time budget");
	vigie_http_response_release(&r);
	/* Spent: the next request is not even sent. */
	assert_int_equal(vigie_http_get(&r, e->http,
					ff_url(&e->ff, "github", "/http/etag"),
					NULL, &err),
			 VIGIE_ENET);
	assert_int_equal(count(e, "/http/etag"), 0);
	vigie_http_response_release(&r);

	/* Without a budget, the low-speed limit drops it. */
	e->opts.deadline_ms = 0;
	e->opts.retries = 0;
	e->opts.low_speed_bytes = 100;
	e->opts.low_speed_s = 1;
	t0 = now_ms();
	assert_int_equal(vigie_http_get(&r, client(e),
					ff_url(&e->ff, "github", "/http/drip"),
					NULL, &err),
			 VIGIE_ENET);
	assert_true(now_ms() - t0 < 4000);
	assert_contains(err.message, "slow");
	vigie_http_response_release(&r);
}

/* The time in "... until 2026-12-02 23:00:00 UTC". */
static time_t until(const char *message)
{
	const char *p = strstr(message, "until ");
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!p || !strptime(p + 6, "%Y-%m-%d %H:%M:%S", &tm))
		fail_msg("no time in '%s'", message);
	return timegm(&tm);
}

static void test_forge_http_retry_after_date(void **state)
{
	struct env *e = *state;
	struct vigie_http_response r;
	struct vigie_http_stats st;
	struct vigie_error err;
	double t0 = now_ms();

	/* A date 2 s ahead is a 2 s wait, not 60 s. */
	e->opts.max_wait_s = 5;
	assert_int_equal(vigie_http_get(&r, client(e),
					ff_url(&e->ff, "github", "/http/date_soon"),
					NULL, &err),
			 0);
	assert_string_equal(r.body.ptr, "{\"ok\": true}");
	vigie_http_stats(e->http, &st);
	assert_int_equal(st.rate_waits, 1);
	assert_true(now_ms() - t0 < 4500);
	vigie_http_response_release(&r);

	/* A date an hour ahead: stop asking, and say until when. */
	assert_int_equal(vigie_http_get(&r, client(e),
					ff_url(&e->ff, "github", "/http/date_far"),
					NULL, &err),
			 VIGIE_ELIMIT);
	assert_true(until(err.message) > time(NULL) + 3000);
	vigie_http_response_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_forge_http_etag_served_from_cache),
		T(test_forge_http_last_modified_revalidated),
		T(test_forge_http_retries_5xx_then_success),
		T(test_forge_http_gives_up_after_retries),
		T(test_forge_http_refused_is_not_retried),
		T(test_forge_http_timeout),
		T(test_forge_http_truncated_body),
		T(test_forge_http_rate_limit_waits_when_near),
		T(test_forge_http_rate_limit_stops_asking),
		T(test_forge_http_redirect_followed),
		T(test_forge_http_not_found_and_limits),
		T(test_forge_http_offline_sends_nothing),
		T(test_forge_http_unreachable),
		T(test_forge_http_redirect_to_other_host_refused),
		T(test_forge_http_retry_after_date),
		T(test_forge_http_slow_forge_bounded),
		cmocka_unit_test(test_forge_http_url_parsed_by_libcurl),
#undef T
	};
	int rc;

	vigie_global_init();
	rc = fx_run_group_tests(tests, NULL, NULL);
	vigie_global_shutdown();
	return rc;
}
