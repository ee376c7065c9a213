/* SPDX-License-Identifier: EUPL-1.2 */
/* Releases: version-like tags reachable from the audited commit, dated. */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "git2_api.h"
#include "../source/internal.h"

#include "vigie/date.h"
#include "vigie/buf.h"
#include "vigie/facts.h"
#include "vigie/i18n.h"
#include "../snapshot/internal.h"
#include "commits.h"
#include "history.h"
#include "walk.h"
#include "identity.h"
#include "json.h"
#include "grow.h"
#include "strmap.h"
#include "num.h"
#include "banned.h"

/* A pre- or post-release mark right after the digits: 1.8.2rc1, 2.0b3. */
static bool version_mark(const char *p)
{
	static const char *const marks[] = {
		"a", "alpha", "b", "beta", "c", "dev", "post", "pre", "rc",
	};
	size_t n = 0, i;

	while (isalpha((unsigned char)p[n]))
		n++;
	for (i = 0; i < VIGIE_ARRAY_SIZE(marks); i++)
		if (strlen(marks[i]) == n && !strncasecmp(p, marks[i], n))
			break;
	if (i == VIGIE_ARRAY_SIZE(marks))
		return false;
	p += n;
	while (isdigit((unsigned char)*p))
		p++;
	return !*p || (strchr("-+.~_", *p) && isalnum((unsigned char)p[1]));
}

/*
 * A tag that looks like a release: an optional prefix ("v", "release-",
 * "name-", "release/v", a package's "@scope/pkg@" or "pkg@") then a
 * version (1.2, 1.2.3-rc1, 1.8.2rc1, or curl's 8_9_1) or a date (2024.01,
 * 2024-01-15, 20240115).
 */
static bool release_at(const char *name, const char *p)
{
	const char *digits;
	size_t prefix, n;
	int dots = 0;
	char sep = '.';

	prefix = (size_t)(p - name);
	if (!*p || prefix > 40)
		return false;
	if (prefix && !(prefix == 1 && (*name == 'v' || *name == 'V')) &&
	    !strchr("-_/@", p[-1]) &&
	    !((p[-1] == 'v' || p[-1] == 'V') && prefix >= 2 &&
	      strchr("-_/@", p[-2])))
		return false;
	digits = p;
	n = strspn(p, "0123456789");
	if (prefix && p[n] == '_' && isdigit((unsigned char)p[n + 1]))
		sep = '_';
	for (;;) {
		n = 0;
		while (isdigit((unsigned char)p[n]))
			n++;
		if (!n)
			return false;
		p += n;
		if (*p != sep && !(*p == '-' && dots == 0 && n == 4 &&
				   isdigit((unsigned char)p[1])))
			break;
		if (!isdigit((unsigned char)p[1]))
			break;
		dots++;
		p++;
	}
	if (!dots) {
		/* 20240115: a compact date */
		int m, d;
		if (p - digits != 8)
			return false;
		m = (digits[4] - '0') * 10 + (digits[5] - '0');
		d = (digits[6] - '0') * 10 + (digits[7] - '0');
		if (m < 1 || m > 12 || d < 1 || d > 31)
			return false;
	}
	/* Then nothing, or a suffix: -rc1, +build, .post1, ~beta, rc1 */
	return !*p || (strchr("-+.~_", *p) && isalnum((unsigned char)p[1])) ||
	       (dots && version_mark(p));
}

/*
 * The version starts at the first digit after the prefix; a name with
 * digits of its own ("grep-pcre2-0.1.9", "py3-tool-1.2") starts later.
 */
static bool release_like(const char *name)
{
	const char *p;

	for (p = name; *p && p - name <= 40; p++)
		if (isdigit((unsigned char)*p) &&
		    (p == name || !isdigit((unsigned char)p[-1])) &&
		    release_at(name, p))
			return true;
	return false;
}

struct release {
	git_oid commit;
	int64_t time;   /* the tagger's date, else the commit's */
	int64_t ctime;  /* the commit's date: where the walk meets it */
};

static int cmp_release_commit(const void *a, const void *b)
{
	const struct release *x = a, *y = b;
	int c = git_oid_cmp(&x->commit, &y->commit);

	return c ? c : (x->time > y->time) - (x->time < y->time);
}

static int cmp_release_time(const void *a, const void *b)
{
	const struct release *x = a, *y = b;

	return (x->time > y->time) - (x->time < y->time);
}

/*
 * Walk on from the frontier, parents only, until the walk meets commit id
 * (dated ctime) or has gone SLOP commits past its date: is it an ancestor
 * of the pinned commit?  The walk is shared: each call goes on from where
 * the last one stopped.
 */
