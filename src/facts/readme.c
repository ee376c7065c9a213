/* SPDX-License-Identifier: EUPL-1.2 */
/* The readme collector: language, headings, sections, links, badges. */
#include <ctype.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vigie/buf.h"
#include "vigie/facts.h"
#include "vigie/snapshot.h"
#include "vigie/source.h"
#include "vigie/target.h"
#include "vigie/sys/collect.h"
#include "json.h"
#include "text.h"
#include "banned.h"

#define HEADINGS_MAX 200
#define HEADING_LEN_MAX 200
#define LINKS_PER_KIND 16
#define URL_MAX 400
#define BADGES_MAX 32
#define TRANSLATIONS_MAX 32

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl : end;
}

static size_t trimmed(const char **s, size_t n)
{
	while (n && isspace((unsigned char)**s)) {
		(*s)++;
		n--;
	}
	while (n && isspace((unsigned char)(*s)[n - 1]))
		n--;
	return n;
}

static bool all_of(const char *s, size_t n, char c)
{
	size_t i;

	if (n < 2)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] != c)
			return false;
	return true;
}

/* ---- sections ----------------------------------------------------------- */

/*
 * What a heading is about, from its words folded to lowercase ASCII.  A
 * keyword ending in '*' matches any word it begins; others match a whole
 * word; a keyword with a space matches that phrase.  English and French
 * wordings side by side.  Sorted by section.
 */
struct section_word {
	const char *section;
	const char *word;
};

static const struct section_word section_words[] = {
	{ "authors", "auteur*" },
	{ "authors", "authors" },
	{ "authors", "contributeurs" },
	{ "authors", "contributors" },
	{ "authors", "credits" },
	{ "authors", "remerciements" },
	{ "changelog", "changelog" },
	{ "changelog", "historique" },
	{ "changelog", "release notes" },
	{ "changelog", "nouveautes" },
	{ "code_of_conduct", "code de conduite" },
	{ "code_of_conduct", "code of conduct" },
	{ "contact", "contact*" },
	{ "contact", "get help" },
	{ "contact", "getting help" },
	{ "contact", "help" },
	{ "contact", "aide" },
	{ "contact", "assistance" },
	{ "contact", "community" },
	{ "contact", "communaute" },
	{ "contact", "support" },
	{ "contact", "questions" },
	{ "contributing", "contribu*" },
	{ "contributing", "participer" },
	{ "contributing", "how to help" },
	{ "contributing", "comment aider" },
	{ "documentation", "documentation" },
	{ "documentation", "docs" },
	{ "funding", "backers" },
	{ "funding", "donat*" },
	{ "funding", "financement" },
	{ "funding", "financeurs" },
	{ "funding", "funding" },
	{ "funding", "mecenat" },
	{ "funding", "soutenir" },
	{ "funding", "sponsor*" },
	{ "governance", "gouvernance" },
	{ "governance", "governance" },
	{ "governance", "maintainers" },
	{ "governance", "mainteneurs" },
	{ "install", "auto heberg*" },
	{ "install", "bootstrap*" },
	{ "install", "build*" },
	{ "install", "compil*" },
	{ "install", "deploy*" },
	{ "install", "deploiement" },
	{ "install", "getting started" },
	{ "install", "install*" },
	{ "install", "mise en place" },
	{ "install", "quick start" },
	{ "install", "quickstart" },
	{ "install", "setup" },
	{ "install", "demarrage" },
	{ "install", "prerequis" },
	{ "install", "requirements" },
	{ "install", "self host*" },
	{ "license", "licen*" },
	{ "license", "copyright" },
	{ "purpose", "a propos" },
	{ "purpose", "about" },
	{ "purpose", "contexte" },
	{ "purpose", "description" },
	{ "purpose", "features" },
	{ "purpose", "fonctionnalites" },
	{ "purpose", "introduction" },
	{ "purpose", "objectif*" },
	{ "purpose", "overview" },
	{ "purpose", "pourquoi" },
	{ "purpose", "presentation" },
	{ "purpose", "purpose" },
	{ "purpose", "what is" },
	{ "purpose", "why" },
	{ "roadmap", "feuille de route" },
	{ "roadmap", "roadmap" },
	{ "roadmap", "plans" },
	{ "roadmap", "todo" },
	{ "security", "securite" },
	{ "security", "security" },
	{ "security", "vulnerabilit*" },
	{ "translation", "i18n" },
	{ "translation", "internationali*" },
	{ "translation", "l10n" },
	{ "translation", "locali*" },
	{ "translation", "traduction*" },
	{ "translation", "traduire" },
	{ "translation", "translat*" },
	{ "usage", "exemple*" },
	{ "usage", "example*" },
	{ "usage", "how to use" },
	{ "usage", "mode d emploi" },
	{ "usage", "prise en main" },
	{ "usage", "tutorial" },
	{ "usage", "usage" },
	{ "usage", "utilisation" },
	{ "usage", "utiliser" },
};

/* Does the folded heading hold the keyword at a word start? */
static bool heading_has(const char *h, const char *kw)
{
	size_t n = strlen(kw);
	bool prefix = n && kw[n - 1] == '*';
	const char *p;

	if (prefix)
		n--;
	for (p = h; *p; p++) {
		if (p != h && isalnum((unsigned char)p[-1]))
			continue;
		if (strncmp(p, kw, n))
			continue;
		if (prefix || !isalnum((unsigned char)p[n]))
			return true;
	}
	return false;
}

static void add_unique(json_t *list, const char *s)
{
	size_t i;

	for (i = 0; i < json_array_size(list); i++)
		if (!strcmp(json_string_value(json_array_get(list, i)), s))
			return;
	json_array_append_new(list, json_string(s));
}

/* sections: [name...] in the order of the table; where: {name: line} */
static void classify_headings(json_t *readme, json_t *heads)
{
	json_t *names = json_array(), *where = json_object();
	struct vigie_buf folded = VIGIE_BUF_INIT;
	size_t i, j, n = json_array_size(heads);
	size_t *at = calloc(n ? n : 1, sizeof(*at)); /* heading i's fold */

	/* each heading folded once (not once per section word), "" for none */
	if (!at)
		vigie_nomem_mark();
	for (i = 0; at && i < n; i++) {
		const char *t = json_string_value(
			json_object_get(json_array_get(heads, i), "text"));
		at[i] = folded.len;
		if ((t && vigie_text_fold(&folded, t, strlen(t)) < 0) ||
		    vigie_buf_add(&folded, "", 1) < 0) {
			vigie_nomem_mark();
			n = i;
		}
	}
	for (j = 0; at && j < VIGIE_ARRAY_SIZE(section_words); j++) {
		const char *sec = section_words[j].section;
		if (json_object_get(where, sec))
			continue;
		for (i = 0; i < n; i++) {
			json_t *h = json_array_get(heads, i);
			if (heading_has(folded.ptr + at[i], section_words[j].word)) {
				json_object_set(where, sec, json_object_get(h, "line"));
				break;
			}
		}
	}
	free(at);
	/* Keep the table's section order, but each name once. */
	for (j = 0; j < VIGIE_ARRAY_SIZE(section_words); j++)
		if (json_object_get(where, section_words[j].section))
			add_unique(names, section_words[j].section);
	json_object_set_new(readme, "sections", names);
	json_object_set_new(readme, "section_lines", where);
	vigie_buf_release(&folded);
}

/* ---- sections read by their body ---------------------------------------- */

/* Lines of a section's body read, at most. */
#define BODY_LINES 40

/*
 * The folded body of heading i (from the line after it to the next
 * heading of its level or above, its subsections included; BODY_LINES at most) into out, one space-separated run, a line
 * holding an e-mail address marked " @address "; the README's lines are
 * numbered from 1.
 */
static void section_body(struct vigie_buf *out, const char *text, size_t len,
			 json_t *heads, size_t i)
{
	json_t *h = json_array_get(heads, i), *next;
	long from = (long)json_integer_value(json_object_get(h, "line"));
	json_int_t level = json_integer_value(json_object_get(h, "level"));
	long to;
	size_t k = i + 1;

	/* its subsections are part of it ("## Conventions" / "### Commits") */
	while ((next = json_array_get(heads, k)) != NULL &&
	       json_integer_value(json_object_get(next, "level")) > level)
		k++;
	to = next ? (long)json_integer_value(json_object_get(next, "line"))
		  : LONG_MAX;
	const char *p = text, *end = text + len;
	long line = 1;

	vigie_buf_clear(out);
	vigie_buf_puts(out, " ");
	if (to - from > BODY_LINES)
		to = from + BODY_LINES;
	while (p < end && line < to) {
		const char *e = line_end(p, end);
		if (line > from) {
			vigie_text_fold(out, p, (size_t)(e - p));
			/* folding drops the '@' of an address: mark it */
			vigie_buf_puts(out, memchr(p, '@', (size_t)(e - p)) ?
						    " @address " : " ");
		}
		p = e < end ? e + 1 : end;
		line++;
	}
}

static bool folded_has_any(const char *f, const char *const *words, size_t n)
{
	size_t i;

	for (i = 0; f && i < n; i++)
		if (strstr(f, words[i]))
			return true;
	return false;
}

#define HAS_ANY(f, list) folded_has_any(f, list, VIGIE_ARRAY_SIZE(list))

struct body_rule {
	const char *fact;               /* readme.FACT */
	const char *const *titles;      /* heading_has words of the title */
	size_t ntitles;
	const char *const *what;        /* the body names one of these */
	size_t nwhat;
	const char *const *how;         /* and one of these, if any */
	size_t nhow;
};

/*
 * "Development" (docopt) or "Bugs" (nextcloud/notes) whose body says how
 * to report a bug or propose a change: contribution rules; not "Known
 * issues".
 */
static const char *const contrib_titles[] = {
	"development", "developing", "hacking", "bugs", "bug reports",
	"reporting bugs", "feedback", "developpement", "bogues",
	/* "Convention and Best Practices": how commits and pull requests
	 * are named (InseeFr/Lunatic) */
	"convention*", "best practices", "bonnes pratiques",
};
static const char *const contrib_what[] = {
	" bug", " issue", " ticket", " probleme",
	/* "Hacking on Weather: ... find a task to work on" */
	" task", " tache",
};
static const char *const contrib_how[] = {
	" work on", " working on", " travailler sur",
	" report", " pull request", " merge request", " patch", " submit",
	" signal", " ouvr", " remonter", " propos", " suggest",
};

/*
 * A "Security" section that says how to report a problem: not a build
 * profile of that name ("### security / This profile launches the
 * security tests").
 */
static const char *const security_titles[] = {
	"security", "securite",
};
static const char *const security_what[] = {
	" vulnerab", " report", " signal", " disclos", " contact", " cve",
	" advisor", " faille", " responsible", " mailto", " e mail", " email",
	" @address",
};

static const struct body_rule body_rules[] = {
	{ "contribution_section", contrib_titles,
	  VIGIE_ARRAY_SIZE(contrib_titles), contrib_what,
	  VIGIE_ARRAY_SIZE(contrib_what), contrib_how,
	  VIGIE_ARRAY_SIZE(contrib_how) },
	{ "security_section", security_titles,
	  VIGIE_ARRAY_SIZE(security_titles), security_what,
	  VIGIE_ARRAY_SIZE(security_what), NULL, 0 },
};

/* A title that is only about things known to be broken: no invitation. */
static bool known_issues(const char *folded)
{
	return heading_has(folded, "known") || heading_has(folded, "connus") ||
	       heading_has(folded, "connues");
}

/* A title of a few words, not a sentence; and the sections read per rule
 * (a hostile README may hold thousands of "## Bugs"). */
#define BODY_TITLE_MAX 40
#define BODY_SECTIONS_MAX 16

static void body_sections(json_t *readme, const char *path, const char *text,
			  size_t len, json_t *heads)
{
	struct vigie_buf title = VIGIE_BUF_INIT, body = VIGIE_BUF_INIT;
	size_t r, i, k;

	for (r = 0; r < VIGIE_ARRAY_SIZE(body_rules); r++) {
		const struct body_rule *br = &body_rules[r];
		size_t read = 0;
		for (i = 0; i < json_array_size(heads) && read < BODY_SECTIONS_MAX;
		     i++) {
			json_t *h = json_array_get(heads, i);
			const char *t = json_string_value(json_object_get(h, "text"));
			bool hit = false;
			vigie_buf_clear(&title);
			if (!t || strlen(t) > BODY_TITLE_MAX ||
			    vigie_text_fold(&title, t, strlen(t)) < 0 || !title.ptr ||
			    known_issues(title.ptr))
				continue;
			for (k = 0; k < br->ntitles && !hit; k++)
				hit = heading_has(title.ptr, br->titles[k]);
			if (!hit)
				continue;
			read++;
			section_body(&body, text, len, heads, i);
			if (!folded_has_any(body.ptr, br->what, br->nwhat) ||
			    (br->nhow && !folded_has_any(body.ptr, br->how, br->nhow)))
				continue;
			json_object_set_new(readme, br->fact,
					    json_pack("{s:o, s:O, s:s}", "path",
						      vigie_json_str(path), "line",
						      json_object_get(h, "line"),
						      "text", t));
			break;
		}
	}
	vigie_buf_release(&title);
	vigie_buf_release(&body);
}

/*
 * A line that tells users where to take a problem or a question, and by
 * what (an address, the tracker): "Pour remonter un problème à l'équipe,
 * envoyez un email à ...", "le meilleur moyen de communiquer avec nous
 * consiste à créer un ticket", "For questions, write to help@...".  Not
 * "to volunteer, get in touch", nor "found a bug? Report here" (the
 * tracker, not help).
 */
static const char *const help_asks[] = {
	" remonter un probleme", " signaler un probleme", " besoin d aide",
	" poser une question", " communiquer avec nous", " contacter l equipe",
	" report a problem", " ask a question", " need help", " get help",
	" contact the team", " for questions", " questions ",
	" drop a line", " drop us a line", " drop me a line",
};
static const char *const help_channels[] = {
	"mailto:", "/issues", "@",
};

