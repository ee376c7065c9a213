/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Commits and tags read straight from the repository's pack files.
 *
 * The history collector reads tens of thousands of commit objects of a few
 * hundred bytes each, and a tag object per release.  Through git_odb_read,
 * each read looks the object up twice (header, then body) and sets up a
 * zlib stream, and zlib's inflate of a small object costs more in setting
 * up its tables than in decoding.  Here the pack indexes are mapped once,
 * an id is found in two or three cache lines, and a whole (undeltified)
 * commit or tag is inflated by libdeflate, whose decoder builds its tables
 * several times faster, into a buffer of the size the pack announces.
 * Anything else -- a loose object, a delta, an object in an alternate, a
 * pack or index this reader does not take -- is left to libgit2: the
 * answer is then VIGIE_PACK_OTHER and the caller asks libgit2.
 *
 * Packs are hostile input like the rest of a repository: every offset and
 * size is checked against the mapped file before it is used, and an object
 * that does not inflate to exactly its announced size is handed to libgit2,
 * which reports the corruption.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "git2_api.h"

#include "vigie/buf.h"
#include "internal.h"
#include "zlib_api.h" /* libdeflate, zlib: opened when first needed */
#include "banned.h"

#define PACKS_MAX 256
#define IDX_HEADER (8 + 256 * 4)
#define OID_LEN 20

struct pack {
	const unsigned char *idx, *data;
	size_t idx_len, data_len;
	uint32_t count;
	const unsigned char *ids, *offsets, *large;
	size_t nlarge;
};

struct vigie_packs {
	struct pack *v;
	size_t n;
	size_t last;      /* the pack of the last hit, tried first */
	struct libdeflate_decompressor *z; /* NULL: nothing inflates here */
	bool borrowed;    /* v is another set's (vigie_packs_share) */
};

/*
 * libdeflate and zlib, opened (libs.h).  Without them a set still tells
 * which objects it holds (a shallow boundary is an object in none), and
 * every read is libgit2's: its z stays NULL.
 */
static bool inflaters(void)
{
	return vigie_lib_load(VIGIE_LIB_DEFLATE, NULL) == 0 &&
	       vigie_lib_load(VIGIE_LIB_ZLIB, NULL) == 0;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static uint64_t be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static const unsigned char *map_file(int dirfd, const char *name, size_t *len)
{
	struct stat st;
	void *p;
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (uint64_t)st.st_size > SIZE_MAX) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	*len = (size_t)st.st_size;
	return p;
}

static void unmap(struct pack *k)
{
	if (k->idx)
		munmap((void *)k->idx, k->idx_len);
	if (k->data)
		munmap((void *)k->data, k->data_len);
	memset(k, 0, sizeof(*k));
}

/*
 * A version-2 index of SHA-1 ids and its pack: the fan-out ascending, the
 * sizes consistent with the object count, the pack's header agreeing.
 */
static bool pack_check(struct pack *k)
{
	static const unsigned char magic[] = { 0xff, 't', 'O', 'c', 0, 0, 0, 2 };
	const unsigned char *fan = k->idx + 8;
	uint32_t prev = 0;
	uint64_t fixed;
	int i;

	if (k->idx_len < IDX_HEADER + 2 * OID_LEN ||
	    memcmp(k->idx, magic, sizeof(magic)))
		return false;
	for (i = 0; i < 256; i++) {
		uint32_t f = be32(fan + 4 * i);
		if (f < prev)
			return false;
		prev = f;
	}
	k->count = prev;
	fixed = IDX_HEADER + (uint64_t)k->count * (OID_LEN + 4 + 4) + 2 * OID_LEN;
	if (fixed > k->idx_len || (k->idx_len - fixed) % 8)
		return false;
	k->ids = k->idx + IDX_HEADER;
	/* The CRC table sits between the ids and the offsets. */
	k->offsets = k->ids + (size_t)k->count * (OID_LEN + 4);
	k->large = k->offsets + (size_t)k->count * 4;
	k->nlarge = (k->idx_len - fixed) / 8;
	return k->data_len >= 12 + OID_LEN && !memcmp(k->data, "PACK", 4) &&
	       (be32(k->data + 4) == 2 || be32(k->data + 4) == 3) &&
	       be32(k->data + 8) == k->count;
}

