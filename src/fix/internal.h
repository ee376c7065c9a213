/* SPDX-License-Identifier: EUPL-1.2 */
/* Helpers shared by the files of the fix stage. */
#ifndef VIGIE_FIX_INTERNAL_H
#define VIGIE_FIX_INTERNAL_H

#include "vigie/buf.h"
#include "vigie/report.h"

/* Does anything (a link included) stand at path? */
bool vigie_fix_lstat_exists(const char *path);
/* Read a regular file (no link followed) of at most max bytes into out. */
int vigie_fix_read_file(struct vigie_buf *out, const char *path, size_t max);
/* Set err to "what: MESSAGE" from libgit2's last error; VIGIE_EGENERIC. */
int vigie_fix_git_fail(struct vigie_error *err, const char *where,
		       const char *what);

#endif
