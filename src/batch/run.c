/* SPDX-License-Identifier: EUPL-1.2 */
/* run.json: when a batch ran, with which vigie and rules, over what. */
#include <errno.h>
#include <sys/random.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigie/audit.h"
#include "vigie/scorecard.h"
#include "vigie/report.h"
#include "vigie/rules.h"
#include "vigie/facts.h"
#include "vigie/source.h"
#include "vigie/target.h"
#include "vigie/i18n.h"
#include "vigie/version.h"
#include "vigie/batch.h"
#include "vigie/i18n.h"
#include "internal.h"
#include "fs.h"
#include "json.h"
#include "sha256.h"
#include "banned.h"

/* Runs are dated in UTC, to the second, as ISO 8601. */
static json_t *utc_now(void)
{
	char s[32];
	struct tm tm;
	time_t now = time(NULL);

	if (!gmtime_r(&now, &tm) ||
	    !strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return json_null();
	return json_string(s);
}

/*
 * An organisation as given, without user information: "gitlab:TOKEN@host/
 * group" names gitlab:host/group (a credential is never written down).
 */
static json_t *org_shown(const char *spec)
{
	const char *colon = strchr(spec, ':'), *rest, *at, *slash;
	struct vigie_buf b = VIGIE_BUF_INIT;
	json_t *v;

	rest = colon ? colon + 1 : spec;
	while (*rest == '/')
		rest++;
	slash = strchr(rest, '/');
	at = memchr(rest, '@', slash ? (size_t)(slash - rest) : strlen(rest));
	if (!at)
		return vigie_json_str(spec);
	vigie_buf_add(&b, spec, (size_t)(rest - spec));
	vigie_buf_puts(&b, at + 1);
	v = b.ptr ? vigie_json_str(b.ptr) : NULL;
	vigie_buf_release(&b);
	return v;
}

/*
 * A run's id: its start and 64 random bits, so that two runs started in
 * the same second stay two runs (vigie.sqlite keys its runs by it).
 */
static json_t *new_id(json_t *started)
{
	unsigned char r[8];
	char id[64];
	size_t i, n;

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		return json_null();
	n = (size_t)snprintf(id, sizeof(id), "%s-",
			     json_is_string(started) ? json_string_value(started) : "");
	for (i = 0; i < sizeof(r) && n + 2 < sizeof(id); i++, n += 2)
		snprintf(id + n, sizeof(id) - n, "%02x", r[i]);
	return json_string(id);
}

static int run_path(struct vigie_buf *p, const char *dir)
{
	return vigie_buf_printf(p, "%s/%s", dir, VIGIE_BATCH_RUN);
}

json_t *batch_run_load(const char *dir)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	json_error_t je;
	json_t *run = NULL;

	if (run_path(&p, dir) == 0)
		run = json_load_file(p.ptr, JSON_REJECT_DUPLICATES, &je);
	vigie_buf_release(&p);
	if (run && !json_is_object(run)) {
		json_decref(run);
		run = NULL;
	}
	return run;
}

static int run_save(const char *dir, json_t *run, struct vigie_error *err)
{
	struct vigie_buf p = VIGIE_BUF_INIT, out = VIGIE_BUF_INIT;
	int rc = 0;

	if (run_path(&p, dir) < 0 ||
	    vigie_json_dump(&out, run, JSON_INDENT(2) | JSON_SORT_KEYS) < 0 ||
	    vigie_buf_putc(&out, '\n') < 0)
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	else if (vigie_write_atomic(p.ptr, out.ptr, out.len) < 0)
		rc = vigie_error_set(err, VIGIE_EGENERIC, p.ptr,
				     N_("cannot write: %s"), strerror(errno));
	vigie_buf_release(&p);
	vigie_buf_release(&out);
	return rc;
}

