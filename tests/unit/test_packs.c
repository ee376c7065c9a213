/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Tests of the pack reader (src/snapshot/packs.c): commits read from packs
 * written by git equal libgit2's reading of them; what it does not take
 * (loose objects, deltas, damaged or crafted packs and indexes) is left to
 * libgit2 rather than misread.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "fixture.h"
#include "git2_group.h"
#include "ids.h"
#include "vigie/vigie.h"
#include "vigie/buf.h"
#include "src/snapshot/internal.h"

#define MAX (1024 * 1024)

/* ---- helpers -------------------------------------------------------------- */

/* A repository of n commits (a file changed each time), all in one pack. */
static char *packed_repo(const char *tag, int n, const char *body)
{
	char *dir = fx_repo_new(tag);
	struct vigie_buf path = VIGIE_BUF_INIT;
	FILE *f;
	int i;

	/* One fast-import stream, not 3 processes a commit. */
	vigie_buf_printf(&path, "%s/.git/stream", dir);
	f = fopen(path.ptr, "w");
	assert_non_null(f);
	for (i = 0; i < n; i++) {
		char msg[64], text[160];
		long when = 1767225600L - (long)(n - i) * 3600;

		snprintf(msg, sizeof(msg), "change %d", i);
		/* as git commit -m MSG [-m BODY] writes it */
		snprintf(text, sizeof(text), "%s\n%s%s%s", msg, body ? "\n" : "",
			 body ? body : "", body ? "\n" : "");
		fprintf(f, "commit refs/heads/main\n"
			   "author Test Author <author@example.org> %ld +0000\n"
			   "committer Test Author <author@example.org> %ld +0000\n"
			   "data %zu\n%s"
			   "M 100644 inline f%d\ndata %zu\n%s\n",
			when, when, strlen(text), text, i % 7, strlen(msg), msg);
	}
	assert_int_equal(fclose(f), 0);
	fx_sh(dir, "git fast-import --quiet < .git/stream && rm .git/stream && "
		   "git reset -q --hard main");
	vigie_buf_release(&path);
	return dir;
}

static git_repository *open_repo(const char *dir)
{
	git_repository *repo = NULL;

	if (git_repository_open(&repo, dir) < 0)
		fail_msg("cannot open %s", dir);
	return repo;
}

static struct vigie_packs *open_packs(const char *dir)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	struct vigie_packs *packs = NULL;

	vigie_buf_printf(&p, "%s/.git/objects/pack", dir);
	assert_int_equal(vigie_packs_open_dir(&packs, p.ptr), 0);
	vigie_buf_release(&p);
	assert_non_null(packs);
	return packs;
}

/* The pack reader agrees with libgit2 on the object, or says OTHER. */
static enum vigie_pack_read check_commit(struct vigie_packs *packs,
					 git_repository *repo,
					 const git_oid *id)
{
	char *data = NULL;
	size_t len = 0;
	git_object_t type;
	enum vigie_pack_read r =
		vigie_packs_read(packs, id, MAX, &type, &data, &len);

	if (r == VIGIE_PACK_READ) {
		git_odb *odb;
		git_odb_object *obj;
		assert_int_equal(git_repository_odb(&odb, repo), 0);
		assert_int_equal(git_odb_read(&obj, odb, id), 0);
		assert_int_equal(type, git_odb_object_type(obj));
		assert_int_equal(len, git_odb_object_size(obj));
		assert_memory_equal(data, git_odb_object_data(obj), len);
		assert_int_equal(data[len], '\0');
		git_odb_object_free(obj);
		git_odb_free(odb);
	} else {
		assert_null(data);
	}
	free(data);
	return r;
}

