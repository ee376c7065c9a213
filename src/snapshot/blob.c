/* SPDX-License-Identifier: EUPL-1.2 */
/* Bounded blob reads, with symbolic links followed only inside the tree. */
#include <stdlib.h>
#include <string.h>

#include "git2_api.h"

#include "vigie/i18n.h"
#include "vigie/buf.h"
#include "vigie/snapshot.h"
#include "internal.h"
#include "banned.h"

#define MAX_HOPS 8

void vigie_entry_hex(const struct vigie_entry *e, char out[41])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < sizeof(e->oid); i++) {
		out[2 * i] = digits[e->oid[i] >> 4];
		out[2 * i + 1] = digits[e->oid[i] & 15];
	}
	out[40] = '\0';
}

int64_t vigie_snapshot_size(struct vigie_snapshot *snap,
			    const struct vigie_entry *e)
{
	git_oid oid;
	size_t len;
	git_object_t type;
	git_odb *odb;
	char *data = NULL;
	uint64_t size = 0;
	enum vigie_pack_read r;

	if (e->kind == VIGIE_ENTRY_SUBMODULE)
		return -1;
	git_oid_fromraw(&oid, e->oid);
	/* the size the packs, or the loose object's header, say */
	r = vigie_packs_read_head(snap->packs, &oid, 0, SIZE_MAX, &data, &len,
				  &size);
	free(data);
	if (r == VIGIE_PACK_READ && size <= INT64_MAX)
		return (int64_t)size;
	if (vigie_loose_header(snap->loose, e->oid, &type, &size) ==
		    VIGIE_PACK_READ && size <= INT64_MAX)
		return (int64_t)size;
	if (!(odb = vigie_snapshot_odb(snap)) ||
	    git_odb_read_header(&len, &type, odb, &oid) < 0) {
		if (odb)
			git_error_clear();
		return -1;
	}
	return (int64_t)len;
}

/*
 * Resolve a link's target against the directory holding the link.  Returns
 * a malloc'd normalised path, or NULL when it is absolute or climbs above
 * the root.
 */
static char *resolve_link(const char *linkpath, const char *target, size_t tlen)
{
	struct vigie_buf out = VIGIE_BUF_INIT;
	const char *slash = strrchr(linkpath, '/');
	char *joined;
	size_t dirlen = slash ? (size_t)(slash - linkpath) : 0;
	char *seg, *save = NULL;

	if (tlen == 0 || target[0] == '/' || memchr(target, '\0', tlen))
		return NULL;
	joined = malloc(dirlen + 1 + tlen + 1);
	if (!joined) {
		vigie_nomem_mark(); /* not a link that leads nowhere */
		return NULL;
	}
	memcpy(joined, linkpath, dirlen);
	joined[dirlen] = '/';
	memcpy(joined + dirlen + 1, target, tlen);
	joined[dirlen + 1 + tlen] = '\0';

	for (seg = strtok_r(joined, "/", &save); seg;
	     seg = strtok_r(NULL, "/", &save)) {
		if (!strcmp(seg, "."))
			continue;
		if (!strcmp(seg, "..")) {
			char *last;
			if (out.len == 0)
				goto escape;
			last = strrchr(out.ptr, '/');
			out.len = last ? (size_t)(last - out.ptr) : 0;
			out.ptr[out.len] = '\0';
			continue;
		}
		if ((out.len && vigie_buf_putc(&out, '/') < 0) ||
		    vigie_buf_puts(&out, seg) < 0)
			goto escape;
	}
	free(joined);
	if (!out.len) {
		vigie_buf_release(&out);
		return NULL;
	}
	return vigie_buf_detach(&out, NULL);
escape:
	free(joined);
	vigie_buf_release(&out);
	return NULL;
}

/* What the packs gave (r: data, n bytes, taken) into out: 0, an error, or
 * 1 when they gave nothing (libgit2 is then asked). */
static int from_packs(struct vigie_buf *out, enum vigie_pack_read r,
		      char *data, size_t n, const struct vigie_entry *e,
		      struct vigie_error *err)
{
	int rc;

