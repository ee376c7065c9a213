#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Times the pre-push hook's audit of a tag on a repository of 100,000 files
# beside `git ls-tree -r TAG` (the floor: listing the same tree), in the
# same run, and prints the ratio.  Target: at most 1.5.
#
#   tests/bench/hook.sh [VIGIE] [RUNS]
#
# The repository is built once with git fast-import and cached in
# tests/bench/.cache/ (gitignored).  A benchmark, not a test: it never fails
# on a slow machine, it reports.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
vigie=${1:-${VIGIE_BIN:-$root/build/src/cli/vigie}}
runs=${2:-11}
files=100000
repo=$here/.cache/files-$files.git
zero=0000000000000000000000000000000000000000

export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org
export GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z

if [ ! -x "$vigie" ]; then
	echo "hook.sh: no vigie at $vigie (build first, or pass its path)" >&2
	exit 2
fi

if ! git --git-dir="$repo" rev-parse -q --verify v1.0 >/dev/null 2>&1; then
	echo "building $repo ($files files, once)..." >&2
	rm -rf "$repo"
	mkdir -p "$here/.cache"
	git init -q --bare "$repo"
	# 1,000 directories of 100 files, a few of them the files a commons
	# keeps at its root, each blob distinct.
	python3 - "$files" <<'PY' | git --git-dir="$repo" fast-import --quiet
import sys
n = int(sys.argv[1])
out = sys.stdout.buffer
def blob(path, text):
    data = text.encode()
    out.write(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
out.write(b"commit refs/heads/main\n")
out.write(b"committer Bench <bench@example.org> 1767225600 +0000\n")
out.write(b"data 6\nbench\n")
root = {
    "README.md": "# Bench\n\nA large repository shared as a digital commons.\n\n## About\n\nIt is big.\n",
    "LICENSE": "MIT License\n\nCopyright (c) 2026 Bench\n\nPermission is hereby granted.\n",
    "CONTRIBUTING.md": "# Contributing\n\nReport a bug in an issue; propose a pull request.\n",
    "CODE_OF_CONDUCT.md": "# Code of conduct\n\nBe kind.\n",
    "SECURITY.md": "# Security\n\nMail security@example.org.\n",
}
for path, text in root.items():
    blob(path, text)
for i in range(n - len(root)):
    blob("src/d%03d/f%05d.c" % (i // 100, i), "int f%d(void) { return %d; }\n" % (i, i))
PY
	git --git-dir="$repo" tag -a v1.0 -m 'bench release' main
fi

tag_id=$(git --git-dir="$repo" rev-parse v1.0)
count=$(git --git-dir="$repo" ls-tree -r v1.0 | wc -l)

# Each command runs $runs times after one warm-up run (so the objects are in
# the page cache for both); the medians of wall-clock and of CPU time (user
# + system, which a machine shared with other jobs disturbs less) are shown.
python3 - "$repo" "$vigie" "$tag_id" "$runs" "$count" <<'PY'
import os, statistics, subprocess, sys, time
repo, vigie, tag_id, runs, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
zero = "0" * 40
line = ("refs/tags/v1.0 %s refs/tags/v1.0 %s\n" % (tag_id, zero)).encode()

def measure(argv, stdin=b""):
    walls, cpus = [], []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, cwd=repo, stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        p.stdin.write(stdin)
        p.stdin.close()
        _, _, ru = os.wait4(p.pid, 0)
        wall = (time.perf_counter() - t0) * 1000
        if i:
            walls.append(wall)
            cpus.append((ru.ru_utime + ru.ru_stime) * 1000)
    return statistics.median(walls), statistics.median(cpus)

floor = measure(["git", "--git-dir=" + repo, "ls-tree", "-r", "v1.0"])
hook = measure([vigie, "hook", "run", "--fail-under", "0", "origin", "bench"], line)
print("files: %s, runs: %d (medians)" % (count, runs))
print("git ls-tree -r v1.0:        wall %6.1f ms, cpu %6.1f ms" % floor)
print("vigie hook run (tag v1.0):  wall %6.1f ms, cpu %6.1f ms" % hook)
for name, i in (("wall", 0), ("cpu", 1)):
    r = hook[i] / max(floor[i], 0.001)
    print("ratio (%s): %.2f (target <= 1.5)%s" % (name, r, " OVER TARGET" if r > 1.5 else ""))
PY
