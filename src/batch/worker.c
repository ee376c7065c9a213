/* SPDX-License-Identifier: EUPL-1.2 */
/* One task of a batch, wherever its executor runs it: unchanged, audited, error. */
#include <stdlib.h>
#include <string.h>

#include "vigie/batch.h"
#include "vigie/audit.h"
#include "vigie/scorecard.h"
#include "vigie/report.h"
#include "vigie/rules.h"
#include "vigie/facts.h"
#include "vigie/source.h"
#include "vigie/target.h"
#include "vigie/i18n.h"
#include "vigie/version.h"
#include "internal.h"
#include "worker.h"
#include "json.h"
#include "banned.h"

static const char *const stage_names[VIGIE_STAGE_COUNT] = {
	"target", "source", "snapshot", "facts", "rules",
};

/* The batch member: what the record is and what it was built from. */
static json_t *batch_member(const char *key, const char *status, double ms,
			    const char *commit, int64_t audited_at,
			    const struct batch_job_env *env)
{
	json_t *b = json_pack("{s:o, s:s, s:f}", "target", vigie_json_str(key),
			      "status", status, "ms", ms);

	if (!b)
		return NULL;
	if (audited_at)
		json_object_set_new(b, "audited_at", json_integer(audited_at));
	if (commit)
		json_object_set_new(b, "commit", json_string(commit));
	if (env && env->digest)
		json_object_set_new(b, "digest", json_string(env->digest));
	json_object_set_new(b, "version", json_string(vigie_version()));
	if (env && env->defaults_commit)
		json_object_set_new(b, "defaults",
				    json_pack("{s:o, s:s}", "target",
					      vigie_json_str(env->defaults_from),
					      "commit", env->defaults_commit));
	return b;
}

int batch_error_line(struct vigie_buf *line, const char *key, const char *stage,
		     const struct vigie_error *e, double ms,
		     const struct batch_job_env *env)
{
	json_t *b = batch_member(key, "error", ms, NULL, env ? env->now : 0, env);
	json_t *rec = json_pack("{s:s, s:{s:s, s:s}, s:{s:o}}", "schema",
				VIGIE_BATCH_ERROR_SCHEMA, "tool", "name", "vigie",
				"version", vigie_version(), "repository",
				"target", vigie_json_str(key));
	struct vigie_buf rest = VIGIE_BUF_INIT;
	int rc = -1;

	if (b && rec) {
		json_t *er = json_pack("{s:s, s:s, s:s, s:o}", "stage", stage,
				       "code", vigie_errcode_name(e->code),
				       "message", "", "where",
				       vigie_json_str(e->where));
		/* the message also as data, for the summary's language */
		rc = er && json_object_set_new(rec, "error", er) == 0
			     ? vigie_msg_json_set_error(er, "message", e)
			     : -1;
		if (!rc)
			rc = vigie_json_dump(&rest, rec, REC_FLAGS);
		if (!rc)
			rc = rec_compose(line, b, rest.ptr, rest.len);
	}
	json_decref(b);
	json_decref(rec);
	vigie_buf_release(&rest);
	return rc;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/*
 * The previous record still holds when it is a scorecard built from the
 * same HEAD, rule packs, vigie and organisation defaults, and is not so old
 * that what depends on the date (activity, ages) may have moved.
 */
static bool still_valid(json_t *pb, const char *key, const char *head,
			const struct batch_job_env *env)
{
	const char *status = str(pb, "status");
	json_int_t at = json_integer_value(json_object_get(pb, "audited_at"));
	/*
	 * Repositories first audited the same night expire over the second
	 * half of the period, by a hash of their key, not all on one night.
	 */
	long age = env->max_age_s -
		   (long)(batch_hash(key) % (uint64_t)(env->max_age_s / 2 + 1));

	if (env->max_age_s > 0 && (at <= 0 || env->now - at >= age))
		return false;
	return status && strcmp(status, "error") && same(str(pb, "commit"), head) &&
	       same(str(pb, "digest"), env->digest) &&
	       same(str(pb, "version"), vigie_version()) &&
	       same(str(json_object_get(pb, "defaults"), "commit"),
		    env->defaults_commit);
}

int batch_work(struct vigie_buf *line, const char *target, const char *key,
	       const struct batch_job_env *env)
{
	struct vigie_audit_opts ao = *env->audit;
	struct vigie_scorecard sc;
	struct vigie_target t;
	struct vigie_error err;
	struct vigie_buf rest = VIGIE_BUF_INIT;
	enum vigie_stage stage;
	double t0 = vigie_clock_ms();
	json_t *pb = NULL, *b = NULL, *rec = NULL;
	char head[VIGIE_OID_HEX_MAX];
	size_t plen = env->prev_line ? strlen(env->prev_line) : 0, pend = 0;
	int rc;

	vigie_error_clear(&err);
	memset(&t, 0, sizeof(t));
	if (env->prev_line)
		pb = rec_batch(env->prev_line, plen, &pend);
	/*
	 * Cheap change detection: one round trip for the remote HEAD, and
	 * the previous record's bytes are reused without being parsed.
	 */
	if (pb && vigie_target_parse(&t, target, &err) == 0 &&
	    vigie_source_remote_head(head, &t, &ao.source, &err) == 0 &&
	    still_valid(pb, key, head, env)) {
		b = batch_member(key, "unchanged", vigie_clock_ms() - t0, head,
				 json_integer_value(json_object_get(pb, "audited_at")),
				 env);
		rc = b ? rec_compose(line, b, env->prev_line + pend, plen - pend)
		       : -1;
		goto out;
	}
	vigie_error_clear(&err);
	ao.collect.inherited = env->defaults;
	/* A listed repository: its facts from the API that listed it. */
	if (env->origin) {
		ao.collect.forge = env->origin->forge;
		ao.collect.api_url = env->origin->api_url;
		ao.collect.forge_host = env->origin->host;
		ao.collect.forge_repo = env->origin->repo;
	}
	if (vigie_audit_run(&sc, &stage, target, &ao, &err) < 0) {
		rc = batch_error_line(line, key,
				      stage < VIGIE_STAGE_COUNT ? stage_names[stage]
								: "audit",
				      &err, vigie_clock_ms() - t0, env);
		goto out;
	}
	rec = vigie_scorecard_to_json(&sc);
	b = batch_member(key, "audited", vigie_clock_ms() - t0, sc.commit, env->now,
			 env);
	rc = rec && b ? vigie_json_dump(&rest, rec, REC_FLAGS) : -1;
	if (!rc)
		rc = rec_compose(line, b, rest.ptr, rest.len);
	vigie_scorecard_release(&sc);
out:
	json_decref(pb);
	json_decref(b);
	json_decref(rec);
	vigie_buf_release(&rest);
	vigie_target_release(&t);
	return rc;
}
