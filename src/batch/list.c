/* SPDX-License-Identifier: EUPL-1.2 */
/* The targets of a batch: list files, organisation listings, record keys. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <regex.h>

#include "vigie/batch.h"
#include "vigie/forge.h"
#include "vigie/i18n.h"
#include "vigie/target.h"
#include "banned.h"

#define LINE_MAX_BYTES 4096
#define LIST_MAX_BYTES (64L << 20)

void vigie_batch_list_release(struct vigie_batch_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int vigie_batch_list_add(struct vigie_batch_list *l, const char *target)
{
	size_t i;

	/* Linear, but lists are read once; a few thousand entries is cheap. */
	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], target))
			return 0;
	if (l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 64;
		char **nv = realloc(l->v, na * sizeof(*nv));
		if (!nv)
			return VIGIE_EGENERIC;
		l->v = nv;
		l->alloc = na;
	}
	l->v[l->n] = strdup(target);
	if (!l->v[l->n])
		return VIGIE_EGENERIC;
	l->n++;
	return 0;
}

static bool blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

int vigie_batch_list_read(struct vigie_batch_list *l, const char *path,
			  struct vigie_error *err)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0, total = 0;
	struct stat st;
	int rc = 0;

	if (!f)
		return vigie_error_set(err, errno == ENOENT ? VIGIE_ENOTFOUND
							    : VIGIE_EGENERIC,
				       path, N_("cannot read target list: %s"),
				       strerror(errno));
	/* A regular file is measured first: no line can then outgrow it. */
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > LIST_MAX_BYTES) {
		fclose(f);
		return vigie_error_set(err, VIGIE_ELIMIT, path,
				       N_("target list larger than %ld bytes"),
				       LIST_MAX_BYTES);
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *s = line, *e = line + len;
		lineno++;
		total += len;
		if (total > LIST_MAX_BYTES) {
			rc = vigie_error_set(err, VIGIE_ELIMIT, path,
					     N_("target list larger than %ld bytes"),
					     LIST_MAX_BYTES);
			break;
		}
		if (len > LINE_MAX_BYTES) {
			rc = vigie_error_set(err, VIGIE_ELIMIT, path,
					     N_("line %ld longer than %d bytes"),
					     lineno, LINE_MAX_BYTES);
			break;
		}
		if (memchr(line, '\0', (size_t)len)) {
			rc = vigie_error_set(err, VIGIE_EINVALID, path,
					     N_("line %ld holds a NUL byte"), lineno);
			break;
		}
		while (s < e && blank((unsigned char)*s))
			s++;
		while (e > s && blank((unsigned char)e[-1]))
			e--;
		*e = '\0';
		if (!*s || *s == '#')
			continue;
		if (vigie_batch_list_add(l, s) < 0) {
			rc = vigie_error_set(err, VIGIE_EGENERIC, path,
					     N_("out of memory"));
			break;
		}
	}
	if (!rc && ferror(f))
		rc = vigie_error_set(err, VIGIE_EGENERIC, path,
				     N_("cannot read target list: %s"),
				     strerror(errno));
	free(line);
	fclose(f);
	return rc;
}

/* The organisation shorthands and how many path parts each must have. */
static const struct {
	const char *kind;
	int min_parts, max_parts;
} org_kinds[] = {
	{ "gitea", 2, 2 },   /* HOST/ORG */
	{ "github", 1, 1 },  /* ORG */
	{ "gitlab", 1, 32 }, /* [HOST/]GROUP[/SUBGROUP...] */
};

static int count_parts(const char *s)
{
	int n = 1;

	if (!*s || *s == '/' || s[strlen(s) - 1] == '/')
		return 0;
	for (; *s; s++)
		if (*s == '/')
			n++;
	return n;
}

/* The kind of an organisation spec, and where its HOST/OWNER part starts. */
static int org_kind(const char *spec, const char **rest)
{
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(org_kinds); i++) {
		size_t n = strlen(org_kinds[i].kind);
		const char *r = spec + n + 1, *slash;
		int parts;
		if (strncmp(spec, org_kinds[i].kind, n) || spec[n] != ':')
			continue;
		parts = count_parts(r);
		*rest = r;
		/*
		 * github:ORG/NAME and gitea:HOST/ORG/NAME name repositories.
		 * GitLab groups nest, so a gitlab: spec is a group when it has
		 * one part, or a host (a name with a dot) and one part.
		 */
		if (!strcmp(org_kinds[i].kind, "gitlab")) {
			slash = strchr(r, '/');
			return parts == 1 ||
				       (parts == 2 && memchr(r, '.', (size_t)(slash - r)))
				       ? (int)i
				       : -1;
		}
		return parts >= org_kinds[i].min_parts &&
			       parts <= org_kinds[i].max_parts
			       ? (int)i
			       : -1;
	}
	return -1;
}

bool vigie_batch_is_org(const char *spec)
{
	const char *rest;

	return org_kind(spec, &rest) >= 0;
}

