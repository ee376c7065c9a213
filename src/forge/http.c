/* SPDX-License-Identifier: EUPL-1.2 */
/* The HTTP layer of the forge clients: the only user of libcurl. */
#include <ctype.h>
#include <dlfcn.h>
#include <pthread.h>
#include <limits.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* the calls go through the table below: no macro may stand for them */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

#include "vigie/date.h"
#include "vigie/sys/forge.h"
#include "vigie/source.h"
#include "vigie/target.h"
#include "fs.h"
#include "sha256.h"
#include "vigie-config.h"
#include "internal.h"
#include "banned.h"

/*
 * libcurl is opened on first use, not linked: the libraries it loads (TLS,
 * LDAP, SSH, HTTP/2, IDN: 18 of the 44 a linked vigie loaded) cost every
 * command at start, those that never reach a forge too (vigie license, an
 * offline audit, a pre-push hook).  Its global state is set up once, then
 * and thread-safely, and left to the end of the process.
 */
static struct curl_api {
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *);
	void (*easy_reset)(CURL *);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	CURLcode (*easy_perform)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
	time_t (*getdate)(const char *, const time_t *);
	CURLU *(*url)(void);
	void (*url_cleanup)(CURLU *);
	CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
	CURLUcode (*url_get)(CURLU *, CURLUPart, char **, unsigned int);
	void (*free)(void *);
} curl_api;
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static char curl_failure[256];

