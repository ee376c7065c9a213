/* SPDX-License-Identifier: EUPL-1.2 */
/* The conduct collector: the code of conduct's template and contact. */
#include <string.h>

#include "vigie/buf.h"
#include "vigie/conduct.h"
#include "vigie/facts.h"
#include "vigie/snapshot.h"
#include "vigie/sys/collect.h"
#include "json.h"
#include "banned.h"

/* Codes of conduct read at most (root first, as the inventory lists them). */
#define MAX_FILES 4
#define FILE_CAP (256 * 1024)

static double rounded(double v)
{
	return (double)(long)(v * 1000 + 0.5) / 1000;
}

static json_t *describe(const char *path, const struct vigie_conduct *c,
			bool identities)
{
	json_t *o = json_pack("{s:o}", "path", vigie_json_str(path));
	json_t *contact = json_pack("{s:s}", "kind",
				    vigie_conduct_contact_name(c->contact));

	if (c->template_id)
		json_object_set_new(o, "template", json_string(c->template_id));
	else
		json_object_set_new(o, "template", json_string("none"));
	if (c->version)
		json_object_set_new(o, "version", json_string(c->version));
	if (c->language)
		json_object_set_new(o, "language", json_string(c->language));
	if (c->version)
		json_object_set_new(o, "confidence",
				    json_real(rounded(c->confidence)));
	json_object_set_new(o, "words", json_integer((json_int_t)c->words));
	if (c->reference)
		json_object_set_new(o, "reference", vigie_json_str(c->reference));
	if (c->contact == VIGIE_CONDUCT_CONTACT_EMAIL) {
		/* a person's address is an identity: whole only on request */
		const char *at = c->contact_value ?
				 strchr(c->contact_value, '@') : NULL;
		if (identities)
			json_object_set_new(contact, "value",
					    vigie_json_str(c->contact_value));
		if (at)
			json_object_set_new(contact, "domain",
					    vigie_json_str(at + 1));
	} else if (c->contact == VIGIE_CONDUCT_CONTACT_URL) {
		json_object_set_new(contact, "value",
				    vigie_json_str(c->contact_value));
	}
	json_object_set_new(o, "contact", contact);
	return o;
}

int vigie_conduct_collect(json_t **out, const struct vigie_collect_ctx *ctx,
			  struct vigie_error *err)
{
	json_t *list = vigie_json_path(ctx->facts, "inventory.code_of_conduct");
	json_t *first = NULL;
	size_t i;
	int rc = 0;

	*out = NULL;
	for (i = 0; i < json_array_size(list) && i < MAX_FILES; i++) {
		const char *path = json_string_value(
			json_object_get(json_array_get(list, i), "path"));
		const struct vigie_entry *e =
			path ? vigie_snapshot_find(ctx->snap, path, false) : NULL;
		struct vigie_buf b = VIGIE_BUF_INIT;
		struct vigie_conduct c;
		bool known;

		if (!e)
			continue;
		vigie_buf_init(&b, FILE_CAP);
		/* unreadable, too large or binary: not a text to judge */
		if (vigie_snapshot_read(&b, ctx->snap, e, FILE_CAP, NULL,
					NULL) < 0 ||
		    (b.len && memchr(b.ptr, '\0', b.len))) {
			vigie_buf_release(&b);
			continue;
		}
		rc = vigie_conduct_identify(&c, b.ptr ? b.ptr : "", b.len, err);
		vigie_buf_release(&b);
		if (rc < 0)
			break;
		known = c.template_id && strcmp(c.template_id, "reference");
		if (known || !first) {
			json_decref(first);
			first = describe(path, &c, ctx->opts && ctx->opts->identities);
		}
		vigie_conduct_release(&c);
		if (known)
			break;
	}
	if (rc < 0) {
		json_decref(first);
		return rc;
	}
	*out = first;
	return 0;
}
