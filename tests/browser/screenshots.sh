#!/bin/sh
# Regenerates the report screenshots in docs/img from the shipped scenarios:
# the China and Europe plans and the China and Europe sweeps, run in full
# with a release build, each report shown by headless Chromium at a desktop
# (1400 px) and a phone (390 px) width from its map's section on (plus the
# China plan's plan.svg as china.svg).
#
#   tests/browser/screenshots.sh [OUT_DIR]      # default: docs/img
#
# The browser is $SITEPLAN_CHROMIUM, else chromium (Debian: apt-get install
# chromium). The runs go to target/screenshots/. The sweeps take a few
# minutes on two cores.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
img=${1:-docs/img}
chrome=${SITEPLAN_CHROMIUM:-chromium}
if ! "$chrome" --version >/dev/null 2>&1; then
  echo "skipped: no chromium (set SITEPLAN_CHROMIUM or install chromium)" >&2
  exit 0
fi
work=target/screenshots
mkdir -p "$work" "$img"
cargo build --release --quiet
bin=target/release/siteplan
"$bin" plan --config data/scenarios/china.toml --out "$work/china" --quiet
"$bin" plan --config data/scenarios/europe.toml --out "$work/europe" --quiet
"$bin" sweep --config data/scenarios/china_sweep.toml --out "$work/china-sweep" --quiet
"$bin" sweep --config data/scenarios/europe_sweep.toml --out "$work/europe-sweep" --quiet
# The README's static map is the China plan's plan.svg.
cp "$work/china/plan.svg" "$img/china.svg"
echo "wrote $img/china.svg"
for name in china europe china-sweep europe-sweep; do
  page="$root/$work/page-$name"
  rm -rf "$page"
  mkdir -p "$page"
  cp "$work/$name/report.html" "$page/report.html"
  cp tests/browser/shot.html "$page/shot.html"
  for shot in desktop:1400,1100 phone:390,1100; do
    suffix=${shot%%:*}
    size=${shot#*:}
    rm -f "$img/$name-$suffix.png"
    timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --no-first-run \
      --hide-scrollbars --allow-file-access-from-files --virtual-time-budget=20000 \
      --window-size="$size" --screenshot="$root/$img/$name-$suffix.png" \
      "file://$page/shot.html" >/dev/null 2>&1
    test -s "$img/$name-$suffix.png"
    echo "wrote $img/$name-$suffix.png"
  done
done
