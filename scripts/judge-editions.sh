#!/usr/bin/env bash
# Builds the example's three editions and runs every external judge on every page of each:
# check-html, check-links (and --file-url), check-a11y at 1280 and 390 px, and check-leaks on
# the public edition. Prints one line per judge and edition and exits 1 if any judge found
# something. The judges live outside this repository (JUDGES, default ../shared/tools).
#
#   scripts/judge-editions.sh                      # all three editions, every page
#   EDITIONS="public" A11Y_MAX=50 scripts/judge-editions.sh
set -uo pipefail

cd "$(dirname "$0")/.."
JUDGES=${JUDGES:-../shared/tools}
EDITIONS=${EDITIONS:-public internal auditor}
TODAY=${TODAY:-2026-11-28}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
[ -x "$JUDGES/check-html" ] || { echo "no judges in $JUDGES (set JUDGES=)" >&2; exit 2; }
[ -n "${TRACEMARK:-}" ] || { cargo build --release --quiet && TRACEMARK=target/release/tracemark; }

failed=0
judge() { # judge NAME EDITION COMMAND...
  local name=$1 edition=$2 log="$OUT/$2-$1.log"
  shift 2
  if "$@" >"$log" 2>&1; then status=PASS; else status=FAIL; failed=1; fi
  printf '%-8s %-22s %s  (%s)\n' "$edition" "$name" "$status" "$(grep -m1 -E 'Result|pages|errors' "$log" | cut -c1-80)"
}

for edition in $EDITIONS; do
  site="$OUT/$edition"
  rm -rf "$site"
  "$TRACEMARK" build --today "$TODAY" --audience "$edition" --out "$site" >"$OUT/$edition-build.log" 2>&1 ||
    { echo "$edition: build failed, see $OUT/$edition-build.log"; failed=1; continue; }
  a11y_max=()
  [ -n "${A11Y_MAX:-}" ] && a11y_max=(--max-pages "$A11Y_MAX")
  judge check-html "$edition" "$JUDGES/check-html" "$site"
  judge check-links "$edition" "$JUDGES/check-links" "$site"
  judge check-links-file "$edition" "$JUDGES/check-links" "$site" --file-url
  judge check-a11y-1280 "$edition" "$JUDGES/check-a11y" "$site" "${a11y_max[@]}"
  judge check-a11y-390 "$edition" "$JUDGES/check-a11y" "$site" --width 390 "${a11y_max[@]}"
  [ "$edition" = public ] && judge check-leaks "$edition" "$JUDGES/check-leaks" . "$site"
done
echo "logs in $OUT"
exit $failed
