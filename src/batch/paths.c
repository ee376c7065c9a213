/* SPDX-License-Identifier: EUPL-1.2 */
/* Where a repository's page and badges go, one place per record key. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "vigie/i18n.h"
#include "internal.h"
#include "fs.h"
#include "banned.h"

/* A part longer than this is cut (NAME_MAX is 255, with ".html" and a hash). */
#define PART_MAX 120
/* A name longer than this is cut to its last parts and a hash. */
#define NAME_MAX_BYTES 512
/* derived.txt longer than this is not vigie's (100,000 repositories: 40 MB). */
#define DERIVED_MAX_BYTES (256L << 20)

/* The words that start a name: the shorthands', the URL schemes'. */
static const char *const shorthand_words[] = {
	"codeberg", "forgejo", "gitea", "github", "gitlab",
};
static const char *const scheme_words[] = {
	"file", "git", "http", "https", "ssh",
};

static bool safe_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* Would a directory of this name pass for one of the files written? */
static bool file_like(const char *s, size_t n)
{
	static const char *const ext[] = { ".html", ".svg", ".json" };
	size_t i, m;

	for (i = 0; i < VIGIE_ARRAY_SIZE(ext); i++) {
		m = strlen(ext[i]);
		if (n >= m && !strncasecmp(s + n - m, ext[i], m))
			return true;
	}
	return false;
}

/*
 * Is rest (n bytes) a name written as it is: parts of [A-Za-z0-9._-], none
 * empty, none starting with a dot (".", "..", a hidden file a static host
 * will not serve), none longer than PART_MAX, no directory named like a
 * file written, and at least min parts?
 */
static bool kept_as_is(const char *rest, size_t min)
{
	const char *p = rest, *e;
	size_t parts = 0, n;

	if (strlen(rest) > NAME_MAX_BYTES)
		return false;
	for (;;) {
		e = p + strcspn(p, "/");
		n = (size_t)(e - p);
		if (!n || n > PART_MAX || *p == '.')
			return false;
		for (; p < e; p++)
			if (!safe_char(*p))
				return false;
		parts++;
		if (!*e)
			break;
		if (file_like(e - n, n))
			return false;
		p = e + 1;
	}
	return parts >= min;
}

/* The word a key's name starts with, and what follows it in the key. */
static const char *word_of(const char *key, const char **rest)
{
	size_t i, n;

	for (i = 0; i < VIGIE_ARRAY_SIZE(shorthand_words); i++) {
		n = strlen(shorthand_words[i]);
		if (!strncmp(key, shorthand_words[i], n) && key[n] == ':') {
			*rest = key + n + 1;
			return shorthand_words[i];
		}
	}
	for (i = 0; i < VIGIE_ARRAY_SIZE(scheme_words); i++) {
		n = strlen(scheme_words[i]);
		if (!strncmp(key, scheme_words[i], n) && !strncmp(key + n, "://", 3)) {
			*rest = key + n + 3;
			return scheme_words[i];
		}
	}
	*rest = key;
	/* user@host:path, as git writes an ssh URL; else a path */
	n = strcspn(key, "/");
	return *key != '.' && memchr(key, ':', n) ? "ssh" : "path";
}

/* Append part (n bytes) made safe: other characters as '_', no dot first. */
static int put_safe(struct vigie_buf *b, const char *s, size_t n, bool dir)
{
	size_t i, start = b->len;

	if (n > PART_MAX)
		n = PART_MAX;
	for (i = 0; i < n; i++)
		if (vigie_buf_putc(b, i == 0 && s[i] == '.' ? '_'
				      : safe_char(s[i]) ? s[i] : '_') < 0)
			return -1;
	/* a directory "x.html" would stand where the file x.html goes */
	if (dir && file_like(b->ptr + start, b->len - start))
		*strrchr(b->ptr + start, '.') = '_';
	return 0;
}

/*
 * Where a repository's own files go below badges/ and repos/, the same for
 * a key in every run and never the same for two keys:
 * - `github:OWNER/NAME` (GitHub's public instance): OWNER/NAME, as vigie
 *   always wrote it (embedded badge URLs keep working);
 * - another forge shorthand or a URL, written as it is: the shorthand's
 *   word or the URL's scheme, then what follows (`gitlab/acme/tool`,
 *   `github/ghe.example.org/acme/tool`, `https/git.example.org/acme/tool`)
 *   when every part is made of [A-Za-z0-9._-], starts with no dot and
 *   there are three parts or more;
 * - anything else (a path, a port, a user, other characters): the word
 *   ("path" for a path, "ssh" for user@host:path), the last two parts made
 *   safe, and `~` with the key's 64-bit hash (`path/work/tool~1f2e...`).
 * A name kept as it is holds no `~` and reads back into its key; one with
 * a hash always has it in its last part; no directory ends like a file
 * written (.html, .svg, .json).  So no two keys share a file, and no key
 * writes outside the directory.  Caller frees; NULL when out of memory.
 */
