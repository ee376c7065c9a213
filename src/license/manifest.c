/* SPDX-License-Identifier: EUPL-1.2 */
/* Declared licenses: the license fields of package manifests. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "vigie/buf.h"
#include "internal.h"
#include "banned.h"

#define MAX_VALUE 512

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

bool vigie_license_is_manifest(const char *path)
{
	static const char *const names[] = {
		"Cargo.toml", "composer.json", "meson.build", "package.json",
		"pom.xml",
		"publiccode.yaml", "publiccode.yml", "pyproject.toml",
		"setup.cfg",
	};
	const char *b = base_name(path);
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(names); i++)
		if (!strcmp(b, names[i]))
			return true;
	return ends_with(b, ".gemspec");
}

/* Append s (n bytes) to out, joined by " OR " to what is there. */
static int add_value(struct vigie_buf *out, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && strchr(" \t\r,", s[n - 1]))
		n--;
	if (!n || n > MAX_VALUE)
		return 0;
	if (out->len && vigie_buf_puts(out, " OR ") < 0)
		return -1;
	return vigie_buf_add(out, s, n);
}

static int from_json(struct vigie_buf *out, const char *text, size_t len)
{
	json_t *root = json_loadb(text, len, 0, NULL), *lic;
	size_t i;
	int rc = 0;

	if (!json_is_object(root)) {
		json_decref(root);
		return 0;
	}
	lic = json_object_get(root, "license");
	if (!lic)
		lic = json_object_get(root, "licenses");
	if (json_is_object(lic))
		lic = json_object_get(lic, "type");
	if (json_is_string(lic)) {
		rc = add_value(out, json_string_value(lic),
			       json_string_length(lic));
	} else if (json_is_array(lic)) {
		for (i = 0; i < json_array_size(lic) && rc == 0; i++) {
			json_t *v = json_array_get(lic, i);
			if (json_is_object(v))
				v = json_object_get(v, "type");
			if (json_is_string(v))
				rc = add_value(out, json_string_value(v),
					       json_string_length(v));
		}
	}
	json_decref(root);
	return rc;
}

/* Does [s, e) start with the literal lit? */
static bool starts(const char *s, const char *e, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(e - s) >= n && !memcmp(s, lit, n);
}

/* The quoted strings of a line after its '=' (or ':'), as values. */
static int quoted_values(struct vigie_buf *out, const char *s, const char *e)
{
	while (s < e) {
		const char *q, *end;
		while (s < e && *s != '"' && *s != '\'')
			s++;
		if (s >= e)
			break;
		q = s++;
		end = memchr(s, *q, (size_t)(e - s));
		if (!end)
			break;
		if (add_value(out, s, (size_t)(end - s)) < 0)
			return -1;
		s = end + 1;
	}
	return 0;
}

/*
 * Line-based reading of TOML, INI, Ruby and YAML: a key ("license",
 * "s.license", "spec.licenses") in the right section.  Enough for the
 * license field; no full parser is needed.
 */
static int from_lines(struct vigie_buf *out, const char *path, const char *text,
		      size_t len)
{
	const char *b = base_name(path);
	bool toml = ends_with(b, ".toml"), cfg = !strcmp(b, "setup.cfg");
	bool gem = ends_with(b, ".gemspec"), yml = !toml && !cfg && !gem;
	bool section_ok = gem, in_legal = false;
	const char *p = text, *end = text + len;

	while (p < end && !out->len) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		const char *s = p, *k;
		size_t indent = 0;
		if (!e)
			e = end;
		while (s < e && (*s == ' ' || *s == '\t')) {
			s++;
			indent++;
		}
		if ((toml || cfg) && s < e && *s == '[') {
			section_ok = starts(s, e, "[package]") ||
				     starts(s, e, "[project]") ||
				     starts(s, e, "[tool.poetry]") ||
				     starts(s, e, "[metadata]");
		} else if (yml) {
			if (indent == 0)
				in_legal = starts(s, e, "legal:");
			if (in_legal && indent > 0 && starts(s, e, "license:")) {
				k = s + 8;
				if (memchr(k, '"', (size_t)(e - k)) ||
				    memchr(k, '\'', (size_t)(e - k))) {
					if (quoted_values(out, k, e) < 0)
						return -1;
				} else if (add_value(out, k, (size_t)(e - k)) < 0) {
					return -1;
				}
			}
		} else if (section_ok) {
			k = s;
			if (gem) {
				const char *dot = memchr(s, '.', (size_t)(e - s));
				if (dot && dot < e)
					k = dot + 1;
			}
			if (starts(k, e, "license")) {
				const char *v = k + 7;
				if (v < e && *v == 's')
					v++;
				while (v < e && (*v == ' ' || *v == '\t'))
					v++;
				if (v < e && (*v == '=' || *v == ':')) {
					v++;
					if (cfg) {
						if (add_value(out, v,
							      (size_t)(e - v)) < 0)
							return -1;
					} else {
						/* a table: license = { text = "MIT" };
						 * { file = "LICENSE" } declares no id */
						const char *t = memmem(v, (size_t)(e - v),
								       "text", 4);
						if (t)
							v = t + 4;
						else if (memmem(v, (size_t)(e - v),
								"file", 4))
							v = e;
						if (quoted_values(out, v, e) < 0)
							return -1;
					}
				}
			}
		}
		p = e + 1;
	}
	return 0;
}

