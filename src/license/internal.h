/* SPDX-License-Identifier: EUPL-1.2 */
/* What the license modules share: the loaded database and its indexes. */
#ifndef VIGIE_LICENSE_INTERNAL_H
#define VIGIE_LICENSE_INTERNAL_H

#include <stdint.h>

#include "vigie/license.h"
#include "vigie/sys/license.h"

#define NO_WORD UINT32_MAX

/*
 * The index rules/licenses/index.py writes (little-endian, which the byte
 * order mark checks): a header, then 8-byte aligned sections the library
 * reads in place.  Keep in step with index.py; bump LIC_INDEX_FORMAT in both.
 */
#define LIC_INDEX_NAME "license-index.bin" /* in vigie_embedded_files */
#define LIC_INDEX_FORMAT 2u
#define LIC_INDEX_BYTE_ORDER 0x0A0B0C0Du

struct lic_index_header {
	char magic[8];          /* "vigielic" */
	uint32_t format, byte_order, total;
	uint32_t nvocab, hash_size, nentries, nnames, max_name_words;
	uint32_t strings, strings_len;
	uint32_t vocab;         /* uint32_t[nvocab]: string offsets */
	uint32_t hash;          /* uint16_t[hash_size] */
	uint32_t entries;       /* struct lic_index_entry[nentries] */
	uint32_t words, nwords; /* uint16_t[nwords]: sequences, sets, options */
	uint32_t post_start;    /* uint32_t[nvocab + 1] */
	uint32_t postings, npostings; /* uint16_t[npostings]: license indices */
	uint32_t names;         /* uint32_t[nnames][2]: key, id offsets */
	uint32_t sets_at;       /* words: sequences before, sets and options
				   (checked at load) from here */
	uint32_t reserved[2];
	char version[32];       /* SPDX list version, NUL-terminated */
};

struct lic_index_entry {
	uint32_t id, name, twins, flags; /* string offsets */
	uint32_t seq, nseq, set, nset, opt, nopt; /* word ranges */
	uint32_t nmain;
	uint32_t reserved;
};

_Static_assert(sizeof(struct lic_index_header) == 128, "index header layout");
_Static_assert(sizeof(struct lic_index_entry) == 48, "index entry layout");

/* Everything below points into the license index embedded in the library
 * (built by rules/licenses/index.py, checked once by db.c): nothing is
 * decoded or copied at run time but the small entry table. */
struct lic_entry {
	struct vigie_license_info info;
	const uint16_t *seq; /* the words in order, as vocabulary indices
			      (unchecked at load: bigram keys, or checked
			      where spelt out) */
	size_t nseq;
	const uint16_t *set; /* the distinct required words */
	size_t nset;
	const uint16_t *opt; /* words only in optional parts or variables */
	size_t nopt;
	size_t nmain;        /* words of the required parts */
};

struct lic_db {
	const char *version;
	const char *strings;         /* NUL-terminated strings, by offset */
	const uint32_t *vocab;       /* string offset of each word */
	size_t nvocab;
	const uint16_t *hash; /* open addressing: vocabulary index + 1, 0 empty */
	size_t hash_mask;
	const uint16_t *postings;    /* licenses holding each word, by word */
	const uint32_t *post_start;  /* nvocab + 1 offsets into postings */
	struct lic_entry *e;
	size_t n;
	const uint32_t *names; /* (key, id) string offsets, sorted by key */
	size_t nnames;
	size_t max_name_words;
};

/*
 * Point db into the index of len bytes at data (8-byte aligned), after
 * checking its header, the bounds of every offset and the word ids the
 * matcher indexes with: 0, or -1 when it is damaged (or out of memory).
 * data must outlive db; lic_db_release() frees the entry table.
 */
int lic_db_init(struct lic_db *db, const char *data, size_t len);
/* The same for an index compiled in (the build's, checked deep by the
 * tests): the header, the section bounds and the entries only. */
int lic_db_init_compiled_in(struct lic_db *db, const char *data, size_t len);
void lic_db_release(struct lic_db *db);

/* The loaded license database, or NULL when loading failed. */
const struct lic_db *lic_db(void);
/* The loaded database of a family, or NULL when loading failed. */
const struct lic_db *lic_db_of(enum vigie_license_family f);
/* The vocabulary index of a word, or NO_WORD. */
uint32_t lic_word_index(const struct lic_db *db, const char *w, size_t n);
/* Where the matcher's 16-bit stamps start counting for a text (0): the
 * tests start them near their wrap, which a text then goes through. */
extern uint16_t lic_tick_origin;
/* The SPDX id named by key k (n bytes; a trailing '?' marks a guess), or
 * NULL. */
const char *lic_name_find(const struct lic_db *db, const char *k, size_t n);
/* The id of the name k[0..n) or NULL, and whether a longer name begins
 * with k and a space (another word may still make a name). */
