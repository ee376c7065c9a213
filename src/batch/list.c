/* SPDX-License-Identifier: EUPL-1.2 */
/* The targets of a batch: list files, organisation listings, record keys. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <regex.h>

#include "vigie/batch.h"
#include "vigie/sys/forge.h"
#include "vigie/i18n.h"
#include "vigie/report.h"
#include "vigie/target.h"
#include "grow.h"
#include "banned.h"

#define LINE_MAX_BYTES 4096
#define LIST_MAX_BYTES (64L << 20)

static void origin_release(struct vigie_batch_origin *o)
{
	free(o->clone_url);
	free(o->forge);
	free(o->api_url);
	free(o->host);
	free(o->repo);
	memset(o, 0, sizeof(*o));
}

void vigie_batch_list_release(struct vigie_batch_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i]);
		if (l->from)
			origin_release(&l->from[i]);
	}
	free(l->v);
	free(l->from);
	memset(l, 0, sizeof(*l));
}

const struct vigie_batch_origin *
vigie_batch_list_origin(const struct vigie_batch_list *l, size_t i)
{
	return l->from && i < l->n && l->from[i].clone_url ? &l->from[i] : NULL;
}

/* Room for one more entry, in v and in from (whose new rows are zeroed). */
static int grow(struct vigie_batch_list *l)
{
	size_t c_v = l->alloc, c_from = l->alloc;

	if (l->n < l->alloc)
		return 0;
	/* two arrays of one length: each grown, the smaller kept */
	if (vigie_grow(&l->v, &c_v, l->n + 1, 64) < 0 ||
	    vigie_grow(&l->from, &c_from, l->n + 1, 64) < 0)
		return VIGIE_ENOMEM;
	memset(l->from + l->alloc, 0, (c_from - l->alloc) * sizeof(*l->from));
	l->alloc = c_v < c_from ? c_v : c_from;
	return 0;
}

/* Append target (a copy), and take *o when o is not NULL. */
static int append(struct vigie_batch_list *l, const char *target,
		  struct vigie_batch_origin *o)
{
	if (grow(l) < 0)
		return VIGIE_EGENERIC;
	l->v[l->n] = strdup(target);
	if (!l->v[l->n])
		return VIGIE_EGENERIC;
	if (o) {
		l->from[l->n] = *o;
		memset(o, 0, sizeof(*o));
	}
	l->n++;
	return 0;
}

int vigie_batch_list_add(struct vigie_batch_list *l, const char *target)
{
	size_t i;

	/* Linear, but lists are read once; a few thousand entries is cheap. */
	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], target))
			return 0;
	return append(l, target, NULL);
}

static bool blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

int vigie_batch_list_read(struct vigie_batch_list *l, const char *path,
			  struct vigie_error *err)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0, total = 0;
	struct stat st;
	int rc = 0;

	if (!f)
		return vigie_error_set(err, errno == ENOENT ? VIGIE_ENOTFOUND
							    : VIGIE_EGENERIC,
				       path, N_("cannot read target list: %s"),
				       strerror(errno));
	/* A regular file is measured first: no line can then outgrow it. */
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > LIST_MAX_BYTES) {
		fclose(f);
		return vigie_error_set(err, VIGIE_ELIMIT, path,
				       N_("target list larger than %ld bytes"),
				       LIST_MAX_BYTES);
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *s = line, *e = line + len;
		lineno++;
		total += len;
		if (total > LIST_MAX_BYTES) {
			rc = vigie_error_set(err, VIGIE_ELIMIT, path,
					     N_("target list larger than %ld bytes"),
					     LIST_MAX_BYTES);
			break;
		}
		if (len > LINE_MAX_BYTES) {
			rc = vigie_error_set(err, VIGIE_ELIMIT, path,
					     N_("line %ld longer than %d bytes"),
					     lineno, LINE_MAX_BYTES);
			break;
		}
		if (memchr(line, '\0', (size_t)len)) {
			rc = vigie_error_set(err, VIGIE_EINVALID, path,
					     N_("line %ld holds a NUL byte"), lineno);
			break;
		}
		while (s < e && blank((unsigned char)*s))
			s++;
		while (e > s && blank((unsigned char)e[-1]))
			e--;
		*e = '\0';
		if (!*s || *s == '#')
			continue;
		if (vigie_batch_list_add(l, s) < 0) {
			rc = vigie_error_set(err, VIGIE_ENOMEM, path,
					     N_("out of memory"));
			break;
		}
	}
	if (!rc && ferror(f))
		rc = vigie_error_set(err, VIGIE_EGENERIC, path,
				     N_("cannot read target list: %s"),
				     strerror(errno));
	free(line);
	fclose(f);
	return rc;
}

