/* SPDX-License-Identifier: EUPL-1.2 */
/* Option tables: one per command, driving its parsing, errors and --help. */
#ifndef VIGIE_CLI_OPT_H
#define VIGIE_CLI_OPT_H

#include <stddef.h>
#include <stdio.h>

#include "vigie/common.h"
#include "vigie/facts.h"

struct vigie_audit_opts;

/* Values a repeatable option takes, at most. */
#define CLI_LIST_MAX 64

enum cli_opt_kind {
	CLI_OPT_END,    /* ends a table */
	CLI_OPT_FLAG,   /* --NAME: the bool at offset becomes true */
	CLI_OPT_VALUE,  /* --NAME VALUE: set(), else the const char * at offset */
	CLI_OPT_LIST,   /* --NAME VALUE, repeatable: the struct cli_list at offset */
	CLI_OPT_HELP,   /* -h, --help: print the help, stop */
	CLI_OPT_TITLE,  /* no option: help is a heading line of --help */
	/*
	 * The option ref of a shared table, placed here: its slot at
	 * offset + ref->offset, its value name and help this entry's,
	 * else ref's.
	 */
	CLI_OPT_SHARED,
	/*
	 * Every option of the table ref that no CLI_OPT_SHARED of this
	 * table placed, here, its slots at offset + theirs: a command
	 * naming a group takes all of its options.
	 */
	CLI_OPT_GROUP,
};

struct cli_list {
	const char *v[CLI_LIST_MAX];
	size_t n;
};

struct cli_opt_spec;

/*
 * Check arg and store it in slot; -1 with one line printed (a usage
 * error).  spec is the option's own entry (its name, min, max, error).
 */
typedef int (*cli_opt_set_fn)(const struct cli_opt_spec *spec, void *slot,
			      const char *arg);

struct cli_opt_spec {
	enum cli_opt_kind kind;
	const char *name;   /* long name, without "--" */
	char alias;         /* short name, or 0 */
	const char *value;  /* the value's name in --help (N_ when a word) */
	const char *help;   /* N_(); further lines start at the help column */
	size_t offset;      /* of the slot in the command's options struct */
	cli_opt_set_fn set; /* VALUE: check and store; NULL: store as is */
	long min, max;      /* for cli_opt_long and cli_opt_int */
	const char *error;  /* N_(): the line printed for a bad value */
	const struct cli_opt_spec *ref; /* SHARED: an entry; GROUP: a table */
};

/* Table entries. */
#define CLI_FLAG(name_, alias_, help_, off_) \
	{ .kind = CLI_OPT_FLAG, .name = name_, .alias = alias_, .help = help_, \
	  .offset = off_ }
#define CLI_VALUE(name_, alias_, value_, help_, off_, set_) \
	{ .kind = CLI_OPT_VALUE, .name = name_, .alias = alias_, \
	  .value = value_, .help = help_, .offset = off_, .set = set_ }
#define CLI_LONG(name_, value_, help_, off_, min_, max_, error_) \
	{ .kind = CLI_OPT_VALUE, .name = name_, .value = value_, .help = help_, \
	  .offset = off_, .set = cli_opt_long, .min = min_, .max = max_, \
	  .error = error_ }
#define CLI_LIST(name_, alias_, value_, help_, off_) \
	{ .kind = CLI_OPT_LIST, .name = name_, .alias = alias_, \
	  .value = value_, .help = help_, .offset = off_ }
#define CLI_SHARED(ref_, off_, value_, help_) \
	{ .kind = CLI_OPT_SHARED, .ref = ref_, .offset = off_, \
	  .value = value_, .help = help_ }
#define CLI_GROUP(ref_, off_) \
	{ .kind = CLI_OPT_GROUP, .ref = ref_, .offset = off_ }
#define CLI_TITLE(text_) { .kind = CLI_OPT_TITLE, .help = text_ }
#define CLI_HELP(help_) \
	{ .kind = CLI_OPT_HELP, .name = "help", .alias = 'h', .help = help_ }
#define CLI_END { .kind = CLI_OPT_END }

