#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Write large objects as loose objects of the repository in the current
directory, and print their ids, one per line, in the order asked.

usage: loose.py [wide N] [zeros SIZE] ...
  wide N      a tree of N files f000000, f000001, ... each holding "hello\\n"
  zeros SIZE  a blob of SIZE zero bytes, deflated as it is hashed (never
              whole in memory)
Seconds faster than git mktree (an index or a sorted list of N entries,
page faults on a virtual machine) or git hash-object (zlib's default level
over the whole size) for the same objects, with the same ids.
"""
import hashlib
import os
import sys
import zlib


def write(kind, size, chunks):
    """The object KIND of SIZE bytes, whose content CHUNKS yields."""
    head = b"%s %d\0" % (kind, size)
    h, z = hashlib.sha1(head), zlib.compressobj(1)
    out = [z.compress(head)]
    for chunk in chunks:
        h.update(chunk)
        out.append(z.compress(chunk))
    out.append(z.flush())
    oid = h.hexdigest()
    os.makedirs(os.path.join(".git", "objects", oid[:2]), exist_ok=True)
    with open(os.path.join(".git", "objects", oid[:2], oid[2:]), "wb") as f:
        f.write(b"".join(out))
    return oid


def main():
    args = sys.argv[1:]
    while args:
        what, n = args[0], int(args[1])
        args = args[2:]
        if what == "wide":
            one = bytes.fromhex(write(b"blob", 6, [b"hello\n"]))
            body = b"".join(b"100644 f%06d\0" % i + one for i in range(n))
            print(write(b"tree", len(body), [body]))
        elif what == "zeros":
            chunk = bytes(1 << 20)
            sizes = [len(chunk)] * (n // len(chunk)) + [n % len(chunk)]
            print(write(b"blob", n, (chunk[:k] for k in sizes)))
        else:
            sys.exit("loose.py: unknown object kind %r" % what)


if __name__ == "__main__":
    main()