/* The organisation shorthands.  Sorted by prefix. */
static const struct org_shorthand {
	const char *prefix;
	const char *kind;         /* the forge's API */
	const char *default_host; /* named without a host; NULL: HOST/ first */
	bool deep;                /* groups nest, GROUP[/SUB...]/NAME */
} org_shorthands[] = {
	{ "codeberg:", "gitea", "codeberg.org", false },
	{ "forgejo:", "gitea", NULL, false },
	{ "gitea:", "gitea", NULL, false },
	{ "github:", "github", "github.com", false },
	{ "gitlab:", "gitlab", "gitlab.com", true },
};

/* An organisation spec, split: host (NULL for the public instance), owner. */
struct org_spec {
	const struct org_shorthand *sh;
	const char *host; /* into the spec, hostlen bytes */
	size_t hostlen;
	const char *owner;
};

static int count_parts(const char *s)
{
	int n = 1;

	if (!*s || *s == '/' || s[strlen(s) - 1] == '/')
		return 0;
	for (; *s; s++)
		if (*s == '/')
			n++;
	return n;
}

/*
 * Is spec an organisation, PREFIX:[HOST/]OWNER?  A first part with a dot
 * or a port is a host (vigie_target_names_host): github:ORG/NAME is a
 * repository, github:ghe.example.org/ORG an organisation.  GitLab groups
 * nest, so gitlab:GROUP/SUB is a project, never a subgroup.  A spec with
 * credentials is no organisation (it is not listed, and never shown).
 */
static bool org_parse(struct org_spec *out, const char *spec)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < VIGIE_ARRAY_SIZE(org_shorthands); i++) {
		const struct org_shorthand *sh = &org_shorthands[i];
		const char *rest = spec + strlen(sh->prefix), *slash;
		int parts;
		bool host;

		if (strncmp(spec, sh->prefix, strlen(sh->prefix)))
			continue;
		parts = count_parts(rest);
		slash = strchr(rest, '/');
		if (!parts || strchr(rest, '@'))
			return false;
		host = !sh->default_host ||
		       (slash && vigie_target_names_host(rest, (size_t)(slash - rest)));
		if (parts != (host ? 2 : 1))
			return false;
		out->sh = sh;
		out->owner = host ? slash + 1 : rest;
		if (host) {
			out->host = rest;
			out->hostlen = (size_t)(slash - rest);
		}
		return true;
	}
	return false;
}

bool vigie_batch_is_org(const char *spec)
{
	struct org_spec o;

	return org_parse(&o, spec);
}

/* Keep a listed repository?  Archived ones and forks only when asked. */
static bool wanted(json_t *r, const struct vigie_batch_org_opts *opts,
		   const regex_t *re)
{
	const char *repo = json_string_value(json_object_get(r, "repo"));

	if (!repo)
		return false;
	if (json_is_true(json_object_get(r, "archived")) &&
	    !(opts && opts->include_archived))
		return false;
	if (json_is_true(json_object_get(r, "fork")) &&
	    !(opts && opts->include_forks))
		return false;
	return !re || regexec(re, repo, 0, NULL, 0) == 0;
}

/*
 * The host that names the repositories of a listing made through api_url
 * when the spec names none: the API's host and port (GitHub's "api."
 * dropped: api.github.com, GHE.com's api.SUBDOMAIN.ghe.com), NULL for the
 * shorthand's public instance.  *out is NULL or new.
 */
static int key_host(char **out, const struct org_shorthand *sh,
		    const char *api_url)
{
	struct vigie_http_origin o;
	struct vigie_buf b = VIGIE_BUF_INIT;
	const char *h;
	long def;
	int rc = 0;

	*out = NULL;
	if (!api_url)
		return 0;
	rc = vigie_http_url_origin(&o, api_url);
	if (rc < 0) {
		vigie_http_origin_release(&o);
		return rc == VIGIE_ENOMEM ? VIGIE_EGENERIC : 0;
	}
	h = o.host;
	if (!strcmp(sh->kind, "github") && !strncmp(h, "api.", 4) && h[4])
		h += 4;
	def = !strcmp(o.scheme, "https") ? 443 : 80;
	if (o.port == def && sh->default_host && !strcmp(h, sh->default_host))
		goto out;
	if (vigie_buf_puts(&b, h) < 0 ||
	    (o.port != def && vigie_buf_printf(&b, ":%ld", o.port) < 0)) {
		vigie_buf_release(&b);
		rc = VIGIE_EGENERIC;
		goto out;
	}
	*out = vigie_buf_detach(&b, NULL);
	rc = *out ? 0 : VIGIE_EGENERIC;
out:
	vigie_http_origin_release(&o);
	return rc;
}

