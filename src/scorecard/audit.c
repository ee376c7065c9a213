/* SPDX-License-Identifier: EUPL-1.2 */
/* One audit from end to end: target, source, snapshot, facts, scorecard. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "git2_api.h"

#include "vigie/i18n.h"
#include "vigie/date.h"
#include "vigie/audit.h"
#include "vigie/scorecard.h"
#include "vigie/gate.h"
#include "vigie/waiver.h"
#include "vigie/rules.h"
#include "vigie/facts.h"
#include "vigie/snapshot.h"
#include "vigie/source.h"
#include "vigie/target.h"
#include "vigie/i18n.h"
#include "vigie/version.h"
#include "vigie-config.h"
#include "../facts/history.h"
#include "../snapshot/internal.h"
#include "banned.h"

int vigie_audit_options_init(struct vigie_audit_opts *opts,
			     unsigned int version)
{
	static const struct vigie_audit_opts defaults = VIGIE_AUDIT_OPTIONS_INIT;

	if (version != VIGIE_AUDIT_OPTIONS_VERSION)
		return VIGIE_EINVALID;
	*opts = defaults;
	opts->collect.now = (int64_t)time(NULL);
	return 0;
}

/* The message of a struct of another version. */
static int unknown_version(struct vigie_error *err, const char *name,
			   unsigned int version, unsigned int known)
{
	return vigie_error_set(err, VIGIE_EINVALID, NULL,
			       N_("%s version %u is unknown to this libvigie (it knows %u)"),
			       name, version, known);
}

int vigie_audit_options_check(const struct vigie_audit_opts *opts,
			      struct vigie_error *err)
{
	if (opts->version != VIGIE_AUDIT_OPTIONS_VERSION)
		return unknown_version(err, "struct vigie_audit_opts",
				       opts->version, VIGIE_AUDIT_OPTIONS_VERSION);
	if (opts->source.version != VIGIE_SOURCE_OPTIONS_VERSION)
		return unknown_version(err, "struct vigie_source_opts",
				       opts->source.version,
				       VIGIE_SOURCE_OPTIONS_VERSION);
	if (opts->collect.version != VIGIE_COLLECT_OPTIONS_VERSION)
		return unknown_version(err, "struct vigie_collect_opts",
				       opts->collect.version,
				       VIGIE_COLLECT_OPTIONS_VERSION);
	return 0;
}

