/* SPDX-License-Identifier: EUPL-1.2 */
/* The option parser every command uses: its table, getopt_long, --help. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/buf.h"
#include "vigie/i18n.h"
#include "cmd.h"
#include "opt.h"
#include "../util/banned.h"

/* Options of one command, at most, groups included. */
#define MAX_ENTRIES 64

/* One option of a command, its shared entries and groups resolved. */
struct entry {
	const struct cli_opt_spec *spec;
	const char *value;
	const char *help;
	size_t offset; /* from the start of the command's struct */
};

/* Did a CLI_OPT_SHARED of table place the option s? */
static bool placed(const struct cli_opt_spec *table, const struct cli_opt_spec *s)
{
	for (; table->kind != CLI_OPT_END; table++)
		if (table->kind == CLI_OPT_SHARED && table->ref == s)
			return true;
	return false;
}

static size_t add(struct entry *v, size_t n, const struct cli_opt_spec *spec,
		  const char *value, const char *help, size_t offset)
{
	if (n == MAX_ENTRIES)
		abort(); /* a table too long: a programming error */
	v[n].spec = spec;
	v[n].value = value;
	v[n].help = help;
	v[n].offset = offset;
	return n + 1;
}

/*
 * The options of table, its slots at base: shared entries placed, groups
 * opened, minus what outer (the table naming this one as a group) placed.
 */
static size_t resolve(struct entry *v, size_t n, const struct cli_opt_spec *table,
		      size_t base, const struct cli_opt_spec *outer)
{
	const struct cli_opt_spec *t;

	for (t = table; t->kind != CLI_OPT_END; t++) {
		if (t->kind == CLI_OPT_GROUP) {
			n = resolve(v, n, t->ref, base + t->offset, table);
		} else if (t->kind == CLI_OPT_SHARED) {
			if (!outer || !placed(outer, t->ref))
				n = add(v, n, t->ref,
					t->value ? t->value : t->ref->value,
					t->help ? t->help : t->ref->help,
					base + t->offset + t->ref->offset);
		} else if (!outer || !placed(outer, t)) {
			n = add(v, n, t, t->value, t->help, base + t->offset);
		}
	}
	return n;
}

static bool takes_value(const struct cli_opt_spec *s)
{
	return s->kind == CLI_OPT_VALUE || s->kind == CLI_OPT_LIST;
}

/* Columns of a UTF-8 string: its bytes that start a character. */
static size_t columns(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

void cli_opt_usage(const struct cli_cmd_spec *cmd, FILE *f)
{
	struct entry v[MAX_ENTRIES];
	struct vigie_buf line = VIGIE_BUF_INIT;
	size_t i, n = resolve(v, 0, cmd->opts, 0, NULL), w;
	const char *p;

	fputs(cli_text(cmd->usage), f);
	for (i = 0; i < n && !cmd->unlisted; i++) {
		const struct cli_opt_spec *s = v[i].spec;

		if (s->kind == CLI_OPT_TITLE) {
			fprintf(f, "%s\n", cli_text(v[i].help));
			continue;
		}
		if (!v[i].help)
			continue; /* accepted, not listed */
		vigie_buf_clear(&line);
		if (s->alias)
			vigie_buf_printf(&line, "  -%c, --%s", s->alias, s->name);
		else
			vigie_buf_printf(&line, "      --%s", s->name);
		if (v[i].value)
			vigie_buf_printf(&line, " %s", cli_text(v[i].value));
		w = line.ptr ? columns(line.ptr) : 0;
		vigie_buf_printf(&line, "%*s", w < (size_t)cmd->column
					       ? cmd->column - (int)w : 2, "");
		/* Each further line of the help starts at the column. */
		for (p = cli_text(v[i].help); *p; p++) {
			vigie_buf_putc(&line, *p);
			if (*p == '\n')
				vigie_buf_printf(&line, "%*s", cmd->column, "");
		}
		fprintf(f, "%s\n", line.ptr ? line.ptr : "");
	}
	vigie_buf_release(&line);
}

/* The entry of short option c, or -1. */
static int by_alias(const struct entry *v, size_t n, int c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].spec->alias && v[i].spec->alias == c)
			return (int)i;
	return -1;
}

