#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
# A fake forge for the tests: serves recorded API responses on 127.0.0.1.
"""fakeforge.py PORT ROOT LOG

Serves GitHub, GitLab and Gitea answers under /github, /gitlab and /gitea,
from ROOT/<forge>/routes.json: a list of routes

  {"path": "/repos/o/n", "query": {"page": "2"},          # query: a subset
   "responses": [RESPONSE, ...]}                          # nth call, last repeats

where a RESPONSE is {"status": 200, "headers": {...}, "file": "x.json" |
"body": JSON | "raw": "text", "etag": "\\"v1\\"", "last_modified": DATE,
"delay": SECONDS,
"truncate": true, "drip": SECONDS_PER_BYTE,
"huge": {"bytes": N, "item": JSON}, "next": true, "self": true}.  "drip" sends the body
one byte at a time; "huge" makes the body an array of copies of item padded
to about N bytes; "next" adds a Link rel="next" to the same path with
page+1, "self" a Link rel="next" to the very URL asked.  In headers and bodies, {base} is this forge's root URL, {other}
the same on 127.0.0.2 (another host, served by this same process),
{reset_soon} / {reset_far} an epoch 1 s / 1 h ahead, {date_soon} /
{date_far} the same as HTTP dates, {days_ago:N} the ISO time N days back
(fractions allowed), {port} the port, {git} the git server of the test
(the FAKEFORGE_GIT environment variable, e.g. http://127.0.0.1:PORT).  Every request is appended to LOG as a
JSON line: forge, path, query, host (the address it reached), and the
headers the tests look at.  With TLS_CERT and TLS_KEY set (PEM files) it
serves https, and {base} and {other} are https URLs.
"""
import datetime
import email.utils
import json
import os
import re
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, ROOT, LOG = int(sys.argv[1]), sys.argv[2], sys.argv[3]
TLS = (os.environ.get("TLS_CERT"), os.environ.get("TLS_KEY"))
SCHEME = "https" if TLS[0] else "http"
FORGES = ("github", "gitlab", "gitea")
LOCK = threading.Lock()
COUNTS = {}
ROUTES = {}
for forge in FORGES:
    path = os.path.join(ROOT, forge, "routes.json")
    with open(path, encoding="utf-8") as f:
        ROUTES[forge] = json.load(f)

DAYS = re.compile(r"\{days_ago:([0-9.]+)\}")


def expand(text, forge):
    now = time.time()
    text = text.replace("{base}", "%s://127.0.0.1:%d/%s" % (SCHEME, PORT, forge))
    text = text.replace("{other}", "%s://127.0.0.2:%d/%s" % (SCHEME, PORT, forge))
    text = text.replace("{port}", str(PORT))
    text = text.replace("{git}", os.environ.get("FAKEFORGE_GIT", "{git}"))
    text = text.replace("{date_soon}",
                        email.utils.formatdate(now + 2, usegmt=True))
    text = text.replace("{date_far}",
                        email.utils.formatdate(now + 3600, usegmt=True))
    text = text.replace("{reset_soon}", str(int(now) + 1))
    text = text.replace("{reset_far}", str(int(now) + 3600))

    def ago(m):
        t = datetime.datetime.fromtimestamp(now - float(m.group(1)) * 86400,
                                            datetime.timezone.utc)
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    return DAYS.sub(ago, text)


