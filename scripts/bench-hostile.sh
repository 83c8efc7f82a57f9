#!/usr/bin/env bash
# Times `tracemark` on pathological inputs at doubling sizes and prints the slope: the ratio
# of each time to the time at half the size. About 2.0 means linear, about 4.0 quadratic.
#
#   scripts/bench-hostile.sh                 # release build, sizes 1x 2x 4x, 3 runs each
#   TRACEMARK=target/debug/tracemark RUNS=1 SCALE=0.25 scripts/bench-hostile.sh
#
# Each figure is the median wall-clock time of RUNS runs of the command shown.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
SCALE=${SCALE:-1}
STEPS=${STEPS:-3}
if [ -z "${TRACEMARK:-}" ]; then
  cargo build --release --quiet
  TRACEMARK=target/release/tracemark
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# A minimal valid portal: one framework, one control, one policy, one risk.
base_portal() {
  local root=$1
  rm -rf "$root"
  mkdir -p "$root/content/frameworks" "$root/content/controls" "$root/content/policies" \
    "$root/content/risks"
  printf 'title: Bench\norganization: Bench Ltd\nframeworks: [mini]\n' >"$root/portal.yaml"
  printf 'framework: { id: mini, name: Mini, version: "1" }\ngroups:\n  - id: M.1\n    title: G\n    controls:\n      - { id: M.1.1, title: Policy }\n' \
    >"$root/content/frameworks/mini.yaml"
  printf 'controls:\n  - ref: mini:M.1.1\n    applicable: false\n    justification: Not needed\n' \
    >"$root/content/controls/soa.yaml"
  printf 'risks:\n  - id: RSK-1\n    title: A risk\n    owner: O\n    likelihood: 1\n    impact: 1\n    treatment: accept\n    acceptance: { by: O, date: 2026-01-01 }\n' \
    >"$root/content/risks/r.yaml"
}

policy() { # root, body file
  { printf -- '---\nid: POL-1\ntitle: Bench policy\nowner: O\n---\n'; cat "$2"; } \
    >"$1/content/policies/bench.md"
}

# Each generator writes a body of size n into $WORK/body.
gen_headings() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) print "## a\n" }' >"$WORK/body"; }
gen_links() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) print "[[RSK-1]]" }' >"$WORK/body"; }
gen_errors() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) print "[x](missing-" i ".md)\n" }' >"$WORK/body"; }
gen_errors_one_line() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "[x](missing-%d.md) ", i; print "" }' >"$WORK/body"; }
gen_deep_lists() { awk -v n="$1" 'BEGIN { s = ""; for (i = 0; i < n; i++) s = s "- "; print s "x" }' >"$WORK/body"; }
gen_deep_quotes() { awk -v n="$1" 'BEGIN { s = ""; for (i = 0; i < n; i++) s = s "> "; print s "x" }' >"$WORK/body"; }
gen_long_lines() { awk -v n="$1" 'BEGIN { s = ""; for (i = 0; i < n; i++) s = s "lorem *ipsum* [[RSK-1]] "; print s }' >"$WORK/body"; }
gen_tables() { awk -v n="$1" 'BEGIN { print "| a | b | c | d |\n|---|---|---|---|"; for (i = 0; i < n; i++) print "| " i " | `x` | **y** | [[RSK-1]] |" }' >"$WORK/body"; }

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

time_one() { # command... ; prints seconds, and the exit status to $WORK/status
  local start end status=0
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || status=$?
  end=$(date +%s.%N)
  echo "$status" >"$WORK/status"
  echo "$end - $start" | bc -l
}

bench() { # name, command (check|build), base size
  local name=$1 command=$2 base=$3 prev="" size t ratio
  local root="$WORK/portal"
  for step in $(seq 0 $((STEPS - 1))); do
    size=$(echo "$base * $SCALE * 2^$step / 1" | bc)
    base_portal "$root"
    "gen_$name" "$size"
    policy "$root" "$WORK/body"
    local args=("$command" --root "$root" --today 2026-11-28)
    [ "$command" = build ] && args+=(--out "$WORK/out")
    t=$(for _ in $(seq "$RUNS"); do time_one "$TRACEMARK" "${args[@]}"; done | median)
    if [ -n "$prev" ]; then
      ratio=$(printf '%.2f' "$(echo "$t / $prev" | bc -l)")
    else
      ratio="-"
    fi
    printf '%-15s %-6s %8d %6d KB %8.3f s  exit %s  slope %s\n' "$name" "$command" "$size" \
      $(($(wc -c <"$WORK/body") / 1024)) "$t" "$(cat "$WORK/status")" "$ratio"
    prev=$t
  done
}

printf '%-15s %-6s %8s %9s %10s  %-6s  %s\n' input stage size body median "" "slope (t / t at half size)"
bench headings build 20000
bench links check 50000
bench errors check 4000
bench errors_one_line check 4000
bench deep_lists build 5000
bench deep_quotes build 5000
bench long_lines build 20000
bench tables build 10000