static void add_pack(struct vigie_packs *p, int dirfd, const char *idxname)
{
	char packname[NAME_MAX + 1];
	size_t n = strlen(idxname);
	struct pack k = { 0 };

	/* "x.idx" becomes "x.pack": one byte longer, and its NUL. */
	if (n < 5 || n + 2 > sizeof(packname) || p->n == PACKS_MAX)
		return;
	memcpy(packname, idxname, n - 4);
	memcpy(packname + n - 4, ".pack", 6);
	k.idx = map_file(dirfd, idxname, &k.idx_len);
	if (k.idx)
		k.data = map_file(dirfd, packname, &k.data_len);
	if (!k.idx || !k.data || !pack_check(&k)) {
		unmap(&k);
		return;
	}
	p->v[p->n++] = k;
}

int vigie_packs_open_dir(struct vigie_packs **out, const char *dir)
{
	struct vigie_packs *p = calloc(1, sizeof(*p));
	struct dirent *d;
	DIR *dh;

	*out = NULL;
	if (!p || !(p->v = calloc(PACKS_MAX, sizeof(*p->v))) ||
	    (inflaters() && !(p->z = libdeflate_alloc_decompressor()))) {
		if (p)
			free(p->v);
		free(p);
		return -1;
	}
	/* No pack directory, or an unreadable one: libgit2 reads everything. */
	dh = dir ? opendir(dir) : NULL;
	while (dh && (d = readdir(dh))) {
		size_t n = strlen(d->d_name);
		if (n > 4 && !strcmp(d->d_name + n - 4, ".idx"))
			add_pack(p, dirfd(dh), d->d_name);
	}
	if (dh)
		closedir(dh);
	*out = p;
	return 0;
}

int vigie_packs_share(struct vigie_packs **out, const struct vigie_packs *of)
{
	struct vigie_packs *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (!p || (inflaters() && !(p->z = libdeflate_alloc_decompressor()))) {
		free(p);
		return -1;
	}
	if (of) {
		p->v = of->v;
		p->n = of->n;
	}
	p->borrowed = true;
	*out = p;
	return 0;
}

void vigie_packs_free(struct vigie_packs *p)
{
	size_t i;

	if (!p)
		return;
	if (p->borrowed) {
		libdeflate_free_decompressor(p->z);
		free(p);
		return;
	}
	for (i = 0; i < p->n; i++)
		unmap(&p->v[i]);
	free(p->v);
	libdeflate_free_decompressor(p->z);
	free(p);
}

static int id_cmp(const unsigned char *at, uint64_t key, const unsigned char *raw)
{
	uint64_t head = be64(at);

	if (head != key)
		return head < key ? -1 : 1;
	return memcmp(at + 8, raw + 8, OID_LEN - 8);
}

/*
 * The object's offset in the pack, or 0 when the id is not in it.  Ids are
 * hashes, spread evenly over their fan-out bucket: the entry sits within a
 * few dozen places of where its value says, so the search starts there and
 * widens by doubling steps before it bisects.  On a large index that reads
 * two or three cache lines where a plain binary search reads a dozen; on a
 * skewed (crafted) index it costs a few more comparisons, never more than
 * twice the bisection.
 */
