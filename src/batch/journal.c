/* SPDX-License-Identifier: EUPL-1.2 */
/* The journal: results.jsonl, one whole line per record, torn tails dropped. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vigie/i18n.h"
#include "internal.h"
#include "json.h"
#include "grow.h"
#include "banned.h"

int rec_index_init(struct rec_index *ix)
{
	memset(ix, 0, sizeof(*ix));
	ix->map = json_object();
	return ix->map ? 0 : VIGIE_EGENERIC;
}

void rec_index_release(struct rec_index *ix)
{
	size_t i;

	for (i = 0; i < ix->n; i++)
		free(ix->v[i].key);
	free(ix->v);
	json_decref(ix->map);
	json_decref(ix->texts);
	json_decref(ix->fresh);
	memset(ix, 0, sizeof(*ix));
}

const struct rec_ref *rec_index_find(const struct rec_index *ix,
				     const char *key)
{
	json_t *pos = json_object_get(ix->map, key);

	return pos ? &ix->v[json_integer_value(pos)] : NULL;
}

int rec_index_put(struct rec_index *ix, const char *key, int file, off_t off,
		  size_t len)
{
	json_t *pos = json_object_get(ix->map, key);
	struct rec_ref *r;

	if (pos) {
		r = &ix->v[json_integer_value(pos)];
		r->file = file;
		r->off = off;
		r->len = len;
		return 0;
	}
	if (vigie_grow(&ix->v, &ix->alloc, ix->n + 1, 256) < 0)
		return VIGIE_ENOMEM;
	r = &ix->v[ix->n];
	r->key = strdup(key);
	if (!r->key ||
	    json_object_set_new(ix->map, key, json_integer((json_int_t)ix->n)) < 0) {
		free(r->key);
		return VIGIE_EGENERIC;
	}
	r->file = file;
	r->off = off;
	r->len = len;
	ix->n++;
	return 0;
}

const char *rec_key(json_t *rec)
{
	const char *k = json_string_value(
		json_object_get(json_object_get(rec, "batch"), "target"));

	if (!k)
		k = json_string_value(json_object_get(
			json_object_get(rec, "repository"), "target"));
	return k;
}

/*
 * Past the string whose opening quote is at p, or NULL when it does not
 * end before end: the next quote that an even number of backslashes
 * precede, found with memchr (a record is mostly strings).
 */
static const char *skip_string(const char *p, const char *end)
{
	const char *q, *b;

	for (p++; p < end; p = q + 1) {
		q = memchr(p, '"', (size_t)(end - p));
		if (!q)
			return NULL;
		for (b = q; b > p && b[-1] == '\\'; b--)
			;
		if (((q - b) & 1) == 0)
			return q + 1;
	}
	return NULL;
}

/* The end of the JSON value at p, or NULL when it does not end before end. */
static const char *skip_value(const char *p, const char *end)
{
	int depth = 0;

	do {
		if (p >= end)
			return NULL;
		if (*p == '"') {
			p = skip_string(p, end);
			if (!p)
				return NULL;
		} else if (*p == '{' || *p == '[') {
			depth++;
			p++;
		} else if (*p == '}' || *p == ']') {
			depth--;
			p++;
		} else if (depth) {
			p++;
		} else {
			while (p < end && *p != ',' && *p != '}' && *p != ']')
				p++;
		}
	} while (depth > 0);
	return p;
}

json_t *rec_batch(const char *line, size_t len, size_t *end)
{
	static const char prefix[] = "{\"batch\":";
	const size_t n = sizeof(prefix) - 1;
	const char *e;
	json_error_t je;
	json_t *b;

	if (len < n + 2 || memcmp(line, prefix, n) || line[len - 1] != '}')
		return NULL;
	e = skip_value(line + n, line + len);
	if (!e)
		return NULL;
	b = json_loadb(line + n, (size_t)(e - line - n), 0, &je);
	if (b && !json_is_string(json_object_get(b, "target"))) {
		json_decref(b);
		return NULL;
	}
	if (end)
		*end = (size_t)(e - line);
	return b;
}

