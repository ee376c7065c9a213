/* SPDX-License-Identifier: EUPL-1.2 */
/* The metadata collector: publiccode.yml, codemeta.json, FUNDING.yml, CFF. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vigie/buf.h"
#include "vigie/facts.h"
#include "vigie/sys/collect.h"
#include "vigie/i18n.h"
#include "json.h"
#include "text.h"
#include "yaml_api.h" /* <yaml.h>, opened when first needed */
#include "banned.h"

#define METADATA_CAP (256 * 1024)
#define ERRORS_MAX 50

/* ---- YAML documents ---------------------------------------------------- */

struct ydoc {
	yaml_document_t doc;
	bool loaded;
};

/* Deeper flow collections than this are refused before parsing. */
#define FLOW_DEPTH_MAX 64

/*
 * The deepest nesting of flow collections ([ and {) in text, quotes and
 * comments skipped.  libyaml takes time quadratic in that depth (100,000
 * levels: half a minute), so a hostile file is refused up front.
 */
static int flow_depth(const char *p, size_t len)
{
	const char *end = p + len;
	int depth = 0, max = 0;
	char quote = 0;

	for (; p < end; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			else if (*p == '\\' && quote == '"' && p + 1 < end)
				p++;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '#') {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			p = nl ? nl : end - 1;
		} else if (*p == '[' || *p == '{') {
			if (++depth > max)
				max = depth;
		} else if ((*p == ']' || *p == '}') && depth > 0) {
			depth--;
		}
	}
	return max;
}

/*
 * Parse the first document of text.  On a syntax error, err gets a one-line
 * message and *line the line it is on (1-based).
 */
static int ydoc_load(struct ydoc *d, const char *text, size_t len,
		     char *err, size_t errlen, int *line)
{
	yaml_parser_t parser;
	int rc = 0;

	memset(d, 0, sizeof(*d));
	if (flow_depth(text, len) > FLOW_DEPTH_MAX) {
		snprintf(err, errlen, N_("nested more than %d levels deep"),
			 FLOW_DEPTH_MAX);
		*line = 1;
		return -1;
	}
	if (vigie_lib_load(VIGIE_LIB_YAML, NULL) < 0) {
		snprintf(err, errlen, N_("cannot load %s: %s"),
			 vigie_lib_soname(VIGIE_LIB_YAML),
			 vigie_lib_failure(VIGIE_LIB_YAML));
		*line = 0;
		return -1;
	}
	if (!yaml_parser_initialize(&parser)) {
		snprintf(err, errlen, "out of memory");
		*line = 0;
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &d->doc)) {
		snprintf(err, errlen, N_("invalid YAML: %s"),
			 parser.problem ? parser.problem : "syntax error");
		*line = (int)parser.problem_mark.line + 1;
		rc = -1;
	} else {
		d->loaded = true;
	}
	yaml_parser_delete(&parser);
	return rc;
}

static void ydoc_release(struct ydoc *d)
{
	if (d->loaded)
		yaml_document_delete(&d->doc);
	d->loaded = false;
}

static yaml_node_t *ynode(struct ydoc *d, int i)
{
	return yaml_document_get_node(&d->doc, i);
}

static int yline(const yaml_node_t *n)
{
	return n ? (int)n->start_mark.line + 1 : 0;
}

/* The value of key in a mapping node, or NULL. */
static yaml_node_t *ymap_get(struct ydoc *d, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *p;

	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = ynode(d, p->key);
		if (k && k->type == YAML_SCALAR_NODE &&
		    k->data.scalar.length == strlen(key) &&
		    !memcmp(k->data.scalar.value, key, k->data.scalar.length))
			return ynode(d, p->value);
	}
	return NULL;
}

static bool yscalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE;
}

static const char *ystr(const yaml_node_t *n)
{
	return yscalar(n) ? (const char *)n->data.scalar.value : NULL;
}

