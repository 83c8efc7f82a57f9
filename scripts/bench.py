#!/usr/bin/env python3
"""Build benchmark: every measure of issue 22's table, for one binary or two side by side.

    scripts/bench.py [--binary PATH] [--before PATH] [--scales 10000] [--runs 3] [--huge]
                     [--audiences internal,public,auditor] [--no-hugo] [--no-serve] [--quick]

Portals come from scripts/gen-portal.py (deterministic, `check` clean, with records and git
history); each build starts without a previous output. With `--before`, every build of a row
runs once with each binary per run, alternating (before, after, before, after...), so both
see the same machine, and each row prints both figures, the target and whether each meets it.

Rows (`ROW key | measure | before=... | after=... | target | met=...`, then a Markdown table
to paste into docs/benchmarks.md):
- at each scale N: N Markdown policy pages, Tracemark against Hugo (`hugo` on PATH), wall and
  peak RSS ratios, median page bytes (Hugo's too); the scale-N portal (N policies, risks,
  evidence records) per audience: build / copy of its own output, median page bytes; at
  N = 10,000 `serve`'s register edit (a risk renamed; scripts/bench-serve.py).
- `--huge`: 100,000 risks + 100,000 evidence records with 2,000 policies (internal): build
  seconds, peak RSS, build / copy, output bytes and files, the biggest page (print volumes
  aside), the bytes a first search query loads, and time(100k) / time(10k) against the same
  shape at a tenth (200 policies, 10,000 risks and evidence records).
Search bytes: `scripts/search-bytes.py OUT QUERY` (follows the sharded index's manifest) when
it exists and answers for the output; otherwise the whole `search-index.js`, which is what
the browser loads without shards. Copy is `cp -r` of the finished output, the I/O floor.
"""
import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TODAY = "2026-11-28"
KB, MB = 1024, 1024 * 1024


class Rows:
    """The table's rows: per key, each binary's value, the target and how to meet it."""

    def __init__(self, labels):
        self.labels = labels
        self.rows = {}

    def add(self, key, measure, label, value, target=None, better="lower", unit=""):
        row = self.rows.setdefault(key, {"measure": measure, "target": target, "better": better, "unit": unit, "values": {}})
        row["values"][label] = value

    def met(self, row, value):
        if isinstance(value, str) and value.startswith("stopped"):
            return "no"
        if row["target"] is None or value is None or isinstance(value, str):
            return "-"
        return "yes" if (value <= row["target"] if row["better"] == "lower" else value >= row["target"]) else "no"

    def fmt(self, row, value):
        if value is None:
            return "-"
        if isinstance(value, str):
            return value
        return f"{value:.3f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value}"

    def unit(self, row, label):
        value = row["values"].get(label)
        return "" if value is None or isinstance(value, str) else row["unit"]

    def target_text(self, row):
        if row["target"] is None:
            return "-"
        return f"{'<=' if row['better'] == 'lower' else '>='} {self.fmt(row, row['target'])}{row['unit']}"

    def print_row(self, key):
        row = self.rows[key]
        values = " | ".join(f"{label}={self.fmt(row, row['values'].get(label))}{self.unit(row, label)}" for label in self.labels)
        mets = ",".join(self.met(row, row["values"].get(label)) for label in self.labels)
        print(f"ROW {key} | {row['measure']} | {values} | target {self.target_text(row)} | met={mets}", flush=True)

    def table(self):
        print("\n| measure | " + " | ".join(self.labels) + " | target | met |")
        print("|---|" + "---|" * len(self.labels) + "---|---|")
        for row in self.rows.values():
            values = " | ".join(f"{self.fmt(row, row['values'].get(label))}{self.unit(row, label)}" for label in self.labels)
            mets = " / ".join(self.met(row, row["values"].get(label)) for label in self.labels)
            print(f"| {row['measure']} | {values} | {self.target_text(row)} | {mets} |")


BUILD_TIMEOUT = None  # --build-timeout: seconds after which a build is stopped and reported as such