static void help_line(json_t *readme, const char *path, const char *text,
		      size_t len)
{
	struct vigie_buf f = VIGIE_BUF_INIT;
	const char *p = text, *end = text + len;
	bool fence = false;
	long line = 0;

	while (p < end) {
		const char *e = line_end(p, end), *s = p;
		size_t n = trimmed(&s, (size_t)(e - p)), i;
		bool chan = false;

		line++;
		if (n >= 3 && (!strncmp(s, "```", 3) || !strncmp(s, "~~~", 3)))
			fence = !fence;
		else if (!fence && n > 8 && n < 1024 && *s != '#') {
			/* the address may end the sentence on the next line
			 * ("drop a line directly to\n<someone@example.org>") */
			const char *ne = e < end ? line_end(e + 1, end) : e;
			size_t cn = (size_t)(ne - s) < 1024 ? (size_t)(ne - s) : n;
			for (i = 0; i < VIGIE_ARRAY_SIZE(help_channels) && !chan; i++)
				chan = memmem(s, cn, help_channels[i],
					      strlen(help_channels[i])) != NULL;
			vigie_buf_clear(&f);
			vigie_buf_puts(&f, " ");
			if (chan && vigie_text_fold(&f, s, n) == 0 &&
			    vigie_buf_puts(&f, " ") == 0 && HAS_ANY(f.ptr, help_asks)) {
				json_object_set_new(readme, "help_line",
						    json_pack("{s:o, s:I, s:o}", "path",
							      vigie_json_str(path), "line",
							      (json_int_t)line, "text",
							      vigie_json_strn(s, n > 160 ? 160 : n)));
				break;
			}
		}
		p = e < end ? e + 1 : end;
	}
	vigie_buf_release(&f);
}

/* ---- headings ----------------------------------------------------------- */

/* The markups whose titles a README may use, by its extension. */
enum markup { MARKUP_MD, MARKUP_RST, MARKUP_ADOC, MARKUP_ORG, MARKUP_PLAIN };

static enum markup markup_of(const char *path)
{
	static const struct {
		const char *ext;
		enum markup m;
	} exts[] = {
		{ ".adoc", MARKUP_ADOC }, { ".asciidoc", MARKUP_ADOC },
		{ ".markdown", MARKUP_MD }, { ".md", MARKUP_MD },
		{ ".mdown", MARKUP_MD }, { ".org", MARKUP_ORG },
		{ ".rst", MARKUP_RST },
	};
	const char *dot = path ? strrchr(path, '.') : NULL;
	size_t i;

	for (i = 0; dot && i < VIGIE_ARRAY_SIZE(exts); i++)
		if (!strcasecmp(dot, exts[i].ext))
			return exts[i].m;
	return MARKUP_PLAIN;
}

static void add_heading(json_t *list, int level, const char *s, size_t n,
			int line)
{
	/* Drop a closing run of '#', and Markdown emphasis around the text. */
	while (n && (s[n - 1] == '#' || s[n - 1] == ' '))
		n--;
	n = trimmed(&s, n);
	while (n > 4 && s[0] == '*' && s[1] == '*' && s[n - 1] == '*' &&
	       s[n - 2] == '*') {
		s += 2;
		n -= 4;
	}
	if (!n || json_array_size(list) >= HEADINGS_MAX)
		return;
	if (n > HEADING_LEN_MAX)
		n = HEADING_LEN_MAX;
	json_array_append_new(list, json_pack("{s:i, s:o, s:i}", "level", level,
					      "text", vigie_json_strn(s, n),
					      "line", line));
}

/* "- x", "* x", "+ x", "1. x", "2) x": a list item, never a title. */
static bool list_item(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 2 && strchr("-*+", s[0]) && (s[1] == ' ' || s[1] == '\t'))
		return true;
	if (n == 1 && strchr("-*+", s[0]))
		return true;
	while (i < n && i < 9 && isdigit((unsigned char)s[i]))
		i++;
	return i && i + 1 < n && (s[i] == '.' || s[i] == ')') &&
	       (s[i + 1] == ' ' || s[i + 1] == '\t');
}

/* A line of one punctuation character repeated: an underline or a rule. */
static bool underline(const char *s, size_t n, enum markup m)
{
	static const char rst[] = "=-~^\"'`#*+:._!$%&,/;<>?@\\|{}()[]";

	if (n < 2)
		return false;
	if (m == MARKUP_RST)
		return strchr(rst, *s) && all_of(s, n, *s);
	if (m == MARKUP_ADOC || m == MARKUP_ORG)
		return false;
	/* Markdown setext; a plain README may be reST-like too. */
	if (*s == '=' || *s == '-')
		return all_of(s, n, *s);
	return m == MARKUP_PLAIN && (*s == '~' || *s == '^') && all_of(s, n, *s);
}

/* "<h2 id="x">Text</h2>" on one line: its text without tags, or 0. */
static size_t html_heading(char *out, size_t cap, const char *s, size_t n,
			   int *level)
{
	size_t i, o = 0;
	bool tag = false;

	if (n < 9 || s[0] != '<' || (s[1] | 0x20) != 'h' || s[2] < '1' ||
	    s[2] > '6' || (s[3] != '>' && s[3] != ' '))
		return 0;
	*level = s[2] - '0';
	for (i = 0; i < n && o + 1 < cap; i++) {
		if (s[i] == '<')
			tag = true;
		else if (s[i] == '>')
			tag = false;
		else if (!tag)
			out[o++] = s[i];
		if (i > 0 && s[i] == '<' && i + 2 < n && s[i + 1] == '/' &&
		    (s[i + 2] | 0x20) == 'h')
			break;
	}
	return i < n ? o : 0; /* a title spread over lines is left alone */
}

/*
 * Titles only: Markdown ATX (#), setext (a paragraph line underlined with
 * === or ---; a --- after a blank line is a rule) and one-line HTML <hN>;
 * reStructuredText (a paragraph line under- or overlined with punctuation);
 * AsciiDoc (= to ======); Org (*) in .org files only.  A list item
 * ("- x", "* x", "1. x"), a quote, a table row, fenced code, an HTML
 * comment and YAML front matter are never titles.
 */
static json_t *headings(const char *text, size_t len, enum markup m)
{
	const char *p = text, *end = text + len, *prev = NULL;
	size_t prevlen = 0;
	json_t *list = json_array();
	char fence = 0, html[HEADING_LEN_MAX + 1];
	bool comment = false, front = false;
	int line = 0;

	while (p < end) {
		const char *e = line_end(p, end);
		const char *s = p;
		size_t n = trimmed(&s, (size_t)(e - p));
		size_t indent = (size_t)(s - p), hn;
		bool para = false;
		int level = 0;

		line++;
		if (line == 1 && n == 3 && !strncmp(s, "---", 3)) {
			front = true; /* YAML front matter, up to the next --- */
			goto next;
		}
		if (front) {
			front = !(n == 3 && (!strncmp(s, "---", 3) ||
					     !strncmp(s, "...", 3)));
			goto next;
		}
		if (comment) {
			comment = !(n >= 3 && memmem(s, n, "-->", 3));
			goto next;
		}
		if (fence) {
			if (n >= 3 && s[0] == fence && s[1] == fence && s[2] == fence)
				fence = 0;
			goto next;
		}
		if (n >= 3 && (s[0] == '`' || s[0] == '~') && s[1] == s[0] &&
		    s[2] == s[0] && m != MARKUP_RST) {
			fence = s[0];
			goto next;
		}
		if (n >= 4 && !strncmp(s, "<!--", 4)) {
			comment = !memmem(s + 4, n - 4, "-->", 3);
			goto next;
		}
		if (prev && prevlen && indent < 4 && underline(s, n, m) &&
		    (m != MARKUP_RST || n >= 3 || n >= prevlen)) {
			add_heading(list, *s == '=' ? 1 : 2, prev, prevlen,
				    line - 1);
			goto next;
		}
		if (indent < 4 && n && *s == '#' &&
		    (m == MARKUP_MD || m == MARKUP_PLAIN)) {
			while (level < (int)n && s[level] == '#')
				level++;
			if (level <= 6 && (level == (int)n || s[level] == ' ' ||
					   s[level] == '\t'))
				add_heading(list, level, s + level,
					    n - (size_t)level, line);
		} else if (indent == 0 && n && *s == '=' && m == MARKUP_ADOC) {
			while (level < (int)n && s[level] == '=')
				level++;
			if (level <= 6 && level < (int)n && s[level] == ' ')
				add_heading(list, level, s + level,
					    n - (size_t)level, line);
		} else if (indent == 0 && n && *s == '*' && m == MARKUP_ORG) {
			while (level < (int)n && s[level] == '*')
				level++;
			if (level <= 6 && level < (int)n && s[level] == ' ')
				add_heading(list, level, s + level,
					    n - (size_t)level, line);
		} else if ((m == MARKUP_MD || m == MARKUP_PLAIN) && indent < 4 &&
			   (hn = html_heading(html, sizeof(html), s, n, &level)) > 0) {
			add_heading(list, level, html, hn, line);
		} else {
			/* Only a paragraph line can be underlined into a title. */
			para = n && indent < 4 && !list_item(s, n) &&
			       !strchr(">|<", *s) && !underline(s, n, m);
		}
next:
		prev = s;
		prevlen = para ? n : 0;
		p = e < end ? e + 1 : end;
	}
	return list;
}

/* ---- purpose ------------------------------------------------------------- */

/*
 * The purpose is what the README says first: the first paragraph of prose
 * after the title, before any section about something else (install,
 * usage, license...), or the first of a purpose-like section ("About",
 * "À propos", "Introduction").  It counts when it defines the resource
 * (folded words below) or is a tagline ("An IMAP4rev2 library for Go.").
 * A pattern matching some line deep in the README is no purpose.
 */
#define PURPOSE_LINES 400
#define PURPOSE_TEXT 300
#define PURPOSE_MIN_WORDS 4

static const char *const purpose_phrases[] = {
	" is a ", " is an ", " is the ", " are a ", " est un ", " est une ",
	" est le ", " est la ", " sont des ", " provides ", " provide ",
	" fournit ", " permet ", " permettent ", " allows ", " lets you ",
	" helps ", " aide ", " offers ", " offre ", " propose ",
	" a pour mission ", " a pour objectif ", " a pour but ", " vise a ",
	" aims to ", " is designed to ", " sert a ", " l objectif ",
	" the goal ", " the aim ", " the purpose ", " s adresse ",
	" destine ", " intended for ", " dedicated to ", " library ",
	" librairie ", " bibliotheque ", " tool ", " outil ", " application ",
	" service ", " plateforme ", " platform ", " framework ", " contient ",
	" contains ", " implementation ", " implements ", " system ",
	" systeme ", " logiciel ", " software ", " plugin ", " site ",
	" api ", " client ", " server ", " serveur ", " repository ",
	" depot ", " code source ", " source code ",
};

static const char *const tagline_starts[] = {
	" a ", " an ", " the ", " un ", " une ", " le ", " la ", " les ", " l ",
	" des ",
};

/* The section a heading's text is about, or NULL. */
static const char *heading_section(const char *t, struct vigie_buf *f)
{
	size_t j;

	vigie_buf_clear(f);
	if (!t || vigie_text_fold(f, t, strlen(t)) < 0 || !f->ptr)
		return NULL;
	for (j = 0; j < VIGIE_ARRAY_SIZE(section_words); j++)
		if (heading_has(f->ptr, section_words[j].word))
			return section_words[j].section;
	return NULL;
}

/* Is the line prose: no title, list, table, quote, markup or code? */
static bool prose_line(const char *s, size_t n)
{
	static const char *const skip[] = {
		"[![", "![", "<", "|", ">", "image::", "toc::", ":", "[[", "[#",
		".. ", "{{", "{%",
	};
	size_t i;

	if (!n || list_item(s, n))
		return false;
	/* a link reference definition: "[Build Status]: https://..." */
	if (*s == '[') {
		const char *c = memchr(s, ']', n);
		if (c && c + 1 < s + n && c[1] == ':')
			return false;
	}
	for (i = 0; i < VIGIE_ARRAY_SIZE(skip); i++)
		if (n >= strlen(skip[i]) && !strncmp(s, skip[i], strlen(skip[i])))
			return false;
	return !all_of(s, n, *s);
}

static bool purpose_states(const char *folded, size_t words, bool colon)
{
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(purpose_phrases); i++)
		if (strstr(folded, purpose_phrases[i]))
			return true;
	/* A short noun phrase, not a lead-in ("The editor supports:"). */
	if (colon)
		return false;
	for (i = 0; words <= 20 && i < VIGIE_ARRAY_SIZE(tagline_starts); i++)
		if (!strncmp(folded, tagline_starts[i], strlen(tagline_starts[i])))
			return true;
	return false;
}

/*
 * A short paragraph right under the top title is a tagline when it opens
 * like a noun phrase ("Prometheus exporter for ...", "Traçabilité et
 * durabilité des biocarburants"), not with words that lead into
 * something else ("Some notes about ...", "Please follow ...", "Voici").
 */
static bool noun_opening(const char *folded)
{
	static const char *const openers[] = {
		" some ", " this ", " these ", " those ", " that ", " we ",
		" i ", " it ", " its ", " here ", " there ", " please ", " see ",
		" note ", " notes ", " welcome ", " thanks ", " thank ", " if ",
		" when ", " to ", " for ", " our ", " my ", " you ", " your ",
		" ce ", " cet ", " cette ", " ces ", " nous ", " il ", " voici ",
		" merci ", " bienvenue ", " si ", " pour ", " voir ", " notre ",
		" nos ", " vous ", " votre ", " quelques ",
	};
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(openers); i++)
		if (!strncmp(folded, openers[i], strlen(openers[i])))
			return false;
	return true;
}

static size_t count_words(const char *folded);

/*
 * A notice that the project lives elsewhere or no more ("Le projet a
 * migré sur ...", "This repository has moved to ..."): no purpose, whatever
 * its words.
 */
