/* SPDX-License-Identifier: EUPL-1.2 */
/* The history collector: who kept the commons alive over a window of time. */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <git2.h>

#include "vigie/date.h"
#include "vigie/buf.h"
#include "vigie/facts.h"
#include "vigie/i18n.h"
#include "../snapshot/internal.h"
#include "commits.h"
#include "history.h"
#include "identity.h"
#include "json.h"
#include "grow.h"
#include "strmap.h"
#include "banned.h"

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

/* ---- small containers ---------------------------------------------------- */

/* The commits already queued, by id. */
struct oidset {
	git_oid *ids;
	unsigned char *used;
	size_t nslots, count;
};

static int oidset_grow(struct oidset *set)
{
	size_t n = set->nslots ? set->nslots * 2 : 4096, i;
	git_oid *ids = malloc(n * sizeof(*ids));
	unsigned char *used = calloc(n, 1);

	if (!ids || !used) {
		free(ids);
		free(used);
		return vigie_nomem_mark();
	}
	for (i = 0; i < set->nslots; i++) {
		size_t s;
		uint64_t h;
		if (!set->used[i])
			continue;
		memcpy(&h, set->ids[i].id, sizeof(h));
		s = h & (n - 1);
		while (used[s])
			s = (s + 1) & (n - 1);
		ids[s] = set->ids[i];
		used[s] = 1;
	}
	free(set->ids);
	free(set->used);
	set->ids = ids;
	set->used = used;
	set->nslots = n;
	return 0;
}

/* 1 when id was added, 0 when already there, -1 out of memory. */
static int oidset_add(struct oidset *set, const git_oid *id)
{
	uint64_t h;
	size_t s;

	if ((set->count + 1) * 2 > set->nslots && oidset_grow(set) < 0)
		return -1;
	/* Object ids are hashes already: their first bytes spread well. */
	memcpy(&h, id->id, sizeof(h));
	s = h & (set->nslots - 1);
	while (set->used[s]) {
		if (!git_oid_cmp(&set->ids[s], id))
			return 0;
		s = (s + 1) & (set->nslots - 1);
	}
	set->ids[s] = *id;
	set->used[s] = 1;
	set->count++;
	return 1;
}

static bool oidset_has(const struct oidset *set, const git_oid *id)
{
	uint64_t h;
	size_t s;

	if (!set->nslots)
		return false;
	memcpy(&h, id->id, sizeof(h));
	s = h & (set->nslots - 1);
	while (set->used[s]) {
		if (!git_oid_cmp(&set->ids[s], id))
			return true;
		s = (s + 1) & (set->nslots - 1);
	}
	return false;
}

/* The walk's frontier: a max-heap of commits by committer date. */
struct entry {
	int64_t time;
	const char *data;
	size_t len;
	git_odb_object *obj; /* holds data; NULL when data is malloc'd */
};

static void entry_free(struct entry *e)
{
	if (e->obj)
		git_odb_object_free(e->obj);
	else
		free((char *)e->data);
}

struct heap {
	struct entry *v;
	size_t n, cap;
};

static int heap_push(struct heap *h, struct entry e)
{
	size_t i;

	if (vigie_grow(&h->v, &h->cap, h->n + 1, 256) < 0)
		return vigie_nomem_mark();
	i = h->n++;
	while (i && h->v[(i - 1) / 2].time < e.time) {
		h->v[i] = h->v[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->v[i] = e;
	return 0;
}

static struct entry heap_pop(struct heap *h)
{
	struct entry top = h->v[0], last = h->v[--h->n];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->v[c + 1].time > h->v[c].time)
			c++;
		if (h->v[c].time <= last.time)
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n)
		h->v[i] = last;
	return top;
}

/* ---- commit objects ------------------------------------------------------ */

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

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

static bool starts(const char *p, const char *end, const char *prefix)
{
	size_t n = strlen(prefix);

	return (size_t)(end - p) >= n && !memcmp(p, prefix, n);
}

/* "Name <email> 1700000000 +0100" */
static struct sig parse_sig(const char *p, const char *end)
{
	struct sig s = { 0 };
	const char *lt = memchr(p, '<', (size_t)(end - p)), *gt, *q;
	int64_t t = 0;

	if (!lt)
		return s;
	gt = memchr(lt, '>', (size_t)(end - lt));
	if (!gt)
		return s;
	s.name = p;
	s.name_len = (size_t)(lt - p);
	while (s.name_len && s.name[s.name_len - 1] == ' ')
		s.name_len--;
	s.email = lt + 1;
	s.email_len = (size_t)(gt - lt - 1);
	for (q = gt + 1; q < end && *q == ' '; q++)
		;
	if (q == end || !isdigit((unsigned char)*q))
		return s;
	for (; q < end && isdigit((unsigned char)*q); q++) {
		if (t > (INT64_MAX - 9) / 10)
			return s;
		t = t * 10 + (*q - '0');
	}
	s.time = t;
	s.ok = true;
	return s;
}

static bool blank(const char *p, const char *e)
{
	for (; p < e; p++)
		if (!isspace((unsigned char)*p))
			return false;
	return true;
}

/*
 * A Signed-off-by trailer: a line of the message's last paragraph, which is
 * not its first (the title is never a trailer).
 */
