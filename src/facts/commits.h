/* SPDX-License-Identifier: EUPL-1.2 */
/* The commits a history walk read, kept for the next (util/kept.c). */
#ifndef VIGIE_FACTS_COMMITS_H
#define VIGIE_FACTS_COMMITS_H

#include "kept.h"

/* The kind of store, and its version: raised whenever what history.c keeps
 * of a commit changes. */
#define VIGIE_COMMIT_KEPT "commits"
#define VIGIE_COMMIT_CACHE_VERSION 2u

#endif
