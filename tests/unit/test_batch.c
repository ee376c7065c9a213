/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of vigie batch and merge over dozens of real repositories. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "fakeforge.h"
#include "fixture.h"
#include "vigie/vigie.h"

#define GOOD 12

struct world {
	char *base;   /* every repository of the batch lives below */
	char *list;   /* the list file */
	char *cache;
	size_t total; /* targets in the list */
	char **keys;
};

/* Kinds of broken targets: the error stage each must end in. */
static const struct {
	const char *name;
	const char *stage;
} broken[] = {
	{ "missing", "source" },
	{ "not-a-repo", "source" },
	{ "empty", "snapshot" },
	{ "corrupt-head", "snapshot" },
	{ "corrupt-objects", "snapshot" },
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	struct vigie_buf list = VIGIE_BUF_INIT, p = VIGIE_BUF_INIT;
	size_t i;

	vigie_global_init();
	w->base = fx_tmpdir("batch");
	w->cache = fx_tmpdir("batch-cache");
	/*
	 * Good repositories that differ: a README for all, then a license,
	 * a contributing guide, a code of conduct, a changelog by turns, and
	 * a varying number of commits.
	 */
	fx_sh(w->base,
	      "for i in $(seq 0 %d); do "
	      "  n=$(printf %%02d $i) && git init -q -b main good-$n && cd good-$n && "
	      "  printf '# Project %%s\\n\\nA shared tool for everyone.\\n\\n"
	      "## Install\\n\\nmake\\n' $i > README.md && "
	      "  if [ $((i %% 2)) = 0 ]; then printf 'EUPL-1.2\\n' > LICENSE; fi && "
	      "  if [ $((i %% 3)) = 0 ]; then printf '# Contributing\\n\\n"
	      "Open an issue to report a bug; send a merge request to propose "
	      "a change.\\n' > CONTRIBUTING.md; fi && "
	      "  if [ $((i %% 4)) = 0 ]; then "
	      "printf '# Code of conduct\\n\\nBe kind.\\n' > CODE_OF_CONDUCT.md; fi && "
	      "  if [ $((i %% 5)) = 0 ]; then "
	      "printf '# Changes\\n\\n## 1.0\\n' > CHANGELOG.md; fi && "
	      "  git add -A && git commit -q -m first && "
	      "  for c in $(seq 1 $((i %% 4))); do echo $c >> NOTES && "
	      "git add -A && git commit -q -m \"note $c\"; done && "
	      "  cd ..; "
	      "done",
	      GOOD - 1);
	/* Broken ones: missing, not a repository, empty, corrupt. */
	fx_sh(w->base, "mkdir not-a-repo && echo hello > not-a-repo/file && "
		       "git init -q -b main empty && "
		       "git init -q -b main corrupt-head && cd corrupt-head && "
		       "echo x > f && git add -A && git commit -q -m x && "
		       "echo 'ref: garbage' > .git/HEAD && cd .. && "
		       "git init -q -b main corrupt-objects && cd corrupt-objects && "
		       "echo y > f && git add -A && git commit -q -m y && "
		       "rm -rf .git/objects/??");
	/* An organisation with its defaults repository and two members. */
	fx_sh(w->base,
	      "mkdir org && cd org && git init -q -b main .github && cd .github && "
	      "printf '# Security\\n\\nWrite to security@example.org.\\n' > SECURITY.md && "
	      "printf '# Contributing\\n\\nReport bugs in the tracker.\\n' > CONTRIBUTING.md && "
	      "git add -A && git commit -q -m defaults && cd .. && "
	      "git init -q -b main member-a && cd member-a && "
	      "printf '# A\\n\\nMember A.\\n' > README.md && git add -A && "
	      "git commit -q -m a && cd .. && "
	      "git init -q -b main member-b && cd member-b && "
	      "printf '# B\\n' > README.md && "
	      "printf '# Contributing to B\\n\\nOur own rules.\\n' > CONTRIBUTING.md && "
	      "git add -A && git commit -q -m b");

	vigie_buf_puts(&list, "# the test organisation\n\n");
	w->keys = calloc(GOOD + VIGIE_ARRAY_SIZE(broken) + 3, sizeof(char *));
	for (i = 0; i < GOOD; i++) {
		vigie_buf_clear(&p);
		vigie_buf_printf(&p, "%s/good-%02zu", w->base, i);
		w->keys[w->total++] = strdup(p.ptr);
	}
	for (i = 0; i < VIGIE_ARRAY_SIZE(broken); i++) {
		vigie_buf_clear(&p);
		vigie_buf_printf(&p, "%s/%s", w->base, broken[i].name);
		w->keys[w->total++] = strdup(p.ptr);
	}
	vigie_buf_clear(&p);
	vigie_buf_printf(&p, "%s/org/member-a", w->base);
	w->keys[w->total++] = strdup(p.ptr);
	vigie_buf_clear(&p);
	vigie_buf_printf(&p, "%s/org/member-b", w->base);
	w->keys[w->total++] = strdup(p.ptr);
	vigie_buf_clear(&p);
	vigie_buf_printf(&p, "%s/org/.github", w->base);
	w->keys[w->total++] = strdup(p.ptr);
	for (i = 0; i < w->total; i++)
		vigie_buf_printf(&list, "%s%s\n", i % 7 == 3 ? "  " : "", w->keys[i]);
	/* A duplicate and a comment: neither adds a target. */
	vigie_buf_printf(&list, "%s\n# %s/commented-out\n", w->keys[0], w->base);
	vigie_buf_clear(&p);
	vigie_buf_printf(&p, "%s/list.txt", w->base);
	fx_write(w->base, "list.txt", list.ptr);
	w->list = vigie_buf_detach(&p, NULL);
	vigie_buf_release(&list);
	*state = w;
	return 0;
}

static void renderer_stop(void);

static int teardown(void **state)
{
	struct world *w = *state;
	size_t i;

	renderer_stop();
	for (i = 0; i < w->total; i++)
		free(w->keys[i]);
	free(w->keys);
	free(w->list);
	fx_rmdir(w->base);
	fx_rmdir(w->cache);
	free(w);
	vigie_global_shutdown();
	return 0;
}

/*
 * Every line of DIR/results.jsonl, parsed, by key.  Fails the test on a
 * line that does not parse or a key seen twice; *lines gets the count.
 */
static json_t *records(const char *dir, size_t *lines)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	json_t *all = json_object();
	char *line = NULL;
	size_t cap = 0, n = 0;
	ssize_t len;
	FILE *f;

	vigie_buf_printf(&p, "%s/results.jsonl", dir);
	f = fopen(p.ptr, "r");
	if (!f)
		fail_msg("no %s", p.ptr);
	while ((len = getline(&line, &cap, f)) > 0) {
		json_error_t je;
		json_t *rec;
		const char *key;
		if (line[len - 1] != '\n')
			fail_msg("line %zu of %s has no newline", n + 1, p.ptr);
		rec = json_loads(line, 0, &je);
		if (!rec)
			fail_msg("line %zu of %s: %s", n + 1, p.ptr, je.text);
		key = json_string_value(json_object_get(json_object_get(rec, "batch"),
							"target"));
		if (!key)
			fail_msg("line %zu of %s has no batch.target", n + 1, p.ptr);
		if (json_object_get(all, key))
			fail_msg("%s appears twice in %s", key, p.ptr);
		json_object_set_new(all, key, rec);
		n++;
	}
	free(line);
	fclose(f);
	vigie_buf_release(&p);
	if (lines)
		*lines = n;
	return all;
}

static json_t *load_json(const char *dir, const char *name)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	json_error_t je;
	json_t *v;

	vigie_buf_printf(&p, "%s/%s", dir, name);
	v = json_load_file(p.ptr, 0, &je);
	if (!v)
		fail_msg("%s: %s", p.ptr, je.text);
	vigie_buf_release(&p);
	return v;
}

static const char *status_of(json_t *recs, const char *key)
{
	return json_string_value(json_object_get(
		json_object_get(json_object_get(recs, key), "batch"), "status"));
}

static void assert_every_target_once(const struct world *w, json_t *recs)
{
	size_t i;

	assert_int_equal(json_object_size(recs), w->total);
	for (i = 0; i < w->total; i++)
		if (!json_object_get(recs, w->keys[i]))
			fail_msg("no record for %s", w->keys[i]);
}

/* A record without what may differ between two runs of the same audit. */
static json_t *stable(json_t *rec)
{
	json_t *c = json_deep_copy(rec);

	json_object_del(c, "timings");
	json_object_del(json_object_get(c, "batch"), "ms");
	json_object_del(json_object_get(c, "batch"), "audited_at");
	json_object_del(json_object_get(c, "batch"), "status");
	return c;
}

/* dir/o, for the tests that write a list of their own in dir. */
static char *sub_o(const char *dir)
{
	struct vigie_buf b = VIGIE_BUF_INIT;

	vigie_buf_printf(&b, "%s/o", dir);
	return vigie_buf_detach(&b, NULL);
}

static int batch(char **out, char **err, const struct world *w, const char *dir,
		 const char *extra)
{
	return fx_vigie(out, err, w->base,
			"batch --list '%s' --out '%s' --cache-dir '%s' "
			"--offline --as-of commit %s",
			w->list, dir, w->cache, extra);
}

static void test_batch_records_every_target_once_with_errors(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("out"), *out = NULL, *err = NULL;
	json_t *recs, *summary, *b;
	size_t lines, i;
	struct stat st;
	char path[4096];

	assert_int_equal(batch(&out, &err, w, dir, "-j2"), 0);
	/* Not a terminal: nothing but the final summary. */
	assert_string_equal(err, "");
	assert_true(!strncmp(out, "vigie batch: ", 13));
	assert_contains(out, "5 errors");
	recs = records(dir, &lines);
	assert_int_equal(lines, w->total);
	assert_every_target_once(w, recs);

	for (i = 0; i < VIGIE_ARRAY_SIZE(broken); i++) {
		json_t *rec = json_object_get(recs, w->keys[GOOD + i]);
		json_t *e = json_object_get(rec, "error");
		assert_string_equal(json_string_value(json_object_get(rec, "schema")),
				    "vigie.batch-error/1");
		assert_string_equal(status_of(recs, w->keys[GOOD + i]), "error");
		assert_string_equal(json_string_value(json_object_get(e, "stage")),
				    broken[i].stage);
		assert_true(strlen(json_string_value(json_object_get(e, "message"))) > 0);
		assert_contains(out, w->keys[GOOD + i]);
	}
	for (i = 0; i < GOOD; i++) {
		json_t *rec = json_object_get(recs, w->keys[i]);
		assert_string_equal(json_string_value(json_object_get(rec, "schema")),
				    "vigie.scorecard/1");
		assert_string_equal(status_of(recs, w->keys[i]), "audited");
		assert_true(json_is_number(json_object_get(json_object_get(rec, "score"),
							   "overall")));
	}
	/* Repositories with a license score above those without. */
	assert_true(json_number_value(json_object_get(json_object_get(
			    json_object_get(recs, w->keys[0]), "score"), "overall")) >
		    json_number_value(json_object_get(json_object_get(
			    json_object_get(recs, w->keys[1]), "score"), "overall")));

	/* The organisation's .github lends its files: shown, not counted. */
	summary = load_json(dir, "summary.json");
	b = json_object_get(summary, "counts");
	assert_int_equal(json_integer_value(json_object_get(b, "repositories")),
			 w->total - 1);
	assert_int_equal(json_integer_value(json_object_get(b, "errors")), 5);
	assert_int_equal(json_integer_value(json_object_get(b, "audited")), w->total - 6);
	assert_true(json_array_size(json_object_get(summary, "worst_practices")) > 0);
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(summary, "changes"), "new")),
			 w->total - 1);
	b = json_object_get(summary, "defaults");
	assert_int_equal(json_array_size(b), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(b, 0),
							      "target")),
			    w->keys[w->total - 1]);
	snprintf(path, sizeof(path), "organisation defaults (not counted): %s, score ",
		 w->keys[w->total - 1]);
	assert_contains(out, path);
	/* A badge per repository, saying its score (shields.io endpoint). */
	{
		const char *base = strrchr(w->base, '/') + 1;
		json_t *badge, *rec = json_object_get(recs, w->keys[0]);
		char msg[32];
		char *name = NULL;
		/* a path's: path/PARENT/NAME~HASH */
		assert_int_equal(fx_sh_out(&name, dir, "cd badges && printf %%s "
						       "path/%s/good-00~*.json", base), 0);
		assert_int_equal(strlen(name), strlen("path//good-00~.json") +
						       strlen(base) + 16);
		snprintf(path, sizeof(path), "badges/%s", name);
		badge = load_json(dir, path);
		snprintf(msg, sizeof(msg), "%.0f/100", json_number_value(
				 json_object_get(json_object_get(rec, "score"), "overall")));
		assert_string_equal(json_string_value(json_object_get(badge, "message")),
				    msg);
		assert_string_equal(json_string_value(json_object_get(badge, "label")),
				    "commons");
		json_decref(badge);
		snprintf(path, sizeof(path), "%s/badges/%.*s.svg", dir,
			 (int)(strlen(name) - 5), name);
		assert_int_equal(stat(path, &st), 0);
		free(name);
	}
	/* When the run went, with which vigie and rules. */
	b = json_object_get(summary, "run");
	assert_string_equal(json_string_value(json_object_get(b, "schema")),
			    "vigie.batch-run/1");
	assert_string_equal(json_string_value(json_object_get(b, "version")),
			    vigie_version());
	assert_int_equal(strlen(json_string_value(json_object_get(b, "started"))), 20);
	assert_true(strcmp(json_string_value(json_object_get(b, "started")),
			   json_string_value(json_object_get(b, "ended"))) <= 0);
	assert_int_equal(strlen(json_string_value(json_object_get(b, "rules_digest"))),
			 64);
	assert_int_equal(json_array_size(json_object_get(b, "organisations")), 0);
	assert_contains(out, "\nrun: ");
	snprintf(path, sizeof(path), "%s/index.html", dir);
	assert_int_equal(stat(path, &st), 0);
	snprintf(path, sizeof(path), "%s/summary.txt", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((size_t)st.st_size, strlen(out));
	/* In English by default (the suite runs in the C locale). */
	assert_contains(out, "\nworst practices (repositories failing):\n");
	assert_contains(out, "\nthemes: understand ");
	assert_contains(out, "since the previous run: 0 improved, 0 regressed, 0 same, ");
	assert_contains(out, "\nerrors:\n");
	assert_not_contains(out, "dépôts");
	free(err);
	assert_int_equal(fx_sh_out(&err, dir, "cat index.html"), 0);
	assert_contains(err, "<html lang=\"en\">");
	assert_contains(err, "\"worst\":\"Worst practices\"");
	assert_not_contains(err, "Pratiques le plus souvent en échec");

	json_decref(summary);
	json_decref(recs);
	free(out);
	free(err);
	fx_rmdir(dir);
}

/* The title of a worst practice of summary.json in lang. */
static const char *worst_title(json_t *summary, size_t i, const char *lang)
{
	return json_string_value(json_object_get(json_object_get(json_array_get(
		json_object_get(summary, "worst_practices"), i), "title"), lang));
}

/*
 * --lang fr: the summary printed and summary.txt in French, rule titles
 * from the packs' French, error messages translated; the page in French;
 * summary.json the same as in English.  vigie merge of the same output
 * (the locale, here C, chooses) writes the same summaries in English.
 */
static void test_batch_summaries_in_french(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("out"), *en = fx_tmpdir("en");
	char *out = NULL, *err = NULL, *text = NULL, *page = NULL, want[64];
	char *locale;
	json_t *fr_summary, *en_summary;
	size_t i;
	int rc;

	assert_int_equal(batch(&out, &err, w, dir, "-j2 --lang fr"), 0);
	assert_string_equal(err, "");
	assert_int_equal(fx_sh_out(&text, dir, "cat summary.txt"), 0);
	assert_string_equal(out, text);
	snprintf(want, sizeof(want), "vigie batch : %zu dépôts ; audités : %zu, ",
		 w->total - 1, w->total - 6);
	assert_true(!strncmp(out, want, strlen(want)));
	assert_contains(out, "inchangés : 0, en erreur : 5\n");
	assert_contains(out, "\nscore : moyenne ");
	assert_contains(out, ", médiane ");
	assert_contains(out, "\nrépartition :\n");
	assert_contains(out, "\nthèmes : comprendre ");
	assert_contains(out, " maintenir ");
	assert_contains(out, " diffuser ");
	assert_contains(out, "\npratiques le plus souvent en échec (dépôts en échec) :\n");
	snprintf(want, sizeof(want), "en recul : 0, stables : 0, nouveaux : %zu\n",
		 w->total - 1);
	assert_contains(out, "\ndepuis l'exécution précédente, en progrès : 0, ");
	assert_contains(out, want);
	assert_contains(out, "\nerreurs :\n");
	/* A record's error, formatted by vigie: in French, with French colons. */
	assert_contains(out, "/not-a-repo : source : pas un dépôt git\n");
	/* None of the English. */
	assert_not_contains(out, "repositories");
	assert_not_contains(out, "audited");
	assert_not_contains(out, "unchanged");
	assert_not_contains(out, "distribution:");
	assert_not_contains(out, "themes:");
	assert_not_contains(out, "understand");
	assert_not_contains(out, "worst practices");
	assert_not_contains(out, "since the previous run");
	assert_not_contains(out, "errors:");
	assert_not_contains(out, "not a git repository");
	/* The worst practices by their French titles. */
	fr_summary = load_json(dir, "summary.json");
	assert_true(json_array_size(json_object_get(fr_summary, "worst_practices")) > 0);
	for (i = 0; i < json_array_size(json_object_get(fr_summary, "worst_practices")); i++) {
		assert_contains(out, worst_title(fr_summary, i, "fr"));
		assert_not_contains(out, worst_title(fr_summary, i, "en"));
	}

	/* The page: its language, its words. */
	assert_int_equal(fx_sh_out(&page, dir, "cat index.html"), 0);
	assert_contains(page, "<html lang=\"fr\">");
	assert_contains(page, "\"worst\":\"Pratiques le plus souvent en échec\"");
	assert_contains(page, "\"since\":\"Depuis l'exécution précédente\"");
	assert_contains(page, "\"filter\":\"filtrer : dépôt, statut, identifiant de règle\"");
	assert_contains(page, "\"theme.understand\":\"comprendre\"");
	assert_contains(page, "\"status.unchanged\":\"inchangé\"");
	assert_not_contains(page, "Worst practices");
	assert_not_contains(page, "Since the previous run");
	assert_not_contains(page, "errors only");
	assert_not_contains(page, "every practice passes");
	assert_contains(page, "pas un dépôt git");
	free(page);
	free(text);
	free(out);
	free(err);

	/* The same records summarised in English: same numbers, English words. */
	assert_int_equal(fx_vigie(&out, &err, w->base, "merge --out '%s' '%s'", en, dir), 0);
	assert_true(!strncmp(out, "vigie batch: ", 13));
	assert_contains(out, "\nthemes: understand ");
	assert_contains(out, "/not-a-repo: source: not a git repository\n");
	assert_not_contains(out, "dépôts");
	assert_contains(out, worst_title(fr_summary, 0, "en"));
	en_summary = load_json(en, "summary.json");
	/* The same but for the run: a merge is a run of its own. */
	assert_true(json_equal(json_object_get(json_object_get(fr_summary, "run"), "started"),
			       json_object_get(json_object_get(en_summary, "run"), "started")));
	json_object_del(fr_summary, "run");
	json_object_del(en_summary, "run");
	assert_true(json_equal(fr_summary, en_summary));
	assert_int_equal(fx_sh_out(&page, en, "cat index.html"), 0);
	assert_contains(page, "<html lang=\"en\">");
	assert_not_contains(page, "Pratiques le plus souvent en échec");
	free(page);
	free(out);
	free(err);
	/* Without --lang, the locale chooses, as for vigie audit. */
	locale = getenv("LC_ALL") ? strdup(getenv("LC_ALL")) : NULL;
	setenv("LC_ALL", "fr_FR.UTF-8", 1);
	rc = fx_vigie(&out, &err, w->base, "merge --out '%s/fr' '%s'", en, dir);
	if (locale)
		setenv("LC_ALL", locale, 1);
	else
		unsetenv("LC_ALL");
	free(locale);
	assert_int_equal(rc, 0);
	assert_true(!strncmp(out, "vigie batch : ", 14));
	assert_int_equal(fx_sh_out(&page, en, "cat fr/index.html"), 0);
	assert_contains(page, "<html lang=\"fr\">");

	json_decref(fr_summary);
	json_decref(en_summary);
	free(page);
	free(out);
	free(err);
	fx_rmdir(dir);
	fx_rmdir(en);
}

