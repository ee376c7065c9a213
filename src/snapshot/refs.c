/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * The tags of a repository, from git's files: loose refs under refs/tags
 * and packed-refs.
 *
 * libgit2 lists them by parsing the whole of packed-refs into a sorted map:
 * a mirror's holds thousands of refs (the pull requests'), and that cost
 * the history walk 1 to 3 ms of an audit of 15 to 30 (tests/bench/real.sh).
 * Here the file is read once and only its lines under refs/tags/ are
 * kept.
 *
 * Anything unusual (a symbolic link, a name git would refuse, a line that
 * is not "<40 hex> <name>", a file over its bound) answers "ask libgit2"
 * (0) before any tag is told: libgit2 stays the reference, and its errors
 * the ones users see.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigie/buf.h"
#include "fs.h"
#include "grow.h"
#include "internal.h"
#include "banned.h"

#define PACKED_MAX (32u << 20) /* bytes of packed-refs (about 500,000 refs) */
#define LOOSE_TAGS_MAX 100000   /* loose tags */
#define LOOSE_MAX 512           /* bytes of a loose ref file */
#define DEPTH_MAX 16            /* directories under refs/tags */
#define HEX 40                  /* a SHA-1 in hexadecimal */

struct vigie_refs {
	char *commondir; /* refs/, packed-refs */
	struct vigie_mapped map; /* packed-refs (git renames it over) */
	const char *packed;      /* its bytes; NULL: there is none */
	size_t packed_len;
	bool unsure;     /* packed-refs there but not read: libgit2 says */
};

/* A whole regular file, not through a symbolic link nor blocking (a FIFO),
 * of at most max bytes: 0 done, 1 no such file, -1 anything else. */
static int read_small(const char *path, size_t max, struct vigie_buf *out)
{
	int rc;

	vigie_buf_init(out, max + 1);
	rc = vigie_buf_read_file(out, path, VIGIE_READ_NOFOLLOW);
	if (rc == VIGIE_ENOTFOUND)
		return 1;
	return rc < 0 ? -1 : 0;
}

/* One more than the value of a lowercase hexadecimal digit; 0 for any
 * other byte. */
static const unsigned char hexval1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
	['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
};

/* 40 lowercase hexadecimal digits at p, as git writes ids (id: NULL to
 * check them only: every line of a mirror's packed-refs is). */
static bool hex_oid(git_oid *id, const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	unsigned char raw[HEX / 2];
	size_t i;

	if (n < HEX)
		return false;
	for (i = 0; i < HEX; i++)
		if (!hexval1[u[i]])
			return false;
	if (id) {
		for (i = 0; i < HEX / 2; i++)
			raw[i] = (unsigned char)((hexval1[u[2 * i]] - 1) << 4 |
						 (hexval1[u[2 * i + 1]] - 1));
		memcpy(id->id, raw, sizeof(id->id));
	}
	return true;
}

/*
 * A loose tag's name as git accepts it: under refs/tags/, of components
 * with no "..", no leading dot, no ".lock", no control or special
 * characters.  Anything else: libgit2.
 */
static bool plain_name_under(const char *name, size_t n, const char *under)
{
	size_t i, start, u = strlen(under);

	if (n <= u || strncmp(name, under, u))
		return false;
	if (n >= 5 && !strncmp(name + n - 5, ".lock", 5))
		return false;
	for (i = 0, start = 0; i <= n; i++) {
		unsigned char c = i < n ? (unsigned char)name[i] : '/';
		if (c == '/') {
			if (i == start || name[start] == '.')
				return false;
			start = i + 1;
			continue;
		}
		if (c < 0x20 || c == 0x7f || c == ' ' || c == '~' || c == '^' ||
		    c == ':' || c == '?' || c == '*' || c == '[' || c == '\\' ||
		    (c == '.' && i + 1 < n && name[i + 1] == '.') ||
		    (c == '@' && i + 1 < n && name[i + 1] == '{'))
			return false;
	}
	return true;
}

static bool plain_name(const char *name, size_t n)
{
	return plain_name_under(name, n, "refs/tags/");
}

int vigie_refs_open(struct vigie_refs **out, const char *commondir)
{
	struct vigie_refs *r = calloc(1, sizeof(*r));
	struct vigie_buf path = VIGIE_BUF_INIT;
	int rc;

	*out = NULL;
	if (!r || !(r->commondir = strdup(commondir)) ||
	    vigie_buf_printf(&path, "%s/packed-refs", r->commondir) < 0)
		goto nomem;
	/* a mirror's is hundreds of kilobytes: mapped, not copied */
	rc = vigie_map_file(&r->map, path.ptr, PACKED_MAX);
	if (rc == 0) {
		r->packed = r->map.ptr ? r->map.ptr : "";
		r->packed_len = r->map.len;
	} else {
		r->unsure = rc != VIGIE_ENOTFOUND;
	}
	vigie_buf_release(&path);
	*out = r;
	return 0;
nomem:
	vigie_buf_release(&path);
	vigie_refs_free(r);
	return -1;
}

