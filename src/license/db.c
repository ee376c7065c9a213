/* SPDX-License-Identifier: EUPL-1.2 */
/* The reference text databases compiled into the library, used in place:
 * the licenses (rules/licenses/) and the codes of conduct (rules/conduct/). */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vigie/i18n.h"
#include "internal.h"
#include "embedded.h"
#include "banned.h"
#include "vigie/sys/license.h"

/* Where each family's index is embedded (index.py's output), and what an
 * error names. */
static const struct {
	const char *index, *where;
} family_files[VIGIE_LICENSE_FAMILY_COUNT] = {
	{ LIC_INDEX_NAME, "licenses/licenses.tsv" },
	{ "conduct-index.bin", "conduct/conduct.tsv" },
};

static struct lic_db dbs[VIGIE_LICENSE_FAMILY_COUNT];
static int load_rc[VIGIE_LICENSE_FAMILY_COUNT] = { -1, -1 };
static pthread_once_t once[VIGIE_LICENSE_FAMILY_COUNT] = {
	PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT,
};

uint32_t lic_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 16777619u;
	}
	return h;
}

static inline const char *word_at(const struct lic_db *db, size_t i)
{
	return db->strings + db->vocab[i];
}

uint32_t lic_word_index(const struct lic_db *db, const char *w, size_t n)
{
	uint32_t h = lic_hash(w, n) & db->hash_mask;

	while (db->hash[h]) {
		const char *v = word_at(db, db->hash[h] - 1u);
		if (!strncmp(v, w, n) && v[n] == '\0')
			return db->hash[h] - 1u;
		h = (h + 1) & db->hash_mask;
	}
	return NO_WORD;
}

/* (a switch: every entry's flags are read at load, 700-odd of them) */
static unsigned parse_flags(const char *s)
{
	unsigned f = 0;

	for (; *s; s++) {
		switch (*s) {
		case 'o': f |= VIGIE_LICENSE_OSI; break;
		case 'f': f |= VIGIE_LICENSE_FSF; break;
		case 'c': f |= VIGIE_LICENSE_COPYLEFT; break;
		case 'p': f |= VIGIE_LICENSE_FR_PUBLIC; break;
		case 't': f |= VIGIE_LICENSE_TEMPLATE; break;
		case 's': f |= VIGIE_LICENSE_SECONDARY; break;
		case 'l': f |= VIGIE_LICENSE_LIBRE; break;
		case 'n': f |= VIGIE_LICENSE_NONLIBRE; break;
		default: break;
		}
	}
	return f;
}

/* Does a section of count items of size bytes at off fit, aligned for
 * its 16 or 32-bit fields? */
static bool fits(const struct lic_index_header *h, uint32_t off, uint64_t count,
		 size_t size)
{
	return off >= sizeof(*h) && off % (size < 4 ? size : 4) == 0 &&
	       (uint64_t)off + count * size <= h->total;
}

/* Are all n values of v below limit (at most 65536)?  v - limit wraps
 * past 2^31 exactly when v < limit: the AND of eight such lanes keeps bit 31
 * only if every value is below, a loop the compiler vectorises at -O2 for
 * the 360,000 word and license ids it checks. */
static bool all_below16(const uint16_t *v, size_t n, uint32_t limit)
{
	uint32_t lane[8] = { UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX,
			     UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX };
	uint32_t all = UINT32_MAX;
	size_t i, j;

	for (i = 0; i + 8 <= n; i += 8)
		for (j = 0; j < 8; j++)
			lane[j] &= (uint32_t)v[i + j] - limit;
	for (; i < n; i++)
		all &= (uint32_t)v[i] - limit;
	for (j = 0; j < 8; j++)
		all &= lane[j];
	return all >> 31;
}

static bool all_below32(const uint32_t *v, size_t n, uint32_t limit)
{
	uint32_t max = 0;
	size_t i;

	for (i = 0; i < n; i++)
		max = v[i] > max ? v[i] : max;
	return !n || max < limit;
}

