#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
# Build vigie's license database (rules/licenses/) from SPDX license-list data.
#
# Usage: build.py SPDX_DIR [OUT_DIR]
#
# SPDX_DIR holds json/licenses.json (list 3.13: flags), template/*.txt (3.13
# matching templates) and json/spdx-list-3.28-texts.json (all texts of 3.28).
# The output is committed: the build never reads SPDX_DIR.  The normaliser
# below must stay the exact mirror of src/license/normalize.c.
import json
import os
import re
import sys

# ---- normalisation (mirror of normalize.c) --------------------------------

# Latin-1 letters U+00C0..U+00FF folded to ASCII ('_' marks a separator);
# normalize.c holds the same table.
LATIN1 = "aaaaaaaceeeeiiiidnooooo_ouuuuytsaaaaaaaceeeeiiiidnooooo_ouuuuyty"
FOLD = {0xC0 + i: (c if c != "_" else None) for i, c in enumerate(LATIN1)}
FOLD[0xC6] = FOLD[0xE6] = "ae"
FOLD[0xDF] = "ss"
FOLD[0xDE] = FOLD[0xFE] = "th"
FOLD[0x152] = FOLD[0x153] = "oe"
DASHES = {0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212}

DROP = {"http", "https", "ii", "iii", "iv", "vi", "vii", "viii", "ix",
        "xi", "xii", "xiii", "xiv", "xv", "xvi"}

# Words the SPDX matching guidelines treat as the same (our own list).
EQUIV = {
    "acknowledgement": "acknowledgment", "acknowledgements": "acknowledgments",
    "analogue": "analog", "analyse": "analyze", "artefact": "artifact",
    "authorisation": "authorization", "authorised": "authorized",
    "calibre": "caliber", "cancelled": "canceled",
    "capitalisations": "capitalizations", "catalogue": "catalog",
    "categorise": "categorize", "centre": "center",
    "emphasised": "emphasized", "favour": "favor", "favourite": "favorite",
    "fulfil": "fulfill", "fulfilment": "fulfillment", "judgement": "judgment",
    "initialise": "initialize", "labelling": "labeling", "labour": "labor",
    "licence": "license", "licences": "licenses", "licenced": "licensed",
    "licencing": "licensing", "licencee": "licensee", "licencees": "licensees",
    "licencor": "licensor", "licencors": "licensors",
    "sublicence": "sublicense", "sublicences": "sublicenses",
    "sublicenced": "sublicensed",
    "maximise": "maximize", "modelled": "modeled", "modelling": "modeling",
    "offence": "offense", "optimise": "optimize",
    "organisation": "organization", "organisations": "organizations",
    "organise": "organize", "practise": "practice", "programme": "program",
    "realise": "realize", "recognise": "recognize",
    "signalling": "signaling", "utilisation": "utilization",
    "whilst": "while", "wilful": "willful", "noncommercial": "noncommercial",
    "owner": "holder", "owners": "holders",
}


def is_copyright_line(line):
    s = line.lstrip(" \t#*>-=+|`_")
    low = s.lower()
    if low.startswith("(c)") or s.startswith("\u00a9"):
        return True
    if low.startswith("copyright"):
        return bool(re.search(r"[0-9]", low)) or "(c)" in low or "\u00a9" in s
    return False


def fold(ch):
    """One character to '' (separator), or the text it contributes."""
    cp = ord(ch)
    if cp < 0x80:
        c = ch.lower()
        return c if ("a" <= c <= "z" or "0" <= c <= "9") else ""
    if cp in FOLD:
        return FOLD[cp] or ""
    if cp < 0x100 or cp in DASHES or 0x2000 <= cp < 0x2070 or \
            0x3000 <= cp < 0x3040 or 0xFF00 <= cp < 0xFFF0 or cp == 0xFEFF:
        return ""
    return ch


