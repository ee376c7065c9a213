/* SPDX-License-Identifier: EUPL-1.2 */
/* The license collector: files, declarations, one expression, flags. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vigie/buf.h"
#include "vigie/facts.h"
#include "vigie/snapshot.h"
#include "vigie/sys/collect.h"
#include "internal.h"
#include "json.h"
#include "kept.h"
#include "sha256.h"
#include "rules/license-key.h"
#include "banned.h"

#define MAX_FILES 32
#define MAX_MANIFESTS 16
#define FILE_CAP (512 * 1024)

/*
 * What one blob read with one set of options says.  A tree repeats the same
 * license text in each of its parts (a workspace's crates, vendored
 * copies): each text is identified once.
 */
struct seen_text {
	unsigned char oid[20];
	unsigned opts;
	int rc;             /* the read's code, when it failed */
	char ref[128];      /* an unknown text's title reference, or "" */
	bool grants;        /* an unknown text granting the four freedoms */
	struct vigie_license_result r;
};

struct sources {
	char *bases[MAX_FILES + MAX_MANIFESTS + 1]; /* per source, new */
	size_t n;
	struct seen_text seen[MAX_FILES + 2];
	size_t nseen;
	struct vigie_kept *kept; /* what earlier audits made of the texts */
};

static int read_path(struct vigie_buf *b, struct vigie_snapshot *snap,
		     const char *path)
{
	const struct vigie_entry *e = vigie_snapshot_find(snap, path, false);

	vigie_buf_init(b, FILE_CAP);
	if (!e)
		return VIGIE_ENOTFOUND;
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

static bool has_word_ci(const char *hay, const char *word)
{
	size_t n = strlen(word);

	for (; *hay; hay++)
		if (!strncasecmp(hay, word, n))
			return true;
	return false;
}

/* ---- the parts found ------------------------------------------------------ */

enum origin {
	ORIGIN_ROOT,    /* LICENSE, COPYING... at the root */
	ORIGIN_LICENSES, /* LICENSES/ (REUSE) */
	ORIGIN_SUBDIR,  /* docs/LICENSE... */
	ORIGIN_PART,    /* reftable/LICENSE: a part's (vendored code...) */
	ORIGIN_ANNOTATION, /* REUSE.toml, .reuse/dep5 */
	ORIGIN_MENTION, /* a license a file names for a part of the work */
	ORIGIN_COUNT
};

/* One license statement and where it applies. */
struct part {
	char *expr;          /* normalised SPDX expression */
	char *bases;         /* its base ids */
	const char *path;    /* the file (borrowed from facts) or NULL */
	const struct lic_reuse_ann *ann; /* the annotation, if any */
	enum origin origin;
	const char *scope;   /* NULL: the project's own license */
};

/* The static name of a scope a match carries, or NULL. */
static const char *scope_known(const char *s)
{
	static const char *const names[] = {
		"docs", "data", "assets", "fonts", "third-party", "files",
	};
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(names); i++)
		if (!strcmp(s, names[i]))
			return names[i];
	return NULL;
}

static const char *scope_name(const char *s)
{
	const char *known = scope_known(s);

	return known ? known : "files";
}

#define MAX_PARTS (MAX_FILES * 2 + 64)

struct parts {
	struct part p[MAX_PARTS];
	size_t n;
};

static int add_part(struct parts *ps, const char *expr, const char *path,
		    const struct lic_reuse_ann *ann, enum origin origin,
		    const char *scope)
{
	struct part *p;

	if (ps->n >= MAX_PARTS || !expr || !strcmp(expr, "NONE"))
		return 0;
	p = &ps->p[ps->n];
	memset(p, 0, sizeof(*p));
	p->expr = strdup(expr);
	if (!p->expr || vigie_license_expr_bases(&p->bases, expr) < 0) {
		free(p->expr);
		return -1;
	}
	p->path = path;
	p->ann = ann;
	p->origin = origin;
	p->scope = scope;
	ps->n++;
	return 0;
}

/*
 * LICENSES/ID.EXT (REUSE) where ID is an SPDX id of the same license as
 * what the text says (only its -only/-or-later may differ): ref gets ID.
 */
static bool reuse_id(const char *path, char *ref, size_t n, const char *found)
{
	const struct vigie_license_info *info;
	const char *base = strrchr(path, '/');
	char *a = NULL, *b = NULL;
	size_t len;
	bool same;

	if (!base || base - path != 8 || strncasecmp(path, "licenses", 8))
		return false;
	base++;
	len = strlen(base);
	if (len > 4 && (!strcmp(base + len - 4, ".txt") ||
			!strcmp(base + len - 3, ".md")))
		len -= base[len - 3] == '.' ? 3 : 4;
	if (len >= n)
		return false;
	snprintf(ref, n, "%.*s", (int)len, base);
	info = vigie_license_db_find(ref);
	if (!info || !strcmp(info->id, found))
		return false;
	snprintf(ref, n, "%s", info->id);
	same = vigie_license_expr_bases(&a, ref) == 0 &&
	       vigie_license_expr_bases(&b, found) == 0 && !strcmp(a, b);
	free(a);
	free(b);
	return same;
}

/*
 * The name of a license text no database knows, from its title line ("The
 * Lil License v1" gives "LicenseRef-Lil-License-v1"): the first line that
 * is not blank, of at most 8 words and 60 bytes of letters, digits, dots
 * and dashes, naming a license ("License", "Licence", "Lizenz") other
 * than by a generic word ("License", "Software License Agreement").  False
 * when the text has no such title: the caller says "LicenseRef-unknown".
 */
static const char *const generic_titles[] = {
	"License", "Licence", "Software-License", "Software-Licence",
	"License-Agreement", "Licence-Agreement", "Software-License-Agreement",
	"End-User-License-Agreement", "License-Terms", "Copying",
};

static bool title_ref(char *ref, size_t n, const char *text, size_t len)
{
	static const char *const marks[] = { "licen", "lizenz" };
	size_t i = 0, e, k, o, words = 0;
	bool named = false, space = true;

	while (i < len && strchr(" \t\r\n#=*_-", text[i]))
		i++;
	for (e = i; e < len && text[e] != '\n' && text[e] != '\r'; e++)
		;
	while (e > i && strchr(" \t#*_", text[e - 1]))
		e--;
	if (e == i || e - i > 60)
		return false;
	if (e - i > 4 && !strncasecmp(text + i, "the ", 4))
		i += 4;
	o = (size_t)snprintf(ref, n, "LicenseRef-");
	for (k = i; k < e; k++) {
		unsigned char c = (unsigned char)text[k];
		if (c == ' ' || c == '\t') {
			space = true;
			continue;
		}
		if (!isalnum(c) && c != '.' && c != '-')
			return false;
		if (space && o > 11) {
			if (o + 1 >= n)
				return false;
			ref[o++] = '-';
		}
		if (space)
			words++;
		space = false;
		if (o + 1 >= n)
			return false;
		ref[o++] = (char)c;
	}
	ref[o] = '\0';
	for (k = 0; k < VIGIE_ARRAY_SIZE(marks); k++)
		named = named || has_word_ci(ref + 11, marks[k]);
	/* "License", "Software License Agreement" name no license */
	for (k = 0; k < VIGIE_ARRAY_SIZE(generic_titles); k++)
		if (!strcasecmp(ref + 11, generic_titles[k]))
			return false;
	return named && words <= 8;
}

/* Is the text more than a line pointing elsewhere (a dozen words)? */
static bool is_text(const char *text, size_t len)
{
	size_t i, words = 0;

	for (i = 0; i < len && words < 12; i++)
		words += !isspace((unsigned char)text[i]) &&
			 (!i || isspace((unsigned char)text[i - 1]));
	return words >= 12;
}

/* Identify one file; append it to files[]; remember its expression.  A
 * license file at the root that no database knows gives its title's
 * LicenseRef- in *unknown_out (when given). */
/*
 * The identification of the blob at path with opts, from src's memory or
 * done now (into *tmp when the memory is full).  *out is NULL when no such
 * file exists; its rc is the read's code when the file could not be read
 * (too large, not a blob).  -1: out of memory (nothing remembered).
 */
/* ---- what earlier audits made of a text --------------------------------- */

/*
 * Identifying a license text is most of this collector's time, and a blob
 * never changes: what an audit made of one is kept (util/kept.c,
 * CACHE/licenses/) for the next audit of the repository, under a digest of
 * the blob's id and the options, by a build of the same key (its license
 * sources and database).  One line of the outcome, then one a match, their
 * fields split by tabs:
 *
 *   grants, method, confidence, count, expression ("-": none), reference
 *   id, confidence, method, first and last word, first and end byte, scope
 *
 * The file is read as untrusted: a line that does not parse is a miss.
 */
