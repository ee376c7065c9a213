/* SPDX-License-Identifier: EUPL-1.2 */
/* The translation collector: files, languages, platform and policy. */
#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vigie/buf.h"
#include "vigie/facts.h"
#include "vigie/sys/collect.h"
#include "json.h"
#include "text.h"
#include "banned.h"

#define SAMPLE_PATHS 16
#define POLICY_FILES 4

/* ISO 639-1 codes: a file or folder named so holds that language. */
static const char *const iso639[] = {
	"af", "am", "ar", "as", "az", "be", "bg", "bn", "br", "bs", "ca", "co",
	"cs", "cy", "da", "de", "el", "en", "eo", "es", "et", "eu", "fa", "fi",
	"fo", "fr", "fy", "ga", "gd", "gl", "gu", "he", "hi", "hr", "ht", "hu",
	"hy", "id", "ig", "is", "it", "ja", "jv", "ka", "kk", "km", "kn", "ko",
	"ku", "ky", "la", "lb", "lo", "lt", "lv", "mg", "mi", "mk", "ml", "mn",
	"mr", "ms", "mt", "my", "nb", "ne", "nl", "nn", "no", "oc", "or", "pa",
	"pl", "ps", "pt", "ro", "ru", "rw", "sa", "sd", "si", "sk", "sl", "sq",
	"sr", "sv", "sw", "ta", "te", "tg", "th", "tk", "tl", "tr", "tt", "ug",
	"uk", "ur", "uz", "vi", "wa", "xh", "yi", "yo", "zh", "zu",
};

static int cmp_code(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

/*
 * The language a name stands for: "fr", "fr_FR", "pt-BR", "zh_Hans" give
 * their two-letter code in code[3]; anything else NULL.
 */
static const char *lang_of(const char *s, size_t n, char code[3])
{
	size_t i;

	if (n != 2 && !(n >= 5 && n <= 7 && (s[2] == '_' || s[2] == '-')))
		return NULL;
	for (i = 3; i < n; i++)
		if (!isalnum((unsigned char)s[i]))
			return NULL;
	if (!islower((unsigned char)s[0]) || !islower((unsigned char)s[1]))
		return NULL;
	code[0] = s[0];
	code[1] = s[1];
	code[2] = '\0';
	if (!bsearch(code, iso639, VIGIE_ARRAY_SIZE(iso639), sizeof(char *), cmp_code))
		return NULL;
	return code;
}

/* Folders whose JSON, YAML or other files are one language each. */
static const char *const locale_dirs[] = {
	"i18n", "intl", "l10n", "lang", "langs", "languages", "locale",
	"locales", "messages", "translations",
};

static bool is_locale_dir(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(locale_dirs); i++)
		if (strlen(locale_dirs[i]) == n && !strncasecmp(locale_dirs[i], s, n))
			return true;
	return false;
}

struct acc {
	json_t *formats;   /* {format: count} */
	json_t *languages; /* {code: true} */
	json_t *sample;    /* [path] */
	long files, templates;
	const struct vigie_snapshot *snap; /* to look for a bundle's base */
};

