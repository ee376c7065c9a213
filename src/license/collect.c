/* SPDX-License-Identifier: EUPL-1.2 */
/* The license collector: files, declarations, one expression, flags. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vigie/buf.h"
#include "vigie/facts.h"
#include "vigie/snapshot.h"
#include "internal.h"
#include "json.h"
#include "banned.h"

#define MAX_FILES 32
#define MAX_MANIFESTS 16
#define FILE_CAP (512 * 1024)

struct sources {
	char *bases[MAX_FILES + MAX_MANIFESTS + 1]; /* per source, new */
	size_t n;
};

static int read_path(struct vigie_buf *b, struct vigie_snapshot *snap,
		     const char *path)
{
	const struct vigie_entry *e = vigie_snapshot_find(snap, path, false);

	if (!e)
		return VIGIE_ENOTFOUND;
	vigie_buf_init(b, FILE_CAP);
	return vigie_snapshot_read(b, snap, e, FILE_CAP, NULL, NULL);
}

static double rounded(double v)
{
	return (double)(long)(v * 1000 + 0.5) / 1000;
}

/*
 * LICENSES/LicenseRef-NAME.EXT (REUSE): ref gets "LicenseRef-NAME" when the
 * name is a valid SPDX user-defined reference.
 */
static bool reuse_ref(const char *path, char *ref, size_t n)
{
	const char *base = strrchr(path, '/');
	size_t len, i;

	if (!base || base - path != 8 || strncasecmp(path, "licenses", 8))
		return false;
	base++;
	if (strncmp(base, "LicenseRef-", 11))
		return false;
	len = strcspn(base, ".");
	if (len <= 11 || len >= n)
		return false;
	for (i = 11; i < len; i++)
		if (!isalnum((unsigned char)base[i]) && base[i] != '-')
			return false;
	memcpy(ref, base, len);
	ref[len] = '\0';
	return true;
}

/* Identify one file; append it to files[]; remember its expression. */
static int add_file(json_t *files, struct sources *src, char **expr_out,
		    struct vigie_snapshot *snap, const char *path,
		    unsigned opts)
{
	struct vigie_buf b;
	struct vigie_license_result r;
	char ref[128];
	int rc;

	rc = read_path(&b, snap, path);
	if (rc < 0) {
		vigie_buf_release(&b);
		return 0; /* unreadable or too large: not evidence */
	}
	rc = vigie_license_identify(&r, b.ptr ? b.ptr : "", b.len, opts, NULL);
	vigie_buf_release(&b);
	if (rc < 0)
		return -1;
	if ((opts & VIGIE_LICENSE_README) && !r.count) {
		vigie_license_result_release(&r);
		return 0;
	}
	if (!r.count && reuse_ref(path, ref, sizeof(ref))) {
		/* REUSE: LICENSES/LicenseRef-NAME.txt declares a license of the
		 * project's own, which no database can know by its text. */
		vigie_license_result_release(&r);
		json_array_append_new(files, json_pack(
			"{s:o, s:s, s:f, s:s}", "path", vigie_json_str(path),
			"spdx", ref, "confidence", 1.0, "method", "filename"));
		if (src->n < VIGIE_ARRAY_SIZE(src->bases) &&
		    vigie_license_expr_bases(&src->bases[src->n], ref) == 0)
			src->n++;
		if (expr_out && !*expr_out)
			*expr_out = strdup(ref);
		return 0;
	}
	json_array_append_new(files, json_pack(
		"{s:o, s:s, s:f, s:s}", "path", vigie_json_str(path), "spdx",
		r.expression, "confidence", rounded(r.confidence), "method",
		r.count ? vigie_license_method_name(r.method) : "none"));
	if (r.count && src->n < VIGIE_ARRAY_SIZE(src->bases)) {
		if (vigie_license_expr_bases(&src->bases[src->n], r.expression) == 0)
			src->n++;
		if (expr_out && !*expr_out)
			*expr_out = strdup(r.expression);
	}
	vigie_license_result_release(&r);
	return 0;
}

/* Join b to *acc with AND, parenthesising operands holding OR. */
static int join_and(char **acc, const char *b)
{
	struct vigie_buf out = VIGIE_BUF_INIT;
	bool pa, pb;

	if (!*acc) {
		*acc = strdup(b);
		return *acc ? 0 : -1;
	}
	if (strstr(*acc, b))
		return 0;
	pa = strstr(*acc, " OR ") != NULL;
	pb = strstr(b, " OR ") != NULL;
	if (vigie_buf_printf(&out, "%s%s%s AND %s%s%s", pa ? "(" : "", *acc,
			     pa ? ")" : "", pb ? "(" : "", b, pb ? ")" : "") < 0) {
		vigie_buf_release(&out);
		return -1;
	}
	free(*acc);
	*acc = vigie_buf_detach(&out, NULL);
	return 0;
}

int vigie_license_collect(json_t **out, const struct vigie_collect_ctx *ctx,
			  struct vigie_error *err)
{
	json_t *inv = json_object_get(ctx->facts, "inventory");
	json_t *lic_paths = json_object_get(inv, "license");
	json_t *readmes = json_object_get(inv, "readme");
	json_t *o = NULL, *files = json_array(), *declared = json_array();
	struct sources src;
	char *file_expr = NULL, *readme_expr = NULL, *expr = NULL;
	char *file_bases = NULL;
	char *decl_exprs[MAX_MANIFESTS];
	size_t i, ndecl = 0, nfile_sources;
	int rc = -1;

