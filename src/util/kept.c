/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * What an audit worked out of a repository's objects, kept for the next
 * audit of the same repository: an object never changes.  The history walk
 * keeps what it read of each commit (inflating it is most of a walk), the
 * license collector what it made of each license file (matching a text
 * against the database is most of that collector).
 *
 * One file per kind and repository, CACHE/<kind>/<sha256 of its git
 * directory>, written whole (a temporary file renamed over it), mode 0600
 * (commits name their authors):
 *
 *   "vigie kept\n" and NULs (16 bytes), version (u32 LE), count (u32 LE),
 *   count entries of { id (20 bytes), offset (u32 LE), length (u32 LE) }
 *   sorted by id, then the texts.
 *
 * The version is the kind's: a file of another is no cache.  The file is
 * mapped, not read: the commits of a long history make megabytes, which a
 * read into fresh memory copied page by page (and faulted each page in),
 * and it is only ever replaced whole.  It is read as untrusted: a bad header is no cache, an entry out of bounds is a
 * miss.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "vigie/buf.h"
#include "kept.h"
#include "fs.h"
#include "sha256.h"
#include "grow.h"
#include "banned.h"

#define MAGIC "vigie kept\n\0\0\0\0\0"
#define HEADER 24
#define ENTRY 28
#define FILE_MAX (64u * 1024 * 1024)  /* bytes read or written */
#define ENTRIES_MAX 2000000u

struct added {
	unsigned char id[20];
	const char *text;    /* in a chunk */
	size_t len;
};

/*
 * The texts added, in chunks that never move: a first audit of git/git
 * adds some 2.4 MiB, which one growing buffer copied again at each
 * doubling (and the file was made in a third copy; it is written from the
 * chunks).
 */
#define CHUNK (1024 * 1024)

struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

struct vigie_kept {
	uint32_t version;
	char *path;
	struct vigie_mapped file; /* the file as read, or empty */
	uint32_t count;      /* its entries */
	const unsigned char *entries, *texts;
	size_t texts_len;
	struct added *added;
	size_t nadded, cap;
	struct chunk *chunks; /* the newest first */
	size_t new_len;       /* bytes of the texts added */
	bool full;
};

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* The file, whole, into cc when it is one of ours (else no entries). */
static void load(struct vigie_kept *cc)
{
	const unsigned char *buf;
	size_t got;
	uint32_t count;

	if (vigie_map_file(&cc->file, cc->path, FILE_MAX) < 0 ||
	    cc->file.len < HEADER) {
		vigie_mapped_release(&cc->file);
		return;
	}
	buf = (const unsigned char *)cc->file.ptr;
	got = cc->file.len;
	count = le32(buf + 20);
	if (memcmp(buf, MAGIC, 16) ||
	    le32(buf + 16) != cc->version ||
	    count > ENTRIES_MAX || (size_t)count * ENTRY > got - HEADER) {
		vigie_mapped_release(&cc->file);
		return;
	}
	cc->count = count;
	cc->entries = buf + HEADER;
	cc->texts = cc->entries + (size_t)count * ENTRY;
	cc->texts_len = got - HEADER - (size_t)count * ENTRY;
}

struct vigie_kept *vigie_kept_open(const char *root, const char *kind,
				   const char *gitdir, uint32_t version)
{
	struct vigie_kept *cc;
	struct vigie_sha256 sha;
	char hex[65], *real, *own = NULL;

	if (!gitdir)
		return NULL;
	if (!root)
		root = own = vigie_cache_root();
	if (!root)
		return NULL;
	cc = calloc(1, sizeof(*cc));
	real = realpath(gitdir, NULL);
	vigie_sha256_init(&sha);
	vigie_sha256_update(&sha, real ? real : gitdir,
			    strlen(real ? real : gitdir));
	vigie_sha256_hex(&sha, hex);
	free(real);
	if (cc) {
		struct vigie_buf p = VIGIE_BUF_INIT;
		cc->version = version;
		if (vigie_buf_printf(&p, "%s/%s/%.32s", root, kind, hex) < 0) {
			vigie_buf_release(&p);
			free(cc);
			cc = NULL;
		} else {
			cc->path = p.ptr;
			load(cc);
		}
	}
	free(own);
	return cc;
}

static int cmp_id(const unsigned char *a, const unsigned char *b)
{
	return memcmp(a, b, 20);
}

