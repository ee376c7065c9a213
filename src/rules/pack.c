/* SPDX-License-Identifier: EUPL-1.2 */
/* Rule packs: load, validate with file:line:col errors, keep as a ruleset. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/buf.h"
#include "vigie/i18n.h"
#include "vigie/rules.h"
#include "embedded.h"
#include "internal.h"
#include "sha256.h"
#include "grow.h"
#include "banned.h"

#define PACK_SCHEMA "vigie.rules/1"
#define PACK_MAX_BYTES (8u * 1024 * 1024)

struct pack {
	char *name;    /* as shown in errors: a path or "communs" */
	char *id;      /* the pack's own name */
	char *version;
	json_t *root;
};

struct vigie_ruleset {
	struct pack *packs;
	size_t npacks;
	struct vigie_rule *rules;
	size_t nrules, cap;
	struct vigie_sha256 sha;
	char digest[65];
};

struct vigie_ruleset *vigie_ruleset_new(void)
{
	struct vigie_ruleset *rs = calloc(1, sizeof(*rs));

	if (rs)
		vigie_sha256_init(&rs->sha);
	return rs;
}

void vigie_ruleset_free(struct vigie_ruleset *rs)
{
	size_t i;

	if (!rs)
		return;
	for (i = 0; i < rs->nrules; i++) {
		vigie_check_free(rs->rules[i].check);
		vigie_check_free(rs->rules[i].when);
	}
	for (i = 0; i < rs->npacks; i++) {
		free(rs->packs[i].name);
		free(rs->packs[i].id);
		free(rs->packs[i].version);
		json_decref(rs->packs[i].root);
	}
	free(rs->packs);
	free(rs->rules);
	free(rs);
}

size_t vigie_ruleset_count(const struct vigie_ruleset *rs)
{
	return rs->nrules;
}

const struct vigie_rule *vigie_ruleset_rule(const struct vigie_ruleset *rs,
					    size_t i)
{
	return i < rs->nrules ? &rs->rules[i] : NULL;
}

const struct vigie_rule *vigie_ruleset_find(const struct vigie_ruleset *rs,
					    const char *id)
{
	size_t i;

	for (i = 0; i < rs->nrules; i++)
		if (!strcmp(rs->rules[i].id, id))
			return &rs->rules[i];
	return NULL;
}

json_t *vigie_ruleset_packs(const struct vigie_ruleset *rs)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < rs->npacks; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "name",
						   rs->packs[i].id, "version",
						   rs->packs[i].version));
	return a;
}

const char *vigie_ruleset_digest(const struct vigie_ruleset *rs)
{
	struct vigie_sha256 copy = rs->sha;

	vigie_sha256_hex(&copy, ((struct vigie_ruleset *)rs)->digest);
	return rs->digest;
}

/* ---- validation with positions ----------------------------------------- */

struct loader {
	const char *name;
	json_t *pos;        /* positions of the values, scanned on the first
			       error: a valid pack never needs them */
	struct vigie_error *err;
	const char *data;
	size_t len;
};

static int at(struct loader *ld, const char *pointer, const char *fmt, ...)
	VIGIE_PRINTF(3, 4);

