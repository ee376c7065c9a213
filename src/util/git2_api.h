/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * libgit2, opened with dlopen when a stage first needs it (git2_api.c).
 *
 * Loading libgit2 and the libraries it needs at load time (mbed TLS,
 * libssh2, OpenSSL's libcrypto, Kerberos: 17 in all) costs about 3.5 ms
 * of every process, and its global set-up 0.4 ms more, although an
 * offline audit of a packed repository reads git's files itself (refs.c,
 * packs.c, loose.c) and needs none of it.  So libvigie does not link
 * libgit2: every call goes through the table below, filled when
 * vigie_git2_load() first succeeds.
 *
 * Every file of src/ that calls libgit2 includes this header instead of
 * <git2.h>; the names keep their libgit2 spelling (each is a macro for
 * its table entry), so the code reads as it did.  A function used but not
 * listed here is an undefined symbol, which the link of vigie and
 * of libvigie.so (-Wl,--no-undefined) refuses.  Whoever calls libgit2
 * must have loaded it first: the stages' entry points do
 * (vigie_git2_load), and calling an entry before would crash on a NULL
 * pointer, which the test suite would show.
 */
#ifndef VIGIE_UTIL_GIT2_API_H
#define VIGIE_UTIL_GIT2_API_H

#include <stdbool.h>

#include <git2.h>

#include "vigie/error.h"

/* Every libgit2 function libvigie calls, sorted. */
#define VIGIE_GIT2_FUNCTIONS(X) \
	X(git_blob_create_from_buffer) \
	X(git_blob_free) \
	X(git_blob_lookup) \
	X(git_blob_rawcontent) \
	X(git_blob_rawsize) \
	X(git_buf_dispose) \
	X(git_commit_create) \
	X(git_commit_free) \
	X(git_commit_id) \
	X(git_commit_lookup) \
	X(git_commit_time) \
	X(git_commit_tree) \
	X(git_config_free) \
	X(git_config_get_path) \
	X(git_config_get_string_buf) \
	X(git_config_open_default) \
	X(git_config_open_ondisk) \
	X(git_config_set_string) \
	X(git_error_clear) \
	X(git_error_last) \
	X(git_error_set_str) \
	X(git_index_add) \
	X(git_index_free) \
	X(git_index_new) \
	X(git_index_read_tree) \
	X(git_index_write_tree_to) \
	X(git_libgit2_init) \
	X(git_libgit2_opts) \
	X(git_libgit2_shutdown) \
	X(git_mailmap_free) \
	X(git_mailmap_from_buffer) \
	X(git_mailmap_resolve) \
	X(git_object_free) \
	X(git_object_lookup) \
	X(git_object_peel) \
	X(git_odb_exists) \
	X(git_odb_free) \
	X(git_odb_object_data) \
	X(git_odb_object_free) \
	X(git_odb_object_size) \
	X(git_odb_object_type) \
	X(git_odb_read) \
	X(git_odb_read_header) \
	X(git_oid_fromstr) \
	X(git_reference_create) \
	X(git_reference_free) \
	X(git_reference_is_branch) \
	X(git_reference_iterator_free) \
	X(git_reference_iterator_glob_new) \
	X(git_reference_lookup) \
	X(git_reference_name) \
	X(git_reference_name_is_valid) \
	X(git_reference_name_to_id) \
	X(git_reference_next) \
	X(git_reference_peel) \
	X(git_reference_shorthand) \
	X(git_reference_target) \
	X(git_remote_connect) \
	X(git_remote_create_anonymous) \
	X(git_remote_create_detached) \
	X(git_remote_default_branch) \
	X(git_remote_disconnect) \
	X(git_remote_download) \
	X(git_remote_free) \
	X(git_remote_lookup) \
	X(git_remote_ls) \
	X(git_remote_update_tips) \
	X(git_remote_url) \
	X(git_repository_commondir) \
	X(git_repository_config) \
	X(git_repository_config_snapshot) \
	X(git_repository_free) \
	X(git_repository_head) \
	X(git_repository_init_ext) \
	X(git_repository_is_bare) \
	X(git_repository_is_empty) \
	X(git_repository_is_shallow) \
	X(git_repository_odb) \
	X(git_repository_open) \
	X(git_repository_open_bare) \
	X(git_repository_open_ext) \
	X(git_repository_path) \
	X(git_repository_set_head) \
	X(git_repository_workdir) \
	X(git_revparse_single) \
	X(git_signature_default) \
	X(git_signature_free) \
	X(git_signature_now) \
	X(git_tag_foreach) \
	X(git_tag_tagger) \
	X(git_tag_target_id) \
	X(git_tree_entry_byindex) \
	X(git_tree_entry_byname) \
	X(git_tree_entry_bypath) \
	X(git_tree_entry_filemode_raw) \
	X(git_tree_entry_free) \
	X(git_tree_entry_id) \
	X(git_tree_entry_name) \
	X(git_tree_entry_type) \
	X(git_tree_entrycount) \
	X(git_tree_free) \
	X(git_tree_lookup)

