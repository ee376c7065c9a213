#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Every option a command's --help lists is documented in its man page.

usage: options_doc.py VIGIE MAN_DIR

The commands are those `vigie --help` lists; each is looked up in
vigie-COMMAND.1.scd, else in the pages that document it (below).  An
option counts as documented when its page names it (--name).
"""
import os
import re
import subprocess
import sys

vigie, man = sys.argv[1:3]
# Commands without a page of their own, and where they are documented.
ELSEWHERE = {
    "badge": ["vigie.1.scd", "vigie-audit.1.scd"],  # audit's options
    "merge": ["vigie-batch.1.scd"],
    "rules": ["vigie.1.scd", "vigie-rules.5.scd"],
}
OPTION = re.compile(r"(?<![\w-])--([a-z][a-z0-9-]*)")


def run(*args):
    p = subprocess.run([vigie] + list(args), capture_output=True, text=True,
                       timeout=60)
    return p.returncode, p.stdout + p.stderr


rc, top = run("--help")
commands = re.findall(r"^  ([a-z]+)  ", top, re.M)
if rc != 0 or len(commands) < 5:
    sys.exit("options_doc: vigie --help lists %d commands (exit %d)"
             % (len(commands), rc))
missing = []
for cmd in commands:
    rc, text = run(cmd, "--help")
    if rc != 0:
        missing.append("%s --help exits %d" % (cmd, rc))
        continue
    options = set(OPTION.findall(text)) - {"help"}
    if not options:
        missing.append("%s --help lists no option" % cmd)
    pages = ELSEWHERE.get(cmd, ["vigie-%s.1.scd" % cmd])
    documented = set()
    for page in pages:
        path = os.path.join(man, page)
        if not os.path.exists(path):
            missing.append("%s: no page %s" % (cmd, page))
            continue
        with open(path, encoding="utf-8") as f:
            documented |= set(OPTION.findall(f.read()))
    for opt in sorted(options - documented):
        missing.append("vigie %s --%s is not in %s" % (cmd, opt,
                                                       " or ".join(pages)))
    print("%s: %d options, all documented" % (cmd, len(options))
          if not options - documented else "%s: undocumented" % cmd)
for m in missing:
    print("options_doc: " + m)
sys.exit(1 if missing else 0)