/* Report an error at the value a JSON pointer names, or its nearest parent. */
static int at(struct loader *ld, const char *pointer, const char *fmt, ...)
{
	char ptr[256], where[VIGIE_ERROR_WHERE_MAX];
	json_t *lc = NULL;
	va_list ap;

	if (!ld->pos) {
		vigie_nomem_take();
		ld->pos = vigie_jsonpos_scan(ld->data, ld->len);
		/* positions lost to out of memory would misplace the error */
		if (vigie_nomem_take())
			return vigie_error_set(ld->err, VIGIE_ENOMEM, "",
					       "out of memory");
	}
	snprintf(ptr, sizeof(ptr), "%s", pointer);
	for (;;) {
		char *slash;
		lc = json_object_get(ld->pos, ptr);
		if (lc)
			break;
		slash = strrchr(ptr, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
	if (lc)
		snprintf(where, sizeof(where), "%s:%d:%d", ld->name,
			 (int)json_integer_value(json_array_get(lc, 0)),
			 (int)json_integer_value(json_array_get(lc, 1)));
	else
		snprintf(where, sizeof(where), "%s:1:1", ld->name);
	va_start(ap, fmt);
	vigie_error_vset(ld->err, VIGIE_EINVALID, where, fmt, ap);
	va_end(ap);
	return VIGIE_EINVALID;
}

/* A check that did not compile: its error at its place, with its data. */
static int compile_failed(struct loader *ld, const struct compile_error *ce)
{
	int rc = at(ld, ce->pointer, "%s", ce->message);

	if (ld->err && ld->err->code == VIGIE_EINVALID)
		vigie_error_carry(ld->err, ce->msgid, ce->args,
				  ce->nargs < 0 ? 0 : (size_t)ce->nargs);
	return rc;
}

/*
 * The languages every text of a pack must have: English, which is what
 * any other falls back to, and French, which vigie's packs all give.  A
 * text in another language vigie speaks is used in that language; one in a
 * language without a catalogue is left unread.
 */
static const char *const required_langs[] = { "en", "fr" };

static int texts(struct loader *ld, json_t *rule, const char *key,
		 const char *base, bool required)
{
	json_t *t = json_object_get(rule, key), *s;
	char ptr[256];
	const char *code;
	size_t l;

	snprintf(ptr, sizeof(ptr), "%s/%s", base, key);
	if (!t) {
		if (!required)
			return 0;
		return at(ld, base, N_("rule lacks '%s'"), key);
	}
	if (!json_is_object(t))
		return at(ld, ptr, N_("'%s' must be an object of texts by language "
			  "({\"en\": ..., \"fr\": ...})"), key);
	for (l = 0; l < VIGIE_ARRAY_SIZE(required_langs); l++) {
		s = json_object_get(t, required_langs[l]);
		if (!json_is_string(s) || !*json_string_value(s))
			return at(ld, ptr, N_("'%s' lacks its '%s' text"), key,
				  required_langs[l]);
	}
	json_object_foreach(t, code, s)
		if (vigie_lang_parse(code) >= 0 &&
		    (!json_is_string(s) || !*json_string_value(s)))
			return at(ld, ptr, N_("'%s' lacks its '%s' text"), key,
				  code);
	return 0;
}

static const char *const field_keys[VIGIE_RULE_FIELD_COUNT] = {
	"title", "description", "remediation",
};

const char *vigie_rule_text(const struct vigie_rule *r,
			    enum vigie_rule_field f, enum vigie_lang lang)
{
	const json_t *t;
	const char *s;

	if (!r || (size_t)f >= VIGIE_RULE_FIELD_COUNT)
		return NULL;
	t = json_object_get(r->source, field_keys[f]);
	s = json_string_value(json_object_get(t, vigie_lang_name(lang)));
	if (!s || !*s)
		s = json_string_value(json_object_get(t, "en"));
	return s;
}

static bool valid_id(const char *id)
{
	const char *p;

	if (!*id || !isalnum((unsigned char)*id))
		return false;
	for (p = id; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) &&
		    !strchr("._-", *p))
			return false;
	return true;
}

static bool valid_guide(const char *g)
{
	/* "4.4", "1", "3.2" */
	if (!isdigit((unsigned char)*g))
		return false;
	while (*g && (isdigit((unsigned char)*g) || *g == '.'))
		g++;
	return !*g;
}

static int load_rule(struct vigie_ruleset *rs, struct loader *ld,
		     const char *pack, json_t *r, size_t index)
{
	static const char *const keys[] = {
		"id", "theme", "guide", "weight", "level", "title",
		"description", "remediation", "check", "when", "references",
		NULL,
	};
	struct vigie_rule rule;
	struct compile_error ce = { "", "" };
	char base[64], ptr[128];
	const char *k;
	json_t *v;
	int i, rc;

	memset(&rule, 0, sizeof(rule));
	snprintf(base, sizeof(base), "/rules/%zu", index);
	if (!json_is_object(r))
		return at(ld, base, N_("a rule must be an object"));
	json_object_foreach(r, k, v) {
		for (i = 0; keys[i]; i++)
			if (!strcmp(keys[i], k))
				break;
		if (!keys[i]) {
			snprintf(ptr, sizeof(ptr), "%s/%s", base, k);
			return at(ld, ptr, N_("unknown key '%s' in rule"), k);
		}
	}
#define FIELD(name) (snprintf(ptr, sizeof(ptr), "%s/%s", base, name), \
		     json_object_get(r, name))
	v = FIELD("id");
	if (!json_is_string(v))
		return at(ld, v ? ptr : base, N_("rule lacks a string 'id'"));
	rule.id = json_string_value(v);
	if (!valid_id(rule.id))
		return at(ld, ptr, N_("rule id '%s' must be lowercase letters, "
			  "digits, '.', '-' or '_'"), rule.id);
	if (vigie_ruleset_find(rs, rule.id))
		return at(ld, ptr, N_("rule id '%s' is already defined"), rule.id);
	v = FIELD("theme");
	i = vigie_theme_parse(json_string_value(v));
	if (i < 0)
		return at(ld, v ? ptr : base, N_("theme must be one of understand, "
			  "identify, produce, maintain, fund, disseminate"));
	rule.theme = (enum vigie_theme)i;
	v = FIELD("guide");
	if (!json_is_string(v) || !valid_guide(json_string_value(v)))
		return at(ld, v ? ptr : base,
			  N_("'guide' must cite the guide's question, like \"4.4\""));
	rule.guide = json_string_value(v);
	v = FIELD("weight");
	if (!json_is_number(v) || json_number_value(v) <= 0 ||
	    json_number_value(v) > 100)
		return at(ld, v ? ptr : base,
			  N_("'weight' must be a number in (0, 100]"));
	rule.weight = json_number_value(v);
	v = FIELD("level");
	i = vigie_level_parse(json_string_value(v));
	if (i < 0)
		return at(ld, v ? ptr : base,
			  N_("'level' must be error, warning or note"));
	rule.level = (enum vigie_level)i;
	if ((rc = texts(ld, r, "title", base, true)) < 0 ||
	    (rc = texts(ld, r, "remediation", base, true)) < 0 ||
	    (rc = texts(ld, r, "description", base, false)) < 0)
		return rc;
	v = FIELD("check");
	if (!v)
		return at(ld, base, N_("rule lacks a 'check'"));
	rule.check = vigie_check_compile(v, ptr, &ce);
	if (!rule.check && !strcmp(ce.message, "out of memory"))
		return vigie_error_set(ld->err, VIGIE_ENOMEM, "", "%s", ce.message);
	if (!rule.check)
		return compile_failed(ld, &ce);
	v = FIELD("when");
	if (v) {
		rule.when = vigie_check_compile(v, ptr, &ce);
		if (!rule.when) {
			vigie_check_free(rule.check);
			if (!strcmp(ce.message, "out of memory"))
				return vigie_error_set(ld->err, VIGIE_ENOMEM, "",
						       "%s", ce.message);
			return compile_failed(ld, &ce);
		}
	}
#undef FIELD
	rule.pack = pack;
	rule.source = r;
	if (vigie_grow(&rs->rules, &rs->cap, rs->nrules + 1, 64) < 0) {
		vigie_check_free(rule.check);
		vigie_check_free(rule.when);
		return vigie_error_set(ld->err, VIGIE_ENOMEM, "",
				       "out of memory");
	}
	rs->rules[rs->nrules++] = rule;
	return 0;
}

