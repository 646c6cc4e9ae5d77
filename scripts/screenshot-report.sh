#!/usr/bin/env bash
# Renders `mock report --format html` for a folder of answers and takes a
# screenshot of it in headless Chromium, at desktop and at phone width.
#
#   scripts/screenshot-report.sh [ANSWERS_DIR] [OUT_DIR]
#
# Needs Debian's chromium package (apt-get install chromium). CI does not run
# this script; tests/report.rs checks the HTML's structure instead.
set -euo pipefail
answers="${1:-examples/ci/answers-repo/answers}"
out="${2:-target/report-screenshots}"
mkdir -p "$out"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "chromium is not installed: apt-get install chromium" >&2
  exit 2
fi
cargo run --quiet --release -- report "$answers" --format html --output "$out/report.html" || true
profile="$(mktemp -d)"
for size in 1280,1600 390,1800; do
  name="$out/report-${size%%,*}px.png"
  "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --window-size="$size" \
    --screenshot="$name" "file://$(realpath "$out/report.html")" 2>/dev/null
  echo "wrote $name"
done
rm -rf "$profile"