/* A plain (unquoted) scalar that YAML reads as a boolean or null. */
static bool yplain_is(const yaml_node_t *n, const char *const *words)
{
	size_t i;

	if (!yscalar(n) || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	for (i = 0; words[i]; i++)
		if (!strcmp(ystr(n), words[i]))
			return true;
	return false;
}

static const char *const bool_words[] = {
	"true", "false", "True", "False", "TRUE", "FALSE", NULL,
};
static const char *const null_words[] = { "", "~", "null", "Null", "NULL", NULL };

/* Number of characters (code points) of UTF-8 text. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* ---- a small schema, as tables ------------------------------------------ */

enum ftype {
	F_STRING,   /* a non-empty scalar */
	F_URL,      /* a scalar starting with a URL scheme */
	F_DATE,     /* YYYY-MM-DD */
	F_BOOL,     /* true or false, unquoted */
	F_ENUM,     /* one of values */
	F_STRINGS,  /* a non-empty sequence of scalars */
	F_MAP,      /* a mapping checked against children */
	F_LANGMAP,  /* a non-empty mapping of language -> children */
	F_MAPS,     /* a non-empty sequence of mappings (children) */
	F_STRING_OR_STRINGS,
	F_TYPE_COUNT
};

/* What a value of each type must be; whole sentences, to translate. */
static const char *const must_be[F_TYPE_COUNT] = {
	N_("must be a string"), N_("must be a URL (scheme://...)"),
	N_("must be a date (YYYY-MM-DD)"), N_("must be true or false"),
	N_("must be a string"), N_("must be a list of strings"),
	N_("must be a mapping"), N_("must be a mapping of languages"),
	N_("must be a list of mappings"),
	N_("must be a string or a list of strings"),
};

struct field {
	const char *key;
	enum ftype type;
	bool required;
	const char *const *values; /* F_ENUM */
	size_t min_chars, max_chars; /* F_STRING: 0 means no bound */
	const struct field *children; /* F_MAP, F_LANGMAP, F_MAPS; ends NULL key */
};

static const char *const development_statuses[] = {
	"concept", "development", "beta", "stable", "obsolete", NULL,
};
static const char *const software_types[] = {
	"standalone/mobile", "standalone/iot", "standalone/desktop",
	"standalone/web", "standalone/backend", "standalone/other", "addon",
	"library", "configurationFiles", NULL,
};
static const char *const maintenance_types[] = {
	"internal", "contract", "community", "none", NULL,
};

static const struct field pc_description[] = {
	{ "shortDescription", F_STRING, true, NULL, 1, 150, NULL },
	{ "longDescription", F_STRING, true, NULL, 150, 10000, NULL },
	{ "features", F_STRINGS, true, NULL, 0, 0, NULL },
	{ "localisedName", F_STRING, false, NULL, 0, 0, NULL },
	{ "documentation", F_URL, false, NULL, 0, 0, NULL },
	{ "apiDocumentation", F_URL, false, NULL, 0, 0, NULL },
	{ "screenshots", F_STRINGS, false, NULL, 0, 0, NULL },
	{ "videos", F_STRINGS, false, NULL, 0, 0, NULL },
	{ "awards", F_STRINGS, false, NULL, 0, 0, NULL },
	{ NULL, F_STRING, false, NULL, 0, 0, NULL },
};
static const struct field pc_legal[] = {
	{ "license", F_STRING, true, NULL, 0, 0, NULL },
	{ "mainCopyrightOwner", F_STRING, false, NULL, 0, 0, NULL },
	{ "repoOwner", F_STRING, false, NULL, 0, 0, NULL },
	{ "authorsFile", F_STRING, false, NULL, 0, 0, NULL },
	{ NULL, F_STRING, false, NULL, 0, 0, NULL },
};
static const struct field pc_contact[] = {
	{ "name", F_STRING, true, NULL, 0, 0, NULL },
	{ "email", F_STRING, false, NULL, 0, 0, NULL },
	{ "phone", F_STRING, false, NULL, 0, 0, NULL },
	{ "affiliation", F_STRING, false, NULL, 0, 0, NULL },
	{ NULL, F_STRING, false, NULL, 0, 0, NULL },
};
static const struct field pc_contractor[] = {
	{ "name", F_STRING, true, NULL, 0, 0, NULL },
	{ "until", F_DATE, true, NULL, 0, 0, NULL },
	{ "email", F_STRING, false, NULL, 0, 0, NULL },
	{ "website", F_URL, false, NULL, 0, 0, NULL },
	{ NULL, F_STRING, false, NULL, 0, 0, NULL },
};
static const struct field pc_maintenance[] = {
	{ "type", F_ENUM, true, maintenance_types, 0, 0, NULL },
	{ "contacts", F_MAPS, false, NULL, 0, 0, pc_contact },
	{ "contractors", F_MAPS, false, NULL, 0, 0, pc_contractor },
	{ NULL, F_STRING, false, NULL, 0, 0, NULL },
};
static const struct field pc_localisation[] = {
	{ "localisationReady", F_BOOL, true, NULL, 0, 0, NULL },
	{ "availableLanguages", F_STRINGS, true, NULL, 0, 0, NULL },
	{ NULL, F_STRING, false, NULL, 0, 0, NULL },
};
static const struct field pc_funder[] = {
	{ "name", F_STRING, true, NULL, 0, 0, NULL },
	{ "url", F_URL, false, NULL, 0, 0, NULL },
	{ NULL, F_STRING, false, NULL, 0, 0, NULL },
};

/* publiccode.yml's keys: the required ones, then the optional ones we type. */
static const struct field publiccode_schema[] = {
	{ "publiccodeYmlVersion", F_STRING, true, NULL, 0, 0, NULL },
	{ "name", F_STRING, true, NULL, 0, 0, NULL },
	{ "url", F_URL, true, NULL, 0, 0, NULL },
	{ "platforms", F_STRINGS, true, NULL, 0, 0, NULL },
	{ "developmentStatus", F_ENUM, true, development_statuses, 0, 0, NULL },
	{ "softwareType", F_ENUM, true, software_types, 0, 0, NULL },
	{ "description", F_LANGMAP, true, NULL, 0, 0, pc_description },
	{ "legal", F_MAP, true, NULL, 0, 0, pc_legal },
	{ "maintenance", F_MAP, true, NULL, 0, 0, pc_maintenance },
	{ "localisation", F_MAP, true, NULL, 0, 0, pc_localisation },
	{ "applicationSuite", F_STRING, false, NULL, 0, 0, NULL },
	{ "landingURL", F_URL, false, NULL, 0, 0, NULL },
	{ "isBasedOn", F_STRING_OR_STRINGS, false, NULL, 0, 0, NULL },
	{ "softwareVersion", F_STRING, false, NULL, 0, 0, NULL },
	{ "releaseDate", F_DATE, false, NULL, 0, 0, NULL },
	{ "logo", F_STRING, false, NULL, 0, 0, NULL },
	{ "roadmap", F_URL, false, NULL, 0, 0, NULL },
	{ "categories", F_STRINGS, false, NULL, 0, 0, NULL },
	{ "usedBy", F_STRINGS, false, NULL, 0, 0, NULL },
	{ "fundedBy", F_MAPS, false, NULL, 0, 0, pc_funder },
	{ "inputTypes", F_STRINGS, false, NULL, 0, 0, NULL },
	{ "outputTypes", F_STRINGS, false, NULL, 0, 0, NULL },
	{ NULL, F_STRING, false, NULL, 0, 0, NULL },
};

static const struct field cff_author[] = {
	{ NULL, F_STRING, false, NULL, 0, 0, NULL },
};

/* CITATION.cff's required keys and the common optional ones. */
static const struct field cff_schema[] = {
	{ "cff-version", F_STRING, true, NULL, 0, 0, NULL },
	{ "message", F_STRING, true, NULL, 0, 0, NULL },
	{ "title", F_STRING, true, NULL, 0, 0, NULL },
	{ "authors", F_MAPS, true, NULL, 0, 0, cff_author },
	{ "version", F_STRING, false, NULL, 0, 0, NULL },
	{ "date-released", F_DATE, false, NULL, 0, 0, NULL },
	{ "doi", F_STRING, false, NULL, 0, 0, NULL },
	{ "license", F_STRING_OR_STRINGS, false, NULL, 0, 0, NULL },
	{ "repository-code", F_URL, false, NULL, 0, 0, NULL },
	{ "url", F_URL, false, NULL, 0, 0, NULL },
	{ NULL, F_STRING, false, NULL, 0, 0, NULL },
};

/* ---- validation ---------------------------------------------------------- */

struct val {
	struct ydoc *d;
	json_t *errors;
};

static void problem(struct val *v, const char *path, int line,
		    const char *fmt, ...) VIGIE_PRINTF(4, 5);

static void problem(struct val *v, const char *path, int line,
		    const char *fmt, ...)
{
	json_t *e;
	va_list ap;
	int rc;

	if (json_array_size(v->errors) >= ERRORS_MAX)
		return;
	e = json_pack("{s:o, s:i, s:s}", "key", vigie_json_str(path), "line",
		      line, "message", "");
	if (!e) {
		vigie_nomem_mark();
		return;
	}
	/* the message also as data, for the reports' languages */
	va_start(ap, fmt);
	rc = vigie_msg_json_vset(e, "message", fmt, ap);
	va_end(ap);
	if (rc < 0)
		json_decref(e);
	else if (json_array_append_new(v->errors, e) < 0)
		vigie_nomem_mark();
}

static bool is_url(const char *s)
{
	const char *p = s;

	if (!isalpha((unsigned char)*p))
		return false;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return p[0] == ':' && p[1] == '/' && p[2] == '/' && p[3];
}

static bool is_date(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	int month, day;
	size_t i;

	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != '-')
			return false;
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static void check_fields(struct val *v, yaml_node_t *map, const char *base,
			 const struct field *fields);

/* A key path, cut short rather than overflowing (paths are bounded). */
static void pathf(char *out, size_t n, const char *fmt, ...) VIGIE_PRINTF(3, 4);

static void pathf(char *out, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out, n, fmt, ap);
	va_end(ap);
}

