#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Benchmark of a whole offline audit of real repositories against a floor
# measured in the same run.
#
# usage: tests/bench/real.sh [-n RUNS] [REPO...]
#
# REPO is a git directory (bare or not).  Without REPO, takes the bare
# copies found under $VIGIE_MIRRORS (default /work/.mirror, one
# OWNER+NAME/repo each) of git/git, curl/curl and the mid-size application
# repositories listed below; fetch them first (any bare clone will do).
# For each repository, RUNS times (default 5), alternately:
#   floor:  git ls-tree -r HEAD  +  git log --since=<window> --format=%aE
#   vigie:  vigie audit REPO --offline --format json --as-of commit
#           (again, the commits kept by the audit before: the figures;
#           and with none kept, a first audit's: printed too, against
#           git ls-tree -r HEAD + git log -n <commits it walked> --format=%aE,
#           git reading as many commits as the first audit did)
# and prints the medians of wall and CPU time, their ratio, vigie's peak
# resident memory, each stage's share of vigie's time (from the
# scorecard's timings), and the audit alone (source to rules: what a batch
# worker, whose process and rule pack are set up once, pays a repository).
# Targets (issue 19): at most 1.2 times the floor, under 64 MiB.  A
# benchmark, not a test: it never fails on a slow machine.
# VIGIE_BIN overrides the binary (default build/src/cli/vigie).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
vigie=${VIGIE_BIN:-$root/build/src/cli/vigie}
mirrors=${VIGIE_MIRRORS:-/work/.mirror}
runs=5
while [ $# -gt 0 ]; do
	case $1 in
	-n) runs=$2; shift 2 ;;
	-h|--help) sed -n '4,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	--) shift; break ;;
	-*) echo "real.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ -x "$vigie" ] || { echo "real.sh: no vigie binary at $vigie" >&2; exit 2; }