	switch (r) {
	case VIGIE_PACK_READ:
		vigie_buf_clear(out);
		rc = vigie_buf_add(out, data, n);
		free(data);
		return rc < 0 ? vigie_error_set(err, rc, e->path,
						N_("cannot hold file"))
			      : 0;
	case VIGIE_PACK_NOMEM:
		return vigie_error_set(err, VIGIE_ENOMEM, e->path,
				       N_("out of memory"));
	default:
		return 1;
	}
}

static int read_blob(struct vigie_buf *out, struct vigie_snapshot *snap,
		     const struct vigie_entry *e, size_t cap,
		     struct vigie_error *err)
{
	git_odb_object *obj = NULL;
	git_odb *odb;
	git_oid oid;
	char hex[41];
	size_t len;
	git_object_t type;
	int rc;

	git_oid_fromraw(&oid, e->oid);
	/* straight from the packs (libdeflate, deltas resolved here), or
	 * loose; what they do not give libgit2 reads */
	{
		char *data = NULL;
		size_t n = 0;
		enum vigie_pack_read r = vigie_packs_read_object(
			snap->packs, &oid, cap, &type, &data, &n);
		int64_t size;

		if (r == VIGIE_PACK_OTHER)
			r = vigie_loose_read(snap->loose, e->oid, cap, &type,
					     &data, &n);
		/* over cap: said here, its size read from its header */
		if (r == VIGIE_PACK_TOO_BIG &&
		    (size = vigie_snapshot_size(snap, e)) >= 0)
			return vigie_error_set(err, VIGIE_ELIMIT, e->path,
					       N_("file of %zu bytes is over the "
						  "%zu-byte read limit"),
					       (size_t)size, cap);
		rc = from_packs(out, r, data, n, e, err);
		if (rc <= 0)
			return rc;
	}
	vigie_entry_hex(e, hex);
	if (!(odb = vigie_snapshot_odb(snap)))
		return vigie_error_set(err, VIGIE_EINVALID, e->path,
				       N_("cannot read object %s"), hex);
	if (git_odb_read_header(&len, &type, odb, &oid) < 0) {
		git_error_clear();
		return vigie_error_set(err, VIGIE_EINVALID, e->path,
				       N_("cannot read object %s"), hex);
	}
	if (len > cap)
		return vigie_error_set(err, VIGIE_ELIMIT, e->path,
				       N_("file of %zu bytes is over the %zu-byte "
				       "read limit"), len, cap);
	if (git_odb_read(&obj, odb, &oid) < 0) {
		git_error_clear();
		return vigie_error_set(err, VIGIE_EINVALID, e->path,
				       N_("cannot read object %s"), hex);
	}
	vigie_buf_clear(out);
	rc = vigie_buf_add(out, git_odb_object_data(obj),
			   git_odb_object_size(obj));
	git_odb_object_free(obj);
	if (rc < 0)
		return vigie_error_set(err, rc, e->path, N_("cannot hold file"));
	return 0;
}

/* *e with its links followed inside the tree; not a submodule. */
static int resolve(struct vigie_snapshot *snap, const struct vigie_entry **ep,
		   struct vigie_error *err)
{
	struct vigie_buf link = VIGIE_BUF_INIT;
	const struct vigie_entry *e = *ep;
	int hops, rc = 0;

	for (hops = 0; e->kind == VIGIE_ENTRY_LINK; hops++) {
		const struct vigie_entry *next;
		char *target;

		if (hops == MAX_HOPS) {
			rc = vigie_error_set(err, VIGIE_EINVALID, e->path,
					     N_("too many levels of links"));
			goto out;
		}
		rc = read_blob(&link, snap, e, 4096, err);
		if (rc < 0)
			goto out;
		target = resolve_link(e->path, link.ptr, link.len);
		if (!target) {
			rc = vigie_error_set(err, VIGIE_EINVALID, e->path,
					     N_("link points outside the tree"));
			goto out;
		}
		next = vigie_snapshot_find(snap, target, false);
		free(target);
		if (!next) {
			rc = vigie_error_set(err, VIGIE_ENOTFOUND, e->path,
					     N_("link target is not a file of the "
					     "tree"));
			goto out;
		}
		e = next;
	}
	if (e->kind == VIGIE_ENTRY_SUBMODULE)
		rc = vigie_error_set(err, VIGIE_EINVALID, e->path,
				     N_("submodules are not followed"));
	*ep = e;
out:
	vigie_buf_release(&link);
	return rc;
}

