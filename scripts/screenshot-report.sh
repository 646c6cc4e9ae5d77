#!/usr/bin/env bash
# Renders `mock report --format html --history` for a folder of answers and
# takes a screenshot of it in headless Chromium, at desktop and phone width.
# The practice history behind the progress charts is made up for the
# picture: the example answers of every question recorded as three attempts
# a week apart (weak, then partial, then strong), in a temporary database.
#
#   scripts/screenshot-report.sh [ANSWERS_DIR] [OUT_DIR]
#   MOCK_BIN=target/debug/mock scripts/screenshot-report.sh   # no release build
#
# Needs Debian's chromium package (apt-get install chromium). CI does not run
# this script; tests/report.rs checks the HTML's structure instead.
set -euo pipefail
cd "$(dirname "$0")/.."
answers="${1:-examples/ci/answers-repo/answers}"
out="${2:-target/report-screenshots}"
mkdir -p "$out"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "chromium is not installed: apt-get update && apt-get install -y chromium" >&2
  exit 2
fi
# MOCK_BIN=target/debug/mock skips the release build.
if [ -n "${MOCK_BIN:-}" ]; then
  mock="$(realpath "$MOCK_BIN")"
else
  cargo build --quiet --release
  mock="$PWD/target/release/mock"
fi
work="$(mktemp -d)"
profile="$(mktemp -d)"
trap 'rm -rf "$work" "$profile"' EXIT

# A made-up practice history: weak two weeks ago, partial a week ago, strong today.
now="$(date +%s)"
for round in weak partial strong; do
  MOCK_DB="$work/recorded.db" "$mock" score --record --format jsonl examples/answers/*/"$round".md >/dev/null
done
MOCK_DB="$work/recorded.db" "$mock" export \
  | awk -v now="$now" '{
      t = now
      if ($0 ~ /\/weak\.md"/) t = now - 14 * 86400
      else if ($0 ~ /\/partial\.md"/) t = now - 7 * 86400
      sub(/"started_at":[0-9]+/, "\"started_at\":" t)
      sub(/"ended_at":[0-9]+/, "\"ended_at\":" (t + 240))
      print
    }' >"$work/history.jsonl"
MOCK_DB="$work/history.db" "$mock" import "$work/history.jsonl" >/dev/null

MOCK_DB="$work/history.db" "$mock" report "$answers" --format html --history \
  --output "$out/report.html" || true
for size in 1280,2400 390,4200; do
  name="$out/report-${size%%,*}px.png"
  "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-quic --user-data-dir="$profile" --hide-scrollbars --window-size="$size" \
    --screenshot="$name" "file://$(realpath "$out/report.html")" 2>/dev/null
  echo "wrote $name"
done