static void curl_load(void)
{
#define SYM(field, name) { (void *)&curl_api.field, name }
	static const struct {
		void *slot;
		const char *name;
	} syms[] = {
		SYM(global_init, "curl_global_init"),
		SYM(easy_init, "curl_easy_init"),
		SYM(easy_cleanup, "curl_easy_cleanup"),
		SYM(easy_reset, "curl_easy_reset"),
		SYM(easy_setopt, "curl_easy_setopt"),
		SYM(easy_getinfo, "curl_easy_getinfo"),
		SYM(easy_perform, "curl_easy_perform"),
		SYM(easy_strerror, "curl_easy_strerror"),
		SYM(slist_append, "curl_slist_append"),
		SYM(slist_free_all, "curl_slist_free_all"),
		SYM(getdate, "curl_getdate"),
		SYM(url, "curl_url"),
		SYM(url_cleanup, "curl_url_cleanup"),
		SYM(url_set, "curl_url_set"),
		SYM(url_get, "curl_url_get"),
		SYM(free, "curl_free"),
	};
#undef SYM
	void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	size_t i;

	if (!lib) {
		snprintf(curl_failure, sizeof(curl_failure),
			 "cannot load libcurl: %s", dlerror());
		return;
	}
	for (i = 0; i < VIGIE_ARRAY_SIZE(syms); i++) {
		void *f = dlsym(lib, syms[i].name);
		if (!f) {
			snprintf(curl_failure, sizeof(curl_failure),
				 "libcurl.so.4 has no %s", syms[i].name);
			return;
		}
		memcpy(syms[i].slot, &f, sizeof(f));
	}
	if (curl_api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		snprintf(curl_failure, sizeof(curl_failure),
			 "cannot initialise libcurl");
}

/* libcurl, loaded; else NULL and err says why. */
static const struct curl_api *curl(struct vigie_error *err)
{
	if (pthread_once(&curl_once, curl_load) != 0 || curl_failure[0]) {
		vigie_error_set(err, VIGIE_EGENERIC, "libcurl.so.4", "%s",
				curl_failure[0] ? curl_failure
						: "cannot load libcurl");
		return NULL;
	}
	return &curl_api;
}

/* curl.h makes these two macros that check the number of arguments */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_easy_init curl_api.easy_init
#define curl_easy_cleanup curl_api.easy_cleanup
#define curl_easy_reset curl_api.easy_reset
#define curl_easy_setopt curl_api.easy_setopt
#define curl_easy_getinfo curl_api.easy_getinfo
#define curl_easy_perform curl_api.easy_perform
#define curl_easy_strerror curl_api.easy_strerror
#define curl_slist_append curl_api.slist_append
#define curl_slist_free_all curl_api.slist_free_all
#define curl_getdate curl_api.getdate
#define curl_url curl_api.url
#define curl_url_cleanup curl_api.url_cleanup
#define curl_url_set curl_api.url_set
#define curl_url_get curl_api.url_get
#define curl_free curl_api.free

#define MAX_HEADER 8192
#define MAX_RATE_WAITS 2

/* What the headers of the final response said. */
struct reply_headers {
	char etag[256];
	char last_modified[64];
	struct vigie_buf link;
	char next_page[32];
	long total;
	long retry_after;      /* seconds, -1 when absent */
	long remaining;        /* X-RateLimit-Remaining / RateLimit-Remaining */
	int64_t reset;         /* epoch seconds, -1 when absent */
};

struct vigie_http {
	struct vigie_http_opts opts;
	char *cache_dir;
	struct vigie_source_ca ca; /* what TLS verifies against */
	CURL *curl;
	char errbuf[CURL_ERROR_SIZE];
	int64_t limited_until; /* no request before this (epoch), 0: none */
	uint64_t rng;
	long last_status;
	struct vigie_http_stats stats;
	/* per request */
	struct vigie_buf *body;
	bool overflow;
	struct reply_headers h;
};

void vigie_http_opts_init(struct vigie_http_opts *opts)
{
	static const struct vigie_http_opts defaults = VIGIE_HTTP_OPTIONS_INIT;

	memcpy(opts, &defaults, sizeof(*opts)); /* padding too */
}

int http_opts_check(const struct vigie_http_opts *opts,
		    struct vigie_error *err)
{
	if (opts && opts->version != VIGIE_HTTP_OPTIONS_VERSION)
		return vigie_error_set(err, VIGIE_EINVALID, NULL,
				       N_("%s version %u is unknown to this libvigie (it knows %u)"),
				       "struct vigie_http_opts", opts->version,
				       VIGIE_HTTP_OPTIONS_VERSION);
	return 0;
}

void vigie_http_response_release(struct vigie_http_response *r)
{
	if (!r)
		return;
	vigie_buf_release(&r->body);
	free(r->next);
	r->next = NULL;
}

long vigie_http_last_status(const struct vigie_http *http)
{
	return http->last_status;
}

void vigie_http_stats(const struct vigie_http *http,
		      struct vigie_http_stats *out)
{
	*out = http->stats;
}

int vigie_http_new(struct vigie_http **out, const struct vigie_http_opts *opts,
		   struct vigie_error *err)
{
	struct vigie_http *h = calloc(1, sizeof(*h));
	struct timespec ts;
	int rc;

	*out = NULL;
	rc = http_opts_check(opts, err);
	if (rc < 0) {
		free(h);
		return rc;
	}
	if (!h)
		return vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
	if (opts)
		h->opts = *opts;
	else
		vigie_http_opts_init(&h->opts);
	if (h->opts.max_body == 0)
		h->opts.max_body = 16 * 1024 * 1024;
	if (h->opts.retries < 0)
		h->opts.retries = 0;
	if (h->opts.cache_dir) {
		h->cache_dir = strdup(h->opts.cache_dir);
		if (!h->cache_dir)
			goto nomem;
	}
	h->opts.cache_dir = h->cache_dir;
	/* The CA certificates the host configures, as for a clone. */
	rc = vigie_source_ca_resolve(&h->ca, h->opts.ca_file, h->opts.ca_path,
				     err);
	if (rc < 0) {
		vigie_http_free(h);
		return rc;
	}
	h->opts.ca_file = h->opts.ca_path = NULL; /* the caller's; h->ca */
	if (!curl(err)) {
		vigie_http_free(h);
		return VIGIE_EGENERIC;
	}
	h->curl = curl_easy_init();
	if (!h->curl)
		goto nomem;
	clock_gettime(CLOCK_REALTIME, &ts);
	h->rng = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^
		 ((uint64_t)getpid() << 40) ^ 0x9e3779b97f4a7c15ULL;
	vigie_buf_init(&h->h.link, MAX_HEADER);
	*out = h;
	return 0;
nomem:
	vigie_http_free(h);
	return vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
}

void vigie_http_free(struct vigie_http *http)
{
	if (!http)
		return;
	if (http->curl)
		curl_easy_cleanup(http->curl);
	vigie_buf_release(&http->h.link);
	vigie_source_ca_release(&http->ca);
	free(http->cache_dir);
	free(http);
}

/* ---- helpers -------------------------------------------------------------- */

static uint64_t next_random(struct vigie_http *h)
{
	/* xorshift64: jitter only needs to differ between clients */
	h->rng ^= h->rng << 13;
	h->rng ^= h->rng >> 7;
	h->rng ^= h->rng << 17;
	return h->rng;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (ms > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

static void format_utc(char out[VIGIE_DATE_MAX], int64_t t)
{
	if (!vigie_date_format(out, t, VIGIE_DATE_SECOND))
		snprintf(out, VIGIE_DATE_MAX, "?");
}

static void reset_headers(struct reply_headers *r)
{
	r->etag[0] = '\0';
	r->last_modified[0] = '\0';
	vigie_buf_clear(&r->link);
	r->next_page[0] = '\0';
	r->total = -1;
	r->retry_after = -1;
	r->remaining = -1;
	r->reset = -1;
}

static void copy_value(char *dst, size_t n, const char *v, size_t len)
{
	if (len >= n)
		len = n - 1;
	memcpy(dst, v, len);
	dst[len] = '\0';
}

static long parse_num(const char *v, size_t len)
{
	char tmp[32];
	char *end;
	long x;

	copy_value(tmp, sizeof(tmp), v, len);
	errno = 0;
	x = strtol(tmp, &end, 10);
	if (end == tmp || errno)
		return -1;
	return x;
}

/*
 * Retry-After is seconds or an HTTP date (RFC 9110 10.2.3): a date becomes
 * the seconds until it, 0 when past; unreadable, -1 (not said).
 */
static long parse_retry_after(const char *v, size_t len)
{
	char tmp[64];
	time_t t;
	int64_t now;

	if (len && isdigit((unsigned char)v[0]))
		return parse_num(v, len);
	copy_value(tmp, sizeof(tmp), v, len);
	t = curl_getdate(tmp, NULL);
	if (t == (time_t)-1)
		return -1;
	now = now_s();
	return (int64_t)t > now ? (long)((int64_t)t - now) : 0;
}

static bool header_is(const char *line, size_t len, const char *name,
		      const char **value, size_t *vlen)
{
	size_t n = strlen(name);
	const char *v, *e;

	if (len <= n || line[n] != ':' || strncasecmp(line, name, n))
		return false;
	v = line + n + 1;
	e = line + len;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && isspace((unsigned char)e[-1]))
		e--;
	*value = v;
	*vlen = (size_t)(e - v);
	return true;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ud)
{
	struct vigie_http *h = ud;
	struct reply_headers *r = &h->h;
	size_t len = size * nmemb;
	const char *v;
	size_t vl;

	/* Headers of every response in a redirect chain arrive here: keep
	 * only the last response's. */
	if (len >= 5 && !strncmp(data, "HTTP/", 5)) {
		reset_headers(r);
		return len;
	}
	if (header_is(data, len, "etag", &v, &vl))
		copy_value(r->etag, sizeof(r->etag), v, vl);
	else if (header_is(data, len, "last-modified", &v, &vl))
		copy_value(r->last_modified, sizeof(r->last_modified), v, vl);
	else if (header_is(data, len, "link", &v, &vl)) {
		if (r->link.len)
			vigie_buf_putc(&r->link, ',');
		vigie_buf_add(&r->link, v, vl); /* over the cap: ignored */
	} else if (header_is(data, len, "x-next-page", &v, &vl))
		copy_value(r->next_page, sizeof(r->next_page), v, vl);
	else if (header_is(data, len, "x-total", &v, &vl) ||
		 header_is(data, len, "x-total-count", &v, &vl))
		r->total = parse_num(v, vl);
	else if (header_is(data, len, "retry-after", &v, &vl)) {
		r->retry_after = parse_retry_after(v, vl);
	} else if (header_is(data, len, "x-ratelimit-remaining", &v, &vl) ||
		   header_is(data, len, "ratelimit-remaining", &v, &vl))
		r->remaining = parse_num(v, vl);
	else if (header_is(data, len, "x-ratelimit-reset", &v, &vl) ||
		 header_is(data, len, "ratelimit-reset", &v, &vl))
		r->reset = parse_num(v, vl);
	return len;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
	struct vigie_http *h = ud;
	size_t len = size * nmemb;

	if (vigie_buf_add(h->body, data, len) < 0) {
		h->overflow = true;
		return 0; /* makes curl stop with CURLE_WRITE_ERROR */
	}
	return len;
}

/* The URL of rel="next" in a Link header, or NULL. */
static char *link_next(const char *link)
{
	const char *p = link;

	while (p && *p) {
		const char *lt = strchr(p, '<'), *gt, *end;
		if (!lt)
			break;
		gt = strchr(lt, '>');
		if (!gt)
			break;
		end = strchr(gt, ',');
		if (!end)
			end = gt + strlen(gt);
		for (const char *q = gt; q < end; q++) {
			if (!strncasecmp(q, "rel=\"next\"", 10) ||
			    (!strncasecmp(q, "rel=next", 8) &&
			     (q + 8 == end || q[8] == ';' || q[8] == ' ' ||
			      q[8] == ','))) {
				char *u = malloc((size_t)(gt - lt));
				if (u) {
					memcpy(u, lt + 1, (size_t)(gt - lt - 1));
					u[gt - lt - 1] = '\0';
				}
				return u;
			}
		}
		p = *end ? end + 1 : end;
	}
	return NULL;
}

/* url with its page= parameter set to page (GitLab's X-Next-Page). */
static char *with_page(const char *url, const char *page)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	const char *q = strchr(url, '?');
	const char *p;
	int rc = 0;

	for (const char *c = page; *c; c++)
		if (!isdigit((unsigned char)*c))
			return NULL;
	if (!q) {
		rc = vigie_buf_printf(&b, "%s?page=%s", url, page);
		goto done;
	}
	rc |= vigie_buf_add(&b, url, (size_t)(q - url) + 1);
	p = q + 1;
	while (*p) {
		size_t n = strcspn(p, "&");
		if (n && strncmp(p, "page=", 5)) {
			if (b.ptr[b.len - 1] != '?')
				rc |= vigie_buf_putc(&b, '&');
			rc |= vigie_buf_add(&b, p, n);
		}
		p += n;
		if (*p == '&')
			p++;
	}
	if (b.ptr[b.len - 1] != '?')
		rc |= vigie_buf_putc(&b, '&');
	rc |= vigie_buf_printf(&b, "page=%s", page);
done:
	if (rc < 0) {
		vigie_buf_release(&b);
		return NULL;
	}
	return vigie_buf_detach(&b, NULL);
}

/* ---- URLs ----------------------------------------------------------------- */

int vigie_http_url_origin(struct vigie_http_origin *out, const char *url)
{
	CURLU *u;
	char *scheme = NULL, *host = NULL, *port = NULL;
	int rc = VIGIE_EINVALID;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!curl(NULL) || !(u = curl_url()))
		return VIGIE_EGENERIC;
	if (!url || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
		    CURLUE_OK)
		goto out;
	if (strlen(host) > VIGIE_HTTP_HOST_MAX || !*host)
		goto out;
	out->scheme = strdup(scheme);
	out->host = strdup(host);
	if (!out->scheme || !out->host) {
		vigie_http_origin_release(out);
		rc = VIGIE_ENOMEM;
		goto out;
	}
	for (i = 0; out->scheme[i]; i++)
		out->scheme[i] = (char)tolower((unsigned char)out->scheme[i]);
	for (i = 0; out->host[i]; i++)
		out->host[i] = (char)tolower((unsigned char)out->host[i]);
	out->port = strtol(port, NULL, 10);
	rc = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return rc;
}

