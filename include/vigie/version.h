/* SPDX-License-Identifier: EUPL-1.2 */
/* The library's version and its process-wide set-up. */
#ifndef VIGIE_VERSION_H
#define VIGIE_VERSION_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The library's version string, e.g. "0.1.0" (static). */
VIGIE_EXTERN(const char *) vigie_version(void);

/**
 * Call once before anything else that reads a repository or the network;
 * vigie_global_shutdown undoes it.  The libraries behind (libgit2,
 * libcurl, libsqlite3) are loaded and set up when first needed: an
 * offline audit of a packed repository loads none of them.
 */
VIGIE_EXTERN(int) vigie_global_init(void);
VIGIE_EXTERN(void) vigie_global_shutdown(void);
/**
 * Functions to call just before and just after libgit2's global set-up,
 * which runs when libvigie first needs libgit2 (on that thread); NULL for
 * none.  Call before anything that may need it.  The vigie command uses
 * it to defer the TLS and SSH set-up libgit2 does to the first connection.
 */
VIGIE_EXTERN(void) vigie_global_init_hooks(void (*before)(void),
					   void (*after)(void));

#ifdef __cplusplus
}
#endif

#endif
