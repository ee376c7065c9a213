/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Loose objects read straight from the objects directory.
 *
 * With the packs read by packs.c, the loose objects were the last reason
 * an offline audit loaded libgit2's object database.  A loose object is
 * objects/xx/ and the 38 other hex digits of its id: a zlib stream of
 * "TYPE SP DECIMAL-SIZE NUL" and the body.  Its header is inflated first
 * (at most 32 bytes), then the body straight into a buffer of the size
 * the header announces.
 *
 * The repository is hostile input.  The file is opened without following
 * a link, without blocking (a FIFO), and read only when it is a regular
 * file; no more of it is read than a zlib stream of an object of the
 * caller's maximum can take; a size is believed only when the file could
 * inflate to it, and nothing larger than max + 1 bytes is allocated.
 * Anything unusual -- a header git would not write, a body longer or
 * shorter than announced, bytes after the stream -- answers
 * VIGIE_PACK_OTHER: libgit2 then reads the object and reports the
 * corruption in its own words.  The SHA-1 is not verified (libgit2 is set
 * not to verify it either).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "internal.h"
#include "zlib_api.h" /* libdeflate, zlib: opened when first needed */
#include "banned.h"

#ifndef O_PATH
#define O_PATH O_RDONLY
#endif

#define OID_LEN 20
#define HEADER_MAX 32        /* inflated bytes in which the NUL must be */
#define HEADER_IN (16 << 10) /* compressed bytes read to find it */
#define CHUNK (16 << 10)     /* bytes of the file read at a time */
/*
 * deflate builds at most 258 bytes from 2 bits (a length and a distance
 * code of one bit each): no stream inflates to more than 1032 times its
 * size, plus its few bytes of framing.
 */
#define RATIO_MAX 1032u

struct vigie_loose {
	int fd; /* the objects directory (O_PATH); -1: none */
	bool alternates; /* objects/info/alternates names other stores */
};

/* The types a loose object may have, by the name its header gives. */
static const struct {
	const char *name;
	size_t len;
	git_object_t type;
} types[] = {
	{ "blob", 4, GIT_OBJECT_BLOB },
	{ "commit", 6, GIT_OBJECT_COMMIT },
	{ "tag", 3, GIT_OBJECT_TAG },
	{ "tree", 4, GIT_OBJECT_TREE },
};

int vigie_loose_open(struct vigie_loose **out, const char *objects_dir)
{
	struct vigie_loose *l = malloc(sizeof(*l));

	*out = NULL;
	if (!l)
		return -1;
	/* No directory (or none readable), or no zlib to inflate with:
	 * every read is libgit2's. */
	if (vigie_lib_load(VIGIE_LIB_ZLIB, NULL) < 0)
		objects_dir = NULL;
	l->fd = objects_dir ? open(objects_dir, O_PATH | O_DIRECTORY |
							O_CLOEXEC)
			    : -1;
	/* (anything there but "no such file" counts as alternates) */
	{
		struct stat st;
		l->alternates = l->fd >= 0 &&
				(fstatat(l->fd, "info/alternates", &st,
					 AT_SYMLINK_NOFOLLOW) == 0 ||
				 errno != ENOENT);
	}
	*out = l;
	return 0;
}

bool vigie_loose_absent(const struct vigie_loose *l, const unsigned char id[20])
{
	static const char hex[] = "0123456789abcdef";
	char path[2 * OID_LEN + 2];
	struct stat st;
	int i;

	if (!l || l->fd < 0 || l->alternates)
		return false;
	path[0] = hex[id[0] >> 4];
	path[1] = hex[id[0] & 15];
	path[2] = '/';
	for (i = 1; i < OID_LEN; i++) {
		path[2 * i + 1] = hex[id[i] >> 4];
		path[2 * i + 2] = hex[id[i] & 15];
	}
	path[sizeof(path) - 1] = '\0';
	return fstatat(l->fd, path, &st, AT_SYMLINK_NOFOLLOW) < 0 &&
	       (errno == ENOENT || errno == ENOTDIR);
}

void vigie_loose_free(struct vigie_loose *l)
{
	if (!l)
		return;
	if (l->fd >= 0)
		close(l->fd);
	free(l);
}

/* A stream being inflated from a file, of which left bytes may still be
 * read (rest more once the header is read). */
struct zfile {
	int fd;
	uint64_t size; /* of the file, at fstat */
	uint64_t left, rest;
	size_t chunk;
	bool header;   /* stop once a NUL is out */
	z_stream zs;
	unsigned char in[CHUNK];
};