void vigie_http_origin_release(struct vigie_http_origin *o)
{
	if (!o)
		return;
	free(o->scheme);
	free(o->host);
	memset(o, 0, sizeof(*o));
}

bool vigie_http_same_origin(const char *a, const char *b)
{
	struct vigie_http_origin x, y;
	int rx = vigie_http_url_origin(&x, a), ry = vigie_http_url_origin(&y, b);
	bool same = rx == 0 && ry == 0 && !strcmp(x.scheme, y.scheme) &&
		    !strcmp(x.host, y.host) && x.port == y.port;

	vigie_http_origin_release(&x);
	vigie_http_origin_release(&y);
	return same;
}

bool vigie_http_url_loopback(const char *url)
{
	static const char *const hosts[] = { "127.0.0.1", "localhost", "[::1]" };
	struct vigie_http_origin o;
	bool yes = false;
	size_t i;

	if (vigie_http_url_origin(&o, url) == 0)
		for (i = 0; i < VIGIE_ARRAY_SIZE(hosts) && !yes; i++)
			yes = !strcmp(o.host, hosts[i]);
	vigie_http_origin_release(&o);
	return yes;
}

/* ---- the cache ------------------------------------------------------------ */

/*
 * One file per request: a JSON line of validators and pagination, then the
 * body.  The key hashes the URL and every request header, so answers given
 * to one token are never served to a request with another (or none).
 */
