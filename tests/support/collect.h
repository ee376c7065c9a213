/* SPDX-License-Identifier: EUPL-1.2 */
/* Test helpers for collectors: run them on a repository, read test data. */
#ifndef VIGIE_TEST_COLLECT_H
#define VIGIE_TEST_COLLECT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "vigie/vigie.h"
#include "json.h"

struct collected {
	struct vigie_target t;
	struct vigie_source *src;
	struct vigie_snapshot *snap;
	json_t *facts;
	json_t *problems;
};

/* Run every collector, offline, on the HEAD of the repository at dir. */
static inline void collect_facts(struct collected *r, const char *dir)
{
	struct vigie_collect_opts o;
	struct vigie_collect_ctx ctx;
	struct vigie_error err;

	memset(r, 0, sizeof(*r));
	vigie_collect_opts_init(&o);
	o.offline = true;
	if (vigie_target_parse(&r->t, dir, &err) < 0)
		fail_msg("%s: %s", err.where, err.message);
	if (vigie_source_open(&r->src, &r->t, NULL, &err) < 0)
		fail_msg("%s: %s", err.where, err.message);
	assert_int_equal(vigie_snapshot_open(&r->snap, r->src, NULL, &err), 0);
	ctx.snap = r->snap;
	ctx.target = &r->t;
	ctx.opts = &o;
	ctx.facts = NULL;
	assert_int_equal(vigie_facts_collect(&r->facts, &r->problems, NULL,
					     &ctx, &err), 0);
}

static inline void collected_release(struct collected *r)
{
	json_decref(r->facts);
	json_decref(r->problems);
	vigie_snapshot_free(r->snap);
	vigie_source_free(r->src);
	vigie_target_release(&r->t);
}

/* A file of tests/data, whole, NUL-terminated (malloc'd). */
static inline char *test_data(const char *rel)
{
	struct vigie_buf path = VIGIE_BUF_INIT, b = VIGIE_BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f;

	vigie_buf_printf(&path, "%s/tests/data/%s", fx_source_root(), rel);
	f = fopen(path.ptr, "rb");
	if (!f)
		fail_msg("cannot open %s", path.ptr);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vigie_buf_add(&b, chunk, n);
	fclose(f);
	vigie_buf_puts(&b, "");
	vigie_buf_release(&path);
	return vigie_buf_detach(&b, NULL);
}

/* Copy tests/data/rel to dir/dest. */
static inline void put_data(const char *dir, const char *dest, const char *rel)
{
	char *s = test_data(rel);

	fx_write(dir, dest, s);
	free(s);
}

/* The fact at a dotted path as compact JSON ("null" when absent). */
static inline char *fact_json(json_t *facts, const char *path)
{
	json_t *v = vigie_json_path(facts, path);
	char *s = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;

	return s ? s : strdup("null");
}

#define assert_fact(facts, path, expected)                                   \
	do {                                                                 \
		char *got_ = fact_json(facts, path);                         \
		if (strcmp(got_, expected))                                  \
			fail_msg("fact %s: expected %s, got %s", path,       \
				 expected, got_);                            \
		free(got_);                                                  \
	} while (0)

#endif