/* Append target unless seen holds it (a set of the list's entries). */
static int append_new(struct vigie_batch_list *l, json_t *seen,
		      const char *target)
{
	char **nv;

	if (json_object_get(seen, target))
		return 0;
	if (l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 64;
		nv = realloc(l->v, na * sizeof(*nv));
		if (!nv)
			return VIGIE_EGENERIC;
		l->v = nv;
		l->alloc = na;
	}
	l->v[l->n] = strdup(target);
	if (!l->v[l->n])
		return VIGIE_EGENERIC;
	l->n++;
	return json_object_set_new(seen, target, json_true()) < 0
		       ? VIGIE_EGENERIC
		       : 0;
}

/* Keep a listed repository?  Archived ones and forks only when asked. */
static bool wanted(json_t *r, const struct vigie_batch_org_opts *opts,
		   const regex_t *re)
{
	const char *repo = json_string_value(json_object_get(r, "repo"));

	if (!repo)
		return false;
	if (json_is_true(json_object_get(r, "archived")) &&
	    !(opts && opts->include_archived))
		return false;
	if (json_is_true(json_object_get(r, "fork")) &&
	    !(opts && opts->include_forks))
		return false;
	return !re || regexec(re, repo, 0, NULL, 0) == 0;
}

int vigie_batch_list_org(struct vigie_batch_list *l, const char *spec,
			 const struct vigie_batch_org_opts *opts,
			 struct vigie_error *err)
{
	struct vigie_forge_opts fo;
	struct vigie_forge *forge = NULL;
	struct vigie_buf target = VIGIE_BUF_INIT;
	const char *rest = NULL, *owner;
	char *host = NULL;
	json_t *repos = NULL, *r, *seen = NULL;
	regex_t re;
	bool have_re = false;
	size_t i;
	int kind = org_kind(spec, &rest), rc;

	if (kind < 0)
		return vigie_error_set(err, VIGIE_EINVALID, spec,
				       N_("not an organisation (github:ORG, "
				       "gitlab:[HOST/]GROUP, gitea:HOST/ORG)"));
	owner = rest;
	/* gitea:HOST/ORG and gitlab:HOST/GROUP name their host first. */
	if (!strcmp(org_kinds[kind].kind, "gitea") ||
	    (!strcmp(org_kinds[kind].kind, "gitlab") && count_parts(rest) == 2)) {
		owner = strchr(rest, '/') + 1;
		host = strndup(rest, (size_t)(owner - 1 - rest));
		if (!host)
			return vigie_error_set(err, VIGIE_EGENERIC, "", N_("out of memory"));
	}
	if (opts && opts->match) {
		int rerr = regcomp(&re, opts->match, REG_EXTENDED | REG_NOSUB);
		if (rerr) {
			char msg[256];
			regerror(rerr, &re, msg, sizeof(msg));
			free(host);
			return vigie_error_set(err, VIGIE_EINVALID, opts->match,
					       N_("invalid --match pattern: %s"), msg);
		}
		have_re = true;
	}
	vigie_forge_opts_init(&fo);
	fo.kind = org_kinds[kind].kind;
	fo.host = host;
	fo.api_url = opts ? opts->api_url : NULL;
	rc = vigie_forge_new(&forge, &fo, err);
	if (!rc)
		rc = vigie_forge_list(&repos, forge, owner, err);
	if (forge && opts && opts->warn)
		json_array_foreach(vigie_forge_warnings(forge), i, r)
			opts->warn(json_string_value(r), opts->warn_payload);
	if (rc) {
		vigie_error_prefix(err, N_("cannot list %s"), spec);
		goto out;
	}
	/* The targets already listed, so that adding many stays linear. */
	seen = json_object();
	for (i = 0; seen && i < l->n; i++)
		json_object_set_new(seen, l->v[i], json_true());
	if (!seen) {
		rc = vigie_error_set(err, VIGIE_EGENERIC, "", N_("out of memory"));
		goto out;
	}
	/*
	 * A repository becomes its forge shorthand, which vigie_target_parse
	 * turns into the clone URL: the same key whatever the API returns.
	 */
	json_array_foreach(repos, i, r) {
		if (!wanted(r, opts, have_re ? &re : NULL))
			continue;
		vigie_buf_clear(&target);
		if (vigie_buf_printf(&target, "%s:%s%s%s", org_kinds[kind].kind,
				     host ? host : "", host ? "/" : "",
				     json_string_value(json_object_get(r, "repo"))) < 0 ||
		    append_new(l, seen, target.ptr) < 0) {
			rc = vigie_error_set(err, VIGIE_EGENERIC, "", N_("out of memory"));
			goto out;
		}
	}
out:
	json_decref(seen);
	if (have_re)
		regfree(&re);
	json_decref(repos);
	vigie_forge_free(forge);
	vigie_buf_release(&target);
	free(host);
	return rc;
}

char *vigie_batch_key(const char *target)
{
	return vigie_url_redact(target);
}