static char *cache_path(const struct vigie_http *h, const char *url,
			const char *const *headers)
{
	struct vigie_sha256 c;
	struct vigie_buf b = VIGIE_BUF_INIT;
	char hex[65];
	size_t i;

	if (!h->cache_dir)
		return NULL;
	vigie_sha256_init(&c);
	vigie_sha256_update(&c, url, strlen(url) + 1);
	for (i = 0; headers && headers[i]; i++)
		vigie_sha256_update(&c, headers[i], strlen(headers[i]) + 1);
	vigie_sha256_hex(&c, hex);
	if (vigie_buf_printf(&b, "%s/%.2s/%s", h->cache_dir, hex, hex + 2) < 0) {
		vigie_buf_release(&b);
		return NULL;
	}
	return vigie_buf_detach(&b, NULL);
}

struct cached {
	json_t *meta;
	struct vigie_buf body;
};

static bool cache_load(struct cached *c, const char *path, size_t max)
{
	struct vigie_buf all;
	const char *nl;
	bool ok = false;

	vigie_buf_init(&c->body, max);
	c->meta = NULL;
	if (!path)
		return false;
	vigie_buf_init(&all, max + 65536);
	if (vigie_buf_read_file(&all, path, 0) < 0 || !all.ptr)
		goto out;
	nl = memchr(all.ptr, '\n', all.len);
	if (!nl)
		goto out;
	c->meta = json_loadb(all.ptr, (size_t)(nl - all.ptr), 0, NULL);
	if (!json_is_object(c->meta))
		goto out;
	if (vigie_buf_add(&c->body, nl + 1,
			  all.len - (size_t)(nl + 1 - all.ptr)) < 0)
		goto out;
	ok = true;
out:
	vigie_buf_release(&all);
	if (!ok) {
		json_decref(c->meta);
		c->meta = NULL;
		vigie_buf_release(&c->body);
	}
	return ok;
}