static bool moved_notice(const char *folded)
{
	static const char *const words[] = {
		" a migre ", " ont migre ", " migre vers ", " migre sur ",
		" deplace vers ", " deplace sur ", " has moved ", " have moved ",
		" moved to ", " migrated to ", " is now hosted ", " now lives ",
		" no longer maintained ", " n est plus maintenu ",
	};
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(words); i++)
		if (strstr(folded, words[i]))
			return true;
	return false;
}

/* The words of a tagline's first clause, before an aside (" - ",
 * " — ") or a second sentence: "Small exercises to get you used to
 * reading and writing Rust code - _Recommended in parallel to ..._". */
static size_t clause_words(const char *s, size_t n, struct vigie_buf *f)
{
	static const char *const cuts[] = { " - ", " \xe2\x80\x94 ", ". " };
	size_t i, cut = n;

	for (i = 0; i < VIGIE_ARRAY_SIZE(cuts); i++) {
		const char *c = memmem(s, n, cuts[i], strlen(cuts[i]));
		if (c && (size_t)(c - s) < cut)
			cut = (size_t)(c - s);
	}
	vigie_buf_clear(f);
	if (vigie_buf_puts(f, " ") < 0 || vigie_text_fold(f, s, cut) < 0 ||
	    vigie_buf_puts(f, " ") < 0)
		return SIZE_MAX;
	return count_words(f->ptr);
}

/* A short paragraph in bold ("**Manage waste traceability safely**"). */
static bool tagline(const char *s, size_t n, size_t words)
{
	return words <= 20 && n > 4 &&
	       ((s[0] == '*' && s[1] == '*' && s[n - 1] == '*' && s[n - 2] == '*') ||
		(s[0] == '_' && s[1] == '_' && s[n - 1] == '_' && s[n - 2] == '_'));
}

static size_t count_words(const char *folded)
{
	size_t n = 0;
	const char *p;

	for (p = folded; *p; p++)
		if (isalpha((unsigned char)*p) && isalpha((unsigned char)p[1]) &&
		    (p == folded || p[-1] == ' '))
			n++;
	return n;
}

static json_t *purpose(const char *path, const char *text, size_t len,
		       json_t *heads)
{
	const char *p = text, *end = text + len;
	struct vigie_buf para = VIGIE_BUF_INIT, f = VIGIE_BUF_INIT;
	struct vigie_buf first = VIGIE_BUF_INIT;
	json_t *out = NULL;
	size_t h = 0;
	int line = 0, start = 0;
	bool zone = true, fence = false, html = false;
	/* the first paragraph right under the top title: a tagline there
	 * needs no article ("Traçabilité et durabilité des biocarburants"),
	 * and may be quoted ("> DomiFa est une plateforme ...") */
	bool under_top = false, quoted = false;

	while (p <= end && line < PURPOSE_LINES && !out) {
		const char *e = p < end ? line_end(p, end) : end;
		const char *s = p;
		size_t n = p < end ? trimmed(&s, (size_t)(e - p)) : 0;
		json_t *hd = json_array_get(heads, h);
		bool title = false, prose;

		line++;
		if (n >= 3 && (!strncmp(s, "```", 3) || !strncmp(s, "~~~", 3)))
			fence = !fence;
		/* A heading line (or the line it underlines) starts a section. */
		while (hd && json_integer_value(json_object_get(hd, "line")) <= line) {
			const char *sec = heading_section(json_string_value(
				json_object_get(hd, "text")), &f);
			/* a title about nothing known keeps the zone as is,
			 * and so does the top title: the project's name, its
			 * badges' words aside ("Serde [![Latest Version]]") */
			if (sec && !(h == 0 && json_integer_value(json_object_get(
							hd, "level")) == 1))
				zone = !strcmp(sec, "purpose");
			under_top = h == 0 && json_integer_value(json_object_get(
							hd, "level")) == 1;
			title = true;
			hd = json_array_get(heads, ++h);
		}
		/* Text inside an HTML block may be indented: not code there. */
		if (!n)
			html = false;
		else if (*s == '<')
			html = true;
		/* "> text" right under the top title is its tagline */
		quoted = under_top && !title && !fence && n > 2 && s[0] == '>' &&
			 s[1] == ' ' && (!para.len || quoted);
		if (quoted) {
			s += 2;
			n = trimmed(&s, n - 2);
		}
		prose = !title && !fence && p < end && ((s - p) < 4 || html ||
							quoted) &&
			prose_line(s, n) && !(*s == '#' || *s == '=');
		if (prose && zone && !(hd && json_integer_value(json_object_get(
					hd, "line")) == line + 1 &&
				       e < end && e[1] && strchr("=-~^", e[1]))) {
			if (!para.len)
				start = line;
			if (para.len < PURPOSE_TEXT * 2) {
				bool tag = false;
				size_t i;
				vigie_buf_puts(&para, para.len ? " " : "");
				for (i = 0; i < n; i++) {
					/* a link's text, without its brackets and its
					 * address or reference ("[Rust](https://...)",
					 * "[Rust][rust]": no words of the tagline) */
					if (s[i] == ']' && i + 2 < n &&
					    (s[i + 1] == '(' || s[i + 1] == '[')) {
						const char *c = memchr(s + i + 2,
								       s[i + 1] == '(' ? ')' : ']',
								       n - i - 2);
						if (c) {
							i = (size_t)(c - s);
							continue;
						}
					}
					if (s[i] == '[' || s[i] == ']')
						continue;
					/* without HTML tags ("</br>") */
					if (s[i] == '<' && i + 1 < n &&
					    (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '/'))
						tag = true;
					else if (tag && s[i] == '>')
						tag = false;
					else if (!tag)
						vigie_buf_add(&para, s + i, 1);
				}
			}
		} else if (para.len) {
			vigie_buf_clear(&f);
			vigie_buf_puts(&f, " ");
			if (vigie_text_fold(&f, para.ptr, para.len) == 0 &&
			    vigie_buf_puts(&f, " ") == 0 &&
			    count_words(f.ptr) >= PURPOSE_MIN_WORDS &&
			    !moved_notice(f.ptr) &&
			    (purpose_states(f.ptr, count_words(f.ptr),
					    para.ptr[para.len - 1] == ':') ||
			     tagline(para.ptr, para.len, count_words(f.ptr)) ||
			     (under_top &&
			      clause_words(para.ptr, para.len, &first) <= 20 &&
			      noun_opening(f.ptr) && !strstr(para.ptr, ": ") &&
			      para.ptr[para.len - 1] != ':' &&
			      para.ptr[para.len - 1] != '!' &&
			      para.ptr[para.len - 1] != '?')))
				out = json_pack("{s:o, s:i, s:o}", "path",
						vigie_json_str(path), "line", start,
						"text", vigie_json_strn(para.ptr,
							para.len > PURPOSE_TEXT ? PURPOSE_TEXT : para.len));
			vigie_buf_clear(&para);
			under_top = false;
		}
		if (p >= end)
			break;
		p = e < end ? e + 1 : end;
	}
	/* else a tagline in the top title itself: "iD - friendly JavaScript
	 * editor for OpenStreetMap", "Tool: a map of the commons" */
	if (!out) {
		json_t *top = json_array_get(heads, 0);
		const char *t = json_string_value(json_object_get(top, "text"));
		const char *cut = t ? strstr(t, " - ") : NULL;
		size_t skip = 3, words;
		if (t && !cut && (cut = strstr(t, " \xe2\x80\x94 ")) != NULL)
			skip = 5;
		if (t && !cut && (cut = strstr(t, ": ")) != NULL)
			skip = 2;
		if (cut && json_integer_value(json_object_get(top, "level")) == 1) {
			const char *tag = cut + skip;
			vigie_buf_clear(&f);
			if (vigie_buf_puts(&f, " ") == 0 &&
			    vigie_text_fold(&f, tag, strlen(tag)) == 0 &&
			    vigie_buf_puts(&f, " ") == 0 &&
			    (words = count_words(f.ptr)) >= 3 && words <= 20 &&
			    noun_opening(f.ptr) && !moved_notice(f.ptr))
				out = json_pack("{s:o, s:I, s:o}", "path",
						vigie_json_str(path), "line",
						json_integer_value(json_object_get(top, "line")),
						"text", vigie_json_str(t));
		}
	}
	vigie_buf_release(&para);
	vigie_buf_release(&f);
	vigie_buf_release(&first);
	return out;
}

/* ---- links and badges --------------------------------------------------- */

/*
 * Link kinds by host and path (fnmatch, case-folded; a host "*.x" also
 * matches "x").  The first matching row wins, so specific rows come first.
 * "page" rows classify links to the project's own practice pages, relative
 * or not, by their last path component.
 */
struct link_rule {
	const char *category;
	const char *kind;
	const char *host; /* NULL: any host, and relative links */
	const char *path; /* NULL: any path */
};

static const struct link_rule link_rules[] = {
	/* funding platforms */
	{ "funding", "buymeacoffee", "*.buymeacoffee.com", NULL },
	{ "funding", "github-sponsors", "github.com", "/sponsors/*" },
	{ "funding", "helloasso", "*.helloasso.com", NULL },
	{ "funding", "ko-fi", "*.ko-fi.com", NULL },
	{ "funding", "liberapay", "*.liberapay.com", NULL },
	{ "funding", "opencollective", "*.opencollective.com", NULL },
	{ "funding", "patreon", "*.patreon.com", NULL },
	{ "funding", "paypal", "*.paypal.com", NULL },
	{ "funding", "paypal", "paypal.me", NULL },
	{ "funding", "polar", "polar.sh", NULL },
	{ "funding", "thanks.dev", "thanks.dev", NULL },
	{ "funding", "tidelift", "*.tidelift.com", NULL },
	/* a foundation's or the project's donation page (gnome.org/donate/) */
	{ "funding", "donate", "*", "*/donat*" },
	/* translation platforms */
	{ "translation", "crowdin", "*.crowdin.com", NULL },
	{ "translation", "pontoon", "pontoon.mozilla.org", NULL },
	{ "translation", "transifex", "*.transifex.com", NULL },
	{ "translation", "weblate", "*weblate*", NULL },
	{ "translation", "weblate", NULL, "/engage/*" },
	{ "translation", "weblate", "translate.codeberg.org", NULL },
	{ "translation", "platform", "translate.*", NULL },
	/* GNOME's (Damned Lies), KDE's, Launchpad's */
	{ "translation", "platform", "l10n.*", NULL },
	{ "translation", "launchpad", "translations.launchpad.net", NULL },
	/* chat */
	{ "chat", "discord", "*.discord.gg", NULL },
	{ "chat", "discord", "*.discord.com", "/invite*" },
	{ "chat", "discord", "discordapp.com", "/invite*" },
	{ "chat", "gitter", "*.gitter.im", NULL },
	{ "chat", "irc", "web.libera.chat", NULL },
	{ "chat", "irc", "*.kiwiirc.com", NULL },
	{ "chat", "irc", "webchat.oftc.net", NULL },
	{ "chat", "matrix", "matrix.to", NULL },
	{ "chat", "matrix", "app.element.io", NULL },
	{ "chat", "matrix", "chat.*", "/#/room*" },
	{ "chat", "mattermost", "*mattermost*", NULL },
	{ "chat", "rocketchat", "*rocket.chat", NULL },
	{ "chat", "slack", "*.slack.com", NULL },
	{ "chat", "telegram", "t.me", NULL },
	{ "chat", "zulip", "*.zulipchat.com", NULL },
	{ "chat", "zulip", "zulip.*", NULL },
	/* mailing lists before forums: groups.google.com is a list */
	{ "mailing_list", "google-groups", "groups.google.com", NULL },
	{ "mailing_list", "groups.io", "*.groups.io", NULL },
	{ "mailing_list", "sourcehut", "lists.sr.ht", NULL },
	{ "mailing_list", "framalistes", "framalistes.org", NULL },
	{ "mailing_list", "public-inbox", "lore.kernel.org", NULL },
	{ "mailing_list", "public-inbox", "public-inbox.org", NULL },
	{ "mailing_list", "archive", "marc.info", NULL },
	{ "mailing_list", "archive", "*.mail-archive.com", NULL },
	{ "mailing_list", "list", "lists.*", NULL },
	{ "mailing_list", "list", "listes.*", NULL },
	{ "mailing_list", "list", NULL, "*/mailman/*" },
	{ "mailing_list", "list", NULL, "*/sympa/*" },
	{ "mailing_list", "list", NULL, "*/lists/*" },
	/* forums */
	{ "forum", "github-discussions", "github.com", "/*/*/discussions*" },
	{ "forum", "discourse", "discourse.*", NULL },
	{ "forum", "discourse", "*.discourse.group", NULL },
	{ "forum", "forum", "forum.*", NULL },
	{ "forum", "forum", "forums.*", NULL },
	{ "forum", "forum", "discuss.*", NULL },
	{ "forum", "forum", "community.*", NULL },
	{ "forum", "forum", NULL, "/forum*" },
	/* issue trackers */
	{ "issue_tracker", "github", "github.com", "/*/*/issues*" },
	{ "issue_tracker", "gitlab", NULL, "/*/-/issues*" },
	{ "issue_tracker", "gitlab", "gitlab.com", "/*/issues*" },
	{ "issue_tracker", "codeberg", "codeberg.org", "/*/*/issues*" },
	{ "issue_tracker", "bugzilla", "bugzilla.*", NULL },
	{ "issue_tracker", "bugzilla", NULL, "*/bugzilla*" },
	{ "issue_tracker", "bugs", "bugs.*", NULL },
	{ "issue_tracker", "tracker", "issues.*", NULL },
	{ "issue_tracker", "tracker", NULL, "*/report-issue*" },
	{ "issue_tracker", "jira", "*.atlassian.net", "/browse*" },
	{ "issue_tracker", "tracker", NULL, "*/issues*" },
	{ "issue_tracker", "tracker", NULL, "*/tracker*" },
	/* documentation */
	{ "documentation", "readthedocs", "*.readthedocs.io", NULL },
	{ "documentation", "readthedocs", "*.readthedocs.org", NULL },
	{ "documentation", "gitbook", "*.gitbook.io", NULL },
	{ "documentation", "godoc", "pkg.go.dev", NULL },
	{ "documentation", "godoc", "godoc.org", NULL },
	{ "documentation", "docs", "docs.*", NULL },
	{ "documentation", "docs", "doc.*", NULL },
	{ "documentation", "wiki", NULL, "*/wiki*" },
	{ "documentation", "docs", "*", "/docs*" },
	{ "documentation", "docs", "*", "/documentation*" },
};

