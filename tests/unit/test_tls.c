/* SPDX-License-Identifier: EUPL-1.2 */
/* Tests of TLS as the host configures it: a test CA, https git and forge. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "fakeforge.h"
#include "vigie/vigie.h"

struct world {
	char *certs;    /* ca.pem, server.pem/key, other-ca.pem, capath/ */
	char *served;   /* etalab/demo.git, served over https */
	char *home;     /* HOME and XDG_CACHE_HOME of each run */
	int git_pid, git_port;
	struct fakeforge ff;
	char url[256];  /* the repository's https URL */
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	char *upstream;

	vigie_global_init();
	w->certs = fx_tmpdir("certs");
	fx_tls_certs(w->certs);
	upstream = fx_repo_new("upstream");
	fx_write(upstream, "README.md", "# Demo\n\nA shared tool for public "
					"bodies, kept as a digital commons.\n");
	fx_commit(upstream, "first");
	w->served = fx_tmpdir("served");
	fx_sh(w->served, "mkdir etalab && git clone -q --bare '%s' etalab/demo.git",
	      upstream);
	fx_rmdir(upstream);
	w->git_pid = fx_https_git(w->served, w->certs, &w->git_port);
	snprintf(w->url, sizeof(w->url), "https://127.0.0.1:%d/etalab/demo.git",
		 w->git_port);
	ff_start_tls(&w->ff, w->certs);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	fx_stop(w->git_pid);
	ff_stop(&w->ff);
	fx_rmdir(w->certs);
	fx_rmdir(w->served);
	free(w);
	vigie_global_shutdown();
	return 0;
}

static int per_test(void **state)
{
	struct world *w = *state;

	w->home = fx_tmpdir("home");
	return 0;
}

static int per_test_done(void **state)
{
	struct world *w = *state;

	fx_rmdir(w->home);
	w->home = NULL;
	return 0;
}

struct run {
	int code;
	char *out;  /* standard output */
	char *err;  /* standard error */
	json_t *json;
};

/*
 * vigie audit --format json of the https repository, its forge facts asked
 * of the https fake forge; env is shell (exports) run first, args more
 * options.  The host's own CA settings are removed first.
 */
static void run_audit(struct run *r, struct world *w, const char *env,
		      const char *args)
{
	char *both = NULL, *mark;

	memset(r, 0, sizeof(*r));
	r->code = fx_sh_out(&both, w->home,
			    "unset SSL_CERT_FILE SSL_CERT_DIR GIT_SSL_CAINFO "
			    "GIT_SSL_CAPATH GITHUB_TOKEN GH_TOKEN; "
			    "export HOME='%s' XDG_CACHE_HOME='%s/cache'; "
			    "rm -rf \"$XDG_CACHE_HOME\"; %s; "
			    "'%s' audit '%s' --format json --forge github "
			    "--forge-repo etalab/demo --api-url %s %s "
			    "2>'%s/stderr'; rc=$?; echo '@@stderr@@'; "
			    "cat '%s/stderr'; exit $rc",
			    w->home, w->home, env, fx_vigie_bin(), w->url,
			    ff_url(&w->ff, "github", ""), args, w->home,
			    w->home);
	mark = strstr(both, "@@stderr@@\n");
	assert_non_null(mark);
	r->err = strdup(mark + 11);
	*mark = '\0';
	r->out = both;
	r->json = json_loads(r->out, 0, NULL);
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	json_decref(r->json);
}

static const char *str_at(json_t *j, const char *a, const char *b)
{
	return json_string_value(json_object_get(json_object_get(j, a), b));
}

/* Success: cloned over https, and the forge answered over https. */
static void assert_audited(struct run *r)
{
	if (r->code != 0 || !r->json)
		fail_msg("exit %d:\n%s\n%s", r->code, r->out, r->err);
	assert_string_equal(str_at(r->json, "timings", "source_action"),
			    "cloned");
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(r->json, "facts"), "forge") ?
				    json_object_get(json_object_get(
					    json_object_get(r->json, "facts"),
					    "forge"), "repo") : NULL),
			    "etalab/demo");
	assert_string_equal(r->err, "");
}

/* One line on stderr, and no report. */
static void assert_one_line(const char *err)
{
	size_t n = strlen(err);

	if (n == 0 || err[n - 1] != '\n' || strchr(err, '\n') != err + n - 1)
		fail_msg("expected one line, got:\n%s", err);
}