#define KEPT_KIND "licenses"
#define KEPT_MATCHES 64

static void kept_key(unsigned char key[20], const unsigned char oid[20],
		     unsigned opts)
{
	struct vigie_sha256 sha;
	unsigned char o[4] = { (unsigned char)opts, (unsigned char)(opts >> 8),
			       (unsigned char)(opts >> 16),
			       (unsigned char)(opts >> 24) };
	char hex[65];
	size_t i;

	vigie_sha256_init(&sha);
	vigie_sha256_update(&sha, oid, 20);
	vigie_sha256_update(&sha, o, sizeof(o));
	vigie_sha256_hex(&sha, hex);
	for (i = 0; i < 20; i++) {
		char hi = hex[2 * i], lo = hex[2 * i + 1];
		key[i] = (unsigned char)((hi <= '9' ? hi - '0' : hi - 'a' + 10) << 4 |
					 (lo <= '9' ? lo - '0' : lo - 'a' + 10));
	}
}

/* A field to keep: no tab, no line break (else the text is not kept). */
static bool kept_field(const char *s)
{
	return !s || !strpbrk(s, "\t\n\r");
}

static int kept_save(struct vigie_kept *kp, const unsigned char key[20],
		     const struct seen_text *t)
{
	const struct vigie_license_result *r = &t->r;
	struct vigie_buf b = VIGIE_BUF_INIT;
	size_t i;
	int rc = 0;

	if (!kept_field(r->expression) || !kept_field(t->ref) ||
	    r->count > KEPT_MATCHES)
		return 0;
	for (i = 0; i < r->count; i++)
		if (!kept_field(r->matches[i].id) ||
		    !kept_field(r->matches[i].scope))
			return 0;
	rc = vigie_buf_printf(&b, "%d\t%d\t%.17g\t%zu\t%s\t%s\n",
			      t->grants ? 1 : 0, (int)r->method, r->confidence,
			      r->count, r->expression ? r->expression : "-",
			      t->ref);
	for (i = 0; i < r->count && rc == 0; i++) {
		const struct vigie_license_match *m = &r->matches[i];
		rc = vigie_buf_printf(&b, "%s\t%.17g\t%d\t%zu\t%zu\t%zu\t%zu\t%s\n",
				      m->id, m->confidence, (int)m->method,
				      m->first_word, m->last_word, m->first_byte,
				      m->end_byte, m->scope ? m->scope : "");
	}
	if (rc == 0)
		rc = vigie_kept_add(kp, key, b.ptr, b.len);
	vigie_buf_release(&b);
	return rc < 0 ? -1 : 0;
}

/* The next field of line [*p, end) into f (size bytes), up to a tab. */
static bool kept_next(const char **p, const char *end, char *f, size_t size)
{
	const char *q = *p;
	size_t n;

	while (q < end && *q != '\t')
		q++;
	n = (size_t)(q - *p);
	if (n >= size)
		return false;
	memcpy(f, *p, n);
	f[n] = '\0';
	*p = q < end ? q + 1 : q;
	return true;
}

static bool kept_num(const char *f, unsigned long long max,
		     unsigned long long *v)
{
	char *e;

	if (!*f || *f == '-' || *f == '+')
		return false;
	*v = strtoull(f, &e, 10);
	return !*e && *v <= max;
}

static bool kept_real(const char *f, double *v)
{
	char *e;

	*v = strtod(f, &e);
	return *f && !*e && *v >= 0 && *v <= 1;
}

/* One line of text [*p, end), its fields into f[n]. */
static bool kept_line(const char **p, const char *end, char f[][128], size_t n)
{
	const char *eol = memchr(*p, '\n', (size_t)(end - *p));
	size_t i;

	if (!eol)
		return false;
	for (i = 0; i < n; i++)
		if (!kept_next(p, eol, f[i], 128) || (i + 1 < n && *p >= eol &&
						      (*p)[-1] != '\t'))
			return false;
	if (*p != eol)
		return false;
	*p = eol + 1;
	return true;
}

static bool kept_load(struct seen_text *t, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	struct vigie_license_result *r = &t->r;
	char f[8][128];
	unsigned long long v[4], count, i;

	memset(r, 0, sizeof(*r));
	if (!kept_line(&p, end, f, 6) || !kept_num(f[0], 1, &v[0]) ||
	    !kept_num(f[1], VIGIE_LICENSE_METHOD_COUNT, &v[1]) ||
	    !kept_real(f[2], &r->confidence) ||
	    !kept_num(f[3], KEPT_MATCHES, &count) ||
	    strlen(f[5]) >= sizeof(t->ref))
		return false;
	t->grants = v[0];
	r->method = (enum vigie_license_method)v[1];
	snprintf(t->ref, sizeof(t->ref), "%s", f[5]);
	if (strcmp(f[4], "-") && !(r->expression = strdup(f[4])))
		goto bad;
	if (count && !(r->matches = calloc((size_t)count, sizeof(*r->matches))))
		goto bad;
	for (i = 0; i < count; i++) {
		struct vigie_license_match *m = &r->matches[i];
		unsigned long long method;
		if (!kept_line(&p, end, f, 8) || !f[0][0] ||
		    (f[7][0] && !scope_known(f[7])) ||
		    !kept_real(f[1], &m->confidence) ||
		    !kept_num(f[2], VIGIE_LICENSE_METHOD_COUNT, &method) ||
		    !kept_num(f[3], SIZE_MAX, &v[0]) ||
		    !kept_num(f[4], SIZE_MAX, &v[1]) ||
		    !kept_num(f[5], SIZE_MAX, &v[2]) ||
		    !kept_num(f[6], SIZE_MAX, &v[3]))
			goto bad;
		if (!(m->id = strdup(f[0])))
			goto bad;
		m->scope = f[7][0] ? scope_known(f[7]) : NULL;
		m->method = (enum vigie_license_method)method;
		m->first_word = (size_t)v[0];
		m->last_word = (size_t)v[1];
		m->first_byte = (size_t)v[2];
		m->end_byte = (size_t)v[3];
		r->count++;
	}
	if (p == end)
		return true;
bad:
	vigie_license_result_release(r);
	t->ref[0] = '\0';
	t->grants = false;
	return false;
}

static int identify_path(const struct seen_text **out, struct seen_text *tmp,
			 struct sources *src, struct vigie_snapshot *snap,
			 const char *path, unsigned opts)
{
	const struct vigie_entry *e = vigie_snapshot_find(snap, path, false);
	struct seen_text *t;
	struct vigie_buf b;
	unsigned char key[20];
	size_t i;
	int rc;

	*out = NULL;
	if (!e)
		return 0;
	for (i = 0; i < src->nseen; i++)
		if (src->seen[i].opts == opts &&
		    !memcmp(src->seen[i].oid, e->oid, sizeof(e->oid))) {
			*out = &src->seen[i];
			return 0;
		}
	t = src->nseen < VIGIE_ARRAY_SIZE(src->seen) ? &src->seen[src->nseen]
						     : tmp;
	memset(t, 0, sizeof(*t));
	memcpy(t->oid, e->oid, sizeof(t->oid));
	t->opts = opts;
	/* (a link's blob is its target's path: not the text) */
	if (src->kept && e->kind == VIGIE_ENTRY_FILE) {
		const char *text;
		size_t len;
		kept_key(key, e->oid, opts);
		if (vigie_kept_get(src->kept, key, &text, &len) &&
		    kept_load(t, text, len)) {
			if (t != tmp)
				src->nseen++;
			*out = t;
			return 0;
		}
	}
	vigie_buf_init(&b, FILE_CAP);
	rc = vigie_snapshot_read(&b, snap, e, FILE_CAP, NULL, NULL);
	if (rc == VIGIE_ENOMEM) {
		vigie_buf_release(&b);
		return -1;
	}
	if (rc < 0) {
		t->rc = rc;
	} else if (vigie_license_identify(&t->r, b.ptr ? b.ptr : "", b.len,
					  opts, NULL) < 0) {
		vigie_license_result_release(&t->r);
		vigie_buf_release(&b);
		return -1;
	} else if (!t->r.count && !(opts & VIGIE_LICENSE_README) && b.ptr &&
		   is_text(b.ptr, b.len) &&
		   !title_ref(t->ref, sizeof(t->ref), b.ptr, b.len)) {
		snprintf(t->ref, sizeof(t->ref), "LicenseRef-unknown");
	}
	if (t->ref[0])
		t->grants = lic_grants_freedoms(b.ptr, b.len);
	vigie_buf_release(&b);
	if (src->kept && e->kind == VIGIE_ENTRY_FILE && t->rc == 0 &&
	    kept_save(src->kept, key, t) < 0) {
		vigie_license_result_release(&t->r);
		return -1;
	}
	if (t != tmp)
		src->nseen++;
	*out = t;
	return 0;
}

