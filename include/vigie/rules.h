/* SPDX-License-Identifier: EUPL-1.2 */
/* Rule packs: loading, validating and evaluating declarative rules. */
#ifndef VIGIE_RULES_H
#define VIGIE_RULES_H

#include <jansson.h>

#include "common.h"
#include "error.h"
#include "i18n.h" /* the languages (vigie_lang_name, vigie_lang_parse) */
#include "snapshot.h"

#ifdef __cplusplus
extern "C" {
#endif

enum vigie_theme {
	VIGIE_THEME_UNDERSTAND,
	VIGIE_THEME_IDENTIFY,
	VIGIE_THEME_PRODUCE,
	VIGIE_THEME_MAINTAIN,
	VIGIE_THEME_FUND,
	VIGIE_THEME_DISSEMINATE,
	VIGIE_THEME_COUNT
};

enum vigie_level {
	VIGIE_LEVEL_ERROR,
	VIGIE_LEVEL_WARNING,
	VIGIE_LEVEL_NOTE,
	VIGIE_LEVEL_COUNT
};

enum vigie_status {
	VIGIE_STATUS_PASS,
	VIGIE_STATUS_PARTIAL,
	VIGIE_STATUS_FAIL,
	VIGIE_STATUS_SKIP,
	VIGIE_STATUS_ERROR,
	VIGIE_STATUS_WAIVED,
	VIGIE_STATUS_COUNT
};

VIGIE_EXTERN(const char *) vigie_theme_name(enum vigie_theme t);
VIGIE_EXTERN(const char *) vigie_level_name(enum vigie_level l);
VIGIE_EXTERN(const char *) vigie_status_name(enum vigie_status s);
/** Parse a name; -1 when unknown. */
VIGIE_EXTERN(int) vigie_theme_parse(const char *name);

struct vigie_check; /* a compiled check, opaque */

/* One rule; every string is owned by its ruleset. */
struct vigie_rule {
	const char *id;
	const char *pack;
	enum vigie_theme theme;
	const char *guide; /* the guide's question, "4.4" */
	double weight;
	enum vigie_level level;
	/* its title, description and remediation: vigie_rule_text() */
	struct vigie_check *check;
	struct vigie_check *when; /* NULL, or the rule applies only if it passes */
	json_t *source;           /* the rule's JSON, borrowed from the pack */
};

/* The texts of a rule, in every language its pack gives. */
enum vigie_rule_field {
	VIGIE_RULE_TITLE,
	VIGIE_RULE_DESCRIPTION, /* why; may be absent */
	VIGIE_RULE_REMEDIATION,
	VIGIE_RULE_FIELD_COUNT
};

/**
 * A rule's text in lang (owned by its ruleset): the pack's text in that
 * language, else the English one; NULL only for a description the pack
 * does not give.
 */
VIGIE_EXTERN(const char *) vigie_rule_text(const struct vigie_rule *r,
					   enum vigie_rule_field f,
					   enum vigie_lang lang);

struct vigie_ruleset;

VIGIE_EXTERN(struct vigie_ruleset *) vigie_ruleset_new(void);
VIGIE_EXTERN(void) vigie_ruleset_free(struct vigie_ruleset *rs);

/**
 * Load a pack: a file path, or the name of a pack shipped with vigie
 * ("communs", "public-sector-fr"...), which is embedded in the library.
 * A malformed pack fails with VIGIE_EINVALID and err->where set to
 * `file:line:col`; a rule id already loaded is an error too.
 */
VIGIE_EXTERN(int) vigie_ruleset_load(struct vigie_ruleset *rs, const char *name_or_path,
				     struct vigie_error *err);
/** Load a pack from memory; name is used in error positions. */
VIGIE_EXTERN(int) vigie_ruleset_load_buffer(struct vigie_ruleset *rs, const char *name,
					    const char *data, size_t len,
					    struct vigie_error *err);
/** Load the default packs (communs). */
VIGIE_EXTERN(int) vigie_ruleset_load_defaults(struct vigie_ruleset *rs,
					      struct vigie_error *err);

VIGIE_EXTERN(size_t) vigie_ruleset_count(const struct vigie_ruleset *rs);
VIGIE_EXTERN(const struct vigie_rule *) vigie_ruleset_rule(const struct vigie_ruleset *rs,
							   size_t i);
VIGIE_EXTERN(const struct vigie_rule *) vigie_ruleset_find(const struct vigie_ruleset *rs,
							   const char *id);
/** Names of the packs loaded, in order, as a new JSON array of {name, version}. */
VIGIE_EXTERN(json_t *) vigie_ruleset_packs(const struct vigie_ruleset *rs);
/** A SHA-256 hex digest over the packs' ids, sizes and SHA-256 digests, in
 * load order: the same for a pack compiled in and its file (borrowed). */
VIGIE_EXTERN(const char *) vigie_ruleset_digest(const struct vigie_ruleset *rs);

/** The names of the packs embedded in the library, NULL-terminated. */
VIGIE_EXTERN(const char *const *) vigie_rules_embedded(void);
/** An embedded file by name (pack or license data); NULL if absent. */
VIGIE_EXTERN(const char *) vigie_rules_embedded_data(const char *name, size_t *len);

/* The outcome of one rule on one snapshot. */
struct vigie_result {
	const struct vigie_rule *rule;
	enum vigie_status status;
	double score;    /* 0..1 for pass/partial/fail; 0 otherwise */
	json_t *evidence; /* new: array of {path, line, text, value, note} */
	char *reason;    /* why skip/error/waived; owned, may be NULL */
	/*
	 * The reason as data (vigie_msg_render), to show it in another
	 * language: its template (static) and its packed arguments (owned);
	 * reason_id is NULL when the reason is to be shown as it is (a
	 * waiver's, written in the repository).
	 */
	const char *reason_id;
	char *reason_args;
	size_t reason_nargs;
};

struct vigie_eval_ctx {
	struct vigie_snapshot *snap; /* may be NULL: file/content checks skip */
	json_t *facts;               /* borrowed */
};

/** Evaluate one rule.  Never fails: problems end in VIGIE_STATUS_ERROR. */
VIGIE_EXTERN(void) vigie_rule_eval(struct vigie_result *out, const struct vigie_rule *rule,
				   const struct vigie_eval_ctx *ctx);
VIGIE_EXTERN(void) vigie_result_release(struct vigie_result *r);

#ifdef __cplusplus
}
#endif

#endif