/* The project's own practice pages, by the last component of a link. */
static const struct section_word page_words[] = {
	{ "code_of_conduct", "code?of?conduct*" },
	{ "code_of_conduct", "code?de?conduite*" },
	{ "contributing", "contributing*" },
	{ "contributing", "contribuer*" },
	{ "contributing", "contribute*" },
	{ "governance", "governance*" },
	{ "governance", "gouvernance*" },
	{ "security", "security*" },
	{ "security", "securite*" },
};

/* Foundations' hosts: pages of their projects under a path that names
 * one (commons.apache.org/proper/commons-cli, www.gnu.org/software/gzip/),
 * as on docs.rs. */
static const char *const foundation_hosts[] = {
	"*.apache.org", "*.gnu.org",
};

/* Hosts that are neither a website of the project nor a practice. */
static const char *const infra_hosts[] = {
	"*.github.com", "*.gitlab.com", "codeberg.org", "*.githubusercontent.com",
	"*.shields.io", "badgen.net", "*.travis-ci.org", "*.travis-ci.com",
	"*.codecov.io", "*.coveralls.io", "*.sr.ht", "*.bitbucket.org",
	"*.wikipedia.org", "*.wikimedia.org", "*.npmjs.com", "*.npmjs.org", "pypi.org", "crates.io",
	"docs.rs", "*.debian.org", "*.spdx.org", "*.opensource.org",
	"*.gnu.org", "*.apache.org", "*.reuse.software", "*.eupl.eu",
	"*.europa.eu", "*.creativecommons.org", "*.contributor-covenant.org",
	"*.openssf.org", "*.bestpractices.dev", "*.securityscorecards.dev",
	"*.googleapis.com", "*.cloudfront.net", "*.youtube.com", "*.twitter.com",
	"*.x.com", "*.linkedin.com", "*.stackoverflow.com", "*.w3.org",
	"localhost", "127.0.0.1", "*.localhost", "*.local", "*.nip.io",
	"*.sslip.io", "example.org", "*.example.org",
	"example.com", "*.example.com",
};

struct url {
	char scheme[16];
	char host[128];
	char path[URL_MAX];
};

/*
 * fnmatch(pat, host, FNM_CASEFOLD), or "*.name" naming name itself.  The
 * two shapes most patterns have, a name and "*.name", are compared here:
 * each link of a README meets some 80 patterns, and fnmatch took a tenth
 * of reading a README with a hundred links.
 */
static bool host_match(const char *pat, const char *host)
{
	const char *rest = strncmp(pat, "*.", 2) ? pat : pat + 2;
	size_t hl, rl;

	if (strpbrk(rest, "*?[\\")) {
		if (!fnmatch(pat, host, FNM_CASEFOLD))
			return true;
		return rest != pat && !strcasecmp(rest, host);
	}
	if (!strcasecmp(rest, host))
		return true;
	if (rest == pat)
		return false;
	hl = strlen(host);
	rl = strlen(rest);
	return hl > rl && host[hl - rl - 1] == '.' &&
	       !strcasecmp(host + hl - rl, rest);
}

static bool host_in(const char *const *list, size_t n, const char *host)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (host_match(list[i], host))
			return true;
	return false;
}

/* Split "scheme://host/path"; a relative link has no scheme nor host. */
static void parse_url(struct url *u, const char *s, size_t n)
{
	const char *sep = NULL, *p = s, *end = s + n;
	size_t i;

	memset(u, 0, sizeof(*u));
	for (i = 0; i < n && i < sizeof(u->scheme) - 1; i++) {
		if (s[i] == ':') {
			sep = s + i;
			break;
		}
		if (!isalnum((unsigned char)s[i]) && s[i] != '+' && s[i] != '-')
			break;
	}
	if (sep) {
		memcpy(u->scheme, s, (size_t)(sep - s));
		p = sep + 1;
		if (end - p >= 2 && p[0] == '/' && p[1] == '/') {
			const char *h = p + 2;
			const char *he = h;
			while (he < end && *he != '/' && *he != '?' && *he != '#')
				he++;
			/* Drop credentials and port. */
			{
				const char *at = memchr(h, '@', (size_t)(he - h));
				const char *hs = at ? at + 1 : h;
				const char *colon = memchr(hs, ':', (size_t)(he - hs));
				size_t hl = (size_t)((colon ? colon : he) - hs);
				if (hl >= sizeof(u->host))
					hl = sizeof(u->host) - 1;
				memcpy(u->host, hs, hl);
			}
			p = he;
		}
	}
	n = (size_t)(end - p);
	if (n >= sizeof(u->path))
		n = sizeof(u->path) - 1;
	memcpy(u->path, p, n);
	u->path[strcspn(u->path, "?#")] = '\0';
}

struct link_acc {
	json_t *links;  /* {category: [{url, kind}]} */
	json_t *badges; /* [{image, alt}] */
	json_t *repos;  /* {"host/owner/name": times linked} */
	size_t seen;
	/*
	 * The current line, and whether it speaks of a website and says it
	 * is the project's ("our", "official"): worked out when a link of the
	 * line needs it (site_state 0), most lines have none.
	 */
	const char *line;
	size_t line_len;
	int site_state; /* 0 not known yet, 1 no, 2 a website, 3 the project's */
	bool docs_line;  /* the current line speaks of documentation */
	bool docs_section; /* under a heading "Documentation", "Getting started" */
	bool badge_link; /* classifying the target of a badge not about docs */
	const char *text; /* the text of the link being classified, or NULL */
	size_t text_len;
	const struct vigie_snapshot *snap; /* to resolve relative links */
	const char *dir; /* the README's folder, "" at the root */
	json_t *heads; /* the README's titles [{level, text, line}], or NULL */
};

/*
 * Words that make a link to the root of an unknown host the project's
 * website: any such link alone would take a tool's homepage for ours.
 */
static const char *const site_words[] = {
	"website", "web site", "site", "homepage", "home page", "accueil",
	"demo", "official", "officiel", "project page", "page du projet",
	/* "Many Git online resources are accessible from <https://...>" */
	"online", "en ligne",
};

/*
 * The words of a line without its addresses: "transport-site" or
 * "/website/" in a URL says nothing about a website.
 */
static void words_outside_urls(struct vigie_buf *f, const char *line, size_t n)
{
	char tmp[4096];
	size_t i, k;

	if (n > sizeof(tmp))
		n = sizeof(tmp); /* a line that long is no sentence about a site */
	for (i = 0; i < n;) {
		if ((n - i > 7 && !strncasecmp(line + i, "http://", 7)) ||
		    (n - i > 8 && !strncasecmp(line + i, "https://", 8))) {
			for (k = i; k < n && !isspace((unsigned char)line[k]) &&
				    line[k] != ')' && line[k] != '>' && line[k] != ']';
			     k++)
				tmp[k] = ' ';
			i = k;
		} else {
			tmp[i] = line[i];
			i++;
		}
	}
	vigie_text_fold(f, tmp, n);
}

/* Does the line's text (its URLs left out) hold one of the n words? */
static bool line_has_word(const char *line, size_t n,
			  const char *const *words, size_t nwords)
{
	struct vigie_buf f = VIGIE_BUF_INIT;
	bool hit = false;
	size_t i;

	words_outside_urls(&f, line, n);
	for (i = 0; f.ptr && i < nwords && !hit; i++)
		hit = heading_has(f.ptr, words[i]);
	vigie_buf_release(&f);
	return hit;
}

static bool line_speaks_of_site(const char *line, size_t n)
{
	return line_has_word(line, n, site_words, VIGIE_ARRAY_SIZE(site_words));
}

/* Words that make a website the project's own: "our website", "Site
 * officiel", "the project page", "[LZ4 Homepage]: http://www.lz4.org". */
static const char *const own_words[] = {
	"our", "official", "officiel", "officielle", "notre", "nos",
	"project", "projet", "homepage", "home page", "page d'accueil",
};

static bool line_says_own(const char *line, size_t n)
{
	return line_has_word(line, n, own_words, VIGIE_ARRAY_SIZE(own_words));
}

/* What the current line says of a website (struct link_acc's site_state). */
static int site_state(struct link_acc *a)
{
	if (!a->site_state)
		a->site_state = !a->line ? 1
				: !line_speaks_of_site(a->line, a->line_len) ? 1
				: line_says_own(a->line, a->line_len) ? 3 : 2;
	return a->site_state;
}

/*
 * "Please follow the documentation at [vuejs.org](https://vuejs.org/)",
 * "guides for [users](https://codemeta.github.io/user-guide/)"; a line
 * about documentation that ends "see:" goes on in the next paragraph.  A
 * candidate only: split_docs keeps the links whose address names the
 * project.
 */
static const char *const docs_line_words[] = {
	"documentation", "docs", "guide", "guides", "manual", "manuel",
};

/*
 * Can the line hold one of docs_line_words?  Asked of every line, so a
 * scan of its bytes spares the folding of most: a line in ASCII needs
 * "doc", "guid" or "manu" in some case (folding only lowers ASCII letters
 * and drops the rest); one with other bytes is folded (an accented letter
 * folds to a plain one).
 */
static bool may_speak_of_docs(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rest;

		if (c & 0x80)
			return true;
		switch (c | 0x20) {
		case 'd': rest = "oc"; break;
		case 'g': rest = "uid"; break;
		case 'm': rest = "anu"; break;
		default: continue;
		}
		if (n - i > strlen(rest) &&
		    vigie_ascii_prefix_eq(s + i + 1, rest, strlen(rest)))
			return true;
	}
	return false;
}

static bool line_speaks_of_docs(const char *line, size_t n)
{
	struct vigie_buf f = VIGIE_BUF_INIT;
	bool hit = false;
	size_t i;

	if (n > 4096)
		n = 4096;
	if (!may_speak_of_docs(line, n))
		return false;
	if (vigie_text_fold(&f, line, n) == 0 && f.ptr)
		for (i = 0; i < VIGIE_ARRAY_SIZE(docs_line_words) && !hit; i++)
			hit = heading_has(f.ptr, docs_line_words[i]);
	vigie_buf_release(&f);
	return hit;
}

/*
 * A heading over the documentation: the links below it ("## Documentation
 * / See [aerynos.dev](https://aerynos.dev/)", "## Getting Started /
 * [Installation](https://pnpm.io/installation)") lead to it.
 */
static const char *const docs_headings[] = {
	"documentation", "docs", "getting started", "guide", "guides",
	"manual", "manuel", "user guide", "mode d'emploi",
};

/* The text of an ATX ("## Docs") or AsciiDoc ("== Docs") heading line. */
static bool heading_line(const char *s, size_t n, const char **t, size_t *tn)
{
	size_t i = 0;

	while (i < n && i < 6 && (s[i] == '#' || s[i] == '='))
		i++;
	if (!i || i >= n || (s[i] != ' ' && s[i] != '\t') || s[0] != s[i - 1])
		return false;
	*t = s + i;
	*tn = n - i;
	return true;
}

static bool heading_speaks_of_docs(const char *t, size_t n)
{
	struct vigie_buf f = VIGIE_BUF_INIT;
	bool hit = false;
	size_t i;

	/* a title, not a sentence ("Cette documentation est technique.
	 * Pour plus d'informations, ...") */
	if (n > 48)
		return false;
	if (vigie_text_fold(&f, t, n) == 0 && f.ptr)
		for (i = 0; i < VIGIE_ARRAY_SIZE(docs_headings) && !hit; i++)
			hit = heading_has(f.ptr, docs_headings[i]);
	vigie_buf_release(&f);
	return hit;
}

static void add_link(struct link_acc *a, const char *category,
		     const char *kind, const char *s, size_t n)
{
	json_t *list = json_object_get(a->links, category);
	json_t *url = vigie_json_strn(s, n);
	size_t i;

	if (!list) {
		list = json_array();
		json_object_set_new(a->links, category, list);
	}
	for (i = 0; i < json_array_size(list); i++)
		if (json_equal(json_object_get(json_array_get(list, i), "url"), url)) {
			json_decref(url);
			return;
		}
	if (json_array_size(list) >= LINKS_PER_KIND) {
		json_decref(url);
		return;
	}
	json_array_append_new(list, json_pack("{s:o, s:s}", "url", url, "kind", kind));
}

/*
 * An e-mail address: a contact, or a mailing list when its domain is a
 * list server's (reuse@lists.fsfe.org, x@googlegroups.com, x@framalistes.org).
 */
static void add_address(struct link_acc *a, const char *s, size_t n)
{
	static const char *const list_domains[] = {
		"lists.*", "listes.*", "googlegroups.com", "framalistes.org",
		"*.groups.io", "lists.sr.ht",
	};
	const char *at = memchr(s, '@', n);
	char domain[128];
	size_t dn, i;

	if (at) {
		dn = n - (size_t)(at + 1 - s);
		if (dn < sizeof(domain)) {
			memcpy(domain, at + 1, dn);
			domain[dn] = '\0';
			for (i = 0; i < VIGIE_ARRAY_SIZE(list_domains); i++)
				if (host_match(list_domains[i], domain)) {
					add_link(a, "mailing_list", "list", s, n);
					return;
				}
		}
	}
	add_link(a, "contact", "email", s, n);
}

static const char *last_component(const char *path)
{
	const char *s;
	size_t n = strlen(path);

	while (n && path[n - 1] == '/')
		n--;
	for (s = path + n; s > path && s[-1] != '/'; s--)
		;
	return s;
}

/*
 * The forge repository a URL points into, "host/owner/name" in out (lower
 * case): github.com, codeberg.org and Gitea-likes take two path parts, a
 * GitLab path ends before "/-/".  False for other URLs.
 */
