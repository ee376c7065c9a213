#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Fault injection: vigie with its N-th own allocation failing.

usage: faults.py VIGIE FAILMALLOC_SO SOURCE_ROOT [STEP]

For `vigie license` (text and JSON) every allocation is failed in turn; for
`vigie audit --offline` of a small repository made of vigie's own community
files, one in STEP (default 53).  Each run must end by itself (no signal,
no hang) with the reference output and exit 0, or with a documented exit
code (3, 4, 70) and one line on stderr saying it ran out of memory.
`vigie license` must never degrade silently: exit 0 means the reference
output, byte for byte.  Exit 77 (skipped) under a sanitizer, which must be
the first library loaded.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

vigie, shim, root = sys.argv[1:4]
step = int(sys.argv[4]) if len(sys.argv) > 4 else 53
failures = []


def run(args, env, cwd):
    try:
        p = subprocess.run(args, env=env, cwd=cwd, capture_output=True,
                           timeout=60)
    except subprocess.TimeoutExpired:
        return None
    return p


def count(args, cwd):
    with tempfile.NamedTemporaryFile() as f:
        env = dict(os.environ, LD_PRELOAD=shim, FAILMALLOC_COUNT=f.name)
        p = run(args, env, cwd)
        if p is None or p.returncode != 0:
            sys.exit("faults: %s failed without a fault: %s"
                     % (" ".join(args), p and p.stderr.decode()))
        return int(open(f.name).read()), p.stdout


def without_timings(out):
    try:
        doc = json.loads(out)
    except ValueError:
        return out
    doc.pop("timings", None)
    return json.dumps(doc, sort_keys=True)


def check(args, cwd, every, exact):
    total, ref = count(args, cwd)
    if total < 10:
        failures.append("%s: only %d allocations seen: is the shim loaded?"
                        % (args[1], total))
        return
    ref = without_timings(ref)
    runs = 0
    for n in range(1, total + 1, every):
        env = dict(os.environ, LD_PRELOAD=shim, FAILMALLOC_AT=str(n))
        p = run(args, env, cwd)
        runs += 1
        what = "%s with allocation %d of %d failing" % (" ".join(args[1:]), n,
                                                        total)
        if p is None:
            failures.append(what + ": hangs")
            continue
        err = p.stderr.decode(errors="replace")
        if p.returncode < 0:
            failures.append("%s: killed by signal %d" % (what, -p.returncode))
        elif p.returncode == 0:
            if exact and without_timings(p.stdout) != ref:
                failures.append(what + ": exit 0 with another output")
        elif p.returncode not in (3, 4, 70):
            failures.append("%s: exit %d: %s" % (what, p.returncode, err))
        elif (err.count("\n") != 1 or not err.startswith("vigie: ") or
              not ("out of memory" in err or "cannot format" in err or
                   "database is damaged" in err)):
            failures.append("%s: exit %d, stderr not one line saying so: %r"
                            % (what, p.returncode, err))
    print("%s: %d allocations, %d runs" % (" ".join(args[1:]), total, runs))


with tempfile.TemporaryDirectory() as repo:
    for f in ("LICENSE", "README.md", "CONTRIBUTING.md", "SECURITY.md"):
        shutil.copy(os.path.join(root, f), repo)
    git = ["git", "-c", "user.name=Fault", "-c", "user.email=f@example.org"]
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    subprocess.run(git + ["-C", repo, "add", "-A"], check=True)
    subprocess.run(git + ["-C", repo, "commit", "-q", "-m", "first"],
                   check=True)
    check([vigie, "license", "LICENSE"], repo, 1, True)
    check([vigie, "license", "--format", "json", "LICENSE"], repo, 1, True)
    check([vigie, "audit", repo, "--offline", "--as-of", "commit",
           "--format", "json"], repo, step, False)

for f in failures[:20]:
    print("faults: " + f)
if failures:
    print("faults: %d failures" % len(failures))
    sys.exit(1)