bool vigie_kept_get(struct vigie_kept *cc,
			    const unsigned char id[20], const char **text,
			    size_t *len)
{
	uint32_t lo = 0, hi;

	if (!cc)
		return false;
	hi = cc->count;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const unsigned char *e = cc->entries + (size_t)mid * ENTRY;
		int c = cmp_id(e, id);
		if (!c) {
			uint32_t off = le32(e + 20), n = le32(e + 24);
			if (off > cc->texts_len || n > cc->texts_len - off)
				return false;
			*text = (const char *)cc->texts + off;
			*len = n;
			return true;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

int vigie_kept_add(struct vigie_kept *cc,
			   const unsigned char id[20], const char *text,
			   size_t len)
{
	struct added *a;
	struct chunk *c;

	if (!cc || cc->full)
		return 0;
	if (cc->count + cc->nadded >= ENTRIES_MAX ||
	    len > FILE_MAX - cc->new_len) {
		cc->full = true;
		return 0;
	}
	if (vigie_grow(&cc->added, &cc->cap, cc->nadded + 1, 256) < 0)
		return -1;
	c = cc->chunks;
	if (!c || c->cap - c->used < len) {
		size_t size = len > CHUNK ? len : CHUNK;
		if (!(c = malloc(sizeof(*c) + size))) {
			cc->full = true; /* what is kept is a cache: no error */
			return 0;
		}
		c->next = cc->chunks;
		c->used = 0;
		c->cap = size;
		cc->chunks = c;
	}
	a = &cc->added[cc->nadded];
	memcpy(a->id, id, 20);
	memcpy(c->data + c->used, text, len);
	a->text = c->data + c->used;
	a->len = len;
	c->used += len;
	cc->new_len += len;
	cc->nadded++;
	return 0;
}

/* One entry of the merged file: an id and its text, old or added. */
struct row {
	const unsigned char *id;
	const char *text;
	size_t len;
};

static int cmp_row(const void *a, const void *b)
{
	return cmp_id(((const struct row *)a)->id, ((const struct row *)b)->id);
}

#define IOV_BATCH 1024 /* Linux's IOV_MAX */

/* Write all of v (n parts, none empty) to fd, whatever each call took. */
static bool write_all(int fd, struct iovec *v, size_t n)
{
	while (n) {
		ssize_t w = writev(fd, v, (int)(n < IOV_BATCH ? n : IOV_BATCH));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		while (n && (size_t)w >= v->iov_len) {
			w -= (ssize_t)v->iov_len;
			v++;
			n--;
		}
		if (n && w) {
			v->iov_base = (char *)v->iov_base + w;
			v->iov_len -= (size_t)w;
		}
	}
	return true;
}

/* The old entries and the added ones, sorted, into a new file. */
static void save(struct vigie_kept *cc)
{
	size_t n = 0, i, k, total = 0;
	struct row *rows = malloc(((size_t)cc->count + cc->nadded) * sizeof(*rows));
	struct vigie_buf out = VIGIE_BUF_INIT, tmp = VIGIE_BUF_INIT;
	unsigned char head[HEADER];
	struct iovec *iov = NULL;
	size_t niov = 0;
	bool written;
	int fd = -1;

	if (!rows)
		return;
	for (i = 0; i < cc->count; i++) {
		const unsigned char *e = cc->entries + i * ENTRY;
		uint32_t off = le32(e + 20), len = le32(e + 24);
		if (off > cc->texts_len || len > cc->texts_len - off)
			continue;
		rows[n++] = (struct row){ e, (const char *)cc->texts + off, len };
	}
	for (i = 0; i < cc->nadded; i++)
		rows[n++] = (struct row){ cc->added[i].id, cc->added[i].text,
					  cc->added[i].len };
	qsort(rows, n, sizeof(*rows), cmp_row);
	for (i = k = 0; i < n; i++)
		if (!k || cmp_id(rows[k - 1].id, rows[i].id))
			rows[k++] = rows[i];
	n = k;
	for (i = 0; i < n; i++)
		total += rows[i].len;
	if (HEADER + n * ENTRY + total > FILE_MAX)
		goto out;
	memcpy(head, MAGIC, 16);
	put32(head + 16, cc->version);
	put32(head + 20, (uint32_t)n);
	/* the header and the index here, the texts written from where they
	 * are (the file read, the chunks added) */
	if (vigie_buf_grow(&out, HEADER + n * ENTRY) < 0 ||
	    vigie_buf_add(&out, head, HEADER) < 0 ||
	    !(iov = malloc((n + 1) * sizeof(*iov))))
		goto out;
	iov[niov++] = (struct iovec){ NULL, 0 };
	for (i = 0, total = 0; i < n; i++) {
		unsigned char e[ENTRY];
		memcpy(e, rows[i].id, 20);
		put32(e + 20, (uint32_t)total);
		put32(e + 24, (uint32_t)rows[i].len);
		total += rows[i].len;
		vigie_buf_add(&out, e, ENTRY);
		if (rows[i].len)
			iov[niov++] = (struct iovec){ (void *)rows[i].text,
						      rows[i].len };
	}
	iov[0] = (struct iovec){ out.ptr, out.len };
	/* a directory of our own, private: the texts name people */
	if (vigie_mkdirs_parent(cc->path) < 0 ||
	    vigie_buf_printf(&tmp, "%s.tmp-XXXXXX", cc->path) < 0)
		goto out;
	{
		char *slash = strrchr(tmp.ptr, '/');
		*slash = '\0';
		(void)chmod(tmp.ptr, 0700);
		*slash = '/';
	}
	fd = mkstemp(tmp.ptr);
	if (fd < 0)
		goto out;
	written = write_all(fd, iov, niov);
	if (close(fd) != 0 || !written || rename(tmp.ptr, cc->path) != 0)
		unlink(tmp.ptr);
out:
	vigie_buf_release(&tmp);
	vigie_buf_release(&out);
	free(iov);
	free(rows);
}

void vigie_kept_close(struct vigie_kept *cc, bool keep)
{
	if (!cc)
		return;
	if (keep && cc->nadded)
		save(cc);
	free(cc->path);
	vigie_mapped_release(&cc->file);
	free(cc->added);
	while (cc->chunks) {
		struct chunk *next = cc->chunks->next;
		free(cc->chunks);
		cc->chunks = next;
	}
	free(cc);
}