char *batch_repo_name(const char *key)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	const char *rest, *word, *p, *e;
	struct {
		const char *s;
		size_t n;
	} last[2] = { { NULL, 0 }, { NULL, 0 } };
	size_t i;

	if (!key || !*key)
		return NULL;
	word = word_of(key, &rest);
	/* GitHub's OWNER/NAME: an owner has no dot (else it is a host) */
	if (!strcmp(word, "github") && kept_as_is(rest, 2) &&
	    strchr(rest, '/') == strrchr(rest, '/') &&
	    !memchr(rest, '.', strcspn(rest, "/")))
		return strdup(rest);
	if (strcmp(word, "path") && strcmp(word, "ssh") && kept_as_is(rest, 2)) {
		if (vigie_buf_printf(&b, "%s/%s", word, rest) < 0)
			goto nomem;
		return vigie_buf_detach(&b, NULL);
	}
	/* the last two parts that are not empty */
	for (p = rest; *p; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "/");
		if (e == p)
			continue;
		last[0] = last[1];
		last[1].s = p;
		last[1].n = (size_t)(e - p);
	}
	if (vigie_buf_puts(&b, word) < 0)
		goto nomem;
	for (i = 0; i < 2; i++)
		if (last[i].s && (vigie_buf_putc(&b, '/') < 0 ||
				  put_safe(&b, last[i].s, last[i].n, i == 0) < 0))
			goto nomem;
	if (vigie_buf_printf(&b, "~%016llx", (unsigned long long)batch_hash(key)) < 0)
		goto nomem;
	return vigie_buf_detach(&b, NULL);
nomem:
	vigie_buf_release(&b);
	return NULL;
}

/*
 * Is rel a file a dashboard writes: badges/NAME.svg or .json, or
 * repos/NAME.html, NAME made of parts as batch_repo_name makes them?  A
 * line of derived.txt that is not is never removed.
 */
static bool derived_path(const char *rel)
{
	static const struct {
		const char *dir, *ext;
	} kinds[] = {
		{ "badges/", ".json" },
		{ "badges/", ".svg" },
		{ "repos/", ".html" },
	};
	size_t i, n = strlen(rel), d, e;
	const char *p;

	for (i = 0; i < VIGIE_ARRAY_SIZE(kinds); i++) {
		d = strlen(kinds[i].dir);
		e = strlen(kinds[i].ext);
		if (n > d + e && !strncmp(rel, kinds[i].dir, d) &&
		    !strcmp(rel + n - e, kinds[i].ext))
			break;
	}
	if (i == VIGIE_ARRAY_SIZE(kinds))
		return false;
	for (p = rel + d; *p; p++) {
		if (*p == '/' && (p[1] == '/' || p[1] == '\0'))
			return false;
		if ((*p == '.' && p[-1] == '/') || (*p != '/' && *p != '~' && !safe_char(*p)))
			return false;
	}
	return true;
}

static int derived_read(json_t *into, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long total = 0;
	int rc = 0;

	if (!f)
		return errno == ENOENT ? 0 : -1;
	while ((len = getline(&line, &cap, f)) > 0) {
		total += len;
		if (total > DERIVED_MAX_BYTES) {
			rc = -1;
			break;
		}
		if (line[len - 1] != '\n')
			continue; /* a torn last line: not written by vigie */
		line[len - 1] = '\0';
		if (derived_path(line) && json_object_set_new(into, line, json_true()) < 0) {
			rc = -1;
			break;
		}
	}
	if (ferror(f))
		rc = -1;
	free(line);
	fclose(f);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* derived.txt := the keys of set, sorted, through a rename. */
static int derived_write(struct batch_derived *d, json_t *set,
			 struct vigie_error *err)
{
	struct vigie_buf b = VIGIE_BUF_INIT, path = VIGIE_BUF_INIT;
	const char **v = NULL;
	const char *k;
	json_t *x;
	size_t n = 0, i;
	int rc = 0;

	v = malloc((json_object_size(set) + 1) * sizeof(*v));
	if (!v || vigie_buf_printf(&path, "%s/%s", d->dir, BATCH_DERIVED) < 0 ||
	    vigie_buf_puts(&b, "") < 0)
		goto nomem;
	json_object_foreach(set, k, x)
		v[n++] = k;
	qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++)
		if (vigie_buf_printf(&b, "%s\n", v[i]) < 0)
			goto nomem;
	if (vigie_write_atomic(path.ptr, b.ptr, b.len) < 0)
		rc = vigie_error_set(err, VIGIE_EGENERIC, path.ptr,
				     N_("cannot write: %s"), strerror(errno));
	goto out;
nomem:
	rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
out:
	free(v);
	vigie_buf_release(&b);
	vigie_buf_release(&path);
	return rc;
}