static void join(char *out, size_t n, const char *base, const char *key)
{
	pathf(out, n, "%s%s%s", base, *base ? "." : "", key);
}

/* A scalar that is neither null nor a boolean, or NULL with the problem said. */
static const char *scalar(struct val *v, yaml_node_t *n, const char *path,
			  const struct field *f)
{
	const char *s = ystr(n);

	if (!s || yplain_is(n, null_words) || yplain_is(n, bool_words)) {
		problem(v, path, yline(n), "%s", must_be[f->type]);
		return NULL;
	}
	return s;
}

static bool nonempty_seq(const yaml_node_t *n)
{
	return n->type == YAML_SEQUENCE_NODE &&
	       n->data.sequence.items.top > n->data.sequence.items.start;
}

static void check_string(struct val *v, yaml_node_t *n, const char *path,
			 const struct field *f)
{
	const char *s = scalar(v, n, path, f);
	size_t chars;

	if (!s)
		return;
	chars = utf8_chars(s);
	if (!chars)
		problem(v, path, yline(n), N_("must not be empty"));
	else if (f->max_chars && chars > f->max_chars)
		problem(v, path, yline(n), N_("is %zu characters long, more than %zu"),
			chars, f->max_chars);
	else if (f->min_chars && chars < f->min_chars)
		problem(v, path, yline(n), N_("is %zu characters long, fewer than %zu"),
			chars, f->min_chars);
}

