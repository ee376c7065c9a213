/* SPDX-License-Identifier: EUPL-1.2 */
/* Codes of conduct: template by text similarity, contact by its context. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vigie/conduct.h"
#include "vigie/license.h"
#include "vigie/sys/license.h"
#include "text.h"
#include "banned.h"

/* How far before an address its paragraph may say what it is for. */
#define CONTEXT_BYTES 300

static const char *const contact_names[VIGIE_CONDUCT_CONTACT_COUNT] = {
	"none", "email", "url",
};

const char *vigie_conduct_contact_name(enum vigie_conduct_contact c)
{
	return c < VIGIE_CONDUCT_CONTACT_COUNT ? contact_names[c] : "unknown";
}

/* Words saying that what follows is where to report (folded, no accents). */
static const char *const contact_words[] = {
	"report", "contact", "reach", "email", "e-mail", "mail", "notify",
	"complain", "web form", "this form", "signal", "joindre", "ecri",
	"courriel", "adresse", "plainte", "formulaire",
};

/*
 * Addresses of the templates themselves (attribution, FAQ, translations,
 * licenses), never a project's contact.  A host matches itself and its
 * subdomains; a path prefix narrows it.
 */
static const struct {
	const char *host, *path;
} template_hosts[] = {
	{ "citizencodeofconduct.org", "" },
	{ "contributor-covenant.org", "" },
	{ "creativecommons.org", "" },
	{ "djangoproject.com", "/conduct" },
	{ "geekfeminism.org", "" },
	{ "geekfeminism.wikia.com", "" },
	{ "github.com", "/mozilla/" },
	{ "stumptownsyndicate.org", "" },
	{ "web.archive.org", "" },
};

static bool is_local_char(int c)
{
	return isalnum(c) || (c && strchr("._%+-", c));
}

static bool is_domain_char(int c)
{
	return isalnum(c) || c == '.' || c == '-';
}

/* Is the line holding text[at] a copyright line? */
static bool on_copyright_line(const char *text, size_t at)
{
	size_t s = at;

	while (s > 0 && text[s - 1] != '\n')
		s--;
	while (s < at && strchr(" \t#*>-", text[s]))
		s++;
	return at - s >= 9 && !strncasecmp(text + s, "copyright", 9);
}

/* Does the paragraph before text[at] (up to CONTEXT_BYTES) speak of
 * reporting or contacting? */
static bool in_contact_context(const char *text, size_t at)
{
	struct vigie_buf fold = VIGIE_BUF_INIT;
	size_t s = at > CONTEXT_BYTES ? at - CONTEXT_BYTES : 0, k;
	bool found = false;

	/* the paragraph only: stop at the last blank line */
	for (k = at; k > s + 1; k--)
		if (text[k - 1] == '\n' && text[k - 2] == '\n') {
			s = k;
			break;
		}
	if (vigie_text_fold(&fold, text + s, at - s) < 0 || !fold.ptr) {
		vigie_buf_release(&fold);
		return false;
	}
	for (k = 0; k < VIGIE_ARRAY_SIZE(contact_words) && !found; k++)
		found = strstr(fold.ptr, contact_words[k]) != NULL;
	vigie_buf_release(&fold);
	return found;
}

/* The e-mail address around the '@' at text[at], or false. */
static bool email_at(const char *text, size_t len, size_t at, size_t *start,
		     size_t *end)
{
	size_t s = at, e = at + 1, dot = 0, k;

	while (s > 0 && at - s < 64 && is_local_char((unsigned char)text[s - 1]))
		s--;
	while (e < len && e - at < 255 && is_domain_char((unsigned char)text[e]))
		e++;
	while (e > at + 1 && (text[e - 1] == '.' || text[e - 1] == '-'))
		e--;
	while (s < at && text[s] == '.')
		s++;
	if (s == at || e == at + 1)
		return false;
	for (k = at + 1; k < e; k++)
		if (text[k] == '.')
			dot = k;
	if (!dot || e - dot - 1 < 2)
		return false;
	for (k = dot + 1; k < e; k++)
		if (!isalpha((unsigned char)text[k]))
			return false;
	*start = s;
	*end = e;
	return true;
}

