/* SPDX-License-Identifier: EUPL-1.2 */
/* Helpers shared by the subcommands: errors, colour, language, output. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigie/buf.h"
#include "vigie/facts.h"
#include "vigie/gate.h"
#include "vigie/i18n.h"
#include "vigie/report.h"
#include "vigie/rules.h"
#include "vigie/source.h"
#include "cmd.h"
#include "vigie/fs.h"
#include "../util/banned.h"

/* The language of the messages printed by the command line. */
static enum vigie_lang msg_lang = VIGIE_LANG_EN;
/* "out of memory" was said: the command exits VIGIE_EXIT_NOMEM. */
static bool nomem_said;

bool cli_nomem(void)
{
	return nomem_said;
}

void cli_set_lang(int lang)
{
	if (lang >= 0 && (size_t)lang < vigie_lang_count())
		msg_lang = (enum vigie_lang)lang;
}

const char *cli_text(const char *msgid)
{
	return vigie_i18n_text(msg_lang, msgid);
}

const char *cli_ntext(const char *singular, const char *plural,
		      unsigned long n)
{
	return vigie_i18n_ntext(msg_lang, singular, plural, n);
}

char *cli_tr_error(const struct vigie_error *err)
{
	struct vigie_buf b = VIGIE_BUF_INIT;

	if (vigie_error_render(&b, msg_lang, err) < 0 || !b.ptr) {
		vigie_buf_release(&b);
		return strdup(err->message);
	}
	return vigie_buf_detach(&b, NULL);
}

char *cli_tr_json(const json_t *obj, const char *key)
{
	struct vigie_buf b = VIGIE_BUF_INIT;
	const char *text = json_string_value(json_object_get(obj, key));

	if (vigie_msg_render_json(&b, msg_lang, obj, key) < 0 || !b.ptr) {
		vigie_buf_release(&b);
		return strdup(text ? text : "");
	}
	return vigie_buf_detach(&b, NULL);
}

void cli_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(cli_text(fmt), ap);
	va_end(ap);
}

static void emit(const char *msg)
{
	struct vigie_buf b = VIGIE_BUF_INIT;

	vigie_buf_puts(&b, "vigie: ");
	vigie_escape_text(&b, msg, strlen(msg));
	vigie_buf_putc(&b, '\n');
	fputs(b.ptr ? b.ptr : "vigie: out of memory\n", stderr);
	vigie_buf_release(&b);
}

void cli_error(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!strcmp(fmt, "out of memory"))
		nomem_said = true;
	/* The catalogue's translation keeps the conversions (tested). */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), cli_text(fmt), ap);
	va_end(ap);
	emit(msg);
}

void cli_error_text(const char *msgid)
{
	emit(cli_text(msgid));
}

void cli_report_error(const struct vigie_error *err)
{
	struct vigie_buf b = VIGIE_BUF_INIT;

	/* One line, whatever was being read: where is beside the point. */
	if (err->code == VIGIE_ENOMEM) {
		cli_error(N_("out of memory"));
		return;
	}
	if (err->where[0])
		vigie_buf_printf(&b, "%s: ", err->where);
	vigie_error_render(&b, msg_lang, err);
	emit(b.ptr ? b.ptr : err->message);
	vigie_buf_release(&b);
}

bool cli_want_color(FILE *f, const char *mode)
{
	const char *nc = getenv("NO_COLOR");

	if (mode && !strcmp(mode, "always"))
		return true;
	if (mode && !strcmp(mode, "never"))
		return false;
	if (nc && *nc)
		return false;
	return isatty(fileno(f)) == 1;
}

int cli_take_lang(const char **slot, const char *arg)
{
	int l = vigie_lang_parse(arg);
	char known[256];
	size_t i, k = 0;

	if (l < 0) {
		/* the languages vigie speaks: English and its catalogues' */
		known[0] = '\0';
		for (i = 0; i < vigie_lang_count() && k < sizeof(known); i++)
			k += (size_t)snprintf(known + k, sizeof(known) - k,
					      "%s%s", i ? ", " : "",
					      vigie_lang_name((enum vigie_lang)i));
		cli_error(N_("unknown language '%s' (%s)"), arg, known);
		return -1;
	}
	if (slot)
		*slot = arg;
	cli_set_lang(l);
	return 0;
}

int cli_take_when(const char **slot, const char *opt, const char *arg)
{
	if (strcmp(arg, "auto") && strcmp(arg, "always") && strcmp(arg, "never")) {
		cli_error(N_("%s takes auto, always or never"), opt);
		return -1;
	}
	*slot = arg;
	return 0;
}

int cli_take_as_of(struct vigie_collect_opts *slot, const char *arg)
{
	if (vigie_as_of_parse(&slot->as_of, &slot->as_of_time, arg) < 0) {
		cli_error(N_("--as-of takes now, commit or a date "
			     "(YYYY-MM-DD or ISO 8601)"));
		return -1;
	}
	return 0;
}

