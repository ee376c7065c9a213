#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
# Score license detectors on the labelled real-world corpus (tests/data/licenses/real).
#
# Usage: license_corpus.py [--vigie PATH] [--tools vigie,licensee,licensecheck]
#                          [--set all|dev|holdout] [--verbose] [--json]
#
# Each file of SOURCES.tsv carries a label: an SPDX expression, or NONE for a
# file that states no license.  A tool is right when it names exactly the set
# of license ids of the label (exceptions after WITH and the AND/OR operators
# are not compared); it is silent when it names none; anything else is wrong.
# The script prints, per tool, correct / wrong / none counts, false positives
# on the NONE files, and the CPU time the tool used.  Rows are marked "dev"
# (files looked at while vigie was tuned) or "holdout" (collected and
# labelled afterwards, never tuned on); --set picks one.
import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "data", "licenses", "real")

# Deprecated or tool-specific spellings, mapped to current SPDX ids.
ALIASES = {
    "GPL-2.0": "GPL-2.0-only", "GPL-2.0+": "GPL-2.0-or-later",
    "GPL-3.0": "GPL-3.0-only", "GPL-3.0+": "GPL-3.0-or-later",
    "LGPL-2.1": "LGPL-2.1-only", "LGPL-2.1+": "LGPL-2.1-or-later",
    "LGPL-3.0": "LGPL-3.0-only", "LGPL-3.0+": "LGPL-3.0-or-later",
    "AGPL-3.0": "AGPL-3.0-only", "AGPL-3.0+": "AGPL-3.0-or-later",
    # licensecheck's SPDX-like short names
    "GPL-2": "GPL-2.0-only", "GPL-2+": "GPL-2.0-or-later",
    "GPL-3": "GPL-3.0-only", "GPL-3+": "GPL-3.0-or-later",
    "LGPL-2.1+": "LGPL-2.1-or-later", "LGPL-3": "LGPL-3.0-only",
    "LGPL-3+": "LGPL-3.0-or-later", "AGPL-3": "AGPL-3.0-only",
    "AGPL-3+": "AGPL-3.0-or-later", "Apache-2.0+": "Apache-2.0",
    "MPL-2.0+": "MPL-2.0", "CECILL-2.1+": "CECILL-2.1",
    "EPL-2.0+": "EPL-2.0", "AGPLv3": "AGPL-3.0-only", "GPLv3": "GPL-3.0-only",
    "GPLv2": "GPL-2.0-only", "LGPLv2.1": "LGPL-2.1-only",
}
SILENT = {"", "NONE", "NOASSERTION", "UNKNOWN", "OTHER", "LicenseRef-Other"}


def ids_of(expr):
    """The set of license ids of an expression (WITH exceptions dropped)."""
    expr = expr.replace("and/or", " OR ").replace(",", " ")
    out = set()
    skip = False
    for tok in re.split(r"[\s()]+", expr):
        if not tok:
            continue
        up = tok.upper()
        if up in ("AND", "OR"):
            continue
        if up == "WITH":
            skip = True
            continue
        if skip:
            skip = False
            continue
        if tok in SILENT or tok.startswith("*"):
            continue
        out.add(ALIASES.get(tok, tok))
    return frozenset(out)


