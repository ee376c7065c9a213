// SPDX-License-Identifier: EUPL-1.2
/*
 * LD_PRELOAD shim for the fault-injection test (tests/fault/faults.py):
 * the FAILMALLOC_AT-th allocation made by vigie's own code (the program or
 * libvigie) returns NULL with ENOMEM.  Those of the libraries are left
 * alone: how they bear a failed malloc is theirs to test (libgit2 1.5
 * crashes in git_libgit2_init and git_config_snapshot, jansson 2.14 asserts
 * in its lexer).  At exit, the number of such allocations is written to
 * FAILMALLOC_COUNT (a file) when set, so that the runner knows how many
 * there are to fail.  With FAILMALLOC_WHERE (a file) set, the stack of the
 * failed allocation is written there (backtrace_symbols_fd: resolve the
 * offsets with addr2line) to tell which site a failing run went through.
 * With FAILMALLOC_ONLY set, only a program of that name is touched (under
 * valgrind --trace-children, its launcher loads the shim too).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

struct range {
	uintptr_t lo, hi;
};

static struct range ranges[8];
static int nranges = -1;
static long fail_at = -1, count;

static int add_range(struct dl_phdr_info *info, size_t size, void *data)
{
	const char *name = info->dlpi_name;
	int i;

	(void)size;
	(void)data;
	/* the program itself (no name) and libvigie */
	if (name[0] && !strstr(name, "libvigie"))
		return 0;
	for (i = 0; i < info->dlpi_phnum && nranges < 8; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		ranges[nranges].lo = info->dlpi_addr + ph->p_vaddr;
		ranges[nranges].hi = ranges[nranges].lo + ph->p_memsz;
		nranges++;
	}
	return 0;
}

static void report(void)
{
	const char *path = getenv("FAILMALLOC_COUNT");
	FILE *f;

	if (path && (f = fopen(path, "w"))) {
		fprintf(f, "%ld\n", count);
		fclose(f);
	}
}

static void where(void)
{
	const char *path = getenv("FAILMALLOC_WHERE");
	void *frames[32];
	int fd, n;

	if (!path || (fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
		return;
	n = backtrace(frames, 32);
	backtrace_symbols_fd(frames, n, fd);
	close(fd);
}

static int failing(void *caller)
{
	uintptr_t a = (uintptr_t)caller;
	int i;

	if (nranges < 0) {
		const char *v = getenv("FAILMALLOC_AT");
		const char *only = getenv("FAILMALLOC_ONLY");
		nranges = 0;
		if (only && strcmp(only, program_invocation_short_name))
			return 0;
		fail_at = v ? atol(v) : -1;
		dl_iterate_phdr(add_range, NULL);
		atexit(report);
	}
	for (i = 0; i < nranges; i++)
		if (a >= ranges[i].lo && a < ranges[i].hi)
			if (++count == fail_at) {
				where();
				return 1;
			}
	return 0;
}

void *malloc(size_t s)
{
	if (failing(__builtin_return_address(0))) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_malloc(s);
}

void *calloc(size_t n, size_t s)
{
	if (failing(__builtin_return_address(0))) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_calloc(n, s);
}

void *realloc(void *p, size_t s)
{
	if (failing(__builtin_return_address(0))) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_realloc(p, s);
}

/* strdup and strndup allocate inside libc: seen from their caller here. */
char *strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	if (failing(__builtin_return_address(0))) {
		errno = ENOMEM;
		return NULL;
	}
	p = __libc_malloc(n);
	return p ? memcpy(p, s, n) : NULL;
}

char *strndup(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char *p;

	if (failing(__builtin_return_address(0))) {
		errno = ENOMEM;
		return NULL;
	}
	p = __libc_malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