static bool forge_repo_of(char *out, size_t cap, const struct url *u)
{
	static const char *const not_owners[] = {
		"apps", "collections", "features", "marketplace", "orgs",
		"settings", "sponsors", "topics", "user-attachments", "users",
	};
	static const char *const two_part[] = {
		"github.com", "codeberg.org", "gitea.com", "bitbucket.org",
		"framagit.org", "gitlab.com",
	};
	const char *p = u->path[0] == '/' ? u->path + 1 : u->path;
	const char *dash = strstr(p, "/-/");
	size_t n = 0, i;
	int parts = 0;

	if (!u->host[0])
		return false;
	if (dash) {
		n = (size_t)(dash - p);
	} else {
		for (i = 0; i < VIGIE_ARRAY_SIZE(two_part); i++)
			if (!strcasecmp(u->host, two_part[i]) ||
			    (strlen(u->host) > 4 && !strncasecmp(u->host, "www.", 4) &&
			     !strcasecmp(u->host + 4, two_part[i])))
				break;
		if (i == VIGIE_ARRAY_SIZE(two_part))
			return false;
		for (n = 0; p[n] && parts < 2; n++)
			if (p[n] == '/' && ++parts == 2)
				break;
	}
	if (n && n > 4 && !strncasecmp(p + n - 4, ".git", 4))
		n -= 4;
	/* GitHub's own pages: user-attachments/assets, sponsors/x, orgs/x */
	for (i = 0; i < VIGIE_ARRAY_SIZE(not_owners); i++)
		if (!strncasecmp(p, not_owners[i], strlen(not_owners[i])) &&
		    p[strlen(not_owners[i])] == '/')
			return false;
	if (!n || !memchr(p, '/', n) || p[n - 1] == '/' ||
	    (size_t)snprintf(out, cap, "%s/%.*s",
			     strncasecmp(u->host, "www.", 4) ? u->host : u->host + 4,
			     (int)n, p) >= cap)
		return false;
	for (i = 0; out[i]; i++)
		out[i] = (char)tolower((unsigned char)out[i]);
	return true;
}

static void count_repo(struct link_acc *a, const struct url *u)
{
	char repo[URL_MAX];
	json_t *c;

	if (!a->repos || json_object_size(a->repos) >= 64 ||
	    !forge_repo_of(repo, sizeof(repo), u))
		return;
	c = json_object_get(a->repos, repo);
	json_object_set_new(a->repos, repo,
			    json_integer(c ? json_integer_value(c) + 1 : 1));
}

static void count_url(struct link_acc *a, const char *s, size_t n)
{
	struct url u;

	if (n && n <= URL_MAX) {
		parse_url(&u, s, n);
		count_repo(a, &u);
	}
}

/* Words of a link's text that make it the issue tracker. */
static const char *const tracker_words[] = {
	"issue tracker", "bug tracker", "bug report*", "report a bug",
	"report an issue", "report issues", "gestionnaire de tickets",
	"signaler un*", "ouvrir un ticket", "ouvrir une issue",
};

static bool text_says_tracker(const char *t, size_t n)
{
	struct vigie_buf f = VIGIE_BUF_INIT;
	bool hit = false;
	size_t i;

	if (n && n < 200 && vigie_text_fold(&f, t, n) == 0 && f.ptr)
		for (i = 0; i < VIGIE_ARRAY_SIZE(tracker_words) && !hit; i++)
			hit = heading_has(f.ptr, tracker_words[i]);
	vigie_buf_release(&f);
	return hit;
}

/* Words of a link's text (or its badge's) that make it a chat room. */
static const char *const chat_words[] = {
	"chat", "discord", "gitter", "matrix", "mattermost", "slack", "zulip",
};

static bool text_says_chat(const char *t, size_t n)
{
	struct vigie_buf f = VIGIE_BUF_INIT;
	bool hit = false;
	size_t i;

	if (n && n < 512 && vigie_text_fold(&f, t, n) == 0 && f.ptr)
		for (i = 0; i < VIGIE_ARRAY_SIZE(chat_words) && !hit; i++)
			hit = heading_has(f.ptr, chat_words[i]);
	vigie_buf_release(&f);
	return hit;
}

/*
 * A link whose whole text calls it the documentation ("Documentation",
 * "Read the docs", "Documentation générale", "Website and Documentation")
 * points to the project's own; "npm install command" or "Docker docs"
 * say nothing of whose it is.  Words shorter than three letters are filler.
 */
static const char *const docs_words[] = {
	"documentation", "docs", "manual", "manuel", "handbook", "guide",
};

static const char *const docs_filler[] = {
	"and", "complete", "des", "for", "full", "general", "generale", "here",
	"ici", "les", "lire", "more", "official", "officielle", "online", "our",
	"plus", "read", "reference", "see", "sur", "technical", "technique",
	"the", "user", "users", "utilisateur", "utilisateurs", "voir",
	"website", "your",
};

/* Is word (len wl) one of list? */
static bool word_in(const char *const *list, size_t n, const char *word,
		    size_t wl)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(list[i]) == wl && !strncmp(list[i], word, wl))
			return true;
	return false;
}

/*
 * Does a link's text (shorter than max, no image) name it as one of names
 * and say nothing else: every other word of at least min letters is
 * filler?
 */
static bool text_names(const char *t, size_t n, size_t max,
		       const char *const *names, size_t nnames,
		       const char *const *filler, size_t nfiller, size_t min)
{
	struct vigie_buf f = VIGIE_BUF_INIT;
	bool named = false, other = false;
	const char *p, *q;
	size_t wl;

	if (!n || n >= max || memchr(t, '!', n) || vigie_text_fold(&f, t, n) < 0 ||
	    !f.ptr)
		goto out;
	for (p = f.ptr; *p && !other; p = q) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		for (q = p; *q && isalnum((unsigned char)*q); q++)
			;
		wl = (size_t)(q - p);
		if (!wl || wl < min)
			continue;
		if (word_in(names, nnames, p, wl))
			named = true;
		else
			other = !word_in(filler, nfiller, p, wl);
	}
out:
	vigie_buf_release(&f);
	return named && !other;
}

/* A link named a website only: "Website", "Site web", "Project website",
 * "Website and Documentation". */
static bool text_is_site(const char *t, size_t n)
{
	static const char *const site[] = {
		"website", "site", "homepage", "accueil", "web",
	};
	static const char *const filler[] = {
		"and", "documentation", "docs", "home", "official", "officiel",
		"our", "page", "project", "projet", "the", "visit", "internet",
	};

	return text_names(t, n, 100, site, VIGIE_ARRAY_SIZE(site), filler,
			  VIGIE_ARRAY_SIZE(filler), 2);
}

static bool text_is_docs(const char *t, size_t n)
{
	return text_names(t, n, 200, docs_words, VIGIE_ARRAY_SIZE(docs_words),
			  docs_filler, VIGIE_ARRAY_SIZE(docs_filler), 3);
}

/*
 * A link named only as a forum: "GitHub Discussions", "Community forum",
 * "Discourse" (not "the discussion in #12").
 */
static bool text_is_forum(const char *t, size_t n)
{
	static const char *const forum[] = {
		"discourse", "discussions", "forum", "forums",
	};
	static const char *const filler[] = {
		"codeberg", "communaute", "community", "github", "gitlab", "our",
		"the",
	};

	return text_names(t, n, 100, forum, VIGIE_ARRAY_SIZE(forum), filler,
			  VIGIE_ARRAY_SIZE(filler), 1);
}

static void classify_link(struct link_acc *a, const char *s, size_t n);

/* Does the tree hold a file under the folder path ("docs/")?  Entries are
 * sorted by path: the first one not before it tells. */
static bool tree_has_folder(const struct vigie_snapshot *snap, const char *path)
{
	size_t lo = 0, hi = vigie_snapshot_count(snap), pl = strlen(path);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(vigie_snapshot_entry(snap, mid)->path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < vigie_snapshot_count(snap) &&
	       !strncmp(vigie_snapshot_entry(snap, lo)->path, path, pl);
}

/* Does a badge (its alt text and image address) speak of documentation? */
static bool badge_speaks_of_docs(const char *t, size_t n)
{
	static const char *const marks[] = {
		"doc", "reference", "manual", "guide", "wiki",
	};
	char low[512];
	size_t i;

	if (n >= sizeof(low))
		n = sizeof(low) - 1;
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)t[i]);
	low[n] = '\0';
	for (i = 0; i < VIGIE_ARRAY_SIZE(marks); i++)
		if (strstr(low, marks[i]))
			return true;
	return false;
}

/*
 * A relative link to a file of the repository ("./front/README.md" from a
 * "## Documentation" section, "[Documentation](docs/index.md)"): kept as
 * documentation of kind "file" when the file exists, its address as
 * written.  Links that climb out of the README's folder are ignored.
 */
static void add_file_link(struct link_acc *a, const char *s, size_t n)
{
	char path[URL_MAX];
	size_t dl = a->dir ? strlen(a->dir) : 0, k;

	if (!a->snap || !n || n >= URL_MAX || dl + n + 2 >= sizeof(path))
		return;
	k = 0;
	if (dl) {
		memcpy(path, a->dir, dl);
		path[dl] = '/';
		k = dl + 1;
	}
	while (n >= 2 && s[0] == '.' && s[1] == '/') {
		s += 2;
		n -= 2;
	}
	if (!n || *s == '/' || *s == '#')
		return;
	memcpy(path + k, s, n);
	path[k + n] = '\0';
	path[strcspn(path, "?#")] = '\0';
	if (strstr(path, "..") || !path[k])
		return;
	/* a folder ("docs/") names its files */
	k = strlen(path);
	if (k && path[k - 1] == '/') {
		if (!tree_has_folder(a->snap, path))
			return;
	} else if (!vigie_snapshot_find(a->snap, path, false)) {
		return;
	}
	add_link(a, "documentation", "file", s, n);
}

/*
 * A link whose text calls it the issue tracker ("[Jenkins issue tracker]")
 * is one, wherever it points; a link whose text or badge names a chat
 * ("[Discord](https://host/chat)", a Slack badge over an invitation
 * address) is a chat room; other links by their address.
 */
static void classify_named_link(struct link_acc *a, const char *s, size_t n,
				const char *text, size_t tn)
{
	size_t before = json_array_size(json_object_get(a->links, "issue_tracker"));

	size_t chats = json_array_size(json_object_get(a->links, "chat"));

	/* a mailto's prefilled subject and body (often long) say nothing */
	if (n > 7 && !strncasecmp(s, "mailto:", 7) && memchr(s, '?', n))
		n = (size_t)((const char *)memchr(s, '?', n) - s);
	if (n && n <= URL_MAX &&
	    (!strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8)) &&
	    text_is_docs(text, tn))
		add_link(a, "documentation", "named", s, n);
	else if (n && n <= URL_MAX && !memchr(s, ':', n) && !a->docs_section &&
		 text_is_docs(text, tn))
		add_file_link(a, s, n);
	/* [![alt](image)](target): a badge over the target */
	a->badge_link = tn > 2 && text[0] == '!' && text[1] == '[' &&
			!badge_speaks_of_docs(text, tn);
	a->text = text;
	a->text_len = tn;
	classify_link(a, s, n);
	a->badge_link = false;
	a->text = NULL;
	if (n && n <= URL_MAX &&
	    json_array_size(json_object_get(a->links, "chat")) == chats &&
	    (!strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8) ||
	     !strncasecmp(s, "mailto:", 7)) &&
	    text_says_chat(text, tn))
		add_link(a, "chat", "named", s, n);
	if (n && n <= URL_MAX && !json_object_get(a->links, "forum") &&
	    (!strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8)) &&
	    text_is_forum(text, tn))
		add_link(a, "forum", "named", s, n);
	if (n && n <= URL_MAX &&
	    json_array_size(json_object_get(a->links, "issue_tracker")) == before &&
	    (!strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8)) &&
	    text_says_tracker(text, tn))
		add_link(a, "issue_tracker", "tracker", s, n);
}

/* Is the link's text its host ("aerynos.dev", "www.jqlang.org")? */
static bool text_shows_host(const struct link_acc *a, const char *host)
{
	const char *t = a->text;
	size_t n = a->text_len, hl;

	if (!t)
		return false;
	while (n && isspace((unsigned char)*t)) {
		t++;
		n--;
	}
	while (n && (isspace((unsigned char)t[n - 1]) || t[n - 1] == '/'))
		n--;
	if (n > 8 && !strncasecmp(t, "https://", 8)) {
		t += 8;
		n -= 8;
	} else if (n > 7 && !strncasecmp(t, "http://", 7)) {
		t += 7;
		n -= 7;
	}
	if (!strncasecmp(host, "www.", 4) && !(n > 4 && !strncasecmp(t, "www.", 4)))
		host += 4;
	hl = strlen(host);
	return n == hl && !strncasecmp(t, host, n);
}