/* "[at]", "(at)", "{at}" (any case) at text[i], with the spaces around
 * it; its length, or 0. */
static size_t spelled(const char *text, size_t len, size_t i, const char *word)
{
	static const char *const pairs[] = { "[]", "()", "{}" };
	size_t k, n = strlen(word), s = i;

	while (s < len && text[s] == ' ')
		s++;
	for (k = 0; k < VIGIE_ARRAY_SIZE(pairs); k++) {
		size_t e = s + 1 + n;
		if (e < len && text[s] == pairs[k][0] &&
		    !strncasecmp(text + s + 1, word, n) && text[e] == pairs[k][1]) {
			e++;
			while (e < len && text[e] == ' ')
				e++;
			return e - i;
		}
	}
	return 0;
}

/*
 * An address spelled against harvesters, "name[at]host.org" or
 * "name (at) host (dot) org", whose "[at]" starts at text[i]: written out
 * whole into buf, its text ending at *end.
 */
static bool spelled_email_at(const char *text, size_t len, size_t i,
			     size_t *start, size_t *end, char *buf, size_t cap)
{
	size_t s = i, e, n = 0, dot = 0, k, w = spelled(text, len, i, "at");

	if (!w || i == 0 || !is_local_char((unsigned char)text[i - 1]))
		return false;
	while (s > 0 && i - s < 64 && is_local_char((unsigned char)text[s - 1]))
		s--;
	if (s == i || i - s + 1 >= cap)
		return false;
	memcpy(buf, text + s, i - s);
	n = i - s;
	buf[n++] = '@';
	for (e = i + w; e < len && n + 1 < cap;) {
		size_t d = spelled(text, len, e, "dot");
		if (d && n && buf[n - 1] != '@' && buf[n - 1] != '.') {
			buf[n++] = '.';
			e += d;
		} else if (is_domain_char((unsigned char)text[e])) {
			buf[n++] = text[e++];
		} else {
			break;
		}
	}
	while (n && (buf[n - 1] == '.' || buf[n - 1] == '-'))
		n--;
	buf[n] = '\0';
	for (k = 0; k < n; k++)
		if (buf[k] == '.' && k > i - s)
			dot = k;
	if (!dot || n - dot - 1 < 2)
		return false;
	for (k = dot + 1; k < n; k++)
		if (!isalpha((unsigned char)buf[k]))
			return false;
	*start = s;
	*end = e;
	return true;
}

/* The URL starting at text[at] ("http://" or "https://"), or false. */
static bool url_at(const char *text, size_t len, size_t at, size_t *end)
{
	size_t e = at;

	if (!(len - at >= 7 && !strncasecmp(text + at, "http://", 7)) &&
	    !(len - at >= 8 && !strncasecmp(text + at, "https://", 8)))
		return false;
	while (e < len && e - at < 255 && (unsigned char)text[e] > ' ' &&
	       !strchr("<>()[]\"'`", text[e]))
		e++;
	while (e > at && strchr(".,;:!?*_", text[e - 1]))
		e--;
	*end = e;
	return e - at > 8;
}

/* Is the URL one of the templates' own addresses? */
static bool template_url(const char *u, size_t n)
{
	const char *host = memchr(u, '/', n);
	size_t hn, pn, i;
	const char *path;

	if (!host || (size_t)(host - u) + 2 >= n)
		return false;
	host += 2;
	path = memchr(host, '/', n - (size_t)(host - u));
	hn = path ? (size_t)(path - host) : n - (size_t)(host - u);
	pn = path ? n - (size_t)(path - u) : 0;
	for (i = 0; i < VIGIE_ARRAY_SIZE(template_hosts); i++) {
		size_t th = strlen(template_hosts[i].host);
		size_t tp = strlen(template_hosts[i].path);
		bool same = hn == th && !strncasecmp(host, template_hosts[i].host, th);
		bool sub = hn > th && host[hn - th - 1] == '.' &&
			   !strncasecmp(host + hn - th, template_hosts[i].host, th);
		if (!same && !sub)
			continue;
		if (pn >= tp && !strncasecmp(path ? path : "", template_hosts[i].path, tp))
			return true;
	}
	return false;
}