def tokens(text):
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = text.replace("\r", "\n")
    text = "\n".join(l for l in text.split("\n") if not is_copyright_line(l))
    out = []
    cur = []
    n = len(text)
    i = 0

    def flush():
        if cur:
            out.append("".join(cur))
            cur.clear()

    MAX_CHARS = 32

    while i < n:
        ch = text[i]
        if ch == "<":
            j = i + 1
            while j < n and j - i <= 100 and text[j] not in "<>\n":
                j += 1
            if j < n and text[j] == ">":
                flush()
                i = j + 1
                continue
        if ch == "&":
            flush()
            out.append("and")
            i += 1
            continue
        f = fold(ch)
        if f:
            # unspaced scripts make long runs: cut them like normalize.c
            if len(cur) == MAX_CHARS:
                flush()
            cur.append(f)
            i += 1
            continue
        prev = fold(text[i - 1]) if i > 0 else ""
        nxt = fold(text[i + 1]) if i + 1 < n else ""
        if (ch == "-" or ord(ch) in DASHES) and prev and nxt and cur:
            i += 1
            continue
        if ch == "." and cur and prev.isdigit() and nxt.isdigit() and \
                len(prev) == 1 and len(nxt) == 1:
            cur.append(".")
            i += 1
            continue
        flush()
        i += 1
    flush()
    res = []
    for t in out:
        if len(t) == 1 or t in DROP:
            continue
        if len(t) == 2 and t.isdigit():
            continue
        res.append(EQUIV.get(t, t))
    return res


# ---- templates -------------------------------------------------------------

VAR_RE = re.compile(r'<<var;name="([^"]*)";original="(.*?)";match="(.*?)">>',
                    re.S)


def strip_template(t, keep_optional):
    """The template's text without bullets and the copyright variable.
    With keep_optional, optional parts and the original text of other
    variables are kept; without, both are dropped (the text that must be
    there)."""
    out = []
    depth = 0
    i = 0
    while i < len(t):
        if t.startswith("<<beginOptional", i):
            depth += 1
            i = t.index(">>", i) + 2
            continue
        if t.startswith("<<endOptional>>", i):
            depth = max(0, depth - 1)
            i += len("<<endOptional>>")
            continue
        if t.startswith("<<var;", i):
            m = VAR_RE.match(t, i)
            if not m:
                i = t.index(">>", i) + 2
                continue
            name, orig = m.group(1), m.group(2)
            # the copyright notice itself goes (copyright lines are
            # dropped from every text); other variables keep their
            # original words, as optional ones
            if keep_optional and name not in ("bullet", "copyright"):
                out.append(" " + orig + " ")
            out.append(" ")
            i = m.end()
            continue
        if depth == 0 or keep_optional:
            out.append(t[i])
        i += 1
    return "".join(out)


# ---- classification --------------------------------------------------------

# Authorised by article D323-2-1 of the French CRPA (software, then data).
FR_PUBLIC = {
    "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "CECILL-B", "MIT",
    "AGPL-3.0-only", "AGPL-3.0-or-later", "CECILL-2.1", "CECILL-C", "EPL-2.0",
    "EUPL-1.2", "GPL-3.0-only", "GPL-3.0-or-later", "LGPL-3.0-only",
    "LGPL-3.0-or-later", "MPL-2.0", "MPL-2.0-no-copyleft-exception",
    "etalab-2.0", "ODbL-1.0",
}

