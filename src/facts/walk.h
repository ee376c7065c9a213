/* SPDX-License-Identifier: EUPL-1.2 */
/* The history walk's state, shared by its parts: commit objects (commit.c),
 * the walk and its identities (walk.c), releases (releases.c) and the facts
 * (history.c). */
#ifndef VIGIE_FACTS_WALK_H
#define VIGIE_FACTS_WALK_H

#include <stdbool.h>
#include <stdint.h>

#include "git2_api.h"
#include <jansson.h>

#include "vigie/buf.h"
#include "vigie/facts.h"
#include "../snapshot/internal.h"
#include "commits.h"
#include "identity.h"
#include "mailmap.h"
#include "strmap.h"

#define DAY 86400
#define ACTIVE_DAYS 90
/*
 * Commits walked past the edge of the range before stopping: a commit whose
 * clock was wrong (dated years back) does not hide its in-range ancestors.
 */
#define SLOP 64
#define MAX_WALK 50000000u   /* commits: a ceiling against runaway walks */
#define FIELD_MAX 320        /* bytes of a name or address that are kept */
#define BOT_NAMES_MAX 20
#define DOMAINS_MAX 50
#define PEOPLE_MAX 100
#define TAGS_MAX 100000
#define COMMIT_MAX (1024 * 1024) /* bytes of one commit object */
/*
 * Bytes of .mailmap read: the largest real ones are about 100 kB; one over
 * this is reported in the problems, not silently ignored.
 */
#define MAILMAP_MAX (1024 * 1024)

/* The commits already queued, by id. */
struct oidset {
	git_oid *ids;
	unsigned char *used;
	size_t nslots, count;
};

/* The walk's frontier: a max-heap of commits by committer date. */
struct entry {
	int64_t time;
	const char *data;
	size_t len;
	git_odb_object *obj; /* holds data; NULL when data is malloc'd */
};

struct heap {
	struct entry *v;
	size_t n, cap;
};

struct sig {
	const char *name, *email;
	size_t name_len, email_len;
	int64_t time;
	bool ok;
};

struct commit {
	const char *data;
	size_t len;
	const char *parents; /* the first "parent " line, or NULL */
	unsigned nparents;
	struct sig author, committer;
	const char *title;   /* the message's first line, when read */
	size_t title_len;
	bool gpgsig;
	bool signoff;
};

struct person {
	char *name, *email;    /* mailmapped, as first seen */
	enum vigie_identity_kind kind;
	long org;              /* index in orgs, -1 until it authors a commit */
	uint32_t commits;      /* counted commits authored in the window */
	uint32_t translations; /* translation commits authored in the window */
	bool before;           /* authored a commit in the look-back */
	bool active;           /* authored a commit in the last 90 days */
	bool committer;        /* committed a counted commit */
};

struct org {
	bool self;             /* one individual: never shown by name */
	uint32_t commits, authors;
};

struct walk {
	const struct vigie_collect_ctx *ctx;
	/*
	 * libgit2, for what the packs and loose objects do not give: the
	 * repository and its object database, opened on first need
	 * (hist_git, hist_odb) -- a handle of the walk's own when it runs
	 * beside the other collectors (own_wanted): libgit2's objects are
	 * not to be used by two threads at once.
	 */
	git_repository *repo, *own;
	bool own_wanted, git_failed;
	git_odb *odb;
	struct vigie_packs *packs;
	const struct vigie_loose *loose;
	struct vigie_kept *kept; /* commits read by earlier audits */
	struct vigie_buf reduced;        /* scratch for what is kept */
	struct vigie_mailmap *mailmap;
	/*
	 * t0: the anchor, where the window ends (vigie_collect_anchor); a
	 * commit dated after it is not in the window.
	 */
	int64_t t0, edge, floor, active_edge;
	const git_oid *start;  /* the pinned commit */
	struct heap heap;
	struct oidset seen;
	/*
	 * Identities as written in commits ("email\1name") map to people
	 * (after .mailmap, keyed by lowercase address); both are looked up
	 * once per distinct identity, not once per commit.
	 */
	struct vigie_strmap raw_keys, people_keys, org_keys, bot_keys;
	long *raw_person;
	struct person *people;
	struct org *orgs;
	size_t raw_cap, people_cap, orgs_cap;
	size_t npeople;        /* entries of people initialised */
	uint64_t walked, commits, merges, gpgsigned, signoffs;
	uint64_t bot_commits, translation_commits;
	uint64_t pending;      /* authors in the window not yet seen before it */
	uint64_t oversized;    /* commits larger than COMMIT_MAX, not read */
	uint64_t later;        /* commits dated after the window's end */
	uint64_t missing;      /* parents not in the repository (shallow) */
	int64_t newest;
	int64_t cut;           /* the newest commit whose parents are missing */
	bool have_newest, beyond_floor, shallow, truncated, have_cut;
	/*
	 * No shallow file: every parent of a commit of the repository is in
	 * it, so a commit kept by an earlier audit is taken without asking
	 * the packs whether it is still there.
	 */
	bool complete;
	int slop;
	int lookback_days;
	int oom;
};

/* commit.c */
const char *hist_line_end(const char *p, const char *end);
bool hist_starts(const char *p, const char *end, const char *prefix);
struct sig hist_parse_sig(const char *p, const char *end);
void hist_parse_commit(struct commit *c, const char *data, size_t len,
			 bool with_message);
int64_t hist_commit_time(const char *data, size_t len);

/* walk.c */
bool hist_oidset_has(const struct oidset *set, const git_oid *id);
void hist_entry_free(struct entry *e);
struct entry hist_heap_pop(struct heap *h);
int hist_keep(struct walk *w, const git_oid *id, const char *data,
		size_t len);
int hist_queue_parents(struct walk *w, const struct commit *c, int64_t t);
int hist_walk_history(struct walk *w, const git_oid *start,
			struct vigie_error *err);
/* Free a walk's frontier and the set of what it met. */
void hist_frontier_release(struct heap *h, struct oidset *met);
/*
 * Does the history of commit id meet the commits the walk has met (the
 * pinned commit's history, as far as it went), within *budget commits
 * read, newest first?  A tag on a release or maintenance branch does; one
 * of an unrelated history does not.  *budget is spent; the walk's own
 * state (its frontier, what it met, a shallow boundary seen) is as it
 * was, but for the commits kept for the next audit.  1, 0, or -1 out of
 * memory.
 */
int hist_meets(struct walk *w, const git_oid *id, size_t *budget);

/* releases.c */
double hist_round_to(double v, double unit);
json_t *hist_releases(struct walk *w);

/* history.c: libgit2's handles of the walk, opened on first call; NULL
 * when they cannot be. */
git_repository *hist_git(struct walk *w);
git_odb *hist_odb(struct walk *w);

#endif
