/* SPDX-License-Identifier: EUPL-1.2 */
/* The files of rules/ compiled in, by name. */
#include <string.h>

#include "embedded.h"
#include "banned.h"

const struct vigie_embedded_file *vigie_embedded_at(const char *data)
{
	size_t i;

	for (i = 0; data && i < vigie_embedded_count; i++)
		if (vigie_embedded_files[i].data == data)
			return &vigie_embedded_files[i];
	return NULL;
}

const struct vigie_embedded_file *vigie_embedded_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < vigie_embedded_count; i++)
		if (!strcmp(vigie_embedded_files[i].name, name))
			return &vigie_embedded_files[i];
	return NULL;
}