/* ---- slim records: what the summary and the database read ---------- */

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* A member of an object: its key (without quotes) and its value. */
struct member {
	const char *at; /* its key's opening quote */
	const char *key;
	size_t klen;
	const char *val, *end;
};

static bool is_key(const struct member *m, const char *key)
{
	return m->klen == strlen(key) && !memcmp(m->key, key, m->klen);
}

/*
 * The next member of the object that *pp is in (after its '{' or a
 * member): 1 and *pp past it, 0 at the object's '}' (*pp past it), -1 for
 * anything else.
 */
static int next_member(const char **pp, const char *end, struct member *m)
{
	const char *p = skip_ws(*pp, end), *k;

	if (p < end && *p == '}') {
		*pp = p + 1;
		return 0;
	}
	if (p < end && *p == ',')
		p = skip_ws(p + 1, end);
	if (p >= end || *p != '"' || !(k = skip_string(p, end)))
		return -1;
	m->at = p;
	m->key = p + 1;
	m->klen = (size_t)(k - p - 2);
	p = skip_ws(k, end);
	if (p >= end || *p != ':')
		return -1;
	m->val = skip_ws(p + 1, end);
	m->end = skip_value(m->val, end);
	if (!m->end)
		return -1;
	*pp = m->end;
	return 1;
}

static int put_member(struct vigie_buf *out, const struct member *m, bool *first)
{
	int rc = *first ? 0 : vigie_buf_putc(out, ',');

	*first = false;
	return rc | vigie_buf_add(out, m->at, (size_t)(m->end - m->at));
}

/* Of a record's facts, those a row of vigie.sqlite has. */
static int slim_facts(struct vigie_buf *out, const struct member *facts)
{
	const char *p = facts->val + 1;
	struct member m;
	bool first = true;
	int rc = vigie_buf_puts(out, "\"facts\":{"), more;

	while ((more = next_member(&p, facts->end, &m)) > 0)
		if (is_key(&m, "license") || is_key(&m, "history"))
			rc |= put_member(out, &m, &first);
	return more < 0 ? -1 : rc | vigie_buf_putc(out, '}');
}

/*
 * A check without its reason; only its id, status, score and evidence when
 * a record read before gave its rule's own members (seen: pack, theme,
 * guide, level, weight, title, remediation); a rule whose members are
 * given is added to fresh.
 */
#define CHECK_MEMBERS 32
static int slim_check(struct vigie_buf *out, const char **pp, const char *end,
		      json_t *seen, json_t *fresh)
{
	struct member m[CHECK_MEMBERS];
	const char *p = skip_ws(*pp, end), *id = NULL;
	size_t n = 0, i, idlen = 0;
	bool first = true, texts = true;
	int rc, more = 0;

	if (p >= end || *p != '{')
		return -1;
	p++;
	while (n < CHECK_MEMBERS && (more = next_member(&p, end, &m[n])) > 0) {
		/* an id as vigie writes it: no escape */
		if (is_key(&m[n], "id") && *m[n].val == '"' &&
		    !memchr(m[n].val, '\\', (size_t)(m[n].end - m[n].val))) {
			id = m[n].val + 1;
			idlen = (size_t)(m[n].end - m[n].val) - 2;
		}
		n++;
	}
	if (n == CHECK_MEMBERS || more < 0)
		return -1;
	*pp = p;
	if (id && json_object_getn(seen, id, idlen))
		texts = false;
	else if (id && json_object_setn_new(fresh, id, idlen, json_true()) < 0)
		return -1;
	rc = vigie_buf_putc(out, '{');
	for (i = 0; i < n; i++) {
		if (is_key(&m[i], "reason") ||
		    (!texts && !is_key(&m[i], "id") && !is_key(&m[i], "status") &&
		     !is_key(&m[i], "score") && !is_key(&m[i], "evidence")))
			continue;
		rc |= put_member(out, &m[i], &first);
	}
	return rc | vigie_buf_putc(out, '}');
}