int vigie_ruleset_load_buffer(struct vigie_ruleset *rs, const char *name,
			      const char *data, size_t len,
			      struct vigie_error *err)
{
	struct loader ld = { name, NULL, err, data, len };
	json_error_t je;
	json_t *root, *v;
	struct pack *packs, *pk;
	size_t i, first = rs->nrules;
	const char *k;
	int rc;

	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		char where[VIGIE_ERROR_WHERE_MAX];
		snprintf(where, sizeof(where), "%s:%d:%d", name, je.line,
			 je.column);
		return vigie_error_set(err, VIGIE_EINVALID, where, "%s", je.text);
	}
	if (!json_is_object(root)) {
		rc = at(&ld, "", N_("a rule pack must be a JSON object"));
		goto fail;
	}
	json_object_foreach(root, k, v) {
		static const char *const keys[] = {
			"schema", "pack", "version", "title", "description",
			"rules", NULL,
		};
		for (i = 0; keys[i]; i++)
			if (!strcmp(keys[i], k))
				break;
		if (!keys[i]) {
			char ptr[256];
			snprintf(ptr, sizeof(ptr), "/%s", k);
			rc = at(&ld, ptr, N_("unknown key '%s' in pack"), k);
			goto fail;
		}
	}
	v = json_object_get(root, "schema");
	if (!json_is_string(v) || strcmp(json_string_value(v), PACK_SCHEMA)) {
		rc = at(&ld, v ? "/schema" : "",
			N_("'schema' must be \"%s\""), PACK_SCHEMA);
		goto fail;
	}
	if (!json_is_string(json_object_get(root, "pack")) ||
	    !valid_id(json_string_value(json_object_get(root, "pack")))) {
		rc = at(&ld, "/pack", N_("'pack' must name the pack (lowercase)"));
		goto fail;
	}
	if (!json_is_string(json_object_get(root, "version"))) {
		rc = at(&ld, "/version", N_("'version' must be a string"));
		goto fail;
	}
	for (i = 0; i < rs->npacks; i++)
		if (!strcmp(rs->packs[i].id,
			    json_string_value(json_object_get(root, "pack")))) {
			rc = at(&ld, "/pack", N_("pack '%s' is already loaded"),
				rs->packs[i].id);
			goto fail;
		}
	v = json_object_get(root, "rules");
	if (!json_is_array(v)) {
		rc = at(&ld, v ? "/rules" : "", N_("'rules' must be a list"));
		goto fail;
	}
	packs = realloc(rs->packs, (rs->npacks + 1) * sizeof(*rs->packs));
	if (!packs) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
		goto fail;
	}
	rs->packs = packs;
	pk = &rs->packs[rs->npacks];
	memset(pk, 0, sizeof(*pk));
	pk->root = root;
	pk->name = strdup(name);
	pk->id = strdup(json_string_value(json_object_get(root, "pack")));
	pk->version = strdup(json_string_value(json_object_get(root, "version")));
	if (!pk->name || !pk->id || !pk->version) {
		free(pk->name);
		free(pk->id);
		free(pk->version);
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
		goto fail;
	}
	rs->npacks++;
	for (i = 0; i < json_array_size(v); i++) {
		rc = load_rule(rs, &ld, pk->id, json_array_get(v, i), i);
		if (rc < 0) {
			/* Leave the ruleset as it was before this pack. */
			while (rs->nrules > first) {
				rs->nrules--;
				vigie_check_free(rs->rules[rs->nrules].check);
				vigie_check_free(rs->rules[rs->nrules].when);
			}
			rs->npacks--;
			free(pk->name);
			free(pk->id);
			free(pk->version);
			json_decref(ld.pos);
			json_decref(root);
			return rc;
		}
	}
	{
		/*
		 * The digest is over each pack's id, size and SHA-256: a pack
		 * compiled in has its SHA-256 from the build (hashing its 68
		 * KiB was the tenth of loading it), a file's is made here.
		 */
		const struct vigie_embedded_file *ef = vigie_embedded_at(data);
		char lenbuf[32], hex[65];
		struct vigie_sha256 one;

		if (ef && ef->len == len && ef->sha256) {
			snprintf(hex, sizeof(hex), "%s", ef->sha256);
		} else {
			vigie_sha256_init(&one);
			vigie_sha256_update(&one, data, len);
			vigie_sha256_hex(&one, hex);
		}
		snprintf(lenbuf, sizeof(lenbuf), "%zu", len);
		vigie_sha256_update(&rs->sha, pk->id, strlen(pk->id) + 1);
		vigie_sha256_update(&rs->sha, lenbuf, strlen(lenbuf) + 1);
		vigie_sha256_update(&rs->sha, hex, 65);
	}
	json_decref(ld.pos);
	return 0;