static bool loopback_host(const char *host)
{
	static const char *const names[] = { "127.0.0.1", "localhost", "[::1]" };
	size_t i, n = strlen(host);

	/* host:port, or [v6]:port */
	if (host[0] != '[' && strchr(host, ':'))
		n = (size_t)(strchr(host, ':') - host);
	else if (host[0] == '[' && strchr(host, ']'))
		n = (size_t)(strchr(host, ']') - host) + 1;
	for (i = 0; i < VIGIE_ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == n && !strncmp(host, names[i], n))
			return true;
	return false;
}

/*
 * The clone URL is what the forge says, so it may be on another host than
 * the API (a forge serving git under its own name); what it may not do is
 * carry credentials, read local files, or downgrade to plain text.
 */
const char *vigie_batch_clone_url_refused(const char *url, const char *api)
{
	static const char *const schemes[] = {
		"git://", "http://", "https://", "ssh://",
	};
	struct vigie_target t;
	struct vigie_error err;
	const char *auth, *end, *at, *why = NULL, *c;
	size_t i;

	if (!url || !*url)
		return "none given";
	if (strlen(url) > 2048)
		return "a clone URL longer than 2048 bytes";
	for (c = url; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == 0x7f || *c == '\\')
			return "a blank or a control character";
	for (i = 0; i < VIGIE_ARRAY_SIZE(schemes); i++)
		if (!strncmp(url, schemes[i], strlen(schemes[i])))
			break;
	if (i == VIGIE_ARRAY_SIZE(schemes))
		return "not an http(s), git or ssh URL";
	if (strpbrk(url, "?#"))
		return "a query or a fragment";
	auth = strstr(url, "://") + 3;
	end = auth + strcspn(auth, "/");
	at = memchr(auth, '@', (size_t)(end - auth));
	/* ssh://git@host/... names a user; anything more is a credential. */
	if (at && (strncmp(url, "ssh://", 6) ||
		   memchr(auth, ':', (size_t)(at - auth))))
		return "credentials";
	if (vigie_target_parse(&t, url, &err) < 0)
		return "not a repository URL";
	if (t.kind != VIGIE_TARGET_URL || !t.host || !*t.host || !t.repo ||
	    !*t.repo)
		why = "not a repository URL";
	else if (api && !strncmp(api, "https://", 8) &&
		 (!strncmp(url, "http://", 7) || !strncmp(url, "git://", 6)) &&
		 !loopback_host(t.host))
		why = "plain http or git from an https API";
	vigie_target_release(&t);
	return why;
}

/* Tell opts->warn that a listed repository is left out, url shown safe. */
static void warn_refused(const struct vigie_batch_org_opts *opts,
			 const char *kind, const char *repo, const char *url,
			 const char *why)
{
	struct vigie_buf msg = VIGIE_BUF_INIT, shown = VIGIE_BUF_INIT;
	char *redacted = url ? vigie_url_redact(url) : NULL;

	if (!opts || !opts->warn)
		goto out;
	if (vigie_escape_text(&shown, redacted ? redacted : "",
			      redacted ? strlen(redacted) : 0) < 0 ||
	    vigie_buf_printf(&msg, "the %s API gave no usable clone URL for "
				   "%s ('%s': %s): left out", kind, repo,
			     shown.ptr ? shown.ptr : "", why) < 0)
		goto out;
	opts->warn(msg.ptr, opts->warn_payload);
out:
	free(redacted);
	vigie_buf_release(&msg);
	vigie_buf_release(&shown);
}

/* The origin of one listed repository; 0, or VIGIE_EGENERIC. */
static int origin_of(struct vigie_batch_origin *o, const struct org_spec *sp,
		     const char *api_url, const char *url, const char *repo)
{
	const char *host = sp->host ? sp->host : sp->sh->default_host;
	size_t hostlen = sp->host ? sp->hostlen : host ? strlen(host) : 0;

	memset(o, 0, sizeof(*o));
	o->clone_url = strdup(url);
	o->forge = strdup(sp->sh->kind);
	o->repo = strdup(repo);
	o->api_url = api_url ? strdup(api_url) : NULL;
	o->host = host ? strndup(host, hostlen) : NULL;
	if (!o->clone_url || !o->forge || !o->repo ||
	    (api_url && !o->api_url) || (host && !o->host)) {
		origin_release(o);
		return VIGIE_EGENERIC;
	}
	return 0;
}