static void classify_link(struct link_acc *a, const char *s, size_t n)
{
	struct url u;
	char comp[128];
	const char *last;
	size_t i;
	bool infra;

	if (!n || n > URL_MAX || a->seen++ > 4096)
		return;
	parse_url(&u, s, n);
	count_repo(a, &u);
	if (!strcasecmp(u.scheme, "mailto")) {
		/* The address, without a prefilled subject or body. */
		const char *qm = memchr(s, '?', n);
		size_t an = qm ? (size_t)(qm - s) : n;
		if (an > 7 && !vigie_text_placeholder_email(s + 7, an - 7))
			add_address(a, s, an);
		return;
	}
	if (!strcasecmp(u.scheme, "irc") || !strcasecmp(u.scheme, "ircs")) {
		add_link(a, "chat", "irc", s, n);
		return;
	}
	if (!strcasecmp(u.scheme, "matrix")) {
		add_link(a, "chat", "matrix", s, n);
		return;
	}
	if (u.scheme[0] && strcasecmp(u.scheme, "http") &&
	    strcasecmp(u.scheme, "https"))
		return;
	/* A link to one of the project's practice pages. */
	last = last_component(u.path);
	for (i = 0; last[i] && i < sizeof(comp) - 1; i++)
		comp[i] = (char)tolower((unsigned char)last[i]);
	comp[i] = '\0';
	for (i = 0; i < VIGIE_ARRAY_SIZE(page_words); i++)
		if (!fnmatch(page_words[i].word, comp, 0)) {
			add_link(a, page_words[i].section, "page", s, n);
			return;
		}
	if (!u.host[0]) {
		/* other relative links: files of the repository; one under a
		 * documentation heading is the documentation */
		if (!u.scheme[0] && a->docs_section)
			add_file_link(a, s, n);
		return;
	}
	for (i = 0; i < VIGIE_ARRAY_SIZE(link_rules); i++) {
		const struct link_rule *r = &link_rules[i];
		if (r->host && !host_match(r->host, u.host))
			continue;
		/* a badge's target explains the badge (a label, a status):
		 * its address alone does not make it the documentation */
		if (a->badge_link && !strcmp(r->category, "documentation") &&
		    !strcmp(r->kind, "docs") && strcmp(u.host, "docs.rs"))
			continue;
		if (r->path && fnmatch(r->path, u.path[0] ? u.path : "/",
				       FNM_CASEFOLD))
			continue;
		add_link(a, r->category, r->kind, s, n);
		return;
	}
	/* The root of a host of its own, called a website: the project's.
	 * A foundation's host is no website of the project, but its pages
	 * under a documentation heading or line may be the project's
	 * (commons.apache.org/proper/commons-cli: see split_docs) */
	infra = host_in(infra_hosts, VIGIE_ARRAY_SIZE(infra_hosts), u.host) ||
		vigie_text_placeholder_host(u.host, strlen(u.host));
	if (infra && !((a->docs_section || a->docs_line) &&
		       host_in(foundation_hosts,
			       VIGIE_ARRAY_SIZE(foundation_hosts), u.host)))
		return;
	/* The root of a host, on a line about a website or showing its
	 * address ("[vuejs.org](https://vuejs.org/)"): kind "named" when the
	 * link is named a website ("Website and Documentation", "Site web"),
	 * "own" on a line that says it is the project's, else "site": kept
	 * if the host names the project (see split_sites) */
	if (!infra && (site_state(a) >= 2 || text_shows_host(a, u.host)) &&
	    (!u.path[0] || !strcmp(u.path, "/")))
		add_link(a, "website",
			 a->text && text_is_site(a->text, a->text_len) ? "named" :
			 site_state(a) == 3 ? "own" :
			 site_state(a) == 2 ? "site" : "address",
			 s, n);
	/* A line or a section about documentation: a candidate, kept if the
	 * host carries a name of the project (see split_docs).  "[Project
	 * Website](https://sinatrarb.com/) - Additional documentation" is
	 * both. */
	/* under a documentation heading, the root of a host only when the
	 * link shows it ("See [aerynos.dev](https://aerynos.dev/)"), not a
	 * tool the section uses ("with [Tilt](https://tilt.dev/)") */
	if (a->docs_section &&
	    ((u.path[0] && strcmp(u.path, "/")) || text_shows_host(a, u.host)))
		add_link(a, "documentation", "section", s, n);
	else if (a->docs_line)
		add_link(a, "documentation", "line", s, n);
}

/* The alt text of the <img> tag around p, on the line [start, e), or ""
 * (no tag is parsed further: a badge's alt is a label). */
static json_t *html_alt(const char *start, const char *p, const char *e)
{
	const char *open = p, *close, *alt, *q;

	while (open > start && p - open < 512 && *open != '<')
		open--;
	close = memchr(p, '>', (size_t)(e - p));
	if (*open != '<' || !close)
		return json_string("");
	for (alt = open; alt + 5 < close; alt++) {
		if (strncasecmp(alt, "alt=", 4) || (alt[4] != '"' && alt[4] != '\''))
			continue;
		q = memchr(alt + 5, alt[4], (size_t)(close - alt - 5));
		if (q)
			return vigie_json_strn(alt + 5, (size_t)(q - alt - 5));
	}
	return json_string("");
}

static bool badge_image(const char *s, size_t n)
{
	static const char *const marks[] = {
		"shields.io", "badgen.net", "badge", "/badges/", "pipeline.svg",
		"coverage.svg", "build-status", "buildstatus", "/status.svg",
	};
	char tmp[URL_MAX + 1];
	size_t i;

	if (n > URL_MAX)
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	for (i = 0; i < n; i++)
		tmp[i] = (char)tolower((unsigned char)tmp[i]);
	for (i = 0; i < VIGIE_ARRAY_SIZE(marks); i++)
		if (strstr(tmp, marks[i]))
			return true;
	return false;
}

static size_t url_len(const char *s, const char *end)
{
	const char *p = s;
	int depth = 0;

	while (p < end && !isspace((unsigned char)*p) && !strchr("<>\"'`[]", *p)) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && depth-- == 0)
			break;
		p++;
	}
	/* Trailing punctuation ends a sentence, not the URL. */
	while (p > s && strchr(".,;:!?*_", p[-1]))
		p--;
	return (size_t)(p - s);
}

static bool mail_char(char c, bool local)
{
	return isalnum((unsigned char)c) || c == '.' || c == '-' ||
	       (local && (c == '_' || c == '+' || c == '%'));
}

/* A bare e-mail address around the '@' at q; returns where to go on. */
static const char *email(struct link_acc *a, const char *line, const char *q,
			 const char *e)
{
	const char *s = q, *t = q + 1;
	bool dot = false;

	while (s > line && mail_char(s[-1], true))
		s--;
	while (t < e && mail_char(*t, false)) {
		dot |= *t == '.';
		t++;
	}
	while (t > q + 1 && t[-1] == '.')
		t--;
	if (dot && s < q && t > q + 3 && t[-1] != '.' && !memchr(q + 1, '@', (size_t)(t - q - 1)) &&
	    !vigie_text_placeholder_email(s, (size_t)(t - s)))
		add_address(a, s, (size_t)(t - s));
	return t - 1;
}

/*
 * Links: Markdown [text](url) and ![alt](img), <url>, reST `text <url>`_ and
 * ".. image:: url", and bare http(s)/mailto/irc URLs.  Fenced code skipped.
 */
static void scan_links(struct link_acc *a, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	bool fence = false, carry = false, para_docs = false;
	size_t docs_level = 0, next_head = 0;
	long line = 0;

	while (p < end) {
		const char *e = line_end(p, end), *q;
		const char *s = p;
		size_t n = trimmed(&s, (size_t)(e - p));
		json_t *head = NULL;

		/* the titles the headings reader found, of every markup
		 * (setext and reST underlines too) */
		line++;
		while (next_head < json_array_size(a->heads) &&
		       json_integer_value(json_object_get(json_array_get(
			       a->heads, next_head), "line")) < line)
			next_head++;
		if (next_head < json_array_size(a->heads) &&
		    json_integer_value(json_object_get(json_array_get(
			    a->heads, next_head), "line")) == line)
			head = json_array_get(a->heads, next_head);

		if (n >= 3 && (!strncmp(s, "```", 3) || !strncmp(s, "~~~", 3))) {
			fence = !fence;
			carry = para_docs = false;
			goto next;
		}
		if (fence)
			goto next;
		if (!n) {
			para_docs = false; /* "see:" still carries */
			goto next;
		}
		{
			const char *ht;
			size_t hn;
			bool speaks = line_speaks_of_docs(p, (size_t)(e - p));
			/* a subsection ("### Frontend" under "## Documentation")
			 * stays in the section */
			if (head) {
				size_t lv = (size_t)json_integer_value(
					json_object_get(head, "level"));
				ht = json_string_value(json_object_get(head,
								       "text"));
				if (ht && (!a->docs_section || lv <= docs_level)) {
					a->docs_section = heading_speaks_of_docs(
						ht, strlen(ht));
					docs_level = lv;
				}
			} else if (!a->heads && heading_line(s, n, &ht, &hn) &&
				   (!a->docs_section ||
				    (size_t)(ht - s) <= docs_level)) {
				a->docs_section = heading_speaks_of_docs(ht, hn);
				docs_level = (size_t)(ht - s);
			}
			a->line = p;
			a->line_len = (size_t)(e - p);
			a->site_state = 0;
			/* "For more information, see:" goes on in the next
			 * paragraph */
			para_docs |= speaks;
			a->docs_line = speaks || carry;
			carry = para_docs && s[n - 1] == ':';
		}
		if (n > 4 && *s == '[' && s - p < 4) {
			/* A reference definition: "[label]: url" (relative too). */
			const char *close = memchr(s, ']', n);
			if (close && close + 1 < s + n && close[1] == ':') {
				const char *u = close + 2;
				size_t ul;
				while (u < e && (*u == ' ' || *u == '\t' || *u == '<'))
					u++;
				ul = url_len(u, e);
				/* a badge's image by reference: "[![alt][img]][url]"
				 * and "[img]: https://img.shields.io/..." (Express) */
				if (badge_image(u, ul)) {
					count_url(a, u, ul);
					if (json_array_size(a->badges) < BADGES_MAX)
						json_array_append_new(a->badges, json_pack(
							"{s:o, s:o}", "image",
							vigie_json_strn(u, ul), "alt",
							vigie_json_strn(s + 1, (size_t)(close - s - 1))));
				} else {
					classify_link(a, u, ul);
				}
				goto next;
			}
		}
		if (n > 10 && !strncmp(s, ".. image::", 10)) {
			const char *u = s + 10;
			while (u < e && *u == ' ')
				u++;
			if (badge_image(u, url_len(u, e)) &&
			    json_array_size(a->badges) < BADGES_MAX)
				json_array_append_new(a->badges, json_pack(
					"{s:o, s:s}", "image",
					vigie_json_strn(u, url_len(u, e)), "alt", ""));
			goto next;
		}
		for (q = p; q < e; q++) {
			if (*q == ']' && q + 1 < e && q[1] == '(') {
				/* [text](url) or ![alt](img) */
				const char *u = q + 2, *open = q;
				size_t ul = url_len(u, e);
				int depth = 0;
				/* Link texts are short: look back a bounded way. */
				while (open > p && q - open < 512 &&
				       !(open[-1] == '[' && depth == 0)) {
					open--;
					if (*open == ']')
						depth++;
					else if (*open == '[' && depth)
						depth--;
				}
				if (open > p && open[-1] != '[')
					open = q; /* no opening bracket near */
				if (open > p && open - 1 > p && open[-2] == '!' &&
				    badge_image(u, ul)) {
					count_url(a, u, ul);
					if (json_array_size(a->badges) < BADGES_MAX)
						json_array_append_new(a->badges, json_pack(
							"{s:o, s:o}", "image",
							vigie_json_strn(u, ul), "alt",
							vigie_json_strn(open, (size_t)(q - open))));
				} else if (!(open > p && open - 1 > p && open[-2] == '!')) {
					classify_named_link(a, u, ul, open,
							    (size_t)(q - open));
				}
				q = u + ul - 1;
				continue;
			}
			if (*q == '@' && q > p && isalnum((unsigned char)q[-1])) {
				q = email(a, p, q, e);
				continue;
			}
			if ((*q == '<' || q == p || !isalnum((unsigned char)q[-1])) &&
			    (q + 8 < e) &&
			    (!strncasecmp(q + (*q == '<'), "http://", 7) ||
			     !strncasecmp(q + (*q == '<'), "https://", 8) ||
			     !strncasecmp(q + (*q == '<'), "mailto:", 7) ||
			     !strncasecmp(q + (*q == '<'), "irc://", 6) ||
			     !strncasecmp(q + (*q == '<'), "ircs://", 7))) {
				const char *u = q + (*q == '<');
				size_t ul = url_len(u, e);
				const char *t = u + ul, *te = NULL;
				/* AsciiDoc: "https://host/path[link text]" */
				if (t < e && *t == '[')
					te = memchr(t, ']', (size_t)(e - t) < 200 ?
								  (size_t)(e - t) : 200);
				if (badge_image(u, ul)) {
					count_url(a, u, ul);
					/* an HTML badge: <img src="https://img.shields.io/..."
					 * alt="Test"> (FastAPI) */
					if (u - p >= 5 && (u[-1] == '"' || u[-1] == '\'') &&
					    !strncasecmp(u - 5, "src=", 4) &&
					    json_array_size(a->badges) < BADGES_MAX)
						json_array_append_new(a->badges, json_pack(
							"{s:o, s:o}", "image",
							vigie_json_strn(u, ul), "alt",
							html_alt(p, q, e)));
				} else if (te)
					classify_named_link(a, u, ul, t + 1,
							    (size_t)(te - t - 1));
				else
					classify_link(a, u, ul);
				q = (te ? te : u + ul) - 1;
				if (te)
					q++;
			}
		}
next:
		p = e < end ? e + 1 : end;
	}
}

/* ---- READMEs in other languages ------------------------------------------ */

/* Two-letter codes a README variant or a docs folder may carry. */
static const char *const lang_codes[] = {
	"ar", "br", "ca", "cs", "da", "de", "el", "en", "eo", "es", "eu",
	"fa", "fi", "fr", "he", "hi", "hu", "id", "it", "ja", "ko", "nl",
	"no", "oc", "pl", "pt", "ro", "ru", "sv", "tr", "uk", "vi", "zh",
};

static bool known_code(const char *s)
{
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(lang_codes); i++)
		if (!strncasecmp(s, lang_codes[i], 2))
			return true;
	return false;
}

/* "README.fr.md", "README-en", "README_pt-BR.md" -> the code, else NULL. */
static const char *variant_code(const char *name, char code[3])
{
	const char *rest;

	if (!strncasecmp(name, "lisezmoi", 8) || !strncasecmp(name, "lisez-moi", 9)) {
		memcpy(code, "fr", 3);
		return code;
	}
	if (strncasecmp(name, "readme", 6) || !strchr("._-", name[6]))
		return NULL;
	rest = name + 7;
	if (!isalpha((unsigned char)rest[0]) || !isalpha((unsigned char)rest[1]) ||
	    (rest[2] && !strchr("._-", rest[2])))
		return NULL;
	if (!known_code(rest))
		return NULL;
	code[0] = (char)tolower((unsigned char)rest[0]);
	code[1] = (char)tolower((unsigned char)rest[1]);
	code[2] = '\0';
	return code;
}

