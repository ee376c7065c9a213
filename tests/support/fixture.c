/* SPDX-License-Identifier: EUPL-1.2 */
/* Test fixtures: temporary directories and real git repositories. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#include "vigie/buf.h"
#include <jansson.h>

#include "fixture.h"
#include "fs.h"

char *fx_tmpdir(const char *tag)
{
	const char *base = getenv("TMPDIR");
	struct vigie_buf b = VIGIE_BUF_INIT;

	vigie_buf_printf(&b, "%s/vigie-test-%s-XXXXXX",
			 base && *base ? base : "/tmp", tag);
	if (!mkdtemp(b.ptr))
		fail_msg("mkdtemp: %s", strerror(errno));
	return vigie_buf_detach(&b, NULL);
}

void fx_rmdir(char *path)
{
	/* VIGIE_TEST_KEEP=1 keeps the fixtures, to look at a failure. */
	if (path && !getenv("VIGIE_TEST_KEEP"))
		vigie_remove_tree(path);
	free(path);
}

void fx_write_bytes(const char *dir, const char *rel, const void *data,
		    size_t len)
{
	struct vigie_buf p = VIGIE_BUF_INIT;
	FILE *f;

	vigie_buf_printf(&p, "%s/%s", dir, rel);
	if (vigie_mkdirs_parent(p.ptr) < 0)
		fail_msg("mkdir for %s: %s", p.ptr, strerror(errno));
	f = fopen(p.ptr, "wb");
	if (!f)
		fail_msg("open %s: %s", p.ptr, strerror(errno));
	if (len && fwrite(data, 1, len, f) != len)
		fail_msg("write %s", p.ptr);
	fclose(f);
	vigie_buf_release(&p);
}

void fx_write(const char *dir, const char *rel, const char *content)
{
	fx_write_bytes(dir, rel, content, strlen(content));
}

