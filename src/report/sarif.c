/* SPDX-License-Identifier: EUPL-1.2 */
/* The SARIF 2.1.0 reporter: one result per finding, for code-scanning upload. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vigie/date.h"
#include "vigie/report.h"
#include "vigie/scorecard.h"
#include "vigie/rules.h"
#include "vigie/facts.h"
#include "vigie/i18n.h"
#include "vigie/waiver.h"
#include "vigie/version.h"
#include "json.h"
#include "banned.h"

#define SARIF_SCHEMA                                                          \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/" \
	"sarif-schema-2.1.0.json"
#define SRCROOT "%SRCROOT%"
#define MAX_LOCATIONS 10

/* SARIF's names for the rule levels, indexed by enum vigie_level. */
static const char *const sarif_levels[VIGIE_LEVEL_COUNT] = {
	[VIGIE_LEVEL_ERROR] = "error",
	[VIGIE_LEVEL_WARNING] = "warning",
	[VIGIE_LEVEL_NOTE] = "note",
};

/* Words of the messages, in English (vigie/i18n.h), as the text report's. */
static const char word_guide[] = N_("Guide question");
static const char word_waived[] = N_("waived");

/* A path from the repository as a relative URI: unreserved bytes and '/'
 * stay, everything else is percent-encoded. */
static json_t *path_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct vigie_buf b = VIGIE_BUF_INIT;
	const unsigned char *p;
	json_t *s;

	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			vigie_buf_putc(&b, (char)*p);
		} else {
			vigie_buf_putc(&b, '%');
			vigie_buf_putc(&b, hex[*p >> 4]);
			vigie_buf_putc(&b, hex[*p & 15]);
		}
	}
	s = json_string(b.ptr ? b.ptr : ".");
	vigie_buf_release(&b);
	return s;
}

static json_t *location(const char *path, json_int_t line)
{
	json_t *phys = json_pack("{s:{s:o, s:s}}", "artifactLocation", "uri",
				 path ? path_uri(path) : json_string("."),
				 "uriBaseId", SRCROOT);

	if (phys && line > 0)
		json_object_set_new(phys, "region",
				    json_pack("{s:I}", "startLine", line));
	return json_pack("{s:o}", "physicalLocation", phys);
}

static bool is_waiver_evidence(json_t *e)
{
	const char *note = json_string_value(json_object_get(e, "note"));

	return note && !strcmp(note, "waiver");
}

/* Each distinct evidence path, or the repository root when there is none. */
static json_t *locations(json_t *evidence)
{
	json_t *list = json_array(), *seen = json_object();
	size_t i;

	for (i = 0; i < json_array_size(evidence); i++) {
		json_t *e = json_array_get(evidence, i);
		const char *path = json_string_value(json_object_get(e, "path"));
		json_t *line = json_object_get(e, "line");

		if (!path || is_waiver_evidence(e) || json_object_get(seen, path))
			continue;
		if (json_array_size(list) == MAX_LOCATIONS)
			break;
		json_object_set_new(seen, path, json_true());
		json_array_append_new(list,
				      location(path, json_is_integer(line)
							     ? json_integer_value(line)
							     : 0));
	}
	if (!json_array_size(list))
		json_array_append_new(list, location(NULL, 0));
	json_decref(seen);
	return list;
}

static json_t *rule_descriptor(const struct vigie_rule *rule,
			       enum vigie_lang l)
{
	struct vigie_buf md = VIGIE_BUF_INIT, txt = VIGIE_BUF_INIT;
	const char *title = vigie_rule_text(rule, VIGIE_RULE_TITLE, l);
	const char *desc = vigie_rule_text(rule, VIGIE_RULE_DESCRIPTION, l);
	const char *fix = vigie_rule_text(rule, VIGIE_RULE_REMEDIATION, l);
	json_t *d;

	if (!desc)
		desc = title;
	vigie_buf_printf(&txt, "%s (%s %s.)", fix,
			 vigie_i18n_text(l, word_guide), rule->guide);
	vigie_buf_printf(&md, "%s\n\n%s %s, theme *%s*.", fix,
			 vigie_i18n_text(l, word_guide), rule->guide,
			 vigie_theme_name(rule->theme));
	d = json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:o, s:o},"
		      " s:{s:s}, s:{s:s, s:s, s:s, s:f, s:[s, s]}}",
		      "id", rule->id, "name", rule->id,
		      "shortDescription", "text", title,
		      "fullDescription", "text", desc,
		      "help", "text", vigie_json_str(txt.ptr ? txt.ptr : ""),
		      "markdown", vigie_json_str(md.ptr ? md.ptr : ""),
		      "defaultConfiguration", "level", sarif_levels[rule->level],
		      "properties", "guide", rule->guide, "theme",
		      vigie_theme_name(rule->theme), "pack", rule->pack,
		      "weight", rule->weight, "tags", "digital-commons",
		      vigie_theme_name(rule->theme));
	vigie_buf_release(&md);
	vigie_buf_release(&txt);
	return d;
}

