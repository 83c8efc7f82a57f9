#!/usr/bin/env python3
"""Bytes a reader's first search query loads from a built site's sharded search index.

    python3 scripts/search-bytes.py OUT QUERY [--limit N] [--detail]

OUT is a build's output folder, QUERY the words typed. Prints one integer: the bytes of the
index's files (under OUT/search/) that search.js loads for QUERY on a fresh page, the manifest
included; `--limit` is how many results it shows (50 on search.html, the default; 8 in the
header's box). `--detail` lists each file and its size on standard error (and the size of
assets/search.js, which every page loads before any query, so it is not counted).

It runs the site's own assets/search.js under node with a loader that reads the files it asks
for, so it follows the manifest exactly as the browser does. Needs node.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

NODE_SCRIPT = r"""
const vm = require("vm"), fs = require("fs"), path = require("path");
const [site, query, limit] = process.argv.slice(1);
const ctx = { document: { querySelectorAll: () => [] } };
ctx.window = ctx;
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(path.join(site, "assets", "search.js"), "utf8"), ctx);
const engine = ctx.TRACEMARK_SEARCH_ENGINE;
const loaded = [];
const searcher = new engine.Searcher((name, done) => {
  const file = path.join(site, "search", name + ".js");
  if (fs.existsSync(file)) {
    loaded.push([name, fs.statSync(file).size]);
    vm.runInContext(fs.readFileSync(file, "utf8"), ctx);
  }
  done();
});
ctx.TRACEMARK_SEARCH_PART = searcher.arrived;
let results = null;
engine.search(searcher, query, +limit, hits => { results = hits.length; });
console.log(JSON.stringify({ loaded, results }));
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("query")
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--detail", action="store_true")
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(args.out, "search", "index.js")):
        sys.exit(f"{args.out}: no search/index.js (not a build with the sharded index)")
    node = shutil.which("node")
    if not node:
        sys.exit("node is needed (apt-get install nodejs)")
    run = subprocess.run([node, "-e", NODE_SCRIPT, args.out, args.query, str(args.limit)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(run.stderr)
    answer = json.loads(run.stdout)
    total = sum(size for _, size in answer["loaded"])
    if args.detail:
        for name, size in answer["loaded"]:
            print(f"{size:>10}  search/{name}.js", file=sys.stderr)
        print(f"{len(answer['loaded'])} files, {answer['results']} results shown; "
              f"assets/search.js ({os.path.getsize(os.path.join(args.out, 'assets', 'search.js'))} bytes)"
              " is loaded by every page and not counted", file=sys.stderr)
    print(total)


if __name__ == "__main__":
    main()