static int run(char **out, const char *dir, const char *cmd)
{
	struct vigie_buf full = VIGIE_BUF_INIT, captured = VIGIE_BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *p;
	int status;

	/*
	 * git with no automatic maintenance: each commit would start a
	 * "git maintenance run --auto" (a third of test_history's processes,
	 * 5 to 7 ms each on a virtual machine).  A shell function, not git's
	 * configuration variables in the environment, which vigie run
	 * from the same command would see (and leave its reader for libgit2).
	 * git and python3 without meson's MALLOC_PERTURB_, which is there for
	 * vigie: in git, it fills every buffer git allocates, touching its
	 * pages (a quarter of the suite's page faults, for no check of ours).
	 */
	vigie_buf_printf(&full,
			 "git() { MALLOC_PERTURB_=0 command git "
			 "-c maintenance.auto=false \"$@\"; }; "
			 "python3() { MALLOC_PERTURB_=0 command python3 \"$@\"; }; "
			 "cd '%s' && export GIT_AUTHOR_NAME='Test Author' "
			 "GIT_AUTHOR_EMAIL=author@example.org "
			 "GIT_COMMITTER_NAME='Test Committer' "
			 "GIT_COMMITTER_EMAIL=committer@example.org "
			 "GIT_CONFIG_NOSYSTEM=1 HOME='%s' "
			 "GIT_AUTHOR_DATE=\"${GIT_AUTHOR_DATE:-2026-01-01T00:00:00Z}\" "
			 "GIT_COMMITTER_DATE=\"${GIT_COMMITTER_DATE:-2026-01-01T00:00:00Z}\" "
			 "&& { %s ; }",
			 dir, dir, cmd);
	p = popen(full.ptr, "r");
	if (!p)
		fail_msg("popen: %s", strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		vigie_buf_add(&captured, chunk, n);
	status = pclose(p);
	vigie_buf_release(&full);
	if (out)
		*out = captured.ptr ? vigie_buf_detach(&captured, NULL) : strdup("");
	vigie_buf_release(&captured);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

void fx_sh(const char *dir, const char *fmt, ...)
{
	char cmd[8192];
	char *out = NULL;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = run(&out, dir, cmd);
	if (rc != 0)
		fail_msg("command failed (%d): %s\n%s", rc, cmd, out);
	free(out);
}

int fx_sh_out(char **out, const char *dir, const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return run(out, dir, cmd);
}

char *fx_repo_new(const char *tag)
{
	char *dir = fx_tmpdir(tag);

	/* the settings as git config writes them, with one process, not 4 */
	fx_sh(dir, "git init -q -b main . && printf '[user]\\n\\tname = Test Author\\n"
		   "\\temail = author@example.org\\n[commit]\\n\\tgpgsign = false\\n' "
		   ">> .git/config");
	return dir;
}

void fx_commit(const char *dir, const char *msg)
{
	fx_sh(dir, "git add -A && git commit -q --allow-empty -m '%s'", msg);
}

const char *fx_vigie_bin(void)
{
	const char *b = getenv("VIGIE_BIN");

	if (!b || !*b)
		fail_msg("VIGIE_BIN is not set (run the tests with meson test)");
	return b;
}

const char *fx_source_root(void)
{
	const char *b = getenv("VIGIE_SOURCE_ROOT");

	if (!b || !*b)
		fail_msg("VIGIE_SOURCE_ROOT is not set (run with meson test)");
	return b;
}

/* "K/N" into *k and *of; 0, or -1 when it is not one. */
static int parse_share(const char *s, unsigned long *k, unsigned long *of)
{
	char *end;

	*k = strtoul(s, &end, 10);
	*of = *end == '/' ? strtoul(end + 1, &end, 10) : 0;
	return *end || *k < 1 || *of < 1 || *k > *of ? -1 : 0;
}

int fx_run_group_tests_(const char *name, const struct CMUnitTest *tests,
			size_t n, CMFixtureFunction setup,
			CMFixtureFunction teardown)
{
	const char *shard = getenv("VIGIE_TEST_SHARD");
	const char *forks = getenv("VIGIE_TEST_FORK");
	struct CMUnitTest *mine;
	unsigned long k = 1, of = 1;
	size_t i, m = 0;
	int rc;

	if (shard && *shard && parse_share(shard, &k, &of) < 0) {
		fprintf(stderr, "VIGIE_TEST_SHARD=%s: expected K/N, 1 <= K <= N\n",
			shard);
		return 1;
	}
	/*
	 * VIGIE_TEST_FORK=N: this process runs its N shares at once, in N
	 * children, and fails when one of them does.  For modules whose cases
	 * mostly wait (time limits, rate limits, a silent server): their
	 * waits overlap the other tests' work, where meson runs no more tests
	 * than there are cores.  Each child prints its lines whole.
	 */
	if ((!shard || !*shard) && forks && *forks) {
		unsigned long nf = strtoul(forks, NULL, 10);
		pid_t *pids = nf > 1 ? calloc(nf, sizeof(*pids)) : NULL;
		int failed = 0, status;

		if (nf > 1 && !pids)
			return 1;
		fflush(stdout);
		fflush(stderr);
		for (i = 0; pids && i < nf; i++) {
			pids[i] = fork();
			if (pids[i] < 0) {
				nf = i; /* wait for those started */
				failed++;
				break;
			}
			if (pids[i] == 0) {
				free(pids);
				pids = NULL;
				setvbuf(stdout, NULL, _IOLBF, 0);
				k = i + 1;
				of = nf;
				break;
			}
		}
		if (pids) {
			for (i = 0; i < nf; i++)
				if (waitpid(pids[i], &status, 0) < 0 ||
				    !WIFEXITED(status) || WEXITSTATUS(status))
					failed++;
			free(pids);
			return failed ? 1 : 0;
		}
	}
	mine = calloc(n ? n : 1, sizeof(*mine));
	if (!mine)
		return 1;
	for (i = 0; i < n; i++)
		if (i % of == k - 1)
			mine[m++] = tests[i];
	rc = _cmocka_run_group_tests(name, mine, m, setup, teardown);
	free(mine);
	return rc;
}

int fx_free_port(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
		fail_msg("cannot find a free port: %s", strerror(errno));
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

int fx_spawn(const char *const argv[])
{
	pid_t pid = fork();

	if (pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		setpgid(0, 0);
		/* a server of the tests, not vigie: see run() */
		unsetenv("MALLOC_PERTURB_");
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	return (int)pid;
}

void fx_stop(int pid)
{
	if (pid <= 0)
		return;
	kill(-pid, SIGTERM);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

void fx_wait_port(int port)
{
	struct sockaddr_in sa;
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (i = 0; i < 300; i++) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		int ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
		close(fd);
		if (ok)
			return;
		sleep_ms(50);
	}
	fail_msg("nothing listens on 127.0.0.1:%d", port);
}

int fx_wait_portfile(const char *path)
{
	int i;

	for (i = 0; i < 300; i++) {
		FILE *f = fopen(path, "r");
		int port = 0;
		if (f) {
			if (fscanf(f, "%d", &port) != 1)
				port = 0;
			fclose(f);
			if (port > 0)
				return port;
		}
		sleep_ms(50);
	}
	fail_msg("no port written to %s", path);
	return -1;
}

int fx_git_daemon(const char *base, int *port)
{
	char portarg[32], basearg[1024];
	const char *argv[] = { "git", "daemon", "--reuseaddr", "--export-all",
			       "--listen=127.0.0.1", portarg, basearg, base, NULL };
	int pid;

	*port = fx_free_port();
	snprintf(portarg, sizeof(portarg), "--port=%d", *port);
	snprintf(basearg, sizeof(basearg), "--base-path=%s", base);
	pid = fx_spawn(argv);
	fx_wait_port(*port);
	return pid;
}

int fx_http_git(const char *base, int *port)
{
	struct vigie_buf script = VIGIE_BUF_INIT, pf = VIGIE_BUF_INIT;
	const char *argv[] = { "python3", NULL, base, NULL, NULL };
	int pid;

	vigie_buf_printf(&script, "%s/tests/support/smarthttp.py", fx_source_root());
	vigie_buf_printf(&pf, "%s/.port", base);
	unlink(pf.ptr);
	argv[1] = script.ptr;
	argv[3] = pf.ptr;
	pid = fx_spawn(argv);
	*port = fx_wait_portfile(pf.ptr);
	fx_wait_port(*port);
	vigie_buf_release(&script);
	vigie_buf_release(&pf);
	return pid;
}

void fx_tls_certs(const char *dir)
{
	/* EC keys: quick to make; SANs both as IP and as DNS names, for
	 * TLS libraries that compare only the one or the other. */
	fx_sh(dir,
	      "set -e; "
	      "printf 'basicConstraints=critical,CA:TRUE\\n"
	      "keyUsage=critical,keyCertSign,cRLSign\\n' > ca.ext; "
	      "printf 'basicConstraints=CA:FALSE\\n"
	      "keyUsage=critical,digitalSignature,keyEncipherment\\n"
	      "extendedKeyUsage=serverAuth\\n"
	      "subjectAltName=IP:127.0.0.1,IP:127.0.0.2,DNS:127.0.0.1,"
	      "DNS:127.0.0.2,DNS:localhost\\n' > server.ext; "
	      "for ca in ca other-ca; do "
	      "openssl req -new -newkey ec -pkeyopt "
	      "ec_paramgen_curve:prime256v1 -nodes -keyout $ca.key "
	      "-subj \"/CN=vigie test $ca\" -out $ca.csr 2>/dev/null; "
	      "openssl x509 -req -in $ca.csr -signkey $ca.key -days 3 "
	      "-extfile ca.ext -out $ca.pem 2>/dev/null; done; "
	      "openssl req -new -newkey ec -pkeyopt "
	      "ec_paramgen_curve:prime256v1 -nodes -keyout server.key "
	      "-subj /CN=127.0.0.1 -out server.csr 2>/dev/null; "
	      "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key "
	      "-CAcreateserial -days 3 -extfile server.ext -out server.pem "
	      "2>/dev/null; "
	      "mkdir capath; cp ca.pem capath/; openssl rehash capath");
}

int fx_https_git(const char *base, const char *certdir, int *port)
{
	struct vigie_buf script = VIGIE_BUF_INIT, pf = VIGIE_BUF_INIT;
	struct vigie_buf cert = VIGIE_BUF_INIT, key = VIGIE_BUF_INIT;
	const char *argv[] = { "env", NULL, NULL, "python3", NULL, base, NULL,
			       NULL };
	int pid;

	vigie_buf_printf(&cert, "TLS_CERT=%s/server.pem", certdir);
	vigie_buf_printf(&key, "TLS_KEY=%s/server.key", certdir);
	vigie_buf_printf(&script, "%s/tests/support/smarthttp.py", fx_source_root());
	vigie_buf_printf(&pf, "%s/.port", base);
	unlink(pf.ptr);
	argv[1] = cert.ptr;
	argv[2] = key.ptr;
	argv[4] = script.ptr;
	argv[6] = pf.ptr;
	pid = fx_spawn(argv);
	*port = fx_wait_portfile(pf.ptr);
	fx_wait_port(*port);
	vigie_buf_release(&script);
	vigie_buf_release(&pf);
	vigie_buf_release(&cert);
	vigie_buf_release(&key);
	return pid;
}

int fx_hostile_git(const char *mode, const char *root, int *port)
{
	struct vigie_buf script = VIGIE_BUF_INIT, pf = VIGIE_BUF_INIT;
	const char *argv[] = { "python3", NULL, mode, NULL, root, NULL };
	int pid;

	vigie_buf_printf(&script, "%s/tests/support/hostile_git.py", fx_source_root());
	vigie_buf_printf(&pf, "%s/.port-%s", root, mode);
	unlink(pf.ptr);
	argv[1] = script.ptr;
	argv[3] = pf.ptr;
	pid = fx_spawn(argv);
	*port = fx_wait_portfile(pf.ptr);
	fx_wait_port(*port);
	vigie_buf_release(&script);
	vigie_buf_release(&pf);
	return pid;
}

int fx_vigie(char **out, char **err, const char *dir, const char *fmt, ...)
{
	char args[4096];
	char *errfile = fx_tmpdir("stderr");
	struct vigie_buf cmd = VIGIE_BUF_INIT, ef = VIGIE_BUF_INIT;
	va_list ap;
	FILE *f;
	int rc;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	vigie_buf_printf(&ef, "%s/err", errfile);
	vigie_buf_printf(&cmd, "$VIGIE_WRAPPER '%s' %s 2>'%s'", fx_vigie_bin(),
			 args, ef.ptr);
	rc = run(out, dir, cmd.ptr);
	if (err) {
		struct vigie_buf e = VIGIE_BUF_INIT;
		char chunk[4096];
		size_t n;
		f = fopen(ef.ptr, "r");
		while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			vigie_buf_add(&e, chunk, n);
		if (f)
			fclose(f);
		*err = e.ptr ? vigie_buf_detach(&e, NULL) : strdup("");
	}
	vigie_buf_release(&cmd);
	vigie_buf_release(&ef);
	fx_rmdir(errfile);
	return rc;
}

void fx_assert_json_equal(struct json_t *a, struct json_t *b, const char *what)
{
	if (!json_equal(a, b)) {
		char *x = json_dumps(a, JSON_SORT_KEYS);
		char *y = json_dumps(b, JSON_SORT_KEYS);
		fail_msg("%s differ:\n%s\n%s", what, x, y);
	}
}
