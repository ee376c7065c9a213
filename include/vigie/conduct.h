/* SPDX-License-Identifier: EUPL-1.2 */
/* Codes of conduct: the template a text follows and the contact it names. */
#ifndef VIGIE_CONDUCT_H
#define VIGIE_CONDUCT_H

#include <jansson.h>

#include "common.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vigie_collect_ctx;

/* How the code of conduct says to reach the people who handle reports. */
enum vigie_conduct_contact {
	VIGIE_CONDUCT_CONTACT_NONE,  /* nothing, or a placeholder left as is */
	VIGIE_CONDUCT_CONTACT_EMAIL, /* an e-mail address */
	VIGIE_CONDUCT_CONTACT_URL,   /* a web address offered to report */
	VIGIE_CONDUCT_CONTACT_COUNT
};

/** "none", "email", "url" (static). */
VIGIE_EXTERN(const char *) vigie_conduct_contact_name(enum vigie_conduct_contact c);

/* Below this similarity a text is not a copy of a template. */
#define VIGIE_CONDUCT_THRESHOLD 0.85
/* Normalised words from which an own text counts as substantial: the
 * shortest template in use (Contributor Covenant 1.1) has 216. */
#define VIGIE_CONDUCT_SUBSTANTIAL 150

/* contact_value and reference are cut at this many bytes. */
#define VIGIE_CONDUCT_VALUE_MAX 255

/*
 * What one text is.  The strings are the struct's own (NULL when absent):
 * vigie_conduct_identify() fills them, vigie_conduct_release() frees them.
 */
struct vigie_conduct {
	/* "contributor-covenant", "citizen"; "reference" for a short text
	 * pointing to a code published elsewhere; NULL for an own text */
	char *template_id;
	char *version;      /* "2.1", or NULL */
	char *language;     /* "en", "fr"... or NULL when unknown */
	double confidence;  /* similarity to the template, [0, 1] */
	size_t words;       /* normalised words of the text */
	enum vigie_conduct_contact contact;
	char *contact_value; /* the address or URL (ASCII), or NULL */
	char *reference;     /* the code referred to, or NULL */
};

/**
 * Identify a code of conduct (untrusted bytes; the caller bounds len):
 * its template, version and language against the embedded reference texts
 * (rules/conduct/), and the contact it names.  out is initialised here;
 * release it with vigie_conduct_release().  Fails only for allocation
 * (VIGIE_ENOMEM, out then holds nothing) or a damaged database.
 */
VIGIE_EXTERN(int) vigie_conduct_identify(struct vigie_conduct *out, const char *text,
					 size_t len, struct vigie_error *err);
/** Free the strings of c (which may be NULL); c then holds nothing. */
VIGIE_EXTERN(void) vigie_conduct_release(struct vigie_conduct *c);

#ifdef __cplusplus
}
#endif

#endif