static bool has_signoff(const char *p, const char *end)
{
	const char *last = NULL, *para = NULL;
	bool in_para = false;
	int paras = 0;

	while (p < end) {
		const char *e = line_end(p, end);
		if (blank(p, e)) {
			in_para = false;
		} else if (!in_para) {
			in_para = true;
			para = p;
			paras++;
		}
		p = e < end ? e + 1 : end;
	}
	if (paras < 2)
		return false;
	for (last = para; last < end;) {
		const char *e = line_end(last, end);
		if (e - last >= 14 && !strncasecmp(last, "signed-off-by:", 14))
			return true;
		last = e < end ? e + 1 : end;
	}
	return false;
}

/* The headers, and the message's trailers when with_message. */
static void parse_commit(struct commit *c, const char *data, size_t len,
			 bool with_message)
{
	const char *p = data, *end = data + len;

	memset(c, 0, sizeof(*c));
	c->data = data;
	c->len = len;
	while (p < end && *p != '\n') {
		const char *e = line_end(p, end);
		if (starts(p, e, "parent ")) {
			if (!c->parents)
				c->parents = p;
			c->nparents++;
		} else if (starts(p, e, "author ")) {
			c->author = parse_sig(p + 7, e);
		} else if (starts(p, e, "committer ")) {
			c->committer = parse_sig(p + 10, e);
		} else if (starts(p, e, "gpgsig ") ||
			   starts(p, e, "gpgsig-sha256 ")) {
			c->gpgsig = true;
		}
		p = e < end ? e + 1 : end;
	}
	if (with_message && p < end) {
		const char *m = p + 1;
		/* The title: the first line that is not blank. */
		while (m < end && (*m == '\n' || *m == ' '))
			m++;
		if (m < end) {
			const char *nl = memchr(m, '\n', (size_t)(end - m));
			c->title = m;
			c->title_len = nl ? (size_t)(nl - m) : (size_t)(end - m);
		}
		c->signoff = has_signoff(p + 1, end);
	}
}

/* The committer date alone, to place a commit in the frontier. */
static int64_t commit_time(const char *data, size_t len)
{
	const char *p = data, *end = data + len;

	while (p < end && *p != '\n') {
		const char *e = line_end(p, end);
		if (starts(p, e, "committer "))
			return parse_sig(p + 10, e).time;
		p = e < end ? e + 1 : end;
	}
	return 0;
}

/* ---- the walk ------------------------------------------------------------ */

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
	git_odb *odb;
	struct vigie_packs *packs;
	struct vigie_commit_cache *kept; /* commits read by earlier audits */
	struct vigie_buf reduced;        /* scratch for what is kept */
	git_mailmap *mailmap;
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
	int slop;
	int lookback_days;
	int oom;
};

