/* SPDX-License-Identifier: EUPL-1.2 */
/* Hostile repositories: vigie must neither crash, hang, escape nor corrupt output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fixture.h"
#include "json.h"

static char *repo;

/*
 * One commit holding every trap at once (written with git fast-import and
 * git mktree), including a 200 MB LICENSE, with a parent commit whose author
 * line is malformed.
 */
static int setup(void **state)
{
	FILE *f;
	struct vigie_buf path = VIGIE_BUF_INIT;
	int i;

	(void)state;
	repo = fx_repo_new("hostile");
	vigie_buf_printf(&path, "%s/stream", repo);
	f = fopen(path.ptr, "w");
	assert_non_null(f);
	fputs("blob\nmark :1\ndata 6\nhello\n", f);
	fwrite("blob\nmark :2\ndata 12\n\x89PNG\0\0\0\0bin\n\n", 1, 33, f);
	fputs("blob\nmark :3\ndata 16\n../../etc/passwd\n", f);
	fputs("commit refs/heads/main\nmark :10\n"
	      "author A <a@example.org> 1767225600 +0000\n"
	      "committer A <a@example.org> 1767225600 +0000\n"
	      "data 5\nbase\n", f);
	fputs("M 100644 :1 base.txt\n\n", f);
	fputs("commit refs/heads/main\nmark :11\n"
	      "author A <a@example.org> 1767312000 +0000\n"
	      "committer A <a@example.org> 1767312000 +0000\n"
	      "data 6\ntraps\nfrom :10\n", f);
	/* Control characters and invalid UTF-8 in names. */
	fputs("M 100644 :1 \"LICENSE.\\033[2J\\033]0;pwned\\007\"\n", f);
	fputs("M 100644 :1 \"CONTRIBUTING.\\r\\nfake.md\"\n", f);
	fputs("M 100644 :1 \"SECURITY.\\377\\376.md\"\n", f);
	/* A binary README, and a link leaving the tree. */
	fputs("M 100644 :2 README.md\n", f);
	fputs("M 120000 :3 COPYING\n", f);
	/* A gitlink to a commit that is not in this repository. */
	fputs("M 160000 0123456789abcdef0123456789abcdef01234567 vendor/lib\n", f);
	/* A directory 1,000 levels deep. */
	fputs("M 100644 :1 ", f);
	for (i = 0; i < 1000; i++)
		fputs("d/", f);
	fputs("GOVERNANCE.md\n", f);
	fputs("\n", f);
	fclose(f);
	fx_sh(repo, "git fast-import --quiet < stream && rm stream");
	/*
	 * 200,000 files in one directory (git mktree: fast-import is quadratic
	 * there), and a 200 MB LICENSE, compressed to almost nothing by zlib.
	 */
	fx_sh(repo, "one=$(printf 'hello\\n' | git hash-object -w --stdin) && "
		    "many=$(seq -f 'f%%06g' 0 199999 | sed \"s/^/100644 blob $one\\t/\" | git mktree) && "
		    "blob=$(head -c 209715200 /dev/zero | git hash-object -w --stdin) && "
		    "git read-tree main && git read-tree --prefix=many/ $many && "
		    "git update-index --add --cacheinfo 100644,$blob,LICENSE && "
		    "tree=$(git write-tree) && "
		    "bad=$(printf 'tree %%s\\nparent %%s\\nauthor no-email-here 99999999999999999999 +9999\\n"
		    "committer <> x\\n\\nmalformed\\n' $tree $(git rev-parse main) | "
		    "git hash-object -t commit -w --literally --stdin) && "
		    "git update-ref refs/heads/main $(printf 'tree %%s\\nparent %%s\\n"
		    "author A <a@example.org> 1767398400 +0000\\ncommitter A <a@example.org> 1767398400 +0000\\n\\ntop\\n' "
		    "$tree $bad | git hash-object -t commit -w --stdin)");
	vigie_buf_release(&path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_rmdir(repo);
	return 0;
}

static void assert_no_raw_controls(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			fail_msg("raw control character 0x%02x in output near: %.60s",
				 *p, (const char *)p - (p - (const unsigned char *)s > 30 ? 30 : 0));
}

static void test_hostile_text_report_is_clean(void **state)
{
	char *out = NULL, *err = NULL;
	int rc;

	(void)state;
	rc = fx_vigie(&out, &err, repo, "audit . --offline --verbose --color never");
	if (rc != 0)
		fail_msg("exit %d: %s", rc, err);
	assert_no_raw_controls(out);
	assert_no_raw_controls(err);
	/* The names are there, escaped. */
	assert_contains(out, "LICENSE.\\e[2J\\e]0;pwned\\x07");
	assert_contains(out, "CONTRIBUTING.\\r\\nfake.md");
	/* Invalid UTF-8 became U+FFFD when the name entered the fact tree. */
	assert_contains(out, "SECURITY.\xef\xbf\xbd\xef\xbf\xbd.md");
	/* The escaping link is not followed, the deep file is found. */
	assert_not_contains(out, "root:");
	free(out);
	free(err);
}

static void test_hostile_json_is_valid_utf8(void **state)
{
	char *out = NULL, *err = NULL;
	json_error_t je;
	json_t *doc;
	int rc;

	(void)state;
	rc = fx_vigie(&out, &err, repo, "audit . --offline --format json");
	if (rc != 0)
		fail_msg("exit %d: %s", rc, err);
	assert_true(vigie_utf8_valid(out, strlen(out)));
	doc = json_loads(out, 0, &je);
	if (!doc)
		fail_msg("invalid JSON at %d:%d: %s", je.line, je.column, je.text);
	/* Invalid UTF-8 in a name became U+FFFD. */
	assert_contains(out, "SECURITY.\xef\xbf\xbd\xef\xbf\xbd.md");
	/* The 200 MB LICENSE was sized from its header, never read whole. */
	assert_string_equal(json_string_value(vigie_json_path(doc, "facts.inventory.license.1.path")),
			    "LICENSE");
	assert_int_equal(json_integer_value(vigie_json_path(doc, "facts.inventory.license.1.size")),
			 209715200);
	/* The binary README is recognised as such. */
	assert_true(json_is_true(vigie_json_path(doc, "facts.readme.binary")));
	json_decref(doc);
	free(out);
	free(err);
}

/*
 * A pack whose commits were tampered with: the pack reader must not
 * misread them, libgit2 reports the damage, and the audit goes on with the
 * history marked as unavailable, its reason in one line.
 */
static void test_hostile_damaged_pack(void **state)
{
	char *dir = fx_repo_new("hostile-pack"), *out = NULL, *err = NULL;
	int rc;

	(void)state;
	fx_sh(dir, "for i in $(seq 1 30); do echo $i > f && git add f && "
		   "git commit -q -m \"c $i\"; done && "
		   "git repack -a -d -f -q --window=0 && chmod u+w .git/objects/pack/*");
	/* 26 bytes of the 10th commit's deflated data flipped. */
	fx_sh(dir, "off=$(git verify-pack -v .git/objects/pack/*.idx | "
		   "awk '$2 == \"commit\" {print $5}' | sed -n 10p) && "
		   "python3 -c 'import glob, sys\n"
		   "p = glob.glob(\".git/objects/pack/*.pack\")[0]\n"
		   "b = bytearray(open(p, \"rb\").read())\n"
		   "o = int(sys.argv[1])\n"
		   "for i in range(o + 4, o + 30): b[i] ^= 0xff\n"
		   "open(p, \"wb\").write(b)' $off");
	rc = fx_vigie(&out, &err, dir, "audit . --offline --color never");
	if (rc != 0)
		fail_msg("exit %d: %s", rc, err);
	assert_contains(out, "could not gather history: cannot walk the history:");
	assert_contains(out, "skipped: the history facts are unavailable");
	assert_no_raw_controls(out);
	free(out);
	free(err);
	fx_rmdir(dir);
}

/*
 * A tree 100,000 levels deep (one pack, written bottom-up by
 * tests/support/deeptree.py) audited on a 1 MiB stack, where a recursive
 * walk overflows at about 20,000 levels: the audit ends, says what it left
 * out, and the release hook still prints its one line.
 */
static void test_hostile_deep_tree(void **state)
{
	char *dir = fx_repo_new("hostile-deep"), *out = NULL, *id = NULL;
	json_error_t je;
	json_t *doc;
	int rc;

	(void)state;
	fx_sh(dir, "python3 '%s/tests/support/deeptree.py' 100000 > pack 2> id && "
		   "git index-pack --stdin < pack > /dev/null && "
		   "git update-ref refs/heads/main $(cat id) && rm pack id",
	      fx_source_root());
	rc = fx_sh_out(&out, dir, "ulimit -s 1024 && '%s' audit . --offline "
			     "--format json 2>/dev/null", fx_vigie_bin());
	if (rc != 0)
		fail_msg("exit %d: %s", rc, out);
	doc = json_loads(out, 0, &je);
	if (!doc)
		fail_msg("invalid JSON at %d:%d: %s", je.line, je.column, je.text);
	assert_string_equal(json_string_value(vigie_json_path(doc, "facts.inventory.readme.0.path")),
			    "README.md");
	assert_null(vigie_json_path(doc, "facts.inventory.governance"));
	assert_string_equal(json_string_value(vigie_json_path(doc, "problems.0.collector")),
			    "tree");
	assert_contains(json_string_value(vigie_json_path(doc, "problems.0.message")),
			"deeper than 4096 levels");
	json_decref(doc);
	free(out);
	/* The pre-push hook, as git runs it, pushing a tag of that commit. */
	fx_sh_out(&id, dir, "git rev-parse HEAD | tr -d '\\n'");
	rc = fx_sh_out(&out, dir, "ulimit -s 1024 && echo 'refs/tags/v1 %s "
			     "refs/tags/v1 0000000000000000000000000000000000000000' | "
			     "'%s' hook run --fail-under 0 2>&1", id, fx_vigie_bin());
	if (rc != 0)
		fail_msg("exit %d: %s", rc, out);
	assert_contains(out, "vigie: refs/tags/v1 passes the release gate");
	assert_true(strchr(out, '\n') == strrchr(out, '\n'));
	free(out);
	free(id);
	fx_rmdir(dir);
}

/* No bidirectional control (Trojan Source) left raw in s. */
static void assert_no_raw_bidi(const char *s)
{
	static const char *const bidi[] = {
		"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
		"\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",
	};
	size_t i;

	for (i = 0; i < VIGIE_ARRAY_SIZE(bidi); i++)
		if (strstr(s, bidi[i]))
			fail_msg("raw bidirectional control U+%04X in output near: %.60s",
				 (unsigned)(i < 5 ? 0x202a + i : i < 9 ? 0x2066 + i - 5
						 : i == 9 ? 0x200e : i == 10 ? 0x200f : 0x061c),
				 strstr(s, bidi[i]));
}

/*
 * Bidirectional controls in a file name and in content (a waiver's reason)
 * are escaped like other controls, in the text and Markdown reports and in
 * error messages: they could make a name read as another.
 */
static void test_hostile_bidi_controls_are_escaped(void **state)
{
	char *dir = fx_repo_new("hostile-bidi"), *out = NULL, *err = NULL;
	int rc;

	(void)state;
	fx_sh(dir, "printf '# T\\n' > README.md && "
		   "printf 'x\\n' > \"$(printf 'CONTRIBUTING.\\342\\200\\256gnp.md')\" && "
		   "printf '{\"waivers\": [{\"rule\": \"license.present\", \"reason\": "
		   "\"vendored \\342\\200\\256elif\\342\\200\\254 \\342\\201\\246x"
		   "\\342\\201\\251 \\342\\200\\217\\330\\234 ok\", "
		   "\"expires\": \"2099-01-01\"}]}\\n' > .vigie.json && "
		   "git add -A && git commit -q -m bidi");
	rc = fx_vigie(&out, &err, dir, "audit . --offline --verbose --color never");
	if (rc != 0)
		fail_msg("exit %d: %s", rc, err);
	assert_no_raw_bidi(out);
	assert_contains(out, "CONTRIBUTING.\\u202egnp.md");
	assert_contains(out, "vendored \\u202eelif\\u202c \\u2066x\\u2069 \\u200f\\u061c ok");
	free(out);
	free(err);
	rc = fx_vigie(&out, &err, dir, "audit . --offline --format markdown");
	if (rc != 0)
		fail_msg("exit %d: %s", rc, err);
	assert_no_raw_bidi(out);
	assert_contains(out, "vendored \\\\u202eelif");
	free(out);
	free(err);
	/* A path in an error message. */
	rc = fx_vigie(&out, &err, dir, "audit \"$(printf 'no\\342\\200\\256such')\"");
	assert_int_equal(rc, 3);
	assert_no_raw_bidi(err);
	assert_contains(err, "no\\u202esuch");
	free(out);
	free(err);
	fx_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_text_report_is_clean),
		cmocka_unit_test(test_hostile_json_is_valid_utf8),
		cmocka_unit_test(test_hostile_damaged_pack),
		cmocka_unit_test(test_hostile_deep_tree),
		cmocka_unit_test(test_hostile_bidi_controls_are_escaped),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