static void cache_store(const struct vigie_http *h, const char *path,
			const char *url, const struct vigie_http_response *r)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	char *shown = vigie_url_redact(url);
	json_t *meta;
	char *line;

	if (!path || (!h->h.etag[0] && !h->h.last_modified[0]))
		goto out;
	meta = json_pack("{s:s, s:s, s:s, s:I}", "url", shown ? shown : "",
			 "etag", h->h.etag, "last_modified", h->h.last_modified,
			 "total", (json_int_t)r->total);
	if (meta && r->next)
		json_object_set_new(meta, "next", json_string(r->next));
	line = meta ? json_dumps(meta, JSON_COMPACT) : NULL;
	json_decref(meta);
	if (!line)
		goto out;
	if (vigie_buf_puts(&b, line) == 0 && vigie_buf_putc(&b, '\n') == 0 &&
	    vigie_buf_add(&b, r->body.ptr ? r->body.ptr : "", r->body.len) == 0 &&
	    vigie_mkdirs_parent(path) == 0) {
		/* answers about private repositories stay the user's */
		chmod(h->cache_dir, 0700);
		vigie_write_atomic(path, b.ptr, b.len); /* a cache: best effort */
	}
	free(line);
out:
	free(shown);
	vigie_buf_release(&b);
}

/* ---- one request ---------------------------------------------------------- */

/*
 * Transient failures.  A host that does not resolve is not retried: in a
 * sandbox or offline CI it never will, and the audit should not wait.  Nor
 * is a refused connection, as curl's --retry does by default: nothing
 * listens there, and a forge being restarted answers 502/503, which is
 * retried.
 */
static bool retryable(CURL *cu, CURLcode rc)
{
	static const CURLcode codes[] = {
		CURLE_COULDNT_CONNECT,
		CURLE_OPERATION_TIMEDOUT,   CURLE_SEND_ERROR,
		CURLE_RECV_ERROR,           CURLE_GOT_NOTHING,
		CURLE_PARTIAL_FILE,         CURLE_SSL_CONNECT_ERROR,
		CURLE_HTTP2,                CURLE_HTTP2_STREAM,
	};
	long os_errno = 0;
	size_t i;

	if (rc == CURLE_COULDNT_CONNECT &&
	    curl_easy_getinfo(cu, CURLINFO_OS_ERRNO, &os_errno) == CURLE_OK &&
	    os_errno == ECONNREFUSED)
		return false;
	for (i = 0; i < VIGIE_ARRAY_SIZE(codes); i++)
		if (rc == codes[i])
			return true;
	return false;
}

