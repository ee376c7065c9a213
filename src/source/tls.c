/* SPDX-License-Identifier: EUPL-1.2 */
/* The CA certificates TLS verifies against: flags, git's settings, OpenSSL's. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "git2_api.h"

#include "vigie/i18n.h"
#include "vigie/source.h"
#include "internal.h"
#include "banned.h"

void vigie_source_ca_release(struct vigie_source_ca *ca)
{
	if (!ca)
		return;
	free(ca->file);
	free(ca->path);
	memset(ca, 0, sizeof(*ca));
}

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* A value of the user's or system's git configuration (~ expanded). */
static char *git_setting(git_config *cfg, const char *name)
{
	git_buf b = { 0 };
	char *v = NULL;

	if (cfg && git_config_get_path(&b, cfg, name) == 0 && b.ptr && *b.ptr)
		v = strdup(b.ptr);
	git_buf_dispose(&b);
	git_error_clear();
	return v;
}

/*
 * One level of the precedence: a file and a directory, each named by a
 * variable and, at git's level, by a key of the git configuration the
 * variable overrides.
 */
struct level {
	const char *file_env, *file_key;
	const char *path_env, *path_key;
};

static const struct level levels[] = {
	{ "GIT_SSL_CAINFO", "http.sslCAInfo", "GIT_SSL_CAPATH", "http.sslCAPath" },
	{ "SSL_CERT_FILE", NULL, "SSL_CERT_DIR", NULL },
};

static int take(char **slot, const char **from, git_config *cfg,
		const char *var, const char *key)
{
	if (var && env(var)) {
		*from = var;
		*slot = strdup(env(var));
	} else if (key && (*slot = git_setting(cfg, key))) {
		*from = key;
	}
	return *from && !*slot ? -1 : 0;
}

static int from_levels(struct vigie_source_ca *out)
{
	git_config *cfg = NULL;
	size_t i;
	int rc = 0;

	if (git_config_open_default(&cfg) < 0) {
		git_error_clear();
		cfg = NULL;
	}
	for (i = 0; i < VIGIE_ARRAY_SIZE(levels) && rc == 0; i++) {
		const struct level *l = &levels[i];
		if (take(&out->file, &out->file_from, cfg, l->file_env,
			 l->file_key) < 0 ||
		    take(&out->path, &out->path_from, cfg, l->path_env,
			 l->path_key) < 0)
			rc = -1;
		if (out->file_from || out->path_from)
			break;
	}
	git_config_free(cfg);
	return rc;
}

/* Can what is named be read?  err names it and where it came from. */
static int check(const char *name, bool dir, const char *from,
		 struct vigie_error *err)
{
	struct stat st;
	int fd, e;

	fd = open(name, (dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		return vigie_error_set(err, e == ENOENT ? VIGIE_ENOTFOUND
							: VIGIE_EINVALID,
				       name, dir ? N_("cannot read the CA "
						      "directory (%s): %s")
						 : N_("cannot read the CA file "
						      "(%s): %s"),
				       from, strerror(e));
	}
	e = fstat(fd, &st);
	close(fd);
	if (!dir && (e != 0 || !S_ISREG(st.st_mode)))
		return vigie_error_set(err, VIGIE_EINVALID, name,
				       N_("cannot read the CA file (%s): not a "
				       "regular file"), from);
	return 0;
}

int vigie_source_ca_resolve(struct vigie_source_ca *out, const char *file,
			    const char *path, struct vigie_error *err)
{
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (file || path) {
		out->file = file ? strdup(file) : NULL;
		out->path = path ? strdup(path) : NULL;
		out->file_from = file ? "--ca-file" : NULL;
		out->path_from = path ? "--ca-path" : NULL;
		if ((file && !out->file) || (path && !out->path))
			rc = -1;
	} else if (vigie_git2_load(err) < 0) {
		/* git's configuration is read by libgit2 */
		return VIGIE_EGENERIC;
	} else {
		rc = from_levels(out);
	}
	if (rc < 0) {
		vigie_source_ca_release(out);
		return vigie_error_set(err, VIGIE_ENOMEM, "",
				       N_("out of memory"));
	}
	if ((out->file &&
	     (rc = check(out->file, false, out->file_from, err)) < 0) ||
	    (out->path &&
	     (rc = check(out->path, true, out->path_from, err)) < 0)) {
		vigie_source_ca_release(out);
		return rc;
	}
	return 0;
}

bool vigie_source_ca_wanted(const struct vigie_target *t)
{
	return t && t->url && !strncmp(t->url, "https://", 8);
}

int vigie_source_ca_apply(const struct vigie_source_ca *ca,
			  const struct vigie_target *t, struct vigie_error *err)
{
	const git_error *ge;

	if (!ca->file && !ca->path)
		return 0;
	if (vigie_git2_load(err) < 0)
		return VIGIE_EGENERIC;
	if (git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, ca->file,
			     ca->path) == 0)
		return 0;
	ge = git_error_last();
	return vigie_error_set(err, VIGIE_EINVALID, t->display,
			       N_("cannot load the CA certificates of %s "
			       "(%s): %s"),
			       ca->file ? ca->file : ca->path,
			       ca->file ? ca->file_from : ca->path_from,
			       ge && ge->message ? ge->message : "unknown error");
}
