/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * The libraries libvigie opens with dlopen when a stage first needs them
 * (libs.c), as it does libgit2 (git2_api.h), libcurl, libsqlite3 and
 * libpsl.
 *
 * Linked at load time, PCRE2, libyaml, libdeflate and zlib cost every
 * process about 0.45 ms before main (26 page faults: `perf stat` of an
 * empty program linked with them and without), `vigie --version` and
 * `vigie license` included, which use none of them.  So libvigie does not
 * link them: every call goes through a table filled when vigie_lib_load()
 * first succeeds.  The files that call one include its header here
 * (pcre2_api.h, yaml_api.h, zlib_api.h) instead of the library's; the
 * names keep the library's spelling (each a macro for its table entry),
 * so the code reads as it did, and a function used but not listed is an
 * undefined symbol, which the link of libvigie.so refuses.
 *
 * Whoever calls a function must have loaded its library first: the entry
 * points do (a pattern's compilation, a YAML parse, a pack set and a loose
 * object reader opened).  The functions that free take NULL, as the
 * library's do, whether the library is loaded or not.
 */
#ifndef VIGIE_UTIL_LIBS_H
#define VIGIE_UTIL_LIBS_H

#include "vigie/error.h"

enum vigie_lib {
	VIGIE_LIB_PCRE2,   /* libpcre2-8.so.0: the rules' patterns */
	VIGIE_LIB_YAML,    /* libyaml-0.so.2: publiccode.yml and the like */
	VIGIE_LIB_DEFLATE, /* libdeflate.so.0: the objects of packs */
	VIGIE_LIB_ZLIB,    /* libz.so.1: loose objects, the heads of blobs */
	VIGIE_LIB_COUNT
};

/*
 * Open lib (once for the process; any thread): 0, or VIGIE_EGENERIC with
 * err (which may be NULL) naming the library and why ("cannot load %s:
 * %s", as vigie_lib_soname() and vigie_lib_failure() give them).
 */
int vigie_lib_load(enum vigie_lib lib, struct vigie_error *err);
const char *vigie_lib_soname(enum vigie_lib lib);
/* Why lib did not load ("" before a try, or when it did). */
const char *vigie_lib_failure(enum vigie_lib lib);

#endif