static void test_batch_second_run_reuses_every_record(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("out"), *out = NULL, *err = NULL;
	json_t *first, *second, *third, *summary, *v, *e;
	const char *key;
	size_t i;
	bool found = false;

	assert_int_equal(batch(&out, &err, w, dir, "-j2"), 0);
	first = records(dir, NULL);
	free(out);
	free(err);
	assert_int_equal(batch(&out, &err, w, dir, "-j2"), 0);
	second = records(dir, NULL);
	assert_every_target_once(w, second);
	json_object_foreach(first, key, v) {
		json_t *a, *b;
		if (!strcmp(status_of(first, key), "error")) {
			/* Errors are tried again, and fail again. */
			assert_string_equal(status_of(second, key), "error");
			continue;
		}
		assert_string_equal(status_of(second, key), "unchanged");
		a = stable(v);
		b = stable(json_object_get(second, key));
		assert_true(json_equal(a, b));
		json_decref(a);
		json_decref(b);
	}
	assert_contains(out, "0 audited");
	free(out);
	free(err);

	/* --full audits every repository again. */
	assert_int_equal(batch(&out, &err, w, dir, "-j2 --full"), 0);
	assert_contains(out, "0 unchanged");
	free(out);
	free(err);
	/* So does age: a record older than --max-age is not reused. */
	fx_sh(dir, "sed -i 's/\"audited_at\":[0-9]*/\"audited_at\":1000/' results.jsonl");
	assert_int_equal(batch(&out, &err, w, dir, "-j2 --max-age 30"), 0);
	assert_contains(out, "0 unchanged");
	free(out);
	free(err);
	assert_int_equal(batch(&out, &err, w, dir, "-j2 --max-age 30"), 0);
	assert_contains(out, "0 audited");
	free(out);
	free(err);

	/* One repository moves on: only it is audited, and it improved. */
	fx_sh(w->keys[1], "printf 'EUPL-1.2\\n' > LICENSE && "
			  "printf '# Contributing\\n\\nOpen an issue.\\n' > CONTRIBUTING.md && "
			  "git add -A && git commit -q -m 'add a license'");
	assert_int_equal(batch(&out, &err, w, dir, "-j2"), 0);
	third = records(dir, NULL);
	for (i = 0; i < GOOD; i++)
		assert_string_equal(status_of(third, w->keys[i]),
				    i == 1 ? "audited" : "unchanged");
	summary = load_json(dir, "summary.json");
	v = json_object_get(summary, "changes");
	assert_int_equal(json_integer_value(json_object_get(v, "improved")), 1);
	assert_int_equal(json_integer_value(json_object_get(v, "regressed")), 0);
	json_decref(second);
	json_array_foreach(json_object_get(v, "repositories_improved"), i, e) {
		if (!strcmp(json_string_value(json_object_get(e, "target")),
			    w->keys[1]))
			found = true;
	}
	assert_true(found);
	assert_contains(out, "1 improved");
	/* Put it back for the other tests. */
	fx_sh(w->keys[1], "git reset -q --hard HEAD~1");

	json_decref(summary);
	json_decref(first);
	json_decref(third);
	free(out);
	free(err);
	fx_rmdir(dir);
}

static size_t count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;
	int c;

	if (!f)
		return 0;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

/*
 * The rows `vigie export --format jsonl` gives of DIR/vigie.sqlite, by
 * target, without the run's id and date (new reference); *runs gets how
 * many distinct runs they come from, *nrows how many rows there were.
 */
static json_t *db_rows(const char *dir, size_t *runs, size_t *nrows)
{
	char *out = NULL, *err = NULL, *line, *save = NULL;
	json_t *rows = json_object(), *seen = json_object();

	if (fx_vigie(&out, &err, dir, "export --db vigie.sqlite --format jsonl") != 0)
		fail_msg("vigie export failed: %s", err);
	*nrows = 0;
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_error_t je;
		json_t *r = json_loads(line, 0, &je);
		char run[32];
		if (!r)
			fail_msg("export line does not parse: %s", line);
		snprintf(run, sizeof(run), "%lld",
			 (long long)json_integer_value(json_object_get(r, "run")));
		json_object_set_new(seen, run, json_true());
		json_object_del(r, "run");
		json_object_del(r, "run_started");
		json_object_set(rows, json_string_value(json_object_get(r, "target")), r);
		json_decref(r);
		(*nrows)++;
	}
	*runs = json_object_size(seen);
	json_decref(seen);
	free(out);
	free(err);
	return rows;
}

static void test_batch_kill9_then_resume_records_each_once(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("out"), *out = NULL, *err = NULL;
	json_t *before, *after, *v;
	const char *key;
	char path[4096];
	size_t lines;

	/* Start, wait for a few records, then kill -9 in the middle. */
	fx_sh(w->base,
	      "'%s' batch --list '%s' --out '%s' --offline -j1 >/dev/null 2>&1 & "
	      "pid=$!; n=0; "
	      "while [ \"$(cat '%s/results.jsonl' 2>/dev/null | wc -l)\" -lt 4 ]; do "
	      "  sleep 0.005; n=$((n+1)); [ $n -lt 4000 ] || break; done; "
	      "kill -9 $pid; wait $pid || true",
	      fx_vigie_bin(), w->list, dir, dir);
	snprintf(path, sizeof(path), "%s/results.jsonl", dir);
	lines = count_lines(path);
	if (lines >= w->total)
		fail_msg("the batch finished before it could be killed");
	assert_true(lines >= 4);
	/* The whole lines (kill -9 may have torn the last one). */
	fx_sh(dir, "mkdir kept && head -n \"$(wc -l < results.jsonl)\" results.jsonl "
		   "> kept/results.jsonl");
	snprintf(path, sizeof(path), "%s/kept", dir);
	before = records(path, NULL);

	assert_int_equal(batch(&out, &err, w, dir, "-j2 --resume"), 0);
	after = records(dir, &lines);
	assert_int_equal(lines, w->total);
	assert_every_target_once(w, after);
	/* Finished repositories were not redone: their records are intact. */
	json_object_foreach(before, key, v)
		assert_true(json_equal(v, json_object_get(after, key)));
	/* The database, written from the journal, holds each once, in one run. */
	{
		size_t runs, nrows;
		json_t *rows = db_rows(dir, &runs, &nrows);
		assert_int_equal(runs, 1);
		assert_int_equal(nrows, w->total);
		assert_int_equal(json_object_size(rows), w->total);
		json_decref(rows);
		/* The next run is a run of its own. */
		free(out);
		free(err);
		assert_int_equal(batch(&out, &err, w, dir, "-j2 --resume"), 0);
		rows = db_rows(dir, &runs, &nrows);
		assert_int_equal(nrows, 2 * w->total);
		assert_int_equal(runs, 2);
		json_decref(rows);
	}

	json_decref(before);
	json_decref(after);
	free(out);
	free(err);
	fx_rmdir(dir);
}

static void test_batch_torn_last_line_is_dropped_and_redone(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("out"), *out = NULL, *err = NULL, *last = NULL;
	json_t *recs, *kept, *v;
	const char *key;
	char path[4096];
	size_t lines, before;

	/* A run killed in the middle... */
	fx_sh(w->base,
	      "'%s' batch --list '%s' --out '%s' --offline -j1 >/dev/null 2>&1 & "
	      "pid=$!; n=0; "
	      "while [ \"$(cat '%s/results.jsonl' 2>/dev/null | wc -l)\" -lt 6 ]; do "
	      "  sleep 0.005; n=$((n+1)); [ $n -lt 4000 ] || break; done; "
	      "kill -9 $pid; wait $pid || true",
	      fx_vigie_bin(), w->list, dir, dir);
	snprintf(path, sizeof(path), "%s/results.jsonl", dir);
	before = count_lines(path);
	if (before >= w->total)
		fail_msg("the batch finished before it could be killed");
	/*
	 * ...as its last record was being written, by a power loss: kill -9
	 * may have torn that write itself; if it did not, cut the last line
	 * in the middle.  The whole lines before it are what must be kept.
	 */
	assert_int_equal(fx_sh_out(&last, dir,
				   "tail -n 1 results.jsonl | "
				   "sed 's/^{\"batch\":{\"target\":\"\\([^\"]*\\)\".*/\\1/'"),
			 0);
	last[strcspn(last, "\n")] = '\0';
	assert_true(strlen(last) > 0);
	fx_sh(dir, "if [ \"$(tail -c 1 results.jsonl | od -An -c | tr -d ' ')\" = '\\n' ]; "
		   "then size=$(stat -c %%s results.jsonl); "
		   "tail=$(tail -n 1 results.jsonl | wc -c); "
		   "truncate -s $((size - tail / 2)) results.jsonl; fi && "
		   "[ \"$(tail -c 1 results.jsonl | od -An -c | tr -d ' ')\" != '\\n' ] && "
		   "mkdir kept && head -n \"$(wc -l < results.jsonl)\" results.jsonl "
		   "> kept/results.jsonl");
	assert_true(count_lines(path) + 1 >= before);
	snprintf(path, sizeof(path), "%s/kept", dir);
	kept = records(path, NULL);
	assert_null(json_object_get(kept, last));

	assert_int_equal(batch(&out, &err, w, dir, "-j2 --resume"), 0);
	recs = records(dir, &lines);
	assert_int_equal(lines, w->total);
	assert_every_target_once(w, recs);
	assert_non_null(json_object_get(recs, last));
	/* The torn one was redone, the whole ones kept. */
	json_object_foreach(kept, key, v)
		assert_true(json_equal(v, json_object_get(recs, key)));
	json_decref(kept);
	json_decref(recs);
	free(last);
	free(out);
	free(err);

	/*
	 * The run completed: --resume now starts a new run, reusing records,
	 * and lines that are not records (garbage, a NUL byte) are skipped.
	 */
	fx_sh(dir, "sed -i '3i this is not a record' results.jsonl && "
		   "printf '{\"batch\":{\"target\":\"a\\000b\"}}\\n' >> results.jsonl");
	assert_int_equal(batch(&out, &err, w, dir, "-j2 --resume"), 0);
	assert_contains(out, "0 audited");
	recs = records(dir, &lines);
	assert_int_equal(lines, w->total);
	assert_string_equal(status_of(recs, w->keys[0]), "unchanged");
	json_decref(recs);
	free(out);
	free(err);
	fx_rmdir(dir);
}

static void test_batch_shards_merged_equal_a_single_run(void **state)
{
	struct world *w = *state;
	char *single = fx_tmpdir("single"), *merged = fx_tmpdir("merged");
	char *shard[3], *out = NULL, *err = NULL, args[64];
	json_t *one, *all, *part[3], *v;
	const char *key;
	size_t k, sum = 0;

	assert_int_equal(batch(&out, &err, w, single, "-j2"), 0);
	free(out);
	free(err);
	for (k = 0; k < 3; k++) {
		shard[k] = fx_tmpdir("shard");
		snprintf(args, sizeof(args), "-j2 --shard %zu/3", k + 1);
		assert_int_equal(batch(&out, &err, w, shard[k], args), 0);
		free(out);
		free(err);
		part[k] = records(shard[k], NULL);
		/* Each shard takes a real share. */
		assert_true(json_object_size(part[k]) > 0);
		assert_true(json_object_size(part[k]) < w->total);
		sum += json_object_size(part[k]);
	}
	/* Disjoint and complete. */
	assert_int_equal(sum, w->total);
	assert_int_equal(fx_vigie(&out, &err, w->base, "merge --out '%s' '%s' '%s' '%s'",
				  merged, shard[0], shard[1], shard[2]),
			 0);
	assert_contains(out, "vigie batch: ");
	free(out);
	free(err);

	one = records(single, NULL);
	all = records(merged, NULL);
	assert_every_target_once(w, all);
	json_object_foreach(one, key, v) {
		json_t *a = stable(v), *b = stable(json_object_get(all, key));
		if (!json_equal(a, b))
			fail_msg("merged record for %s differs from the single run", key);
		json_decref(a);
		json_decref(b);
	}
	/* Both files are sorted by key: the same targets line by line. */
	assert_int_equal(fx_sh_out(&out, w->base,
				   "sed 's/.*\"batch\":{\"target\":\"\\([^\"]*\\)\".*/\\1/' "
				   "'%s/results.jsonl' > '%s/keys' && "
				   "sed 's/.*\"batch\":{\"target\":\"\\([^\"]*\\)\".*/\\1/' "
				   "'%s/results.jsonl' | cmp - '%s/keys'",
				   merged, single, single, single),
			 0);
	free(out);

	/* Their databases hold the same rows: 3 shards merged = one run. */
	{
		size_t r1, r2, n1, n2;
		json_t *a = db_rows(single, &r1, &n1), *b = db_rows(merged, &r2, &n2);
		assert_int_equal(r1, 1);
		assert_int_equal(r2, 1);
		assert_int_equal(n1, w->total);
		assert_int_equal(n2, w->total);
		if (!json_equal(a, b))
			fail_msg("the merged database differs from the single run's");
		json_decref(a);
		json_decref(b);
	}

	/* A target in two shard outputs is refused. */
	assert_int_equal(fx_vigie(&out, &err, w->base, "merge --out '%s/again' '%s' '%s'",
				  merged, single, shard[0]),
			 2);
	assert_contains(err, "in two shard outputs");
	free(out);
	free(err);

	for (k = 0; k < 3; k++) {
		json_decref(part[k]);
		fx_rmdir(shard[k]);
	}
	json_decref(one);
	json_decref(all);
	fx_rmdir(single);
	fx_rmdir(merged);
}

static json_t *check_of(json_t *rec, const char *id)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(rec, "checks"), i, c)
		if (!strcmp(json_string_value(json_object_get(c, "id")), id))
			return c;
	fail_msg("no check %s", id);
	return NULL;
}

static void test_batch_org_defaults_are_inherited_and_marked(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("out"), *out = NULL, *err = NULL;
	const char *a = w->keys[w->total - 3], *b = w->keys[w->total - 2];
	const char *defaults = w->keys[w->total - 1];
	json_t *recs, *inv, *e, *c;
	char marked[4096];
	size_t k;

	assert_int_equal(batch(&out, &err, w, dir, "-j2"), 0);
	recs = records(dir, NULL);
	/* member-a has no security policy nor guide: both come from .github. */
	inv = json_object_get(json_object_get(json_object_get(recs, a), "facts"),
			      "inventory");
	e = json_array_get(json_object_get(inv, "security"), 0);
	assert_string_equal(json_string_value(json_object_get(e, "inherited")), defaults);
	snprintf(marked, sizeof(marked), "%s:SECURITY.md", defaults);
	assert_string_equal(json_string_value(json_object_get(e, "path")), marked);
	c = check_of(json_object_get(recs, a), "security.policy");
	assert_string_equal(json_string_value(json_object_get(c, "status")), "pass");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(c, "evidence"), 0), "path")),
			    marked);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
				    json_object_get(json_object_get(recs, a), "batch"),
				    "defaults"), "target")),
			    defaults);
	/* member-b keeps its own guide; only what it lacks is inherited. */
	inv = json_object_get(json_object_get(json_object_get(recs, b), "facts"),
			      "inventory");
	e = json_array_get(json_object_get(inv, "contributing"), 0);
	assert_string_equal(json_string_value(json_object_get(e, "path")),
			    "CONTRIBUTING.md");
	assert_null(json_object_get(e, "inherited"));
	assert_non_null(json_object_get(json_array_get(json_object_get(inv, "security"), 0),
					"inherited"));
	/* Repositories outside the organisation inherit nothing. */
	for (k = 0; k < GOOD; k++) {
		inv = json_object_get(json_object_get(json_object_get(recs, w->keys[k]),
						      "facts"), "inventory");
		assert_int_equal(json_array_size(json_object_get(inv, "security")), 0);
	}

	/* A shard without the .github repository still inherits. */
	for (k = 1; k <= 3; k++) {
		char args[64], *sd = fx_tmpdir("shard");
		json_t *part;
		snprintf(args, sizeof(args), "--shard %zu/3", k);
		free(out);
		free(err);
		assert_int_equal(batch(&out, &err, w, sd, args), 0);
		part = records(sd, NULL);
		if (json_object_get(part, a) && !json_object_get(part, defaults)) {
			inv = json_object_get(json_object_get(json_object_get(part, a),
							      "facts"), "inventory");
			assert_non_null(json_object_get(
				json_array_get(json_object_get(inv, "security"), 0),
				"inherited"));
		}
		json_decref(part);
		fx_rmdir(sd);
	}

	json_decref(recs);
	free(out);
	free(err);
	fx_rmdir(dir);
}

