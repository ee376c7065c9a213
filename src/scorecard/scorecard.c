/* SPDX-License-Identifier: EUPL-1.2 */
/* Evaluate every rule, weigh the outcomes into theme and overall scores. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigie/date.h"
#include "vigie/scorecard.h"
#include "internal.h"
#include "vigie/audit.h"
#include "vigie/gate.h"
#include "vigie/waiver.h"
#include "vigie/rules.h"
#include "vigie/facts.h"
#include "vigie/snapshot.h"
#include "vigie/source.h"
#include "vigie/target.h"
#include "vigie/i18n.h"
#include "vigie/version.h"
#include "json.h"
#include "num.h"
#include "banned.h"

void vigie_scorecard_release(struct vigie_scorecard *sc)
{
	size_t i;

	if (!sc)
		return;
	for (i = 0; i < sc->count; i++)
		vigie_result_release(&sc->results[i]);
	free(sc->results);
	free(sc->target);
	free(sc->url);
	free(sc->commit);
	free(sc->ref);
	free(sc->digest);
	json_decref(sc->packs);
	json_decref(sc->facts);
	json_decref(sc->problems);
	json_decref(sc->timings);
	json_decref(sc->waivers);
	memset(sc, 0, sizeof(*sc));
}

void score_sums(struct score_sums *out, const struct vigie_scorecard *sc)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < sc->count; i++) {
		const struct vigie_result *r = &sc->results[i];
		if (r->status != VIGIE_STATUS_PASS &&
		    r->status != VIGIE_STATUS_PARTIAL &&
		    r->status != VIGIE_STATUS_FAIL)
			continue;
		out->sum[r->rule->theme] += r->rule->weight * r->score;
		out->weight[r->rule->theme] += r->rule->weight;
		out->all += r->rule->weight * r->score;
		out->all_weight += r->rule->weight;
	}
}

double score_of(double sum, double weight)
{
	return weight > 0 ? vigie_round(1000.0 * sum / weight) / 10.0 : -1;
}

/*
 * A theme's score is the weighted mean of the scores of its rules that ran
 * (pass, partial, fail); skipped, errored and waived rules are left out so
 * that missing facts never count against a project.
 */
void vigie_scorecard_score(struct vigie_scorecard *sc)
{
	struct score_sums s;

	score_sums(&s, sc);
	sc->overall = score_of(s.all, s.all_weight);
}

double vigie_scorecard_theme_score(const struct vigie_scorecard *sc,
				   enum vigie_theme theme)
{
	double sum = 0, weight = 0;
	size_t i;

	if ((int)theme < 0 || theme >= VIGIE_THEME_COUNT)
		return -1;
	for (i = 0; i < sc->count; i++) {
		const struct vigie_result *r = &sc->results[i];
		if (r->rule->theme != theme ||
		    (r->status != VIGIE_STATUS_PASS &&
		     r->status != VIGIE_STATUS_PARTIAL &&
		     r->status != VIGIE_STATUS_FAIL))
			continue;
		sum += r->rule->weight * r->score;
		weight += r->rule->weight;
	}
	return score_of(sum, weight);
}

int vigie_scorecard_build(struct vigie_scorecard *sc,
			  const struct vigie_ruleset *rs,
			  const struct vigie_eval_ctx *ctx,
			  struct vigie_error *err)
{
	size_t i, n = vigie_ruleset_count(rs);

	memset(sc, 0, sizeof(*sc));
	sc->results = calloc(n ? n : 1, sizeof(*sc->results));
	sc->packs = vigie_ruleset_packs(rs);
	sc->digest = strdup(vigie_ruleset_digest(rs));
	sc->facts = json_incref(ctx->facts);
	sc->timings = json_object();
	sc->problems = json_array();
	if (!sc->results || !sc->digest || !sc->timings || !sc->problems) {
		vigie_scorecard_release(sc);
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	}
	for (i = 0; i < n; i++)
		vigie_rule_eval(&sc->results[i], vigie_ruleset_rule(rs, i), ctx);
	sc->count = n;
	vigie_scorecard_score(sc);
	return 0;
}

