/* SPDX-License-Identifier: EUPL-1.2 */
/* The collector table and the loop that builds the fact tree. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>

#include "vigie/date.h"
#include "vigie/facts.h"
#include "vigie/i18n.h"
#include "vigie/license.h"
#include "vigie/conduct.h"
#include "vigie/sys/forge.h"
#include "vigie/sys/collect.h"
#include "history.h"
#include "banned.h"

/*
 * In pipeline order, not alphabetical: a collector may read the branches of
 * those above it (license and readme read the inventory).
 */
static const struct vigie_collector collectors[] = {
	{ "inventory", vigie_inventory_collect,
	  "well-known files by role (license, readme, contributing...)" },
	{ "license", vigie_license_collect,
	  "SPDX ids of license files, README and manifests; flags" },
	{ "conduct", vigie_conduct_collect,
	  "the code of conduct: template, version, language, contact" },
	{ "readme", vigie_readme_collect,
	  "the README: language, headings, sections, links, badges" },
	{ "metadata", vigie_metadata_collect,
	  "publiccode.yml, codemeta.json, FUNDING.yml, CITATION.cff" },
	{ "translation", vigie_translation_collect,
	  "translation files, languages, platform and policy" },
	{ "history", vigie_history_collect,
	  "commits, authors, organisations and releases over a window" },
	{ "forge", vigie_forge_collect,
	  "the forge's view: tracker, description, topics, archived" },
};

const struct vigie_collector *vigie_collectors(size_t *count)
{
	*count = VIGIE_ARRAY_SIZE(collectors);
	return collectors;
}

void vigie_collect_opts_init(struct vigie_collect_opts *opts)
{
	static const struct vigie_collect_opts defaults = VIGIE_COLLECT_OPTIONS_INIT;

	*opts = defaults;
	opts->now = (int64_t)time(NULL);
}

int64_t vigie_collect_anchor(const struct vigie_collect_opts *opts,
			     const struct vigie_snapshot *snap, bool *skewed)
{
	int64_t t = snap ? vigie_snapshot_time(snap) : opts->now;
	bool skew = t > opts->now + VIGIE_CLOCK_SKEW;

	if (skewed)
		*skewed = skew;
	switch (opts->as_of) {
	case VIGIE_AS_OF_COMMIT:
		return skew ? opts->now : t;
	case VIGIE_AS_OF_DATE:
		return opts->as_of_time;
	default:
		return opts->now;
	}
}


void vigie_facts_problem(const struct vigie_collect_ctx *ctx,
			 const char *collector, int code, const char *where,
			 const char *fmt, ...)
{
	json_t *p;
	va_list ap;

	if (!ctx->problems)
		return;
	/* the message also as data, to be shown in the report's language */
	p = json_pack("{s:s, s:s, s:s, s:s}", "collector", collector, "code",
		      vigie_errcode_name(code), "message", "", "where",
		      where ? where : "");
	va_start(ap, fmt);
	if (!p || vigie_msg_json_vset(p, "message", fmt, ap) < 0 ||
	    json_array_append_new(ctx->problems, p) < 0)
		vigie_nomem_mark();
	va_end(ap);
}

/* The community files a forge takes from an organisation's defaults. */
static const char *const inheritable[] = {
	"code_of_conduct", "contributing", "funding", "governance",
	"issue_template", "pr_template", "security", "support",
};

static void inherit(json_t *inventory, json_t *defaults)
{
	const char *from = json_string_value(json_object_get(defaults, "from"));
	json_t *inv = json_object_get(defaults, "inventory");
	size_t i, j;

	if (!inventory || !from || !json_is_object(inv))
		return;
	for (i = 0; i < VIGIE_ARRAY_SIZE(inheritable); i++) {
		json_t *theirs = json_object_get(inv, inheritable[i]);
		json_t *list;
		if (json_array_size(json_object_get(inventory, inheritable[i])) ||
		    !json_array_size(theirs))
			continue;
		list = json_array();
		for (j = 0; j < json_array_size(theirs); j++) {
			json_t *e = json_array_get(theirs, j);
			const char *p = json_string_value(json_object_get(e, "path"));
			json_t *size = json_object_get(e, "size");
			char *path;
			size_t n;
			if (!p)
				continue;
			n = strlen(from) + strlen(p) + 2;
			path = malloc(n);
			if (!path) {
				vigie_nomem_mark();
				continue;
			}
			snprintf(path, n, "%s:%s", from, p);
			json_array_append_new(
				list, json_pack("{s:s, s:o, s:s}", "path", path,
						"size",
						size ? json_incref(size) : json_null(),
						"inherited", from));
			free(path);
		}
		json_object_set_new(inventory, inheritable[i], list);
	}
}

