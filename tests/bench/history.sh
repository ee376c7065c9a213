#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Benchmark of the history collector against `git log --since` in the same run.
#
# usage: tests/bench/history.sh [-n RUNS] [--window DAYS] [REPO...]
#
# Without REPO, walks a synthetic repository of 200,000 commits (20,000 in the
# last 365 days), built once with git fast-import and cached under
# tests/bench/.cache/.  Prints, per repository, vigie's time for the history
# collector (its own timing, from the JSON report) beside the time of
#   git log --since=@EDGE --format='%aE %cE' HEAD
# over the same window, and their ratio.  A benchmark, not a test: it never
# fails on a slow machine.  VIGIE_BIN overrides the vigie binary (default
# build/src/cli/vigie).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
vigie=${VIGIE_BIN:-$root/build/src/cli/vigie}
runs=5
window=365
repos=""
while [ $# -gt 0 ]; do
	case $1 in
	-n) runs=$2; shift 2 ;;
	--window) window=$2; shift 2 ;;
	-h|--help) sed -n '4,14p' "$0"; exit 0 ;;
	*) repos="$repos $1"; shift ;;
	esac
done
[ -x "$vigie" ] || { echo "history.sh: no vigie binary at $vigie" >&2; exit 2; }

# The synthetic repository: TOTAL commits, the last RECENT of them spread
# over the 365 days before HEAD, the others over the ten years before that.
# 600 authors from 60 organisations plus free-mail users, a few bots, a
# merge every 50 commits, signed-off commits and tags.
build_synthetic() {
	dir=$1 total=$2 recent=$3
	rm -rf "$dir.tmp"
	git init -q --bare "$dir.tmp"
	python3 - "$total" "$recent" <<'PY' | git -C "$dir.tmp" fast-import --quiet
import sys
total, recent = int(sys.argv[1]), int(sys.argv[2])
head = 1767225600            # 2026-01-01T00:00:00Z
edge = head - 365 * 86400
start = edge - 10 * 365 * 86400
out = sys.stdout.buffer
def w(s):
    out.write(s.encode() if isinstance(s, str) else s)
def person(i):
    if i % 7 == 0:
        return "User %d" % i, "user%d@gmail.com" % i
    return "Dev %d" % i, "dev%d@org%d.example" % (i, i % 60)
old = total - recent
for n in range(total):
    if n < old:
        t = start + (n * (edge - start)) // old
    else:
        t = edge + 1 + ((n - old) * (head - edge - 1)) // max(recent - 1, 1)
    a = (n * 7919) % 600
    name, mail = person(a)
    if n % 97 == 0:
        name, mail = "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"
    msg = "change %d\n" % n
    if n % 3 == 0:
        msg += "\nSigned-off-by: %s <%s>\n" % (name, mail)
    w("commit refs/heads/%s\n" % ("main" if n % 50 else "side"))
    w("mark :%d\n" % (n + 1))
    w("author %s <%s> %d +0000\n" % (name, mail, t))
    w("committer %s <%s> %d +0000\n" % (name, mail, t))
    m = msg.encode()
    w("data %d\n" % len(m)); w(m)
    if n:
        w("from :%d\n" % n)
    if n % 50 == 0 and n:
        w("merge :%d\n" % (n - 1))
    w("M 100644 inline f%d\n" % (n % 16))
    d = ("%d\n" % n).encode()
    w("data %d\n" % len(d)); w(d)
    if n % 1000 == 999:
        w("tag v%d.%d.0\nfrom :%d\ntagger Rel <rel@org1.example> %d +0000\ndata 0\n"
          % (n // 10000, (n // 1000) % 10, n + 1, t))
PY
	git -C "$dir.tmp" symbolic-ref HEAD refs/heads/main
	git -C "$dir.tmp" repack -a -d -q
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
}

if [ -z "$repos" ]; then
	cache=$here/.cache
	mkdir -p "$cache"
	synth=$cache/synthetic-200k.git
	if [ ! -d "$synth" ]; then
		echo "building $synth (once)..." >&2
		build_synthetic "$synth" 200000 20000
	fi
	repos=$synth
fi

# Median of the runs, in milliseconds.
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

printf '%-40s %9s %9s %9s %7s\n' repository commits vigie_ms git_ms ratio
for repo in $repos; do
	head_t=$(git -C "$repo" log -1 --format=%ct HEAD)
	edge=$((head_t - window * 86400))
	commits=$(git -C "$repo" log --since=@$edge --format=%H HEAD | wc -l)
	git -C "$repo" log --since=@$edge --format='%aE %cE' HEAD >/dev/null
	i=0 vt="" gt=""
	while [ $i -lt "$runs" ]; do
		v=$("$vigie" audit "$repo" --offline --window "$window" --format json |
			python3 -c 'import json,sys; print(json.load(sys.stdin)["timings"]["facts.history"])')
		vt="$vt $v"
		t0=$(now_ms)
		git -C "$repo" log --since=@$edge --format='%aE %cE' HEAD >/dev/null
		t1=$(now_ms)
		gt="$gt $((t1 - t0))"
		i=$((i + 1))
	done
	vm=$(echo $vt | tr ' ' '\n' | median)
	gm=$(echo $gt | tr ' ' '\n' | median)
	printf '%-40s %9s %9.1f %9s %7.2f\n' "$(basename "$repo")" "$commits" "$vm" "$gm" \
		"$(python3 -c "print($vm / max($gm, 1))")"
done