static void copy_field(char *out, const char *s, size_t n)
{
	if (n >= FIELD_MAX)
		n = FIELD_MAX - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

static void lower_key(char *key, size_t n, const char *name, const char *email)
{
	size_t i = 0;
	const char *s = email;

	if (!*email) {
		/* No address: the name is all there is to tell people apart. */
		const char prefix[] = "name:";
		memcpy(key, prefix, sizeof(prefix) - 1);
		i = sizeof(prefix) - 1;
		s = name;
	}
	for (; *s && i + 1 < n; s++)
		key[i++] = (char)tolower((unsigned char)*s);
	key[i] = '\0';
}

static bool grow(void **v, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 64;
	void *p;

	if (need < *cap)
		return true;
	while (c <= need)
		c *= 2;
	p = realloc(*v, c * size);
	if (!p)
		return false;
	*v = p;
	*cap = c;
	return true;
}

/* The person a mailmapped name and address stand for; -1 out of memory. */
static long person_get(struct walk *w, const char *name, const char *email)
{
	char key[FIELD_MAX + 8];
	struct person *p;
	bool added;
	long i;

	lower_key(key, sizeof(key), name, email);
	i = vigie_strmap_index(&w->people_keys, key, &added);
	if (i < 0 || !added)
		return i;
	if (!grow((void **)&w->people, &w->people_cap, (size_t)i,
		  sizeof(*w->people)))
		return -1;
	p = &w->people[i];
	memset(p, 0, sizeof(*p));
	w->npeople = (size_t)i + 1;
	p->org = -1;
	p->kind = vigie_identity_kind(name, email);
	p->name = strdup(name);
	p->email = strdup(email);
	return p->name && p->email ? i : -1;
}

/* The person behind a signature as written, through .mailmap. */
static long ident(struct walk *w, const struct sig *s)
{
	char raw[2 * FIELD_MAX + 2], name[FIELD_MAX], email[FIELD_MAX];
	const char *rn = name, *re = email;
	size_t ne, nn;
	bool added;
	long i, p;

	/* out of memory before: the tables may hold keys without a person */
	if (w->oom)
		return -1;
	ne = s->email_len < FIELD_MAX - 1 ? s->email_len : FIELD_MAX - 1;
	nn = s->name_len < FIELD_MAX - 1 ? s->name_len : FIELD_MAX - 1;
	memcpy(raw, s->email ? s->email : "", ne);
	raw[ne] = '\1';
	memcpy(raw + ne + 1, s->name ? s->name : "", nn);
	raw[ne + 1 + nn] = '\0';
	i = vigie_strmap_index(&w->raw_keys, raw, &added);
	if (i < 0)
		goto oom;
	if (!added)
		return w->raw_person[i];
	if (!grow((void **)&w->raw_person, &w->raw_cap, (size_t)i,
		  sizeof(*w->raw_person)))
		goto oom;
	copy_field(name, s->name ? s->name : "", s->name_len);
	copy_field(email, s->email ? s->email : "", s->email_len);
	if (w->mailmap && git_mailmap_resolve(&rn, &re, w->mailmap, name, email) < 0) {
		rn = name;
		re = email;
	}
	p = person_get(w, rn, re);
	w->raw_person[i] = p;
	if (p >= 0)
		return p;
oom:
	w->oom = 1;
	return -1;
}

static long org_get(struct walk *w, const char *email)
{
	char domain[256], key[300];
	enum vigie_identity_org kind =
		vigie_identity_org(domain, sizeof(domain), email);
	bool added;
	long i;

	/* An individual is an organisation of one, keyed "@" + its address. */
	if (kind == VIGIE_IDENTITY_SELF) {
		key[0] = '@';
		lower_key(key + 1, sizeof(key) - 1, "", email);
	}
	i = vigie_strmap_index(&w->org_keys, kind == VIGIE_IDENTITY_SELF ? key : domain,
		      &added);
	if (i < 0 || !added)
		return i;
	if (!grow((void **)&w->orgs, &w->orgs_cap, (size_t)i, sizeof(*w->orgs)))
		return -1;
	memset(&w->orgs[i], 0, sizeof(w->orgs[i]));
	w->orgs[i].self = kind == VIGIE_IDENTITY_SELF;
	return i;
}

static void count_window(struct walk *w, const struct commit *c, int64_t t)
{
	long a = ident(w, &c->author), k = ident(w, &c->committer);
	struct person *p;

	if (a < 0 || k < 0)
		return;
	p = &w->people[a];
	if (p->kind == VIGIE_IDENTITY_TRANSLATION ||
	    w->people[k].kind == VIGIE_IDENTITY_TRANSLATION ||
	    (c->title &&
	     vigie_identity_translation_title(c->title, c->title_len))) {
		/* Translators' work through a platform: kept apart, not dropped. */
		w->translation_commits++;
		if (p->kind == VIGIE_IDENTITY_PERSON)
			p->translations++;
		return;
	}
	if (p->kind == VIGIE_IDENTITY_BOT) {
		bool added;
		w->bot_commits++;
		if (w->bot_keys.count < BOT_NAMES_MAX &&
		    vigie_strmap_index(&w->bot_keys, p->name, &added) < 0)
			w->oom = 1;
		return;
	}
	w->commits++;
	if (p->org < 0 && (p->org = org_get(w, p->email)) < 0) {
		w->oom = 1;
		return;
	}
	if (!p->commits++) {
		w->orgs[p->org].authors++;
		w->pending += !p->before;
	}
	w->orgs[p->org].commits++;
	if (t >= w->active_edge)
		p->active = true;
	if (!w->have_newest || t > w->newest)
		w->newest = t;
	w->have_newest = true;
	if (c->nparents >= 2)
		w->merges++;
	w->gpgsigned += c->gpgsig;
	/* A merge certifies nothing new: the DCO is about contributions. */
	if (c->nparents < 2)
		w->signoffs += c->signoff;
	if (w->people[k].kind == VIGIE_IDENTITY_PERSON)
		w->people[k].committer = true;
}

static void note_before(struct walk *w, const struct commit *c)
{
	long a = ident(w, &c->author);

	if (a >= 0 && !w->people[a].before) {
		w->people[a].before = true;
		if (w->people[a].commits)
			w->pending--;
	}
}

/*
 * What the walk reads of a commit, kept for the next audit: the parent,
 * author and committer lines as they are, a gpgsig line when signed, and
 * of the message its title and a Signed-off-by trailer when it has one.
 * parse_commit() reads the same from it as from the commit.
 */
static int keep(struct walk *w, const git_oid *id, const char *data,
		size_t len)
{
	struct vigie_buf *b = &w->reduced;
	const char *p = data, *end = data + len;
	struct commit c;
	int rc = 0;

	parse_commit(&c, data, len, true);
	vigie_buf_clear(b);
	while (p < end && *p != '\n' && rc == 0) {
		const char *e = line_end(p, end);
		if (starts(p, e, "parent ") || starts(p, e, "author ") ||
		    starts(p, e, "committer "))
			rc = vigie_buf_add(b, p, (size_t)(e - p) + 1);
		p = e < end ? e + 1 : end;
	}
	if (rc == 0 && c.gpgsig)
		rc = vigie_buf_puts(b, "gpgsig -\n");
	if (rc == 0)
		rc = vigie_buf_putc(b, '\n');
	if (rc == 0 && c.title && (rc = vigie_buf_add(b, c.title, c.title_len)) == 0)
		rc = vigie_buf_putc(b, '\n');
	if (rc == 0 && c.signoff)
		rc = vigie_buf_puts(b, "\nSigned-off-by: -\n");
	if (rc < 0)
		return -1;
	return vigie_commit_cache_add(w->kept, id->id, b->ptr, b->len);
}

/* Read a commit and queue it; a missing object is the shallow boundary. */
static int queue(struct walk *w, const git_oid *id)
{
	git_object_t type;
	size_t size;
	struct entry e = { 0 };
	char *data;
	int rc = oidset_add(&w->seen, id);
	const char *kept;

	if (rc <= 0)
		return rc;
	/*
	 * A commit an earlier audit read, if the repository still holds it
	 * (a clone made shallow again ends the walk where it did).
	 */
	if (w->kept && vigie_commit_cache_get(w->kept, id->id, &kept, &e.len) &&
	    (vigie_packs_has(w->packs, id) || git_odb_exists(w->odb, id))) {
		if (!(data = malloc(e.len + 1))) {
			w->oom = 1;
			return -1;
		}
		memcpy(data, kept, e.len);
		data[e.len] = '\0';
		e.data = data;
		goto push;
	}
	/* Most commits of a cloned repository: straight from its packs. */
	switch (vigie_packs_read(w->packs, id, COMMIT_MAX, &type, &data,
				 &e.len)) {
	case VIGIE_PACK_READ:
		if (type != GIT_OBJECT_COMMIT) {
			free(data);
			return 0;
		}
		e.data = data;
		goto read;
	case VIGIE_PACK_SKIPPED:
		return 0;
	case VIGIE_PACK_TOO_BIG:
		w->oversized++;
		return 0;
	case VIGIE_PACK_NOMEM:
		w->oom = 1;
		return -1;
	case VIGIE_PACK_OTHER:
		break;
	}
	/*
	 * The object's size first: a commit deflated from gigabytes of zeros
	 * must not be inflated.  Such a commit ends the walk on its path.
	 */
	rc = git_odb_read_header(&size, &type, w->odb, id);
	if (rc == GIT_ENOTFOUND) {
		w->shallow = true;
		w->missing++;
		return 0;
	}
	if (rc < 0)
		return -1;
	if (type != GIT_OBJECT_COMMIT)
		return 0;
	if (size > COMMIT_MAX) {
		w->oversized++;
		return 0;
	}
	if (git_odb_read(&e.obj, w->odb, id) < 0)
		return -1;
	if (git_odb_object_type(e.obj) != GIT_OBJECT_COMMIT) {
		git_odb_object_free(e.obj);
		return 0;
	}
	e.data = git_odb_object_data(e.obj);
	e.len = git_odb_object_size(e.obj);
read:
	if (w->kept && keep(w, id, e.data, e.len) < 0) {
		entry_free(&e);
		w->oom = 1;
		return -1;
	}
push:
	e.time = commit_time(e.data, e.len);
	if (heap_push(&w->heap, e) < 0) {
		entry_free(&e);
		return -1;
	}
	return 0;
}

static int queue_parents(struct walk *w, const struct commit *c, int64_t t)
{
	const char *p = c->parents, *end = c->data + c->len;
	uint64_t missing = w->missing;
	git_oid id;

	while (p && p < end && starts(p, end, "parent ")) {
		const char *e = line_end(p, end);
		if (e - p >= 7 + GIT_OID_HEXSZ &&
		    git_oid_fromstrn(&id, p + 7, GIT_OID_HEXSZ) == 0 &&
		    queue(w, &id) < 0)
			return -1;
		p = e < end ? e + 1 : end;
	}
	if (w->missing != missing) {
		/* A parent missing: a shallow clone's boundary is here. */
		if (!w->have_cut || t > w->cut)
			w->cut = t;
		w->have_cut = true;
	}
	return 0;
}

/*
 * Newest first by committer date, from the pinned commit, down to the
 * look-back floor: commits from the edge on are counted, older ones only
 * tell who had contributed before.  Past the floor the walk goes on for
 * SLOP commits, so that ancestors behind a wrongly dated commit still count.
 */
static int walk_history(struct walk *w, const git_oid *start,
			struct vigie_error *err)
{
	int rc = 0;

	w->slop = SLOP;
	if (queue(w, start) < 0)
		goto fail;
	while (w->heap.n && !w->oom) {
		struct entry e = heap_pop(&w->heap);
		struct commit c;

		if (w->walked++ == MAX_WALK) {
			entry_free(&e);
			w->truncated = true;
			break;
		}
		if (e.time < w->floor) {
			w->beyond_floor = true;
			if (!w->slop) {
				/*
				 * Back on the frontier, whole: the release
				 * facts may walk on from here.
				 */
				if (heap_push(&w->heap, e) < 0)
					entry_free(&e);
				break;
			}
			w->slop--;
		} else {
			w->slop = SLOP;
		}
		parse_commit(&c, e.data, e.len, e.time >= w->edge);
		if (e.time > w->t0)
			/* Past the window's end: a wrong clock, a rebase. */
			w->later++;
		else if (e.time >= w->edge)
			count_window(w, &c, e.time);
		else if (e.time >= w->floor)
			note_before(w, &c);
		/*
		 * Every author of the window seen before it: the rest of the
		 * look-back cannot change a thing.  It ends here, SLOP included.
		 */
		if (e.time < w->edge && !w->pending && e.time > w->floor)
			w->floor = e.time;
		rc = queue_parents(w, &c, e.time);
		entry_free(&e);
		if (rc < 0)
			goto fail;
	}
	if (w->oom)
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	return 0;
fail:
	/* a commit that could not be held for want of memory */
	if (w->oom)
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	return vigie_error_set(err, VIGIE_EINVALID, vigie_snapshot_commit(w->ctx->snap),
			       "cannot walk the history: %s",
			       git_error_last() ? git_error_last()->message
						: "out of memory");
}

/* ---- releases ------------------------------------------------------------ */

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

	while (!oidset_has(&w->seen, id) && w->heap.n && !w->oom) {
		struct entry e;
		struct commit c;

		if (w->heap.v[0].time < ctime && !slop--)
			break;
		if (w->walked++ >= MAX_WALK)
			break;
		e = heap_pop(&w->heap);
		parse_commit(&c, e.data, e.len, false);
		if (queue_parents(w, &c, e.time) < 0)
			w->oom = 1;
		entry_free(&e);
	}
	return oidset_has(&w->seen, id);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static double round_to(double v, double unit)
{
	return round(v / unit) * unit;
}

/*
 * The release date: the tagger's for an annotated tag, else the commit's.
 * Tags are followed to their commit, a few levels at most; an object too
 * large to read (a zip bomb's output) makes it no release.
 */
static int tag_release(struct release *r, struct walk *w, git_repository *repo,
		       git_reference *ref)
{
	const git_oid *id = git_reference_target(ref);
	git_oid at;
	bool dated = false;
	int hops;

	if (!id)
		return -1;
	at = *id;
	for (hops = 0; hops < 4; hops++) {
		git_object *obj;
		git_object_t type;
		size_t size;

		if (git_odb_read_header(&size, &type, w->odb, &at) < 0 ||
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
/* A tag's object and tagger lines, kept as keep() keeps a commit. */
static int keep_tag(struct walk *w, const git_oid *id, const char *data,
		    size_t len)
{
	const char *p = data, *end = data + len;
	int rc = 0;

	vigie_buf_clear(&w->reduced);
	while (p < end && *p != '\n' && rc == 0) {
		const char *e = line_end(p, end);
		if (starts(p, e, "object ") || starts(p, e, "tagger "))
			rc = vigie_buf_add(&w->reduced, p, (size_t)(e - p) + 1);
		p = e < end ? e + 1 : end;
	}
	/* never mistaken for a commit's: a tag's text starts "object " */
	if (rc < 0 || w->reduced.len < 7 ||
	    memcmp(w->reduced.ptr, "object ", 7))
		return rc < 0 ? -1 : 0;
	return vigie_commit_cache_add(w->kept, id->id, w->reduced.ptr,
				      w->reduced.len);
}

/* A commit or tag from the packs, or as an earlier audit kept it. */
static enum vigie_pack_read read_object(struct walk *w, const git_oid *id,
					git_object_t *type, char **data,
					size_t *len)
{
	enum vigie_pack_read rc;
	const char *kept;

	if (w->kept && vigie_commit_cache_get(w->kept, id->id, &kept, len) &&
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
	if (rc == VIGIE_PACK_READ && w->kept &&
	    (*type == GIT_OBJECT_COMMIT ? keep(w, id, *data, *len)
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
			int64_t t = commit_time(data, len);
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
			const char *e = line_end(p, end);
			if (starts(p, e, "object ") && e - p >= 7 + GIT_OID_HEXSZ &&
			    git_oid_fromstrn(&at, p + 7, GIT_OID_HEXSZ) == 0) {
				found = true;
			} else if (!hops && starts(p, e, "tagger ")) {
				/* The outermost tag's date is the release's. */
				struct sig t = parse_sig(p + 7, e);
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
		if (i < found && !oidset_has(&w->seen, &v[i].commit) &&
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

static json_t *releases(struct walk *w, git_repository *repo)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	struct release *v = NULL;
	size_t n = 0, cap = 0, i, k, seen = 0;
	json_t *out = NULL;

	if (git_reference_iterator_glob_new(&it, repo, "refs/tags/*") < 0)
		return NULL;
	while (seen < TAGS_MAX && git_reference_next(&ref, it) == 0) {
		const git_oid *id = git_reference_target(ref);
		struct release r;
		bool ok;

		seen++;
		ok = release_like(git_reference_name(ref) + strlen("refs/tags/"));
		if (ok) {
			int got = id ? pack_release(&r, w, id) : 0;
			ok = got > 0 || (!got && tag_release(&r, w, repo, ref) == 0);
		}
		/*
		 * Dated after the anchor, a tag is no release of then; but
		 * the tag being audited or pushed, on the pinned commit, is
		 * nearly always made after its commit, and it counts (when
		 * the commit itself is not after the anchor).
		 */
		if (ok && (r.time <= w->t0 ||
			   (!git_oid_cmp(&r.commit, w->start) && r.ctime <= w->t0))) {
			if (vigie_grow(&v, &cap, n + 1, 64) < 0) {
				/* no release is left out unsaid */
				vigie_nomem_mark();
				git_reference_free(ref);
				goto out;
			}
			v[n++] = r;
		}
		git_reference_free(ref);
	}
	/* Several tags on one commit are one release, at the earliest date. */
	if (n)
		qsort(v, n, sizeof(*v), cmp_release_commit);
	for (i = k = 0; i < n; i++)
		if (!k || git_oid_cmp(&v[k - 1].commit, &v[i].commit))
			v[k++] = v[i];
	n = k;
	if (n)
		qsort(v, n, sizeof(*v), cmp_release_time);
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
					    json_real(round_to(med / DAY, 0.1)));
			free(gaps);
		} else {
			vigie_nomem_mark(); /* not "no interval" */
		}
	}
out:
	free(v);
	git_reference_iterator_free(it);
	return out;
}

/* ---- the facts ----------------------------------------------------------- */

static int cmp_u32_desc(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x < y) - (x > y);
}

/* The fewest of the counts (sorted, largest first) making half the total. */
static json_int_t half_factor(const uint32_t *counts, size_t n, uint64_t total)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		sum += counts[i];
		if (2 * sum >= total)
			return (json_int_t)i + 1;
	}
	return (json_int_t)n;
}

static double share(uint64_t part, uint64_t whole)
{
	return round_to((double)part / (double)whole, 0.0001);
}

struct ranked {
	size_t index;
	uint32_t commits;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->commits != y->commits)
		return x->commits < y->commits ? 1 : -1;
	return (x->index > y->index) - (x->index < y->index);
}

static int org_facts(json_t *h, struct walk *w)
{
	struct ranked *r = malloc((w->org_keys.count + 1) * sizeof(*r));
	uint32_t *counts = malloc((w->org_keys.count + 1) * sizeof(*counts));
	json_t *domains = json_array();
	uint64_t self_commits = 0, self_authors = 0;
	size_t i, n = 0;

	if (!r || !counts || !domains) {
		free(r);
		free(counts);
		json_decref(domains);
		return -1;
	}
	for (i = 0; i < w->org_keys.count; i++) {
		if (!w->orgs[i].commits)
			continue;
		r[n].index = i;
		r[n].commits = w->orgs[i].commits;
		counts[n++] = w->orgs[i].commits;
		if (w->orgs[i].self) {
			self_commits += w->orgs[i].commits;
			self_authors += w->orgs[i].authors;
		}
	}
	qsort(r, n, sizeof(*r), cmp_ranked);
	qsort(counts, n, sizeof(*counts), cmp_u32_desc);
	json_object_set_new(h, "organisations", json_integer((json_int_t)n));
	if (w->commits) {
		const struct org *top = &w->orgs[r[0].index];
		json_object_set_new(h, "elephant_factor",
				    json_integer(half_factor(counts, n, w->commits)));
		json_object_set_new(h, "top_organisation_share",
				    json_real(share(top->commits, w->commits)));
		/* An individual is never shown by address: the name is absent. */
		if (!top->self)
			json_object_set_new(h, "top_organisation",
					    vigie_json_str(w->org_keys.keys[r[0].index]));
	}
	for (i = 0; i < n && json_array_size(domains) < DOMAINS_MAX; i++) {
		const struct org *o = &w->orgs[r[i].index];
		if (o->self)
			continue;
		json_array_append_new(domains, json_pack(
			"{s:o, s:I, s:I}", "domain",
			vigie_json_str(w->org_keys.keys[r[i].index]), "authors",
			(json_int_t)o->authors, "commits", (json_int_t)o->commits));
	}
	json_object_set_new(h, "domains", domains);
	json_object_set_new(h, "individuals",
			    json_pack("{s:I, s:I}", "authors",
				      (json_int_t)self_authors, "commits",
				      (json_int_t)self_commits));
	free(r);
	free(counts);
	return 0;
}

static int people_facts(json_t *h, struct walk *w)
{
	size_t np = w->npeople, i, n = 0;
	struct ranked *r = malloc((np + 1) * sizeof(*r));
	uint32_t *counts = malloc((np + 1) * sizeof(*counts));
	uint64_t committers = 0, newcomers = 0, active = 0, translators = 0;
	json_t *people;

	if (!r || !counts) {
		free(r);
		free(counts);
		return -1;
	}
	for (i = 0; i < np; i++) {
		const struct person *p = &w->people[i];
		committers += p->committer;
		translators += p->translations > 0;
		if (!p->commits)
			continue;
		newcomers += !p->before;
		active += p->active;
		r[n].index = i;
		r[n].commits = p->commits;
		counts[n++] = p->commits;
	}
	qsort(counts, n, sizeof(*counts), cmp_u32_desc);
	json_object_set_new(h, "authors", json_integer((json_int_t)n));
	json_object_set_new(h, "committers", json_integer((json_int_t)committers));
	if (w->lookback_days > 0)
		json_object_set_new(h, "newcomers",
				    json_integer((json_int_t)newcomers));
	json_object_set_new(h, "active_90d", json_integer((json_int_t)active));
	if (w->commits)
		json_object_set_new(h, "bus_factor",
				    json_integer(half_factor(counts, n, w->commits)));
	json_object_set_new(h, "translation",
			    json_pack("{s:I, s:I}", "commits",
				      (json_int_t)w->translation_commits,
				      "authors", (json_int_t)translators));
	if (w->ctx->opts->identities) {
		/* Only when asked: names and addresses are personal data. */
		qsort(r, n, sizeof(*r), cmp_ranked);
		people = json_array();
		for (i = 0; i < n && i < PEOPLE_MAX; i++) {
			const struct person *p = &w->people[r[i].index];
			json_array_append_new(people, json_pack(
				"{s:o, s:o, s:I, s:b}", "name",
				vigie_json_str(p->name), "email",
				vigie_json_str(p->email), "commits",
				(json_int_t)p->commits, "newcomer", !p->before));
		}
		json_object_set_new(h, "people", people);
	}
	free(r);
	free(counts);
	return 0;
}

/* "2026-01-01T00:00:00Z", a new reference. */
static json_t *iso_time(int64_t t)
{
	char date[VIGIE_DATE_MAX];

	vigie_date_format(date, t, VIGIE_DATE_ISO);
	return json_string(date);
}

static json_t *facts(struct walk *w, git_repository *repo)
{
	const struct vigie_collect_opts *o = w->ctx->opts;
	json_t *h = json_object(), *bots = json_array(), *rel;
	size_t i;

	if (!h || !bots)
		goto fail;
	json_object_set_new(h, "as_of", iso_time(w->t0));
	json_object_set_new(h, "as_of_source",
			    json_string(vigie_as_of_name(o->as_of)));
	json_object_set_new(h, "window_days", json_integer(o->window_days));
	json_object_set_new(h, "commits", json_integer((json_int_t)w->commits));
	if (people_facts(h, w) < 0 || org_facts(h, w) < 0)
		goto fail;
	if (w->lookback_days > 0) {
		/*
		 * Newcomers are "first commit ever" when the look-back reached
		 * the first commit, or when there are none (each author was
		 * seen before), else "none in the look-back before".
		 */
		json_object_set_new(h, "newcomers_exact", json_boolean(
			!w->truncated && (!w->pending ||
					  (!w->beyond_floor && !w->shallow))));
		json_object_set_new(h, "lookback_days",
				    json_integer(w->lookback_days));
	}
	for (i = 0; i < w->bot_keys.count; i++)
		json_array_append_new(bots, vigie_json_str(w->bot_keys.keys[i]));
	json_object_set_new(h, "bots", json_pack("{s:I, s:o}", "commits",
						 (json_int_t)w->bot_commits,
						 "names", bots));
	bots = NULL;
	if (w->have_newest) {
		int64_t d = w->t0 - w->newest;
		d = d > 0 ? d / DAY : 0;
		json_object_set_new(h, "last_commit_days",
				    json_integer((json_int_t)d));
		/* The same, under the name it had before as_of. */
		json_object_set_new(h, "last_commit_days_now",
				    json_integer((json_int_t)d));
	}
	if (w->later)
		json_object_set_new(h, "later_commits",
				    json_integer((json_int_t)w->later));
	if (w->commits) {
		json_object_set_new(h, "merge_share",
				    json_real(share(w->merges, w->commits)));
		json_object_set_new(h, "signed_share",
				    json_real(share(w->gpgsigned, w->commits)));
		if (w->commits > w->merges)
			json_object_set_new(h, "signoff_share", json_real(share(
				w->signoffs, w->commits - w->merges)));
	}
	rel = releases(w, repo);
	if (rel)
		json_object_set_new(h, "releases", rel);
	/* Commits read, the window's and those past its edges: the walk's cost. */
	json_object_set_new(h, "walked", json_integer((json_int_t)w->walked));
	if (w->shallow)
		json_object_set_new(h, "shallow", json_true());
	if (w->truncated)
		json_object_set_new(h, "truncated", json_true());
	if (w->oversized)
		json_object_set_new(h, "oversized_commits",
				    json_integer((json_int_t)w->oversized));
	return h;
fail:
	json_decref(h);
	json_decref(bots);
	return NULL;
}

static void walk_release(struct walk *w)
{
	size_t i;

	while (w->heap.n) {
		struct entry e = heap_pop(&w->heap);
		entry_free(&e);
	}
	free(w->heap.v);
	free(w->seen.ids);
	free(w->seen.used);
	for (i = 0; i < w->npeople; i++) {
		free(w->people[i].name);
		free(w->people[i].email);
	}
	free(w->people);
	free(w->orgs);
	free(w->raw_person);
	vigie_strmap_release(&w->raw_keys);
	vigie_strmap_release(&w->people_keys);
	vigie_strmap_release(&w->org_keys);
	vigie_strmap_release(&w->bot_keys);
	git_mailmap_free(w->mailmap);
	vigie_buf_release(&w->reduced);
	vigie_packs_free(w->packs);
	git_odb_free(w->odb);
}

/*
 * The .mailmap of the pinned tree, if any.  One that cannot be read (over
 * MAILMAP_MAX, a link out of the tree) or parsed is reported in the
 * problems: authors would be counted once per address, not per person.
 */
static void load_mailmap(struct walk *w)
{
	const struct vigie_entry *e =
		vigie_snapshot_find(w->ctx->snap, ".mailmap", false);
	struct vigie_buf text = VIGIE_BUF_INIT;
	struct vigie_error rerr;

	vigie_error_clear(&rerr);
	if (!e)
		return;
	if (vigie_snapshot_read(&text, w->ctx->snap, e, MAILMAP_MAX, NULL,
				&rerr) < 0) {
		vigie_facts_problem(w->ctx, "history", rerr.code, ".mailmap",
				    N_("the .mailmap is not used: %s"),
				    rerr.message);
	} else if (git_mailmap_from_buffer(&w->mailmap,
					   text.ptr ? text.ptr : "",
					   text.len) < 0) {
		w->mailmap = NULL;
		vigie_facts_problem(w->ctx, "history", VIGIE_EINVALID,
				    ".mailmap", N_("the .mailmap is not used: "
						   "it cannot be parsed"));
	}
	vigie_buf_release(&text);
}

/*
 * One history collection: prepared on the calling thread (the anchor, the
 * .mailmap, which may add problems), walked on this thread or another.
 */
struct vigie_history_job {
	struct walk w;
	git_repository *repo;  /* the walk's: the snapshot's, or own */
	git_repository *own;   /* a handle of the thread's own, or NULL */
	json_t *out;
	int rc;
	struct vigie_error err;
	double ms;             /* time spent walking */
	pthread_t thread;
	bool threaded;
	bool nomem;            /* the walk's thread was marked out of memory */
};

static int prepare(struct vigie_history_job *j,
		   const struct vigie_collect_ctx *ctx, bool own,
		   struct vigie_error *err)
{
	struct walk *w = &j->w;
	int64_t window = (int64_t)ctx->opts->window_days * DAY;
	bool skewed;

	w->ctx = ctx;
	j->repo = vigie_snapshot_git(ctx->snap);
	if (ctx->opts->window_days < 1)
		return vigie_error_set(err, VIGIE_EINVALID, "",
				       "the history window must be at least a day");
	/*
	 * libgit2's objects are not to be used by two threads at once: a
	 * walk beside the other collectors reads through a repository
	 * handle of its own.
	 */
	if (own) {
		if (git_repository_open_bare(&j->own,
					     git_repository_path(j->repo)) < 0)
			return vigie_error_set(err, VIGIE_EGENERIC, "",
					       "cannot open the repository again");
		j->repo = j->own;
	}
	w->t0 = vigie_collect_anchor(ctx->opts, ctx->snap, &skewed);
	w->start = vigie_snapshot_oid(ctx->snap);
	if (skewed && ctx->opts->as_of != VIGIE_AS_OF_DATE)
		vigie_facts_problem(ctx, "history", VIGIE_EINVALID,
				    vigie_snapshot_commit(ctx->snap),
				    N_("the audited commit is dated after the "
				       "present (clock skew): ages are counted "
				       "from now"));
	w->edge = w->t0 - window;
	w->lookback_days = ctx->opts->lookback_days < 0 ? ctx->opts->window_days
							: ctx->opts->lookback_days;
	w->floor = w->edge - (int64_t)w->lookback_days * DAY;
	w->active_edge = w->t0 - (int64_t)ACTIVE_DAYS * DAY;
	if (git_repository_odb(&w->odb, j->repo) < 0)
		return vigie_error_set(err, VIGIE_EINVALID, "",
				       "cannot open the object database");
	if (vigie_packs_open(&w->packs, j->repo) < 0)
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	if (ctx->opts->commit_cache)
		w->kept = vigie_commit_cache_open(ctx->opts->cache_dir,
						  git_repository_path(j->repo));
	load_mailmap(w);
	return 0;
}

/* The walk and the facts: touches nothing the other collectors use. */
static void run(struct vigie_history_job *j)
{
	struct walk *w = &j->w;
	double t0 = vigie_clock_ms();
	int rc;

	rc = walk_history(w, w->start, &j->err);
	if (rc == 0 && w->have_cut && w->cut >= w->edge)
		/*
		 * A shallow clone cut inside the window (CI's depth 1): its
		 * figures would be made up ("1 author").  Unknown instead.
		 */
		rc = vigie_error_set(&j->err, VIGIE_ENOTFOUND, "",
				     N_("history is shallow; fetch with "
					"--unshallow or set fetch-depth: 0"));
	if (rc == 0) {
		j->out = facts(w, j->repo);
		/* the releases' walk may run out too */
		if (!j->out || w->oom)
			rc = vigie_error_set(&j->err, VIGIE_ENOMEM, "",
					     "out of memory");
	}
	j->rc = rc;
	/* what a walk that ended well read is kept, on the walk's thread */
	vigie_commit_cache_close(w->kept, rc == 0 && !w->oom);
	w->kept = NULL;
	/* the mark is the thread's: the caller's thread gets it back */
	j->nomem = vigie_nomem_take();
	j->ms = vigie_clock_ms() - t0;
}

static void *run_thread(void *arg)
{
	run(arg);
	return NULL;
}

static void job_free(struct vigie_history_job *j)
{
	vigie_commit_cache_close(j->w.kept, false);
	walk_release(&j->w);
	json_decref(j->out);
	git_repository_free(j->own);
	free(j);
}

int vigie_history_start(struct vigie_history_job **out,
			const struct vigie_collect_ctx *ctx,
			struct vigie_error *err)
{
	struct vigie_history_job *j = calloc(1, sizeof(*j));
	int rc;

	*out = NULL;
	if (!j)
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	vigie_error_clear(&j->err);
	rc = prepare(j, ctx, true, &j->err);
	if (rc < 0 && !j->own) {
		/* nothing done yet: the caller collects in sequence */
		*err = j->err;
		job_free(j);
		return rc;
	}
	if (rc < 0)
		j->rc = rc; /* the collection's own failure, as in sequence */
	else if (pthread_create(&j->thread, NULL, run_thread, j) == 0)
		j->threaded = true;
	else
		run(j);
	*out = j;
	return 0;
}

int vigie_history_finish(struct vigie_history_job *j, json_t **out,
			 double *ms, struct vigie_error *err)
{
	int rc;

	*out = NULL;
	if (j->threaded)
		pthread_join(j->thread, NULL);
	if (j->nomem)
		vigie_nomem_mark();
	*ms = j->ms;
	rc = j->rc;
	if (rc < 0 && err)
		*err = j->err;
	*out = j->out;
	j->out = NULL;
	job_free(j);
	return rc;
}

int vigie_history_collect(json_t **out, const struct vigie_collect_ctx *ctx,
			  struct vigie_error *err)
{
	struct vigie_history_job *j = calloc(1, sizeof(*j));
	double ms;
	int rc;

	*out = NULL;
	if (!j)
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	vigie_error_clear(&j->err);
	rc = prepare(j, ctx, false, err);
	if (rc < 0) {
		job_free(j);
		return rc;
	}
	run(j);
	return vigie_history_finish(j, out, &ms, err);
}
