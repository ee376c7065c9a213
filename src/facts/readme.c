/* SPDX-License-Identifier: EUPL-1.2 */
/* The readme collector: the main README's headings, for section rules. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "vigie/buf.h"
#include "vigie/facts.h"
#include "json.h"
#include "banned.h"

#define HEADINGS_MAX 200
#define HEADING_LEN_MAX 200

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

static void add_heading(json_t *list, int level, const char *s, size_t n,
			int line)
{
	/* Drop a closing run of '#', and Markdown emphasis around the text. */
	while (n && (s[n - 1] == '#' || s[n - 1] == ' '))
		n--;
	n = trimmed(&s, n);
	if (!n || json_array_size(list) >= HEADINGS_MAX)
		return;
	if (n > HEADING_LEN_MAX)
		n = HEADING_LEN_MAX;
	json_array_append_new(list, json_pack("{s:i, s:o, s:i}", "level", level,
					      "text", vigie_json_strn(s, n),
					      "line", line));
}

/*
 * Headings of Markdown (ATX and setext), reStructuredText (underlined),
 * AsciiDoc (=) and Org (*).  Fenced code blocks are skipped.
 */
static json_t *headings(const char *text, size_t len)
{
	const char *p = text, *end = text + len, *prev = NULL;
	size_t prevlen = 0;
	json_t *list = json_array();
	bool fence = false;
	int line = 0;

	while (p < end) {
		const char *e = line_end(p, end);
		const char *s = p;
		size_t n = trimmed(&s, (size_t)(e - p));

		line++;
		if (n >= 3 && (!strncmp(s, "```", 3) || !strncmp(s, "~~~", 3)))
			fence = !fence;
		else if (fence)
			;
		else if (s == p && n && (*s == '#' || *s == '=' || *s == '*')) {
			char mark = *s;
			int level = 0;
			while (level < (int)n && s[level] == mark)
				level++;
			if (level <= 6 && level < (int)n && s[level] == ' ')
				add_heading(list, level, s + level,
					    n - (size_t)level, line);
		} else if (prev && prevlen && n >= 2 &&
			   (all_of(s, n, '=') || all_of(s, n, '-') ||
			    all_of(s, n, '~') || all_of(s, n, '^'))) {
			add_heading(list, *s == '=' ? 1 : 2, prev, prevlen,
				    line - 1);
		}
		prev = s;
		prevlen = fence ? 0 : n;
		if (n && (*s == '-' || *s == '*' || *s == '>' || *s == '|'))
			prevlen = 0; /* a list item or quote is no title */
		p = e < end ? e + 1 : end;
	}
	return list;
}

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
	if (vigie_snapshot_read(&text, ctx->snap, e, 0, NULL, &rerr) < 0) {
		json_object_set_new(readme, "error", json_string(rerr.message));
	} else if (memchr(text.ptr, '\0', text.len)) {
		json_object_set_new(readme, "binary", json_true());
	} else {
		json_object_set_new(readme, "size", json_integer((json_int_t)text.len));
		json_object_set_new(readme, "headings",
				    headings(text.ptr, text.len));
	}
	vigie_buf_release(&text);
	*out = readme;
	(void)err;
	return 0;
}