static void check_url(struct val *v, yaml_node_t *n, const char *path,
		      const struct field *f)
{
	const char *s = scalar(v, n, path, f);

	if (s && !is_url(s))
		problem(v, path, yline(n), "%s", must_be[F_URL]);
}

static void check_date(struct val *v, yaml_node_t *n, const char *path,
		       const struct field *f)
{
	const char *s = scalar(v, n, path, f);

	if (s && !is_date(s))
		problem(v, path, yline(n), "%s", must_be[F_DATE]);
}

static void check_bool(struct val *v, yaml_node_t *n, const char *path,
		       const struct field *f)
{
	if (!yplain_is(n, bool_words))
		problem(v, path, yline(n), "%s", must_be[f->type]);
}

static void check_enum(struct val *v, yaml_node_t *n, const char *path,
		       const struct field *f)
{
	const char *s = scalar(v, n, path, f);
	struct vigie_buf list = VIGIE_BUF_INIT;
	size_t i;

	if (!s)
		return;
	for (i = 0; f->values[i]; i++)
		if (!strcmp(f->values[i], s))
			return;
	for (i = 0; f->values[i]; i++)
		vigie_buf_printf(&list, "%s%s", i ? ", " : "", f->values[i]);
	problem(v, path, yline(n), N_("must be one of %s"), list.ptr);
	vigie_buf_release(&list);
}

static void check_strings(struct val *v, yaml_node_t *n, const char *path,
			  const struct field *f)
{
	char sub[256];
	size_t i;

	if (f->type == F_STRING_OR_STRINGS && ystr(n) && !yplain_is(n, null_words))
		return;
	if (!nonempty_seq(n)) {
		problem(v, path, yline(n), "%s", must_be[f->type]);
		return;
	}
	for (i = 0; n->data.sequence.items.start + i < n->data.sequence.items.top; i++) {
		yaml_node_t *item = ynode(v->d, n->data.sequence.items.start[i]);
		if (!yscalar(item) || yplain_is(item, null_words)) {
			pathf(sub, sizeof(sub), "%s[%zu]", path, i);
			problem(v, sub, yline(item), "%s", must_be[F_STRING]);
		}
	}
}

static void check_map(struct val *v, yaml_node_t *n, const char *path,
		      const struct field *f)
{
	if (n->type != YAML_MAPPING_NODE)
		problem(v, path, yline(n), "%s", must_be[F_MAP]);
	else
		check_fields(v, n, path, f->children);
}

static void check_langmap(struct val *v, yaml_node_t *n, const char *path,
			  const struct field *f)
{
	yaml_node_pair_t *p;
	char sub[256];

	if (n->type != YAML_MAPPING_NODE ||
	    n->data.mapping.pairs.top == n->data.mapping.pairs.start) {
		problem(v, path, yline(n), "%s", must_be[f->type]);
		return;
	}
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = ynode(v->d, p->key), *val = ynode(v->d, p->value);
		join(sub, sizeof(sub), path, ystr(k) ? ystr(k) : "?");
		if (!val || val->type != YAML_MAPPING_NODE)
			problem(v, sub, yline(val), "%s", must_be[F_MAP]);
		else
			check_fields(v, val, sub, f->children);
	}
}

