/* SPDX-License-Identifier: EUPL-1.2 */
/* Fuzz target: mailmap parsing and identity classification. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "vigie/vigie.h"
#include "../../src/facts/identity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Input: MAILMAP \0 NAME \0 EMAIL */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const char *p = (const char *)data, *end = p + size;
	const char *name = "", *email = "";
	char *copy = malloc(size + 2), org[256];
	git_mailmap *mm = NULL;
	const char *rn = NULL, *re = NULL;
	size_t mlen;

	if (!ready) {
		git_libgit2_init();
		ready = 1;
	}
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	copy[size + 1] = '\0';
	mlen = strnlen(p, size);
	if (mlen < size) {
		name = copy + mlen + 1;
		if (name < copy + size) {
			size_t nl = strlen(name);
			if (name + nl < copy + size)
				email = name + nl + 1;
		}
	}
	if (git_mailmap_from_buffer(&mm, copy, mlen) == 0) {
		if (git_mailmap_resolve(&rn, &re, mm, name, email) == 0) {
			name = rn;
			email = re;
		}
	}
	vigie_identity_kind(name, email);
	vigie_identity_org(org, sizeof(org), email);
	git_mailmap_free(mm);
	free(copy);
	(void)end;
	return 0;
}
