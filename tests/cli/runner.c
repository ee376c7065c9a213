/* SPDX-License-Identifier: EUPL-1.2 */
/* Runs the declarative CLI cases (tests/cli/NAME.case), one cmocka test each. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fixture.h"
#include "vigie/buf.h"

/*
 * A case file holds lines "key: value" (and # comments):
 *   setup:    shell run first in a fresh directory ($CASE_DIR); repeatable
 *   args:     the vigie arguments, expanded by the shell
 *   exit:     the expected exit code
 *   stdout:   a fragment stdout must contain; repeatable
 *   !stdout:  a fragment stdout must not contain; repeatable
 *   stderr:   likewise for stderr (and !stderr)
 *             (in fragments, <ESC> stands for the escape character)
 *   json:     "true": stdout must parse as one JSON document
 *   check:    shell run afterwards that must succeed; repeatable
 *   env:      NAME=VALUE set for vigie; repeatable
 * The shell also sees $FREE_PORT (a free port) and $SOURCE_ROOT.
 */
struct clicase {
	char *name;
	struct vigie_buf setup, check, env;
	char *args;
	int exit_code;
	bool json;
	json_t *want; /* {"stdout": [...], "!stdout": [...], ...} */
	char *dir;    /* the case's directory while it runs */
};

/* Runs after each case, failed or not: nothing is left in $TMPDIR. */
static int case_teardown(void **state)
{
	struct clicase *c = *state;

	fx_rmdir(c->dir);
	c->dir = NULL;
	return 0;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' '))
		*--e = '\0';
	return s;
}

/* Replace each "<ESC>" with the escape character, in place. */
static char *unesc(char *s)
{
	char *p;

	while ((p = strstr(s, "<ESC>"))) {
		*p = '\x1b';
		memmove(p + 1, p + 5, strlen(p + 5) + 1);
	}
	return s;
}

static struct clicase *parse_case(const char *path, const char *name)
{
	struct clicase *c = calloc(1, sizeof(*c));
	char line[4096];
	FILE *f = fopen(path, "r");
	int lineno = 0;

	if (!f)
		return NULL;
	c->name = strdup(name);
	c->exit_code = 0;
	c->want = json_object();
	while (fgets(line, sizeof(line), f)) {
		char *colon, *key, *val;
		lineno++;
		key = trim(line);
		if (!*key || *key == '#')
			continue;
		colon = strchr(key, ':');
		if (!colon) {
			fprintf(stderr, "%s:%d: expected 'key: value'\n", path, lineno);
			exit(99);
		}
		*colon = '\0';
		val = trim(colon + 1);
		if (!strcmp(key, "setup") || !strcmp(key, "check")) {
			struct vigie_buf *b = !strcmp(key, "setup") ? &c->setup : &c->check;
			if (b->len)
				vigie_buf_puts(b, " && ");
			vigie_buf_printf(b, "{ %s ; }", val);
		} else if (!strcmp(key, "env")) {
			vigie_buf_printf(&c->env, " %s", val);
		} else if (!strcmp(key, "args")) {
			c->args = strdup(val);
		} else if (!strcmp(key, "exit")) {
			c->exit_code = (int)strtol(val, NULL, 10);
		} else if (!strcmp(key, "json")) {
			c->json = !strcmp(val, "true");
		} else if (!strcmp(key, "stdout") || !strcmp(key, "!stdout") ||
			   !strcmp(key, "stderr") || !strcmp(key, "!stderr")) {
			json_t *list = json_object_get(c->want, key);
			if (!list) {
				list = json_array();
				json_object_set_new(c->want, key, list);
			}
			json_array_append_new(list, json_string(unesc(val)));
		} else {
			fprintf(stderr, "%s:%d: unknown key '%s'\n", path, lineno, key);
			exit(99);
		}
	}
	fclose(f);
	if (!c->args) {
		fprintf(stderr, "%s: no 'args' line\n", path);
		exit(99);
	}
	return c;
}

static void check_stream(const struct clicase *c, const char *key,
			 const char *text)
{
	char neg[16];
	json_t *list = json_object_get(c->want, key);
	size_t i;

	for (i = 0; i < json_array_size(list); i++)
		if (!strstr(text, json_string_value(json_array_get(list, i))))
			fail_msg("%s: %s lacks \"%s\"; it was:\n%s", c->name, key,
				 json_string_value(json_array_get(list, i)), text);
	snprintf(neg, sizeof(neg), "!%s", key);
	list = json_object_get(c->want, neg);
	for (i = 0; i < json_array_size(list); i++)
		if (strstr(text, json_string_value(json_array_get(list, i))))
			fail_msg("%s: %s has \"%s\"; it was:\n%s", c->name, key,
				 json_string_value(json_array_get(list, i)), text);
}

