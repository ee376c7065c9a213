/* SPDX-License-Identifier: EUPL-1.2 */
/* Identities: bots and translation platforms apart, e-mail domains to organisations. */
#include <ctype.h>
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libpsl.h>
#include <pthread.h>

#include "identity.h"
#include "vigie/i18n.h"
#include "banned.h"

#define PART_MAX 320

/* Addresses and names of translation platforms (checked before bots). */
static const char *const translation_domains[] = {
	"crowdin.com", "transifex.com", "weblate.org",
};
static const char *const translation_names[] = {
	"crowdin", "pontoon", "transifex", "weblate",
};

/*
 * Titles of commits made by translation platforms, lowercase: a prefix,
 * then a fragment that must follow it (or ""), then how the title ends.
 */
static const struct {
	const char *prefix, *then, *end;
} translation_titles[] = {
	{ "[transifex]", "", "" },
	{ "added translation using weblate", "", "" },
	{ "deleted translation using weblate", "", "" },
	{ "new crowdin ", "", "" },
	{ "new translations ", " (", ")" },       /* Crowdin */
	{ "pontoon: ", "", "" },
	{ "translate '", "' in '", "'" },          /* Transifex */
	{ "translated using weblate", "", "" },
	{ "update translations from transifex", "", "" },
};

/* Exact bot addresses: CI services and forges committing on their own. */
static const char *const bot_emails[] = {
	"action@github.com",
	"actions@github.com",
	"bot@renovateapp.com",
	"noreply@github.com",
	"noreply@gitlab.com",
	"support@dependabot.com",
};

/* Substrings of a name or address that only bots carry. */
static const char *const bot_marks[] = {
	"[bot]", "dependabot", "github-actions", "greenkeeper", "renovate",
};

/* Free-mail providers: each of their addresses is an individual. */
static const char *const freemail_domains[] = {
	"126.com", "163.com", "aol.com", "bbox.fr", "disroot.org", "duck.com",
	"fastmail.com", "fastmail.fm", "free.fr", "gmail.com",
	"googlemail.com", "hey.com", "icloud.com", "laposte.net", "libero.it",
	"live.com", "live.fr", "mac.com", "mail.com", "mail.ru", "mailbox.org",
	"me.com", "msn.com", "naver.com", "neuf.fr", "numericable.fr",
	"orange.fr", "pm.me", "posteo.de", "posteo.net", "proton.me",
	"protonmail.ch", "protonmail.com", "qq.com", "rambler.ru",
	"riseup.net", "seznam.cz", "sfr.fr", "t-online.de", "tuta.io",
	"tutanota.com", "users.sourceforge.net", "wanadoo.fr", "web.de",
	"zoho.com",
};

/* Providers spread over many suffixes: yahoo.co.uk, hotmail.fr, gmx.de... */
static const char *const freemail_labels[] = {
	"gmx", "hotmail", "outlook", "yahoo", "yandex", "ymail",
};

/* Domains of machines rather than organisations. */
static const char *const local_suffixes[] = {
	".home", ".internal", ".lan", ".local", ".localdomain", "(none)",
	"localhost",
};

/*
 * libpsl is opened when the first address is classified, on the history's
 * thread: linked at load time, it and the two libraries it brings
 * (libidn2, libunistring, bound at once) cost every process 0.3 to 0.7 ms
 * before main, `vigie --version` and `vigie license` included.  The list
 * compiled into libpsl, else the system's copy (Debian's publicsuffix
 * package), loaded once and kept for the process's life.
 */
#define PSL_SONAME "libpsl.so.5"

static struct {
	__typeof__(psl_builtin) *builtin;
	__typeof__(psl_latest) *latest;
	__typeof__(psl_registrable_domain) *registrable_domain;
} psl_api;
static const psl_ctx_t *psl;
static char psl_failure[256];
static pthread_once_t psl_once = PTHREAD_ONCE_INIT;

