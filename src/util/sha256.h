/* SPDX-License-Identifier: EUPL-1.2 */
/* SHA-256, for the rule-pack digest and record keys. */
#ifndef VIGIE_SHA256_H
#define VIGIE_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct vigie_sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char block[64];
	size_t used;
};

void vigie_sha256_init(struct vigie_sha256 *c);
void vigie_sha256_update(struct vigie_sha256 *c, const void *data, size_t len);
/** Write 64 hex digits and a NUL into hex. */
void vigie_sha256_hex(struct vigie_sha256 *c, char hex[65]);

#endif