static void test_batch_sigterm_stops_cleanly_then_resumes(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("out"), *out = NULL, *err = NULL, *rc = NULL;
	json_t *recs, *first, *v;
	const char *key;
	char path[4096];
	size_t lines, before;

	fx_sh_out(&rc, w->base,
		  "'%s' batch --list '%s' --out '%s' --offline -j2 >/dev/null 2>'%s/stderr' & "
		  "pid=$!; n=0; "
		  "while [ \"$(cat '%s/results.jsonl' 2>/dev/null | wc -l)\" -lt 3 ]; do "
		  "  sleep 0.005; n=$((n+1)); [ $n -lt 4000 ] || break; done; "
		  "kill -TERM $pid; wait $pid; echo $?",
		  fx_vigie_bin(), w->list, dir, dir, dir);
	snprintf(path, sizeof(path), "%s/results.jsonl", dir);
	before = count_lines(path);
	if (before >= w->total)
		fail_msg("the batch finished before it could be stopped");
	assert_string_equal(rc, "130\n");
	free(rc);
	assert_int_equal(fx_sh_out(&rc, dir, "cat stderr"), 0);
	assert_contains(rc, "--resume");
	free(rc);
	/* Every record in flight was written whole. */
	first = records(dir, &lines);
	assert_int_equal(lines, before);

	assert_int_equal(batch(&out, &err, w, dir, "-j2 --resume"), 0);
	recs = records(dir, &lines);
	assert_int_equal(lines, w->total);
	assert_every_target_once(w, recs);
	/* What was written before the signal was not redone. */
	json_object_foreach(first, key, v)
		assert_true(json_equal(v, json_object_get(recs, key)));
	json_decref(first);
	json_decref(recs);
	free(out);
	free(err);
	fx_rmdir(dir);
}

/* A server on 127.0.0.1 that accepts connections and never answers: its
 * socket (close it), its address "git://127.0.0.1:PORT" in base. */
static int silent_server(char *base, size_t n)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 64), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	snprintf(base, n, "git://127.0.0.1:%d", ntohs(sa.sin_port));
	return fd;
}

/* A silent server's repository, its URL in url, and dir/list naming it,
 * then the world's first repository.  Returns the server's socket. */
static int silent_list(const char *dir, struct world *w, char *url,
		       size_t n)
{
	char base[64];
	int fd = silent_server(base, sizeof(base));

	snprintf(url, n, "%s/silent.git", base);
	fx_sh(dir, "printf '%%s\\n%%s\\n' '%s' '%s' > list", url, w->keys[0]);
	return fd;
}

static void test_batch_time_limit_becomes_an_error_record(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("out"), *out = NULL, *err = NULL;
	int fd;
	char url[128], *o;
	json_t *recs, *e;

	fd = silent_list(dir, w, url, sizeof(url));

	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch --list '%s/list' --out '%s/o' --cache-dir '%s' "
				  /* -j4: the silent host's three sibling probes
				   * at once, then the repository: 2 s, not 3 */
				  "--timeout 1 -j4",
				  dir, dir, w->cache),
			 0);
	o = sub_o(dir);
	recs = records(o, NULL);
	free(o);
	e = json_object_get(json_object_get(recs, url), "error");
	assert_non_null(e);
	assert_contains(json_string_value(json_object_get(e, "message")),
			"time limit of 1 s reached");
	assert_string_equal(status_of(recs, w->keys[0]), "audited");
	json_decref(recs);
	close(fd);
	free(out);
	free(err);
	fx_rmdir(dir);
}

/*
 * A server that lets three repositories in a row run out of time is not
 * asked again in the run: its other repositories get an error record at
 * once ("not tried", naming it), the others are audited.  Six on a silent
 * server, three at a time, one second each: the three first time out; the
 * sixth, started after them, is not tried.
 */
static void test_batch_silent_server_is_left_alone(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("out"), *out = NULL, *err = NULL, *o;
	char base[96], url[128], want[160];
	int fd = silent_server(base, sizeof(base)), i, timed = 0, skipped = 0;
	json_t *recs;

	fx_sh(dir, "for i in 1 2 3 4 5 6; do echo '%s/team/r'$i'.git'; done > list; "
		   "echo '%s' >> list", base, w->keys[0]);
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch --list '%s/list' --out '%s/o' --cache-dir '%s' "
				  "--timeout 1 -j3",
				  dir, dir, w->cache),
			 0);
	o = sub_o(dir);
	recs = records(o, NULL);
	free(o);
	snprintf(want, sizeof(want),
		 "not tried: %s let its last 3 repositories run out of time", base);
	for (i = 1; i <= 6; i++) {
		json_t *e;
		const char *m;
		snprintf(url, sizeof(url), "%s/team/r%d.git", base, i);
		assert_string_equal(status_of(recs, url), "error");
		e = json_object_get(json_object_get(recs, url), "error");
		m = json_string_value(json_object_get(e, "message"));
		assert_non_null(m);
		if (strstr(m, "time limit of 1 s reached")) {
			timed++;
		} else {
			assert_string_equal(m, want);
			assert_string_equal(json_string_value(json_object_get(e, "stage")),
					    "source");
			skipped++;
		}
	}
	/* three in a row, and those started before the third ended */
	assert_true(timed >= 3 && timed <= 5);
	assert_true(skipped >= 1);
	assert_string_equal(status_of(recs, w->keys[0]), "audited");
	json_decref(recs);
	close(fd);
	free(out);
	free(err);
	fx_rmdir(dir);
}

/*
 * The options of an audit reach the workers: --fetch-timeout bounds a
 * clone well inside the repository's --timeout, --identities and
 * --lookback shape the facts, as they do for vigie audit.
 */
static void test_batch_audit_options_reach_the_workers(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("out"), *out = NULL, *err = NULL, *o;
	int fd;
	char url[128];
	json_t *recs, *e, *h;
	time_t t0 = time(NULL);

	fd = silent_list(dir, w, url, sizeof(url));

	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch --list '%s/list' --out '%s/o' --cache-dir '%s' "
				  "--timeout 120 --fetch-timeout 1 --identities "
				  "--lookback 0 --tracker-days 30 -j4",
				  dir, dir, w->cache),
			 0);
	/* The clone's limit, not the repository's 120 s. */
	assert_true(time(NULL) - t0 < 60);
	o = sub_o(dir);
	recs = records(o, NULL);
	free(o);
	e = json_object_get(json_object_get(recs, url), "error");
	assert_non_null(e);
	assert_contains(json_string_value(json_object_get(e, "message")),
			"time limit of 1 s reached");
	assert_string_equal(status_of(recs, w->keys[0]), "audited");
	h = json_object_get(json_object_get(json_object_get(recs, w->keys[0]),
					    "facts"), "history");
	assert_non_null(h);
	assert_true(json_array_size(json_object_get(h, "people")) > 0);
	assert_null(json_object_get(h, "newcomers"));
	json_decref(recs);
	close(fd);
	free(out);
	free(err);
	fx_rmdir(dir);
}

static void test_batch_worker_crash_becomes_an_error_record(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("out"), *out = NULL, *o;
	json_t *recs, *e;
	char stuck[4096];

	/* A repository whose commit is a FIFO: reading it blocks for ever. */
	fx_sh(dir, "git init -q -b main stuck && cd stuck && echo x > f && "
		   "git add f && git commit -q -m x && c=$(git rev-parse HEAD) && "
		   "p=.git/objects/$(echo $c | cut -c1-2)/$(echo $c | cut -c3-) && "
		   "rm -f $p && mkfifo $p");
	snprintf(stuck, sizeof(stuck), "%s/stuck", dir);
	fx_sh(dir, "printf '%%s\\n%%s\\n' '%s' '%s' > list", stuck, w->keys[0]);
	/* The worker on it is aborted, as a failed assertion would (SIGABRT). */
	assert_int_equal(fx_sh_out(&out, dir,
				   "'%s' batch --list list --out o --timeout 120 -j1 "
				   ">/dev/null 2>&1 & pid=$!; n=0; "
				   "while [ -z \"$(ps -o pid= --ppid $pid)\" ]; do "
				   "  sleep 0.01; n=$((n+1)); [ $n -lt 3000 ] || break; done; "
				   "sleep 0.3; kill -ABRT $(ps -o pid= --ppid $pid); "
				   "wait $pid; echo $?",
				   fx_vigie_bin()),
			 0);
	assert_string_equal(out, "0\n");
	o = sub_o(dir);
	recs = records(o, NULL);
	e = json_object_get(json_object_get(recs, stuck), "error");
	assert_non_null(e);
	assert_string_equal(json_string_value(json_object_get(e, "message")),
			    "the audit crashed (signal 6)");
	/* The batch went on. */
	assert_string_equal(status_of(recs, w->keys[0]), "audited");
	json_decref(recs);
	free(o);
	free(out);
	fx_rmdir(dir);
}

/*
 * libvigie's batch driver in a program of its own: an executor that runs
 * each task in this process (through the public API only), later than
 * the driver started it, and in reverse order.
 */
struct embed {
	struct vigie_batch_task *started[8];
	size_t n, starts, cancels;
	char *line;
	pid_t pid;
	bool foreign; /* a task ran in another process */
};

static volatile sig_atomic_t children;

static void on_child(int sig)
{
	(void)sig;
	children++;
}

static int embed_start(struct vigie_batch_task *task, struct vigie_error *err,
		       void *payload)
{
	struct embed *e = payload;

	(void)err;
	assert_true(e->n < VIGIE_ARRAY_SIZE(e->started));
	assert_non_null(task->key);
	e->started[e->n++] = task;
	e->starts++;
	return 0;
}

static int embed_wait(struct vigie_batch_task **task, struct vigie_batch_end *end,
		      long wait_ms, struct vigie_error *err, void *payload)
{
	struct embed *e = payload;
	size_t len = 0;

	(void)err;
	assert_true(wait_ms > 0);
	free(e->line);
	e->line = NULL;
	if (!e->n)
		return 0;
	*task = e->started[--e->n];
	assert_int_equal(vigie_batch_task_run(*task, &e->line, &len), 0);
	if (getpid() != e->pid)
		e->foreign = true;
	memset(end, 0, sizeof(*end));
	end->how = VIGIE_BATCH_END_RECORD;
	end->line = e->line;
	end->len = len;
	return 1;
}

/* The options vigie batch --offline --as-of commit would use. */
static void embed_opts(struct vigie_batch_opts *bo, struct vigie_ruleset *rs,
		       const struct vigie_batch_list *l, const char *out,
		       const char *cache)
{
	assert_int_equal(vigie_batch_options_init(bo, VIGIE_BATCH_OPTIONS_VERSION), 0);
	bo->out_dir = out;
	bo->targets = l;
	bo->jobs = 3;
	bo->max_age_s = 7 * 86400;
	bo->timeout_ms = 600000;
	bo->keep_runs = VIGIE_BATCH_KEEP_RUNS;
	bo->audit.rules = rs;
	bo->audit.source.offline = true;
	bo->audit.source.cache_dir = cache;
	bo->audit.collect.offline = true;
	bo->audit.collect.cache_dir = cache;
	bo->audit.collect.commit_cache = true;
	bo->audit.collect.tracker_days = 180;
	assert_int_equal(vigie_as_of_parse(&bo->audit.collect.as_of,
					   &bo->audit.collect.as_of_time, "commit"),
			 0);
}

/* The records of two outputs are the same but for what a run may vary. */
static void assert_same_records(const char *a, const char *b, size_t n)
{
	json_t *ra = records(a, NULL), *rb = records(b, NULL), *v;
	const char *key;

	assert_int_equal(json_object_size(ra), n);
	assert_int_equal(json_object_size(rb), n);
	json_object_foreach(ra, key, v) {
		json_t *x = stable(v), *y;
		if (!json_object_get(rb, key))
			fail_msg("%s has no record for %s", b, key);
		y = stable(json_object_get(rb, key));
		if (!json_equal(x, y))
			fail_msg("the records of %s differ", key);
		json_decref(x);
		json_decref(y);
	}
	json_decref(ra);
	json_decref(rb);
}

/*
 * A program embedding libvigie runs a batch with its own executor, or
 * none: no child process is started, and results.jsonl holds the same
 * records as vigie batch's (whose workers are the command's), the
 * organisation's defaults lent to its member in both.
 */
static void test_batch_embedded_executor_records_as_the_command(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("embed"), *out = NULL, *err = NULL;
	struct vigie_batch_list l = { NULL, 0, 0 };
	struct vigie_batch_executor ex = VIGIE_BATCH_EXECUTOR_INIT;
	struct vigie_batch_opts bo;
	struct vigie_batch_stats st;
	struct vigie_ruleset *rs = vigie_ruleset_new();
	struct vigie_error verr;
	struct sigaction sa, old;
	struct embed e;
	char path[4096], cli[4096], own[4096], none[4096], cache[4096];
	const size_t picks[] = { 0, 1, 2, 3, GOOD, GOOD + 5, GOOD + 7 };
	json_t *recs, *d;
	size_t i;

	/* Four good ones, a missing one, an organisation member and its .github. */
	for (i = 0; i < VIGIE_ARRAY_SIZE(picks); i++)
		fx_sh(dir, "echo '%s' >> list", w->keys[picks[i]]);
	snprintf(path, sizeof(path), "%s/list", dir);
	snprintf(cli, sizeof(cli), "%s/cli", dir);
	snprintf(own, sizeof(own), "%s/own", dir);
	snprintf(none, sizeof(none), "%s/none", dir);
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	assert_int_equal(fx_vigie(&out, &err, dir,
				  "batch --list '%s' --out '%s' --cache-dir '%s' "
				  "--offline --as-of commit -j3",
				  path, cli, cache),
			 0);
	assert_int_equal(vigie_ruleset_load_defaults(rs, &verr), 0);
	assert_int_equal(vigie_batch_list_read(&l, path, &verr), 0);
	assert_int_equal(l.n, VIGIE_ARRAY_SIZE(picks));

	/* Every child this process has from now on is counted. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_child;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGCHLD, &sa, &old), 0);
	children = 0;

	memset(&e, 0, sizeof(e));
	e.pid = getpid();
	ex.start = embed_start;
	ex.wait = embed_wait;
	ex.payload = &e;
	embed_opts(&bo, rs, &l, own, cache);
	if (vigie_batch_run_on(&st, &bo, &ex, &verr) < 0)
		fail_msg("batch: %s", verr.message);
	free(e.line);
	assert_false(e.foreign);
	assert_int_equal(e.starts, l.n);
	assert_int_equal(st.done, l.n);
	assert_int_equal(st.errors, 1);
	assert_false(st.interrupted);
	assert_same_records(cli, own, l.n);

	/* No executor: one audit after the other, on this thread. */
	embed_opts(&bo, rs, &l, none, cache);
	if (vigie_batch_run(&st, &bo, &verr) < 0)
		fail_msg("batch: %s", verr.message);
	assert_int_equal(st.done, l.n);
	assert_same_records(cli, none, l.n);
	assert_int_equal(children, 0);
	assert_int_equal(sigaction(SIGCHLD, &old, NULL), 0);

	/* The member inherited from .github (not a record of nothing). */
	recs = records(own, NULL);
	d = json_object_get(json_object_get(json_object_get(recs, w->keys[GOOD + 5]),
					    "batch"), "defaults");
	assert_string_equal(json_string_value(json_object_get(d, "target")),
			    w->keys[GOOD + 7]);
	json_decref(recs);
	/* Summaries as the command's. */
	{
		json_t *a = load_json(cli, "summary.json"), *b = load_json(own, "summary.json");
		assert_true(json_equal(json_object_get(a, "counts"),
				       json_object_get(b, "counts")));
		json_decref(a);
		json_decref(b);
	}
	/* An executor of another version is refused before anything is done. */
	ex.version = VIGIE_BATCH_EXECUTOR_VERSION + 1;
	snprintf(path, sizeof(path), "%s/refused", dir);
	embed_opts(&bo, rs, &l, path, cache);
	assert_int_equal(vigie_batch_run_on(&st, &bo, &ex, &verr), VIGIE_EINVALID);
	assert_contains(verr.message, "struct vigie_batch_executor version 2");
	assert_int_not_equal(access(path, F_OK), 0);

	vigie_batch_list_release(&l);
	vigie_ruleset_free(rs);
	free(out);
	free(err);
	fx_rmdir(dir);
}

/*
 * An executor whose tasks end badly: the driver cancels the one past its
 * time limit (once, not before it), and records how each ended, as
 * vigie batch does for its workers: time limit, signal, status, a
 * malformed record, a record past the cap.
 */