int vigie_facts_collect(json_t **facts_out, json_t **problems_out,
			json_t *timings, const struct vigie_collect_ctx *ctx,
			struct vigie_error *err)
{
	return vigie_facts_collect_begun(facts_out, problems_out, timings, ctx,
					 NULL, NULL, err);
}

int vigie_facts_collect_begun(json_t **facts_out, json_t **problems_out,
			      json_t *timings, const struct vigie_collect_ctx *ctx,
			      json_t *given, struct vigie_history_job *history,
			      struct vigie_error *err)
{
	struct vigie_collect_ctx c = *ctx;
	json_t *facts = json_object();
	json_t *problems = given ? given : json_array();
	size_t i;

	*facts_out = NULL;
	*problems_out = NULL;
	if (ctx->opts && ctx->opts->version != VIGIE_COLLECT_OPTIONS_VERSION) {
		json_decref(facts);
		goto refuse;
	}
	if (!facts || !problems) {
		json_decref(facts);
		vigie_history_abandon(history);
		json_decref(problems);
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	}
	c.facts = facts;
	c.problems = problems;
	vigie_nomem_take();
	/*
	 * The history walk reads commits, the others the tree: it needs no
	 * other collector's facts, and runs beside them on a thread of its
	 * own (its facts and problems still come in the table's order).  It
	 * may have started already, while the tree was indexed.
	 */
	if (!history && c.snap && c.opts && !c.opts->serial) {
		struct vigie_error herr;
		vigie_error_clear(&herr);
		if (vigie_history_start(&history, &c, &herr) < 0)
			history = NULL;
	}
	for (i = 0; i < VIGIE_ARRAY_SIZE(collectors); i++) {
		struct vigie_error cerr;
		json_t *branch = NULL;
		double t0 = vigie_clock_ms(), ms;
		int rc;

		vigie_error_clear(&cerr);
		if (history && collectors[i].fn == vigie_history_collect) {
			rc = vigie_history_finish(history, &branch, &ms, &cerr);
			history = NULL;
		} else {
			rc = collectors[i].fn(&branch, &c, &cerr);
			ms = vigie_clock_ms() - t0;
		}
		if (timings) {
			char key[64];
			snprintf(key, sizeof(key), "facts.%s", collectors[i].name);
			json_object_set_new(timings, key, json_real(ms));
		}
		/*
		 * Out of memory is no problem of one collector's to record: the
		 * facts would be silently short, so the whole audit fails.
		 */
		if (rc == VIGIE_ENOMEM || vigie_nomem_take()) {
			json_decref(branch);
			goto nomem;
		}
		if (rc < 0) {
			json_decref(branch);
			json_t *p = json_pack("{s:s, s:s, s:s, s:s}",
					      "collector", collectors[i].name,
					      "code", vigie_errcode_name(rc),
					      "message", "", "where",
					      cerr.where);
			if (!p || vigie_msg_json_set_error(p, "message", &cerr) < 0 ||
			    json_array_append_new(problems, p) < 0)
				goto nomem;
			continue;
		}
		if (branch && c.opts && c.opts->inherited &&
		    !strcmp(collectors[i].name, "inventory"))
			inherit(branch, c.opts->inherited);
		if (branch && vigie_nomem_take()) {
			json_decref(branch);
			goto nomem;
		}
		if (branch)
			json_object_set_new(facts, collectors[i].name, branch);
	}
	*facts_out = facts;
	*problems_out = problems;
	return 0;
nomem:
	/* a walk still running reads c: it ends before c does */
	vigie_history_abandon(history);
	json_decref(facts);
	json_decref(problems);
	return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
refuse:
	/* (a walk started early read another version's options: a program's
	 * error, told before any work; it ends before they do) */
	vigie_history_abandon(history);
	json_decref(problems);
	return vigie_error_set(err, VIGIE_EINVALID, NULL,
			       N_("%s version %u is unknown to this libvigie (it knows %u)"),
			       "struct vigie_collect_opts", ctx->opts->version,
			       VIGIE_COLLECT_OPTIONS_VERSION);
}