/* The pack and index files of a repository with one pack. */
static char *pack_file(const char *dir, const char *ext)
{
	char *out = NULL;

	if (fx_sh_out(&out, dir, "chmod -R u+w .git/objects/pack && "
				 "ls .git/objects/pack/*.%s", ext) != 0)
		fail_msg("no .%s file in %s", ext, dir);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

static unsigned char *slurp(const char *dir, const char *rel, size_t *len)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	unsigned char *data;
	FILE *f;
	long n;

	vigie_buf_printf(&p, "%s/%s", dir, rel);
	f = fopen(p.ptr, "rb");
	if (!f)
		fail_msg("open %s: %s", p.ptr, strerror(errno));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)n + 64);
	if (fread(data, 1, (size_t)n, f) != (size_t)n)
		fail_msg("read %s", p.ptr);
	fclose(f);
	vigie_buf_release(&p);
	*len = (size_t)n;
	return data;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* How many of the ids the reader takes, leaves to libgit2, etc. */
static void tally(struct vigie_packs *packs, git_repository *repo,
		  const git_oid *ids, size_t n, size_t counts[5])
{
	size_t i;

	memset(counts, 0, 5 * sizeof(*counts));
	for (i = 0; i < n; i++)
		counts[check_commit(packs, repo, &ids[i])]++;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_packs_read_every_commit_as_libgit2(void **state)
{
	char *dir = packed_repo("packs", 300, NULL);
	git_repository *repo;
	struct vigie_packs *packs;
	git_oid *ids, *others, absent;
	size_t n, nothers, counts[5], i;
	char *data = NULL;
	git_object_t type;
	size_t len;

	(void)state;
	/* No deltas (--window=0): every object whole in the pack. */
	fx_sh(dir, "git tag -a v1 -m 'Release 1' HEAD~3 && "
		   "git tag -a v1-signed -m 'Of a tag' v1 && "
		   "git repack -a -d -f -q --window=0");
	repo = open_repo(dir);
	packs = open_packs(dir);
	n = ids_of(&ids, dir, "git rev-list HEAD");
	assert_int_equal(n, 300);
	tally(packs, repo, ids, n, counts);
	assert_int_equal(counts[VIGIE_PACK_READ], 300);
	/* Trees and blobs are not commits, and are not read. */
	nothers = ids_of(&others, dir,
			 "git rev-list --objects --no-walk HEAD HEAD~5 | "
			 "cut -c1-40 | tail -n +3");
	assert_true(nothers >= 2);
	counts[0] = 0;
	for (i = 0; i < nothers; i++) {
		/* A tree or blob, whole or a delta, is not read. */
		enum vigie_pack_read r = vigie_packs_read(
			packs, &others[i], MAX, &type, &data, &len);
		assert_true(r == VIGIE_PACK_SKIPPED || r == VIGIE_PACK_OTHER);
		counts[0] += r == VIGIE_PACK_SKIPPED;
	}
	assert_true(counts[0] >= 1);
	/* Annotated tags are read too (a tag of a tag as well). */
	free(others);
	nothers = ids_of(&others, dir, "git rev-parse v1 v1-signed");
	for (i = 0; i < nothers; i++) {
		assert_int_equal(check_commit(packs, repo, &others[i]),
				 VIGIE_PACK_READ);
		assert_int_equal(vigie_packs_read(packs, &others[i], MAX, &type,
						  &data, &len), VIGIE_PACK_READ);
		assert_int_equal(type, GIT_OBJECT_TAG);
		free(data);
		data = NULL;
	}
	/* An id that is nowhere, and one larger than the limit. */
	memset(&absent, 0x5a, sizeof(absent));
	assert_int_equal(vigie_packs_read(packs, &absent, MAX, &type, &data, &len),
			 VIGIE_PACK_OTHER);
	assert_int_equal(vigie_packs_read(packs, &ids[0], 20, &type, &data, &len),
			 VIGIE_PACK_TOO_BIG);
	assert_null(data);
	/* A commit made after the repack is loose: libgit2 reads it. */
	fx_sh(dir, "git commit -q --allow-empty -m loose");
	free(ids);
	n = ids_of(&ids, dir, "git rev-parse HEAD");
	assert_int_equal(check_commit(packs, repo, &ids[0]), VIGIE_PACK_OTHER);
	vigie_packs_free(packs);
	git_repository_free(repo);
	free(ids);
	free(others);
	fx_rmdir(dir);
}

/* Several packs, and commits stored as deltas, resolved here. */
static void test_packs_several_packs_and_deltas(void **state)
{
	char body[3001];
	char *dir, *out = NULL;
	git_repository *repo;
	struct vigie_packs *packs;
	git_oid *ids, *deltas;
	size_t n, ndeltas, counts[5], i;

	(void)state;
	/* Long messages alike: git stores most of these commits as deltas. */
	for (i = 0; i < sizeof(body) - 1; i++)
		body[i] = (char)('a' + (i * 7 + i / 13) % 26);
	body[sizeof(body) - 1] = '\0';
	dir = packed_repo("packs-delta", 40, body);
	fx_sh(dir, "git repack -a -d -f -q --window=50 --depth=20");
	/* And a second pack, of commits made since. */
	for (i = 0; i < 5; i++)
		fx_sh(dir, "git commit -q --allow-empty -m 'more %zu'", i);
	fx_sh(dir, "git repack -d -q");
	ndeltas = ids_of(&deltas, dir,
			 "for i in .git/objects/pack/*.idx; do "
			 "git verify-pack -v $i; done | "
			 "awk '$2 == \"commit\" && NF >= 7 {print $1}'");
	assert_true(ndeltas >= 10);
	assert_int_equal(fx_sh_out(&out, dir, "ls .git/objects/pack/*.idx | wc -l"), 0);
	assert_int_equal(strtol(out, NULL, 10), 2);
	free(out);
	repo = open_repo(dir);
	packs = open_packs(dir);
	n = ids_of(&ids, dir, "git rev-list HEAD");
	assert_int_equal(n, 45);
	/* every commit read, those stored as deltas too, as libgit2 reads
	 * them (check_commit compares) */
	tally(packs, repo, ids, n, counts);
	assert_int_equal(counts[VIGIE_PACK_READ], 45);
	for (i = 0; i < ndeltas; i++)
		assert_int_equal(check_commit(packs, repo, &deltas[i]),
				 VIGIE_PACK_READ);
	/* and through a view of the same mapped packs (another thread's) */
	{
		struct vigie_packs *view = NULL;
		assert_int_equal(vigie_packs_share(&view, packs), 0);
		tally(view, repo, ids, n, counts);
		assert_int_equal(counts[VIGIE_PACK_READ], 45);
		vigie_packs_free(view);
		/* a view of nothing reads nothing */
		assert_int_equal(vigie_packs_share(&view, NULL), 0);
		assert_int_equal(check_commit(view, repo, &ids[0]), VIGIE_PACK_OTHER);
		vigie_packs_free(view);
	}
	vigie_packs_free(packs);
	git_repository_free(repo);
	free(ids);
	free(deltas);
	fx_rmdir(dir);
}

/*
 * Damaged and crafted packs: a pack whose index does not hold together is
 * not used; an entry that points outside its pack, or does not inflate to
 * its size, is left to libgit2.  None is misread, none crashes.
 */
static void test_packs_damaged_and_crafted(void **state)
{
	char *dir = packed_repo("packs-bad", 60, NULL);
	char *idxname, *packname, *out = NULL;
	unsigned char *idx, *pack, *v;
	size_t idxlen, packlen, n, counts[5], i, count, cut;
	uint32_t first_off;
	git_repository *repo;
	struct vigie_packs *packs;
	git_oid *ids, first;

	(void)state;
	fx_sh(dir, "git repack -a -d -f -q --window=0");
	repo = open_repo(dir);
	n = ids_of(&ids, dir, "git rev-list HEAD");
	idxname = pack_file(dir, "idx");
	packname = pack_file(dir, "pack");
	/* Where the 30th commit starts: a cut among the commits. */
	assert_int_equal(fx_sh_out(&out, dir,
				   "git verify-pack -v %s | awk '$2 == \"commit\" "
				   "{print $5}' | sort -n | sed -n 30p", idxname), 0);
	cut = strtoul(out, NULL, 10);
	free(out);
	idx = slurp(dir, idxname, &idxlen);
	pack = slurp(dir, packname, &packlen);
	assert_true(cut > 12 && cut < packlen);
	count = (idxlen - 8 - 1024 - 40) / 28;

#define WRITE(name, data, len)                                                 \
	do {                                                                   \
		fx_sh(dir, "rm -f %s", name);                                  \
		fx_write_bytes(dir, name, data, len);                          \
		packs = open_packs(dir);                                       \
		tally(packs, repo, ids, n, counts);                            \
		vigie_packs_free(packs);                                       \
	} while (0)

	/* Intact: all read here. */
	WRITE(idxname, idx, idxlen);
	assert_int_equal(counts[VIGIE_PACK_READ], 60);

	/* A fan-out that goes down: the index is not used. */
	v = malloc(idxlen);
	memcpy(v, idx, idxlen);
	put32(v + 8 + 4 * 100, 0xffffffffu);
	WRITE(idxname, v, idxlen);
	assert_int_equal(counts[VIGIE_PACK_OTHER], 60);
	/* An index one byte short, or its pack announcing another count. */
	WRITE(idxname, idx, idxlen - 1);
	assert_int_equal(counts[VIGIE_PACK_OTHER], 60);
	WRITE(idxname, idx, idxlen);
	free(v);
	v = malloc(packlen);
	memcpy(v, pack, packlen);
	put32(v + 8, (uint32_t)count + 1);
	WRITE(packname, v, packlen);
	assert_int_equal(counts[VIGIE_PACK_OTHER], 60);
	WRITE(packname, pack, packlen);
	assert_int_equal(counts[VIGIE_PACK_READ], 60);

	/* Every compressed byte of every object flipped: never misread. */
	memcpy(v, pack, packlen);
	for (i = 12; i + 20 < packlen; i++)
		v[i] ^= 0x55;
	WRITE(packname, v, packlen);
	assert_int_equal(counts[VIGIE_PACK_READ], 0);
	/* A pack cut among its commits: those past the cut are left to libgit2. */
	WRITE(packname, pack, cut);
	assert_true(counts[VIGIE_PACK_OTHER] > 0);
	assert_true(counts[VIGIE_PACK_READ] > 0);
	assert_int_equal(counts[VIGIE_PACK_OTHER] + counts[VIGIE_PACK_READ], 60);
	WRITE(packname, pack, packlen);
	free(v);

	/*
	 * The first entry's offset moved to the 64-bit table (as in packs over
	 * 2 GiB): still read.  Then an index into that table out of range, and
	 * an offset past the pack: left to libgit2.
	 */
	memcpy(first.id, idx + 8 + 1024, 20);
	first_off = (uint32_t)idx[8 + 1024 + count * 24] << 24 |
		    (uint32_t)idx[8 + 1024 + count * 24 + 1] << 16 |
		    (uint32_t)idx[8 + 1024 + count * 24 + 2] << 8 |
		    idx[8 + 1024 + count * 24 + 3];
	v = malloc(idxlen + 8);
	memcpy(v, idx, idxlen - 40);
	put32(v + 8 + 1024 + count * 24, 0x80000000u);
	memset(v + idxlen - 40, 0, 4);
	put32(v + idxlen - 36, first_off);
	memcpy(v + idxlen - 32, idx + idxlen - 40, 40);
	WRITE(idxname, v, idxlen + 8);
	assert_int_equal(counts[VIGIE_PACK_READ], 60);
	packs = open_packs(dir);
	assert_int_not_equal(check_commit(packs, repo, &first), VIGIE_PACK_OTHER);
	vigie_packs_free(packs);
	put32(v + 8 + 1024 + count * 24, 0x80000001u);
	WRITE(idxname, v, idxlen + 8);
	packs = open_packs(dir);
	assert_int_equal(check_commit(packs, repo, &first), VIGIE_PACK_OTHER);
	vigie_packs_free(packs);
	put32(v + 8 + 1024 + count * 24, 0x80000000u);
	put32(v + idxlen - 40, 0x7fffffffu);
	WRITE(idxname, v, idxlen + 8);
	packs = open_packs(dir);
	assert_int_equal(check_commit(packs, repo, &first), VIGIE_PACK_OTHER);
	vigie_packs_free(packs);
	free(v);

	/* Not an index at all, and an index without its pack. */
	WRITE(idxname, "not an index", 12);
	assert_int_equal(counts[VIGIE_PACK_OTHER], 60);
	WRITE(idxname, idx, idxlen);
	assert_int_equal(fx_sh_out(&out, dir, "mv %s %s.gone", packname, packname), 0);
	free(out);
	packs = open_packs(dir);
	tally(packs, repo, ids, n, counts);
	vigie_packs_free(packs);
	assert_int_equal(counts[VIGIE_PACK_OTHER], 60);
#undef WRITE

	git_repository_free(repo);
	free(idx);
	free(pack);
	free(idxname);
	free(packname);
	free(ids);
	fx_rmdir(dir);
}

/* A directory that is not there, or holds no pack: nothing is read here. */
/*
 * Every object of a history whose files change a little each time, packed
 * with deltas (offset deltas, then deltas naming their base by id): read
 * whole, and by its first bytes, it equals libgit2's reading.
 */
static void check_objects(const char *dir, size_t *deltas_read)
{
	static const size_t heads[] = { 0, 1, 100, 2304, 3136, 5000, 100000 };
	git_repository *repo = open_repo(dir);
	struct vigie_packs *packs = open_packs(dir);
	git_odb *odb = NULL;
	git_oid *ids, *deltas;
	size_t n, ndeltas, i, h, k;

	assert_int_equal(git_repository_odb(&odb, repo), 0);
	n = ids_of(&ids, dir, "git rev-list --objects --all | cut -c1-40");
	ndeltas = ids_of(&deltas, dir,
			 "git verify-pack -v .git/objects/pack/*.idx | "
			 "awk '$2 == \"blob\" && NF >= 7 {print $1}'");
	assert_true(n > 100);
	assert_true(ndeltas >= 20);
	*deltas_read = 0;
	for (i = 0; i < n; i++) {
		git_odb_object *obj = NULL;
		const char *want;
		size_t wlen, len;
		uint64_t size = 0;
		git_object_t type;
		char *data = NULL;
		bool is_delta = false;

		assert_int_equal(git_odb_read(&obj, odb, &ids[i]), 0);
		want = git_odb_object_data(obj);
		wlen = git_odb_object_size(obj);
		assert_int_equal(vigie_packs_read_object(packs, &ids[i], MAX, &type,
							 &data, &len),
				 VIGIE_PACK_READ);
		assert_int_equal(type, git_odb_object_type(obj));
		assert_int_equal(len, wlen);
		assert_memory_equal(data, want, wlen);
		assert_int_equal(data[len], '\0');
		free(data);
		/* and with no bound at all (the snapshot's trees) */
		data = NULL;
		assert_int_equal(vigie_packs_read_object(packs, &ids[i], SIZE_MAX,
							 &type, &data, &len),
				 VIGIE_PACK_READ);
		assert_int_equal(len, wlen);
		assert_memory_equal(data, want, wlen);
		free(data);
		for (k = 0; k < ndeltas; k++)
			is_delta |= git_oid_equal(&deltas[k], &ids[i]);
		*deltas_read += is_delta;
		for (h = 0; h < sizeof(heads) / sizeof(heads[0]); h++) {
			size_t cut = heads[h] < wlen ? heads[h] : wlen;
			data = NULL;
			assert_int_equal(vigie_packs_read_head(packs, &ids[i],
							       heads[h], MAX,
							       &data, &len, &size),
					 VIGIE_PACK_READ);
			assert_int_equal(size, wlen);
			assert_int_equal(len, cut);
			assert_memory_equal(data, want, cut);
			assert_int_equal(data[len], '\0');
			free(data);
		}
		/* over the limit, whole or by its head (a delta larger than
		 * twice the limit and 4 KiB is libgit2's to measure) */
		if (wlen > 10) {
			enum vigie_pack_read r;
			data = NULL;
			r = vigie_packs_read_object(packs, &ids[i], 10, &type,
						    &data, &len);
			assert_true(r == VIGIE_PACK_TOO_BIG ||
				    (is_delta && r == VIGIE_PACK_OTHER));
			r = vigie_packs_read_head(packs, &ids[i], 5, 10, &data,
						  &len, &size);
			assert_true(r == VIGIE_PACK_TOO_BIG ||
				    (is_delta && r == VIGIE_PACK_OTHER));
			assert_null(data);
		}
		git_odb_object_free(obj);
	}
	git_odb_free(odb);
	vigie_packs_free(packs);
	git_repository_free(repo);
	free(ids);
	free(deltas);
}

static void test_packs_blobs_and_heads_through_deltas(void **state)
{
	char *dir = fx_repo_new("packs-blobs");
	struct vigie_buf text = VIGIE_BUF_INIT, notes = VIGIE_BUF_INIT;
	size_t i, deltas_read;

	(void)state;
	/* a source file of 6 KiB and a notice, edited in every commit; and
	 * notes of 30 KiB kept, with 6 KiB of new lines before and after
	 * each time: any delta between two of them inserts 12 KiB */
	for (i = 0; i < 40; i++) {
		size_t line;
		vigie_buf_clear(&notes);
		for (line = 0; line < 200; line++)
			vigie_buf_printf(&notes, "head %zu.%zu: %08zx\n", i, line,
					 (i * 7919 + line * 104729) % 0xfffffff);
		for (line = 0; line < 1500; line++)
			vigie_buf_printf(&notes, "kept line %zu\n", line);
		for (line = 0; line < 200; line++)
			vigie_buf_printf(&notes, "tail %zu.%zu: %08zx\n", i, line,
					 (i * 104729 + line * 7919) % 0xfffffff);
		fx_write(dir, "NOTES", notes.ptr);
		vigie_buf_clear(&text);
		vigie_buf_printf(&text, "/* Copyright %zu Someone\n"
			    " * SPDX-License-Identifier: MIT */\n", 2000 + i);
		for (line = 0; line < 150; line++)
			vigie_buf_printf(&text, "int f%zu(void) { return %zu; }\n",
					 line, line * (line == i ? 7 : 1));
		fx_write(dir, "src/a.c", text.ptr);
		fx_write(dir, "README", i % 2 ? "odd\n" : "even\n");
		fx_sh(dir, "git add -A && git commit -q -m 'c%zu'", i);
	}
	fx_sh(dir, "git repack -a -d -f -q --window=50 --depth=20");
	check_objects(dir, &deltas_read);
	assert_true(deltas_read >= 20);
	/* bases named by id rather than by offset */
	fx_sh(dir, "git -c repack.useDeltaBaseOffset=false repack -a -d -f -q "
		   "--window=50 --depth=20 && "
		   "git verify-pack -v .git/objects/pack/*.idx >/dev/null");
	check_objects(dir, &deltas_read);
	assert_true(deltas_read >= 20);
	vigie_buf_release(&text);
	vigie_buf_release(&notes);
	fx_rmdir(dir);
}

static void test_packs_no_packs(void **state)
{
	struct vigie_packs *packs = NULL;
	git_oid id;
	char *data = NULL;
	git_object_t type;
	size_t len;

	(void)state;
	memset(&id, 0x11, sizeof(id));
	assert_int_equal(vigie_packs_open_dir(&packs, "/nonexistent/objects/pack"), 0);
	assert_int_equal(vigie_packs_read(packs, &id, MAX, &type, &data, &len),
			 VIGIE_PACK_OTHER);
	vigie_packs_free(packs);
	vigie_packs_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_packs_read_every_commit_as_libgit2),
		cmocka_unit_test(test_packs_several_packs_and_deltas),
		cmocka_unit_test(test_packs_damaged_and_crafted),
		cmocka_unit_test(test_packs_blobs_and_heads_through_deltas),
		cmocka_unit_test(test_packs_no_packs),
	};

	return cmocka_run_group_tests(tests, git2_group_up, git2_group_down);
}