struct rough {
	struct vigie_batch_task *v[8];
	double at[8];
	size_t n;
	struct vigie_batch_task *cancelled;
	size_t cancels;
	double cancelled_after;
	char cancelled_key[4096]; /* the task is the driver's: gone after */
	char *line;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int rough_start(struct vigie_batch_task *task, struct vigie_error *err,
		       void *payload)
{
	struct rough *r = payload;

	(void)err;
	r->at[r->n] = now_ms();
	r->v[r->n++] = task;
	return 0;
}

static void rough_cancel(struct vigie_batch_task *task, void *payload)
{
	struct rough *r = payload;
	size_t i;

	r->cancels++;
	r->cancelled = task;
	snprintf(r->cancelled_key, sizeof(r->cancelled_key), "%s", task->key);
	for (i = 0; i < r->n; i++)
		if (r->v[i] == task)
			r->cancelled_after = now_ms() - r->at[i];
}

static int rough_wait(struct vigie_batch_task **task, struct vigie_batch_end *end,
		      long wait_ms, struct vigie_error *err, void *payload)
{
	struct rough *r = payload;
	size_t i, len = 0;

	(void)err;
	free(r->line);
	r->line = NULL;
	memset(end, 0, sizeof(*end));
	for (i = 0; i < r->n; i++) {
		const char *name = strrchr(r->v[i]->key, '/') + 1;
		if (!strcmp(name, "good-00") && r->cancelled != r->v[i])
			continue; /* hangs until cancelled */
		*task = r->v[i];
		if (!strcmp(name, "good-00")) {
			end->how = VIGIE_BATCH_END_SIGNAL;
			end->code = 9;
		} else if (!strcmp(name, "good-01")) {
			end->how = VIGIE_BATCH_END_SIGNAL;
			end->code = 11;
		} else if (!strcmp(name, "good-02")) {
			end->how = VIGIE_BATCH_END_FAILED;
			end->code = 3;
		} else if (!strcmp(name, "good-03")) {
			end->how = VIGIE_BATCH_END_RECORD;
			end->line = "{\"batch\":{\"target\":\"elsewhere\"}}";
			end->len = strlen(end->line);
		} else if (!strcmp(name, "good-04")) {
			end->how = VIGIE_BATCH_END_TOO_BIG;
		} else {
			assert_int_equal(vigie_batch_task_run(*task, &r->line, &len), 0);
			end->how = VIGIE_BATCH_END_RECORD;
			end->line = r->line;
			end->len = len;
		}
		r->v[i] = r->v[--r->n];
		r->at[i] = r->at[r->n];
		return 1;
	}
	/* Nothing ends: wait as asked, as a process pool would. */
	nanosleep(&(struct timespec){ 0, (long)wait_ms * 1000000L }, NULL);
	return 0;
}

static void test_batch_executor_endings_become_error_records(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("rough");
	struct vigie_batch_list l = { NULL, 0, 0 };
	struct vigie_batch_executor ex = VIGIE_BATCH_EXECUTOR_INIT;
	struct vigie_batch_opts bo;
	struct vigie_batch_stats st;
	struct vigie_ruleset *rs = vigie_ruleset_new();
	struct vigie_error verr;
	struct rough r;
	char out[4096], cache[4096];
	static const char *const want[] = {
		/* a limit in milliseconds is said in milliseconds */
		"time limit of 1500 ms reached", "the audit crashed (signal 11)",
		"the worker failed (status 3)", "the worker sent a malformed record",
		"the record is larger than the limit",
	};
	json_t *recs;
	size_t i;

	for (i = 0; i < 6; i++)
		assert_int_equal(vigie_batch_list_add(&l, w->keys[i]), 0);
	snprintf(out, sizeof(out), "%s/o", dir);
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	assert_int_equal(vigie_ruleset_load_defaults(rs, &verr), 0);
	embed_opts(&bo, rs, &l, out, cache);
	bo.timeout_ms = 1500;
	memset(&r, 0, sizeof(r));
	ex.start = rough_start;
	ex.wait = rough_wait;
	ex.cancel = rough_cancel;
	ex.payload = &r;
	if (vigie_batch_run_on(&st, &bo, &ex, &verr) < 0)
		fail_msg("batch: %s", verr.message);
	free(r.line);
	assert_int_equal(r.cancels, 1);
	assert_string_equal(r.cancelled_key, w->keys[0]);
	assert_true(r.cancelled_after >= 1500 && r.cancelled_after < 2000);
	assert_int_equal(st.done, 6);
	assert_int_equal(st.errors, 5);
	recs = records(out, NULL);
	for (i = 0; i < VIGIE_ARRAY_SIZE(want); i++) {
		json_t *e = json_object_get(json_object_get(recs, w->keys[i]), "error");
		assert_string_equal(json_string_value(json_object_get(e, "message")),
				    want[i]);
		assert_string_equal(json_string_value(json_object_get(e, "code")),
				    i == 0 || i == 4 ? "limit reached" : "failure");
	}
	assert_string_equal(status_of(recs, w->keys[5]), "audited");
	json_decref(recs);
	vigie_batch_list_release(&l);
	vigie_ruleset_free(rs);
	fx_rmdir(dir);
}

static void test_batch_remote_unchanged_costs_no_fetch(void **state)
{
	struct world *w = *state;
	char *served = fx_tmpdir("served"), *dir = fx_tmpdir("out");
	char *cache = fx_tmpdir("rcache"), *out = NULL, *err = NULL, *head = NULL;
	char url[256], *branches = NULL, *o;
	struct vigie_target t;
	struct vigie_error verr;
	char hex[VIGIE_OID_HEX_MAX];
	json_t *recs;
	int port, pid;

	fx_sh(served, "git clone -q --bare '%s' p.git", w->keys[2]);
	pid = fx_git_daemon(served, &port);
	snprintf(url, sizeof(url), "git://127.0.0.1:%d/p.git", port);
	fx_write(dir, "list", url);

	/* The remote HEAD, asked without fetching. */
	assert_int_equal(vigie_target_parse(&t, url, &verr), 0);
	assert_int_equal(vigie_source_remote_head(hex, &t, NULL, &verr), 0);
	assert_int_equal(fx_sh_out(&head, served, "git --git-dir=p.git rev-parse HEAD"), 0);
	head[strcspn(head, "\n")] = '\0';
	assert_string_equal(hex, head);
	vigie_target_release(&t);

	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch --list '%s/list' --out '%s/o' --cache-dir '%s'",
				  dir, dir, cache), 0);
	free(out);
	free(err);
	/* A new branch upstream, HEAD unchanged: no fetch brings it. */
	fx_sh(served, "git --git-dir=p.git branch side HEAD");
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch --list '%s/list' --out '%s/o' --cache-dir '%s'",
				  dir, dir, cache), 0);
	o = sub_o(dir);
	recs = records(o, NULL);
	assert_string_equal(status_of(recs, url), "unchanged");
	json_decref(recs);
	assert_int_equal(fx_sh_out(&branches, cache,
				   "git --git-dir=\"$(find . -name 'p*.git' -type d | head -1)\" "
				   "branch"),
			 0);
	assert_not_contains(branches, "side");
	free(branches);
	free(out);
	free(err);

	/* HEAD moves: audited again, at the new commit. */
	fx_sh(served, "git clone -q p.git wt && cd wt && echo z > z && git add z && "
		      "git commit -q -m z && git push -q origin main");
	free(head);
	assert_int_equal(fx_sh_out(&head, served, "git --git-dir=p.git rev-parse HEAD"), 0);
	head[strcspn(head, "\n")] = '\0';
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch --list '%s/list' --out '%s/o' --cache-dir '%s'",
				  dir, dir, cache), 0);
	recs = records(o, NULL);
	free(o);
	assert_string_equal(status_of(recs, url), "audited");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
				    json_object_get(recs, url), "repository"), "commit")),
			    head);
	json_decref(recs);
	fx_stop(pid);
	free(head);
	free(out);
	free(err);
	fx_rmdir(served);
	fx_rmdir(dir);
	fx_rmdir(cache);
}

/*
 * One headless Chromium for all the pages of this file, started on the
 * first (tests/support/render.py: a URL a line in, the page's HTML and a
 * line holding a NUL out): a second of start-up saved per page.
 */
static struct {
	pid_t pid;
	FILE *in, *out;
} renderer;

static void renderer_start(void)
{
	char script[1024];
	int to[2], from[2];

	snprintf(script, sizeof(script), "%s/tests/support/render.py",
		 fx_source_root());
	if (pipe(to) != 0 || pipe(from) != 0)
		fail_msg("pipe: %s", strerror(errno));
	renderer.pid = fork();
	if (renderer.pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (renderer.pid == 0) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		close(to[0]);
		close(to[1]);
		close(from[0]);
		close(from[1]);
		unsetenv("MALLOC_PERTURB_"); /* for vigie only (fixture.c) */
		execlp("python3", "python3", script, (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	renderer.in = fdopen(to[1], "w");
	renderer.out = fdopen(from[0], "r");
	if (!renderer.in || !renderer.out)
		fail_msg("fdopen: %s", strerror(errno));
}

static void renderer_stop(void)
{
	int status;

	if (!renderer.pid)
		return;
	fclose(renderer.in);
	fclose(renderer.out);
	waitpid(renderer.pid, &status, 0);
	memset(&renderer, 0, sizeof(renderer));
}

/* A page of dir as headless Chromium left it after its scripts ran. */
static char *file_dom(const char *dir, const char *file, const char *fragment)
{
	struct vigie_buf dom = VIGIE_BUF_INIT;
	char line[8192];
	bool done = false;

	if (!renderer.pid)
		renderer_start();
	fprintf(renderer.in, "file://%s/%s%s\n", dir, file, fragment);
	fflush(renderer.in);
	while (fgets(line, sizeof(line), renderer.out)) {
		if (line[0] == '\0' && line[1] == '\n') {
			done = true;
			break;
		}
		vigie_buf_puts(&dom, line);
	}
	if (!done) {
		renderer_stop();
		fail_msg("chromium failed on %s/%s%s", dir, file, fragment);
	}
	vigie_buf_puts(&dom, "");
	return vigie_buf_detach(&dom, NULL);
}

static char *page_dom(const char *dir, const char *fragment)
{
	return file_dom(dir, "index.html", fragment);
}

/* The targets of the page's rows, in order, as Chromium rendered them. */
static json_t *page_rows(const char *dir, const char *fragment)
{
	char *dom = page_dom(dir, fragment), *p;
	json_t *rows = json_array();

	for (p = strstr(dom, "<tr class=\"repo\""); p;
	     p = strstr(p + 1, "<tr class=\"repo\"")) {
		char *t = strstr(p, "data-target=\""), *e;
		if (!t)
			fail_msg("a row without data-target");
		t += 13;
		e = strchr(t, '"');
		json_array_append_new(rows, json_stringn(t, (size_t)(e - t)));
	}
	free(dom);
	return rows;
}

static json_t *sorted_keys_by_score(json_t *recs, int dir)
{
	json_t *v, *out = json_array();
	const char **keys = calloc(json_object_size(recs), sizeof(*keys));
	const char *key;
	size_t n = 0, i, j;

	/* The organisation's defaults repository has no row of its own. */
	json_object_foreach(recs, key, v)
		if (!strstr(key, "/.github"))
			keys[n++] = key;
	/* Score in the asked direction, no score last, then by name. */
	for (i = 1; i < n; i++)
		for (j = i; j > 0; j--) {
			json_t *a = json_object_get(json_object_get(
				json_object_get(recs, keys[j - 1]), "score"), "overall");
			json_t *b = json_object_get(json_object_get(
				json_object_get(recs, keys[j]), "score"), "overall");
			int c;
			if (json_is_number(a) && json_is_number(b) &&
			    json_number_value(a) != json_number_value(b))
				c = (json_number_value(a) > json_number_value(b) ? 1 : -1) * dir;
			else if (json_is_number(a) != json_is_number(b))
				c = json_is_number(a) ? -1 : 1;
			else
				c = strcmp(keys[j - 1], keys[j]);
			if (c <= 0)
				break;
			key = keys[j];
			keys[j] = keys[j - 1];
			keys[j - 1] = key;
		}
	for (i = 0; i < n; i++)
		json_array_append_new(out, json_string(keys[i]));
	free(keys);
	return out;
}

static void test_batch_page_sorts_and_filters_in_chromium(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("out"), *out = NULL, *err = NULL, *page = NULL;
	char fragment[4200], fr[4200];
	json_t *recs, *rows, *want;
	size_t i;

	if (fx_sh_out(&out, w->base, "command -v chromium") != 0) {
		free(out);
		fx_rmdir(dir);
		print_message("chromium is not installed (apt-get install chromium)\n");
		skip();
	}
	free(out);
	assert_int_equal(batch(&out, &err, w, dir, "-j2"), 0);
	recs = records(dir, NULL);
	/* Self-contained: nothing is loaded from anywhere else. */
	assert_int_equal(fx_sh_out(&page, dir, "cat index.html"), 0);
	assert_not_contains(page, " src=");
	assert_not_contains(page, "<link");
	assert_not_contains(page, "@import");
	free(page);

	/* One row per repository; the organisation's defaults apart. */
	rows = page_rows(dir, "");
	assert_int_equal(json_array_size(rows), w->total - 1);
	for (i = 0; i < w->total - 1; i++)
		if (!json_object_get(recs, json_string_value(json_array_get(rows, i))))
			fail_msg("a row for an unknown repository");
	json_decref(rows);

	/* Sorted by score, either way, as the records say. */
	rows = page_rows(dir, "#sort=score");
	want = sorted_keys_by_score(recs, 1);
	assert_true(json_equal(rows, want));
	json_decref(rows);
	json_decref(want);
	rows = page_rows(dir, "#sort=-score");
	want = sorted_keys_by_score(recs, -1);
	assert_true(json_equal(rows, want));
	json_decref(rows);
	json_decref(want);

	/* A filter keeps the matching rows only. */
	rows = page_rows(dir, "#filter=good-0");
	assert_int_equal(json_array_size(rows), 10);
	json_decref(rows);

	/* A repository's findings, on demand: its failing rules and fixes. */
	snprintf(fragment, sizeof(fragment), "#open=%s", w->keys[1]);
	page = page_dom(dir, fragment);
	assert_contains(page, "<tr class=\"details\">");
	assert_contains(page, "fail license.present");
	assert_contains(page, "A license file is present");
	free(page);
	free(out);
	free(err);

	/*
	 * The same records summarised in French (merge writes the page
	 * again): French headings, columns, statuses, titles and fixes.
	 */
	assert_int_equal(fx_vigie(&out, &err, w->base, "merge --lang fr --out '%s/fr' '%s'",
				  dir, dir), 0);
	snprintf(fr, sizeof(fr), "%s/fr", dir);
	snprintf(fragment, sizeof(fragment), "#open=%s", w->keys[1]);
	page = page_dom(fr, fragment);
	assert_contains(page, "<html lang=\"fr\">");
	/* What shows: the document up to its scripts, which hold both languages. */
	if (strstr(page, "<script"))
		*strstr(page, "<script") = '\0';
	assert_contains(page, "<h2 data-ui=\"worst\">Pratiques le plus souvent en échec</h2>");
	assert_contains(page, "<h2 data-ui=\"since\">Depuis l'exécution précédente</h2>");
	assert_contains(page, "placeholder=\"filtrer : dépôt, statut, identifiant de règle\"");
	assert_contains(page, ">tous les statuts<");
	assert_contains(page, "<th data-col=\"target\" tabindex=\"0\" scope=\"col\" "
			      "class=\"\" aria-sort=\"none\">dépôt</th>");
	assert_contains(page, "<th data-col=\"understand\" tabindex=\"0\" scope=\"col\" "
			      "class=\"\" aria-sort=\"none\">comprendre</th>");
	assert_contains(page, "<td class=\"status error\">erreur</td>");
	assert_contains(page, "<td class=\"status audited\">audité</td>");
	assert_contains(page, "dépôts ; audités : ");
	assert_contains(page, "en progrès : 0, en recul : 0, stables : 0, nouveaux : ");
	assert_contains(page, " : en échec dans ");
	assert_contains(page, "dépôts affichés : ");
	assert_contains(page, "échec license.present</span> (maintenir) "
			      "Un fichier de licence est présent : Ajoutez");
	assert_not_contains(page, "A license file is present");
	assert_not_contains(page, "Worst practices");
	assert_not_contains(page, "failing in");
	assert_not_contains(page, "undefined");

	json_decref(recs);
	free(page);
	free(out);
	free(err);
	fx_rmdir(dir);
}

static void test_batch_remote_sibling_defaults_are_found(void **state)
{
	struct world *w = *state;
	char *served = fx_tmpdir("served"), *dir = fx_tmpdir("out");
	char *cache = fx_tmpdir("scache"), *out = NULL, *err = NULL, *o;
	char url[256], from[256];
	json_t *recs, *inv, *e;
	size_t lines;
	int port, pid;

	fx_sh(served, "mkdir org && git clone -q --bare '%s/org/.github' org/.github.git && "
		      "git clone -q --bare '%s/org/member-a' org/member-a.git",
	      w->base, w->base);
	pid = fx_git_daemon(served, &port);
	/* The list names the member only: its sibling is found by URL. */
	snprintf(url, sizeof(url), "git://127.0.0.1:%d/org/member-a.git", port);
	snprintf(from, sizeof(from), "git://127.0.0.1:%d/org/.github.git", port);
	fx_sh(dir, "echo '%s' > list", url);
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch --list '%s/list' --out '%s/o' --cache-dir '%s'",
				  dir, dir, cache), 0);
	o = sub_o(dir);
	recs = records(o, &lines);
	/* The probes lend files; they are not records of the run. */
	assert_int_equal(lines, 1);
	inv = json_object_get(json_object_get(json_object_get(recs, url), "facts"),
			      "inventory");
	e = json_array_get(json_object_get(inv, "security"), 0);
	assert_string_equal(json_string_value(json_object_get(e, "inherited")), from);
	json_decref(recs);

	/* Unchanged, defaults included: the record is reused. */
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch --list '%s/list' --out '%s/o' --cache-dir '%s'",
				  dir, dir, cache), 0);
	recs = records(o, NULL);
	assert_string_equal(status_of(recs, url), "unchanged");
	json_decref(recs);
	/* The defaults move on: the member is audited again. */
	fx_sh(served, "git clone -q org/.github.git wt && cd wt && "
		      "echo '# Support' > SUPPORT.md && git add -A && "
		      "git commit -q -m support && git push -q origin main");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch --list '%s/list' --out '%s/o' --cache-dir '%s'",
				  dir, dir, cache), 0);
	recs = records(o, NULL);
	assert_string_equal(status_of(recs, url), "audited");
	inv = json_object_get(json_object_get(json_object_get(recs, url), "facts"),
			      "inventory");
	assert_non_null(json_object_get(json_array_get(json_object_get(inv, "support"), 0),
					"inherited"));
	json_decref(recs);
	fx_stop(pid);
	free(o);
	free(out);
	free(err);
	fx_rmdir(served);
	fx_rmdir(dir);
	fx_rmdir(cache);
}

static void test_batch_lists_organisations_through_the_forge(void **state)
{
	struct world *w = *state;
	struct fakeforge ff;
	char *out = NULL, *err = NULL, api[256], want[512];
	json_t *reqs;

	ff_start(&ff);
	/*
	 * Every page; archived repositories and forks left out by default.
	 * Listed through --api-url, the repositories are named after the
	 * API's host, never github.com's.
	 */
	snprintf(api, sizeof(api), "%s", ff_url(&ff, "github", ""));
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch github:etalab --api-url '%s' --print-targets",
				  api), 0);
	snprintf(want, sizeof(want), "github:127.0.0.1:%d/etalab/demo\n", ff.port);
	assert_string_equal(out, want);
	free(out);
	free(err);
	/* A host in the spec names them: GitHub Enterprise Server. */
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch github:ghe.example.gouv.fr/etalab --api-url '%s' "
				  "--print-targets --include-archived --include-forks",
				  api), 0);
	assert_string_equal(out, "github:ghe.example.gouv.fr/etalab/demo\n"
				 "github:ghe.example.gouv.fr/etalab/ancien\n"
				 "github:ghe.example.gouv.fr/etalab/fourche\n");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch github:ghe.example.gouv.fr/etalab --api-url '%s' "
				  "--print-targets --include-archived --include-forks "
				  "--match 'an|ou'",
				  api), 0);
	assert_string_equal(out, "github:ghe.example.gouv.fr/etalab/ancien\n"
				 "github:ghe.example.gouv.fr/etalab/fourche\n");
	free(out);
	free(err);
	reqs = ff_requests(&ff);
	assert_non_null(ff_find(reqs, "/orgs/etalab/repos"));
	json_decref(reqs);

	/* A GitLab group with its subgroups, a Gitea organisation, by host. */
	snprintf(api, sizeof(api), "%s", ff_url(&ff, "gitlab", "/api/v4"));
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch gitlab:gitlab.example.gouv.fr/dinum --api-url '%s' "
				  "--print-targets --include-archived",
				  api), 0);
	assert_string_equal(out, "gitlab:gitlab.example.gouv.fr/dinum/outil-a\n"
				 "gitlab:gitlab.example.gouv.fr/dinum/sub/outil\n");
	free(out);
	free(err);
	snprintf(api, sizeof(api), "%s", ff_url(&ff, "gitea", "/api/v1"));
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch gitea:codeberg.org/collectif --api-url '%s' "
				  "--print-targets --include-forks",
				  api), 0);
	assert_string_equal(out, "gitea:codeberg.org/collectif/outil\n");
	free(out);
	free(err);

	/* An organisation the forge does not know is exit 5, said plainly. */
	snprintf(api, sizeof(api), "%s", ff_url(&ff, "github", ""));
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch github:nobody --api-url '%s' --out o", api), 5);
	assert_contains(err, "cannot list github:nobody");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch github:etalab --api-url '%s' --print-targets "
				  "--match '('", api), 2);
	assert_contains(err, "invalid --match pattern");
	free(out);
	free(err);
	ff_stop(&ff);
}