static void check_maps(struct val *v, yaml_node_t *n, const char *path,
		       const struct field *f)
{
	char sub[256];
	size_t i;

	if (!nonempty_seq(n)) {
		problem(v, path, yline(n), "%s", must_be[f->type]);
		return;
	}
	for (i = 0; n->data.sequence.items.start + i < n->data.sequence.items.top; i++) {
		yaml_node_t *item = ynode(v->d, n->data.sequence.items.start[i]);
		pathf(sub, sizeof(sub), "%s[%zu]", path, i);
		if (!item || item->type != YAML_MAPPING_NODE)
			problem(v, sub, yline(item), "%s", must_be[F_MAP]);
		else
			check_fields(v, item, sub, f->children);
	}
}

typedef void (*checker_fn)(struct val *v, yaml_node_t *n, const char *path,
			   const struct field *f);

/* How each type of value is checked, indexed by enum ftype. */
static const checker_fn checkers[F_TYPE_COUNT] = {
	[F_STRING] = check_string,
	[F_URL] = check_url,
	[F_DATE] = check_date,
	[F_BOOL] = check_bool,
	[F_ENUM] = check_enum,
	[F_STRINGS] = check_strings,
	[F_MAP] = check_map,
	[F_LANGMAP] = check_langmap,
	[F_MAPS] = check_maps,
	[F_STRING_OR_STRINGS] = check_strings,
};

static void check_fields(struct val *v, yaml_node_t *map, const char *base,
			 const struct field *fields)
{
	char path[256];
	size_t i;

	for (i = 0; fields[i].key; i++) {
		yaml_node_t *n = ymap_get(v->d, map, fields[i].key);
		join(path, sizeof(path), base, fields[i].key);
		if (!n) {
			if (fields[i].required)
				problem(v, path, yline(map), N_("missing required key"));
			continue;
		}
		checkers[fields[i].type](v, n, path, &fields[i]);
	}
}

/* ---- the files ------------------------------------------------------------ */

/* Read the first path of an inventory role that matches one of the names. */
static const struct vigie_entry *pick(const struct vigie_collect_ctx *ctx,
				      const char *role,
				      const char *const *suffixes)
{
	json_t *list = json_object_get(json_object_get(ctx->facts, "inventory"), role);
	size_t i, j;

	for (i = 0; i < json_array_size(list); i++) {
		const char *p = json_string_value(
			json_object_get(json_array_get(list, i), "path"));
		size_t pl = p ? strlen(p) : 0;
		for (j = 0; p && suffixes[j]; j++) {
			size_t sl = strlen(suffixes[j]);
			if (pl >= sl && !strcasecmp(p + pl - sl, suffixes[j]))
				return vigie_snapshot_find(ctx->snap, p, false);
		}
	}
	return NULL;
}

/* The text of e, or NULL with a reason set in branch.errors. */
static bool read_text(struct vigie_buf *text, const struct vigie_collect_ctx *ctx,
		      const struct vigie_entry *e, json_t *branch)
{
	struct vigie_error rerr;
	json_t *errors = json_object_get(branch, "errors");

	if (vigie_snapshot_read(text, ctx->snap, e, METADATA_CAP, NULL, &rerr) < 0) {
		json_array_append_new(errors, json_pack("{s:s, s:i, s:s}", "key", "",
							"line", 0, "message",
							rerr.message));
		return false;
	}
	if (memchr(text->ptr, '\0', text->len) || !vigie_utf8_valid(text->ptr, text->len)) {
		json_array_append_new(errors, json_pack("{s:s, s:i, s:s}", "key", "",
							"line", 0, "message",
							N_("not UTF-8 text")));
		return false;
	}
	return true;
}

static json_t *branch_new(const struct vigie_entry *e)
{
	return json_pack("{s:o, s:b, s:[]}", "path", vigie_json_str(e->path),
			 "valid", 0, "errors");
}

/* Load YAML text into d, or record the syntax error; true when loaded. */
static bool load_yaml(struct ydoc *d, const struct vigie_buf *text, json_t *branch)
{
	char msg[256];
	int line;

	if (ydoc_load(d, text->ptr, text->len, msg, sizeof(msg), &line) < 0) {
		json_array_append_new(json_object_get(branch, "errors"),
				      json_pack("{s:s, s:i, s:s}", "key", "", "line",
						line, "message", msg));
		return false;
	}
	if (!yaml_document_get_root_node(&d->doc) ||
	    yaml_document_get_root_node(&d->doc)->type != YAML_MAPPING_NODE) {
		json_array_append_new(json_object_get(branch, "errors"),
				      json_pack("{s:s, s:i, s:s}", "key", "", "line",
						1, "message",
						N_("the document must be a mapping")));
		return false;
	}
	return true;
}

static void set_str(json_t *obj, const char *key, yaml_node_t *n)
{
	if (ystr(n) && !yplain_is(n, null_words))
		json_object_set_new(obj, key, vigie_json_str(ystr(n)));
}

