#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Render pages in one headless Chromium, as `chromium --dump-dom` does.

usage: render.py < URLS

Reads one URL per line on standard input; for each, opens it in a new tab,
waits for its load to complete (its scripts have run), and writes the
document's HTML (document.documentElement.outerHTML) followed by a line
holding a NUL byte alone.  Starting Chromium once for all the pages of a
test, instead of once per page, saves most of a second per page.  Talks to
Chromium over --remote-debugging-pipe (the DevTools protocol, JSON messages
ended by NUL on descriptors 3 and 4): no network, no other package.
"""
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

profile = tempfile.mkdtemp(prefix="render-chromium-")
to_r, to_w = os.pipe()      # our commands: Chromium reads descriptor 3
from_r, from_w = os.pipe()  # its answers: Chromium writes descriptor 4


def child_fds():
    # out of the way first: a pipe may already sit on 3 or 4
    r = fcntl.fcntl(to_r, fcntl.F_DUPFD, 10)
    w = fcntl.fcntl(from_w, fcntl.F_DUPFD, 10)
    os.dup2(r, 3)
    os.dup2(w, 4)


browser = subprocess.Popen(
    # one renderer process for all the pages (all file:// here): a new
    # one per tab cost a second of CPU for six pages
    ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
     "--process-per-site", "--renderer-process-limit=1",
     "--disable-background-networking", "--disable-component-update",
     "--disable-sync", "--no-first-run", "--remote-debugging-pipe",
     "--user-data-dir=" + profile, "about:blank"],
    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL, preexec_fn=child_fds, close_fds=False)
os.close(to_r)
os.close(from_w)
pending = b""
next_id = 0


def call(method, session=None, **params):
    """Send one command, return its result (events are dropped)."""
    global next_id, pending
    next_id += 1
    msg = {"id": next_id, "method": method, "params": params}
    if session:
        msg["sessionId"] = session
    os.write(to_w, json.dumps(msg).encode() + b"\0")
    while True:
        while b"\0" not in pending:
            chunk = os.read(from_r, 1 << 16)
            if not chunk:
                sys.exit("render.py: chromium went away")
            pending += chunk
        raw, pending = pending.split(b"\0", 1)
        answer = json.loads(raw)
        if answer.get("id") == next_id:
            if "error" in answer:
                sys.exit("render.py: %s: %s" % (method, answer["error"]))
            return answer.get("result", {})


def evaluate(session, expression):
    result = call("Runtime.evaluate", session, expression=expression,
                  returnByValue=True)
    return result.get("result", {}).get("value")


try:
    for line in sys.stdin:
        url = line.rstrip("\n")
        if not url:
            continue
        target = call("Target.createTarget", url="about:blank")["targetId"]
        session = call("Target.attachToTarget", targetId=target,
                       flatten=True)["sessionId"]
        call("Page.navigate", session, url=url)
        deadline = time.monotonic() + 60
        # the new document, its load done (not about:blank's)
        while evaluate(session, "location.href !== 'about:blank' && "
                                "document.readyState") != "complete":
            if time.monotonic() > deadline:
                sys.exit("render.py: %s never finished loading" % url)
            time.sleep(0.01)
        html = evaluate(session, "document.documentElement.outerHTML") or ""
        call("Target.closeTarget", targetId=target)
        sys.stdout.write(html + "\n\0\n")
        sys.stdout.flush()
finally:
    try:
        call("Browser.close")
    except SystemExit:
        pass
    try:
        browser.wait(timeout=10)
    except subprocess.TimeoutExpired:
        browser.kill()
    shutil.rmtree(profile, ignore_errors=True)