static void test_batch_listing_refuses_hostile_names(void **state)
{
	struct world *w = *state;
	struct fakeforge ff;
	char *out = NULL, *err = NULL, api[256];
	char *dir = fx_tmpdir("list");

	ff_start(&ff);
	/* The API lists a host:port, a line break, an escape sequence, a
	 * climb and a third part among good names: only the good names
	 * become targets, each bad one is a warning showing it escaped. */
	snprintf(api, sizeof(api), "%s", ff_url(&ff, "github", ""));
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch github:github.example/hostile --api-url '%s' "
				  "--print-targets", api), 0);
	assert_string_equal(out, "github:github.example/hostile/ok\n"
				 "github:github.example/hostile/.dot-ok\n");
	assert_contains(err, "vigie: warning: forge: the github API listed an "
			     "invalid repository name '127.0.0.3:");
	assert_contains(err, "'hostile/line\\x0abreak': left out");
	assert_contains(err, "'hostile/\\x1b[31mred': left out");
	assert_contains(err, "'hostile/sub/deep'");
	assert_null(strchr(err, '\033'));
	free(out);
	free(err);

	/* A next link back to the page read: one page, and it says so. */
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch github:github.example/selfloop --api-url '%s' "
				  "--print-targets", api), 0);
	assert_string_equal(out, "github:github.example/selfloop/one\n");
	assert_contains(err, "points back to a page already read");
	free(out);
	free(err);

	/* A list file's names are printed escaped too. */
	fx_write(dir, "targets", "github:a/b\n\033]0;owned\007github:c/d\n");
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch --list '%s/targets' --print-targets", dir), 0);
	assert_null(strchr(out, '\033'));
	assert_null(strchr(out, '\007'));
	assert_contains(out, "github:a/b\n");
	assert_contains(out, "\\e]0;owned");
	free(out);
	free(err);
	ff_stop(&ff);
	fx_rmdir(dir);
}

/*
 * Which arguments are organisations: a first part with a dot or a port is
 * a host (GitHub Enterprise Server, a self-managed GitLab or Forgejo), and
 * a host without --api-url is asked at its API path over https.
 */
static void test_batch_org_shorthands_and_their_api(void **state)
{
	static const struct {
		const char *spec;
		bool org;
	} specs[] = {
		{ "github:etalab", true },
		{ "github:etalab/demo", false },
		{ "github:ghe.example.gouv.fr/etalab", true },
		{ "github:ghe.example.gouv.fr/etalab/demo", false },
		{ "github:localhost:8443/etalab", true },
		{ "github:localhost/etalab", false },
		{ "github:tok3n@etalab", false },
		{ "github:", false },
		{ "gitlab:dinum", true },
		{ "gitlab:dinum/outil", false },
		{ "gitlab:gitlab.example.gouv.fr/dinum", true },
		{ "gitlab:gitlab.example.gouv.fr:8443/dinum", true },
		{ "gitlab:gitlab.example.gouv.fr/dinum/outil", false },
		{ "gitea:git.example.org/collectif", true },
		{ "gitea:collectif", false },
		{ "gitea:git.example.org/collectif/outil", false },
		{ "forgejo:forgejo.example.org/collectif", true },
		{ "forgejo:collectif", false },
		{ "codeberg:collectif", true },
		{ "codeberg:collectif/outil", false },
		{ "https://github.com/etalab", false },
	};
	static const struct {
		const char *spec, *url;
	} apis[] = {
		{ "github:127.0.0.1:1/etalab",
		  "https://127.0.0.1:1/api/v3/orgs/etalab/repos" },
		{ "gitlab:127.0.0.1:1/dinum",
		  "https://127.0.0.1:1/api/v4/groups/dinum/projects" },
		{ "gitea:127.0.0.1:1/collectif",
		  "https://127.0.0.1:1/api/v1/orgs/collectif/repos" },
		{ "forgejo:127.0.0.1:1/collectif",
		  "https://127.0.0.1:1/api/v1/orgs/collectif/repos" },
	};
	struct world *w = *state;
	char *out = NULL, *err = NULL;
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(specs); i++)
		if (vigie_batch_is_org(specs[i].spec) != specs[i].org)
			fail_msg("'%s' %s an organisation", specs[i].spec,
				 specs[i].org ? "should be" : "is not");
	/* Nothing listens on port 1: the error names the URL asked. */
	for (i = 0; i < VIGIE_ARRAY_SIZE(apis); i++) {
		assert_int_equal(fx_vigie(&out, &err, w->base,
					  "batch '%s' --print-targets", apis[i].spec),
				 5);
		assert_contains(err, apis[i].url);
		assert_contains(err, "cannot list");
		free(out);
		free(err);
	}
}

/* What a listing may give as a clone URL, and why the others are refused. */
static void test_batch_clone_urls_from_a_listing(void **state)
{
	static const struct {
		const char *url, *api, *why; /* why: NULL when accepted */
	} cases[] = {
		{ "https://github.com/etalab/demo.git", "https://api.github.com", NULL },
		/* another host than the API's: what the forge says */
		{ "https://git.example.org/g/n.git", "https://forge.example.org/api/v4", NULL },
		{ "ssh://git@git.example.org/g/n.git", "https://forge.example.org/api/v4", NULL },
		{ "http://127.0.0.1:8080/g/n.git", "https://forge.example.org/api/v4", NULL },
		{ "git://localhost:9418/g/n.git", "https://forge.example.org/api/v4", NULL },
		{ "http://git.example.org/g/n.git", "http://git.example.org/api/v1", NULL },
		{ "http://git.example.org/g/n.git", "https://git.example.org/api/v1",
		  "plain http or git" },
		{ "git://git.example.org/g/n.git", "https://git.example.org/api/v1",
		  "plain http or git" },
		{ "https://user:pw@git.example.org/g/n.git", NULL, "credentials" },
		{ "https://tok@git.example.org/g/n.git", NULL, "credentials" },
		{ "ssh://git:pw@git.example.org/g/n.git", NULL, "credentials" },
		{ "file:///etc/passwd", NULL, "not an http(s), git or ssh URL" },
		{ "ext::sh -c id", NULL, "a blank or a control character" },
		{ "git@github.com:etalab/demo.git", NULL, "not an http(s), git or ssh URL" },
		{ "https://git.example.org/g/n.git?private_token=x", NULL,
		  "a query or a fragment" },
		{ "https://git.example.org/g/n\n.git", NULL, "a blank or a control character" },
		{ "https://git.example.org/g/\033[31mn.git", NULL,
		  "a blank or a control character" },
		{ "https://git.example.org", NULL, "not a repository URL" },
		{ "", NULL, "none given" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < VIGIE_ARRAY_SIZE(cases); i++) {
		const char *why = vigie_batch_clone_url_refused(cases[i].url,
								cases[i].api);
		if (!cases[i].why && why)
			fail_msg("'%s' refused: %s", cases[i].url, why);
		if (cases[i].why && (!why || !strstr(why, cases[i].why)))
			fail_msg("'%s': expected '%s', got '%s'", cases[i].url,
				 cases[i].why, why ? why : "accepted");
	}
	assert_non_null(vigie_batch_clone_url_refused(NULL, NULL));
}

/* The check id of rec ends with status. */
static void assert_check(json_t *rec, const char *id, const char *status)
{
	json_t *c = check_of(rec, id);

	if (strcmp(json_string_value(json_object_get(c, "status")), status))
		fail_msg("%s of %s: %s, not %s", id,
			 json_string_value(json_object_get(json_object_get(rec, "batch"),
							   "target")),
			 json_string_value(json_object_get(c, "status")), status);
}

/* A string fact of the forge branch of rec; fails the test when absent. */
static const char *forge_fact(json_t *rec, const char *name)
{
	const char *v = json_string_value(json_object_get(
		json_object_get(json_object_get(rec, "facts"), "forge"), name));

	if (!v)
		fail_msg("no forge.%s in the record of %s", name,
			 json_string_value(json_object_get(json_object_get(rec, "batch"),
							   "target")));
	return v;
}

/* Did the fake forge receive a request for path (from its log)? */
static void assert_asked(const struct fakeforge *ff, const char *forge,
			 const char *path)
{
	json_t *reqs = ff_requests(ff), *r;
	size_t i;
	bool seen = false;

	json_array_foreach(reqs, i, r)
		if (!strcmp(json_string_value(json_object_get(r, "forge")), forge) &&
		    !strcmp(json_string_value(json_object_get(r, "path")), path))
			seen = true;
	json_decref(reqs);
	if (!seen)
		fail_msg("the fake forge was not asked for %s %s", forge, path);
}

/*
 * A GitHub Enterprise Server, a self-managed GitLab and a Forgejo, each
 * listing its repositories over two pages with clone URLs on another
 * server (smart HTTP on 127.0.0.1): every repository is cloned from there,
 * audited with the facts its own API gives, and known by its forge
 * shorthand on that host; what the listing gave wrong is left out.
 */
static void test_batch_self_hosted_forges_end_to_end(void **state)
{
	static const struct {
		const char *spec, *api, *forge;
		const char *keys[2], *clones[2], *paths[2], *descriptions[2];
		const char *described[2];
	} forges[] = {
		{ "github:ghe.parc.example/fleet", "github", "github",
		  { "github:ghe.parc.example/fleet/alpha",
		    "github:ghe.parc.example/fleet/beta" },
		  { "fleet/alpha", "fleet/beta" },
		  { "/repos/fleet/alpha", "/repos/fleet/beta" },
		  { "Alpha, un commun du parc", "Bêta, sans sujets" },
		  { "pass", "fail" } },
		{ "gitlab:gitlab.parc.example/parc", "gitlab/api/v4", "gitlab",
		  { "gitlab:gitlab.parc.example/parc/un",
		    "gitlab:gitlab.parc.example/parc/sub/deux" },
		  { "parc/un", "parc/sub/deux" },
		  { "/api/v4/projects/parc%2Fun", "/api/v4/projects/parc%2Fsub%2Fdeux" },
		  { "Un, outil du parc", "Deux, dans un sous-groupe" },
		  { "pass", "pass" } },
		{ "forgejo:forgejo.parc.example/parc", "gitea/api/v1", "gitea",
		  { "forgejo:forgejo.parc.example/parc/trois",
		    "forgejo:forgejo.parc.example/parc/quatre" },
		  { "parc/trois", "parc/quatre" },
		  { "/api/v1/repos/parc/trois", "/api/v1/repos/parc/quatre" },
		  { "Trois, sur Forgejo", "Quatre, sur Forgejo" },
		  { "pass", "pass" } },
	};
	struct world *w = *state;
	struct fakeforge ff;
	char *served = fx_tmpdir("served"), *dir = fx_tmpdir("out");
	char *cache = fx_tmpdir("fcache"), *out = NULL, *err = NULL;
	char git[64], clone[256], o[4200], *text = NULL;
	json_t *recs, *rec, *sum;
	size_t i, k, lines;
	int port, pid;

	fx_sh(served,
	      "for r in fleet/alpha fleet/beta parc/un parc/sub/deux parc/trois "
	      "parc/quatre; do mkdir -p w/$r && (cd w/$r && git init -q -b main && "
	      "printf '# %%s\\n\\nA shared tool.\\n' $r > README.md && "
	      "echo EUPL-1.2 > LICENSE && git add -A && git commit -q -m first) && "
	      "mkdir -p $(dirname $r) && git clone -q --bare w/$r $r.git; done && "
	      "rm -rf w");
	pid = fx_http_git(served, &port);
	snprintf(git, sizeof(git), "http://127.0.0.1:%d", port);
	setenv("FAKEFORGE_GIT", git, 1);
	ff_start(&ff);
	unsetenv("FAKEFORGE_GIT");

	for (i = 0; i < VIGIE_ARRAY_SIZE(forges); i++) {
		snprintf(o, sizeof(o), "%s/o%zu", dir, i);
		assert_int_equal(fx_vigie(&out, &err, w->base,
					  "batch '%s' --api-url '%s' --out '%s' "
					  "--cache-dir '%s' -j 2",
					  forges[i].spec,
					  ff_url(&ff, forges[i].api, ""), o, cache),
				 0);
		recs = records(o, &lines);
		/* Both pages, nothing else: no github.com anywhere. */
		assert_int_equal(lines, 2);
		for (k = 0; k < 2; k++) {
			rec = json_object_get(recs, forges[i].keys[k]);
			if (!rec)
				fail_msg("no record for %s in %s", forges[i].keys[k], o);
			assert_string_equal(status_of(recs, forges[i].keys[k]),
					    "audited");
			/* Cloned from the URL the listing gave. */
			snprintf(clone, sizeof(clone), "%s/%s.git", git,
				 forges[i].clones[k]);
			assert_string_equal(json_string_value(json_object_get(
						    json_object_get(rec, "repository"),
						    "target")),
					    clone);
			/* Described by the API that listed it. */
			assert_string_equal(forge_fact(rec, "kind"), forges[i].forge);
			assert_string_equal(forge_fact(rec, "description"),
					    forges[i].descriptions[k]);
			assert_check(rec, "forge.description_topics",
				     forges[i].described[k]);
			assert_asked(&ff, forges[i].forge, forges[i].paths[k]);
		}
		assert_not_contains(err, "github.com");
		/* The clone URLs not to follow: each left out, said once. */
		if (i == 0) {
			assert_contains(err, "no usable clone URL for fleet/local "
					     "('file:///etc/fleet/local.git': not an "
					     "http(s), git or ssh URL): left out");
			assert_contains(err, "fleet/secret ('http://127.0.0.1:1/"
					     "fleet/secret.git': credentials)");
			assert_contains(err, "fleet/nourl ('': none given)");
			assert_check(json_object_get(recs, forges[i].keys[1]),
				     "forge.tracker_enabled", "fail");
		} else if (i == 1) {
			assert_contains(err, "parc/ftp ('ftp://127.0.0.1/parc/ftp.git'");
		}
		assert_not_contains(err, "S3cr3t");
		assert_int_equal(fx_sh_out(&text, o, "cat * | grep -c S3cr3t || true"), 0);
		assert_string_equal(text, "0\n");
		free(text);
		sum = load_json(o, "summary.json");
		assert_int_equal(json_integer_value(json_object_get(
					 json_object_get(sum, "counts"), "audited")), 2);
		json_decref(sum);
		assert_int_equal(fx_sh_out(&text, o, "cat summary.txt results.jsonl"), 0);
		assert_not_contains(text, "github.com");
		assert_contains(text, forges[i].keys[0]);
		free(text);
		json_decref(recs);
		free(out);
		free(err);
	}
	fx_stop(pid);
	ff_stop(&ff);
	fx_rmdir(served);
	fx_rmdir(dir);
	fx_rmdir(cache);
}

/* Take DIR/.lock as a batch does (flock, exclusive); -1 when held. */
static int hold_lock(const char *dir)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/.lock", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	if (flock(fd, LOCK_EX | LOCK_NB) < 0)
		fail_msg("cannot lock %s", path);
	return fd;
}

/*
 * A merge takes the lock a batch takes: into a directory a batch is
 * writing, or from a shard output still being written, it refuses (exit 3,
 * one line naming the directory) and the records there are left alone.
 */
static void test_batch_merge_refuses_a_locked_directory(void **state)
{
	struct world *w = *state;
	char *dest = fx_tmpdir("dest"), *shard = fx_tmpdir("shard");
	char *out = NULL, *err = NULL, *other = NULL;
	size_t before;
	char path[4096];
	int fd;

	assert_int_equal(batch(&out, &err, w, dest, "-j2 --shard 1/3"), 0);
	free(out);
	free(err);
	assert_int_equal(batch(&out, &err, w, shard, "-j2 --shard 2/3"), 0);
	free(out);
	free(err);
	snprintf(path, sizeof(path), "%s/results.jsonl", dest);
	before = count_lines(path);
	assert_true(before > 0);
	fx_sh(dest, "cp results.jsonl kept.jsonl");

	/* A batch is writing the destination. */
	fd = hold_lock(dest);
	assert_int_equal(fx_vigie(&out, &err, w->base, "merge --out '%s' '%s'",
				  dest, shard),
			 3);
	assert_contains(err, dest);
	assert_contains(err, "another batch is writing to this directory");
	assert_true(strchr(err, '\n') == err + strlen(err) - 1);
	assert_string_equal(out, "");
	free(out);
	free(err);
	fx_sh(dest, "cmp results.jsonl kept.jsonl");
	assert_int_equal(count_lines(path), before);
	close(fd);

	/* A batch is still writing a shard output. */
	fd = hold_lock(shard);
	assert_int_equal(fx_sh_out(&other, w->base, "mktemp -d"), 0);
	other[strcspn(other, "\n")] = '\0';
	assert_int_equal(fx_vigie(&out, &err, w->base, "merge --out '%s' '%s'",
				  other, shard),
			 3);
	assert_contains(err, shard);
	assert_contains(err, "another batch is writing to this directory");
	free(out);
	free(err);
	close(fd);

	/* Unlocked, the same merge joins both, into the destination too. */
	assert_int_equal(fx_vigie(&out, &err, w->base, "merge --out '%s' '%s' '%s'",
				  dest, dest, shard),
			 0);
	assert_true(count_lines(path) > before);
	free(out);
	free(err);
	fx_rmdir(other);
	fx_rmdir(dest);
	fx_rmdir(shard);
}

/*
 * A shard output with lines that are not records (garbage in the middle, a
 * torn last line) or whose run did not complete: the merge joins what
 * there is, says what it dropped, and exits 1 unless --allow-partial.
 */