if [ $# -eq 0 ]; then
	# Large C histories, then mid-size applications in other languages.
	for r in git+git curl+curl betagouv+aides-jeunes opendatateam+udata \
		 excalidraw+excalidraw BurntSushi+ripgrep openfisca+openfisca-core \
		 MTES-MCT+trackdechets; do
		[ -d "$mirrors/$r/repo" ] && set -- "$@" "$mirrors/$r/repo"
	done
	[ $# -gt 0 ] || { echo "real.sh: no repository under $mirrors" >&2; exit 2; }
fi

exec python3 - "$vigie" "$runs" "$@" <<'PY'
import json, os, statistics, subprocess, sys, tempfile, time

vigie, runs, repos = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
as_of = "--as-of" in subprocess.run([vigie, "audit", "--help"], capture_output=True,
                                    text=True).stdout

def run(argv, env=None):
    """Wall seconds, CPU seconds, peak RSS (KiB) and stdout of one process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, out, p.returncode

def git(repo, *args):
    return ["git", "--git-dir", repo if os.path.isdir(os.path.join(repo, "objects"))
            else os.path.join(repo, ".git")] + list(args)

for repo in repos:
    head = int(subprocess.check_output(git(repo, "log", "-1", "--format=%ct", "HEAD")))
    edge = head - 365 * 86400
    files = len(subprocess.check_output(git(repo, "ls-tree", "-r", "--name-only", "HEAD")).splitlines())
    commits = int(subprocess.check_output(git(repo, "rev-list", "--count", "HEAD")))
    cache = tempfile.mkdtemp(prefix="vigie-real-")
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    cmd = [vigie, "audit", repo, "--offline", "--format", "json"] + (["--as-of", "commit"] if as_of else [])
    fw, fc, vw, vc, rss, shares = [], [], [], [], [], {}
    cw, cc, gw, gc, walked = [], [], [], [], 0
    run(cmd, env)  # warm-up: the page cache, for both
    for _ in range(runs):
        w1, c1, _, _, _ = run(git(repo, "ls-tree", "-r", "HEAD"))
        w2, c2, _, _, _ = run(git(repo, "log", "--since=@%d" % edge, "--format=%aE", "HEAD"))
        fw.append(w1 + w2); fc.append(c1 + c2)
        # a first audit: nothing kept by an earlier one (commits, licenses)
        subprocess.run(["rm", "-rf", os.path.join(cache, "vigie", "commits"),
                        os.path.join(cache, "vigie", "licenses")])
        w, c, _, out, _ = run(cmd, env)
        cw.append(w); cc.append(c)
        try:
            walked = int(json.loads(out)["facts"]["history"]["walked"])
        except (ValueError, KeyError, TypeError):
            walked = 0
        if walked:
            # git reading as many commits, newest first
            w1, c1, _, _, _ = run(git(repo, "ls-tree", "-r", "HEAD"))
            w2, c2, _, _, _ = run(git(repo, "log", "-n", str(walked), "--format=%aE", "HEAD"))
            gw.append(w1 + w2); gc.append(c1 + c2)
        w, c, m, out, rc = run(cmd, env)
        if rc not in (0, 1):
            print("%s: vigie exited %d" % (repo, rc)); break
        vw.append(w); vc.append(c); rss.append(m)
        t = json.loads(out).get("timings", {})
        for k, v in t.items():
            if isinstance(v, (int, float)) and (k in ("source", "snapshot", "facts", "rules")
                                                or k.startswith("facts.")):
                shares.setdefault(k, []).append(v)
    subprocess.run(["rm", "-rf", cache])
    if not vw:
        continue
    mf, mfc, mv, mvc = (statistics.median(x) for x in (fw, fc, vw, vc))
    print("%s\n  %d files, %d commits" % (repo, files, commits))
    print("  floor (ls-tree -r + log --since): %7.1f ms wall %7.1f ms CPU" % (mf * 1e3, mfc * 1e3))
    print("  vigie audit --offline:            %7.1f ms wall %7.1f ms CPU" % (mv * 1e3, mvc * 1e3))
    print("  ratio (target <= 1.2):            %7.2f wall    %7.2f CPU" % (mv / mf, mvc / mfc if mfc else 0))
    mcw, mcc = statistics.median(cw), statistics.median(cc)
    print("  first audit (no kept commits):    %7.1f ms wall %7.1f ms CPU  = %.2f wall, %.2f CPU"
          % (mcw * 1e3, mcc * 1e3, mcw / mf, mcc / mfc if mfc else 0))
    if gw:
        mgw, mgc = statistics.median(gw), statistics.median(gc)
        print("  git over the %5d commits it read: %7.1f ms wall %7.1f ms CPU; first audit = %.2f wall, %.2f CPU"
              % (walked, mgw * 1e3, mgc * 1e3, mcw / mgw, mcc / mgc if mgc else 0))
    print("  peak resident memory:             %7.1f MiB (target < 64)" % (max(rss) / 1024))
    # the audit from opening the repository to the rules' results: what a
    # batch worker pays a repository (its process and rule pack are set up
    # once); the rest is the process (libraries, rule pack, report, exit)
    pipe = [sum(shares[k][i] for k in ("source", "snapshot", "facts", "rules"))
            for i in range(len(vw)) if all(k in shares and i < len(shares[k])
                                           for k in ("source", "snapshot", "facts", "rules"))]
    if pipe:
        mp = statistics.median(pipe)
        print("  audit alone (source to rules):    %7.1f ms wall  = %.2f of the floor; "
              "process set-up, report, exit: %.1f ms" % (mp, mp / (mf * 1e3), mv * 1e3 - mp))
    total = statistics.median(vw) * 1e3
    parts = ", ".join("%s %.0f%%" % (k, 100 * statistics.median(v) / total)
                      for k, v in sorted(shares.items(), key=lambda kv: -statistics.median(kv[1]))
                      if k != "facts")
    print("  stages (share of wall):           " + parts)
PY