int batch_run_begin(const char *dir, const struct vigie_batch_opts *o,
		    bool fresh, struct vigie_error *err)
{
	json_t *run = fresh ? NULL : batch_run_load(dir), *orgs, *started;
	const char *digest = o->audit.rules ? vigie_ruleset_digest(o->audit.rules)
					     : NULL;
	char shard[48];
	size_t i;
	int rc;

	/* A resumed run keeps the start of the run it continues. */
	if (run) {
		json_decref(run);
		return 0;
	}
	orgs = json_array();
	for (i = 0; orgs && i < o->norgs; i++)
		json_array_append_new(orgs, org_shown(o->orgs[i]));
	snprintf(shard, sizeof(shard), "%u/%u", o->shard_k, o->shard_n);
	started = utc_now();
	run = json_pack("{s:s, s:o, s:O, s:n, s:s, s:s?, s:o, s:o}", "schema",
			VIGIE_BATCH_RUN_SCHEMA, "id", new_id(started), "started",
			started, "ended",
			"version", vigie_version(), "rules_digest", digest,
			"organisations", orgs ? orgs : json_array(), "shards",
			o->shard_n ? json_pack("[s]", shard) : json_array());
	json_decref(started);
	if (!run)
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	rc = run_save(dir, run, err);
	json_decref(run);
	return rc;
}

int batch_run_end(const char *dir, struct vigie_error *err)
{
	json_t *run = batch_run_load(dir);
	int rc;

	if (!run)
		return 0; /* a directory from an older vigie: nothing to date */
	json_object_set_new(run, "ended", utc_now());
	rc = run_save(dir, run, err);
	json_decref(run);
	return rc;
}

/* Append to set (an array) the strings of more that it lacks. */
static void add_missing(json_t *set, json_t *more)
{
	size_t i, k;
	json_t *v, *w;

	json_array_foreach(more, i, v) {
		bool seen = false;
		json_array_foreach(set, k, w)
			if (json_equal(v, w))
				seen = true;
		if (!seen && json_is_string(v))
			json_array_append(set, v);
	}
}

/* The earlier (or later) of two ISO 8601 UTC strings, which sort as text. */
static void keep_extreme(json_t *run, const char *field, json_t *v, int sign)
{
	json_t *cur = json_object_get(run, field);

	if (!json_is_string(v))
		return;
	if (!json_is_string(cur) ||
	    sign * strcmp(json_string_value(v), json_string_value(cur)) > 0)
		json_object_set(run, field, v);
}

int batch_run_merge(const char *out_dir, const char *const *dirs, size_t ndirs,
		    struct vigie_error *err)
{
	json_t *run, *orgs = json_array(), *shards = json_array();
	size_t i;
	int rc;

	run = json_pack("{s:s, s:n, s:n, s:s, s:n}", "schema",
			VIGIE_BATCH_RUN_SCHEMA, "started", "ended", "version",
			vigie_version(), "rules_digest");
	if (!run || !orgs || !shards) {
		json_decref(run);
		json_decref(orgs);
		json_decref(shards);
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	}
	struct vigie_sha256 h;
	char hex[65];

	/* The merged run's id follows from its shards' ids, in the order given:
	 * merging the same shards again is the same run. */
	vigie_sha256_init(&h);
	for (i = 0; i < ndirs; i++) {
		json_t *r = batch_run_load(dirs[i]);
		const char *id = json_string_value(json_object_get(r, "id"));
		if (!r)
			continue;
		if (id)
			vigie_sha256_update(&h, id, strlen(id) + 1);
		keep_extreme(run, "started", json_object_get(r, "started"), -1);
		keep_extreme(run, "ended", json_object_get(r, "ended"), 1);
		if (json_is_null(json_object_get(run, "rules_digest")))
			json_object_set(run, "rules_digest",
					json_object_get(r, "rules_digest"));
		add_missing(orgs, json_object_get(r, "organisations"));
		add_missing(shards, json_object_get(r, "shards"));
		json_decref(r);
	}
	json_object_set_new(run, "organisations", orgs);
	json_object_set_new(run, "shards", shards);
	vigie_sha256_hex(&h, hex);
	json_object_set_new(run, "id", json_string(hex));
	rc = run_save(out_dir, run, err);
	json_decref(run);
	return rc;
}