static json_t *translations(struct vigie_snapshot *snap, const char *main_path)
{
	json_t *list = json_array(), *dirs = json_object();
	size_t i, n = vigie_snapshot_count(snap);

	for (i = 0; i < n && json_array_size(list) < TRANSLATIONS_MAX; i++) {
		const char *path = vigie_snapshot_entry(snap, i)->path;
		const char *slash = strchr(path, '/');
		char code[3];

		if (!slash) {
			if (strcmp(path, main_path) && variant_code(path, code))
				json_array_append_new(list, json_pack(
					"{s:o, s:s}", "path", vigie_json_str(path),
					"language", code));
			continue;
		}
		/* docs/fr/..., doc/en/..., docs/pt-BR/... */
		if ((!strncmp(path, "docs/", 5) || !strncmp(path, "doc/", 4))) {
			const char *d = slash + 1, *d2 = strchr(d, '/');
			size_t dl = d2 ? (size_t)(d2 - d) : 0;
			char dir[32];
			if (!d2 || (dl != 2 && dl != 5) || !known_code(d) ||
			    !isalpha((unsigned char)d[1]) ||
			    (dl == 5 && !strchr("_-", d[2])))
				continue;
			snprintf(dir, sizeof(dir), "%.*s/", (int)(d2 - path), path);
			if (json_object_get(dirs, dir))
				continue;
			code[0] = (char)tolower((unsigned char)d[0]);
			code[1] = (char)tolower((unsigned char)d[1]);
			code[2] = '\0';
			json_object_set_new(dirs, dir, json_true());
			json_array_append_new(list, json_pack("{s:s, s:s}", "path",
							      dir, "language", code));
		}
	}
	json_decref(dirs);
	return list;
}

/* ---- the collector ------------------------------------------------------ */

/*
 * How well a README's name says "the README, rendered": an exact name with a
 * markup extension beats a plain one, which beats a variant (README.fr.md).
 */
static int format_rank(const char *name)
{
	static const char *const exts[] = {
		".md", ".markdown", ".rst", ".adoc", ".org", ".txt", "",
	};
	const char *dot = strchr(name, '.');
	size_t stem = dot ? (size_t)(dot - name) : strlen(name);
	size_t i;

	if (strncasecmp(name, "readme", stem) && strncasecmp(name, "lisezmoi", stem))
		return 0;
	for (i = 0; i < VIGIE_ARRAY_SIZE(exts); i++)
		if (!strcasecmp(name + stem, exts[i]))
			return 10 - (int)i;
	return 1;
}

/* ---- the project's own forge repository ---------------------------------- */

/*
 * Which repository is this?  The target URL, else --forge-repo (owner/name,
 * no host), else the origin remote: "host/owner/name" or "owner/name" in
 * out, with where it came from; false when none says.
 */
static bool known_identity(char *out, size_t cap, const char **from,
			   const struct vigie_collect_ctx *ctx)
{
	const struct vigie_target *t = ctx->target;
	const char *origin = NULL, *host = NULL, *repo = NULL;
	struct vigie_target o;
	bool ok = false;
	size_t i;

	memset(&o, 0, sizeof(o));
	if (t && t->kind == VIGIE_TARGET_URL && t->host && t->repo) {
		host = t->host;
		repo = t->repo;
		*from = "target";
	} else if (ctx->snap &&
		   (origin = vigie_source_origin(vigie_snapshot_source(ctx->snap))) &&
		   vigie_target_parse(&o, origin, NULL) == 0 &&
		   o.kind == VIGIE_TARGET_URL && o.host && o.repo) {
		host = o.host;
		repo = o.repo;
		*from = "origin";
	}
	if (ctx->opts && ctx->opts->forge_repo) {
		/* --forge-repo names the repository; the host stays known */
		repo = ctx->opts->forge_repo;
		*from = "option";
	}
	if (repo && host)
		ok = (size_t)snprintf(out, cap, "%s/%s", host, repo) < cap;
	else if (repo)
		ok = (size_t)snprintf(out, cap, "%s", repo) < cap;
	vigie_target_release(&o);
	for (i = 0; ok && out[i]; i++)
		out[i] = (char)tolower((unsigned char)out[i]);
	return ok;
}

/* The repository the README links most, if clearly (twice, and most). */
static bool readme_identity(char *out, size_t cap, json_t *repos)
{
	const char *k, *best = NULL;
	json_int_t top = 0, second = 0;
	json_t *v;

	json_object_foreach(repos, k, v) {
		json_int_t c = json_integer_value(v);
		if (c > top) {
			second = top;
			top = c;
			best = k;
		} else if (c > second) {
			second = c;
		}
	}
	if (!best || top < 2 || top == second)
		return false;
	return (size_t)snprintf(out, cap, "%s", best) < cap;
}

/* Is the repo ("host/owner/name") the one identity names? */
static bool same_repo(const char *repo, const char *identity)
{
	const char *slash = strchr(repo, '/');
	size_t slashes = 0;
	const char *q;

	for (q = identity; *q; q++)
		slashes += *q == '/';
	/* "owner/name" from --forge-repo: compare without the host */
	if (slashes == 1 && slash)
		return !strcasecmp(slash + 1, identity);
	return !strcasecmp(repo, identity);
}

/*
 * A tracker link into another repository (a bug of a dependency, say
 * github.com/other/tool/issues/82) is not this project's tracker: moved
 * to links.issue_tracker_elsewhere.
 */
static void split_trackers(json_t *links, const char *identity)
{
	json_t *list = json_object_get(links, "issue_tracker");
	json_t *mine = json_array(), *other = json_array();
	size_t i;

	for (i = 0; i < json_array_size(list); i++) {
		json_t *l = json_array_get(list, i);
		const char *url = json_string_value(json_object_get(l, "url"));
		char repo[URL_MAX];
		struct url u;

		parse_url(&u, url, strlen(url));
		if (forge_repo_of(repo, sizeof(repo), &u) && !same_repo(repo, identity))
			json_array_append(other, l);
		else
			json_array_append(mine, l);
	}
	if (json_array_size(other)) {
		json_object_set_new(links, "issue_tracker_elsewhere", other);
		if (json_array_size(mine)) {
			json_object_set_new(links, "issue_tracker", mine);
		} else {
			json_object_del(links, "issue_tracker");
			json_decref(mine);
		}
	} else {
		json_decref(other);
		json_decref(mine);
	}
}

/*
 * Words that name no project: a docs host or title made of them says
 * nothing about whose documentation it is.
 */
static const char *const generic_words[] = {
	"about", "api", "app", "beta", "code", "community", "core", "data",
	"demo", "develop", "developer", "developers", "docs", "documentation",
	"free", "github", "gitlab", "gouv", "guide", "home", "library", "open",
	"plugin", "project", "public", "read", "readme", "server", "service",
	"site", "source", "the", "tool", "tools", "user", "users", "welcome",
	"wiki", "with", "your",
};

/* Hosts whose path, not their name, says whose documentation it is. */
static const char *const path_hosts[] = {
	"docs.rs", "pkg.go.dev", "godoc.org", "*.github.io", "*.gitlab.io",
	"*.codeberg.page", "*.apache.org", "*.gnu.org",
};

#define NAME_WORDS 24

struct names {
	char w[NAME_WORDS][64];
	size_t n;
	char whole[URL_MAX]; /* the repository name: "data.gouv.fr", "go-imap" */
};

/* Add the words of s (folded, split on anything not alphanumeric). */
static void add_words(struct names *nm, const char *s, size_t len)
{
	struct vigie_buf f = VIGIE_BUF_INIT;
	const char *p, *q;
	size_t i;

	if (!len || len > 512 || vigie_text_fold(&f, s, len) < 0 || !f.ptr)
		goto out;
	for (p = f.ptr; *p && nm->n < NAME_WORDS; p = q) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		for (q = p; *q && isalnum((unsigned char)*q); q++)
			;
		if (q - p < 4 || (size_t)(q - p) >= sizeof(nm->w[0]))
			continue;
		for (i = 0; i < VIGIE_ARRAY_SIZE(generic_words); i++)
			if (strlen(generic_words[i]) == (size_t)(q - p) &&
			    !strncmp(generic_words[i], p, (size_t)(q - p)))
				break;
		if (i < VIGIE_ARRAY_SIZE(generic_words))
			continue;
		for (i = 0; i < nm->n; i++)
			if (strlen(nm->w[i]) == (size_t)(q - p) &&
			    !strncmp(nm->w[i], p, (size_t)(q - p)))
				break;
		if (i == nm->n) {
			memcpy(nm->w[nm->n], p, (size_t)(q - p));
			nm->w[nm->n++][q - p] = '\0';
		}
	}
out:
	vigie_buf_release(&f);
}

/* Does a word of the names equal a word of s (split as add_words)? */
static bool names_in(const struct names *nm, const char *s)
{
	const char *p, *q;
	size_t i;

	for (p = s; *p; p = q) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		for (q = p; *q && isalnum((unsigned char)*q); q++)
			;
		for (i = 0; i < nm->n; i++)
			if (strlen(nm->w[i]) == (size_t)(q - p) &&
			    !strncasecmp(nm->w[i], p, (size_t)(q - p)))
				return true;
		if (nm->whole[0] && strlen(nm->whole) == (size_t)(q - p) &&
		    !strncasecmp(nm->whole, p, (size_t)(q - p)))
			return true;
	}
	/* a name of several words stands whole between separators:
	 * "go-hdb" in "/github.com/SAP/go-hdb/driver" */
	if (nm->whole[0] && strpbrk(nm->whole, "-_.")) {
		size_t wl = strlen(nm->whole);
		for (p = s; *p; p++)
			if ((p == s || !isalnum((unsigned char)p[-1])) &&
			    !strncasecmp(p, nm->whole, wl) &&
			    !isalnum((unsigned char)p[wl]))
				return true;
	}
	return false;
}

/*
 * The subject of the README's opening sentence, "Docco is a ...", "Gizmo
 * est un ...": a name of the project (not "This", "It", "Le logiciel").
 * With no repository name known, a one-word subject stands for it.
 */
static void opening_name(struct names *nm, const char *t)
{
	static const char *const verbs[] = { " is ", " are ", " est ", " sont " };
	static const char *const pronouns[] = {
		"ce", "cet", "cette", "ceci", "il", "it", "our", "these", "this",
		"we",
	};
	/* "Le Registre de preuve de covoiturage est ...": past the article */
	static const char *const articles[] = {
		"a", "an", "l", "la", "le", "les", "the", "un", "une",
	};
	bool article = false;
	char first[64];
	const char *v = NULL, *p, *q;
	size_t i, words = 0, fl = 0;

	if (!t)
		return;
	for (i = 0; i < VIGIE_ARRAY_SIZE(verbs); i++) {
		const char *hit = strstr(t, verbs[i]);
		if (hit && (!v || hit < v))
			v = hit;
	}
	if (!v || v - t > 48 || v == t)
		return;
	for (p = t; p < v; p = q) {
		while (p < v && !isalnum((unsigned char)*p))
			p++;
		for (q = p; q < v && (isalnum((unsigned char)*q) || *q == '.' ||
				      *q == '-' || *q == '_');
		     q++)
			;
		if (q == p)
			continue;
		if (++words > (article ? 6 : 3))
			return;
		if (words == 1) {
			fl = (size_t)(q - p);
			if (fl >= sizeof(first))
				return;
			for (i = 0; i < fl; i++)
				first[i] = (char)tolower((unsigned char)p[i]);
			first[fl] = '\0';
			if (word_in(pronouns, VIGIE_ARRAY_SIZE(pronouns), first, fl))
				return;
			article = word_in(articles, VIGIE_ARRAY_SIZE(articles),
					  first, fl);
		}
	}
	if (words == 1 && !nm->whole[0] && fl >= 3 && fl < sizeof(nm->whole))
		memcpy(nm->whole, first, fl + 1);
	add_words(nm, t, (size_t)(v - t));
}

/*
 * The names of the project: its repository's name, the words of the
 * README's first title and the host names of its website links.
 */
static void project_names(struct names *nm, json_t *readme, json_t *links,
			  const char *identity)
{
	json_t *heads = json_object_get(readme, "headings");
	json_t *sites = json_object_get(links, "website");
	const char *t;
	size_t i;

	memset(nm, 0, sizeof(*nm));
	if (identity) {
		const char *slash = strrchr(identity, '/');
		const char *name = slash ? slash + 1 : identity;
		if (strlen(name) >= 3 && strlen(name) < sizeof(nm->whole))
			memcpy(nm->whole, name, strlen(name) + 1);
		add_words(nm, name, strlen(name));
	}
	/* the first title, when it is a top one (not "### Security") */
	t = json_string_value(json_object_get(json_array_get(heads, 0), "text"));
	if (t && json_integer_value(json_object_get(json_array_get(heads, 0),
						    "level")) == 1)
		add_words(nm, t, strlen(t));
	opening_name(nm, json_string_value(json_object_get(
				 json_object_get(readme, "purpose"), "text")));
	for (i = 0; i < json_array_size(sites); i++) {
		const char *url = json_string_value(
			json_object_get(json_array_get(sites, i), "url"));
		struct url u;
		char *dot;

		parse_url(&u, url, strlen(url));
		/* the labels before the top-level domain */
		dot = strrchr(u.host, '.');
		if (dot)
			*dot = '\0';
		add_words(nm, u.host, strlen(u.host));
	}
}

/* Does the host spell the repository's name across its labels (a
 * domain hack: publi.codes for publicodes, docs.publi.codes too)? */
