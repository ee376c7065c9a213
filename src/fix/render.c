/* SPDX-License-Identifier: EUPL-1.2 */
/* Templates of community files: the embedded set and {{name}} filling. */
#include <stdlib.h>
#include <string.h>

#include "vigie/fix.h"
#include "vigie/i18n.h"
#include "vigie/rules.h"
#include "banned.h"

#define DEPTH_MAX 8
#define NAME_MAX_LEN 64

const char *vigie_fix_template(const char *name, size_t *len)
{
	char key[256];

	if (!name || strlen(name) > sizeof(key) - 16 || strstr(name, ".."))
		return NULL;
	snprintf(key, sizeof(key), "templates/%s", name);
	return vigie_rules_embedded_data(key, len);
}

const char *const *vigie_fix_templates(void)
{
	/* Every template, in both languages (test_fix fills them all). */
	static const char *const names[] = {
		"en/CHANGELOG.md", "en/CODE_OF_CONDUCT.md", "en/CONTRIBUTING.md",
		"en/GOVERNANCE.md", "en/SECURITY.md", "en/amend-contributing.md",
		"en/amend-security.md", "en/bug_report.md", "en/codemeta.json",
		"en/feature_request.md", "en/pull_request.md",
		"en/publiccode.yml",
		"fr/CHANGELOG.md", "fr/CODE_OF_CONDUCT.md", "fr/CONTRIBUTING.md",
		"fr/GOVERNANCE.md", "fr/SECURITY.md", "fr/amend-contributing.md",
		"fr/amend-security.md", "fr/bug_report.md", "fr/codemeta.json",
		"fr/feature_request.md", "fr/pull_request.md",
		"fr/publiccode.yml",
		NULL,
	};
	return names;
}

/* One open section: is its body kept? */
struct frame {
	char name[NAME_MAX_LEN];
	bool keep;
};

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static unsigned line_of(const char *start, const char *at)
{
	unsigned n = 1;

	for (; start < at; start++)
		n += *start == '\n';
	return n;
}

int vigie_fix_render(struct vigie_buf *out, const char *tmpl,
		     const char *name, const json_t *vars,
		     struct vigie_error *err)
{
	struct frame stack[DEPTH_MAX];
	size_t depth = 0;
	bool keep = true;
	const char *p = tmpl, *open;
	char where[300];

	vigie_buf_clear(out);
	while ((open = strstr(p, "{{"))) {
		const char *q = open + 2, *close;
		char sigil = 0, key[NAME_MAX_LEN];
		size_t n;
		json_t *v;

		if (keep && vigie_buf_add(out, p, (size_t)(open - p)) < 0)
			goto nomem;
		if (*q == '#' || *q == '^' || *q == '/')
			sigil = *q++;
		for (n = 0; name_char(q[n]); n++)
			;
		close = q + n;
		snprintf(where, sizeof(where), "%s:%u", name, line_of(tmpl, open));
		if (!n || n >= sizeof(key) || strncmp(close, "}}", 2))
			return vigie_error_set(err, VIGIE_EINVALID, where,
					       "malformed placeholder");
		memcpy(key, q, n);
		key[n] = '\0';
		v = json_object_get(vars, key);
		if (sigil != '/' && !v)
			return vigie_error_set(err, VIGIE_EINVALID, where,
					       N_("unknown placeholder '%s'"), key);
		p = close + 2;
		if (sigil) {
			bool set = json_is_string(v) && *json_string_value(v);

			/* A section tag alone on its line takes the line. */
			if ((open == tmpl || open[-1] == '\n') && *p == '\n')
				p++;
			if (sigil == '/') {
				if (!depth || strcmp(stack[depth - 1].name, key))
					return vigie_error_set(
						err, VIGIE_EINVALID, where,
						"unbalanced section '%s'", key);
				depth--;
				keep = !depth || stack[depth - 1].keep;
				continue;
			}
			if (depth == DEPTH_MAX)
				return vigie_error_set(err, VIGIE_EINVALID,
						       where,
						       "sections nested too deep");
			memcpy(stack[depth].name, key, n + 1);
			stack[depth].keep = keep && (sigil == '#' ? set : !set);
			keep = stack[depth++].keep;
			continue;
		}
		if (keep && json_is_string(v) &&
		    vigie_buf_puts(out, json_string_value(v)) < 0)
			goto nomem;
	}
	if (depth) {
		snprintf(where, sizeof(where), "%s", name);
		return vigie_error_set(err, VIGIE_EINVALID, where,
				       "section '%s' is not closed",
				       stack[depth - 1].name);
	}
	if (vigie_buf_puts(out, p) < 0)
		goto nomem;
	return 0;
nomem:
	return vigie_error_set(err, VIGIE_ENOMEM, name, "out of memory");
}