struct vigie_git2_api {
#define VIGIE_GIT2_FIELD(f) __typeof__(f) *f;
	VIGIE_GIT2_FUNCTIONS(VIGIE_GIT2_FIELD)
#undef VIGIE_GIT2_FIELD
};
extern struct vigie_git2_api vigie_git2_api;

/*
 * Load libgit2, resolve the table and run its global set-up, once per
 * process (any thread; the others wait).  0, or -1 with err (may be NULL)
 * saying why, VIGIE_EGENERIC: "cannot load libgit2.so.1.5: ...".  The
 * failure is remembered: later calls fail the same way.
 */
int vigie_git2_load(struct vigie_error *err);
/* Has vigie_git2_load() succeeded (the table is usable)? */
bool vigie_git2_loaded(void);
/*
 * Called just before and just after libgit2's global set-up, when it
 * loads (NULL: nothing); the command uses it to defer TLS and SSH set-up
 * (src/cli/tls_defer.c).  Set before the first load.
 */
void vigie_git2_around_init(void (*before)(void), void (*after)(void));
/* libgit2's global shutdown, when it was loaded. */
void vigie_git2_shutdown(void);

/*
 * libgit2's functions on ids, which are arithmetic: done here, so that
 * the readers of git's files need no libgit2 loaded (as libgit2's).
 */
#include <string.h>

static inline int vigie_oid_cmp(const git_oid *a, const git_oid *b)
{
	return memcmp(a->id, b->id, sizeof(a->id));
}

static inline int vigie_oid_fromraw(git_oid *out, const unsigned char *raw)
{
	memcpy(out->id, raw, sizeof(out->id));
	return 0;
}

/* n hexadecimal digits (either case) of at most 40; the rest zeros. */
static inline int vigie_oid_fromstrn(git_oid *out, const char *str, size_t n)
{
	size_t i;

	if (n > 2 * sizeof(out->id))
		return -1;
	memset(out->id, 0, sizeof(out->id));
	for (i = 0; i < n; i++) {
		int c = (unsigned char)str[i], v;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			return -1;
		out->id[i / 2] = (unsigned char)(out->id[i / 2] | (i % 2 ? v : v << 4));
	}
	return 0;
}

/* The id in hexadecimal into out (n bytes, NUL included, cut to fit). */
static inline char *vigie_oid_tostr(char *out, size_t n, const git_oid *id)
{
	size_t i;

	if (!out || !n)
		return out;
	for (i = 0; i + 1 < n && i < 2 * sizeof(id->id); i++)
		out[i] = "0123456789abcdef"[i % 2 ? id->id[i / 2] & 15
						  : id->id[i / 2] >> 4];
	out[i] = '\0';
	return out;
}