static bool host_spells_name(const struct names *nm, const char *host)
{
	static const char *const prefixes[] = { "www.", "docs.", "doc." };
	char a[128], b[128];
	size_t i, na = 0, nb = 0;

	for (i = 0; i < VIGIE_ARRAY_SIZE(prefixes); i++)
		if (!strncasecmp(host, prefixes[i], strlen(prefixes[i])))
			host += strlen(prefixes[i]);
	if (!strchr(host, '.'))
		return false;
	for (i = 0; host[i] && na + 1 < sizeof(a); i++)
		if (isalnum((unsigned char)host[i]))
			a[na++] = (char)tolower((unsigned char)host[i]);
	for (i = 0; nm->whole[i] && nb + 1 < sizeof(b); i++)
		if (isalnum((unsigned char)nm->whole[i]))
			b[nb++] = (char)tolower((unsigned char)nm->whole[i]);
	return nb >= 6 && na == nb && !memcmp(a, b, na);
}

/* Is the documentation link the project's own? */
static bool own_docs(const struct names *nm, const char *url,
		     const char *identity)
{
	char repo[URL_MAX];
	struct url u;
	size_t hl, wl;

	parse_url(&u, url, strlen(url));
	if (forge_repo_of(repo, sizeof(repo), &u)) {
		/* a forge wiki: of this repository, or of one of that name */
		if (identity)
			return same_repo(repo, identity);
		return names_in(nm, strrchr(repo, '/') + 1);
	}
	/* docs.rs/gizmo: the path names it */
	if (host_in(path_hosts, VIGIE_ARRAY_SIZE(path_hosts), u.host) &&
	    names_in(nm, u.path))
		return true;
	/* an encyclopedia's article of the same name is still not ours */
	if (!host_in(path_hosts, VIGIE_ARRAY_SIZE(path_hosts), u.host) &&
	    host_in(infra_hosts, VIGIE_ARRAY_SIZE(infra_hosts), u.host))
		return false;
	/* a wiki of a self-hosted forge: the path names it */
	if (strstr(u.path, "/wiki") && names_in(nm, u.path))
		return true;
	/* a page of its author's site named after the repository:
	 * ashkenas.com/docco/ */
	wl = strlen(nm->whole);
	if (wl && !word_in(generic_words, VIGIE_ARRAY_SIZE(generic_words),
			   nm->whole, wl) &&
	    u.path[0] == '/' && !strncasecmp(u.path + 1, nm->whole, wl) &&
	    (!u.path[wl + 1] || u.path[wl + 1] == '/'))
		return true;
	if (host_spells_name(nm, u.host))
		return true;
	/* a host of that name: docs.excalidraw.com, doc.data.gouv.fr */
	hl = strlen(u.host);
	wl = strlen(nm->whole);
	if (wl && strchr(nm->whole, '.') && hl >= wl &&
	    !strcasecmp(u.host + hl - wl, nm->whole) &&
	    (hl == wl || u.host[hl - wl - 1] == '.'))
		return true;
	if (host_in(path_hosts, VIGIE_ARRAY_SIZE(path_hosts), u.host) &&
	    strncasecmp(u.host + (hl > 10 ? hl - 10 : 0), ".github.io", 10) &&
	    strncasecmp(u.host + (hl > 10 ? hl - 10 : 0), ".gitlab.io", 10))
		return false; /* docs.rs of a dependency */
	return names_in(nm, u.host);
}

/* Does the path end in a picture's extension? */
static bool picture(const char *path)
{
	static const char *const exts[] = {
		".gif", ".jpeg", ".jpg", ".png", ".svg", ".webp",
	};
	size_t i, n = strlen(path), el;

	for (i = 0; i < VIGIE_ARRAY_SIZE(exts); i++) {
		el = strlen(exts[i]);
		if (n > el && !strcasecmp(path + n - el, exts[i]))
			return true;
	}
	return false;
}

/* Is url also a chat room, a forum or an issue tracker of the README? */
static bool elsewhere_classified(json_t *links, const char *url)
{
	static const char *const cats[] = { "chat", "forum", "issue_tracker" };
	size_t i, k;

	for (i = 0; i < VIGIE_ARRAY_SIZE(cats); i++) {
		json_t *list = json_object_get(links, cats[i]);
		for (k = 0; k < json_array_size(list); k++) {
			const char *v = json_string_value(json_object_get(
				json_array_get(list, k), "url"));
			if (v && !strcmp(url, v))
				return true;
		}
	}
	return false;
}

/* Does a label of host begin with the repository's name ("expressjs.com"
 * for express, "sinatrarb.com" for sinatra)? */
static bool host_starts_with_name(const struct names *nm, const char *host)
{
	size_t wl = strlen(nm->whole);
	const char *p;

	if (wl < 3 || strchr(nm->whole, '.'))
		return false;
	for (p = host; p; p = strchr(p, '.') ? strchr(p, '.') + 1 : NULL)
		if (!strncasecmp(p, nm->whole, wl))
			return true;
	return false;
}

/* Is host (without "www.") written in the README's top title ("Site
 * code.gouv.fr")? */
static bool host_in_title(json_t *readme, const char *host)
{
	json_t *h0 = json_array_get(json_object_get(readme, "headings"), 0);
	const char *t = json_string_value(json_object_get(h0, "text"));
	size_t hl;

	if (!t || json_integer_value(json_object_get(h0, "level")) != 1)
		return false;
	if (!strncasecmp(host, "www.", 4))
		host += 4;
	hl = strlen(host);
	for (; hl > 3 && *t; t++)
		if (!strncasecmp(t, host, hl))
			return true;
	return false;
}

/*
 * A root link on a line about a website, or showing its address (kind
 * "address", which always needs a name), is the project's when the link
 * is named a website, the line says so ("our", "official"), its host
 * carries a name of the project (repository, top title, "Gizmo is a")
 * or the top title writes it; else it is a tool's ("To edit the file you
 * can use [this website](https://editor.swagger.io/)"), moved to
 * links.website_elsewhere.  A chat room or a forum is no website.  With
 * no name to compare, all stay.
 */
static void split_sites(json_t *readme, json_t *links, const char *identity)
{
	json_t *list = json_object_get(links, "website");
	json_t *mine, *other;
	struct names nm;
	bool nameless;
	size_t i;

	if (!json_array_size(list))
		return;
	project_names(&nm, readme, NULL, identity);
	nameless = !nm.n && !nm.whole[0];
	mine = json_array();
	other = json_array();
	for (i = 0; i < json_array_size(list); i++) {
		json_t *l = json_array_get(list, i);
		const char *url = json_string_value(json_object_get(l, "url"));
		const char *kind = json_string_value(json_object_get(l, "kind"));
		struct url u;
		bool own;

		if (elsewhere_classified(links, url))
			continue;
		parse_url(&u, url, strlen(url));
		/* a link that only shows its address needs a name */
		own = (nameless && kind && strcmp(kind, "address")) ||
		      (kind && (!strcmp(kind, "named") || !strcmp(kind, "own"))) ||
		      names_in(&nm, u.host) || host_starts_with_name(&nm, u.host) ||
		      host_in_title(readme, u.host);
		json_array_append(own ? mine : other, l);
	}
	if (json_array_size(other))
		json_object_set_new(links, "website_elsewhere", other);
	else
		json_decref(other);
	if (json_array_size(mine))
		json_object_set_new(links, "website", mine);
	else {
		json_object_del(links, "website");
		json_decref(mine);
	}
}

/*
 * A documentation link to another project's documentation (a dependency
 * on docs.rs, a tool's manual on docs.docker.com, a Wikipedia article) is
 * not this project's: moved to links.documentation_elsewhere.  A link is
 * the project's when its host or (docs.rs, pkg.go.dev, *.github.io) its
 * path carries a name of the project, or its text only says
 * "Documentation".  Without any name to compare (no repository, top title
 * or website), only encyclopedias and registries go.
 */
static void split_docs(json_t *readme, json_t *links, const char *identity)
{
	json_t *list = json_object_get(links, "documentation");
	json_t *mine, *other;
	struct names nm;
	bool nameless;
	size_t i;

	if (!json_array_size(list))
		return;
	project_names(&nm, readme, links, identity);
	nameless = !nm.n && !nm.whole[0];
	mine = json_array();
	other = json_array();
	for (i = 0; i < json_array_size(list); i++) {
		json_t *l = json_array_get(list, i);
		const char *url = json_string_value(json_object_get(l, "url"));
		const char *kind = json_string_value(json_object_get(l, "kind"));
		bool own = !nameless && own_docs(&nm, url, identity);
		struct url u;

		/* named "Documentation" by its text, or no name to compare:
		 * the project's, unless it points into an encyclopedia or a
		 * package registry */
		parse_url(&u, url, strlen(url));
		/* a picture, or a chat room or tracker the README names as
		 * such, is no documentation */
		if (picture(u.path) || elsewhere_classified(links, url))
			continue;
		/* a file of the repository; the root of a host of its own
		 * under a documentation heading ("## Documentation / See
		 * [aerynos.dev](https://aerynos.dev/)") */
		if (kind && (!strcmp(kind, "file") ||
			     (!strcmp(kind, "section") &&
			      (!u.path[0] || !strcmp(u.path, "/")))))
			own = true;
		if (!own && ((kind && !strcmp(kind, "named")) ||
			     (nameless && (!kind || strcmp(kind, "line")))) &&
		    !host_in(infra_hosts, VIGIE_ARRAY_SIZE(infra_hosts), u.host))
			own = true;
		json_array_append(own ? mine : other, l);
	}
	if (json_array_size(other))
		json_object_set_new(links, "documentation_elsewhere", other);
	else
		json_decref(other);
	if (json_array_size(mine))
		json_object_set_new(links, "documentation", mine);
	else {
		json_object_del(links, "documentation");
		json_decref(mine);
	}
}

static void describe(json_t *readme, const struct vigie_collect_ctx *ctx,
		     const char *path, const char *text, size_t len)
{
	struct link_acc acc = { json_object(), json_array(), json_object(), 0 };
	struct vigie_snapshot *snap = ctx->snap;
	char dir[URL_MAX];
	char identity[URL_MAX];
	const char *from = NULL;
	struct vigie_text_lang lang;
	json_t *heads = headings(text, len, markup_of(path));

	json_object_set_new(readme, "size", json_integer((json_int_t)len));
	json_object_set_new(readme, "headings", heads);
	classify_headings(readme, heads);
	body_sections(readme, path, text, len, heads);
	help_line(readme, path, text, len);
	{
		json_t *pur = purpose(path, text, len, heads);
		if (pur)
			json_object_set_new(readme, "purpose", pur);
	}
	if (vigie_text_language(&lang, text, len) == 0) {
		json_t *scores = json_object(), *langs = json_array();
		size_t i;
		for (i = 0; i < lang.count; i++) {
			json_object_set_new(scores, lang.codes[i],
					    json_integer(lang.words[i]));
			if (lang.words[i] * 10 >= lang.words[0] * 3 &&
			    lang.words[i] >= VIGIE_TEXT_LANG_MIN_WORDS)
				json_array_append_new(langs, json_string(lang.codes[i]));
		}
		if (lang.count && lang.words[0] >= VIGIE_TEXT_LANG_MIN_WORDS)
			json_object_set_new(readme, "language",
					    json_string(lang.codes[0]));
		json_object_set_new(readme, "languages", langs);
		json_object_set_new(readme, "language_words", scores);
	}
	{
		const char *slash = strrchr(path, '/');
		size_t dl = slash ? (size_t)(slash - path) : 0;
		if (dl >= sizeof(dir))
			dl = 0;
		memcpy(dir, path, dl);
		dir[dl] = '\0';
		acc.snap = snap;
		acc.dir = dir;
		acc.heads = heads;
	}
	scan_links(&acc, text, len);
	if (known_identity(identity, sizeof(identity), &from, ctx) ||
	    (readme_identity(identity, sizeof(identity), acc.repos) &&
	     (from = "readme") != NULL)) {
		json_object_set_new(readme, "forge_identity",
				    json_pack("{s:o, s:s}", "repo",
					      vigie_json_str(identity), "from", from));
		split_trackers(acc.links, identity);
		split_sites(readme, acc.links, identity);
		split_docs(readme, acc.links, identity);
	} else {
		split_sites(readme, acc.links, NULL);
		split_docs(readme, acc.links, NULL);
	}
	json_decref(acc.repos);
	json_object_set_new(readme, "links", acc.links);
	json_object_set_new(readme, "badges", acc.badges);
	{
		json_t *tr = translations(snap, path), *codes = json_array();
		size_t i;
		for (i = 0; i < json_array_size(tr); i++)
			add_unique(codes, json_string_value(json_object_get(
						  json_array_get(tr, i), "language")));
		json_object_set_new(readme, "translations", tr);
		json_object_set_new(readme, "translation_languages", codes);
	}
}

int vigie_readme_collect(json_t **out, const struct vigie_collect_ctx *ctx,
			 struct vigie_error *err)
{
	json_t *list = vigie_json_path(ctx->facts, "inventory.readme");
	struct vigie_buf text = VIGIE_BUF_INIT;
	const struct vigie_entry *e = NULL;
	struct vigie_error rerr;
	json_t *readme;
	int best_rank = -1;
	size_t i;

	*out = NULL;
	/*
	 * The README a forge would show: at the root, the rendered formats
	 * first (README.md over a plain README), else the first one found.
	 */
	for (i = 0; i < json_array_size(list); i++) {
		const char *path = json_string_value(
			json_object_get(json_array_get(list, i), "path"));
		int rank = path ? format_rank(path) : -1;
		if (path && !strchr(path, '/') && rank > best_rank) {
			e = vigie_snapshot_find(ctx->snap, path, false);
			best_rank = rank;
		}
	}
	if (!e && json_array_size(list))
		e = vigie_snapshot_find(ctx->snap,
					json_string_value(json_object_get(
						json_array_get(list, 0), "path")),
					false);
	if (!e)
		return 0;
	readme = json_pack("{s:o}", "path", vigie_json_str(e->path));
	if (vigie_snapshot_read(&text, ctx->snap, e, 0, NULL, &rerr) < 0)
		json_object_set_new(readme, "error", json_string(rerr.message));
	else if (memchr(text.ptr, '\0', text.len))
		json_object_set_new(readme, "binary", json_true());
	else
		describe(readme, ctx, e->path, text.ptr, text.len);
	vigie_buf_release(&text);
	*out = readme;
	(void)err;
	return 0;
}