fail:
	json_decref(ld.pos);
	json_decref(root);
	return rc;
}

static int read_file(struct vigie_buf *out, const char *path,
		     struct vigie_error *err)
{
	int rc = vigie_buf_read_file(out, path, 0);

	if (rc == VIGIE_ELIMIT)
		return vigie_error_set(err, rc, path,
				       "rule pack is larger than %u bytes",
				       PACK_MAX_BYTES);
	if (rc == VIGIE_ENOMEM)
		return vigie_error_set(err, rc, path, "out of memory");
	if (rc < 0)
		return vigie_error_set(err, rc == VIGIE_ENOTFOUND ? rc
							  : VIGIE_EINVALID,
				       path, "cannot read rule pack: %s",
				       strerror(errno));
	return 0;
}

int vigie_ruleset_load(struct vigie_ruleset *rs, const char *name_or_path,
		       struct vigie_error *err)
{
	struct vigie_buf buf;
	char key[256];
	const char *data;
	size_t len;
	int rc;

	/* A bare name is an embedded pack; anything path-like is a file. */
	if (!strchr(name_or_path, '/') && !strstr(name_or_path, ".json")) {
		snprintf(key, sizeof(key), "%s.json", name_or_path);
		data = vigie_rules_embedded_data(key, &len);
		if (!data)
			return vigie_error_set(err, VIGIE_ENOTFOUND, name_or_path,
					       "no rule pack of that name (see "
					       "'vigie rules list --packs')");
		return vigie_ruleset_load_buffer(rs, name_or_path, data, len,
						 err);
	}
	vigie_buf_init(&buf, PACK_MAX_BYTES);
	rc = read_file(&buf, name_or_path, err);
	if (rc == 0)
		rc = vigie_ruleset_load_buffer(rs, name_or_path,
					       buf.ptr ? buf.ptr : "", buf.len,
					       err);
	vigie_buf_release(&buf);
	return rc;
}