static void found(struct acc *a, const char *format, const char *path,
		  const char *code)
{
	json_t *c = json_object_get(a->formats, format);

	json_object_set_new(a->formats, format,
			    json_integer(c ? json_integer_value(c) + 1 : 1));
	if (code)
		json_object_set_new(a->languages, code, json_true());
	if (json_array_size(a->sample) < SAMPLE_PATHS)
		json_array_append_new(a->sample, vigie_json_str(path));
	a->files++;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

/* The n-th component from the end of path (0: the base name). */
static const char *component(const char *path, int back, size_t *len)
{
	const char *end = path + strlen(path), *s;

	for (;;) {
		for (s = end; s > path && s[-1] != '/'; s--)
			;
		if (!back--) {
			*len = (size_t)(end - s);
			return s;
		}
		if (s == path)
			return NULL;
		end = s - 1;
	}
}

/* The stem of a base name: up to the first dot. */
static size_t stem_len(const char *base, size_t n)
{
	const char *dot = memchr(base, '.', n);

	return dot ? (size_t)(dot - base) : n;
}

/*
 * Extensions a translation file may have; a path without one of them is
 * left after one look, which matters in a tree of 100,000 source files.
 */
static bool maybe_translation(const char *path)
{
	static const char *const exts[] = {
		"ftl", "js", "json", "po", "pot", "properties", "strings",
		"stringsdict", "ts", "xlf", "xliff", "xml", "yaml", "yml",
	};
	const char *dot = strrchr(path, '.');
	size_t i;

	if (!dot || strchr(dot, '/'))
		return false;
	for (i = 0; i < VIGIE_ARRAY_SIZE(exts); i++)
		if ((dot[1] | 0x20) == exts[i][0] && !strcasecmp(dot + 1, exts[i]))
			return true;
	return false;
}

/* "ui-fr.yaml", "messages.de.json", "app_pt.json": the code at the end. */
static const char *suffix_lang(const char *base, size_t bl, char code[3])
{
	const char *dot = NULL, *p;

	for (p = base; p < base + bl; p++)
		if (*p == '.')
			dot = p;
	if (!dot || dot - base < 4 || !strchr("-_.", dot[-3]))
		return NULL;
	return lang_of(dot - 2, 2, code);
}

/*
 * A Java resource bundle's language: "messages_fr.properties",
 * "config_pt_BR.properties".  Codes that are also common words of file
 * names (id, is, no, or, as, my, so) are left out.
 */
static const char *bundle_lang(const char *base, size_t bl, char code[3])
{
	static const char *const words[] = {
		"as", "id", "is", "my", "no", "or", "so",
	};
	const char *end = base + bl - strlen(".properties"), *us;
	size_t i;

	if (bl <= strlen(".properties") + 3)
		return NULL;
	/* _fr or _pt_BR before the extension */
	us = end - 3;
	if (end - base >= 6 && end[-3] == '_' && isupper((unsigned char)end[-1]) &&
	    end[-6] == '_')
		us = end - 6;
	if (us <= base || *us != '_')
		return NULL;
	for (i = 0; i < VIGIE_ARRAY_SIZE(words); i++)
		if (!strncmp(us + 1, words[i], 2))
			return NULL;
	return lang_of(us + 1, 2, code);
}

/* Does a path of the tree start with prefix?  (Entries are sorted.) */
static bool tree_has_prefix(const struct vigie_snapshot *snap, const char *prefix)
{
	size_t lo = 0, hi = vigie_snapshot_count(snap), pl = strlen(prefix);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(vigie_snapshot_entry(snap, mid)->path, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < vigie_snapshot_count(snap) &&
	       !strncmp(vigie_snapshot_entry(snap, lo)->path, prefix, pl);
}

/*
 * A Java bundle's language file translates the bundle beside it:
 * admin_messages_fr.properties next to admin_messages.properties (or, in
 * a Jenkins plugin, config_it.properties next to config.jelly).  Alone
 * (a Keycloak theme's messages_fr.properties), it overrides the strings
 * of a bundle that lives elsewhere, in a service the project configures.
 */
static bool bundle_has_base(const struct acc *a, const char *path)
{
	char base[4096];
	const char *ext = strrchr(path, '.'), *us;
	size_t n;

	if (!a->snap || !ext || (size_t)(ext - path) >= sizeof(base) - 16)
		return true; /* nothing to look in: as before */
	us = ext - 3; /* _fr */
	if (ext - path >= 6 && ext[-3] == '_' && isupper((unsigned char)ext[-1]) &&
	    ext[-6] == '_')
		us = ext - 6; /* _pt_BR */
	if (us <= path || (*us != '_' && *us != '-' && *us != '.'))
		return true;
	n = (size_t)(us - path);
	memcpy(base, path, n);
	base[n] = '.';
	base[n + 1] = '\0';
	return tree_has_prefix(a->snap, base);
}

static void classify(struct acc *a, const char *path)
{
	size_t bl = 0, pl = 0, gl = 0;
	const char *base, *parent, *grand;
	char code[3];
	const char *lang;

	if (!maybe_translation(path))
		return;
	base = component(path, 0, &bl);
	parent = component(path, 1, &pl);
	grand = component(path, 2, &gl);

	if (ends_with(path, ".pot")) {
		a->templates++;
		found(a, "gettext", path, NULL);
		return;
	}
	if (ends_with(path, ".po")) {
		/* fr.po, po/fr_FR.po, locale/fr/LC_MESSAGES/app.po,
		 * po/fr/app.po (one folder per language, as KDE does) */
		lang = lang_of(base, stem_len(base, bl), code);
		if (!lang && parent && pl == 11 && !strncmp(parent, "LC_MESSAGES", 11) && grand)
			lang = lang_of(grand, gl, code);
		if (!lang && parent)
			lang = lang_of(parent, pl, code);
		found(a, "gettext", path, lang);
		return;
	}
	if (ends_with(path, ".xlf") || ends_with(path, ".xliff")) {
		/* messages.fr.xlf: the last dotted part before the extension */
		const char *end = base + bl - (ends_with(path, ".xlf") ? 4 : 6);
		const char *dot = end;
		while (dot > base && dot[-1] != '.')
			dot--;
		lang = dot > base ? lang_of(dot, (size_t)(end - dot), code) : NULL;
		found(a, "xliff", path, lang);
		return;
	}
	if (parent && ends_with(path, "/strings.xml") && pl > 7 &&
	    !strncmp(parent, "values-", 7)) {
		/* res/values-fr/strings.xml, values-pt-rBR */
		const char *c = parent + 7;
		size_t cl = pl - 7;
		if (cl > 2 && c[2] == '-')
			cl = 2;
		lang = lang_of(c, cl, code);
		if (lang)
			found(a, "android", path, lang);
		return;
	}
	if (parent && pl > 6 && !strncmp(parent + pl - 6, ".lproj", 6) &&
	    (ends_with(path, ".strings") || ends_with(path, ".stringsdict"))) {
		lang = lang_of(parent, pl - 6, code);
		found(a, "ios", path, lang);
		return;
	}
	/* a script is a catalogue only in a folder per language of a locale
	 * folder (_data/i18n/fr/index.js), not the lang/xx.js files of a
	 * vendored date picker */
	if (ends_with(path, ".js") &&
	    !(parent && grand && is_locale_dir(grand, gl) &&
	      lang_of(parent, pl, code)))
		return;
	if (ends_with(path, ".json") || ends_with(path, ".yml") ||
	    ends_with(path, ".yaml") || ends_with(path, ".properties") ||
	    ends_with(path, ".ftl") || ends_with(path, ".ts") ||
	    ends_with(path, ".js")) {
		const char *fmt = ends_with(path, ".json") ? "json" :
				  ends_with(path, ".js") ? "js" :
				  ends_with(path, ".properties") ? "properties" :
				  ends_with(path, ".ftl") ? "fluent" :
				  ends_with(path, ".ts") ? "qt" : "yaml";
		/* locales/fr.json, locales/fr/common.json, i18n/fr-FR.yml,
		 * locales/ui-fr.yaml, lang/messages.de.json */
		if (parent && is_locale_dir(parent, pl)) {
			lang = lang_of(base, stem_len(base, bl), code);
			if (!lang)
				lang = suffix_lang(base, bl, code);
			if (lang && !strcmp(fmt, "properties") &&
			    stem_len(base, bl) > 2 && !bundle_has_base(a, path))
				lang = NULL;
			if (lang)
				found(a, fmt, path, lang);
		} else if (parent && grand && is_locale_dir(grand, gl)) {
			lang = lang_of(parent, pl, code);
			if (lang)
				found(a, fmt, path, lang);
		} else if (!strcmp(fmt, "properties") &&
			   (lang = bundle_lang(base, bl, code)) &&
			   bundle_has_base(a, path)) {
			/* a Java resource bundle anywhere: messages_fr.properties */
			found(a, fmt, path, lang);
		}
	}
}

/*
 * Strings of every language held inline in a source file: an i18n.tsx
 * whose "en": { ... } and "fr": { ... } blocks hold the interface's
 * strings (codegouvfr/sill-web), a dictionary.ts of { fr: '...', en:
 * '...' } entries (InseeFr/Lunatic).  Read only in files named for it, or
 * in a locale folder, and only when the tree has no catalogue files.
 */
#define INLINE_FILES 16

static bool inline_candidate(const char *path)
{
	static const char *const stems[] = {
		"dictionaries", "dictionary", "i18n", "locales", "messages",
		"strings", "translations",
	};
	static const char *const exts[] = { ".js", ".jsx", ".mjs", ".ts", ".tsx" };
	size_t bl = 0, pl = 0, i, sl;
	const char *base = component(path, 0, &bl);
	const char *parent = component(path, 1, &pl);
	bool ext = false;

	for (i = 0; i < VIGIE_ARRAY_SIZE(exts); i++)
		ext = ext || ends_with(path, exts[i]);
	if (!ext || !base)
		return false;
	if (parent && is_locale_dir(parent, pl))
		return true;
	sl = stem_len(base, bl);
	for (i = 0; i < VIGIE_ARRAY_SIZE(stems); i++)
		if (strlen(stems[i]) == sl && !strncasecmp(base, stems[i], sl))
			return true;
	return false;
}

/* The language codes used as object keys of strings or blocks ("fr:
 * 'Ajouter'", "\"en\": {"), into codes (a set); their count. */
static size_t inline_codes(json_t *codes, const char *t, size_t len)
{
	/* codes that are also words of code: "id:", "is:", "no:" */
	static const char *const words[] = {
		"as", "id", "is", "my", "no", "or", "so", "to",
	};
	size_t i, k;

	for (i = 0; i + 4 < len; i++) {
		size_t j = i;
		char q = 0, code[3];
		if (i && (isalnum((unsigned char)t[i - 1]) || t[i - 1] == '.' ||
			  t[i - 1] == '_' || t[i - 1] == '$'))
			continue;
		if (t[j] == '"' || t[j] == '\'')
			q = t[j++];
		if (j + 3 > len || !islower((unsigned char)t[j]) ||
		    !islower((unsigned char)t[j + 1]) ||
		    isalnum((unsigned char)t[j + 2]) || t[j + 2] == '_')
			continue;
		if (!lang_of(t + j, 2, code))
			continue;
		j += 2;
		if (q && (j >= len || t[j++] != q))
			continue;
		while (j < len && (t[j] == ' ' || t[j] == '\t'))
			j++;
		if (j >= len || t[j++] != ':')
			continue;
		while (j < len && (t[j] == ' ' || t[j] == '\t' || t[j] == '\n' ||
				   t[j] == '\r'))
			j++;
		if (j >= len || !strchr("{'\"`", t[j]))
			continue;
		for (k = 0; k < VIGIE_ARRAY_SIZE(words); k++)
			if (!strcmp(code, words[k]))
				break;
		if (k == VIGIE_ARRAY_SIZE(words))
			json_object_set_new(codes, code, json_true());
	}
	return json_object_size(codes);
}

static void inline_catalogues(struct acc *a, struct vigie_snapshot *snap)
{
	size_t i, read = 0, n = vigie_snapshot_count(snap);

	for (i = 0; i < n && read < INLINE_FILES; i++) {
		const struct vigie_entry *e = vigie_snapshot_entry(snap, i);
		struct vigie_buf text = VIGIE_BUF_INIT;
		struct vigie_error rerr;
		json_t *codes;
		const char *k;
		json_t *v;
		bool first = true;

		if (e->kind != VIGIE_ENTRY_FILE || !inline_candidate(e->path))
			continue;
		read++;
		if (vigie_snapshot_read(&text, snap, e, 0, NULL, &rerr) < 0 ||
		    !text.ptr) {
			vigie_buf_release(&text);
			continue;
		}
		codes = json_object();
		/* two languages at least: one is a file's own strings */
		if (inline_codes(codes, text.ptr, text.len) >= 2)
			json_object_foreach(codes, k, v) {
				if (first)
					found(a, "inline", e->path, k);
				else
					json_object_set_new(a->languages, k,
							    json_true());
				first = false;
			}
		json_decref(codes);
		vigie_buf_release(&text);
	}
}

/* ---- platform and policy ------------------------------------------------ */

struct platform_rule {
	const char *glob; /* a path in the inventory's translation_config */
	const char *platform;
};

static const struct platform_rule platform_rules[] = {
	{ "*.tx/config", "transifex" },
	{ "*crowdin.y*ml", "crowdin" },
	{ "*weblate*", "weblate" },
};

/* Hosts of translation platforms, in README or CONTRIBUTING links. */
static const struct platform_rule platform_hosts[] = {
	{ "*crowdin.com*", "crowdin" },
	/* GNOME's Damned Lies, KDE's and Launchpad's platforms */
	{ "*://l10n.gnome.org*", "damned-lies" },
	{ "*://l10n.kde.org*", "kde-l10n" },
	{ "*translations.launchpad.net*", "launchpad" },
	{ "*pontoon.mozilla.org*", "pontoon" },
	{ "*poeditor.com*", "poeditor" },
	{ "*tolgee.io*", "tolgee" },
	{ "*transifex.com*", "transifex" },
	{ "*translate.codeberg.org*", "weblate" },
	{ "*weblate*", "weblate" },
};

/*
 * A translation policy says how to translate the project, not that a word
 * like "translation" appears: curl's "For translation" is about AI tools
 * for reports, and "Localization (i18n) support." is a feature.  Evidence
 * is, in a TRANSLATING file, CONTRIBUTING or the README (folded text):
 * - a title about translating whose section names what translators use
 *   (a platform, catalogues, strings, a locale folder, a new language);
 * - a line that names translating, such a thing and an invitation ("help
 *   with ... translations ... see po/README.md");
 * - a link to a translation platform.
 */
static const char *const policy_words[] = {
	"translat", "traduction", "traduire", "tradui", "localiz", "i18n",
	"l10n", "internationali",
};

static const char *const policy_things[] = {
	"weblate", "transifex", "crowdin", "pontoon", "poeditor", "tolgee",
	"lokalise", "gettext", "msgid", " po ", "po file", "locale",
	"catalog", "string", "chaine", "translator", "traducteur",
	"translation file", "fichier de traduction", "fichiers de traduction",
	"new language", "nouvelle langue", "add a language",
	"ajouter une langue", "your language", "votre langue",
	/* a guide's page */
	"translation guide", "guide de traduction",
};

/* A link to a translating section of a guide ("...contributing#translating"). */
static bool links_translating_section(const char *p, const char *le)
{
	static const char *const anchors[] = { "#translat", "#tradu", "#locali" };
	const char *q;
	size_t i;

	for (q = memchr(p, '#', (size_t)(le - p)); q;
	     q = q + 1 < le ? memchr(q + 1, '#', (size_t)(le - q - 1)) : NULL)
		for (i = 0; i < VIGIE_ARRAY_SIZE(anchors); i++)
			if ((size_t)(le - q) >= strlen(anchors[i]) &&
			    !strncasecmp(q, anchors[i], strlen(anchors[i])) &&
			    q > p && q[-1] != ' ' && q[-1] != '#')
				return true;
	return false;
}

static const char *const policy_invites[] = {
	"help", "contribut", "join", "add", "submit", "improve", "see ",
	"read", "aide", "rejoi", "ajout", "propos", "consult", "voir ",
	"lire", "particip",
};

static bool has_any(const char *folded, const char *const *words, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strstr(folded, words[i]))
			return true;
	return false;
}

#define HAS(f, list) has_any(f, list, VIGIE_ARRAY_SIZE(list))

/* Lines a section's body is searched for what translators use, and how
 * many such sections of one file (a hostile file may hold thousands). */
#define SECTION_LINES 40
#define SECTIONS_MAX 16

/* A title line: "# x", "= x", or a line underlined by the next one. */
static bool title_line(const char *p, const char *le, const char *end)
{
	const char *n, *ne;

	if (p < le && (*p == '#' || *p == '='))
		return true;
	if (p == le || le >= end || strchr("-*+>|", *p))
		return false;
	n = le + 1;
	ne = memchr(n, '\n', (size_t)(end - n));
	if (!ne)
		ne = end;
	if (ne - n < 3)
		return false;
	for (const char *q = n; q < ne; q++)
		if (*q != '=' && *q != '-' && *q != '~' && *q != '^' && *q != '\r')
			return false;
	return true;
}

static void set_policy(json_t *policy, const char *path, int line,
		       const char *p, const char *le)
{
	size_t n = (size_t)(le - p);

	json_object_set_new(policy, "path", vigie_json_str(path));
	json_object_set_new(policy, "line", json_integer(line));
	json_object_set_new(policy, "text", vigie_json_strn(p, n > 160 ? 160 : n));
}

/* Does the section after the title at le speak of translators' things? */
static bool section_has_things(const char *le, const char *end,
			       struct vigie_buf *folded)
{
	const char *p = le < end ? le + 1 : end;
	int n;

	for (n = 0; p < end && n < SECTION_LINES; n++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		if (n > 1 && title_line(p, e, end))
			break;
		vigie_buf_clear(folded);
		vigie_buf_puts(folded, " ");
		if (vigie_text_fold(folded, p, (size_t)(e - p)) == 0 &&
		    vigie_buf_puts(folded, " ") == 0 &&
		    HAS(folded->ptr, policy_things))
			return true;
		p = nl ? nl + 1 : end;
	}
	return false;
}

/*
 * How a file is read: a TRANSLATING file or a page about translating is
 * the policy as a whole; CONTRIBUTING and the README by their sections,
 * lines and platform links; the README of a sub-folder only by a section
 * about translating (a tip on i18n keys in a list is no policy).
 */
enum policy_mode { POLICY_WHOLE, POLICY_TEXT, POLICY_SECTIONS };

/* The policy's evidence in the file at path: sets it, true if found. */
static bool policy_in(const struct vigie_collect_ctx *ctx, const char *path,
		      enum policy_mode mode, json_t *policy,
		      const char **platform)
{
	bool whole = mode == POLICY_WHOLE, sections_only = mode == POLICY_SECTIONS;
	const struct vigie_entry *e = vigie_snapshot_find(ctx->snap, path, false);
	struct vigie_buf text = VIGIE_BUF_INIT, folded = VIGIE_BUF_INIT;
	struct vigie_buf body = VIGIE_BUF_INIT;
	struct vigie_error rerr;
	const char *p, *end;
	bool hit = false, fence = false;
	int line = 0, sections = 0;

	if (!e || vigie_snapshot_read(&text, ctx->snap, e, 0, NULL, &rerr) < 0 ||
	    !text.ptr)
		goto out;
	for (p = text.ptr, end = text.ptr + text.len; p < end && (!hit || !*platform);) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		bool plat = false, url;
		char tmp[512];
		size_t i, n;

		line++;
		if (le - p >= 3 && (!strncmp(p, "```", 3) || !strncmp(p, "~~~", 3)))
			fence = !fence;
		/* A platform named on the way counts too: a line with an
		 * address ("://"), matched against each platform's pattern. */
		n = (size_t)(le - p) < sizeof(tmp) - 1 ? (size_t)(le - p) : sizeof(tmp) - 1;
		memcpy(tmp, p, n);
		tmp[n] = '\0';
		url = !fence && strstr(tmp, "://");
		for (i = 0; url && i < VIGIE_ARRAY_SIZE(platform_hosts); i++) {
			if (!fnmatch(platform_hosts[i].glob, tmp, FNM_CASEFOLD)) {
				plat = true;
				if (!*platform)
					*platform = platform_hosts[i].platform;
			}
		}
		vigie_buf_clear(&folded);
		vigie_buf_puts(&folded, " ");
		if (!hit && !fence && p < le &&
		    vigie_text_fold(&folded, p, (size_t)(le - p)) == 0 &&
		    vigie_buf_puts(&folded, " ") == 0) {
			bool about = HAS(folded.ptr, policy_words);
			if (whole && about) {
				hit = true; /* a TRANSLATING file is the policy */
			} else if (!sections_only && plat &&
				   (about || HAS(folded.ptr, policy_invites))) {
				hit = true;
			} else if (about && title_line(p, le, end) &&
				   sections++ < SECTIONS_MAX) {
				hit = section_has_things(le, end, &body);
			} else if (!sections_only && about &&
				   HAS(folded.ptr, policy_invites) &&
				   links_translating_section(p, le)) {
				hit = true;
			} else if (!sections_only && about &&
				   HAS(folded.ptr, policy_invites) &&
				   HAS(folded.ptr, policy_things)) {
				hit = true;
			}
			if (hit)
				set_policy(policy, path, line, p, le);
		}
		p = nl ? nl + 1 : end;
	}
	if (whole && !hit && text.len) {
		/* a TRANSLATING file says it by existing: its first line */
		const char *nl = memchr(text.ptr, '\n', text.len);
		set_policy(policy, path, 1, text.ptr, nl ? nl : text.ptr + text.len);
		hit = true;
	}
out:
	vigie_buf_release(&text);
	vigie_buf_release(&folded);
	vigie_buf_release(&body);
	return hit;
}

