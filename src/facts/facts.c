/* SPDX-License-Identifier: EUPL-1.2 */
/* The collector table and the loop that builds the fact tree. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>

#include "vigie/facts.h"
#include "vigie/license.h"
#include "vigie/conduct.h"
#include "vigie/forge.h"
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
	memset(opts, 0, sizeof(*opts));
	opts->window_days = 365;
	opts->lookback_days = -1;
	opts->tracker_days = 180;
	opts->now = (int64_t)time(NULL);
}

double vigie_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
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
			if (!path)
				continue;
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
	struct vigie_collect_ctx c = *ctx;
	json_t *facts = json_object();
	json_t *problems = json_array();
	size_t i;

	*facts_out = NULL;
	*problems_out = NULL;
	if (!facts || !problems) {
		json_decref(facts);
		json_decref(problems);
		return vigie_error_set(err, VIGIE_EGENERIC, "", "out of memory");
	}
	c.facts = facts;
	for (i = 0; i < VIGIE_ARRAY_SIZE(collectors); i++) {
		struct vigie_error cerr;
		json_t *branch = NULL;
		double t0 = vigie_clock_ms();
		int rc;

		vigie_error_clear(&cerr);
		rc = collectors[i].fn(&branch, &c, &cerr);
		if (timings) {
			char key[64];
			snprintf(key, sizeof(key), "facts.%s", collectors[i].name);
			json_object_set_new(timings, key,
					    json_real(vigie_clock_ms() - t0));
		}
		if (rc < 0) {
			json_decref(branch);
			json_array_append_new(
				problems,
				json_pack("{s:s, s:s, s:s, s:s}", "collector",
					  collectors[i].name, "code",
					  vigie_errcode_name(rc), "message",
					  cerr.message, "where", cerr.where));
			continue;
		}
		if (branch && c.opts && c.opts->inherited &&
		    !strcmp(collectors[i].name, "inventory"))
			inherit(branch, c.opts->inherited);
		if (branch)
			json_object_set_new(facts, collectors[i].name, branch);
	}
	*facts_out = facts;
	*problems_out = problems;
	return 0;
}