COPYLEFT_PREFIX = (
    "GPL-", "AGPL-", "LGPL-", "MPL-", "EPL-", "EUPL-", "CECILL-1", "CECILL-2",
    "CECILL-C", "CDDL-", "OSL-", "MS-RL", "CC-BY-SA-", "CC-BY-NC-SA-",
    "ODbL-", "LAL-", "LiLiQ-R", "Sleepycat", "GFDL-", "CPL-", "CPAL-",
    "SSPL-", "RPL-", "QPL-", "APSL-", "Artistic-1", "EUPL", "OSL", "NPL-",
    "SPL-", "IPL-", "RPSL-", "Watcom-", "CC-BY-ND", "copyleft-next",
    "OGL-UK", "LPPL", "MulanPubL", "Nokia", "Motosoto", "Parity-",
    "YPL-", "ErlPL", "gSOAP", "CDLA-Sharing", "OCCT-PL", "SimPL", "eCos",
)
NOT_COPYLEFT = {"CC-BY-ND-1.0", "CC-BY-ND-2.0", "CC-BY-ND-2.5", "CC-BY-ND-3.0",
                "CC-BY-ND-4.0", "CC-BY-ND-3.0-DE", "CC-BY-ND-3.0-IGO",
                "LPPL-1.0", "LPPL-1.1", "LPPL-1.2", "LPPL-1.3a", "LPPL-1.3c",
                "MPL-2.0-no-copyleft-exception", "Artistic-1.0",
                "Artistic-1.0-cl8", "Artistic-1.0-Perl"}


# Marked free by the FSF after list 3.13 was published (FSF license list).
FSF_SINCE_3_13 = {"EUPL-1.2"}


