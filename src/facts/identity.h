/* SPDX-License-Identifier: EUPL-1.2 */
/* Who a commit identity is: a person, a bot, a translation platform; and whose. */
#ifndef VIGIE_FACTS_IDENTITY_H
#define VIGIE_FACTS_IDENTITY_H

#include <stddef.h>

#include "vigie/common.h"
#include "vigie/error.h"

enum vigie_identity_kind {
	VIGIE_IDENTITY_PERSON,
	VIGIE_IDENTITY_BOT,         /* dependabot, renovate, CI, forge bots */
	VIGIE_IDENTITY_TRANSLATION, /* Weblate, Crowdin, Transifex... */
	VIGIE_IDENTITY_KIND_COUNT
};

/** What the (mailmapped) name and e-mail address say this identity is. */
enum vigie_identity_kind vigie_identity_kind(const char *name,
					     const char *email);

/**
 * Does a commit's title (its first line, len bytes, not NUL-terminated)
 * say a translation platform made it, whoever committed it: "Translated
 * using Weblate (French)", Crowdin's "New translations FILE (LANG)",
 * Transifex's "Translate 'FILE' in 'LANG'", "Pontoon: Update ..."?
 */
bool vigie_identity_translation_title(const char *title, size_t len);

/*
 * An e-mail address's organisation.  ORG: the registrable domain of the
 * address (Public Suffix List), written to the caller's buffer.  SELF: the
 * address stands for one independent individual (free mail, a forge's
 * per-user noreply address, a machine name, an IP address, no domain).
 */
enum vigie_identity_org {
	VIGIE_IDENTITY_ORG,
	VIGIE_IDENTITY_SELF,
	VIGIE_IDENTITY_ORG_COUNT
};

/**
 * Open libpsl (once; vigie_identity_org does it too, and takes every
 * address as SELF when it could not): 0, or an error naming the library.
 */
int vigie_identity_load(struct vigie_error *err);

/**
 * Classify email; for ORG, out (of size n, at least 2) gets the lowercase
 * registrable domain, NUL-terminated.  A domain that does not fit in out is
 * SELF.
 */
enum vigie_identity_org vigie_identity_org(char *out, size_t n,
					   const char *email);

#endif
