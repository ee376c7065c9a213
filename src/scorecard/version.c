/* SPDX-License-Identifier: EUPL-1.2 */
/* The library's version: an object of its own, so a program asking for it
 * links no libgit2. */
#include "vigie/version.h"
#include "vigie-config.h"
#include "banned.h"

const char *vigie_version(void)
{
	return VIGIE_VERSION;
}
