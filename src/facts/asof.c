/* SPDX-License-Identifier: EUPL-1.2 */
/* --as-of values: an object of its own, so a program parsing options
 * (vigie license) links no collector. */
#include <string.h>

#include "vigie/date.h"
#include "vigie/facts.h"
#include "banned.h"

static const char *const as_of_names[VIGIE_AS_OF_COUNT] = {
	[VIGIE_AS_OF_NOW] = "now",
	[VIGIE_AS_OF_COMMIT] = "commit",
	[VIGIE_AS_OF_DATE] = "date",
};

const char *vigie_as_of_name(enum vigie_as_of kind)
{
	return kind < VIGIE_AS_OF_COUNT ? as_of_names[kind] : "now";
}

int vigie_as_of_parse(enum vigie_as_of *kind, int64_t *when, const char *s)
{
	*when = 0;
	if (!strcmp(s, "now") || !strcmp(s, "commit")) {
		*kind = *s == 'n' ? VIGIE_AS_OF_NOW : VIGIE_AS_OF_COMMIT;
		return 0;
	}
	if (vigie_date_parse(when, s, VIGIE_DATE_DAY_END) < 0) {
		*when = 0;
		return VIGIE_EINVALID;
	}
	*kind = VIGIE_AS_OF_DATE;
	return 0;
}