static int slim_checks(struct vigie_buf *out, const struct member *checks,
		       json_t *seen, json_t *fresh)
{
	const char *p = checks->val + 1, *end = checks->end;
	int rc = vigie_buf_puts(out, "\"checks\":[");
	bool first = true;

	for (;;) {
		p = skip_ws(p, end);
		if (p < end && *p == ']')
			break;
		if (!first) {
			if (p >= end || *p != ',')
				return -1;
			p++;
			rc |= vigie_buf_putc(out, ',');
		}
		first = false;
		if (slim_check(out, &p, end, seen, fresh) < 0)
			return -1;
	}
	return rc | vigie_buf_putc(out, ']');
}

/*
 * The record on line as the summary and the database read it: all but its
 * facts other than license and history, its checks' reasons, and the
 * members of a rule that a record read before gave (ix->texts: its title,
 * remediation, pack, theme...), so that 2,000 records do not parse the
 * same texts 2,000 times.  A line
 * this does not understand is parsed whole.  New reference, or NULL.
 */
static json_t *rec_load_slim(struct rec_index *ix, struct vigie_buf *tmp,
			     const char *line, size_t len)
{
	const char *p = skip_ws(line, line + len), *end = line + len;
	struct member m;
	json_error_t je;
	json_t *rec;
	const char *key;
	bool first = true;
	int rc = 0, more = 0;

	if (!ix->texts && !(ix->texts = json_object()))
		return NULL;
	if (!ix->fresh && !(ix->fresh = json_object()))
		return NULL;
	json_object_clear(ix->fresh);
	vigie_buf_clear(tmp);
	if (p >= end || *p != '{')
		goto whole;
	p++;
	rc = vigie_buf_putc(tmp, '{');
	while (!rc && (more = next_member(&p, end, &m)) > 0) {
		if (!first && vigie_buf_putc(tmp, ',') < 0)
			return NULL;
		if (is_key(&m, "facts") && *m.val == '{')
			rc = slim_facts(tmp, &m);
		else if (is_key(&m, "checks") && *m.val == '[')
			rc = slim_checks(tmp, &m, ix->texts, ix->fresh);
		else
			rc = vigie_buf_add(tmp, m.at, (size_t)(m.end - m.at));
		first = false;
	}
	if (rc || more < 0 || skip_ws(p, end) != end || vigie_buf_putc(tmp, '}') < 0)
		goto whole;
	rec = json_loadb(tmp->ptr, tmp->len, 0, &je);
	/* the texts given count once given by a record that is counted */
	key = rec ? rec_key(rec) : NULL;
	if (key && !batch_is_defaults_key(key) &&
	    json_object_update(ix->texts, ix->fresh) < 0) {
		json_decref(rec);
		return NULL;
	}
	return rec;
whole:
	json_object_clear(ix->fresh);
	return json_loadb(line, len, 0, &je);
}

/* A buffered reader of lines that keeps at most RECORD_MAX bytes of one. */
struct reader {
	FILE *f;
	size_t pos, end;
	char buf[65536];
};

static bool reader_fill(struct reader *r)
{
	if (r->pos < r->end)
		return true;
	r->pos = 0;
	r->end = fread(r->buf, 1, sizeof(r->buf), r->f);
	return r->end > 0;
}

/*
 * The next line into out (its newline kept) unless it is longer than
 * RECORD_MAX; *len gets its length on disk, *nl whether it ended.  False
 * at the end of the file.
 */
static bool reader_line(struct reader *r, struct vigie_buf *out, size_t *len,
			bool *nl, bool *fits)
{
	*len = 0;
	*nl = false;
	*fits = true;
	vigie_buf_clear(out);
	while (!*nl && reader_fill(r)) {
		char *p = r->buf + r->pos;
		char *e = memchr(p, '\n', r->end - r->pos);
		size_t n = e ? (size_t)(e - p) + 1 : r->end - r->pos;
		if (*fits && (out->len + n > RECORD_MAX || vigie_buf_add(out, p, n) < 0))
			*fits = false;
		*len += n;
		r->pos += n;
		*nl = e != NULL;
	}
	return *len > 0;
}

int rec_index_file(struct rec_index *ix, int file, const char *path,
		   off_t *good_end, bool *torn, rec_cb cb, void *payload,
		   struct vigie_error *err)
{
	struct reader *r = NULL;
	struct vigie_buf line = VIGIE_BUF_INIT, tmp = VIGIE_BUF_INIT;
	size_t len;
	bool nl, fits;
	off_t off = 0;
	int rc = 0;

