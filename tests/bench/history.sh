#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Benchmark of the history collector against `git log --since` in the same run.
#
# usage: tests/bench/history.sh [-n RUNS] [--window DAYS] [REPO...]
#
# Without REPO, walks two synthetic repositories of 200,000 and 25,000
# commits (20,000 of them in the last 365 days in both), built once with git
# fast-import and cached under tests/bench/.cache/.  Prints, per repository,
# vigie's time for the history collector (its own timing, from the JSON
# report) beside the time of
#   git log --since=@EDGE --format='%aE %cE' HEAD
# over the same window (vigie with --as-of commit: both end at HEAD's
# date), and their ratio (medians of RUNS, default 5); when
# the repository has tags, also the collector over a one-day window (mostly
# the release facts) beside git for-each-ref reading the tags' dates.  A
# benchmark, not a test: it never fails on a slow machine.  VIGIE_BIN
# overrides the vigie binary (default build/src/cli/vigie).
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
	-h|--help) sed -n '4,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) repos="$repos $1"; shift ;;
	esac
done
[ -x "$vigie" ] || { echo "history.sh: no vigie binary at $vigie" >&2; exit 2; }

# The synthetic repository: TOTAL commits, the last RECENT of them spread
# over the 365 days before HEAD, the others over the ten years before that.
# 600 authors from 60 organisations plus free-mail users, 300 newcomers in
# the window, a few bots, a merge every 50 commits, signed-off commits and
# tags.
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
    if n >= old and n % 20 == 0:
        a = 600 + (n - old) // 20 % 300   # newcomers: only in the window
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
	# The same 20,000 recent commits on top of 180,000 or 5,000 older ones:
	# the walk's time must not follow the length of the whole history.
	for total in 200000 25000; do
		synth=$cache/synthetic-$((total / 1000))k-v2.git
		if [ ! -d "$synth" ]; then
			echo "building $synth (once)..." >&2
			build_synthetic "$synth" $total 20000
		fi
		repos="$repos $synth"
	done
fi

# Each run, interleaved: git log over the window; vigie with --lookback 0
# (the window alone); vigie with the default look-back; and vigie over a
# one-day window, whose CPU time is vigie's fixed cost (start-up, libgit2
# and TLS initialisation, the other collectors) taken off the others' CPU.
for repo in $repos; do
	python3 - "$vigie" "$repo" "$window" "$runs" <<'PY'
import json, os, resource, statistics, subprocess, sys, time
vigie, repo, window, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
head = int(subprocess.check_output(["git", "-C", repo, "log", "-1", "--format=%ct", "HEAD"]))
edge = head - window * 86400
gitcmd = ["git", "-C", repo, "log", "--since=@%d" % edge, "--format=%aE %cE", "HEAD"]
commits = subprocess.check_output(gitcmd).count(b"\n")
tags = subprocess.check_output(["git", "-C", repo, "tag"]).count(b"\n")

def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

def run(cmd):
    c0, t0 = cpu(), time.monotonic()
    out = subprocess.run(cmd, stdout=subprocess.PIPE, check=True).stdout
    return (time.monotonic() - t0) * 1e3, (cpu() - c0) * 1e3, out

def vig(win, lookback):
    # --as-of commit: the window ends at HEAD's date, as git log's here.
    wall, c, out = run([vigie, "audit", repo, "--offline", "--format", "json",
                        "--as-of", "commit",
                        "--window", str(win), "--lookback", str(lookback)])
    return json.loads(out)["timings"]["facts.history"], c

# The release facts read every tag's date, as this git command does.
tagcmd = ["git", "-C", repo, "for-each-ref", "refs/tags",
          "--format=%(creatordate:unix) %(*objectname)%(objectname)"]
g, v, l, base, t, one = [], [], [], [], [], []
run(gitcmd)
for _ in range(runs):
    g.append(run(gitcmd)[:2])
    v.append(vig(window, 0))
    l.append(vig(window, window))
    w1, c1 = vig(1, 0)
    base.append(c1)
    one.append(w1)
    t.append(run(tagcmd)[0])
med = statistics.median
b = med(base)
gw, gc = med(x[0] for x in g), med(x[1] for x in g)
vw, vc = med(x[0] for x in v), med(x[1] for x in v) - b
lw, lc = med(x[0] for x in l), med(x[1] for x in l) - b
print("%s: %d commits in the last %d days, %d tags (median of %d runs)" % (repo, commits, window, tags, runs))
print("  %-34s %9s %9s %8s %8s" % ("", "wall_ms", "cpu_ms", "wall_x", "cpu_x"))
print("  %-34s %9.1f %9.1f" % ("git log --since --format='%aE %cE'", gw, gc))
print("  %-34s %9.1f %9.1f %8.2f %8.2f" % ("vigie history, window only", vw, vc, vw / gw, vc / max(gc, 0.1)))
print("  %-34s %9.1f %9.1f %8.2f %8.2f" % ("vigie history, with look-back", lw, lc, lw / gw, lc / max(gc, 0.1)))
if tags:
    tw, ow = med(t), med(one)
    print("  %-34s %9.1f" % ("git for-each-ref refs/tags (dates)", tw))
    print("  %-34s %9.1f %9s %8.2f" % ("vigie history, one-day window", ow, "", ow / tw))
PY
done
cat <<'NOTE'

wall_ms for vigie is the collector's own timing (facts.history in the JSON
report), which includes reading every tag for the release facts; for git,
the whole process.  cpu_ms for vigie is the process's CPU time less that of
a one-day audit (so the tags are left out of it).  _x: vigie / git.  The
look-back (as long again before the window, the default) tells newcomers;
--lookback 0 skips it.  The last two lines compare the collector over a
one-day window, which is mostly reading the tags, with git reading the
same tags' dates.
NOTE