static void test_tls_unknown_ca_is_one_line_and_exit_3(void **state)
{
	struct world *w = *state;
	char args[1024];
	struct run r;

	run_audit(&r, w, "true", "");
	assert_int_equal(r.code, 3);
	assert_one_line(r.err);
	assert_contains(r.err, "vigie: https://127.0.0.1:");
	assert_contains(r.err, "certificate");
	assert_null(r.json);
	run_free(&r);

	/* A CA that signed nothing of this server's is no better. */
	snprintf(args, sizeof(args), "--ca-file '%s/other-ca.pem'", w->certs);
	run_audit(&r, w, "true", args);
	assert_int_equal(r.code, 3);
	assert_one_line(r.err);
	assert_contains(r.err, "certificate");
	run_free(&r);
}

static void test_tls_ca_file_flag(void **state)
{
	struct world *w = *state;
	char args[1024];
	struct run r;

	snprintf(args, sizeof(args), "--ca-file '%s/ca.pem'", w->certs);
	run_audit(&r, w, "true", args);
	assert_audited(&r);
	run_free(&r);
}

static void test_tls_ca_path_flag(void **state)
{
	struct world *w = *state;
	char args[1024];
	struct run r;

	snprintf(args, sizeof(args), "--ca-path '%s/capath'", w->certs);
	run_audit(&r, w, "true", args);
	assert_audited(&r);
	run_free(&r);
}

static void test_tls_ssl_cert_file(void **state)
{
	struct world *w = *state;
	char env[1024];
	struct run r;

	snprintf(env, sizeof(env), "export SSL_CERT_FILE='%s/ca.pem'", w->certs);
	run_audit(&r, w, env, "");
	assert_audited(&r);
	run_free(&r);

	snprintf(env, sizeof(env), "export SSL_CERT_DIR='%s/capath'", w->certs);
	run_audit(&r, w, env, "");
	assert_audited(&r);
	run_free(&r);
}

static void test_tls_git_ssl_cainfo(void **state)
{
	struct world *w = *state;
	char env[1024];
	struct run r;

	snprintf(env, sizeof(env), "export GIT_SSL_CAINFO='%s/ca.pem'", w->certs);
	run_audit(&r, w, env, "");
	assert_audited(&r);
	run_free(&r);
}

static void test_tls_git_config_sslcainfo(void **state)
{
	struct world *w = *state;
	char env[1024];
	struct run r;

	/* The user's ~/.gitconfig, as git itself would read it. */
	snprintf(env, sizeof(env),
		 "git config --file '%s/.gitconfig' http.sslCAInfo '%s/ca.pem'",
		 w->home, w->certs);
	run_audit(&r, w, env, "");
	assert_audited(&r);
	run_free(&r);
}

static void test_tls_precedence(void **state)
{
	struct world *w = *state;
	char env[2048], args[1024];
	struct run r;

	/* The flag wins over the variables: another CA fails. */
	snprintf(env, sizeof(env),
		 "export SSL_CERT_FILE='%s/ca.pem' GIT_SSL_CAINFO='%s/ca.pem'",
		 w->certs, w->certs);
	snprintf(args, sizeof(args), "--ca-file '%s/other-ca.pem'", w->certs);
	run_audit(&r, w, env, args);
	assert_int_equal(r.code, 3);
	assert_one_line(r.err);
	run_free(&r);

	/* git's variable wins over OpenSSL's, and over git's configuration. */
	snprintf(env, sizeof(env),
		 "export SSL_CERT_FILE='%s/ca.pem' GIT_SSL_CAINFO='%s/other-ca.pem'",
		 w->certs, w->certs);
	run_audit(&r, w, env, "");
	assert_int_equal(r.code, 3);
	run_free(&r);
	snprintf(env, sizeof(env),
		 "git config --file '%s/.gitconfig' http.sslCAInfo '%s/other-ca.pem'"
		 " && export GIT_SSL_CAINFO='%s/ca.pem'",
		 w->home, w->certs, w->certs);
	run_audit(&r, w, env, "");
	assert_audited(&r);
	run_free(&r);

	/* git's configuration wins over OpenSSL's variable. */
	snprintf(env, sizeof(env),
		 "git config --file '%s/.gitconfig' http.sslCAInfo '%s/other-ca.pem'"
		 " && export SSL_CERT_FILE='%s/ca.pem'",
		 w->home, w->certs, w->certs);
	run_audit(&r, w, env, "");
	assert_int_equal(r.code, 3);
	run_free(&r);
}