static void run_case(void **state)
{
	struct clicase *c = *state;
	char *dir = c->dir = fx_tmpdir("cli");
	char *out = NULL, *err = NULL, *dummy = NULL;
	struct vigie_buf env = VIGIE_BUF_INIT;
	int rc;

	vigie_buf_printf(&env, "export CASE_DIR='%s' FREE_PORT=%d SOURCE_ROOT='%s' "
			       "XDG_CACHE_HOME='%s/.cache'",
			 dir, fx_free_port(), fx_source_root(), dir);
	if (c->setup.len) {
		rc = fx_sh_out(&dummy, dir, "%s && %s", env.ptr, c->setup.ptr);
		if (rc != 0)
			fail_msg("%s: setup failed (%d): %s", c->name, rc, dummy);
		free(dummy);
	}
	{
		struct vigie_buf cmd = VIGIE_BUF_INIT, ef = VIGIE_BUF_INIT;
		char *errdir = fx_tmpdir("clierr");
		FILE *f;
		char chunk[4096];
		size_t n;

		vigie_buf_printf(&ef, "%s/stderr", errdir);
		/* $VIGIE_WRAPPER runs vigie under valgrind in the memcheck setup. */
		vigie_buf_printf(&cmd, "%s && %s%s $VIGIE_WRAPPER \"$VIGIE_BIN\" %s 2>'%s'",
				 env.ptr, c->env.len ? "env" : "",
				 c->env.len ? c->env.ptr : "", c->args, ef.ptr);
		struct vigie_buf e = VIGIE_BUF_INIT;

		rc = fx_sh_out(&out, dir, "%s", cmd.ptr);
		f = fopen(ef.ptr, "r");
		while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			vigie_buf_add(&e, chunk, n);
		if (f)
			fclose(f);
		vigie_buf_puts(&e, "");
		err = vigie_buf_detach(&e, NULL);
		vigie_buf_release(&cmd);
		vigie_buf_release(&ef);
		fx_rmdir(errdir);
	}
	if (rc != c->exit_code)
		fail_msg("%s: exit %d, expected %d\nstdout:\n%s\nstderr:\n%s",
			 c->name, rc, c->exit_code, out, err);
	check_stream(c, "stdout", out);
	check_stream(c, "stderr", err);
	/* Errors are one line each. */
	if (c->exit_code >= 2 && strchr(err, '\n') != strrchr(err, '\n'))
		fail_msg("%s: stderr has more than one line:\n%s", c->name, err);
	if (c->json) {
		json_error_t je;
		json_t *doc = json_loads(out, 0, &je);
		if (!doc)
			fail_msg("%s: stdout is not JSON (%d:%d: %s)", c->name,
				 je.line, je.column, je.text);
		json_decref(doc);
	}
	if (c->check.len) {
		rc = fx_sh_out(&dummy, dir, "%s && %s", env.ptr, c->check.ptr);
		if (rc != 0)
			fail_msg("%s: check failed (%d): %s", c->name, rc, dummy);
		free(dummy);
	}
	free(out);
	free(err);
	vigie_buf_release(&env);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	struct vigie_buf dirpath = VIGIE_BUF_INIT;
	struct CMUnitTest *tests;
	char *names[512];
	size_t n = 0, i;
	struct dirent *de;
	DIR *d;
	int rc;

	vigie_buf_printf(&dirpath, "%s/tests/cli", fx_source_root());
	d = opendir(dirpath.ptr);
	if (!d) {
		fprintf(stderr, "cannot open %s\n", dirpath.ptr);
		return 99;
	}
	while ((de = readdir(d)) && n < 512) {
		size_t l = strlen(de->d_name);
		if (l > 5 && !strcmp(de->d_name + l - 5, ".case"))
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	tests = calloc(n ? n : 1, sizeof(*tests));
	for (i = 0; i < n; i++) {
		struct vigie_buf p = VIGIE_BUF_INIT;
		vigie_buf_printf(&p, "%s/%s", dirpath.ptr, names[i]);
		tests[i].name = names[i];
		tests[i].test_func = run_case;
		tests[i].teardown_func = case_teardown;
		tests[i].initial_state = parse_case(p.ptr, names[i]);
		vigie_buf_release(&p);
	}
	rc = _cmocka_run_group_tests("cli", tests, n, NULL, NULL);
	for (i = 0; i < n; i++) {
		struct clicase *c = (struct clicase *)tests[i].initial_state;
		vigie_buf_release(&c->setup);
		vigie_buf_release(&c->check);
		vigie_buf_release(&c->env);
		json_decref(c->want);
		free(c->args);
		free(c->name);
		free(c);
		free(names[i]);
	}
	free(tests);
	vigie_buf_release(&dirpath);
	return rc;
}