int vigie_ruleset_load_defaults(struct vigie_ruleset *rs,
				struct vigie_error *err)
{
	return vigie_ruleset_load(rs, "communs", err);
}

const char *const *vigie_rules_embedded(void)
{
	static const char *names[64];
	size_t i, n = 0;

	if (names[0])
		return names;
	for (i = 0; i < vigie_embedded_count && n + 1 < VIGIE_ARRAY_SIZE(names); i++) {
		const char *f = vigie_embedded_files[i].name;
		size_t l = strlen(f);
		if (strchr(f, '/') || l < 6 || strcmp(f + l - 5, ".json"))
			continue;
		names[n++] = f;
	}
	return names;
}

const char *vigie_rules_embedded_data(const char *name, size_t *len)
{
	const struct vigie_embedded_file *f = vigie_embedded_find(name);

	if (f && len)
		*len = f->len;
	return f ? f->data : NULL;
}

/* ---- evaluation --------------------------------------------------------- */

void vigie_result_release(struct vigie_result *r)
{
	if (!r)
		return;
	json_decref(r->evidence);
	free(r->reason);
	free(r->reason_args);
	r->evidence = NULL;
	r->reason = NULL;
	r->reason_id = NULL;
	r->reason_args = NULL;
	r->reason_nargs = 0;
}

/* out's reason: o's, with its data; false when out of memory. */
static bool take_reason(struct vigie_result *out,
			const struct check_outcome *o)
{
	const char *a = o->reason_args;
	int i;

	out->reason = strdup(o->reason);
	if (!out->reason)
		return false;
	if (!o->reason_id || o->reason_nargs < 0)
		return true;
	for (i = 0; i < o->reason_nargs; i++)
		a += strlen(a) + 1;
	out->reason_args = malloc((size_t)(a - o->reason_args) + 1);
	if (!out->reason_args)
		return false;
	memcpy(out->reason_args, o->reason_args,
	       (size_t)(a - o->reason_args) + 1);
	out->reason_id = o->reason_id;
	out->reason_nargs = (size_t)o->reason_nargs;
	return true;
}

void vigie_rule_eval(struct vigie_result *out, const struct vigie_rule *rule,
		     const struct vigie_eval_ctx *ctx)
{
	struct check_outcome o;

	memset(out, 0, sizeof(*out));
	out->rule = rule;
	out->evidence = json_array();
	if (rule->when) {
		json_t *scratch = json_array();
		vigie_check_eval(&o, rule->when, ctx, scratch);
		json_decref(scratch);
		if (o.status != VIGIE_STATUS_PASS &&
		    o.status != VIGIE_STATUS_PARTIAL) {
			out->status = VIGIE_STATUS_SKIP;
			if (o.status == VIGIE_STATUS_FAIL) {
				snprintf(o.reason, sizeof(o.reason), "%s",
					 N_("does not apply here"));
				o.reason_id = N_("does not apply here");
				o.reason_nargs = 0;
			}
			if (!take_reason(out, &o) || !out->evidence)
				vigie_nomem_mark();
			return;
		}
	}
	vigie_check_eval(&o, rule->check, ctx, out->evidence);
	out->status = o.status;
	out->score = o.score;
	/* read by vigie_audit_run: no rule ends with a lost reason */
	if ((o.reason[0] && !take_reason(out, &o)) || !out->evidence)
		vigie_nomem_mark();
}
