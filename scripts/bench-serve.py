#!/usr/bin/env python3
"""Measure `tracemark serve`'s edit-to-reload time.

    bench-serve.py PORTAL_DIR [--binary PATH] [--runs 5] [--edit body|register]

Starts `serve` on the portal (a copy of it, so the portal is left as it was), then, run after
run, edits one source and times how long until the page that shows the edit is served with
the new text, polling it every 20 ms (what a browser shows after its reload script fires).

- `--edit body` appends a paragraph to one policy's body; the page is that policy's.
- `--edit register` renames a risk in a register file; the page is that risk's.

Between runs it waits until serve has finished all its work for the previous edit (its
"built"/"rebuilt" line, or a quiet period), so each run starts from an idle server. Prints
each run and the median. Works with any version of serve: it uses only the pages it serves.

Its last line is for scripts (scripts/bench.py reads it):

    RESULT serve_edit_to_page_seconds=<median> edit=<body|register> runs=<n> peak_rss_mb=<MB>

The issue's row "serve, a risk renamed at scale 10,000" is
`bench-serve.py PORTAL --edit register` on `scripts/gen-portal.py PORTAL 10000`.

Make portals with `scripts/gen-portal.py DIR 10000` or
`scripts/gen-portal.py DIR --policies 10000 --risks 0 --evidence 0`.
"""
import argparse
import os
import queue
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def read_lines(stream, lines):
    for raw in stream:
        lines.put(raw.decode("utf-8", "replace").rstrip("\n"))


def wait_line(lines, pattern, timeout):
    """The first stderr line matching `pattern` within `timeout` seconds, or None."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            line = lines.get(timeout=max(0.01, deadline - time.time()))
        except queue.Empty:
            return None
        if re.search(pattern, line):
            return line
    return None


def drain_until_quiet(lines, quiet, timeout):
    """Waits until serve prints nothing for `quiet` seconds (or `timeout` passes)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            lines.get(timeout=quiet)
        except queue.Empty:
            return


def fetch(address, path):
    request = urllib.request.Request(f"http://{address}{path}", headers={"Host": address})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode("utf-8", "replace")


def first_policy(root):
    base = os.path.join(root, "content", "policies")
    for folder, _, files in sorted(os.walk(base)):
        for name in sorted(files):
            if name.endswith(".md"):
                path = os.path.join(folder, name)
                with open(path) as f:
                    match = re.search(r"^id:\s*(\S+)", f.read(), re.M)
                if match:
                    return path, f"/policies/{match.group(1)}.html"
    raise SystemExit("no policy with an id under content/policies")


def first_risk(root):
    base = os.path.join(root, "content", "risks")
    for name in sorted(os.listdir(base)):
        path = os.path.join(base, name)
        with open(path) as f:
            text = f.read()
        match = re.search(r"- id: (\S+)\n\s+title: (.+)\n", text)
        if match:
            return path, f"/risks/{match.group(1)}.html", match.group(2).strip()
    raise SystemExit("no risk under content/risks")


def edit(args, root, run):
    """Makes edit number `run`; returns (page path, text the page must show)."""
    marker = f"Benchmark edit number {run} at {time.time():.6f}"
    if args.edit == "body":
        path, page = first_policy(root)
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text.rstrip("\n") + f"\n\n{marker}.\n")
        return page, marker
    path, page, title = first_risk(root)
    with open(path) as f:
        text = f.read()
    new_title = f"Risk renamed {run} {time.time():.6f}"
    with open(path, "w") as f:
        f.write(text.replace(f"title: {title}\n", f"title: {new_title}\n", 1))
    return page, new_title


def peak_rss(pid):
    """The process's peak resident set size, where /proc tells it."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return f"{int(line.split()[1]) // 1024} MB"
    except OSError:
        pass
    return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("portal")
    parser.add_argument("--binary", default=os.path.join(REPO, "target", "release", "tracemark"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edit", choices=["body", "register"], default="body")
    parser.add_argument("--settle-timeout", type=float, default=300.0)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="bench-serve-")
    root = os.path.join(work, "portal")
    shutil.copytree(args.portal, root)
    env = dict(os.environ, TMPDIR=work)
    command = [args.binary, "serve", "--root", root, "--port", "0", "--today", "2026-11-28"]
    started = time.time()
    server = subprocess.Popen(command, stderr=subprocess.PIPE, env=env)
    lines = queue.Queue()
    threading.Thread(target=read_lines, args=(server.stderr, lines), daemon=True).start()
    try:
        line = wait_line(lines, r"^serving http://", args.settle_timeout)
        if line is None:
            raise SystemExit("serve did not start")
        address = line.split("http://")[1].split("/")[0]
        print(f"first build and start: {time.time() - started:.1f} s")
        drain_until_quiet(lines, 2.0, args.settle_timeout)
        times = []
        for run in range(args.runs):
            page, text = edit(args, root, run)
            edited = time.time()
            while text not in fetch(address, page):
                if time.time() - edited > args.settle_timeout:
                    raise SystemExit(f"run {run}: {page} never showed the edit")
                time.sleep(0.02)
            took = time.time() - edited
            times.append(took)
            # Idle again: the last line of the work for this edit, then a quiet moment.
            done = wait_line(lines, r"^(built|rebuilt|build failed)", args.settle_timeout)
            settled = time.time() - edited
            drain_until_quiet(lines, 2.0, args.settle_timeout)
            print(f"run {run + 1}: page shows the edit after {took:.3f} s; "
                  f"all work done after {settled:.1f} s ({done})")
        print(f"median edit-to-page time over {len(times)} runs: {statistics.median(times):.3f} s")
        rss = peak_rss(server.pid)
        print(f"serve's peak RSS: {rss}")
        median = statistics.median(times)
        print(f"RESULT serve_edit_to_page_seconds={median:.3f} edit={args.edit} "
              f"runs={len(times)} peak_rss_mb={rss.split()[0]}")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