static json_t *result(const struct vigie_result *r, size_t index,
		      enum vigie_lang l)
{
	const struct vigie_rule *rule = r->rule;
	const char *title = vigie_rule_text(rule, VIGIE_RULE_TITLE, l);
	const char *fix = vigie_rule_text(rule, VIGIE_RULE_REMEDIATION, l);
	struct vigie_buf msg = VIGIE_BUF_INIT, fp = VIGIE_BUF_INIT;
	json_t *res, *locs = locations(r->evidence);
	const char *first = json_string_value(json_object_get(
		json_object_get(json_object_get(json_array_get(locs, 0),
						"physicalLocation"),
				"artifactLocation"),
		"uri"));

	if (r->status == VIGIE_STATUS_WAIVED)
		vigie_buf_printf(&msg, "%s (%s: %s)", title,
				 vigie_i18n_text(l, word_waived),
				 r->reason ? r->reason : "");
	else if (r->status == VIGIE_STATUS_PARTIAL)
		vigie_buf_printf(&msg, "%s (%.0f%%). %s", title,
				 r->score * 100, fix);
	else
		vigie_buf_printf(&msg, "%s. %s", title, fix);
	/* Stable across runs, so a code-scanning service can track the alert. */
	vigie_buf_printf(&fp, "%s:%s", rule->id, first ? first : ".");
	res = json_pack("{s:s, s:I, s:s, s:s, s:{s:o}, s:o, s:{s:o},"
			" s:{s:s, s:f, s:s}}",
			"ruleId", rule->id, "ruleIndex", (json_int_t)index,
			"kind", "fail", "level", sarif_levels[rule->level],
			"message", "text", vigie_json_str(msg.ptr ? msg.ptr : ""),
			"locations", locs, "partialFingerprints", "vigieFinding/v1",
			vigie_json_str(fp.ptr ? fp.ptr : ""), "properties",
			"status", vigie_status_name(r->status), "score", r->score,
			"guide", rule->guide);
	if (res && r->status == VIGIE_STATUS_WAIVED) {
		json_t *sup = json_pack("{s:s, s:s, s:o}", "kind", "inSource",
					"status", "accepted", "justification",
					vigie_json_str(r->reason ? r->reason : ""));
		size_t i;
		for (i = 0; sup && i < json_array_size(r->evidence); i++) {
			json_t *e = json_array_get(r->evidence, i);
			json_t *line = json_object_get(e, "line");
			if (!is_waiver_evidence(e))
				continue;
			json_object_set_new(
				sup, "location",
				location(json_string_value(json_object_get(e, "path")),
					 json_is_integer(line) ? json_integer_value(line)
							       : 0));
			break;
		}
		json_object_set_new(res, "suppressions", json_pack("[o]", sup));
	}
	vigie_buf_release(&msg);
	vigie_buf_release(&fp);
	return res;
}

/* Rules that could not be evaluated, collectors that failed, and waivers
 * that did not apply (expired, unknown rule, malformed). */
static json_t *notifications(const struct vigie_scorecard *sc)
{
	json_t *list = json_array();
	size_t i;

	for (i = 0; i < sc->count; i++) {
		const struct vigie_result *r = &sc->results[i];
		if (r->status != VIGIE_STATUS_ERROR)
			continue;
		json_array_append_new(
			list, json_pack("{s:s, s:{s:o}, s:{s:s, s:I}}", "level",
					"error", "message", "text",
					vigie_json_str(r->reason ? r->reason : "error"),
					"associatedRule", "id", r->rule->id, "index",
					(json_int_t)i));
	}
	for (i = 0; i < json_array_size(sc->problems); i++) {
		json_t *p = json_array_get(sc->problems, i);
		struct vigie_buf b = VIGIE_BUF_INIT;
		vigie_buf_printf(&b, "could not gather %s: %s",
				 json_string_value(json_object_get(p, "collector")),
				 json_string_value(json_object_get(p, "message")));
		json_array_append_new(list,
				      json_pack("{s:s, s:{s:o}}", "level", "warning",
						"message", "text",
						vigie_json_str(b.ptr ? b.ptr : "")));
		vigie_buf_release(&b);
	}
	for (i = 0; i < json_array_size(sc->waivers); i++) {
		json_t *w = json_array_get(sc->waivers, i);
		const char *state = json_string_value(json_object_get(w, "state"));
		const char *rule = json_string_value(json_object_get(w, "rule"));
		struct vigie_buf b = VIGIE_BUF_INIT;

		if (!state || !strcmp(state, "applied") || !strcmp(state, "unused"))
			continue;
		vigie_buf_printf(&b, "waiver %s%s%s: %s",
				 json_string_value(json_object_get(w, "where")),
				 rule ? " for " : "", rule ? rule : "",
				 json_string_value(json_object_get(w, "message")));
		json_array_append_new(list,
				      json_pack("{s:s, s:{s:o}, s:[o]}", "level",
						"warning", "message", "text",
						vigie_json_str(b.ptr ? b.ptr : ""),
						"locations",
						location(VIGIE_WAIVER_FILE, 0)));
		vigie_buf_release(&b);
	}
	return list;
}