void vigie_refs_free(struct vigie_refs *r)
{
	if (!r)
		return;
	free(r->commondir);
	vigie_mapped_release(&r->map);
	free(r);
}

/*
 * A loose ref's file at path: 1 an id (*id), 2 symbolic (*target,
 * malloc'd), 3 no such file, 0 anything else, -1 out of memory.
 */
static int read_loose_at(const char *path, git_oid *id, char **target)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	int rc = 0;

	*target = NULL;
	switch (read_small(path, LOOSE_MAX, &b)) {
	case 1:
		rc = 3;
		goto out;
	case 0:
		break;
	default:
		goto out;
	}
	/* "<hex>\n" or "ref: <name>\n", nothing else */
	while (b.len && (b.ptr[b.len - 1] == '\n' || b.ptr[b.len - 1] == '\r'))
		b.ptr[--b.len] = '\0';
	if (b.len == HEX && hex_oid(id, b.ptr, b.len)) {
		rc = 1;
	} else if (b.len > 5 && !strncmp(b.ptr, "ref: ", 5) &&
		   !memchr(b.ptr, '\n', b.len) && strlen(b.ptr) == b.len) {
		if (!(*target = strdup(b.ptr + 5)))
			rc = -1;
		else
			rc = 2;
	}
out:
	vigie_buf_release(&b);
	return rc;
}

struct loose_tag {
	char *name;
	git_oid id;
	bool symbolic; /* no id: not a release, but it hides a packed one */
};

struct loose_list {
	struct loose_tag *v;
	size_t n, cap;
};

static int cmp_loose(const void *a, const void *b)
{
	return strcmp(((const struct loose_tag *)a)->name,
		      ((const struct loose_tag *)b)->name);
}

/* The loose tags under path (the name from root on): 1, 0 (libgit2), -1. */
static int loose_tags(struct vigie_buf *path, size_t root, int depth,
		      struct loose_list *out)
{
	DIR *d;
	struct dirent *de;
	size_t at = path->len;
	int rc = 1;

	if (depth > DEPTH_MAX)
		return 0;
	/* refs/tags itself a link (the entries under it are checked one by
	 * one): libgit2 decides */
	if (depth == 0) {
		struct stat st;
		if (lstat(path->ptr, &st) < 0)
			return errno == ENOENT ? 1 : 0;
		if (!S_ISDIR(st.st_mode))
			return 0;
	}
	if (!(d = opendir(path->ptr)))
		return errno == ENOENT && depth == 0 ? 1 : 0;
	while (rc == 1 && (de = readdir(d))) {
		size_t dl = strlen(de->d_name);
		struct stat st;
		const char *name;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		/* a ref being written: skipped, as libgit2 does */
		if (dl >= 5 && !strcmp(de->d_name + dl - 5, ".lock"))
			continue;
		path->len = at;
		if (vigie_buf_printf(path, "/%s", de->d_name) < 0) {
			rc = -1;
			break;
		}
		name = path->ptr + root;
		if (lstat(path->ptr, &st) < 0 || S_ISLNK(st.st_mode)) {
			rc = 0;
		} else if (S_ISDIR(st.st_mode)) {
			rc = loose_tags(path, root, depth + 1, out);
		} else if (!plain_name(name, strlen(name))) {
			rc = 0;
		} else {
			struct loose_tag t = { NULL, { { 0 } }, false };
			char *target = NULL;
			int got = read_loose_at(path->ptr, &t.id, &target);
			free(target);
			if (got < 0) {
				rc = -1;
			} else if (got != 1 && got != 2) {
				rc = 0;
			} else if (out->n >= LOOSE_TAGS_MAX) {
				rc = 0;
			} else if (vigie_grow(&out->v, &out->cap, out->n + 1, 16) < 0 ||
				   !(t.name = strdup(name))) {
				rc = -1;
			} else {
				t.symbolic = got == 2;
				out->v[out->n++] = t;
			}
		}
	}
	closedir(d);
	path->len = at;
	path->ptr[at] = '\0';
	return rc;
}

/* A tag of packed-refs: its name in the file, its id. */
struct packed_tag {
	const char *name;
	size_t len;
	git_oid id;
};

/*
 * The tags of packed-refs, every line checked first (peeled lines and
 * comments skipped): 1, 0 on a line this reader does not know, -1.
 */
static int packed_tags(const struct vigie_refs *r, struct packed_tag **out,
		       size_t *count)
{
	const char *p = r->packed, *end = r->packed ? r->packed + r->packed_len : NULL;
	size_t cap = 0;

	*out = NULL;
	*count = 0;
	while (p < end) {
		const char *line = p, *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ln = (size_t)((nl ? nl : end) - line), nn;

		p = nl ? nl + 1 : end;
		if (ln && line[ln - 1] == '\r')
			ln--;
		if (!ln || *line == '#' || *line == '^')
			continue;
		nn = ln - HEX - 1;
		if (ln < HEX + 2 || line[HEX] != ' ' || !hex_oid(NULL, line, HEX) ||
		    memchr(line + HEX + 1, '\0', nn))
			return 0;
		if (nn <= 10 || strncmp(line + HEX + 1, "refs/tags/", 10))
			continue;
		if (vigie_grow(out, &cap, *count + 1, 64) < 0)
			return -1;
		(*out)[*count].name = line + HEX + 1;
		(*out)[*count].len = nn;
		hex_oid(&(*out)[*count].id, line, HEX);
		(*count)++;
	}
	return 1;
}