#define MEMO_MAX (256 * 1024) /* bytes of a blob kept for the next read */

/* The blob of e as last read whole, if it is no larger than cap: 1 (in
 * out), 0 not kept, or vigie_buf_add's error (out cannot hold it). */
static int memo_get(struct vigie_snapshot *snap, const struct vigie_entry *e,
		    size_t cap, struct vigie_buf *out)
{
	size_t i;
	int rc = 0;

	pthread_mutex_lock(&snap->memo_lock);
	for (i = 0; i < VIGIE_ARRAY_SIZE(snap->memo); i++) {
		const struct blob_memo *m = &snap->memo[i];
		if (m->e != e || m->len > cap)
			continue;
		vigie_buf_clear(out);
		rc = vigie_buf_add(out, m->data, m->len);
		if (rc == 0)
			rc = 1;
		break;
	}
	pthread_mutex_unlock(&snap->memo_lock);
	return rc;
}

static void memo_put(struct vigie_snapshot *snap, const struct vigie_entry *e,
		     const struct vigie_buf *b)
{
	struct blob_memo *m;
	char *copy;

	if (b->len > MEMO_MAX || !(copy = malloc(b->len + 1)))
		return; /* (a memo is no promise) */
	memcpy(copy, b->ptr ? b->ptr : "", b->len);
	pthread_mutex_lock(&snap->memo_lock);
	m = &snap->memo[snap->memo_next++ % VIGIE_ARRAY_SIZE(snap->memo)];
	free(m->data);
	m->e = e;
	m->data = copy;
	m->len = b->len;
	pthread_mutex_unlock(&snap->memo_lock);
}

int vigie_snapshot_read(struct vigie_buf *out, struct vigie_snapshot *snap,
			const struct vigie_entry *e, size_t cap,
			const struct vigie_entry **resolved,
			struct vigie_error *err)
{
	int rc;

	if (!cap)
		cap = VIGIE_SNAPSHOT_READ_CAP;
	rc = resolve(snap, &e, err);
	if (rc == 0) {
		rc = memo_get(snap, e, cap, out);
		if (rc < 0)
			rc = vigie_error_set(err, rc, e->path,
					     N_("cannot hold file"));
		else if (rc == 0 && (rc = read_blob(out, snap, e, cap, err)) == 0)
			memo_put(snap, e, out);
		else if (rc > 0)
			rc = 0;
	}
	if (rc == 0 && resolved)
		*resolved = e;
	return rc;
}

int vigie_snapshot_read_head(struct vigie_buf *out, struct vigie_snapshot *snap,
			     const struct vigie_entry *e, size_t head,
			     size_t cap, struct vigie_error *err)
{
	char *data = NULL;
	size_t n = 0;
	uint64_t size = 0;
	enum vigie_pack_read r;
	git_oid oid;
	int rc;

	if (!cap)
		cap = VIGIE_SNAPSHOT_READ_CAP;
	rc = resolve(snap, &e, err);
	if (rc < 0)
		return rc;
	git_oid_fromraw(&oid, e->oid);
	r = vigie_packs_read_head(snap->packs, &oid, head, cap, &data, &n, &size);
	rc = from_packs(out, r, data, n, e, err);
	if (rc <= 0)
		return rc;
	/* the whole blob, as libgit2 gives it, cut */
	rc = read_blob(out, snap, e, cap, err);
	if (rc == 0 && out->len > head) {
		out->len = head;
		out->ptr[head] = '\0';
	}
	return rc;
}
