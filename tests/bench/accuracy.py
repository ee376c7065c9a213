#!/usr/bin/env python3
"""Measure vigie against the hand-labelled corpus of tests/data/real/truth.tsv.

Run through accuracy.sh (see its usage). For every row it audits the pinned
commit of a local bare clone, maps vigie's JSON scorecard to the corpus
columns and counts, per column: correct, missed (vigie says absent, the truth
says present), false claim (vigie says present, the truth says absent) and
wrong value (both present, values differ). A measurement: exit 0 whatever
the figures, 2 on a usage error.
"""

import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_TRUTH = os.path.join(ROOT, "tests", "data", "real", "truth.tsv")
DEFAULT_VIGIE = os.path.join(ROOT, "build", "src", "cli", "vigie")
DEFAULT_MIRRORS = "/work/.mirror"
TIMEOUT = 900

USAGE = """usage: accuracy.sh [--mirrors DIR] [--truth FILE] [--only REPO]
                   [--save DIR] [--quiet]

Audits each row of the corpus (default tests/data/real/truth.tsv) in
DIR/OWNER+NAME/repo (default /work/.mirror) at its pinned commit with
$VIGIE_BIN (default build/src/cli/vigie) and prints, per column, how often
vigie agrees with the hand labels, for held-out and tuning rows apart and
together, then every disagreement.

  --mirrors DIR   directory of bare clones named OWNER+NAME/repo
  --truth FILE    the labelled corpus (tab-separated, see its README.md)
  --only REPO     audit only this row (OWNER/NAME; repeatable)
  --save DIR      keep each scorecard as DIR/OWNER+NAME.json
  --quiet         figures only, no list of disagreements
"""

COLUMNS = [
    "license", "license_other", "libre", "readme", "contributing",
    "code_of_conduct", "governance", "security", "changelog", "funding",
    "support", "ci", "docs", "translation", "translation_policy",
    "publiccode", "codemeta", "as_of", "commits_365", "authors_365",
    "releases_365", "last_release",
]
REQUIRED = ["repo", "commit", "split", "kind"] + COLUMNS
NUMERIC = {"commits_365", "authors_365", "releases_365"}
OUTCOMES = ["correct", "missed", "false", "wrong"]


def usage_error(msg):
    sys.stderr.write("accuracy: %s\n%s" % (msg, USAGE))
    sys.exit(2)


def parse_args(argv):
    opts = {"mirrors": DEFAULT_MIRRORS, "truth": DEFAULT_TRUTH,
            "only": [], "save": None, "quiet": False}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            sys.stdout.write(USAGE)
            sys.exit(0)
        if a == "--quiet":
            opts["quiet"] = True
            i += 1
            continue
        key = {"--mirrors": "mirrors", "--truth": "truth",
               "--only": "only", "--save": "save"}.get(a.split("=", 1)[0])
        if key is None:
            usage_error("unknown argument %r" % a)
        if "=" in a:
            val = a.split("=", 1)[1]
            i += 1
        else:
            if i + 1 >= len(argv):
                usage_error("%s needs a value" % a)
            val = argv[i + 1]
            i += 2
        if key == "only":
            opts["only"].append(val)
        else:
            opts[key] = val
    if not os.path.isdir(opts["mirrors"]):
        usage_error("no such directory: %s" % opts["mirrors"])
    if not os.path.isfile(opts["truth"]):
        usage_error("no such file: %s" % opts["truth"])
    if opts["save"]:
        os.makedirs(opts["save"], exist_ok=True)
    return opts


def read_truth(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            usage_error("%s: missing columns %s" % (path, ", ".join(missing)))
        for n, line in enumerate(f, start=2):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) != len(header):
                usage_error("%s:%d: %d cells, the header has %d"
                            % (path, n, len(cells), len(header)))
            row = dict(zip(header, cells))
            if not re.fullmatch(r"[0-9a-f]{40}", row["commit"]):
                usage_error("%s:%d: bad commit %r" % (path, n, row["commit"]))
            if row["split"] not in ("heldout", "tuning"):
                usage_error("%s:%d: bad split %r" % (path, n, row["split"]))
            rows.append(row)
    return rows