int vigie_batch_list_org(struct vigie_batch_list *l, const char *spec,
			 const struct vigie_batch_org_opts *opts,
			 struct vigie_error *err)
{
	struct vigie_forge_opts fo;
	struct vigie_forge *forge = NULL;
	struct vigie_buf target = VIGIE_BUF_INIT;
	struct vigie_batch_origin origin;
	struct org_spec sp;
	const char *api_url = opts && opts->api_url && *opts->api_url
				      ? opts->api_url : NULL;
	char *host = NULL, *khost = NULL;
	json_t *repos = NULL, *r, *seen = NULL;
	regex_t re;
	bool have_re = false;
	size_t i;
	int rc;

	memset(&origin, 0, sizeof(origin));
	if (opts && opts->version != VIGIE_BATCH_ORG_OPTIONS_VERSION)
		return vigie_error_set(err, VIGIE_EINVALID, NULL,
				       N_("%s version %u is unknown to this libvigie (it knows %u)"),
				       "struct vigie_batch_org_opts", opts->version,
				       VIGIE_BATCH_ORG_OPTIONS_VERSION);
	if (!org_parse(&sp, spec))
		return vigie_error_set(err, VIGIE_EINVALID, spec,
				       N_("not an organisation (github:[HOST/]ORG, "
					  "gitlab:[HOST/]GROUP, gitea:HOST/ORG, "
					  "forgejo:HOST/ORG, codeberg:ORG)"));
	if (sp.host) {
		host = strndup(sp.host, sp.hostlen);
		if (!host)
			return vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
	}
	if (opts && opts->match) {
		int rerr = regcomp(&re, opts->match, REG_EXTENDED | REG_NOSUB);
		if (rerr) {
			char msg[256];
			regerror(rerr, &re, msg, sizeof(msg));
			free(host);
			return vigie_error_set(err, VIGIE_EINVALID, opts->match,
					       N_("invalid --match pattern: %s"), msg);
		}
		have_re = true;
	}
	vigie_forge_opts_init(&fo);
	fo.kind = sp.sh->kind;
	fo.host = host ? host : sp.sh->default_host;
	fo.api_url = api_url;
	if (opts) {
		fo.http.ca_file = opts->ca_file;
		fo.http.ca_path = opts->ca_path;
	}
	rc = vigie_forge_new(&forge, &fo, err);
	if (!rc)
		rc = vigie_forge_list(&repos, forge, sp.owner, err);
	if (forge && opts && opts->warn)
		json_array_foreach(vigie_forge_warnings(forge), i, r)
			opts->warn(json_string_value(json_object_get(r,
							"message")),
				   opts->warn_payload);
	if (rc) {
		vigie_error_prefix(err, N_("cannot list %s"), spec);
		goto out;
	}
	/* The spec's host names the repositories, else the --api-url's. */
	if (!host && key_host(&khost, sp.sh, api_url) < 0) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
		goto out;
	}
	/* The targets already listed, so that adding many stays linear. */
	seen = json_object();
	for (i = 0; seen && i < l->n; i++)
		json_object_set_new(seen, l->v[i], json_true());
	if (!seen) {
		rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
		goto out;
	}
	/*
	 * A repository is known by its forge shorthand, the same key whatever
	 * the API returns, and cloned from the URL the listing gave.
	 */
	json_array_foreach(repos, i, r) {
		const char *name = json_string_value(json_object_get(r, "repo"));
		const char *url = json_string_value(json_object_get(r, "url"));
		const char *kh = host ? host : khost, *why;

		if (!wanted(r, opts, have_re ? &re : NULL))
			continue;
		why = vigie_batch_clone_url_refused(url,
						    vigie_forge_api_url(forge));
		if (why) {
			warn_refused(opts, sp.sh->kind, name, url, why);
			continue;
		}
		vigie_buf_clear(&target);
		if (vigie_buf_printf(&target, "%s%s%s%s", sp.sh->prefix,
				     kh ? kh : "", kh ? "/" : "", name) < 0)
			goto nomem;
		if (json_object_get(seen, target.ptr))
			continue;
		if (origin_of(&origin, &sp, api_url, url, name) < 0 ||
		    append(l, target.ptr, &origin) < 0 ||
		    json_object_set_new(seen, target.ptr, json_true()) < 0)
			goto nomem;
	}
	goto out;
nomem:
	rc = vigie_error_set(err, VIGIE_ENOMEM, "", N_("out of memory"));
out:
	origin_release(&origin);
	json_decref(seen);
	if (have_re)
		regfree(&re);
	json_decref(repos);
	vigie_forge_free(forge);
	vigie_buf_release(&target);
	free(host);
	free(khost);
	return rc;
}

char *vigie_batch_key(const char *target)
{
	return vigie_url_redact(target);
}
