/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * The collectors one by one, for programs that run or replace some of
 * them: a less stable tier than <vigie/facts.h>'s vigie_facts_collect()
 * (as libgit2's git2/sys/): an entry point may change with the fact tree.
 */
#ifndef VIGIE_SYS_COLLECT_H
#define VIGIE_SYS_COLLECT_H

#include <jansson.h>

#include "../common.h"
#include "../error.h"
#include "../facts.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A collector fills *out with a new JSON value for its branch.  It returns
 * 0, or a negative code with err filled; the branch is then absent, and the
 * rules that need it end `skip`.  It returns 0 with *out NULL when it has
 * nothing to say (e.g. forge facts offline).
 */
typedef int (*vigie_collector_fn)(json_t **out,
				  const struct vigie_collect_ctx *ctx,
				  struct vigie_error *err);

struct vigie_collector {
	const char *name; /* the branch of the fact tree */
	vigie_collector_fn fn;
	const char *description;
};

/** The collectors in the order they run (later ones may read earlier). */
VIGIE_EXTERN(const struct vigie_collector *) vigie_collectors(size_t *count);

/**
 * Record a caveat of a collector that still succeeded in ctx->problems
 * (when not NULL), as {collector, code, message, where} like a failure.
 */
VIGIE_EXTERN(void) vigie_facts_problem(const struct vigie_collect_ctx *ctx,
				       const char *collector, int code, const char *where,
				       const char *fmt, ...) VIGIE_PRINTF(5, 6);

/*
 * The inventory collector: well-known files by role.  The role names are
 * the keys of facts.inventory; each holds [{path, size}] in preference
 * order (root first, then docs/, .github/, .gitlab/, .gitea/).
 */
VIGIE_EXTERN(int) vigie_inventory_collect(json_t **out, const struct vigie_collect_ctx *ctx,
					  struct vigie_error *err);
/** The role names, NULL-terminated (borrowed, static). */
VIGIE_EXTERN(const char *const *) vigie_inventory_roles(void);

/** The readme collector: path, language, headings, sections, links. */
VIGIE_EXTERN(int) vigie_readme_collect(json_t **out, const struct vigie_collect_ctx *ctx,
				       struct vigie_error *err);

/**
 * The metadata collector: publiccode.yml checked against the standard's
 * required keys and value types (each problem with its key path and line),
 * codemeta.json, FUNDING.yml and CITATION.cff.
 */
VIGIE_EXTERN(int) vigie_metadata_collect(json_t **out, const struct vigie_collect_ctx *ctx,
					 struct vigie_error *err);

/**
 * The translation collector: translation files and their languages, the
 * translation platform, and whether CONTRIBUTING or the README says how to
 * translate.
 */
VIGIE_EXTERN(int) vigie_translation_collect(json_t **out,
					    const struct vigie_collect_ctx *ctx,
					    struct vigie_error *err);

/*
 * The history collector: a walk over the window_days before the anchor
 * (vigie_collect_anchor; and as long again before it, for newcomers).  Aggregates
 * only, unless opts->identities.  Uses libgit2 through the snapshot.
 */
VIGIE_EXTERN(int) vigie_history_collect(json_t **out, const struct vigie_collect_ctx *ctx,
					struct vigie_error *err);

/**
 * The conduct collector: facts.conduct = {path, template, version,
 * language, confidence, words, contact{kind, value?, domain?}, reference?}
 * for the code of conduct of the inventory (the first recognised one).
 * An e-mail address is given whole only with opts->identities; its
 * domain always.
 */
VIGIE_EXTERN(int) vigie_conduct_collect(json_t **out, const struct vigie_collect_ctx *ctx,
					struct vigie_error *err);

/**
 * The `forge` collector.  The repository is the target's (a forge URL or
 * shorthand), the one named by opts->forge_repo, or the one the `origin`
 * remote of a local checkout points to.  Offline, or when no forge
 * repository can be found and none was asked for, *out is NULL.  When the
 * tracker could not be read (rate limit...) the branch still holds the
 * repository facts and `unavailable.tracker` says why.
 */
VIGIE_EXTERN(int) vigie_forge_collect(json_t **out, const struct vigie_collect_ctx *ctx,
				      struct vigie_error *err);

/**
 * The license collector: facts.license = {expression, files[{path, spdx,
 * confidence, method}], declared[{path, value}], consistent, osi,
 * fsf_libre, copyleft, fr_public_sector}.
 */
VIGIE_EXTERN(int) vigie_license_collect(json_t **out, const struct vigie_collect_ctx *ctx,
					struct vigie_error *err);

#ifdef __cplusplus
}
#endif

#endif