def find(forge, path, query):
    for i, route in enumerate(ROUTES[forge]):
        if route["path"] != path:
            continue
        want = route.get("query", {})
        if all(query.get(k, [None])[0] == v for k, v in want.items()):
            return i, route
    return None, None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without TCP_NODELAY each
    # kept-alive request waits for the client's delayed ACK (40 ms).
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_GET(self):
        # A proxy request names the whole URL: serve it as if direct.
        proxied = self.path.startswith("http://")
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.split("/", 2)
        forge = parts[1] if len(parts) > 1 else ""
        path = "/" + (parts[2] if len(parts) > 2 else "")
        # At the root, as a self-managed forge serves its API: /api/v4 is
        # GitLab's, /api/v1 Gitea's (what vigie probes an unknown host at).
        if forge == "api":
            forge = "gitlab" if url.path.startswith("/api/v4/") else \
                "gitea" if url.path.startswith("/api/v1/") else ""
            path = url.path
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        record = {
            "forge": forge, "path": path, "rawpath": url.path,
            "proxied": proxied,
            "host": self.server.server_address[0],
            "query": {k: v[0] for k, v in query.items()},
            "authorization": self.headers.get("Authorization"),
            "private_token": self.headers.get("PRIVATE-TOKEN"),
            "if_none_match": self.headers.get("If-None-Match"),
            "if_modified_since": self.headers.get("If-Modified-Since"),
            "user_agent": self.headers.get("User-Agent"),
            "accept_encoding": self.headers.get("Accept-Encoding"),
        }
        with LOCK:
            with open(LOG, "a", encoding="utf-8") as f:
                f.write(json.dumps(record) + "\n")
        if forge not in FORGES:
            return self.send(404, {}, b'{"message": "Not Found"}')
        i, route = find(forge, path, query)
        if route is None:
            return self.send(404, {}, b'{"message": "Not Found"}')
        with LOCK:
            n = COUNTS.get((forge, i), 0)
            COUNTS[(forge, i)] = n + 1
        resp = route["responses"][min(n, len(route["responses"]) - 1)]
        if resp.get("delay"):
            time.sleep(resp["delay"])
        headers = {k: expand(v, forge)
                   for k, v in resp.get("headers", {}).items()}
        etag = resp.get("etag")
        if etag:
            headers["ETag"] = etag
            if self.headers.get("If-None-Match") == etag:
                return self.send(304, headers, b"")
        modified = resp.get("last_modified")
        if modified:
            headers["Last-Modified"] = modified
            if self.headers.get("If-Modified-Since") == modified:
                return self.send(304, headers, b"")
        if resp.get("next"):
            page = int(query.get("page", ["1"])[0]) + 1
            rest = {k: v[0] for k, v in query.items() if k != "page"}
            rest["page"] = str(page)
            headers["Link"] = '<%s://%s:%d%s?%s>; rel="next"' % (
                SCHEME, self.server.server_address[0], PORT, url.path,
                urllib.parse.urlencode(rest))
        if resp.get("self"):
            headers["Link"] = '<%s://%s:%d%s>; rel="next"' % (
                SCHEME, self.server.server_address[0], PORT, self.path)
        if "huge" in resp:
            item = json.dumps(resp["huge"]["item"])
            n = max(1, resp["huge"]["bytes"] // (len(item) + 2))
            body = "[" + ", ".join([item] * n) + "]"
        elif "file" in resp:
            with open(os.path.join(ROOT, forge, resp["file"]),
                      encoding="utf-8") as f:
                body = f.read()
        elif "raw" in resp:
            body = resp["raw"]
        else:
            body = json.dumps(resp.get("body", {}))
        body = expand(body, forge).encode("utf-8")
        self.send(resp.get("status", 200), headers, body,
                  resp.get("truncate", False), resp.get("drip", 0))

    def send(self, status, headers, body, truncate=False, drip=0):
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", "application/json")
        for k, v in headers.items():
            self.send_header(k, v)
        length = len(body) * 2 + 10 if truncate else len(body)
        if status != 304:
            self.send_header("Content-Length", str(length))
        if truncate:
            self.send_header("Connection", "close")
        self.end_headers()
        if drip:
            try:
                for i in range(len(body)):
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
                    time.sleep(drip)
            except OSError:
                pass  # the client gave up: that is what is tested
            self.close_connection = True
            return
        self.wfile.write(body)
        self.wfile.flush()
        if truncate:
            self.close_connection = True


ThreadingHTTPServer.daemon_threads = True


def serve_tls(server):
    """Speak TLS when asked; the handshake happens in the handler's thread."""
    if TLS[0]:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(TLS[0], TLS[1])
        server.socket = ctx.wrap_socket(server.socket, server_side=True,
                                        do_handshake_on_connect=False)
    return server


# 127.0.0.2 stands for another host: redirects and links that lead there
# are logged with that address, so a test can tell what reached it.
try:
    OTHER = serve_tls(ThreadingHTTPServer(("127.0.0.2", PORT), Handler))
    threading.Thread(target=OTHER.serve_forever, daemon=True).start()
except OSError:
    pass
serve_tls(ThreadingHTTPServer(("127.0.0.1", PORT), Handler)).serve_forever()