int vigie_audit_run(struct vigie_scorecard *out, enum vigie_stage *stage,
		    const char *target, const struct vigie_audit_opts *opts,
		    struct vigie_error *err)
{
	struct vigie_target t;
	struct vigie_source *src = NULL;
	struct vigie_snapshot *snap = NULL;
	struct vigie_collect_ctx cctx;
	struct vigie_collect_opts copts = opts->collect;
	struct vigie_eval_ctx ectx;
	const struct vigie_ruleset *rules;
	json_t *facts = NULL, *problems = NULL, *given, *timings = json_object();
	struct vigie_history_job *history = NULL;
	double t0 = vigie_clock_ms(), t1, th;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&t, 0, sizeof(t));
	vigie_nomem_take();
	/* --timeout is one budget for the audit, forge requests included. */
	if (opts->source.timeout_ms > 0 && copts.deadline_ms <= 0)
		copts.deadline_ms = t0 + (double)opts->source.timeout_ms;
	*stage = VIGIE_STAGE_TARGET;
	rc = vigie_audit_options_check(opts, err);
	if (rc < 0)
		goto out;
	if (!opts->rules && !opts->rules_fn) {
		rc = vigie_error_set(err, VIGIE_EINVALID, NULL,
				     N_("no rule set to audit with"));
		goto out;
	}
	if (!copts.now)
		copts.now = (int64_t)time(NULL);
	rc = vigie_target_parse(&t, target, err);
	if (rc < 0)
		goto out;
	*stage = VIGIE_STAGE_SOURCE;
	rc = vigie_source_open(&src, &t, &opts->source, err);
	if (rc < 0)
		goto out;
	t1 = vigie_clock_ms();
	json_object_set_new(timings, "source", json_real(t1 - t0));
	json_object_set_new(timings, "source_action",
			    json_string(vigie_source_action_name(
				    vigie_source_action(src))));
	/* An unreachable remote's clone, audited as it was: since when. */
	if (vigie_source_action(src) == VIGIE_SOURCE_STALE) {
		char when[VIGIE_DATE_MAX];
		int64_t f = vigie_source_fetched(src);
		if (f > 0 && vigie_date_format(when, f, VIGIE_DATE_ISO))
			json_object_set_new(timings, "source_fetched",
					    json_string(when));
	}
	*stage = VIGIE_STAGE_SNAPSHOT;
	rc = vigie_snapshot_begin(&snap, src, opts->rev, err);
	if (rc == 0 && (vigie_nomem_take() || !(problems = json_array())))
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	if (rc < 0)
		goto out;
	/*
	 * The history walk needs the commit, not the tree: it starts while
	 * the tree is indexed (its set-up counted with the facts).
	 */
	cctx.snap = snap;
	cctx.target = &t;
	cctx.opts = &copts;
	cctx.facts = NULL;
	cctx.problems = problems;
	th = vigie_clock_ms();
	if (!copts.serial)
		vigie_history_start_early(&history, &cctx);
	th = vigie_clock_ms() - th;
	rc = vigie_snapshot_index(snap, err);
	if (rc == 0 && vigie_nomem_take())
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	if (rc < 0) {
		/* a walk still running reads the snapshot: it ends first */
		vigie_history_abandon(history);
		goto out;
	}
	t0 = vigie_clock_ms();
	json_object_set_new(timings, "snapshot", json_real(t0 - t1 - th));

	*stage = VIGIE_STAGE_FACTS;
	given = problems;
	problems = NULL;
	rc = vigie_facts_collect_begun(&facts, &problems, timings, &cctx, given,
				       history, err);
	if (rc < 0)
		goto out;
	if (vigie_snapshot_skipped(snap)) {
		/* In English, and as data for the reports' languages. */
		json_t *p = json_pack("{s:s, s:s, s:s, s:s}", "collector",
				      "tree", "code",
				      vigie_errcode_name(VIGIE_ELIMIT),
				      "message", "", "where",
				      vigie_snapshot_commit(snap));
		if (!p ||
		    vigie_msg_json_set(p, "message", N_("directories deeper than %d levels "
					     "were not indexed"),
				       VIGIE_SNAPSHOT_MAX_DEPTH) < 0 ||
		    json_array_append_new(problems, p) < 0)
			vigie_nomem_mark();
	}
	t1 = vigie_clock_ms();
	json_object_set_new(timings, "facts", json_real(t1 - t0 + th));

	*stage = VIGIE_STAGE_RULES;
	rules = opts->rules;
	if (!rules) {
		/* loaded meanwhile by the caller: the wait is no rule's time */
		vigie_error_clear(err);
		rules = opts->rules_fn(opts->rules_arg, err);
		if (!rules) {
			rc = err->code < 0 ? err->code
					   : vigie_error_set(err, VIGIE_EINVALID, NULL,
							     N_("no rule set to audit with"));
			goto out;
		}
		t1 = vigie_clock_ms();
	}
	ectx.snap = snap;
	ectx.facts = facts;
	rc = vigie_scorecard_build(out, rules, &ectx, err);
	if (rc < 0)
		goto out;
	rc = vigie_waiver_apply(&out->waivers, out->results, out->count, snap,
				copts.now, err);
	/* a rule whose evaluation ran out of memory is no failed rule */
	if (rc == 0 && vigie_nomem_take())
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	if (rc < 0) {
		vigie_scorecard_release(out);
		goto out;
	}
	vigie_scorecard_score(out);
	json_object_set_new(timings, "rules", json_real(vigie_clock_ms() - t1));
	json_decref(out->timings);
	out->timings = timings;
	timings = NULL;
	json_decref(out->problems);
	out->problems = problems;
	problems = NULL;
	out->target = strdup(t.display);
	out->url = t.url ? strdup(t.display) : NULL;
	out->commit = strdup(vigie_snapshot_commit(snap));
	out->ref = vigie_snapshot_ref(snap) ? strdup(vigie_snapshot_ref(snap))
					    : NULL;
	out->commit_time = vigie_snapshot_time(snap);
	out->as_of = vigie_collect_anchor(&copts, snap, NULL);
	if (!out->target || !out->commit || (t.url && !out->url) ||
	    (vigie_snapshot_ref(snap) && !out->ref) || vigie_nomem_take()) {
		vigie_scorecard_release(out);
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	}
out:
	json_decref(facts);
	json_decref(problems);
	json_decref(timings);
	vigie_snapshot_free(snap);
	vigie_source_free(src);
	vigie_target_release(&t);
	return rc;
}
