/* SPDX-License-Identifier: EUPL-1.2 */
/* The forge collector: which forge, which API, what it says of the
 * repository and its tracker, as facts. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/sys/forge.h"
#include "vigie/i18n.h"
#include "vigie/source.h"
#include "vigie/snapshot.h"
#include "vigie/target.h"
#include "vigie/sys/collect.h"
#include "fs.h"
#include "internal.h"
#include "json.h"
#include "banned.h"

static char *http_cache_dir(const char *cache_dir)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	char *root = cache_dir ? strdup(cache_dir) : vigie_cache_root();

	if (!root)
		return NULL;
	if (vigie_buf_printf(&b, "%s/http", root) < 0)
		vigie_buf_release(&b);
	free(root);
	return b.ptr ? vigie_buf_detach(&b, NULL) : NULL;
}

int vigie_forge_collect(json_t **out, const struct vigie_collect_ctx *ctx,
			struct vigie_error *err)
{
	const struct vigie_collect_opts *o = ctx->opts;
	const struct vigie_target *t = ctx->target;
	struct vigie_target origin;
	struct vigie_forge_opts fo;
	struct vigie_forge *f = NULL;
	struct vigie_error terr;
	const char *kind = NULL, *host = NULL, *repo = NULL, *shown = NULL;
	char *cache = NULL, *probed_api = NULL;
	json_t *facts = NULL, *tracker = NULL;
	bool asked = o->forge || o->api_url || o->forge_repo;
	int rc = 0;

	*out = NULL;
	memset(&origin, 0, sizeof(origin));
	if (o->offline)
		return 0;
	if (t && t->kind == VIGIE_TARGET_URL) {
		kind = t->forge;
		host = t->host;
		repo = t->repo;
		shown = t->display;
	} else if (ctx->snap) {
		const char *url =
			vigie_source_origin(vigie_snapshot_source(ctx->snap));
		if (url && vigie_target_parse(&origin, url, NULL) == 0 &&
		    origin.kind == VIGIE_TARGET_URL) {
			kind = origin.forge;
			host = origin.host;
			repo = origin.repo;
			shown = origin.display;
		}
	}
	if (o->forge)
		kind = o->forge;
	if (o->forge_repo)
		repo = o->forge_repo;
	vigie_forge_opts_init(&fo);
	/* One time budget per audit: the forge's requests spend it too. */
	fo.http.deadline_ms = o->deadline_ms;
	fo.http.ca_file = o->ca_file;
	fo.http.ca_path = o->ca_path;
	cache = http_cache_dir(o->cache_dir);
	fo.http.cache_dir = cache;
	if (!kind && !o->api_url && host && repo) {
		/* A host vigie does not know: ask it once which forge it is. */
		struct vigie_buf base = VIGIE_BUF_INIT;
		bool http = shown && !strncmp(shown, "http://", 7);
		if (vigie_buf_printf(&base, "%s://%s", http ? "http" : "https",
				     host) == 0 &&
		    (!http || vigie_http_url_loopback(base.ptr))) {
			kind = forge_probe(base.ptr, host, cache, &fo.http);
			/* Plain http only on this machine, as for a token. */
			if (kind && http) {
				vigie_buf_puts(&base, forge_find_kind(kind)->api_suffix);
				probed_api = vigie_buf_detach(&base, NULL);
			}
		}
		vigie_buf_release(&base);
	}
	if (!kind || !repo) {
		if (asked)
			rc = vigie_error_set(err, VIGIE_EINVALID, NULL,
					     "cannot tell the forge repository: "
					     "give --forge KIND and "
					     "--forge-repo OWNER/NAME");
		else if (host)
			vigie_facts_problem(
				ctx, "forge", VIGIE_ENOTFOUND, shown,
				N_("no forge API answers at %s, so the forge's "
				   "rules are skipped: name it with --forge "
				   "gitlab|gitea|github and --api-url URL, or "
				   "audit with --offline"),
				host);
		else
			vigie_facts_problem(
				ctx, "forge", VIGIE_ENOTFOUND, NULL,
				N_("the repository has no remote on a forge, so "
				   "the forge's rules are skipped: name it with "
				   "--forge KIND, --forge-repo OWNER/NAME and "
				   "--api-url URL, or audit with --offline"));
		goto out;
	}

	fo.kind = kind;
	/* A batch listing names its forge, which may not be the clone's host. */
	fo.host = o->forge_host ? o->forge_host : host;
	fo.api_url = o->api_url ? o->api_url : probed_api;
	rc = vigie_forge_new(&f, &fo, err);
	if (rc < 0)
		goto out;
	rc = vigie_forge_repo(&facts, f, repo, err);
	if (rc < 0)
		goto out;

	vigie_error_clear(&terr);
	if (vigie_forge_tracker(&tracker, f, repo,
				o->now - (int64_t)o->tracker_days * 86400,
				o->now, &terr) == 0) {
		json_object_set_new(tracker, "window_days",
				    json_integer(o->tracker_days));
		json_object_set_new(facts, "tracker", tracker);
	} else {
		/* The repository's facts stand; the tracker's rules skip. */
		json_object_set_new(facts, "unavailable",
				    json_pack("{s:s}", "tracker", terr.message));
	}
	if (json_array_size(vigie_forge_warnings(f)))
		json_object_set(facts, "warnings", vigie_forge_warnings(f));
	*out = facts;
	facts = NULL;
out:
	json_decref(facts);
	vigie_forge_free(f);
	vigie_target_release(&origin);
	free(cache);
	free(probed_api);
	return rc;
}
