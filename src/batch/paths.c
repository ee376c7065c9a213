/* SPDX-License-Identifier: EUPL-1.2 */
/* Where a repository's page and badges go, one place per record key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "banned.h"

/* A part longer than this is cut (NAME_MAX is 255, with ".html" and a hash). */
#define PART_MAX 120
/* A name longer than this is cut to its last parts and a hash. */
#define NAME_MAX_BYTES 512

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