static void test_batch_merge_of_partial_shards(void **state)
{
	struct world *w = *state;
	char *shard = fx_tmpdir("shard"), *dest = fx_tmpdir("dest");
	char *out = NULL, *err = NULL;
	char path[4096];
	size_t whole;
	json_t *recs;

	assert_int_equal(batch(&out, &err, w, shard, "-j2 --shard 3/3"), 0);
	free(out);
	free(err);
	snprintf(path, sizeof(path), "%s/results.jsonl", shard);
	whole = count_lines(path);
	assert_true(whole > 2);
	fx_sh(shard, "sed -i '2i this is not a record' results.jsonl && "
		     "printf '{\"batch\":{\"target\":\"torn' >> results.jsonl");

	assert_int_equal(fx_vigie(&out, &err, w->base, "merge --out '%s' '%s'",
				  dest, shard),
			 1);
	assert_contains(err, "lines dropped, not whole records: 2");
	assert_contains(err, shard);
	assert_contains(err, "--allow-partial");
	/* The whole records were joined all the same. */
	recs = records(dest, NULL);
	assert_int_equal(json_object_size(recs), whole);
	json_decref(recs);
	free(out);
	free(err);

	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "merge --allow-partial --out '%s' '%s'", dest, shard),
			 0);
	assert_contains(err, "lines dropped, not whole records: 2");
	assert_not_contains(err, "--allow-partial");
	free(out);
	free(err);

	/* An interrupted run: whole lines, but not every repository. */
	fx_sh(shard, "head -n 1 results.jsonl > r && mv r results.jsonl && "
		     ": > .running");
	assert_int_equal(fx_vigie(&out, &err, w->base, "merge --out '%s' '%s'",
				  dest, shard),
			 1);
	assert_contains(err, "its run did not complete");
	assert_not_contains(err, "lines dropped");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "merge --allow-partial --out '%s' '%s'", dest, shard),
			 0);
	recs = records(dest, NULL);
	assert_int_equal(json_object_size(recs), 1);
	json_decref(recs);
	free(out);
	free(err);
	fx_rmdir(shard);
	fx_rmdir(dest);
}

static void test_batch_usage_errors(void **state)
{
	struct world *w = *state;
	char *out = NULL, *err = NULL;

	assert_int_equal(fx_vigie(&out, &err, w->base, "batch --list '%s'", w->list), 2);
	assert_contains(err, "--out DIR is required");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch --list '%s' --out o --shard 4/3", w->list), 2);
	assert_contains(err, "K/N");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch --list '%s/nope' --out o", w->base), 2);
	assert_contains(err, "cannot read target list");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch github:someorg --out o --offline"), 2);
	assert_contains(err, "cannot list 'github:someorg' offline");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, w->base, "merge --out o"), 2);
	free(out);
	free(err);
	/* An unknown language: the one line and the exit code of audit. */
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch --list '%s' --out o --lang de", w->list), 2);
	assert_string_equal(err, "vigie: unknown language 'de' (en, fr)\n");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, w->base, "merge --lang de --out o o"), 2);
	assert_string_equal(err, "vigie: unknown language 'de' (en, fr)\n");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, w->base, "audit --lang de"), 2);
	assert_string_equal(err, "vigie: unknown language 'de' (en, fr)\n");
	free(out);
	free(err);
	/* --lang fr speaks French on the command line too. */
	assert_int_equal(fx_vigie(&out, &err, w->base, "batch --lang fr --list '%s'", w->list), 2);
	assert_string_equal(err, "vigie: --out DOSSIER est obligatoire "
				 "(voir « vigie batch --help »)\n");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, w->base, "merge --lang fr --help"), 0);
	assert_contains(out, "--lang LANGUE    les résumés : en ou fr");
	free(out);
	free(err);
	/* A line longer than a target can be is refused, with its number. */
	fx_sh(w->base, "{ echo ok; head -c 5000 /dev/zero | tr '\\0' a; echo; } > long.txt");
	assert_int_equal(fx_vigie(&out, &err, w->base,
				  "batch --list long.txt --out o"), 2);
	assert_contains(err, "line 2 longer than");
	free(out);
	free(err);
}

static void test_batch_progress_line_on_request(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("out"), *out = NULL, *err = NULL, total[32];

	assert_int_equal(batch(&out, &err, w, dir, "-j2 --progress always"), 0);
	snprintf(total, sizeof(total), "%zu/%zu done", w->total, w->total);
	assert_contains(err, total);
	snprintf(total, sizeof(total), "\r\033[K0/%zu done, 0 failed, ", w->total);
	assert_contains(err, total);
	assert_contains(err, "5 failed");
	assert_contains(err, "ETA");
	assert_contains(out, "vigie batch: ");
	assert_not_contains(out, "ETA");
	fx_rmdir(dir);
	free(out);
	free(err);

	/* In French, as the summary: 0 and 1 in the singular. */
	dir = fx_tmpdir("out");
	assert_int_equal(batch(&out, &err, w, dir, "-j2 --progress always --lang fr"), 0);
	snprintf(total, sizeof(total), "%zu/%zu traités, ", w->total, w->total);
	assert_contains(err, total);
	snprintf(total, sizeof(total), "\r\033[K0/%zu traité, 0 en erreur, ", w->total);
	assert_contains(err, total);
	assert_contains(err, "5 en erreur, ");
	assert_contains(err, ", reste ");
	assert_not_contains(err, "done");
	assert_not_contains(err, "ETA");
	assert_contains(out, "vigie batch : ");
	fx_rmdir(dir);
	free(out);
	free(err);
}

/*
 * A nightly job alerts on the exit status: 1 when every repository failed,
 * or more than --max-errors did; the records and summaries are written
 * all the same.  Merged shards date the run from the earliest start to the
 * latest end.
 */
static void test_batch_max_errors_and_run_dates(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("out"), *out = NULL, *err = NULL, *list;
	json_t *summary, *run;
	char started[32];

	list = fx_tmpdir("lists");
	fx_sh(list, "printf '%%s\\n%%s\\n' '%s' '%s' > broken && "
		    "printf '%%s\\n%%s\\n%%s\\n' '%s' '%s' '%s' > mixed",
	      w->keys[GOOD], w->keys[GOOD + 1], w->keys[0], w->keys[1],
	      w->keys[GOOD]);
	assert_int_equal(fx_vigie(&out, &err, list, "batch --list broken --out '%s/a' "
				  "--offline", list), 1);
	assert_contains(err, "vigie: every repository failed (2 of 2)\n");
	assert_contains(out, "vigie batch: 2 repositories: 0 audited, 0 unchanged, "
			     "2 errors\n");
	free(out);
	free(err);
	summary = load_json(list, "a/summary.json");
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(summary, "counts"), "errors")), 2);
	json_decref(summary);

	/* One error in three: over 0 and 30%, not over 1 or 50%. */
	assert_int_equal(fx_vigie(&out, &err, list, "batch --list mixed --out '%s/b' "
				  "--offline --max-errors 0", list), 1);
	assert_contains(err, "vigie: 1 of 3 repositories failed, more than "
			     "--max-errors 0\n");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, list, "batch --list mixed --out '%s/b' "
				  "--offline --max-errors 30%%", list), 1);
	assert_contains(err, "more than --max-errors 30%\n");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, list, "batch --list mixed --out '%s/c' "
				  "--offline --max-errors 50%%", list), 0);
	assert_string_equal(err, "");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, list, "batch --list mixed --out '%s/d' "
				  "--offline --max-errors 1 --lang fr", list), 0);
	assert_contains(out, "\nexécution : de ");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, list, "batch --list mixed --out x "
				  "--max-errors many"), 2);
	assert_contains(err, "--max-errors takes a number of repositories or a "
			     "percentage (N or P%)");
	free(out);
	free(err);

	/* Merged: from the earliest start to the latest end. */
	summary = load_json(list, "a/summary.json");
	run = json_object_get(summary, "run");
	snprintf(started, sizeof(started), "%s",
		 json_string_value(json_object_get(run, "started")));
	json_decref(summary);
	fx_sh(list, "printf '%%s\n' '%s' > good", w->keys[2]);
	assert_int_equal(fx_vigie(&out, &err, list, "batch --list good --out '%s/e' "
				  "--offline", list), 0);
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, list, "merge --out '%s/m' '%s/e' '%s/a'",
				  list, list, list), 0);
	free(out);
	free(err);
	summary = load_json(list, "m/summary.json");
	run = json_object_get(summary, "run");
	assert_string_equal(json_string_value(json_object_get(run, "started")), started);
	assert_true(strcmp(json_string_value(json_object_get(run, "ended")), started) >= 0);
	assert_string_equal(json_string_value(json_object_get(run, "version")),
			    vigie_version());
	json_decref(summary);
	fx_rmdir(list);
	fx_rmdir(dir);
}

/* One number a query of DIR/vigie.sqlite gives. */
static long long db_number(const char *dir, const char *sql)
{
	char path[4096];
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -1;

	snprintf(path, sizeof(path), "%s/vigie.sqlite", dir);
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", path, sqlite3_errmsg(h));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static void db_exec(const char *dir, const char *sql)
{
	char path[8192];
	sqlite3 *h = NULL;

	snprintf(path, sizeof(path), "%s/vigie.sqlite", dir);
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", path, sqlite3_errmsg(h));
	sqlite3_close(h);
}

/*
 * Back to the checks table of schema 2 (as the vigie before spans wrote
 * it), its rows those the view gave.
 */
#define SCHEMA_2_CHECKS                                                        \
	"CREATE TABLE old AS SELECT * FROM checks; DROP VIEW checks;"          \
	" DROP TABLE check_spans; CREATE TABLE checks ("                      \
	" run_id INTEGER NOT NULL REFERENCES runs(id),"                       \
	" repository_id INTEGER NOT NULL REFERENCES repositories(id),"        \
	" rule TEXT NOT NULL, status TEXT NOT NULL, score REAL, evidence TEXT," \
	" PRIMARY KEY (run_id, repository_id, rule)) WITHOUT ROWID;"          \
	" INSERT INTO checks SELECT * FROM old; DROP TABLE old;"             \
	" ALTER TABLE runs DROP COLUMN checks_kept;"

/*
 * vigie.sqlite: its schema version, WAL mode, the rule results of old runs
 * pruned by --keep-runs while runs and results stay; vigie export as CSV
 * quotes what it must and never lets a cell start a formula.
 */
static void test_batch_database_retention_and_export(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("db"), *out = NULL, *err = NULL, o[4096];

	snprintf(o, sizeof(o), "%s/o", dir);
	fx_sh(dir, "printf '%%s\\n%%s\\n' '%s' '%s' > list", w->keys[0], w->keys[1]);
	assert_int_equal(fx_vigie(&out, &err, dir, "batch --list list --out o --offline "
				  "--keep-runs 1"), 0);
	free(out);
	free(err);
	assert_int_equal(db_number(o, "PRAGMA user_version"), 3);
	assert_int_equal(fx_vigie(&out, &err, dir, "batch --list list --out o --offline "
				  "--keep-runs 1 --full"), 0);
	free(out);
	free(err);
	assert_int_equal(db_number(o, "SELECT count(*) FROM runs"), 2);
	assert_int_equal(db_number(o, "SELECT count(*) FROM results"), 4);
	assert_int_equal(db_number(o, "SELECT count(DISTINCT run_id) FROM checks"), 1);
	assert_int_equal(db_number(o, "SELECT max(run_id) FROM checks"), 2);
	assert_true(db_number(o, "SELECT count(*) FROM rules") > 20);
	/* What the dashboard reads outlives the pruned checks. */
	assert_int_equal(db_number(o, "SELECT count(DISTINCT run_id) FROM practices"), 2);
	assert_true(db_number(o, "SELECT count(*) FROM changes WHERE run_id = 1") > 20);
	/* Nothing changed between the two runs: no change recorded. */
	assert_int_equal(db_number(o, "SELECT count(*) FROM changes WHERE run_id = 2"), 0);
	/*
	 * A database of schema 1 is brought to 3 by the next run, its
	 * practices and changes filled from the checks it kept.
	 */
	db_exec(o, SCHEMA_2_CHECKS "DROP TABLE practices; DROP TABLE changes;"
		   " CREATE INDEX checks_by_rule ON checks(rule, run_id);"
		   " PRAGMA user_version = 1;");
	assert_int_equal(fx_vigie(&out, &err, dir, "batch --list list --out o --offline "
				  "--keep-runs 0"), 0);
	free(out);
	free(err);
	assert_int_equal(db_number(o, "PRAGMA user_version"), 3);
	assert_int_equal(db_number(o, "SELECT count(DISTINCT run_id) FROM practices"), 2);
	assert_int_equal(db_number(o, "SELECT min(run_id) FROM practices"), 2);
	assert_int_equal(db_number(o, "SELECT count(*) FROM changes WHERE run_id = 2"),
			 db_number(o, "SELECT count(*) FROM checks WHERE run_id = 2"));
	assert_int_equal(db_number(o, "SELECT count(*) FROM changes WHERE run_id = 3"), 0);
	assert_int_equal(db_number(o, "SELECT count(*) FROM sqlite_schema"
				      " WHERE name = 'checks_by_rule'"), 0);
	/*
	 * By default the rule results of 400 runs stay, more than a week:
	 * six more runs like the third (4 to 9), then a run without
	 * --keep-runs keeps all nine since --keep-runs 1 (2 to 10).
	 */
	db_exec(o, "WITH RECURSIVE n(i) AS (SELECT 4 UNION ALL SELECT i + 1 FROM n"
		   " WHERE i < 9) INSERT INTO runs(id, key, started)"
		   " SELECT i, 'old-' || i, '2000-01-0' || i FROM n;"
		   " WITH RECURSIVE n(i) AS (SELECT 4 UNION ALL SELECT i + 1 FROM n"
		   " WHERE i < 9) INSERT INTO results (run_id, repository_id, status)"
		   " SELECT i, repository_id, status FROM results, n WHERE run_id = 3;"
		   " UPDATE check_spans SET last_run = 9 WHERE last_run = 3;"
		   " UPDATE runs SET started = '1999-12-31' WHERE id <= 3;");
	assert_int_equal(fx_vigie(&out, &err, dir, "batch --list list --out o --offline "
				  "--full"), 0);
	free(out);
	free(err);
	assert_int_equal(db_number(o, "SELECT count(DISTINCT run_id) FROM checks"), 9);
	assert_int_equal(db_number(o, "SELECT min(run_id) FROM checks"), 2);
	assert_int_equal(db_number(o, "SELECT max(run_id) FROM checks"), 10);
	assert_int_equal(db_number(o, "SELECT count(*) FROM runs"), 10);
	/* A database this vigie cannot read costs the page its history only. */
	db_exec(o, "PRAGMA user_version = 99;");
	assert_int_equal(fx_vigie(&out, &err, dir, "batch --list list --out o --offline "
				  "--full"), 3);
	assert_contains(err, "the database has schema version 99; this vigie knows up to 3");
	free(out);
	free(err);
	assert_int_equal(fx_sh_out(&out, dir, "cat o/index.html"), 0);
	assert_contains(out, "<p id=\"nohistory\">");
	free(out);

	/* A shard whose names would be formulas or break a CSV line. */
	fx_sh(dir, "mkdir s && printf '%%s\\n' '{\"started\": \"2026-01-01T00:00:00Z\", "
		   "\"ended\": \"2026-01-01T00:01:00Z\", \"shards\": [\"1/1\"]}' > s/run.json && "
		   "printf '%%s\\n%%s\\n' "
		   "'{\"batch\":{\"target\":\"=HYPERLINK(1)\",\"status\":\"error\"},"
		   "\"schema\":\"vigie.batch-error/1\",\"error\":{\"stage\":\"source\","
		   "\"message\":\"said \\\"no\\\", twice\"}}' "
		   "'{\"batch\":{\"target\":\"a,b\",\"status\":\"error\"},"
		   "\"schema\":\"vigie.batch-error/1\",\"error\":{\"stage\":\"source\","
		   "\"message\":\"-1\"}}' > s/results.jsonl");
	assert_int_equal(fx_vigie(&out, &err, dir, "merge --out m s"), 0);
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, dir, "export --db m/vigie.sqlite"), 0);
	assert_true(!strncmp(out, "run,run_started,target,status,", 30));
	assert_contains(out, "\r\n1,2026-01-01T00:00:00Z,\"'=HYPERLINK(1)\",error,0,");
	assert_contains(out, ",source,\"said \"\"no\"\", twice\"\r\n");
	assert_contains(out, "\r\n1,2026-01-01T00:00:00Z,\"a,b\",error,0,");
	assert_contains(out, ",source,\"'-1\"\r\n");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, dir, "export --db m/vigie.sqlite "
				  "--since 2026-02-01 --format jsonl"), 0);
	assert_string_equal(out, "");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, dir, "export --db m/vigie.sqlite --run 1 "
				  "--format jsonl -o x.jsonl"), 0);
	free(out);
	assert_int_equal(fx_sh_out(&out, dir, "wc -l < x.jsonl | tr -d ' \\n'"), 0);
	assert_string_equal(out, "2");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, dir, "export --db missing.sqlite"), 3);
	assert_contains(err, "vigie: cannot read 'missing.sqlite': ");
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, dir, "export --db m/vigie.sqlite "
				  "--format xml"), 2);
	free(out);
	free(err);
	fx_rmdir(dir);
}

/* A row of checks as one line: "RUN|TARGET|RULE|STATUS|SCORE|EVIDENCE". */
static void check_line(struct vigie_buf *b, long long run, const char *target,
		       const char *rule, const char *status, const double *score,
		       const char *evidence)
{
	vigie_buf_clear(b);
	vigie_buf_printf(b, "%lld|%s|%s|%s|", run, target, rule ? rule : "-",
			 status ? status : "-");
	if (score)
		vigie_buf_printf(b, "%.6g", *score);
	vigie_buf_printf(b, "|%s", evidence ? evidence : "-");
}

static void count_line(json_t *lines, const char *line)
{
	json_t *n = json_object_get(lines, line);

	json_object_set_new(lines, line,
			    json_integer(json_integer_value(n) + 1));
}

/*
 * The rows checks had as one row per rule per repository per run, for runs
 * FROM to TO imported from DIR/rRUN/results.jsonl (run RUN in the database):
 * each rule of each record, its first piece of evidence its path or its
 * JSON, as vigie-db(5) says.  Lines with their counts.
 */