static uint64_t pack_find(const struct pack *k, const git_oid *id)
{
	const unsigned char *raw = id->id, *fan = k->idx + 8;
	uint32_t lo = raw[0] ? be32(fan + 4 * (raw[0] - 1)) : 0;
	uint32_t hi = be32(fan + 4 * raw[0]);
	uint64_t off, key = be64(raw);
	uint32_t guess, step;
	int c;

	if (lo >= hi)
		return 0;
	/* The bits after the first byte place the id inside its bucket. */
	guess = lo + (uint32_t)(((key << 8) >> 32) * (uint64_t)(hi - lo) >> 32);
	c = id_cmp(k->ids + (size_t)guess * OID_LEN, key, raw);
	if (c < 0) {
		/* Below the id: gallop up until an entry is not. */
		for (step = 16, lo = guess + 1; lo < hi; step *= 2) {
			uint32_t at = hi - lo > step ? lo + step : hi - 1;
			c = id_cmp(k->ids + (size_t)at * OID_LEN, key, raw);
			if (c >= 0) {
				hi = at + 1;
				break;
			}
			lo = at + 1;
		}
	} else if (c > 0) {
		for (step = 16, hi = guess; hi > lo; step *= 2) {
			uint32_t at = hi - lo > step ? hi - step - 1 : lo;
			c = id_cmp(k->ids + (size_t)at * OID_LEN, key, raw);
			if (c <= 0) {
				lo = at;
				break;
			}
			hi = at;
		}
	} else {
		lo = guess;
		hi = guess + 1;
	}
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		c = id_cmp(k->ids + (size_t)mid * OID_LEN, key, raw);
		if (!c) {
			off = be32(k->offsets + (size_t)mid * 4);
			if (off & 0x80000000u) {
				off &= 0x7fffffffu;
				if (off >= k->nlarge)
					return 0;
				off = be64(k->large + off * 8);
			}
			/* Past the header, before the trailing checksum. */
			return off >= 12 && off < k->data_len - OID_LEN ? off : 0;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Inflate exactly size bytes from data[off..end) into a new buffer. */
static enum vigie_pack_read inflate_at(struct libdeflate_decompressor *z,
				       const struct pack *k, uint64_t off,
				       uint64_t size, char **data, size_t *len)
{
	char *buf = malloc((size_t)size + 1);

	if (!buf)
		return VIGIE_PACK_NOMEM;
	if (libdeflate_zlib_decompress(z, k->data + off,
				       (size_t)(k->data_len - OID_LEN - off),
				       buf, (size_t)size, NULL) !=
	    LIBDEFLATE_SUCCESS) {
		free(buf);
		return VIGIE_PACK_OTHER;
	}
	buf[size] = '\0';
	*data = buf;
	*len = (size_t)size;
	return VIGIE_PACK_READ;
}

/*
 * The header of the entry at off: its type in bits 4-6, its size in 4 + 7n
 * bits; *at is where what follows starts.  False when it runs off the pack.
 */
static bool entry_header(const struct pack *k, uint64_t off, unsigned *type,
			 uint64_t *size, const unsigned char **at)
{
	const unsigned char *q = k->data + off;
	const unsigned char *end = k->data + k->data_len - OID_LEN;
	unsigned shift = 4;

	*type = (*q >> 4) & 7;
	*size = *q & 15;
	while (*q & 0x80) {
		if (++q == end || shift > 56)
			return false;
		*size |= (uint64_t)(*q & 0x7f) << shift;
		shift += 7;
	}
	*at = q + 1;
	return *at < end;
}

bool vigie_packs_has(struct vigie_packs *p, const git_oid *id)
{
	size_t i;

	for (i = 0; p && i < p->n; i++)
		if (pack_find(&p->v[i], id))
			return true;
	return false;
}

#define DELTA_DEPTH 50  /* longer chains (git's default maximum) go to libgit2 */

static enum vigie_pack_read object_at(const struct vigie_packs *p,
				      struct libdeflate_decompressor *z,
				      const struct pack *k, uint64_t off,
				      int depth, size_t head, size_t max,
				      unsigned *type, char **data, size_t *len,
				      uint64_t *size);

enum vigie_pack_read vigie_packs_read(struct vigie_packs *p, const git_oid *id,
				      size_t max, git_object_t *type_out,
				      char **data, size_t *len)
{
	const struct pack *k = NULL;
	const unsigned char *q;
	uint64_t off = 0, size;
	unsigned type;
	size_t i;

	*data = NULL;
	*len = 0;
	*type_out = GIT_OBJECT_INVALID;
	if (!p || !p->n || !p->z)
		return VIGIE_PACK_OTHER;
	for (i = 0; i < p->n && !off; i++) {
		k = &p->v[(p->last + i) % p->n];
		off = pack_find(k, id);
	}
	if (!off)
		return VIGIE_PACK_OTHER;
	p->last = (p->last + i - 1) % p->n;
	if (!entry_header(k, off, &type, &size, &q))
		return VIGIE_PACK_OTHER;
	switch (type) {
	case GIT_OBJECT_COMMIT:
	case GIT_OBJECT_TAG:
		*type_out = (git_object_t)type;
		break;
	case GIT_OBJECT_TREE:
	case GIT_OBJECT_BLOB:
		return VIGIE_PACK_SKIPPED;
	default: {
		/* a delta, resolved here (what it builds is told after) */
		enum vigie_pack_read rc;
		unsigned t = 0;
		rc = object_at(p, p->z, k, off, DELTA_DEPTH, SIZE_MAX, max, &t,
			       data, len, &size);
		if (rc == VIGIE_PACK_READ && t != GIT_OBJECT_COMMIT &&
		    t != GIT_OBJECT_TAG) {
			free(*data);
			*data = NULL;
			*len = 0;
			return VIGIE_PACK_SKIPPED;
		}
		if (rc == VIGIE_PACK_READ)
			*type_out = (git_object_t)t;
		return rc;
	}
	}
	if (size > max)
		return VIGIE_PACK_TOO_BIG;
	return inflate_at(p->z, k, (uint64_t)(q - k->data), size, data, len);
}

/* ---- any object, deltas resolved --------------------------------------- */

#define BASE_SLACK (1u << 20) /* a base may be that much larger than max */

/* The pack holding id and its offset there, without the last-hit hint
 * (read by several threads at once). */
static const struct pack *find_any(const struct vigie_packs *p,
				   const git_oid *id, uint64_t *off)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if ((*off = pack_find(&p->v[i], id)) != 0)
			return &p->v[i];
	return NULL;
}

/* A size of a delta's header: 7 bits a byte, least significant first. */
static bool delta_size(const unsigned char **d, const unsigned char *end,
		       uint64_t *out)
{
	unsigned shift = 0;
	unsigned char c;

	*out = 0;
	do {
		if (*d == end || shift > 56)
			return false;
		c = *(*d)++;
		*out |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	return true;
}

/* One instruction of a delta at *d: a copy of base[*from, +*n) (true in
 * *copy) or an insert of the *n bytes at *d after it.  False when it is
 * damaged or reserved. */
static bool delta_op(const unsigned char **d, const unsigned char *end,
		     bool *copy, uint64_t *from, uint64_t *n)
{
	unsigned char c = *(*d)++;
	int i;

	*from = *n = 0;
	*copy = c & 0x80;
	if (!c)
		return false; /* reserved */
	if (!*copy) {
		*n = c;
		return c <= (size_t)(end - *d);
	}
	for (i = 0; i < 4; i++)
		if (c & (1u << i)) {
			if (*d == end)
				return false;
			*from |= (uint64_t)*(*d)++ << (8 * i);
		}
	for (i = 0; i < 3; i++)
		if (c & (0x10u << i)) {
			if (*d == end)
				return false;
			*n |= (uint64_t)*(*d)++ << (8 * i);
		}
	if (!*n)
		*n = 0x10000;
	return true;
}

/*
 * A delta's instructions (after its two sizes) copy a range of the base
 * (bit 7 set; bits 0-3 say which offset bytes follow, 4-6 which size
 * bytes, a size of 0 meaning 64 KiB) or insert the next 1-127 bytes.  The
 * first want bytes of what they build need the base's first *need bytes.
 */
static bool delta_need(const unsigned char *d, const unsigned char *end,
		       uint64_t want, uint64_t *need)
{
	uint64_t w = 0, from, n;
	bool copy;

	*need = 0;
	while (d < end && w < want) {
		if (!delta_op(&d, end, &copy, &from, &n))
			return false;
		if (copy) {
			uint64_t used = n < want - w ? n : want - w;
			if (from > UINT64_MAX - used)
				return false;
			if (from + used > *need)
				*need = from + used;
		} else {
			d += n;
		}
		w += n;
	}
	return true;
}

/*
 * Build the first want bytes (all rsize when want is rsize) of what delta d
 * makes of base, of which bn bytes (of bsize) are at hand.  Every range is
 * checked; a delta that does not build exactly the size it announces is
 * left to libgit2.
 */
static enum vigie_pack_read apply_delta(const unsigned char *d,
					const unsigned char *end,
					const char *base, size_t bn,
					uint64_t rsize, uint64_t want,
					char **data, size_t *len)
{
	uint64_t w = 0, from, n;
	char *out = malloc((size_t)want + 1);
	bool copy;

	if (!out)
		return VIGIE_PACK_NOMEM;
	while (d < end && w < want) {
		uint64_t put;
		if (!delta_op(&d, end, &copy, &from, &n) || n > rsize - w)
			goto bad;
		put = n < want - w ? n : want - w;
		if (copy) {
			if (from > bn || put > bn - from)
				goto bad;
			memcpy(out + w, base + from, (size_t)put);
		} else {
			memcpy(out + w, d, (size_t)put);
			d += n;
		}
		w += put;
	}
	if (w != want || (want == rsize && d != end))
		goto bad;
	out[w] = '\0';
	*data = out;
	*len = (size_t)w;
	return VIGIE_PACK_READ;
bad:
	free(out);
	return VIGIE_PACK_OTHER;
}

/*
 * The first head bytes of an undeltified object, inflated by zlib, which
 * stops where asked (libdeflate only inflates a whole stream): a notice at
 * the top of a 30 KiB source file costs its first 3 KiB.
 */
static enum vigie_pack_read inflate_head(const struct pack *k, uint64_t off,
					 size_t head, char **data, size_t *len)
{
	z_stream zs;
	char *buf = malloc(head + 1);
	int zr;

	if (!buf)
		return VIGIE_PACK_NOMEM;
	if (!head) { /* (a delta that copies nothing of its base) */
		buf[0] = '\0';
		*data = buf;
		*len = 0;
		return VIGIE_PACK_READ;
	}
	memset(&zs, 0, sizeof(zs));
	if (inflateInit(&zs) != Z_OK) {
		free(buf);
		return VIGIE_PACK_NOMEM;
	}
	zs.next_in = (unsigned char *)(k->data + off);
	zs.avail_in = (uInt)(k->data_len - OID_LEN - off > UINT_MAX
				     ? UINT_MAX
				     : k->data_len - OID_LEN - off);
	zs.next_out = (unsigned char *)buf;
	zs.avail_out = (uInt)head;
	zr = inflate(&zs, Z_SYNC_FLUSH);
	inflateEnd(&zs);
	if ((zr != Z_OK && zr != Z_STREAM_END) || zs.total_out != head) {
		free(buf);
		return VIGIE_PACK_OTHER; /* damaged: libgit2 says how */
	}
	buf[head] = '\0';
	*data = buf;
	*len = head;
	return VIGIE_PACK_READ;
}

/*
 * The first head bytes (all of them when head is SIZE_MAX) of the object
 * at off, *size its whole size; a delta's base is read only as far as the
 * wanted bytes copy from it.
 */
static enum vigie_pack_read object_at(const struct vigie_packs *p,
				      struct libdeflate_decompressor *z,
				      const struct pack *k, uint64_t off,
				      int depth, size_t head, size_t max,
				      unsigned *type, char **data, size_t *len,
				      uint64_t *size)
{
	const unsigned char *q, *end = k->data + k->data_len - OID_LEN;
	const unsigned char *d, *dend;
	const struct pack *bk = k;
	uint64_t dsize, boff = 0, bsize, need, want, bwhole;
	char *delta = NULL, *base = NULL;
	size_t dlen = 0, blen = 0, bmax;
	enum vigie_pack_read rc;
	unsigned t;

	if (!entry_header(k, off, &t, size, &q))
		return VIGIE_PACK_OTHER;
	switch (t) {
	case GIT_OBJECT_COMMIT:
	case GIT_OBJECT_TREE:
	case GIT_OBJECT_BLOB:
	case GIT_OBJECT_TAG:
		if (*size > max)
			return VIGIE_PACK_TOO_BIG;
		*type = t;
		if (*size <= head) /* whole: libdeflate is the faster */
			return inflate_at(z, k, (uint64_t)(q - k->data), *size,
					  data, len);
		return inflate_head(k, (uint64_t)(q - k->data), head, data,
				    len);
	case GIT_OBJECT_OFS_DELTA: {
		/* the distance back to the base, 7 bits a byte, each
		 * continuation adding one (git's encoding) */
		uint64_t back = *q & 0x7f;
		while (*q++ & 0x80) {
			if (q == end || back > (UINT64_MAX >> 8))
				return VIGIE_PACK_OTHER;
			back = ((back + 1) << 7) | (*q & 0x7f);
		}
		if (!back || back >= off)
			return VIGIE_PACK_OTHER;
		boff = off - back;
		break;
	}
	case GIT_OBJECT_REF_DELTA: {
		git_oid bid;
		if ((size_t)(end - q) < OID_LEN)
			return VIGIE_PACK_OTHER;
		memcpy(bid.id, q, OID_LEN);
		q += OID_LEN;
		if (!(bk = find_any(p, &bid, &boff)))
			return VIGIE_PACK_OTHER; /* a thin base elsewhere */
		break;
	}
	default:
		return VIGIE_PACK_OTHER;
	}
	/* instructions and inserted bytes: at most about twice what they
	 * build, for any delta git writes (max may be SIZE_MAX: no bound) */
	dsize = *size;
	if (!depth || q >= end ||
	    (max <= (UINT64_MAX - 4096) / 2 && dsize > (uint64_t)max * 2 + 4096))
		return VIGIE_PACK_OTHER;
	rc = inflate_at(z, k, (uint64_t)(q - k->data), dsize, &delta, &dlen);
	if (rc != VIGIE_PACK_READ)
		return rc;
	d = (const unsigned char *)delta;
	dend = d + dlen;
	rc = VIGIE_PACK_OTHER;
	if (!delta_size(&d, dend, &bsize) || !delta_size(&d, dend, size))
		goto out;
	if (*size > max) {
		rc = VIGIE_PACK_TOO_BIG;
		goto out;
	}
	want = *size < head ? *size : head;
	if (!delta_need(d, dend, want, &need) || need > bsize)
		goto out;
	bmax = max > SIZE_MAX - BASE_SLACK ? SIZE_MAX : max + BASE_SLACK;
	rc = object_at(p, z, bk, boff, depth - 1,
		       want == *size ? SIZE_MAX : (size_t)need, bmax, &t,
		       &base, &blen, &bwhole);
	if (rc == VIGIE_PACK_TOO_BIG)
		rc = VIGIE_PACK_OTHER; /* the base is, not the object */
	if (rc != VIGIE_PACK_READ)
		goto out;
	if (bwhole != bsize || blen < need) {
		rc = VIGIE_PACK_OTHER;
		goto out;
	}
	rc = apply_delta(d, dend, base, blen, *size, want, data, len);
	*type = t;
out:
	free(delta);
	free(base);
	return rc;
}

/* Find id and read its first head bytes, with a decoder of its own:
 * several threads read at once. */
static enum vigie_pack_read read_any(const struct vigie_packs *p,
				     const git_oid *id, size_t head, size_t max,
				     git_object_t *type, char **data,
				     size_t *len, uint64_t *size)
{
	struct libdeflate_decompressor *z;
	const struct pack *k;
	enum vigie_pack_read rc;
	uint64_t off = 0;
	unsigned t = 0;

	*data = NULL;
	*len = 0;
	*type = GIT_OBJECT_INVALID;
	if (!p || !p->n || !p->z || !(k = find_any(p, id, &off)))
		return VIGIE_PACK_OTHER;
	/* a set shared by threads: a decoder for the call; a view
	 * (vigie_packs_share) is one thread's: its own */
	z = p->borrowed ? p->z : libdeflate_alloc_decompressor();
	if (!z)
		return VIGIE_PACK_NOMEM;
	rc = object_at(p, z, k, off, DELTA_DEPTH, head, max, &t, data, len,
		       size);
	if (!p->borrowed)
		libdeflate_free_decompressor(z);
	if (rc == VIGIE_PACK_READ)
		*type = (git_object_t)t;
	return rc;
}

enum vigie_pack_read vigie_packs_read_object(const struct vigie_packs *p,
					     const git_oid *id, size_t max,
					     git_object_t *type, char **data,
					     size_t *len)
{
	uint64_t size;

	return read_any(p, id, SIZE_MAX, max, type, data, len, &size);
}

enum vigie_pack_read vigie_packs_read_head(const struct vigie_packs *p,
					   const git_oid *id, size_t head,
					   size_t max, char **data, size_t *len,
					   uint64_t *size)
{
	git_object_t type;

	return read_any(p, id, head, max, &type, data, len, size);
}