/* A value left as in a template: listed under "placeholders", not used. */
static void placeholder(json_t *b, const char *key, const char *value)
{
	json_t *list = json_object_get(b, "placeholders");

	if (!list) {
		list = json_array();
		json_object_set_new(b, "placeholders", list);
	}
	json_array_append_new(list, json_pack("{s:s, s:o}", "key", key, "value",
					      vigie_json_str(value)));
}

static void drop_placeholder(json_t *b, const char *fact, const char *key)
{
	const char *v = json_string_value(json_object_get(b, fact));

	if (v && vigie_text_placeholder(v, strlen(v))) {
		placeholder(b, key, v);
		json_object_del(b, fact);
	}
}

static void add_funder(json_t *list, const char *name, const char *from)
{
	size_t i;

	if (!name || !*name || vigie_text_placeholder(name, strlen(name)))
		return;
	for (i = 0; i < json_array_size(list); i++)
		if (!strcmp(json_string_value(json_object_get(
				    json_array_get(list, i), "name")), name))
			return;
	if (json_array_size(list) < 16)
		json_array_append_new(list, json_pack("{s:o, s:s}", "name",
						      vigie_json_str(name),
						      "from", from));
}

/*
 * Who pays for the work, as a public body funds it: through a budget or a
 * contract, not donations.  The contractors of a "contract" maintenance;
 * the owner (legal.repoOwner, legal.mainCopyrightOwner) of an "internal"
 * or "contract" one; and the names under fundedBy, which some files carry
 * though the standard does not define it.
 */
static json_t *funders(struct ydoc *d, yaml_node_t *root, yaml_node_t *maint)
{
	json_t *list = json_array();
	const char *type = ystr(ymap_get(d, maint, "type"));
	yaml_node_t *legal = ymap_get(d, root, "legal");
	yaml_node_t *seq;
	yaml_node_item_t *it;

	seq = ymap_get(d, maint, "contractors");
	if (type && !strcmp(type, "contract") && seq && seq->type == YAML_SEQUENCE_NODE)
		for (it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++)
			add_funder(list, ystr(ymap_get(d, ynode(d, *it), "name")),
				   "maintenance.contractors");
	if (type && (!strcmp(type, "internal") || !strcmp(type, "contract"))) {
		add_funder(list, ystr(ymap_get(d, legal, "repoOwner")),
			   "legal.repoOwner");
		add_funder(list, ystr(ymap_get(d, legal, "mainCopyrightOwner")),
			   "legal.mainCopyrightOwner");
	}
	seq = ymap_get(d, root, "fundedBy");
	if (seq && seq->type == YAML_SEQUENCE_NODE)
		for (it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++)
			add_funder(list, ystr(ymap_get(d, ynode(d, *it), "name")),
				   "fundedBy");
	return list;
}