/* The forge alone: a local checkout, the forge API over https. */
static void test_tls_forge_api_needs_the_ca(void **state)
{
	struct world *w = *state;
	char *dir = fx_repo_new("tls-local"), *out = NULL;
	int rc;

	fx_write(dir, "README.md", "# Demo\n");
	fx_commit(dir, "init");
	rc = fx_sh_out(&out, dir,
		       "unset SSL_CERT_FILE SSL_CERT_DIR GIT_SSL_CAINFO "
		       "GIT_SSL_CAPATH GITHUB_TOKEN GH_TOKEN; export HOME='%s' "
		       "XDG_CACHE_HOME='%s/cache'; '%s' audit --format json "
		       "--forge github --forge-repo etalab/demo --api-url %s "
		       ">/dev/null 2>'%s/stderr'; rc=$?; cat '%s/stderr'; "
		       "exit $rc", w->home, w->home, fx_vigie_bin(),
		       ff_url(&w->ff, "github", ""), w->home, w->home);
	/* The forge was required: exit 5, one line saying why. */
	assert_int_equal(rc, 5);
	assert_one_line(out);
	assert_contains(out, "vigie: forge: ");
	assert_contains(out, "certificate");
	free(out);
	out = NULL;
	rc = fx_sh_out(&out, dir,
		       "unset GIT_SSL_CAINFO GIT_SSL_CAPATH GITHUB_TOKEN "
		       "GH_TOKEN; export HOME='%s' "
		       "XDG_CACHE_HOME='%s/cache' SSL_CERT_FILE='%s/ca.pem'; "
		       "'%s' audit --format json --forge github --forge-repo "
		       "etalab/demo --api-url %s 2>&1",
		       w->home, w->home, w->certs, fx_vigie_bin(),
		       ff_url(&w->ff, "github", ""));
	assert_int_equal(rc, 0);
	assert_contains(out, "\"description\"");
	free(out);
	fx_rmdir(dir);
}

/* The organisation's listing goes through the same CA as the audits. */
static void test_tls_batch_listing_takes_the_ca(void **state)
{
	struct world *w = *state;
	char *out = NULL;
	int rc;

	rc = fx_sh_out(&out, w->home,
		       "unset SSL_CERT_FILE SSL_CERT_DIR GIT_SSL_CAINFO "
		       "GIT_SSL_CAPATH GITHUB_TOKEN GH_TOKEN; export HOME='%s' "
		       "XDG_CACHE_HOME='%s/cache'; '%s' batch github:etalab "
		       "--api-url %s --out '%s/b1' --print-targets 2>&1",
		       w->home, w->home, fx_vigie_bin(),
		       ff_url(&w->ff, "github", ""), w->home);
	assert_int_not_equal(rc, 0);
	assert_contains(out, "certificate");
	free(out);
	out = NULL;
	rc = fx_sh_out(&out, w->home,
		       "unset SSL_CERT_FILE SSL_CERT_DIR GIT_SSL_CAINFO "
		       "GIT_SSL_CAPATH GITHUB_TOKEN GH_TOKEN; export HOME='%s' "
		       "XDG_CACHE_HOME='%s/cache'; '%s' batch github:etalab "
		       "--api-url %s --out '%s/b2' --ca-file '%s/ca.pem' "
		       "--print-targets 2>&1",
		       w->home, w->home, fx_vigie_bin(),
		       ff_url(&w->ff, "github", ""), w->home, w->certs);
	assert_int_equal(rc, 0);
	assert_contains(out, "/etalab/");
	free(out);
}

