/* SPDX-License-Identifier: EUPL-1.2 */
/* The exit codes of the vigie command, documented in vigie(1). */
#ifndef VIGIE_CLI_EXIT_H
#define VIGIE_CLI_EXIT_H

enum vigie_exit {
	VIGIE_EXIT_OK = 0,       /* success */
	VIGIE_EXIT_GATE = 1,     /* a gate failed (--fail-under, --require) */
	VIGIE_EXIT_USAGE = 2,    /* bad command line */
	VIGIE_EXIT_TARGET = 3,   /* target unreadable: open, clone, fetch, rev */
	VIGIE_EXIT_RULES = 4,    /* rule pack invalid */
	VIGIE_EXIT_FORGE = 5,    /* forge API unusable when required */
	VIGIE_EXIT_INTERNAL = 70, /* internal error */
	VIGIE_EXIT_NOMEM = 70    /* out of memory: an internal error too */
};

#endif
