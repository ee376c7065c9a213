#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Benchmark of a whole offline audit against a floor measured in the same run.
#
# usage: tests/bench/audit.sh [-n RUNS] [REPO...]
#
# Without REPO, audits a synthetic repository of 100,000 files and 200,000
# commits (20,000 in the last year), built once with git fast-import and
# cached under tests/bench/.cache/.  Prints vigie's `audit --offline` wall
# time and peak resident memory beside the floor
#   git ls-tree -r HEAD  +  git log --since=<window> --format=%aE
# over the same repository, as a ratio (medians of RUNS, default 5).  Targets
# (issue 9): at most 1.5 times the floor, under 64 MiB peak.  A benchmark,
# not a test: it never fails on a slow machine.  VIGIE_BIN overrides the
# binary (default build/src/cli/vigie).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
vigie=${VIGIE_BIN:-$root/build/src/cli/vigie}
runs=5
repos=""
while [ $# -gt 0 ]; do
	case $1 in
	-n) runs=$2; shift 2 ;;
	-h|--help) sed -n '4,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) repos="$repos $1"; shift ;;
	esac
done
[ -x "$vigie" ] || { echo "audit.sh: no vigie binary at $vigie" >&2; exit 2; }

build_synthetic() {
	dir=$1
	rm -rf "$dir.tmp"
	git init -q --bare -b main "$dir.tmp"
	python3 - <<'PY' | git -C "$dir.tmp" fast-import --quiet
import sys
total, recent, files = 200000, 20000, 100000
head = 1767225600            # 2026-01-01T00:00:00Z
edge = head - 365 * 86400
start = edge - 10 * 365 * 86400
out = sys.stdout.buffer
w = lambda s: out.write(s.encode())
w("blob\nmark :1\ndata 12\nsource line\n")
community = {
    "README.md": "# Big\n\n## About\n\nA large shared project.\n\n## Installation\n\nmake\n" * 20,
    "LICENSE": "MIT License\n\nPermission is hereby granted, free of charge...\n" * 5,
    "CONTRIBUTING.md": "# Contributing\n\nReport issues; send pull requests.\n",
    "CODE_OF_CONDUCT.md": "# Code of conduct\n\nContact: conduct@example.org\n",
    "SECURITY.md": "# Security\n\nMail security@example.org.\n",
}
for i, (path, text) in enumerate(community.items()):
    b = text.encode()
    w("blob\nmark :%d\ndata %d\n" % (10 + i, len(b))); out.write(b); w("\n")
old = total - recent
for n in range(total):
    t = start + (n * (edge - start)) // old if n < old else \
        edge + 1 + ((n - old) * (head - edge - 1)) // (recent - 1)
    a = (n * 7919) % 600
    mail = "dev%d@org%d.example" % (a, a % 60) if a % 7 else "user%d@gmail.com" % a
    w("commit refs/heads/main\nmark :%d\n" % (n + 100))
    w("author Dev %d <%s> %d +0000\ncommitter Dev %d <%s> %d +0000\n" % (a, mail, t, a, mail, t))
    msg = "change %d\n" % n
    w("data %d\n%s" % (len(msg), msg))
    if n:
        w("from :%d\n" % (n + 99))
    if n == total - 1:
        # The last commit carries the whole tree: 1,000 folders of 100 files.
        for f in range(files):
            w("M 100644 :1 src/d%03d/f%03d.c\n" % (f // 100, f % 100))
        for i, path in enumerate(community):
            w("M 100644 :%d %s\n" % (10 + i, path))
    else:
        w("M 100644 :1 f%d\n" % (n % 16))
    w("\n")
    if n % 5000 == 0:
        w("tag v%d.0\nfrom :%d\ntagger Dev 1 <dev1@org1.example> %d +0000\ndata 4\nrel\n" % (n // 5000, n + 100, t))
PY
	git -C "$dir.tmp" repack -adq
	mv "$dir.tmp" "$dir"
}

now_ns() { date +%s%N; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() {
	repo=$1
	edge=$(git -C "$repo" log -1 --format=%ct HEAD)
	edge=$((edge - 365 * 86400))
	floor=$(for i in $(seq "$runs"); do
		t0=$(now_ns)
		git -C "$repo" ls-tree -r HEAD >/dev/null
		git -C "$repo" log --since=@"$edge" --format=%aE HEAD >/dev/null
		echo $(( ($(now_ns) - t0) / 1000000 ))
	done | median)
	cache=$(mktemp -d)
	wall=$(for i in $(seq "$runs"); do
		t0=$(now_ns)
		XDG_CACHE_HOME=$cache "$vigie" audit "$repo" --offline --format json >/dev/null
		echo $(( ($(now_ns) - t0) / 1000000 ))
	done | median)
	rss=$(XDG_CACHE_HOME=$cache /usr/bin/time -f %M "$vigie" audit "$repo" --offline --format json 2>&1 >/dev/null | tail -1)
	rm -rf "$cache"
	files=$(git -C "$repo" ls-tree -r HEAD | wc -l)
	commits=$(git -C "$repo" rev-list --count HEAD)
	printf '%s\n  %d files, %d commits\n' "$repo" "$files" "$commits"
	printf '  floor (ls-tree -r + log --since): %6d ms\n' "$floor"
	printf '  vigie audit --offline:            %6d ms  ratio %s (target <= 1.5)\n' \
		"$wall" "$(awk -v a="$wall" -v b="$floor" 'BEGIN { printf "%.2f", b ? a / b : 0 }')"
	printf '  vigie peak resident memory:       %6d KiB (%s MiB; target < 64)\n' \
		"$rss" "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')"
}

if [ -z "$repos" ]; then
	mkdir -p "$here/.cache"
	synthetic=$here/.cache/audit-100k-files-200k-commits.git
	if [ ! -d "$synthetic" ]; then
		echo "building $synthetic (once)..." >&2
		build_synthetic "$synthetic"
	fi
	repos=$synthetic
fi
for r in $repos; do
	measure "$r"
done