def libre_table():
    """libre.tsv: {id: "libre" | "non-libre"} (see its header)."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = {}
    with open(os.path.join(here, "libre.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3 or cols[1] not in ("libre", "non-libre"):
                sys.exit("libre.tsv: bad line %r" % line)
            out[cols[0]] = cols[1]
    return out


def copyleft(lid):
    if lid in NOT_COPYLEFT:
        return False
    return lid.startswith(COPYLEFT_PREFIX)


def current_id(lid, ids):
    """The current id a deprecated one stands for (None if none)."""
    m = re.match(r"^(A?L?GPL|GFDL)-([0-9.]+)(\+?)$", lid)
    if m:
        cand = "%s-%s-%s" % (m.group(1), m.group(2),
                             "or-later" if m.group(3) else "only")
        return cand if cand in ids else None
    m = re.match(r"^(GPL-[0-9.]+)-with-.*$", lid)
    if m and m.group(1) + "-only" in ids:
        return m.group(1) + "-only"
    table = {"BSD-2-Clause-FreeBSD": "BSD-2-Clause-Views",
             "BSD-2-Clause-NetBSD": "BSD-2-Clause",
             "wxWindows": "LGPL-2.0-or-later", "eCos-2.0": "GPL-2.0-or-later",
             "StandardML-NJ": "SMLNJ", "Nunit": "zlib-acknowledgement"}
    return table.get(lid) if table.get(lid) in ids else None


# ---- names for notices ("Licensed under the Apache License, Version 2.0") --

# Common ways people name licenses, beyond SPDX ids and full names.
ALIASES = [
    ("mit", "MIT"), ("mit license", "MIT"), ("expat", "MIT"),
    # "MIT/X11": the MIT license under its two usual names, not a choice
    ("mit x11", "MIT"), ("mit x11 license", "MIT"),
    # the W3C's own names for its 2015 license (w3.org's repositories)
    ("w3c software and document license", "W3C-20150513"),
    ("w3c software and document notice and license", "W3C-20150513"),
    ("w3c software notice and document license", "W3C-20150513"),
    ("mit no attribution", "MIT-0"),
    ("isc", "ISC"), ("isc license", "ISC"),
    ("apache 2", "Apache-2.0"), ("apache license 2", "Apache-2.0"),
    ("apache software license 2", "Apache-2.0"), ("asl 2", "Apache-2.0"),
    ("apache v2", "Apache-2.0"), ("apache2", "Apache-2.0"),
    ("al 2", "Apache-2.0"),
    ("bsd 2 clause", "BSD-2-Clause"), ("2 clause bsd", "BSD-2-Clause"),
    ("simplified bsd", "BSD-2-Clause"), ("freebsd license", "BSD-2-Clause"),
    ("bsd 3 clause", "BSD-3-Clause"), ("3 clause bsd", "BSD-3-Clause"),
    ("new bsd", "BSD-3-Clause"), ("modified bsd", "BSD-3-Clause"),
    ("revised bsd", "BSD-3-Clause"), ("bsd 3 clause clear", "BSD-3-Clause-Clear"),
    ("clear bsd", "BSD-3-Clause-Clear"),
    ("gpl", "GPL-3.0-only?"), ("agpl", "AGPL-3.0-only?"),
    ("gpl 2", "GPL-2.0-only"), ("gplv2", "GPL-2.0-only"),
    ("gpl 3", "GPL-3.0-only"), ("gplv3", "GPL-3.0-only"),
    ("gnu gpl 2", "GPL-2.0-only"), ("gnu gpl 3", "GPL-3.0-only"),
    ("gnu general public license 2", "GPL-2.0-only"),
    ("gnu general public license 3", "GPL-3.0-only"),
    ("general public license 2", "GPL-2.0-only"),
    ("general public license 3", "GPL-3.0-only"),
    ("lgpl 2.1", "LGPL-2.1-only"), ("lgplv2.1", "LGPL-2.1-only"),
    ("lgpl 3", "LGPL-3.0-only"), ("lgplv3", "LGPL-3.0-only"),
    ("lgpl 2", "LGPL-2.0-only"),
    ("gnu lgpl 2.1", "LGPL-2.1-only"), ("gnu lgpl 3", "LGPL-3.0-only"),
    ("gnu lesser general public license 2.1", "LGPL-2.1-only"),
    ("gnu lesser general public license 3", "LGPL-3.0-only"),
    ("lesser general public license 2.1", "LGPL-2.1-only"),
    ("lesser general public license 3", "LGPL-3.0-only"),
    ("gnu library general public license 2", "LGPL-2.0-only"),
    ("agpl 3", "AGPL-3.0-only"), ("agplv3", "AGPL-3.0-only"),
    ("gnu agpl 3", "AGPL-3.0-only"),
    ("gnu affero general public license 3", "AGPL-3.0-only"),
    ("affero general public license 3", "AGPL-3.0-only"),
    ("affero gpl 3", "AGPL-3.0-only"),
    ("mpl 2", "MPL-2.0"), ("mozilla public license 2", "MPL-2.0"),
    ("mpl 1.1", "MPL-1.1"), ("mozilla public license 1.1", "MPL-1.1"),
    ("epl 2", "EPL-2.0"), ("eclipse public license 2", "EPL-2.0"),
    ("epl 1", "EPL-1.0"), ("eclipse public license 1", "EPL-1.0"),
    ("eupl 1.2", "EUPL-1.2"), ("eupl 1.1", "EUPL-1.1"),
    ("eupl v1.2", "EUPL-1.2"), ("eupl v1.1", "EUPL-1.1"),
    ("european union public license 1.2", "EUPL-1.2"),
    ("european union public license 1.1", "EUPL-1.1"),
    ("license publique de union europeenne 1.2", "EUPL-1.2"),
    ("licence publique de union europeenne 1.2", "EUPL-1.2"),
    ("cecill 2.1", "CECILL-2.1"), ("cecill v2.1", "CECILL-2.1"),
    ("cecill 2", "CECILL-2.0"), ("cecill v2", "CECILL-2.0"),
    ("cecill b", "CECILL-B"), ("cecillb", "CECILL-B"),
    ("cecill c", "CECILL-C"), ("cecillc", "CECILL-C"),
    ("cecill", "CECILL-2.1?"),
    ("etalab 2", "etalab-2.0"), ("licence ouverte 2", "etalab-2.0"),
    ("license ouverte 2", "etalab-2.0"), ("open licence 2", "etalab-2.0"),
    ("open license 2", "etalab-2.0"), ("licence ouverte", "etalab-2.0"),
    ("license ouverte", "etalab-2.0"),
    ("odbl", "ODbL-1.0"), ("open database license", "ODbL-1.0"),
    ("cc0", "CC0-1.0"), ("creative commons zero", "CC0-1.0"),
    ("cc by 4", "CC-BY-4.0"), ("cc by sa 4", "CC-BY-SA-4.0"),
    ("creative commons attribution 4", "CC-BY-4.0"),
    ("creative commons attribution sharealike 4", "CC-BY-SA-4.0"),
    ("creative commons attribution share alike 4", "CC-BY-SA-4.0"),
    ("unlicense", "Unlicense"), ("the unlicense", "Unlicense"),
    ("zlib", "Zlib"), ("zlib license", "Zlib"), ("boost software license", "BSL-1.0"),
    ("wtfpl", "WTFPL"), ("artistic license 2", "Artistic-2.0"),
    ("python software foundation license", "PSF-2.0"),
    ("public domain", "NOASSERTION?"),
    # names without the version SPDX puts in them, and short forms
    ("open data commons public domain dedication and license", "PDDL-1.0"),
    ("odc pddl", "PDDL-1.0"), ("pddl", "PDDL-1.0"),
    ("open data commons attribution license", "ODC-By-1.0"),
    ("odc by", "ODC-By-1.0"), ("open data commons open database license",
                               "ODbL-1.0"),
    ("liliq r", "LiLiQ-R-1.1"), ("liliq p", "LiLiQ-P-1.1"),
    ("liliq r plus", "LiLiQ-Rplus-1.1"), ("liliq rplus", "LiLiQ-Rplus-1.1"),
    ("gpl 1", "GPL-1.0-only"), ("gplv1", "GPL-1.0-only"),
    ("gnu general public license 1", "GPL-1.0-only"),
    ("general public license 1", "GPL-1.0-only"),
    ("artistic license", "Artistic-1.0-Perl?"),
    ("cc by sa 3", "CC-BY-SA-3.0"), ("cc by 3", "CC-BY-3.0"),
    ("cc by nc 4", "CC-BY-NC-4.0"), ("cc by nc sa 4", "CC-BY-NC-SA-4.0"),
    ("cc by nd 4", "CC-BY-ND-4.0"), ("cc by nc nd 4", "CC-BY-NC-ND-4.0"),
    # licenses outside the SPDX list, named by a LicenseRef-; their libre
    # verdict is src/license/expr.c's table of unlisted licenses
    ("redis source available license 2", "LicenseRef-RSALv2"),
    ("rsal 2", "LicenseRef-RSALv2"), ("sspl", "SSPL-1.0"),
]


def name_key(s):
    """Tokens of a license name as notice.c compares them."""
    s = s.lower()
    s = s.replace("\u00e9", "e").replace("\u00e8", "e").replace("'", " ")
    s = re.sub(r"([a-z])v([0-9])", r"\1 \2", s)
    s = re.sub(r"\bv\.?\s*([0-9])", r"\1", s)
    s = re.sub(r"\bversion\b", " ", s)
    s = re.sub(r"\blicence\b", "license", s)
    toks = re.findall(r"[a-z0-9]+(?:\.[0-9]+)*\+?", s)
    out = []
    for t in toks:
        plus = t.endswith("+")
        t = t.rstrip("+")
        if re.fullmatch(r"[0-9]+(\.[0-9]+)*", t):
            while t.endswith(".0"):
                t = t[:-2]
        if t in ("the", "of", "l", "la", "le", "du", "de", "des", "d"):
            continue
        out.append(t)
        if plus:
            out += ["or", "later"]
    return " ".join(out)


# ---- main --------------------------------------------------------------------


def varint(n):
    b = bytearray()
    while True:
        x = n & 0x7F
        n >>= 7
        if n:
            b.append(x | 0x80)
        else:
            b.append(x)
            return bytes(b)


def main():
    spdx = sys.argv[1]
    out_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(
        os.path.abspath(__file__))
    with open(os.path.join(spdx, "json/licenses.json"), encoding="utf-8") as f:
        meta = json.load(f)
    with open(os.path.join(spdx, "json/spdx-list-3.28-texts.json"),
              encoding="utf-8") as f:
        texts = json.load(f)
    flags13 = {x["licenseId"]: x for x in meta["licenses"]}
    deprecated = {k for k, v in flags13.items() if v["isDeprecatedLicenseId"]}
    ids = sorted(texts, key=lambda s: s.lower())
    current = {lid for lid in ids if lid not in deprecated}

    libre = libre_table()
    entries = []
    for lid in ids:
        if lid in deprecated:
            continue
        tpl = os.path.join(spdx, "template", lid + ".template.txt")
        if not os.path.exists(tpl) and lid.endswith("-or-later"):
            # same text as the -only id, whose template we have
            tpl = os.path.join(spdx, "template",
                               lid[:-9] + "-only.template.txt")
        src = "3.28"
        optional = []
        if os.path.exists(tpl):
            with open(tpl, encoding="utf-8") as f:
                t = f.read()
            words = tokens(strip_template(t, True))
            must = set(tokens(strip_template(t, False)))
            optional = sorted(set(words) - must)
            nmain = sum(1 for w in words if w in must)
            src = "3.13-template"
        else:
            words = tokens(texts[lid]["licenseText"])
            nmain = len(words)
        if len(words) < 5:
            print("skip %s: %d words" % (lid, len(words)), file=sys.stderr)
            continue
        f13 = flags13.get(lid, {})
        osi = texts[lid].get("osiApproved") in (True, "True", "true")
        fl = ""
        fl += "o" if osi else "-"
        fl += "f" if f13.get("isFsfLibre") or lid in FSF_SINCE_3_13 else "-"
        fl += "c" if copyleft(lid) else "-"
        fl += "p" if lid in FR_PUBLIC else "-"
        fl += "t" if src != "3.28" else "-"
        # libre: OSI, FSF, or libre.tsv (Debian, CRPA list, permissive
        # family); n: known not to be (libre.tsv); neither: cannot tell
        if libre.get(lid) == "non-libre":
            fl += "n"
        elif "o" in fl or "f" in fl or libre.get(lid) == "libre":
            fl += "l"
        else:
            fl += "-"
        entries.append((lid, texts[lid]["name"], fl, words, optional, nmain))

    # Official texts in other languages SPDX does not carry (the French
    # CeCILL texts most French projects ship), kept verbatim in extra/.
    extra_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                             "extra")
    base = {e[0]: e for e in entries}
    for fn in sorted(os.listdir(extra_dir)):
        m = re.match(r"^(.+)\.([a-z]{2})\.txt$", fn)
        if not m or m.group(1) not in base:
            continue
        with open(os.path.join(extra_dir, fn), encoding="utf-8") as f:
            words = tokens(f.read())
        b = base[m.group(1)]
        entries.append((b[0], "%s (%s text)" % (b[1], m.group(2)),
                        b[2].replace("t", "-"), words, [], len(words)))

    # A license without a template borrows the optional words of the
    # closest template (CC-BY-NC-SA-4.0 those of CC-BY-4.0: the Creative
    # Commons preamble many copies leave out), so that the same parts are
    # optional in every member of a family.
    templated = [e for e in entries if e[4]]
    for n, e in enumerate(entries):
        if e[4] or not templated:
            continue
        ws = frozenset(e[3])
        best, score = None, 0.0
        for t in templated:
            tw = frozenset(t[3])
            j = len(ws & tw) / len(ws | tw)
            if j > score:
                best, score = t, j
        if score < 0.7:
            continue
        treq = frozenset(best[3]) - frozenset(best[4])
        borrowed = sorted((ws & frozenset(best[4])) - treq)
        if borrowed:
            req = ws - frozenset(borrowed)
            nmain = sum(1 for w in e[3] if w in req)
            entries[n] = (e[0], e[1], e[2], e[3], borrowed, nmain)

    # Licenses whose word sets are identical cannot be told apart by text.
    by_set = {}
    for e in entries:
        by_set.setdefault(frozenset(e[3]) - frozenset(e[4]), []).append(e[0])

    # A text that a template's optional parts and variables fully explain
    # cannot be told from it either (GFDL-1.3-invariants-only is
    # GFDL-1.3-only's text with its notice filled in).
    near = {}
    for b in entries:
        if not b[4]:
            continue
        bopt, breq = frozenset(b[4]), frozenset(b[3]) - frozenset(b[4])
        for a in entries:
            if a[0] != b[0] and frozenset(a[3]) - bopt == breq:
                near.setdefault(a[0], set()).add(b[0])
                near.setdefault(b[0], set()).add(a[0])

    freq = {}
    for e in entries:
        for w in e[3]:
            freq[w] = freq.get(w, 0) + 1
    vocab = sorted(freq, key=lambda w: (-freq[w], w))
    index = {w: i for i, w in enumerate(vocab)}

    blob = bytearray()
    rows = []
    for lid, name, fl, words, optional, nmain in entries:
        for w in words:
            blob += varint(index[w])
        for w in optional:
            blob += varint(index[w])
        twins = [x for x in by_set[frozenset(words) - frozenset(optional)]
                 if x != lid]
        twins += sorted(near.get(lid, set()) - set(twins))
        # Of identical texts, the shortest id is reported (GPL-2.0-only,
        # not -or-later: only a notice tells them apart).
        exact = by_set[frozenset(words) - frozenset(optional)]
        sec = any((len(x), x) < (len(lid), lid) for x in exact if x != lid)
        fl += "s" if sec else "-"
        rows.append("%s\t%s\t%s\t%d\t%d\t%d\t%s" % (
            lid, fl, name.replace("\t", " "), len(words), len(optional),
            nmain, ",".join(twins)))

    names = {}
    for lid in ids:
        cur = lid if lid in current else current_id(lid, current)
        if not cur:
            continue
        for n in (lid, texts[lid]["name"]):
            k = name_key(n)
            if k and k not in names:
                names[k] = cur
    for alias, lid in ALIASES:
        k = name_key(alias)
        names[k] = lid

    with open(os.path.join(out_dir, "licenses.tsv"), "w", encoding="utf-8") as f:
        f.write("# vigie license database: generated by build.py, do not edit.\n")
        f.write("# Texts: SPDX License List %s; templates and OSI/FSF flags: "
                "SPDX License List %s (%s). Data: The Linux Foundation and "
                "its contributors.\n" % ("3.28.0", meta["licenseListVersion"],
                                        meta["releaseDate"]))
        f.write("# columns: id, flags (o=OSI f=FSF-libre c=copyleft "
                "p=fr-public-sector t=from-template l=libre n=not libre "
                "s=secondary twin), name, "
                "words, optional words, required words, twins\n")
        f.write("list_version\t3.28.0\n")
        f.write("template_version\t%s\n" % meta["licenseListVersion"])
        f.write("\n".join(rows) + "\n")
    with open(os.path.join(out_dir, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    with open(os.path.join(out_dir, "words.bin"), "wb") as f:
        f.write(bytes(blob))
    with open(os.path.join(out_dir, "names.tsv"), "w", encoding="utf-8") as f:
        f.write("# normalised name\tSPDX id (a trailing ? marks a guess)\n")
        for k in sorted(names):
            f.write("%s\t%s\n" % (k, names[k]))
    print("%d licenses, %d words, %d vocab, %d bytes of sequences, %d names"
          % (len(entries), sum(len(e[3]) for e in entries), len(vocab),
             len(blob), len(names)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
