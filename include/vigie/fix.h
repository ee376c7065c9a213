/* SPDX-License-Identifier: EUPL-1.2 */
/* Drafting the community files an audit found missing, from templates and facts. */
#ifndef VIGIE_FIX_H
#define VIGIE_FIX_H

#include <jansson.h>

#include "common.h"
#include "error.h"
#include "buf.h"
#include "rules.h"
#include "scorecard.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The version of vigie_fix_opts a program was built with (see audit.h). */
#define VIGIE_FIX_OPTIONS_VERSION 1

struct vigie_fix_opts {
	unsigned int version;     /* VIGIE_FIX_OPTIONS_VERSION */
	enum vigie_lang lang;     /* the language of the drafts */
	const char *const *only;  /* rule ids: only the files they name */
	size_t nonly;
	bool amend;               /* append a section to a file that fails
				     a content rule */
	const char *license;      /* an SPDX id: draft LICENSE from its text */
	const char *workdir;      /* the work tree, or NULL (bare): a path
				     that exists there is never proposed */
};

/** The defaults: English, every draft, nothing amended; version set. */
VIGIE_EXTERN(void) vigie_fix_opts_init(struct vigie_fix_opts *opts);

/* One file drafted; every pointer owned by the plan. */
struct vigie_fix_file {
	char *path;       /* '/'-separated, from the root */
	char *content;    /* the whole new file, or the section appended */
	char *old;        /* append: the file's current text; else NULL */
	bool append;      /* amend an existing file */
	json_t *rules;    /* new ref: the failing rule ids this draft answers */
	json_t *todo;     /* new ref: [{line, text}] lines left for a person */
};

struct vigie_fix {
	size_t count;
	struct vigie_fix_file *files;
	/*
	 * new ref: failing rules no draft answers, [{id, weight, title,
	 * hint}]; hint (English, a catalogued message) says what would draft
	 * it, when something would
	 */
	json_t *left;
};

/**
 * Where the drafts of target (as vigie audit takes it) would go: its git
 * directory and, for a work tree, the work tree's root (else NULL).  The
 * caller frees both.  Codes as for vigie_source_open.
 */
VIGIE_EXTERN(int) vigie_fix_locate(char **gitdir, char **workdir, const char *target,
		     bool offline, struct vigie_error *err);

/**
 * Plan the drafts for an audit's scorecard sc of the repository at gitdir
 * (a work tree's .git or a bare repository), at the audited commit.  Each
 * row of the template table names the rules a draft answers; a draft is
 * proposed when one of them fails (fail or partial) and no file stands at
 * its path, in the commit's tree or in opts->workdir.  out is initialised
 * here and released with vigie_fix_release.  Codes: VIGIE_ENOTFOUND (no
 * license text kept for opts->license), VIGIE_EINVALID (a template names
 * a placeholder that is not known: a defect of vigie's data; or opts is
 * not of VIGIE_FIX_OPTIONS_VERSION).
 */
VIGIE_EXTERN(int) vigie_fix_plan(struct vigie_fix *out, const struct vigie_scorecard *sc,
		   const char *gitdir, const struct vigie_fix_opts *opts,
		   struct vigie_error *err);

VIGIE_EXTERN(void) vigie_fix_release(struct vigie_fix *fix);

/**
 * Fill a template: {{name}} is vars' string "name"; {{#name}}...{{/name}}
 * is kept when that value is a non-empty string, {{^name}}...{{/name}}
 * when it is empty or absent.  A name vars does not hold is VIGIE_EINVALID
 * with err->where "tmpl:LINE".  out is cleared first.
 */
VIGIE_EXTERN(int) vigie_fix_render(struct vigie_buf *out, const char *tmpl,
		     const char *name, const json_t *vars,
		     struct vigie_error *err);

/**
 * The template by its name relative to rules/templates/ ("en/SECURITY.md"),
 * embedded in the library; NULL when there is none (borrowed).
 */
VIGIE_EXTERN(const char *) vigie_fix_template(const char *name, size_t *len);

/**
 * The names of every template kept (borrowed, NULL-terminated), for tests
 * that fill them all.
 */
VIGIE_EXTERN(const char *const *) vigie_fix_templates(void);

/**
 * The plan as a unified diff: "--- /dev/null" / "+++ b/PATH" per new file,
 * an append hunk per amended one; paths escaped as text output is.
 */
VIGIE_EXTERN(int) vigie_fix_diff(struct vigie_buf *out, const struct vigie_fix *fix,
		   struct vigie_error *err);

/**
 * Write the drafts into the work tree workdir: a new file is created only
 * when nothing stands at its path (never overwritten), and no path may
 * leave workdir or pass through a link; an amended file gets its section
 * appended.  Stops at the first failure, with err naming the path.
 */
VIGIE_EXTERN(int) vigie_fix_write(const struct vigie_fix *fix, const char *workdir,
		    struct vigie_error *err);

/**
 * Is branch a valid name for a new branch (refs/heads/branch)?  0, or
 * VIGIE_EINVALID with the message saying so: for a command to check it
 * before an audit.
 */
VIGIE_EXTERN(int) vigie_fix_check_branch(const char *branch, struct vigie_error *err);

/**
 * Commit the drafts on a new branch refs/heads/branch, whose parent is
 * HEAD, without touching the index or any work tree (a bare repository
 * works).  The author is user.name/user.email of the repository's
 * configuration, else "vigie <vigie@localhost>".  oid gets the commit id.
 * Codes: VIGIE_EINVALID when the branch exists already or its name is
 * not valid (the message says which).
 */
VIGIE_EXTERN(int) vigie_fix_branch(char oid[41], const struct vigie_fix *fix,
		     const char *gitdir, const char *branch,
		     const char *message, struct vigie_error *err);

#ifdef __cplusplus
}
#endif

#endif
