/* SPDX-License-Identifier: EUPL-1.2 */
/* Waivers from the audited commit's .vigie.json, applied after evaluation. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigie/date.h"
#include "vigie/waiver.h"
#include "vigie/buf.h"
#include "vigie/i18n.h"
#include "internal.h"
#include "json.h"
#include "banned.h"

#define REASON_MAX 1000
#define WAIVERS_MAX 1000

static const char *const state_names[VIGIE_WAIVER_STATE_COUNT] = {
	[VIGIE_WAIVER_APPLIED] = "applied",
	[VIGIE_WAIVER_UNUSED] = "unused",
	[VIGIE_WAIVER_EXPIRED] = "expired",
	[VIGIE_WAIVER_UNKNOWN_RULE] = "unknown_rule",
	[VIGIE_WAIVER_INVALID] = "invalid",
};

const char *vigie_waiver_state_name(enum vigie_waiver_state s)
{
	return s < VIGIE_WAIVER_STATE_COUNT ? state_names[s] : "?";
}

struct ctx {
	json_t *list; /* the entries being built */
	json_t *pos;  /* JSON pointer -> [line, col], may be NULL */
	const char *path;
};

/* "PATH:LINE:COL" of the value at pointer (or of the file). */
static void where_of(const struct ctx *c, const char *pointer, char *out,
		     size_t n)
{
	json_t *lc = c->pos ? json_object_get(c->pos, pointer) : NULL;

	if (json_array_size(lc) == 2)
		snprintf(out, n, "%s:%lld:%lld", c->path,
			 (long long)json_integer_value(json_array_get(lc, 0)),
			 (long long)json_integer_value(json_array_get(lc, 1)));
	else
		snprintf(out, n, "%s", c->path);
}

static int line_of(const struct ctx *c, const char *pointer)
{
	json_t *lc = c->pos ? json_object_get(c->pos, pointer) : NULL;

	return json_array_size(lc) == 2
		       ? (int)json_integer_value(json_array_get(lc, 0)) : 0;
}

/* Append an entry; rule, reason and expires may be NULL. */
static json_t *add_entry(struct ctx *c, enum vigie_waiver_state state,
			 const char *pointer, const char *rule,
			 const char *reason, const char *expires,
			 const char *fmt, ...) VIGIE_PRINTF(7, 8);

static json_t *add_entry(struct ctx *c, enum vigie_waiver_state state,
			 const char *pointer, const char *rule,
			 const char *reason, const char *expires,
			 const char *fmt, ...)
{
	char where[VIGIE_ERROR_WHERE_MAX];
	json_t *e;
	va_list ap;
	int rc;

	where_of(c, pointer, where, sizeof(where));
	e = json_pack("{s:o, s:o, s:o, s:s, s:o, s:s}",
		      "rule", rule ? vigie_json_str(rule) : json_null(),
		      "reason", reason ? vigie_json_str(reason) : json_null(),
		      "expires", expires ? vigie_json_str(expires) : json_null(),
		      "state", state_names[state],
		      "where", vigie_json_str(where),
		      "message", "");
	if (!e)
		return NULL;
	va_start(ap, fmt);
	rc = vigie_msg_json_vset(e, "message", fmt, ap);
	va_end(ap);
	if (rc < 0) {
		json_decref(e);
		return NULL;
	}
	return json_array_append_new(c->list, e) < 0 ? NULL : e;
}

/* A calendar date "YYYY-MM-DD" (months and days in range). */
static bool valid_date(const char *s)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30,
				       31, 31, 30, 31, 30, 31 };
	int i, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1];
}

static struct vigie_result *find(struct vigie_result *results, size_t count,
				 const char *id)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (!strcmp(results[i].rule->id, id))
			return &results[i];
	return NULL;
}

static int waive(struct vigie_result *r, const char *reason,
		 const char *expires, const char *path, int line)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	json_t *ev;

	if (expires)
		vigie_buf_printf(&b, "%s (until %s)", reason, expires);
	else
		vigie_buf_puts(&b, reason);
	if (!b.ptr)
		return -1;
	free(r->reason);
	free(r->reason_args);
	r->reason = vigie_buf_detach(&b, NULL);
	/* the repository's words, shown as they are */
	r->reason_id = NULL;
	r->reason_args = NULL;
	r->reason_nargs = 0;
	r->status = VIGIE_STATUS_WAIVED;
	if (!r->evidence)
		r->evidence = json_array();
	ev = line > 0 ? json_pack("{s:s, s:i, s:s}", "path", path, "line", line,
				  "note", "waiver")
		      : json_pack("{s:s, s:s}", "path", path, "note", "waiver");
	if (!r->evidence || !ev)
		return -1;
	return json_array_append_new(r->evidence, ev);
}

