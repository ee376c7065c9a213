#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
# Compile a committed text database into the index db.c uses in place.
#
# Usage: index.py OUTPUT VOCAB TABLE WORDS [NAMES]
#
# Run by meson at build time, once per database: the licenses
# (rules/licenses/{vocab.txt,licenses.tsv,words.bin,names.tsv}) and the
# codes of conduct (rules/conduct/, without names).  It writes one
# little-endian binary holding everything the matcher needs, already built:
# the vocabulary and its hash table, the word sequences, sets and optional
# words of every text (uint16), the postings, and the name table sorted by
# key.  src/license/db.c reads this
# layout (struct lic_index_header in src/license/internal.h) and checks it
# before trusting it: keep the two in step, and bump FORMAT with
# LIC_INDEX_FORMAT on any change.
import struct
import sys

MAGIC = b"vigielic"
FORMAT = 2
BYTE_ORDER = 0x0A0B0C0D
HEADER = struct.Struct("<8s22I32s")     # 128 bytes
ENTRY = struct.Struct("<12I")           # 48 bytes
assert HEADER.size == 128 and ENTRY.size == 48


def die(msg):
    print("index.py: %s" % msg, file=sys.stderr)
    sys.exit(1)


def lines_of(data):
    """Lines as db.c used to cut them: a final newline ends no extra line."""
    text = data.decode("utf-8")
    out = text.split("\n")
    if out and out[-1] == "":
        out.pop()
    return out


def fnv1a(b):
    h = 2166136261
    for c in b:
        h ^= c
        h = (h * 16777619) & 0xFFFFFFFF
    return h


def varints(blob):
    """The integers of words.bin, in order."""
    v = shift = 0
    for b in blob:
        if shift > 28:
            die("words.bin: varint too long")
        v |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            yield v
            v = shift = 0
    if shift:
        die("words.bin: truncated varint")


def number(s, what):
    if not s.isdigit():
        die("licenses.tsv: bad %s %r" % (what, s))
    return int(s)


class Strings:
    """A pool of NUL-terminated UTF-8 strings, shared when equal."""

    def __init__(self):
        self.data = bytearray()
        self.at = {}

    def add(self, s):
        b = s.encode("utf-8")
        if b"\0" in b:
            die("NUL byte in %r" % s)
        if b not in self.at:
            self.at[b] = len(self.data)
            self.data += b + b"\0"
        return self.at[b]


