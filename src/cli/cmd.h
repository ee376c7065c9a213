/* SPDX-License-Identifier: EUPL-1.2 */
/* Subcommands of the vigie command and the helpers they share. */
#ifndef VIGIE_CLI_CMD_H
#define VIGIE_CLI_CMD_H

#include <stdio.h>

#include <jansson.h>

#include "vigie/common.h"
#include "vigie/error.h"
#include "exit.h"

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	/* true when the command needs neither libgit2 nor libcurl, whose
	 * global (TLS) init costs more than a license lookup */
	bool no_global_init;
};

int cmd_audit(int argc, char **argv);
int cmd_badge(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_cache(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_fix(int argc, char **argv);
int cmd_hook(int argc, char **argv);
int cmd_license(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_rules(int argc, char **argv);
/* vigie audit with a badge for its format; usage is badge's --help. */
int cli_audit_badge(int argc, char **argv, const char *usage);

/*
 * Around the library's global initialisation: the system's CA certificates
 * that libgit2 (with mbedTLS) would parse there are parsed at the first TLS
 * handshake instead (tls_defer.c).
 */
void cli_tls_defer_begin(void);
void cli_tls_defer_end(void);

/*
 * "vigie: MESSAGE" on stderr, one line, control characters escaped; fmt is
 * translated (mark it N_), keeping its conversions.
 */
void cli_error(const char *fmt, ...) VIGIE_PRINTF(1, 2);
/* "vigie: MESSAGE" of a message without conversions (mark it N_). */
void cli_error_text(const char *msgid);
/*
 * "vigie: WHERE: MESSAGE" from an error struct; "vigie: out of memory" alone
 * for VIGIE_ENOMEM.
 */
void cli_report_error(const struct vigie_error *err);
/* Was "out of memory" said (cli_error, cli_report_error)?  main() then exits
 * VIGIE_EXIT_NOMEM, whatever exit code the command chose. */
bool cli_nomem(void);
/* Is colour wanted on this stream?  Honours NO_COLOR and --color. */
bool cli_want_color(FILE *f, const char *mode);
/* The language asked by --lang, else LC_ALL/LC_MESSAGES/LANG, else en. */
int cli_lang(const char *opt);
/* Messages in this language from now on (a vigie_lang; -1 ignored). */
void cli_set_lang(int lang);
/*
 * The value of --lang: messages in it from now on, and *slot (may be NULL)
 * set to it; -1, with the error printed, when it is no language of ours.
 */
int cli_take_lang(const char **slot, const char *arg);
/* The value of --color or --progress (named by opt): auto, always, never. */
int cli_take_when(const char **slot, const char *opt, const char *arg);
struct vigie_collect_opts;
/* The value of --as-of (now, commit, a date) into slot's as_of fields. */
int cli_take_as_of(struct vigie_collect_opts *slot, const char *arg);
/* The value of --max-clone-size: bytes, or a number and K, M, G, T (KiB...). */
int cli_take_size(long long *slot, const char *arg);
struct vigie_gate;
struct vigie_ruleset;
/* Every --require names a rule of rs; else one line and VIGIE_EXIT_USAGE. */
int cli_check_required(const struct vigie_gate *gate,
		       const struct vigie_ruleset *rs);
/* A message of the command line in the chosen language (borrowed). */
const char *cli_text(const char *msgid);
/* A count's message (mark it Q_) in the chosen language, its form for n. */
const char *cli_ntext(const char *singular, const char *plural,
		      unsigned long n);
/* An error's message in the messages' language (caller frees). */
char *cli_tr_error(const struct vigie_error *err);
/* The exit code of a command that returned rc, once its output is flushed
 * (a full disk is an error; out of memory anywhere is VIGIE_EXIT_NOMEM). */
int cli_flushed(int rc);
/* A message field of a JSON object (a problem's "message") the same way. */
char *cli_tr_json(const json_t *obj, const char *key);
/* printf on stdout with fmt translated (mark it N_). */
void cli_printf(const char *fmt, ...) VIGIE_PRINTF(1, 2);
struct vigie_ruleset;
/*
 * Load the packs named (the default pack when n is 0) into a new ruleset,
 * reporting any error; returns the exit code (VIGIE_EXIT_OK with *out set,
 * VIGIE_EXIT_RULES or VIGIE_EXIT_INTERNAL).
 */
int cli_load_rules(struct vigie_ruleset **out, const char *const *packs,
		   size_t n);
/* A whole decimal number in [lo, hi] into *out; false for anything else. */
bool cli_parse_long(const char *s, long lo, long hi, long *out);
/*
 * Write data to path atomically (a device or a pipe directly), or to stdout
 * when path is NULL or "-"; -1 with the error printed (exit 3).
 */
int cli_write_output(const char *path, const char *data, size_t len);
/*
 * Before any work: can path be written, as far as can be told (its
 * directory exists, it is no directory)?  -1 with the error printed.
 */
int cli_check_output(const char *path);
/*
 * Before any work: can the CA certificates of --ca-file, --ca-path (may be
 * NULL) or the environment be read?  0, or the exit code with the error
 * printed: VIGIE_EXIT_USAGE, or VIGIE_EXIT_INTERNAL when libgit2 (which
 * reads git's settings) will not load.
 */
int cli_check_ca(const char *file, const char *path);

#endif