static int one_waiver(struct ctx *c, json_t *w, size_t i,
		      struct vigie_result *results, size_t count,
		      const char *today, bool *seen)
{
	char ptr[64], kptr[96];
	const char *rule, *reason, *expires = NULL, *k;
	struct vigie_result *r;
	json_t *v, *e;
	size_t idx;

	snprintf(ptr, sizeof(ptr), "/waivers/%zu", i);
	if (!json_is_object(w))
		return add_entry(c, VIGIE_WAIVER_INVALID, ptr, NULL, NULL, NULL,
				 N_("a waiver must be an object with rule and "
				    "reason")) ? 0 : -1;
	json_object_foreach(w, k, v) {
		if (strcmp(k, "rule") && strcmp(k, "reason") &&
		    strcmp(k, "expires")) {
			snprintf(kptr, sizeof(kptr), "%s/%s", ptr, k);
			return add_entry(c, VIGIE_WAIVER_INVALID, kptr, NULL,
					 NULL, NULL,
					 N_("unknown key '%s' in waiver (rule, "
					    "reason, expires)"), k) ? 0 : -1;
		}
	}
	rule = json_string_value(json_object_get(w, "rule"));
	reason = json_string_value(json_object_get(w, "reason"));
	v = json_object_get(w, "expires");
	if (!rule || !*rule) {
		snprintf(kptr, sizeof(kptr), "%s%s", ptr,
			 json_object_get(w, "rule") ? "/rule" : "");
		return add_entry(c, VIGIE_WAIVER_INVALID, kptr, NULL, reason,
				 NULL, N_("a waiver needs 'rule', a rule id")) ? 0
									  : -1;
	}
	if (!reason || !*reason || strlen(reason) > REASON_MAX) {
		snprintf(kptr, sizeof(kptr), "%s%s", ptr,
			 json_object_get(w, "reason") ? "/reason" : "");
		return add_entry(c, VIGIE_WAIVER_INVALID, kptr, rule, NULL, NULL,
				 N_("a waiver needs 'reason', a text of 1 to %d "
				    "bytes"), REASON_MAX) ? 0 : -1;
	}
	if (v && !json_is_null(v)) {
		expires = json_string_value(v);
		if (!expires || !valid_date(expires)) {
			snprintf(kptr, sizeof(kptr), "%s/expires", ptr);
			return add_entry(c, VIGIE_WAIVER_INVALID, kptr, rule,
					 reason, NULL,
					 N_("'expires' must be a date, YYYY-MM-DD"))
				       ? 0 : -1;
		}
	}
	snprintf(kptr, sizeof(kptr), "%s/rule", ptr);
	r = find(results, count, rule);
	if (!r)
		return add_entry(c, VIGIE_WAIVER_UNKNOWN_RULE, kptr, rule, reason,
				 expires, N_("no loaded rule is named '%s'"), rule)
			       ? 0 : -1;
	idx = (size_t)(r - results);
	if (seen[idx])
		return add_entry(c, VIGIE_WAIVER_INVALID, kptr, rule, reason,
				 expires, N_("rule '%s' is already waived above"),
				 rule) ? 0 : -1;
	seen[idx] = true;
	if (expires && strcmp(expires, today) < 0)
		return add_entry(c, VIGIE_WAIVER_EXPIRED, kptr, rule, reason,
				 expires, N_("expired on %s, not applied"), expires)
			       ? 0 : -1;
	if (r->status != VIGIE_STATUS_FAIL && r->status != VIGIE_STATUS_PARTIAL)
		return add_entry(c, VIGIE_WAIVER_UNUSED, kptr, rule, reason,
				 expires, N_("rule is %s: nothing to waive"),
				 vigie_status_name(r->status)) ? 0 : -1;
	e = add_entry(c, VIGIE_WAIVER_APPLIED, kptr, rule, reason, expires,
		      N_("applied"));
	if (!e || json_object_set_new(e, "status", json_string(vigie_status_name(
							    r->status))) < 0)
		return -1;
	return waive(r, reason, expires, c->path, line_of(c, ptr));
}