static json_t *want_checks(const char *dir, long long from, long long to)
{
	json_t *lines = json_object(), *recs, *rec, *c;
	struct vigie_buf b = VIGIE_BUF_INIT, d = VIGIE_BUF_INIT;
	const char *key;
	long long run;
	size_t i;

	for (run = from; run <= to; run++) {
		vigie_buf_clear(&d);
		vigie_buf_printf(&d, "%s/r%lld", dir, run);
		recs = records(d.ptr, NULL);
		json_object_foreach(recs, key, rec)
			json_array_foreach(json_object_get(rec, "checks"), i, c) {
				json_t *e = json_array_get(json_object_get(c, "evidence"), 0);
				json_t *path = json_object_get(e, "path");
				json_t *score = json_object_get(c, "score");
				double v = json_number_value(score);
				char *ev = e && !json_is_string(path)
						   ? json_dumps(e, JSON_COMPACT)
						   : NULL;
				if (ev && strlen(ev) > 500)
					ev[500] = '\0';
				check_line(&b, run, key,
					   json_string_value(json_object_get(c, "id")),
					   json_string_value(json_object_get(c, "status")),
					   json_is_number(score) ? &v : NULL,
					   ev ? ev : json_string_value(path));
				count_line(lines, b.ptr);
				free(ev);
			}
		json_decref(recs);
	}
	vigie_buf_release(&b);
	vigie_buf_release(&d);
	return lines;
}

/* The rows of DIR/vigie.sqlite's checks, as want_checks gives them. */
static json_t *db_checks(const char *dir)
{
	char path[4096];
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	struct vigie_buf b = VIGIE_BUF_INIT;
	json_t *lines = json_object();

	snprintf(path, sizeof(path), "%s/vigie.sqlite", dir);
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, "SELECT run_id, target, rule, status, score,"
				  " evidence FROM checks JOIN repositories"
				  " ON repositories.id = checks.repository_id",
			       -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", path, sqlite3_errmsg(h));
	while (sqlite3_step(st) == SQLITE_ROW) {
		double v = sqlite3_column_double(st, 4);
		check_line(&b, sqlite3_column_int64(st, 0),
			   (const char *)sqlite3_column_text(st, 1),
			   (const char *)sqlite3_column_text(st, 2),
			   (const char *)sqlite3_column_text(st, 3),
			   sqlite3_column_type(st, 4) == SQLITE_NULL ? NULL : &v,
			   (const char *)sqlite3_column_text(st, 5));
		count_line(lines, b.ptr);
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	vigie_buf_release(&b);
	return lines;
}

/* DIR/vigie.sqlite's checks are exactly the rows of runs FROM to TO. */
static void assert_checks(const char *dir, const char *snaps, long long from,
			  long long to)
{
	json_t *want = want_checks(snaps, from, to), *got = db_checks(dir), *n;
	const char *line;

	assert_true(json_object_size(want) > 0);
	json_object_foreach(want, line, n)
		if (!json_equal(n, json_object_get(got, line)))
			fail_msg("%s: %lld row(s) of %s, not %lld", dir,
				 (long long)json_integer_value(json_object_get(got, line)),
				 line, (long long)json_integer_value(n));
	json_object_foreach(got, line, n)
		if (!json_object_get(want, line))
			fail_msg("%s: a row of checks too many: %s", dir, line);
	json_decref(want);
	json_decref(got);
}

/* vigie's batch into DIR/o, its run then copied to DIR/rRUN. */
static void spans_run(const char *dir, long long run, const char *args)
{
	char *out = NULL, *err = NULL;

	if (fx_vigie(&out, &err, dir, "batch --out o --offline --as-of commit %s",
		     args) != 0)
		fail_msg("vigie batch %s: %s", args, err);
	free(out);
	free(err);
	fx_sh(dir, "rm -rf r%lld && mkdir r%lld && cp o/run.json o/results.jsonl r%lld/",
	      run, run, run);
}

/*
 * Every run's rule results kept as spans of runs: the checks view gives
 * the rows one per rule per repository per run would, over unchanged
 * repositories, a changed status, an error, a repository missing from a
 * run, a resumed run imported again and a merge imported twice, out of
 * order; --keep-runs prunes them; a database of schema 2 is migrated
 * without a row lost; vigie export gives the same before and after.
 */
static void test_batch_database_keeps_each_run_as_spans(void **state)
{
	char *dir = fx_tmpdir("spans"), *out = NULL, *err = NULL, *before = NULL;
	char o[4096], m[4096];
	long long rules;

	(void)state;
	snprintf(o, sizeof(o), "%s/o", dir);
	snprintf(m, sizeof(m), "%s/m", dir);
	fx_sh(dir, "for r in a b c; do git init -q -b main $r && cd $r && "
		   "printf '# %%s\\n\\nA shared tool for everyone.\\n\\n## Install\\n\\n"
		   "make\\n' $r > README.md && git add -A && git commit -q -m first && "
		   "cd ..; done && printf '%%s/a\\n%%s/b\\n%%s/c\\n' \"$PWD\" \"$PWD\" "
		   "\"$PWD\" > abc && printf '%%s/a\\n%%s/b\\n' \"$PWD\" \"$PWD\" > ab");
	/* 1, then 2 with nothing changed */
	spans_run(dir, 1, "--list abc");
	assert_checks(o, dir, 1, 1);
	spans_run(dir, 2, "--list abc");
	assert_checks(o, dir, 1, 2);
	rules = db_number(o, "SELECT count(*) FROM checks WHERE run_id = 1") / 3;
	assert_true(rules > 20);
	/* one span per rule per repository for two runs alike */
	assert_int_equal(db_number(o, "SELECT count(*) FROM check_spans"), 3 * rules);
	/* 3: a licensed (statuses change), c missing */
	fx_sh(dir, "cd a && printf 'EUPL-1.2\\n' > LICENSE && git add -A && "
		   "git commit -q -m license");
	spans_run(dir, 3, "--list ab");
	assert_checks(o, dir, 1, 3);
	assert_true(db_number(o, "SELECT count(*) FROM changes WHERE run_id = 3") > 0);
	/* 4: b an error, c back */
	fx_sh(dir, "mv b b.away");
	spans_run(dir, 4, "--list abc");
	assert_checks(o, dir, 1, 4);
	assert_int_equal(db_number(o, "SELECT count(*) FROM checks JOIN repositories"
				      " ON id = repository_id WHERE run_id = 4"
				      " AND target LIKE '%/b'"), 0);
	/* 5: b back */
	fx_sh(dir, "mv b.away b");
	spans_run(dir, 5, "--list abc --full");
	assert_checks(o, dir, 1, 5);
	/* neither c's absence from run 3 nor b's error in 4 cuts a span */
	assert_int_equal(db_number(o, "SELECT count(*) FROM check_spans JOIN"
				      " repositories ON id = repository_id"
				      " WHERE target LIKE '%/c'"), rules);
	assert_int_equal(db_number(o, "SELECT count(*) FROM check_spans JOIN"
				      " repositories ON id = repository_id"
				      " WHERE target LIKE '%/b'"), rules);
	assert_true(db_number(o, "SELECT count(*) FROM check_spans") <
		    db_number(o, "SELECT count(*) FROM checks") / 2);
	/* A run that wrote the database and was killed before it ended is
	 * resumed and written again: its rows replaced, not added. */
	fx_sh(dir, "touch o/.running");
	spans_run(dir, 5, "--list abc --resume");
	assert_int_equal(db_number(o, "SELECT count(*) FROM runs"), 5);
	assert_checks(o, dir, 1, 5);

	/* The same runs merged, then the third merged again, out of order. */
	fx_sh(dir, "for i in 1 2 3 4 5; do '%s' merge --out m r$i > /dev/null "
		   "|| exit 1; done", fx_vigie_bin());
	assert_checks(m, dir, 1, 5);
	assert_int_equal(fx_vigie(&out, &err, dir, "merge --out m r3"), 0);
	free(out);
	free(err);
	assert_int_equal(db_number(m, "SELECT count(*) FROM runs"), 5);
	assert_checks(m, dir, 1, 5);

	/*
	 * A database of schema 2, whose checks table --keep-runs 4 pruned,
	 * is migrated by the next merge; export prints the same.
	 */
	db_exec(m, SCHEMA_2_CHECKS "DELETE FROM checks WHERE run_id = 1;"
		   " PRAGMA user_version = 2;");
	assert_int_equal(db_number(m, "SELECT count(*) FROM checks"),
			 db_number(m, "SELECT count(*) FROM results WHERE run_id > 1"
					    " AND status != 'error'") * rules);
	assert_int_equal(fx_vigie(&before, &err, dir, "export --db m/vigie.sqlite "
				  "--format csv --run 4"), 0);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, dir, "merge --out m r5"), 0);
	free(out);
	free(err);
	assert_int_equal(db_number(m, "PRAGMA user_version"), 3);
	assert_checks(m, dir, 2, 5);
	assert_int_equal(fx_vigie(&out, &err, dir, "export --db m/vigie.sqlite "
				  "--format csv --run 4"), 0);
	assert_string_equal(out, before);
	assert_contains(out, "/b,error,0,");
	free(out);
	free(err);
	free(before);
	assert_int_equal(fx_vigie(&out, &err, dir, "export --db m/vigie.sqlite "
				  "--format jsonl --run 3"), 0);
	/* c was not in run 3: a's and b's rows only */
	assert_true(!strncmp(out, "{\"run\":3,", 9));
	assert_true(strstr(out, "\n{\"run\":3,") && strchr(out, '\n') &&
		    strchr(strchr(out, '\n') + 1, '\n') &&
		    !strchr(strchr(out, '\n') + 1, '\n')[1]);
	assert_null(strstr(out, "/c\""));
	free(out);
	free(err);

	/* --keep-runs 2: the rule results of runs 5 and 6 stay, nothing else. */
	spans_run(dir, 6, "--list abc --keep-runs 2");
	assert_checks(o, dir, 5, 6);
	assert_int_equal(db_number(o, "SELECT count(*) FROM runs WHERE checks_kept"), 2);
	/* the spans of runs 1 to 4 only are gone */
	assert_int_equal(db_number(o, "SELECT count(*) FROM check_spans"
				      " WHERE last_run < 5"), 0);
	assert_true(db_number(o, "SELECT count(*) FROM check_spans"
				 " WHERE first_run < 5") > 0);
	assert_int_equal(db_number(o, "SELECT count(*) FROM results"), 17);
	assert_int_equal(db_number(o, "SELECT count(DISTINCT run_id) FROM practices"), 6);
	fx_rmdir(dir);
}

/*
 * The page's header says when the run went, how long, with which vigie,
 * rules and organisations; repository names sort naturally (r2 before
 * r10).
 */
static void test_batch_page_header_and_natural_sort(void **state)
{
	char *dir = fx_tmpdir("page"), *out = NULL, *err = NULL, *dom;
	json_t *rows, *want;

	(void)state;
	if (fx_sh_out(&out, dir, "command -v chromium") != 0)
		fail_msg("chromium is not installed (apt-get install chromium)");
	free(out);
	fx_sh(dir, "mkdir s && printf '%%s\\n' '{\"id\": \"x\", \"started\": "
		   "\"2026-01-01T00:00:00Z\", \"ended\": \"2026-01-01T00:07:00Z\", "
		   "\"version\": \"9.9\", \"rules_digest\": \"0123456789abcdef\", "
		   "\"organisations\": [\"github:acme\"], \"shards\": []}' > s/run.json && "
		   "for t in r10 r2 r1; do printf '%%s\\n' \"{\\\"batch\\\":{\\\"target\\\":"
		   "\\\"$t\\\",\\\"status\\\":\\\"error\\\"},\\\"schema\\\":"
		   "\\\"vigie.batch-error/1\\\",\\\"error\\\":{\\\"stage\\\":\\\"source\\\","
		   "\\\"message\\\":\\\"x\\\"}}\" >> s/results.jsonl; done");
	assert_int_equal(fx_vigie(&out, &err, dir, "merge --out m s --lang en"), 0);
	free(out);
	free(err);
	{
		char m[4096];
		snprintf(m, sizeof(m), "%s/m", dir);
		rows = page_rows(m, "#sort=target");
		want = json_pack("[s, s, s]", "r1", "r2", "r10");
		assert_true(json_equal(rows, want));
		json_decref(rows);
		json_decref(want);
		char line[256];
		dom = page_dom(m, "");
		/* A merge is run by this vigie. */
		snprintf(line, sizeof(line), "run of 2026-01-01 00:00:00 UTC (7 min), "
			 "vigie %s, rules 0123456789ab: organisations: github:acme",
			 vigie_version());
		assert_contains(dom, line);
		free(dom);
	}
	fx_rmdir(dir);
}

/* A badge's message: "72/100" for the record's score. */
static void assert_badge_says(const char *dir, const char *name, json_t *rec)
{
	char rel[512], msg[32];
	json_t *badge;

	snprintf(rel, sizeof(rel), "badges/%s.json", name);
	badge = load_json(dir, rel);
	snprintf(msg, sizeof(msg), "%.0f/100", json_number_value(json_object_get(
			 json_object_get(rec, "score"), "overall")));
	assert_string_equal(json_string_value(json_object_get(badge, "message")), msg);
	json_decref(badge);
	snprintf(rel, sizeof(rel), "test -s 'badges/%s.svg' && test -s 'repos/%s.html'",
		 name, name);
	fx_sh(dir, "%s", rel);
}

/*
 * Repositories of the same OWNER/NAME on other hosts or forges each get
 * their page and badges: three git daemon URLs ending in acme/tool.git,
 * then the same records known as github:acme/tool (where its badge always
 * was), gitlab:acme/tool and gitlab:HOST/acme/tool.
 */
static void test_batch_same_owner_name_elsewhere_own_pages(void **state)
{
	static const char *const keys[] = {
		"github:acme/tool", "gitlab:acme/tool",
		"gitlab:gitlab.example.org/acme/tool",
	};
	static const char *const names[] = {
		"acme/tool", "gitlab/acme/tool", "gitlab/gitlab.example.org/acme/tool",
	};
	static const char *const served_as[] = {
		"acme/tool.git", "mirror/acme/tool.git", "x/acme/tool.git",
	};
	struct world *w = *state;
	char *served = fx_tmpdir("served"), *dir = fx_tmpdir("same");
	char *cache = fx_tmpdir("scache"), *out = NULL, *err = NULL, *name;
	char url[3][256], msg[3][32], o[4096];
	json_t *recs, *rec;
	size_t i, j, lines;
	int port, pid;

	for (i = 0; i < 3; i++)
		fx_sh(served, "mkdir -p \"$(dirname '%s')\" && git clone -q --bare '%s' '%s'",
		      served_as[i], w->keys[i], served_as[i]);
	pid = fx_git_daemon(served, &port);
	for (i = 0; i < 3; i++) {
		snprintf(url[i], sizeof(url[i]), "git://127.0.0.1:%d/%s", port, served_as[i]);
		fx_sh(dir, "echo '%s' >> list", url[i]);
	}
	assert_int_equal(fx_vigie(&out, &err, dir, "batch --list list --out o "
				  "--cache-dir '%s' --lang en", cache), 0);
	free(out);
	free(err);
	fx_stop(pid);
	snprintf(o, sizeof(o), "%s/o", dir);
	recs = records(o, &lines);
	assert_int_equal(lines, 3);
	/* Three scores that differ, each on its own badge and page. */
	for (i = 0; i < 3; i++) {
		rec = json_object_get(recs, url[i]);
		assert_non_null(rec);
		snprintf(msg[i], sizeof(msg[i]), "%.0f", json_number_value(json_object_get(
				 json_object_get(rec, "score"), "overall")));
		for (j = 0; j < i; j++)
			assert_string_not_equal(msg[i], msg[j]);
		assert_int_equal(fx_sh_out(&name, o,
					   "cd badges && grep -l '\"message\": *\"%s/100\"' "
					   "git/*/tool.git~*.json | sed 's/[.]json$//' | tr -d '\\n'",
					   msg[i]), 0);
		/* git/acme/tool.git~HASH: a URL with a port has a hash */
		assert_int_equal(strlen(name), strlen("git/acme/tool.git~") + 16);
		assert_badge_says(o, name, rec);
		free(name);
	}
	assert_int_equal(fx_sh_out(&name, o, "ls repos/git/acme | wc -l"), 0);
	assert_string_equal(name, "3\n");
	free(name);
	json_decref(recs);

	/* The same records under forge shorthands, merged into a dashboard. */
	fx_sh(dir, "mkdir run && cp o/run.json run/ && python3 -c '"
		   "import json, sys\n"
		   "keys = dict(zip(sys.argv[1:4], sys.argv[4:7]))\n"
		   "with open(\"o/results.jsonl\") as f, open(\"run/results.jsonl\", \"w\") as g:\n"
		   "    for line in f:\n"
		   "        r = json.loads(line)\n"
		   "        r[\"batch\"][\"target\"] = keys[r[\"batch\"][\"target\"]]\n"
		   "        g.write(json.dumps(r, separators=(\",\", \":\")) + \"\\n\")\n"
		   "' '%s' '%s' '%s' '%s' '%s' '%s'",
	      url[0], url[1], url[2], keys[0], keys[1], keys[2]);
	assert_int_equal(fx_vigie(&out, &err, dir, "merge --out m run"), 0);
	free(out);
	free(err);
	snprintf(o, sizeof(o), "%s/m", dir);
	recs = records(o, &lines);
	assert_int_equal(lines, 3);
	for (i = 0; i < 3; i++) {
		char want[256], *page = NULL;
		rec = json_object_get(recs, keys[i]);
		assert_non_null(rec);
		assert_badge_says(o, names[i], rec);
		snprintf(want, sizeof(want), "repos/%s.html", names[i]);
		assert_int_equal(fx_sh_out(&page, o, "cat '%s'", want), 0);
		snprintf(want, sizeof(want), "<h1>%s</h1>", keys[i]);
		assert_contains(page, want);
		snprintf(want, sizeof(want), "<p id=\"now\">score %s", msg[i]);
		assert_contains(page, want);
		free(page);
	}
	json_decref(recs);
	fx_rmdir(served);
	fx_rmdir(cache);
	fx_rmdir(dir);
}

/*
 * A repository no longer in the list loses its page and badges at the next
 * run, with the directories they leave empty; nothing else under the
 * output goes, not even what a hand-edited derived.txt names.
 */