def load(subset):
    rows = []
    with open(os.path.join(CORPUS, "SOURCES.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            fn, repo, path, commit, label, which = \
                line.rstrip("\n").split("\t")
            if subset in ("all", which):
                rows.append((fn, repo, path, label))
    return rows


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_vigie(binary, files):
    out = subprocess.run([binary, "license", "--format", "json"] + files,
                         capture_output=True, text=True, check=False).stdout
    doc = json.loads(out)
    res = {}
    for f in doc["files"]:
        # a label names every license the file gives the work or a part
        # of it (docs, data, logos); vigie leaves those of a part out of
        # its expression, with a scope.  Third-party notices are not in
        # the labels (eclipse-ee4j_jsonp/NOTICE.md).
        parts = [f["spdx"]] + [m["spdx"] for m in f.get("matches", [])
                               if m.get("scope") and
                               m["scope"] != "third-party"]
        res[os.path.relpath(f["path"], CORPUS)] = " AND ".join(parts)
    return res


def run_licensee(files):
    res = {}
    for f in files:
        p = subprocess.run(["licensee", "detect", "--json", f],
                           capture_output=True, text=True, check=False)
        ids = set()
        try:
            doc = json.loads(p.stdout)
            for m in doc.get("matched_files", []):
                if m.get("matched_license"):
                    ids.add(m["matched_license"])
            for lic in doc.get("licenses", []):
                ids.add(lic.get("spdx_id") or "")
        except ValueError:
            pass
        res[os.path.relpath(f, CORPUS)] = " AND ".join(sorted(i for i in ids if i))
    return res


def run_licensecheck(files):
    p = subprocess.run(["licensecheck", "--shortname-scheme=spdx", "-m",
                        "--check", ".*"] + files,
                       capture_output=True, text=True, check=False)
    res = {}
    for line in p.stdout.splitlines():
        if "\t" not in line:
            continue
        path, lic = line.split("\t", 1)
        res[os.path.relpath(path, CORPUS)] = lic.strip()
    return res


def score(rows, got):
    c = {"correct": 0, "wrong": 0, "none": 0, "fp": 0, "neg": 0}
    table = []
    for fn, repo, path, label in rows:
        want = ids_of(label)
        have = ids_of(got.get(fn, ""))
        if not want:
            c["neg"] += 1
            verdict = "correct" if not have else "wrong"
            if have:
                c["fp"] += 1
        elif not have:
            verdict = "none"
        else:
            verdict = "correct" if have == want else "wrong"
        c[verdict] += 1
        table.append((verdict, fn, label, got.get(fn, "")))
    return c, table


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vigie", default=os.environ.get("VIGIE_BIN",
                                                      "build/src/cli/vigie"))
    ap.add_argument("--tools", default="vigie")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--set", default="all", choices=("all", "dev", "holdout"))
    ap.add_argument("--repeat", type=int, default=1,
                    help="run each tool N times (for timing)")
    ap.add_argument("--json", action="store_true", help="machine output")
    ap.add_argument("--json-out", help="also write the figures as JSON here")
    ap.add_argument("--min-accuracy", type=float,
                    help="exit 1 if vigie's accuracy is below this (0..1)")
    args = ap.parse_args()
    rows = load(args.set)
    files = [os.path.join(CORPUS, r[0]) for r in rows]
    runners = {
        "vigie": lambda: run_vigie(args.vigie, files),
        "licensee": lambda: run_licensee(files),
        "licensecheck": lambda: run_licensecheck(files),
    }
    results = {}
    for tool in args.tools.split(","):
        cpu0, wall0 = cpu_children(), time.monotonic()
        for _ in range(args.repeat):
            got = runners[tool]()
        cpu = (cpu_children() - cpu0) / args.repeat
        wall = (time.monotonic() - wall0) / args.repeat
        c, table = score(rows, got)
        results[tool] = dict(c, files=len(rows), cpu=cpu, wall=wall,
                             accuracy=c["correct"] / len(rows))
        if args.verbose:
            for verdict, fn, label, have in table:
                if verdict != "correct":
                    print("%-12s %-8s %-55s want %-40s got %s" %
                          (tool, verdict, fn, label, have))
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print("%-13s %5s %7s %6s %5s %9s %9s %9s" %
          ("tool", "files", "correct", "wrong", "none", "accuracy",
           "FP/NONE", "cpu_s"))
    for tool, r in results.items():
        print("%-13s %5d %7d %6d %5d %8.1f%% %5d/%-3d %9.3f" %
              (tool, r["files"], r["correct"], r["wrong"], r["none"],
               100 * r["accuracy"], r["fp"], r["neg"], r["cpu"]))
    if args.min_accuracy is not None and "vigie" in results and \
            results["vigie"]["accuracy"] < args.min_accuracy:
        print("vigie's accuracy is below %.2f" % args.min_accuracy)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