/* *dst becomes a new copy of s[0, n), cut at VIGIE_CONDUCT_VALUE_MAX
 * bytes, or NULL when n is 0; -1 when out of memory. */
static int set_value(char **dst, const char *s, size_t n)
{
	char *v = NULL;

	if (n > VIGIE_CONDUCT_VALUE_MAX)
		n = VIGIE_CONDUCT_VALUE_MAX;
	if (n && !(v = strndup(s, n)))
		return -1;
	free(*dst);
	*dst = v;
	return 0;
}

/*
 * The contact: an e-mail address where the text speaks of reporting, else
 * a web address there, else any e-mail address (not on a copyright line).
 * A placeholder left as is ("[INSERT CONTACT METHOD]") holds neither.
 * -1: out of memory.
 */
static int find_contact(struct vigie_conduct *c, const char *text, size_t len)
{
	size_t i, any_s = 0, any_e = 0, url_s = 0, url_e = 0;
	char spelled_buf[256];

	for (i = 0; i < len; i++) {
		size_t s, e;
		if (text[i] == '@' && email_at(text, len, i, &s, &e)) {
			/* conduct@example.com, your-email@: nobody to reach */
			if (on_copyright_line(text, s) ||
			    vigie_text_placeholder_email(text + s, e - s)) {
				i = e - 1;
				continue;
			}
			if (in_contact_context(text, s)) {
				c->contact = VIGIE_CONDUCT_CONTACT_EMAIL;
				return set_value(&c->contact_value, text + s,
						 e - s);
			}
			if (any_e == 0) {
				any_s = s;
				any_e = e;
			}
			i = e - 1;
		} else if ((text[i] == '[' || text[i] == '(' || text[i] == '{' ||
			    text[i] == ' ') &&
			   spelled_email_at(text, len, i, &s, &e, spelled_buf,
					    sizeof(spelled_buf))) {
			/* taken only where the text speaks of reporting:
			 * "name (at) host" is rare enough elsewhere */
			if (!on_copyright_line(text, s) &&
			    !vigie_text_placeholder_email(spelled_buf,
							  strlen(spelled_buf)) &&
			    in_contact_context(text, s)) {
				c->contact = VIGIE_CONDUCT_CONTACT_EMAIL;
				return set_value(&c->contact_value, spelled_buf,
						 strlen(spelled_buf));
			}
			i = e - 1;
		} else if ((text[i] == 'h' || text[i] == 'H') && url_e == 0 &&
			   url_at(text, len, i, &e)) {
			if (!template_url(text + i, e - i) &&
			    !vigie_text_placeholder(text + i, e - i) &&
			    in_contact_context(text, i)) {
				url_s = i;
				url_e = e;
			}
			i = e - 1;
		}
	}
	if (url_e) {
		c->contact = VIGIE_CONDUCT_CONTACT_URL;
		return set_value(&c->contact_value, text + url_s,
				 url_e - url_s);
	} else if (any_e) {
		c->contact = VIGIE_CONDUCT_CONTACT_EMAIL;
		return set_value(&c->contact_value, text + any_s,
				 any_e - any_s);
	}
	return 0;
}

static bool contains_ci(const char *s, size_t n, const char *needle)
{
	size_t k, m = strlen(needle);

	for (k = 0; k + m <= n; k++)
		if (!strncasecmp(s + k, needle, m))
			return true;
	return false;
}

/* A short text pointing to a code of conduct published elsewhere; -1: out
 * of memory. */
