/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * libdeflate and zlib, opened when a pack set or a loose object reader is
 * first opened (libs.h): libdeflate inflates whole objects, zlib the first
 * bytes of one (it stops where asked) and loose objects, read in chunks.
 */
#ifndef VIGIE_UTIL_ZLIB_API_H
#define VIGIE_UTIL_ZLIB_API_H

#include <libdeflate.h>
#include <zlib.h>

#include "libs.h"

#define VIGIE_DEFLATE_FUNCTIONS(X) \
	X(libdeflate_alloc_decompressor) \
	X(libdeflate_free_decompressor) \
	X(libdeflate_zlib_decompress)

/* inflateInit() is zlib's macro for inflateInit_() */
#define VIGIE_ZLIB_FUNCTIONS(X) \
	X(inflate) \
	X(inflateEnd) \
	X(inflateInit_)

struct vigie_deflate_api {
#define VIGIE_DEFLATE_FIELD(f) __typeof__(f) *f;
	VIGIE_DEFLATE_FUNCTIONS(VIGIE_DEFLATE_FIELD)
#undef VIGIE_DEFLATE_FIELD
};

struct vigie_zlib_api {
#define VIGIE_ZLIB_FIELD(f) __typeof__(f) *f;
	VIGIE_ZLIB_FUNCTIONS(VIGIE_ZLIB_FIELD)
#undef VIGIE_ZLIB_FIELD
};

extern struct vigie_deflate_api vigie_deflate_api;
extern struct vigie_zlib_api vigie_zlib_api;

static inline void
vigie_libdeflate_free_decompressor(struct libdeflate_decompressor *d)
{
	if (d)
		vigie_deflate_api.libdeflate_free_decompressor(d);
}

#ifndef VIGIE_LIBS_TABLE
#define libdeflate_alloc_decompressor (vigie_deflate_api.libdeflate_alloc_decompressor)
#define libdeflate_free_decompressor vigie_libdeflate_free_decompressor
#define libdeflate_zlib_decompress (vigie_deflate_api.libdeflate_zlib_decompress)
#define inflate (vigie_zlib_api.inflate)
#define inflateEnd (vigie_zlib_api.inflateEnd)
#define inflateInit_ (vigie_zlib_api.inflateInit_)
#endif

#endif
