#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# libvigie as another program uses it: installed (meson install into a
# temporary root), found through vigie.pc, a program links the shared
# library (by its soname) and, with pkg-config --static, the archive, and
# both run: the version, the embedded license database.  (The archive is
# linked with the shared libraries of what vigie.pc requires privately.)
#
# usage: tests/library.sh SOURCE_ROOT BUILD_ROOT [SANITIZERS]
# SANITIZERS: meson's b_sanitize (a sanitized libvigie needs them in the
# program too).
set -eu

src=$1 build=$2
cc="cc -std=c17 -Wall -Werror"
case ${3:-none} in none) ;; *) cc="$cc -fsanitize=$3" ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "library: $*" >&2; exit 1; }

meson install -C "$build" --no-rebuild --destdir "$tmp/root" >"$tmp/log" 2>&1 ||
	{ cat "$tmp/log" >&2; fail "meson install failed"; }
pc=$(find "$tmp/root" -name vigie.pc -path '*/pkgconfig/*')
[ -n "$pc" ] || fail "no vigie.pc installed"
pcdir=$(dirname "$pc")
libdir=$(dirname "$pcdir")
want=$(sed -n "s/^\tversion: '\(.*\)',$/\1/p" "$src/meson.build")
for f in libvigie.a libvigie.so libvigie.so.0 "libvigie.so.$want"; do
	[ -e "$libdir/$f" ] || fail "$f is not installed beside vigie.pc"
done
readelf -d "$libdir/libvigie.so.$want" | grep -q 'SONAME.*\[libvigie\.so\.0\]' ||
	fail "libvigie.so.$want has no soname libvigie.so.0"
# libgit2, libcurl, libsqlite3, libpsl, PCRE2, libyaml, libdeflate and
# zlib are opened when first needed (a repository libvigie does not read
# itself, a forge, a batch database, an author's address, a pattern, a YAML
# file, a pack, a loose object): neither the library nor the command loads
# them at start.
core=$(find "$tmp/root" -path '*/bin/vigie' -type f)
[ -n "$core" ] || fail "no vigie installed"
for f in "$libdir/libvigie.so.$want" "$core"; do
	! readelf -d "$f" |
		grep -qE 'NEEDED.*\[lib(git2|curl|sqlite3|psl|pcre2-8|yaml-0|deflate|z)\.' ||
		fail "$(basename "$f") loads at start a library it opens when needed"
done
[ -n "$(find "$tmp/root" -path '*/include/vigie/vigie.h')" ] ||
	fail "no include/vigie/vigie.h installed"

export PKG_CONFIG_PATH="$pcdir" PKG_CONFIG_SYSROOT_DIR="$tmp/root"
[ "$(pkg-config --modversion vigie)" = "$want" ] || fail "vigie.pc's version is not $want"
cflags=$(pkg-config --cflags vigie) || fail "pkg-config --cflags vigie failed"
libs=$(pkg-config --libs vigie) || fail "pkg-config --libs vigie failed"
# The archive with what vigie.pc says it needs: its Requires.private
# (their shared libraries: Debian ships few of their archives) and
# Libs.private.
private=$(pkg-config --print-requires-private vigie | cut -d' ' -f1 | tr '\n' ' ')
static="-L$libdir -l:libvigie.a $(pkg-config --libs $private vigie |
	sed 's/-lvigie\b//') $(sed -n 's/^Libs.private: //p' "$pc")" ||
	fail "pkg-config cannot resolve what vigie.pc requires"

cat >"$tmp/prog.c" <<'PROG'
#include <stdio.h>
#include <vigie/vigie.h>

int main(void)
{
	struct vigie_error err = { 0 };
	const struct vigie_license_info *mit;

	if (vigie_global_init() != 0)
		return 1;
	if (vigie_license_db_load(&err) != 0 ||
	    !(mit = vigie_license_db_find("mit"))) {
		fprintf(stderr, "prog: %s\n", err.message);
		return 1;
	}
	printf("%s %s\n", vigie_version(), mit->id);
	vigie_global_shutdown();
	return 0;
}
PROG
cd "$tmp"
# shellcheck disable=SC2086
$cc $cflags prog.c -o shared $libs ||
	fail "a program does not build with pkg-config --cflags --libs vigie"
readelf -d shared | grep -q 'NEEDED.*\[libvigie\.so\.0\]' ||
	fail "the program does not load libvigie.so.0"
[ "$(LD_LIBRARY_PATH="$libdir" ./shared)" = "$want MIT" ] ||
	fail "the program linked to libvigie.so does not run"
# shellcheck disable=SC2086
$cc $cflags prog.c -o static $static ||
	fail "a program does not build with pkg-config --static --libs vigie"
! readelf -d static | grep -q 'NEEDED.*libvigie' ||
	fail "the static program still loads libvigie.so"
[ "$(./static)" = "$want MIT" ] || fail "the program linked to libvigie.a does not run"
echo "1 passed, 0 failed"