int vigie_refs_tags(const struct vigie_refs *r, vigie_refs_tag_fn *fn,
		    void *arg)
{
	struct vigie_buf path = VIGIE_BUF_INIT, name = VIGIE_BUF_INIT;
	struct loose_list loose = { NULL, 0, 0 };
	struct packed_tag *packed = NULL;
	size_t i, npacked = 0, root;
	int rc;

	if (r->unsure)
		return 0;
	if (vigie_buf_printf(&path, "%s/", r->commondir) < 0)
		return -1;
	root = path.len;
	if (vigie_buf_puts(&path, "refs/tags") < 0) {
		vigie_buf_release(&path);
		return -1;
	}
	rc = loose_tags(&path, root, 0, &loose);
	vigie_buf_release(&path);
	/* every file read and every line known before the first tag is told:
	 * libgit2, if it must answer, answers for all */
	if (rc == 1)
		rc = packed_tags(r, &packed, &npacked);
	if (rc != 1)
		goto out;
	if (loose.n)
		qsort(loose.v, loose.n, sizeof(*loose.v), cmp_loose);
	for (i = 0; i < loose.n && rc == 1; i++)
		if (!loose.v[i].symbolic && fn(loose.v[i].name, &loose.v[i].id, arg) < 0)
			rc = -1;
	for (i = 0; i < npacked && rc == 1; i++) {
		struct loose_tag key;
		vigie_buf_clear(&name);
		if (vigie_buf_add(&name, packed[i].name, packed[i].len) < 0) {
			rc = -1;
			break;
		}
		key.name = name.ptr;
		/* a loose ref of the same name is the newer */
		if (loose.n && bsearch(&key, loose.v, loose.n, sizeof(*loose.v),
				       cmp_loose))
			continue;
		if (fn(name.ptr, &packed[i].id, arg) < 0)
			rc = -1;
	}
out:
	for (i = 0; i < loose.n; i++)
		free(loose.v[i].name);
	free(loose.v);
	free(packed);
	vigie_buf_release(&name);
	return rc;
}

/*
 * The id packed-refs gives name: 1 (*id), 0 not there or a line this
 * reader does not know (libgit2 then says), checking every line as
 * packed_tags does.
 */
static int packed_find(const struct vigie_refs *r, const char *name,
		       git_oid *id)
{
	const char *p = r->packed, *end = r->packed ? r->packed + r->packed_len : NULL;
	size_t n = strlen(name);
	int found = 0;

	while (p < end) {
		const char *line = p, *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ln = (size_t)((nl ? nl : end) - line);

		p = nl ? nl + 1 : end;
		if (ln && line[ln - 1] == '\r')
			ln--;
		if (!ln || *line == '#' || *line == '^')
			continue;
		if (ln < HEX + 2 || line[HEX] != ' ' || !hex_oid(NULL, line, HEX) ||
		    memchr(line + HEX + 1, '\0', ln - HEX - 1))
			return 0;
		if (!found && ln - HEX - 1 == n && !memcmp(line + HEX + 1, name, n)) {
			hex_oid(id, line, HEX);
			found = 1;
		}
	}
	return found;
}

int vigie_refs_head(const struct vigie_refs *r, const char *gitdir,
		    git_oid *id, char **branch)
{
	struct vigie_buf path = VIGIE_BUF_INIT;
	char *target = NULL;
	int rc = 0, got;

	*branch = NULL;
	if (r->unsure || vigie_buf_printf(&path, "%s/HEAD", gitdir) < 0)
		return r->unsure ? 0 : -1;
	got = read_loose_at(path.ptr, id, &target);
	if (got == 1) {
		rc = 1; /* detached */
		goto out;
	}
	/* a branch: "ref: refs/heads/NAME", its ref loose or packed */
	if (got != 2 || !plain_name_under(target, strlen(target), "refs/heads/"))
		goto out;
	vigie_buf_clear(&path);
	if (vigie_buf_printf(&path, "%s/%s", r->commondir, target) < 0) {
		rc = -1;
		goto out;
	}
	{
		char *again = NULL;
		got = read_loose_at(path.ptr, id, &again);
		free(again);
	}
	if (got == 3)
		got = packed_find(r, target, id);
	if (got != 1)
		goto out; /* symbolic, unborn, unusual: libgit2 says */
	if (!(*branch = strdup(target + strlen("refs/heads/")))) {
		rc = -1;
		goto out;
	}
	rc = 1;
out:
	free(target);
	vigie_buf_release(&path);
	return rc;
}