def timed(cmd, timeout=None):
    """Run cmd under /usr/bin/time; return (wall seconds, peak RSS in MB, CPU seconds: user and
    system, which say more than the wall time on a machine others share), or None when it ran
    past `timeout` seconds (then it is stopped, with everything it started)."""
    proc = subprocess.Popen(["/usr/bin/time", "-f", "%e %M %U %S", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        print(f"  stopped after {timeout} s: {' '.join(cmd)}", flush=True)
        return None
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err[-3000:]}")
    wall, rss, user, system = err.strip().splitlines()[-1].split()
    return float(wall), int(rss) / 1024, float(user) + float(system)


def tree(path):
    """Stats of an output tree: files, bytes, html sizes and the biggest page outside print volumes."""
    files = total = 0
    html, biggest = [], (0, "")
    for root, _, names in os.walk(path):
        for name in names:
            full = os.path.join(root, name)
            size = os.path.getsize(full)
            files += 1
            total += size
            if name.endswith(".html"):
                html.append(size)
                rel = os.path.relpath(full, path)
                # print.html and its volumes print/volume-N.html are print documents by design.
                if not rel.startswith("print") and size > biggest[0]:
                    biggest = (size, rel)
    return {"files": files, "bytes": total, "pages": len(html), "median_page": statistics.median(html) if html else 0,
            "biggest": biggest}


def copy_seconds(path):
    """Seconds `cp -r` takes to copy the tree (the I/O floor a build is compared with)."""
    dest = path + ".copy"
    shutil.rmtree(dest, ignore_errors=True)
    subprocess.run(["sync"])
    start = time.perf_counter()
    subprocess.run(["cp", "-r", path, dest], check=True)
    seconds = time.perf_counter() - start
    shutil.rmtree(dest)
    return seconds


def bytes_in(text):
    """The byte count a script printed: a JSON object's `bytes` (or `total_bytes`...), else the
    number before `bytes`/`B` on the last line that has one, else the last line's first number."""
    try:
        data = json.loads(text)
        if isinstance(data, int):
            return data
        if isinstance(data, dict):
            for key, value in data.items():
                if "bytes" in key and isinstance(value, int):
                    return value
    except ValueError:
        pass
    lines = [line for line in text.strip().splitlines() if re.search(r"\d", line)]
    for line in reversed(lines):
        found = re.search(r"(\d[\d,_]*)\s*(?:bytes\b|B\b)", line)
        if found:
            return int(re.sub(r"[,_]", "", found.group(1)))
    return int(re.sub(r"[,_]", "", re.search(r"\d[\d,_]*", lines[-1]).group(0))) if lines else None


def search_bytes(out, query):
    """(bytes a first query for `query` loads, how it was measured)."""
    script = os.path.join(HERE, "search-bytes.py")
    if os.path.exists(script):
        res = subprocess.run([sys.executable, script, out, query], capture_output=True, text=True)
        found = bytes_in(res.stdout) if res.returncode == 0 else None
        if found is not None:
            return found, "manifest"
    index = os.path.join(out, "search-index.js")
    return (os.path.getsize(index) if os.path.exists(index) else 0), "whole-index"


def has_force(binary, cache={}):
    if binary not in cache:
        cache[binary] = "--force" in subprocess.run([binary, "build", "--help"], capture_output=True, text=True).stdout
    return cache[binary]


def tracemark_build(binary, root, out, audience):
    # Like Hugo's below, each build starts without a previous output, so neither pays for
    # removing the last one.
    shutil.rmtree(out, ignore_errors=True)
    force = ["--force"] if has_force(binary) else []
    return timed([binary, "build", "--root", root, "--out", out, "--audience", audience, "--today", TODAY, *force], BUILD_TIMEOUT)


def generate(root, counts, git):
    start = time.perf_counter()
    res = subprocess.run([sys.executable, os.path.join(HERE, "gen-portal.py"), root, *counts, *(["--git"] if git else [])],
                         check=True, capture_output=True, text=True)
    print(f"# {res.stdout.strip()} ({time.perf_counter() - start:.0f} s)", flush=True)


def detail(label, name, walls, rss, cpus, stats, copy=None, extra=""):
    med = statistics.median(walls)
    copy_text = f" copy_s={copy:.2f} build/copy={med / copy:.2f}" if copy else ""
    print(f"  {label:<7} {name:<30} runs={len(walls)} median_s={med:.2f} walls={','.join(f'{w:.1f}' for w in walls)} "
          f"cpu_s={statistics.median(cpus):.1f} peak_rss_mb={statistics.median(rss):.0f} pages={stats['pages']} files={stats['files']} "
          f"output_mb={stats['bytes'] / 1e6:.1f} median_page_b={stats['median_page']:.0f}{copy_text}{extra}", flush=True)


def alternate(binaries, runs, build, measure):
    """Runs `build(label, binary)` runs times per binary, alternating; calls `measure(label,
    walls, rss, cpus)` right after each binary's last run (then its output can go), or
    `measure(label, None, None, None)` when a build ran past --build-timeout (no more runs)."""
    results = {label: ([], [], []) for label, _ in binaries}
    stopped = set()
    for run in range(runs):
        for label, binary in binaries:
            if label in stopped:
                continue
            figures = build(label, binary)
            if figures is None:
                stopped.add(label)
                measure(label, None, None, None)
                continue
            for series, value in zip(results[label], figures):
                series.append(value)
            if run == runs - 1:
                measure(label, *results[label])
    return results


def bench_portal(ctx, n):
    """The scale-N portal, per audience: build / copy and median page bytes."""
    root = os.path.join(ctx.work, f"scale-{n}")
    generate(root, [str(n)], ctx.git)
    for audience in ctx.audiences:
        out = lambda label: os.path.join(ctx.work, f"out-{n}-{audience}-{label}")

        def measure(label, walls, rss, cpus):
            if walls is None:
                ctx.rows.add(f"portal{n}_{audience}_build_copy", f"scale {n:,} portal, {audience}: build / copy of its output",
                             label, f"stopped after {BUILD_TIMEOUT} s", 2.0)
                shutil.rmtree(out(label), ignore_errors=True)
                return
            stats = tree(out(label))
            copy = copy_seconds(out(label))
            med = statistics.median(walls)
            detail(label, f"scale {n} {audience}", walls, rss, cpus, stats, copy)
            ctx.rows.add(f"portal{n}_{audience}_build_copy", f"scale {n:,} portal, {audience}: build / copy of its output",
                         label, round(med / copy, 2), 2.0)
            ctx.rows.add(f"portal{n}_{audience}_median_page", f"scale {n:,} portal, {audience}: median HTML page", label,
                         round(stats["median_page"] / KB, 1), 10.0, unit=" KB")
            shutil.rmtree(out(label))

        alternate(ctx.binaries, ctx.runs, lambda label, b: tracemark_build(b, root, out(label), audience), measure)
        for key in (f"portal{n}_{audience}_build_copy", f"portal{n}_{audience}_median_page"):
            if key in ctx.rows.rows:
                ctx.rows.print_row(key)
    if n == 10000 and ctx.serve:
        bench_serve(ctx, root)
    shutil.rmtree(root)


def bench_serve(ctx, root):
    """`serve`, a risk renamed at scale 10,000: edit to page shown (scripts/bench-serve.py)."""
    for label, binary in ctx.binaries:
        res = subprocess.run([sys.executable, os.path.join(HERE, "bench-serve.py"), root, "--binary", binary, "--edit", "register",
                              "--runs", str(ctx.serve_runs), *(["--settle-timeout", str(BUILD_TIMEOUT)] if BUILD_TIMEOUT else [])],
                             capture_output=True, text=True)
        lines = res.stdout.strip().splitlines()
        for line in lines:
            print(f"  {label:<7} serve: {line}", flush=True)
        found = re.search(r"median edit-to-page time over \d+ runs: ([\d.]+) s", res.stdout)
        if not found:
            print(f"  {label:<7} serve failed ({res.returncode}): {res.stderr.strip()[-500:]}", flush=True)
        ctx.rows.add("serve10000_register_edit", "serve, a risk renamed at scale 10,000: edit to page shown", label,
                     float(found.group(1)) if found else None, 1.0, unit=" s")
    ctx.rows.print_row("serve10000_register_edit")


def bench_markdown(ctx, n):
    """N Markdown pages, Tracemark against Hugo on the same files, alternating."""
    root, hugo_src = os.path.join(ctx.work, f"md-{n}"), os.path.join(ctx.work, f"hugo-{n}")
    subprocess.run([sys.executable, os.path.join(HERE, "gen-portal.py"), root, "--policies", str(n), "--risks", "0",
                    "--evidence", "0", "--records", "0", "--hugo", hugo_src], check=True, stdout=subprocess.DEVNULL)
    hugo_out = os.path.join(ctx.work, f"out-hugo-{n}")
    out = lambda label: os.path.join(ctx.work, f"out-md-{n}-{label}")
    hugo = ([], [], [])
    tm = {}
    stopped = set()
    for run in range(ctx.runs):
        for label, binary in ctx.binaries:
            tm.setdefault(label, ([], [], []))
            figures = None if label in stopped else tracemark_build(binary, root, out(label), "internal")
            if figures is None:
                stopped.add(label)
                continue
            for series, value in zip(tm[label], figures):
                series.append(value)
        if ctx.hugo:
            shutil.rmtree(hugo_out, ignore_errors=True)
            for series, value in zip(hugo, timed(["hugo", "--quiet", "-s", hugo_src, "-d", hugo_out])):
                series.append(value)
    if ctx.hugo:
        hstats = tree(hugo_out)
        detail("hugo", f"markdown {n}", *hugo, hstats)
    for label, _ in ctx.binaries:
        if label in stopped:
            ctx.rows.add(f"md{n}_wall_vs_hugo", f"{n:,} Markdown pages: wall time / Hugo's", label,
                         f"stopped after {BUILD_TIMEOUT} s", 0.2)
            shutil.rmtree(out(label), ignore_errors=True)
            continue
        stats = tree(out(label))
        copy = copy_seconds(out(label))
        detail(label, f"markdown {n}", *tm[label], stats, copy)
        ctx.rows.add(f"md{n}_median_page", f"{n:,} Markdown pages: median HTML page", label,
                     round(stats["median_page"] / KB, 1), 10.0, unit=" KB")
        if ctx.hugo:
            ctx.rows.add(f"md{n}_wall_vs_hugo", f"{n:,} Markdown pages: wall time / Hugo's", label,
                         round(statistics.median(tm[label][0]) / statistics.median(hugo[0]), 3), 0.2)
            ctx.rows.add(f"md{n}_cpu_vs_hugo", f"{n:,} Markdown pages: CPU time / Hugo's (for a shared machine)", label,
                         round(statistics.median(tm[label][2]) / statistics.median(hugo[2]), 3))
            ctx.rows.add(f"md{n}_rss_vs_hugo", f"{n:,} Markdown pages: peak RSS / Hugo's", label,
                         round(statistics.median(tm[label][1]) / statistics.median(hugo[1]), 3), 0.25)
            ctx.rows.add(f"md{n}_hugo_median_page", f"{n:,} Markdown pages: Hugo's median HTML page", label,
                         round(hstats["median_page"] / KB, 1), unit=" KB")
        shutil.rmtree(out(label))
    for key in (f"md{n}_wall_vs_hugo", f"md{n}_cpu_vs_hugo", f"md{n}_rss_vs_hugo", f"md{n}_median_page", f"md{n}_hugo_median_page"):
        if key in ctx.rows.rows:
            ctx.rows.print_row(key)
    for d in (root, hugo_src, hugo_out):
        shutil.rmtree(d, ignore_errors=True)


def bench_huge(ctx):
    """100,000 risks + 100,000 evidence records (internal), and the same shape at a tenth."""
    tenth, h = {}, ctx.huge_scale
    root10 = os.path.join(ctx.work, f"registry-{h // 10}")
    generate(root10, ["--policies", str(h // 500), "--risks", str(h // 10), "--evidence", str(h // 10)], ctx.git)
    out10 = lambda label: os.path.join(ctx.work, f"out-registry-{h // 10}-{label}")

    def measure10(label, walls, rss, cpus):
        if walls is None:
            tenth[label] = None
            shutil.rmtree(out10(label), ignore_errors=True)
            return
        tenth[label] = statistics.median(walls)
        detail(label, f"registry {h // 10} (a tenth)", walls, rss, cpus, tree(out10(label)))
        shutil.rmtree(out10(label))

    alternate(ctx.binaries, ctx.runs, lambda label, b: tracemark_build(b, root10, out10(label), "internal"), measure10)
    shutil.rmtree(root10)

    root = os.path.join(ctx.work, f"registry-{h}")
    generate(root, ["--policies", str(h // 50), "--risks", str(h), "--evidence", str(h)], ctx.git)
    out = lambda label: os.path.join(ctx.work, f"out-registry-{h}-{label}")

    def measure(label, walls, rss, cpus):
        if walls is None:
            ctx.rows.add("huge_build_s", f"{h:,} risks + {h:,} evidence records, 2% policies (internal): build", label,
                         f"stopped after {BUILD_TIMEOUT} s", 30.0, unit=" s")
            shutil.rmtree(out(label), ignore_errors=True)
            return
        stats = tree(out(label))
        copy = copy_seconds(out(label))
        found, how = search_bytes(out(label), ctx.query)
        med = statistics.median(walls)
        detail(label, f"registry {h}", walls, rss, cpus, stats, copy,
               f" biggest_page={stats['biggest'][1]}:{stats['biggest'][0]} search_first_query_b={found}({how})")
        add = ctx.rows.add
        add("huge_build_s", f"{h:,} risks + {h:,} evidence records, 2% policies (internal): build", label, round(med, 1), 30.0, unit=" s")
        add("huge_cpu_s", "same: CPU time (user and system)", label, round(statistics.median(cpus), 1), unit=" s")
        add("huge_rss_mb", "same: peak RSS", label, round(statistics.median(rss)), 1024, unit=" MB")
        add("huge_build_copy", "same: build / copy of its output", label, round(med / copy, 2), 2.0)
        add("huge_scaling", f"time({h:,}) / time({h // 10:,}, the same shape at a tenth)", label, round(med / tenth[label], 2) if tenth.get(label) else None, 10.5)
        add("huge_output_gb", "same: output bytes", label, round(stats["bytes"] / 1e9, 2), 2.0, unit=" GB")
        add("huge_output_files", "same: output files", label, stats["files"])
        add("huge_biggest_page_mb", "same: biggest page (print volumes aside)", label, round(stats["biggest"][0] / 1e6, 2), 1.0, unit=" MB")
        add("huge_biggest_page_name", "same: which page is biggest", label, stats["biggest"][1])
        add("huge_search_first_query_mb", f"same: search bytes a first query (`{ctx.query}`) loads ({how})", label,
            round(found / 1e6, 2), 2.0, unit=" MB")
        shutil.rmtree(out(label))

    alternate(ctx.binaries, ctx.runs, lambda label, b: tracemark_build(b, root, out(label), "internal"), measure)
    shutil.rmtree(root)
    for key in ("huge_build_s", "huge_cpu_s", "huge_rss_mb", "huge_build_copy", "huge_scaling", "huge_output_gb", "huge_output_files",
                "huge_biggest_page_mb", "huge_biggest_page_name", "huge_search_first_query_mb"):
        if key in ctx.rows.rows:
            ctx.rows.print_row(key)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(REPO, "target/release/tracemark"), help="the binary measured (after)")
    ap.add_argument("--label", default="after", help="its column's name (default: after)")
    ap.add_argument("--before", help="a second binary, built alternately with --binary in the same run")
    ap.add_argument("--scales", default="10000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--audiences", default="internal,public,auditor")
    ap.add_argument("--huge", action="store_true", help="also 100,000 risks and 100,000 evidence records (and a tenth)")
    ap.add_argument("--huge-scale", type=int, default=100000, help="risks and evidence records of --huge (policies: a 50th)")
    ap.add_argument("--only-huge", action="store_true", help="skip the --scales rows")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--no-serve", action="store_true", help="skip serve's register edit at scale 10,000")
    ap.add_argument("--serve-runs", type=int, default=3)
    ap.add_argument("--no-git", action="store_true", help="portals without git history")
    ap.add_argument("--query", default="fairness", help="the first search query (a whole word)")
    ap.add_argument("--quick", action="store_true", help="a smoke test: --scales 1000 --runs 1 --no-serve, public only")
    ap.add_argument("--build-timeout", type=float, help="stop a build after this many seconds and report it as stopped")
    ap.add_argument("--work", help="where portals and outputs go (default: a new directory in $TMPDIR)")
    args = ap.parse_args()
    global BUILD_TIMEOUT
    BUILD_TIMEOUT = args.build_timeout
    if args.quick:
        args.scales, args.runs, args.no_serve, args.audiences = "1000", 1, True, "public"
    if args.binary.startswith(REPO) and os.path.exists(os.path.join(REPO, "Cargo.toml")):
        subprocess.run(["cargo", "build", "--release", "-q"], cwd=REPO, check=True)
    binaries = ([("before", os.path.abspath(args.before))] if args.before else []) + [(args.label, os.path.abspath(args.binary))]
    ctx = argparse.Namespace(binaries=binaries, runs=args.runs, audiences=args.audiences.split(","), git=not args.no_git,
                             hugo=not args.no_hugo and shutil.which("hugo") is not None, serve=not args.no_serve,
                             serve_runs=args.serve_runs, huge_scale=args.huge_scale, query=args.query, rows=Rows([label for label, _ in binaries]))
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
    hugo = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1] if ctx.hugo else "not used"
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; machine: {os.cpu_count()} cores, {cpu}; "
          f"load {os.getloadavg()[0]:.1f}; hugo {hugo}; runs {args.runs}")
    for label, binary in binaries:
        version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
        print(f"# {label}: {binary} ({version})")
    ctx.work = args.work or tempfile.mkdtemp(prefix="tracemark-bench-")
    os.makedirs(ctx.work, exist_ok=True)
    started = time.time()
    try:
        for n in [int(s) for s in args.scales.split(",") if s and not args.only_huge]:
            bench_markdown(ctx, n)
            bench_portal(ctx, n)
        if args.huge or args.only_huge:
            bench_huge(ctx)
    finally:
        if not args.work:
            shutil.rmtree(ctx.work, ignore_errors=True)
    print(f"# took {(time.time() - started) / 60:.1f} min; load {os.getloadavg()[0]:.1f}")
    ctx.rows.table()


if __name__ == "__main__":
    main()