static int find_reference(struct vigie_conduct *c, const char *text,
			   size_t len)
{
	size_t i, e;

	for (i = 0; i < len; i++) {
		if ((text[i] != 'h' && text[i] != 'H') || !url_at(text, len, i, &e))
			continue;
		/* the URL names it, or the words just before it do:
		 * "[W3C Code of Ethics and Professional Conduct](.../cepc/)" */
		size_t b = i > 160 ? i - 160 : 0;
		if (contains_ci(text + i, e - i, "conduct") ||
		    contains_ci(text + i, e - i, "coc") ||
		    contains_ci(text + i, e - i, "cepc") ||
		    contains_ci(text + i, e - i, "ethic") ||
		    contains_ci(text + b, i - b, "code of conduct") ||
		    contains_ci(text + b, i - b, "code of ethics") ||
		    contains_ci(text + b, i - b, "professional conduct") ||
		    contains_ci(text + b, i - b, "code de conduite")) {
			if (set_value(&c->template_id, "reference", 9) < 0)
				return -1;
			return set_value(&c->reference, text + i, e - i);
		}
		i = e - 1;
	}
	return 0;
}

/* "template/version/language" into the three fields; -1: out of memory. */
static int split_id(struct vigie_conduct *c, const char *id)
{
	const char *v = strchr(id, '/'), *l = v ? strchr(v + 1, '/') : NULL;

	if (!v || !l)
		return 0;
	if (set_value(&c->template_id, id, (size_t)(v - id)) < 0 ||
	    set_value(&c->version, v + 1, (size_t)(l - v - 1)) < 0 ||
	    set_value(&c->language, l + 1, strlen(l + 1)) < 0)
		return -1;
	return 0;
}

int vigie_conduct_identify(struct vigie_conduct *out, const char *text,
			   size_t len, struct vigie_error *err)
{
	struct vigie_license_result r;
	struct vigie_license_words w;
	struct vigie_text_lang lang;
	double best = 0;
	size_t i, pick = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = vigie_license_family_match(&r, VIGIE_LICENSE_FAMILY_CONDUCT, text,
					len, VIGIE_CONDUCT_THRESHOLD, err);
	if (rc < 0)
		return rc;
	/* a file may hold two (English and French): the one explaining the
	 * most text, similarity first, as the matcher ranks them */
	for (i = 0; i < r.count; i++) {
		const struct vigie_license_match *m = &r.matches[i];
		/* confidence^8, squared thrice (pow: libm) */
		double key = m->confidence * m->confidence;

		key *= key;
		key = key * key * (double)(m->last_word - m->first_word + 1);
		if (key > best) {
			best = key;
			pick = i;
		}
	}
	if (r.count) {
		rc = split_id(out, r.matches[pick].id);
		out->confidence = r.matches[pick].confidence;
	}
	vigie_license_result_release(&r);
	if (rc < 0 || vigie_license_normalize(&w, text, len) < 0)
		goto oom;
	out->words = w.count;
	vigie_license_words_release(&w);
	if (!out->language && vigie_text_language(&lang, text, len) == 0 &&
	    lang.count && lang.words[0] >= VIGIE_TEXT_LANG_MIN_WORDS &&
	    set_value(&out->language, lang.codes[0], strlen(lang.codes[0])) < 0)
		goto oom;
	if (!out->template_id && out->words < VIGIE_CONDUCT_SUBSTANTIAL &&
	    find_reference(out, text, len) < 0)
		goto oom;
	if (find_contact(out, text, len) < 0)
		goto oom;
	return 0;
oom:
	vigie_conduct_release(out);
	return vigie_error_set(err, VIGIE_ENOMEM, NULL, "out of memory");
}

void vigie_conduct_release(struct vigie_conduct *c)
{
	if (!c)
		return;
	free(c->template_id);
	free(c->version);
	free(c->language);
	free(c->contact_value);
	free(c->reference);
	memset(c, 0, sizeof(*c));
}