static CURLcode perform(struct vigie_http *h, const char *url,
			const char *const *headers, const struct cached *c,
			struct vigie_buf *body, long timeout_ms, long *status)
{
	struct curl_slist *list = NULL, *tmp;
	struct vigie_buf cond = VIGIE_BUF_INIT;
	CURL *cu = h->curl;
	CURLcode rc = CURLE_OUT_OF_MEMORY;
	size_t i;

	curl_easy_reset(cu);
	for (i = 0; headers && headers[i]; i++) {
		tmp = curl_slist_append(list, headers[i]);
		if (!tmp)
			goto out;
		list = tmp;
	}
	if (c && c->meta) {
		const char *etag = json_string_value(json_object_get(c->meta, "etag"));
		const char *lm = json_string_value(
			json_object_get(c->meta, "last_modified"));
		if (etag && *etag) {
			vigie_buf_clear(&cond);
			if (vigie_buf_printf(&cond, "If-None-Match: %s", etag) < 0 ||
			    !(tmp = curl_slist_append(list, cond.ptr)))
				goto out;
			list = tmp;
		}
		if (lm && *lm) {
			vigie_buf_clear(&cond);
			if (vigie_buf_printf(&cond, "If-Modified-Since: %s", lm) < 0 ||
			    !(tmp = curl_slist_append(list, cond.ptr)))
				goto out;
			list = tmp;
		}
	}
	h->errbuf[0] = '\0';
	h->body = body;
	h->overflow = false;
	reset_headers(&h->h);
	vigie_buf_clear(body);