static void sources_release(struct sources *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		free(src->bases[i]);
	for (i = 0; i < src->nseen; i++)
		vigie_license_result_release(&src->seen[i].r);
}

/*
 * Identify the license file at path (opts: vigie_license_identify's), add
 * its entry to files[], its licenses to src and the parts it names to ps;
 * *expr_out gets the first expression, *unknown_out the title reference of
 * a text no database knows.  -1: out of memory.
 */
static int add_file(json_t *files, struct sources *src, char **expr_out,
		    char **unknown_out, bool *grants_out, struct parts *ps,
		    struct vigie_snapshot *snap, const char *path, unsigned opts)
{
	struct seen_text tmp;
	const struct seen_text *t;
	const struct vigie_license_result *r;
	const char *expression;
	char ref[128];
	size_t i;
	int rc;

	memset(&tmp, 0, sizeof(tmp));
	/* out of memory: no verdict at all, rather than one without this
	 * file; absent, unreadable or too large: not evidence */
	if (identify_path(&t, &tmp, src, snap, path, opts) < 0)
		return -1;
	if (!t || t->rc < 0)
		return 0;
	r = &t->r;
	expression = r->expression;
	if (!r->count && unknown_out && t->ref[0]) {
		*unknown_out = strdup(t->ref);
		if (!*unknown_out)
			goto oom;
		if (grants_out)
			*grants_out = t->grants;
	}
	/* "the documentation under CC-BY-4.0": a license for a part */
	for (i = 0; i < r->count; i++)
		if (r->matches[i].scope &&
		    add_part(ps, r->matches[i].id, path, NULL, ORIGIN_MENTION,
			     scope_name(r->matches[i].scope)) < 0)
			goto oom;
	rc = 0;
	if ((opts & VIGIE_LICENSE_README) && !r->count)
		goto out;
	if (reuse_ref(path, ref, sizeof(ref))) {
		/* REUSE: LICENSES/LicenseRef-NAME.txt declares a license of the
		 * project's own, whatever licenses its text names ("the LGPL 3
		 * or any later version accepted by KDE e.V." is not
		 * LGPL-3.0-or-later). */
		json_array_append_new(files, json_pack(
			"{s:o, s:s, s:f, s:s}", "path", vigie_json_str(path),
			"spdx", ref, "confidence", 1.0, "method", "filename"));
		expression = ref;
		goto sources;
	}
	/* REUSE names LICENSES/ID.txt by its id: GPL-3.0-or-later.txt holds
	 * the bare GNU text, which alone reads as -only */
	if (r->count == 1 && reuse_id(path, ref, sizeof(ref), r->expression))
		expression = ref;
	json_array_append_new(files, json_pack(
		"{s:o, s:s, s:f, s:s}", "path", vigie_json_str(path), "spdx",
		expression, "confidence", rounded(r->confidence), "method",
		r->count ? vigie_license_method_name(r->method) : "none"));
	/* a text that gives licenses to parts only (a README's own
	 * SPDX header, "the documentation is under...") says nothing of
	 * the work's license */
	for (i = 0; i < r->count && r->matches[i].scope; i++)
		;
	if (i == r->count)
		goto out;
sources:
	if (src->n < VIGIE_ARRAY_SIZE(src->bases) &&
	    vigie_license_expr_bases(&src->bases[src->n], expression) == 0)
		src->n++;
	if (expr_out && !*expr_out && !(*expr_out = strdup(expression)))
		goto oom;
	goto out;
oom:
	rc = -1;
out:
	vigie_license_result_release(&tmp.r);
	return rc;
}

/* Is b one of the operands of the AND expression acc (a whole id, or the
 * same parenthesised group)? */