static void test_tls_unreadable_ca_is_exit_2(void **state)
{
	struct world *w = *state;
	char env[1024], args[1024];
	struct run r;

	snprintf(args, sizeof(args), "--ca-file '%s/nowhere.pem'", w->certs);
	run_audit(&r, w, "true", args);
	assert_int_equal(r.code, 2);
	assert_one_line(r.err);
	assert_contains(r.err, "nowhere.pem: cannot read the CA file (--ca-file)");
	run_free(&r);

	snprintf(env, sizeof(env), "export GIT_SSL_CAINFO='%s/nowhere.pem'",
		 w->certs);
	run_audit(&r, w, env, "");
	assert_int_equal(r.code, 2);
	assert_one_line(r.err);
	assert_contains(r.err, "nowhere.pem: cannot read the CA file "
			       "(GIT_SSL_CAINFO)");
	run_free(&r);

	/* A directory given as a file. */
	snprintf(env, sizeof(env), "export SSL_CERT_FILE='%s/capath'", w->certs);
	run_audit(&r, w, env, "");
	assert_int_equal(r.code, 2);
	assert_contains(r.err, "(SSL_CERT_FILE): not a regular file");
	run_free(&r);

	snprintf(args, sizeof(args), "--ca-path '%s/ca.pem'", w->certs);
	run_audit(&r, w, "true", args);
	assert_int_equal(r.code, 2);
	assert_contains(r.err, "cannot read the CA directory (--ca-path)");
	run_free(&r);

	/* In French too. */
	snprintf(args, sizeof(args), "--lang fr --ca-file '%s/nowhere.pem'",
		 w->certs);
	run_audit(&r, w, "true", args);
	assert_int_equal(r.code, 2);
	assert_contains(r.err, "nowhere.pem: impossible de lire le fichier "
			       "d'autorités de certification (--ca-file)");
	run_free(&r);
}

/* What vigie_source_ca_resolve says, level by level, in the library. */
static void test_tls_resolve_levels(void **state)
{
	struct world *w = *state;
	struct vigie_source_ca ca;
	struct vigie_error err;
	char file[1024], dir[1024];

	(void)w;
	snprintf(file, sizeof(file), "%s/ca.pem", w->certs);
	snprintf(dir, sizeof(dir), "%s/capath", w->certs);
	unsetenv("GIT_SSL_CAINFO");
	unsetenv("GIT_SSL_CAPATH");
	unsetenv("SSL_CERT_FILE");
	setenv("SSL_CERT_DIR", dir, 1);
	assert_int_equal(vigie_source_ca_resolve(&ca, NULL, NULL, &err), 0);
	assert_null(ca.file);
	assert_string_equal(ca.path, dir);
	assert_string_equal(ca.path_from, "SSL_CERT_DIR");
	vigie_source_ca_release(&ca);

	/* A level that names anything wins whole: no directory from below. */
	setenv("GIT_SSL_CAINFO", file, 1);
	assert_int_equal(vigie_source_ca_resolve(&ca, NULL, NULL, &err), 0);
	assert_string_equal(ca.file, file);
	assert_string_equal(ca.file_from, "GIT_SSL_CAINFO");
	assert_null(ca.path);
	vigie_source_ca_release(&ca);

	assert_int_equal(vigie_source_ca_resolve(&ca, NULL, dir, &err), 0);
	assert_null(ca.file);
	assert_string_equal(ca.path_from, "--ca-path");
	vigie_source_ca_release(&ca);
	unsetenv("GIT_SSL_CAINFO");
	unsetenv("SSL_CERT_DIR");
}

/*
 * The system's CA store is read at the first TLS handshake, not when the
 * command starts: an offline audit never opens it; a clone over https with
 * no CA configured reads it after connecting (and, the test CA being none
 * of the system's, fails on the certificate).
 */
static void test_tls_system_store_read_at_first_handshake(void **state)
{
	struct world *w = *state;
	char *trace = NULL, *connect, *store, needle[64];
	int code;

	code = fx_sh_out(&trace, w->home,
			 "command -v strace >/dev/null || exit 77; "
			 "unset SSL_CERT_FILE SSL_CERT_DIR GIT_SSL_CAINFO "
			 "GIT_SSL_CAPATH; export HOME='%s' XDG_CACHE_HOME='%s/c'; "
			 /* LeakSanitizer cannot run under ptrace */
			 "export ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}"
			 "detect_leaks=0\"; "
			 "strace -f -qq -e trace=openat -o off.trace "
			 "'%s' audit '%s/etalab/demo.git' --offline --format json "
			 ">/dev/null 2>&1 || exit 70; cat off.trace",
			 w->home, w->home, fx_vigie_bin(), w->served);
	if (code == 77) {
		free(trace);
		skip();
	}
	assert_int_equal(code, 0);
	assert_non_null(strstr(trace, "etalab/demo.git"));
	if (strstr(trace, "/etc/ssl/"))
		fail_msg("an offline audit read the CA store:\n%s", trace);
	free(trace);

	code = fx_sh_out(&trace, w->home,
			 "unset SSL_CERT_FILE SSL_CERT_DIR GIT_SSL_CAINFO "
			 "GIT_SSL_CAPATH; export HOME='%s' XDG_CACHE_HOME='%s/c'; "
			 "export ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}"
			 "detect_leaks=0\"; "
			 "strace -f -qq -e trace=openat,connect -o on.trace "
			 "'%s' audit '%s' --format json >/dev/null 2>&1; "
			 "echo \"exit $?\"; cat on.trace",
			 w->home, w->home, fx_vigie_bin(), w->url);
	assert_int_equal(code, 0);
	assert_non_null(strstr(trace, "exit 3\n"));
	snprintf(needle, sizeof(needle), "htons(%d)", w->git_port);
	connect = strstr(trace, needle);
	store = strstr(trace, "\"/etc/ssl/certs/");
	if (!connect || !store || store < connect)
		fail_msg("the CA store must be read after connecting:\n%s",
			 trace);
	free(trace);
}

