#!/usr/bin/env python3
"""Checks that every relative link in the project's Markdown documentation leads to an
existing file and, when it has a #fragment, to a heading of that file (GitHub's slugs).

Usage: python3 scripts/check-doc-links.py [FILE.md ...]
(default: README.md, CONTRIBUTING.md and everything under docs/). Exit 1 on a broken link.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def slug(heading):
    text = re.sub(r"[`*_]|<[^>]*>", "", heading.strip()).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    found, seen, fenced = set(), {}, False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("```"):
                fenced = not fenced
            if fenced:
                continue
            m = re.match(r"#{1,6}\s+(.*)", line)
            if m:
                s = slug(m.group(1))
                n = seen.get(s, 0)
                seen[s] = n + 1
                found.add(s if n == 0 else f"{s}-{n}")
    return found


def links(path):
    fenced = False
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.startswith("```"):
                fenced = not fenced
            if fenced:
                continue
            for m in LINK.finditer(re.sub(r"`[^`]*`", "", line)):
                yield number, m.group(1)


def main(files):
    if not files:
        files = ["README.md", "CONTRIBUTING.md"]
        for base, _, names in os.walk(os.path.join(ROOT, "docs")):
            files += [os.path.join(base, n) for n in sorted(names) if n.endswith(".md")]
    broken = 0
    for file in files:
        path = os.path.join(ROOT, file)
        for number, target in links(path):
            if re.match(r"[a-z]+:", target):
                continue  # https:, mailto:
            name, _, fragment = target.partition("#")
            dest = os.path.normpath(os.path.join(os.path.dirname(path), name)) if name else path
            where = f"{os.path.relpath(path, ROOT)}:{number}: {target}"
            if not os.path.exists(dest):
                print(f"{where}: no such file")
                broken += 1
            elif fragment and dest.endswith(".md") and fragment not in anchors(dest):
                print(f"{where}: no heading #{fragment}")
                broken += 1
    print(f"{broken} broken link(s)" if broken else "every relative link resolves")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