static json_t *publiccode(const struct vigie_collect_ctx *ctx)
{
	static const char *const names[] = { "publiccode.yml", "publiccode.yaml", NULL };
	const struct vigie_entry *e = pick(ctx, "publiccode", names);
	struct vigie_buf text = VIGIE_BUF_INIT;
	struct ydoc d = { .loaded = false };
	struct val v;
	yaml_node_t *root, *n, *m;
	json_t *b;

	if (!e)
		return NULL;
	b = branch_new(e);
	if (!read_text(&text, ctx, e, b) || !load_yaml(&d, &text, b))
		goto out;
	root = yaml_document_get_root_node(&d.doc);
	v.d = &d;
	v.errors = json_object_get(b, "errors");
	check_fields(&v, root, "", publiccode_schema);
	/* Who to contact depends on the kind of maintenance. */
	n = ymap_get(&d, root, "maintenance");
	m = ymap_get(&d, n, "type");
	if (ystr(m) && (!strcmp(ystr(m), "internal") || !strcmp(ystr(m), "community")) &&
	    !ymap_get(&d, n, "contacts"))
		problem(&v, "maintenance.contacts", yline(n),
			N_("required when maintenance.type is %s"), ystr(m));
	if (ystr(m) && !strcmp(ystr(m), "contract") && !ymap_get(&d, n, "contractors"))
		problem(&v, "maintenance.contractors", yline(n),
			N_("required when maintenance.type is contract"));
	set_str(b, "version", ymap_get(&d, root, "publiccodeYmlVersion"));
	set_str(b, "name", ymap_get(&d, root, "name"));
	set_str(b, "url", ymap_get(&d, root, "url"));
	if (json_string_value(json_object_get(b, "url")) &&
	    vigie_text_placeholder(json_string_value(json_object_get(b, "url")),
				   strlen(json_string_value(json_object_get(b, "url")))))
		placeholder(b, "url", json_string_value(json_object_get(b, "url")));
	set_str(b, "landing_url", ymap_get(&d, root, "landingURL"));
	drop_placeholder(b, "landing_url", "landingURL");
	set_str(b, "development_status", ymap_get(&d, root, "developmentStatus"));
	set_str(b, "software_type", ymap_get(&d, root, "softwareType"));
	set_str(b, "license", ymap_get(&d, ymap_get(&d, root, "legal"), "license"));
	set_str(b, "maintenance_type", m);
	{
		json_t *langs = json_array(), *avail = json_array();
		yaml_node_t *desc = ymap_get(&d, root, "description");
		yaml_node_t *al = ymap_get(&d, ymap_get(&d, root, "localisation"),
					   "availableLanguages");
		yaml_node_t *contacts = ymap_get(&d, n, "contacts");
		yaml_node_pair_t *p;
		yaml_node_item_t *it;
		size_t emails = 0, count = 0;

		if (desc && desc->type == YAML_MAPPING_NODE)
			for (p = desc->data.mapping.pairs.start; p < desc->data.mapping.pairs.top; p++)
				if (ystr(ynode(&d, p->key)))
					json_array_append_new(langs, vigie_json_str(ystr(ynode(&d, p->key))));
		if (al && al->type == YAML_SEQUENCE_NODE)
			for (it = al->data.sequence.items.start; it < al->data.sequence.items.top; it++)
				if (ystr(ynode(&d, *it)))
					json_array_append_new(avail, vigie_json_str(ystr(ynode(&d, *it))));
		if (contacts && contacts->type == YAML_SEQUENCE_NODE)
			for (it = contacts->data.sequence.items.start; it < contacts->data.sequence.items.top; it++) {
				const char *em = ystr(ymap_get(&d, ynode(&d, *it), "email"));
				count++;
				/* security@example.com reaches nobody */
				if (em && vigie_text_placeholder(em, strlen(em)))
					placeholder(b, "maintenance.contacts.email", em);
				else
					emails += em != NULL;
			}
		json_object_set_new(b, "description_languages", langs);
		json_object_set_new(b, "available_languages", avail);
		json_object_set_new(b, "contacts", json_integer((json_int_t)count));
		json_object_set_new(b, "contact_emails", json_integer((json_int_t)emails));
		json_object_set_new(b, "funded_by", json_boolean(ymap_get(&d, root, "fundedBy") != NULL));
		json_object_set_new(b, "funders", funders(&d, root, n));
	}
	json_object_set_new(b, "valid", json_boolean(!json_array_size(v.errors)));
out:
	ydoc_release(&d);
	vigie_buf_release(&text);
	return b;
}

static json_t *citation(const struct vigie_collect_ctx *ctx)
{
	static const char *const names[] = { "citation.cff", NULL };
	const struct vigie_entry *e = pick(ctx, "citation", names);
	struct vigie_buf text = VIGIE_BUF_INIT;
	struct ydoc d = { .loaded = false };
	struct val v;
	yaml_node_t *root;
	json_t *b;

	if (!e)
		return NULL;
	b = branch_new(e);
	if (!read_text(&text, ctx, e, b) || !load_yaml(&d, &text, b))
		goto out;
	root = yaml_document_get_root_node(&d.doc);
	v.d = &d;
	v.errors = json_object_get(b, "errors");
	check_fields(&v, root, "", cff_schema);
	set_str(b, "cff_version", ymap_get(&d, root, "cff-version"));
	set_str(b, "title", ymap_get(&d, root, "title"));
	set_str(b, "version", ymap_get(&d, root, "version"));
	json_object_set_new(b, "valid", json_boolean(!json_array_size(v.errors)));
out:
	ydoc_release(&d);
	vigie_buf_release(&text);
	return b;
}

/* FUNDING.yml's platforms (GitHub's list); custom holds URLs. */
static const char *const funding_keys[] = {
	"buy_me_a_coffee", "community_bridge", "custom", "github", "issuehunt",
	"ko_fi", "lfx_crowdfunding", "liberapay", "open_collective", "otechie",
	"patreon", "polar", "thanks_dev", "tidelift", NULL,
};

