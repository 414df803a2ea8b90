#!/bin/bash
# Browser test of the HTML report (issue 7): builds a store from the examples, writes two
# reports (every actor; a dyad by quarter), opens each in headless Chromium and checks that
#  - the page logged nothing to the console (no script error, no warning),
#  - the error trap of the page recorded nothing (no data-errors attribute),
#  - the script ran to its end (body data-ready = number of nodes),
#  - the chart (bars, Goldstein line) and the network (nodes, edges) are in the DOM,
#  - dragging a node (its edges follow), wheel zoom and hover tooltips work (the page's own
#    #selftest, driven by synthetic pointer and wheel events),
# then saves a screenshot of each next to the DOM dump in OUTDIR.
# Usage: html_report.sh ENTENTE EXAMPLES OUTDIR. Exits 77 (skipped) without /usr/bin/chromium.
set -uo pipefail
EXE=$1
EXAMPLES=$2
OUT=$3
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  echo "skipped: $CHROMIUM is not installed (Debian package chromium; scripts/setup.sh installs it)"
  exit 77
fi
mkdir -p "$OUT"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$EXE" ingest "$EXAMPLES" --dct 2023-06-02 --store "$work/s.db" -q || fail "ingest"
"$EXE" --store "$work/s.db" export --format html -o "$OUT/report.html" || fail "export all"
"$EXE" --store "$work/s.db" export --format html --actor CHN USA --by quarter --depth 1 \
  -o "$OUT/report-dyad.html" || fail "export dyad"
# Same input, same bytes.
"$EXE" --store "$work/s.db" export --format html -o "$work/again.html" || fail "export again"
cmp -s "$OUT/report.html" "$work/again.html" || fail "the report is not deterministic"
# Self-contained: nothing to fetch.
if grep -Eq '<(script|img|link|iframe)[^>]* (src|href)=|@import|url\(http' "$OUT/report.html"; then
  fail "the report refers to an outside resource"
fi

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --disable-dev-shm-usage --hide-scrollbars)
count() { grep -o "$1" "$2" | wc -l; }
for name in report report-dyad; do
  page="file://$OUT/$name.html"
  timeout 120 "$CHROMIUM" "${flags[@]}" --user-data-dir="$work/profile-$name" --enable-logging=stderr \
    --v=0 --dump-dom "$page" > "$OUT/$name.dom.html" 2> "$OUT/$name.chromium.log" ||
    fail "$name: chromium --dump-dom failed (see $OUT/$name.chromium.log)"
  if grep -q 'CONSOLE' "$OUT/$name.chromium.log"; then
    grep 'CONSOLE' "$OUT/$name.chromium.log"
    fail "$name: the page wrote to the console"
  fi
  head -c 400 "$OUT/$name.dom.html" | grep -q '<html[^>]*data-errors' && fail "$name: script errors"
  ready=$(grep -o 'data-ready="[0-9]*"' "$OUT/$name.dom.html" | grep -o '[0-9]*')
  [ -n "$ready" ] || fail "$name: the script did not finish (no data-ready)"
  bars=$(count 'class="bar q' "$OUT/$name.dom.html")
  nodes=$(count 'class="node"' "$OUT/$name.dom.html")
  edges=$(count 'class="edge"' "$OUT/$name.dom.html")
  svgs=$(count '<svg ' "$OUT/$name.dom.html")
  echo "$name: $svgs svg, $bars bars, $nodes nodes, $edges edges, script saw $ready nodes"
  [ "$svgs" -ge 2 ] || fail "$name: expected the chart and the network svg"
  [ "$bars" -gt 0 ] || fail "$name: the chart has no bars"
  grep -q 'class="goldstein"' "$OUT/$name.dom.html" || fail "$name: no Goldstein line"
  [ "$nodes" -gt 1 ] || fail "$name: the network has no nodes"
  [ "$edges" -gt 0 ] || fail "$name: the network has no edges"
  [ "$ready" = "$nodes" ] || fail "$name: the script saw $ready nodes, the DOM has $nodes"
  # Interaction: the page's own self-test drags a node, zooms and hovers (#selftest).
  timeout 120 "$CHROMIUM" "${flags[@]}" --user-data-dir="$work/selftest-$name" --enable-logging=stderr \
    --v=0 --dump-dom "$page#selftest" > "$OUT/$name.selftest.dom.html" 2> "$OUT/$name.selftest.log" ||
    fail "$name: chromium --dump-dom #selftest failed"
  grep -q 'CONSOLE' "$OUT/$name.selftest.log" && { grep CONSOLE "$OUT/$name.selftest.log"; fail "$name: console output in the self-test"; }
  selftest=$(grep -o 'data-selftest="[^"]*"' "$OUT/$name.selftest.dom.html")
  echo "$name: $selftest"
  for want in drag edges zoom tooltip; do
    echo "$selftest" | grep -qw "$want" || fail "$name: the self-test did not see $want working"
  done
  timeout 120 "$CHROMIUM" "${flags[@]}" --user-data-dir="$work/shot-$name" --window-size=1100,1500 \
    --screenshot="$OUT/$name.png" "$page" > /dev/null 2>&1 || fail "$name: screenshot failed"
  size=$(stat -c %s "$OUT/$name.png" 2>/dev/null || echo 0)
  [ "$size" -gt 20000 ] || fail "$name: the screenshot is empty ($size bytes)"
  echo "$name: screenshot $OUT/$name.png ($size bytes)"
done
echo "ok"
