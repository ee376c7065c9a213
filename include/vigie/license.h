/* SPDX-License-Identifier: EUPL-1.2 */
/* License identification: SPDX ids of texts, notices and manifests. */
#ifndef VIGIE_LICENSE_H
#define VIGIE_LICENSE_H

#include <jansson.h>

#include "common.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vigie_collect_ctx;

/* Flags of a license in the database. */
#define VIGIE_LICENSE_OSI       0x01u /* OSI approved */
#define VIGIE_LICENSE_FSF       0x02u /* FSF libre (SPDX 3.13 flag) */
#define VIGIE_LICENSE_COPYLEFT  0x04u /* strong or weak copyleft */
#define VIGIE_LICENSE_FR_PUBLIC 0x08u /* authorised by CRPA art. D323-2-1 */
#define VIGIE_LICENSE_TEMPLATE  0x10u /* words from an SPDX template */
#define VIGIE_LICENSE_SECONDARY 0x20u /* same text as a shorter id */
#define VIGIE_LICENSE_LIBRE     0x40u /* libre: OSI, FSF, Debian, CRPA list
					 or permissive family (libre.tsv) */
#define VIGIE_LICENSE_NONLIBRE  0x80u /* known not to be libre (libre.tsv) */

/* One license of the database (borrowed, static once loaded). */
struct vigie_license_info {
	const char *id;   /* SPDX id, e.g. "Apache-2.0" */
	const char *name; /* SPDX full name */
	unsigned flags;
	const char *twins; /* ids with the very same words, comma-separated */
};

/**
 * Load the embedded database once (thread-safe; later calls are free).
 * Fails with VIGIE_EINVALID if the embedded data is damaged.
 */
VIGIE_EXTERN(int) vigie_license_db_load(struct vigie_error *err);
/** The SPDX License List version the texts came from ("3.28.0"). */
VIGIE_EXTERN(const char *) vigie_license_db_version(void);
VIGIE_EXTERN(size_t) vigie_license_db_count(void);
/** The i-th license (borrowed), or NULL past the end. */
VIGIE_EXTERN(const struct vigie_license_info *) vigie_license_db_get(size_t i);
/** A license by id, ASCII-case-insensitive, or NULL (borrowed). */
VIGIE_EXTERN(const struct vigie_license_info *) vigie_license_db_find(const char *id);
/* ---- identification -------------------------------------------------- */

enum vigie_license_method {
	VIGIE_LICENSE_METHOD_TEXT,       /* full text similarity */
	VIGIE_LICENSE_METHOD_SPDX_ID,    /* SPDX-License-Identifier line */
	VIGIE_LICENSE_METHOD_REFERENCE,  /* a name in a notice or section */
	VIGIE_LICENSE_METHOD_MANIFEST,   /* a package manifest's field */
	VIGIE_LICENSE_METHOD_COUNT
};

/** "text", "spdx-identifier", "reference", "manifest" (static). */
VIGIE_EXTERN(const char *) vigie_license_method_name(enum vigie_license_method m);

/* One license found in a text. */
struct vigie_license_match {
	char *id;           /* the result's own (vigie_license_result_release) */
	double confidence;  /* [0, 1] */
	enum vigie_license_method method;
	size_t first_word;  /* region matched (text method), in words */
	size_t last_word;
	size_t first_byte;  /* the same region in bytes of the text */
	size_t end_byte;
	/* NULL for the work itself; else what the text says this license
	 * covers (static): "docs", "data", "assets", "fonts", "third-party" */
	const char *scope;
};

/* Everything found in one text; the matches and their ids, and the
 * expression, are the result's own. */
struct vigie_license_result {
	struct vigie_license_match *matches;
	size_t count;
	char *expression;   /* "MIT", "Apache-2.0 OR MIT", or "NONE"; the
			       matches with a scope are left out of it when
			       another match has none */
	double confidence;  /* lowest confidence of the matches; 0 if NONE */
	enum vigie_license_method method; /* the weakest method used */
};

/* Options of vigie_license_identify(). */
#define VIGIE_LICENSE_BARE_NAMES 0x01u /* a bare name counts (license
					  file, README license section) */