# ---------------------------------------------------------------- vigie side

def vigie_help(vigie):
    try:
        p = subprocess.run([vigie, "audit", "--help"], capture_output=True,
                           text=True, timeout=60)
    except OSError as e:
        usage_error("cannot run %s: %s" % (vigie, e))
    return p.stdout + p.stderr


def run_vigie(vigie, extra, gitdir, commit):
    cmd = [vigie, "audit", gitdir, "--rev", commit, "--offline",
           "--format", "json"] + extra
    try:
        p = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, "vigie took more than %d s" % TIMEOUT
    try:
        card = json.loads(p.stdout)
    except ValueError:
        first = (p.stderr.strip().splitlines() or ["no output"])[0]
        return None, "vigie exited %d: %s" % (p.returncode, first)
    if card.get("repository", {}).get("commit") != commit:
        return None, "vigie audited another commit"
    return card, None


def checks_by_id(card):
    return {c.get("id"): c for c in card.get("checks", [])}


def evidence_values(check):
    """What a passing rule points at: 'path', 'path#text' or 'path->url'."""
    out = []
    for ev in check.get("evidence") or []:
        path, text = ev.get("path"), ev.get("text")
        val = ev.get("value")
        if path:
            if text and re.match(r"^[a-z]+://", text.strip()):
                out.append("%s->%s" % (path, text.strip()))
            elif text:
                out.append("%s#%s" % (path, text.strip()))
            else:
                out.append(path)
        elif isinstance(val, dict) and val.get("path"):
            out.append(val["path"] + ("#%s" % val["text"] if val.get("text")
                                      else ""))
    return out


def rule_present(checks, rid):
    c = checks.get(rid)
    if c is None:
        return None, []
    if c.get("status") in ("pass", "partial"):
        return True, evidence_values(c) or [rid]
    if c.get("status") in ("fail",):
        return False, []
    return None, []


def inventory(card, role):
    inv = (card.get("facts") or {}).get("inventory") or {}
    return [e.get("path") for e in inv.get(role) or [] if e.get("path")]


def readme_links(card, cat):
    f = (card.get("facts") or {}).get("readme") or {}
    path = f.get("path", "README")
    # A relative link names a file of the repository (kind "file"): its
    # path is the value, as for a file of the inventory.
    return [link.get("url") if link.get("kind") == "file" else
            "%s->%s" % (path, link.get("url"))
            for link in (f.get("links") or {}).get(cat, [])]


def spdx_ids(expr):
    if not expr or expr in ("-", "?", "NONE"):
        return set()
    expr = re.sub(r"\bWITH\s+\S+", "", expr)
    return {t for t in re.split(r"[\s()]+|\bAND\b|\bOR\b", expr)
            if t and t not in ("AND", "OR")}


def ref_key(i):
    """A LicenseRef- name is free text: LicenseRef-PolyForm-Shield-1.0.0
    and LicenseRef-PolyForm-Shield-License-1.0.0 name one license."""
    if not i.lower().startswith("licenseref-"):
        return i.lower()
    words = re.split(r"[-_.\s]+", i.lower()[11:])
    return "licenseref-" + "-".join(w for w in words
                                    if w not in ("license", "licence", ""))


def same_others(want, got):
    """The labelled other licenses and vigie's: the same ids, a LicenseRef
    named either way; vigie's LicenseRef-unknown (a license text it cannot
    name) stands for one labelled LicenseRef-."""
    want = {ref_key(i) for i in want}
    got = {ref_key(i) for i in got}
    unknown = "licenseref-unknown" in got
    got.discard("licenseref-unknown")
    left = want - got
    if unknown:
        refs = [i for i in left if i.startswith("licenseref-")]
        if not refs:
            return False
        left.discard(refs[0])
    return not left and got <= want


