#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""symbols.py LIBVIGIE.so INCLUDE_DIR [CLIENT.a...]

libvigie.so exports exactly what include/vigie/*.h declares: reads every
public header for its function declarations and the shared library's
dynamic symbols (nm -D --defined-only), and fails, naming the symbol and
what to do, on
  - a public function declared without VIGIE_EXTERN(type),
  - an exported symbol no public header declares (it leaks an internal),
  - a VIGIE_EXTERN declaration the library does not export.
  - a header declaring functions without the extern "C" guard,
  - a client (the command's objects) calling a vigie_ function the
    library does not export.
Prints "N passed, N failed" (one check per declaration and symbol).

symbols.py --addresses INCLUDE_DIR prints a C++ source taking the address
of every public function (tests/headertest_main.cc links it)."""
import os
import re
import subprocess
import sys

IDENT = re.compile(r"[A-Za-z_]\w*")
# Macros that come before a declaration's name or after its parameters.
NOT_A_NAME = {"VIGIE_EXTERN", "VIGIE_PRINTF", "__attribute__"}


def mask(text):
    """text with comments, strings, preprocessor lines and the C++ guards
    blanked out (same length, newlines kept), so offsets still match."""
    out = list(text)

    def blank(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            blank(i, j)
            i = j
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
            continue
        if c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            blank(i, j + 1)
            i = j + 1
            continue
        if line_start and c == "#":
            # #ifdef __cplusplus ... #endif: the extern "C" guard
            if re.match(r"#\s*ifdef\s+__cplusplus\b", text[i:]):
                m = re.compile(r"^\s*#\s*endif.*$", re.M).search(text, i)
                j = m.end() if m else n
            else:
                # to the end of line, past continuations and comments
                j = i
                while j < n and text[j] != "\n":
                    if text.startswith("/*", j):
                        k = text.find("*/", j + 2)
                        j = n if k < 0 else k + 2
                    elif text[j] == "\\" and text[j + 1:j + 2] == "\n":
                        j += 2
                    else:
                        j += 1
            blank(i, j)
            i = j
            continue
        if c == "\n":
            line_start = True
        elif not c.isspace():
            line_start = False
        i += 1
    return "".join(out)


def declarations(text):
    """The top-level function declarations of a header: a list of
    (name, line, start, name_start, extern) where start is the offset of
    the declaration's first character and extern whether it is written
    VIGIE_EXTERN(type) name(...)."""
    m = mask(text)
    decls = []
    depth = 0
    start = 0
    body = False      # a { } seen at depth 0 in this statement
    i = 0
    while i < len(m):
        c = m[i]
        if c == "{":
            if depth == 0:
                body = True
            depth += 1
        elif c == "}":
            depth -= 1
            head = m[start:i].split("{")[0]
            if depth == 0 and "(" in head and \
                    not re.match(r"\s*(typedef|struct|enum|union)\b", head):
                # a static inline function's body ends its statement
                start, body = i + 1, False
        elif c == ";" and depth == 0:
            stmt = m[start:i]
            if not body and "(" in stmt and \
                    not re.match(r"\s*typedef\b", stmt):
                decls.append(parse(text, m, start, i))
            start, body = i + 1, False
        i += 1
    return [d for d in decls if d]


def parse(text, m, start, end):
    while start < end and m[start].isspace():
        start += 1
    stmt = m[start:end]
    extern = stmt.startswith("VIGIE_EXTERN")
    k = 0
    if extern:
        k = skip_parens(stmt, stmt.index("("))
    for mt in IDENT.finditer(stmt, k):
        rest = stmt[mt.end():].lstrip()
        if rest.startswith("(") and mt.group() not in NOT_A_NAME:
            line = text.count("\n", 0, start + mt.start()) + 1
            return (mt.group(), line, start, start + mt.start(), extern)
    return None


