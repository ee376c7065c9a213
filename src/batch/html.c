/* SPDX-License-Identifier: EUPL-1.2 */
/* The batch report page: page.html with its words and the records inserted. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vigie/i18n.h"
#include "internal.h"
#include "vigie/rules.h"
#include "fs.h"
#include "json.h"
#include "banned.h"

/*
 * The page's own words, by the key its script looks them up with; each %s
 * stands for a value the script puts in, in order.  A key ending in ".one"
 * is the message for a count of 0 or 1, which French says in the singular
 * (the English is the same).  Themes are added from batch_theme_words as
 * "theme.ID".
 */
static const struct {
	const char *key;
	const char *msgid;
} words[] = {
	{ "all_pass", N_("every practice passes") },
	{ "changes", N_("%s improved, %s regressed, %s same, %s new") },
	{ "col.failing", N_("failing") },
	{ "col.score", N_("score") },
	{ "col.status", N_("status") },
	{ "col.target", N_("repository") },
	{ "counts", N_("%s repositories: %s audited, %s unchanged, "
		       "%s errors") },
	{ "counts.one", NC_("one", "%s repositories: %s audited, %s unchanged, "
				   "%s errors") },
	{ "errors_only", N_("errors only") },
	{ "failing_in", N_("%s: failing in %s of %s") },
	{ "filter", N_("filter: repository, status, rule id") },
	{ "finding.error", NC_("rule", "error") },
	{ "finding.fail", NC_("rule", "fail") },
	{ "finding.partial", NC_("rule", "partial") },
	{ "improved_in", N_("%s improved in %s") },
	{ "improved_in.one", NC_("one", "%s improved in %s") },
	{ "no_worst", N_("no practice fails") },
	{ "regressed_in", N_("%s regressed in %s") },
	{ "run", N_("run of %s (%s min), vigie %s, rules %s") },
	{ "run_orgs", N_("organisations: %s") },
	{ "regressed_in.one", NC_("one", "%s regressed in %s") },
	{ "sep", NC_("separator", ": ") },
	{ "shown", N_("%s shown") },
	{ "since", N_("Since the previous run") },
	{ "status.audited", NC_("repository", "audited") },
	{ "status.error", NC_("repository", "error") },
	{ "status.unchanged", NC_("repository", "unchanged") },
	{ "worst", N_("Worst practices") },
};

/* The words above and the themes', in lang, as one JSON object. */
static json_t *page_words(enum vigie_lang lang)
{
	json_t *out = json_object();
	const char *text;
	char key[64];
	size_t i;
	int t;

	for (i = 0; out && i < VIGIE_ARRAY_SIZE(words); i++) {
		text = vigie_i18n_text(lang, words[i].msgid);
		if (json_object_set_new(out, words[i].key, json_string(text)) < 0)
			goto fail;
	}
	for (t = 0; out && t < VIGIE_THEME_COUNT; t++) {
		snprintf(key, sizeof(key), "theme.%s", vigie_theme_name(t));
		text = vigie_i18n_text(lang, batch_theme_words[t]);
		if (json_object_set_new(out, key, json_string(text)) < 0)
			goto fail;
	}
	return out;
fail:
	json_decref(out);
	return NULL;
}

/*
 * JSON inside a <script> element: a '<' could close it or open a comment,
 * so every one becomes \u003c, which JSON.parse reads back unchanged.
 */
static int put_script_json(struct vigie_buf *out, json_t *v)
{
	struct vigie_buf tmp = VIGIE_BUF_INIT;
	size_t i;
	int rc = v ? vigie_json_dump(&tmp, v, JSON_COMPACT | JSON_REAL_PRECISION(6))
		   : VIGIE_EGENERIC;

	for (i = 0; !rc && i < tmp.len; i++)
		rc = tmp.ptr[i] == '<' ? vigie_buf_puts(out, "\\u003c")
				       : vigie_buf_putc(out, tmp.ptr[i]);
	vigie_buf_release(&tmp);
	return rc;
}

int batch_html_write(const char *path, enum vigie_lang lang, json_t *rows,
		     json_t *practices, json_t *summary,
		     struct vigie_error *err)
{
	/* In the order the template holds them; @LANG@ is a bare word. */
	static const char *const slots[] = { "@LANG@", "@UI@", "@DATA@",
					     "@RULES@", "@SUMMARY@" };
	json_t *ui = page_words(lang);
	json_t *values[] = { NULL, ui, rows, practices, summary };
	struct vigie_buf out = VIGIE_BUF_INIT;
	size_t len = 0, i;
	const char *page = vigie_rules_embedded_data("batch-page.html", &len);
	const char *at = page, *end = page + len, *slot;
	int rc = 0;

	for (i = 0; i < VIGIE_ARRAY_SIZE(slots) && !rc; i++) {
		slot = at ? strstr(at, slots[i]) : NULL;
		if (!slot) {
			rc = vigie_error_set(err, VIGIE_EGENERIC, "batch-page.html",
					     N_("the page template has no %s"),
					     slots[i]);
			goto out;
		}
		rc = vigie_buf_add(&out, at, (size_t)(slot - at));
		if (!rc)
			rc = i == 0 ? vigie_buf_puts(&out, vigie_lang_name(lang))
				    : put_script_json(&out, values[i]);
		at = slot + strlen(slots[i]);
	}
	if (!rc)
		rc = vigie_buf_add(&out, at, (size_t)(end - at));
	if (rc)
		rc = vigie_error_set(err, VIGIE_EGENERIC, path, N_("out of memory"));
	else if (vigie_write_atomic(path, out.ptr, out.len) < 0)
		rc = vigie_error_set(err, VIGIE_EGENERIC, path, N_("cannot write: %s"),
				     strerror(errno));
out:
	json_decref(ui);
	vigie_buf_release(&out);
	return rc;
}