static json_t *funding(const struct vigie_collect_ctx *ctx)
{
	static const char *const names[] = { "funding.yml", "funding.yaml", NULL };
	const struct vigie_entry *e = pick(ctx, "funding", names);
	struct vigie_buf text = VIGIE_BUF_INIT;
	struct ydoc d = { .loaded = false };
	struct val v;
	yaml_node_t *root;
	yaml_node_pair_t *p;
	json_t *b, *platforms;

	if (!e)
		return NULL;
	b = branch_new(e);
	platforms = json_array();
	json_object_set_new(b, "platforms", platforms);
	if (!read_text(&text, ctx, e, b) || !load_yaml(&d, &text, b))
		goto out;
	root = yaml_document_get_root_node(&d.doc);
	v.d = &d;
	v.errors = json_object_get(b, "errors");
	for (p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = ynode(&d, p->key), *val = ynode(&d, p->value);
		const char *key = ystr(k);
		size_t i;

		if (!key)
			continue;
		for (i = 0; funding_keys[i]; i++)
			if (!strcmp(funding_keys[i], key))
				break;
		if (!funding_keys[i]) {
			problem(&v, key, yline(k), N_("unknown funding platform"));
			continue;
		}
		/* An empty value is the template's placeholder: not a path. */
		if (!val || yplain_is(val, null_words))
			continue;
		if (val->type == YAML_MAPPING_NODE) {
			problem(&v, key, yline(val), "%s", must_be[F_STRING_OR_STRINGS]);
			continue;
		}
		if (val->type == YAML_SEQUENCE_NODE &&
		    val->data.sequence.items.top == val->data.sequence.items.start)
			continue;
		json_array_append_new(platforms, json_string(key));
	}
	json_object_set_new(b, "valid", json_boolean(!json_array_size(v.errors)));
out:
	ydoc_release(&d);
	vigie_buf_release(&text);
	return b;
}

static json_t *codemeta(const struct vigie_collect_ctx *ctx)
{
	static const char *const names[] = { "codemeta.json", NULL };
	const struct vigie_entry *e = pick(ctx, "codemeta", names);
	struct vigie_buf text = VIGIE_BUF_INIT;
	json_t *b, *doc = NULL, *errors, *context, *lic;
	json_error_t je;

	if (!e)
		return NULL;
	b = branch_new(e);
	errors = json_object_get(b, "errors");
	if (!read_text(&text, ctx, e, b))
		goto out;
	doc = json_loadb(text.ptr, text.len, JSON_REJECT_DUPLICATES, &je);
	if (!doc) {
		char msg[300];
		snprintf(msg, sizeof(msg), N_("invalid JSON: %s"), je.text);
		json_array_append_new(errors, json_pack("{s:s, s:i, s:s}", "key", "",
							"line", je.line, "message",
							msg));
		goto out;
	}
	if (!json_is_object(doc)) {
		json_array_append_new(errors, json_pack("{s:s, s:i, s:s}", "key", "",
							"line", 1, "message",
							N_("the document must be an object")));
		goto out;
	}
	context = json_object_get(doc, "@context");
	{
		char *ctxs = context ? json_dumps(context, JSON_ENCODE_ANY) : NULL;
		if (!ctxs || !strstr(ctxs, "codemeta"))
			json_array_append_new(errors, json_pack(
				"{s:s, s:i, s:s}", "key", "@context", "line", 0,
				"message", N_("must name the CodeMeta context")));
		free(ctxs);
	}
	if (!json_is_string(json_object_get(doc, "name")))
		json_array_append_new(errors, json_pack("{s:s, s:i, s:s}", "key", "name",
							"line", 0, "message",
							N_("missing required key")));
	else
		json_object_set(b, "name", json_object_get(doc, "name"));
	lic = json_object_get(doc, "license");
	if (json_is_string(lic))
		json_object_set(b, "license", lic);
	if (json_is_string(json_object_get(doc, "codeRepository")))
		json_object_set(b, "code_repository", json_object_get(doc, "codeRepository"));
	json_object_set_new(b, "valid", json_boolean(!json_array_size(errors)));
out:
	json_decref(doc);
	vigie_buf_release(&text);
	return b;
}

/* One row per file this collector reads: the name of its branch. */
static const struct {
	const char *name;
	json_t *(*fn)(const struct vigie_collect_ctx *ctx);
} readers[] = {
	{ "citation", citation },
	{ "codemeta", codemeta },
	{ "funding", funding },
	{ "publiccode", publiccode },
};

int vigie_metadata_collect(json_t **out, const struct vigie_collect_ctx *ctx,
			   struct vigie_error *err)
{
	json_t *meta;
	size_t i;

	*out = NULL;
	if (!json_object_get(ctx->facts, "inventory"))
		return vigie_error_set(err, VIGIE_ENOTFOUND, "",
				       "the file inventory is unavailable");
	meta = json_object();
	if (!meta)
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	for (i = 0; i < VIGIE_ARRAY_SIZE(readers); i++) {
		json_t *b = readers[i].fn(ctx);
		if (b)
			json_object_set_new(meta, readers[i].name, b);
	}
	/* a YAML file was read with no libyaml to parse it: an error, not
	 * files said to be invalid (the failure stays for the process) */
	if (*vigie_lib_failure(VIGIE_LIB_YAML)) {
		json_decref(meta);
		return vigie_error_set(err, VIGIE_EGENERIC, "",
				       N_("cannot load %s: %s"),
				       vigie_lib_soname(VIGIE_LIB_YAML),
				       vigie_lib_failure(VIGIE_LIB_YAML));
	}
	*out = meta;
	return 0;
}