/* Python trove classifiers: "License :: OSI Approved :: MIT License". */
static int from_classifiers(struct vigie_buf *out, const char *text,
			    size_t len)
{
	static const char tag[] = "License :: ";
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *c = memmem(p, (size_t)(end - p), tag, sizeof(tag) - 1);
		const char *e, *last;
		if (!c)
			break;
		e = c;
		while (e < end && *e != '"' && *e != '\'' && *e != '\n')
			e++;
		/* the last part names the license */
		last = c;
		for (p = c; p + 4 <= e; p++)
			if (!memcmp(p, " :: ", 4))
				last = p + 4;
		if (last > c + sizeof(tag) - 1 - 4 &&
		    add_value(out, last, (size_t)(e - last)) < 0)
			return -1;
		p = e;
	}
	return 0;
}

/* pom.xml: the <name> of each <license>. */
static int from_pom(struct vigie_buf *out, const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *lic = memmem(p, (size_t)(end - p), "<license>", 9);
		const char *close, *n, *ne;
		if (!lic)
			break;
		close = memmem(lic, (size_t)(end - lic), "</license>", 10);
		if (!close)
			break;
		n = memmem(lic, (size_t)(close - lic), "<name>", 6);
		if (n) {
			n += 6;
			ne = memmem(n, (size_t)(close - n), "</name>", 7);
			if (ne && add_value(out, n, (size_t)(ne - n)) < 0)
				return -1;
		}
		p = close + 10;
	}
	return 0;
}

/*
 * meson.build: the license keyword of the project() call, a string or a
 * list of strings ("license: 'GPLv2+'", "license : ['MIT', 'Zlib']").
 */
static int from_meson(struct vigie_buf *out, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *call = NULL, *k;
	int depth = 0;

	/* project( at the start of a line, up to its closing parenthesis */
	while (p < end && !call) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		const char *s = p;
		if (!e)
			e = end;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (starts(s, e, "project") && (s + 7 < e) &&
		    (s[7] == '(' || s[7] == ' '))
			call = s + 7;
		p = e + 1;
	}
	for (p = call; p && p < end; p++) {
		if (*p == '\'') {
			const char *q = memchr(p + 1, '\'', (size_t)(end - p - 1));
			if (!q)
				break;
			p = q;
		} else if (*p == '#') {
			while (p < end && *p != '\n')
				p++;
		} else if (*p == '(' || *p == '[') {
			depth++;
		} else if (*p == ')' || *p == ']') {
			if (--depth <= 0)
				break;
		} else if (depth == 1 && starts(p, end, "license") &&
			   !((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z') &&
			   p[-1] != '_') {
			k = p + 7;
			while (k < end && (*k == ' ' || *k == '\t'))
				k++;
			if (k >= end || *k != ':')
				continue; /* license_files, a variable */
			k++;
			while (k < end && strchr(" \t\r\n", *k))
				k++;
			if (k < end && *k == '[') {
				const char *c = memchr(k, ']', (size_t)(end - k));
				return c ? quoted_values(out, k, c) : 0;
			}
			if (k < end && *k == '\'') {
				const char *c = memchr(k + 1, '\'',
						       (size_t)(end - k - 1));
				return c ? quoted_values(out, k, c + 1) : 0;
			}
			return 0;
		}
	}
	return 0;
}

int vigie_license_manifest_value(char **out, const char *path,
				 const char *text, size_t len)
{
	struct vigie_buf b;
	const char *base = base_name(path);
	int rc;

	*out = NULL;
	vigie_buf_init(&b, 4 * MAX_VALUE);
	if (ends_with(base, ".json"))
		rc = from_json(&b, text, len);
	else if (!strcmp(base, "pom.xml"))
		rc = from_pom(&b, text, len);
	else if (!strcmp(base, "meson.build"))
		rc = from_meson(&b, text, len);
	else
		rc = from_lines(&b, path, text, len);
	if (rc == 0 && !b.len && (!strcmp(base, "pyproject.toml") ||
				  !strcmp(base, "setup.cfg")))
		rc = from_classifiers(&b, text, len);
	if (rc < 0 || !b.len) {
		vigie_buf_release(&b);
		return rc < 0 ? -1 : VIGIE_ENOTFOUND;
	}
	*out = vigie_buf_detach(&b, NULL);
	return 0;
}

bool vigie_license_manifest_proprietary(const char *value)
{
	/* npm's UNLICENSED, composer's proprietary, and their plain words */
	static const char *const words[] = {
		"UNLICENSED", "proprietary", "commercial", "closed",
		"closed-source", "closed source", "all rights reserved",
		"LicenseRef-Proprietary", "private",
	};
	size_t i, n;

	if (!value)
		return false;
	while (*value == ' ' || *value == '(')
		value++;
	n = strlen(value);
	while (n && (value[n - 1] == ' ' || value[n - 1] == ')'))
		n--;
	for (i = 0; i < VIGIE_ARRAY_SIZE(words); i++)
		if (strlen(words[i]) == n && !strncasecmp(value, words[i], n))
			return true;
	return false;
}
