/* SPDX-License-Identifier: EUPL-1.2 */
/* Fuzz target: license identification, expressions and manifests. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/license.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const manifests[] = {
	"package.json", "composer.json", "Cargo.toml", "pyproject.toml",
	"setup.cfg", "x.gemspec", "pom.xml", "publiccode.yml",
};

/* Input: MODE BYTE, then the text.  Mode picks what reads the text. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text;
	size_t len;
	unsigned mode;
	char *copy;

	if (size < 1)
		return 0;
	mode = data[0];
	text = (const char *)data + 1;
	len = size - 1;
	switch (mode % 3) {
	case 0: {
		struct vigie_license_result r;
		if (vigie_license_identify(&r, text, len, (mode >> 2) & 7,
					   NULL) == 0)
			vigie_license_result_release(&r);
		break;
	}
	case 1: {
		char *out = NULL, *bases = NULL;
		copy = malloc(len + 1);
		if (!copy)
			return 0;
		memcpy(copy, text, len);
		copy[len] = '\0';
		if (vigie_license_expr_normalize(&out, copy, NULL) == 0) {
			size_t f;
			for (f = 0; f < VIGIE_LICENSE_FLAG_COUNT; f++)
				vigie_license_expr_flag(out, f);
			if (vigie_license_expr_bases(&bases, out) == 0)
				free(bases);
			free(out);
		}
		vigie_license_expr_flag(copy, VIGIE_LICENSE_FLAG_COPYLEFT);
		free(copy);
		break;
	}
	default: {
		char *value = NULL;
		const char *path =
			manifests[(mode >> 2) % (sizeof(manifests) /
						 sizeof(manifests[0]))];
		if (vigie_license_manifest_value(&value, path, text, len) == 0)
			free(value);
		break;
	}
	}
	return 0;
}
