/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie license: the SPDX id and confidence of each file named. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/common.h"
#include "vigie/error.h"
#include "vigie/buf.h"
#include "vigie/json.h"
#include "vigie/i18n.h"
#include "vigie/report.h"
#include "vigie/license.h"
#include "cmd.h"
#include "opt.h"
#include "../util/banned.h"

#define READ_CAP (1024 * 1024)

/* Not translated: the command is used in scripts (and tests) as is. */
static const char usage_text[] =
	"usage: vigie license [--format text|json] FILE...\n"
	"\n"
	"Print one line per file: PATH, the SPDX id (or an expression joining\n"
	"several ids with AND/OR, or NONE) and the confidence, tab-separated.\n"
	"\n";

static const struct cli_opt_spec options[] = {
	CLI_VALUE("format", 'f', "FMT",
		  "text (default) or json (every match and method)", 0,
		  cli_opt_text_or_json),
	CLI_HELP("this help"),
	CLI_END,
};

static const struct cli_cmd_spec command = {
	"license", usage_text, options, 20, NULL, false,
};

/* -1 for a file that cannot be read (said), -2 out of memory (said). */
static int read_file(struct vigie_buf *b, const char *path)
{
	int rc = vigie_buf_read_file(b, path, 0);

	if (rc == VIGIE_ENOTFOUND)
		cli_error(N_("cannot open '%s': %s"), path, strerror(errno));
	else if (rc == VIGIE_EINVALID)
		cli_error(N_("cannot read '%s': not a regular file"), path);
	else if (rc == VIGIE_ELIMIT)
		cli_error(N_("cannot read '%s': larger than %d bytes"), path,
			  READ_CAP);
	else if (rc == VIGIE_ENOMEM)
		cli_error(N_("out of memory"));
	else if (rc < 0)
		cli_error(N_("cannot read '%s': %s"), path, strerror(errno));
	return rc == VIGIE_ENOMEM ? -2 : rc < 0 ? -1 : 0;
}

static int print_text(const char *path, const struct vigie_license_result *r)
{
	struct vigie_buf b = VIGIE_BUF_INIT;

	if (vigie_escape_text(&b, path, strlen(path)) < 0 || !b.ptr) {
		vigie_buf_release(&b);
		return -1;
	}
	printf("%s\t%s\t%.2f\n", b.ptr, r->expression, r->confidence);
	vigie_buf_release(&b);
	return 0;
}

/* The JSON of one file; NULL when out of memory (no key left out). */
static json_t *to_json(const char *path, const struct vigie_license_result *r)
{
	json_t *o = json_object(), *m = json_array();
	int bad = !o || !m;
	size_t i;

	bad |= json_object_set_new(o, "path", vigie_json_str(path)) < 0;
	bad |= json_object_set_new(o, "spdx", json_string(r->expression)) < 0;
	bad |= json_object_set_new(o, "confidence",
				   json_real((double)(long)(r->confidence * 1000 + 0.5) /
					     1000)) < 0;
	bad |= json_object_set_new(o, "method", json_string(r->count ?
				    vigie_license_method_name(r->method) : "none")) < 0;
	for (i = 0; i < r->count && !bad; i++) {
		json_t *one = json_pack(
			"{s:s, s:f, s:s}", "spdx", r->matches[i].id,
			"confidence",
			(double)(long)(r->matches[i].confidence * 1000 + 0.5) / 1000,
			"method",
			vigie_license_method_name(r->matches[i].method));
		/* a license the text gives only a part of the work */
		if (one && r->matches[i].scope)
			bad |= json_object_set_new(one, "scope",
						   json_string(r->matches[i].scope)) < 0;
		bad |= json_array_append_new(m, one) < 0;
	}
	bad |= json_object_set_new(o, "matches", json_incref(m)) < 0;
	json_decref(m);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int cmd_license(int argc, char **argv)
{
	const char *format = "text";
	json_t *files = NULL;
	int first, i, rc, status = VIGIE_EXIT_OK;
	struct vigie_error err;

	rc = cli_opt_parse(&command, &format, argc, argv, &first);
	if (rc)
		return rc > 0 ? VIGIE_EXIT_OK : VIGIE_EXIT_USAGE;
	if (first >= argc) {
		cli_opt_usage(&command, stderr);
		return VIGIE_EXIT_USAGE;
	}
	vigie_error_clear(&err);
	if (vigie_license_db_load(&err) < 0) {
		cli_report_error(&err);
		return VIGIE_EXIT_INTERNAL;
	}
	if (!strcmp(format, "json"))
		files = json_array();
	for (i = first; i < argc; i++) {
		struct vigie_buf b;
		struct vigie_license_result r;

		vigie_buf_init(&b, READ_CAP);
		rc = read_file(&b, argv[i]);
		if (rc < 0) {
			vigie_buf_release(&b);
			status = rc == -2 ? VIGIE_EXIT_INTERNAL : VIGIE_EXIT_TARGET;
			continue;
		}
		if (vigie_license_identify(&r, b.ptr ? b.ptr : "", b.len,
					   vigie_license_opts_for_path(argv[i]),
					   &err) < 0) {
			cli_report_error(&err);
			vigie_buf_release(&b);
			status = VIGIE_EXIT_INTERNAL;
			continue;
		}
		if (files ? json_array_append_new(files, to_json(argv[i], &r)) < 0
			  : print_text(argv[i], &r) < 0) {
			cli_error(N_("out of memory"));
			status = VIGIE_EXIT_INTERNAL;
		}
		vigie_license_result_release(&r);
		vigie_buf_release(&b);
	}
	if (files) {
		json_t *doc = json_pack("{s:s, s:s, s:o}", "schema",
					"vigie.license/1", "license_list",
					vigie_license_db_version(), "files",
					files);
		char *s = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
		if (s)
			printf("%s\n", s);
		else {
			cli_error(N_("out of memory"));
			status = VIGIE_EXIT_INTERNAL;
		}
		free(s);
		json_decref(doc);
	}
	return status;
}
