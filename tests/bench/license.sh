#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Benchmark: vigie against licensee and licensecheck on the labelled corpus.
#
# Usage: tests/bench/license.sh [VIGIE_BIN]
#
# Prints each tool's accuracy on tests/data/licenses/real (correct / wrong /
# silent, false positives on files that state no license), the CPU time each
# used and the speed ratios, then the CPU time vigie needs for one typical
# LICENSE file, measured inside one process (startup and database load
# excluded).  A benchmark, not a test: it never fails on a slow machine.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
vigie=${1:-${VIGIE_BIN:-$here/build/src/cli/vigie}}
corpus=$here/tests/data/licenses/real

for tool in licensee licensecheck; do
	command -v $tool >/dev/null || { echo "license.sh: $tool is not installed (Debian: ruby-licensee, licensecheck)" >&2; exit 2; }
done

echo "== accuracy and CPU time on $(($(wc -l < "$corpus/SOURCES.tsv") - 1)) real files"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/tests/license_corpus.py" --vigie "$vigie" \
	--tools vigie,licensee,licensecheck --json-out "$tmp/figures.json"
python3 - "$tmp/figures.json" <<'PY'

import json, sys
r = json.load(open(sys.argv[1]))
v = r["vigie"]
for t in ("licensee", "licensecheck"):
    print("speed: vigie is %.0fx %s (CPU %.3fs vs %.3fs)" %
          (r[t]["cpu"] / v["cpu"], t, v["cpu"], r[t]["cpu"]))
    print("accuracy: vigie %.1f%% vs %s %.1f%%; false positives %d vs %d" %
          (100 * v["accuracy"], t, 100 * r[t]["accuracy"], v["fp"], r[t]["fp"]))
PY

echo "== CPU per typical LICENSE file (inside one process)"
for f in expressjs_express/LICENSE SocialGouv_code-du-travail-numerique/LICENSE \
	 openfisca_openfisca-core/LICENSE; do
	mkdir -p "$tmp/one" "$tmp/many"
	cp "$corpus/$f" "$tmp/one/LICENSE"
	i=0
	while [ $i -lt 300 ]; do
		mkdir -p "$tmp/many/$i"
		cp "$corpus/$f" "$tmp/many/$i/LICENSE"
		i=$((i + 1))
	done
	python3 - "$vigie" "$tmp" "$f" <<'PY'
import resource, subprocess, sys, glob
vigie, tmp, name = sys.argv[1:4]
def cpu(args):
    best = None
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([vigie, "license"] + args, stdout=subprocess.DEVNULL,
                       check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = t if best is None else min(best, t)
    return best
one = cpu([tmp + "/one/LICENSE"])
many_files = sorted(glob.glob(tmp + "/many/*/LICENSE"))
many = cpu(many_files)
per = (many - one) / (len(many_files) - 1)
print("%-45s %.3f ms CPU per file (one-file run: %.1f ms incl. startup)"
      % (name, per * 1000, one * 1000))
PY
	rm -rf "$tmp/one" "$tmp/many"
done
