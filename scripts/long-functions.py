#!/usr/bin/env python3
"""Print every Rust function under src/ longer than N lines (default 120).

A function's length counts from its `fn` line to the line of its closing brace. Nested
functions are measured on their own and still count towards the function around them
(they are part of its text); closures are part of the function they are written in. Test
functions in `#[cfg(test)]` modules count like any other. Exits 1 if any function is too
long, so it can gate CI.

    scripts/long-functions.py [N] [--top K] [DIR]

With --top K the K longest functions are printed whatever their length (the exit code still
follows N).
"""

import os
import re
import sys

FN = re.compile(r"\bfn\s+([A-Za-z_][A-Za-z0-9_]*)")


def code_mask(text):
    """The text with comments, strings and char literals blanked (newlines kept), so braces
    and `fn` are only found in code."""
    out = list(text)
    i, n = 0, len(text)

    def blank(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            blank(i, j)
            i = j
        elif (m := re.compile(r'b?r(#*)"').match(text, i)) and (
            i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")
        ):
            end = '"' + m.group(1)
            j = text.find(end, m.end())
            j = n if j < 0 else j + len(end)
            blank(i, j)
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            blank(i, j + 1)
            i = j + 1
        elif c == "'":
            # A char literal ('a', '\n', '\u{..}', '{') or a lifetime/label ('a, 'static).
            m = re.compile(r"'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'").match(text, i)
            if m:
                blank(i, m.end())
                i = m.end()
            else:
                i += 1
        else:
            i += 1
    return "".join(out)


def functions(path):
    """(line, name, length) of every fn with a body in the file."""
    text = open(path, encoding="utf-8").read()
    code = code_mask(text)
    found = []
    for m in FN.finditer(code):
        # The body is the first `{` after the signature, unless a `;` ends it first (a
        # declaration in a trait or an extern block).
        j = m.end()
        depth_paren = 0
        while j < len(code):
            ch = code[j]
            if ch in "([":
                depth_paren += 1
            elif ch in ")]":
                depth_paren -= 1
            elif ch == ";" and depth_paren <= 0:
                j = -1
                break
            elif ch == "{" and depth_paren <= 0:
                break
            j += 1
        if j < 0 or j >= len(code):
            continue
        depth, k = 0, j
        while k < len(code):
            if code[k] == "{":
                depth += 1
            elif code[k] == "}":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        start = code.count("\n", 0, m.start()) + 1
        end = code.count("\n", 0, k) + 1
        found.append((start, m.group(1), end - start + 1))
    return found


def main(argv):
    limit, top, root = 120, None, None
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--top":
            top = int(args.pop(0))
        elif a.isdigit():
            limit = int(a)
        else:
            root = a
    if root is None:
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
    rows = []
    for dirpath, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".rs"):
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, os.path.join(root, ".."))
                rows += [(length, rel, line, name) for line, name, length in functions(path)]
    rows.sort(key=lambda r: (-r[0], r[1], r[2]))
    over = [r for r in rows if r[0] > limit]
    shown = rows[:top] if top is not None else over
    for length, rel, line, name in shown:
        print(f"{rel}:{line} fn {name}: {length} lines")
    if over:
        print(f"{len(over)} function(s) over {limit} lines", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