/*
 * libssh2, and the OpenSSL set-up it does, starts when an SSH session is
 * first made, not when the command starts (src/cli/tls_defer.c): an
 * offline audit never starts it; a clone over ssh starts it once
 * connected.  A probe preloaded behind the command sees libssh2 start.
 */
static void test_tls_ssh_started_at_first_session(void **state)
{
	struct world *w = *state;
	const char *probe = getenv("VIGIE_SSH2_PROBE_SO");
	const char *sanitize = getenv("VIGIE_SANITIZE");
	char *out = NULL, port_s[16];
	int port, pid, code;

	/* (LD_PRELOAD cannot go before a sanitizer's runtime) */
	if (!probe || (sanitize && strcmp(sanitize, "none")))
		skip();
	code = fx_sh_out(&out, w->home,
			 "export LD_PRELOAD='%s' VIGIE_SSH2_PROBE='%s/probe.off' "
			 "HOME='%s' XDG_CACHE_HOME='%s/c'; "
			 "'%s' audit '%s/etalab/demo.git' --offline --format json "
			 ">/dev/null 2>&1 || exit 70; "
			 "test ! -e probe.off || { echo started; cat probe.off; }",
			 probe, w->home, w->home, w->home, fx_vigie_bin(), w->served);
	assert_int_equal(code, 0);
	assert_string_equal(out, "");
	free(out);

	/* a server that answers as SSH does, then hangs up */
	port = fx_free_port();
	snprintf(port_s, sizeof(port_s), "%d", port);
	pid = fx_spawn((const char *const[]){
		"python3", "-c",
		"import socket, sys\n"
		"s = socket.socket()\n"
		"s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
		"s.bind(('127.0.0.1', int(sys.argv[1])))\n"
		"s.listen(8)\n"
		"while True:\n"
		"    c, _ = s.accept()\n"
		"    c.sendall(b'SSH-2.0-vigie-test\\r\\n')\n"
		"    c.close()\n",
		port_s, NULL });
	fx_wait_port(port);
	code = fx_sh_out(&out, w->home,
			 "export LD_PRELOAD='%s' VIGIE_SSH2_PROBE='%s/probe.on' "
			 "HOME='%s' XDG_CACHE_HOME='%s/c'; "
			 "'%s' audit 'ssh://git@127.0.0.1:%d/etalab/demo.git' "
			 "--format json >/dev/null 2>&1; "
			 "echo \"exit $?\"; cat probe.on",
			 probe, w->home, w->home, w->home, fx_vigie_bin(), port);
	fx_stop(pid);
	assert_int_equal(code, 0);
	if (!strstr(out, "init\n") || strstr(out, "exit 0\n"))
		fail_msg("libssh2 must start for an ssh clone (which fails):\n%s", out);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, per_test, per_test_done)
		T(test_tls_unknown_ca_is_one_line_and_exit_3),
		T(test_tls_ca_file_flag),
		T(test_tls_ca_path_flag),
		T(test_tls_ssl_cert_file),
		T(test_tls_git_ssl_cainfo),
		T(test_tls_git_config_sslcainfo),
		T(test_tls_precedence),
		T(test_tls_forge_api_needs_the_ca),
		T(test_tls_batch_listing_takes_the_ca),
		T(test_tls_unreadable_ca_is_exit_2),
		T(test_tls_resolve_levels),
		T(test_tls_system_store_read_at_first_handshake),
		T(test_tls_ssh_started_at_first_session),
#undef T
	};

	return fx_run_group_tests(tests, setup, teardown);
}