static int parse(struct ctx *c, const char *text, size_t len,
		 struct vigie_result *results, size_t count, const char *today)
{
	json_error_t je;
	json_t *root, *list, *v;
	const char *k;
	bool *seen = NULL;
	size_t i;
	int rc = 0;

	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		char where[VIGIE_ERROR_WHERE_MAX];
		json_t *e;
		snprintf(where, sizeof(where), "%s:%d:%d", c->path, je.line,
			 je.column);
		e = json_pack("{s:n, s:n, s:n, s:s, s:o, s:o}", "rule", "reason",
			      "expires", "state",
			      state_names[VIGIE_WAIVER_INVALID], "where",
			      vigie_json_str(where), "message",
			      vigie_json_str(je.text));
		return e ? json_array_append_new(c->list, e) : -1;
	}
	c->pos = vigie_jsonpos_scan(text, len);
	list = json_object_get(root, "waivers");
	if (!json_is_object(root) || (list && !json_is_array(list))) {
		rc = add_entry(c, VIGIE_WAIVER_INVALID,
			       json_is_object(root) ? "/waivers" : "", NULL, NULL,
			       NULL, N_("expected {\"waivers\": [...]}")) ? 0 : -1;
		goto out;
	}
	/*
	 * A misspelt "waivers" would leave every waiver silently unread: a
	 * key of its own is reported where it stands, and the rest is read.
	 */
	json_object_foreach(root, k, v) {
		struct vigie_buf kptr = VIGIE_BUF_INIT;
		const char *p;

		if (!strcmp(k, "waivers"))
			continue;
		vigie_buf_putc(&kptr, '/');
		for (p = k; *p; p++) {
			if (*p == '~')
				vigie_buf_puts(&kptr, "~0");
			else if (*p == '/')
				vigie_buf_puts(&kptr, "~1");
			else
				vigie_buf_putc(&kptr, *p);
		}
		if (!kptr.ptr || !add_entry(c, VIGIE_WAIVER_INVALID, kptr.ptr,
					    NULL, NULL, NULL,
					    N_("unknown key '%s' in %s (waivers)"),
					    k, VIGIE_WAIVER_FILE))
			rc = -1;
		vigie_buf_release(&kptr);
		if (rc < 0)
			goto out;
	}
	if (json_array_size(list) > WAIVERS_MAX) {
		rc = add_entry(c, VIGIE_WAIVER_INVALID, "/waivers", NULL, NULL,
			       NULL, N_("more than %d waivers"), WAIVERS_MAX) ? 0 : -1;
		goto out;
	}
	seen = calloc(count ? count : 1, sizeof(*seen));
	if (!seen) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < json_array_size(list) && rc == 0; i++)
		rc = one_waiver(c, json_array_get(list, i), i, results, count,
				today, seen);
out:
	free(seen);
	json_decref(root);
	return rc;
}

int vigie_waiver_apply(json_t **out, struct vigie_result *results,
		       size_t count, struct vigie_snapshot *snap, int64_t now,
		       struct vigie_error *err)
{
	struct ctx c = { NULL, NULL, VIGIE_WAIVER_FILE };
	struct vigie_buf text = VIGIE_BUF_INIT;
	const struct vigie_entry *e;
	struct vigie_error rerr;
	char today[VIGIE_DATE_MAX];
	int rc;

	*out = NULL;
	e = snap ? vigie_snapshot_find(snap, VIGIE_WAIVER_FILE, false) : NULL;
	if (!e)
		return 0;
	c.list = json_array();
	if (!c.list)
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	vigie_date_format(today, now, VIGIE_DATE_DAY);
	vigie_error_clear(&rerr);
	rc = vigie_snapshot_read(&text, snap, e, VIGIE_WAIVER_READ_CAP, NULL,
				 &rerr);
	if (rc < 0)
		rc = add_entry(&c, VIGIE_WAIVER_INVALID, "", NULL, NULL, NULL,
			       N_("cannot read: %s"), rerr.message) ? 0 : -1;
	else
		rc = parse(&c, text.ptr ? text.ptr : "", text.len, results,
			   count, today);
	vigie_buf_release(&text);
	json_decref(c.pos);
	if (rc < 0) {
		json_decref(c.list);
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	}
	*out = c.list;
	return 0;
}