int batch_derived_begin(struct batch_derived *d, const char *dir, json_t *rows,
			struct vigie_error *err)
{
	static const struct {
		const char *dir, *ext;
	} files[] = {
		{ "badges", ".svg" }, { "badges", ".json" }, { "repos", ".html" },
	};
	struct vigie_buf b = VIGIE_BUF_INIT;
	json_t *row, *all;
	size_t i, j;
	int rc;

	d->dir = dir;
	d->before = json_object();
	d->planned = json_object();
	d->now = json_object();
	if (!d->before || !d->planned || !d->now ||
	    vigie_buf_printf(&b, "%s/%s", dir, BATCH_DERIVED) < 0)
		goto nomem;
	if (derived_read(d->before, b.ptr) < 0) {
		rc = vigie_error_set(err, VIGIE_EGENERIC, b.ptr,
				     N_("cannot read: %s"), strerror(errno));
		goto out;
	}
	/*
	 * Listed before they are written: a run stopped in the middle leaves
	 * no file that the next one would not know to remove.
	 */
	json_array_foreach(rows, i, row) {
		char *name = batch_repo_name(json_string_value(json_object_get(row, "target")));
		for (j = 0; name && j < VIGIE_ARRAY_SIZE(files); j++) {
			vigie_buf_clear(&b);
			if (vigie_buf_printf(&b, "%s/%s%s", files[j].dir, name,
					     files[j].ext) < 0 ||
			    json_object_set_new(d->planned, b.ptr, json_true()) < 0) {
				free(name);
				goto nomem;
			}
		}
		free(name);
	}
	all = json_copy(d->before);
	if (!all || json_object_update(all, d->planned) < 0) {
		json_decref(all);
		goto nomem;
	}
	rc = json_object_size(all) == json_object_size(d->before)
		     ? 0 : derived_write(d, all, err);
	json_decref(all);
	goto out;
nomem:
	rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
out:
	vigie_buf_release(&b);
	if (rc)
		batch_derived_end(d, false, NULL);
	return rc;
}

int batch_derived_wrote(struct batch_derived *d, const char *rel)
{
	return d ? json_object_set_new(d->now, rel, json_true()) : 0;
}

/* Remove DIR/rel, then its directories that are left empty. */
static void derived_remove(const char *dir, const char *rel)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	char *slash;
	size_t top;

	if (vigie_buf_printf(&b, "%s/", dir) < 0)
		goto out;
	top = b.len + strcspn(rel, "/"); /* badges or repos: kept */
	if (vigie_buf_puts(&b, rel) < 0 || (unlink(b.ptr) < 0 && errno != ENOENT))
		goto out;
	while ((slash = strrchr(b.ptr, '/')) && (size_t)(slash - b.ptr) > top) {
		*slash = '\0';
		if (rmdir(b.ptr) < 0)
			break; /* not empty: someone else's files, or another page */
	}
out:
	vigie_buf_release(&b);
}

int batch_derived_end(struct batch_derived *d, bool done, struct vigie_error *err)
{
	const char *k;
	json_t *x;
	int rc = 0;

	if (done) {
		/*
		 * The files of repositories no longer in the run go; one of
		 * the run that was not written this time (no history in the
		 * database) stays, and stays listed.
		 */
		json_object_foreach(d->before, k, x) {
			if (!json_object_get(d->planned, k))
				derived_remove(d->dir, k);
			else if (json_object_set_new(d->now, k, json_true()) < 0)
				rc = vigie_error_set(err, VIGIE_ENOMEM, "",
						     N_("out of memory"));
		}
		if (!rc)
			rc = derived_write(d, d->now, err);
	}
	json_decref(d->before);
	json_decref(d->planned);
	json_decref(d->now);
	d->before = d->planned = d->now = NULL;
	return rc;
}
