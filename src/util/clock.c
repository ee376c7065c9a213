/* SPDX-License-Identifier: EUPL-1.2 */
/* The monotonic clock every stage times itself and its deadlines by. */
#include <time.h>

#include "vigie/common.h"
#include "banned.h"

double vigie_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
