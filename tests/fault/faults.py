#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Fault injection: vigie with its N-th own allocation failing.

usage: faults.py VIGIE FAILMALLOC_SO SOURCE_ROOT

For `vigie license` (text and JSON) every allocation is failed in turn.  For
`vigie audit --offline --format json` of a small repository made of vigie's
own community files (about 1,800 allocations), by default every allocation
of a window at the start (options, rule packs) and one in STRIDE after it
(target, source, snapshot, collectors, rules, report), so that the suite
stays within seconds; with FAULTS_EVERY=K in the environment, every K-th
allocation of the whole audit (FAULTS_EVERY=1: each of them, about a
minute on two cores).  With
FAULTS_VALGRIND=N, N runs of each command spread over its allocations go
under valgrind --leak-check=full instead: a leak (definite or indirect) or a
memory error on an out-of-memory path fails too.  valgrind's own allocator
must leave the shim's malloc alone (--soname-synonyms=somalloc=
nouserintercepts) and the shim must not be preloaded into valgrind itself
(it is given to the program through env).

Every run must end by itself (no signal, no hang) either with exit 0 and
the reference output, byte for byte (the JSON `timings` aside), or with
exit 70 and the one line "vigie: out of memory" on stderr (and nothing on
stdout for the audit): out of memory is an error, never a silently missing
fact.  meson leaves the test out of a sanitizer build: LD_PRELOAD cannot go
before the sanitizer's runtime.
"""
import collections
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile

vigie, shim, root = sys.argv[1:4]
every = int(os.environ.get("FAULTS_EVERY", "0"))
valgrind = int(os.environ.get("FAULTS_VALGRIND", "0"))
VALGRIND = ["valgrind", "-q", "--trace-children=yes",
            "--soname-synonyms=somalloc=nouserintercepts", "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect",
            "--error-exitcode=99"]
# the first allocations (options, rule packs) and one in 13 after, for a
# first audit, then one in 29 for an audit reading kept commits: about 300
# runs, 5 s of CPU (FAULTS_EVERY=1: 3,500)
WINDOW = 100
STRIDE = 13
failures = []
OOM = "vigie: out of memory\n"


def run(args, env, cwd):
    try:
        p = subprocess.run(args, env=env, cwd=cwd, capture_output=True,
                           timeout=60)
    except subprocess.TimeoutExpired:
        return None
    return p


def count(args, cwd, extra):
    with tempfile.NamedTemporaryFile() as f:
        env = dict(os.environ, LD_PRELOAD=shim, FAILMALLOC_COUNT=f.name,
                   **extra)
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
    if isinstance(doc, dict):
        doc.pop("timings", None)
    return json.dumps(doc, sort_keys=True)


def check(args, cwd, indices, keep=False, extra=None, label=""):
    """Fail each allocation of indices (a function of the total) in turn;
    keep: what was computed before may be printed (a file per file);
    extra: more environment (the cache)."""
    extra = extra or {}
    total, ref = count(args, cwd, extra)
    name = " ".join(args[1:]) + label
    if total < 10:
        failures.append("%s: only %d allocations seen: is the shim loaded?"
                        % (name, total))
        return
    ref = without_timings(ref)
    todo = list(indices(total))
    if valgrind:
        k = min(valgrind, len(todo))
        todo = [todo[i * len(todo) // k] for i in range(k)]
    outcomes = collections.Counter()

    def one(n):
        if valgrind:
            return n, run(VALGRIND + ["env", "LD_PRELOAD=" + shim,
                                      "FAILMALLOC_ONLY=vigie",
                                      "FAILMALLOC_AT=%d" % n] + args,
                          dict(os.environ, **extra), cwd)
        env = dict(os.environ, LD_PRELOAD=shim, FAILMALLOC_AT=str(n),
                   **extra)
        return n, run(args, env, cwd)

    # LC_ALL=C in the environment of the suite: the messages in English
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        for n, p in pool.map(one, todo):
            what = "%s with allocation %d of %d failing" % (name, n, total)
            if p is None:
                outcomes["hang"] += 1
                failures.append(what + ": hangs")
                continue
            err = p.stderr.decode(errors="replace")
            if p.returncode < 0:
                outcomes["signal"] += 1
                failures.append("%s: killed by signal %d"
                                % (what, -p.returncode))
            elif p.returncode == 0:
                if without_timings(p.stdout) != ref:
                    outcomes["exit 0, other output"] += 1
                    failures.append(what + ": exit 0 with another output")
                else:
                    outcomes["exit 0, same output"] += 1
            elif p.returncode == 99 and valgrind:
                outcomes["valgrind errors"] += 1
                failures.append("%s: valgrind: %s" % (what, err))
            elif p.returncode == 70 and err == OOM and (keep or not p.stdout):
                outcomes["exit 70, out of memory"] += 1
            else:
                outcomes["exit %d, other" % p.returncode] += 1
                failures.append("%s: exit %d, stdout %d bytes, stderr %r"
                                % (what, p.returncode, len(p.stdout), err))
    print("%s: %d allocations, %d runs: %s"
          % (name, total, len(todo),
             ", ".join("%d %s" % (v, k) for k, v in sorted(outcomes.items()))))


def audit_indices(total):
    if every or valgrind:
        return range(1, total + 1, every or 1)
    return sorted(set(range(1, min(WINDOW, total) + 1)) |
                  set(range(WINDOW + 1, total + 1, STRIDE)))


os.environ.update(LC_ALL="C", LANG="C")
os.environ.pop("LC_MESSAGES", None)
with tempfile.TemporaryDirectory() as repo:
    # every collector that runs offline has something to read
    for f in ("LICENSE", "README.md", "README.fr.md", "CONTRIBUTING.md",
              "SECURITY.md", "CODE_OF_CONDUCT.md", "GOVERNANCE.md",
              "publiccode.yml"):
        shutil.copy(os.path.join(root, f), repo)
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    for i, who in enumerate(("Fault <f@example.org>", "Other <o@example.com>")):
        name, mail = who[:-1].split(" <")
        git = ["git", "-C", repo, "-c", "user.name=" + name,
               "-c", "user.email=" + mail]
        date = dict(os.environ, GIT_AUTHOR_DATE="2026-01-0%dT00:00:00Z" % (i + 1),
                    GIT_COMMITTER_DATE="2026-01-0%dT00:00:00Z" % (i + 1))
        if i:
            with open(os.path.join(repo, "README.md"), "a") as f:
                f.write("\nMore.\n")
        subprocess.run(git + ["add", "-A"], check=True)
        subprocess.run(git + ["commit", "-q", "-m", "change %d" % i],
                       check=True, env=date)
        if not i:
            subprocess.run(git + ["tag", "v1.0"], check=True)
    every_one = lambda total: range(1, total + 1)
    # the files identified before one ran out are kept: here none
    check([vigie, "license", "LICENSE"], repo, every_one, True)
    check([vigie, "license", "--format", "json", "LICENSE"], repo, every_one,
          True)
    audit = [vigie, "audit", repo, "--offline", "--as-of", "commit",
             "--format", "json"]
    # A first audit: no commit kept by an earlier one, none can be kept
    # (the cache is under a file); then one reading the commits kept.
    with tempfile.NamedTemporaryFile() as f, \
            tempfile.TemporaryDirectory() as cache:
        check(audit, repo, audit_indices,
              extra={"XDG_CACHE_HOME": os.path.join(f.name, "cache")},
              label=" (first audit)")
        subprocess.run(audit, env=dict(os.environ, XDG_CACHE_HOME=cache),
                       cwd=repo, capture_output=True, check=True)
        check(audit, repo, lambda total: range(1, total + 1, every or 29),
              extra={"XDG_CACHE_HOME": cache}, label=" (commits kept)")

for f in failures[:int(os.environ.get("FAULTS_SHOW", "20"))]:
    print("faults: " + f)
if failures:
    print("faults: %d failures" % len(failures))
    sys.exit(1)
