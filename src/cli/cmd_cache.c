/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie cache: list the cached clones, and remove those no longer wanted. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigie/date.h"
#include "vigie/common.h"
#include "vigie/error.h"
#include "vigie/buf.h"
#include "vigie/i18n.h"
#include "vigie/source.h"
#include "vigie/report.h"
#include "cmd.h"
#include "opt.h"
#include "../util/banned.h"

static const char usage_text[] = N_(
	"usage: vigie cache list [options]\n"
	"       vigie cache gc [--older-than DAYS] [--max-size SIZE] [options]\n"
	"\n"
	"list prints each cached clone: its place in the cache, its URL, its\n"
	"size and when it was last fetched.  gc removes the clones fetched more\n"
	"than DAYS ago, then the least recently fetched while the cache is\n"
	"larger than SIZE (4G, 500M...), and the temporary clones killed\n"
	"processes left; a clone another vigie is using is kept.\n"
	"\n"
	"options:\n");

struct cache_cli {
	const char *verb;
	const char *cache_dir;
	const char *format; /* text or json; NULL: text */
	long older_days;     /* -1: not given */
	long long max_bytes; /* 0: not given */
};

/* "4G", "500M", "800000000": bytes. */
static bool parse_size(const char *arg, long long *out)
{
	static const char units[] = "KMGT";
	long long v, scale = 1;
	const char *u;
	char *end;

	v = *arg >= '0' && *arg <= '9' ? strtoll(arg, &end, 10) : -1;
	if (v > 0 && *end && (u = strchr(units, *end)) && *u) {
		scale <<= 10 * (u - units + 1);
		end++;
		if (!strcmp(end, "iB"))
			end += 2;
	}
	if (v <= 0 || *end || v > (1LL << 60) / scale)
		return false;
	*out = v * scale;
	return true;
}

static int take_max_size(const struct cli_opt_spec *spec, void *slot,
			 const char *arg)
{
	(void)spec;
	if (!parse_size(arg, slot)) {
		cli_error(N_("--max-size takes a size such as 10G, "
			  "500M or 800000000 (bytes)"));
		return -1;
	}
	return 0;
}

#define AT(field) offsetof(struct cache_cli, field)

/* In the order of --help. */
static const struct cli_opt_spec options[] = {
	CLI_VALUE("cache-dir", 0, N_("DIR"),
		  N_("vigie's cache (default $XDG_CACHE_HOME/vigie)"),
		  AT(cache_dir), NULL),
	CLI_VALUE("format", 'f', "FORMAT", N_("text (default) or json"), AT(format),
		  cli_opt_text_or_json),
	CLI_LONG("older-than", N_("DAYS"),
		 N_("gc: remove clones not fetched for DAYS"), AT(older_days),
		 0, 36500, N_("--older-than takes a number of days (0 to 36500)")),
	CLI_VALUE("max-size", 0, N_("SIZE"),
		  N_("gc: keep the clones under SIZE in all"), AT(max_bytes),
		  take_max_size),
	CLI_HELP(N_("show this help")),
	CLI_END,
};

static const struct cli_cmd_spec command = {
	"cache", usage_text, options, 25, NULL,
};

static int parse_args(struct cache_cli *o, int argc, char **argv)
{
	int rc, first;

	memset(o, 0, sizeof(*o));
	o->older_days = -1;
	rc = cli_opt_parse(&command, o, argc, argv, &first);
	if (rc)
		return rc;
	if (first >= argc) {
		cli_error(N_("missing command: list or gc (see 'vigie cache "
			  "--help')"));
		return -1;
	}
	o->verb = argv[first++];
	if (strcmp(o->verb, "list") && strcmp(o->verb, "gc")) {
		cli_error(N_("unknown cache command '%s' (list, gc)"), o->verb);
		return -1;
	}
	if (first < argc) {
		cli_error(N_("unexpected argument '%s'"), argv[first]);
		return -1;
	}
	if (!strcmp(o->verb, "list") && (o->older_days >= 0 || o->max_bytes)) {
		cli_error(N_("--older-than and --max-size are options of "
			  "'vigie cache gc'"));
		return -1;
	}
	return 0;
}

/* "1.5 MiB": what a person reads; JSON has the bytes. */
static void human_size(char *out, size_t n, long long bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes;
	size_t i = 0;

	while (v >= 1024 && i + 1 < VIGIE_ARRAY_SIZE(units)) {
		v /= 1024;
		i++;
	}
	if (i == 0)
		snprintf(out, n, "%lld B", bytes);
	else
		snprintf(out, n, "%.1f %s", v, units[i]);
}

