#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Write a commit whose tree is LEVELS directories deep, as one pack.

deeptree.py LEVELS [NAME_LENGTH [FILES]] > pack, then `git index-pack
--stdin < pack` in the repository; the commit id is printed on stderr.
The root holds README.md and d/, which holds d/, ... LEVELS times (each
name NAME_LENGTH letters d, default 1), the last one GOVERNANCE.md and
FILES - 1 more files (default 1 in all).
Built bottom-up, 100,000 levels take well under a second, where git
fast-import or one process per tree would take minutes.
"""
import hashlib
import struct
import sys
import zlib

TYPES = {b"commit": 1, b"tree": 2, b"blob": 3}


def stored(data):
    """DATA as a zlib stream of stored (uncompressed) blocks: no deflate
    state to allocate per object, which for 100,000 objects costs seconds."""
    out = bytearray(b"\x78\x01")
    for at in range(0, max(len(data), 1), 65535):
        block = data[at:at + 65535]
        last = 1 if at + 65535 >= len(data) else 0
        out += struct.pack("<BHH", last, len(block), 0xFFFF ^ len(block)) + block
    return out + struct.pack(">I", zlib.adler32(data))


def main():
    levels = int(sys.argv[1])
    name = b"d" * (int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    files = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    objects = []

    def add(kind, data):
        objects.append((TYPES[kind], data))
        return hashlib.sha1(b"%s %d\0" % (kind, len(data)) + data).digest()

    leaf = add(b"blob", b"# Governance\n\nDecisions are taken in the open.\n")
    tree = add(b"tree", b"100644 GOVERNANCE.md\0" + leaf +
               b"".join(b"100644 f%06d\0" % i + leaf for i in range(1, files)))
    for _ in range(levels - 1):
        tree = add(b"tree", b"40000 " + name + b"\0" + tree)
    readme = add(b"blob", b"# Deep\n\nA tree deeper than any stack.\n")
    root = add(b"tree", b"100644 README.md\0" + readme +
               b"40000 " + name + b"\0" + tree)
    commit = add(b"commit",
                 b"tree %s\n"
                 b"author A <a@example.org> 1767225600 +0000\n"
                 b"committer A <a@example.org> 1767225600 +0000\n\ndeep\n"
                 % root.hex().encode())
    out = bytearray(b"PACK" + struct.pack(">II", 2, len(objects)))
    for kind, data in objects:
        size = len(data)
        byte = (kind << 4) | (size & 15)
        size >>= 4
        while size:
            out.append(byte | 0x80)
            byte = size & 0x7F
            size >>= 7
        out.append(byte)
        out += stored(data)
    out += hashlib.sha1(out).digest()
    sys.stdout.buffer.write(out)
    sys.stderr.write(commit.hex() + "\n")


if __name__ == "__main__":
    main()