static bool range_ok(const struct lic_index_header *h, uint32_t at, uint32_t n)
{
	return at <= h->nwords && n <= h->nwords - at;
}

/*
 * Check the header and the bounds of everything the matcher will follow,
 * so a damaged index is an error, not a crash.  deep: every id too (word,
 * license, vocabulary offset), which reads the whole index (2.4 MB, 0.6
 * to 0.9 ms of `vigie license`'s 4 to 7).  The index compiled in is the
 * build's own output, checked deep by the tests (test_license): only its
 * header and section bounds are checked at run time.
 */
static int check_index(const char *base, size_t len, bool deep)
{
	const struct lic_index_header *h = (const void *)base;
	const uint32_t *ps;
	size_t i;

	if ((uintptr_t)base % 8 || len < sizeof(*h) ||
	    memcmp(h->magic, "vigielic", 8) || h->format != LIC_INDEX_FORMAT ||
	    h->byte_order != LIC_INDEX_BYTE_ORDER || h->total != len ||
	    !memchr(h->version, '\0', sizeof(h->version)))
		return -1;
	if (!h->nvocab || h->nvocab >= UINT16_MAX || !h->nentries ||
	    h->nentries > UINT16_MAX || h->hash_size <= h->nvocab ||
	    (h->hash_size & (h->hash_size - 1)) || !h->strings_len)
		return -1;
	if (!fits(h, h->strings, h->strings_len, 1) ||
	    base[h->strings + h->strings_len - 1] != '\0' ||
	    !fits(h, h->vocab, h->nvocab, 4) ||
	    !fits(h, h->hash, h->hash_size, 2) ||
	    !fits(h, h->entries, h->nentries, sizeof(struct lic_index_entry)) ||
	    !fits(h, h->words, h->nwords, 2) ||
	    !fits(h, h->post_start, (uint64_t)h->nvocab + 1, 4) ||
	    !fits(h, h->postings, h->npostings, 2) ||
	    !fits(h, h->names, (uint64_t)h->nnames * 2, 4))
		return -1;
	if (!deep)
		return 0;
	if (!all_below32((const uint32_t *)(base + h->vocab), h->nvocab,
			 h->strings_len) ||
	    !all_below32((const uint32_t *)(base + h->names),
			 (size_t)h->nnames * 2, h->strings_len) ||
	    !all_below16((const uint16_t *)(base + h->hash), h->hash_size,
			 h->nvocab + 1) ||
	    h->sets_at > h->nwords ||
	    !all_below16((const uint16_t *)(base + h->words) + h->sets_at,
			 h->nwords - h->sets_at, h->nvocab) ||
	    !all_below16((const uint16_t *)(base + h->postings), h->npostings,
			 h->nentries))
		return -1;
	/* at least one empty slot, or a lookup of an unknown word never ends */
	for (i = 0; i < h->hash_size; i++)
		if (!((const uint16_t *)(base + h->hash))[i])
			break;
	if (i == h->hash_size)
		return -1;
	ps = (const uint32_t *)(base + h->post_start);
	if (ps[0] != 0 || ps[h->nvocab] != h->npostings)
		return -1;
	for (i = 0; i < h->nvocab; i++)
		if (ps[i] > ps[i + 1])
			return -1;
	return 0;
}