#define VIGIE_LICENSE_NO_TEXT    0x02u /* skip full-text matching */
#define VIGIE_LICENSE_README     0x04u /* only the README's license
					  section counts (bare names too) */

/** The options suited to a file's name: LICENSE/COPYING files allow bare
 * names, READMEs are read for their license section. */
VIGIE_EXTERN(unsigned) vigie_license_opts_for_path(const char *path);

/** Below this, a full-text similarity is not an identification. */
#define VIGIE_LICENSE_THRESHOLD 0.90

/**
 * Identify the licenses of text (untrusted bytes, any encoding; the caller
 * bounds len).  Full texts come first; a file holding several licenses
 * yields each one.  Notices and references are used for what the texts
 * leave unexplained.  out is initialised by the call; release it.
 */
VIGIE_EXTERN(int) vigie_license_identify(struct vigie_license_result *out, const char *text,
					 size_t len, unsigned opts, struct vigie_error *err);
/** Free the matches, their ids and the expression; r then holds nothing. */
VIGIE_EXTERN(void) vigie_license_result_release(struct vigie_license_result *r);

/* ---- expressions ----------------------------------------------------- */

/**
 * Turn a declared value (an SPDX expression, a deprecated id such as
 * "GPL-2.0+", or a name such as "Apache License, Version 2.0") into an
 * SPDX expression with current ids.  *out is new (free it).  Fails with
 * VIGIE_EINVALID when no license can be recognised.
 */
VIGIE_EXTERN(int) vigie_license_expr_normalize(char **out, const char *value,
					       struct vigie_error *err);

enum vigie_license_flag {
	VIGIE_LICENSE_FLAG_OSI,
	VIGIE_LICENSE_FLAG_FSF_LIBRE,
	VIGIE_LICENSE_FLAG_COPYLEFT,
	VIGIE_LICENSE_FLAG_FR_PUBLIC_SECTOR,
	VIGIE_LICENSE_FLAG_COUNT
};

/**
 * Does the expression have the flag?  With AND every operand must have it,
 * with OR one suffices (one may choose it), except copyleft, which holds
 * for an OR only when every choice is copyleft.  Unknown ids lack every
 * flag.
 */
VIGIE_EXTERN(bool) vigie_license_expr_flag(const char *expr, enum vigie_license_flag flag);

/* What vigie can say of an expression's freedom. */
enum vigie_license_libre {
	VIGIE_LICENSE_LIBRE_NO,
	VIGIE_LICENSE_LIBRE_YES,
	VIGIE_LICENSE_LIBRE_UNKNOWN, /* an id vigie has no verdict on */
	VIGIE_LICENSE_LIBRE_COUNT
};

/**
 * Is the expression libre?  Three-valued: with AND, one non-libre operand
 * makes it non-libre and every operand must be libre for yes; with OR, one
 * libre choice suffices and every choice must be non-libre for no.  An id
 * neither flagged libre nor non-libre (LicenseRef-*, an obscure SPDX id)
 * is unknown.  NONE is no.
 */
VIGIE_EXTERN(enum vigie_license_libre) vigie_license_expr_libre(const char *expr);

/**
 * The distinct base ids of an expression ("GPL-3.0-or-later" and
 * "GPL-3.0-only" share the base "GPL-3.0"), sorted, joined by spaces, for
 * comparing declarations.  *out is new.
 */
VIGIE_EXTERN(int) vigie_license_expr_bases(char **out, const char *expr);

/* ---- manifests --------------------------------------------------------- */

/**
 * Does path name a package manifest vigie reads (package.json,
 * Cargo.toml, pyproject.toml, setup.cfg, composer.json, *.gemspec,
 * pom.xml, publiccode.yml)?
 */
VIGIE_EXTERN(bool) vigie_license_is_manifest(const char *path);

/**
 * The license a manifest declares, as written (*out new), or
 * VIGIE_ENOTFOUND when it declares none.
 */
VIGIE_EXTERN(int) vigie_license_manifest_value(char **out, const char *path,
					       const char *text, size_t len);

/**
 * Does a manifest's value say the package is not licensed to others
 * ("UNLICENSED" in package.json, "proprietary" in composer.json)?
 */
VIGIE_EXTERN(bool) vigie_license_manifest_proprietary(const char *value);

#ifdef __cplusplus
}
#endif

#endif