def canonical(expr):
    """A flat 'A OR B' / 'A AND B' with its operands sorted; else as is.
    SPDX ids match case-insensitively, operators are upper case."""
    expr = " ".join((expr or "").split())
    expr = " ".join(w.upper() if w.upper() in ("AND", "OR", "WITH") else
                    w.lower() for w in expr.split(" "))
    if "(" in expr:
        return expr
    for op in (" OR ", " AND "):  # after the case folding above
        parts = expr.split(op)
        if len(parts) > 1 and not any((" OR " if op == " AND " else " AND ")
                                      in p for p in parts):
            return op.join(sorted(parts))
    return expr


def family(spdx_id):
    return re.sub(r"-(only|or-later)$|\+$", "", spdx_id)


def vigie_columns(card):
    """Map a scorecard to {column: (present, [values])}; present None = can't tell."""
    facts = card.get("facts", {})
    checks = checks_by_id(card)
    lic = facts.get("license") or {}
    hist = facts.get("history") or {}
    tr = facts.get("translation") or {}
    v = {}

    expr = lic.get("expression")
    v["license"] = (expr not in (None, "", "NONE"), [expr] if expr else [])
    # Other licenses: ids of the license files that the expression does not
    # name (-only/-or-later of a named license is the same license; package
    # manifests are declarations of the project's license, not other files).
    main = {family(i) for i in spdx_ids(expr)}
    other = set()
    for e in lic.get("files") or []:
        other |= {i for i in spdx_ids(e.get("spdx")) if family(i) not in main}
    # ...and what license.other reports: licenses named inside a license
    # file for part of the tree (bundled code, docs, a directory).
    for e in lic.get("other") or []:
        other |= {i for i in spdx_ids(e.get("spdx")) if family(i) not in main}
    v["license_other"] = (bool(other), sorted(other))

    st = checks.get("license.libre", {}).get("status")
    v["libre"] = ({"pass": True, "fail": False}.get(st), [st or "absent"])

    v["readme"] = (bool(inventory(card, "readme")), inventory(card, "readme"))
    for col, rid in (("contributing", "contributing.present"),
                     ("code_of_conduct", "code_of_conduct.present"),
                     ("security", "security.policy"),
                     ("changelog", "changelog.present"),
                     ("funding", "funding.present"),
                     ("ci", "ci.present"),
                     ("translation_policy", "translation.policy")):
        v[col] = rule_present(checks, rid)

    # Governance: the governance rule, or maintainers named in a file or a
    # README section (a CODEOWNERS file alone routes reviews, it names no
    # decision process: it does not count here).
    g, gv = rule_present(checks, "governance.present")
    m, mv = rule_present(checks, "maintainers.listed")
    codeowners = set(inventory(card, "codeowners"))
    mv = [x for x in mv if x.split("#")[0] not in codeowners]
    if g or mv:
        v["governance"] = (True, gv + mv)
    elif g is None and m is None:
        v["governance"] = (None, [])
    else:
        v["governance"] = (False, [])

    s, sv = rule_present(checks, "support.offer")
    c, cv = rule_present(checks, "community.channels")
    if s or c:
        v["support"] = (True, sv + cv)
    elif s is None and c is None:
        v["support"] = (None, [])
    else:
        v["support"] = (False, [])

    docs = inventory(card, "docs") + readme_links(card, "documentation")
    v["docs"] = (bool(docs), docs)
    langs = tr.get("languages") or []
    v["translation"] = (bool(langs), langs)
    v["publiccode"] = (bool(inventory(card, "publiccode")),
                       inventory(card, "publiccode"))
    v["codemeta"] = (bool(inventory(card, "codemeta")),
                     inventory(card, "codemeta"))

    date = (card.get("repository") or {}).get("commit_date") or ""
    v["as_of"] = (bool(date), [date[:10]] if date else [])
    for col, key in (("commits_365", "commits"), ("authors_365", "authors")):
        n = hist.get(key)
        v[col] = (n is not None, [str(n)] if n is not None else [])
    rel = hist.get("releases") or {}
    n = rel.get("count")
    v["releases_365"] = (n is not None, [str(n)] if n is not None else [])
    total = rel.get("total")
    if total is None:
        v["last_release"] = (None, [])
    else:
        v["last_release"] = (total > 0, ["%d tags, last %s days before"
                                          % (total, rel.get("last_days"))])
    return v


