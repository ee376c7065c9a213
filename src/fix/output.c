/* SPDX-License-Identifier: EUPL-1.2 */
/* A plan of drafts as a unified diff, or written into a work tree. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigie/fix.h"
#include "vigie/i18n.h"
#include "internal.h"
#include "banned.h"

/* Lines of the kept file shown before an appended section. */
#define CONTEXT 3

bool vigie_fix_lstat_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

int vigie_fix_read_file(struct vigie_buf *out, const char *path, size_t max)
{
	size_t ceiling = out->max;
	int rc;

	vigie_buf_clear(out);
	out->max = max;
	rc = vigie_buf_read_file(out, path, VIGIE_READ_NOFOLLOW);
	out->max = ceiling;
	if (rc == 0 && memchr(out->ptr ? out->ptr : "", 0, out->len))
		rc = VIGIE_EINVALID;
	return rc;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Each line of s prefixed with c; "\ No newline..." when s ends without. */
static void lines(struct vigie_buf *out, const char *s, char c)
{
	while (*s) {
		const char *end = strchr(s, '\n');
		size_t len = end ? (size_t)(end - s) : strlen(s);

		vigie_buf_putc(out, c);
		vigie_buf_add(out, s, len);
		vigie_buf_putc(out, '\n');
		if (!end) {
			vigie_buf_puts(out, "\\ No newline at end of file\n");
			break;
		}
		s = end + 1;
	}
}

static void diff_new(struct vigie_buf *out, const struct vigie_fix_file *f,
		     const char *path)
{
	size_t n = count_lines(f->content) +
		   (*f->content && f->content[strlen(f->content) - 1] != '\n');

	vigie_buf_printf(out, "diff --git a/%s b/%s\nnew file mode 100644\n"
			      "--- /dev/null\n+++ b/%s\n@@ -0,0 +1,%zu @@\n",
			 path, path, path, n);
	lines(out, f->content, '+');
}

/*
 * An append: the kept file's last lines as context, then the section.  A
 * kept file without a final newline gets one: its last line is shown
 * removed and added again.
 */
static void diff_append(struct vigie_buf *out, const struct vigie_fix_file *f,
			const char *path)
{
	const char *old = f->old, *ctx, *last;
	size_t total = count_lines(old), keep, start, added, i;
	bool open_end = *old && old[strlen(old) - 1] != '\n';

	/* last: where the unterminated line starts, or the end. */
	last = old + strlen(old);
	if (open_end) {
		last = strrchr(old, '\n');
		last = last ? last + 1 : old;
	}
	keep = total < CONTEXT ? total : CONTEXT;
	/* ctx: the start of the keep complete lines before last. */
	ctx = last;
	for (i = 0; i < keep; i++) {
		ctx--; /* the newline ending the line above */
		while (ctx > old && ctx[-1] != '\n')
			ctx--;
	}
	start = total - keep + 1;
	added = count_lines(f->content) + open_end;
	vigie_buf_printf(out, "diff --git a/%s b/%s\n--- a/%s\n+++ b/%s\n",
			 path, path, path, path);
	if (keep + open_end)
		vigie_buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n", start,
				 keep + open_end, start, keep + added);
	else
		vigie_buf_printf(out, "@@ -0,0 +1,%zu @@\n", added);
	for (; ctx < last;) {
		const char *end = strchr(ctx, '\n');
		vigie_buf_putc(out, ' ');
		vigie_buf_add(out, ctx, (size_t)(end - ctx) + 1);
		ctx = end + 1;
	}
	if (open_end) {
		lines(out, last, '-');
		vigie_buf_printf(out, "+%s\n", last);
	}
	lines(out, f->content, '+');
}

int vigie_fix_diff(struct vigie_buf *out, const struct vigie_fix *fix,
		   struct vigie_error *err)
{
	struct vigie_buf path = VIGIE_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < fix->count; i++) {
		const struct vigie_fix_file *f = &fix->files[i];

		vigie_buf_clear(&path);
		/* The path may be the repository's (--amend): escaped. */
		if (vigie_escape_text(&path, f->path, strlen(f->path)) < 0) {
			rc = vigie_error_set(err, VIGIE_ENOMEM, NULL,
					     "out of memory");
			break;
		}
		if (f->append)
			diff_append(out, f, path.ptr);
		else
			diff_new(out, f, path.ptr);
	}
	vigie_buf_release(&path);
	return rc;
}

/*
 * Create the directories above rel in root, refusing any component that
 * is a link or no directory: nothing is written outside root.
 */
static int make_parents(const char *root, const char *rel,
			struct vigie_error *err)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	const char *s = rel, *slash;
	struct stat st;
	int rc = 0;

	vigie_buf_puts(&p, root);
	while ((slash = strchr(s, '/'))) {
		vigie_buf_putc(&p, '/');
		vigie_buf_add(&p, s, (size_t)(slash - s));
		if (lstat(p.ptr, &st) == 0) {
			if (!S_ISDIR(st.st_mode)) {
				rc = vigie_error_set(err, VIGIE_EINVALID, p.ptr,
						     N_("not a directory"));
				break;
			}
		} else if (mkdir(p.ptr, 0777) < 0) {
			rc = vigie_error_set(err, VIGIE_EGENERIC, p.ptr,
					     N_("cannot create directory: %s"),
					     strerror(errno));
			break;
		}
		s = slash + 1;
	}
	vigie_buf_release(&p);
	return rc;
}

static bool safe_rel(const char *rel)
{
	const char *s = rel;

	if (!*rel || *rel == '/')
		return false;
	for (;;) {
		size_t n = strcspn(s, "/");
		if (!n || (n == 1 && s[0] == '.') ||
		    (n == 2 && s[0] == '.' && s[1] == '.') ||
		    (n == 4 && !strncmp(s, ".git", 4)))
			return false;
		if (!s[n])
			return true;
		s += n + 1;
	}
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int vigie_fix_write(const struct vigie_fix *fix, const char *workdir,
		    struct vigie_error *err)
{
	struct vigie_buf full = VIGIE_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < fix->count && rc == 0; i++) {
		const struct vigie_fix_file *f = &fix->files[i];
		int fd;

		if (!safe_rel(f->path)) {
			rc = vigie_error_set(err, VIGIE_EINVALID, f->path,
					     N_("path outside the work tree"));
			break;
		}
		rc = make_parents(workdir, f->path, err);
		if (rc < 0)
			break;
		vigie_buf_clear(&full);
		vigie_buf_printf(&full, "%s/%s", workdir, f->path);
		if (f->append)
			fd = open(full.ptr,
				  O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
		else
			fd = open(full.ptr,
				  O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
					  O_CLOEXEC,
				  0666);
		if (fd < 0) {
			rc = vigie_error_set(err,
					     errno == EEXIST ? VIGIE_EINVALID
							     : VIGIE_EGENERIC,
					     f->path, "%s",
					     errno == EEXIST
						     ? N_("a file exists there already")
						     : strerror(errno));
			break;
		}
		if ((f->append && f->old && *f->old &&
		     f->old[strlen(f->old) - 1] != '\n' &&
		     write_all(fd, "\n", 1) < 0) ||
		    write_all(fd, f->content, strlen(f->content)) < 0)
			rc = vigie_error_set(err, VIGIE_EGENERIC, f->path,
					     N_("cannot write: %s"), strerror(errno));
		if (close(fd) < 0 && rc == 0)
			rc = vigie_error_set(err, VIGIE_EGENERIC, f->path,
					     N_("cannot write: %s"), strerror(errno));
	}
	vigie_buf_release(&full);
	return rc;
}
