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
 * Call once before anything else that reads a repository or the network
 * (initialises libgit2 and libcurl); vigie_global_shutdown undoes it.
 */
VIGIE_EXTERN(int) vigie_global_init(void);
VIGIE_EXTERN(void) vigie_global_shutdown(void);

#ifdef __cplusplus
}
#endif

#endif