const char *lic_name_lookup(const struct lic_db *db, const char *k, size_t n,
			    bool *longer);
/* FNV-1a, for the small hash tables of the matcher. */
uint32_t lic_hash(const void *p, size_t n);

/*
 * The words of a text as license names are written (notice.c).  Each
 * word's bytes are in one pool rather than in its token: a long license
 * was some 200 KiB of tokens, fresh pages that cost a `vigie license` of
 * one file a fifth of its time; 16 bytes a token and the words themselves
 * are a sixth of that.
 */
#define LIC_TOKEN_MAX 40 /* a longer word is no name: not a token */
struct ntok {
	const char *s; /* NUL-terminated, in the pool */
	size_t at;     /* byte offset in the text */
};

struct ntoks {
	struct ntok *t;
	size_t n, alloc;
	char *pool;
	size_t pool_len, pool_alloc;
};

/* Fill v (initialised by the call; lic_ntoks_release it; left empty on error). */
int lic_ntokenize(struct ntoks *v, const char *text, size_t len);
void lic_ntoks_release(struct ntoks *v);

/* Reference scanning (notice.c): append what notices in text name. */
#define LIC_HAS_TEXT 0x100u /* opts: full texts were found */
int lic_notice_scan(struct vigie_license_result *r, const char *text,
		    size_t len, const struct ntoks *tokens, unsigned opts,
		    const size_t *spans, size_t nspans);
/* Do the words outside the spans offer a choice (dual licensing)? */
bool lic_notice_join_or(const struct ntoks *tokens, const size_t *spans,
			size_t nspans);
/* Does the text say "or (at your option) any later version" outside the
 * license's own appendix? */
bool lic_notice_or_later(const struct ntoks *tokens);
/* The SPDX exception (GCC-exception-2.0...) the text grants beside the
 * license id, or NULL. */
const char *lic_notice_exception(const struct ntoks *tokens, const char *id);
/* Does the text carry MPL-2.0's Exhibit B notice outside the license? */
bool lic_notice_mpl_incompatible(const struct ntoks *tokens);

/* ---- licenses told by structure or grant (grant.c) ------------------- */

/* The confidence of a text told by its structure (the EUPL in a language
 * the database does not hold): the title, version, copyright line,
 * fifteen articles and appendix all agree. */
#define LIC_STRUCTURE_CONFIDENCE 0.95
/* Bytes [first, end) of a text. */
struct lic_span {
	size_t first, end;
};

/*
 * Every EUPL text of a file told by its structure (grant.c), in order, at
 * most max: their spans and ids ("EUPL-1.2", "EUPL-1.1").  A file holding
 * the license in several languages has one per language.
 */
size_t lic_eupl_structures(const char *text, size_t len,
			   const struct ntoks *v, struct lic_span *out,
			   const char **ids, size_t max);

/* "EUPL-1.2", "EUPL-1.1" or NULL; *first, *end: the bytes it spans. */
const char *lic_eupl_structure(const char *text, size_t len,
			       const struct ntoks *v, size_t *first,
			       size_t *end);
/* Does an unlisted license text grant the four freedoms in plain words? */
bool lic_grants_freedoms(const char *text, size_t len);

/* Add a match to a result (deduplicated by id, keeping the best). */
int lic_result_add(struct vigie_license_result *r, const char *id,
		   double confidence, enum vigie_license_method method,
		   size_t first, size_t last);

/* The name key of s (tokens as names.tsv has them) into out. */
int lic_name_key(char *out, size_t outlen, const char *s, size_t n);

/* The license section of a README, if any. */
bool lic_readme_section(const char *text, size_t len, size_t *off, size_t *n);

/* Does text[from, to) introduce third-party material ("bundled",
 * "third-party", "dependencies")? */
bool lic_third_party_between(const char *text, size_t from, size_t to);

/* ---- REUSE annotations (reuse.c) ------------------------------------- */

/* One [[annotations]] table of REUSE.toml, or one Files paragraph of
 * .reuse/dep5: the globs it covers and the license expression it gives. */
struct lic_reuse_ann {
	char **globs;
	size_t nglobs;
	char *expr;      /* as written; NULL if the annotation names none */
	size_t coverage; /* paths of the tree it covers (set by the caller) */
};

struct lic_reuse {
	struct lic_reuse_ann *a;
	size_t n;
	bool star_crosses; /* dep5: '*' matches '/' */
};

/* Parse REUSE.toml / .reuse/dep5 (untrusted, bounded by len); out is
 * initialised by the call; -1 only when out of memory. */
int lic_reuse_parse_toml(struct lic_reuse *out, const char *text, size_t len);
int lic_reuse_parse_dep5(struct lic_reuse *out, const char *text, size_t len);
void lic_reuse_release(struct lic_reuse *r);
/* Does path match a REUSE glob? */
bool lic_glob_match(const char *pat, const char *path, bool star_crosses);

#endif