def main():
    if len(sys.argv) not in (5, 6):
        die("usage: index.py OUTPUT VOCAB TABLE WORDS [NAMES]")
    output = sys.argv[1]
    paths = {"vocab.txt": sys.argv[2], "licenses.tsv": sys.argv[3],
             "words.bin": sys.argv[4]}
    if len(sys.argv) == 6:
        paths["names.tsv"] = sys.argv[5]

    def read(name):
        if name not in paths:
            return b""
        with open(paths[name], "rb") as f:
            return f.read()

    pool = Strings()
    vocab = lines_of(read("vocab.txt"))
    nvocab = len(vocab)
    if not nvocab or nvocab >= 0xFFFF:
        die("vocabulary of %d words does not fit uint16" % nvocab)
    vocab_off = [pool.add(w) for w in vocab]

    # Open addressing, exactly as lic_word_index() probes: FNV-1a of the
    # word, linear probing, slot = vocabulary index + 1, 0 empty.
    size = 1
    while size < nvocab * 2:
        size <<= 1
    mask = size - 1
    table = [0] * size
    for i, w in enumerate(vocab):
        h = fnv1a(w.encode("utf-8")) & mask
        while table[h]:
            h = (h + 1) & mask
        table[h] = i + 1

    codes = varints(read("words.bin"))
    version = ""
    entries = []
    seqs = []
    sets = []
    for line in lines_of(read("licenses.tsv")):
        if not line or line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) == 2 and f[0] == "list_version":
            version = f[1]
            continue
        if len(f) < 6:
            continue
        nw = number(f[3], "word count")
        nopt = number(f[4], "optional word count")
        nmain = number(f[5], "required word count")
        if nw == 0 or nw > 1000000 or nopt > nw or nmain > nw:
            die("licenses.tsv: bad counts for %s" % f[0])
        seq = []
        for _ in range(nw + nopt):
            v = next(codes, None)
            if v is None:
                die("words.bin ends before %s" % f[0])
            if v >= nvocab:
                die("words.bin: word %d out of the vocabulary" % v)
            seq.append(v)
        opt = seq[nw:]
        seq = seq[:nw]
        # the distinct required words, in order of first use
        seen = set(opt)
        wset = []
        for v in seq:
            if v not in seen:
                seen.add(v)
                wset.append(v)
        seqs.append(seq)
        sets.append((wset, opt))
        entries.append([pool.add(f[0]), pool.add(f[2]),
                        pool.add(f[6] if len(f) > 6 else ""), pool.add(f[1]),
                        0, nw, 0, len(wset), 0, nopt, nmain, 0])
    if next(codes, None) is not None:
        die("words.bin holds more words than licenses.tsv counts")
    if not entries or len(entries) > 0xFFFF:
        die("%d licenses do not fit uint16 postings" % len(entries))

    # All sequences first, then all sets and optional words: db.c checks
    # the ids of the second part at load (they index the matcher's arrays)
    # and those of a sequence only where it spells one out.
    words = []
    for e, seq in zip(entries, seqs):
        e[4] = len(words)
        words += seq
    sets_at = len(words)
    for e, (wset, opt) in zip(entries, sets):
        e[6] = len(words)
        words += wset
        e[8] = len(words)
        words += opt

    # postings: the licenses holding each word in their set, by word
    holders = [[] for _ in range(nvocab)]
    for i, e in enumerate(entries):
        for v in words[e[6]:e[6] + e[7]]:
            holders[v].append(i)
    post_start = [0]
    postings = []
    for h in holders:
        postings += h
        post_start.append(len(postings))

    names = []
    max_words = 0
    for line in lines_of(read("names.tsv")):
        if line.startswith("#") or "\t" not in line:
            continue
        key, lid = line.split("\t", 1)
        names.append((key.encode("utf-8"), key, lid))
        max_words = max(max_words, key.count(" ") + 1)
    # strcmp() order: bytes, unsigned
    names.sort(key=lambda n: n[0])
    name_offs = []
    for _, key, lid in names:
        name_offs += [pool.add(key), pool.add(lid)]

    ver = version.encode("utf-8")[:31]

    # sections, each aligned to 8 bytes
    body = bytearray()
    offsets = {}

    def section(name, data):
        while (HEADER.size + len(body)) % 8:
            body.append(0)
        offsets[name] = HEADER.size + len(body)
        body.extend(data)

    section("strings", pool.data)
    section("vocab", struct.pack("<%dI" % nvocab, *vocab_off))
    section("hash", struct.pack("<%dH" % size, *table))
    section("entries", b"".join(ENTRY.pack(*e) for e in entries))
    section("words", struct.pack("<%dH" % len(words), *words))
    section("post_start", struct.pack("<%dI" % len(post_start), *post_start))
    section("postings", struct.pack("<%dH" % len(postings), *postings))
    section("names", struct.pack("<%dI" % len(name_offs), *name_offs))
    while len(body) % 8:
        body.append(0)
    total = HEADER.size + len(body)

    header = HEADER.pack(
        MAGIC, FORMAT, BYTE_ORDER, total,
        nvocab, size, len(entries), len(names), max_words,
        offsets["strings"], len(pool.data),
        offsets["vocab"], offsets["hash"], offsets["entries"],
        offsets["words"], len(words),
        offsets["post_start"], offsets["postings"], len(postings),
        offsets["names"], sets_at, 0, 0, ver)
    with open(output, "wb") as f:
        f.write(header + body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
