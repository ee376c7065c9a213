/* SPDX-License-Identifier: EUPL-1.2 */
/* The targets of a batch: list files, organisation listings, record keys. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vigie/batch.h"
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
				       path, "cannot read target list: %s",
				       strerror(errno));
	/* A regular file is measured first: no line can then outgrow it. */
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > LIST_MAX_BYTES) {
		fclose(f);
		return vigie_error_set(err, VIGIE_ELIMIT, path,
				       "target list larger than %ld bytes",
				       LIST_MAX_BYTES);
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *s = line, *e = line + len;
		lineno++;
		total += len;
		if (total > LIST_MAX_BYTES) {
			rc = vigie_error_set(err, VIGIE_ELIMIT, path,
					     "target list larger than %ld bytes",
					     LIST_MAX_BYTES);
			break;
		}
		if (len > LINE_MAX_BYTES) {
			rc = vigie_error_set(err, VIGIE_ELIMIT, path,
					     "line %ld longer than %d bytes",
					     lineno, LINE_MAX_BYTES);
			break;
		}
		if (memchr(line, '\0', (size_t)len)) {
			rc = vigie_error_set(err, VIGIE_EINVALID, path,
					     "line %ld holds a NUL byte", lineno);
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
					     "out of memory");
			break;
		}
	}
	if (!rc && ferror(f))
		rc = vigie_error_set(err, VIGIE_EGENERIC, path,
				     "cannot read target list: %s",
				     strerror(errno));
	free(line);
	fclose(f);
	return rc;
}

/* The organisation shorthands and how many path parts each must have. */
static const struct {
	const char *prefix;
	int min_parts, max_parts;
} org_kinds[] = {
	{ "gitea:", 2, 2 },   /* HOST/ORG */
	{ "github:", 1, 1 },  /* ORG */
	{ "gitlab:", 1, 32 }, /* [HOST/]GROUP[/SUBGROUP...] */
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

bool vigie_batch_is_org(const char *spec)
{
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(org_kinds); i++) {
		size_t n = strlen(org_kinds[i].prefix);
		int parts;
		if (strncmp(spec, org_kinds[i].prefix, n))
			continue;
		parts = count_parts(spec + n);
		/*
		 * github:ORG/NAME and gitea:HOST/ORG/NAME name repositories;
		 * gitlab groups nest, so a GitLab spec is an organisation
		 * only when the forge says so: treat every gitlab: spec with
		 * one part, or a host and one part, as a group.
		 */
		if (!strcmp(org_kinds[i].prefix, "gitlab:"))
			return parts == 1 ||
			       (parts == 2 && strchr(spec + n, '.') &&
				strchr(spec + n, '.') < strchr(spec + n, '/'));
		return parts >= org_kinds[i].min_parts &&
		       parts <= org_kinds[i].max_parts;
	}
	return false;
}

int vigie_batch_list_org(struct vigie_batch_list *l, const char *spec,
			 const struct vigie_batch_org_opts *opts,
			 struct vigie_error *err)
{
	(void)l;
	(void)opts;
	if (!vigie_batch_is_org(spec))
		return vigie_error_set(err, VIGIE_EINVALID, spec,
				       "not an organisation (github:ORG, "
				       "gitlab:[HOST/]GROUP, gitea:HOST/ORG)");
	/*
	 * The forge client (include/vigie/forge.h) lists an organisation's
	 * repositories; until it is wired here, say so plainly.
	 */
	return vigie_error_set(err, VIGIE_ENET, spec,
			       "listing an organisation's repositories is not "
			       "available yet: use --list FILE");
}

char *vigie_batch_key(const char *target)
{
	return vigie_url_redact(target);
}