static bool reach(struct walk *w, const git_oid *id, int64_t ctime)
{
	int slop = SLOP;

	while (!hist_oidset_has(&w->seen, id) && w->heap.n && !w->oom) {
		struct entry e;
		struct commit c;

		if (w->heap.v[0].time < ctime && !slop--)
			break;
		if (w->walked++ >= MAX_WALK)
			break;
		e = hist_heap_pop(&w->heap);
		hist_parse_commit(&c, e.data, e.len, false);
		if (hist_queue_parents(w, &c, e.time) < 0)
			w->oom = 1;
		hist_entry_free(&e);
	}
	return hist_oidset_has(&w->seen, id);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

double hist_round_to(double v, double unit)
{
	return vigie_round(v / unit) * unit;
}

/*
 * The release date: the tagger's for an annotated tag, else the commit's.
 * Tags are followed to their commit, a few levels at most; an object too
 * large to read (a zip bomb's output) makes it no release.
 */
static int tag_release(struct release *r, struct walk *w, const git_oid *id)
{
	git_repository *repo = hist_git(w);
	git_oid at;
	bool dated = false;
	int hops;

	if (!id || !repo || !hist_odb(w))
		return -1;
	at = *id;
	for (hops = 0; hops < 4; hops++) {
		git_object *obj;
		git_object_t type;
		size_t size;

		if (git_odb_read_header(&size, &type, hist_odb(w), &at) < 0 ||
		    size > COMMIT_MAX ||
		    (type != GIT_OBJECT_COMMIT && type != GIT_OBJECT_TAG) ||
		    git_object_lookup(&obj, repo, &at, type) < 0)
			return -1;
		if (type == GIT_OBJECT_COMMIT) {
			r->commit = at;
			r->ctime = git_commit_time((git_commit *)obj);
			if (!dated)
				r->time = r->ctime;
			git_object_free(obj);
			return 0;
		}
		if (!hops && git_tag_tagger((git_tag *)obj)) {
			r->time = git_tag_tagger((git_tag *)obj)->when.time;
			dated = true;
		}
		at = *git_tag_target_id((git_tag *)obj);
		git_object_free(obj);
	}
	return -1;
}

/*
 * The same from the packs, without libgit2's object lookups: 1 when done,
 * 0 when libgit2 must say (an object not read here, a tag it would not
 * parse), -1 when it is no release (an object too large to read).  Tags
 * are followed to their commit, a few levels at most.
 */
/* A tag's object and tagger lines, kept as hist_keep() keeps a commit. */
static int keep_tag(struct walk *w, const git_oid *id, const char *data,
		    size_t len)
{
	const char *p = data, *end = data + len;
	int rc = 0;

	vigie_buf_clear(&w->reduced);
	while (p < end && *p != '\n' && rc == 0) {
		const char *e = hist_line_end(p, end);
		if (hist_starts(p, e, "object ") || hist_starts(p, e, "tagger "))
			rc = vigie_buf_add(&w->reduced, p, (size_t)(e - p) + 1);
		p = e < end ? e + 1 : end;
	}
	/* never mistaken for a commit's: a tag's text starts "object " */
	if (rc < 0 || w->reduced.len < 7 ||
	    memcmp(w->reduced.ptr, "object ", 7))
		return rc < 0 ? -1 : 0;
	return vigie_kept_add(w->kept, id->id, w->reduced.ptr,
				      w->reduced.len);
}

/* A commit or tag from the packs, or as an earlier audit kept it. */
static enum vigie_pack_read read_object(struct walk *w, const git_oid *id,
					git_object_t *type, char **data,
					size_t *len)
{
	enum vigie_pack_read rc;
	const char *kept;

	if (w->kept && vigie_kept_get(w->kept, id->id, &kept, len) &&
	    vigie_packs_has(w->packs, id)) {
		if (!(*data = malloc(*len + 1)))
			return VIGIE_PACK_NOMEM;
		memcpy(*data, kept, *len);
		(*data)[*len] = '\0';
		*type = *len >= 7 && !memcmp(kept, "object ", 7)
				? GIT_OBJECT_TAG : GIT_OBJECT_COMMIT;
		return VIGIE_PACK_READ;
	}
	rc = vigie_packs_read(w->packs, id, COMMIT_MAX, type, data, len);
	if (rc == VIGIE_PACK_OTHER) /* a tag made since the last repack */
		rc = vigie_loose_read(w->loose, id->id, COMMIT_MAX, type, data,
				      len);
	if (rc == VIGIE_PACK_READ && *type != GIT_OBJECT_COMMIT &&
	    *type != GIT_OBJECT_TAG) {
		free(*data);
		*data = NULL;
		return VIGIE_PACK_SKIPPED;
	}
	if (rc == VIGIE_PACK_READ && w->kept &&
	    (*type == GIT_OBJECT_COMMIT ? hist_keep(w, id, *data, *len)
	     : *type == GIT_OBJECT_TAG ? keep_tag(w, id, *data, *len) : 0) < 0) {
		free(*data);
		*data = NULL;
		return VIGIE_PACK_NOMEM;
	}
	return rc;
}

static int pack_release(struct release *r, struct walk *w, const git_oid *id)
{
	git_oid at = *id;
	bool dated = false;
	int hops;

	for (hops = 0; hops < 4; hops++) {
		git_object_t type;
		char *data;
		size_t len;
		const char *p, *end;
		bool found = false, bad = false;

		switch (read_object(w, &at, &type, &data, &len)) {
		case VIGIE_PACK_READ:
			break;
		case VIGIE_PACK_TOO_BIG:
			return -1;
		default:
			return 0;
		}
		if (type == GIT_OBJECT_COMMIT) {
			int64_t t = hist_commit_time(data, len);
			free(data);
			if (!t)
				return 0;
			r->commit = at;
			r->ctime = t;
			if (!dated)
				r->time = t;
			return 1;
		}
		/* "object ID", "type T", "tag NAME", "tagger WHO TIME TZ" */
		end = data + len;
		for (p = data; p < end && *p != '\n';) {
			const char *e = hist_line_end(p, end);
			if (hist_starts(p, e, "object ") && e - p >= 7 + GIT_OID_HEXSZ &&
			    git_oid_fromstrn(&at, p + 7, GIT_OID_HEXSZ) == 0) {
				found = true;
			} else if (!hops && hist_starts(p, e, "tagger ")) {
				/* The outermost tag's date is the release's. */
				struct sig t = hist_parse_sig(p + 7, e);
				bad = !t.ok;
				r->time = t.time;
				dated = true;
			}
			p = e < end ? e + 1 : end;
		}
		free(data);
		if (!found || bad)
			return 0;
	}
	return 0;
}

/*
 * Keep, of the releases v (sorted by date), those of the pinned commit's
 * history.  The walk of the window met the recent ones; it walks on until
 * it meets the newest release of that history, so that the last release's
 * age is exact.  A release older than where the walk stopped is taken as
 * part of the history, as on a linear one, rather than walking it all.
 */
static void keep_reachable(struct walk *w, struct release *v, size_t *n)
{
	bool shallow = w->shallow, blocked;
	uint64_t oversized = w->oversized, missing = w->missing;
	size_t i, k, found = *n;

	for (i = *n; i-- > 0;) {
		bool met = reach(w, &v[i].commit, v[i].ctime);
		/*
		 * A walk that ran out with paths cut (a commit too large to
		 * read, a shallow boundary) cannot tell: the tag counts.
		 */
		blocked = w->oversized || w->missing;
		if (met || (!w->heap.n && blocked)) {
			found = i;
			break;
		}
		v[i].time = INT64_MIN; /* not of this history */
	}
	blocked = w->oversized || w->missing;
	for (i = k = 0; i < *n; i++) {
		if (v[i].time == INT64_MIN)
			continue;
		if (i < found && !hist_oidset_has(&w->seen, &v[i].commit) &&
		    (w->heap.n ? v[i].ctime >= w->heap.v[0].time : !blocked))
			continue; /* the walk went past its date: a side branch */
		v[k++] = v[i];
	}
	*n = k;
	/* Only the window's walk speaks of the history's shape. */
	w->shallow = shallow;
	w->oversized = oversized;
	w->missing = missing;
}

/* The releases found so far. */
struct releases {
	struct walk *w;
	struct release *v;
	size_t n, cap, seen;
};

/* Tag name (refs/tags/...) on id (NULL: a symbolic ref): a release? */
static int add_release(const char *name, const git_oid *id, void *arg)
{
	struct releases *a = arg;
	struct walk *w = a->w;
	struct release r;
	bool ok;

	if (a->seen >= TAGS_MAX)
		return 0;
	a->seen++;
	ok = release_like(name + strlen("refs/tags/"));
	if (ok) {
		int got = id ? pack_release(&r, w, id) : 0;
		ok = got > 0 || (!got && id && tag_release(&r, w, id) == 0);
	}
	/*
	 * Dated after the anchor, a tag is no release of then; but the tag
	 * being audited or pushed, on the pinned commit, is nearly always
	 * made after its commit, and it counts (when the commit itself is
	 * not after the anchor).
	 */
	if (ok && (r.time <= w->t0 ||
		   (!git_oid_cmp(&r.commit, w->start) && r.ctime <= w->t0))) {
		if (vigie_grow(&a->v, &a->cap, a->n + 1, 64) < 0)
			return -1;
		a->v[a->n++] = r;
	}
	return 0;
}

/*
 * A release newer than the newest of the pinned commit's history, on a
 * branch that meets it: a release or maintenance branch (KDE's
 * release/26.08, iD's release, a 1.x line) whose tags the default branch
 * never merges.  They are the project's releases all the same, though not
 * of this commit's history: "side" {last_days} says the newest, read
 * within SIDE_BUDGET commits (from every candidate, newest first), and
 * only when it is recent enough to change a grade (SIDE_DAYS).
 */
#define SIDE_BUDGET 2000
#define SIDE_DAYS 730

static void side_release(struct walk *w, json_t *out, const struct release *all,
			 size_t nall, int64_t newest)
{
	size_t budget = SIDE_BUDGET, i;

	for (i = nall; out && i-- > 0 && budget > 0;) {
		int rc;
		int64_t d;
		if (all[i].time <= newest || all[i].time < w->t0 - SIDE_DAYS * DAY)
			break;
		rc = hist_meets(w, &all[i].commit, &budget);
		if (rc < 0) {
			vigie_nomem_mark(); /* not "no side release" */
			return;
		}
		if (!rc)
			continue;
		d = w->t0 - all[i].time;
		d = d > 0 ? d / DAY : 0;
		json_object_set_new(out, "side",
				    json_pack("{s:I, s:I}", "last_days",
					      (json_int_t)d, "last_days_now",
					      (json_int_t)d));
		return;
	}
}

json_t *hist_releases(struct walk *w)
{
	const char *common = vigie_source_commondir(
		vigie_snapshot_source(w->ctx->snap));
	struct vigie_refs *refs = NULL;
	struct releases a = { w, NULL, 0, 0, 0 };
	struct release *v, *all;
	size_t nall;
	size_t n, i, k;
	json_t *out = NULL;
	int rc;

	/* the tags from git's files (a repository in memory has none) ... */
	rc = common ? vigie_refs_open(&refs, common) : 0;
	if (rc == 0 && refs)
		rc = vigie_refs_tags(refs, add_release, &a);
	vigie_refs_free(refs);
	if (rc == 0) {
		/* ... or from libgit2, when they hold what that reader does not read */
		git_reference_iterator *it = NULL;
		git_reference *ref = NULL;

		if (!hist_git(w) ||
		    git_reference_iterator_glob_new(&it, hist_git(w),
						    "refs/tags/*") < 0)
			return NULL;
		while (rc == 0 && a.seen < TAGS_MAX &&
		       git_reference_next(&ref, it) == 0) {
			rc = add_release(git_reference_name(ref),
					 git_reference_target(ref), &a);
			git_reference_free(ref);
		}
		git_reference_iterator_free(it);
	}
	if (rc < 0) {
		/* no release is left out unsaid */
		vigie_nomem_mark();
		free(a.v);
		return NULL;
	}
	v = a.v;
	n = a.n;
	/* Several tags on one commit are one release, at the earliest date. */
	if (n)
		qsort(v, n, sizeof(*v), cmp_release_commit);
	for (i = k = 0; i < n; i++)
		if (!k || git_oid_cmp(&v[k - 1].commit, &v[i].commit))
			v[k++] = v[i];
	n = k;
	if (n)
		qsort(v, n, sizeof(*v), cmp_release_time);
	all = n ? malloc(n * sizeof(*all)) : NULL;
	if (n && !all) {
		vigie_nomem_mark();
		free(v);
		return NULL;
	}
	if (n)
		memcpy(all, v, n * sizeof(*all));
	nall = n;
	keep_reachable(w, v, &n);
	out = json_pack("{s:I}", "total", (json_int_t)n);
	for (i = k = 0; i < n; i++)
		k += v[i].time >= w->edge;
	json_object_set_new(out, "count", json_integer((json_int_t)k));
	if (n) {
		int64_t d = w->t0 - v[n - 1].time;
		/* last_days_now: the same, under the name it had before as_of. */
		d = d > 0 ? d / DAY : 0;
		json_object_set_new(out, "last_days", json_integer((json_int_t)d));
		json_object_set_new(out, "last_days_now",
				    json_integer((json_int_t)d));
	}
	if (k >= 2) {
		/* The in-window releases are the last k of the sorted list. */
		int64_t *gaps = malloc((k - 1) * sizeof(*gaps));
		double med;
		if (gaps) {
			for (i = 0; i + 1 < k; i++)
				gaps[i] = v[n - k + i + 1].time - v[n - k + i].time;
			qsort(gaps, k - 1, sizeof(*gaps), cmp_i64);
			med = (k - 1) % 2 ? (double)gaps[(k - 1) / 2]
					  : ((double)gaps[(k - 1) / 2 - 1] +
					     (double)gaps[(k - 1) / 2]) / 2;
			json_object_set_new(out, "median_interval_days",
					    json_real(hist_round_to(med / DAY, 0.1)));
			free(gaps);
		} else {
			vigie_nomem_mark(); /* not "no interval" */
		}
	}
	side_release(w, out, all, nall, n ? v[n - 1].time : INT64_MIN);
	free(all);
	free(v);
	return out;
}