#ifndef VIGIE_GIT2_TABLE
#define git_oid_cmp vigie_oid_cmp
#define git_oid_fromraw vigie_oid_fromraw
#define git_oid_fromstrn vigie_oid_fromstrn
#define git_oid_tostr vigie_oid_tostr
#define git_blob_create_from_buffer (vigie_git2_api.git_blob_create_from_buffer)
#define git_blob_free (vigie_git2_api.git_blob_free)
#define git_blob_lookup (vigie_git2_api.git_blob_lookup)
#define git_blob_rawcontent (vigie_git2_api.git_blob_rawcontent)
#define git_blob_rawsize (vigie_git2_api.git_blob_rawsize)
#define git_buf_dispose (vigie_git2_api.git_buf_dispose)
#define git_commit_create (vigie_git2_api.git_commit_create)
#define git_commit_free (vigie_git2_api.git_commit_free)
#define git_commit_id (vigie_git2_api.git_commit_id)
#define git_commit_lookup (vigie_git2_api.git_commit_lookup)
#define git_commit_time (vigie_git2_api.git_commit_time)
#define git_commit_tree (vigie_git2_api.git_commit_tree)
#define git_config_free (vigie_git2_api.git_config_free)
#define git_config_get_path (vigie_git2_api.git_config_get_path)
#define git_config_get_string_buf (vigie_git2_api.git_config_get_string_buf)
#define git_config_open_default (vigie_git2_api.git_config_open_default)
#define git_config_open_ondisk (vigie_git2_api.git_config_open_ondisk)
#define git_config_set_string (vigie_git2_api.git_config_set_string)
#define git_error_clear (vigie_git2_api.git_error_clear)
#define git_error_last (vigie_git2_api.git_error_last)
#define git_error_set_str (vigie_git2_api.git_error_set_str)
#define git_index_add (vigie_git2_api.git_index_add)
#define git_index_free (vigie_git2_api.git_index_free)
#define git_index_new (vigie_git2_api.git_index_new)
#define git_index_read_tree (vigie_git2_api.git_index_read_tree)
#define git_index_write_tree_to (vigie_git2_api.git_index_write_tree_to)
#define git_libgit2_init (vigie_git2_api.git_libgit2_init)
#define git_libgit2_opts (vigie_git2_api.git_libgit2_opts)
#define git_libgit2_shutdown (vigie_git2_api.git_libgit2_shutdown)
#define git_mailmap_free (vigie_git2_api.git_mailmap_free)
#define git_mailmap_from_buffer (vigie_git2_api.git_mailmap_from_buffer)
#define git_mailmap_resolve (vigie_git2_api.git_mailmap_resolve)
#define git_object_free (vigie_git2_api.git_object_free)
#define git_object_lookup (vigie_git2_api.git_object_lookup)
#define git_object_peel (vigie_git2_api.git_object_peel)
#define git_odb_exists (vigie_git2_api.git_odb_exists)
#define git_odb_free (vigie_git2_api.git_odb_free)
#define git_odb_object_data (vigie_git2_api.git_odb_object_data)
#define git_odb_object_free (vigie_git2_api.git_odb_object_free)
#define git_odb_object_size (vigie_git2_api.git_odb_object_size)
#define git_odb_object_type (vigie_git2_api.git_odb_object_type)
#define git_odb_read (vigie_git2_api.git_odb_read)
#define git_odb_read_header (vigie_git2_api.git_odb_read_header)
#define git_oid_fromstr (vigie_git2_api.git_oid_fromstr)
#define git_reference_create (vigie_git2_api.git_reference_create)
#define git_reference_free (vigie_git2_api.git_reference_free)
#define git_reference_is_branch (vigie_git2_api.git_reference_is_branch)
#define git_reference_iterator_free (vigie_git2_api.git_reference_iterator_free)
#define git_reference_iterator_glob_new (vigie_git2_api.git_reference_iterator_glob_new)
#define git_reference_lookup (vigie_git2_api.git_reference_lookup)
#define git_reference_name (vigie_git2_api.git_reference_name)
#define git_reference_name_is_valid (vigie_git2_api.git_reference_name_is_valid)
#define git_reference_name_to_id (vigie_git2_api.git_reference_name_to_id)
#define git_reference_next (vigie_git2_api.git_reference_next)
#define git_reference_peel (vigie_git2_api.git_reference_peel)
#define git_reference_shorthand (vigie_git2_api.git_reference_shorthand)
#define git_reference_target (vigie_git2_api.git_reference_target)
#define git_remote_connect (vigie_git2_api.git_remote_connect)
#define git_remote_create_anonymous (vigie_git2_api.git_remote_create_anonymous)
#define git_remote_create_detached (vigie_git2_api.git_remote_create_detached)
#define git_remote_default_branch (vigie_git2_api.git_remote_default_branch)
#define git_remote_disconnect (vigie_git2_api.git_remote_disconnect)
#define git_remote_download (vigie_git2_api.git_remote_download)
#define git_remote_free (vigie_git2_api.git_remote_free)
#define git_remote_lookup (vigie_git2_api.git_remote_lookup)
#define git_remote_ls (vigie_git2_api.git_remote_ls)
#define git_remote_update_tips (vigie_git2_api.git_remote_update_tips)
#define git_remote_url (vigie_git2_api.git_remote_url)
#define git_repository_commondir (vigie_git2_api.git_repository_commondir)
#define git_repository_config (vigie_git2_api.git_repository_config)
#define git_repository_config_snapshot (vigie_git2_api.git_repository_config_snapshot)
#define git_repository_free (vigie_git2_api.git_repository_free)
#define git_repository_head (vigie_git2_api.git_repository_head)
#define git_repository_init_ext (vigie_git2_api.git_repository_init_ext)
#define git_repository_is_bare (vigie_git2_api.git_repository_is_bare)
#define git_repository_is_empty (vigie_git2_api.git_repository_is_empty)
#define git_repository_is_shallow (vigie_git2_api.git_repository_is_shallow)
#define git_repository_odb (vigie_git2_api.git_repository_odb)
#define git_repository_open (vigie_git2_api.git_repository_open)
#define git_repository_open_bare (vigie_git2_api.git_repository_open_bare)
#define git_repository_open_ext (vigie_git2_api.git_repository_open_ext)
#define git_repository_path (vigie_git2_api.git_repository_path)
#define git_repository_set_head (vigie_git2_api.git_repository_set_head)
#define git_repository_workdir (vigie_git2_api.git_repository_workdir)
#define git_revparse_single (vigie_git2_api.git_revparse_single)
#define git_signature_default (vigie_git2_api.git_signature_default)
#define git_signature_free (vigie_git2_api.git_signature_free)
#define git_signature_now (vigie_git2_api.git_signature_now)
#define git_tag_foreach (vigie_git2_api.git_tag_foreach)
#define git_tag_tagger (vigie_git2_api.git_tag_tagger)
#define git_tag_target_id (vigie_git2_api.git_tag_target_id)
#define git_tree_entry_byindex (vigie_git2_api.git_tree_entry_byindex)
#define git_tree_entry_byname (vigie_git2_api.git_tree_entry_byname)
#define git_tree_entry_bypath (vigie_git2_api.git_tree_entry_bypath)
#define git_tree_entry_filemode_raw (vigie_git2_api.git_tree_entry_filemode_raw)
#define git_tree_entry_free (vigie_git2_api.git_tree_entry_free)
#define git_tree_entry_id (vigie_git2_api.git_tree_entry_id)
#define git_tree_entry_name (vigie_git2_api.git_tree_entry_name)
#define git_tree_entry_type (vigie_git2_api.git_tree_entry_type)
#define git_tree_entrycount (vigie_git2_api.git_tree_entrycount)
#define git_tree_free (vigie_git2_api.git_tree_free)
#define git_tree_lookup (vigie_git2_api.git_tree_lookup)
#endif

#endif
