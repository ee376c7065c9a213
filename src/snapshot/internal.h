/* SPDX-License-Identifier: EUPL-1.2 */
/* The snapshot's layout, shared by its own files and the history collector. */
#ifndef VIGIE_SNAPSHOT_INTERNAL_H
#define VIGIE_SNAPSHOT_INTERNAL_H

#include <git2.h>

#include "vigie/buf.h"
#include "vigie/snapshot.h"

struct vigie_snapshot {
	struct vigie_source *src;
	git_repository *repo; /* borrowed from src */
	git_odb *odb;
	git_commit *commit;
	char commit_hex[41];
	char *ref;
	struct vigie_entry *entries; /* sorted by path */
	size_t count;
	uint32_t *nocase;            /* entry indices sorted case-insensitively */
	struct vigie_buf paths;      /* arena of NUL-terminated paths */
};

/** The repository and pinned commit, for the history collector (borrowed). */
git_repository *vigie_snapshot_git(const struct vigie_snapshot *snap);
const git_oid *vigie_snapshot_oid(const struct vigie_snapshot *snap);

#endif