static int init(struct lic_db *db, const char *data, size_t len, bool deep)
{
	const struct lic_index_header *h = (const void *)data;
	const struct lic_index_entry *ie;
	const uint16_t *words;
	size_t i;

	memset(db, 0, sizeof(*db));
	if (check_index(data, len, deep) < 0)
		return -1;
	db->version = h->version;
	db->strings = data + h->strings;
	db->vocab = (const uint32_t *)(data + h->vocab);
	db->nvocab = h->nvocab;
	db->hash = (const uint16_t *)(data + h->hash);
	db->hash_mask = h->hash_size - 1;
	db->postings = (const uint16_t *)(data + h->postings);
	db->post_start = (const uint32_t *)(data + h->post_start);
	db->names = (const uint32_t *)(data + h->names);
	db->nnames = h->nnames;
	db->max_name_words = h->max_name_words;
	words = (const uint16_t *)(data + h->words);
	ie = (const struct lic_index_entry *)(data + h->entries);
	/* the only allocation: the public entries point into the index */
	db->e = calloc(h->nentries, sizeof(*db->e));
	if (!db->e)
		return VIGIE_ENOMEM;
	for (i = 0; i < h->nentries; i++, ie++) {
		struct lic_entry *e = &db->e[i];
		if (ie->id >= h->strings_len || ie->name >= h->strings_len ||
		    ie->twins >= h->strings_len || ie->flags >= h->strings_len ||
		    !range_ok(h, ie->seq, ie->nseq) || !ie->nseq ||
		    !range_ok(h, ie->set, ie->nset) || ie->set < h->sets_at ||
		    !range_ok(h, ie->opt, ie->nopt) || ie->opt < h->sets_at ||
		    ie->nset > ie->nseq || ie->nopt > ie->nseq ||
		    ie->nmain > ie->nseq) {
			lic_db_release(db);
			return -1;
		}
		e->info.id = db->strings + ie->id;
		e->info.name = db->strings + ie->name;
		e->info.twins = db->strings + ie->twins;
		e->info.flags = parse_flags(db->strings + ie->flags);
		e->seq = words + ie->seq;
		e->nseq = ie->nseq;
		e->set = words + ie->set;
		e->nset = ie->nset;
		e->opt = words + ie->opt;
		e->nopt = ie->nopt;
		e->nmain = ie->nmain;
	}
	db->n = h->nentries;
	return 0;
}

int lic_db_init(struct lic_db *db, const char *data, size_t len)
{
	return init(db, data, len, true);
}

int lic_db_init_compiled_in(struct lic_db *db, const char *data, size_t len)
{
	return init(db, data, len, false);
}

void lic_db_release(struct lic_db *db)
{
	free(db->e);
	memset(db, 0, sizeof(*db));
}

static void load(enum vigie_license_family f)
{
	const struct vigie_embedded_file *file = vigie_embedded_find(family_files[f].index);

	/* kept for the process' life: nothing to free */
	/* out of memory is told as such (for good: loaded once) */
	if (file)
		load_rc[f] = lic_db_init_compiled_in(&dbs[f], file->data,
						     file->len);
}

static void load_licenses(void)
{
	load(VIGIE_LICENSE_FAMILY_LICENSE);
}

static void load_conduct(void)
{
	load(VIGIE_LICENSE_FAMILY_CONDUCT);
}

static void (*const loaders[VIGIE_LICENSE_FAMILY_COUNT])(void) = {
	load_licenses, load_conduct,
};

const struct lic_db *lic_db_of(enum vigie_license_family f)
{
	if ((unsigned)f >= VIGIE_LICENSE_FAMILY_COUNT)
		return NULL;
	pthread_once(&once[f], loaders[f]);
	return load_rc[f] < 0 ? NULL : &dbs[f];
}

int vigie_license_family_load(enum vigie_license_family f,
			      struct vigie_error *err)
{
	if (!lic_db_of(f) && (unsigned)f < VIGIE_LICENSE_FAMILY_COUNT &&
	    load_rc[f] == VIGIE_ENOMEM)
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	if (!lic_db_of(f))
		return vigie_error_set(err, VIGIE_EINVALID,
				       (unsigned)f < VIGIE_LICENSE_FAMILY_COUNT ?
				       family_files[f].where : "rules",
				       N_("the embedded text database is damaged"));
	return 0;
}

size_t vigie_license_family_count(enum vigie_license_family f)
{
	const struct lic_db *db = lic_db_of(f);

	return db ? db->n : 0;
}

const struct vigie_license_info *
vigie_license_family_get(enum vigie_license_family f, size_t i)
{
	const struct lic_db *db = lic_db_of(f);

	return db && i < db->n ? &db->e[i].info : NULL;
}

