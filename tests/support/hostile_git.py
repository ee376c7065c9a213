#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
# Hostile git servers for tests, on 127.0.0.1: they accept and never answer,
# stall in the middle of a pack, or send a pack that never ends.
# usage: hostile_git.py MODE PORTFILE [ROOT]
#   silent    accept, read, never write (an http:// or git:// URL hangs)
#   stall     smart HTTP from ROOT (git upload-pack), the pack cut in half
#             and the connection left open
#   endless   smart HTTP advertising one branch, whose pack never ends
#   err       git:// refusing every request with an ERR line that holds
#             line breaks and an escape sequence
# The HTTP requests are logged to PORTFILE.log.  With TLS_CERT and TLS_KEY
# set (PEM files), the server speaks TLS (https://).
# Each server exits by itself after LIFETIME seconds (default 120), so a
# failed test never leaves it running.
import os
import socketserver
import ssl
import struct
import subprocess
import sys
import threading
import time

LIFETIME = float(os.environ.get("LIFETIME", "120"))
OID = b"1" * 40


def pkt(data):
    return b"%04x" % (len(data) + 4) + data


def hang():
    time.sleep(LIFETIME)


class Silent(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(LIFETIME)
        try:
            while self.request.recv(65536):
                pass
        except OSError:
            pass


class Http(socketserver.StreamRequestHandler):
    """Just enough HTTP/1.0 for libgit2's smart protocol."""

    def handle(self):
        line = self.rfile.readline().decode("latin-1").split()
        if len(line) < 2:
            return
        method, path = line[0], line[1]
        length = 0
        while True:
            h = self.rfile.readline()
            if h in (b"\r\n", b"\n", b""):
                break
            name, _, value = h.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        body = self.rfile.read(length) if length else b""
        path, _, query = path.partition("?")
        with open(self.server.portfile + ".log", "a") as log:
            log.write("%s %s\n" % (method, path))
        if method == "GET" and path.endswith("/info/refs"):
            self.refs(path[: -len("/info/refs")])
        elif method == "POST" and path.endswith("/git-upload-pack"):
            self.pack(path[: -len("/git-upload-pack")], body)
        else:
            self.wfile.write(b"HTTP/1.0 404 Not Found\r\n\r\n")

    def head(self, kind, length=None):
        self.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: application/x-git-upload-pack-%s\r\n"
                         % kind)
        if length is not None:
            self.wfile.write(b"Content-Length: %d\r\n" % length)
        self.wfile.write(b"\r\n")


class Stall(Http):
    def repo(self, path):
        return os.path.join(self.server.root, path.lstrip("/"))

    def refs(self, path):
        if not os.path.isdir(self.repo(path)):
            self.wfile.write(b"HTTP/1.0 404 Not Found\r\n\r\n")
            return
        out = subprocess.run(["git", "upload-pack", "--stateless-rpc",
                              "--advertise-refs", self.repo(path)],
                             capture_output=True, check=True).stdout
        body = pkt(b"# service=git-upload-pack\n") + b"0000" + out
        self.head(b"advertisement", len(body))
        self.wfile.write(body)

    def pack(self, path, body):
        out = subprocess.run(["git", "upload-pack", "--stateless-rpc",
                              self.repo(path)], input=body,
                             capture_output=True, check=True).stdout
        start = out.find(b"PACK")
        cut = max(len(out) // 2, start + 16)
        self.head(b"result", len(out))
        self.wfile.write(out[:min(cut, len(out) - 1)])
        self.wfile.flush()
        hang()


class Endless(Http):
    def refs(self, path):
        body = (pkt(b"# service=git-upload-pack\n") + b"0000" +
                pkt(OID + b" HEAD\0symref=HEAD:refs/heads/main\n") +
                pkt(OID + b" refs/heads/main\n") + b"0000")
        self.head(b"advertisement", len(body))
        self.wfile.write(body)

    def pack(self, path, body):
        # One blob said to be 1 TiB, deflated as stored blocks of noise.
        size = 1 << 40
        hdr = bytearray([0x80 | (3 << 4) | (size & 0x0F)])
        size >>= 4
        while size:
            hdr.append((0x80 if size >> 7 else 0) | (size & 0x7F))
            size >>= 7
        self.head(b"result")
        self.wfile.write(pkt(b"NAK\n") + b"PACK" + struct.pack(">II", 2, 1) +
                         bytes(hdr) + b"\x78\x01")
        block = os.urandom(65535)
        stored = b"\x00" + struct.pack("<HH", 65535, 0xFFFF ^ 65535) + block
        deadline = time.monotonic() + LIFETIME
        try:
            while time.monotonic() < deadline:
                self.wfile.write(stored)
        except OSError:
            pass


class Err(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(10)
        try:
            self.request.recv(65536)
            self.request.sendall(pkt(b"ERR access denied\nfor you\r\n"
                                     b"\x1b[31mred\x1b[0m\n"))
        except OSError:
            pass


def serve_tls(server):
    """With TLS_CERT and TLS_KEY (PEM files) in the environment, speak TLS.
    The handshake happens in the handler's thread, on its first read."""
    cert, key = os.environ.get("TLS_CERT"), os.environ.get("TLS_KEY")
    if not cert:
        return
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True,
                                    do_handshake_on_connect=False)


def main():
    mode, portfile = sys.argv[1], sys.argv[2]
    handler = {"silent": Silent, "stall": Stall, "endless": Endless,
               "err": Err}[mode]
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    socketserver.ThreadingTCPServer.daemon_threads = True
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.root = sys.argv[3] if len(sys.argv) > 3 else "."
    server.portfile = portfile
    serve_tls(server)
    threading.Timer(LIFETIME, lambda: os._exit(0)).start()
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, portfile)
    server.serve_forever()


if __name__ == "__main__":
    main()