/*
 * A rule's texts as its pack gives them, by language code ({"en": ...,
 * "fr": ...}): what the pack says, whichever catalogues are built in.
 */
static json_t *texts_by_lang(const struct vigie_rule *rule, const char *key)
{
	json_t *o = json_object(), *v;
	const char *code;

	json_object_foreach(json_object_get(rule->source, key), code, v)
		if (o && json_is_string(v))
			json_object_set(o, code, v);
	return o;
}

static json_t *score_value(double s)
{
	return s < 0 ? json_null() : json_real(s);
}

json_t *vigie_scorecard_to_json(const struct vigie_scorecard *sc)
{
	json_t *root, *themes, *checks;
	char date[VIGIE_DATE_MAX], as_of[VIGIE_DATE_MAX] = "";
	size_t i;
	int t;

	vigie_date_format(date, sc->commit_time, VIGIE_DATE_ISO);
	if (sc->as_of)
		vigie_date_format(as_of, sc->as_of, VIGIE_DATE_ISO);

	themes = json_object();
	for (t = 0; t < VIGIE_THEME_COUNT; t++)
		json_object_set_new(themes, vigie_theme_name((enum vigie_theme)t),
				    score_value(vigie_scorecard_theme_score(
					    sc, (enum vigie_theme)t)));
	checks = json_array();
	for (i = 0; i < sc->count; i++) {
		const struct vigie_result *r = &sc->results[i];
		const struct vigie_rule *rule = r->rule;
		json_t *c = json_pack(
			"{s:s, s:s, s:s, s:s, s:s, s:f, s:s, s:f, s:O}",
			"id", rule->id, "pack", rule->pack, "theme",
			vigie_theme_name(rule->theme), "guide", rule->guide,
			"level", vigie_level_name(rule->level), "weight",
			rule->weight, "status", vigie_status_name(r->status),
			"score", r->score, "evidence",
			r->evidence ? r->evidence : json_array());
		json_object_set_new(c, "title",
				    texts_by_lang(rule, "title"));
		if (r->status != VIGIE_STATUS_PASS)
			json_object_set_new(
				c, "remediation",
				texts_by_lang(rule, "remediation"));
		if (r->reason)
			json_object_set_new(c, "reason", vigie_json_str(r->reason));
		/* the reason as data, for a report in another language */
		if (r->reason && r->reason_id) {
			json_object_set_new(c, "reason_id",
					    json_string(r->reason_id));
			json_object_set_new(c, "reason_args",
					    vigie_msg_json_args(r->reason_args,
								r->reason_nargs));
		}
		json_array_append_new(checks, c);
	}
	root = json_pack("{s:s, s:{s:s, s:s}}", "schema", VIGIE_SCORECARD_SCHEMA,
			 "tool", "name", "vigie", "version", vigie_version());
	json_object_set_new(root, "repository",
			    json_pack("{s:o, s:o, s:s, s:o, s:s}", "target",
				      vigie_json_str(sc->target), "url",
				      sc->url ? vigie_json_str(sc->url) : json_null(),
				      "commit", sc->commit ? sc->commit : "", "ref",
				      sc->ref ? vigie_json_str(sc->ref) : json_null(),
				      "commit_date", date));
	if (*as_of)
		json_object_set_new(json_object_get(root, "repository"), "as_of",
				    json_string(as_of));
	json_object_set_new(root, "rules",
			    json_pack("{s:O, s:s}", "packs", sc->packs, "digest",
				      sc->digest ? sc->digest : ""));
	json_object_set_new(root, "score",
			    json_pack("{s:o, s:o}", "overall",
				      score_value(sc->overall), "themes", themes));
	json_object_set_new(root, "checks", checks);
	json_object_set_new(root, "facts", sc->facts ? json_incref(sc->facts)
						     : json_object());
	if (sc->waivers)
		json_object_set(root, "waivers", sc->waivers);
	if (json_array_size(sc->problems))
		json_object_set(root, "problems", sc->problems);
	json_object_set_new(root, "timings", sc->timings ? json_incref(sc->timings)
							 : json_object());
	return root;
}
