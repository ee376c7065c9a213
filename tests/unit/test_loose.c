/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Tests of the loose object reader (src/snapshot/loose.c): every loose
 * object git writes reads as libgit2 reads it; crafted and damaged files
 * (links, FIFOs, bad headers, sizes that lie, streams cut short or with
 * bytes after them) are left to libgit2, promptly and without a crash.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <zlib.h>

#include "fixture.h"
#include "git2_group.h"
#include "ids.h"
#include "vigie/vigie.h"
#include "vigie/buf.h"
#include "src/snapshot/internal.h"

#define MAX (4 * 1024 * 1024)
#define BIG (1024 * 1024)

/* ---- helpers -------------------------------------------------------------- */

static struct vigie_loose *open_loose(const char *objects)
{
	struct vigie_loose *l = NULL;

	assert_int_equal(vigie_loose_open(&l, objects), 0);
	assert_non_null(l);
	return l;
}

/* "xx/yyyy..." of id, below the objects directory. */
static void rel_path(char rel[42], const unsigned char *id)
{
	static const char hex[] = "0123456789abcdef";
	int i, o = 0;

	for (i = 0; i < 20; i++) {
		rel[o++] = hex[id[i] >> 4];
		rel[o++] = hex[id[i] & 15];
		if (i == 0)
			rel[o++] = '/';
	}
	rel[o] = '\0';
}

static char *full_path(const char *objects, const unsigned char *id)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	char rel[42];

	rel_path(rel, id);
	vigie_buf_printf(&p, "%s/%s", objects, rel);
	return vigie_buf_detach(&p, NULL);
}

/* A crafted object's id: distinct for each k. */
static void crafted_id(unsigned char id[20], unsigned k)
{
	memset(id, (int)(k & 0xff), 20);
	id[0] = (unsigned char)(0x10 + k / 16);
	id[19] = (unsigned char)k;
}

/* raw compressed by compress(), then cut to keep bytes (all: SIZE_MAX)
 * and followed by the tail's bytes. */
static void put_zlib(const char *objects, const unsigned char *id,
		     const void *raw, size_t n, size_t keep, const void *tail,
		     size_t tailn)
{
	uLongf zn = compressBound((uLong)n);
	unsigned char *z = malloc(zn + tailn + 1);
	char rel[42];

	assert_int_equal(compress(z, &zn, raw, (uLong)n), Z_OK);
	if (keep < zn)
		zn = keep;
	if (tailn)
		memcpy(z + zn, tail, tailn);
	rel_path(rel, id);
	fx_write_bytes(objects, rel, z, zn + tailn);
	free(z);
}

/*
 * raw as a zlib stream of stored blocks by hand: lead empty blocks before
 * the data, trail after it (compress() never writes those).
 */
static void put_stored(const char *objects, const unsigned char *id,
		       const char *raw, size_t n, size_t lead, size_t trail)
{
	static const unsigned char empty[5] = { 0, 0, 0, 0xff, 0xff };
	struct vigie_buf b = VIGIE_BUF_INIT;
	uLong adler = adler32(adler32(0, NULL, 0), (const Bytef *)raw, (uInt)n);
	unsigned char h[5];
	char rel[42];
	size_t i;

	assert_true(n < 65536);
	vigie_buf_add(&b, "\x78\x01", 2);
	for (i = 0; i < lead; i++)
		vigie_buf_add(&b, empty, 5);
	h[0] = 0; /* not final: an empty final block closes the stream */
	h[1] = (unsigned char)n;
	h[2] = (unsigned char)(n >> 8);
	h[3] = (unsigned char)~h[1];
	h[4] = (unsigned char)~h[2];
	vigie_buf_add(&b, h, 5);
	vigie_buf_add(&b, raw, n);
	for (i = 0; i < trail; i++)
		vigie_buf_add(&b, empty, 5);
	vigie_buf_add(&b, "\x01\x00\x00\xff\xff", 5);
	h[0] = (unsigned char)(adler >> 24);
	h[1] = (unsigned char)(adler >> 16);
	h[2] = (unsigned char)(adler >> 8);
	h[3] = (unsigned char)adler;
	vigie_buf_add(&b, h, 4);
	rel_path(rel, id);
	fx_write_bytes(objects, rel, b.ptr, b.len);
	vigie_buf_release(&b);
}