	*good_end = 0;
	*torn = false;
	r = calloc(1, sizeof(*r));
	if (!r)
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	r->f = fopen(path, "r");
	if (!r->f) {
		free(r);
		if (errno == ENOENT)
			return 0;
		return vigie_error_set(err, VIGIE_EGENERIC, path,
				       N_("cannot read records: %s"), strerror(errno));
	}
	while (reader_line(r, &line, &len, &nl, &fits)) {
		json_error_t je;
		json_t *rec = NULL;
		const char *key = NULL;
		bool whole = nl && fits;

		/*
		 * Indexing reads the batch member only: a whole line that
		 * starts with it and closes its object.  A reader that needs
		 * the record (cb) parses all of it.
		 */
		if (whole && cb && ix->slim)
			rec = rec_load_slim(ix, &tmp, line.ptr, line.len - 1);
		else if (whole && cb)
			rec = json_loadb(line.ptr, line.len - 1, 0, &je);
		else if (whole)
			rec = rec_batch(line.ptr, line.len - 1, NULL);
		if (rec)
			key = cb ? rec_key(rec)
				 : json_string_value(json_object_get(rec, "target"));
		if (!key) {
			json_decref(rec);
			/*
			 * Only the last line can be torn by a crash; a bad
			 * line in the middle is skipped, and so is the tail.
			 */
			ix->dropped++;
			if (!nl || !reader_fill(r)) {
				*torn = true;
				break;
			}
			off += (off_t)len;
			*good_end = off;
			continue;
		}
		rc = rec_index_put(ix, key, file, off, len);
		if (!rc && cb)
			rc = cb(rec, key, payload);
		json_decref(rec);
		if (rc < 0) {
			if (!err || !err->code)
				vigie_error_set(err, VIGIE_ENOMEM, path,
						N_("out of memory"));
			break;
		}
		off += (off_t)len;
		*good_end = off;
	}
	if (!rc && ferror(r->f))
		rc = vigie_error_set(err, VIGIE_EGENERIC, path,
				     N_("cannot read records: %s"), strerror(errno));
	vigie_buf_release(&line);
	vigie_buf_release(&tmp);
	fclose(r->f);
	free(r);
	return rc;
}

int rec_compose(struct vigie_buf *out, json_t *batch, const char *rest,
		size_t len)
{
	int rc;

	vigie_buf_clear(out);
	rc = vigie_buf_puts(out, "{\"batch\":");
	if (!rc)
		rc = vigie_json_dump(out, batch, REC_FLAGS);
	if (!rc && len > 0 && rest[0] == '{' && len > 2) {
		rc = vigie_buf_putc(out, ',');
		rest++;
		len--;
	} else if (!rc && len > 0 && rest[0] == '{') {
		rest++; /* an empty object: only its closing brace remains */
		len--;
	}
	if (!rc)
		rc = vigie_buf_add(out, rest, len);
	return rc;
}

int rec_read(struct vigie_buf *out, int fd, const struct rec_ref *r,
	     struct vigie_error *err)
{
	size_t done = 0;

