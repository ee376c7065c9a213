#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""layering.py LIBVIGIE.a SOURCE_ROOT

The pipeline's stages depend only on the stages before them (DESIGN.md):
util, source, snapshot, facts (with its collectors: license, conduct,
forge), rules, scorecard, report, batch.  Reads the archive's objects with
nm and fails, naming each call, when a stage calls a function defined in
a later stage; and reads src/ for #include lines, failing when a stage
includes a later stage's public header, or when a file includes the
umbrella header vigie/vigie.h that is meant for programs using libvigie;
and fails when src/cli/ includes a private header of src/ (the command is
a program on the public API); and fails when a library object calls a
function that starts, signals or waits for a process (fork, kill,
waitpid...): an embedding program never has a child forked behind its
back (vigie batch's worker processes are the command's, src/cli/pool.c).
Prints "N passed, N failed" (one check per object file and source file)."""
import os
import re
import subprocess
import sys

ORDER = {"util": 0, "source": 1, "snapshot": 2, "facts": 3, "license": 3,
         "conduct": 3, "forge": 3, "rules": 4, "scorecard": 5, "report": 6,
         "batch": 7, "fix": 7}
# Public headers by the stage that implements them.
HEADER_STAGE = {
    "common.h": "util", "error.h": "util", "buf.h": "util", "i18n.h": "util",
    "target.h": "source", "source.h": "source", "snapshot.h": "snapshot",
    "facts.h": "facts", "license.h": "license", "conduct.h": "conduct",
    "sys/forge.h": "forge", "rules.h": "rules", "waiver.h": "rules",
    "scorecard.h": "scorecard", "gate.h": "scorecard", "audit.h": "scorecard",
    "report.h": "report", "batch.h": "batch", "version.h": "scorecard", "fix.h": "fix",
    "fs.h": "util", "json.h": "util", "date.h": "util",
    "sys/collect.h": "facts", "sys/license.h": "license",
}
# The command includes the public headers, its own, and of src/ only the
# list of banned functions (a policy, not an API).
CLI_ALLOWED = {"../util/banned.h"}
# Process management: the program's business, never the library's.
PROCESS_CALLS = {"fork", "vfork", "clone", "clone3", "execl", "execle",
                 "execlp", "execv", "execve", "execvp", "execvpe", "fexecve",
                 "posix_spawn", "posix_spawnp", "system", "popen", "kill",
                 "killpg", "tgkill", "sigqueue", "wait", "waitpid", "wait3",
                 "wait4", "waitid", "signal", "sigaction", "daemon"}
# The objects that still do, and why; an entry no longer needed fails too.
PROCESS_ALLOWED = {
    # a fetch's transfer runs in a child killed at its deadline (libgit2's
    # transports have none) when the caller asks for it
    # (vigie_source_opts.isolate, which the command sets); by default, in
    # the calling thread (test_source_transfers_in_process_unless_isolated)
    "src_source_clone.c.o",
}


def stage_of_member(name):
    m = re.match(r"src_([a-z]+)_", name)
    return m.group(1) if m else None


def main():
    lib, root = sys.argv[1], sys.argv[2]
    out = subprocess.run(["nm", "-A", lib], capture_output=True, text=True,
                         check=True).stdout
    defined, undefined, members = {}, {}, set()
    for line in out.splitlines():
        head, _, rest = line.rpartition(":")
        member = head.rsplit(":", 1)[-1]
        parts = rest.split()
        members.add(member)
        if len(parts) == 3 and parts[1] in "TDBR":
            defined[parts[2]] = stage_of_member(member)
        elif len(parts) == 2 and parts[0] == "U":
            undefined.setdefault(member, set()).add(parts[1])
    passed = failed = 0
    for member in sorted(members):
        stage = stage_of_member(member)
        if stage not in ORDER:
            continue
        bad = sorted("%s calls %s (%s)" % (member, sym, defined[sym])
                     for sym in undefined.get(member, ())
                     if defined.get(sym) in ORDER
                     and ORDER[defined[sym]] > ORDER[stage])
        if bad:
            failed += 1
            print("layering: " + "\n  ".join(["a stage calls a later one:"] + bad))
        else:
            passed += 1
    for member in sorted(members):
        if stage_of_member(member) not in ORDER:
            continue
        calls = sorted(undefined.get(member, set()) & PROCESS_CALLS)
        if calls and member not in PROCESS_ALLOWED:
            failed += 1
            print("layering: %s calls %s: libvigie starts, signals and waits "
                  "for no process; leave that to the program (a callback, "
                  "as struct vigie_batch_executor)" % (member, ", ".join(calls)))
        elif not calls and member in PROCESS_ALLOWED:
            failed += 1
            print("layering: %s no longer manages processes: remove it from "
                  "PROCESS_ALLOWED" % member)
        else:
            passed += 1
    include = re.compile(r'^\s*#\s*include\s+"vigie/((?:sys/)?[a-z_]+\.h)"', re.M)
    src = os.path.join(root, "src")
    for stage in sorted(os.listdir(src)):
        if stage not in ORDER:
            continue
        for name in sorted(os.listdir(os.path.join(src, stage))):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(src, stage, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            bad = []
            for header in include.findall(text):
                owner = HEADER_STAGE.get(header)
                if header == "vigie.h":
                    bad.append("includes the umbrella vigie/vigie.h")
                elif owner and ORDER[owner] > ORDER[stage]:
                    bad.append("includes vigie/%s (%s)" % (header, owner))
            if bad:
                failed += 1
                print("layering: src/%s/%s %s" % (stage, name, "; ".join(bad)))
            else:
                passed += 1
    quoted = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
    cli = os.path.join(src, "cli")
    for name in sorted(os.listdir(cli)):
        if not name.endswith((".c", ".h")):
            continue
        with open(os.path.join(cli, name), encoding="utf-8") as f:
            text = f.read()
        bad = [h for h in quoted.findall(text)
               if (not h.startswith("vigie/") and h not in CLI_ALLOWED
                   and not os.path.isfile(os.path.join(cli, h)))
               or h == "vigie/vigie.h"]
        if bad:
            failed += 1
            print("layering: src/cli/%s includes %s: the command uses the "
                  "public API (include/vigie/, each header it uses, not "
                  "the umbrella) and its own helpers only"
                  % (name, ", ".join(bad)))
        else:
            passed += 1
    # The stable API stands without the less stable tier: no header of
    # include/vigie/ (the umbrella included) includes one of sys/, and every
    # header has a stage above.
    pub = os.path.join(root, "include", "vigie")
    names = sorted(n for n in os.listdir(pub) if n.endswith(".h"))
    names += sorted("sys/" + n for n in os.listdir(os.path.join(pub, "sys"))
                    if n.endswith(".h"))
    for name in names:
        with open(os.path.join(pub, name), encoding="utf-8") as f:
            text = f.read()
        bad = []
        if name != "vigie.h" and name not in HEADER_STAGE:
            bad.append("has no stage in HEADER_STAGE")
        if not name.startswith("sys/") and re.search(
                r'^\s*#\s*include\s+"sys/', text, re.M):
            bad.append("includes a header of the less stable tier sys/")
        if bad:
            failed += 1
            print("layering: include/vigie/%s %s" % (name, "; ".join(bad)))
        else:
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