def skip_parens(s, i):
    depth = 0
    while i < len(s):
        if s[i] == "(":
            depth += 1
        elif s[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def exported(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib],
                         capture_output=True, text=True, check=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and not parts[2].startswith("_"):
            names.add(parts[2].split("@")[0])
    return names


def headers(include):
    """The public headers, and those of the less stable tier (sys/)."""
    names = [n for n in os.listdir(include) if n.endswith(".h")]
    sysdir = os.path.join(include, "sys")
    if os.path.isdir(sysdir):
        names += ["sys/" + n for n in os.listdir(sysdir) if n.endswith(".h")]
    for name in sorted(names):
        with open(os.path.join(include, name), encoding="utf-8") as f:
            yield name, f.read()


def addresses(include):
    """A C++ source taking the address of every public function, so that
    linking it fails on a declaration outside extern "C"."""
    names = []
    lines = ["// Generated by tests/symbols.py --addresses: every public function."]
    for name, text in headers(include):
        lines.append('#include "vigie/%s"' % name)
        names += [d[0] for d in declarations(text)]
    lines += ["#include <cstddef>",
              "typedef void (*headertest_fn)(void);",
              "extern const headertest_fn headertest_functions[];",
              "extern const std::size_t headertest_function_count;",
              "const headertest_fn headertest_functions[] = {"]
    lines += ["\treinterpret_cast<headertest_fn>(&%s)," % n for n in names]
    lines += ["};",
              "const std::size_t headertest_function_count = %d;" % len(names)]
    print("\n".join(lines))
    return 0


def main():
    if sys.argv[1] == "--addresses":
        return addresses(sys.argv[2])
    lib, include, clients = sys.argv[1], sys.argv[2], sys.argv[3:]
    symbols = exported(lib)
    libname = os.path.basename(lib)
    declared = {}
    passed = failed = 0
    for name, text in headers(include):
        decls = declarations(text)
        if decls and not re.search(r'^#\s*ifdef\s+__cplusplus\s*\nextern "C" \{',
                                   text, re.M):
            failed += 1
            print('symbols: include/vigie/%s declares functions outside '
                  'extern "C": put them between "#ifdef __cplusplus / '
                  'extern "C" { / #endif" and "#ifdef __cplusplus / } / '
                  '#endif" as the other headers do' % name)
        for sym, line, _, _, extern in decls:
            where = "include/vigie/%s:%d" % (name, line)
            declared[sym] = where
            if not extern:
                failed += 1
                print("symbols: %s declares %s without VIGIE_EXTERN: write it "
                      "VIGIE_EXTERN(return type) %s(...); so %s exports it"
                      % (where, sym, sym, libname))
            elif sym not in symbols:
                failed += 1
                print("symbols: %s declares %s but %s does not export it: "
                      "define it (not static) in src/, or remove the "
                      "declaration" % (where, sym, libname))
            else:
                passed += 1
    for sym in sorted(symbols):
        if sym in declared:
            continue
        failed += 1
        print("symbols: %s exports %s, which no include/vigie/*.h declares: "
              "make it static, or declare it in a public header as "
              "VIGIE_EXTERN(return type) %s(...);" % (libname, sym, sym))
    for client in clients:
        # the command is a program on the public API: every vigie_ function
        # its objects call is one libvigie.so exports
        out = subprocess.run(["nm", "-A", "-u", client], capture_output=True,
                             text=True, check=True).stdout
        for line in out.splitlines():
            parts = line.split()  # ARCHIVE:MEMBER: U SYMBOL
            sym = parts[-1]
            member = os.path.basename(parts[0].rstrip(":").split(":")[-1])
            if not sym.startswith("vigie_"):
                continue
            if sym in symbols:
                passed += 1
                continue
            failed += 1
            print("symbols: %s (%s) calls %s, which %s does not export: the "
                  "command uses the public API only: declare it with "
                  "VIGIE_EXTERN in include/vigie/ if other programs need it "
                  "too, else give src/cli/ its own helper"
                  % (member[:-2] if member.endswith(".o") else member,
                     os.path.basename(client), sym,
                     libname))
    if not declared:
        failed += 1
        print("symbols: no declaration found in %s" % include)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
