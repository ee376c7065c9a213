#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Build a Debian package of vigie from this source tree, for CI jobs that
# install vigie rather than build it in every run.
#
# usage: .ci/deb.sh OUTDIR
#
# Configures a release build for /usr in a temporary directory, installs
# it there, and packs the command, the rule packs and the man pages into
# OUTDIR/vigie_VERSION_ARCH.deb with dpkg-deb; the library's headers,
# archive, shared library and vigie.pc are left out (they serve builds, not
# CI jobs; the command links libvigie statically).  The dependencies
# are the packages of the shared libraries the command links, with the
# versions dpkg-shlibdeps derives.  Needs the build dependencies of the
# README's first command (dpkg-dev comes with build-essential).  Prints
# the package's path.
set -eu

[ $# -eq 1 ] || { echo "usage: .ci/deb.sh OUTDIR" >&2; exit 2; }
src=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# VIGIE_DEB_BUILD names a build directory to keep between runs (the test
# suite keeps one in its own build tree, so a second run only recompiles
# what changed); by default the build is temporary.
build=${VIGIE_DEB_BUILD:-$work/build}
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$src" --prefix=/usr --buildtype=release \
		-Dtests=disabled -Dman-pages=enabled >"$work/log" 2>&1 ||
		{ cat "$work/log" >&2; exit 1; }
fi
meson compile -C "$build" >>"$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
meson install -C "$build" --no-rebuild --destdir "$work/root" >>"$work/log" 2>&1 ||
	{ cat "$work/log" >&2; exit 1; }

root=$work/root
rm -rf "$root/usr/include" "$root/usr/lib"
strip --strip-unneeded "$root/usr/bin/vigie"
find "$root/usr/share/man" -type f ! -name '*.gz' -exec gzip -9n {} +
mkdir -p "$root/usr/share/doc/vigie"
cp "$src/README.md" "$src/CHANGELOG.md" "$root/usr/share/doc/vigie/"
gzip -9n "$root/usr/share/doc/vigie/CHANGELOG.md"
cp "$src/LICENSE" "$root/usr/share/doc/vigie/copyright"

version=$(meson introspect --projectinfo "$build" |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])')
arch=$(dpkg --print-architecture)
# dpkg-shlibdeps reads the package's name from a debian/control.
mkdir -p "$work/pkg/debian"
printf 'Source: vigie\n\nPackage: vigie\nArchitecture: any\n' >"$work/pkg/debian/control"
depends=$(cd "$work/pkg" && dpkg-shlibdeps -O "$root/usr/bin/vigie" 2>/dev/null |
	sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo ".ci/deb.sh: dpkg-shlibdeps found no dependency" >&2; exit 1; }
# vigie opens libcurl.so.4 when it first asks a forge, and libsqlite3.so.0
# when it first writes or reads a batch database (dlopen): no NEEDED entry
# tells dpkg-shlibdeps, so they are named here.  So is libgit2, opened
# when vigie first reads a repository it does not read itself (a clone, a
# fetch, an unusual repository): its package is the one holding the
# soname vigie was built against.
git2so=libgit2.so.$(pkg-config --modversion libgit2 | cut -d. -f1-2)
git2pkg=$(dpkg -S "*/$git2so" 2>/dev/null | head -n 1 | cut -d: -f1)
[ -n "$git2pkg" ] || { echo ".ci/deb.sh: no installed package holds $git2so" >&2; exit 1; }
# libpsl.so.5 too, opened by the history when it first classifies an
# address, and PCRE2, libyaml, libdeflate and zlib, opened when a pattern,
# a YAML file, a pack or a loose object first needs them (src/util/libs.h).
opened=
for so in libpsl.so.5 libpcre2-8.so.0 libyaml-0.so.2 libdeflate.so.0 libz.so.1; do
	pkg=$(dpkg -S "*/$so" 2>/dev/null | head -n 1 | cut -d: -f1)
	[ -n "$pkg" ] || { echo ".ci/deb.sh: no installed package holds $so" >&2; exit 1; }
	opened="$opened, $pkg"
done
size=$(du -sk "$root" | cut -f1)

mkdir -p "$root/DEBIAN"
cat >"$root/DEBIAN/control" <<CONTROL
Package: vigie
Version: $version
Architecture: $arch
Maintainer: vigie maintainers <maintainers@vigie.example.org>
Installed-Size: $size
Depends: $depends, $git2pkg$opened, libcurl4 (>= 7.74), libsqlite3-0 (>= 3.35), git
Section: devel
Priority: optional
Description: audit git repositories against the practices of a digital commons
 vigie reads a repository (a path, a bare repository or a URL it clones),
 gathers facts from its tree, history and forge, evaluates declarative
 rules and prints a scorecard as text, JSON, SARIF or Markdown, with the
 evidence and a fix for each finding.  It also gates release tags in a
 pre-push hook and audits whole organisations in nightly batches.
CONTROL
deb=$out/vigie_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
