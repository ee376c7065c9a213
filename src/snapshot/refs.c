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
#include "grow.h"
#include "internal.h"
#include "banned.h"

#define PACKED_MAX (256u << 20) /* bytes of packed-refs */
#define LOOSE_MAX 512           /* bytes of a loose ref file */
#define DEPTH_MAX 16            /* directories under refs/tags */
#define HEX 40                  /* a SHA-1 in hexadecimal */

struct vigie_refs {
	char *commondir; /* refs/, packed-refs */
	char *packed;    /* packed-refs, NUL-ended; NULL: there is none */
	size_t packed_len;
	bool unsure;     /* packed-refs there but not read: libgit2 says */
};

/* Read a whole regular file, not through a symbolic link, of at most max
 * bytes: 0 done, 1 no such file, -1 anything else. */
static int read_small(const char *path, size_t max, struct vigie_buf *out)
{
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? 1 : -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > max ||
	    vigie_buf_grow(out, (size_t)st.st_size + 1) < 0) {
		close(fd);
		return -1;
	}
	vigie_buf_clear(out);
	while ((n = read(fd, out->ptr + out->len,
			 (size_t)st.st_size + 1 - out->len)) > 0) {
		out->len += (size_t)n;
		if (out->len > (size_t)st.st_size)
			break; /* grew while read */
	}
	close(fd);
	if (n < 0 || out->len != (size_t)st.st_size)
		return -1;
	out->ptr[out->len] = '\0';
	return 0;
}

static bool hex_oid(git_oid *id, const char *p, size_t n)
{
	size_t i;

	if (n < HEX)
		return false;
	for (i = 0; i < HEX; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return git_oid_fromstrn(id, p, HEX) == 0;
}

/*
 * A loose tag's name as git accepts it: under refs/tags/, of components
 * with no "..", no leading dot, no ".lock", no control or special
 * characters.  Anything else: libgit2.
 */
static bool plain_name(const char *name, size_t n)
{
	size_t i, start;

	if (n <= 10 || strncmp(name, "refs/tags/", 10))
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

int vigie_refs_open(struct vigie_refs **out, const char *commondir)
{
	struct vigie_refs *r = calloc(1, sizeof(*r));
	struct vigie_buf path = VIGIE_BUF_INIT, b = VIGIE_BUF_INIT;
	int rc;

	*out = NULL;
	if (!r || !(r->commondir = strdup(commondir)) ||
	    vigie_buf_printf(&path, "%s/packed-refs", r->commondir) < 0)
		goto nomem;
	rc = read_small(path.ptr, PACKED_MAX, &b);
	if (rc == 0) {
		r->packed = b.ptr;
		r->packed_len = b.len;
		b.ptr = NULL;
	} else {
		r->unsure = rc < 0;
	}
	vigie_buf_release(&b);
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
	free(r->packed);
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

/*
 * Each line of packed-refs as an entry: fn(name, id) for each one (peeled
 * lines and comments skipped); -1 on a line this reader does not know.
 */
static int packed_each(const struct vigie_refs *r,
		       int (*fn)(const char *name, size_t n, const git_oid *id,
				 void *arg),
		       void *arg)
{
	const char *p = r->packed, *end = r->packed ? r->packed + r->packed_len : NULL;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t ln = (size_t)(le - p);
		git_oid id;

		if (ln && le[-1] == '\r')
			ln--;
		if (ln && *p != '#' && *p != '^') {
			if (ln < HEX + 2 || p[HEX] != ' ' || !hex_oid(&id, p, HEX) ||
			    memchr(p + HEX + 1, '\0', ln - HEX - 1))
				return -1;
			if (fn && fn(p + HEX + 1, ln - HEX - 1, &id, arg) < 0)
				return -2;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

struct tag_walk {
	const struct loose_list *loose;
	vigie_refs_tag_fn *fn;
	void *arg;
	struct vigie_buf name;
};

static int packed_tag(const char *name, size_t n, const git_oid *id, void *arg)
{
	struct tag_walk *t = arg;
	struct loose_tag key;

	if (n <= 10 || strncmp(name, "refs/tags/", 10))
		return 0;
	vigie_buf_clear(&t->name);
	if (vigie_buf_add(&t->name, name, n) < 0)
		return -1;
	key.name = t->name.ptr;
	/* a loose ref of the same name is the newer */
	if (t->loose->n && bsearch(&key, t->loose->v, t->loose->n,
				   sizeof(*t->loose->v), cmp_loose))
		return 0;
	return t->fn(t->name.ptr, id, t->arg);
}

int vigie_refs_tags(const struct vigie_refs *r, vigie_refs_tag_fn *fn,
		    void *arg)
{
	struct vigie_buf path = VIGIE_BUF_INIT;
	struct loose_list loose = { NULL, 0, 0 };
	struct tag_walk t = { &loose, fn, arg, VIGIE_BUF_INIT };
	size_t i, root;
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
	if (rc == 1 && packed_each(r, NULL, NULL) < 0)
		rc = 0;
	if (rc != 1)
		goto out;
	if (loose.n)
		qsort(loose.v, loose.n, sizeof(*loose.v), cmp_loose);
	for (i = 0; i < loose.n && rc == 1; i++)
		if (!loose.v[i].symbolic && fn(loose.v[i].name, &loose.v[i].id, arg) < 0)
			rc = -1;
	if (rc == 1 && packed_each(r, packed_tag, &t) < 0)
		rc = -1;
out:
	for (i = 0; i < loose.n; i++)
		free(loose.v[i].name);
	free(loose.v);
	vigie_buf_release(&t.name);
	return rc;
}