# ---------------------------------------------------------------- comparison

def alternatives(truth):
    return [a.strip() for a in truth.split(";") if a.strip()]


def base_of(s):
    s = s.split("->")[0]
    s = s.split("#")[0]
    s = s.split(" (")[0]
    return s.strip().lower()


def host_of(url):
    m = re.match(r"^[a-z]+://([^/]+)(/[^?#]*)?", url.strip().lower())
    if not m:
        return None
    return m.group(1) + (m.group(2) or "").rstrip("/")


def path_match(alt, value):
    if re.match(r"^[a-z]+://", alt):
        want = host_of(alt)
        got = host_of(value.split("->", 1)[1]) if "->" in value else None
        return got is not None and (got == want or got.startswith(want + "/")
                                    or want.startswith(got + "/"))
    a, b = base_of(alt), base_of(value)
    if not a:
        return False
    # A README line that names the file the truth gives ("see po/README.md").
    if "#" in value and len(a) > 3 and a in value.split("#", 1)[1].lower():
        return True
    if a.endswith("/"):
        return b.startswith(a) or b + "/" == a
    return a == b


def compare(col, truth, vpresent, vvalues):
    """Return one of OUTCOMES, or None when the truth is '?' (not scored)."""
    if truth == "?":
        return None
    if col in ("libre", "translation"):
        # vigie unable to tell (rule skipped) claims nothing.
        tp, vp = truth == "yes", bool(vpresent)
        if tp == vp:
            return "correct"
        return "missed" if tp else "false"
    tp = truth != "-"
    vp = bool(vpresent)
    if not tp and not vp:
        return "correct"
    if tp and not vp:
        return "missed"
    if vp and not tp:
        return "false"
    if col == "license":
        return ("correct" if canonical(truth) == canonical(vvalues[0])
                else "wrong")
    if col == "license_other":
        want = set()
        for item in truth.split(";"):
            want |= spdx_ids(item.rsplit(":", 1)[0])
        return "correct" if same_others(want, set(vvalues)) else "wrong"
    if col in NUMERIC or col == "as_of":
        return "correct" if vvalues and vvalues[0] == truth else "wrong"
    if col == "last_release":
        return "correct"
    for alt in alternatives(truth):
        for val in vvalues:
            if path_match(alt, val):
                return "correct"
    return "wrong"


def shown(values, present):
    if present is None:
        return "(cannot tell)"
    if not present:
        return "-"
    return "; ".join(values[:4]) + (" ..." if len(values) > 4 else "")


# ---------------------------------------------------------------- report

def table(title, counts, rows_n):
    print("\n%s (%d repositories)" % (title, rows_n))
    print("%-20s %8s %8s %8s %8s %6s %9s" % ("column", "correct", "missed",
                                             "false", "wrong", "n",
                                             "accuracy"))
    tot = dict.fromkeys(OUTCOMES, 0)
    for col in COLUMNS:
        c = counts.get(col, {})
        n = sum(c.get(o, 0) for o in OUTCOMES)
        for o in OUTCOMES:
            tot[o] += c.get(o, 0)
        acc = "%.1f%%" % (100.0 * c.get("correct", 0) / n) if n else "-"
        print("%-20s %8d %8d %8d %8d %6d %9s" % (col, c.get("correct", 0),
                                                 c.get("missed", 0),
                                                 c.get("false", 0),
                                                 c.get("wrong", 0), n, acc))
    n = sum(tot.values())
    acc = "%.1f%%" % (100.0 * tot["correct"] / n) if n else "-"
    print("%-20s %8d %8d %8d %8d %6d %9s" % ("ALL", tot["correct"],
                                             tot["missed"], tot["false"],
                                             tot["wrong"], n, acc))