	*out = NULL;
	memset(&src, 0, sizeof(src));
	if (!files || !declared)
		goto oom;
	if (vigie_license_db_load(err) < 0) {
		rc = err ? err->code : VIGIE_EINVALID;
		goto done;
	}
	for (i = 0; i < json_array_size(lic_paths) && i < MAX_FILES; i++) {
		const char *p = json_string_value(
			json_object_get(json_array_get(lic_paths, i), "path"));
		char *one = NULL;
		if (!p)
			continue;
		if (add_file(files, &src, &one, ctx->snap, p,
			     vigie_license_opts_for_path(p) |
				     VIGIE_LICENSE_BARE_NAMES) < 0)
			goto oom;
		if (one && join_and(&file_expr, one) < 0) {
			free(one);
			goto oom;
		}
		free(one);
	}
	nfile_sources = src.n;
	if (file_expr && vigie_license_expr_bases(&file_bases, file_expr) < 0)
		goto oom;
	if (json_array_size(readmes)) {
		const char *p = json_string_value(
			json_object_get(json_array_get(readmes, 0), "path"));
		if (p && add_file(files, &src, &readme_expr, ctx->snap, p,
				  VIGIE_LICENSE_README) < 0)
			goto oom;
	}
	for (i = 0; i < vigie_snapshot_count(ctx->snap) && ndecl < MAX_MANIFESTS;
	     i++) {
		const struct vigie_entry *e = vigie_snapshot_entry(ctx->snap, i);
		struct vigie_buf b;
		char *value = NULL, *norm = NULL;
		json_t *d;
		if (strchr(e->path, '/') || !vigie_license_is_manifest(e->path))
			continue;
		if (read_path(&b, ctx->snap, e->path) < 0 ||
		    vigie_license_manifest_value(&value, e->path,
						 b.ptr ? b.ptr : "", b.len) < 0) {
			vigie_buf_release(&b);
			continue;
		}
		vigie_buf_release(&b);
		d = json_pack("{s:o, s:o}", "path", vigie_json_str(e->path),
			      "value", vigie_json_str(value));
		if (vigie_license_expr_normalize(&norm, value, NULL) == 0) {
			json_object_set_new(d, "spdx", json_string(norm));
			if (src.n < VIGIE_ARRAY_SIZE(src.bases) &&
			    vigie_license_expr_bases(&src.bases[src.n], norm) == 0)
				src.n++;
			decl_exprs[ndecl++] = norm;
		}
		json_array_append_new(declared, d);
		free(value);
	}
	/* The project's expression: a declaration (manifest, then README)
	 * that names the same licenses as the license files says how they
	 * combine; without files, the declaration is all there is. */
	for (i = 0; i < ndecl + 1 && !expr; i++) {
		const char *cand = i < ndecl ? decl_exprs[i] : readme_expr;
		char *bases = NULL;
		if (!cand)
			continue;
		if (vigie_license_expr_bases(&bases, cand) < 0)
			goto oom;
		if (!file_bases || !strcmp(bases, file_bases))
			expr = strdup(cand);
		free(bases);
	}
	if (!expr && file_expr)
		expr = strdup(file_expr);
	o = json_object();
	if (!o)
		goto oom;
	json_object_set_new(o, "expression", json_string(expr ? expr : "NONE"));
	json_object_set_new(o, "files", files);
	json_object_set_new(o, "declared", declared);
	files = declared = NULL;
	if (src.n) {
		bool same = true;
		for (i = 1; i < src.n; i++)
			same = same && !strcmp(src.bases[i], src.bases[0]);
		/* several license files (LICENSE-MIT, LICENSE-APACHE) each
		 * hold a part: compare their union instead */
		if (!same && nfile_sources > 1 && file_bases) {
			same = true;
			for (i = nfile_sources; i < src.n; i++)
				same = same && !strcmp(src.bases[i], file_bases);
		}
		json_object_set_new(o, "consistent", json_boolean(same));
	}
	json_object_set_new(o, "osi", json_boolean(vigie_license_expr_flag(
					      expr, VIGIE_LICENSE_FLAG_OSI)));
	json_object_set_new(o, "fsf_libre", json_boolean(vigie_license_expr_flag(
					      expr, VIGIE_LICENSE_FLAG_FSF_LIBRE)));
	json_object_set_new(o, "copyleft", json_boolean(vigie_license_expr_flag(
					      expr, VIGIE_LICENSE_FLAG_COPYLEFT)));
	json_object_set_new(o, "fr_public_sector",
			    json_boolean(vigie_license_expr_flag(
				    expr, VIGIE_LICENSE_FLAG_FR_PUBLIC_SECTOR)));
	*out = o;
	rc = 0;
	goto done;
oom:
	rc = vigie_error_set(err, VIGIE_EGENERIC, NULL, "out of memory");
done:
	json_decref(files);
	json_decref(declared);
	for (i = 0; i < src.n; i++)
		free(src.bases[i]);
	for (i = 0; i < ndecl; i++)
		free(decl_exprs[i]);
	free(file_expr);
	free(file_bases);
	free(readme_expr);
	free(expr);
	return rc;
}
