/* SPDX-License-Identifier: EUPL-1.2 */
/* One repository of a batch, in a worker process: unchanged, audited or error. */
#include <stdlib.h>
#include <string.h>

#include "vigie/vigie.h"
#include "internal.h"
#include "worker.h"
#include "json.h"
#include "banned.h"

static const char *const stage_names[VIGIE_STAGE_COUNT] = {
	"target", "source", "snapshot", "facts", "rules",
};

json_t *batch_error_record(const char *key, const char *stage, int code,
			   const char *message, const char *where, double ms)
{
	json_t *rec = json_pack("{s:s, s:{s:s, s:s}, s:{s:o}, s:{s:o, s:s, s:f}}",
				"schema", VIGIE_BATCH_ERROR_SCHEMA, "tool",
				"name", "vigie", "version", vigie_version(),
				"repository", "target", vigie_json_str(key),
				"batch", "target", vigie_json_str(key),
				"status", "error", "ms", ms);

	if (rec)
		json_object_set_new(rec, "error",
				    json_pack("{s:s, s:s, s:o, s:o}", "stage",
					      stage, "code",
					      vigie_errcode_name(code), "message",
					      vigie_json_str(message), "where",
					      vigie_json_str(where ? where : "")));
	return rec;
}

static const char *str_at(json_t *rec, const char *a, const char *b)
{
	return json_string_value(json_object_get(json_object_get(rec, a), b));
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/*
 * The previous record still holds when the HEAD, the rule packs, vigie and
 * the organisation defaults it was built from are all the same.
 */
static bool still_valid(json_t *prev, const char *head,
			const struct batch_job_env *env)
{
	json_t *defaults = json_object_get(json_object_get(prev, "batch"),
					   "defaults");

	return prev &&
	       !strcmp(json_string_value(json_object_get(prev, "schema"))
			       ? json_string_value(json_object_get(prev, "schema"))
			       : "",
		       VIGIE_SCORECARD_SCHEMA) &&
	       same(str_at(prev, "repository", "commit"), head) &&
	       same(str_at(prev, "rules", "digest"), env->digest) &&
	       same(str_at(prev, "tool", "version"), vigie_version()) &&
	       same(json_string_value(json_object_get(defaults, "commit")),
		    env->defaults_commit);
}

static void set_batch(json_t *rec, const char *key, const char *status,
		      double ms, const struct batch_job_env *env)
{
	json_t *b = json_pack("{s:o, s:s, s:f}", "target", vigie_json_str(key),
			      "status", status, "ms", ms);

	if (env->defaults_commit)
		json_object_set_new(b, "defaults",
				    json_pack("{s:o, s:s}", "target",
					      vigie_json_str(env->defaults_from),
					      "commit", env->defaults_commit));
	json_object_set_new(rec, "batch", b);
}

json_t *batch_work(const char *target, const char *key,
		   const struct batch_job_env *env)
{
	struct vigie_audit_opts ao = *env->audit;
	struct vigie_scorecard sc;
	struct vigie_target t;
	struct vigie_error err;
	enum vigie_stage stage;
	double t0 = vigie_clock_ms();
	json_t *rec = NULL, *prev = NULL;
	char head[VIGIE_OID_HEX_MAX];

	vigie_error_clear(&err);
	memset(&t, 0, sizeof(t));
	if (env->prev_line) {
		json_error_t je;
		prev = json_loads(env->prev_line, 0, &je);
	}
	/* Cheap change detection: one round trip for the remote HEAD. */
	if (prev && vigie_target_parse(&t, target, &err) == 0 &&
	    vigie_source_remote_head(head, &t, &ao.source, &err) == 0 &&
	    still_valid(prev, head, env)) {
		rec = prev;
		prev = NULL;
		set_batch(rec, key, "unchanged", vigie_clock_ms() - t0, env);
		goto out;
	}
	vigie_error_clear(&err);
	ao.collect.inherited = env->defaults;
	if (vigie_audit_run(&sc, &stage, target, &ao, &err) < 0) {
		rec = batch_error_record(key, stage < VIGIE_STAGE_COUNT
						      ? stage_names[stage]
						      : "audit",
					 err.code, err.message, err.where,
					 vigie_clock_ms() - t0);
		goto out;
	}
	rec = vigie_scorecard_to_json(&sc);
	vigie_scorecard_release(&sc);
	if (rec)
		set_batch(rec, key, "audited", vigie_clock_ms() - t0, env);
out:
	json_decref(prev);
	vigie_target_release(&t);
	return rec;
}
