/* SPDX-License-Identifier: EUPL-1.2 */
/* vigie merge: the outputs of shard runs joined into one run. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigie/i18n.h"
#include "internal.h"
#include "fs.h"
#include "banned.h"

struct seen {
	json_t *owner; /* key -> directory number */
	int dir;
	const char *const *dirs;
	struct vigie_error *err;
};

static int check_unique(json_t *rec, const char *key, void *payload)
{
	struct seen *s = payload;
	json_t *o = json_object_get(s->owner, key);

	(void)rec;
	if (o && json_integer_value(o) != s->dir)
		return vigie_error_set(s->err, VIGIE_EINVALID, key,
				       N_("in two shard outputs: '%s' and '%s'"),
				       s->dirs[json_integer_value(o)],
				       s->dirs[s->dir]);
	return json_object_set_new(s->owner, key, json_integer(s->dir));
}

static int join(const char *out_dir, const char *name, const char *const *dirs,
		size_t ndirs, bool unique, struct vigie_batch_shard_check *checks,
		struct vigie_error *err)
{
	struct rec_index ix;
	struct seen s = { json_object(), 0, dirs, err };
	struct vigie_buf p = VIGIE_BUF_INIT;
	int *fds = calloc(ndirs + 1, sizeof(*fds));
	size_t i;
	int rc = 0;

	if (!fds || !s.owner || rec_index_init(&ix) < 0) {
		free(fds);
		json_decref(s.owner);
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	}
	for (i = 0; i < ndirs; i++)
		fds[i] = -1;
	for (i = 0; i < ndirs && !rc; i++) {
		off_t end;
		bool torn;
		size_t dropped;

		vigie_buf_clear(&p);
		if (vigie_buf_printf(&p, "%s/%s", dirs[i], name) < 0) {
			rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
			break;
		}
		if (unique && access(p.ptr, R_OK) != 0) {
			rc = vigie_error_set(err, VIGIE_ENOTFOUND, dirs[i],
					     N_("no %s: not a batch output"), name);
			break;
		}
		s.dir = (int)i;
		dropped = ix.dropped;
		rc = rec_index_file(&ix, (int)i, p.ptr, &end, &torn,
				    unique ? check_unique : NULL, &s, err);
		if (checks)
			checks[i].dropped += ix.dropped - dropped;
		fds[i] = open(p.ptr, O_RDONLY | O_CLOEXEC);
	}
	if (!rc && (unique || ix.n)) {
		vigie_buf_clear(&p);
		vigie_buf_printf(&p, "%s/%s", out_dir, name);
		rc = rec_write_sorted(p.ptr, &ix, fds, NULL, NULL, err);
	}
	for (i = 0; i < ndirs; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
	json_decref(s.owner);
	rec_index_release(&ix);
	vigie_buf_release(&p);
	return rc;
}

/*
 * The shard outputs must not be written to while they are read: a shard
 * still running would be merged half done.  Each one's lock is taken
 * shared, unless it is the output directory itself, locked already.
 */
static int lock_inputs(int *locks, int out_lock, const char *const *dirs,
		       size_t ndirs, struct vigie_error *err)
{
	struct stat own, st;
	size_t i;

	if (fstat(out_lock, &own) < 0)
		return vigie_error_set(err, VIGIE_EGENERIC, "", "%s",
				       strerror(errno));
	for (i = 0; i < ndirs; i++) {
		struct vigie_buf p = VIGIE_BUF_INIT;
		bool same;
		int rc;

		if (vigie_buf_printf(&p, "%s/.lock", dirs[i]) < 0)
			return vigie_error_set(err, VIGIE_ENOMEM, "",
					       N_("out of memory"));
		same = stat(p.ptr, &st) == 0 && st.st_dev == own.st_dev &&
		       st.st_ino == own.st_ino;
		vigie_buf_release(&p);
		if (same)
			continue;
		rc = batch_lock(dirs[i], false, &locks[i], err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int vigie_batch_merge(const char *out_dir, const char *const *dirs,
		      size_t ndirs, enum vigie_lang lang,
		      struct vigie_batch_shard_check *checks, char **text,
		      struct vigie_error *err)
{
	int *locks = NULL, out_lock = -1;
	size_t i;
	int rc;

	if (!ndirs)
		return vigie_error_set(err, VIGIE_EINVALID, "",
				       N_("no shard output to merge"));
	if (vigie_mkdirs(out_dir) < 0)
		return vigie_error_set(err, VIGIE_EGENERIC, out_dir,
				       N_("cannot create the output directory: %s"),
				       strerror(errno));
	locks = malloc(ndirs * sizeof(*locks));
	if (!locks)
		return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	for (i = 0; i < ndirs; i++)
		locks[i] = -1;
	/* The same lock as a batch: a merge never writes under a running one. */
	rc = batch_lock(out_dir, true, &out_lock, err);
	if (!rc)
		rc = lock_inputs(locks, out_lock, dirs, ndirs, err);
	for (i = 0; !rc && checks && i < ndirs; i++) {
		struct vigie_buf p = VIGIE_BUF_INIT;

		checks[i].dropped = 0;
		if (vigie_buf_printf(&p, "%s/.running", dirs[i]) < 0)
			rc = vigie_error_set(err, VIGIE_ENOMEM, "",
					     N_("out of memory"));
		else
			checks[i].interrupted = access(p.ptr, F_OK) == 0;
		vigie_buf_release(&p);
	}
	if (!rc)
		rc = join(out_dir, VIGIE_BATCH_RESULTS, dirs, ndirs, true, checks,
			  err);
	if (!rc)
		rc = join(out_dir, VIGIE_BATCH_PREVIOUS, dirs, ndirs, false, checks,
			  err);
	if (!rc)
		rc = batch_run_merge(out_dir, dirs, ndirs, err);
	if (!rc) {
		/* the summary's pass over the records writes the database too */
		struct batch_import *im = NULL;
		if (batch_import_begin(&im, out_dir, VIGIE_BATCH_KEEP_RUNS) < 0)
			rc = vigie_error_set(err, VIGIE_ENOMEM, "",
					     N_("out of memory"));
		else
			rc = batch_summarize(out_dir, lang, text, im, err);
	}
	for (i = 0; i < ndirs; i++)
		if (locks[i] >= 0)
			close(locks[i]);
	free(locks);
	if (out_lock >= 0)
		close(out_lock);
	return rc;
}