	vigie_buf_clear(out);
	if (vigie_buf_grow(out, r->len + 1) < 0)
		return vigie_error_set(err, VIGIE_ELIMIT, "", N_("record too large"));
	while (done < r->len) {
		ssize_t n = pread(fd, out->ptr + done, r->len - done,
				  r->off + (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return vigie_error_set(err, VIGIE_EGENERIC, "",
					       N_("cannot read a record: %s"),
					       n ? strerror(errno) : "short file");
		done += (size_t)n;
	}
	out->len = r->len && out->ptr[r->len - 1] == '\n' ? r->len - 1 : r->len;
	out->ptr[out->len] = '\0';
	return 0;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int rec_append(int fd, const char *line, size_t len, const char *path,
	       struct vigie_error *err)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	int rc = 0;

	/* One write() of the whole line: a crash tears at most this one. */
	if (vigie_buf_grow(&b, len + 1) < 0 || vigie_buf_add(&b, line, len) < 0 ||
	    vigie_buf_putc(&b, '\n') < 0)
		rc = vigie_error_set(err, VIGIE_ENOMEM, path, N_("out of memory"));
	else if (write_all(fd, b.ptr, b.len) < 0 || fsync(fd) < 0)
		rc = vigie_error_set(err, VIGIE_EGENERIC, path,
				     N_("cannot write a record: %s"),
				     strerror(errno));
	vigie_buf_release(&b);
	return rc;
}

static int by_key(const void *a, const void *b)
{
	const struct rec_ref *const *x = a, *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

int rec_write_sorted(const char *path, const struct rec_index *ix,
		     const int *fds, rec_keep_fn keep, void *payload,
		     struct vigie_error *err)
{
	struct vigie_buf tmp = VIGIE_BUF_INIT, line = VIGIE_BUF_INIT;
	const struct rec_ref **order = NULL;
	size_t i, n = 0;
	int fd = -1, rc = 0;

	order = calloc(ix->n ? ix->n : 1, sizeof(*order));
	if (!order || vigie_buf_printf(&tmp, "%s.tmp-XXXXXX", path) < 0) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, path, N_("out of memory"));
		goto out;
	}
	for (i = 0; i < ix->n; i++)
		if (!keep || keep(ix->v[i].key, payload))
			order[n++] = &ix->v[i];
	qsort(order, n, sizeof(*order), by_key);
	fd = mkstemp(tmp.ptr);
	if (fd < 0) {
		rc = vigie_error_set(err, VIGIE_EGENERIC, path,
				     N_("cannot write records: %s"), strerror(errno));
		goto out;
	}
	for (i = 0; i < n && !rc; i++) {
		rc = rec_read(&line, fds[order[i]->file], order[i], err);
		if (!rc && (vigie_buf_putc(&line, '\n') < 0 ||
			    write_all(fd, line.ptr, line.len) < 0))
			rc = vigie_error_set(err, VIGIE_EGENERIC, path,
					     N_("cannot write records: %s"),
					     strerror(errno));
	}
	if (!rc && (fchmod(fd, 0644) < 0 || fsync(fd) < 0 || close(fd) < 0))
		rc = vigie_error_set(err, VIGIE_EGENERIC, path,
				     N_("cannot write records: %s"), strerror(errno));
	else if (rc)
		close(fd);
	fd = -1;
	if (!rc && rename(tmp.ptr, path) < 0)
		rc = vigie_error_set(err, VIGIE_EGENERIC, path,
				     N_("cannot replace records: %s"),
				     strerror(errno));
	if (rc)
		unlink(tmp.ptr);
out:
	free(order);
	vigie_buf_release(&tmp);
	vigie_buf_release(&line);
	return rc;
}

/* How long batch_lock waits for a lock: LOCK_TRIES times LOCK_WAIT_NS. */
#define LOCK_TRIES 20
#define LOCK_WAIT_NS 50000000L

int batch_lock(const char *dir, bool writer, int *fd, struct vigie_error *err)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	bool locked;
	int tries;

	*fd = -1;
	if (vigie_buf_printf(&p, "%s/.lock", dir) < 0)
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	*fd = writer ? open(p.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0644)
		     : open(p.ptr, O_RDONLY | O_CLOEXEC);
	vigie_buf_release(&p);
	/* No lock file: no batch has ever written there. */
	if (*fd < 0 && !writer && errno == ENOENT)
		return 0;
	if (*fd < 0)
		return vigie_error_set(err, VIGIE_EGENERIC, dir,
				       N_("cannot use the output directory: %s"),
				       strerror(errno));
	/*
	 * The workers of a run killed a moment ago may still hold the lock
	 * they were forked with, for the time the scheduler takes to let them
	 * die: a little patience before saying another batch is there.
	 */
	for (tries = 0;; tries++) {
		locked = flock(*fd, (writer ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0;
		if (locked || (errno != EWOULDBLOCK && errno != EINTR) ||
		    tries == LOCK_TRIES)
			break;
		nanosleep(&(struct timespec){ 0, LOCK_WAIT_NS }, NULL);
	}
	if (!locked) {
		close(*fd);
		*fd = -1;
		return vigie_error_set(err, VIGIE_EBUSY, dir,
				       N_("another batch is writing to this directory"));
	}
	return 0;
}