int cli_take_size(long long *slot, const char *arg)
{
	static const char units[] = "KMGT";
	long long v, scale = 1;
	const char *u;
	char *end;

	v = arg && *arg >= '0' && *arg <= '9' ? strtoll(arg, &end, 10) : -1;
	if (v > 0 && *end && (u = strchr(units, *end)) && *u) {
		scale <<= 10 * (u - units + 1);
		end++;
		if (!strcmp(end, "iB"))
			end += 2;
	}
	if (v <= 0 || *end || v > (1LL << 50) / scale) {
		cli_error(N_("--max-clone-size takes a size such as 4G, 500M "
			  "or 800000000 (bytes)"));
		return -1;
	}
	*slot = v * scale;
	return 0;
}

int cli_lang(const char *opt)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	if (opt)
		return vigie_lang_parse(opt);
	for (i = 0; i < VIGIE_ARRAY_SIZE(vars); i++) {
		const char *v = getenv(vars[i]);
		char code[16];
		int l;
		if (!v || !*v)
			continue;
		/* "pt_BR.UTF-8": "pt_BR" if vigie speaks it, else "pt" */
		snprintf(code, sizeof(code), "%.*s", (int)strcspn(v, ".@"), v);
		l = vigie_lang_parse(code);
		if (l < 0) {
			code[strcspn(code, "_-")] = '\0';
			l = vigie_lang_parse(code);
		}
		return l < 0 ? VIGIE_LANG_EN : l;
	}
	return VIGIE_LANG_EN;
}

/* write() until done; -1 with errno set. */
static int write_fd(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Write to what path opens, in place: for a device, a pipe or a link that
 * does not lead to a regular file.  A regular file reached that way is
 * truncated first.
 */
static int write_in_place(const char *path, const char *data, size_t len)
{
	struct stat st;
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644), saved;

	if (fd < 0)
		return -1;
	if ((fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && ftruncate(fd, 0) < 0) ||
	    write_fd(fd, data, len) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return close(fd);
}

int cli_write_output(const char *path, const char *data, size_t len)
{
	struct stat st;
	char *real = NULL;
	int rc;

	if (!path || !strcmp(path, "-")) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
			cli_error(N_("cannot write output: %s"), strerror(errno));
			return -1;
		}
		return 0;
	}
	/*
	 * A new or regular file is replaced atomically.  Anything else is
	 * written to, never replaced by a file renamed over it: a device
	 * (/dev/full), a pipe, a link (/dev/stdout), whose target is
	 * replaced instead when it is a regular file.
	 */
	if (lstat(path, &st) < 0 || S_ISREG(st.st_mode)) {
		rc = vigie_write_atomic(path, data, len);
	} else if (S_ISLNK(st.st_mode) && (real = realpath(path, NULL)) &&
		   stat(real, &st) == 0 && S_ISREG(st.st_mode)) {
		rc = vigie_write_atomic(real, data, len);
	} else {
		rc = write_in_place(path, data, len);
	}
	if (rc < 0)
		cli_error(N_("cannot write '%s': %s"), path, strerror(errno));
	free(real);
	return rc < 0 ? -1 : 0;
}

int cli_check_output(const char *path)
{
	struct vigie_buf dir = VIGIE_BUF_INIT;
	const char *slash;
	struct stat st;
	int why = 0;

	if (!path || !strcmp(path, "-"))
		return 0;
	slash = strrchr(path, '/');
	if (!slash)
		vigie_buf_puts(&dir, ".");
	else if (slash == path)
		vigie_buf_puts(&dir, "/");
	else
		vigie_buf_add(&dir, path, (size_t)(slash - path));
	if (!dir.ptr) {
		cli_error(N_("out of memory"));
		return -1;
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		why = EISDIR;
	else if (stat(dir.ptr, &st) < 0)
		why = errno;
	else if (!S_ISDIR(st.st_mode))
		why = ENOTDIR;
	vigie_buf_release(&dir);
	if (why)
		cli_error(N_("cannot write '%s': %s"), path, strerror(why));
	return why ? -1 : 0;
}

bool cli_parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return false;
	v = strtol(s, &end, 10);
	if (*end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/*
 * What a command printed must have reached its reader: a full disk or a
 * closed pipe behind standard output is an error (exit 3), never a silent
 * success.
 */
int cli_flushed(int rc)
{
	/* Out of memory in any stage (the rules, the target...) is told by
	 * one exit code, not that of the stage it happened in. */
	if (rc != VIGIE_EXIT_OK && cli_nomem())
		rc = VIGIE_EXIT_NOMEM;
	if ((fflush(stdout) != 0 || ferror(stdout)) && rc == VIGIE_EXIT_OK) {
		cli_error(N_("cannot write to standard output: %s"), strerror(errno));
		return VIGIE_EXIT_TARGET;
	}
	return rc;
}
