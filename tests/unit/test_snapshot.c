/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of the snapshot: pinned commits, tree index, bounded reads, links. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "fixture.h"
#include "vigie/vigie.h"
#include "vigie/buf.h"
#include "src/snapshot/internal.h"

struct fx {
	char *dir;
	struct vigie_target t;
	struct vigie_source *src;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct vigie_error err;
	char *sub;

	vigie_global_init();
	f->dir = fx_repo_new("snap");
	fx_write(f->dir, "README.md", "# Hello\n");
	fx_write(f->dir, "LICENSE", "MIT License\n");
	fx_commit(f->dir, "one");
	fx_sh(f->dir, "git tag -a v1 -m 'release one'");
	fx_write(f->dir, "docs/Guide.md", "guide\n");
	fx_write(f->dir, "big.txt", "");
	fx_sh(f->dir, "head -c 3000 /dev/zero | tr '\\0' a > big.txt");
	fx_sh(f->dir, "ln -s LICENSE COPYING && ln -s ../../etc/passwd escape "
		      "&& ln -s /etc/passwd absolute && mkdir -p sub "
		      "&& ln -s ../README.md sub/readme-link && ln -s loop1 loop2 "
		      "&& ln -s loop2 loop1");
	/* A submodule (gitlink) pointing at a commit of another repository. */
	sub = fx_repo_new("subm");
	fx_write(sub, "x", "x\n");
	fx_commit(sub, "sub");
	fx_sh(f->dir, "git -c protocol.file.allow=always submodule add -q '%s' vendor/lib", sub);
	fx_commit(f->dir, "two");
	fx_rmdir(sub);
	vigie_error_clear(&err);
	assert_int_equal(vigie_target_parse(&f->t, f->dir, &err), 0);
	assert_int_equal(vigie_source_open(&f->src, &f->t, NULL, &err), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	vigie_source_free(f->src);
	vigie_target_release(&f->t);
	fx_rmdir(f->dir);
	free(f);
	vigie_global_shutdown();
	return 0;
}

static void test_snapshot_indexes_head_sorted(void **state)
{
	struct fx *f = *state;
	struct vigie_snapshot *s = NULL;
	struct vigie_error err;
	char *expected = NULL;
	size_t i;

	assert_int_equal(vigie_snapshot_open(&s, f->src, NULL, &err), 0);
	assert_string_equal(vigie_snapshot_ref(s), "main");
	fx_sh_out(&expected, f->dir, "git rev-parse HEAD");
	assert_memory_equal(vigie_snapshot_commit(s), expected, 40);
	free(expected);
	/* Same paths as git ls-tree -r, in the same (bytewise) order. */
	fx_sh_out(&expected, f->dir, "git ls-tree -r --name-only HEAD | tr '\\n' '|'");
	{
		struct vigie_buf got = VIGIE_BUF_INIT;
		for (i = 0; i < vigie_snapshot_count(s); i++) {
			vigie_buf_puts(&got, vigie_snapshot_entry(s, i)->path);
			vigie_buf_putc(&got, '|');
		}
		assert_string_equal(got.ptr, expected);
		vigie_buf_release(&got);
	}
	free(expected);
	assert_int_equal(vigie_snapshot_find(s, "vendor/lib", false)->kind,
			 VIGIE_ENTRY_SUBMODULE);
	assert_int_equal(vigie_snapshot_find(s, "COPYING", false)->kind,
			 VIGIE_ENTRY_LINK);
	assert_non_null(vigie_snapshot_find(s, "docs/guide.MD", true));
	assert_int_equal(vigie_snapshot_find(s, "docs/Guide.md", false)->depth, 1);
	assert_int_equal(vigie_snapshot_find(s, "README.md", false)->depth, 0);
	assert_int_equal(vigie_snapshot_find(s, "vendor/lib", false)->depth, 1);
	assert_null(vigie_snapshot_find(s, "docs/guide.MD", false));
	assert_int_equal(vigie_snapshot_size(s, vigie_snapshot_find(s, "big.txt", false)), 3000);
	vigie_snapshot_free(s);
}

static void test_snapshot_pins_a_tag_without_checkout(void **state)
{
	struct fx *f = *state;
	struct vigie_snapshot *s = NULL;
	struct vigie_error err;

	assert_int_equal(vigie_snapshot_open(&s, f->src, "v1", &err), 0);
	assert_string_equal(vigie_snapshot_ref(s), "v1");
	assert_non_null(vigie_snapshot_find(s, "LICENSE", false));
	assert_null(vigie_snapshot_find(s, "docs/Guide.md", false));
	assert_int_equal(vigie_snapshot_count(s), 2);
	vigie_snapshot_free(s);

	vigie_error_clear(&err);
	assert_int_equal(vigie_snapshot_open(&s, f->src, "no-such-tag", &err),
			 VIGIE_ENOTFOUND);
	assert_contains(err.message, "unknown revision 'no-such-tag'");
}

static void test_snapshot_reads_are_bounded(void **state)
{
	struct fx *f = *state;
	struct vigie_snapshot *s = NULL;
	struct vigie_buf b = VIGIE_BUF_INIT;
	struct vigie_error err;
	const struct vigie_entry *big;

	assert_int_equal(vigie_snapshot_open(&s, f->src, NULL, &err), 0);
	big = vigie_snapshot_find(s, "big.txt", false);
	assert_int_equal(vigie_snapshot_read(&b, s, big, 1000, NULL, &err),
			 VIGIE_ELIMIT);
	assert_int_equal(b.len, 0);
	assert_contains(err.message, "3000 bytes");
	assert_int_equal(vigie_snapshot_read(&b, s, big, 0, NULL, &err), 0);
	assert_int_equal(b.len, 3000);
	vigie_buf_release(&b);
	vigie_snapshot_free(s);
}

static void test_snapshot_links_stay_inside_the_tree(void **state)
{
	struct fx *f = *state;
	struct vigie_snapshot *s = NULL;
	struct vigie_buf b = VIGIE_BUF_INIT;
	struct vigie_error err;
	const struct vigie_entry *r = NULL;

	assert_int_equal(vigie_snapshot_open(&s, f->src, NULL, &err), 0);
	assert_int_equal(vigie_snapshot_read(&b, s, vigie_snapshot_find(s, "COPYING", false),
					     0, &r, &err), 0);
	assert_string_equal(b.ptr, "MIT License\n");
	assert_string_equal(r->path, "LICENSE");
	assert_int_equal(vigie_snapshot_read(&b, s, vigie_snapshot_find(s, "sub/readme-link", false),
					     0, &r, &err), 0);
	assert_string_equal(r->path, "README.md");

	assert_int_equal(vigie_snapshot_read(&b, s, vigie_snapshot_find(s, "escape", false),
					     0, NULL, &err), VIGIE_EINVALID);
	assert_contains(err.message, "outside the tree");
	assert_int_equal(vigie_snapshot_read(&b, s, vigie_snapshot_find(s, "absolute", false),
					     0, NULL, &err), VIGIE_EINVALID);
	assert_int_equal(vigie_snapshot_read(&b, s, vigie_snapshot_find(s, "loop1", false),
					     0, NULL, &err), VIGIE_EINVALID);
	assert_contains(err.message, "too many levels");
	assert_int_equal(vigie_snapshot_read(&b, s, vigie_snapshot_find(s, "vendor/lib", false),
					     0, NULL, &err), VIGIE_EINVALID);
	assert_contains(err.message, "submodules are not followed");
	vigie_buf_release(&b);
	vigie_snapshot_free(s);
}

static void test_snapshot_empty_repository(void **state)
{
	struct vigie_target t;
	struct vigie_source *src = NULL;
	struct vigie_snapshot *s = NULL;
	struct vigie_error err;
	char *dir = fx_repo_new("empty");

	(void)state;
	assert_int_equal(vigie_target_parse(&t, dir, &err), 0);
	assert_int_equal(vigie_source_open(&src, &t, NULL, &err), 0);
	assert_int_equal(vigie_snapshot_open(&s, src, NULL, &err), VIGIE_EEMPTY);
	assert_contains(err.message, "no commits");
	vigie_source_free(src);
	vigie_target_release(&t);
	fx_rmdir(dir);
}

/*
 * Trees nested LEVELS and LEVELS + 1 deep around the limit (built as one
 * pack by tests/support/deeptree.py): the deepest file within the limit is
 * indexed, one level more is counted as skipped, not indexed.
 */
static void test_snapshot_depth_limit(void **state)
{
	static const struct {
		int levels;
		size_t skipped;
	} cases[] = {
		{ VIGIE_SNAPSHOT_MAX_DEPTH - 1, 0 },
		{ VIGIE_SNAPSHOT_MAX_DEPTH, 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(cases); i++) {
		struct vigie_target t;
		struct vigie_source *src = NULL;
		struct vigie_snapshot *s = NULL;
		struct vigie_error err;
		char *dir = fx_repo_new("deep");
		const struct vigie_entry *last;

		fx_sh(dir, "python3 '%s/tests/support/deeptree.py' %d > pack 2> id && "
			   "git index-pack --stdin < pack > /dev/null && "
			   "git update-ref refs/heads/main $(cat id) && rm pack id",
		      fx_source_root(), cases[i].levels);
		assert_int_equal(vigie_target_parse(&t, dir, &err), 0);
		assert_int_equal(vigie_source_open(&src, &t, NULL, &err), 0);
		assert_int_equal(vigie_snapshot_open(&s, src, NULL, &err), 0);
		assert_int_equal(vigie_snapshot_skipped(s), cases[i].skipped);
		assert_non_null(vigie_snapshot_find(s, "README.md", false));
		/* "d/d/.../d/GOVERNANCE.md" sorts last. */
		last = vigie_snapshot_entry(s, vigie_snapshot_count(s) - 1);
		if (cases[i].skipped) {
			assert_int_equal(vigie_snapshot_count(s), 1);
		} else {
			assert_int_equal(vigie_snapshot_count(s), 2);
			assert_int_equal(last->depth, VIGIE_SNAPSHOT_MAX_DEPTH - 1);
			assert_int_equal(strlen(last->path),
					 2 * (VIGIE_SNAPSHOT_MAX_DEPTH - 1) +
						 strlen("GOVERNANCE.md"));
			assert_non_null(vigie_snapshot_find(s, last->path, true));
		}
		vigie_snapshot_free(s);
		vigie_source_free(src);
		vigie_target_release(&t);
		fx_rmdir(dir);
	}
}

/*
 * A chain of 3,000 directories of 200-letter names (600 KB of path) holding
 * 500 files: its paths would take 300 MB; the index refuses it past its cap
 * rather than take what memory there is.
 */
/* Every entry of a snapshot of dir's HEAD: path, kind, depth, id (new). */
static char *listing(const char *dir, int *rc, char **error)
{
	struct vigie_target t;
	struct vigie_source *src = NULL;
	struct vigie_snapshot *s = NULL;
	struct vigie_error err;
	struct vigie_buf out = VIGIE_BUF_INIT;
	size_t i;

	vigie_error_clear(&err);
	assert_int_equal(vigie_target_parse(&t, dir, &err), 0);
	assert_int_equal(vigie_source_open(&src, &t, NULL, &err), 0);
	*rc = vigie_snapshot_open(&s, src, NULL, &err);
	*error = strdup(*rc < 0 ? err.message : "");
	for (i = 0; s && i < vigie_snapshot_count(s); i++) {
		const struct vigie_entry *e = vigie_snapshot_entry(s, i);
		char hex[41];
		vigie_entry_hex(e, hex);
		vigie_buf_printf(&out, "%s %d %u %s\n", e->path, (int)e->kind,
				 e->depth, hex);
	}
	vigie_buf_puts(&out, "");
	vigie_snapshot_free(s);
	vigie_source_free(src);
	vigie_target_release(&t);
	return vigie_buf_detach(&out, NULL);
}

/*
 * Trees read from the pack files give the entries libgit2 gives from loose
 * objects: every kind, modes git no longer writes (100664, 40000 without
 * its leading zero) and deep directories; a tree that does not parse is
 * libgit2's to refuse, packed or not.
 */
static void test_snapshot_packed_trees_as_libgit2(void **state)
{
	char *dir = fx_repo_new("snap-packed"), *loose, *packed, *e1, *e2;
	int rc1, rc2;

	(void)state;
	fx_write(dir, "a/b/c/d/deep.txt", "deep\n");
	fx_write(dir, "a/b/file", "f\n");
	fx_write(dir, "run.sh", "#!/bin/sh\n");
	fx_sh(dir, "chmod +x run.sh && ln -s run.sh link");
	fx_commit(dir, "kinds");
	/* a tree written by hand: an old group-writable mode, a gitlink */
	fx_sh(dir, "b=$(git rev-parse HEAD:a/b/file) && t=$(git rev-parse HEAD:a) && "
		   "c=$(git rev-parse HEAD) && "
		   "t2=$(printf '100664 old\\0%%s40000 sub\\0%%s160000 mod\\0%%s' "
		   "\"$(echo $b | xxd -r -p)\" \"$(echo $t | xxd -r -p)\" "
		   "\"$(echo $c | xxd -r -p)\" | git hash-object -t tree -w --stdin) && "
		   "root=$(git ls-tree HEAD | sed \"s/\\t/ /\" | "
		   "awk '{print $1\" \"$2\" \"$3\"\\t\"$4}' | "
		   "{ cat; printf '040000 tree %%s\\tcrafted\\n' $t2; } | git mktree) && "
		   "git reset -q --soft $(git commit-tree $root -p HEAD -m crafted)");
	loose = listing(dir, &rc1, &e1);
	assert_int_equal(rc1, 0);
	assert_non_null(strstr(loose, "crafted/old 0 1 "));
	assert_non_null(strstr(loose, "crafted/mod 3 1 "));
	assert_non_null(strstr(loose, "crafted/sub/b/c/d/deep.txt 0 5 "));
	fx_sh(dir, "git repack -a -d -q && test -z \"$(find .git/objects -type f "
		   "-path '*/objects/?" "?/*')\"");
	packed = listing(dir, &rc2, &e2);
	assert_int_equal(rc2, 0);
	assert_string_equal(packed, loose);
	free(loose);
	free(packed);
	free(e1);
	free(e2);

	/* a tree whose entry has no id after its name: refused both ways */
	fx_sh(dir, "t=$(printf '100644 broken\\0abc' | git hash-object -t tree "
		   "-w --stdin --literally) && "
		   "root=$(printf '040000 tree %%s\\tbad\\n' $t | git mktree --missing) && "
		   "c=$(git commit-tree $root -m bad) && git reset -q --soft $c && "
		   "echo $t $root $c > bad-objects");
	loose = listing(dir, &rc1, &e1);
	/* (git repack would refuse it: packed as they are, by id) */
	fx_sh(dir, "tr ' ' '\\n' < bad-objects | git pack-objects -q .git/objects/pack/pack "
		   ">/dev/null && git prune-packed && "
		   "for o in $(cat bad-objects); do ! test -e .git/objects/$(echo $o | "
		   "cut -c1-2)/$(echo $o | cut -c3-); done");
	packed = listing(dir, &rc2, &e2);
	assert_true(rc1 < 0);
	assert_int_equal(rc2, rc1);
	assert_string_equal(e2, e1);
	free(loose);
	free(packed);
	free(e1);
	free(e2);
	fx_rmdir(dir);
}

/* Lines "name id", sorted: what vigie_refs_tags told. */
struct tag_lines {
	char *v[64];
	size_t n;
};

static int tag_line(const char *name, const git_oid *id, void *arg)
{
	struct tag_lines *t = arg;
	char hex[GIT_OID_HEXSZ + 1];
	struct vigie_buf b = VIGIE_BUF_INIT;

	assert_true(t->n < 64);
	git_oid_tostr(hex, sizeof(hex), id);
	assert_int_equal(vigie_buf_printf(&b, "%s %s", name, hex), 0);
	t->v[t->n++] = b.ptr;
	return 0;
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The tags of the repository at dir, both ways, as one text each. */
static void both_tags(const char *dir, const char *common, char **mine,
		      char **theirs, int *rc)
{
	struct vigie_refs *r;
	struct tag_lines t = { { 0 }, 0 }, l = { { 0 }, 0 };
	struct vigie_buf a = VIGIE_BUF_INIT, b = VIGIE_BUF_INIT;
	git_repository *repo;
	git_reference_iterator *it;
	git_reference *ref;
	size_t i;

	assert_int_equal(vigie_refs_open(&r, common), 0);
	*rc = vigie_refs_tags(r, tag_line, &t);
	vigie_refs_free(r);
	assert_int_equal(git_repository_open(&repo, dir), 0);
	/* (libgit2 refuses a packed-refs it does not parse, whole) */
	it = NULL;
	git_reference_iterator_glob_new(&it, repo, "refs/tags/*");
	while (it && git_reference_next(&ref, it) == 0) {
		if (git_reference_target(ref))
			tag_line(git_reference_name(ref), git_reference_target(ref), &l);
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	git_repository_free(repo);
	qsort(t.v, t.n, sizeof(*t.v), cmp_line);
	qsort(l.v, l.n, sizeof(*l.v), cmp_line);
	for (i = 0; i < t.n; i++) {
		vigie_buf_printf(&a, "%s\n", t.v[i]);
		free(t.v[i]);
	}
	for (i = 0; i < l.n; i++) {
		vigie_buf_printf(&b, "%s\n", l.v[i]);
		free(l.v[i]);
	}
	*mine = a.ptr ? a.ptr : strdup("");
	*theirs = b.ptr ? b.ptr : strdup("");
}

/* Read both ways: the same tags (1), or none told (0: libgit2's turn). */
#define SAME_TAGS(dir, common, want_rc) do { \
	char *m_, *t_; int rc_; \
	both_tags(dir, common, &m_, &t_, &rc_); \
	assert_int_equal(rc_, want_rc); \
	if (rc_ == 1) \
		assert_string_equal(m_, t_); \
	else \
		assert_string_equal(m_, ""); \
	free(m_); free(t_); \
} while (0)

/*
 * HEAD resolved from git's files (refs.c), as libgit2 resolves it: 1 with
 * the same id and branch, or 0 (libgit2's turn).  *branch: the branch
 * read, or NULL.
 */
static int head_both(const char *dir, char **branch)
{
	char git[4096];
	struct vigie_refs *r;
	git_oid id;
	int rc;

	snprintf(git, sizeof(git), "%s/.git/", dir);
	assert_int_equal(vigie_refs_open(&r, git), 0);
	*branch = NULL;
	rc = vigie_refs_head(r, git, &id, branch);
	vigie_refs_free(r);
	if (rc == 1) {
		git_repository *repo;
		git_reference *head;

		assert_int_equal(git_repository_open(&repo, dir), 0);
		assert_int_equal(git_repository_head(&head, repo), 0);
		assert_true(git_oid_equal(&id, git_reference_target(head)));
		if (git_reference_is_branch(head))
			assert_string_equal(*branch, git_reference_shorthand(head));
		else
			assert_null(*branch);
		git_reference_free(head);
		git_repository_free(repo);
	} else {
		assert_null(*branch);
	}
	return rc;
}

#define HEAD_IS(dir, want_rc, want_branch) do { \
	char *b_; \
	assert_int_equal(head_both(dir, &b_), want_rc); \
	if (want_branch) \
		assert_string_equal(b_, want_branch); \
	else \
		assert_null(b_); \
	free(b_); \
} while (0)

/*
 * The audited commit's HEAD from git's files equals libgit2's: a loose
 * branch, a packed one, a nested one, a detached HEAD; and what this
 * reader does not read is libgit2's (0): an unborn branch, HEAD on a tag,
 * a branch that is a symbolic ref, a packed-refs line it does not know,
 * a HEAD that is a link.
 */
static void test_snapshot_head_read_as_libgit2(void **state)
{
	char *dir = fx_repo_new("snap-head");

	(void)state;
	fx_write(dir, "a", "1\n");
	fx_commit(dir, "one");
	HEAD_IS(dir, 1, "main");
	fx_sh(dir, "git pack-refs --all && test ! -e .git/refs/heads/main");
	HEAD_IS(dir, 1, "main");
	fx_sh(dir, "git checkout -q -b topic/nested");
	HEAD_IS(dir, 1, "topic/nested");
	fx_sh(dir, "git checkout -q --detach");
	HEAD_IS(dir, 1, NULL);
	fx_sh(dir, "git checkout -q --orphan unborn");
	HEAD_IS(dir, 0, NULL);
	fx_sh(dir, "git checkout -q -f main && git tag v1 && "
		   "git symbolic-ref HEAD refs/tags/v1");
	HEAD_IS(dir, 0, NULL);
	fx_sh(dir, "git symbolic-ref refs/heads/alias refs/heads/main && "
		   "git symbolic-ref HEAD refs/heads/alias");
	HEAD_IS(dir, 0, NULL);
	fx_sh(dir, "git symbolic-ref HEAD refs/heads/main && "
		   "echo 'not a ref line' >> .git/packed-refs");
	HEAD_IS(dir, 0, NULL);
	fx_sh(dir, "git pack-refs --all 2>/dev/null; "
		   "grep -v 'not a ref' .git/packed-refs > p && mv p .git/packed-refs && "
		   "git update-ref refs/heads/main HEAD && "
		   "mv .git/HEAD .git/HEAD.real && ln -s HEAD.real .git/HEAD");
	HEAD_IS(dir, 0, NULL);
	fx_sh(dir, "rm .git/HEAD && mv .git/HEAD.real .git/HEAD");
	HEAD_IS(dir, 1, "main");
	fx_rmdir(dir);
}

/*
 * The tags read from git's files (refs.c) are libgit2's: loose and packed
 * ones, a loose tag newer than its packed line, nested and symbolic tags,
 * a lock file, a worktree's; and what the reader does not read is left to
 * libgit2 with no tag told: a link (a tag's, refs/tags'), an odd name, a
 * line of another kind.
 */
static void test_snapshot_tags_read_as_libgit2(void **state)
{
	char *dir = fx_repo_new("snap-refs"), *git, *m, *t;
	struct vigie_buf wt = VIGIE_BUF_INIT;
	int rc;

	(void)state;
	git = malloc(strlen(dir) + 8);
	assert_non_null(git);
	snprintf(git, strlen(dir) + 8, "%s/.git", dir);
	fx_write(dir, "a", "1\n");
	fx_commit(dir, "one");
	fx_sh(dir, "git tag v1 && git tag -a v2 -m two && git tag rc/v3 && git tag v4");
	SAME_TAGS(dir, git, 1); /* loose */
	fx_sh(dir, "git pack-refs --all && test ! -e .git/refs/tags/v1 && "
		   "grep -q '^\\^' .git/packed-refs");
	SAME_TAGS(dir, git, 1); /* packed, v2 peeled */
	fx_write(dir, "a", "2\n");
	fx_commit(dir, "two");
	fx_sh(dir, "git tag -f v4 >/dev/null 2>&1 && git tag v5 && "
		   "git symbolic-ref refs/tags/sym refs/heads/main && "
		   "git rev-parse HEAD > .git/refs/tags/v6.lock && "
		   "grep -q refs/tags/v4 .git/packed-refs && test -f .git/refs/tags/v4");
	both_tags(dir, git, &m, &t, &rc);
	assert_int_equal(rc, 1);
	assert_non_null(strstr(m, "refs/tags/rc/v3 "));
	assert_non_null(strstr(m, "refs/tags/v5 "));
	assert_null(strstr(m, "sym"));
	assert_null(strstr(m, "v6"));
	/* v4 once, at the second commit (the loose ref) */
	assert_non_null(strstr(m, "refs/tags/v4 "));
	assert_null(strstr(strstr(m, "refs/tags/v4 ") + 1, "refs/tags/v4 "));
	free(m);
	free(t);
	SAME_TAGS(dir, git, 1);
	/* a worktree reads the tags of the repository it belongs to */
	vigie_buf_printf(&wt, "%s-wt", dir);
	fx_sh(dir, "git worktree add -q -b side '%s' v1", wt.ptr);
	SAME_TAGS(wt.ptr, git, 1);
	fx_sh(dir, "git worktree remove --force '%s'", wt.ptr);
	/* no packed-refs at all */
	fx_sh(dir, "git tag -d v1 v2 rc/v3 v4 v5 >/dev/null && rm -f .git/packed-refs && "
		   "git tag v8");
	SAME_TAGS(dir, git, 1);

	/* left to libgit2 */
	fx_sh(dir, "ln -s v8 .git/refs/tags/v7");
	SAME_TAGS(dir, git, 0);
	fx_sh(dir, "rm .git/refs/tags/v7 && git rev-parse HEAD > '.git/refs/tags/.hidden'");
	SAME_TAGS(dir, git, 0);
	fx_sh(dir, "rm .git/refs/tags/.hidden && mv .git/refs/tags .git/refs/elsewhere && "
		   "ln -s elsewhere .git/refs/tags");
	SAME_TAGS(dir, git, 0);
	fx_sh(dir, "rm .git/refs/tags && mv .git/refs/elsewhere .git/refs/tags && "
		   "git pack-refs --all && "
		   "echo 'not a ref line' >> .git/packed-refs");
	SAME_TAGS(dir, git, 0);
	/* a packed-refs that is a FIFO: no hang, no tag (libgit2 is not
	 * asked here: it would wait for a writer) */
	fx_sh(dir, "rm .git/packed-refs && mkfifo .git/packed-refs");
	{
		struct vigie_refs *r;
		struct tag_lines none = { { 0 }, 0 };
		assert_int_equal(vigie_refs_open(&r, git), 0);
		assert_int_equal(vigie_refs_tags(r, tag_line, &none), 0);
		assert_int_equal(none.n, 0);
		vigie_refs_free(r);
	}
	vigie_buf_release(&wt);
	free(git);
	fx_rmdir(dir);
}

/*
 * A blob read whole is kept for the next read of it (the collectors and
 * each content pattern read the same README): read again after its
 * object is gone, it is the same; a smaller cap still refuses it; four
 * other blobs later it is read anew (and fails, the object being gone).
 */
static void test_snapshot_reads_again_from_memo(void **state)
{
	char *dir = fx_repo_new("snap-memo");
	struct vigie_target t;
	struct vigie_source *src = NULL;
	struct vigie_snapshot *s = NULL;
	struct vigie_error err;
	struct vigie_buf out = VIGIE_BUF_INIT;
	const char *names[] = { "b", "c", "d", "e" };
	size_t i;

	(void)state;
	fx_write(dir, "README.md", "# Memo\n\nread more than once\n");
	for (i = 0; i < VIGIE_ARRAY_SIZE(names); i++)
		fx_write(dir, names[i], names[i]);
	fx_commit(dir, "files");
	vigie_error_clear(&err);
	assert_int_equal(vigie_target_parse(&t, dir, &err), 0);
	assert_int_equal(vigie_source_open(&src, &t, NULL, &err), 0);
	assert_int_equal(vigie_snapshot_open(&s, src, NULL, &err), 0);
	assert_int_equal(vigie_snapshot_read(&out, s, vigie_snapshot_find(s, "README.md", false),
					     0, NULL, &err), 0);
	assert_string_equal(out.ptr, "# Memo\n\nread more than once\n");
	/* the loose object gone: only the memo can answer */
	fx_sh(dir, "o=$(git rev-parse HEAD:README.md) && "
		   "rm -f .git/objects/$(echo $o | cut -c1-2)/$(echo $o | cut -c3-)");
	vigie_buf_clear(&out);
	assert_int_equal(vigie_snapshot_read(&out, s, vigie_snapshot_find(s, "README.md", false),
					     0, NULL, &err), 0);
	assert_string_equal(out.ptr, "# Memo\n\nread more than once\n");
	assert_true(vigie_snapshot_read(&out, s, vigie_snapshot_find(s, "README.md", false),
					8, NULL, &err) < 0);
	for (i = 0; i < VIGIE_ARRAY_SIZE(names); i++) {
		assert_int_equal(vigie_snapshot_read(&out, s, vigie_snapshot_find(s, names[i], false),
						     0, NULL, &err), 0);
		assert_memory_equal(out.ptr, names[i], 1);
	}
	assert_true(vigie_snapshot_read(&out, s, vigie_snapshot_find(s, "README.md", false),
					0, NULL, &err) < 0);
	vigie_buf_release(&out);
	vigie_snapshot_free(s);
	vigie_source_free(src);
	vigie_target_release(&t);
	fx_rmdir(dir);
}

static void test_snapshot_paths_are_capped(void **state)
{
	struct vigie_target t;
	struct vigie_source *src = NULL;
	struct vigie_snapshot *s = NULL;
	struct vigie_error err;
	char *dir = fx_repo_new("longpaths");

	(void)state;
	fx_sh(dir, "python3 '%s/tests/support/deeptree.py' 3000 200 500 > pack 2> id && "
		   "git index-pack --stdin < pack > /dev/null && "
		   "git update-ref refs/heads/main $(cat id) && rm pack id",
	      fx_source_root());
	assert_int_equal(vigie_target_parse(&t, dir, &err), 0);
	assert_int_equal(vigie_source_open(&src, &t, NULL, &err), 0);
	assert_int_equal(vigie_snapshot_open(&s, src, NULL, &err), VIGIE_ELIMIT);
	assert_null(s);
	assert_contains(err.message, "paths take more than 256 MiB");
	vigie_source_free(src);
	vigie_target_release(&t);
	fx_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshot_indexes_head_sorted),
		cmocka_unit_test(test_snapshot_pins_a_tag_without_checkout),
		cmocka_unit_test(test_snapshot_reads_are_bounded),
		cmocka_unit_test(test_snapshot_links_stay_inside_the_tree),
		cmocka_unit_test(test_snapshot_empty_repository),
		cmocka_unit_test(test_snapshot_depth_limit),
		cmocka_unit_test(test_snapshot_paths_are_capped),
		cmocka_unit_test(test_snapshot_packed_trees_as_libgit2),
		cmocka_unit_test(test_snapshot_tags_read_as_libgit2),
		cmocka_unit_test(test_snapshot_head_read_as_libgit2),
		cmocka_unit_test(test_snapshot_reads_again_from_memo),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
