/* SPDX-License-Identifier: EUPL-1.2 */
/* What the snapshot and history stages may see of a source: its libgit2 handle. */
#ifndef VIGIE_SOURCE_INTERNAL_H
#define VIGIE_SOURCE_INTERNAL_H

#include <git2.h>

#include "vigie/source.h"

/** The repository (borrowed): for snapshot/ and the history collector. */
git_repository *vigie_source_git(const struct vigie_source *src);

/**
 * A source over a repository the caller already opened (an in-memory one in
 * the fuzz targets); the caller keeps owning repo and t.
 */
int vigie_source_wrap(struct vigie_source **out, git_repository *repo,
		      const struct vigie_target *t);

/**
 * A copy of msg with the raw URL replaced by its display form and any
 * `scheme://user:secret@` user-info removed.  The caller frees it.
 */
char *vigie_scrub_credentials(const char *msg, const char *url,
			      const char *display);

#endif