int vigie_license_db_load(struct vigie_error *err)
{
	if (!lic_db_of(VIGIE_LICENSE_FAMILY_LICENSE) &&
	    load_rc[VIGIE_LICENSE_FAMILY_LICENSE] == VIGIE_ENOMEM)
		return vigie_error_set(err, VIGIE_ENOMEM, "", "out of memory");
	if (!lic_db_of(VIGIE_LICENSE_FAMILY_LICENSE))
		return vigie_error_set(err, VIGIE_EINVALID, "rules/licenses",
				       "the embedded license database is damaged");
	return 0;
}

const struct lic_db *lic_db(void)
{
	return lic_db_of(VIGIE_LICENSE_FAMILY_LICENSE);
}

const char *vigie_license_db_version(void)
{
	const struct lic_db *db = lic_db();

	return db ? db->version : "";
}

size_t vigie_license_db_count(void)
{
	const struct lic_db *db = lic_db();

	return db ? db->n : 0;
}

const struct vigie_license_info *vigie_license_db_get(size_t i)
{
	const struct lic_db *db = lic_db();

	return db && i < db->n ? &db->e[i].info : NULL;
}

const struct vigie_license_info *vigie_license_db_find(const char *id)
{
	const struct lic_db *db = lic_db();
	size_t i;

	if (!db || !id)
		return NULL;
	for (i = 0; i < db->n; i++)
		if (!strcasecmp(db->e[i].info.id, id))
			return &db->e[i].info;
	return NULL;
}

char *vigie_license_db_words(size_t i)
{
	const struct lic_db *db = lic_db();
	const struct lic_entry *e;
	size_t k, len = 1;
	char *out, *p;

	if (!db || i >= db->n)
		return NULL;
	e = &db->e[i];
	/* the ids of a sequence are checked here, where they index the
	 * vocabulary, rather than all 667,000 of them at load */
	for (k = 0; k < e->nseq; k++) {
		if (e->seq[k] >= db->nvocab)
			return NULL;
		len += strlen(word_at(db, e->seq[k])) + 1;
	}
	out = malloc(len);
	if (!out)
		return NULL;
	p = out;
	for (k = 0; k < e->nseq; k++) {
		const char *w = word_at(db, e->seq[k]);
		size_t n = strlen(w);
		memcpy(p, w, n);
		p += n;
		*p++ = ' ';
	}
	if (p > out)
		p--;
	*p = '\0';
	return out;
}

/* name against the string k[0..n) followed by a space: <0, 0 when name
 * starts with it, >0 */
static int cmp_spaced(const char *name, const char *k, size_t n)
{
	int c = strncmp(name, k, n);

	if (c)
		return c;
	return (int)(unsigned char)name[n] - (int)(unsigned char)' ';
}

const char *lic_name_lookup(const struct lic_db *db, const char *k, size_t n,
			    bool *longer)
{
	size_t lo = 0, hi = db->nnames;
	const char *prev;

	/* the first name at or after "k ": the names that k begins come
	 * there, and k itself just before them (names are words joined by
	 * single spaces: nothing sorts between "k" and "k ") */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cmp_spaced(db->strings + db->names[2 * mid], k, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*longer = lo < db->nnames &&
		  cmp_spaced(db->strings + db->names[2 * lo], k, n) == 0;
	if (!lo)
		return NULL;
	prev = db->strings + db->names[2 * (lo - 1)];
	if (strncmp(prev, k, n) || prev[n] != '\0')
		return NULL;
	return db->strings + db->names[2 * (lo - 1) + 1];
}

const char *lic_name_find(const struct lic_db *db, const char *k, size_t n)
{
	size_t lo = 0, hi = db->nnames;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *key = db->strings + db->names[2 * mid];
		int c = strncmp(key, k, n);
		if (!c && key[n] != '\0')
			c = 1;
		if (!c)
			return db->strings + db->names[2 * mid + 1];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
