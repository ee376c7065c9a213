#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# The Debian package the CI recipes install: .ci/deb.sh builds it, its
# dependencies resolve on this system (apt-get --simulate), and the
# command it holds runs and audits with its embedded rules.  Under CI, as
# root, it is installed for real with dpkg and removed again.
#
# usage: tests/package_deb.sh SOURCE_ROOT [DEB_BUILD_DIR]
# DEB_BUILD_DIR keeps .ci/deb.sh's release build between runs.
set -eu

src=$1
[ $# -lt 2 ] || export VIGIE_DEB_BUILD="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "package_deb: $*" >&2; exit 1; }

deb=$("$src/.ci/deb.sh" "$tmp/out") || fail ".ci/deb.sh failed"
[ -f "$deb" ] || fail "no package at '$deb'"
want=$(sed -n "s/^\tversion: '\(.*\)',$/\1/p" "$src/meson.build")
[ "$(dpkg-deb -f "$deb" Package)" = vigie ] || fail "not the vigie package"
[ "$(dpkg-deb -f "$deb" Version)" = "$want" ] || fail "version is not $want"
dpkg-deb -f "$deb" Depends | grep -q 'libgit2-' || fail "no libgit2 dependency (opened with dlopen)"
dpkg-deb -f "$deb" Depends | grep -q 'libcurl4 ' || fail "no libcurl4 dependency (opened with dlopen)"
dpkg-deb -f "$deb" Depends | grep -q 'libsqlite3-0 ' || fail "no libsqlite3-0 dependency (opened with dlopen)"
for pkg in libpsl5 libpcre2-8-0 libyaml-0-2 libdeflate0 zlib1g; do
	dpkg-deb -f "$deb" Depends | grep -q "$pkg" || fail "no $pkg dependency (opened with dlopen)"
done
dpkg-deb -c "$deb" >"$tmp/list"
for f in ./usr/bin/vigie \
	 ./usr/share/man/man1/vigie-audit.1.gz \
	 ./usr/share/man/man5/vigie-scorecard.5.gz \
	 ./usr/share/vigie/rules/communs.json ./usr/share/doc/vigie/copyright; do
	grep -q " $f\$" "$tmp/list" || fail "the package lacks $f"
done
! grep -q '/usr/local/\|/usr/include/' "$tmp/list" || fail "files outside /usr or headers"
! grep -q '/usr/libexec/' "$tmp/list" || fail "a program in libexec: vigie is one program"
# The command holds libvigie (static): no library in the package, none needed.
! grep -q 'libvigie\|/pkgconfig/' "$tmp/list" || fail "the package holds the library"
! dpkg-deb -f "$deb" Depends | grep -q vigie || fail "the package depends on a libvigie"

# Every dependency is a package this system can install.
apt-get install --simulate --no-install-recommends "$deb" >"$tmp/apt" 2>&1 ||
	{ cat "$tmp/apt" >&2; fail "apt cannot install it"; }

dpkg-deb -x "$deb" "$tmp/root"
! readelf -d "$tmp/root/usr/bin/vigie" | grep -q 'NEEDED.*libvigie' ||
	fail "the packaged vigie loads a libvigie.so the package lacks"
"$tmp/root/usr/bin/vigie" --version | grep -qx "vigie $want" ||
	fail "the packaged vigie does not say its version"
set +e
"$tmp/root/usr/bin/vigie" audit "$src" --offline >"$tmp/audit" 2>&1
rc=$?
set -e
[ "$rc" -le 1 ] && grep -q '^Score ' "$tmp/audit" ||
	{ cat "$tmp/audit" >&2; fail "the packaged vigie cannot audit (exit $rc)"; }

if [ "${CI:-}" = true ] && [ "$(id -u)" = 0 ] && ! dpkg -s vigie >/dev/null 2>&1; then
	dpkg -i "$deb" >"$tmp/dpkg" 2>&1 || { cat "$tmp/dpkg" >&2; fail "dpkg -i failed"; }
	/usr/bin/vigie --version | grep -qx "vigie $want" || { dpkg -r vigie; fail "installed vigie broken"; }
	[ -f /usr/share/man/man1/vigie.1.gz ] || { dpkg -r vigie; fail "no man page installed"; }
	dpkg -r vigie >/dev/null
	echo "installed and removed with dpkg"
fi
echo "1 passed, 0 failed"
