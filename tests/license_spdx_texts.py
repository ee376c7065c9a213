#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
# Does every SPDX license text identify as itself?  (Not a meson test: it
# needs the SPDX data, which the build never reads.)
#
# Usage: license_spdx_texts.py SPDX_DIR [VIGIE_BIN] [--verbose]
#
# Writes each text of SPDX_DIR/json/spdx-list-3.28-texts.json to a scratch
# directory, runs `vigie license` on all of them at once, and counts a text
# as right when vigie names its id, a twin with the very same words (from
# licenses.tsv), the -only id for an -or-later text (a bare text cannot say
# "or later"), or the current id of a deprecated one.  The deprecated
# "GPL-x.0-with-EXCEPTION" entries hold only the exception and are skipped.
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEPRECATED = {
    "GPL-1.0": "GPL-1.0-only", "GPL-1.0+": "GPL-1.0-or-later",
    "GPL-2.0": "GPL-2.0-only", "GPL-2.0+": "GPL-2.0-or-later",
    "GPL-3.0": "GPL-3.0-only", "GPL-3.0+": "GPL-3.0-or-later",
    "LGPL-2.0": "LGPL-2.0-only", "LGPL-2.0+": "LGPL-2.0-or-later",
    "LGPL-2.1": "LGPL-2.1-only", "LGPL-2.1+": "LGPL-2.1-or-later",
    "LGPL-3.0": "LGPL-3.0-only", "LGPL-3.0+": "LGPL-3.0-or-later",
    "AGPL-1.0": "AGPL-1.0-only", "AGPL-3.0": "AGPL-3.0-only",
    "GFDL-1.1": "GFDL-1.1-only", "GFDL-1.2": "GFDL-1.2-only",
    "GFDL-1.3": "GFDL-1.3-only", "StandardML-NJ": "SMLNJ",
    "Nunit": "zlib-acknowledgement",
    "BSD-2-Clause-FreeBSD": "BSD-2-Clause-Views",
    "BSD-2-Clause-NetBSD": "BSD-2-Clause",
}
SKIP = ("eCos-2.0", "wxWindows")


def twins():
    tw = {}
    path = os.path.join(HERE, "..", "rules", "licenses", "licenses.tsv")
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(cols) < 7:
                continue
            tw.setdefault(cols[0], set()).update(x for x in cols[6].split(",")
                                                 if x)
    return tw


def main():
    spdx = sys.argv[1]
    vigie = sys.argv[2] if len(sys.argv) > 2 and not sys.argv[2].startswith(
        "-") else os.path.join(HERE, "..", "build", "src", "cli", "vigie")
    verbose = "--verbose" in sys.argv
    with open(os.path.join(spdx, "json", "spdx-list-3.28-texts.json"),
              encoding="utf-8") as f:
        texts = json.load(f)
    tw = twins()
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for lid, v in texts.items():
            if "-with-" in lid or lid in SKIP:
                continue
            p = os.path.join(tmp, lid + ".txt")
            with open(p, "w", encoding="utf-8") as f:
                f.write(v["licenseText"])
            paths.append(p)
        out = subprocess.run([vigie, "license"] + paths, capture_output=True,
                             text=True, check=False).stdout
    ok, bad = 0, []
    for line in out.splitlines():
        path, got, conf = line.split("\t")
        lid = os.path.basename(path)[:-4]
        want = DEPRECATED.get(lid, lid)
        alts = {want} | tw.get(want, set())
        if want.endswith("-or-later"):
            alts.add(want[:-len("-or-later")] + "-only")
        if got in alts:
            ok += 1
        else:
            bad.append((lid, got, conf))
    print("%d of %d SPDX 3.28 texts identify as themselves" %
          (ok, ok + len(bad)))
    for lid, got, conf in bad if verbose else []:
        print("  %-36s -> %s (%s)" % (lid, got, conf))
    return 0


if __name__ == "__main__":
    sys.exit(main())