/* In UTC, for people (2026-01-02 03:04 UTC) or for JSON (ISO 8601). */
static void utc(char out[VIGIE_DATE_MAX], int64_t t, bool iso)
{
	if (t <= 0 ||
	    !vigie_date_format(out, t, iso ? VIGIE_DATE_ISO : VIGIE_DATE_MINUTE))
		snprintf(out, VIGIE_DATE_MAX, "-");
}

/* A name or URL from the cache, control characters escaped. */
static void put_escaped(const char *s)
{
	struct vigie_buf b = VIGIE_BUF_INIT;

	if (s && vigie_escape_text(&b, s, strlen(s)) == 0 && b.ptr)
		fputs(b.ptr, stdout);
	else
		fputs(s ? s : "-", stdout);
	vigie_buf_release(&b);
}

static void print_text(const struct vigie_cache_list *l, bool gc)
{
	char size[32], when[VIGIE_DATE_MAX];
	size_t i, removed = 0;
	long long freed = 0;

	for (i = 0; i < l->n; i++) {
		const struct vigie_cache_entry *e = &l->v[i];
		if (gc && !e->removed)
			continue;
		human_size(size, sizeof(size), e->bytes);
		utc(when, e->fetched, false);
		if (gc)
			fputs(cli_text(N_("removed ")), stdout);
		put_escaped(e->name);
		putchar('\t');
		put_escaped(e->url ? e->url : "-");
		printf("\t%s\t%s", size, when);
		if (e->busy && !gc)
			fputs(cli_text(N_("\tin use")), stdout);
		putchar('\n');
		if (e->removed) {
			removed++;
			freed += e->bytes;
		}
	}
	if (gc) {
		human_size(size, sizeof(size), freed);
		cli_printf(N_("removed: %zu (%s), temporary clones removed: "
			      "%zu, kept: %zu\n"),
			   removed, size, (size_t)l->swept, l->n - removed);
		if (l->commits_swept)
			cli_printf(N_("files kept for later audits removed: %zu\n"),
				   (size_t)l->commits_swept);
	} else {
		human_size(size, sizeof(size), l->bytes);
		cli_printf(N_("clones: %zu, %s in %s\n"), l->n, size, l->root);
	}
}

static void print_json(const struct vigie_cache_list *l, bool gc)
{
	json_t *doc, *arr = json_array();
	char when[VIGIE_DATE_MAX];
	size_t i;
	char *s;

	for (i = 0; i < l->n; i++) {
		const struct vigie_cache_entry *e = &l->v[i];
		json_t *o = json_pack("{s:s, s:s, s:I, s:b}", "name", e->name,
				      "path", e->path, "bytes",
				      (json_int_t)e->bytes, "busy", e->busy);
		if (!o)
			continue;
		json_object_set_new(o, "url", e->url ? json_string(e->url)
						    : json_null());
		utc(when, e->fetched, true);
		json_object_set_new(o, "fetched", e->fetched > 0 ? json_string(when)
								 : json_null());
		if (gc)
			json_object_set_new(o, "removed", json_boolean(e->removed));
		json_array_append_new(arr, o);
	}
	doc = json_pack("{s:s, s:s, s:I, s:o}", "schema", "vigie.cache/1",
			"root", l->root, "bytes", (json_int_t)l->bytes,
			"clones", arr);
	if (doc && gc) {
		json_object_set_new(doc, "temporary_removed",
				    json_integer(l->swept));
		json_object_set_new(doc, "commits_removed",
				    json_integer(l->commits_swept));
	}
	s = doc ? json_dumps(doc, JSON_INDENT(2)) : NULL;
	if (s)
		printf("%s\n", s);
	free(s);
	json_decref(doc);
}

int cmd_cache(int argc, char **argv)
{
	struct vigie_source_opts so = VIGIE_SOURCE_OPTIONS_INIT;
	struct vigie_cache_list l;
	struct vigie_error err;
	struct cache_cli o;
	bool gc;
	int rc;

	rc = parse_args(&o, argc, argv);
	if (rc)
		return rc > 0 ? VIGIE_EXIT_OK : VIGIE_EXIT_USAGE;
	so.cache_dir = o.cache_dir;
	vigie_error_clear(&err);
	gc = !strcmp(o.verb, "gc");
	if (gc)
		rc = vigie_source_cache_gc(&l, &so,
					   o.older_days >= 0
						   ? (int64_t)time(NULL) -
							     (int64_t)o.older_days * 86400
						   : 0,
					   o.max_bytes, &err);
	else
		rc = vigie_source_cache_list(&l, &so, &err);
	if (rc < 0) {
		cli_report_error(&err);
		return VIGIE_EXIT_INTERNAL;
	}
	if (o.format && !strcmp(o.format, "json"))
		print_json(&l, gc);
	else
		print_text(&l, gc);
	vigie_source_cache_list_release(&l);
	return VIGIE_EXIT_OK;
}