	curl_easy_setopt(cu, CURLOPT_URL, url);
	curl_easy_setopt(cu, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(cu, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(cu, CURLOPT_USERAGENT, "vigie/" VIGIE_VERSION);
	curl_easy_setopt(cu, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(cu, CURLOPT_NOSIGNAL, 1L);
	/*
	 * Redirects are followed by vigie_http_get, one hop at a time, so that
	 * no header (a token) and no answer crosses to another origin.
	 */
	curl_easy_setopt(cu, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(cu, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(cu, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(cu, CURLOPT_PROTOCOLS,
			 (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(cu, CURLOPT_REDIR_PROTOCOLS,
			 (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	/* Verification is libcurl's default; say it so no one turns it off. */
	curl_easy_setopt(cu, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(cu, CURLOPT_SSL_VERIFYHOST, 2L);
	/* Named certificates replace the system's store, both of its forms. */
	if (h->ca.file || h->ca.path) {
		curl_easy_setopt(cu, CURLOPT_CAINFO, h->ca.file);
		curl_easy_setopt(cu, CURLOPT_CAPATH, h->ca.path);
	}
	curl_easy_setopt(cu, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(cu, CURLOPT_CONNECTTIMEOUT_MS, h->opts.connect_timeout_ms);
	curl_easy_setopt(cu, CURLOPT_TIMEOUT_MS, timeout_ms);
	/* A server that trickles its answer is dropped early. */
	if (h->opts.low_speed_bytes > 0 && h->opts.low_speed_s > 0) {
		curl_easy_setopt(cu, CURLOPT_LOW_SPEED_LIMIT, h->opts.low_speed_bytes);
		curl_easy_setopt(cu, CURLOPT_LOW_SPEED_TIME, h->opts.low_speed_s);
	}
	curl_easy_setopt(cu, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(cu, CURLOPT_HEADERDATA, h);
	curl_easy_setopt(cu, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(cu, CURLOPT_WRITEDATA, h);
	/* Proxy variables (https_proxy, no_proxy...) are read by libcurl
	 * itself because no CURLOPT_PROXY is set. */
	h->stats.requests++;
	rc = curl_easy_perform(cu);
	*status = 0;
	curl_easy_getinfo(cu, CURLINFO_RESPONSE_CODE, status);
	h->last_status = *status;
out:
	curl_easy_setopt(cu, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(list);
	vigie_buf_release(&cond);
	return rc;
}

/* Seconds until the server lets us ask again, or -1 if it did not say. */
static long rate_wait(const struct reply_headers *r)
{
	int64_t now = now_s();

	if (r->retry_after >= 0)
		return r->retry_after;
	if (r->reset > 0)
		return r->reset > now ? (long)(r->reset - now) + 1 : 1;
	return -1;
}

static bool rate_limited(long status, const struct reply_headers *r)
{
	if (status == 429)
		return true;
	return status == 403 && (r->remaining == 0 || r->retry_after >= 0);
}

static int limited_error(struct vigie_http *h, const char *shown,
			 struct vigie_error *err)
{
	char when[VIGIE_DATE_MAX];

	format_utc(when, h->limited_until);
	return vigie_error_set(err, VIGIE_ELIMIT, shown,
			       "rate limited by the forge API until %s", when);
}

static int status_error(long status, const char *shown, struct vigie_error *err)
{
	if (status == 404 || status == 410)
		return vigie_error_set(err, VIGIE_ENOTFOUND, shown,
				       "not found (HTTP %ld)", status);
	if (status == 401)
		return vigie_error_set(err, VIGIE_EINVALID, shown,
				       "authentication failed (HTTP 401): the "
				       "token is invalid or expired");
	if (status == 403)
		return vigie_error_set(err, VIGIE_EINVALID, shown,
				       "access forbidden (HTTP 403)");
	if (status >= 500)
		return vigie_error_set(err, VIGIE_ENET, shown,
				       "server error (HTTP %ld)", status);
	return vigie_error_set(err, VIGIE_EINVALID, shown,
			       "unexpected answer (HTTP %ld)", status);
}

/* Milliseconds left before the deadline (LONG_MAX when there is none). */
#define MIN_REQUEST_MS 100

static long budget_left(const struct vigie_http *h)
{
	double left;

	if (h->opts.deadline_ms <= 0)
		return LONG_MAX;
	left = h->opts.deadline_ms - vigie_clock_ms();
	return left <= 0 ? 0 : left > (double)LONG_MAX ? LONG_MAX : (long)left;
}

static int budget_error(const char *shown, struct vigie_error *err)
{
	return vigie_error_set(err, VIGIE_ENET, shown,
			       "the audit's time budget is spent (--timeout)");
}

static bool is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 ||
	       status == 307 || status == 308;
}

int vigie_http_get(struct vigie_http_response *out, struct vigie_http *h,
		   const char *url, const char *const *headers,
		   struct vigie_error *err)
{
	struct cached c = { NULL, VIGIE_BUF_INIT };
	char *path = NULL, *shown = vigie_url_redact(url), *cur = NULL;
	int attempt = 0, waits = 0, hops = 0, rc = 0;
	long status = 0;

	memset(out, 0, sizeof(*out));
	out->total = -1;
	vigie_buf_init(&out->body, h->opts.max_body);
	if (!shown)
		return vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
	if (h->opts.offline) {
		rc = vigie_error_set(err, VIGIE_ENET, shown,
				     "offline: no request made");
		goto out;
	}
	cur = strdup(url);
	if (!cur) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, shown, "out of memory");
		goto out;
	}
	path = cache_path(h, url, headers);
	cache_load(&c, path, h->opts.max_body);

	for (;;) {
		CURLcode cc;
		int64_t now = now_s();
		long left = budget_left(h), timeout = h->opts.timeout_ms;
		bool by_budget;

		/* Less than this left is spent: a request would only be cut
		 * (and curl may end a timed-out transfer a little early). */
		if (left < MIN_REQUEST_MS) {
			rc = budget_error(shown, err);
			goto out;
		}
		if (h->limited_until > now) {
			if (h->limited_until - now > h->opts.max_wait_s ||
			    waits >= MAX_RATE_WAITS ||
			    (h->limited_until - now) * 1000 >= left) {
				rc = limited_error(h, shown, err);
				goto out;
			}
			sleep_ms((long)(h->limited_until - now) * 1000);
			h->stats.rate_waits++;
			waits++;
			h->limited_until = 0;
			left = budget_left(h);
			if (left == 0) {
				rc = budget_error(shown, err);
				goto out;
			}
		}
		by_budget = left != LONG_MAX && (timeout <= 0 || timeout >= left);
		if (by_budget)
			timeout = left;
		cc = perform(h, cur, headers, &c, &out->body, timeout, &status);
		if (cc == CURLE_OUT_OF_MEMORY) {
			rc = vigie_error_set(err, VIGIE_ENOMEM, shown,
					     "out of memory");
			goto out;
		}
		if (h->overflow) {
			rc = vigie_error_set(err, VIGIE_ELIMIT, shown,
					     "answer larger than %zu bytes",
					     h->opts.max_body);
			goto out;
		}
		if (cc != CURLE_OK || status >= 500) {
			long base = h->opts.backoff_ms << attempt;
			if (attempt < h->opts.retries &&
			    (cc == CURLE_OK || retryable(h->curl, cc)) &&
			    budget_left(h) > base) {
				long jitter = base > 1 ? (long)(next_random(h) %
								(uint64_t)(base / 2 + 1))
						       : 0;
				attempt++;
				h->stats.retries++;
				sleep_ms(base + jitter);
				continue;
			}
			if (cc != CURLE_OK &&
			    (budget_left(h) == 0 ||
			     (by_budget && cc == CURLE_OPERATION_TIMEDOUT)))
				rc = budget_error(shown, err);
			else if (cc != CURLE_OK)
				rc = vigie_error_set(
					err, VIGIE_ENET, shown, "%s",
					h->errbuf[0] ? h->errbuf
						     : curl_easy_strerror(cc));
			else
				rc = status_error(status, shown, err);
			goto out;
		}
		if (is_redirect(status)) {
			/*
			 * One hop at a time, on the first URL's scheme, host and
			 * port only: the headers (a token) must not reach, and
			 * the answers must not come from, a host the server
			 * picked.
			 */
			char *to = NULL, *next = NULL;

			curl_easy_getinfo(h->curl, CURLINFO_REDIRECT_URL, &to);
			if (!to || !*to) {
				rc = status_error(status, shown, err);
				goto out;
			}
			if (!vigie_http_same_origin(url, to)) {
				char *where = vigie_url_redact(to);
				rc = vigie_error_set(err, VIGIE_EINVALID, shown,
						     "redirected to another host "
						     "(%s): not followed",
						     where ? where : "?");
				free(where);
				goto out;
			}
			if (++hops > h->opts.max_redirects) {
				rc = vigie_error_set(err, VIGIE_EINVALID, shown,
						     "more than %d redirects",
						     h->opts.max_redirects);
				goto out;
			}
			next = strdup(to); /* `to` is the handle's */
			if (!next) {
				rc = vigie_error_set(err, VIGIE_ENOMEM, shown,
						     "out of memory");
				goto out;
			}
			free(cur);
			cur = next;
			continue;
		}
		if (rate_limited(status, &h->h)) {
			long w = rate_wait(&h->h);
			if (w < 1)
				w = w < 0 ? 60 : 1;
			h->limited_until = now_s() + w;
			if (w > h->opts.max_wait_s || ++waits > MAX_RATE_WAITS ||
			    (double)w * 1000 >= (double)budget_left(h)) {
				rc = limited_error(h, shown, err);
				goto out;
			}
			h->stats.rate_waits++;
			sleep_ms(w * 1000);
			continue;
		}
		/* Spent the budget: later requests wait or stop asking. */
		if (h->h.remaining == 0 && h->h.reset > now_s())
			h->limited_until = h->h.reset + 1;
		if (status == 304 && c.meta) {
			const char *nx = json_string_value(
				json_object_get(c.meta, "next"));
			json_t *tot = json_object_get(c.meta, "total");
			h->stats.not_modified++;
			vigie_buf_clear(&out->body);
			if (vigie_buf_add(&out->body, c.body.ptr ? c.body.ptr : "",
					  c.body.len) < 0) {
				rc = vigie_error_set(err, VIGIE_ENOMEM, shown,
						     "out of memory");
				goto out;
			}
			out->status = 200;
			out->from_cache = true;
			out->total = json_is_integer(tot)
					     ? (long)json_integer_value(tot)
					     : -1;
			out->next = nx ? strdup(nx) : NULL;
			rc = 0;
			goto out;
		}
		if (status < 200 || status >= 300) {
			rc = status_error(status, shown, err);
			goto out;
		}
		out->status = status;
		out->total = h->h.total;
		if (h->h.link.len)
			out->next = link_next(h->h.link.ptr);
		if (!out->next && h->h.next_page[0])
			out->next = with_page(cur, h->h.next_page);
		cache_store(h, path, url, out);
		rc = 0;
		goto out;
	}
out:
	json_decref(c.meta);
	vigie_buf_release(&c.body);
	free(path);
	free(shown);
	free(cur);
	return rc;
}