int cli_opt_parse(const struct cli_cmd_spec *cmd, void *o, int argc,
		  char **argv, int *first)
{
	struct entry v[MAX_ENTRIES];
	struct option longs[MAX_ENTRIES + 1];
	char shorts[2 * MAX_ENTRIES + 2];
	size_t i, n = resolve(v, 0, cmd->opts, 0, NULL), nl = 0, ns = 0;
	int c, k;

	if (cmd->in_order)
		shorts[ns++] = '+';
	shorts[ns++] = ':';
	for (i = 0; i < n; i++) {
		const struct cli_opt_spec *s = v[i].spec;

		if (s->kind == CLI_OPT_TITLE)
			continue;
		longs[nl].name = s->name;
		longs[nl].has_arg = takes_value(s) ? required_argument : no_argument;
		longs[nl].flag = NULL;
		longs[nl].val = 256 + (int)i;
		nl++;
		if (s->alias) {
			shorts[ns++] = s->alias;
			if (takes_value(s))
				shorts[ns++] = ':';
		}
	}
	memset(&longs[nl], 0, sizeof(longs[nl]));
	shorts[ns] = '\0';

	/* 0, not 1: glibc starts afresh, forgetting a previous table's
	 * ordering (vigie's own options stop at the command's name). */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		const struct cli_opt_spec *s;
		void *slot;

		if (c == ':') {
			cli_error(N_("option '%s' needs a value"), argv[optind - 1]);
			return -1;
		}
		k = c >= 256 ? c - 256 : c == '?' ? -1 : by_alias(v, n, c);
		if (k < 0 && !cmd->name) {
			cli_error(N_("unknown option '%s' (see 'vigie --help')"),
				  argv[optind - 1]);
			return -1;
		}
		if (k < 0) {
			cli_error(N_("unknown option '%s' (see 'vigie %s --help')"),
				  argv[optind - 1], cmd->name);
			return -1;
		}
		s = v[k].spec;
		slot = (char *)o + v[k].offset;
		switch (s->kind) {
		case CLI_OPT_HELP:
			cli_opt_usage(cmd, stdout);
			return 1;
		case CLI_OPT_FLAG:
			if (s->set ? s->set(s, slot, NULL) < 0 : (*(bool *)slot = true, 0))
				return -1;
			break;
		case CLI_OPT_LIST: {
			struct cli_list *l = slot;
			if (l->n == CLI_LIST_MAX) {
				cli_error(N_("too many values for one option (at most %d)"),
					  CLI_LIST_MAX);
				return -1;
			}
			l->v[l->n++] = optarg;
			break;
		}
		default:
			if (s->set ? s->set(s, slot, optarg) < 0
				   : (*(const char **)slot = optarg, 0))
				return -1;
			break;
		}
		if (cmd->seen)
			cmd->seen(o, s, optarg);
	}
	*first = optind;
	return 0;
}

int cli_opt_long(const struct cli_opt_spec *spec, void *slot, const char *arg)
{
	if (!cli_parse_long(arg, spec->min, spec->max, slot)) {
		cli_error_text(spec->error);
		return -1;
	}
	return 0;
}

int cli_opt_lang(const struct cli_opt_spec *spec, void *slot, const char *arg)
{
	(void)spec;
	return cli_take_lang(slot, arg);
}

int cli_opt_when(const struct cli_opt_spec *spec, void *slot, const char *arg)
{
	char opt[64];

	snprintf(opt, sizeof(opt), "--%s", spec->name);
	return cli_take_when(slot, opt, arg);
}

int cli_opt_text_or_json(const struct cli_opt_spec *spec, void *slot,
			 const char *arg)
{
	(void)spec;
	if (strcmp(arg, "text") && strcmp(arg, "json")) {
		cli_error(N_("unknown format '%s' (text or json)"), arg);
		return -1;
	}
	*(const char **)slot = arg;
	return 0;
}

int cli_opt_as_of(const struct cli_opt_spec *spec, void *slot, const char *arg)
{
	(void)spec;
	return cli_take_as_of(slot, arg);
}

int cli_opt_size(const struct cli_opt_spec *spec, void *slot, const char *arg)
{
	(void)spec;
	return cli_take_size(slot, arg);
}

int cli_opt_url(const struct cli_opt_spec *spec, void *slot, const char *arg)
{
	(void)spec;
	if (strncmp(arg, "https://", 8) && strncmp(arg, "http://", 7)) {
		cli_error(N_("--api-url takes an http or https URL"));
		return -1;
	}
	*(const char **)slot = arg;
	return 0;
}
