/* SPDX-License-Identifier: EUPL-1.2 */
/* The reference text databases compiled into the library: the licenses
 * (rules/licenses/) and the codes of conduct (rules/conduct/). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vigie/i18n.h"
#include "internal.h"
#include "embedded.h"
#include "banned.h"

/* Where each family's files are embedded, and whether it has names. */
static const struct {
	const char *vocab, *table, *words, *names;
} family_files[VIGIE_LICENSE_FAMILY_COUNT] = {
	{ "licenses/vocab.txt", "licenses/licenses.tsv", "licenses/words.bin",
	  "licenses/names.tsv" },
	{ "conduct/vocab.txt", "conduct/conduct.tsv", "conduct/words.bin",
	  NULL },
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

static const struct vigie_embedded_file *embedded(const char *name)
{
	size_t i;

	for (i = 0; i < vigie_embedded_count; i++)
		if (!strcmp(vigie_embedded_files[i].name, name))
			return &vigie_embedded_files[i];
	return NULL;
}

static char *copy_of(const char *name, size_t *len)
{
	const struct vigie_embedded_file *f = embedded(name);
	char *p;

	if (!f)
		return NULL;
	p = malloc(f->len + 1);
	if (!p)
		return NULL;
	memcpy(p, f->data, f->len);
	p[f->len] = '\0';
	*len = f->len;
	return p;
}

/* Split s into lines in place; returns the count, fills lines if given. */
static size_t cut_lines(char *s, char **lines)
{
	size_t n = 0;

	while (*s) {
		char *nl = strchr(s, '\n');
		if (lines)
			lines[n] = s;
		n++;
		if (!nl)
			break;
		if (lines)
			*nl = '\0';
		s = nl + 1;
	}
	return n;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct lic_name *)a)->key,
		      ((const struct lic_name *)b)->key);
}

static int load_vocab(struct lic_db *db, const char *file)
{
	size_t len, i, n;
	char **lines;

	db->vocab_text = copy_of(file, &len);
	if (!db->vocab_text)
		return -1;
	n = cut_lines(db->vocab_text, NULL);
	lines = calloc(n + 1, sizeof(*lines));
	if (!lines)
		return -1;
	n = cut_lines(db->vocab_text, lines);
	db->vocab = (const char **)lines;
	db->nvocab = n;
	for (db->hash_mask = 1; db->hash_mask < n * 2; db->hash_mask <<= 1)
		;
	db->hash = calloc(db->hash_mask, sizeof(*db->hash));
	if (!db->hash)
		return -1;
	db->hash_mask--;
	for (i = 0; i < n; i++) {
		uint32_t h = lic_hash(lines[i], strlen(lines[i])) & db->hash_mask;
		while (db->hash[h])
			h = (h + 1) & db->hash_mask;
		db->hash[h] = (uint32_t)i + 1;
	}
	return 0;
}

uint32_t lic_word_index(const struct lic_db *db, const char *w, size_t n)
{
	uint32_t h = lic_hash(w, n) & db->hash_mask;

	while (db->hash[h]) {
		const char *v = db->vocab[db->hash[h] - 1];
		if (!strncmp(v, w, n) && v[n] == '\0')
			return db->hash[h] - 1;
		h = (h + 1) & db->hash_mask;
	}
	return NO_WORD;
}

static unsigned parse_flags(const char *s)
{
	static const struct { char c; unsigned f; } tab[] = {
		{ 'o', VIGIE_LICENSE_OSI }, { 'f', VIGIE_LICENSE_FSF },
		{ 'c', VIGIE_LICENSE_COPYLEFT }, { 'p', VIGIE_LICENSE_FR_PUBLIC },
		{ 't', VIGIE_LICENSE_TEMPLATE }, { 's', VIGIE_LICENSE_SECONDARY },
	};
	unsigned f = 0;
	size_t i;

	for (; *s; s++)
		for (i = 0; i < VIGIE_ARRAY_SIZE(tab); i++)
			if (*s == tab[i].c)
				f |= tab[i].f;
	return f;
}

