#!/usr/bin/env python3
"""Build benchmark: scripts/bench.py [--scales 1000,10000] [--huge] [--runs 5] [--no-hugo]

For each scale N it generates a portal of N policies, N risks and N evidence records
(scripts/gen-portal.py, deterministic) and builds it for each audience, printing pages, the
median wall seconds of --runs builds, pages per second, peak RSS, output bytes, search index
bytes and the time to copy the output tree. Then it builds the same N policy pages alone, and,
if `hugo` is on PATH, the same Markdown with Hugo, alternating the two, and prints the ratios.
`--huge` adds the registry scale: 100,000 risks and 100,000 evidence records.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TODAY = "2026-11-28"


def timed(cmd):
    """Run cmd under /usr/bin/time; return (wall seconds, peak RSS in MB)."""
    fmt = "%e %M"
    res = subprocess.run(["/usr/bin/time", "-f", fmt, *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if res.returncode != 0:
        sys.exit(f"failed ({res.returncode}): {' '.join(cmd)}\n{res.stderr[-3000:]}")
    wall, rss = res.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss) / 1024


def tree(path):
    """(html pages, total bytes) of a directory tree."""
    pages = total = 0
    for root, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
            pages += name.endswith(".html")
    return pages, total


def copy_seconds(path):
    dest = path + ".copy"
    start = time.perf_counter()
    shutil.copytree(path, dest)
    seconds = time.perf_counter() - start
    shutil.rmtree(dest)
    return seconds


def tracemark_build(binary, root, out, audience):
    # Like Hugo's below, each build starts without a previous output, so neither pays for
    # removing the last one.
    shutil.rmtree(out, ignore_errors=True)
    force = ["--force"] if "--force" in subprocess.run([binary, "build", "--help"], capture_output=True, text=True).stdout else []
    return timed([binary, "build", "--root", root, "--out", out, "--audience", audience, "--today", TODAY, *force])


def row(label, pages, walls, rss, out_bytes, extra=""):
    med = statistics.median(walls)
    print(f"{label:<34} pages={pages:>7} median_s={med:7.2f} pages_per_s={pages / med:8.0f} "
          f"peak_rss_mb={max(rss):7.0f} output_mb={out_bytes / 1e6:7.1f}{extra}", flush=True)
    return med


def bench_portal(binary, work, label, counts, runs, audiences):
    root = os.path.join(work, label)
    subprocess.run([sys.executable, os.path.join(HERE, "gen-portal.py"), root, *counts], check=True, stdout=subprocess.DEVNULL)
    for audience in audiences:
        out = os.path.join(work, f"out-{label}-{audience}")
        walls, rss = [], []
        for _ in range(runs):
            w, r = tracemark_build(binary, root, out, audience)
            walls.append(w)
            rss.append(r)
        pages, size = tree(out)
        index = os.path.join(out, "search-index.js")
        index_bytes = os.path.getsize(index) if os.path.exists(index) else 0
        copy = copy_seconds(out)
        med = row(f"{label} {audience}", pages, walls, rss, size, f" search_index_mb={index_bytes / 1e6:6.1f} copy_s={copy:5.2f}")
        print(f"{'':<34} build/copy={med / copy:5.1f}x", flush=True)
        shutil.rmtree(out)
    shutil.rmtree(root)


def bench_markdown(binary, work, n, runs, use_hugo):
    root, hugo_src = os.path.join(work, f"md-{n}"), os.path.join(work, f"hugo-{n}")
    subprocess.run([sys.executable, os.path.join(HERE, "gen-portal.py"), root, "--policies", str(n), "--risks", "0",
                    "--evidence", "0", "--hugo", hugo_src], check=True, stdout=subprocess.DEVNULL)
    out, hugo_out = os.path.join(work, f"out-md-{n}"), os.path.join(work, f"out-hugo-{n}")
    tm, hu = ([], []), ([], [])
    for _ in range(runs):
        w, r = tracemark_build(binary, root, out, "internal")
        tm[0].append(w)
        tm[1].append(r)
        if use_hugo:
            shutil.rmtree(hugo_out, ignore_errors=True)
            w, r = timed(["hugo", "--quiet", "-s", hugo_src, "-d", hugo_out])
            hu[0].append(w)
            hu[1].append(r)
    pages, size = tree(out)
    copy = copy_seconds(out)
    med = row(f"markdown {n} tracemark", pages, tm[0], tm[1], size, f" copy_s={copy:5.2f} build/copy={statistics.median(tm[0]) / copy:5.1f}x")
    if use_hugo:
        hpages, hsize = tree(hugo_out)
        hmed = row(f"markdown {n} hugo", hpages, hu[0], hu[1], hsize)
        print(f"{'':<34} speed vs hugo (pages/s)={(pages / med) / (hpages / hmed):5.2f}x "
              f"peak_rss vs hugo={max(tm[1]) / max(hu[1]):5.2f}x", flush=True)
    for d in (root, hugo_src, out, hugo_out):
        shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--audiences", default="internal,public,auditor")
    ap.add_argument("--huge", action="store_true", help="also 100,000 risks and 100,000 evidence records")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--binary", default=os.path.join(REPO, "target/release/tracemark"))
    args = ap.parse_args()
    if args.binary.startswith(REPO):
        subprocess.run(["cargo", "build", "--release", "-q"], cwd=REPO, check=True)
    use_hugo = not args.no_hugo and shutil.which("hugo") is not None
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
    print(f"machine: {os.cpu_count()} cores, {cpu}; hugo: {'yes' if use_hugo else 'not installed'}; runs: {args.runs}")
    work = tempfile.mkdtemp(prefix="tracemark-bench-")
    try:
        for n in [int(s) for s in args.scales.split(",") if s]:
            bench_portal(args.binary, work, f"scale-{n}", [str(n)], args.runs, args.audiences.split(","))
            bench_markdown(args.binary, work, n, args.runs, use_hugo)
        if args.huge:
            bench_portal(args.binary, work, "registry-100000", ["--policies", "1000", "--risks", "100000", "--evidence", "100000"],
                         args.runs, ["internal"])
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