/*
 * A documentation page about translating, by its name: docs/
 * adding-translations.md, doc/traduction.rst, docs/i18n.md (prose only:
 * a .json catalogue under docs/ is no page).
 */
static bool page_about_translating(const char *path)
{
	static const char *const names[] = {
		"translat", "traduction", "traduire", "locali", "i18n", "l10n",
	};
	static const char *const prose[] = { ".md", ".rst", ".adoc", ".txt" };
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	char low[128];
	size_t i;
	bool is_prose = false;

	for (i = 0; dot && i < VIGIE_ARRAY_SIZE(prose); i++)
		is_prose |= !strcasecmp(dot, prose[i]);
	if (!is_prose)
		return false;
	for (i = 0; base[i] && i < sizeof(low) - 1; i++)
		low[i] = (char)tolower((unsigned char)base[i]);
	low[i] = '\0';
	return has_any(low, names, VIGIE_ARRAY_SIZE(names));
}

/* jansson keeps insertion order: sort the codes for a stable output. */
static void sort_strings(json_t *list)
{
	size_t m = json_array_size(list), x, y;

	for (x = 1; x < m; x++)
		for (y = x; y > 0 && strcmp(json_string_value(json_array_get(list, y - 1)),
					   json_string_value(json_array_get(list, y))) > 0; y--) {
			json_t *tmp = json_incref(json_array_get(list, y));
			json_array_set(list, y, json_array_get(list, y - 1));
			json_array_set_new(list, y - 1, tmp);
		}
}