def main(argv):
    opts = parse_args(argv)
    vigie = os.environ.get("VIGIE_BIN") or DEFAULT_VIGIE
    if not (os.path.isfile(vigie) and os.access(vigie, os.X_OK)):
        usage_error("no vigie at %s (build it, or set VIGIE_BIN)" % vigie)
    rows = read_truth(opts["truth"])
    if opts["only"]:
        rows = [r for r in rows if r["repo"] in opts["only"]]
        if not rows:
            usage_error("no row for %s" % ", ".join(opts["only"]))
    helptext = vigie_help(vigie)
    extra = []
    if "--as-of" in helptext:
        extra += ["--as-of", "commit"]
    if "--window" in helptext:
        extra += ["--window", "365"]
    print("vigie: %s audit DIR --rev COMMIT --offline --format json %s"
          % (vigie, " ".join(extra)))
    print("truth: %s (%d rows)" % (opts["truth"], len(rows)))

    counts = {"heldout": {}, "tuning": {}, "all": {}}
    done = {"heldout": 0, "tuning": 0, "all": 0}
    unavailable, disagreements = [], []
    lic_exact = lic_n = 0
    libre_fail = []
    for row in rows:
        gitdir = os.path.join(opts["mirrors"], row["repo"].replace("/", "+"),
                              "repo")
        if not os.path.isdir(gitdir):
            unavailable.append((row["repo"], "no snapshot at %s" % gitdir))
            continue
        card, err = run_vigie(vigie, extra, gitdir, row["commit"])
        if card is None:
            unavailable.append((row["repo"], err))
            continue
        if opts["save"]:
            with open(os.path.join(opts["save"], row["repo"].replace(
                    "/", "+") + ".json"), "w", encoding="utf-8") as f:
                json.dump(card, f, indent=1)
        got = vigie_columns(card)
        for split in (row["split"], "all"):
            done[split] += 1
        for col in COLUMNS:
            present, values = got[col]
            out = compare(col, row[col], present, values)
            if out is None:
                continue
            for split in (row["split"], "all"):
                c = counts[split].setdefault(col, {})
                c[out] = c.get(out, 0) + 1
            if out != "correct":
                disagreements.append((row["repo"], row["split"], col, out,
                                      row[col], shown(values, present)))
        if row["license"] != "?":
            lic_n += 1
            expr = got["license"][1][0] if got["license"][1] else "NONE"
            truth = "NONE" if row["license"] == "-" else row["license"]
            lic_exact += canonical(truth) == canonical(expr)
        if row["libre"] == "yes" and got["libre"][0] is False:
            libre_fail.append((row["repo"], row["license"],
                               got["license"][1][0] if got["license"][1]
                               else "NONE"))

    table("HELD-OUT", counts["heldout"], done["heldout"])
    table("TUNING", counts["tuning"], done["tuning"])
    table("OVERALL", counts["all"], done["all"])
    print("\nlicense expression exact match: %d/%d (%s)"
          % (lic_exact, lic_n, "%.1f%%" % (100.0 * lic_exact / lic_n)
             if lic_n else "-"))
    print("license.libre failing on a libre license: %d" % len(libre_fail))
    for repo, truth, expr in libre_fail:
        print("  %s: truth %s, vigie %s" % (repo, truth, expr))
    print("\nnot available: %d" % len(unavailable))
    for repo, why in unavailable:
        print("  %s: %s" % (repo, why))
    if not opts["quiet"]:
        print("\ndisagreements: %d" % len(disagreements))
        print("repo\tsplit\tcolumn\tkind\ttruth\tvigie")
        for d in sorted(disagreements, key=lambda d: (d[2], d[0])):
            print("\t".join(d))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