/* vigie_loose_read and vigie_loose_header answer OTHER for id, with
 * nothing returned. */
static void expect_other(const struct vigie_loose *l, const unsigned char *id,
			 size_t max, const char *what)
{
	git_object_t type = GIT_OBJECT_BLOB;
	char *data = (char *)"x";
	size_t len = 1;
	uint64_t size = 1;
	enum vigie_pack_read r = vigie_loose_read(l, id, max, &type, &data, &len);

	if (r != VIGIE_PACK_OTHER)
		fail_msg("%s: read answers %d, not OTHER", what, (int)r);
	assert_null(data);
	assert_int_equal(len, 0);
	assert_int_equal(type, GIT_OBJECT_INVALID);
	r = vigie_loose_header(l, id, &type, &size);
	if (r != VIGIE_PACK_OTHER)
		fail_msg("%s: header answers %d, not OTHER", what, (int)r);
	assert_int_equal(type, GIT_OBJECT_INVALID);
	assert_int_equal(size, 0);
}

/* read answers OTHER for id (what says which case), and nothing is
 * handed over. */
static void expect_read_other(const struct vigie_loose *l,
			      const unsigned char *id, const char *what)
{
	git_object_t type;
	char *data = NULL;
	size_t len;
	enum vigie_pack_read r = vigie_loose_read(l, id, MAX, &type, &data, &len);

	if (r != VIGIE_PACK_OTHER)
		fail_msg("%s: read answers %d, not OTHER", what, (int)r);
	assert_null(data);
}

/* read answers OTHER for id: what header answers then, *size its size. */
static enum vigie_pack_read other_then_header(const struct vigie_loose *l,
					      const unsigned char *id,
					      const char *what,
					      git_object_t *type,
					      uint64_t *size)
{
	*size = 0;
	expect_read_other(l, id, what);
	return vigie_loose_header(l, id, type, size);
}

/* read answers OTHER for id; header reads its size (only its first bytes
 * are inflated: the damage comes after). */
static void expect_other_body(const struct vigie_loose *l,
			      const unsigned char *id, uint64_t announced,
			      const char *what)
{
	git_object_t type;
	uint64_t size;
	enum vigie_pack_read r = other_then_header(l, id, what, &type, &size);

	if (r != VIGIE_PACK_READ)
		fail_msg("%s: header answers %d, not READ", what, (int)r);
	assert_int_equal(type, GIT_OBJECT_BLOB);
	assert_int_equal(size, announced);
}

/* A stream cut short: read answers OTHER; header OTHER, or READ when the
 * cut comes after the header. */
static void expect_cut(const struct vigie_loose *l, const unsigned char *id,
		       const char *what)
{
	git_object_t type;
	uint64_t size;
	enum vigie_pack_read r = other_then_header(l, id, what, &type, &size);

	if (r == VIGIE_PACK_READ)
		assert_int_equal(size, 5);
	else if (r != VIGIE_PACK_OTHER)
		fail_msg("%s: header answers %d", what, (int)r);
}

static void expect_read(const struct vigie_loose *l, const unsigned char *id,
			size_t max, git_object_t want_type, const char *want,
			size_t want_len)
{
	git_object_t type;
	char *data = NULL;
	size_t len = 0;
	uint64_t size = 0;

	assert_int_equal(vigie_loose_read(l, id, max, &type, &data, &len),
			 VIGIE_PACK_READ);
	assert_int_equal(type, want_type);
	assert_int_equal(len, want_len);
	assert_memory_equal(data, want, len);
	assert_int_equal(data[len], '\0');
	free(data);
	assert_int_equal(vigie_loose_header(l, id, &type, &size), VIGIE_PACK_READ);
	assert_int_equal(type, want_type);
	assert_int_equal(size, want_len);
}

