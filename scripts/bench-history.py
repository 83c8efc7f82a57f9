#!/usr/bin/env python3
"""History benchmark: scripts/bench-history.py [--policies 10000] [--commits 300] [--files-per-commit 30] [--runs 3] [--loose] [--keep]

Generates a portal of N policies (scripts/gen-portal.py, deterministic; 100 risks and 100
evidence records), each approved on 2026-01-01 (`effective:`), and puts it in a new git
repository: one commit adding everything, then --commits dated commits, one a day, each
changing --files-per-commit policies, half of them in their text (after the approval: each a
W331 candidate whose two versions git must show) and half in their front matter only. Then it
packs the objects (`git gc`; `--loose` leaves them loose, the slow case) and builds the internal
audience with `git_history: true` and with `git_history: false`, alternating,
and prints the median wall seconds of each and the difference: the cost of history. It also
times the one `git log` that Tracemark runs.
"""
import argparse
import os
import re
import random
import statistics
import subprocess
import sys
import tempfile
import time
import functools

print = functools.partial(print, flush=True)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TODAY = "2026-11-28"
ENV = dict(
    os.environ,
    GIT_CONFIG_GLOBAL="/dev/null",
    GIT_CONFIG_NOSYSTEM="1",
    GIT_AUTHOR_NAME="Bench Author",
    GIT_AUTHOR_EMAIL="bench@example.com",
    GIT_COMMITTER_NAME="Bench Author",
    GIT_COMMITTER_EMAIL="bench@example.com",
)


def git(root, *args, date="2026-01-01T12:00:00+00:00"):
    env = dict(ENV, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "gc.auto=0", "-c", "maintenance.auto=false", *args], cwd=root, env=env,
                          check=True, stdout=subprocess.PIPE, text=True).stdout


def set_history(root, on):
    path = os.path.join(root, "portal.yaml")
    with open(path) as f:
        lines = [l for l in f if not l.startswith("git_history:")]
    lines.append(f"git_history: {'true' if on else 'false'}\n")
    with open(path, "w") as f:
        f.writelines(lines)


def make_repo(root, args):
    subprocess.run([sys.executable, os.path.join(HERE, "gen-portal.py"), root,
                    "--policies", str(args.policies), "--risks", "100", "--evidence", "100", "--records", "0"],
                   check=True, stdout=subprocess.DEVNULL)
    policies = []
    for dirpath, _, names in os.walk(os.path.join(root, "content/policies")):
        policies += [os.path.join(dirpath, n) for n in names if n.endswith(".md")]
    policies.sort()
    for path in policies:
        with open(path) as f:
            text = f.read()
        # The approval is 2026-01-01 alone: gen-portal's own `effective` and `history:` go.
        text = re.sub(r"^history:\n(?:  - .*\n)+", "", re.sub(r"^effective: .*\n", "", text, flags=re.M), flags=re.M)
        with open(path, "w") as f:
            f.write(text.replace("status: approved\n", "status: approved\neffective: 2026-01-01\n", 1))
    set_history(root, True)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Add the portal")
    files = sum(len(n) for _, _, n in os.walk(os.path.join(root, "content")))
    rng = random.Random(7)
    start = time.perf_counter()
    for c in range(args.commits):
        date = f"2026-{2 + c // 28 % 10:02d}-{1 + c % 28:02d}T12:00:00+00:00"
        changed = rng.sample(policies, args.files_per_commit)
        for path in changed:
            with open(path) as f:
                text = f.read()
            if c % 2 == 0:
                text += f"\nAmended in change {c}.\n"
            else:
                text = text.replace("owner: ", f"owner: Owner {c} was ", 1) if "was" not in text else text
            with open(path, "w") as f:
                f.write(text)
        git(root, "add", *changed)
        git(root, "commit", "-q", "--allow-empty", "-m", f"Change {c}", date=date)
    print(f"repository: {files} files under content/, {args.commits + 1} commits "
          f"({time.perf_counter() - start:.1f} s to make)")
    if not args.loose:
        # As a repository in use is: git packs its objects now and then (`gc --auto`).
        git(root, "gc", "-q")


def build(binary, root, out):
    start = time.perf_counter()
    res = subprocess.run([binary, "build", "--root", root, "--out", out, "--today", TODAY],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if res.returncode != 0:
        sys.exit(f"build failed ({res.returncode}):\n{res.stderr[-3000:]}")
    return seconds, res.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--policies", type=int, default=10000)
    ap.add_argument("--commits", type=int, default=300)
    ap.add_argument("--files-per-commit", type=int, default=30)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--loose", action="store_true", help="leave the objects loose (no `git gc`)")
    ap.add_argument("--keep", action="store_true", help="keep the generated repository")
    ap.add_argument("--binary", default=os.path.join(REPO, "target/release/tracemark"))
    args = ap.parse_args()
    if args.binary.startswith(REPO):
        subprocess.run(["cargo", "build", "--release", "-q"], cwd=REPO, check=True)
    work = tempfile.mkdtemp(prefix="tracemark-bench-history-")
    root = os.path.join(work, "portal")
    make_repo(root, args)
    start = time.perf_counter()
    git(root, "log", "--first-parent", "-z", "--no-renames", "--name-status",
        "--format=%x1e%H%x1f%h%x1f%ct%x1f%an%x1f%s", "--", ".")
    print(f"git log alone: {time.perf_counter() - start:.2f} s")
    times = {True: [], False: []}
    warnings = None
    for run in range(args.runs):
        for on in (True, False):
            set_history(root, on)
            out = os.path.join(work, f"out-{on}-{run}")
            seconds, stderr = build(binary=args.binary, root=root, out=out)
            times[on].append(seconds)
            if on:
                warnings = stderr.count("W331")
            subprocess.run(["rm", "-rf", out], check=True)
    with_h, without = statistics.median(times[True]), statistics.median(times[False])
    print(f"build with history:    {with_h:6.2f} s (median of {args.runs})")
    print(f"build without history: {without:6.2f} s")
    print(f"cost of history:       {with_h - without:6.2f} s; W331 lines in the output: {warnings}")
    if args.keep:
        print(f"kept: {root}")
    else:
        subprocess.run(["rm", "-rf", work], check=True)


if __name__ == "__main__":
    main()