/* Open objects/xx/yyyy... for id: -1 when there is no regular file there. */
static int open_object(const struct vigie_loose *l, const unsigned char *id,
		       uint64_t *size)
{
	static const char hex[] = "0123456789abcdef";
	char dir[3], name[2 * OID_LEN - 1];
	struct stat st;
	int sub, fd, i;

	if (!l || l->fd < 0)
		return -1;
	dir[0] = hex[id[0] >> 4];
	dir[1] = hex[id[0] & 15];
	dir[2] = '\0';
	for (i = 1; i < OID_LEN; i++) {
		name[2 * i - 2] = hex[id[i] >> 4];
		name[2 * i - 1] = hex[id[i] & 15];
	}
	name[sizeof(name) - 1] = '\0';
	/*
	 * The fan-out directory is opened on its own, not through a link:
	 * O_NOFOLLOW only guards the last component of a path, and a link
	 * objects/xx -> / would read outside the repository.
	 */
	sub = openat(l->fd, dir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sub < 0)
		return -1;
	fd = openat(sub, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK |
				       O_NOCTTY);
	close(sub);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
		close(fd);
		return -1;
	}
	*size = (uint64_t)st.st_size;
	return fd;
}

enum step {
	STEP_MORE,  /* stopped (output full, a header's NUL out); more may follow */
	STEP_END,   /* the stream ended */
	STEP_BAD,   /* damaged, truncated, unreadable */
	STEP_NOMEM,
};

/* Inflate into out[0..n) until it is full or the stream ends, or (for a
 * header) a NUL is out; *got is how many bytes came out. */
static enum step inflate_into(struct zfile *f, unsigned char *out, size_t n,
			      size_t *got)
{
	size_t done = 0;

	for (;;) {
		size_t room = n - done;
		int zr;

		*got = done;
		if (!room)
			return STEP_MORE;
		if (!f->zs.avail_in && f->left) {
			size_t want = f->left < f->chunk ? (size_t)f->left
							 : f->chunk;
			ssize_t r = read(f->fd, f->in, want);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				return STEP_BAD;
			/* shorter than at fstat: what is there is all */
			f->left = r ? f->left - (uint64_t)r : 0;
			f->zs.next_in = f->in;
			f->zs.avail_in = (uInt)r;
		}
		f->zs.next_out = out + done;
		f->zs.avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
		zr = inflate(&f->zs, Z_NO_FLUSH);
		done += (size_t)(f->zs.next_out - (out + done));
		*got = done;
		if (zr == Z_OK && f->header && memchr(out, '\0', done))
			return STEP_MORE;
		switch (zr) {
		case Z_STREAM_END:
			return STEP_END;
		case Z_OK:
			break;
		case Z_BUF_ERROR:
			/* no progress: only more input can make some */
			if (f->zs.avail_in || !f->left)
				return STEP_BAD;
			break;
		case Z_MEM_ERROR:
			return STEP_NOMEM;
		default: /* Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR */
			return STEP_BAD;
		}
	}
}

/*
 * "TYPE SP SIZE NUL" at the start of the n bytes of h, as git writes it:
 * one of the four types, a decimal size of 1 to 20 digits with no leading
 * zero that fits in 64 bits.  *body is where the body starts.
 */
static bool parse_header(const unsigned char *h, size_t n, git_object_t *type,
			 uint64_t *size, size_t *body)
{
	const unsigned char *nul = memchr(h, '\0', n), *p;
	size_t i, t;

	if (!nul)
		return false;
	for (t = 0; t < sizeof(types) / sizeof(*types); t++)
		if ((size_t)(nul - h) > types[t].len &&
		    !memcmp(h, types[t].name, types[t].len) &&
		    h[types[t].len] == ' ')
			break;
	if (t == sizeof(types) / sizeof(*types))
		return false;
	p = h + types[t].len + 1;
	if (p == nul || nul - p > 20 || (*p == '0' && nul - p > 1))
		return false;
	for (*size = 0, i = 0; p + i < nul; i++) {
		unsigned d = (unsigned)p[i] - '0';
		if (d > 9 || *size > (UINT64_MAX - d) / 10)
			return false;
		*size = *size * 10 + d;
	}
	*type = types[t].type;
	*body = (size_t)(nul - h) + 1;
	return true;
}

/*
 * Open id and inflate its header into hdr: *got bytes, of which the body's
 * start from *body on; *step says whether the stream ended there.  The
 * caller calls zfile_end whatever the answer.
 */