static int load_entries(struct lic_db *db, const char *table,
			const char *words)
{
	const struct vigie_embedded_file *bin = embedded(words);
	const unsigned char *p, *end;
	size_t len, nl, i;
	char **lines = NULL;
	uint32_t *seen = NULL, tick = 0;
	int rc = -1;

	db->tsv = copy_of(table, &len);
	if (!db->tsv || !bin)
		return -1;
	p = (const unsigned char *)bin->data;
	end = p + bin->len;
	seen = calloc(db->nvocab + 1, sizeof(*seen));
	if (!seen)
		goto out;
	nl = cut_lines(db->tsv, NULL);
	lines = calloc(nl + 1, sizeof(*lines));
	db->e = calloc(nl + 1, sizeof(*db->e));
	if (!lines || !db->e)
		goto out;
	nl = cut_lines(db->tsv, lines);
	for (i = 0; i < nl; i++) {
		char *f[7] = { 0 };
		struct lic_entry *e;
		size_t k, nf = 0;
		char *s = lines[i], *endp;
		unsigned long nw, nopt, nmain;

		if (*s == '#' || !*s)
			continue;
		while (nf < 7) {
			f[nf++] = s;
			s = strchr(s, '\t');
			if (!s)
				break;
			*s++ = '\0';
		}
		if (nf == 2 && !strcmp(f[0], "list_version")) {
			snprintf(db->version, sizeof(db->version), "%s", f[1]);
			continue;
		}
		if (nf < 6)
			continue;
		nw = strtoul(f[3], &endp, 10);
		if (*endp || nw == 0 || nw > 1000000)
			goto out;
		nopt = strtoul(f[4], &endp, 10);
		if (*endp || nopt > nw)
			goto out;
		nmain = strtoul(f[5], &endp, 10);
		if (*endp || nmain > nw)
			goto out;
		e = &db->e[db->n];
		e->info.id = f[0];
		e->info.flags = parse_flags(f[1]);
		e->info.name = f[2];
		e->info.twins = nf > 6 ? f[6] : "";
		e->seq = malloc(nw * sizeof(*e->seq));
		e->set = malloc(nw * sizeof(*e->set));
		e->opt = malloc((nopt + 1) * sizeof(*e->opt));
		if (!e->seq || !e->set || !e->opt)
			goto out;
		db->n++;
		for (k = 0; k < nw + nopt; k++) {
			uint32_t v = 0;
			int shift = 0;
			for (;;) {
				if (p >= end || shift > 28)
					goto out;
				v |= (uint32_t)(*p & 0x7f) << shift;
				shift += 7;
				if (!(*p++ & 0x80))
					break;
			}
			if (v >= db->nvocab)
				goto out;
			if (k < nw)
				e->seq[k] = v;
			else
				e->opt[k - nw] = v;
		}
		e->nseq = nw;
		e->nopt = nopt;
		e->nmain = nmain;
		/* distinct required words, in order of first use */
		tick++;
		for (k = 0; k < nopt; k++)
			seen[e->opt[k]] = tick;
		e->nset = 0;
		for (k = 0; k < nw; k++) {
			if (seen[e->seq[k]] == tick)
				continue;
			seen[e->seq[k]] = tick;
			e->set[e->nset++] = e->seq[k];
		}
	}
	rc = p == end && db->n ? 0 : -1;
out:
	free(seen);
	free(lines);
	return rc;
}

static int load_postings(struct lic_db *db)
{
	size_t i, k, total = 0;
	uint32_t *fill;

	db->post_start = calloc(db->nvocab + 1, sizeof(*db->post_start));
	if (!db->post_start)
		return -1;
	for (i = 0; i < db->n; i++)
		for (k = 0; k < db->e[i].nset; k++)
			db->post_start[db->e[i].set[k] + 1]++;
	for (i = 0; i < db->nvocab; i++)
		db->post_start[i + 1] += db->post_start[i];
	total = db->post_start[db->nvocab];
	db->postings = malloc((total + 1) * sizeof(*db->postings));
	fill = calloc(db->nvocab + 1, sizeof(*fill));
	if (!db->postings || !fill) {
		free(fill);
		return -1;
	}
	for (i = 0; i < db->n; i++)
		for (k = 0; k < db->e[i].nset; k++) {
			uint32_t w = db->e[i].set[k];
			db->postings[db->post_start[w] + fill[w]++] = (uint32_t)i;
		}
	free(fill);
	return 0;
}

static int load_names(struct lic_db *db, const char *file)
{
	size_t len, nl, i;
	char **lines;

	if (!file)
		return 0; /* a family without names */
	db->names_text = copy_of(file, &len);
	if (!db->names_text)
		return -1;
	nl = cut_lines(db->names_text, NULL);
	lines = calloc(nl + 1, sizeof(*lines));
	db->names = calloc(nl + 1, sizeof(*db->names));
	if (!lines || !db->names) {
		free(lines);
		return -1;
	}
	nl = cut_lines(db->names_text, lines);
	for (i = 0; i < nl; i++) {
		char *tab = strchr(lines[i], '\t');
		size_t words = 1;
		const char *c;
		if (lines[i][0] == '#' || !tab)
			continue;
		*tab = '\0';
		db->names[db->nnames].key = lines[i];
		db->names[db->nnames].id = tab + 1;
		db->nnames++;
		for (c = lines[i]; *c; c++)
			words += *c == ' ';
		if (words > db->max_name_words)
			db->max_name_words = words;
	}
	free(lines);
	qsort(db->names, db->nnames, sizeof(*db->names), cmp_name);
	return 0;
}

static void load(enum vigie_license_family f)
{
	struct lic_db *db = &dbs[f];

	if (load_vocab(db, family_files[f].vocab) < 0 ||
	    load_entries(db, family_files[f].table, family_files[f].words) < 0 ||
	    load_postings(db) < 0 || load_names(db, family_files[f].names) < 0)
		return; /* kept for the process' life: nothing to free */
	load_rc[f] = 0;
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
	if (!lic_db_of(f))
		return vigie_error_set(err, VIGIE_EINVALID,
				       (unsigned)f < VIGIE_LICENSE_FAMILY_COUNT ?
				       family_files[f].table : "rules",
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
	for (k = 0; k < e->nseq; k++)
		len += strlen(db->vocab[e->seq[k]]) + 1;
	out = malloc(len);
	if (!out)
		return NULL;
	p = out;
	for (k = 0; k < e->nseq; k++) {
		size_t n = strlen(db->vocab[e->seq[k]]);
		memcpy(p, db->vocab[e->seq[k]], n);
		p += n;
		*p++ = ' ';
	}
	if (p > out)
		p--;
	*p = '\0';
	return out;
}

const struct lic_name *lic_name_find(const struct lic_db *db, const char *k,
				     size_t n)
{
	size_t lo = 0, hi = db->nnames;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(db->names[mid].key, k, n);
		if (!c && db->names[mid].key[n] != '\0')
			c = 1;
		if (!c)
			return &db->names[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
