#!/usr/bin/env bash
# Build time and peak memory of synthetic portals: scripts/bench.sh [N ...] (default 1000 10000).
# Prints, per size, the pages written and the median wall time and peak RSS over 5 builds.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin=target/release/tracemark
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in "${@:-1000 10000}"; do
  python3 scripts/gen-portal.py "$work/p$n" "$n" >/dev/null
  times=(); rss=()
  for _ in 1 2 3 4 5; do
    line=$( { /usr/bin/time -f '%e %M' "$bin" build --root "$work/p$n" --today 2026-11-28 2>&1 >/dev/null; } | tail -1)
    times+=("${line% *}"); rss+=("${line#* }")
  done
  pages=$(find "$work/p$n/handbook" -name '*.html' | wc -l)
  med() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
  echo "N=$n pages=$pages median_seconds=$(med "${times[@]}") median_peak_rss_kb=$(med "${rss[@]}")"
done