static void psl_load(void)
{
	void *lib = dlopen(PSL_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (!lib) {
		snprintf(psl_failure, sizeof(psl_failure), "%s", dlerror());
		return;
	}
	/* (a function pointer from dlsym's void *: POSIX's way) */
	*(void **)&psl_api.builtin = dlsym(lib, "psl_builtin");
	*(void **)&psl_api.latest = dlsym(lib, "psl_latest");
	*(void **)&psl_api.registrable_domain =
		dlsym(lib, "psl_registrable_domain");
	if (!psl_api.builtin || !psl_api.latest ||
	    !psl_api.registrable_domain) {
		snprintf(psl_failure, sizeof(psl_failure), "%s",
			 "a function is missing");
		return;
	}
	psl = psl_api.builtin();
	if (!psl)
		psl = psl_api.latest(NULL);
}

int vigie_identity_load(struct vigie_error *err)
{
	if (pthread_once(&psl_once, psl_load) != 0 || psl_failure[0])
		return vigie_error_set(err, VIGIE_EGENERIC, "",
				       N_("cannot load %s: %s"), PSL_SONAME,
				       psl_failure[0] ? psl_failure
						      : "pthread_once");
	return 0;
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

static bool contains_any(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strstr(s, list[i]))
			return true;
	return false;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

static void lower_copy(char *out, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < n; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
}

/*
 * A name with the word "bot" in it: "Social Groovy Bot", "Nextcloud bot",
 * "ci-bot" (not Abbott nor Talbot).
 */
static bool bot_name(const char *n)
{
	const char *p;

	for (p = strstr(n, "bot"); p; p = strstr(p + 1, "bot"))
		if ((p == n || !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[3]))
			return true;
	return false;
}

/*
 * A local part that names a bot: bot@, ci-bot, release_bot,
 * project_12_bot_x; or a no-reply address of a CI system (a person's
 * forge address is 123+login@users.noreply.github.com).
 */
static bool bot_local_part(const char *local, size_t len)
{
	static const char seps[] = "-_.+";
	static const char *const noreply[] = { "bot", "noreply", "no-reply",
					       "no_reply" };
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(noreply); i++)
		if (len == strlen(noreply[i]) && !strncmp(local, noreply[i], len))
			return true;
	if (len >= 4 && !strncmp(local + len - 3, "bot", 3) &&
	    strchr(seps, local[len - 4]))
		return true;
	for (i = 0; i + 5 <= len; i++)
		if (!strncmp(local + i, "_bot_", 5))
			return true;
	return false;
}

enum vigie_identity_kind vigie_identity_kind(const char *name,
					     const char *email)
{
	char n[PART_MAX], e[PART_MAX];
	const char *at, *domain;

	lower_copy(n, sizeof(n), name ? name : "");
	lower_copy(e, sizeof(e), email ? email : "");
	at = strrchr(e, '@');
	domain = at ? at + 1 : "";
	if (in_list(domain, translation_domains,
		    VIGIE_ARRAY_SIZE(translation_domains)) ||
	    contains_any(n, translation_names,
			 VIGIE_ARRAY_SIZE(translation_names)))
		return VIGIE_IDENTITY_TRANSLATION;
	if (in_list(e, bot_emails, VIGIE_ARRAY_SIZE(bot_emails)) ||
	    contains_any(n, bot_marks, VIGIE_ARRAY_SIZE(bot_marks)) ||
	    contains_any(e, bot_marks, VIGIE_ARRAY_SIZE(bot_marks)) ||
	    bot_name(n) || (at && bot_local_part(e, (size_t)(at - e))))
		return VIGIE_IDENTITY_BOT;
	/* An author without an address: an automation's commits
	 * (fsfe-system <>), nobody who can be written to. */
	if (email && !email[0] && n[0])
		return VIGIE_IDENTITY_BOT;
	return VIGIE_IDENTITY_PERSON;
}

bool vigie_identity_translation_title(const char *title, size_t len)
{
	char t[PART_MAX];
	size_t i, n = len < sizeof(t) - 1 ? len : sizeof(t) - 1;

	for (i = 0; i < n; i++)
		t[i] = (char)tolower((unsigned char)title[i]);
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\r' || t[n - 1] == '.'))
		n--;
	t[n] = '\0';
	for (i = 0; i < VIGIE_ARRAY_SIZE(translation_titles); i++) {
		size_t k = strlen(translation_titles[i].prefix);
		const char *rest = t + k, *end = translation_titles[i].end;
		if (strncmp(t, translation_titles[i].prefix, k))
			continue;
		if (*translation_titles[i].then &&
		    !strstr(rest, translation_titles[i].then))
			continue;
		if (*end && (n < k + strlen(end) ||
			     strcmp(t + n - strlen(end), end)))
			continue;
		return true;
	}
	return false;
}

/* A dotted quad or anything with ':' (IPv6) is an address, not a domain. */
static bool is_ip(const char *d)
{
	size_t i;

	if (strchr(d, ':'))
		return true;
	for (i = 0; d[i]; i++)
		if (!isdigit((unsigned char)d[i]) && d[i] != '.')
			return false;
	return true;
}

/* A label "noreply" anywhere: users.noreply.github.com, noreply.codeberg.org. */
static bool forge_noreply(const char *d)
{
	const char *p = d;

	while ((p = strstr(p, "noreply")) != NULL) {
		bool starts = p == d || p[-1] == '.';
		bool ends = p[7] == '.';
		if (starts && ends)
			return true;
		p += 7;
	}
	return false;
}

static bool valid_domain(const char *d)
{
	size_t i;

	if (!*d || *d == '.' || !strchr(d, '.') || ends_with(d, "."))
		return false;
	for (i = 0; d[i]; i++) {
		unsigned char c = (unsigned char)d[i];
		if (!(isalnum(c) || c == '-' || c == '.' || c >= 0x80))
			return false;
		if (c == '.' && d[i + 1] == '.')
			return false;
	}
	return true;
}

enum vigie_identity_org vigie_identity_org(char *out, size_t n,
					   const char *email)
{
	char e[PART_MAX], first[64];
	const char *at, *domain, *reg, *dot;
	size_t i, len;

	out[0] = '\0';
	lower_copy(e, sizeof(e), email ? email : "");
	at = strrchr(e, '@');
	if (!at)
		return VIGIE_IDENTITY_SELF;
	domain = at + 1;
	if (!valid_domain(domain) || is_ip(domain) || forge_noreply(domain))
		return VIGIE_IDENTITY_SELF;
	for (i = 0; i < VIGIE_ARRAY_SIZE(local_suffixes); i++)
		if (ends_with(domain, local_suffixes[i]))
			return VIGIE_IDENTITY_SELF;
	pthread_once(&psl_once, psl_load);
	reg = psl ? psl_api.registrable_domain(psl, domain) : NULL;
	if (!reg)
		return VIGIE_IDENTITY_SELF;
	if (in_list(reg, freemail_domains, VIGIE_ARRAY_SIZE(freemail_domains)) ||
	    in_list(domain, freemail_domains, VIGIE_ARRAY_SIZE(freemail_domains)))
		return VIGIE_IDENTITY_SELF;
	dot = strchr(reg, '.');
	len = dot ? (size_t)(dot - reg) : strlen(reg);
	if (len < sizeof(first)) {
		memcpy(first, reg, len);
		first[len] = '\0';
		if (in_list(first, freemail_labels,
			    VIGIE_ARRAY_SIZE(freemail_labels)))
			return VIGIE_IDENTITY_SELF;
	}
	len = strlen(reg);
	if (len + 1 > n)
		return VIGIE_IDENTITY_SELF;
	memcpy(out, reg, len + 1);
	return VIGIE_IDENTITY_ORG;
}