static json_t *run_properties(const struct vigie_scorecard *sc)
{
	json_t *themes = json_object(), *props;
	char as_of[VIGIE_DATE_MAX];
	int t;

	for (t = 0; t < VIGIE_THEME_COUNT; t++) {
		double s = vigie_scorecard_theme_score(sc, (enum vigie_theme)t);
		json_object_set_new(themes, vigie_theme_name((enum vigie_theme)t),
				    s < 0 ? json_null() : json_real(s));
	}
	props = json_pack("{s:o, s:o, s:s, s:o, s:o}",
			 "score", sc->overall < 0 ? json_null()
						  : json_real(sc->overall),
			 "themes", themes,
			 "commit", sc->commit ? sc->commit : "",
			 "ref", sc->ref ? vigie_json_str(sc->ref) : json_null(),
			 "waivers", sc->waivers ? json_incref(sc->waivers) : json_array());
	/* The anchor every age in the results is counted from. */
	if (props && sc->as_of &&
	    vigie_date_format(as_of, sc->as_of, VIGIE_DATE_ISO))
		json_object_set_new(props, "as_of", json_string(as_of));
	return props;
}

static json_t *sarif_log(const struct vigie_scorecard *sc, enum vigie_lang l)
{
	json_t *rules = json_array(), *results = json_array(), *run;
	size_t i;

	for (i = 0; i < sc->count; i++) {
		const struct vigie_result *r = &sc->results[i];
		json_array_append_new(rules, rule_descriptor(r->rule, l));
		if (r->status == VIGIE_STATUS_FAIL ||
		    r->status == VIGIE_STATUS_PARTIAL ||
		    r->status == VIGIE_STATUS_WAIVED)
			json_array_append_new(results, result(r, i, l));
	}
	run = json_pack("{s:{s:{s:s, s:s, s:s, s:s, s:o}}, s:{s:{s:{s:s}}},"
			" s:[{s:b, s:o}], s:o, s:o}",
			"tool", "driver", "name", "vigie", "version",
			vigie_version(), "semanticVersion", vigie_version(),
			"language", vigie_lang_name(l), "rules", rules,
			"originalUriBaseIds", SRCROOT, "description", "text",
			"the root of the audited repository",
			"invocations", "executionSuccessful", 1,
			"toolExecutionNotifications", notifications(sc),
			"results", results, "properties", run_properties(sc));
	if (run && sc->url && sc->commit)
		json_object_set_new(
			run, "versionControlProvenance",
			json_pack("[{s:o, s:s}]", "repositoryUri",
				  vigie_json_str(sc->url), "revisionId", sc->commit));
	return json_pack("{s:s, s:s, s:[o]}", "$schema", SARIF_SCHEMA,
			 "version", "2.1.0", "runs", run);
}

int vigie_report_sarif(struct vigie_buf *out, const struct vigie_scorecard *sc,
		       const struct vigie_report_opts *opts,
		       struct vigie_error *err)
{
	json_t *root;
	int rc;

	if (vigie_report_opts_check(opts, err) < 0)
		return VIGIE_EINVALID;
	vigie_nomem_take();
	root = sarif_log(sc, opts->lang);
	if (vigie_nomem_take()) {
		json_decref(root);
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	}
	if (!root)
		return vigie_error_set(err, VIGIE_EGENERIC, "",
				       "cannot build the SARIF log");
	rc = vigie_json_dump(out, root, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
	json_decref(root);
	if (rc == 0)
		rc = vigie_buf_putc(out, '\n');
	if (rc < 0)
		return vigie_error_set(err, rc, "", "cannot format SARIF");
	return 0;
}