static bool has_operand(const char *acc, const char *b)
{
	size_t n = strlen(b);
	const char *p = acc;

	while ((p = strstr(p, b)) != NULL) {
		bool start = p == acc || p[-1] == ' ' || p[-1] == '(';
		bool end = !p[n] || p[n] == ' ' || p[n] == ')';
		if (start && end)
			return true;
		p++;
	}
	return false;
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
	/* "A AND B" joins its operands one by one, never twice */
	if (!strstr(b, " OR ") && !strstr(b, " WITH ") && strstr(b, " AND ")) {
		char *copy = strdup(b), *tok, *save = NULL;
		int rc = copy ? 0 : -1;
		for (tok = copy ? strtok_r(copy, " ", &save) : NULL; tok && !rc;
		     tok = strtok_r(NULL, " ", &save))
			if (strcmp(tok, "AND"))
				rc = join_and(acc, tok);
		free(copy);
		return rc;
	}
	if (has_operand(*acc, b))
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

/* ---- where a license applies -------------------------------------------- */

/* Words in a license file's name that say what it covers. */
static const struct { const char *word, *scope; } name_scopes[] = {
	{ "third", "third-party" }, { "3rd", "third-party" },
	{ "vendor", "third-party" }, { "doc", "docs" }, { "content", "docs" },
	{ "ccby", "docs" }, { "cc-by", "docs" }, { "creative", "docs" },
	{ "data", "data" }, { "donnee", "data" }, { "logo", "assets" },
	{ "asset", "assets" }, { "image", "assets" }, { "media", "assets" },
	{ "artwork", "assets" }, { "brand", "assets" }, { "icon", "assets" },
	{ "font", "fonts" },
};

/* Licenses made for other works than software (id prefixes). */
static const struct { const char *prefix, *scope; } license_scopes[] = {
	{ "CC-BY", "docs" }, { "CC-PDDC", "docs" }, { "GFDL-", "docs" },
	{ "etalab-", "docs" }, { "LAL-", "docs" }, { "FreeBSD-DOC", "docs" },
	{ "ODbL-", "data" }, { "ODC-", "data" }, { "PDDL-", "data" },
	{ "CDLA-", "data" }, { "DL-DE-", "data" }, { "NLOD-", "data" },
	{ "OGL-", "data" }, { "OFL-", "fonts" },
};

/* Directories and extensions that say what an annotation covers. */
static const struct { const char *part, *scope; } glob_scopes[] = {
	{ "doc/", "docs" }, { "docs/", "docs" }, { ".md", "docs" },
	{ ".rst", "docs" }, { ".adoc", "docs" }, { ".txt", "docs" },
	{ ".po", "docs" }, { ".html", "docs" }, { "README", "docs" },
	{ "*md", "docs" }, { "*rst", "docs" }, { "*adoc", "docs" },
	{ "CHANGELOG", "docs" }, { "third_party/", "third-party" },
	{ "third-party/", "third-party" }, { "vendor/", "third-party" },
	{ "external/", "third-party" }, { "node_modules/", "third-party" },
	{ ".png", "assets" }, { ".svg", "assets" }, { ".jpg", "assets" },
	{ ".jpeg", "assets" }, { ".gif", "assets" }, { ".ico", "assets" },
	{ ".webp", "assets" }, { "logo", "assets" }, { "images/", "assets" },
	{ "img/", "assets" }, { "assets/", "assets" }, { ".ttf", "fonts" },
	{ ".otf", "fonts" }, { ".woff", "fonts" }, { "fonts/", "fonts" },
	{ ".csv", "data" }, { ".geojson", "data" }, { "data/", "data" },
};

static bool has_word(const char *hay, const char *word)
{
	size_t n = strlen(word);

	for (; *hay; hay++)
		if (!strncasecmp(hay, word, n))
			return true;
	return false;
}

/* What a license file covers by its name (LICENSE-docs, docs/LICENSE,
 * LICENSE.CCBYNCSA.txt), or NULL: the project. */
static const char *scope_of_name(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t i;

	if (base && (!strncasecmp(path, "doc/", 4) ||
		     !strncasecmp(path, "docs/", 5)))
		return "docs";
	base = base ? base + 1 : path;
	/* the words after LICENSE / COPYING: "LICENSE-docs" */
	if (!strncasecmp(base, "license", 7) || !strncasecmp(base, "licence", 7))
		base += 7;
	else if (!strncasecmp(base, "copying", 7))
		base += 7;
	for (i = 0; i < VIGIE_ARRAY_SIZE(name_scopes); i++)
		if (has_word(base, name_scopes[i].word))
			return name_scopes[i].scope;
	return NULL;
}

/* The kind of work every id of expr is made for, or NULL (software, or
 * licenses of different kinds). */
static const char *scope_of_license(const char *expr)
{
	char *bases = NULL, *tok, *save = NULL;
	const char *scope = NULL;
	size_t i;

	if (!expr || vigie_license_expr_bases(&bases, expr) < 0)
		return NULL;
	for (tok = strtok_r(bases, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		const char *s = NULL;
		for (i = 0; i < VIGIE_ARRAY_SIZE(license_scopes) && !s; i++)
			if (!strncmp(tok, license_scopes[i].prefix,
				     strlen(license_scopes[i].prefix)))
				s = license_scopes[i].scope;
		if (!s || (scope && strcmp(s, scope))) {
			scope = NULL;
			break;
		}
		scope = s;
	}
	free(bases);
	return scope;
}

static const char *scope_of_globs(const struct lic_reuse_ann *a)
{
	const char *scope = NULL;
	size_t i, k;

	for (i = 0; i < a->nglobs; i++) {
		const char *s = NULL;
		for (k = 0; k < VIGIE_ARRAY_SIZE(glob_scopes) && !s; k++)
			if (has_word(a->globs[i], glob_scopes[k].part))
				s = glob_scopes[k].scope;
		if (!s || (scope && strcmp(s, scope)))
			return "files";
		scope = s;
	}
	return scope ? scope : "files";
}

/* Is every base id of b among those of a (space-separated lists)? */
static bool bases_within(const char *b, const char *a)
{
	char *copy = strdup(b ? b : ""), *tok, *save = NULL;
	bool yes = copy != NULL;

	if (!copy)
		vigie_nomem_mark(); /* not "no" */
	for (tok = copy ? strtok_r(copy, " ", &save) : NULL; tok && yes;
	     tok = strtok_r(NULL, " ", &save)) {
		size_t n = strlen(tok);
		const char *p = a;
		yes = false;
		while (p && *p && !yes) {
			size_t m = strcspn(p, " ");
			yes = m == n && !strncmp(p, tok, n);
			p += m;
			while (*p == ' ')
				p++;
		}
	}
	free(copy);
	return yes;
}

/* ---- the SPDX headers of the source files ------------------------------ */

/* Extensions of the files whose headers say the code's license. */
/* Sorted (bsearch): is_source asks of every path of the tree. */
static const char *const source_exts[] = {
	".c", ".cc", ".cpp", ".cxx", ".go", ".h", ".hh", ".hpp", ".java",
	".js", ".jsx", ".kt", ".m", ".mm", ".php", ".py", ".qml", ".rb",
	".rs", ".scala", ".sh", ".swift", ".ts", ".tsx", ".vala", ".vue",
};

/* Directories of other projects' code. */
static const char *const vendored_dirs[] = {
	"3rdparty/", "deps/", "external/", "node_modules/", "third-party/",
	"third_party/", "thirdparty/", "vendor/",
};

#define HEADER_FILES 400        /* source files read for the SPDX majority */
#define NOTICE_FILES 128        /* source files read for their notices */
#define NOTICE_QUIET 24         /* read without a notice: one a directory */
#define HEADER_FILE_CAP (64 * 1024) /* larger files are not read */
#define HEADER_BYTES 2048       /* where a header line is looked for */

static int cmp_ext(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static bool is_source(const char *path)
{
	const char *dot = strrchr(path, '.');
	size_t i;

	/* the extension first: most paths end there (called on every one) */
	if (!dot || dot == path || dot[-1] == '/' || strchr(dot, '/'))
		return false;
	if (!bsearch(dot, source_exts, VIGIE_ARRAY_SIZE(source_exts),
		     sizeof(*source_exts), cmp_ext))
		return false;
	for (i = 0; i < VIGIE_ARRAY_SIZE(vendored_dirs); i++) {
		const char *p = strstr(path, vendored_dirs[i]);
		if (p && (p == path || p[-1] == '/'))
			return false;
	}
	return true;
}

/*
 * The value after the first tag in the first limit bytes of text, up to
 * one of stops or the end of the line, into value (size bytes); false when
 * the tag is not there.
 */
static bool tag_value(const char *text, size_t len, size_t limit,
		      const char *tag, const char *stops, char *value,
		      size_t size)
{
	size_t n = len < limit ? len : limit, t = strlen(tag), i, e;

	for (i = 0; i + t <= n; i++)
		if (text[i] == tag[0] && !strncmp(text + i, tag, t))
			break;
	if (i + t > n)
		return false;
	i += t;
	for (e = i; e < len && e - i < size - 1 && text[e] != '\n' &&
		    text[e] != '\r' && !strchr(stops, text[e]); e++)
		;
	snprintf(value, size, "%.*s", (int)(e - i), text + i);
	return true;
}

/* A source file read whole into b (up to HEADER_FILE_CAP); false, b
 * released, when it cannot be. */
static bool read_source(struct vigie_buf *b, struct vigie_snapshot *snap,
			const struct vigie_entry *e)
{
	vigie_buf_init(b, HEADER_FILE_CAP);
	if (vigie_snapshot_read(b, snap, e, HEADER_FILE_CAP, NULL, NULL) < 0 ||
	    !b->ptr) {
		vigie_buf_release(b);
		return false;
	}
	return true;
}

/* The first head bytes of a source file into b, as read_source. */
static bool read_source_head(struct vigie_buf *b, struct vigie_snapshot *snap,
			     const struct vigie_entry *e, size_t head)
{
	vigie_buf_init(b, HEADER_FILE_CAP);
	if (vigie_snapshot_read_head(b, snap, e, head, HEADER_FILE_CAP,
				     NULL) < 0 ||
	    !b->ptr) {
		vigie_buf_release(b);
		return false;
	}
	return true;
}

/* The expression of the first SPDX-License-Identifier line in the first
 * HEADER_BYTES of text, normalised (new), or NULL. */
static char *header_expr(const char *text, size_t len)
{
	char value[256], *norm = NULL;
	size_t e;

	if (!tag_value(text, len, HEADER_BYTES, "SPDX-License-Identifier:", "",
		       value, sizeof(value)))
		return NULL;
	/* the marks that close a comment (C, HTML, Jinja) */
	for (e = strlen(value); e > 0 && strchr(" \t*/->#}\"'", value[e - 1]);
	     e--)
		;
	value[e] = '\0';
	if (vigie_license_expr_normalize(&norm, value, NULL) < 0)
		return NULL;
	return norm;
}

/*
 * REUSE without a license file at the root or an annotation: the
 * expression that more than half of the source files with an
 * SPDX-License-Identifier header declare (at most HEADER_FILES files,
 * spread over the tree, outside vendored directories), or NULL.
 */
static int header_majority(char **out, struct vigie_snapshot *snap)
{
	char *exprs[HEADER_FILES];
	size_t counts[HEADER_FILES];
	size_t n = 0, total = 0, sources = 0, i, k, step, count, best = 0;
	int rc = 0;

	*out = NULL;
	count = vigie_snapshot_count(snap);
	if (count > 20000)
		count = 20000;
	for (i = 0; i < count; i++)
		sources += is_source(vigie_snapshot_entry(snap, i)->path);
	step = sources > HEADER_FILES ? (sources + HEADER_FILES - 1) /
						HEADER_FILES : 1;
	for (i = 0, k = 0; i < count && rc == 0; i++) {
		const struct vigie_entry *e = vigie_snapshot_entry(snap, i);
		struct vigie_buf b;
		char *x;
		size_t j;
		if (!is_source(e->path) || k++ % step)
			continue;
		/* the line is in the first HEADER_BYTES, its value within
		 * 256 more */
		if (!read_source_head(&b, snap, e, HEADER_BYTES + 256))
			continue;
		x = header_expr(b.ptr, b.len);
		vigie_buf_release(&b);
		if (!x)
			continue;
		total++;
		for (j = 0; j < n && strcmp(exprs[j], x); j++)
			;
		if (j < n) {
			counts[j]++;
			free(x);
		} else if (n < HEADER_FILES) {
			exprs[n] = x;
			counts[n++] = 1;
		} else {
			free(x);
		}
	}
	for (i = 0; i < n; i++)
		if (counts[i] > counts[best])
			best = i;
	if (n && 2 * counts[best] > total) {
		*out = strdup(exprs[best]);
		if (!*out)
			rc = -1;
	}
	for (i = 0; i < n; i++)
		free(exprs[i]);
	return rc;
}

/*
 * The licenses that source files' own notices give them, beside the code's
 * ("This library is free software ... GNU Lesser General Public License
 * ... version 2.1 ... or later" in three files of a GPL program): each is
 * an other license of those files (scope "files").  At most NOTICE_FILES
 * source files spread over the tree, their first NOTICE_BYTES read for
 * notices and SPDX lines (no full texts), NOTICE_PATHS paths kept per
 * license.  AppStream metadata (*.metainfo.xml, *.appdata.xml, and their
 * .in templates) gives its own license in <metadata_license>.
 */
#define NOTICE_BYTES 3072
#define NOTICE_PATHS 4
#define NOTICE_PARTS 24

static bool is_appstream(const char *path)
{
	static const char *const exts[] = { ".metainfo.xml", ".appdata.xml" };
	const char *base = strrchr(path, '/'), *p;
	size_t i;

	base = base ? base + 1 : path;
	/* and their templates: .metainfo.xml.in, .metainfo.xml.in.in */
	for (i = 0; i < VIGIE_ARRAY_SIZE(exts); i++)
		if ((p = strstr(base, exts[i])) != NULL && p > base &&
		    (!p[strlen(exts[i])] || !strncmp(p + strlen(exts[i]), ".in",
						     3)))
			return true;
	return false;
}

/*
 * Files that state the licenses of a project's media, one by one: a
 * CREDITS file ("weather-clear ... License: CC BY-SA 3.0"), scope assets;
 * the license page of a Mallard help (help/C/legal.xml, "<license
 * href=.../by-sa/3.0/>"), scope docs.  NULL for any other file.
 */
static const char *statement_scope(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (!strncasecmp(base, "credits", 7) &&
	    (!base[7] || base[7] == '.'))
		return "assets";
	if (!strcmp(base, "legal.xml") && strchr(path, '/'))
		return "docs";
	return NULL;
}

/* The <metadata_license> of AppStream metadata, normalised (new), or
 * NULL. */
static char *appstream_license(const char *text, size_t len)
{
	char value[128], *norm = NULL;

	if (!tag_value(text, len, len, "<metadata_license>", "<", value,
		       sizeof(value)) ||
	    vigie_license_expr_normalize(&norm, value, NULL) < 0)
		return NULL;
	return norm;
}

/*
 * The length of the comment that heads a source file (after a byte order
 * mark, a "#!" line, "<?php" or a coding line), where a notice stands: a
 * block comment ("/" "*", "<!--", a docstring) to its end, or the run of
 * line comments ("//", "#", "--", ";") to the first line of code; 0 when
 * the file does not start with a comment.  What the code and its strings
 * say further down (a FAQ page, a test's fixture) is no notice.
 */
static size_t leading_comment(const char *t, size_t len)
{
	static const struct { const char *open, *close; } blocks[] = {
		{ "/*", "*/" }, { "<!--", "-->" }, { "\"\"\"", "\"\"\"" },
		{ "\'\'\'", "\'\'\'" }, { "{-", "-}" }, { "(*", "*)" },
	};
	static const char *const lines[] = { "//", "#", "--", ";", "%" };
	size_t i = 0, k, e;

	if (len >= 3 && !memcmp(t, "\xef\xbb\xbf", 3))
		i = 3;
	for (;;) {
		while (i < len && t[i] && strchr(" \t\r\n", t[i]))
			i++;
		if ((i + 2 <= len && !strncmp(t + i, "#!", 2)) ||
		    (i + 5 <= len && !strncmp(t + i, "<?php", 5))) {
			while (i < len && t[i] != '\n')
				i++;
			continue;
		}
		break;
	}
	for (k = 0; k < VIGIE_ARRAY_SIZE(blocks); k++) {
		size_t n = strlen(blocks[k].open), c = strlen(blocks[k].close);
		if (i + n > len || strncmp(t + i, blocks[k].open, n))
			continue;
		for (e = i + n; e + c <= len; e++)
			if (!strncmp(t + e, blocks[k].close, c))
				return e + c;
		return len;
	}
	for (k = 0; k < VIGIE_ARRAY_SIZE(lines); k++) {
		size_t n = strlen(lines[k]);
		if (i + n > len || strncmp(t + i, lines[k], n))
			continue;
		e = i;
		while (e < len) {
			size_t s0 = e;
			while (s0 < len && (t[s0] == ' ' || t[s0] == '\t'))
				s0++;
			if (s0 + n > len || strncmp(t + s0, lines[k], n))
				break;
			while (e < len && t[e] != '\n')
				e++;
			if (e < len)
				e++;
		}
		return e;
	}
	return 0;
}

/* A test's fixtures (tests/resources/, fixtures/, testdata/) copy other
 * projects' files on purpose: their notices are not the tree's. */
static bool is_fixture(const char *path)
{
	static const char *const dirs[] = {
		"fixtures/", "fixture/", "testdata/", "test_data/", "test-data/",
	};
	const char *t;
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(dirs); i++) {
		const char *p = strstr(path, dirs[i]);
		if (p && (p == path || p[-1] == '/'))
			return true;
	}
	/* tests/resources/..., test/data/... */
	for (t = path; (t = strstr(t, "test")) != NULL; t++)
		if ((t == path || t[-1] == '/') &&
		    (strstr(t, "/resources/") || strstr(t, "/data/")))
			return true;
	return false;
}

static int add_notice_part(struct parts *ps, const char *expr,
			   const char *path, const char *scope,
			   const char *code_bases, size_t *added)
{
	char *bases = NULL;
	size_t i, same = 0;
	int rc = 0;

	if (*added >= NOTICE_PARTS || !strcmp(expr, "NONE") ||
	    vigie_license_expr_bases(&bases, expr) < 0)
		return 0;
	if (code_bases && bases_within(bases, code_bases))
		goto out;
	for (i = 0; i < ps->n; i++)
		same += ps->p[i].origin == ORIGIN_MENTION &&
			!strcmp(ps->p[i].expr, expr);
	if (same >= NOTICE_PATHS)
		goto out;
	rc = add_part(ps, expr, path, NULL, ORIGIN_MENTION, scope);
	*added += rc == 0;
out:
	free(bases);
	return rc;
}

/*
 * Does a comment say anything of a license?  A notice names one, a
 * license, an SPDX id or the public domain; the rest (authors, what the
 * file does) is not worth the identification.
 */
static bool speaks_of_license(const char *t, size_t len)
{
	static const char *const words[] = {
		"licen", "spdx", "gnu", "gpl", "public domain", "permission",
		"copyleft", "mozilla", "apache", "creative commons",
	};
	size_t i, k;

	for (i = 0; i < len; i++) {
		char c = (char)(t[i] | 0x20);
		for (k = 0; k < VIGIE_ARRAY_SIZE(words); k++)
			if (c == words[k][0] && i + strlen(words[k]) <= len &&
			    !strncasecmp(t + i, words[k], strlen(words[k])))
				return true;
	}
	return false;
}

/*
 * What the head of source file e says of licenses, as a line: "0" when its
 * leading comment does not speak of one, else "1" and, each after a tab,
 * the ids it gives (its SPDX line's expression, or the notices found).
 * Kept for the next audit under the blob's id (most sources say nothing,
 * and reading their heads is most of this collector on a re-audit).  0,
 * 1 when the file cannot be read, -1 out of memory.
 */
#define KEPT_NOTICE (0x4e000000u | NOTICE_BYTES) /* no identify option */

static int notice_of(struct vigie_buf *out, struct vigie_kept *kp,
		     struct vigie_snapshot *snap, const struct vigie_entry *e)
{
	struct vigie_license_result r;
	unsigned char key[20];
	struct vigie_buf b;
	const char *text;
	size_t j, len;
	int rc = 0;

	memset(&r, 0, sizeof(r));
	vigie_buf_clear(out);
	if (kp && e->kind == VIGIE_ENTRY_FILE) {
		kept_key(key, e->oid, KEPT_NOTICE);
		if (vigie_kept_get(kp, key, &text, &len) && len &&
		    (text[0] == '0' || text[0] == '1') &&
		    (len == 1 || text[1] == '\t') &&
		    !memchr(text, '\n', len) && !memchr(text, '\0', len))
			return vigie_buf_add(out, text, len) < 0 ? -1 : 0;
	}
	if (!read_source_head(&b, snap, e, NOTICE_BYTES + 64))
		return 1;
	j = leading_comment(b.ptr, b.len);
	if (j > NOTICE_BYTES)
		j = NOTICE_BYTES;
	if (!j || !speaks_of_license(b.ptr, j)) {
		rc = vigie_buf_putc(out, '0');
		goto keep;
	}
	rc = vigie_buf_putc(out, '1');
	/* an SPDX line says it all, and is read at once */
	{
		char *x = header_expr(b.ptr, j);
		if (x) {
			if (rc == 0 && kept_field(x))
				rc = vigie_buf_printf(out, "\t%s", x);
			free(x);
			goto keep;
		}
	}
	if (rc == 0)
		rc = vigie_license_identify(&r, b.ptr, j, VIGIE_LICENSE_NO_TEXT,
					    NULL);
	for (j = 0; rc == 0 && j < r.count; j++)
		if (kept_field(r.matches[j].id))
			rc = vigie_buf_printf(out, "\t%s", r.matches[j].id);
	vigie_license_result_release(&r);
keep:
	vigie_buf_release(&b);
	if (rc < 0)
		return -1;
	if (kp && e->kind == VIGIE_ENTRY_FILE &&
	    vigie_kept_add(kp, key, out->ptr, out->len) < 0)
		return -1;
	return 0;
}

static int source_notices(struct parts *ps, struct vigie_snapshot *snap,
			  const char *code_bases, struct vigie_kept *kp)
{
	struct vigie_buf note = VIGIE_BUF_INIT;
	size_t i, k, step, count, sources = 0, added = 0, read = 0, noticed = 0;
	const char *last_dir = "";
	size_t last_dir_len = (size_t)-1;
	unsigned char *kind;
	int rc = 0;

	count = vigie_snapshot_count(snap);
	if (count > 20000)
		count = 20000;
	/* what each path is, worked out once: 1 source, 2 metadata or a
	 * statement, 0 neither */
	kind = calloc(count ? count : 1, 1);
	if (!kind)
		return -1;
	for (i = 0; i < count; i++) {
		const char *path = vigie_snapshot_entry(snap, i)->path;
		kind[i] = is_appstream(path) || statement_scope(path) ? 2
			  : is_source(path)			       ? 1
								       : 0;
		sources += kind[i] == 1;
	}
	step = sources > NOTICE_FILES ? (sources + NOTICE_FILES - 1) /
						NOTICE_FILES : 1;
	for (i = 0, k = 0; i < count && rc == 0; i++) {
		const struct vigie_entry *e = vigie_snapshot_entry(snap, i);
		bool meta, any = kind[i] == 2;
		const char *stated = any ? statement_scope(e->path) : NULL;
		struct vigie_license_result r;
		struct vigie_buf b;
		size_t j;
		if (!any && kind[i] != 1)
			continue;
		if (!any) {
			/*
			 * A project whose first files carry no notice puts
			 * none in its own: from then on only the first file
			 * of each directory is read (another project's code,
			 * vendored, keeps its notices), else every step-th.
			 */
			const char *slash = strrchr(e->path, '/');
			size_t dn = slash ? (size_t)(slash - e->path) : 0;
			bool new_dir = dn != last_dir_len ||
				       strncmp(e->path, last_dir, dn);
			bool take = read >= NOTICE_QUIET && !noticed
					    ? new_dir
					    : k % step == 0;
			k++;
			last_dir = e->path;
			last_dir_len = dn;
			if (!take || read >= NOTICE_FILES)
				continue;
		}
		meta = any && !stated;
		if (is_fixture(e->path))
			continue;
		/* a minified bundle is built from others' sources */
		if (strstr(e->path, ".min."))
			continue;
		if (!any) {
			/* a notice is in the head of its file: read no
			 * further (what leading_comment finds there, cut at
			 * NOTICE_BYTES, is what it finds in the whole file) */
			const char *p, *end;
			rc = notice_of(&note, kp, snap, e);
			if (rc == 1) {
				rc = 0;
				continue;
			}
			if (rc < 0)
				break;
			read++;
			if (note.ptr[0] != '1')
				continue;
			noticed++;
			for (p = note.ptr + 1, end = note.ptr + note.len;
			     p < end && rc == 0;) {
				const char *q = memchr(p + 1, '\t', (size_t)(end - p - 1));
				char *id = strndup(p + 1, (size_t)((q ? q : end) - p - 1));
				if (!id) {
					rc = -1;
					break;
				}
				rc = add_notice_part(ps, id, e->path, "files",
						     code_bases, &added);
				free(id);
				p = q ? q : end;
			}
			continue;
		}
		if (!read_source(&b, snap, e))
			continue;
		if (meta) {
			char *x = appstream_license(b.ptr, b.len);
			vigie_buf_release(&b);
			if (x)
				rc = add_notice_part(ps, x, e->path, "files",
						     code_bases, &added);
			free(x);
			continue;
		}
		/* a statement of what a part's license is (stated) */
		rc = vigie_license_identify(&r, b.ptr, b.len,
					    VIGIE_LICENSE_NO_TEXT |
					    VIGIE_LICENSE_BARE_NAMES, NULL);
		vigie_buf_release(&b);
		if (rc < 0)
			break;
		for (j = 0; j < r.count && rc == 0; j++)
			rc = add_notice_part(ps, r.matches[j].id, e->path,
					     stated, code_bases, &added);
		vigie_license_result_release(&r);
	}
	vigie_buf_release(&note);
	free(kind);
	return rc < 0 ? -1 : 0;
}

/*
 * No license file, section, manifest nor header anywhere: the full text
 * of a license in a comment of a source file at the root (lua.h ends with
 * the MIT text), at most ROOT_SOURCES of them read.  The id (new) and the
 * file's path, or NULL.
 */
#define ROOT_SOURCES 128
#define SOURCE_EDGE 4096

static int root_source_text(char **out, const char **path_out,
			    double *conf_out, struct vigie_snapshot *snap)
{
	size_t i, read = 0, count = vigie_snapshot_count(snap);
	int rc = 0;

	*out = NULL;
	for (i = 0; i < count && read < ROOT_SOURCES && !*out && rc == 0; i++) {
		const struct vigie_entry *e = vigie_snapshot_entry(snap, i);
		struct vigie_license_result r;
		struct vigie_buf b;
		size_t k;
		if (strchr(e->path, '/') || !is_source(e->path))
			continue;
		read++;
		if (read_path(&b, snap, e->path) < 0 || !b.ptr) {
			vigie_buf_release(&b);
			continue;
		}
		/* a notice heads or ends a file: its first and last bytes */
		rc = vigie_license_identify(&r, b.ptr, b.len < SOURCE_EDGE ?
					    b.len : SOURCE_EDGE, 0, NULL);
		if (rc == 0 && !r.count && b.len > SOURCE_EDGE) {
			vigie_license_result_release(&r);
			rc = vigie_license_identify(&r, b.ptr + b.len - SOURCE_EDGE,
						    SOURCE_EDGE, 0, NULL);
		}
		vigie_buf_release(&b);
		if (rc < 0)
			return -1;
		/* one license, by its whole text, nothing else named */
		for (k = 0; k < r.count && r.count == 1; k++)
			if (r.matches[k].method == VIGIE_LICENSE_METHOD_TEXT &&
			    r.matches[k].confidence >= 0.95 &&
			    !r.matches[k].scope) {
				*out = strdup(r.matches[k].id);
				*path_out = e->path;
				*conf_out = r.matches[k].confidence;
				if (!*out)
					rc = -1;
			}
		vigie_license_result_release(&r);
	}
	return rc;
}

/* Read REUSE.toml or .reuse/dep5 and measure what each annotation covers. */
static int read_reuse(struct lic_reuse *out, struct vigie_snapshot *snap)
{
	static const struct {
		const char *path;
		int (*parse)(struct lic_reuse *, const char *, size_t);
	} files_[] = {
		{ "REUSE.toml", lic_reuse_parse_toml },
		{ ".reuse/dep5", lic_reuse_parse_dep5 },
	};
	size_t i, k, g, count;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < VIGIE_ARRAY_SIZE(files_) && !out->n; i++) {
		struct vigie_buf b;
		if (read_path(&b, snap, files_[i].path) < 0) {
			vigie_buf_release(&b);
			continue;
		}
		rc = files_[i].parse(out, b.ptr ? b.ptr : "", b.len);
		vigie_buf_release(&b);
		if (rc < 0)
			return -1;
	}
	/* a bounded count: the first 20,000 paths of the tree */
	count = vigie_snapshot_count(snap);
	if (count > 20000)
		count = 20000;
	for (k = 0; k < out->n; k++) {
		struct lic_reuse_ann *a = &out->a[k];
		for (i = 0; i < count; i++) {
			const struct vigie_entry *e = vigie_snapshot_entry(snap, i);
			for (g = 0; g < a->nglobs; g++)
				if (lic_glob_match(a->globs[g], e->path,
						   out->star_crosses)) {
					a->coverage++;
					break;
				}
		}
	}
	return 0;
}

static json_t *paths_of(const struct parts *ps, const char *expr,
			const char *scope)
{
	json_t *paths = json_array();
	size_t i, g;

	for (i = 0; i < ps->n && paths; i++) {
		const struct part *p = &ps->p[i];
		if (strcmp(p->expr, expr) || !p->scope || strcmp(p->scope, scope))
			continue;
		if (p->path)
			json_array_append_new(paths, vigie_json_str(p->path));
		for (g = 0; p->ann && g < p->ann->nglobs &&
			    json_array_size(paths) < 16; g++)
			json_array_append_new(paths,
					      vigie_json_str(p->ann->globs[g]));
	}
	return paths;
}

/* other[]: each license of a part outside the project's code license. */
static json_t *other_licenses(const struct parts *ps, const char *code_bases)
{
	json_t *other = json_array();
	size_t i, k;

	for (i = 0; i < ps->n && other; i++) {
		const struct part *p = &ps->p[i];
		bool seen = false;
		if (!p->scope || (code_bases && bases_within(p->bases, code_bases)))
			continue;
		for (k = 0; k < i && !seen; k++)
			seen = ps->p[k].scope && !strcmp(ps->p[k].expr, p->expr) &&
			       !strcmp(ps->p[k].scope, p->scope) &&
			       !(code_bases &&
				 bases_within(ps->p[k].bases, code_bases));
		if (seen)
			continue;
		json_array_append_new(other, json_pack(
			"{s:s, s:o, s:s}", "spdx", p->expr, "paths",
			paths_of(ps, p->expr, p->scope), "scope", p->scope));
	}
	return other;
}

int vigie_license_collect(json_t **out, const struct vigie_collect_ctx *ctx,
			  struct vigie_error *err)
{
	static const char *const libre_names[VIGIE_LICENSE_LIBRE_COUNT] = {
		"false", "true", "unknown",
	};
	json_t *inv = json_object_get(ctx->facts, "inventory");
	json_t *lic_paths = json_object_get(inv, "license");
	json_t *components = json_object_get(inv, "license_component");
	json_t *readmes = json_object_get(inv, "readme");
	json_t *o = NULL, *files = json_array(), *declared = json_array();
	json_t *conflicts = json_array();
	struct sources src;
	struct parts *ps = calloc(1, sizeof(*ps));
	struct lic_reuse reuse;
	char *readme_expr = NULL, *expr = NULL, *code = NULL;
	char *code_bases = NULL, *first = NULL, *all_bases = NULL;
	char *decl_exprs[MAX_MANIFESTS];
	const char *decl_paths[MAX_MANIFESTS];
	bool decl_proprietary[MAX_MANIFESTS];
	const char *readme_path = NULL, *code_path = NULL, *unknown_path = NULL;
	char *unknown_ref = NULL;
	bool unknown_grants = false;
	size_t i, k, ndecl = 0;
	enum vigie_license_libre libre;
	int rc = -1;

	*out = NULL;
	memset(&src, 0, sizeof(src));
	memset(&reuse, 0, sizeof(reuse));
	if (!files || !declared || !conflicts || !ps)
		goto oom;
	if (ctx->opts && ctx->opts->commit_cache)
		src.kept = vigie_kept_open(ctx->opts->cache_dir, KEPT_KIND,
					   vigie_snapshot_gitdir(ctx->snap),
					   VIGIE_LICENSE_BUILD_KEY);
	if (vigie_license_db_load(err) < 0) {
		rc = err ? err->code : VIGIE_EINVALID;
		goto done;
	}
	/* 1. the license files, each with what its place says it covers */
	/* then those of parts of the tree, for license.other alone */
	for (i = 0; i < json_array_size(lic_paths) + json_array_size(components) &&
		    i < MAX_FILES; i++) {
		bool part = i >= json_array_size(lic_paths);
		const char *p = json_string_value(json_object_get(
			part ? json_array_get(components, i - json_array_size(lic_paths))
			     : json_array_get(lic_paths, i),
			"path"));
		char *one = NULL, *unknown = NULL;
		bool grants = false;
		enum origin origin;
		if (!p)
			continue;
		/* a text no database knows: the code's license at the root,
		 * a part's license (by its title) in a part */
		if (add_file(files, &src, &one,
			     part || (!scope_of_name(p) && !strchr(p, '/'))
				     ? &unknown : NULL,
			     &grants, ps, ctx->snap, p,
			     vigie_license_opts_for_path(p) |
				     VIGIE_LICENSE_BARE_NAMES) < 0)
			goto oom;
		if (unknown && part && !one) {
			one = unknown;
			unknown = NULL;
		}
		if (unknown && !unknown_ref) {
			unknown_ref = unknown;
			unknown_path = p;
			unknown_grants = grants && !part;
		} else
			free(unknown);
		origin = part ? ORIGIN_PART :
			 !strchr(p, '/') ? ORIGIN_ROOT :
			 !strncasecmp(p, "licenses/", 9) ? ORIGIN_LICENSES :
			 ORIGIN_SUBDIR;
		if (one && add_part(ps, one, p, NULL, origin,
				    origin == ORIGIN_ROOT ? scope_of_name(p) :
				    origin == ORIGIN_PART ? "files" :
				    origin == ORIGIN_SUBDIR ?
					    (scope_of_name(p) ? scope_of_name(p) :
					     "files") :
				    "files") < 0) {
			free(one);
			goto oom;
		}
		free(one);
	}
	/* At the root, a license for documents, data or fonts beside a
	 * software license covers those works, not the code. */
	{
		bool software = false;
		for (i = 0; i < ps->n; i++)
			software = software || (ps->p[i].origin == ORIGIN_ROOT &&
						!ps->p[i].scope &&
						!scope_of_license(ps->p[i].expr));
		for (i = 0; i < ps->n && software; i++)
			if (ps->p[i].origin == ORIGIN_ROOT && !ps->p[i].scope)
				ps->p[i].scope = scope_of_license(ps->p[i].expr);
	}
	for (i = 0; i < ps->n; i++)
		if (ps->p[i].origin == ORIGIN_ROOT && !ps->p[i].scope) {
			if (join_and(&code, ps->p[i].expr) < 0)
				goto oom;
			code_path = code_path ? code_path : ps->p[i].path;
		}
	/* A license text at the root that no database knows is the code's
	 * license when no other root file names one: its title's
	 * LicenseRef- ("cannot tell" whether it is libre), never what a
	 * manifest says instead (license.consistent shows the difference). */
	if (!code && unknown_ref) {
		code = strdup(unknown_ref);
		if (!code)
			goto oom;
		code_path = unknown_path;
	}
	/* 2. REUSE annotations: the widest one gives the code's license
	 * when no root file does; each one tells where the others apply */
	if (read_reuse(&reuse, ctx->snap) < 0)
		goto oom;
	{
		/* Each annotation is a part with the scope its globs give;
		 * the code's license is the expression whose annotations
		 * for plain files cover the most paths, a software license
		 * before one for other works (fonts, documents). */
		size_t ann0 = ps->n, best = SIZE_MAX, best_cov = 0;
		int best_tier = 2;
		for (k = 0; k < reuse.n; k++) {
			const struct lic_reuse_ann *a = &reuse.a[k];
			char *norm = NULL;
			if (!a->expr ||
			    vigie_license_expr_normalize(&norm, a->expr, NULL) < 0)
				continue;
			rc = add_part(ps, norm, NULL, a, ORIGIN_ANNOTATION,
				      scope_of_globs(a));
			free(norm);
			if (rc < 0)
				goto oom;
		}
		for (i = ann0; i < ps->n && !code; i++) {
			size_t cov = 0, j;
			int tier = scope_of_license(ps->p[i].expr) ? 1 : 0;
			if (strcmp(ps->p[i].scope, "files"))
				continue;
			for (j = ann0; j < ps->n; j++)
				if (!strcmp(ps->p[j].scope, "files") &&
				    !strcmp(ps->p[j].expr, ps->p[i].expr))
					cov += ps->p[j].ann->coverage;
			if (cov && (tier < best_tier ||
				    (tier == best_tier && cov > best_cov))) {
				best = i;
				best_cov = cov;
				best_tier = tier;
			}
		}
		if (best != SIZE_MAX) {
			code = strdup(ps->p[best].expr);
			if (!code)
				goto oom;
			for (i = ann0; i < ps->n; i++)
				if (!strcmp(ps->p[i].expr, code))
					ps->p[i].scope = NULL;
		}
		rc = -1;
	}
	/* a LICENSES/ text that an annotation names covers its paths */
	for (i = 0; i < ps->n; i++) {
		struct part *p = &ps->p[i];
		if (p->origin != ORIGIN_LICENSES)
			continue;
		p->scope = scope_of_license(p->expr) ?
			   scope_of_license(p->expr) : "files";
		for (k = 0; k < ps->n; k++)
			if (ps->p[k].origin == ORIGIN_ANNOTATION &&
			    ps->p[k].scope && !strcmp(ps->p[k].bases, p->bases))
				p->scope = ps->p[k].scope;
	}
	/* 3. the README's license section */
	if (json_array_size(readmes)) {
		readme_path = json_string_value(
			json_object_get(json_array_get(readmes, 0), "path"));
		if (readme_path && add_file(files, &src, &readme_expr, NULL, NULL, ps,
					    ctx->snap, readme_path,
					    VIGIE_LICENSE_README) < 0)
			goto oom;
	}
	/* 4. the manifests */
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
		if (vigie_license_manifest_proprietary(value)) {
			/* "UNLICENSED", "proprietary": no license granted */
			json_object_set_new(d, "proprietary", json_true());
			decl_exprs[ndecl] = strdup("(proprietary)");
			decl_paths[ndecl] = e->path;
			decl_proprietary[ndecl] = true;
			if (!decl_exprs[ndecl]) {
				free(value);
				json_decref(d);
				goto oom;
			}
			ndecl++;
		} else if (vigie_license_expr_normalize(&norm, value, NULL) == 0) {
			json_object_set_new(d, "spdx", json_string(norm));
			decl_paths[ndecl] = e->path;
			decl_proprietary[ndecl] = false;
			decl_exprs[ndecl++] = norm;
		}
		json_array_append_new(declared, d);
		free(value);
	}
	/* The code's license: the root files, else the widest REUSE
	 * annotation; a declaration (manifest, then README) naming the same
	 * licenses says how they combine (MIT OR Apache-2.0).  Without
	 * either, the README, then a manifest, then LICENSES/, then the other
	 * license files. */
	if (code) {
		if (vigie_license_expr_bases(&code_bases, code) < 0)
			goto oom;
		/*
		 * Manifests, then the README, then REUSE annotations; of
		 * those naming the same licenses, one that says "or later"
		 * first: a bare GNU text or an unqualified name reads as
		 * -only for want of saying more, while "or later" is only
		 * ever said on purpose (a README "v3.0 ou plus récent"
		 * beside a package.json "GNU Affero ... v3.0").
		 */
		for (k = 0; k < 2 && !expr; k++)
			for (i = 0; i < ndecl + 1 + ps->n && !expr; i++) {
				const char *cand =
					i < ndecl ? decl_exprs[i] :
					i == ndecl ? readme_expr :
					ps->p[i - ndecl - 1].origin == ORIGIN_ANNOTATION ?
						ps->p[i - ndecl - 1].expr : NULL;
				char *bases = NULL;
				if (!cand || (i < ndecl && decl_proprietary[i]) ||
				    (k == 0 && !strstr(cand, "-or-later")))
					continue;
				if (vigie_license_expr_bases(&bases, cand) < 0)
					goto oom;
				if (!strcmp(bases, code_bases) &&
				    !(expr = strdup(cand))) {
					free(bases);
					goto oom;
				}
				free(bases);
			}
		if (!expr && !(expr = strdup(code)))
			goto oom;
	} else {
		for (i = 0; i < ndecl + 1 && !expr; i++) {
			const char *cand = i == 0 ? readme_expr : decl_exprs[i - 1];
			if (cand && (i == 0 || !decl_proprietary[i - 1]) &&
			    !(expr = strdup(cand)))
				goto oom;
		}
		/* REUSE: what most source files' headers declare */
		for (i = 0; i < ps->n && !expr; i++)
			if (ps->p[i].origin == ORIGIN_LICENSES) {
				if (header_majority(&expr, ctx->snap) < 0)
					goto oom;
				break;
			}
		/* LICENSES/: software licenses, then licenses for other
		 * works, then any (CC0 for trivial files, LicenseRef-);
		 * then the other license files */
		for (k = 0; k < 4 && !expr && !code; k++)
			for (i = 0; i < ps->n; i++) {
				const struct part *p = &ps->p[i];
				bool minor = !strncmp(p->expr, "LicenseRef-", 11) ||
					     !strcmp(p->expr, "CC0-1.0");
				if (k < 3 ? p->origin != ORIGIN_LICENSES :
					    p->origin != ORIGIN_SUBDIR &&
					    p->origin != ORIGIN_ROOT)
					continue;
				if ((k == 0 && (scope_of_license(p->expr) || minor)) ||
				    (k == 1 && minor))
					continue;
				if (join_and(&code, p->expr) < 0)
					goto oom;
			}
		if (!expr && code && !(expr = strdup(code)))
			goto oom;
		if (!expr && !json_array_size(files)) {
			const char *src_path = NULL;
			double conf = 0;
			if (root_source_text(&expr, &src_path, &conf,
					     ctx->snap) < 0)
				goto oom;
			if (expr)
				json_array_append_new(files, json_pack(
					"{s:o, s:s, s:f, s:s}", "path",
					vigie_json_str(src_path), "spdx", expr,
					"confidence", rounded(conf), "method",
					"text"));
		}
		if (expr && vigie_license_expr_bases(&code_bases, expr) < 0)
			goto oom;
	}
	/* source files' own notices (a REUSE header naming a license
	 * LICENSES/ lacks too), credits and help license pages */
	if (expr && strcmp(expr, "NONE") &&
	    source_notices(ps, ctx->snap, code_bases, src.kept) < 0)
		goto oom;
	/* Consistent: every manifest names the code's licenses, and the
	 * README's section names them (it may name others for other works). */
	{
		const char *ref = code ? code_bases : NULL;
		bool same = true;
		struct vigie_buf all = VIGIE_BUF_INIT;
		/* every license found in the tree, for declarations of a
		 * whole package */
		for (i = 0; i < ps->n; i++)
			if (vigie_buf_printf(&all, "%s%s", all.len ? " " : "",
					     ps->p[i].bases) < 0) {
				vigie_buf_release(&all);
				goto oom;
			}
		if (code_bases && vigie_buf_printf(&all, "%s%s", all.len ? " " : "",
						   code_bases) < 0) {
			vigie_buf_release(&all);
			goto oom;
		}
		all_bases = vigie_buf_detach(&all, NULL);
		for (i = 0; i < ndecl + 1; i++) {
			const char *cand = i < ndecl ? decl_exprs[i] : readme_expr;
			char *bases = NULL;
			bool ok;
			if (!cand)
				continue;
			if (i < ndecl && decl_proprietary[i]) {
				bases = strdup("(proprietary)");
				if (!bases)
					goto oom;
			} else if (vigie_license_expr_bases(&bases, cand) < 0) {
				goto oom;
			}
			if (!ref && !first) {
				first = bases;
				ref = first;
				continue;
			}
			/* a declaration names the code's licenses, and may
			 * name those of other parts of the work (a package's
			 * "GPL-3.0-or-later AND CC-BY-SA-4.0") */
			ok = code ? bases_within(ref, bases) &&
					    bases_within(bases, all_bases) :
				    i < ndecl ? !strcmp(bases, ref) :
						bases_within(ref, bases);
			if (!ok)
				same = false;
			free(bases);
		}
		if (!same) {
			if (code_path && code)
				json_array_append_new(conflicts, json_pack(
					"{s:o, s:s}", "path",
					vigie_json_str(code_path), "spdx", code));
			for (i = 0; i < ndecl; i++)
				json_array_append_new(conflicts, json_pack(
					"{s:o, s:s}", "path",
					vigie_json_str(decl_paths[i]), "spdx",
					decl_proprietary[i] ? "proprietary" :
							      decl_exprs[i]));
			if (readme_expr && readme_path)
				json_array_append_new(conflicts, json_pack(
					"{s:o, s:s}", "path",
					vigie_json_str(readme_path), "spdx",
					readme_expr));
		}
		o = json_object();
		if (!o)
			goto oom;
		if (src.n || ndecl)
			json_object_set_new(o, "consistent", json_boolean(same));
	}
	json_object_set_new(o, "expression", json_string(expr ? expr : "NONE"));
	json_object_set_new(o, "other", other_licenses(ps, code_bases));
	json_object_set_new(o, "files", files);
	json_object_set_new(o, "declared", declared);
	files = declared = NULL;
	if (json_array_size(conflicts)) {
		json_object_set_new(o, "conflicts", conflicts);
		conflicts = NULL;
	}
	libre = vigie_license_expr_libre(expr);
	/* an unlisted text at the root that grants the four freedoms in
	 * plain words (use for any purpose, copy, change, share) is libre
	 * as its reader knows it: the text is the evidence */
	if (libre == VIGIE_LICENSE_LIBRE_UNKNOWN && unknown_grants && expr &&
	    unknown_ref && !strcmp(expr, unknown_ref)) {
		libre = VIGIE_LICENSE_LIBRE_YES;
		json_object_set_new(o, "libre_by_grant",
				    vigie_json_str(unknown_path));
	}
	json_object_set_new(o, "libre", libre == VIGIE_LICENSE_LIBRE_UNKNOWN ?
					json_string(libre_names[libre]) :
					json_boolean(libre == VIGIE_LICENSE_LIBRE_YES));
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
	rc = vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
done:
	json_decref(files);
	json_decref(declared);
	json_decref(conflicts);
	for (i = 0; ps && i < ps->n; i++) {
		free(ps->p[i].expr);
		free(ps->p[i].bases);
	}
	free(ps);
	lic_reuse_release(&reuse);
	vigie_kept_close(src.kept, rc == 0);
	sources_release(&src);
	for (i = 0; i < ndecl; i++)
		free(decl_exprs[i]);
	free(code);
	free(code_bases);
	free(first);
	free(all_bases);
	free(readme_expr);
	free(unknown_ref);
	free(expr);
	return rc;
}