static void test_batch_pages_of_removed_repositories_go(void **state)
{
	char *dir = fx_tmpdir("gone"), *out = NULL, *err = NULL;
	const char *parent = strrchr(dir, '/') + 1;

	(void)state;
	fx_sh(dir, "mkdir sub && for r in r1 sub/r2; do git init -q -b main \"$r\" && "
		   "(cd \"$r\" && printf '# Project\\n\\nA shared tool.\\n' > README.md && "
		   "git add -A && git commit -q -m first) && echo \"$PWD/$r\" >> list; done");
	assert_int_equal(fx_vigie(&out, &err, dir, "batch --list list --out o --offline"), 0);
	free(out);
	free(err);
	/* Both repositories' files, and derived.txt naming them. */
	fx_sh(dir, "cd o && test \"$(wc -l < derived.txt)\" = 6 && "
		   "test \"$(ls repos/path/*/*.html badges/path/*/* | sort)\" = "
		   "\"$(sort derived.txt)\" && ls repos/path/%s/r1~*.html "
		   "repos/path/sub/r2~*.html badges/path/sub/r2~*.svg", parent);
	/* Files of others, next to the pages and in derived.txt. */
	fx_sh(dir, "cd o && echo mine > repos/notes.html && echo mine > badges/README.txt && "
		   "echo mine > \"$(dirname repos/path/sub/r2~*.html)/keep.html\" && "
		   "printf 'repos/../index.html\\nresults.jsonl\\nrepos/notes.html/../../run.json\\n"
		   "repos/path/sub/keep.html/\\n' >> derived.txt");
	fx_sh(dir, "cp list all && grep -v sub/r2 all > list");
	assert_int_equal(fx_vigie(&out, &err, dir, "batch --list list --out o --offline"), 0);
	free(out);
	free(err);
	/* r2's page and badges are gone, with badges/path/sub; r1's stay. */
	fx_sh(dir, "cd o && ! ls badges/path/sub/r2* repos/path/sub/r2* 2>/dev/null && "
		   "test ! -e badges/path/sub && test -s repos/path/sub/keep.html && "
		   "test -s repos/path/%s/r1~*.html && test -s badges/path/%s/r1~*.svg && "
		   "test -s badges/path/%s/r1~*.json && test -s repos/notes.html && "
		   "test -s badges/README.txt && test -s index.html && test -s run.json && "
		   "test -s results.jsonl && test \"$(wc -l < derived.txt)\" = 3 && "
		   "! grep -q r2 derived.txt", parent, parent, parent);
	/* Back in the list: written again. */
	fx_sh(dir, "cp all list");
	assert_int_equal(fx_vigie(&out, &err, dir, "batch --list list --out o --offline"), 0);
	free(out);
	free(err);
	fx_sh(dir, "cd o && test -s repos/path/sub/r2~*.html && test -s badges/path/sub/r2~*.svg "
		   "&& test \"$(wc -l < derived.txt)\" = 6");
	fx_rmdir(dir);
}

/*
 * The summary and the database read a rule's title, remediation, pack...
 * from the first record that gives them and parse them no more (a record
 * read slim): the same pages, summary and rules whatever the order of the
 * records, even when the organisation's defaults repository, left out of
 * the summary, comes first.
 */
static void test_batch_rule_texts_read_once_in_any_order(void **state)
{
	struct world *w = *state;
	char *dir = fx_tmpdir("order"), *out = NULL, *err = NULL;
	json_t *s1, *s2, *e;
	size_t i;

	fx_sh(dir, "printf '%%s/org/.github\\n%%s/org/member-a\\n%%s/org/member-b\\n' "
		   "'%s' '%s' '%s' > list", w->base, w->base, w->base);
	assert_int_equal(fx_vigie(&out, &err, dir, "batch --list list --out o --offline"), 0);
	free(out);
	free(err);
	/* the defaults' record first, then last */
	fx_sh(dir, "mkdir first last && cp o/run.json first/ && cp o/run.json last/ && "
		   "python3 -c '"
		   "import json\n"
		   "lines = open(\"o/results.jsonl\").readlines()\n"
		   "d = [l for l in lines if json.loads(l)[\"batch\"][\"target\"]"
		   ".endswith(\"/.github\")]\n"
		   "o = [l for l in lines if l not in d]\n"
		   "assert len(d) == 1 and len(o) == 2\n"
		   "open(\"first/results.jsonl\", \"w\").writelines(d + o)\n"
		   "open(\"last/results.jsonl\", \"w\").writelines(o + d)\n"
		   "'");
	assert_int_equal(fx_vigie(&out, &err, dir, "merge --out m1 first"), 0);
	free(out);
	free(err);
	assert_int_equal(fx_vigie(&out, &err, dir, "merge --out m2 last"), 0);
	free(out);
	free(err);
	s1 = load_json(dir, "m1/summary.json");
	s2 = load_json(dir, "m2/summary.json");
	assert_true(json_equal(s1, s2));
	assert_true(json_array_size(json_object_get(s1, "worst_practices")) > 0);
	json_array_foreach(json_object_get(s1, "worst_practices"), i, e) {
		assert_non_null(json_string_value(json_object_get(
			json_object_get(e, "title"), "en")));
		assert_non_null(json_string_value(json_object_get(
			json_object_get(e, "remediation"), "fr")));
		assert_non_null(json_string_value(json_object_get(e, "theme")));
	}
	json_decref(s1);
	json_decref(s2);
	fx_sh(dir, "cmp m1/index.html m2/index.html && cmp m1/summary.txt m2/summary.txt && "
		   "diff -r m1/repos m2/repos");
	/* every rule with its texts, in both */
	for (i = 1; i <= 2; i++) {
		char m[4200];
		snprintf(m, sizeof(m), "%s/m%zu", dir, i);
		assert_true(db_number(m, "SELECT count(*) FROM rules") > 20);
		assert_int_equal(db_number(m, "SELECT count(*) FROM rules WHERE title_en IS NULL"
					      " OR title_fr IS NULL OR pack IS NULL OR theme IS NULL"
					      " OR weight IS NULL OR level IS NULL"), 0);
	}
	fx_rmdir(dir);
}

/*
 * The workers of a run killed with kill -9 may hold the directory's lock
 * for the moment they take to die (under load, a few scheduler slices): a
 * --resume started then waits for it instead of exiting 3.
 */
static void test_batch_resume_waits_for_a_lock_let_go(void **state)
{
	char *dir = fx_tmpdir("lockgo"), *out = NULL, *err = NULL;

	(void)state;
	fx_sh(dir, "git init -q -b main r1 && cd r1 && printf '# P\\n\\nA tool.\\n' > README.md "
		   "&& git add -A && git commit -q -m first && cd .. && echo \"$PWD/r1\" > list "
		   "&& mkdir o && (flock -x o/.lock -c 'touch held; sleep 0.7' >/dev/null 2>&1 &) "
		   "&& while [ ! -e held ]; do sleep 0.01; done");
	assert_int_equal(fx_vigie(&out, &err, dir, "batch --list list --out o --offline "
				  "--resume"), 0);
	assert_not_contains(err, "another batch");
	free(out);
	free(err);
	fx_sh(dir, "test -s o/results.jsonl && test -s o/index.html");
	fx_rmdir(dir);
}

/* How many times needle occurs in hay. */
static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0;

	for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
		n++;
	return n;
}

/* A copy of the element of dom that starts with open, up to close. */
static char *element(const char *dom, const char *open, const char *close)
{
	const char *a = strstr(dom, open), *b;

	if (!a)
		fail_msg("no %s in the page", open);
	b = strstr(a, close);
	if (!b)
		fail_msg("%s is not closed", open);
	return strndup(a, (size_t)(b - a) + strlen(close));
}

/*
 * The dashboard over three runs of repositories that change between them:
 * the organisation's trend has a point per run, the heat map a cell per
 * practice per run (the lowest share first), each row a sparkline, a
 * permalink and the previous run's deltas; the status filter, the search
 * and the sort work; a repository's own page shows its score over time,
 * its themes, its scorecard with fixes, and when a rule was fixed and
 * broken, by which commit.  A hostile name gets a safe page path.
 */
static void test_batch_dashboard_over_runs_in_chromium(void **state)
{
	char *dir = fx_tmpdir("dash"), *out = NULL, *err = NULL, *dom, *svg;
	char *page1 = NULL, *pagex = NULL;
	char o[4096], file[4096], want[4096], r10[4096], commit[64];
	const char *parent;
	json_t *rows, *exp;
	long long rules;
	int run;

	(void)state;
	if (fx_sh_out(&out, dir, "command -v chromium") != 0)
		fail_msg("chromium is not installed (apt-get install chromium)");
	free(out);
	parent = strrchr(dir, '/') + 1;
	snprintf(o, sizeof(o), "%s/o", dir);
	fx_sh(dir, "for r in r1 r2 r10 'x<y>z'; do git init -q -b main \"$r\" && cd \"$r\" && "
		   "printf '# Project\\n\\nA shared tool for everyone.\\n' > README.md && "
		   "git add -A && git commit -q -m first && cd ..; "
		   "echo \"$PWD/$r\" >> list; done");
	for (run = 1; run <= 3; run++) {
		/*
		 * Run 2: r1 gains a contributing guide.  Run 3: r2 gains
		 * one, r1 loses its own.
		 */
		if (run == 2)
			fx_sh(dir, "cd r1 && printf '# Contributing\\n\\nOpen an issue to "
				   "report a bug; send a merge request to propose a "
				   "change.\\n' > CONTRIBUTING.md && git add -A && "
				   "git commit -q -m guide");
		if (run == 3)
			fx_sh(dir, "cp r1/CONTRIBUTING.md r2/ && cd r2 && git add -A && "
				   "git commit -q -m guide && cd ../r1 && "
				   "git rm -q CONTRIBUTING.md && git commit -q -m gone");
		assert_int_equal(fx_vigie(&out, &err, dir, "batch --list list --out o "
					  "--offline --lang en"), 0);
		free(out);
		free(err);
		if (run == 2) {
			char *c = NULL;
			assert_int_equal(fx_sh_out(&c, dir, "git -C r1 rev-parse HEAD"), 0);
			snprintf(commit, sizeof(commit), "%.12s", c);
			free(c);
		}
	}
	rules = db_number(o, "SELECT count(DISTINCT rule) FROM practices");
	assert_true(rules > 20);

	dom = page_dom(o, "");
	/* The organisation's score: a point per run, and its table. */
	svg = element(dom, "<svg class=\"chart line\" id=\"trend\"", "</svg>");
	assert_int_equal(occurrences(svg, "<circle class=\"pt\""), 3);
	assert_contains(svg, "role=\"img\"");
	assert_contains(svg, "<title id=\"trend-t\">Mean score over the last 3 runs</title>");
	free(svg);
	svg = element(dom, "<table class=\"sr-only\" id=\"trend-data\"", "</table>");
	assert_int_equal(occurrences(svg, "<tr>"), 4);
	free(svg);
	/* Each practice run by run; the row to push first is the lowest. */
	svg = element(dom, "<svg class=\"chart heat\" id=\"heat\"", "</svg>");
	assert_int_equal(occurrences(svg, "<g class=\"practice\""), (size_t)rules);
	assert_int_equal(occurrences(svg, "<rect class=\"cell\""), (size_t)rules * 3);
	assert_contains(svg, "<title>contributing.present, ");
	/* as low (none passes): the one that weighs more first */
	assert_true(strstr(svg, "data-rule=\"license.present\"") <
		    strstr(svg, "data-rule=\"changelog.present\""));
	assert_true(strstr(svg, "data-rule=\"changelog.present\"") <
		    strstr(svg, "data-rule=\"contributing.present\""));
	assert_true(strstr(svg, "data-rule=\"contributing.present\"") <
		    strstr(svg, "data-rule=\"readme.purpose\""));
	free(svg);
	/* The previous run, for comparison. */
	assert_contains(dom, "since the previous run (");
	assert_contains(dom, "repositories 0, errors 0, audited +1, unchanged -1");
	/* Each row: a sparkline of its runs, its page, keyboard-sortable heads. */
	/* a path's page: path/PARENT/NAME~HASH.html */
	assert_int_equal(fx_sh_out(&page1, o, "cd repos && printf %%s path/%s/r1~*.html",
				   parent), 0);
	assert_int_equal(fx_sh_out(&pagex, o, "cd repos && printf %%s path/%s/x_y_z~*.html",
				   parent), 0);
	snprintf(want, sizeof(want), "<a href=\"repos/%s\" class=\"page\"", page1);
	assert_contains(dom, want);
	snprintf(want, sizeof(want), "<a href=\"repos/%s\" class=\"page\"", pagex);
	assert_contains(dom, want);
	svg = element(dom, "<svg class=\"spark\"", "</svg>");
	assert_contains(svg, "aria-label=\"score over its last 3 runs: ");
	free(svg);
	svg = element(strstr(dom, "<svg class=\"spark\""), "points=\"", "\"></polyline>");
	assert_int_equal(occurrences(svg, ","), 3);
	free(svg);
	assert_int_equal(occurrences(dom, "<svg class=\"spark\""), 4);
	assert_contains(dom, "<th data-col=\"score\" tabindex=\"0\" scope=\"col\"");
	free(dom);

	/* The status filter: r1 and r2 changed in the last run. */
	rows = page_rows(o, "#status=audited&sort=target");
	snprintf(file, sizeof(file), "%s/r1", dir);
	snprintf(want, sizeof(want), "%s/r2", dir);
	exp = json_pack("[s, s]", file, want);
	assert_true(json_equal(rows, exp));
	json_decref(rows);
	json_decref(exp);
	/* The search, and the natural sort backwards. */
	rows = page_rows(o, "#filter=/r1");
	assert_int_equal(json_array_size(rows), 2);
	json_decref(rows);
	rows = page_rows(o, "#sort=-target&filter=/r");
	snprintf(r10, sizeof(r10), "%s/r10", dir);
	exp = json_pack("[s, s, s]", r10, want, file);
	assert_true(json_equal(rows, exp));
	json_decref(rows);
	json_decref(exp);

	/* r1's own page, read from the database. */
	snprintf(file, sizeof(file), "repos/%s", page1);
	dom = file_dom(o, file, "");
	assert_contains(dom, "<html lang=\"en\">");
	assert_contains(dom, "<a id=\"back\" href=\"../../../index.html\">");
	svg = element(dom, "<svg class=\"chart line\" id=\"score\"", "</svg>");
	assert_int_equal(occurrences(svg, "<circle class=\"pt\""), 3);
	free(svg);
	assert_int_equal(occurrences(dom, "<svg class=\"chart line\" id=\"theme-"), 6);
	svg = element(dom, "<table id=\"history-data\"", "</table>");
	assert_int_equal(occurrences(svg, "<tr>"), 4);
	free(svg);
	/* Its scorecard: the guide is gone again, with the fix. */
	svg = element(dom, "<tr data-rule=\"contributing.present\"><td><code>", "</tr>");
	assert_contains(svg, "<td class=\"fail\">fail</td>");
	assert_contains(svg, "CONTRIBUTING");
	free(svg);
	/* When it changed: failing first, fixed in run 2, broken in run 3. */
	svg = element(strstr(dom, "id=\"changes\""), "<tr data-rule=\"contributing.present\">",
		      "</tr>");
	assert_int_equal(occurrences(svg, "<li class=\"change"), 3);
	assert_contains(svg, "first fail on ");
	snprintf(want, sizeof(want), " by %s</li>", commit);
	assert_contains(svg, "fixed on ");
	assert_contains(svg, want);
	assert_contains(svg, "broken on ");
	assert_true(strstr(svg, "fixed on ") < strstr(svg, "broken on "));
	free(svg);
	/* A rule that never changed has its first status only. */
	svg = element(strstr(dom, "id=\"changes\""), "<tr data-rule=\"readme.present\">",
		      "</tr>");
	assert_int_equal(occurrences(svg, "<li class=\"change"), 1);
	free(svg);
	free(dom);
	/* The hostile name's page: inside repos/, its name escaped. */
	snprintf(file, sizeof(file), "repos/%s", pagex);
	dom = file_dom(o, file, "");
	assert_contains(dom, "x&lt;y&gt;z</h1>");
	free(dom);
	/* As written, neither page has the name unescaped. */
	assert_int_equal(fx_sh_out(&dom, o, "cat index.html '%s'", file), 0);
	assert_contains(dom, "x&lt;y&gt;z");
	assert_not_contains(dom, "x<y>z");
	free(dom);
	free(page1);
	free(pagex);
	fx_rmdir(dir);
}

int main(void)
{
	/*
	 * meson runs these as three tests, each every third case from its
	 * own (tests/meson.build): the order spreads the long cases over the
	 * three, and keeps both Chromium cases in one (one browser).
	 */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_records_every_target_once_with_errors),
		cmocka_unit_test(test_batch_summaries_in_french),
		cmocka_unit_test(test_batch_second_run_reuses_every_record),
		cmocka_unit_test(test_batch_kill9_then_resume_records_each_once),
		cmocka_unit_test(test_batch_resume_waits_for_a_lock_let_go),
		cmocka_unit_test(test_batch_torn_last_line_is_dropped_and_redone),
		cmocka_unit_test(test_batch_shards_merged_equal_a_single_run),
		cmocka_unit_test(test_batch_org_defaults_are_inherited_and_marked),
		cmocka_unit_test(test_batch_sigterm_stops_cleanly_then_resumes),
		cmocka_unit_test(test_batch_worker_crash_becomes_an_error_record),
		cmocka_unit_test(test_batch_audit_options_reach_the_workers),
		cmocka_unit_test(test_batch_time_limit_becomes_an_error_record),
		cmocka_unit_test(test_batch_silent_server_is_left_alone),
		cmocka_unit_test(test_batch_embedded_executor_records_as_the_command),
		cmocka_unit_test(test_batch_executor_endings_become_error_records),
		cmocka_unit_test(test_batch_remote_unchanged_costs_no_fetch),
		cmocka_unit_test(test_batch_page_sorts_and_filters_in_chromium),
		cmocka_unit_test(test_batch_page_header_and_natural_sort),
		cmocka_unit_test(test_batch_same_owner_name_elsewhere_own_pages),
		cmocka_unit_test(test_batch_dashboard_over_runs_in_chromium),
		cmocka_unit_test(test_batch_pages_of_removed_repositories_go),
		cmocka_unit_test(test_batch_rule_texts_read_once_in_any_order),
		cmocka_unit_test(test_batch_remote_sibling_defaults_are_found),
		cmocka_unit_test(test_batch_lists_organisations_through_the_forge),
		cmocka_unit_test(test_batch_listing_refuses_hostile_names),
		cmocka_unit_test(test_batch_org_shorthands_and_their_api),
		cmocka_unit_test(test_batch_clone_urls_from_a_listing),
		cmocka_unit_test(test_batch_self_hosted_forges_end_to_end),
		cmocka_unit_test(test_batch_usage_errors),
		cmocka_unit_test(test_batch_merge_of_partial_shards),
		cmocka_unit_test(test_batch_merge_refuses_a_locked_directory),
		cmocka_unit_test(test_batch_progress_line_on_request),
		cmocka_unit_test(test_batch_max_errors_and_run_dates),
		cmocka_unit_test(test_batch_database_retention_and_export),
		cmocka_unit_test(test_batch_database_keeps_each_run_as_spans),
	};
	/* TEST_BATCH_FILTER=PATTERN runs some of them (cmocka's wildcards). */
	if (getenv("TEST_BATCH_FILTER"))
		cmocka_set_test_filter(getenv("TEST_BATCH_FILTER"));
	return fx_run_group_tests(tests, setup, teardown);
}
