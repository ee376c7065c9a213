/* SPDX-License-Identifier: EUPL-1.2 */
/* The history walk: commits by date from the audited one, each author
 * counted once in the window, identities resolved once. */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "git2_api.h"

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
#include "banned.h"

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

bool hist_oidset_has(const struct oidset *set, const git_oid *id)
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


void hist_entry_free(struct entry *e)
{
	if (e->obj)
		git_odb_object_free(e->obj);
	else
		free((char *)e->data);
}


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

struct entry hist_heap_pop(struct heap *h)
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

/* Room for element need (of size bytes) in *v. */
static bool grow(void **v, size_t *cap, size_t need, size_t size)
{
	return need < *cap || vigie_grow_(v, cap, need + 1, size, 64) == 0;
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
	vigie_mailmap_resolve(w->mailmap, &rn, &re, name, email);
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
 * hist_parse_commit() reads the same from it as from the commit.
 */
int hist_keep(struct walk *w, const git_oid *id, const char *data,
		size_t len)
{
	struct vigie_buf *b = &w->reduced;
	const char *p = data, *end = data + len;
	struct commit c;
	int rc = 0;

	hist_parse_commit(&c, data, len, true);
	vigie_buf_clear(b);
	while (p < end && *p != '\n' && rc == 0) {
		const char *e = hist_line_end(p, end);
		if (hist_starts(p, e, "parent ") || hist_starts(p, e, "author ") ||
		    hist_starts(p, e, "committer "))
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
	return vigie_kept_add(w->kept, id->id, b->ptr, b->len);
}

/* Read a commit and queue it; a missing object is the shallow boundary. */
static int queue(struct walk *w, const git_oid *id)
{
	git_object_t type;
	size_t size;
	uint64_t size64;
	enum vigie_pack_read r;
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
	if (w->kept && vigie_kept_get(w->kept, id->id, &kept, &e.len) &&
	    (w->complete || vigie_packs_has(w->packs, id) ||
	     vigie_loose_header(w->loose, id->id, &type, &size64) ==
		     VIGIE_PACK_READ ||
	     (!vigie_loose_absent(w->loose, id->id) && hist_odb(w) &&
	      git_odb_exists(hist_odb(w), id)))) {
		if (!(data = malloc(e.len + 1))) {
			w->oom = 1;
			return -1;
		}
		memcpy(data, kept, e.len);
		data[e.len] = '\0';
		e.data = data;
		goto push;
	}
	/*
	 * Most commits of a cloned repository: straight from its packs; one
	 * made since the last repack, loose (its size checked before it is
	 * inflated).
	 */
	r = vigie_packs_read(w->packs, id, COMMIT_MAX, &type, &data, &e.len);
	if (r == VIGIE_PACK_OTHER)
		r = vigie_loose_read(w->loose, id->id, COMMIT_MAX, &type, &data,
				     &e.len);
	switch (r) {
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
	/* Neither packed nor loose, and nowhere else: the boundary of a
	 * shallow clone (as libgit2 would say, without it). */
	if (!vigie_packs_has(w->packs, id) && vigie_loose_absent(w->loose, id->id)) {
		w->shallow = true;
		w->missing++;
		return 0;
	}
	/*
	 * The object's size first: a commit deflated from gigabytes of zeros
	 * must not be inflated.  Such a commit ends the walk on its path.
	 */
	if (!hist_odb(w))
		return -1;
	rc = git_odb_read_header(&size, &type, hist_odb(w), id);
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
	if (git_odb_read(&e.obj, hist_odb(w), id) < 0)
		return -1;
	if (git_odb_object_type(e.obj) != GIT_OBJECT_COMMIT) {
		git_odb_object_free(e.obj);
		return 0;
	}
	e.data = git_odb_object_data(e.obj);
	e.len = git_odb_object_size(e.obj);
read:
	if (w->kept && hist_keep(w, id, e.data, e.len) < 0) {
		hist_entry_free(&e);
		w->oom = 1;
		return -1;
	}
push:
	e.time = hist_commit_time(e.data, e.len);
	if (heap_push(&w->heap, e) < 0) {
		hist_entry_free(&e);
		return -1;
	}
	return 0;
}

int hist_queue_parents(struct walk *w, const struct commit *c, int64_t t)
{
	const char *p = c->parents, *end = c->data + c->len;
	uint64_t missing = w->missing;
	git_oid id;

	while (p && p < end && hist_starts(p, end, "parent ")) {
		const char *e = hist_line_end(p, end);
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

void hist_frontier_release(struct heap *h, struct oidset *met)
{
	while (h->n) {
		struct entry e = hist_heap_pop(h);
		hist_entry_free(&e);
	}
	free(h->v);
	free(met->ids);
	free(met->used);
}

int hist_meets(struct walk *w, const git_oid *id, size_t *budget)
{
	struct oidset met = w->seen;
	struct heap frontier = w->heap;
	bool shallow = w->shallow, have_cut = w->have_cut;
	uint64_t missing = w->missing, oversized = w->oversized;
	int64_t cut = w->cut;
	int rc = 0;

	/* the side walk's own set and frontier, the walk's put aside */
	memset(&w->seen, 0, sizeof(w->seen));
	memset(&w->heap, 0, sizeof(w->heap));
	if (queue(w, id) < 0)
		rc = -1;
	while (!rc && w->heap.n && *budget > 0) {
		struct entry e = hist_heap_pop(&w->heap);
		struct commit c;
		const char *p, *end;
		git_oid parent;

		--*budget;
		hist_parse_commit(&c, e.data, e.len, false);
		end = c.data + c.len;
		for (p = c.parents; p && p < end && hist_starts(p, end, "parent ");) {
			const char *le = hist_line_end(p, end);
			if (le - p >= 7 + GIT_OID_HEXSZ &&
			    git_oid_fromstrn(&parent, p + 7, GIT_OID_HEXSZ) == 0 &&
			    hist_oidset_has(&met, &parent))
				rc = 1;
			p = le < end ? le + 1 : end;
		}
		if (!rc && hist_queue_parents(w, &c, e.time) < 0)
			rc = -1;
		hist_entry_free(&e);
	}
	hist_frontier_release(&w->heap, &w->seen);
	w->seen = met;
	w->heap = frontier;
	w->shallow = shallow;
	w->have_cut = have_cut;
	w->missing = missing;
	w->oversized = oversized;
	w->cut = cut;
	return w->oom ? -1 : rc;
}

/*
 * Newest first by committer date, from the pinned commit, down to the
 * look-back floor: commits from the edge on are counted, older ones only
 * tell who had contributed before.  Past the floor the walk goes on for
 * SLOP commits, so that ancestors behind a wrongly dated commit still count.
 */
int hist_walk_history(struct walk *w, const git_oid *start,
			struct vigie_error *err)
{
	int rc = 0;

	w->slop = SLOP;
	if (queue(w, start) < 0)
		goto fail;
	while (w->heap.n && !w->oom) {
		struct entry e = hist_heap_pop(&w->heap);
		struct commit c;

		if (w->walked++ == MAX_WALK) {
			hist_entry_free(&e);
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
					hist_entry_free(&e);
				break;
			}
			w->slop--;
		} else {
			w->slop = SLOP;
		}
		hist_parse_commit(&c, e.data, e.len, e.time >= w->edge);
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
		rc = hist_queue_parents(w, &c, e.time);
		hist_entry_free(&e);
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
			       vigie_git2_loaded() && git_error_last()
				       ? git_error_last()->message
				       : "out of memory");
}