struct cli_cmd_spec {
	const char *name;   /* "audit", as in "see 'vigie audit --help'"; NULL: vigie */
	const char *usage;  /* N_(): what --help prints before the options */
	const struct cli_opt_spec *opts;
	int column;         /* where the options' help texts start */
	/* Called for each option given, in order (may be NULL). */
	void (*seen)(void *o, const struct cli_opt_spec *spec, const char *arg);
	/* --help is the usage text alone, which tells the options. */
	bool unlisted;
	/* Options before the first operand only (vigie's own, before
	 * the command's name). */
	bool in_order;
};

/*
 * Parse argv[1..argc) against cmd's table into o.  Returns 0 with
 * *first set to the first operand (getopt's order: options may follow
 * operands), 1 when --help was printed, -1 with one line printed for an
 * unknown option, a missing value or a bad one (exit 2).
 */
int cli_opt_parse(const struct cli_cmd_spec *cmd, void *o, int argc,
		  char **argv, int *first);

/* cmd's --help: its usage text, then its options, in the chosen language. */
void cli_opt_usage(const struct cli_cmd_spec *cmd, FILE *f);

/* Setters. */
/* A whole number in [spec->min, spec->max] into a long; else spec->error. */
int cli_opt_long(const struct cli_opt_spec *spec, void *slot, const char *arg);
/* --lang: en or fr, the messages in it from now on. */
int cli_opt_lang(const struct cli_opt_spec *spec, void *slot, const char *arg);
/* auto, always or never (--color, --progress). */
int cli_opt_when(const struct cli_opt_spec *spec, void *slot, const char *arg);
/* --format text or json, into a const char * (the argument). */
int cli_opt_text_or_json(const struct cli_opt_spec *spec, void *slot,
			 const char *arg);
/* --as-of into a struct vigie_collect_opts's as_of fields. */
int cli_opt_as_of(const struct cli_opt_spec *spec, void *slot, const char *arg);
/* --max-clone-size into a long long. */
int cli_opt_size(const struct cli_opt_spec *spec, void *slot, const char *arg);
/* An http or https URL (--api-url). */
int cli_opt_url(const struct cli_opt_spec *spec, void *slot, const char *arg);

/*
 * The options of an audit, shared by audit, batch and hook (and fix for
 * what applies), so that they take the same names, values and defaults.
 */
struct cli_audit {
	struct cli_list rules;
	long window, lookback, tracker_days;
	struct vigie_collect_opts as_of; /* its as_of fields only */
	bool identities;
	/* The network: audit and batch. */
	bool offline, no_stale;
	const char *cache_dir, *ca_file, *ca_path;
	long fetch_timeout;  /* seconds; 0: not given */
	long long max_clone;
};

/*
 * The history an audit reads: --window, --as-of, --lookback,
 * --identities (audit, batch, hook).
 */
extern const struct cli_opt_spec cli_audit_history[];
/*
 * How it reaches the repository and its forge: --offline, --cache-dir,
 * --ca-file, --ca-path, --no-stale, --fetch-timeout, --max-clone-size,
 * --tracker-days (audit, batch).
 */
extern const struct cli_opt_spec cli_audit_network[];
/* Entries of these tables, for CLI_OPT_SHARED. */
enum {
	CLI_AUDIT_WINDOW, CLI_AUDIT_AS_OF, CLI_AUDIT_LOOKBACK,
	CLI_AUDIT_IDENTITIES,
};
enum {
	CLI_AUDIT_OFFLINE, CLI_AUDIT_CACHE_DIR, CLI_AUDIT_CA_FILE,
	CLI_AUDIT_CA_PATH, CLI_AUDIT_NO_STALE, CLI_AUDIT_FETCH_TIMEOUT,
	CLI_AUDIT_MAX_CLONE, CLI_AUDIT_TRACKER_DAYS,
};
/* -R, --rules PACK (repeatable): audit, batch, hook, fix. */
extern const struct cli_opt_spec cli_audit_rules;

/*
 * --fail-under, --require, --fail-on into a struct vigie_gate (audit,
 * hook); help texts of vigie audit.
 */
extern const struct cli_opt_spec cli_gate_opts[];

/* The defaults: those of vigie audit. */
void cli_audit_init(struct cli_audit *a);
/*
 * Into ao (initialised): every shared option, with timeout_s for the
 * clone, fetch and forge budget when --fetch-timeout was not given.
 */
void cli_audit_apply(const struct cli_audit *a, long timeout_s,
		     struct vigie_audit_opts *ao);

#endif