static enum vigie_pack_read read_header(const struct vigie_loose *l,
					const unsigned char *id, size_t chunk,
					struct zfile *f,
					unsigned char hdr[HEADER_MAX],
					size_t *got, size_t *body,
					git_object_t *type, uint64_t *size,
					enum step *step)
{
	memset(&f->zs, 0, sizeof(f->zs));
	f->fd = open_object(l, id, &f->size);
	if (f->fd < 0)
		return VIGIE_PACK_OTHER;
	if (inflateInit(&f->zs) != Z_OK) {
		close(f->fd);
		f->fd = -1;
		return VIGIE_PACK_NOMEM;
	}
	f->left = f->size < HEADER_IN ? f->size : HEADER_IN;
	f->rest = f->size - f->left;
	f->chunk = chunk;
	f->header = true;
	*step = inflate_into(f, hdr, HEADER_MAX, got);
	f->header = false;
	if (*step == STEP_NOMEM)
		return VIGIE_PACK_NOMEM;
	if (*step == STEP_BAD || !parse_header(hdr, *got, type, size, body))
		return VIGIE_PACK_OTHER;
	/* A size this file cannot inflate to is a lie, never allocated. */
	if (*size > 64 && (*size - 64) / RATIO_MAX > f->size)
		return VIGIE_PACK_OTHER;
	/* The stream ended: the body must be all there, no more. */
	if (*step == STEP_END && *got - *body != *size)
		return VIGIE_PACK_OTHER;
	if (*got - *body > *size)
		return VIGIE_PACK_OTHER;
	return VIGIE_PACK_READ;
}

static void zfile_end(struct zfile *f)
{
	if (f->fd < 0)
		return;
	inflateEnd(&f->zs);
	close(f->fd);
}

enum vigie_pack_read vigie_loose_header(const struct vigie_loose *l,
					const unsigned char id[20],
					git_object_t *type, uint64_t *size)
{
	unsigned char hdr[HEADER_MAX];
	struct zfile *f = malloc(sizeof(*f));
	enum vigie_pack_read rc;
	size_t got, body;
	enum step step;

	*type = GIT_OBJECT_INVALID;
	*size = 0;
	if (!f)
		return VIGIE_PACK_NOMEM;
	/* small reads: only the first bytes of a large object are wanted */
	rc = read_header(l, id, 1024, f, hdr, &got, &body, type, size, &step);
	zfile_end(f);
	free(f);
	if (rc != VIGIE_PACK_READ) {
		*type = GIT_OBJECT_INVALID;
		*size = 0;
	}
	return rc;
}

/*
 * The largest file a zlib stream of at most max bytes (and its header)
 * takes, at any compression level: deflate adds 5 bytes a stored block of
 * up to 64 KiB, zlib's deflateBound a little more.
 */
static uint64_t file_cap(size_t max)
{
	uint64_t m = max;

	if (m > UINT64_MAX / 2)
		return UINT64_MAX;
	return m + m / 256 + 1024;
}

enum vigie_pack_read vigie_loose_read(const struct vigie_loose *l,
				      const unsigned char id[20], size_t max,
				      git_object_t *type, char **data,
				      size_t *len)
{
	unsigned char hdr[HEADER_MAX], scratch;
	struct zfile *f = malloc(sizeof(*f));
	enum vigie_pack_read rc;
	size_t got, body, have, n;
	uint64_t size = 0;
	char *buf = NULL;
	enum step step;

	*type = GIT_OBJECT_INVALID;
	*data = NULL;
	*len = 0;
	if (!f)
		return VIGIE_PACK_NOMEM;
	rc = read_header(l, id, CHUNK, f, hdr, &got, &body, type, &size, &step);
	if (rc != VIGIE_PACK_READ)
		goto out;
	if (size > max || size >= SIZE_MAX) {
		rc = VIGIE_PACK_TOO_BIG;
		goto out;
	}
	rc = VIGIE_PACK_OTHER;
	if (f->size > file_cap(max))
		goto out;
	f->left += f->rest;
	f->rest = 0;
	if (!(buf = malloc((size_t)size + 1))) {
		rc = VIGIE_PACK_NOMEM;
		goto out;
	}
	have = got - body;
	memcpy(buf, hdr + body, have);
	if (step != STEP_END) {
		step = inflate_into(f, (unsigned char *)buf + have,
				    (size_t)size - have, &n);
		if (step == STEP_END && have + n != size) {
			step = STEP_BAD; /* fewer bytes than announced */
		} else if (step == STEP_MORE) {
			/* the stream must end right after the body */
			step = inflate_into(f, &scratch, 1, &n);
			if (n)
				step = STEP_BAD;
		}
		if (step == STEP_NOMEM)
			rc = VIGIE_PACK_NOMEM;
		if (step != STEP_END)
			goto out;
	}
	/* nothing after the stream */
	if (f->zs.avail_in || f->left)
		goto out;
	buf[size] = '\0';
	*data = buf;
	*len = (size_t)size;
	buf = NULL;
	rc = VIGIE_PACK_READ;
out:
	zfile_end(f);
	free(f);
	free(buf);
	if (rc != VIGIE_PACK_READ)
		*type = GIT_OBJECT_INVALID;
	return rc;
}
