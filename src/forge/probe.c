/* SPDX-License-Identifier: EUPL-1.2 */
/* Which forge serves an unknown host: one probe per host, remembered. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "vigie/sys/forge.h"
#include "fs.h"
#include "internal.h"
#include "banned.h"

/* What a probe found is trusted this long; that nothing answered, less. */
#define FOUND_TTL_S (7 * 86400)
#define NONE_TTL_S 86400

/*
 * The version endpoints, in the order asked: Gitea and Forgejo answer
 * /api/v1/version to anyone; GitLab answers /api/v4/version with its
 * version, or 401 to an anonymous client (with a JSON message).
 */
static const struct {
	const char *kind;
	const char *path;
	bool unauthorised_counts;
} probes[] = {
	{ "gitea", "/api/v1/version", false },
	{ "gitlab", "/api/v4/version", true },
};

/* The cache file of a host (caller frees), its name made safe. */
static char *cache_file(const char *cache_dir, const char *host)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	const char *c;

	if (!cache_dir || vigie_buf_printf(&b, "%s/forges/", cache_dir) < 0)
		return NULL;
	for (c = host; *c; c++)
		vigie_buf_putc(&b, strchr("abcdefghijklmnopqrstuvwxyz0123456789.-", *c)
					   ? *c : '_');
	return b.ptr ? vigie_buf_detach(&b, NULL) : NULL;
}

static const char *known(const char *word)
{
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(probes); i++)
		if (!strcmp(word, probes[i].kind))
			return probes[i].kind;
	return NULL;
}

/* The remembered answer: 1 found (*kind set, NULL for none), 0 unknown. */
static int remembered(const char *path, const char **kind)
{
	char word[16] = "";
	struct stat st;
	FILE *f;
	time_t age;

	if (!path || stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(word, sizeof(word), f))
		word[0] = '\0';
	fclose(f);
	word[strcspn(word, "\n")] = '\0';
	age = time(NULL) - st.st_mtime;
	*kind = known(word);
	if (*kind)
		return age >= 0 && age < FOUND_TTL_S;
	return !strcmp(word, "none") && age >= 0 && age < NONE_TTL_S;
}

static void remember(const char *path, const char *kind)
{
	char line[16];

	if (!path || vigie_mkdirs_parent(path) < 0)
		return;
	snprintf(line, sizeof(line), "%s\n", kind ? kind : "none");
	/* A cache: failing to write it only costs a probe next time. */
	(void)vigie_write_atomic(path, line, strlen(line));
}

/* Does a body look like a JSON object holding key? */
static bool json_with(const struct vigie_buf *body, const char *key)
{
	json_error_t je;
	json_t *v;
	bool yes;

	if (!body->ptr)
		return false;
	v = json_loadb(body->ptr, body->len, 0, &je);
	yes = json_is_object(v) && json_object_get(v, key);
	json_decref(v);
	return yes;
}

const char *forge_probe(const char *base, const char *host,
			const char *cache_dir, const struct vigie_http_opts *ho)
{
	struct vigie_http *http = NULL;
	struct vigie_http_opts o = *ho;
	struct vigie_error err;
	const char *kind = NULL;
	char *path = cache_file(cache_dir, host);
	size_t i;

	if (remembered(path, &kind)) {
		free(path);
		return kind;
	}
	/* A probe is a question, not a task: short, no retry, no cache. */
	o.cache_dir = NULL;
	o.retries = 0;
	if (!o.timeout_ms || o.timeout_ms > 10000)
		o.timeout_ms = 10000;
	if (vigie_http_new(&http, &o, &err) < 0) {
		free(path);
		return NULL;
	}
	for (i = 0; i < VIGIE_ARRAY_SIZE(probes) && !kind; i++) {
		struct vigie_http_response r;
		struct vigie_buf url = VIGIE_BUF_INIT;
		int rc;

		if (vigie_buf_printf(&url, "%s%s", base, probes[i].path) < 0)
			break;
		rc = vigie_http_get(&r, http, url.ptr, NULL, &err);
		if ((rc == 0 && json_with(&r.body, "version")) ||
		    (rc == VIGIE_EINVALID && probes[i].unauthorised_counts &&
		     vigie_http_last_status(http) == 401 && json_with(&r.body, "message")))
			kind = probes[i].kind;
		vigie_http_response_release(&r);
		vigie_buf_release(&url);
		/* A host that does not answer at all is not asked again. */
		if (rc == VIGIE_ENET)
			break;
	}
	vigie_http_free(http);
	remember(path, kind);
	free(path);
	return kind;
}