/* ---- objects written by git ---------------------------------------------- */

struct reader {
	const struct vigie_loose *l;
	const git_oid *ids;
	size_t n;
	char **want; /* each object's bytes, as libgit2 read them */
	size_t *want_len;
	size_t bad;
};

static void *read_all(void *arg)
{
	struct reader *rd = arg;
	size_t i, round;

	for (round = 0; round < 4; round++)
		for (i = 0; i < rd->n; i++) {
			git_object_t type;
			char *data = NULL;
			size_t len = 0;
			if (vigie_loose_read(rd->l, rd->ids[i].id, MAX, &type,
					     &data, &len) != VIGIE_PACK_READ ||
			    len != rd->want_len[i] ||
			    memcmp(data, rd->want[i], len))
				rd->bad++;
			free(data);
		}
	return NULL;
}

static void test_loose_read_every_object_as_libgit2(void **state)
{
	char *dir = fx_repo_new("loose");
	struct vigie_buf objects = VIGIE_BUF_INIT;
	struct vigie_loose *l;
	struct reader rd[4];
	pthread_t th[4];
	git_repository *repo;
	git_odb *odb;
	git_oid *ids;
	unsigned char *big = malloc(BIG), absent[20];
	char **want;
	size_t n, i, *want_len, seen[5] = { 0 }, empty = 0, large = 0;
	uint32_t x = 12345;

	(void)state;
	/* incompressible: zlib writes it as stored blocks, past one read */
	for (i = 0; i < BIG; i++) {
		x = x * 1103515245u + 12345u;
		big[i] = (unsigned char)(x >> 23);
	}
	fx_write(dir, "README", "hello\n");
	fx_write(dir, "empty", "");
	fx_write_bytes(dir, "big.bin", big, BIG);
	fx_write(dir, "src/a.c", "int main(void) { return 0; }\n");
	fx_sh(dir, "git add -A && git -c gc.auto=0 commit -q -m first && "
		   "echo more >> README && git add README && "
		   "git -c gc.auto=0 commit -q -m second && "
		   "git tag -a v1 -m 'Release 1' && "
		   "echo 'only in the odb' | git hash-object -w --stdin >/dev/null && "
		   "test -z \"$(ls .git/objects/pack)\"");
	n = ids_of(&ids, dir, "git cat-file --batch-all-objects "
			      "--batch-check='%(objectname)'");
	assert_true(n >= 9);
	vigie_buf_printf(&objects, "%s/.git/objects", dir);
	l = open_loose(objects.ptr);
	assert_int_equal(git_repository_open(&repo, dir), 0);
	assert_int_equal(git_repository_odb(&odb, repo), 0);
	want = calloc(n, sizeof(*want));
	want_len = calloc(n, sizeof(*want_len));
	for (i = 0; i < n; i++) {
		git_odb_object *obj;
		git_object_t type, htype;
		char *data = NULL;
		size_t len = 0, hlen;
		uint64_t size = 0;

		assert_int_equal(git_odb_read(&obj, odb, &ids[i]), 0);
		assert_int_equal(vigie_loose_read(l, ids[i].id, MAX, &type,
						  &data, &len),
				 VIGIE_PACK_READ);
		assert_int_equal(type, git_odb_object_type(obj));
		assert_int_equal(len, git_odb_object_size(obj));
		assert_memory_equal(data, git_odb_object_data(obj), len);
		assert_int_equal(data[len], '\0');
		want[i] = data;
		want_len[i] = len;
		seen[type]++;
		empty += type == GIT_OBJECT_BLOB && len == 0;
		large += type == GIT_OBJECT_BLOB && len == BIG;
		if (len == BIG)
			assert_memory_equal(data, big, BIG);
		/* the header alone agrees with libgit2's */
		assert_int_equal(git_odb_read_header(&hlen, &htype, odb, &ids[i]), 0);
		assert_int_equal(vigie_loose_header(l, ids[i].id, &type, &size),
				 VIGIE_PACK_READ);
		assert_int_equal(type, htype);
		assert_int_equal(size, hlen);
		/* exactly max bytes is read; one byte more than max is not */
		data = NULL;
		assert_int_equal(vigie_loose_read(l, ids[i].id, len, &type,
						  &data, &hlen),
				 VIGIE_PACK_READ);
		assert_int_equal(hlen, len);
		free(data);
		if (len) {
			data = NULL;
			assert_int_equal(vigie_loose_read(l, ids[i].id, len - 1,
							  &type, &data, &hlen),
					 VIGIE_PACK_TOO_BIG);
			assert_null(data);
		}
		git_odb_object_free(obj);
	}
	/* every type: two commits, trees, blobs (empty, 1 MiB), a tag */
	assert_true(seen[GIT_OBJECT_COMMIT] == 2);
	assert_true(seen[GIT_OBJECT_TREE] >= 2);
	assert_true(seen[GIT_OBJECT_BLOB] >= 5);
	assert_true(seen[GIT_OBJECT_TAG] == 1);
	assert_int_equal(empty, 1);
	assert_int_equal(large, 1);

	/* several threads at once, each object read as alone */
	for (i = 0; i < 4; i++) {
		rd[i] = (struct reader){ l, ids, n, want, want_len, 0 };
		assert_int_equal(pthread_create(&th[i], NULL, read_all, &rd[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(rd[i].bad, 0);
	}

	/* absent: in a fan-out directory that is there, and in one that is not */
	memcpy(absent, ids[0].id, 20);
	absent[19] ^= 1;
	expect_other(l, absent, MAX, "absent id");
	memset(absent, 0, 20);
	fx_sh(dir, "test ! -e .git/objects/00");
	expect_other(l, absent, MAX, "absent fan-out directory");

	for (i = 0; i < n; i++)
		free(want[i]);
	free(want);
	free(want_len);
	vigie_loose_free(l);
	git_odb_free(odb);
	git_repository_free(repo);
	free(ids);
	free(big);
	vigie_buf_release(&objects);
	fx_rmdir(dir);
}

/* ---- crafted and damaged files -------------------------------------------- */

#define S(lit) lit, sizeof(lit) - 1

/* Inflated bytes that no reader should take. */
static const struct {
	const char *what;
	const char *raw;
	size_t len;
} bad_headers[] = {
	{ "wrong type", S("blub 5\0hello") },
	{ "a delta's type", S("ofs-delta 5\0hello") },
	{ "type in capitals", S("BLOB 5\0hello") },
	{ "no space", S("blob5\0hello") },
	{ "another byte for the space", S("blob_5\0hello") },
	{ "two spaces", S("blob  5\0hello") },
	{ "fewer bytes than announced", S("blob 6\0hello") },
	{ "more bytes than announced", S("blob 4\0hello") },
	{ "leading zero", S("blob 05\0hello") },
	{ "zero with a leading zero", S("blob 00\0") },
	{ "no size", S("blob \0hello") },
	{ "plus sign", S("blob +5\0hello") },
	{ "minus sign", S("blob -5\0hello") },
	{ "space after the size", S("blob 5 \0hello") },
	{ "hex size", S("blob 0x5\0hello") },
	{ "21 digits", S("blob 100000000000000000000\0hello") },
	{ "past 64 bits", S("blob 18446744073709551616\0hello") },
	{ "huge size", S("blob 18446744073709551615\0hello") },
	{ "1 TiB announced", S("blob 1099511627776\0hello") },
	{ "no NUL in 32 bytes", S("blob 5                                 \0hello") },
	{ "no NUL at all", S("blob 5") },
	{ "nothing", S("") },
};

static void test_loose_crafted_headers(void **state)
{
	char *objects = fx_tmpdir("loose-crafted");
	struct vigie_buf raw = VIGIE_BUF_INIT;
	struct vigie_loose *l = open_loose(objects);
	unsigned char id[20];
	size_t i;

	(void)state;
	/* what is well formed reads, crafted as the rest is */
	crafted_id(id, 0);
	put_zlib(objects, id, S("blob 5\0hello"), SIZE_MAX, NULL, 0);
	expect_read(l, id, MAX, GIT_OBJECT_BLOB, "hello", 5);
	expect_read(l, id, 5, GIT_OBJECT_BLOB, "hello", 5);
	crafted_id(id, 1);
	put_zlib(objects, id, S("tree 0\0"), SIZE_MAX, NULL, 0);
	expect_read(l, id, 0, GIT_OBJECT_TREE, "", 0);
	crafted_id(id, 2);
	put_zlib(objects, id, S("commit 3\0abc"), SIZE_MAX, NULL, 0);
	expect_read(l, id, MAX, GIT_OBJECT_COMMIT, "abc", 3);
	crafted_id(id, 3);
	put_zlib(objects, id, S("tag 19\0" "object 0123456789ab"), SIZE_MAX,
		 NULL, 0);
	expect_read(l, id, MAX, GIT_OBJECT_TAG, "object 0123456789ab", 19);

	for (i = 0; i < sizeof(bad_headers) / sizeof(*bad_headers); i++) {
		crafted_id(id, (unsigned)(16 + i));
		put_zlib(objects, id, bad_headers[i].raw, bad_headers[i].len,
			 SIZE_MAX, NULL, 0);
		expect_other(l, id, MAX, bad_headers[i].what);
		/* a size is never believed past what the file can hold */
		expect_other(l, id, SIZE_MAX, bad_headers[i].what);
		/* the same followed by more than the header's bytes: the
		 * stream does not end where the header is read */
		vigie_buf_clear(&raw);
		vigie_buf_add(&raw, bad_headers[i].raw, bad_headers[i].len);
		vigie_buf_puts(&raw, "0123456789abcdef0123456789abcdef"
				     "0123456789abcdef0123456789abcdef");
		crafted_id(id, (unsigned)(128 + i));
		put_zlib(objects, id, raw.ptr, raw.len, SIZE_MAX, NULL, 0);
		expect_other(l, id, MAX, bad_headers[i].what);
		expect_other(l, id, SIZE_MAX, bad_headers[i].what);
	}
	vigie_buf_release(&raw);
	vigie_loose_free(l);
	fx_rmdir(objects);
}


/* A blob whose header announces `announced` bytes and whose body has
 * `has`: read as OTHER, whole or by its header's size. */
static void lying_blob(const char *objects, const struct vigie_loose *l,
		       int n, size_t announced, size_t has, const char *what)
{
	struct vigie_buf raw = VIGIE_BUF_INIT;
	unsigned char id[20];
	size_t i;

	vigie_buf_printf(&raw, "blob %zu", announced);
	vigie_buf_add(&raw, "", 1);
	for (i = 0; i < has; i++)
		vigie_buf_putc(&raw, (char)('a' + i % 26));
	crafted_id(id, (unsigned)n);
	put_zlib(objects, id, raw.ptr, raw.len, SIZE_MAX, NULL, 0);
	expect_other_body(l, id, announced, what);
	vigie_buf_release(&raw);
}

static void test_loose_damaged_streams(void **state)
{
	char *objects = fx_tmpdir("loose-damaged");
	struct vigie_loose *l = open_loose(objects);
	static const unsigned char garbage[] = "this is not a zlib stream at all";
	static const unsigned char bad_deflate[] = { 0x78, 0x9c, 0xff, 0xff,
						     0xff, 0xff, 0x00, 0x00 };
	unsigned char id[20];
	uLongf zn = 64;
	unsigned char z[64];
	char rel[42];

	(void)state;
	crafted_id(id, 0);
	put_zlib(objects, id, S("blob 5\0hello"), SIZE_MAX, NULL, 0);
	expect_read(l, id, MAX, GIT_OBJECT_BLOB, "hello", 5);

	/* cut short: before the checksum, in the middle, to two bytes */
	assert_int_equal(compress(z, &zn, (const Bytef *)"blob 5\0hello", 12), Z_OK);
	crafted_id(id, 1);
	put_zlib(objects, id, S("blob 5\0hello"), zn - 4, NULL, 0);
	expect_other_body(l, id, 5, "no checksum");
	crafted_id(id, 2);
	put_zlib(objects, id, S("blob 5\0hello"), zn / 2, NULL, 0);
	expect_cut(l, id, "cut in half");
	crafted_id(id, 3);
	put_zlib(objects, id, S("blob 5\0hello"), 2, NULL, 0);
	expect_other(l, id, MAX, "a zlib header alone");
	crafted_id(id, 4);
	rel_path(rel, id);
	fx_write_bytes(objects, rel, garbage, sizeof(garbage) - 1);
	expect_other(l, id, MAX, "garbage");
	crafted_id(id, 5);
	rel_path(rel, id);
	fx_write_bytes(objects, rel, bad_deflate, sizeof(bad_deflate));
	expect_other(l, id, MAX, "bad deflate data");
	crafted_id(id, 6);
	rel_path(rel, id);
	fx_write_bytes(objects, rel, "", 0);
	expect_other(l, id, MAX, "empty file");

	/* bytes after the stream: a byte, a second stream */
	crafted_id(id, 7);
	put_zlib(objects, id, S("blob 5\0hello"), SIZE_MAX, "x", 1);
	expect_other_body(l, id, 5, "a byte after the stream");
	crafted_id(id, 8);
	put_zlib(objects, id, S("blob 5\0hello"), SIZE_MAX, z, zn);
	expect_other_body(l, id, 5, "a second stream");

	/* sizes that lie past the header's first bytes */
	lying_blob(objects, l, 9, 100000, 50000, "50000 bytes of 100000 announced");
	lying_blob(objects, l, 10, 50000, 100000, "100000 bytes of 50000 announced");
	lying_blob(objects, l, 14, 50000, 50001, "one byte more than announced");

	/*
	 * A file far larger than any stream of max bytes (empty blocks after
	 * the data) is not read for max, and is for a larger max.
	 */
	crafted_id(id, 11);
	put_stored(objects, id, S("blob 3\0abc"), 0, 20000);
	{
		git_object_t type;
		char *data = NULL;
		size_t len;
		assert_int_equal(vigie_loose_read(l, id, 1000, &type, &data, &len),
				 VIGIE_PACK_OTHER);
		assert_null(data);
	}
	expect_read(l, id, SIZE_MAX, GIT_OBJECT_BLOB, "abc", 3);
	/* the header is looked for in the first bytes only */
	crafted_id(id, 12);
	put_stored(objects, id, S("blob 3\0abc"), 20000, 0);
	expect_other(l, id, SIZE_MAX, "100 KB before the header");
	crafted_id(id, 13);
	put_stored(objects, id, S("blob 3\0abc"), 10, 10);
	expect_read(l, id, MAX, GIT_OBJECT_BLOB, "abc", 3);

	vigie_loose_free(l);
	fx_rmdir(objects);
}

static void test_loose_not_regular_files(void **state)
{
	char *objects = fx_tmpdir("loose-files");
	struct vigie_loose *l = open_loose(objects);
	struct vigie_buf other = VIGIE_BUF_INIT;
	unsigned char good[20], id[20];
	char *path, *target;

	(void)state;
	crafted_id(good, 0);
	put_zlib(objects, good, S("blob 5\0hello"), SIZE_MAX, NULL, 0);
	target = full_path(objects, good);
	expect_read(l, good, MAX, GIT_OBJECT_BLOB, "hello", 5);

	/* a symbolic link to a good object */
	crafted_id(id, 1);
	path = full_path(objects, id);
	fx_sh(objects, "mkdir -p %.*s && ln -s '%s' '%s'",
	      (int)(strrchr(path, '/') - path), path, target, path);
	expect_other(l, id, MAX, "symbolic link");
	free(path);

	/* a fan-out directory that is a link to one holding it */
	crafted_id(id, 0x20);
	path = full_path(objects, id);
	vigie_buf_printf(&other, "%s-elsewhere", objects);
	put_zlib(other.ptr, id, S("blob 5\0hello"), SIZE_MAX, NULL, 0);
	fx_sh(objects, "ln -s '%s/%.2s' '%.*s'", other.ptr,
	      path + strlen(objects) + 1, (int)(strrchr(path, '/') - path), path);
	expect_other(l, id, MAX, "linked fan-out directory");
	free(path);

	/* a FIFO: no writer ever comes; the read must not wait for one */
	crafted_id(id, 2);
	path = full_path(objects, id);
	fx_sh(objects, "mkdir -p %.*s && mkfifo '%s'",
	      (int)(strrchr(path, '/') - path), path, path);
	alarm(20);
	expect_other(l, id, MAX, "FIFO");
	alarm(0);
	free(path);

	/* a directory */
	crafted_id(id, 3);
	path = full_path(objects, id);
	fx_sh(objects, "mkdir -p '%s'", path);
	expect_other(l, id, MAX, "directory");
	free(path);

	/* a fan-out name that is a file */
	crafted_id(id, 0x30);
	path = full_path(objects, id);
	fx_sh(objects, "echo x > '%.*s'", (int)(strrchr(path, '/') - path), path);
	expect_other(l, id, MAX, "fan-out file");
	free(path);

	fx_rmdir(vigie_buf_detach(&other, NULL));
	free(target);
	vigie_loose_free(l);
	fx_rmdir(objects);
}

static void test_loose_no_directory(void **state)
{
	struct vigie_loose *l = NULL;
	unsigned char id[20];

	(void)state;
	memset(id, 0x11, sizeof(id));
	assert_int_equal(vigie_loose_open(&l, "/nonexistent/objects"), 0);
	expect_other(l, id, MAX, "no directory");
	vigie_loose_free(l);
	assert_int_equal(vigie_loose_open(&l, NULL), 0);
	expect_other(l, id, MAX, "no directory named");
	vigie_loose_free(l);
	expect_other(NULL, id, MAX, "no reader");
	vigie_loose_free(NULL);
}

/*
 * An object surely absent (a shallow clone's boundary): no loose file and
 * no other store; never when there is one, or alternates, or no store.
 */
static void test_loose_absent(void **state)
{
	char *objects = fx_tmpdir("loose-absent");
	struct vigie_loose *l = NULL;
	unsigned char id[20], other[20];

	(void)state;
	crafted_id(id, 1);
	crafted_id(other, 2);
	put_zlib(objects, id, S("blob 5\0hello"), SIZE_MAX, NULL, 0);
	l = open_loose(objects);
	assert_false(vigie_loose_absent(l, id));
	assert_true(vigie_loose_absent(l, other));
	vigie_loose_free(l);
	fx_sh(objects, "mkdir -p info && echo /elsewhere > info/alternates");
	l = open_loose(objects);
	assert_false(vigie_loose_absent(l, other));
	vigie_loose_free(l);
	assert_int_equal(vigie_loose_open(&l, "/nonexistent/objects"), 0);
	assert_false(vigie_loose_absent(l, other));
	vigie_loose_free(l);
	assert_false(vigie_loose_absent(NULL, other));
	fx_rmdir(objects);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loose_read_every_object_as_libgit2),
		cmocka_unit_test(test_loose_crafted_headers),
		cmocka_unit_test(test_loose_damaged_streams),
		cmocka_unit_test(test_loose_not_regular_files),
		cmocka_unit_test(test_loose_no_directory),
		cmocka_unit_test(test_loose_absent),
	};

	return cmocka_run_group_tests(tests, git2_group_up, git2_group_down);
}
