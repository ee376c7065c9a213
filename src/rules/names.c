/* SPDX-License-Identifier: EUPL-1.2 */
/* The names of themes, levels and statuses, and their parsing:
 * an object of their own, so a program reading only names (vigie license)
 * links nothing else of the rules. */
#include <string.h>

#include "vigie/rules.h"
#include "internal.h"
#include "banned.h"

static const char *const theme_names[VIGIE_THEME_COUNT] = {
	"understand", "identify", "produce", "maintain", "fund", "disseminate",
};
static const char *const level_names[VIGIE_LEVEL_COUNT] = {
	"error", "warning", "note",
};
static const char *const status_names[VIGIE_STATUS_COUNT] = {
	"pass", "partial", "fail", "skip", "error", "waived",
};

const char *vigie_theme_name(enum vigie_theme t)
{
	return t < VIGIE_THEME_COUNT ? theme_names[t] : "?";
}

const char *vigie_level_name(enum vigie_level l)
{
	return l < VIGIE_LEVEL_COUNT ? level_names[l] : "?";
}

const char *vigie_status_name(enum vigie_status s)
{
	return s < VIGIE_STATUS_COUNT ? status_names[s] : "?";
}

static int parse_name(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; s && i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

int vigie_theme_parse(const char *name)
{
	return parse_name(theme_names, VIGIE_THEME_COUNT, name);
}

int vigie_level_parse(const char *name)
{
	return parse_name(level_names, VIGIE_LEVEL_COUNT, name);
}