static const char *role_path(json_t *inv, const char *role, size_t i)
{
	return json_string_value(json_object_get(
		json_array_get(json_object_get(inv, role), i), "path"));
}

int vigie_translation_collect(json_t **out, const struct vigie_collect_ctx *ctx,
			      struct vigie_error *err)
{
	json_t *inv = json_object_get(ctx->facts, "inventory");
	struct acc a = { json_object(), json_object(), json_array(), 0, 0,
			 ctx->snap };
	json_t *t, *langs, *policy = json_object();
	const char *platform = NULL, *config = NULL, *k;
	size_t i, j, n = vigie_snapshot_count(ctx->snap), files = 0;
	json_t *v;
	static const char *const policy_roles[] = { "translation", "contributing",
						    "readme" };

	*out = NULL;
	if (!inv) {
		json_decref(a.formats);
		json_decref(a.languages);
		json_decref(a.sample);
		json_decref(policy);
		return vigie_error_set(err, VIGIE_ENOTFOUND, "",
				       "the file inventory is unavailable");
	}
	for (i = 0; i < n; i++) {
		const struct vigie_entry *e = vigie_snapshot_entry(ctx->snap, i);
		if (e->kind == VIGIE_ENTRY_FILE || e->kind == VIGIE_ENTRY_EXEC)
			classify(&a, e->path);
	}
	if (!json_object_size(a.languages))
		inline_catalogues(&a, ctx->snap);
	for (i = 0; (k = role_path(inv, "translation_config", i)) != NULL && !platform; i++)
		for (j = 0; j < VIGIE_ARRAY_SIZE(platform_rules); j++)
			if (!fnmatch(platform_rules[j].glob, k, FNM_CASEFOLD)) {
				platform = platform_rules[j].platform;
				config = k;
				break;
			}
	/* A platform the README links to. */
	if (!platform) {
		json_t *tl = vigie_json_path(ctx->facts, "readme.links.translation.0.kind");
		if (json_is_string(tl))
			platform = json_string_value(tl);
	}
	/* The policy: a TRANSLATING file, else CONTRIBUTING, else the README,
	 * else a documentation page about translating, else the README of a
	 * top folder (a monorepo's site/README.md). */
	for (i = 0; i < VIGIE_ARRAY_SIZE(policy_roles) && !json_object_size(policy); i++)
		for (j = 0; (k = role_path(inv, policy_roles[i], j)) != NULL &&
			    files < POLICY_FILES * 3 && j < POLICY_FILES; j++, files++)
			if (policy_in(ctx, k, i == 0 ? POLICY_WHOLE : POLICY_TEXT,
				      policy, &platform))
				break;
	for (j = 0, files = 0; !json_object_size(policy) &&
			       (k = role_path(inv, "docs", j)) != NULL; j++)
		if (page_about_translating(k) && files++ < POLICY_FILES &&
		    policy_in(ctx, k, POLICY_WHOLE, policy, &platform))
			break;
	for (i = 0, files = 0; !json_object_size(policy) && i < n &&
			       files < POLICY_FILES * 2; i++) {
		const struct vigie_entry *e = vigie_snapshot_entry(ctx->snap, i);
		const char *slash = strchr(e->path, '/');
		if (e->depth == 1 && slash && !strncasecmp(slash + 1, "readme", 6) &&
		    e->path[0] != '.' && (files++, true) &&
		    policy_in(ctx, e->path, POLICY_SECTIONS, policy, &platform))
			break;
	}

	langs = json_array();
	json_object_foreach(a.languages, k, v)
		json_array_append_new(langs, json_string(k));
	sort_strings(langs);
	t = json_pack("{s:I, s:I, s:o, s:o, s:o}", "files", (json_int_t)a.files,
		      "templates", (json_int_t)a.templates, "formats", a.formats,
		      "languages", langs, "paths", a.sample);
	if (platform)
		json_object_set_new(t, "platform", json_string(platform));
	if (config)
		json_object_set_new(t, "platform_config", vigie_json_str(config));
	json_object_set_new(t, "policy", json_object_size(policy) ? policy : json_null());
	if (!json_object_size(policy))
		json_decref(policy);
	json_decref(a.languages);
	*out = t;
	return 0;
}
