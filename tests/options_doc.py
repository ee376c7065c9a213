#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Every option of every command is in its --help and its man page, and
every option its man page documents is one the command takes.

usage: options_doc.py VIGIE MAN_DIR

The commands are those `vigie --help` lists; each is looked up in
vigie-COMMAND.1.scd, else in the pages that document it (below).  An
option counts as documented when its page names it (--name).

Which options a command takes is asked of vigie itself: `vigie COMMAND
--NAME --zz-probe --zz-probe2` fails on --NAME when the command does not
know it, on a probe (or on NAME's value) when it does.  Each command is
asked about the names its --help and its pages mention.  An option the
command takes but its --help does not list cannot exist: one table
(src/cli/opt.c) drives both.
"""
import concurrent.futures
import functools
import os
import re
import subprocess
import sys
import tempfile

vigie, man = (os.path.abspath(a) for a in sys.argv[1:3])
# Commands without a page of their own, and where they are documented.
ELSEWHERE = {
    "badge": ["vigie.1.scd", "vigie-audit.1.scd"],  # audit's options
    "merge": ["vigie-batch.1.scd"],
    "rules": ["vigie.1.scd", "vigie-rules.5.scd"],
}
# The words before the options, for commands that want a verb first.
VERB = {"hook": ["install"], "rules": ["list"]}
# --help lists no option of these: their usage text names them.
UNLISTED = {"badge"}
OPTION = re.compile(r"(?<![\w-])--([a-z][a-z0-9-]*)")
PROBE = "zz-probe"
workdir = tempfile.mkdtemp(prefix="options-doc-")


def run(*args):
    p = subprocess.run([vigie] + list(args), capture_output=True, text=True,
                       timeout=60, cwd=workdir, stdin=subprocess.DEVNULL,
                       env=dict(os.environ, LC_ALL="C", LANG="C"))
    return p.returncode, p.stdout + p.stderr


@functools.lru_cache(maxsize=None)
def takes(cmd, name):
    """Does vigie CMD know --NAME?  Never runs the command: the probes
    after it are unknown options, a usage error either way.  Asked once
    per pair: the later checks ask again about most of the same pairs."""
    rc, text = run(cmd, *VERB.get(cmd, []), "--" + name, "--" + PROBE,
                   "--" + PROBE + "2")
    if rc == 0:
        sys.exit("options_doc: vigie %s --%s --%s succeeded" % (cmd, name,
                                                               PROBE))
    return "unknown option '--%s'" % name not in text


def page_text(page):
    path = os.path.join(man, page)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return f.read()


def defined(text):
    """The options an OPTIONS section defines: its term lines."""
    m = re.search(r"^# OPTIONS\n(.*?)(?=^# )", text, re.M | re.S)
    if not m:
        return set()
    terms = re.findall(r"^\*.*$", m.group(1), re.M)
    return set(OPTION.findall("\n".join(terms))) - {"help", "version"}


rc, top = run("--help")
commands = re.findall(r"^  ([a-z]+)  ", top, re.M)
if rc != 0 or len(commands) < 5:
    sys.exit("options_doc: vigie --help lists %d commands (exit %d)"
             % (len(commands), rc))
missing = []
helps, docs = {}, {}
for cmd in commands:
    rc, text = run(cmd, "--help")
    if rc != 0:
        missing.append("%s --help exits %d" % (cmd, rc))
        continue
    if cmd not in UNLISTED:
        # The option lines, not the prose ("as 'vigie batch --shard'").
        text = "\n".join(re.findall(r"^  (?:-\w, |    )--\S+", text, re.M))
    helps[cmd] = set(OPTION.findall(text)) - {"help"}
    if not helps[cmd]:
        missing.append("%s --help lists no option" % cmd)
    pages = ELSEWHERE.get(cmd, ["vigie-%s.1.scd" % cmd])
    docs[cmd] = set()
    for page in pages:
        text = page_text(page)
        if text is None:
            missing.append("%s: no page %s" % (cmd, page))
            continue
        docs[cmd] |= set(OPTION.findall(text))

# The names a command's --help and pages mention, tried on it.
pairs = [(c, n) for c in commands
         for n in sorted((helps[c] | docs[c]) - {"help", "version"})]
with concurrent.futures.ThreadPoolExecutor(4) as pool:
    known = dict(zip(pairs, pool.map(lambda cn: takes(*cn), pairs)))
for cmd in commands:
    taken = {n for (c, n), k in known.items() if c == cmd and k}
    # getopt takes an unambiguous prefix (--rule for --rules): a name
    # --help does not list that begins one it lists is that prefix.
    taken = {n for n in taken if n in helps[cmd] or
             not any(h != n and h.startswith(n) for h in helps[cmd])}
    pages = " or ".join(ELSEWHERE.get(cmd, ["vigie-%s.1.scd" % cmd]))
    for opt in sorted(helps[cmd] - taken):
        # badge's text tells audit's options, which badge takes.
        missing.append("vigie %s --help lists --%s, which it does not take"
                       % (cmd, opt))
    if cmd not in UNLISTED:
        for opt in sorted(taken - helps[cmd]):
            missing.append("vigie %s takes --%s, which its --help does not "
                           "list" % (cmd, opt))
    for opt in sorted(taken - docs[cmd]):
        missing.append("vigie %s --%s is not in %s" % (cmd, opt, pages))
    print("%s: %d options, in --help and %s: %s" % (cmd, len(taken), pages,
                                                   " ".join(sorted(taken))))

# The reverse: what a page's OPTIONS section defines, its commands take.
for page in sorted(os.listdir(man)):
    text = page_text(page)
    owners = [c for c in commands
              if page in ELSEWHERE.get(c, ["vigie-%s.1.scd" % c])]
    if not text or not owners:
        continue
    for opt in sorted(defined(text)):
        if not any(takes(c, opt) for c in owners):
            missing.append("%s documents --%s, which vigie %s does not take"
                           % (page, opt, " or ".join(owners)))

# The shared options of an audit: audit, batch and hook take them alike.
SHARED = ["rules", "window", "as-of", "lookback", "identities"]
NETWORK = ["offline", "cache-dir", "ca-file", "ca-path", "no-stale",
           "fetch-timeout", "max-clone-size", "tracker-days"]
for cmd, opts in (("audit", SHARED + NETWORK), ("batch", SHARED + NETWORK),
                  ("hook", SHARED)):
    for opt in opts:
        if not takes(cmd, opt):
            missing.append("vigie %s lacks the shared --%s" % (cmd, opt))

for m in missing:
    print("options_doc: " + m)
os.rmdir(workdir)
sys.exit(1 if missing else 0)
